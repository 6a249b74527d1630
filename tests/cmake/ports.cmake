# SPDX-License-Identifier: Apache-2.0
# The ports' unit tests: test_posix needs a thread for its loopback server;
# test_tls also needs the loopback PKI made by the `certs` fixture.
find_package(Threads REQUIRED)
if(TARGET test_posix)
  target_link_libraries(test_posix PRIVATE Threads::Threads)
  set_tests_properties(unit.test_posix PROPERTIES TIMEOUT 60)
endif()
if(TARGET test_tls)
  target_link_libraries(test_tls PRIVATE Threads::Threads)
  set_tests_properties(unit.test_tls PROPERTIES FIXTURES_REQUIRED certs TIMEOUT 60)
endif()
