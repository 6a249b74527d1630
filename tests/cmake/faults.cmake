# SPDX-License-Identifier: Apache-2.0
# integration.faults: fault injection between the CLI and the provider
# simulator (tests/integration/test_faults.py, faultproxy.py). The test starts
# its own plain-HTTP simulator (no shared server) and a fault proxy per run:
# every answer cut at every byte, resets, random splits, a stall and a drip
# past the deadline, over plain HTTP, and a smaller set over TLS (the proxy
# terminates TLS with the certs fixture's server certificate); it checks and
# counts the outcome invariants. Parallelism 4, about 40 s on 2 loaded cores;
# runs not started within 300 s are counted as skipped and fail the test.
find_package(Python3 COMPONENTS Interpreter REQUIRED)

if(PROVKIT_BUILD_EXAMPLES)
  add_test(NAME integration.faults
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/integration/test_faults.py
            --cli $<TARGET_FILE:example_provkit> --jobs 4 --budget-s 300
            --cert-dir ${PROJECT_BINARY_DIR}/tests/certs
            --state-dir ${PROJECT_BINARY_DIR}/tests/faults-state)
  set_tests_properties(integration.faults PROPERTIES
    FIXTURES_REQUIRED certs TIMEOUT 420)
endif()
