/*
 * ipc.c — Arrow IPC file snapshots (.arrow) of the Parquet parts, beside them or elsewhere.
 *
 * A part <dir>/<dataset>/part-….parquet becomes part-….arrow: the Arrow IPC *file* format
 * ("ARROW1", the schema message, record batches, the footer), with the same field names,
 * types and nullability as DuckDB reads from the part, and the Parquet footer's key-value
 * metadata as the schema's custom_metadata. An empty part becomes a file with its schema and
 * no record batch.
 *
 * Route (docs/decisions.md, "Arrow IPC"): DuckDB reads the part and hands each data chunk out
 * through the Arrow C data interface (duckdb_to_arrow_schema, duckdb_data_chunk_to_arrow);
 * this file encodes the schema and the batches as the format's flatbuffers (Schema.fbs,
 * Message.fbs, File.fbs) with a small builder of its own, and writes the framing. Neither
 * Debian nor npm offers an Arrow IPC writer for C (no libarrow, nanoarrow or flatcc;
 * flatc generates no C). Every buffer is copied, never referenced: the batches' validity
 * bitmaps, offsets and values are rebuilt from the chunks' arrays (whatever their offsets),
 * so a record batch may join several chunks (up to IPC_BATCH_ROWS rows or IPC_BATCH_BYTES
 * bytes) and every offset starts at 0.
 *
 * Types: the ones pycpg's datasets use (Int 8-64 signed or not, Float32/64, Bool, Utf8,
 * Binary and their Large forms, List, LargeList, Struct, Null); another type fails the part
 * with PC_ERR_INPUT. Little-endian hosts only (checked at compile time).
 */
#include "store_int.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "ipc.c writes little-endian Arrow IPC by copying memory: a little-endian host is needed"
#endif

/* ---- the Arrow C data interface (its published ABI) ------------------------------------ */

#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE
#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE           2
#define ARROW_FLAG_MAP_KEYS_SORTED    4
struct ArrowSchema {
    const char *format;
    const char *name;
    const char *metadata;
    int64_t flags;
    int64_t n_children;
    struct ArrowSchema **children;
    struct ArrowSchema *dictionary;
    void (*release)(struct ArrowSchema *);
    void *private_data;
};
struct ArrowArray {
    int64_t length;
    int64_t null_count;
    int64_t offset;
    int64_t n_buffers;
    int64_t n_children;
    const void **buffers;
    struct ArrowArray **children;
    struct ArrowArray *dictionary;
    void (*release)(struct ArrowArray *);
    void *private_data;
};
#endif

#define IPC_BATCH_ROWS  65536
#define IPC_BATCH_BYTES ((size_t)64 << 20)
#define IPC_ALIGN       8 /* body buffers and messages start at multiples of 8 bytes */

/* ---- a flatbuffer builder ---------------------------------------------------------------
 *
 * Built back to front, as flatbuffers are: the buffer grows towards its start, an object is
 * finished before anything refers to it, and a reference is the distance from the referring
 * field forwards to its target. Positions are counted from the buffer's end ("len when it
 * was written"); alignment is reckoned from the end too, and fb_finish pads the whole to a
 * multiple of 8, so that it holds from the start as well. One table is open at a time. */

#define FB_MAX_SLOTS 8

typedef struct {
    uint8_t *buf;
    size_t cap, len; /* the content is buf[cap - len, cap) */
    size_t tstart;   /* len when the open table started */
    uint32_t slot[FB_MAX_SLOTS];
    int nslots;
} fbb;

static uint8_t *fb_front(fbb *b)
{
    return b->buf + b->cap - b->len;
}

static void fb_reserve(fbb *b, size_t n)
{
    if (b->cap - b->len >= n)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len < n)
        cap *= 2;
    uint8_t *nb = core_malloc(cap);
    if (b->len)
        memcpy(nb + cap - b->len, fb_front(b), b->len);
    core_free(b->buf);
    b->buf = nb;
    b->cap = cap;
}

static void fb_put(fbb *b, const void *p, size_t n)
{
    fb_reserve(b, n);
    b->len += n;
    if (n)
        memcpy(fb_front(b), p, n);
}

static void fb_pad(fbb *b, size_t n)
{
    if (!n)
        return;
    fb_reserve(b, n);
    b->len += n;
    memset(fb_front(b), 0, n);
}

/* Pads so that after `extra` more bytes the position is a multiple of align (a power of 2). */
static void fb_prep(fbb *b, size_t align, size_t extra)
{
    fb_pad(b, (align - ((b->len + extra) & (align - 1))) & (align - 1));
}

static uint32_t fb_ref(fbb *b, uint32_t target)
{
    fb_prep(b, 4, 0);
    uint32_t v = (uint32_t)(b->len + 4 - target);
    fb_put(b, &v, 4);
    return (uint32_t)b->len;
}

static uint32_t fb_string(fbb *b, const char *s, size_t n)
{
    fb_prep(b, 4, n + 1);
    fb_pad(b, 1);
    fb_put(b, s, n);
    uint32_t len = (uint32_t)n;
    fb_put(b, &len, 4);
    return (uint32_t)b->len;
}

static uint32_t fb_vec_refs(fbb *b, const uint32_t *refs, size_t n)
{
    fb_prep(b, 4, 4 * n);
    for (size_t i = n; i-- > 0;)
        fb_ref(b, refs[i]);
    uint32_t len = (uint32_t)n;
    fb_put(b, &len, 4);
    return (uint32_t)b->len;
}

/* A vector of n structs of size bytes each, laid out in data, aligned to 8. */
static uint32_t fb_vec_structs(fbb *b, const void *data, size_t size, size_t n)
{
    fb_prep(b, 4, size * n);
    fb_prep(b, 8, size * n);
    fb_put(b, data, size * n);
    uint32_t len = (uint32_t)n;
    fb_put(b, &len, 4);
    return (uint32_t)b->len;
}

static void fb_table(fbb *b, int nslots)
{
    b->tstart = b->len;
    b->nslots = nslots;
    memset(b->slot, 0, sizeof b->slot);
}

static void fb_scalar(fbb *b, int slot, const void *v, size_t n)
{
    fb_prep(b, n, 0);
    fb_put(b, v, n);
    b->slot[slot] = (uint32_t)b->len;
}

static void fb_u8(fbb *b, int slot, uint8_t v)
{
    fb_scalar(b, slot, &v, 1);
}

static void fb_i16(fbb *b, int slot, int16_t v)
{
    fb_scalar(b, slot, &v, 2);
}

static void fb_i32(fbb *b, int slot, int32_t v)
{
    fb_scalar(b, slot, &v, 4);
}

static void fb_i64(fbb *b, int slot, int64_t v)
{
    fb_scalar(b, slot, &v, 8);
}

static void fb_field_ref(fbb *b, int slot, uint32_t target)
{
    b->slot[slot] = fb_ref(b, target);
}

