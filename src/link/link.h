/*
 * link.h — the interface of src/link: the link stage, SQL over the extracted datasets.
 *
 * After extraction has written its datasets, the link stage reads them back from the
 * output's Parquet parts (views in the store's DuckDB) and writes, in order:
 *   normalize  dim_qualified_names_v1, callsite_qname_candidates_v1, type_*, py_bc_*_norm,
 *              def/use events and reaching definitions, diagnostics_norm_v1, span_errors_v1
 *   relate     rel_* from the relationship rules (one table of rule rows, one compiler)
 *   emit       cpg_nodes_v1, cpg_edges_v1, cpg_props_v1 from the emitter tables, checked
 *              against the kinds registry (one table of node and edge kinds)
 * Everything is set-based SQL generated from tables; no C loop visits a row.
 *
 * Divisions of src/link:
 *   link.c          the stage: input views, ordering, writing every link dataset
 *   link_rules.c    relationship rules (rows) and rule_compile_sql
 *   link_norm.c     normalize views and normalize datasets (rows of SQL)
 *   link_kinds.c    the kinds registry: node/edge kinds, required props, allowed sources
 *   link_emit.c     node/edge/prop emitters (rows) and the emission SQL
 *   link_scopes.c   what each scope may read (checked with the tables)
 *   link_quality.c  the quality tables of the CPG
 *   link_calls.c    the call graph: its setup (rows of SQL), rounds and outputs
 *   link_pts.c      the call graph's points-to rounds in C
 */
#ifndef PYCPG_LINK_H
#define PYCPG_LINK_H

#include "../store/store.h"

/* ---- scopes ------------------------------------------------------------------------------- *
 *
 * The stage runs in two scopes. Per file (LINK_FILE): rows that depend on one file's evidence
 * alone, computed over one group of files at a time — a chunk of the extraction, in the
 * process that extracted it, and the parent's two groups of rows outside chunks (the
 * listing's problems, tag "a"; the stages after extraction, tag "z") — written as the
 * group's parts, so an incremental build reuses them with the chunk. Repository-wide
 * (LINK_REPO): rows that need every file (the call graph, distinct qualified names, types,
 * modules, SCIP and runtime evidence), computed once by the parent over all parts. A step
 * both scopes read is LINK_BOTH. Every table row (step, rule, emitter) names its scope;
 * link_check_tables checks that per-file SQL reads no repository-wide relation. */
typedef enum {
    LINK_FILE = 0, /* per group of files (the default of a table row) */
    LINK_REPO,     /* once, over the whole repository */
    LINK_BOTH,     /* a step computed per group and again over the repository */
} link_scope;

/* ---- relationship rules ----------------------------------------------------------------- */

typedef enum {
    LINK_JOIN_HASH,           /* equality of the key columns */
    LINK_JOIN_SPAN_CONTAINED, /* same file, right span inside the left span */
    LINK_JOIN_SPAN_EXACT,     /* same file, same span */
} link_join;

typedef enum {
    LINK_AMBIG_PRESERVE, /* every match is kept; ambiguity_group_id groups them */
    LINK_AMBIG_WINNER,   /* one match per group: the first by the tie-breakers */
} link_ambiguity;

/* One relationship rule. Expressions are SQL over the aliases l (left) and r (right). */
typedef struct {
    const char *name;       /* rule name, stamped on every output row */
    const char *output;     /* dataset written (a relspec dataset) */
    int priority;           /* lower wins in the output's dedupe */
    const char *left;       /* input relation: a dataset or a normalize view */
    const char *right;      /* second input */
    link_join join;         /* how l and r meet */
    const char *left_keys;  /* HASH: l columns; SPAN_*: file, start, end columns of l */
    const char *right_keys; /* the same for r, position by position */
    const char *filter;     /* extra predicate, or NULL */
    const char *select;     /* output columns: "expr AS col, …" (others are NULL) */
    const char *group;      /* ambiguity group expression (the left row's id) */
    link_ambiguity ambiguity;
    const char *tie_breakers; /* ORDER BY of the winner selection (WINNER) */
    float confidence;         /* confidence of every row */
    const char *score;        /* score expression */
    const char *resolution_method;
    link_scope scope; /* LINK_FILE or LINK_REPO */
} link_rule;

