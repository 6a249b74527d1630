/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_xml.c - the XML scanner: every construct, every refusal, the limits,
 * text decoding, and the positional SMS Partner answer walked with the
 * helpers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "xml.h"

/* Scan to the end; returns EOF or the error. */
static int scan_all(const char *doc, size_t len, provkit_xml_t *x)
{
    size_t i;
    int ev = PROVKIT_ERR_ARG;

    provkit_xml_init(x, doc, len);
    for (i = 0; i <= len + 1; i++) {
        ev = provkit_xml_next(x);
        if (ev < 0 || ev == PROVKIT_XML_EOF) {
            break;
        }
    }
    return ev;
}

static int scan(const char *doc)
{
    provkit_xml_t x;

    return scan_all(doc, strlen(doc), &x);
}

/* Scan and check the reason text contains want. */
static void refused(const char *doc, int status, const char *want)
{
    provkit_xml_t x;
    int rc = scan_all(doc, strlen(doc), &x);

    if (rc != status || strstr(x.reason, want) == NULL) {
        fprintf(stderr, "doc %s: rc %d reason '%s' (want %d '%s')\n", doc, rc, x.reason, status,
                want);
    }
    assert_int_equal(rc, status);
    assert_non_null(strstr(x.reason, want));
}

static void test_events(void **state)
{
    static const char doc[] = "<?xml version=\"1.0\"?>\n<!-- c -->\n<a x='1' y=\"2\">hi<b/>"
                              "<c>t</c ></a>\n<?pi data?>\n";
    provkit_xml_t x;
    (void)state;

    provkit_xml_init(&x, doc, sizeof doc - 1);
    assert_string_equal(x.reason, "");
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_START);
    assert_true(provkit_xml_name_is(&x, "a"));
    assert_false(provkit_xml_name_is(&x, "ab"));
    assert_false(provkit_xml_name_is(&x, NULL));
    assert_int_equal(x.depth, 1);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_TEXT);
    assert_int_equal(x.text_len, 2);
    assert_memory_equal(x.text, "hi", 2);
    assert_false(x.text_blank);
    assert_false(provkit_xml_name_is(&x, "a"));
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_START);
    assert_true(provkit_xml_name_is(&x, "b"));
    assert_int_equal(x.depth, 2);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_END);
    assert_true(provkit_xml_name_is(&x, "b"));
    assert_int_equal(x.depth, 1);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_START);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_TEXT);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_END);
    assert_true(provkit_xml_name_is(&x, "c"));
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_END);
    assert_true(provkit_xml_name_is(&x, "a"));
    assert_int_equal(x.depth, 0);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_EOF);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_EOF);
    assert_int_equal(provkit_xml_next(NULL), PROVKIT_ERR_ARG);
}

static void test_accepts(void **state)
{
    static const char *const ok[] = {
        "<a/>",
        "  \r\n\t<a/> \n ",
        "\xEF\xBB\xBF<a/>",
        "\xEF\xBB\xBF<?xml version='1.0'?><a/>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><a/>",
        "<?xml version = '1.1' encoding = 'us-ascii' ?><a/>",
        "<?xml version='1.0' encoding='utf-8'?><a/>",
        "<?xml version='1.0' encoding='US-ASCII'?><a/>",
        "<?xml version=\"1.0\" standalone='no'?><a/>",
        "<?xml-stylesheet href='x'?><a/>",
        "<?pi?><a/><?pi?>",
        "<!----><a><!-- - x - --></a><!-- after -->",
        "<a><![CDATA[<&]]>]]&gt;]</a>",
        "<a><![CDATA[]]></a>",
        "<a b='&lt;&#60;&#x3c;\"' c=\"'\"/>",
        "<a>&lt;&gt;&amp;&apos;&quot;&#65;&#x41;</a>",
        "<a>&#x10FFFF;&#xFFFD;&#xE000;&#xD7FF;&#9;&#xA;&#xD;&#x20;</a>",
        "<_:a.b-c\xC2\xB7\xCC\x80 d:e='1'/>",
        "<\xC3\xA9t\xC3\xA9>caf\xC3\xA9 \xF0\x9F\x98\x80</\xC3\xA9t\xC3\xA9>",
        "<a>]]</a>",
        "<a>]</a>",
        "<a\n\tb = \"1\"\n/>",
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int rc = scan(ok[i]);

        if (rc != PROVKIT_XML_EOF) {
            fprintf(stderr, "refused: %s\n", ok[i]);
        }
        assert_int_equal(rc, PROVKIT_XML_EOF);
    }
}

