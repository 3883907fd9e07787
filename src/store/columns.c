/*
 * columns.c — whole relations between DuckDB and C, column by column: for pycpg's own
 * computations that SQL does badly (a fixed point over millions of facts), which read tables
 * the store's SQL made and write their results back as tables for more SQL.
 *
 * Reading (store_query_columns) takes the result of one query chunk by chunk (typed vectors,
 * no text rendering): integer columns of any width and sign, and booleans, become int64_t
 * (UBIGINT keeps its bit pattern); VARCHAR becomes bytes in one growing buffer per column,
 * addressed by offsets. Writing (store_table_from_columns) creates a table and fills it through
 * a DuckDB appender, a data chunk at a time. Strings are data here, never SQL text, so
 * repository content keeps its promise (store.h): it reaches DuckDB only as appended values.
 *
 * Invariant: rows keep the query's order; every column has the same number of rows (n); a
 * NULL is flagged in the column's null array (its value is 0 or the empty string).
 */
#include "store_int.h"

#include <string.h>

/* ---- the column set ------------------------------------------------------------------- */

static void column_grow(store_column *c, size_t need)
{
    if (need <= c->cap)
        return;
    size_t cap = c->cap ? c->cap * 2 : 4096;
    while (cap < need)
        cap *= 2;
    c->null = core_realloc(c->null, cap * sizeof *c->null);
    if (c->type == STORE_COL_STR)
        c->off = core_realloc(c->off, (cap + 1) * sizeof *c->off);
    else
        c->i64 = core_realloc(c->i64, cap * sizeof *c->i64);
    c->cap = cap;
}

void store_columns_free(store_columns *c)
{
    for (size_t i = 0; c->cols && i < c->ncols; i++) {
        core_free(c->cols[i].i64);
        core_free(c->cols[i].off);
        core_free(c->cols[i].null);
        sbuf_free(&c->cols[i].bytes);
    }
    core_free(c->cols);
    memset(c, 0, sizeof *c);
}

void store_columns_init(store_columns *c, size_t ncols, const store_col_type *types)
{
    memset(c, 0, sizeof *c);
    c->ncols = ncols;
    c->cols = core_calloc(ncols ? ncols : 1, sizeof *c->cols);
    for (size_t i = 0; i < ncols; i++)
        c->cols[i].type = types[i];
}

void store_columns_add_i64(store_columns *c, size_t col, int64_t v, bool null)
{
    store_column *k = &c->cols[col];
    column_grow(k, k->n + 1);
    k->i64[k->n] = null ? 0 : v;
    k->null[k->n++] = null;
}

void store_columns_add_str(store_columns *c, size_t col, const char *s, size_t len, bool null)
{
    store_column *k = &c->cols[col];
    column_grow(k, k->n + 1);
    if (k->n == 0)
        k->off[0] = 0;
    if (!null)
        sbuf_append(&k->bytes, s, len);
    k->off[k->n + 1] = k->bytes.len;
    k->null[k->n++] = null;
}

const char *store_columns_str(const store_columns *c, size_t col, size_t row, size_t *len)
{
    const store_column *k = &c->cols[col];
    *len = k->off[row + 1] - k->off[row];
    return k->bytes.data ? k->bytes.data + k->off[row] : "";
}

/* ---- reading ---------------------------------------------------------------------------- */

static bool integer_type(duckdb_type t)
{
    switch (t) {
    case DUCKDB_TYPE_BOOLEAN:
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
    case DUCKDB_TYPE_UBIGINT:
        return true;
    default:
        return false;
    }
}

static int64_t integer_at(duckdb_type t, const void *data, idx_t r)
{
    switch (t) {
    case DUCKDB_TYPE_BOOLEAN:
        return ((const bool *)data)[r];
    case DUCKDB_TYPE_TINYINT:
        return ((const int8_t *)data)[r];
    case DUCKDB_TYPE_SMALLINT:
        return ((const int16_t *)data)[r];
    case DUCKDB_TYPE_INTEGER:
        return ((const int32_t *)data)[r];
    case DUCKDB_TYPE_UTINYINT:
        return ((const uint8_t *)data)[r];
    case DUCKDB_TYPE_USMALLINT:
        return ((const uint16_t *)data)[r];
    case DUCKDB_TYPE_UINTEGER:
        return ((const uint32_t *)data)[r];
    case DUCKDB_TYPE_UBIGINT:
        return (int64_t)((const uint64_t *)data)[r];
    default:
        return ((const int64_t *)data)[r];
    }
}

/* Appends one fetched chunk's rows to out. */
static void take_chunk(store_columns *out, duckdb_data_chunk chunk, const duckdb_type *types)
{
    idx_t rows = duckdb_data_chunk_get_size(chunk);
    for (size_t c = 0; c < out->ncols; c++) {
        duckdb_vector v = duckdb_data_chunk_get_vector(chunk, c);
        const void *data = duckdb_vector_get_data(v);
        uint64_t *valid = duckdb_vector_get_validity(v);
        for (idx_t r = 0; r < rows; r++) {
            bool null = valid && !duckdb_validity_row_is_valid(valid, r);
            if (out->cols[c].type == STORE_COL_I64) {
                store_columns_add_i64(out, c, null ? 0 : integer_at(types[c], data, r), null);
            } else {
                duckdb_string_t *s = &((duckdb_string_t *)data)[r];
                store_columns_add_str(out, c, null ? "" : duckdb_string_t_data(s),
                                      null ? 0 : duckdb_string_t_length(*s), null);
            }
        }
    }
}

