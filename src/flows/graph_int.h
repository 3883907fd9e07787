/*
 * graph_int.h — the value-flow graph of src/flows, shared by graph.c (which builds it from a
 * build's facts), paths.c (which searches it) and report.c (which describes its nodes).
 *
 * Nodes 0..nast-1 are the AST nodes of every file (pre-order, file after file); nodes from
 * nast on are synthetic: a field (Class.attr, a class's own attribute, an object's field by
 * its constructor site, or *c.attr for any class of import component c), a module global
 * (module.name), a closure cell, an element of a def's returned tuples or of its *args /
 * **kwargs, or a read of self.attr under one method call on one object. An expression's
 * node stands for its value; a Name in a Store context for the value bound there; an `arg`
 * for the parameter's value; a def's node (FunctionDef, Lambda) for its return value.
 */
#ifndef PYCPG_FLOWS_GRAPH_INT_H
#define PYCPG_FLOWS_GRAPH_INT_H

#include "flows_int.h"

enum {
    E_FLOW, /* within a function */
    E_CALL, /* argument → parameter, site = the call */
    E_RET,  /* return value → call result, site = the call */
    E_HEAP, /* through a field, a global or a cell: any context */
    E_FIELD /* a field of an object made (or whose method was called) at site: that context */
};

typedef struct {
    int32_t parent, first, next;
    int32_t file;
    uint8_t kind;
    const char *field, *name, *value; /* interned; value: a Constant's repr */
    int32_t line, col, eline, ecol;
    int64_t bstart, bend;
} fl_node;

typedef struct {
    int32_t arg;  /* the argument's node (the sink point) */
    int32_t call; /* the sink call */
    int rule;
    const char *model; /* the sink's name */
} fl_sink;

typedef struct {
    int32_t node;
    const char *label;
} fl_source;

typedef struct {
    int32_t dst, site;
    uint8_t kind;
} fl_edge;

typedef struct fl_graph {
    arena *a;
    /* files */
    const char **paths, **modules;
    int64_t *file_ids;             /* py_ast_nodes_v1.file_id of each file */
    const id_prefix_map *prefixes; /* the output's, for AST node ids (the reader's: borrowed) */
    int32_t *file_first;           /* each file's first node (its ast_idx 0) */
    size_t nfiles;
    /* nodes */
    fl_node *nodes;
    size_t nast, nnodes, cap;
    const char **syn_label; /* synthetic node i: syn_label[i - nast] */
    int32_t *syn_anchor;
    uint32_t *block; /* sanitizer masks, per node (after finish) */
    /* edges (collected, then CSR) */
    int32_t *esrc;
    fl_edge *e;
    size_t nedges, ecap;
    size_t *off; /* CSR offsets, nnodes + 1 */
    fl_edge *out;
    /* marks */
    fl_source *sources;
    size_t nsources, srccap;
    fl_sink *sinks;
    size_t nsinks, sinkcap;
    int32_t *blk_node;
    uint32_t *blk_mask;
    size_t nblk, blkcap;
    /* call sites: which calls are resolved to repository defs (for descriptions) */
    const char **call_name; /* per AST node: the callee's name, for Call nodes (or NULL) */
} fl_graph;

/* The CPG node id of value-flow node n (docs/decisions.md "Flows"): an AST node's
 * AST_NODE id (file-local: id_ast_node of file_id, ast_idx), a synthetic node's ("flow_node",
 * label), the
 * label's node numbers written as AST_NODE ids and component numbers as file paths. */
int64_t fl_node_id(const fl_graph *g, int32_t n);
/* What node n is ("assignment to 'cmd'", "field m.C.x"), in a; paths.c. */
const char *fl_describe(const fl_graph *g, arena *a, int32_t n);
/* Where node n is (its anchor's place for a synthetic node); path NULL when nowhere. */
void fl_locate(const fl_graph *g, int32_t n, fl_step *s);

/* Writes cpg_flows_v1 (res's findings) and cpg_flow_edges_v1 (g's edges) into s (save.c). */
pc_status fl_save(store *s, const fl_graph *g, const fl_models *m, const fl_result *res,
                  pc_err *err);

/* Builds the graph of the build output rd reads with models m. */
pc_status fl_graph_build(fl_graph *g, store_reader *rd, const fl_models *m, pc_err *err);
void fl_graph_free(fl_graph *g);

/* Kinds of AST nodes the engine tells apart (fl_node.kind). */
enum {
    K_OTHER,
    K_Module,
    K_FunctionDef,
    K_AsyncFunctionDef,
    K_Lambda,
    K_ClassDef,
    K_Return,
    K_Assign,
    K_AugAssign,
    K_AnnAssign,
    K_For,
    K_AsyncFor,
    K_While,
    K_If,
    K_With,
    K_AsyncWith,
    K_Try,
    K_TryStar,
    K_Match,
    K_Expr,
    K_Global,
    K_Nonlocal,
    K_Import,
    K_ImportFrom,
    K_alias,
    K_Name,
    K_Attribute,
    K_Subscript,
    K_Starred,
    K_Tuple,
    K_List,
    K_Set,
    K_Dict,
    K_Call,
    K_keyword,
    K_Constant,
    K_JoinedStr,
    K_FormattedValue,
    K_BinOp,
    K_BoolOp,
    K_UnaryOp,
    K_IfExp,
    K_Compare,
    K_ListComp,
    K_SetComp,
    K_DictComp,
    K_GeneratorExp,
    K_comprehension,
    K_Yield,
    K_YieldFrom,
    K_Await,
    K_NamedExpr,
    K_Slice,
    K_arguments,
    K_arg,
    K_Store,
    K_Load,
    K_Del,
    K_ExceptHandler,
    K_withitem,
    K_match_case,
    K_MatchAs,
    K_MatchStar,
    K_Delete,
    K_Pass,
    K_Raise,
    K_Break,
    K_Continue,
    K_Not,
    K_In,
    K_NotIn,
    K_Eq,
    K_NotEq,
    K__COUNT
};
extern const char *const fl_kind_names[K__COUNT];

#endif
