/*
 * cpython_sym.c — the symbol-table part of the CPython lens: py_sym_scopes_v1,
 * py_sym_symbols_v1, py_sym_scope_edges_v1, py_sym_namespace_edges_v1,
 * py_sym_function_partitions_v1 (extract_datasets.md §8).
 *
 * The table is built from the parsed C AST with the calls symtable.symtable() makes
 * (_PyFuture_FromAST, then _PySymtable_Build) and read from the C entries; every predicate
 * is the one Lib/symtable.py computes from the same flags, including its quirk that a
 * table *named* "top" counts as the module scope for is_global/is_local.
 *
 * Fixed reference defects (docs/decisions.md): table_id is the table's pre-order ordinal in
 * the file (module = 0), not a memory address (§14.1), so every id is reproducible;
 * scope_role and the function partitions compare the scope type correctly (§14.2);
 * scope_type is "annotation" for CPython 3.11's annotation blocks, which
 * SymbolTable.get_type() reports as None; a symbol-table error (e.g. `nonlocal x` at module
 * level) is a file_errors_v1 row instead of a silently missing file.
 */
#include "cpython_int.h"

#include <string.h>

typedef struct {
    PySTEntryObject *ste;
    int32_t parent; /* entry index, -1 for the module */
    int32_t end;    /* the entry's subtree is [this entry, end) */
    int64_t scope_id;
} sym_entry;

struct cpy_sym {
    cpy_ds scopes, symbols, edges, ns, parts;
    size_t sc_id, sc_table, sc_type, sc_name, sc_lineno, sc_nested, sc_opt, sc_children, sc_role;
    size_t sy_id, sy_scope, sy_name, sy_flag[11];
    size_t ed_id, ed_parent, ed_child;
    size_t ns_id, ns_scope, ns_symbol, ns_child;
    size_t pa_scope, pa_list[5];
    sym_entry *entries;
    size_t cap;
};

static const char *const symbol_flag_cols[11] = {
    "is_referenced",      "is_assigned", "is_imported", "is_annotated", "is_parameter", "is_global",
    "is_declared_global", "is_nonlocal", "is_local",    "is_free",      "is_namespace",
};
static const char *const partition_cols[5] = {"parameters", "locals", "globals", "nonlocals",
                                              "frees"};

cpy_sym *cpy_sym_new(void)
{
    cpy_sym *s = core_calloc(1, sizeof *s);
    cpy_ds_init(&s->scopes, "py_sym_scopes_v1");
    const reg_dataset *d = s->scopes.ds;
    s->sc_id = registry_col_must(d, "scope_id");
    s->sc_table = registry_col_must(d, "table_id");
    s->sc_type = registry_col_must(d, "scope_type");
    s->sc_name = registry_col_must(d, "scope_name");
    s->sc_lineno = registry_col_must(d, "lineno");
    s->sc_nested = registry_col_must(d, "is_nested");
    s->sc_opt = registry_col_must(d, "is_optimized");
    s->sc_children = registry_col_must(d, "has_children");
    s->sc_role = registry_col_must(d, "scope_role");
    cpy_ds_init(&s->symbols, "py_sym_symbols_v1");
    d = s->symbols.ds;
    s->sy_id = registry_col_must(d, "symbol_row_id");
    s->sy_scope = registry_col_must(d, "scope_id");
    s->sy_name = registry_col_must(d, "name");
    for (int i = 0; i < 11; i++)
        s->sy_flag[i] = registry_col_must(d, symbol_flag_cols[i]);
    cpy_ds_init(&s->edges, "py_sym_scope_edges_v1");
    s->ed_id = registry_col_must(s->edges.ds, "edge_id");
    s->ed_parent = registry_col_must(s->edges.ds, "parent_scope_id");
    s->ed_child = registry_col_must(s->edges.ds, "child_scope_id");
    cpy_ds_init(&s->ns, "py_sym_namespace_edges_v1");
    s->ns_id = registry_col_must(s->ns.ds, "edge_id");
    s->ns_scope = registry_col_must(s->ns.ds, "scope_id");
    s->ns_symbol = registry_col_must(s->ns.ds, "symbol_row_id");
    s->ns_child = registry_col_must(s->ns.ds, "child_scope_id");
    cpy_ds_init(&s->parts, "py_sym_function_partitions_v1");
    s->pa_scope = registry_col_must(s->parts.ds, "scope_id");
    for (int i = 0; i < 5; i++)
        s->pa_list[i] = registry_col_must(s->parts.ds, partition_cols[i]);
    return s;
}

