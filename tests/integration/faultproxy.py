#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A fault-injecting HTTP proxy for the provkit CLI (Python 3 standard library).

    CLI --plain http--> FaultListener (127.0.0.1, its own port) --> simulator

Each listener serves one run with one fault plan. For every connection it
reads the client's whole request (head and Content-Length body), forwards it
unchanged to the upstream server (the simulator, started with --plain-http),
reads the upstream's whole answer (head and Content-Length body), and only then
delivers that answer to the client as the plan says:

  whole        the answer, then wait for the client to close
  cut K        the first K bytes, then FIN (shutdown), then wait for the close
  rst K        the first K bytes (waited until acknowledged), then RST
               (SO_LINGER 0, close)
  split        the whole answer in the plan's pieces, each after its delay
  stall        nothing; hold the connection open until the client closes
  drip         one byte every `interval` seconds until the client closes
  reqfin J     read only J request bytes, FIN, drain the rest; nothing forwarded
  reqrst J     read only J request bytes, RST; nothing forwarded
  notify K     (TLS only) the first K bytes, then a clean TLS close (close_notify),
               then FIN

With a TLS server context (tls=...), the listener speaks TLS to the client and
K counts bytes of the plaintext answer, sent in one record; `cut` is then a TCP
FIN with no close_notify (a truncation attack, or a crashed server), `notify`
the clean TLS end of the stream.

The upstream request is complete before a single answer byte is delivered, so
the server has processed (created) the account in every answer plan: the
client's verdict is checked against an outcome that is known.

Every wait is bounded (`hold_max`), so a listener never outlives its run by
more than that. Each connection leaves a ConnRecord: what came in, what went
out, how it ended.

By hand (one plan, until Ctrl-C):
    faultproxy.py --upstream 127.0.0.1:PORT --plan cut:40
"""

import argparse
import errno
import fcntl
import select
import socket
import ssl
import struct
import sys
import termios
import threading
import time

ANSWER_PLANS = ("whole", "cut", "rst", "split", "stall", "drip", "notify")
REQUEST_PLANS = ("reqfin", "reqrst")
MAX_HEAD = 64 * 1024
MAX_BODY = 4 * 1024 * 1024


class Plan:
    """What to do with one connection. k: bytes of the answer (cut, rst) or of
    the request (reqfin, reqrst); pieces: [(size, delay_s)] for split;
    interval: seconds between bytes for drip."""

    def __init__(self, kind, k=None, pieces=None, interval=0.2):
        if kind not in ANSWER_PLANS + REQUEST_PLANS:
            raise ValueError("unknown plan %r" % kind)
        if kind in ("cut", "rst", "notify", "reqfin", "reqrst") and (k is None or k < 0):
            raise ValueError("plan %s needs k >= 0" % kind)
        if kind == "split" and not pieces:
            raise ValueError("plan split needs pieces")
        self.kind, self.k, self.pieces, self.interval = kind, k, pieces, interval

    def __repr__(self):
        if self.kind == "split":
            return "split%r" % ([p[0] for p in self.pieces],)
        if self.k is not None:
            return "%s:%d" % (self.kind, self.k)
        return self.kind


class ConnRecord:
    def __init__(self):
        self.t_accept = time.monotonic()
        self.request = b""          # bytes read from the client before the fault
        self.request_complete = False
        self.forwarded = False
        self.answer = b""           # the upstream's whole answer
        self.head_len = None
        self.sent = 0               # answer bytes handed to the client's socket
        self.ended = None           # fin | rst | client_closed | hold_max | error
        self.extra = b""            # bytes the client sent after its request
        self.error = None
        self.t_end = None
        self.t_client_closed = None   # when the client's close was seen

    def __repr__(self):
        return ("<conn req=%d%s fwd=%s answer=%d sent=%d ended=%s extra=%d err=%s>"
                % (len(self.request), "" if self.request_complete else "(partial)",
                   self.forwarded, len(self.answer), self.sent, self.ended,
                   len(self.extra), self.error))


class HttpReadError(Exception):
    pass


def read_message(sock, deadline, first=b""):
    """Read one HTTP/1.1 message framed by Content-Length (or none: head
    only). Returns (bytes, head_len). The CLI and the simulator both send
    Content-Length; anything else is refused loudly."""
    buf = bytearray(first)
    while b"\r\n\r\n" not in buf:
        if len(buf) > MAX_HEAD:
            raise HttpReadError("head over %d bytes" % MAX_HEAD)
        chunk = _recv(sock, deadline)
        if not chunk:
            raise HttpReadError("closed inside the head after %d bytes" % len(buf))
        buf += chunk
    head_len = buf.index(b"\r\n\r\n") + 4
    length = 0
    for line in bytes(buf[:head_len]).split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"transfer-encoding":
            raise HttpReadError("Transfer-Encoding %r not supported by the proxy" % value)
        if name == b"content-length":
            length = int(value.strip())
            if length < 0 or length > MAX_BODY:
                raise HttpReadError("Content-Length %d" % length)
    while len(buf) < head_len + length:
        chunk = _recv(sock, deadline)
        if not chunk:
            raise HttpReadError("closed inside the body (%d of %d bytes)"
                                % (len(buf) - head_len, length))
        buf += chunk
    if len(buf) > head_len + length:
        raise HttpReadError("%d bytes after the message" % (len(buf) - head_len - length))
    return bytes(buf), head_len


def _recv(sock, deadline, n=65536):
    left = deadline - time.monotonic()
    if left <= 0:
        raise HttpReadError("read deadline passed")
    sock.settimeout(left)
    try:
        return sock.recv(n)
    except socket.timeout:
        raise HttpReadError("read deadline passed")


def _unacked(sock):
    """Bytes in the socket's send queue not yet acknowledged (Linux SIOCOUTQ)."""
    buf = fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, b"\0\0\0\0")
    return struct.unpack("i", buf)[0]