/* Closes the open table: its soffset to a vtable written just before it. */
static uint32_t fb_end(fbb *b)
{
    fb_prep(b, 4, 0);
    int32_t zero = 0;
    fb_put(b, &zero, 4);
    uint32_t tpos = (uint32_t)b->len;
    int n = b->nslots;
    while (n > 0 && !b->slot[n - 1])
        n--;
    uint16_t vt[2 + FB_MAX_SLOTS];
    vt[0] = (uint16_t)(4 + 2 * n);
    vt[1] = (uint16_t)(tpos - b->tstart);
    for (int i = 0; i < n; i++)
        vt[2 + i] = b->slot[i] ? (uint16_t)(tpos - b->slot[i]) : 0;
    fb_put(b, vt, (size_t)(2 + n) * 2);
    int32_t so = (int32_t)(b->len - tpos);
    memcpy(b->buf + b->cap - tpos, &so, 4);
    return tpos;
}

static void fb_finish(fbb *b, uint32_t root)
{
    fb_prep(b, 8, 4);
    fb_ref(b, root);
}

static void fb_reset(fbb *b)
{
    b->len = 0;
}

static void fb_free(fbb *b)
{
    core_free(b->buf);
    memset(b, 0, sizeof *b);
}

/* ---- the schema (Schema.fbs) ----------------------------------------------------------- */

enum { T_NULL = 1, T_INT = 2, T_FLOAT = 3, T_BINARY = 4, T_UTF8 = 5, T_BOOL = 6, T_LIST = 12 };
enum { T_STRUCT = 13, T_LARGE_BINARY = 19, T_LARGE_UTF8 = 20, T_LARGE_LIST = 21 };
enum { MSG_SCHEMA = 1, MSG_RECORD_BATCH = 3 };
#define METADATA_V5 4

/* What a C data interface format string is, for the schema and the body. */
typedef enum {
    K_NULL,
    K_BOOL,
    K_FIXED, /* width bytes of value per row */
    K_BIN32,
    K_BIN64,
    K_LIST32,
    K_LIST64,
    K_STRUCT
} ipc_kind;

typedef struct {
    ipc_kind kind;
    int type;       /* the Type union's tag */
    int width;      /* K_FIXED: bytes per value */
    int bits;       /* Int: bit width; 0 for a float */
    bool is_signed; /* Int */
    int precision;  /* FloatingPoint: 1 single, 2 double */
} ipc_type;

static bool parse_format(const char *f, ipc_type *t)
{
    memset(t, 0, sizeof *t);
    static const struct {
        const char *f;
        ipc_kind kind;
        int type, width, bits;
        bool is_signed;
        int precision;
    } tab[] = {
        {"n", K_NULL, T_NULL, 0, 0, false, 0},
        {"b", K_BOOL, T_BOOL, 0, 0, false, 0},
        {"c", K_FIXED, T_INT, 1, 8, true, 0},
        {"C", K_FIXED, T_INT, 1, 8, false, 0},
        {"s", K_FIXED, T_INT, 2, 16, true, 0},
        {"S", K_FIXED, T_INT, 2, 16, false, 0},
        {"i", K_FIXED, T_INT, 4, 32, true, 0},
        {"I", K_FIXED, T_INT, 4, 32, false, 0},
        {"l", K_FIXED, T_INT, 8, 64, true, 0},
        {"L", K_FIXED, T_INT, 8, 64, false, 0},
        {"f", K_FIXED, T_FLOAT, 4, 0, false, 1},
        {"g", K_FIXED, T_FLOAT, 8, 0, false, 2},
        {"u", K_BIN32, T_UTF8, 0, 0, false, 0},
        {"z", K_BIN32, T_BINARY, 0, 0, false, 0},
        {"U", K_BIN64, T_LARGE_UTF8, 0, 0, false, 0},
        {"Z", K_BIN64, T_LARGE_BINARY, 0, 0, false, 0},
        {"+l", K_LIST32, T_LIST, 0, 0, false, 0},
        {"+L", K_LIST64, T_LARGE_LIST, 0, 0, false, 0},
        {"+s", K_STRUCT, T_STRUCT, 0, 0, false, 0},
    };
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strcmp(f, tab[i].f) == 0) {
            *t = (ipc_type){tab[i].kind, tab[i].type,      tab[i].width,
                            tab[i].bits, tab[i].is_signed, tab[i].precision};
            return true;
        }
    return false;
}

/* Checks that every field of sc (recursively) has a type this file writes. */
static pc_status check_schema(const struct ArrowSchema *sc, pc_err *err)
{
    ipc_type t;
    if (!sc->format || !parse_format(sc->format, &t) || sc->dictionary)
        return pc_fail(err, PC_ERR_INPUT, "arrow ipc: column '%s' has an unsupported type '%s'",
                       sc->name ? sc->name : "?", sc->format ? sc->format : "?");
    if ((t.kind == K_LIST32 || t.kind == K_LIST64) && sc->n_children != 1)
        return pc_fail(err, PC_ERR_INPUT, "arrow ipc: list column '%s' without one child",
                       sc->name ? sc->name : "?");
    if (t.kind != K_LIST32 && t.kind != K_LIST64 && t.kind != K_STRUCT && sc->n_children != 0)
        return pc_fail(err, PC_ERR_INPUT, "arrow ipc: column '%s' has unexpected children",
                       sc->name ? sc->name : "?");
    for (int64_t i = 0; i < sc->n_children; i++) {
        pc_status rc = check_schema(sc->children[i], err);
        if (rc != PC_OK)
            return rc;
    }
    return PC_OK;
}

typedef struct {
    const char *key, *value;
    size_t klen, vlen;
} kv_bytes;

static uint32_t fb_key_values(fbb *b, const kv_bytes *kv, size_t n)
{
    uint32_t *refs = core_calloc(n ? n : 1, sizeof *refs);
    for (size_t i = 0; i < n; i++) {
        uint32_t k = fb_string(b, kv[i].key, kv[i].klen);
        uint32_t v = fb_string(b, kv[i].value, kv[i].vlen);
        fb_table(b, 2);
        fb_field_ref(b, 0, k);
        fb_field_ref(b, 1, v);
        refs[i] = fb_end(b);
    }
    uint32_t vec = fb_vec_refs(b, refs, n);
    core_free(refs);
    return vec;
}

/* A field's custom_metadata from the C interface's metadata encoding (int32 count, then
 * int32 length and bytes of each key and value); 0 when there is none or it is malformed. */
