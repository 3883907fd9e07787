/*
 * save.c — the flows as datasets (`pycpg flows OUT --save`): cpg_flows_v1, one row per
 * finding, and cpg_flow_edges_v1, the value-flow graph's edges as CPG-style edges of kinds
 * PY_VF_* (registered in src/link/link_kinds.c), written through the store like the link
 * stage's datasets: C fills plain columns (store_table_from_columns: values, never SQL text),
 * SQL shapes and types them (store_write_query, which validates the contract).
 *
 * Node ids: an AST expression's value-flow node has the id the build gives that AST node in
 * cpg_nodes_v1 (AST_NODE: the file-local id of (file_id, ast_idx), docs/ids.md); a synthetic
 * node (a field, a global, a closure cell, an element) the id of ("flow_node", its label), node
 * numbers in
 * the label written as AST_NODE ids (fl_node_id, paths.c). Edge ids: the id
 * of ("edge", edge_kind, src, dst[, path, bstart, bend], flow_kind), the anchor being the
 * call for argument, return and field edges, else the source expression (or the destination,
 * or a synthetic node's anchor). docs/decisions.md "Flows" has the kinds.
 */
#include "graph_int.h"

#include <string.h>

/* ---- edge kinds ------------------------------------------------------------------------ */

static const char *syn_kind(const char *label)
{
    if (strncmp(label, "field ", 6) == 0 || strncmp(label, "cfield ", 7) == 0 ||
        strncmp(label, "self ", 5) == 0)
        return "PY_VF_FIELD";
    if (strncmp(label, "global ", 7) == 0 || strncmp(label, "cell ", 5) == 0)
        return "PY_VF_GLOBAL";
    return "PY_VF_ELEMENT"; /* ret i@d, arg i@d, kw k@d: parts of a value */
}

static bool is_container(int k)
{
    return k == K_List || k == K_Tuple || k == K_Set || k == K_Dict || k == K_ListComp ||
           k == K_SetComp || k == K_DictComp || k == K_GeneratorExp || k == K_Starred;
}

/* The CPG edge kind of the engine's edge src → e. */
static const char *edge_kind(const fl_graph *g, int32_t src, const fl_edge *e)
{
    if (e->kind == E_CALL)
        return "PY_VF_ARG";
    if (e->kind == E_RET)
        return "PY_VF_RETURN";
    if (e->kind == E_FIELD)
        return "PY_VF_FIELD";
    int32_t nast = (int32_t)g->nast;
    if (e->dst >= nast)
        return syn_kind(g->syn_label[e->dst - nast]);
    if (src >= nast)
        return syn_kind(g->syn_label[src - nast]);
    const fl_node *s = &g->nodes[src], *d = &g->nodes[e->dst];
    int pk = s->parent >= 0 ? g->nodes[s->parent].kind : K_OTHER;
    if ((pk == K_Yield || pk == K_YieldFrom) &&
        (d->kind == K_FunctionDef || d->kind == K_AsyncFunctionDef || d->kind == K_Lambda))
        return "PY_VF_YIELD";
    bool load = d->first < 0 || g->nodes[d->first].kind != K_Store;
    if ((d->kind == K_Subscript && load) || is_container(d->kind) || is_container(s->kind))
        return "PY_VF_ELEMENT";
    return "PY_VF_LOCAL";
}

/* ---- cpg_flow_edges_v1 -------------------------------------------------------------------- */

enum {
    EC_ID,
    EC_KIND,
    EC_SRC,
    EC_DST,
    EC_SITE,
    EC_FLOW,
    EC_PATH,
    EC_BSTART,
    EC_BEND,
    EC_SWHAT,
    EC_SPATH,
    EC_SLINE,
    EC_SCOL,
    EC_DWHAT,
    EC_DPATH,
    EC_DLINE,
    EC_DCOL,
    EC_SOURCE,
    EC_SINKS,
    EC_BLOCKS,
    EC__N
};
static const char *const edge_cols[EC__N] = {
    "edge_id",   "edge_kind", "src_node_id",  "dst_node_id", "site_node_id",
    "flow_kind", "path",      "bstart",       "bend",        "src_what",
    "src_path",  "src_line",  "src_col",      "dst_what",    "dst_path",
    "dst_line",  "dst_col",   "source_label", "sink_rules",  "blocked_rules"};

