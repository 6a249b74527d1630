#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Throughput of `provkit batch` beside curl: N SMS Partner account creates
# (default 10,000) against nginx serving TLS on 127.0.0.1 with canned
# answers. Run by hand, not in CI:
#   tests/bench/batch.sh [--provkit PATH] [--rows N] [--outdir DIR]
# --provkit  the CLI (default build/examples/provkit: examples/CMakeLists.txt
#            builds target example_provkit as build/examples/provkit)
# --rows     accounts to create per run (default 10000)
# --outdir   where everything goes (default build-bench-batch); relative
#            paths given here are taken from the current directory, the
#            defaults from the repository root
# Needs nginx, curl, openssl and python3; as root it installs the missing
# Debian packages with apt-get.
#
# The server: nginx (tests/bench/batch_nginx.conf.in), in the foreground as
# this script's child (daemon off), with its pid, logs and temp paths in
# OUTDIR/nginx, on two free ports of 127.0.0.1, stopped on exit. It answers
# POST /v1/subaccount/create with SMS Partner's documented success answer
# (`return 200`, application/json): no backend, so the clients and the TLS
# are what is measured. HTTP/1.1 keep-alive; TLS 1.2 and 1.3 offered with an
# ECDSA P-256 certificate for localhost from tests/sim/make_certs.sh
# (OUTDIR/certs). worker_processes 2 when the machine has 2 or more CPUs
# (1 otherwise): with one worker on a 2-CPU machine the server, not the
# client, could set the pace; more than 2 only takes CPU from the client.
# The session cache (shared by the workers) and session tickets are both
# on, so a TLS 1.2 client may resume either way. Two setups:
#   keep       keepalive_requests 1000000: every connection lasts the run;
#   reconnect  keepalive_requests 100: nginx closes each connection after
#              100 answers, the client reconnects about N/100 times.
#
# The data: OUTDIR/data/accounts.csv, a header row
# type,email,firstname,lastname,isBuyer (the CLI's single-mode parameter
# names) and N rows advanced,user00001@example.com,First,Last,0; the API key
# in OUTDIR/data/api_key, given once as apiKey=@FILE.
#
# The runs, one each, in this order:
#   provkit                 keep: provkit batch smspartner --url URL
#                           --in accounts.csv --out RESULTS.csv
#                           --concurrency 8 --ca-file ca.pem apiKey=@api_key
#   curl                    keep: curl --parallel --parallel-max 8 -K CFG,
#                           CFG one --next group per row: the same URL, POST,
#                           Content-Type and Accept application/json, the
#                           body byte for byte what provkit's SMS Partner
#                           writer sends for that row (sdk/src/smspartner.c:
#                           apiKey, type, then parameters in the order email,
#                           isBuyer as a bare number, firstname, lastname),
#                           --cacert ca.pem, answer to /dev/null, --fail,
#                           HTTP/1.1 and at most TLS 1.2 (what mbedTLS 2.28
#                           speaks)
#   provkit_kr100_noresume  reconnect, PROVKIT_TLS_RESUME=0 (no resumption)
#   provkit_kr100_resume    reconnect, resumption on (the default)
#   curl_kr100              reconnect, curl as above
# RESULTS.csv and its journal are deleted before each provkit run.
#
# What is measured, per run (tests/bench/batch_time.py around the client):
#   creates_per_s  N / wall seconds of the client process, start to exit
#   cpu_s          user + system CPU seconds of the client process (wait4)
#   rss_kib        its peak resident set (KiB)
#   nginx_cpu_s    CPU seconds nginx's workers spent meanwhile
#   new_connections, resumed_handshakes  from nginx's access log: a request
#                  with $connection_requests 1 opened a connection, and its
#                  $ssl_session_reused says r (resumed) or . (full handshake)
# A run counts only if it passed its checks: curl exits 0; provkit exits 0
# and RESULTS.csv has N data rows, all `created`; for both, the access log
# holds exactly N POSTs answered 200. The request bodies' lengths
# ($content_length) summed over a run must be the same for provkit and curl
# (body_bytes_match).
# If the CLI has no `batch` (it exits 2 and writes no RESULTS.csv), or is not
# there, the script prints provkit_batch=unavailable and measures curl alone.
#
# Output: name=value lines (provkit_creates_per_s, curl_creates_per_s,
# provkit_cpu_s, curl_cpu_s, provkit_rss_kib, curl_rss_kib, ratio_rate =
# provkit creates/s / curl creates/s, ratio_cpu_per_create = provkit CPU per
# create / curl CPU per create, provkit_new_connections,
# curl_new_connections, the same per reconnect run with its
# resumed_handshakes), then a markdown table. Every file stays in OUTDIR
# (OUTDIR/runs/NAME.*: the client's output, its access log lines, provkit's
# RESULTS.csv). Exit status 0 when every run that ran passed its checks,
# 1 when one failed, 2 on a usage error.
set -eu
here=$(pwd)
cd "$(dirname "$0")/../.."
repo=$(pwd)

