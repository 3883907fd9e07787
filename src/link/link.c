/*
 * link.c — the link stage: what runs, in which scope, in which order, on which connection.
 *
 * It borrows a store (its DuckDB connection writes the link datasets too, so they get the
 * same parts, metadata, error artifacts and manifest entries as extraction's). The stage has
 * two parts (link.h, "scopes"):
 *
 * link_run_group — the per-file part, over one group of files: a chunk, in the process that
 * extracted it (one DuckDB thread). Inputs are views over the evidence parts the group wrote
 * (its tag); then the per-file normalize steps, the per-file rules of each relspec output,
 * the call graph's per-file setup (kept tables: written beside the group's parts, for the
 * repository-wide part to read), and one pass of each CPG table, each appended to its dataset
 * as the group's parts. An edge may name a node of its own group (checked here: an endpoint
 * the group emitted but whose node broke its contract makes the edge a violation) or a node
 * outside it (a repository-wide node: the repository, a module, a qualified name): those ids
 * go to <dir>/link_chunks/<tag>-externs.parquet for link_run_repo to check. Everything the
 * group created in DuckDB is dropped at its end (a worker runs many groups).
 *
 * link_run_repo — the repository-wide part, once, in the parent (DuckDB at -j threads):
 * views over every part of the evidence and over every group's kept tables; the
 * repository-wide normalize steps and rules; the call graph (link_calls.c); one pass of the
 * repository-wide kinds of each CPG table, under the tag LINK_REPO_TAG. The endpoints of its
 * edges and the groups' external ids are checked against the nodes written. Then the per-file
 * part over the parent's own groups ("a": the listing's problems; "z": the rows of the stages
 * after extraction), whose edges may name any node, so they run when every other node is
 * written; then the datasets are finished and the quality tables written.
 *
 * A link dataset the user did not ask for is still computed when a later step reads it (a
 * temporary table), but only written when wanted. Within a scope a step reads the relations
 * of its own scope: a relspec output or a normalize dataset computed in both scopes holds,
 * in each, that scope's rows (link_check_tables checks what each scope may read:
 * link_scopes.c).
 */
#include "link_int.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool link_owns_dataset(const reg_dataset *ds)
{
    const char *st = ds->family->stage;
    return strcmp(st, "normalize") == 0 || strcmp(st, "relspec") == 0 || strcmp(st, "cpg") == 0;
}

bool link_any_wanted(const link_options *opt)
{
    for (size_t i = 0; i < registry_count(); i++)
        if (link_owns_dataset(registry_at(i)) && opt->wanted[i])
            return true;
    return false;
}

bool link_repo_wide_input(const reg_dataset *ds)
{
    const char *f = ds->family->name;
    return strcmp(f, "scip") == 0 || strcmp(f, "runtime_inspect") == 0;
}

static bool is_quality(const reg_dataset *ds)
{
    for (size_t i = 0; i < link_quality_count(); i++)
        if (strcmp(link_quality_name(i), ds->name) == 0)
            return true;
    return false;
}

static bool is_cpg_table(const reg_dataset *ds)
{
    return strcmp(ds->name, "cpg_nodes_v1") == 0 || strcmp(ds->name, "cpg_edges_v1") == 0 ||
           strcmp(ds->name, "cpg_props_v1") == 0;
}

/* True when a rule of ds has this scope. */
static bool has_rules(const reg_dataset *ds, link_scope scope)
{
    for (size_t i = 0; i < link_rule_count(); i++)
        if (link_rule_at(i)->scope == scope && strcmp(link_rule_at(i)->output, ds->name) == 0)
            return true;
    return false;
}

bool link_writes_per_file(const reg_dataset *ds)
{
    if (is_cpg_table(ds) || has_rules(ds, LINK_FILE))
        return true;
    for (size_t i = 0; i < link_step_count(); i++) {
        const link_norm_step *st = link_step_at(i);
        if (st->kind == LINK_DATASET && st->scope != LINK_REPO && strcmp(st->name, ds->name) == 0)
            return true;
    }
    return false;
}

/* ---- relations made in DuckDB ------------------------------------------------------------ */

/* What one part of the stage created (views and tables by name), dropped at a group's end so
 * a worker's DuckDB holds one group at a time. */
typedef struct {
    store *s;
    const link_options *opt;
    link_scope scope;
    const char *tag; /* the group's tag (LINK_FILE): its parts are read and written under it */
    bool all_nodes;  /* a group run when every other node is written: endpoints checked here */
    bool kept_only;  /* a group run only for the kept tables' schemas (no chunk made them) */
    sbuf made;       /* "V name\n" / "T name\n" lines, in creation order */
    /* Per node (1: edge) emitter, whether its narrow group table holds a row to give back
     * (find_given_back); NULL until found, or when no table is narrow. Owned. */
    bool *given_back[2];
} link_run;

static void made_add(link_run *lr, bool view, const char *name)
{
    sbuf_printf(&lr->made, "%c %s\n", view ? 'V' : 'T', name);
}

/* Drops what lr made, last first. */
static void drop_made(link_run *lr)
{
    sbuf sql = SBUF_INIT;
    pc_err ignored;
    while (lr->made.len > 0) {
        size_t end = lr->made.len - 1, start = end; /* the last line, without its '\n' */
        while (start > 0 && lr->made.data[start - 1] != '\n')
            start--;
        sbuf_reset(&sql);
        sbuf_printf(&sql, "DROP %s IF EXISTS ", lr->made.data[start] == 'V' ? "VIEW" : "TABLE");
        lr->made.data[end] = '\0';
        sbuf_sql_ident(&sql, lr->made.data + start + 2);
        pc_err_clear(&ignored);
        store_exec(lr->s, sql.data, &ignored);
        lr->made.len = start;
    }
    sbuf_free(&sql);
}

/* Drops the tables lr made that keep(name, ctx) refuses, as soon as nothing later reads them,
 * so the stage's largest statements (the CPG passes) do not run beside every table made on
 * the way; views stay (they hold no rows) and made keeps the rest in creation order. */
