/*
 * cmd_show.c — `pycpg show OUT cfg|ast|cst|calls|imports|flow TARGET`: one picture of the graph.
 *
 * Each WHAT reads its rows from OUT's datasets through one store_reader (view_rows: JSON rows)
 * and builds a view_graph (src/view), which view_render writes as DOT, SVG or PNG:
 *   cfg     the CFG_BLOCK nodes of a code object (py_bc_blocks_v1) and the CFG_* edges of
 *           cpg_edges_v1 between them and its CFG_EXIT; block labels are the source lines of
 *           the block's instructions (py_bc_instructions_v1, repo_files_v1.text);
 *   ast     the py_ast_nodes_v1 subtree of a def (expression contexts left out);
 *   cst     the named tree-sitter nodes (ts_nodes_v1) of a def;
 *   calls   PY_CALLS edges (caller_fqn/callee_fqn props) around a def, to --depth;
 *   imports the module graph of py_cst_imports_v1 between the repository's modules, its
 *           strongly connected components (import cycles) in red;
 *   flow    one finding of `pycpg flows` (src/flows, run here with the same models), its
 *           path step by step with the source lines.
 * Targets are named as `pycpg callgraph` names them (module + "." + __qualname__; a module
 * by its name); code objects without a def (lambdas, comprehensions) get the same rule from
 * their place in the code-object tree. A name that several objects share takes "@LINE"
 * (the def's first line). An unknown or ambiguous target is a usage error listing the
 * nearest names. The same functions serve `pycpg report` (cli.h: show_*).
 */
#include "cli.h"

#include "../view/view.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cli_help_show[] =
    "usage: pycpg show OUT WHAT [TARGET] [--depth N] [--format svg|png|dot] [-o FILE]\n"
    "                  [--instructions] [--models FILE]... [--no-default-models]\n"
    "\n"
    "Draws one picture of the build output OUT with graphviz (laid out in this process):\n"
    "  cfg FQN       the basic blocks of a function (or module, class body, lambda): each\n"
    "                block with its source lines, edges true/false/jump/exception/next,\n"
    "                entry and exit marked; --instructions adds each block's bytecode\n"
    "  ast FQN       the CPython ast of a def or module: node kinds and short source text\n"
    "  cst FQN       the tree-sitter tree (named nodes) of a def or module\n"
    "  calls FQN     callers and callees of a def to --depth N (default 1); callees outside\n"
    "                the repository drawn apart; solid edges resolved by SCIP, dashed by\n"
    "                points-to, grey when the confidence is below 0.9\n"
    "  imports [PKG] the import graph of the repository's modules (or of package PKG),\n"
    "                import cycles in red\n"
    "  flow N        the Nth finding of `pycpg flows OUT` (1 is the first it prints): its\n"
    "                path from the source to the sink, each step with its source line, a\n"
    "                box per file; --models and --no-default-models as for `pycpg flows`\n"
    "FQN is the name `pycpg callgraph` uses: module + \".\" + __qualname__ (app.util.helper,\n"
    "app.util.make_adder.<locals>.add); a module is its dotted name. When several things\n"
    "share a name, add @LINE (app.f.<locals>.<lambda>@12). Unknown or ambiguous names are\n"
    "an error (exit 2) that lists the nearest names.\n"
    "\n"
    "options:\n"
    "  --format F      svg (default), png, or dot (the graph as DOT text, not laid out)\n"
    "  -o, --output F  write to file F (default: standard output)\n"
    "  --depth N       calls: how many calls away (default 1); ast/cst: levels below the\n"
    "                  def (default: all)\n"
    "  --instructions  cfg: list each block's instructions under its source lines\n"
    "  --models FILE   flow: taint models to add (repeatable)\n"
    "  --no-default-models  flow: leave out the built-in models\n"
    "The same graph gives the same bytes. OUT must have been built with the link stage.\n";

/* ---- names ---------------------------------------------------------------------------- */

/* One nameable thing: a def, a module or a code object. */
typedef struct {
    const char *fqn;  /* owned by names' arena */
    const char *path; /* borrowed from rows */
    int64_t line;
    int64_t id;   /* code_unit_id, def_id, or 0 for a module */
    int64_t file; /* file_id */
    int64_t b, e; /* def span (defs), else 0 */
    const char *kind;
} show_name;

typedef struct {
    arena *a;
    show_name *v;
    size_t n, cap;
} show_names;

static void names_add(show_names *ns, show_name nm)
{
    ns->v = core_grow(ns->v, &ns->cap, ns->n + 1, sizeof *ns->v, 256);
    ns->v[ns->n++] = nm;
}

static void names_free(show_names *ns)
{
    core_free(ns->v);
    arena_free(ns->a);
    memset(ns, 0, sizeof *ns);
}

static size_t lev(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 200 || lb > 200)
        return la > lb ? la : lb;
    size_t prev[201], cur[201];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t c = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < c)
                c = prev[j] + 1;
            if (cur[j - 1] + 1 < c)
                c = cur[j - 1] + 1;
            cur[j] = c;
        }
        memcpy(prev, cur, (lb + 1) * sizeof *prev);
    }
    return prev[lb];
}

static const char *last_part(const char *s)
{
    const char *d = strrchr(s, '.');
    return d ? d + 1 : s;
}

typedef struct {
    size_t score, idx;
} scored;

static int cmp_scored(const void *x, const void *y)
{
    const scored *a = x, *b = y;
    return a->score != b->score ? (a->score < b->score ? -1 : 1)
                                : (a->idx < b->idx ? -1 : a->idx > b->idx);
}

/* Finds target among names: "FQN" or "FQN@LINE". On failure fills err (PC_ERR_ARG) with
 * the nearest names. by_name: several things of that name are one (the call graph's nodes
 * are names), not an ambiguity. */
static pc_status names_find(const show_names *ns, const char *what, const char *target,
                            bool by_name, const show_name **hit, pc_err *err)
{
    char name[1024];
    snprintf(name, sizeof name, "%s", target);
    long line = -1;
    char *at = strrchr(name, '@');
    if (at && at[1]) {
        char *end;
        errno = 0;
        long v = strtol(at + 1, &end, 10);
        if (!*end && !errno && v > 0) {
            line = v;
            *at = '\0';
        }
    }
    size_t nhit = 0;
    for (size_t i = 0; i < ns->n; i++)
        if (strcmp(ns->v[i].fqn, name) == 0 && (line < 0 || ns->v[i].line == line)) {
            if (nhit++ == 0)
                *hit = &ns->v[i];
        }
    if (nhit == 1 || (nhit > 1 && by_name))
        return PC_OK;
    sbuf msg = SBUF_INIT;
    if (nhit > 1) {
        sbuf_printf(&msg, "%s: '%s' names %zu things; add @LINE:", what, target, nhit);
        size_t k = 0;
        for (size_t i = 0; i < ns->n && k < 12; i++)
            if (strcmp(ns->v[i].fqn, name) == 0) {
                sbuf_printf(&msg, "\n  %s@%lld  (%s:%lld)", ns->v[i].fqn, (long long)ns->v[i].line,
                            ns->v[i].path, (long long)ns->v[i].line);
                k++;
            }
    } else {
        sbuf_printf(&msg, "%s: no '%s' in this build", what, target);
        /* nearest: same last part first, then containing the target, then edit distance */
        scored *sc = core_malloc((ns->n ? ns->n : 1) * sizeof *sc);
        const char *tl = last_part(name);
        for (size_t i = 0; i < ns->n; i++) {
            size_t d = lev(name, ns->v[i].fqn);
            if (strcmp(last_part(ns->v[i].fqn), tl) == 0)
                d = d / 4;
            else if (strstr(ns->v[i].fqn, name))
                d = d / 2;
            sc[i] = (scored){d, i};
        }
        qsort(sc, ns->n, sizeof *sc, cmp_scored);
        size_t shown = 0;
        for (size_t i = 0; i < ns->n && shown < 8; i++) {
            const show_name *v = &ns->v[sc[i].idx];
            bool dup = false; /* one line per distinct name */
            for (size_t k = 0; k < i && !dup; k++)
                dup = strcmp(ns->v[sc[k].idx].fqn, v->fqn) == 0;
            if (dup)
                continue;
            if (shown++ == 0)
                sbuf_puts(&msg, "; nearest names:");
            sbuf_printf(&msg, "\n  %s  (%s:%lld)", v->fqn, v->path ? v->path : "?",
                        (long long)v->line);
        }
        core_free(sc);
    }
    pc_status rc = pc_fail(err, PC_ERR_ARG, "%s", msg.data);
    sbuf_free(&msg);
    return rc;
}

