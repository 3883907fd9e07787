/*
 * cpython_ast.c — the AST part of the CPython lens: py_ast_nodes_v1, py_ast_edges_v1,
 * ast_defs_v1 (extract_datasets.md §5), from the interpreter's C AST.
 *
 * The walk is generic: gen_pyast_table.py describes every constructor's fields (kind,
 * quantifier, offset in the C struct) from the `ast` module itself, and this file follows
 * that table. What Python's `ast` shows as nodes is exactly what is visited: node-valued
 * fields, list items that are nodes (a None in Dict.keys is skipped but keeps its index),
 * and the enum-valued fields (expr_context, operators), which Python presents as singleton
 * instances (Load, Add, ...).
 *
 * Numbering (docs/decisions.md): ast_idx is the pre-order index of the visit, so every
 * occurrence of a singleton (Load, Store, Add, ...) has its own ast_idx (reference defect
 * §14.8 fixed: the reference keyed indices by object identity). Children are visited in
 * field order, list items in list order. The walk uses an explicit stack: nesting depth
 * costs heap, never C stack.
 */
#include "cpython_int.h"

#include <string.h>

typedef struct {
    cpy_ds d;
    size_t ast_idx, parent, field, pos, kind, name, value_repr;
    size_t lineno, col, end_lineno, end_col, bstart, bend;
} node_cols;

typedef struct {
    const void *ptr; /* the C node; NULL for an enum value */
    int value;       /* enum value (1-based constructor number) */
    int16_t type;    /* pyast_types index */
    int32_t parent;  /* ast_idx of the parent, -1 for the root */
    const char *field;
    int32_t pos;
} ast_frame;

struct cpy_ast {
    node_cols nodes, defs;
    cpy_ds edges, errors;
    size_t e_parent, e_child, e_field, e_pos;
    int constant_ctor;
    bool *is_def; /* per pyast_ctors index */
    ast_frame *stack;
    size_t cap;
};

static void node_cols_init(node_cols *c, const char *name)
{
    cpy_ds_init(&c->d, name);
    const reg_dataset *ds = c->d.ds;
    c->ast_idx = registry_col_must(ds, "ast_idx");
    c->parent = registry_col_must(ds, "parent_ast_idx");
    c->field = registry_col_must(ds, "field_name");
    c->pos = registry_col_must(ds, "field_pos");
    c->kind = registry_col_must(ds, "kind");
    c->name = registry_col_must(ds, "name");
    c->value_repr = registry_col_must(ds, "value_repr");
    c->lineno = registry_col_must(ds, "lineno");
    c->col = registry_col_must(ds, "col_offset");
    c->end_lineno = registry_col_must(ds, "end_lineno");
    c->end_col = registry_col_must(ds, "end_col_offset");
    c->bstart = registry_col_must(ds, "bstart");
    c->bend = registry_col_must(ds, "bend");
}

cpy_ast *cpy_ast_new(void)
{
    cpy_ast *a = core_calloc(1, sizeof *a);
    node_cols_init(&a->nodes, "py_ast_nodes_v1");
    node_cols_init(&a->defs, "ast_defs_v1");
    cpy_ds_init(&a->edges, "py_ast_edges_v1");
    a->e_parent = registry_col_must(a->edges.ds, "parent_ast_idx");
    a->e_child = registry_col_must(a->edges.ds, "child_ast_idx");
    a->e_field = registry_col_must(a->edges.ds, "field_name");
    a->e_pos = registry_col_must(a->edges.ds, "field_pos");
    cpy_ds_init(&a->errors, "py_ast_errors_v1");
    a->constant_ctor = -1;
    a->is_def = core_calloc(pyast_ctor_count, sizeof *a->is_def);
    for (size_t i = 0; i < pyast_ctor_count; i++) {
        const char *n = pyast_ctors[i].name;
        if (strcmp(n, "Constant") == 0)
            a->constant_ctor = (int)i;
        a->is_def[i] = strcmp(n, "FunctionDef") == 0 || strcmp(n, "AsyncFunctionDef") == 0 ||
                       strcmp(n, "ClassDef") == 0;
    }
    return a;
}

