/*
 * graph.c — builds the value-flow graph of `pycpg flows` from a build's facts.
 *
 * Facts, read through one store_reader over OUT (a one-thread DuckDB, datasets by name):
 * py_ast_nodes_v1 (the whole AST: kinds, names, Constant reprs, spans), py_cst_imports_v1
 * (what each import binds, resolved to an absolute name), py_cst_parse_manifest_v1 (module
 * names) and the PY_CALLS edges of cpg_edges_v1 with their callee_fqn and target def
 * (py_cst_defs_v1, matched to its AST def by its end and its name's offset).
 *
 * Each scope (module, def, lambda) is walked once in statement order with an environment
 * name → the nodes whose values the name may hold there (a strong update on assignment, a
 * union where branches meet, loop bodies walked twice), so `x = int(x)` cuts the flow from
 * the old x. Expressions that carry data get an edge from each operand; a call resolved to
 * repository defs binds arguments to parameters (E_CALL) and the def's return node to the
 * call (E_RET); any other call carries its arguments and receiver into its result unless a
 * sanitizer or propagator model says otherwise. Attributes go through field nodes (the
 * class of `self`, a class's own attributes, the object made at a known site, else any
 * class of the file's import component with that attribute), module-level names through
 * global nodes, names of enclosing defs through cell nodes. More synthetic nodes keep parts
 * of a value apart: the elements of returned tuples, what `*args`/`**kwargs` hold by
 * position and name (so wrappers forward precisely), and reads of `self.x` under one method
 * call on one object (decided after the walk, once every call is known: self_reads).
 *
 * A store `o.x = v` or `d["k"] = v` is held back until something could observe it, and
 * dropped when the same path is stored again first (held_store): a strong update of fields.
 */
#include "graph_int.h"
#include "../store/store.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

const char *const fl_kind_names[K__COUNT] = {"?",
                                             "Module",
                                             "FunctionDef",
                                             "AsyncFunctionDef",
                                             "Lambda",
                                             "ClassDef",
                                             "Return",
                                             "Assign",
                                             "AugAssign",
                                             "AnnAssign",
                                             "For",
                                             "AsyncFor",
                                             "While",
                                             "If",
                                             "With",
                                             "AsyncWith",
                                             "Try",
                                             "TryStar",
                                             "Match",
                                             "Expr",
                                             "Global",
                                             "Nonlocal",
                                             "Import",
                                             "ImportFrom",
                                             "alias",
                                             "Name",
                                             "Attribute",
                                             "Subscript",
                                             "Starred",
                                             "Tuple",
                                             "List",
                                             "Set",
                                             "Dict",
                                             "Call",
                                             "keyword",
                                             "Constant",
                                             "JoinedStr",
                                             "FormattedValue",
                                             "BinOp",
                                             "BoolOp",
                                             "UnaryOp",
                                             "IfExp",
                                             "Compare",
                                             "ListComp",
                                             "SetComp",
                                             "DictComp",
                                             "GeneratorExp",
                                             "comprehension",
                                             "Yield",
                                             "YieldFrom",
                                             "Await",
                                             "NamedExpr",
                                             "Slice",
                                             "arguments",
                                             "arg",
                                             "Store",
                                             "Load",
                                             "Del",
                                             "ExceptHandler",
                                             "withitem",
                                             "match_case",
                                             "MatchAs",
                                             "MatchStar",
                                             "Delete",
                                             "Pass",
                                             "Raise",
                                             "Break",
                                             "Continue",
                                             "Not",
                                             "In",
                                             "NotIn",
                                             "Eq",
                                             "NotEq"};

/* ---- an open-addressing map u64 → int32 with chains for several values ------------------- */

typedef struct {
    uint64_t *keys;
    int32_t *vals; /* the first value of the key, -1 empty */
    size_t cap, n;
} u64map;

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static void um_init(u64map *m, size_t hint)
{
    m->cap = 64;
    while (m->cap < hint * 2)
        m->cap *= 2;
    m->keys = core_malloc(m->cap * sizeof *m->keys);
    m->vals = core_malloc(m->cap * sizeof *m->vals);
    for (size_t i = 0; i < m->cap; i++)
        m->vals[i] = -1;
    m->n = 0;
}

static void um_free(u64map *m)
{
    core_free(m->keys);
    core_free(m->vals);
    memset(m, 0, sizeof *m);
}

static int32_t *um_slot(u64map *m, uint64_t k)
{
    if ((m->n + 1) * 2 > m->cap) {
        u64map bigger;
        um_init(&bigger, m->cap);
        for (size_t i = 0; i < m->cap; i++)
            if (m->vals[i] >= 0)
                *um_slot(&bigger, m->keys[i]) = m->vals[i];
        um_free(m);
        *m = bigger;
    }
    size_t i = mix64(k) & (m->cap - 1);
    while (m->vals[i] >= 0 && m->keys[i] != k)
        i = (i + 1) & (m->cap - 1);
    if (m->vals[i] < 0) {
        m->keys[i] = k;
        m->n++;
    }
    return &m->vals[i];
}

static int32_t um_get(const u64map *m, uint64_t k)
{
    if (!m->cap)
        return -1;
    size_t i = mix64(k) & (m->cap - 1);
    while (m->vals[i] >= 0) {
        if (m->keys[i] == k)
            return m->vals[i];
        i = (i + 1) & (m->cap - 1);
    }
    return -1;
}

static uint64_t call_key(int32_t file, int64_t bstart, int64_t bend)
{
    return mix64(((uint64_t)(uint32_t)file << 40) ^ (uint64_t)bstart) ^ (uint64_t)bend;
}

/* ---- interned strings ------------------------------------------------------------------ */

typedef struct {
    arena *a;
    const char **v;
    size_t cap, n;
} strtab;

static uint64_t str_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static const char *intern_n(strtab *t, const char *s, size_t n)
{
    if (!s)
        return NULL;
    if ((t->n + 1) * 2 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1024;
        const char **v = core_malloc(cap * sizeof *v);
        memset(v, 0, cap * sizeof *v);
        for (size_t i = 0; i < t->cap; i++)
            if (t->v[i]) {
                size_t j = str_hash(t->v[i], strlen(t->v[i])) & (cap - 1);
                while (v[j])
                    j = (j + 1) & (cap - 1);
                v[j] = t->v[i];
            }
        core_free(t->v);
        t->v = v;
        t->cap = cap;
    }
    size_t j = str_hash(s, n) & (t->cap - 1);
    while (t->v[j]) {
        if (strncmp(t->v[j], s, n) == 0 && t->v[j][n] == 0)
            return t->v[j];
        j = (j + 1) & (t->cap - 1);
    }
    t->v[j] = arena_strndup(t->a, s, n);
    t->n++;
    return t->v[j];
}

static const char *intern(strtab *t, const char *s)
{
    return s ? intern_n(t, s, strlen(s)) : NULL;
}

/* ---- the builder's state ----------------------------------------------------------------- */

typedef struct {
    const char *bound, *target; /* interned */
    int64_t bstart;
} imp_entry;

typedef struct {
    const char *scope, *name; /* interned: the def's name, the name declared */
    int32_t line;             /* the scope's line (symtable's) */
} decl_entry;

typedef struct {
    imp_entry *v;
    size_t n, cap;
    decl_entry *d; /* global and nonlocal declarations (py_sym_symbols_v1) */
    size_t nd, dcap;
    int32_t first_node; /* the file's Module node */
} file_info;

typedef struct {
    const char *fqn; /* callee_fqn */
    int32_t def;     /* the AST def it runs, -1 when outside the repository */
    int32_t next;    /* next target of the same call, -1 */
} call_target;

typedef struct {
    const char *name;
    int32_t *defs;
    uint32_t n, cap;
} env_ent;

typedef struct {
    env_ent *v;
    size_t n, cap;
} env;

typedef struct scope scope;
struct scope {
    int32_t node; /* Module, FunctionDef, AsyncFunctionDef or Lambda */
    int32_t file;
    const char *cls;     /* key of the class whose method this is (module.Class), or NULL */
    const char *self;    /* the method's first parameter, or NULL */
    const char **locals; /* names bound in this scope */
    size_t nlocals;
    const char **globals; /* names declared global or nonlocal here */
    size_t nglobals;
    bool has_inner; /* defines a nested def or lambda: its locals are cells too */
    scope *outer;
    int loop_depth;
};

/* Records the builder keeps in growable arrays (core_grow: one array of structs each). */
typedef struct {
    int32_t call, next; /* a method call on an object made at a site; the next entry */
} site_ent;
typedef struct {
    const char **bases; /* a class's bases (keys module.Class; at most 32, arena) */
    size_t n;
} class_ent;
typedef struct {
    int32_t call, alloc, next; /* a call of a def, the site of its receiver, the next entry */
} mc_ent;
typedef struct {
    int32_t alloc, next; /* the site of an object passed to a parameter; the next entry */
} pa_ent;
typedef struct {
    int32_t node, param; /* a read param.attr */
} pr_ent;
typedef struct {
    int32_t node, def; /* a read self.attr in method def of class cls */
    const char *cls;
} sr_ent;

typedef struct {
    fl_graph *g;
    const fl_models *m;
    strtab st;
    file_info *files;
    size_t filecap; /* of files, g->paths and g->modules */
    u64map calls;   /* (file, bstart, bend) of a Call → first call_target */
    call_target *ct;
    size_t nct, ctcap;
    int32_t *defs; /* every def, lambda and class node, in node order */
    size_t ndefs;
    size_t *file_defs; /* file f's defs are defs[file_defs[f] .. file_defs[f + 1]) */
    u64map syn;        /* interned key pointer → synthetic node */
    u64map fpath;      /* interned path pointer → file index */
    u64map kinds;      /* interned kind name → K_* */
    u64map alloc_of;   /* a Name bound to a constructor call → the call */
    u64map site_first; /* a constructor call → first entry of its method calls */
    site_ent *site;    /* entries: a method call on the object, the next entry */
    size_t nsite, sitecap;
    u64map bases_of; /* interned class key → index into bases */
    class_ent *cls;
    size_t nclasses, clscap;
    const char *s_self, *s_append[16];
    size_t nappend;
    int32_t *props; /* methods decorated @property (or @cached_property) */
    const char **prop_cls;
    int32_t *prop_next; /* the next property of the same name, -1 */
    u64map prop_first;  /* interned name → first property of that name */
    size_t nprops;
    /* calls of repository defs: def → first entry; per entry the call, the site that made
     * the receiver (-1: not known) and the next entry of the same def */
    u64map mc_first;
    const char **views; /* qualified names of Django views routed by path()/re_path()/url() */
    size_t nviews, viewcap;
    u64map mod_file; /* interned module name → its file */
    int32_t *comp;   /* per file: its component of the import graph (a representative file) */
    u64map mdict;    /* "file:name" → 1 + the module-level dict literal it is bound to (or 0) */
    mc_ent *mc;
    size_t nmc, mccap;
    /* what a call passes to a parameter: (call, parameter node) → first entry; per entry
     * the site that made the object (-1: not known) and the next entry */
    u64map pa_first;
    pa_ent *pa;
    size_t npa, pacap;
    /* reads of param.attr in defs, decided once every call is known */
    pr_ent *pr;
    size_t npr, prcap;
    /* reads of self.attr in methods, decided once every call is known */
    sr_ent *sr;
    size_t nsr, srcap;
    sbuf tmp;
} builder;

/* ---- graph primitives ------------------------------------------------------------------- */

static void edge(builder *b, int32_t src, int32_t dst, int kind, int32_t site)
{
    fl_graph *g = b->g;
    if (src < 0 || dst < 0 || src == dst)
        return;
    if (g->nedges == g->ecap) { /* one capacity for both arrays */
        size_t cap = g->ecap;
        g->esrc = core_grow(g->esrc, &cap, g->nedges + 1, sizeof *g->esrc, 4096);
        g->e = core_grow(g->e, &g->ecap, g->nedges + 1, sizeof *g->e, 4096);
    }
    g->esrc[g->nedges] = src;
    g->e[g->nedges].dst = dst;
    g->e[g->nedges].site = site;
    g->e[g->nedges].kind = (uint8_t)kind;
    g->nedges++;
}

/* The synthetic node of key (interned; "field C.x", "global m.x", "cell …"), made on first use
 * with anchor as its location. */
static int32_t syn_node(builder *b, const char *key, int32_t anchor)
{
    fl_graph *g = b->g;
    int32_t *slot = um_slot(&b->syn, (uint64_t)(uintptr_t)key);
    if (*slot >= 0) {
        if (g->syn_anchor[*slot - (int32_t)g->nast] < 0)
            g->syn_anchor[*slot - (int32_t)g->nast] = anchor;
        return *slot;
    }
    if (g->nnodes == g->cap) { /* the synthetic nodes' arrays follow the nodes' capacity */
        g->nodes = core_grow(g->nodes, &g->cap, g->nnodes + 1, sizeof *g->nodes, 0);
        g->syn_label = core_realloc(g->syn_label, (g->cap - g->nast) * sizeof *g->syn_label);
        g->syn_anchor = core_realloc(g->syn_anchor, (g->cap - g->nast) * sizeof *g->syn_anchor);
    }
    int32_t id = (int32_t)g->nnodes++;
    memset(&g->nodes[id], 0, sizeof g->nodes[id]);
    g->nodes[id].parent = g->nodes[id].first = g->nodes[id].next = -1;
    g->nodes[id].file = -1;
    g->syn_label[id - g->nast] = key;
    g->syn_anchor[id - g->nast] = anchor;
    *slot = id;
    return id;
}

static int32_t syn_of(builder *b, const char *prefix, const char *a, const char *c, int32_t anchor)
{
    sbuf_reset(&b->tmp);
    sbuf_puts(&b->tmp, prefix);
    sbuf_puts(&b->tmp, a);
    if (c) {
        sbuf_putc(&b->tmp, '.');
        sbuf_puts(&b->tmp, c);
    }
    return syn_node(b, intern_n(&b->st, b->tmp.data, b->tmp.len), anchor);
}

static void add_source(builder *b, int32_t node, const char *label)
{
    fl_graph *g = b->g;
    g->sources = core_grow(g->sources, &g->srccap, g->nsources + 1, sizeof *g->sources, 64);
    g->sources[g->nsources].node = node;
    g->sources[g->nsources].label = label;
    g->nsources++;
}

static void add_sink(builder *b, int32_t arg, int32_t call, int rule, const char *model)
{
    fl_graph *g = b->g;
    if (arg < 0)
        return;
    g->sinks = core_grow(g->sinks, &g->sinkcap, g->nsinks + 1, sizeof *g->sinks, 64);
    fl_sink *s = &g->sinks[g->nsinks++];
    s->arg = arg;
    s->call = call;
    s->rule = rule;
    s->model = model;
}

static void add_block(builder *b, int32_t node, uint32_t mask)
{
    fl_graph *g = b->g;
    if (g->nblk == g->blkcap) { /* one capacity for both arrays */
        size_t cap = g->blkcap;
        g->blk_node = core_grow(g->blk_node, &cap, g->nblk + 1, sizeof *g->blk_node, 64);
        g->blk_mask = core_grow(g->blk_mask, &g->blkcap, g->nblk + 1, sizeof *g->blk_mask, 64);
    }
    g->blk_node[g->nblk] = node;
    g->blk_mask[g->nblk] = mask;
    g->nblk++;
}

/* ---- tree helpers ------------------------------------------------------------------------ */

#define N(i) (&b->g->nodes[(i)])

static int kind_of(const char *s)
{
    for (int k = 1; k < K__COUNT; k++)
        if (strcmp(fl_kind_names[k], s) == 0)
            return k;
    return K_OTHER;
}

/* The first child of n in field f (interned), or -1. */
static int32_t child(builder *b, int32_t n, const char *f)
{
    for (int32_t c = N(n)->first; c >= 0; c = N(c)->next)
        if (N(c)->field == f)
            return c;
    return -1;
}

/* The k-th child of n in field f, or -1. */
static int32_t child_at(builder *b, int32_t n, const char *f, int k)
{
    for (int32_t c = N(n)->first; c >= 0; c = N(c)->next)
        if (N(c)->field == f && k-- == 0)
            return c;
    return -1;
}

static bool is_scope_kind(int k)
{
    return k == K_FunctionDef || k == K_AsyncFunctionDef || k == K_Lambda;
}

static bool is_expr_ctx(int k)
{
    return k == K_Load || k == K_Store || k == K_Del;
}

/* field names, interned once */
static const char *F_body, *F_orelse, *F_finalbody, *F_handlers, *F_value, *F_values, *F_targets,
    *F_target, *F_iter, *F_test, *F_items, *F_context_expr, *F_optional_vars, *F_func, *F_args,
    *F_keywords, *F_elts, *F_keys, *F_left, *F_right, *F_operand, *F_elt, *F_key, *F_generators,
    *F_ifs, *F_decorator_list, *F_posonlyargs, *F_vararg, *F_kwonlyargs, *F_kwarg, *F_defaults,
    *F_kw_defaults, *F_names, *F_bases, *F_subject, *F_cases, *F_pattern, *F_guard, *F_slice,
    *F_exc, *F_cause, *F_msg, *F_annotation, *F_type, *F_ops, *F_comparators, *F_generators_dummy;

static void intern_fields(builder *b)
{
#define I(x) F_##x = intern(&b->st, #x)
    I(body);
    I(orelse);
    I(finalbody);
    I(handlers);
    I(value);
    I(values);
    I(targets);
    I(target);
    I(iter);
    I(test);
    I(items);
    I(context_expr);
    I(optional_vars);
    I(func);
    I(args);
    I(keywords);
    I(elts);
    I(keys);
    I(left);
    I(right);
    I(operand);
    I(elt);
    I(key);
    I(generators);
    I(ifs);
    I(decorator_list);
    I(posonlyargs);
    I(vararg);
    I(kwonlyargs);
    I(kwarg);
    I(defaults);
    I(kw_defaults);
    I(names);
    I(bases);
    I(subject);
    I(cases);
    I(pattern);
    I(guard);
    I(slice);
    I(exc);
    I(cause);
    I(msg);
    I(annotation);
    I(type);
    I(ops);
    I(comparators);
#undef I
    F_generators_dummy = NULL;
    b->s_self = intern(&b->st, "self");
    static const char *const app[] = {"append", "extend",     "insert",     "add",
                                      "update", "appendleft", "extendleft", "setdefault",
                                      "put",    "put_nowait", "push",       "__setitem__"};
    b->nappend = sizeof app / sizeof *app;
    for (size_t i = 0; i < b->nappend; i++)
        b->s_append[i] = intern(&b->st, app[i]);
}

/* ---- environments ------------------------------------------------------------------------ */

static env_ent *env_find(env *e, const char *name)
{
    for (size_t i = 0; i < e->n; i++)
        if (e->v[i].name == name)
            return &e->v[i];
    return NULL;
}

static env_ent *env_get(env *e, const char *name)
{
    env_ent *x = env_find(e, name);
    if (x)
        return x;
    e->v = core_grow(e->v, &e->cap, e->n + 1, sizeof *e->v, 16);
    x = &e->v[e->n++];
    memset(x, 0, sizeof *x);
    x->name = name;
    return x;
}

