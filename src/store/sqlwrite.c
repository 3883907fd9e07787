/*
 * sqlwrite.c — datasets written from pycpg's own SQL (the link stage), and the pycpg_id
 * scalar function that makes stable ids inside DuckDB.
 *
 * store_write_query materialises the query once, in its order, into a temporary table
 * "q_<dataset>" (DuckDB keeps insertion order for CREATE TABLE AS; it spills to the temp
 * directory under the memory limit), validates it set-wise — NULL in a REG_REQUIRED column,
 * or a non-NULL "__violation" text the query computed (a kind contract) — into the same
 * e_<dataset> error table store_append uses, and writes the good rows to parts of at most
 * part_rows rows by row-id ranges of that table:
 *   COPY (SELECT <cols> FROM q WHERE rowid >= a AND rowid < b AND <good>) TO part-NNNNN
 * so the part boundaries and the row order are a function of the query alone, never of the
 * thread count (DuckDB's preserve_insertion_order, on by default and never turned off here,
 * keeps a scan's rows in table order without a sort). One scan of q counts its rows, its bad
 * rows and the columns that ever hold a value. The error artifacts and the report are those
 * of store_finish.
 *
 * pycpg_id(prefix, part, …) is core's id_hash over "prefix␟part␟…" with integers in
 * decimal and booleans as true/false — the same bytes a C id_builder would feed; NULL in any
 * argument gives NULL (a masked id). Rows are hashed in chunk-sized batches with
 * id_hash_many.
 *
 * pycpg_span_text(bytes, bstart, bend) is the text of bytes[bstart, bend) (0-based, clamped to
 * the blob): the bytes themselves when they are well-formed UTF-8, else DuckDB's own BLOB to
 * VARCHAR rendering of them (printable ASCII but ' " \ kept, every other byte \xNN) — what
 * coalesce(try(decode(b[s + 1:e])), CAST(b[s + 1:e] AS VARCHAR)) gives, without the copy of
 * the whole blob that DuckDB's slice makes for each row (a file's comments: hundreds of MB).
 */
#include "store_int.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* ---- pycpg_id ------------------------------------------------------------------------- */

#define ID_MAX_PARTS 16

static bool part_text(duckdb_vector v, duckdb_type t, idx_t row, sbuf *out)
{
    void *data = duckdb_vector_get_data(v);
    switch (t) {
    case DUCKDB_TYPE_BIGINT: /* integers without printf: this runs for every id of the link */
        sbuf_put_i64(out, ((int64_t *)data)[row]);
        return true;
    case DUCKDB_TYPE_INTEGER:
        sbuf_put_i64(out, ((int32_t *)data)[row]);
        return true;
    case DUCKDB_TYPE_SMALLINT:
        sbuf_put_i64(out, ((int16_t *)data)[row]);
        return true;
    case DUCKDB_TYPE_BOOLEAN:
        sbuf_puts(out, ((bool *)data)[row] ? "true" : "false");
        return true;
    case DUCKDB_TYPE_VARCHAR: {
        duckdb_string_t *s = &((duckdb_string_t *)data)[row];
        sbuf_append(out, duckdb_string_t_data(s), duckdb_string_t_length(*s));
        return true;
    }
    default:
        return false;
    }
}