static void test_refuses_structure(void **state)
{
    (void)state;
    refused("", PROVKIT_ERR_MALFORMED, "no root");
    refused("  <!-- c --> ", PROVKIT_ERR_MALFORMED, "no root");
    refused("<a>", PROVKIT_ERR_MALFORMED, "ends inside");
    refused("<a><b></a>", PROVKIT_ERR_MALFORMED, "does not match");
    refused("<a></A>", PROVKIT_ERR_MALFORMED, "does not match");
    refused("<a></ab>", PROVKIT_ERR_MALFORMED, "does not match");
    refused("<ab></a>", PROVKIT_ERR_MALFORMED, "does not match");
    refused("<a></a", PROVKIT_ERR_MALFORMED, "unterminated end tag");
    refused("<a></a x>", PROVKIT_ERR_MALFORMED, "unterminated end tag");
    refused("<a></ a>", PROVKIT_ERR_MALFORMED, "invalid end tag name");
    refused("<a/><b/>", PROVKIT_ERR_MALFORMED, "second root");
    refused("<a/>x", PROVKIT_ERR_MALFORMED, "outside the root");
    refused("x<a/>", PROVKIT_ERR_MALFORMED, "outside the root");
    refused("<a/>&#32;", PROVKIT_ERR_MALFORMED, "outside the root");
    refused("<a/><![CDATA[]]>", PROVKIT_ERR_MALFORMED, "outside the root");
    refused("</a>", PROVKIT_ERR_MALFORMED, "outside the root");
    refused("<a/></a>", PROVKIT_ERR_MALFORMED, "outside the root");
    refused("< a/>", PROVKIT_ERR_MALFORMED, "invalid element name");
    refused("<1a/>", PROVKIT_ERR_MALFORMED, "invalid element name");
    refused("<a><-b/></a>", PROVKIT_ERR_MALFORMED, "invalid element name");
    refused("<a$/>", PROVKIT_ERR_MALFORMED, "start tag");
    refused("<a / >", PROVKIT_ERR_MALFORMED, "start tag");
    refused("<a", PROVKIT_ERR_MALFORMED, "unterminated start tag");
    refused("<a ", PROVKIT_ERR_MALFORMED, "unterminated start tag");
    refused("<a>1 < 2</a>", PROVKIT_ERR_MALFORMED, "invalid element name");
    refused("<a><!ELEMENT a></a>", PROVKIT_ERR_MALFORMED, "markup declaration");
    refused("<!DOCTYPE a><a/>", PROVKIT_ERR_MALFORMED, "DOCTYPE");
    refused("<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>", PROVKIT_ERR_MALFORMED, "DOCTYPE");
    refused("<a><!DOCTYPE a></a>", PROVKIT_ERR_MALFORMED, "DOCTYPE");
    refused("<!ELEMENT a><a/>", PROVKIT_ERR_MALFORMED, "outside the root");
}

static void test_refuses_attributes(void **state)
{
    (void)state;
    refused("<a b></a>", PROVKIT_ERR_MALFORMED, "without '='");
    refused("<a b c='1'/>", PROVKIT_ERR_MALFORMED, "without '='");
    refused("<a b=></a>", PROVKIT_ERR_MALFORMED, "not quoted");
    refused("<a b=1/>", PROVKIT_ERR_MALFORMED, "not quoted");
    refused("<a b='1\"/>", PROVKIT_ERR_MALFORMED, "unterminated attribute");
    refused("<a b='1 < 2'/>", PROVKIT_ERR_MALFORMED, "'<' in an attribute");
    refused("<a b='&'/>", PROVKIT_ERR_MALFORMED, "entity reference");
    refused("<a b='&x;'/>", PROVKIT_ERR_MALFORMED, "undeclared entity");
    refused("<a b='&#123:'/>", PROVKIT_ERR_MALFORMED, "character reference");
    refused("<a b='\x01'/>", PROVKIT_ERR_MALFORMED, "invalid character");
    refused("<a b='1'c='2'/>", PROVKIT_ERR_MALFORMED, "start tag");
    refused("<a b='1' b='1'/>", PROVKIT_ERR_MALFORMED, "duplicate attribute");
    refused("<a p:b='1' p:b='2'/>", PROVKIT_ERR_MALFORMED, "duplicate attribute");
    refused("<a 1='2'/>", PROVKIT_ERR_MALFORMED, "start tag");
    assert_int_equal(scan("<a b='1' bb='1' b2='' B='x'/>"), PROVKIT_XML_EOF);
}

static void test_attribute_limit(void **state)
{
    char doc[512];
    size_t n = 0;
    int i;
    (void)state;

    n += (size_t)snprintf(doc + n, sizeof doc - n, "<a");
    for (i = 0; i < PROVKIT_XML_MAX_ATTRS; i++) {
        n += (size_t)snprintf(doc + n, sizeof doc - n, " a%d='%d'", i, i);
    }
    (void)snprintf(doc + n, sizeof doc - n, "/>");
    assert_int_equal(scan(doc), PROVKIT_XML_EOF);
    (void)snprintf(doc + n, sizeof doc - n, " z=''/>");
    refused(doc, PROVKIT_ERR_LIMIT, "too many attributes");
}

/* The scanner keeps 16-bit offsets: a document of 65,535 bytes is read,
 * one byte more is refused before anything is scanned. */