static void drop_tables_but(link_run *lr, bool (*keep)(const char *name, const void *ctx),
                            const void *ctx)
{
    sbuf kept = SBUF_INIT, sql = SBUF_INIT;
    pc_err ignored;
    for (char *line = lr->made.data; line && line < lr->made.data + lr->made.len;) {
        char *nl = strchr(line, '\n');
        *nl = '\0';
        if (line[0] == 'V' || keep(line + 2, ctx)) {
            sbuf_printf(&kept, "%s\n", line);
        } else {
            sbuf_reset(&sql);
            sbuf_puts(&sql, "DROP TABLE IF EXISTS ");
            sbuf_sql_ident(&sql, line + 2);
            pc_err_clear(&ignored);
            store_exec(lr->s, sql.data, &ignored);
        }
        line = nl + 1;
    }
    sbuf_free(&lr->made);
    lr->made = kept;
    sbuf_free(&sql);
}

/* CREATE OR REPLACE TEMP VIEW|TABLE name AS select. */
static pc_status make(link_run *lr, bool view, const char *name, const char *select, pc_err *err)
{
    sbuf sql = SBUF_INIT;
    sbuf_printf(&sql, "CREATE OR REPLACE TEMP %s ", view ? "VIEW" : "TABLE");
    sbuf_sql_ident(&sql, name);
    sbuf_printf(&sql, " AS %s", select);
    double t0 = clock_now();
    pc_status rc = store_exec(lr->s, sql.data, err);
    if (lr->scope == LINK_REPO)
        log_debug("link: %s in %.2f s", name, clock_now() - t0);
    if (rc == PC_OK)
        made_add(lr, view, name);
    sbuf_free(&sql);
    return rc;
}

/* A relation with ds's columns and no row. */
static void empty_relation_sql(const reg_dataset *ds, sbuf *out)
{
    sbuf_puts(out, "SELECT ");
    for (size_t c = 0; c < ds->ncols; c++) {
        sbuf_printf(out, "%sCAST(NULL AS %s) AS ", c ? ", " : "", reg_type_sql(ds->cols[c].type));
        sbuf_sql_ident(out, ds->cols[c].name);
    }
    sbuf_puts(out, " WHERE false");
}

/* ds's parts of the whole output (group NULL) or of one group's tag, as a SELECT; an empty
 * relation when there are none yet. */
static void parts_select(const link_run *lr, const reg_dataset *ds, const char *group, sbuf *out)
{
    int parts = group ? store_tag_parts(lr->s, ds) : store_report_of(lr->s, ds)->nparts;
    if (parts == 0) {
        empty_relation_sql(ds, out);
        return;
    }
    sbuf_puts(out, "SELECT * FROM ");
    if (group)
        store_tag_parts_sql(out, lr->opt->dir, ds->name, group, parts);
    else
        store_parts_sql(out, lr->opt->dir, ds->name, false);
}

/* A view named like ds over its parts (see parts_select). */
static pc_status parts_view(link_run *lr, const reg_dataset *ds, const char *group, pc_err *err)
{
    sbuf sel = SBUF_INIT;
    parts_select(lr, ds, group, &sel);
    pc_status rc = make(lr, true, ds->name, sel.data, err);
    sbuf_free(&sel);
    return rc;
}

/* Every evidence dataset as a view: the group's parts, or (repository-wide) all of them.
 * Repository-wide evidence (SCIP, runtime) has no view in a group, so per-file SQL that read
 * it would fail at once instead of seeing nothing. */
static pc_status input_views(link_run *lr, pc_err *err)
{
    pc_status rc = PC_OK;
    for (size_t i = 0; i < registry_count() && rc == PC_OK; i++) {
        const reg_dataset *ds = registry_at(i);
        if (link_owns_dataset(ds) || !lr->opt->wanted[i])
            continue;
        if (lr->scope == LINK_FILE && !link_repo_wide_input(ds) && store_has_begun(lr->s, ds))
            rc = parts_view(lr, ds, lr->tag, err);
        else if (lr->scope == LINK_REPO && store_report_of(lr->s, ds)->finished)
            rc = parts_view(lr, ds, NULL, err);
    }
    return rc;
}

/* The repository's own row (PY_REPO): options chosen by the user, as literals. */
static pc_status repo_table(link_run *lr, pc_err *err)
{
    const link_options *opt = lr->opt;
    sbuf sql = SBUF_INIT;
    sbuf_puts(&sql, "SELECT ");
    sbuf_sql_literal(&sql, opt->repo_root ? opt->repo_root : "");
    sbuf_puts(&sql, " AS repo_root, ");
    sbuf_sql_literal(&sql, opt->repo_id ? opt->repo_id : "");
    sbuf_puts(&sql, " AS repo_id, pycpg_id('repo', ");
    sbuf_sql_literal(&sql, opt->repo_id ? opt->repo_id : "");
    sbuf_puts(&sql, ") AS repo_node_id");
    pc_status rc = make(lr, false, "lk_repo", sql.data, err);
    sbuf_free(&sql);
    return rc;
}

/* A link dataset's rows of this scope: a temporary table named like it (what later steps of
 * the scope read), appended to the dataset when wanted. */
static pc_status produce(link_run *lr, const reg_dataset *ds, const char *select, pc_err *err)
{
    double t0 = clock_now();
    pc_status rc = make(lr, false, ds->name, select, err);
    if (rc == PC_OK && lr->opt->wanted[ds->index] && !lr->kept_only) {
        char all[256];
        snprintf(all, sizeof all, "SELECT * FROM \"%s\"", ds->name);
        const char *q = all;
        rc = store_append_queries(lr->s, ds, &q, 1, false, NULL, err);
    }
    if (lr->scope == LINK_REPO)
        log_debug("link: %s in %.2f s", ds->name, clock_now() - t0);
    return rc;
}

/* True when a step of this scope runs in lr's scope. */
static bool step_runs(const link_run *lr, link_scope step)
{
    return step == LINK_BOTH || step == lr->scope;
}

/* <dir>/link_chunks/<tag>-<name>.parquet: a kept table of a group. */
static void kept_path(const link_run *lr, const char *tag, const char *name, sbuf *out)
{
    sbuf_printf(out, "%s/link_chunks/%s-%s.parquet", lr->opt->dir, tag, name);
}

static pc_status mkdir_in(const char *dir, const char *sub, pc_err *err);

/* A LINK_KEPT step: per group a table written beside the group's parts (not by the parent's
 * groups, which run after the repository-wide part); repository-wide a view over every
 * group's file. */
