/*
 * store_int.h — internals shared by the files of src/store (never included elsewhere).
 */
#ifndef PYCPG_STORE_INT_H
#define PYCPG_STORE_INT_H

#include "store.h"

#include <duckdb.h>

#define STORE_MAX_KEYS 16

/* A batch taken from store_append, waiting for its part: its good rows are rows[0..n) (the
 * first n rows when rows is NULL), of which next are already in a part. */
typedef struct {
    rowbuf *b;
    size_t *rows;
    size_t n, next;
    size_t bytes; /* rowbuf_bytes(b) when queued: what the batch holds until it is freed */
} pend_batch;

/* Writer state of one dataset. */
typedef struct {
    bool begun, finished;
    duckdb_appender err_app;    /* on e_<ds> */
    rowbuf *errbuf;             /* violations waiting for err_app */
    duckdb_logical_type *types; /* the dataset's column types (ncols) */
    pend_batch *q;              /* batches in append order, q[0..qlen) */
    size_t qlen, qcap, qhead;   /* q[0..qhead) are all in parts */
    size_t pending;             /* good rows in q not yet in a part */
    size_t pending_bytes;       /* sum of q[i].bytes: memory the queue holds */
    size_t part_left;           /* rows pycpg_rows still yields for the part being written */
    size_t *sel;                /* pycpg_rows: source rows of one chunk (duckdb_vector_size()) */
    size_t keys[STORE_MAX_KEYS];
    size_t nkeys;
    int rank_col, conf_col; /* -1 when the dataset has none */
    bool *ever_set;         /* per column: some row had a value */
    store_report rep;
    int tag_parts;                        /* parts written under the store's current tag */
    int64_t chunk_input_rows;             /* rep.input_rows when the current chunk was opened */
    int64_t chunk_rows, chunk_error_rows; /* rep.rows, rep.error_rows then */
    int chunk_parts;                      /* rep.nparts then */
    store_count *chunk_counts;            /* the current chunk's count_by counts (sorted) */
    size_t nchunk_counts;
} ds_state;

struct store {
    duckdb_database db;
    duckdb_connection con;
    const id_prefix_map *prefixes; /* pycpg_ast_id's files: the options' or prefixes_owned */
    id_prefix_map *prefixes_owned; /* store_load_prefixes */
    char *dir;
    char *temp_dir;
    bool own_temp;
    size_t part_rows;
    size_t pending_budget; /* bound on the sum of every dataset's pending_bytes */
    size_t pending_bytes;  /* that sum */
    ds_state *states;      /* indexed by reg_dataset.index */
    size_t nstates;
    char tag[STORE_TAG_MAX]; /* parts are named part-<tag>-NNNNN.parquet; "" → part-NNNNN */
    bool chunked;            /* store_chunk_open was called: violations are chunk-local */
    char *memory_limit;      /* the limit set (store_set_memory_limit); NULL: DuckDB's default */
    bool lift_limit;         /* store_options.lift_limit */
    bool shrunk;             /* store_shrink_memory(true) holds: the limit in force is
                              * STORE_SHRUNK_LIMIT, not memory_limit */
    sbuf scratch;            /* row-id text */
    sbuf utf8;               /* UTF-8 repair */
    /* An error_stats.parquet this store wrote from an empty error table (NULL: none yet).
     * That file is the same bytes for every dataset (its columns do not depend on the
     * dataset, and it has no metadata), so the next dataset without errors gets a copy of
     * it instead of a COPY statement (writer.c, write_error_artifacts). */
    char *empty_stats;
};

/* ---- writer.c ---- */
pc_status store_exec_con(duckdb_connection con, const char *sql, pc_err *err);
/* store_query_con on the store's connection, with its lift_limit policy (store.h). */
pc_status store_query_lifted(store *s, const char *sql, duckdb_result *res, pc_err *err);
/* Runs sql (the fault seam "duckdb" included); on success the caller owns *res and must
 * duckdb_destroy_result it, on failure nothing is left to free. */
pc_status store_query_con(duckdb_connection con, const char *sql, duckdb_result *res, pc_err *err);
pc_status store_query_rows_con(duckdb_connection con, const char *sql, store_row_fn fn, void *ctx,
                               pc_err *err);
pc_status store_open_db(const char *temp_dir, const char *memory_limit, int threads,
                        duckdb_database *db, duckdb_connection *con, pc_err *err);
/* Appends ", KV_METADATA {…}" (the registry metadata of ds) to a COPY option list. */
void store_kv_metadata_sql(sbuf *sql, const reg_dataset *ds);
/* Appends the path of ds's next part to out: <dir>/<ds>/part-<tag>-NNNNN.parquet, or
 * part-NNNNN.parquet under the empty tag (NNNNN counts the parts of the tag). */
void store_part_path(const store *s, const reg_dataset *ds, const ds_state *st, sbuf *out);
/* Appends <dir>/<dataset>/part-<tag>-NNNNN.parquet (part-NNNNN.parquet for the empty tag): the
 * name of part k, the one place that spells it. */
void store_part_name(sbuf *out, const char *dir, const char *dataset, const char *tag, int k);

/* ---- reader.c ---- */
/* Makes the views the statement sql names in r and lends r's connection (*con) to run it. */
pc_status store_reader_views(store_reader *r, const char *sql, duckdb_connection *con, pc_err *err);

