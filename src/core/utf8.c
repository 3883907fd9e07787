/*
 * utf8.c — strict UTF-8 validation and repair.
 *
 * Well-formed sequences are those of Unicode Table 3-7: no overlong forms, no surrogates
 * (U+D800–U+DFFF), nothing above U+10FFFF. Repair replaces each maximal invalid subpart
 * with U+FFFD, which is what CPython's "replace" error handler produces.
 */
#include "core.h"

/* Length of the well-formed sequence at s[0..n), or 0 if it is not well-formed. */
static size_t seq_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (n < 2 || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (i >= n || (s[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

/* Bytes of the maximal invalid subpart at s (at least 1): a lead byte plus the
 * continuation bytes that still fit a well-formed sequence, cut short. */
static size_t invalid_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t want = c >= 0xF5 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 1;
    size_t i = 1;
    while (i < want && i < n) {
        unsigned char lo = 0x80, hi = 0xBF;
        if (i == 1 && c == 0xE0)
            lo = 0xA0;
        else if (i == 1 && c == 0xED)
            hi = 0x9F;
        else if (i == 1 && c == 0xF0)
            lo = 0x90;
        else if (i == 1 && c == 0xF4)
            hi = 0x8F;
        if (s[i] < lo || s[i] > hi)
            break;
        i++;
    }
    return i;
}

size_t utf8_valid_prefix(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t len = seq_len(u + i, n - i);
        if (len == 0)
            return i;
        i += len;
    }
    return n;
}

void utf8_append_repaired(sbuf *out, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t ok = utf8_valid_prefix(s + i, n - i);
        sbuf_append(out, s + i, ok);
        i += ok;
        if (i >= n)
            break;
        sbuf_append(out, "\xEF\xBF\xBD", 3);
        i += invalid_len(u + i, n - i);
    }
}
