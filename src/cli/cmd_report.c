/*
 * cmd_report.c — `pycpg report OUT -o report.html`: one self-contained HTML page about a build.
 *
 * Everything on the page comes from OUT alone (its Parquet datasets through one store_reader
 * for the whole page, and OUT/manifest.json for the build's options, timings and versions), so
 * the report can be made on another machine. The page has no script and loads nothing: charts are
 * inline <svg> (view_bar_chart), pictures are graphviz SVGs (src/view) embedded as data: URIs in
 * <img> (each picture keeps its own ids). Sections: the repository at a glance, problems, the graph
 * (kinds, call resolution, most-called functions, call cycles, the import graph), code health
 * (cyclomatic complexity from the CFG with the most complex functions' pictures, longest
 * functions, unreachable blocks, functions nothing calls) and, with --flows, the findings of
 * the taint analysis (src/flows, run here) with their paths drawn. Each list says which
 * `pycpg query` shows all of it.
 */
#include "cli.h"

#include "../view/view.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char cli_help_report[] =
    "usage: pycpg report OUT -o FILE [--top N] [--flows [--models FILE]...]\n"
    "\n"
    "Writes one self-contained HTML page about the build output OUT (no network, no script;\n"
    "charts and pictures inline): the repository at a glance (files, lines, bytes,\n"
    "packages, build options, stage timings, versions); problems (file errors, parse errors,\n"
    "SCIP span errors, contract violations); the graph (node and edge kinds, call\n"
    "resolution, most-called functions, call cycles, the import graph); code health\n"
    "(cyclomatic complexity from the CFG with the most complex functions' CFG pictures,\n"
    "longest functions, unreachable blocks, functions nothing calls); with --flows, the\n"
    "taint flows of `pycpg flows` with their paths drawn. Each list names the `pycpg query`\n"
    "that shows all of it. Only OUT is read: the report can be made anywhere.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE  the page (default: standard output)\n"
    "  --top N            how many functions the lists and CFG pictures show (default 20),\n"
    "                     and how many flows are drawn\n"
    "  --flows            run the taint analysis (`pycpg flows`, default models) and show\n"
    "                     its findings (on a large repository this costs minutes)\n"
    "  --models FILE      with --flows: taint models to add (repeatable)\n";

/* Tables the page makes once, for several of its lists, in the reader's database: a
 * statement that names one has it made first (a failure is that statement's, and its note
 * says what the build lacks). report_calls: the PY_CALLS edges with their caller_fqn and
 * callee_fqn props and whether they point into the repository (a def of py_cst_defs_v1): one
 * pass over cpg_props_v1 instead of one per list. report_cc: the cyclomatic complexity of
 * every code object but modules, from its blocks and the CFG_* edges out of them. */
static const struct {
    const char *name, *sql;
} shared_tables[] = {
    {"report_calls",
     "CREATE TEMP TABLE report_calls AS WITH e AS (SELECT edge_id, dst_node_id, path, bstart, "
     "bend, resolution_method, confidence FROM cpg_edges_v1 WHERE edge_kind = 'PY_CALLS'), p "
     "AS (SELECT entity_id, max(value_str) FILTER (WHERE prop_key = 'caller_fqn') AS caller, "
     "max(value_str) FILTER (WHERE prop_key = 'callee_fqn') AS callee FROM cpg_props_v1 WHERE "
     "entity_kind = 'edge' AND prop_key IN ('caller_fqn', 'callee_fqn') AND entity_id IN "
     "(SELECT edge_id FROM e) GROUP BY entity_id) SELECT e.*, p.caller, p.callee, "
     "coalesce(e.dst_node_id IN (SELECT def_id FROM py_cst_defs_v1), false) AS internal FROM e "
     "LEFT JOIN p ON p.entity_id = e.edge_id"},
    {"report_cc",
     "CREATE TEMP TABLE report_cc AS WITH b AS (SELECT code_unit_id, count(*) AS nb FROM "
     "py_bc_blocks_v1 GROUP BY 1), e AS (SELECT bl.code_unit_id, count(*) AS ne FROM "
     "cpg_edges_v1 e JOIN py_bc_blocks_v1 bl ON bl.block_id = e.src_node_id WHERE e.edge_kind "
     "LIKE 'CFG\\_%' ESCAPE '\\' GROUP BY 1) SELECT u.code_unit_id, u.path, u.firstlineno AS "
     "line, b.nb, coalesce(e.ne, 0) AS ne, coalesce(e.ne, 0) - (b.nb + 1) + 2 AS cc FROM "
     "py_bc_code_units_v1 u JOIN b USING (code_unit_id) LEFT JOIN e USING (code_unit_id) WHERE "
     "u.co_name <> '<module>'"},
};
#define NSHARED (sizeof shared_tables / sizeof *shared_tables)

typedef struct {
    store_reader *rd;
    sbuf h;   /* the page */
    sbuf sql; /* scratch */
    int top;
    pc_err *err;
    int failed;         /* sections that could not be read */
    bool made[NSHARED]; /* shared_tables made */
} report;

static void esc(report *r, const char *s)
{
    view_html_escape(&r->h, s ? s : "");
}