/* ---- sqlwrite.c ---- */
/* Registers pycpg_id(prefix, part, …) → BIGINT and pycpg_span_text(bytes, bstart, bend) →
 * VARCHAR on con (see sqlwrite.c). */
pc_status store_register_functions(duckdb_connection con, pc_err *err);
/* Registers pycpg_ast_id(file_id, ast_idx) → BIGINT on con: the AST node's file-local id
 * (core.h, id_ast_node) by the map *slot holds when the function runs (slot borrowed: it must
 * outlive con; *slot NULL: no file, every call fails). */
pc_status store_register_ast_id(duckdb_connection con, const id_prefix_map *const *slot,
                                pc_err *err);
/* The prefixes recorded in dir's repo_files_v1 (an empty map when it has no parts). Owned by
 * the caller: id_prefix_map_free. */
id_prefix_map *store_prefixes_load(duckdb_connection con, const char *dir);
/* Appends "SELECT * FROM <from>" to out, with ds's sparse id columns (reg_column.derive) put
 * back: "SELECT * REPLACE (coalesce(c, <recipe>) AS c, …) FROM <from>" (sparse.c). from is a
 * relation of ds's Parquet parts as written; ds may be NULL (nothing to put back). The
 * connection needs pycpg_id (every store and reader registers it). */
void store_dataset_select(sbuf *out, const reg_dataset *ds, const char *from);
/* True when ds has a column stored sparse. */
bool store_has_sparse(const reg_dataset *ds);

/* One part of ids computed over a chunk's vectors: its vector, type and validity
 * (store_id_part_of), the text written before its value ("file:" for a reference) and the
 * text of a NULL value (NULL: a NULL part makes the id NULL). */
typedef struct {
    duckdb_vector v;
    duckdb_type type;
    const uint64_t *valid;
    const char *lead, *if_null;
} store_id_part;
void store_id_part_of(store_id_part *p, duckdb_vector v); /* lead, if_null left as they are */
/* ids[r] = id(prefix, parts…) of rows [0, rows) (core's recipe: "prefix␟part␟…"; prefix NULL:
 * the first part is the prefix, as pycpg_id's first argument), has[r] false where the id is
 * NULL. False when a part's type has no text form (then ids is not written). */
bool store_ids_of_vectors(const char *prefix, const store_id_part *parts, size_t nparts, idx_t rows,
                          int64_t *ids, bool *has);

/* Appends the select list that writes ds's rows as stored: "*", with its sparse columns
 * replaced by their sparse form in SQL (sparse.c); with c_sparse, the columns with a recipe
 * are left as they are (store_sparse_chunk makes them sparse as pycpg_rows hands them out). */
void store_sparse_write_list(sbuf *sql, const reg_dataset *ds, bool c_sparse);
/* Sets NULL every value of ds's recipe columns (reg_column.recipe) in the first n rows of
 * chunk that its recipe gives. NULL, or the message of a row it cannot write (a NULL where
 * the recipe gives a value). */
const char *store_sparse_chunk(const reg_dataset *ds, duckdb_data_chunk chunk, idx_t n);
/* Adds value to the count of key in counts[0..*n) (a new entry, key copied, when absent). */
void store_counts_add(store_count **counts, size_t *n, const char *key, int64_t value);
/* Frees counts[0..*n) and their keys; *counts = NULL, *n = 0. */
void store_counts_free(store_count **counts, size_t *n);
/* qsort order of store_count by key (strcmp). */
int store_count_cmp(const void *a, const void *b);

/* ---- rowsource.c: the pending rows of each dataset and the pycpg_rows table function ---- */

/* Registers pycpg_rows(dataset_index BIGINT) on s->con: yields the dataset's next
 * st->part_left pending rows, in append order, converted from the pending batches chunk by
 * chunk (single-threaded scan). */
pc_status store_rows_register(store *s, pc_err *err);
/* Sets st->types from the registry's SQL types (parsed by DuckDB, as CREATE TABLE would). */
pc_status store_rows_types(store *s, const reg_dataset *ds, ds_state *st, pc_err *err);
/* Moves the rows of b with keep[r] true (good of them; all rows when keep is NULL) into
 * the dataset's queue; b is left empty (rowbuf_take). */
void store_rows_push(ds_state *st, rowbuf *b, const bool *keep, size_t good);
/* Frees the batches whose rows are all in parts. */
void store_rows_drop_consumed(ds_state *st);
/* Frees the queue, the types and the selection vector. */
void store_rows_release(ds_state *st);

/* ---- chunks.c ---- */

/* Fills chunk (whose vectors have b's column types) with rows[0..n) of b and sets its
 * size. NULL values in columns rank_col / conf_col get fam's defaults. */
void store_chunks_fill(store *s, duckdb_data_chunk chunk, const rowbuf *b, const size_t *rows,
                       size_t n, int rank_col, int conf_col, const reg_family *fam);
/* Appends the rows of b with keep[r] true (all rows when keep is NULL) to app, in data
 * chunks. NULL values in columns rank_col / conf_col get fam's defaults. */
pc_status store_chunks_append(store *s, duckdb_appender app, const rowbuf *b, const bool *keep,
                              int rank_col, int conf_col, const reg_family *fam, pc_err *err);

/* Copies the file from, whole, to the file to, opened with fopen's mode ("wbx": a new file
 * only); the file is closed whether or not the write went through (writer.c). */
pc_status store_file_copy(const char *from, const char *to, const char *mode, pc_err *err);

#endif
