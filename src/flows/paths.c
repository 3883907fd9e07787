/*
 * paths.c — the searches of `pycpg flows`: from each source, a breadth-first search over the
 * value-flow graph (graph.c) whose states are (node, call stack), so a value that entered a
 * def through one call returns only to that call's result (calls deeper than max_depth, and
 * flows through fields, globals and cells, forget the stack: they return anywhere). The first
 * state to reach a sink's argument gives one shortest path, read back through predecessor
 * links. A sanitizer of some rules only is a node those rules' searches may not enter: the
 * first search ignores such nodes and notes the rules they would have stopped; a sink of
 * such a rule is then searched again with them blocked.
 *
 * The findings are one per (source, sink call, rule), sorted by sink then source location,
 * so the output is the same whatever order the facts came in.
 */
#include "graph_int.h"

#include <stdlib.h>
#include <string.h>

/* states of one search at most: past it the search stops (counted in the result) */
#define MAX_STATES 2000000
/* call stacks kept per node in one search: the first few found (BFS: the shortest); more
 * would multiply the states by the contexts of every caller on a large repository */
#define MAX_STACKS 4

typedef struct {
    int32_t node, stack, pred;
} state;

typedef struct {
    const fl_graph *g;
    int max_depth;
    /* call-stack trie: 0 is the empty stack */
    int32_t *st_parent, *st_site;
    uint8_t *st_depth;
    size_t nst, stcap;
    /* per search */
    state *s;
    size_t ns, scap;
    uint64_t *hkeys;
    int32_t *hvals;
    size_t hcap;
    int32_t *first;        /* per node: first state reaching it, -1 */
    uint8_t *nvisit;       /* per node: states of this search at it (at most MAX_STACKS) */
    const uint8_t *useful; /* per node: some sink's argument is reachable from it */
    size_t truncated;      /* searches stopped at MAX_STATES */
    uint32_t seen_block;
    /* trie lookup */
    uint64_t *tkeys;
    int32_t *tvals;
    size_t tcap, tn;
} search;

static uint64_t mix(uint64_t x)
{
    x ^= x >> 31;
    x *= 0x7fb5d329728ea185ULL;
    x ^= x >> 27;
    x *= 0x81dadef4bc2dd44dULL;
    x ^= x >> 33;
    return x;
}

static int32_t trie_push(search *q, int32_t stack, int32_t site)
{
    if (q->st_depth[stack] >= q->max_depth)
        return 0;
    uint64_t k = ((uint64_t)(uint32_t)stack << 32) | (uint32_t)site;
    if ((q->tn + 1) * 2 > q->tcap) {
        size_t cap = q->tcap ? q->tcap * 2 : 1024;
        uint64_t *keys = core_malloc(cap * sizeof *keys);
        int32_t *vals = core_malloc(cap * sizeof *vals);
        for (size_t i = 0; i < cap; i++)
            vals[i] = -1;
        for (size_t i = 0; i < q->tcap; i++)
            if (q->tvals[i] >= 0) {
                size_t j = mix(q->tkeys[i]) & (cap - 1);
                while (vals[j] >= 0)
                    j = (j + 1) & (cap - 1);
                keys[j] = q->tkeys[i];
                vals[j] = q->tvals[i];
            }
        core_free(q->tkeys);
        core_free(q->tvals);
        q->tkeys = keys;
        q->tvals = vals;
        q->tcap = cap;
    }
    size_t j = mix(k) & (q->tcap - 1);
    while (q->tvals[j] >= 0) {
        if (q->tkeys[j] == k)
            return q->tvals[j];
        j = (j + 1) & (q->tcap - 1);
    }
    if (q->nst == q->stcap) { /* one capacity for the three arrays */
        size_t cap = q->stcap;
        q->st_parent = core_grow(q->st_parent, &cap, q->nst + 1, sizeof *q->st_parent, 0);
        cap = q->stcap;
        q->st_site = core_grow(q->st_site, &cap, q->nst + 1, sizeof *q->st_site, 0);
        q->st_depth = core_grow(q->st_depth, &q->stcap, q->nst + 1, sizeof *q->st_depth, 0);
    }
    int32_t id = (int32_t)q->nst++;
    q->st_parent[id] = stack;
    q->st_site[id] = site;
    q->st_depth[id] = (uint8_t)(q->st_depth[stack] + 1);
    q->tkeys[j] = k;
    q->tvals[j] = id;
    q->tn++;
    return id;
}

