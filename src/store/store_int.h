/*
 * store_int.h — internals shared by the files of src/store (never included elsewhere).
 */
#ifndef PYCPG_STORE_INT_H
#define PYCPG_STORE_INT_H

#include "store.h"

#include <duckdb.h>

#define STORE_MAX_KEYS 16

/* Writer state of one dataset. */
typedef struct {
    bool begun, finished;
    duckdb_appender app;     /* on t_<ds> */
    duckdb_appender err_app; /* on e_<ds> */
    rowbuf *errbuf;          /* violations waiting for err_app */
    size_t pending;          /* rows in t_<ds> not yet in a part */
    size_t keys[STORE_MAX_KEYS];
    size_t nkeys;
    int rank_col, conf_col; /* -1 when the dataset has none */
    bool *ever_set;         /* per column: some row had a value */
    store_report rep;
} ds_state;

struct store {
    duckdb_database db;
    duckdb_connection con;
    char *dir;
    char *temp_dir;
    bool own_temp;
    size_t part_rows;
    ds_state *states; /* indexed by reg_dataset.index */
    size_t nstates;
    sbuf scratch; /* row-id text */
    sbuf utf8;    /* UTF-8 repair */
};

pc_status store_exec_con(duckdb_connection con, const char *sql, pc_err *err);
pc_status store_open_db(const char *temp_dir, const char *memory_limit, int threads,
                        duckdb_database *db, duckdb_connection *con, pc_err *err);
/* Appends the rows of b with keep[r] true (all rows when keep is NULL) to app, in data
 * chunks. NULL values in columns rank_col / conf_col get fam's defaults. */
pc_status store_chunks_append(store *s, duckdb_appender app, const rowbuf *b, const bool *keep,
                              int rank_col, int conf_col, const reg_family *fam, pc_err *err);

#endif
