/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one exchange every provider's create call runs: POST a body, keep the
 * answer, and turn client failures into an outcome that says whether the
 * request may have reached the server.
 */
#include <string.h>

#include "provider_int.h"

/* The outcome of an exchange that gave no whole answer: the transport
 * error when nothing was sent, else outcome unknown. */
static int no_answer(provkit_outcome_t *o, int rc, int cause)
{
    if (rc != PROVKIT_ERR_OUTCOME_UNKNOWN) {
        return provkit_outcome_no_verdict(o, rc, rc, 0, provkit_strerror(rc));
    }
    return provkit_outcome_no_verdict_after(o, rc, cause, 0, provkit_strerror(cause),
                                            " after the request went out");
}

/* Point x at ep and the answer at ws. */
static void aim(const provkit_endpoint_t *ep, provkit_client_request_t *x, provkit_workspace_t *ws)
{
    x->url = ep->url;
    x->url_len = ep->url != NULL ? strlen(ep->url) : 0;
    x->parsed = ep->parsed.host != NULL ? &ep->parsed : NULL;
    x->timeout_ms = ep->timeout_ms;
    provkit_http_response_init(&ws->resp, ws->body, sizeof ws->body);
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

/* Check and measure (the measured values in the workspace's room that
 * the answer's scanner takes next), then start the exchange on e; not
 * inlined, so the decoder runs later on a stack that no longer holds this
 * frame (README: Footprint). Returns PROVKIT_OK when the exchange is under
 * way; otherwise o says why nothing was sent. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
int provkit_provider_begin(const provkit_provider_desc_t *d, provkit_engine_t *e,
                           const provkit_endpoint_t *ep, const void *req, bool skip_validation,
                           provkit_workspace_t *ws, void *res, uint32_t now)
{
    provkit_outcome_t *o = (provkit_outcome_t *)res; /* every result starts with it */
    provkit_client_request_t x;
    if (req == NULL || res == NULL) {
        return PROVKIT_ERR_ARG;
    }
    memset(res, 0, d->result_size);
    provkit_outcome_clear(o);
    /* each value is checked and measured once, here; the body writer's
     * counting pass then reads the lengths, and its sending passes copy */
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
    if (e == NULL || ep == NULL || ws == NULL) {
        o->cause = PROVKIT_ERR_ARG;
        return no_answer(o, PROVKIT_ERR_ARG, PROVKIT_ERR_ARG);
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
    aim(ep, &x, ws);
    rc = provkit_engine_start(e, &x, &ws->resp, now);
    if (rc != PROVKIT_OK) {
        o->cause = rc;
        return no_answer(o, rc, rc);
    }
    return PROVKIT_OK;
}

int provkit_provider_end(const provkit_provider_desc_t *d, provkit_engine_t *e,
                         provkit_workspace_t *ws, void *res)
{
    provkit_outcome_t *o = (provkit_outcome_t *)res;
    if (e == NULL || ws == NULL || res == NULL) {
        return PROVKIT_ERR_ARG;
    }
    int rc = provkit_engine_status(e);
    if (rc == PROVKIT_INCOMPLETE) {
        return PROVKIT_ERR_ARG; /* the exchange is not over */
    }
    o->request_sent = e->request_sent;
    o->cause = e->cause;
    if (rc == PROVKIT_OK) {
        o->http_status = ws->resp.status;
        rc = d->decode(ws, res);
    } else {
        rc = no_answer(o, rc, e->cause);
    }
    provkit_workspace_wipe(ws); /* an answer may hold a password or token */
    return rc;
}

int provkit_provider_create(const provkit_provider_desc_t *d, provkit_client_t *c,
                            const provkit_endpoint_t *ep, const void *req, bool skip_validation,
                            provkit_workspace_t *ws, void *res)
{
    bool ready = c != NULL && c->transport != NULL; /* (provkit_client_init done) */
    int rc = provkit_provider_begin(d, ready ? &c->engine : NULL, ep, req, skip_validation, ws,
                                    res, ready ? c->now_ms() : 0u);
    if (rc == PROVKIT_OK) {
        provkit_client_run(c, &ws->resp);
#if PROVKIT_LOG_LEVEL > 0
        rc = provkit_provider_end(d, &c->engine, ws, res);
    }
    const provkit_outcome_t *o = (const provkit_outcome_t *)res;
    PROVKIT_LOG(c, PROVKIT_LOG_INFO, .name = "outcome", .status = o->status,
                .code = o->has_code ? o->code : 0, .category = (int)o->category);
    return rc;
#else
        /* a tail call: the decoder's stack does not hold this frame */
        return provkit_provider_end(d, &c->engine, ws, res);
    }
    return rc;
#endif
}
