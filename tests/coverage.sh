#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Line coverage of sdk/ by the whole ctest suite (gcov, through gcovr).
#   tests/coverage.sh     # prints the per-file table and the total
set -eu
cd "$(dirname "$0")/.."
. tests/deps.sh
PROVKIT_DEBS="$PROVKIT_DEBS gcovr"
provkit_install_deps
build=${BUILD_DIR:-build-cov}
cmake -S . -B "$build" -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=Debug -DPROVKIT_COVERAGE=ON >/dev/null
cmake --build "$build" -j "$(nproc)"
find "$build" -name '*.gcda' -delete
(cd "$build" && ctest -j "$(nproc)" --timeout 300 >/dev/null) || echo "warning: some tests failed"
gcovr -r . --filter 'sdk/' "$build"
