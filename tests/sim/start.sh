#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Start the provider simulator in the background.
# Usage: start.sh STATE_DIR CERT_DIR [extra sim.py options]
# Writes STATE_DIR/pid, STATE_DIR/port (once listening) and STATE_DIR/sim.log,
# waits (at most 10 s) until the port accepts a connection, prints the port.
# Exits non-zero (showing the log) if the server did not come up.
set -eu
state=${1:?usage: start.sh STATE_DIR CERT_DIR [sim options]}
certs=${2:?usage: start.sh STATE_DIR CERT_DIR [sim options]}
shift 2
# The readiness probe connects where the server listens (--host, default 127.0.0.1).
host=127.0.0.1
prev=
for a in "$@"; do
  [ "$prev" = --host ] && host=$a
  prev=$a
done
[ "$host" = localhost ] && host=127.0.0.1
here=$(cd "$(dirname "$0")" && pwd)
py=${PYTHON:-python3}
mkdir -p "$state"

# A simulator left over from an earlier run in the same state dir goes first.
if [ -f "$state/pid" ]; then
  sh "$here/stop.sh" "$state" >/dev/null 2>&1 || true
fi
rm -f "$state/port" "$state/pid"

"$py" "$here/sim.py" --cert "$certs/server.pem" --key "$certs/server.key" \
  --port-file "$state/port" --pid-file "$state/pid" "$@" \
  </dev/null >"$state/sim.log" 2>&1 &
bgpid=$!

fail() {
  echo "start.sh: $1" >&2
  echo "---- $state/sim.log ----" >&2
  cat "$state/sim.log" >&2 || true
  kill "$bgpid" 2>/dev/null || true
  exit 1
}

i=0
while [ $i -lt 100 ]; do            # 100 x 0.1 s = 10 s
  if ! kill -0 "$bgpid" 2>/dev/null; then
    fail "simulator exited during start-up"
  fi
  if [ -s "$state/port" ]; then
    port=$(cat "$state/port")
    if "$py" - "$host" "$port" <<'PY' 2>/dev/null
import socket, sys
s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=1)
s.close()
PY
    then
      echo "$port"
      exit 0
    fi
  fi
  sleep 0.1
  i=$((i + 1))
done
fail "simulator did not come up within 10 s"