static void test_document_limit(void **state)
{
    static char doc[65536 + 1];
    provkit_xml_t x;
    (void)state;
    memcpy(doc, "<a>", 3);
    memset(doc + 3, 'x', 65535 - 3 - 4);
    memcpy(doc + 65535 - 4, "</a>", 4);
    provkit_xml_init(&x, doc, 65535);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_START);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_TEXT);
    assert_int_equal(x.text_len, 65535 - 7);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_END);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_EOF);
    memmove(doc + 65536 - 4, "</a>", 4);
    doc[65535 - 4] = 'x';
    provkit_xml_init(&x, doc, 65536);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_ERR_LIMIT);
    assert_string_equal(x.reason, "document larger than 65,535 bytes");
}

static void test_refuses_text(void **state)
{
    (void)state;
    refused("<a>]]></a>", PROVKIT_ERR_MALFORMED, "']]>' in text");
    refused("<a>x]]]>y</a>", PROVKIT_ERR_MALFORMED, "']]>' in text");
    refused("<a>&amp no</a>", PROVKIT_ERR_MALFORMED, "entity reference");
    refused("<a>& </a>", PROVKIT_ERR_MALFORMED, "entity reference");
    refused("<a>&</a>", PROVKIT_ERR_MALFORMED, "entity reference");
    refused("<a>&.x;</a>", PROVKIT_ERR_MALFORMED, "entity reference");
    refused("<a>&foo;</a>", PROVKIT_ERR_MALFORMED, "undeclared entity");
    refused("<a>&AMP;</a>", PROVKIT_ERR_MALFORMED, "undeclared entity");
    refused("<a>&#0;</a>", PROVKIT_ERR_MALFORMED, "non-XML character");
    refused("<a>&#x0;</a>", PROVKIT_ERR_MALFORMED, "non-XML character");
    refused("<a>&#5;</a>", PROVKIT_ERR_MALFORMED, "non-XML character");
    refused("<a>&#xD800;</a>", PROVKIT_ERR_MALFORMED, "non-XML character");
    refused("<a>&#xDFFF;</a>", PROVKIT_ERR_MALFORMED, "non-XML character");
    refused("<a>&#xFFFE;</a>", PROVKIT_ERR_MALFORMED, "non-XML character");
    refused("<a>&#xFFFF;</a>", PROVKIT_ERR_MALFORMED, "non-XML character");
    refused("<a>&#x110000;</a>", PROVKIT_ERR_MALFORMED, "non-XML character");
    refused("<a>&#99999999999999999999;</a>", PROVKIT_ERR_MALFORMED, "non-XML character");
    refused("<a>&#65</a>", PROVKIT_ERR_MALFORMED, "character reference");
    refused("<a>&#65", PROVKIT_ERR_MALFORMED, "character reference");
    refused("<a>&# 65;</a>", PROVKIT_ERR_MALFORMED, "character reference");
    refused("<a>&#;</a>", PROVKIT_ERR_MALFORMED, "character reference");
    refused("<a>&#x;</a>", PROVKIT_ERR_MALFORMED, "character reference");
    refused("<a>&#A;</a>", PROVKIT_ERR_MALFORMED, "character reference");
    refused("<a>&#X41;</a>", PROVKIT_ERR_MALFORMED, "character reference");
    refused("<a><!-- - x -></a><!-- after -->", PROVKIT_ERR_MALFORMED, "'--' inside");
    refused("<a>&#x4G;</a>", PROVKIT_ERR_MALFORMED, "character reference");
    refused("<a>&#\x10;</a>", PROVKIT_ERR_MALFORMED, "character reference");
    refused("<a>\x0C</a>", PROVKIT_ERR_MALFORMED, "invalid character");
    refused("<a>\x7F\x01</a>", PROVKIT_ERR_MALFORMED, "invalid character");
    refused("\x01<a/>", PROVKIT_ERR_MALFORMED, "outside the root");
    refused("<a><![CDATA[x</a>", PROVKIT_ERR_MALFORMED, "unterminated CDATA");
    refused("<a><![CDATA [x]]></a>", PROVKIT_ERR_MALFORMED, "markup declaration");
    refused("<a><![CDATA[\x02]]></a>", PROVKIT_ERR_MALFORMED, "invalid character");
}

