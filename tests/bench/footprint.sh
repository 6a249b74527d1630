#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The core's footprint on a Cortex-M4, the figures of issue 7 and of
# tests/bench/budgets.txt (ctest bench.footprint_budget compares them).
#   tests/bench/footprint.sh [OUTDIR]      (default build-footprint)
# Needs arm-none-eabi-gcc (Debian gcc-arm-none-eabi, libnewlib-arm-none-eabi)
# and python3. Prints how each figure is made, then ends with exactly one
# name=value line per figure, in bytes:
#   flash_all, flash_oempro, flash_plesk, flash_smspartner, static_ram,
#   stack_max, workspace_plesk_full
#
# How:
# - Every sdk/src/*.c (jsmn is compiled into json_reader.c) is built with
#   arm-none-eabi-gcc -std=c99 -Os -mthumb -mcpu=cortex-m4 -ffunction-sections
#   -fdata-sections -DNDEBUG, plus -fstack-usage -fcallgraph-info=su (they
#   write the call graph beside the object and do not change the code).
# - Four images are linked, -Wl,--gc-sections --specs=nosys.specs (newlib,
#   no OS), from tests/bench/footprint_image.c: a main, a stub transport and
#   a stub clock, and one create call: provkit_create_account() with the
#   provider chosen at run time (flash_all: all three providers with the
#   unified call), or only provkit_oempro_create(), only
#   provkit_plesk_create(), only provkit_smspartner_create(). Each also calls
#   provkit_client_init() and provkit_client_close(), as every application does.
#   A provider alone is the core built with only that provider compiled in
#   (provkit/config.h: -DPROVKIT_WITH_<OTHER>=0 for the other two), as an
#   application that needs one provider builds it.
# - libc excluded: the images link newlib, and tests/bench/mapsize.py reads
#   the linker map and the ELF: a flash figure is the image's flash (its
#   allocated sections with contents: code, constants, initial .data) minus
#   every input section the map attributes to newlib (libc.a, libnosys.a,
#   crt*.o: memcpy, memset, memcmp, memchr, strlen, strcmp, strchr, start-up
#   and exit) and minus the image's own main and stubs. What remains is the
#   core's kept sections, with their alignment padding and after the linker
#   merged duplicate strings, plus the libgcc helpers only the core pulls in
#   (today __aeabi_uldivmod, 64-bit division, for http_response.o): those are
#   the compiler's runtime, not libc, and exist in the image only because
#   the core calls them, so they are counted (and shown apart below).
#   mbedTLS is not linked at all (TLS is a port).
# - static_ram: the core's .data + .bss in the all-providers image (what the
#   core itself keeps in RAM; the client, workspace and result are the
#   caller's and counted apart, workspace_plesk_full below).
# - stack_max: tests/bench/stack.py over GCC's call graph (-fcallgraph-info):
#   the worst-case stack of provkit_create_account, provkit_oempro_create,
#   provkit_plesk_create and provkit_smspartner_create, the maximum of the
#   four. Calls through the transport vtable (connect, send, recv, close)
#   and the clock are the port's and not counted (add your port's, e.g.
#   mbedTLS's, on top); the providers' body writers, called through a
#   pointer by the client, are. The worst-case stack of every other public
#   (global) function of the core is listed too, for reference.
# - workspace_plesk_full: the workspace bytes a Plesk create with every field
#   at its maximum length needs. The workspace is one fixed struct whatever
#   the fields (the body is streamed, never held), so it is
#   sizeof(provkit_workspace_t) on the target in the Plesk-only configuration
#   (no JSON token space), read from an object built by footprint_image.c
#   -DIMAGE_SIZES (nm -S), and printed with its parts.
# - engine_ram: sizeof(provkit_engine_t) on the target, the same way: what
#   each connection of an event loop needs besides its window buffer (the
#   figure provkit/engine.h states).
set -eu
cd "$(dirname "$0")/../.."
out=${1:-build-footprint}
CC=arm-none-eabi-gcc
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "footprint.sh: $CC not installed (Debian: gcc-arm-none-eabi libnewlib-arm-none-eabi)" >&2
  exit 2