void cpy_ast_free(cpy_ast *a)
{
    if (!a)
        return;
    core_free(a->is_def);
    core_free(a->stack);
    core_free(a);
}

const cpy_ds *cpy_ast_errors(const cpy_ast *a)
{
    return &a->errors;
}

static void push(cpy_ast *a, size_t *n, ast_frame fr)
{
    if (*n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 256;
        a->stack = core_realloc(a->stack, a->cap * sizeof *a->stack);
    }
    a->stack[(*n)++] = fr;
}

/* The constructor a frame stands for. */
static int ctor_of(const ast_frame *fr)
{
    const pyast_type *t = &pyast_types[fr->type];
    if (t->shape == PYAST_PRODUCT)
        return t->first_ctor;
    int k = fr->ptr ? *(const int *)fr->ptr : fr->value; /* sum structs start with `kind` */
    if (k < 1 || k > t->nctors)
        return -1;
    return t->first_ctor + k - 1;
}

/* Pushes the children of node fr (constructor c, ast_idx idx) so that they pop in field
 * order. */
static void push_children(cpy_ast *a, size_t *n, const ast_frame *fr, const pyast_ctor *c,
                          int32_t idx)
{
    const char *base = fr->ptr;
    for (int fi = c->nfields - 1; fi >= 0; fi--) {
        const pyast_field *f = &c->fields[fi];
        if (f->kind != PYAST_F_NODE && f->kind != PYAST_F_ENUM)
            continue;
        ast_frame ch = {.type = f->sub, .parent = idx, .field = f->name};
        const void *slot = base + f->offset;
        if (f->quant != PYAST_SEQ) {
            if (f->kind == PYAST_F_ENUM) {
                ch.value = *(const int *)slot;
                push(a, n, ch);
            } else if ((ch.ptr = *(const void *const *)slot) != NULL) {
                push(a, n, ch);
            }
            continue;
        }
        const asdl_seq *seq = *(const asdl_seq *const *)slot;
        for (Py_ssize_t i = asdl_seq_LEN(seq) - 1; i >= 0; i--) {
            ch.pos = (int32_t)i;
            if (f->kind == PYAST_F_ENUM) {
                ch.value = ((const asdl_int_seq *)seq)->typed_elements[i];
                push(a, n, ch);
            } else if ((ch.ptr = seq->elements[i]) != NULL) {
                push(a, n, ch);
            }
        }
    }
}

/* A node's positions and the span they give, read once per node for its rows and anchor. */
typedef struct {
    bool has_pos, has_span;
    int pos[4]; /* lineno, col_offset, end_lineno, end_col_offset */
    int64_t bstart, bend;
} node_place;

static node_place place_of(const cpy_file *cf, const ast_frame *fr, const pyast_ctor *ctor)
{
    node_place pl = {0};
    const pyast_type *t = &pyast_types[ctor->type];
    if (!fr->ptr || !t->has_pos)
        return pl;
    pl.has_pos = true;
    for (int i = 0; i < 4; i++)
        pl.pos[i] = *(const int *)((const char *)fr->ptr + t->pos[i]);
    pl.has_span = cpy_span(cf, pl.pos, &pl.bstart, &pl.bend);
    return pl;
}

