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
 */
#ifndef PYCPG_LINK_H
#define PYCPG_LINK_H

#include "../store/store.h"

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
} link_rule;

size_t link_rule_count(void);
const link_rule *link_rule_at(size_t i);
/* Appends to out the SELECT of one rule: its output columns (ds's names, NULL where the
 * rule has none), rule_name/rule_priority/confidence/score/resolution_method/
 * ambiguity_group_id, the join, the filter and the winner selection. */
void rule_compile_sql(const link_rule *r, sbuf *out);
/* Appends the SELECT of a whole relspec output: the union of its rules, deduped by the
 * dataset's join keys (tie-breakers score desc, confidence desc, rule_priority, then every
 * column) and in canonical order (the join keys). */
void link_output_sql(const reg_dataset *ds, sbuf *out);
/* Prints the rules (and with sql, the SQL of each rule and each output) to fp. */
void link_print_rules(FILE *fp, bool sql);

/* ---- the stage ----------------------------------------------------------------------------- */

typedef struct {
    const char *dir;       /* the output (staging) directory the store writes into */
    const char *repo_root; /* for the PY_REPO node */
    const char *repo_id;   /* --repo-id, or NULL */
    const bool *wanted;    /* per registry index: write this link dataset */
    int threads;           /* DuckDB threads for the stage (0 → 2) */
} link_options;

/* True when ds is written by the link stage (families normalize, relspec, cpg). */
bool link_owns_dataset(const reg_dataset *ds);
/* Checks the emitter tables against the kinds registry (every kind known, sources allowed,
 * required props provided); a failure is a programming error reported as PC_ERR_INTERNAL. */
pc_status link_check_tables(pc_err *err);
/* Prints the whole stage as one DuckDB script (normalize steps, rel_* outputs, emission) over
 * relations named like the input datasets, each statement ended by ";" and a blank line. */
void link_print_script(FILE *fp);
/* Runs the stage on s (whose extraction datasets are finished): writes every wanted link
 * dataset. Non-OK only when DuckDB or the file system fails. */
pc_status link_run(store *s, const link_options *opt, pc_err *err);

#endif
