#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""provkit provider simulator: a loopback HTTPS server for the three provider APIs.

Python 3 standard library only. See tests/sim/README.md for the endpoints, the
credentials, the control API under /_sim/ and every knob.

    sim.py --cert server.pem --key server.key --port-file STATE/port \
           [--pid-file STATE/pid] [--host 127.0.0.1] [--max-seconds 1800] \
           [--idle-seconds 600] [--keepalive-seconds 30] [--plain-http]
"""

import argparse
import email.utils
import http
import http.server
import json
import os
import random
import re
import signal
import socket
import ssl
import string
import sys
import threading
import time
import urllib.parse
import xmlrpc.client
from xml.parsers.expat import ExpatError

# --------------------------------------------------------------------------
# Configuration: credentials, limits
# --------------------------------------------------------------------------

OEMPRO_SESSIONS = {"sim-session"}          # SessionID values that may create
OEMPRO_APIKEYS = {"sim-apikey"}            # APIKey values that may create
OEMPRO_LIMITED_SESSIONS = {"sim-readonly"}       # valid but 99999
OEMPRO_LIMITED_APIKEYS = {"sim-readonly-key"}    # valid but 99999

PLESK_LOGIN, PLESK_PASSWORD = "sim-api", "sim-secret"
PLESK_DENIED_LOGIN = "sim-denied"          # with PLESK_PASSWORD -> 201

SMS_KEY = "sim-sms-key"
SMS_NORIGHT_KEY = "sim-sms-noright"        # -> code 2
SMS_PARENT_EMAIL = "parent@sim.smspartner.test"

# Accounts present after start and after every reset (to test duplicates
# without creating first).
PRELOADED = {
    "oempro": [("taken", "taken@example.com")],
    "plesk": ["taken"],
    "sms": ["taken@example.com"],
}

MAX_BODY = 1 << 20            # request bodies above this get 413
MAX_RECORDS = 2000            # per session, oldest dropped
MAX_DELAY_MS = 5000
MAX_SESSIONS = 512
CLOSE_NOTIFY_WAIT = 0.5       # seconds to wait for the client's close_notify

# One e-mail rule for the three providers: ASCII dot-atom local part, a
# domain of at least two LDH labels, 254 characters at most (Plesk: 256, the
# "max chars" of its document).
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_RE = re.compile(r"^%s(?:\.%s)*@%s(?:\.%s)+$" % (_ATOM, _ATOM, _LABEL, _LABEL))


def email_ok(s, most=254):
    return isinstance(s, str) and len(s) <= most and EMAIL_RE.match(s) is not None


# ISO 3166-1 alpha-2 officially assigned codes (249).
ISO3166 = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL
BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV
CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD
GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM
IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK
LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW
MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR
PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS
ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY
UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
""".split())
assert len(ISO3166) == 249

US_ZIP_RE = re.compile(r"^[0-9]{5}(?:-[0-9]{4})?$")
LANG_RE = re.compile(r"^[A-Za-z]{2}$")
JSONP_RE = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$.]{0,127}$")
SESSION_RE = re.compile(r"^/s/([A-Za-z0-9_.-]{1,64})(/.*)?$")

KNOWN_KNOBS = {
    "times", "oempro_shape", "plesk_internal_error", "plesk_fault", "plesk_shape",
    "sms_code9", "sms_errors_key", "close_after_request", "truncate_body",
    "silent_close", "delay_ms", "chunked", "interim_100", "connection_close",
    "no_content_length", "http_status", "html_200", "json_ascii", "odd_headers",
    "no_close_notify", "answer_body",
}
OEMPRO_SHAPES = {"array", "string_id", "success_one", "success_string",
                 "xml_cdata", "xml_empty_false"}
PLESK_SHAPES = {"typed", "int_id"}


# --------------------------------------------------------------------------
# State: one per session (default session ""), all under one lock
# --------------------------------------------------------------------------

class Session:
    def __init__(self):
        self.reset()

    def reset(self):
        self.oempro_users = {}    # lower(username) -> account
        self.oempro_emails = {}   # lower(email) -> account
        self.plesk_logins = {}    # lower(login) -> account
        self.sms_emails = {}      # lower(email) -> account
        self.records = []
        self.seq = 0
        self.knobs = {}
        self.knob_times = 0       # 0: until replaced/reset; N: next N requests
        for user, mail in PRELOADED["oempro"]:
            acc = {"ClientID": 1, "ClientUsername": user, "ClientEmailAddress": mail,
                   "ClientName": "Preloaded", "Access": "user",
                   "ClientAccountStatus": "Enabled", "preloaded": True}
            self.oempro_users[user.lower()] = acc
            self.oempro_emails[mail.lower()] = acc
        for login in PRELOADED["plesk"]:
            self.plesk_logins[login.lower()] = {"clientId": "1", "login": login,
                                                "preloaded": True}
        for mail in PRELOADED["sms"]:
            self.sms_emails[mail.lower()] = {"email": mail, "preloaded": True}

    def take_knobs(self):
        """Knobs for one provider request; counts down their lifetime."""
        k = dict(self.knobs)
        if self.knobs and self.knob_times > 0:
            self.knob_times -= 1
            if self.knob_times == 0:
                self.knobs = {}
        return k

    def accounts(self):
        return {
            "oempro": list(self.oempro_users.values()),
            "plesk": [{k: v for k, v in a.items()} for a in self.plesk_logins.values()],
            "sms": list(self.sms_emails.values()),
        }


