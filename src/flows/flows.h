/*
 * flows.h — the interface of src/flows: taint flows across functions (`pycpg flows`, issue 26).
 *
 * The engine reads a build's facts (the whole CPython AST with spans, the imports with their
 * resolved names, the modules, the PY_CALLS edges of the call graph) through the store's
 * read API, builds a value-flow graph over the AST's expression nodes plus a few synthetic
 * nodes (attribute fields, module globals, closure cells), marks sources, sinks and
 * sanitizers from the models (a JSON file, the default embedded in the binary from
 * src/flows/models.json), and finds one shortest path per (source, sink) pair by BFS with
 * predecessor links. Calls and returns are matched (a value that enters a function through
 * one call leaves it only to that call's result) up to a bounded depth.
 *
 * Files: models.c (the models and their matching), graph.c (facts → value-flow graph),
 * paths.c (the searches), report.c (text, JSON and SARIF).
 */
#ifndef PYCPG_FLOWS_H
#define PYCPG_FLOWS_H

#include "../core/core.h"
#include "../store/store.h"

#include <stdbool.h>
#include <stdio.h>

/* ---- models (models.c) ---------------------------------------------------------------- */

typedef struct fl_models fl_models;

/* The default models (the embedded models.json) when with_defaults, else none. */
fl_models *fl_models_new(bool with_defaults, pc_err *err);
void fl_models_free(fl_models *m); /* NULL is a no-op */
/* Adds the models of a JSON file (format: docs/usage.md "Taint models"). */
pc_status fl_models_add_file(fl_models *m, const char *path, pc_err *err);
/* Keeps only the rules named (ids); false when one is unknown (its name in *bad). */
bool fl_models_keep_rules(fl_models *m, const char *const *ids, size_t n, const char **bad);
/* The embedded default models' text. */
extern const char flows_models_json[];

/* ---- the analysis ----------------------------------------------------------------------- */

typedef struct {
    const char *path; /* repo-relative */
    int line, col;    /* 1-based line, 1-based column (bytes) */
    int end_line, end_col;
    int64_t bstart, bend; /* file byte offsets (end exclusive) */
    const char *what;     /* what the step is ("parameter 'cmd' of run", …) */
} fl_step;

typedef struct {
    const char *rule_id; /* "command-injection", … */
    const char *sink;    /* the sink's model name (os.system) */
    fl_step sink_call;   /* the sink call */
    fl_step source;      /* the source expression */
    const char *source_label;
    fl_step *steps; /* the path, source first, sink argument last */
    size_t nsteps;
    /* CPG node ids (AST_NODE) of the source expression, the sink call, the sink argument */
    int64_t source_node_id, sink_node_id, sink_arg_node_id;
} fl_finding;

typedef struct {
    fl_finding *items;
    size_t n;
    /* rule metadata for the reports (borrowed from the models) */
    size_t nrules;
    const char *const *rule_ids, *const *rule_names, *const *rule_help, *const *rule_cwe;
    /* figures */
    size_t nodes, edges, sources, sinks;
    size_t truncated; /* searches stopped at their state limit (results may be missing) */
    void *priv;       /* owns the strings */
} fl_result;

typedef struct {
    int max_paths; /* at most this many findings (0: no limit) */
    int max_depth; /* call-stack depth matched in searches (default 4) */
    FILE *graph;   /* when set: the value-flow graph as CSV, one row per edge */
    store *save;   /* when set: cpg_flows_v1 and cpg_flow_edges_v1 are written into it */
} fl_options;

/* Analyses the build output rd reads (the caller's reader: store_reader_open, one thread is
 * best) with models m; *res is filled (free with fl_result_free). */
pc_status fl_analyze(store_reader *rd, const fl_models *m, const fl_options *opt, fl_result *res,
                     pc_err *err);
void fl_result_free(fl_result *res);
/* Fills only the rule metadata of res (the rules m reports), for --list-rules. */
void fl_result_rules(const fl_models *m, fl_result *res);

/* ---- reports (report.c) ----------------------------------------------------------------- */

void fl_report_text(const fl_result *r, FILE *fp);
/* JSON and SARIF are streamed finding by finding (the bytes of the whole document): false
 * when a part could not be built (out of memory) or written; the output is then incomplete
 * (cmd_flows removes an -o file). */
bool fl_report_json(const fl_result *r, FILE *fp);
bool fl_report_sarif(const fl_result *r, FILE *fp);

#endif
