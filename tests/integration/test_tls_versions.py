#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""integration.tls_versions: the CLI creates an account on each provider
over every TLS version its mbedTLS speaks, with an ECDSA (P-256) and an RSA
(2048) server certificate.

Four simulators of its own (tests/sim/start.sh with --tls-min/--tls-max
and the certs fixture's server.pem or server-rsa.pem): TLS 1.3 only and
TLS 1.2 only, each with either certificate. Every provider's create must
come back "created" where the client speaks that version; against a TLS
1.3-only server, a client without TLS 1.3 (Debian's mbedTLS 2.28) must be
refused with status "tls", nothing sent.

A TLS 1.2-only OpenSSL server with an RSA certificate answers a ClientHello
that offers TLS 1.3's signature algorithms with an RSA-PSS
ServerKeyExchange, which mbedTLS 3.6's TLS 1.2 code cannot verify: the TLS
port must still get through (see port/mbedtls/mbedtls_tls.c, "TLS 1.2 with
an RSA certificate").

usage: test_tls_versions.py --cli PATH --cert-dir DIR --state-dir DIR [--tls13]
"""
import argparse
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_run import run_cli  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
START = os.path.join(HERE, "..", "sim", "start.sh")
STOP = os.path.join(HERE, "..", "sim", "stop.sh")
CFG = {}

# one create per provider, with the simulator's credentials
CREATES = {
    "oempro": ("/api.php", ["SessionID=sim-session", "ClientName=TLS Client",
                            "ClientUsername=tlsuser", "ClientPassword=tls-secret-1",
                            "ClientEmailAddress=tls@example.com"]),
    "plesk": ("/RPC2", ["AuthInfo.login=sim-api", "AuthInfo.password=sim-secret",
                        "firstName=Ann", "lastName=Lee", "company=Acme",
                        "address=1 Main Street", "email=ann@example.com",
                        "phone=+1 703 555 0100", "city=Herndon", "zip=20171",
                        "state=Virginia", "country=US"]),
    "smspartner": ("/v1/subaccount/create", ["apiKey=sim-sms-key", "type=advanced",
                                             "email=tls@example.com", "isBuyer=1"]),
}


class Sim:
    def __init__(self, name, cert, tls_min, tls_max):
        self.state = os.path.join(CFG["state"], name)
        certs = CFG["certs"]
        env = dict(os.environ, PYTHON=sys.executable)
        out = subprocess.run(
            ["sh", START, self.state, certs, "--cert", os.path.join(certs, cert + ".pem"),
             "--key", os.path.join(certs, cert + ".key"), "--tls-min", tls_min,
             "--tls-max", tls_max, "--max-seconds", "120", "--idle-seconds", "60"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30, check=True)
        self.port = int(out.stdout.decode().split()[-1])

    def stop(self):
        subprocess.run(["sh", STOP, self.state], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=30)


class TlsVersionsTest(unittest.TestCase):
    def cli(self, sim, provider):
        path, params = CREATES[provider]
        # a session of this test's own on the simulator
        url = "https://localhost:%d/s/tlsv-%d%s" % (sim.port, os.getpid(), path)
        return run_cli(self, [CFG["cli"], provider, "--url", url, "--ca-file",
                              os.path.join(CFG["certs"], "ca.pem"), "--timeout-ms", "10000"]
                       + params, 60)

    def run_versions(self, cert):
        for name, lo, hi, speaks in (("tls13-only", "1.3", "1.3", CFG["tls13"]),
                                     ("tls12-only", "1.2", "1.2", True)):
            sim = Sim("%s-%s" % (cert, name), cert, lo, hi)
            self.addCleanup(sim.stop)
            for provider in CREATES:
                with self.subTest(server=name, provider=provider):
                    rc, obj = self.cli(sim, provider)
                    if speaks:
                        self.assertEqual(obj["status"], "created", obj)
                        self.assertEqual(rc, 0, obj)
                    else:
                        # refused in the handshake: nothing was sent
                        self.assertEqual(obj["status"], "tls", obj)
                        self.assertEqual(rc, 3, obj)
                        self.assertIn("TLS 1.3", obj["message"], obj)
                    print("%s %s %s: %s" % (cert, name, provider, obj["status"]),
                          file=sys.stderr)

    def test_ecdsa_certificate(self):
        self.run_versions("server")

    def test_rsa_certificate(self):
        self.run_versions("server-rsa")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--cert-dir", required=True)
    ap.add_argument("--state-dir", required=True)
    ap.add_argument("--tls13", action="store_true",
                    help="the CLI's mbedTLS speaks TLS 1.3 (provkit's 3.6 configuration)")
    a, rest = ap.parse_known_args()
    CFG.update(cli=a.cli, certs=a.cert_dir, state=a.state_dir, tls13=a.tls13)
    os.makedirs(a.state_dir, exist_ok=True)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
