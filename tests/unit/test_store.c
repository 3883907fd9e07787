/*
 * test_store.c — unit tests of src/store: the writer (contract validation into the error
 * artifacts, Parquet parts in append order, empty datasets with their full schema), the
 * reader (store_query, store_reader_rows), atomic publish (prepare/commit/abort, refusal of
 * foreign directories, stale staging cleanup) and DuckDB fault injection (habit 7).
 *
 * Every case works in a fresh mkdtemp directory under $TMPDIR (or /tmp), removed afterwards;
 * the harness checks that nothing allocated through core leaks. Results are read back with
 * store_query(STORE_FMT_CSV) into an open_memstream buffer (libc's memory, like scandir's:
 * released with free, outside core's seam).
 *
 * Fault injection: core reads PYCPG_FAULTS once per process, so each "duckdb:K" case runs in
 * a fresh process: the test re-executes itself (/proc/self/exe) with PYCPG_FAULTS=duckdb:K
 * and PYCPG_TEST_STORE_FAULT_DIR set; a constructor runs the write scenario there and reports
 * through its exit status (FAULT_* below).
 */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/store.h"
#include "testlib.h"

/* ---- helpers ------------------------------------------------------------------------ */

#define DIR_CAP 512 /* temp directories; paths built from them get PATH_MAX */

static void make_tmp(char *dir, size_t cap)
{
    const char *base = getenv("TMPDIR");
    snprintf(dir, cap, "%s/pycpg-store-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(2);
    }
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(p);
    return 0;
}

static void rm_rf(const char *root)
{
    nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* A store of default options over a fresh temporary directory dir (rm_rf it after). */
static store *open_tmp_store(char *dir, size_t cap)
{
    make_tmp(dir, cap);
    store_options so = {.dir = dir};
    store *s = NULL;
    pc_err err;
    pc_err_clear(&err);
    CHECK_EQ_I64(store_new(&so, &s, &err), PC_OK);
    return s;
}

static bool exists(const char *dir, const char *rel)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    struct stat st;
    return lstat(p, &st) == 0;
}

static void put_file(const char *dir, const char *rel, const char *text)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    FILE *f = fopen(p, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* Names in dir (no . and ..) sorted and joined by ' ' into buf. */
static const char *listing(const char *dir, char *buf, size_t cap)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort);
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i]->d_name, ".") != 0 && strcmp(names[i]->d_name, "..") != 0) {
            size_t len = strlen(buf);
            snprintf(buf + len, cap - len, "%s%s", len ? " " : "", names[i]->d_name);
        }
        free(names[i]);
    }
    free(names);
    return buf;
}

/* Runs sql over out_dir; returns the CSV rows without the header (static buffer), or
 * "ERROR <status>: <message>". */
static const char *query(const char *out_dir, const char *sql)
{
    static char result[8192];
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    pc_err err;
    pc_err_clear(&err);
    pc_status rc = store_query(out_dir, sql, STORE_FMT_CSV, fp, &err);
    fclose(fp);
    const char *body = text ? strchr(text, '\n') : NULL;
    if (rc != PC_OK)
        snprintf(result, sizeof result, "ERROR %s: %s", pc_status_name(rc), err.msg);
    else
        snprintf(result, sizeof result, "%s", body ? body + 1 : "");
    size_t n = strlen(result);
    if (rc == PC_OK && n > 0 && result[n - 1] == '\n')
        result[n - 1] = '\0';
    free(text);
    return result;
}

static store *open_store(const char *dir, size_t part_rows)
{
    store_options opt = {.dir = dir, .part_rows = part_rows, .threads = 1};
    pc_err err;
    pc_err_clear(&err);
    store *s = NULL;
    CHECK_EQ_I64(store_new(&opt, &s, &err), PC_OK);
    return s;
}

/* open_store over a fresh temporary directory dir (rm_rf it after), err cleared and ds begun. */
static store *begin_tmp(char *dir, size_t cap, const reg_dataset *ds, size_t part_rows, pc_err *err)
{
    make_tmp(dir, cap);
    store *s = open_store(dir, part_rows);
    pc_err_clear(err);
    CHECK_EQ_I64(store_begin(s, ds, err), PC_OK);
    return s;
}

/* Appends repo_files_v1 rows from..to-1 of the scenario: row `bad` has a NULL path. */
static pc_status append_rows(store *s, const reg_dataset *ds, int from, int to, int bad,
                             pc_err *err)
{
    rowbuf *b = registry_rowbuf_new(ds);
    char path[64];
    for (int i = from; i < to; i++) {
        rowbuf_add_row(b);
        rowbuf_set_i64(b, registry_col_must(ds, "file_id"), 1000 + i);
        snprintf(path, sizeof path, "f%d.py", i);
        if (i != bad)
            rowbuf_set_cstr(b, registry_col_must(ds, "path"), path);
        rowbuf_set_i64(b, registry_col_must(ds, "size_bytes"), i * 10);
    }
    pc_status rc = store_append(s, ds, b, err);
    rowbuf_free(b);
    return rc;
}

/* ---- writer ---------------------------------------------------------------------------- */

/* N good rows and one with NULL in a REG_REQUIRED column, in batches of 2 with a part every
 * 2 rows: the bad row goes to the error artifacts, the good ones to the parts in order, at
 * most 2 rows per part. Datasets without errors finish before and after it: the first writes
 * the empty error_stats file that the last gets a copy of (writer.c), which must not stand
 * in for the violating dataset's. */