class State:
    def __init__(self):
        self.lock = threading.RLock()
        self.sessions = {"": Session()}
        self.next_oempro_id = 1001
        self.next_plesk_id = 1401588
        self.last_activity = time.monotonic()

    def session(self, name):
        s = self.sessions.get(name)
        if s is None:
            if len(self.sessions) >= MAX_SESSIONS:
                # Forget the oldest named session (not the default one).
                for old in list(self.sessions):
                    if old:
                        del self.sessions[old]
                        break
            s = self.sessions[name] = Session()
        return s


STATE = State()
_rng = random.SystemRandom()


def _rand(alphabet, n):
    return "".join(_rng.choice(alphabet) for _ in range(n))


def validate_knobs(k):
    """Return an error string or None."""
    if not isinstance(k, dict):
        return "knobs must be a JSON object"
    for name in k:
        if name not in KNOWN_KNOBS:
            return "unknown knob %r" % name
    t = k.get("times", 1)
    if not isinstance(t, int) or isinstance(t, bool) or t < 0 or t > 1000:
        return "times must be an integer 0..1000"
    if "oempro_shape" in k:
        v = k["oempro_shape"]
        vs = [v] if isinstance(v, str) else v
        if not isinstance(vs, list) or any(x not in OEMPRO_SHAPES for x in vs):
            return "oempro_shape must be one of / a list of %s" % sorted(OEMPRO_SHAPES)
    if "plesk_shape" in k:
        v = k["plesk_shape"]
        vs = [v] if isinstance(v, str) else v
        if not isinstance(vs, list) or any(x not in PLESK_SHAPES for x in vs):
            return "plesk_shape must be one of / a list of %s" % sorted(PLESK_SHAPES)
    if "plesk_fault" in k:
        v = k["plesk_fault"]
        if not (isinstance(v, list) and len(v) == 2 and isinstance(v[0], int)
                and isinstance(v[1], str)):
            return "plesk_fault must be [code, string]"
    if "sms_errors_key" in k and k["sms_errors_key"] not in ("errors", "error", "none"):
        return "sms_errors_key must be errors, error or none"
    if "delay_ms" in k:
        v = k["delay_ms"]
        if not isinstance(v, int) or isinstance(v, bool) or v < 0 or v > MAX_DELAY_MS:
            return "delay_ms must be an integer 0..%d" % MAX_DELAY_MS
    if "truncate_body" in k:
        v = k["truncate_body"]
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            return "truncate_body must be an integer >= 0"
    if "http_status" in k:
        v = k["http_status"]
        if not isinstance(v, int) or isinstance(v, bool) or not 200 <= v <= 999:
            return "http_status must be an integer 200..999"
    if "answer_body" in k and not isinstance(k["answer_body"], str):
        return "answer_body must be a string"
    for b in ("plesk_internal_error", "sms_code9", "close_after_request", "silent_close",
              "chunked", "interim_100", "connection_close", "no_content_length",
              "html_200", "json_ascii", "odd_headers", "no_close_notify"):
        if b in k and not isinstance(k[b], bool):
            return "%s must be true or false" % b
    return None


def _shapes(knobs, name):
    v = knobs.get(name, [])
    return {v} if isinstance(v, str) else set(v)


