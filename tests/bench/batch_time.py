#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Run one command and measure it, for tests/bench/batch.sh.

    batch_time.py OUTFILE CMD ARG...

Runs CMD (standard input, output and error inherited) and writes one line to
OUTFILE:

    WALL_S USER_S SYS_S MAXRSS_KIB EXIT_STATUS

WALL_S from a monotonic clock around the whole life of the process (start-up
included); USER_S, SYS_S and MAXRSS_KIB from wait4(2) for that process alone
(with any children it reaped itself), in microseconds rather than the
centiseconds of /usr/bin/time. EXIT_STATUS is the command's, or 128 + the
signal that ended it; this script exits with it too. Python 3 standard
library only.
"""

import os
import subprocess
import sys
import time


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: batch_time.py OUTFILE CMD ARG...\n")
        return 2
    out, cmd = argv[1], argv[2:]
    t0 = time.monotonic()
    try:
        proc = subprocess.Popen(cmd)
    except OSError as e:
        sys.stderr.write("batch_time.py: %s: %s\n" % (cmd[0], e))
        with open(out, "w") as f:
            f.write("0 0 0 0 127\n")
        return 127
    while True:
        try:
            _, status, ru = os.wait4(proc.pid, 0)
            break
        except InterruptedError:
            continue
    wall = time.monotonic() - t0
    proc.returncode = 0  # reaped here: keep Popen from waiting again
    rc = os.waitstatus_to_exitcode(status)
    if rc < 0:
        rc = 128 - rc
    with open(out, "w") as f:
        f.write("%.6f %.6f %.6f %d %d\n" % (wall, ru.ru_utime, ru.ru_stime, ru.ru_maxrss, rc))
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv))