provkit=build/examples/provkit
rows=10000
out=build-bench-batch
conc=8
# the CLI's parameter names, as in single mode (provkit --help)
csv_header=type,email,firstname,lastname,isBuyer
api_key=0123456789abcdef0123456789abcdef

die() {
  echo "batch.sh: $*" >&2
  exit 1
}
usage_error() {
  echo "batch.sh: $*" >&2
  echo "usage: tests/bench/batch.sh [--provkit PATH] [--rows N] [--outdir DIR]" >&2
  exit 2
}
from_caller() { # a path the caller gave: relative to where the caller was
  case $1 in /*) echo "$1" ;; *) echo "$here/$1" ;; esac
}
while [ $# -gt 0 ]; do
  case $1 in
  --provkit | --rows | --outdir)
    [ $# -ge 2 ] || usage_error "$1 needs a value"
    case $1 in
    --provkit) provkit=$(from_caller "$2") ;;
    --rows) rows=$2 ;;
    --outdir) out=$(from_caller "$2") ;;
    esac
    shift 2
    ;;
  --provkit=*) provkit=$(from_caller "${1#*=}") && shift ;;
  --rows=*) rows=${1#*=} && shift ;;
  --outdir=*) out=$(from_caller "${1#*=}") && shift ;;
  -h | --help)
    sed -n '3,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0"
    exit 0
    ;;
  *) usage_error "unknown argument $1" ;;
  esac
done
case $rows in '' | *[!0-9]*) usage_error "--rows wants a number" ;; esac
if [ "$rows" -lt 1 ] || [ "$rows" -gt 9999999 ]; then usage_error "--rows wants 1..9999999"; fi
case $provkit in /*) ;; *) provkit=$repo/$provkit ;; esac
case $out in /*) ;; *) out=$repo/$out ;; esac

# ---- tools --------------------------------------------------------------
find_nginx() {
  for p in "$(command -v nginx 2>/dev/null || true)" /usr/sbin/nginx /usr/local/sbin/nginx; do
    [ -n "$p" ] && [ -x "$p" ] && echo "$p" && return 0
  done
  return 1
}
missing=
find_nginx >/dev/null || missing="$missing nginx"
command -v curl >/dev/null 2>&1 || missing="$missing curl"
command -v openssl >/dev/null 2>&1 || missing="$missing openssl"
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
if [ -n "$missing" ]; then
  [ "$(id -u)" = 0 ] || die "missing:$missing (Debian packages of those names; run as root to install)"
  echo "batch.sh: installing$missing" >&2
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y $missing >&2 ||
    { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y $missing >&2; }
fi
nginx_bin=$(find_nginx) || die "nginx not found after install"
timer=$repo/tests/bench/batch_time.py

# ---- files ----------------------------------------------------------------
ndir=$out/nginx
data=$out/data
runs=$out/runs
certs=$out/certs
ca=$certs/ca.pem
mkdir -p "$out"
rm -rf "$ndir" "$data" "$runs"
mkdir -p "$ndir/temp" "$data" "$runs"
sh tests/sim/make_certs.sh "$certs" >/dev/null || die "tests/sim/make_certs.sh failed"
printf '%s\n' "$api_key" >"$data/api_key"
awk -v n="$rows" -v head="$csv_header" 'BEGIN {
  print head
  for (i = 1; i <= n; i++) printf "advanced,user%05d@example.com,First,Last,0\n", i
}' >"$data/accounts.csv"

# curl_config URL FILE: one --next group per data row of accounts.csv, the
# body as provkit_smspartner_write_body writes it: {"apiKey":..,"type":..,
# "parameters":{email, creditToAttribute, isBuyer, firstname, lastname}},
# members with an empty value left out, creditToAttribute and isBuyer bare
# numbers. The generated values need no JSON escaping. Row 1's body also
# goes to data/body_row1.json, as is.
curl_config() {
  awk -F, -v url="$1" -v key="$api_key" -v ca="$ca" -v first="$data/body_row1.json" '
  function str(name, v) { return q name q ":" q v q }
  function num(name, v) { return q name q ":" v }
  function conf(v) { gsub(/\\/, "\\\\", v); gsub(/"/, "\\\"", v); return q v q }
  BEGIN { q = "\"" }
  NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  {
    for (k in val) delete val[k]
    for (k in col) val[k] = $(col[k])
    p = ""
    if (val["email"] != "") p = p (p == "" ? "" : ",") str("email", val["email"])
    if (val["creditToAttribute"] != "") p = p (p == "" ? "" : ",") num("creditToAttribute", val["creditToAttribute"])
    if (val["isBuyer"] != "") p = p (p == "" ? "" : ",") num("isBuyer", val["isBuyer"])
    if (val["firstname"] != "") p = p (p == "" ? "" : ",") str("firstname", val["firstname"])
    if (val["lastname"] != "") p = p (p == "" ? "" : ",") str("lastname", val["lastname"])
    body = "{" str("apiKey", key) "," str("type", val["type"]) "," q "parameters" q ":{" p "}}"
    if (NR == 2) printf "%s", body > first
    if (NR > 2) print "next"
    print "url = " conf(url)
    print "data-binary = " conf(body)
    print "header = \"Content-Type: application/json\""
    print "header = \"Accept: application/json\""
    print "output = \"/dev/null\""
    print "cacert = " conf(ca)
    print "http1.1"
    print "tls-max = \"1.2\""
    print "fail"
  }' "$data/accounts.csv" >"$2"
}

# ---- nginx ----------------------------------------------------------------
nginx_pid=
stop_nginx() {
  [ -n "$nginx_pid" ] || return 0
  kill -TERM "$nginx_pid" 2>/dev/null || true
  i=0
  while kill -0 "$nginx_pid" 2>/dev/null && [ $i -lt 50 ]; do
    sleep 0.1
    i=$((i + 1))
  done
  kill -KILL "$nginx_pid" 2>/dev/null || true
  wait "$nginx_pid" 2>/dev/null || true
  nginx_pid=
}
trap stop_nginx EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# nginx_workers: the pids whose parent is the nginx master
nginx_workers() {
  for f in /proc/[0-9]*/stat; do
    read -r line 2>/dev/null <"$f" || continue
    # shellcheck disable=SC2086
    set -- ${line##*) }
    [ "${2:-}" = "$nginx_pid" ] && echo "${f#/proc/}" | sed 's,/stat$,,'
  done
  return 0
}
# nginx_cpu_ticks: utime + stime of the workers, in clock ticks
nginx_cpu_ticks() {
  t=0
  for w in $(nginx_workers); do
    read -r line 2>/dev/null <"/proc/$w/stat" || continue
    # shellcheck disable=SC2086
    set -- ${line##*) }
    t=$((t + ${12} + ${13}))
  done
  echo $t
}

if [ "$(id -u)" = 0 ]; then
  # the workers run as the owner of OUTDIR, so they can reach their paths
  user_line="user $(stat -c %U "$ndir") $(stat -c %G "$ndir");  # the owner of OUTDIR/nginx"
else
  user_line="# not root: the workers run as the user who started nginx"
fi
cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
workers=2
[ "$cpus" -ge 2 ] || workers=1

start_nginx() {
  tries=0
  while :; do
    # shellcheck disable=SC2046  # (two port numbers)
    set -- $(python3 -c 'import socket
ss = [socket.socket() for _ in range(2)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])
for s in ss: s.close()')
    port_keep=$1 port_re=$2
    sed -e "s|@USER_LINE@|$user_line|" -e "s|@WORKERS@|$workers|" -e "s|@DIR@|$ndir|g" \
      -e "s|@PORT_KEEP@|$port_keep|" -e "s|@PORT_RECONNECT@|$port_re|" \
      -e "s|@CERT@|$certs/server.pem|" -e "s|@KEY@|$certs/server.key|" \
      tests/bench/batch_nginx.conf.in >"$ndir/nginx.conf"
    grep -v '^ *#' "$ndir/nginx.conf" | LC_ALL=C grep -q '@[A-Z_][A-Z_]*@' &&
      die "unreplaced marker in $ndir/nginx.conf"
    : >"$ndir/access.log"
    : >"$ndir/error.log"
    "$nginx_bin" -p "$ndir/" -c "$ndir/nginx.conf" -e "$ndir/error.log" -g 'daemon off;' \
      </dev/null >"$ndir/nginx.out" 2>&1 &
    nginx_pid=$!
    i=0
    while [ $i -lt 150 ] && kill -0 "$nginx_pid" 2>/dev/null; do
      if curl -sf --cacert "$ca" -o /dev/null "https://localhost:$port_keep/health" &&
        curl -sf --cacert "$ca" -o /dev/null "https://localhost:$port_re/health"; then
        return 0
      fi
      sleep 0.1
      i=$((i + 1))
    done
    stop_nginx
    tries=$((tries + 1))
    if [ $tries -ge 5 ] || ! grep -q 'Address already in use' "$ndir/nginx.out" "$ndir/error.log"; then
      cat "$ndir/nginx.out" "$ndir/error.log" >&2
      die "nginx did not start"
    fi
  done
}
start_nginx
echo "batch.sh: nginx $("$nginx_bin" -v 2>&1 | sed 's,.*/,,') (pid $nginx_pid, $workers workers)" \
  "on https://localhost:$port_keep (keep) and :$port_re (keepalive_requests 100);" \
  "$rows rows; files in $out" >&2

url_keep=https://localhost:$port_keep/v1/subaccount/create
url_re=https://localhost:$port_re/v1/subaccount/create
curl_config "$url_keep" "$data/curl_keep.cfg"
curl_config "$url_re" "$data/curl_reconnect.cfg"

# ---- one run ----------------------------------------------------------------
failed=0
summary=
# measure NAME SETUP CMD...: runs CMD under batch_time.py, then cuts its lines
# out of the access log and sets NAME's figures (variables r_*).
measure() {
  name=$1 setup=$2
  shift 2
  off=$(wc -c <"$ndir/access.log")
  t0=$(nginx_cpu_ticks)
  set +e
  python3 "$timer" "$runs/$name.time" "$@" </dev/null >"$runs/$name.stdout" 2>"$runs/$name.stderr"
  r_rc=$?
  set -e
  t1=$(nginx_cpu_ticks)
  # the log line is written after the answer: wait until all are there
  # (a failed client gets 1 s: it may have sent nothing)
  i=0
  limit=50
  [ "$r_rc" -eq 0 ] || limit=10
  while [ $i -lt $limit ]; do
    n=$(tail -c +$((off + 1)) "$ndir/access.log" | wc -l)
    [ "$n" -ge "$rows" ] && break
    sleep 0.1
    i=$((i + 1))
  done
  tail -c +$((off + 1)) "$ndir/access.log" >"$runs/$name.log"
  read -r r_wall r_user r_sys r_rss _ <"$runs/$name.time"
  # shellcheck disable=SC2034  # (r_body: read through eval below)
  r_lines=0 r_ok=0 r_conns=0 r_resumed=0 r_maxreq=0 r_body=0 r_tls=-
  r_rate=0 r_cpu=0 r_cpu_us=0
  eval "$(awk '
    { lines++
      if ($5 == "POST" && $4 == 200) ok++
      if ($2 == 1) { conns++; if ($3 == "r") resumed++ }
      if ($2 + 0 > maxreq) maxreq = $2 + 0
      if ($7 ~ /^[0-9]+$/) body += $7
      tls = $8 "/" $9 }
    END { printf "r_lines=%d r_ok=%d r_conns=%d r_resumed=%d r_maxreq=%d r_body=%d r_tls=%s\n",
                 lines, ok, conns, resumed, maxreq, body, (tls == "" ? "-" : tls) }
  ' "$runs/$name.log")"
  r_nginx_cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (b - a) / hz }')
  eval "$(awk -v n="$rows" -v w="$r_wall" -v u="$r_user" -v s="$r_sys" 'BEGIN {
    printf "r_rate=%.1f r_cpu=%.3f r_cpu_us=%.1f r_wall=%.3f\n", (w > 0 ? n / w : 0), u + s, (u + s) / n * 1e6, w }')"
  # record it: name=value lines now, table row later
  {
    echo "${name}_creates_per_s=$r_rate"
    echo "${name}_wall_s=$r_wall"
    echo "${name}_cpu_s=$r_cpu"
    echo "${name}_cpu_us_per_create=$r_cpu_us"
    echo "${name}_rss_kib=$r_rss"
    echo "${name}_new_connections=$r_conns"
    echo "${name}_resumed_handshakes=$r_resumed"
    echo "${name}_max_requests_per_connection=$r_maxreq"
    echo "${name}_tls=$r_tls"
    echo "${name}_nginx_cpu_s=$r_nginx_cpu"
  } >"$runs/$name.values"
  eval "${name}_rate=\$r_rate ${name}_cpu=\$r_cpu ${name}_body=\$r_body ${name}_ok=1"
  run_ok=1
}
# record NAME SETUP: the run's name=value lines, and its row for the table
# (marked FAILED when a check failed: its figures are not a measurement)
record() {
  cat "$runs/$1.values"
  label=$1
  [ "$run_ok" = 1 ] || label="$1(FAILED)"
  summary="$summary$label $2 $r_rate $r_wall $r_cpu $r_cpu_us $r_rss $r_conns $r_resumed $r_maxreq $r_nginx_cpu
"
}