def _wait_acked(sock, limit_s=2.0):
    end = time.monotonic() + limit_s
    while _unacked(sock) > 0 and time.monotonic() < end:
        time.sleep(0.001)


def _shutdown_wr(sock):
    """FIN (bypassing TLS: no close_notify); a client already gone is fine."""
    try:
        socket.socket.shutdown(sock, socket.SHUT_WR)
    except OSError as e:
        if e.errno not in (errno.ENOTCONN, errno.ECONNRESET, errno.EPIPE):
            raise


def _reset(sock):
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


class FaultListener:
    """One listening socket on 127.0.0.1 (port 0), one plan for every
    connection it accepts. Use as a context manager or start()/close()."""

    def __init__(self, upstream, plan, hold_max=10.0, io_timeout=10.0, tls=None):
        if plan.kind == "notify" and tls is None:
            raise ValueError("plan notify needs TLS")
        self.tls = tls
        self.upstream = upstream
        self.plan = plan
        self.hold_max = hold_max
        self.io_timeout = io_timeout
        self.records = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = []
        self._ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._ls.bind(("127.0.0.1", 0))
        self._ls.listen(8)
        self._ls.settimeout(0.05)
        self.port = self._ls.getsockname()[1]
        self._acceptor = threading.Thread(target=self._accept_loop, daemon=True)

    def start(self):
        self._acceptor.start()
        return self

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()

    def close(self):
        """Stop accepting, wait (bounded) for the connection threads; return
        the records."""
        self._stop.set()
        self._acceptor.join(5)
        self._ls.close()
        for t in list(self._threads):
            t.join(self.hold_max + 2 * self.io_timeout)
        with self._lock:
            return list(self.records)

    def _accept_loop(self):
        while not self._stop.is_set():
            try:
                c, _ = self._ls.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            rec = ConnRecord()
            with self._lock:
                self.records.append(rec)
            t = threading.Thread(target=self._serve, args=(c, rec), daemon=True)
            self._threads.append(t)
            t.start()

    # ---- one connection -------------------------------------------------
    def _serve(self, c, rec):
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            if self.tls is not None:
                c.settimeout(self.io_timeout)
                c = self.tls.wrap_socket(c, server_side=True)
            self._serve_plan(c, rec)
        except Exception as e:   # recorded, never raised into the thread machinery
            rec.error = "%s: %s" % (type(e).__name__, e)
            if rec.ended is None:
                rec.ended = "error"
        finally:
            rec.t_end = time.monotonic()
            try:
                c.close()
            except OSError:
                pass

    def _serve_plan(self, c, rec):
        plan = self.plan
        deadline = rec.t_accept + self.io_timeout
        if plan.kind in REQUEST_PLANS:
            while len(rec.request) < plan.k:
                chunk = _recv(c, deadline, plan.k - len(rec.request))
                if not chunk:
                    rec.ended = "client_closed"
                    return
                rec.request += chunk
            if plan.kind == "reqrst":
                rec.ended = "rst"
                _reset(c)
                return
            _shutdown_wr(c)
            rec.ended = "fin"
            self._drain(c, rec, time.monotonic() + self.hold_max)
            return

        rec.request, _ = read_message(c, deadline)
        rec.request_complete = True
        with socket.create_connection(self.upstream, timeout=self.io_timeout) as up:
            up.sendall(rec.request)
            rec.forwarded = True
            rec.answer, rec.head_len = read_message(up, time.monotonic() + self.io_timeout)
        ans = rec.answer
        hold_until = time.monotonic() + self.hold_max

        if plan.kind == "whole":
            self._send(c, rec, ans)
            self._drain(c, rec, hold_until)
        elif plan.kind == "cut":
            self._send(c, rec, ans[:plan.k])
            _shutdown_wr(c)     # on TLS too: a FIN with no close_notify
            rec.ended = "fin"
            self._drain(c, rec, hold_until)
        elif plan.kind == "notify":
            self._send(c, rec, ans[:plan.k])
            c.settimeout(2)
            rec.ended = "close_notify"
            try:
                c = c.unwrap()  # close_notify sent, the client's awaited
            except OSError:     # the client closed instead: ours went out first
                pass
            _shutdown_wr(c)
            self._drain(c, rec, hold_until)
        elif plan.kind == "rst":
            self._send(c, rec, ans[:plan.k])
            _wait_acked(c)       # the K bytes reach the client before the RST
            rec.ended = "rst"
            _reset(c)
        elif plan.kind == "split":
            off = 0
            for size, delay in plan.pieces:
                if off >= len(ans):
                    break
                if delay:
                    time.sleep(delay)
                if not self._send(c, rec, ans[off:off + size]):
                    return
                off += size
            if off < len(ans):
                self._send(c, rec, ans[off:])
            self._drain(c, rec, hold_until)
        elif plan.kind == "stall":
            self._drain(c, rec, hold_until)
        elif plan.kind == "drip":
            for i in range(len(ans)):
                if self._client_gone(c, rec, plan.interval):
                    return
                if time.monotonic() >= hold_until:
                    rec.ended = "hold_max"
                    return
                if not self._send(c, rec, ans[i:i + 1]):
                    return
            self._drain(c, rec, hold_until)

    def _send(self, c, rec, data):
        try:
            c.sendall(data)
        except OSError as e:
            if e.errno in (errno.EPIPE, errno.ECONNRESET):
                rec.ended = "client_closed"
                rec.t_client_closed = time.monotonic()
                return False
            raise
        rec.sent += len(data)
        return True

    def _client_gone(self, c, rec, wait_s):
        """Wait up to wait_s; True (and recorded) if the client closed."""
        r, _, _ = select.select([c], [], [], wait_s)
        if not r:
            return False
        try:
            data = c.recv(65536)
        except ssl.SSLWantReadError:   # a TLS record with no application data
            return False
        except OSError:
            data = b""
        if not data:
            rec.ended = rec.ended or "client_closed"
            rec.t_client_closed = time.monotonic()
            return True
        rec.extra += data
        return False

    def _drain(self, c, rec, until):
        while True:
            left = until - time.monotonic()
            if left <= 0:
                rec.ended = rec.ended or "hold_max"
                return
            if self._client_gone(c, rec, min(left, 0.25)):
                return


def parse_plan(text):
    kind, _, arg = text.partition(":")
    if kind == "split":
        sizes = [int(x) for x in arg.split(",")] if arg else [1, 7, 64]
        return Plan("split", pieces=[(s, 0.01) for s in sizes])
    return Plan(kind, k=int(arg) if arg else None)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--upstream", required=True, help="HOST:PORT of the plain-HTTP server")
    ap.add_argument("--plan", default="whole",
                    help="whole | cut:K | rst:K | split:S1,S2,... | stall | drip | "
                         "reqfin:J | reqrst:J")
    a = ap.parse_args(argv)
    host, _, port = a.upstream.rpartition(":")
    lst = FaultListener((host, int(port)), parse_plan(a.plan), hold_max=60).start()
    print("listening on 127.0.0.1:%d, plan %r" % (lst.port, lst.plan), flush=True)
    try:
        seen = 0
        while True:
            time.sleep(0.5)
            with lst._lock:
                recs = list(lst.records)
            for r in recs[seen:]:
                if r.t_end is not None:
                    print(r, flush=True)
                    seen += 1
                else:
                    break
    except KeyboardInterrupt:
        pass
    for r in lst.close()[seen:]:
        print(r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
