#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Fetch Debian's mbedTLS 3.6 source package into DIR, through a private apt
# configuration (tests/deps-source.sh: nothing of the machine's own apt
# configuration is read or changed). Prints the source tree's path
# (DIR/mbedtls-3.6.x) on the last line; a tree already there is kept.
#   tests/deps-mbedtls3.sh DIR
# Then: cmake -DPROVKIT_MBEDTLS_SOURCE=<that path> ...
set -eu
dir=${1:?usage: tests/deps-mbedtls3.sh DIR}
t=$(sh "$(dirname "$0")/deps-source.sh" "$dir" mbedtls 3.6. | tail -1)
[ -f "$t/include/mbedtls/build_info.h" ] || { echo "deps-mbedtls3.sh: $t is not mbedTLS 3" >&2; exit 1; }
echo "$t"
