/*
 * link_int.h — internals shared by the files of src/link (never included elsewhere): the
 * normalize steps, the kinds registry and the emitter tables.
 */
#ifndef PYCPG_LINK_INT_H
#define PYCPG_LINK_INT_H

#include "link.h"

/* ---- link_norm.c: normalize steps, run in table order -------------------------------- */

typedef enum {
    LINK_VIEW,    /* a temporary view (evaluated where it is read) */
    LINK_TABLE,   /* a temporary table (read several times) */
    LINK_DATASET, /* a registry dataset, written through the store and then readable */
    LINK_KEPT,    /* per file: a group's table, kept beside its parts
                     (OUT/link_chunks/<tag>-<name>.parquet); repository-wide, a view over
                     every group's (an incremental build reuses the unchanged ones) */
} link_step_kind;

/* A step of SQL: the call graph's setup and outputs (link_calls.c). */
typedef struct {
    const char *name; /* view/table name, or the dataset name */
    link_step_kind kind;
    const char *sql; /* the SELECT */
} link_step;

/* A normalize step: a link_step with its scope (link.h). */
typedef struct {
    const char *name;
    link_step_kind kind;
    const char *sql;
    link_scope scope; /* LINK_FILE, LINK_REPO or LINK_BOTH */
} link_norm_step;

size_t link_step_count(void);
const link_norm_step *link_step_at(size_t i);

/* ---- link_calls.c: the call graph ------------------------------------------------------ */

/* The call graph's setup steps (per file and kept, then repository-wide), run by link.c
 * after the normalize steps and rules, in both scopes like them. */
size_t link_calls_step_count(void);
const link_norm_step *link_calls_step_at(size_t i);
/* Runs the points-to analysis and writes the temporary tables lk_cg_calls_out and
 * lk_cg_inh_out the PY_CALLS / PY_INHERITS_FROM emitters read. Reads the normalize views
 * (lk_*_scope, lk_scopes, lk_files) and the rel_* outputs: run after the rules. */
pc_status link_calls_run(store *s, link_pts_report *rep, pc_err *err);
/* Appends "T <name>\n" for each table link_calls_run makes (its state and outputs), in the
 * form of link.c's list of what a run made, so that they are dropped with the rest. */
void link_calls_made(sbuf *out);
/* Prints the call graph's setup steps as DuckDB statements (`pycpg rules --script`). */
void link_calls_print(FILE *fp);

/* ---- link_pts.c: the call graph's points-to rounds in C ------------------------------ */

typedef struct {
    int max_rounds;      /* no round starts after this many */
    int64_t max_facts;   /* no round starts once the facts exceed this */
    uint32_t max_values; /* a key of the last delta holding this many facts is full */
    uint32_t max_set;    /* a key the closure would grow past this many facts takes none of
                          * the round's new facts and is full (link_calls.c, CG_MAX_SET) */
} link_pts_caps;

typedef struct {
    int rounds;
    int64_t facts;
    int64_t seed;     /* facts the rounds had still to add when they stopped; 0 at the fixpoint */
    bool over_budget; /* stopped by max_facts */
    double load_s, rounds_s, write_s;
    double state_mb; /* approximate memory of the C state after the rounds */
} link_pts_stats;

/* Runs the rounds of link_calls.c's points-to analysis in C over its setup tables and replaces
 * lk_cg_pt with the facts (the same set as the SQL rounds). *st is filled on return. */
pc_status link_pts_run(store *s, const link_pts_caps *caps, link_pts_stats *st, pc_err *err);

/* ---- link_c3.c: exact C3 linearisation of the classes ---------------------------------- */

typedef enum {
    LINK_C3_OK,   /* the class's MRO */
    LINK_C3_FAIL, /* Python raises TypeError at the class statement: the class never exists */
    LINK_C3_OPEN, /* not decided exactly (several classes at one base position, a cycle) */
} link_c3_status;

/* The bases of class cls (a number below link_c3_new's nclasses): *n numbers, pairs (base,
 * position) in any order; borrowed until the next call. */
typedef void (*link_c3_bases_fn)(void *ud, uint32_t cls, const uint32_t **pairs, uint32_t *n);
typedef struct link_c3 link_c3;

link_c3 *link_c3_new(uint32_t nclasses, link_c3_bases_fn bases, void *ud);
void link_c3_free(link_c3 *c);
/* The MRO of cls (cls first) in *lin (*n classes; borrowed until link_c3_free) when
 * LINK_C3_OK; memoised: ask after every base has its final bases. */
