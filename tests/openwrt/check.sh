#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# openwrt.mips: port/openwrt/provkit/Makefile checked without the OpenWrt SDK.
# For big-endian MIPS (Debian's gcc-mips-linux-gnu, the target of OpenWrt's
# ath79 and others) and three C libraries, the way OpenWrt builds a CMake
# package (include/cmake.mk):
#   - mbedTLS 3.6 (Debian's source package) built for the target and
#     installed into a staging directory, as OpenWrt's libmbedtls is;
#     jsmn.h installed there as port/openwrt/jsmn's Build/InstallDev does;
#   - provkit configured with cmake.mk's flags (the cross compiler and its
#     flags, CMAKE_FIND_ROOT_PATH on the staging directory, /usr, no rpath)
#     and the Makefile's own CMAKE_OPTIONS, built, and installed with
#     DESTDIR into PKG_INSTALL_DIR;
#   - every file the Makefile's install sections take from PKG_INSTALL_DIR
#     is there;
#   - the installed CLI passes the CLI integration suite
#     (tests/integration/test_cli.py) under qemu-mips, against a simulator
#     of this script's own.
# Variants: glibc (shared libraries, as the package is), glibc static, and
# musl static (musl 1.2, Debian's source package, built here for MIPS).
#   tests/openwrt/check.sh WORK_DIR CERT_DIR
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$1 certs=$2
mkdir -p "$work"
work=$(cd "$work" && pwd)
mk=$root/port/openwrt/provkit/Makefile
jobs=$(nproc)
src=$work/src
mbed=$(sh "$root/tests/deps-source.sh" "$src" mbedtls 3.6. | tail -1)
musl_src=$(sh "$root/tests/deps-source.sh" "$src" musl 1.2. | tail -1)
fail=0

# musl for MIPS, static, with its gcc wrapper
musl=$work/musl
if [ ! -x "$musl/bin/musl-gcc" ]; then
  rm -rf "$work/musl-build" && cp -r "$musl_src" "$work/musl-build"
  (cd "$work/musl-build" && ./configure --target=mips-linux-gnu CROSS_COMPILE=mips-linux-gnu- \
     CC=mips-linux-gnu-gcc --prefix="$musl" --disable-shared --enable-wrapper=gcc \
     && make -j "$jobs" && make install) >"$work/musl.log" 2>&1 ||
    { echo "FAIL: musl for MIPS did not build"; tail -20 "$work/musl.log"; exit 1; }
fi

# The Makefile's CMAKE_OPTIONS (the continuation lines after "CMAKE_OPTIONS +=")
options=$(awk '/^CMAKE_OPTIONS \+=/ {on = 1; next} on && /^\t-D/ {sub(/^\t/, ""); sub(/ *\\$/, ""); print; next} on {on = 0}' "$mk")
echo "the Makefile's CMAKE_OPTIONS: $(echo $options)"
# OpenWrt's TARGET_CFLAGS for a MIPS 24Kc (ath79), less -msoft-float: Debian's
# MIPS libraries are hard-float
target_cflags="-Os -pipe -mno-branch-likely -mips32r2 -mtune=24kc -fno-caller-saves"

