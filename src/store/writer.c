/*
 * writer.c — row batches into Parquet datasets, through an embedded DuckDB.
 *
 * store_append validates each row against the contract (REG_REQUIRED columns); rows that
 * break it go, with their key columns and the reason, to a flat DuckDB table "e_<dataset>"
 * (through an appender; these are few). The good rows are not copied: the batch's contents
 * are moved into the dataset's queue of pending rows (rowsource.c). Whenever part_rows rows
 * are pending, exactly part_rows of them are written to <dir>/<dataset>/part-NNNNN.parquet by
 *   COPY (SELECT * FROM pycpg_rows(<dataset index>)) TO '…' (FORMAT parquet, COMPRESSION
 *   zstd, KV_METADATA {…})
 * where pycpg_rows is our table function that converts the queued rows into DuckDB chunks as
 * the Parquet writer pulls them, and the written batches are freed; so no dataset is ever
 * held whole in memory. store_finish writes the last part (an empty dataset gets one empty
 * part with its full schema) and the three error artifacts of extract_datasets.md §12.
 *
 * Why a table function and not a table per dataset (what this file did before): appending to
 * a DuckDB table made DuckDB store every row (column segments, string heaps, statistics,
 * HyperLogLog) only for the COPY to scan it back and the DELETE to drop it; about half of
 * DuckDB's CPU in a build and most of the writer's memory went there. The table function
 * feeds the Parquet writer straight from the batches (docs/decisions.md, "Store").
 *
 * Memory: the queues of all datasets together hold at most pending_budget bytes (plus the
 * batch being appended); past it, the dataset whose queue holds the most is written out as a
 * shorter part. So memory does not grow with the repository, however many datasets fill.
 *
 * Invariants: rows reach Parquet in the order they were appended (pycpg_rows is scanned by
 * one thread); a part has at most part_rows rows, and where parts are cut depends only on the
 * sequence of appended batches (never on timing), so the output is deterministic; VARCHAR values
 * handed to DuckDB are valid UTF-8 (invalid sequences are replaced with U+FFFD in chunks.c,
 * the last line of defence).
 */
#include "store_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <inttypes.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#define ERR_FIXED_COLS 2 /* row_idx, row_id */
#define ERR_TAIL_COLS  5 /* code, message, column, severity, source */

/* ---- DuckDB helpers -------------------------------------------------------------------- */

/* PYCPG_TRACE_SQL=1: every statement's wall time and its first 160 characters on stderr
 * (=full: the whole statement; =rss: also the process's resident set after it, in MiB), for
 * finding where a stage's time and memory go (a diagnostic; off by default, read once). */
static int trace_sql(void)
{
    static int level = -1;
    if (level < 0) {
        const char *v = getenv("PYCPG_TRACE_SQL");
        level = !v || !*v || strcmp(v, "0") == 0 ? 0
                : strcmp(v, "full") == 0         ? 2
                : strcmp(v, "rss") == 0          ? 3
                                                 : 1;
    }
    return level;
}

/* The resident set of this process in MiB (/proc/self/statm), 0 when unknown. */
static long rss_mib(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f && fscanf(f, "%ld %ld", &pages, &resident) != 2)
        resident = 0;
    if (f)
        fclose(f);
    return resident * (sysconf(_SC_PAGESIZE) / 1024) / 1024;
}

static void trace_statement(const char *sql, double t0)
{
    size_t len = strlen(sql), max = trace_sql() == 2 ? len : 160;
    fprintf(stderr, "pycpg: sql %8.3f s  ", clock_now() - t0);
    if (trace_sql() == 3)
        fprintf(stderr, "%6ld MiB  ", rss_mib());
    for (size_t i = 0; i < len && i < max; i++)
        fputc(sql[i] == '\n' || sql[i] == '\t' ? ' ' : sql[i], stderr);
    fputc('\n', stderr);
}

/* The test seam PYCPG_FAULTS=duckdb_oom:<sql substring>: the first statement of this process
 * that contains the substring fails as if DuckDB ran out of its memory limit (so it runs again
 * without the limit, store_query_lifted); duckdb_oom_twice:<substring>: that statement and the
 * next that contains it (its run without the limit) fail, so the failure reaches the caller. */
static bool injected_oom(const char *sql)
{
    static int fired;
    int times = fault_hit("duckdb_oom_twice", sql) ? 2 : fault_hit("duckdb_oom", sql) ? 1 : 0;
    if (fired >= times)
        return false;
    fired++;
    return true;
}

pc_status store_query_con(duckdb_connection con, const char *sql, duckdb_result *res, pc_err *err)
{
    if (fault_hit("duckdb", sql))
        return pc_fail(err, PC_ERR_DB, "duckdb: injected fault running: %.200s", sql);
    if (injected_oom(sql))
        return pc_fail(err, PC_ERR_LIMIT, "duckdb: Out of Memory Error: injected (running: %.200s)",
                       sql);
    double t0 = trace_sql() ? clock_now() : 0;
    duckdb_state st = duckdb_query(con, sql, res);
    if (t0 > 0)
        trace_statement(sql, t0);
    if (st != DuckDBSuccess) {
        const char *msg = duckdb_result_error(res);
        /* past the memory limit: a limit, which a caller may lift and try again */
        bool oom = msg && strstr(msg, "Out of Memory Error") != NULL;
        pc_fail(err, oom ? PC_ERR_LIMIT : PC_ERR_DB, "duckdb: %s (running: %.300s)", msg, sql);
        duckdb_destroy_result(res);
        return err->rc;
    }
    return PC_OK;
}

pc_status store_exec_con(duckdb_connection con, const char *sql, pc_err *err)
{
    duckdb_result res;
    pc_status rc = store_query_con(con, sql, &res, err);
    if (rc == PC_OK)
        duckdb_destroy_result(&res);
    return rc;
}

/* SET memory_limit to limit, or (NULL) to DuckDB's default, 80% of the machine's memory:
 * RESET would go back to the limit the database was opened with, not to the default. */
static pc_status apply_memory_limit(duckdb_connection con, const char *limit, pc_err *err)
{
    sbuf sql = SBUF_INIT;
    sbuf_puts(&sql, "SET memory_limit = ");
    if (limit) {
        sbuf_sql_literal(&sql, limit);
    } else {
        long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
        unsigned long long mib =
            pages > 0 && page > 0
                ? (unsigned long long)pages * (unsigned long long)page / 10 * 8 >> 20
                : 1ULL << 20; /* unknown: 1 TiB */
        sbuf_printf(&sql, "'%lluMiB'", mib > 0 ? mib : 1);
    }
    pc_status rc = store_exec_con(con, sql.data, err);
    sbuf_free(&sql);
    return rc;
}