/* Every code object of out with the name `pycpg callgraph` would give it. */
static pc_status code_unit_names(store_reader *rd, json_t **rows, show_names *ns, pc_err *err)
{
    pc_status rc = view_rows(
        rd,
        "SELECT CAST(u.code_unit_id AS VARCHAR) AS id, CAST(u.parent_code_unit_id AS VARCHAR) "
        "AS parent, CAST(u.file_id AS VARCHAR) AS file, u.path, u.co_name, u.flags, "
        "u.firstlineno AS line, m.module_name AS module FROM py_bc_code_units_v1 u LEFT JOIN "
        "py_cst_parse_manifest_v1 m ON m.file_id = u.file_id ORDER BY u.path, u.firstlineno, "
        "u.qualpath",
        rows, err);
    if (rc != PC_OK)
        return rc;
    size_t n = json_array_size(*rows);
    ns->a = arena_new(1 << 16);
    const char **qual = core_calloc(n ? n : 1, sizeof *qual);
    /* parents come before their children in this order (a parent starts on an earlier or
     * the same line, and its qualpath is a prefix); resolve by id with a scan back */
    for (size_t i = 0; i < n; i++) {
        json_t *row = json_array_get(*rows, i);
        const char *co = view_row_str(row, "co_name");
        const char *parent = view_row_str(row, "parent");
        if (!co)
            co = "?";
        sbuf q = SBUF_INIT;
        if (parent) {
            for (size_t k = i; k-- > 0;) {
                json_t *pr = json_array_get(*rows, k);
                const char *pid = view_row_str(pr, "id");
                if (pid && strcmp(pid, parent) == 0) {
                    if (qual[k][0]) {
                        sbuf_puts(&q, qual[k]);
                        /* a function's locals; a class body is a plain namespace */
                        sbuf_puts(&q, (view_row_int(pr, "flags") & 1) ? ".<locals>." : ".");
                    }
                    break;
                }
            }
            sbuf_puts(&q, co);
        }
        qual[i] = arena_strndup(ns->a, q.data ? q.data : "", q.len);
        sbuf_reset(&q);
        const char *module = view_row_str(row, "module");
        const char *path = view_row_str(row, "path");
        sbuf_puts(&q, module ? module : (path ? path : "?"));
        if (qual[i][0]) {
            sbuf_putc(&q, '.');
            sbuf_puts(&q, qual[i]);
        }
        names_add(ns, (show_name){.fqn = arena_strndup(ns->a, q.data, q.len),
                                  .path = path,
                                  .line = view_row_int(row, "line"),
                                  .id = view_row_int(row, "id"),
                                  .file = view_row_int(row, "file"),
                                  .kind = co});
        sbuf_free(&q);
    }
    core_free(qual);
    return PC_OK;
}

pc_status show_unit_names(store_reader *rd, json_t **names, pc_err *err)
{
    json_t *rows = NULL;
    show_names ns = {0};
    *names = NULL;
    pc_status rc = code_unit_names(rd, &rows, &ns, err);
    if (rc == PC_OK) {
        *names = json_object();
        char key[32];
        for (size_t i = 0; i < ns.n; i++) {
            snprintf(key, sizeof key, "%lld", (long long)ns.v[i].id);
            json_object_set_new(*names, key, json_string(ns.v[i].fqn));
        }
    }
    names_free(&ns);
    json_decref(rows);
    return rc;
}

/* Every def and module of out, named as `pycpg callgraph` names them. */
static pc_status def_names(store_reader *rd, json_t **rows, show_names *ns, pc_err *err)
{
    /* a def's line is its ast node's (the def/class keyword's line; the node starts where
     * the CST def does, decorators excluded) */
    pc_status rc = view_rows(
        rd,
        "WITH a AS (SELECT file_id, bstart, min(lineno) AS line FROM py_ast_nodes_v1 WHERE "
        "kind IN ('FunctionDef', 'AsyncFunctionDef', 'ClassDef', 'Lambda') GROUP BY ALL) "
        "SELECT * FROM (SELECT CAST(d.def_id AS VARCHAR) AS id, CAST(d.file_id AS VARCHAR) AS "
        "file, d.path, d.kind, coalesce(m.module_name || '.', '') || d.qualname AS fqn, "
        "d.def_bstart AS b, d.def_bend AS e, a.line FROM py_cst_defs_v1 d LEFT JOIN "
        "py_cst_parse_manifest_v1 m ON m.file_id = d.file_id LEFT JOIN a ON a.file_id = "
        "d.file_id AND a.bstart = d.def_bstart WHERE d.qualname IS NOT NULL UNION ALL SELECT "
        "'0', CAST(m.file_id AS VARCHAR), m.path, 'module', m.module_name, 0, (SELECT "
        "max(size_bytes) FROM repo_files_v1 r WHERE r.file_id = m.file_id), 1 FROM "
        "py_cst_parse_manifest_v1 m WHERE m.module_name IS NOT NULL) ORDER BY path, b, e DESC",
        rows, err);
    if (rc != PC_OK)
        return rc;
    ns->a = arena_new(1 << 12);
    size_t i;
    json_t *row;
    json_array_foreach(*rows, i, row)
    {
        const char *fqn = view_row_str(row, "fqn");
        if (!fqn)
            continue;
        names_add(ns, (show_name){.fqn = fqn,
                                  .path = view_row_str(row, "path"),
                                  .line = view_row_int(row, "line"),
                                  .id = view_row_int(row, "id"),
                                  .file = view_row_int(row, "file"),
                                  .b = view_row_int(row, "b"),
                                  .e = view_row_int(row, "e"),
                                  .kind = view_row_str(row, "kind")});
    }
    return PC_OK;
}

/* The lines of a file's decoded text (repo_files_v1.text): *text owns them, (*starts)[k]
 * is where line k + 1 starts; *n lines. */
typedef struct {
    json_t *rows;
    const char *text;
    size_t len;
    size_t *starts;
    size_t n;
    const char *encoding;
} file_text;

/* Indexes the lines of text (borrowed; "" for NULL). */
static void file_text_init(file_text *ft, const char *text, const char *encoding)
{
    ft->text = text ? text : "";
    ft->encoding = encoding;
    ft->len = strlen(ft->text);
    size_t cap = 64;
    ft->starts = core_malloc(cap * sizeof *ft->starts);
    ft->n = 0;
    ft->starts[ft->n++] = 0;
    for (size_t i = 0; i < ft->len; i++) {
        bool nl = ft->text[i] == '\n' || (ft->text[i] == '\r' && ft->text[i + 1] != '\n');
        if (nl && i + 1 < ft->len) {
            ft->starts = core_grow(ft->starts, &cap, ft->n + 1, sizeof *ft->starts, 64);
            ft->starts[ft->n++] = i + 1;
        }
    }
}

/* The text of the file that where (an SQL condition on repo_files_v1) selects; none when no
 * file matches. */
static pc_status file_text_where(store_reader *rd, const sbuf *where, file_text *ft, pc_err *err)
{
    memset(ft, 0, sizeof *ft);
    sbuf sql = SBUF_INIT;
    sbuf_printf(&sql, "SELECT text, encoding FROM repo_files_v1 WHERE %s", where->data);
    pc_status rc = view_rows(rd, sql.data, &ft->rows, err);
    sbuf_free(&sql);
    if (rc != PC_OK)
        return rc;
    json_t *row = json_array_get(ft->rows, 0);
    file_text_init(ft, row ? view_row_str(row, "text") : NULL,
                   row ? view_row_str(row, "encoding") : NULL);
    return PC_OK;
}

static pc_status file_text_load(store_reader *rd, int64_t file_id, file_text *ft, pc_err *err)
{
    sbuf where = SBUF_INIT;
    sbuf_printf(&where, "file_id = %lld", (long long)file_id);
    pc_status rc = file_text_where(rd, &where, ft, err);
    sbuf_free(&where);
    return rc;
}

/* The text of the file at repo-relative path. */
static pc_status file_text_load_path(store_reader *rd, const char *path, file_text *ft, pc_err *err)
{
    sbuf where = SBUF_INIT;
    sbuf_puts(&where, "path = ");
    sbuf_sql_literal(&where, path);
    pc_status rc = file_text_where(rd, &where, ft, err);
    sbuf_free(&where);
    return rc;
}

