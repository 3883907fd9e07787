/*
 * parquet_floor.c — the cost of writing rows to Parquet and nothing else: the floor under any
 * pycpg run that writes those rows with DuckDB (bench/bench_cpython.sh, bench/bench_build.sh).
 *
 * usage: parquet_floor OUT DATASET...
 * For each dataset of the pycpg output OUT, loads its rows into an in-memory DuckDB table
 * (not timed), then times `COPY t TO '<tmp>' (FORMAT parquet, COMPRESSION zstd)` on one
 * DuckDB thread (PARQUET_FLOOR_THREADS=N: N threads, as the link stage uses) — the statement and
 * options pycpg's store uses, minus pycpg's own row production. Prints
 * "<dataset>\t<rows>\t<seconds>" per dataset on stderr and the total seconds alone on stdout. It
 * shares no code with pycpg.
 */
#include <duckdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int run(duckdb_connection con, const char *sql)
{
    duckdb_result res;
    int ok = duckdb_query(con, sql, &res) == DuckDBSuccess;
    if (!ok)
        fprintf(stderr, "parquet_floor: %s\n  in: %s\n", duckdb_result_error(&res), sql);
    duckdb_destroy_result(&res);
    return ok;
}

/* Loads one dataset, times its COPY; returns the seconds, or -1 on failure. */
static double floor_of(duckdb_connection con, const char *out, const char *ds, const char *tmp)
{
    char sql[8192];
    snprintf(sql, sizeof sql,
             "CREATE OR REPLACE TABLE t AS SELECT * FROM read_parquet('%s/%s/*.parquet')", out, ds);
    if (!run(con, sql))
        return -1;
    double t0 = now();
    snprintf(sql, sizeof sql, "COPY t TO '%s' (FORMAT parquet, COMPRESSION zstd)", tmp);
    if (!run(con, sql))
        return -1;
    double dt = now() - t0;
    duckdb_result res;
    long long rows = -1;
    if (duckdb_query(con, "SELECT count(*) FROM t", &res) == DuckDBSuccess)
        rows = (long long)duckdb_value_int64(&res, 0, 0);
    duckdb_destroy_result(&res);
    fprintf(stderr, "%s\t%lld\t%.3f\n", ds, rows, dt);
    return dt;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: parquet_floor OUT DATASET...\n");
        return 2;
    }
    char tmp[64];
    snprintf(tmp, sizeof tmp, "/tmp/parquet_floor.%ld.parquet", (long)getpid());
    duckdb_database db;
    duckdb_connection con;
    if (duckdb_open(NULL, &db) != DuckDBSuccess || duckdb_connect(db, &con) != DuckDBSuccess) {
        fprintf(stderr, "parquet_floor: cannot open DuckDB\n");
        return 1;
    }
    char set[64];
    const char *threads = getenv("PARQUET_FLOOR_THREADS");
    snprintf(set, sizeof set, "SET threads = %d", threads ? atoi(threads) : 1);
    int status = run(con, set) ? 0 : 1;
    double total = 0;
    for (int i = 2; i < argc && status == 0; i++) {
        double dt = floor_of(con, argv[1], argv[i], tmp);
        if (dt < 0)
            status = 1;
        total += dt;
    }
    unlink(tmp);
    duckdb_disconnect(&con);
    duckdb_close(&db);
    if (status == 0)
        printf("%.3f\n", total);
    return status;
}
