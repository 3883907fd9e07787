/*
 * store.h — the interface of src/store: datasets in and out of Parquet through DuckDB.
 *
 * Divisions:
 *   1. the writer: row batches → OUT/<dataset>/part-NNNNN.parquet (zstd, registry metadata in
 *      the footer), contract validation on the way in, error artifacts at the end
 *   2. the manifest (manifest.json)
 *   3. atomic publish of an output directory
 *   4. the reader: SQL over an output (`pycpg query`, show, report, callgraph, flows)
 *   5. Arrow IPC snapshots: part-….arrow files beside (or instead of) the Parquet parts
 *
 * The store knows datasets only through the registry; it knows nothing of Python or of the
 * lenses. Repository content reaches DuckDB only as data chunks (the pycpg_rows table
 * function for dataset rows, an appender for error rows), never as SQL text.
 */
#ifndef PYCPG_STORE_H
#define PYCPG_STORE_H

#include "../registry/registry.h"

/* ---- 1. writer -------------------------------------------------------------------- */

typedef struct store store;

typedef struct {
    const char *dir;               /* directory the datasets are written into (must exist) */
    const char *temp_dir;          /* DuckDB spill directory; NULL → <dir>/.tmp-<pid>-<n> (removed
                                      at free) */
    const char *memory_limit;      /* DuckDB memory_limit, e.g. "4GB"; NULL → DuckDB's default */
    bool lift_limit;               /* a statement past the limit runs again without it (below) */
    int threads;                   /* DuckDB threads; 0 → 1 (parts are written by one thread) */
    size_t part_rows;              /* rows per Parquet part; 0 → 1,000,000 */
    size_t pending_budget;         /* bytes of rows waiting for their part, all datasets together;
                                      0 → STORE_PENDING_BUDGET */
    const id_prefix_map *prefixes; /* the build's files, for pycpg_ast_id(file_id, ast_idx)
                                      (borrowed: must outlive the store); NULL: none yet */
} store_options;

#define STORE_PENDING_BUDGET ((size_t)256 << 20)

/* The options of every COPY … TO a Parquet file of an output (parts, error artifacts, the link
 * stage's kept tables): one place chooses the format and the compression. */
#define STORE_PARQUET_OPTIONS "FORMAT parquet, COMPRESSION zstd"

/* Rows of a dataset written from SQL with one value of its count_by column. */
typedef struct {
    char *key; /* owned by the store */
    int64_t value;
} store_count;

/* What was written for one dataset. */
typedef struct {
    const reg_dataset *ds;
    int64_t rows;       /* good rows written */
    int64_t input_rows; /* rows handed to store_append */
    int64_t error_rows; /* rows that broke the contract (in extract_errors/<ds>/errors) */
    int nparts;
    bool finished;
    const char *count_by; /* store_write_query: the column counted by value, or NULL */
    store_count *counts;  /* good rows per value of count_by, sorted by value */
    size_t ncounts;
} store_report;

/* Opens a DuckDB instance for writing into opt->dir. *out is owned by the caller
 * (store_free). */
pc_status store_new(const store_options *opt, store **out, pc_err *err);
void store_free(store *s); /* NULL is a no-op; an unfinished dataset's parts stay on disk */
/* pycpg_ast_id's files from here on: those of the store's own repo_files_v1 parts (their
 * recorded id_prefix). For a store that assembles an output from written parts (pycpg link). */
pc_status store_load_prefixes(store *s, pc_err *err);

/* Declares that ds will be written. Must precede store_append for ds. */
pc_status store_begin(store *s, const reg_dataset *ds, pc_err *err);
/* Validates and appends every row of b (then clears b). Rows with NULL in a REG_REQUIRED
 * column go to the dataset's error artifacts instead of the dataset. NULL evidence_rank /
 * confidence are filled with the family's defaults. Writes a Parquet part whenever
 * part_rows rows are pending, and the largest queue whenever all queues together hold more
 * than pending_budget bytes, so memory stays bounded. */
pc_status store_append(store *s, const reg_dataset *ds, rowbuf *b, pc_err *err);
/* Writes the remaining rows (an empty dataset still gets one part with the full schema
 * and metadata) and extract_errors/<ds>/{errors,error_stats,alignment}.parquet. */
