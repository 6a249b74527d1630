# SPDX-License-Identifier: Apache-2.0
# The package as a packager and its users see it:
#  install.consumer_cmake / install.consumer_pkgconfig: `cmake --install`
#    into a staging directory (DESTDIR), then tests/consumer built against it
#    with find_package(provkit) / with pkg-config, and run
#    (tests/consumer/run.sh);
#  config.ports: the libraries alone with every combination of
#    PROVKIT_WITH_POSIX and PROVKIT_WITH_MBEDTLS, and as a subproject
#    (tests/tools/check_ports.sh).
# Not with an mbedTLS built from PROVKIT_MBEDTLS_SOURCE (its port is not
# installed then).
if(PROVKIT_MBEDTLS_SOURCE OR NOT PROVKIT_INSTALL)
  return()
endif()
set(PROVKIT_CONSUMER_FLAGS "")
if(PROVKIT_SANITIZE)
  set(PROVKIT_CONSUMER_FLAGS "-fsanitize=address,undefined")
endif()
foreach(how cmake pkgconfig)
  add_test(NAME install.consumer_${how}
    COMMAND sh ${PROJECT_SOURCE_DIR}/tests/consumer/run.sh ${PROJECT_BINARY_DIR}
            ${PROJECT_BINARY_DIR}/tests/consumer-${how} ${how} "${PROVKIT_CONSUMER_FLAGS}")
  set_tests_properties(install.consumer_${how} PROPERTIES TIMEOUT 300)
endforeach()
add_test(NAME config.ports
  COMMAND sh ${PROJECT_SOURCE_DIR}/tests/tools/check_ports.sh ${PROJECT_BINARY_DIR}/tests/ports)
set_tests_properties(config.ports PROPERTIES TIMEOUT 600)
