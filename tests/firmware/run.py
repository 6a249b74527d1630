#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""firmware.qemu: the firmware image (examples/firmware) provisions one
account on each provider over TLS, under QEMU, through a serial modem.

1. Builds the image (make -C examples/firmware) against an mbedTLS 3.6 tree,
   with a fw_site.h that names localhost:443 and trusts the test CA.
2. Starts a simulator of its own (tests/sim/start.sh).
3. Plays the modem: QEMU's UART0 is a TCP connection to this script, which
   speaks the frames of examples/firmware/modem.h and opens the TCP
   connections the firmware asks for. The "network" routes every
   connection to the simulator, whatever port was asked (as a NAT would).
4. Runs qemu-system-arm -M mps2-an386 with semihosting; the firmware prints
   its outcomes and figures there and exits.

Asserts: three "create PROVIDER: created" lines, the exit status 0, and no
allocator in the image but mbedTLS's arena (nm: no malloc, calloc, realloc,
free, _sbrk or their _r forms). Prints, as name=value lines in bytes:
fw_flash (the whole image: code, constants, initial data), fw_flash_provkit
(provkit's objects: the SDK and its TLS port), fw_flash_mbedtls, fw_static_ram
(.data + .bss: everything static but the arena and the stack),
fw_tls_arena_peak (mbedTLS's own accounting), fw_stack_peak (painted),
fw_ram_total (fw_static_ram + fw_tls_arena_peak + fw_stack_peak).

usage: run.py --mbedtls DIR --cert-dir DIR --build DIR [--state-dir DIR]
"""
import argparse
import os
import re
import select
import socket
import struct
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
ALLOCATORS = ("malloc", "calloc", "realloc", "free", "_sbrk", "_malloc_r", "_calloc_r",
              "_realloc_r", "_free_r", "_sbrk_r")
PROVIDERS = ("oempro", "plesk", "smspartner")
TIMEOUT = 300  # seconds for the whole QEMU run


def write_site(path, ca_pem):
    lines = "".join('    "%s\\n"\n' % l for l in open(ca_pem).read().strip().splitlines())
    text = ("/* written by tests/firmware/run.py: the simulator behind the modem */\n"
            "#ifndef FW_SITE_H\n#define FW_SITE_H\n"
            '#define FW_SITE_HOST "localhost"\n#define FW_SITE_PORT "443"\n'
            "static const unsigned char fw_site_ca[] =\n%s;\n#endif\n" % lines)
    old = open(path).read() if os.path.exists(path) else None
    if old != text:  # unchanged: make keeps the objects
        with open(path, "w") as f:
            f.write(text)


class Modem:
    """The other end of the firmware's UART: frames in, TCP connections out."""

    def __init__(self, sim_port):
        self.sim_port = sim_port
        self.lsock = socket.socket()
        self.lsock.bind(("127.0.0.1", 0))
        self.lsock.listen(1)
        self.port = self.lsock.getsockname()[1]
        self.log = []
        self.uart = None
        self.tcp = None
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def frame(self, typ, payload=b""):
        with self.lock:
            self.uart.sendall(typ + struct.pack(">H", len(payload)) + payload)

    def read_exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.uart.recv(n - len(buf))
            if not chunk:
                raise EOFError
            buf += chunk
        return buf

    def pump(self, tcp):
        """The connection's answers back to the firmware, then 'X'."""
        try:
            while True:
                data = tcp.recv(1024)
                if not data:
                    break
                self.frame(b"D", data)
        except OSError:
            pass
        try:
            if self.tcp is tcp:
                self.frame(b"X")
        except OSError:
            pass

    def run(self):
        self.lsock.settimeout(TIMEOUT)
        try:
            self.uart, _ = self.lsock.accept()
        except OSError:
            return
        try:
            while True:
                typ, n = struct.unpack(">cH", self.read_exact(3))
                payload = self.read_exact(n)
                if typ == b"C":
                    if self.tcp is not None:
                        self.tcp.close()
                    self.log.append("connect " + payload.decode())
                    try:
                        tcp = socket.create_connection(("127.0.0.1", self.sim_port), timeout=30)
                        tcp.settimeout(None)
                    except OSError:
                        self.tcp = None
                        self.frame(b"E")
                        continue
                    self.tcp = tcp
                    self.frame(b"K")
                    threading.Thread(target=self.pump, args=(tcp,), daemon=True).start()
                elif typ == b"D" and self.tcp is not None:
                    self.tcp.sendall(payload)
                elif typ == b"X" and self.tcp is not None:
                    self.log.append("close")
                    tcp, self.tcp = self.tcp, None
                    try:
                        tcp.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    tcp.close()
        except (EOFError, OSError):
            pass


def section_sizes(elf):
    out = subprocess.run(["arm-none-eabi-readelf", "-SW", elf], check=True,
                         capture_output=True, text=True).stdout
    sizes = {}
    for line in out.splitlines():
        m = re.match(r"^\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+"
                     r"[0-9a-f]+\s+([A-Za-z]*)\s", line)
        if m and "A" in m.group(4):
            sizes[m.group(1)] = (int(m.group(3), 16), m.group(2))
    return sizes


def flash_of(mapfile, elf, objdir):
    out = subprocess.run([sys.executable, os.path.join(ROOT, "tests", "bench", "mapsize.py"),
                          "arm-none-eabi-readelf", elf, mapfile, objdir],
                         check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^core flash=(\d+)", out, re.M).group(1))


def run_qemu(elf, a, build, cert):
    """One run of the image against a simulator of its own with the given
    certificate: (the firmware's output, QEMU's exit status, the modem's log)."""
    state = os.path.abspath(os.path.join(a.state_dir or os.path.join(build, "sim-state"), cert))
    start = subprocess.run(["sh", os.path.join(ROOT, "tests", "sim", "start.sh"), state, a.cert_dir,
                            "--cert", os.path.join(a.cert_dir, cert + ".pem"),
                            "--key", os.path.join(a.cert_dir, cert + ".key"),
                            "--max-seconds", str(TIMEOUT + 60)],
                           capture_output=True, text=True, check=True,
                           env=dict(os.environ, PYTHON=sys.executable))
    sim_port = int(start.stdout.split()[-1])
    try:
        modem = Modem(sim_port)
        cmd = ["qemu-system-arm", "-M", "mps2-an386", "-nographic", "-monitor", "none",
               "-semihosting-config", "enable=on,target=native", "-kernel", elf,
               "-serial", "tcp:127.0.0.1:%d" % modem.port]
        print("$ " + " ".join(cmd))
        try:
            q = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
            return q.stdout + q.stderr, q.returncode, modem.log
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
            return out + "\n(QEMU did not finish in %d s)" % TIMEOUT, None, modem.log
    finally:
        subprocess.run(["sh", os.path.join(ROOT, "tests", "sim", "stop.sh"), state],
                       capture_output=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mbedtls", required=True)
    ap.add_argument("--cert-dir", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--state-dir")
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    os.makedirs(build, exist_ok=True)
    site = os.path.join(build, "site", "fw_site.h")
    os.makedirs(os.path.dirname(site), exist_ok=True)
    write_site(site, os.path.join(a.cert_dir, "ca.pem"))
    jobs = str(os.cpu_count() or 2)
    r = subprocess.run(["make", "-s", "-C", os.path.join(ROOT, "examples", "firmware"), "-j", jobs,
                        "MBEDTLS=" + os.path.abspath(a.mbedtls), "SITE=" + site, "BUILD=" + build],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout + r.stderr)
        print("FAIL: the firmware did not build")
        return 1
    elf = os.path.join(build, "firmware.elf")

    failures = []
    syms = subprocess.run(["arm-none-eabi-nm", elf], check=True, capture_output=True,
                          text=True).stdout.split()
    linked = sorted(set(syms) & set(ALLOCATORS))
    if linked:
        failures.append("an allocator is linked: %s" % ", ".join(linked))
    print("allocators linked (nm): %s" % (", ".join(linked) or "none; mbedTLS's arena only"))

    runs = {}
    for cert in ("server", "server-rsa"):  # an ECDSA (P-256) and an RSA (2048) server
        out, rc, log = run_qemu(elf, a, build, cert)
        runs[cert] = out
        print("---- the firmware (semihosting), %s certificate ----" % cert)
        print(out.rstrip())
        print("---- the modem saw: %s" % "; ".join(log))
        if rc != 0:
            failures.append("%s: QEMU exit status %s (the firmware's exit)" % (cert, rc))
        for p in PROVIDERS:
            if not re.search(r"^create %s: created\b" % p, out, re.M):
                failures.append("%s: no account created on %s" % (cert, p))

    figs = {cert: dict(re.findall(r"^(fw_\w+)=(\d+)$", out, re.M)) for cert, out in runs.items()}
    sizes = section_sizes(elf)
    flash = sum(n for name, (n, typ) in sizes.items() if typ != "NOBITS")
    static_ram = sum(sizes.get(s, (0, ""))[0] for s in (".data", ".bss"))
    mapfile = os.path.join(build, "firmware.map")
    result = {
        "fw_flash": flash,
        "fw_flash_provkit": flash_of(mapfile, elf, os.path.join(build, "provkit")),
        "fw_flash_mbedtls": flash_of(mapfile, elf, os.path.join(build, "mbedtls")),
        "fw_static_ram": static_ram,
    }
    for k in ("fw_tls_arena_peak", "fw_stack_peak"):
        for cert, f in figs.items():
            if k not in f:
                failures.append("%s: the firmware did not report %s" % (cert, k))
        # the worse of the two servers, each printed too
        result[k] = max(int(f.get(k, 0)) for f in figs.values())
        for cert, f in figs.items():
            result["%s_%s" % (k, "rsa" if cert.endswith("rsa") else "ecdsa")] = int(f.get(k, 0))
    result["fw_ram_total"] = result["fw_static_ram"] + result["fw_tls_arena_peak"] + \
        result["fw_stack_peak"]
    print("targets: fw_flash <= 98304 (%s), fw_ram_total <= 32768 (%s)"
          % ("met" if flash <= 98304 else "ABOVE", "met" if result["fw_ram_total"] <= 32768
             else "ABOVE"))
    for f in failures:
        print("FAIL: " + f)
    for k, v in result.items():
        print("%s=%d" % (k, v))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