static void test_contract_violation(void)
{
    enum { N = 5, BAD = 2 };
    char dir[DIR_CAP];
    const reg_dataset *ds = registry_find("repo_files_v1");
    const reg_dataset *before = registry_find("ts_nodes_v1");
    const reg_dataset *after = registry_find("py_ast_nodes_v1");
    CHECK(ds != NULL && (ds->cols[registry_col(ds, "path")].flags & REG_REQUIRED));
    pc_err err;
    store *s = begin_tmp(dir, sizeof dir, before, 2, &err);
    CHECK_EQ_I64(store_finish(s, before, &err), PC_OK);
    CHECK_EQ_I64(store_begin(s, ds, &err), PC_OK);
    for (int i = 0; i < N + 1 && s; i += 2)
        CHECK_EQ_I64(append_rows(s, ds, i, i + 2 > N + 1 ? N + 1 : i + 2, BAD, &err), PC_OK);
    CHECK_EQ_I64(store_finish(s, ds, &err), PC_OK);
    CHECK_EQ_I64(store_begin(s, after, &err), PC_OK);
    CHECK_EQ_I64(store_finish(s, after, &err), PC_OK);
    const store_report *r = store_report_of(s, ds);
    CHECK_EQ_I64(r->rows, N);
    CHECK_EQ_I64(r->input_rows, N + 1);
    CHECK_EQ_I64(r->error_rows, 1);
    CHECK_EQ_I64(r->nparts, 3); /* rows 0,1 | 3,4 | 5 */
    CHECK(r->finished);
    CHECK_EQ_I64(store_report_of(s, registry_find("ts_nodes_v1"))->input_rows, 0);
    store_free(s);
    char names[1024];
    CHECK(strstr(listing(dir, names, sizeof names), ".tmp") == NULL); /* own spill dir removed */
    CHECK(exists(dir, "repo_files_v1/part-00000.parquet"));
    CHECK(exists(dir, "repo_files_v1/part-00001.parquet"));
    CHECK(exists(dir, "repo_files_v1/part-00002.parquet"));
    CHECK(!exists(dir, "repo_files_v1/part-00003.parquet"));
    put_file(dir, ".pycpg-output", "pycpg output\n");

    CHECK_STREQ(query(dir, "select count(*) from repo_files_v1"), "5");
    CHECK_STREQ(query(dir, "select path, size_bytes from repo_files_v1"),
                "f0.py,0\nf1.py,10\nf3.py,30\nf4.py,40\nf5.py,50");
    /* NULL evidence_rank / confidence were filled with the family's defaults */
    char sql[256], want[64];
    snprintf(sql, sizeof sql,
             "select distinct evidence_rank, confidence = %.9g::FLOAT from repo_files_v1",
             (double)ds->family->confidence);
    snprintf(want, sizeof want, "%d,true", ds->family->evidence_rank);
    CHECK_STREQ(query(dir, sql), want);
    CHECK_STREQ(query(dir, "select count(*), any_value(error_detail[1].code), "
                           "any_value(error_detail[1].\"column\"), "
                           "any_value(len(error_detail)), any_value(path is null), "
                           "any_value(row_id is not null) from repo_files_v1_errors"),
                "1,REQUIRED_NON_NULL,path,1,true,true");
    CHECK_STREQ(query(dir, "select * from repo_files_v1_error_stats"), "REQUIRED_NON_NULL,1");
    CHECK_STREQ(query(dir, "select contract, input_rows, good_rows, error_rows "
                           "from repo_files_v1_alignment"),
                "repo_files_v1,6,5,1");
    CHECK_STREQ(query(dir, "select (select count(*) from ts_nodes_v1_error_stats), "
                           "(select count(*) from py_ast_nodes_v1_error_stats)"),
                "0,0");
    CHECK_STREQ(query(dir, "select string_agg(column_name || ':' || data_type, ' ' order by "
                           "ordinal_position) from information_schema.columns where table_name "
                           "= 'py_ast_nodes_v1_error_stats'"),
                "error_code:VARCHAR count:BIGINT");
    rm_rf(dir);
}

/* Batches that straddle chunks and parts: every part has exactly part_rows rows but the
 * last, and the rows keep their append order across chunks, batches and parts. */
static void test_part_split(void)
{
    enum { PART = 3000, BATCH = 2500, N = 10000 };
    char dir[DIR_CAP], sql[1024];
    const reg_dataset *ds = registry_find("repo_files_v1");
    pc_err err;
    store *s = begin_tmp(dir, sizeof dir, ds, PART, &err);
    for (int i = 0; i < N; i += BATCH) /* row 4321 breaks the contract */
        CHECK_EQ_I64(append_rows(s, ds, i, i + BATCH, 4321, &err), PC_OK);
    CHECK_EQ_I64(store_finish(s, ds, &err), PC_OK);
    CHECK_EQ_I64(store_report_of(s, ds)->rows, N - 1);
    CHECK_EQ_I64(store_report_of(s, ds)->nparts, 4);
    store_free(s);
    put_file(dir, ".pycpg-output", "pycpg output\n");
    snprintf(sql, sizeof sql,
             "select string_agg(n::VARCHAR, ' ' order by f) from (select filename f, count(*) n "
             "from read_parquet('%s/repo_files_v1/*.parquet', filename = true) group by f)",
             dir);
    CHECK_STREQ(query(dir, sql), "3000 3000 3000 999");
    snprintf(sql, sizeof sql,
             "select count(*), count(*) filter (where file_id <> 1000 + i + (i >= 4321)::INT) "
             "from (select file_id, row_number() over (order by filename, file_row_number) - 1 "
             "as i from read_parquet('%s/repo_files_v1/*.parquet', filename = true, "
             "file_row_number = true))",
             dir);
    CHECK_STREQ(query(dir, sql), "9999,0");
    rm_rf(dir);
}

static void fill_generic_row(rowbuf *b, const reg_dataset *ds, int r);

/* Appends one generic row (fill_generic_row) of ds and returns what the batch held. */
static size_t append_generic_row(store *s, const reg_dataset *ds, int r)
{
    rowbuf *b = registry_rowbuf_new(ds);
    fill_generic_row(b, ds, r);
    size_t bytes = rowbuf_bytes(b);
    pc_err err;
    pc_err_clear(&err);
    CHECK_EQ_I64(store_append(s, ds, b, &err), PC_OK);
    rowbuf_free(b);
    return bytes;
}

