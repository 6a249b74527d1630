# SPDX-License-Identifier: Apache-2.0
# Fixture "certs": the loopback test PKI in ${PROJECT_BINARY_DIR}/tests/certs
# (ca.pem, server.pem/server.key for localhost/127.0.0.1/::1, other-ca.pem).
set(PROVKIT_CERT_DIR ${PROJECT_BINARY_DIR}/tests/certs)
add_test(NAME fixture.certs COMMAND sh ${PROJECT_SOURCE_DIR}/tests/sim/make_certs.sh ${PROVKIT_CERT_DIR})
set_tests_properties(fixture.certs PROPERTIES FIXTURES_SETUP certs TIMEOUT 60)
