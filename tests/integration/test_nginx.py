#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The CLI through a real reverse proxy: nginx's own 504 and 502 pages after
the backend created the account must be "unknown_outcome" (exit 4), never
"http" (exit 3). Python 3 standard library only.

    test_nginx.py --cli BUILD/examples/provkit --certs BUILD/tests/certs
                  --dir BUILD/tests/nginx-5xx

nginx (Debian package) and a simulator of its own are started by
tests/integration/nginx/nginx_fixture.py with proxy_read_timeout 1s. For
each provider:
  504: knob delay_ms 2500: the simulator creates the account, then waits
       longer than proxy_read_timeout, so nginx answers 504 Gateway Time-out;
  502: knob close_after_request: the simulator creates the account and
       closes without a byte of answer, so nginx answers 502 Bad Gateway.
Checked for every run: exit 4, status "unknown_outcome", http_status 504 /
502, cause "http_status", a message that says the account may exist; the
account is in the simulator; the simulator saw the request exactly once
(nginx did not retry the POST), and nginx's access log shows one upstream
attempt. A negative control, /retry/ (proxy_next_upstream ... non_idempotent
over a two-server upstream), shows that a retried POST is visible in those
same records, so the "exactly once" check can fail.
Exit 77 (ctest SKIP_RETURN_CODE) when nginx is not installed.
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "nginx"))
from nginx_fixture import NginxFixture, FixtureError, find_nginx, SKIP  # noqa: E402

CLI_TIMEOUT_MS = 10000      # the CLI's own deadline: far above nginx's 1 s
PROXY_READ_TIMEOUT = "1s"
DELAY_MS = 2500             # the simulator's delay: 1.5 s past nginx's timeout
SANITIZER_MARKS = ("AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer",
                   "runtime error:")
PATHS = {"oempro": "/api.php", "plesk": "/RPC2", "smspartner": "/v1/subaccount/create"}


def provider_args(provider, tag):
    """Valid arguments (as test_cli.py uses them) naming a unique account."""
    if provider == "oempro":
        return ["SessionID=sim-session", "ClientName=Nginx %s" % tag,
                "ClientUsername=ngx_%s" % tag, "ClientPassword=pw-%s" % tag,
                "ClientEmailAddress=ngx.%s@example.com" % tag]
    if provider == "plesk":
        return ["AuthInfo.login=sim-api", "AuthInfo.password=sim-secret",
                "login=ngx_%s" % tag, "firstName=F", "lastName=L", "company=C",
                "address=A", "email=ngx.%s@example.com" % tag, "phone=1", "city=C",
                "zip=20171", "state=VA", "country=US"]
    return ["apiKey=sim-sms-key", "type=advanced", "email=ngx.%s@example.com" % tag,
            "isBuyer=1"]


def account_exists(accounts, provider, tag):
    if provider == "oempro":
        return any(a.get("ClientUsername") == "ngx_%s" % tag for a in accounts["oempro"])
    if provider == "plesk":
        return any(a.get("login") == "ngx_%s" % tag for a in accounts["plesk"])
    return any(a.get("email") == "ngx.%s@example.com" % tag for a in accounts["sms"])


class Run:
    def __init__(self, fx, cli, failures):
        self.fx, self.cli, self.failures = fx, cli, failures

    def check(self, cond, what):
        if not cond:
            self.failures.append(what)
        return cond

    def session_ctl(self, session, method, path, obj=None):
        st, res = self.fx.sim(method, "/s/%s%s" % (session, path), obj)
        if st != 200:
            raise FixtureError("simulator %s %s: %d %r" % (method, path, st, res))
        return res

    def records(self, session, provider):
        return self.session_ctl(session, "GET", "/_sim/requests?provider=%s" % provider)

    def cli_run(self, provider, url, args):
        cmd = [self.cli, provider, "--url", url, "--ca-file", self.fx.ca,
               "--timeout-ms", str(CLI_TIMEOUT_MS)] + args
        t0 = time.monotonic()
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=30)
        took = time.monotonic() - t0
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        for mark in SANITIZER_MARKS:
            self.check(mark not in err, "%s: sanitizer report:\n%s" % (provider, err))
        obj = {}
        if self.check(out.endswith("\n") and out.count("\n") == 1,
                      "%s: stdout is not one line: %r (stderr %r)" % (provider, out, err)):
            try:
                obj = json.loads(out)
            except ValueError:
                self.check(False, "%s: stdout is not JSON: %r" % (provider, out))
        return p.returncode, obj, took

    def access_lines(self, session):
        return [line for line in self.fx.read("access.log").splitlines()
                if "/s/%s/" % session in line]


