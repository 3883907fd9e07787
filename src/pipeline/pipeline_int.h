/*
 * pipeline_int.h — internals shared by the files of src/pipeline (never included elsewhere).
 */
#ifndef PYCPG_PIPELINE_INT_H
#define PYCPG_PIPELINE_INT_H

#include "pipeline.h"

#include "../lens/lens.h"
#include "../link/link.h"

#include <jansson.h>
#include <sys/types.h>

typedef struct scip_stage scip_stage;
typedef struct runtime_stage runtime_stage;

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
    scip_stage *scip;         /* the SCIP stage, or NULL when no SCIP dataset is wanted */
    runtime_stage *runtime;   /* runtime inspection, or NULL when not asked for */
    const char *evidence_dir; /* where extraction writes: staging, or an incremental delta */
    bool group_rows[2];       /* the parent's groups "a" and "z" hold rows */
    bool flows;               /* the flows datasets are written by stage_flows, not empty */
    link_pts_report *pts;     /* the call graph's points-to outcome, for the manifest */
    id_prefix_map *prefixes;  /* the listing's files and their prefixes of file-local ids (the
                                 parent's; a worker borrows it), for pycpg_ast_id */
} build_run;

/* ---- build.c: the per-file work both extraction paths share -------------------------- */

/* The batch r collects ds's rows in (created on first use), or NULL when ds is not wanted:
 * the lens sink. Borrowed from r. */
rowbuf *pipeline_rows(build_run *r, const reg_dataset *ds);
/* Reads file i of list and runs the wanted lenses on it: its rows go to r's batches, its
 * counts to r->sum. Nothing is flushed. Non-OK only for internal failures. */
pc_status pipeline_extract_file(build_run *r, const scan_list *list, size_t i, pc_err *err);
/* Draws the progress line (with --progress): done of total files started, bytes of them;
 * at most five times a second unless final. */
void pipeline_progress(build_run *r, size_t done, size_t total, int64_t bytes, bool final);
/* The rows of file i when its worker died on it: a repo_files_v1 row without contents and a
 * file_errors_v1 row (lens "pipeline", code "worker_crashed", the given message). */
void pipeline_emit_lost_file(build_run *r, size_t i, const scan_list *list, const char *code,
                             const char *message);
/* Opens every lens r needs into r->lens_state; close with pipeline_close_lenses. */
pc_status pipeline_open_lenses(build_run *r, pc_err *err);
void pipeline_close_lenses(build_run *r); /* closes the open ones; idempotent */
/* The lens sink function over r (ctx = r). */
rowbuf *pipeline_sink_rows(void *ctx, const reg_dataset *ds);
/* Hands r's full batches to the store (FLUSH_ROWS, FLUSH_BYTES in build.c). */
pc_status pipeline_flush(build_run *r, pc_err *err);
/* Hands every non-empty batch of r to the store. */
pc_status pipeline_flush_all(build_run *r, pc_err *err);
/* True once SIGINT/SIGTERM asked the build to stop. */
bool pipeline_interrupted(void);

/* ---- chunks.c: the unit of extraction work ---------------------------------------------- */

/* Files [first, first + count) of the listing, written as parts tagged `tag`. */
typedef struct {
    size_t first, count;
    int64_t bytes; /* their sizes at listing time */
    char tag[STORE_TAG_MAX];
    bool held; /* this build extracts it (false: another shard's, build --shard) */
} file_chunk;

/* A file a worker died on (crash or time limit): the chunk is extracted again without it,
 * and it becomes a lost-file row (pipeline_emit_lost_file) with this code and message. */
typedef struct {
    size_t file;
    const char *code; /* static: worker_crashed, file_timeout */
    char *message;
} lost_file;

/* The version of OUT/extract_chunks.json (2: chunks a shard does not hold have no result). */
#define PIPELINE_CHUNKS_VERSION 2

/* What extracting a chunk wrote (chunk_result_parse of its wire form). */
typedef struct {
    bool done;
    int64_t counts[3];       /* problems, files_read, bytes */
    store_chunk_stat *stats; /* per registry index (ever_set owned) */
    unsigned char *wire;     /* the wire form it was parsed from (owned) */
    size_t wire_len;
} chunk_result;

/* Cuts the listing into chunks (chunks.c says where) and marks those opt's shard holds
 * (every chunk without --shard); *out is core_free'd by the caller. */
void pipeline_chunks_plan(const scan_list *list, const build_options *opt, file_chunk **out,
                          size_t *n);
/* A store over w->evidence_dir with every evidence dataset w wants begun, and every link
 * dataset with per-file rows: where a process writes the chunks it extracts. */
pc_status pipeline_chunk_store_new(build_run *w, store **out, pc_err *err);
/* The link stage's options for r's build, writing into dir. */
link_options pipeline_link_options(const build_run *r, const char *dir);
/* True when the build stores every row of the CPG tables (--copy-graph, or --format ipc: its
 * Arrow parts are converted in place, with no Parquet left to give the rows back from); else
 * the referenced rows are left to the readers (link.h). */