static void add_str(store_columns *c, size_t col, const char *s)
{
    store_columns_add_str(c, col, s ? s : "", s ? strlen(s) : 0, s == NULL);
}

static void add_rules(store_columns *c, size_t col, const fl_models *m, uint32_t mask, sbuf *tmp)
{
    fl_rules_text(m, mask, tmp);
    store_columns_add_str(c, col, tmp->data ? tmp->data : "", tmp->len, tmp->len == 0);
}

/* An end of an edge: its id, what it is and where. */
static void add_end(store_columns *c, size_t col_what, const fl_graph *g, arena *a, int32_t n)
{
    fl_step st;
    fl_locate(g, n, &st);
    add_str(c, col_what, fl_describe(g, a, n));
    add_str(c, col_what + 1, st.path);
    store_columns_add_i64(c, col_what + 2, st.line, st.path == NULL);
    store_columns_add_i64(c, col_what + 3, st.col, st.path == NULL);
}

static void add_edge(store_columns *c, const fl_graph *g, const fl_models *m, arena *a,
                     const char *const *src_label, const uint32_t *sink_rules, int32_t v,
                     const fl_edge *e, sbuf *tmp)
{
    static const char *const flow_kinds[] = {"flow", "call", "return", "heap", "field"};
    const char *kind = edge_kind(g, v, e);
    const char *flow = flow_kinds[e->kind];
    /* the anchor: the call for edges of a call, else an end that is an expression */
    int32_t anchor = e->site;
    if (anchor < 0)
        anchor = v < (int32_t)g->nast ? v : e->dst < (int32_t)g->nast ? e->dst : v;
    fl_step at;
    fl_locate(g, anchor, &at);
    int64_t src = fl_node_id(g, v), dst = fl_node_id(g, e->dst);
    id_builder b;
    id_begin(&b, "edge");
    id_add_cstr(&b, kind);
    id_add_i64(&b, src);
    id_add_i64(&b, dst);
    if (at.path) {
        id_add_cstr(&b, at.path);
        id_add_i64(&b, at.bstart);
        id_add_i64(&b, at.bend);
    }
    id_add_cstr(&b, flow);
    store_columns_add_i64(c, EC_ID, id_finish(&b), false);
    add_str(c, EC_KIND, kind);
    store_columns_add_i64(c, EC_SRC, src, false);
    store_columns_add_i64(c, EC_DST, dst, false);
    store_columns_add_i64(c, EC_SITE, e->site >= 0 ? fl_node_id(g, e->site) : 0, e->site < 0);
    add_str(c, EC_FLOW, flow);
    add_str(c, EC_PATH, at.path);
    store_columns_add_i64(c, EC_BSTART, at.bstart, at.path == NULL || at.bstart < 0);
    store_columns_add_i64(c, EC_BEND, at.bend, at.path == NULL || at.bend < 0);
    arena_reset(a);
    add_end(c, EC_SWHAT, g, a, v);
    add_end(c, EC_DWHAT, g, a, e->dst);
    add_str(c, EC_SOURCE, src_label[v]);
    add_rules(c, EC_SINKS, m, sink_rules[e->dst], tmp);
    add_rules(c, EC_BLOCKS, m, g->block[e->dst], tmp);
}