/* The limit in force: the shrunk one while store_shrink_memory holds, else the one set. */
static const char *limit_in_force(const store *s)
{
    return s->shrunk ? STORE_SHRUNK_LIMIT : s->memory_limit;
}

pc_status store_query_lifted(store *s, const char *sql, duckdb_result *res, pc_err *err)
{
    pc_status rc = store_query_con(s->con, sql, res, err);
    const char *limit = limit_in_force(s);
    if (rc != PC_ERR_LIMIT || !s->lift_limit || !limit || strchr(sql, ';'))
        return rc;
    log_info("a statement went past DuckDB's memory limit of %s; running it again without the "
             "limit: %.100s",
             limit, sql);
    pc_err_clear(err);
    rc = apply_memory_limit(s->con, NULL, err);
    if (rc == PC_OK)
        rc = store_query_con(s->con, sql, res, err);
    pc_err again; /* back to the limit in force, the shrunk one included */
    pc_err_clear(&again);
    if (apply_memory_limit(s->con, limit, &again) != PC_OK && rc == PC_OK) {
        duckdb_destroy_result(res);
        *err = again;
        rc = again.rc;
    }
    return rc;
}

pc_status store_exec(store *s, const char *sql, pc_err *err)
{
    duckdb_result res;
    pc_status rc = store_query_lifted(s, sql, &res, err);
    if (rc == PC_OK)
        duckdb_destroy_result(&res);
    return rc;
}

static pc_status appender_check(duckdb_appender app, duckdb_state st, const char *what, pc_err *err)
{
    if (st == DuckDBSuccess)
        return PC_OK;
    duckdb_error_data e = duckdb_appender_error_data(app);
    pc_fail(err, PC_ERR_DB, "duckdb appender (%s): %s", what, duckdb_error_data_message(e));
    duckdb_destroy_error_data(&e);
    return err->rc;
}

/* ---- tables ---------------------------------------------------------------------------- */

static void table_name(sbuf *b, char prefix, const reg_dataset *ds)
{
    char name[160];
    snprintf(name, sizeof name, "%c_%s", prefix, ds->name);
    sbuf_sql_ident(b, name);
}

/* Key columns of the error artifacts: the join keys, or every column when there are none. */
static void key_columns(const reg_dataset *ds, ds_state *st)
{
    st->nkeys = 0;
    const char *p = ds->join_keys;
    while (p && *p && st->nkeys < STORE_MAX_KEYS) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)n, p);
        int c = registry_col(ds, name);
        if (c >= 0)
            st->keys[st->nkeys++] = (size_t)c;
        p += n + (e ? 1 : 0);
    }
    for (size_t i = 0; st->nkeys == 0 && i < ds->ncols && i < STORE_MAX_KEYS; i++)
        st->keys[i] = i;
    if (st->nkeys == 0)
        st->nkeys = ds->ncols < STORE_MAX_KEYS ? ds->ncols : STORE_MAX_KEYS;
}

static pc_status create_error_table(store *s, const reg_dataset *ds, ds_state *st, pc_err *err)
{
    sbuf sql = SBUF_INIT;
    sbuf_puts(&sql, "CREATE OR REPLACE TABLE ");
    table_name(&sql, 'e', ds);
    sbuf_puts(&sql, " (__row_idx BIGINT, __row_id BIGINT");
    for (size_t k = 0; k < st->nkeys; k++) {
        const reg_column *c = &ds->cols[st->keys[k]];
        sbuf_puts(&sql, ", ");
        sbuf_sql_ident(&sql, c->name);
        sbuf_putc(&sql, ' ');
        sbuf_puts(&sql, reg_type_sql(c->type));
    }
    sbuf_puts(&sql, ", __code VARCHAR, __message VARCHAR, __column VARCHAR, __severity VARCHAR, "
                    "__source VARCHAR)");
    pc_status rc = store_exec(s, sql.data, err);
    sbuf_free(&sql);
    return rc;
}

static pc_status open_appender(store *s, const reg_dataset *ds, char prefix, duckdb_appender *app,
                               pc_err *err)
{
    char name[160];
    snprintf(name, sizeof name, "%c_%s", prefix, ds->name);
    if (duckdb_appender_create(s->con, NULL, name, app) != DuckDBSuccess)
        return appender_check(*app, DuckDBError, name, err);
    return PC_OK;
}

static rowbuf *error_rowbuf_new(const reg_dataset *ds, const ds_state *st)
{
    col_shape shapes[ERR_FIXED_COLS + STORE_MAX_KEYS + ERR_TAIL_COLS];
    size_t n = 0;
    shapes[n++] = (col_shape){CK_I64, 0};
    shapes[n++] = (col_shape){CK_I64, 0};
    for (size_t k = 0; k < st->nkeys; k++)
        shapes[n++] = reg_type_shape(ds->cols[st->keys[k]].type);
    for (size_t k = 0; k < ERR_TAIL_COLS; k++)
        shapes[n++] = (col_shape){CK_STR, 0};
    return rowbuf_new(n, shapes);
}

pc_status store_begin(store *s, const reg_dataset *ds, pc_err *err)
{
    ds_state *st = &s->states[ds->index];
    if (PC_NEVER(st->begun))
        return pc_fail(err, PC_ERR_INTERNAL, "dataset %s begun twice", ds->name);
    memset(st, 0, sizeof *st);
    st->begun = true;
    st->rep.ds = ds;
    st->rank_col = registry_col(ds, "evidence_rank");
    st->conf_col = registry_col(ds, "confidence");
    st->ever_set = core_calloc(ds->ncols, sizeof *st->ever_set);
    key_columns(ds, st);

    char dir[4096];
    snprintf(dir, sizeof dir, "%s/%s", s->dir, ds->name);
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return pc_fail(err, PC_ERR_IO, "cannot create %s: %s", dir, strerror(errno));
    st->sel = core_malloc(duckdb_vector_size() * sizeof *st->sel);
    pc_status rc = store_rows_types(s, ds, st, err);
    if (rc == PC_OK)
        rc = create_error_table(s, ds, st, err);
    if (rc == PC_OK)
        rc = open_appender(s, ds, 'e', &st->err_app, err);
    if (rc == PC_OK)
        st->errbuf = error_rowbuf_new(ds, st);
    return rc;
}

const store_report *store_report_of(const store *s, const reg_dataset *ds)
{
    return &s->states[ds->index].rep;
}

bool store_has_begun(const store *s, const reg_dataset *ds)
{
    return s->states[ds->index].begun;
}

int store_tag_parts(const store *s, const reg_dataset *ds)
{
    return s->states[ds->index].begun ? s->states[ds->index].tag_parts : 0;
}

/* ---- validation ---------------------------------------------------------------------- */

/* Appends to sb the text form of a value (for row ids): decimal integers, true/false,
 * strings verbatim, NULL as the null sentinel. */
