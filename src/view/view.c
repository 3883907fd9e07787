/*
 * view.c — view_graph: nodes and edges with attributes, written as DOT, drawn by graphviz.
 *
 * The DOT text is ours (every id and value quoted and escaped), so that what a user gets
 * with --format dot is what graphviz is given. Drawing goes through cgraph's agmemread and
 * gvc's gvLayout/gvRenderData on one graphviz context per process, made on first use and never
 * freed: graphviz 2.42's pango text-layout plugin keeps, in a static, a pointer to the last
 * font name it measured, which lives in the context's font dictionary; a context freed and
 * made again leaves that pointer dangling (ASan: heap-use-after-free in the next layout).
 * Each graph is closed after its picture.
 */
#include "view.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <string.h>

typedef struct {
    char *id;
    char *cluster; /* label of the box drawn around it, or NULL */
    sbuf attrs;    /* key="value" pairs, comma-separated */
} vg_node;

typedef struct {
    char *from, *to;
    sbuf attrs;
} vg_edge;

struct view_graph {
    char *title;
    sbuf gattrs[3]; /* graph, node, edge */
    vg_node *nodes;
    size_t nnodes, capnodes;
    vg_edge *edges;
    size_t nedges, capedges;
    size_t *slots; /* open addressing over node ids: index + 1, 0 for empty */
    size_t nslots;
};

bool view_format_parse(const char *s, view_format *out)
{
    if (strcmp(s, "dot") == 0)
        *out = VIEW_DOT;
    else if (strcmp(s, "svg") == 0)
        *out = VIEW_SVG;
    else if (strcmp(s, "png") == 0)
        *out = VIEW_PNG;
    else
        return false;
    return true;
}

view_graph *view_graph_new(const char *title)
{
    view_graph *g = core_calloc(1, sizeof *g);
    g->title = core_strdup(title ? title : "G");
    return g;
}

void view_graph_free(view_graph *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->nnodes; i++) {
        core_free(g->nodes[i].id);
        core_free(g->nodes[i].cluster);
        sbuf_free(&g->nodes[i].attrs);
    }
    for (size_t i = 0; i < g->nedges; i++) {
        core_free(g->edges[i].from);
        core_free(g->edges[i].to);
        sbuf_free(&g->edges[i].attrs);
    }
    for (int i = 0; i < 3; i++)
        sbuf_free(&g->gattrs[i]);
    core_free(g->nodes);
    core_free(g->edges);
    core_free(g->slots);
    core_free(g->title);
    core_free(g);
}

/* Appends s quoted for DOT; with label, a newline ends a left-aligned line ("\l"). */
static void dot_quote(sbuf *out, const char *s, bool label)
{
    sbuf_putc(out, '"');
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"' || c == '\\') {
            sbuf_putc(out, '\\');
            sbuf_putc(out, c);
        } else if (c == '\n') {
            sbuf_puts(out, label ? "\\l" : "\\n");
        } else if (c == '\r' || c == '\t') {
            sbuf_putc(out, ' ');
        } else {
            sbuf_putc(out, c);
        }
    }
    /* a label whose last line has no newline is still left-aligned */
    if (label && n && s[n - 1] != '\n')
        sbuf_puts(out, "\\l");
    sbuf_putc(out, '"');
}

/* A node's or edge's label has left-aligned lines; other values (the graph's label) are
 * centred. */
static void add_attr_as(sbuf *attrs, const char *key, const char *value, bool left)
{
    if (attrs->len)
        sbuf_puts(attrs, ", ");
    sbuf_puts(attrs, key);
    sbuf_putc(attrs, '=');
    dot_quote(attrs, value, left && strcmp(key, "label") == 0 && strchr(value, '\n'));
}

static void add_attr(sbuf *attrs, const char *key, const char *value)
{
    add_attr_as(attrs, key, value, true);
}

