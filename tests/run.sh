#!/bin/sh
# The test command (README, CI): install what is missing from Debian, build
# with -fsanitize=address,undefined and warnings as errors, run every test
# through ctest. Ends with ctest's summary.
#   tests/run.sh            # from the repository root, as root or with sudo
# Environment: BUILD_DIR (default build), JOBS (default nproc).
set -eu
cd "$(dirname "$0")/.."
. tests/deps.sh
provkit_install_deps

build=${BUILD_DIR:-build}
jobs=${JOBS:-$(nproc)}

# The SDK and its ports must also be warning-clean under clang.
cmake -S . -B "$build-clang" -DCMAKE_C_COMPILER=clang -DPROVKIT_BUILD_TESTS=OFF \
  -DPROVKIT_BUILD_EXAMPLES=ON >/dev/null
cmake --build "$build-clang" -j "$jobs"

cmake -S . -B "$build" -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=Debug -DPROVKIT_SANITIZE=ON >/dev/null
cmake --build "$build" -j "$jobs"
cd "$build"
exec ctest --output-on-failure -j "$jobs" --timeout 300
