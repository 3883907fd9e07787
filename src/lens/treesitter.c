/*
 * treesitter.c — the tree-sitter lens: ts_nodes_v1, ts_errors_v1, ts_missing_v1
 * (extract_datasets.md §10).
 *
 * The tree is the shared parse of the file (lens_file_tree: tree-sitter-python 0.23.6,
 * compiled in, one parse per file for every lens). The raw bytes are parsed as they are,
 * so spans are raw byte offsets whatever the encoding.
 * The walk is an iterative pre-order over every node, named and anonymous, with a
 * TSTreeCursor and an explicit stack of ancestors (habit 12), so nesting depth costs heap,
 * not C stack.
 *
 * Ids (docs/ids.md): ts_node_id is file-local, id_local(file's prefix, ID_LOCAL_TS, the
 * node's pre-order index in the file), so the ids of a file's nodes, and their parents' ids,
 * follow each other and compress (the reference's id("ts_node", path, start, end, type)
 * collided for a named node and an anonymous token of one type and span, a bare `yield`,
 * and made a node its own parent; the reference's recipe stays the fallback past
 * ID_LOCAL_ORDINAL_LIMIT nodes, with the repeat k below as a last part);
 * span_id = id("span", "file:<file_id>", start, end); ts_error_id / ts_missing_id =
 * id("ts_error" | "ts_missing", path, start, end), and for the k-th node of the file with
 * the same span and type (an ERROR inside an ERROR of the same span) id("ts_error" |
 * "ts_missing", path, start, end, k), so every error row has its own id. k is counted with
 * the reference's hashed node id as the key.
 */
#include "lens.h"

#include <string.h>
#include <tree_sitter/api.h>

typedef struct {
    const reg_dataset *ds;
    size_t file_id, path, sha, node_id, parent_id, span_id, type, start, end;
    size_t is_named, has_error, is_missing; /* ts_nodes_v1 only */
    size_t flag;                            /* is_error (nodes, errors) / is_missing (missing) */
    size_t row_id;                          /* ts_error_id / ts_missing_id */
} ts_cols;

/* The reference's hashed node ids already met in the current file (to count repeats): open
 * addressing with linear probing. A slot is live only when its generation is the set's; clearing
 * for the next file bumps the generation, so it costs nothing however large the table grew. */
typedef struct {
    int64_t key;
    uint64_t gen;
} id_slot;

typedef struct {
    id_slot *slots;
    size_t cap, used; /* cap is 0 or a power of two; used counts live slots */
    uint64_t gen;     /* >= 1 once cleared */
} id_set;

typedef struct {
    ts_cols nodes, errors, missing;
    id_set seen;
} ts_state;

/* One ancestor on the walk stack. */
typedef struct {
    int64_t node_id;
} ts_frame;

static void cols_common(ts_cols *c, const char *name)
{
    c->ds = registry_find(name);
    c->file_id = registry_col_must(c->ds, "file_id");
    c->path = registry_col_must(c->ds, "path");
    c->sha = registry_col_must(c->ds, "file_sha256");
    c->node_id = registry_col_must(c->ds, "ts_node_id");
    c->span_id = registry_col_must(c->ds, "span_id");
    c->type = registry_col_must(c->ds, "ts_type");
    c->start = registry_col_must(c->ds, "start_byte");
    c->end = registry_col_must(c->ds, "end_byte");
}

static pc_status ts_open(void **state, pc_err *err)
{
    (void)err;
    ts_state *s = core_calloc(1, sizeof *s);
    cols_common(&s->nodes, "ts_nodes_v1");
    s->nodes.parent_id = registry_col_must(s->nodes.ds, "parent_ts_id");
    s->nodes.is_named = registry_col_must(s->nodes.ds, "is_named");
    s->nodes.has_error = registry_col_must(s->nodes.ds, "has_error");
    s->nodes.flag = registry_col_must(s->nodes.ds, "is_error");
    s->nodes.is_missing = registry_col_must(s->nodes.ds, "is_missing");
    cols_common(&s->errors, "ts_errors_v1");
    s->errors.flag = registry_col_must(s->errors.ds, "is_error");
    s->errors.row_id = registry_col_must(s->errors.ds, "ts_error_id");
    cols_common(&s->missing, "ts_missing_v1");
    s->missing.flag = registry_col_must(s->missing.ds, "is_missing");
    s->missing.row_id = registry_col_must(s->missing.ds, "ts_missing_id");
    *state = s;
    return PC_OK;
}