/* The state key of (node, stack). */
static uint64_t skey(int32_t node, int32_t stack)
{
    return ((uint64_t)(uint32_t)node << 32) | (uint32_t)stack;
}

/* Is slot j of the state table in use by this search? Slots keep what earlier searches put
 * there (so a new search clears nothing): an entry counts only when it names a state of
 * this search with its own key. */
static bool slot_live(const search *q, size_t j)
{
    int32_t v = q->hvals[j];
    return v >= 0 && (size_t)v < q->ns && skey(q->s[v].node, q->s[v].stack) == q->hkeys[j];
}

/* Adds state (node, stack) unless seen; false when the cap is reached. */
static bool visit(search *q, int32_t node, int32_t stack, int32_t pred)
{
    uint64_t k = skey(node, stack);
    if ((q->ns + 1) * 2 > q->hcap) {
        size_t cap = q->hcap ? q->hcap * 2 : 4096;
        uint64_t *keys = core_malloc(cap * sizeof *keys);
        int32_t *vals = core_malloc(cap * sizeof *vals);
        for (size_t i = 0; i < cap; i++)
            vals[i] = -1;
        for (size_t i = 0; i < q->hcap; i++)
            if (slot_live(q, i)) {
                size_t j = mix(q->hkeys[i]) & (cap - 1);
                while (vals[j] >= 0)
                    j = (j + 1) & (cap - 1);
                keys[j] = q->hkeys[i];
                vals[j] = q->hvals[i];
            }
        core_free(q->hkeys);
        core_free(q->hvals);
        q->hkeys = keys;
        q->hvals = vals;
        q->hcap = cap;
    }
    size_t j = mix(k) & (q->hcap - 1);
    while (slot_live(q, j)) {
        if (q->hkeys[j] == k)
            return true;
        j = (j + 1) & (q->hcap - 1);
    }
    if (q->nvisit[node] >= MAX_STACKS)
        return true;
    if (q->ns >= MAX_STATES) {
        q->truncated++;
        return false;
    }
    if (q->ns == q->scap) /* (a call less per state) */
        q->s = core_grow(q->s, &q->scap, q->ns + 1, sizeof *q->s, 4096);
    q->hkeys[j] = k;
    q->hvals[j] = (int32_t)q->ns;
    q->s[q->ns].node = node;
    q->s[q->ns].stack = stack;
    q->s[q->ns].pred = pred;
    if (q->first[node] < 0)
        q->first[node] = (int32_t)q->ns;
    q->nvisit[node]++;
    q->ns++;
    return true;
}

static void reset(search *q)
{
    for (size_t i = 0; i < q->ns; i++) {
        q->first[q->s[i].node] = -1;
        q->nvisit[q->s[i].node] = 0;
    }
    q->ns = 0;
    q->seen_block = 0;
}

/* One search from node src with the rules of mask blocked. */
static void bfs(search *q, int32_t src, uint32_t mask)
{
    const fl_graph *g = q->g;
    reset(q);
    visit(q, src, 0, -1);
    for (size_t i = 0; i < q->ns; i++) {
        int32_t v = q->s[i].node, stack = q->s[i].stack;
        for (size_t k = g->off[v]; k < g->off[v + 1]; k++) {
            const fl_edge *e = &g->out[k];
            uint32_t bl = g->block[e->dst];
            if ((bl & mask) || !q->useful[e->dst])
                continue;
            q->seen_block |= bl;
            int32_t ns;
            switch (e->kind) {
            case E_CALL:
                ns = trie_push(q, stack, e->site);
                break;
            case E_RET:
                if (stack == 0)
                    ns = 0;
                else if (q->st_site[stack] == e->site)
                    ns = q->st_parent[stack];
                else
                    continue;
                break;
            case E_HEAP:
                ns = 0;
                break;
            case E_FIELD: /* stored under the call that made or changed this object */
                ns = -1;
                if (stack == 0)
                    ns = 0;
                for (int32_t up = stack; up > 0 && ns < 0; up = q->st_parent[up])
                    if (q->st_site[up] == e->site)
                        ns = q->st_parent[up];
                if (ns < 0)
                    continue;
                break;
            default:
                ns = stack;
                break;
            }
            if (!visit(q, e->dst, ns, (int32_t)i))
                return;
        }
    }
}