static void ent_add(env_ent *x, int32_t d)
{
    for (uint32_t i = 0; i < x->n; i++)
        if (x->defs[i] == d)
            return;
    if (x->n == x->cap) { /* the entry's capacity has 32 bits */
        size_t cap = x->cap;
        x->defs = core_grow(x->defs, &cap, (size_t)x->n + 1, sizeof *x->defs, 4);
        x->cap = (uint32_t)cap;
    }
    x->defs[x->n++] = d;
}

static void env_free(env *e)
{
    for (size_t i = 0; i < e->n; i++)
        core_free(e->v[i].defs);
    core_free(e->v);
    memset(e, 0, sizeof *e);
}

static env env_copy(const env *e)
{
    env r = {0};
    for (size_t i = 0; i < e->n; i++) {
        env_ent *x = env_get(&r, e->v[i].name);
        for (uint32_t k = 0; k < e->v[i].n; k++)
            ent_add(x, e->v[i].defs[k]);
    }
    return r;
}

/* into ∪= from */
static void env_join(env *into, const env *from)
{
    for (size_t i = 0; i < from->n; i++) {
        env_ent *x = env_get(into, from->v[i].name);
        for (uint32_t k = 0; k < from->v[i].n; k++)
            ent_add(x, from->v[i].defs[k]);
    }
}

/* ---- names and qualified names ----------------------------------------------------------- */

static bool in_list(const char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == s)
            return true;
    return false;
}

/* What an imported name of file f stands for (its absolute name), or NULL. */
static const char *import_target(builder *b, int32_t f, const char *name)
{
    file_info *fi = &b->files[f];
    const char *r = NULL;
    for (size_t i = 0; i < fi->n; i++)
        if (fi->v[i].bound == name)
            r = fi->v[i].target;
    return r;
}

static bool file_imports(builder *b, int32_t f, const char *const *mods, size_t n)
{
    if (n == 0)
        return true;
    file_info *fi = &b->files[f];
    for (size_t i = 0; i < fi->n; i++)
        for (size_t k = 0; k < n; k++) {
            size_t l = strlen(mods[k]);
            const char *t = fi->v[i].target;
            if (strncmp(t, mods[k], l) == 0 && (t[l] == 0 || t[l] == '.'))
                return true;
        }
    return false;
}

/* Does any file of the repository import one of mods (or a module under one)? */
static bool repo_imports(builder *b, const char *const *mods, size_t n)
{
    for (size_t f = 0; f < b->g->nfiles; f++)
        if (b->files[f].n && file_imports(b, (int32_t)f, mods, n))
            return true;
    return false;
}

static bool is_local(const scope *s, const char *name)
{
    return in_list(s->locals, s->nlocals, name) && !in_list(s->globals, s->nglobals, name);
}

/* The dotted qualified name of expression e (Name or Attribute chain rooted at an imported
 * name or a builtin), interned; NULL when it is not one. */
static const char *qname_of(builder *b, const scope *s, int32_t e)
{
    fl_node *n = N(e);
    if (n->kind == K_Name) {
        if (is_local(s, n->name) && s->node != b->files[s->file].first_node)
            return NULL;
        const char *t = import_target(b, s->file, n->name);
        if (t)
            return t;
        if (s->node == b->files[s->file].first_node && is_local(s, n->name))
            return NULL;
        return n->name; /* a builtin or a module-level name */
    }
    if (n->kind == K_Attribute) {
        const char *base = qname_of(b, s, child(b, e, F_value));
        if (!base)
            return NULL;
        sbuf_reset(&b->tmp);
        sbuf_puts(&b->tmp, base);
        sbuf_putc(&b->tmp, '.');
        sbuf_puts(&b->tmp, n->name);
        return intern_n(&b->st, b->tmp.data, b->tmp.len);
    }
    return NULL;
}

/* ---- scopes ------------------------------------------------------------------------------ */

static void push_name(const char ***v, size_t *n, size_t *cap, const char *s)
{
    if (!s || in_list(*v, *n, s))
        return;
    *v = core_grow(*v, cap, *n + 1, sizeof **v, 16);
    (*v)[(*n)++] = s;
}

static void collect_locals(builder *b, scope *s, int32_t n, size_t *lcap, size_t *gcap);

/* Collects what node c binds in scope s, and below it unless it is a nested scope. */
static void collect_one(builder *b, scope *s, int32_t c, size_t *lcap, size_t *gcap)
{
    fl_node *x = N(c);
    switch (x->kind) {
    case K_Name:
        if (x->first >= 0 && N(x->first)->kind != K_Load)
            push_name(&s->locals, &s->nlocals, lcap, x->name);
        break;
    case K_arg:
        push_name(&s->locals, &s->nlocals, lcap, x->name);
        break;
    case K_alias:
        for (size_t i = 0; i < b->files[s->file].n; i++)
            if (b->files[s->file].v[i].bstart == x->bstart)
                push_name(&s->locals, &s->nlocals, lcap, b->files[s->file].v[i].bound);
        break;
    case K_ExceptHandler:
    case K_MatchAs:
    case K_MatchStar:
        push_name(&s->locals, &s->nlocals, lcap, x->name);
        break;
    default:
        break;
    }
    if (is_scope_kind(x->kind) || x->kind == K_ClassDef) {
        if (x->kind != K_Lambda)
            push_name(&s->locals, &s->nlocals, lcap, x->name);
        if (is_scope_kind(x->kind))
            s->has_inner = true;
        /* decorators, defaults and bases belong to this scope */
        for (int32_t k = x->first; k >= 0; k = N(k)->next) {
            if (N(k)->field == F_decorator_list || N(k)->field == F_bases)
                collect_one(b, s, k, lcap, gcap);
            else if (N(k)->field == F_args && N(k)->kind == K_arguments)
                for (int32_t d = N(k)->first; d >= 0; d = N(d)->next)
                    if (N(d)->field == F_defaults || N(d)->field == F_kw_defaults)
                        collect_one(b, s, d, lcap, gcap);
        }
        return;
    }
    collect_locals(b, s, c, lcap, gcap);
}

/* Collects the names bound in scope s by the children of n (not descending into nested
 * scopes or classes). */
static void collect_locals(builder *b, scope *s, int32_t n, size_t *lcap, size_t *gcap)
{
    for (int32_t c = N(n)->first; c >= 0; c = N(c)->next)
        collect_one(b, s, c, lcap, gcap);
}

static void scope_init(builder *b, scope *s, int32_t node, scope *outer)
{
    memset(s, 0, sizeof *s);
    s->node = node;
    s->file = N(node)->file;
    s->outer = outer;
    size_t lcap = 0, gcap = 0;
    if (N(node)->kind == K_Module)
        collect_locals(b, s, node, &lcap, &gcap);
    else
        for (int32_t c = N(node)->first; c >= 0; c = N(c)->next)
            if (N(c)->field == F_body || N(c)->field == F_args)
                collect_one(b, s, c, &lcap, &gcap);
    /* global and nonlocal declarations: the AST rows do not hold their names, the
     * symbol table does (a decorated def's scope line may be its first decorator's) */
    if (N(node)->kind == K_FunctionDef || N(node)->kind == K_AsyncFunctionDef) {
        int32_t first_line = N(node)->line;
        for (int32_t c = N(node)->first; c >= 0; c = N(c)->next)
            if (N(c)->field == F_decorator_list && N(c)->line < first_line)
                first_line = N(c)->line;
        file_info *fi = &b->files[s->file];
        for (size_t i = 0; i < fi->nd; i++)
            if (fi->d[i].scope == N(node)->name && fi->d[i].line >= first_line - 1 &&
                fi->d[i].line <= N(node)->line)
                push_name(&s->globals, &s->nglobals, &gcap, fi->d[i].name);
    }
}

static void scope_free(scope *s)
{
    core_free(s->locals);
    core_free(s->globals);
}

/* The class key (module.Class) when def is a method, and its first parameter's name. */
static void method_info(builder *b, scope *s)
{
    int32_t p = N(s->node)->parent;
    if (p < 0 || N(p)->kind != K_ClassDef || N(s->node)->kind == K_Lambda)
        return;
    const char *mod = b->g->modules[s->file];
    sbuf_reset(&b->tmp);
    sbuf_printf(&b->tmp, "%s.%s", mod ? mod : "", N(p)->name ? N(p)->name : "?");
    s->cls = intern_n(&b->st, b->tmp.data, b->tmp.len);
    bool is_static = false;
    for (int32_t d = N(s->node)->first; d >= 0; d = N(d)->next)
        if (N(d)->field == F_decorator_list && N(d)->kind == K_Name && N(d)->name &&
            strcmp(N(d)->name, "staticmethod") == 0)
            is_static = true;
    int32_t args = child(b, s->node, F_args);
    if (is_static || args < 0)
        return;
    int32_t a0 = child_at(b, args, F_posonlyargs, 0);
    if (a0 < 0)
        a0 = child_at(b, args, F_args, 0);
    if (a0 >= 0)
        s->self = N(a0)->name;
}

/* ---- the walk ----------------------------------------------------------------------------- */

/* A store into a field (o.x = v) or a constant key (d["k"] = v) of a local name's object,
 * held back while a later store of the same path in straight-line code may still overwrite
 * it: its edges (all leaving the store's node src) are emitted when anything could observe
 * the path first (release), dropped when the path is stored again. */
typedef struct {
    const char *base, *key; /* the base Name and the attribute or the key's repr, interned */
    bool sub;               /* d["k"] = v, else o.x = v */
    int32_t src;
    fl_edge *e;
    size_t n;
} held_store;

/* The last store of a path (o.x, d["k"] with a string key) since the last call, statement
 * that is not an assignment or expression, or block end: a read of the same path reads it. */
typedef struct {
    const char *base, *key;
    bool sub;
    int32_t t;
} known_store;

typedef struct {
    builder *b;
    scope *s;
    env env;
    const char *class_key; /* inside a class body: its key */
    held_store *held;
    size_t nheld, heldcap;
    known_store *known;
    size_t nknown, knowncap;
    int lazy; /* inside a generator expression: it reads later, when iterated */
} walker;

enum { REL_ALL, REL_ATTR, REL_SUB_OF, REL_BASE, REL_SUBKEY };

/* Forgets the known stores that how selects (as release does; REL_SUB_OF: every key store,
 * REL_SUBKEY: the key stores of key s under any name, which may alias). */
static void forget(walker *w, int how, const char *s)
{
    size_t k = 0;
    for (size_t i = 0; i < w->nknown; i++) {
        known_store *x = &w->known[i];
        bool hit = how == REL_ALL || (how == REL_ATTR && !x->sub && x->key == s) ||
                   (how == REL_SUB_OF && x->sub) || (how == REL_BASE && x->base == s) ||
                   (how == REL_SUBKEY && x->sub && x->key == s);
        if (!hit)
            w->known[k++] = *x;
    }
    w->nknown = k;
}

static void know(walker *w, const char *base, const char *key, bool sub, int32_t t)
{
    w->known = core_grow(w->known, &w->knowncap, w->nknown + 1, sizeof *w->known, 8);
    w->known[w->nknown++] = (known_store){.base = base, .key = key, .sub = sub, .t = t};
}

/* The store node of the known path, or -1. */
static int32_t known_of(walker *w, const char *base, const char *key, bool sub)
{
    if (w->lazy)
        return -1;
    for (size_t i = 0; i < w->nknown; i++)
        if (w->known[i].base == base && w->known[i].key == key && w->known[i].sub == sub)
            return w->known[i].t;
    return -1;
}

/* Emits the held stores that how selects: all; the field stores of attribute s; the key
 * stores into the object of name s; every store into the object of name s. */
static void release(walker *w, int how, const char *s)
{
    if (how == REL_ALL)
        w->nknown = 0;
    size_t k = 0;
    for (size_t i = 0; i < w->nheld; i++) {
        held_store *h = &w->held[i];
        bool hit = how == REL_ALL || (how == REL_ATTR && !h->sub && h->key == s) ||
                   (how == REL_SUB_OF && h->sub && h->base == s) ||
                   (how == REL_BASE && h->base == s);
        if (!hit) {
            w->held[k++] = *h;
            continue;
        }
        for (size_t j = 0; j < h->n; j++)
            edge(w->b, h->src, h->e[j].dst, h->e[j].kind, h->e[j].site);
        core_free(h->e);
    }
    w->nheld = k;
}

/* Store t (its edges emitted from mark on) overwrites the held store of the same path, and
 * is held in turn: its edges leaving t are taken out of the graph until released. */
static void hold_store(walker *w, int32_t t, size_t mark, const char *base, const char *key,
                       bool sub)
{
    fl_graph *g = w->b->g;
    for (size_t i = 0; i < w->nheld; i++)
        if (w->held[i].base == base && w->held[i].key == key && w->held[i].sub == sub) {
            core_free(w->held[i].e); /* overwritten: never reaches the field */
            memmove(&w->held[i], &w->held[i + 1], (w->nheld - i - 1) * sizeof *w->held);
            w->nheld--;
            break;
        }
    held_store h = {.base = base, .key = key, .sub = sub, .src = t, .e = NULL, .n = 0};
    size_t k = mark, cap = 0;
    for (size_t i = mark; i < g->nedges; i++) {
        if (g->esrc[i] == t) {
            h.e = core_grow(h.e, &cap, h.n + 1, sizeof *h.e, 4);
            h.e[h.n++] = g->e[i];
        } else {
            g->esrc[k] = g->esrc[i];
            g->e[k++] = g->e[i];
        }
    }
    g->nedges = k;
    w->held = core_grow(w->held, &w->heldcap, w->nheld + 1, sizeof *w->held, 8);
    w->held[w->nheld++] = h;
}

static void walker_free(walker *w)
{
    release(w, REL_ALL, NULL);
    core_free(w->held);
    core_free(w->known);
    env_free(&w->env);
}

static int32_t eval(walker *w, int32_t e);
static int32_t guard_of(builder *b, int32_t test, bool *positive);
static void rebind_clean(walker *w, int32_t name_node, int32_t test);
static void getattr_source(walker *w, int32_t call);
static size_t class_keys(builder *b, const char *cls, const char **keys);
static void django_route(walker *w, int32_t call, const char *callee);
static int32_t param_at(builder *b, int32_t args, int i);
static void stmts(walker *w, int32_t parent, const char *field);
static void stmt(walker *w, int32_t st);

/* The enclosing scope (outward from w->s) that binds name, or NULL. */
static scope *binder_of(walker *w, const char *name)
{
    for (scope *o = w->s->outer; o; o = o->outer) {
        if (w->b->g->nodes[o->node].kind == K_Module)
            return NULL;
        if (is_local(o, name))
            return o;
    }
    return NULL;
}

static int32_t global_node(walker *w, const char *name, int32_t anchor)
{
    const char *mod = w->b->g->modules[w->s->file];
    return syn_of(w->b, "global ", mod ? mod : w->b->g->paths[w->s->file], name, anchor);
}

static int32_t cell_node(walker *w, scope *o, const char *name, int32_t anchor)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%d", o->node);
    sbuf_reset(&w->b->tmp);
    sbuf_printf(&w->b->tmp, "cell %s@%s", name, buf);
    return syn_node(w->b, intern_n(&w->b->st, w->b->tmp.data, w->b->tmp.len), anchor);
}

static bool is_module_scope(walker *w)
{
    return w->b->g->nodes[w->s->node].kind == K_Module;
}

/* a Name read */
/* Does a def of file f declare name global? */
static bool declared_global(builder *b, int32_t f, const char *name)
{
    for (size_t i = 0; i < b->files[f].nd; i++)
        if (b->files[f].d[i].name == name)
            return true;
    return false;
}

static void name_load(walker *w, int32_t e)
{
    builder *b = w->b;
    const char *name = N(e)->name;
    release(w, REL_SUB_OF, name);
    env_ent *x = env_find(&w->env, name);
    bool module = is_module_scope(w);
    if (x && (!module || x->n > 0 || is_local(w->s, name))) {
        for (uint32_t i = 0; i < x->n; i++)
            edge(b, x->defs[i], e, E_FLOW, -1);
        if (in_list(w->s->globals, w->s->nglobals, name) && !module) {
            scope *o = binder_of(w, name);
            edge(b, o ? cell_node(w, o, name, -1) : global_node(w, name, -1), e, E_HEAP, -1);
        }
        if (module && declared_global(b, w->s->file, name)) /* a def may have changed it */
            edge(b, global_node(w, name, -1), e, E_HEAP, -1);
        return;
    }
    if (!module && is_local(w->s, name))
        return; /* bound later in this scope (a loop's second pass sees it) */
    scope *o = binder_of(w, name);
    if (o) {
        edge(b, cell_node(w, o, name, -1), e, E_HEAP, -1);
        return;
    }
    const char *t = import_target(b, w->s->file, name);
    if (t) { /* an imported module-level name of another repository module */
        edge(b, syn_of(b, "global ", t, NULL, -1), e, E_HEAP, -1);
        return;
    }
    edge(b, global_node(w, name, -1), e, E_HEAP, -1);
}

/* Binds the value node src to the target expression t. */
static void assign(walker *w, int32_t t, int32_t src, bool strong);

/* Adds node d as one more value the container expression base may hold (a[k] = v,
 * a.append(v)). */
static void weak_store(walker *w, int32_t base, int32_t d)
{
    builder *b = w->b;
    fl_node *n = N(base);
    if (n->kind == K_Name) {
        edge(b, d, base, E_FLOW, -1);
        assign(w, base, -1, false);
        /* the container's own node is the new def */
        env_ent *x = env_get(&w->env, n->name);
        ent_add(x, base);
        /* a container of the module (or an enclosing def) changed in a def: QUEUE.append(x),
         * CACHE[k] = v without a global statement */
        if (!is_module_scope(w) && !is_local(w->s, n->name) &&
            !in_list(w->s->globals, w->s->nglobals, n->name)) {
            scope *o = binder_of(w, n->name);
            const char *t = o ? NULL : import_target(b, w->s->file, n->name);
            edge(b, base,
                 o   ? cell_node(w, o, n->name, base)
                 : t ? syn_of(b, "global ", t, NULL, base)
                     : global_node(w, n->name, base),
                 E_HEAP, -1);
        }
    } else if (n->kind == K_Attribute || n->kind == K_Subscript) {
        if (n->kind == K_Attribute)
            assign(w, base, d, false);
        else
            weak_store(w, child(b, base, F_value), d);
    }
}

/* Is e a Name or attribute chain whose root is a name bound by an import (and not rebound
 * locally)? */
static bool rooted_at_import(walker *w, int32_t e)
{
    builder *b = w->b;
    if (e < 0)
        return false;
    while (N(e)->kind == K_Attribute)
        e = child(b, e, F_value);
    if (N(e)->kind != K_Name)
        return false;
    const char *t = import_target(b, w->s->file, N(e)->name);
    if (!t)
        return false;
    /* a function's own binding of the name hides the import */
    return is_module_scope(w) || !is_local(w->s, N(e)->name);
}

static bool is_self(walker *w, int32_t e)
{
    builder *b = w->b;
    return e >= 0 && w->s->self && N(e)->kind == K_Name && N(e)->name == w->s->self;
}

