#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# core.version: every place that states provkit's version agrees with
# sdk/include/provkit/version.h (MAJOR.MINOR.PATCH and the string): CMake's
# project version, the CLI's --version, the ESP-IDF manifest, the changelog,
# and, in BUILD_DIR, the generated provkit.pc and package version file.
#   check_version.sh REPO_ROOT CMAKE_PROJECT_VERSION CLI [BUILD_DIR]
set -eu
root=$1 cmake_version=$2 cli=$3 build=${4:-}
h="$root/sdk/include/provkit/version.h"
get() { sed -n "s/^#define PROVKIT_VERSION_$1 \(.*\)$/\1/p" "$h"; }
major=$(get MAJOR) minor=$(get MINOR) patch=$(get PATCH)
string=$(get STRING | tr -d '"')
fail=0
check() { # what, value
  if [ "$2" = "$string" ]; then
    echo "ok: $1 says $2"
  else
    echo "FAIL: $1 says '$2', version.h '$string'"
    fail=1
  fi
}
check "MAJOR.MINOR.PATCH" "$major.$minor.$patch"
check "CMake's project version" "$cmake_version"
check "provkit --version" "$("$cli" --version | sed -n 's/^provkit //p')"
check "port/esp-idf/idf_component.yml" \
  "$(sed -n 's/^version: "\(.*\)"$/\1/p' "$root/port/esp-idf/idf_component.yml")"
check "CHANGELOG.md's last release" \
  "$(sed -n 's/^## \([0-9][0-9.]*\) - .*/\1/p' "$root/CHANGELOG.md" | head -1)"
if [ -n "$build" ]; then
  check "provkit.pc" "$(sed -n 's/^Version: //p' "$build/provkit.pc")"
  check "provkitConfigVersion.cmake" \
    "$(sed -n 's/^set(PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/provkitConfigVersion.cmake")"
fi
exit $fail