bool store_ids_of_vectors(const char *prefix, const store_id_part *parts, size_t nparts, idx_t rows,
                          int64_t *ids, bool *has)
{
    sbuf msgs = SBUF_INIT;
    size_t *offs = core_malloc((rows + 1) * sizeof *offs);
    bool ok = true;
    for (idx_t r = 0; r < rows && ok; r++) {
        offs[r] = msgs.len;
        has[r] = true;
        if (prefix)
            sbuf_puts(&msgs, prefix);
        for (size_t c = 0; c < nparts && has[r] && ok; c++) {
            const store_id_part *p = &parts[c];
            if (c || prefix)
                sbuf_putc(&msgs, '\x1f');
            if (p->valid && !duckdb_validity_row_is_valid((uint64_t *)p->valid, r)) {
                if (p->if_null)
                    sbuf_puts(&msgs, p->if_null);
                else
                    has[r] = false;
                continue;
            }
            if (p->lead)
                sbuf_puts(&msgs, p->lead);
            ok = part_text(p->v, p->type, r, &msgs);
        }
        if (!has[r])
            msgs.len = offs[r];
    }
    offs[rows] = msgs.len;
    if (ok) {
        const uint8_t **ptrs = core_malloc((rows ? rows : 1) * sizeof *ptrs);
        size_t *lens = core_malloc((rows ? rows : 1) * sizeof *lens);
        for (idx_t r = 0; r < rows; r++) {
            ptrs[r] = (const uint8_t *)(msgs.data ? msgs.data : "") + offs[r];
            lens[r] = offs[r + 1] - offs[r];
        }
        id_hash_many(rows, ptrs, lens, ids);
        core_free(ptrs);
        core_free(lens);
    }
    core_free(offs);
    sbuf_free(&msgs);
    return ok;
}

void store_id_part_of(store_id_part *p, duckdb_vector v)
{
    duckdb_logical_type lt = duckdb_vector_get_column_type(v);
    p->v = v;
    p->type = duckdb_get_type_id(lt);
    p->valid = duckdb_vector_get_validity(v);
    duckdb_destroy_logical_type(&lt);
}

static void id_function(duckdb_function_info info, duckdb_data_chunk input, duckdb_vector output)
{
    idx_t rows = duckdb_data_chunk_get_size(input);
    idx_t ncols = duckdb_data_chunk_get_column_count(input);
    if (ncols < 1 || ncols > ID_MAX_PARTS) {
        duckdb_scalar_function_set_error(info, "pycpg_id: 1 to 16 arguments");
        return;
    }
    store_id_part parts[ID_MAX_PARTS] = {{0}};
    for (idx_t c = 0; c < ncols; c++)
        store_id_part_of(&parts[c], duckdb_data_chunk_get_vector(input, c));
    int64_t *out = duckdb_vector_get_data(output);
    duckdb_vector_ensure_validity_writable(output);
    uint64_t *out_valid = duckdb_vector_get_validity(output);
    bool *has = core_malloc((rows ? rows : 1) * sizeof *has);
    if (!store_ids_of_vectors(NULL, parts, ncols, rows, out, has))
        duckdb_scalar_function_set_error(info, "pycpg_id: unsupported argument type");
    else
        for (idx_t r = 0; r < rows; r++)
            if (!has[r])
                duckdb_validity_set_row_invalid(out_valid, r);
    core_free(has);
}

/* ---- pycpg_span_text ------------------------------------------------------------------ */

/* Appends b[0..n) as DuckDB casts a BLOB to VARCHAR. */
static void blob_escaped(sbuf *out, const unsigned char *b, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = b[i];
        if (c >= 0x20 && c <= 0x7E && c != '"' && c != '\'' && c != '\\') {
            sbuf_putc(out, (char)c);
        } else {
            char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
            sbuf_append(out, esc, sizeof esc);
        }
    }
}

static void span_text_function(duckdb_function_info info, duckdb_data_chunk input,
                               duckdb_vector output)
{
    (void)info;
    idx_t rows = duckdb_data_chunk_get_size(input);
    duckdb_vector cols[3];
    uint64_t *valid[3];
    for (idx_t c = 0; c < 3; c++) {
        cols[c] = duckdb_data_chunk_get_vector(input, c);
        valid[c] = duckdb_vector_get_validity(cols[c]);
    }
    duckdb_string_t *blobs = duckdb_vector_get_data(cols[0]);
    const int64_t *starts = duckdb_vector_get_data(cols[1]);
    const int64_t *ends = duckdb_vector_get_data(cols[2]);
    duckdb_vector_ensure_validity_writable(output);
    uint64_t *out_valid = duckdb_vector_get_validity(output);
    sbuf esc = SBUF_INIT;
    for (idx_t r = 0; r < rows; r++) {
        bool null = false;
        for (idx_t c = 0; c < 3; c++)
            null = null || (valid[c] && !duckdb_validity_row_is_valid(valid[c], r));
        if (null) {
            duckdb_validity_set_row_invalid(out_valid, r);
            continue;
        }
        const char *b = duckdb_string_t_data(&blobs[r]);
        int64_t n = (int64_t)duckdb_string_t_length(blobs[r]);
        int64_t s = starts[r] < 0 ? 0 : starts[r] > n ? n : starts[r];
        int64_t e = ends[r] < s ? s : ends[r] > n ? n : ends[r];
        size_t len = (size_t)(e - s);
        if (utf8_valid_prefix(b + s, len) == len) {
            duckdb_vector_assign_string_element_len(output, r, b + s, len);
        } else {
            sbuf_reset(&esc);
            blob_escaped(&esc, (const unsigned char *)b + s, len);
            duckdb_vector_assign_string_element_len(output, r, esc.data, esc.len);
        }
    }
    sbuf_free(&esc);
}

