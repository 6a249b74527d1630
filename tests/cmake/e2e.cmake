# SPDX-License-Identifier: Apache-2.0
# End to end over real TLS on loopback: client -> mbedTLS -> POSIX TCP ->
# provider simulator (fixtures certs and sim, from certs.cmake and sim.cmake).
add_executable(e2e_tls ${PROJECT_SOURCE_DIR}/tests/integration/e2e_tls.c)
target_include_directories(e2e_tls PRIVATE ${CMOCKA_INCLUDE_DIR})
target_link_libraries(e2e_tls PRIVATE provkit provkit_posix provkit_mbedtls ${CMOCKA_LIB})
target_compile_options(e2e_tls PRIVATE ${PROVKIT_TEST_WARNINGS})
target_compile_definitions(e2e_tls PRIVATE _POSIX_C_SOURCE=200809L)
add_test(NAME integration.e2e_tls
  COMMAND e2e_tls ${PROJECT_BINARY_DIR}/tests/sim-state/port ${PROJECT_BINARY_DIR}/tests/certs/ca.pem)
set_tests_properties(integration.e2e_tls PROPERTIES FIXTURES_REQUIRED "certs;sim" TIMEOUT 60)
