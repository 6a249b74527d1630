#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Self-test of the provider simulator (tests/sim/sim.py), stdlib unittest only.

Against a running simulator (ctest sim.selftest, fixture "sim"):
    test_sim.py --port-file BUILD/tests/sim-state/port --ca BUILD/tests/certs/ca.pem
  or the environment PROVKIT_SIM_PORT_FILE / PROVKIT_SIM_CA.
With neither, it makes a throw-away PKI (make_certs.sh) and starts its own.
The start/stop scripts (ctest sim.scripts):
    test_sim.py --scripts --cert-dir BUILD/tests/certs --state-dir DIR

Every test uses its own simulator session (/s/<name>/...), so it never
disturbs other tests that share the server.
"""

import http.client
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse
import warnings
import xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
CFG = {"port": None, "ca": None}

TRICKY = "a&b=c+d%e<f>g\"h'i é ü ñ 漢字 😀"


class SimCase(unittest.TestCase):
    def setUp(self):
        self.session = "t%d-%s" % (os.getpid(), self._testMethodName[:40])
        self.ctx = ssl.create_default_context(cafile=CFG["ca"])
        self.ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        self.conn = self.new_conn()
        self.ctl("POST", "/_sim/reset")

    def tearDown(self):
        self.conn.close()

    def new_conn(self):
        return http.client.HTTPSConnection("127.0.0.1", CFG["port"], context=self.ctx,
                                           timeout=10)

    # ---- plumbing -------------------------------------------------------
    def req(self, method, path, body=b"", ctype=None, conn=None, headers=None):
        conn = conn or self.conn
        h = dict(headers or {})
        if ctype:
            h["Content-Type"] = ctype
        if isinstance(body, str):
            body = body.encode("utf-8")
        conn.request(method, "/s/%s%s" % (self.session, path), body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        return r, data

    def ctl(self, method, path, obj=None):
        c = self.new_conn()
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

    def records(self, **q):
        st, res = self.ctl("GET", "/_sim/requests" + ("?" + urllib.parse.urlencode(q)
                                                      if q else ""))
        self.assertEqual(st, 200)
        return res

    def accounts(self):
        return self.ctl("GET", "/_sim/accounts")[1]

    # Oempro
    def oempro_raw(self, params, query=None, ctype="application/x-www-form-urlencoded",
                   conn=None):
        path = "/api.php" + ("?" + urllib.parse.urlencode(query) if query else "")
        body = urllib.parse.urlencode(params) if isinstance(params, dict) else params
        return self.req("POST", path, body, ctype, conn=conn)

    def oempro(self, **params):
        base = {"Command": "Client.Create", "SessionID": "sim-session"}
        base.update(params)
        base = {k: v for k, v in base.items() if v is not None}
        r, data = self.oempro_raw(base)
        self.assertEqual(r.status, 200, data)
        return json.loads(data)

    def oempro_full(self, n, **extra):
        p = dict(ClientName="Name %d" % n, ClientUsername="user%d" % n,
                 ClientPassword="pw%d" % n, ClientEmailAddress="u%d@example.com" % n)
        p.update(extra)
        return self.oempro(**p)

    # Plesk
    AUTH = {"login": "sim-api", "password": "sim-secret"}

    @staticmethod
    def client_info(**kw):
        info = {"firstName": "John", "lastName": "Doe", "company": "Example, Inc.",
                "address": "Examplestreet 22", "email": "jdoe@example.com",
                "phone": "703 973 2323", "fax": "703 943 3434", "city": "Example City",
                "state": "Virginia", "zip": "20171", "country": "US"}
        info.update(kw)
        return {k: v for k, v in info.items() if v is not None}

    def plesk_raw(self, body, ctype="text/xml", conn=None):
        r, data = self.req("POST", "/RPC2", body, ctype, conn=conn)
        return r, data

    def plesk(self, *params, method="partner10.createClient", conn=None):
        body = xmlrpc.client.dumps(tuple(params), method, encoding="UTF-8")
        r, data = self.plesk_raw(body, conn=conn)
        self.assertEqual(r.status, 200, data)
        self.assertEqual(r.getheader("Content-Type"), "text/xml")
        return xmlrpc.client.loads(data)[0][0]

    def create(self, **kw):
        return self.plesk(self.AUTH, self.client_info(**kw))

    # SMS Partner
    def sms_raw(self, obj, fmt=None, conn=None):
        path = "/v1/subaccount/create" + ("?_format=" + fmt if fmt else "")
        body = json.dumps(obj) if not isinstance(obj, (bytes, str)) else obj
        return self.req("POST", path, body, "application/json", conn=conn)

    def sms(self, obj, status=None):
        r, data = self.sms_raw(obj)
        self.assertEqual(r.getheader("Content-Type"), "application/json")
        if status is not None:
            self.assertEqual(r.status, status, data)
        return json.loads(data)

    def sms_ok(self, typ="advanced", key="sim-sms-key", **params):
        p = {"isBuyer": 0}
        p.update(params)
        p = {k: v for k, v in p.items() if v is not None}
        return self.sms({"apiKey": key, "type": typ, "parameters": p})

    def raw_exchange(self, request_bytes, limit=1 << 20):
        """Send bytes over a fresh TLS socket, read everything until close."""
        s = socket.create_connection(("127.0.0.1", CFG["port"]), timeout=10)
        t = self.ctx.wrap_socket(s, server_hostname="127.0.0.1")
        try:
            t.sendall(request_bytes)
            out = b""
            while len(out) < limit:
                try:
                    d = t.recv(65536)
                except (ssl.SSLError, ConnectionError):
                    break
                if not d:
                    break
                out += d
            return out
        finally:
            t.close()

    def raw_post(self, path, body, ctype, close=True):
        return (("POST /s/%s%s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: %s\r\n"
                 "Content-Length: %d\r\n%s\r\n" % (self.session, path, ctype, len(body),
                                                   "Connection: close\r\n" if close else ""))
                .encode() + body)


# ==========================================================================
class OemproTest(SimCase):
    def test_success_and_ids(self):
        a = self.oempro_full(1)
        self.assertEqual(a["Success"], True)
        self.assertEqual(a["ErrorCode"], 0)
        self.assertIsInstance(a["ClientID"], int)
        b = self.oempro_full(2)
        self.assertGreater(b["ClientID"], a["ClientID"])
        self.assertNotIn("ErrorText", a)

    def test_required_codes_in_order(self):
        full = dict(ClientName="N", ClientUsername="u", ClientPassword="p",
                    ClientEmailAddress="e@example.com")
        for code, field in ((1, "ClientName"), (2, "ClientUsername"),
                            (3, "ClientPassword"), (4, "ClientEmailAddress")):
            for missing in (None, ""):
                p = dict(full)
                p[field] = missing
                res = self.oempro(**p)
                self.assertEqual((res["Success"], res["ErrorCode"]), (False, code), res)
                self.assertIsInstance(res["ErrorText"], str)
        # several missing: the first code only by default
        res = self.oempro(ClientUsername="u")
        self.assertEqual(res["ErrorCode"], 1)

    def test_email_format_code5(self):
        for bad in ("plain", "a@b", "a@@b.com", "a b@example.com", "@example.com",
                    "a@example..com", "é@example.com"):
            res = self.oempro_full(1, ClientEmailAddress=bad)
            self.assertEqual(res["ErrorCode"], 5, bad)

    def test_duplicates_6_7(self):
        self.assertEqual(self.oempro_full(1)["ErrorCode"], 0)
        self.assertEqual(self.oempro_full(1, ClientEmailAddress="other@example.com")
                         ["ErrorCode"], 6)
        self.assertEqual(self.oempro_full(1, ClientUsername="USER1",
                                          ClientEmailAddress="x@example.com")["ErrorCode"], 6)
        self.assertEqual(self.oempro_full(9, ClientEmailAddress="U1@EXAMPLE.com")
                         ["ErrorCode"], 7)
        # preloaded account
        self.assertEqual(self.oempro_full(9, ClientUsername="taken")["ErrorCode"], 6)
        self.assertEqual(self.oempro_full(9, ClientEmailAddress="taken@example.com")
                         ["ErrorCode"], 7)

    def test_auth_99998_99999(self):
        self.assertEqual(self.oempro_full(1, SessionID=None)["ErrorCode"], 99998)
        self.assertEqual(self.oempro_full(1, SessionID="nope")["ErrorCode"], 99998)
        self.assertEqual(self.oempro_full(1, SessionID=None, APIKey="nope")["ErrorCode"],
                         99998)
        self.assertEqual(self.oempro_full(1, SessionID="sim-readonly")["ErrorCode"], 99999)
        self.assertEqual(self.oempro_full(1, SessionID=None, APIKey="sim-readonly-key")
                         ["ErrorCode"], 99999)
        self.assertEqual(self.oempro_full(1, SessionID=None, APIKey="sim-apikey")
                         ["ErrorCode"], 0)
        # auth is checked before the fields
        self.assertEqual(self.oempro(SessionID="nope")["ErrorCode"], 99998)

    def test_access_and_status(self):
        self.assertEqual(self.oempro_full(1, Access="client")["ErrorCode"], 0)
        self.assertEqual(self.oempro_full(2, Access="user",
                                          ClientAccountStatus="Disabled")["ErrorCode"], 0)
        self.assertEqual(self.oempro_full(3, ClientAccountStatus="weird")["ErrorCode"], 0)
        accs = {a["ClientUsername"]: a for a in self.accounts()["oempro"]}
        self.assertEqual(accs["user1"]["Access"], "client")
        self.assertEqual(accs["user1"]["ClientAccountStatus"], "Enabled")
        self.assertEqual(accs["user2"]["ClientAccountStatus"], "Disabled")
        self.assertEqual(accs["user3"]["ClientAccountStatus"], "weird")
        r, data = self.oempro_raw({"Command": "Client.Create", "SessionID": "sim-session",
                                   "Access": "admin"})
        self.assertEqual(r.status, 400)
        self.assertFalse(json.loads(data)["Success"])

    def test_hard_failures(self):
        r, data = self.oempro_raw({"Command": "Client.Update", "SessionID": "sim-session"})
        self.assertEqual(r.status, 404)
        self.assertEqual(json.loads(data)["ErrorCode"], 404)
        r, data = self.oempro_raw({"SessionID": "sim-session"})
        self.assertEqual(r.status, 400)
        for bad in (b"Command=Client.Create&broken", b"a=%C3", b"a=1&&b=2",
                    "ClientName=é".encode()):
            r, data = self.oempro_raw(bad)
            self.assertEqual(r.status, 400, bad)
            body = json.loads(data)
            self.assertEqual((body["Success"], body["ErrorCode"]), (False, 400))
            self.assertEqual(r.getheader("Content-Type"), "application/json; charset=utf-8")
        r, data = self.oempro_raw({"Command": "Client.Create"}, ctype="text/plain")
        self.assertEqual(r.status, 400)
        r, data = self.oempro_raw({"Command": "Client.Create", "ResponseFormat": "json"})
        self.assertEqual(r.status, 400)
        r, data = self.oempro_raw({"Command": "Client.Create", "JSONPCallBack": "a(b)"})
        self.assertEqual(r.status, 400)
        r, data = self.req("PUT", "/api.php")
        self.assertEqual(r.status, 405)
        rec = [x for x in self.records(provider="oempro") if x["decode_error"]]
        self.assertGreaterEqual(len(rec), 4)

    def test_query_string_and_get(self):
        q = {"Command": "Client.Create", "SessionID": "sim-session"}
        r, data = self.oempro_raw({"ClientName": "N", "ClientUsername": "q1",
                                   "ClientPassword": "p", "ClientEmailAddress": "q1@ex.com"},
                                  query=q)
        self.assertEqual(json.loads(data)["ErrorCode"], 0)
        q.update(ClientName="N", ClientUsername="q2", ClientPassword="p",
                 ClientEmailAddress="q2@ex.com")
        r, data = self.req("GET", "/api.php?" + urllib.parse.urlencode(q))
        self.assertEqual(json.loads(data)["ErrorCode"], 0)
        # body overrides query; last duplicate wins
        r, data = self.oempro_raw("Command=Client.Create&SessionID=bad&SessionID=sim-session"
                                  "&ClientName=N&ClientUsername=q3&ClientPassword=p"
                                  "&ClientEmailAddress=q3@ex.com",
                                  query={"SessionID": "bad"})
        self.assertEqual(json.loads(data)["ErrorCode"], 0)

    def test_xml_and_jsonp(self):
        r, data = self.oempro_raw({"Command": "Client.Create", "SessionID": "sim-session",
                                   "ResponseFormat": "XML", "ClientName": "N",
                                   "ClientUsername": "x1", "ClientPassword": "p",
                                   "ClientEmailAddress": "x1@example.com"})
        self.assertEqual(r.getheader("Content-Type"), "text/xml; charset=utf-8")
        text = data.decode()
        self.assertTrue(text.startswith('<?xml version="1.0" encoding="utf-8"?><response>'))
        self.assertIn("<Success>true</Success><ErrorCode>0</ErrorCode><ClientID>", text)
        r, data = self.oempro_raw({"Command": "Client.Create", "SessionID": "sim-session",
                                   "ResponseFormat": "XML"})
        self.assertIn(b"<Success>false</Success><ErrorCode>1</ErrorCode>"
                      b"<ErrorText><![CDATA[Client name missing]]></ErrorText>", data)
        r, data = self.oempro_raw({"Command": "Client.Create", "SessionID": "sim-session",
                                   "JSONPCallBack": "jQuery123_cb"})
        self.assertEqual(r.getheader("Content-Type"), "application/javascript; charset=utf-8")
        self.assertTrue(data.startswith(b"jQuery123_cb({") and data.endswith(b"})"))
        self.assertEqual(json.loads(data[len("jQuery123_cb("):-1])["ErrorCode"], 1)

    def test_shape_array(self):
        self.knobs(oempro_shape="array")
        res = self.oempro(ClientUsername="u", ClientEmailAddress="bad")
        self.assertEqual(res["ErrorCode"], [1, 3, 5])
        self.assertEqual(res["ErrorText"], ["Client name missing", "Client password missing",
                                            "Email address format is invalid"])
        self.knobs(oempro_shape="array", times=2)
        self.oempro_full(1)
        res = self.oempro_full(1)
        self.assertEqual(res["ErrorCode"], [6, 7])
        self.knobs(oempro_shape=["array"])
        r, data = self.oempro_raw({"Command": "Client.Create", "SessionID": "x",
                                   "ResponseFormat": "XML"})
        self.assertIn(b"<ErrorCode><item>99998</item></ErrorCode><ErrorText><item><![CDATA[",
                      data)

    def test_shape_string_id_success_one(self):
        self.knobs(oempro_shape=["string_id", "success_one"])
        res = self.oempro_full(1)
        self.assertEqual(res["Success"], 1)
        self.assertIsInstance(res["ClientID"], str)
        self.assertTrue(res["ClientID"].isdigit())
        self.knobs(oempro_shape="success_string")
        self.assertEqual(self.oempro_full(2)["Success"], "1")
        self.knobs(oempro_shape="success_string")
        self.assertEqual(self.oempro()["Success"], "0")
        self.knobs(oempro_shape="success_one")
        self.assertEqual(self.oempro()["Success"], 0)
        # knob used up: back to the default shape
        self.assertIs(self.oempro()["Success"], False)

    def test_shape_xml_cdata_empty_false(self):
        self.knobs(oempro_shape=["xml_cdata", "string_id"])
        r, data = self.oempro_raw({"Command": "Client.Create", "SessionID": "sim-session",
                                   "ResponseFormat": "XML", "ClientName": "N",
                                   "ClientUsername": "c1", "ClientPassword": "p",
                                   "ClientEmailAddress": "c1@example.com"})
        self.assertIn(b"<Success><![CDATA[true]]></Success><ErrorCode><![CDATA[0]]>"
                      b"</ErrorCode><ClientID><![CDATA[", data)
        self.knobs(oempro_shape="xml_empty_false")
        r, data = self.oempro_raw({"Command": "Client.Create", "SessionID": "sim-session",
                                   "ResponseFormat": "XML"})
        self.assertIn(b"<Success></Success><ErrorCode>1</ErrorCode>", data)


# ==========================================================================
class PleskTest(SimCase):
    def test_success_seed_shape(self):
        res = self.create(login="jdoe", password="secret1")
        self.assertEqual(res["resultCode"], 100)
        self.assertEqual(res["login"], "jdoe")
        self.assertEqual(res["password"], "secret1")
        self.assertEqual(res["resultDesc"], "New client jdoe has been successfully created")
        self.assertTrue(res["clientId"].isdigit())
        rec = self.records(provider="plesk")[-1]
        self.assertEqual(rec["decoded"]["methodName"], "partner10.createClient")
        self.assertEqual(rec["decoded"]["params"][1]["login"], "jdoe")
        # raw answer: clientId untyped, resultCode <int>
        body = xmlrpc.client.dumps((self.AUTH, self.client_info(login="jdoe2")),
                                   "partner10.createClient")
        r, data = self.plesk_raw(body)
        self.assertRegex(data.decode(), r"<name>clientId</name>\s*<value>\d+</value>")
        self.assertRegex(data.decode(), r"<name>resultCode</name>\s*<value><int>100</int>")

    def test_generated_login_password(self):
        res = self.create()
        self.assertEqual(res["resultCode"], 100)
        self.assertTrue(0 < len(res["login"]) <= 32 and 0 < len(res["password"]) <= 32)
        self.assertIn(res["login"], res["resultDesc"])
        res2 = self.create()
        self.assertNotEqual(res["login"], res2["login"])
        self.assertNotEqual(res["clientId"], res2["clientId"])

    def test_duplicate_251(self):
        self.assertEqual(self.create(login="dup")["resultCode"], 100)
        self.assertEqual(self.create(login="dup")["resultCode"], 251)
        self.assertEqual(self.create(login="DUP")["resultCode"], 251)
        self.assertEqual(self.create(login="taken")["resultCode"], 251)
        self.assertEqual(self.create(login="dup")["resultDesc"], "Login already exists")

    def test_auth_codes(self):
        info = self.client_info()
        r = self.plesk({"login": "sim-api", "password": "wrong"}, info)
        self.assertEqual((r["resultCode"], r["resultDesc"]), (200, "Authorization failed"))
        self.assertEqual(self.plesk({"login": "x", "password": "sim-secret"}, info)
                         ["resultCode"], 200)
        self.assertEqual(self.plesk({"login": "sim-denied", "password": "sim-secret"}, info)
                         ["resultCode"], 201)
        for auth in ({"login": "sim-api"}, {"password": "sim-secret"},
                     {"login": 5, "password": "sim-secret"},
                     {"login": "a" * 256, "password": "sim-secret"},
                     {"login": "sim-api", "password": "p" * 64}):
            self.assertEqual(self.plesk(auth, info)["resultCode"], 400, auth)
        self.assertEqual(self.plesk({"login": "a" * 255, "password": "p" * 63}, info)
                         ["resultCode"], 200)

    def test_internal_error_knob(self):
        self.knobs(plesk_internal_error=True)
        r = self.create()
        self.assertEqual(r["resultCode"], 300)
        self.assertEqual(r["resultDesc"], "Internal error, please try after some time")
        self.assertEqual(self.create()["resultCode"], 100)

    def test_field_codes(self):
        limits = [("login", 431, 32), ("password", 432, 32), ("firstName", 433, 64),
                  ("lastName", 434, 64), ("company", 435, 64), ("address", 436, 256),
                  ("email", 437, 256), ("phone", 438, 128), ("fax", 439, 128),
                  ("city", 440, 64), ("zip", 441, 16), ("state", 442, 32),
                  ("country", 443, 2), ("language", 444, 2), ("email_language", 444, 2)]
        for field, code, mx in limits:
            over = "é" * (mx + 1)
            if field == "email":
                over = "a" * (mx - 11) + "@example.com"
            kw = {field: over}
            if field == "zip":
                kw["country"] = "DE"
            r = self.create(**kw)
            self.assertEqual(r["resultCode"], code, field)
            self.assertEqual(r["resultDesc"], {
                438: "Incorrect phone number format",
                439: "Incorrect fax number format"}.get(code, "Incorrect %s format" % (
                    "language" if code == 444 else field)))
            # a non-string value is a format error too
            self.assertEqual(self.create(**{field: 12})["resultCode"], code, field)
        for field, code in (("firstName", 433), ("lastName", 434), ("company", 435),
                            ("address", 436), ("email", 437), ("phone", 438),
                            ("city", 440), ("zip", 441), ("state", 442), ("country", 443)):
            self.assertEqual(self.create(**{field: None})["resultCode"], code, field)
            self.assertEqual(self.create(**{field: ""})["resultCode"], code, field)
        # optional ones may be absent
        self.assertEqual(self.create(fax=None, language=None, login=None,
                                     password=None)["resultCode"], 100)
        # order: the lowest code wins
        self.assertEqual(self.create(firstName=None, country="xx")["resultCode"], 433)

    def test_characters_not_bytes(self):
        name = "é" * 64          # 128 bytes, 64 characters
        r = self.create(firstName=name, lastName="漢" * 64, state="ü" * 32)
        self.assertEqual(r["resultCode"], 100)
        self.assertEqual(self.records(provider="plesk")[-1]["decoded"]["params"][1]
                         ["firstName"], name)

    def test_formats(self):
        self.assertEqual(self.create(email="not-an-email")["resultCode"], 437)
        for c in ("us", "XX", "U", "USA", "1A"):
            self.assertEqual(self.create(country=c, zip="12345")["resultCode"],
                             443 if c != "USA" else 443, c)
        for z in ("1234", "123456", "12345-123", "ABCDE", "12345 6789"):
            self.assertEqual(self.create(zip=z)["resultCode"], 441, z)
        for z in ("12345", "12345-6789"):
            self.assertEqual(self.create(zip=z)["resultCode"], 100, z)
        self.assertEqual(self.create(country="GB", zip="SW1A 1AA")["resultCode"], 100)
        self.assertEqual(self.create(country="DE", zip="anything !")["resultCode"], 100)
        self.assertEqual(self.create(language="e1")["resultCode"], 444)
        self.assertEqual(self.create(email_language="1")["resultCode"], 444)
        self.assertEqual(self.create(language="en", email_language="de")["resultCode"], 100)
        self.assertEqual(self.create(state="Virginia")["resultCode"], 100)

    def test_faults(self):
        def fault(body, ctype="text/xml"):
            r, data = self.plesk_raw(body, ctype)
            self.assertEqual(r.status, 200)
            with self.assertRaises(xmlrpc.client.Fault) as cm:
                xmlrpc.client.loads(data)
            return cm.exception.faultCode
        self.assertEqual(fault(xmlrpc.client.dumps((self.AUTH, self.client_info()),
                                                   "partner10.updateClient")), -32601)
        self.assertEqual(fault(xmlrpc.client.dumps((self.AUTH,),
                                                   "partner10.createClient")), -32602)
        self.assertEqual(fault(xmlrpc.client.dumps((self.AUTH, "x"),
                                                   "partner10.createClient")), -32602)
        self.assertEqual(fault(xmlrpc.client.dumps((self.AUTH, self.client_info(), 1),
                                                   "partner10.createClient")), -32602)
        self.assertEqual(fault(b"<methodCall><methodName>x</methodName><params>"), -32700)
        self.assertEqual(fault(b"not xml at all"), -32700)
        self.assertEqual(fault(xmlrpc.client.dumps(({"a": 1},), methodresponse=True)),
                         -32600)
        self.knobs(plesk_fault=[4, "Too many parameters"])
        self.assertEqual(fault(xmlrpc.client.dumps((self.AUTH, self.client_info()),
                                                   "partner10.createClient")), 4)
        r, data = self.plesk_raw(b"<x/>", ctype="application/json")
        self.assertEqual(r.status, 400)
        r, data = self.req("GET", "/RPC2")
        self.assertEqual(r.status, 405)

    def test_shapes(self):
        self.knobs(plesk_shape="typed")
        body = xmlrpc.client.dumps((self.AUTH, self.client_info(login="t1")),
                                   "partner10.createClient")
        r, data = self.plesk_raw(body)
        self.assertIn(b"<value><string>t1</string></value>", data)
        self.knobs(plesk_shape=["int_id"])
        res = self.create(login="t2")
        self.assertIsInstance(res["clientId"], int)


# ==========================================================================
class SmsTest(SimCase):
    def test_success_advanced(self):
        res = self.sms_ok(email="aaaa@bbb.ccc", creditToAttribute=10, firstname="prenom",
                          lastname="nom")
        self.assertEqual(set(res), {"success", "code", "subaccount", "sendConfirmMailTo",
                                    "parent_email"})
        self.assertEqual((res["success"], res["code"]), (True, 200))
        self.assertEqual(res["subaccount"]["email"], "aaaa@bbb.ccc")
        self.assertTrue(res["subaccount"]["token"])
        self.assertEqual(res["sendConfirmMailTo"], "aaaa@bbb.ccc")
        self.assertTrue(res["parent_email"])

    def test_simple_generated_email(self):
        res = self.sms_ok(typ="simple")
        self.assertEqual(res["code"], 200)
        self.assertRegex(res["subaccount"]["email"], r"^\d{7}@smspartner\.fr$")
        res = self.sms_ok(typ="simple", email="")
        self.assertRegex(res["subaccount"]["email"], r"^\d{7}@smspartner\.fr$")
        self.assertEqual(self.sms_ok(typ="simple", email="s@example.com")
                         ["subaccount"]["email"], "s@example.com")

    def test_codes(self):
        def code(obj):
            res = self.sms(obj, status=400)
            self.assertIs(res["success"], False)
            self.assertIsInstance(res["message"], str)
            return res["code"]
        self.assertEqual(code({"type": "simple", "parameters": {"isBuyer": 0}}), 1)
        self.assertEqual(code({"apiKey": "", "type": "simple"}), 1)
        res = self.sms({"apiKey": "bad", "type": "simple"}, status=400)
        self.assertEqual(res, {"success": False, "code": 10, "message": "Clé API incorrecte"})
        self.assertEqual(code({"apiKey": "sim-sms-noright", "type": "simple"}), 2)
        self.assertEqual(code({"apiKey": "sim-sms-key", "parameters": {"isBuyer": 0}}), 4)
        self.assertEqual(code({"apiKey": "sim-sms-key", "type": "Simple",
                               "parameters": {"isBuyer": 0}}), 5)
        self.assertEqual(code({"apiKey": "sim-sms-key", "type": "simple"}), 3)
        for b in (2, "yes", None, -1, 0.5, [0]):
            self.assertEqual(self.sms_ok(typ="simple", isBuyer=b)["code"], 3 if b is not None
                             else 3, b)
        for b in (0, 1, "0", "1", True):
            self.assertEqual(self.sms_ok(typ="simple", isBuyer=b)["code"], 200, b)
        self.assertEqual(self.sms_ok()["code"], 6)
        self.assertEqual(self.sms_ok(email="")["code"], 6)
        self.assertEqual(self.sms_ok(email="nope")["code"], 6)
        for c in (0, -5, "abc", "0", False):
            self.assertEqual(self.sms_ok(email="c@example.com", creditToAttribute=c)
                             ["code"], 8, c)
        self.assertEqual(self.sms_ok(email="c1@example.com", creditToAttribute=0.5)["code"],
                         200)
        self.assertEqual(self.sms_ok(email="taken@example.com")["code"], 7)
        self.assertEqual(self.sms_ok(email="c1@example.com")["code"], 7)
        self.assertEqual(self.sms_ok(email="C1@EXAMPLE.COM")["code"], 7)
        self.knobs(sms_code9=True)
        res = self.sms_ok(email="c9@example.com")
        self.assertEqual(res["code"], 9)
        self.assertEqual(res["message"], "La scala deve essere maggiore di 0")

    def test_errors_list(self):
        res = self.sms_ok(typ="simple", isBuyer=None)
        self.assertEqual(res["errors"][0]["elementId"], "parameters.isBuyer")
        self.knobs(sms_errors_key="error")
        self.assertIn("error", self.sms_ok(typ="simple", isBuyer=None))
        self.knobs(sms_errors_key="none")
        res = self.sms_ok(typ="simple", isBuyer=None)
        self.assertEqual(set(res), {"success", "code", "message"})

    def test_xml(self):
        r, data = self.sms_raw({"apiKey": "sim-sms-key", "type": "advanced",
                                "parameters": {"email": "x@example.com", "isBuyer": 1}}, "xml")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.getheader("Content-Type"), "application/xml")
        t = data.decode()
        self.assertRegex(t, r'^<\?xml version="1.0" encoding="UTF-8"\?>\s*<result>\s*'
                         r'<entry>true</entry>\s*<entry>200</entry>\s*<entry>\s*'
                         r'<entry><!\[CDATA\[x@example.com\]\]></entry>\s*'
                         r'<entry><!\[CDATA\[[0-9a-f]+\]\]></entry>\s*</entry>\s*'
                         r'<entry><!\[CDATA\[x@example.com\]\]></entry>\s*'
                         r'<entry><!\[CDATA\[[^\]]+\]\]></entry>\s*</result>\s*$')
        r, data = self.sms_raw({"apiKey": "bad"}, "xml")
        self.assertEqual(r.status, 400)
        self.assertRegex(data.decode(), r"<result>\s*<entry>false</entry>\s*<entry>10</entry>"
                         r"\s*<entry>\s*<!\[CDATA\[Clé API incorrecte\]\]>\s*</entry>\s*"
                         r"</result>")
        r, data = self.sms_raw({"apiKey": "sim-sms-key", "type": "simple"}, "xml")
        self.assertIn(b"<entry><![CDATA[parameters.isBuyer]]></entry>", data)
        r, data = self.sms_raw({"apiKey": "sim-sms-key"}, "json")
        self.assertEqual(json.loads(data)["code"], 4)

    def test_broken(self):
        for bad in (b"{", b"", b"\xff\xfe", b"[1,2]", b"nul"):
            r, data = self.sms_raw(bad)
            self.assertEqual(r.status, 400, bad)
            res = json.loads(data)
            self.assertEqual((res["success"], res["code"]), (False, 400))
        r, data = self.sms_raw({"apiKey": "x"}, "yaml")
        self.assertEqual(r.status, 400)
        r, data = self.req("GET", "/v1/subaccount/create")
        self.assertEqual(r.status, 405)
        # parameters sent as a string (like the seed's VB sample): isBuyer missing
        self.assertEqual(self.sms({"apiKey": "sim-sms-key", "type": "simple",
                                   "parameters": '{"isBuyer":0}'})["code"], 3)


# ==========================================================================
class TransportKnobTest(SimCase):
    def test_keepalive_one_connection(self):
        c = self.new_conn()
        try:
            for i in range(3):
                r, data = self.oempro_raw({"Command": "Client.Create",
                                           "SessionID": "sim-session"}, conn=c)
                self.assertEqual(r.status, 200)
                self.assertIsNone(r.getheader("Connection"))
                self.assertEqual(int(r.getheader("Content-Length")), len(data))
            sock = c.sock
            self.plesk(self.AUTH, self.client_info(), conn=c)
            r, data = self.sms_raw({"apiKey": "x"}, conn=c)
            self.assertIs(c.sock, sock)
        finally:
            c.close()
        ports = {x["client_port"] for x in self.records()}
        self.assertEqual(len(ports), 1)

    def test_parallel_connections(self):
        import threading
        errors = []

        def worker(n):
            try:
                c = self.new_conn()
                for i in range(8):
                    r, data = self.oempro_raw(
                        {"Command": "Client.Create", "SessionID": "sim-session",
                         "ClientName": "P", "ClientUsername": "p%d_%d" % (n, i),
                         "ClientPassword": "x",
                         "ClientEmailAddress": "p%d_%d@example.com" % (n, i)}, conn=c)
                    if json.loads(data)["ErrorCode"] != 0:
                        errors.append(data)
                c.close()
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(repr(e))
        ts = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
        for t in ts:
            t.start()
        for t in ts:
            t.join(30)
        self.assertEqual(errors, [])
        self.assertEqual(len(self.accounts()["oempro"]), 1 + 64)
        ids = [a["ClientID"] for a in self.accounts()["oempro"]]
        self.assertEqual(len(set(ids)), len(ids))

    def test_times_and_persistent(self):
        self.knobs(http_status=503, times=2)
        self.assertEqual(self.oempro_raw({})[0].status, 503)
        self.assertEqual(self.oempro_raw({})[0].status, 503)
        self.assertEqual(self.oempro_raw({})[0].status, 400)
        self.knobs(http_status=502, times=0)
        for _ in range(3):
            self.assertEqual(self.sms_raw({})[0].status, 502)
        self.knobs()
        self.assertEqual(self.sms_raw({})[0].status, 400)
        st, res = self.ctl("GET", "/_sim/knobs")
        self.assertEqual(res["knobs"], {})
        # control requests do not use knobs up
        self.knobs(http_status=201)
        self.records()
        self.assertEqual(self.oempro_raw({})[0].status, 201)

    def test_bad_knobs(self):
        for k in ({"nope": 1}, {"delay_ms": 99999}, {"oempro_shape": "weird"},
                  {"chunked": 1}, {"times": -1}, {"http_status": 99}, [1]):
            st, res = self.ctl("POST", "/_sim/knobs", k)
            self.assertEqual(st, 400, k)
            self.assertIn("error", res)

    def test_http_status_html(self):
        self.knobs(http_status=500)
        r, data = self.oempro_raw({"Command": "Client.Create", "SessionID": "sim-session"})
        self.assertEqual(r.status, 500)
        self.assertEqual(json.loads(data)["ErrorCode"], 1)
        self.knobs(html_200=True)
        r, data = self.oempro_raw({"Command": "Client.Create", "SessionID": "sim-session",
                                   "ClientName": "N", "ClientUsername": "h1",
                                   "ClientPassword": "p", "ClientEmailAddress": "h@ex.com"})
        self.assertEqual(r.status, 200)
        self.assertTrue(r.getheader("Content-Type").startswith("text/html"))
        self.assertIn(b"<html>", data)
        self.assertNotIn("h1", [a["ClientUsername"] for a in self.accounts()["oempro"]])

    def test_delay(self):
        self.knobs(delay_ms=300)
        t = time.monotonic()
        self.sms_raw({})
        self.assertGreaterEqual(time.monotonic() - t, 0.28)

    def test_chunked(self):
        self.knobs(chunked=True)
        res = self.sms_ok(email="ch@example.com")     # http.client de-chunks
        self.assertEqual(res["code"], 200)
        self.knobs(chunked=True)
        raw = self.raw_exchange(self.raw_post("/v1/subaccount/create", b"{}",
                                              "application/json"))
        head, _, body = raw.partition(b"\r\n\r\n")
        self.assertIn(b"Transfer-Encoding: chunked", head)
        self.assertNotIn(b"Content-Length", head)
        self.assertTrue(body.startswith(b"1\r\n{\r\n7;sim=1\r\n"))
        self.assertTrue(body.endswith(b"\r\n0\r\n\r\n"))

    def test_interim_100(self):
        self.knobs(interim_100=True)
        raw = self.raw_exchange(self.raw_post("/v1/subaccount/create", b"{}",
                                              "application/json"))
        self.assertTrue(raw.startswith(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 400 "))
        self.knobs(interim_100=True)
        self.assertEqual(self.sms_raw({"apiKey": "bad"})[0].status, 400)

    def test_connection_close(self):
        self.knobs(connection_close=True)
        r, data = self.sms_raw({"apiKey": "bad"})
        self.assertEqual(r.getheader("Connection"), "close")
        self.assertTrue(r.will_close)
        r, data = self.sms_raw({"apiKey": "bad"})      # http.client reconnects
        self.assertEqual(r.status, 400)
        self.assertEqual(len({x["client_port"] for x in self.records()}), 2)

    def test_no_content_length(self):
        self.knobs(no_content_length=True)
        r, data = self.sms_raw({"apiKey": "bad"})
        self.assertIsNone(r.getheader("Content-Length"))
        self.assertEqual(json.loads(data)["code"], 10)

    def test_close_after_request(self):
        self.knobs(close_after_request=True)
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionError)):
            self.oempro_full(1)
        # the account was created although the answer was lost
        self.assertIn("user1", [a["ClientUsername"] for a in self.accounts()["oempro"]])
        self.conn.close()
        self.assertEqual(self.oempro_full(1)["ErrorCode"], 6)
        self.assertEqual(self.records()[0]["knobs"], {"close_after_request": True})

    def test_truncate_body(self):
        self.knobs(truncate_body=5)
        with self.assertRaises(http.client.IncompleteRead):
            self.sms_ok(email="tr@example.com")
        self.conn.close()
        self.assertEqual(self.sms_ok(email="tr@example.com")["code"], 7)

    def test_close_notify(self):
        # A body ended by the close ends with close_notify; a lost or cut
        # answer (and no_close_notify) ends with a bare TCP close.
        def exchange(knobs):
            self.knobs(**knobs)
            s = socket.create_connection(("127.0.0.1", CFG["port"]), timeout=10)
            t = self.ctx.wrap_socket(s, server_hostname="127.0.0.1",
                                     suppress_ragged_eofs=False)
            out = b""
            try:
                t.sendall(self.raw_post("/v1/subaccount/create", b'{"apiKey":"x"}',
                                        "application/json", close=False))
                while True:
                    try:
                        d = t.recv(65536)
                    except ssl.SSLEOFError:
                        return out, False
                    if not d:
                        return out, True
                    out += d
            finally:
                t.close()
        for k in ({"no_content_length": True}, {"connection_close": True},
                  {"silent_close": True}):
            out, clean = exchange(k)
            self.assertTrue(clean, k)
            self.assertIn(b'"code": 10', out, k)
        for k in ({"no_content_length": True, "no_close_notify": True},
                  {"truncate_body": 5}, {"close_after_request": True}):
            out, clean = exchange(k)
            self.assertFalse(clean, k)
        self.assertTrue(out == b"", out)   # close_after_request: not a byte

    def test_silent_close(self):
        self.knobs(silent_close=True)
        r, data = self.sms_raw({"apiKey": "bad"})
        self.assertEqual(r.status, 400)
        self.assertIsNone(r.getheader("Connection"))
        time.sleep(0.1)
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionError,
                                ssl.SSLError)):
            self.sms_raw({"apiKey": "bad"})

    def test_odd_headers_json_ascii(self):
        self.knobs(odd_headers=True, json_ascii=True)
        raw = self.raw_exchange(self.raw_post("/v1/subaccount/create", b'{"apiKey":"x"}',
                                              "application/json"))
        head, _, body = raw.partition(b"\r\n\r\n")
        self.assertIn(b"\r\ncontent-length: ", head)
        self.assertIn(b"\r\nX-Sim-Folded: first part\r\n\tsecond part\r\n", head)
        self.assertIn(b"L" * 8000, head)
        self.assertIn(b"Cl\\u00e9 API incorrecte", body)
        self.assertEqual(json.loads(body)["message"], "Clé API incorrecte")

    def test_unknown_path_and_request_errors(self):
        r, data = self.req("POST", "/nope")
        self.assertEqual(r.status, 404)
        raw = self.raw_exchange(b"POST /api.php HTTP/1.1\r\nHost: x\r\n"
                                b"Content-Length: abc\r\n\r\n")
        self.assertTrue(raw.startswith(b"HTTP/1.1 400 "))
        # chunked request bodies are accepted
        body = urllib.parse.urlencode({"Command": "Client.Create",
                                       "SessionID": "sim-session"}).encode()
        raw = self.raw_exchange(("POST /s/%s/api.php HTTP/1.1\r\nHost: x\r\nConnection: close"
                                 "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                                 "Transfer-Encoding: chunked\r\n\r\n%x\r\n" %
                                 (self.session, len(body))).encode() + body + b"\r\n0\r\n\r\n")
        self.assertIn(b'"ErrorCode": 1', raw)


# ==========================================================================
class ControlAndEscapingTest(SimCase):
    def test_records_and_reset(self):
        self.oempro_full(1)
        self.create(login="r1")
        self.sms_ok(email="r@example.com")
        recs = self.records()
        self.assertEqual([r["provider"] for r in recs], ["oempro", "plesk", "smspartner"])
        o, p, s = recs
        self.assertEqual(o["method"], "POST")
        self.assertEqual(o["path"], "/api.php")
        self.assertEqual(o["decoded"]["body"]["ClientUsername"], ["user1"])
        self.assertIn(["Content-Type", "application/x-www-form-urlencoded"], o["headers"])
        self.assertIn("ClientUsername=user1", o["body"])
        self.assertEqual(p["decoded"]["params"][0], self.AUTH)
        self.assertEqual(s["decoded"]["parameters"]["email"], "r@example.com")
        self.assertEqual(o["response_status"], 200)
        self.assertEqual(len(self.records(provider="plesk")), 1)
        self.assertEqual([r["seq"] for r in self.records(since=o["seq"])],
                         [p["seq"], s["seq"]])
        self.assertEqual(self.ctl("GET", "/_sim/health")[1]["ok"], True)
        self.assertEqual(self.ctl("GET", "/_sim/nope")[0], 404)
        accs = self.accounts()
        self.assertEqual(len(accs["oempro"]), 2)      # preloaded + user1
        st, _ = self.ctl("POST", "/_sim/reset")
        self.assertEqual(st, 200)
        self.assertEqual(self.records(), [])
        self.assertEqual(len(self.accounts()["oempro"]), 1)
        self.assertEqual(self.oempro_full(1)["ErrorCode"], 0)

    def test_sessions_isolated(self):
        self.oempro_full(1)
        mine = self.session
        self.session = mine + "-other"
        try:
            self.ctl("POST", "/_sim/reset")
            self.assertEqual(self.records(), [])
            self.assertEqual(self.oempro_full(1)["ErrorCode"], 0)
        finally:
            self.session = mine
        self.assertEqual(len(self.records()), 1)
        # ?session= on the plain control path reads the same session
        c = self.new_conn()
        c.request("GET", "/_sim/requests?session=" + mine)
        self.assertEqual(len(json.loads(c.getresponse().read())), 1)
        c.close()

    def test_tricky_values_exact(self):
        name = TRICKY
        res = self.oempro(ClientName=name, ClientUsername="u" + TRICKY,
                          ClientPassword=TRICKY, ClientEmailAddress="o'b+x&y=z%@example.com")
        self.assertEqual(res["ErrorCode"], 0, res)
        rec = self.records()[-1]
        self.assertEqual(rec["decoded"]["body"]["ClientName"], [name])
        self.assertEqual(rec["decoded"]["body"]["ClientPassword"], [TRICKY])
        self.assertEqual(rec["decoded"]["body"]["ClientEmailAddress"],
                         ["o'b+x&y=z%@example.com"])
        acc = [a for a in self.accounts()["oempro"] if a["ClientName"] == name]
        self.assertEqual(len(acc), 1)

        res = self.create(login="esc", firstName=TRICKY, company=TRICKY[:60],
                          address="<b>&amp;</b> ]]> " + TRICKY)
        self.assertEqual(res["resultCode"], 100, res)
        p = self.records()[-1]["decoded"]["params"][1]
        self.assertEqual(p["firstName"], TRICKY)
        self.assertEqual(p["address"], "<b>&amp;</b> ]]> " + TRICKY)

        res = self.sms_ok(email="s'q+1@example.com", firstname=TRICKY, lastname="\u0000\n\t\\")
        self.assertEqual(res["code"], 200, res)
        d = self.records()[-1]["decoded"]["parameters"]
        self.assertEqual(d["firstname"], TRICKY)
        self.assertEqual(d["lastname"], "\u0000\n\t\\")
        self.assertEqual(res["subaccount"]["email"], "s'q+1@example.com")
        # XML answers escape what they carry
        r, data = self.sms_raw({"apiKey": "sim-sms-key", "type": "advanced",
                                "parameters": {"email": "x&y@example.com", "isBuyer": 0}},
                               "xml")
        self.assertIn(b"<![CDATA[x&y@example.com]]>", data)


# ==========================================================================
class ScriptsTest(unittest.TestCase):
    """start.sh / stop.sh / lifetime limit, against a server of its own."""
    cert_dir = None
    state_dir = None

    def run_sh(self, *args, timeout=30):
        return subprocess.run(["sh"] + list(args), capture_output=True, text=True,
                              timeout=timeout)

    def test_start_stop(self):
        st = self.state_dir
        shutil.rmtree(st, ignore_errors=True)
        r = self.run_sh(os.path.join(HERE, "start.sh"), st, self.cert_dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        port = int(r.stdout.strip())
        self.assertEqual(int(open(os.path.join(st, "port")).read()), port)
        pid = int(open(os.path.join(st, "pid")).read())
        ctx = ssl.create_default_context(cafile=os.path.join(self.cert_dir, "ca.pem"))
        for host in ("127.0.0.1", "localhost"):
            c = http.client.HTTPSConnection(host, port, context=ctx, timeout=5)
            c.request("GET", "/_sim/health")
            self.assertEqual(json.loads(c.getresponse().read())["pid"], pid)
            c.close()
        # TLS 1.1 is refused
        old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        old.load_verify_locations(os.path.join(self.cert_dir, "ca.pem"))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                old.minimum_version = ssl.TLSVersion.TLSv1
                old.maximum_version = ssl.TLSVersion.TLSv1_1
            with self.assertRaises((ssl.SSLError, ConnectionError)):
                with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                    old.wrap_socket(s, server_hostname="127.0.0.1").close()
        except ValueError:
            pass    # this OpenSSL cannot even offer TLS 1.1
        # a restart in the same state dir replaces the old server
        r = self.run_sh(os.path.join(HERE, "start.sh"), st, self.cert_dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse(_alive(pid))
        pid = int(open(os.path.join(st, "pid")).read())
        r = self.run_sh(os.path.join(HERE, "stop.sh"), st)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse(_alive(pid))
        self.assertFalse(os.path.exists(os.path.join(st, "port")))
        r = self.run_sh(os.path.join(HERE, "stop.sh"), st)
        self.assertEqual(r.returncode, 0)

    def test_start_failure_shows_log(self):
        st = self.state_dir + "-bad"
        shutil.rmtree(st, ignore_errors=True)
        r = self.run_sh(os.path.join(HERE, "start.sh"), st, "/nonexistent-certs")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("sim.log", r.stderr)
        shutil.rmtree(st, ignore_errors=True)

    def _ends_by_itself(self, opts, why):
        st = self.state_dir + "-" + why.split()[0]
        shutil.rmtree(st, ignore_errors=True)
        r = self.run_sh(os.path.join(HERE, "start.sh"), st, self.cert_dir, *opts)
        self.assertEqual(r.returncode, 0, r.stderr)
        pid = int(open(os.path.join(st, "pid")).read())
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertFalse(_alive(pid))
        self.assertIn(why, open(os.path.join(st, "sim.log")).read())
        self.assertFalse(os.path.exists(os.path.join(st, "port")))
        self.assertEqual(self.run_sh(os.path.join(HERE, "stop.sh"), st).returncode, 0)
        shutil.rmtree(st, ignore_errors=True)

    def test_lifetime_limit(self):
        self._ends_by_itself(["--max-seconds", "1"], "lifetime limit")

    def test_idle_limit(self):
        self._ends_by_itself(["--idle-seconds", "1"], "idle limit")

    def test_ipv6_loopback(self):
        if not socket.has_ipv6:
            self.skipTest("no IPv6")
        try:
            socket.socket(socket.AF_INET6).bind(("::1", 0))
        except OSError:
            self.skipTest("no ::1")
        st = self.state_dir + "-v6"
        shutil.rmtree(st, ignore_errors=True)
        r = self.run_sh(os.path.join(HERE, "start.sh"), st, self.cert_dir, "--host", "::1")
        try:
            self.assertEqual(r.returncode, 0, r.stderr)
            port = int(r.stdout)
            ctx = ssl.create_default_context(cafile=os.path.join(self.cert_dir, "ca.pem"))
            c = http.client.HTTPSConnection("::1", port, context=ctx, timeout=5)
            c.request("GET", "/_sim/health")
            self.assertEqual(c.getresponse().status, 200)
            c.close()
        finally:
            self.run_sh(os.path.join(HERE, "stop.sh"), st)
            shutil.rmtree(st, ignore_errors=True)


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of ours is not "alive" (start.sh's children are not ours).
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def main():
    args = sys.argv[1:]

    def opt(name):
        if name in args:
            i = args.index(name)
            v = args[i + 1]
            del args[i:i + 2]
            return v
        return None

    scripts = "--scripts" in args
    if scripts:
        args.remove("--scripts")
        ScriptsTest.cert_dir = opt("--cert-dir")
        ScriptsTest.state_dir = opt("--state-dir") or tempfile.mkdtemp(prefix="simscripts")
        suite = unittest.defaultTestLoader.loadTestsFromTestCase(ScriptsTest)
        res = unittest.TextTestRunner(verbosity=2).run(suite)
        return 0 if res.wasSuccessful() else 1

    port_file = opt("--port-file") or os.environ.get("PROVKIT_SIM_PORT_FILE")
    ca = opt("--ca") or os.environ.get("PROVKIT_SIM_CA")
    own = None
    if not port_file:
        own = tempfile.mkdtemp(prefix="simtest")
        subprocess.run(["sh", os.path.join(HERE, "make_certs.sh"), own + "/certs"],
                       check=True, capture_output=True, timeout=60)
        subprocess.run(["sh", os.path.join(HERE, "start.sh"), own + "/state",
                        own + "/certs"], check=True, capture_output=True, timeout=30)
        port_file, ca = own + "/state/port", own + "/certs/ca.pem"
    try:
        CFG["port"] = int(open(port_file).read())
        CFG["ca"] = ca
        loader = unittest.defaultTestLoader
        suite = unittest.TestSuite()
        for cls in (OemproTest, PleskTest, SmsTest, TransportKnobTest,
                    ControlAndEscapingTest):
            suite.addTests(loader.loadTestsFromTestCase(cls))
        if args:    # names to run, e.g. PleskTest.test_faults
            suite = unittest.TestSuite(t for t in _flatten(suite)
                                       if any(a in t.id() for a in args))
        res = unittest.TextTestRunner(verbosity=2).run(suite)
        return 0 if res.wasSuccessful() else 1
    finally:
        if own:
            subprocess.run(["sh", os.path.join(HERE, "stop.sh"), own + "/state"],
                           timeout=30)
            shutil.rmtree(own, ignore_errors=True)


def _flatten(s):
    for t in s:
        if isinstance(t, unittest.TestSuite):
            yield from _flatten(t)
        else:
            yield t


if __name__ == "__main__":
    sys.exit(main())
