#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# CPU and heap per create call, provkit beside the clients a Linux user would
# write with Debian's libraries: the figures of issue 7 and of
# tests/bench/budgets.txt (ctest bench.cpu_budget compares provkit's).
#   tests/bench/cpu.sh [--provkit-only] [OUTDIR]     (default build-cpu)
# Needs gcc, python3, valgrind; the anchors also need libcurl, xmlrpc-c and
# cJSON, which this script installs (tests/deps.sh, PROVKIT_BENCH_DEBS;
# tests/run.sh does not). --provkit-only (the ctest) measures provkit alone,
# installs nothing and prints no anchor or ratio lines.
#
# What is measured, for each provider (plesk, smspartner, oempro):
# - Instructions per create call in steady state: callgrind's total of
#   user-space instructions executed by the process (the kernel's work in
#   system calls is not counted; all threads are), for a run of 21 calls
#   and a run of 1 call over ONE kept plain-TCP connection, then
#   (I21 - I1) / 20: process start-up, library initialisation, connecting
#   and whatever else happens once (the first call) cancel out.
# - Heap allocations per call: memcheck's "total heap usage: N allocs" for
#   the same two runs, (A21 - A1) / 20, rounded up.
# - Everything is built here with gcc -O2 -g (-g does not change the code):
#   -O2, not CMake's Release (-O3), and no sanitizer.
# - The server: tests/bench/cpu_server.py on 127.0.0.1, started and stopped
#   by this script, answers every request with the provider's documented
#   success answer (keep-alive, exact Content-Length, one write). After each
#   run the script checks from its log that the run used exactly one
#   connection and made N create requests, and that nothing was refused.
# The clients:
#   provkit   tests/bench/cpu_provkit.c: provkit_plesk_create /
#             provkit_smspartner_create / provkit_oempro_create N times, the
#             POSIX port, no TLS, all memory static.
#   anchors   tests/bench/cpu_anchor_plesk.c: xmlrpc-c's client over its curl
#             transport (xmlrpc_client_call2f, xmlrpc_decompose_value), the
#             usual way to call an XML-RPC method with xmlrpc-c;
#             tests/bench/cpu_anchor_json.c: libcurl (one easy handle) +
#             cJSON, for SMS Partner (JSON body by cJSON) and Oempro (form
#             body by curl_easy_escape, JSON answer by cJSON).
#   All send the seeds' example fields and check every answer.
# Also printed: the inclusive instructions of the top 15 functions of one
# Plesk and one SMS Partner create for provkit (callgrind --toggle-collect
# on the 20 calls after the first, callgrind_annotate --inclusive=yes, / 20).
# The last lines: instr_plesk, instr_smspartner, instr_oempro,
# allocs_per_call (provkit's, the maximum over the three), then (not with
# --provkit-only) anchor_instr_*, anchor_allocs_* and ratio_* (anchor /
# provkit instructions, two decimals), one name=value per line.
set -eu
cd "$(dirname "$0")/../.."
mode=all
if [ "${1:-}" = "--provkit-only" ]; then
  mode=provkit
  shift
fi
out=${1:-build-cpu}
N=21

if [ "$mode" = all ]; then
  # shellcheck disable=SC1091  # (tests/deps.sh: PROVKIT_BENCH_DEBS, provkit_install_deps)
  . tests/deps.sh
  # shellcheck disable=SC2086
  provkit_install_deps $PROVKIT_BENCH_DEBS
fi
for tool in gcc python3 valgrind callgrind_annotate; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "cpu.sh: $tool not installed" >&2
    exit 2
  fi
done
rm -rf "$out"
mkdir -p "$out/logs"

