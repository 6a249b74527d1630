# SPDX-License-Identifier: Apache-2.0
# unit.test_tls_legacy: tests/unit/test_tls.c against the TLS port compiled
# with PROVKIT_TLS_LEGACY=1 (mbedTLS's default suites and curves). The
# servers that unit.test_tls expects the default build to refuse (CBC,
# static RSA, P-224) must be reached here: so those refusals come from the
# client's offer, not from a server that cannot work. Also keeps the legacy
# configuration compiling under the port's warnings.
if(TARGET provkit_mbedtls AND TARGET provkit_posix)
  find_package(Threads REQUIRED)
  add_library(provkit_mbedtls_legacy STATIC ${PROJECT_SOURCE_DIR}/port/mbedtls/mbedtls_tls.c)
  target_include_directories(provkit_mbedtls_legacy PUBLIC ${PROJECT_SOURCE_DIR}/port/mbedtls)
  target_include_directories(provkit_mbedtls_legacy SYSTEM PUBLIC ${MBEDTLS_INCLUDE_DIR})
  target_compile_definitions(provkit_mbedtls_legacy PUBLIC PROVKIT_TLS_LEGACY=1)
  target_link_libraries(provkit_mbedtls_legacy PUBLIC provkit
    ${PROVKIT_MBEDTLS_LIBS})
  target_compile_options(provkit_mbedtls_legacy PRIVATE ${PROVKIT_WARNINGS})

  add_executable(test_tls_legacy ${PROJECT_SOURCE_DIR}/tests/unit/test_tls.c)
  target_include_directories(test_tls_legacy PRIVATE ${CMOCKA_INCLUDE_DIR})
  target_link_libraries(test_tls_legacy PRIVATE provkit_mbedtls_legacy provkit_posix
    provkit ${CMOCKA_LIB} Threads::Threads)
  target_compile_options(test_tls_legacy PRIVATE ${PROVKIT_TEST_WARNINGS})
  target_compile_definitions(test_tls_legacy PRIVATE _POSIX_C_SOURCE=200809L
    PROVKIT_TEST_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    PROVKIT_TEST_BINARY_DIR="${PROJECT_BINARY_DIR}")
  add_test(NAME unit.test_tls_legacy COMMAND test_tls_legacy)
  set_tests_properties(unit.test_tls_legacy PROPERTIES FIXTURES_REQUIRED certs TIMEOUT 60)
endif()
