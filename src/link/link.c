/*
 * link.c — the link stage: what runs, in which order, on which connection.
 *
 * It borrows the store (its DuckDB connection writes the link datasets too, so they get the
 * same parts, metadata, error artifacts and manifest entries as extraction's) and, for the
 * stage, raises DuckDB's thread count (the store's writer runs one thread). Steps:
 *   1. a view per finished input dataset over its Parquet parts in the output directory
 *      (nothing is copied; DuckDB scans the parts where it needs them);
 *   2. the normalize steps of link_norm.c (views, temporary tables, datasets);
 *   3. the relspec outputs, each the union of its rules (link_rules.c), then the call
 *      graph's points-to analysis (link_calls.c);
 *   4. cpg_nodes_v1, cpg_edges_v1 and cpg_props_v1 (link_emit.c), kind counts in the
 *      manifest.
 * A link dataset the user did not ask for is still computed when a later step reads it,
 * but only written when wanted. Temporary tables are dropped at the end.
 */
#include "link_int.h"

#include <string.h>

bool link_owns_dataset(const reg_dataset *ds)
{
    const char *st = ds->family->stage;
    return strcmp(st, "normalize") == 0 || strcmp(st, "relspec") == 0 || strcmp(st, "cpg") == 0;
}

/* A temporary view named like ds over its written parts. */
static pc_status parts_view(store *s, const link_options *opt, const reg_dataset *ds, pc_err *err)
{
    sbuf sql = SBUF_INIT;
    sbuf_puts(&sql, "CREATE OR REPLACE TEMP VIEW ");
    sbuf_sql_ident(&sql, ds->name);
    sbuf_puts(&sql, " AS SELECT * FROM ");
    store_parts_sql(&sql, opt->dir, ds->name, false);
    pc_status rc = store_exec(s, sql.data, err);
    sbuf_free(&sql);
    return rc;
}

static pc_status input_views(store *s, const link_options *opt, pc_err *err)
{
    pc_status rc = PC_OK;
    for (size_t i = 0; i < registry_count() && rc == PC_OK; i++) {
        const reg_dataset *ds = registry_at(i);
        if (!link_owns_dataset(ds) && store_report_of(s, ds)->finished)
            rc = parts_view(s, opt, ds, err);
    }
    return rc;
}

/* The repository's own row (PY_REPO): options chosen by the user, as literals. */
static pc_status repo_table(store *s, const link_options *opt, pc_err *err)
{
    sbuf sql = SBUF_INIT;
    sbuf_puts(&sql, "CREATE OR REPLACE TEMP TABLE lk_repo AS SELECT ");
    sbuf_sql_literal(&sql, opt->repo_root ? opt->repo_root : "");
    sbuf_puts(&sql, " AS repo_root, ");
    sbuf_sql_literal(&sql, opt->repo_id ? opt->repo_id : "");
    sbuf_puts(&sql, " AS repo_id, pycpg_id('repo', ");
    sbuf_sql_literal(&sql, opt->repo_id ? opt->repo_id : "");
    sbuf_puts(&sql, ") AS repo_node_id");
    pc_status rc = store_exec(s, sql.data, err);
    sbuf_free(&sql);
    return rc;
}

/* A link dataset computed from select: written through the store when wanted, and made
 * readable by later steps (a view over its parts, or a temporary table when not written). */
static pc_status produce(store *s, const link_options *opt, const reg_dataset *ds,
                         const char *select, bool violation, const char *count_by, pc_err *err)
{
    sbuf sql = SBUF_INIT;
    pc_status rc;
    double t0 = clock_now();
    if (opt->wanted[ds->index]) {
        rc = store_write_query(s, ds, select, violation, count_by, err);
        if (rc == PC_OK)
            rc = parts_view(s, opt, ds, err);
    } else {
        sbuf_puts(&sql, "CREATE OR REPLACE TEMP TABLE ");
        sbuf_sql_ident(&sql, ds->name);
        sbuf_printf(&sql, " AS %s", select);
        rc = store_exec(s, sql.data, err);
    }
    sbuf_free(&sql);
    log_debug("link: %s in %.2f s", ds->name, clock_now() - t0);
    return rc;
}

static pc_status run_steps(store *s, const link_options *opt, pc_err *err)
{
    pc_status rc = PC_OK;
    sbuf sql = SBUF_INIT;
    for (size_t i = 0; i < link_step_count() && rc == PC_OK; i++) {
        const link_step *st = link_step_at(i);
        if (st->kind == LINK_DATASET) {
            const reg_dataset *ds = registry_find(st->name);
            if (PC_NEVER(!ds))
                return pc_fail(err, PC_ERR_INTERNAL, "normalize step of unknown %s", st->name);
            rc = produce(s, opt, ds, st->sql, false, NULL, err);
            continue;
        }
        sbuf_reset(&sql);
        sbuf_printf(&sql, "CREATE OR REPLACE TEMP %s ", st->kind == LINK_VIEW ? "VIEW" : "TABLE");
        sbuf_sql_ident(&sql, st->name);
        sbuf_printf(&sql, " AS %s", st->sql);
        double t0 = clock_now();
        rc = store_exec(s, sql.data, err);
        log_debug("link: %s in %.2f s", st->name, clock_now() - t0);
    }
    sbuf_free(&sql);
    return rc;
}

