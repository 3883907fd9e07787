/*
 * cst_scope.c — the CST lens's scope analysis, run after the walk (cst_walk.c) has recorded
 * every scope and binding of the file:
 *   - a hash from (scope, name) to the chain of that name's bindings in that scope;
 *   - CPython's __qualname__ of every scope (compiler_set_qualname of CPython 3.11: a def
 *     or class declared `global` in its parent is named without prefix; a parent function or
 *     lambda adds ".<locals>"; comprehensions are code objects of their own);
 *   - name resolution as Python does it (local, enclosing functions — class bodies do not
 *     enclose —, module, builtins; global and nonlocal declarations obeyed);
 *   - qualified-name candidates of call callees and decorators. Every plausible target is
 *     kept with its provider; nothing is chosen here:
 *         QualifiedNameSource.LOCAL            a def or class of this file
 *         QualifiedNameSource.IMPORT           an imported name (relative imports resolved)
 *         QualifiedNameSource.BUILTIN          a builtin not shadowed in the file
 *         QualifiedNameSource.CLASS_ATTRIBUTE  self.m / cls.m: method m of the enclosing class
 *     Names are absolute: the module path of the file, then the qualname.
 */
#include "cst_int.h"

#include <stdlib.h>
#include <string.h>

static const char *const builtin_names[] = {
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BaseExceptionGroup",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "BytesWarning",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "DeprecationWarning",
    "EOFError",
    "Ellipsis",
    "EncodingWarning",
    "EnvironmentError",
    "Exception",
    "ExceptionGroup",
    "False",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "FutureWarning",
    "GeneratorExit",
    "IOError",
    "ImportError",
    "ImportWarning",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "None",
    "NotADirectoryError",
    "NotImplemented",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PendingDeprecationWarning",
    "PermissionError",
    "ProcessLookupError",
    "RecursionError",
    "ReferenceError",
    "ResourceWarning",
    "RuntimeError",
    "RuntimeWarning",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SyntaxWarning",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "True",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "UnicodeWarning",
    "UserWarning",
    "ValueError",
    "Warning",
    "ZeroDivisionError",
    "__build_class__",
    "__debug__",
    "__import__",
    "abs",
    "aiter",
    "all",
    "anext",
    "any",
    "ascii",
    "bin",
    "bool",
    "breakpoint",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "copyright",
    "credits",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "exit",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "help",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "license",
    "list",
    "locals",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "property",
    "quit",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "vars",
    "zip",
};

static const char *const src_local = "QualifiedNameSource.LOCAL";
static const char *const src_import = "QualifiedNameSource.IMPORT";
static const char *const src_builtin = "QualifiedNameSource.BUILTIN";
static const char *const src_class_attr = "QualifiedNameSource.CLASS_ATTRIBUTE";

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool lens_is_builtin_name(const char *name)
{
    return bsearch(&name, builtin_names, sizeof builtin_names / sizeof builtin_names[0],
                   sizeof builtin_names[0], cmp_str) != NULL;
}

/* ---- the binding hash --------------------------------------------------------------------- */

static const char *bind_name(const cst_file *cf, const cst_binding *b, size_t *len)
{
    if (b->text) {
        *len = strlen(b->text);
        return b->text;
    }
    *len = (size_t)(b->name.end - b->name.start);
    return cf->src + b->name.start;
}

static uint64_t hash_key(int32_t scope, const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)(uint32_t)scope;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h ^ (h >> 29);
}

static bool same_key(const cst_file *cf, const cst_binding *b, int32_t scope, const char *s,
                     size_t n)
{
    size_t bl;
    const char *bn = bind_name(cf, b, &bl);
    return b->scope == scope && bl == n && memcmp(bn, s, n) == 0;
}

static void build_hash(cst_file *cf)
{
    size_t need = 16;
    while (need < cf->binds.n * 2)
        need *= 2;
    if (cf->nbucket < need) {
        core_free(cf->bucket);
        cf->bucket = core_malloc(need * sizeof *cf->bucket);
        cf->nbucket = need;
    }
    size_t mask = cf->nbucket - 1;
    for (size_t i = 0; i < cf->nbucket; i++)
        cf->bucket[i] = -1;
    for (size_t i = 0; i < cf->binds.n; i++) {
        cst_binding *b = &cf->binds.v[i];
        size_t n;
        const char *s = bind_name(cf, b, &n);
        size_t h = hash_key(b->scope, s, n) & mask;
        while (cf->bucket[h] >= 0 && !same_key(cf, &cf->binds.v[cf->bucket[h]], b->scope, s, n))
            h = (h + 1) & mask;
        b->next = cf->bucket[h]; /* chain head is the latest binding */
        cf->bucket[h] = (int32_t)i;
    }
}