/* Runs sql; on failure writes a note in the page and returns NULL. */
static json_t *rows(report *r, const char *sql)
{
    json_t *rows = NULL;
    pc_err_clear(r->err);
    pc_status rc = PC_OK;
    for (size_t k = 0; rc == PC_OK && k < NSHARED; k++)
        if (!r->made[k] && strstr(sql, shared_tables[k].name)) {
            rc = view_rows(r->rd, shared_tables[k].sql, &rows, r->err);
            json_decref(rows);
            rows = NULL;
            r->made[k] = rc == PC_OK;
        }
    if (rc != PC_OK || view_rows(r->rd, sql, &rows, r->err) != PC_OK) {
        r->failed++;
        sbuf_puts(&r->h, "<p class=\"missing\">not in this build: ");
        esc(r, r->err->msg);
        sbuf_puts(&r->h, "</p>\n");
        return NULL;
    }
    return rows;
}

/* "pycpg query OUT "sql"" under a list: where to see all of it. */
static void query_note(report *r, const char *sql)
{
    sbuf_puts(&r->h, "<p class=\"q\">all of it: <code>pycpg query OUT \"");
    esc(r, sql);
    sbuf_puts(&r->h, "\"</code></p>\n");
}

/* A table of the rows' columns (keys in cols, headings in heads). */
static void table(report *r, json_t *rs_, const char *const *cols, const char *const *heads,
                  size_t ncols)
{
    if (!json_array_size(rs_)) {
        sbuf_puts(&r->h, "<p class=\"none\">none</p>\n");
        return;
    }
    sbuf_puts(&r->h, "<table><tr>");
    for (size_t k = 0; k < ncols; k++) {
        sbuf_puts(&r->h, "<th>");
        esc(r, heads[k]);
        sbuf_puts(&r->h, "</th>");
    }
    sbuf_puts(&r->h, "</tr>\n");
    size_t i;
    json_t *row;
    json_array_foreach(rs_, i, row)
    {
        sbuf_puts(&r->h, "<tr>");
        for (size_t k = 0; k < ncols; k++) {
            json_t *v = json_object_get(row, cols[k]);
            sbuf_puts(&r->h, json_is_number(v) ? "<td class=\"n\">" : "<td>");
            view_html_value(&r->h, v);
            sbuf_puts(&r->h, "</td>");
        }
        sbuf_puts(&r->h, "</tr>\n");
    }
    sbuf_puts(&r->h, "</table>\n");
}

/* A bar chart of the rows' label column and value column. */
static void chart(report *r, json_t *rs_, const char *label, const char *value, const char *title)
{
    size_t n = json_array_size(rs_);
    if (!n) {
        sbuf_puts(&r->h, "<p class=\"none\">none</p>\n");
        return;
    }
    view_bar *bars = core_malloc(n * sizeof *bars);
    for (size_t i = 0; i < n; i++) {
        json_t *row = json_array_get(rs_, i);
        bars[i].label = view_row_str(row, label) ? view_row_str(row, label) : "(none)";
        bars[i].value = view_row_num(row, value);
    }
    view_bar_chart(&r->h, title, bars, n);
    core_free(bars);
}

/* A graphviz picture as an <img> with an SVG data: URI. */
static void picture(report *r, view_graph *g, const char *alt)
{
    sbuf svg = SBUF_INIT;
    pc_err err;
    pc_err_clear(&err);
    if (view_render(g, VIEW_SVG, &svg, &err) != PC_OK) {
        sbuf_puts(&r->h, "<p class=\"missing\">");
        esc(r, err.msg);
        sbuf_puts(&r->h, "</p>\n");
    } else {
        sbuf_puts(&r->h, "<img class=\"pic\" alt=\"");
        esc(r, alt);
        sbuf_puts(&r->h, "\" src=\"data:image/svg+xml;base64,");
        view_base64(&r->h, (const unsigned char *)svg.data, svg.len);
        sbuf_puts(&r->h, "\">\n");
    }
    sbuf_free(&svg);
}

static void h2(report *r, const char *id, const char *title)
{
    sbuf_printf(&r->h, "<h2 id=\"%s\">", id);
    esc(r, title);
    sbuf_puts(&r->h, "</h2>\n");
}

static void h3(report *r, const char *title)
{
    sbuf_puts(&r->h, "<h3>");
    esc(r, title);
    sbuf_puts(&r->h, "</h3>\n");
}

/* ---- sections ------------------------------------------------------------------------- */