variant() { # NAME CC LDFLAGS SHARED(ON/OFF) SYSROOT
  name=$1 cc=$2 ldflags=$3 shared=$4 sysroot=$5
  v=$work/$name
  staging=$v/staging_dir
  pkg=$v/ipkg-install
  rm -rf "$v"
  mkdir -p "$staging/usr/include"
  # jsmn's Build/InstallDev: the upstream header (Debian's libjsmn-dev is it)
  cp /usr/include/jsmn.h "$staging/usr/include/"
  # cmake.mk's flags (the part that matters off the SDK)
  set -- -DCMAKE_SYSTEM_NAME=Linux -DCMAKE_SYSTEM_VERSION=1 -DCMAKE_SYSTEM_PROCESSOR=mips \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE=-DNDEBUG \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$target_cflags" \
    -DCMAKE_EXE_LINKER_FLAGS="$ldflags" -DCMAKE_SHARED_LINKER_FLAGS="-Wl,-Bsymbolic-functions" \
    -DCMAKE_AR=/usr/bin/mips-linux-gnu-ar -DCMAKE_RANLIB=/usr/bin/mips-linux-gnu-ranlib \
    -DCMAKE_FIND_ROOT_PATH="$staging/usr;$sysroot" -DCMAKE_FIND_ROOT_PATH_MODE_PROGRAM=NEVER \
    -DCMAKE_FIND_ROOT_PATH_MODE_LIBRARY=ONLY -DCMAKE_FIND_ROOT_PATH_MODE_INCLUDE=ONLY \
    -DCMAKE_FIND_ROOT_PATH_MODE_PACKAGE=ONLY -DCMAKE_PREFIX_PATH=/ \
    -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_SKIP_RPATH=TRUE -DCMAKE_EXPORT_PACKAGE_REGISTRY=FALSE
  # libmbedtls: mbedTLS 3.6 for the target, into the staging directory
  cmake -S "$mbed" -B "$v/mbedtls" "$@" -DENABLE_PROGRAMS=OFF -DENABLE_TESTING=OFF \
    -DMBEDTLS_FATAL_WARNINGS=OFF -DUSE_SHARED_MBEDTLS_LIBRARY="$shared" \
    -DUSE_STATIC_MBEDTLS_LIBRARY=ON >"$v.log" 2>&1 &&
  cmake --build "$v/mbedtls" -j "$jobs" >>"$v.log" 2>&1 &&
  DESTDIR="$staging" cmake --install "$v/mbedtls" >>"$v.log" 2>&1 ||
    { echo "FAIL: $name: mbedTLS for MIPS"; tail -20 "$v.log"; return 1; }
  # provkit, as the package builds it (static variants: shared off)
  # shellcheck disable=SC2086
  cmake -S "$root" -B "$v/provkit" "$@" $options -DBUILD_SHARED_LIBS="$shared" \
    -DPROVKIT_WERROR=ON >>"$v.log" 2>&1 &&
  cmake --build "$v/provkit" -j "$jobs" >>"$v.log" 2>&1 &&
  DESTDIR="$pkg" cmake --install "$v/provkit" >>"$v.log" 2>&1 ||
    { echo "FAIL: $name: provkit for MIPS"; tail -30 "$v.log"; return 1; }
  echo "$name: found mbedTLS by $(sed -n 's/^PROVKIT_MBEDTLS_FOUND_BY:INTERNAL=//p' "$v/provkit/CMakeCache.txt")"
  # every file the install sections take (shared libraries only when shared)
  missing=0
  for pat in $(sed -n 's/.*\$(PKG_INSTALL_DIR)\(\/[^ ]*\).*/\1/p' "$mk" | sort -u); do
    case $pat in *.so*) [ "$shared" = ON ] || continue ;; esac
    # shellcheck disable=SC2086
    if ls $pkg$pat >/dev/null 2>&1; then
      echo "  ok: \$(PKG_INSTALL_DIR)$pat: $(cd "$pkg" && ls -d .$pat | sed 's|^\./|/|' | tr '\n' ' ')"
    else
      echo "  FAIL: \$(PKG_INSTALL_DIR)$pat: nothing there"
      missing=1
    fi
  done
  [ $missing = 0 ] || return 1
  cli=$pkg/usr/bin/provkit
  if command -v file >/dev/null 2>&1; then
    echo "  $(file -b "$cli" | cut -d, -f1-3,5)"
  fi
  # the CLI under qemu-mips: a wrapper the test suite runs
  wrapper=$v/provkit-mips
  if [ "$shared" = ON ]; then
    printf '#!/bin/sh\nexec qemu-mips -L %s -E LD_LIBRARY_PATH=%s "%s" "$@"\n' \
      "$sysroot" "$pkg/usr/lib:$staging/usr/lib" "$cli" >"$wrapper"
  else
    printf '#!/bin/sh\nexec qemu-mips "%s" "$@"\n' "$cli" >"$wrapper"
  fi
  chmod +x "$wrapper"
  "$wrapper" --version
  state=$v/sim
  port=$(env PYTHON="${PYTHON:-python3}" sh "$root/tests/sim/start.sh" "$state" "$certs" \
           --max-seconds 900 | tail -1)
  rc=0
  # qemu-mips (7.2) leaves getsockopt(SO_ERROR) in the host's errno numbers
  PROVKIT_TEST_SO_ERROR_UNTRANSLATED=1 \
  "${PYTHON:-python3}" "$root/tests/integration/test_cli.py" --cli "$wrapper" \
    --port-file "$state/port" --ca "$certs/ca.pem" --other-ca "$certs/other-ca.pem" \
    >"$v.cli.log" 2>&1 || rc=$?
  sh "$root/tests/sim/stop.sh" "$state" >/dev/null 2>&1 || true
  summary=$(grep -E '^(Ran|OK|FAILED)' "$v.cli.log" | tr '\n' ' ')
  if [ $rc = 0 ]; then
    echo "  ok: the CLI integration suite under qemu-mips: $summary"
  else
    echo "  FAIL: the CLI integration suite under qemu-mips: $summary (sim port $port)"
    tail -40 "$v.cli.log"
    return 1
  fi
}

variant glibc mips-linux-gnu-gcc "" ON /usr/mips-linux-gnu || fail=1
variant glibc-static mips-linux-gnu-gcc "-static" OFF /usr/mips-linux-gnu || fail=1
variant musl-static "$musl/bin/musl-gcc" "-static" OFF "$musl" || fail=1
exit $fail
