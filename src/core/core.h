/*
 * core.h — the interface of src/core: what every other stage of pycpg builds on.
 *
 * Divisions:
 *   1. status values and the error context (errors are values, never exit())
 *   2. the allocator seam (the only place raw malloc is called) and arenas
 *   3. growable byte strings (sbuf)
 *   4. stable 64-bit ids (BLAKE2b-64, big-endian, masked to 63 bits)
 *   5. row batches (rowbuf): typed columnar buffers that lenses fill and the store drains
 *   6. line index: line starts of a byte buffer (\n, \r\n, \r) for position conversion
 *   7. logging, clocks, fault injection for tests
 *
 * Out-of-memory policy: pycpg is a command-line program; when an allocation fails it
 * prints "pycpg: out of memory" and aborts. Nothing else in the program checks for NULL
 * from core_malloc. Sizes that grow with input are capped and overflow-checked by the
 * caller before they reach the allocator (core_size_mul, core_size_add).
 */
#ifndef PYCPG_CORE_H
#define PYCPG_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PYCPG_VERSION "0.1.0"

/* ---- 1. status and errors ------------------------------------------------------- */

typedef enum {
    PC_OK = 0,
    PC_ERR_ARG,      /* bad arguments or options from the user */
    PC_ERR_IO,       /* the file system refused (output not writable, …) */
    PC_ERR_DB,       /* DuckDB reported an error */
    PC_ERR_INPUT,    /* the analysed input is unusable for this operation */
    PC_ERR_LIMIT,    /* a configured or built-in cap was exceeded */
    PC_ERR_INTERNAL, /* an "impossible" state was detected and handled */
    PC_ERR_INTERRUPTED
} pc_status;

/* The error context: a status, a message and where it arose. Functions that can fail
 * take a pc_err * (never NULL) and return the status they stored in it. */
typedef struct {
    pc_status rc;
    char msg[1024];
    const char *where; /* "file.c:line" of the first failure; static storage */
} pc_err;

void pc_err_clear(pc_err *err);
/* Records a failure (the first one wins; later calls only keep the first message) and
 * returns rc. Use through pc_fail so the location is captured. */
