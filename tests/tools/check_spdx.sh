#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# core.spdx: every source file (C, headers, scripts, build files, Kconfig,
# YAML, linker scripts) names its license in its first three lines, and
# LICENSE is the Apache License 2.0 it names. Data (test vectors, fuzz
# corpora, certificates) and prose (*.md) are not source.
#   check_spdx.sh REPO_ROOT
set -eu
cd "$1"
grep -q "Apache License" LICENSE && grep -q "Version 2.0, January 2004" LICENSE || {
  echo "FAIL: LICENSE is not the Apache License 2.0"
  exit 1
}
missing=0
n=0
for f in $(find . \( -path ./.git -o -path './build*' -o -path ./tests/fuzz/corpus \
    -o -path ./tests/vectors \) -prune -o -type f \( -name '*.c' -o -name '*.h' -o \
    -name '*.py' -o -name '*.sh' -o -name '*.cmake' -o -name CMakeLists.txt -o \
    -name 'Kconfig*' -o -name Makefile -o -name '*.yml' -o -name '*.yaml' -o -name '*.ld' -o -name '*.inc' \
    -o -name '*.conf' -o -path ./.ci/run \) -print); do
  n=$((n + 1))
  if ! head -3 "$f" | grep -q 'SPDX-License-Identifier: Apache-2.0'; then
    echo "FAIL: no SPDX line: $f"
    missing=$((missing + 1))
  fi
done
echo "core.spdx: $n source files, $missing without the SPDX line"
[ "$missing" -eq 0 ]
