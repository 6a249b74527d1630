# SPDX-License-Identifier: Apache-2.0
# The Zephyr module (port/zephyr) and the ESP-IDF component (port/esp-idf),
# checked without either SDK (README says what that covers):
#  rtos.kconfig  the Kconfig trees in kconfiglib's strict mode, each limit's
#                default against provkit/config.h, every symbol used
#                (tests/rtos/check_kconfig.py, Debian's python3-kconfiglib);
#  rtos.yaml     module.yml, sample.yaml and idf_component.yml against their
#                schemas (pykwalify), the paths, the version
#                (tests/rtos/check_yaml.py, Debian's python3-pykwalify);
#  rtos.compile  every source of both, -Werror, for Cortex-M4 and Xtensa
#                against stand-in headers for the RTOS calls
#                (tests/rtos/compile.sh); the TLS port too in the mbedTLS 3.6
#                pass (PROVKIT_MBEDTLS_SOURCE).
# Debian's python3 runs the checks: the python3 on PATH may not see Debian's
# packages.
set(PROVKIT_DEBIAN_PYTHON /usr/bin/python3)
foreach(check kconfig yaml)
  add_test(NAME rtos.${check}
    COMMAND ${PROVKIT_DEBIAN_PYTHON} ${PROJECT_SOURCE_DIR}/tests/rtos/check_${check}.py
            ${PROJECT_SOURCE_DIR})
  set_tests_properties(rtos.${check} PROPERTIES TIMEOUT 60)
endforeach()
set(PROVKIT_RTOS_MBEDTLS "")
if(PROVKIT_MBEDTLS_SOURCE)
  set(PROVKIT_RTOS_MBEDTLS ${PROVKIT_MBEDTLS_SOURCE}/include)
endif()
add_test(NAME rtos.compile
  COMMAND sh ${PROJECT_SOURCE_DIR}/tests/rtos/compile.sh ${PROJECT_BINARY_DIR}/tests/rtos
          ${PROVKIT_RTOS_MBEDTLS})
set_tests_properties(rtos.compile PROPERTIES TIMEOUT 300)
