/* SPDX-License-Identifier: Apache-2.0 */
/*
 * provkit/version.h - the version of this provkit, one source of truth:
 * CMake's project version and the CLI's --version read it from here.
 */
#ifndef PROVKIT_VERSION_H
#define PROVKIT_VERSION_H

#define PROVKIT_VERSION_MAJOR 0
#define PROVKIT_VERSION_MINOR 1
#define PROVKIT_VERSION_PATCH 0
#define PROVKIT_VERSION_STRING "0.1.0"

#endif /* PROVKIT_VERSION_H */
