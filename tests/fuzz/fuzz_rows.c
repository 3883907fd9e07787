/*
 * fuzz_rows.c — the in-memory sink and the row invariants of the fuzz harnesses (fuzz.h).
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void fuzz_die(const char *what, const char *msg)
{
    fprintf(stderr, "fuzz: %s: %s\n", what, msg ? msg : "");
    abort();
}

static rowbuf *rows_for(void *ctx, const reg_dataset *ds)
{
    fuzz_rows *r = ctx;
    if (!r->bufs[ds->index])
        r->bufs[ds->index] = registry_rowbuf_new(ds);
    return r->bufs[ds->index];
}

void fuzz_rows_init(fuzz_rows *r)
{
    r->bufs = core_calloc(registry_count(), sizeof *r->bufs);
    r->sink = (lens_sink){r, rows_for};
}

void fuzz_rows_clear(fuzz_rows *r)
{
    for (size_t i = 0; i < registry_count(); i++)
        if (r->bufs[i])
            rowbuf_clear(r->bufs[i]);
}

void fuzz_rows_free(fuzz_rows *r)
{
    for (size_t i = 0; r->bufs && i < registry_count(); i++)
        rowbuf_free(r->bufs[i]);
    core_free(r->bufs);
    r->bufs = NULL;
}

static _Noreturn void broken(const reg_dataset *ds, size_t col, size_t row, const char *what)
{
    char msg[512];
    snprintf(msg, sizeof msg, "%s.%s row %zu: %s", ds->name, ds->cols[col].name, row, what);
    fuzz_die("invariant", msg);
}

/* The column index named prefix + suffix, or SIZE_MAX. */
static size_t col_named(const reg_dataset *ds, const char *name, size_t plen, const char *suffix)
{
    char want[128];
    snprintf(want, sizeof want, "%.*s%s", (int)plen, name, suffix);
    for (size_t c = 0; c < ds->ncols; c++)
        if (strcmp(ds->cols[c].name, want) == 0)
            return c;
    return SIZE_MAX;
}

static void check_span(const reg_dataset *ds, const rowbuf *b, size_t col, size_t row,
                       int64_t span_len)
{
    const char *name = ds->cols[col].name;
    size_t n = strlen(name);
    if (span_len < 0 || n < 6 || strcmp(name + n - 6, "bstart") != 0)
        return;
    int64_t bs = rowbuf_get_i64(b, col, row);
    if (bs < 0 || bs > span_len)
        broken(ds, col, row, "span start outside the input");
    size_t end = col_named(ds, name, n - 6, "bend");
    if (end == SIZE_MAX || rowbuf_is_null(b, end, row))
        return;
    int64_t be = rowbuf_get_i64(b, end, row);
    if (be < bs || be > span_len)
        broken(ds, end, row, "span end before its start or outside the input");
}

void fuzz_rows_check(const fuzz_rows *r, int64_t span_len)
{
    for (size_t i = 0; i < registry_count(); i++) {
        const rowbuf *b = r->bufs[i];
        const reg_dataset *ds = registry_at(i);
        for (size_t row = 0; b && row < rowbuf_rows(b); row++)
            for (size_t col = 0; col < ds->ncols; col++) {
                if (rowbuf_is_null(b, col, row)) {
                    if (ds->cols[col].flags & REG_REQUIRED)
                        broken(ds, col, row, "NULL in a required column");
                    continue;
                }
                check_span(ds, b, col, row, span_len);
            }
    }
}