static void ts_close(void *state)
{
    ts_state *s = state;
    if (!s)
        return;
    core_free(s->seen.slots);
    core_free(s);
}

static void id_set_clear(id_set *set)
{
    set->gen++;
    set->used = 0;
}

static bool id_set_insert(id_set *set, int64_t id)
{
    size_t i = (size_t)((uint64_t)id * UINT64_C(0x9E3779B97F4A7C15) >> 20) & (set->cap - 1);
    while (set->slots[i].gen == set->gen) {
        if (set->slots[i].key == id)
            return false;
        i = (i + 1) & (set->cap - 1);
    }
    set->slots[i].key = id;
    set->slots[i].gen = set->gen;
    set->used++;
    return true;
}

/* Inserts id; returns false if it was already present in the current file. */
static bool id_set_add(id_set *set, int64_t id)
{
    if (2 * (set->used + 1) > set->cap) {
        id_slot *old = set->slots;
        size_t old_cap = set->cap;
        uint64_t live = set->gen;
        set->cap = old_cap ? old_cap * 2 : 4096;
        set->slots = core_calloc(set->cap, sizeof *set->slots); /* gen 0: never live */
        set->used = 0;
        for (size_t i = 0; i < old_cap; i++)
            if (old[i].gen == live)
                id_set_insert(set, old[i].key);
        core_free(old);
    }
    return id_set_insert(set, id);
}

/* Node facts computed once per node and shared by the three datasets. */
typedef struct {
    const char *type;
    int64_t start, end, node_id, span_id;
    int64_t repeat;  /* 0, or k: the k-th repeat of the node's span and type in the file */
    int64_t ordinal; /* the node's pre-order index in the file */
} ts_fact;

static void row_identity(rowbuf *b, const ts_cols *c, const lens_file *f, const ts_fact *n)
{
    rowbuf_add_row(b);
    rowbuf_set_i64(b, c->file_id, f->file_id);
    rowbuf_set_cstr(b, c->path, f->path);
    rowbuf_set_cstr(b, c->sha, f->file_sha256);
    rowbuf_set_i64(b, c->node_id, n->node_id);
    rowbuf_set_i64(b, c->span_id, n->span_id);
    rowbuf_set_cstr(b, c->type, n->type);
    rowbuf_set_i64(b, c->start, n->start);
    rowbuf_set_i64(b, c->end, n->end);
}

static void emit_flagged(rowbuf *b, const ts_cols *c, const char *prefix, const lens_file *f,
                         const ts_fact *n)
{
    if (!b)
        return;
    row_identity(b, c, f, n);
    id_builder ib;
    id_begin(&ib, prefix);
    id_add_cstr(&ib, f->path);
    id_add_i64(&ib, n->start);
    id_add_i64(&ib, n->end);
    if (n->repeat)
        id_add_i64(&ib, n->repeat);
    rowbuf_set_i64(b, c->row_id, id_finish(&ib));
    rowbuf_set_bool(b, c->flag, true);
}

/* Per-file outputs and hash states with the constant prefix of each id already absorbed:
 * "ts_node␟path" and "span␟file:<id>". Copying a state is cheaper than starting over. */
typedef struct {
    rowbuf *nodes, *errors, *missing;
    id_builder node_base, span_base;
} ts_out;