static uint32_t fb_field_metadata(fbb *b, const char *md)
{
    if (!md)
        return 0;
    int32_t n;
    memcpy(&n, md, 4);
    if (n <= 0 || n > 4096)
        return 0;
    kv_bytes *kv = core_calloc((size_t)n, sizeof *kv);
    const char *p = md + 4;
    for (int32_t i = 0; i < n; i++) {
        int32_t kl, vl;
        memcpy(&kl, p, 4);
        kv[i].key = p + 4;
        kv[i].klen = kl > 0 ? (size_t)kl : 0;
        p += 4 + kv[i].klen;
        memcpy(&vl, p, 4);
        kv[i].value = p + 4;
        kv[i].vlen = vl > 0 ? (size_t)vl : 0;
        p += 4 + kv[i].vlen;
    }
    uint32_t vec = fb_key_values(b, kv, (size_t)n);
    core_free(kv);
    return vec;
}

static uint32_t fb_field(fbb *b, const struct ArrowSchema *sc)
{
    ipc_type t;
    parse_format(sc->format, &t); /* checked by check_schema */
    uint32_t *kids = core_calloc(sc->n_children ? (size_t)sc->n_children : 1, sizeof *kids);
    for (int64_t i = 0; i < sc->n_children; i++)
        kids[i] = fb_field(b, sc->children[i]);
    uint32_t children = fb_vec_refs(b, kids, (size_t)sc->n_children);
    core_free(kids);
    uint32_t md = fb_field_metadata(b, sc->metadata);
    const char *name = sc->name ? sc->name : "";
    uint32_t nm = fb_string(b, name, strlen(name));
    fb_table(b, t.type == T_INT ? 2 : t.type == T_FLOAT ? 1 : 0);
    if (t.type == T_INT) {
        fb_i32(b, 0, t.bits);
        fb_u8(b, 1, t.is_signed);
    } else if (t.type == T_FLOAT) {
        fb_i16(b, 0, (int16_t)t.precision);
    }
    uint32_t type = fb_end(b);
    fb_table(b, 7);
    fb_field_ref(b, 0, nm);
    fb_u8(b, 1, (sc->flags & ARROW_FLAG_NULLABLE) != 0);
    fb_u8(b, 2, (uint8_t)t.type);
    fb_field_ref(b, 3, type);
    fb_field_ref(b, 5, children);
    if (md)
        fb_field_ref(b, 6, md);
    return fb_end(b);
}

/* The Schema table of the top-level struct sc (one field per child) and the key-values. */
static uint32_t fb_schema(fbb *b, const struct ArrowSchema *sc, const kv_bytes *kv, size_t nkv)
{
    uint32_t *fields = core_calloc(sc->n_children ? (size_t)sc->n_children : 1, sizeof *fields);
    for (int64_t i = 0; i < sc->n_children; i++)
        fields[i] = fb_field(b, sc->children[i]);
    uint32_t fv = fb_vec_refs(b, fields, (size_t)sc->n_children);
    core_free(fields);
    uint32_t md = nkv ? fb_key_values(b, kv, nkv) : 0;
    fb_table(b, 4);
    fb_i16(b, 0, 0); /* little-endian */
    fb_field_ref(b, 1, fv);
    if (md)
        fb_field_ref(b, 2, md);
    return fb_end(b);
}

/* ---- record batches (Message.fbs): the body from chunks' arrays ------------------------- */

/* A range of rows of one array: rows [off, off + len) counted from the array's buffers'
 * start (its own offset included). */
typedef struct {
    const struct ArrowArray *a;
    int64_t off, len;
} seg;

typedef struct {
    int64_t length, null_count;
} field_node;

typedef struct {
    int64_t offset, length;
} body_buffer;

typedef struct {
    sbuf body;
    field_node *nodes;
    size_t nnodes, capnodes;
    body_buffer *bufs;
    size_t nbufs, capbufs;
} batch_enc;

static void enc_node(batch_enc *e, int64_t length, int64_t nulls)
{
    e->nodes = core_grow(e->nodes, &e->capnodes, e->nnodes + 1, sizeof *e->nodes, 32);
    e->nodes[e->nnodes++] = (field_node){length, nulls};
}

/* Starts a body buffer of n bytes (zeroed) at the next multiple of IPC_ALIGN; returns its
 * offset in the body (pointers into the body last only until the next buffer). */
static size_t enc_buffer(batch_enc *e, size_t n)
{
    static const char zeros[IPC_ALIGN] = {0};
    sbuf_append(&e->body, zeros, (IPC_ALIGN - (e->body.len % IPC_ALIGN)) % IPC_ALIGN);
    e->bufs = core_grow(e->bufs, &e->capbufs, e->nbufs + 1, sizeof *e->bufs, 64);
    size_t at = e->body.len;
    e->bufs[e->nbufs++] = (body_buffer){(int64_t)at, (int64_t)n};
    for (size_t done = 0; done < n;) { /* zero-fill in steps (sbuf_append copies) */
        static const char z[4096] = {0};
        size_t k = n - done < sizeof z ? n - done : sizeof z;
        sbuf_append(&e->body, z, k);
        done += k;
    }
    return at;
}

static uint8_t *enc_at(batch_enc *e, size_t at)
{
    return (uint8_t *)e->body.data + at;
}

static bool bit_get(const uint8_t *bits, int64_t i)
{
    return (bits[i >> 3] >> (i & 7)) & 1;
}

static void bits_copy(uint8_t *dst, int64_t dpos, const uint8_t *src, int64_t spos, int64_t n)
{
    if (!src) {
        for (int64_t i = 0; i < n; i++)
            dst[(dpos + i) >> 3] |= (uint8_t)(1u << ((dpos + i) & 7));
        return;
    }
    if (((dpos | spos) & 7) == 0) {
        memcpy(dst + (dpos >> 3), src + (spos >> 3), (size_t)(n >> 3));
        for (int64_t i = n & ~(int64_t)7; i < n; i++)
            if (bit_get(src, spos + i))
                dst[(dpos + i) >> 3] |= (uint8_t)(1u << ((dpos + i) & 7));
        return;
    }
    for (int64_t i = 0; i < n; i++)
        if (bit_get(src, spos + i))
            dst[(dpos + i) >> 3] |= (uint8_t)(1u << ((dpos + i) & 7));
}

static int64_t seg_nulls(const seg *s, const ipc_type *t)
{
    if (t->kind == K_NULL)
        return s->len;
    const uint8_t *v = s->a->n_buffers > 0 ? s->a->buffers[0] : NULL;
    if (!v || s->a->null_count == 0)
        return 0;
    int64_t set = 0, i = 0;
    for (; i < s->len && ((s->off + i) & 7); i++)
        set += bit_get(v, s->off + i);
    for (; i + 8 <= s->len; i += 8)
        set += __builtin_popcount(v[(s->off + i) >> 3]);
    for (; i < s->len; i++)
        set += bit_get(v, s->off + i);
    return s->len - set;
}

/* The offset of row i of a 32- or 64-bit offsets buffer. */
static int64_t off_at(const void *offs, bool wide, int64_t i)
{
    if (wide)
        return ((const int64_t *)offs)[i];
    return ((const int32_t *)offs)[i];
}

static pc_status enc_column(batch_enc *e, const struct ArrowSchema *sc, const seg *segs,
                            size_t nseg, pc_err *err);