/* "*c" (or "?c"): objects of any class of the files of import component c. Files that do
 * not import each other (directly or through others) cannot share an object, so the
 * fields of objects of unknown class stay within a component. */
static const char *any_class(builder *b, int32_t file, char mark)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%c%d", mark, file >= 0 && b->comp ? b->comp[file] : 0);
    return intern(&b->st, buf);
}

static int32_t field_node(walker *w, const char *cls, const char *attr, int32_t anchor)
{
    return syn_of(w->b, "field ", cls ? cls : any_class(w->b, w->s->file, '*'), attr, anchor);
}

/* Attribute attr of class cls itself (a class body's assignment, Cls.x = v, cls.x = v in
 * a classmethod): what Cls.x reads; objects of the class read it too. */
static int32_t cfield_node(builder *b, const char *cls, const char *attr, int32_t anchor)
{
    int32_t c = syn_of(b, "cfield ", cls, attr, anchor);
    edge(b, c, syn_of(b, "field ", cls, attr, anchor), E_HEAP, -1);
    return c;
}

/* module.Class of a ClassDef node. */
static const char *class_key_of(builder *b, int32_t cd)
{
    const char *mod = b->g->modules[N(cd)->file];
    sbuf_reset(&b->tmp);
    sbuf_printf(&b->tmp, "%s.%s", mod ? mod : "", N(cd)->name ? N(cd)->name : "?");
    return intern_n(&b->st, b->tmp.data, b->tmp.len);
}

/* The ClassDef the Name e stands for here (a class of this module, or imported from a
 * repository module), or -1. */
static int32_t class_of(walker *w, int32_t e)
{
    builder *b = w->b;
    if (e < 0 || N(e)->kind != K_Name)
        return -1;
    const char *name = N(e)->name, *cname = name;
    env_ent *x = env_find(&w->env, name);
    if (x && x->n == 1 && N(x->defs[0])->kind == K_ClassDef)
        return x->defs[0];
    int32_t f = -1;
    const char *t = NULL;
    if (x && x->n == 1 && N(x->defs[0])->kind == K_alias)
        t = import_target(b, w->s->file, name);
    else if (!x && !is_module_scope(w) && !is_local(w->s, name) && !binder_of(w, name))
        f = (t = import_target(b, w->s->file, name)) ? -1 : w->s->file;
    else
        return -1;
    if (t) {
        const char *dot = strrchr(t, '.');
        if (!dot)
            return -1;
        f = um_get(&b->mod_file, (uint64_t)(uintptr_t)intern_n(&b->st, t, (size_t)(dot - t)));
        cname = intern(&b->st, dot + 1);
    }
    if (f < 0)
        return -1;
    int32_t found = -1;
    for (int32_t st = N(b->files[f].first_node)->first; st >= 0; st = N(st)->next)
        if (N(st)->field == F_body && N(st)->kind == K_ClassDef && N(st)->name == cname)
            found = st;
    return found;
}

/* Field attr as stored through a receiver of unknown origin (def fill(o): o.x = v): read by
 * objects made at known sites too, since o may be any of them. */
static int32_t unknown_field(builder *b, int32_t file, const char *attr, int32_t anchor)
{
    return syn_of(b, "field ", any_class(b, file, '?'), attr, anchor);
}

/* The class key (module.Class) of the class a call constructs (its PY_CALLS target is the
 * class's __init__, or the class itself), or NULL. */
static const char *ctor_class(builder *b, int32_t call)
{
    if (call < 0 || N(call)->kind != K_Call)
        return NULL;
    for (int32_t k = um_get(&b->calls, call_key(N(call)->file, N(call)->bstart, N(call)->bend));
         k >= 0; k = b->ct[k].next) {
        int32_t d = b->ct[k].def;
        if (d < 0)
            continue;
        int32_t c = N(d)->kind == K_ClassDef ? d : -1;
        if (c < 0 && N(d)->name && strcmp(N(d)->name, "__init__") == 0 && N(d)->parent >= 0 &&
            N(N(d)->parent)->kind == K_ClassDef)
            c = N(d)->parent;
        if (c < 0 || !N(c)->name)
            continue;
        const char *mod = b->g->modules[N(c)->file];
        sbuf_reset(&b->tmp);
        sbuf_printf(&b->tmp, "%s.%s", mod ? mod : "", N(c)->name);
        return intern_n(&b->st, b->tmp.data, b->tmp.len);
    }
    return NULL;
}

/* The constructor calls that made every value the Name e may hold here (into out, at most
 * max); 0 when any value has another origin. */
static size_t allocs_of(walker *w, int32_t e, int32_t *out, size_t max)
{
    builder *b = w->b;
    if (e < 0 || N(e)->kind != K_Name)
        return 0;
    env_ent *x = env_find(&w->env, N(e)->name);
    if (!x || x->n == 0 || x->n > max)
        return 0;
    for (uint32_t i = 0; i < x->n; i++) {
        int32_t s = um_get(&b->alloc_of, (uint64_t)x->defs[i]);
        if (s < 0)
            return 0;
        out[i] = s;
    }
    return x->n;
}

/* The field attr of the one object made by constructor call site. */
static int32_t site_field(walker *w, int32_t site, const char *attr, int32_t anchor)
{
    char buf[32];
    snprintf(buf, sizeof buf, "@%d", site);
    return syn_of(w->b, "field ", buf, attr, anchor);
}

/* Reads of attribute attr of objects made at the sites allocs into e: the class's field
 * (and its bases'), in the context of the constructor call or of a method call on the
 * object. */
static void typed_field_read(walker *w, const int32_t *allocs, size_t n, const char *attr,
                             int32_t e)
{
    builder *b = w->b;
    edge(b, unknown_field(b, w->s->file, attr, -1), e, E_HEAP, -1);
    for (size_t i = 0; i < n; i++) {
        edge(b, site_field(w, allocs[i], attr, -1), e, E_HEAP, -1);
        const char *cls = ctor_class(b, allocs[i]);
        if (!cls)
            continue;
        const char *keys[33];
        size_t nk = 0;
        keys[nk++] = cls;
        int32_t k = um_get(&b->bases_of, (uint64_t)(uintptr_t)cls);
        if (k >= 0)
            for (size_t j = 0; j < b->cls[k].n && nk < 33; j++)
                keys[nk++] = b->cls[k].bases[j];
        for (size_t j = 0; j < nk; j++) {
            int32_t f = field_node(w, keys[j], attr, -1);
            edge(b, f, e, E_FIELD, allocs[i]);
            for (int32_t t = um_get(&b->site_first, (uint64_t)allocs[i]); t >= 0;
                 t = b->site[t].next)
                edge(b, f, e, E_FIELD, b->site[t].call);
        }
    }
}

/* Notes that call runs def d on a receiver made at site alloc (-1: not known). */
static void note_def_call(builder *b, int32_t d, int32_t call, int32_t alloc)
{
    b->mc = core_grow(b->mc, &b->mccap, b->nmc + 1, sizeof *b->mc, 256);
    if (!b->mc_first.cap)
        um_init(&b->mc_first, 256);
    int32_t *slot = um_slot(&b->mc_first, (uint64_t)d);
    b->mc[b->nmc].call = call;
    b->mc[b->nmc].alloc = alloc;
    b->mc[b->nmc].next = *slot;
    *slot = (int32_t)b->nmc++;
}

/* Notes a read of self.attr (node e) in the method being walked. */
static void note_self_read(walker *w, int32_t e)
{
    builder *b = w->b;
    b->sr = core_grow(b->sr, &b->srcap, b->nsr + 1, sizeof *b->sr, 256);
    b->sr[b->nsr].node = e;
    b->sr[b->nsr].def = w->s->node;
    b->sr[b->nsr].cls = w->s->cls;
    b->nsr++;
}

/* Notes that call passes to parameter param the object made at site alloc (-1: a value of
 * another origin). */
static void note_param_alloc(builder *b, int32_t call, int32_t param, int32_t alloc)
{
    b->pa = core_grow(b->pa, &b->pacap, b->npa + 1, sizeof *b->pa, 256);
    int32_t *slot = um_slot(&b->pa_first, ((uint64_t)(uint32_t)call << 32) | (uint32_t)param);
    b->pa[b->npa].alloc = alloc;
    b->pa[b->npa].next = *slot;
    *slot = (int32_t)b->npa++;
}

/* Notes a read param.attr (node e) of a parameter of the def being walked. */
static void note_param_read(builder *b, int32_t e, int32_t param)
{
    b->pr = core_grow(b->pr, &b->prcap, b->npr + 1, sizeof *b->pr, 256);
    b->pr[b->npr].node = e;
    b->pr[b->npr].param = param;
    b->npr++;
}

/* Notes a method call on an object made at a known site (h.set(x)): reads of h's fields
 * accept values stored under that call. */
static void note_method_call(walker *w, int32_t recv, int32_t call)
{
    builder *b = w->b;
    int32_t allocs[8];
    size_t n = allocs_of(w, recv, allocs, 8);
    for (size_t i = 0; i < n; i++) {
        b->site = core_grow(b->site, &b->sitecap, b->nsite + 1, sizeof *b->site, 256);
        int32_t *slot = um_slot(&b->site_first, (uint64_t)allocs[i]);
        b->site[b->nsite].call = call;
        b->site[b->nsite].next = *slot;
        *slot = (int32_t)b->nsite++;
    }
}

/* The length n when every return statement of def d returns a tuple literal of n elements
 * without a starred one (return x, "safe"), else 0; a generator, a lambda or a def that can
 * fall off its end without returning such a tuple also gives 0 when it has no return. */
static int tuple_arity(builder *b, int32_t d)
{
    if (d < 0 || (N(d)->kind != K_FunctionDef && N(d)->kind != K_AsyncFunctionDef))
        return 0;
    int n = 0;
    int32_t end = (int32_t)b->g->nast;
    for (int32_t c = d + 1; c < end && N(c)->file == N(d)->file && N(c)->bstart < N(d)->bend;) {
        int k = N(c)->kind;
        if (is_scope_kind(k) || k == K_ClassDef) { /* a nested scope: skip it */
            int64_t e = N(c)->bend;
            int32_t f = N(c)->file;
            c++;
            while (c < end && N(c)->file == f && N(c)->bstart < e)
                c++;
            continue;
        }
        if (k == K_Yield || k == K_YieldFrom)
            return 0;
        if (k == K_Return) {
            int32_t v = child(b, c, F_value);
            if (v < 0 || N(v)->kind != K_Tuple)
                return 0;
            int m = 0;
            for (int32_t x = N(v)->first; x >= 0; x = N(x)->next)
                if (N(x)->field == F_elts) {
                    if (N(x)->kind == K_Starred)
                        return 0;
                    m++;
                }
            if (m == 0 || (n && m != n))
                return 0;
            n = m;
        }
        c++;
    }
    return n;
}

/* The value of element i of the tuples def d returns. */
static int32_t ret_elt(builder *b, int32_t d, int i, int32_t anchor)
{
    char buf[48];
    snprintf(buf, sizeof buf, "ret %d@%d", i, d);
    return syn_node(b, intern(&b->st, buf), anchor);
}

/* a, b = f() where every def the call may run returns tuples of that length: element to
 * element, through the call's return (E_RET). false when that is not the case. */
static bool unpack_call(walker *w, int32_t t, int32_t call, bool strong)
{
    builder *b = w->b;
    if (call < 0 || N(call)->kind != K_Call)
        return false;
    int nt = 0;
    for (int32_t c = N(t)->first; c >= 0; c = N(c)->next)
        if (N(c)->field == F_elts) {
            if (N(c)->kind != K_Name)
                return false;
            nt++;
        }
    int ndefs = 0;
    for (int32_t k = um_get(&b->calls, call_key(N(call)->file, N(call)->bstart, N(call)->bend));
         k >= 0; k = b->ct[k].next) {
        if (tuple_arity(b, b->ct[k].def) != nt)
            return false;
        ndefs++;
    }
    if (ndefs == 0)
        return false;
    int i = 0;
    for (int32_t c = N(t)->first; c >= 0; c = N(c)->next)
        if (N(c)->field == F_elts) {
            for (int32_t k =
                     um_get(&b->calls, call_key(N(call)->file, N(call)->bstart, N(call)->bend));
                 k >= 0; k = b->ct[k].next)
                edge(b, ret_elt(b, b->ct[k].def, i, -1), c, E_RET, call);
            assign(w, c, -1, strong);
            i++;
        }
    return true;
}

static void assign(walker *w, int32_t t, int32_t src, bool strong)
{
    builder *b = w->b;
    fl_node *n = N(t);
    switch (n->kind) {
    case K_Name: {
        edge(b, src, t, E_FLOW, -1);
        if (src >= 0 && strong && ctor_class(b, src))
            *um_slot(&b->alloc_of, (uint64_t)t) = src;
        env_ent *x = env_get(&w->env, n->name);
        if (strong) {
            x->n = 0;
            release(w, REL_BASE, n->name); /* another object from here on */
            forget(w, REL_BASE, n->name);
        }
        if (src >= 0 || strong)
            ent_add(x, t);
        bool module = is_module_scope(w);
        if (module || in_list(w->s->globals, w->s->nglobals, n->name)) {
            scope *o = module ? NULL : binder_of(w, n->name);
            edge(b, t, o ? cell_node(w, o, n->name, t) : global_node(w, n->name, t), E_HEAP, -1);
        } else if (w->s->has_inner) {
            edge(b, t, cell_node(w, w->s, n->name, t), E_HEAP, -1);
        }
        if (w->class_key) { /* a class attribute: also read through the class or an object */
            edge(b, t, cfield_node(b, w->class_key, n->name, t), E_HEAP, -1);
            edge(b, field_node(w, w->class_key, n->name, t), field_node(w, NULL, n->name, t),
                 E_HEAP, -1);
        }
        break;
    }
    case K_Tuple:
    case K_List: {
        /* a, b = x, y: element to element when both sides are literals of one length
         * without a starred element; else every target may hold any part of the value */
        int nt = 0, ns = 0;
        bool starred = false;
        for (int32_t c = n->first; c >= 0; c = N(c)->next)
            if (N(c)->field == F_elts) {
                nt++;
                starred = starred || N(c)->kind == K_Starred;
            }
        if (src >= 0 && (N(src)->kind == K_Tuple || N(src)->kind == K_List))
            for (int32_t c = N(src)->first; c >= 0; c = N(c)->next)
                if (N(c)->field == F_elts) {
                    ns++;
                    starred = starred || N(c)->kind == K_Starred;
                }
        if (!starred && unpack_call(w, t, src, strong))
            break;
        bool pairwise = !starred && ns == nt && ns > 0;
        int32_t sc = pairwise ? child(b, src, F_elts) : -1;
        for (int32_t c = n->first; c >= 0; c = N(c)->next)
            if (N(c)->field == F_elts) {
                if (pairwise) {
                    assign(w, c, sc, strong);
                    do
                        sc = N(sc)->next;
                    while (sc >= 0 && N(sc)->field != F_elts);
                } else {
                    assign(w, c, src, strong);
                }
            }
        break;
    }
    case K_Starred:
        assign(w, child(b, t, F_value), src, strong);
        break;
    case K_Attribute: {
        int32_t base = child(b, t, F_value);
        eval(w, base);
        edge(b, src, t, E_FLOW, -1);
        size_t mark = b->g->nedges;
        /* a property's setter runs on each store: none is held */
        bool hold = strong && N(base)->kind == K_Name &&
                    um_get(&b->prop_first, (uint64_t)(uintptr_t)n->name) < 0;
        if (!strong)
            release(w, REL_ATTR, n->name);
        forget(w, REL_ATTR, n->name); /* o.x through any name: o may be an alias */
        int32_t f, cd = -1;
        int32_t allocs[8];
        size_t na = 0;
        if (is_self(w, base)) {
            /* the context stays: a read of this object's field matches it (E_FIELD) */
            f = field_node(w, w->s->cls, n->name, t);
            edge(b, t, f, E_FLOW, -1);
            edge(b, f, field_node(w, NULL, n->name, t), E_FLOW, -1);
            for (int32_t c = N(w->s->node)->first; c >= 0; c = N(c)->next)
                if (N(c)->field == F_decorator_list && N(c)->kind == K_Name &&
                    strcmp(N(c)->name, "classmethod") == 0) /* cls.x = v */
                    edge(b, t, cfield_node(b, w->s->cls, n->name, t), E_HEAP, -1);
        } else if ((cd = class_of(w, base)) >= 0) { /* Cls.x = v */
            edge(b, t, cfield_node(b, class_key_of(b, cd), n->name, t), E_HEAP, -1);
            edge(b, field_node(w, class_key_of(b, cd), n->name, t), field_node(w, NULL, n->name, t),
                 E_HEAP, -1);
        } else if ((na = allocs_of(w, base, allocs, 8)) > 0) {
            /* obj.x = v on an object made at a known site: that object's own field */
            for (size_t i = 0; i < na; i++)
                edge(b, t, site_field(w, allocs[i], n->name, t), E_HEAP, -1);
            edge(b, t, field_node(w, NULL, n->name, t), E_HEAP, -1);
        } else {
            const char *q = qname_of(b, w->s, t);
            if (q && rooted_at_import(w, base)) /* config.CMD = v: the module's global */
                edge(b, t, syn_of(b, "global ", q, NULL, t), E_HEAP, -1);
            else /* o.x = v on an object of unknown origin: any object's field x */
                edge(b, t, unknown_field(b, w->s->file, n->name, t), E_HEAP, -1);
            f = field_node(w, NULL, n->name, t);
            edge(b, t, f, E_HEAP, -1);
        }
        if (hold) {
            hold_store(w, t, mark, N(base)->name, n->name, false);
            know(w, N(base)->name, n->name, false, t);
        }
        break;
    }
    case K_Subscript: {
        int32_t base = child(b, t, F_value), key = child(b, t, F_slice);
        eval(w, key);
        edge(b, src, t, E_FLOW, -1);
        size_t mark = b->g->nedges;
        weak_store(w, base, t);
        bool str_key = N(key)->kind == K_Constant && N(key)->value &&
                       (N(key)->value[0] == '\'' || N(key)->value[0] == '"');
        /* d["k"] through any name (an alias); another key (1, True, 1.0) may be any */
        forget(w, str_key ? REL_SUBKEY : REL_SUB_OF, str_key ? N(key)->value : NULL);
        if (strong && N(base)->kind == K_Name && N(key)->kind == K_Constant && N(key)->value)
            hold_store(w, t, mark, N(base)->name, N(key)->value, true);
        if (strong && N(base)->kind == K_Name && str_key)
            know(w, N(base)->name, N(key)->value, true, t);
        break;
    }
    default:
        if (!is_expr_ctx(n->kind))
            eval(w, t);
        break;
    }
}

/* d["k"] (or d.get("k")) where every value the name d may hold here is a dict literal
 * bound by a plain assignment: an edge into e from the value of key "k" of each (none when a
 * literal has no such key). false when that is not the case (the whole container flows). */
/* Does the dict literal have ** entries (values without a key: the AST rows leave out
 * their None keys)? */
static bool dict_spreads(builder *b, int32_t dict)
{
    int nkeys = 0, nvals = 0;
    for (int32_t c = N(dict)->first; c >= 0; c = N(c)->next) {
        nkeys += N(c)->field == F_keys;
        nvals += N(c)->field == F_values;
    }
    return nkeys != nvals;
}

