#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The test command (README, CI): install what is missing from Debian, build
# with -fsanitize=address,undefined and warnings as errors, run every test
# through ctest (its summary), then the TLS tests again against mbedTLS 3.6
# built from Debian's source package, then, on Debian, the same suite built for
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
  -DPROVKIT_BUILD_EXAMPLES=ON -DPROVKIT_WERROR=ON >/dev/null
cmake --build "$build-clang" -j "$jobs"

cmake -S . -B "$build" -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=Debug -DPROVKIT_SANITIZE=ON -DPROVKIT_WERROR=ON >/dev/null
cmake --build "$build" -j "$jobs"
(cd "$build" && ctest --output-on-failure -j "$jobs" --timeout 300)
# ctest shows a skipped test's output nowhere: say why here.
grep -h '^skipped: ' "$build/Testing/Temporary/LastTest.log" 2>/dev/null | sort -u || true

# The TLS port against mbedTLS 3.6 (TLS 1.2 and 1.3, no file system): Debian's
# source package (tests/deps-mbedtls3.sh, a private apt configuration) built
# in the build tree with provkit's configuration. The TLS unit tests, the
# end-to-end test and every CLI integration suite run against it too, and the
# firmware image provisions under QEMU (firmware.qemu; its fw_* figures).
m3=$(sh tests/deps-mbedtls3.sh "$build-mbedtls3-src" | tail -1)
cmake -S . -B "$build-mbedtls3" -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=Debug \
  -DPROVKIT_SANITIZE=ON -DPROVKIT_WERROR=ON -DPROVKIT_MBEDTLS_SOURCE="$m3" >/dev/null
cmake --build "$build-mbedtls3" -j "$jobs"
echo "== the TLS tests again, against mbedTLS ${m3##*/mbedtls-} ($m3)"
(cd "$build-mbedtls3" && ctest --output-on-failure -j "$jobs" --timeout 600 -R 'tls|^integration\.|^firmware\.|^rtos\.')
grep -h '^fw_[a-z_]*=' "$build-mbedtls3/Testing/Temporary/LastTest.log" 2>/dev/null || true

# Other CPUs at run time: wherever Debian's cross compilers are installable.
if [ "${PROVKIT_CROSS:-}" = skip ]; then
  echo "tests/run.sh: cross runs SKIPPED (PROVKIT_CROSS=skip)"
elif [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; then
  JOBS=$jobs sh tests/cross.sh "$build-cross"
else
  echo "tests/run.sh: cross runs not possible here (not Debian: no cross compilers to install)"
fi
