/* SPDX-License-Identifier: Apache-2.0 */
/* A configuration file as an application writes one (PROVKIT_CONFIG_FILE):
 * read before every default of provkit/config.h. tests/config/test_config.c
 * checks that the library and the program both took it. */
#define PROVKIT_TEST_CONFIG_FILE 1
#define PROVKIT_WITH_SMSPARTNER 0
#define PROVKIT_RESPONSE_MAX 1024
#define PROVKIT_MESSAGE_MAX 96