/* pycpg_ast_id(file_id, ast_idx): core's id_ast_node over the prefixes its extra info points
 * to (a slot of the store or reader that registered it, which outlives the connection and may
 * fill the slot after registering). A file the map does not hold is an error, never a guessed
 * prefix. */
static void ast_id_function(duckdb_function_info info, duckdb_data_chunk input,
                            duckdb_vector output)
{
    const id_prefix_map *const *slot = duckdb_scalar_function_get_extra_info(info);
    const id_prefix_map *m = *slot ? *slot : id_prefix_map_empty();
    idx_t rows = duckdb_data_chunk_get_size(input);
    duckdb_vector cols[2] = {duckdb_data_chunk_get_vector(input, 0),
                             duckdb_data_chunk_get_vector(input, 1)};
    uint64_t *valid[2] = {duckdb_vector_get_validity(cols[0]), duckdb_vector_get_validity(cols[1])};
    const int64_t *files = duckdb_vector_get_data(cols[0]);
    const int64_t *idx = duckdb_vector_get_data(cols[1]);
    int64_t *out = duckdb_vector_get_data(output);
    duckdb_vector_ensure_validity_writable(output);
    uint64_t *out_valid = duckdb_vector_get_validity(output);
    for (idx_t r = 0; r < rows; r++) {
        if ((valid[0] && !duckdb_validity_row_is_valid(valid[0], r)) ||
            (valid[1] && !duckdb_validity_row_is_valid(valid[1], r))) {
            duckdb_validity_set_row_invalid(out_valid, r);
            continue;
        }
        out[r] = id_ast_node(m, files[r], idx[r]);
        if (out[r] < 0) {
            char msg[160];
            snprintf(msg, sizeof msg,
                     "pycpg_ast_id: file_id %" PRId64 " is not a file of this output "
                     "(repo_files_v1)",
                     files[r]);
            duckdb_scalar_function_set_error(info, msg);
            return;
        }
    }
}

/* Registers one scalar function: name(params…) → ret, computed by fn; extra is handed to fn
 * (borrowed). */
static pc_status register_scalar(duckdb_connection con, const char *name, duckdb_type *params,
                                 size_t nparams, bool varargs, duckdb_type ret,
                                 duckdb_scalar_function_t fn, void *extra, pc_err *err)
{
    duckdb_scalar_function f = duckdb_create_scalar_function();
    duckdb_scalar_function_set_name(f, name);
    if (extra)
        duckdb_scalar_function_set_extra_info(f, extra, NULL);
    for (size_t i = 0; i < nparams; i++) {
        duckdb_logical_type t = duckdb_create_logical_type(params[i]);
        if (varargs)
            duckdb_scalar_function_set_varargs(f, t);
        else
            duckdb_scalar_function_add_parameter(f, t);
        duckdb_destroy_logical_type(&t);
    }
    duckdb_logical_type r = duckdb_create_logical_type(ret);
    duckdb_scalar_function_set_return_type(f, r);
    duckdb_destroy_logical_type(&r);
    duckdb_scalar_function_set_function(f, fn);
    pc_status rc = PC_OK;
    if (duckdb_register_scalar_function(con, f) != DuckDBSuccess)
        rc = pc_fail(err, PC_ERR_DB, "duckdb: cannot register the %s function", name);
    duckdb_destroy_scalar_function(&f);
    return rc;
}