/* Offsets of a binary column or a list (rebased to start at 0), and the children's ranges. */
static pc_status enc_offsets(batch_enc *e, const seg *segs, size_t nseg, int64_t total, bool wide,
                             seg *kids, int64_t *kid_total, pc_err *err)
{
    size_t w = wide ? 8 : 4;
    uint8_t *out = enc_at(e, enc_buffer(e, (size_t)(total + 1) * w));
    int64_t base = 0, row = 0;
    for (size_t i = 0; i < nseg; i++) {
        const void *offs = segs[i].a->buffers[1];
        int64_t first = segs[i].len ? off_at(offs, wide, segs[i].off) : 0;
        for (int64_t r = 0; r < segs[i].len; r++) {
            int64_t v = base + off_at(offs, wide, segs[i].off + r) - first;
            if (wide)
                memcpy(out + (size_t)(row + r) * 8, &v, 8);
            else {
                int32_t v32 = (int32_t)v;
                memcpy(out + (size_t)(row + r) * 4, &v32, 4);
            }
        }
        int64_t last = segs[i].len ? off_at(offs, wide, segs[i].off + segs[i].len) : 0;
        if (last < first)
            return pc_fail(err, PC_ERR_INTERNAL, "arrow ipc: decreasing offsets");
        kids[i] = (seg){NULL, first, last - first};
        base += last - first;
        row += segs[i].len;
        if (!wide && base > INT32_MAX)
            return pc_fail(err, PC_ERR_LIMIT, "arrow ipc: a batch's column exceeds 2 GiB");
    }
    if (wide)
        memcpy(out + (size_t)total * 8, &base, 8);
    else {
        int32_t v32 = (int32_t)base;
        memcpy(out + (size_t)total * 4, &v32, 4);
    }
    *kid_total = base;
    return PC_OK;
}

static pc_status enc_column(batch_enc *e, const struct ArrowSchema *sc, const seg *segs,
                            size_t nseg, pc_err *err)
{
    ipc_type t;
    parse_format(sc->format, &t);
    int64_t total = 0, nulls = 0;
    for (size_t i = 0; i < nseg; i++) {
        total += segs[i].len;
        nulls += seg_nulls(&segs[i], &t);
    }
    enc_node(e, total, nulls);
    if (t.kind == K_NULL)
        return PC_OK;
    /* validity: omitted (length 0) when nothing is null */
    size_t valid_at = enc_buffer(e, nulls ? (size_t)(total + 7) / 8 : 0);
    if (nulls) {
        uint8_t *valid = enc_at(e, valid_at);
        int64_t row = 0;
        for (size_t i = 0; i < nseg; i++) {
            const uint8_t *v = segs[i].a->null_count == 0 ? NULL : segs[i].a->buffers[0];
            bits_copy(valid, row, v, segs[i].off, segs[i].len);
            row += segs[i].len;
        }
    }
    pc_status rc = PC_OK;
    switch (t.kind) {
    case K_BOOL: {
        uint8_t *out = enc_at(e, enc_buffer(e, (size_t)(total + 7) / 8));
        int64_t row = 0;
        for (size_t i = 0; i < nseg; i++) {
            bits_copy(out, row, segs[i].a->buffers[1], segs[i].off, segs[i].len);
            row += segs[i].len;
        }
        const uint8_t *v = enc_at(e, valid_at);
        for (size_t k = 0; nulls && k < (size_t)(total + 7) / 8; k++)
            out[k] &= v[k]; /* a NULL's value is false, not what the chunk held */
        break;
    }
    case K_FIXED: {
        uint8_t *out = enc_at(e, enc_buffer(e, (size_t)total * (size_t)t.width));
        size_t at = 0;
        for (size_t i = 0; i < nseg; i++) {
            size_t n = (size_t)segs[i].len * (size_t)t.width;
            if (n)
                memcpy(out + at,
                       (const uint8_t *)segs[i].a->buffers[1] + (size_t)segs[i].off * t.width, n);
            at += n;
        }
        const uint8_t *v = enc_at(e, valid_at);
        for (int64_t r = 0; nulls && r < total; r++)
            if (!bit_get(v, r)) /* a NULL's value is zeros, not what the chunk's memory held */
                memset(out + (size_t)r * (size_t)t.width, 0, (size_t)t.width);
        break;
    }
    case K_BIN32:
    case K_BIN64: {
        seg *bytes = core_calloc(nseg ? nseg : 1, sizeof *bytes);
        int64_t nbytes = 0;
        rc = enc_offsets(e, segs, nseg, total, t.kind == K_BIN64, bytes, &nbytes, err);
        if (rc == PC_OK) {
            uint8_t *out = enc_at(e, enc_buffer(e, (size_t)nbytes));
            size_t at = 0;
            for (size_t i = 0; i < nseg; i++) {
                if (bytes[i].len)
                    memcpy(out + at, (const uint8_t *)segs[i].a->buffers[2] + bytes[i].off,
                           (size_t)bytes[i].len);
                at += (size_t)bytes[i].len;
            }
        }
        core_free(bytes);
        break;
    }
    case K_LIST32:
    case K_LIST64: {
        seg *kids = core_calloc(nseg ? nseg : 1, sizeof *kids);
        int64_t nkids = 0;
        rc = enc_offsets(e, segs, nseg, total, t.kind == K_LIST64, kids, &nkids, err);
        for (size_t i = 0; i < nseg; i++) {
            kids[i].a = segs[i].a->children[0];
            kids[i].off += kids[i].a->offset;
        }
        if (rc == PC_OK)
            rc = enc_column(e, sc->children[0], kids, nseg, err);
        core_free(kids);
        break;
    }
    case K_STRUCT: {
        seg *kids = core_calloc(nseg ? nseg : 1, sizeof *kids);
        for (int64_t c = 0; c < sc->n_children && rc == PC_OK; c++) {
            for (size_t i = 0; i < nseg; i++) {
                const struct ArrowArray *k = segs[i].a->children[c];
                kids[i] = (seg){k, k->offset + segs[i].off - segs[i].a->offset, segs[i].len};
            }
            rc = enc_column(e, sc->children[c], kids, nseg, err);
        }
        core_free(kids);
        break;
    }
    default:
        break;
    }
    return rc;
}

/* ---- the file (File.fbs) ----------------------------------------------------------------- */

typedef struct {
    int64_t offset;
    int32_t meta_len;
    int32_t pad;
    int64_t body_len;
} file_block; /* the Block struct's layout: 24 bytes */

typedef struct {
    FILE *fp;
    const char *path;
    int64_t pos;
    fbb fb;
    file_block *blocks;
    size_t nblocks, capblocks;
} ipc_file;