echo "== building at -O2 (gcc $(gcc -dumpversion), no sanitizer; CMake's Release would be -O3)"
gcc -std=c99 -O2 -g -DNDEBUG -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
  -Isdk/include -Iport/posix sdk/src/*.c port/posix/*.c tests/bench/cpu_provkit.c \
  -o "$out/cpu_provkit"
if [ "$mode" = all ]; then
  # shellcheck disable=SC2046
  gcc -O2 -g -Wall -Wextra -Werror tests/bench/cpu_anchor_plesk.c \
    $(xmlrpc-c-config client --cflags --libs) -o "$out/cpu_anchor_plesk"
  gcc -O2 -g -Wall -Wextra -Werror tests/bench/cpu_anchor_json.c -lcurl -lcjson \
    -o "$out/cpu_anchor_json"
  echo "anchors: libcurl $(curl-config --version 2>/dev/null | sed 's/^libcurl //')," \
       "xmlrpc-c $(xmlrpc-c-config --version), cJSON $(dpkg-query -W -f='${Version}' libcjson-dev)"
fi

python3 tests/bench/cpu_server.py --port-file "$out/port" --log "$out/server.log" \
  --max-seconds 900 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
i=0
while [ ! -s "$out/port" ]; do
  i=$((i + 1))
  if [ "$i" -gt 100 ] || ! kill -0 "$server" 2>/dev/null; then
    echo "cpu.sh: the canned-answer server did not start" >&2
    exit 1
  fi
  sleep 0.1
done
base="http://127.0.0.1:$(cat "$out/port")"
path_of() {
  case $1 in
    plesk) echo /RPC2 ;;
    smspartner) echo /v1/subaccount/create ;;
    oempro) echo /api.php ;;
  esac
}

# run TOOL LABEL N PROGRAM ARGS...: one client run under valgrind TOOL
# (callgrind, memcheck, or raw: the command is given whole) with the
# server's log checked; valgrind's report in $out/logs/LABEL.N.TOOL.
run() {
  tool=$1 label=$2 n=$3
  shift 3
  mark=$(wc -l <"$out/server.log")
  rep="$out/logs/$label.$n.$tool"
  case $tool in
    callgrind) set -- valgrind --tool=callgrind --callgrind-out-file="$rep.out" "$@" ;;
    memcheck) set -- valgrind --tool=memcheck --leak-check=no "$@" ;;
    raw) ;;
  esac
  if ! "$@" >"$rep" 2>&1; then
    echo "cpu.sh: $label failed under $tool ($n calls):" >&2
    tail -5 "$rep" >&2
    exit 1
  fi
  tail -n +"$((mark + 1))" "$out/server.log" >"$rep.server"
  conns=$(grep -c '^connect' "$rep.server" || true)
  reqs=$(grep -c '^request ' "$rep.server" || true)
  if [ "$conns" -ne 1 ] || [ "$reqs" -ne "$n" ] || grep -q '^error' "$rep.server"; then
    echo "cpu.sh: $label ($n calls) used $conns connections for $reqs create requests" \
         "(want 1 and $n):" >&2
    cat "$rep.server" >&2
    exit 1
  fi
}
collected() { sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$1"; }
heap_allocs() { sed -n 's/.*total heap usage: \([0-9,]*\) allocs.*/\1/p' "$1" | tr -d ,; }

# measure LABEL PROGRAM ARGS... (ARGS hold @N@ for the call count): prints
# "instructions allocations" per call.
measure() {
  label=$1
  shift
  for n in 1 $N; do
    for tool in callgrind memcheck; do
      # shellcheck disable=SC2046
      run "$tool" "$label" "$n" $(echo "$@" | sed "s/@N@/$n/")
    done
  done
  l="$out/logs/$label"
  i1=$(collected "$l.1.callgrind") iN=$(collected "$l.$N.callgrind")
  a1=$(heap_allocs "$l.1.memcheck") aN=$(heap_allocs "$l.$N.memcheck")
  if [ -z "$i1" ] || [ -z "$iN" ] || [ -z "$a1" ] || [ -z "$aN" ]; then
    echo "cpu.sh: no valgrind figure for $label (see $l.*)" >&2
    exit 1
  fi
  echo "$(( (iN - i1) / (N - 1) )) $(( (aN - a1 + N - 2) / (N - 1) ))"
}