/* The dict literal that module-level name of file f is bound to, when it is bound once, by
 * `name = {…}`, never declared global in a def, and never changed in place in that file
 * (`name[k] = v`, `name.update(…)`); else -1. Cached per (file, name). */
static int32_t module_dict(builder *b, int32_t f, const char *name)
{
    if (f < 0 || !name)
        return -1;
    sbuf_reset(&b->tmp);
    sbuf_printf(&b->tmp, "%d:%s", f, name);
    int32_t *slot =
        um_slot(&b->mdict, (uint64_t)(uintptr_t)intern_n(&b->st, b->tmp.data, b->tmp.len));
    if (*slot >= 0)
        return *slot - 1;
    int32_t dict = -1, mod = b->files[f].first_node;
    int binds = 0;
    for (int32_t st = N(mod)->first; st >= 0; st = N(st)->next) {
        int k = N(st)->kind;
        if (N(st)->field != F_body ||
            (k != K_Assign && k != K_AnnAssign && k != K_AugAssign && k != K_For))
            continue;
        for (int32_t t = N(st)->first; t >= 0; t = N(t)->next)
            if ((N(t)->field == F_targets || N(t)->field == F_target) && N(t)->kind == K_Name &&
                N(t)->name == name) {
                binds++;
                int32_t v = child(b, st, F_value);
                if (k == K_Assign && v >= 0 && N(v)->kind == K_Dict && !dict_spreads(b, v))
                    dict = v;
            }
    }
    if (binds != 1 || declared_global(b, f, name))
        dict = -1;
    /* changed in place anywhere in the file */
    int32_t end = (int32_t)b->g->nast;
    for (int32_t c = mod + 1; dict >= 0 && c < end && N(c)->file == f; c++) {
        int32_t v = -1;
        if (N(c)->kind == K_Subscript && N(c)->first >= 0) {
            int32_t ctx = -1;
            for (int32_t x = N(c)->first; x >= 0; x = N(x)->next)
                if (N(x)->kind == K_Store || N(x)->kind == K_Del)
                    ctx = x;
            if (ctx >= 0)
                v = child(b, c, F_value);
        } else if (N(c)->kind == K_Attribute && N(c)->parent >= 0 &&
                   N(N(c)->parent)->kind == K_Call && N(c)->field == F_func &&
                   (in_list(b->s_append, b->nappend, N(c)->name) ||
                    strcmp(N(c)->name, "pop") == 0 || strcmp(N(c)->name, "clear") == 0)) {
            v = child(b, c, F_value);
        }
        if (v >= 0 && N(v)->kind == K_Name && N(v)->name == name)
            dict = -1;
    }
    slot = um_slot(&b->mdict, (uint64_t)(uintptr_t)intern_n(&b->st, b->tmp.data, b->tmp.len));
    *slot = dict + 1;
    return dict;
}

/* The module-level dict literal an imported name stands for (from m import NAME), or -1. */
static int32_t imported_dict(builder *b, const char *target)
{
    const char *dot = target ? strrchr(target, '.') : NULL;
    if (!dot)
        return -1;
    for (size_t f = 0; f < b->g->nfiles; f++) {
        const char *m = b->g->modules[f];
        if (m && strlen(m) == (size_t)(dot - target) && strncmp(m, target, dot - target) == 0)
            return module_dict(b, (int32_t)f, intern(&b->st, dot + 1));
    }
    return -1;
}

/* The dict literals (at most max, into out) that every value the Name base may hold here was
 * bound to by a plain assignment (in this scope, or at module level, also of the module a
 * name is imported from); 0 when any value has another origin. spread: literals with **
 * entries count too. */
static size_t dict_literals(walker *w, int32_t base, int32_t *out, size_t max, bool spread)
{
    builder *b = w->b;
    if (base < 0 || N(base)->kind != K_Name)
        return 0;
    const char *name = N(base)->name;
    env_ent *x = env_find(&w->env, name);
    if (!x && !is_module_scope(w) && !is_local(w->s, name) && !binder_of(w, name)) {
        /* a module-level name read in a def */
        const char *t = import_target(b, w->s->file, name);
        out[0] = t ? imported_dict(b, t) : module_dict(b, w->s->file, name);
        return out[0] >= 0 ? 1 : 0;
    }
    if (!x || x->n == 0 || x->n > max)
        return 0;
    for (uint32_t i = 0; i < x->n; i++) {
        int32_t d = x->defs[i], p = N(d)->parent;
        if (N(d)->kind == K_alias && x->n == 1) { /* from m import NAME */
            const char *t = import_target(b, w->s->file, name);
            out[0] = t ? imported_dict(b, t) : -1;
            return out[0] >= 0 ? 1 : 0;
        }
        if (N(d)->kind != K_Name || p < 0 || N(p)->kind != K_Assign ||
            N(child(b, p, F_value))->kind != K_Dict)
            return 0;
        int32_t dict = child(b, p, F_value);
        if (!spread && dict_spreads(b, dict))
            return 0;
        out[i] = dict;
    }
    return x->n;
}

static bool dict_item_at(walker *w, int32_t base, int32_t key, int32_t e, int depth);

/* d["k"] in a literal with ** entries ({**DEFAULTS, "cmd": x}): the value of the last "k"
 * written, and what the ** entries after it hold under "k". */
static void spread_item(walker *w, int32_t dict, int32_t key, int32_t e, int depth)
{
    builder *b = w->b;
    int32_t vals[64];
    bool keyed[64];
    int nv = 0, match = -1;
    int64_t prev = N(dict)->bstart;
    for (int32_t v = N(dict)->first; v >= 0 && nv < 64; v = N(v)->next) {
        if (N(v)->field != F_values)
            continue;
        int32_t kn = -1;
        for (int32_t k = N(dict)->first; k >= 0; k = N(k)->next)
            if (N(k)->field == F_keys && N(k)->bstart >= prev && N(k)->bstart < N(v)->bstart)
                kn = k;
        keyed[nv] = kn >= 0;
        if (kn >= 0 && N(kn)->kind == K_Constant && N(kn)->value == N(key)->value)
            match = nv;
        vals[nv++] = v;
        prev = N(v)->bend;
    }
    if (match >= 0)
        edge(b, vals[match], e, E_FLOW, -1);
    for (int j = match + 1; j < nv; j++)
        if (!keyed[j] && !dict_item_at(w, vals[j], key, e, depth + 1))
            edge(b, vals[j], e, E_FLOW, -1);
}

static bool dict_item_at(walker *w, int32_t base, int32_t key, int32_t e, int depth)
{
    builder *b = w->b;
    if (base < 0 || key < 0 || N(key)->kind != K_Constant || !N(key)->value || depth > 3)
        return false;
    int32_t dicts[16];
    size_t nd = dict_literals(w, base, dicts, 16, true);
    if (nd == 0)
        return false;
    for (size_t i = 0; i < nd; i++) {
        int32_t dict = dicts[i];
        if (dict_spreads(b, dict)) {
            spread_item(w, dict, key, e, depth);
            continue;
        }
        for (int k = 0;; k++) {
            int32_t kc = child_at(b, dict, F_keys, k);
            if (kc < 0)
                break;
            if (N(kc)->kind == K_Constant && N(kc)->value == N(key)->value)
                edge(b, child_at(b, dict, F_values, k), e, E_FLOW, -1);
        }
    }
    return true;
}

static bool dict_item(walker *w, int32_t base, int32_t key, int32_t e)
{
    return dict_item_at(w, base, key, e, 0);
}

/* t[i] with a constant index i >= 0 where every value the name t may hold here was bound by
 * a plain assignment of a tuple display without starred elements (t = (a, b)): an edge into
 * e from element i of each (a tuple cannot change). false when that is not the case (the
 * whole value flows). */
static bool tuple_item(walker *w, int32_t base, int32_t key, int32_t e)
{
    builder *b = w->b;
    if (base < 0 || key < 0 || N(base)->kind != K_Name || N(key)->kind != K_Constant ||
        !N(key)->value)
        return false;
    const char *name = N(base)->name, *v = N(key)->value;
    char *end;
    long i = strtol(v, &end, 10);
    if (end == v || *end || i < 0 || i > 4096)
        return false;
    env_ent *x = env_find(&w->env, name);
    if (!x || x->n == 0 || x->n > 16 || in_list(w->s->globals, w->s->nglobals, name) ||
        (is_module_scope(w) && declared_global(b, w->s->file, name)))
        return false;
    for (uint32_t k = 0; k < x->n; k++) {
        int32_t d = x->defs[k], p = N(d)->parent, tup;
        if (N(d)->kind != K_Name || p < 0 || N(p)->kind != K_Assign || N(d)->field != F_targets ||
            (tup = child(b, p, F_value)) < 0 || N(tup)->kind != K_Tuple)
            return false;
        for (int32_t c = N(tup)->first; c >= 0; c = N(c)->next)
            if (N(c)->kind == K_Starred)
                return false;
    }
    for (uint32_t k = 0; k < x->n; k++)
        edge(b, child_at(b, child(b, N(x->defs[k])->parent, F_value), F_elts, (int)i), e, E_FLOW,
             -1);
    return true;
}

/* ---- calls ------------------------------------------------------------------------------- */

/* The parameter of def d that receives positional argument i (after the receiver shift),
 * or its *args, or -1. */
static int32_t param_at(builder *b, int32_t args, int i)
{
    int k = 0;
    for (int32_t c = N(args)->first; c >= 0; c = N(c)->next)
        if (N(c)->field == F_posonlyargs || N(c)->field == F_args) {
            if (k++ == i)
                return c;
        }
    return child(b, args, F_vararg);
}

static int32_t param_named(builder *b, int32_t args, const char *name)
{
    for (int32_t c = N(args)->first; c >= 0; c = N(c)->next)
        if ((N(c)->field == F_args || N(c)->field == F_kwonlyargs) && N(c)->name == name)
            return c;
    return child(b, args, F_kwarg);
}

/* What a def's *args holds at position i ("arg i@d") and its **kwargs under name k
 * ("kw k@d"), besides the whole of it (the parameter's node): a wrapper forwarding
 * f(*args, **kwargs) passes each to the parameter it lands on. */
static int32_t vararg_elt(builder *b, int32_t d, int i)
{
    char buf[48];
    snprintf(buf, sizeof buf, "arg %d@%d", i, d);
    return syn_node(b, intern(&b->st, buf), -1);
}

static int32_t kwarg_elt(builder *b, int32_t d, const char *k)
{
    char buf[32];
    snprintf(buf, sizeof buf, "@%d", d);
    return syn_of(b, "kw ", k, buf, -1);
}

/* The number of positional parameters of a def's arguments node. */
static int npositional(builder *b, int32_t args)
{
    int n = 0;
    for (int32_t c = N(args)->first; c >= 0; c = N(c)->next)
        n += N(c)->field == F_posonlyargs || N(c)->field == F_args;
    return n;
}

/* Is e a Name whose only value here is the current def's *args (field F_vararg) or
 * **kwargs (F_kwarg) parameter, as the def received it? */
static bool own_star_param(walker *w, int32_t e, const char *field)
{
    builder *b = w->b;
    if (e < 0 || N(e)->kind != K_Name || is_module_scope(w))
        return false;
    int32_t args = child(b, w->s->node, F_args);
    int32_t p = args >= 0 ? child(b, args, field) : -1;
    env_ent *x = env_find(&w->env, N(e)->name);
    return p >= 0 && x && x->n == 1 && x->defs[0] == p;
}

/* Notes what argument a passes to parameter q at call: the objects made at known sites, or
 * a value of another origin. */
static void note_arg_allocs(walker *w, int32_t call, int32_t q, int32_t a)
{
    int32_t al[8];
    size_t na = allocs_of(w, a, al, 8);
    if (na == 0 && ctor_class(w->b, a)) /* f(Box(x)): the object made there */
        al[na++] = a;
    for (size_t i = 0; i < na; i++)
        note_param_alloc(w->b, call, q, al[i]);
    if (na == 0)
        note_param_alloc(w->b, call, q, -1);
}

/* Binds the call's arguments to def d's parameters. */
static void bind_call(walker *w, int32_t call, int32_t d, bool method_call)
{
    builder *b = w->b;
    int32_t args = child(b, d, F_args);
    if (args < 0)
        return;
    int shift = 0;
    int32_t p = N(d)->parent;
    bool is_init = N(d)->name && strcmp(N(d)->name, "__init__") == 0;
    if (p >= 0 && N(p)->kind == K_ClassDef && N(d)->kind != K_Lambda) {
        bool is_static = false;
        for (int32_t c = N(d)->first; c >= 0; c = N(c)->next)
            if (N(c)->field == F_decorator_list && N(c)->kind == K_Name && N(c)->name &&
                strcmp(N(c)->name, "staticmethod") == 0)
                is_static = true;
        /* obj(x) runs obj.__call__(x): the object is self */
        bool dunder_call = !method_call && N(d)->name && strcmp(N(d)->name, "__call__") == 0;
        if (!is_static && (method_call || is_init || dunder_call))
            shift = 1;
        int32_t func = child(b, call, F_func);
        if (shift && method_call && !is_init && N(func)->kind == K_Attribute)
            edge(b, child(b, func, F_value), param_at(b, args, 0), E_CALL, call);
        if (shift && dunder_call)
            edge(b, func, param_at(b, args, 0), E_CALL, call);
    }
    int i = 0, npos = npositional(b, args);
    int32_t vararg = child(b, args, F_vararg), kwarg = child(b, args, F_kwarg);
    int32_t cur = w->s->node;
    for (int32_t c = N(call)->first; c >= 0; c = N(c)->next) {
        if (N(c)->field == F_args) {
            bool last = true; /* no positional argument after this one */
            for (int32_t x = N(c)->next; x >= 0; x = N(x)->next)
                last = last && N(x)->field != F_args;
            if (N(c)->kind == K_Starred && last &&
                own_star_param(w, child(b, c, F_value), F_vararg)) {
                /* f(*args) in a wrapper: the wrapper's k-th extra argument lands on the
                 * parameter at i + k */
                for (int k = 0; k < 8; k++) {
                    int at = i + shift + k;
                    int32_t q = param_at(b, args, at);
                    edge(b, vararg_elt(b, cur, k), q, E_CALL, call);
                    if (q >= 0 && q == vararg)
                        edge(b, vararg_elt(b, cur, k), vararg_elt(b, d, at - npos), E_CALL, call);
                }
            } else if (N(c)->kind == K_Starred) {
                for (int k = i + shift; k < i + shift + 8; k++)
                    edge(b, c, param_at(b, args, k), E_CALL, call);
                if (vararg >= 0)
                    for (int k = 0; k < 8; k++)
                        edge(b, c, vararg_elt(b, d, k), E_CALL, call);
            } else {
                int32_t q = param_at(b, args, i + shift);
                edge(b, c, q, E_CALL, call);
                if (q >= 0 && q != vararg)
                    note_arg_allocs(w, call, q, c);
                if (q >= 0 && q == vararg && i + shift - npos < 8)
                    edge(b, c, vararg_elt(b, d, i + shift - npos), E_CALL, call);
            }
            i++;
        } else if (N(c)->field == F_keywords) {
            int32_t v = child(b, c, F_value);
            if (N(c)->name) {
                int32_t q = param_named(b, args, N(c)->name);
                edge(b, v, q, E_CALL, call);
                if (q >= 0 && q != kwarg)
                    note_arg_allocs(w, call, q, v);
                if (q >= 0 && q == kwarg)
                    edge(b, v, kwarg_elt(b, d, N(c)->name), E_CALL, call);
            } else if (own_star_param(w, v, F_kwarg)) {
                /* f(**kwargs) in a wrapper: each keyword to the parameter of its name */
                for (int32_t q = N(args)->first; q >= 0; q = N(q)->next)
                    if (N(q)->kind == K_arg && q != vararg && q != kwarg && N(q)->name) {
                        edge(b, kwarg_elt(b, cur, N(q)->name), q, E_CALL, call);
                        edge(b, kwarg_elt(b, cur, "?"), q, E_CALL, call);
                    }
                edge(b, v, kwarg, E_CALL, call);
                if (kwarg >= 0)
                    edge(b, kwarg_elt(b, cur, "?"), kwarg_elt(b, d, "?"), E_CALL, call);
            } else { /* **x: any parameter ("kw ?": under a name not known) */
                for (int32_t q = N(args)->first; q >= 0; q = N(q)->next)
                    if (N(q)->kind == K_arg)
                        edge(b, v, q, E_CALL, call);
                if (kwarg >= 0)
                    edge(b, v, kwarg_elt(b, d, "?"), E_CALL, call);
            }
        }
    }
    if (!is_init && N(d)->kind != K_ClassDef)
        edge(b, d, call, E_RET, call);
}

/* The positional argument i of call (or -1) and the keyword named k (or -1). */
static int32_t call_arg(builder *b, int32_t call, int i)
{
    return child_at(b, call, F_args, i);
}

static int32_t call_kw(builder *b, int32_t call, const char *k)
{
    for (int32_t c = N(call)->first; c >= 0; c = N(c)->next)
        if (N(c)->field == F_keywords && N(c)->name && strcmp(N(c)->name, k) == 0)
            return child(b, c, F_value);
    return -1;
}

/* Does model x name this call? names: the callee's names (PY_CALLS's, then our own). */
static bool model_names_call(walker *w, const fl_model *x, const char *const *names, size_t n,
                             const char *method, bool repo_target)
{
    if (x->call) {
        for (size_t i = 0; i < n; i++)
            if (fl_name_matches(x->call, names[i]))
                return file_imports(w->b, w->s->file, x->imports, x->nimports);
        return false;
    }
    if (x->method && method && strcmp(x->method, method) == 0) {
        if (file_imports(w->b, w->s->file, x->imports, x->nimports))
            return true;
        /* a connection handed to a helper module that imports no driver itself: a method of
         * that name the repository does not define, in a repository that imports one */
        return !repo_target && repo_imports(w->b, x->imports, x->nimports);
    }
    return false;
}

static bool const_true(builder *b, int32_t e)
{
    return e >= 0 && N(e)->kind == K_Constant && N(e)->value && strcmp(N(e)->value, "True") == 0;
}

/* Is e the string constant s? (a Constant's value is its repr) */
static bool const_str_is(builder *b, int32_t e, const char *s)
{
    if (e < 0 || N(e)->kind != K_Constant || !N(e)->value)
        return false;
    const char *v = N(e)->value;
    size_t l = strlen(v), n = strlen(s);
    return l == n + 2 && (v[0] == '\'' || v[0] == '"') && v[l - 1] == v[0] &&
           strncmp(v + 1, s, n) == 0;
}

/* The list literal a name was last bound to, when every value the name may hold here is one
 * (cmd = ["ls", x]); else -1. */
static int32_t list_literal_of(walker *w, int32_t a, int depth)
{
    builder *b = w->b;
    if (N(a)->kind == K_List || N(a)->kind == K_Tuple)
        return a;
    if (N(a)->kind != K_Name || depth > 0)
        return -1;
    env_ent *x = env_find(&w->env, N(a)->name);
    if (!x || x->n != 1)
        return -1;
    int32_t d = x->defs[0], p = N(d)->parent;
    if (N(d)->kind != K_Name || p < 0 || N(p)->kind != K_Assign)
        return -1;
    int32_t v = child(b, p, F_value);
    return v >= 0 && (N(v)->kind == K_List || N(v)->kind == K_Tuple) ? v : -1;
}

