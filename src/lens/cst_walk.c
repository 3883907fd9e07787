/*
 * cst_walk.c — the CST lens's walk: one iterative pre-order pass over the tree-sitter tree
 * that records the facts of cst_int.h (names with contexts, scopes, bindings, defs, calls,
 * imports, annotations, decorators, docstrings, parse errors).
 *
 * Every node gets a frame on an explicit stack (heap, habit 12) derived from its parent's
 * frame and the field it sits in:
 *   ctx    the node's expression context. Rules are data: ctx_rules (parent kind, field →
 *          context), kinds that pass their own context on (transparent_kinds: tuples, lists,
 *          starred and parenthesised targets, parameter lists), and kinds with a context of
 *          their own (intrinsic_ctx: del → DEL, parameters → STORE, global → NONE). The few
 *          rules that depend on a child's position (dotted names in patterns and imports,
 *          `case … as x`, keyword patterns) are in child_ctx.
 *   scope  where the node is evaluated; bind: where a STORE name under it binds. They differ
 *          in parameter lists (defaults and annotations are evaluated outside the function,
 *          names bind inside) and for walrus targets in comprehensions.
 * Divisions: 1. grammar tables  2. helpers (text, dotted names, paths)  3. frames and rules
 *            4. per-kind visitors  5. the walk.
 */
#include "cst_int.h"

#include <string.h>

const TSLanguage *tree_sitter_python(void);

/* ---- 1. grammar tables ------------------------------------------------------------------ */

static const char *const kind_names[K__COUNT] = {[K_OTHER] = "",
#define CST_KIND_NAME(k, s) [K_##k] = s,
                                                 CST_KINDS(CST_KIND_NAME)
#undef CST_KIND_NAME
};
static const char *const field_names[F__COUNT] = {[F_NONE] = "",
#define CST_FIELD_NAME(f, s) [F_##f] = s,
                                                  CST_FIELDS(CST_FIELD_NAME)
#undef CST_FIELD_NAME
};

void cst_grammar_init(cst_grammar *g)
{
    const TSLanguage *lang = tree_sitter_python();
    g->nsyms = ts_language_symbol_count(lang);
    g->kind_of = core_calloc(g->nsyms, 1);
    for (uint32_t s = 0; s < g->nsyms; s++) {
        const char *name = ts_language_symbol_name(lang, (TSSymbol)s);
        bool named = ts_language_symbol_type(lang, (TSSymbol)s) == TSSymbolTypeRegular;
        for (int k = 1; k < K__COUNT && name; k++)
            if (strcmp(name, kind_names[k]) == 0 && named == (k != K_ASYNC_KW))
                g->kind_of[s] = (uint8_t)k;
    }
    g->nfields = ts_language_field_count(lang) + 1;
    g->field_of = core_calloc(g->nfields, 1);
    for (int f = 1; f < F__COUNT; f++) {
        g->field_id[f] =
            ts_language_field_id_for_name(lang, field_names[f], (uint32_t)strlen(field_names[f]));
        if (g->field_id[f] && g->field_id[f] < g->nfields)
            g->field_of[g->field_id[f]] = (uint8_t)f;
    }
}

void cst_grammar_fini(cst_grammar *g)
{
    core_free(g->kind_of);
    core_free(g->field_of);
}

static bool node_is_error(TSNode n)
{
    return ts_node_symbol(n) == (TSSymbol)-1;
}

static int kind_of(const cst_grammar *g, TSNode n)
{
    TSSymbol s = ts_node_symbol(n);
    return s < g->nsyms ? g->kind_of[s] : K_OTHER;
}

/* ---- 2. helpers --------------------------------------------------------------------------- */

void cst_grow(void **p, size_t *cap, size_t elem)
{
    size_t ncap = *cap ? *cap * 2 : 64, bytes;
    if (!core_size_mul(ncap, elem, &bytes)) {
        fprintf(stderr, "pycpg: out of memory (cst facts)\n");
        abort();
    }
    *p = core_realloc(*p, bytes);
    *cap = ncap;
}

static cst_span span_of(TSNode n)
{
    cst_span s = {ts_node_start_byte(n), ts_node_end_byte(n)};
    return s;
}

static const cst_span no_span = {-1, -1};

const char *cst_text(cst_file *cf, cst_span sp)
{
    return arena_strndup(cf->a, cf->src + sp.start, (size_t)(sp.end - sp.start));
}

static TSNode field_child(const cst_file *cf, TSNode n, int field)
{
    return ts_node_child_by_field_id(n, cf->g->field_id[field]);
}

/* The first named child that is not a comment (a null node if none). */
static TSNode first_named(const cst_file *cf, TSNode n)
{
    uint32_t nc = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = ts_node_named_child(n, i);
        if (kind_of(cf->g, c) != K_COMMENT)
            return c;
    }
    TSNode none = {{0}, NULL, NULL};
    return none;
}

static TSNode unparen(const cst_file *cf, TSNode n)
{
    while (!ts_node_is_null(n) && kind_of(cf->g, n) == K_PARENTHESIZED_EXPRESSION) {
        TSNode in = first_named(cf, n);
        if (ts_node_is_null(in))
            break;
        n = in;
    }
    return n;
}

/* Dotted name of an expression as LibCST's get_full_name_for_node gives it: a Name is its
 * text, an Attribute is dotted(object) + "." + attr, a Call or Subscript stands for its
 * function or value. NULL when the chain ends in anything else (the reference wrote a literal
 * "None." there: defect §14.9 fixed). *pure is false when a call or subscript was crossed. */
