# SPDX-License-Identifier: Apache-2.0
# What `cmake --install` puts where (GNUInstallDirs; DESTDIR honoured):
#   lib/libprovkit.a, libprovkit_posix.a, libprovkit_mbedtls.a (and
#     libprovkit_lwip.a with PROVKIT_WITH_LWIP)
#   include/provkit/*.h: the public headers, the ports' headers beside them
#   lib/cmake/provkit/: provkitConfig.cmake, its version file and the
#     exported targets provkit::provkit, provkit::posix, provkit::mbedtls
#   lib/pkgconfig/: provkit.pc, provkit-posix.pc, provkit-mbedtls.pc
include(CMakePackageConfigHelpers)
set(PROVKIT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/provkit)
set(targets provkit)
set(port_headers)
set(PROVKIT_WITH_MBEDTLS_INSTALLED OFF)
if(TARGET provkit_posix)
  list(APPEND targets provkit_posix)
  list(APPEND port_headers ${PROJECT_SOURCE_DIR}/port/posix/provkit_posix.h)
endif()
if(TARGET provkit_mbedtls)
  if(PROVKIT_MBEDTLS_SOURCE)
    message(STATUS "provkit: the mbedTLS port is not installed when mbedTLS is built from "
                   "PROVKIT_MBEDTLS_SOURCE (install mbedTLS, then build provkit against it)")
  else()
    list(APPEND targets provkit_mbedtls)
    set(PROVKIT_WITH_MBEDTLS_INSTALLED ON)
    list(APPEND port_headers ${PROJECT_SOURCE_DIR}/port/mbedtls/provkit_mbedtls.h
                             ${PROJECT_SOURCE_DIR}/port/mbedtls/provkit_mbedtls_config.h)
  endif()
endif()
if(TARGET provkit_lwip)
  list(APPEND targets provkit_lwip)
  list(APPEND port_headers ${PROJECT_SOURCE_DIR}/port/lwip/provkit_lwip.h)
endif()

install(TARGETS ${targets} EXPORT provkitTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
file(GLOB PROVKIT_PUBLIC_HEADERS ${PROJECT_SOURCE_DIR}/sdk/include/provkit/*.h)
if(PROVKIT_KCONFIG_HEADER)
  # the configuration built with, in place of the empty build_config.h
  list(FILTER PROVKIT_PUBLIC_HEADERS EXCLUDE REGEX "/build_config\\.h$")
  list(APPEND port_headers ${PROVKIT_KCONFIG_HEADER})
endif()
install(FILES ${PROVKIT_PUBLIC_HEADERS} ${port_headers}
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/provkit)
install(EXPORT provkitTargets NAMESPACE provkit:: DESTINATION ${PROVKIT_CMAKE_DIR})

# mbedTLS as the package found it: its own package, or the libraries by name
if(PROVKIT_WITH_MBEDTLS_INSTALLED AND MbedTLS_FOUND)
  set(PROVKIT_FIND_MBEDTLS "find_dependency(MbedTLS CONFIG)")
else()
  set(PROVKIT_FIND_MBEDTLS "")
endif()
configure_package_config_file(${PROJECT_SOURCE_DIR}/sdk/cmake/provkitConfig.cmake.in
  ${PROJECT_BINARY_DIR}/provkitConfig.cmake INSTALL_DESTINATION ${PROVKIT_CMAKE_DIR})
# 0.x: a minor version may break the API
write_basic_package_version_file(${PROJECT_BINARY_DIR}/provkitConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/provkitConfig.cmake
              ${PROJECT_BINARY_DIR}/provkitConfigVersion.cmake
  DESTINATION ${PROVKIT_CMAKE_DIR})

# pkg-config: the switches that size public structs go in Cflags
set(PROVKIT_PC_CFLAGS "-DPROVKIT_WITH_OEMPRO=$<BOOL:${PROVKIT_WITH_OEMPRO}> -DPROVKIT_WITH_PLESK=$<BOOL:${PROVKIT_WITH_PLESK}> -DPROVKIT_WITH_SMSPARTNER=$<BOOL:${PROVKIT_WITH_SMSPARTNER}>")

set(pcs provkit)
if(TARGET provkit_posix)
  list(APPEND pcs provkit-posix)
endif()
if(PROVKIT_WITH_MBEDTLS_INSTALLED)
  list(APPEND pcs provkit-mbedtls)
  if(MbedTLS_FOUND)
    set(PROVKIT_PC_MBEDTLS_REQUIRES "Requires.private: mbedtls mbedx509 mbedcrypto")
    set(PROVKIT_PC_MBEDTLS_LIBS "")
  else()
    set(PROVKIT_PC_MBEDTLS_REQUIRES "")
    set(PROVKIT_PC_MBEDTLS_LIBS "-lmbedtls -lmbedx509 -lmbedcrypto")
  endif()
endif()
foreach(pc ${pcs})
  configure_file(${PROJECT_SOURCE_DIR}/sdk/cmake/${pc}.pc.in ${PROJECT_BINARY_DIR}/${pc}.pc.gen @ONLY)
  file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/${pc}.pc INPUT ${PROJECT_BINARY_DIR}/${pc}.pc.gen)
  install(FILES ${PROJECT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()