/* A command argument without shell=True: a string is a shell command (the whole of it is
 * the sink); a list runs its first element as the program, the rest are its arguments. */
static void command_sink(walker *w, int32_t a, int32_t call, int rule, const char *name)
{
    builder *b = w->b;
    int32_t l = list_literal_of(w, a, 0);
    if (l < 0) {
        add_sink(b, a, call, rule, name);
        return;
    }
    int32_t first = child_at(b, l, F_elts, 0);
    if (first >= 0 && N(first)->kind == K_Starred) {
        add_sink(b, a, call, rule, name);
        return;
    }
    add_sink(b, first, call, rule, name);
    /* ["bash", "-c", cmd]: a shell runs the element after -c as a command */
    static const char *const shells[] = {"sh",  "bash",     "/bin/sh",    "/bin/bash",
                                         "zsh", "/bin/zsh", "dash",       "ksh",
                                         "cmd", "cmd.exe",  "powershell", "pwsh"};
    bool shell = false;
    for (size_t i = 0; i < sizeof shells / sizeof *shells && !shell; i++)
        shell = const_str_is(b, first, shells[i]);
    int32_t opt = child_at(b, l, F_elts, 1);
    if (shell && (const_str_is(b, opt, "-c") || const_str_is(b, opt, "/c")))
        add_sink(b, child_at(b, l, F_elts, 2), call, rule, name);
}

static void sink_args(walker *w, const fl_model *x, int32_t call, const char *name)
{
    builder *b = w->b;
    if (x->safe_kw) {
        int32_t v = call_kw(b, call, x->safe_kw);
        if (v < 0 && x->safe_arg >= 0)
            v = call_arg(b, call, x->safe_arg);
        if (v >= 0) {
            const char *q = qname_of(b, w->s, v);
            const char *last = N(v)->name;
            for (size_t i = 0; i < x->nsafe; i++) {
                const char *dot = strrchr(x->safe_values[i], '.');
                if ((q && strcmp(q, x->safe_values[i]) == 0) ||
                    (last && dot && strcmp(last, dot + 1) == 0))
                    return;
            }
        }
    }
    if (x->all_args) {
        for (int32_t c = N(call)->first; c >= 0; c = N(c)->next)
            if (N(c)->field == F_args)
                add_sink(b, c, call, x->rule, name);
    }
    bool shell = const_true(b, call_kw(b, call, "shell"));
    for (size_t i = 0; i < x->nargs; i++) {
        int32_t a = call_arg(b, call, x->args[i]);
        if (a >= 0 && x->command && x->args[i] == 0 && !shell)
            command_sink(w, a, call, x->rule, name);
        else
            add_sink(b, a, call, x->rule, name);
    }
    for (size_t i = 0; i < x->nkwargs; i++) {
        int32_t a = call_kw(b, call, x->kwargs[i]);
        if (a >= 0 && x->command && !shell)
            command_sink(w, a, call, x->rule, name);
        else
            add_sink(b, a, call, x->rule, name);
    }
}

/* Is node x (a decorator or a base) named name, or a call of something named name? */
static bool named(builder *b, int32_t x, const char *name)
{
    if (x >= 0 && N(x)->kind == K_Call)
        x = child(b, x, F_func);
    return x >= 0 && (N(x)->kind == K_Name || N(x)->kind == K_Attribute) && N(x)->name &&
           strcmp(N(x)->name, name) == 0;
}

/* A call of a class whose __init__ is generated from its annotated fields (@dataclass, a
 * NamedTuple): argument i (or the keyword of a field's name) is stored in the i-th field,
 * as an __init__ would store it under this call. */
static void bind_fields(walker *w, int32_t call, int32_t cls)
{
    builder *b = w->b;
    bool gen = false;
    for (int32_t c = N(cls)->first; c >= 0; c = N(c)->next) {
        if (N(c)->field == F_decorator_list && named(b, c, "dataclass"))
            gen = true;
        if (N(c)->field == F_bases && named(b, c, "NamedTuple"))
            gen = true;
        if (N(c)->field == F_body && N(c)->kind == K_FunctionDef && N(c)->name &&
            strcmp(N(c)->name, "__init__") == 0)
            return;
    }
    const char *key = ctor_class(b, call);
    if (!gen || !key)
        return;
    int i = 0;
    for (int32_t c = N(cls)->first; c >= 0; c = N(c)->next) {
        int32_t t = N(c)->field == F_body && N(c)->kind == K_AnnAssign ? child(b, c, F_target) : -1;
        if (t < 0 || N(t)->kind != K_Name)
            continue;
        int32_t f = field_node(w, key, N(t)->name, t);
        edge(b, f, field_node(w, NULL, N(t)->name, t), E_FLOW, -1);
        edge(b, call_arg(b, call, i++), f, E_CALL, call);
        edge(b, call_kw(b, call, N(t)->name), f, E_CALL, call);
    }
}

/* Is def d, a target of call, a function passed to it (map(f, xs), sorted(xs, key=f),
 * map(lambda s: …, xs)) rather than the callee? */
static bool is_callback(builder *b, int32_t call, int32_t d)
{
    int32_t func = child(b, call, F_func);
    int fk = N(func)->kind;
    if ((fk == K_Name || fk == K_Attribute) && N(func)->name == N(d)->name)
        return false;
    for (int32_t c = N(call)->first; c >= 0; c = N(c)->next) {
        int32_t a = N(c)->field == F_args       ? c
                    : N(c)->field == F_keywords ? child(b, c, F_value)
                                                : -1;
        if (a < 0)
            continue;
        if (a == d)
            return true;
        int k = N(a)->kind;
        if ((k == K_Name || k == K_Attribute) && N(d)->kind != K_Lambda && N(a)->name == N(d)->name)
            return true;
    }
    return false;
}

/* A function passed to a call that runs it (map, filter, sorted's key, a thread's target):
 * each of its parameters may receive any other argument (the elements of an iterable
 * flow with it), and its return flows into the call's result. */
static void bind_callback(walker *w, int32_t call, int32_t d)
{
    builder *b = w->b;
    int32_t args = child(b, d, F_args);
    for (int32_t q = args >= 0 ? N(args)->first : -1; q >= 0; q = N(q)->next) {
        if (N(q)->kind != K_arg)
            continue;
        for (int32_t c = N(call)->first; c >= 0; c = N(c)->next) {
            int32_t a = N(c)->field == F_args       ? c
                        : N(c)->field == F_keywords ? child(b, c, F_value)
                                                    : -1;
            if (a >= 0 && a != d)
                edge(b, a, q, E_CALL, call);
        }
    }
    if (N(d)->kind != K_ClassDef)
        edge(b, d, call, E_RET, call);
}

static int32_t eval_call(walker *w, int32_t e)
{
    builder *b = w->b;
    int32_t func = child(b, e, F_func);
    bool attr_call = N(func)->kind == K_Attribute;
    int32_t recv = attr_call ? child(b, func, F_value) : -1;
    if (attr_call)
        eval(w, recv);
    else if (N(func)->kind != K_Name)
        eval(w, func);
    for (int32_t c = N(e)->first; c >= 0; c = N(c)->next) {
        if (N(c)->field == F_args)
            eval(w, c);
        else if (N(c)->field == F_keywords)
            eval(w, child(b, c, F_value));
    }
    /* the callee's names */
    const char *names[16];
    size_t nn = 0;
    bool repo = false;
    int32_t t = um_get(&b->calls, call_key(N(e)->file, N(e)->bstart, N(e)->bend));
    for (int32_t k = t; k >= 0; k = b->ct[k].next) {
        if (b->ct[k].def >= 0 && is_callback(b, e, b->ct[k].def)) {
            bind_callback(w, e, b->ct[k].def);
            note_def_call(b, b->ct[k].def, e, -1);
        } else if (b->ct[k].def >= 0) {
            repo = true;
            int32_t al[8];
            size_t na = attr_call ? allocs_of(w, recv, al, 8) : 0;
            for (size_t i = 0; i < na; i++)
                note_def_call(b, b->ct[k].def, e, al[i]);
            if (na == 0 && attr_call && is_self(w, recv)) /* self.f(): the object m got */
                note_def_call(b, b->ct[k].def, e, -2 - w->s->node);
            else if (na == 0)
                note_def_call(b, b->ct[k].def, e, -1);
            if (N(b->ct[k].def)->kind != K_ClassDef)
                bind_call(w, e, b->ct[k].def, attr_call);
            else
                bind_fields(w, e, b->ct[k].def);
        }
        if (nn < 15 && b->ct[k].fqn)
            names[nn++] = b->ct[k].fqn;
    }
    if (repo && attr_call)
        note_method_call(w, recv, e);
    if (!attr_call && !repo)
        getattr_source(w, e);
    const char *own = qname_of(b, w->s, func);
    if (own && !repo)
        django_route(w, e, own);
    if (own && nn < 16)
        names[nn++] = own;
    const char *method = attr_call ? N(func)->name : NULL;
    b->g->call_name[e] = nn ? names[0] : method;
    /* models */
    bool prop_args = true, prop_recv = true, source = false;
    uint32_t block = 0;
    for (size_t i = 0; i < b->m->n; i++) {
        const fl_model *x = &b->m->v[i];
        if (x->name || x->param_attr || x->nroute)
            continue;
        if (!model_names_call(w, x, names, nn, method, repo))
            continue;
        switch (x->type) {
        case FLM_SOURCE:
            /* a source by the name written (or imported), not by what points-to guessed the
             * receiver to be: a copy of os.environ is data, not the source again */
            if (x->call && !(own && fl_name_matches(x->call, own)))
                break;
            if (!source)
                add_source(b, e, x->label);
            source = true;
            break;
        case FLM_SINK:
            if (b->m->keep & (1u << x->rule))
                sink_args(w, x, e, x->call ? (nn ? names[0] : x->call) : x->method);
            break;
        case FLM_SANITIZER:
            block |= x->rules;
            break;
        case FLM_PROPAGATOR:
            prop_args = x->prop_args;
            prop_recv = x->prop_recv;
            break;
        }
    }
    if (block == 0xffffffffu)
        return e;
    if (block)
        add_block(b, e, block);
    if (!repo) {
        int32_t dl[8];
        if (attr_call && strcmp(N(func)->name, "get") == 0 &&
            dict_item(w, recv, call_arg(b, e, 0), e)) {
            prop_recv = false; /* d.get("k", default): the key's value and the default */
        } else if (attr_call && prop_args && strcmp(N(func)->name, "get") == 0 &&
                   dict_literals(w, recv, dl, 8, true) > 0) {
            /* LITERAL.get(key, default): one of its values or the default, never the key */
            prop_args = false;
            edge(b, call_arg(b, e, 1), e, E_FLOW, -1);
            edge(b, call_kw(b, e, "default"), e, E_FLOW, -1);
        }
        if (prop_recv && recv >= 0)
            edge(b, recv, e, E_FLOW, -1);
        if (prop_args)
            for (int32_t c = N(e)->first; c >= 0; c = N(c)->next) {
                if (N(c)->field == F_args)
                    edge(b, c, e, E_FLOW, -1);
                else if (N(c)->field == F_keywords)
                    edge(b, child(b, c, F_value), e, E_FLOW, -1);
            }
        if (attr_call && in_list(b->s_append, b->nappend, N(func)->name))
            weak_store(w, recv, e);
    }
    return e;
}

/* The parameter node when the only value the Name e may hold here is a (non-self)
 * parameter of the def being walked, as received; else -1. */
static int32_t own_param(walker *w, int32_t e)
{
    builder *b = w->b;
    if (is_module_scope(w) || N(e)->kind != K_Name)
        return -1;
    env_ent *x = env_find(&w->env, N(e)->name);
    if (!x || x->n != 1 || N(x->defs[0])->kind != K_arg)
        return -1;
    int32_t p = x->defs[0], args = N(p)->parent;
    if (args < 0 || N(args)->parent != w->s->node || N(p)->name == w->s->self)
        return -1;
    return p;
}

/* ---- expressions ------------------------------------------------------------------------- */

static void comprehension(walker *w, int32_t e)
{
    builder *b = w->b;
    for (int32_t g = N(e)->first; g >= 0; g = N(g)->next) {
        if (N(g)->field != F_generators)
            continue;
        int32_t it = eval(w, child(b, g, F_iter));
        assign(w, child(b, g, F_target), it, true);
        for (int32_t c = N(g)->first; c >= 0; c = N(c)->next)
            if (N(c)->field == F_ifs)
                eval(w, c);
    }
}

/* obj.attr where attr is a property of obj's class (cls, or its bases; NULL: any class):
 * a call of the property's method with obj as self, its return the read's value. */
static void property_read(walker *w, int32_t base, int32_t e, const char *cls, int32_t alloc)
{
    builder *b = w->b;
    if (b->nprops == 0)
        return;
    const char *keys[33];
    size_t nk = 0;
    if (cls) {
        keys[nk++] = cls;
        int32_t k = um_get(&b->bases_of, (uint64_t)(uintptr_t)cls);
        if (k >= 0)
            for (size_t j = 0; j < b->cls[k].n && nk < 33; j++)
                keys[nk++] = b->cls[k].bases[j];
    }
    int32_t first = um_get(&b->prop_first, (uint64_t)(uintptr_t)N(e)->name);
    if (!cls) { /* an object of unknown class: any property of that name, unless too many */
        int many = 0;
        for (int32_t i = first; i >= 0; i = b->prop_next[i])
            many++;
        if (many > 8)
            return;
    }
    for (int32_t i = first; i >= 0; i = b->prop_next[i]) {
        int32_t d = b->props[i];
        if (cls && !in_list(keys, nk, b->prop_cls[i]))
            continue;
        if (!cls && b->comp[N(d)->file] != b->comp[w->s->file])
            continue;
        int32_t args = child(b, d, F_args);
        if (args >= 0)
            edge(b, base, param_at(b, args, 0), E_CALL, e);
        edge(b, d, e, E_RET, e);
        note_def_call(b, d, e, alloc);
    }
}

/* Marks e a source when it reads a source named by a model: e itself (a Name or an
 * attribute chain), or attribute attr of base (getattr(request, "args")). */
static void name_source(walker *w, int32_t e, int32_t base, const char *attr)
{
    builder *b = w->b;
    const char *q = NULL;
    bool q_done = false;
    for (size_t i = 0; i < b->m->n; i++) {
        const fl_model *x = &b->m->v[i];
        if (x->type != FLM_SOURCE)
            continue;
        if (x->name) {
            if (!q_done) {
                q = qname_of(b, w->s, base >= 0 ? base : e);
                if (q && base >= 0) {
                    sbuf_reset(&b->tmp);
                    sbuf_printf(&b->tmp, "%s.%s", q, attr);
                    q = intern_n(&b->st, b->tmp.data, b->tmp.len);
                }
                q_done = true;
            }
            if (q && fl_name_matches(x->name, q)) {
                add_source(b, e, x->label);
                return;
            }
        } else if (x->param_attr && base >= 0) {
            if (N(base)->kind == K_Name && strcmp(N(base)->name, x->param_attr) == 0 &&
                file_imports(b, w->s->file, x->imports, x->nimports))
                for (size_t k = 0; k < x->nattrs; k++)
                    if (strcmp(x->attrs[k], attr) == 0) {
                        add_source(b, e, x->label);
                        return;
                    }
        }
    }
}

static void check_name_source(walker *w, int32_t e)
{
    builder *b = w->b;
    if (N(e)->kind == K_Attribute)
        name_source(w, e, child(b, e, F_value), N(e)->name);
    else
        name_source(w, e, -1, NULL);
}

/* path("files/<name>", views.download) (django.urls.path, re_path, django.conf.urls.url):
 * notes the view's qualified name; its parameters after the request are sources. */
static void django_route(walker *w, int32_t call, const char *callee)
{
    builder *b = w->b;
    static const char *const routes[] = {"django.urls.path", "django.urls.re_path",
                                         "django.conf.urls.url", "django.conf.urls.re_path"};
    bool hit = false;
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++)
        hit = hit || strcmp(callee, routes[i]) == 0;
    int32_t view = call_arg(b, call, 1);
    if (!hit || view < 0 || (N(view)->kind != K_Name && N(view)->kind != K_Attribute))
        return;
    const char *q = qname_of(b, w->s, view);
    if (!q)
        return;
    if (N(view)->kind == K_Name && !import_target(b, w->s->file, N(view)->name)) {
        /* a def of this module */
        const char *mod = b->g->modules[w->s->file];
        sbuf_reset(&b->tmp);
        sbuf_printf(&b->tmp, "%s.%s", mod ? mod : "", q);
        q = intern_n(&b->st, b->tmp.data, b->tmp.len);
    }
    push_name(&b->views, &b->nviews, &b->viewcap, q);
}

/* The parameters after the request of every routed Django view are sources. */
static void django_views(builder *b)
{
    for (size_t i = 0; i < b->ndefs && b->nviews; i++) {
        int32_t d = b->defs[i], p = N(d)->parent;
        if ((N(d)->kind != K_FunctionDef && N(d)->kind != K_AsyncFunctionDef) || !N(d)->name ||
            p < 0 || N(p)->kind != K_Module)
            continue;
        const char *mod = b->g->modules[N(d)->file];
        sbuf_reset(&b->tmp);
        sbuf_printf(&b->tmp, "%s.%s", mod ? mod : "", N(d)->name);
        if (!in_list(b->views, b->nviews, intern_n(&b->st, b->tmp.data, b->tmp.len)))
            continue;
        int32_t args = child(b, d, F_args);
        int k = 0;
        for (int32_t a = args >= 0 ? N(args)->first : -1; a >= 0; a = N(a)->next)
            if (N(a)->kind == K_arg &&
                (N(a)->field == F_args || N(a)->field == F_posonlyargs ||
                 N(a)->field == F_kwonlyargs) &&
                k++ > 0)
                add_source(b, a, "django route parameter");
    }
}

/* getattr(x, "name") reads x.name: a source when x.name is one. */
static void getattr_source(walker *w, int32_t call)
{
    builder *b = w->b;
    int32_t func = child(b, call, F_func), obj = call_arg(b, call, 0), a = call_arg(b, call, 1);
    if (N(func)->kind != K_Name || strcmp(N(func)->name, "getattr") != 0 || obj < 0 || a < 0 ||
        N(a)->kind != K_Constant || !N(a)->value)
        return;
    const char *q = qname_of(b, w->s, func), *v = N(a)->value;
    size_t l = strlen(v);
    if (!q || strcmp(q, "getattr") != 0 || l < 3 || (v[0] != '\'' && v[0] != '"') ||
        v[l - 1] != v[0])
        return;
    name_source(w, call, obj, intern_n(&b->st, v + 1, l - 2));
}

