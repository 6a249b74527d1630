# SPDX-License-Identifier: Apache-2.0
"""Run the CLI once, as the TLS test scripts do: no stdin, no sanitizer
report on stderr, exactly one JSON line on stdout. Returns (exit status,
the JSON object)."""
import json
import subprocess

SANITIZER_MARKS = ("AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer",
                   "runtime error:")


def run_cli(test, args, timeout):
    p = subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=timeout)
    err = p.stderr.decode("utf-8", "replace")
    for mark in SANITIZER_MARKS:
        test.assertNotIn(mark, err, "sanitizer report:\n" + err)
    text = p.stdout.decode("utf-8")
    test.assertTrue(text.endswith("\n") and text.count("\n") == 1,
                    "not one line: %r (stderr %r)" % (text, err))
    return p.returncode, json.loads(text)