/* The pending budget: past it, the dataset whose queue holds the most (here the big
 * repo_files_v1 batches) is written as a shorter part, and the small queue (one row of
 * ts_nodes_v1 at a time, far under the budget) keeps waiting for its own part. */
static void test_pending_budget(void)
{
    char dir[DIR_CAP], sql[1024];
    make_tmp(dir, sizeof dir);
    const reg_dataset *rf = registry_find("repo_files_v1"), *ts = registry_find("ts_nodes_v1");
    rowbuf *probe = registry_rowbuf_new(ts);
    fill_generic_row(probe, ts, 0);
    size_t budget = 3 * rowbuf_bytes(probe); /* room for two small batches, not three */
    rowbuf_free(probe);
    store_options opt = {.dir = dir, .threads = 1, .pending_budget = budget};
    pc_err err;
    pc_err_clear(&err);
    store *s = NULL;
    CHECK_EQ_I64(store_new(&opt, &s, &err), PC_OK);
    if (!s)
        return;
    CHECK_EQ_I64(store_begin(s, rf, &err), PC_OK);
    CHECK_EQ_I64(store_begin(s, ts, &err), PC_OK);
    append_generic_row(s, ts, 0);
    CHECK_EQ_I64(append_rows(s, rf, 0, 5000, -1, &err), PC_OK); /* over budget: rf flushed */
    append_generic_row(s, ts, 1);
    CHECK_EQ_I64(append_rows(s, rf, 5000, 10000, -1, &err), PC_OK);
    CHECK_EQ_I64(store_report_of(s, rf)->nparts, 2);
    CHECK_EQ_I64(store_report_of(s, ts)->nparts, 0);
    CHECK_EQ_I64(store_finish(s, rf, &err), PC_OK);
    CHECK_EQ_I64(store_finish(s, ts, &err), PC_OK);
    CHECK_EQ_I64(store_report_of(s, rf)->nparts, 2);
    CHECK_EQ_I64(store_report_of(s, ts)->nparts, 1);
    store_free(s);
    put_file(dir, ".pycpg-output", "pycpg output\n");
    snprintf(sql, sizeof sql,
             "select count(*), count(*) filter (where file_id <> 1000 + i) from (select "
             "file_id, row_number() over (order by filename, file_row_number) - 1 as i from "
             "read_parquet('%s/repo_files_v1/*.parquet', filename = true, "
             "file_row_number = true))",
             dir);
    CHECK_STREQ(query(dir, sql), "10000,0");
    CHECK_STREQ(query(dir, "select count(*) from ts_nodes_v1"), "2");
    rm_rf(dir);
}

/* Fills row r of b with values derived from r: lists are NULL, empty or two items. */
static void fill_generic_row(rowbuf *b, const reg_dataset *ds, int r)
{
    char v[32], w[32];
    snprintf(v, sizeof v, "a%d", r);
    snprintf(w, sizeof w, "b\xff%d", r); /* invalid UTF-8: repaired to U+FFFD */
    const char *t1[2] = {v, NULL}, *t2[2] = {w, v};
    rowbuf_add_row(b);
    for (size_t c = 0; c < ds->ncols; c++) {
        col_shape sh = rowbuf_shape(b, c);
        switch (sh.kind) {
        case CK_I64:
            rowbuf_set_i64(b, c, r);
            break;
        case CK_I32:
            rowbuf_set_i32(b, c, r);
            break;
        case CK_I16:
            rowbuf_set_i16(b, c, (int16_t)r);
            break;
        case CK_F32:
            rowbuf_set_f32(b, c, (float)r);
            break;
        case CK_F64:
            rowbuf_set_f64(b, c, r);
            break;
        case CK_BOOL:
            rowbuf_set_bool(b, c, r % 2);
            break;
        case CK_STR:
        case CK_BLOB:
            rowbuf_set_cstr(b, c, v);
            break;
        case CK_LIST_STR:
        case CK_LIST_TUPLE:
            if (r % 3 == 0)
                break;
            rowbuf_list_begin(b, c);
            if (r % 3 == 1)
                break;
            if (sh.kind == CK_LIST_STR) {
                rowbuf_list_push_str(b, c, v, strlen(v));
                rowbuf_list_push_str(b, c, w, strlen(w));
            } else {
                rowbuf_list_push_tuple(b, c, t1);
                rowbuf_list_push_tuple(b, c, t2);
            }
            break;
        }
    }
}

