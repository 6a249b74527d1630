/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared provider machinery: code tables, outcomes and table-driven field
 * validation. The provider files hold the tables; this file walks them.
 */
#include "provider_int.h"

#include "text.h"

#include <string.h>

#include "provkit/json.h"
#include "provkit/writer.h"

static const char *const category_names[] = {
    "none", "created", "auth_failed", "denied", "exists", "invalid_field", "server_busy", "other",
};

const char *provkit_category_name(provkit_category_t cat)
{
    size_t i = (size_t)cat;
    return i < sizeof category_names / sizeof category_names[0] ? category_names[i] : "other";
}

const provkit_code_t *provkit_code_find(const provkit_code_t *table, size_t n, int32_t code)
{
    for (size_t i = 0; i < n; i++) {
        if (table[i].code == code) {
            return &table[i];
        }
    }
    return NULL;
}

void provkit_outcome_clear(provkit_outcome_t *o)
{
    memset(o, 0, sizeof *o);
    o->status = PROVKIT_OK;
    o->category = PROVKIT_CAT_NONE;
}

bool provkit_outcome_message(provkit_outcome_t *o, const char *text, size_t len)
{
    bool cut = false;
    if (text == NULL) {
        len = 0;
    }
    if (len > sizeof o->message - 1) {
        cut = true;
        len = provkit_utf8_prefix(text, sizeof o->message - 1);
    }
    if (len > 0 && text != o->message) { /* (an answer may be decoded in place) */
        memcpy(o->message, text, len);
    }
    o->message[len] = '\0';
    return cut;
}

void provkit_outcome_truncated(provkit_outcome_t *o, const char *name)
{
    for (size_t i = 0; i < o->n_truncated; i++) {
        if (strcmp(o->truncated[i], name) == 0) {
            return;
        }
    }
    if (o->n_truncated < PROVKIT_TRUNCATED_MAX) {
        o->truncated[o->n_truncated++] = name;
    }
}

void provkit_skip_bom(const char **body, size_t *len)
{
    if (*len >= 3 && memcmp(*body, "\xEF\xBB\xBF", 3) == 0) {
        *body += 3;
        *len -= 3;
    }
}

void provkit_outcome_verdict(provkit_outcome_t *o, const provkit_code_t *table, size_t n,
                             int32_t code, const char *msg, size_t msg_len, const char *msg_name)
{
    const provkit_code_t *c = provkit_code_find(table, n, code);
    o->has_code = true;
    o->code = code;
    o->category = c != NULL ? (provkit_category_t)c->category : PROVKIT_CAT_OTHER;
    o->field = c != NULL ? c->field : NULL;
    o->status = o->category == PROVKIT_CAT_CREATED ? PROVKIT_OK : PROVKIT_ERR_PROVIDER;
    if (msg != NULL && msg_len > 0) {
        if (provkit_outcome_message(o, msg, msg_len) && msg_name != NULL) {
            provkit_outcome_truncated(o, msg_name);
        }
    } else if (c != NULL) {
        provkit_outcome_message(o, c->text, strlen(c->text));
    } else {
        provkit_outcome_message(o, "", 0);
    }
}

const char *provkit_rule_value(const void *req, const provkit_field_rule_t *rule)
{
    const char *v;
    memcpy(&v, (const char *)req + rule->offset, sizeof v);
    return v;
}

/* The field at rule->aux equals rule->aux_word. */
static bool aux_is(const void *req, const provkit_field_rule_t *r)
{
    const char *v;
    memcpy(&v, (const char *)req + r->aux, sizeof v);
    return v != NULL && r->aux_word != NULL && strcmp(v, r->aux_word) == 0;
}

/*
 * ISO 3166-1 alpha-2, officially assigned codes: one 26-bit row per first
 * letter, bit k set when the second letter is 'A' + k. 104 bytes for all 249.
 */
