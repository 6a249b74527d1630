/*
 * The one exchange every provider's create call runs: POST a body, keep the
 * answer, and turn client failures into an outcome that says whether the
 * request may have reached the server.
 */
#include <string.h>

#include "provkit/provider.h"

int provkit_provider_exchange(provkit_client_t *c, const provkit_endpoint_t *ep,
                              const char *content_type, const char *accept,
                              provkit_body_fn write_body, void *ctx, provkit_workspace_t *ws,
                              provkit_outcome_t *o)
{
    provkit_client_request_t req;
    memset(&req, 0, sizeof req);
    req.url = ep->url;
    req.url_len = ep->url != NULL ? strlen(ep->url) : 0;
    req.content_type = content_type;
    req.accept = accept;
    req.write_body = write_body;
    req.body_ctx = ctx;
    req.timeout_ms = ep->timeout_ms;

    provkit_http_response_init(&ws->resp, ws->body, sizeof ws->body);
    int rc = provkit_client_exchange(c, &req, &ws->resp);
    o->request_sent = c->request_sent;
    o->cause = c->cause;
    if (rc == PROVKIT_OK) {
        o->http_status = ws->resp.status;
        return PROVKIT_OK;
    }
    provkit_workspace_wipe(ws); /* a partial answer may hold secrets too */
    o->status = rc;
    o->category = PROVKIT_CAT_NONE;
    o->has_code = false;
    const char *text = provkit_strerror(rc == PROVKIT_ERR_OUTCOME_UNKNOWN ? c->cause : rc);
    size_t tl = strlen(text);
    if (rc == PROVKIT_ERR_OUTCOME_UNKNOWN) {
        static const char tail[] = " after the request went out: the account may exist";
        char msg[PROVKIT_MESSAGE_MAX];
        if (tl + sizeof tail > sizeof msg) {
            tl = sizeof msg - sizeof tail;
        }
        memcpy(msg, text, tl);
        memcpy(msg + tl, tail, sizeof tail);
        provkit_outcome_message(o, msg, tl + sizeof tail - 1);
    } else {
        provkit_outcome_message(o, text, tl);
    }
    return rc;
}

void provkit_workspace_wipe(provkit_workspace_t *ws)
{
    provkit_zeroize(ws->body, ws->resp.body_len <= sizeof ws->body ? ws->resp.body_len
                                                                   : sizeof ws->body);
    provkit_zeroize(ws->tokens, sizeof ws->tokens);
    ws->resp.body_len = 0;
}
