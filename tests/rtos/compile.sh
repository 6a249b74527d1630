#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The Zephyr module's and the ESP-IDF component's sources, compiled with
# provkit's warnings as errors for Cortex-M4 (arm-none-eabi-gcc, newlib) and
# Xtensa (xtensa-lx106-elf-gcc, picolibc), against minimal stand-in headers
# for the RTOS calls (tests/rtos/zephyr, tests/rtos/esp-idf: the functions
# and types the ports use, with the RTOS's signatures; not the RTOS).
#   tests/rtos/compile.sh OUTDIR [MBEDTLS_INCLUDE_DIR]
# MBEDTLS_INCLUDE_DIR: an mbedTLS include directory for the TLS port (the
# 3.6 tree's, with provkit's configuration); default Debian's 2.28 headers.
# This proves the sources compile for those targets with those declarations;
# it does not build with Zephyr's or ESP-IDF's own SDK (README says so).
set -eu
cd "$(dirname "$0")/../.."
out=${1:?usage: tests/rtos/compile.sh OUTDIR [MBEDTLS_INCLUDE_DIR]}
mbed=${2:-}
mkdir -p "$out/jsmn"
ln -sf /usr/include/jsmn.h "$out/jsmn/jsmn.h"
# The TLS port against the mbedTLS 3.6 tree and provkit's configuration
# (Debian's 2.28 headers are configured for Linux: pthread, sockets).
tls=""
mbed_flags=""
if [ -n "$mbed" ]; then
  mbed_flags="-isystem $mbed -DMBEDTLS_CONFIG_FILE=\"provkit_mbedtls_config.h\""
  tls=port/mbedtls/mbedtls_tls.c
else
  echo "rtos compile: the TLS port left out (no mbedTLS 3.6 include directory given)"
fi
WARN="-std=c99 -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wundef -Werror"
fail=0
n=0
compile() { # $1 = compiler and flags, $2 = label, then sources; extra flags in $EXTRA
  cc=$1 label=$2
  shift 2
  for f in "$@"; do
    n=$((n + 1))
    o="$out/$label-$(basename "$f" .c).o"
    # shellcheck disable=SC2086
    if ! $cc $WARN $EXTRA -c "$f" -o "$o" 2>"$o.log"; then
      echo "FAIL: $label $f"
      cat "$o.log"
      fail=1
    fi
  done
}
core="sdk/src/*.c"
for target in cortex-m4 xtensa; do
  case $target in
    cortex-m4) CC="arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os" ;;
    xtensa) CC="xtensa-lx106-elf-gcc --specs=/usr/lib/xtensa-lx106-elf/picolibc.specs -Os" ;;
  esac
  if ! command -v "${CC%% *}" >/dev/null 2>&1; then
    echo "FAIL: ${CC%% *} is not installed"
    fail=1
    continue
  fi
  # Zephyr: the sockets port and the sample, with and without DNS and IPv6
  # (Zephyr puts its Kconfig output in every file with -imacros)
  printf '#define CONFIG_PROVKIT 1\n#define CONFIG_PROVKIT_WITH_SMSPARTNER 1\n#define CONFIG_NET_IPV6 1\n#define CONFIG_DNS_RESOLVER 1\n' >"$out/autoconf-full.h"
  printf '#define CONFIG_PROVKIT 1\n#define CONFIG_PROVKIT_WITH_SMSPARTNER 1\n' >"$out/autoconf-min.h"
  for conf in full min; do
    EXTRA="-imacros $out/autoconf-$conf.h -Itests/rtos/zephyr/include -Isdk/include -Iport/zephyr -Iport/mbedtls $mbed_flags -idirafter $out/jsmn"
    # shellcheck disable=SC2086
    compile "$CC" "zephyr-$target-$conf" port/zephyr/zephyr_tcp.c $core $tls
  done
  # ESP-IDF: the component's sources with ESP_PLATFORM and its sdkconfig.h
  EXTRA="-DESP_PLATFORM -Itests/rtos/esp-idf/include -Isdk/include -Iport/lwip -Iport/mbedtls $mbed_flags -idirafter $out/jsmn"
  # shellcheck disable=SC2086
  compile "$CC" "esp-idf-$target" port/lwip/lwip_tcp.c $core $tls
  # the Zephyr sample needs the TLS port's header (and so mbedTLS)
  if [ -n "$tls" ]; then
    EXTRA="-imacros $out/autoconf-full.h -Itests/rtos/zephyr/include -Isdk/include -Iport/zephyr -Iport/mbedtls $mbed_flags"
    compile "$CC" "zephyr-sample-$target" port/zephyr/sample/src/main.c
  fi
done
echo "rtos compile: $n compilations, $( [ $fail = 0 ] && echo all clean || echo FAILED)"
exit $fail
