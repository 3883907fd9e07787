/*
 * scan_read.c — scan_read: one listed file's bytes, SHA-256, encoding and UTF-8 text
 * (scan_content_from_bytes: the same for bytes already in memory, for the fuzz harness).
 *
 * The file is opened with O_RDONLY|O_NOFOLLOW|O_NONBLOCK|O_CLOEXEC (and, where the kernel
 * has openat2, with no symbolic link allowed in any component), checked to be a regular
 * file with fstat, and read to its end; a file that grew or shrank since the listing is
 * taken as read. Sizes are capped (scan__list_max_file_size) and overflow-checked.
 *
 * One content problem per file (invariant): a file gets at most one scan_problem, chosen
 * by what explains the most:
 *   1. unreadable / not_regular_file / too_large — the content is not kept (bytes NULL,
 *      *read_ok false), nothing else is examined;
 *   2. invalid_encoding for a UTF-16/32 byte order mark — everything after it follows;
 *   3. nul_byte — CPython refuses the file whatever its encoding; a binary file named .py
 *      has NUL bytes and undecodable bytes and gets this one row (the message says when
 *      undecodable bytes were seen too);
 *   4. unknown_encoding (cookie names a codec iconv does not know, or a UTF-16/32 one);
 *   5. invalid_encoding: a BOM with a cookie other than utf-8 ("encoding problem: X with
 *      BOM", CPython's words), else the first undecodable byte sequence.
 * The text is decoded whatever the problem (U+FFFD for every undecodable sequence).
 *
 * Ownership: c->bytes, c->text and c->problems (with their path and message strings) are
 * core allocations owned by the content and freed by scan_content_free. c->encoding is
 * static ("utf-8" when nothing was decoded) or, once text exists, a copy stored in the
 * text's allocation just after the text's terminating NUL.
 */
#include "scan_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

/* A problem found while decoding, before the one to report is chosen. */
typedef struct {
    const char *code; /* NULL: none */
    int64_t bstart;
    int64_t line;
    char msg[320];
} candidate;

static void add_problem(scan_content *c, const char *path, const char *code, scan_severity sev,
                        int64_t bstart, int64_t line, const char *msg)
{
    size_t n = 0, bytes = 0;
    if (PC_NEVER(!core_size_add(c->nproblems, 1, &n) ||
                 !core_size_mul(n, sizeof *c->problems, &bytes)))
        return;
    c->problems = core_realloc(c->problems, bytes);
    scan_problem *p = &c->problems[c->nproblems++];
    p->path = core_strdup(path);
    p->code = code;
    p->message = core_strdup(msg);
    p->severity = sev;
    p->bstart = bstart;
    p->line = line;
}

