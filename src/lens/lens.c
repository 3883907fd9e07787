/*
 * lens.c — the lens table and what all lenses share (problem rows).
 */
#include "lens.h"

#include <string.h>

static const lens_def *const lens_table[] = {
    &lens_tree_sitter,
    &lens_cpython,
};

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
