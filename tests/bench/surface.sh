#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The core's size as code and as an interface, for issue 7's before/after:
#   tests/bench/surface.sh [OUTDIR]     (default build-surface)
# Ends with name=value lines:
#   sdk_lines         lines of sdk/ (every .c and .h under sdk/)
#   public_functions  functions the public headers (sdk/include/provkit/*.h)
#                     declare: gcc -aux-info over one file that includes
#                     them all, provkit_* names only
#   global_functions  functions of the core with external linkage (nm -g, T)
#                     in an x86-64 build of sdk/src/*.c
set -eu
cd "$(dirname "$0")/../.."
out=${1:-build-surface}
rm -rf "$out"
mkdir -p "$out/obj"
jsmn_dir=$(dirname "$(echo '#include <jsmn.h>' | cpp -H -o /dev/null 2>&1 | head -1 | sed 's/^\. //')")
for h in sdk/include/provkit/*.h; do
  echo "#include \"provkit/$(basename "$h")\""
done >"$out/all.c"
gcc -std=c99 -Isdk/include -aux-info "$out/all.aux" -fsyntax-only "$out/all.c"
public=$(grep -o '\bprovkit_[a-z0-9_]* *(' "$out/all.aux" | sed 's/ *($//' | sort -u | wc -l)
for src in sdk/src/*.c; do
  gcc -std=c99 -Os -Isdk/include -I"$jsmn_dir" -c "$src" -o "$out/obj/$(basename "$src" .c).o"
done
global=$(nm -g --defined-only "$out"/obj/*.o | awk '$2 == "T"' | wc -l)
lines=$(cat sdk/src/*.c sdk/src/*.h sdk/include/provkit/*.h | wc -l)
echo "sdk_lines=$lines"
echo "public_functions=$public"
echo "global_functions=$global"
