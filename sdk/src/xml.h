/* SPDX-License-Identifier: Apache-2.0 */
/*
 * xml.h - internal to sdk/src: a tiny pull scanner for XML 1.0 documents held in memory.
 *
 * Provider answers (XML-RPC, SMS Partner's <result><entry> list) are small
 * and arrive whole, so the scanner works over one complete document in a
 * caller buffer and never copies it: events hand out spans of that buffer.
 * State is one caller-owned struct (the open-tag stack is bounded by
 * PROVKIT_XML_MAX_DEPTH); there is no allocation and no recursion, and every
 * step is bounded by the document length.
 *
 * What it checks: well-formedness of XML 1.0 over UTF-8 (the Char and Name
 * productions, tags balanced and matching, one root element, attributes
 * quoted and unique per element, references valid, "]]>" not in text,
 * comments without "--", processing instructions with a legal target, the
 * XML declaration only at the very start and with valid syntax). The bytes
 * are read as UTF-8, and invalid UTF-8 is refused; a declaration naming any
 * other encoding than UTF-8 or US-ASCII (any case) is refused with
 * PROVKIT_ERR_UNSUPPORTED, because the scanner decodes only those. <!DOCTYPE
 * is refused always: no DTD, no entity expansion, ever.
 *
 * What it reports: element starts and ends, and runs of text. Attributes,
 * comments, processing instructions and the declaration are checked and
 * skipped. An empty-element tag <a/> gives a START and then an END.
 *
 * Typical use:
 *
 *     provkit_xml_t x;
 *     provkit_xml_init(&x, body, body_len);
 *     for (;;) {
 *         int ev = provkit_xml_next(&x);
 *         if (ev < 0) { report(ev, x.reason); break; }
 *         if (ev == PROVKIT_XML_EOF) break;
 *         ...
 *     }
 *
 * Readers of fixed shapes use the helpers: provkit_xml_next_child() walks
 * child elements ignoring whitespace, provkit_xml_text() reads a text-only
 * element into a buffer, provkit_xml_skip() steps over a whole subtree.
 */
#ifndef PROVKIT_XML_H
#define PROVKIT_XML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "provkit/config.h"
#include "provkit/errors.h"



/* Events returned by provkit_xml_next(); errors are negative statuses. */
typedef enum provkit_xml_event {
    PROVKIT_XML_START = 2, /* start tag: name, name_len; depth counts it */
    PROVKIT_XML_END = 3,   /* end tag (or the end of <a/>): name, name_len */
    PROVKIT_XML_TEXT = 4,  /* character data: text, text_len, text_blank */
    PROVKIT_XML_EOF = 5    /* end of a well-formed document */
} provkit_xml_event_t;

/* provkit_xml_decode() / provkit_xml_text() flag: drop XML white space
 * (space, TAB, CR, LF) written literally before the first and after the last
 * significant character. White space inside CDATA or written as a character
 * reference is data and is kept. This is how positional answers such as
 * "<entry> <![CDATA[text]]> </entry>" are read. */
#define PROVKIT_XML_TRIM 1u

/*
 * Scanner state. The caller owns it (stack or static); it points into the
 * document, which must stay unchanged and alive while the scanner is used.
 * Fields above "private" are read-only outputs, valid after the event that
 * sets them and until the next call. 488 bytes on x86-64 with the
 * default limits (2 * (PROVKIT_XML_MAX_DEPTH + PROVKIT_XML_MAX_ATTRS)
 * 32-bit offsets plus a dozen words).
 */
typedef struct provkit_xml {
    /* The last event (or the sticky error, negative). */
    int event;
    /* START, END: the element name, a span of the document (not NUL-terminated). */
    const char *name;
    size_t name_len;
    /* TEXT: the raw span (references and CDATA markup not yet decoded: see
     * provkit_xml_decode()). A run of text ends at a tag, a comment or a
     * processing instruction, so an element's text may come as several TEXT
     * events; CDATA sections and references stay inside one run. */
    const char *text;
    size_t text_len;
    /* TEXT: true when the run is only literal white space (no CDATA, no
     * reference). */
    bool text_blank;
    /* Open elements after this event (a START counts its own element). */
    size_t depth;
    /* Static English text saying why the document was refused; "" while
     * there is no error. Never NULL after provkit_xml_init(). */
    const char *reason;
    /* Byte offset in the document where the error was found. */
    size_t error_offset;

    /* private */
    const char *doc;
    size_t len;
    size_t pos;
    int state;
    bool pending_end;
    /* 16-bit offsets: a document is at most 65,535 bytes (PROVKIT_ERR_LIMIT
     * past; an answer is at most PROVKIT_RESPONSE_MAX), which halves the
     * scanner (4 bytes per open element and per attribute) */
    uint16_t stack_off[PROVKIT_XML_MAX_DEPTH];
    uint16_t stack_len[PROVKIT_XML_MAX_DEPTH];
    uint16_t attr_off[PROVKIT_XML_MAX_ATTRS];
    uint16_t attr_len[PROVKIT_XML_MAX_ATTRS];
} provkit_xml_t;