def _cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _xml_escape(text):
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _jsonable(o):
    """Make xmlrpc values (DateTime, bytes, ...) JSON-friendly for records."""
    if isinstance(o, dict):
        return {str(k): _jsonable(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_jsonable(v) for v in o]
    if isinstance(o, (str, int, float, bool)) or o is None:
        return o
    if isinstance(o, (bytes, bytearray)):
        return {"__bytes_latin1__": bytes(o).decode("latin-1")}
    return {"__" + type(o).__name__ + "__": str(o)}


class Answer:
    """A provider answer before the transport knobs are applied."""

    def __init__(self, status, ctype, body):
        self.status = status
        self.ctype = ctype
        self.body = body if isinstance(body, bytes) else body.encode("utf-8")


# --------------------------------------------------------------------------
# Oempro: POST /api.php Command=Client.Create
# --------------------------------------------------------------------------

OEMPRO_TEXT = {
    1: "Client name missing",
    2: "Client username missing",
    3: "Client password missing",
    4: "Client email address missing",
    5: "Email address format is invalid",
    6: "Username already registered to another client",
    7: "Email address already registered to another client",
    99998: "Authentication failure or session expired",
    99999: "Not enough privileges",
}


def oempro_hard(status, code, text):
    body = json.dumps({"Success": False, "ErrorCode": code, "ErrorText": text})
    return Answer(status, "application/json; charset=utf-8", body)


def oempro_parse(query, body, ctype):
    """Return (effective params, decoded record, error Answer or None)."""
    decoded = {"query": {}, "body": {}}
    try:
        decoded["query"] = urllib.parse.parse_qs(query, keep_blank_values=True,
                                                 strict_parsing=True, errors="strict")
    except (ValueError, UnicodeDecodeError) as e:
        return None, decoded, oempro_hard(400, 400, "Malformed query string: %s" % e)
    if body:
        mt = ctype.split(";", 1)[0].strip().lower()
        if mt != "application/x-www-form-urlencoded":
            return None, decoded, oempro_hard(
                400, 400, "Unsupported Content-Type %r: expected "
                "application/x-www-form-urlencoded" % ctype)
        try:
            text = body.decode("ascii")
        except UnicodeDecodeError:
            return None, decoded, oempro_hard(
                400, 400, "Malformed form body: raw non-ASCII byte (must be percent-encoded)")
        try:
            decoded["body"] = urllib.parse.parse_qs(text, keep_blank_values=True,
                                                    strict_parsing=True, errors="strict")
        except (ValueError, UnicodeDecodeError) as e:
            return None, decoded, oempro_hard(400, 400, "Malformed form body: %s" % e)
    params = {}
    for src in (decoded["query"], decoded["body"]):   # body overrides query, like PHP
        for k, v in src.items():
            params[k] = v[-1]                             # last value wins, like PHP
    return params, decoded, None


def oempro_render(result, params, knobs):
    """result: dict with Success, ErrorCode (int or list), ErrorText, ClientID."""
    shapes = _shapes(knobs, "oempro_shape")
    ok = result["Success"]
    out = {}
    if ok:
        out["Success"] = 1 if "success_one" in shapes else ("1" if "success_string" in shapes
                                                             else True)
    else:
        out["Success"] = False if "success_string" not in shapes else "0"
        if "success_one" in shapes:
            out["Success"] = 0
    out["ErrorCode"] = result["ErrorCode"]
    if "ErrorText" in result:
        out["ErrorText"] = result["ErrorText"]
    if "ClientID" in result:
        out["ClientID"] = str(result["ClientID"]) if "string_id" in shapes else result["ClientID"]

    if params.get("ResponseFormat", "JSON") == "XML":
        cd = "xml_cdata" in shapes

        def scalar(v):
            if isinstance(v, bool):
                if not v and "xml_empty_false" in shapes:
                    return ""
                s = "true" if v else "false"
            else:
                s = str(v)
            return _cdata(s) if cd else _xml_escape(s)

        parts = ['<?xml version="1.0" encoding="utf-8"?><response>']
        for k, v in out.items():
            if isinstance(v, list):
                inner = "".join("<item>%s</item>" % (_cdata(str(x)) if k == "ErrorText"
                                                     else scalar(x)) for x in v)
                parts.append("<%s>%s</%s>" % (k, inner, k))
            elif k == "ErrorText":
                parts.append("<%s>%s</%s>" % (k, _cdata(v), k))
            else:
                parts.append("<%s>%s</%s>" % (k, scalar(v), k))
        parts.append("</response>")
        return Answer(200, "text/xml; charset=utf-8", "".join(parts))

    text = json.dumps(out, ensure_ascii=bool(knobs.get("json_ascii")))
    cb = params.get("JSONPCallBack", "")
    if cb:
        return Answer(200, "application/javascript; charset=utf-8", "%s(%s)" % (cb, text))
    return Answer(200, "application/json; charset=utf-8", text)


def oempro_handle(sess, params, knobs):
    cmd = params.get("Command")
    if cmd is None or cmd == "":
        return oempro_hard(400, 400, "Command missing")
    fmt = params.get("ResponseFormat", "JSON")
    if fmt not in ("JSON", "XML"):
        return oempro_hard(400, 400, "Invalid ResponseFormat %r (JSON or XML)" % fmt)
    cb = params.get("JSONPCallBack", "")
    if cb and not JSONP_RE.match(cb):
        return oempro_hard(400, 400, "Invalid JSONPCallBack name")
    if cmd != "Client.Create":
        return oempro_hard(404, 404, "Unknown command %r" % cmd)
    access = params.get("Access", "user") or "user"
    if access not in ("user", "client"):
        return oempro_hard(400, 400, "Invalid Access %r (user or client)" % access)

    def fail(codes):
        if "array" in _shapes(knobs, "oempro_shape"):
            r = {"Success": False, "ErrorCode": codes,
                 "ErrorText": [OEMPRO_TEXT[c] for c in codes]}
        else:
            r = {"Success": False, "ErrorCode": codes[0], "ErrorText": OEMPRO_TEXT[codes[0]]}
        return oempro_render(r, params, knobs)

    apikey = params.get("APIKey", "")
    sid = params.get("SessionID", "")
    if apikey:
        if apikey in OEMPRO_LIMITED_APIKEYS:
            return fail([99999])
        if apikey not in OEMPRO_APIKEYS:
            return fail([99998])
    elif sid:
        if sid in OEMPRO_LIMITED_SESSIONS:
            return fail([99999])
        if sid not in OEMPRO_SESSIONS:
            return fail([99998])
    else:
        return fail([99998])

    name = params.get("ClientName", "")
    user = params.get("ClientUsername", "")
    pw = params.get("ClientPassword", "")
    mail = params.get("ClientEmailAddress", "")
    codes = [c for c, v in ((1, name), (2, user), (3, pw), (4, mail)) if v == ""]
    if mail != "" and not email_ok(mail):
        codes.append(5)
    if not codes:
        if user.lower() in sess.oempro_users:
            codes.append(6)
        if mail.lower() in sess.oempro_emails:
            codes.append(7)
    if codes:
        return fail(codes)

    status = params.get("ClientAccountStatus", "") or "Enabled"
    with STATE.lock:
        cid = STATE.next_oempro_id
        STATE.next_oempro_id += 1
    acc = {"ClientID": cid, "ClientUsername": user, "ClientEmailAddress": mail,
           "ClientName": name, "ClientPassword": pw, "Access": access,
           "ClientAccountStatus": status}
    sess.oempro_users[user.lower()] = acc
    sess.oempro_emails[mail.lower()] = acc
    return oempro_render({"Success": True, "ErrorCode": 0, "ClientID": cid}, params, knobs)


# --------------------------------------------------------------------------
# Plesk: POST /RPC2 partner10.createClient
# --------------------------------------------------------------------------

PLESK_DESC = {
    100: "New client %s has been successfully created",
    200: "Authorization failed",
    201: "Access to this method is denied",
    251: "Login already exists",
    300: "Internal error, please try after some time",
    400: "Incorrect authorization info format",
    431: "Incorrect login format",
    432: "Incorrect password format",
    433: "Incorrect firstName format",
    434: "Incorrect lastName format",
    435: "Incorrect company format",
    436: "Incorrect address format",
    437: "Incorrect email format",
    438: "Incorrect phone number format",
    439: "Incorrect fax number format",
    440: "Incorrect city format",
    441: "Incorrect zip format",
    442: "Incorrect state format",
    443: "Incorrect country format",
    444: "Incorrect language format",
}

# (field, code, max chars, required), checked in this order.
PLESK_FIELDS = [
    ("login", 431, 32, False),
    ("password", 432, 32, False),
    ("firstName", 433, 64, True),
    ("lastName", 434, 64, True),
    ("company", 435, 64, True),
    ("address", 436, 256, True),
    ("email", 437, 256, True),
    ("phone", 438, 128, True),
    ("fax", 439, 128, False),
    ("city", 440, 64, True),
    ("zip", 441, 16, True),
    ("state", 442, 32, True),
    ("country", 443, 2, True),
    ("language", 444, 2, False),
    ("email_language", 444, 2, False),
]

XMLRPC_CT = "text/xml"


def plesk_fault(code, text):
    body = xmlrpc.client.dumps(xmlrpc.client.Fault(code, text), methodresponse=True,
                               encoding="UTF-8")
    return Answer(200, XMLRPC_CT, body)


def plesk_struct(members, knobs):
    """members: list of (name, value); int -> <int>, str -> bare or <string>."""
    shapes = _shapes(knobs, "plesk_shape")
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<methodResponse>\n  <params>\n'
           '    <param>\n      <value>\n        <struct>\n']
    for name, v in members:
        if isinstance(v, int):
            val = "<int>%d</int>" % v
        elif name == "clientId" and "int_id" in shapes:
            val = "<int>%s</int>" % v
        elif "typed" in shapes:
            val = "<string>%s</string>" % _xml_escape(v)
        else:
            val = _xml_escape(v)
        out.append("          <member>\n            <name>%s</name>\n"
                   "            <value>%s</value>\n          </member>\n" % (name, val))
    out.append("        </struct>\n      </value>\n    </param>\n  </params>\n"
               "</methodResponse>\n")
    return Answer(200, XMLRPC_CT, "".join(out))