# check_fail NAME MESSAGE: a failed check makes the script fail
check_fail() {
  echo "${1}_check=FAIL: $2"
  failed=1
  run_ok=0
  eval "${1}_ok=0"
}
log_checks() { # NAME: N POSTs answered 200, nothing else
  if [ "$r_ok" -ne "$rows" ] || [ "$r_lines" -ne "$rows" ]; then
    check_fail "$1" "access log has $r_lines requests, $r_ok POSTs answered 200 (want $rows)"
  fi
}

run_curl() { # NAME SETUP CONFIG
  measure "$1" "$2" curl --parallel --parallel-max "$conc" --no-progress-meter -K "$3"
  [ "$r_rc" -eq 0 ] || check_fail "$1" "curl exited $r_rc (see $runs/$1.stderr)"
  log_checks "$1"
  record "$1" "$2"
}

have_batch=1
provkit_ok=0 curl_ok=0 provkit_rate=0 provkit_cpu=0 provkit_body=0 curl_rate=0 curl_cpu=0 curl_body=0
run_provkit() { # NAME SETUP URL [ENV=VALUE...]
  name=$1 setup=$2 url=$3
  shift 3
  res=$runs/$name.results.csv
  rm -f "$res" "$res.journal"
  measure "$name" "$setup" env -u PROVKIT_TLS_RESUME "$@" "$provkit" batch smspartner \
    --url "$url" --in "$data/accounts.csv" --out "$res" --concurrency "$conc" \
    --ca-file "$ca" "apiKey=@$data/api_key"
  if [ "$r_rc" -eq 2 ] && [ ! -e "$res" ]; then
    echo "provkit_batch=unavailable"
    echo "batch.sh: $provkit batch exited 2 without writing RESULTS.csv:" >&2
    head -5 "$runs/$name.stderr" "$runs/$name.stdout" >&2
    have_batch=0
    return 0
  fi
  [ "$r_rc" -eq 0 ] || check_fail "$name" "provkit exited $r_rc (see $runs/$name.stderr)"
  if [ -f "$res" ]; then
    created=$(awk -F, 'NR > 1 && ($2 == "created" || $2 == "\"created\"")' "$res" | wc -l)
    total=$(awk 'NR > 1' "$res" | wc -l)
    if [ "$created" -ne "$rows" ] || [ "$total" -ne "$rows" ]; then
      check_fail "$name" "RESULTS.csv has $total rows, $created created (want $rows)"
    fi
  else
    check_fail "$name" "no RESULTS.csv"
  fi
  log_checks "$name"
  record "$name" "$setup"
}

