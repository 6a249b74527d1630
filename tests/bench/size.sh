#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Footprint of the core library (sdk/): .text/.data/.bss per object and in
# total, at -Os, for x86-64 (host gcc) and Cortex-M4 (arm-none-eabi-gcc, when
# installed), plus the worst stack frame per function (-fstack-usage).
#   tests/bench/size.sh            # prints the tables
# Rerun after any change to sdk/ and compare with the README's figures.
set -eu
cd "$(dirname "$0")/../.."
out=${OUT:-build-size}
rm -rf "$out"
mkdir -p "$out/x86_64" "$out/cortex-m4"
jsmn_dir=$(dirname "$(echo '#include <jsmn.h>' | cpp -H -o /dev/null 2>&1 | head -1 | sed 's/^\. //')")
CFLAGS_COMMON="-std=c99 -Os -ffunction-sections -fdata-sections -fstack-usage -fcallgraph-info=su -Isdk/include -DNDEBUG"

build() { # $1 = cc, $2 = outdir, $3... = extra flags
  cc=$1; dir=$2; shift 2
  for src in sdk/src/*.c; do
    obj="$dir/$(basename "$src" .c).o"
    # shellcheck disable=SC2086
    (cd "$dir" && $cc $CFLAGS_COMMON -I"$OLDPWD/sdk/include" "$@" -c "$OLDPWD/$src" -o "$(basename "$obj")")
  done
}

# .text and .rodata by section (no .eh_frame), codecs+client vs providers.
split() { # $1 = size tool, $2 = dir
  for set in "core (codecs, HTTP, client):text writer errors url http_request http_response client json_reader json_writer xml xmlrpc" \
             "providers (3 + unified call):provider provider_call oempro plesk smspartner account"; do
    t=0; r=0
    for f in ${set#*:}; do
      t=$((t + $($1 -A "$2/$f.o" | awk '$1 ~ /^\.text/ {s+=$2} END {print s+0}')))
      r=$((r + $($1 -A "$2/$f.o" | awk '$1 ~ /^\.rodata/ {s+=$2} END {print s+0}')))
    done
    printf '%-34s .text %6d   .rodata %5d\n' "${set%%:*}" "$t" "$r"
  done
}

report() { # $1 = size tool, $2 = dir, $3 = label
  echo "== $3 (-Os) =="
  split "$1" "$2"
  # shellcheck disable=SC2086
  $1 -t "$2"/*.o | sed 's|[^ ]*/||'
  echo "-- largest stack frames (bytes) --"
  cat "$2"/*.su | awk -F'\t' '{print $2 "\t" $1}' | sort -rn | head -8 | sed 's|[^\t]*/||'
  echo "-- worst-case stack of the entry points (call graph; the port's transport not included) --"
  python3 tests/bench/stack.py "$2"
  echo
}

build gcc "$out/x86_64" -I"$jsmn_dir"
report size "$out/x86_64" "x86-64 gcc $(gcc -dumpversion)"

if command -v arm-none-eabi-gcc >/dev/null 2>&1; then
  # jsmn.h includes only <stddef.h>, so newlib's headers come first and the
  # host directory is searched last, for jsmn.h alone.
  build arm-none-eabi-gcc "$out/cortex-m4" -mcpu=cortex-m4 -mthumb -idirafter "$jsmn_dir"
  report arm-none-eabi-size "$out/cortex-m4" "Cortex-M4 thumb arm-none-eabi-gcc $(arm-none-eabi-gcc -dumpversion)"
fi
