/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Plesk client a Linux user would write with Debian's libraries, the
 * anchor of tests/bench/cpu.sh: xmlrpc-c's own client (libxmlrpc_client,
 * Debian libxmlrpc-core-c3-dev) over its curl transport (libcurl), which is
 * xmlrpc-c's usual way to call a method: xmlrpc_client_call2f() builds the
 * methodCall, posts it with libcurl and parses the methodResponse; the
 * members are read with xmlrpc_decompose_value(). One xmlrpc_client, so one
 * curl session: the TCP connection is kept between calls (cpu.sh checks it).
 *   cpu_anchor_plesk N URL
 * Same fields as cpu_provkit.c (the seed's example), same checks: every
 * call must return resultCode 100 and clientId 1401588; the returned
 * strings are copied into fixed buffers, as provkit's result holds them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xmlrpc-c/base.h>
#include <xmlrpc-c/client.h>

struct result {
    int code;
    char client_id[32];
    char login[129];
    char password[129];
    char desc[160];
};

static void copy(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src);
}

/* One create; 0 when created. */
static int create_once(xmlrpc_client *client, const char *url, struct result *r)
{
    xmlrpc_env env;
    xmlrpc_value *answer;
    const char *id, *login, *password, *desc;
    int code;
    xmlrpc_env_init(&env);
    xmlrpc_client_call2f(&env, client, url, "partner10.createClient", &answer,
                         "({s:s,s:s}{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s})",
                         "login", "API_LOGIN", "password", "API_PASSWORD",
                         "login", "CLIENT_LOGIN", "password", "CLIENT_PASSWORD",
                         "firstName", "John", "lastName", "Doe", "company", "Example, Inc.",
                         "email", "jdoe@example.com", "address", "Examplestreet 22",
                         "phone", "703 973 2323", "fax", "703 943 3434",
                         "city", "Example City", "state", "Virginia", "zip", "20171",
                         "country", "US");
    if (env.fault_occurred) {
        fprintf(stderr, "cpu_anchor_plesk: %s\n", env.fault_string);
        xmlrpc_env_clean(&env);
        return 1;
    }
    xmlrpc_decompose_value(&env, answer, "{s:i,s:s,s:s,s:s,s:s,*}", "resultCode", &code,
                           "clientId", &id, "login", &login, "password", &password,
                           "resultDesc", &desc);
    xmlrpc_DECREF(answer);
    if (env.fault_occurred) {
        fprintf(stderr, "cpu_anchor_plesk: %s\n", env.fault_string);
        xmlrpc_env_clean(&env);
        return 1;
    }
    r->code = code;
    copy(r->client_id, sizeof r->client_id, id);
    copy(r->login, sizeof r->login, login);
    copy(r->password, sizeof r->password, password);
    copy(r->desc, sizeof r->desc, desc);
    free((void *)id);
    free((void *)login);
    free((void *)password);
    free((void *)desc);
    xmlrpc_env_clean(&env);
    return r->code != 100 || strcmp(r->client_id, "1401588") != 0;
}

/* The calls after the first, alone, for callgrind --toggle-collect. */
__attribute__((noinline)) static int steady_calls(xmlrpc_client *client, const char *url,
                                                  struct result *r, long n)
{
    int bad = 0;
    for (long i = 0; i < n; i++) {
        bad |= create_once(client, url, r);
    }
    return bad;
}

int main(int argc, char **argv)
{
    xmlrpc_env env;
    xmlrpc_client *client;
    struct xmlrpc_clientparms parms;
    static struct result r;
    long n = argc == 3 ? atol(argv[1]) : 0;
    if (n < 1) {
        fprintf(stderr, "usage: cpu_anchor_plesk N URL\n");
        return 2;
    }
    xmlrpc_env_init(&env);
    xmlrpc_client_setup_global_const(&env);
    memset(&parms, 0, sizeof parms);
    parms.transport = "curl";
    xmlrpc_client_create(&env, XMLRPC_CLIENT_NO_FLAGS, "cpu_anchor_plesk", "1.0", &parms,
                         XMLRPC_CPSIZE(transport), &client);
    if (env.fault_occurred) {
        fprintf(stderr, "cpu_anchor_plesk: %s\n", env.fault_string);
        return 2;
    }
    int bad = create_once(client, argv[2], &r);
    bad |= steady_calls(client, argv[2], &r, n - 1);
    xmlrpc_client_destroy(client);
    xmlrpc_client_teardown_global_const();
    xmlrpc_env_clean(&env);
    if (bad) {
        fprintf(stderr, "cpu_anchor_plesk: a create did not succeed\n");
        return 1;
    }
    return 0;
}
