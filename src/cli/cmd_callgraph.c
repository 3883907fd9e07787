/*
 * cmd_callgraph.c — `pycpg callgraph OUT [--min-confidence X] [--format default|pycg]`: the
 * resolved call graph of a build as PyCG-style JSON.
 *
 * Reads the PY_CALLS edges of cpg_edges_v1 with their caller_fqn/callee_fqn props
 * (link_calls.c) and, for the keys, every module (py_cst_parse_manifest_v1.module_name) and
 * every def (module + "." + __qualname__, py_cst_defs_v1). The rows come back from one
 * store_reader as JSON (view_rows); this file groups them into {caller: [callee, …]} and prints it
 * with sorted keys.
 *
 * --format pycg names things as PyCG does, so that both tools' outputs diff directly:
 * a def is its enclosing namespace's name + "." + its own name (no "<locals>", comprehension
 * scopes transparent), a lambda is "<lambdaN>", numbered 1, 2, … in source order within its
 * namespace (the def or module whose scope it is in; a lambda in a lambda is in that
 * lambda's), builtins are "<builtin>.len", and classes are not callees (PyCG lists the
 * __init__ a call of a class runs, which PY_CALLS already holds when the repository defines
 * one). Lambdas of one scope share a qualname, so this mode works on def rows and spans:
 * each def's namespace is the innermost def around it whose qualname is its own minus the
 * last part (a lambda in a default value is outside the def it is written in); an edge's
 * caller is the innermost def of its caller_fqn around the call's span, its callee the def
 * it points to (dst_node_id).
 */
#include "cli.h"
#include "../lens/lens.h"
#include "../view/view.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char cli_help_callgraph[] =
    "usage: pycpg callgraph OUT [--min-confidence X] [--format default|pycg]\n"
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
    "  --min-confidence X  keep only edges whose confidence is at least X (0..1; default 0)\n"
    "  --format pycg       name things exactly as PyCG does, to diff both tools' outputs:\n"
    "                      nested defs without <locals> (main.f.g), lambdas numbered per\n"
    "                      enclosing function, class or module in source order\n"
    "                      (main.<lambda1>, main.f.<lambda2>), builtins as <builtin>.len;\n"
    "                      classes are not callees (the __init__ a call runs is)\n"
    "  --format default    the names above (the default)\n";

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

/* ---- --format pycg -------------------------------------------------------------------- */

/* One def row. Strings are borrowed from the rows' JSON, or from the arena (fqn, norm, pycg). */
typedef struct {
    const char *id, *path, *kind, *name, *module;
    int64_t bstart, bend;
    const char *fqn;  /* module + "." + qualname: the default format's name (caller_fqn) */
    const char *norm; /* qualname without <locals> and comprehension scopes */
    const char *pycg; /* the name in PyCG's format */
    int lambdas;      /* lambdas numbered in this def's namespace so far */
} pg_def;

typedef struct {
    const char *caller, *callee; /* borrowed */
} pg_pair;

/* A builtin as PyCG names one (<builtin>.len): the lens's builtins but the dunder ones
 * (__build_class__, __debug__: no program calls them by name), which this format prints
 * bare; __import__ is a function programs call, named <builtin>.__import__ as the call
 * tracer of tests/cgsuite names it. */
static bool is_builtin(const char *name)
{
    return (strncmp(name, "__", 2) != 0 || strcmp(name, "__import__") == 0) &&
           lens_is_builtin_name(name);
}

/* qualname without the parts that are not PyCG namespaces, in the arena. */
static const char *pg_norm(arena *a, const char *qualname)
{
    static const char *const skip[] = {"<locals>", "<listcomp>", "<setcomp>", "<dictcomp>",
                                       "<genexpr>"};
    sbuf b = SBUF_INIT;
    const char *p = qualname;
    while (*p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        bool keep = true;
        for (size_t k = 0; k < sizeof skip / sizeof *skip; k++)
            if (strlen(skip[k]) == n && memcmp(skip[k], p, n) == 0)
                keep = false;
        if (keep) {
            if (b.len)
                sbuf_putc(&b, '.');
            sbuf_append(&b, p, n);
        }
        p += n + (dot ? 1 : 0);
    }
    const char *r = arena_strndup(a, b.data ? b.data : "", b.len);
    sbuf_free(&b);
    return r;
}

/* A name of the default format (caller_fqn, callee_fqn) with every ".<locals>" removed. */
static const char *pg_strip_locals(arena *a, const char *s)
{
    sbuf b = SBUF_INIT;
    const char *p;
    while ((p = strstr(s, ".<locals>")) != NULL) {
        sbuf_append(&b, s, (size_t)(p - s));
        s = p + strlen(".<locals>");
    }
    sbuf_puts(&b, s);
    const char *r = arena_strndup(a, b.data ? b.data : "", b.len);
    sbuf_free(&b);
    return r;
}