static void section_glance(report *r, json_t *manifest)
{
    h2(r, "glance", "The repository at a glance");
    json_t *s = rows(
        r, "SELECT (SELECT count(*) FROM repo_files_v1) AS files, (SELECT coalesce(sum("
           "size_bytes), 0) FROM repo_files_v1) AS bytes, (SELECT coalesce(sum(line_count), 0) "
           "FROM py_cst_parse_manifest_v1) AS lines, (SELECT count(DISTINCT module_name) FROM "
           "py_cst_parse_manifest_v1) AS modules, (SELECT count(DISTINCT package_name) FROM "
           "py_cst_parse_manifest_v1 WHERE package_name IS NOT NULL AND package_name <> '') AS "
           "packages, (SELECT count(*) FROM py_cst_defs_v1 WHERE kind = 'class') AS classes, "
           "(SELECT count(*) FROM py_cst_defs_v1 WHERE kind IN ('function', 'async_function')) "
           "AS functions, (SELECT count(*) FROM py_cst_callsites_v1) AS call_sites");
    json_t *g = NULL; /* the graph's size: absent from a --no-link build, said below */
    pc_err gerr;
    pc_err_clear(&gerr);
    if (s && view_rows(r->rd,
                       "SELECT (SELECT count(*) FROM cpg_nodes_v1) AS nodes, (SELECT "
                       "count(*) FROM cpg_edges_v1) AS edges",
                       &g, &gerr) == PC_OK) {
        json_object_update(json_array_get(s, 0), json_array_get(g, 0));
        json_decref(g);
    }
    if (s) {
        static const char *const cols[] = {"files",   "lines",   "bytes",     "packages",
                                           "modules", "classes", "functions", "call_sites",
                                           "nodes",   "edges"};
        static const char *const heads[] = {"files",       "lines",      "bytes",     "packages",
                                            "modules",     "classes",    "functions", "call sites",
                                            "graph nodes", "graph edges"};
        table(r, s, cols, heads, sizeof cols / sizeof *cols);
        json_decref(s);
    }
    if (!manifest)
        return;
    const char *root = json_string_value(json_object_get(manifest, "repo_root"));
    sbuf_puts(&r->h, "<p>repository: <code>");
    esc(r, root ? root : "?");
    sbuf_puts(&r->h, "</code>");
    json_t *created = json_object_get(manifest, "created_at_unix_s");
    if (json_is_integer(created)) {
        time_t t = (time_t)json_integer_value(created);
        struct tm tm;
        char buf[64];
        if (gmtime_r(&t, &tm) && strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm))
            sbuf_printf(&r->h, "; built %s", buf);
    }
    json_t *wall = json_object_get(manifest, "wall_seconds");
    if (json_is_number(wall))
        sbuf_printf(&r->h, " in %.1f s", json_number_value(wall));
    sbuf_puts(&r->h, "</p>\n");

    h3(r, "Timings per stage (seconds)");
    json_t *timings = json_object_get(manifest, "timings");
    size_t n = json_array_size(timings);
    view_bar *bars = core_malloc((n ? n : 1) * sizeof *bars);
    for (size_t i = 0; i < n; i++) {
        json_t *t = json_array_get(timings, i);
        bars[i].label = view_row_str(t, "stage") ? view_row_str(t, "stage") : "?";
        bars[i].value = (double)(long long)(view_row_num(t, "seconds") * 1000 + 0.5) / 1000;
    }
    view_bar_chart(&r->h, "timings per stage", bars, n);
    core_free(bars);

    static const char *const objs[] = {"options", "versions", "counts"};
    static const char *const titles[] = {"Build options", "Versions", "Build counts"};
    sbuf_puts(&r->h, "<details><summary>build options, versions and counts</summary>\n"
                     "<div class=\"row\">\n");
    for (size_t k = 0; k < 3; k++) {
        json_t *o = json_object_get(manifest, objs[k]);
        if (!json_is_object(o))
            continue;
        sbuf_puts(&r->h, "<div>");
        h3(r, titles[k]);
        sbuf_puts(&r->h, "<table class=\"kv\">\n");
        /* keys sorted: the page does not depend on the manifest's key order */
        size_t nk = json_object_size(o), j = 0;
        const char **keys = core_malloc((nk ? nk : 1) * sizeof *keys);
        const char *key;
        json_t *v;
        json_object_foreach(o, key, v)
        {
            keys[j++] = key;
        }
        for (size_t a = 1; a < nk; a++)
            for (size_t b = a; b > 0 && strcmp(keys[b - 1], keys[b]) > 0; b--) {
                const char *t = keys[b];
                keys[b] = keys[b - 1];
                keys[b - 1] = t;
            }
        for (size_t a = 0; a < nk; a++) {
            sbuf_puts(&r->h, "<tr><th>");
            esc(r, keys[a]);
            sbuf_puts(&r->h, "</th><td>");
            view_html_value(&r->h, json_object_get(o, keys[a]));
            sbuf_puts(&r->h, "</td></tr>\n");
        }
        core_free(keys);
        sbuf_puts(&r->h, "</table></div>\n");
    }
    sbuf_puts(&r->h, "</div></details>\n");
}