bool pipeline_graph_copied(const build_options *opt);
/* Called before each file of a chunk is extracted (not for lost files). */
typedef pc_status (*chunk_file_fn)(void *ctx, size_t file, pc_err *err);
/* Extracts chunk c into w->st (a chunk store): every file in order, a lost one as its
 * lost-file row, then the link stage's per-file part over the chunk; then appends the
 * chunk's result in wire form to *result. */
pc_status pipeline_extract_chunk(build_run *w, const scan_list *list, const file_chunk *c,
                                 const lost_file *lost, size_t nlost, chunk_file_fn on_file,
                                 void *ctx, sbuf *result, pc_err *err);
pc_status chunk_result_parse(chunk_result *cr, const unsigned char *p, size_t n, pc_err *err);
void chunk_result_clear(chunk_result *cr);
/* Writes dir/extract_chunks.json: every chunk's tag, first and last path and file count, and
 * for the chunks held its result (hex of the wire form); whether dir holds the listing's
 * problems (group "a"); for a later incremental build to reuse whole chunks, and for
 * `pycpg link` to put shards together. */
pc_status pipeline_chunks_save(const char *dir, const scan_list *list, const file_chunk *chunks,
                               const chunk_result *res, size_t n, bool listing_problems,
                               pc_err *err);
/* Takes the held chunks' results into r->st (begun datasets) and r->sum, in chunk order. */
pc_status pipeline_absorb_chunks(build_run *r, const file_chunk *chunks, const chunk_result *res,
                                 size_t n, pc_err *err);

/* ---- incremental.c: reusing an earlier build in OUT --------------------------------------- */

typedef struct incr_plan incr_plan;
/* *out: the plan when r's OUT holds a build this one may reuse (incremental.c says when),
 * else NULL (the reason logged). Reads the listed files that OUT has, to compare contents.
 * Call before any thread starts. */
pc_status incremental_plan_new(const build_run *r, const scan_list *list, incr_plan **out,
                               pc_err *err);
/* When OUT has a chunk of exactly c's files, all unchanged: true, with its tag and result in
 * wire form (borrowed from p). */
bool incremental_chunk(const incr_plan *p, const scan_list *list, const file_chunk *c,
                       const char **old_tag, const unsigned char **wire, size_t *wire_len);
void incremental_plan_free(incr_plan *p); /* NULL is a no-op */
/* SHA-256 of this pycpg binary (hex; "unknown" if unreadable): outputs of another build of
 * pycpg are never reused. */
const char *pipeline_binary_sha256(void);

/* ---- manifest_info.c ------------------------------------------------------------------------ */

/* items joined by commas into buf (truncated at cap); returns buf. */
const char *pipeline_joined(char *buf, size_t cap, const char *const *items, size_t n);
/* A string of an earlier output's manifest.json: manifest[section][key], or manifest[key]
 * when section is NULL; "" when absent or not a string. Borrowed from manifest. */
const char *pipeline_manifest_text(json_t *manifest, const char *section, const char *key);
/* manifest.json of `pycpg link` into st's directory (pts: how the call graph's points-to
 * analysis ended, or NULL; graph_copied: the shards stored every prop). */
pc_status pipeline_write_link_manifest(store *st, const pycpg_link_options *opt,
                                       const char *repo_root, const build_summary *sum,
                                       const link_pts_report *pts, bool graph_copied, pc_err *err);

/* ---- workers.c: -j N extraction in worker processes ----------------------------------- */

/* N worker processes, each with its own lenses, fed file indices by this process. */
typedef struct worker_pool worker_pool;
/* Forks nworkers (>= 1) workers for the chunks of list. Call while the process has one
 * thread (before any store). r, list and chunks are borrowed and must outlive the pool;
 * *out is freed with workers_free. */
pc_status workers_start(build_run *r, const scan_list *list, const file_chunk *chunks,
                        size_t nchunks, size_t nworkers, worker_pool **out, pc_err *err);
/* Has every chunk extracted by the workers, largest first; each worker writes the chunks it
 * takes into r->evidence_dir; their results land in res[chunk]. A worker that dies costs only
 * the file it was on (a lost file; its chunk is done again) and is replaced. Fails on a
 * worker's internal error (its message), on interruption, or when a worker cannot start. The
 * process must not start threads while it runs (workers are forked). */
pc_status workers_extract(worker_pool *wp, chunk_result *res, pc_err *err);
/* Kills and reaps the workers still running, frees the pool. NULL is a no-op. */
void workers_free(worker_pool *wp);

/* ---- scip_stage.c: the SCIP stage ------------------------------------------------------- */

