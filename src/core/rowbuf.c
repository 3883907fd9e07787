/*
 * rowbuf.c — columnar row batches: what lenses fill and the store drains.
 *
 * Layout: one `column` per schema column, each with a validity byte per row and a typed
 * value array of the same length. Strings and blobs are (pointer, length) pairs pointing
 * into the batch's arena. Lists keep, per row, a range [first, first+count) into the
 * column's item array; an item of a tuple list takes `tuple_width` consecutive slots.
 *
 * Invariants: every column has exactly `rows` entries; values are set only on the last
 * row (rowbuf_set_* on a batch with no rows is a programming error, asserted); a list
 * column's items are pushed only for the last row, so a row's items are contiguous.
 *
 * Divisions: layout and growth, writers, readers.
 */
#include "core.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *p;
    size_t n; /* p == NULL means a NULL tuple field */
} str_ref;

typedef struct {
    size_t first;
    size_t count;
} list_ref;

typedef struct {
    col_shape shape;
    size_t elem;    /* bytes per value in `data` */
    uint8_t *valid; /* 1 = non-NULL */
    void *data;     /* rows values of `elem` bytes */
    str_ref last;   /* string columns: the previous copy, reused when equal */
    str_ref *items; /* list columns: item slots */
    size_t nitems;
    size_t items_cap;
    bool ever_set;
} column;

struct rowbuf {
    size_t ncols;
    size_t rows;
    size_t cap;
    column *cols;
    arena *strings;
};

static size_t elem_size(col_kind k)
{
    switch (k) {
    case CK_I64:
        return sizeof(int64_t);
    case CK_I32:
        return sizeof(int32_t);
    case CK_I16:
        return sizeof(int16_t);
    case CK_F32:
        return sizeof(float);
    case CK_F64:
        return sizeof(double);
    case CK_BOOL:
        return sizeof(bool);
    case CK_STR:
    case CK_BLOB:
        return sizeof(str_ref);
    case CK_LIST_STR:
    case CK_LIST_TUPLE:
        return sizeof(list_ref);
    }
    return sizeof(int64_t);
}

rowbuf *rowbuf_new(size_t ncols, const col_shape *shapes)
{
    rowbuf *b = core_calloc(1, sizeof *b);
    b->ncols = ncols;
    b->cols = core_calloc(ncols ? ncols : 1, sizeof *b->cols);
    for (size_t i = 0; i < ncols; i++) {
        b->cols[i].shape = shapes[i];
        if (shapes[i].kind == CK_LIST_STR)
            b->cols[i].shape.tuple_width = 1;
        b->cols[i].elem = elem_size(shapes[i].kind);
    }
    b->strings = arena_new(64 * 1024);
    return b;
}

void rowbuf_free(rowbuf *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->ncols; i++) {
        core_free(b->cols[i].valid);
        core_free(b->cols[i].data);
        core_free(b->cols[i].items);
    }
    core_free(b->cols);
    arena_free(b->strings);
    core_free(b);
}

void rowbuf_clear(rowbuf *b)
{
    b->rows = 0;
    for (size_t i = 0; i < b->ncols; i++) {
        b->cols[i].nitems = 0;
        b->cols[i].last.p = NULL;
    }
    arena_reset(b->strings);
}

rowbuf *rowbuf_take(rowbuf *b)
{
    rowbuf *t = core_calloc(1, sizeof *t);
    *t = *b;
    t->cols = core_malloc((b->ncols ? b->ncols : 1) * sizeof *t->cols);
    memcpy(t->cols, b->cols, b->ncols * sizeof *t->cols);
    for (size_t i = 0; i < b->ncols; i++) {
        column *c = &b->cols[i];
        c->valid = NULL;
        c->data = NULL;
        c->items = NULL;
        c->nitems = c->items_cap = 0;
        c->last.p = NULL;
    }
    b->rows = b->cap = 0;
    b->strings = arena_new(64 * 1024);
    return t;
}

size_t rowbuf_rows(const rowbuf *b)
{
    return b->rows;
}

size_t rowbuf_cols(const rowbuf *b)
{
    return b->ncols;
}