link_c3_status link_c3_get(link_c3 *c, uint32_t cls, const uint32_t **lin, uint32_t *n);

/* ---- link_kinds.c: the kinds registry ------------------------------------------------- */

typedef struct {
    const char *name;            /* PY_FILE, CFG_NEXT, … */
    bool is_edge;                /* edge kind (else node kind) */
    bool anchor_required;        /* path, bstart and bend must be present */
    const char *required_props;  /* comma-separated; each NOT NULL on every row */
    const char *allowed_sources; /* comma-separated source kinds */
    const char *id_prop;         /* a required prop that is the node's own id, or NULL */
} link_kind;

size_t link_kind_count(void);
const link_kind *link_kind_at(size_t i);
const link_kind *link_kind_find(const char *name);

/* ---- link_emit.c: emitters ---------------------------------------------------------- */

/* One property of an emitted entity: key, value type (s string, i int, f float, b bool,
 * j json) and SQL expression over the emitter's source. */
typedef struct {
    const char *key;
    char type;
    const char *expr;
} link_prop;

#define LINK_MAX_PROPS 12

/* One source of nodes or edges of one kind. Expressions are SQL over `from`; NULL = NULL.
 * For nodes: id, file_id, path, bstart, bend. For edges: src, dst, the span, and the
 * cpg_edges_v1 columns.
 *
 * unique: every row of `from` (after `where`) gives a different node id (edge: a different
 * (src, dst, path, bstart, bend)) — the id is a key the lens made for its row. A kind whose
 * only emitter is unique is written without a dedupe; tests check the claim on every output.
 * id_space: nodes of different kinds that can carry the same id name the same space (the
 * CST's def_id is a CST_DEF and a CST_FUNCTION_DEF); NULL means the id expression's text.
 * Props of one key emitted in one space by two emitters are deduped exactly (§5.8).
 * scope: LINK_FILE (the default: rows of one file's evidence, ids of that file) or LINK_REPO.
 * The claims above hold within a scope; rows of two scopes never share a key. */
typedef struct {
    const char *kind;
    link_scope scope;
    const char *source; /* evidence source: libcst, py_ast, symtable, dis, treesitter, … */
    const char *from;   /* a relation: dataset, normalize view, or a parenthesised SELECT */
    bool unique;
    const char *id_space;
    const char *where;
    const char *id, *src, *dst;
    const char *file_id, *path, *bstart, *bend;
    const char *origin, *resolution_method, *confidence, *score, *symbol_roles, *qname_source,
        *ambiguity_group_id, *rule_name, *rule_priority;
    link_prop props[LINK_MAX_PROPS];
} link_emitter;

size_t link_node_emitter_count(void);
const link_emitter *link_node_emitter_at(size_t i);
size_t link_edge_emitter_count(void);
const link_emitter *link_edge_emitter_at(size_t i);
/* The SELECTs that write the rows of one scope of cpg_nodes_v1, cpg_edges_v1 and cpg_props_v1:
 * one pass per table (none when the scope has no emitter for it), every kind deduped on its
 * own, ordered path first — nodes (path, bstart, bend, node_kind, node_id), edges (path,
 * bstart, bend, edge_kind, src_node_id, dst_node_id, edge_id), props (entity_kind, entity_id,
 * prop_key, value). (A list, as the store takes passes; the repository-wide part once wrote
 * one pass per kind, when it held the whole graph.) Nodes and edges carry __violation. */
typedef struct {
    sbuf *q;
    size_t n, cap;
    /* Statements to run first, in order: a pass stages its kinds' deduped rows (props: its
     * groups') into LINK_PASS_STAGE one kind at a time (a dedupe window does not spill; one at
     * a time, each holds one kind), and the pass sorts that table (which spills). */
    sbuf *pre;
    size_t npre, pre_cap;
    /* Per emitter (0 nodes, 1 edges; per file): false when its narrow group table holds no row
     * to give back (link_given_back_sql), so its kind stages nothing and its props nothing;
     * NULL: any may hold one (the staging then reads those rows from the evidence). */
    const bool *given_back[2];
} link_passes;
#define LINK_PASS_STAGE "lk_pass_stage"
void link_passes_free(link_passes *p);
/* The per-file passes read each emitter's rows from a table made once per group: LINK_GROUP_NODES
 * or LINK_GROUP_EDGES followed by the emitter's index. link_group_tables appends, per
 * per-file node (edges: edge) emitter, "<table name>\n<its SELECT: rows with props>", so that
 * the nodes, edges, props and endpoints of a group evaluate each emitter once. Where some of
 * the rows' columns are constants, those are not materialised: "<name>_c\n<SELECT of the
 * others>" then "VIEW <name>\n<SELECT of every column from <name>_c>". Unless copied,
 * the table of an emitter whose rows and props are all referenced is narrow: per row only what
 * every row is read for (node_id or src_node_id and dst_node_id, __violation, and for edges
 * with props __no_id: its edge id is NULL or 0); the few rows and props the reader does not give
 * back are made again from the evidence, and only when link_given_back_sql finds one. */