static pc_status kept_step(link_run *lr, const link_norm_step *st, pc_err *err)
{
    sbuf sql = SBUF_INIT;
    pc_status rc = PC_OK;
    if (lr->scope == LINK_REPO) {
        sbuf tail = SBUF_INIT;
        sbuf_printf(&tail, "/link_chunks/*-%s.parquet", st->name);
        sbuf_puts(&sql, "SELECT * FROM read_parquet(");
        store_glob_literal(&sql, lr->opt->dir, tail.data);
        sbuf_puts(&sql, ")");
        sbuf_free(&tail);
        rc = make(lr, true, st->name, sql.data, err);
    } else {
        rc = make(lr, false, st->name, st->sql, err);
        if (rc == PC_OK && !lr->all_nodes) {
            sbuf path = SBUF_INIT;
            kept_path(lr, lr->tag, st->name, &path);
            sbuf_puts(&sql, "COPY ");
            sbuf_sql_ident(&sql, st->name);
            sbuf_puts(&sql, " TO ");
            sbuf_sql_literal(&sql, path.data);
            sbuf_puts(&sql, " (" STORE_PARQUET_OPTIONS ")");
            rc = mkdir_in(lr->opt->dir, "link_chunks", err);
            if (rc == PC_OK)
                rc = store_exec(lr->s, sql.data, err);
            sbuf_free(&path);
        }
    }
    sbuf_free(&sql);
    return rc;
}

/* The steps of one table (the normalize steps, or the call graph's setup) that run in lr's
 * scope, in table order. */
static pc_status run_step_table(link_run *lr, size_t n, const link_norm_step *(*at)(size_t),
                                pc_err *err)
{
    pc_status rc = PC_OK;
    for (size_t i = 0; i < n && rc == PC_OK; i++) {
        const link_norm_step *st = at(i);
        if (!step_runs(lr, st->scope) && st->kind != LINK_KEPT) /* a kept step is in both */
            continue;
        if (st->kind == LINK_KEPT) {
            rc = kept_step(lr, st, err);
            continue;
        }
        if (st->kind != LINK_DATASET) {
            rc = make(lr, st->kind == LINK_VIEW, st->name, st->sql, err);
            continue;
        }
        const reg_dataset *ds = registry_find(st->name);
        if (PC_NEVER(!ds))
            return pc_fail(err, PC_ERR_INTERNAL, "normalize step of unknown %s", st->name);
        if (lr->scope == LINK_REPO && st->scope == LINK_BOTH && lr->opt->wanted[ds->index])
            rc = parts_view(lr, ds, NULL, err); /* the groups wrote it: read it back */
        else if (lr->scope == LINK_REPO && st->scope == LINK_BOTH)
            rc = make(lr, false, st->name, st->sql, err);
        else
            rc = produce(lr, ds, st->sql, err);
    }
    return rc;
}

static pc_status run_steps(link_run *lr, pc_err *err)
{
    return run_step_table(lr, link_step_count(), link_step_at, err);
}

/* The call graph's setup steps of lr's scope, when the CPG is written (a group that runs after
 * the repository-wide part has nothing to give the call graph). */
static pc_status run_call_steps(link_run *lr, pc_err *err)
{
    if (!lr->opt->wanted[registry_find("cpg_nodes_v1")->index] || lr->all_nodes)
        return PC_OK;
    double t0 = clock_now();
    pc_status rc = run_step_table(lr, link_calls_step_count(), link_calls_step_at, err);
    if (lr->scope == LINK_REPO)
        log_debug("link: call graph setup in %.2f s", clock_now() - t0);
    return rc;
}

static pc_status run_rules(link_run *lr, pc_err *err)
{
    pc_status rc = PC_OK;
    sbuf sql = SBUF_INIT;
    for (size_t i = 0; i < registry_count() && rc == PC_OK; i++) {
        const reg_dataset *ds = registry_at(i);
        if (strcmp(ds->family->stage, "relspec") != 0)
            continue;
        sbuf_reset(&sql);
        if (link_output_sql(ds, lr->scope, &sql) > 0)
            rc = produce(lr, ds, sql.data, err);
        else /* no rule of this scope: an empty relation for the scope's readers */
            rc = make(lr, false, ds->name, sql.data, err);
    }
    sbuf_free(&sql);
    return rc;
}

/* ---- emission ------------------------------------------------------------------------------ */

static const struct {
    const char *name, *count_by;
} cpg_tables[] = {
    {"cpg_nodes_v1", "node_kind"}, {"cpg_edges_v1", "edge_kind"}, {"cpg_props_v1", "prop_key"}};

/* The passes of one CPG table (0 nodes, 1 edges, 2 props) in a scope. */
static void emit_passes(size_t which, link_scope scope, bool graph_copied, link_passes *p)
{
    if (which == 0)
        link_nodes_passes(p, scope, graph_copied);
    else if (which == 1)
        link_edges_passes(p, scope, graph_copied);
    else
        link_props_passes(p, scope, graph_copied);
}

static const reg_dataset *cpg_table(size_t which)
{
    return registry_find(cpg_tables[which].name);
}

/* Runs the statements the passes of p read from (LINK_PASS_STAGE), in order. */
static pc_status stage_passes(link_run *lr, const link_passes *p, pc_err *err)
{
    pc_status rc = PC_OK;
    for (size_t k = 0; k < p->npre && rc == PC_OK; k++)
        rc = store_exec(lr->s, p->pre[k].data, err);
    return rc;
}

/* Drops LINK_PASS_STAGE once the passes have read it (its memory is the next pass's). */
static void unstage_passes(link_run *lr)
{
    pc_err ignored;
    pc_err_clear(&ignored);
    store_exec(lr->s, "DROP TABLE IF EXISTS " LINK_PASS_STAGE, &ignored);
}

/* Appends the scope's passes of one CPG table to it (when wanted). Once its kinds are staged,
 * the tables keep(name) refuses are dropped (NULL: none). */