/* The nodes from which some sink's argument is reachable (edges backwards from every sink,
 * ignoring contexts and sanitizers): the searches never enter the others, which on a large
 * repository are most of the graph. */
static uint8_t *sinks_reachable(const fl_graph *g)
{
    size_t n = g->nnodes ? g->nnodes : 1;
    uint8_t *u = core_malloc(n);
    memset(u, 0, n);
    /* reverse CSR */
    size_t *roff = core_malloc((n + 1) * sizeof *roff);
    memset(roff, 0, (n + 1) * sizeof *roff);
    for (size_t v = 0; v < g->nnodes; v++)
        for (size_t k = g->off[v]; k < g->off[v + 1]; k++)
            roff[g->out[k].dst + 1]++;
    for (size_t i = 0; i < n; i++)
        roff[i + 1] += roff[i];
    size_t *pos = core_malloc((n + 1) * sizeof *pos);
    memcpy(pos, roff, (n + 1) * sizeof *pos);
    int32_t *rin = core_malloc((g->nedges ? g->nedges : 1) * sizeof *rin);
    for (size_t v = 0; v < g->nnodes; v++)
        for (size_t k = g->off[v]; k < g->off[v + 1]; k++)
            rin[pos[g->out[k].dst]++] = (int32_t)v;
    int32_t *queue = core_malloc(n * sizeof *queue);
    size_t head = 0, tail = 0;
    for (size_t i = 0; i < g->nsinks; i++)
        if (!u[g->sinks[i].arg]) {
            u[g->sinks[i].arg] = 1;
            queue[tail++] = g->sinks[i].arg;
        }
    while (head < tail) {
        int32_t v = queue[head++];
        for (size_t k = roff[v]; k < roff[v + 1]; k++)
            if (!u[rin[k]]) {
                u[rin[k]] = 1;
                queue[tail++] = rin[k];
            }
    }
    core_free(queue);
    core_free(rin);
    core_free(pos);
    core_free(roff);
    return u;
}

/* ---- findings ------------------------------------------------------------------------------ */

typedef struct {
    arena *a;
} fl_priv;

void fl_locate(const fl_graph *g, int32_t n, fl_step *s)
{
    memset(s, 0, sizeof *s);
    if (n >= (int32_t)g->nast)
        n = g->syn_anchor[n - g->nast];
    if (n < 0)
        return;
    const fl_node *x = &g->nodes[n];
    s->path = g->paths[x->file];
    s->line = x->line;
    s->col = x->col + 1;
    s->end_line = x->eline;
    s->end_col = x->ecol + 1;
    s->bstart = x->bstart;
    s->bend = x->bend;
}

/* The AST_NODE id of node n (the link's pycpg_ast_id); -1 if its file is not the output's. */
static int64_t ast_node_id(const fl_graph *g, int32_t n)
{
    int32_t f = g->nodes[n].file;
    return id_ast_node(g->prefixes, g->file_ids[f], n - g->file_first[f]);
}

/* A synthetic node's label with the engine's numbers made stable: a node number (after '@',
 * and after '/' in "self @site/call.x") becomes that AST node's id, the component number of
 * "field *c.x" / "field ?c.x" the path of the component's file. Node numbers count every
 * file before, so an edit elsewhere would change them; AST ids change only with their file. */