static const char *dotted_of(cst_file *cf, TSNode n, bool *pure)
{
    cst_span parts[64];
    size_t np = 0, hops = 0;
    bool p = true;
    const char *out = NULL;
    for (;;) {
        /* bounded: a chain of 100,000 calls (f()()()…) must not make this quadratic */
        if (++hops > 256)
            goto done;
        n = unparen(cf, n);
        if (ts_node_is_null(n))
            goto done;
        int k = kind_of(cf->g, n);
        if (k == K_IDENT)
            break;
        if (k == K_ATTRIBUTE) {
            if (np == sizeof parts / sizeof parts[0])
                goto done;
            parts[np++] = span_of(field_child(cf, n, F_ATTRIBUTE));
            n = field_child(cf, n, F_OBJECT);
        } else if (k == K_CALL) {
            p = false;
            n = field_child(cf, n, F_FUNCTION);
        } else if (k == K_SUBSCRIPT) {
            p = false;
            n = field_child(cf, n, F_VALUE);
        } else {
            goto done;
        }
    }
    /* built in the arena directly: the length first, then the bytes (no heap traffic) */
    size_t len = ts_node_end_byte(n) - ts_node_start_byte(n);
    for (size_t i = 0; i < np; i++) {
        if (parts[i].start < 0 || parts[i].end <= parts[i].start)
            goto done;
        len += 1 + (size_t)(parts[i].end - parts[i].start);
    }
    char *o = arena_alloc(cf->a, len + 1), *w = o;
    memcpy(w, cf->src + ts_node_start_byte(n), ts_node_end_byte(n) - ts_node_start_byte(n));
    w += ts_node_end_byte(n) - ts_node_start_byte(n);
    while (np > 0) {
        np--;
        *w++ = '.';
        memcpy(w, cf->src + parts[np].start, (size_t)(parts[np].end - parts[np].start));
        w += parts[np].end - parts[np].start;
    }
    *w = '\0';
    out = o;
done:
    if (pure)
        *pure = p && out;
    return out;
}

/* Source text of a dotted_name node with the whitespace and comments between parts dropped. */
static const char *dotted_name_text(cst_file *cf, TSNode dn)
{
    sbuf b = SBUF_INIT;
    uint32_t nc = ts_node_named_child_count(dn);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = ts_node_named_child(dn, i);
        if (kind_of(cf->g, c) != K_IDENT)
            continue;
        if (b.len)
            sbuf_putc(&b, '.');
        sbuf_append(&b, cf->src + ts_node_start_byte(c),
                    ts_node_end_byte(c) - ts_node_start_byte(c));
    }
    const char *s = arena_strndup(cf->a, b.data ? b.data : "", b.len);
    sbuf_free(&b);
    return s;
}

void cst_module_of_path(arena *a, const char *path, const char **module, const char **package)
{
    size_t n = strlen(path);
    if (n >= 3 && strcmp(path + n - 3, ".py") == 0)
        n -= 3;
    else if (n >= 4 && strcmp(path + n - 4, ".pyi") == 0)
        n -= 4;
    char *m = arena_strndup(a, path, n);
    for (char *c = m; *c; c++)
        if (*c == '/')
            *c = '.';
    char *last = strrchr(m, '.');
    const char *base = last ? last + 1 : m;
    if (strcmp(base, "__init__") == 0 || strcmp(base, "__main__") == 0) {
        if (last)
            *last = '\0';
        else
            *m = '\0';
        *module = m;
        *package = m;
        return;
    }
    *module = m;
    *package = last ? arena_strndup(a, m, (size_t)(last - m)) : "";
}

/* ---- 3. frames and context rules ------------------------------------------------------------ */

enum { R_NONE = 0, R_IMPORT, R_DN_PATTERN, R_DN_VALUE };
#define NO_RULE 0xFF

typedef struct {
    TSNode node;
    uint8_t kind, ctx, role, bind_kind;
    bool no_ref, in_error, seen_for;
    bool fmt_walrus; /* named_expression right in an f-string replacement field: `{x:=10}` */
    int32_t scope, bind, def;
    int32_t inner;     /* scope of a def/class/lambda/comprehension node */
    int32_t outer_for; /* for_in_clause: scope its `right` is evaluated in, or -1 */
    int32_t def_index; /* def/class/lambda node: its def */
    uint32_t named_no; /* named children seen so far */
    int32_t deco_first, imp_first, imp_count;
} frame;

static const struct {
    uint8_t parent, field, ctx;
} ctx_rules[] = {
    {K_ASSIGNMENT, F_LEFT, CTX_STORE},
    {K_AUG_ASSIGNMENT, F_LEFT, CTX_STORE},
    {K_FOR_STATEMENT, F_LEFT, CTX_STORE},
    {K_FOR_IN_CLAUSE, F_LEFT, CTX_STORE},
    {K_NAMED_EXPRESSION, F_NAME, CTX_STORE},
    {K_AS_PATTERN, F_ALIAS, CTX_STORE},
    {K_TYPE_ALIAS_STATEMENT, F_LEFT, CTX_STORE},
    {K_FUNCTION_DEF, F_NAME, CTX_STORE},
    {K_CLASS_DEF, F_NAME, CTX_STORE},
    {K_DEFAULT_PARAMETER, F_NAME, CTX_STORE},
    {K_DEFAULT_PARAMETER, F_VALUE, CTX_LOAD},
    {K_TYPED_DEFAULT_PARAMETER, F_NAME, CTX_STORE},
    {K_TYPED_DEFAULT_PARAMETER, F_TYPE, CTX_LOAD},
    {K_TYPED_DEFAULT_PARAMETER, F_VALUE, CTX_LOAD},
    {K_TYPED_PARAMETER, F_TYPE, CTX_LOAD},
    {K_ATTRIBUTE, F_OBJECT, CTX_LOAD},
    {K_ATTRIBUTE, F_ATTRIBUTE, CTX_NONE},
    {K_KEYWORD_ARGUMENT, F_NAME, CTX_NONE},
    {K_KEYWORD_ARGUMENT, F_VALUE, CTX_LOAD},
};

