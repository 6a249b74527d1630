# SPDX-License-Identifier: Apache-2.0
# integration.lwip: the lwIP port (port/lwip) with Debian's lwIP
# (liblwip-dev) in the test's own process: provkit's client over lwIP's
# sockets creates an account on every provider, over plain HTTP (fixture
# "sim_plain", a simulator of its own without TLS) and over TLS (fixture
# "sim"), through a relay in the same process (tests/integration/lwip_e2e.c).
# Skipped, saying why, where lwIP is not installed.
find_path(PROVKIT_LWIP_INCLUDE lwip/sockets.h PATHS /usr/include/lwip NO_DEFAULT_PATH)
find_library(PROVKIT_LWIP_LIB lwip)
if(NOT PROVKIT_LWIP_INCLUDE OR NOT PROVKIT_LWIP_LIB OR NOT TARGET provkit_mbedtls)
  provkit_skip_test(integration.lwip "lwIP's headers and library are not installed (Debian: liblwip-dev)")
  return()
endif()
find_package(Threads REQUIRED)
find_package(Python3 COMPONENTS Interpreter REQUIRED)

add_library(provkit_lwip_test STATIC ${PROJECT_SOURCE_DIR}/port/lwip/lwip_tcp.c)
target_include_directories(provkit_lwip_test PUBLIC ${PROJECT_SOURCE_DIR}/port/lwip)
target_include_directories(provkit_lwip_test SYSTEM PUBLIC ${PROVKIT_LWIP_INCLUDE})
target_link_libraries(provkit_lwip_test PUBLIC provkit ${PROVKIT_LWIP_LIB})
target_compile_options(provkit_lwip_test PRIVATE ${PROVKIT_WARNINGS})
# lwIP's Debian headers take the socket types from the system's
target_compile_definitions(provkit_lwip_test PRIVATE _POSIX_C_SOURCE=200809L)

add_executable(lwip_e2e ${PROJECT_SOURCE_DIR}/tests/integration/lwip_e2e.c)
target_include_directories(lwip_e2e PRIVATE ${CMOCKA_INCLUDE_DIR})
target_link_libraries(lwip_e2e PRIVATE provkit_lwip_test provkit_mbedtls provkit ${CMOCKA_LIB}
  Threads::Threads)
target_compile_options(lwip_e2e PRIVATE ${PROVKIT_TEST_WARNINGS})
target_compile_definitions(lwip_e2e PRIVATE _DEFAULT_SOURCE)

set(PROVKIT_SIM_PLAIN_STATE ${PROJECT_BINARY_DIR}/tests/sim-plain-state)
add_test(NAME fixture.sim_plain_start
  COMMAND ${CMAKE_COMMAND} -E env PYTHON=${Python3_EXECUTABLE}
          sh ${PROJECT_SOURCE_DIR}/tests/sim/start.sh ${PROVKIT_SIM_PLAIN_STATE}
             ${PROJECT_BINARY_DIR}/tests/certs --plain-http)
set_tests_properties(fixture.sim_plain_start PROPERTIES
  FIXTURES_SETUP sim_plain FIXTURES_REQUIRED certs TIMEOUT 30)
add_test(NAME fixture.sim_plain_stop
  COMMAND sh ${PROJECT_SOURCE_DIR}/tests/sim/stop.sh ${PROVKIT_SIM_PLAIN_STATE})
set_tests_properties(fixture.sim_plain_stop PROPERTIES FIXTURES_CLEANUP sim_plain TIMEOUT 30)

add_test(NAME integration.lwip
  COMMAND lwip_e2e ${PROJECT_BINARY_DIR}/tests/sim-state/port ${PROVKIT_SIM_PLAIN_STATE}/port
          ${PROJECT_BINARY_DIR}/tests/certs/ca.pem)
set_tests_properties(integration.lwip PROPERTIES FIXTURES_REQUIRED "certs;sim;sim_plain" TIMEOUT 120)