void cpy_sym_free(cpy_sym *s)
{
    if (!s)
        return;
    core_free(s->entries);
    core_free(s);
}

static const char *scope_type_name(_Py_block_ty t)
{
    switch (t) {
    case FunctionBlock:
        return "function";
    case ClassBlock:
        return "class";
    case ModuleBlock:
        return "module";
    case AnnotationBlock:
        return "annotation";
    }
    return "unknown";
}

/* Lists the tables in pre-order (entry index = table_id). Returns the count. */
static size_t collect_tables(cpy_sym *s, PySTEntryObject *top)
{
    size_t n = 0, sp = 0, stack_cap = 16;
    sym_entry *stack = core_malloc(stack_cap * sizeof *stack);
    stack[sp++] = (sym_entry){top, -1, 0, 0};
    while (sp > 0) {
        sym_entry e = stack[--sp];
        if (n == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 64;
            s->entries = core_realloc(s->entries, s->cap * sizeof *s->entries);
        }
        int32_t me = (int32_t)n;
        s->entries[n++] = e;
        PyObject *kids = e.ste->ste_children;
        for (Py_ssize_t i = PyList_GET_SIZE(kids) - 1; i >= 0; i--) {
            if (sp == stack_cap) {
                stack_cap *= 2;
                stack = core_realloc(stack, stack_cap * sizeof *stack);
            }
            stack[sp++] = (sym_entry){(PySTEntryObject *)PyList_GET_ITEM(kids, i), me, 0, 0};
        }
    }
    core_free(stack);
    for (size_t i = 0; i < n; i++)
        s->entries[i].end = (int32_t)i + 1;
    for (size_t i = n; i-- > 1;) {
        sym_entry *p = &s->entries[s->entries[i].parent];
        if (s->entries[i].end > p->end)
            p->end = s->entries[i].end;
    }
    return n;
}

static int64_t scope_id_of(const cpy_file *cf, size_t table_id, const PySTEntryObject *ste)
{
    id_builder b;
    id_begin(&b, "sym_scope");
    id_add_ref(&b, "file", cf->f->file_id);
    id_add_i64(&b, (int64_t)table_id);
    id_add_cstr(&b, scope_type_name(ste->ste_type));
    Py_ssize_t n;
    const char *name = cpy_utf8(ste->ste_name, &n);
    id_add_str(&b, name ? name : "", name ? (size_t)n : 0);
    id_add_i64(&b, ste->ste_lineno);
    return id_finish(&b);
}

static int64_t pair_id(const char *prefix, const char *p1, int64_t a, const char *p2, int64_t b)
{
    id_builder ib;
    id_begin(&ib, prefix);
    id_add_ref(&ib, p1, a);
    id_add_ref(&ib, p2, b);
    return id_finish(&ib);
}