pc_status store_finish(store *s, const reg_dataset *ds, pc_err *err);
/* Report for ds (zeroed report if ds was never begun). Borrowed. */
const store_report *store_report_of(const store *s, const reg_dataset *ds);
/* True when ds was begun in s (finished or not). */
bool store_has_begun(const store *s, const reg_dataset *ds);
/* The parts of ds written under the store's current tag so far. */
int store_tag_parts(const store *s, const reg_dataset *ds);
/* Runs one statement of pycpg's own SQL on the writer's connection. */
pc_status store_exec(store *s, const char *sql, pc_err *err);
/* Runs pycpg's own SQL and stores the first column of the first row in *out (0 when the
 * result is empty or NULL). */
pc_status store_query_i64(store *s, const char *sql, int64_t *out, pc_err *err);
/* Runs pycpg's own SQL and calls fn once per result row with up to 8 columns rendered as
 * text (NULL = NULL pointer; borrowed for the call). A non-OK status from fn stops. */
typedef pc_status (*store_row_fn)(void *ctx, const char *const *vals, size_t n, pc_err *err);
pc_status store_query_rows(store *s, const char *sql, store_row_fn fn, void *ctx, pc_err *err);
/* Writes the whole dataset ds (never begun before) from select_sql, pycpg's own SQL whose
 * result has a column of every name of ds (cast to the registry type) and, when
 * has_violation, a VARCHAR column __violation. Rows with NULL in a REG_REQUIRED column or a
 * non-NULL __violation go to the error artifacts (code REQUIRED_NON_NULL / KIND_CONTRACT);
 * the others, in the query's order, to parts of at most part_rows rows, split by position
 * only (the same query gives the same parts whatever the thread count). count_by (a column
 * name or NULL) fills the report's per-value counts, listed in the manifest. The dataset is
 * finished on return. The connection's functions include pycpg_id(prefix, part, …): the id
 * of "prefix␟part␟…" (core.h §4; NULL when a part is NULL). */
pc_status store_write_query(store *s, const reg_dataset *ds, const char *select_sql,
                            bool has_violation, const char *count_by, pc_err *err);
/* The passes of store_write_queries appended to ds, begun and not finished, as its next parts
 * under the store's tag (a chunk's, when one is open: counts and violations then belong to the
 * chunk). n may be 0 (count_by is still recorded). */
pc_status store_append_queries(store *s, const reg_dataset *ds, const char *const *selects,
                               size_t n, bool has_violation, const char *count_by, pc_err *err);
/* One pass of store_append_queries from an existing table of pycpg's (its rows in insertion
 * order, every column of ds, and __violation when has_violation), which the caller made and
 * drops: saves materialising a copy. */
pc_status store_append_table(store *s, const reg_dataset *ds, const char *table, bool has_violation,
                             const char *count_by, pc_err *err);
/* store_write_query over n queries (n >= 1) written one after the other into one dataset:
 * the parts of each pass follow the previous pass's, so the dataset's order is the passes'
 * order, each in its query's order. One query per pass keeps DuckDB's working set to one
 * pass (one node or edge kind) instead of the whole graph. */
pc_status store_write_queries(store *s, const reg_dataset *ds, const char *const *selects, size_t n,
                              bool has_violation, const char *count_by, pc_err *err);

/* ---- 1b. chunks: parts written by several stores into one output ----------------------
 *
 * Extraction writes an output's evidence datasets from several processes at once: each
 * worker has its own store over the same directory and writes whole chunks (consecutive
 * files); the parent's store then takes in what the chunks wrote. Parts are named by a tag,
 * part-<tag>-NNNNN.parquet, and a dataset's rows are its parts' rows in name order, so the
 * tags fix the order whatever process wrote which chunk. A store's tag starts empty
 * (part-NNNNN.parquet). */

#define STORE_TAG_MAX 24

/* What a chunk wrote into one dataset. */
typedef struct {
    int64_t input_rows, rows, error_rows;
    int32_t nparts;
    const bool *ever_set;      /* per column: some row of the chunk had a value (borrowed) */
    const store_count *counts; /* good rows per count_by value (store_append_queries), sorted by
                                  value (borrowed) */
    size_t ncounts;
} store_chunk_stat;

/* Writes every begun dataset's pending rows as parts under the current tag, then names the
 * parts written from now on part-<tag>-NNNNN.parquet (tag: letters, digits, '-'; at most
 * STORE_TAG_MAX - 1 characters). */
pc_status store_set_part_tag(store *s, const char *tag, pc_err *err);
/* store_set_part_tag, and starts a chunk: counts and contract violations from here on belong
 * to it (row indices of violations count from the chunk's first row). */
