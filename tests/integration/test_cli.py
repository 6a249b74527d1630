#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Integration tests of the provkit CLI (examples/provkit.c) against the
provider simulator (tests/sim/sim.py). Python 3 standard library only.

    test_cli.py --cli BUILD/examples/provkit \\
                --port-file BUILD/tests/sim-state/port --ca BUILD/tests/certs/ca.pem
                [--other-ca BUILD/tests/certs/other-ca.pem] [unittest args...]

or the environment PROVKIT_CLI, PROVKIT_SIM_PORT_FILE, PROVKIT_SIM_CA
(PROVKIT_SIM_OTHER_CA; default: other-ca.pem next to the CA). ctest
integration.cli passes them (tests/cmake/integration.cmake).

Every test runs the real CLI as a subprocess and checks three things: the
one JSON line on stdout, the exit code, and what the simulator decoded
(GET /_sim/requests). Every test uses its own simulator session
(https://localhost:PORT/s/<name>/...), so it shares the server with other
ctests running in parallel without seeing their accounts or knobs.
"""

import concurrent.futures
import http.client
import itertools
import json
import os
import re
import socket
import ssl
import subprocess
import sys
import threading
import time
import unittest
import urllib.parse

CFG = {"cli": None, "port": None, "ca": None, "other_ca": None}

CLI_TIMEOUT = 20          # seconds, per CLI run (the simulator is local)
TRICKY = "Zoé & Co <\"x\"> 50%+1='y'"
SANITIZER_MARKS = ("AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer",
                   "runtime error:")

OEMPRO_PATH = "/api.php"
PLESK_PATH = "/RPC2"
SMS_PATH = "/v1/subaccount/create"

_counter = itertools.count(1)


class CliCase(unittest.TestCase):
    """Plumbing: run the CLI, read the simulator's control API."""

    def setUp(self):
        name = re.sub(r"[^A-Za-z0-9_.-]", "", self._testMethodName)[:40]
        self.session = "cli%d-%d-%s" % (os.getpid(), next(_counter), name)
        self.ctx = ssl.create_default_context(cafile=CFG["ca"])
        st, res = self.ctl("POST", "/_sim/reset")
        self.assertEqual(st, 200, res)

    # ---- simulator control API ------------------------------------------
    def ctl(self, method, path, obj=None):
        c = http.client.HTTPSConnection("localhost", CFG["port"], context=self.ctx,
                                        timeout=10)
        try:
            body = json.dumps(obj).encode() if obj is not None else b""
            c.request(method, "/s/%s%s" % (self.session, path), body=body,
                      headers={"Content-Type": "application/json"})
            r = c.getresponse()
            return r.status, json.loads(r.read())
        finally:
            c.close()

    def knobs(self, **k):
        st, res = self.ctl("POST", "/_sim/knobs", k)
        self.assertEqual(st, 200, res)

    def records(self, provider=None):
        q = "?" + urllib.parse.urlencode({"provider": provider}) if provider else ""
        st, res = self.ctl("GET", "/_sim/requests" + q)
        self.assertEqual(st, 200, res)
        return res

    def one_record(self, provider):
        recs = self.records()
        self.assertEqual(len(recs), 1, "expected exactly one request, got %r" % (
            [(r["method"], r["path"]) for r in recs],))
        self.assertEqual(recs[0]["provider"], provider)
        return recs[0]

    def assert_nothing_sent(self):
        self.assertEqual(self.records(), [], "the CLI sent a request it should not have")

    def accounts(self):
        st, res = self.ctl("GET", "/_sim/accounts")
        self.assertEqual(st, 200, res)
        return res

    # ---- the CLI ----------------------------------------------------------
    def url(self, path, port=None, host="localhost"):
        return "https://%s:%d/s/%s%s" % (host, port or CFG["port"], self.session, path)

    def cli_raw(self, args, timeout=CLI_TIMEOUT):
        p = subprocess.run([CFG["cli"]] + list(args), stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        err = p.stderr.decode("utf-8", "replace")
        for mark in SANITIZER_MARKS:
            self.assertNotIn(mark, err, "sanitizer report:\n" + err)
        return p.returncode, p.stdout, err

    def cli(self, provider, *params, path=None, url=None, ca=None, timeout_ms=None,
            opts=(), expect_rc=None, expect_status=None):
        """Run provkit PROVIDER --url ... NAME=VALUE...; return the JSON object."""
        args = [provider]
        if url is None:
            url = self.url(path or {"oempro": OEMPRO_PATH, "plesk": PLESK_PATH,
                                    "smspartner": SMS_PATH}.get(provider, "/"))
        if url is not False:
            args += ["--url", url]
        if ca is not False:
            args += ["--ca-file", ca or CFG["ca"]]
        if timeout_ms is not None:
            args += ["--timeout-ms", str(timeout_ms)]
        args += list(opts)
        args += list(params)
        rc, out, err = self.cli_raw(args)
        obj = self.parse_line(out, err)
        if expect_rc is not None:
            self.assertEqual(rc, expect_rc, "exit %d, stdout %r, stderr %r" % (rc, out, err))
        if expect_status is not None:
            self.assertEqual(obj["status"], expect_status, obj)
        self.check_contract(obj, rc)
        return obj

    def parse_line(self, out, err=""):
        text = out.decode("utf-8")   # the CLI writes UTF-8, always
        self.assertTrue(text.endswith("\n"), "stdout %r (stderr %r)" % (out, err))
        self.assertEqual(text.count("\n"), 1, "not exactly one line: %r" % out)
        obj = json.loads(text)
        self.assertIsInstance(obj, dict)
        return obj

    def check_contract(self, obj, rc):
        """What usage() promises for every line, whatever the outcome."""
        for k in ("provider", "ok", "status", "code", "message"):
            self.assertIn(k, obj, obj)
        self.assertIsInstance(obj["ok"], bool)
        self.assertIsInstance(obj["message"], str)
        self.assertTrue(obj["code"] is None or isinstance(obj["code"], int), obj)
        want_rc = {"created": 0, "rejected": 1, "invalid": 2, "http": 3, "network": 3,
                   "tls": 3, "timeout": 3, "unknown_outcome": 4}
        self.assertIn(obj["status"], want_rc, obj)
        self.assertEqual(rc, want_rc[obj["status"]], obj)
        # after a request byte went out the status is unknown_outcome, with
        # the cause in its own field; never otherwise
        if obj["status"] == "unknown_outcome":
            self.assertIn(obj.get("cause"), ("timeout", "closed", "truncated", "network", "tls",
                                             "http", "http_status", "protocol"), obj)
            self.assertIn("may exist", obj["message"], obj)
        else:
            self.assertNotIn("cause", obj, obj)
        if "truncated" in obj:
            self.assertIsInstance(obj["truncated"], list)
            self.assertTrue(obj["truncated"], obj)
            for name in obj["truncated"]:
                self.assertIsInstance(name, str)
        self.assertEqual(obj["ok"], obj["status"] == "created", obj)
        if obj["status"] == "invalid":
            self.assertIn("field", obj, obj)
        else:
            self.assertNotIn("field", obj, obj)
        if "http_status" in obj:
            self.assertIsInstance(obj["http_status"], int)


# ---------------------------------------------------------------------------
# Oempro
# ---------------------------------------------------------------------------
class OemproTest(CliCase):
    def params(self, n=1, **over):
        p = {"SessionID": "sim-session", "ClientName": "Client %d" % n,
             "ClientUsername": "user%d" % n, "ClientPassword": "pw%d-secret" % n,
             "ClientEmailAddress": "user%d@example.com" % n}
        p.update(over)
        return {k: v for k, v in p.items() if v is not None}

    def run_oempro(self, p, **kw):
        return self.cli("oempro", *["%s=%s" % kv for kv in p.items()], **kw)

    def assert_created(self, p, **kw):
        obj = self.run_oempro(p, expect_rc=0, expect_status="created", **kw)
        self.assertEqual(obj["provider"], "oempro")
        self.assertIs(obj["ok"], True)
        self.assertEqual(obj["code"], 0)
        self.assertEqual(obj["http_status"], 200)
        self.assertIsInstance(obj["client_id"], int)
        self.assertGreaterEqual(obj["client_id"], 1001)
        return obj

    def assert_decoded(self, rec, p):
        """The form the simulator decoded is exactly the given parameters."""
        self.assertEqual(rec["method"], "POST")
        self.assertEqual(rec["path"], OEMPRO_PATH)
        self.assertIsNone(rec["decode_error"])
        ctype = dict((k.lower(), v) for k, v in rec["headers"])["content-type"]
        self.assertTrue(ctype.startswith("application/x-www-form-urlencoded"), ctype)
        want = {k: [v] for k, v in p.items()}
        want["Command"] = ["Client.Create"]
        got = dict(rec["decoded"]["body"])
        # ResponseFormat: JSON is the documented default, sending it is optional
        if "ResponseFormat" not in p and got.get("ResponseFormat") == ["JSON"]:
            del got["ResponseFormat"]
        self.assertEqual(got, want)
        self.assertEqual(rec["decoded"]["query"], {})

    def test_created_json(self):
        p = self.params(1, ResponseFormat="JSON")
        obj = self.assert_created(p)
        rec = self.one_record("oempro")
        self.assert_decoded(rec, p)
        self.assertEqual(rec["response_status"], 200)
        acc = [a for a in self.accounts()["oempro"] if a["ClientUsername"] == "user1"]
        self.assertEqual(len(acc), 1)
        self.assertEqual(acc[0]["ClientID"], obj["client_id"])

    def test_created_default_format(self):
        p = self.params(2)
        self.assert_created(p)
        self.assert_decoded(self.one_record("oempro"), p)

    def test_created_xml(self):
        p = self.params(3, ResponseFormat="XML")
        self.assert_created(p)
        self.assert_decoded(self.one_record("oempro"), p)

    def test_created_jsonp(self):
        p = self.params(4, JSONPCallBack="jQuery_cb.x1")
        self.assert_created(p)
        self.assert_decoded(self.one_record("oempro"), p)

    def test_apikey_auth(self):
        p = self.params(5, SessionID=None, APIKey="sim-apikey")
        self.assert_created(p)
        rec = self.one_record("oempro")
        self.assert_decoded(rec, p)
        self.assertNotIn("SessionID", rec["decoded"]["body"])

    def test_access_and_status_sent(self):
        p = self.params(6, Access="client", ClientAccountStatus="Disabled")
        self.assert_created(p)
        self.assert_decoded(self.one_record("oempro"), p)
        acc = [a for a in self.accounts()["oempro"] if a["ClientUsername"] == "user6"][0]
        self.assertEqual(acc["Access"], "client")
        self.assertEqual(acc["ClientAccountStatus"], "Disabled")

    def assert_rejected(self, p, code, **kw):
        obj = self.run_oempro(p, expect_rc=1, expect_status="rejected", **kw)
        self.assertIs(obj["ok"], False)
        self.assertEqual(obj["code"], code)
        self.assertEqual(obj["http_status"], 200)
        self.assertNotIn("client_id", obj)
        self.assertTrue(obj["message"], obj)
        return obj

    def test_duplicate_username_6(self):
        p = self.params(7, ClientUsername="TAKEN")
        self.assert_rejected(p, 6)
        self.assert_decoded(self.one_record("oempro"), p)

    def test_duplicate_email_7(self):
        p = self.params(8, ClientEmailAddress="taken@example.com")
        self.assert_rejected(p, 7)
        self.assert_decoded(self.one_record("oempro"), p)

    def test_duplicate_in_xml_and_jsonp(self):
        self.assert_rejected(self.params(9, ClientUsername="taken", ResponseFormat="XML"), 6)
        self.assert_rejected(self.params(9, ClientUsername="taken", JSONPCallBack="cb"), 6)
        self.assertEqual(len(self.records()), 2)

    def test_auth_failure_99998(self):
        p = self.params(10, SessionID="wrong-session")
        self.assert_rejected(p, 99998)
        self.assert_decoded(self.one_record("oempro"), p)
        self.assert_rejected(self.params(10, SessionID=None, APIKey="wrong-key"), 99998)

    def test_not_enough_privileges_99999(self):
        self.assert_rejected(self.params(11, SessionID="sim-readonly"), 99999)
        self.assert_rejected(self.params(11, SessionID=None, APIKey="sim-readonly-key"),
                             99999)
        self.assertEqual(len(self.records()), 2)

    # ---- local refusals: exit 2, nothing sent -----------------------------
    def assert_invalid(self, p, code, field):
        obj = self.run_oempro(p, expect_rc=2, expect_status="invalid")
        self.assertIs(obj["ok"], False)
        self.assertEqual(obj["code"], code, obj)
        self.assertEqual(obj["field"], field, obj)
        self.assertNotIn("http_status", obj)
        self.assertNotIn("client_id", obj)
        self.assert_nothing_sent()
        return obj

    def test_missing_client_name_1(self):
        self.assert_invalid(self.params(12, ClientName=None), 1, "ClientName")

    def test_empty_client_name_1(self):
        self.assert_invalid(self.params(12, ClientName=""), 1, "ClientName")

    def test_missing_required_2_3_4(self):
        self.assert_invalid(self.params(13, ClientUsername=None), 2, "ClientUsername")
        self.assert_invalid(self.params(13, ClientPassword=None), 3, "ClientPassword")
        self.assert_invalid(self.params(13, ClientEmailAddress=None), 4,
                            "ClientEmailAddress")

    def test_bad_email_5(self):
        for bad in ("no-at-sign", "a@b", "a..b@example.com", "é@example.com"):
            self.assert_invalid(self.params(14, ClientEmailAddress=bad), 5,
                                "ClientEmailAddress")

    def test_bad_enumerations(self):
        # no documented code for these: code null, but the field is named
        for name, bad in (("ResponseFormat", "json"), ("ResponseFormat", "Xml"),
                          ("Access", "admin"), ("ClientAccountStatus", "enabled")):
            obj = self.run_oempro(self.params(15, **{name: bad}), expect_rc=2,
                                  expect_status="invalid")
            self.assertEqual(obj["field"], name, obj)
            self.assert_nothing_sent()

    # ---- alternative answer shapes: same verdict ---------------------------
    def test_shapes_created(self):
        cases = [("array", None), ("string_id", None), ("success_one", None),
                 ("success_string", None), ("string_id", "XML"), ("success_one", "XML"),
                 ("xml_cdata", "XML"), ("xml_empty_false", "XML"),
                 (["xml_cdata", "string_id", "success_string"], "XML"),
                 (["string_id", "success_one"], None)]
        for i, (shape, fmt) in enumerate(cases):
            with self.subTest(shape=shape, fmt=fmt):
                self.knobs(oempro_shape=shape)
                n = 100 + i
                obj = self.assert_created(self.params(n, ResponseFormat=fmt))
                acc = [a for a in self.accounts()["oempro"]
                       if a["ClientUsername"] == "user%d" % n][0]
                self.assertEqual(obj["client_id"], acc["ClientID"])
                self.assertEqual(self.records()[-1]["knobs"], {"oempro_shape": shape})

    def test_shapes_rejected(self):
        cases = [("array", None), ("array", "XML"), ("string_id", None),
                 ("success_one", None), ("success_string", None),
                 ("xml_cdata", "XML"), ("xml_empty_false", "XML"),
                 (["xml_cdata", "xml_empty_false", "array"], "XML"),
                 (["success_string", "array"], None)]
        for shape, fmt in cases:
            with self.subTest(shape=shape, fmt=fmt):
                # username and e-mail both taken: [6, 7] with array, the first decides
                self.knobs(oempro_shape=shape)
                obj = self.assert_rejected(
                    self.params(200, ClientUsername="taken",
                                ClientEmailAddress="taken@example.com",
                                ResponseFormat=fmt), 6)
                self.assertEqual(self.records()[-1]["knobs"], {"oempro_shape": shape})
                # and a single-code failure of the auth stage
                self.knobs(oempro_shape=shape)
                self.assert_rejected(self.params(201, SessionID="nope",
                                                 ResponseFormat=fmt), 99998)

    def test_json_ascii_message(self):
        self.knobs(json_ascii=True)
        obj = self.assert_rejected(self.params(16, ClientUsername="taken"), 6)
        self.assertNotIn("\\u", obj["message"])


# ---------------------------------------------------------------------------
# Plesk
# ---------------------------------------------------------------------------
class PleskTest(CliCase):
    def info(self, **over):
        p = {"firstName": "John", "lastName": "Smith", "company": "Acme Inc",
             "address": "1 Main Street", "email": "john@example.com",
             "phone": "+1 703 555 0100", "city": "Herndon", "zip": "20171",
             "state": "Virginia", "country": "US"}
        p.update(over)
        return {k: v for k, v in p.items() if v is not None}

    def run_plesk(self, info, auth=("sim-api", "sim-secret"), **kw):
        args = []
        if auth is not None:
            args += ["AuthInfo.login=" + auth[0], "AuthInfo.password=" + auth[1]]
        args += ["%s=%s" % kv for kv in info.items()]
        return self.cli("plesk", *args, **kw)

    def assert_decoded(self, rec, info, auth=("sim-api", "sim-secret")):
        self.assertEqual(rec["method"], "POST")
        self.assertEqual(rec["path"], PLESK_PATH)
        self.assertIsNone(rec["decode_error"])
        self.assertEqual(rec["decoded"]["methodName"], "partner10.createClient")
        params = rec["decoded"]["params"]
        self.assertEqual(len(params), 2)
        self.assertEqual(params[0], {"login": auth[0], "password": auth[1]})
        self.assertEqual(params[1], info)   # optional members left out, not sent empty

    def assert_created(self, info, **kw):
        obj = self.run_plesk(info, expect_rc=0, expect_status="created", **kw)
        self.assertEqual(obj["provider"], "plesk")
        self.assertEqual(obj["code"], 100)
        self.assertEqual(obj["http_status"], 200)
        self.assertRegex(obj["client_id"], r"^[0-9]+$")
        self.assertGreaterEqual(int(obj["client_id"]), 1401588)
        self.assertIn(obj["login"], obj["message"])
        return obj

    def test_created_with_login_password(self):
        info = self.info(login="jsmith1", password="S3cret-pass!", fax="+1 703 555 0101",
                         language="en", email_language="de")
        obj = self.assert_created(info)
        self.assertEqual(obj["login"], "jsmith1")
        self.assertEqual(obj["password"], "S3cret-pass!")
        self.assert_decoded(self.one_record("plesk"), info)
        acc = [a for a in self.accounts()["plesk"] if a.get("login") == "jsmith1"]
        self.assertEqual(len(acc), 1)

    def test_generated_login_password(self):
        info = self.info()
        obj = self.assert_created(info)
        self.assertRegex(obj["login"], r"^cl.{8}$")
        self.assertEqual(len(obj["password"]), 14)
        rec = self.one_record("plesk")
        self.assert_decoded(rec, info)
        self.assertNotIn("login", rec["decoded"]["params"][1])
        self.assertNotIn("password", rec["decoded"]["params"][1])

    def test_empty_optional_not_sent(self):
        info = self.info()
        obj = self.run_plesk(dict(info, login="", fax=""), expect_rc=0,
                             expect_status="created")
        self.assertRegex(obj["login"], r"^cl.{8}$")
        self.assert_decoded(self.one_record("plesk"), info)

    def test_shapes_created(self):
        for i, shape in enumerate((["typed"], ["int_id"], ["typed", "int_id"])):
            with self.subTest(shape=shape):
                self.knobs(plesk_shape=shape)
                obj = self.assert_created(self.info(login="shape%d" % i,
                                                    password="pw-%d" % i))
                self.assertEqual(obj["login"], "shape%d" % i)
                self.assertEqual(obj["password"], "pw-%d" % i)

    def assert_rejected(self, info, code, **kw):
        obj = self.run_plesk(info, expect_rc=1, expect_status="rejected", **kw)
        self.assertIs(obj["ok"], False)
        self.assertEqual(obj["code"], code, obj)
        self.assertEqual(obj["http_status"], 200)
        self.assertNotIn("client_id", obj)
        return obj

    def test_duplicate_login_251(self):
        info = self.info(login="Taken")
        self.assert_rejected(info, 251)
        self.assert_decoded(self.one_record("plesk"), info)

    def test_authorization_failed_200(self):
        info = self.info()
        self.assert_rejected(info, 200, auth=("sim-api", "wrong"))
        self.assert_decoded(self.one_record("plesk"), info, auth=("sim-api", "wrong"))

    def test_access_denied_201(self):
        self.assert_rejected(self.info(), 201, auth=("sim-denied", "sim-secret"))
        self.assertEqual(len(self.records()), 1)

    def test_fault(self):
        self.knobs(plesk_fault=[4242, "Simulated fault & <trouble>"])
        obj = self.assert_rejected(self.info(), 4242)
        self.assertEqual(obj["message"], "Simulated fault & <trouble>")
        self.knobs(plesk_fault=[-32000, "negative"])
        obj = self.assert_rejected(self.info(), -32000)
        self.assertEqual(len(self.records()), 2)

    def test_fault_text_escaped_one_line(self):
        for text in ("line1\nline2\ttab \"q\" \\ end", "a]]>b & <c>", "é" * 600,
                     "x" + "\U0001F600" * 300, ""):
            with self.subTest(text=text[:20]):
                self.knobs(plesk_fault=[7, text])
                obj = self.assert_rejected(self.info(), 7)
                # kept as sent, or cut at a character boundary when long
                self.assertTrue(text.startswith(obj["message"]), obj)
                if len(text) < 40:
                    self.assertEqual(obj["message"], text)
                else:
                    self.assertGreater(len(obj["message"]), 20)

    def test_fault_not_well_formed_is_protocol(self):
        # U+0001 is not allowed in XML 1.0: not an answer the SDK can read,
        # and a 200 may follow a created account
        self.knobs(plesk_fault=[6, "\u0001ctl"])
        obj = self.run_plesk(self.info(), expect_rc=4, expect_status="unknown_outcome")
        self.assertEqual(obj["http_status"], 200)
        self.assertEqual(obj["cause"], "protocol")

    def test_internal_error_300(self):
        self.knobs(plesk_internal_error=True)
        self.assert_rejected(self.info(login="later1"), 300)
        self.assertNotIn("later1", [a.get("login") for a in self.accounts()["plesk"]])

    # ---- local refusals at the boundaries ---------------------------------
    def assert_invalid(self, info, code, field):
        obj = self.run_plesk(info, expect_rc=2, expect_status="invalid")
        self.assertEqual(obj["code"], code, obj)
        self.assertEqual(obj["field"], field, obj)
        self.assertNotIn("http_status", obj)
        self.assert_nothing_sent()

    def test_first_name_64_accepted(self):
        info = self.info(firstName="a" * 64)
        self.assert_created(info)
        self.assert_decoded(self.one_record("plesk"), info)

    def test_first_name_65_refused(self):
        self.assert_invalid(self.info(firstName="a" * 65), 433, "firstName")

    def test_first_name_64_two_byte_characters(self):
        info = self.info(firstName="é" * 64)
        self.assert_created(info)
        self.assert_decoded(self.one_record("plesk"), info)

    def test_first_name_65_two_byte_characters_refused(self):
        self.assert_invalid(self.info(firstName="é" * 65), 433, "firstName")

    def test_us_zip_accepted(self):
        for z in ("20171", "20171-1234"):
            with self.subTest(zip=z):
                info = self.info(zip=z)
                self.assert_created(info)
                self.assert_decoded(self.records()[-1], info)

    def test_us_zip_refused(self):
        for z in ("2017", "20171-123", "201711", "2017a", "20171 1234"):
            with self.subTest(zip=z):
                self.assert_invalid(self.info(zip=z), 441, "zip")

    def test_non_us_zip_free(self):
        info = self.info(country="GB", zip="SW1A 1AA", state="London")
        self.assert_created(info)
        self.assert_decoded(self.one_record("plesk"), info)

    def test_country_refused(self):
        for c in ("us", "USA", "U", "XX"):
            with self.subTest(country=c):
                self.assert_invalid(self.info(country=c), 443, "country")

    def test_missing_required_field(self):
        self.assert_invalid(self.info(firstName=None), 433, "firstName")
        self.assert_invalid(self.info(city=""), 440, "city")

    def test_bad_email_437(self):
        self.assert_invalid(self.info(email="john@localhost"), 437, "email")

    def test_auth_info_boundaries(self):
        # login < 256 and password < 64 characters (not bytes); beyond: 400, local
        obj = self.assert_rejected(self.info(), 200, auth=("é" * 255, "é" * 63))
        self.assert_decoded(self.one_record("plesk"), self.info(), auth=("é" * 255, "é" * 63))
        for auth, field in ((("l" * 256, "sim-secret"), "AuthInfo.login"),
                            (("sim-api", "p" * 64), "AuthInfo.password"),
                            (("", "sim-secret"), "AuthInfo.login")):
            with self.subTest(field=field, n=len(auth[0]) + len(auth[1])):
                obj = self.run_plesk(self.info(), auth=auth, expect_rc=2,
                                     expect_status="invalid")
                self.assertEqual((obj["code"], obj["field"]), (400, field), obj)
        self.assertEqual(len(self.records()), 1)

    def test_login_password_language_boundaries(self):
        self.assert_invalid(self.info(login="l" * 33), 431, "login")
        self.assert_invalid(self.info(password="p" * 33), 432, "password")
        # "max chars 2" is all the document says of the languages
        self.assert_invalid(self.info(language="eng"), 444, "language")
        self.assert_invalid(self.info(email_language="FRA"), 444, "email_language")
        info = self.info(login="l" * 32, password="é" * 32, language="EN",
                         email_language="fr")
        self.assert_created(info)
        self.assert_decoded(self.one_record("plesk"), info)
        # "e1" passes locally: the server's own rule answers 444
        obj = self.run_plesk(self.info(language="e1"), expect_rc=1, expect_status="rejected")
        self.assertEqual(obj["code"], 444)

    def test_state_32_and_33(self):
        self.assert_invalid(self.info(state="s" * 33), 442, "state")
        self.assert_created(self.info(state="s" * 32))


# ---------------------------------------------------------------------------
# SMS Partner
# ---------------------------------------------------------------------------
class SmsPartnerTest(CliCase):
    def run_sms(self, p, **kw):
        return self.cli("smspartner", *["%s=%s" % kv for kv in p.items()], **kw)

    def assert_created(self, p, **kw):
        obj = self.run_sms(p, expect_rc=0, expect_status="created", **kw)
        self.assertEqual(obj["provider"], "smspartner")
        self.assertEqual(obj["code"], 200)
        self.assertEqual(obj["http_status"], 200)
        self.assertRegex(obj["token"], r"^[0-9a-f]{32}$")
        self.assertEqual(obj["parent_email"], "parent@sim.smspartner.test")
        return obj

    def decoded(self, rec):
        self.assertEqual(rec["method"], "POST")
        self.assertEqual(rec["path"], SMS_PATH)
        self.assertIsNone(rec["decode_error"])
        ctype = dict((k.lower(), v) for k, v in rec["headers"])["content-type"]
        self.assertTrue(ctype.startswith("application/json"), ctype)
        return rec["decoded"]

    def test_created_json(self):
        p = {"apiKey": "sim-sms-key", "type": "advanced", "email": "Ann.Lee@example.com",
             "isBuyer": "1", "firstname": "Ann", "lastname": "Lee"}
        obj = self.assert_created(p)
        self.assertEqual(obj["email"], "Ann.Lee@example.com")
        self.assertEqual(obj["send_confirm_mail_to"], "Ann.Lee@example.com")
        rec = self.one_record("smspartner")
        self.assertEqual(rec["query"], "")
        d = self.decoded(rec)
        self.assertEqual(d["apiKey"], "sim-sms-key")
        self.assertEqual(d["type"], "advanced")
        self.assertEqual(set(d), {"apiKey", "type", "parameters"})
        self.assertEqual(set(d["parameters"]), {"email", "isBuyer", "firstname", "lastname"})
        self.assertIn(d["parameters"]["isBuyer"], (1, "1", True))
        acc = [a for a in self.accounts()["sms"] if a["email"] == "Ann.Lee@example.com"]
        self.assertEqual(len(acc), 1)
        self.assertEqual(acc[0]["token"], obj["token"])

    def test_created_xml(self):
        p = {"apiKey": "sim-sms-key", "type": "advanced", "email": "xml1@example.com",
             "isBuyer": "0", "_format": "xml"}
        obj = self.assert_created(p)
        self.assertEqual(obj["email"], "xml1@example.com")
        self.assertEqual(obj["send_confirm_mail_to"], "xml1@example.com")
        rec = self.one_record("smspartner")
        self.assertEqual(urllib.parse.parse_qs(rec["query"]), {"_format": ["xml"]})
        d = self.decoded(rec)
        self.assertNotIn("_format", d)
        self.assertNotIn("_format", d["parameters"])

    def test_format_json_explicit(self):
        self.assert_created({"apiKey": "sim-sms-key", "type": "simple", "isBuyer": "1",
                             "_format": "json"})
        rec = self.one_record("smspartner")
        self.assertIn(urllib.parse.parse_qs(rec["query"]), ({}, {"_format": ["json"]}))

    def test_simple_generated_email(self):
        p = {"apiKey": "sim-sms-key", "type": "simple", "isBuyer": "0"}
        obj = self.assert_created(p)
        self.assertRegex(obj["email"], r"^[0-9]{7}@smspartner\.fr$")
        self.assertEqual(obj["send_confirm_mail_to"], "parent@sim.smspartner.test")
        d = self.decoded(self.one_record("smspartner"))
        # isBuyer is sent even when 0; no e-mail member (or an empty one)
        self.assertIn(d["parameters"]["isBuyer"], (0, "0", False))
        self.assertIn(d["parameters"].get("email", ""), ("",))

    def assert_rejected(self, p, code, http_status=400, **kw):
        obj = self.run_sms(p, expect_rc=1, expect_status="rejected", **kw)
        self.assertEqual(obj["code"], code, obj)
        self.assertEqual(obj["http_status"], http_status, obj)
        self.assertNotIn("token", obj)
        return obj

    def test_duplicate_email_7(self):
        for fmt in (None, "xml"):
            with self.subTest(fmt=fmt):
                p = {"apiKey": "sim-sms-key", "type": "advanced",
                     "email": "TAKEN@example.com", "isBuyer": "1"}
                if fmt:
                    p["_format"] = fmt
                self.assert_rejected(p, 7)

    def test_wrong_key_10(self):
        for fmt in (None, "xml"):
            with self.subTest(fmt=fmt):
                p = {"apiKey": "not-the-key", "type": "simple", "isBuyer": "1"}
                if fmt:
                    p["_format"] = fmt
                obj = self.assert_rejected(p, 10)
                self.assertEqual(obj["message"], "Clé API incorrecte")

    def test_wrong_key_json_ascii(self):
        self.knobs(json_ascii=True)
        obj = self.assert_rejected({"apiKey": "nope", "type": "simple", "isBuyer": "1"}, 10)
        self.assertEqual(obj["message"], "Clé API incorrecte")

    def test_no_right_2(self):
        self.assert_rejected({"apiKey": "sim-sms-noright", "type": "simple",
                              "isBuyer": "1"}, 2)
        self.assertEqual(len(self.records()), 1)

    def test_code9_knob(self):
        for fmt in (None, "xml"):
            with self.subTest(fmt=fmt):
                self.knobs(sms_code9=True)
                p = {"apiKey": "sim-sms-key", "type": "advanced",
                     "email": "nine@example.com", "isBuyer": "1"}
                if fmt:
                    p["_format"] = fmt
                obj = self.assert_rejected(p, 9)
                self.assertEqual(obj["message"], "La scala deve essere maggiore di 0")
        self.assertEqual(self.accounts()["sms"], [a for a in self.accounts()["sms"]
                                                  if a["email"] != "nine@example.com"])

    def test_errors_list_key_knob(self):
        # code 7 is a validation error: it comes with an errors/error list or none
        for key in ("errors", "error", "none"):
            for fmt in (None, "xml"):
                with self.subTest(key=key, fmt=fmt):
                    self.knobs(sms_errors_key=key)
                    p = {"apiKey": "sim-sms-key", "type": "advanced",
                         "email": "taken@example.com", "isBuyer": "0"}
                    if fmt:
                        p["_format"] = fmt
                    obj = self.assert_rejected(p, 7)
                    self.assertTrue(obj["message"])

    def test_http_200_status_with_error_body(self):
        # the verdict comes from success/code, not from the HTTP status
        self.knobs(http_status=200)
        self.assert_rejected({"apiKey": "nope", "type": "simple", "isBuyer": "1"}, 10,
                             http_status=200)

    def test_credit_zero_refused_locally(self):
        for bad in ("0", "-5", "abc", "0.00"):
            with self.subTest(credit=bad):
                obj = self.run_sms({"apiKey": "sim-sms-key", "type": "simple",
                                    "isBuyer": "1", "creditToAttribute": bad},
                                   expect_rc=2, expect_status="invalid")
                self.assertEqual(obj["code"], 8, obj)
                self.assertEqual(obj["field"], "creditToAttribute", obj)
                self.assert_nothing_sent()

    def test_credit_sent_as_number(self):
        self.assert_created({"apiKey": "sim-sms-key", "type": "simple", "isBuyer": "1",
                             "creditToAttribute": "12.50"})
        rec = self.one_record("smspartner")
        credit = self.decoded(rec)["parameters"]["creditToAttribute"]
        self.assertIsInstance(credit, float)
        self.assertEqual(credit, 12.5)
        self.assertNotIn('"12.50"', rec["body"])

    def test_local_refusals(self):
        for p, code, field in (
                ({"type": "simple", "isBuyer": "1"}, 1, "apiKey"),
                ({"apiKey": "sim-sms-key", "isBuyer": "1"}, 4, "type"),
                ({"apiKey": "sim-sms-key", "type": "Simple", "isBuyer": "1"}, 5, "type"),
                ({"apiKey": "sim-sms-key", "type": "simple"}, 3, "isBuyer"),
                ({"apiKey": "sim-sms-key", "type": "simple", "isBuyer": "yes"}, 3, "isBuyer"),
                ({"apiKey": "sim-sms-key", "type": "advanced", "isBuyer": "1"}, 6, "email"),
                ({"apiKey": "sim-sms-key", "type": "simple", "isBuyer": "1",
                  "email": "bad@"}, 6, "email")):
            with self.subTest(p=p):
                obj = self.run_sms(p, expect_rc=2, expect_status="invalid")
                self.assertEqual(obj["code"], code, obj)
                self.assertEqual(obj["field"], field, obj)
                self.assert_nothing_sent()


# ---------------------------------------------------------------------------
# Values that need escaping, in every encoding
# ---------------------------------------------------------------------------
class RoundTripTest(CliCase):
    VALUES = [TRICKY, "a+b c%20d%", "&=&=", "<![CDATA[x]]>", "é ü ñ 漢字 😀", "\\ \" '",
              "tab\there"]

    def test_oempro_form(self):
        for i, v in enumerate(self.VALUES):
            with self.subTest(value=v):
                p = {"SessionID": "sim-session", "ClientName": v,
                     "ClientUsername": "rt%d" % i, "ClientPassword": v,
                     "ClientEmailAddress": "rt%d@example.com" % i}
                args = ["%s=%s" % kv for kv in p.items()]
                obj = self.cli("oempro", *args, expect_rc=0, expect_status="created")
                rec = self.records()[-1]
                self.assertTrue(rec["body_utf8_valid"])
                got = dict(rec["decoded"]["body"])
                got.pop("ResponseFormat", None)
                want = {k: [x] for k, x in p.items()}
                want["Command"] = ["Client.Create"]
                self.assertEqual(got, want)
                acc = [a for a in self.accounts()["oempro"]
                       if a["ClientUsername"] == "rt%d" % i][0]
                self.assertEqual(acc["ClientName"], v)
                self.assertEqual(acc["ClientID"], obj["client_id"])

    def test_plesk_xmlrpc(self):
        for i, v in enumerate(self.VALUES):
            with self.subTest(value=v):
                info = {"login": "rt%d" % i, "password": v[:32], "firstName": v,
                        "lastName": v, "company": v, "address": v,
                        "email": "rt%d@example.com" % i, "phone": v, "fax": v, "city": v,
                        "zip": v[:16], "state": v[:32], "country": "FR"}
                args = ["AuthInfo.login=sim-api", "AuthInfo.password=sim-secret"]
                args += ["%s=%s" % kv for kv in info.items()]
                obj = self.cli("plesk", *args, expect_rc=0, expect_status="created")
                self.assertEqual(obj["login"], "rt%d" % i)
                self.assertEqual(obj["password"], v[:32])   # echoed back, unescaped
                rec = self.records()[-1]
                self.assertIsNone(rec["decode_error"])
                self.assertEqual(rec["decoded"]["params"][1], info)

    def test_plesk_typed_answer_echo(self):
        self.knobs(plesk_shape=["typed"], times=0)
        for i, v in enumerate(self.VALUES):
            with self.subTest(value=v):
                args = ["AuthInfo.login=sim-api", "AuthInfo.password=sim-secret",
                        "login=ty%d" % i, "password=" + v[:32], "firstName=F",
                        "lastName=L", "company=C", "address=A", "email=t@example.com",
                        "phone=1", "city=C", "zip=1", "state=S", "country=DE"]
                obj = self.cli("plesk", *args, expect_rc=0, expect_status="created")
                self.assertEqual(obj["password"], v[:32])

    def test_plesk_auth_info(self):
        # the AuthInfo struct is escaped like the ClientInfo one
        obj = self.cli("plesk", "AuthInfo.login=" + TRICKY, "AuthInfo.password=" + TRICKY,
                       "firstName=F", "lastName=L", "company=C", "address=A",
                       "email=t@example.com", "phone=1", "city=C", "zip=1", "state=S",
                       "country=DE", expect_rc=1, expect_status="rejected")
        self.assertEqual(obj["code"], 200)
        self.assertEqual(self.records()[-1]["decoded"]["params"][0],
                         {"login": TRICKY, "password": TRICKY})

    def test_sms_json(self):
        for i, v in enumerate(self.VALUES):
            with self.subTest(value=v):
                p = {"apiKey": "sim-sms-key", "type": "advanced",
                     "email": "rt%d@example.com" % i, "isBuyer": "1",
                     "firstname": v, "lastname": v}
                self.cli("smspartner", *["%s=%s" % kv for kv in p.items()],
                         expect_rc=0, expect_status="created")
                rec = self.records()[-1]
                d = rec["decoded"]
                self.assertEqual(d["apiKey"], "sim-sms-key")
                self.assertEqual(d["type"], "advanced")
                params = dict(d["parameters"])
                self.assertIn(params.pop("isBuyer"), (1, "1", True))
                self.assertEqual(params, {"email": "rt%d@example.com" % i,
                                          "firstname": v, "lastname": v})

    def test_email_special_local_part(self):
        email = "a!#$%&'*+/=?^_`{|}~-b.c@ex-ample.example.com"
        for fmt in (None, "xml"):
            with self.subTest(fmt=fmt):
                self.ctl("POST", "/_sim/reset")
                args = ["apiKey=sim-sms-key", "type=advanced", "isBuyer=1", "email=" + email]
                if fmt:
                    args.append("_format=" + fmt)
                obj = self.cli("smspartner", *args, expect_rc=0, expect_status="created")
                self.assertEqual(obj["email"], email)
                self.assertEqual(obj["send_confirm_mail_to"], email)
                self.assertEqual(self.records()[-1]["decoded"]["parameters"]["email"], email)
        obj = self.cli("oempro", "SessionID=sim-session", "ClientName=N", "ClientUsername=sp",
                       "ClientPassword=p", "ClientEmailAddress=" + email,
                       expect_rc=0, expect_status="created")
        self.assertEqual(self.records()[-1]["decoded"]["body"]["ClientEmailAddress"], [email])
        obj = self.cli("plesk", "AuthInfo.login=sim-api", "AuthInfo.password=sim-secret",
                       "firstName=F", "lastName=L", "company=C", "address=A",
                       "email=" + email, "phone=1", "city=C", "zip=1", "state=S",
                       "country=DE", expect_rc=0, expect_status="created")
        self.assertEqual(self.records()[-1]["decoded"]["params"][1]["email"], email)

    def test_sms_api_key_escaped(self):
        obj = self.cli("smspartner", "apiKey=" + TRICKY, "type=simple", "isBuyer=1",
                       expect_rc=1, expect_status="rejected")
        self.assertEqual(obj["code"], 10)
        self.assertEqual(self.records()[-1]["decoded"]["apiKey"], TRICKY)

    def test_invalid_utf8_refused(self):
        # a value that is not UTF-8 is refused locally whatever the provider
        bad = b"ClientName=Zo\xe9"
        rc, out, err = self.cli_raw([b"oempro", b"--url", self.url(OEMPRO_PATH).encode(),
                                     b"--ca-file", CFG["ca"].encode(),
                                     b"SessionID=sim-session", bad, b"ClientUsername=u",
                                     b"ClientPassword=p", b"ClientEmailAddress=u@example.com"])
        obj = self.parse_line(out, err)
        self.assertEqual(rc, 2, obj)
        self.assertEqual(obj["status"], "invalid")
        self.assert_nothing_sent()


# ---------------------------------------------------------------------------
# Transport and outcome
# ---------------------------------------------------------------------------
def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class TransportTest(CliCase):
    OEMPRO = ["SessionID=sim-session", "ClientName=T", "ClientUsername=tr1",
              "ClientPassword=p", "ClientEmailAddress=tr1@example.com"]
    PLESK = ["AuthInfo.login=sim-api", "AuthInfo.password=sim-secret", "firstName=F",
             "lastName=L", "company=C", "address=A", "email=t@example.com", "phone=1",
             "city=C", "zip=20171", "state=VA", "country=US"]
    SMS = ["apiKey=sim-sms-key", "type=advanced", "email=tr1@example.com", "isBuyer=1"]

    def all_providers(self):
        return (("oempro", self.OEMPRO), ("plesk", self.PLESK), ("smspartner", self.SMS))

    def test_tiny_timeout_before_sending(self):
        obj = self.cli("smspartner", *self.SMS, timeout_ms=1, expect_rc=3,
                       expect_status="timeout")
        self.assertIs(obj["ok"], False)
        self.assert_nothing_sent()

    def test_wrong_ca_tls(self):
        for prov, args in self.all_providers():
            with self.subTest(provider=prov):
                obj = self.cli(prov, *args, ca=CFG["other_ca"], expect_rc=3,
                               expect_status="tls")
                self.assertNotIn("http_status", obj)
        self.assert_nothing_sent()

    def test_ip_literal_refused_or_tls(self):
        # the certificate names 127.0.0.1 too, but mbedTLS 2.28 cannot verify IP
        # literals: whatever happens, never "created" without verification
        obj = self.cli("smspartner", *self.SMS, url=self.url(SMS_PATH, host="127.0.0.1"))
        if obj["status"] != "created":
            self.assertEqual(obj["status"], "tls", obj)
            self.assert_nothing_sent()

    def test_closed_port_network(self):
        port = free_port()
        for prov, args in self.all_providers():
            with self.subTest(provider=prov):
                obj = self.cli(prov, *args, url=self.url("/x", port=port), expect_rc=3,
                               expect_status="network")
                self.assertIs(obj["ok"], False)

    def test_silent_listener_timeout_before_sending(self):
        # accepts TCP, never answers the TLS handshake: nothing was sent -> exit 3
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.1", 0))
        s.listen(4)
        try:
            t0 = time.monotonic()
            obj = self.cli("oempro", *self.OEMPRO,
                           url="https://localhost:%d/api.php" % s.getsockname()[1],
                           timeout_ms=400, expect_rc=3, expect_status="timeout")
            self.assertLess(time.monotonic() - t0, 5)
            self.assertIs(obj["ok"], False)
        finally:
            s.close()

    def test_close_after_request_unknown_outcome(self):
        for prov, args in self.all_providers():
            with self.subTest(provider=prov):
                self.knobs(close_after_request=True)
                n = len(self.records())
                obj = self.cli(prov, *args, expect_rc=4, expect_status="unknown_outcome")
                self.assertIs(obj["ok"], False)
                recs = self.records()
                self.assertEqual(len(recs), n + 1, "the request was sent again")
                self.assertEqual(recs[-1]["knobs"], {"close_after_request": True})
        acc = self.accounts()
        self.assertIn("tr1", [a["ClientUsername"] for a in acc["oempro"]])
        self.assertIn("tr1@example.com", [a["email"] for a in acc["sms"]])

    def test_truncated_answer_unknown(self):
        for prov, args in self.all_providers():
            with self.subTest(provider=prov):
                self.knobs(truncate_body=5)
                n = len(self.records())
                obj = self.cli(prov, *args, expect_rc=4, expect_status="unknown_outcome")
                # cut without TLS close_notify: a truncation
                self.assertEqual(obj["cause"], "truncated", obj)
                self.assertEqual(len(self.records()), n + 1)

    def test_delay_longer_than_timeout(self):
        for prov, args in self.all_providers():
            with self.subTest(provider=prov):
                # the deadline leaves room for a TLS handshake under
                # emulation (tests/cross.sh runs this under qemu-user)
                self.knobs(delay_ms=4500)
                n = len(self.records())
                t0 = time.monotonic()
                obj = self.cli(prov, *args, timeout_ms=2000, expect_rc=4,
                               expect_status="unknown_outcome")
                self.assertEqual(obj["cause"], "timeout", obj)
                self.assertLess(time.monotonic() - t0, 4.2)
                self.assertIs(obj["ok"], False)
                self.assertEqual(len(self.records()), n + 1)

    def test_delay_within_timeout(self):
        self.knobs(delay_ms=300)
        self.cli("oempro", *self.OEMPRO, timeout_ms=5000, expect_rc=0,
                 expect_status="created")

    def test_html_200_protocol(self):
        for prov, args in self.all_providers():
            with self.subTest(provider=prov):
                self.knobs(html_200=True)
                obj = self.cli(prov, *args, expect_rc=4, expect_status="unknown_outcome")
                self.assertEqual(obj["cause"], "protocol")
                self.assertEqual(obj["http_status"], 200)
                self.assertIsNone(obj["code"])
        self.assertEqual(len(self.records()), 3)

    def test_http_503_non_provider_body(self):
        # a 5xx page without a provider verdict may follow a created account
        for prov, args in self.all_providers():
            with self.subTest(provider=prov):
                self.knobs(html_200=True, http_status=503)
                obj = self.cli(prov, *args, expect_rc=4, expect_status="unknown_outcome")
                self.assertEqual(obj["http_status"], 503)
                self.assertEqual(obj["cause"], "http_status")

    def test_http_4xx_non_provider_body(self):
        # a 4xx page without a provider verdict: refused, safe to retry
        for prov, args in self.all_providers():
            with self.subTest(provider=prov):
                self.knobs(html_200=True, http_status=403)
                obj = self.cli(prov, *args, expect_rc=3, expect_status="http")
                self.assertEqual(obj["http_status"], 403)

    def test_unknown_path_404(self):
        obj = self.cli("smspartner", *self.SMS, url=self.url("/nowhere"), expect_rc=3,
                       expect_status="http")
        self.assertEqual(obj["http_status"], 404)

    def test_oempro_hard_failure_404_json(self):
        # a 4xx with the console's JSON body: a provider answer, decoded
        self.knobs(http_status=500)
        obj = self.cli("oempro", *self.OEMPRO[:1] + ["ClientName=N", "ClientUsername=taken",
                                                      "ClientPassword=p",
                                                      "ClientEmailAddress=t9@example.com"],
                       expect_rc=1, expect_status="rejected")
        self.assertEqual(obj["code"], 6)
        self.assertEqual(obj["http_status"], 500)

    def test_friendly_transport_knobs_created(self):
        knobsets = [{"chunked": True}, {"interim_100": True},
                    {"chunked": True, "interim_100": True}, {"connection_close": True},
                    {"no_content_length": True}, {"silent_close": True}]
        for i, k in enumerate(knobsets):
            for prov in ("oempro", "plesk", "smspartner"):
                with self.subTest(knobs=k, provider=prov):
                    self.knobs(**k)
                    if prov == "oempro":
                        args = ["SessionID=sim-session", "ClientName=K",
                                "ClientUsername=k%d" % i, "ClientPassword=p",
                                "ClientEmailAddress=k%d@example.com" % i]
                    elif prov == "plesk":
                        args = self.PLESK + ["login=knob%d" % i]
                    else:
                        args = ["apiKey=sim-sms-key", "type=advanced", "isBuyer=1",
                                "email=k%d@example.com" % i]
                    self.cli(prov, *args, expect_rc=0, expect_status="created")
                    self.assertEqual(self.records()[-1]["knobs"], k)

    def test_chunked_rejected_xml(self):
        self.knobs(chunked=True, interim_100=True, oempro_shape="array")
        obj = self.cli("oempro", "SessionID=sim-session", "ClientName=N",
                       "ClientUsername=taken", "ClientPassword=p",
                       "ClientEmailAddress=taken@example.com", "ResponseFormat=XML",
                       expect_rc=1, expect_status="rejected")
        self.assertEqual(obj["code"], 6)

    def test_odd_headers(self):
        # lower-case names, an 8000-byte header line and a folded one
        self.knobs(odd_headers=True)
        self.cli("smspartner", *self.SMS, expect_rc=0, expect_status="created")

    def test_plain_http(self):
        # http:// to a TLS port: the server never answers HTTP; bounded in time
        obj = self.cli("smspartner", *self.SMS, timeout_ms=1500,
                       url="http://localhost:%d/s/%s%s" % (CFG["port"], self.session,
                                                            SMS_PATH))
        self.assertIn(obj["status"], ("unknown_outcome", "timeout"), obj)


# ---------------------------------------------------------------------------
# Usage
# ---------------------------------------------------------------------------
class UsageTest(CliCase):
    def usage_error(self, args):
        rc, out, err = self.cli_raw(args)
        obj = self.parse_line(out, err)
        self.assertEqual(rc, 2, obj)
        self.assertEqual(obj["status"], "invalid", obj)
        self.assertIs(obj["ok"], False)
        self.assertIn("message", obj)
        self.assertTrue(obj["message"])
        self.assertIn("field", obj)
        self.assertTrue(err.strip(), "a usage error says why on stderr")
        self.check_contract(obj, rc)
        return obj

    def test_help(self):
        for args in (["--help"], ["-h"], ["oempro", "--help"],
                     ["plesk", "--url", "x", "--help"]):
            with self.subTest(args=args):
                rc, out, err = self.cli_raw(args)
                self.assertEqual(rc, 0)
                self.assertIn(b"usage: provkit PROVIDER", out)

    def test_unknown_provider(self):
        obj = self.usage_error(["mailchimp", "--url", self.url("/api.php"), "a=b"])
        self.assertIn("mailchimp", obj["message"])
        self.assert_nothing_sent()

    def test_no_arguments(self):
        self.usage_error([])

    def test_unknown_name(self):
        for prov, name in (("oempro", "Command=Client.Update"), ("oempro", "clientname=x"),
                           ("plesk", "AuthInfo.Login=x"), ("smspartner", "apikey=x"),
                           ("smspartner", "parameters.email=x")):
            with self.subTest(name=name):
                obj = self.usage_error([prov, "--url", self.url("/x"), "--ca-file",
                                        CFG["ca"], name])
                self.assertEqual(obj["provider"], prov)
        self.assert_nothing_sent()

    def test_repeated_name(self):
        self.usage_error(["oempro", "--url", self.url(OEMPRO_PATH), "--ca-file", CFG["ca"],
                          "SessionID=sim-session", "ClientName=a", "ClientName=a",
                          "ClientUsername=r", "ClientPassword=p",
                          "ClientEmailAddress=r@example.com"])
        self.usage_error(["smspartner", "--url", self.url(SMS_PATH), "apiKey=a",
                          "apiKey=b"])
        self.assert_nothing_sent()

    def test_missing_url(self):
        self.usage_error(["smspartner", "--ca-file", CFG["ca"], "apiKey=sim-sms-key",
                          "type=simple", "isBuyer=1"])

    def test_bad_options(self):
        for args in (["oempro", "--url"], ["oempro", "--bogus", "1"],
                     ["oempro", "--url", self.url(OEMPRO_PATH), "--timeout-ms", "0"],
                     ["oempro", "--url", self.url(OEMPRO_PATH), "--timeout-ms", "-5"],
                     ["oempro", "--url", self.url(OEMPRO_PATH), "--timeout-ms=12x"],
                     ["oempro", "--url", self.url(OEMPRO_PATH), "--insecure=yes"],
                     ["oempro", "--url", self.url(OEMPRO_PATH), "noequals"],
                     ["oempro", "--url", self.url(OEMPRO_PATH), "=value"],
                     ["oempro", "--url", "ftp://localhost/api.php", "SessionID=x"],
                     ["oempro", "--url", self.url(OEMPRO_PATH), "--ca-file",
                      "/nonexistent/ca.pem", "SessionID=sim-session", "ClientName=N",
                      "ClientUsername=u", "ClientPassword=p",
                      "ClientEmailAddress=u@example.com"]):
            with self.subTest(args=args):
                self.usage_error(args)
        self.assert_nothing_sent()

    def test_unusable_urls(self):
        base = self.url(SMS_PATH)
        for url in (base + "\r\nX-Injected: 1", base + " x", base + "#frag",
                    "https://user:pw@localhost:%d/s/%s%s" % (CFG["port"], self.session,
                                                            SMS_PATH),
                    "https://localhost:99999/x", "https://localhost:/x",
                    "https://localhost:%d%s?a=\u00e9" % (CFG["port"], SMS_PATH),
                    "localhost:%d/x" % CFG["port"], "https:///x"):
            with self.subTest(url=url):
                obj = self.usage_error(["smspartner", "--url", url, "--ca-file", CFG["ca"],
                                        "apiKey=sim-sms-key", "type=simple", "isBuyer=1"])
                self.assertIsNone(obj["code"])
        self.assert_nothing_sent()

    def test_option_forms(self):
        # --url=URL and --timeout-ms=N forms are accepted
        obj = self.cli("smspartner", "apiKey=sim-sms-key", "type=simple", "isBuyer=1",
                       url=False, ca=False,
                       opts=["--url=" + self.url(SMS_PATH), "--ca-file=" + CFG["ca"],
                             "--timeout-ms=5000"],
                       expect_rc=0, expect_status="created")
        self.assertEqual(obj["provider"], "smspartner")

    def test_insecure(self):
        rc, out, err = self.cli_raw(["smspartner", "--url", self.url(SMS_PATH),
                                     "--ca-file", CFG["other_ca"], "--insecure",
                                     "apiKey=sim-sms-key", "type=simple", "isBuyer=1"])
        obj = self.parse_line(out, err)
        self.assertEqual((rc, obj["status"]), (0, "created"), obj)
        self.assertIn("NOT verified", err)


# ---------------------------------------------------------------------------
# Secrets, version, --no-validate, reasons
# ---------------------------------------------------------------------------
class SecretsTest(CliCase):
    """NAME=@PATH, NAME=@-, NAME=\\@literal; no value in any message."""
    SECRET = "S3cr3t-\u00e9-&<x>"

    def secret_file(self, text, name="secret"):
        import tempfile
        d = tempfile.mkdtemp(prefix="provkit-cli-")
        path = os.path.join(d, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        self.addCleanup(lambda: (os.unlink(path), os.rmdir(d)))
        return path

    def plesk_args(self, login):
        return ["AuthInfo.login=sim-api", "login=%s" % login, "firstName=A", "lastName=B",
                "company=C", "address=1 Main St", "email=%s@example.com" % login,
                "phone=555", "city=X", "zip=20171", "state=VA", "country=US"]

    def test_value_from_file(self):
        # the file's contents, one trailing newline removed
        pw = self.secret_file("sim-secret\n")
        cpw = self.secret_file(self.SECRET + "\r\n", "client")
        obj = self.cli("plesk", *self.plesk_args("fromfile"),
                       "AuthInfo.password=@" + pw, "password=@" + cpw,
                       expect_rc=0, expect_status="created")
        rec = self.one_record("plesk")
        auth, info = rec["decoded"]["params"]
        self.assertEqual(auth["password"], "sim-secret")
        self.assertEqual(info["password"], self.SECRET)
        self.assertEqual(obj["password"], self.SECRET)

    def test_value_from_stdin(self):
        args = [CFG["cli"], "smspartner", "--url", self.url(SMS_PATH), "--ca-file", CFG["ca"],
                "apiKey=@-", "type=simple", "isBuyer=0"]
        p = subprocess.run(args, input=b"sim-sms-key\n", stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=CLI_TIMEOUT)
        obj = self.parse_line(p.stdout, p.stderr)
        self.assertEqual((p.returncode, obj["status"]), (0, "created"), obj)
        self.assertEqual(self.one_record("smspartner")["decoded"]["apiKey"], "sim-sms-key")
        # standard input can be read once only
        args += ["firstname=@-"]
        p = subprocess.run(args, input=b"x", stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=CLI_TIMEOUT)
        obj = self.parse_line(p.stdout, p.stderr)
        self.assertEqual((p.returncode, obj["status"]), (2, "invalid"), obj)

    def test_literal_at(self):
        obj = self.cli("smspartner", "apiKey=sim-sms-key", "type=simple", "isBuyer=0",
                       "firstname=\\@home", "lastname=\\@@x", expect_rc=0,
                       expect_status="created")
        p = self.one_record("smspartner")["decoded"]["parameters"]
        self.assertEqual((p["firstname"], p["lastname"]), ("@home", "@@x"))

    def test_no_value_in_any_message(self):
        secret = "Hunter2-do-not-echo"
        cases = [
            ["plesk", "--url", self.url(PLESK_PATH), "--ca-file", CFG["ca"],
             "AuthInfo.pasword=" + secret],                           # misspelled name
            ["plesk", "--url", self.url(PLESK_PATH), "--ca-file", CFG["ca"], secret],
            ["plesk", "--url", self.url(PLESK_PATH), "--ca-file", CFG["ca"],
             "password=" + secret, "password=" + secret],             # repeated
            ["plesk", "--url", self.url(PLESK_PATH), "--ca-file", CFG["ca"],
             "AuthInfo.login=@/nonexistent/" + secret],               # unreadable file
            ["plesk", "--url", self.url(PLESK_PATH), "--ca-file", CFG["ca"],
             "AuthInfo.login=sim-api", "AuthInfo.password=" + secret,
             "firstName=" + secret + "\x01"],                      # refused value
            ["plesk", "--url", self.url(PLESK_PATH), "--ca-file", CFG["ca"],
             "AuthInfo.login=sim-api", "AuthInfo.password=" + secret, "country=" + secret],
            ["oempro", "--url", self.url(OEMPRO_PATH), "--ca-file", CFG["ca"],
             "ClientPassword=" + secret, "ClientEmailAddress=" + secret],
            ["smspartner", "--url", "https://localhost:1/x", "--ca-file", CFG["ca"],
             "apiKey=" + secret, "type=simple", "isBuyer=0"],          # network error
        ]
        for args in cases:
            with self.subTest(args=args[-1][:30]):
                rc, out, err = self.cli_raw(args)
                self.assertNotIn(secret, out.decode("utf-8"))
                self.assertNotIn(secret, err)
                self.assertIn(rc, (2, 3))
        # a misspelled name: the name and a hint, never the value
        rc, out, err = self.cli_raw(cases[0])
        obj = self.parse_line(out, err)
        self.assertIn("AuthInfo.pasword", obj["message"])
        self.assertIn("did you mean AuthInfo.password", obj["message"])
        self.assert_nothing_sent()

    def test_version(self):
        rc, out, err = self.cli_raw(["--version"])
        self.assertEqual(rc, 0)
        self.assertRegex(out.decode(), r"^provkit \d+\.\d+\.\d+\n$")

    def test_network_error_names_host_port_reason(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()  # nothing listens there now
        obj = self.cli("smspartner", "apiKey=k", "type=simple", "isBuyer=0",
                       url="https://127.0.0.1:%d/x" % port, expect_rc=3,
                       expect_status="network")
        self.assertIn("127.0.0.1", obj["message"])
        self.assertIn(str(port), obj["message"])
        if os.environ.get("PROVKIT_TEST_SO_ERROR_UNTRANSLATED"):
            # qemu-user 7.2 passes getsockopt(SO_ERROR) through untranslated:
            # on MIPS, the host's 111 is no errno (ECONNREFUSED is 146)
            # (tests/openwrt/check.sh); the rest of the message still holds
            self.assertIn("cannot connect", obj["message"])
        else:
            self.assertIn("refused", obj["message"].lower())
        obj = self.cli("smspartner", "apiKey=k", "type=simple", "isBuyer=0",
                       url="https://nonexistent.invalid/x", expect_rc=3,
                       expect_status="network")
        self.assertIn("nonexistent.invalid", obj["message"])

    def test_no_validate(self):
        # a rule the document states, skipped: the server's own verdict
        args = ["AuthInfo.login=sim-api", "AuthInfo.password=sim-secret", "firstName=A",
                "lastName=B", "company=C", "address=1 Main St", "email=nv@example.com",
                "phone=555", "city=X", "zip=2017", "state=VA", "country=US"]
        obj = self.cli("plesk", *args, expect_rc=2, expect_status="invalid")
        self.assertEqual(obj["field"], "zip")
        self.assert_nothing_sent()
        obj = self.cli("plesk", *args, opts=["--no-validate"], expect_rc=1,
                       expect_status="rejected")
        self.assertEqual(obj["code"], 441)
        # the encoding still applies: XML 1.0 cannot carry U+0001
        obj = self.cli("plesk", *(args[:-1] + ["country=U\x01"]), opts=["--no-validate"],
                       expect_rc=2, expect_status="invalid")
        self.assertEqual(obj["field"], "country")
        self.assertEqual(len(self.records()), 1)

    def test_cr_lf_every_plesk_field(self):
        # TAB, CR and LF reach the server exactly as given, in every member
        # that takes free text (zip/country/email have their own rules)
        base = {"AuthInfo.login": "sim-api", "AuthInfo.password": "sim-secret",
                "login": "crlf1", "password": "pw", "firstName": "A", "lastName": "B",
                "company": "C", "address": "1", "email": "crlf1@example.com", "phone": "5",
                "fax": "6", "city": "X", "zip": "Z", "state": "S", "country": "GB"}
        for name in ("firstName", "lastName", "company", "address", "phone", "fax", "city",
                     "state", "password"):
            with self.subTest(field=name):
                p = dict(base)
                p["login"] = "crlf%d" % len(self.records())
                p["email"] = "%s@example.com" % p["login"]
                p[name] = "a\r\nb\tc"
                self.cli("plesk", *["%s=%s" % kv for kv in p.items()], expect_rc=0,
                         expect_status="created")
                info = self.records()[-1]["decoded"]["params"][1]
                self.assertEqual(info[name], "a\r\nb\tc")


class OddAnswerTest(CliCase):
    """A created account is never reported as a failure: odd or oversized
    fields beside the verdict are kept (cut, and named in "truncated")."""
    PLESK = ["AuthInfo.login=sim-api", "AuthInfo.password=sim-secret", "firstName=A",
             "lastName=B", "company=C", "address=1", "email=odd@example.com", "phone=5",
             "city=X", "zip=20171", "state=VA", "country=US"]

    def test_plesk_long_members(self):
        cid, login = "9" * 40, "\u00e9" * 100
        self.knobs(answer_body=(
            "<?xml version='1.0'?><methodResponse><params><param><value><struct>"
            "<member><name>clientId</name><value>%s</value></member>"
            "<member><name>login</name><value>%s</value></member>"
            "<member><name>resultCode</name><value><int>100</int></value></member>"
            "</struct></value></param></params></methodResponse>" % (cid, login)))
        obj = self.cli("plesk", *self.PLESK, expect_rc=0, expect_status="created")
        self.assertEqual(obj["truncated"], ["clientId", "login"])
        self.assertEqual(obj["client_id"], cid[:31])
        self.assertTrue(login.startswith(obj["login"]) and len(obj["login"]) == 64, obj)
        self.assertEqual(len(self.records()), 1)

    def test_oempro_odd_fields(self):
        args = ["SessionID=sim-session", "ClientName=N", "ClientUsername=oddo",
                "ClientPassword=p", "ClientEmailAddress=oddo@example.com"]
        for body, cid in (('\ufeff{"Success":true,"ErrorCode":null,"ClientID":1001.0}', 1001),
                          ('{"Success":true,"ErrorCode":"","ClientID":"C-77"}', "C-77")):
            with self.subTest(body=body):
                self.knobs(answer_body=body)
                obj = self.cli("oempro", *args, expect_rc=0, expect_status="created")
                self.assertEqual(obj["client_id"], cid)
                self.assertNotIn("truncated", obj)
        # a verdict that contradicts itself is never "created"
        self.knobs(answer_body='{"Success":true,"ErrorCode":6,"ClientID":1001}')
        obj = self.cli("oempro", *args, expect_rc=4, expect_status="unknown_outcome")
        self.assertEqual(obj["cause"], "protocol")

    def test_sms_numeric_token_long_email(self):
        mail = "e" * 300 + "@example.com"
        self.knobs(answer_body='{"success":true,"code":200,"subaccount":{"email":"%s",'
                               '"token":123456789},"parent_email":"p@x.cc"}' % mail)
        obj = self.cli("smspartner", "apiKey=sim-sms-key", "type=simple", "isBuyer=0",
                       expect_rc=0, expect_status="created")
        self.assertEqual(obj["token"], "123456789")
        self.assertEqual(obj["truncated"], ["subaccount.email"])
        self.assertEqual(obj["email"], mail[:255])
        # success and an out-of-range code: not trusted, nothing kept
        self.knobs(answer_body='{"success":true,"code":4294967496,"subaccount":{"email":"a@b.cc"}}')
        obj = self.cli("smspartner", "apiKey=sim-sms-key", "type=simple", "isBuyer=0",
                       expect_rc=4, expect_status="unknown_outcome")
        self.assertNotIn("email", obj)

    def test_status_600_to_999(self):
        # RFC 9110: an unknown status class is treated as 5xx
        for st in (600, 999):
            with self.subTest(status=st):
                self.knobs(html_200=True, http_status=st)
                obj = self.cli("smspartner", "apiKey=sim-sms-key", "type=simple",
                               "isBuyer=0", expect_rc=4, expect_status="unknown_outcome")
                self.assertEqual((obj["http_status"], obj["cause"]), (st, "http_status"))

    def test_many_header_lines(self):
        # odd_headers: folded, 8000-byte and mixed-case lines and 100 more
        # (a head of over 100 lines); with chunked and an interim 100
        self.knobs(odd_headers=True, chunked=True, interim_100=True)
        self.cli("smspartner", "apiKey=sim-sms-key", "type=simple", "isBuyer=0",
                 expect_rc=0, expect_status="created")


class RelaxedRulesTest(CliCase):
    """Local validation is never stricter than the provider's documents."""

    def test_plesk_without_auth_password(self):
        # the seed's own example sends AuthInfo with a login only: the
        # request goes out and the server's rule answers (400 here)
        obj = self.cli("plesk", "AuthInfo.login=sim-api", "firstName=A", "lastName=B",
                       "company=C", "address=1", "email=np@example.com", "phone=5",
                       "city=X", "zip=20171", "state=VA", "country=US", expect_rc=1,
                       expect_status="rejected")
        self.assertEqual(obj["code"], 400)
        self.assertEqual(len(self.records()), 1)

    def test_plesk_email_256(self):
        mail = "m" * 243 + "@example.com"  # 255 + 1 = 256 characters
        mail = "m" + mail
        self.assertEqual(len(mail), 256)
        self.cli("plesk", "AuthInfo.login=sim-api", "AuthInfo.password=sim-secret",
                 "firstName=A", "lastName=B", "company=C", "address=1", "email=" + mail,
                 "phone=5", "city=X", "zip=20171", "state=VA", "country=US",
                 expect_rc=0, expect_status="created")

    def test_oempro_without_credentials(self):
        obj = self.cli("oempro", "ClientName=N", "ClientUsername=nocred",
                       "ClientPassword=p", "ClientEmailAddress=nocred@example.com",
                       expect_rc=1, expect_status="rejected")
        self.assertEqual(obj["code"], 99998)

    def test_sms_format_upper_case(self):
        obj = self.cli("smspartner", "apiKey=sim-sms-key", "type=simple", "isBuyer=0",
                       "_format=XML", expect_rc=0, expect_status="created")
        rec = self.one_record("smspartner")
        self.assertEqual(rec["query"], "_format=xml")
        ctype = dict((k.lower(), v) for k, v in rec["headers"]).get("accept", "")
        self.assertIn("xml", ctype)


def iter_tests(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from iter_tests(t)
        else:
            yield t


def run_tests(names, jobs):
    """Run the tests, jobs at a time: they are independent (one simulator
    session each) and mostly wait on the network, so this keeps the whole
    file within a few seconds."""
    loader = unittest.defaultTestLoader
    mod = sys.modules[__name__]
    suite = loader.loadTestsFromNames(names, mod) if names else \
        loader.loadTestsFromModule(mod)
    tests = list(iter_tests(suite))
    lock = threading.Lock()

    def one(test):
        r = unittest.TestResult()
        t0 = time.monotonic()
        test.run(r)
        verdict = "FAIL" if (r.failures or r.errors or r.unexpectedSuccesses) else \
            "skipped" if r.skipped else "ok"
        with lock:
            print("%s ... %s (%.2fs)" % (test.id(), verdict, time.monotonic() - t0),
                  flush=True)
        return r

    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max(1, jobs)) as ex:
        results = list(ex.map(one, tests))
    failures = [f for r in results for f in r.failures + r.errors]
    for test, tb in failures:
        print("=" * 70 + "\nFAIL: %s\n" % test + "-" * 70 + "\n" + tb)
    unexpected = [t for r in results for t in r.unexpectedSuccesses]
    for test in unexpected:
        print("UNEXPECTED SUCCESS: %s" % test)
    print("-" * 70 + "\nRan %d tests in %.1fs, %d jobs: %s" % (
        len(tests), time.monotonic() - t0, jobs,
        "FAILED (%d failures/errors, %d unexpected successes)" % (len(failures),
                                                                  len(unexpected))
        if failures or unexpected else "OK"))
    return not failures and not unexpected


def main():
    names = []
    jobs = int(os.environ.get("PROVKIT_TEST_JOBS", "8"))
    args = sys.argv[1:]
    i = 0
    while i < len(args):
        a = args[i]
        opt = {"--cli": "cli", "--port-file": "port_file", "--ca": "ca",
               "--other-ca": "other_ca", "-j": "jobs", "--jobs": "jobs"}.get(a)
        if opt and i + 1 < len(args):
            if opt == "jobs":
                jobs = int(args[i + 1])
            else:
                CFG[opt] = args[i + 1]
            i += 2
            continue
        names.append(a)
        i += 1
    CFG["cli"] = CFG["cli"] or os.environ.get("PROVKIT_CLI")
    port_file = CFG.pop("port_file", None) or os.environ.get("PROVKIT_SIM_PORT_FILE")
    CFG["ca"] = CFG["ca"] or os.environ.get("PROVKIT_SIM_CA")
    CFG["other_ca"] = CFG["other_ca"] or os.environ.get("PROVKIT_SIM_OTHER_CA")
    if not (CFG["cli"] and port_file and CFG["ca"]):
        sys.stderr.write("test_cli.py: need --cli, --port-file and --ca "
                         "(or PROVKIT_CLI, PROVKIT_SIM_PORT_FILE, PROVKIT_SIM_CA)\n")
        return 2
    if not CFG["other_ca"]:
        CFG["other_ca"] = os.path.join(os.path.dirname(CFG["ca"]), "other-ca.pem")
    with open(port_file) as f:
        CFG["port"] = int(f.read().strip())
    for k in ("cli", "ca", "other_ca"):
        if not os.path.exists(CFG[k]):
            sys.stderr.write("test_cli.py: %s not found: %s\n" % (k, CFG[k]))
            return 2
    return 0 if run_tests(names, jobs) else 1


if __name__ == "__main__":
    sys.exit(main())
