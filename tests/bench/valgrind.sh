#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Measured with valgrind on an optimised (-O2, no sanitizer) build:
#  - instructions per answer decode (callgrind; N=1001 minus N=1 runs, / 1000);
#  - peak heap of one CLI create over TLS against the simulator (massif): the
#    SDK allocates nothing, so this is mbedTLS's (and libc's) heap;
#  - memcheck over the same CLI runs: errors and leaks.
#   tests/bench/valgrind.sh
set -eu
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build-bench}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DPROVKIT_SANITIZE=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target decode_bench example_provkit >/dev/null
tmp=$(mktemp -d)
trap 'sh tests/sim/stop.sh "$tmp/sim" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT

insns() { # $1 = N, $2 = which
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$build/tests/decode_bench" "$1" "$2" \
    2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
echo "== instructions per decode (callgrind, x86-64 -O2)"
for which in oempro_json oempro_xml plesk_xmlrpc sms_json sms_xml; do
  a=$(insns 1 "$which")
  b=$(insns 1001 "$which")
  printf '%-14s %8d\n' "$which" $(( (b - a) / 1000 ))
done

sh tests/sim/make_certs.sh "$tmp/certs" >/dev/null
port=$(sh tests/sim/start.sh "$tmp/sim" "$tmp/certs")
base="https://localhost:$port"
ca="--ca-file=$tmp/certs/ca.pem"
run() { # $1 = label, rest = CLI arguments
  label=$1; shift
  valgrind --tool=massif --massif-out-file="$tmp/ms.out" "$build/examples/provkit" "$@" >/dev/null 2>&1 || true
  peak=$(grep mem_heap_B "$tmp/ms.out" | sed 's/mem_heap_B=//' | sort -n | tail -1)
  errs=$(valgrind --error-exitcode=9 --leak-check=full "$build/examples/provkit" "$@" 2>&1 >/dev/null |
         sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p')
  printf '%-12s peak heap %6d B   memcheck errors %s\n' "$label" "$peak" "$errs"
}
echo "== one create over TLS (massif peak heap; memcheck)"
run oempro oempro --url "$base/s/vg1/api.php" "$ca" SessionID=sim-session ClientUsername=vg \
  ClientPassword=pw ClientEmailAddress=vg@example.com ClientName=Valgrind
run plesk plesk --url "$base/s/vg2/RPC2" "$ca" AuthInfo.login=sim-api AuthInfo.password=sim-secret \
  firstName=V lastName=G company=C address=A email=vg@example.com phone=1 city=C zip=20171 \
  state=VA country=US
run smspartner smspartner --url "$base/s/vg3/v1/subaccount/create" "$ca" apiKey=sim-sms-key \
  type=advanced email=vg@example.com isBuyer=0
