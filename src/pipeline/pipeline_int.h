/*
 * pipeline_int.h — internals shared by the files of src/pipeline (never included elsewhere).
 */
#ifndef PYCPG_PIPELINE_INT_H
#define PYCPG_PIPELINE_INT_H

#include "pipeline.h"

#include "../lens/lens.h"

/* The state of one build. */
typedef struct {
    const build_options *opt;
    store *st;
    bool *wanted;      /* per registry index: the user asked for this dataset */
    rowbuf **bufs;     /* per registry index, created on first use */
    void **lens_state; /* per lens: open state, NULL when closed */
    bool *lens_on;     /* per lens: produces a wanted dataset */
    lens_parse *parse; /* the tree-sitter parse the lenses share, per file */
    build_summary *sum;
    double t_start, t_last_progress;
    int64_t total_bytes;
} build_run;

/* ---- build.c: the per-file work both extraction paths share -------------------------- */

/* The batch r collects ds's rows in (created on first use), or NULL when ds is not wanted:
 * the lens sink. Borrowed from r. */
rowbuf *pipeline_rows(build_run *r, const reg_dataset *ds);
/* Reads file i of list and runs the wanted lenses on it: its rows go to r's batches, its
 * counts to r->sum. Nothing is flushed. Non-OK only for internal failures. */
pc_status pipeline_extract_file(build_run *r, const scan_list *list, size_t i, pc_err *err);
/* After the rows of a file are in r's batches: hands full batches to the store and draws
 * the progress line (done of total files). */
pc_status pipeline_file_done(build_run *r, size_t done, size_t total, pc_err *err);
/* The rows of file i when its worker died on it: a repo_files_v1 row without contents and a
 * file_errors_v1 row (lens "pipeline", code "worker_crashed", the given message). */
void pipeline_emit_lost_file(build_run *r, size_t i, const scan_list *list, const char *code,
                             const char *message);
/* Opens every lens r needs into r->lens_state; close with pipeline_close_lenses. */
pc_status pipeline_open_lenses(build_run *r, pc_err *err);
void pipeline_close_lenses(build_run *r); /* closes the open ones; idempotent */
/* True once SIGINT/SIGTERM asked the build to stop. */
bool pipeline_interrupted(void);

/* ---- workers.c: -j N extraction in worker processes ----------------------------------- */

/* N worker processes, each with its own lenses, fed file indices by this process. */
typedef struct worker_pool worker_pool;
/* Forks nworkers (>= 1) workers for the files of list. Call while the process has one
 * thread (before store_new). r and list are borrowed and must outlive the pool; *out is
 * freed with workers_free. */
pc_status workers_start(build_run *r, const scan_list *list, size_t nworkers, worker_pool **out,
                        pc_err *err);
/* Extracts every file of the list in the workers and appends each file's rows to r's batches
 * in file order (pipeline_file_done after each), exactly as -j 1 would. A worker that dies
 * costs only the file it was on (pipeline_emit_lost_file) and is replaced. Fails on a
 * worker's internal error (its message), on interruption, or when a worker cannot start. */
pc_status workers_extract(worker_pool *wp, pc_err *err);
/* Kills and reaps the workers still running, frees the pool. NULL is a no-op. */
void workers_free(worker_pool *wp);

/* Writes manifest.json for the run into the store's directory. */
pc_status pipeline_write_manifest(build_run *r, const scan_list *list, const store_timing *t,
                                  size_t nt, pc_err *err);

#endif