static void node_row(cpy_ast *a, const node_cols *c, const cpy_file *cf, const ast_frame *fr,
                     const pyast_ctor *ctor, int32_t idx, const node_place *pl)
{
    rowbuf *b = cpy_row(&c->d, cf);
    if (!b)
        return;
    rowbuf_set_i32(b, c->ast_idx, idx);
    if (fr->parent >= 0) {
        rowbuf_set_i32(b, c->parent, fr->parent);
        rowbuf_set_cstr(b, c->field, fr->field);
        rowbuf_set_i32(b, c->pos, fr->pos);
    }
    rowbuf_set_cstr(b, c->kind, ctor->name);
    if (!fr->ptr)
        return;
    const char *base = fr->ptr;
    if (ctor->name_field >= 0) {
        PyObject *o = *(PyObject *const *)(base + ctor->fields[ctor->name_field].offset);
        Py_ssize_t n;
        const char *s = cpy_utf8(o, &n);
        if (s)
            rowbuf_set_str(b, c->name, s, (size_t)n);
    }
    if (ctor - pyast_ctors == a->constant_ctor) {
        PyObject *r = PyObject_Repr(*(PyObject *const *)(base + ctor->fields[0].offset));
        Py_ssize_t n;
        const char *s = cpy_utf8(r, &n);
        if (s)
            rowbuf_set_str(b, c->value_repr, s, (size_t)n);
        Py_XDECREF(r);
        PyErr_Clear(); /* e.g. an int too large to print: value_repr stays NULL */
    }
    if (pl->has_pos) {
        rowbuf_set_i32(b, c->lineno, pl->pos[0]);
        rowbuf_set_i32(b, c->col, pl->pos[1]);
        rowbuf_set_i32(b, c->end_lineno, pl->pos[2]);
        rowbuf_set_i32(b, c->end_col, pl->pos[3]);
    }
    if (pl->has_span) {
        rowbuf_set_i64(b, c->bstart, pl->bstart);
        rowbuf_set_i64(b, c->bend, pl->bend);
    }
}

/* Appends node idx, whose span pl has, to the file's AST spans. */
static void anchor_add(const cpy_file *cf, const node_place *pl, const pyast_ctor *ctor,
                       int32_t idx)
{
    cpy_anchors *an = cf->anchors;
    cpy_grow((void **)&an->a, &an->cap, an->n + 1, sizeof *an->a);
    an->a[an->n++] = (cpy_anchor){pl->bstart, pl->bend, idx, ctor->name};
}

static void edge_row(cpy_ast *a, const cpy_file *cf, const ast_frame *fr, int32_t idx)
{
    rowbuf *b = cpy_row(&a->edges, cf);
    if (!b)
        return;
    rowbuf_set_i32(b, a->e_parent, fr->parent);
    rowbuf_set_i32(b, a->e_child, idx);
    rowbuf_set_cstr(b, a->e_field, fr->field);
    rowbuf_set_i32(b, a->e_pos, fr->pos);
}

void cpy_ast_emit(cpy_ast *a, const cpy_file *cf, mod_ty mod)
{
    const lens_sink *k = cf->sink;
    if (!k->rows(k->ctx, a->nodes.d.ds) && !k->rows(k->ctx, a->edges.ds) &&
        !k->rows(k->ctx, a->defs.d.ds) && !cf->anchors)
        return;
    size_t n = 0;
    push(a, &n, (ast_frame){.ptr = mod, .type = (int16_t)pyast_type_mod, .parent = -1});
    int32_t next = 0;
    while (n > 0) {
        ast_frame fr = a->stack[--n];
        int c = ctor_of(&fr);
        if (PC_NEVER(c < 0))
            continue; /* a kind this table does not know: impossible for a matching build */
        const pyast_ctor *ctor = &pyast_ctors[c];
        int32_t idx = next++;
        node_place pl = place_of(cf, &fr, ctor);
        node_row(a, &a->nodes, cf, &fr, ctor, idx, &pl);
        if (cf->anchors && pl.has_span)
            anchor_add(cf, &pl, ctor, idx);
        if (fr.parent >= 0)
            edge_row(a, cf, &fr, idx);
        if (a->is_def[c])
            node_row(a, &a->defs, cf, &fr, ctor, idx, &pl);
        if (fr.ptr && pyast_types[fr.type].shape != PYAST_ENUM)
            push_children(a, &n, &fr, ctor, idx);
    }
}
