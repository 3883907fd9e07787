/*
 * cmd_callgraph.c — `pycpg callgraph OUT [--min-confidence X]`: the resolved call graph of a
 * build as PyCG-style JSON.
 *
 * Reads the PY_CALLS edges of cpg_edges_v1 with their caller_fqn/callee_fqn props
 * (link_calls.c) and, for the keys, every module (py_cst_parse_manifest_v1.module_name) and
 * every def (module + "." + __qualname__, py_cst_defs_v1). The rows come back from
 * store_query as JSON (one object per caller/callee pair, sorted); this file groups them
 * into {caller: [callee, …]} and prints it with sorted keys.
 */
#include "cli.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cli_help_callgraph[] =
    "usage: pycpg callgraph OUT [--min-confidence X]\n"
    "\n"
    "Prints the call graph of the build output OUT as one JSON object (PyCG's format):\n"
    "each function, method, class, lambda and module of the repository, by its fully\n"
    "qualified name (dotted module path from the repository root, then __qualname__; a\n"
    "module's own code is the module's name), mapped to the sorted list of the fully\n"
    "qualified names it calls. Callees outside the repository appear under the name they\n"
    "were reached by (len, os.path.join). The edges are the PY_CALLS edges of\n"
    "cpg_edges_v1; keys are sorted. OUT must have been built with the link stage.\n"
    "\n"
    "options:\n"
    "  --min-confidence X  keep only edges whose confidence is at least X (0..1; default 0)\n";

/* Parses a confidence in [0, 1]; false if s is not one. */
static bool parse_confidence(const char *s, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v) || v < 0.0 || v > 1.0)
        return false;
    *out = v;
    return true;
}

/* Groups the rows [{caller, callee}, …] (callee NULL for a bare key) into an object of
 * sorted, duplicate-free arrays and prints it. rows is borrowed. */
static void print_graph(json_t *rows, FILE *fp)
{
    json_t *graph = json_object();
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        const char *caller = json_string_value(json_object_get(row, "caller"));
        json_t *callee = json_object_get(row, "callee");
        if (!caller)
            continue;
        json_t *list = json_object_get(graph, caller);
        if (!list) {
            list = json_array();
            json_object_set_new(graph, caller, list);
        }
        size_t n = json_array_size(list);
        /* rows arrive sorted by (caller, callee): a duplicate is the last element */
        if (json_is_string(callee) && (n == 0 || !json_equal(json_array_get(list, n - 1), callee)))
            json_array_append(list, callee);
    }
    json_dumpf(graph, fp, JSON_SORT_KEYS | JSON_INDENT(2));
    fputc('\n', fp);
    json_decref(graph);
}

int cli_cmd_callgraph(int argc, char **argv)
{
    const char *out = NULL;
    double min_conf = 0.0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--min-confidence") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("callgraph", "--min-confidence needs a value");
            if (!parse_confidence(argv[++i], &min_conf))
                return cli_usage_error("callgraph",
                                       "--min-confidence: '%s' is not a number in 0..1", argv[i]);
        } else if (strncmp(argv[i], "--", 2) == 0 && argv[i][2]) {
            return cli_usage_error("callgraph", "unknown option '%s'", argv[i]);
        } else if (!out) {
            out = argv[i];
        } else {
            return cli_usage_error("callgraph", "unexpected argument '%s'", argv[i]);
        }
    }
    if (!out)
        return cli_usage_error("callgraph", "missing OUT (a pycpg build output directory)");
    sbuf marker = SBUF_INIT;
    sbuf_printf(&marker, "%s/.pycpg-output", out);
    bool is_out = access(marker.data, F_OK) == 0;
    sbuf_free(&marker);
    if (!is_out)
        return cli_usage_error("callgraph", "%s is not a pycpg output directory", out);

    /* min_conf is a number parsed above, never text from the user */
    sbuf sql = SBUF_INIT;
    sbuf_printf(&sql,
                "WITH e AS (SELECT edge_id FROM cpg_edges_v1 WHERE edge_kind = 'PY_CALLS' "
                "AND confidence >= CAST(CAST(%.17g AS DOUBLE) AS FLOAT)), "
                "p AS (SELECT entity_id, max(value_str) FILTER (WHERE prop_key = 'caller_fqn') "
                "AS caller, max(value_str) FILTER (WHERE prop_key = 'callee_fqn') AS callee "
                "FROM cpg_props_v1 WHERE entity_kind = 'edge' AND prop_key IN ('caller_fqn', "
                "'callee_fqn') AND entity_id IN (SELECT edge_id FROM e) GROUP BY entity_id), "
                "k AS (SELECT module_name AS caller FROM py_cst_parse_manifest_v1 "
                "WHERE module_name IS NOT NULL UNION SELECT coalesce(m.module_name || '.', '') "
                "|| d.qualname FROM py_cst_defs_v1 d LEFT JOIN py_cst_parse_manifest_v1 m "
                "ON m.file_id = d.file_id) "
                "SELECT caller, NULL AS callee FROM k UNION SELECT caller, callee FROM p "
                "ORDER BY caller, callee NULLS FIRST",
                min_conf);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    pc_err err;
    pc_err_clear(&err);
    pc_status rc = mem ? store_query(out, sql.data, STORE_FMT_JSON, mem, &err)
                       : pc_fail(&err, PC_ERR_IO, "out of memory");
    if (mem)
        fclose(mem);
    sbuf_free(&sql);
    int code = CLI_EXIT_OK;
    if (rc != PC_OK) {
        fprintf(stderr,
                "pycpg: callgraph: %s has no readable call graph (built with --no-link?): %s\n",
                out, err.msg);
        code = CLI_EXIT_FAIL;
    } else {
        json_error_t jerr;
        json_t *rows = json_loadb(text ? text : "", len, 0, &jerr);
        if (!json_is_array(rows)) {
            fprintf(stderr, "pycpg: callgraph: unreadable query result: %s\n", jerr.text);
            code = CLI_EXIT_FAIL;
        } else {
            print_graph(rows, stdout);
        }
        json_decref(rows);
    }
    free(text);
    return code;
}