static void value_text(sbuf *sb, const rowbuf *b, size_t col, size_t row)
{
    if (rowbuf_is_null(b, col, row)) {
        sbuf_puts(sb, ID_NULL_SENTINEL);
        return;
    }
    size_t n = 0;
    const char *p;
    switch (rowbuf_shape(b, col).kind) {
    case CK_I64:
        sbuf_printf(sb, "%" PRId64, rowbuf_get_i64(b, col, row));
        break;
    case CK_I32:
        sbuf_printf(sb, "%" PRId32, rowbuf_get_i32(b, col, row));
        break;
    case CK_I16:
        sbuf_printf(sb, "%d", (int)rowbuf_get_i16(b, col, row));
        break;
    case CK_F32:
        sbuf_printf(sb, "%.9g", (double)rowbuf_get_f32(b, col, row));
        break;
    case CK_F64:
        sbuf_printf(sb, "%.17g", rowbuf_get_f64(b, col, row));
        break;
    case CK_BOOL:
        sbuf_puts(sb, rowbuf_get_bool(b, col, row) ? "true" : "false");
        break;
    case CK_STR:
    case CK_BLOB:
        p = rowbuf_get_str(b, col, row, &n);
        sbuf_append(sb, p, n);
        break;
    case CK_LIST_STR:
    case CK_LIST_TUPLE:
        sbuf_printf(sb, "[%zu items]", rowbuf_list_len(b, col, row));
        break;
    }
}

static int64_t row_id_of(const reg_dataset *ds, const ds_state *st, const rowbuf *b, size_t row,
                         sbuf *scratch)
{
    char prefix[160];
    snprintf(prefix, sizeof prefix, "%s:row", ds->name);
    id_builder ib;
    id_begin(&ib, prefix);
    for (size_t k = 0; k < st->nkeys; k++) {
        sbuf_reset(scratch);
        value_text(scratch, b, st->keys[k], row);
        id_add_str(&ib, scratch->data ? scratch->data : "", scratch->len);
    }
    return id_finish(&ib);
}

/* Copies one value between batches of the same kind (dst row = its last row). */
static void copy_value(rowbuf *dst, size_t dcol, const rowbuf *src, size_t scol, size_t row)
{
    if (rowbuf_is_null(src, scol, row))
        return;
    size_t n = 0;
    const char *p;
    switch (rowbuf_shape(src, scol).kind) {
    case CK_I64:
        rowbuf_set_i64(dst, dcol, rowbuf_get_i64(src, scol, row));
        break;
    case CK_I32:
        rowbuf_set_i32(dst, dcol, rowbuf_get_i32(src, scol, row));
        break;
    case CK_I16:
        rowbuf_set_i16(dst, dcol, rowbuf_get_i16(src, scol, row));
        break;
    case CK_F32:
        rowbuf_set_f32(dst, dcol, rowbuf_get_f32(src, scol, row));
        break;
    case CK_F64:
        rowbuf_set_f64(dst, dcol, rowbuf_get_f64(src, scol, row));
        break;
    case CK_BOOL:
        rowbuf_set_bool(dst, dcol, rowbuf_get_bool(src, scol, row));
        break;
    case CK_STR:
    case CK_BLOB:
        p = rowbuf_get_str(src, scol, row, &n);
        rowbuf_set_str(dst, dcol, p, n);
        break;
    case CK_LIST_STR:
    case CK_LIST_TUPLE:
        break; /* list keys are not copied into error rows (left NULL) */
    }
}

/* Records one contract violation of row `row` of b. */
static void record_violation(store *s, const reg_dataset *ds, ds_state *st, const rowbuf *b,
                             size_t row, size_t col)
{
    rowbuf *e = st->errbuf;
    rowbuf_add_row(e);
    int64_t base = s->chunked ? st->rep.input_rows - st->chunk_input_rows : st->rep.input_rows;
    rowbuf_set_i64(e, 0, base + (int64_t)row);
    rowbuf_set_i64(e, 1, row_id_of(ds, st, b, row, &s->scratch));
    for (size_t k = 0; k < st->nkeys; k++)
        copy_value(e, ERR_FIXED_COLS + k, b, st->keys[k], row);
    size_t t = ERR_FIXED_COLS + st->nkeys;
    char msg[160];
    snprintf(msg, sizeof msg, "%s is required.", ds->cols[col].name);
    rowbuf_set_cstr(e, t + 0, "REQUIRED_NON_NULL");
    rowbuf_set_cstr(e, t + 1, msg);
    rowbuf_set_cstr(e, t + 2, ds->cols[col].name);
    rowbuf_set_cstr(e, t + 3, "ERROR");
    rowbuf_set_cstr(e, t + 4, "required_non_null");
}

/* Marks good rows in keep[]; returns how many. */
static size_t validate_rows(store *s, const reg_dataset *ds, ds_state *st, const rowbuf *b,
                            bool *keep)
{
    size_t good = 0, rows = rowbuf_rows(b);
    for (size_t r = 0; r < rows; r++) {
        bool ok = true;
        for (size_t c = 0; c < ds->ncols; c++) {
            if ((ds->cols[c].flags & REG_REQUIRED) && rowbuf_is_null(b, c, r)) {
                record_violation(s, ds, st, b, r, c);
                ok = false;
            }
        }
        keep[r] = ok;
        good += ok;
        if (!ok)
            st->rep.error_rows++;
    }
    return good;
}

/* ---- parts ------------------------------------------------------------------------------ */

void store_kv_metadata_sql(sbuf *sql, const reg_dataset *ds)
{
    sbuf_puts(sql, ", KV_METADATA {");
    const reg_kv *kv = registry_metadata(ds);
    for (size_t i = 0; kv[i].key; i++) {
        if (i)
            sbuf_puts(sql, ", ");
        sbuf_sql_ident(sql, kv[i].key);
        sbuf_puts(sql, ": ");
        sbuf_sql_literal(sql, kv[i].value);
    }
    sbuf_puts(sql, "}");
}

void store_part_name(sbuf *out, const char *dir, const char *dataset, const char *tag, int k)
{
    sbuf_printf(out, "%s/%s/part-%s%s%05d.parquet", dir, dataset, tag, tag[0] ? "-" : "", k);
}

void store_part_path(const store *s, const reg_dataset *ds, const ds_state *st, sbuf *out)
{
    store_part_name(out, s->dir, ds->name, s->tag, st->tag_parts);
}

/* The dataset whose pending rows hold the most memory (the first such in registry order), or
 * NULL when none has rows pending. Which queue is flushed, and so where parts are cut,
 * depends only on the sequence of appended batches: the output stays deterministic. */
static ds_state *largest_queue(store *s)
{
    ds_state *big = NULL;
    for (size_t i = 0; i < s->nstates; i++) {
        ds_state *st = &s->states[i];
        if (st->pending > 0 && (!big || st->pending_bytes > big->pending_bytes))
            big = st;
    }
    return big;
}