/* Kinds whose children (without a rule) take the kind's own context. */
static const uint8_t transparent_kinds[] = {
    K_PATTERN_LIST,
    K_TUPLE_PATTERN,
    K_LIST_PATTERN,
    K_TUPLE,
    K_LIST,
    K_LIST_SPLAT,
    K_LIST_SPLAT_PATTERN,
    K_DICT_SPLAT_PATTERN,
    K_EXPRESSION_LIST,
    K_PARENTHESIZED_EXPRESSION,
    K_PARENTHESIZED_LIST_SPLAT,
    K_AS_PATTERN_TARGET,
    K_TYPE,
    K_GENERIC_TYPE,
    K_TYPED_PARAMETER,
    K_PARAMETERS,
    K_LAMBDA_PARAMETERS,
    K_DELETE_STATEMENT,
    K_GLOBAL_STATEMENT,
    K_NONLOCAL_STATEMENT,
    K_SPLAT_PATTERN,
};

/* Kinds with a context of their own, whatever their parent says. */
static const struct {
    uint8_t kind, ctx;
} intrinsic_ctx[] = {
    {K_PARAMETERS, CTX_STORE},      {K_LAMBDA_PARAMETERS, CTX_STORE}, {K_DELETE_STATEMENT, CTX_DEL},
    {K_GLOBAL_STATEMENT, CTX_NONE}, {K_NONLOCAL_STATEMENT, CTX_NONE}, {K_SPLAT_PATTERN, CTX_STORE},
};

static uint8_t rule_table[K__COUNT][F__COUNT];
static uint8_t intrinsic_table[K__COUNT];
static bool transparent_table[K__COUNT];
/* Parent kinds whose children's frames depend on the field they sit in: the parents of
 * ctx_rules, scope owners (body/parameters/name fields) and the kinds visit() tests a field
 * for. Under any other parent the field is never read, so the walk does not look it up. */
static bool field_table[K__COUNT];
static const uint8_t field_kinds[] = {
    K_FUNCTION_DEF,         K_CLASS_DEF,         K_LAMBDA,
    K_LIST_COMPREHENSION,   K_SET_COMPREHENSION, K_DICT_COMPREHENSION,
    K_GENERATOR_EXPRESSION, K_FOR_IN_CLAUSE,     K_NAMED_EXPRESSION,
    K_AS_PATTERN,
};
static bool tables_ready;

static void tables_init(void)
{
    if (tables_ready)
        return;
    memset(rule_table, NO_RULE, sizeof rule_table);
    memset(intrinsic_table, NO_RULE, sizeof intrinsic_table);
    for (size_t i = 0; i < sizeof ctx_rules / sizeof ctx_rules[0]; i++) {
        rule_table[ctx_rules[i].parent][ctx_rules[i].field] = ctx_rules[i].ctx;
        field_table[ctx_rules[i].parent] = true;
    }
    for (size_t i = 0; i < sizeof field_kinds; i++)
        field_table[field_kinds[i]] = true;
    for (size_t i = 0; i < sizeof transparent_kinds; i++)
        transparent_table[transparent_kinds[i]] = true;
    for (size_t i = 0; i < sizeof intrinsic_ctx / sizeof intrinsic_ctx[0]; i++)
        intrinsic_table[intrinsic_ctx[i].kind] = intrinsic_ctx[i].ctx;
    tables_ready = true;
}

static bool is_comprehension(int k)
{
    return k == K_LIST_COMPREHENSION || k == K_SET_COMPREHENSION || k == K_DICT_COMPREHENSION ||
           k == K_GENERATOR_EXPRESSION;
}

/* Context of a child from its parent's frame, its field and its position among the named
 * children. */
static uint8_t child_ctx(const cst_file *cf, const frame *p, int field, int kind, uint32_t idx,
                         TSNode n)
{
    if (p->role == R_IMPORT)
        return CTX_NONE;         /* the bound identifiers are set STORE in visit_ident */
    if (p->role == R_DN_PATTERN) /* `case x:` captures; `case a.b:` is a value */
        return ts_node_named_child_count(p->node) == 1 ? CTX_STORE : idx == 0 ? CTX_LOAD : CTX_NONE;
    if (p->role == R_DN_VALUE)
        return idx == 0 ? CTX_LOAD : CTX_NONE;
    if (kind == K_IDENT) {
        if (p->kind == K_AS_PATTERN && field == F_NONE && idx > 0)
            return CTX_STORE; /* case P() as x */
        if ((p->kind == K_KEYWORD_PATTERN || p->kind == K_MEMBER_TYPE) &&
            (p->kind == K_KEYWORD_PATTERN ? idx == 0 : idx > 0))
            return CTX_NONE;
    }
    (void)cf;
    (void)n;
    uint8_t r = rule_table[p->kind][field];
    if (r != NO_RULE)
        return r;
    return transparent_table[p->kind] ? p->ctx : CTX_LOAD;
}

