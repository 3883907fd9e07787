/*
 * rowsource.c — the rows of each dataset waiting for their Parquet part, and the DuckDB
 * table function pycpg_rows that hands them to COPY … TO 'part-NNNNN.parquet'.
 *
 * store_append moves each batch's contents (rowbuf_take: no value is copied) into the
 * dataset's queue with the indices of its good rows. When a part is due, writer.c sets
 * st->part_left and runs COPY (SELECT * FROM pycpg_rows(<dataset index>)) TO …; the table
 * function converts the queued rows into the output chunks DuckDB gives it (chunks.c), at
 * most one batch per chunk, and stops after part_left rows. No DuckDB table holds the rows.
 *
 * Invariants: the scan is single-threaded (max threads 1, no projection pushdown), so rows
 * reach the Parquet writer in append order; the callbacks run while the thread that called
 * duckdb_query waits for it, so the queue is never touched by two threads at once.
 */
#include "store_int.h"

#include <string.h>

/* ---- the queue --------------------------------------------------------------------------- */

void store_rows_push(ds_state *st, rowbuf *b, const bool *keep, size_t good)
{
    size_t rows = rowbuf_rows(b);
    size_t *sel = NULL;
    if (keep && good < rows) {
        sel = core_malloc((good ? good : 1) * sizeof *sel);
        for (size_t r = 0, n = 0; r < rows; r++)
            if (keep[r])
                sel[n++] = r;
    }
    st->q = core_grow(st->q, &st->qcap, st->qlen + 1, sizeof *st->q, 16);
    size_t bytes = rowbuf_bytes(b);
    st->q[st->qlen++] = (pend_batch){rowbuf_take(b), sel, good, 0, bytes};
    st->pending += good;
    st->pending_bytes += bytes;
}

static void batch_free(pend_batch *p)
{
    rowbuf_free(p->b);
    core_free(p->rows);
}

void store_rows_drop_consumed(ds_state *st)
{
    size_t done = 0;
    while (done < st->qlen && st->q[done].next == st->q[done].n) {
        st->pending_bytes -= st->q[done].bytes;
        batch_free(&st->q[done++]);
    }
    if (done == 0)
        return;
    memmove(st->q, st->q + done, (st->qlen - done) * sizeof *st->q);
    st->qlen -= done;
    st->qhead = 0;
}

void store_rows_release(ds_state *st)
{
    for (size_t i = 0; i < st->qlen; i++)
        batch_free(&st->q[i]);
    core_free(st->q);
    st->q = NULL;
    st->qlen = st->qcap = st->qhead = 0;
    st->pending_bytes = 0;
    core_free(st->sel);
    st->sel = NULL;
    if (st->types && st->rep.ds)
        for (size_t c = 0; c < st->rep.ds->ncols; c++)
            if (st->types[c])
                duckdb_destroy_logical_type(&st->types[c]);
    core_free(st->types);
    st->types = NULL;
}

/* ---- column types ------------------------------------------------------------------------ */

pc_status store_rows_types(store *s, const reg_dataset *ds, ds_state *st, pc_err *err)
{
    sbuf sql = SBUF_INIT;
    sbuf_puts(&sql, "SELECT ");
    for (size_t c = 0; c < ds->ncols; c++)
        sbuf_printf(&sql, "%sNULL::%s", c ? ", " : "", reg_type_sql(ds->cols[c].type));
    pc_status rc = PC_OK;
    duckdb_prepared_statement ps = NULL;
    if (fault_hit("duckdb", sql.data))
        rc = pc_fail(err, PC_ERR_DB, "duckdb: injected fault preparing: %.200s", sql.data);
    else if (duckdb_prepare(s->con, sql.data, &ps) != DuckDBSuccess)
        rc = pc_fail(err, PC_ERR_DB, "duckdb: %s (preparing: %.300s)", duckdb_prepare_error(ps),
                     sql.data);
    if (rc == PC_OK && PC_NEVER(duckdb_prepared_statement_column_count(ps) != ds->ncols))
        rc = pc_fail(err, PC_ERR_INTERNAL, "column types of %s", ds->name);
    if (rc == PC_OK) {
        st->types = core_calloc(ds->ncols ? ds->ncols : 1, sizeof *st->types);
        for (size_t c = 0; c < ds->ncols; c++)
            st->types[c] = duckdb_prepared_statement_column_logical_type(ps, c);
    }
    duckdb_destroy_prepare(&ps);
    sbuf_free(&sql);
    return rc;
}