static void add_problemf(scan_content *c, const char *path, const char *code, scan_severity sev,
                         const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void add_problemf(scan_content *c, const char *path, const char *code, scan_severity sev,
                         const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    add_problem(c, path, code, sev, -1, 0, msg);
}

/* ---- reading ----------------------------------------------------------------------- */

/* Reads fd to its end into a core_malloc'ed buffer with a NUL after the data. Returns 0,
 * an errno value, or EFBIG when the file holds more than limit bytes. */
static int read_all(int fd, size_t hint, size_t limit, unsigned char **out, size_t *outlen)
{
    size_t cap = (hint < limit ? hint : limit) + 2, len = 0;
    unsigned char *buf = core_malloc(cap);
    int rc = 0;
    for (;;) {
        if (len > limit) {
            rc = EFBIG;
            break;
        }
        if (cap - len < 2) { /* cap <= limit + 1 here: doubling, clamped, cannot overflow */
            cap = cap > (limit + 2) / 2 ? limit + 2 : cap * 2;
            buf = core_realloc(buf, cap);
        }
        ssize_t n = read(fd, buf + len, cap - 1 - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = n < 0 ? errno : 0;
            break;
        }
        len += (size_t)n;
    }
    if (rc != 0) {
        core_free(buf);
        return rc;
    }
    buf[len] = '\0';
    *out = buf;
    *outlen = len;
    return 0;
}

/* Test seams (PYCPG_FAULTS, tests/cli/test_changing_files.py): the repository changes at
 * the worst moment, between the listing and the read — the file is removed, rewritten with
 * other content, or replaced by a directory. */
static void fault_change_file(const scan_file *f)
{
    if (fault_hit("vanish_before_read", f->path))
        unlink(f->abs_path);
    if (fault_hit("change_before_read", f->path)) {
        FILE *o = fopen(f->abs_path, "ab");
        if (o) {
            fputs("\nchanged_before_read = [1, 2]\n", o);
            fclose(o);
        }
    }
    if (fault_hit("dir_before_read", f->path) && unlink(f->abs_path) == 0)
        mkdir(f->abs_path, 0700);
}

/* Opens, checks and reads the file into c->bytes, or records the one problem. */
static void read_file(const scan_file *f, size_t limit, scan_content *c)
{
    int fd = -1, e = 0;
    struct stat st;
    fault_change_file(f);
    if (fault_hit("read", f->path)) {
        add_problemf(c, f->path, "unreadable", SCAN_ERROR, "cannot read: %s", strerror(EIO));
        return;
    }
    fd = scan__open_nofollow(AT_FDCWD, f->abs_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        e = errno;
        add_problemf(c, f->path, "unreadable", SCAN_ERROR, "cannot open: %s%s", strerror(e),
                     e == ELOOP ? " (a symbolic link is now in its path)" : "");
        goto out;
    }
    if (fstat(fd, &st) != 0) {
        add_problemf(c, f->path, "unreadable", SCAN_ERROR, "cannot stat: %s", strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        add_problemf(c, f->path, "not_regular_file", SCAN_WARNING,
                     "no longer a regular file; not read");
        goto out;
    }
    size_t hint = st.st_size > 0 ? (size_t)st.st_size : 0;
    e = hint > limit ? EFBIG : read_all(fd, hint, limit, &c->bytes, &c->len);
    if (e == EFBIG)
        add_problemf(c, f->path, "too_large", SCAN_ERROR,
                     "file larger than the limit of %zu bytes; not read", limit);
    else if (e != 0)
        add_problemf(c, f->path, "unreadable", SCAN_ERROR, "cannot read: %s", strerror(e));
out:
    if (fd >= 0)
        close(fd);
}

static pc_status sha256_hex(const unsigned char *p, size_t n, char out[65], pc_err *err)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    if (!EVP_Digest(p, n, md, &mdlen, EVP_sha256(), NULL) || mdlen != 32)
        return pc_fail(err, PC_ERR_INTERNAL, "SHA-256 failed (OpenSSL EVP_Digest)");
    static const char hex[] = "0123456789abcdef";
    for (unsigned int i = 0; i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
    return PC_OK;
}

/* ---- decoding ---------------------------------------------------------------------- */

static void set_candidate(candidate *k, const char *code, int64_t bstart, int64_t line,
                          const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void set_candidate(candidate *k, const char *code, int64_t bstart, int64_t line,
                          const char *fmt, ...)
{
    va_list ap;
    k->code = code;
    k->bstart = bstart;
    k->line = line;
    va_start(ap, fmt);
    vsnprintf(k->msg, sizeof k->msg, fmt, ap);
    va_end(ap);
}

/* Records the first undecodable byte (offset bad, -1 for none) as a candidate. */
static void bad_bytes(const scan_content *c, int64_t bad, const char *codec, candidate *k)
{
    if (bad < 0)
        return;
    int64_t line = scan__line_of(c->bytes, c->len, (size_t)bad);
    set_candidate(k, "invalid_encoding", bad, line,
                  "bytes not valid in %s at byte offset %lld (line %lld)", codec, (long long)bad,
                  (long long)line);
}

/* Decodes a file with a cookie; returns the encoding name to report. */
static const char *decode_cookie(const scan_content *c, const scan_enc_info *in, sbuf *t,
                                 candidate *k)
{
    scan_codec_kind kind = in->cookie_too_long ? SCAN_CODEC_UNKNOWN : scan__codec_kind(in->cookie);
    int64_t bad = -2;
    if (kind == SCAN_CODEC_UTF8)
        bad = scan__decode_utf8(c->bytes, c->len, t);
    else if (kind == SCAN_CODEC_LATIN1)
        bad = scan__decode_latin1(c->bytes, c->len, t);
    else if (kind == SCAN_CODEC_ICONV)
        bad = scan__decode_iconv(in->cookie, c->bytes, c->len, t);
    if (bad != -2) {
        bad_bytes(c, bad, in->cookie, k);
        return in->cookie;
    }
    set_candidate(k, "unknown_encoding", in->cookie_bstart, in->cookie_line,
                  "coding cookie names %s%s, which pycpg cannot decode%s; decoded as utf-8",
                  in->cookie, in->cookie_too_long ? "…" : "",
                  kind == SCAN_CODEC_NOT_ASCII ? " (not ASCII-compatible)" : "");
    scan__decode_utf8(c->bytes, c->len, t);
    return "utf-8";
}

/* Decodes c->bytes into t; returns the encoding name to report. */
static const char *decode_bytes(const scan_content *c, const scan_enc_info *in, sbuf *t,
                                candidate *k)
{
    if (in->utf16_bom) {
        set_candidate(k, "invalid_encoding", 0, 1,
                      "file starts with a UTF-16 byte order mark (%02X %02X); Python source "
                      "must be in an ASCII-compatible encoding",
                      c->bytes[0], c->bytes[1]);
        scan__decode_utf8(c->bytes, c->len, t);
        return "utf-8";
    }
    if (in->has_bom) {
        int64_t bad = scan__decode_utf8(c->bytes + 3, c->len - 3, t);
        bad_bytes(c, bad < 0 ? bad : bad + 3, "utf-8", k);
        if (in->has_cookie && strcmp(in->cookie, "utf-8") != 0)
            set_candidate(k, "invalid_encoding", in->cookie_bstart, in->cookie_line,
                          "encoding problem: %s with BOM", in->cookie);
        return "utf-8-sig";
    }
    if (in->has_cookie)
        return decode_cookie(c, in, t, k);
    bad_bytes(c, scan__decode_utf8(c->bytes, c->len, t), "utf-8", k);
    return "utf-8";
}

/* Takes t's buffer as c->text and stores the encoding name after the text's NUL. */
static void adopt_text(scan_content *c, sbuf *t, const char *encoding)
{
    size_t text_len = t->len;
    sbuf_putc(t, '\0');
    sbuf_puts(t, encoding);
    c->text = t->data;
    c->text_len = text_len;
    c->encoding = t->data + text_len + 1;
    *t = (sbuf)SBUF_INIT;
}

/* Decodes the content and records its one content problem, if any. */
static void decode_content(const char *path, scan_content *c)
{
    scan_enc_info in;
    candidate k = {0};
    sbuf t = SBUF_INIT;
    scan__enc_detect(c->bytes, c->len, &in);
    c->has_bom = in.has_bom;
    adopt_text(c, &t, decode_bytes(c, &in, &t, &k));
    const unsigned char *nul = in.utf16_bom ? NULL : memchr(c->bytes, 0, c->len);
    if (nul) {
        size_t off = (size_t)(nul - c->bytes);
        int64_t line = scan__line_of(c->bytes, c->len, off);
        char msg[320];
        snprintf(msg, sizeof msg, "NUL byte at byte offset %zu (line %lld)%s", off, (long long)line,
                 k.code ? "; undecodable bytes too: probably not a text file" : "");
        add_problem(c, path, "nul_byte", SCAN_ERROR, (int64_t)off, line, msg);
    } else if (k.code) {
        add_problem(c, path, k.code, SCAN_ERROR, k.bstart, k.line, k.msg);
    }
}

/* The part of reading after the bytes are in c: SHA-256, then decoding. On failure c is
 * freed. */
static pc_status finish_content(const char *path, scan_content *c, pc_err *err)
{
    pc_status rc = sha256_hex(c->bytes, c->len, c->sha256, err);
    if (rc != PC_OK) {
        scan_content_free(c);
        return rc;
    }
    decode_content(path, c);
    return PC_OK;
}

pc_status scan_read(const scan_list *l, size_t i, scan_content *c, bool *read_ok, pc_err *err)
{
    pc_status rc = PC_OK;
    if (!l || !c || !read_ok)
        return pc_fail(err, PC_ERR_INTERNAL, "scan_read: NULL argument");
    memset(c, 0, sizeof *c);
    c->encoding = "utf-8";
    *read_ok = false;
    const scan_file *f = scan_list_file(l, i);
    if (!f)
        return pc_fail(err, PC_ERR_INTERNAL, "scan_read: file index %zu out of range", i);
    read_file(f, (size_t)scan__list_max_file_size(l), c);
    if (!c->bytes)
        return PC_OK;
    if ((rc = finish_content(f->path, c, err)) != PC_OK)
        return rc;
    *read_ok = true;
    return PC_OK;
}

pc_status scan_content_from_bytes(const char *path, const unsigned char *bytes, size_t len,
                                  scan_content *c, pc_err *err)
{
    if (!path || (!bytes && len) || !c)
        return pc_fail(err, PC_ERR_INTERNAL, "scan_content_from_bytes: NULL argument");
    memset(c, 0, sizeof *c);
    c->encoding = "utf-8";
    c->bytes = core_malloc(len + 1);
    if (len)
        memcpy(c->bytes, bytes, len);
    c->bytes[len] = '\0';
    c->len = len;
    return finish_content(path, c, err);
}

void scan_content_free(scan_content *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nproblems; i++) {
        core_free((char *)c->problems[i].path);
        core_free((char *)c->problems[i].message);
    }
    core_free(c->problems);
    core_free(c->bytes);
    core_free(c->text);
    memset(c, 0, sizeof *c);
}