pc_status store_register_functions(duckdb_connection con, pc_err *err)
{
    duckdb_type any = DUCKDB_TYPE_ANY;
    duckdb_type span[] = {DUCKDB_TYPE_BLOB, DUCKDB_TYPE_BIGINT, DUCKDB_TYPE_BIGINT};
    pc_status rc =
        register_scalar(con, "pycpg_id", &any, 1, true, DUCKDB_TYPE_BIGINT, id_function, NULL, err);
    if (rc == PC_OK)
        rc = register_scalar(con, "pycpg_span_text", span, 3, false, DUCKDB_TYPE_VARCHAR,
                             span_text_function, NULL, err);
    return rc;
}

pc_status store_register_ast_id(duckdb_connection con, const id_prefix_map *const *slot,
                                pc_err *err)
{
    duckdb_type args[] = {DUCKDB_TYPE_BIGINT, DUCKDB_TYPE_BIGINT};
    return register_scalar(con, "pycpg_ast_id", args, 2, false, DUCKDB_TYPE_BIGINT, ast_id_function,
                           (void *)slot, err);
}

/* The recorded prefixes as store_prefixes_load reads them, row by row. */
typedef struct {
    int64_t *file_ids;
    uint32_t *prefixes;
    size_t n, cap;
} prefix_rows;

static pc_status add_prefix(void *ctx, const char *const *vals, size_t n, pc_err *err)
{
    (void)err;
    prefix_rows *r = ctx;
    if (n < 2 || !vals[0] || !vals[1])
        return PC_OK;
    size_t cap = r->cap; /* the two arrays grow together: one capacity */
    r->file_ids = core_grow(r->file_ids, &cap, r->n + 1, sizeof *r->file_ids, 256);
    r->prefixes = core_grow(r->prefixes, &r->cap, r->n + 1, sizeof *r->prefixes, 256);
    r->file_ids[r->n] = strtoll(vals[0], NULL, 10);
    r->prefixes[r->n++] = (uint32_t)strtoll(vals[1], NULL, 10);
    return PC_OK;
}

id_prefix_map *store_prefixes_load(duckdb_connection con, const char *dir)
{
    sbuf sql = SBUF_INIT;
    sbuf_puts(&sql, "SELECT file_id, id_prefix FROM ");
    store_parts_sql(&sql, dir, "repo_files_v1", false);
    prefix_rows r = {0};
    pc_err err;
    pc_err_clear(&err);
    /* no parts (an output of no file, --only): no file, so no id to compute */
    if (store_query_rows_con(con, sql.data, add_prefix, &r, &err) != PC_OK)
        r.n = 0;
    id_prefix_map *m = id_prefix_map_of(r.n, r.file_ids, r.prefixes);
    core_free(r.file_ids);
    core_free(r.prefixes);
    sbuf_free(&sql);
    return m;
}

/* ---- queries with results ------------------------------------------------------------- */

pc_status store_query_i64(store *s, const char *sql, int64_t *out, pc_err *err)
{
    *out = 0;
    duckdb_result res;
    pc_status qrc = store_query_lifted(s, sql, &res, err);
    if (qrc != PC_OK)
        return qrc;
    if (duckdb_row_count(&res) > 0 && duckdb_column_count(&res) > 0)
        *out = duckdb_value_int64(&res, 0, 0);
    duckdb_destroy_result(&res);
    return PC_OK;
}

pc_status store_query_rows(store *s, const char *sql, store_row_fn fn, void *ctx, pc_err *err)
{
    return store_query_rows_con(s->con, sql, fn, ctx, err);
}