static pc_status file_write(ipc_file *f, const void *p, size_t n, pc_err *err)
{
    if (n && fwrite(p, 1, n, f->fp) != n)
        return pc_fail(err, PC_ERR_IO, "cannot write %s: %s", f->path, strerror(errno));
    f->pos += (int64_t)n;
    return PC_OK;
}

/* Writes the finished flatbuffer in f->fb as an encapsulated message (continuation marker,
 * length, the flatbuffer padded to 8) followed by body; records its block when batch. */
static pc_status file_message(ipc_file *f, const sbuf *body, bool batch, pc_err *err)
{
    int64_t start = f->pos;
    uint32_t head[2] = {0xFFFFFFFFu, (uint32_t)f->fb.len}; /* fb.len is a multiple of 8 */
    pc_status rc = file_write(f, head, sizeof head, err);
    if (rc == PC_OK)
        rc = file_write(f, fb_front(&f->fb), f->fb.len, err);
    if (rc == PC_OK && body)
        rc = file_write(f, body->data, body->len, err);
    if (rc == PC_OK && batch) {
        f->blocks = core_grow(f->blocks, &f->capblocks, f->nblocks + 1, sizeof *f->blocks, 16);
        f->blocks[f->nblocks++] =
            (file_block){start, (int32_t)(8 + f->fb.len), 0, body ? (int64_t)body->len : 0};
    }
    return rc;
}

static pc_status file_schema(ipc_file *f, const struct ArrowSchema *sc, const kv_bytes *kv,
                             size_t nkv, pc_err *err)
{
    fb_reset(&f->fb);
    uint32_t schema = fb_schema(&f->fb, sc, kv, nkv);
    fb_table(&f->fb, 5);
    fb_i16(&f->fb, 0, METADATA_V5);
    fb_u8(&f->fb, 1, MSG_SCHEMA);
    fb_field_ref(&f->fb, 2, schema);
    fb_i64(&f->fb, 3, 0);
    fb_finish(&f->fb, fb_end(&f->fb));
    return file_message(f, NULL, false, err);
}

/* Encodes arrays[0..n) (top-level structs, one per chunk) as one record batch. */
static pc_status file_batch(ipc_file *f, const struct ArrowSchema *sc,
                            struct ArrowArray *const *arrays, size_t n, pc_err *err)
{
    batch_enc e = {0};
    seg *segs = core_calloc(n ? n : 1, sizeof *segs);
    int64_t rows = 0;
    for (size_t i = 0; i < n; i++)
        rows += arrays[i]->length;
    pc_status rc = PC_OK;
    for (int64_t c = 0; c < sc->n_children && rc == PC_OK; c++) {
        for (size_t i = 0; i < n; i++) {
            const struct ArrowArray *k = arrays[i]->children[c];
            segs[i] = (seg){k, k->offset + arrays[i]->offset, arrays[i]->length};
        }
        rc = enc_column(&e, sc->children[c], segs, n, err);
    }
    core_free(segs);
    static const char zeros[IPC_ALIGN] = {0};
    sbuf_append(&e.body, zeros, (IPC_ALIGN - (e.body.len % IPC_ALIGN)) % IPC_ALIGN);
    if (rc == PC_OK) {
        fbb *b = &f->fb;
        fb_reset(b);
        uint32_t bufs = fb_vec_structs(b, e.bufs, sizeof *e.bufs, e.nbufs);
        uint32_t nodes = fb_vec_structs(b, e.nodes, sizeof *e.nodes, e.nnodes);
        fb_table(b, 5);
        fb_i64(b, 0, rows);
        fb_field_ref(b, 1, nodes);
        fb_field_ref(b, 2, bufs);
        uint32_t rb = fb_end(b);
        fb_table(b, 5);
        fb_i16(b, 0, METADATA_V5);
        fb_u8(b, 1, MSG_RECORD_BATCH);
        fb_field_ref(b, 2, rb);
        fb_i64(b, 3, (int64_t)e.body.len);
        fb_finish(b, fb_end(b));
        rc = file_message(f, &e.body, true, err);
    }
    sbuf_free(&e.body);
    core_free(e.nodes);
    core_free(e.bufs);
    return rc;
}

static pc_status file_footer(ipc_file *f, const struct ArrowSchema *sc, const kv_bytes *kv,
                             size_t nkv, pc_err *err)
{
    uint32_t eos[2] = {0xFFFFFFFFu, 0}; /* the stream's end, as writers put before the footer */
    pc_status rc = file_write(f, eos, sizeof eos, err);
    if (rc != PC_OK)
        return rc;
    fbb *b = &f->fb;
    fb_reset(b);
    uint32_t batches = fb_vec_structs(b, f->blocks, sizeof *f->blocks, f->nblocks);
    uint32_t dicts = fb_vec_structs(b, NULL, sizeof(file_block), 0);
    uint32_t schema = fb_schema(b, sc, kv, nkv);
    fb_table(b, 5);
    fb_i16(b, 0, METADATA_V5);
    fb_field_ref(b, 1, schema);
    fb_field_ref(b, 2, dicts);
    fb_field_ref(b, 3, batches);
    fb_finish(b, fb_end(b));
    int32_t len = (int32_t)b->len;
    rc = file_write(f, fb_front(b), b->len, err);
    if (rc == PC_OK)
        rc = file_write(f, &len, 4, err);
    if (rc == PC_OK)
        rc = file_write(f, "ARROW1", 6, err);
    return rc;
}

/* ---- one part ------------------------------------------------------------------------------ */

/* The bytes an array holds (its buffers and children's), to bound a batch. */
static size_t array_bytes(const struct ArrowArray *a, const struct ArrowSchema *sc)
{
    ipc_type t;
    parse_format(sc->format, &t);
    size_t n = (size_t)a->length * (t.width ? (size_t)t.width : 1) + (size_t)a->length / 8 + 8;
    if (t.kind == K_BIN32 || t.kind == K_BIN64) {
        bool wide = t.kind == K_BIN64;
        n += (size_t)a->length * (wide ? 8 : 4);
        if (a->length)
            n += (size_t)(off_at(a->buffers[1], wide, a->offset + a->length) -
                          off_at(a->buffers[1], wide, a->offset));
    }
    for (int64_t i = 0; i < a->n_children && i < sc->n_children; i++)
        n += array_bytes(a->children[i], sc->children[i]);
    return n;
}