static void scope_row(cpy_sym *s, const cpy_file *cf, size_t i)
{
    const sym_entry *e = &s->entries[i];
    const PySTEntryObject *ste = e->ste;
    rowbuf *b = cpy_row(&s->scopes, cf);
    if (b) {
        rowbuf_set_i64(b, s->sc_id, e->scope_id);
        rowbuf_set_i64(b, s->sc_table, (int64_t)i);
        rowbuf_set_cstr(b, s->sc_type, scope_type_name(ste->ste_type));
        Py_ssize_t n;
        const char *name = cpy_utf8(ste->ste_name, &n);
        if (name)
            rowbuf_set_str(b, s->sc_name, name, (size_t)n);
        rowbuf_set_i32(b, s->sc_lineno, ste->ste_lineno);
        rowbuf_set_bool(b, s->sc_nested, ste->ste_nested != 0);
        rowbuf_set_bool(b, s->sc_opt, ste->ste_type == FunctionBlock);
        rowbuf_set_bool(b, s->sc_children, PyList_GET_SIZE(ste->ste_children) > 0);
        rowbuf_set_cstr(b, s->sc_role, ste->ste_type == AnnotationBlock ? "type_meta" : "runtime");
    }
    if (e->parent < 0 || !(b = cpy_row(&s->edges, cf)))
        return;
    int64_t parent = s->entries[e->parent].scope_id;
    rowbuf_set_i64(b, s->ed_id,
                   pair_id("sym_scope_edge", "sym_scope", parent, "sym_scope", e->scope_id));
    rowbuf_set_i64(b, s->ed_parent, parent);
    rowbuf_set_i64(b, s->ed_child, e->scope_id);
}

/* Emits one namespace edge per child table of entry i named like the symbol; returns
 * whether there was any (Symbol.is_namespace()). In pre-order the children of i are the
 * roots of the consecutive subtrees after it, in ste_children order. */
static bool namespace_edges(cpy_sym *s, const cpy_file *cf, size_t i, PyObject *name,
                            int64_t symbol_id)
{
    bool any = false;
    for (size_t j = i + 1; j < (size_t)s->entries[i].end; j = (size_t)s->entries[j].end) {
        if (PyUnicode_Compare(s->entries[j].ste->ste_name, name) != 0)
            continue;
        any = true;
        rowbuf *b = cpy_row(&s->ns, cf);
        if (!b)
            continue;
        int64_t child = s->entries[j].scope_id;
        rowbuf_set_i64(b, s->ns_id,
                       pair_id("sym_ns_edge", "sym_symbol", symbol_id, "sym_scope", child));
        rowbuf_set_i64(b, s->ns_scope, s->entries[i].scope_id);
        rowbuf_set_i64(b, s->ns_symbol, symbol_id);
        rowbuf_set_i64(b, s->ns_child, child);
    }
    PyErr_Clear();
    return any;
}

static void symbol_rows(cpy_sym *s, const cpy_file *cf, size_t i)
{
    const PySTEntryObject *ste = s->entries[i].ste;
    bool module_scope = PyUnicode_CompareWithASCIIString(ste->ste_name, "top") == 0;
    Py_ssize_t pos = 0;
    PyObject *name, *v;
    while (PyDict_Next(ste->ste_symbols, &pos, &name, &v)) {
        long flags = PyLong_AsLong(v);
        long scope = (flags >> SCOPE_OFFSET) & SCOPE_MASK;
        Py_ssize_t len;
        const char *str = cpy_utf8(name, &len);
        if (!str)
            continue;
        id_builder ib;
        id_begin(&ib, "sym_symbol");
        id_add_ref(&ib, "sym_scope", s->entries[i].scope_id);
        id_add_str(&ib, str, (size_t)len);
        int64_t sid = id_finish(&ib);
        bool is_ns = namespace_edges(s, cf, i, name, sid);
        rowbuf *b = cpy_row(&s->symbols, cf);
        if (!b)
            continue;
        bool bound_here = module_scope && (flags & DEF_BOUND);
        bool f[11] = {
            flags & USE,
            flags & DEF_LOCAL,
            flags & DEF_IMPORT,
            flags & DEF_ANNOT,
            flags & DEF_PARAM,
            scope == GLOBAL_IMPLICIT || scope == GLOBAL_EXPLICIT || bound_here,
            scope == GLOBAL_EXPLICIT,
            flags & DEF_NONLOCAL,
            scope == LOCAL || scope == CELL || bound_here,
            scope == FREE,
            is_ns,
        };
        rowbuf_set_i64(b, s->sy_id, sid);
        rowbuf_set_i64(b, s->sy_scope, s->entries[i].scope_id);
        rowbuf_set_str(b, s->sy_name, str, (size_t)len);
        for (int k = 0; k < 11; k++)
            rowbuf_set_bool(b, s->sy_flag[k], f[k]);
    }
}

