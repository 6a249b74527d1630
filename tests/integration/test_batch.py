#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""provkit batch against the provider simulator (fixtures "sim", "certs").

    test_batch.py --cli PATH --port-file FILE --ca PEM --dir DIR [--kills 20]

1. The contract: RFC 4180 input (quoted commas, quotes, line breaks, UTF-8),
   RESULTS.csv in input order with the single-mode fields, exit 1 for a
   refused or invalid row, usage errors (exit 2, nothing sent) for an
   unknown column or an unreadable file, a rerun that sends nothing.
2. Crash safety: a batch of 200 Plesk rows, killed with SIGKILL at random
   moments (--kills, default 20) and rerun after each kill, then run to
   the end. In the end every row has exactly one result, the simulator got
   every row's request at most once, and every row whose request may have
   reached it is created or unknown_outcome. The counts are printed.
Each part uses its own simulator session.
"""
import argparse
import csv
import io
import json
import os
import random
import shutil
import signal
import ssl
import subprocess
import sys
import time
import urllib.request
import re
import xmlrpc.client

ARGS = None
SANITIZER_MARKS = ("AddressSanitizer", "LeakSanitizer", "runtime error:")


def sim_get(session, path):
    ctx = ssl.create_default_context(cafile=ARGS.ca)
    url = "https://localhost:%d/s/%s%s" % (ARGS.port, session, path)
    with urllib.request.urlopen(url, context=ctx, timeout=20) as r:
        return json.loads(r.read().decode("utf-8"))


def sim_post(session, path, obj):
    ctx = ssl.create_default_context(cafile=ARGS.ca)
    url = "https://localhost:%d/s/%s%s" % (ARGS.port, session, path)
    req = urllib.request.Request(url, data=json.dumps(obj).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, context=ctx, timeout=20) as r:
        return r.read()


def sim_requests(session):
    """The simulator's records of createClient calls: ClientInfo login -> count."""
    got = {}
    for rec in sim_get(session, "/_sim/requests?provider=plesk"):
        body = rec.get("body", "")
        try:
            params, _ = xmlrpc.client.loads(body.encode("utf-8"))
            login = params[1].get("login")
        except Exception:  # a body cut short: the ClientInfo login, the last one
            logins = re.findall(r"<name>login</name><value><string>([^<]*)", body)
            login = logins[-1] if len(logins) > 1 else None
        got[login] = got.get(login, 0) + 1
    return got


def batch(session, inp, out, extra=(), timeout=120):
    cmd = [ARGS.cli, "batch", "plesk", "--url",
           "https://localhost:%d/s/%s/RPC2" % (ARGS.port, session),
           "--ca-file", ARGS.ca, "--in", inp, "--out", out,
           "AuthInfo.login=sim-api", "AuthInfo.password=@" + ARGS.secret] + list(extra)
    return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def finish(p, timeout=120):
    out, err = p.communicate(timeout=timeout)
    err = err.decode("utf-8", "replace")
    for mark in SANITIZER_MARKS:
        assert mark not in err, "sanitizer report:\n" + err
    return p.returncode, out.decode("utf-8", "replace"), err


def rows_csv(n, prefix):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["login", "password", "firstName", "lastName", "company", "address",
                "email", "phone", "city", "zip", "state", "country"])
    for i in range(1, n + 1):
        w.writerow(["%s%03d" % (prefix, i), "pw-%03d-secret" % i, "Jane", "Doe",
                    "Acme, Inc.", "1 Main St", "%s%03d@example.com" % (prefix, i),
                    "555", "Town", "20171", "VA", "US"])
    return buf.getvalue()


