/* SPDX-License-Identifier: Apache-2.0 */
/* Stand-in for an ESP-IDF project's sdkconfig.h: provkit's Kconfig symbols
 * as menuconfig writes them (a bool that is n is absent), for
 * tests/rtos/compile.sh. Only Oempro and SMS Partner on, to compile the
 * provider switches both ways. */
#define CONFIG_PROVKIT 1
#define CONFIG_PROVKIT_WITH_OEMPRO 1
#define CONFIG_PROVKIT_WITH_SMSPARTNER 1
#define CONFIG_PROVKIT_XML_MAX_DEPTH 16
#define CONFIG_PROVKIT_JSON_MAX_DEPTH 32
#define CONFIG_PROVKIT_HTTP_MAX_HEADER_BYTES 8192
#define CONFIG_PROVKIT_CLIENT_IDLE_MAX_MS 4000
#define CONFIG_PROVKIT_RESPONSE_MAX 2048
#define CONFIG_PROVKIT_JSON_TOKENS 64
#define CONFIG_PROVKIT_MESSAGE_MAX 160
#define CONFIG_PROVKIT_XML_MAX_ATTRS 8
#define CONFIG_PROVKIT_PORT_MBEDTLS 1
