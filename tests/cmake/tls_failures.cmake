# SPDX-License-Identifier: Apache-2.0
# TLS through the CLI (examples/provkit over the mbedTLS port):
#  integration.tls_failures   small Python ssl servers that each fail one way
#     (TLS 1.3 only, TLS 1.0/1.1 only, old suites, a small curve, unknown CA,
#     wrong host name, expired, not yet valid, self-signed): exit 3, status
#     "tls", a message that names the reason, nothing sent. Fixture "certs".
#  integration.tls_truncation the simulator's close-delimited answers, with
#     and without close_notify: complete vs unknown_outcome/"truncated".
#     Fixtures "sim" and "certs".
#  integration.tls_versions   every provider created over TLS 1.3 only and
#     TLS 1.2 only, ECDSA and RSA certificates. Fixture "certs".
find_package(Python3 COMPONENTS Interpreter REQUIRED)
if(NOT DEFINED PROVKIT_SIM_PORT_FILE)
  set(PROVKIT_SIM_PORT_FILE ${PROJECT_BINARY_DIR}/tests/sim-state/port)
endif()

# provkit's mbedTLS 3.6 configuration (PROVKIT_MBEDTLS_SOURCE) speaks TLS
# 1.3; Debian's 2.28 does not.
set(PROVKIT_TLS13_FLAG "")
if(PROVKIT_MBEDTLS_SOURCE)
  set(PROVKIT_TLS13_FLAG --tls13)
endif()

if(PROVKIT_BUILD_EXAMPLES AND PROVKIT_WITH_MBEDTLS)
  add_test(NAME integration.tls_failures
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/integration/test_tls_failures.py
            --cli $<TARGET_FILE:example_provkit>
            --cert-dir ${PROJECT_BINARY_DIR}/tests/certs ${PROVKIT_TLS13_FLAG})
  set_tests_properties(integration.tls_failures PROPERTIES
    FIXTURES_REQUIRED certs TIMEOUT 120)

  add_test(NAME integration.tls_truncation
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/integration/test_tls_truncation.py
            --cli $<TARGET_FILE:example_provkit>
            --port-file ${PROVKIT_SIM_PORT_FILE}
            --ca ${PROJECT_BINARY_DIR}/tests/certs/ca.pem)
  set_tests_properties(integration.tls_truncation PROPERTIES
    FIXTURES_REQUIRED "sim;certs" TIMEOUT 120)

  # integration.tls_versions: an account on each provider over TLS 1.3
  # only and TLS 1.2 only, with an ECDSA and an RSA certificate (simulators
  # of its own); without TLS 1.3 in the build, the 1.3-only server refused.
  add_test(NAME integration.tls_versions
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/integration/test_tls_versions.py
            --cli $<TARGET_FILE:example_provkit>
            --cert-dir ${PROJECT_BINARY_DIR}/tests/certs
            --state-dir ${PROJECT_BINARY_DIR}/tests/tls-versions-state ${PROVKIT_TLS13_FLAG})
  set_tests_properties(integration.tls_versions PROPERTIES
    FIXTURES_REQUIRED certs TIMEOUT 120)
endif()
