/*
 * lens.h — the interface of src/lens: independent sources of evidence about one file.
 *
 * A lens is a name, a version, the datasets it produces and open/run/close (habit 13). run
 * turns one file's bytes (plus the decoded text and identity in lens_file) into rows, which
 * it asks for through a lens_sink; it never sees storage. Problems with the *input* become
 * rows (its own error datasets, or file_errors_v1 through lens_emit_problem); only internal
 * failures return a non-OK status. Adding a lens is a new file plus one line in lens_table.
 */
#ifndef PYCPG_LENS_H
#define PYCPG_LENS_H

#include "../registry/registry.h"

#include <tree_sitter/api.h>

/* The shared tree-sitter parse: one tree-sitter-python parser, reused for every file, and
 * the tree of the current file, parsed on first request and kept until lens_parse_reset.
 * Every lens that reads the tree-sitter tree gets it through lens_file_tree, so a file is
 * parsed once however many lenses read it. Created and freed by whoever runs the lenses
 * (the pipeline, a bench driver, a test). */
typedef struct lens_parse lens_parse;
/* Fails (PC_ERR_INTERNAL) only when the runtime cannot load the grammar (ABI mismatch).
 * The caller frees *out with lens_parse_free. */
pc_status lens_parse_new(lens_parse **out, pc_err *err);
void lens_parse_free(lens_parse *p); /* NULL is a no-op */
/* Forgets (frees) the current file's tree; call after the last lens ran on a file. */
void lens_parse_reset(lens_parse *p);

/* One file as every lens sees it. All pointers are borrowed for the duration of run. */
typedef struct {
    const char *path; /* repo-relative POSIX path */
    int64_t file_id;
    const char *file_sha256;    /* hex */
    const unsigned char *bytes; /* raw bytes; spans are offsets into these */
    size_t len;
    const char *text; /* decoded UTF-8 (BOM stripped, U+FFFD for bad bytes) */
    size_t text_len;
    const char *encoding;
    lens_parse *parse; /* the shared parse for this file (see lens_file_tree) */
} lens_file;

/* The tree-sitter tree of f's raw bytes, parsed on the first call for the file and cached in
 * f->parse. Borrowed: valid until lens_parse_reset; the caller must not free or edit it.
 * Returns NULL when there is no tree (file over tree-sitter's 4 GiB limit, or tree-sitter
 * gave up); *problem_code and *problem_message (static strings) then say why. */
const TSTree *lens_file_tree(const lens_file *f, const char **problem_code,
                             const char **problem_message);

/* Where rows go. rows(ctx, ds) returns the batch to append ds's rows to, or NULL when the
 * run does not want ds (the lens then skips producing it). */
typedef struct {
    void *ctx;
    rowbuf *(*rows)(void *ctx, const reg_dataset *ds);
} lens_sink;

typedef struct {
    const char *name;            /* "tree_sitter" */
    const char *version;         /* version of the lens and what it embeds, for the manifest */
    const char *const *datasets; /* NULL-terminated dataset names it produces */
    pc_status (*open)(void **state, pc_err *err);
    pc_status (*run)(void *state, const lens_file *f, const lens_sink *sink, pc_err *err);
    void (*close)(void *state); /* NULL state is a no-op */
} lens_def;

/* The lens table, in the order lenses run. */
size_t lens_count(void);
const lens_def *lens_at(size_t i);
const lens_def *lens_find(const char *name);
bool lens_produces(const lens_def *l, const char *dataset);

/* Appends one file_errors_v1 row (if the sink wants that dataset). bstart < 0 and
 * line <= 0 are stored as NULL. */
void lens_emit_problem(const lens_sink *sink, const lens_file *f, const char *lens,
                       const char *code, const char *severity, const char *message, int64_t bstart,
                       int64_t line);

/* The lenses. */
extern const lens_def lens_tree_sitter;
extern const lens_def lens_cpython; /* AST, symtable, bytecode (embedded CPython) */
extern const lens_def lens_cst;

#endif