static const uint32_t iso3166_alpha2[26] = {
    0x2DF5978u, /* A: D E F G I L M O Q R S T U W X Z */
    0x36F7BFBu, /* B: A B D E F G H I J L M N O Q R S T V W Y Z */
    0x3F27DEDu, /* C: A C D F G H I K L M N O R U V W X Y Z */
    0x2005610u, /* D: E J K M O Z */
    0x00E00D4u, /* E: C E G H R S T */
    0x0025700u, /* F: I J K M O R */
    0x15FB9FBu, /* G: A B D E F G H I L M N P Q R S T U W Y */
    0x01A3400u, /* H: K M N R T U */
    0x00F7818u, /* I: D E L M N O Q R S T */
    0x000D010u, /* J: E M O P */
    0x342B1D0u, /* K: E G H I M N P R W Y Z */
    0x13E0507u, /* L: A B C I K R S T U V Y */
    0x3FFFCFDu, /* M: A C D E F G H K L M N O P Q R S T U V W X Y Z */
    0x212C975u, /* N: A C E F G I L O P R U Z */
    0x0001000u, /* O: M */
    0x14E3CF1u, /* P: A E F G H K L M N R S T W Y */
    0x0000001u, /* Q: A */
    0x0544010u, /* R: E O S U W */
    0x3AE7FDFu, /* S: A B C D E G H I J K L M N O R S T V X Y Z */
    0x26A7EECu, /* T: C D F G H J K L M N O R T V W Z */
    0x3041041u, /* U: A G M S Y Z */
    0x0102155u, /* V: A C E G I N U */
    0x0040020u, /* W: F S */
    0x0000000u, /* X: none */
    0x0080010u, /* Y: E T */
    0x0401001u, /* Z: A M W */
};


bool provkit_is_country(const char *s, size_t n)
{
    if (n != 2 || !is_upper(s[0]) || !is_upper(s[1])) {
        return false;
    }
    return (iso3166_alpha2[s[0] - 'A'] >> (s[1] - 'A')) & 1u;
}

bool provkit_is_us_zip(const char *s, size_t n)
{
    if (n != 5 && n != 10) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (i == 5 ? s[i] != '-' : !is_digit(s[i])) {
            return false;
        }
    }
    return true;
}

/*
 * The address rule (provider.h). Non-ASCII is refused: the providers
 * document no IDN/EAI. The overall length is each provider's own limit
 * (Plesk: 256 characters; the others document none).
 */