static pc_status save_edges(store *s, const fl_graph *g, const fl_models *m, pc_err *err)
{
    store_col_type types[EC__N];
    for (size_t i = 0; i < EC__N; i++)
        types[i] = i == EC_ID || i == EC_SRC || i == EC_DST || i == EC_SITE || i == EC_BSTART ||
                           i == EC_BEND || i == EC_SLINE || i == EC_SCOL || i == EC_DLINE ||
                           i == EC_DCOL
                       ? STORE_COL_I64
                       : STORE_COL_STR;
    store_columns c;
    store_columns_init(&c, EC__N, types);
    size_t nn = g->nnodes ? g->nnodes : 1;
    const char **src_label = core_calloc(nn, sizeof *src_label);
    uint32_t *sink_rules = core_calloc(nn, sizeof *sink_rules);
    for (size_t i = 0; i < g->nsources; i++)
        src_label[g->sources[i].node] = g->sources[i].label;
    for (size_t i = 0; i < g->nsinks; i++)
        sink_rules[g->sinks[i].arg] |= 1u << g->sinks[i].rule;
    arena *a = arena_new(1 << 16);
    sbuf tmp = SBUF_INIT;
    for (size_t v = 0; v < g->nnodes; v++)
        for (size_t k = g->off[v]; k < g->off[v + 1]; k++)
            add_edge(&c, g, m, a, src_label, sink_rules, (int32_t)v, &g->out[k], &tmp);
    sbuf_free(&tmp);
    arena_free(a);
    core_free(src_label);
    core_free(sink_rules);
    pc_status rc = store_table_from_columns(s, "fl_edges", edge_cols, &c, err);
    store_columns_free(&c);
    /* one row per edge id (the engine may hold an edge twice), in cpg_edges_v1's order */
    if (rc == PC_OK)
        rc = store_write_query(
            s, registry_find("cpg_flow_edges_v1"),
            "SELECT path, bstart, bend, edge_id, edge_kind, src_node_id, dst_node_id, "
            "site_node_id, flow_kind, src_what, src_path, CAST(src_line AS INTEGER) AS src_line, "
            "CAST(src_col AS INTEGER) AS src_col, dst_what, dst_path, "
            "CAST(dst_line AS INTEGER) AS dst_line, CAST(dst_col AS INTEGER) AS dst_col, "
            "source_label, string_split(sink_rules, ' ') AS sink_rules, "
            "string_split(blocked_rules, ' ') AS blocked_rules, 'flows' AS origin, "
            "CASE flow_kind WHEN 'call' THEN 'PY_CALLS' WHEN 'return' THEN 'PY_CALLS' "
            "WHEN 'heap' THEN 'HEAP' WHEN 'field' THEN 'SITE' ELSE 'AST' END "
            "AS resolution_method, "
            "CAST(CASE flow_kind WHEN 'heap' THEN 0.5 ELSE 1.0 END AS FLOAT) AS confidence "
            "FROM (SELECT DISTINCT ON (edge_id) * FROM fl_edges ORDER BY edge_id) "
            "ORDER BY path NULLS FIRST, bstart NULLS FIRST, bend NULLS FIRST, edge_kind, "
            "src_node_id, dst_node_id, edge_id",
            false, "edge_kind", err);
    if (rc == PC_OK)
        rc = store_exec(s, "DROP TABLE fl_edges", err);
    return rc;
}

/* ---- cpg_flows_v1 --------------------------------------------------------------------------- */

enum {
    FC_ID,
    FC_RULE,
    FC_SINK,
    FC_LABEL,
    FC_SPATH,
    FC_SLINE,
    FC_SCOL,
    FC_SBSTART,
    FC_SBEND,
    FC_SNODE,
    FC_KPATH,
    FC_KLINE,
    FC_KCOL,
    FC_KBSTART,
    FC_KBEND,
    FC_KNODE,
    FC_KARG,
    FC__N
};
static const char *const flow_cols[FC__N] = {
    "flow_id",         "rule",           "sink_name",  "source_label",
    "source_path",     "source_line",    "source_col", "source_bstart",
    "source_bend",     "source_node_id", "sink_path",  "sink_line",
    "sink_col",        "sink_bstart",    "sink_bend",  "sink_node_id",
    "sink_arg_node_id"};

enum { SC_FLOW, SC_NO, SC_PATH, SC_LINE, SC_COL, SC_ELINE, SC_ECOL, SC_WHAT, SC__N };
static const char *const step_cols[SC__N] = {"flow_id", "step_no",  "path",    "line",
                                             "col",     "end_line", "end_col", "what"};

static void add_place(store_columns *c, size_t col, const fl_step *st, int64_t node_id)
{
    bool none = st->path == NULL;
    add_str(c, col, st->path);
    store_columns_add_i64(c, col + 1, st->line, none);
    store_columns_add_i64(c, col + 2, st->col, none);
    store_columns_add_i64(c, col + 3, st->bstart, none || st->bstart < 0);
    store_columns_add_i64(c, col + 4, st->bend, none || st->bend < 0);
    store_columns_add_i64(c, col + 5, node_id, none);
}