static int32_t new_scope(cst_file *cf, uint8_t kind, int32_t parent, int32_t def, const char *name)
{
    cst_scope *s = CST_PUSH(&cf->scopes);
    s->kind = kind;
    s->parent = parent;
    s->def = def;
    s->name = name;
    s->qualname = NULL;
    s->first_param = no_span;
    return (int32_t)(cf->scopes.n - 1);
}

static void add_binding(cst_file *cf, int32_t scope, cst_span name, const char *text, uint8_t kind,
                        int32_t ref)
{
    cst_binding *b = CST_PUSH(&cf->binds);
    b->scope = scope;
    b->name = name;
    b->text = text;
    b->kind = kind;
    b->ref = ref;
    b->next = -1;
}

/* ---- 4. visitors ------------------------------------------------------------------------------
 */

static void visit_ident(cst_file *cf, frame *fr, const frame *parent)
{
    if (fr->no_ref || ts_node_is_missing(fr->node))
        return;
    cst_span sp = span_of(fr->node);
    if (parent && parent->role == R_IMPORT)
        for (int32_t i = parent->imp_first; i < parent->imp_first + parent->imp_count; i++)
            if (cf->imports.v[i].bound && cf->imports.v[i].alias.start >= 0) {
                /* the bound identifier: asname, or the first part of the imported name */
                const cst_import *im = &cf->imports.v[i];
                size_t bl = strlen(im->bound);
                if ((size_t)(sp.end - sp.start) == bl &&
                    memcmp(cf->src + sp.start, im->bound, bl) == 0 && sp.start >= im->alias.start &&
                    sp.end <= im->alias.end &&
                    (im->asname ? sp.end == im->alias.end : sp.start == im->alias.start))
                    fr->ctx = CTX_STORE;
            }
    cst_name *nm = CST_PUSH(&cf->names);
    nm->span = sp;
    nm->ctx = fr->ctx;
    if (parent && parent->role == R_IMPORT)
        return; /* import bindings were recorded with the statement */
    if (parent && (parent->kind == K_GLOBAL_STATEMENT || parent->kind == K_NONLOCAL_STATEMENT)) {
        add_binding(cf, fr->scope, sp, NULL,
                    parent->kind == K_GLOBAL_STATEMENT ? B_GLOBAL : B_NONLOCAL, -1);
        return;
    }
    if (fr->ctx != CTX_STORE && fr->ctx != CTX_DEL)
        return;
    add_binding(cf, fr->bind, sp, NULL, fr->bind_kind, fr->bind);
    cst_scope *s = &cf->scopes.v[fr->bind];
    if (fr->bind_kind == B_PARAM && s->first_param.start < 0 && parent &&
        (parent->kind == K_PARAMETERS || parent->kind == K_TYPED_PARAMETER ||
         parent->kind == K_DEFAULT_PARAMETER || parent->kind == K_TYPED_DEFAULT_PARAMETER))
        s->first_param = sp;
}

/* A string literal that can be a docstring: no f or b prefix. */
static bool plain_string(const cst_file *cf, TSNode s)
{
    int k = kind_of(cf->g, s);
    if (k == K_CONCATENATED_STRING) {
        uint32_t nc = ts_node_named_child_count(s);
        for (uint32_t i = 0; i < nc; i++) {
            TSNode c = ts_node_named_child(s, i);
            if (kind_of(cf->g, c) == K_STRING && !plain_string(cf, c))
                return false;
        }
        return nc > 0;
    }
    if (k != K_STRING)
        return false;
    for (uint32_t i = ts_node_start_byte(s); i < ts_node_end_byte(s); i++) {
        char c = cf->src[i];
        if (c == '\'' || c == '"')
            return true;
        if (c == 'f' || c == 'F' || c == 'b' || c == 'B')
            return false;
    }
    return false;
}

static void find_docstring(cst_file *cf, TSNode body, int32_t owner)
{
    if (ts_node_is_null(body))
        return;
    TSNode st = first_named(cf, body);
    if (ts_node_is_null(st) || kind_of(cf->g, st) != K_EXPRESSION_STATEMENT ||
        ts_node_named_child_count(st) != 1)
        return;
    TSNode s = ts_node_named_child(st, 0);
    if (!plain_string(cf, s))
        return;
    cst_docstring *d = CST_PUSH(&cf->docs);
    d->owner = owner;
    d->span = span_of(s);
}

static void add_type_expr(cst_file *cf, uint8_t role, int32_t owner, TSNode type, cst_span param,
                          cst_span target)
{
    if (ts_node_is_null(type))
        return;
    cst_type_expr *t = CST_PUSH(&cf->types);
    t->role = role;
    t->owner = owner;
    t->span = span_of(type);
    t->param = param;
    t->target = target;
}

/* The identifier naming a parameter node (typed_parameter holds it directly or in a splat). */
static cst_span param_name(const cst_file *cf, TSNode p)
{
    TSNode n = field_child(cf, p, F_NAME);
    if (ts_node_is_null(n)) {
        n = first_named(cf, p);
        while (!ts_node_is_null(n) && kind_of(cf->g, n) != K_IDENT)
            n = first_named(cf, n);
    }
    return ts_node_is_null(n) || kind_of(cf->g, n) != K_IDENT ? no_span : span_of(n);
}