pc_status pc_err_set(pc_err *err, pc_status rc, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define PC_STR2(x)            #x
#define PC_STR(x)             PC_STR2(x)
#define pc_fail(err, rc, ...) pc_err_set((err), (rc), __FILE__ ":" PC_STR(__LINE__), __VA_ARGS__)
const char *pc_status_name(pc_status rc);

/* Checked-and-handled "impossible" case (SQLite's NEVER): true when cond holds; in
 * debug builds it also asserts. */
#ifdef NDEBUG
#define PC_NEVER(cond) (cond)
#else
#include <assert.h>
#define PC_NEVER(cond) ((cond) ? (assert(!(#cond)), 1) : 0)
#endif

/* ---- 2. allocator seam and arenas ----------------------------------------------- */

void *core_malloc(size_t n); /* never returns NULL; n may be 0 */
void *core_calloc(size_t count, size_t n);
void *core_realloc(void *p, size_t n);
void core_free(void *p);          /* core_free(NULL) is a no-op */
char *core_strdup(const char *s); /* caller frees with core_free */
char *core_strndup(const char *s, size_t n);
/* Number of live allocations made through the seam (tests assert it returns to its
 * starting value). */
long core_alloc_live(void);
/* Gives the C heap's free pages back to the system (mimalloc's mi_collect when the process
 * runs on it, and glibc's malloc_trim): for a long-lived process between phases whose peaks
 * would otherwise stack (a worker between a chunk's extraction and its link). */
void core_release_memory(void);
/* The allocator behind malloc in this process: "mimalloc <version>" when the pycpg binary
 * links it and malloc's blocks are its own (checked on a block, not assumed from the link
 * line), else "system" (the C library's, or a sanitizer's). A static string. */
const char *core_malloc_name(void);
/* Allocations that live until the process exits (the expanded registry, …): not counted
 * as live, never freed. */
void *core_malloc_permanent(size_t n);
char *core_strdup_permanent(const char *s);
/* Overflow-checked size arithmetic: false on overflow, *out untouched. */
bool core_size_mul(size_t a, size_t b, size_t *out);
bool core_size_add(size_t a, size_t b, size_t *out);
/* The growable array: returns items (of *cap items of item_size bytes; NULL when *cap is 0)
 * with room for at least need items. When need > *cap, *cap doubles (starting from first, or 1,
 * when it is 0) until need fits and the array is reallocated (contents kept); otherwise items
 * comes back as it is. A capacity or byte size past SIZE_MAX is out of memory (aborts, as
 * above). Typical use, before storing item n: v = core_grow(v, &cap, n + 1, sizeof *v, 16). */
void *core_grow(void *items, size_t *cap, size_t need, size_t item_size, size_t first);

/* An arena: bump allocation in blocks, freed all at once. Used per file and per batch. */
typedef struct arena arena;
arena *arena_new(size_t block_size);
void arena_free(arena *a);                              /* NULL is a no-op */
void *arena_alloc(arena *a, size_t n);                  /* 8-byte aligned; never NULL */
char *arena_strndup(arena *a, const char *s, size_t n); /* NUL-terminated copy */
void arena_reset(arena *a);                             /* keeps the first block for reuse */
size_t arena_used(const arena *a);

/* ---- 3. growable strings ---------------------------------------------------------- */

typedef struct {
    char *data; /* always NUL-terminated when cap > 0; owned, freed by sbuf_free */
    size_t len;
    size_t cap;
} sbuf;
#define SBUF_INIT                                                                                  \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }
void sbuf_free(sbuf *b);
void sbuf_reset(sbuf *b);
void sbuf_append(sbuf *b, const char *s, size_t n);
void sbuf_puts(sbuf *b, const char *s);
void sbuf_putc(sbuf *b, char c);
void sbuf_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends v in decimal (the hot path of ids: no printf). */
void sbuf_put_i64(sbuf *b, int64_t v);
/* The decimal text of v, written into the end of buf; returns its start (not
 * NUL-terminated: it ends at buf + 24). */
char *core_decimal(char buf[24], int64_t v);
/* Appends the whole content of the file at path; false when it cannot be opened or read (b
 * may then hold part of it). b->data is set (NUL-terminated) even for an empty file. */
bool sbuf_read_file(sbuf *b, const char *path);
/* Appends s as an SQL string literal ('…' with quotes doubled). Only for pycpg's own
 * text (registry metadata, paths chosen by the user); repository content is never
 * spliced into SQL. */
void sbuf_sql_literal(sbuf *b, const char *s);
/* Appends s as an SQL identifier ("…" with quotes doubled). */
void sbuf_sql_ident(sbuf *b, const char *s);

/* UTF-8: length of the longest valid prefix of s (strict: no overlongs, no surrogates,
 * nothing above U+10FFFF); equals n when all of s is valid. */
size_t utf8_valid_prefix(const char *s, size_t n);
/* Appends s to out with every invalid sequence replaced by U+FFFD (one per maximal
 * invalid subpart, as Python's "replace" error handler does). */
void utf8_append_repaired(sbuf *out, const char *s, size_t n);

/* ---- 4. stable ids ----------------------------------------------------------------- */

/* An id is BLAKE2b with an 8-byte digest over "prefix␟part␟part…" (␟ = 0x1F), read
 * big-endian and masked to 63 bits: always a non-negative int64. Parts are rendered as
 * text exactly as the reference did: integers in decimal, booleans as true/false, NULL as
 * the spec's null sentinel, and a reference to another id as "prefix:decimal" so that the
 * reference's test vectors hold (docs/ids.md). */
typedef struct {
    _Alignas(64) uint64_t state[64]; /* opaque storage for the BLAKE2b state */
} id_builder;
#define ID_NULL_SENTINEL      "__NULL__"
#define ID_NULL_SENTINEL_NORM "None"
void id_begin(id_builder *b, const char *prefix);
void id_add_str(id_builder *b, const char *s, size_t n);
void id_add_cstr(id_builder *b, const char *s);
void id_add_i64(id_builder *b, int64_t v);
void id_add_bool(id_builder *b, bool v);
void id_add_ref(id_builder *b, const char *prefix, int64_t id); /* "prefix:decimal" */
int64_t id_finish(id_builder *b);
/* The id of a whole message already joined ("prefix␟part␟…", the bytes the builder would
 * have fed): equal to id_finish after id_begin and id_add_… over the same parts. */
int64_t id_hash(const void *msg, size_t n);
/* id_hash of n messages at once (msgs[i], lens[i] bytes; borrowed) into out[i]. Messages of
 * at most 128 bytes are hashed four at a time (SIMD lanes, ids_many.c); the fastest way to
 * make many short ids. */
void id_hash_many(size_t n, const uint8_t *const *msgs, const size_t *lens, int64_t *out);
/* One-shot convenience: id of prefix with the given NUL-terminated string parts. */
int64_t id_of_strings(const char *prefix, size_t nparts, const char *const *parts);

/* File-local ids (docs/ids.md, "File-local ids"): the rows a lens numbers within one file get
 * ids that compress, (prefix << 31) | (family << 28) | ordinal, where prefix is the file's
 * 32-bit id prefix (id_assign_prefixes), family one of ID_LOCAL_* and ordinal the row's
 * 0-based number within the file and family. Unique by construction: prefixes are unique
 * within a build, and a file numbers each family's rows once. Ordinals from
 * ID_LOCAL_ORDINAL_LIMIT on do not fit: id_local returns -1, and the lens gives such a row
 * its hashed id instead (a file of more than 268 M such rows). */
enum {
    ID_LOCAL_NAME_REF = 0,
    ID_LOCAL_TS = 1,
    ID_LOCAL_INSTR = 2,
    ID_LOCAL_AST = 3,
    ID_LOCAL_DF_EVENT = 4
};
#define ID_LOCAL_FAMILY_SHIFT  28 /* 3 bits of family (0-7) above 28 bits of ordinal */
#define ID_LOCAL_ORDINAL_LIMIT (INT64_C(1) << ID_LOCAL_FAMILY_SHIFT)
int64_t id_local(uint32_t prefix, int family, int64_t ordinal);
/* The prefix a file takes when no other file of the build holds it: the top 32 bits of its
 * 63-bit file_id. */
uint32_t id_default_prefix(int64_t file_id);
/* Gives each of n files its prefix, out[i] for file_ids[i], in any order: walking the files
 * by ascending file_id, a file takes its default prefix, or, when a file before it holds it,
 * the next free value (wrapping at 2^32). So the prefixes are a function of the build's set of
 * file ids alone (not of -j, order or machine; recomputable from repo_files_v1), and a file
 * keeps its prefix while no file of smaller file_id comes to hold the same one. */
void id_assign_prefixes(size_t n, const int64_t *file_ids, uint32_t *out);
/* The prefixes of a build's files, looked up by file_id: what computes file-local ids where the
 * listing is not at hand (the link stage's SQL, a reader of an output). */
typedef struct id_prefix_map id_prefix_map;
/* The map of the set file_ids[0..n) (copied; any order, repeats ignored). Owned by the caller:
 * id_prefix_map_free. */
id_prefix_map *id_prefix_map_new(size_t n, const int64_t *file_ids);
/* The map of files whose prefixes were recorded (repo_files_v1.id_prefix): file_ids[i] has
 * prefixes[i]. Owned by the caller: id_prefix_map_free. */
id_prefix_map *id_prefix_map_of(size_t n, const int64_t *file_ids, const uint32_t *prefixes);
const id_prefix_map *id_prefix_map_empty(void); /* no file; static */
void id_prefix_map_free(id_prefix_map *m);      /* NULL is a no-op */
/* false when file_id is not one of the map's files (or m is NULL). */
bool id_prefix_map_find(const id_prefix_map *m, int64_t file_id, uint32_t *prefix);
/* The id of the AST node ast_idx of the file (family ID_LOCAL_AST: the ordinal is ast_idx, the
 * node's index in the lens's pre-order walk); past ID_LOCAL_ORDINAL_LIMIT the hashed
 * id("ast_node", file_id, ast_idx). -1 when file_id is not one of the map's files. */
int64_t id_ast_node(const id_prefix_map *m, int64_t file_id, int64_t ast_idx);

/* ---- 5. row batches ---------------------------------------------------------------- */

/* Physical column kinds a rowbuf can hold. Nested kinds hold lists of strings or lists of
 * string tuples (struct fields all VARCHAR). */
typedef enum {
    CK_I64,
    CK_I32,
    CK_I16,
    CK_F32,
    CK_F64,
    CK_BOOL,
    CK_STR,
    CK_BLOB,
    CK_LIST_STR,   /* VARCHAR[] */
    CK_LIST_TUPLE, /* STRUCT(f1 VARCHAR, …)[]; tuple width fixed per column */
} col_kind;

/* A rowbuf is a columnar batch of rows of one fixed schema. Strings are copied into the
 * batch's own arena. Rows are appended at the end; values are set on the last row; a
 * column not set is NULL. The store reads the columns back and then calls rowbuf_clear.
 * Ownership: rowbuf_new returns a batch the caller frees with rowbuf_free. */
typedef struct rowbuf rowbuf;
typedef struct {
    col_kind kind;
    int tuple_width; /* CK_LIST_TUPLE only */
} col_shape;
rowbuf *rowbuf_new(size_t ncols, const col_shape *shapes);
void rowbuf_free(rowbuf *b);
void rowbuf_clear(rowbuf *b);
/* Moves b's rows (values, lists and string arena) into a new batch without copying them and
 * leaves b empty, with the same schema and ever-set flags. The result is owned by the caller
 * (rowbuf_free). */
rowbuf *rowbuf_take(rowbuf *b);
size_t rowbuf_rows(const rowbuf *b);
size_t rowbuf_cols(const rowbuf *b);
size_t rowbuf_bytes(const rowbuf *b); /* approximate memory held */
void rowbuf_add_row(rowbuf *b);       /* new row, every column NULL */
void rowbuf_set_i64(rowbuf *b, size_t col, int64_t v);
void rowbuf_set_i32(rowbuf *b, size_t col, int32_t v);
void rowbuf_set_i16(rowbuf *b, size_t col, int16_t v);
void rowbuf_set_f32(rowbuf *b, size_t col, float v);
void rowbuf_set_f64(rowbuf *b, size_t col, double v);
void rowbuf_set_bool(rowbuf *b, size_t col, bool v);
void rowbuf_set_str(rowbuf *b, size_t col, const char *s, size_t n); /* copied */
void rowbuf_set_cstr(rowbuf *b, size_t col, const char *s);          /* NULL s = NULL */
void rowbuf_set_blob(rowbuf *b, size_t col, const void *p, size_t n);
void rowbuf_set_null(rowbuf *b, size_t col);
/* Lists: begin an (empty, non-NULL) list on the last row, then push items. A tuple item
 * takes tuple_width strings (NULL pointer = NULL field). */
void rowbuf_list_begin(rowbuf *b, size_t col);
void rowbuf_list_push_str(rowbuf *b, size_t col, const char *s, size_t n);
void rowbuf_list_push_tuple(rowbuf *b, size_t col, const char *const *fields);

/* Readers, used by the store. Returned pointers are borrowed from the batch. */
col_shape rowbuf_shape(const rowbuf *b, size_t col);
bool rowbuf_is_null(const rowbuf *b, size_t col, size_t row);
bool rowbuf_col_ever_set(const rowbuf *b, size_t col); /* any non-NULL since rowbuf_new */
int64_t rowbuf_get_i64(const rowbuf *b, size_t col, size_t row);
int32_t rowbuf_get_i32(const rowbuf *b, size_t col, size_t row);
int16_t rowbuf_get_i16(const rowbuf *b, size_t col, size_t row);
float rowbuf_get_f32(const rowbuf *b, size_t col, size_t row);
double rowbuf_get_f64(const rowbuf *b, size_t col, size_t row);
bool rowbuf_get_bool(const rowbuf *b, size_t col, size_t row);
const char *rowbuf_get_str(const rowbuf *b, size_t col, size_t row, size_t *len); /* also blob */
/* Lists: number of items; item i's string (CK_LIST_STR) or tuple field f (CK_LIST_TUPLE;
 * NULL for a NULL field). */
size_t rowbuf_list_len(const rowbuf *b, size_t col, size_t row);
const char *rowbuf_list_item(const rowbuf *b, size_t col, size_t row, size_t i, size_t field,
                             size_t *len);

/* ---- 6. line index ------------------------------------------------------------------ */

/* Line starts of a byte buffer. Lines end at "\n", "\r\n" or "\r" only (never at form
 * feeds or Unicode separators: reference defect §14.11 fixed). Line numbers are 0-based
 * here; callers convert. Owned by the caller: line_index_free. */
typedef struct {
    int64_t *starts; /* starts[i] = byte offset of line i; starts[nlines] = len */
    size_t nlines;   /* an empty buffer has one empty line */
} line_index;
void line_index_build(line_index *li, const char *buf, size_t len);
void line_index_free(line_index *li);
/* Byte offset of (line, byte column) clamped to the line; -1 if line is out of range. */
int64_t line_index_offset(const line_index *li, size_t line, int64_t col);
size_t line_index_line_of(const line_index *li, int64_t offset);

/* ---- 7. logging, clocks, faults ---------------------------------------------------- */

typedef enum { LOG_QUIET = 0, LOG_NORMAL = 1, LOG_VERBOSE = 2 } log_level;
void log_set_level(log_level lvl);
log_level log_get_level(void);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));  /* normal */
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2))); /* -v */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));  /* not -q */

double clock_now(void);  /* monotonic seconds */
double clock_wall(void); /* seconds since the epoch */

/* Test-only fault injection (habit 7). PYCPG_FAULTS="site:key,site:key…" makes
 * fault_hit(site, key) true when key is a substring of the given key, or when key is a
 * number N and this is the N-th call for that site (1-based). Sites: "read" (file reads
 * in the scan), "duckdb" (statements run by the store), "worker_crash" / "worker_error"
 * (a -j worker aborts / fails internally on a file; key = its path), "link_given_back" (a
 * chunk's narrow group table, key its name, as if it held a row to give back). Unset: always
 * false. */
bool fault_hit(const char *site, const char *key);

#endif