static pc_status run_rules(store *s, const link_options *opt, pc_err *err)
{
    pc_status rc = PC_OK;
    sbuf sql = SBUF_INIT;
    for (size_t i = 0; i < registry_count() && rc == PC_OK; i++) {
        const reg_dataset *ds = registry_at(i);
        if (strcmp(ds->family->stage, "relspec") != 0)
            continue;
        sbuf_reset(&sql);
        link_output_sql(ds, &sql);
        rc = produce(s, opt, ds, sql.data, false, NULL, err);
    }
    sbuf_free(&sql);
    return rc;
}

/* Datasets of the link families no step produces: written empty, with their schema. */
static pc_status write_rest(store *s, const link_options *opt, pc_err *err)
{
    pc_status rc = PC_OK;
    sbuf sql = SBUF_INIT;
    for (size_t i = 0; i < registry_count() && rc == PC_OK; i++) {
        const reg_dataset *ds = registry_at(i);
        if (!link_owns_dataset(ds) || !opt->wanted[i] || store_report_of(s, ds)->finished)
            continue;
        sbuf_reset(&sql);
        sbuf_puts(&sql, "SELECT ");
        for (size_t c = 0; c < ds->ncols; c++) {
            sbuf_printf(&sql, "%sCAST(NULL AS %s) AS ", c ? ", " : "",
                        reg_type_sql(ds->cols[c].type));
            sbuf_sql_ident(&sql, ds->cols[c].name);
        }
        sbuf_puts(&sql, " WHERE false");
        rc = store_write_query(s, ds, sql.data, false, NULL, err);
    }
    sbuf_free(&sql);
    return rc;
}

/* The passes of one emitted dataset (0 nodes, 1 edges, 2 props). */
static void emit_passes(size_t which, link_passes *p)
{
    if (which == 0)
        link_nodes_passes(p);
    else if (which == 1)
        link_edges_passes(p);
    else
        link_props_passes(p);
}

/* The ids the edges may name (LINK_NODE_IDS after cpg_nodes_v1): the rows just written (its parts
 * hold only the rows that met their contract), or when the dataset is not written, the good rows of
 * its passes. */
static pc_status written_ids(store *s, const link_options *opt, const reg_dataset *ds,
                             const char *table, const char *id_col, const link_passes *p,
                             pc_err *err)
{
    sbuf sql = SBUF_INIT;
    sbuf_printf(&sql, "CREATE OR REPLACE TEMP TABLE %s AS SELECT DISTINCT %s FROM ", table, id_col);
    if (opt->wanted[ds->index]) {
        store_parts_sql(&sql, opt->dir, ds->name, false);
    } else {
        sbuf_puts(&sql, "(");
        for (size_t i = 0; i < p->n; i++)
            sbuf_printf(&sql, "%s(%s)", i ? " UNION ALL " : "", p->q[i].data);
        if (p->n == 0)
            sbuf_printf(&sql, "SELECT NULL::BIGINT AS %s, NULL AS __violation", id_col);
        sbuf_printf(&sql, ") WHERE __violation IS NULL AND %s IS NOT NULL", id_col);
    }
    pc_status rc = store_exec(s, sql.data, err);
    sbuf_free(&sql);
    return rc;
}

/* LINK_BAD_ENDPOINTS, once LINK_NODE_IDS exists. */
static pc_status bad_endpoints(store *s, pc_err *err)
{
    sbuf sql = SBUF_INIT;
    sbuf_puts(&sql, "CREATE OR REPLACE TEMP TABLE " LINK_BAD_ENDPOINTS " AS ");
    link_bad_endpoints_sql(&sql);
    pc_status rc = store_exec(s, sql.data, err);
    sbuf_free(&sql);
    return rc;
}

/* cpg_nodes_v1, cpg_edges_v1, cpg_props_v1 in that order: edges may only name written nodes,
 * props only written nodes and edges (link_emit.c). Each is written in passes (link_int.h). */
static pc_status run_emit(store *s, const link_options *opt, pc_err *err)
{
    static const struct {
        const char *name, *count_by, *ids, *id_col;
    } outs[] = {{"cpg_nodes_v1", "node_kind", LINK_NODE_IDS, "node_id"},
                {"cpg_edges_v1", "edge_kind", NULL, NULL},
                {"cpg_props_v1", "prop_key", NULL, NULL}};
    pc_status rc = PC_OK;
    for (size_t i = 0; i < 3 && rc == PC_OK; i++) {
        const reg_dataset *ds = registry_find(outs[i].name);
        link_passes p = {0};
        emit_passes(i, &p);
        const char **q = core_malloc((p.n ? p.n : 1) * sizeof *q);
        for (size_t k = 0; k < p.n; k++)
            q[k] = p.q[k].data;
        double t0 = clock_now();
        if (opt->wanted[ds->index])
            rc = store_write_queries(s, ds, q, p.n, i < 2, outs[i].count_by, err);
        if (rc == PC_OK && outs[i].ids)
            rc = written_ids(s, opt, ds, outs[i].ids, outs[i].id_col, &p, err);
        if (rc == PC_OK && i == 0)
            rc = bad_endpoints(s, err);
        log_debug("link: %s in %.2f s (%zu passes)", ds->name, clock_now() - t0, p.n);
        core_free(q);
        link_passes_free(&p);
    }
    return rc;
}