/* The key-value metadata in the footer of the Parquet file `literal` (an SQL literal). */
static pc_status read_kv(duckdb_connection con, const char *literal, kv_bytes **out, size_t *n,
                         sbuf *store_bytes, pc_err *err)
{
    sbuf sql = SBUF_INIT;
    sbuf_printf(&sql, "SELECT key, value FROM parquet_kv_metadata(%s)", literal);
    duckdb_result res;
    pc_status rc = store_query_con(con, sql.data, &res, err);
    sbuf_free(&sql);
    if (rc != PC_OK)
        return rc;
    size_t cap = 0, *offs = NULL; /* offsets into store_bytes: key, klen, value, vlen */
    *n = 0;
    for (duckdb_data_chunk ch; (ch = duckdb_fetch_chunk(res)) != NULL;) {
        idx_t rows = duckdb_data_chunk_get_size(ch);
        duckdb_string_t *k = duckdb_vector_get_data(duckdb_data_chunk_get_vector(ch, 0));
        duckdb_string_t *v = duckdb_vector_get_data(duckdb_data_chunk_get_vector(ch, 1));
        uint64_t *kval = duckdb_vector_get_validity(duckdb_data_chunk_get_vector(ch, 0));
        uint64_t *vval = duckdb_vector_get_validity(duckdb_data_chunk_get_vector(ch, 1));
        for (idx_t r = 0; r < rows; r++) {
            if (!duckdb_validity_row_is_valid(kval, r))
                continue;
            if (*n == cap) {
                cap = cap ? 2 * cap : 32;
                offs = core_realloc(offs, cap * 4 * sizeof *offs);
            }
            bool vnull = !duckdb_validity_row_is_valid(vval, r);
            size_t *o = offs + 4 * (*n)++;
            o[0] = store_bytes->len;
            o[1] = duckdb_string_t_length(k[r]);
            sbuf_append(store_bytes, duckdb_string_t_data(&k[r]), o[1]);
            o[2] = store_bytes->len;
            o[3] = vnull ? 0 : duckdb_string_t_length(v[r]);
            if (!vnull)
                sbuf_append(store_bytes, duckdb_string_t_data(&v[r]), o[3]);
        }
        duckdb_destroy_data_chunk(&ch);
    }
    duckdb_destroy_result(&res);
    *out = core_calloc(*n ? *n : 1, sizeof **out);
    for (size_t i = 0; i < *n; i++) {
        size_t *o = offs + 4 * i;
        (*out)[i] = (kv_bytes){store_bytes->data + o[0], store_bytes->data + o[2], o[1], o[3]};
    }
    core_free(offs);
    return PC_OK;
}

static void release_arrays(struct ArrowArray **arrays, size_t *n)
{
    for (size_t i = 0; i < *n; i++) {
        if (arrays[i]->release)
            arrays[i]->release(arrays[i]);
        core_free(arrays[i]);
    }
    *n = 0;
}

/* Streams the rows of the SELECT sql into batches of f. */
static pc_status write_batches(duckdb_connection con, const char *sql_text, ipc_file *f,
                               const kv_bytes *kv, size_t nkv, pc_err *err)
{
    sbuf sql = SBUF_INIT;
    sbuf_puts(&sql, sql_text);
    duckdb_prepared_statement ps = NULL;
    duckdb_result res;
    bool have_res = false;
    pc_status rc = PC_OK;
    if (duckdb_prepare(con, sql.data, &ps) != DuckDBSuccess)
        rc = pc_fail(err, PC_ERR_DB, "duckdb: %s", duckdb_prepare_error(ps));
    else if (duckdb_execute_prepared_streaming(ps, &res) != DuckDBSuccess) {
        rc = pc_fail(err, PC_ERR_DB, "duckdb: %s", duckdb_result_error(&res));
        duckdb_destroy_result(&res);
    } else
        have_res = true;
    sbuf_free(&sql);
    duckdb_destroy_prepare(&ps);
    if (rc != PC_OK)
        return rc;

    idx_t ncols = duckdb_column_count(&res);
    duckdb_logical_type *types = core_calloc(ncols ? ncols : 1, sizeof *types);
    const char **names = core_calloc(ncols ? ncols : 1, sizeof *names);
    for (idx_t c = 0; c < ncols; c++) {
        types[c] = duckdb_column_logical_type(&res, c);
        names[c] = duckdb_column_name(&res, c);
    }
    duckdb_arrow_options opts = duckdb_result_get_arrow_options(&res);
    struct ArrowSchema sc = {0};
    duckdb_error_data ed = duckdb_to_arrow_schema(opts, types, names, ncols, &sc);
    if (ed && duckdb_error_data_has_error(ed))
        rc = pc_fail(err, PC_ERR_DB, "duckdb: %s", duckdb_error_data_message(ed));
    duckdb_destroy_error_data(&ed);
    for (idx_t c = 0; c < ncols; c++)
        duckdb_destroy_logical_type(&types[c]);
    core_free(types);
    core_free(names);
    if (rc == PC_OK)
        rc = check_schema(&sc, err);
    if (rc == PC_OK)
        rc = file_schema(f, &sc, kv, nkv, err);

    struct ArrowArray *pending[IPC_BATCH_ROWS / 256];
    size_t npending = 0, bytes = 0;
    int64_t rows = 0;
    while (rc == PC_OK) {
        duckdb_data_chunk ch = duckdb_fetch_chunk(res);
        if (!ch) {
            const char *e = duckdb_result_error(&res);
            if (e)
                rc = pc_fail(err, PC_ERR_DB, "duckdb: %s", e);
            break;
        }
        if (duckdb_data_chunk_get_size(ch) == 0) {
            duckdb_destroy_data_chunk(&ch);
            continue;
        }
        struct ArrowArray *a = core_calloc(1, sizeof *a);
        ed = duckdb_data_chunk_to_arrow(opts, ch, a);
        duckdb_destroy_data_chunk(&ch);
        if (ed && duckdb_error_data_has_error(ed)) {
            rc = pc_fail(err, PC_ERR_DB, "duckdb: %s", duckdb_error_data_message(ed));
            if (a->release)
                a->release(a);
            core_free(a);
        } else if (a->n_children != sc.n_children) {
            rc = pc_fail(err, PC_ERR_INTERNAL,
                         "arrow ipc: a chunk's columns differ from the schema");
            if (a->release)
                a->release(a);
            core_free(a);
        }
        duckdb_destroy_error_data(&ed);
        if (rc != PC_OK)
            break;
        size_t ab = array_bytes(a, &sc);
        if (npending && (rows + a->length > IPC_BATCH_ROWS || bytes + ab > IPC_BATCH_BYTES ||
                         npending == sizeof pending / sizeof pending[0])) {
            rc = file_batch(f, &sc, pending, npending, err);
            release_arrays(pending, &npending);
            rows = 0;
            bytes = 0;
        }
        pending[npending++] = a;
        rows += a->length;
        bytes += ab;
    }
    if (rc == PC_OK && npending)
        rc = file_batch(f, &sc, pending, npending, err);
    release_arrays(pending, &npending);
    if (rc == PC_OK)
        rc = file_footer(f, &sc, kv, nkv, err);
    if (sc.release)
        sc.release(&sc);
    duckdb_destroy_arrow_options(&opts);
    if (have_res)
        duckdb_destroy_result(&res);
    return rc;
}

/* Writes the IPC file `arrow` with the rows of the SELECT sql run on con (streamed, at most
 * about 64 MB of them held at once), kv as its metadata. On failure `arrow` is removed. */
