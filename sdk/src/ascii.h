/*
 * ascii.h - the character classes and bit helpers the codecs share.
 * Internal to sdk/src: static inline, so each file keeps what it uses and
 * nothing is exported. Every predicate takes int so that char and uint8_t
 * callers both pass without a conversion; bytes >= 0x80 are never in a class.
 */
#ifndef PROVKIT_ASCII_H
#define PROVKIT_ASCII_H

#include <stdbool.h>
#include <stdint.h>

static inline bool is_digit(int c) { return c >= '0' && c <= '9'; }
static inline bool is_upper(int c) { return c >= 'A' && c <= 'Z'; }
static inline bool is_alpha(int c) { return is_upper(c) || (c >= 'a' && c <= 'z'); }
static inline bool is_alnum(int c) { return is_alpha(c) || is_digit(c); }

/* Value of a hex digit, -1 for any other byte. */
static inline int hex_value(int c)
{
    if (is_digit(c)) {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

static inline bool is_hex(int c) { return hex_value(c) >= 0; }

/* Bit i of a packed bit array (the JSON nesting stacks). */
static inline bool bit_get(const uint8_t *bits, unsigned i)
{
    return (((unsigned)bits[i / 8u] >> (i % 8u)) & 1u) != 0u;
}

static inline void bit_put(uint8_t *bits, unsigned i, bool v)
{
    uint8_t mask = (uint8_t)(1u << (i % 8u));
    bits[i / 8u] = v ? (uint8_t)(bits[i / 8u] | mask) : (uint8_t)(bits[i / 8u] & (uint8_t)~mask);
}

#endif /* PROVKIT_ASCII_H */
