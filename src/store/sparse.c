/*
 * sparse.c — id columns stored sparse: what the writer puts in a Parquet file and what every
 * reader of pycpg's puts back (docs/datasets.md, "Sparse id columns").
 *
 * A column with a derive expression (reg_column.derive: the recipe of a stable id over the
 * row's other columns) holds, in its files, NULL where the recipe gives its value and the
 * value itself elsewhere, and is read as coalesce(c, derive). So the file holds the value only
 * where the recipe does not give it (a tree-sitter node whose id repeats in its file, a path
 * whose bytes were not UTF-8), and a reader gets every row's value back whatever the lens
 * computed: the layout loses nothing by construction. A random 64-bit id costs about 8 bytes
 * a row compressed; a column that is NULL on almost every row costs next to nothing.
 *
 * Two writers make the same test. Rows the lenses hand over (pycpg_rows) are tested in C as
 * each chunk goes to the Parquet writer (store_sparse_chunk: the column's recipe as data,
 * reg_column.recipe, over the chunk's own vectors). Rows a query makes (the link's) are
 * tested in SQL:
 *   CASE WHEN c IS NOT DISTINCT FROM (derive) THEN NULL
 *        WHEN c IS NULL THEN error(…) ELSE c END
 *
 * Invariants: a NULL stored in such a column means "the recipe's value", so a row whose value
 * is NULL while its recipe gives one cannot be written: the COPY fails with that message (the
 * lenses never make such a row: each sparse column is their own id of the same parts). A
 * recipe reads no sparse column (the registry refuses one): it must see the row's values, not
 * their stored NULLs. Readers call pycpg_id, registered on every connection of the store's.
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

/* " REPLACE (expr AS c, …)": each sparse column as it is written (writing; with c_sparse, not
 * the recipe columns: store_sparse_chunk makes those sparse in C) or read back; nothing when
 * no column is. */
static void replace_list(sbuf *sql, const reg_dataset *ds, bool writing, bool c_sparse)
{
    bool first = true;
    for (size_t c = 0; c < ds->ncols; c++) {
        const reg_column *col = &ds->cols[c];
        if (!col->derive || (writing && c_sparse && col->recipe))
            continue;
        sbuf_puts(sql, first ? " REPLACE (" : ", ");
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
    if (!first)
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

void store_sparse_write_list(sbuf *sql, const reg_dataset *ds, bool c_sparse)
{
    sbuf_puts(sql, "*");
    if (!sparse_off())
        replace_list(sql, ds, true, c_sparse);
}

/* The recipe columns of a chunk in C: the same test as the SQL form above (the value is NULL
 * where the recipe gives it), over the vectors the chunk hands to the Parquet writer, so the
 * recipe sees exactly the values a reader will (strings after chunks.c's UTF-8 repair). It
 * costs a hash per value, not DuckDB's string concatenation and CASE as well. */
const char *store_sparse_chunk(const reg_dataset *ds, duckdb_data_chunk chunk, idx_t n)
{
    if (sparse_off() || n == 0)
        return NULL;
    const char *msg = NULL;
    int64_t *ids = NULL;
    bool *has = NULL;
    for (size_t c = 0; c < ds->ncols && !msg; c++) {
        const reg_id_recipe *rc = ds->cols[c].recipe;
        if (!rc)
            continue;
        if (!ids) {
            ids = core_malloc(n * sizeof *ids);
            has = core_malloc(n * sizeof *has);
        }
        store_id_part parts[REG_ID_PARTS];
        size_t np = 0;
        for (; np < REG_ID_PARTS && rc->parts[np].column; np++) {
            /* the registry checked the name: registry_col_must never fails here */
            size_t k = registry_col_must(ds, rc->parts[np].column);
            store_id_part_of(&parts[np], duckdb_data_chunk_get_vector(chunk, (idx_t)k));
            parts[np].lead = rc->parts[np].lead;
            parts[np].if_null = rc->parts[np].if_null;
        }
        if (!store_ids_of_vectors(rc->prefix, parts, np, n, ids, has)) {
            msg = "a sparse column's recipe reads a column of a type it cannot render";
            break;
        }
        duckdb_vector v = duckdb_data_chunk_get_vector(chunk, c);
        const int64_t *val = duckdb_vector_get_data(v);
        duckdb_vector_ensure_validity_writable(v);
        uint64_t *valid = duckdb_vector_get_validity(v);
        for (idx_t r = 0; r < n && !msg; r++) {
            bool is_null = !duckdb_validity_row_is_valid(valid, r);
            if (is_null && has[r])
                msg = "a sparse id column holds NULL where its recipe gives a value";
            else if (!is_null && has[r] && ids[r] == val[r])
                duckdb_validity_set_row_invalid(valid, r);
        }
    }
    core_free(ids);
    core_free(has);
    return msg;
}

void store_dataset_select(sbuf *out, const reg_dataset *ds, const char *from)
{
    sbuf_puts(out, "SELECT *");
    if (ds)
        replace_list(out, ds, false, false);
    sbuf_puts(out, " FROM ");
    sbuf_puts(out, from);
}