fi
rm -rf "$out"
# jsmn.h includes only <stddef.h>, so newlib's headers come first and the
# host include directory is searched last, for jsmn.h alone.
jsmn_dir=$(dirname "$(echo '#include <jsmn.h>' | cpp -H -o /dev/null 2>&1 | head -1 | sed 's/^\. //')")
CFLAGS="-std=c99 -Os -mthumb -mcpu=cortex-m4 -ffunction-sections -fdata-sections -DNDEBUG"
INCS="-Isdk/include -idirafter $jsmn_dir"
# the providers compiled out of a one-provider build
only_defs() { # $1 = ALL|OEMPRO|PLESK|SMSPARTNER
  for p in OEMPRO PLESK SMSPARTNER; do
    if [ "$1" != ALL ] && [ "$1" != "$p" ]; then
      printf ' -DPROVKIT_WITH_%s=0' "$p"
    fi
  done
}

echo "== Cortex-M4: $CC $($CC -dumpversion), $CFLAGS"
# the core, once per configuration: all providers, and each one alone
core() { # $1 = ALL|OEMPRO|PLESK|SMSPARTNER
  dir="$out/core_$(echo "$1" | tr '[:upper:]' '[:lower:]')"
  mkdir -p "$dir"
  for src in sdk/src/*.c; do
    # shellcheck disable=SC2046,SC2086
    (cd "$dir" && $CC $CFLAGS $(only_defs "$1") -fstack-usage -fcallgraph-info=su \
        -I"$OLDPWD/sdk/include" -idirafter "$jsmn_dir" -c "$OLDPWD/$src" -o "$(basename "$src" .c).o")
  done
}

# flash of one image: the core (with libgcc), libc and the stubs taken out
image() { # $1 = ALL|OEMPRO|PLESK|SMSPARTNER
  name=$(echo "$1" | tr '[:upper:]' '[:lower:]')
  core "$1"
  # shellcheck disable=SC2046,SC2086
  $CC $CFLAGS $(only_defs "$1") $INCS -DIMAGE_"$1" -c tests/bench/footprint_image.c -o "$out/image_$name.o"
  # shellcheck disable=SC2086
  $CC $CFLAGS -Wl,--gc-sections --specs=nosys.specs -Wl,-Map="$out/image_$name.map" \
    "$out/image_$name.o" "$out/core_$name"/*.o -o "$out/image_$name.elf"
  python3 tests/bench/mapsize.py arm-none-eabi-readelf "$out/image_$name.elf" \
    "$out/image_$name.map" "$out/core_$name" --objects >"$out/image_$name.sizes"
}
field() { # $1 = sizes file, $2 = origin, $3 = flash|ram
  sed -n "s/^$2 .*$3=\([0-9]*\).*/\1/p" "$1"
}
for img in ALL OEMPRO PLESK SMSPARTNER; do
  image "$img"
done

s="$out/image_all.sizes"
echo "-- the all-providers image (provkit_create_account), bytes --"
echo "image flash (code, constants, .data initial values)  $(field "$s" image flash)"
echo "  newlib (libc, nosys, crt: not counted)            -$(field "$s" libc flash)"
echo "  the image's own main, stub transport and clock    -$(field "$s" other flash)"
echo "  = the core, libgcc helpers included               $(field "$s" core_with_libgcc flash)"
echo "    of which libgcc (as listed in the map)          $(field "$s" libgcc flash)"
echo "    the core's objects as listed in the map (before string merging):"
sed -n 's/^  /      /p' "$s"
flash_all=$(field "$s" core_with_libgcc flash)
flash_oempro=$(field "$out/image_oempro.sizes" core_with_libgcc flash)
flash_plesk=$(field "$out/image_plesk.sizes" core_with_libgcc flash)
flash_smspartner=$(field "$out/image_smspartner.sizes" core_with_libgcc flash)
for img in oempro plesk smspartner; do
  echo "-- provkit_${img}_create alone: core $(field "$out/image_$img.sizes" core_with_libgcc flash)" \
       "(libgcc $(field "$out/image_$img.sizes" libgcc flash)), newlib not counted" \
       "$(field "$out/image_$img.sizes" libc flash)"