def plesk_result(code, knobs):
    return plesk_struct([("resultCode", code), ("resultDesc", PLESK_DESC[code])], knobs)


def plesk_parse(body, ctype):
    """Return (decoded record, params, method, error Answer or None)."""
    mt = ctype.split(";", 1)[0].strip().lower()
    if mt not in ("text/xml", "application/xml"):
        return None, None, None, Answer(400, "text/plain; charset=utf-8",
                                        "400 Bad Request: Content-Type must be text/xml\n")
    try:
        params, method = xmlrpc.client.loads(body, use_builtin_types=True)
    except xmlrpc.client.Fault as f:
        return None, None, None, plesk_fault(-32600, "Invalid request: a fault is not a "
                                             "call (%s)" % f.faultString)
    except (ExpatError, ValueError, TypeError, KeyError, IndexError,
            xmlrpc.client.ResponseError, OverflowError) as e:
        return None, None, None, plesk_fault(-32700, "Parse error: %s" % e)
    decoded = {"methodName": method, "params": _jsonable(list(params))}
    if method is None:
        return decoded, None, None, plesk_fault(-32600, "Invalid request: not a methodCall")
    return decoded, params, method, None


def plesk_handle(sess, params, method, knobs):
    if method != "partner10.createClient":
        return plesk_fault(-32601, "Method not found: %s" % method)
    if len(params) != 2 or not isinstance(params[0], dict) or not isinstance(params[1], dict):
        return plesk_fault(-32602, "Invalid params: expected (struct AuthInfo, "
                           "struct ClientInfo)")
    if "plesk_fault" in knobs:
        code, text = knobs["plesk_fault"]
        return plesk_fault(code, text)
    auth, info = params
    login, pw = auth.get("login"), auth.get("password")
    if not isinstance(login, str) or not isinstance(pw, str) or len(login) >= 256 \
            or len(pw) >= 64:
        return plesk_result(400, knobs)
    if pw != PLESK_PASSWORD or login not in (PLESK_LOGIN, PLESK_DENIED_LOGIN):
        return plesk_result(200, knobs)
    if login == PLESK_DENIED_LOGIN:
        return plesk_result(201, knobs)
    if knobs.get("plesk_internal_error"):
        return plesk_result(300, knobs)

    for field, code, maxc, required in PLESK_FIELDS:
        v = info.get(field)
        if v is None or v == "":
            if required:
                return plesk_result(code, knobs)
            continue
        if not isinstance(v, str) or len(v) > maxc:
            return plesk_result(code, knobs)
        if field == "email" and not email_ok(v, 256):
            return plesk_result(code, knobs)
        if field == "zip" and info.get("country") == "US" and not US_ZIP_RE.match(v):
            return plesk_result(code, knobs)
        if field == "country" and v not in ISO3166:
            return plesk_result(code, knobs)
        if field in ("language", "email_language") and not LANG_RE.match(v):
            return plesk_result(code, knobs)

    clogin = info.get("login") or ""
    cpw = info.get("password") or ""
    if clogin and clogin.lower() in sess.plesk_logins:
        return plesk_result(251, knobs)
    if not clogin:
        while True:
            clogin = "cl" + _rand(string.ascii_lowercase + string.digits, 8)
            if clogin not in sess.plesk_logins:
                break
    if not cpw:
        cpw = _rand(string.ascii_letters + string.digits, 14)
    with STATE.lock:
        cid = STATE.next_plesk_id
        STATE.next_plesk_id += 1
    acc = dict((k, v) for k, v in info.items())
    acc.update({"clientId": str(cid), "login": clogin, "password": cpw})
    sess.plesk_logins[clogin.lower()] = _jsonable(acc)
    return plesk_struct([("clientId", str(cid)), ("login", clogin), ("resultCode", 100),
                         ("password", cpw), ("resultDesc", PLESK_DESC[100] % clogin)], knobs)