static void file_text_free(file_text *ft)
{
    json_decref(ft->rows);
    core_free(ft->starts);
    memset(ft, 0, sizeof *ft);
}

/* Appends line k (1-based) without its terminator, leading blanks dropped, cut at max
 * characters (UTF-8 aware) with "…". */
static void put_line(sbuf *b, const file_text *ft, int64_t k, size_t max)
{
    if (k < 1 || (size_t)k > ft->n)
        return;
    size_t s = ft->starts[k - 1];
    size_t e = (size_t)k < ft->n ? ft->starts[k] : ft->len;
    while (e > s && (ft->text[e - 1] == '\n' || ft->text[e - 1] == '\r'))
        e--;
    while (s < e && (ft->text[s] == ' ' || ft->text[s] == '\t'))
        s++;
    size_t chars = 0, i = s;
    while (i < e && chars < max) {
        i++;
        while (i < e && ((unsigned char)ft->text[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    sbuf_append(b, ft->text + s, i - s);
    if (i < e)
        sbuf_puts(b, "…");
}

/* Appends text[s, e) on one line (newlines as spaces), cut at max characters. */
static void put_span(sbuf *b, const file_text *ft, size_t s, size_t e, size_t max)
{
    if (s > ft->len || e > ft->len || e < s)
        return;
    size_t chars = 0, i = s;
    while (i < e && chars < max) {
        char c = ft->text[i];
        size_t j = i + 1;
        while (j < e && ((unsigned char)ft->text[j] & 0xC0) == 0x80)
            j++;
        if (c == '\n' || c == '\r' || c == '\t')
            sbuf_putc(b, ' ');
        else
            sbuf_append(b, ft->text + i, j - i);
        i = j;
        chars++;
    }
    if (i < e)
        sbuf_puts(b, "…");
}

/* A new graph of pictures other than the CFG: its title on top, boxes (rounded when asked)
 * in Helvetica 10; rankdir NULL leaves graphviz's top-to-bottom. */
static view_graph *titled_graph(const char *title, const char *rankdir, bool rounded)
{
    view_graph *g = view_graph_new(title);
    if (rankdir)
        view_graph_attr(g, "graph", "rankdir", rankdir);
    view_graph_attr(g, "graph", "fontname", "Helvetica");
    view_graph_attr(g, "graph", "label", title);
    view_graph_attr(g, "graph", "labelloc", "t");
    view_graph_attr(g, "node", "shape", "box");
    if (rounded)
        view_graph_attr(g, "node", "style", "rounded");
    view_graph_attr(g, "node", "fontname", "Helvetica");
    view_graph_attr(g, "node", "fontsize", "10");
    return g;
}

/* ---- cfg ------------------------------------------------------------------------------ */

static const char *cfg_edge_label(const char *kind, const char *polarity)
{
    if (strcmp(kind, "CFG_BRANCH_TRUE") == 0)
        return "true";
    if (strcmp(kind, "CFG_BRANCH_FALSE") == 0)
        return "false";
    if (strcmp(kind, "CFG_EXC") == 0)
        return "exception";
    if (strcmp(kind, "CFG_JUMP") == 0)
        return "jump";
    if (strcmp(kind, "CFG_BRANCH") == 0)
        return polarity ? polarity : "branch";
    return NULL; /* CFG_NEXT: fall through */
}

/* The rows of rows whose column "u" is unit, as a new array of borrowed rows. */
static json_t *rows_of(json_t *rows, int64_t unit)
{
    json_t *r = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        if (view_row_int(row, "u") == unit)
            json_array_append(r, row);
    }
    return r;
}

static view_graph *cfg_graph(const char *title, json_t *blocks, json_t *instrs, json_t *edges,
                             const file_text *ft, bool instructions)
{
    view_graph *g = view_graph_new(title);
    sbuf lab = SBUF_INIT;
    view_graph_attr(g, "graph", "rankdir", "TB");
    view_graph_attr(g, "graph", "fontname", "Helvetica");
    view_graph_attr(g, "graph", "label", title);
    view_graph_attr(g, "graph", "labelloc", "t");
    view_graph_attr(g, "node", "shape", "box");
    view_graph_attr(g, "node", "fontname", "Courier");
    view_graph_attr(g, "node", "fontsize", "10");
    view_graph_attr(g, "edge", "fontname", "Helvetica");
    view_graph_attr(g, "edge", "fontsize", "9");
    size_t nin = json_array_size(instrs), ii = 0;
    size_t i;
    json_t *row;
    json_array_foreach(blocks, i, row)
    {
        int64_t s = view_row_int(row, "s"), e = view_row_int(row, "e");
        sbuf_reset(&lab);
        sbuf_printf(&lab, "B%zu [%lld, %lld)\n", i, (long long)s, (long long)e);
        /* the block's distinct source lines, in order of first appearance */
        int64_t seen[64];
        size_t nseen = 0, more = 0;
        sbuf ins = SBUF_INIT;
        const char *first_op = NULL, *last_op = NULL;
        while (ii < nin && view_row_int(json_array_get(instrs, ii), "o") < s)
            ii++;
        for (size_t k = ii; k < nin; k++) {
            json_t *in = json_array_get(instrs, k);
            if (view_row_int(in, "o") >= e)
                break;
            if (!first_op)
                first_op = view_row_str(in, "opname");
            last_op = view_row_str(in, "opname");
            if (instructions) {
                const char *arg = view_row_str(in, "argrepr");
                sbuf_printf(&ins, "  %lld %s%s%s\n", (long long)view_row_int(in, "o"),
                            view_row_str(in, "opname"), arg && *arg ? " " : "",
                            arg && *arg ? arg : "");
            }
            if (view_row_null(in, "line") ||
                view_row_int(in, "line") < 1) /* a module's RESUME is on line 0 */
                continue;
            int64_t ln = view_row_int(in, "line");
            bool dup = false;
            for (size_t q = 0; q < nseen && !dup; q++)
                dup = seen[q] == ln;
            if (dup)
                continue;
            if (nseen < 64)
                seen[nseen++] = ln;
            else
                more++;
        }
        for (size_t q = 0; q < nseen; q++) {
            sbuf_printf(&lab, "%lld: ", (long long)seen[q]);
            put_line(&lab, ft, seen[q], 48);
            sbuf_putc(&lab, '\n');
        }
        if (more)
            sbuf_printf(&lab, "(%zu more lines)\n", more);
        /* a block of no source line (exception cleanup): what it does */
        if (!nseen && !instructions && first_op)
            sbuf_printf(&lab, "(%s%s%s)\n", first_op, last_op != first_op ? " … " : "",
                        last_op != first_op && last_op ? last_op : "");
        if (ins.len)
            sbuf_append(&lab, ins.data, ins.len);
        sbuf_free(&ins);
        size_t n = view_node(g, view_row_str(row, "id"), lab.data);
        const char *kind = view_row_str(row, "kind");
        if (kind && strcmp(kind, "entry") == 0) {
            view_node_attr(g, n, "style", "filled,bold");
            view_node_attr(g, n, "fillcolor", "#d8f0d8");
            view_node_attr(g, n, "xlabel", "entry");
        } else if (kind && strcmp(kind, "handler") == 0) {
            view_node_attr(g, n, "style", "filled");
            view_node_attr(g, n, "fillcolor", "#fbe3d0");
        }
        view_node_attr(g, n, "class", "block");
    }
    json_array_foreach(edges, i, row)
    {
        const char *kind = view_row_str(row, "kind"), *dst = view_row_str(row, "dst");
        const char *dkind = view_row_str(row, "dst_kind");
        if (!kind || !dst || !view_row_str(row, "src"))
            continue;
        if (dkind && strcmp(dkind, "CFG_EXIT") == 0 && !view_has_node(g, dst)) {
            size_t x = view_node(g, dst, "exit");
            view_node_attr(g, x, "shape", "doublecircle");
            view_node_attr(g, x, "fontname", "Helvetica");
            view_node_attr(g, x, "class", "exit");
        }
        size_t k = view_edge(g, view_row_str(row, "src"), dst,
                             cfg_edge_label(kind, view_row_str(row, "polarity")));
        view_edge_attr(g, k, "class", kind);
        if (strcmp(kind, "CFG_EXC") == 0) {
            view_edge_attr(g, k, "style", "dashed");
            view_edge_attr(g, k, "color", "#c0392b");
        } else if (strcmp(kind, "CFG_BRANCH_TRUE") == 0) {
            view_edge_attr(g, k, "color", "#1e8449");
        } else if (strcmp(kind, "CFG_BRANCH_FALSE") == 0) {
            view_edge_attr(g, k, "color", "#b9770e");
        }
    }
    sbuf_free(&lab);
    return g;
}

pc_status show_cfg_units(store_reader *rd, const int64_t *units, size_t n,
                         const char *const *titles, bool instructions, view_graph **gs, pc_err *err)
{
    json_t *blocks = NULL, *instrs = NULL, *edges = NULL, *files = NULL;
    sbuf sql = SBUF_INIT, in = SBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        gs[i] = NULL;
        sbuf_printf(&in, "%s%lld", i ? ", " : "", (long long)units[i]);
    }
    if (!n)
        return PC_OK;
    sbuf_printf(&sql,
                "SELECT code_unit_id AS u, CAST(block_id AS VARCHAR) AS id, start_offset AS s, "
                "end_offset AS e, kind FROM py_bc_blocks_v1 WHERE code_unit_id IN (%s) ORDER "
                "BY code_unit_id, start_offset, end_offset",
                in.data);
    pc_status rc = view_rows(rd, sql.data, &blocks, err);
    sbuf_reset(&sql);
    sbuf_printf(&sql,
                "SELECT code_unit_id AS u, \"offset\" AS o, opname, argrepr, pos_start_line "
                "AS line FROM py_bc_instructions_v1 WHERE code_unit_id IN (%s) ORDER BY "
                "code_unit_id, \"offset\"",
                in.data);
    if (rc == PC_OK)
        rc = view_rows(rd, sql.data, &instrs, err);
    sbuf_reset(&sql);
    /* the CFG edges of the graph: from the units' blocks, to blocks or the unit's exit */
    sbuf_printf(&sql,
                "WITH b AS (SELECT block_id, code_unit_id FROM py_bc_blocks_v1 WHERE "
                "code_unit_id IN (%s)), x AS (SELECT src_block_id, dst_block_id, "
                "max(polarity) AS polarity FROM py_bc_cfg_edges_v1 WHERE code_unit_id IN (%s) "
                "GROUP BY ALL), k AS (SELECT node_id, max(node_kind) AS kind FROM cpg_nodes_v1 "
                "WHERE node_kind IN ('CFG_BLOCK', 'CFG_EXIT') GROUP BY node_id) "
                "SELECT b.code_unit_id AS u, e.edge_kind AS kind, CAST(e.src_node_id AS "
                "VARCHAR) AS src, CAST(e.dst_node_id AS VARCHAR) AS dst, k.kind AS dst_kind, "
                "x.polarity FROM cpg_edges_v1 e JOIN b ON b.block_id = e.src_node_id LEFT JOIN "
                "k ON k.node_id = e.dst_node_id LEFT JOIN x ON x.src_block_id = e.src_node_id "
                "AND x.dst_block_id = e.dst_node_id WHERE e.edge_kind LIKE 'CFG\\_%%' ESCAPE "
                "'\\' ORDER BY b.code_unit_id, e.src_node_id, e.edge_kind, e.dst_node_id",
                in.data, in.data);
    if (rc == PC_OK)
        rc = view_rows(rd, sql.data, &edges, err);
    sbuf_reset(&sql);
    sbuf_printf(&sql,
                "SELECT u.code_unit_id AS u, r.text, r.encoding FROM py_bc_code_units_v1 u "
                "JOIN repo_files_v1 r ON r.file_id = u.file_id WHERE u.code_unit_id IN (%s)",
                in.data);
    if (rc == PC_OK)
        rc = view_rows(rd, sql.data, &files, err);
    for (size_t i = 0; rc == PC_OK && i < n; i++) {
        json_t *b = rows_of(blocks, units[i]), *ins = rows_of(instrs, units[i]);
        json_t *e = rows_of(edges, units[i]), *f = rows_of(files, units[i]);
        file_text ft;
        memset(&ft, 0, sizeof ft);
        json_t *fr = json_array_get(f, 0);
        file_text_init(&ft, fr ? view_row_str(fr, "text") : NULL,
                       fr ? view_row_str(fr, "encoding") : NULL);
        gs[i] = cfg_graph(titles[i], b, ins, e, &ft, instructions);
        file_text_free(&ft);
        json_decref(b);
        json_decref(ins);
        json_decref(e);
        json_decref(f);
    }
    json_decref(blocks);
    json_decref(instrs);
    json_decref(edges);
    json_decref(files);
    sbuf_free(&sql);
    sbuf_free(&in);
    return rc;
}

static pc_status show_cfg(store_reader *rd, const char *target, bool instructions, view_graph **g,
                          pc_err *err)
{
    json_t *rows = NULL;
    show_names ns = {0};
    pc_status rc = code_unit_names(rd, &rows, &ns, err);
    const show_name *hit = NULL;
    if (rc == PC_OK)
        rc = names_find(&ns, "cfg", target, false, &hit, err);
    if (rc == PC_OK) {
        sbuf title = SBUF_INIT;
        sbuf_printf(&title, "%s  (%s:%lld)", hit->fqn, hit->path, (long long)hit->line);
        const char *t = title.data;
        rc = show_cfg_units(rd, &hit->id, 1, &t, instructions, g, err);
        sbuf_free(&title);
    }
    names_free(&ns);
    json_decref(rows);
    return rc;
}

/* ---- ast / cst ------------------------------------------------------------------------ */

typedef struct {
    int64_t key, parent; /* ast_idx or ts id */
    json_t *row;
    size_t depth;
    bool keep;
} tnode;

/* Marks the subtree of root (nodes sorted in pre-order: a child comes after its parent)
 * up to depth (0: all). Parents are found through a map of keys to indexes. */
static void mark_subtree(tnode *t, size_t n, int64_t root, size_t depth)
{
    json_t *at = json_object();
    char key[32];
    for (size_t i = 0; i < n; i++) {
        if (t[i].key == root) {
            t[i].keep = true;
            t[i].depth = 0;
        } else {
            snprintf(key, sizeof key, "%lld", (long long)t[i].parent);
            json_t *pi = json_object_get(at, key);
            if (pi) {
                const tnode *p = &t[json_integer_value(pi)];
                if (p->keep && (depth == 0 || p->depth < depth)) {
                    t[i].keep = true;
                    t[i].depth = p->depth + 1;
                }
            }
        }
        snprintf(key, sizeof key, "%lld", (long long)t[i].key);
        json_object_set_new(at, key, json_integer((json_int_t)i));
    }
    json_decref(at);
}

static pc_status show_ast(store_reader *rd, const char *target, size_t depth, view_graph **gp,
                          pc_err *err)
{
    json_t *rows = NULL, *nodes = NULL;
    show_names ns = {0};
    file_text ft;
    memset(&ft, 0, sizeof ft);
    tnode *t = NULL;
    sbuf sql = SBUF_INIT, lab = SBUF_INIT, id = SBUF_INIT, pid = SBUF_INIT;
    pc_status rc = def_names(rd, &rows, &ns, err);
    const show_name *hit = NULL;
    if (rc == PC_OK)
        rc = names_find(&ns, "ast", target, false, &hit, err);
    if (rc != PC_OK)
        goto done;
    sbuf_printf(&sql,
                "SELECT ast_idx AS i, parent_ast_idx AS p, field_name AS f, field_pos AS fp, "
                "kind, name, value_repr AS v, lineno AS l, col_offset AS c, end_lineno AS el, "
                "end_col_offset AS ec, bstart AS b FROM py_ast_nodes_v1 WHERE file_id = %lld "
                "ORDER BY ast_idx",
                (long long)hit->file);
    rc = view_rows(rd, sql.data, &nodes, err);
    if (rc == PC_OK)
        rc = file_text_load(rd, hit->file, &ft, err);
    if (rc != PC_OK)
        goto done;
    size_t n = json_array_size(nodes);
    t = core_calloc(n ? n : 1, sizeof *t);
    int64_t root = -1;
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_array_get(nodes, i);
        t[i] = (tnode){view_row_int(r, "i"), view_row_null(r, "p") ? -1 : view_row_int(r, "p"), r,
                       0, false};
        const char *k = view_row_str(r, "kind");
        if (root < 0 && k && !view_row_null(r, "b")) {
            if (strcmp(hit->kind, "module") == 0
                    ? strcmp(k, "Module") == 0
                    : (view_row_int(r, "b") == hit->b &&
                       (strcmp(k, "FunctionDef") == 0 || strcmp(k, "AsyncFunctionDef") == 0 ||
                        strcmp(k, "ClassDef") == 0 || strcmp(k, "Lambda") == 0)))
                root = t[i].key;
        }
        if (root < 0 && k && strcmp(hit->kind, "module") == 0 && strcmp(k, "Module") == 0)
            root = t[i].key;
    }
    if (root < 0) {
        rc = pc_fail(err, PC_ERR_INPUT, "ast: no ast node for %s in %s (ast.parse failed?)",
                     hit->fqn, hit->path);
        goto done;
    }
    mark_subtree(t, n, root, depth);
    view_graph *g = titled_graph(hit->fqn, NULL, true);
    view_graph_attr(g, "edge", "fontname", "Helvetica");
    view_graph_attr(g, "edge", "fontsize", "8");
    for (size_t i = 0; i < n; i++) {
        if (!t[i].keep)
            continue;
        json_t *r = t[i].row;
        const char *k = view_row_str(r, "kind");
        if (k && (!strcmp(k, "Load") || !strcmp(k, "Store") || !strcmp(k, "Del")))
            continue;
        sbuf_reset(&lab);
        sbuf_puts(&lab, k ? k : "?");
        if (view_row_str(r, "name"))
            sbuf_printf(&lab, " %s", view_row_str(r, "name"));
        if (view_row_str(r, "v"))
            sbuf_printf(&lab, " %s", view_row_str(r, "v"));
        if (!view_row_null(r, "l")) {
            sbuf_printf(&lab, "\nL%lld", (long long)view_row_int(r, "l"));
            /* short source text: the node's first line from its column */
            int64_t l = view_row_int(r, "l"), c = view_row_int(r, "c");
            if (l >= 1 && (size_t)l <= ft.n && c >= 0) {
                size_t s = ft.starts[l - 1] + (size_t)c;
                size_t e = (size_t)l < ft.n ? ft.starts[l] : ft.len;
                if (view_row_int(r, "el") == l && !view_row_null(r, "ec"))
                    e = ft.starts[l - 1] + (size_t)view_row_int(r, "ec");
                sbuf_puts(&lab, ": ");
                put_span(&lab, &ft, s, e, 32);
            }
        }
        sbuf_reset(&id);
        sbuf_printf(&id, "a%lld", (long long)t[i].key);
        size_t nd = view_node(g, id.data, lab.data);
        view_node_attr(g, nd, "class", k ? k : "?");
        if (t[i].key == root) {
            view_node_attr(g, nd, "style", "rounded,filled,bold");
            view_node_attr(g, nd, "fillcolor", "#d8e8f8");
        } else {
            sbuf_reset(&pid);
            sbuf_printf(&pid, "a%lld", (long long)t[i].parent);
            sbuf_reset(&lab);
            const char *f = view_row_str(r, "f");
            sbuf_puts(&lab, f ? f : "");
            if (view_row_int(r, "fp") > 0 ||
                (f && (!strcmp(f, "body") || !strcmp(f, "args") || !strcmp(f, "orelse") ||
                       !strcmp(f, "targets") || !strcmp(f, "elts") || !strcmp(f, "keywords") ||
                       !strcmp(f, "handlers") || !strcmp(f, "decorator_list"))))
                sbuf_printf(&lab, "[%lld]", (long long)view_row_int(r, "fp"));
            view_edge(g, pid.data, id.data, lab.data);
        }
    }
    *gp = g;
done:
    core_free(t);
    names_free(&ns);
    json_decref(rows);
    json_decref(nodes);
    file_text_free(&ft);
    sbuf_free(&sql);
    sbuf_free(&lab);
    sbuf_free(&id);
    sbuf_free(&pid);
    return rc;
}

static pc_status show_cst(store_reader *rd, const char *target, size_t depth, view_graph **gp,
                          pc_err *err)
{
    json_t *rows = NULL, *nodes = NULL;
    show_names ns = {0};
    file_text ft;
    memset(&ft, 0, sizeof ft);
    tnode *t = NULL;
    sbuf sql = SBUF_INIT, lab = SBUF_INIT;
    pc_status rc = def_names(rd, &rows, &ns, err);
    const show_name *hit = NULL;
    if (rc == PC_OK)
        rc = names_find(&ns, "cst", target, false, &hit, err);
    if (rc != PC_OK)
        goto done;
    /* named nodes of the def's span; the def's own node is the first of its type there */
    sbuf_printf(&sql,
                "SELECT CAST(ts_node_id AS VARCHAR) AS id, CAST(parent_ts_id AS VARCHAR) AS p, "
                "ts_type AS k, start_byte AS b, end_byte AS e, is_error AS err, is_missing AS "
                "miss FROM ts_nodes_v1 WHERE file_id = %lld AND is_named AND start_byte >= %lld "
                "AND end_byte <= %lld ORDER BY start_byte, end_byte DESC, ts_node_id",
                (long long)hit->file, (long long)hit->b, (long long)hit->e);
    rc = view_rows(rd, sql.data, &nodes, err);
    if (rc == PC_OK)
        rc = file_text_load(rd, hit->file, &ft, err);
    if (rc != PC_OK)
        goto done;
    /* byte offsets are into the raw file: the decoded text matches them for UTF-8 */
    size_t shift = 0;
    bool text_ok =
        !ft.encoding || strcmp(ft.encoding, "utf-8") == 0 || strcmp(ft.encoding, "utf-8-sig") == 0;
    if (ft.encoding && strcmp(ft.encoding, "utf-8-sig") == 0)
        shift = 3;
    size_t n = json_array_size(nodes);
    t = core_calloc(n ? n : 1, sizeof *t);
    int64_t root = 0;
    bool have_root = false;
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_array_get(nodes, i);
        t[i] = (tnode){view_row_int(r, "id"), view_row_null(r, "p") ? 0 : view_row_int(r, "p"), r,
                       0, false};
        if (!have_root) {
            root = t[i].key;
            have_root = true;
        }
    }
    if (!have_root) {
        rc = pc_fail(err, PC_ERR_INPUT, "cst: no tree-sitter node for %s in %s", hit->fqn,
                     hit->path);
        goto done;
    }
    /* a named node's parent may be unnamed (rare): such nodes hang from the root */
    mark_subtree(t, n, root, depth);
    view_graph *g = titled_graph(hit->fqn, NULL, false);
    char idb[32], pidb[32];
    for (size_t i = 0; i < n; i++) {
        if (!t[i].keep)
            continue;
        json_t *r = t[i].row;
        sbuf_reset(&lab);
        sbuf_puts(&lab, view_row_str(r, "k") ? view_row_str(r, "k") : "?");
        int64_t b = view_row_int(r, "b"), e = view_row_int(r, "e");
        if (text_ok && (size_t)b >= shift) {
            sbuf_putc(&lab, '\n');
            put_span(&lab, &ft, (size_t)b - shift, (size_t)e - shift, 32);
        }
        snprintf(idb, sizeof idb, "t%lld", (long long)t[i].key);
        size_t nd = view_node(g, idb, lab.data);
        view_node_attr(g, nd, "class", view_row_str(r, "k") ? view_row_str(r, "k") : "?");
        if (json_is_true(json_object_get(r, "err")) || json_is_true(json_object_get(r, "miss"))) {
            view_node_attr(g, nd, "color", "red");
            view_node_attr(g, nd, "style", "bold");
        }
        if (t[i].key == root) {
            view_node_attr(g, nd, "style", "filled,bold");
            view_node_attr(g, nd, "fillcolor", "#d8e8f8");
        } else {
            snprintf(pidb, sizeof pidb, "t%lld", (long long)t[i].parent);
            view_edge(g, pidb, idb, NULL);
        }
    }
    *gp = g;
done:
    core_free(t);
    names_free(&ns);
    json_decref(rows);
    json_decref(nodes);
    file_text_free(&ft);
    sbuf_free(&sql);
    sbuf_free(&lab);
    return rc;
}

