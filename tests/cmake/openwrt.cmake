# SPDX-License-Identifier: Apache-2.0
# openwrt.mips: port/openwrt/provkit/Makefile checked the way OpenWrt's
# cmake.mk builds it, for big-endian MIPS with glibc (shared), glibc static
# and musl static, mbedTLS 3.6 built for each; the installed CLI passes the
# CLI integration suite under qemu-mips (tests/openwrt/check.sh). Needs
# Debian's gcc-mips-linux-gnu and qemu-user; skipped, saying which, without.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
find_program(PROVKIT_MIPS_GCC mips-linux-gnu-gcc)
find_program(PROVKIT_QEMU_MIPS qemu-mips)
if(PROVKIT_MIPS_GCC AND PROVKIT_QEMU_MIPS AND NOT PROVKIT_MBEDTLS_SOURCE)
  add_test(NAME openwrt.mips
    COMMAND ${CMAKE_COMMAND} -E env PYTHON=${Python3_EXECUTABLE}
            sh ${PROJECT_SOURCE_DIR}/tests/openwrt/check.sh ${PROJECT_BINARY_DIR}/tests/openwrt
               ${PROJECT_BINARY_DIR}/tests/certs)
  set_tests_properties(openwrt.mips PROPERTIES FIXTURES_REQUIRED certs TIMEOUT 1200)
elseif(NOT PROVKIT_MBEDTLS_SOURCE)
  provkit_skip_test(openwrt.mips
    "needs mips-linux-gnu-gcc (gcc-mips-linux-gnu, libc6-dev-mips-cross) and qemu-mips (qemu-user)")
endif()
