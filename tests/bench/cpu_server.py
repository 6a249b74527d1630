#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Canned answers on loopback for tests/bench/cpu.sh (Python stdlib only).

usage: cpu_server.py --port-file FILE --log FILE [--max-seconds N]

Listens on 127.0.0.1 (port 0: the port is written to --port-file once
listening) and answers every HTTP/1.1 request on a kept connection with the
documented success answer of the provider its path names, in one write
(status line, headers with an exact Content-Length, body), so that every
call of a benchmark sees the same bytes arrive the same way:
    /RPC2                  Plesk partner10.createClient methodResponse (seed
                           001's, its <em> markup removed)
    /v1/subaccount/create  SMS Partner's JSON success answer (seed 002's)
    /api.php               Oempro Client.Create JSON success (seed 000 gives
                           the fields, not an example: Success, ErrorCode 0,
                           ClientID)
A request that is not a create call for that provider (its body lacks the
method, command or key) gets 400, so a client that sent something else
fails its run. The log gets one line per connection ("connect") and per
request ("request PATH BODY_BYTES", plus "expect-100" when the client
waited for a 100 Continue), written before the answer is sent, so
cpu.sh can check that each run used one kept connection.
"""
import argparse
import os
import socketserver
import sys
import threading
import time

PLESK = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
         b'<methodResponse>\n'
         b'  <params>\n'
         b'    <param>\n'
         b'      <value>\n'
         b'        <struct>\n'
         b'          <member>\n'
         b'            <name>clientId</name>\n'
         b'            <value>1401588</value>\n'
         b'          </member>\n'
         b'          <member>\n'
         b'            <name>login</name>\n'
         b'            <value>JDOE_CLIENT_LOGIN</value>\n'
         b'          </member>\n'
         b'          <member>\n'
         b'            <name>resultCode</name>\n'
         b'            <value>\n'
         b'              <int>100</int>\n'
         b'            </value>\n'
         b'          </member>\n'
         b'          <member>\n'
         b'            <name>password</name>\n'
         b'            <value>JDOE_CLIENT_PASSWORD</value>\n'
         b'          </member>\n'
         b'          <member>\n'
         b'            <name>resultDesc</name>\n'
         b'            <value>New client CLIENT_LOGIN has been successfully created</value>\n'
         b'          </member>\n'
         b'        </struct>\n'
         b'      </value>\n'
         b'    </param>\n'
         b'  </params>\n'
         b'</methodResponse>\n')
SMS = (b'{ "success":true, "code":200, "subaccount": { "email":"aaaa@bbb.ccc", '
       b'"token":"token" }, "sendConfirmMailTo":"aaaa@bbb.ccc", '
       b'"parent_email":"emailparent@ddd.eee" }')
OEMPRO = b'{"Success":true,"ErrorCode":0,"ClientID":42}'

# path: (content type, body, what a create request's body must contain)
ANSWERS = {
    "/RPC2": (b"text/xml", PLESK, b"<methodName>partner10.createClient</methodName>"),
    "/v1/subaccount/create": (b"application/json", SMS, b'"apiKey"'),
    "/api.php": (b"application/json", OEMPRO, b"Command=Client.Create"),
}
HEAD = (b"HTTP/1.1 %d %s\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\nServer: Apache\r\n"
        b"Content-Type: %s\r\nContent-Length: %d\r\nConnection: keep-alive\r\n\r\n")

log_lock = threading.Lock()
log_file = None


def log(line):
    with log_lock:
        log_file.write(line + "\n")
        log_file.flush()


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        log("connect")
        while True:
            line = self.rfile.readline(65537)
            if not line:
                return
            if line in (b"\r\n", b"\n"):
                continue
            parts = line.split()
            if len(parts) != 3:
                return
            headers = {}
            while True:
                h = self.rfile.readline(65537)
                if h in (b"\r\n", b"\n", b""):
                    break
                k, _, v = h.partition(b":")
                headers[k.strip().lower()] = v.strip()
            if b"transfer-encoding" in headers:
                log("error chunked request body")
                self.wfile.write(HEAD % (411, b"Length Required", b"text/plain", 0))
                return
            expect = headers.get(b"expect", b"").lower() == b"100-continue"
            if expect:
                self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            body = self.rfile.read(int(headers.get(b"content-length", b"0")))
            path = parts[1].split(b"?")[0].decode("latin-1")
            ctype, answer, needle = ANSWERS.get(path, (b"text/plain", b"", None))
            if parts[0] != b"POST" or needle is None or needle not in body:
                log("error %s %s" % (parts[0].decode("latin-1"), path))
                self.wfile.write(HEAD % (400, b"Bad Request", b"text/plain", 0))
                continue
            log("request %s %d%s" % (path, len(body), " expect-100" if expect else ""))
            self.wfile.write(HEAD % (200, b"OK", ctype, len(answer)) + answer)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    global log_file
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--max-seconds", type=float, default=1800)
    a = ap.parse_args()
    log_file = open(a.log, "a")
    srv = Server(("127.0.0.1", 0), Handler)
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.replace(tmp, a.port_file)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        time.sleep(a.max_seconds)  # a bound, should the script die without stopping it
    except KeyboardInterrupt:
        pass
    srv.shutdown()
    srv.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
