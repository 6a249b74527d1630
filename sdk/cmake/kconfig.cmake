# SPDX-License-Identifier: Apache-2.0
# Kconfig drives the host build: the root Kconfig's defaults, then
# PROVKIT_CONFIG (a defconfig or a .config), then the CMake options
# PROVKIT_WITH_* given on the command line, resolved by kconfiglib
# (sdk/cmake/kconfig.py, Debian's python3-kconfiglib) into
#   ${PROJECT_BINARY_DIR}/include/provkit/build_config.h
# which the library is built with (searched before sdk/include's empty one)
# and which is installed in its place, and ${PROJECT_BINARY_DIR}/provkit.config (the
# whole configuration). A kconfiglib warning fails the configure step.
# Without Python or kconfiglib (or with -DPROVKIT_KCONFIG=OFF) the build
# takes provkit/config.h's defaults and the CMake options as they are.
option(PROVKIT_KCONFIG "Configure from Kconfig with kconfiglib (python3-kconfiglib)" ON)
set(PROVKIT_CONFIG "" CACHE FILEPATH "A defconfig or .config for provkit's Kconfig")
set(PROVKIT_KCONFIG_PYTHON "")
if(PROVKIT_KCONFIG)
  # Debian's python3 first: a python3 earlier on PATH may not see its packages
  find_package(Python3 COMPONENTS Interpreter QUIET)
  foreach(py /usr/bin/python3 ${Python3_EXECUTABLE})
    if(EXISTS ${py} AND NOT PROVKIT_KCONFIG_PYTHON)
      execute_process(COMMAND ${py} -c "import kconfiglib" RESULT_VARIABLE r
                      OUTPUT_QUIET ERROR_QUIET)
      if(r EQUAL 0)
        set(PROVKIT_KCONFIG_PYTHON ${py})
      endif()
    endif()
  endforeach()
  if(NOT PROVKIT_KCONFIG_PYTHON)
    if(PROVKIT_CONFIG)
      message(FATAL_ERROR "PROVKIT_CONFIG needs Python with kconfiglib (Debian: python3-kconfiglib)")
    endif()
    message(STATUS "provkit: no kconfiglib: provkit/config.h's defaults and the CMake options")
  endif()
endif()

# kconfig(OUT_HEADER OUT_CMAKE [--set ...]): one kconfiglib run
function(provkit_kconfig_run)
  set(args --kconfig ${PROJECT_SOURCE_DIR}/Kconfig ${ARGN})
  if(PROVKIT_CONFIG)
    list(APPEND args --config ${PROVKIT_CONFIG})
  endif()
  execute_process(COMMAND ${PROVKIT_KCONFIG_PYTHON} ${PROJECT_SOURCE_DIR}/sdk/cmake/kconfig.py
                          ${args}
                  RESULT_VARIABLE r ERROR_VARIABLE err)
  if(NOT r EQUAL 0)
    message(FATAL_ERROR "provkit: Kconfig: ${err}")
  endif()
endfunction()

if(PROVKIT_KCONFIG_PYTHON)
  # first the configuration alone: its switches are the CMake options' defaults
  provkit_kconfig_run(--cmake ${PROJECT_BINARY_DIR}/provkit_kconfig_defaults.cmake)
  include(${PROJECT_BINARY_DIR}/provkit_kconfig_defaults.cmake)
  set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
               ${PROJECT_SOURCE_DIR}/Kconfig ${PROVKIT_CONFIG})
else()
  foreach(s WITH_OEMPRO WITH_PLESK WITH_SMSPARTNER PORT_POSIX PORT_MBEDTLS)
    set(PROVKIT_KCONFIG_${s} ON)
  endforeach()
  set(PROVKIT_KCONFIG_PORT_LWIP OFF)
endif()