static void test_refuses_utf8(void **state)
{
    (void)state;
    refused("<a>\xC3</a>", PROVKIT_ERR_MALFORMED, "invalid character");       /* truncated */
    refused("<a>\xC3\x28</a>", PROVKIT_ERR_MALFORMED, "invalid character");   /* bad cont */
    refused("<a>\xC0\xAF</a>", PROVKIT_ERR_MALFORMED, "invalid character");   /* overlong */
    refused("<a>\xE0\x80\xAF</a>", PROVKIT_ERR_MALFORMED, "invalid character");
    refused("<a>\xED\xA0\x80</a>", PROVKIT_ERR_MALFORMED, "invalid character"); /* surrogate */
    refused("<a>\xF4\x90\x80\x80</a>", PROVKIT_ERR_MALFORMED, "invalid character");
    refused("<a>\xF7\x80\x80\x80</a>", PROVKIT_ERR_MALFORMED, "invalid character");
    refused("<a>\xF8\x88\x80\x80\x80</a>", PROVKIT_ERR_MALFORMED, "invalid character");
    refused("<a>\x80</a>", PROVKIT_ERR_MALFORMED, "invalid character");
    refused("<a>\xEF\xBF\xBF</a>", PROVKIT_ERR_MALFORMED, "invalid character"); /* U+FFFF */
    refused("<a>\xEF\xBF\xBE</a>", PROVKIT_ERR_MALFORMED, "invalid character"); /* U+FFFE */
    refused("<a>\xF0\x9F\x98", PROVKIT_ERR_MALFORMED, "invalid character");
    assert_int_equal(scan("<a>\xF4\x8F\xBF\xBF\xEF\xBF\xBD\xE2\x82\xAC\xC2\x80</a>"),
                     PROVKIT_XML_EOF);
    /* A NUL byte inside the given length is not a Char. */
    {
        provkit_xml_t x;
        static const char doc[] = "<a>\0</a>";

        assert_int_equal(scan_all(doc, sizeof doc - 1, &x), PROVKIT_ERR_MALFORMED);
        assert_int_equal(x.error_offset, 3);
    }
}

static void test_refuses_misc(void **state)
{
    (void)state;
    refused("<a><!-- x -- y --></a>", PROVKIT_ERR_MALFORMED, "'--' inside");
    refused("<!-- x ---><a/>", PROVKIT_ERR_MALFORMED, "'--' inside");
    refused("<!-- x <a/>", PROVKIT_ERR_MALFORMED, "unterminated comment");
    refused("<!-- \x0C --><a/>", PROVKIT_ERR_MALFORMED, "invalid character");
    refused("<?" "?><a/>", PROVKIT_ERR_MALFORMED, "target");
    refused("<?pi+?><a/>", PROVKIT_ERR_MALFORMED, "target");
    refused("<a><?pi x</a>", PROVKIT_ERR_MALFORMED, "unterminated processing");
    refused("<?pi \xEF\xBF\xBF?><a/>", PROVKIT_ERR_MALFORMED, "invalid character");
    refused("<a><?xml version='1.0'?></a>", PROVKIT_ERR_MALFORMED, "not at the start");
    refused(" <?xml version='1.0'?><a/>", PROVKIT_ERR_MALFORMED, "not at the start");
    refused("<!-- --><?xml version='1.0'?><a/>", PROVKIT_ERR_MALFORMED, "not at the start");
    refused("<?XML version='1.0'?><a/>", PROVKIT_ERR_MALFORMED, "reserved");
    refused("<a/><?xMl x?>", PROVKIT_ERR_MALFORMED, "reserved");
    refused("<?xml?><a/>", PROVKIT_ERR_MALFORMED, "XML declaration");
    refused("<?xml ?><a/>", PROVKIT_ERR_MALFORMED, "XML declaration");
    refused("<?xml encoding='UTF-8'?><a/>", PROVKIT_ERR_MALFORMED, "XML declaration");
    refused("<?xml version='1.0' standalone='yes' encoding='UTF-8'?><a/>",
            PROVKIT_ERR_MALFORMED, "XML declaration");
    refused("<?xml version='1.0' version='1.0'?><a/>", PROVKIT_ERR_MALFORMED, "XML declaration");
    refused("<?xml version='1.0'encoding='UTF-8'?><a/>", PROVKIT_ERR_MALFORMED,
            "XML declaration");
    refused("<?xml version=\"1.0'?><a/>", PROVKIT_ERR_MALFORMED, "XML declaration");
    refused("<?xml version='1.0?'?><a/>", PROVKIT_ERR_MALFORMED, "XML declaration");
    refused("<?xml version='2.0'?><a/>", PROVKIT_ERR_MALFORMED, "XML declaration");
    refused("<?xml version='1.'?><a/>", PROVKIT_ERR_MALFORMED, "XML declaration");
    refused("<?xml version='1.x'?><a/>", PROVKIT_ERR_MALFORMED, "XML declaration");
    refused("<?xml version 1.0?><a/>", PROVKIT_ERR_MALFORMED, "XML declaration");
    refused("<?xml version=1.0?><a/>", PROVKIT_ERR_MALFORMED, "XML declaration");
    refused("<?xml version='1.0' encoding=' utf-8'?><a/>", PROVKIT_ERR_MALFORMED,
            "XML declaration");
    refused("<?xml version='1.0' encoding='a/b'?><a/>", PROVKIT_ERR_MALFORMED,
            "XML declaration");
    refused("<?xml version='1.0' encoding=''?><a/>", PROVKIT_ERR_MALFORMED, "XML declaration");
    /* only what the scanner decodes: UTF-8 and US-ASCII */
    refused("<?xml version='1.0' encoding='ISO-8859-1'?><a>caf\xC3\xA9</a>",
            PROVKIT_ERR_UNSUPPORTED, "encoding");
    refused("<?xml version = '1.1' encoding = 'iso-8859_1.x' ?><a/>", PROVKIT_ERR_UNSUPPORTED,
            "encoding");
    refused("<?xml version='1.0' encoding='UTF-16'?><a/>", PROVKIT_ERR_UNSUPPORTED, "encoding");
    refused("<?xml version='1.0' encoding='windows-1252'?><a/>", PROVKIT_ERR_UNSUPPORTED,
            "encoding");
    refused("<?xml version='1.0' encoding='UTF-88'?><a/>", PROVKIT_ERR_UNSUPPORTED, "encoding");
    refused("<?xml version='1.0' encoding='UTF8'?><a/>", PROVKIT_ERR_UNSUPPORTED, "encoding");
    refused("<?xml version='1.0' standalone='maybe'?><a/>", PROVKIT_ERR_MALFORMED,
            "XML declaration");
    refused("<?xml version='1.0' valid='no'?><a/>", PROVKIT_ERR_MALFORMED, "XML declaration");
    refused("<?xml version='1.0'", PROVKIT_ERR_MALFORMED, "XML declaration");
    refused("<?xml version='1.0", PROVKIT_ERR_MALFORMED, "XML declaration");
    refused("<?xml version", PROVKIT_ERR_MALFORMED, "XML declaration");
    refused("<?xml version=", PROVKIT_ERR_MALFORMED, "XML declaration");
    refused("<?xml version='1.0'><a/>", PROVKIT_ERR_MALFORMED, "XML declaration");
}