/* List and struct-list columns through the parts, from batches that start mid-part. */
static void test_nested_columns(void)
{
    static const struct {
        const char *ds, *col, *want;
    } cases[] = {
        {"py_cst_parse_manifest_v1", "future_imports",
         "NULL|[]|[a2;b\xef\xbf\xbd"
         "2]|NULL|[]"},
        {"py_cst_defs_v1", "qnames",
         "NULL|[]|[{'name': a2;'source': NULL};{'name': b\xef\xbf\xbd"
         "2;'source': a2}]|NULL|[]"},
        {"rt_objects_v1", "meta",
         "NULL|[]|[{'key': a2;'value': NULL};{'key': b\xef\xbf\xbd"
         "2;'value': a2}]|NULL|[]"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char dir[DIR_CAP], sql[1024];
        make_tmp(dir, sizeof dir);
        const reg_dataset *ds = registry_find(cases[k].ds);
        CHECK(ds != NULL && registry_col(ds, cases[k].col) >= 0);
        if (!ds)
            continue;
        store *s = open_store(dir, 2);
        pc_err err;
        pc_err_clear(&err);
        CHECK_EQ_I64(store_begin(s, ds, &err), PC_OK);
        rowbuf *b = registry_rowbuf_new(ds);
        for (int r = 0; r < 5; r++) {
            fill_generic_row(b, ds, r);
            if (r % 2 == 0) /* batches of 1, 2, 2 rows: parts 0,1 | 2,3 | 4 */
                CHECK_EQ_I64(store_append(s, ds, b, &err), PC_OK);
        }
        CHECK_EQ_I64(store_finish(s, ds, &err), PC_OK);
        CHECK_EQ_I64(store_report_of(s, ds)->nparts, 3);
        rowbuf_free(b);
        store_free(s);
        put_file(dir, ".pycpg-output", "pycpg output\n");
        snprintf(sql, sizeof sql,
                 "select replace(string_agg(coalesce(\"%s\"::VARCHAR, 'NULL'), '|' order by "
                 "filename, file_row_number), ', ', ';') from read_parquet('%s/%s/*.parquet', "
                 "filename = true, file_row_number = true)",
                 cases[k].col, dir, cases[k].ds);
        CHECK_STREQ(query(dir, sql), cases[k].want);
        rm_rf(dir);
    }
}

/* An empty dataset still gets one part with the full schema and metadata. */
static void test_empty_dataset(void)
{
    char dir[DIR_CAP], want[4096] = "", sql[1024];
    const reg_dataset *ds = registry_find("ts_nodes_v1");
    pc_err err;
    store *s = begin_tmp(dir, sizeof dir, ds, 0, &err);
    CHECK_EQ_I64(store_finish(s, ds, &err), PC_OK);
    CHECK_EQ_I64(store_report_of(s, ds)->nparts, 1);
    CHECK_EQ_I64(store_report_of(s, ds)->rows, 0);
    store_free(s);
    put_file(dir, ".pycpg-output", "pycpg output\n");
    CHECK_STREQ(query(dir, "select count(*) from ts_nodes_v1"), "0");
    for (size_t c = 0; c < ds->ncols; c++) {
        size_t n = strlen(want);
        snprintf(want + n, sizeof want - n, "%s%s:%s", c ? " " : "", ds->cols[c].name,
                 reg_type_sql(ds->cols[c].type));
    }
    CHECK_STREQ(query(dir, "select string_agg(column_name || ':' || data_type, ' ' "
                           "order by ordinal_position) from information_schema.columns "
                           "where table_name = 'ts_nodes_v1'"),
                want);
    snprintf(sql, sizeof sql,
             "select decode(value) from parquet_kv_metadata('%s/ts_nodes_v1/part-00000.parquet') "
             "where decode(key) = 'schema_name'",
             dir);
    CHECK_STREQ(query(dir, sql), "ts_nodes_v1");
    CHECK_STREQ(query(dir, "select input_rows, good_rows, error_rows, "
                           "(select count(*) from ts_nodes_v1_errors) from ts_nodes_v1_alignment"),
                "0,0,0,0");
    rm_rf(dir);
}

static void test_free_null(void)
{
    store_free(NULL);
    store_publish_abort(NULL);
    CHECK(store_duckdb_version() != NULL && store_duckdb_version()[0] == 'v');
}

/* ---- reader ------------------------------------------------------------------------------ */

static void test_query_errors(void)
{
    char dir[DIR_CAP];
    make_tmp(dir, sizeof dir);
    CHECK(strstr(query(dir, "select 1"), "not a pycpg output") != NULL);
    CHECK(strncmp(query(dir, "select 1"), "ERROR", 5) == 0);
    put_file(dir, ".pycpg-output", "pycpg output\n");
    CHECK_STREQ(query(dir, "select 1 as a, 'x,y' as b, NULL as c"), "1,\"x,y\",");
    CHECK(strstr(query(dir, "selec 1"), "syntax error") != NULL);
    rm_rf(dir);
}

/* Collects rows as "v0|v1|…;" ("NULL" for NULL) into an sbuf; stops with PC_ERR_LIMIT after
 * `stop_after` rows when that is not 0. */
typedef struct {
    sbuf text;
    int rows, stop_after;
} row_sink;

static pc_status collect_row(void *ctx, const char *const *vals, size_t n, pc_err *err)
{
    row_sink *k = ctx;
    for (size_t c = 0; c < n; c++)
        sbuf_printf(&k->text, "%s%s", c ? "|" : "", vals[c] ? vals[c] : "NULL");
    sbuf_putc(&k->text, ';');
    if (++k->rows == k->stop_after)
        return pc_fail(err, PC_ERR_LIMIT, "enough rows");
    return PC_OK;
}

/* store_reader_rows: rows of a written dataset (views made by name, as for store_query) in the
 * query's order, one call each, as text; the callback's failure stops the rows; a failing
 * statement is PC_ERR_DB. */
static void test_reader_rows(void)
{
    char dir[DIR_CAP];
    const reg_dataset *ds = registry_find("repo_files_v1");
    pc_err err;
    store *s = begin_tmp(dir, sizeof dir, ds, 0, &err);
    CHECK_EQ_I64(append_rows(s, ds, 0, 4, 2, &err), PC_OK); /* row 2: NULL path, an error row */
    CHECK_EQ_I64(store_finish(s, ds, &err), PC_OK);
    store_free(s);
    put_file(dir, ".pycpg-output", "pycpg output\n");
    store_reader *r = NULL;
    CHECK_EQ_I64(store_reader_open(dir, 1, &r, &err), PC_OK);
    row_sink k = {SBUF_INIT, 0, 0};
    CHECK_EQ_I64(store_reader_rows(r,
                                   "select path, size_bytes, NULL from repo_files_v1 order by "
                                   "file_id desc",
                                   collect_row, &k, &err),
                 PC_OK);
    CHECK_STREQ(k.text.data, "f3.py|30|NULL;f1.py|10|NULL;f0.py|0|NULL;");
    sbuf_reset(&k.text);
    k.rows = 0;
    k.stop_after = 2;
    CHECK_EQ_I64(store_reader_rows(r, "select file_id from repo_files_v1 order by file_id",
                                   collect_row, &k, &err),
                 PC_ERR_LIMIT);
    CHECK_STREQ(k.text.data, "1000;1001;");
    CHECK_STREQ(err.msg, "enough rows");
    pc_err_clear(&err);
    CHECK_EQ_I64(
        store_reader_rows(r, "select count(*) from repo_files_v1_errors", collect_row, &k, &err),
        PC_OK);
    CHECK_STREQ(k.text.data, "1000;1001;1;"); /* the one row with a NULL path */
    pc_err_clear(&err);
    CHECK_EQ_I64(store_reader_rows(r, "select * from ts_nodes_v1", collect_row, &k, &err),
                 PC_ERR_DB);
    store_reader_free(r);
    sbuf_free(&k.text);
    rm_rf(dir);
}

/* ---- marks ---------------------------------------------------------------------------------- */

/* A chunk's rows up to a mark, then rows written from SQL (a pass with a violation, counted by
 * value) and a second part: rolled back, the chunk's stats, parts and violations are those at
 * the mark; written again, the same as written once. */
static void test_mark_rollback(void)
{
    char dir[DIR_CAP], names[1024], path[PATH_MAX];
    make_tmp(dir, sizeof dir);
    const reg_dataset *rf = registry_find("repo_files_v1"), *sp = registry_find("span_errors_v1");
    store *s = open_store(dir, 2);
    pc_err err;
    pc_err_clear(&err);
    CHECK_EQ_I64(store_begin(s, rf, &err), PC_OK);
    CHECK_EQ_I64(store_begin(s, sp, &err), PC_OK);
    CHECK_EQ_I64(store_chunk_open(s, "c000007", &err), PC_OK);
    CHECK_EQ_I64(append_rows(s, rf, 0, 3, 1, &err), PC_OK);
    CHECK_EQ_I64(store_chunk_flush(s, &err), PC_OK);
    store_mark *m = NULL;
    CHECK_EQ_I64(store_mark_new(s, &m, &err), PC_OK);
    const char *q = "SELECT * FROM (VALUES (1, 'a.py', 'x', 10, 'd', 'r1'), (2, NULL, 'x', 11, "
                    "'d', 'r2'), (3, 'b.py', 'y', 12, 'd', 'r1')) t(document_id, path, "
                    "source_dataset, row_key, detail, reason)";
    for (int attempt = 0; attempt < 2; attempt++) {
        CHECK_EQ_I64(store_append_queries(s, sp, &q, 1, false, "reason", &err), PC_OK);
        if (attempt == 0)
            CHECK_EQ_I64(store_rollback(s, m, &err), PC_OK);
    }
    store_mark_free(s, m);
    store_chunk_stat *st = calloc(registry_count(), sizeof *st);
    CHECK_EQ_I64(store_chunk_close(s, st, &err), PC_OK);
    CHECK_EQ_I64(st[rf->index].input_rows, 3);
    CHECK_EQ_I64(st[sp->index].input_rows, 3); /* once, not twice */
    CHECK_EQ_I64(st[sp->index].rows, 2);
    CHECK_EQ_I64(st[sp->index].error_rows, 1);
    CHECK_EQ_I64(st[sp->index].nparts, 2);  /* parts of 2 rows, the bad one among them */
    CHECK_EQ_I64(st[sp->index].ncounts, 1); /* r1: 2 (the bad row is not counted) */
    CHECK(st[sp->index].ncounts == 1 && strcmp(st[sp->index].counts[0].key, "r1") == 0 &&
          st[sp->index].counts[0].value == 2);
    store_free(s);
    snprintf(path, sizeof path, "%s/span_errors_v1", dir);
    CHECK_STREQ(listing(path, names, sizeof names),
                "part-c000007-00000.parquet part-c000007-00001.parquet");
    put_file(dir, ".pycpg-output", "pycpg output\n");
    snprintf(path, sizeof path,
             "select count(*) from read_parquet('%s/extract_errors/"
             "span_errors_v1/chunk-c000007.parquet')",
             dir);
    CHECK_STREQ(query(dir, path), "1"); /* the bad row once */
    free(st);
    rm_rf(dir);
}

/* ---- columns ------------------------------------------------------------------------------- */

/* A query's result read into C columns (integers of any width and sign, text, NULLs, order
 * kept), written back as a table, read again: the same values. */
static void test_columns(void)
{
    char dir[DIR_CAP];
    store *s = open_tmp_store(dir, sizeof dir);
    pc_err err;
    pc_err_clear(&err);
    store_columns c;
    const char *q = "SELECT * FROM (VALUES (1::TINYINT, 18446744073709551615::UBIGINT, 'a''b', "
                    "true), (NULL, 2::UBIGINT, NULL, false), (-3::TINYINT, 0::UBIGINT, "
                    "'caf\xc3\xa9', NULL)) t(a, b, c, d)";
    CHECK_EQ_I64(store_query_columns(s, q, &c, &err), PC_OK);
    CHECK_EQ_I64(c.ncols, 4);
    CHECK_EQ_I64(c.cols[0].n, 3);
    CHECK_EQ_I64(c.cols[0].i64[0], 1);
    CHECK(c.cols[0].null[1] && !c.cols[0].null[0]);
    CHECK_EQ_I64(c.cols[0].i64[2], -3);
    CHECK_EQ_I64(c.cols[1].i64[0], -1); /* UBIGINT's bit pattern */
    size_t len = 0;
    CHECK(memcmp(store_columns_str(&c, 2, 0, &len), "a'b", 3) == 0 && len == 3);
    CHECK(c.cols[2].null[1]);
    CHECK(store_columns_str(&c, 2, 2, &len) && len == 5);
    CHECK_EQ_I64(c.cols[3].i64[0], 1);
    CHECK(c.cols[3].null[2]);
    static const char *const names[] = {"a", "b", "c", "d"};
    CHECK_EQ_I64(store_table_from_columns(s, "t_back", names, &c, &err), PC_OK);
    store_columns back;
    CHECK_EQ_I64(store_query_columns(s, "SELECT * FROM t_back", &back, &err), PC_OK);
    CHECK_EQ_I64(back.cols[1].i64[0], -1);
    CHECK(back.cols[2].null[1] && back.cols[0].null[1] && back.cols[3].null[2]);
    CHECK(memcmp(store_columns_str(&back, 2, 2, &len), "caf\xc3\xa9", 5) == 0);
    int64_t n = 0;
    CHECK_EQ_I64(
        store_query_i64(s, "SELECT count(*) FROM t_back WHERE c = 'a''b' AND a = 1", &n, &err),
        PC_OK);
    CHECK_EQ_I64(n, 1);
    store_columns_free(&back);
    store_col_type ut[] = {STORE_COL_U64};
    static const char *const un[] = {"u"};
    store_columns u;
    store_columns_init(&u, 1, ut);
    store_columns_add_i64(&u, 0, -1, false);
    CHECK_EQ_I64(store_table_from_columns(s, "t_u", un, &u, &err), PC_OK);
    CHECK_EQ_I64(
        store_query_i64(s, "SELECT count(*) FROM t_u WHERE u = 18446744073709551615", &n, &err),
        PC_OK);
    CHECK_EQ_I64(n, 1); /* written back as UBIGINT, bit for bit */
    store_columns_free(&u);
    CHECK(store_query_columns(s, "SELECT 1.5::DOUBLE", &back, &err) != PC_OK); /* not offered */
    CHECK_EQ_I64(back.ncols, 0); /* empty on failure */
    store_columns_free(&c);
    store_free(s);
    rm_rf(dir);
}

/* ---- pycpg_span_text ------------------------------------------------------------------------ */

/* pycpg_span_text(b, s, e) against DuckDB's own coalesce(try(decode(b[s + 1:e])), CAST(b[s + 1:e]
 * AS VARCHAR)) — the expression it replaces — over blobs of every byte value and well-formed,
 * cut and ill-formed UTF-8, for every range of each within 40 bytes (empty, clamped past the end,
 * reversed); NULL in any argument gives NULL. */
static void test_span_text(void)
{
    char dir[DIR_CAP];
    store *s = open_tmp_store(dir, sizeof dir);
    pc_err err;
    pc_err_clear(&err);
    const char *setup =
        "CREATE TABLE blobs AS SELECT * FROM (VALUES "
        "('# caf\\xC3\\xA9 \\xE2\\x82\\xAC ok'::BLOB), ('# caf\\xE9 latin-1'::BLOB), "
        "('\\xED\\xA0\\x80 \\xC0\\x80 \\xF4\\x90\\x80\\x80 \\xF0\\x9F\\x98'::BLOB), "
        "('quote '' dq \" bs \\x5C nul \\x00 tab \\x09 del \\x7F'::BLOB), (''::BLOB), "
        "('\\xF0\\x9F\\x98\\x80\\xE2\\x82'::BLOB)) AS v(b) UNION ALL "
        "SELECT unhex(string_agg(printf('%02X', (i + k) % 256), '' ORDER BY i)) FROM "
        "range(256) t(i), range(0, 256, 32) r(k) GROUP BY k";
    CHECK_EQ_I64(store_exec(s, setup, &err), PC_OK);
    int64_t n = -1;
    const char *cmp = "SELECT count(*) FROM blobs, range(-1, 40) r(s), range(-1, 40) q(e) WHERE "
                      "pycpg_span_text(b, s, e) IS DISTINCT FROM CASE WHEN s < 0 OR e < 0 THEN "
                      "pycpg_span_text(b, s, e) ELSE coalesce(try(decode(b[s + 1:e])), "
                      "CAST(b[s + 1:e] AS VARCHAR)) END";
    CHECK_EQ_I64(store_query_i64(s, cmp, &n, &err), PC_OK);
    CHECK_EQ_I64(n, 0);
    const char *whole = "SELECT count(*) FROM blobs WHERE pycpg_span_text(b, 0, octet_length(b)) "
                        "IS DISTINCT FROM coalesce(try(decode(b)), CAST(b AS VARCHAR))";
    CHECK_EQ_I64(store_query_i64(s, whole, &n, &err), PC_OK);
    CHECK_EQ_I64(n, 0);
    CHECK_EQ_I64(store_query_i64(s,
                                 "SELECT count(*) FROM blobs WHERE pycpg_span_text(b, 0, 40) "
                                 "= '# caf\\xE9 latin-1'",
                                 &n, &err),
                 PC_OK);
    CHECK_EQ_I64(n, 1); /* the ill-formed byte escaped, the rest as it is */
    CHECK_EQ_I64(store_query_i64(s,
                                 "SELECT count(*) FROM blobs WHERE pycpg_span_text(b, NULL, 3) "
                                 "IS NULL AND pycpg_span_text(NULL, 0, 3) IS NULL AND "
                                 "pycpg_span_text(b, 0, NULL) IS NULL",
                                 &n, &err),
                 PC_OK);
    CHECK_EQ_I64(n, 14);
    store_free(s);
    rm_rf(dir);
}

/* ---- publish ----------------------------------------------------------------------------- */

static void test_publish(void)
{
    char root[DIR_CAP], out[PATH_MAX], p[PATH_MAX], buf[1024];
    make_tmp(root, sizeof root);
    snprintf(out, sizeof out, "%s/out", root);
    mkdir(strcat(strcpy(p, root), "/.out.pycpg-tmp-999999999"), 0777); /* a dead process's */
    pc_err err;
    pc_err_clear(&err);
    char *staging = NULL;
    CHECK_EQ_I64(store_publish_prepare(out, &staging, &err), PC_OK);
    CHECK(staging != NULL);
    snprintf(p, sizeof p, "%s/.out.pycpg-tmp-%ld", root, (long)getpid());
    CHECK_STREQ(staging, p);
    CHECK_STREQ(listing(root, buf, sizeof buf), p + strlen(root) + 1); /* stale one removed */
    CHECK(staging && exists(staging, ".pycpg-output"));
    if (staging) {
        put_file(staging, "first.txt", "1\n");
        CHECK_EQ_I64(store_publish_commit(staging, out, &err), PC_OK);
    }
    core_free(staging);
    CHECK_STREQ(listing(out, buf, sizeof buf), ".pycpg-output first.txt");
    /* an earlier output is replaced as a whole */
    CHECK_EQ_I64(store_publish_prepare(out, &staging, &err), PC_OK);
    if (staging) {
        put_file(staging, "second.txt", "2\n");
        CHECK_EQ_I64(store_publish_commit(staging, out, &err), PC_OK);
    }
    core_free(staging);
    CHECK_STREQ(listing(out, buf, sizeof buf), ".pycpg-output second.txt");
    CHECK_STREQ(listing(root, buf, sizeof buf), "out");
    /* a non-empty directory that is not a pycpg output is refused and left untouched */
    snprintf(p, sizeof p, "%s/busy", root);
    mkdir(p, 0777);
    put_file(p, "keep.txt", "keep\n");
    CHECK_EQ_I64(store_publish_prepare(p, &staging, &err), PC_ERR_IO);
    CHECK(staging == NULL);
    CHECK(strstr(err.msg, "refusing") != NULL);
    CHECK_STREQ(listing(p, buf, sizeof buf), "keep.txt");
    CHECK_STREQ(listing(root, buf, sizeof buf), "busy out");
    /* an empty directory is accepted; abort removes the staging directory */
    snprintf(p, sizeof p, "%s/empty", root);
    mkdir(p, 0777);
    pc_err_clear(&err);
    CHECK_EQ_I64(store_publish_prepare(p, &staging, &err), PC_OK);
    store_publish_abort(staging);
    core_free(staging);
    CHECK_STREQ(listing(root, buf, sizeof buf), "busy empty out");
    /* a missing parent directory */
    snprintf(p, sizeof p, "%s/no/such/out", root);
    pc_err_clear(&err);
    CHECK_EQ_I64(store_publish_prepare(p, &staging, &err), PC_ERR_IO);
    CHECK(staging == NULL && strstr(err.msg, "does not exist") != NULL);
    rm_rf(root);
}

/* ---- fault injection --------------------------------------------------------------------- */

enum { FAULT_CLEAN = 0, FAULT_BAD = 1, FAULT_IGNORED = 11, FAULT_NOT_REACHED = 10 };

/* The scenario run with PYCPG_FAULTS=duckdb:K in a fresh process: two datasets, one with a
 * contract violation and two parts, one empty. */
static int fault_scenario(const char *dir)
{
    long live = core_alloc_live();
    pc_err err;
    pc_err_clear(&err);
    store_options opt = {.dir = dir, .part_rows = 2, .threads = 1};
    store *s = NULL;
    const reg_dataset *rf = registry_find("repo_files_v1"), *ts = registry_find("ts_nodes_v1");
    pc_status rc = store_new(&opt, &s, &err);
    if (rc == PC_OK)
        rc = store_begin(s, rf, &err);
    if (rc == PC_OK)
        rc = store_begin(s, ts, &err);
    for (int i = 0; rc == PC_OK && i < 6; i += 2)
        rc = append_rows(s, rf, i, i + 2, 2, &err);
    if (rc == PC_OK)
        rc = store_finish(s, rf, &err);
    if (rc == PC_OK)
        rc = store_finish(s, ts, &err);
    store_free(s);
    bool reached = true; /* was the K-th statement inside the scenario? */
    for (int i = 0; i < 10000 && reached; i++)
        reached = !fault_hit("duckdb", "probe");
    if (core_alloc_live() != live) {
        fprintf(stderr, "fault case leaked %ld allocations\n", core_alloc_live() - live);
        return FAULT_BAD;
    }
    if (rc == PC_OK)
        return reached ? FAULT_IGNORED : FAULT_NOT_REACHED;
    if (!reached || rc != PC_ERR_DB || !strstr(err.msg, "injected fault")) {
        fprintf(stderr, "fault case: status %s, message '%s'\n", pc_status_name(rc), err.msg);
        return FAULT_BAD;
    }
    return FAULT_CLEAN;
}

__attribute__((constructor)) static void fault_child(void)
{
    const char *dir = getenv("PYCPG_TEST_STORE_FAULT_DIR");
    if (dir)
        _exit(fault_scenario(dir));
}

extern char **environ;

/* Runs the scenario in a fresh process with PYCPG_FAULTS=duckdb:k. The environment is
 * built before fork so that the child calls nothing but execve (the parent may have had
 * DuckDB threads). Returns the child's FAULT_* exit status, or -1. */
static int run_fault_child(int k, const char *dir)
{
    char spec[64], where[DIR_CAP + 64];
    snprintf(spec, sizeof spec, "PYCPG_FAULTS=duckdb:%d", k);
    snprintf(where, sizeof where, "PYCPG_TEST_STORE_FAULT_DIR=%s", dir);
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = core_calloc(n + 3, sizeof *env);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "PYCPG_FAULTS=", 13) != 0)
            env[m++] = environ[i];
    env[m++] = spec;
    env[m++] = where;
    char *argv[] = {"test_store", NULL};
    int status = 0;
    pid_t pid = fork();
    if (pid == 0) {
        execve("/proc/self/exe", argv, env);
        _exit(127);
    }
    core_free(env);
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

