#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# install.consumer_cmake / install.consumer_pkgconfig: install the build
# into a staging directory (DESTDIR, prefix /usr/local), then build and run
# tests/consumer/main.c against it, with find_package(provkit) or with
# pkg-config (provkit, provkit-posix, provkit-mbedtls).
#   run.sh BUILD_DIR WORK_DIR cmake|pkgconfig [EXTRA_FLAGS]
# EXTRA_FLAGS: what the installed libraries need at compile and link time
# beyond what they declare (the test build's -fsanitize=...).
set -eu
build=$1 work=$2 how=$3 extra=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
stage=$work/stage
DESTDIR=$stage cmake --install "$build" --prefix /usr/local >"$work/install.log"
echo "installed into $stage/usr/local: $(find "$stage" -type f | wc -l) files"
case $how in
  cmake)
    cmake -S "$here" -B "$work/build" -DCMAKE_PREFIX_PATH="$stage/usr/local" \
      -DCMAKE_C_FLAGS="$extra" -DCMAKE_EXE_LINKER_FLAGS="$extra" >"$work/configure.log"
    cmake --build "$work/build" >"$work/build.log"
    exe=$work/build/consumer ;;
  pkgconfig)
    export PKG_CONFIG_PATH="$stage/usr/local/lib/pkgconfig"
    export PKG_CONFIG_SYSROOT_DIR="$stage"
    flags=$(pkg-config --cflags --libs --static provkit-mbedtls provkit-posix provkit)
    echo "pkg-config: $flags"
    # shellcheck disable=SC2086
    cc -std=c99 -D_POSIX_C_SOURCE=200809L $extra "$here/main.c" -o "$work/consumer" $flags
    exe=$work/consumer ;;
  *) echo "run.sh: cmake or pkgconfig" >&2; exit 2 ;;
esac
"$exe"