/* Writes the next `rows` pending rows (0 for the empty part of an empty dataset) to the next
 * part, streamed from the queue by pycpg_rows. */
static pc_status write_part(store *s, const reg_dataset *ds, ds_state *st, size_t rows, pc_err *err)
{
    sbuf sql = SBUF_INIT, path = SBUF_INIT;
    store_part_path(s, ds, st, &path);
    sbuf_puts(&sql, "COPY (SELECT ");
    store_sparse_write_list(&sql, ds, true); /* recipe columns: store_sparse_chunk */
    sbuf_printf(&sql, " FROM pycpg_rows(%zu)) TO ", ds->index);
    sbuf_sql_literal(&sql, path.data);
    sbuf_puts(&sql, " (" STORE_PARQUET_OPTIONS);
    store_kv_metadata_sql(&sql, ds);
    sbuf_puts(&sql, ")");
    st->part_left = rows;
    /* not store_exec: pycpg_rows consumes the pending rows as it scans, so this statement
     * cannot run again (a failure past the memory limit stays a failure) */
    pc_status rc = store_exec_con(s->con, sql.data, err);
    if (rc == PC_OK && PC_NEVER(st->part_left != 0))
        rc = pc_fail(err, PC_ERR_INTERNAL, "part %s of %s: %zu rows not written", path.data,
                     ds->name, st->part_left);
    if (rc == PC_OK) {
        st->rep.nparts++;
        st->tag_parts++;
        st->pending -= rows;
        size_t held = st->pending_bytes;
        store_rows_drop_consumed(st);
        s->pending_bytes -= held - st->pending_bytes;
    }
    sbuf_free(&sql);
    sbuf_free(&path);
    return rc;
}

pc_status store_append(store *s, const reg_dataset *ds, rowbuf *b, pc_err *err)
{
    ds_state *st = &s->states[ds->index];
    if (PC_NEVER(!st->begun || st->finished))
        return pc_fail(err, PC_ERR_INTERNAL, "append to dataset %s not begun", ds->name);
    size_t rows = rowbuf_rows(b);
    if (rows == 0)
        return PC_OK;
    bool *keep = core_malloc(rows * sizeof *keep);
    size_t good = validate_rows(s, ds, st, b, keep);
    for (size_t c = 0; c < ds->ncols; c++)
        st->ever_set[c] = st->ever_set[c] || rowbuf_col_ever_set(b, c);
    pc_status rc = PC_OK;
    if (rowbuf_rows(st->errbuf) > 0) {
        rc = store_chunks_append(s, st->err_app, st->errbuf, NULL, -1, -1, NULL, err);
        rowbuf_clear(st->errbuf);
    }
    if (good > 0) {
        size_t held = st->pending_bytes;
        store_rows_push(st, b, keep, good); /* leaves b empty */
        s->pending_bytes += st->pending_bytes - held;
    } else
        rowbuf_clear(b);
    core_free(keep);
    st->rep.input_rows += (int64_t)rows;
    st->rep.rows += (int64_t)good;
    while (rc == PC_OK && st->pending >= s->part_rows)
        rc = write_part(s, ds, st, s->part_rows, err);
    while (rc == PC_OK && s->pending_bytes > s->pending_budget) {
        ds_state *big = largest_queue(s);
        if (!big)
            break;
        rc = write_part(s, big->rep.ds, big, big->pending, err);
    }
    return rc;
}

/* ---- error artifacts --------------------------------------------------------------------- */

static void keys_select_sql(sbuf *sql, const reg_dataset *ds, const ds_state *st)
{
    for (size_t k = 0; k < st->nkeys; k++) {
        sbuf_puts(sql, ", ");
        sbuf_sql_ident(sql, ds->cols[st->keys[k]].name);
    }
}

/* <dir>/extract_errors/<ds>/<file>: where a dataset's error artifact lives. */
static void error_artifact_path(sbuf *path, const char *dir, const reg_dataset *ds,
                                const char *file)
{
    sbuf_printf(path, "%s/extract_errors/%s/%s", dir, ds->name, file);
}

/* extract_errors/<ds>/chunk-<tag>.parquet: one chunk's violations, absorbed by the link. */
static void chunk_violations_path(sbuf *path, const char *dir, const reg_dataset *ds,
                                  const char *tag)
{
    sbuf file = SBUF_INIT;
    sbuf_printf(&file, "chunk-%s.parquet", tag);
    error_artifact_path(path, dir, ds, file.data);
    sbuf_free(&file);
}

static void copy_to_sql(sbuf *sql, const char *dir, const reg_dataset *ds, const char *file)
{
    sbuf path = SBUF_INIT;
    error_artifact_path(&path, dir, ds, file);
    sbuf_puts(sql, ") TO ");
    sbuf_sql_literal(sql, path.data);
    sbuf_puts(sql, " (" STORE_PARQUET_OPTIONS "); ");
    sbuf_free(&path);
}

static void missing_cols_sql(sbuf *sql, const reg_dataset *ds, const ds_state *st)
{
    sbuf_puts(sql, "[");
    size_t n = 0;
    for (size_t c = 0; c < ds->ncols; c++) {
        if (st->ever_set[c] || (int)c == st->rank_col || (int)c == st->conf_col ||
            st->rep.input_rows == 0)
            continue;
        sbuf_puts(sql, n++ ? ", " : "");
        sbuf_sql_literal(sql, ds->cols[c].name);
    }
    sbuf_puts(sql, "]::VARCHAR[]");
}

/* Creates dir/sub and the directories between (sub: names separated by '/'), if absent. */
static pc_status store_mkdirs(const char *dir, const char *sub, pc_err *err)
{
    sbuf path = SBUF_INIT;
    sbuf_puts(&path, dir);
    pc_status rc = PC_OK;
    for (const char *p = sub; rc == PC_OK && *p;) {
        size_t n = strcspn(p, "/");
        sbuf_putc(&path, '/');
        sbuf_append(&path, p, n);
        if (mkdir(path.data, 0777) != 0 && errno != EEXIST)
            rc = pc_fail(err, PC_ERR_IO, "cannot create %s: %s", path.data, strerror(errno));
        p += n + (p[n] == '/');
    }
    sbuf_free(&path);
    return rc;
}

/* Creates <dir>/extract_errors/<ds> (and its parent) if absent. */
static pc_status make_error_dir(const store *s, const reg_dataset *ds, pc_err *err)
{
    char sub[512];
    snprintf(sub, sizeof sub, "extract_errors/%s", ds->name);
    return store_mkdirs(s->dir, sub, err);
}

