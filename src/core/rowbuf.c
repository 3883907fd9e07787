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
 * Divisions: layout and growth, writers, readers, the wire form (rowbuf_serialize and
 * rowbuf_append_serialized; the format is described in core.h).
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
    if (need > c->items_cap) {
        size_t cap = c->items_cap ? c->items_cap * 2 : 64;
        while (cap < need)
            cap *= 2;
        c->items = core_realloc(c->items, cap * sizeof *c->items);
        c->items_cap = cap;
    }
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

/* ---- wire form ---------------------------------------------------------------------- */

static void put_varint(sbuf *out, uint64_t v)
{
    char tmp[10];
    size_t n = 0;
    do {
        unsigned char byte = (unsigned char)(v & 0x7f);
        v >>= 7;
        tmp[n++] = (char)(byte | (v ? 0x80 : 0));
    } while (v);
    sbuf_append(out, tmp, n);
}

/* A string field: varint (len+1) + bytes; a NULL field (p == NULL) is varint 0. */
static void put_field(sbuf *out, const str_ref *s)
{
    put_varint(out, s->p ? (uint64_t)s->n + 1 : 0);
    if (s->p)
        sbuf_append(out, s->p, s->n);
}

static void put_bitmap(sbuf *out, const column *c, size_t rows)
{
    for (size_t i = 0; i < rows; i += 8) {
        unsigned char byte = 0;
        for (size_t k = 0; k < 8 && i + k < rows; k++)
            byte |= (unsigned char)((c->valid[i + k] ? 1u : 0u) << k);
        sbuf_putc(out, (char)byte);
    }
}

static void put_strings(sbuf *out, const column *c, size_t rows)
{
    const str_ref *v = c->data, *prev = NULL;
    for (size_t i = 0; i < rows; i++) {
        if (!c->valid[i])
            continue;
        if (prev && prev->n == v[i].n && (prev->p == v[i].p || !memcmp(prev->p, v[i].p, v[i].n)))
            put_varint(out, 0);
        else
            put_field(out, &v[i]);
        prev = &v[i];
    }
}

static void put_lists(sbuf *out, const column *c, size_t rows)
{
    const list_ref *v = c->data;
    size_t w = (size_t)c->shape.tuple_width;
    for (size_t i = 0; i < rows; i++) {
        if (!c->valid[i])
            continue;
        put_varint(out, v[i].count);
        for (size_t k = 0; k < v[i].count * w; k++)
            put_field(out, &c->items[v[i].first + k]);
    }
}

static void put_column(sbuf *out, const column *c, size_t rows)
{
    assert(c->shape.tuple_width >= 0 && c->shape.tuple_width <= 255);
    sbuf_putc(out, (char)c->shape.kind);
    sbuf_putc(out, (char)c->shape.tuple_width);
    put_bitmap(out, c, rows);
    size_t nvalid = 0;
    for (size_t i = 0; i < rows; i++)
        nvalid += c->valid[i];
    switch (c->shape.kind) {
    case CK_STR:
    case CK_BLOB:
        put_strings(out, c, rows);
        return;
    case CK_LIST_STR:
    case CK_LIST_TUPLE:
        put_lists(out, c, rows);
        return;
    default:
        break;
    }
    if (nvalid == rows) {
        sbuf_append(out, c->data, rows * c->elem);
        return;
    }
    for (size_t i = 0; i < rows; i++)
        if (c->valid[i])
            sbuf_append(out, (const char *)c->data + i * c->elem, c->elem);
}

void rowbuf_serialize(const rowbuf *b, sbuf *out)
{
    put_varint(out, b->rows);
    put_varint(out, b->ncols);
    for (size_t i = 0; i < b->ncols; i++)
        put_column(out, &b->cols[i], b->rows);
}

/* A bounds-checked reader over an encoding; every read fails (false) past the end. */
typedef struct {
    const unsigned char *p;
    size_t n, off;
} wire_rd;

static bool rd_bytes(wire_rd *r, size_t n, const unsigned char **out)
{
    if (n > r->n - r->off)
        return false;
    *out = r->p + r->off;
    r->off += n;
    return true;
}

static bool rd_size(wire_rd *r, size_t *v)
{
    uint64_t x = 0;
    for (unsigned shift = 0; shift < 64 && r->off < r->n; shift += 7) {
        unsigned char byte = r->p[r->off++];
        if (shift == 63 && byte > 1)
            return false;
        x |= (uint64_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80)) {
            if (x > SIZE_MAX)
                return false;
            *v = (size_t)x;
            return true;
        }
    }
    return false;
}

/* Reads one string field into *s (copied into b's arena, shared with the column's previous
 * copy when equal, as rowbuf_set_str does). *is_null reports a NULL field (varint 0). */
static bool get_field(rowbuf *b, column *c, wire_rd *r, str_ref *s, bool *is_null)
{
    size_t len;
    const unsigned char *p;
    if (!rd_size(r, &len))
        return false;
    *is_null = len == 0;
    if (len == 0) {
        s->p = NULL;
        s->n = 0;
        return true;
    }
    if (!rd_bytes(r, len - 1, &p))
        return false;
    s->n = len - 1;
    if (c->last.p && c->last.n == s->n && memcmp(c->last.p, p, s->n) == 0) {
        s->p = c->last.p;
        return true;
    }
    s->p = arena_strndup(b->strings, (const char *)p, s->n);
    c->last = *s;
    return true;
}

