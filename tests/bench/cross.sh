#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Cross builds of the core, warnings as errors: Cortex-M4 and Cortex-M0
# (thumb, little-endian) and a big-endian ARM (Cortex-R5, -mbig-endian), as
# firmware engineers build it. Then examples/baremetal.c is linked for
# Cortex-M4 with newlib's nosys specs and the image is checked for any
# allocator. Needs arm-none-eabi-gcc (Debian gcc-arm-none-eabi).
#   tests/bench/cross.sh [OUTDIR]
set -eu
cd "$(dirname "$0")/../.."
out=${1:-build-cross}
mkdir -p "$out"
jsmn_dir=$(dirname "$(echo '#include <jsmn.h>' | cpp -H -o /dev/null 2>&1 | head -1 | sed 's/^\. //')")
WARN="-std=c99 -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wundef -Werror"
CC=arm-none-eabi-gcc

for target in "cortex-m4:-mcpu=cortex-m4 -mthumb" "cortex-m0:-mcpu=cortex-m0 -mthumb" \
              "cortex-r5-be:-mcpu=cortex-r5 -mbig-endian"; do
  name=${target%%:*}
  flags=${target#*:}
  mkdir -p "$out/$name"
  for src in sdk/src/*.c; do
    # shellcheck disable=SC2086
    $CC $WARN -Os $flags -ffunction-sections -fdata-sections -Isdk/include -idirafter "$jsmn_dir" \
      -c "$src" -o "$out/$name/$(basename "$src" .c).o"
  done
  echo "ok: core builds for $name ($flags)"
done

# A whole firmware image: the core plus the bare-metal example, no heap.
# shellcheck disable=SC2086
$CC $WARN -Os -mcpu=cortex-m4 -mthumb -ffunction-sections -fdata-sections -Isdk/include \
  -idirafter "$jsmn_dir" examples/baremetal.c "$out"/cortex-m4/*.o \
  --specs=nosys.specs -Wl,--gc-sections -Wl,-Map="$out/baremetal.map" -o "$out/baremetal.elf"
arm-none-eabi-size "$out/baremetal.elf"
if arm-none-eabi-nm "$out/baremetal.elf" | grep -Ew '(_?malloc|_?free|_?calloc|_?realloc|_malloc_r|_free_r)$'; then
  echo "FAIL: the Cortex-M4 image links an allocator" >&2
  exit 1
fi
echo "ok: the Cortex-M4 image links no allocator"
