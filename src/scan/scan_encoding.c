/*
 * scan_encoding.c — which encoding a Python source file is in, found exactly as CPython's
 * tokenizer finds it, and its decoding to UTF-8 text.
 *
 * Detection (scan__enc_detect, scan_detect_encoding):
 *   - EF BB BF at offset 0 is the UTF-8 BOM → "utf-8-sig"; the cookie search starts after it.
 *   - FF FE / FE FF at offset 0 are UTF-16/32 byte order marks: no Python source encoding
 *     starts so (the caller reports invalid_encoding); no cookie is searched.
 *   - A PEP 263 cookie is searched on line 1, and on line 2 only when line 1 is blank or
 *     a comment (only ' ', '\t', '\f' before '#' or the line end). The cookie is CPython's
 *     get_coding_spec: the line starts with optional blanks and '#', then the first
 *     "coding" followed by ':' or '=', optional ' '/'\t', and a non-empty run of
 *     [A-Za-z0-9_.-]. Lines end at \n, \r\n or \r only.
 *   - The name is normalised as get_normal_name does (first 12 characters, lower-cased,
 *     '_' → '-'): "utf-8" or "utf-8-…" → "utf-8"; "latin-1", "iso-8859-1", "iso-latin-1"
 *     and their "-…" forms → "iso-8859-1"; any other name is kept as written, lower-cased.
 *
 * Decoding: UTF-8 is validated strictly by core (utf8_valid_prefix: no overlong forms, no
 * surrogates, nothing above U+10FFFF) and each maximal invalid subpart becomes one U+FFFD
 * (utf8_append_repaired), as CPython's "replace" error handler does; ISO-8859-1 maps bytes to code
 * points; every other codec goes through glibc iconv, one U+FFFD per byte iconv rejects. Python's
 * aliases of UTF-8 (utf8, u8, utf, cp65001, …) use the strict decoder. UTF-16/32 and UCS-2/4
 * cookies are refused: a cookie is read as ASCII, so its codec must be ASCII-compatible.
 *
 * Invariant: nothing here allocates except through the sbuf it is given; every returned
 * encoding name is static or copied into caller-owned storage.
 */
#include "scan_int.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD in UTF-8 */

/* ---- detection ------------------------------------------------------------------- */

/* Length of the line starting at start (terminator excluded); *next = next line's start. */
static size_t line_span(const unsigned char *buf, size_t len, size_t start, size_t *next)
{
    size_t i = start;
    while (i < len && buf[i] != '\n' && buf[i] != '\r')
        i++;
    size_t end = i;
    if (i < len)
        i += (buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n') ? 2 : 1;
    *next = i;
    return end - start;
}

static bool is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\f';
}

static bool is_name_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

static unsigned char ascii_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* True when the line is blank or holds only a comment. */
static bool blank_or_comment(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n && is_blank(s[i]))
        i++;
    return i == n || s[i] == '#';
}

/* CPython's get_coding_spec on one line: finds the cookie's name. */
static bool find_cookie(const unsigned char *s, size_t n, size_t *at, size_t *name_len)
{
    size_t i = 0;
    while (i < n && is_blank(s[i]))
        i++;
    if (i == n || s[i] != '#')
        return false;
    for (; i + 6 < n; i++) {
        if (memcmp(s + i, "coding", 6) != 0 || (s[i + 6] != ':' && s[i + 6] != '='))
            continue;
        size_t t = i + 7;
        while (t < n && (s[t] == ' ' || s[t] == '\t'))
            t++;
        size_t b = t;
        while (t < n && is_name_char(s[t]))
            t++;
        if (t > b) {
            *at = b;
            *name_len = t - b;
            return true;
        }
    }
    return false;
}

