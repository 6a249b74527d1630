/* SPDX-License-Identifier: Apache-2.0 */
/* Prints the RAM the SDK's structs take on this target, for the README's
 * table: tests/bench/footprint (built with the tests). */
#include <stdio.h>

#include "provkit/account.h"
#include "provkit/client.h"
#include "xml.h"
#include "provkit_mbedtls.h"
#include "provkit_posix.h"

#define SHOW(t) printf("%-32s %6zu\n", #t, sizeof(t))

int main(void)
{
    SHOW(provkit_client_t);
    SHOW(provkit_workspace_t);
    SHOW(provkit_http_response_t);
    SHOW(provkit_xml_t);
    SHOW(provkit_json_writer_t);
    SHOW(provkit_outcome_t);
    SHOW(provkit_oempro_result_t);
    SHOW(provkit_plesk_result_t);
    SHOW(provkit_smspartner_result_t);
    SHOW(provkit_account_result_t);
    SHOW(provkit_oempro_request_t);
    SHOW(provkit_plesk_request_t);
    SHOW(provkit_smspartner_request_t);
    SHOW(provkit_posix_tcp_t);
    SHOW(provkit_tls_t);
    return 0;
}