static int32_t eval(walker *w, int32_t e)
{
    builder *b = w->b;
    if (e < 0)
        return -1;
    fl_node *n = N(e);
    switch (n->kind) {
    case K_Constant:
    case K_Compare:
    case K_Slice:
        for (int32_t c = n->first; c >= 0; c = N(c)->next)
            eval(w, c);
        return n->kind == K_Slice ? e : e; /* never tainted: no edge in */
    case K_Name:
        if (n->first >= 0 && N(n->first)->kind != K_Load)
            return e;
        name_load(w, e);
        check_name_source(w, e);
        return e;
    case K_Attribute: {
        int32_t base = child(b, e, F_value);
        /* a read of .x sees held stores of .x (through any alias); a property or __dict__
         * may read any field */
        if (um_get(&b->prop_first, (uint64_t)(uintptr_t)n->name) >= 0 ||
            strcmp(n->name, "__dict__") == 0)
            release(w, REL_ALL, NULL);
        else
            release(w, REL_ATTR, n->name);
        edge(b, eval(w, base), e, E_FLOW, -1);
        int32_t cd = -1,
                kt = N(base)->kind == K_Name ? known_of(w, N(base)->name, n->name, false) : -1;
        if (kt >= 0) {
            edge(b, kt, e, E_FLOW, -1); /* stored just before: that value only */
        } else if (is_self(w, base)) {
            property_read(w, base, e, w->s->cls, -1);
            note_self_read(w, e);
        } else if ((cd = class_of(w, base)) >= 0) {
            /* Cls.x: the class's own attribute (and its bases'), not its objects' */
            const char *keys[33];
            size_t nk = class_keys(b, class_key_of(b, cd), keys);
            for (size_t i = 0; i < nk; i++)
                edge(b, cfield_node(b, keys[i], n->name, -1), e, E_HEAP, -1);
        } else if (rooted_at_import(w, base)) {
            /* a module's attribute (os.path, config.TOKEN): its global, no object field */
            const char *q = qname_of(b, w->s, e);
            if (q)
                edge(b, syn_of(b, "global ", q, NULL, -1), e, E_HEAP, -1);
        } else {
            int32_t allocs[8];
            size_t na = allocs_of(w, base, allocs, 8);
            if (na) {
                typed_field_read(w, allocs, na, n->name, e);
                for (size_t i = 0; i < na; i++)
                    property_read(w, base, e, ctor_class(b, allocs[i]), allocs[i]);
            } else {
                int32_t prm = own_param(w, base);
                if (prm >= 0)
                    note_param_read(b, e, prm); /* decided once every call is known */
                else
                    edge(b, field_node(w, NULL, n->name, -1), e, E_HEAP, -1);
                property_read(w, base, e, NULL, -1);
            }
        }
        check_name_source(w, e);
        return e;
    }
    case K_Subscript: {
        int32_t base = eval(w, child(b, e, F_value));
        int32_t key = child(b, e, F_slice);
        eval(w, key);
        int32_t kt = N(base)->kind == K_Name && N(key)->kind == K_Constant && N(key)->value
                         ? known_of(w, N(base)->name, N(key)->value, true)
                         : -1;
        if (kt >= 0)
            edge(b, kt, e, E_FLOW, -1); /* stored just before: that value only */
        else if (!tuple_item(w, base, key, e) && !dict_item(w, base, key, e))
            edge(b, base, e, E_FLOW, -1);
        return e;
    }
    case K_Call: {
        int32_t r = eval_call(w, e);
        release(w, REL_ALL, NULL); /* the callee runs after its arguments: it may read any field */
        return r;
    }
    case K_ListComp:
    case K_SetComp:
    case K_GeneratorExp:
    case K_DictComp: {
        env saved = env_copy(&w->env);
        w->lazy += n->kind == K_GeneratorExp;
        comprehension(w, e);
        edge(b, eval(w, child(b, e, F_elt)), e, E_FLOW, -1);
        edge(b, eval(w, child(b, e, F_key)), e, E_FLOW, -1);
        edge(b, eval(w, child(b, e, F_value)), e, E_FLOW, -1);
        w->lazy -= n->kind == K_GeneratorExp;
        env_free(&w->env);
        w->env = saved;
        return e;
    }
    case K_Lambda:
    case K_FunctionDef:
    case K_AsyncFunctionDef: {
        int32_t args = child(b, e, F_args);
        if (args >= 0) {
            /* defaults run here; the i-th of d defaults is the value of positional parameter
             * n - d + i when no argument is passed; a keyword-only default belongs to the
             * last keyword-only parameter written before it (the AST rows leave out the None
             * entries of kw_defaults, so the position does not say) */
            int npos = 0, nd = 0;
            for (int32_t c = N(args)->first; c >= 0; c = N(c)->next) {
                npos += N(c)->field == F_posonlyargs || N(c)->field == F_args;
                nd += N(c)->field == F_defaults;
            }
            int i = 0;
            for (int32_t c = N(args)->first; c >= 0; c = N(c)->next)
                if (N(c)->field == F_defaults) {
                    int32_t v = eval(w, c);
                    if (npos - nd + i >= 0)
                        edge(b, v, param_at(b, args, npos - nd + i), E_FLOW, -1);
                    i++;
                } else if (N(c)->field == F_kw_defaults) {
                    int32_t v = eval(w, c), owner = -1;
                    for (int32_t q = N(args)->first; q >= 0; q = N(q)->next)
                        if (N(q)->field == F_kwonlyargs && N(q)->bstart < N(c)->bstart)
                            owner = q;
                    edge(b, v, owner, E_FLOW, -1);
                }
        }
        return -1; /* a function object: its node is its return value */
    }
    case K_Yield:
    case K_YieldFrom:
        release(w, REL_ALL, NULL); /* the caller runs here */
        edge(b, eval(w, child(b, e, F_value)), w->s->node, E_FLOW, -1);
        return e;
    case K_NamedExpr: {
        int32_t v = eval(w, child(b, e, F_value));
        assign(w, child(b, e, F_target), v, true);
        edge(b, v, e, E_FLOW, -1);
        return e;
    }
    case K_IfExp: {
        /* x if x in ALLOWED else "d": the guard holds in the branch it selects */
        int32_t test = child(b, e, F_test);
        eval(w, test);
        bool positive = true;
        int32_t guarded = guard_of(b, test, &positive);
        for (int k = 0; k < 2; k++) {
            env saved = env_copy(&w->env);
            if (guarded >= 0 && positive == (k == 0))
                rebind_clean(w, guarded, test);
            edge(b, eval(w, child(b, e, k == 0 ? F_body : F_orelse)), e, E_FLOW, -1);
            env_free(&w->env);
            w->env = saved;
        }
        return e;
    }
    case K_Await:
        release(w, REL_ALL, NULL); /* other tasks run here */
        edge(b, eval(w, child(b, e, F_value)), e, E_FLOW, -1);
        return e;
    case K_Starred:
    case K_FormattedValue:
        edge(b, eval(w, child(b, e, F_value)), e, E_FLOW, -1);
        return e;
    case K_Dict:
        for (int32_t c = n->first; c >= 0; c = N(c)->next)
            edge(b, eval(w, c), e, E_FLOW, -1);
        return e;
    case K_UnaryOp:
        eval(w, child(b, e, F_operand));
        return e; /* -x, not x, ~x: numbers and booleans */
    case K_BoolOp:
    case K_BinOp:
    case K_JoinedStr:
    case K_Tuple:
    case K_List:
    case K_Set:
    default:
        if (is_expr_ctx(n->kind))
            return -1;
        for (int32_t c = n->first; c >= 0; c = N(c)->next)
            edge(b, eval(w, c), e, E_FLOW, -1);
        return e;
    }
}

/* ---- statements -------------------------------------------------------------------------- */

static void stmts(walker *w, int32_t parent, const char *field)
{
    /* a statement of a try or with body may raise: a handler (or __exit__) sees the stores
     * made so far, so none is held past it */
    int k = w->b->g->nodes[parent].kind;
    bool may_raise =
        field == F_body && (k == K_Try || k == K_TryStar || k == K_With || k == K_AsyncWith);
    for (int32_t c = w->b->g->nodes[parent].first; c >= 0; c = w->b->g->nodes[c].next)
        if (w->b->g->nodes[c].field == field) {
            stmt(w, c);
            if (may_raise)
                release(w, REL_ALL, NULL);
        }
    release(w, REL_ALL, NULL); /* a block's end: a branch, a loop or the scope ends */
}

/* for k, v in d.items() where every value the name d may hold here is a dict literal: k
 * takes the literal's keys, v its values. false when that is not the case. */
static bool assign_items(walker *w, int32_t target, int32_t iter)
{
    builder *b = w->b;
    if (target < 0 || iter < 0 || N(target)->kind != K_Tuple || N(iter)->kind != K_Call ||
        call_arg(b, iter, 0) >= 0)
        return false;
    int32_t func = child(b, iter, F_func);
    if (N(func)->kind != K_Attribute || strcmp(N(func)->name, "items") != 0)
        return false;
    int32_t t0 = child_at(b, target, F_elts, 0), t1 = child_at(b, target, F_elts, 1);
    if (t0 < 0 || t1 < 0 || child_at(b, target, F_elts, 2) >= 0 || N(t0)->kind != K_Name ||
        N(t1)->kind != K_Name)
        return false;
    int32_t dicts[8];
    size_t nd = dict_literals(w, child(b, func, F_value), dicts, 8, false);
    if (nd == 0)
        return false;
    for (size_t i = 0; i < nd; i++)
        for (int32_t c = N(dicts[i])->first; c >= 0; c = N(c)->next)
            edge(b, c, N(c)->field == F_keys ? t0 : t1, E_FLOW, -1);
    assign(w, t0, -1, true);
    assign(w, t1, -1, true);
    return true;
}

/* A loop body walked twice (values of one iteration reach the next), joined with the
 * state before it (the loop may not run). */
static void loop_body(walker *w, int32_t st, int32_t target, int32_t iter)
{
    env before = env_copy(&w->env);
    int passes = w->s->loop_depth < 3 ? 2 : 1;
    w->s->loop_depth++;
    for (int p = 0; p < passes; p++) {
        if (target >= 0 && !assign_items(w, target, iter))
            assign(w, target, iter, true);
        stmts(w, st, F_body);
        if (p + 1 < passes)
            env_join(&w->env, &before);
    }
    w->s->loop_depth--;
    env_join(&w->env, &before);
    env_free(&before);
    stmts(w, st, F_orelse);
}

static void import_stmt(walker *w, int32_t st)
{
    builder *b = w->b;
    file_info *fi = &b->files[w->s->file];
    for (int32_t a = N(st)->first; a >= 0; a = N(a)->next) {
        if (N(a)->kind != K_alias)
            continue;
        for (size_t i = 0; i < fi->n; i++) {
            if (fi->v[i].bstart != N(a)->bstart)
                continue;
            /* the alias node holds the imported value; a module-level name of a repository
             * module flows in through its global node */
            if (N(st)->kind == K_ImportFrom)
                edge(b, syn_of(b, "global ", fi->v[i].target, NULL, -1), a, E_HEAP, -1);
            env_ent *x = env_get(&w->env, fi->v[i].bound);
            x->n = 0;
            ent_add(x, a);
        }
    }
}

static void class_def(walker *w, int32_t st)
{
    builder *b = w->b;
    for (int32_t c = N(st)->first; c >= 0; c = N(c)->next)
        if (N(c)->field == F_decorator_list || N(c)->field == F_bases || N(c)->field == F_keywords)
            eval(w, c);
    const char *mod = b->g->modules[w->s->file];
    sbuf_reset(&b->tmp);
    sbuf_printf(&b->tmp, "%s.%s", mod ? mod : "", N(st)->name ? N(st)->name : "?");
    walker cw = {
        .b = b, .s = w->s, .env = {0}, .class_key = intern_n(&b->st, b->tmp.data, b->tmp.len)};
    /* the class body runs once, in its own namespace; module-level names stay readable */
    cw.env = env_copy(&w->env);
    stmts(&cw, st, F_body);
    walker_free(&cw);
    env_ent *x = env_get(&w->env, N(st)->name);
    x->n = 0;
    ent_add(x, st); /* the class: Cls.x reads its own attribute */
}

/* Does the last statement of field f of st leave the block (return, raise, break,
 * continue)? */
static bool terminates(builder *b, int32_t st, const char *f)
{
    int32_t last = -1;
    for (int32_t c = N(st)->first; c >= 0; c = N(c)->next)
        if (N(c)->field == f)
            last = c;
    if (last < 0)
        return false;
    int k = N(last)->kind;
    if (k == K_Expr) { /* sys.exit(1), exit(), abort(400) */
        int32_t c = child(b, last, F_value);
        int32_t fn = c >= 0 && N(c)->kind == K_Call ? child(b, c, F_func) : -1;
        if (fn < 0 || !N(fn)->name)
            return false;
        const char *n = N(fn)->name;
        if (N(fn)->kind == K_Name)
            return strcmp(n, "exit") == 0 || strcmp(n, "quit") == 0 || strcmp(n, "abort") == 0;
        int32_t v = child(b, fn, F_value);
        return N(fn)->kind == K_Attribute && v >= 0 && N(v)->kind == K_Name &&
               ((strcmp(N(v)->name, "sys") == 0 && strcmp(n, "exit") == 0) ||
                (strcmp(N(v)->name, "os") == 0 && strcmp(n, "_exit") == 0) ||
                (strcmp(N(v)->name, "flask") == 0 && strcmp(n, "abort") == 0));
    }
    return k == K_Return || k == K_Raise || k == K_Break || k == K_Continue;
}

/* A guard that restricts a name to known values: `x in ALLOWED` / `x in ("a", "b")` /
 * `x == "a"` (positive: the body sees a clean x) or their negations `not in`, `!=`, `not (…)`
 * (the else branch, or what follows a body that leaves). Returns the guarded Name, or -1. */
static int32_t guard_of(builder *b, int32_t test, bool *positive)
{
    if (test < 0)
        return -1;
    if (N(test)->kind == K_UnaryOp) {
        int32_t op = -1;
        for (int32_t c = N(test)->first; c >= 0; c = N(c)->next)
            if (N(c)->kind == K_Not)
                op = c;
        if (op < 0)
            return -1;
        int32_t r = guard_of(b, child(b, test, F_operand), positive);
        *positive = !*positive;
        return r;
    }
    if (N(test)->kind == K_Call && child(b, test, F_args) < 0) {
        /* x.isdigit(), x.isalnum(), …: only digits or letters where it holds */
        static const char *const preds[] = {"isdigit", "isdecimal", "isnumeric",
                                            "isalnum", "isalpha",   "isidentifier"};
        int32_t f = child(b, test, F_func);
        int32_t x = N(f)->kind == K_Attribute ? child(b, f, F_value) : -1;
        if (x < 0 || N(x)->kind != K_Name)
            return -1;
        for (size_t i = 0; i < sizeof preds / sizeof *preds; i++)
            if (strcmp(N(f)->name, preds[i]) == 0) {
                *positive = true;
                return x;
            }
        return -1;
    }
    if (N(test)->kind != K_Compare)
        return -1;
    int32_t left = child(b, test, F_left);
    int nops = 0, op = -1, cmp = -1;
    for (int32_t c = N(test)->first; c >= 0; c = N(c)->next) {
        if (N(c)->field == F_ops) {
            nops++;
            op = c;
        } else if (N(c)->field == F_comparators) {
            cmp = c;
        }
    }
    if (nops != 1 || left < 0 || N(left)->kind != K_Name || cmp < 0)
        return -1;
    int k = N(op)->kind;
    if (k == K_In || k == K_NotIn) {
        int ck = N(cmp)->kind;
        if (ck == K_Set || ck == K_List || ck == K_Tuple) {
            for (int32_t c = N(cmp)->first; c >= 0; c = N(c)->next)
                if (N(c)->field == F_elts && N(c)->kind != K_Constant)
                    return -1;
        } else if (ck != K_Name && ck != K_Attribute) {
            return -1; /* a name of an allow-list: ALLOWED, self.allowed */
        }
        *positive = k == K_In;
        return left;
    }
    if ((k == K_Eq || k == K_NotEq) && N(cmp)->kind == K_Constant) {
        *positive = k == K_Eq;
        return left;
    }
    return -1;
}

/* Where a guard holds, name holds only the guard's (clean) node. */
static void rebind_clean(walker *w, int32_t name_node, int32_t test)
{
    env_ent *x = env_get(&w->env, w->b->g->nodes[name_node].name);
    x->n = 0;
    ent_add(x, test);
}

/* A path check: `p.startswith(BASE)` (or its negation) where every value p may hold here
 * was normalised (p = os.path.abspath(…) / realpath / normpath, or ….resolve()). Returns the
 * check's `p.startswith` node, which holds p's value where the check holds, or -1. */
static int32_t path_guard_of(walker *w, int32_t test, bool *positive)
{
    builder *b = w->b;
    *positive = true;
    if (test >= 0 && N(test)->kind == K_UnaryOp && child(b, test, F_operand) >= 0) {
        bool neg = false;
        for (int32_t c = N(test)->first; c >= 0; c = N(c)->next)
            neg = neg || N(c)->kind == K_Not;
        if (!neg)
            return -1;
        *positive = false;
        test = child(b, test, F_operand);
    }
    if (test < 0 || N(test)->kind != K_Call)
        return -1;
    int32_t f = child(b, test, F_func);
    int32_t p = N(f)->kind == K_Attribute ? child(b, f, F_value) : -1;
    if (p < 0 || strcmp(N(f)->name, "startswith") != 0 || N(p)->kind != K_Name)
        return -1;
    env_ent *x = env_find(&w->env, N(p)->name);
    if (!x || x->n == 0)
        return -1;
    for (uint32_t i = 0; i < x->n; i++) {
        int32_t d = x->defs[i], a = N(d)->parent;
        int32_t v =
            N(d)->kind == K_Name && a >= 0 && N(a)->kind == K_Assign ? child(b, a, F_value) : -1;
        int32_t vf = v >= 0 && N(v)->kind == K_Call ? child(b, v, F_func) : -1;
        const char *n = vf >= 0 ? N(vf)->name : NULL;
        if (!n || (strcmp(n, "abspath") && strcmp(n, "realpath") && strcmp(n, "normpath") &&
                   strcmp(n, "resolve")))
            return -1;
    }
    return f;
}

/* Where a path check holds, p holds the check's node, where path-injection is stopped. */
static void rebind_path_checked(walker *w, int32_t check)
{
    builder *b = w->b;
    for (size_t r = 0; r < b->m->nrules; r++)
        if (strcmp(b->m->rules[r].id, "path-injection") == 0)
            add_block(b, check, 1u << r);
    int32_t p = child(b, check, F_value); /* the Name read in the check */
    edge(b, p, check, E_FLOW, -1);
    env_ent *x = env_get(&w->env, N(p)->name);
    x->n = 0;
    ent_add(x, check);
}

