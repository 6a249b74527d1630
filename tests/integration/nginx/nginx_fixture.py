#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""nginx as a test fixture: a TLS reverse proxy on 127.0.0.1 in front of a
provider simulator of its own. Python 3 standard library only.

As a module (tests/integration/test_nginx.py):

    with NginxFixture(workdir, certdir, proxy_read_timeout="1s") as fx:
        fx.port, fx.sim_port      # nginx (TLS, host "localhost"), simulator (plain HTTP)
        fx.sim("GET", "/s/x/_sim/accounts")      # control API, straight to the simulator

As a launcher around a test program (tests/cmake/nginx.cmake):

    nginx_fixture.py --dir DIR --certs CERTDIR [--keepalive-timeout 800ms]
                     [--proxy-read-timeout 30s] [--deadline 100] -- CMD ARG...

runs CMD with @NGINX_PORT@ and @SIM_PORT@ replaced in its arguments (and
PROVKIT_NGINX_PORT / PROVKIT_SIM_PORT in its environment), and exits with
CMD's status. Exit 77 (ctest SKIP_RETURN_CODE) when nginx is not installed.

What it starts, all under DIR (emptied first; left in place for a look after
a failure):
  - the simulator, with tests/sim/start.sh in DIR/sim, over plain HTTP
    (nginx terminates TLS, as a deployment in front of a backend does; the
    SDK's side of the proxy is TLS with the shared test PKI), with a
    lifetime of its own so it never outlives a killed test for long;
  - nginx, from nginx.conf.in rendered to DIR/nginx.conf, on a port found
    free at start (retried if someone takes it first), in the foreground
    (daemon off) as our child, with pid, logs, lock and temp paths in DIR.
    As root, the workers run as the owner of DIR (root in CI), so they can
    always reach their temp paths; as another user no "user" line is written.
Both are stopped at the end, on failure too: nginx by SIGTERM (then SIGKILL
after 5 s), the simulator by tests/sim/stop.sh. nginx is also given
PR_SET_PDEATHSIG, so it dies with this process even if this one is killed.
"""

import argparse
import ctypes
import grp
import http.client
import json
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SIM_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "sim"))
TEMPLATE = os.path.join(HERE, "nginx.conf.in")
SKIP = 77


def find_nginx():
    """The nginx binary, or None. /usr/sbin is not on a normal user's PATH."""
    env = os.environ.get("PROVKIT_NGINX")
    if env:
        return env if os.access(env, os.X_OK) else None
    found = shutil.which("nginx")
    if found:
        return found
    for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"):
        if os.access(p, os.X_OK):
            return p
    return None


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
    finally:
        s.close()


def _die_with_parent():
    """preexec_fn: SIGTERM this child when the process that started it dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class FixtureError(RuntimeError):
    pass


class NginxFixture:
    def __init__(self, workdir, certdir, keepalive_timeout="75s", proxy_read_timeout="60s",
                 lifetime=300, python=None, log=sys.stderr):
        self.dir = os.path.abspath(workdir)
        self.certdir = os.path.abspath(certdir)
        self.ca = os.path.join(self.certdir, "ca.pem")
        self.keepalive_timeout = keepalive_timeout
        self.proxy_read_timeout = proxy_read_timeout
        self.lifetime = int(lifetime)
        self.python = python or sys.executable
        self.log = log
        self.nginx = find_nginx()
        self.proc = None
        self.port = None
        self.sim_port = None
        self.sim_state = os.path.join(self.dir, "sim")
        self.sim_started = False

    # ---- lifecycle ---------------------------------------------------------
    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self):
        if self.nginx is None:
            raise FixtureError("nginx is not installed")
        for f in ("server.pem", "server.key", "ca.pem"):
            if not os.path.isfile(os.path.join(self.certdir, f)):
                raise FixtureError("no %s in %s (run tests/sim/make_certs.sh)" % (f, self.certdir))
        if os.path.isdir(self.dir):
            self._stop_leftovers()
            shutil.rmtree(self.dir)
        os.makedirs(os.path.join(self.dir, "temp"))
        self._start_sim()
        self._start_nginx()

    def stop(self):
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()          # nginx: SIGTERM = fast shutdown
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(5)
            self.proc = None
        if self.sim_started:
            subprocess.run(["sh", os.path.join(SIM_DIR, "stop.sh"), self.sim_state],
                           stdin=subprocess.DEVNULL, timeout=30)
            self.sim_started = False

    def _stop_leftovers(self):
        """A run that was killed (SIGKILL leaves no chance to clean up) may
        have left its simulator, or in the worst case its nginx, running from
        this directory: stop them before their pid files are deleted."""
        if os.path.isfile(os.path.join(self.sim_state, "pid")):
            subprocess.run(["sh", os.path.join(SIM_DIR, "stop.sh"), self.sim_state],
                           stdin=subprocess.DEVNULL, timeout=30)
        try:
            with open(os.path.join(self.dir, "nginx.pid")) as f:
                pid = int(f.read().strip())
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                cmdline = f.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return
        # Only an nginx master running this very configuration.
        if "nginx" in cmdline and os.path.join(self.dir, "nginx.conf") in cmdline:
            os.kill(pid, signal.SIGTERM)
            for _ in range(50):
                if not os.path.exists("/proc/%d" % pid):
                    break
                time.sleep(0.1)

    # ---- the simulator -----------------------------------------------------
    def _start_sim(self):
        env = dict(os.environ, PYTHON=self.python)
        p = subprocess.run(
            ["sh", os.path.join(SIM_DIR, "start.sh"), self.sim_state, self.certdir,
             "--plain-http", "--max-seconds", str(self.lifetime),
             "--idle-seconds", str(min(self.lifetime, 120))],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=env, timeout=30)
        self.sim_started = True   # stop.sh is harmless if it did not come up
        if p.returncode != 0:
            raise FixtureError("simulator did not start:\n" + p.stderr.decode("utf-8", "replace"))
        self.sim_port = int(p.stdout.decode().strip())

    def sim(self, method, path, obj=None):
        """The simulator's control API, directly (not through nginx)."""
        c = http.client.HTTPConnection("127.0.0.1", self.sim_port, timeout=10)
        try:
            body = json.dumps(obj).encode() if obj is not None else None
            c.request(method, path, body=body, headers={"Content-Type": "application/json"})
            r = c.getresponse()
            return r.status, json.loads(r.read())
        finally:
            c.close()

    # ---- nginx ---------------------------------------------------------------
    def _user_line(self):
        if os.geteuid() != 0:
            return "# not root: the workers run as the user who started nginx"
        st = os.stat(self.dir)
        user = pwd.getpwuid(st.st_uid).pw_name
        group = grp.getgrgid(st.st_gid).gr_name
        return "user %s %s;  # the owner of this directory" % (user, group)

    def _render(self, port):
        with open(TEMPLATE, encoding="utf-8") as f:
            text = f.read()
        subst = {"@USER_LINE@": self._user_line(), "@DIR@": self.dir, "@PORT@": str(port),
                 "@SIM_PORT@": str(self.sim_port),
                 "@CERT@": os.path.join(self.certdir, "server.pem"),
                 "@KEY@": os.path.join(self.certdir, "server.key"),
                 "@KEEPALIVE_TIMEOUT@": self.keepalive_timeout,
                 "@PROXY_READ_TIMEOUT@": self.proxy_read_timeout}
        for k, v in subst.items():
            text = text.replace(k, v)
        if "@" in "".join(line.split("#")[0] for line in text.splitlines()):
            raise FixtureError("unreplaced marker in the nginx template")
        conf = os.path.join(self.dir, "nginx.conf")
        with open(conf, "w", encoding="utf-8") as f:
            f.write(text)
        return conf

    def _start_nginx(self):
        last = ""
        for _ in range(5):
            port = free_port()
            conf = self._render(port)
            for f in ("error.log", "access.log", "nginx.out"):
                open(os.path.join(self.dir, f), "w").close()
            out = open(os.path.join(self.dir, "nginx.out"), "wb")
            try:
                self.proc = subprocess.Popen(
                    [self.nginx, "-p", self.dir + "/", "-c", conf,
                     "-e", os.path.join(self.dir, "error.log"), "-g", "daemon off;"],
                    stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                    preexec_fn=_die_with_parent)
            finally:
                out.close()
            if self._wait_ready(port):
                self.port = port
                self.log.write("nginx %s on https://localhost:%d (pid %d) -> simulator "
                               "http://127.0.0.1:%d; keepalive_timeout %s, "
                               "proxy_read_timeout %s; files in %s\n"
                               % (self.version(), port, self.proc.pid, self.sim_port,
                                  self.keepalive_timeout, self.proxy_read_timeout, self.dir))
                return
            last = self.diagnostics()
            self.stop_nginx_only()
            if "Address already in use" not in last:
                break
        raise FixtureError("nginx did not start:\n" + last)

    def stop_nginx_only(self):
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait(5)
            self.proc = None

    def _wait_ready(self, port, limit=15.0):
        """True once a GET through nginx reaches the simulator."""
        ctx = ssl.create_default_context(cafile=self.ca)
        end = time.monotonic() + limit
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                return False
            c = http.client.HTTPSConnection("localhost", port, context=ctx, timeout=2)
            try:
                c.request("GET", "/_sim/health")
                r = c.getresponse()
                if r.status == 200 and json.loads(r.read()).get("ok") is True:
                    return True
            except (OSError, ValueError, http.client.HTTPException):
                pass
            finally:
                c.close()
            time.sleep(0.05)
        return False

    def version(self):
        p = subprocess.run([self.nginx, "-v"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        return p.stdout.decode("utf-8", "replace").strip().split("/")[-1]

    def read(self, name):
        try:
            with open(os.path.join(self.dir, name), encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def diagnostics(self):
        return "---- nginx output ----\n%s---- error.log ----\n%s" % (
            self.read("nginx.out"), self.read("error.log"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dir", required=True, help="work directory (emptied)")
    ap.add_argument("--certs", required=True, help="test PKI (tests/sim/make_certs.sh)")
    ap.add_argument("--keepalive-timeout", default="75s")
    ap.add_argument("--proxy-read-timeout", default="60s")
    ap.add_argument("--deadline", type=float, default=100,
                    help="seconds before CMD is killed (keep below the ctest TIMEOUT)")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args(argv)
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    if not cmd:
        ap.error("no command to run")
    if find_nginx() is None:
        print("SKIP: nginx is not installed (Debian package nginx; tests/run.sh installs it)")
        return SKIP
    # A ctest timeout or ^C still stops nginx and the simulator.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    fx = NginxFixture(a.dir, a.certs, a.keepalive_timeout, a.proxy_read_timeout,
                      lifetime=a.deadline + 60)
    p = None
    try:
        fx.start()
        subst = {"@NGINX_PORT@": str(fx.port), "@SIM_PORT@": str(fx.sim_port)}
        args = []
        for x in cmd:
            for k, v in subst.items():
                x = x.replace(k, v)
            args.append(x)
        env = dict(os.environ, PROVKIT_NGINX_PORT=str(fx.port),
                   PROVKIT_SIM_PORT=str(fx.sim_port))
        sys.stdout.flush()
        p = subprocess.Popen(args, env=env)
        try:
            rc = p.wait(a.deadline)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            print("nginx_fixture: %s killed after %.0f s" % (args[0], a.deadline))
            rc = 1
        if rc != 0:
            sys.stdout.write(fx.diagnostics())
        return rc
    except FixtureError as e:
        print("nginx_fixture: %s" % e)
        return 1
    finally:
        if p is not None and p.poll() is None:
            p.kill()
            p.wait()
        fx.stop()


if __name__ == "__main__":
    sys.exit(main())