static void function_annotations(cst_file *cf, TSNode fn, int32_t def)
{
    add_type_expr(cf, TR_RETURN, def, field_child(cf, fn, F_RETURN_TYPE), no_span, no_span);
    TSNode ps = field_child(cf, fn, F_PARAMETERS);
    uint32_t nc = ts_node_is_null(ps) ? 0 : ts_node_named_child_count(ps);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode p = ts_node_named_child(ps, i);
        int k = kind_of(cf->g, p);
        if (k == K_TYPED_PARAMETER || k == K_TYPED_DEFAULT_PARAMETER)
            add_type_expr(cf, TR_PARAM, def, field_child(cf, p, F_TYPE), param_name(cf, p),
                          no_span);
    }
}

static void visit_def(cst_file *cf, frame *fr, frame *parent)
{
    TSNode n = fr->node;
    cst_def *d = CST_PUSH(&cf->defs);
    int32_t di = (int32_t)(cf->defs.n - 1);
    memset(d, 0, sizeof *d);
    d->span = span_of(n);
    d->container = fr->def;
    d->scope = fr->scope;
    d->deco_first = 0;
    d->deco_count = 0;
    const char *name;
    uint8_t sk;
    if (fr->kind == K_LAMBDA) {
        d->kind = DK_LAMBDA;
        d->name = no_span;
        name = "<lambda>";
        sk = SC_LAMBDA;
    } else {
        TSNode nm = field_child(cf, n, F_NAME);
        d->name = ts_node_is_null(nm) ? no_span : span_of(nm);
        name = d->name.start >= 0 ? cst_text(cf, d->name) : "";
        bool is_async =
            ts_node_child_count(n) > 0 && kind_of(cf->g, ts_node_child(n, 0)) == K_ASYNC_KW;
        d->kind = fr->kind == K_CLASS_DEF ? DK_CLASS : is_async ? DK_ASYNC_FUNCTION : DK_FUNCTION;
        sk = fr->kind == K_CLASS_DEF ? SC_CLASS : SC_FUNCTION;
        if (d->name.start >= 0)
            add_binding(cf, fr->bind, d->name, NULL, B_DEF, di);
        if (parent && parent->kind == K_DECORATED_DEF) {
            d->deco_first = parent->deco_first;
            d->deco_count = (int32_t)cf->decos.n - parent->deco_first;
            for (int32_t i = d->deco_first; i < (int32_t)cf->decos.n; i++)
                cf->decos.v[i].def = di;
        }
    }
    d->body = new_scope(cf, sk, fr->scope, di, name);
    fr->inner = d->body;
    fr->def_index = di;
    if (fr->kind == K_FUNCTION_DEF)
        function_annotations(cf, n, di);
    if (fr->kind != K_LAMBDA)
        find_docstring(cf, field_child(cf, n, F_BODY), di);
}

static void visit_call(cst_file *cf, frame *fr)
{
    TSNode n = fr->node;
    TSNode fn = field_child(cf, n, F_FUNCTION), args = field_child(cf, n, F_ARGUMENTS);
    cst_call *c = CST_PUSH(&cf->calls);
    memset(c, 0, sizeof *c);
    c->span = span_of(n);
    c->scope = fr->scope;
    c->callee = ts_node_is_null(fn) ? no_span : span_of(fn);
    TSNode u = unparen(cf, fn);
    int k = ts_node_is_null(u) ? K_OTHER : kind_of(cf->g, u);
    c->shape = k == K_IDENT       ? SH_NAME
               : k == K_ATTRIBUTE ? SH_ATTRIBUTE
               : k == K_SUBSCRIPT ? SH_SUBSCRIPT
               : k == K_CALL      ? SH_CALL
                                  : SH_OTHER;
    c->dotted = ts_node_is_null(fn) ? NULL : dotted_of(cf, fn, NULL);
    if (ts_node_is_null(args))
        return;
    if (kind_of(cf->g, args) == K_GENERATOR_EXPRESSION) {
        c->npos = 1;
        return;
    }
    uint32_t nc = ts_node_named_child_count(args);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode a = ts_node_named_child(args, i);
        int ak = kind_of(cf->g, a);
        if (ak == K_COMMENT || ak == K_LINE_CONTINUATION || node_is_error(a))
            continue;
        if (ak == K_LIST_SPLAT || ak == K_PARENTHESIZED_LIST_SPLAT)
            c->nstar++;
        else if (ak == K_DICT_SPLAT)
            c->ndstar++;
        else if (ak == K_KEYWORD_ARGUMENT)
            c->nkw++;
        else
            c->npos++;
    }
}

static void visit_decorator(cst_file *cf, frame *fr, const frame *parent)
{
    TSNode e = first_named(cf, fr->node);
    if (ts_node_is_null(e))
        return;
    cst_decorator *d = CST_PUSH(&cf->decos);
    memset(d, 0, sizeof *d);
    d->def = -1;
    d->index = parent ? (int32_t)cf->decos.n - 1 - parent->deco_first : 0;
    d->span = span_of(e);
    d->scope = fr->scope;
    TSNode u = unparen(cf, e);
    if (kind_of(cf->g, u) == K_CALL)
        u = field_child(cf, u, F_FUNCTION);
    bool pure = false;
    const char *dn = dotted_of(cf, u, &pure);
    d->dotted = pure ? dn : NULL;
}