def gateway_case(run, provider, want, tag):
    """One provider, one gateway status (504 or 502). Returns a table row."""
    session = "ngx%d-%s-%d" % (os.getpid(), provider, want)
    run.session_ctl(session, "POST", "/_sim/reset")
    knobs = {"delay_ms": DELAY_MS} if want == 504 else {"close_after_request": True}
    run.session_ctl(session, "POST", "/_sim/knobs", knobs)
    url = "https://localhost:%d/s/%s%s" % (run.fx.port, session, PATHS[provider])
    rc, obj, took = run.cli_run(provider, url, provider_args(provider, tag))
    name = "%s %d" % (provider, want)
    run.check(rc == 4, "%s: exit %d, want 4: %r" % (name, rc, obj))
    run.check(obj.get("status") == "unknown_outcome",
              "%s: status %r, want unknown_outcome: %r" % (name, obj.get("status"), obj))
    run.check(obj.get("ok") is False, "%s: ok is not false: %r" % (name, obj))
    run.check(obj.get("http_status") == want,
              "%s: http_status %r, want %d" % (name, obj.get("http_status"), want))
    run.check(obj.get("cause") == "http_status",
              "%s: cause %r, want http_status" % (name, obj.get("cause")))
    msg = obj.get("message", "")
    run.check(isinstance(msg, str) and re.search(r"\bmay\b", msg, re.I) is not None,
              "%s: the message does not say the account may exist: %r" % (name, msg))
    accounts = run.session_ctl(session, "GET", "/_sim/accounts")
    exists = account_exists(accounts, provider, tag)
    run.check(exists, "%s: the account is not in the simulator" % name)
    recs = run.records(session, provider)
    run.check(len(recs) == 1, "%s: the simulator saw %d requests, want 1" % (name, len(recs)))
    run.check(all(r["knobs"] == knobs for r in recs),
              "%s: knobs used %r" % (name, [r["knobs"] for r in recs]))
    return {"name": name, "provider": provider, "want": want, "session": session,
            "rc": rc, "status": obj.get("status"), "http_status": obj.get("http_status"),
            "cause": obj.get("cause"), "exists": exists, "took": took,
            "message": msg, "t_end": time.monotonic()}


def retry_control(run):
    """/retry/: two upstream servers and non_idempotent: the POST goes twice."""
    session = "ngx%d-retry-control" % os.getpid()
    run.session_ctl(session, "POST", "/_sim/reset")
    run.session_ctl(session, "POST", "/_sim/knobs", {"close_after_request": True})
    url = "https://localhost:%d/retry/s/%s%s" % (run.fx.port, session, PATHS["smspartner"])
    rc, obj, _ = run.cli_run("smspartner", url, provider_args("smspartner", "retry"))
    recs = run.records(session, "smspartner")
    run.check(len(recs) == 2, "negative control: the simulator saw %d requests, want 2 "
              "(a non_idempotent retry)" % len(recs))
    lines = [line for line in run.fx.read("access.log").splitlines()
             if "/retry/s/%s/" % session in line]
    up = re.findall(r'up_status="([^"]*)"', lines[-1]) if lines else []
    run.check(up and "," in up[0],
              "negative control: nginx logged no second attempt: %r" % lines)
    print("negative control /retry/ (non_idempotent, 2 servers): simulator saw %d requests; "
          "nginx upstream statuses %s; the CLI said %s (exit %d, code %r): the first "
          "attempt created the account, the retry was refused as a duplicate"
          % (len(recs), up[0] if up else "?", obj.get("status"), rc, obj.get("code")))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cli", required=True)
    ap.add_argument("--certs", required=True)
    ap.add_argument("--dir", required=True)
    a = ap.parse_args(argv)
    if find_nginx() is None:
        print("SKIP: nginx is not installed (Debian package nginx; tests/run.sh installs it)")
        return SKIP
    # A ctest timeout or ^C still stops nginx and the simulator (the with below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    t_start = time.monotonic()
    failures = []
    rows = []
    with NginxFixture(a.dir, a.certs, proxy_read_timeout=PROXY_READ_TIMEOUT,
                      lifetime=180) as fx:
        run = Run(fx, os.path.abspath(a.cli), failures)
        for provider in ("oempro", "plesk", "smspartner"):
            for want in (504, 502):
                rows.append(gateway_case(run, provider, want, "%s%d" % (provider[:3], want)))
        retry_control(run)
        # A retry would reach the simulator at once; a late one could only come
        # after the delayed answers. Look again once every delay has run out.
        last_504 = max(r["t_end"] - r["took"] for r in rows if r["want"] == 504)
        time.sleep(max(0.0, last_504 + DELAY_MS / 1000.0 + 0.5 - time.monotonic()))
        for r in rows:
            n = len(run.records(r["session"], r["provider"]))
            run.check(n == 1, "%s: after the delays the simulator saw %d requests" % (r["name"], n))
            lines = run.access_lines(r["session"])
            m = re.search(r'" (\d{3}) up_status="([^"]*)"', lines[-1]) if lines else None
            r["nginx"] = "%s/%s" % (m.group(1), m.group(2)) if m else "?"
            run.check(len(lines) == 1 and m is not None and m.group(1) == str(r["want"])
                      and "," not in m.group(2),
                      "%s: nginx access log: %r" % (r["name"], lines))
            r["sim_requests"] = n
        diagnostics = fx.diagnostics() if failures else ""

    print("\n%-11s %-4s %-5s %-16s %-12s %-13s %-15s %-12s %s" % (
        "provider", "gw", "exit", "status", "http_status", "cause", "account exists",
        "sim requests", "nginx status/upstream"))
    for r in rows:
        print("%-11s %-4d %-5d %-16s %-12s %-13s %-15s %-12s %s" % (
            r["provider"], r["want"], r["rc"], r["status"], r["http_status"], r["cause"],
            "yes" if r["exists"] else "NO", r["sim_requests"], r["nginx"]))
    print("messages: " + "; ".join(sorted(set(r["message"] for r in rows))))
    print("wall time %.1f s" % (time.monotonic() - t_start))
    if failures:
        sys.stdout.write(diagnostics)
        print("\nFAILED (%d):\n  %s" % (len(failures), "\n  ".join(failures)))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
