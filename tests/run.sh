#!/bin/sh
# The test command (README, CI): install what is missing from Debian, build
# with -fsanitize=address,undefined and warnings as errors, run every test
# through ctest (its summary), then, on Debian, the same suite built for
# s390x (big-endian) and armhf (32-bit) and run under qemu-user
# (tests/cross.sh, which ends with its own summary per target).
#   tests/run.sh            # from the repository root, as root or with sudo
# Environment: BUILD_DIR (default build), JOBS (default nproc),
# PROVKIT_CROSS=skip (leave out the cross runs, says so).
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
(cd "$build" && ctest --output-on-failure -j "$jobs" --timeout 300)
# ctest shows a skipped test's output nowhere: say why here.
grep -h '^skipped: ' "$build/Testing/Temporary/LastTest.log" 2>/dev/null | sort -u || true

# Other CPUs at run time: wherever Debian's cross compilers are installable.
if [ "${PROVKIT_CROSS:-}" = skip ]; then
  echo "tests/run.sh: cross runs SKIPPED (PROVKIT_CROSS=skip)"
elif [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; then
  JOBS=$jobs sh tests/cross.sh "$build-cross"
else
  echo "tests/run.sh: cross runs not possible here (not Debian: no cross compilers to install)"
fi