static void section_problems(report *r, json_t *manifest)
{
    h2(r, "problems", "Problems");
    static const char q_files[] = "SELECT lens, error_code, severity, count(*) AS n FROM "
                                  "file_errors_v1 GROUP BY ALL ORDER BY n DESC, lens, error_code";
    h3(r, "File errors by code");
    json_t *x = rows(r, q_files);
    if (x) {
        static const char *const c[] = {"lens", "error_code", "severity", "n"};
        static const char *const hd[] = {"stage", "code", "severity", "files"};
        table(r, x, c, hd, 4);
        json_decref(x);
    }
    query_note(r, "SELECT path, lens, error_code, line, message FROM file_errors_v1 ORDER BY "
                  "path");

    h3(r, "Parse errors (CPython's ast)");
    static const char q_ast[] = "SELECT path, lineno, \"offset\" AS col, error_type, message "
                                "FROM py_ast_errors_v1 ORDER BY path, lineno LIMIT 50";
    x = rows(r, q_ast);
    if (x) {
        static const char *const c[] = {"path", "lineno", "col", "error_type", "message"};
        static const char *const hd[] = {"file", "line", "column", "error", "message"};
        table(r, x, c, hd, 5);
        json_decref(x);
    }
    query_note(r, "SELECT * FROM py_ast_errors_v1 ORDER BY path, lineno");
    h3(r, "Syntax errors tree-sitter recovered from (first 50)");
    x = rows(r, "SELECT path, raw_line, raw_column, error_type, message FROM "
                "py_cst_parse_errors_v1 ORDER BY path, raw_line, raw_column LIMIT 50");
    if (x) {
        static const char *const c[] = {"path", "raw_line", "raw_column", "error_type", "message"};
        static const char *const hd[] = {"file", "line", "column", "kind", "message"};
        table(r, x, c, hd, 5);
        json_decref(x);
    }
    query_note(r, "SELECT * FROM py_cst_parse_errors_v1 ORDER BY path, raw_line");
    h3(r, "SCIP span errors");
    x = rows(r, "SELECT path, count(*) AS n FROM scip_span_errors_v1 GROUP BY path ORDER BY n "
                "DESC, path LIMIT 20");
    if (x) {
        static const char *const c[] = {"path", "n"};
        static const char *const hd[] = {"file", "occurrences without a span"};
        table(r, x, c, hd, 2);
        json_decref(x);
    }
    query_note(r, "SELECT * FROM scip_span_errors_v1");

    h3(r, "Contract violations (extract_errors/)");
    json_t *ds = json_object_get(json_object_get(manifest, "extract_errors"), "datasets");
    size_t shown = 0;
    if (json_is_object(ds)) {
        /* manifest keys: sort for a stable page */
        size_t nk = json_object_size(ds), j = 0;
        const char **keys = core_malloc((nk ? nk : 1) * sizeof *keys);
        const char *key;
        json_t *v;
        json_object_foreach(ds, key, v)
        {
            keys[j++] = key;
        }
        for (size_t a = 1; a < nk; a++)
            for (size_t b = a; b > 0 && strcmp(keys[b - 1], keys[b]) > 0; b--) {
                const char *t = keys[b];
                keys[b] = keys[b - 1];
                keys[b - 1] = t;
            }
        for (size_t a = 0; a < nk; a++) {
            json_int_t n =
                json_integer_value(json_object_get(json_object_get(ds, keys[a]), "error_rows"));
            if (n <= 0)
                continue;
            if (shown++ == 0)
                sbuf_puts(&r->h, "<table><tr><th>dataset</th><th>rows refused</th><th>query"
                                 "</th></tr>\n");
            sbuf_puts(&r->h, "<tr><td>");
            esc(r, keys[a]);
            sbuf_printf(&r->h,
                        "</td><td class=\"n\">%lld</td><td><code>pycpg query OUT "
                        "\"SELECT * FROM ",
                        (long long)n);
            esc(r, keys[a]);
            sbuf_puts(&r->h, "_errors\"</code></td></tr>\n");
        }
        core_free(keys);
    }
    if (shown)
        sbuf_puts(&r->h, "</table>\n");
    else
        sbuf_puts(&r->h, "<p class=\"none\">none: every row met its dataset's contract</p>\n");
}

