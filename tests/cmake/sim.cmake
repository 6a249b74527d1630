# SPDX-License-Identifier: Apache-2.0
# Provider simulator (tests/sim): fixture "sim" = a loopback HTTPS server for
# the three provider APIs. Tests that need it: FIXTURES_REQUIRED sim, then read
# the port from ${PROVKIT_SIM_PORT_FILE} and trust ${PROVKIT_SIM_CA}.
# See tests/sim/README.md for endpoints, credentials, control API and knobs.
find_package(Python3 COMPONENTS Interpreter REQUIRED)

set(PROVKIT_SIM_STATE_DIR ${PROJECT_BINARY_DIR}/tests/sim-state)
set(PROVKIT_SIM_PORT_FILE ${PROVKIT_SIM_STATE_DIR}/port)
set(PROVKIT_SIM_CA ${PROJECT_BINARY_DIR}/tests/certs/ca.pem)

add_test(NAME fixture.sim_start
  COMMAND ${CMAKE_COMMAND} -E env PYTHON=${Python3_EXECUTABLE}
          sh ${PROJECT_SOURCE_DIR}/tests/sim/start.sh ${PROVKIT_SIM_STATE_DIR}
             ${PROJECT_BINARY_DIR}/tests/certs)
set_tests_properties(fixture.sim_start PROPERTIES
  FIXTURES_SETUP sim FIXTURES_REQUIRED certs TIMEOUT 30)

add_test(NAME fixture.sim_stop
  COMMAND sh ${PROJECT_SOURCE_DIR}/tests/sim/stop.sh ${PROVKIT_SIM_STATE_DIR})
set_tests_properties(fixture.sim_stop PROPERTIES FIXTURES_CLEANUP sim TIMEOUT 30)

add_test(NAME sim.selftest
  COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/sim/test_sim.py
          --port-file ${PROVKIT_SIM_PORT_FILE} --ca ${PROVKIT_SIM_CA})
set_tests_properties(sim.selftest PROPERTIES FIXTURES_REQUIRED sim TIMEOUT 120)

# The scripts alone (own state dir, own server): start.sh prints the port,
# stop.sh stops it and is idempotent, --max-seconds ends it by itself.
add_test(NAME sim.scripts
  COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/sim/test_sim.py
          --scripts --cert-dir ${PROJECT_BINARY_DIR}/tests/certs
          --state-dir ${PROJECT_BINARY_DIR}/tests/sim-scripts-state)
set_tests_properties(sim.scripts PROPERTIES FIXTURES_REQUIRED certs TIMEOUT 60)