static void stable_label(const fl_graph *g, const char *l, sbuf *out)
{
    bool nodes = strncmp(l, "field @", 7) == 0 || strncmp(l, "self @", 6) == 0 ||
                 strncmp(l, "ret ", 4) == 0 || strncmp(l, "arg ", 4) == 0 ||
                 strncmp(l, "kw ", 3) == 0 || strncmp(l, "cell ", 5) == 0;
    bool slash = strncmp(l, "self @", 6) == 0;
    const char *p = l;
    if (strncmp(l, "field *", 7) == 0 || strncmp(l, "field ?", 7) == 0) {
        char *end = NULL;
        long c = strtol(l + 7, &end, 10);
        if (end != l + 7 && c >= 0 && (size_t)c < g->nfiles) {
            sbuf_append(out, l, 7);
            sbuf_puts(out, g->paths[c]);
            p = end;
        }
    }
    while (*p) {
        char c = *p;
        sbuf_putc(out, c);
        p++;
        if (!nodes || !(c == '@' || (slash && c == '/')) || *p < '0' || *p > '9')
            continue;
        char *end = NULL;
        long v = strtol(p, &end, 10);
        if (v >= 0 && (size_t)v < g->nast) {
            sbuf_printf(out, "%lld", (long long)ast_node_id(g, (int32_t)v));
            p = end;
        }
    }
}

int64_t fl_node_id(const fl_graph *g, int32_t n)
{
    if (n < (int32_t)g->nast)
        return ast_node_id(g, n);
    sbuf l = SBUF_INIT;
    stable_label(g, g->syn_label[n - g->nast], &l);
    id_builder b;
    id_begin(&b, "flow_node");
    id_add_str(&b, l.data ? l.data : "", l.len);
    sbuf_free(&l);
    return id_finish(&b);
}

static const char *def_name(const fl_graph *g, int32_t d)
{
    if (d < 0)
        return "?";
    if (g->nodes[d].kind == K_Lambda)
        return "<lambda>";
    return g->nodes[d].name ? g->nodes[d].name : "?";
}

