/*
 * ids.c — stable 64-bit ids (the recipe of cpg_pipeline.md §2.1, stored as BIGINT).
 *
 *   id = BLAKE2b(digest_size=8)("prefix" 0x1F "part1" 0x1F … "partN") read big-endian,
 *        & 0x7FFFFFFFFFFFFFFF
 *
 * Parts are fed to the hash as they are added (no string is built). A part that refers to
 * another id is rendered "prefix:decimal", the reference's string form, so composite ids
 * (span_id over file_id, …) equal the reference's numbers (docs/ids.md).
 */
#include "core.h"

#include <blake2.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(blake2b_state) <= sizeof(((id_builder *)0)->state),
               "id_builder too small for blake2b_state");

static blake2b_state *state_of(id_builder *b)
{
    return (blake2b_state *)(void *)b->state;
}

void id_begin(id_builder *b, const char *prefix)
{
    blake2b_init(state_of(b), 8);
    blake2b_update(state_of(b), (const uint8_t *)prefix, strlen(prefix));
}

void id_add_str(id_builder *b, const char *s, size_t n)
{
    static const uint8_t sep = 0x1F;
    blake2b_update(state_of(b), &sep, 1);
    if (n)
        blake2b_update(state_of(b), (const uint8_t *)s, n);
}

void id_add_cstr(id_builder *b, const char *s)
{
    id_add_str(b, s, strlen(s));
}

void id_add_i64(id_builder *b, int64_t v)
{
    char tmp[24];
    char *p = core_decimal(tmp, v); /* hot: every id has integer parts (no snprintf) */
    id_add_str(b, p, (size_t)(tmp + 24 - p));
}

void id_add_bool(id_builder *b, bool v)
{
    id_add_cstr(b, v ? "true" : "false");
}

void id_add_ref(id_builder *b, const char *prefix, int64_t id)
{
    char tmp[96];
    int n = snprintf(tmp, sizeof tmp, "%s:%" PRId64, prefix, id);
    if (n < 0 || (size_t)n >= sizeof tmp)
        n = (int)sizeof tmp - 1; /* prefixes are short literals; never truncated in practice */
    id_add_str(b, tmp, (size_t)n);
}

int64_t id_finish(id_builder *b)
{
    uint8_t out[8];
    blake2b_final(state_of(b), out, sizeof out);
    uint64_t h = 0;
    for (int i = 0; i < 8; i++)
        h = (h << 8) | out[i];
    return (int64_t)(h & UINT64_C(0x7FFFFFFFFFFFFFFF));
}

int64_t id_hash(const void *msg, size_t n)
{
    blake2b_state st;
    uint8_t out[8];
    blake2b_init(&st, 8);
    blake2b_update(&st, (const uint8_t *)msg, n);
    blake2b_final(&st, out, sizeof out);
    uint64_t h = 0;
    for (int i = 0; i < 8; i++)
        h = (h << 8) | out[i];
    return (int64_t)(h & UINT64_C(0x7FFFFFFFFFFFFFFF));
}

int64_t id_of_strings(const char *prefix, size_t nparts, const char *const *parts)
{
    id_builder b;
    id_begin(&b, prefix);
    for (size_t i = 0; i < nparts; i++)
        id_add_cstr(&b, parts[i] ? parts[i] : ID_NULL_SENTINEL);
    return id_finish(&b);
}

/* ---- file-local ids ------------------------------------------------------------------------ */

int64_t id_local(uint32_t prefix, int family, int64_t ordinal)
{
    if (ordinal < 0 || ordinal >= ID_LOCAL_ORDINAL_LIMIT || family < 0 || family > 7)
        return -1;
    return (int64_t)((uint64_t)prefix << 31 | (uint64_t)family << ID_LOCAL_FAMILY_SHIFT |
                     (uint64_t)ordinal);
}

uint32_t id_default_prefix(int64_t file_id)
{
    return (uint32_t)((uint64_t)file_id >> 31);
}

/* The prefixes given out so far: open addressing, linear probing, capacity a power of two at
 * least twice the files (so a probe always ends). */
typedef struct {
    uint32_t *keys;
    bool *used;
    size_t mask;
} prefix_set;

static bool prefix_set_take(prefix_set *s, uint32_t p)
{
    size_t i = (size_t)(p * UINT32_C(0x9E3779B1)) & s->mask;
    for (; s->used[i]; i = (i + 1) & s->mask)
        if (s->keys[i] == p)
            return false;
    s->used[i] = true;
    s->keys[i] = p;
    return true;
}