pc_status store_chunk_open(store *s, const char *tag, pc_err *err);
/* Writes every begun dataset's pending rows as parts of the open chunk, so that SQL can read
 * what the chunk has written so far (its parts under the tag); the chunk stays open. */
pc_status store_chunk_flush(store *s, pc_err *err);
/* Ends the chunk: writes its pending rows, and its violations of dataset ds (if any) to
 * extract_errors/<ds>/chunk-<tag>.parquet; stats[ds->index] (registry_count() entries) say
 * what it wrote, valid until the next store_chunk_open. */
pc_status store_chunk_close(store *s, store_chunk_stat *stats, pc_err *err);
/* The parent's side: adds a chunk (written by another store into this store's directory
 * under tag) to dataset ds, which must be begun: its counts, and its violations with row
 * indices after the rows ds has so far (the chunk's violation file stays, for a later build
 * to adopt with the chunk). Chunks are taken in the order their parts are named. */
pc_status store_chunk_absorb(store *s, const reg_dataset *ds, const char *tag,
                             const store_chunk_stat *cs, pc_err *err);
/* Removes whatever a chunk that did not finish wrote into dir under tag (parts and
 * violation files of every dataset). */
pc_status store_chunk_discard(const char *dir, const char *tag, pc_err *err);
/* Puts the parts an earlier output from_dir has under from_tag, and its violation files, into
 * dir under tag (hard links; copies where the file system has none), for every dataset
 * want[registry index] names. */
pc_status store_chunk_adopt(const char *from_dir, const char *from_tag, const char *dir,
                            const char *tag, const bool *want, pc_err *err);

/* Makes the file `to` (absent) a hard link of `from`, or a copy where links are not possible
 * (another file system). */
pc_status store_link_file(const char *from, const char *to, pc_err *err);

/* ---- 1b'. marks: undoing a step ------------------------------------------------------
 *
 * A mark records every begun dataset's state (rows, parts under the current tag, counts,
 * violations); rolling back to it removes the parts and violations written since and restores
 * the counts, so that a step that failed (DuckDB past its memory limit) can run again as if it
 * never had. Taken with no rows pending (store_chunk_flush first) and rolled back under the
 * same tag, with no dataset begun in between. */
typedef struct store_mark store_mark;
pc_status store_mark_new(store *s, store_mark **out, pc_err *err);
pc_status store_rollback(store *s, const store_mark *m, pc_err *err);
void store_mark_free(store *s, store_mark *m); /* NULL is a no-op */
/* DuckDB's memory limit from now on ("1GB"; NULL: DuckDB's default, 80% of RAM). A statement
 * that needs more than the limit fails with PC_ERR_LIMIT ("Out of Memory Error"), unless the
 * store was opened with lift_limit: then a statement that is one statement (no ';') and fails
 * so runs once more without the limit, which is set again after it (the limit decides what
 * DuckDB keeps in memory, never whether a step finishes). Statements that are several are
 * not run again (one of them may have taken effect), nor the COPY that writes a part from the
 * pending rows (it consumes them). */
pc_status store_set_memory_limit(store *s, const char *limit, pc_err *err);
/* While the caller holds much memory of its own (outside DuckDB's accounting), DuckDB's limit
 * is STORE_SHRUNK_LIMIT (shrink true: DuckDB writes what it can of its tables to its temporary
 * directory and keeps under it); shrink false restores the limit set before. Not being able to
 * shrink is not an error (DuckDB keeps what it cannot evict). A statement past the shrunk
 * limit runs again without it, and the shrunk limit is set back. 128 MB: the lowest at which
 * the standard library's points-to state was read without such a rerun, and where its rounds
 * stopped being the parent's peak (docs/decisions.md, "The repository-wide part's memory"). */
#define STORE_SHRUNK_LIMIT "128MB"
pc_status store_shrink_memory(store *s, bool shrink, pc_err *err);

/* ---- 1c. whole relations between DuckDB and C (columns.c) --------------------------------
 *
 * For pycpg's own computations over its tables that SQL does badly (the call graph's
 * fixpoint): a query's result read into C arrays, and C arrays written back as a table. */

typedef enum { STORE_COL_I64, STORE_COL_U64, STORE_COL_STR } store_col_type;

/* One column of n rows: STORE_COL_I64 values in i64 (read: any integer or boolean type;
 * UBIGINT keeps its bit pattern), STORE_COL_U64 the same written back as UBIGINT,
 * STORE_COL_STR bytes in `bytes` at [off[r], off[r + 1]); null[r] marks a NULL (value 0 /
 * empty). Owned by its store_columns. */
