/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one exchange every provider's create call runs: POST a body, keep the
 * answer, and turn client failures into an outcome that says whether the
 * request may have reached the server.
 */
#include <string.h>

#include "provider_int.h"

int provkit_provider_exchange(provkit_client_t *c, const provkit_endpoint_t *ep,
                              provkit_client_request_t *req, provkit_workspace_t *ws,
                              provkit_outcome_t *o)
{
    req->url = ep->url;
    req->url_len = ep->url != NULL ? strlen(ep->url) : 0;
    req->parsed = ep->parsed.host != NULL ? &ep->parsed : NULL;
    req->timeout_ms = ep->timeout_ms;
    provkit_http_response_init(&ws->resp, ws->body, sizeof ws->body);
    int rc = provkit_client_exchange(c, req, &ws->resp);
    o->request_sent = c->request_sent;
    o->cause = c->cause;
    if (rc == PROVKIT_OK) {
        o->http_status = ws->resp.status;
        return PROVKIT_OK;
    }
    provkit_workspace_wipe(ws); /* a partial answer may hold secrets too */
    if (rc != PROVKIT_ERR_OUTCOME_UNKNOWN) {
        return provkit_outcome_no_verdict(o, rc, rc, 0, provkit_strerror(rc));
    }
    return provkit_outcome_no_verdict_after(o, rc, c->cause, 0, provkit_strerror(c->cause),
                                            " after the request went out");
}

int provkit_endpoint_init(provkit_endpoint_t *ep, const char *url, uint32_t timeout_ms)
{
    if (ep == NULL || url == NULL) {
        return PROVKIT_ERR_ARG;
    }
    ep->url = url;
    ep->timeout_ms = timeout_ms;
    /* (a NULL host buffer: only the spans, which point into url) */
    return provkit_url_parse(&ep->parsed, url, strlen(url), NULL, 0);
}

void provkit_workspace_wipe(provkit_workspace_t *ws)
{
    /* Only the body holds data; the tokens hold offsets into it. */
    provkit_zeroize(ws->body, ws->resp.body_len <= sizeof ws->body ? ws->resp.body_len
                                                                   : sizeof ws->body);
    ws->resp.body_len = 0;
}

/* Check, measure and send (the measured values in the workspace's room
 * that the answer's scanner takes next); not inlined, so the decoder below
 * runs on a stack that no longer holds this frame (README: Footprint).
 * Returns PROVKIT_OK when an answer is in ws. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int check_and_exchange(const provkit_provider_desc_t *d, provkit_client_t *c,
                              const provkit_endpoint_t *ep, const void *req,
                              bool skip_validation, provkit_workspace_t *ws, provkit_outcome_t *o)
{
    provkit_client_request_t x;
    /* each value is checked and measured once, here; the body writer's
     * counting pass then reads the lengths, and its sending pass copies */
    size_t n = *d->nparams;
    /* (no workspace: checked only, as before an exchange that is refused) */
    provkit_measured_t *m = ws != NULL && n <= PROVKIT_PARAMS_MAX ? ws->scan.measured : NULL;
    int rc = provkit_check_encoding(req, d->params, n, d->encoding, m, o);
    if (rc == PROVKIT_OK && !skip_validation) {
        rc = provkit_validate(req, d->params, n, m, o);
    }
    if (rc != PROVKIT_OK) {
        return o->status; /* nothing of the exchange was touched */
    }
    memset(&x, 0, sizeof x);
    x.content_type = d->content_type;
    x.accept = d->accept;
    x.write_body = d->write_body;
    x.body_ctx = (void *)(uintptr_t)req;
    if (m != NULL) {
        x.known.m = m;
        x.known.n = (uint8_t)n;
        x.known.enc = (uint8_t)d->encoding;
    }
    if (d->prepare != NULL) {
        d->prepare(req, &x);
    }
    return provkit_provider_exchange(c, ep, &x, ws, o);
}

int provkit_provider_create(const provkit_provider_desc_t *d, provkit_client_t *c,
                            const provkit_endpoint_t *ep, const void *req, bool skip_validation,
                            provkit_workspace_t *ws, void *res)
{
    provkit_outcome_t *o = (provkit_outcome_t *)res; /* every result starts with it */
    memset(res, 0, d->result_size);
    provkit_outcome_clear(o);
    int rc = check_and_exchange(d, c, ep, req, skip_validation, ws, o);
    if (rc == PROVKIT_OK) {
        rc = d->decode(ws, res);
        provkit_workspace_wipe(ws);
    }
    PROVKIT_LOG(c, PROVKIT_LOG_INFO, .name = "outcome", .status = o->status,
                .code = o->has_code ? o->code : 0, .category = (int)o->category);
    return rc;
}