/* ---- calls ---------------------------------------------------------------------------- */

typedef struct {
    const char *caller, *callee, *method;
    double conf;
    bool internal;
    int sites;
    int dist; /* calls away from the target; -1 not reached */
} call_edge;

static int cmp_call(const void *x, const void *y)
{
    const call_edge *a = x, *b = y;
    int c = strcmp(a->caller, b->caller);
    return c ? c : strcmp(a->callee, b->callee);
}

static pc_status show_calls(store_reader *rd, const char *target, size_t depth, view_graph **gp,
                            pc_err *err)
{
    json_t *rows = NULL, *defs = NULL;
    show_names ns = {0};
    call_edge *ce = NULL;
    pc_status rc = view_rows(
        rd,
        "WITH e AS (SELECT edge_id, dst_node_id, resolution_method AS m, confidence AS c FROM "
        "cpg_edges_v1 WHERE edge_kind = 'PY_CALLS'), p AS (SELECT entity_id, max(value_str) "
        "FILTER (WHERE prop_key = 'caller_fqn') AS caller, max(value_str) FILTER (WHERE "
        "prop_key = 'callee_fqn') AS callee FROM cpg_props_v1 WHERE entity_kind = 'edge' AND "
        "prop_key IN ('caller_fqn', 'callee_fqn') AND entity_id IN (SELECT edge_id FROM e) "
        "GROUP BY entity_id) SELECT p.caller, p.callee, min(e.m) AS m, max(e.c) AS c, "
        "count(*) AS n, bool_or(e.dst_node_id IN (SELECT def_id FROM py_cst_defs_v1)) AS "
        "internal FROM e JOIN p ON p.entity_id = e.edge_id WHERE p.caller IS NOT NULL AND "
        "p.callee IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
        &rows, err);
    if (rc == PC_OK)
        rc = def_names(rd, &defs, &ns, err);
    if (rc != PC_OK)
        goto done;
    size_t ne = json_array_size(rows);
    ce = core_calloc(ne ? ne : 1, sizeof *ce);
    for (size_t i = 0; i < ne; i++) {
        json_t *r = json_array_get(rows, i);
        json_t *c = json_object_get(r, "c");
        ce[i] = (call_edge){view_row_str(r, "caller"),
                            view_row_str(r, "callee"),
                            view_row_str(r, "m"),
                            json_is_number(c) ? json_number_value(c) : 0,
                            json_is_true(json_object_get(r, "internal")),
                            (int)view_row_int(r, "n"),
                            -1};
    }
    /* names: defs and modules, plus every external callee */
    for (size_t i = 0; i < ne; i++)
        if (!ce[i].internal)
            names_add(&ns, (show_name){.fqn = ce[i].callee,
                                       .path = "(outside the repository)",
                                       .kind = "external"});
    const show_name *hit = NULL;
    rc = names_find(&ns, "calls", target, true, &hit, err);
    if (rc != PC_OK)
        goto done;
    const char *t = hit->fqn;
    /* breadth-first both ways: dist of an edge = calls away from the target */
    json_t *down = json_object(), *up = json_object();
    json_object_set_new(down, t, json_integer(0));
    json_object_set_new(up, t, json_integer(0));
    for (size_t d = 0; d < depth; d++) {
        for (size_t i = 0; i < ne; i++) {
            json_t *v = json_object_get(down, ce[i].caller);
            if (v && json_integer_value(v) == (json_int_t)d) {
                if (ce[i].dist < 0)
                    ce[i].dist = (int)d + 1;
                if (!json_object_get(down, ce[i].callee))
                    json_object_set_new(down, ce[i].callee, json_integer((json_int_t)d + 1));
            }
            v = json_object_get(up, ce[i].callee);
            if (v && json_integer_value(v) == (json_int_t)d) {
                if (ce[i].dist < 0)
                    ce[i].dist = (int)d + 1;
                if (!json_object_get(up, ce[i].caller))
                    json_object_set_new(up, ce[i].caller, json_integer((json_int_t)d + 1));
            }
        }
    }
    qsort(ce, ne, sizeof *ce, cmp_call);
    sbuf title = SBUF_INIT;
    sbuf_printf(&title, "calls of %s (depth %zu)", t, depth);
    view_graph *g = titled_graph(title.data, "LR", true);
    view_graph_attr(g, "edge", "fontname", "Helvetica");
    view_graph_attr(g, "edge", "fontsize", "8");
    sbuf_free(&title);
    size_t tn = view_node(g, t, t);
    view_node_attr(g, tn, "style", "rounded,filled,bold");
    view_node_attr(g, tn, "fillcolor", "#d8e8f8");
    view_node_attr(g, tn, "class", "target");
    for (size_t i = 0; i < ne; i++) {
        if (ce[i].dist < 0)
            continue;
        if (!view_has_node(g, ce[i].caller)) {
            size_t k = view_node(g, ce[i].caller, ce[i].caller);
            view_node_attr(g, k, "class", "def");
        }
        if (!view_has_node(g, ce[i].callee)) {
            size_t k = view_node(g, ce[i].callee, ce[i].callee);
            if (!ce[i].internal) {
                view_node_attr(g, k, "shape", "ellipse");
                view_node_attr(g, k, "style", "filled");
                view_node_attr(g, k, "fillcolor", "#eeeeee");
                view_node_attr(g, k, "class", "external");
                view_node_cluster(g, k, "outside the repository");
            } else {
                view_node_attr(g, k, "class", "def");
            }
        }
        char lab[32];
        snprintf(lab, sizeof lab, "%d calls", ce[i].sites);
        size_t k = view_edge(g, ce[i].caller, ce[i].callee, ce[i].sites > 1 ? lab : NULL);
        const char *m = ce[i].method ? ce[i].method : "?";
        char tip[128];
        snprintf(tip, sizeof tip, "%s -> %s: %s, confidence %.2g", ce[i].caller, ce[i].callee, m,
                 ce[i].conf);
        view_edge_attr(g, k, "tooltip", tip);
        view_edge_attr(g, k, "class", m);
        view_edge_attr(g, k, "style",
                       strcmp(m, "scip") == 0        ? "solid"
                       : strcmp(m, "points_to") == 0 ? "dashed"
                                                     : "dotted");
        if (ce[i].conf < 0.9 - 1e-6) /* float32 0.9 is 0.8999999762 */
            view_edge_attr(g, k, "color", "gray55");
    }
    json_decref(down);
    json_decref(up);
    *gp = g;
done:
    core_free(ce);
    names_free(&ns);
    json_decref(rows);
    json_decref(defs);
    return rc;
}