/* The quality tables (link_quality.c), each after its source was written. */
static pc_status run_quality(store *s, const link_options *opt, pc_err *err)
{
    pc_status rc = PC_OK;
    sbuf sql = SBUF_INIT;
    for (size_t i = 0; i < link_quality_count() && rc == PC_OK; i++) {
        const reg_dataset *ds = registry_find(link_quality_name(i));
        const reg_dataset *src = registry_find(link_quality_source(i));
        if (PC_NEVER(!ds || !src))
            return pc_fail(err, PC_ERR_INTERNAL, "quality table of unknown %s",
                           link_quality_name(i));
        if (!opt->wanted[ds->index] || !opt->wanted[src->index])
            continue; /* written empty by write_rest when wanted */
        sbuf_reset(&sql);
        link_quality_sql(i, opt->dir, &sql);
        double t0 = clock_now();
        rc = store_write_query(s, ds, sql.data, false, NULL, err);
        log_debug("link: %s in %.2f s", ds->name, clock_now() - t0);
    }
    sbuf_free(&sql);
    return rc;
}

static bool any_wanted(const link_options *opt)
{
    for (size_t i = 0; i < registry_count(); i++)
        if (link_owns_dataset(registry_at(i)) && opt->wanted[i])
            return true;
    return false;
}

void link_print_script(FILE *fp)
{
    sbuf b = SBUF_INIT;
    fputs("-- the link stage as one DuckDB script: every input dataset is a relation of its name;\n"
          "-- lk_repo (repo_root, repo_id, repo_node_id) is the repository's own row\n",
          fp);
    for (size_t i = 0; i < link_step_count(); i++) {
        const link_step *st = link_step_at(i);
        fprintf(fp, "CREATE OR REPLACE TEMP %s %s AS\n%s;\n\n",
                st->kind == LINK_VIEW ? "VIEW" : "TABLE", st->name, st->sql);
    }
    for (size_t i = 0; i < registry_count(); i++) {
        const reg_dataset *ds = registry_at(i);
        if (strcmp(ds->family->stage, "relspec") != 0)
            continue;
        sbuf_reset(&b);
        link_output_sql(ds, &b);
        fprintf(fp, "CREATE OR REPLACE TEMP TABLE %s AS\n%s;\n\n", ds->name, b.data);
    }
    link_calls_print(fp);
    static const char *const names[] = {"cpg_nodes_v1", "cpg_edges_v1", "cpg_props_v1"};
    static const char *const ids[] = {
        "CREATE OR REPLACE TEMP TABLE " LINK_NODE_IDS
        " AS SELECT DISTINCT node_id FROM cpg_nodes_v1 WHERE __violation IS NULL;\n\n",
        "", ""};
    for (size_t i = 0; i < 3; i++) {
        link_passes p = {0};
        emit_passes(i, &p);
        for (size_t k = 0; k < p.n; k++)
            fprintf(fp,
                    k ? "INSERT INTO %s\n%s;\n\n" : "CREATE OR REPLACE TEMP TABLE %s AS\n%s;\n\n",
                    names[i], p.q[k].data);
        fputs(ids[i], fp);
        if (i == 0) {
            sbuf_reset(&b);
            link_bad_endpoints_sql(&b);
            fprintf(fp, "CREATE OR REPLACE TEMP TABLE " LINK_BAD_ENDPOINTS " AS\n%s;\n\n", b.data);
        }
        link_passes_free(&p);
    }
    sbuf_free(&b);
}

pc_status link_run(store *s, const link_options *opt, pc_err *err)
{
    if (!any_wanted(opt))
        return PC_OK;
    pc_status rc = link_check_tables(err);
    char set[64];
    snprintf(set, sizeof set, "SET threads = %d", opt->threads > 0 ? opt->threads : 2);
    if (rc == PC_OK)
        rc = store_exec(s, set, err);
    if (rc == PC_OK)
        rc = input_views(s, opt, err);
    if (rc == PC_OK)
        rc = repo_table(s, opt, err);
    if (rc == PC_OK)
        rc = run_steps(s, opt, err);
    if (rc == PC_OK)
        rc = run_rules(s, opt, err);
    if (rc == PC_OK)
        rc = link_calls_run(s, err);
    if (rc == PC_OK)
        rc = run_emit(s, opt, err);
    if (rc == PC_OK)
        rc = run_quality(s, opt, err);
    if (rc == PC_OK)
        rc = write_rest(s, opt, err);
    pc_err ignored;
    pc_err_clear(&ignored);
    store_exec(s, "SET threads = 1", &ignored);
    return rc;
}