static void section_graph(report *r)
{
    h2(r, "graph", "The graph");
    h3(r, "Node kinds");
    json_t *x = rows(r, "SELECT node_kind AS k, count(*) AS n FROM cpg_nodes_v1 GROUP BY 1 "
                        "ORDER BY n DESC, k");
    if (x) {
        chart(r, x, "k", "n", "node kinds");
        json_decref(x);
    }
    query_note(r, "SELECT node_kind, count(*) FROM cpg_nodes_v1 GROUP BY 1 ORDER BY 2 DESC");
    h3(r, "Edge kinds");
    x = rows(r, "SELECT edge_kind AS k, count(*) AS n FROM cpg_edges_v1 GROUP BY 1 ORDER BY n "
                "DESC, k");
    if (x) {
        chart(r, x, "k", "n", "edge kinds");
        json_decref(x);
    }
    query_note(r, "SELECT edge_kind, count(*) FROM cpg_edges_v1 GROUP BY 1 ORDER BY 2 DESC");

    h3(r, "Call resolution (call sites)");
    x = rows(r,
             "WITH c AS (SELECT path, bstart AS b, bend AS e, bool_or(internal) AS internal "
             "FROM report_calls GROUP BY ALL), t AS (SELECT count(*) AS sites, count(c.b) FILTER "
             "(WHERE c.internal) AS internal, count(c.b) FILTER (WHERE NOT c.internal) AS "
             "external, count(*) FILTER (WHERE c.b IS NULL) AS unresolved FROM "
             "py_cst_callsites_v1 s LEFT JOIN c ON c.path = s.path AND c.b = s.call_bstart "
             "AND c.e = s.call_bend) SELECT 'to the repository' AS k, internal AS n FROM t "
             "UNION ALL SELECT 'outside only', external FROM t UNION ALL SELECT "
             "'unresolved', unresolved FROM t");
    if (x) {
        chart(r, x, "k", "n", "call sites by resolution");
        json_decref(x);
    }
    x = rows(r, "SELECT coalesce(resolution_method, '?') || ' @ ' || CAST(round(confidence, 2) "
                "AS VARCHAR) AS k, count(*) AS n FROM report_calls GROUP BY 1 ORDER BY n DESC, k");
    if (x) {
        chart(r, x, "k", "n", "call edges by method and confidence");
        json_decref(x);
    }
    query_note(r, "SELECT resolution_method, confidence, count(*) FROM cpg_edges_v1 WHERE "
                  "edge_kind = 'PY_CALLS' GROUP BY ALL");

    h3(r, "Most-called functions");
    sbuf_reset(&r->sql);
    sbuf_printf(&r->sql,
                "SELECT callee AS fqn, count(*) AS sites, count(DISTINCT caller) AS callers FROM "
                "report_calls WHERE internal AND callee IS NOT NULL GROUP BY 1 ORDER BY sites "
                "DESC, fqn LIMIT %d",
                r->top);
    x = rows(r, r->sql.data);
    if (x) {
        static const char *const c[] = {"fqn", "sites", "callers"};
        static const char *const hd[] = {"function", "call sites", "distinct callers"};
        table(r, x, c, hd, 3);
        json_decref(x);
    }
    query_note(r, "pycpg callgraph OUT (or the PY_CALLS edges of cpg_edges_v1)");

    h3(r, "Largest call cycles (strongly connected components)");
    x = rows(r, "SELECT DISTINCT caller AS a, callee AS b FROM report_calls WHERE internal "
                "ORDER BY 1, 2");
    if (x) {
        json_t *idx = json_object(), *names = json_array();
        size_t m = json_array_size(x);
        size_t *from = core_malloc((m ? m : 1) * sizeof *from);
        size_t *to = core_malloc((m ? m : 1) * sizeof *to);
        size_t k = 0;
        for (size_t i = 0; i < m; i++) {
            const char *ab[2] = {view_row_str(json_array_get(x, i), "a"),
                                 view_row_str(json_array_get(x, i), "b")};
            if (!ab[0] || !ab[1])
                continue;
            size_t v[2];
            for (int j = 0; j < 2; j++) {
                json_t *hit = json_object_get(idx, ab[j]);
                if (!hit) {
                    hit = json_integer((json_int_t)json_array_size(names));
                    json_object_set_new(idx, ab[j], hit);
                    json_array_append_new(names, json_string(ab[j]));
                }
                v[j] = (size_t)json_integer_value(hit);
            }
            from[k] = v[0];
            to[k] = v[1];
            k++;
        }
        size_t n = json_array_size(names);
        size_t *comp = core_calloc(n ? n : 1, sizeof *comp);
        size_t *size = core_calloc(n ? n : 1, sizeof *size);
        show_scc(n, from, to, k, comp);
        for (size_t v = 0; v < n; v++)
            size[comp[v]]++;
        /* components of 2 or more, largest first (ties: first member's name) */
        size_t shown = 0;
        bool *done = core_calloc(n ? n : 1, sizeof *done);
        while (shown < 10) {
            size_t best = n;
            for (size_t v = 0; v < n; v++) {
                if (done[comp[v]] || size[comp[v]] < 2)
                    continue;
                if (best == n || size[comp[v]] > size[comp[best]] ||
                    (size[comp[v]] == size[comp[best]] &&
                     strcmp(json_string_value(json_array_get(names, v)),
                            json_string_value(json_array_get(names, best))) < 0))
                    best = v;
            }
            if (best == n)
                break;
            done[comp[best]] = true;
            if (shown++ == 0)
                sbuf_puts(&r->h, "<table><tr><th>functions</th><th>members</th></tr>\n");
            sbuf_printf(&r->h, "<tr><td class=\"n\">%zu</td><td>", size[comp[best]]);
            size_t listed = 0;
            for (size_t v = 0; v < n && listed < 12; v++)
                if (comp[v] == comp[best]) {
                    if (listed++)
                        sbuf_puts(&r->h, ", ");
                    sbuf_puts(&r->h, "<code>");
                    esc(r, json_string_value(json_array_get(names, v)));
                    sbuf_puts(&r->h, "</code>");
                }
            if (size[comp[best]] > listed)
                sbuf_printf(&r->h, ", … (%zu more)", size[comp[best]] - listed);
            sbuf_puts(&r->h, "</td></tr>\n");
        }
        if (shown)
            sbuf_puts(&r->h, "</table>\n");
        else
            sbuf_puts(&r->h, "<p class=\"none\">none: no two functions call each other "
                             "(directly or through others)</p>\n");
        core_free(done);
        core_free(comp);
        core_free(size);
        core_free(from);
        core_free(to);
        json_decref(idx);
        json_decref(names);
        json_decref(x);
    }

    h3(r, "Module import graph");
    view_graph *g = NULL;
    size_t nmod = 0;
    pc_err_clear(r->err);
    /* a picture of more than ~80 boxes is unreadable: group modules by package instead */
    pc_status rc = show_imports_graph(r->rd, NULL, 0, &g, &nmod, r->err);
    for (int level = 1; rc == PC_OK && nmod > 80 && level <= 2; level++) {
        view_graph_free(g);
        g = NULL;
        rc = show_imports_graph(r->rd, NULL, 3 - level, &g, &nmod, r->err);
    }
    if (rc == PC_OK) {
        if (view_node_count(g) <= 150)
            picture(r, g, "module import graph");
        else
            sbuf_printf(&r->h,
                        "<p class=\"none\">%zu top-level names: too many to draw; "
                        "<code>pycpg show OUT imports PACKAGE</code> draws one "
                        "package</p>\n",
                        view_node_count(g));
    } else {
        sbuf_puts(&r->h, "<p class=\"missing\">");
        esc(r, r->err->msg);
        sbuf_puts(&r->h, "</p>\n");
    }
    view_graph_free(g);
    sbuf_puts(&r->h, "<p class=\"q\">one package: <code>pycpg show OUT imports PACKAGE -o "
                     "imports.svg</code>; red: import cycles</p>\n");
}