/* Names every def (defs sorted by path, bstart, bend descending): a stack of the defs
 * around the current one finds its namespace. */
static void pg_name_defs(arena *a, pg_def *defs, size_t n)
{
    pg_def **stack = core_malloc((n ? n : 1) * sizeof *stack);
    size_t sp = 0;
    int module_lambdas = 0;
    sbuf b = SBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        pg_def *d = &defs[i];
        if (i == 0 || strcmp(defs[i - 1].path, d->path) != 0) {
            sp = 0;
            module_lambdas = 0;
        }
        while (sp && stack[sp - 1]->bend <= d->bstart)
            sp--;
        const char *dot = strrchr(d->norm, '.');
        size_t plen = dot ? (size_t)(dot - d->norm) : 0;
        pg_def *parent = NULL;
        for (size_t k = sp; plen && k-- > 0;)
            if (strlen(stack[k]->norm) == plen && memcmp(stack[k]->norm, d->norm, plen) == 0) {
                parent = stack[k];
                break;
            }
        sbuf_reset(&b);
        if (parent) {
            sbuf_puts(&b, parent->pycg);
        } else {
            if (d->module)
                sbuf_puts(&b, d->module);
            if (plen) { /* no def of that name around it: keep the text */
                if (b.len)
                    sbuf_putc(&b, '.');
                sbuf_append(&b, d->norm, plen);
            }
        }
        if (b.len)
            sbuf_putc(&b, '.');
        if (strcmp(d->kind, "lambda") == 0)
            sbuf_printf(&b, "<lambda%d>", ++*(parent ? &parent->lambdas : &module_lambdas));
        else
            sbuf_puts(&b, d->name);
        d->pycg = arena_strndup(a, b.data, b.len);
        stack[sp++] = d;
    }
    sbuf_free(&b);
    core_free(stack);
}

static int cmp_def_fqn(const void *a, const void *b)
{
    const pg_def *x = *(const pg_def *const *)a, *y = *(const pg_def *const *)b;
    return strcmp(x->fqn, y->fqn);
}

static int cmp_def_id(const void *a, const void *b)
{
    const pg_def *x = *(const pg_def *const *)a, *y = *(const pg_def *const *)b;
    return strcmp(x->id, y->id);
}

static int cmp_pair(const void *a, const void *b)
{
    const pg_pair *x = a, *y = b;
    int c = strcmp(x->caller, y->caller);
    return c ? c : strcmp(x->callee, y->callee);
}

/* The innermost def named fqn (default format) in path around [bstart, bend), or NULL.
 * by_fqn is sorted by fqn. */