static pc_status write_table(link_run *lr, size_t which,
                             bool (*keep)(const char *name, const void *ctx), pc_err *err)
{
    const reg_dataset *ds = cpg_table(which);
    if (!lr->opt->wanted[ds->index])
        return PC_OK;
    link_passes p = {.given_back = {lr->given_back[0], lr->given_back[1]}};
    emit_passes(which, lr->scope, lr->opt->graph_copied, &p);
    const char **q = core_malloc((p.n ? p.n : 1) * sizeof *q);
    for (size_t k = 0; k < p.n; k++)
        q[k] = p.q[k].data;
    double t0 = clock_now();
    pc_status rc = stage_passes(lr, &p, err);
    if (rc == PC_OK && keep)
        drop_tables_but(lr, keep, NULL);
    if (rc == PC_OK && p.n == 1) { /* made here, handed to the store as it is */
        static const char *const tables[] = {"lk_pass_nodes", "lk_pass_edges", "lk_pass_props"};
        const char *table = tables[which];
        rc = make(lr, false, table, q[0], err);
        unstage_passes(lr); /* read: its memory is the writing's */
        if (rc == PC_OK)
            rc = store_append_table(lr->s, ds, table, which < 2, cpg_tables[which].count_by, err);
    } else {
        if (rc == PC_OK)
            rc =
                store_append_queries(lr->s, ds, q, p.n, which < 2, cpg_tables[which].count_by, err);
        unstage_passes(lr);
    }
    if (lr->scope == LINK_REPO)
        log_debug("link: %s in %.2f s (%zu passes)", ds->name, clock_now() - t0, p.n);
    core_free(q);
    link_passes_free(&p);
    return rc;
}

/* link_relation_fn over every part of a dataset (parts_select). */
static void all_parts_of(const char *dataset, void *ctx, sbuf *out)
{
    parts_select(ctx, registry_find(dataset), NULL, out);
}

/* Appends the SELECT of the ids (node_id) of the node rows the reader gives back and the parts
 * lack (link_referenced_node_ids_sql): the group's (from its emitter tables), or with all those
 * of the whole output (over every part of the evidence); none when every row is written. */
static void referenced_ids(link_run *lr, bool all, sbuf *out)
{
    if (lr->opt->graph_copied)
        sbuf_puts(out, "SELECT NULL::BIGINT AS node_id WHERE false");
    else
        link_referenced_node_ids_sql(all ? all_parts_of : NULL, lr, out);
}

/* Appends the SELECT of every node id of the output so far (node_id): the parts' and the
 * referenced rows'. */
static void all_node_ids(link_run *lr, sbuf *out)
{
    sbuf_puts(out, "SELECT node_id FROM (");
    parts_select(lr, cpg_table(0), NULL, out);
    sbuf_puts(out, ") UNION ALL ");
    referenced_ids(lr, true, out);
}

/* <dir>/link_chunks/<tag>-externs.parquet */
static void externs_path(const link_run *lr, const char *tag, sbuf *out)
{
    sbuf_printf(out, "%s/link_chunks/%s-externs.parquet", lr->opt->dir, tag);
}

typedef struct {
    bool *marks;
    size_t n;
} given_back_marks;

/* store_row_fn of find_given_back: marks emitter vals[0]. */
static pc_status mark_given_back(void *ctx, const char *const *vals, size_t n, pc_err *err)
{
    given_back_marks *m = ctx;
    char *end = NULL;
    unsigned long i = n == 1 && vals[0] ? strtoul(vals[0], &end, 10) : m->n;
    if (i >= m->n || *end)
        return pc_fail(err, PC_ERR_INTERNAL, "given-back emitters: an unexpected row");
    m->marks[i] = true;
    return PC_OK;
}

/* lr->given_back[edges]: which narrow group tables of the chunk hold a row to give back
 * (link_given_back_sql; edges once LINK_BAD_ENDPOINTS is made). */
static pc_status find_given_back(link_run *lr, bool edges, pc_err *err)
{
    sbuf sql = SBUF_INIT;
    pc_status rc = PC_OK;
    if (!lr->opt->graph_copied && link_given_back_sql(edges, &sql)) {
        size_t n = edges ? link_edge_emitter_count() : link_node_emitter_count();
        core_free(lr->given_back[edges]);
        lr->given_back[edges] = core_calloc(n, sizeof(bool));
        given_back_marks m = {lr->given_back[edges], n};
        rc = store_query_rows(lr->s, sql.data, mark_given_back, &m, err);
        for (size_t i = 0; i < n; i++) { /* the test seam: as if the table held such a row */
            char name[32];
            snprintf(name, sizeof name, "%s%zu", edges ? LINK_GROUP_EDGES : LINK_GROUP_NODES, i);
            lr->given_back[edges][i] =
                lr->given_back[edges][i] || fault_hit("link_given_back", name);
        }
    }
    sbuf_free(&sql);
    return rc;
}

/* A group's nodes, checked endpoints and external ids: the group's node pass is materialised
 * (lk_group_nodes: every id it emitted, good or not) and written; the good ids are read back
 * from the group's parts (LINK_NODE_IDS, exactly what the store kept). An endpoint outside
 * them is, for a group run when every other node is written (all_nodes), good when some part
 * holds its node and bad otherwise; for a chunk, bad when the group emitted its node (which
 * broke its contract) and external otherwise (written to its externs file for link_run_repo
 * to check). */