/* Absolute target of a relative import: the file's package minus level-1 trailing parts. */
static const char *resolve_relative(cst_file *cf, int32_t level, const char *rest)
{
    const char *pkg = cf->package_name;
    size_t len = strlen(pkg);
    for (int32_t up = 1; up < level; up++) {
        if (len == 0)
            return NULL;
        while (len > 0 && pkg[len - 1] != '.')
            len--;
        if (len > 0)
            len--; /* the dot */
    }
    sbuf b = SBUF_INIT;
    sbuf_append(&b, pkg, len);
    if (rest && *rest) {
        if (b.len)
            sbuf_putc(&b, '.');
        sbuf_puts(&b, rest);
    }
    const char *s = arena_strndup(cf->a, b.data ? b.data : "", b.len);
    sbuf_free(&b);
    return s;
}

static const char *join_dots(cst_file *cf, const char *a, const char *b)
{
    if (!a)
        return NULL;
    if (!*a)
        return b;
    size_t la = strlen(a), lb = strlen(b);
    char *s = arena_alloc(cf->a, la + lb + 2);
    memcpy(s, a, la);
    s[la] = '.';
    memcpy(s + la + 1, b, lb + 1);
    return s;
}

static void add_import(cst_file *cf, frame *fr, TSNode alias, bool from, const char *module,
                       int32_t level, const char *base)
{
    cst_import *im = CST_PUSH(&cf->imports);
    memset(im, 0, sizeof *im);
    im->from = from;
    im->stmt = span_of(fr->node);
    im->alias = span_of(alias);
    im->module = module;
    im->level = level;
    int k = kind_of(cf->g, alias);
    if (k == K_WILDCARD_IMPORT) {
        im->name = "*";
        im->resolved = base ? join_dots(cf, base, "*") : NULL;
        return;
    }
    TSNode dn = k == K_ALIASED_IMPORT ? field_child(cf, alias, F_NAME) : alias;
    TSNode as = k == K_ALIASED_IMPORT ? field_child(cf, alias, F_ALIAS) : (TSNode){{0}, NULL, NULL};
    im->name = ts_node_is_null(dn) ? "" : dotted_name_text(cf, dn);
    im->asname = ts_node_is_null(as) ? NULL : cst_text(cf, span_of(as));
    im->resolved = from ? (base ? join_dots(cf, base, im->name) : NULL) : im->name;
    /* what the statement binds: the asname, the imported name, or `a` of `import a.b.c` */
    const char *bound = im->asname ? im->asname : im->name;
    const char *target = im->resolved;
    if (!im->asname && !from) {
        const char *dot = strchr(im->name, '.');
        if (dot)
            bound = target = arena_strndup(cf->a, im->name, (size_t)(dot - im->name));
    }
    if (!*bound)
        return;
    im->bound = bound;
    im->target = target;
    add_binding(cf, fr->bind, no_span, bound, B_IMPORT, (int32_t)(cf->imports.n - 1));
}

static void visit_import(cst_file *cf, frame *fr)
{
    TSNode n = fr->node;
    fr->role = R_IMPORT;
    fr->imp_first = (int32_t)cf->imports.n;
    bool from = fr->kind != K_IMPORT_STATEMENT;
    const char *module = NULL, *base = "";
    int32_t level = 0;
    if (fr->kind == K_FUTURE_IMPORT_STATEMENT) {
        module = base = "__future__";
    } else if (from) {
        TSNode m = field_child(cf, n, F_MODULE_NAME);
        if (!ts_node_is_null(m) && kind_of(cf->g, m) == K_RELATIVE_IMPORT) {
            uint32_t nc = ts_node_named_child_count(m);
            for (uint32_t i = 0; i < nc; i++) {
                TSNode c = ts_node_named_child(m, i);
                if (kind_of(cf->g, c) == K_IMPORT_PREFIX)
                    for (uint32_t b = ts_node_start_byte(c); b < ts_node_end_byte(c); b++)
                        level += cf->src[b] == '.';
                else if (kind_of(cf->g, c) == K_DOTTED_NAME)
                    module = dotted_name_text(cf, c);
            }
            base = resolve_relative(cf, level, module);
        } else if (!ts_node_is_null(m)) {
            module = base = dotted_name_text(cf, m);
        }
    }
    uint32_t nc = ts_node_named_child_count(n);
    TSFieldId name_field = cf->g->field_id[F_NAME];
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = ts_node_named_child(n, i);
        int k = kind_of(cf->g, c);
        if (k == K_WILDCARD_IMPORT || ((k == K_DOTTED_NAME || k == K_ALIASED_IMPORT) &&
                                       !ts_node_eq(c, field_child(cf, n, F_MODULE_NAME))))
            add_import(cf, fr, c, from, module, level, base);
    }
    (void)name_field;
    fr->imp_count = (int32_t)cf->imports.n - fr->imp_first;
    if (fr->kind == K_FUTURE_IMPORT_STATEMENT)
        for (int32_t i = fr->imp_first; i < (int32_t)cf->imports.n; i++)
            *CST_PUSH(&cf->futures) = cf->imports.v[i].name;
}

/* A soft keyword tree-sitter took for a statement keyword, used as a name (`print >> f`,
 * `type(x).a = 1`): a LOAD name ref of its own. */