done
static_ram=$(( $(field "$s" core ram) + $(field "$s" libgcc ram) ))
echo "-- static RAM of the core (.data + .bss in the all-providers image): $static_ram"

echo "-- worst-case stack (GCC call graph, tests/bench/stack.py; the port's transport and clock not included) --"
roots="provkit_create_account provkit_oempro_create provkit_plesk_create provkit_smspartner_create"
publics=$(arm-none-eabi-nm -g --defined-only "$out"/core_all/*.o | awk '$2 == "T" {print $3}' | sort -u)
# One run for every public function (stack.py takes a few seconds per root).
# shellcheck disable=SC2086
python3 tests/bench/stack.py "$out/core_all" $publics >"$out/stack.txt"
stack_max=0
for r in $roots; do
  v=$(sed -n "s/^$r  *\([0-9][0-9]*\) bytes.*/\1/p" "$out/stack.txt")
  if [ -z "$v" ]; then
    echo "footprint.sh: no stack figure for $r" >&2
    exit 1
  fi
  grep -A1 "^$r " "$out/stack.txt"
  if [ "$v" -gt "$stack_max" ]; then
    stack_max=$v
  fi
done
echo "-- every other public function of the core (bytes, worst case; the port's not included) --"
awk '/ bytes / {print $2 "\t" $1}' "$out/stack.txt" | sort -rn |
  grep -vwE "$(echo "$roots" | tr ' ' '|')" | awk -F'\t' '{printf "  %5d  %s\n", $1, $2}'

echo "-- workspace of a Plesk create with every field at its maximum length --"
# shellcheck disable=SC2046,SC2086
$CC $CFLAGS $(only_defs PLESK) $INCS -DIMAGE_SIZES -c tests/bench/footprint_image.c -o "$out/sizes.o"
size_of() { # $1 = object, $2 = symbol: its size in bytes
  v=$(arm-none-eabi-nm -S "$1" | awk -v s="$2" '$4 == s {print $2}')
  echo $((0x${v:-0}))
}
workspace=$(size_of "$out/sizes.o" size_workspace)
engine=$(size_of "$out/sizes.o" size_engine)
echo "The workspace is one fixed struct: the request body is streamed from the caller's strings"
echo "(measured once, then written a window at a time into the client's buffer), never held, so the longest"
echo "fields need no more than the shortest. sizeof(provkit_workspace_t) on Cortex-M4, Plesk alone:"
echo "  resp (provkit_http_response_t)  $(size_of "$out/sizes.o" size_workspace_resp)"
echo "  body[PROVKIT_RESPONSE_MAX]      $(size_of "$out/sizes.o" size_workspace_body)"
echo "  scan (the answer's scanner)     $(size_of "$out/sizes.o" size_workspace_scan): the XML scanner's state," \
     "$(size_of "$out/sizes.o" size_workspace_xml), sharing its room with"
echo "    tokens[PROVKIT_JSON_TOKENS]   $(size_of "$out/sizes.o" size_workspace_tokens)  (only with a JSON provider)"
echo "  = sizeof(provkit_workspace_t)   $workspace"
echo "-- the exchange engine (provkit/engine.h), one per connection, besides its window --"
echo "  sizeof(provkit_engine_t)        $engine"
echo "(for reference, the caller's other structs: provkit_client_t $(size_of "$out/sizes.o" size_client)," \
     "provkit_plesk_result_t $(size_of "$out/sizes.o" size_plesk_result)," \
     "provkit_account_result_t $(size_of "$out/sizes.o" size_account_result))"

echo "flash_all=$flash_all"
echo "flash_oempro=$flash_oempro"
echo "flash_plesk=$flash_plesk"
echo "flash_smspartner=$flash_smspartner"
echo "static_ram=$static_ram"
echo "stack_max=$stack_max"
echo "workspace_plesk_full=$workspace"
echo "engine_ram=$engine"