const char *fl_describe(const fl_graph *g, arena *a, int32_t n)
{
    sbuf b = SBUF_INIT;
    if (n >= (int32_t)g->nast) {
        const char *l = g->syn_label[n - g->nast];
        if (strncmp(l, "cell ", 5) == 0) {
            const char *at = strchr(l, '@');
            sbuf_puts(&b, "closure variable '");
            sbuf_append(&b, l + 5, at ? (size_t)(at - l - 5) : strlen(l + 5));
            sbuf_putc(&b, '\'');
        } else if ((strncmp(l, "field *", 7) == 0 || strncmp(l, "field ?", 7) == 0) &&
                   strchr(l, '.')) {
            sbuf_printf(&b, "attribute '%s' of an object", strchr(l, '.') + 1);
        } else if (strncmp(l, "field @", 7) == 0 && strchr(l + 7, '.')) {
            sbuf_printf(&b, "attribute '%s' of the object", strchr(l + 7, '.') + 1);
        } else if (strncmp(l, "cfield ", 7) == 0 && strrchr(l, '.')) {
            sbuf_puts(&b, "class attribute '");
            sbuf_puts(&b, strrchr(l, '.') + 1);
            sbuf_puts(&b, "' of ");
            sbuf_append(&b, l + 7, (size_t)(strrchr(l, '.') - (l + 7)));
        } else if (strncmp(l, "self @", 6) == 0 && strchr(l, '.')) {
            sbuf_printf(&b, "attribute '%s' of the object", strchr(l, '.') + 1);
        } else if (strncmp(l, "ret ", 4) == 0 && strchr(l, '@')) {
            sbuf_printf(&b, "element %d of the return value of %s", atoi(l + 4),
                        def_name(g, atoi(strchr(l, '@') + 1)));
        } else if (strncmp(l, "arg ", 4) == 0 && strchr(l, '@')) {
            sbuf_printf(&b, "element %d of *args of %s", atoi(l + 4),
                        def_name(g, atoi(strchr(l, '@') + 1)));
        } else if (strncmp(l, "kw ", 3) == 0 && strrchr(l, '@')) {
            const char *at = strrchr(l, '@');
            sbuf_puts(&b, "keyword '");
            sbuf_append(&b, l + 3, (size_t)(at - 1 - (l + 3)));
            sbuf_printf(&b, "' of **kwargs of %s", def_name(g, atoi(at + 1)));
        } else {
            sbuf_puts(&b, l);
        }
    } else {
        const fl_node *x = &g->nodes[n];
        switch (x->kind) {
        case K_arg: {
            int32_t args = x->parent;
            int32_t d = args >= 0 ? g->nodes[args].parent : -1;
            sbuf_printf(&b, "parameter '%s' of %s", x->name ? x->name : "?", def_name(g, d));
            break;
        }
        case K_FunctionDef:
        case K_AsyncFunctionDef:
        case K_Lambda:
            sbuf_printf(&b, "return value of %s", def_name(g, n));
            break;
        case K_Call:
            sbuf_printf(&b, "call to %s", g->call_name[n] ? g->call_name[n] : "?");
            break;
        case K_Name:
            if (x->first >= 0 && g->nodes[x->first].kind == K_Store)
                sbuf_printf(&b, "assignment to '%s'", x->name ? x->name : "?");
            else
                sbuf_printf(&b, "'%s'", x->name ? x->name : "?");
            break;
        case K_Attribute:
            if (x->first >= 0 && g->nodes[x->first].kind == K_Store)
                sbuf_printf(&b, "assignment to attribute '%s'", x->name ? x->name : "?");
            else
                sbuf_printf(&b, "attribute '%s'", x->name ? x->name : "?");
            break;
        case K_alias:
            sbuf_printf(&b, "import of '%s'", x->name ? x->name : "?");
            break;
        case K_JoinedStr:
            sbuf_puts(&b, "f-string");
            break;
        case K_FormattedValue:
            sbuf_puts(&b, "f-string field");
            break;
        case K_BinOp:
            sbuf_puts(&b, "binary operation");
            break;
        case K_Subscript:
            sbuf_puts(&b, "subscript");
            break;
        case K_ListComp:
        case K_SetComp:
        case K_DictComp:
        case K_GeneratorExp:
            sbuf_puts(&b, "comprehension");
            break;
        case K_MatchAs:
        case K_MatchStar:
            sbuf_printf(&b, "match capture '%s'", x->name ? x->name : "_");
            break;
        default:
            sbuf_puts(&b, fl_kind_names[x->kind]);
            break;
        }
    }
    const char *r = arena_strndup(a, b.data ? b.data : "", b.len);
    sbuf_free(&b);
    return r;
}

static int cmp_step(const fl_step *x, const fl_step *y)
{
    int c = strcmp(x->path ? x->path : "", y->path ? y->path : "");
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    if (x->end_line != y->end_line)
        return x->end_line < y->end_line ? -1 : 1;
    if (x->end_col != y->end_col)
        return x->end_col < y->end_col ? -1 : 1;
    return 0;
}

static int cmp_finding(const void *a, const void *b)
{
    const fl_finding *x = a, *y = b;
    int c = cmp_step(&x->sink_call, &y->sink_call);
    if (c)
        return c;
    c = strcmp(x->rule_id, y->rule_id);
    if (c)
        return c;
    c = cmp_step(&x->source, &y->source);
    if (c)
        return c;
    c = strcmp(x->source_label, y->source_label);
    if (c)
        return c;
    if (x->nsteps != y->nsteps)
        return x->nsteps < y->nsteps ? -1 : 1;
    for (size_t i = 0; i < x->nsteps; i++) {
        c = cmp_step(&x->steps[i], &y->steps[i]);
        if (c)
            return c;
        c = strcmp(x->steps[i].what, y->steps[i].what);
        if (c)
            return c;
    }
    return 0;
}