static void keyword_as_name(cst_file *cf, TSNode kw)
{
    if (ts_node_is_null(kw) || ts_node_is_named(kw) ||
        ts_node_end_byte(kw) <= ts_node_start_byte(kw))
        return;
    cst_name *nm = CST_PUSH(&cf->names);
    nm->span = span_of(kw);
    nm->ctx = CTX_LOAD;
}

/* tree-sitter-python 0.23.6 parses `type(x).a = v` as a type alias statement whose name is
 * `(x).a`. A real alias names an identifier (or identifier[params]); anything else is an
 * assignment whose target starts with the call type(...): record that call and the name. */
static void visit_type_statement(cst_file *cf, frame *fr)
{
    TSNode left = field_child(cf, fr->node, F_LEFT);
    TSNode e = ts_node_is_null(left) ? left : first_named(cf, left);
    if (ts_node_is_null(e) || kind_of(cf->g, e) == K_IDENT || kind_of(cf->g, e) == K_GENERIC_TYPE)
        return;
    TSNode kw = ts_node_child(fr->node, 0);
    keyword_as_name(cf, kw);
    for (;;) {
        int k = kind_of(cf->g, e);
        TSNode next = k == K_ATTRIBUTE   ? field_child(cf, e, F_OBJECT)
                      : k == K_SUBSCRIPT ? field_child(cf, e, F_VALUE)
                      : k == K_CALL      ? field_child(cf, e, F_FUNCTION)
                                         : (TSNode){{0}, NULL, NULL};
        if (ts_node_is_null(next))
            break;
        e = next;
    }
    int k = kind_of(cf->g, e);
    if (k != K_PARENTHESIZED_EXPRESSION && k != K_TUPLE)
        return;
    cst_call *c = CST_PUSH(&cf->calls);
    memset(c, 0, sizeof *c);
    c->span.start = ts_node_start_byte(kw);
    c->span.end = ts_node_end_byte(e);
    c->callee = span_of(kw);
    c->shape = SH_NAME;
    c->scope = fr->scope;
    c->dotted = "type";
    c->npos = k == K_TUPLE ? (int32_t)ts_node_named_child_count(e) : 1;
}

static void visit_error(cst_file *cf, frame *fr, const frame *parent)
{
    bool is_err = node_is_error(fr->node), is_missing = ts_node_is_missing(fr->node);
    fr->in_error = (parent && parent->in_error) || is_err;
    if ((!is_err || (parent && parent->in_error)) && !is_missing)
        return;
    cst_perror *e = CST_PUSH(&cf->errors);
    e->missing = is_missing;
    e->span = span_of(fr->node);
    e->type = ts_node_type(fr->node);
}

static void visit_block(cst_file *cf, frame *fr)
{
    if (cf->default_indent)
        return;
    int64_t s = ts_node_start_byte(fr->node), ls = s;
    while (ls > 0 && cf->src[ls - 1] != '\n' && cf->src[ls - 1] != '\r')
        ls--;
    for (int64_t i = ls; i < s; i++)
        if (cf->src[i] != ' ' && cf->src[i] != '\t')
            return; /* `if x: pass` — the block shares its line */
    if (s > ls)
        cf->default_indent = arena_strndup(cf->a, cf->src + ls, (size_t)(s - ls));
}

