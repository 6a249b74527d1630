/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SMS Partner and Oempro clients a Linux user would write with Debian's
 * libraries, the anchors of tests/bench/cpu.sh: libcurl (one easy handle
 * for all calls, so the TCP connection is kept; cpu.sh checks it) and
 * cJSON (Debian libcjson-dev).
 *   SMS Partner: the JSON body built with cJSON (cJSON_PrintUnformatted),
 *                POSTed as application/json; the answer parsed with
 *                cJSON_Parse and read (success, code, subaccount.email and
 *                .token, sendConfirmMailTo, parent_email).
 *   Oempro:      the form body built with curl_easy_escape() per value,
 *                POSTed as application/x-www-form-urlencoded (libcurl's
 *                default for CURLOPT_POSTFIELDS); the JSON answer parsed
 *                with cJSON (Success, ErrorCode, ClientID).
 * The answer is collected the way libcurl's own example does it (a buffer
 * grown with realloc in the write callback, reused between calls here).
 *   cpu_anchor_json smspartner|oempro N URL
 * Same fields as cpu_provkit.c (the seeds' examples), same checks; the
 * returned strings are copied into fixed buffers, as provkit's result
 * holds them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

struct buf {
    char *data;
    size_t len, cap;
};

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
    struct buf *b = ctx;
    size_t add = size * n;
    if (b->len + add + 1 > b->cap) {
        size_t cap = (b->len + add + 1) * 2;
        char *d = realloc(b->data, cap);
        if (d == NULL) {
            return 0;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, add);
    b->len += add;
    b->data[b->len] = '\0';
    return add;
}

struct result {
    int success;
    long code;
    char email[256], token[256], confirm[256], parent[256];
    long long client_id;
};

static void copy(char *dst, size_t cap, const cJSON *s)
{
    snprintf(dst, cap, "%s", cJSON_IsString(s) ? s->valuestring : "");
}

static int sms; /* 1 smspartner, 0 oempro */
static CURL *h;
static struct buf answer;
static struct result r;

/* The request body (malloc'd); free it with free(). */
static char *sms_body(void)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "apiKey", "VOTRE_APIKEY");
    cJSON_AddStringToObject(root, "type", "advanced");
    cJSON *p = cJSON_AddObjectToObject(root, "parameters");
    cJSON_AddStringToObject(p, "email", "aaaa@bbb.ccc");
    cJSON_AddNumberToObject(p, "creditToAttribute", 10);
    cJSON_AddNumberToObject(p, "isBuyer", 0);
    cJSON_AddStringToObject(p, "firstname", "prenom");
    cJSON_AddStringToObject(p, "lastname", "nom");
    char *body = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return body;
}

static char *oempro_body(void)
{
    static const char *const fields[][2] = {
        {"SessionID", "0123456789abcdef0123456789abcdef"},
        {"ClientUsername", "jdoe"},
        {"ClientPassword", "CLIENT_PASSWORD"},
        {"ClientEmailAddress", "jdoe@example.com"},
        {"ClientName", "John Doe"},
    };
    char form[1024] = "Command=Client.Create&ResponseFormat=JSON";
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        char *v = curl_easy_escape(h, fields[i][1], 0);
        size_t used = strlen(form);
        snprintf(form + used, sizeof form - used, "&%s=%s", fields[i][0], v);
        curl_free(v);
    }
    return strdup(form);
}

static int decode(void)
{
    cJSON *doc = cJSON_Parse(answer.data);
    int bad;
    if (doc == NULL) {
        return 1;
    }
    if (sms) {
        const cJSON *sub = cJSON_GetObjectItemCaseSensitive(doc, "subaccount");
        const cJSON *code = cJSON_GetObjectItemCaseSensitive(doc, "code");
        r.success = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "success"));
        r.code = cJSON_IsNumber(code) ? (long)code->valuedouble : 0;
        copy(r.email, sizeof r.email, cJSON_GetObjectItemCaseSensitive(sub, "email"));
        copy(r.token, sizeof r.token, cJSON_GetObjectItemCaseSensitive(sub, "token"));
        copy(r.confirm, sizeof r.confirm,
             cJSON_GetObjectItemCaseSensitive(doc, "sendConfirmMailTo"));
        copy(r.parent, sizeof r.parent, cJSON_GetObjectItemCaseSensitive(doc, "parent_email"));
        bad = !r.success || r.code != 200 || strcmp(r.token, "token") != 0;
    } else {
        const cJSON *code = cJSON_GetObjectItemCaseSensitive(doc, "ErrorCode");
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(doc, "ClientID");
        r.success = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "Success"));
        r.code = cJSON_IsNumber(code) ? (long)code->valuedouble : 0;
        r.client_id = cJSON_IsNumber(id) ? (long long)id->valuedouble : 0;
        bad = !r.success || r.code != 0 || r.client_id != 42;
    }
    cJSON_Delete(doc);
    return bad;
}

/* One create; 0 when created. */
static int create_once(void)
{
    char *body = sms ? sms_body() : oempro_body();
    long status = 0;
    answer.len = 0;
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    CURLcode rc = curl_easy_perform(h);
    free(body);
    if (rc != CURLE_OK) {
        fprintf(stderr, "cpu_anchor_json: %s\n", curl_easy_strerror(rc));
        return 1;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    return status != 200 || answer.len == 0 || decode();
}

/* The calls after the first, alone, for callgrind --toggle-collect. */
__attribute__((noinline)) static int steady_calls(long n)
{
    int bad = 0;
    for (long i = 0; i < n; i++) {
        bad |= create_once();
    }
    return bad;
}

int main(int argc, char **argv)
{
    long n = argc == 4 ? atol(argv[2]) : 0;
    if (n < 1 || (strcmp(argv[1], "smspartner") != 0 && strcmp(argv[1], "oempro") != 0)) {
        fprintf(stderr, "usage: cpu_anchor_json smspartner|oempro N URL\n");
        return 2;
    }
    sms = strcmp(argv[1], "smspartner") == 0;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    h = curl_easy_init();
    struct curl_slist *headers = NULL;
    if (sms) {
        headers = curl_slist_append(headers, "Content-Type: application/json");
    }
    curl_easy_setopt(h, CURLOPT_URL, argv[3]);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 60000L);
    int bad = create_once();
    bad |= steady_calls(n - 1);
    curl_easy_cleanup(h);
    curl_slist_free_all(headers);
    curl_global_cleanup();
    free(answer.data);
    if (bad) {
        fprintf(stderr, "cpu_anchor_json: a %s create did not succeed\n", argv[1]);
        return 1;
    }
    return 0;
}
