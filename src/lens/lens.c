/*
 * lens.c — the lens table and what all lenses share: problem rows and the one tree-sitter
 * parse per file (lens_parse) that the tree-sitter and CST lenses both read.
 */
#include "lens.h"

#include <string.h>

const TSLanguage *tree_sitter_python(void);

static const lens_def *const lens_table[] = {
    &lens_tree_sitter,
    &lens_cpython,
    &lens_cst,
};

/* ---- the shared parse ------------------------------------------------------------------- */

struct lens_parse {
    TSParser *parser;
    TSTree *tree;               /* of the current file, or NULL */
    const unsigned char *bytes; /* the file the tree (or the failure) belongs to */
    size_t len;
    bool done; /* parse attempted for bytes/len */
    const char *code, *message;
};

pc_status lens_parse_new(lens_parse **out, pc_err *err)
{
    lens_parse *p = core_calloc(1, sizeof *p);
    p->parser = ts_parser_new();
    if (!ts_parser_set_language(p->parser, tree_sitter_python())) {
        lens_parse_free(p);
        *out = NULL;
        return pc_fail(err, PC_ERR_INTERNAL,
                       "tree-sitter runtime cannot load the python grammar (ABI mismatch)");
    }
    *out = p;
    return PC_OK;
}

void lens_parse_reset(lens_parse *p)
{
    if (!p)
        return;
    if (p->tree)
        ts_tree_delete(p->tree);
    p->tree = NULL;
    p->bytes = NULL;
    p->len = 0;
    p->done = false;
    p->code = p->message = NULL;
}

void lens_parse_free(lens_parse *p)
{
    if (!p)
        return;
    lens_parse_reset(p);
    if (p->parser)
        ts_parser_delete(p->parser);
    core_free(p);
}

const TSTree *lens_file_tree(const lens_file *f, const char **problem_code,
                             const char **problem_message)
{
    lens_parse *p = f->parse;
    if (!p->done || p->bytes != f->bytes || p->len != f->len) {
        lens_parse_reset(p);
        p->done = true;
        p->bytes = f->bytes;
        p->len = f->len;
        if (f->len > UINT32_MAX) {
            p->code = "too_large";
            p->message = "file exceeds tree-sitter's 4 GiB limit";
        } else {
            p->tree =
                ts_parser_parse_string(p->parser, NULL, (const char *)f->bytes, (uint32_t)f->len);
            if (!p->tree) {
                p->code = "parse_failed";
                p->message = "tree-sitter returned no tree (timeout or cancellation)";
                ts_parser_reset(p->parser);
            }
        }
    }
    *problem_code = p->code;
    *problem_message = p->message;
    return p->tree;
}

size_t lens_count(void)
{
    return sizeof lens_table / sizeof lens_table[0];
}

const lens_def *lens_at(size_t i)
{
    return i < lens_count() ? lens_table[i] : NULL;
}

const lens_def *lens_find(const char *name)
{
    for (size_t i = 0; i < lens_count(); i++)
        if (strcmp(lens_table[i]->name, name) == 0)
            return lens_table[i];
    return NULL;
}

bool lens_produces(const lens_def *l, const char *dataset)
{
    for (const char *const *d = l->datasets; *d; d++)
        if (strcmp(*d, dataset) == 0)
            return true;
    return false;
}

void lens_emit_problem(const lens_sink *sink, const lens_file *f, const char *lens,
                       const char *code, const char *severity, const char *message, int64_t bstart,
                       int64_t line)
{
    const reg_dataset *ds = registry_find("file_errors_v1");
    rowbuf *b = ds ? sink->rows(sink->ctx, ds) : NULL;
    if (!b)
        return;
    rowbuf_add_row(b);
    rowbuf_set_i64(b, registry_col_must(ds, "file_id"), f->file_id);
    rowbuf_set_cstr(b, registry_col_must(ds, "path"), f->path);
    rowbuf_set_cstr(b, registry_col_must(ds, "lens"), lens);
    rowbuf_set_cstr(b, registry_col_must(ds, "error_code"), code);
    rowbuf_set_cstr(b, registry_col_must(ds, "severity"), severity);
    rowbuf_set_cstr(b, registry_col_must(ds, "message"), message);
    if (bstart >= 0)
        rowbuf_set_i64(b, registry_col_must(ds, "bstart"), bstart);
    if (line > 0)
        rowbuf_set_i32(b, registry_col_must(ds, "line"), (int32_t)line);
}
