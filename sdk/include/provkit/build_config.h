/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file
 * provkit/build_config.h - the configuration provkit was built with.
 *
 * This one is empty: provkit/config.h's defaults (or PROVKIT_CONFIG_FILE,
 * or Kconfig's CONFIG_PROVKIT_* symbols) apply. provkit's CMake build puts
 * Kconfig's resolved configuration in its place (sdk/cmake/kconfig.cmake:
 * build/include/provkit/build_config.h, searched before this directory) and
 * installs that one, so an application that includes provkit's headers sees
 * the values the library was built with, whatever its build system.
 */
#ifndef PROVKIT_BUILD_CONFIG_H
#define PROVKIT_BUILD_CONFIG_H
#endif /* PROVKIT_BUILD_CONFIG_H */