/* CPython's get_normal_name, with other names lower-cased. */
static void normal_name(const unsigned char *s, size_t n, scan_enc_info *info)
{
    char b[13];
    size_t i;
    for (i = 0; i < 12 && i < n; i++)
        b[i] = s[i] == '_' ? '-' : (char)ascii_lower(s[i]);
    b[i] = '\0';
    const char *fixed = NULL;
    if (strcmp(b, "utf-8") == 0 || strncmp(b, "utf-8-", 6) == 0)
        fixed = "utf-8";
    else if (strcmp(b, "latin-1") == 0 || strcmp(b, "iso-8859-1") == 0 ||
             strcmp(b, "iso-latin-1") == 0 || strncmp(b, "latin-1-", 8) == 0 ||
             strncmp(b, "iso-8859-1-", 11) == 0 || strncmp(b, "iso-latin-1-", 12) == 0)
        fixed = "iso-8859-1";
    if (fixed) {
        strcpy(info->cookie, fixed);
        return;
    }
    size_t cap = sizeof info->cookie - 1, k = n < cap ? n : cap;
    for (i = 0; i < k; i++)
        info->cookie[i] = (char)ascii_lower(s[i]);
    info->cookie[k] = '\0';
    info->cookie_too_long = n > cap;
}

static bool try_cookie(const unsigned char *buf, size_t start, size_t n, int64_t line,
                       scan_enc_info *info)
{
    size_t at = 0, name_len = 0;
    if (!find_cookie(buf + start, n, &at, &name_len))
        return false;
    info->has_cookie = true;
    info->cookie_bstart = (int64_t)(start + at);
    info->cookie_line = line;
    normal_name(buf + start + at, name_len, info);
    return true;
}

void scan__enc_detect(const unsigned char *buf, size_t len, scan_enc_info *info)
{
    memset(info, 0, sizeof *info);
    info->cookie_bstart = -1;
    size_t start = 0, next = 0;
    if (len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) {
        info->has_bom = true;
        start = 3;
    } else if (len >= 2 &&
               ((buf[0] == 0xFF && buf[1] == 0xFE) || (buf[0] == 0xFE && buf[1] == 0xFF))) {
        info->utf16_bom = true;
        return;
    }
    size_t n1 = line_span(buf, len, start, &next);
    if (try_cookie(buf, start, n1, 1, info) || !blank_or_comment(buf + start, n1) || next >= len)
        return;
    size_t after = 0;
    size_t n2 = line_span(buf, len, next, &after);
    try_cookie(buf, next, n2, 2, info);
}

/* ---- codecs ------------------------------------------------------------------------ */

/* name lower-cased with '_' → '-' into out (cap bytes); false if it does not fit. */
static bool dash_name(const char *name, char *out, size_t cap)
{
    size_t n = strlen(name);
    if (n >= cap)
        return false;
    for (size_t i = 0; i <= n; i++)
        out[i] = name[i] == '_' ? '-' : (char)ascii_lower((unsigned char)name[i]);
    return true;
}

static bool is_utf8_alias(const char *dashed)
{
    static const char *const aliases[] = {"utf-8",   "utf8",      "u8",       "utf",
                                          "cp65001", "utf8-ucs2", "utf8-ucs4"};
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(dashed, aliases[i]) == 0)
            return true;
    return false;
}

static bool is_not_ascii_compatible(const char *dashed)
{
    char compact[64];
    size_t k = 0;
    for (size_t i = 0; dashed[i] && k + 1 < sizeof compact; i++)
        if (dashed[i] != '-')
            compact[k++] = dashed[i];
    compact[k] = '\0';
    return strncmp(compact, "utf16", 5) == 0 || strncmp(compact, "utf32", 5) == 0 ||
           strncmp(compact, "ucs2", 4) == 0 || strncmp(compact, "ucs4", 4) == 0;
}

/* iconv descriptor decoding name to UTF-8: the name as written, else with '_' → '-'. */
static iconv_t open_codec(const char *name)
{
    iconv_t cd = iconv_open("UTF-8", name);
    char dashed[64];
    if (cd == (iconv_t)-1 && dash_name(name, dashed, sizeof dashed))
        cd = iconv_open("UTF-8", dashed);
    return cd;
}

scan_codec_kind scan__codec_kind(const char *name)
{
    char dashed[64];
    if (!dash_name(name, dashed, sizeof dashed))
        return SCAN_CODEC_UNKNOWN;
    if (is_utf8_alias(dashed))
        return SCAN_CODEC_UTF8;
    if (strcmp(dashed, "iso-8859-1") == 0)
        return SCAN_CODEC_LATIN1;
    if (is_not_ascii_compatible(dashed))
        return SCAN_CODEC_NOT_ASCII;
    iconv_t cd = open_codec(name);
    if (cd == (iconv_t)-1)
        return SCAN_CODEC_UNKNOWN;
    iconv_close(cd);
    return SCAN_CODEC_ICONV;
}