# --------------------------------------------------------------------------
# SMS Partner: POST /v1/subaccount/create
# --------------------------------------------------------------------------

SMS_TEXT = {
    1: "La chiave API è richiesta",
    2: "Non hai l\u2019autorizzazione",
    3: "isBuyer è richiesto",
    4: "Il tipo è richiesto (semplice o avanzato)",
    5: "Il tipo di sottovoce non esiste (semplice o avanzato)",
    6: "L\u2019e-mail è richiesta",
    7: "Con questa e-mail esiste già un account",
    8: "creditToAttribute deve essere maggiore di 0",
    9: "La scala deve essere maggiore di 0",
    10: "Clé API incorrecte",
}


def sms_render(obj, fmt, status, knobs):
    if fmt == "xml":
        e = ['<?xml version="1.0" encoding="UTF-8"?>\n<result>\n']
        e.append("  <entry>%s</entry>\n" % ("true" if obj["success"] else "false"))
        e.append("  <entry>%d</entry>\n" % obj["code"])
        if obj["success"]:
            e.append("  <entry>\n    <entry>%s</entry>\n    <entry>%s</entry>\n  </entry>\n"
                     % (_cdata(obj["subaccount"]["email"]), _cdata(obj["subaccount"]["token"])))
            e.append("  <entry>%s</entry>\n" % _cdata(obj["sendConfirmMailTo"]))
            e.append("  <entry>%s</entry>\n" % _cdata(obj["parent_email"]))
        else:
            e.append("  <entry>\n    %s\n  </entry>\n" % _cdata(obj["message"]))
            errs = obj.get("errors", obj.get("error"))
            if errs:
                e.append("  <entry>\n")
                for x in errs:
                    e.append("    <entry>\n      <entry>%s</entry>\n      <entry>%s</entry>\n"
                             "    </entry>\n" % (_cdata(x["elementId"]), _cdata(x["message"])))
                e.append("  </entry>\n")
        e.append("</result>\n")
        return Answer(status, "application/xml", "".join(e))
    return Answer(status, "application/json",
                  json.dumps(obj, ensure_ascii=bool(knobs.get("json_ascii"))))


def sms_error(code, fmt, knobs, element=None, message=None):
    obj = {"success": False, "code": code, "message": message or SMS_TEXT[code]}
    key = knobs.get("sms_errors_key", "errors")
    if element and key != "none":
        obj[key] = [{"elementId": element, "message": message or SMS_TEXT[code]}]
    return sms_render(obj, fmt, 400, knobs)


def sms_format(query):
    """Return ('json'|'xml', None) or (None, error Answer)."""
    try:
        q = urllib.parse.parse_qs(query, keep_blank_values=True, strict_parsing=True,
                                  errors="strict")
    except (ValueError, UnicodeDecodeError) as e:
        return None, Answer(400, "application/json", json.dumps(
            {"success": False, "code": 400, "message": "Malformed query string: %s" % e}))
    fmt = q.get("_format", ["json"])[-1].lower() or "json"
    if fmt not in ("json", "xml"):
        return None, Answer(400, "application/json", json.dumps(
            {"success": False, "code": 400, "message": "Unknown _format %r" % fmt}))
    return fmt, None


def sms_parse(body):
    try:
        obj = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        return None, "Invalid JSON body: %s" % e
    return obj, None