void view_graph_attr(view_graph *g, const char *what, const char *key, const char *value)
{
    int k = strcmp(what, "node") == 0 ? 1 : strcmp(what, "edge") == 0 ? 2 : 0;
    add_attr_as(&g->gattrs[k], key, value, k != 0);
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static size_t *find_slot(const view_graph *g, const char *id)
{
    size_t i = (size_t)(hash_str(id) & (g->nslots - 1));
    for (;;) {
        size_t v = g->slots[i];
        if (v == 0 || strcmp(g->nodes[v - 1].id, id) == 0)
            return &g->slots[i];
        i = (i + 1) & (g->nslots - 1);
    }
}

static void grow_slots(view_graph *g)
{
    core_free(g->slots);
    g->nslots = g->nslots ? g->nslots * 2 : 64;
    g->slots = core_calloc(g->nslots, sizeof *g->slots);
    for (size_t i = 0; i < g->nnodes; i++)
        *find_slot(g, g->nodes[i].id) = i + 1;
}

bool view_has_node(const view_graph *g, const char *id)
{
    return g->nslots && *find_slot(g, id) != 0;
}

size_t view_node(view_graph *g, const char *id, const char *label)
{
    if (2 * (g->nnodes + 1) > g->nslots)
        grow_slots(g);
    size_t *slot = find_slot(g, id);
    if (*slot)
        return *slot - 1;
    g->nodes = core_grow(g->nodes, &g->capnodes, g->nnodes + 1, sizeof *g->nodes, 16);
    vg_node *n = &g->nodes[g->nnodes];
    n->id = core_strdup(id);
    n->cluster = NULL;
    n->attrs = (sbuf)SBUF_INIT;
    add_attr(&n->attrs, "label", label ? label : id);
    *slot = ++g->nnodes;
    return g->nnodes - 1;
}

void view_node_attr(view_graph *g, size_t node, const char *key, const char *value)
{
    if (node < g->nnodes)
        add_attr(&g->nodes[node].attrs, key, value);
}

void view_node_cluster(view_graph *g, size_t node, const char *cluster)
{
    if (node < g->nnodes) {
        core_free(g->nodes[node].cluster);
        g->nodes[node].cluster = cluster ? core_strdup(cluster) : NULL;
    }
}

size_t view_node_count(const view_graph *g)
{
    return g->nnodes;
}

size_t view_edge(view_graph *g, const char *from, const char *to, const char *label)
{
    g->edges = core_grow(g->edges, &g->capedges, g->nedges + 1, sizeof *g->edges, 16);
    vg_edge *e = &g->edges[g->nedges];
    e->from = core_strdup(from);
    e->to = core_strdup(to);
    e->attrs = (sbuf)SBUF_INIT;
    if (label)
        add_attr(&e->attrs, "label", label);
    return g->nedges++;
}

void view_edge_attr(view_graph *g, size_t edge, const char *key, const char *value)
{
    if (edge < g->nedges)
        add_attr(&g->edges[edge].attrs, key, value);
}

size_t view_edge_count(const view_graph *g)
{
    return g->nedges;
}

void view_graph_dot(const view_graph *g, sbuf *out)
{
    static const char *const what[3] = {"graph", "node", "edge"};
    sbuf_puts(out, "digraph ");
    dot_quote(out, g->title, false);
    sbuf_puts(out, " {\n");
    for (int i = 0; i < 3; i++)
        if (g->gattrs[i].len)
            sbuf_printf(out, "  %s [%s];\n", what[i], g->gattrs[i].data);
    /* nodes outside clusters, then each cluster (in order of its first node) */
    int nclusters = 0;
    for (size_t i = 0; i < g->nnodes; i++) {
        const vg_node *n = &g->nodes[i];
        if (n->cluster) {
            bool first = true;
            for (size_t k = 0; k < i && first; k++)
                if (g->nodes[k].cluster && strcmp(g->nodes[k].cluster, n->cluster) == 0)
                    first = false;
            if (!first)
                continue;
            sbuf_printf(out, "  subgraph \"cluster_%d\" {\n    label=", nclusters++);
            dot_quote(out, n->cluster, false);
            sbuf_puts(out, "; style=\"rounded,dashed\"; color=\"gray50\";\n");
            for (size_t k = i; k < g->nnodes; k++) {
                if (!g->nodes[k].cluster || strcmp(g->nodes[k].cluster, n->cluster) != 0)
                    continue;
                sbuf_puts(out, "    ");
                dot_quote(out, g->nodes[k].id, false);
                sbuf_printf(out, " [%s];\n", g->nodes[k].attrs.data);
            }
            sbuf_puts(out, "  }\n");
            continue;
        }
        sbuf_puts(out, "  ");
        dot_quote(out, n->id, false);
        sbuf_printf(out, " [%s];\n", n->attrs.data);
    }
    for (size_t i = 0; i < g->nedges; i++) {
        sbuf_puts(out, "  ");
        dot_quote(out, g->edges[i].from, false);
        sbuf_puts(out, " -> ");
        dot_quote(out, g->edges[i].to, false);
        if (g->edges[i].attrs.len)
            sbuf_printf(out, " [%s]", g->edges[i].attrs.data);
        sbuf_puts(out, ";\n");
    }
    sbuf_puts(out, "}\n");
}

/* Drops graphviz's "<!-- Generated by graphviz version … -->" comment from an SVG. */
static void append_svg(sbuf *out, const char *data, size_t len)
{
    static const char tag[] = "<!-- Generated by graphviz";
    const char *p = memmem(data, len, tag, sizeof tag - 1);
    const char *end = p ? memmem(p, len - (size_t)(p - data), "-->", 3) : NULL;
    if (!end) {
        sbuf_append(out, data, len);
        return;
    }
    end += 3;
    if (end < data + len && *end == '\n')
        end++;
    sbuf_append(out, data, (size_t)(p - data));
    sbuf_append(out, end, len - (size_t)(end - data));
}

/* Past these, a picture is laid out the cheap way (large_graph_attrs). */
#define VIEW_LARGE_NODES 120
#define VIEW_LARGE_EDGES 200

/* dot's defaults on a large graph cost minutes: the CFG of a 289-block test method with
 * its exception edges (unittest/test/test_case.py, in the standard library's report) took
 * 560 s, in network simplex (x positions) and then in routing every edge as a spline around
 * the nodes. Network simplex stopped after 2 iterations per node (nslimit, nslimit1: still a
 * valid layout, only less compact) and straight edges (splines=line) draw it in under 2 s.
 * Smaller pictures keep the defaults and their bytes. */
static void large_graph_attrs(Agraph_t *ag)
{
    agsafeset(ag, "nslimit", "2", "");
    agsafeset(ag, "nslimit1", "2", "");
    agsafeset(ag, "splines", "line", "");
}

pc_status view_render(const view_graph *g, view_format f, sbuf *out, pc_err *err)
{
    sbuf dot = SBUF_INIT;
    view_graph_dot(g, &dot);
    if (f == VIEW_DOT) {
        sbuf_append(out, dot.data, dot.len);
        sbuf_free(&dot);
        return PC_OK;
    }
    static GVC_t *gvc; /* see the top of this file */
    pc_status rc = PC_OK;
    agseterr(AGMAX); /* errors come back as a status, not on stderr */
    if (!gvc)
        gvc = gvContext();
    Agraph_t *ag = agmemread(dot.data);
    if (!gvc || !ag) {
        char *msg = aglasterr();
        rc = pc_fail(err, PC_ERR_INTERNAL, "graphviz could not read the graph: %s",
                     msg ? msg : "(no message)");
        goto out;
    }
    if (view_node_count(g) > VIEW_LARGE_NODES || view_edge_count(g) > VIEW_LARGE_EDGES)
        large_graph_attrs(ag);
    if (gvLayout(gvc, ag, "dot") != 0) {
        char *msg = aglasterr();
        rc = pc_fail(err, PC_ERR_INTERNAL,
                     "graphviz could not lay out the graph (is the dot layout plugin "
                     "installed? libgvc6): %s",
                     msg ? msg : "(no message)");
        goto out;
    }
    char *data = NULL;
    unsigned int len = 0;
    const char *fmt = f == VIEW_SVG ? "svg" : "png:cairo";
    if (gvRenderData(gvc, ag, fmt, &data, &len) != 0 || !data) {
        char *msg = aglasterr();
        rc = pc_fail(err, PC_ERR_INTERNAL, "graphviz could not render %s: %s", fmt,
                     msg ? msg : "(no renderer; is libgvc6's plugin installed?)");
    } else if (f == VIEW_SVG) {
        append_svg(out, data, len);
    } else {
        sbuf_append(out, data, len);
    }
    if (data)
        gvFreeRenderData(data);
    gvFreeLayout(gvc, ag);
out:
    if (ag)
        agclose(ag);
    sbuf_free(&dot);
    return rc;
}

/* ---- HTML -------------------------------------------------------------------------- */

void view_html_escape(sbuf *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            sbuf_puts(out, "&amp;");
            break;
        case '<':
            sbuf_puts(out, "&lt;");
            break;
        case '>':
            sbuf_puts(out, "&gt;");
            break;
        case '"':
            sbuf_puts(out, "&quot;");
            break;
        case '\'':
            sbuf_puts(out, "&#39;");
            break;
        default:
            sbuf_putc(out, *s);
        }
    }
}