static pc_status write_error_artifacts(store *s, const reg_dataset *ds, ds_state *st, pc_err *err)
{
    pc_status rc = make_error_dir(s, ds, err);
    if (rc == PC_OK)
        rc = appender_check(st->err_app, duckdb_appender_flush(st->err_app), ds->name, err);
    if (rc != PC_OK)
        return rc;
    sbuf sql = SBUF_INIT;
    sbuf_puts(&sql, "COPY (SELECT __row_id AS row_id");
    keys_select_sql(&sql, ds, st);
    sbuf_puts(&sql, ", list({'code': __code, 'message': __message, 'column': __column, "
                    "'severity': __severity, 'rule_name': NULL::VARCHAR, "
                    "'rule_priority': NULL::INTEGER, 'source': __source} ORDER BY __row_idx) "
                    "AS error_detail FROM ");
    table_name(&sql, 'e', ds);
    sbuf_puts(&sql, " GROUP BY __row_idx, __row_id");
    keys_select_sql(&sql, ds, st);
    sbuf_puts(&sql, " ORDER BY __row_idx");
    copy_to_sql(&sql, s->dir, ds, "errors.parquet");
    /* no error rows: the error table is empty (every path that adds to it counts them) */
    bool no_errors = st->rep.error_rows == 0;
    if (!no_errors || !s->empty_stats) {
        sbuf_puts(&sql, "COPY (SELECT __code AS error_code, count(*)::BIGINT AS count FROM ");
        table_name(&sql, 'e', ds);
        sbuf_puts(&sql, " GROUP BY __code ORDER BY __code");
        copy_to_sql(&sql, s->dir, ds, "error_stats.parquet");
    }
    sbuf_puts(&sql, "COPY (SELECT ");
    sbuf_sql_literal(&sql, ds->name);
    sbuf_printf(&sql,
                " AS contract, %" PRId64 "::BIGINT AS input_rows, %" PRId64
                "::BIGINT AS good_rows, %" PRId64 "::BIGINT AS error_rows, ",
                st->rep.input_rows, st->rep.rows, st->rep.error_rows);
    missing_cols_sql(&sql, ds, st);
    sbuf_puts(&sql, " AS missing_cols, []::VARCHAR[] AS dropped_cols, "
                    "[]::VARCHAR[] AS casted_cols");
    copy_to_sql(&sql, s->dir, ds, "alignment.parquet");
    rc = store_exec(s, sql.data, err);
    sbuf_free(&sql);
    if (rc != PC_OK || !no_errors)
        return rc;
    sbuf stats = SBUF_INIT;
    error_artifact_path(&stats, s->dir, ds, "error_stats.parquet");
    if (s->empty_stats)
        rc = store_file_copy(s->empty_stats, stats.data, "wb", err);
    else
        s->empty_stats = core_strdup(stats.data);
    sbuf_free(&stats);
    return rc;
}

static void ds_state_release(store *s, const reg_dataset *ds, ds_state *st)
{
    s->pending_bytes -= st->pending_bytes;
    store_rows_release(st);
    if (st->err_app)
        duckdb_appender_destroy(&st->err_app);
    rowbuf_free(st->errbuf);
    st->errbuf = NULL;
    core_free(st->ever_set);
    st->ever_set = NULL;
    store_counts_free(&st->chunk_counts, &st->nchunk_counts);
    if (ds && s->con) {
        sbuf sql = SBUF_INIT;
        pc_err ignored;
        pc_err_clear(&ignored);
        sbuf_puts(&sql, "DROP TABLE IF EXISTS ");
        table_name(&sql, 'e', ds);
        store_exec(s, sql.data, &ignored);
        sbuf_free(&sql);
    }
}

pc_status store_finish(store *s, const reg_dataset *ds, pc_err *err)
{
    ds_state *st = &s->states[ds->index];
    if (PC_NEVER(!st->begun || st->finished))
        return pc_fail(err, PC_ERR_INTERNAL, "finish of dataset %s not begun", ds->name);
    pc_status rc = PC_OK;
    if (st->pending > 0 || st->rep.nparts == 0)
        rc = write_part(s, ds, st, st->pending, err);
    if (rc == PC_OK)
        rc = write_error_artifacts(s, ds, st, err);
    ds_state_release(s, ds, st);
    st->finished = rc == PC_OK;
    st->rep.finished = st->finished;
    return rc;
}

/* ---- chunks ----------------------------------------------------------------------------- */

/* Writes every begun dataset's pending rows under the current tag. */
static pc_status write_pending(store *s, pc_err *err)
{
    pc_status rc = PC_OK;
    for (size_t i = 0; i < s->nstates && rc == PC_OK; i++) {
        ds_state *st = &s->states[i];
        if (st->begun && !st->finished && st->pending > 0)
            rc = write_part(s, st->rep.ds, st, st->pending, err);
    }
    return rc;
}

pc_status store_chunk_flush(store *s, pc_err *err)
{
    return write_pending(s, err);
}

pc_status store_set_part_tag(store *s, const char *tag, pc_err *err)
{
    if (PC_NEVER(strlen(tag) >= sizeof s->tag))
        return pc_fail(err, PC_ERR_INTERNAL, "part tag %s too long", tag);
    pc_status rc = write_pending(s, err);
    if (rc != PC_OK)
        return rc;
    snprintf(s->tag, sizeof s->tag, "%s", tag);
    for (size_t i = 0; i < s->nstates; i++)
        s->states[i].tag_parts = 0;
    return PC_OK;
}

pc_status store_chunk_open(store *s, const char *tag, pc_err *err)
{
    pc_status rc = store_set_part_tag(s, tag, err);
    if (rc != PC_OK)
        return rc;
    s->chunked = true;
    for (size_t i = 0; i < s->nstates; i++) {
        ds_state *st = &s->states[i];
        if (!st->begun || st->finished)
            continue;
        st->chunk_input_rows = st->rep.input_rows;
        st->chunk_rows = st->rep.rows;
        st->chunk_error_rows = st->rep.error_rows;
        st->chunk_parts = st->rep.nparts;
        memset(st->ever_set, 0, st->rep.ds->ncols * sizeof *st->ever_set);
        store_counts_free(&st->chunk_counts, &st->nchunk_counts);
    }
    return PC_OK;
}

/* The chunk's violations of ds to extract_errors/<ds>/chunk-<tag>.parquet; e_<ds> emptied. */
static pc_status write_chunk_violations(store *s, const reg_dataset *ds, ds_state *st, pc_err *err)
{
    pc_status rc = make_error_dir(s, ds, err);
    if (rc == PC_OK)
        rc = appender_check(st->err_app, duckdb_appender_flush(st->err_app), ds->name, err);
    if (rc != PC_OK)
        return rc;
    sbuf sql = SBUF_INIT, path = SBUF_INIT;
    chunk_violations_path(&path, s->dir, ds, s->tag);
    sbuf_puts(&sql, "COPY (SELECT * FROM ");
    table_name(&sql, 'e', ds);
    sbuf_puts(&sql, " ORDER BY __row_idx) TO ");
    sbuf_sql_literal(&sql, path.data);
    sbuf_puts(&sql, " (FORMAT parquet); DELETE FROM ");
    table_name(&sql, 'e', ds);
    rc = store_exec(s, sql.data, err);
    sbuf_free(&sql);
    sbuf_free(&path);
    return rc;
}