static void test_errors_are_sticky(void **state)
{
    static const char doc[] = "<a><b></a>";
    provkit_xml_t x;
    (void)state;

    provkit_xml_init(&x, doc, sizeof doc - 1);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_START);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_START);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_ERR_MALFORMED);
    assert_int_equal(x.error_offset, 8);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_ERR_MALFORMED);
    assert_int_equal(provkit_xml_next_child(&x), PROVKIT_ERR_MALFORMED);
    /* NULL document with length: treated as empty. */
    provkit_xml_init(&x, NULL, 5);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_ERR_MALFORMED);
    provkit_xml_init(NULL, doc, 1); /* no crash */
}

/* Depth exactly at the limit passes; one more is PROVKIT_ERR_LIMIT. */
static void test_depth(void **state)
{
    char doc[PROVKIT_XML_MAX_DEPTH * 8 + 16];
    size_t n = 0;
    size_t i;
    provkit_xml_t x;
    (void)state;

    for (i = 0; i < PROVKIT_XML_MAX_DEPTH; i++) {
        memcpy(doc + n, "<a>", 3);
        n += 3;
    }
    for (i = 0; i < PROVKIT_XML_MAX_DEPTH; i++) {
        memcpy(doc + n, "</a>", 4);
        n += 4;
    }
    assert_int_equal(scan_all(doc, n, &x), PROVKIT_XML_EOF);

    n = 0;
    for (i = 0; i < PROVKIT_XML_MAX_DEPTH + 1; i++) {
        memcpy(doc + n, "<a>", 3);
        n += 3;
    }
    for (i = 0; i < PROVKIT_XML_MAX_DEPTH + 1; i++) {
        memcpy(doc + n, "</a>", 4);
        n += 4;
    }
    assert_int_equal(scan_all(doc, n, &x), PROVKIT_ERR_LIMIT);
    assert_string_equal(x.reason, "elements nested too deep");
    assert_int_equal(x.depth, PROVKIT_XML_MAX_DEPTH);

    /* Empty-element tags at the deepest level count too. */
    n = 0;
    for (i = 0; i < PROVKIT_XML_MAX_DEPTH - 1; i++) {
        memcpy(doc + n, "<a>", 3);
        n += 3;
    }
    memcpy(doc + n, "<b/>", 4);
    n += 4;
    for (i = 0; i < PROVKIT_XML_MAX_DEPTH - 1; i++) {
        memcpy(doc + n, "</a>", 4);
        n += 4;
    }
    assert_int_equal(scan_all(doc, n, &x), PROVKIT_XML_EOF);
}

static void decode_is(const char *raw, unsigned flags, const char *want)
{
    char out[64];
    size_t n = 99;

    assert_int_equal(provkit_xml_decode(raw, strlen(raw), flags, out, sizeof out, &n),
                     PROVKIT_OK);
    assert_int_equal(n, strlen(want));
    assert_string_equal(out, want);
}