const char *scan_detect_encoding(const unsigned char *buf, size_t len, bool *has_bom, char *cookie,
                                 size_t cookie_cap)
{
    scan_enc_info info;
    scan__enc_detect(buf, len, &info);
    if (has_bom)
        *has_bom = info.has_bom;
    if (cookie && cookie_cap > 0)
        cookie[0] = '\0';
    if (info.has_bom)
        return "utf-8-sig";
    if (!info.has_cookie || strcmp(info.cookie, "utf-8") == 0)
        return "utf-8";
    if (strcmp(info.cookie, "iso-8859-1") == 0)
        return "iso-8859-1";
    if (cookie && cookie_cap > 0) {
        size_t n = strlen(info.cookie), k = n < cookie_cap - 1 ? n : cookie_cap - 1;
        memcpy(cookie, info.cookie, k);
        cookie[k] = '\0';
    }
    scan_codec_kind kind =
        info.cookie_too_long ? SCAN_CODEC_UNKNOWN : scan__codec_kind(info.cookie);
    bool decodable = kind == SCAN_CODEC_UTF8 || kind == SCAN_CODEC_ICONV;
    return decodable && cookie && cookie_cap > 0 ? cookie : NULL;
}

/* ---- decoders ---------------------------------------------------------------------- */

int64_t scan__decode_utf8(const unsigned char *buf, size_t len, sbuf *out)
{
    size_t ok = utf8_valid_prefix((const char *)buf, len);
    if (ok == len) {
        sbuf_append(out, (const char *)buf, len);
        return -1;
    }
    utf8_append_repaired(out, (const char *)buf, len);
    return (int64_t)ok;
}

int64_t scan__decode_latin1(const unsigned char *buf, size_t len, sbuf *out)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        if (buf[i] < 0x80)
            continue;
        sbuf_append(out, (const char *)buf + run, i - run);
        char two[2] = {(char)(0xC0 | (buf[i] >> 6)), (char)(0x80 | (buf[i] & 0x3F))};
        sbuf_append(out, two, 2);
        run = i + 1;
    }
    sbuf_append(out, (const char *)buf + run, len - run);
    return -1;
}

/* Runs one iconv call into a chunk appended to out; returns its errno, or 0. */
static int iconv_step(iconv_t cd, char **in, size_t *inleft, sbuf *out)
{
    char chunk[4096];
    char *o = chunk;
    size_t oleft = sizeof chunk;
    size_t r = iconv(cd, in, inleft, &o, &oleft);
    int e = r == (size_t)-1 ? errno : 0;
    sbuf_append(out, chunk, (size_t)(o - chunk));
    return e;
}

int64_t scan__decode_iconv(const char *codec, const unsigned char *buf, size_t len, sbuf *out)
{
    iconv_t cd = open_codec(codec);
    if (cd == (iconv_t)-1)
        return -2;
    int64_t first_bad = -1;
    char *in = (char *)buf; /* iconv's prototype is not const-correct; it only reads */
    size_t inleft = len;
    while (inleft > 0) {
        int e = iconv_step(cd, &in, &inleft, out);
        if (e == 0 || e == E2BIG)
            continue;
        if (first_bad < 0)
            first_bad = (int64_t)(in - (char *)buf);
        sbuf_append(out, REPLACEMENT, 3);
        if (e != EILSEQ)
            break; /* EINVAL: a sequence cut off by the end of the file */
        in++;
        inleft--;
    }
    iconv_step(cd, NULL, NULL, out); /* flush a stateful codec's final shift */
    iconv_close(cd);
    return first_bad;
}

int64_t scan__line_of(const unsigned char *buf, size_t len, size_t off)
{
    int64_t line = 1;
    if (off > len)
        off = len;
    for (size_t i = 0; i < off; i++) {
        if (buf[i] == '\n' || (buf[i] == '\r' && !(i + 1 < len && buf[i + 1] == '\n')))
            line++;
    }
    return line;
}