/* Sets the frame of node n (child of parent p, in field `field`) and records its facts. */
static void visit(cst_file *cf, frame *fr, frame *p, TSNode n, int field)
{
    int kind = kind_of(cf->g, n);
    memset(fr, 0, sizeof *fr);
    fr->node = n;
    fr->kind = (uint8_t)kind;
    fr->def_index = fr->inner = fr->outer_for = -1;
    if (!p) {
        fr->ctx = CTX_LOAD;
        fr->scope = fr->bind = new_scope(cf, SC_MODULE, -1, -1, "");
        fr->def = -1;
        fr->bind_kind = B_ASSIGN;
    } else {
        bool named = ts_node_is_named(n);
        uint32_t idx = named ? p->named_no++ : 0;
        fr->ctx = child_ctx(cf, p, field, kind, idx, n);
        fr->scope = p->scope;
        fr->bind = p->bind;
        fr->def = p->def;
        fr->bind_kind = p->bind_kind;
        fr->role = p->role == R_IMPORT ? R_IMPORT : R_NONE;
        fr->imp_first = p->imp_first;
        fr->imp_count = p->imp_count;
        if (p->inner >= 0) { /* children of a def/class/lambda/comprehension */
            bool comp = is_comprehension(p->kind);
            if (comp || field == F_BODY) {
                fr->scope = fr->bind = p->inner;
                fr->bind_kind = B_ASSIGN;
            } else if (field == F_PARAMETERS) {
                fr->bind = p->inner;
                fr->bind_kind = B_PARAM;
            }
            if (field == F_BODY || field == F_PARAMETERS)
                fr->def = p->def_index >= 0 ? p->def_index : p->def;
            if (comp && kind == K_FOR_IN_CLAUSE && !p->seen_for) {
                p->seen_for = true;
                fr->outer_for = p->scope;
            }
            if ((p->kind == K_FUNCTION_DEF || p->kind == K_CLASS_DEF) && field == F_NAME)
                fr->no_ref = true;
        }
        if (p->kind == K_FOR_IN_CLAUSE && field == F_RIGHT && p->outer_for >= 0)
            fr->scope = fr->bind = p->outer_for;
        if (p->kind == K_NAMED_EXPRESSION && field == F_NAME && p->fmt_walrus)
            fr->ctx = CTX_LOAD; /* f'{x:=10}' is x with format spec "=10" */
        else if (p->kind == K_NAMED_EXPRESSION && field == F_NAME) {
            int32_t s = fr->scope; /* walrus binds outside comprehensions */
            while (cf->scopes.v[s].kind == SC_COMPREHENSION && cf->scopes.v[s].parent >= 0)
                s = cf->scopes.v[s].parent;
            fr->bind = s;
            fr->bind_kind = B_ASSIGN;
        }
        if (p->kind == K_DECORATED_DEF && kind == K_DECORATOR)
            fr->deco_first = p->deco_first;
    }
    if (intrinsic_table[kind] != NO_RULE && fr->role != R_IMPORT)
        fr->ctx = intrinsic_table[kind];
    if (node_is_error(n) || ts_node_is_missing(n) || (p && p->in_error))
        visit_error(cf, fr, p);
    switch (kind) {
    case K_IDENT:
        visit_ident(cf, fr, p);
        break;
    case K_FUNCTION_DEF:
    case K_CLASS_DEF:
    case K_LAMBDA:
        visit_def(cf, fr, p);
        break;
    case K_LIST_COMPREHENSION:
    case K_SET_COMPREHENSION:
    case K_DICT_COMPREHENSION:
    case K_GENERATOR_EXPRESSION: {
        static const char *const comp_names[] = {"<listcomp>", "<setcomp>", "<dictcomp>",
                                                 "<genexpr>"};
        int ci = kind == K_LIST_COMPREHENSION   ? 0
                 : kind == K_SET_COMPREHENSION  ? 1
                 : kind == K_DICT_COMPREHENSION ? 2
                                                : 3;
        fr->inner = new_scope(cf, SC_COMPREHENSION, fr->scope, -1, comp_names[ci]);
        break;
    }
    case K_CALL:
        visit_call(cf, fr);
        break;
    case K_DECORATED_DEF:
        fr->deco_first = (int32_t)cf->decos.n;
        break;
    case K_DECORATOR:
        visit_decorator(cf, fr, p);
        break;
    case K_IMPORT_STATEMENT:
    case K_IMPORT_FROM_STATEMENT:
    case K_FUTURE_IMPORT_STATEMENT:
        visit_import(cf, fr);
        break;
    case K_DOTTED_NAME:
        if (fr->role != R_IMPORT && p) {
            int pk = p->kind;
            fr->role = pk == K_CASE_PATTERN || pk == K_KEYWORD_PATTERN ? R_DN_PATTERN : R_DN_VALUE;
        }
        break;
    case K_ASSIGNMENT: {
        TSNode t = field_child(cf, n, F_TYPE);
        if (!ts_node_is_null(t)) {
            TSNode l = field_child(cf, n, F_LEFT);
            add_type_expr(cf, TR_VARIABLE, fr->def, t, no_span,
                          ts_node_is_null(l) ? no_span : span_of(l));
        }
        break;
    }
    case K_MODULE:
        find_docstring(cf, n, -1);
        break;
    case K_NAMED_EXPRESSION:
        fr->fmt_walrus = p && p->kind == K_INTERPOLATION;
        break;
    case K_TYPE_ALIAS_STATEMENT:
        visit_type_statement(cf, fr);
        break;
    case K_PRINT_STATEMENT:
        keyword_as_name(cf, ts_node_child(n, 0));
        break;
    case K_BLOCK:
        visit_block(cf, fr);
        break;
    default:
        break;
    }
}

/* ---- 5. the walk --------------------------------------------------------------------------- */

/* An anonymous token (keyword, punctuation) that tree-sitter did not insert and that has no
 * children: visit() would record nothing for it (no kind of the lens's rules, no error, no
 * named position), so it gets no frame. Its frame slot is never read: the walk does not
 * descend into a node without children. */
static bool skippable(TSNode n)
{
    return !ts_node_is_named(n) && ts_node_child_count(n) == 0 && !ts_node_is_missing(n);
}

void cst_walk(cst_file *cf, const TSTree *tree)
{
    tables_init();
    TSTreeCursor cur = ts_tree_cursor_new(ts_tree_root_node(tree));
    size_t depth = 0, cap = 64;
    frame *st = core_malloc(cap * sizeof *st);
    visit(cf, &st[0], NULL, ts_tree_cursor_current_node(&cur), F_NONE);
    for (;;) {
        if (ts_tree_cursor_goto_first_child(&cur)) {
            if (++depth == cap) {
                cap *= 2;
                st = core_realloc(st, cap * sizeof *st);
            }
        } else {
            for (;;) {
                if (depth == 0)
                    goto done;
                if (ts_tree_cursor_goto_next_sibling(&cur))
                    break;
                ts_tree_cursor_goto_parent(&cur);
                depth--;
            }
        }
        TSNode n = ts_tree_cursor_current_node(&cur);
        if (skippable(n))
            continue;
        int field = F_NONE;
        if (field_table[st[depth - 1].kind]) {
            TSFieldId fid = ts_tree_cursor_current_field_id(&cur);
            field = fid < cf->g->nfields ? cf->g->field_of[fid] : F_NONE;
        }
        visit(cf, &st[depth], &st[depth - 1], n, field);
    }
done:
    core_free(st);
    ts_tree_cursor_delete(&cur);
}
