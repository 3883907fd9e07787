/*
 * link_quality.c — the quality tables of the CPG (cpg_pipeline.md §5.9): cpg_nodes_quality_v1,
 * cpg_edges_quality_v1, cpg_props_quality_v1, one row per issue of a raw emitted row.
 *
 * Cheap by construction: nothing is emitted again. The raw rows that broke a contract are
 * already in the written dataset's error artifact (extract_errors/<ds>/errors.parquet:
 * NULL ids as REQUIRED_NON_NULL, kind contracts and dangling edge endpoints as KIND_CONTRACT);
 * the rows that kept their contract are scanned for ids that are 0 (a filter on the id
 * columns of the written parts, which Parquet statistics mostly answer). Each table is read
 * after its source is written; a source the user did not ask for leaves its table empty.
 *
 * Raw here means before the contract split, after emission's dedupe (link_emit.c): rows
 * sharing (kind, NULL id) collapse to one before they reach the artifact, so a NULL-id issue
 * is reported once per kind and source row span, not once per evidence row
 * (docs/decisions.md, "Quality tables").
 *
 * An artifact row holds one raw row and the list of its errors (error_detail): one issue per
 * error.
 *
 * Row format of quality[]: dataset, source dataset, entity_kind, raw table label, the
 * invalid-id issue, entity id and kind expressions over the artifact, the id columns of the
 * good rows that must not be 0.
 */
#include "link_int.h"

#include <string.h>

static const struct {
    const char *name, *source, *entity_kind, *raw, *invalid_issue, *id_expr, *kind_expr, *id_cols;
} quality[] = {
    {"cpg_nodes_quality_v1", "cpg_nodes_v1", "node", "cpg_nodes_raw", "invalid_node_id", "node_id",
     "node_kind", "node_id"},
    {"cpg_edges_quality_v1", "cpg_edges_v1", "edge", "cpg_edges_raw", "invalid_edge_id",
     "CAST(NULL AS BIGINT)", "edge_kind", "edge_id,src_node_id,dst_node_id"},
    {"cpg_props_quality_v1", "cpg_props_v1", "prop", "cpg_props_raw", "invalid_entity_id",
     "entity_id", "prop_key", "entity_id"},
};

size_t link_quality_count(void)
{
    return sizeof quality / sizeof quality[0];
}

const char *link_quality_name(size_t i)
{
    return i < link_quality_count() ? quality[i].name : NULL;
}

const char *link_quality_source(size_t i)
{
    return i < link_quality_count() ? quality[i].source : NULL;
}

static void parquet_path(sbuf *out, const char *dir, const char *tail)
{
    sbuf p = SBUF_INIT;
    for (const char *c = dir; *c; c++) { /* glob characters of dir matched literally */
        if (*c == '[' || *c == '*' || *c == '?')
            sbuf_printf(&p, "[%c]", *c);
        else
            sbuf_putc(&p, *c);
    }
    sbuf_puts(&p, tail);
    sbuf_sql_literal(out, p.data);
    sbuf_free(&p);
}

void link_quality_sql(size_t i, const char *dir, sbuf *out)
{
    const char *q = quality[i].source;
    char tail[256];
    sbuf_printf(out,
                "SELECT '%s' AS entity_kind, %s AS entity_id, %s AS kind, CASE "
                "WHEN d.\"column\" IN ('node_id', 'edge_id', 'entity_id') THEN '%s' "
                "WHEN d.message LIKE '%%" LINK_DANGLING "' THEN 'dangling_endpoint' "
                "ELSE lower(d.code) END AS issue, '%s' AS source_table, d.message AS detail "
                "FROM (SELECT *, unnest(error_detail) AS d FROM read_parquet(",
                quality[i].entity_kind, quality[i].id_expr, quality[i].kind_expr,
                quality[i].invalid_issue, quality[i].raw);
    snprintf(tail, sizeof tail, "/extract_errors/%s/errors.parquet", q);
    parquet_path(out, dir, tail);
    sbuf_puts(out, "))");
    const char *p = quality[i].id_cols;
    while (*p) {
        size_t len = strcspn(p, ",");
        sbuf_printf(out,
                    " UNION ALL SELECT '%s', %s, %s, '%s', '%s', '%.*s is 0' FROM read_parquet(",
                    quality[i].entity_kind, quality[i].id_expr, quality[i].kind_expr,
                    quality[i].invalid_issue, quality[i].raw, (int)len, p);
        snprintf(tail, sizeof tail, "/%s/part-*.parquet", q);
        parquet_path(out, dir, tail);
        sbuf_printf(out, ") WHERE %.*s = 0", (int)len, p);
        p += len + (p[len] == ',');
    }
    sbuf_puts(out, " ORDER BY kind, issue, entity_id, detail");
}
