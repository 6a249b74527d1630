# SPDX-License-Identifier: Apache-2.0
# integration.batch: `provkit batch` against the provider simulator
# (fixtures "sim" and "certs"): the CSV/results/exit-status contract, then
# the crash-safety proof, 200 rows killed with SIGKILL at 20 random moments
# and rerun after each kill (tests/integration/test_batch.py prints the
# counts). Its own simulator sessions, so it runs beside the other tests.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
if(NOT DEFINED PROVKIT_SIM_PORT_FILE)
  set(PROVKIT_SIM_PORT_FILE ${PROJECT_BINARY_DIR}/tests/sim-state/port)
endif()
if(NOT DEFINED PROVKIT_SIM_CA)
  set(PROVKIT_SIM_CA ${PROJECT_BINARY_DIR}/tests/certs/ca.pem)
endif()
if(PROVKIT_BUILD_EXAMPLES)
  add_test(NAME integration.batch
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/integration/test_batch.py
            --cli $<TARGET_FILE:example_provkit>
            --port-file ${PROVKIT_SIM_PORT_FILE}
            --ca ${PROVKIT_SIM_CA}
            --dir ${PROJECT_BINARY_DIR}/tests/batch --kills 20)
  set_tests_properties(integration.batch PROPERTIES
    FIXTURES_REQUIRED "sim;certs" TIMEOUT 300)
endif()