def sms_handle(sess, obj, fmt, knobs):
    if not isinstance(obj, dict):
        return sms_render({"success": False, "code": 400,
                           "message": "Invalid JSON body: not an object"}, fmt, 400, knobs)
    key = obj.get("apiKey")
    if key is None or key == "":
        return sms_error(1, fmt, knobs)
    if key == SMS_NORIGHT_KEY:
        return sms_error(2, fmt, knobs)
    if key != SMS_KEY:
        return sms_error(10, fmt, knobs)
    typ = obj.get("type")
    if typ is None or typ == "":
        return sms_error(4, fmt, knobs, "type")
    if typ not in ("simple", "advanced"):
        return sms_error(5, fmt, knobs, "type")
    p = obj.get("parameters")
    if not isinstance(p, dict):
        p = {}
    buyer = p.get("isBuyer")
    if buyer not in (0, 1, "0", "1") or isinstance(buyer, float):
        return sms_error(3, fmt, knobs, "parameters.isBuyer")
    mail = p.get("email")
    if mail is None or mail == "":
        if typ == "advanced":
            return sms_error(6, fmt, knobs, "parameters.email")
        mail = ""
    elif not email_ok(mail):
        return sms_error(6, fmt, knobs, "parameters.email",
                         "L\u2019e-mail non è valida")
    if "creditToAttribute" in p:
        c = p["creditToAttribute"]
        if isinstance(c, str):
            try:
                c = float(c)
            except ValueError:
                c = None
        if isinstance(c, bool) or not isinstance(c, (int, float)) or not c > 0:
            return sms_error(8, fmt, knobs, "parameters.creditToAttribute")
    if knobs.get("sms_code9"):
        return sms_error(9, fmt, knobs)
    if mail and mail.lower() in sess.sms_emails:
        return sms_error(7, fmt, knobs, "parameters.email")
    if not mail:
        while True:
            mail = "%07d@smspartner.fr" % _rng.randrange(1000000, 10000000)
            if mail not in sess.sms_emails:
                break
        confirm = SMS_PARENT_EMAIL
    else:
        confirm = mail
    token = _rand("0123456789abcdef", 32)
    acc = {"email": mail, "token": token, "type": typ, "isBuyer": int(buyer),
           "parameters": _jsonable(p)}
    sess.sms_emails[mail.lower()] = acc
    return sms_render({"success": True, "code": 200,
                       "subaccount": {"email": mail, "token": token},
                       "sendConfirmMailTo": confirm, "parent_email": SMS_PARENT_EMAIL},
                      fmt, 200, knobs)


# --------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------

