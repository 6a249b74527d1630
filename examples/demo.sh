#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The main job, on this machine: build the provkit CLI, start the provider
# simulator on loopback over TLS with its own test CA, and provision one
# account on each provider (Oempro, Plesk, SMS Partner); then show a local
# validation refusal and a duplicate. Stops the simulator on the way out.
#   examples/demo.sh
# Environment: BUILD_DIR (default build).
set -eu
cd "$(dirname "$0")/.."
. tests/deps.sh
provkit_install_deps

build=${BUILD_DIR:-build}
echo "== building the CLI ($build/examples/provkit)"
cmake -S . -B "$build" >/dev/null
cmake --build "$build" -j "$(nproc)" --target example_provkit >/dev/null
cli=$build/examples/provkit

state=$build/demo/sim
certs=$build/demo/certs
sh tests/sim/make_certs.sh "$certs" >/dev/null
rm -rf "$state"
port=$(sh tests/sim/start.sh "$state" "$certs")
trap 'sh tests/sim/stop.sh "$state" >/dev/null 2>&1 || true; rm -rf "$build/demo/secrets"' EXIT INT TERM
base="https://localhost:$port"
echo "== simulator on $base (test CA $certs/ca.pem)"

# Secrets never go on a command line: every password and key is read from
# a file (NAME=@PATH), as a deployment would keep them (mode 600).
secrets=$build/demo/secrets
rm -rf "$secrets"
mkdir -p "$secrets"
chmod 700 "$secrets"
(umask 077
 echo sim-session > "$secrets/oempro-session"
 echo 'S3cret&more' > "$secrets/zoe-password"
 echo sim-secret > "$secrets/plesk-api-password"
 echo 'Pa55<word>' > "$secrets/jdoe-password"
 echo sim-sms-key > "$secrets/sms-api-key")

# Run the CLI, show the command and its JSON line, and a readable summary.
# Exit codes are the CLI's contract: 0 created, 1 refused, 2 invalid input,
# 3 not delivered, 4 outcome unknown.
run() {
  title=$1; shift
  echo
  echo "-- $title"
  printf '$ provkit'
  for a in "$@"; do
    printf " '%s'" "$a"
  done
  echo
  set +e
  line=$("$cli" "$@" 2>/dev/null)
  code=$?
  set -e
  echo "$line"
  printf '%s\n' "$line" | python3 -c '
import json, sys
r = json.loads(sys.stdin.readline())
skip = {"provider", "ok", "status", "code", "message", "field", "http_status"}
acct = ", ".join("%s=%s" % (k, v) for k, v in r.items() if k not in skip)
code = "" if r.get("code") is None else " code %s" % r["code"]
field = " field %s" % r["field"] if r.get("field") else ""
print("=> %s%s%s: %s%s" % (r["status"], code, field, r["message"], ("  [" + acct + "]") if acct else ""))
' || true
  echo "   exit $code"
}

ca="--ca-file=$certs/ca.pem"
run "Oempro console: Client.Create (JSON answer)" oempro --url "$base/api.php" "$ca" \
  SessionID=@"$secrets/oempro-session" ClientUsername=zoe \
  ClientPassword=@"$secrets/zoe-password" \
  ClientEmailAddress=zoe@example.com ClientName='Zoé Martin & Co' ClientAccountStatus=Enabled

run "Plesk Partner API: partner10.createClient (XML-RPC)" plesk --url "$base/RPC2" "$ca" \
  AuthInfo.login=sim-api AuthInfo.password=@"$secrets/plesk-api-password" login=jdoe \
  password=@"$secrets/jdoe-password" \
  firstName=John lastName=Doe company='Example, Inc.' email=jdoe@example.com \
  address='Examplestreet 22' phone='703 973 2323' fax='703 943 3434' city='Example City' \
  state=Virginia zip=20171 country=US

run "SMS Partner: POST /v1/subaccount/create (XML answer)" smspartner \
  --url "$base/v1/subaccount/create" "$ca" apiKey=@"$secrets/sms-api-key" type=advanced \
  email=aaaa@bbb.ccc isBuyer=0 creditToAttribute=10 firstname=prenom lastname=nom _format=xml

run "Refused locally: a US zip must be DDDDD or DDDDD-DDDD (nothing is sent)" plesk \
  --url "$base/RPC2" "$ca" AuthInfo.login=sim-api AuthInfo.password=@"$secrets/plesk-api-password" \
  firstName=Ann lastName=Lee company=Acme email=ann@example.com address='1 Main St' \
  phone=555-0100 city=Reston state=VA zip=2017 country=US

run "Duplicate: the same Plesk login again" plesk --url "$base/RPC2" "$ca" \
  AuthInfo.login=sim-api AuthInfo.password=@"$secrets/plesk-api-password" login=jdoe \
  firstName=John lastName=Doe \
  company='Example, Inc.' email=jdoe@example.com address='Examplestreet 22' \
  phone='703 973 2323' city='Example City' state=Virginia zip=20171 country=US

echo
echo "== done; the simulator is stopped"