static void test_decode(void **state)
{
    char out[8];
    size_t n = 0;
    (void)state;

    decode_is("", 0, "");
    decode_is("plain", 0, "plain");
    decode_is("&lt;&gt;&amp;&apos;&quot;", 0, "<>&'\"");
    decode_is("&#65;&#x42;&#x43;&#x20AC;&#128512;", 0, "ABC\xE2\x82\xAC\xF0\x9F\x98\x80");
    decode_is("&#xe9;&#233;", 0, "\xC3\xA9\xC3\xA9");
    decode_is("a\r\nb\rc\n", 0, "a\nb\nc\n");
    decode_is("a&#13;&#10;b", 0, "a\r\nb");
    decode_is("x<![CDATA[<&amp;>]]>y", 0, "x<&amp;>y");
    decode_is("<![CDATA[a\r\nb]]>", 0, "a\nb");
    decode_is("<![CDATA[]]>", 0, "");
    decode_is("  a b \n", PROVKIT_XML_TRIM, "a b");
    decode_is(" \t\r\n ", PROVKIT_XML_TRIM, "");
    decode_is(" <![CDATA[ Cl\xC3\xA9 ]]> ", PROVKIT_XML_TRIM, " Cl\xC3\xA9 ");
    decode_is(" <![CDATA[ Cl\xC3\xA9 ]]> ", 0, "  Cl\xC3\xA9  ");
    decode_is(" &#32;x&#32; ", PROVKIT_XML_TRIM, " x ");
    decode_is("a <![CDATA[b]]> c", PROVKIT_XML_TRIM, "a b c");

    /* Exactly big enough (length + NUL), and one short. */
    assert_int_equal(provkit_xml_decode("a&amp;bcdef", 11, 0, out, 8, &n), PROVKIT_OK);
    assert_string_equal(out, "a&bcdef");
    assert_int_equal(n, 7);
    assert_int_equal(provkit_xml_decode("a&amp;bcdefg", 12, 0, out, 8, &n),
                     PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 8);
    assert_string_equal(out, "a&bcdef");
    /* Multi-byte output at the edge. */
    assert_int_equal(provkit_xml_decode("abcd&#x20AC;", 12, 0, out, 8, &n), PROVKIT_OK);
    assert_int_equal(n, 7);
    assert_int_equal(provkit_xml_decode("abcde&#x20AC;", 13, 0, out, 8, &n),
                     PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 8);
    /* Trailing white space that is trimmed does not need room. */
    assert_int_equal(provkit_xml_decode("abcdefg     ", 12, PROVKIT_XML_TRIM, out, 8, &n),
                     PROVKIT_OK);
    assert_string_equal(out, "abcdefg");
    /* Counting mode. */
    assert_int_equal(provkit_xml_decode("&#x20AC;", 8, 0, NULL, 0, &n),
                     PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 3);
    assert_int_equal(provkit_xml_decode("", 0, 0, NULL, 0, NULL), PROVKIT_ERR_BUFFER_TOO_SMALL);
    /* Zero capacity with a buffer. */
    assert_int_equal(provkit_xml_decode("a", 1, 0, out, 0, &n), PROVKIT_ERR_BUFFER_TOO_SMALL);

    /* Refusals (spans the scanner never hands out). */
    assert_int_equal(provkit_xml_decode("a<b", 3, 0, out, sizeof out, &n),
                     PROVKIT_ERR_MALFORMED);
    assert_int_equal(provkit_xml_decode("<![CDATA[x", 10, 0, out, sizeof out, &n),
                     PROVKIT_ERR_MALFORMED);
    assert_int_equal(provkit_xml_decode("&nbsp;", 6, 0, out, sizeof out, &n),
                     PROVKIT_ERR_MALFORMED);
    assert_int_equal(provkit_xml_decode("&#0;", 4, 0, out, sizeof out, &n),
                     PROVKIT_ERR_MALFORMED);
    assert_int_equal(provkit_xml_decode(NULL, 1, 0, out, sizeof out, &n), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_xml_decode("a", 1, 0, NULL, 4, &n), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_xml_decode(NULL, 0, 0, out, sizeof out, &n), PROVKIT_OK);
    assert_int_equal(n, 0);
}

static void test_text_split(void **state)
{
    static const char doc[] =
        "<a>x&amp;<![CDATA[<y>]]>z<!-- c -->w<?p?>v</a>";
    provkit_xml_t x;
    char out[16];
    size_t n = 0;
    (void)state;

    /* Raw events: CDATA and references stay in one run; comments split. */
    provkit_xml_init(&x, doc, sizeof doc - 1);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_START);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_TEXT);
    assert_int_equal(x.text_len, strlen("x&amp;<![CDATA[<y>]]>z"));
    assert_int_equal(provkit_xml_decode(x.text, x.text_len, 0, out, sizeof out, &n), PROVKIT_OK);
    assert_string_equal(out, "x&<y>z");
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_TEXT);
    assert_memory_equal(x.text, "w", 1);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_TEXT);
    assert_memory_equal(x.text, "v", 1);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_END);

    /* provkit_xml_text joins them. */
    provkit_xml_init(&x, doc, sizeof doc - 1);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_START);
    assert_int_equal(provkit_xml_text(&x, 0, out, sizeof out, &n), PROVKIT_OK);
    assert_string_equal(out, "x&<y>zwv");
    assert_int_equal(n, 8);
    assert_int_equal(x.event, PROVKIT_XML_END);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_EOF);

    /* Exactly big enough and one short; the scanner still ends on END. */
    provkit_xml_init(&x, doc, sizeof doc - 1);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_START);
    assert_int_equal(provkit_xml_text(&x, 0, out, 9, &n), PROVKIT_OK);
    provkit_xml_init(&x, doc, sizeof doc - 1);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_START);
    assert_int_equal(provkit_xml_text(&x, 0, out, 8, &n), PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 8);
    assert_int_equal(x.event, PROVKIT_XML_END);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_EOF);
}

