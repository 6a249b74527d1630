# SPDX-License-Identifier: Apache-2.0
# Through a real reverse proxy: nginx (Debian package nginx, installed by
# tests/run.sh) started by each test on 127.0.0.1 with a port found free,
# TLS with the shared test PKI (fixture "certs"), in front of a provider
# simulator of the test's own (tests/integration/nginx/nginx_fixture.py;
# files under ${PROJECT_BINARY_DIR}/tests/nginx-*). Both tests exit 77,
# reported as skipped, when nginx is not installed.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
find_package(Threads REQUIRED)

set(PROVKIT_NGINX_FIXTURE ${PROJECT_SOURCE_DIR}/tests/integration/nginx/nginx_fixture.py)
set(PROVKIT_NGINX_CERTS ${PROJECT_BINARY_DIR}/tests/certs)

# 502 and 504 pages from nginx after the simulator created the account:
# the CLI must say unknown_outcome (exit 4), for all three providers.
if(PROVKIT_BUILD_EXAMPLES)
  add_test(NAME integration.nginx_5xx
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/integration/test_nginx.py
            --cli $<TARGET_FILE:example_provkit>
            --certs ${PROVKIT_NGINX_CERTS}
            --dir ${PROJECT_BINARY_DIR}/tests/nginx-5xx)
  set_tests_properties(integration.nginx_5xx PROPERTIES
    FIXTURES_REQUIRED certs SKIP_RETURN_CODE 77 TIMEOUT 120)
endif()

# nginx's keepalive_timeout equal to the client's idle limit: 100 creates
# over kept connections, no false "outcome unknown".
set(PROVKIT_NGINX_KEEPALIVE_MS 800)
add_executable(keepalive_race ${PROJECT_SOURCE_DIR}/tests/integration/keepalive_race.c)
target_link_libraries(keepalive_race PRIVATE provkit provkit_posix provkit_mbedtls
                      Threads::Threads)
target_compile_options(keepalive_race PRIVATE ${PROVKIT_TEST_WARNINGS})
target_compile_definitions(keepalive_race PRIVATE _POSIX_C_SOURCE=200809L)
set_target_properties(keepalive_race PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
add_test(NAME integration.nginx_keepalive
  COMMAND ${Python3_EXECUTABLE} ${PROVKIT_NGINX_FIXTURE}
          --dir ${PROJECT_BINARY_DIR}/tests/nginx-keepalive
          --certs ${PROVKIT_NGINX_CERTS}
          --keepalive-timeout ${PROVKIT_NGINX_KEEPALIVE_MS}ms
          --proxy-read-timeout 30s --deadline 100
          -- $<TARGET_FILE:keepalive_race> @NGINX_PORT@ @SIM_PORT@
             ${PROVKIT_NGINX_CERTS}/ca.pem ${PROVKIT_NGINX_KEEPALIVE_MS})
set_tests_properties(integration.nginx_keepalive PROPERTIES
  FIXTURES_REQUIRED certs SKIP_RETURN_CODE 77 TIMEOUT 150)
