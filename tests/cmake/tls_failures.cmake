# TLS through the CLI (examples/provkit over the mbedTLS port):
#  integration.tls_failures   small Python ssl servers that each fail one way
#     (TLS 1.3 only, TLS 1.0/1.1 only, old suites, a small curve, unknown CA,
#     wrong host name, expired, not yet valid, self-signed): exit 3, status
#     "tls", a message that names the reason, nothing sent. Fixture "certs".
#  integration.tls_truncation the simulator's close-delimited answers, with
#     and without close_notify: complete vs unknown_outcome/"truncated".
#     Fixtures "sim" and "certs".
find_package(Python3 COMPONENTS Interpreter REQUIRED)
if(NOT DEFINED PROVKIT_SIM_PORT_FILE)
  set(PROVKIT_SIM_PORT_FILE ${PROJECT_BINARY_DIR}/tests/sim-state/port)
endif()

if(PROVKIT_BUILD_EXAMPLES AND PROVKIT_WITH_MBEDTLS)
  add_test(NAME integration.tls_failures
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/integration/test_tls_failures.py
            --cli $<TARGET_FILE:example_provkit>
            --cert-dir ${PROJECT_BINARY_DIR}/tests/certs)
  set_tests_properties(integration.tls_failures PROPERTIES
    FIXTURES_REQUIRED certs TIMEOUT 120)

  add_test(NAME integration.tls_truncation
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/integration/test_tls_truncation.py
            --cli $<TARGET_FILE:example_provkit>
            --port-file ${PROVKIT_SIM_PORT_FILE}
            --ca ${PROJECT_BINARY_DIR}/tests/certs/ca.pem)
  set_tests_properties(integration.tls_truncation PROPERTIES
    FIXTURES_REQUIRED "sim;certs" TIMEOUT 120)
endif()
