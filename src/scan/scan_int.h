/*
 * scan_int.h — private declarations shared by the files of src/scan (never included from
 * outside the folder).
 *
 *   scan.c           walk, globs, ignore rules, the listing (owns struct scan_list)
 *   scan_read.c      scan_read: open, read, hash, pick the one content problem
 *   scan_encoding.c  PEP 263 detection (CPython tokenizer rules) and decoding to UTF-8
 *
 * Internal names carry the "scan__" prefix.
 */
#ifndef PYCPG_SCAN_INT_H
#define PYCPG_SCAN_INT_H

#include "scan.h"

/* Built-in ceiling on one file's size even when max_file_size is 0: tree-sitter's byte
 * offsets are 32-bit, and no Python source file is this large. */
#define SCAN_HARD_MAX_FILE_SIZE ((int64_t)INT32_MAX)

/* The effective per-file size cap of a listing (its max_file_size, or the hard cap). */
int64_t scan__list_max_file_size(const scan_list *l);

/* Opens path without following any symbolic link in any component (openat2 with
 * RESOLVE_NO_SYMLINKS, falling back to openat with O_NOFOLLOW for the last component on
 * kernels without openat2). dirfd/path as openat(2); returns the fd or -1 with errno. */
int scan__open_nofollow(int dirfd, const char *path, int flags);

/* What the start of a buffer says about its encoding, found as CPython's tokenizer
 * finds it. cookie is the normalised name (get_normal_name; otherwise the cookie as
 * written, lower-cased). */
typedef struct {
    bool has_bom;          /* EF BB BF at offset 0 */
    bool utf16_bom;        /* FF FE or FE FF at offset 0 (UTF-16/32 byte order marks) */
    bool has_cookie;       /* a coding cookie on line 1, or line 2 after a blank/comment line */
    bool cookie_too_long;  /* the name did not fit cookie[]: no codec is named so */
    char cookie[64];       /* NUL-terminated normalised name */
    int64_t cookie_bstart; /* byte offset of the name in the buffer, or -1 */
    int64_t cookie_line;   /* 1 or 2, or 0 */
} scan_enc_info;
void scan__enc_detect(const unsigned char *buf, size_t len, scan_enc_info *info);

/* How pycpg decodes a normalised codec name. */
typedef enum {
    SCAN_CODEC_UTF8,     /* "utf-8" and Python's aliases of it (utf8, u8, cp65001, …) */
    SCAN_CODEC_LATIN1,   /* "iso-8859-1" */
    SCAN_CODEC_ICONV,    /* another codec glibc iconv knows */
    SCAN_CODEC_UNKNOWN,  /* iconv does not know it */
    SCAN_CODEC_NOT_ASCII /* UTF-16/32, UCS-2/4: cannot be a Python source encoding */
} scan_codec_kind;
scan_codec_kind scan__codec_kind(const char *name);

/* Decoders: append the UTF-8 text of buf[0..len) to out (replacing each undecodable
 * sequence by U+FFFD) and return the offset (relative to buf) of the first undecodable
 * byte, or -1. scan__decode_iconv returns -2 when iconv cannot open the codec (nothing
 * appended). */
int64_t scan__decode_utf8(const unsigned char *buf, size_t len, sbuf *out);
int64_t scan__decode_latin1(const unsigned char *buf, size_t len, sbuf *out);
int64_t scan__decode_iconv(const char *codec, const unsigned char *buf, size_t len, sbuf *out);

/* 1-based line of byte offset off in buf (lines end at \n, \r\n, \r). */
int64_t scan__line_of(const unsigned char *buf, size_t len, size_t off);

#endif