typedef struct {
    int64_t file_id;
    size_t at;
} prefix_claim;

static int cmp_claim(const void *a, const void *b)
{
    const prefix_claim *x = a, *y = b;
    if (x->file_id != y->file_id)
        return x->file_id < y->file_id ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

void id_assign_prefixes(size_t n, const int64_t *file_ids, uint32_t *out)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    prefix_set s = {core_calloc(cap, sizeof *s.keys), core_calloc(cap, sizeof *s.used), cap - 1};
    prefix_claim *order = core_malloc((n ? n : 1) * sizeof *order);
    for (size_t i = 0; i < n; i++)
        order[i] = (prefix_claim){file_ids[i], i};
    qsort(order, n, sizeof *order, cmp_claim);
    for (size_t k = 0; k < n; k++) {
        uint32_t p = id_default_prefix(order[k].file_id);
        while (!prefix_set_take(&s, p))
            p++; /* wraps at 2^32; n < 2^32 files, so a free value exists */
        out[order[k].at] = p;
    }
    core_free(order);
    core_free(s.keys);
    core_free(s.used);
}

/* Sorted by file_id, without repeats, for a binary search. */
struct id_prefix_map {
    int64_t *file_ids;
    uint32_t *prefixes;
    size_t n;
};

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

id_prefix_map *id_prefix_map_new(size_t n, const int64_t *file_ids)
{
    id_prefix_map *m = core_calloc(1, sizeof *m);
    m->file_ids = core_malloc((n ? n : 1) * sizeof *m->file_ids);
    if (n)
        memcpy(m->file_ids, file_ids, n * sizeof *file_ids);
    qsort(m->file_ids, n, sizeof *m->file_ids, cmp_i64);
    for (size_t i = 0; i < n; i++)
        if (m->n == 0 || m->file_ids[m->n - 1] != m->file_ids[i])
            m->file_ids[m->n++] = m->file_ids[i];
    m->prefixes = core_malloc((m->n ? m->n : 1) * sizeof *m->prefixes);
    id_assign_prefixes(m->n, m->file_ids, m->prefixes);
    return m;
}

id_prefix_map *id_prefix_map_of(size_t n, const int64_t *file_ids, const uint32_t *prefixes)
{
    prefix_claim *order = core_malloc((n ? n : 1) * sizeof *order);
    for (size_t i = 0; i < n; i++)
        order[i] = (prefix_claim){file_ids[i], i};
    qsort(order, n, sizeof *order, cmp_claim);
    id_prefix_map *m = core_calloc(1, sizeof *m);
    m->file_ids = core_malloc((n ? n : 1) * sizeof *m->file_ids);
    m->prefixes = core_malloc((n ? n : 1) * sizeof *m->prefixes);
    for (size_t k = 0; k < n; k++)
        if (m->n == 0 || m->file_ids[m->n - 1] != order[k].file_id) {
            m->file_ids[m->n] = order[k].file_id;
            m->prefixes[m->n++] = prefixes[order[k].at];
        }
    core_free(order);
    return m;
}

const id_prefix_map *id_prefix_map_empty(void)
{
    static const id_prefix_map empty = {NULL, NULL, 0};
    return &empty;
}

void id_prefix_map_free(id_prefix_map *m)
{
    if (!m)
        return;
    core_free(m->file_ids);
    core_free(m->prefixes);
    core_free(m);
}

bool id_prefix_map_find(const id_prefix_map *m, int64_t file_id, uint32_t *prefix)
{
    size_t lo = 0, hi = m ? m->n : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->file_ids[mid] < file_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (!m || lo == m->n || m->file_ids[lo] != file_id)
        return false;
    *prefix = m->prefixes[lo];
    return true;
}

int64_t id_ast_node(const id_prefix_map *m, int64_t file_id, int64_t ast_idx)
{
    uint32_t prefix;
    if (!id_prefix_map_find(m, file_id, &prefix))
        return -1;
    int64_t id = id_local(prefix, ID_LOCAL_AST, ast_idx);
    if (id >= 0)
        return id;
    id_builder b;
    id_begin(&b, "ast_node");
    id_add_i64(&b, file_id);
    id_add_i64(&b, ast_idx);
    return id_finish(&b);
}