pc_status store_query_rows_con(duckdb_connection con, const char *sql, store_row_fn fn, void *ctx,
                               pc_err *err)
{
    duckdb_result res;
    pc_status qrc = store_query_con(con, sql, &res, err);
    if (qrc != PC_OK)
        return qrc;
    idx_t rows = duckdb_row_count(&res), cols = duckdb_column_count(&res);
    const char *vals[8];
    char *owned[8];
    pc_status rc = PC_OK;
    for (idx_t r = 0; r < rows && rc == PC_OK; r++) {
        idx_t n = cols < 8 ? cols : 8;
        for (idx_t c = 0; c < n; c++) {
            owned[c] = duckdb_value_is_null(&res, c, r) ? NULL : duckdb_value_varchar(&res, c, r);
            vals[c] = owned[c];
        }
        rc = fn(ctx, vals, (size_t)n, err);
        for (idx_t c = 0; c < n; c++)
            duckdb_free(owned[c]);
    }
    duckdb_destroy_result(&res);
    return rc;
}

/* ---- store_write_query ------------------------------------------------------------------ */

static void qname(sbuf *b, const reg_dataset *ds)
{
    char name[160];
    snprintf(name, sizeof name, "q_%s", ds->name);
    sbuf_sql_ident(b, name);
}

/* "(c1 IS NULL OR c2 IS NULL … OR __violation IS NOT NULL)" over the required columns. */
static void bad_predicate(sbuf *sql, const reg_dataset *ds, bool has_violation)
{
    sbuf_puts(sql, "(false");
    for (size_t c = 0; c < ds->ncols; c++) {
        if (!(ds->cols[c].flags & REG_REQUIRED))
            continue;
        sbuf_puts(sql, " OR ");
        sbuf_sql_ident(sql, ds->cols[c].name);
        sbuf_puts(sql, " IS NULL");
    }
    if (has_violation)
        sbuf_puts(sql, " OR __violation IS NOT NULL");
    sbuf_puts(sql, ")");
}

/* base: the rows of the dataset's earlier passes, so error row ids stay unique. */
static void error_insert_head(sbuf *sql, const reg_dataset *ds, const ds_state *st, int64_t base)
{
    sbuf_puts(sql, "INSERT INTO ");
    char name[160];
    snprintf(name, sizeof name, "e_%s", ds->name);
    sbuf_sql_ident(sql, name);
    sbuf_printf(sql, " SELECT rowid + %" PRId64 ", pycpg_id(", base);
    char prefix[160];
    snprintf(prefix, sizeof prefix, "%s:row", ds->name);
    sbuf_sql_literal(sql, prefix);
    for (size_t k = 0; k < st->nkeys; k++) {
        const reg_column *c = &ds->cols[st->keys[k]];
        sbuf_puts(sql, ", coalesce(CAST(");
        sbuf_sql_ident(sql, c->name);
        sbuf_puts(sql, " AS VARCHAR), '" ID_NULL_SENTINEL "')");
    }
    sbuf_puts(sql, ")");
    for (size_t k = 0; k < st->nkeys; k++) {
        sbuf_puts(sql, ", ");
        sbuf_sql_ident(sql, ds->cols[st->keys[k]].name);
    }
}

static pc_status record_errors(store *s, const reg_dataset *ds, ds_state *st, const char *table,
                               bool has_violation, int64_t base, pc_err *err)
{
    sbuf sql = SBUF_INIT;
    for (size_t c = 0; c < ds->ncols; c++) {
        if (!(ds->cols[c].flags & REG_REQUIRED))
            continue;
        error_insert_head(&sql, ds, st, base);
        char msg[160];
        snprintf(msg, sizeof msg, "%s is required.", ds->cols[c].name);
        sbuf_puts(&sql, ", 'REQUIRED_NON_NULL', ");
        sbuf_sql_literal(&sql, msg);
        sbuf_puts(&sql, ", ");
        sbuf_sql_literal(&sql, ds->cols[c].name);
        sbuf_puts(&sql, ", 'ERROR', 'required_non_null' FROM ");
        sbuf_puts(&sql, table);
        sbuf_puts(&sql, " WHERE ");
        sbuf_sql_ident(&sql, ds->cols[c].name);
        sbuf_puts(&sql, " IS NULL; ");
    }
    if (has_violation) {
        error_insert_head(&sql, ds, st, base);
        sbuf_puts(&sql, ", 'KIND_CONTRACT', __violation, NULL, 'ERROR', 'kind_contract' FROM ");
        sbuf_puts(&sql, table);
        sbuf_puts(&sql, " WHERE __violation IS NOT NULL; ");
    }
    pc_status rc = sql.len ? store_exec(s, sql.data, err) : PC_OK;
    sbuf_free(&sql);
    return rc;
}