static void section_health(report *r)
{
    h2(r, "health", "Code health");
    sbuf_puts(&r->h, "<p>Cyclomatic complexity of each code object from its CFG: edges − "
                     "nodes + 2, counting every CFG_* edge (exception edges too) and the blocks "
                     "plus the exit.</p>\n");
    h3(r, "Complexity distribution");
    json_t *x = rows(r, "SELECT CASE WHEN cc <= 1 THEN '1' WHEN cc <= 5 THEN '2-5' WHEN cc <= 10 "
                        "THEN '6-10' WHEN cc <= 20 THEN '11-20' WHEN cc <= 50 THEN '21-50' ELSE "
                        "'51+' END AS k, min(cc) AS lo, count(*) AS n FROM report_cc GROUP BY 1 "
                        "ORDER BY lo");
    if (x) {
        chart(r, x, "k", "n", "code objects by complexity");
        json_decref(x);
    }
    h3(r, "The most complex functions");
    sbuf_reset(&r->sql);
    sbuf_printf(&r->sql,
                "SELECT CAST(code_unit_id AS VARCHAR) AS id, path, line, nb AS blocks, ne AS "
                "edges, cc FROM report_cc ORDER BY cc DESC, path, line LIMIT %d",
                r->top);
    x = rows(r, r->sql.data);
    json_t *names = NULL;
    if (x) {
        pc_err_clear(r->err);
        if (show_unit_names(r->rd, &names, r->err) != PC_OK)
            names = json_object();
        size_t n = json_array_size(x), i;
        json_t *row;
        json_array_foreach(x, i, row)
        {
            json_t *nm =
                json_object_get(names, view_row_str(row, "id") ? view_row_str(row, "id") : "");
            json_object_set_new(row, "fqn", json_string(nm ? json_string_value(nm) : "?"));
        }
        static const char *const c[] = {"fqn", "path", "line", "cc", "blocks", "edges"};
        static const char *const hd[] = {"function",   "file",   "line",
                                         "complexity", "blocks", "edges"};
        table(r, x, c, hd, 6);
        /* their CFG pictures */
        int64_t *units = core_malloc((n ? n : 1) * sizeof *units);
        char **titles = core_malloc((n ? n : 1) * sizeof *titles);
        view_graph **gs = core_calloc(n ? n : 1, sizeof *gs);
        json_array_foreach(x, i, row)
        {
            units[i] = strtoll(view_row_str(row, "id") ? view_row_str(row, "id") : "0", NULL, 10);
            sbuf t = SBUF_INIT;
            sbuf_printf(&t, "%s  (%s:%lld, complexity %lld)", view_row_str(row, "fqn"),
                        view_row_str(row, "path"), (long long)view_row_num(row, "line"),
                        (long long)view_row_num(row, "cc"));
            titles[i] = core_strdup(t.data);
            sbuf_free(&t);
        }
        pc_err_clear(r->err);
        if (show_cfg_units(r->rd, units, n, (const char *const *)titles, false, gs, r->err) ==
            PC_OK) {
            for (i = 0; i < n; i++) {
                sbuf_puts(&r->h, "<details><summary>CFG of <code>");
                esc(r, titles[i]);
                sbuf_puts(&r->h, "</code></summary>\n");
                picture(r, gs[i], titles[i]);
                sbuf_puts(&r->h, "</details>\n");
            }
        } else {
            sbuf_puts(&r->h, "<p class=\"missing\">");
            esc(r, r->err->msg);
            sbuf_puts(&r->h, "</p>\n");
        }
        for (i = 0; i < n; i++) {
            view_graph_free(gs[i]);
            core_free(titles[i]);
        }
        core_free(gs);
        core_free(titles);
        core_free(units);
        json_decref(x);
    }
    json_decref(names);
    query_note(r, "pycpg show OUT cfg FQN -o cfg.svg");

    h3(r, "The longest functions");
    sbuf_reset(&r->sql);
    sbuf_printf(&r->sql,
                "SELECT coalesce(m.module_name || '.', '') || d.qualname AS fqn, d.path, "
                "a.lineno AS line, a.end_lineno - a.lineno + 1 AS lines FROM py_cst_defs_v1 d "
                "JOIN py_ast_nodes_v1 a ON a.file_id = d.file_id AND a.bstart = d.def_bstart "
                "AND a.kind IN ('FunctionDef', 'AsyncFunctionDef') LEFT JOIN "
                "py_cst_parse_manifest_v1 m ON m.file_id = d.file_id ORDER BY lines DESC, "
                "d.path, line LIMIT %d",
                r->top);
    x = rows(r, r->sql.data);
    if (x) {
        static const char *const c[] = {"fqn", "path", "line", "lines"};
        static const char *const hd[] = {"function", "file", "line", "lines"};
        table(r, x, c, hd, 4);
        json_decref(x);
    }

    h3(r, "Unreachable blocks");
    static const char q_unreach[] =
        "SELECT u.path, u.firstlineno AS line, u.co_name AS name, count(*) AS blocks FROM "
        "py_bc_blocks_v1 b JOIN py_bc_code_units_v1 u USING (code_unit_id) WHERE b.kind IS "
        "DISTINCT FROM 'entry' AND b.block_id NOT IN (SELECT dst_node_id FROM cpg_edges_v1 "
        "WHERE edge_kind LIKE 'CFG\\_%' ESCAPE '\\') GROUP BY ALL ORDER BY blocks DESC, u.path, "
        "line";
    sbuf_reset(&r->sql);
    sbuf_printf(&r->sql, "%s LIMIT %d", q_unreach, r->top);
    x = rows(r, r->sql.data);
    if (x) {
        static const char *const c[] = {"path", "line", "name", "blocks"};
        static const char *const hd[] = {"file", "line", "code object", "blocks no edge enters"};
        table(r, x, c, hd, 4);
        json_decref(x);
    }
    query_note(r, q_unreach);

    h3(r, "Functions nothing calls");
    static const char q_uncalled[] =
        "SELECT coalesce(m.module_name || '.', '') || d.qualname AS fqn, d.path FROM "
        "py_cst_defs_v1 d LEFT JOIN py_cst_parse_manifest_v1 m ON m.file_id = d.file_id WHERE "
        "d.kind IN ('function', 'async_function') AND d.def_id NOT IN (SELECT dst_node_id FROM "
        "cpg_edges_v1 WHERE edge_kind = 'PY_CALLS') ORDER BY d.path, d.def_bstart";
    sbuf_reset(&r->sql);
    sbuf_printf(&r->sql, "SELECT count(*) AS n FROM (%s)", q_uncalled);
    x = rows(r, r->sql.data);
    if (x) {
        sbuf_printf(&r->h,
                    "<p>%lld functions have no PY_CALLS edge into them (entry points, "
                    "callbacks, dunder methods and code called dynamically are among them).</p>\n",
                    (long long)view_row_num(json_array_get(x, 0), "n"));
        json_decref(x);
    }
    sbuf_reset(&r->sql);
    sbuf_printf(&r->sql, "%s LIMIT %d", q_uncalled, 5 * r->top);
    x = rows(r, r->sql.data);
    if (x) {
        static const char *const c[] = {"fqn", "path"};
        static const char *const hd[] = {"function", "file"};
        table(r, x, c, hd, 2);
        json_decref(x);
    }
    query_note(r, q_uncalled);
}

