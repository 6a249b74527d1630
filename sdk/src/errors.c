/* SPDX-License-Identifier: Apache-2.0 */
/* provkit_strerror(): one fixed text per status, a table indexed by -status. */
#include "provkit/errors.h"

#include <stddef.h>

static const char *const error_text[] = {
    /*   0 */ "success",
    /*  -1 */ "invalid argument",
    /*  -2 */ "invalid field",
    /*  -3 */ "buffer too small",
    /*  -4 */ "limit exceeded",
    /*  -5 */ "unusable URL",
    /*  -6 */ "host name did not resolve",
    /*  -7 */ "network error",
    /*  -8 */ "connection closed by peer",
    /*  -9 */ "timed out",
    /* -10 */ "TLS error",
    /* -11 */ "TLS certificate or host name verification failed",
    /* -12 */ "malformed HTTP response",
    /* -13 */ "HTTP error status",
    /* -14 */ "malformed document",
    /* -15 */ "not a valid provider answer",
    /* -16 */ "refused by the provider",
    /* -17 */ "outcome unknown: the request may have reached the server",
    /* -18 */ "XML-RPC fault",
    /* -19 */ "value out of range or of the wrong type",
    /* -20 */ "not found",
    /* -21 */ "not supported",
    /* -22 */ "connection ended without TLS close_notify",
};

const char *provkit_strerror(int status)
{
    if (status == PROVKIT_INCOMPLETE) {
        return "incomplete: more input needed";
    }
    if (status <= 0 && status > -(int)(sizeof error_text / sizeof error_text[0])) {
        return error_text[-status];
    }
    return "unknown status";
}
