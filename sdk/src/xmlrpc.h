/* SPDX-License-Identifier: Apache-2.0 */
/*
 * xmlrpc.h - internal to sdk/src: XML-RPC methodCall writer and methodResponse reader.
 *
 * The Plesk Partner API speaks XML-RPC: a request is a methodCall whose
 * params are structs of strings (and the odd int or boolean); an answer is
 * a methodResponse whose single param is a struct, or a <fault>.
 *
 * Writing goes through a provkit_writer_t, so the same calls count bytes
 * (Content-Length), fill a buffer, or stream through a small buffer. Values
 * are escaped by provkit_w_xml(): no field content can change the document's
 * structure, and invalid UTF-8 or a control character fails the writer with
 * PROVKIT_ERR_INVALID_FIELD. The output has the shape below (no white space
 * between elements; Python's xmlrpc.client.loads reads it):
 *
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <methodCall><methodName>NAME</methodName><params>
 *   <param><value><struct>
 *   <member><name>N</name><value><string>S</string></value></member>
 *   <member><name>N</name><value><int>42</int></value></member>
 *   <member><name>N</name><value><boolean>1</boolean></value></member>
 *   </struct></value></param>
 *   </params></methodCall>
 *
 * Reading works over the whole body in memory with the XML scanner; members
 * are matched by name against a caller table and decoded straight into the
 * caller's destinations. No allocation.
 */
#ifndef PROVKIT_XMLRPC_H
#define PROVKIT_XMLRPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "provkit/config.h"
#include "provkit/errors.h"
#include "provkit/writer.h"

struct provkit_xml; /* xml.h */


/* ---- methodResponse reader ------------------------------------------ */

/* Destination kinds. */
typedef enum provkit_xmlrpc_kind {
    PROVKIT_XMLRPC_STRING = 0, /* dest: char[cap], NUL-terminated */
    PROVKIT_XMLRPC_INT32 = 1,  /* dest: int32_t */
    PROVKIT_XMLRPC_INT64 = 2,  /* dest: int64_t */
    PROVKIT_XMLRPC_BOOL = 3    /* dest: bool */
} provkit_xmlrpc_kind_t;

/*
 * One wanted struct member. The caller fills name, kind, dest, cap; the
 * reader sets present and len. name and dest are borrowed for the call.
 *
 * How a value reaches a destination (servers differ; this is lenient where
 * the meaning is unambiguous and strict where it is not):
 *   STRING  <string> and untyped <value>text</value>: the decoded text,
 *           white space kept. <int>, <i4>, <i8>, <double>, <boolean>,
 *           <dateTime.iso8601>: their text as sent, surrounding white space
 *           removed (e.g. "100", "1.5"). <base64>, <struct>, <array>:
 *           PROVKIT_ERR_PROTOCOL.
 *   INT32/INT64  <int>/<i4> (32-bit by the spec: outside int32 is
 *           PROVKIT_ERR_RANGE even for INT64), <i8>, and <string>/untyped
 *           text holding an integer: optional sign, decimal digits,
 *           surrounding white space ignored. <double> only when integral
 *           ("100", "100.0"): a fraction is PROVKIT_ERR_RANGE; an exponent
 *           is not accepted. Bad syntax: PROVKIT_ERR_MALFORMED. A value
 *           that does not fit the destination: PROVKIT_ERR_RANGE.
 *           <boolean> and others: PROVKIT_ERR_PROTOCOL.
 *   BOOL    <boolean> 0/1; an integer type holding 0 or 1 (other values:
 *           PROVKIT_ERR_RANGE); text "0", "1", "true", "false". Bad
 *           syntax: PROVKIT_ERR_MALFORMED. Others: PROVKIT_ERR_PROTOCOL.
 *   <nil/> leaves any destination absent (present stays false).
 */
typedef struct provkit_xmlrpc_field {
    const char *name;           /* member name, NUL-terminated, exact match */
    uint8_t kind;               /* provkit_xmlrpc_kind_t */
    void *dest;                 /* see kinds above; must not be NULL */
    uint16_t cap;               /* STRING: bytes at dest, NUL included */
    uint16_t len;               /* out, STRING: text length without the NUL
                                 * (the length needed when it did not fit; a
                                 * document is at most 65,535 bytes) */
    bool present;               /* out: the member was in the answer */
} provkit_xmlrpc_field_t;


typedef struct provkit_xmlrpc_fault {
    int32_t code;    /* faultCode, 0 when absent */
    /* in: the caller's buffer for faultString and its size (NULL/0: the
     * text is not kept); out: faultString there, NUL-terminated, "" when
     * absent (so a decoder can read it straight into its message) */
    char *string;
    size_t cap;
    size_t string_len;
    bool truncated;  /* faultString was cut (at a UTF-8 character boundary) */
} provkit_xmlrpc_fault_t;

/*
 * Decode a methodResponse body[0..len) whose single param is a struct.
 * Members may come in any order; members not in fields are skipped whatever
 * their value (nested structs and arrays included, up to the scanner's depth
 * limit). A member named twice that is in fields is PROVKIT_ERR_PROTOCOL.
 * Every field's present/len is reset first.
 *
 * fault may be NULL. reason (may be NULL) receives a static English text
 * saying what was wrong ("" on success).
 *
 * Returns:
 *   PROVKIT_OK                    decoded; check present for each field.
 *   PROVKIT_ERR_FAULT             the answer is a <fault>; *fault is filled
 *                                 (faultCode as int/i4, faultString).
 *   PROVKIT_ERR_BUFFER_TOO_SMALL  a STRING did not fit: that field's len is
 *                                 the length needed (without the NUL) and
 *                                 the rest of the answer was still decoded.
 *   PROVKIT_ERR_MALFORMED         not well-formed XML (or <!DOCTYPE), or a
 *                                 number/boolean with bad syntax.
 *   PROVKIT_ERR_LIMIT             nesting past PROVKIT_XML_MAX_DEPTH.
 *   PROVKIT_ERR_PROTOCOL          well-formed but not a methodResponse with
 *                                 one struct param (or a value type that
 *                                 does not fit its destination).
 *   PROVKIT_ERR_RANGE             an integer does not fit.
 *   PROVKIT_ERR_ARG               body NULL with len > 0, fields NULL with
 *                                 nfields > 0, or a field with NULL name/dest.
 */
int provkit_xmlrpc_read_response(const char *body, size_t len, provkit_xmlrpc_field_t *fields,
                                 size_t nfields, provkit_xmlrpc_fault_t *fault,
                                 const char **reason);

/* The same with the scanner's state in *x (a create call keeps it in the
 * workspace, not on the stack); provkit_xmlrpc_read_response() is this
 * with a scanner of its own. */
int provkit_xmlrpc_read_with(struct provkit_xml *x, const char *body, size_t len,
                             provkit_xmlrpc_field_t *fields, size_t nfields,
                             provkit_xmlrpc_fault_t *fault, const char **reason);

#endif /* PROVKIT_XMLRPC_H */