allocs_max=0
for p in plesk smspartner oempro; do
  url="$base$(path_of "$p")"
  res=$(measure "provkit_$p" "$out/cpu_provkit" "$p" @N@ "$url") || exit 1
  # shellcheck disable=SC2086
  set -- $res
  case $p in
    plesk) instr_plesk=$1 ;;
    smspartner) instr_smspartner=$1 ;;
    oempro) instr_oempro=$1 ;;
  esac
  if [ "$2" -gt "$allocs_max" ]; then
    allocs_max=$2
  fi
  printf 'provkit  %-10s %9d instructions/call  %4d allocations/call\n' "$p" "$1" "$2"
  if [ "$mode" = all ]; then
    if [ "$p" = plesk ]; then
      res=$(measure "anchor_$p" "$out/cpu_anchor_plesk" @N@ "$url") || exit 1
    else
      res=$(measure "anchor_$p" "$out/cpu_anchor_json" "$p" @N@ "$url") || exit 1
    fi
    # shellcheck disable=SC2086
    set -- $res
    case $p in
      plesk) anchor_instr_plesk=$1 anchor_allocs_plesk=$2 ;;
      smspartner) anchor_instr_smspartner=$1 anchor_allocs_smspartner=$2 ;;
      oempro) anchor_instr_oempro=$1 anchor_allocs_oempro=$2 ;;
    esac
    printf 'anchor   %-10s %9d instructions/call  %4d allocations/call\n' "$p" "$1" "$2"
  fi
done
printf '(request body bytes:'
for f in "$out"/logs/*.1.callgrind.server; do
  printf ' %s %s' "$(basename "$f" .1.callgrind.server)" "$(awk '/^request/ {print $3; exit}' "$f")"
done
echo ")"

# Where the instructions of one create go: the 20 calls after the first,
# collected alone, per call. top FILE K [OPTIONS]: the first K functions of
# callgrind_annotate OPTIONS FILE. Entries without "[binary]" repeat a
# function under the file its inlined code came from: left out, as are the
# driver's frames above the create.
top() {
  f=$1 k=$2
  shift 2
  callgrind_annotate "$@" "$f" 2>/dev/null |
    awk -v n=$((N - 1)) -v k="$k" '
      /PROGRAM TOTALS/ { gsub(",", "", $1); printf "  %8d  all collected\n", $1 / n; next }
      /^ *[0-9,]+ +\(/ && / \[[^]]*\]$/ && shown < k {
        ir = $1; gsub(",", "", ir); fn = $0
        sub(/^ *[0-9,]+ +\([^)]*\) +/, "", fn); sub(/ \[.*\]$/, "", fn); sub(/^[^:]*:/, "", fn)
        if (fn ~ /^(main|steady_calls.*|create_once|\(below main\)|__libc_start_main.*|0x[0-9a-f]+)$/) next
        printf "  %8d  %s\n", ir / n, fn; shown++ }'
}
for p in plesk smspartner; do
  url="$base$(path_of "$p")"
  run raw "breakdown_$p" "$N" valgrind --tool=callgrind --toggle-collect='steady_calls*' \
    --callgrind-out-file="$out/logs/breakdown_$p.out" "$out/cpu_provkit" "$p" "$N" "$url"
  echo "-- provkit, one $p create: top 15 functions by inclusive instructions" \
       "(callgrind_annotate --inclusive=yes over $((N - 1)) calls, / $((N - 1))) --"
  top "$out/logs/breakdown_$p.out" 15 --inclusive=yes
  echo "-- and the top 10 by their own (self) instructions --"
  top "$out/logs/breakdown_$p.out" 10 | grep -v 'all collected'
done

echo "instr_plesk=$instr_plesk"
echo "instr_smspartner=$instr_smspartner"
echo "instr_oempro=$instr_oempro"
echo "allocs_per_call=$allocs_max"
if [ "$mode" = all ]; then
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
  echo "anchor_instr_plesk=$anchor_instr_plesk"
  echo "anchor_instr_smspartner=$anchor_instr_smspartner"
  echo "anchor_instr_oempro=$anchor_instr_oempro"
  echo "anchor_allocs_plesk=$anchor_allocs_plesk"
  echo "anchor_allocs_smspartner=$anchor_allocs_smspartner"
  echo "anchor_allocs_oempro=$anchor_allocs_oempro"
  echo "ratio_plesk=$(ratio "$anchor_instr_plesk" "$instr_plesk")"
  echo "ratio_smspartner=$(ratio "$anchor_instr_smspartner" "$instr_smspartner")"
  echo "ratio_oempro=$(ratio "$anchor_instr_oempro" "$instr_oempro")"
fi