/*
 * Start scanning doc[0..len). doc may be NULL only when len is 0 (which is
 * then refused by the first provkit_xml_next() as "no root element"). The
 * document is borrowed, never written, and must outlive the scanner's use.
 * A UTF-8 byte order mark at the start is skipped.
 */
void provkit_xml_init(provkit_xml_t *x, const char *doc, size_t len);

/*
 * Advance to the next event. Returns a provkit_xml_event_t (> 0), or:
 *   PROVKIT_ERR_MALFORMED  the document is not well-formed (x->reason says
 *                          why, x->error_offset where), or holds <!DOCTYPE;
 *   PROVKIT_ERR_LIMIT      nesting deeper than PROVKIT_XML_MAX_DEPTH, or
 *                          more than PROVKIT_XML_MAX_ATTRS attributes on one
 *                          element;
 *   PROVKIT_ERR_ARG        x is NULL.
 * Errors are sticky: later calls return the same error. After EOF, later
 * calls return EOF again. Text is checked before it is reported, so a TEXT
 * event always decodes without error.
 */
int provkit_xml_next(provkit_xml_t *x);

/*
 * True when the current START/END event's name is exactly the NUL-terminated
 * string s (byte comparison; XML names are case-sensitive).
 */
bool provkit_xml_name_is(const provkit_xml_t *x, const char *s);

/*
 * Step to the next child element of the element currently open, skipping
 * white-space text. Returns PROVKIT_XML_START (the child's start tag),
 * PROVKIT_XML_END (the open element ended), PROVKIT_XML_EOF (only at top
 * level), PROVKIT_ERR_PROTOCOL when non-blank text stands where an element
 * was expected (not sticky: the scanner has passed that text), or a scanner
 * error.
 */
int provkit_xml_next_child(provkit_xml_t *x);

/*
 * Read the content of the element whose START is the current event, as
 * decoded text, into out[0..cap) (NUL-terminated). Text across comments and
 * processing instructions is joined. flags: 0 or PROVKIT_XML_TRIM.
 *
 * Returns:
 *   PROVKIT_OK       the element held only text; *out_len (may be NULL) is
 *                    its length without the NUL; the scanner stands on the
 *                    element's END.
 *   PROVKIT_XML_START  the element holds a child element after white space
 *                    only: the scanner stands on that child's START (so a
 *                    caller can walk nested lists); out holds "" (cap > 0).
 *   PROVKIT_ERR_PROTOCOL  non-blank text and a child element are mixed;
 *                    the scanner stands on the child's START; out holds "".
 *   PROVKIT_ERR_BUFFER_TOO_SMALL  text-only, but cap < length + 1;
 *                    *out_len is the length needed without the NUL; the
 *                    scanner stands on the element's END; out holds a
 *                    NUL-terminated prefix if cap > 0.
 *   PROVKIT_ERR_ARG  x is NULL, the current event is not START, or out is
 *                    NULL with cap > 0. out == NULL with cap == 0 counts
 *                    (returns BUFFER_TOO_SMALL with *out_len set).
 *   any scanner error (sticky); out holds "".
 */
int provkit_xml_text(provkit_xml_t *x, unsigned flags, char *out, size_t cap,
                     size_t *out_len);

/*
 * Skip the whole element whose START is the current event, children
 * included; afterwards the scanner stands on its END. Returns PROVKIT_OK,
 * PROVKIT_ERR_ARG (not on a START) or a scanner error.
 */
int provkit_xml_skip(provkit_xml_t *x);

/*
 * Decode a raw text span (as given by a TEXT event: character data with
 * the five predefined entities, decimal and hex character references and
 * CDATA sections) into out[0..cap), NUL-terminated. Line ends are
 * normalised as XML requires (CR LF and lone CR become LF; a CR written as
 * &#13; stays CR). flags: 0 or PROVKIT_XML_TRIM. raw is borrowed, only read.
 *
 * Returns PROVKIT_OK with *out_len (may be NULL) = decoded length without
 * the NUL; PROVKIT_ERR_BUFFER_TOO_SMALL when cap < length + 1 (*out_len is
 * the length needed, out holds a NUL-terminated prefix if cap > 0; with
 * out == NULL and cap == 0 this is how to ask for the size);
 * PROVKIT_ERR_MALFORMED for a bad reference, an undeclared entity, an
 * unterminated CDATA section or a '<' outside CDATA (spans from the scanner
 * never have these); PROVKIT_ERR_ARG for NULL raw with n > 0 or NULL out
 * with cap > 0. The decoded text never holds NUL.
 */
int provkit_xml_decode(const char *raw, size_t n, unsigned flags, char *out,
                       size_t cap, size_t *out_len);


#endif /* PROVKIT_XML_H */