typedef struct {
    store_col_type type;
    size_t n, cap;
    int64_t *i64;
    size_t *off;
    sbuf bytes;
    bool *null;
} store_column;

typedef struct {
    size_t ncols;
    store_column *cols;
} store_columns;

/* Empty columns of the given types; fill with store_columns_add_*, free with
 * store_columns_free. */
void store_columns_init(store_columns *c, size_t ncols, const store_col_type *types);
void store_columns_add_i64(store_columns *c, size_t col, int64_t v, bool null);
void store_columns_add_str(store_columns *c, size_t col, const char *s, size_t len, bool null);
/* The bytes of row r of text column col (not NUL-terminated; *len bytes). Borrowed. */
const char *store_columns_str(const store_columns *c, size_t col, size_t row, size_t *len);
void store_columns_free(store_columns *c); /* every column; c is then empty */
/* Runs pycpg's own SQL and reads its whole result into *out (columns of integers or text; any
 * other type fails). *out is the caller's (store_columns_free), empty on failure. */
pc_status store_query_columns(store *s, const char *sql, store_columns *out, pc_err *err);
/* Creates (or replaces) the table `table` with columns names[0..c->ncols) (BIGINT, UBIGINT or
 * VARCHAR)
 * holding c's rows in order, through an appender (values, never SQL text). */
pc_status store_table_from_columns(store *s, const char *table, const char *const *names,
                                   const store_columns *c, pc_err *err);

/* ---- 2. manifest ------------------------------------------------------------------- */

typedef struct {
    const char *key;
    const char *value;
} store_kv;

typedef struct {
    const char *name;
    double seconds;
} store_timing;

/* Run facts the pipeline supplies; the store adds every finished dataset (path, rows,
 * schema, fingerprint, metadata) and the error-artifact report. */
typedef struct {
    const char *repo_root;
    const char *output_dir;
    const store_kv *versions; /* tool and dependency versions */
    size_t nversions;
    const store_kv *options; /* the options of the run, rendered as text */
    size_t noptions;
    const store_timing *timings; /* wall seconds per stage */
    size_t ntimings;
    const store_kv *counts; /* files scanned, bytes, problems, … (decimal text) */
    size_t ncounts;
    double wall_seconds;
    int64_t created_at_unix_s;
    const char *format; /* the datasets' format: "parquet" (NULL), "ipc" or "both" */
} store_run_info;

/* Writes <dir>/manifest.json (2-space indent, sorted keys). Each dataset lists the part
 * files its directory holds, by format ("files": {"parquet": […], "ipc": […]}). */
pc_status store_write_manifest(store *s, const store_run_info *info, pc_err *err);
/* Writes <s's dir>/manifest.json from the manifest at from (an earlier output's, unchanged):
 * the entries of the datasets s finished (and their error artifacts) replaced, or added, as
 * store_write_manifest writes them; the rest as it was. */
pc_status store_manifest_update(store *s, const char *from, pc_err *err);
/* Rewrites <dir>/manifest.json (an earlier output's, copied there) for the files dir holds:
 * each dataset's "format" and "files" (`pycpg export`). */
pc_status store_manifest_set_files(const char *dir, const char *format, pc_err *err);

/* ---- 3. atomic publish ------------------------------------------------------------- */

/* Prepares a staging directory beside out (same file system): checks that out is absent,
 * an empty directory or an earlier pycpg output (never anything else), and removes stale
 * staging directories of dead pycpg processes. *staging is owned by the caller. */
pc_status store_publish_prepare(const char *out, char **staging, pc_err *err);
/* Puts staging in place of out atomically (renameat2 RENAME_EXCHANGE, or rename when out
 * does not exist), then removes the previous output. */
pc_status store_publish_commit(const char *staging, const char *out, pc_err *err);
/* Mirrors the tree from (an output) into to (a staging directory): its directories made,
 * its files hard-linked (copied across file systems), except the entries whose path relative
 * to from is one of skip[0..nskip) and the marker, store temporaries (.tmp-*) and
 * manifest.json. A command that replaces a few datasets of an output (`pycpg flows --save`)
 * writes them into the mirror, then publishes it: OUT changes in one rename. */
pc_status store_link_tree(const char *from, const char *to, const char *const *skip, size_t nskip,
                          pc_err *err);
