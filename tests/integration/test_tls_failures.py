#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""TLS failures say why: the CLI (examples/provkit, mbedTLS port) against small
Python ssl servers on 127.0.0.1 that each fail in one way. Python 3 stdlib only.

    test_tls_failures.py --cli BUILD/examples/provkit --cert-dir BUILD/tests/certs
                         [unittest names...]

The certificates come from tests/sim/make_certs.sh (ctest fixture "certs"):
ca.pem/other-ca.pem, server (P-256 ECDSA), server-rsa, expired, future,
selfsigned, otherhost (other.example). ctest: integration.tls_failures
(tests/cmake/tls_failures.cmake).

For every failure: exit 3, status "tls", ok false, one JSON line, a
"message" that names the reason (the TLS port's provkit_tls_describe), and
the server saw no finished handshake and not one application byte. Each
failing server is first shown to work for a client it accepts (so the
refusal is the CLI's offer or verification, not a broken server), and the
byte counter is shown to count on a server the CLI does reach.
"""

import argparse
import os
import socket
import ssl
import sys
import threading
import unittest
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_run import run_cli  # noqa: E402

CFG = {"cli": None, "certs": None}
CLI_TIMEOUT = 20
SMS = ["apiKey=k", "type=advanced", "email=tls@example.com", "isBuyer=1"]


def cert(name):
    return os.path.join(CFG["certs"], name + ".pem"), os.path.join(CFG["certs"],
                                                                   name + ".key")


def server_context(certname="server", versions=None, ciphers=None, curve=None):
    """versions: (min, max) ssl.TLSVersion; ciphers: an OpenSSL cipher string
    (TLS 1.2 and older); curve: the only ECDHE curve."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # TLSv1, TLSv1_1
        if versions:
            ctx.minimum_version, ctx.maximum_version = versions
    if ciphers:
        ctx.set_ciphers(ciphers)
    if curve:
        ctx.set_ecdh_curve(curve)
    ctx.load_cert_chain(*cert(certname))
    return ctx


class Server:
    """A loopback TLS server: every connection is a handshake, then the
    decrypted bytes it reads are counted, then an HTTP 404 (so a client that
    got through sends a request and gets an answer that is not a provider's)."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.handshakes = 0
        self.app_bytes = 0
        self.accepted = 0
        self.finished = 0
        self.errors = []
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.lock = threading.Condition()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop.is_set():
            try:
                c, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            with self.lock:
                self.accepted += 1
            try:
                self._serve(c)
            finally:
                c.close()
                with self.lock:
                    self.finished += 1
                    self.lock.notify_all()

    def settle(self):
        """Wait until every accepted connection has been served, so the
        counters are final (a client that exited may still be in flight)."""
        with self.lock:
            ok = self.lock.wait_for(lambda: self.finished == self.accepted, timeout=10)
        assert ok, "server still busy"

    def _serve(self, c):
        c.settimeout(5)
        try:
            t = self.ctx.wrap_socket(c, server_side=True)
        except (ssl.SSLError, OSError) as e:
            with self.lock:
                self.errors.append(str(e))
            return
        with self.lock:
            self.handshakes += 1
        try:
            data = b""
            while b"\r\n\r\n" not in data:
                d = t.recv(4096)
                if not d:
                    break
                data += d
                with self.lock:
                    self.app_bytes += len(d)
            if data:
                t.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n"
                          b"Content-Length: 10\r\nConnection: close\r\n\r\nnot here\r\n")
            t.settimeout(0.5)
            t.unwrap()
        except (ssl.SSLError, OSError) as e:
            with self.lock:
                self.errors.append(str(e))
        finally:
            t.close()

    def close(self):
        self.stop.set()
        self.thread.join(5)
        self.sock.close()


def probe(port, versions=None, ciphers=None, tls13_only=False, curve=None):
    """A Python client that the server should accept: returns the version
    and suite it negotiated (no verification: only the server's ability to
    handshake is in question)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        if versions:
            ctx.minimum_version, ctx.maximum_version = versions
        if tls13_only:
            ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    if ciphers:
        ctx.set_ciphers(ciphers)
    if curve:
        ctx.set_ecdh_curve(curve)
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        with ctx.wrap_socket(s, server_hostname="localhost") as t:
            got = (t.version(), t.cipher()[0])
            t.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            t.recv(100)
            return got


TLS1_0 = (ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1)
TLS1_1 = (ssl.TLSVersion.TLSv1_1, ssl.TLSVersion.TLSv1_1)
TLS1_2 = (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_2)
OLD_CIPHERS = "DEFAULT:@SECLEVEL=0"


class TlsFailureTest(unittest.TestCase):
    def cli(self, port, ca="ca"):
        args = [CFG["cli"], "smspartner", "--url",
                "https://localhost:%d/v1/subaccount/create" % port,
                "--ca-file", os.path.join(CFG["certs"], ca + ".pem"),
                "--timeout-ms", "8000"] + SMS
        return run_cli(self, args, CLI_TIMEOUT)

    def refused(self, srv, words, ca="ca"):
        """Run the CLI against srv: a TLS failure that names the reason, and
        nothing sent."""
        srv.settle()
        before = (srv.handshakes, srv.app_bytes)
        rc, obj = self.cli(srv.port, ca)
        srv.settle()
        self.assertEqual(obj["status"], "tls", obj)
        self.assertEqual(rc, 3, obj)
        self.assertIs(obj["ok"], False)
        self.assertNotIn("http_status", obj)
        # The server never completed a handshake with the CLI, so not one
        # request byte can have reached it.
        self.assertEqual((srv.handshakes, srv.app_bytes), before, obj)
        msg = obj["message"].lower()
        for w in words:
            self.assertIn(w.lower(), msg, "the message does not say why: %r" % obj)
        return obj

    def serve(self, **kw):
        srv = Server(server_context(**kw))
        self.addCleanup(srv.close)
        return srv

    # ---- the counter counts: a server the CLI reaches ------------------------
    def test_reachable_servers_see_the_request(self):
        for name in ("server", "server-rsa"):
            with self.subTest(cert=name):
                srv = self.serve(certname=name)
                rc, obj = self.cli(srv.port)
                srv.settle()
                # 404 that is not a provider answer, after the request went out
                self.assertEqual(obj["status"], "http", obj)
                self.assertEqual(obj.get("http_status"), 404, obj)
                self.assertEqual(srv.handshakes, 1)
                self.assertGreater(srv.app_bytes, 100)

    # ---- protocol versions ---------------------------------------------------
    def test_tls13_only_server(self):
        srv = self.serve(versions=(ssl.TLSVersion.TLSv1_3, ssl.TLSVersion.TLSv1_3))
        self.assertEqual(probe(srv.port, tls13_only=True)[0], "TLSv1.3")
        if CFG["tls13"]:
            # this CLI speaks TLS 1.3: through, the request went out (and the
            # account is made: integration.tls_versions)
            srv.settle()
            before = srv.handshakes
            rc, obj = self.cli(srv.port)
            srv.settle()
            self.assertEqual(obj.get("http_status"), 404, obj)
            self.assertEqual(srv.handshakes, before + 1)
            self.assertGreater(srv.app_bytes, 100)
            return
        obj = self.refused(srv, ["TLS version", "TLS 1.3"])
        print("tls13_only: %s" % obj["message"], file=sys.stderr)

    def test_tls10_only_server(self):
        srv = self.serve(versions=TLS1_0, ciphers=OLD_CIPHERS)
        # Debian's OpenSSL 3 still speaks TLS 1.0 at security level 0
        self.assertEqual(probe(srv.port, versions=TLS1_0, ciphers=OLD_CIPHERS)[0],
                         "TLSv1")
        obj = self.refused(srv, ["TLS version", "TLS 1.0"])
        print("tls10_only: %s" % obj["message"], file=sys.stderr)

    def test_tls11_only_server(self):
        srv = self.serve(versions=TLS1_1, ciphers=OLD_CIPHERS)
        self.assertEqual(probe(srv.port, versions=TLS1_1, ciphers=OLD_CIPHERS)[0],
                         "TLSv1.1")
        # A client that offers TLS 1.3 gets OpenSSL's protocol_version alert
        # in a TLS 1.2 record: nothing tells 1.0 from 1.1 then.
        obj = self.refused(srv, ["TLS version", "TLS 1.0/1.1" if CFG["tls13"] else "TLS 1.1"])
        print("tls11_only: %s" % obj["message"], file=sys.stderr)

    # ---- only modern suites and curves ---------------------------------------
    def test_old_suites_refused(self):
        for certname, suite in (("server-rsa", "AES128-SHA"),
                                ("server-rsa", "AES128-GCM-SHA256"),
                                ("server-rsa", "ECDHE-RSA-AES128-SHA"),
                                ("server", "ECDHE-ECDSA-AES128-SHA256")):
            with self.subTest(suite=suite):
                srv = self.serve(certname=certname, versions=TLS1_2, ciphers=suite)
                self.assertEqual(probe(srv.port, ciphers=suite)[1], suite)
                obj = self.refused(srv, ["cipher suites"])
                print("only %s: %s" % (suite, obj["message"]), file=sys.stderr)

    def test_small_curve_refused(self):
        # RSA: an ECDSA certificate would bring its own curve (P-256) in
        srv = self.serve(certname="server-rsa", versions=TLS1_2, curve="secp224r1")
        self.assertEqual(probe(srv.port, versions=TLS1_2, curve="secp224r1"),
                         ("TLSv1.2", "ECDHE-RSA-AES256-GCM-SHA384"))
        obj = self.refused(srv, ["curves"])
        print("secp224r1 only: %s" % obj["message"], file=sys.stderr)

    # ---- certificates --------------------------------------------------------
    def test_unknown_ca(self):
        obj = self.refused(self.serve(), ["not signed by a trusted CA"], ca="other-ca")
        print("unknown CA: %s" % obj["message"], file=sys.stderr)

    def test_wrong_host_name(self):
        obj = self.refused(self.serve(certname="otherhost"),
                           ["another host name", "localhost"])
        print("wrong host: %s" % obj["message"], file=sys.stderr)

    def test_expired(self):
        obj = self.refused(self.serve(certname="expired"), ["expired", "2020-02-01"])
        print("expired: %s" % obj["message"], file=sys.stderr)

    def test_not_yet_valid(self):
        obj = self.refused(self.serve(certname="future"), ["not yet valid"])
        print("not yet valid: %s" % obj["message"], file=sys.stderr)

    def test_self_signed(self):
        obj = self.refused(self.serve(certname="selfsigned"),
                           ["not signed by a trusted CA", "self-signed"])
        print("self-signed: %s" % obj["message"], file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default=os.environ.get("PROVKIT_CLI"))
    ap.add_argument("--cert-dir", default=os.environ.get("PROVKIT_CERT_DIR"))
    ap.add_argument("--tls13", action="store_true",
                    help="the CLI's mbedTLS speaks TLS 1.3 (provkit's 3.6 configuration)")
    a, rest = ap.parse_known_args()
    if not (a.cli and a.cert_dir):
        ap.error("--cli and --cert-dir are required")
    CFG["cli"] = a.cli
    CFG["certs"] = a.cert_dir
    CFG["tls13"] = a.tls13
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