/* The dataset's columns, each cast to its registry type (the table may hold other types). */
static void select_cols(sbuf *sql, const reg_dataset *ds)
{
    for (size_t c = 0; c < ds->ncols; c++) {
        sbuf_puts(sql, c ? ", CAST(" : "CAST(");
        sbuf_sql_ident(sql, ds->cols[c].name);
        sbuf_printf(sql, " AS %s) AS ", reg_type_sql(ds->cols[c].type));
        sbuf_sql_ident(sql, ds->cols[c].name);
    }
}

/* The one scan of q that counts its rows, its bad rows (*bad) and, per column, whether any
 * row has a value (the alignment artifact's missing_cols). */
typedef struct {
    ds_state *st;
    size_t ncols;
    int64_t all, bad;
} scan_counts;

static pc_status take_counts(void *ctx, const char *const *vals, size_t n, pc_err *err)
{
    (void)err;
    scan_counts *sc = ctx;
    sc->all = n > 0 && vals[0] ? strtoll(vals[0], NULL, 10) : 0;
    sc->bad = n > 1 && vals[1] ? strtoll(vals[1], NULL, 10) : 0;
    /* vals[2] packs one '0'/'1' per column: store_query_rows passes at most 8 values */
    const char *flags = n > 2 && vals[2] ? vals[2] : "";
    for (size_t c = 0; c < sc->ncols; c++) /* or-ed over the passes */
        sc->st->ever_set[c] = sc->st->ever_set[c] || (c < strlen(flags) && flags[c] == '1');
    return PC_OK;
}

static pc_status count_rows(store *s, const reg_dataset *ds, const char *table, bool has_violation,
                            int64_t *all, int64_t *bad, pc_err *err)
{
    ds_state *st = &s->states[ds->index];
    sbuf sql = SBUF_INIT;
    sbuf_puts(&sql, "SELECT count(*), count(*) FILTER (WHERE ");
    bad_predicate(&sql, ds, has_violation);
    sbuf_puts(&sql, "), concat(''");
    for (size_t c = 0; c < ds->ncols; c++) {
        sbuf_puts(&sql, ", CASE WHEN count(");
        sbuf_sql_ident(&sql, ds->cols[c].name);
        sbuf_puts(&sql, ") > 0 THEN '1' ELSE '0' END");
    }
    sbuf_puts(&sql, ") FROM ");
    sbuf_puts(&sql, table);
    scan_counts sc = {st, ds->ncols, 0, 0};
    pc_status rc = store_query_rows(s, sql.data, take_counts, &sc, err);
    *all = sc.all;
    *bad = sc.bad;
    sbuf_free(&sql);
    return rc;
}

void store_counts_add(store_count **counts, size_t *n, const char *key, int64_t value)
{
    for (size_t i = 0; i < *n; i++) /* a value counted before (an earlier pass or chunk) */
        if (strcmp((*counts)[i].key, key) == 0) {
            (*counts)[i].value += value;
            return;
        }
    *counts = core_realloc(*counts, (*n + 1) * sizeof **counts);
    (*counts)[*n].key = core_strdup(key);
    (*counts)[*n].value = value;
    (*n)++;
}

void store_counts_free(store_count **counts, size_t *n)
{
    for (size_t i = 0; i < *n; i++)
        core_free((*counts)[i].key);
    core_free(*counts);
    *counts = NULL;
    *n = 0;
}

/* One (value, count) row of count_by_value: into the report, and into the chunk's counts
 * when a chunk is open. */
typedef struct {
    ds_state *st;
    bool chunked;
} count_target;