pc_status store_chunk_close(store *s, store_chunk_stat *stats, pc_err *err)
{
    if (PC_NEVER(!s->chunked))
        return pc_fail(err, PC_ERR_INTERNAL, "chunk closed before it was opened");
    pc_status rc = write_pending(s, err);
    for (size_t i = 0; i < s->nstates && rc == PC_OK; i++) {
        ds_state *st = &s->states[i];
        memset(&stats[i], 0, sizeof stats[i]);
        if (!st->begun || st->finished)
            continue;
        stats[i] = (store_chunk_stat){.input_rows = st->rep.input_rows - st->chunk_input_rows,
                                      .rows = st->rep.rows - st->chunk_rows,
                                      .error_rows = st->rep.error_rows - st->chunk_error_rows,
                                      .nparts = st->rep.nparts - st->chunk_parts,
                                      .ever_set = st->ever_set,
                                      .counts = st->chunk_counts,
                                      .ncounts = st->nchunk_counts};
        if (stats[i].error_rows > 0)
            rc = write_chunk_violations(s, st->rep.ds, st, err);
    }
    return rc;
}

pc_status store_chunk_absorb(store *s, const reg_dataset *ds, const char *tag,
                             const store_chunk_stat *cs, pc_err *err)
{
    ds_state *st = &s->states[ds->index];
    if (PC_NEVER(!st->begun || st->finished))
        return pc_fail(err, PC_ERR_INTERNAL, "chunk absorbed into dataset %s not begun", ds->name);
    pc_status rc = PC_OK;
    if (cs->error_rows > 0) {
        sbuf sql = SBUF_INIT, path = SBUF_INIT;
        chunk_violations_path(&path, s->dir, ds, tag);
        rc = appender_check(st->err_app, duckdb_appender_flush(st->err_app), ds->name, err);
        sbuf_puts(&sql, "INSERT INTO ");
        table_name(&sql, 'e', ds);
        sbuf_printf(&sql,
                    " SELECT __row_idx + %" PRId64 " AS __row_idx, * EXCLUDE (__row_idx) FROM ",
                    st->rep.input_rows);
        sbuf_puts(&sql, "read_parquet(");
        store_file_literal(&sql, path.data);
        sbuf_puts(&sql, ")");
        if (rc == PC_OK)
            rc = store_exec(s, sql.data, err);
        sbuf_free(&sql);
        sbuf_free(&path);
    }
    st->rep.input_rows += cs->input_rows;
    st->rep.rows += cs->rows;
    st->rep.error_rows += cs->error_rows;
    st->rep.nparts += cs->nparts;
    for (size_t c = 0; cs->ever_set && c < ds->ncols; c++)
        st->ever_set[c] = st->ever_set[c] || cs->ever_set[c];
    for (size_t k = 0; k < cs->ncounts; k++)
        store_counts_add(&st->rep.counts, &st->rep.ncounts, cs->counts[k].key, cs->counts[k].value);
    if (st->rep.ncounts > 1)
        qsort(st->rep.counts, st->rep.ncounts, sizeof *st->rep.counts, store_count_cmp);
    return rc;
}

/* Removes the files of dir whose names start with prefix. */
static pc_status remove_prefixed(const char *dir, const char *prefix, pc_err *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT
                   ? PC_OK
                   : pc_fail(err, PC_ERR_IO, "cannot read %s: %s", dir, strerror(errno));
    size_t n = strlen(prefix);
    pc_status rc = PC_OK;
    struct dirent *e;
    sbuf path = SBUF_INIT;
    while (rc == PC_OK && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, n) != 0)
            continue;
        sbuf_reset(&path);
        sbuf_printf(&path, "%s/%s", dir, e->d_name);
        if (unlink(path.data) != 0 && errno != ENOENT)
            rc = pc_fail(err, PC_ERR_IO, "cannot remove %s: %s", path.data, strerror(errno));
    }
    closedir(d);
    sbuf_free(&path);
    return rc;
}

pc_status store_chunk_discard(const char *dir, const char *tag, pc_err *err)
{
    char sub[4096], prefix[STORE_TAG_MAX + 16];
    pc_status rc = PC_OK;
    for (size_t i = 0; i < registry_count() && rc == PC_OK; i++) {
        const reg_dataset *ds = registry_at(i);
        snprintf(sub, sizeof sub, "%s/%s", dir, ds->name);
        snprintf(prefix, sizeof prefix, "part-%s-", tag);
        rc = remove_prefixed(sub, prefix, err);
        snprintf(sub, sizeof sub, "%s/extract_errors/%s", dir, ds->name);
        snprintf(prefix, sizeof prefix, "chunk-%s.", tag);
        if (rc == PC_OK)
            rc = remove_prefixed(sub, prefix, err);
    }
    return rc;
}

pc_status store_file_copy(const char *from, const char *to, const char *mode, pc_err *err)
{
    sbuf b = SBUF_INIT;
    pc_status rc = PC_OK;
    if (!sbuf_read_file(&b, from))
        rc = pc_fail(err, PC_ERR_IO, "cannot read %s: %s", from, strerror(errno));
    FILE *f = rc == PC_OK ? fopen(to, mode) : NULL;
    if (rc == PC_OK && !f)
        rc = pc_fail(err, PC_ERR_IO, "cannot create %s: %s", to, strerror(errno));
    if (f) {
        bool short_write = b.len && fwrite(b.data, 1, b.len, f) != b.len;
        bool close_failed = fclose(f) != 0; /* always closed, even after a short write */
        if (short_write || close_failed)
            rc = pc_fail(err, PC_ERR_IO, "cannot write %s: %s", to, strerror(errno));
    }
    sbuf_free(&b);
    return rc;
}

pc_status store_link_file(const char *from, const char *to, pc_err *err)
{
    if (link(from, to) == 0)
        return PC_OK;
    if (errno == EXDEV || errno == EPERM || errno == EMLINK || errno == ENOTSUP)
        return store_file_copy(from, to, "wbx", err); /* no hard links here */
    return pc_fail(err, PC_ERR_IO, "cannot link %s to %s: %s", from, to, strerror(errno));
}

/* The files of from_dir/sub named <kind>-<from_tag><rest> → dir/sub/<kind>-<tag><rest>
 * (sub: a dataset's part directory with kind "part" and sep "-", or its error directory with
 * kind "chunk" and sep "."). */