static bool is_atext(char c)
{
    return is_alpha(c) || is_digit(c) || (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

bool provkit_is_email(const char *s, size_t n)
{
    const char *at = memchr(s, '@', n);
    if (at == NULL) {
        return false;
    }
    size_t local = (size_t)(at - s);
    size_t dom = n - local - 1;
    if (local == 0 || dom == 0) {
        return false;
    }
    for (size_t i = 0; i < local; i++) {
        if (s[i] == '.') {
            if (i == 0 || i == local - 1 || s[i - 1] == '.') {
                return false;
            }
        } else if (!is_atext(s[i])) {
            return false;
        }
    }
    const char *d = at + 1;
    size_t label = 0, labels = 0;
    for (size_t i = 0; i <= dom; i++) {
        if (i == dom || d[i] == '.') {
            if (label == 0 || label > 63 || d[i - 1] == '-') {
                return false;
            }
            labels++;
            label = 0;
            continue;
        }
        char c = d[i];
        if ((label == 0 && c == '-') || !(is_alpha(c) || is_digit(c) || c == '-')) {
            return false;
        }
        label++;
    }
    return labels >= 2;
}

bool provkit_is_positive_decimal(const char *s, size_t n)
{
    /* the JSON number grammar without sign and exponent: it is written into
     * the body as is, so it must be a JSON number */
    size_t i = 0;
    bool nonzero = false;
    if (n == 0 || !is_digit(s[0]) || (s[0] == '0' && n > 1 && s[1] != '.')) {
        return false;
    }
    for (; i < n && is_digit(s[i]); i++) {
        nonzero |= s[i] != '0';
    }
    if (i < n) {
        if (s[i] != '.' || i + 1 == n) {
            return false;
        }
        for (i++; i < n; i++) {
            if (!is_digit(s[i])) {
                return false;
            }
            nonzero |= s[i] != '0';
        }
    }
    return nonzero;
}

static bool same_nocase(const char *a, const char *b)
{
    while (*a != '\0' && (*a == *b || (is_alpha(*a) && (*a | 0x20) == (*b | 0x20)))) {
        a++;
        b++;
    }
    return *a == *b;
}

static bool in_words(const char *s, const char *const *words, bool nocase)
{
    for (size_t i = 0; words != NULL && words[i] != NULL; i++) {
        if (nocase ? same_nocase(s, words[i]) : strcmp(s, words[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* ---- the checks a rule may name ---- */
bool provkit_check_email(const void *req, const provkit_field_rule_t *r, const char *v, size_t n)
{
    (void)req;
    (void)r;
    return provkit_is_email(v, n);
}

bool provkit_check_country(const void *req, const provkit_field_rule_t *r, const char *v,
                           size_t n)
{
    (void)req;
    (void)r;
    return provkit_is_country(v, n);
}

bool provkit_check_enum(const void *req, const provkit_field_rule_t *r, const char *v, size_t n)
{
    (void)req;
    (void)n;
    return in_words(v, r->words, false);
}

bool provkit_check_enum_nocase(const void *req, const provkit_field_rule_t *r, const char *v,
                               size_t n)
{
    (void)req;
    (void)n;
    return in_words(v, r->words, true);
}

bool provkit_check_ident(const void *req, const provkit_field_rule_t *r, const char *v, size_t n)
{
    (void)req;
    (void)r;
    return provkit_text_ident_path(v, n) == n;
}

bool provkit_check_positive(const void *req, const provkit_field_rule_t *r, const char *v,
                            size_t n)
{
    (void)req;
    (void)r;
    return provkit_is_positive_decimal(v, n);
}

bool provkit_check_us_zip_if(const void *req, const provkit_field_rule_t *r, const char *v,
                             size_t n)
{
    return !aux_is(req, r) || provkit_is_us_zip(v, n);
}

static int refuse(provkit_outcome_t *o, const provkit_field_rule_t *r, int32_t code,
                  const char *why)
{
    o->status = PROVKIT_ERR_INVALID_FIELD;
    o->category = PROVKIT_CAT_INVALID_FIELD;
    o->local = true;
    o->has_code = code != 0; /* a rule with no documented code has none */
    o->code = code;
    o->field = r->name;
    provkit_outcome_message(o, r->name, strlen(r->name));
    size_t len = strlen(o->message);
    size_t wl = strlen(why);
    if (len + 1 + wl < sizeof o->message) {
        o->message[len] = ' ';
        memcpy(o->message + len + 1, why, wl + 1);
    }
    return PROVKIT_ERR_INVALID_FIELD;
}

int provkit_validate(const void *req, const provkit_field_rule_t *rules, size_t n,
                     const provkit_measured_t *m, provkit_outcome_t *o)
{
    for (size_t i = 0; i < n; i++) {
        const provkit_field_rule_t *r = &rules[i];
        const char *v = provkit_rule_value(req, r);
        size_t len = v != NULL ? strlen(v) : 0;
        if (len == 0) {
            if (r->required == PROVKIT_REQUIRED ||
                (r->required == PROVKIT_REQUIRED_IF && aux_is(req, r))) {
                return refuse(o, r, r->missing_code != 0 ? r->missing_code : r->code,
                              "is required");
            }
            continue;
        }
        size_t chars = 0;
        if (m != NULL && m[i].s == v && m[i].n == len) {
            /* checked UTF-8 already: a character is a byte that does not
             * continue one (counted only where a limit needs it) */
            for (size_t k = 0; r->max_chars != 0 && k < len; k++) {
                chars += ((unsigned char)v[k] & 0xC0u) != 0x80u;
            }
        } else if (provkit_utf8_check(v, len, &chars) != PROVKIT_OK) {
            return refuse(o, r, r->code, "is not valid UTF-8");
        }
        if (r->max_chars != 0 && chars > r->max_chars) {
            return refuse(o, r, r->code, "is too long");
        }
        if (r->check != NULL && !r->check(req, r, v, len)) {
            return refuse(o, r, r->code, "has an invalid format");
        }
    }
    return PROVKIT_OK;
}

int provkit_check_encoding(const void *req, const provkit_field_rule_t *rules, size_t n,
                           enum provkit_encoding enc, provkit_measured_t *m,
                           provkit_outcome_t *o)
{
    for (size_t i = 0; i < n; i++) {
        const provkit_field_rule_t *r = &rules[i];
        const char *v = provkit_rule_value(req, r);
        size_t len = v != NULL ? strlen(v) : 0;
        provkit_measured_t one;
        provkit_measured_t *mi = m != NULL ? &m[i] : &one;
        mi->s = NULL;
        if (len == 0) {
            continue;
        }
        if (provkit_measure(enc, v, len, mi) == PROVKIT_ERR_INVALID_FIELD) {
            /* XML's check is UTF-8's and more: say which */
            return refuse(o, r, r->code,
                          provkit_utf8_check(v, len, NULL) != PROVKIT_OK
                              ? "is not valid UTF-8"
                              : "holds a character XML 1.0 cannot carry");
        }
        if (r->number && !provkit_json_is_number(v, len)) {
            return refuse(o, r, r->code, "is not a number");
        }
    }
    return PROVKIT_OK;
}

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && is_ws(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && is_ws((*s)[*n - 1])) {
        (*n)--;
    }
}

provkit_body_kind_t provkit_body_kind(const char *body, size_t len)
{
    provkit_skip_bom(&body, &len);
    trim(&body, &len);
    if (len == 0) {
        return PROVKIT_BODY_OTHER;
    }
    if (body[0] == '{' || body[0] == '[') {
        return PROVKIT_BODY_JSON;
    }
    if (body[0] == '<') {
        /* an HTML page is not a provider answer, even if it parses */
        static const char *const html[] = {"<!DOCTYPE", "<!doctype", "<html", "<HTML"};
        for (size_t i = 0; i < sizeof html / sizeof html[0]; i++) {
            size_t hl = strlen(html[i]);
            if (len >= hl && memcmp(body, html[i], hl) == 0) {
                return PROVKIT_BODY_OTHER;
            }
        }
        return PROVKIT_BODY_XML;
    }
    size_t i = provkit_text_ident_path(body, len);
    while (i < len && is_ws(body[i])) {
        i++;
    }
    return (i > 0 && i < len && body[i] == '(') ? PROVKIT_BODY_JSONP : PROVKIT_BODY_OTHER;
}

/* m[n..) = text, cut on a UTF-8 boundary to end by m[room); the new n */
static size_t put(char *m, size_t n, size_t room, const char *text)
{
    size_t l = strlen(text);
    if (l > room - n) {
        l = provkit_utf8_prefix(text, room - n);
    }
    memmove(m + n, text, l); /* (why may be the message itself) */
    return n + l;
}

int provkit_outcome_no_verdict_after(provkit_outcome_t *o, int status, int cause, int http_status,
                                     const char *why, const char *after)
{
    static const char tail[] = ": the account may exist";
    bool unknown = status == PROVKIT_ERR_OUTCOME_UNKNOWN;
    size_t room = sizeof o->message - 1 - (unknown ? sizeof tail - 1 : 0);
    size_t n = put(o->message, 0, room, why);
    if (after != NULL) {
        n = put(o->message, n, room, after);
    }
    if (unknown) {
        n = put(o->message, n, sizeof o->message - 1, tail);
    }
    o->message[n] = '\0';
    o->status = status;
    o->cause = cause;
    o->http_status = http_status;
    o->category = PROVKIT_CAT_NONE;
    o->has_code = false;
    o->field = NULL;
    return status;
}

int provkit_outcome_no_verdict(provkit_outcome_t *o, int status, int cause, int http_status,
                               const char *why)
{
    return provkit_outcome_no_verdict_after(o, status, cause, http_status, why, NULL);
}

int provkit_outcome_not_answer(provkit_outcome_t *o, int http_status, const char *why)
{
    if (http_status >= 400 && http_status <= 499) {
        /* refused by the server (or a proxy) before any processing */
        return provkit_outcome_no_verdict(o, PROVKIT_ERR_HTTP_STATUS, PROVKIT_ERR_HTTP_STATUS,
                                          http_status, why);
    }
    return provkit_outcome_no_verdict(o, PROVKIT_ERR_OUTCOME_UNKNOWN,
                                      http_status >= 200 && http_status <= 299
                                          ? PROVKIT_ERR_PROTOCOL
                                          : PROVKIT_ERR_HTTP_STATUS,
                                      http_status, why);
}

int provkit_outcome_untrusted(provkit_outcome_t *o, int http_status, const char *why)
{
    return provkit_outcome_no_verdict(o, PROVKIT_ERR_OUTCOME_UNKNOWN, PROVKIT_ERR_PROTOCOL,
                                      http_status, why);
}

int provkit_parse_i64(const char *s, size_t n, int64_t *out)
{
    trim(&s, &n);
    return provkit_text_i64(s, n, out);
}

int provkit_parse_integral(const char *s, size_t n, int64_t *out)
{
    trim(&s, &n);
    const char *dot = memchr(s, '.', n);
    if (dot != NULL) {
        size_t k = (size_t)(dot - s);
        if (k == n - 1 || k == 0 || !is_digit(s[k - 1])) {
            return PROVKIT_ERR_RANGE;
        }
        for (size_t i = k + 1; i < n; i++) {
            if (s[i] != '0') {
                return PROVKIT_ERR_RANGE; /* a fraction is not an id */
            }
        }
        n = k;
    }
    return provkit_parse_i64(s, n, out);
}