# ---- the runs ----------------------------------------------------------------
if [ ! -x "$provkit" ]; then
  echo "provkit_batch=unavailable"
  echo "batch.sh: no CLI at $provkit" >&2
  have_batch=0
fi
[ $have_batch = 0 ] || run_provkit provkit keep "$url_keep"
run_curl curl keep "$data/curl_keep.cfg"
[ $have_batch = 0 ] || run_provkit provkit_kr100_noresume reconnect "$url_re" PROVKIT_TLS_RESUME=0
[ $have_batch = 0 ] || run_provkit provkit_kr100_resume reconnect "$url_re"
run_curl curl_kr100 reconnect "$data/curl_reconnect.cfg"
stop_nginx

echo "curl_body_row1=$(cat "$data/body_row1.json")"
ratios_ok=0
if [ "$provkit_ok" = 1 ] && [ "$curl_ok" = 1 ]; then ratios_ok=1; fi
if [ $have_batch = 1 ] && [ $ratios_ok = 0 ]; then
  echo "ratio_rate=n/a"
  echo "ratio_cpu_per_create=n/a"
elif [ $have_batch = 1 ]; then
  awk -v pr="$provkit_rate" -v cr="$curl_rate" -v pc="$provkit_cpu" -v cc="$curl_cpu" 'BEGIN {
    printf "ratio_rate=%.3f\n", (cr > 0 ? pr / cr : 0)
    printf "ratio_cpu_per_create=%.3f\n", (cc > 0 ? pc / cc : 0) }'
  if [ "$provkit_body" -eq "$curl_body" ]; then
    echo "body_bytes_match=yes"
  else
    echo "body_bytes_match=no"
    check_fail body "request bodies: provkit sent $provkit_body bytes, curl $curl_body"
  fi
fi

echo
echo "| run | nginx keepalive_requests | creates/s | wall s | client CPU s | CPU µs/create | peak RSS KiB | new connections | resumed | max req/conn | nginx CPU s |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s' "$summary" | awk '{
  printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
    $1, ($2 == "keep" ? "1000000" : "100"), $3, $4, $5, $6, $7, $8, $9, $10, $11 }'
if [ $have_batch = 1 ] && [ $ratios_ok = 0 ]; then
  echo
  echo "provkit / curl (keep): no ratio, a run failed its checks"
elif [ $have_batch = 1 ]; then
  awk -v pr="$provkit_rate" -v cr="$curl_rate" -v pc="$provkit_cpu" -v cc="$curl_cpu" 'BEGIN {
    printf "\nprovkit / curl (keep): creates/s %.3f, CPU per create %.3f\n", (cr > 0 ? pr / cr : 0), (cc > 0 ? pc / cc : 0) }'
else
  echo
  echo "provkit: batch unavailable, curl only"
fi
exit $failed
