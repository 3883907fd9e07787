/*
 * pipeline.h — the interface of src/pipeline: a build from repository to published output.
 *
 * Stages (a static graph; only the stages the requested datasets need run):
 *   scan     → repo_files_v1, file_errors_v1 (scan problems)
 *   scip     → scip-python in a child process, concurrently with extract; its index (or
 *              the user's) decoded and mapped onto the scanned files after extract
 *   runtime  → with --runtime-inspect only: the named modules imported and inspected in
 *              contained child python3 processes, concurrently with extract; their reports
 *              read after extract (rt_* datasets)
 *   extract  → every lens that produces a requested dataset, file by file
 *   write    → remaining Parquet parts, error artifacts
 *   link     → normalize, relspec and cpg datasets from the written evidence (src/link)
 *              and manifest.json
 *   publish  → the staging directory atomically replaces OUT
 */
#ifndef PYCPG_PIPELINE_H
#define PYCPG_PIPELINE_H

#include "../scan/scan.h"
#include "../store/store.h"

/* The DuckDB of the link stage's repository-wide part (pycpg build, pycpg link) when
 * --memory-limit is not given (memory_limit NULL below; `pycpg help build` prints it): past it
 * DuckDB spills to its temporary directory, and a statement that cannot spill runs again
 * without the limit (store_options.lift_limit), so the limit bounds memory and never fails a
 * build. 768 MB, not 1 GB: the process around DuckDB (CPython, the lenses' libraries, allocator
 * slack) takes about 130 MiB more, and with 1 GB the standard library's build peaked at
 * 1,129-1,148 MiB in the call graph's output statement (docs/decisions.md, "The
 * repository-wide part's memory"). */
#define PIPELINE_MEMORY_LIMIT "768MB"

/* --scip: run scip-python (auto), skip SCIP (off), or ingest an existing index (path). */
typedef enum { SCIP_MODE_AUTO = 0, SCIP_MODE_OFF, SCIP_MODE_PATH } scip_mode;

typedef struct {
    const char *repo;        /* repository root */
    const char *out;         /* output directory to create or replace */
    const char *const *only; /* dataset names; NULL/0 = every registered dataset */
    size_t nonly;
    scan_options scan;
    int jobs;                 /* extraction workers; 0 = extract in this process */
    double file_timeout;      /* seconds a worker may spend on one file; 0 = no limit */
    const char *memory_limit; /* DuckDB memory limit for the store; NULL = default */
    bool progress;            /* draw a progress line on stderr */
    bool no_link;             /* skip the link stage: evidence datasets only */
    bool
        copy_graph; /* store every graph row, the referenced ones too (link_options.graph_copied) */
    bool flows;     /* run the taint analysis after the link stage: cpg_flows_v1, cpg_flow_edges_v1
                       (also when --only names one of them); otherwise they are written empty */
    scip_mode scip_mode;
    const char *scip_path;            /* SCIP_MODE_PATH: the index.scip to ingest */
    double scip_timeout;              /* seconds scip-python may run; 0 = no limit */
    const char *scip_project_name;    /* NULL: derived (scip_stage.c) */
    const char *scip_project_version; /* NULL: derived */
    /* runtime inspection (runtime_stage.c): nothing runs unless runtime_modules is set */
    const char *const *runtime_modules; /* module names, or the one name "all-packages" */
    size_t nruntime_modules;
    const char *runtime_python;   /* NULL: python3 on PATH */
    double runtime_timeout;       /* seconds per module; 0 = no limit */
    double runtime_total_timeout; /* seconds for all modules; 0 = no limit */
    int64_t runtime_memory;       /* address-space limit of each child, bytes; 0 = none */
    int64_t runtime_max_output;   /* bytes of report read from one child */
    /* build --shard K/N: only the files whose id is K-1 modulo N (0/0: every file) */
    int shard_k, shard_n;
    bool no_incremental;     /* never reuse an earlier build in OUT (incremental.c) */
    store_out_format format; /* the datasets' files; 0 = STORE_OUT_PARQUET */
} build_options;

typedef struct {
    int64_t files;          /* files selected by the scan */
    int64_t files_read;     /* files read successfully */
    int64_t bytes;          /* bytes read */
    int64_t problems;       /* file_errors_v1 rows */
    int64_t datasets;       /* datasets written */
    int64_t ts_nodes;       /* rows of ts_nodes_v1 (0 if not requested) */
    double seconds;         /* wall time of the whole build */
    double extract_seconds; /* extraction and its writing (stages extract + write) */
    double link_seconds;    /* the link stage (normalize, relate, emit) */
    int64_t reused_files;   /* incremental build: files whose rows came from the earlier build */
} build_summary;

/* True when the link stage writes the dataset (normalize, relspec and cpg families). */
bool pipeline_is_link_dataset(const char *name);

/* Checks that every name in only[] is a registered dataset; on failure the message lists
 * the unknown name. */
pc_status pipeline_check_datasets(const char *const *only, size_t nonly, pc_err *err);

/* Runs a build. Input problems never fail it; it fails only when the run itself cannot
 * complete (bad arguments, unusable repository root, output not writable, DuckDB failure,
 * interruption), and then OUT is left exactly as it was. */
pc_status pipeline_build(const build_options *opt, build_summary *sum, pc_err *err);

/* `pycpg link`: the outputs of `build --shard K/N` put together into one output, with the
 * link stage's repository-wide part run over the whole (shards.c). */
typedef struct {
    const char *const *inputs; /* the shards' output directories */
    size_t ninputs;
    const char *out;          /* output directory to create or replace */
    const char *memory_limit; /* DuckDB memory limit; NULL = default */
} pycpg_link_options;

/* Takes every chunk of the inputs (each held by exactly one) and the listing's problems, runs
 * the link stage's repository-wide part, writes the manifest and run bundle, publishes OUT
 * atomically. Fails, leaving OUT as it was, when the inputs are not the shards of one build by
 * this pycpg binary (shards.c lists what is refused). */
pc_status pipeline_link_outputs(const pycpg_link_options *opt, build_summary *sum, pc_err *err);

/* Installs SIGINT/SIGTERM handlers that make a running build stop cleanly. */
void pipeline_install_signal_handlers(void);

#endif
