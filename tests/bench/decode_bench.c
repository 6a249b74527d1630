/* SPDX-License-Identifier: Apache-2.0 */
/* Decodes each provider's documented answers N times, so that
 * valgrind --tool=callgrind can count instructions per decode and per
 * request build (tests/bench/valgrind.sh runs it with two N and takes the
 * difference, which removes start-up).   decode_bench N */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provkit/oempro.h"
#include "provkit/plesk.h"
#include "provkit/smspartner.h"

static const char oempro_json[] = "{\"Success\":true,\"ErrorCode\":0,\"ClientID\":42}";
static const char oempro_xml[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><response><Success><![CDATA[1]]></Success>"
    "<ErrorCode>0</ErrorCode><ClientID><![CDATA[77]]></ClientID></response>";
static const char plesk_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodResponse><params><param><value><struct>"
    "<member><name>clientId</name><value>1401588</value></member>"
    "<member><name>login</name><value>JDOE_CLIENT_LOGIN</value></member>"
    "<member><name>resultCode</name><value><int>100</int></value></member>"
    "<member><name>password</name><value>JDOE_CLIENT_PASSWORD</value></member>"
    "<member><name>resultDesc</name><value>New client CLIENT_LOGIN has been successfully "
    "created</value></member></struct></value></param></params></methodResponse>";
static const char sms_json[] =
    "{ \"success\":true, \"code\":200, \"subaccount\": { \"email\":\"aaaa@bbb.ccc\", "
    "\"token\":\"token\" }, \"sendConfirmMailTo\":\"aaaa@bbb.ccc\", "
    "\"parent_email\":\"emailparent@ddd.eee\" }";
static const char sms_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?> <result> <entry>true</entry> <entry>200</entry> "
    "<entry> <entry><![CDATA[aaaa@bbb.ccc]]></entry> <entry><![CDATA[token]]></entry> </entry> "
    "<entry><![CDATA[aaaa@bbb.ccc]]></entry> <entry><![CDATA[emailparent@ddd.eee]]></entry> "
    "</result>";

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1;
    const char *only = argc > 2 ? argv[2] : "";
    provkit_json_token_t tok[64];
    provkit_oempro_result_t o;
    provkit_plesk_result_t p;
    provkit_smspartner_result_t s;
    int bad = 0;
    for (long i = 0; i < n; i++) {
        if (!strcmp(only, "oempro_json") || !*only)
            bad |= provkit_oempro_decode(oempro_json, sizeof oempro_json - 1, 200, tok, 64, &o);
        if (!strcmp(only, "oempro_xml") || !*only)
            bad |= provkit_oempro_decode(oempro_xml, sizeof oempro_xml - 1, 200, tok, 64, &o);
        if (!strcmp(only, "plesk_xmlrpc") || !*only)
            bad |= provkit_plesk_decode(plesk_xml, sizeof plesk_xml - 1, 200, &p);
        if (!strcmp(only, "sms_json") || !*only)
            bad |= provkit_smspartner_decode(sms_json, sizeof sms_json - 1, 200, tok, 64, &s);
        if (!strcmp(only, "sms_xml") || !*only)
            bad |= provkit_smspartner_decode(sms_xml, sizeof sms_xml - 1, 200, tok, 64, &s);
    }
    if (bad != 0) {
        fprintf(stderr, "a decode failed\n");
        return 1;
    }
    return 0;
}