size_t link_rule_count(void);
const link_rule *link_rule_at(size_t i);
/* Appends to out the SELECT of one rule: its output columns (ds's names, NULL where the
 * rule has none), rule_name/rule_priority/confidence/score/resolution_method/
 * ambiguity_group_id, the join, the filter and the winner selection. */
void rule_compile_sql(const link_rule *r, sbuf *out);
/* Appends the SELECT of a relspec output's rows of one scope: the union of its rules of that
 * scope, deduped by the dataset's join keys (tie-breakers score desc, confidence desc,
 * rule_priority, then every column) and in canonical order (path, bstart, the join keys).
 * Rows of the two scopes never share a key (their symbol_node_id comes from different
 * providers), so the output is the two parts one after the other. Returns the number of
 * rules (0: an empty relation with the dataset's columns). */
size_t link_output_sql(const reg_dataset *ds, link_scope scope, sbuf *out);
/* Prints the rules (and with sql, the SQL of each rule and each output) to fp. */
void link_print_rules(FILE *fp, bool sql);

/* ---- the kinds, read-only (docs: `pycpg datasets --markdown`) ------------------------------ */

/* One node or edge kind of the kinds registry (link_kinds.c), and what it is emitted from. */
typedef struct {
    const char *name;            /* PY_FILE, CFG_NEXT, … */
    bool is_edge;                /* edge kind (else node kind) */
    bool anchor_required;        /* every row has path, bstart and bend */
    const char *required_props;  /* comma-separated, NOT NULL on every row ("" if none) */
    const char *allowed_sources; /* comma-separated evidence sources */
} link_kind_info;

size_t link_kind_info_count(void);
/* Fills *out with the i-th kind, in registry order; false past the end. */
bool link_kind_info_at(size_t i, link_kind_info *out);
/* The j-th emitter (0, 1, …) of kind: its evidence source (libcst, py_ast, …), the relation it
 * reads (a dataset, a link-stage view, or a parenthesised SELECT over them) and its scope;
 * false when kind has no j-th emitter. */
bool link_kind_emitter(const char *kind, size_t j, const char **source, const char **from,
                       link_scope *scope);

/* ---- the stage ----------------------------------------------------------------------------- */

/* How the call graph's points-to analysis ended (the manifest's counts say it). */
typedef struct {
    bool ran;           /* the repository-wide call graph ran */
    const char *status; /* "fixed_point", "fact_budget" (facts past it) or "round_cap" */
    int rounds;
    int64_t facts;
    double seconds;
} link_pts_report;

typedef struct {
    const char *dir;       /* the output (staging) directory the store writes into */
    const char *repo_root; /* for the PY_REPO node */
    const char *repo_id;   /* --repo-id, or NULL */
    const bool *wanted;    /* per registry index: write this link dataset */
    int threads;           /* DuckDB threads for the repository-wide part (0 → 2) */
    link_pts_report *pts;  /* when set: filled by the repository-wide part */
    bool graph_copied;     /* write every row, the referenced ones too (--copy-graph) */
} link_options;

/* True when ds is written by the link stage (families normalize, relspec, cpg). */
bool link_owns_dataset(const reg_dataset *ds);
/* True when opt wants any link dataset. */
bool link_any_wanted(const link_options *opt);
/* True when the per-file part of the stage writes rows of ds (a store that runs
 * link_run_group must have begun it when wanted). */
bool link_writes_per_file(const reg_dataset *ds);
/* Checks the tables: emitters against the kinds registry (every kind known, sources
 * allowed, required props provided), and scopes (no per-file SQL reads a repository-wide
 * relation); a failure is a programming error reported as PC_ERR_INTERNAL. */
pc_status link_check_tables(pc_err *err);
/* Prints the whole stage as one DuckDB script (per-file part, then the repository-wide part)
 * over relations named like the input datasets, each statement ended by ";" and a blank line. */
void link_print_script(FILE *fp);

/* ---- referenced rows and props -------------------------------------------------------------
 *
 * The graph's rows that are a function of one evidence row are not written (unless
 * link_options.graph_copied): the reader's views of cpg_nodes_v1, cpg_edges_v1 and cpg_props_v1
 * add them back from the evidence (docs/decisions.md, "Graph rows referenced", "Props
 * referenced"). A node or edge kind is referenced when one unique emitter over an evidence
 * dataset alone emits it; a prop when its value is a bare function of the evidence row its node
 * comes from, or a constant. */