/* ---- imports -------------------------------------------------------------------------- */

typedef struct {
    size_t n;
    size_t *index, *low, *comp, *stack;
    bool *on;
    size_t sp, counter, ncomp;
    const size_t *adj_start, *adj;
} tarjan;

static void tarjan_visit(tarjan *t, size_t v)
{
    t->index[v] = t->low[v] = ++t->counter;
    t->stack[t->sp++] = v;
    t->on[v] = true;
    for (size_t k = t->adj_start[v]; k < t->adj_start[v + 1]; k++) {
        size_t w = t->adj[k];
        if (!t->index[w]) {
            tarjan_visit(t, w);
            if (t->low[w] < t->low[v])
                t->low[v] = t->low[w];
        } else if (t->on[w] && t->index[w] < t->low[v]) {
            t->low[v] = t->index[w];
        }
    }
    if (t->low[v] == t->index[v]) {
        size_t w;
        do {
            w = t->stack[--t->sp];
            t->on[w] = false;
            t->comp[w] = t->ncomp;
        } while (w != v);
        t->ncomp++;
    }
}

/* Strongly connected components of a graph of n nodes and m edges (from[k] -> to[k]):
 * comp[v] for each node. Recursive: the import graphs drawn here are module graphs. */
void show_scc(size_t n, const size_t *from, const size_t *to, size_t m, size_t *comp)
{
    size_t *start = core_calloc(n + 1, sizeof *start),
           *adj = core_malloc((m ? m : 1) * sizeof *adj);
    for (size_t k = 0; k < m; k++)
        start[from[k] + 1]++;
    for (size_t v = 0; v < n; v++)
        start[v + 1] += start[v];
    size_t *fill = core_malloc((n ? n : 1) * sizeof *fill);
    memcpy(fill, start, n * sizeof *fill);
    for (size_t k = 0; k < m; k++)
        adj[fill[from[k]]++] = to[k];
    tarjan t = {n,
                core_calloc(n ? n : 1, sizeof(size_t)),
                core_calloc(n ? n : 1, sizeof(size_t)),
                comp,
                core_calloc(n ? n : 1, sizeof(size_t)),
                core_calloc(n ? n : 1, sizeof(bool)),
                0,
                0,
                0,
                start,
                adj};
    for (size_t v = 0; v < n; v++)
        if (!t.index[v])
            tarjan_visit(&t, v);
    core_free(t.index);
    core_free(t.low);
    core_free(t.stack);
    core_free(t.on);
    core_free(start);
    core_free(adj);
    core_free(fill);
}