def read_results(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def part_contract(d):
    session = "batch-contract-%d" % os.getpid()
    inp = os.path.join(d, "contract.csv")
    out = os.path.join(d, "contract-results.csv")
    with open(inp, "w", encoding="utf-8", newline="") as f:
        f.write("login,password,firstName,lastName,company,address,email,phone,city,zip,"
                "state,country\r\n"
                'c1,pw123456,"Zoë ""Z""",Doe,"Acme, Inc.","1 Main St\nSuite 2",'
                "c1@example.com,555,Town,20171,VA,US\r\n"
                "taken,pw123456,T,K,Acme,1 Main,t@example.com,555,Town,20171,VA,US\r\n"
                "c3,pw123456,Bad,Zip,Acme,1 Main,c3@example.com,555,Town,ABCDE,VA,US\r\n")
    rc, _, err = finish(batch(session, inp, out))
    check(rc == 1, "exit %d, want 1 (a refused and an invalid row): %s" % (rc, err))
    res = read_results(out)
    check([r["row"] for r in res] == ["1", "2", "3"], "rows %r" % res)
    check(res[0]["status"] == "created" and res[0]["code"] == "100"
          and res[0]["login"] == "c1" and res[0]["http_status"] == "200", "row 1 %r" % res[0])
    check(res[1]["status"] == "rejected" and res[1]["code"] == "251", "row 2 %r" % res[1])
    check(res[2]["status"] == "invalid" and res[2]["field"] == "zip", "row 3 %r" % res[2])
    check(oct(os.stat(out).st_mode & 0o777) == "0o600", "RESULTS.csv is not 0600")
    accounts = sim_get(session, "/_sim/accounts")["plesk"]
    mine = [a for a in accounts if (a.get("login") if isinstance(a, dict) else a) == "c1"]
    check(mine, "c1 not created: %r" % accounts)
    if isinstance(mine[0], dict):
        check(mine[0].get("firstName") == 'Zoë "Z"', "firstName %r" % mine[0])
        check(mine[0].get("address") == "1 Main St\nSuite 2", "address %r" % mine[0])
    # the progress/summary line
    check("3 rows: 1 created, 2 refused" in err, "summary: %r" % err)
    # a rerun with the same arguments sends nothing and gives the same file
    before = sim_requests(session)
    rc2, _, _ = finish(batch(session, inp, out))
    check(rc2 == 1 and read_results(out) == res, "rerun differs")
    check(sim_requests(session) == before, "the rerun sent requests")
    # usage errors: exit 2, nothing sent
    bad = os.path.join(d, "bad.csv")
    with open(bad, "w") as f:
        f.write("login,nickname\r\nx,y\r\n")
    for inp2, want in ((bad, "unknown column nickname"),
                       (os.path.join(d, "missing.csv"), "cannot be read")):
        rc3, line, err3 = finish(batch(session, inp2, os.path.join(d, "u.csv")))
        check(rc3 == 2, "exit %d, want 2 for %s" % (rc3, want))
        check(want in json.loads(line)["message"], "message %r" % line)
        check(not os.path.exists(os.path.join(d, "u.csv")), "results written on a usage error")
    check(sim_requests(session) == before, "a usage error sent requests")
    # nothing listens on port 1: every valid row is not delivered (exit 3),
    # its message naming the host, the port and the system's reason
    out4 = os.path.join(d, "refused.csv")
    cmd = [ARGS.cli, "batch", "plesk", "--url", "https://localhost:1/RPC2", "--ca-file", ARGS.ca,
           "--in", inp, "--out", out4, "AuthInfo.login=sim-api",
           "AuthInfo.password=@" + ARGS.secret]
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    rc4, _, err4 = finish(p)
    check(rc4 == 3, "exit %d, want 3 (not delivered): %s" % (rc4, err4))
    res4 = read_results(out4)
    check([r["status"] for r in res4] == ["network", "network", "invalid"], "refused %r" % res4)
    check(res4[0]["message"].startswith("cannot connect to localhost port 1: "),
          "message %r" % res4[0]["message"])
    # a server that answers after the deadline: the rows in flight end at
    # their deadline as unknown_outcome (exit 4), the batch does not hang
    slow = "batch-slow-%d" % os.getpid()
    sim_post(slow, "/_sim/knobs", {"delay_ms": 5000, "times": 0})
    out5 = os.path.join(d, "slow.csv")
    t0 = time.monotonic()
    rc5, _, err5 = finish(batch(slow, inp, out5, ["--timeout-ms", "300"]), timeout=60)
    took = time.monotonic() - t0
    check(rc5 == 4, "exit %d, want 4 (unknown outcome): %s" % (rc5, err5))
    res5 = read_results(out5)
    check([r["status"] for r in res5] == ["unknown_outcome", "unknown_outcome", "invalid"],
          "slow %r" % res5)
    check(took < 4, "a batch of rows timed out at 300 ms took %.1f s" % took)
    print("contract: 3 rows (created, rejected 251, invalid zip), rerun sent 0, "
          "usage errors exit 2, a refused connection exit 3, deadlines exit 4")


def part_kills(d):
    session = "batch-kill-%d" % os.getpid()
    n = 200
    inp = os.path.join(d, "kill.csv")
    out = os.path.join(d, "kill-results.csv")
    with open(inp, "w", encoding="utf-8", newline="") as f:
        f.write(rows_csv(n, "k"))
    rng = random.Random(int(os.environ.get("PROVKIT_KILL_SEED", "4242")))
    sim_post(session, "/_sim/knobs", {"delay_ms": 25, "times": 0})
    kills = 0
    runs = 0
    # Each kill lands while rows are in flight: once the run has written
    # to the journal (an intent group or a result), after a random 0-40 ms
    # more. Every answer waits 25 ms and two connections run, so the whole
    # batch takes seconds and the 20 kills cannot run out of rows.
    journal = out + ".journal"
    while kills < ARGS.kills:
        size0 = os.path.getsize(journal) if os.path.exists(journal) else 0
        p = batch(session, inp, out, ["--concurrency", "2"])
        runs += 1
        t_end = time.monotonic() + 30
        while p.poll() is None and time.monotonic() < t_end:
            if os.path.exists(journal) and os.path.getsize(journal) > size0:
                break
            time.sleep(0.002)
        time.sleep(rng.uniform(0.0, 0.04))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            kills += 1
        p.communicate(timeout=60)
        check(runs < 4 * ARGS.kills, "the batch ended before %d kills" % ARGS.kills)
    rc, _, err = finish(batch(session, inp, out, ["--concurrency", "4"]))
    runs += 1
    check(rc in (0, 4), "final exit %d: %s" % (rc, err))
    res = read_results(out)
    check([r["row"] for r in res] == [str(i) for i in range(1, n + 1)],
          "not exactly one result per row, in order")
    seen = sim_requests(session)
    twice = {k: v for k, v in seen.items() if v > 1}
    check(not twice, "requests received twice: %r" % twice)
    statuses = {}
    for r in res:
        statuses[r["status"]] = statuses.get(r["status"], 0) + 1
        login = "k%03d" % int(r["row"])
        if login in seen:
            check(r["status"] in ("created", "unknown_outcome"),
                  "row %s reached the simulator but is %s" % (r["row"], r["status"]))
        if r["status"] == "created":
            check(seen.get(login) == 1, "row %s created but not received once" % r["row"])
    check(set(statuses) <= {"created", "unknown_outcome"}, "statuses %r" % statuses)
    print("kills: %d SIGKILLs over %d runs; %d rows, each with one result: %s; "
          "the simulator received %d requests, none twice; %d rows never sent"
          % (kills, runs, n, ", ".join("%s %d" % kv for kv in sorted(statuses.items())),
             sum(seen.values()), n - len(seen)))


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--ca", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--kills", type=int, default=20)
    ARGS = ap.parse_args()
    with open(ARGS.port_file) as f:
        ARGS.port = int(f.read().strip())
    shutil.rmtree(ARGS.dir, ignore_errors=True)
    os.makedirs(ARGS.dir)
    ARGS.secret = os.path.join(ARGS.dir, "api-password")
    with open(ARGS.secret, "w") as f:
        f.write("sim-secret\n")
    part_contract(ARGS.dir)
    part_kills(ARGS.dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