static void emit_node(ts_state *s, const ts_out *out, const lens_file *f, TSNode node,
                      const ts_frame *parent, ts_fact *n)
{
    n->type = ts_node_type(node);
    n->start = ts_node_start_byte(node);
    n->end = ts_node_end_byte(node);
    id_builder b = out->node_base;
    id_add_i64(&b, n->start);
    id_add_i64(&b, n->end);
    id_add_cstr(&b, n->type);
    id_builder typed = b;
    int64_t hashed = id_finish(&b);
    n->repeat = 0;
    for (int64_t k = 1; !id_set_add(&s->seen, hashed); k++) {
        b = typed;
        id_add_i64(&b, k);
        hashed = id_finish(&b);
        n->repeat = k;
    }
    n->node_id = id_local(f->id_prefix, ID_LOCAL_TS, n->ordinal);
    if (n->node_id < 0)
        n->node_id = hashed;
    b = out->span_base;
    id_add_i64(&b, n->start);
    id_add_i64(&b, n->end);
    n->span_id = id_finish(&b);
    bool is_error = ts_node_symbol(node) == (TSSymbol)-1, is_missing = ts_node_is_missing(node);
    if (out->nodes) {
        const ts_cols *c = &s->nodes;
        row_identity(out->nodes, c, f, n);
        if (parent)
            rowbuf_set_i64(out->nodes, c->parent_id, parent->node_id);
        rowbuf_set_bool(out->nodes, c->is_named, ts_node_is_named(node));
        rowbuf_set_bool(out->nodes, c->has_error, ts_node_has_error(node));
        rowbuf_set_bool(out->nodes, c->flag, is_error);
        rowbuf_set_bool(out->nodes, c->is_missing, is_missing);
    }
    if (is_error)
        emit_flagged(out->errors, &s->errors, "ts_error", f, n);
    if (is_missing)
        emit_flagged(out->missing, &s->missing, "ts_missing", f, n);
}

/* Pre-order walk. stack[d] is the frame of the node at depth d on the cursor's path. */
static void walk(ts_state *s, const ts_out *out, const lens_file *f, const TSTree *tree)
{
    TSTreeCursor cur = ts_tree_cursor_new(ts_tree_root_node(tree));
    size_t depth = 0, cap = 64;
    ts_frame *stack = core_malloc(cap * sizeof *stack);
    for (int64_t ordinal = 0;; ordinal++) {
        ts_fact n;
        n.ordinal = ordinal;
        emit_node(s, out, f, ts_tree_cursor_current_node(&cur), depth ? &stack[depth - 1] : NULL,
                  &n);
        stack[depth].node_id = n.node_id;
        if (ts_tree_cursor_goto_first_child(&cur)) {
            if (++depth == cap) {
                cap *= 2;
                stack = core_realloc(stack, cap * sizeof *stack);
            }
            continue;
        }
        while (!ts_tree_cursor_goto_next_sibling(&cur)) {
            if (depth == 0 || !ts_tree_cursor_goto_parent(&cur))
                goto done;
            depth--;
        }
    }
done:
    core_free(stack);
    ts_tree_cursor_delete(&cur);
}

static pc_status ts_run(void *state, const lens_file *f, const lens_sink *sink, pc_err *err)
{
    (void)err;
    ts_state *s = state;
    ts_out out;
    out.nodes = sink->rows(sink->ctx, s->nodes.ds);
    out.errors = sink->rows(sink->ctx, s->errors.ds);
    out.missing = sink->rows(sink->ctx, s->missing.ds);
    if (!out.nodes && !out.errors && !out.missing)
        return PC_OK;
    id_begin(&out.node_base, "ts_node");
    id_add_cstr(&out.node_base, f->path);
    id_begin(&out.span_base, "span");
    id_add_ref(&out.span_base, "file", f->file_id);
    const char *code, *message;
    const TSTree *tree = lens_file_tree(f, &code, &message);
    if (!tree) {
        lens_emit_problem(sink, f, "tree_sitter", code, "error", message, -1, 0);
        return PC_OK;
    }
    id_set_clear(&s->seen);
    walk(s, &out, f, tree);
    return PC_OK;
}

static const char *const ts_datasets[] = {"ts_nodes_v1", "ts_errors_v1", "ts_missing_v1", NULL};

const lens_def lens_tree_sitter = {
    .name = "tree_sitter",
    .version = "tree-sitter-python 0.23.6",
    .datasets = ts_datasets,
    .open = ts_open,
    .run = ts_run,
    .close = ts_close,
};