/* ---- pycpg_rows -------------------------------------------------------------------------- */

static void rows_bind(duckdb_bind_info info)
{
    store *s = duckdb_bind_get_extra_info(info);
    duckdb_value v = duckdb_bind_get_parameter(info, 0);
    int64_t i = duckdb_get_int64(v);
    duckdb_destroy_value(&v);
    ds_state *st = i >= 0 && (size_t)i < s->nstates ? &s->states[i] : NULL;
    if (!st || !st->begun || !st->types) {
        duckdb_bind_set_error(info, "pycpg_rows: no such dataset being written");
        return;
    }
    const reg_dataset *ds = st->rep.ds;
    for (size_t c = 0; c < ds->ncols; c++)
        duckdb_bind_add_result_column(info, ds->cols[c].name, st->types[c]);
    duckdb_bind_set_cardinality(info, st->part_left, true);
    duckdb_bind_set_bind_data(info, st, NULL);
}

static void rows_init(duckdb_init_info info)
{
    duckdb_init_set_max_threads(info, 1); /* append order */
}

/* The next run of rows for one chunk: up to cap rows of the first unfinished batch. */
static pend_batch *next_run(ds_state *st, size_t cap, size_t *n)
{
    while (st->qhead < st->qlen && st->q[st->qhead].next == st->q[st->qhead].n)
        st->qhead++;
    *n = 0;
    if (st->qhead == st->qlen)
        return NULL;
    pend_batch *p = &st->q[st->qhead];
    size_t left = p->n - p->next;
    *n = left < cap ? left : cap;
    *n = *n < st->part_left ? *n : st->part_left;
    return p;
}

static void rows_function(duckdb_function_info info, duckdb_data_chunk out)
{
    store *s = duckdb_function_get_extra_info(info);
    ds_state *st = duckdb_function_get_bind_data(info);
    size_t n = 0;
    pend_batch *p = st->part_left ? next_run(st, duckdb_vector_size(), &n) : NULL;
    if (!p) {
        if (st->part_left)
            duckdb_function_set_error(info, "pycpg_rows: fewer rows pending than announced");
        duckdb_data_chunk_set_size(out, 0);
        return;
    }
    for (size_t i = 0; i < n; i++)
        st->sel[i] = p->rows ? p->rows[p->next + i] : p->next + i;
    store_chunks_fill(s, out, p->b, st->sel, n, st->rank_col, st->conf_col, st->rep.ds->family);
    const char *bad = store_sparse_chunk(st->rep.ds, out, n);
    if (bad)
        duckdb_function_set_error(info, bad);
    p->next += n;
    st->part_left -= n;
}

pc_status store_rows_register(store *s, pc_err *err)
{
    if (fault_hit("duckdb", "register pycpg_rows"))
        return pc_fail(err, PC_ERR_DB, "duckdb: injected fault registering pycpg_rows");
    duckdb_table_function f = duckdb_create_table_function();
    duckdb_table_function_set_name(f, "pycpg_rows");
    duckdb_logical_type bigint = duckdb_create_logical_type(DUCKDB_TYPE_BIGINT);
    duckdb_table_function_add_parameter(f, bigint);
    duckdb_destroy_logical_type(&bigint);
    duckdb_table_function_set_extra_info(f, s, NULL);
    duckdb_table_function_set_bind(f, rows_bind);
    duckdb_table_function_set_init(f, rows_init);
    duckdb_table_function_set_function(f, rows_function);
    duckdb_table_function_supports_projection_pushdown(f, false);
    pc_status rc = PC_OK;
    if (duckdb_register_table_function(s->con, f) != DuckDBSuccess)
        rc = pc_fail(err, PC_ERR_DB, "duckdb: cannot register the pycpg_rows table function");
    duckdb_destroy_table_function(&f);
    return rc;
}