static pc_status group_nodes(link_run *lr, pc_err *err)
{
    const reg_dataset *nodes = cpg_table(0);
    pc_status rc = find_given_back(lr, false, err);
    link_passes p = {.given_back = {lr->given_back[0], NULL}};
    link_nodes_passes(&p, LINK_FILE, lr->opt->graph_copied);
    if (rc == PC_OK)
        rc = p.n == 1 ? stage_passes(lr, &p, err)
                      : pc_fail(err, PC_ERR_INTERNAL, "per-file node passes: %zu", p.n);
    if (rc == PC_OK)
        rc = make(lr, false, "lk_group_nodes", p.q[0].data, err);
    unstage_passes(lr);
    link_passes_free(&p);
    if (rc == PC_OK)
        rc = store_append_table(lr->s, nodes, "lk_group_nodes", true, cpg_tables[0].count_by, err);
    if (rc != PC_OK || !lr->opt->wanted[cpg_table(1)->index])
        return rc; /* no edges: no endpoint to check */
    sbuf sql = SBUF_INIT;
    sbuf_puts(&sql, "SELECT node_id FROM ("); /* no DISTINCT: see LINK_NODE_IDS */
    parts_select(lr, nodes, lr->tag, &sql);
    sbuf_puts(&sql, ") UNION ALL ");
    referenced_ids(lr, false, &sql);
    rc = make(lr, false, LINK_NODE_IDS, sql.data, err);
    sbuf_reset(&sql);
    link_outside_endpoints_sql(LINK_FILE, &sql);
    if (rc == PC_OK)
        rc = make(lr, false, "lk_group_outside", sql.data, err);
    int64_t outside = 0;
    if (rc == PC_OK && lr->all_nodes)
        rc = store_query_i64(lr->s, "SELECT count(*) FROM lk_group_outside", &outside, err);
    sbuf_reset(&sql);
    if (lr->all_nodes && outside > 0) { /* one scan of every part's node ids */
        sbuf_puts(&sql, "SELECT o.id FROM lk_group_outside o WHERE o.id NOT IN (SELECT node_id "
                        "FROM (");
        all_node_ids(lr, &sql);
        sbuf_puts(&sql, ") WHERE node_id IN (SELECT id FROM lk_group_outside))");
    } else if (lr->all_nodes) {
        sbuf_puts(&sql, "SELECT id FROM lk_group_outside");
    } else {
        sbuf_puts(&sql, "SELECT o.id FROM lk_group_outside o WHERE o.id IN (SELECT node_id "
                        "FROM lk_group_nodes)");
    }
    if (rc == PC_OK)
        rc = make(lr, false, LINK_BAD_ENDPOINTS, sql.data, err);
    if (rc == PC_OK)
        rc = find_given_back(lr, true, err);
    sbuf path = SBUF_INIT;
    externs_path(lr, lr->tag, &path);
    sbuf_reset(&sql);
    sbuf_puts(&sql, "COPY (SELECT o.id FROM lk_group_outside o WHERE o.id NOT IN (SELECT node_id "
                    "FROM lk_group_nodes WHERE node_id IS NOT NULL) ORDER BY o.id) TO ");
    sbuf_sql_literal(&sql, path.data);
    sbuf_puts(&sql, " (" STORE_PARQUET_OPTIONS ")");
    if (rc == PC_OK && !lr->all_nodes)
        rc = store_exec(lr->s, sql.data, err);
    sbuf_free(&path);
    sbuf_free(&sql);
    return rc;
}

static pc_status mkdir_in(const char *dir, const char *sub, pc_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, sub);
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return pc_fail(err, PC_ERR_IO, "cannot create %s: %s", path, strerror(errno));
    return PC_OK;
}

/* Each per-file node (edges: edge) emitter's rows, props included, as a table of the group
 * (link_group_tables): the passes read them instead of evaluating the emitters again. */
static pc_status group_tables(link_run *lr, bool edges, pc_err *err)
{
    link_passes p = {0};
    link_group_tables(edges, lr->opt->graph_copied, &p);
    pc_status rc = PC_OK;
    for (size_t i = 0; i < p.n && rc == PC_OK; i++) {
        char *name = p.q[i].data, *nl = strchr(name, '\n');
        *nl = '\0';
        bool view = strncmp(name, "VIEW ", 5) == 0;
        rc = make(lr, view, name + (view ? 5 : 0), nl + 1, err);
    }
    link_passes_free(&p);
    return rc;
}

/* What the passes read once the emitters' tables are made: those tables (lk_gn*, lk_ge*),
 * and the endpoint checks made from them. */
static bool read_by_passes(const char *name, const void *unused)
{
    (void)unused;
    return strncmp(name, "lk_gn", 5) == 0 || strncmp(name, "lk_ge", 5) == 0 ||
           strcmp(name, LINK_NODE_IDS) == 0 || strcmp(name, LINK_BAD_ENDPOINTS) == 0;
}

/* What the props pass reads: the emitters' tables and the bad endpoints. */
static bool read_by_props(const char *name, const void *unused)
{
    return strcmp(name, LINK_NODE_IDS) != 0 && read_by_passes(name, unused);
}

/* What the edge pass reads, the props written: the edge emitters' tables and the bad
 * endpoints. */
static bool read_by_edges(const char *name, const void *unused)
{
    return strncmp(name, "lk_gn", 5) != 0 && read_by_props(name, unused);
}

/* What the edge pass reads once its kinds are staged: the bad endpoints. */
static bool read_by_staged_edges(const char *name, const void *unused)
{
    (void)unused;
    return strcmp(name, LINK_BAD_ENDPOINTS) == 0;
}

static pc_status group_emit(link_run *lr, pc_err *err)
{
    if (!lr->opt->wanted[cpg_table(0)->index])
        return PC_OK; /* edges and props are only wanted with the nodes (the pipeline says so) */
    pc_status rc = mkdir_in(lr->opt->dir, "link_chunks", err);
    if (rc == PC_OK)
        rc = group_tables(lr, false, err);
    if (rc == PC_OK && lr->opt->wanted[cpg_table(1)->index])
        rc = group_tables(lr, true, err);
    if (rc == PC_OK)
        drop_tables_but(lr, read_by_passes, NULL); /* normalize, rel_* and call-graph tables */
    if (rc == PC_OK)
        rc = group_nodes(lr, err);
    /* props before edges (each table has parts of its own, so the order changes no file): the
     * edge pass, whose sort and window need the most memory, then runs without the node
     * emitters' tables and the props */
    if (rc == PC_OK) {
        drop_tables_but(lr, read_by_props, NULL);
        rc = write_table(lr, 2, read_by_edges, err);
    }
    if (rc == PC_OK) {
        drop_tables_but(lr, read_by_edges, NULL);
        rc = write_table(lr, 1, read_by_staged_edges, err);
    }
    return rc;
}

static pc_status run_group(store *s, const link_options *opt, const char *tag, bool all_nodes,
                           bool kept_only, pc_err *err)
{
    link_run lr = {.s = s,
                   .opt = opt,
                   .scope = LINK_FILE,
                   .tag = tag,
                   .all_nodes = all_nodes,
                   .kept_only = kept_only,
                   .made = SBUF_INIT};
    pc_status rc = input_views(&lr, err);
    if (rc == PC_OK)
        rc = repo_table(&lr, err);
    if (rc == PC_OK)
        rc = run_steps(&lr, err);
    if (rc == PC_OK)
        rc = run_rules(&lr, err);
    if (rc == PC_OK)
        rc = run_call_steps(&lr, err);
    if (rc == PC_OK && !kept_only)
        rc = group_emit(&lr, err);
    drop_made(&lr);
    sbuf_free(&lr.made);
    core_free(lr.given_back[0]);
    core_free(lr.given_back[1]);
    return rc;
}