static pc_status select_to_ipc(duckdb_connection con, const char *sql, const kv_bytes *kv,
                               size_t nkv, const char *arrow, pc_err *err)
{
    ipc_file f = {.path = arrow};
    pc_status rc = PC_OK;
    unlink(arrow); /* never write through a hard link into another output */
    f.fp = fopen(arrow, "wb");
    if (!f.fp)
        rc = pc_fail(err, PC_ERR_IO, "cannot create %s: %s", arrow, strerror(errno));
    static const char magic[8] = {'A', 'R', 'R', 'O', 'W', '1', 0, 0};
    if (rc == PC_OK)
        rc = file_write(&f, magic, sizeof magic, err);
    if (rc == PC_OK)
        rc = write_batches(con, sql, &f, kv, nkv, err);
    if (f.fp && fclose(f.fp) != 0 && rc == PC_OK)
        rc = pc_fail(err, PC_ERR_IO, "cannot write %s: %s", arrow, strerror(errno));
    if (rc != PC_OK && f.fp)
        unlink(arrow);
    fb_free(&f.fb);
    core_free(f.blocks);
    return rc;
}

/* The IPC file `arrow` of the Parquet part `parquet` of dataset ds (select_to_ipc). */
static pc_status part_to_ipc(duckdb_connection con, const reg_dataset *ds, const char *parquet,
                             const char *arrow, pc_err *err)
{
    sbuf lit = SBUF_INIT, kvbytes = SBUF_INIT, sql = SBUF_INIT, from = SBUF_INIT;
    store_file_literal(&lit, parquet);
    kv_bytes *kv = NULL;
    size_t nkv = 0;
    pc_status rc = read_kv(con, lit.data, &kv, &nkv, &kvbytes, err);
    /* kv points into kvbytes, which no longer grows. The part's sparse id columns put back:
     * the snapshot holds every value (Arrow readers have no pycpg_id). */
    sbuf_printf(&from, "read_parquet(%s)", lit.data);
    store_dataset_select(&sql, ds, from.data);
    if (rc == PC_OK)
        rc = select_to_ipc(con, sql.data, kv, nkv, arrow, err);
    core_free(kv);
    sbuf_free(&lit);
    sbuf_free(&kvbytes);
    sbuf_free(&sql);
    sbuf_free(&from);
    return rc;
}

/* The rows the parts of dataset name in from_dir leave out (store_derived_check's SQL, run
 * by a reader of from_dir) as <to_dir>/<name>/part-derived.arrow, with the metadata of the
 * part first_parquet. */
static pc_status derived_to_ipc(duckdb_connection con, const char *from_dir, const char *to_dir,
                                const char *name, const char *derived, const char *first_parquet,
                                pc_err *err)
{
    sbuf lit = SBUF_INIT, kvbytes = SBUF_INIT, arrow = SBUF_INIT;
    store_file_literal(&lit, first_parquet);
    kv_bytes *kv = NULL;
    size_t nkv = 0;
    pc_status rc = read_kv(con, lit.data, &kv, &nkv, &kvbytes, err);
    store_reader *r = NULL;
    if (rc == PC_OK)
        rc = store_reader_open(from_dir, 1, &r, err);
    duckdb_connection rcon = NULL;
    if (rc == PC_OK)
        rc = store_reader_views(r, derived, &rcon, err);
    sbuf_printf(&arrow, "%s/%s/part-derived.arrow", to_dir, name);
    if (rc == PC_OK)
        rc = select_to_ipc(rcon, derived, kv, nkv, arrow.data, err);
    store_reader_free(r);
    core_free(kv);
    sbuf_free(&lit);
    sbuf_free(&kvbytes);
    sbuf_free(&arrow);
    return rc;
}

/* ---- datasets and outputs ---------------------------------------------------------------- */

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

pc_status store_list_parts(const char *dir, const char *dataset, const char *ext, char ***names,
                           size_t *n, pc_err *err)
{
    *names = NULL;
    *n = 0;
    sbuf path = SBUF_INIT;
    sbuf_printf(&path, "%s/%s", dir, dataset);
    DIR *d = opendir(path.data);
    if (!d) {
        pc_status rc = errno == ENOENT ? PC_OK
                                       : pc_fail(err, PC_ERR_IO, "cannot list %s: %s", path.data,
                                                 strerror(errno));
        sbuf_free(&path);
        return rc;
    }
    size_t cap = 0, elen = strlen(ext);
    for (struct dirent *de; (de = readdir(d)) != NULL;) {
        size_t len = strlen(de->d_name);
        if (strncmp(de->d_name, "part-", 5) != 0 || len <= 5 + elen ||
            strcmp(de->d_name + len - elen, ext) != 0)
            continue;
        *names = core_grow(*names, &cap, *n + 1, sizeof **names, 16);
        (*names)[(*n)++] = core_strdup(de->d_name);
    }
    closedir(d);
    sbuf_free(&path);
    if (*n)
        qsort(*names, *n, sizeof **names, name_cmp);
    return PC_OK;
}

void store_free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        core_free(names[i]);
    core_free(names);
}

bool store_out_format_parse(const char *s, store_out_format *out)
{
    if (strcmp(s, "parquet") == 0)
        *out = STORE_OUT_PARQUET;
    else if (strcmp(s, "ipc") == 0 || strcmp(s, "arrow") == 0)
        *out = STORE_OUT_IPC;
    else if (strcmp(s, "both") == 0)
        *out = STORE_OUT_BOTH;
    else
        return false;
    return true;
}

const char *store_out_format_name(store_out_format f)
{
    return f == STORE_OUT_IPC ? "ipc" : f == STORE_OUT_BOTH ? "both" : "parquet";
}

/* Makes dir (one level) unless it exists. */
static pc_status ensure_dir(const char *dir, pc_err *err)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return pc_fail(err, PC_ERR_IO, "cannot create %s: %s", dir, strerror(errno));
    return PC_OK;
}

/* The error artifacts of dataset name (the files of extract_errors/<name>) of from_dir linked into
 * to_dir: beside Parquet parts they are part of what a reader reads (the rows a marked dataset
 * leaves out may be given back with them: cpg_edges_v1's). */
static pc_status errors_to(const char *from_dir, const char *to_dir, const char *name, pc_err *err)
{
    static const char *const files[] = {"errors.parquet", "error_stats.parquet",
                                        "alignment.parquet"};
    sbuf from = SBUF_INIT, to = SBUF_INIT;
    pc_status rc = PC_OK;
    struct stat st;
    for (size_t i = 0; rc == PC_OK && i < sizeof files / sizeof *files; i++) {
        sbuf_reset(&from);
        sbuf_printf(&from, "%s/extract_errors/%s/%s", from_dir, name, files[i]);
        if (stat(from.data, &st) != 0)
            continue;
        sbuf_reset(&to);
        sbuf_printf(&to, "%s/extract_errors", to_dir);
        rc = ensure_dir(to.data, err);
        sbuf_printf(&to, "/%s", name);
        if (rc == PC_OK)
            rc = ensure_dir(to.data, err);
        sbuf_printf(&to, "/%s", files[i]);
        if (rc == PC_OK)
            rc = store_link_file(from.data, to.data, err);
    }
    sbuf_free(&from);
    sbuf_free(&to);
    return rc;
}