static bool in_package(const char *mod, const char *pkg)
{
    size_t n = strlen(pkg);
    return !pkg[0] || (strncmp(mod, pkg, n) == 0 && (mod[n] == '\0' || mod[n] == '.'));
}

/* The part of s up to its level-th dot (level 0: all of s), in buf. */
static const char *cut_name(const char *s, int level, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s", s);
    if (level <= 0)
        return buf;
    char *p = buf;
    for (int i = 0; i < level; i++) {
        p = strchr(p, '.');
        if (!p)
            return buf;
        if (i + 1 < level)
            p++;
    }
    *p = '\0';
    return buf;
}

pc_status show_imports_graph(store_reader *rd, const char *package, int collapse, view_graph **gp,
                             size_t *nmodules, pc_err *err)
{
    json_t *mods = NULL, *imps = NULL;
    pc_status rc = view_rows(rd,
                             "SELECT DISTINCT module_name AS m FROM py_cst_parse_manifest_v1 "
                             "WHERE module_name IS NOT NULL ORDER BY 1",
                             &mods, err);
    if (rc == PC_OK)
        rc = view_rows(rd,
                       "SELECT DISTINCT m.module_name AS src, i.resolved_name AS dst FROM "
                       "py_cst_imports_v1 i JOIN py_cst_parse_manifest_v1 m ON m.file_id = "
                       "i.file_id WHERE m.module_name IS NOT NULL AND i.resolved_name IS NOT "
                       "NULL ORDER BY 1, 2",
                       &imps, err);
    if (rc != PC_OK) {
        json_decref(mods);
        json_decref(imps);
        return rc;
    }
    const char *pkg = package ? package : "";
    bool pkg_seen = !pkg[0];
    /* nodes: modules (or their first `collapse` parts) in the package */
    json_t *index = json_object(), *names = json_array();
    size_t i;
    json_t *row;
    char buf[1024], buf2[1024];
    json_array_foreach(mods, i, row)
    {
        const char *m = view_row_str(row, "m");
        if (!in_package(m, pkg))
            continue;
        pkg_seen = true;
        const char *k = cut_name(m, collapse, buf, sizeof buf);
        if (!json_object_get(index, k)) {
            json_object_set_new(index, k, json_integer((json_int_t)json_array_size(names)));
            json_array_append_new(names, json_string(k));
        }
    }
    if (!pkg_seen) {
        sbuf msg = SBUF_INIT;
        sbuf_printf(&msg,
                    "imports: no package or module '%s' in this build; top-level names:", pkg);
        char prev[1024] = "";
        size_t shown = 0;
        json_array_foreach(mods, i, row)
        {
            const char *k = cut_name(view_row_str(row, "m"), 1, buf, sizeof buf);
            if (strcmp(k, prev) != 0 && shown < 12) {
                sbuf_printf(&msg, "\n  %s", k);
                shown++;
            }
            snprintf(prev, sizeof prev, "%s", k);
        }
        rc = pc_fail(err, PC_ERR_ARG, "%s", msg.data);
        sbuf_free(&msg);
        json_decref(index);
        json_decref(names);
        json_decref(mods);
        json_decref(imps);
        return rc;
    }
    /* edges: importer -> the longest repository module prefix of what it imports */
    size_t n = json_array_size(names), cap = 64, m = 0;
    size_t *from = core_malloc(cap * sizeof *from), *to = core_malloc(cap * sizeof *to);
    json_t *seen = json_object();
    json_array_foreach(imps, i, row)
    {
        const char *src = view_row_str(row, "src"), *dst = view_row_str(row, "dst");
        if (!in_package(src, pkg))
            continue;
        snprintf(buf2, sizeof buf2, "%s", dst);
        json_t *hitv = NULL;
        for (;;) {
            if (in_package(buf2, pkg)) {
                /* is buf2 a module? (its collapsed name is a node only if so) */
                bool is_mod = false;
                size_t lo = 0, hi = json_array_size(mods);
                while (lo < hi) {
                    size_t mid = (lo + hi) / 2;
                    int c = strcmp(view_row_str(json_array_get(mods, mid), "m"), buf2);
                    if (c == 0) {
                        is_mod = true;
                        break;
                    }
                    if (c < 0)
                        lo = mid + 1;
                    else
                        hi = mid;
                }
                if (is_mod) {
                    hitv = json_object_get(index, cut_name(buf2, collapse, buf, sizeof buf));
                    break;
                }
            }
            char *d = strrchr(buf2, '.');
            if (!d)
                break;
            *d = '\0';
        }
        json_t *sv = json_object_get(index, cut_name(src, collapse, buf, sizeof buf));
        if (!hitv || !sv || json_integer_value(hitv) == json_integer_value(sv))
            continue;
        char key[64];
        snprintf(key, sizeof key, "%lld>%lld", (long long)json_integer_value(sv),
                 (long long)json_integer_value(hitv));
        if (json_object_get(seen, key))
            continue;
        json_object_set_new(seen, key, json_true());
        if (m == cap) {
            cap *= 2;
            from = core_realloc(from, cap * sizeof *from);
            to = core_realloc(to, cap * sizeof *to);
        }
        from[m] = (size_t)json_integer_value(sv);
        to[m] = (size_t)json_integer_value(hitv);
        m++;
    }
    size_t *comp = core_calloc(n ? n : 1, sizeof *comp),
           *csize = core_calloc(n ? n : 1, sizeof *csize);
    show_scc(n, from, to, m, comp);
    for (size_t v = 0; v < n; v++)
        csize[comp[v]]++;
    sbuf title = SBUF_INIT;
    sbuf_printf(&title, "imports of %s", pkg[0] ? pkg : "the repository");
    if (collapse > 0)
        sbuf_printf(&title, " (modules grouped by their first %d name%s)", collapse,
                    collapse > 1 ? "s" : "");
    view_graph *g = titled_graph(title.data, "LR", true);
    sbuf_free(&title);
    for (size_t v = 0; v < n; v++) {
        const char *name = json_string_value(json_array_get(names, v));
        size_t k = view_node(g, name, name);
        view_node_attr(g, k, "class", csize[comp[v]] > 1 ? "module cycle" : "module");
        if (csize[comp[v]] > 1) {
            view_node_attr(g, k, "style", "rounded,filled");
            view_node_attr(g, k, "fillcolor", "#f8d7d7");
        }
    }
    for (size_t k = 0; k < m; k++) {
        size_t e = view_edge(g, json_string_value(json_array_get(names, from[k])),
                             json_string_value(json_array_get(names, to[k])), NULL);
        if (comp[from[k]] == comp[to[k]]) {
            view_edge_attr(g, e, "color", "#c0392b");
            view_edge_attr(g, e, "penwidth", "2");
            view_edge_attr(g, e, "class", "cycle");
        } else {
            view_edge_attr(g, e, "class", "import");
        }
    }
    if (nmodules)
        *nmodules = n;
    *gp = g;
    core_free(comp);
    core_free(csize);
    core_free(from);
    core_free(to);
    json_decref(seen);
    json_decref(index);
    json_decref(names);
    json_decref(mods);
    json_decref(imps);
    return PC_OK;
}