pc_status link_run_group(store *s, const link_options *opt, const char *tag, pc_err *err)
{
    return link_any_wanted(opt) ? run_group(s, opt, tag, false, false, err) : PC_OK;
}

pc_status link_adopt_group(const char *from_dir, const char *from_tag, const char *dir,
                           const char *tag, pc_err *err)
{
    char from[4096], to[4096], prefix[STORE_TAG_MAX + 2];
    snprintf(from, sizeof from, "%s/link_chunks", from_dir);
    snprintf(prefix, sizeof prefix, "%s-", from_tag);
    DIR *d = opendir(from);
    if (!d)
        return PC_OK; /* built without the link stage's per-file part */
    size_t n = strlen(prefix);
    pc_status rc = mkdir_in(dir, "link_chunks", err);
    for (struct dirent *e; rc == PC_OK && (e = readdir(d)) != NULL;) {
        if (strncmp(e->d_name, prefix, n) != 0)
            continue; /* its externs and kept tables: <tag>-<what>.parquet */
        snprintf(from, sizeof from, "%s/link_chunks/%s", from_dir, e->d_name);
        snprintf(to, sizeof to, "%s/link_chunks/%s-%s", dir, tag, e->d_name + n);
        rc = store_link_file(from, to, err);
    }
    closedir(d);
    return rc;
}

/* ---- the repository-wide part ------------------------------------------------------------- */

/* True when OUT/link_chunks holds a file whose name contains `suffix` (a chunk's side file). */
static bool link_chunks_hold(const link_run *lr, const char *suffix)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/link_chunks", lr->opt->dir);
    DIR *d = opendir(dir);
    bool any = false;
    for (struct dirent *e; d && !any && (e = readdir(d)) != NULL;)
        any = strstr(e->d_name, suffix) != NULL;
    if (d)
        closedir(d);
    return any;
}

/* Appends the SELECT of the chunks' external ids (column id): their files, or an empty
 * relation when no chunk wrote one (an empty repository). */
static void externs_select(const link_run *lr, sbuf *out)
{
    if (!link_chunks_hold(lr, "-externs.parquet")) {
        sbuf_puts(out, "SELECT NULL::BIGINT AS id WHERE false");
        return;
    }
    sbuf_puts(out, "SELECT id FROM read_parquet(");
    store_glob_literal(out, lr->opt->dir, "/link_chunks/*-externs.parquet");
    sbuf_puts(out, ")");
}

/* LINK_NODE_IDS and LINK_BAD_ENDPOINTS for the repository-wide edges and the groups' external
 * ids, after every node is written: the ids to check (lk_repo_check), those of them some
 * written part holds, and the rest. One scan of the node ids of every part. */
static pc_status repo_endpoints(link_run *lr, pc_err *err)
{
    sbuf sql = SBUF_INIT;
    sbuf_puts(&sql, "SELECT DISTINCT id FROM (");
    link_endpoints_sql(LINK_REPO, &sql);
    sbuf_puts(&sql, " UNION ALL ");
    externs_select(lr, &sql);
    sbuf_puts(&sql, ")");
    pc_status rc = make(lr, false, "lk_repo_check", sql.data, err);
    sbuf_reset(&sql);
    sbuf_puts(&sql, "SELECT DISTINCT node_id FROM (");
    all_node_ids(lr, &sql);
    sbuf_puts(&sql, ") WHERE node_id IN (SELECT id FROM lk_repo_check)");
    if (rc == PC_OK)
        rc = make(lr, false, LINK_NODE_IDS, sql.data, err);
    if (rc == PC_OK)
        rc = make(lr, false, LINK_BAD_ENDPOINTS,
                  "SELECT id FROM lk_repo_check WHERE id NOT IN (SELECT node_id FROM " LINK_NODE_IDS
                  ")",
                  err);
    sbuf_free(&sql);
    return rc;
}

/* The chunks' external ids that are no written node: an edge of a chunk names a node that
 * does not exist. A per-file edge names a node of its own file or a repository-wide node whose
 * row exists whenever the edge's does (the repository; the module its file declares; a
 * qualified name, which dim_qualified_names_v1 collects from the same rows), so this is a
 * programming error, reported as such. (The parent's groups, whose edges can name nodes of
 * other groups — a diagnostic of the SCIP stage about a file — run after every other node is
 * written and check their endpoints themselves.) */
static pc_status check_externs(link_run *lr, pc_err *err)
{
    sbuf sql = SBUF_INIT;
    sbuf_puts(&sql, "SELECT count(*) FROM (");
    externs_select(lr, &sql);
    sbuf_puts(&sql, ") WHERE id IN (SELECT id FROM " LINK_BAD_ENDPOINTS ")");
    int64_t bad = 0;
    pc_status rc = store_query_i64(lr->s, sql.data, &bad, err);
    sbuf_free(&sql);
    if (rc == PC_OK && bad > 0)
        rc = pc_fail(err, PC_ERR_INTERNAL,
                     "link: %lld per-file edges name repository-wide nodes that were not written",
                     (long long)bad);
    return rc;
}

/* True when some group kept its tables (a chunk's, or the schema group's). */
static bool any_kept(const link_run *lr)
{
    return link_chunks_hold(lr, "-lk_cg_defs.parquet");
}

/* True when the SQL text ctx names the relation `name` (as a whole identifier). */
static bool named_in(const char *name, const void *ctx)
{
    const char *sql = ctx;
    size_t n = strlen(name);
    for (const char *p = strstr(sql, name); p; p = strstr(p + 1, name)) {
        bool starts = p == sql || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
        bool ends = !(isalnum((unsigned char)p[n]) || p[n] == '_');
        if (starts && ends)
            return true;
    }
    return false;
}

/* Drops the repository-wide tables that neither the CPG passes nor the endpoint check read
 * (the call graph's state and setup, normalize and rel_* tables only other steps read): the
 * passes over the whole repository are the parent's largest statements. */