/* One dataset of from_dir into to_dir as f asks: Parquet parts converted to .arrow (or the
 * .arrow parts linked when from_dir has no Parquet parts), Parquet parts and error artifacts
 * linked when f wants them and the directories differ, and removed when f does not and they
 * are the same. */
static pc_status dataset_to(duckdb_connection con, const char *from_dir, const char *to_dir,
                            const char *name, store_out_format f, pc_err *err)
{
    char **pq = NULL, **ar = NULL;
    size_t npq = 0, nar = 0;
    bool same = strcmp(from_dir, to_dir) == 0;
    pc_status rc = store_list_parts(from_dir, name, ".parquet", &pq, &npq, err);
    if (rc == PC_OK)
        rc = store_list_parts(from_dir, name, ".arrow", &ar, &nar, err);
    if (rc != PC_OK || (npq == 0 && nar == 0))
        goto out;
    sbuf from = SBUF_INIT, to = SBUF_INIT;
    sbuf_printf(&to, "%s/%s", to_dir, name);
    if (!same)
        rc = ensure_dir(to.data, err);
    if (rc == PC_OK && (f & STORE_OUT_PARQUET) && npq == 0)
        rc = pc_fail(err, PC_ERR_INPUT, "%s/%s has no Parquet parts to export", from_dir, name);
    if (rc == PC_OK && (f & STORE_OUT_PARQUET) && !same)
        rc = errors_to(from_dir, to_dir, name, err);
    for (size_t i = 0; rc == PC_OK && i < npq; i++) {
        sbuf_reset(&from);
        sbuf_reset(&to);
        sbuf_printf(&from, "%s/%s/%s", from_dir, name, pq[i]);
        if (f & STORE_OUT_IPC) {
            size_t stem = strlen(pq[i]) - strlen(".parquet");
            sbuf_printf(&to, "%s/%s/%.*s.arrow", to_dir, name, (int)stem, pq[i]);
            rc = part_to_ipc(con, registry_find(name), from.data, to.data, err);
            sbuf_reset(&to);
        }
        if (rc == PC_OK && (f & STORE_OUT_PARQUET) && !same) {
            sbuf_printf(&to, "%s/%s/%s", to_dir, name, pq[i]);
            rc = store_link_file(from.data, to.data, err);
        }
        if (rc == PC_OK && !(f & STORE_OUT_PARQUET) && same && unlink(from.data) != 0)
            rc = pc_fail(err, PC_ERR_IO, "cannot remove %s: %s", from.data, strerror(errno));
    }
    /* rows the parts leave out: into a snapshot of their own, and the mark kept beside the
     * Parquet parts that still leave them out */
    const char *derived = NULL;
    if (rc == PC_OK && npq > 0)
        rc = store_derived_check(from_dir, name, &derived, err);
    /* converted to Arrow alone in place, its parts are gone: a build stores every row of
     * such an output (pipeline_graph_copied) */
    if (rc == PC_OK && derived && same && !(f & STORE_OUT_PARQUET))
        rc = pc_fail(err, PC_ERR_INTERNAL, "%s/%s leaves rows out: not converted in place",
                     from_dir, name);
    if (rc == PC_OK && derived && (f & STORE_OUT_IPC)) {
        sbuf_reset(&from);
        sbuf_printf(&from, "%s/%s/%s", from_dir, name, pq[0]);
        rc = derived_to_ipc(con, from_dir, to_dir, name, derived, from.data, err);
    }
    if (rc == PC_OK && derived && (f & STORE_OUT_PARQUET))
        rc = store_derived_mark(to_dir, name, true, err);
    for (size_t i = 0; rc == PC_OK && npq == 0 && !same && i < nar; i++) {
        sbuf_reset(&from);
        sbuf_reset(&to);
        sbuf_printf(&from, "%s/%s/%s", from_dir, name, ar[i]);
        sbuf_printf(&to, "%s/%s/%s", to_dir, name, ar[i]);
        rc = store_link_file(from.data, to.data, err);
    }
    sbuf_free(&from);
    sbuf_free(&to);
out:
    store_free_names(pq, npq);
    store_free_names(ar, nar);
    return rc;
}

pc_status store_ipc_convert(const char *from_dir, const char *to_dir, store_out_format f,
                            pc_err *err)
{
    duckdb_database db = NULL;
    duckdb_connection con = NULL;
    id_prefix_map *prefixes = NULL;
    pc_status rc = store_open_db(NULL, NULL, 1, &db, &con, err);
    if (rc == PC_OK)
        rc = store_register_functions(con, err);
    if (rc == PC_OK) { /* the referenced props of AST nodes compute their ids */
        prefixes = store_prefixes_load(con, from_dir);
        rc = store_register_ast_id(con, (const id_prefix_map *const *)&prefixes, err);
    }
    for (size_t i = 0; rc == PC_OK && i < registry_count(); i++)
        rc = dataset_to(con, from_dir, to_dir, registry_at(i)->name, f, err);
    if (con)
        duckdb_disconnect(&con);
    if (db)
        duckdb_close(&db);
    id_prefix_map_free(prefixes);
    return rc;
}

pc_status store_export(const char *out, const char *dir, store_out_format f, pc_err *err)
{
    sbuf from = SBUF_INIT, to = SBUF_INIT;
    sbuf_printf(&from, "%s/manifest.json", out);
    struct stat st;
    if (stat(from.data, &st) != 0 || !S_ISREG(st.st_mode)) {
        sbuf_free(&from);
        return pc_fail(err, PC_ERR_ARG, "%s is not a pycpg output (no manifest.json)", out);
    }
    struct stat ds;
    if (stat(out, &st) == 0 && stat(dir, &ds) == 0 && st.st_dev == ds.st_dev &&
        st.st_ino == ds.st_ino) {
        sbuf_free(&from);
        return pc_fail(err, PC_ERR_ARG, "%s: export writes a new output, not OUT itself", dir);
    }
    char *staging = NULL;
    pc_status rc = store_publish_prepare(dir, &staging, err);
    if (rc == PC_OK)
        rc = store_ipc_convert(out, staging, f, err);
    if (rc == PC_OK) {
        sbuf_printf(&to, "%s/manifest.json", staging);
        rc = store_file_copy(from.data, to.data, "wb", err);
    }
    if (rc == PC_OK)
        rc = store_manifest_set_files(staging, store_out_format_name(f), err);
    rc = store_publish_end(staging, dir, rc, err);
    sbuf_free(&from);
    sbuf_free(&to);
    return rc;
}