/* First binding of name in scope, or -1. */
static int32_t lookup(const cst_file *cf, int32_t scope, const char *s, size_t n)
{
    size_t mask = cf->nbucket - 1, h = hash_key(scope, s, n) & mask;
    while (cf->bucket[h] >= 0) {
        if (same_key(cf, &cf->binds.v[cf->bucket[h]], scope, s, n))
            return cf->bucket[h];
        h = (h + 1) & mask;
    }
    return -1;
}

static bool chain_has(const cst_file *cf, int32_t b, int kind)
{
    for (; b >= 0; b = cf->binds.v[b].next)
        if (cf->binds.v[b].kind == kind)
            return true;
    return false;
}

static bool chain_binds(const cst_file *cf, int32_t b)
{
    for (; b >= 0; b = cf->binds.v[b].next)
        if (cf->binds.v[b].kind != B_GLOBAL && cf->binds.v[b].kind != B_NONLOCAL)
            return true;
    return false;
}

/* The scope whose binding a use of name in scope s refers to, or -1 (builtin or unbound). */
static int32_t resolve(const cst_file *cf, int32_t s, const char *name, size_t n)
{
    int32_t b = lookup(cf, s, name, n);
    bool global = chain_has(cf, b, B_GLOBAL);
    if (!global && !chain_has(cf, b, B_NONLOCAL) && chain_binds(cf, b))
        return s;
    if (!global)
        for (int32_t p = cf->scopes.v[s].parent; p > 0; p = cf->scopes.v[p].parent) {
            if (cf->scopes.v[p].kind == SC_CLASS)
                continue;
            int32_t pb = lookup(cf, p, name, n);
            if (chain_has(cf, pb, B_GLOBAL))
                break;
            if (chain_binds(cf, pb))
                return p;
        }
    return chain_binds(cf, lookup(cf, 0, name, n)) ? 0 : -1;
}

/* ---- qualnames ------------------------------------------------------------------------------ */

static const char *concat3(cst_file *cf, const char *a, const char *sep, const char *b)
{
    size_t la = strlen(a), ls = strlen(sep), lb = strlen(b);
    char *s = arena_alloc(cf->a, la + ls + lb + 1);
    memcpy(s, a, la);
    memcpy(s + la, sep, ls);
    memcpy(s + la + ls, b, lb + 1);
    return s;
}

/* Qualnames longer than this are not extended: 100,000 nested lambdas would otherwise
 * make qualnames quadratic in size. Their scopes (and the defs of those scopes) get NULL. */
#define QUALNAME_MAX 4096

static void qualnames(cst_file *cf)
{
    if (cf->scopes.n)
        cf->scopes.v[0].qualname = "";
    for (size_t i = 1; i < cf->scopes.n; i++) {
        cst_scope *s = &cf->scopes.v[i];
        const cst_scope *p = &cf->scopes.v[s->parent];
        bool force_global = false;
        if (s->parent > 0 && (s->kind == SC_FUNCTION || s->kind == SC_CLASS))
            force_global = chain_has(cf, lookup(cf, s->parent, s->name, strlen(s->name)), B_GLOBAL);
        if (s->parent == 0 || force_global)
            s->qualname = s->name;
        else if (!p->qualname || strlen(p->qualname) > QUALNAME_MAX)
            s->qualname = NULL; /* nested too deep: stays linear in the nesting depth */
        else if (p->kind == SC_FUNCTION || p->kind == SC_LAMBDA)
            s->qualname = concat3(cf, p->qualname, ".<locals>.", s->name);
        else
            s->qualname = concat3(cf, p->qualname, ".", s->name);
    }
}

/* ---- candidates ------------------------------------------------------------------------------ */

