#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# config.ports: provkit's libraries build, with warnings as errors, with
# every combination of PROVKIT_WITH_POSIX and PROVKIT_WITH_MBEDTLS (tests and
# examples are left out when a port is off), and as a subproject of another
# project (add_subdirectory: no tests, no examples, provkit:: aliases).
#   check_ports.sh WORK_DIR
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$1
rm -rf "$work"
mkdir -p "$work"
fail=0
for posix in ON OFF; do
  for tls in ON OFF; do
    b=$work/posix-$posix-mbedtls-$tls
    if cmake -S "$root" -B "$b" -DPROVKIT_WITH_POSIX=$posix -DPROVKIT_WITH_MBEDTLS=$tls \
         -DPROVKIT_BUILD_TESTS=OFF -DPROVKIT_BUILD_EXAMPLES=OFF -DPROVKIT_WERROR=ON \
         >"$b.log" 2>&1 && cmake --build "$b" -j 2 >>"$b.log" 2>&1; then
      echo "ok: POSIX $posix, mbedTLS $tls: $(ls "$b"/sdk/*.a "$b"/port/*.a 2>/dev/null | xargs -n1 basename | tr '\n' ' ')"
    else
      echo "FAIL: POSIX $posix, mbedTLS $tls"
      tail -20 "$b.log"
      fail=1
    fi
  done
done
# a subproject: its own tests and examples are not built, the aliases work
sub=$work/subproject
mkdir -p "$sub/src"
cat >"$sub/src/CMakeLists.txt" <<EOT
cmake_minimum_required(VERSION 3.20)
project(app C)
add_subdirectory($root provkit)
add_executable(app app.c)
target_link_libraries(app PRIVATE provkit::provkit provkit::posix provkit::mbedtls)
if(TARGET test_account OR TARGET example_provkit)
  message(FATAL_ERROR "provkit built its tests or examples as a subproject")
endif()
EOT
printf '#include "provkit/version.h"\n#include "provkit_mbedtls.h"\nint main(void) { return PROVKIT_VERSION_MAJOR; }\n' >"$sub/src/app.c"
if cmake -S "$sub/src" -B "$sub/build" >"$sub.log" 2>&1 && cmake --build "$sub/build" -j 2 >>"$sub.log" 2>&1 &&
   "$sub/build/app"; then
  echo "ok: add_subdirectory(provkit) builds the libraries alone and links provkit:: targets"
else
  echo "FAIL: provkit as a subproject"
  tail -20 "$sub.log"
  fail=1
fi
exit $fail