static void drop_unread_by_passes(link_run *lr)
{
    sbuf readers = SBUF_INIT;
    for (size_t which = 0; which < 3; which++) {
        link_passes p = {0};
        emit_passes(which, LINK_REPO, false, &p);
        for (size_t k = 0; k < p.npre; k++)
            sbuf_printf(&readers, "%s\n", p.pre[k].data);
        for (size_t k = 0; k < p.n; k++)
            sbuf_printf(&readers, "%s\n", p.q[k].data);
        link_passes_free(&p);
    }
    link_endpoints_sql(LINK_REPO, &readers);
    /* a view the passes read reads tables in turn: every view's text counts as a reader */
    store_columns views = {0};
    pc_err err;
    pc_err_clear(&err);
    if (store_query_columns(lr->s, "SELECT sql FROM duckdb_views() WHERE temporary", &views,
                            &err) != PC_OK) {
        sbuf_free(&readers);
        return; /* nothing dropped: the tables only cost memory */
    }
    for (size_t r = 0; r < (views.ncols ? views.cols[0].n : 0); r++) {
        size_t len;
        const char *text = store_columns_str(&views, 0, r, &len);
        sbuf_append(&readers, text, len);
        sbuf_putc(&readers, '\n');
    }
    store_columns_free(&views);
    drop_tables_but(lr, named_in, readers.data);
    sbuf_free(&readers);
}

static pc_status repo_emit(link_run *lr, pc_err *err)
{
    if (!lr->opt->wanted[cpg_table(0)->index])
        return PC_OK;
    pc_status rc = run_call_steps(lr, err);
    if (rc == PC_OK)
        rc = link_calls_run(lr->s, lr->opt->pts, err);
    link_calls_made(&lr->made);
    if (rc == PC_OK)
        drop_unread_by_passes(lr);
    if (rc == PC_OK)
        rc = write_table(lr, 0, NULL, err);
    double t0 = clock_now();
    if (rc == PC_OK)
        rc = repo_endpoints(lr, err);
    if (rc == PC_OK)
        rc = check_externs(lr, err);
    log_debug("link: endpoints checked in %.2f s", clock_now() - t0);
    for (size_t which = 1; which < 3 && rc == PC_OK; which++)
        rc = write_table(lr, which, NULL, err);
    return rc;
}

/* Every wanted link dataset but the quality tables, finished (each holds the groups' rows and
 * the repository-wide ones by now). */
static pc_status finish_all(link_run *lr, pc_err *err)
{
    pc_status rc = PC_OK;
    for (size_t i = 0; i < registry_count() && rc == PC_OK; i++) {
        const reg_dataset *ds = registry_at(i);
        if (link_owns_dataset(ds) && lr->opt->wanted[i] && store_has_begun(lr->s, ds) &&
            !store_report_of(lr->s, ds)->finished)
            rc = store_finish(lr->s, ds, err);
    }
    return rc;
}

/* The quality tables (link_quality.c), each after its source was finished; empty (with their
 * schema) when their source is not written. */
static pc_status run_quality(link_run *lr, pc_err *err)
{
    pc_status rc = PC_OK;
    sbuf sql = SBUF_INIT;
    for (size_t i = 0; i < link_quality_count() && rc == PC_OK; i++) {
        const reg_dataset *ds = registry_find(link_quality_name(i));
        const reg_dataset *src = registry_find(link_quality_source(i));
        if (PC_NEVER(!ds || !src))
            return pc_fail(err, PC_ERR_INTERNAL, "quality table of unknown %s",
                           link_quality_name(i));
        if (!lr->opt->wanted[ds->index])
            continue;
        sbuf_reset(&sql);
        if (lr->opt->wanted[src->index])
            link_quality_sql(i, lr->opt->dir, &sql);
        else
            empty_relation_sql(ds, &sql);
        double t0 = clock_now();
        rc = store_write_query(lr->s, ds, sql.data, false, NULL, err);
        log_debug("link: %s in %.2f s", ds->name, clock_now() - t0);
    }
    sbuf_free(&sql);
    return rc;
}

pc_status link_finish(store *s, const link_options *opt, pc_err *err)
{
    link_run lr = {.s = s, .opt = opt, .scope = LINK_REPO, .made = SBUF_INIT};
    pc_status rc = finish_all(&lr, err);
    sbuf_free(&lr.made);
    return rc;
}

pc_status link_begin(store *s, const link_options *opt, bool per_file_only, pc_err *err)
{
    pc_status rc = PC_OK;
    for (size_t i = 0; i < registry_count() && rc == PC_OK; i++) {
        const reg_dataset *ds = registry_at(i);
        if (!link_owns_dataset(ds) || !opt->wanted[i] || is_quality(ds))
            continue;
        if (!per_file_only || link_writes_per_file(ds))
            rc = store_begin(s, ds, err);
    }
    return rc;
}

/* The parent's groups, each written under its own tag, now that every other node is. */
static pc_status run_parent_groups(link_run *lr, const char *const *groups, size_t ngroups,
                                   pc_err *err)
{
    pc_status rc = PC_OK;
    for (size_t g = 0; g < ngroups && rc == PC_OK; g++) {
        double t0 = clock_now();
        rc = store_set_part_tag(lr->s, groups[g], err);
        if (rc == PC_OK)
            rc = run_group(lr->s, lr->opt, groups[g], true, false, err);
        log_debug("link: group %s in %.2f s", groups[g], clock_now() - t0);
    }
    return rc;
}

pc_status link_run_repo(store *s, const link_options *opt, const char *const *groups,
                        size_t ngroups, pc_err *err)
{
    if (!link_any_wanted(opt))
        return PC_OK;
    link_run lr = {.s = s, .opt = opt, .scope = LINK_REPO, .made = SBUF_INIT};
    char set[64];
    snprintf(set, sizeof set, "SET threads = %d", opt->threads > 0 ? opt->threads : 2);
    pc_status rc = link_check_tables(err);
    if (rc == PC_OK)
        rc = store_exec(s, set, err);
    if (rc == PC_OK)
        rc = store_set_part_tag(s, LINK_REPO_TAG, err);
    /* no chunk (no file): a group over nothing gives the kept tables (their schemas), before
     * any repository-wide relation of the same name exists */
    if (rc == PC_OK && opt->wanted[cpg_table(0)->index] && !any_kept(&lr))
        rc = run_group(s, opt, "none", false, true, err);
    if (rc == PC_OK)
        rc = input_views(&lr, err);
    if (rc == PC_OK)
        rc = repo_table(&lr, err);
    if (rc == PC_OK)
        rc = run_steps(&lr, err);
    if (rc == PC_OK)
        rc = run_rules(&lr, err);
    if (rc == PC_OK)
        rc = repo_emit(&lr, err);
    drop_made(&lr); /* the groups make relations of the same names */
    if (rc == PC_OK)
        rc = run_parent_groups(&lr, groups, ngroups, err);
    if (rc == PC_OK)
        rc = finish_all(&lr, err);
    if (rc == PC_OK)
        rc = run_quality(&lr, err);
    drop_made(&lr);
    sbuf_free(&lr.made);
    pc_err ignored;
    pc_err_clear(&ignored);
    store_exec(s, "SET threads = 1", &ignored);
    return rc;
}