/* Does a symbol with these flags belong to partition k (parameters, locals, globals,
 * nonlocals, frees)? As Lib/symtable.py's Function methods decide. */
static bool in_partition(int k, long flags)
{
    long scope = (flags >> SCOPE_OFFSET) & SCOPE_MASK;
    switch (k) {
    case 0:
        return flags & DEF_PARAM;
    case 1:
        return scope == LOCAL || scope == CELL;
    case 2:
        return scope == GLOBAL_IMPLICIT || scope == GLOBAL_EXPLICIT;
    case 3:
        return flags & DEF_NONLOCAL;
    default:
        return scope == FREE;
    }
}

static void partition_row(cpy_sym *s, const cpy_file *cf, size_t i)
{
    const PySTEntryObject *ste = s->entries[i].ste;
    rowbuf *b;
    if (ste->ste_type != FunctionBlock || !(b = cpy_row(&s->parts, cf)))
        return;
    rowbuf_set_i64(b, s->pa_scope, s->entries[i].scope_id);
    for (int k = 0; k < 5; k++) {
        rowbuf_list_begin(b, s->pa_list[k]);
        Py_ssize_t pos = 0;
        PyObject *name, *v;
        while (PyDict_Next(ste->ste_symbols, &pos, &name, &v)) {
            Py_ssize_t len;
            const char *str = cpy_utf8(name, &len);
            if (str && in_partition(k, PyLong_AsLong(v)))
                rowbuf_list_push_str(b, s->pa_list[k], str, (size_t)len);
        }
    }
}

static bool wanted(const cpy_sym *s, const lens_sink *k)
{
    const cpy_ds *all[] = {&s->scopes, &s->symbols, &s->edges, &s->ns, &s->parts};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (k->rows(k->ctx, all[i]->ds))
            return true;
    return false;
}

/* The symbol table could not be built: one file_errors_v1 row with the exception. */
static void symtable_failed(const cpy_file *cf)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    PyObject *str = value ? PyObject_Str(value) : NULL;
    Py_ssize_t n;
    const char *msg = cpy_utf8(str, &n);
    char buf[1024];
    snprintf(buf, sizeof buf, "symtable: %s: %s",
             type ? ((PyTypeObject *)type)->tp_name : "Exception", msg ? msg : "?");
    long line = -1;
    PyObject *ln = value ? PyObject_GetAttrString(value, "lineno") : NULL;
    if (ln && PyLong_Check(ln))
        line = PyLong_AsLong(ln);
    PyErr_Clear();
    lens_emit_problem(cf->sink, cf->f, "cpython", "symtable_error", "error", buf, -1, line);
    Py_XDECREF(ln);
    Py_XDECREF(str);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
}

void cpy_sym_emit(cpy_sym *s, const cpy_file *cf, mod_ty mod, PyCompilerFlags *flags)
{
    if (!wanted(s, cf->sink))
        return;
    PyFutureFeatures *future = _PyFuture_FromAST(mod, cf->filename);
    struct symtable *st = NULL;
    if (future) {
        future->ff_features |= flags->cf_flags;
        st = _PySymtable_Build(mod, cf->filename, future);
        PyObject_Free(future);
    }
    if (!st) {
        symtable_failed(cf);
        return;
    }
    size_t n = collect_tables(s, st->st_top);
    for (size_t i = 0; i < n; i++)
        s->entries[i].scope_id = scope_id_of(cf, i, s->entries[i].ste);
    for (size_t i = 0; i < n; i++) {
        scope_row(s, cf, i);
        symbol_rows(s, cf, i);
        partition_row(s, cf, i);
    }
    _PySymtable_Free(st);
}
