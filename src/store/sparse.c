/*
 * sparse.c — id columns stored sparse: what the writer puts in a Parquet file and what every
 * reader of pycpg's puts back (docs/datasets.md, "Sparse id columns").
 *
 * A column with a derive expression (reg_column.derive: the recipe of a stable id over the
 * row's other columns) is written as
 *   CASE WHEN c IS NOT DISTINCT FROM (derive) THEN NULL
 *        WHEN c IS NULL THEN error(…) ELSE c END
 * and read as coalesce(c, derive). So the file holds the value only where the recipe does not
 * give it (a tree-sitter node whose id repeats in its file, a path whose bytes were not UTF-8),
 * and a reader gets every row's value back whatever the lens computed: the layout loses
 * nothing by construction. A random 64-bit id costs about 8 bytes a row compressed; a column
 * that is NULL on almost every row costs next to nothing.
 *
 * Invariant: a NULL stored in such a column means "the recipe's value", so a row whose value is
 * NULL while its recipe gives one cannot be written; the COPY fails with that message (the
 * lenses never make such a row: each derived column is their own id of the same parts).
 * Both sides call pycpg_id, registered on every connection that writes or reads datasets.
 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

bool store_has_sparse(const reg_dataset *ds)
{
    for (size_t c = 0; c < ds->ncols; c++)
        if (ds->cols[c].derive)
            return true;
    return false;
}

/* " REPLACE (expr AS c, …)": each sparse column as it is written (writing) or read back. */
static void replace_list(sbuf *sql, const reg_dataset *ds, bool writing)
{
    sbuf_puts(sql, " REPLACE (");
    bool first = true;
    for (size_t c = 0; c < ds->ncols; c++) {
        const reg_column *col = &ds->cols[c];
        if (!col->derive)
            continue;
        if (!first)
            sbuf_puts(sql, ", ");
        first = false;
        if (writing) {
            sbuf_puts(sql, "CASE WHEN ");
            sbuf_sql_ident(sql, col->name);
            sbuf_printf(sql, " IS NOT DISTINCT FROM (%s) THEN NULL WHEN ", col->derive);
            sbuf_sql_ident(sql, col->name);
            sbuf_printf(sql,
                        " IS NULL THEN error('%s.%s: NULL where its recipe gives a value') "
                        "ELSE ",
                        ds->name, col->name);
            sbuf_sql_ident(sql, col->name);
            sbuf_puts(sql, " END");
        } else {
            sbuf_puts(sql, "coalesce(");
            sbuf_sql_ident(sql, col->name);
            sbuf_printf(sql, ", %s)", col->derive);
        }
        sbuf_puts(sql, " AS ");
        sbuf_sql_ident(sql, col->name);
    }
    sbuf_puts(sql, ")");
}

/* PYCPG_SPARSE=off: every column written whole (the layout before sparse columns), for the
 * test that reconstructs them (tests/cli/test_sparse.py) and for comparing sizes; read once. */
static bool sparse_off(void)
{
    static int off = -1;
    if (off < 0) {
        const char *v = getenv("PYCPG_SPARSE");
        off = v && strcmp(v, "off") == 0;
    }
    return off;
}

void store_sparse_write_list(sbuf *sql, const reg_dataset *ds)
{
    sbuf_puts(sql, "*");
    if (store_has_sparse(ds) && !sparse_off())
        replace_list(sql, ds, true);
}

void store_dataset_select(sbuf *out, const reg_dataset *ds, const char *from)
{
    sbuf_puts(out, "SELECT *");
    if (ds && store_has_sparse(ds))
        replace_list(out, ds, false);
    sbuf_puts(out, " FROM ");
    sbuf_puts(out, from);
}