/* Fails the 1st, 2nd, … DuckDB statement until the scenario no longer reaches K: every
 * failure must surface as PC_ERR_DB with the injected message, and nothing may leak. */
static void test_duckdb_faults(void)
{
    int clean = 0, k;
    for (k = 1; k < 200; k++) {
        char dir[DIR_CAP];
        make_tmp(dir, sizeof dir);
        int code = run_fault_child(k, dir);
        rm_rf(dir);
        if (code == FAULT_NOT_REACHED)
            break;
        if (code == FAULT_CLEAN)
            clean++;
        else if (code != FAULT_IGNORED) {
            fprintf(stderr, "duckdb:%d: child exit %d\n", k, code);
            CHECK(code == FAULT_CLEAN);
        }
    }
    if (getenv("PYCPG_TEST_VERBOSE"))
        printf("duckdb faults: %d statements, %d clean failures\n", k - 1, clean);
    CHECK(k < 200);    /* the scenario has a finite number of statements */
    CHECK(clean >= 5); /* begin ×2, parts ×2+, artifacts: each can fail */
}

/* Chunks (store.h §1b): two stores write chunks c000001 and c000000 (in that order) into one
 * directory, each with a row that breaks the contract, and a third chunk that is discarded;
 * a parent store takes a row of its own (tag "a"), the chunks in order, and a last row (tag
 * "z"). The dataset is the rows in tag order, the violations keep that order with their
 * counts, the discarded chunk leaves nothing. */