static void test_helpers(void **state)
{
    static const char doc[] = "<r>\n <a><x><y/>t</x></a>\n <b>text</b> <c> <d/></c>"
                              " <e>mixed<f/></e> stray <g/></r>";
    provkit_xml_t x;
    char out[16];
    size_t n = 0;
    (void)state;

    provkit_xml_init(&x, doc, sizeof doc - 1);
    assert_int_equal(provkit_xml_text(&x, 0, out, sizeof out, &n), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_xml_skip(&x), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_xml_next_child(&x), PROVKIT_XML_START); /* r */
    assert_int_equal(provkit_xml_next_child(&x), PROVKIT_XML_START); /* a */
    assert_true(provkit_xml_name_is(&x, "a"));
    assert_int_equal(provkit_xml_skip(&x), PROVKIT_OK);
    assert_true(provkit_xml_name_is(&x, "a"));
    assert_int_equal(x.event, PROVKIT_XML_END);
    assert_int_equal(provkit_xml_next_child(&x), PROVKIT_XML_START); /* b */
    assert_int_equal(provkit_xml_text(&x, 0, NULL, 0, &n), PROVKIT_ERR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 4);
    assert_int_equal(provkit_xml_next_child(&x), PROVKIT_XML_START); /* c */
    assert_int_equal(provkit_xml_text(&x, 0, out, sizeof out, &n), PROVKIT_XML_START);
    assert_true(provkit_xml_name_is(&x, "d"));
    assert_int_equal(provkit_xml_next_child(&x), PROVKIT_XML_END); /* d */
    assert_int_equal(provkit_xml_next_child(&x), PROVKIT_XML_END); /* c */
    assert_int_equal(provkit_xml_next_child(&x), PROVKIT_XML_START); /* e */
    assert_int_equal(provkit_xml_text(&x, 0, out, sizeof out, &n), PROVKIT_ERR_PROTOCOL);
    assert_true(provkit_xml_name_is(&x, "f"));
    assert_int_equal(provkit_xml_next_child(&x), PROVKIT_XML_END); /* f */
    assert_int_equal(provkit_xml_next_child(&x), PROVKIT_XML_END); /* e */
    assert_int_equal(provkit_xml_next_child(&x), PROVKIT_ERR_PROTOCOL); /* stray */
    assert_int_equal(provkit_xml_next_child(&x), PROVKIT_XML_START);    /* g */
    assert_int_equal(provkit_xml_text(&x, 0, out, 4, NULL), PROVKIT_OK);
    assert_string_equal(out, "");
    assert_int_equal(provkit_xml_next_child(&x), PROVKIT_XML_END); /* r */
    assert_int_equal(provkit_xml_next_child(&x), PROVKIT_XML_EOF);
    assert_int_equal(provkit_xml_next_child(NULL), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_xml_text(NULL, 0, out, 1, NULL), PROVKIT_ERR_ARG);
    assert_int_equal(provkit_xml_skip(NULL), PROVKIT_ERR_ARG);

    /* Errors surface through the helpers. */
    provkit_xml_init(&x, "<r><a>x", 7);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_START);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_START);
    assert_int_equal(provkit_xml_text(&x, 0, out, sizeof out, &n), PROVKIT_ERR_MALFORMED);
    provkit_xml_init(&x, "<r><a><b>", 9);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_START);
    assert_int_equal(provkit_xml_skip(&x), PROVKIT_ERR_MALFORMED);
    provkit_xml_init(&x, "<r>", 3);
    assert_int_equal(provkit_xml_next(&x), PROVKIT_XML_START);
    assert_int_equal(provkit_xml_text(&x, 0, NULL, 1, &n), PROVKIT_ERR_ARG);
}

/*
 * SMS Partner's positional XML answer (seed 002), read with the helpers:
 * <result> holds <entry> elements in the order of the JSON fields; one entry
 * may itself be a list of entries. Each entry's text is read trimmed, so the
 * white space around CDATA does not reach the caller.
 */
typedef struct sms_answer {
    char items[8][64];
    size_t count;
    size_t nested_first; /* index of the first item from a nested list */
    size_t nested_count;
} sms_answer_t;

