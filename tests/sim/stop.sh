#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Stop the provider simulator started by start.sh. Usage: stop.sh STATE_DIR
# SIGTERM, then wait at most 5 s, then SIGKILL. Succeeds if it is already gone.
set -u
state=${1:?usage: stop.sh STATE_DIR}
[ -f "$state/pid" ] || exit 0
pid=$(cat "$state/pid" 2>/dev/null || true)
case "$pid" in ''|*[!0-9]*) rm -f "$state/pid" "$state/port"; exit 0 ;; esac
# Only signal it if it really is our simulator.
if [ -r "/proc/$pid/cmdline" ] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'sim\.py'; then
  rm -f "$state/pid" "$state/port"
  exit 0
fi
kill -TERM "$pid" 2>/dev/null || { rm -f "$state/pid" "$state/port"; exit 0; }
# A zombie (exited, not yet reaped by its parent) counts as gone.
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  if [ -r "/proc/$1/stat" ]; then
    st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
    [ "$st" = Z ] && return 1
  fi
  return 0
}
i=0
while alive "$pid" && [ $i -lt 50 ]; do
  sleep 0.1
  i=$((i + 1))
done
if alive "$pid"; then
  echo "stop.sh: simulator $pid ignored SIGTERM, killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
fi
rm -f "$state/pid" "$state/port"
exit 0