/* ---- command -------------------------------------------------------------------------- */

int cli_check_out(const char *cmd, const char *out)
{
    sbuf marker = SBUF_INIT;
    sbuf_printf(&marker, "%s/.pycpg-output", out);
    bool is_out = access(marker.data, F_OK) == 0;
    sbuf_free(&marker);
    if (!is_out)
        return cli_usage_error(cmd, "%s is not a pycpg output directory", out);
    return CLI_EXIT_OK;
}

int cli_write_output(const char *path, const char *data, size_t len)
{
    FILE *fp = path ? fopen(path, "wb") : stdout;
    if (!fp) {
        fprintf(stderr, "pycpg: cannot write %s: %s\n", path, strerror(errno));
        return CLI_EXIT_FAIL;
    }
    bool ok = fwrite(data, 1, len, fp) == len;
    if (path)
        ok = fclose(fp) == 0 && ok;
    else
        ok = fflush(fp) == 0 && ok;
    if (!ok) {
        fprintf(stderr, "pycpg: cannot write %s\n", path ? path : "standard output");
        return CLI_EXIT_FAIL;
    }
    return CLI_EXIT_OK;
}

/* ---- flow ----------------------------------------------------------------------------- */

pc_status show_flow_graph(store_reader *rd, const fl_result *res, size_t k, view_graph **gp,
                          pc_err *err)
{
    const fl_finding *f = &res->items[k];
    sbuf title = SBUF_INIT;
    sbuf_printf(&title, "flow %zu: %s: %s reaches %s at %s:%d", k + 1, f->rule_id, f->source_label,
                f->sink, f->sink_call.path, f->sink_call.line);
    view_graph *g = titled_graph(title.data, NULL, true);
    sbuf_free(&title);
    file_text ft = {0};
    const char *loaded = NULL;
    char prev[32] = "";
    pc_status rc = PC_OK;
    for (size_t i = 0; i < f->nsteps; i++) {
        const fl_step *st = &f->steps[i];
        if (!loaded || strcmp(loaded, st->path) != 0) {
            file_text_free(&ft);
            rc = file_text_load_path(rd, st->path, &ft, err);
            loaded = st->path;
            if (rc != PC_OK)
                break;
        }
        sbuf lab = SBUF_INIT;
        sbuf_printf(&lab, "%d:%d  %s\n", st->line, st->col, st->what);
        put_line(&lab, &ft, st->line, 60);
        char nid[32];
        snprintf(nid, sizeof nid, "step%zu", i);
        size_t n = view_node(g, nid, lab.data);
        sbuf_free(&lab);
        view_node_cluster(g, n, st->path);
        bool first = i == 0, last = i + 1 == f->nsteps;
        view_node_attr(g, n, "class", first ? "source" : last ? "sink" : "step");
        if (first || last) {
            view_node_attr(g, n, "style", "rounded,filled,bold");
            view_node_attr(g, n, "fillcolor", first ? "#fde9c8" : "#f8d0d0");
        }
        if (i > 0)
            view_edge(g, prev, nid, NULL);
        snprintf(prev, sizeof prev, "%s", nid);
    }
    file_text_free(&ft);
    if (rc != PC_OK) {
        view_graph_free(g);
        return rc;
    }
    *gp = g;
    return PC_OK;
}