static pc_status adopt_files(const char *from_dir, const char *sub, const char *kind,
                             const char *sep, const char *from_tag, const char *dir,
                             const char *tag, pc_err *err)
{
    char src[4096], prefix[STORE_TAG_MAX + 16];
    snprintf(src, sizeof src, "%s/%s", from_dir, sub);
    snprintf(prefix, sizeof prefix, "%s-%s%s", kind, from_tag, sep);
    DIR *d = opendir(src);
    if (!d)
        return errno == ENOENT
                   ? PC_OK
                   : pc_fail(err, PC_ERR_IO, "cannot read %s: %s", src, strerror(errno));
    size_t n = strlen(prefix);
    pc_status rc = PC_OK;
    struct dirent *e;
    sbuf from = SBUF_INIT, to = SBUF_INIT;
    bool made = false;
    while (rc == PC_OK && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (strncmp(e->d_name, prefix, n) != 0 ||
            (len > 6 && strcmp(e->d_name + len - 6, ".arrow") == 0))
            continue; /* .arrow twins are written again by a build that wants them */
        if (!made)
            rc = store_mkdirs(dir, sub, err);
        made = true;
        sbuf_reset(&from);
        sbuf_reset(&to);
        sbuf_printf(&from, "%s/%s", src, e->d_name);
        sbuf_printf(&to, "%s/%s/%s-%s%s%s", dir, sub, kind, tag, sep, e->d_name + n);
        if (rc == PC_OK)
            rc = store_link_file(from.data, to.data, err);
    }
    closedir(d);
    sbuf_free(&from);
    sbuf_free(&to);
    return rc;
}

pc_status store_chunk_adopt(const char *from_dir, const char *from_tag, const char *dir,
                            const char *tag, const bool *want, pc_err *err)
{
    pc_status rc = PC_OK;
    char sub[512];
    for (size_t i = 0; i < registry_count() && rc == PC_OK; i++) {
        if (!want[i])
            continue;
        const reg_dataset *ds = registry_at(i);
        rc = adopt_files(from_dir, ds->name, "part", "-", from_tag, dir, tag, err);
        snprintf(sub, sizeof sub, "extract_errors/%s", ds->name);
        if (rc == PC_OK)
            rc = adopt_files(from_dir, sub, "chunk", ".", from_tag, dir, tag, err);
    }
    return rc;
}

/* ---- lifetime -------------------------------------------------------------------------- */

static pc_status set_option(duckdb_config cfg, const char *name, const char *value, pc_err *err)
{
    if (duckdb_set_config(cfg, name, value) != DuckDBSuccess)
        return pc_fail(err, PC_ERR_ARG, "duckdb rejected option %s=%s", name, value);
    return PC_OK;
}

pc_status store_open_db(const char *temp_dir, const char *memory_limit, int threads,
                        duckdb_database *db, duckdb_connection *con, pc_err *err)
{
    duckdb_config cfg;
    if (duckdb_create_config(&cfg) != DuckDBSuccess)
        return pc_fail(err, PC_ERR_DB, "duckdb: cannot create a configuration");
    char nthreads[32];
    snprintf(nthreads, sizeof nthreads, "%d", threads);
    pc_status rc = set_option(cfg, "autoinstall_known_extensions", "false", err);
    if (rc == PC_OK && temp_dir)
        rc = set_option(cfg, "temp_directory", temp_dir, err);
    if (rc == PC_OK && memory_limit)
        rc = set_option(cfg, "memory_limit", memory_limit, err);
    if (rc == PC_OK && threads > 0)
        rc = set_option(cfg, "threads", nthreads, err);
    char *open_err = NULL;
    if (rc == PC_OK && duckdb_open_ext(NULL, db, cfg, &open_err) != DuckDBSuccess) {
        rc = pc_fail(err, PC_ERR_DB, "duckdb: cannot open: %s", open_err ? open_err : "?");
        duckdb_free(open_err);
    }
    duckdb_destroy_config(&cfg);
    if (rc == PC_OK && duckdb_connect(*db, con) != DuckDBSuccess) {
        duckdb_close(db);
        rc = pc_fail(err, PC_ERR_DB, "duckdb: cannot connect");
    }
    return rc;
}

pc_status store_new(const store_options *opt, store **out, pc_err *err)
{
    *out = NULL;
    store *s = core_calloc(1, sizeof *s);
    s->dir = core_strdup(opt->dir);
    s->part_rows = opt->part_rows ? opt->part_rows : 1000000;
    s->pending_budget = opt->pending_budget ? opt->pending_budget : STORE_PENDING_BUDGET;
    s->nstates = registry_count();
    s->states = core_calloc(s->nstates, sizeof *s->states);
    sbuf tmp = SBUF_INIT;
    if (opt->temp_dir) {
        sbuf_puts(&tmp, opt->temp_dir);
    } else {
        static unsigned serial; /* stores of one process (and of its workers) never share */
        sbuf_printf(&tmp, "%s/.tmp-%ld-%u", opt->dir, (long)getpid(), serial++);
        s->own_temp = true;
    }
    s->temp_dir = core_strdup(tmp.data);
    sbuf_free(&tmp);
    /* One DuckDB thread unless asked: a part's COPY scans pycpg_rows with one thread, and
     * more threads would only poll for work while the writing thread waits. */
    int threads = opt->threads ? opt->threads : 1;
    pc_status rc = store_open_db(s->temp_dir, opt->memory_limit, threads, &s->db, &s->con, err);
    s->memory_limit = opt->memory_limit ? core_strdup(opt->memory_limit) : NULL;
    s->lift_limit = opt->lift_limit;
    if (rc == PC_OK)
        rc = store_rows_register(s, err);
    if (rc == PC_OK)
        rc = store_register_functions(s->con, err);
    s->prefixes = opt->prefixes;
    if (rc == PC_OK)
        rc = store_register_ast_id(s->con, &s->prefixes, err);
    if (rc != PC_OK) {
        store_free(s);
        return rc;
    }
    *out = s;
    return PC_OK;
}

pc_status store_load_prefixes(store *s, pc_err *err)
{
    (void)err;
    id_prefix_map *m = store_prefixes_load(s->con, s->dir);
    id_prefix_map_free(s->prefixes_owned);
    s->prefixes = s->prefixes_owned = m;
    return PC_OK;
}

void store_free(store *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nstates; i++)
        if (s->states[i].begun && !s->states[i].finished)
            ds_state_release(s, NULL, &s->states[i]);
    if (s->con)
        duckdb_disconnect(&s->con);
    if (s->db)
        duckdb_close(&s->db);
    if (s->own_temp) {
        pc_err ignored;
        pc_err_clear(&ignored);
        store_remove_tree(s->temp_dir, &ignored);
    }
    sbuf_free(&s->scratch);
    sbuf_free(&s->utf8);
    for (size_t i = 0; i < s->nstates; i++)
        store_counts_free(&s->states[i].rep.counts, &s->states[i].rep.ncounts);
    core_free(s->states);
    core_free(s->temp_dir);
    core_free(s->memory_limit);
    core_free(s->dir);
    core_free(s->empty_stats);
    id_prefix_map_free(s->prefixes_owned);
    core_free(s);
}