static pc_status add_count(void *ctx, const char *const *vals, size_t n, pc_err *err)
{
    (void)err;
    count_target *t = ctx;
    if (n < 2)
        return PC_OK;
    const char *key = vals[0] ? vals[0] : "";
    int64_t value = vals[1] ? strtoll(vals[1], NULL, 10) : 0;
    store_counts_add(&t->st->rep.counts, &t->st->rep.ncounts, key, value);
    if (t->chunked)
        store_counts_add(&t->st->chunk_counts, &t->st->nchunk_counts, key, value);
    return PC_OK;
}

static pc_status count_by_value(store *s, const reg_dataset *ds, const char *table, const char *col,
                                bool has_violation, pc_err *err)
{
    ds_state *st = &s->states[ds->index];
    st->rep.count_by = col;
    sbuf sql = SBUF_INIT;
    sbuf_puts(&sql, "SELECT ");
    sbuf_sql_ident(&sql, col);
    sbuf_puts(&sql, ", count(*) FROM ");
    sbuf_puts(&sql, table);
    sbuf_puts(&sql, " WHERE NOT ");
    bad_predicate(&sql, ds, has_violation);
    sbuf_puts(&sql, " GROUP BY 1 ORDER BY 1");
    count_target t = {st, s->chunked};
    pc_status rc = store_query_rows(s, sql.data, add_count, &t, err);
    sbuf_free(&sql);
    return rc;
}

/* The good rows of q as the dataset's next parts (under the store's tag). */
static pc_status write_query_parts(store *s, const reg_dataset *ds, ds_state *st, const char *table,
                                   int64_t total, bool filter, bool has_violation, pc_err *err)
{
    pc_status rc = PC_OK;
    int64_t step = (int64_t)s->part_rows;
    for (int64_t a = 0; rc == PC_OK && a < total; a += step) {
        sbuf sql = SBUF_INIT;
        sbuf_puts(&sql, "COPY (SELECT ");
        store_sparse_write_list(&sql, ds, false);
        sbuf_puts(&sql, " FROM (SELECT ");
        select_cols(&sql, ds);
        sbuf_puts(&sql, " FROM ");
        sbuf_puts(&sql, table);
        sbuf_printf(&sql, " WHERE rowid >= %" PRId64 " AND rowid < %" PRId64, a, a + step);
        if (filter) {
            sbuf_puts(&sql, " AND NOT ");
            bad_predicate(&sql, ds, has_violation);
        }
        sbuf_puts(&sql, ")) TO ");
        sbuf path = SBUF_INIT;
        store_part_path(s, ds, st, &path);
        sbuf_sql_literal(&sql, path.data);
        sbuf_puts(&sql, " (" STORE_PARQUET_OPTIONS);
        store_kv_metadata_sql(&sql, ds);
        sbuf_puts(&sql, ")");
        rc = store_exec(s, sql.data, err);
        if (rc == PC_OK) {
            st->rep.nparts++;
            st->tag_parts++;
        }
        sbuf_free(&path);
        sbuf_free(&sql);
    }
    return rc;
}

/* One pass over table (the pass's rows, in order, with __violation when has_violation):
 * counted, its bad rows recorded, its good rows written as the next parts; the report's
 * totals and per-value counts accumulate. */
static pc_status write_table_pass(store *s, const reg_dataset *ds, const char *table,
                                  bool has_violation, const char *count_by, pc_err *err)
{
    ds_state *st = &s->states[ds->index];
    int64_t all = 0, bad = 0;
    pc_status rc = count_rows(s, ds, table, has_violation, &all, &bad, err);
    /* error rows are numbered within the chunk when one is open (store_chunk_absorb shifts
     * them), else within the dataset */
    int64_t base = st->rep.input_rows - (s->chunked ? st->chunk_input_rows : 0);
    if (rc == PC_OK && bad > 0)
        rc = record_errors(s, ds, st, table, has_violation, base, err);
    if (rc == PC_OK && count_by)
        rc = count_by_value(s, ds, table, count_by, has_violation, err);
    if (rc == PC_OK) {
        st->rep.input_rows += all;
        st->rep.rows += all - bad;
        st->rep.error_rows += bad;
        rc = write_query_parts(s, ds, st, table, all, bad > 0, has_violation, err);
    }
    return rc;
}