static void stmt(walker *w, int32_t st)
{
    builder *b = w->b;
    fl_node *n = N(st);
    /* stores are held only across straight-line assignments and expressions */
    bool straight = n->kind == K_Assign || n->kind == K_AnnAssign || n->kind == K_Expr ||
                    n->kind == K_Pass || n->kind == K_Global || n->kind == K_Nonlocal;
    if (!straight)
        release(w, REL_ALL, NULL);
    switch (n->kind) {
    case K_Assign: {
        int32_t v = eval(w, child(b, st, F_value));
        for (int32_t c = n->first; c >= 0; c = N(c)->next)
            if (N(c)->field == F_targets)
                assign(w, c, v, true);
        break;
    }
    case K_AnnAssign: {
        int32_t val = child(b, st, F_value);
        if (val >= 0)
            assign(w, child(b, st, F_target), eval(w, val), true);
        break;
    }
    case K_AugAssign: {
        int32_t t = child(b, st, F_target);
        int32_t v = eval(w, child(b, st, F_value));
        if (N(t)->kind == K_Name) {
            env_ent *x = env_find(&w->env, N(t)->name);
            if (x)
                for (uint32_t i = 0; i < x->n; i++)
                    edge(b, x->defs[i], t, E_FLOW, -1);
            else
                name_load(w, t);
            assign(w, t, v, true);
        } else {
            assign(w, t, v, false);
        }
        break;
    }
    case K_Return: {
        int32_t v = eval(w, child(b, st, F_value));
        edge(b, v, w->s->node, E_FLOW, -1);
        if (v >= 0 && N(v)->kind == K_Tuple && tuple_arity(b, w->s->node) > 0) {
            int i = 0;
            for (int32_t c = N(v)->first; c >= 0; c = N(c)->next)
                if (N(c)->field == F_elts)
                    edge(b, c, ret_elt(b, w->s->node, i++, c), E_FLOW, -1);
        }
        break;
    }
    case K_For:
    case K_AsyncFor:
        loop_body(w, st, child(b, st, F_target), eval(w, child(b, st, F_iter)));
        break;
    case K_While:
        eval(w, child(b, st, F_test));
        loop_body(w, st, -1, -1);
        break;
    case K_If: {
        int32_t test = child(b, st, F_test);
        eval(w, test);
        bool positive = true, ppos = true;
        int32_t guarded = guard_of(b, test, &positive);
        int32_t checked = path_guard_of(w, test, &ppos);
        env other = env_copy(&w->env);
        if (guarded >= 0 && positive)
            rebind_clean(w, guarded, test);
        if (checked >= 0 && ppos)
            rebind_path_checked(w, checked);
        stmts(w, st, F_body);
        bool body_ends = terminates(b, st, F_body);
        env saved = w->env;
        w->env = other;
        if (guarded >= 0 && !positive)
            rebind_clean(w, guarded, test);
        if (checked >= 0 && !ppos)
            rebind_path_checked(w, checked);
        stmts(w, st, F_orelse);
        bool else_ends = terminates(b, st, F_orelse);
        /* a branch that returns, raises, breaks or continues does not reach what follows */
        if (body_ends && !else_ends) {
            env_free(&saved);
        } else if (else_ends && !body_ends) {
            env_free(&w->env);
            w->env = saved;
        } else {
            env_join(&w->env, &saved);
            env_free(&saved);
        }
        break;
    }
    case K_With:
    case K_AsyncWith:
        for (int32_t c = n->first; c >= 0; c = N(c)->next)
            if (N(c)->field == F_items) {
                int32_t v = eval(w, child(b, c, F_context_expr));
                int32_t t = child(b, c, F_optional_vars);
                if (t >= 0)
                    assign(w, t, v, true);
            }
        stmts(w, st, F_body);
        break;
    case K_Try:
    case K_TryStar: {
        env before = env_copy(&w->env);
        stmts(w, st, F_body);
        env_join(&w->env, &before);
        env_free(&before);
        env after = env_copy(&w->env);
        for (int32_t h = n->first; h >= 0; h = N(h)->next)
            if (N(h)->field == F_handlers) {
                env hv = env_copy(&after);
                env saved = w->env;
                w->env = hv;
                eval(w, child(b, h, F_type));
                if (N(h)->name)
                    env_get(&w->env, N(h)->name)->n = 0;
                stmts(w, h, F_body);
                env_join(&saved, &w->env);
                env_free(&w->env);
                w->env = saved;
            }
        env_free(&after);
        stmts(w, st, F_orelse);
        stmts(w, st, F_finalbody);
        break;
    }
    case K_Match: {
        int32_t subj = eval(w, child(b, st, F_subject));
        env before = env_copy(&w->env);
        env acc = {0};
        for (int32_t c = n->first; c >= 0; c = N(c)->next) {
            if (N(c)->field != F_cases)
                continue;
            env_free(&w->env);
            w->env = env_copy(&before);
            /* every name a pattern binds may hold (part of) the subject */
            int32_t stack[64];
            int sp = 0;
            int32_t pat = child(b, c, F_pattern);
            if (pat >= 0)
                stack[sp++] = pat;
            while (sp) {
                int32_t p = stack[--sp];
                if ((N(p)->kind == K_MatchAs || N(p)->kind == K_MatchStar) && N(p)->name) {
                    edge(b, subj, p, E_FLOW, -1);
                    env_ent *x = env_get(&w->env, N(p)->name);
                    x->n = 0;
                    ent_add(x, p);
                }
                for (int32_t k = N(p)->first; k >= 0 && sp < 64; k = N(k)->next)
                    stack[sp++] = k;
            }
            eval(w, child(b, c, F_guard));
            stmts(w, c, F_body);
            env_join(&acc, &w->env);
        }
        env_join(&acc, &before);
        env_free(&before);
        env_free(&w->env);
        w->env = acc;
        break;
    }
    case K_Import:
    case K_ImportFrom:
        import_stmt(w, st);
        break;
    case K_FunctionDef:
    case K_AsyncFunctionDef: {
        for (int32_t c = n->first; c >= 0; c = N(c)->next)
            if (N(c)->field == F_decorator_list)
                eval(w, c);
        eval(w, st); /* defaults */
        env_ent *x = env_get(&w->env, n->name);
        x->n = 0;
        break;
    }
    case K_ClassDef:
        class_def(w, st);
        break;
    case K_Global:
    case K_Nonlocal:
    case K_Pass:
    case K_Delete:
        break;
    case K_Expr:
    default:
        for (int32_t c = n->first; c >= 0; c = N(c)->next) {
            int k = N(c)->kind;
            if (N(c)->field == F_body || N(c)->field == F_orelse || N(c)->field == F_finalbody)
                stmt(w, c);
            else if (!is_expr_ctx(k))
                eval(w, c);
        }
        break;
    }
    if (!straight)
        release(w, REL_ALL, NULL);
}

/* Sources that are a def's parameters: a route handler of a web framework. */
static void route_sources(walker *w)
{
    builder *b = w->b;
    int32_t d = w->s->node;
    for (int32_t c = N(d)->first; c >= 0; c = N(c)->next) {
        if (N(c)->field != F_decorator_list)
            continue;
        int32_t f = N(c)->kind == K_Call ? child(b, c, F_func) : c;
        if (N(f)->kind != K_Attribute)
            continue;
        for (size_t i = 0; i < b->m->n; i++) {
            const fl_model *x = &b->m->v[i];
            if (x->type != FLM_SOURCE || !x->nroute)
                continue;
            bool hit = false;
            for (size_t k = 0; k < x->nroute; k++)
                hit = hit || strcmp(x->route[k], N(f)->name) == 0;
            if (!hit || !file_imports(b, w->s->file, x->imports, x->nimports))
                continue;
            int32_t args = child(b, d, F_args);
            for (int32_t a = args >= 0 ? N(args)->first : -1; a >= 0; a = N(a)->next)
                if (N(a)->kind == K_arg && N(a)->name != w->s->self &&
                    strcmp(N(a)->name, "request") != 0)
                    add_source(b, a, x->label);
            return;
        }
    }
}

static void walk_scope(builder *b, int32_t node, scope *outer)
{
    scope s;
    scope_init(b, &s, node, outer);
    method_info(b, &s);
    walker w = {.b = b, .s = &s, .env = {0}, .class_key = NULL};
    int k = N(node)->kind;
    if (k == K_Module) {
        stmts(&w, node, F_body);
    } else {
        int32_t args = child(b, node, F_args);
        if (args >= 0)
            for (int32_t a = N(args)->first; a >= 0; a = N(a)->next)
                if (N(a)->kind == K_arg) {
                    env_ent *x = env_get(&w.env, N(a)->name);
                    ent_add(x, a);
                    if (s.has_inner)
                        edge(b, a, cell_node(&w, &s, N(a)->name, a), E_HEAP, -1);
                }
        route_sources(&w);
        if (k == K_Lambda)
            edge(b, eval(&w, child(b, node, F_body)), node, E_FLOW, -1);
        else
            stmts(&w, node, F_body);
    }
    walker_free(&w);
    /* nested scopes, in source order: pre-order descendants that are scopes whose nearest
     * scope ancestor is node */
    for (int32_t c = node + 1; c < (int32_t)b->g->nast && N(c)->file == N(node)->file; c++) {
        if (!is_scope_kind(N(c)->kind))
            continue;
        int32_t p = N(c)->parent;
        while (p >= 0 && !is_scope_kind(N(p)->kind) && N(p)->kind != K_Module)
            p = N(p)->parent;
        if (p == node)
            walk_scope(b, c, &s);
        if (N(node)->kind != K_Module && N(c)->bstart >= N(node)->bend)
            break;
    }
    scope_free(&s);
}

/* ---- loading the facts -------------------------------------------------------------------- */

static int64_t num(const char *s)
{
    return s ? strtoll(s, NULL, 10) : -1;
}

static int32_t file_of_path(builder *b, const char *path)
{
    return um_get(&b->fpath, (uint64_t)(uintptr_t)intern(&b->st, path));
}

static pc_status row_module(void *ctx, const char *const *v, size_t n, pc_err *err)
{
    (void)err;
    builder *b = ctx;
    if (n < 2 || !v[0])
        return PC_OK;
    int32_t f = file_of_path(b, v[0]);
    if (f >= 0)
        b->g->modules[f] = intern(&b->st, v[1]);
    return PC_OK;
}

static pc_status row_ast(void *ctx, const char *const *v, size_t n, pc_err *err)
{
    builder *b = ctx;
    fl_graph *g = b->g;
    if (n < 8 || !v[0] || !v[1])
        return PC_OK;
    const char *path = intern(&b->st, v[0]);
    int64_t idx = num(v[1]);
    if (g->nfiles == 0 || g->paths[g->nfiles - 1] != path) {
        if (idx != 0)
            return pc_fail(err, PC_ERR_INPUT, "py_ast_nodes_v1: %s does not start at ast_idx 0",
                           path);
        if (g->nfiles == b->filecap) { /* one capacity for the five arrays */
            size_t cap = b->filecap, need = g->nfiles + 1;
            g->paths = core_grow(g->paths, &cap, need, sizeof *g->paths, 1);
            cap = b->filecap;
            g->modules = core_grow(g->modules, &cap, need, sizeof *g->modules, 1);
            cap = b->filecap;
            g->file_ids = core_grow(g->file_ids, &cap, need, sizeof *g->file_ids, 1);
            cap = b->filecap;
            g->file_first = core_grow(g->file_first, &cap, need, sizeof *g->file_first, 1);
            b->files = core_grow(b->files, &b->filecap, need, sizeof *b->files, 1);
        }
        g->paths[g->nfiles] = path;
        g->modules[g->nfiles] = NULL;
        g->file_ids[g->nfiles] = 0;
        g->file_first[g->nfiles] = (int32_t)g->nnodes;
        memset(&b->files[g->nfiles], 0, sizeof b->files[g->nfiles]);
        b->files[g->nfiles].first_node = (int32_t)g->nnodes;
        *um_slot(&b->fpath, (uint64_t)(uintptr_t)path) = (int32_t)g->nfiles;
        g->nfiles++;
    }
    int32_t f = (int32_t)g->nfiles - 1;
    int32_t base = b->files[f].first_node;
    if (idx != (int64_t)g->nnodes - base)
        return pc_fail(err, PC_ERR_INPUT, "py_ast_nodes_v1: %s: ast_idx %lld out of order", path,
                       (long long)idx);
    if (g->nnodes >= 0x7fffff00)
        return pc_fail(err, PC_ERR_LIMIT, "more than 2^31 AST nodes");
    g->nodes = core_grow(g->nodes, &g->cap, g->nnodes + 1, sizeof *g->nodes, 1 << 16);
    fl_node *x = &g->nodes[g->nnodes];
    memset(x, 0, sizeof *x);
    x->file = f;
    x->parent = v[2] ? base + (int32_t)num(v[2]) : -1;
    x->first = x->next = -1;
    x->field = intern(&b->st, v[3]);
    const char *ks = intern(&b->st, v[4] ? v[4] : "");
    int32_t *kslot = um_slot(&b->kinds, (uint64_t)(uintptr_t)ks);
    if (*kslot < 0)
        *kslot = kind_of(ks);
    x->kind = (uint8_t)*kslot;
    x->name = intern(&b->st, v[5]);
    x->value = v[6] ? intern(&b->st, v[6]) : NULL;
    long long p[7] = {0, 0, 0, 0, -1, -1, 0};
    if (v[7])
        sscanf(v[7], "%lld,%lld,%lld,%lld,%lld,%lld,%lld", &p[0], &p[1], &p[2], &p[3], &p[4], &p[5],
               &p[6]);
    g->file_ids[f] = p[6];
    x->line = (int32_t)p[0];
    x->col = (int32_t)p[1];
    x->eline = (int32_t)p[2];
    x->ecol = (int32_t)p[3];
    x->bstart = p[4];
    x->bend = p[5];
    g->nnodes++;
    return PC_OK;
}

static pc_status row_import(void *ctx, const char *const *v, size_t n, pc_err *err)
{
    (void)err;
    builder *b = ctx;
    if (n < 4 || !v[0] || !v[2] || !v[3])
        return PC_OK;
    int32_t f = file_of_path(b, v[0]);
    if (f < 0)
        return PC_OK;
    file_info *fi = &b->files[f];
    fi->v = core_grow(fi->v, &fi->cap, fi->n + 1, sizeof *fi->v, 8);
    fi->v[fi->n].bstart = num(v[1]);
    fi->v[fi->n].bound = intern(&b->st, v[2]);
    fi->v[fi->n].target = intern(&b->st, v[3]);
    fi->n++;
    return PC_OK;
}

static pc_status row_decl(void *ctx, const char *const *v, size_t n, pc_err *err)
{
    (void)err;
    builder *b = ctx;
    if (n < 4 || !v[0] || !v[1] || !v[2] || !v[3])
        return PC_OK;
    int32_t f = file_of_path(b, v[0]);
    if (f < 0)
        return PC_OK;
    file_info *fi = &b->files[f];
    fi->d = core_grow(fi->d, &fi->dcap, fi->nd + 1, sizeof *fi->d, 4);
    fi->d[fi->nd].line = (int32_t)num(v[1]);
    fi->d[fi->nd].scope = intern(&b->st, v[2]);
    fi->d[fi->nd].name = intern(&b->st, v[3]);
    fi->nd++;
    return PC_OK;
}

static pc_status row_call(void *ctx, const char *const *v, size_t n, pc_err *err)
{
    (void)err;
    builder *b = ctx;
    if (n < 7 || !v[0] || !v[1] || !v[2])
        return PC_OK;
    int32_t f = file_of_path(b, v[0]);
    if (f < 0)
        return PC_OK;
    int32_t def = -1;
    if (v[4] && v[5] && v[6]) {
        int32_t df = file_of_path(b, v[4]);
        int64_t nb = num(v[5]), end = num(v[6]);
        (void)end; /* a CST def's end holds the blank lines after it: the name decides */
        if (df >= 0) {
            /* the innermost def whose span holds the name: the last def starting at or
             * before it (binary search), then outwards */
            size_t lo = b->file_defs[df], hi = b->file_defs[df + 1];
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (N(b->defs[mid])->bstart <= nb)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (size_t k = lo; k-- > b->file_defs[df];)
                if (N(b->defs[k])->bend > nb) {
                    def = b->defs[k];
                    break;
                }
        }
    }
    b->ct = core_grow(b->ct, &b->ctcap, b->nct + 1, sizeof *b->ct, 1024);
    call_target *t = &b->ct[b->nct];
    t->fqn = intern(&b->st, v[3]);
    t->def = def;
    t->next = -1;
    int32_t *slot = um_slot(&b->calls, call_key(f, num(v[1]), num(v[2])));
    if (*slot < 0) {
        *slot = (int32_t)b->nct;
    } else { /* append, keeping the query's order */
        int32_t k = *slot;
        while (b->ct[k].next >= 0)
            k = b->ct[k].next;
        b->ct[k].next = (int32_t)b->nct;
    }
    b->nct++;
    return PC_OK;
}

/* Records each class's bases (by key module.Class) for reads of self.x in subclasses,
 * transitively (a base's bases are added after it). */
static void collect_bases(builder *b)
{
    fl_graph *g = b->g;
    for (size_t i = 0; i < g->nast; i++) {
        if (g->nodes[i].kind != K_ClassDef || !g->nodes[i].name)
            continue;
        int32_t f = g->nodes[i].file;
        const char *mod = g->modules[f] ? g->modules[f] : "";
        sbuf_reset(&b->tmp);
        sbuf_printf(&b->tmp, "%s.%s", mod, g->nodes[i].name);
        const char *key = intern_n(&b->st, b->tmp.data, b->tmp.len);
        for (int32_t c = g->nodes[i].first; c >= 0; c = g->nodes[c].next) {
            if (g->nodes[c].field != F_bases || g->nodes[c].kind != K_Name)
                continue;
            const char *t = import_target(b, f, g->nodes[c].name);
            if (!t) {
                sbuf_reset(&b->tmp);
                sbuf_printf(&b->tmp, "%s.%s", mod, g->nodes[c].name);
                t = intern_n(&b->st, b->tmp.data, b->tmp.len);
            }
            int32_t *slot = um_slot(&b->bases_of, (uint64_t)(uintptr_t)key);
            if (*slot < 0) {
                b->cls = core_grow(b->cls, &b->clscap, b->nclasses + 1, sizeof *b->cls, 64);
                b->cls[b->nclasses].bases = arena_alloc(b->st.a, 32 * sizeof(char *));
                b->cls[b->nclasses].n = 0;
                *slot = (int32_t)b->nclasses++;
            }
            if (b->cls[*slot].n < 32)
                b->cls[*slot].bases[b->cls[*slot].n++] = t;
        }
    }
    /* transitive closure, a few rounds */
    for (int round = 0; round < 4; round++)
        for (size_t k = 0; k < b->nclasses; k++)
            for (size_t i = 0; i < b->cls[k].n; i++) {
                int32_t o = um_get(&b->bases_of, (uint64_t)(uintptr_t)b->cls[k].bases[i]);
                if (o < 0)
                    continue;
                for (size_t j = 0; j < b->cls[o].n && b->cls[k].n < 32; j++) {
                    bool have = false;
                    for (size_t q = 0; q < b->cls[k].n; q++)
                        have = have || b->cls[k].bases[q] == b->cls[o].bases[j];
                    if (!have && b->cls[o].bases[j] != b->cls[k].bases[i])
                        b->cls[k].bases[b->cls[k].n++] = b->cls[o].bases[j];
                }
            }
}

/* PYCPG_FLOWS_DEBUG=PATH prints the edges that touch nodes of file PATH to stderr. */
/* The classes whose field attr an object of class cls has: cls and its bases (into keys, at
 * most 33). */