const char *store_duckdb_version(void)
{
    return duckdb_library_version();
}

/* ---- marks: undoing what a step wrote -------------------------------------------------- */

/* One dataset's state at a mark. */
typedef struct {
    int64_t input_rows, rows, error_rows;
    int nparts, tag_parts;
    store_count *counts, *chunk_counts;
    size_t ncounts, nchunk_counts;
    bool *ever_set;
} mark_state;

struct store_mark {
    char tag[STORE_TAG_MAX];
    mark_state *ds; /* per registry index; begun datasets only */
};

static store_count *counts_copy(const store_count *c, size_t n)
{
    store_count *out = core_calloc(n + 1, sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i] = (store_count){core_strdup(c[i].key), c[i].value};
    return out;
}

pc_status store_mark_new(store *s, store_mark **out, pc_err *err)
{
    *out = NULL;
    for (size_t i = 0; i < s->nstates; i++)
        if (s->states[i].begun && !s->states[i].finished && s->states[i].pending > 0)
            return pc_fail(err, PC_ERR_INTERNAL, "store mark with rows pending in %s",
                           s->states[i].rep.ds->name);
    store_mark *m = core_calloc(1, sizeof *m);
    snprintf(m->tag, sizeof m->tag, "%s", s->tag);
    m->ds = core_calloc(s->nstates, sizeof *m->ds);
    for (size_t i = 0; i < s->nstates; i++) {
        const ds_state *st = &s->states[i];
        if (!st->begun || st->finished)
            continue;
        mark_state *ms = &m->ds[i];
        *ms = (mark_state){.input_rows = st->rep.input_rows,
                           .rows = st->rep.rows,
                           .error_rows = st->rep.error_rows,
                           .nparts = st->rep.nparts,
                           .tag_parts = st->tag_parts};
        ms->counts = counts_copy(st->rep.counts, st->rep.ncounts);
        ms->ncounts = st->rep.ncounts;
        ms->chunk_counts = counts_copy(st->chunk_counts, st->nchunk_counts);
        ms->nchunk_counts = st->nchunk_counts;
        ms->ever_set = core_malloc(st->rep.ds->ncols * sizeof *ms->ever_set + 1);
        memcpy(ms->ever_set, st->ever_set, st->rep.ds->ncols * sizeof *ms->ever_set);
    }
    *out = m;
    return PC_OK;
}

void store_mark_free(store *s, store_mark *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < s->nstates; i++) {
        store_counts_free(&m->ds[i].counts, &m->ds[i].ncounts);
        store_counts_free(&m->ds[i].chunk_counts, &m->ds[i].nchunk_counts);
        core_free(m->ds[i].ever_set);
    }
    core_free(m->ds);
    core_free(m);
}

/* One dataset back to its marked state: its parts since removed, its violations since
 * deleted, its counts restored. */
static pc_status rollback_one(store *s, ds_state *st, mark_state *ms, pc_err *err)
{
    const reg_dataset *ds = st->rep.ds;
    pc_status rc = appender_check(st->err_app, duckdb_appender_flush(st->err_app), ds->name, err);
    sbuf path = SBUF_INIT, sql = SBUF_INIT;
    for (int k = ms->tag_parts; rc == PC_OK && k < st->tag_parts; k++) {
        sbuf_reset(&path);
        store_part_name(&path, s->dir, ds->name, s->tag, k);
        if (unlink(path.data) != 0 && errno != ENOENT)
            rc = pc_fail(err, PC_ERR_IO, "cannot remove %s: %s", path.data, strerror(errno));
    }
    int64_t idx = ms->input_rows - (s->chunked ? st->chunk_input_rows : 0);
    sbuf_puts(&sql, "DELETE FROM ");
    table_name(&sql, 'e', ds);
    sbuf_printf(&sql, " WHERE __row_idx >= %" PRId64, idx);
    if (rc == PC_OK && st->rep.error_rows > ms->error_rows)
        rc = store_exec(s, sql.data, err);
    st->rep.input_rows = ms->input_rows;
    st->rep.rows = ms->rows;
    st->rep.error_rows = ms->error_rows;
    st->rep.nparts = ms->nparts;
    st->tag_parts = ms->tag_parts;
    store_counts_free(&st->rep.counts, &st->rep.ncounts);
    st->rep.counts = counts_copy(ms->counts, ms->ncounts);
    st->rep.ncounts = ms->ncounts;
    store_counts_free(&st->chunk_counts, &st->nchunk_counts);
    st->chunk_counts = counts_copy(ms->chunk_counts, ms->nchunk_counts);
    st->nchunk_counts = ms->nchunk_counts;
    memcpy(st->ever_set, ms->ever_set, ds->ncols * sizeof *st->ever_set);
    sbuf_free(&path);
    sbuf_free(&sql);
    return rc;
}

pc_status store_rollback(store *s, const store_mark *m, pc_err *err)
{
    if (PC_NEVER(strcmp(m->tag, s->tag) != 0))
        return pc_fail(err, PC_ERR_INTERNAL, "store rollback across part tags");
    pc_status rc = PC_OK;
    for (size_t i = 0; i < s->nstates && rc == PC_OK; i++) {
        ds_state *st = &s->states[i];
        if (st->begun && !st->finished && m->ds[i].ever_set)
            rc = rollback_one(s, st, &m->ds[i], err);
        else if (PC_NEVER(st->begun && !st->finished))
            rc = pc_fail(err, PC_ERR_INTERNAL, "store rollback: %s begun after the mark",
                         st->rep.ds->name);
    }
    return rc;
}

pc_status store_set_memory_limit(store *s, const char *limit, pc_err *err)
{
    pc_status rc = apply_memory_limit(s->con, limit, err);
    if (rc == PC_OK) {
        s->shrunk = false; /* the limit in force is this one now */
        core_free(s->memory_limit);
        s->memory_limit = limit ? core_strdup(limit) : NULL;
    }
    return rc;
}

pc_status store_shrink_memory(store *s, bool shrink, pc_err *err)
{
    if (!shrink) {
        s->shrunk = false;
        return apply_memory_limit(s->con, s->memory_limit, err);
    }
    pc_err ignored;
    pc_err_clear(&ignored);
    if (apply_memory_limit(s->con, STORE_SHRUNK_LIMIT, &ignored) == PC_OK)
        s->shrunk = true;
    else
        log_debug("DuckDB's memory could not shrink to %s: %s", STORE_SHRUNK_LIMIT, ignored.msg);
    return PC_OK;
}