/* Append the SELECT of the referenced rows of cpg_nodes_v1, cpg_edges_v1 (the dataset's
 * columns, in order) and cpg_props_v1 over relations named like the evidence datasets, as the
 * output's views show them (edges also read cpg_edges_v1_errors: an edge left out for an
 * endpoint that is no node is not given back). */
void link_nodes_referenced_sql(sbuf *out);
void link_edges_referenced_sql(sbuf *out);
void link_props_referenced_sql(sbuf *out);
/* One referenced node or edge kind (docs/datasets.md, "Referenced rows"). */
typedef struct {
    bool is_edge;
    const char *kind;
    const char *from;  /* the evidence dataset its rows come from */
    const char *where; /* the emitter's filter, or NULL (every row) */
    const char *id;    /* nodes: the node id's SQL over the row (edges: NULL) */
} link_referenced_kind;
/* Fills *out with the i-th referenced kind (nodes first, in emitter order); false past the
 * end. */
bool link_referenced_kind_at(size_t i, link_referenced_kind *out);
/* One referenced prop (docs/datasets.md, "Referenced props"). */
typedef struct {
    bool is_edge;
    const char *kind, *key;
    const char *from;  /* the evidence dataset its rows come from; NULL: an edge constant,
                          one row per written edge of the kind */
    const char *value; /* its value: SQL over that row (a constant when from is NULL) */
    const char *id;    /* node props: the node id's SQL over the row (edges: NULL) */
    const char *where; /* node props: the emitter's filter, or NULL (every row) */
} link_referenced_prop;
/* Fills *out with the i-th referenced prop (node props first, in emitter order); false past
 * the end. */
bool link_referenced_prop_at(size_t i, link_referenced_prop *out);
/* Registers the referenced SQL of the three datasets as their derived rows
 * (store_derived_register; it runs when first needed): before any reader or build. */
void link_referenced_register(void);
/* After the stage wrote the CPG tables into opt->dir (each when wanted): marks each as leaving
 * out its referenced rows, or unmarks it when opt->graph_copied (store_derived_mark). */
pc_status link_referenced_mark(const link_options *opt, pc_err *err);

/* Begins every wanted link dataset but the quality tables in s (per_file_only: those
 * link_writes_per_file names, for a store that only runs groups). */
pc_status link_begin(store *s, const link_options *opt, bool per_file_only, pc_err *err);
/* The per-file part over one chunk, whose evidence parts s wrote under tag (its current tag;
 * pending rows flushed): appends the chunk's rows to every wanted link dataset that has
 * per-file rows (begun in s) as parts under the same tag, and writes the node ids its edges
 * name outside the chunk to <dir>/link_chunks/<tag>-externs.parquet (checked by
 * link_run_repo). Leaves no relation behind in s. Non-OK only when DuckDB or the file system
 * fails. */
pc_status link_run_group(store *s, const link_options *opt, const char *tag, pc_err *err);
/* Puts the files a group of an earlier output from_dir kept beside its parts (its external
 * ids and kept tables, OUT/link_chunks/<tag>-*.parquet) into dir as the files of group tag:
 * what an incremental build adds to the group's adopted parts (store_chunk_adopt). */
pc_status link_adopt_group(const char *from_dir, const char *from_tag, const char *dir,
                           const char *tag, pc_err *err);
/* Finishes every wanted link dataset begun in s without the repository-wide part: a shard's
 * output (`build --shard`), whose link datasets hold the per-file rows of its chunks. */
pc_status link_finish(store *s, const link_options *opt, pc_err *err);
/* The tag of the repository-wide rows' parts (after every group's, "z" included). */
#define LINK_REPO_TAG "zz"
/* The repository-wide part, in the parent's store after every chunk ran its group and was
 * absorbed, and the evidence datasets were finished: appends the repository-wide rows to the
 * wanted link datasets (begun, holding the chunks' rows) under LINK_REPO_TAG, checks the
 * endpoints of its edges and the chunks' external ids; then runs the per-file part over the
 * parent's own groups (groups[0..ngroups): the tags of evidence written by the parent, "a"
 * and "z"), each under its tag, with every other node written; then finishes the datasets
 * and writes the quality tables. */
pc_status link_run_repo(store *s, const link_options *opt, const char *const *groups,
                        size_t ngroups, pc_err *err);

#endif
