/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file
 * provkit/version.h - the version of this provkit, one source of truth:
 * CMake's project version and the CLI's --version read it from here.
 */
#ifndef PROVKIT_VERSION_H
#define PROVKIT_VERSION_H

/** Incompatible API changes (while 0, any minor version may make them). */
#define PROVKIT_VERSION_MAJOR 0
/** Added functionality. */
#define PROVKIT_VERSION_MINOR 1
/** Fixes. */
#define PROVKIT_VERSION_PATCH 0
/** "MAJOR.MINOR.PATCH" (CMake, the .pc files and the CLI read this line). */
#define PROVKIT_VERSION_STRING "0.1.0"

#endif /* PROVKIT_VERSION_H */