/* Removes a staging directory (after a failed or interrupted run). */
void store_publish_abort(const char *staging);
/* Ends a publish begun by store_publish_prepare: when rc is PC_OK, commits staging in out's
 * place (store_publish_commit), else removes it. Frees staging (NULL: nothing was staged)
 * and returns the final status: rc, or the commit's failure. */
pc_status store_publish_end(char *staging, const char *out, pc_status rc, pc_err *err);
/* Removes a directory tree without following links. */
pc_status store_remove_tree(const char *path, pc_err *err);

/* ---- 4. reader ------------------------------------------------------------------------ */

typedef enum { STORE_FMT_TABLE, STORE_FMT_CSV, STORE_FMT_JSON } store_format;

/* A reader: one in-memory DuckDB over an output directory for the statements of one command,
 * in which every dataset is a view of its own name (and <dataset>_errors, _error_stats,
 * _alignment over its error artifacts). A view is made when a statement first names it (a
 * word of the statement's text, quoted or not, equal to the view's name); a statement that
 * looks at the catalogue (SHOW, DESCRIBE, information_schema, duckdb_*() …) gets them all.
 * Tables a statement creates stay for the next ones. */
typedef struct store_reader store_reader;
struct json_t;

/* PC_ERR_ARG when out_dir is not a pycpg output. threads: DuckDB's threads, 0 for its default
 * (one per core); a command of many small statements runs faster on one (no hand-offs between
 * threads, no other core interrupted when memory goes back). *out is the caller's
 * (store_reader_free). */
pc_status store_reader_open(const char *out_dir, int threads, store_reader **out, pc_err *err);
void store_reader_free(store_reader *r); /* NULL is a no-op */
/* The output's files and their prefixes of file-local ids (repo_files_v1.id_prefix, read when
 * the reader opened; what pycpg_ast_id uses). Borrowed: valid until store_reader_free. */
const id_prefix_map *store_reader_prefixes(const store_reader *r);
/* Runs sql and prints the result to fp. A failing statement is PC_ERR_ARG ("query failed:
 * " and DuckDB's message). */
pc_status store_reader_query(store_reader *r, const char *sql, store_format fmt, FILE *fp,
                             pc_err *err);
/* Runs sql; *rows is the result as STORE_FMT_JSON prints it, a JSON array of row objects
 * (owned by the caller; NULL on failure). */
pc_status store_reader_json(store_reader *r, const char *sql, struct json_t **rows, pc_err *err);
/* Runs pycpg's own SQL over the reader's views and calls fn once per result row, as
 * store_query_rows does (up to 8 columns as text; a non-OK status from fn stops; a failing
 * statement is PC_ERR_DB with DuckDB's message). A reader of one thread leaves no thread
 * behind once freed, so a process may fork afterwards. */
pc_status store_reader_rows(store_reader *r, const char *sql, store_row_fn fn, void *ctx,
                            pc_err *err);
/* store_reader_query on a reader of its own (DuckDB's default threads), opened and freed for
 * the call: `pycpg query`. */
pc_status store_query(const char *out_dir, const char *sql, store_format fmt, FILE *fp,
                      pc_err *err);

/* Appends read_parquet('<dir>/<dataset>/part-*.parquet') to out: a dataset's written parts
 * as one relation (dir's glob characters escaped), in a subquery that puts its sparse columns
 * back when it has any (docs/datasets.md, "Sparse id columns"). with_position adds the columns
 * __file (the part's path) and file_row_number, by which a relation of several outputs' parts can
 * be put back in the order each output wrote. */
void store_parts_sql(sbuf *out, const char *dir, const char *dataset, bool with_position);

/* Appends path as an SQL string literal for read_parquet, glob characters escaped, so that it
 * names exactly that file. */
void store_file_literal(sbuf *out, const char *path);
/* Appends the SQL string literal of the glob pattern dir + tail: dir's glob characters
 * escaped, tail's kept (e.g. "/link_chunks/ *-externs.parquet" without the space). */
void store_glob_literal(sbuf *out, const char *dir, const char *tail);
/* Appends read_parquet over the parts one tag holds: '<dir>/<dataset>/part-<tag>-*.parquet'
 * when nparts < 0, else the list of its first nparts parts by name (part-<tag>-00000.parquet
 * …), which costs DuckDB no listing of the dataset's directory each time it binds the
 * relation (a worker's views are bound by every statement of every chunk it links, and the
 * directory holds every chunk's parts). */
void store_tag_parts_sql(sbuf *out, const char *dir, const char *dataset, const char *tag,
                         int nparts); /* also in such a subquery */