size_t rowbuf_bytes(const rowbuf *b)
{
    size_t n = arena_used(b->strings);
    for (size_t i = 0; i < b->ncols; i++)
        n += b->cap * (b->cols[i].elem + 1) + b->cols[i].items_cap * sizeof(str_ref);
    return n;
}

/* Grows every column to hold at least `need` rows. */
static void reserve_rows(rowbuf *b, size_t need)
{
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256, bytes;
    while (cap < need && core_size_mul(cap, 2, &cap))
        ;
    for (size_t i = 0; i < b->ncols; i++) {
        column *c = &b->cols[i];
        if (cap < need || !core_size_mul(cap, c->elem, &bytes)) {
            fprintf(stderr, "pycpg: row batch too large\n");
            abort();
        }
        c->valid = core_realloc(c->valid, cap);
        c->data = core_realloc(c->data, bytes);
    }
    b->cap = cap;
}

void rowbuf_add_row(rowbuf *b)
{
    reserve_rows(b, b->rows + 1);
    for (size_t i = 0; i < b->ncols; i++)
        b->cols[i].valid[b->rows] = 0;
    b->rows++;
}

/* Slot of the last row's value in column col, marked non-NULL. */
static void *last_slot(rowbuf *b, size_t col, col_kind want)
{
    assert(b->rows > 0 && col < b->ncols);
    column *c = &b->cols[col];
    assert(c->shape.kind == want || (want == CK_STR && c->shape.kind == CK_BLOB));
    (void)want;
    c->valid[b->rows - 1] = 1;
    c->ever_set = true;
    return (char *)c->data + (b->rows - 1) * c->elem;
}

void rowbuf_set_i64(rowbuf *b, size_t col, int64_t v)
{
    *(int64_t *)last_slot(b, col, CK_I64) = v;
}

void rowbuf_set_i32(rowbuf *b, size_t col, int32_t v)
{
    *(int32_t *)last_slot(b, col, CK_I32) = v;
}

void rowbuf_set_i16(rowbuf *b, size_t col, int16_t v)
{
    *(int16_t *)last_slot(b, col, CK_I16) = v;
}

void rowbuf_set_f32(rowbuf *b, size_t col, float v)
{
    *(float *)last_slot(b, col, CK_F32) = v;
}

void rowbuf_set_f64(rowbuf *b, size_t col, double v)
{
    *(double *)last_slot(b, col, CK_F64) = v;
}

void rowbuf_set_bool(rowbuf *b, size_t col, bool v)
{
    *(bool *)last_slot(b, col, CK_BOOL) = v;
}

void rowbuf_set_str(rowbuf *b, size_t col, const char *s, size_t n)
{
    str_ref *r = last_slot(b, col, CK_STR);
    column *c = &b->cols[col];
    /* Per-file values (path, hash) repeat on every row: share one copy. The arena copy is
     * immutable until rowbuf_clear, which forgets it. */
    if (c->last.p && c->last.n == n && memcmp(c->last.p, s, n) == 0) {
        *r = c->last;
        return;
    }
    r->p = arena_strndup(b->strings, s, n);
    r->n = n;
    c->last = *r;
}

void rowbuf_set_cstr(rowbuf *b, size_t col, const char *s)
{
    if (s)
        rowbuf_set_str(b, col, s, strlen(s));
    else
        rowbuf_set_null(b, col);
}

void rowbuf_set_blob(rowbuf *b, size_t col, const void *p, size_t n)
{
    rowbuf_set_str(b, col, (const char *)p, n);
}

void rowbuf_set_null(rowbuf *b, size_t col)
{
    assert(b->rows > 0 && col < b->ncols);
    b->cols[col].valid[b->rows - 1] = 0;
}

void rowbuf_list_begin(rowbuf *b, size_t col)
{
    column *c = &b->cols[col];
    assert(c->shape.kind == CK_LIST_STR || c->shape.kind == CK_LIST_TUPLE);
    list_ref *r = last_slot(b, col, c->shape.kind);
    r->first = c->nitems;
    r->count = 0;
}