static size_t class_keys(builder *b, const char *cls, const char **keys)
{
    size_t nk = 0;
    keys[nk++] = cls;
    int32_t k = um_get(&b->bases_of, (uint64_t)(uintptr_t)cls);
    if (k >= 0)
        for (size_t j = 0; j < b->cls[k].n && nk < 33; j++)
            keys[nk++] = b->cls[k].bases[j];
    return nk;
}

/* The field attr of the object made at site a, as read under call (a method call on it, or
 * a call it is passed to): what was stored in it under its constructor call, under a
 * method call on the same variable, or by obj.attr = v outside any call. */
static int32_t object_field(builder *b, int32_t a, int32_t call, const char *attr)
{
    walker w0 = {.b = b};
    const char *keys[33];
    char buf[48];
    snprintf(buf, sizeof buf, "@%d/%d", a, call);
    size_t before = b->g->nnodes;
    int32_t mid = syn_of(b, "self ", buf, attr, -1);
    if ((size_t)mid < before)
        return mid; /* made (and connected) before */
    size_t nk = class_keys(b, ctor_class(b, a), keys);
    edge(b, site_field(&w0, a, attr, -1), mid, E_HEAP, -1);
    for (size_t j = 0; j < nk; j++) {
        int32_t f = field_node(&w0, keys[j], attr, -1);
        edge(b, f, mid, E_FIELD, a);
        for (int32_t t = um_get(&b->site_first, (uint64_t)a); t >= 0; t = b->site[t].next)
            edge(b, f, mid, E_FIELD, b->site[t].call);
    }
    return mid;
}

/* The (object site, call) pairs under which def d runs on an object made at a known site,
 * into a/c (at most max): a method call on such an object, or self.d() in a method that
 * runs so (followed up to depth 4). Returns the count, or -1 when some call of d runs it on
 * an object of another origin (or is not seen, or there are too many). */
static int object_calls(builder *b, int32_t d, int32_t *a, int32_t *c, int max, int depth)
{
    int32_t first = um_get(&b->mc_first, (uint64_t)d);
    if (first < 0 || depth > 4)
        return -1;
    int n = 0;
    for (int32_t k = first; k >= 0; k = b->mc[k].next) {
        int32_t al = b->mc[k].alloc;
        if (al >= 0 && ctor_class(b, al)) {
            if (n == max)
                return -1;
            a[n] = al;
            c[n++] = b->mc[k].call;
        } else if (al <= -2) { /* self.d() inside method m: the objects m runs on */
            int32_t m = -2 - al;
            if (m == d)
                return -1; /* recursion */
            int32_t sa[64], sc[64];
            int sn = object_calls(b, m, sa, sc, 64, depth + 1);
            if (sn < 0)
                return -1;
            for (int i = 0; i < sn; i++) {
                if (n == max)
                    return -1;
                a[n] = sa[i];
                c[n++] = b->mc[k].call;
            }
        } else {
            return -1;
        }
    }
    return n;
}

/* Reads of self.attr, once every call is known. When every call of the method is a method
 * call on an object made at a known site A (a.get(), or self.get() in a method that runs
 * so), the read at call K takes what was stored in A's fields (under A's constructor call
 * or a method call on a, or a.attr = v outside any call) and continues under K: a.get()
 * and b.get() stay apart. Otherwise (on an object of unknown origin, or never by a call we
 * see) the read takes the field of the method's class and its bases in any context. */
static void self_reads(builder *b)
{
    walker w0 = {.b = b};
    for (size_t i = 0; i < b->nsr; i++) {
        int32_t e = b->sr[i].node, d = b->sr[i].def;
        const char *attr = N(e)->name, *keys[33];
        int32_t oa[64], oc[64];
        int n = object_calls(b, d, oa, oc, 64, 0);
        edge(b, unknown_field(b, N(e)->file, attr, -1), e, E_HEAP, -1);
        if (n < 0) {
            size_t nk = class_keys(b, b->sr[i].cls, keys);
            for (size_t j = 0; j < nk; j++)
                edge(b, field_node(&w0, keys[j], attr, -1), e, E_HEAP, -1);
            continue;
        }
        for (int k = 0; k < n; k++)
            edge(b, object_field(b, oa[k], oc[k], attr), e, E_CALL, oc[k]);
    }
}

/* Reads param.attr, once every call is known: when every call of the def passes that
 * parameter an object made at a known site, the read takes, under each call, only that
 * object's field (as self_reads does); otherwise any object's field of that name. */
static void param_reads(builder *b)
{
    for (size_t i = 0; i < b->npr; i++) {
        int32_t e = b->pr[i].node, p = b->pr[i].param;
        int32_t d = N(N(p)->parent)->parent;
        const char *attr = N(e)->name;
        int32_t first = um_get(&b->mc_first, (uint64_t)d);
        bool known = first >= 0;
        for (int32_t k = first; k >= 0 && known; k = b->mc[k].next) {
            int32_t t =
                um_get(&b->pa_first, ((uint64_t)(uint32_t)b->mc[k].call << 32) | (uint32_t)p);
            known = t >= 0;
            for (; t >= 0 && known; t = b->pa[t].next)
                known = b->pa[t].alloc >= 0 && ctor_class(b, b->pa[t].alloc);
        }
        if (!known) {
            edge(b, syn_of(b, "field ", any_class(b, N(e)->file, '*'), attr, -1), e, E_HEAP, -1);
            continue;
        }
        edge(b, unknown_field(b, N(e)->file, attr, -1), e, E_HEAP, -1);
        for (int32_t k = first; k >= 0; k = b->mc[k].next) {
            int32_t call = b->mc[k].call;
            for (int32_t t = um_get(&b->pa_first, ((uint64_t)(uint32_t)call << 32) | (uint32_t)p);
                 t >= 0; t = b->pa[t].next)
                edge(b, object_field(b, b->pa[t].alloc, call, attr), e, E_CALL, call);
        }
    }
}

static int32_t comp_find(int32_t *c, int32_t x)
{
    while (c[x] != x) {
        c[x] = c[c[x]];
        x = c[x];
    }
    return x;
}

/* The components of the import graph: files joined when one imports the other (a module, a
 * name of it, or a package on the way). The representative is the smallest file index. */
static void collect_components(builder *b)
{
    size_t nf = b->g->nfiles;
    b->comp = core_malloc((nf ? nf : 1) * sizeof *b->comp);
    u64map *mods = &b->mod_file;
    um_init(mods, nf);
    for (size_t f = 0; f < nf; f++) {
        b->comp[f] = (int32_t)f;
        if (b->g->modules[f])
            *um_slot(mods, (uint64_t)(uintptr_t)b->g->modules[f]) = (int32_t)f;
    }
    for (size_t f = 0; f < nf; f++)
        for (size_t i = 0; i < b->files[f].n; i++) {
            const char *t = b->files[f].v[i].target;
            size_t l = strlen(t);
            for (size_t k = 1; k <= l; k++) {
                if (k < l && t[k] != '.')
                    continue;
                int32_t g = um_get(mods, (uint64_t)(uintptr_t)intern_n(&b->st, t, k));
                if (g < 0)
                    continue;
                int32_t r1 = comp_find(b->comp, (int32_t)f), r2 = comp_find(b->comp, g);
                if (r1 < r2)
                    b->comp[r2] = r1;
                else
                    b->comp[r1] = r2;
            }
        }
    for (size_t f = 0; f < nf; f++)
        b->comp[f] = comp_find(b->comp, (int32_t)f);
}

/* The methods read as attributes: decorated @property or @cached_property. */
static void collect_props(builder *b)
{
    b->props = core_malloc((b->ndefs ? b->ndefs : 1) * sizeof *b->props);
    b->prop_cls = core_malloc((b->ndefs ? b->ndefs : 1) * sizeof *b->prop_cls);
    b->prop_next = core_malloc((b->ndefs ? b->ndefs : 1) * sizeof *b->prop_next);
    um_init(&b->prop_first, 64);
    for (size_t i = 0; i < b->ndefs; i++) {
        int32_t d = b->defs[i], p = N(d)->parent;
        if (N(d)->kind != K_FunctionDef || p < 0 || N(p)->kind != K_ClassDef || !N(p)->name)
            continue;
        bool prop = false;
        for (int32_t c = N(d)->first; c >= 0; c = N(c)->next)
            if (N(c)->field == F_decorator_list &&
                (named(b, c, "property") || named(b, c, "cached_property")))
                prop = true;
        if (!prop)
            continue;
        const char *mod = b->g->modules[N(p)->file];
        sbuf_reset(&b->tmp);
        sbuf_printf(&b->tmp, "%s.%s", mod ? mod : "", N(p)->name);
        b->prop_cls[b->nprops] = intern_n(&b->st, b->tmp.data, b->tmp.len);
        int32_t *slot = um_slot(&b->prop_first, (uint64_t)(uintptr_t)N(d)->name);
        b->prop_next[b->nprops] = *slot;
        *slot = (int32_t)b->nprops;
        b->props[b->nprops++] = d;
    }
}

static void debug_dump(const fl_graph *g, const char *path)
{
    for (size_t i = 0; i < g->nedges; i++) {
        int32_t ends[2] = {g->esrc[i], g->e[i].dst};
        bool hit = false;
        for (int k = 0; k < 2; k++)
            hit = hit || ((size_t)ends[k] < g->nast &&
                          strcmp(g->paths[g->nodes[ends[k]].file], path) == 0);
        if (!hit)
            continue;
        for (int k = 0; k < 2; k++) {
            int32_t n = ends[k];
            if ((size_t)n >= g->nast)
                fprintf(stderr, "[%s]", g->syn_label[n - g->nast]);
            else
                fprintf(stderr, "%d:%d %s%s%s", g->nodes[n].line, g->nodes[n].col,
                        fl_kind_names[g->nodes[n].kind], g->nodes[n].name ? " " : "",
                        g->nodes[n].name ? g->nodes[n].name : "");
            fprintf(stderr, k ? "  (kind %d)\n" : "  ->  ", g->e[i].kind);
        }
    }
}

static void finish(fl_graph *g)
{
    const char *dbg = getenv("PYCPG_FLOWS_DEBUG");
    if (dbg)
        debug_dump(g, dbg);
    size_t n = g->nnodes;
    g->off = core_malloc((n + 1) * sizeof *g->off);
    memset(g->off, 0, (n + 1) * sizeof *g->off);
    for (size_t i = 0; i < g->nedges; i++)
        g->off[g->esrc[i] + 1]++;
    for (size_t i = 0; i < n; i++)
        g->off[i + 1] += g->off[i];
    size_t *pos = core_malloc((n + 1) * sizeof *pos);
    memcpy(pos, g->off, (n + 1) * sizeof *pos);
    g->out = core_malloc((g->nedges ? g->nedges : 1) * sizeof *g->out);
    for (size_t i = 0; i < g->nedges; i++)
        g->out[pos[g->esrc[i]]++] = g->e[i];
    core_free(pos);
    g->block = core_malloc((n ? n : 1) * sizeof *g->block);
    memset(g->block, 0, (n ? n : 1) * sizeof *g->block);
    for (size_t i = 0; i < g->nblk; i++)
        g->block[g->blk_node[i]] |= g->blk_mask[i];
}

pc_status fl_graph_build(fl_graph *g, store_reader *rd, const fl_models *m, pc_err *err)
{
    memset(g, 0, sizeof *g);
    g->prefixes = store_reader_prefixes(rd);
    builder bb = {0}, *b = &bb;
    b->g = g;
    b->m = m;
    b->st.a = arena_new(1 << 20);
    g->a = b->st.a;
    intern_fields(b);
    um_init(&b->syn, 1024);
    um_init(&b->fpath, 1024);
    um_init(&b->kinds, 128);
    um_init(&b->alloc_of, 1024);
    um_init(&b->site_first, 1024);
    um_init(&b->calls, 1024);
    um_init(&b->bases_of, 64);
    um_init(&b->mdict, 64);
    pc_status rc = store_reader_rows(
        rd,
        "SELECT path, ast_idx, parent_ast_idx, field_name, kind, name, "
        "CASE WHEN kind = 'Constant' AND length(value_repr) <= 64 THEN "
        "value_repr END, concat_ws(',', coalesce(lineno, 0), "
        "coalesce(col_offset, 0), coalesce(end_lineno, 0), "
        "coalesce(end_col_offset, 0), coalesce(bstart, -1), "
        "coalesce(bend, -1), coalesce(file_id, 0)) FROM py_ast_nodes_v1 ORDER BY path, ast_idx",
        row_ast, b, err);
    for (size_t f = 0; rc == PC_OK && f < g->nfiles; f++) { /* AST ids need each file's prefix */
        uint32_t prefix;
        if (!id_prefix_map_find(g->prefixes, g->file_ids[f], &prefix))
            rc = pc_fail(err, PC_ERR_INPUT,
                         "flows: file_id %" PRId64 " of py_ast_nodes_v1 has no row in "
                         "repo_files_v1 (its prefix of AST node ids, docs/ids.md)",
                         g->file_ids[f]);
    }
    if (rc == PC_OK) {
        g->nast = g->nnodes;
        /* room for synthetic nodes */
        size_t cap = g->nnodes + 1024;
        fl_node *x = core_malloc(cap * sizeof *x);
        if (g->nnodes)
            memcpy(x, g->nodes, g->nnodes * sizeof *x);
        core_free(g->nodes);
        g->nodes = x;
        g->cap = cap;
        g->syn_label = core_malloc((cap - g->nast) * sizeof *g->syn_label);
        g->syn_anchor = core_malloc((cap - g->nast) * sizeof *g->syn_anchor);
        g->call_name = core_malloc((g->nast ? g->nast : 1) * sizeof *g->call_name);
        memset(g->call_name, 0, (g->nast ? g->nast : 1) * sizeof *g->call_name);
        /* children lists, in ast_idx (field) order */
        int32_t *last = core_malloc((g->nast ? g->nast : 1) * sizeof *last);
        for (size_t i = 0; i < g->nast; i++)
            last[i] = -1;
        for (size_t i = 0; i < g->nast; i++) {
            int32_t p = g->nodes[i].parent;
            if (p < 0 || (size_t)p >= g->nast)
                continue;
            if (last[p] < 0)
                g->nodes[p].first = (int32_t)i;
            else
                g->nodes[last[p]].next = (int32_t)i;
            last[p] = (int32_t)i;
        }
        core_free(last);
        b->defs = core_malloc((g->nast ? g->nast : 1) * sizeof *b->defs);
        b->file_defs = core_malloc((g->nfiles + 1) * sizeof *b->file_defs);
        size_t f = 0;
        b->file_defs[0] = 0;
        for (size_t i = 0; i < g->nast; i++) {
            while (f < (size_t)g->nodes[i].file)
                b->file_defs[++f] = b->ndefs;
            int k = g->nodes[i].kind;
            if ((is_scope_kind(k) || k == K_ClassDef) && g->nodes[i].bstart >= 0)
                b->defs[b->ndefs++] = (int32_t)i;
        }
        while (f < g->nfiles)
            b->file_defs[++f] = b->ndefs;
    }
    if (rc == PC_OK)
        rc = store_reader_rows(rd, "SELECT path, module_name FROM py_cst_parse_manifest_v1",
                               row_module, b, err);
    if (rc == PC_OK)
        rc = store_reader_rows(
            rd,
            "SELECT path, alias_bstart, CASE WHEN asname IS NOT NULL THEN asname "
            "WHEN kind = 'import' THEN split_part(name, '.', 1) ELSE name END, "
            "CASE WHEN kind = 'import' AND asname IS NULL THEN "
            "split_part(coalesce(resolved_name, name), '.', 1) ELSE "
            "coalesce(resolved_name, name) END FROM py_cst_imports_v1 WHERE NOT coalesce(is_star, "
            "false) ORDER BY path, alias_bstart",
            row_import, b, err);
    if (rc == PC_OK)
        rc = store_reader_rows(rd,
                               "SELECT s.path, c.lineno, c.scope_name, s.name FROM "
                               "py_sym_symbols_v1 s JOIN py_sym_scopes_v1 c ON "
                               "c.scope_id = s.scope_id WHERE c.scope_type = 'function' AND "
                               "(s.is_declared_global OR s.is_nonlocal) ORDER BY s.path, c.lineno, "
                               "c.scope_name, s.name",
                               row_decl, b, err);
    if (rc == PC_OK)
        rc = store_reader_rows(
            rd,
            "WITH e AS (SELECT edge_id, path, bstart, bend, dst_node_id FROM cpg_edges_v1 "
            "WHERE edge_kind = 'PY_CALLS'), p AS (SELECT entity_id, "
            "max(value_str) AS callee FROM cpg_props_v1 WHERE entity_kind = 'edge' AND "
            "prop_key = 'callee_fqn' GROUP BY entity_id) SELECT e.path, e.bstart, "
            "e.bend, p.callee, d.path, coalesce(d.name_bstart, d.def_bstart), "
            "d.def_bend FROM e LEFT JOIN p ON p.entity_id = e.edge_id LEFT JOIN py_cst_defs_v1 d "
            "ON d.def_id = e.dst_node_id ORDER BY e.path, e.bstart, e.bend, "
            "p.callee, d.path, d.def_bstart",
            row_call, b, err);
    if (rc == PC_OK) {
        collect_bases(b);
        collect_components(b);
        collect_props(b);
        for (size_t f = 0; f < g->nfiles; f++)
            walk_scope(b, b->files[f].first_node, NULL);
        self_reads(b);
        param_reads(b);
        django_views(b);
        finish(g);
    }
    for (size_t f = 0; f < g->nfiles; f++) {
        core_free(b->files[f].v);
        core_free(b->files[f].d);
    }
    core_free(b->files);
    core_free(b->ct);
    core_free(b->defs);
    core_free(b->props);
    core_free(b->views);
    core_free(b->comp);
    um_free(&b->mod_file);
    core_free(b->prop_cls);
    core_free(b->prop_next);
    um_free(&b->prop_first);
    um_free(&b->mc_first);
    um_free(&b->pa_first);
    core_free(b->pa);
    core_free(b->pr);
    um_free(&b->mdict);
    core_free(b->mc);
    core_free(b->sr);
    core_free(b->file_defs);
    core_free(b->cls);
    core_free(b->st.v);
    um_free(&b->syn);
    um_free(&b->fpath);
    um_free(&b->kinds);
    um_free(&b->alloc_of);
    um_free(&b->site_first);
    core_free(b->site);
    um_free(&b->calls);
    um_free(&b->bases_of);
    sbuf_free(&b->tmp);
    return rc;
}

void fl_graph_free(fl_graph *g)
{
    core_free(g->paths);
    core_free(g->modules);
    core_free(g->file_ids);
    core_free(g->file_first);
    core_free(g->nodes);
    core_free(g->syn_label);
    core_free(g->syn_anchor);
    core_free(g->block);
    core_free(g->esrc);
    core_free(g->e);
    core_free(g->off);
    core_free(g->out);
    core_free(g->sources);
    core_free(g->sinks);
    core_free(g->blk_node);
    core_free(g->blk_mask);
    core_free(g->call_name);
    arena_free(g->a);
    memset(g, 0, sizeof *g);
}