static pc_status write_chunk(store *s, const reg_dataset *ds, const char *tag, int from, int to,
                             int bad, store_chunk_stat *stats, pc_err *err)
{
    pc_status rc = store_chunk_open(s, tag, err);
    if (rc == PC_OK)
        rc = append_rows(s, ds, from, to, bad, err);
    return rc == PC_OK ? store_chunk_close(s, stats, err) : rc;
}

static void test_chunks(void)
{
    char dir[DIR_CAP], names[1024], path[PATH_MAX];
    make_tmp(dir, sizeof dir);
    const reg_dataset *ds = registry_find("repo_files_v1");
    size_t nds = registry_count();
    store_chunk_stat *st0 = calloc(nds, sizeof *st0), *st1 = calloc(nds, sizeof *st1),
                     *st2 = calloc(nds, sizeof *st2);
    bool *ever0 = calloc(ds->ncols, sizeof *ever0), *ever1 = calloc(ds->ncols, sizeof *ever1);
    store *w1 = open_store(dir, 2), *w2 = open_store(dir, 100), *p = NULL;
    pc_err err;
    pc_err_clear(&err);
    CHECK_EQ_I64(store_begin(w1, ds, &err), PC_OK);
    CHECK_EQ_I64(store_begin(w2, ds, &err), PC_OK);
    CHECK_EQ_I64(write_chunk(w1, ds, "c000001", 20, 25, 22, st1, &err), PC_OK);
    CHECK_EQ_I64(write_chunk(w2, ds, "c000000", 10, 13, 10, st0, &err), PC_OK);
    CHECK_EQ_I64(write_chunk(w2, ds, "c000002", 30, 33, 31, st2, &err), PC_OK);
    memcpy(ever0, st0[ds->index].ever_set, ds->ncols * sizeof *ever0);
    memcpy(ever1, st1[ds->index].ever_set, ds->ncols * sizeof *ever1);
    st0[ds->index].ever_set = ever0;
    st1[ds->index].ever_set = ever1;
    CHECK_EQ_I64(st1[ds->index].input_rows, 5);
    CHECK_EQ_I64(st1[ds->index].rows, 4);
    CHECK_EQ_I64(st1[ds->index].error_rows, 1);
    CHECK_EQ_I64(st1[ds->index].nparts, 2); /* part_rows 2 */
    CHECK_EQ_I64(st0[ds->index].nparts, 1);
    store_free(w1);
    store_free(w2);
    CHECK(exists(dir, "extract_errors/repo_files_v1/chunk-c000002.parquet"));
    CHECK_EQ_I64(store_chunk_discard(dir, "c000002", &err), PC_OK);
    snprintf(path, sizeof path, "%s/repo_files_v1", dir);
    CHECK_STREQ(listing(path, names, sizeof names),
                "part-c000000-00000.parquet part-c000001-00000.parquet "
                "part-c000001-00001.parquet");

    p = open_store(dir, 100);
    CHECK_EQ_I64(store_begin(p, ds, &err), PC_OK);
    CHECK_EQ_I64(store_set_part_tag(p, "a", &err), PC_OK);
    CHECK_EQ_I64(append_rows(p, ds, 0, 2, 1, &err), PC_OK);
    CHECK_EQ_I64(store_chunk_absorb(p, ds, "c000000", &st0[ds->index], &err), PC_OK);
    CHECK_EQ_I64(store_chunk_absorb(p, ds, "c000001", &st1[ds->index], &err), PC_OK);
    CHECK_EQ_I64(store_set_part_tag(p, "z", &err), PC_OK);
    CHECK_EQ_I64(append_rows(p, ds, 90, 91, -1, &err), PC_OK);
    CHECK_EQ_I64(store_finish(p, ds, &err), PC_OK);
    const store_report *r = store_report_of(p, ds);
    CHECK_EQ_I64(r->input_rows, 2 + 3 + 5 + 1);
    CHECK_EQ_I64(r->rows, 1 + 2 + 4 + 1);
    CHECK_EQ_I64(r->error_rows, 3);
    CHECK_EQ_I64(r->nparts, 5);
    store_free(p);
    /* the chunks' violation files stay, for a later build to adopt with their parts */
    snprintf(path, sizeof path, "%s/extract_errors/repo_files_v1", dir);
    CHECK_STREQ(listing(path, names, sizeof names),
                "alignment.parquet chunk-c000000.parquet chunk-c000001.parquet "
                "error_stats.parquet errors.parquet");
    put_file(dir, ".pycpg-output", "pycpg output\n");
    CHECK_STREQ(query(dir, "select file_id - 1000 from repo_files_v1"),
                "0\n11\n12\n20\n21\n23\n24\n90");
    CHECK_STREQ(query(dir, "select count(*), count(distinct row_id) from repo_files_v1_errors"),
                "3,1"); /* the bad rows' only key, path, is NULL: one row id */
    CHECK_STREQ(query(dir, "select input_rows, good_rows, error_rows, len(missing_cols) = 0 "
                           "from repo_files_v1_alignment"),
                "11,8,3,false");
    free(st0);
    free(st1);
    free(st2);
    free(ever0);
    free(ever1);
    rm_rf(dir);
}

TEST_MAIN(TEST(test_contract_violation), TEST(test_chunks), TEST(test_part_split),
          TEST(test_pending_budget), TEST(test_nested_columns), TEST(test_empty_dataset),
          TEST(test_free_null), TEST(test_query_errors), TEST(test_reader_rows), TEST(test_columns),
          TEST(test_span_text), TEST(test_mark_rollback), TEST(test_publish),
          TEST(test_duckdb_faults))