static const char *absolute(cst_file *cf, const char *qualname)
{
    if (!qualname)
        return NULL;
    return *cf->module_name ? concat3(cf, cf->module_name, ".", qualname) : qualname;
}

static void add_cand(cst_file *cf, const char *name, const char *rest, const char *source)
{
    if (!name)
        return;
    cst_cand *c = CST_PUSH(&cf->cands);
    c->name = rest && *rest ? concat3(cf, name, ".", rest) : name;
    c->source = source;
}

/* self.m / cls.m inside a method: the methods named m of the enclosing class. */
static void class_attr_cands(cst_file *cf, int32_t method_scope, const char *rest)
{
    int32_t cls = cf->scopes.v[method_scope].parent;
    if (!rest || cls < 0 || cf->scopes.v[cls].kind != SC_CLASS)
        return;
    const char *dot = strchr(rest, '.');
    size_t n = dot ? (size_t)(dot - rest) : strlen(rest);
    for (int32_t b = lookup(cf, cls, rest, n); b >= 0; b = cf->binds.v[b].next)
        if (cf->binds.v[b].kind == B_DEF) {
            const cst_def *d = &cf->defs.v[cf->binds.v[b].ref];
            add_cand(cf, absolute(cf, cf->scopes.v[d->body].qualname), dot ? dot + 1 : NULL,
                     src_class_attr);
        }
}

static int cmp_cand(const void *a, const void *b)
{
    const cst_cand *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : strcmp(x->source, y->source);
}

/* Candidates of a dotted name used in scope s, appended to cf->cands, sorted, no repeats. */
static void candidates(cst_file *cf, int32_t s, const char *dotted, int32_t *first, int32_t *count)
{
    *first = (int32_t)cf->cands.n;
    *count = 0;
    if (!dotted)
        return;
    const char *dot = strchr(dotted, '.');
    size_t n = dot ? (size_t)(dot - dotted) : strlen(dotted);
    const char *rest = dot ? dot + 1 : NULL;
    int32_t bs = resolve(cf, s, dotted, n);
    if (bs < 0) {
        char *head = arena_strndup(cf->a, dotted, n);
        if (lens_is_builtin_name(head))
            add_cand(cf, concat3(cf, "builtins", ".", head), rest, src_builtin);
    } else {
        for (int32_t b = lookup(cf, bs, dotted, n); b >= 0; b = cf->binds.v[b].next) {
            const cst_binding *bd = &cf->binds.v[b];
            if (bd->kind == B_DEF)
                add_cand(cf, absolute(cf, cf->scopes.v[cf->defs.v[bd->ref].body].qualname), rest,
                         src_local);
            else if (bd->kind == B_IMPORT && cf->imports.v[bd->ref].target)
                add_cand(cf, cf->imports.v[bd->ref].target, rest, src_import);
            else if (bd->kind == B_PARAM &&
                     bd->name.start == cf->scopes.v[bd->ref].first_param.start)
                class_attr_cands(cf, bd->ref, rest);
        }
    }
    size_t k = cf->cands.n - (size_t)*first;
    *count = 0;
    if (k == 0) /* cands.v may still be NULL: no pointer arithmetic on it */
        return;
    cst_cand *v = cf->cands.v + *first;
    if (k > 1)
        qsort(v, k, sizeof *v, cmp_cand);
    size_t w = 0;
    for (size_t i = 0; i < k; i++)
        if (w == 0 || cmp_cand(&v[w - 1], &v[i]) != 0)
            v[w++] = v[i];
    cf->cands.n = (size_t)*first + w;
    *count = (int32_t)w;
}

void cst_scope_resolve(cst_file *cf)
{
    build_hash(cf);
    qualnames(cf);
    for (size_t i = 0; i < cf->calls.n; i++) {
        cst_call *c = &cf->calls.v[i];
        if (c->shape == SH_NAME || c->shape == SH_ATTRIBUTE)
            candidates(cf, c->scope, c->dotted, &c->cand_first, &c->cand_count);
        else
            c->cand_first = c->cand_count = 0;
    }
    for (size_t i = 0; i < cf->decos.n; i++) {
        cst_decorator *d = &cf->decos.v[i];
        candidates(cf, d->scope, d->dotted, &d->cand_first, &d->cand_count);
    }
}
