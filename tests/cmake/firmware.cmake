# SPDX-License-Identifier: Apache-2.0
# firmware.qemu: examples/firmware, a Cortex-M4 image with provkit and mbedTLS
# 3.6 (a static arena, no heap), creates one account on each provider over
# TLS under qemu-system-arm (MPS2 AN386), through a serial modem that
# tests/firmware/run.py plays towards a simulator of its own; prints the
# fw_* figures. Needs the mbedTLS 3.6 tree (PROVKIT_MBEDTLS_SOURCE: the
# tests/run.sh pass against 3.6), arm-none-eabi-gcc with newlib, and
# qemu-system-arm; skipped, saying which is missing, otherwise.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
find_program(PROVKIT_ARM_GCC arm-none-eabi-gcc)
find_program(PROVKIT_QEMU_ARM qemu-system-arm)
if(NOT PROVKIT_MBEDTLS_SOURCE)
  provkit_skip_test(firmware.qemu
    "the firmware needs mbedTLS 3.6: configure with -DPROVKIT_MBEDTLS_SOURCE (tests/run.sh's second pass)")
elseif(NOT PROVKIT_ARM_GCC OR NOT PROVKIT_QEMU_ARM)
  provkit_skip_test(firmware.qemu
    "the firmware needs arm-none-eabi-gcc (gcc-arm-none-eabi, libnewlib-arm-none-eabi) and qemu-system-arm")
else()
  add_test(NAME firmware.qemu
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/firmware/run.py
            --mbedtls ${PROVKIT_MBEDTLS_SOURCE}
            --cert-dir ${PROJECT_BINARY_DIR}/tests/certs
            --build ${PROJECT_BINARY_DIR}/firmware)
  set_tests_properties(firmware.qemu PROPERTIES FIXTURES_REQUIRED certs TIMEOUT 600)
endif()