static const pg_def *pg_caller(pg_def **by_fqn, size_t n, const char *fqn, const char *path,
                               int64_t bstart, int64_t bend)
{
    size_t lo = 0, hi = n;
    while (lo < hi) { /* first def whose fqn >= fqn */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(by_fqn[mid]->fqn, fqn) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    const pg_def *best = NULL;
    for (size_t i = lo; i < n && strcmp(by_fqn[i]->fqn, fqn) == 0; i++) {
        const pg_def *d = by_fqn[i];
        if (strcmp(d->path, path) == 0 && d->bstart <= bstart && bend <= d->bend &&
            (!best || d->bstart > best->bstart))
            best = d;
    }
    return best;
}

/* The callee of an edge in PyCG's names, in the arena; NULL when PyCG lists no such
 * callee (a class of the repository). */
static const char *pg_callee(arena *a, pg_def **by_id, size_t n, const char *dst,
                             const char *callee)
{
    if (dst) {
        pg_def key = {.id = dst};
        const pg_def *kp = &key;
        pg_def **hit = bsearch(&kp, by_id, n, sizeof *by_id, cmp_def_id);
        if (hit)
            return strcmp((*hit)->kind, "class") == 0 ? NULL : (*hit)->pycg;
    }
    if (!strchr(callee, '.') && is_builtin(callee)) {
        sbuf b = SBUF_INIT;
        sbuf_printf(&b, "<builtin>.%s", callee);
        const char *r = arena_strndup(a, b.data, b.len);
        sbuf_free(&b);
        return r;
    }
    return pg_strip_locals(a, callee);
}

/* Reads the defs, modules and edges of the output and prints the graph in PyCG's names. */
static pc_status print_pycg(store_reader *rd, double min_conf, FILE *fp, pc_err *err)
{
    json_t *drows = NULL, *mrows = NULL, *erows = NULL, *graph = NULL;
    pg_def *defs = NULL;
    pg_def **by_fqn = NULL, **by_id = NULL;
    pg_pair *pairs = NULL;
    arena *a = arena_new(1 << 16);
    sbuf sql = SBUF_INIT;
    pc_status rc = view_rows(rd,
                             "SELECT CAST(d.def_id AS VARCHAR) AS id, d.path, d.kind, d.name, "
                             "d.qualname, d.def_bstart AS b, d.def_bend AS e, m.module_name AS "
                             "module FROM py_cst_defs_v1 d LEFT JOIN py_cst_parse_manifest_v1 m "
                             "ON m.file_id = d.file_id WHERE d.path IS NOT NULL AND d.qualname "
                             "IS NOT NULL AND d.def_bstart IS NOT NULL AND d.def_bend IS NOT "
                             "NULL ORDER BY d.path, d.def_bstart, d.def_bend DESC, d.def_id",
                             &drows, err);
    if (rc == PC_OK)
        rc = view_rows(rd,
                       "SELECT module_name AS module FROM py_cst_parse_manifest_v1 "
                       "WHERE module_name IS NOT NULL",
                       &mrows, err);
    if (rc != PC_OK)
        goto out;
    /* min_conf is a number parsed by the caller, never text from the user */
    sbuf_printf(&sql,
                "WITH e AS (SELECT edge_id, path, bstart, bend, CAST(dst_node_id AS VARCHAR) "
                "AS dst FROM cpg_edges_v1 WHERE edge_kind = 'PY_CALLS' AND confidence >= "
                "CAST(CAST(%.17g AS DOUBLE) AS FLOAT)), "
                "p AS (SELECT entity_id, max(value_str) FILTER (WHERE prop_key = 'caller_fqn') "
                "AS caller, max(value_str) FILTER (WHERE prop_key = 'callee_fqn') AS callee "
                "FROM cpg_props_v1 WHERE entity_kind = 'edge' AND prop_key IN ('caller_fqn', "
                "'callee_fqn') AND entity_id IN (SELECT edge_id FROM e) GROUP BY entity_id) "
                "SELECT e.path, e.bstart AS b, e.bend AS e, e.dst, p.caller, p.callee FROM e "
                "JOIN p ON p.entity_id = e.edge_id WHERE p.caller IS NOT NULL AND p.callee IS "
                "NOT NULL",
                min_conf);
    rc = view_rows(rd, sql.data, &erows, err);
    if (rc != PC_OK)
        goto out;

    size_t nd = json_array_size(drows);
    defs = core_calloc(nd ? nd : 1, sizeof *defs);
    by_fqn = core_malloc((nd ? nd : 1) * sizeof *by_fqn);
    by_id = core_malloc((nd ? nd : 1) * sizeof *by_id);
    size_t i;
    json_t *row;
    json_array_foreach(drows, i, row)
    {
        pg_def *d = &defs[i];
        d->id = view_row_str(row, "id");
        d->path = view_row_str(row, "path");
        d->kind = view_row_str(row, "kind");
        d->name = view_row_str(row, "name");
        d->module = view_row_str(row, "module");
        d->bstart = json_integer_value(json_object_get(row, "b"));
        d->bend = json_integer_value(json_object_get(row, "e"));
        const char *qualname = view_row_str(row, "qualname");
        if (!d->id || !d->path || !d->kind || !d->name || !qualname) {
            rc = pc_fail(err, PC_ERR_IO, "unreadable def row");
            goto out;
        }
        sbuf_reset(&sql);
        if (d->module)
            sbuf_printf(&sql, "%s.", d->module);
        sbuf_puts(&sql, qualname);
        d->fqn = arena_strndup(a, sql.data, sql.len);
        d->norm = pg_norm(a, qualname);
        by_fqn[i] = by_id[i] = d;
    }
    pg_name_defs(a, defs, nd);
    qsort(by_fqn, nd, sizeof *by_fqn, cmp_def_fqn);
    qsort(by_id, nd, sizeof *by_id, cmp_def_id);

    size_t ne = json_array_size(erows), np = 0;
    pairs = core_malloc((ne ? ne : 1) * sizeof *pairs);
    json_array_foreach(erows, i, row)
    {
        const char *path = view_row_str(row, "path"), *caller = view_row_str(row, "caller");
        const char *callee = view_row_str(row, "callee");
        if (!path || !caller || !callee)
            continue;
        const pg_def *cd =
            pg_caller(by_fqn, nd, caller, path, json_integer_value(json_object_get(row, "b")),
                      json_integer_value(json_object_get(row, "e")));
        const char *to = pg_callee(a, by_id, nd, view_row_str(row, "dst"), callee);
        if (to)
            pairs[np++] = (pg_pair){cd ? cd->pycg : pg_strip_locals(a, caller), to};
    }
    qsort(pairs, np, sizeof *pairs, cmp_pair);

    graph = json_object();
    json_array_foreach(mrows, i, row)
    {
        const char *m = view_row_str(row, "module");
        if (m && !json_object_get(graph, m))
            json_object_set_new(graph, m, json_array());
    }
    for (i = 0; i < nd; i++)
        if (!json_object_get(graph, defs[i].pycg))
            json_object_set_new(graph, defs[i].pycg, json_array());
    for (i = 0; i < np; i++) {
        if (i && cmp_pair(&pairs[i - 1], &pairs[i]) == 0)
            continue;
        json_t *list = json_object_get(graph, pairs[i].caller);
        if (!list) {
            list = json_array();
            json_object_set_new(graph, pairs[i].caller, list);
        }
        json_array_append_new(list, json_string(pairs[i].callee));
    }
    json_dumpf(graph, fp, JSON_SORT_KEYS | JSON_INDENT(2));
    fputc('\n', fp);
out:
    json_decref(graph);
    json_decref(drows);
    json_decref(mrows);
    json_decref(erows);
    core_free(defs);
    core_free(by_fqn);
    core_free(by_id);
    core_free(pairs);
    sbuf_free(&sql);
    arena_free(a);
    return rc;
}

int cli_cmd_callgraph(int argc, char **argv)
{
    const char *out = NULL;
    double min_conf = 0.0;
    bool pycg = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--min-confidence") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("callgraph", "--min-confidence needs a value");
            if (!parse_confidence(argv[++i], &min_conf))
                return cli_usage_error("callgraph",
                                       "--min-confidence: '%s' is not a number in 0..1", argv[i]);
        } else if (strcmp(argv[i], "--format") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("callgraph", "--format needs a value (default or pycg)");
            i++;
            if (strcmp(argv[i], "pycg") == 0)
                pycg = true;
            else if (strcmp(argv[i], "default") == 0)
                pycg = false;
            else
                return cli_usage_error("callgraph", "--format: '%s' is not default or pycg",
                                       argv[i]);
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
    int rc0 = cli_check_out("callgraph", out);
    if (rc0 != CLI_EXIT_OK)
        return rc0;

    pc_err err;
    pc_err_clear(&err);
    store_reader *rd = NULL;
    pc_status rc = store_reader_open(out, 0, &rd, &err);
    if (rc != PC_OK) {
        /* said below */
    } else if (pycg) {
        rc = print_pycg(rd, min_conf, stdout, &err);
    } else {
        /* min_conf is a number parsed above, never text from the user */
        sbuf sql = SBUF_INIT;
        sbuf_printf(&sql,
                    "WITH e AS (SELECT edge_id FROM cpg_edges_v1 WHERE edge_kind = 'PY_CALLS' "
                    "AND confidence >= CAST(CAST(%.17g AS DOUBLE) AS FLOAT)), "
                    "p AS (SELECT entity_id, max(value_str) FILTER (WHERE prop_key = "
                    "'caller_fqn') AS caller, max(value_str) FILTER (WHERE prop_key = "
                    "'callee_fqn') AS callee FROM cpg_props_v1 WHERE entity_kind = 'edge' AND "
                    "prop_key IN ('caller_fqn', 'callee_fqn') AND entity_id IN (SELECT edge_id "
                    "FROM e) GROUP BY entity_id), "
                    "k AS (SELECT module_name AS caller FROM py_cst_parse_manifest_v1 "
                    "WHERE module_name IS NOT NULL UNION SELECT coalesce(m.module_name || '.', "
                    "'') || d.qualname FROM py_cst_defs_v1 d LEFT JOIN py_cst_parse_manifest_v1 "
                    "m ON m.file_id = d.file_id) "
                    "SELECT caller, NULL AS callee FROM k UNION SELECT caller, callee FROM p "
                    "ORDER BY caller, callee NULLS FIRST",
                    min_conf);
        json_t *rows = NULL;
        rc = view_rows(rd, sql.data, &rows, &err);
        sbuf_free(&sql);
        if (rc == PC_OK)
            print_graph(rows, stdout);
        json_decref(rows);
    }
    store_reader_free(rd);
    if (rc != PC_OK) {
        fprintf(stderr,
                "pycpg: callgraph: %s has no readable call graph (built with --no-link?): %s\n",
                out, err.msg);
        return CLI_EXIT_FAIL;
    }
    return CLI_EXIT_OK;
}