/* Flows: with --flows (fm set), what `pycpg flows` finds with those models: counts by rule,
 * then the first r->top findings, each with its path drawn (show_flow_graph). */
static void section_flows(report *r, const fl_models *fm)
{
    h2(r, "flows", "Flows");
    if (!fm) {
        sbuf_puts(&r->h, "<p class=\"none\">not computed: <code>pycpg report OUT --flows</code> "
                         "runs the taint analysis of <code>pycpg flows OUT</code> (its default "
                         "models) and shows each finding with its path here</p>\n");
        return;
    }
    fl_result res = {0};
    fl_options opt = {0};
    pc_err_clear(r->err);
    if (fl_analyze(r->rd, fm, &opt, &res, r->err) != PC_OK) {
        r->failed++;
        sbuf_puts(&r->h, "<p class=\"missing\">not in this build: ");
        esc(r, r->err->msg);
        sbuf_puts(&r->h, "</p>\n");
        fl_result_free(&res);
        return;
    }
    sbuf_printf(&r->h,
                "<p>%zu finding%s of <code>pycpg flows OUT</code> (the same order; "
                "<code>pycpg show OUT flow N</code> draws one)",
                res.n, res.n == 1 ? "" : "s");
    if (res.truncated)
        sbuf_printf(&r->h, "; %zu search%s stopped at the state limit", res.truncated,
                    res.truncated == 1 ? "" : "es");
    sbuf_puts(&r->h, "</p>\n");
    view_bar *bars = core_calloc(res.nrules ? res.nrules : 1, sizeof *bars);
    size_t nb = 0;
    for (size_t i = 0; i < res.nrules; i++) {
        size_t n = 0;
        for (size_t k = 0; k < res.n; k++)
            n += strcmp(res.items[k].rule_id, res.rule_ids[i]) == 0;
        if (n)
            bars[nb++] = (view_bar){res.rule_names[i], (double)n};
    }
    if (nb)
        view_bar_chart(&r->h, "findings by rule", bars, nb);
    core_free(bars);
    for (size_t k = 0; k < res.n && k < (size_t)r->top; k++) {
        const fl_finding *f = &res.items[k];
        sbuf_reset(&r->sql);
        sbuf_printf(&r->sql, "%zu. %s:%d: %s: %s reaches %s", k + 1, f->sink_call.path,
                    f->sink_call.line, f->rule_id, f->source_label, f->sink);
        h3(r, r->sql.data);
        view_graph *g = NULL;
        pc_err_clear(r->err);
        if (show_flow_graph(r->rd, &res, k, &g, r->err) != PC_OK) {
            r->failed++;
            sbuf_puts(&r->h, "<p class=\"missing\">");
            esc(r, r->err->msg);
            sbuf_puts(&r->h, "</p>\n");
            continue;
        }
        sbuf_reset(&r->sql);
        sbuf_printf(&r->sql, "flow %zu", k + 1);
        picture(r, g, r->sql.data);
        view_graph_free(g);
    }
    if (res.n > (size_t)r->top)
        sbuf_printf(&r->h,
                    "<p class=\"q\">all of them: <code>pycpg flows OUT</code> (%zu more)"
                    "</p>\n",
                    res.n - (size_t)r->top);
    fl_result_free(&res);
}

