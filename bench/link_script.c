/*
 * link_script.c — the link stage statement by statement, timed: where its time goes.
 *
 * usage: link_script OUT [THREADS] < script.sql
 * OUT is a pycpg output (its evidence datasets are views of their names over the Parquet
 * parts; `pycpg build --no-link` makes one quickly); the script is `pycpg rules --script`,
 * statements separated by ";\n\n". Each statement runs on a DuckDB connection with pycpg's
 * pycpg_id function (the store's own connection setup) and THREADS threads (default 2);
 * prints "<wall seconds>\t<CPU seconds>\t<rows of the created relation>\t<its name>" per
 * statement on stdout,
 * then the total; a statement that is a SELECT also prints its first rows. Nothing is written to
 * OUT.
 */
#include "../src/store/store_int.h"

#include <dirent.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs sql; *rows gets the first value of its result; with print, its first rows go to stdout. */
static int run(duckdb_connection con, const char *sql, long long *rows, int print)
{
    duckdb_result res;
    int ok = duckdb_query(con, sql, &res) == DuckDBSuccess;
    if (!ok)
        fprintf(stderr, "link_script: %s\n", duckdb_result_error(&res));
    else if (rows && duckdb_row_count(&res) > 0)
        *rows = (long long)duckdb_value_int64(&res, 0, 0);
    for (idx_t r = 0; ok && print && r < duckdb_row_count(&res) && r < 40; r++) {
        for (idx_t c = 0; c < duckdb_column_count(&res); c++) {
            char *v = duckdb_value_varchar(&res, c, r);
            printf("%s%s", c ? " | " : "    ", v ? v : "NULL");
            duckdb_free(v);
        }
        putchar('\n');
    }
    duckdb_destroy_result(&res);
    return ok;
}

static int input_views(duckdb_connection con, const char *out)
{
    DIR *d = opendir(out);
    if (!d)
        return 0;
    struct dirent *e;
    char sql[8192];
    int ok = 1;
    while (ok && (e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 3, "_v1") != 0 || strncmp(e->d_name, "cpg_", 4) == 0)
            continue;
        snprintf(sql, sizeof sql,
                 "CREATE VIEW \"%s\" AS SELECT * FROM read_parquet('%s/%s/part-*.parquet')",
                 e->d_name, out, e->d_name);
        ok = run(con, sql, NULL, 0);
    }
    closedir(d);
    return ok && run(con,
                     "CREATE TEMP TABLE lk_repo AS SELECT 'repo' AS repo_root, '' AS repo_id, "
                     "pycpg_id('repo', '') AS repo_node_id",
                     NULL, 0);
}

/* CPU seconds of this process so far (every DuckDB thread): steadier than wall time on a
 * busy machine. */
static double cpu_now(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + (double)u.ru_stime.tv_sec +
           ((double)u.ru_utime.tv_usec + (double)u.ru_stime.tv_usec) * 1e-6;
}

static char *read_all(FILE *fp)
{
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len - 1, fp)) > 0) {
        len += got;
        if (len + 1 == cap)
            buf = realloc(buf, cap *= 2);
    }
    if (buf)
        buf[len] = '\0';
    return buf;
}

/* The relation a "CREATE OR REPLACE TEMP VIEW|TABLE <name> AS" statement creates. */
static void created_name(const char *stmt, char *name, size_t cap)
{
    const char *p = strstr(stmt, "TEMP ");
    name[0] = '\0';
    if (!p || !(p = strchr(p + 5, ' ')))
        return;
    p++;
    size_t n = strcspn(p, " \n");
    snprintf(name, cap, "%.*s", (int)(n < cap ? n : cap - 1), p);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: link_script OUT [THREADS] < script.sql\n");
        return 2;
    }
    duckdb_database db;
    duckdb_connection con;
    pc_err err;
    pc_err_clear(&err);
    int threads = argc > 2 ? atoi(argv[2]) : 2;
    if (store_open_db(NULL, NULL, threads, &db, &con, &err) != PC_OK ||
        store_register_functions(con, &err) != PC_OK) {
        fprintf(stderr, "link_script: %s\n", err.msg);
        return 1;
    }
    char *script = read_all(stdin);
    int ok = script && input_views(con, argv[1]);
    double total = 0, cpu = 0;
    for (char *stmt = script; ok && stmt && *stmt;) {
        stmt += strspn(stmt, " \n");
        char *end = strstr(stmt, ";\n\n");
        if (end)
            *end = '\0';
        if (strncmp(stmt, "--", 2) == 0 && !strstr(stmt, "CREATE")) {
            stmt = end ? end + 3 : NULL;
            continue;
        }
        char name[256], count[300];
        created_name(stmt, name, sizeof name);
        double t0 = clock_now(), c0 = cpu_now();
        ok = run(con, stmt, NULL,
                 strncmp(stmt, "SELECT", 6) == 0 || strncmp(stmt, "EXPLAIN", 7) == 0);
        double dt = clock_now() - t0, dc = cpu_now() - c0;
        total += dt;
        cpu += dc;
        long long rows = -1;
        snprintf(count, sizeof count, "SELECT count(*) FROM %s", name);
        if (ok && strstr(stmt, "TEMP TABLE"))
            run(con, count, &rows, 0);
        printf("%8.3f\t%8.3f\t%10lld\t%s\n", dt, dc, rows, name);
        fflush(stdout);
        stmt = end ? end + 3 : NULL;
    }
    printf("%8.3f\t%8.3f\ttotal\n", total, cpu);
    free(script);
    duckdb_disconnect(&con);
    duckdb_close(&db);
    return ok ? 0 : 1;
}