/* Starts the SCIP stage when r wants a SCIP dataset (else *out = NULL): for --scip auto it
 * forks scip-python (call while the process has one thread), writing into a private
 * directory under staging. *out is freed with scip_stage_free. Non-OK only for internal
 * failures (fork, mkdir); a missing indexer is an outcome, not a failure. */
pc_status scip_stage_start(build_run *r, const scan_list *list, const char *staging,
                           scip_stage **out, pc_err *err);
/* After extraction: waits for the indexer (time limit, interruption), then ingests the index
 * into r's batches (SCIP lens), or records why there is none (file_errors_v1 row). NULL is a
 * no-op. Non-OK for internal failures and interruption. */
pc_status scip_stage_finish(scip_stage *s, build_run *r, const scan_list *list, pc_err *err);
/* "not_requested", "off", "missing", "failed", "timeout", "ingested", "ingested_partly". */
const char *scip_stage_status(const scip_stage *s);
/* Appends one manifest entry: key = the formatted text, stored in text[*n] (1024 bytes, cut
 * beyond), when *n < cap; *n grows by one. The stages' *_manifest functions use it. */
void pipeline_manifest_add(store_kv *kv, char (*text)[1024], size_t *n, size_t cap, const char *key,
                           const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Appends the stage's manifest entries (scip_status, …) to kv/text (at most cap in all). */
void scip_stage_manifest(const scip_stage *s, store_kv *kv, char (*text)[1024], size_t *n,
                         size_t cap);
double scip_stage_indexer_seconds(const scip_stage *s);
double scip_stage_ingest_seconds(const scip_stage *s);
/* Kills and reaps a child still running, removes the private directory, frees. NULL: no-op. */
void scip_stage_free(scip_stage *s);

/* ---- runtime_stage.c: runtime inspection (opt-in) --------------------------------------- */

/* Starts runtime inspection when opt->runtime_modules is set and an rt_* dataset is wanted
 * (else *out = NULL): derives the module list ("all-packages": from the scan) and forks the
 * sandbox driver (call while the process has one thread), which works in a private directory
 * under staging. *out is freed with runtime_stage_free. Non-OK only for internal failures. */
pc_status runtime_stage_start(build_run *r, const scan_list *list, const char *staging,
                              runtime_stage **out, pc_err *err);
/* After extraction: waits for the driver (overall time limit, interruption), then reads every
 * module's report into r's batches (rt_objects_v1, rt_signatures_v1, rt_signature_params_v1,
 * rt_members_v1) or rt_errors_v1 rows. NULL is a no-op. Non-OK for internal failures and
 * interruption only. */
pc_status runtime_stage_finish(runtime_stage *s, build_run *r, const scan_list *list, pc_err *err);
/* Appends the stage's manifest entries (runtime_status, the sandbox, …) to kv/text. */
void runtime_stage_manifest(const runtime_stage *s, store_kv *kv, char (*text)[1024], size_t *n,
                            size_t cap);
double runtime_stage_seconds(const runtime_stage *s);
/* Kills and reaps the driver and its child if still running, removes the private directory,
 * frees. NULL is a no-op. */
void runtime_stage_free(runtime_stage *s);

/* ---- runtime_sandbox.c: the contained processes of runtime inspection -------------------- */

typedef struct {
    const char *python; /* --runtime-python: a name looked up on PATH, or a path */
    const char *repo;   /* repository root, absolute */
    const char *dir;    /* private directory of the driver's files, absolute, existing */
    const char *const *modules;
    size_t nmodules;
    const char *const *allow; /* module-name prefixes whose objects are reported */
    size_t nallow;
    const char *const *roots; /* sys.path entries put first (the repository, its src/) */
    size_t nroots;
    double timeout, total_timeout; /* seconds; 0 = none */
    int64_t memory, max_output;    /* bytes; memory 0 = none */
} rt_sandbox_config;
/* Forks the driver that runs every module of c in turn, each in its own contained python3, and
 * writes the files runtime_sandbox.c describes into c->dir; *pid is its process (and process
 * group). c and everything it points to must stay unchanged until the driver is reaped (the
 * driver has its own copy after fork). Call while the process has one thread. */
pc_status rt_sandbox_spawn(const rt_sandbox_config *c, pid_t *pid, pc_err *err);

/* Writes manifest.json for the run into the store's directory. */
pc_status pipeline_write_manifest(build_run *r, const scan_list *list, const store_timing *t,
                                  size_t nt, pc_err *err);

/* ---- run_bundle.c: provenance ------------------------------------------------------------ */

/* Adds rules, lineage and repro (git state of the work tree around repo_root, read with
 * libgit2) to dir/manifest.json and writes dir/run_bundles/run_<created_at>_<hash10>/
 * (cpg_pipeline.md §6.3). Call after pipeline_write_manifest, before publishing dir. */
pc_status pipeline_write_run_bundle(const char *repo_root, const char *dir, pc_err *err);

#endif