static int sms_walk(const char *body, sms_answer_t *a)
{
    provkit_xml_t x;
    size_t guard;
    int rc;

    memset(a, 0, sizeof *a);
    provkit_xml_init(&x, body, strlen(body));
    rc = provkit_xml_next_child(&x);
    if (rc != PROVKIT_XML_START || !provkit_xml_name_is(&x, "result")) {
        return PROVKIT_ERR_PROTOCOL;
    }
    for (guard = 0; guard < 8; guard++) {
        rc = provkit_xml_next_child(&x);
        if (rc == PROVKIT_XML_END) {
            return PROVKIT_OK;
        }
        if (rc != PROVKIT_XML_START || !provkit_xml_name_is(&x, "entry") || a->count == 8) {
            return PROVKIT_ERR_PROTOCOL;
        }
        rc = provkit_xml_text(&x, PROVKIT_XML_TRIM, a->items[a->count], 64, NULL);
        if (rc == PROVKIT_XML_START) {
            /* A nested list: the scanner stands on its first child. */
            a->nested_first = a->count;
            do {
                if (!provkit_xml_name_is(&x, "entry") || a->count == 8) {
                    return PROVKIT_ERR_PROTOCOL;
                }
                rc = provkit_xml_text(&x, PROVKIT_XML_TRIM, a->items[a->count], 64, NULL);
                if (rc != PROVKIT_OK) {
                    return rc;
                }
                a->count++;
                a->nested_count++;
                rc = provkit_xml_next_child(&x);
            } while (rc == PROVKIT_XML_START);
            if (rc != PROVKIT_XML_END) {
                return rc;
            }
            continue;
        }
        if (rc != PROVKIT_OK) {
            return rc;
        }
        a->count++;
    }
    return PROVKIT_ERR_LIMIT;
}

static void test_sms_partner_positional(void **state)
{
    static const char ok[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<result>\n"
        "  <entry>true</entry>\n"
        "  <entry>200</entry>\n"
        "  <entry>\n"
        "    <entry><![CDATA[aaaa@bbb.ccc]]></entry>\n"
        "    <entry><![CDATA[token]]></entry>\n"
        "  </entry>\n"
        "  <entry><![CDATA[aaaa@bbb.ccc]]></entry>\n"
        "  <entry><![CDATA[emailparent@ddd.eee]]></entry>\n"
        "</result>\n";
    static const char err[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<result>\n"
        "  <entry>false</entry>\n"
        "  <entry>10</entry>\n"
        "  <entry> <![CDATA[Cl\xC3\xA9 API incorrecte]]> </entry>\n"
        "</result>\n";
    sms_answer_t a;
    (void)state;

    assert_int_equal(sms_walk(ok, &a), PROVKIT_OK);
    assert_int_equal(a.count, 6);
    assert_string_equal(a.items[0], "true");
    assert_string_equal(a.items[1], "200");
    assert_int_equal(a.nested_first, 2);
    assert_int_equal(a.nested_count, 2);
    assert_string_equal(a.items[2], "aaaa@bbb.ccc");
    assert_string_equal(a.items[3], "token");
    assert_string_equal(a.items[4], "aaaa@bbb.ccc");
    assert_string_equal(a.items[5], "emailparent@ddd.eee");

    assert_int_equal(sms_walk(err, &a), PROVKIT_OK);
    assert_int_equal(a.count, 3);
    assert_string_equal(a.items[0], "false");
    assert_string_equal(a.items[1], "10");
    assert_string_equal(a.items[2], "Cl\xC3\xA9 API incorrecte");
    assert_int_equal(a.nested_count, 0);

    assert_int_equal(sms_walk("<result><entry>x<entry/></entry></result>", &a),
                     PROVKIT_ERR_PROTOCOL);
    assert_int_equal(sms_walk("<other/>", &a), PROVKIT_ERR_PROTOCOL);
}

/* The seed documents themselves scan (the XML-RPC examples with their <em>
 * page markup are still well-formed XML). */
static void test_seed_examples_scan(void **state)
{
    static const char resp[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodResponse><params><param><value>"
        "<struct><member><name>login</name><value><em>JDOE</em></value></member></struct>"
        "</value></param></params></methodResponse>";
    (void)state;
    assert_int_equal(scan(resp), PROVKIT_XML_EOF);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_accepts),
        cmocka_unit_test(test_refuses_structure),
        cmocka_unit_test(test_refuses_attributes),
        cmocka_unit_test(test_attribute_limit),
        cmocka_unit_test(test_document_limit),
        cmocka_unit_test(test_refuses_text),
        cmocka_unit_test(test_refuses_utf8),
        cmocka_unit_test(test_refuses_misc),
        cmocka_unit_test(test_errors_are_sticky),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_text_split),
        cmocka_unit_test(test_helpers),
        cmocka_unit_test(test_sms_partner_positional),
        cmocka_unit_test(test_seed_examples_scan),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
