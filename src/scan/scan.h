/*
 * scan.h — the interface of src/scan: which files of a repository pycpg reads, and their
 * bytes, hash and source encoding.
 *
 * Two phases keep memory flat: scan_list walks the tree once and returns the selected
 * paths (sorted, no contents); scan_read then reads one file at a time. Nothing here
 * follows a symbolic link, so links out of the repository and link cycles cannot be
 * entered; every link met is reported as a scan problem instead. Problems never stop the
 * scan: an unreadable directory or file, a non-regular file, a link, an undecodable file
 * all become scan_problem records that the pipeline writes as error rows.
 */
#ifndef PYCPG_SCAN_H
#define PYCPG_SCAN_H

#include "../core/core.h"

/* The include glob used when none is given: every .py file at any depth. (A macro, since
 * a C comment cannot hold the pattern.) */
#define SCAN_DEFAULT_INCLUDE "**/*.py"

typedef struct {
    const char *const *include_globs; /* NULL/0 → {SCAN_DEFAULT_INCLUDE} */
    size_t ninclude;
    const char *const *exclude_globs; /* matched against the repo-relative POSIX path */
    size_t nexclude;
    bool no_default_excludes; /* false: skip .git, __pycache__, .venv, venv, node_modules,
                                 .mypy_cache, .pytest_cache, .ruff_cache, .tox dirs */
    bool no_gitignore;        /* false: honour .gitignore when root is in a git work tree */
    int64_t max_file_size;    /* bytes; 0 = no limit; larger files → problem "too_large" */
    const char *repo_id;      /* NULL, or mixed into file ids (docs/ids.md) */
} scan_options;

/* Severity of a problem; "error" means the file's content is (partly) unusable. */
typedef enum { SCAN_INFO = 0, SCAN_WARNING, SCAN_ERROR } scan_severity;
const char *scan_severity_name(scan_severity s);

/* One problem with one path. Strings are owned by the list or the content they came
 * with. bstart is a byte offset in the file, or -1; line is 1-based, or 0. */
typedef struct {
    const char *path;    /* repo-relative POSIX path */
    const char *code;    /* static: "unreadable", "not_regular_file", "symlink_skipped",
                            "too_large", "nul_byte", "invalid_encoding",
                            "unknown_encoding", "unreadable_dir", "path_not_utf8" */
    const char *message; /* human readable, says what and where */
    scan_severity severity;
    int64_t bstart;
    int64_t line;
} scan_problem;

/* One selected file. */
typedef struct {
    const char *path;     /* repo-relative, '/'-separated, no leading "./" */
    const char *abs_path; /* absolute path as opened */
    int64_t file_id;      /* id_of("file", [repo_id], path) */
    int64_t size;         /* bytes, from lstat at listing time */
    uint32_t id_prefix;   /* the file's prefix of file-local ids (id_assign_prefixes over the
                             whole listing, so every shard of a build agrees) */
} scan_file;

/* The stable id of a file: id("file", [repo_id], path) (docs/decisions.md). Every producer
 * of a file id calls this, so the recipe lives in one place. */
int64_t scan_file_id(const char *repo_id, const char *path);

/* The listing: files sorted by path (byte order), problems sorted by path. */
typedef struct scan_list scan_list;
/* Walks root. Fails (returns non-OK) only when root itself is unusable (missing, not a
 * directory, unreadable) or an option is invalid (bad glob). *out is owned by the caller:
 * scan_list_free. */
pc_status scan_list_new(const char *root, const scan_options *opt, scan_list **out, pc_err *err);
void scan_list_free(scan_list *l); /* NULL is a no-op */
size_t scan_list_count(const scan_list *l);
const scan_file *scan_list_file(const scan_list *l, size_t i);
size_t scan_list_problem_count(const scan_list *l);
const scan_problem *scan_list_problem(const scan_list *l, size_t i);
int64_t scan_list_total_bytes(const scan_list *l);
const char *scan_list_root(const scan_list *l);    /* absolute, resolved */
bool scan_list_used_gitignore(const scan_list *l); /* a git work tree was found */

/* The content of one file. */
typedef struct {
    unsigned char *bytes; /* raw bytes (NUL-terminated for convenience; len excludes it) */
    size_t len;
    char *text; /* decoded UTF-8: BOM stripped, invalid sequences → U+FFFD; NUL-terminated */
    size_t text_len;
    char sha256[65];      /* lowercase hex of the raw bytes */
    const char *encoding; /* Python codec name as CPython's tokenizer normalises it:
                             "utf-8", "utf-8-sig", "iso-8859-1", or the cookie's name.
                             Static, or stored with the content (in text's allocation):
                             valid until scan_content_free */
    bool has_bom;
    scan_problem *problems; /* file-level problems found while reading/decoding */
    size_t nproblems;
} scan_content;

/* Reads file i of the listing. Never fails for input reasons: an unreadable file yields
 * ok=false in *read_ok and one problem in c->problems (c->bytes NULL). Returns non-OK
 * only for internal failures. The content is owned by the caller: scan_content_free. */
pc_status scan_read(const scan_list *l, size_t i, scan_content *c, bool *read_ok, pc_err *err);
void scan_content_free(scan_content *c); /* resets *c; a zeroed content is a no-op */

/* The content of bytes already in memory, as scan_read makes it from a file's (copied,
 * hashed, decoded; problems recorded under path). For the fuzz harness, which runs the
 * per-file extraction on a buffer. Non-OK only for internal failures. Free with
 * scan_content_free. */
pc_status scan_content_from_bytes(const char *path, const unsigned char *bytes, size_t len,
                                  scan_content *c, pc_err *err);

/* Encoding detection on a buffer, as CPython's tokenizer does it: BOM → "utf-8-sig";
 * a PEP 263 cookie on line 1 or 2 → its normalised name; else "utf-8". Returns a static
 * string ("utf-8", "utf-8-sig", "iso-8859-1"); for another cookie, copies its normalised
 * name into cookie[cookie_cap] and returns cookie when pycpg can decode it (iconv), or
 * NULL when it cannot. has_bom may be NULL. Exposed for tests. */
const char *scan_detect_encoding(const unsigned char *buf, size_t len, bool *has_bom, char *cookie,
                                 size_t cookie_cap);

/* Glob matching used for --include/--exclude: '*' and '?' match any character including
 * '/', '[…]' classes as fnmatch(3); a pattern starting with "**" + "/" also matches paths
 * at the top level. Exposed for tests. */
bool scan_glob_match(const char *pattern, const char *path);

#endif