static void add_finding(fl_result *res, size_t *cap, const fl_graph *g, arena *a,
                        const fl_models *m, const search *q, const fl_source *src,
                        const fl_sink *sk)
{
    res->items = core_grow(res->items, cap, res->n + 1, sizeof *res->items, 64);
    fl_finding *f = &res->items[res->n++];
    memset(f, 0, sizeof *f);
    f->rule_id = m->rules[sk->rule].id;
    f->sink = sk->model;
    fl_locate(g, sk->call, &f->sink_call);
    f->sink_call.what = arena_strndup(a, "sink", 4);
    fl_locate(g, src->node, &f->source);
    f->source_label = src->label;
    f->source.what = src->label;
    f->source_node_id = fl_node_id(g, src->node);
    f->sink_node_id = fl_node_id(g, sk->call);
    f->sink_arg_node_id = fl_node_id(g, sk->arg);
    /* the path, backwards */
    size_t n = 0;
    for (int32_t s = q->first[sk->arg]; s >= 0; s = q->s[s].pred)
        n++;
    f->steps = arena_alloc(a, (n ? n : 1) * sizeof *f->steps);
    size_t k = n;
    for (int32_t s = q->first[sk->arg]; s >= 0; s = q->s[s].pred) {
        fl_step *st = &f->steps[--k];
        fl_locate(g, q->s[s].node, st);
        st->what = fl_describe(g, a, q->s[s].node);
    }
    /* steps without a location (a synthetic node nobody wrote) are dropped */
    size_t j = 0;
    for (size_t i = 0; i < n; i++)
        if (f->steps[i].path)
            f->steps[j++] = f->steps[i];
    f->nsteps = j;
    if (j) {
        sbuf b = SBUF_INIT;
        sbuf_printf(&b, "source: %s", src->label);
        f->steps[0].what = arena_strndup(a, b.data, b.len);
        sbuf_reset(&b);
        sbuf_printf(&b, "argument of %s (sink)", sk->model);
        f->steps[j - 1].what = arena_strndup(a, b.data, b.len);
        sbuf_free(&b);
    }
}

void fl_result_rules(const fl_models *m, fl_result *res)
{
    fl_priv *priv = core_malloc(2 * sizeof *priv);
    priv[0].a = arena_new(1 << 16);
    priv[1].a = NULL;
    res->priv = priv;
    res->nrules = m->nrules;
    const char **ids = arena_alloc(priv->a, (m->nrules + 1) * sizeof *ids);
    const char **names = arena_alloc(priv->a, (m->nrules + 1) * sizeof *names);
    const char **help = arena_alloc(priv->a, (m->nrules + 1) * sizeof *help);
    const char **cwe = arena_alloc(priv->a, (m->nrules + 1) * sizeof *cwe);
    size_t k = 0;
    for (size_t i = 0; i < m->nrules; i++) {
        if (!(m->keep & (1u << i)))
            continue;
        ids[k] = arena_strndup(priv->a, m->rules[i].id, strlen(m->rules[i].id));
        names[k] = arena_strndup(priv->a, m->rules[i].name, strlen(m->rules[i].name));
        help[k] = arena_strndup(priv->a, m->rules[i].help, strlen(m->rules[i].help));
        cwe[k] = m->rules[i].cwe ? arena_strndup(priv->a, m->rules[i].cwe, strlen(m->rules[i].cwe))
                                 : NULL;
        k++;
    }
    res->nrules = k;
    res->rule_ids = ids;
    res->rule_names = names;
    res->rule_help = help;
    res->rule_cwe = cwe;
}

