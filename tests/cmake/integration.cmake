# SPDX-License-Identifier: Apache-2.0
# integration.cli: the real CLI (examples/provkit) driven as a subprocess
# against the provider simulator (fixtures "sim" and "certs"), checking its
# one JSON line, its exit code and what the simulator decoded. Each test uses
# its own simulator session, so this runs in parallel with the other ctests
# that share the server. See tests/integration/README.md.
find_package(Python3 COMPONENTS Interpreter REQUIRED)

# The fragments are included in name order: integration.cmake comes before
# sim.cmake, so set the same paths here when sim.cmake has not yet.
if(NOT DEFINED PROVKIT_SIM_PORT_FILE)
  set(PROVKIT_SIM_PORT_FILE ${PROJECT_BINARY_DIR}/tests/sim-state/port)
endif()
if(NOT DEFINED PROVKIT_SIM_CA)
  set(PROVKIT_SIM_CA ${PROJECT_BINARY_DIR}/tests/certs/ca.pem)
endif()

# The CLI target (examples/CMakeLists.txt) is defined after tests/; the
# generator expression resolves it at generation time.
if(PROVKIT_BUILD_EXAMPLES)
  add_test(NAME integration.cli
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/integration/test_cli.py
            --cli $<TARGET_FILE:example_provkit>
            --port-file ${PROVKIT_SIM_PORT_FILE}
            --ca ${PROVKIT_SIM_CA}
            --other-ca ${PROJECT_BINARY_DIR}/tests/certs/other-ca.pem)
  set_tests_properties(integration.cli PROPERTIES
    FIXTURES_REQUIRED "sim;certs" TIMEOUT 120)

  # `provkit batch`: the CSV/results/exit-status contract, then the
  # crash-safety proof, 200 rows killed with SIGKILL at 20 random moments
  # and rerun after each kill (tests/integration/test_batch.py prints the
  # counts). Its own simulator sessions.
  add_test(NAME integration.batch
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/integration/test_batch.py
            --cli $<TARGET_FILE:example_provkit>
            --port-file ${PROVKIT_SIM_PORT_FILE}
            --ca ${PROVKIT_SIM_CA}
            --dir ${PROJECT_BINARY_DIR}/tests/batch --kills 20)
  set_tests_properties(integration.batch PROPERTIES
    FIXTURES_REQUIRED "sim;certs" TIMEOUT 300)
endif()