static bool get_strings(rowbuf *b, column *c, size_t base, size_t rows, wire_rd *r)
{
    str_ref *v = c->data;
    const str_ref *prev = NULL;
    for (size_t i = base; i < base + rows; i++) {
        if (!c->valid[i])
            continue;
        bool repeat;
        if (!get_field(b, c, r, &v[i], &repeat))
            return false;
        if (repeat && !prev)
            return false;
        if (repeat)
            v[i] = *prev;
        prev = &v[i];
    }
    return true;
}

static bool get_lists(rowbuf *b, column *c, size_t base, size_t rows, wire_rd *r)
{
    size_t w = (size_t)c->shape.tuple_width, count, nslots;
    for (size_t i = base; i < base + rows; i++) {
        if (!c->valid[i])
            continue;
        /* every field takes at least one byte: a count beyond the rest is corrupt */
        if (!rd_size(r, &count) || !core_size_mul(count, w, &nslots) || nslots > r->n - r->off)
            return false;
        list_ref *lr = (list_ref *)c->data + i;
        lr->first = c->nitems;
        lr->count = count;
        push_slots(c, nslots);
        for (size_t k = 0; k < nslots; k++) {
            bool is_null;
            str_ref s;
            if (!get_field(b, c, r, &s, &is_null) || (is_null && c->shape.kind == CK_LIST_STR))
                return false;
            c->items[lr->first + k] = s;
        }
    }
    return true;
}

static bool get_fixed(column *c, size_t base, size_t rows, size_t nvalid, wire_rd *r)
{
    const unsigned char *p;
    char *data = c->data;
    if (rows == 0) /* data may still be NULL */
        return true;
    if (nvalid == rows) {
        if (!rd_bytes(r, rows * c->elem, &p))
            return false;
        memcpy(data + base * c->elem, p, rows * c->elem);
    } else {
        for (size_t i = base; i < base + rows; i++) {
            if (!c->valid[i])
                continue;
            if (!rd_bytes(r, c->elem, &p))
                return false;
            memcpy(data + i * c->elem, p, c->elem);
        }
    }
    if (c->shape.kind != CK_BOOL)
        return true;
    for (size_t i = base; i < base + rows; i++) /* a bool byte other than 0/1 is corrupt */
        if (c->valid[i] && *(const unsigned char *)(data + i) > 1)
            return false;
    return true;
}

/* Reads the NULL bitmap into c->valid[base..base+rows); *nvalid counts the non-NULLs. */
static bool get_bitmap(column *c, size_t base, size_t rows, wire_rd *r, size_t *nvalid)
{
    const unsigned char *bits;
    if (!rd_bytes(r, (rows + 7) / 8, &bits))
        return false;
    if (rows % 8 && bits[rows / 8] >> (rows % 8)) /* padding bits must be zero */
        return false;
    *nvalid = 0;
    for (size_t i = 0; i < rows; i++) {
        c->valid[base + i] = (bits[i / 8] >> (i % 8)) & 1;
        *nvalid += c->valid[base + i];
    }
    return true;
}

static bool get_column(rowbuf *b, column *c, size_t base, size_t rows, wire_rd *r)
{
    const unsigned char *hdr;
    size_t nvalid;
    if (!rd_bytes(r, 2, &hdr) || hdr[0] != (unsigned)c->shape.kind ||
        hdr[1] != (unsigned)c->shape.tuple_width || !get_bitmap(c, base, rows, r, &nvalid))
        return false;
    if (nvalid)
        c->ever_set = true;
    switch (c->shape.kind) {
    case CK_STR:
    case CK_BLOB:
        return get_strings(b, c, base, rows, r);
    case CK_LIST_STR:
    case CK_LIST_TUPLE:
        return get_lists(b, c, base, rows, r);
    default:
        return get_fixed(c, base, rows, nvalid, r);
    }
}

/* What a failed append restores, per column. */
typedef struct {
    size_t nitems;
    str_ref last;
    bool ever_set;
} column_mark;

pc_status rowbuf_append_serialized(rowbuf *dst, const void *p, size_t n, size_t *used, pc_err *err)
{
    wire_rd r = {p, n, 0};
    size_t rows, ncols, base = dst->rows, total;
    if (!rd_size(&r, &rows) || !rd_size(&r, &ncols))
        return pc_fail(err, PC_ERR_INTERNAL, "row batch encoding: truncated header");
    if (ncols != dst->ncols)
        return pc_fail(err, PC_ERR_INTERNAL, "row batch encoding: %zu columns, expected %zu", ncols,
                       dst->ncols);
    /* each row takes at least one bitmap bit per column: more rows than that is corrupt */
    if ((ncols && rows / 8 > r.n - r.off) || !core_size_add(base, rows, &total))
        return pc_fail(err, PC_ERR_INTERNAL, "row batch encoding: bad row count %zu", rows);
    reserve_rows(dst, total);
    column_mark *marks = core_malloc(ncols * sizeof *marks);
    size_t col = 0;
    for (; col < ncols; col++) {
        column *c = &dst->cols[col];
        marks[col] = (column_mark){c->nitems, c->last, c->ever_set};
        if (!get_column(dst, c, base, rows, &r))
            break;
    }
    pc_status rc = PC_OK;
    if (col < ncols) {
        for (size_t k = 0; k <= col; k++) {
            dst->cols[k].nitems = marks[k].nitems;
            dst->cols[k].last = marks[k].last;
            dst->cols[k].ever_set = marks[k].ever_set;
        }
        rc = pc_fail(err, PC_ERR_INTERNAL, "row batch encoding: column %zu truncated or corrupt",
                     col);
    } else {
        dst->rows = total;
        *used = r.off;
    }
    core_free(marks);
    return rc;
}