static void csv_str(FILE *fp, const char *s)
{
    if (!s)
        return;
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

static void csv_node(FILE *fp, const fl_graph *g, arena *a, int32_t n)
{
    fl_step st;
    fl_locate(g, n, &st);
    fprintf(fp, "%d,", n);
    csv_str(fp, st.path);
    if (st.path)
        fprintf(fp, ",%d,%d,", st.line, st.col);
    else
        fputs(",,,", fp);
    csv_str(fp, fl_describe(g, a, n));
}

/* One row of the graph's CSV: the edge e out of node v (kind 255: the source row). */
static void write_row(FILE *fp, const fl_graph *g, const fl_models *m, arena *a, int32_t v,
                      const fl_edge *e, const char *const *src_label, const uint32_t *sink_rules,
                      sbuf *rules)
{
    static const char *const kinds[] = {"flow", "call", "return", "heap", "field"};
    arena_reset(a);
    csv_node(fp, g, a, v);
    fputc(',', fp);
    csv_node(fp, g, a, e->dst);
    fprintf(fp, ",%s,", e->kind == 255 ? "source" : kinds[e->kind]);
    if (e->site >= 0)
        fprintf(fp, "%d", e->site);
    fputc(',', fp);
    csv_str(fp, src_label[v]);
    for (int pass = 0; pass < 2; pass++) {
        fl_rules_text(m, pass == 0 ? sink_rules[e->dst] : g->block[e->dst], rules);
        fputc(',', fp);
        csv_str(fp, rules->len ? rules->data : NULL);
    }
    fputc('\n', fp);
}

/* The value-flow graph as CSV, one row per edge (docs/usage.md, "Taint flows in SQL"), and
 * one row from each source to itself (kind "source"), so that a source with no edge out (a
 * sink's argument itself) is in the table too. */
static void write_graph(FILE *fp, const fl_graph *g, const fl_models *m)
{
    arena *a = arena_new(1 << 16);
    size_t nn = g->nnodes ? g->nnodes : 1;
    const char **src_label = core_malloc(nn * sizeof *src_label);
    uint32_t *sink_rules = core_malloc(nn * sizeof *sink_rules);
    memset(src_label, 0, nn * sizeof *src_label);
    memset(sink_rules, 0, nn * sizeof *sink_rules);
    for (size_t i = 0; i < g->nsources; i++)
        src_label[g->sources[i].node] = g->sources[i].label;
    for (size_t i = 0; i < g->nsinks; i++)
        sink_rules[g->sinks[i].arg] |= 1u << g->sinks[i].rule;
    fputs("src,src_path,src_line,src_col,src_what,dst,dst_path,dst_line,dst_col,dst_what,"
          "kind,site,source,sink_rules,dst_blocks\n",
          fp);
    sbuf rules = SBUF_INIT;
    for (size_t v = 0; v < g->nnodes; v++) {
        if (src_label[v]) {
            fl_edge self = {(int32_t)v, -1, 255};
            write_row(fp, g, m, a, (int32_t)v, &self, src_label, sink_rules, &rules);
        }
        for (size_t k = g->off[v]; k < g->off[v + 1]; k++)
            write_row(fp, g, m, a, (int32_t)v, &g->out[k], src_label, sink_rules, &rules);
    }
    sbuf_free(&rules);
    core_free(src_label);
    core_free(sink_rules);
    arena_free(a);
}

pc_status fl_analyze(store_reader *rd, const fl_models *m, const fl_options *opt, fl_result *res,
                     pc_err *err)
{
    memset(res, 0, sizeof *res);
    fl_graph *g = core_malloc(sizeof *g);
    pc_status rc = fl_graph_build(g, rd, m, err);
    if (rc != PC_OK) {
        fl_graph_free(g);
        core_free(g);
        return rc;
    }
    if (opt && opt->graph)
        write_graph(opt->graph, g, m);
    fl_result_rules(m, res);
    fl_priv *priv = res->priv;
    res->nodes = g->nnodes;
    res->edges = g->nedges;
    res->sources = g->nsources;
    res->sinks = g->nsinks;

    search q = {0};
    q.g = g;
    q.max_depth = opt && opt->max_depth > 0 ? opt->max_depth : 4;
    q.stcap = 1024;
    q.st_parent = core_malloc(q.stcap * sizeof *q.st_parent);
    q.st_site = core_malloc(q.stcap * sizeof *q.st_site);
    q.st_depth = core_malloc(q.stcap);
    q.st_parent[0] = -1;
    q.st_site[0] = -1;
    q.st_depth[0] = 0;
    q.nst = 1;
    uint8_t *useful = sinks_reachable(g);
    q.useful = useful;
    q.first = core_malloc((g->nnodes ? g->nnodes : 1) * sizeof *q.first);
    q.nvisit = core_malloc(g->nnodes ? g->nnodes : 1);
    memset(q.nvisit, 0, g->nnodes ? g->nnodes : 1);
    for (size_t i = 0; i < g->nnodes; i++)
        q.first[i] = -1;
    size_t cap = 0;
    /* one result per (source, sink call, rule): the first sink argument reached */
    for (size_t si = 0; si < g->nsources; si++) {
        const fl_source *src = &g->sources[si];
        if (!useful[src->node])
            continue;
        bfs(&q, src->node, 0);
        uint32_t rerun = 0;
        size_t first_new = res->n;
        for (size_t k = 0; k < g->nsinks; k++) {
            const fl_sink *sk = &g->sinks[k];
            if (q.first[sk->arg] < 0)
                continue;
            if (q.seen_block & (1u << sk->rule)) {
                rerun |= 1u << sk->rule;
                continue;
            }
            bool dup = false;
            for (size_t j = first_new; j < res->n && !dup; j++)
                dup = res->items[j].rule_id == m->rules[sk->rule].id &&
                      res->items[j].sink_call.path == g->paths[g->nodes[sk->call].file] &&
                      res->items[j].sink_call.line == g->nodes[sk->call].line &&
                      res->items[j].sink_call.col == g->nodes[sk->call].col + 1;
            if (!dup)
                add_finding(res, &cap, g, priv->a, m, &q, src, sk);
        }
        for (size_t r = 0; r < m->nrules; r++) {
            if (!(rerun & (1u << r)))
                continue;
            bfs(&q, src->node, 1u << r);
            for (size_t k = 0; k < g->nsinks; k++) {
                const fl_sink *sk = &g->sinks[k];
                if (sk->rule != (int)r || q.first[sk->arg] < 0)
                    continue;
                bool dup = false;
                for (size_t j = first_new; j < res->n && !dup; j++)
                    dup = res->items[j].rule_id == m->rules[sk->rule].id &&
                          res->items[j].sink_call.path == g->paths[g->nodes[sk->call].file] &&
                          res->items[j].sink_call.line == g->nodes[sk->call].line &&
                          res->items[j].sink_call.col == g->nodes[sk->call].col + 1;
                if (!dup)
                    add_finding(res, &cap, g, priv->a, m, &q, src, sk);
            }
        }
    }
    qsort(res->items, res->n, sizeof *res->items, cmp_finding);
    /* one result per source line and sink line of a rule: several sources on one line
     * (os.environ inside os.environ.get(...)) or nested sinks of one rule on one line
     * (execute(text(q))) are one finding, the first in order (the outer call) */
    size_t j = 0;
    for (size_t i = 0; i < res->n; i++) {
        const fl_finding *f = &res->items[i];
        bool dup = false;
        for (size_t k = j; k-- > 0 && !dup;) {
            const fl_finding *g2 = &res->items[k];
            if (g2->sink_call.path != f->sink_call.path || g2->sink_call.line != f->sink_call.line)
                break;
            dup = g2->rule_id == f->rule_id && g2->source.path == f->source.path &&
                  g2->source.line == f->source.line;
        }
        if (!dup)
            res->items[j++] = res->items[i];
    }
    res->n = j;
    if (opt && opt->max_paths > 0 && res->n > (size_t)opt->max_paths)
        res->n = (size_t)opt->max_paths;
    pc_status saved = opt && opt->save ? fl_save(opt->save, g, m, res, err) : PC_OK;
    core_free(q.st_parent);
    core_free(q.st_site);
    core_free(q.st_depth);
    core_free(q.s);
    core_free(q.hkeys);
    core_free(q.hvals);
    core_free(q.first);
    core_free(q.nvisit);
    core_free(useful);
    res->truncated = q.truncated;
    core_free(q.tkeys);
    core_free(q.tvals);
    /* the graph's arena holds the paths and labels the findings point to: it moves into the
     * result beside the findings' own */
    priv[1].a = g->a;
    g->a = NULL;
    fl_graph_free(g);
    core_free(g);
    return saved;
}

void fl_result_free(fl_result *res)
{
    core_free(res->items);
    fl_priv *p = res->priv;
    if (p) {
        arena_free(p[0].a);
        arena_free(p[1].a);
        core_free(p);
    }
    memset(res, 0, sizeof *res);
}