HTML_PAGE = (b"<!DOCTYPE html>\n<html><head><title>Console</title></head>\n"
             b"<body><h1>Octeth Email Marketing Console</h1>\n"
             b"<p>An error occurred while processing your request.</p></body></html>\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "provkit-sim/1"
    sys_version = ""
    # One write per answer (head and body buffered until _write's flush) and
    # no Nagle: otherwise the body waits ~40 ms for the client's delayed ACK.
    wbufsize = 1 << 16
    disable_nagle_algorithm = True
    # Closing ends TLS with close_notify unless an answer is meant to look
    # lost or cut (close_after_request, truncate_body, no_close_notify).
    abrupt_close = False

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("sim: %s %s\n" % (self.address_string(), fmt % args))

    # One entry point for every method.
    def do_GET(self):
        self._dispatch()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_GET

    # ---- body ----------------------------------------------------------
    def _read_body(self):
        te = self.headers.get("Transfer-Encoding", "")
        if te:
            if te.strip().lower() != "chunked":
                return None, "unsupported Transfer-Encoding"
            chunks, total = [], 0
            while True:
                line = self.rfile.readline(1024)
                if not line.endswith(b"\n"):
                    return None, "bad chunk size line"
                try:
                    n = int(line.split(b";", 1)[0].strip(), 16)
                except ValueError:
                    return None, "bad chunk size"
                if n == 0:
                    for _ in range(100):          # trailers
                        t = self.rfile.readline(8192)
                        if t in (b"\r\n", b"\n", b""):
                            break
                    break
                total += n
                if total > MAX_BODY:
                    return None, "body too large"
                data = self.rfile.read(n)
                if len(data) != n:
                    return None, "short chunk"
                chunks.append(data)
                self.rfile.readline(4)
            return b"".join(chunks), None
        cl = self.headers.get_all("Content-Length") or []
        if not cl:
            return b"", None
        if len(set(x.strip() for x in cl)) != 1 or not cl[0].strip().isdigit():
            return None, "bad Content-Length"
        n = int(cl[0])
        if n > MAX_BODY:
            return None, "body too large"
        data = self.rfile.read(n)
        if len(data) != n:
            return None, "short body"
        return data, None

    # ---- answer --------------------------------------------------------
    def _write(self, ans, knobs):
        w = self.wfile
        if knobs.get("interim_100"):
            w.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            w.flush()
        status = knobs.get("http_status", ans.status)
        try:
            reason = http.HTTPStatus(status).phrase
        except ValueError:
            reason = "Status"
        body = ans.body if self.command != "HEAD" else b""
        odd = knobs.get("odd_headers")
        close = bool(knobs.get("connection_close") or knobs.get("no_content_length")
                     or self.close_connection)
        hs = [("Server", self.server_version),
              ("Date", email.utils.formatdate(usegmt=True)),
              ("Content-Type", ans.ctype),
              ("Cache-Control", "no-store")]
        if knobs.get("chunked"):
            hs.append(("Transfer-Encoding", "chunked"))
        elif not knobs.get("no_content_length"):
            hs.append(("Content-Length", str(len(ans.body))))
        if close:
            hs.append(("Connection", "close"))
        elif self.request_version == "HTTP/1.0":
            hs.append(("Connection", "keep-alive"))
        lines = ["HTTP/1.1 %d %s\r\n" % (status, reason)]
        for k, v in hs:
            lines.append("%s: %s\r\n" % (k.lower() if odd else k, v))
        if odd:
            lines.append("X-Sim-Folded: first part\r\n\tsecond part\r\n")
            lines.append("X-Sim-Long: %s\r\n" % ("L" * 8000))
            lines.append("x-SIM-mixed-CASE: yes\r\n")
            # as many lines as a chatty proxy adds: more than any line count
            # a client might cap
            lines.extend("X-Sim-Line-%d: %d\r\n" % (i, i) for i in range(100))
        lines.append("\r\n")
        w.write("".join(lines).encode("latin-1"))
        if "truncate_body" in knobs:
            w.write(body[:knobs["truncate_body"]])
            w.flush()
            self.close_connection = True
            self.abrupt_close = True
            return
        if knobs.get("chunked"):
            # Uneven chunk sizes, one with an extension, then an empty trailer.
            i, sizes, k = 0, (1, 7, 64, 3), 0
            while i < len(body):
                n = sizes[k % len(sizes)]
                k += 1
                part = body[i:i + n]
                i += n
                ext = ";sim=1" if k == 2 else ""
                w.write(b"%x%s\r\n" % (len(part), ext.encode()) + part + b"\r\n")
            w.write(b"0\r\n\r\n")
        else:
            w.write(body)
        w.flush()
        if close or knobs.get("silent_close"):
            self.close_connection = True
            if knobs.get("no_close_notify"):
                self.abrupt_close = True

    def _json(self, status, obj):
        self._write(Answer(status, "application/json", json.dumps(obj, indent=1)), {})

    # ---- dispatch ------------------------------------------------------
    def _dispatch(self):
        STATE.last_activity = time.monotonic()
        raw_path = self.path
        parts = urllib.parse.urlsplit(raw_path)
        path, query = parts.path, parts.query
        session = ""
        m = SESSION_RE.match(path)
        if m:
            session, path = m.group(1), m.group(2) or "/"
        body, err = self._read_body()
        if err:
            self.close_connection = True
            self._write(Answer(413 if "large" in err else 400, "text/plain",
                               "400 Bad Request: %s\n" % err), {})
            return
        if path.startswith("/_sim/"):
            self._control(session, path, query, body)
            return
        provider = {"/api.php": "oempro", "/RPC2": "plesk",
                    "/v1/subaccount/create": "smspartner"}.get(path, "unknown")
        ctype = self.headers.get("Content-Type", "")
        with STATE.lock:
            sess = STATE.session(session)
            knobs = sess.take_knobs() if provider != "unknown" else {}
            sess.seq += 1
            rec = {"seq": sess.seq, "session": session, "provider": provider,
                   "time": time.time(), "method": self.command, "path": path,
                   "raw_path": raw_path, "query": query,
                   "http_version": self.request_version,
                   "client_port": self.client_address[1],
                   "headers": [[k, v] for k, v in self.headers.items()],
                   "body": body.decode("utf-8", "replace"),
                   "body_utf8_valid": _utf8_ok(body), "body_length": len(body),
                   "decoded": None, "decode_error": None,
                   "knobs": knobs, "response_status": None}
            sess.records.append(rec)
            del sess.records[:-MAX_RECORDS]
        try:
            ans = self._provider(provider, sess, rec, query, body, ctype, knobs)
            if ans is not None and "answer_body" in knobs:
                # the request was processed; the answer says what the test wants
                ans = Answer(ans.status, ans.ctype, knobs["answer_body"])
        except Exception as e:  # a simulator bug: say so loudly, keep serving
            import traceback
            traceback.print_exc()
            ans = Answer(500, "text/plain", "500 simulator bug: %r\n" % e)
        rec["response_status"] = knobs.get("http_status", ans.status) if ans else None
        if self.server.verbose:
            sys.stderr.write("sim: [%s] %s %s -> %s knobs=%s\n" % (
                session, self.command, path, rec["response_status"], knobs))
        if "delay_ms" in knobs:
            time.sleep(knobs["delay_ms"] / 1000.0)
        if knobs.get("close_after_request") or ans is None:
            self.close_connection = True
            self.abrupt_close = True
            return
        self._write(ans, knobs)

    def _provider(self, provider, sess, rec, query, body, ctype, knobs):
        meth = self.command
        if provider == "unknown":
            return Answer(404, "text/plain", "404 Not Found: %s\n" % rec["path"])
        if knobs.get("html_200"):
            return Answer(200, "text/html; charset=utf-8", HTML_PAGE)
        if provider == "oempro":
            if meth not in ("GET", "POST"):
                return oempro_hard(405, 405, "Method not allowed")
            params, decoded, err = oempro_parse(query, body, ctype)
            rec["decoded"] = decoded
            if err:
                rec["decode_error"] = json.loads(err.body)["ErrorText"]
                return err
            with STATE.lock:
                return oempro_handle(sess, params, knobs)
        if provider == "plesk":
            if meth != "POST":
                return Answer(405, "text/plain", "405 Method Not Allowed\n")
            decoded, params, method, err = plesk_parse(body, ctype)
            rec["decoded"] = decoded
            if err:
                rec["decode_error"] = err.body.decode("utf-8", "replace")
                return err
            with STATE.lock:
                return plesk_handle(sess, params, method, knobs)
        # smspartner
        fmt, err = sms_format(query)
        if err:
            return err
        if meth != "POST":
            return sms_render({"success": False, "code": 405,
                               "message": "Method not allowed"}, fmt, 405, knobs)
        obj, perr = sms_parse(body)
        rec["decoded"] = obj
        if perr:
            rec["decode_error"] = perr
            return sms_render({"success": False, "code": 400, "message": perr}, fmt, 400,
                              knobs)
        with STATE.lock:
            return sms_handle(sess, obj, fmt, knobs)

    # ---- control API ---------------------------------------------------
    def _control(self, session, path, query, body):
        q = urllib.parse.parse_qs(query)
        if "session" in q:
            session = q["session"][-1]
        with STATE.lock:
            status, obj = self._control_locked(STATE.session(session), path, q, body)
            text = json.dumps(obj, indent=1)
        self._write(Answer(status, "application/json", text), {})

    def _control_locked(self, sess, path, q, body):
        meth = self.command
        if path == "/_sim/health" and meth == "GET":
            return 200, {"ok": True, "pid": os.getpid()}
        if path == "/_sim/requests" and meth == "GET":
            recs = sess.records
            if "provider" in q:
                recs = [r for r in recs if r["provider"] == q["provider"][-1]]
            if "since" in q:
                try:
                    since = int(q["since"][-1])
                except ValueError:
                    return 400, {"error": "since must be an integer"}
                recs = [r for r in recs if r["seq"] > since]
            return 200, recs
        if path == "/_sim/accounts" and meth == "GET":
            return 200, sess.accounts()
        if path == "/_sim/reset" and meth == "POST":
            sess.reset()
            return 200, {"ok": True}
        if path == "/_sim/knobs" and meth == "GET":
            return 200, {"knobs": sess.knobs, "times": sess.knob_times}
        if path == "/_sim/knobs" and meth == "POST":
            try:
                k = json.loads(body.decode("utf-8") or "{}")
            except (UnicodeDecodeError, ValueError) as e:
                return 400, {"error": "invalid JSON: %s" % e}
            err = validate_knobs(k)
            if err:
                return 400, {"error": err}
            sess.knob_times = k.pop("times", 1)
            sess.knobs = k
            return 200, {"ok": True, "knobs": k, "times": sess.knob_times}
        return 404, {"error": "unknown control endpoint %s %s" % (meth, path)}


def _close_notify(conn):
    """End TLS properly: SSLSocket.close() alone never sends close_notify, so
    a client could not tell a body ended by the close from one cut short.
    unwrap() sends it, then waits (briefly) for the client's own."""
    try:
        conn.settimeout(CLOSE_NOTIFY_WAIT)
        conn.unwrap()
    except (OSError, ValueError):
        pass


def _utf8_ok(b):
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False   # never wait for idle keep-alive connections at exit
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, addr, ssl_ctx, keepalive, verbose):
        if ":" in addr[0]:
            self.address_family = socket.AF_INET6
        self.ssl_ctx = ssl_ctx
        self.keepalive = keepalive
        self.verbose = verbose
        super().__init__(addr, Handler)

    def finish_request(self, request, client_address):
        # Runs in the connection's own thread: the TLS handshake cannot stall
        # the accept loop, and every read is bounded by the socket timeout.
        request.settimeout(self.keepalive)
        conn = request
        handler = None
        try:
            if self.ssl_ctx is not None:
                conn = self.ssl_ctx.wrap_socket(request, server_side=True)
            handler = self.RequestHandlerClass(conn, client_address, self)
        finally:
            if conn is not request:
                if handler is not None and not handler.abrupt_close:
                    _close_notify(conn)
                try:
                    conn.close()
                except OSError:
                    pass

    def handle_error(self, request, client_address):
        e = sys.exc_info()[1]
        if isinstance(e, (ssl.SSLError, ConnectionError, socket.timeout, TimeoutError,
                          BrokenPipeError)):
            if self.verbose:
                sys.stderr.write("sim: connection %s: %s\n" % (client_address, e))
            return
        super().handle_error(request, client_address)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--pid-file")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--max-seconds", type=float, default=1800,
                    help="hard lifetime limit (default 1800)")
    ap.add_argument("--idle-seconds", type=float, default=600,
                    help="exit after this long with no request (default 600)")
    ap.add_argument("--keepalive-seconds", type=float, default=30,
                    help="idle keep-alive connections and slow reads time out (default 30)")
    ap.add_argument("--plain-http", action="store_true")
    ap.add_argument("--tls-min", choices=("1.2", "1.3"), default="1.2",
                    help="oldest TLS version accepted (default 1.2)")
    ap.add_argument("--tls-max", choices=("1.2", "1.3"), default=None,
                    help="newest TLS version spoken (default: the newest Python's ssl has)")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args(argv)
    if a.host not in ("127.0.0.1", "::1", "localhost"):
        ap.error("--host must be a loopback address (127.0.0.1, ::1 or localhost)")
    if a.host == "localhost":
        a.host = "127.0.0.1"

    ctx = None
    if not a.plain_http:
        if not a.cert or not a.key:
            ap.error("--cert and --key are required unless --plain-http")
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        versions = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}
        ctx.minimum_version = versions[a.tls_min]
        if a.tls_max:
            ctx.maximum_version = versions[a.tls_max]
        ctx.load_cert_chain(a.cert, a.key)

    srv = Server((a.host, 0), ctx, a.keepalive_seconds, a.verbose)
    port = srv.server_address[1]

    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    if a.pid_file:
        _atomic_write(a.pid_file, "%d\n" % os.getpid())
    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.2},
                         daemon=True)
    t.start()
    _atomic_write(a.port_file, "%d\n" % port)
    sys.stderr.write("sim: listening on %s://%s:%d (pid %d)\n"
                     % ("http" if ctx is None else "https", a.host, port, os.getpid()))
    sys.stderr.flush()

    start = time.monotonic()
    why = "signal"
    while not stop.wait(0.5):
        now = time.monotonic()
        if now - start > a.max_seconds:
            why = "lifetime limit"
            break
        if now - STATE.last_activity > a.idle_seconds:
            why = "idle limit"
            break
    sys.stderr.write("sim: stopping (%s)\n" % why)
    srv.shutdown()
    srv.server_close()
    for f in (a.port_file, a.pid_file):
        if f:
            try:
                os.unlink(f)
            except OSError:
                pass
    return 0


def _atomic_write(path, text):
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


if __name__ == "__main__":
    sys.exit(main())