static str_ref *push_slots(column *c, size_t n)
{
    size_t need;
    if (!core_size_add(c->nitems, n, &need)) {
        fprintf(stderr, "pycpg: list too large\n");
        abort();
    }
    if (need > c->items_cap) /* (a call less per item) */
        c->items = core_grow(c->items, &c->items_cap, need, sizeof *c->items, 64);
    str_ref *s = &c->items[c->nitems];
    c->nitems = need;
    return s;
}

static list_ref *last_list(rowbuf *b, size_t col)
{
    column *c = &b->cols[col];
    assert(b->rows > 0 && c->valid[b->rows - 1]);
    return (list_ref *)((char *)c->data + (b->rows - 1) * c->elem);
}

void rowbuf_list_push_str(rowbuf *b, size_t col, const char *s, size_t n)
{
    column *c = &b->cols[col];
    assert(c->shape.kind == CK_LIST_STR);
    list_ref *r = last_list(b, col);
    str_ref *slot = push_slots(c, 1);
    slot->p = arena_strndup(b->strings, s, n);
    slot->n = n;
    r->count++;
}

void rowbuf_list_push_tuple(rowbuf *b, size_t col, const char *const *fields)
{
    column *c = &b->cols[col];
    assert(c->shape.kind == CK_LIST_TUPLE);
    list_ref *r = last_list(b, col);
    size_t w = (size_t)c->shape.tuple_width;
    str_ref *slot = push_slots(c, w);
    for (size_t f = 0; f < w; f++) {
        size_t n = fields[f] ? strlen(fields[f]) : 0;
        slot[f].p = fields[f] ? arena_strndup(b->strings, fields[f], n) : NULL;
        slot[f].n = n;
    }
    r->count++;
}

/* ---- readers ----------------------------------------------------------------------- */

static const void *slot_at(const rowbuf *b, size_t col, size_t row)
{
    assert(col < b->ncols && row < b->rows);
    const column *c = &b->cols[col];
    return (const char *)c->data + row * c->elem;
}

col_shape rowbuf_shape(const rowbuf *b, size_t col)
{
    return b->cols[col].shape;
}

bool rowbuf_is_null(const rowbuf *b, size_t col, size_t row)
{
    return b->cols[col].valid[row] == 0;
}

bool rowbuf_col_ever_set(const rowbuf *b, size_t col)
{
    return b->cols[col].ever_set;
}

int64_t rowbuf_get_i64(const rowbuf *b, size_t col, size_t row)
{
    return *(const int64_t *)slot_at(b, col, row);
}

int32_t rowbuf_get_i32(const rowbuf *b, size_t col, size_t row)
{
    return *(const int32_t *)slot_at(b, col, row);
}

int16_t rowbuf_get_i16(const rowbuf *b, size_t col, size_t row)
{
    return *(const int16_t *)slot_at(b, col, row);
}

float rowbuf_get_f32(const rowbuf *b, size_t col, size_t row)
{
    return *(const float *)slot_at(b, col, row);
}

double rowbuf_get_f64(const rowbuf *b, size_t col, size_t row)
{
    return *(const double *)slot_at(b, col, row);
}

bool rowbuf_get_bool(const rowbuf *b, size_t col, size_t row)
{
    return *(const bool *)slot_at(b, col, row);
}

const char *rowbuf_get_str(const rowbuf *b, size_t col, size_t row, size_t *len)
{
    const str_ref *r = slot_at(b, col, row);
    if (len)
        *len = r->n;
    return r->p;
}

size_t rowbuf_list_len(const rowbuf *b, size_t col, size_t row)
{
    return ((const list_ref *)slot_at(b, col, row))->count;
}

const char *rowbuf_list_item(const rowbuf *b, size_t col, size_t row, size_t i, size_t field,
                             size_t *len)
{
    const column *c = &b->cols[col];
    const list_ref *r = slot_at(b, col, row);
    assert(i < r->count && field < (size_t)c->shape.tuple_width);
    const str_ref *s = &c->items[r->first + i * (size_t)c->shape.tuple_width + field];
    if (len)
        *len = s->n;
    return s->p;
}