void view_base64(sbuf *out, const unsigned char *p, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < n)
            v |= p[i + 2];
        sbuf_putc(out, tab[(v >> 18) & 63]);
        sbuf_putc(out, tab[(v >> 12) & 63]);
        sbuf_putc(out, i + 1 < n ? tab[(v >> 6) & 63] : '=');
        sbuf_putc(out, i + 2 < n ? tab[v & 63] : '=');
    }
}

void view_bar_chart(sbuf *out, const char *title, const view_bar *bars, size_t n)
{
    const int row = 18, label_w = 260, bar_w = 360, value_w = 90;
    double max = 0;
    for (size_t i = 0; i < n; i++)
        if (bars[i].value > max)
            max = bars[i].value;
    int h = (int)n * row + 4;
    sbuf_printf(out,
                "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                "height=\"%d\" role=\"img\" aria-label=\"",
                label_w + bar_w + value_w, h);
    view_html_escape(out, title);
    sbuf_puts(out, "\">\n");
    for (size_t i = 0; i < n; i++) {
        int y = (int)i * row + 2;
        int w = max > 0 ? (int)(bars[i].value / max * bar_w + 0.5) : 0;
        if (bars[i].value > 0 && w < 1)
            w = 1;
        sbuf_printf(out,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"12\" "
                    "font-family=\"monospace\">",
                    label_w - 6, y + 13);
        view_html_escape(out, bars[i].label);
        sbuf_printf(out,
                    "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                    "fill=\"#4a7fb5\"/><text x=\"%d\" y=\"%d\" font-size=\"12\">%.15g</text>\n",
                    label_w, y + 2, w, row - 4, label_w + w + 4, y + 13, bars[i].value);
    }
    sbuf_puts(out, "</svg>\n");
}