pc_status store_query_columns(store *s, const char *sql, store_columns *out, pc_err *err)
{
    memset(out, 0, sizeof *out);
    duckdb_result res;
    pc_status rc = store_query_lifted(s, sql, &res, err);
    if (rc != PC_OK)
        return rc;
    size_t ncols = duckdb_column_count(&res);
    duckdb_type *types = core_calloc(ncols + 1, sizeof *types);
    store_col_type *kinds = core_calloc(ncols + 1, sizeof *kinds);
    for (size_t c = 0; c < ncols && rc == PC_OK; c++) {
        types[c] = duckdb_column_type(&res, c);
        if (integer_type(types[c]))
            kinds[c] = STORE_COL_I64;
        else if (types[c] == DUCKDB_TYPE_VARCHAR)
            kinds[c] = STORE_COL_STR;
        else
            rc = pc_fail(err, PC_ERR_INTERNAL,
                         "store_query_columns: column %s is not an integer "
                         "or text",
                         duckdb_column_name(&res, c));
    }
    store_columns_init(out, ncols, kinds);
    for (duckdb_data_chunk ch; rc == PC_OK && (ch = duckdb_fetch_chunk(res)) != NULL;) {
        take_chunk(out, ch, types);
        duckdb_destroy_data_chunk(&ch);
    }
    duckdb_destroy_result(&res);
    core_free(types);
    core_free(kinds);
    if (rc != PC_OK)
        store_columns_free(out);
    return rc;
}

/* ---- writing ------------------------------------------------------------------------------ */

/* Fills chunk with rows [from, from + n) of c. */
static void fill_chunk(duckdb_data_chunk chunk, const store_columns *c, size_t from, size_t n)
{
    for (size_t k = 0; k < c->ncols; k++) {
        duckdb_vector v = duckdb_data_chunk_get_vector(chunk, k);
        duckdb_vector_ensure_validity_writable(v);
        uint64_t *valid = duckdb_vector_get_validity(v);
        const store_column *col = &c->cols[k];
        int64_t *data = duckdb_vector_get_data(v);
        for (size_t r = 0; r < n; r++) {
            if (col->null[from + r]) {
                duckdb_validity_set_row_invalid(valid, r);
                continue;
            }
            if (col->type != STORE_COL_STR) { /* UBIGINT: the same 8 bytes */
                data[r] = col->i64[from + r];
                continue;
            }
            size_t len = 0;
            const char *p = store_columns_str(c, k, from + r, &len);
            duckdb_vector_assign_string_element_len(v, r, p, len);
        }
    }
    duckdb_data_chunk_set_size(chunk, n);
}

pc_status store_table_from_columns(store *s, const char *table, const char *const *names,
                                   const store_columns *c, pc_err *err)
{
    sbuf sql = SBUF_INIT;
    sbuf_puts(&sql, "CREATE OR REPLACE TABLE ");
    sbuf_sql_ident(&sql, table);
    sbuf_puts(&sql, " (");
    for (size_t k = 0; k < c->ncols; k++) {
        sbuf_puts(&sql, k ? ", " : "");
        sbuf_sql_ident(&sql, names[k]);
        sbuf_puts(&sql, c->cols[k].type == STORE_COL_I64   ? " BIGINT"
                        : c->cols[k].type == STORE_COL_U64 ? " UBIGINT"
                                                           : " VARCHAR");
    }
    sbuf_puts(&sql, ")");
    pc_status rc = store_exec(s, sql.data, err);
    sbuf_free(&sql);
    duckdb_appender app = NULL;
    if (rc == PC_OK && duckdb_appender_create(s->con, NULL, table, &app) != DuckDBSuccess)
        rc = pc_fail(err, PC_ERR_DB, "duckdb: cannot append to %s", table);
    duckdb_logical_type types[64];
    size_t ntypes = 0, nrows = c->ncols ? c->cols[0].n : 0;
    for (size_t k = 0; rc == PC_OK && k < c->ncols; k++)
        if (c->cols[k].n != nrows)
            rc = pc_fail(err, PC_ERR_INTERNAL, "store_table_from_columns: ragged columns");
    if (rc == PC_OK && PC_NEVER(c->ncols > 64))
        rc = pc_fail(err, PC_ERR_INTERNAL, "store_table_from_columns: too many columns");
    for (; rc == PC_OK && ntypes < c->ncols; ntypes++)
        types[ntypes] = duckdb_create_logical_type(
            c->cols[ntypes].type == STORE_COL_I64   ? DUCKDB_TYPE_BIGINT
            : c->cols[ntypes].type == STORE_COL_U64 ? DUCKDB_TYPE_UBIGINT
                                                    : DUCKDB_TYPE_VARCHAR);
    size_t step = duckdb_vector_size();
    for (size_t from = 0; rc == PC_OK && from < nrows; from += step) {
        size_t n = nrows - from < step ? nrows - from : step;
        duckdb_data_chunk chunk = duckdb_create_data_chunk(types, c->ncols);
        fill_chunk(chunk, c, from, n);
        if (duckdb_append_data_chunk(app, chunk) != DuckDBSuccess) {
            duckdb_error_data e = duckdb_appender_error_data(app);
            rc = pc_fail(err, PC_ERR_DB, "duckdb append to %s: %s", table,
                         duckdb_error_data_message(e));
            duckdb_destroy_error_data(&e);
        }
        duckdb_destroy_data_chunk(&chunk);
    }
    for (size_t k = 0; k < ntypes; k++)
        duckdb_destroy_logical_type(&types[k]);
    if (app && duckdb_appender_destroy(&app) != DuckDBSuccess && rc == PC_OK)
        rc = pc_fail(err, PC_ERR_DB, "duckdb: cannot finish appending to %s", table);
    return rc;
}