/* ---- the stage as a script ------------------------------------------------------------------ */

/* link_relation_fn of the script: the relation named like the dataset. */
static void named_relation(const char *dataset, void *ctx, sbuf *out)
{
    (void)ctx;
    sbuf_printf(out, "SELECT * FROM %s", dataset);
}

static void print_passes(FILE *fp, link_scope scope)
{
    sbuf b = SBUF_INIT;
    for (size_t i = 0; i < 3; i++) {
        link_passes p = {0};
        emit_passes(i, scope, false, &p);
        for (size_t k = 0; k < p.npre; k++)
            fprintf(fp, "%s;\n\n", p.pre[k].data);
        for (size_t k = 0; k < p.n; k++)
            fprintf(fp,
                    k ? "INSERT INTO %s\n%s;\n\n" : "CREATE OR REPLACE TEMP TABLE %s AS\n%s;\n\n",
                    cpg_tables[i].name, p.q[k].data);
        if (i == 0) { /* the good node ids: the rows written and the referenced ones */
            sbuf_reset(&b);
            link_referenced_node_ids_sql(scope == LINK_FILE ? NULL : named_relation, NULL, &b);
            fprintf(fp,
                    "CREATE OR REPLACE TEMP TABLE " LINK_NODE_IDS
                    " AS SELECT DISTINCT node_id FROM (SELECT node_id FROM cpg_nodes_v1 WHERE "
                    "__violation IS NULL UNION ALL %s);\n\n",
                    b.data);
            sbuf_reset(&b);
            link_outside_endpoints_sql(scope, &b);
            fprintf(fp,
                    "-- every endpoint outside the nodes here is checked against the other "
                    "scope's nodes\nCREATE OR REPLACE TEMP TABLE " LINK_BAD_ENDPOINTS
                    " AS\n%s;\n\n",
                    b.data);
        }
        link_passes_free(&p);
    }
    sbuf_free(&b);
}

static void print_scope(FILE *fp, link_scope scope)
{
    sbuf b = SBUF_INIT;
    for (size_t i = 0; i < link_step_count(); i++) {
        const link_norm_step *st = link_step_at(i);
        if (st->scope == scope || st->scope == LINK_BOTH)
            fprintf(fp, "CREATE OR REPLACE TEMP %s %s AS\n%s;\n\n",
                    st->kind == LINK_VIEW ? "VIEW" : "TABLE", st->name, st->sql);
    }
    for (size_t i = 0; i < registry_count(); i++) {
        const reg_dataset *ds = registry_at(i);
        if (strcmp(ds->family->stage, "relspec") != 0)
            continue;
        sbuf_reset(&b);
        link_output_sql(ds, scope, &b);
        fprintf(fp, "CREATE OR REPLACE TEMP TABLE %s AS\n%s;\n\n", ds->name, b.data);
    }
    if (scope == LINK_REPO)
        link_calls_print(fp);
    for (int edges = 0; scope == LINK_FILE && edges < 2; edges++) {
        link_passes p = {0};
        link_group_tables(edges, false, &p);
        for (size_t k = 0; k < p.n; k++) {
            const char *name = p.q[k].data, *nl = strchr(name, '\n');
            int skip = strncmp(name, "VIEW ", 5) == 0 ? 5 : 0;
            fprintf(fp, "CREATE OR REPLACE TEMP %s %.*s AS\n%s;\n\n", skip ? "VIEW" : "TABLE",
                    (int)(nl - name - skip), name + skip, nl + 1);
        }
        link_passes_free(&p);
    }
    print_passes(fp, scope);
    sbuf_free(&b);
}

void link_print_script(FILE *fp)
{
    fputs("-- the link stage as DuckDB scripts: every input dataset is a relation of its name;\n"
          "-- lk_repo (repo_root, repo_id, repo_node_id) is the repository's own row\n"
          "-- part 1, per file: run over each group of files (a chunk's evidence), its outputs\n"
          "-- appended to the datasets of their names\n",
          fp);
    print_scope(fp, LINK_FILE);
    fputs("-- part 2, repository-wide: run once over all the evidence\n", fp);
    print_scope(fp, LINK_REPO);
    static const struct {
        const char *view;
        void (*sql)(sbuf *out);
    } referenced[] = {{"cpg_nodes_referenced", link_nodes_referenced_sql},
                      {"cpg_edges_referenced", link_edges_referenced_sql},
                      {"cpg_props_referenced", link_props_referenced_sql}};
    fputs(
        "-- part 3, for readers: the referenced rows, which part 1 writes only where they break\n"
        "-- their contract or have an id 0 (unless build --copy-graph); a reader's cpg_nodes_v1,\n"
        "-- cpg_edges_v1 and cpg_props_v1 are the stored rows UNION ALL these, over the output's\n"
        "-- datasets (cpg_edges_v1_errors: its error artifact)\n",
        fp);
    sbuf q = SBUF_INIT;
    for (size_t i = 0; i < sizeof referenced / sizeof *referenced; i++) {
        sbuf_reset(&q);
        referenced[i].sql(&q);
        fprintf(fp, "CREATE OR REPLACE TEMP VIEW %s AS\n%s;\n\n", referenced[i].view, q.data);
    }
    sbuf_free(&q);
}

/* ---- referenced rows ------------------------------------------------------------------------ */

void link_referenced_register(void)
{
    store_derived_register("cpg_nodes_v1", link_nodes_referenced_sql);
    store_derived_register("cpg_edges_v1", link_edges_referenced_sql);
    store_derived_register("cpg_props_v1", link_props_referenced_sql);
}

pc_status link_referenced_mark(const link_options *opt, pc_err *err)
{
    link_referenced_register();
    pc_status rc = PC_OK;
    for (size_t which = 0; which < 3 && rc == PC_OK; which++)
        if (opt->wanted[cpg_table(which)->index])
            rc = store_derived_mark(opt->dir, cpg_tables[which].name, !opt->graph_copied, err);
    return rc;
}