static const char page_css[] =
    "body{font-family:Helvetica,Arial,sans-serif;margin:2em auto;max-width:1100px;padding:0 1.5em;"
    "color:#222;line-height:1.4}h1{margin-bottom:0}h2{border-bottom:2px solid #4a7fb5;"
    "margin-top:2em}h3{margin-bottom:.3em}table{border-collapse:collapse;margin:.5em 0}"
    "th,td{border:1px solid #ccc;padding:2px 8px;text-align:left;vertical-align:top;"
    "font-size:13px}td.n{text-align:right;font-variant-numeric:tabular-nums}"
    "table.kv th{background:#f4f4f4}code{font-size:12px;background:#f4f4f4;padding:0 3px}"
    "p.q{font-size:12px;color:#555}p.none{color:#1e8449}p.missing{color:#b9770e}"
    "img.pic{max-width:100%;border:1px solid #ddd;margin:.5em 0}nav a{margin-right:1em}"
    "details{margin:.3em 0}summary{cursor:pointer}.null{color:#aaa}"
    ".row{display:flex;flex-wrap:wrap;gap:2em;align-items:flex-start}";

/* `pycpg report` with models, room for every --models value (one per argument at most). */
static int report_main(int argc, char **argv, const char **models)
{
    const char *out = NULL, *output = NULL;
    long top = 20;
    bool with_flows = false;
    size_t nmodels = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0 ||
            strcmp(argv[i], "--top") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("report", "%s needs a value", argv[i]);
            if (strcmp(argv[i], "--top") == 0) {
                char *end;
                top = strtol(argv[++i], &end, 10);
                if (*end || end == argv[i] || top < 1 || top > 1000)
                    return cli_usage_error("report", "--top: '%s' is not a number in 1..1000",
                                           argv[i]);
            } else {
                output = argv[++i];
            }
        } else if (strcmp(argv[i], "--flows") == 0) {
            with_flows = true;
        } else if (strcmp(argv[i], "--models") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("report", "--models needs a value");
            models[nmodels++] = argv[++i];
        } else if (strncmp(argv[i], "--", 2) == 0 && argv[i][2]) {
            return cli_usage_error("report", "unknown option '%s'", argv[i]);
        } else if (!out) {
            out = argv[i];
        } else {
            return cli_usage_error("report", "unexpected argument '%s'", argv[i]);
        }
    }
    if (!out)
        return cli_usage_error("report", "missing OUT (a pycpg build output directory)");
    int rc0 = cli_check_out("report", out);
    if (rc0 != CLI_EXIT_OK)
        return rc0;
    if (nmodels && !with_flows)
        return cli_usage_error("report", "--models is for --flows");
    pc_err err;
    pc_err_clear(&err);
    fl_models *flows = NULL;
    if (with_flows) {
        int code = cli_flow_models("report", true, models, nmodels, &flows);
        if (code != CLI_EXIT_OK)
            return code;
    }
    report r = {NULL, SBUF_INIT, SBUF_INIT, (int)top, &err, 0, {false}};
    if (store_reader_open(out, 1, &r.rd, &err) != PC_OK) {
        fl_models_free(flows);
        return cli_fail(&err);
    }
    sbuf mpath = SBUF_INIT;
    sbuf_printf(&mpath, "%s/manifest.json", out);
    json_error_t jerr;
    json_t *manifest = json_load_file(mpath.data, 0, &jerr);
    sbuf_free(&mpath);

    sbuf_puts(&r.h, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
                    "'none'; img-src data:; style-src 'unsafe-inline'\">\n"
                    "<title>pycpg report</title>\n<style>");
    sbuf_puts(&r.h, page_css);
    sbuf_puts(&r.h, "</style></head><body>\n<h1>pycpg report</h1>\n<p>of <code>");
    const char *root = manifest ? json_string_value(json_object_get(manifest, "repo_root")) : NULL;
    esc(&r, root ? root : out);
    sbuf_puts(&r.h, "</code>, from the datasets of one build output (OUT below)</p>\n<nav>"
                    "<a href=\"#glance\">at a glance</a><a href=\"#problems\">problems</a>"
                    "<a href=\"#graph\">the graph</a><a href=\"#health\">code health</a>"
                    "<a href=\"#flows\">flows</a></nav>\n");
    section_glance(&r, manifest);
    section_problems(&r, manifest);
    section_graph(&r);
    section_health(&r);
    section_flows(&r, flows);
    sbuf_puts(&r.h, "</body></html>\n");
    json_decref(manifest);
    int code = cli_write_output(output, r.h.data, r.h.len);
    if (r.failed)
        fprintf(stderr,
                "pycpg: report: %d part%s of the page could not be read from %s (built "
                "with --no-link or --only?); the page says which\n",
                r.failed, r.failed > 1 ? "s" : "", out);
    sbuf_free(&r.h);
    sbuf_free(&r.sql);
    store_reader_free(r.rd);
    fl_models_free(flows);
    return code;
}

int cli_cmd_report(int argc, char **argv)
{
    const char **models = core_malloc((size_t)(argc + 1) * sizeof *models);
    int code = report_main(argc, argv, models);
    core_free(models);
    return code;
}