/* Finding number target (1-based, in `pycpg flows` order) of the flows found in rd's output with
 * models m, drawn by show_flow_graph. */
static pc_status show_flow(store_reader *rd, const fl_models *m, const char *target,
                           view_graph **gp, pc_err *err)
{
    char *end;
    errno = 0;
    long id = strtol(target, &end, 10);
    if (errno || *end || end == target || id < 1)
        return pc_fail(err, PC_ERR_ARG,
                       "flow: '%s' is not a finding number (1 is the first finding that "
                       "`pycpg flows OUT` prints)",
                       target);
    fl_result res = {0};
    fl_options opt = {0};
    pc_status rc = fl_analyze(rd, m, &opt, &res, err);
    if (rc == PC_OK && (size_t)id > res.n)
        rc = pc_fail(err, PC_ERR_ARG,
                     "flow: no finding %ld: `pycpg flows` finds %zu in this output%s", id, res.n,
                     res.n ? " (numbered from 1, in the order it prints them)" : "");
    if (rc == PC_OK)
        rc = show_flow_graph(rd, &res, (size_t)id - 1, gp, err);
    fl_result_free(&res);
    return rc;
}

/* The picture of what (cfg, ast, cst, calls, imports or flow) and target; depth < 0: the
 * default; flows (models) serve flow only. */
static pc_status show_what(store_reader *rd, const fl_models *flows, const char *what,
                           const char *target, long depth, bool instructions, view_graph **g,
                           pc_err *err)
{
    if (strcmp(what, "flow") == 0)
        return show_flow(rd, flows, target, g, err);
    if (strcmp(what, "cfg") == 0)
        return show_cfg(rd, target, instructions, g, err);
    if (strcmp(what, "ast") == 0)
        return show_ast(rd, target, depth < 0 ? 0 : (size_t)depth, g, err);
    if (strcmp(what, "cst") == 0)
        return show_cst(rd, target, depth < 0 ? 0 : (size_t)depth, g, err);
    if (strcmp(what, "calls") == 0)
        return show_calls(rd, target, depth < 0 ? 1 : (size_t)depth, g, err);
    return show_imports_graph(rd, target, 0, g, NULL, err);
}

/* `pycpg show` with models, room for every --models value (one per argument at most). */
static int show_main(int argc, char **argv, const char **models)
{
    const char *pos[3] = {NULL, NULL, NULL};
    int npos = 0;
    const char *output = NULL;
    view_format fmt = VIEW_SVG;
    long depth = -1;
    bool instructions = false, default_models = true;
    size_t nmodels = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--format") == 0 || strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 ||
            strcmp(a, "--depth") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("show", "%s needs a value", a);
            const char *v = argv[++i];
            if (strcmp(a, "--format") == 0) {
                if (!view_format_parse(v, &fmt))
                    return cli_usage_error("show", "--format: '%s' is not svg, png or dot", v);
            } else if (strcmp(a, "--depth") == 0) {
                char *end;
                errno = 0;
                depth = strtol(v, &end, 10);
                if (errno || *end || end == v || depth < 0 || depth > 1000)
                    return cli_usage_error("show", "--depth: '%s' is not a number in 0..1000", v);
            } else {
                output = v;
            }
        } else if (strcmp(a, "--instructions") == 0) {
            instructions = true;
        } else if (strcmp(a, "--models") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("show", "--models needs a value");
            models[nmodels++] = argv[++i];
        } else if (strcmp(a, "--no-default-models") == 0) {
            default_models = false;
        } else if (strncmp(a, "--", 2) == 0 && a[2]) {
            return cli_usage_error("show", "unknown option '%s'", a);
        } else if (npos < 3) {
            pos[npos++] = a;
        } else {
            return cli_usage_error("show", "unexpected argument '%s'", a);
        }
    }
    if (npos < 1)
        return cli_usage_error("show", "missing OUT (a pycpg build output directory)");
    if (npos < 2)
        return cli_usage_error("show", "missing WHAT (cfg, ast, cst, calls, imports or flow)");
    const char *out = pos[0], *what = pos[1], *target = pos[2];
    bool needs_target = strcmp(what, "imports") != 0;
    if (strcmp(what, "cfg") && strcmp(what, "ast") && strcmp(what, "cst") &&
        strcmp(what, "calls") && strcmp(what, "imports") && strcmp(what, "flow"))
        return cli_usage_error("show", "unknown WHAT '%s' (cfg, ast, cst, calls, imports or flow)",
                               what);
    if (needs_target && !target)
        return cli_usage_error("show", "%s needs a TARGET (%s)", what,
                               strcmp(what, "flow") == 0 ? "a finding number"
                                                         : "a fully qualified name");
    if ((nmodels || !default_models) && strcmp(what, "flow") != 0)
        return cli_usage_error("show", "--models and --no-default-models are for flow only");
    int rc0 = cli_check_out("show", out);
    if (rc0 != CLI_EXIT_OK)
        return rc0;

    pc_err err;
    pc_err_clear(&err);
    view_graph *g = NULL;
    store_reader *rd = NULL;
    fl_models *fm = NULL;
    if (strcmp(what, "flow") == 0) {
        int code = cli_flow_models("show", default_models, models, nmodels, &fm);
        if (code != CLI_EXIT_OK)
            return code;
    }
    pc_status rc = store_reader_open(out, 1, &rd, &err);
    if (rc == PC_OK)
        rc = show_what(rd, fm, what, target, depth, instructions, &g, &err);
    store_reader_free(rd);
    fl_models_free(fm);
    if (rc == PC_ERR_ARG) {
        fprintf(stderr, "pycpg: show %s\n", err.msg);
        return CLI_EXIT_USAGE;
    }
    if (rc != PC_OK) {
        fprintf(stderr, "pycpg: show %s: %s (built with --no-link?)\n", what, err.msg);
        return CLI_EXIT_FAIL;
    }
    sbuf data = SBUF_INIT;
    rc = view_render(g, fmt, &data, &err);
    view_graph_free(g);
    int code = CLI_EXIT_OK;
    if (rc != PC_OK) {
        fprintf(stderr, "pycpg: show: %s\n", err.msg);
        code = CLI_EXIT_FAIL;
    } else {
        code = cli_write_output(output, data.data ? data.data : "", data.len);
    }
    sbuf_free(&data);
    return code;
}

int cli_cmd_show(int argc, char **argv)
{
    const char **models = core_malloc((size_t)(argc + 1) * sizeof *models);
    int code = show_main(argc, argv, models);
    core_free(models);
    return code;
}
