/* SPDX-License-Identifier: Apache-2.0 */
/* Test helper: the values of the Plesk document's example request
 * (tests/vectors/001-plesk-xml-examples.txt), for the tests that compare a
 * written body with it. */
#ifndef PROVKIT_TEST_SEED_PLESK_H
#define PROVKIT_TEST_SEED_PLESK_H

#include <string.h>

#include "provkit/plesk.h"

static inline provkit_plesk_request_t seed_plesk_request(void)
{
    provkit_plesk_request_t r;
    memset(&r, 0, sizeof r);
    r.auth_login = "API_LOGIN";
    r.login = "CLIENT_LOGIN";
    r.password = "CLIENT_PASSWORD";
    r.first_name = "John";
    r.last_name = "Doe";
    r.company = "Example, Inc.";
    r.email = "jdoe@example.com";
    r.address = "Examplestreet 22";
    r.phone = "703 973 2323";
    r.fax = "703 943 3434";
    r.city = "Example City";
    r.state = "Virginia";
    r.zip = "20171";
    r.country = "US";
    return r;
}

#endif /* PROVKIT_TEST_SEED_PLESK_H */
