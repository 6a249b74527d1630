# SPDX-License-Identifier: Apache-2.0
# Cross builds (Cortex-M4, Cortex-M0, big-endian Cortex-R5) with warnings as
# errors, and a Cortex-M4 image of examples/baremetal.c proven free of any
# allocator. Registered only where arm-none-eabi-gcc is installed.
find_program(ARM_NONE_EABI_GCC arm-none-eabi-gcc)
if(ARM_NONE_EABI_GCC)
  add_test(NAME cross.arm_builds
    COMMAND sh ${PROJECT_SOURCE_DIR}/tests/bench/cross.sh ${PROJECT_BINARY_DIR}/tests/cross)
  set_tests_properties(cross.arm_builds PROPERTIES TIMEOUT 300)
else()
  message(STATUS "arm-none-eabi-gcc not found: cross.arm_builds not registered")
endif()
if(PROVKIT_BUILD_EXAMPLES)
  add_test(NAME examples.baremetal COMMAND $<TARGET_FILE:example_baremetal>)
endif()