#define LINK_GROUP_NODES "lk_gn"
#define LINK_GROUP_EDGES "lk_ge"
void link_group_tables(bool edges, bool copied, link_passes *p);
/* Appends one SELECT of the indexes (column i) of the node (edges: edge) emitters whose narrow
 * group table holds a row that is not given back (edges: or that has an endpoint in
 * LINK_BAD_ENDPOINTS, or no edge id of its own); false, and nothing appended, when no emitter's
 * table is narrow. */
bool link_given_back_sql(bool edges, sbuf *out);
/* copied: every row written (link_options.graph_copied); else of a kind whose rows are
 * referenced only those the reader does not give back (link_nodes_referenced_sql). */
void link_nodes_passes(link_passes *p, link_scope scope, bool copied);
/* The good node ids an edge of the scope may join (link.c creates it before the edges). Read
 * only for membership (NOT EXISTS, IN, NOT IN), so an id may repeat in it: a chunk's is not
 * deduplicated. */
#define LINK_NODE_IDS "lk_cpg_node_ids"
/* The endpoint ids that are no written node (link.c creates it from
 * link_outside_endpoints_sql); the edge and edge-props passes read it. */
#define LINK_BAD_ENDPOINTS "lk_cpg_bad_endpoints"
/* The end of the message of an edge left out for an endpoint that is no node (its kind
 * first): the quality table and the referenced props' view find such edges by it. */
#define LINK_DANGLING ": an endpoint is no node of cpg_nodes_v1"
/* Appends the SELECT of the distinct endpoint ids (column id) of the scope's edges that are
 * not in LINK_NODE_IDS. */
void link_outside_endpoints_sql(link_scope scope, sbuf *out);
/* Appends the SELECT of the distinct endpoint ids (column id) of the scope's edges. */
void link_endpoints_sql(link_scope scope, sbuf *out);
void link_edges_passes(link_passes *p, link_scope scope, bool copied);
/* Appends relation `dataset` as a SELECT (link.c: every part of it). */
typedef void (*link_relation_fn)(const char *dataset, void *ctx, sbuf *out);
/* Appends the SELECT of the ids (column node_id) of the node rows the reader gives back, which
 * the parts lack: from the group's emitter tables (LINK_GROUP_NODES; rel NULL), or over each
 * referenced emitter's dataset as rel gives it. */
void link_referenced_node_ids_sql(link_relation_fn rel, void *ctx, sbuf *out);
/* copied: every prop written (link_options.graph_copied); else a referenced prop only where
 * its entity id is NULL or 0 (link_props_referenced_sql gives back the rest). */
void link_props_passes(link_passes *p, link_scope scope, bool copied);

/* ---- link.c ------------------------------------------------------------------------- */

/* Evidence that exists only repository-wide: SCIP's index and runtime inspection, written by
 * stages after extraction (rows of no chunk). */
bool link_repo_wide_input(const reg_dataset *ds);

/* ---- link_scopes.c: scope checks (part of link_check_tables) ------------------------ */

/* Fails (PC_ERR_INTERNAL) when a step, rule or emitter reads a relation its scope lacks: a
 * per-file row reading SCIP or runtime evidence, a repository-wide step or the call graph; a
 * repository-wide row reading a per-file-only step. */
pc_status link_check_scopes(pc_err *err);

/* ---- link_quality.c: quality tables (§5.9) ------------------------------------------ */

size_t link_quality_count(void);
const char *link_quality_name(size_t i);   /* the quality dataset */
const char *link_quality_source(size_t i); /* the cpg dataset it judges */
/* Appends the SELECT of quality table i: issues of its source's rows, read from the
 * source's error artifact and written parts under dir (both written before). */
void link_quality_sql(size_t i, const char *dir, sbuf *out);

#endif