static pc_status save_findings(store *s, const fl_result *res, pc_err *err)
{
    store_col_type ft[FC__N], stt[SC__N];
    for (size_t i = 0; i < FC__N; i++)
        ft[i] = i == FC_RULE || i == FC_SINK || i == FC_LABEL || i == FC_SPATH || i == FC_KPATH
                    ? STORE_COL_STR
                    : STORE_COL_I64;
    for (size_t i = 0; i < SC__N; i++)
        stt[i] = i == SC_PATH || i == SC_WHAT ? STORE_COL_STR : STORE_COL_I64;
    store_columns f, st;
    store_columns_init(&f, FC__N, ft);
    store_columns_init(&st, SC__N, stt);
    for (size_t i = 0; i < res->n; i++) {
        const fl_finding *x = &res->items[i];
        store_columns_add_i64(&f, FC_ID, (int64_t)i + 1, false);
        add_str(&f, FC_RULE, x->rule_id);
        add_str(&f, FC_SINK, x->sink);
        add_str(&f, FC_LABEL, x->source_label);
        add_place(&f, FC_SPATH, &x->source, x->source_node_id);
        add_place(&f, FC_KPATH, &x->sink_call, x->sink_node_id);
        store_columns_add_i64(&f, FC_KARG, x->sink_arg_node_id, false);
        for (size_t k = 0; k < x->nsteps; k++) {
            const fl_step *p = &x->steps[k];
            store_columns_add_i64(&st, SC_FLOW, (int64_t)i + 1, false);
            store_columns_add_i64(&st, SC_NO, (int64_t)k, false);
            add_str(&st, SC_PATH, p->path);
            store_columns_add_i64(&st, SC_LINE, p->line, false);
            store_columns_add_i64(&st, SC_COL, p->col, false);
            store_columns_add_i64(&st, SC_ELINE, p->end_line, false);
            store_columns_add_i64(&st, SC_ECOL, p->end_col, false);
            add_str(&st, SC_WHAT, p->what);
        }
    }
    pc_status rc = store_table_from_columns(s, "fl_findings", flow_cols, &f, err);
    if (rc == PC_OK)
        rc = store_table_from_columns(s, "fl_steps", step_cols, &st, err);
    store_columns_free(&f);
    store_columns_free(&st);
    sbuf sql = SBUF_INIT;
    sbuf_printf(&sql,
                "WITH s AS (SELECT flow_id, CAST(list(struct_pack(path := path, line := line, "
                "col := col, end_line := end_line, end_col := end_col, what := what) ORDER BY "
                "step_no) AS %s) AS steps FROM fl_steps GROUP BY flow_id) "
                "SELECT f.flow_id, rule, sink_name, source_label, source_path, "
                "CAST(source_line AS INTEGER) AS source_line, "
                "CAST(source_col AS INTEGER) AS source_col, source_bstart, source_bend, "
                "source_node_id, sink_path, CAST(sink_line AS INTEGER) AS sink_line, "
                "CAST(sink_col AS INTEGER) AS sink_col, sink_bstart, sink_bend, sink_node_id, "
                "sink_arg_node_id, s.steps FROM fl_findings f LEFT JOIN s USING (flow_id) "
                "ORDER BY f.flow_id",
                reg_type_sql(RT_STEP_LIST));
    if (rc == PC_OK)
        rc = store_write_query(s, registry_find("cpg_flows_v1"), sql.data, false, "rule", err);
    sbuf_free(&sql);
    if (rc == PC_OK)
        rc = store_exec(s, "DROP TABLE fl_findings; DROP TABLE fl_steps", err);
    return rc;
}

pc_status fl_save(store *s, const fl_graph *g, const fl_models *m, const fl_result *res,
                  pc_err *err)
{
    pc_status rc = save_findings(s, res, err);
    if (rc == PC_OK)
        rc = save_edges(s, g, m, err);
    return rc;
}
