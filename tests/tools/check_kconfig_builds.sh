#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# config.kconfig: Kconfig drives the build. For each configuration in
# tests/config/defconfigs (each provider alone, every provider without the
# TLS port), configure with -DPROVKIT_CONFIG=it, build the libraries with
# warnings as errors, check what Kconfig resolved (provkit.config, the
# generated provkit/build_config.h, the libraries built) and run
# tests/config/test_config.c against that library (the unified call
# answers PROVKIT_ERR_UNSUPPORTED for a provider compiled out; the workspace
# holds JSON tokens only with a JSON provider). Then a configuration
# kconfiglib refuses (a value out of range) must fail the configure step,
# and a build without kconfiglib (-DPROVKIT_KCONFIG=OFF) takes the defaults.
#   check_kconfig_builds.sh WORK_DIR
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$1
rm -rf "$work"
mkdir -p "$work"
fail=0
cmocka_flags="-lcmocka"
for conf in "$root"/tests/config/defconfigs/*; do
  name=$(basename "$conf")
  b=$work/$name
  if ! { cmake -S "$root" -B "$b" -DPROVKIT_CONFIG="$conf" -DPROVKIT_WERROR=ON \
           >"$b.log" 2>&1 && cmake --build "$b" -j 2 >>"$b.log" 2>&1; }; then
    echo "FAIL: $name: configure or build"
    tail -20 "$b.log"
    fail=1
    continue
  fi
  # what Kconfig resolved is what was asked
  for line in $(grep -h '^CONFIG_\|^# CONFIG_.* is not set' "$conf" | sed 's/^# \(CONFIG_[A-Z_]*\) is not set$/\1=n/'); do
    sym=${line%%=*} want=${line#*=}
    got=$(sed -n "s/^$sym=//p; s/^# $sym is not set$/n/p" "$b/provkit.config")
    if [ "$got" != "$want" ]; then
      echo "FAIL: $name: $sym is '$got' in provkit.config, the configuration says '$want'"
      fail=1
    fi
  done
  libs=$(cd "$b" && ls sdk/*.a port/*.a 2>/dev/null | xargs -n1 basename | tr '\n' ' ')
  if grep -q 'PORT_MBEDTLS is not set' "$conf" && [ -e "$b/port/libprovkit_mbedtls.a" ]; then
    echo "FAIL: $name: the TLS port was built"
    fail=1
  fi
  # the library's own configuration, seen by a program built against it
  if cc -std=c99 -I"$b/include" -I"$root/sdk/include" "$root/tests/config/test_config.c" \
       "$b/sdk/libprovkit.a" $cmocka_flags -o "$b/test_config" >"$b.test.log" 2>&1 &&
     "$b/test_config" >>"$b.test.log" 2>&1; then
    echo "ok: $name: $libs; test_config passed"
  else
    echo "FAIL: $name: test_config"
    cat "$b.test.log"
    fail=1
  fi
done
# refused: the configure step fails and says why
printf 'CONFIG_PROVKIT_RESPONSE_MAX=100\n' >"$work/bad.config"
if cmake -S "$root" -B "$work/bad" -DPROVKIT_CONFIG="$work/bad.config" \
     -DPROVKIT_BUILD_TESTS=OFF -DPROVKIT_BUILD_EXAMPLES=OFF >"$work/bad.log" 2>&1; then
  echo "FAIL: a value out of Kconfig's range was taken"
  fail=1
elif grep -q 'CONFIG_PROVKIT_RESPONSE_MAX=100 was not taken' "$work/bad.log"; then
  echo "ok: a value out of range fails the configure step, saying which"
else
  echo "FAIL: the refused configuration did not say why"
  cat "$work/bad.log"
  fail=1
fi
# without kconfiglib: config.h's defaults
if cmake -S "$root" -B "$work/nokconfig" -DPROVKIT_KCONFIG=OFF -DPROVKIT_BUILD_TESTS=OFF \
     -DPROVKIT_BUILD_EXAMPLES=OFF -DPROVKIT_WERROR=ON >"$work/nokconfig.log" 2>&1 &&
   cmake --build "$work/nokconfig" -j 2 >>"$work/nokconfig.log" 2>&1 &&
   [ ! -e "$work/nokconfig/include/provkit/build_config.h" ]; then
  echo "ok: without kconfiglib, the defaults (no generated header)"
else
  echo "FAIL: the build without kconfiglib"
  tail -20 "$work/nokconfig.log"
  fail=1
fi
exit $fail