/* One pass: select_sql materialised into q_<dataset>, in its order, then written. */
static pc_status write_pass(store *s, const reg_dataset *ds, const char *select_sql,
                            bool has_violation, const char *count_by, pc_err *err)
{
    sbuf sql = SBUF_INIT, table = SBUF_INIT;
    qname(&table, ds);
    sbuf_printf(&sql, "CREATE OR REPLACE TEMP TABLE %s AS SELECT * FROM (%s) AS __q", table.data,
                select_sql);
    pc_status rc = store_exec(s, sql.data, err);
    if (rc == PC_OK)
        rc = write_table_pass(s, ds, table.data, has_violation, count_by, err);
    sbuf_reset(&sql);
    sbuf_printf(&sql, "DROP TABLE IF EXISTS %s", table.data);
    pc_err ignored;
    pc_err_clear(&ignored);
    store_exec(s, sql.data, &ignored);
    sbuf_free(&sql);
    sbuf_free(&table);
    return rc;
}

int store_count_cmp(const void *a, const void *b)
{
    const store_count *x = a, *y = b;
    return strcmp(x->key, y->key);
}

pc_status store_append_table(store *s, const reg_dataset *ds, const char *table, bool has_violation,
                             const char *count_by, pc_err *err)
{
    ds_state *st = &s->states[ds->index];
    if (PC_NEVER(!st->begun || st->finished))
        return pc_fail(err, PC_ERR_INTERNAL, "table appended to dataset %s not begun", ds->name);
    if (count_by)
        st->rep.count_by = count_by;
    sbuf name = SBUF_INIT;
    sbuf_sql_ident(&name, table);
    pc_status rc = write_table_pass(s, ds, name.data, has_violation, count_by, err);
    sbuf_free(&name);
    if (st->rep.ncounts > 1)
        qsort(st->rep.counts, st->rep.ncounts, sizeof *st->rep.counts, store_count_cmp);
    if (st->nchunk_counts > 1)
        qsort(st->chunk_counts, st->nchunk_counts, sizeof *st->chunk_counts, store_count_cmp);
    return rc;
}

pc_status store_append_queries(store *s, const reg_dataset *ds, const char *const *selects,
                               size_t n, bool has_violation, const char *count_by, pc_err *err)
{
    ds_state *st = &s->states[ds->index];
    if (PC_NEVER(!st->begun || st->finished))
        return pc_fail(err, PC_ERR_INTERNAL, "queries appended to dataset %s not begun", ds->name);
    if (count_by)
        st->rep.count_by = count_by;
    pc_status rc = PC_OK;
    for (size_t i = 0; i < n && rc == PC_OK; i++)
        rc = write_pass(s, ds, selects[i], has_violation, count_by, err);
    if (st->rep.ncounts > 1)
        qsort(st->rep.counts, st->rep.ncounts, sizeof *st->rep.counts, store_count_cmp);
    if (st->nchunk_counts > 1)
        qsort(st->chunk_counts, st->nchunk_counts, sizeof *st->chunk_counts, store_count_cmp);
    return rc;
}

pc_status store_write_queries(store *s, const reg_dataset *ds, const char *const *selects, size_t n,
                              bool has_violation, const char *count_by, pc_err *err)
{
    if (PC_NEVER(n == 0))
        return pc_fail(err, PC_ERR_INTERNAL, "%s: no query to write", ds->name);
    pc_status rc = store_begin(s, ds, err);
    if (rc == PC_OK)
        rc = store_append_queries(s, ds, selects, n, has_violation, count_by, err);
    if (rc == PC_OK)
        rc = store_finish(s, ds, err);
    return rc;
}

pc_status store_write_query(store *s, const reg_dataset *ds, const char *select_sql,
                            bool has_violation, const char *count_by, pc_err *err)
{
    return store_write_queries(s, ds, &select_sql, 1, has_violation, count_by, err);
}