/* ---- 4b. derived rows (derived.c) ---------------------------------------------------
 *
 * A dataset may leave out of its parts rows that SQL over the other datasets of the same
 * output gives back (the graph's referenced props: src/link). The producer registers that SQL
 * once per process; an output whose parts leave the rows out holds a mark beside them,
 * <dir>/<dataset>/_derived, with the SQL's fingerprint. A reader's view of a marked dataset is
 * its parts UNION ALL the SQL over the reader's views, and `pycpg export` writes the rows into
 * Arrow snapshots; a mark with another fingerprint (another pycpg wrote the output), or with
 * no SQL registered, is an error (PC_ERR_INPUT), never fewer rows. */

/* Writes into out the SQL that gives back a dataset's rows: a SELECT of the dataset's columns
 * in order over relations named like datasets. */
typedef void (*store_derived_fn)(sbuf *out);
/* Registers (or replaces) the function that writes dataset's SQL; it runs on the first call
 * that needs the SQL or its fingerprint. Process-wide. */
void store_derived_register(const char *dataset, store_derived_fn sql_of);
/* The registered SQL, and its fingerprint (16 hex digits), or NULL. */
const char *store_derived_sql(const char *dataset);
const char *store_derived_fingerprint(const char *dataset);
/* Writes (on) or removes the mark of dataset in the output dir (the dataset's directory
 * exists when on). */
pc_status store_derived_mark(const char *dir, const char *dataset, bool on, pc_err *err);
/* *mark: the mark's text (the caller's), or NULL when dataset in dir has none. */
pc_status store_derived_mark_of(const char *dir, const char *dataset, char **mark, pc_err *err);
/* *sql: the SQL that gives back the rows dataset in dir leaves out (static storage), or NULL
 * when it leaves none out; PC_ERR_INPUT when its mark is not this process's SQL. */
pc_status store_derived_check(const char *dir, const char *dataset, const char **sql, pc_err *err);

/* ---- 5. Arrow IPC snapshots (ipc.c) ----------------------------------------------------
 *
 * Every Parquet part <dir>/<dataset>/part-X.parquet has an Arrow IPC file twin part-X.arrow
 * (the IPC *file* format: magic, schema, record batches, footer) with the same rows, field
 * names, types and nullability as DuckDB reads from the part, and the part's footer key-value
 * metadata as the schema's metadata; an empty part gives a file with the schema and no batch.
 * docs/decisions.md, "Arrow IPC". */

typedef enum { STORE_OUT_PARQUET = 1, STORE_OUT_IPC = 2, STORE_OUT_BOTH = 3 } store_out_format;

/* "parquet", "ipc" (or "arrow"), "both"; false for anything else. */
bool store_out_format_parse(const char *s, store_out_format *out);
const char *store_out_format_name(store_out_format f);
/* Every registered dataset's parts of from_dir into to_dir as f asks: each Parquet part
 * converted to its .arrow twin when f has STORE_OUT_IPC (the .arrow parts linked when from_dir
 * has no Parquet part), the Parquet parts linked when f has STORE_OUT_PARQUET; when to_dir is
 * from_dir and f is STORE_OUT_IPC the Parquet parts are removed after their conversion. Fails
 * when f wants Parquet that from_dir does not have. to_dir must exist. A dataset whose parts
 * leave rows out (derived rows, 4b) gets them as part-derived.arrow when f has STORE_OUT_IPC,
 * and its mark beside the linked Parquet parts; it is never converted in place to Arrow
 * alone. */
pc_status store_ipc_convert(const char *from_dir, const char *to_dir, store_out_format f,
                            pc_err *err);
/* `pycpg export`: the datasets of the output `out` (its Parquet parts, or its .arrow parts for
 * an 'ipc' output) written into the new output dir as f asks (store_ipc_convert), with out's
 * manifest.json whose datasets list the files dir holds. dir is staged and published like a
 * build's output (store_publish_prepare); out is only read. */
pc_status store_export(const char *out, const char *dir, store_out_format f, pc_err *err);
/* The names of the files part-*<ext> (ext ".parquet", ".arrow") in <dir>/<dataset>, sorted;
 * none when the directory does not exist. Free with store_free_names. */
pc_status store_list_parts(const char *dir, const char *dataset, const char *ext, char ***names,
                           size_t *n, pc_err *err);
void store_free_names(char **names, size_t n);

/* The DuckDB library version ("v1.4.4"). */
const char *store_duckdb_version(void);

#endif
