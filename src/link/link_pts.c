/*
 * link_pts.c — the rounds of the call graph's points-to analysis (link_calls.c) as a fixpoint
 * in C: the setup tables lk_cg_* in, the fact table lk_cg_pt out.
 *
 * Owns: one run of the rounds, from loading the relations the round statements of
 * link_calls.c read to writing lk_cg_pt(k UBIGINT, vk VARCHAR, v VARCHAR) back. link_calls.c
 * keeps the setup steps, recomputes inheritance, MRO and constructors from lk_cg_pt with its
 * own statements, and runs the outputs; its round statements stay as the oracle
 * (PYCPG_POINTS_TO=sql).
 *
 * Invariant: the facts are those of the SQL rounds, round by round. Every step below is the
 * statement of link_calls.c it replaces, evaluated as a set: (1) the seed's closure over the
 * copy edges (pruned at known facts and full keys, not leaving a full key; seed facts enter
 * even at a full key, but not at a key the closure would grow past max_set: it is blocked),
 * (2) widening from the delta (a full key is a sink: no rule copies its values), (3)
 * inheritance, MRO (exact C3 where link_c3.c decides it, as lk_cg_c3 for the SQL; elsewhere
 * BFS by levels: the first level of an ancestor is its least depth, and the least first-base
 * position among the paths of that length is the least over its predecessors on the
 * previous level) and constructors, with their changed rows, (4) call targets, (5)
 * member-lookup winners per (attribute site, receiver value), (6) every dynamic rule once
 * per recursive input, the delta (or the changed rows) in that place and the full relations
 * elsewhere, (7) candidates minus full keys minus known facts = the next seed. The same
 * caps: rounds, the fact budget checked between rounds, CG_MAX_VALUES (decided after the
 * closure), CG_MAX_SET (inside it). No result depends on the order rows arrive in or on
 * hash-table order: every relation is a set and every choice
 * (MRO rank, constructor, member winner) is a minimum over values, ties broken by def ids.
 *
 * Keys. Keys that come from SQL keep their UBIGINT (DuckDB hash()); keys the rounds make
 * with hash() are found through tables read at load: hash('v', module scope, name) through
 * (module, name) pairs of every name the module's file binds or star-imports and some
 * attribute reads (a key of another (module, name) holds no fact), hash('r', def_id) per
 * def. hash('fld', class, attr) keys exist only here (interned by (class, attr)) and get
 * their hash when written back. Values are (vk, text) interned; def-kind values (f c i b s I)
 * carry the def id their text is (CAST(def_id AS VARCHAR), canonical decimal).
 *
 * Cases the SQL leaves open, which its inputs never produce: a def-kind value whose text is
 * not a canonical def id joins nothing (TRY_CAST's NULL would still make a NULL-keyed row);
 * a base expression without position is skipped; an __init__ without start sorts last; a
 * (class, name) member with two keys keeps one (one body scope per class gives one key).
 *
 * Reading and writing. Relations cross between DuckDB and C as typed columns
 * (store_query_columns, store_table_from_columns): text stays data, never SQL.
 *
 * Caps: ids (keys, values, strings, numbers, groups) below PT_ID_MAX, facts plus one round's
 * candidates below PT_FACTS_HARD or four times the budget (far above it; PC_ERR_LIMIT past it).
 *
 * Divisions: 1. containers, 2. the state and its ids, 3. reading,
 * 4. loading, 5. facts, 6. inheritance, MRO and constructors, 7. a round, 8. writing back,
 * 9. the driver.
 */
#include "link_int.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define PT_NONE   UINT32_MAX
#define PT_ID_MAX (UINT32_C(1) << 30)
/* The hard cap on facts: four times the budget (link_calls.c), at least this. */
#define PT_FACTS_HARD INT64_C(32000000)
#define PT_MRO_DEPTH  32 /* CG_MRO_DEPTH */
#define PT_NULL_POS   INT32_MIN
#define PT_LIVE       1       /* lk_cg_live: a class something may instantiate */
#define PT_OPEN       2       /* lk_cg_open: no live class in its static cone */
#define PT_VARARG     (-1000) /* link_calls.c: a *args parameter's pos is at most this */
#define PT_SPREAD     (-2000) /* link_calls.c: a spread argument's pos is at most this */

/* ---- 1. containers --------------------------------------------------------------------- */

typedef struct {
    uint32_t *a;
    uint32_t n, cap;
} pt_vec;

static void vec_push(pt_vec *v, uint32_t x)
{
    if (v->n == v->cap) {
        /* n stays below the hard cap (at most 2^30) * small factors: the doubling cannot wrap */
        uint32_t cap = v->cap ? v->cap * 2 : 4;
        v->a = core_realloc(v->a, (size_t)cap * sizeof *v->a);
        v->cap = cap;
    }
    v->a[v->n++] = x;
}

static void vec_free(pt_vec *v)
{
    core_free(v->a);
    v->a = NULL;
    v->n = v->cap = 0;
}

typedef struct {
    uint64_t *a;
    size_t n, cap;
} pt_vec64;

static void vec64_push(pt_vec64 *v, uint64_t x)
{
    if (v->n == v->cap) /* (a call less per push) */
        v->a = core_grow(v->a, &v->cap, v->n + 1, sizeof *v->a, 64);
    v->a[v->n++] = x;
}

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= UINT64_C(0xff51afd7ed558ccd);
    x ^= x >> 33;
    x *= UINT64_C(0xc4ceb9fe1a85ec53);
    x ^= x >> 33;
    return x;
}

/* u64 → u32, open addressing (linear probing, load ≤ 3/4: the keys are mixed by mix64); a slot
 * is free when v is PT_NONE. */
typedef struct {
    uint64_t *k;
    uint32_t *v;
    size_t cap, n;
} pt_map;

static uint32_t map_get(const pt_map *m, uint64_t key)
{
    if (!m->cap)
        return PT_NONE;
    size_t mask = m->cap - 1, i = mix64(key) & mask;
    for (; m->v[i] != PT_NONE; i = (i + 1) & mask)
        if (m->k[i] == key)
            return m->v[i];
    return PT_NONE;
}

static void map_grow(pt_map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    uint64_t *k = core_malloc(cap * sizeof *k);
    uint32_t *v = core_malloc(cap * sizeof *v);
    memset(v, 0xff, cap * sizeof *v);
    for (size_t i = 0; i < m->cap; i++) {
        if (m->v[i] == PT_NONE)
            continue;
        size_t j = mix64(m->k[i]) & (cap - 1);
        while (v[j] != PT_NONE)
            j = (j + 1) & (cap - 1);
        k[j] = m->k[i];
        v[j] = m->v[i];
    }
    core_free(m->k);
    core_free(m->v);
    m->k = k;
    m->v = v;
    m->cap = cap;
}

/* The value of key; when absent, val is stored and *added set. */
static uint32_t map_put(pt_map *m, uint64_t key, uint32_t val, bool *added)
{
    if (4 * (m->n + 1) > 3 * m->cap)
        map_grow(m);
    size_t mask = m->cap - 1, i = mix64(key) & mask;
    for (; m->v[i] != PT_NONE; i = (i + 1) & mask)
        if (m->k[i] == key) {
            *added = false;
            return m->v[i];
        }
    m->k[i] = key;
    m->v[i] = val;
    m->n++;
    *added = true;
    return val;
}

static void map_free(pt_map *m)
{
    core_free(m->k);
    core_free(m->v);
    memset(m, 0, sizeof *m);
}

/* A set of u64 other than UINT64_MAX (the free slot); load ≤ 3/4 like pt_map. */
typedef struct {
    uint64_t *k;
    size_t cap, n;
} pt_set;

static bool set_has(const pt_set *s, uint64_t x)
{
    if (!s->cap)
        return false;
    size_t mask = s->cap - 1, i = mix64(x) & mask;
    for (; s->k[i] != UINT64_MAX; i = (i + 1) & mask)
        if (s->k[i] == x)
            return true;
    return false;
}

static void set_grow(pt_set *s)
{
    size_t cap = s->cap ? s->cap * 2 : 64;
    uint64_t *k = core_malloc(cap * sizeof *k);
    memset(k, 0xff, cap * sizeof *k);
    for (size_t i = 0; i < s->cap; i++) {
        if (s->k[i] == UINT64_MAX)
            continue;
        size_t j = mix64(s->k[i]) & (cap - 1);
        while (k[j] != UINT64_MAX)
            j = (j + 1) & (cap - 1);
        k[j] = s->k[i];
    }
    core_free(s->k);
    s->k = k;
    s->cap = cap;
}

/* true when x was not in the set */
static bool set_add(pt_set *s, uint64_t x)
{
    if (4 * (s->n + 1) > 3 * s->cap)
        set_grow(s);
    size_t mask = s->cap - 1, i = mix64(x) & mask;
    for (; s->k[i] != UINT64_MAX; i = (i + 1) & mask)
        if (s->k[i] == x)
            return false;
    s->k[i] = x;
    s->n++;
    return true;
}

static void set_clear(pt_set *s)
{
    if (s->cap)
        memset(s->k, 0xff, s->cap * sizeof *s->k);
    s->n = 0;
}

/* u64 → list of u32 */
typedef struct {
    pt_map idx;
    pt_vec *lists;
    uint32_t n, cap;
} pt_mm;

static const pt_vec *mm_get(const pt_mm *m, uint64_t key)
{
    uint32_t i = map_get(&m->idx, key);
    return i == PT_NONE ? NULL : &m->lists[i];
}

static void mm_push(pt_mm *m, uint64_t key, uint32_t x)
{
    bool added;
    uint32_t i = map_put(&m->idx, key, m->n, &added);
    if (added) {
        if (m->n == m->cap) {
            m->cap = m->cap ? m->cap * 2 : 64;
            m->lists = core_realloc(m->lists, (size_t)m->cap * sizeof *m->lists);
        }
        memset(&m->lists[m->n++], 0, sizeof *m->lists);
    }
    vec_push(&m->lists[i], x);
}

static void mm_free(pt_mm *m)
{
    for (uint32_t i = 0; i < m->n; i++)
        vec_free(&m->lists[i]);
    core_free(m->lists);
    map_free(&m->idx);
    memset(m, 0, sizeof *m);
}

/* Rows grouped by a key below nkeys: the rows of key k are row[off[d] .. off[d + 1]), in row
 * order, where d is k's rank among the keys that have rows (bit k of bits set; rank[w] counts
 * the set bits of the words before word w). Most relations touch few of the millions of keys,
 * so the offsets are per key with rows, not per key: 12 bytes per 64 keys plus 4 per key with
 * rows, against 4 per key. */
typedef struct {
    uint64_t *bits;
    uint32_t *rank;
    uint32_t *off, *row;
    uint32_t nkeys;
} pt_csr;

/* key[i] is row i's key (< nkeys, or PT_NONE: left out). */
static void csr_build(pt_csr *c, uint32_t nkeys, const uint32_t *key, uint32_t n)
{
    size_t words = (size_t)nkeys / 64 + 1;
    uint32_t *count = core_calloc((size_t)nkeys + 1, sizeof *count); /* then: the key's rank */
    for (uint32_t i = 0; i < n; i++)
        if (key[i] != PT_NONE)
            count[key[i]]++;
    c->nkeys = nkeys;
    c->bits = core_calloc(words, sizeof *c->bits);
    c->rank = core_malloc(words * sizeof *c->rank);
    uint32_t ndist = 0;
    for (uint32_t k = 0; k < nkeys; k++)
        if (count[k]) {
            c->bits[k / 64] |= UINT64_C(1) << (k % 64);
            ndist++;
        }
    c->off = core_malloc(((size_t)ndist + 1) * sizeof *c->off);
    c->off[0] = 0;
    uint32_t d = 0;
    for (size_t w = 0; w < words; w++)
        c->rank[w] = w ? c->rank[w - 1] + (uint32_t)__builtin_popcountll(c->bits[w - 1]) : 0;
    for (uint32_t k = 0; k < nkeys; k++)
        if (count[k]) {
            c->off[d + 1] = c->off[d] + count[k];
            count[k] = d++;
        }
    uint32_t *fill = core_malloc(((size_t)ndist + 1) * sizeof *fill);
    memcpy(fill, c->off, ((size_t)ndist + 1) * sizeof *fill);
    c->row = core_malloc(((size_t)n + 1) * sizeof *c->row);
    for (uint32_t i = 0; i < n; i++)
        if (key[i] != PT_NONE)
            c->row[fill[count[key[i]]]++] = i;
    core_free(fill);
    core_free(count);
}

/* The rows of key k as [*b, *e) (empty for a key past the index or without rows). */
static void csr_range(const pt_csr *c, uint32_t k, uint32_t *b, uint32_t *e)
{
    *b = *e = 0;
    if (k >= c->nkeys)
        return;
    uint64_t word = c->bits[k / 64], bit = UINT64_C(1) << (k % 64);
    if (!(word & bit))
        return;
    uint32_t d = c->rank[k / 64] + (uint32_t)__builtin_popcountll(word & (bit - 1));
    *b = c->off[d];
    *e = c->off[d + 1];
}

static void csr_free(pt_csr *c)
{
    core_free(c->bits);
    core_free(c->rank);
    core_free(c->off);
    core_free(c->row);
    memset(c, 0, sizeof *c);
}

/* Interned byte strings (NUL-terminated copies in an arena). */
typedef struct {
    arena *ar;
    const char **s;
    uint32_t *len;
    uint64_t *h;
    uint32_t n, cap;
    uint32_t *slot; /* sid or PT_NONE */
    size_t scap;
} pt_strs;

static uint64_t str_hash(const char *s, size_t n)
{
    uint64_t h = UINT64_C(1469598103934665603);
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * UINT64_C(1099511628211);
    return mix64(h);
}

static uint32_t strs_find(const pt_strs *t, const char *s, size_t n)
{
    if (!t->scap)
        return PT_NONE;
    uint64_t h = str_hash(s, n);
    size_t mask = t->scap - 1;
    for (size_t i = h & mask; t->slot[i] != PT_NONE; i = (i + 1) & mask) {
        uint32_t id = t->slot[i];
        if (t->h[id] == h && t->len[id] == n && memcmp(t->s[id], s, n) == 0)
            return id;
    }
    return PT_NONE;
}

static void strs_grow(pt_strs *t)
{
    size_t cap = t->scap ? t->scap * 2 : 1024;
    uint32_t *slot = core_malloc(cap * sizeof *slot);
    memset(slot, 0xff, cap * sizeof *slot);
    for (uint32_t id = 0; id < t->n; id++) {
        size_t j = t->h[id] & (cap - 1);
        while (slot[j] != PT_NONE)
            j = (j + 1) & (cap - 1);
        slot[j] = id;
    }
    core_free(t->slot);
    t->slot = slot;
    t->scap = cap;
}

/* The id of s[0..n); PT_NONE past PT_ID_MAX strings. */
static uint32_t strs_intern(pt_strs *t, const char *s, size_t n)
{
    uint32_t id = strs_find(t, s, n);
    if (id != PT_NONE)
        return id;
    if (t->n >= PT_ID_MAX || n > UINT32_MAX)
        return PT_NONE;
    if (2 * ((size_t)t->n + 1) > t->scap)
        strs_grow(t);
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 1024;
        t->s = core_realloc(t->s, (size_t)t->cap * sizeof *t->s);
        t->len = core_realloc(t->len, (size_t)t->cap * sizeof *t->len);
        t->h = core_realloc(t->h, (size_t)t->cap * sizeof *t->h);
    }
    if (!t->ar)
        t->ar = arena_new(1 << 16);
    id = t->n++;
    t->s[id] = arena_strndup(t->ar, s, n);
    t->len[id] = (uint32_t)n;
    t->h[id] = str_hash(s, n);
    size_t mask = t->scap - 1, i = t->h[id] & mask;
    while (t->slot[i] != PT_NONE)
        i = (i + 1) & mask;
    t->slot[i] = id;
    return id;
}

static void strs_free(pt_strs *t)
{
    arena_free(t->ar);
    core_free(t->s);
    core_free(t->len);
    core_free(t->h);
    core_free(t->slot);
    memset(t, 0, sizeof *t);
}

static uint64_t pair(uint32_t a, uint32_t b)
{
    return (uint64_t)a << 32 | b;
}

/* ---- 2. the state and its ids -------------------------------------------------------- */

/* One mro row: ancestor (number and def id), depth, positions of the first and the last
 * base on the path. */
typedef struct {
    int64_t anc_id;
    uint32_t anc;
    int32_t depth, fp, lp;
} pt_mrow;

typedef struct {
    pt_mrow *a;
    uint32_t n, cap;
} pt_mlist;

typedef struct {
    const link_pts_caps *caps;
    int64_t hard_facts;    /* PT_FACTS_HARD, or four times a larger budget */
    bool over;             /* an id space or the hard fact cap overflowed */
    const char *over_what; /* which */
    int64_t over_cap;      /* and its cap */

    /* strings, numbers (def ids), keys, values */
    pt_strs str;
    pt_map nmap;
    int64_t *num;
    uint32_t *num_sid; /* the text of the number, when interned; PT_NONE unknown */
    uint32_t nnums, ncap;
    pt_map kmap, fldmap;
    uint64_t *key_hash;       /* 0 for fld keys */
    uint32_t fld_base;        /* fld keys are fld_base.. (made in the rounds); PT_NONE: none yet */
    pt_vec fld_cls, fld_attr; /* per fld key: (class number, attr) */
    pt_vec *facts;            /* per key: its values */
    uint8_t *full;
    uint32_t nkeys, kcap;
    pt_map vmap;
    char *val_vk;
    uint32_t *val_sid, *val_num, *val_bound, *val_inst;
    pt_vec *val_rv; /* per value: its rva lists */
    uint32_t nvals, vcap;

    /* static relations */
    pt_vec64 base;
    pt_vec copy_dst;
    pt_csr copy_by_src;
    pt_vec call_ck;
    pt_csr call_by_fk;
    pt_vec arg_ck, arg_ak, arg_kw, arg_pos; /* arg_pos: int32 bits, PT_NULL_POS for NULL */
    pt_csr arg_by_ck, arg_by_ak;
    pt_vec par_vkey, par_kw, par_pos;
    uint32_t dstar; /* the string id of "**" (PT_NONE when no row has it) */
    pt_csr par_by_def;
    pt_map asite_map; /* (nk, attr) → attribute site */
    pt_map sup_of;    /* an 'S' / 'J' value (super() / cone of C on a subclass) → C */
    pt_vec as_nk, as_attr, at_asite;
    pt_csr at_by_ok;
    pt_vec st_ok, st_attr, st_src;
    pt_csr st_by_ok, st_by_src;
    pt_vec bs_cls, bs_pos;
    pt_csr bs_by_bk;
    pt_map mem; /* (class number, name) → vkey */
    pt_vec mem_cls, mem_name;
    pt_csr mem_by_vkey;
    pt_vec classes, class_flags; /* class_flags: PT_LIVE | PT_OPEN per class */
    pt_vec in_def;
    int64_t *in_bstart;
    pt_csr in_by_cls;  /* sorted by (bstart, def id) within a class */
    pt_map rkey, rdef; /* def number → hash('r', def_id) key; and back */
    pt_map mods;       /* module name sid → 1 */
    pt_map mpair;      /* (module sid, attr sid) → pair id */
    pt_vec mp_mod, mp_attr, mv_mp, mv_key;
    pt_csr mv_by_mp, mv_by_key;

    /* facts */
    pt_set pset;
    int64_t nfacts;
    pt_vec64 delta, seed, cand;
    pt_set cset;
    pt_map rva_map; /* (value, attr) → list of attribute sites whose object holds the value */
    pt_vec rva_attr;
    pt_vec *rva_list;
    uint32_t nrva, rvacap;

    /* inheritance, MRO, constructors: per number (hn of them) */
    uint32_t hn;
    pt_vec *inh; /* pairs (base number, pos) */
    pt_mlist *mro;
    uint32_t *ctor;
    pt_vec ma_cls, ma_depth;
    pt_csr mro_by_anc;
    pt_vec dmro;  /* triples (cls, anc, depth) */
    pt_vec dctor; /* pairs (cls, init) */
    uint32_t *seen, *lvl, *fpof, *lpof, *ostamp, stamp;
    uint8_t *cflag; /* per number: PT_LIVE | PT_OPEN (lk_cg_live, lk_cg_open) */
    int32_t *odepth, *ofp, *olp;

    /* call targets */
    pt_set ccls_set, tfb_set;
    pt_mm ccls_by_ck, ccls_by_cls, tfb_by_ck, tfb_by_def;
    pt_vec dccls; /* pairs (ck, cls) */
    pt_vec dtgt;  /* quads (ck, def, off, ctor) */

    /* member winners per group (attribute site, receiver value) */
    pt_map gmap;
    pt_vec g_asite, g_vid, g_win, g_stamp;
    pt_mm win_rev;
    pt_vec wg, dwin;
    uint32_t gstamp;
} pt;

static void over_cap(pt *p, const char *what, int64_t cap)
{
    if (!p->over) {
        p->over_what = what;
        p->over_cap = cap;
    }
    p->over = true;
}

static void over(pt *p, const char *what)
{
    over_cap(p, what, PT_ID_MAX);
}

static uint32_t str_id(pt *p, const char *s, size_t n)
{
    uint32_t id = strs_intern(&p->str, s, n);
    if (id == PT_NONE)
        over(p, "strings");
    return id;
}

static uint32_t num_intern(pt *p, int64_t x)
{
    bool added;
    if (p->nnums >= PT_ID_MAX) {
        over(p, "def ids");
        return PT_NONE;
    }
    uint32_t id = map_put(&p->nmap, (uint64_t)x, p->nnums, &added);
    if (!added)
        return id;
    if (p->nnums == p->ncap) {
        p->ncap = p->ncap ? p->ncap * 2 : 1024;
        p->num = core_realloc(p->num, (size_t)p->ncap * sizeof *p->num);
        p->num_sid = core_realloc(p->num_sid, (size_t)p->ncap * sizeof *p->num_sid);
    }
    p->num[id] = x;
    p->num_sid[id] = PT_NONE;
    p->nnums++;
    return id;
}

/* Strict decimal as CAST(BIGINT AS VARCHAR) writes it. */
static bool parse_i64(const char *s, size_t n, int64_t *out)
{
    size_t i = 0;
    bool neg = n > 0 && s[0] == '-';
    i = neg ? 1 : 0;
    if (i == n || (s[i] == '0' && n - i > 1))
        return false;
    uint64_t v = 0, lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (lim - d) / 10)
            return false;
        v = v * 10 + d;
    }
    if (neg && v == (uint64_t)INT64_MAX + 1)
        *out = INT64_MIN;
    else
        *out = neg ? -(int64_t)v : (int64_t)v;
    return !(neg && v == 0);
}

/* A new key: hash from SQL (fnum PT_NONE), or the fld key (fnum, fattr). Every key read comes
 * before every fld key (fld keys are made in the rounds), so "is a fld key" is k >= fld_base. */
static uint32_t key_new(pt *p, uint64_t hash, uint32_t fnum, uint32_t fattr)
{
    if (PC_NEVER(fnum == PT_NONE && p->fld_base != PT_NONE) || p->nkeys >= PT_ID_MAX) {
        over(p, "keys");
        return PT_NONE;
    }
    if (p->nkeys == p->kcap) {
        uint32_t cap = p->kcap ? p->kcap * 2 : 4096;
        p->key_hash = core_realloc(p->key_hash, (size_t)cap * sizeof *p->key_hash);
        p->facts = core_realloc(p->facts, (size_t)cap * sizeof *p->facts);
        p->full = core_realloc(p->full, (size_t)cap * sizeof *p->full);
        memset(&p->facts[p->kcap], 0, (size_t)(cap - p->kcap) * sizeof *p->facts);
        memset(&p->full[p->kcap], 0, (size_t)(cap - p->kcap) * sizeof *p->full);
        p->kcap = cap;
    }
    uint32_t k = p->nkeys++;
    p->key_hash[k] = hash;
    if (fnum != PT_NONE) {
        if (p->fld_base == PT_NONE)
            p->fld_base = k;
        vec_push(&p->fld_cls, fnum);
        vec_push(&p->fld_attr, fattr);
    }
    return k;
}

/* Whether k is a fld key, and its (class number, attr). */
static bool key_fld(const pt *p, uint32_t k, uint32_t *cls, uint32_t *attr)
{
    if (p->fld_base == PT_NONE || k < p->fld_base || k >= p->nkeys)
        return false;
    *cls = p->fld_cls.a[k - p->fld_base];
    *attr = p->fld_attr.a[k - p->fld_base];
    return true;
}

/* A key read from SQL. */
static uint32_t key_intern(pt *p, uint64_t hash)
{
    uint32_t k = map_get(&p->kmap, hash);
    if (k != PT_NONE)
        return k;
    k = key_new(p, hash, PT_NONE, PT_NONE);
    bool added;
    if (k != PT_NONE)
        map_put(&p->kmap, hash, k, &added);
    return k;
}

/* hash('fld', class, attr): found (make false) or made. */
static uint32_t fld_key(pt *p, uint32_t cls, uint32_t attr, bool make)
{
    uint32_t k = map_get(&p->fldmap, pair(cls, attr));
    if (k != PT_NONE || !make)
        return k;
    k = key_new(p, 0, cls, attr);
    bool added;
    if (k != PT_NONE)
        map_put(&p->fldmap, pair(cls, attr), k, &added);
    return k;
}

static bool def_kind(char vk)
{
    return vk == 'f' || vk == 'c' || vk == 'i' || vk == 'b' || vk == 's' || vk == 'I';
}

/* Kinds whose facts at an attribute's object are receivers: class/instance/super/module. */
static bool recv_kind(char vk)
{
    return vk == 'c' || vk == 'i' || vk == 'I' || vk == 's' || vk == 'M';
}

static uint32_t val_find(const pt *p, char vk, uint32_t sid)
{
    return sid == PT_NONE ? PT_NONE : map_get(&p->vmap, pair((unsigned char)vk, sid));
}

static uint32_t val_intern(pt *p, char vk, uint32_t sid)
{
    if (sid == PT_NONE)
        return PT_NONE;
    uint32_t v = val_find(p, vk, sid);
    if (v != PT_NONE)
        return v;
    if (p->nvals >= PT_ID_MAX) {
        over(p, "values");
        return PT_NONE;
    }
    if (p->nvals == p->vcap) {
        uint32_t cap = p->vcap ? p->vcap * 2 : 1024;
        p->val_vk = core_realloc(p->val_vk, (size_t)cap * sizeof *p->val_vk);
        p->val_sid = core_realloc(p->val_sid, (size_t)cap * sizeof *p->val_sid);
        p->val_num = core_realloc(p->val_num, (size_t)cap * sizeof *p->val_num);
        p->val_bound = core_realloc(p->val_bound, (size_t)cap * sizeof *p->val_bound);
        p->val_inst = core_realloc(p->val_inst, (size_t)cap * sizeof *p->val_inst);
        p->val_rv = core_realloc(p->val_rv, (size_t)cap * sizeof *p->val_rv);
        p->vcap = cap;
    }
    v = p->nvals++;
    bool added;
    map_put(&p->vmap, pair((unsigned char)vk, sid), v, &added);
    p->val_vk[v] = vk;
    p->val_sid[v] = sid;
    p->val_num[v] = PT_NONE;
    p->val_bound[v] = p->val_inst[v] = PT_NONE;
    memset(&p->val_rv[v], 0, sizeof p->val_rv[v]);
    int64_t x;
    if (def_kind(vk) && parse_i64(p->str.s[sid], p->str.len[sid], &x)) {
        uint32_t n = num_intern(p, x);
        p->val_num[v] = n;
        if (n != PT_NONE)
            p->num_sid[n] = sid;
    }
    return v;
}

/* The value (vk, text of def number n), if that text was ever seen. */
static uint32_t val_of_num(pt *p, char vk, uint32_t n)
{
    if (n == PT_NONE)
        return PT_NONE;
    if (p->num_sid[n] == PT_NONE) {
        char buf[32];
        int len = snprintf(buf, sizeof buf, "%" PRId64, p->num[n]);
        p->num_sid[n] = strs_find(&p->str, buf, (size_t)len);
    }
    return val_find(p, vk, p->num_sid[n]);
}

/* A function read through an instance or super() is bound: ('b', same def). */
static uint32_t val_bound(pt *p, uint32_t v)
{
    if (p->val_bound[v] == PT_NONE) {
        uint32_t b = val_intern(p, 'b', p->val_sid[v]); /* may move val_bound */
        p->val_bound[v] = b;
    }
    return p->val_bound[v];
}

/* super() inside class C ('S') or the cone of C ('J') read on an instance of its subclass
 * S: the receiver of a member lookup along S's MRO (after C for super()); text "C/S",
 * val_num S, sup_of C. Never a fact. */
static uint32_t val_super_in(pt *p, char vk, uint32_t c, uint32_t sub)
{
    char buf[48];
    int len = snprintf(buf, sizeof buf, "%" PRId64 "/%" PRId64, p->num[c], p->num[sub]);
    uint32_t v = val_intern(p, vk, str_id(p, buf, (size_t)len));
    if (v != PT_NONE && p->val_num[v] == PT_NONE) {
        bool added;
        p->val_num[v] = sub;
        map_put(&p->sup_of, v, c, &added);
    }
    return v;
}

static uint32_t val_inst(pt *p, uint32_t v)
{
    if (p->val_inst[v] == PT_NONE) {
        uint32_t i = val_intern(p, 'i', p->val_sid[v]); /* may move val_inst */
        p->val_inst[v] = i;
    }
    return p->val_inst[v];
}

/* ---- 3. reading ---------------------------------------------------------------------- */

/* One value of a row read from DuckDB: an integer (keys keep their UBIGINT bit pattern) or
 * text (borrowed, s[0..len)), or NULL. */
typedef struct {
    bool null;
    int64_t i;
    const char *s;
    size_t len;
} pt_cell;

typedef pc_status (*pt_row_fn)(void *ctx, const pt_cell *v, size_t n, pc_err *err);

/* Runs sql (pycpg's own) and calls fn once per result row: cols has one letter per column, 'n'
 * an integer, 's' text (checked against the result's types). The result crosses as typed
 * columns (store_query_columns): no value is rendered as text or parsed back. */
static pc_status pt_read(store *s, const char *sql, const char *cols, pt_row_fn fn, void *ctx,
                         pc_err *err)
{
    enum { MAXC = 8 };
    store_columns c;
    pc_status rc = store_query_columns(s, sql, &c, err);
    if (rc != PC_OK)
        return rc;
    size_t n = strlen(cols), rows = c.ncols ? c.cols[0].n : 0;
    if (PC_NEVER(n != c.ncols || n > MAXC))
        rc = pc_fail(err, PC_ERR_INTERNAL, "points-to: %zu columns, %zu expected", c.ncols, n);
    for (size_t k = 0; k < n && rc == PC_OK; k++)
        if (PC_NEVER((cols[k] == 's') != (c.cols[k].type == STORE_COL_STR)))
            rc = pc_fail(err, PC_ERR_INTERNAL, "points-to: column %zu of the wrong type", k);
    pt_cell v[MAXC];
    for (size_t r = 0; r < rows && rc == PC_OK; r++) {
        for (size_t k = 0; k < n; k++) {
            v[k] = (pt_cell){.null = c.cols[k].null[r]};
            if (c.cols[k].type == STORE_COL_STR)
                v[k].s = store_columns_str(&c, k, r, &v[k].len);
            else
                v[k].i = c.cols[k].i64[r];
        }
        rc = fn(ctx, v, n, err);
    }
    store_columns_free(&c);
    return rc;
}

/* ---- 4. loading ---------------------------------------------------------------------- */

typedef struct {
    pt *p;
    const char *what;
    pt_vec tmp[3]; /* per-row keys of the indexes built after the query */
} pt_load;

static pc_status bad_row(pt_load *l, pc_err *err)
{
    return pc_fail(err, PC_ERR_INTERNAL, "points-to: unexpected row in %s", l->what);
}

static uint32_t load_key(pt_load *l, const pt_cell *c, bool *ok)
{
    if (c->null) {
        *ok = false;
        return PT_NONE;
    }
    return key_intern(l->p, (uint64_t)c->i);
}

static uint32_t load_num(pt_load *l, const pt_cell *c, bool *ok)
{
    if (c->null) {
        *ok = false;
        return PT_NONE;
    }
    return num_intern(l->p, c->i);
}

/* INTEGER or NULL */
static uint32_t load_pos(const pt_cell *c, bool *ok)
{
    if (c->null)
        return (uint32_t)PT_NULL_POS;
    if (c->i <= PT_NULL_POS || c->i > INT32_MAX) {
        *ok = false;
        return 0;
    }
    return (uint32_t)(int32_t)c->i;
}

static uint32_t load_str(pt_load *l, const pt_cell *c)
{
    return c->null ? PT_NONE : str_id(l->p, c->s, c->len);
}

static pc_status row_base(void *ctx, const pt_cell *v, size_t n, pc_err *err)
{
    pt_load *l = ctx;
    bool ok = n == 3 && !v[1].null && !v[2].null && v[1].len == 1;
    uint32_t k = ok ? load_key(l, &v[0], &ok) : PT_NONE;
    if (!ok)
        return bad_row(l, err);
    uint32_t val = val_intern(l->p, v[1].s[0], load_str(l, &v[2]));
    if (k != PT_NONE && val != PT_NONE)
        vec64_push(&l->p->base, pair(k, val));
    return PC_OK;
}

static pc_status row_copy(void *ctx, const pt_cell *v, size_t n, pc_err *err)
{
    pt_load *l = ctx;
    bool ok = n == 2;
    uint32_t src = ok ? load_key(l, &v[0], &ok) : 0, dst = ok ? load_key(l, &v[1], &ok) : 0;
    if (!ok)
        return bad_row(l, err);
    vec_push(&l->tmp[0], src);
    vec_push(&l->p->copy_dst, dst);
    return PC_OK;
}

static pc_status row_calls(void *ctx, const pt_cell *v, size_t n, pc_err *err)
{
    pt_load *l = ctx;
    bool ok = n == 2;
    uint32_t ck = ok ? load_key(l, &v[0], &ok) : 0, fk = ok ? load_key(l, &v[1], &ok) : 0;
    if (!ok)
        return bad_row(l, err);
    vec_push(&l->tmp[0], fk);
    vec_push(&l->p->call_ck, ck);
    return PC_OK;
}

static pc_status row_args(void *ctx, const pt_cell *v, size_t n, pc_err *err)
{
    pt_load *l = ctx;
    pt *p = l->p;
    bool ok = n == 4;
    uint32_t ck = ok ? load_key(l, &v[0], &ok) : 0, pos = ok ? load_pos(&v[1], &ok) : 0;
    uint32_t ak = ok ? load_key(l, &v[3], &ok) : 0;
    if (!ok)
        return bad_row(l, err);
    vec_push(&p->arg_ck, ck);
    vec_push(&p->arg_pos, pos);
    vec_push(&p->arg_kw, load_str(l, &v[2]));
    vec_push(&p->arg_ak, ak);
    return PC_OK;
}

static pc_status row_params(void *ctx, const pt_cell *v, size_t n, pc_err *err)
{
    pt_load *l = ctx;
    pt *p = l->p;
    bool ok = n == 4;
    uint32_t def = ok ? load_num(l, &v[0], &ok) : 0, pos = ok ? load_pos(&v[1], &ok) : 0;
    uint32_t vkey = ok ? load_key(l, &v[3], &ok) : 0;
    if (!ok)
        return bad_row(l, err);
    vec_push(&l->tmp[0], def);
    vec_push(&p->par_pos, pos);
    vec_push(&p->par_kw, load_str(l, &v[2]));
    vec_push(&p->par_vkey, vkey);
    return PC_OK;
}

static pc_status row_attrs(void *ctx, const pt_cell *v, size_t n, pc_err *err)
{
    pt_load *l = ctx;
    pt *p = l->p;
    bool ok = n == 3 && !v[2].null;
    uint32_t nk = ok ? load_key(l, &v[0], &ok) : 0, ok_key = ok ? load_key(l, &v[1], &ok) : 0;
    if (!ok)
        return bad_row(l, err);
    uint32_t attr = load_str(l, &v[2]);
    if (nk == PT_NONE || attr == PT_NONE)
        return PC_OK;
    bool added;
    uint32_t as = map_put(&p->asite_map, pair(nk, attr), p->as_nk.n, &added);
    if (added) {
        vec_push(&p->as_nk, nk);
        vec_push(&p->as_attr, attr);
    }
    vec_push(&l->tmp[0], ok_key);
    vec_push(&p->at_asite, as);
    return PC_OK;
}

static pc_status row_stores(void *ctx, const pt_cell *v, size_t n, pc_err *err)
{
    pt_load *l = ctx;
    pt *p = l->p;
    bool ok = n == 3 && !v[1].null;
    uint32_t okk = ok ? load_key(l, &v[0], &ok) : 0, src = ok ? load_key(l, &v[2], &ok) : 0;
    if (!ok)
        return bad_row(l, err);
    vec_push(&p->st_ok, okk);
    vec_push(&p->st_attr, load_str(l, &v[1]));
    vec_push(&p->st_src, src);
    return PC_OK;
}

static pc_status row_bases(void *ctx, const pt_cell *v, size_t n, pc_err *err)
{
    pt_load *l = ctx;
    pt *p = l->p;
    bool ok = n == 3;
    uint32_t cls = ok ? load_num(l, &v[0], &ok) : 0, pos = ok ? load_pos(&v[1], &ok) : 0;
    uint32_t bk = ok ? load_key(l, &v[2], &ok) : 0;
    if (!ok)
        return bad_row(l, err);
    if ((int32_t)pos == PT_NULL_POS) /* a base expression is a list item: never NULL */
        return PC_OK;
    vec_push(&l->tmp[0], bk);
    vec_push(&p->bs_cls, cls);
    vec_push(&p->bs_pos, pos);
    return PC_OK;
}

static pc_status row_members(void *ctx, const pt_cell *v, size_t n, pc_err *err)
{
    pt_load *l = ctx;
    pt *p = l->p;
    bool ok = n == 3 && !v[1].null;
    uint32_t cls = ok ? load_num(l, &v[0], &ok) : 0, vkey = ok ? load_key(l, &v[2], &ok) : 0;
    if (!ok)
        return bad_row(l, err);
    uint32_t name = load_str(l, &v[1]);
    bool added;
    if (cls == PT_NONE || name == PT_NONE)
        return PC_OK;
    /* one body scope per class, so one key per (class, name): keep the first */
    map_put(&p->mem, pair(cls, name), vkey, &added);
    if (added) {
        vec_push(&l->tmp[0], vkey);
        vec_push(&p->mem_cls, cls);
        vec_push(&p->mem_name, name);
    }
    return PC_OK;
}

static pc_status row_classes(void *ctx, const pt_cell *v, size_t n, pc_err *err)
{
    pt_load *l = ctx;
    bool ok = n == 2 && !v[1].null;
    uint32_t cls = ok ? load_num(l, &v[0], &ok) : 0;
    if (!ok)
        return bad_row(l, err);
    vec_push(&l->p->classes, cls);
    vec_push(&l->p->class_flags, (uint32_t)v[1].i);
    return PC_OK;
}

static pc_status row_inits(void *ctx, const pt_cell *v, size_t n, pc_err *err)
{
    pt_load *l = ctx;
    bool ok = n == 3;
    uint32_t cls = ok ? load_num(l, &v[0], &ok) : 0, def = ok ? load_num(l, &v[1], &ok) : 0;
    int64_t bs = ok && !v[2].null ? v[2].i : INT64_MAX; /* a NULL start sorts last */
    if (!ok)
        return bad_row(l, err);
    vec_push(&l->tmp[0], cls);
    vec_push(&l->tmp[1], def);
    vec_push(&l->tmp[2], (uint32_t)((uint64_t)bs >> 32));
    vec_push(&l->tmp[2], (uint32_t)(uint64_t)bs);
    return PC_OK;
}

static pc_status row_rkeys(void *ctx, const pt_cell *v, size_t n, pc_err *err)
{
    pt_load *l = ctx;
    bool ok = n == 2, added;
    uint32_t def = ok ? load_num(l, &v[0], &ok) : 0, rk = ok ? load_key(l, &v[1], &ok) : 0;
    if (!ok)
        return bad_row(l, err);
    if (def != PT_NONE && rk != PT_NONE) {
        map_put(&l->p->rkey, def, rk, &added);
        map_put(&l->p->rdef, rk, def, &added);
    }
    return PC_OK;
}

static pc_status row_mods(void *ctx, const pt_cell *v, size_t n, pc_err *err)
{
    pt_load *l = ctx;
    bool added;
    if (n != 1 || v[0].null)
        return bad_row(l, err);
    uint32_t sid = load_str(l, &v[0]);
    if (sid != PT_NONE)
        map_put(&l->p->mods, sid, 1, &added);
    return PC_OK;
}

static pc_status row_mvar(void *ctx, const pt_cell *v, size_t n, pc_err *err)
{
    pt_load *l = ctx;
    pt *p = l->p;
    bool ok = n == 3 && !v[0].null && !v[1].null, added;
    uint32_t key = ok ? load_key(l, &v[2], &ok) : 0;
    if (!ok)
        return bad_row(l, err);
    uint32_t mod = load_str(l, &v[0]), attr = load_str(l, &v[1]);
    if (mod == PT_NONE || attr == PT_NONE || key == PT_NONE)
        return PC_OK;
    uint32_t mp = map_put(&p->mpair, pair(mod, attr), p->mp_mod.n, &added);
    if (added) {
        vec_push(&p->mp_mod, mod);
        vec_push(&p->mp_attr, attr);
    }
    vec_push(&p->mv_mp, mp);
    vec_push(&p->mv_key, key);
    return PC_OK;
}

/* The relations the round statements read. Sets: duplicates would change nothing. */
static const struct {
    const char *what;
    pt_row_fn fn;
    const char *cols; /* per column: 'n' integer, 's' text */
    const char *sql;
} loads[] = {
    {"lk_cg_base", row_base, "nss", "SELECT k, vk, v FROM lk_cg_base"},
    {"lk_cg_copy", row_copy, "nn", "SELECT src, dst FROM lk_cg_copy"},
    {"lk_cg_calls", row_calls, "nn", "SELECT DISTINCT ck, fk FROM lk_cg_calls"},
    {"lk_cg_args", row_args, "nnsn", "SELECT DISTINCT ck, pos, kw, ak FROM lk_cg_args"},
    {"lk_cg_params", row_params, "nnsn",
     "SELECT DISTINCT def_id, pos, kwname, vkey FROM lk_cg_params"},
    {"lk_cg_attrs", row_attrs, "nns", "SELECT DISTINCT nk, ok, attr FROM lk_cg_attrs"},
    {"lk_cg_stores", row_stores, "nsn", "SELECT DISTINCT ok, attr, src FROM lk_cg_stores"},
    {"lk_cg_bases", row_bases, "nnn", "SELECT DISTINCT cls, pos, bk FROM lk_cg_bases"},
    {"lk_cg_members", row_members, "nsn", "SELECT DISTINCT cls, name, vkey FROM lk_cg_members"},
    /* with their flags: 1 live (lk_cg_live), 2 open (lk_cg_open) */
    {"classes", row_classes, "nn",
     "SELECT def_id, (def_id IN (SELECT cls FROM lk_cg_live))::INT + 2 * (def_id IN (SELECT "
     "cls FROM lk_cg_open))::INT FROM lk_cg_defs WHERE kind = 'class' "
     "UNION SELECT box, 0 FROM lk_cg_box_f WHERE box NOT IN (SELECT def_id FROM lk_cg_defs "
     "WHERE kind = 'class')"},
    {"constructors", row_inits, "nnn",
     "SELECT DISTINCT container_def_id, def_id, def_bstart FROM lk_cg_defs "
     "WHERE name = '__init__' AND kind IN ('function', 'async_function') "
     "AND container_def_id IS NOT NULL"},
    {"returns", row_rkeys, "nn", "SELECT DISTINCT def_id, hash('r', def_id) FROM lk_cg_defs"},
    {"lk_cg_mods", row_mods, "s", "SELECT DISTINCT module FROM lk_cg_mods"},
    /* the module variables the module-member rules read and store (lk_cg_mvar) */
    {"module variables", row_mvar, "ssn", "SELECT module, name, vkey FROM lk_cg_mvar"},
};

typedef struct {
    int64_t bs;
    int64_t def_id;
    uint32_t def;
} pt_init;

static int init_cmp(const void *a, const void *b)
{
    const pt_init *x = a, *y = b;
    if (x->bs != y->bs)
        return x->bs < y->bs ? -1 : 1;
    return x->def_id < y->def_id ? -1 : x->def_id > y->def_id;
}

/* Constructors of each class sorted by (start, def id): the first is the class's own. */
static void build_inits(pt *p, pt_load *l)
{
    uint32_t n = l->tmp[0].n;
    pt_init *rows = core_malloc(((size_t)n + 1) * sizeof *rows);
    for (uint32_t i = 0; i < n; i++) {
        uint64_t hi = l->tmp[2].a[2 * i], lo = l->tmp[2].a[2 * i + 1];
        rows[i].bs = (int64_t)(hi << 32 | lo);
        rows[i].def = l->tmp[1].a[i];
        rows[i].def_id = p->num[rows[i].def];
    }
    csr_build(&p->in_by_cls, p->nnums, l->tmp[0].a, n);
    p->in_def.n = 0;
    p->in_bstart = core_malloc(((size_t)n + 1) * sizeof *p->in_bstart);
    pt_init *grp = core_malloc(((size_t)n + 1) * sizeof *grp);
    for (uint32_t c = 0; c < p->in_by_cls.nkeys; c++) {
        uint32_t b, e;
        csr_range(&p->in_by_cls, c, &b, &e);
        for (uint32_t j = b; j < e; j++)
            grp[j - b] = rows[p->in_by_cls.row[j]];
        qsort(grp, e - b, sizeof *grp, init_cmp);
        for (uint32_t j = b; j < e; j++)
            p->in_by_cls.row[j] = j; /* rows are now in_def/in_bstart, in order */
        for (uint32_t j = b; j < e; j++) {
            vec_push(&p->in_def, grp[j - b].def);
            p->in_bstart[j] = grp[j - b].bs;
        }
    }
    core_free(grp);
    core_free(rows);
}

/* Builds the indexes of relation i from the per-row keys the loader collected. */
static void build_index(pt *p, size_t i, pt_load *l)
{
    const char *w = loads[i].what;
    if (strcmp(w, "lk_cg_copy") == 0)
        csr_build(&p->copy_by_src, p->nkeys, l->tmp[0].a, l->tmp[0].n);
    else if (strcmp(w, "lk_cg_calls") == 0)
        csr_build(&p->call_by_fk, p->nkeys, l->tmp[0].a, l->tmp[0].n);
    else if (strcmp(w, "lk_cg_args") == 0) {
        csr_build(&p->arg_by_ck, p->nkeys, p->arg_ck.a, p->arg_ck.n);
        csr_build(&p->arg_by_ak, p->nkeys, p->arg_ak.a, p->arg_ak.n);
    } else if (strcmp(w, "lk_cg_params") == 0)
        csr_build(&p->par_by_def, p->nnums, l->tmp[0].a, l->tmp[0].n);
    else if (strcmp(w, "lk_cg_attrs") == 0)
        csr_build(&p->at_by_ok, p->nkeys, l->tmp[0].a, l->tmp[0].n);
    else if (strcmp(w, "lk_cg_stores") == 0) {
        csr_build(&p->st_by_ok, p->nkeys, p->st_ok.a, p->st_ok.n);
        csr_build(&p->st_by_src, p->nkeys, p->st_src.a, p->st_src.n);
    } else if (strcmp(w, "lk_cg_bases") == 0)
        csr_build(&p->bs_by_bk, p->nkeys, l->tmp[0].a, l->tmp[0].n);
    else if (strcmp(w, "lk_cg_members") == 0)
        csr_build(&p->mem_by_vkey, p->nkeys, l->tmp[0].a, l->tmp[0].n);
    else if (strcmp(w, "constructors") == 0)
        build_inits(p, l);
    else if (strcmp(w, "module variables") == 0) {
        csr_build(&p->mv_by_mp, p->mp_mod.n, p->mv_mp.a, p->mv_mp.n);
        csr_build(&p->mv_by_key, p->nkeys, p->mv_key.a, p->mv_key.n);
    }
}

/* Indexes keyed by key ids are built once every relation is read (keys are interned as they
 * come, so a relation read later may add keys an earlier index must cover): the loader
 * keeps each relation's per-row keys until then. */
static pc_status pt_load_all(pt *p, store *s, pc_err *err)
{
    enum { NL = sizeof loads / sizeof loads[0] };
    pt_load l[NL];
    memset(l, 0, sizeof l);
    pc_status rc = PC_OK;
    for (size_t i = 0; i < NL && rc == PC_OK; i++) {
        l[i].p = p;
        l[i].what = loads[i].what;
        double t0 = clock_now();
        rc = pt_read(s, loads[i].sql, loads[i].cols, loads[i].fn, &l[i], err);
        log_debug("link: points-to read %s in %.2f s (%u keys so far)", loads[i].what,
                  clock_now() - t0, (unsigned)p->nkeys);
        if (rc == PC_OK && p->over)
            rc = pc_fail(err, PC_ERR_LIMIT, "points-to: more than %lld %s reading %s",
                         (long long)p->over_cap, p->over_what, loads[i].what);
    }
    p->dstar = strs_find(&p->str, "**", 2);
    for (size_t i = 0; i < NL && rc == PC_OK; i++)
        build_index(p, i, &l[i]);
    for (size_t i = 0; i < NL; i++)
        for (int j = 0; j < 3; j++)
            vec_free(&l[i].tmp[j]);
    return rc;
}

/* ---- 5. facts ----------------------------------------------------------------------- */

static uint64_t fact(uint32_t k, uint32_t v)
{
    return pair(k, v);
}

static uint32_t fact_key(uint64_t f)
{
    return (uint32_t)(f >> 32);
}

static uint32_t fact_val(uint64_t f)
{
    return (uint32_t)f;
}

static bool fact_has(const pt *p, uint32_t k, uint32_t v)
{
    return set_has(&p->pset, fact(k, v));
}

/* The attribute sites whose object holds value v (at ok) and read attr: rva lists. */
static void rva_add(pt *p, uint32_t v, uint32_t as)
{
    uint32_t attr = p->as_attr.a[as];
    bool added;
    uint32_t r = map_put(&p->rva_map, pair(v, attr), p->nrva, &added);
    if (added) {
        if (p->nrva == p->rvacap) {
            p->rvacap = p->rvacap ? p->rvacap * 2 : 1024;
            p->rva_list = core_realloc(p->rva_list, (size_t)p->rvacap * sizeof *p->rva_list);
        }
        memset(&p->rva_list[p->nrva++], 0, sizeof *p->rva_list);
        vec_push(&p->rva_attr, attr);
        vec_push(&p->val_rv[v], r);
    }
    vec_push(&p->rva_list[r], as);
}

static const pt_vec *rva_get(const pt *p, uint32_t v, uint32_t attr)
{
    uint32_t r = v == PT_NONE ? PT_NONE : map_get(&p->rva_map, pair(v, attr));
    return r == PT_NONE ? NULL : &p->rva_list[r];
}

/* Adds a fact known to be new. */
static void fact_insert(pt *p, uint32_t k, uint32_t v)
{
    set_add(&p->pset, fact(k, v));
    vec_push(&p->facts[k], v);
    p->nfacts++;
    if (p->nfacts >= p->hard_facts)
        over_cap(p, "facts", p->hard_facts);
    if (!recv_kind(p->val_vk[v]) && p->val_vk[v] != 'f') /* f: its attributes (f.x = …) */
        return;
    uint32_t b, e;
    csr_range(&p->at_by_ok, k, &b, &e);
    for (uint32_t j = b; j < e; j++)
        rva_add(p, v, p->at_asite.a[p->at_by_ok.row[j]]);
}

/* A candidate of step 7: kept unless its key is full or it is known. */
static void cand(pt *p, uint32_t k, uint32_t v)
{
    if (k == PT_NONE || v == PT_NONE || p->full[k] || fact_has(p, k, v))
        return;
    if (set_add(&p->cset, fact(k, v))) {
        vec64_push(&p->cand, fact(k, v));
        if (p->nfacts + (int64_t)p->cand.n >= p->hard_facts)
            over_cap(p, "facts", p->hard_facts);
    }
}

/* Every value of key k (P) as a candidate at key h, rewritten: 0 none, 'x' none and no
 * external values, 'b' f → b (a cone member), 'B' f → b when bk is a receiver kind. */
static void cand_all(pt *p, uint32_t h, uint32_t k, char how)
{
    if (k == PT_NONE || h == PT_NONE || k >= p->nkeys || p->full[h] || p->full[k])
        return; /* a full key is a sink: its values go nowhere */
    const pt_vec *fs = &p->facts[k];
    for (uint32_t i = 0; i < fs->n; i++) {
        uint32_t q = fs->a[i];
        char vk = p->val_vk[q];
        if (how == 'x' && vk == 'x')
            continue;
        if ((how == 'b' || how == 'B') && vk == 'f')
            q = val_bound(p, q);
        cand(p, h, q);
    }
}

/* ---- 6. inheritance, MRO and constructors -------------------------------------------- */

static void hier_init(pt *p)
{
    uint32_t n = p->nnums;
    p->hn = n;
    p->inh = core_calloc((size_t)n + 1, sizeof *p->inh);
    p->mro = core_calloc((size_t)n + 1, sizeof *p->mro);
    p->ctor = core_malloc(((size_t)n + 1) * sizeof *p->ctor);
    memset(p->ctor, 0xff, ((size_t)n + 1) * sizeof *p->ctor);
    p->seen = core_calloc((size_t)n + 1, sizeof *p->seen);
    p->lvl = core_calloc((size_t)n + 1, sizeof *p->lvl);
    p->fpof = core_calloc((size_t)n + 1, sizeof *p->fpof);
    p->lpof = core_calloc((size_t)n + 1, sizeof *p->lpof);
    p->ostamp = core_calloc((size_t)n + 1, sizeof *p->ostamp);
    p->odepth = core_calloc((size_t)n + 1, sizeof *p->odepth);
    p->ofp = core_calloc((size_t)n + 1, sizeof *p->ofp);
    p->olp = core_calloc((size_t)n + 1, sizeof *p->olp);
    p->cflag = core_calloc((size_t)n + 1, 1);
    for (uint32_t i = 0; i < p->classes.n; i++)
        if (p->classes.a[i] < n)
            p->cflag[p->classes.a[i]] = (uint8_t)p->class_flags.a[i];
}

static bool is_hnum(const pt *p, uint32_t n)
{
    return n < p->hn;
}

/* May self in C's methods (the cone 'I', super() 's') be an instance of C itself: C live,
 * or open (nothing in its static cone is)? */
static bool self_own(const pt *p, uint32_t cls)
{
    return is_hnum(p, cls) && (p->cflag[cls] & (PT_LIVE | PT_OPEN));
}

/* Does the cone of C take every subclass's override (C open)? */
static bool cone_open(const pt *p, uint32_t cls)
{
    return is_hnum(p, cls) && (p->cflag[cls] & PT_OPEN);
}

/* lk_cg_inh gains (cls, base, pos): true when new. */
static bool inh_add(pt *p, uint32_t cls, uint32_t base, int32_t pos)
{
    if (!is_hnum(p, cls) || !is_hnum(p, base))
        return false;
    pt_vec *v = &p->inh[cls];
    for (uint32_t i = 0; i < v->n; i += 2)
        if (v->a[i] == base && (int32_t)v->a[i + 1] == pos)
            return false;
    vec_push(v, base);
    vec_push(v, (uint32_t)pos);
    return true;
}

static int mrow_cmp(const void *a, const void *b)
{
    const pt_mrow *x = a, *y = b;
    if (x->depth != y->depth)
        return x->depth < y->depth ? -1 : 1;
    if (x->fp != y->fp)
        return x->fp < y->fp ? -1 : 1;
    if (x->lp != y->lp)
        return x->lp < y->lp ? -1 : 1;
    return x->anc_id < y->anc_id ? -1 : x->anc_id > y->anc_id;
}

static void mlist_push(pt_mlist *l, pt_mrow r)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        l->a = core_realloc(l->a, (size_t)l->cap * sizeof *l->a);
    }
    l->a[l->n++] = r;
}

/* link_c3's view of lk_cg_inh: the (base, pos) pairs of a class. */
static void c3_bases(void *ud, uint32_t cls, const uint32_t **pairs, uint32_t *n)
{
    const pt *p = ud;
    *pairs = p->inh[cls].a;
    *n = p->inh[cls].n;
}

/* The MRO rows of cls into out, sorted by rank: the exact C3 order where link_c3 decides it
 * (lk_cg_c3: depth the position in the MRO; a class Python refuses has itself only), else
 * the recursive CTE of lk_cg_mro1 grouped by ancestor (depth, first-base position,
 * last-base position, ancestor id). */
static void mro_one(pt *p, link_c3 *c3, uint32_t cls, pt_mlist *out, pt_vec *front, pt_vec *next)
{
    const uint32_t *lin;
    uint32_t ln;
    out->n = 0;
    link_c3_status cs = link_c3_get(c3, cls, &lin, &ln);
    if (cs != LINK_C3_OPEN) {
        for (uint32_t i = 0; i < (cs == LINK_C3_OK ? ln : 1); i++) {
            uint32_t a = cs == LINK_C3_OK ? lin[i] : cls;
            mlist_push(out, (pt_mrow){p->num[a], a, (int32_t)i, 0, 0});
        }
        return;
    }
    uint32_t st = ++p->stamp;
    front->n = 0;
    p->seen[cls] = st;
    p->lvl[cls] = 0;
    p->fpof[cls] = 0;
    p->lpof[cls] = 0;
    mlist_push(out, (pt_mrow){p->num[cls], cls, 0, 0, 0});
    vec_push(front, cls);
    for (uint32_t d = 0; d < PT_MRO_DEPTH && front->n; d++) {
        next->n = 0;
        for (uint32_t i = 0; i < front->n; i++) {
            uint32_t u = front->a[i];
            const pt_vec *in = &p->inh[u];
            for (uint32_t j = 0; j < in->n; j += 2) {
                uint32_t b = in->a[j];
                uint32_t fp = d == 0 ? in->a[j + 1] : p->fpof[u], lp = in->a[j + 1];
                if (p->seen[b] != st) {
                    p->seen[b] = st;
                    p->lvl[b] = d + 1;
                    p->fpof[b] = fp;
                    p->lpof[b] = lp;
                    vec_push(next, b);
                } else if (p->lvl[b] == d + 1 &&
                           ((int32_t)fp < (int32_t)p->fpof[b] ||
                            (fp == p->fpof[b] && (int32_t)lp < (int32_t)p->lpof[b]))) {
                    p->fpof[b] = fp;
                    p->lpof[b] = lp;
                }
            }
        }
        for (uint32_t i = 0; i < next->n; i++) {
            uint32_t b = next->a[i];
            mlist_push(out, (pt_mrow){p->num[b], b, (int32_t)d + 1, (int32_t)p->fpof[b],
                                      (int32_t)p->lpof[b]});
        }
        pt_vec t = *front;
        *front = *next;
        *next = t;
    }
    qsort(out->a, out->n, sizeof *out->a, mrow_cmp);
}

/* Appends to dmro the rows of nw that old does not have (new ancestors, new ranks). */
static void mro_diff(pt *p, uint32_t cls, const pt_mlist *old, const pt_mlist *nw)
{
    uint32_t st = ++p->stamp;
    for (uint32_t i = 0; i < old->n; i++) {
        p->ostamp[old->a[i].anc] = st;
        p->odepth[old->a[i].anc] = old->a[i].depth;
        p->ofp[old->a[i].anc] = old->a[i].fp;
        p->olp[old->a[i].anc] = old->a[i].lp;
    }
    for (uint32_t i = 0; i < nw->n; i++) {
        const pt_mrow *r = &nw->a[i];
        if (p->ostamp[r->anc] == st && p->odepth[r->anc] == r->depth && p->ofp[r->anc] == r->fp &&
            p->olp[r->anc] == r->lp)
            continue;
        vec_push(&p->dmro, cls);
        vec_push(&p->dmro, r->anc);
        vec_push(&p->dmro, (uint32_t)r->depth);
    }
}

/* The first __init__ along the MRO (lk_cg_ctor1): PT_NONE when no class of it has one. */
static uint32_t ctor_of(const pt *p, uint32_t cls)
{
    const pt_mlist *m = &p->mro[cls];
    for (uint32_t i = 0; i < m->n; i++) {
        uint32_t b, e;
        csr_range(&p->in_by_cls, m->a[i].anc, &b, &e);
        if (b < e)
            return p->in_def.a[p->in_by_cls.row[b]];
    }
    return PT_NONE;
}

/* Statements 3 of a round: lk_cg_mro1, lk_cg_dmro, lk_cg_mro, lk_cg_ctor1/dctor/ctor. */
static void hier_update(pt *p)
{
    pt_vec front = {0}, next = {0};
    pt_mlist nw = {0};
    p->ma_cls.n = p->ma_depth.n = 0;
    pt_vec anc = {0};
    link_c3 *c3 = link_c3_new(p->hn, c3_bases, p);
    for (uint32_t i = 0; i < p->classes.n; i++) {
        uint32_t c = p->classes.a[i];
        if (!is_hnum(p, c))
            continue;
        mro_one(p, c3, c, &nw, &front, &next);
        mro_diff(p, c, &p->mro[c], &nw);
        pt_mlist t = p->mro[c];
        p->mro[c] = nw;
        nw = t;
    }
    link_c3_free(c3);
    for (uint32_t i = 0; i < p->classes.n; i++) {
        uint32_t c = p->classes.a[i];
        if (!is_hnum(p, c))
            continue;
        for (uint32_t j = 0; j < p->mro[c].n; j++) {
            vec_push(&anc, p->mro[c].a[j].anc);
            vec_push(&p->ma_cls, c);
            vec_push(&p->ma_depth, (uint32_t)p->mro[c].a[j].depth);
        }
        uint32_t init = ctor_of(p, c);
        if (init != p->ctor[c] && init != PT_NONE) {
            vec_push(&p->dctor, c);
            vec_push(&p->dctor, init);
        }
        p->ctor[c] = init;
    }
    csr_free(&p->mro_by_anc);
    csr_build(&p->mro_by_anc, p->hn, anc.a, anc.n);
    vec_free(&anc);
    vec_free(&front);
    vec_free(&next);
    core_free(nw.a);
}

/* ---- 7. a round ---------------------------------------------------------------------- */

/* 2. widening: keys of the delta holding max_values facts join the full set (sinks). */
static void step_widen(pt *p)
{
    for (size_t i = 0; i < p->delta.n; i++) {
        uint32_t k = fact_key(p->delta.a[i]);
        if (!p->full[k] && p->facts[k].n >= p->caps->max_values)
            p->full[k] = 1;
    }
}

/* 1. the seed's closure over the copy edges, minus what was known: the delta. The first
 * round's seed is the base, already known: its delta is every fact (lk_cg_first). A key the
 * closure would grow past max_set facts is blocked: it takes none of the round's new facts
 * (seed or copy), joins the full keys (full = 2), and the closure is taken again without it
 * until no key is over. Blocking only shrinks the closure, so this ends, and the blocked keys
 * are a function of the facts and the seed (not of any order). The new facts are tentative
 * (in tset) until then. */
static void close_try(pt *p, bool first, pt_set *tset, pt_vec64 *work, uint32_t *grow,
                      pt_vec *touched)
{
    p->delta.n = 0;
    work->n = 0;
    for (size_t i = 0; i < p->seed.n; i++) {
        uint64_t f = p->seed.a[i];
        uint32_t k = fact_key(f);
        if (!fact_has(p, k, fact_val(f))) {
            if (p->full[k] == 2 || !set_add(tset, f))
                continue;
            vec64_push(&p->delta, f);
            if (!grow[k]++)
                vec_push(touched, k);
        } else if (first) {
            vec64_push(&p->delta, f);
        }
        vec64_push(work, f);
    }
    while (work->n) {
        uint64_t f = work->a[--work->n];
        uint32_t k = fact_key(f), v = fact_val(f), b, e;
        if (p->full[k]) /* a full key is a sink: its values go no further by copy */
            continue;
        csr_range(&p->copy_by_src, k, &b, &e);
        for (uint32_t j = b; j < e; j++) {
            uint32_t dst = p->copy_dst.a[p->copy_by_src.row[j]];
            if (p->full[dst] || fact_has(p, dst, v) || !set_add(tset, fact(dst, v)))
                continue;
            vec64_push(&p->delta, fact(dst, v));
            vec64_push(work, fact(dst, v));
            if (!grow[dst]++)
                vec_push(touched, dst);
        }
    }
}

static void step_close(pt *p, bool first)
{
    pt_vec64 work = {0};
    pt_set tset = {0};
    pt_vec touched = {0};
    uint32_t *grow = core_calloc((size_t)p->nkeys + 1, sizeof *grow);
    for (;;) {
        set_clear(&tset);
        close_try(p, first, &tset, &work, grow, &touched);
        bool over = false;
        for (uint32_t i = 0; i < touched.n; i++) {
            uint32_t k = touched.a[i];
            if ((uint64_t)p->facts[k].n + grow[k] > p->caps->max_set) {
                p->full[k] = 2;
                over = true;
            }
            grow[k] = 0;
        }
        touched.n = 0;
        if (!over)
            break;
    }
    for (size_t i = 0; i < p->delta.n; i++) {
        uint64_t f = p->delta.a[i];
        if (!fact_has(p, fact_key(f), fact_val(f)))
            fact_insert(p, fact_key(f), fact_val(f));
    }
    for (uint32_t k = 0; k < p->nkeys; k++) /* blocked keys are full from now on */
        if (p->full[k] == 2)
            p->full[k] = 1;
    core_free(grow);
    core_free(work.a);
    core_free(tset.k);
    vec_free(&touched);
}

/* 3. inheritance from the delta's class facts at base expressions; the MRO and the
 * constructors when it changed (always in the first round: they start empty). */
static void step_hier(pt *p, bool first)
{
    bool changed = first;
    p->dmro.n = p->dctor.n = 0;
    for (size_t i = 0; i < p->delta.n; i++) {
        uint32_t k = fact_key(p->delta.a[i]), v = fact_val(p->delta.a[i]), b, e;
        if (p->val_vk[v] != 'c')
            continue;
        csr_range(&p->bs_by_bk, k, &b, &e);
        for (uint32_t j = b; j < e; j++) {
            uint32_t r = p->bs_by_bk.row[j];
            if (inh_add(p, p->bs_cls.a[r], p->val_num[v], (int32_t)p->bs_pos.a[r]))
                changed = true;
        }
    }
    if (changed)
        hier_update(p);
}

static void tgt_push(pt *p, uint32_t ck, uint32_t def, uint32_t off, uint32_t ctor)
{
    vec_push(&p->dtgt, ck);
    vec_push(&p->dtgt, def);
    vec_push(&p->dtgt, off);
    vec_push(&p->dtgt, ctor);
}

/* 4. call targets: dccls, ccls, dtgt, tfb. */
static void step_targets(pt *p)
{
    p->dccls.n = p->dtgt.n = 0;
    for (size_t i = 0; i < p->delta.n; i++) {
        uint32_t k = fact_key(p->delta.a[i]), v = fact_val(p->delta.a[i]), b, e;
        char vk = p->val_vk[v];
        uint32_t def = p->val_num[v];
        if ((vk != 'c' && vk != 'f' && vk != 'b') || def == PT_NONE)
            continue;
        csr_range(&p->call_by_fk, k, &b, &e);
        for (uint32_t j = b; j < e; j++) {
            uint32_t ck = p->call_ck.a[p->call_by_fk.row[j]];
            if (vk == 'c') {
                vec_push(&p->dccls, ck);
                vec_push(&p->dccls, def);
                if (set_add(&p->ccls_set, pair(ck, def))) {
                    mm_push(&p->ccls_by_ck, ck, def);
                    mm_push(&p->ccls_by_cls, def, ck);
                }
            } else {
                tgt_push(p, ck, def, vk == 'b', 0);
            }
        }
    }
    for (uint32_t i = 0; i < p->dccls.n; i += 2) {
        uint32_t cls = p->dccls.a[i + 1];
        if (is_hnum(p, cls) && p->ctor[cls] != PT_NONE)
            tgt_push(p, p->dccls.a[i], p->ctor[cls], 1, 1);
    }
    for (uint32_t i = 0; i < p->dctor.n; i += 2) {
        const pt_vec *cks = mm_get(&p->ccls_by_cls, p->dctor.a[i]);
        for (uint32_t j = 0; cks && j < cks->n; j++)
            tgt_push(p, cks->a[j], p->dctor.a[i + 1], 1, 1);
    }
    for (uint32_t i = 0; i < p->dtgt.n; i += 4) {
        uint32_t ck = p->dtgt.a[i], def = p->dtgt.a[i + 1], off = p->dtgt.a[i + 2];
        if (p->dtgt.a[i + 3] || !set_add(&p->tfb_set, pair(ck, def << 1 | off)))
            continue;
        mm_push(&p->tfb_by_ck, ck, def << 1 | off);
        mm_push(&p->tfb_by_def, def, ck);
    }
}

static void wg_add(pt *p, uint32_t as, uint32_t v)
{
    bool added;
    if (p->g_asite.n >= PT_ID_MAX) {
        over(p, "member lookups");
        return;
    }
    uint32_t g = map_put(&p->gmap, pair(as, v), p->g_asite.n, &added);
    if (added) {
        vec_push(&p->g_asite, as);
        vec_push(&p->g_vid, v);
        vec_push(&p->g_win, PT_NONE);
        vec_push(&p->g_stamp, 0);
    }
    if (p->g_stamp.a[g] != p->gstamp) {
        p->g_stamp.a[g] = p->gstamp;
        vec_push(&p->wg, g);
    }
}

/* The member attr of receiver value v: the class of least rank along v's MRO (after the
 * class itself for super(); for 'S' C/S along S's MRO after C, for 'J' C/S along S's MRO)
 * whose body binds attr; its key, or PT_NONE. */
static uint32_t winner(const pt *p, uint32_t v, uint32_t attr)
{
    uint32_t cls = p->val_num[v];
    if (!is_hnum(p, cls))
        return PT_NONE;
    if ((p->val_vk[v] == 'I' || p->val_vk[v] == 's') && !self_own(p, cls))
        return PT_NONE;
    const pt_mlist *m = &p->mro[cls];
    uint32_t after = p->val_vk[v] == 'S' ? map_get(&p->sup_of, v) : PT_NONE;
    for (uint32_t i = 0; i < m->n; i++) {
        if (p->val_vk[v] == 's' && m->a[i].depth == 0)
            continue;
        if (after != PT_NONE) {
            if (m->a[i].anc == after)
                after = PT_NONE;
            continue;
        }
        uint32_t k = map_get(&p->mem, pair(m->a[i].anc, attr));
        if (k != PT_NONE)
            return k;
    }
    return PT_NONE;
}

static const char recv_kinds[] = {'c', 'i', 'I', 's'};

/* Does a class of S's MRO have a second base (lk_cg_inh pos > 0)? The cone of an ancestor
 * C of S then looks members up along S's MRO too ('J'). */
static bool mixed(const pt *p, uint32_t sub)
{
    if (is_hnum(p, sub) && (p->cflag[sub] & PT_LIVE))
        return true; /* and along the MRO of every live subclass */
    for (uint32_t y = 0; y < p->mro[sub].n; y++) {
        const pt_vec *in = &p->inh[p->mro[sub].a[y].anc];
        for (uint32_t j = 0; j < in->n; j += 2)
            if ((int32_t)in->a[j + 1] > 0)
                return true;
    }
    return false;
}

/* 5. member winners of the groups with a new receiver fact or a changed MRO (wg, dwin). */
static void step_winners(pt *p)
{
    p->wg.n = p->dwin.n = 0;
    p->gstamp++;
    for (size_t i = 0; i < p->delta.n; i++) {
        uint32_t k = fact_key(p->delta.a[i]), v = fact_val(p->delta.a[i]), b, e;
        char vk = p->val_vk[v];
        if (!recv_kind(vk) || vk == 'M')
            continue;
        csr_range(&p->at_by_ok, k, &b, &e);
        for (uint32_t j = b; j < e; j++)
            wg_add(p, p->at_asite.a[p->at_by_ok.row[j]], v);
        /* super() in C, the cone of C: also along the MRO of every subclass of C (for the
         * cone, of those with a second base somewhere in their MRO) */
        uint32_t c = p->val_num[v], cb, ce;
        if ((vk != 's' && vk != 'I') || !is_hnum(p, c))
            continue;
        csr_range(&p->mro_by_anc, c, &cb, &ce);
        for (uint32_t x = cb; x < ce; x++) {
            uint32_t r = p->mro_by_anc.row[x], sub = p->ma_cls.a[r];
            if (p->ma_depth.a[r] == 0 || (vk == 'I' && !mixed(p, sub)))
                continue;
            uint32_t sv = val_super_in(p, vk == 's' ? 'S' : 'J', c, sub);
            for (uint32_t j = b; sv != PT_NONE && j < e; j++)
                wg_add(p, p->at_asite.a[p->at_by_ok.row[j]], sv);
        }
    }
    /* a subclass S whose MRO changed: the super() and cone groups of its ancestors on S */
    uint32_t sst = ++p->stamp;
    for (uint32_t i = 0; i < p->dmro.n; i += 3) {
        uint32_t sub = p->dmro.a[i];
        if (p->seen[sub] == sst)
            continue;
        p->seen[sub] = sst;
        for (uint32_t y = 0; y < p->mro[sub].n; y++) {
            if (p->mro[sub].a[y].depth == 0)
                continue;
            uint32_t c = p->mro[sub].a[y].anc;
            for (int t = 0; t < 2; t++) {
                if (t == 1 && !mixed(p, sub))
                    break;
                uint32_t v = val_of_num(p, t == 0 ? 's' : 'I', c);
                for (uint32_t r = 0; v != PT_NONE && r < p->val_rv[v].n; r++) {
                    const pt_vec *as = &p->rva_list[p->val_rv[v].a[r]];
                    uint32_t sv = val_super_in(p, t == 0 ? 'S' : 'J', c, sub);
                    for (uint32_t j = 0; sv != PT_NONE && j < as->n; j++)
                        wg_add(p, as->a[j], sv);
                }
            }
        }
    }
    uint32_t st = ++p->stamp;
    for (uint32_t i = 0; i < p->dmro.n; i += 3) {
        uint32_t cls = p->dmro.a[i];
        if (p->seen[cls] == st)
            continue;
        p->seen[cls] = st;
        for (size_t x = 0; x < sizeof recv_kinds; x++) {
            uint32_t v = val_of_num(p, recv_kinds[x], cls);
            for (uint32_t r = 0; v != PT_NONE && r < p->val_rv[v].n; r++) {
                const pt_vec *as = &p->rva_list[p->val_rv[v].a[r]];
                for (uint32_t j = 0; j < as->n; j++)
                    wg_add(p, as->a[j], v);
            }
        }
    }
    for (uint32_t i = 0; i < p->wg.n; i++) {
        uint32_t g = p->wg.a[i];
        uint32_t w = winner(p, p->g_vid.a[g], p->as_attr.a[p->g_asite.a[g]]);
        if (w != PT_NONE) {
            vec_push(&p->dwin, g);
            if (w != p->g_win.a[g])
                mm_push(&p->win_rev, w, g);
        }
        p->g_win.a[g] = w;
    }
}

/* CG_BIND: a function read through an instance, a cone or super() is bound. */
static uint32_t bind(pt *p, uint32_t q, uint32_t recv)
{
    char bk = p->val_vk[recv];
    if (p->val_vk[q] == 'f' && (bk == 'i' || bk == 'I' || bk == 's' || bk == 'S' || bk == 'J'))
        return val_bound(p, q);
    return q;
}

static uint32_t cone(pt *p, uint32_t q)
{
    return p->val_vk[q] == 'f' ? val_bound(p, q) : q;
}

/* cand for every site of list as (attribute sites) with value q */
static void cand_sites(pt *p, const pt_vec *as, uint32_t q)
{
    for (uint32_t j = 0; as && j < as->n; j++)
        cand(p, p->as_nk.a[as->a[j]], q);
}

/* The rules driven by a delta fact (p ∈ D) at an attribute's object: module member or
 * submodule, external attribute, cone members, instance fields. */
static void rules_recv(pt *p, uint32_t ok, uint32_t v)
{
    char vk = p->val_vk[v];
    uint32_t b, e, cls = p->val_num[v];
    csr_range(&p->at_by_ok, ok, &b, &e);
    for (uint32_t j = b; j < e; j++) {
        uint32_t as = p->at_asite.a[p->at_by_ok.row[j]];
        uint32_t nk = p->as_nk.a[as], attr = p->as_attr.a[as];
        if (p->full[nk])
            continue;
        const char *ms = p->str.s[p->val_sid[v]];
        size_t ml = p->str.len[p->val_sid[v]], al = p->str.len[attr];
        if (vk == 'M' || vk == 'x') {
            char *cat = core_malloc(ml + al + 2);
            memcpy(cat, ms, ml);
            cat[ml] = '.';
            memcpy(cat + ml + 1, p->str.s[attr], al);
            if (vk == 'M') { /* submodule */
                uint32_t sid = strs_find(&p->str, cat, ml + al + 1);
                if (sid != PT_NONE && map_get(&p->mods, sid) != PT_NONE)
                    cand(p, nk, val_intern(p, 'M', sid));
            } else { /* an external name's attribute, up to 8 dots */
                size_t dots = 0;
                for (size_t i = 0; i < ml; i++)
                    dots += ms[i] == '.';
                if (dots < 8)
                    cand(p, nk, val_intern(p, 'x', str_id(p, cat, ml + al + 1)));
            }
            core_free(cat);
        }
        if (vk == 'M') { /* member: the module's variable */
            uint32_t mp = map_get(&p->mpair, pair(p->val_sid[v], attr)), mb, me;
            csr_range(&p->mv_by_mp, mp == PT_NONE ? UINT32_MAX : mp, &mb, &me);
            for (uint32_t x = mb; x < me; x++)
                cand_all(p, nk, p->mv_key.a[p->mv_by_mp.row[x]], 0);
        }
        if (vk == 'f' && is_hnum(p, cls)) { /* an attribute stored on the function */
            cand_all(p, nk, fld_key(p, cls, attr, false), 0);
            continue;
        }
        if (!is_hnum(p, cls) || (vk != 'i' && vk != 'I'))
            continue;
        /* fields stored by any class of the MRO */
        for (uint32_t x = 0; x < p->mro[cls].n; x++)
            cand_all(p, nk, fld_key(p, p->mro[cls].a[x].anc, attr, false), 0);
        if (vk != 'I')
            continue;
        /* on a cone: members and fields of every subclass */
        uint32_t cb, ce;
        csr_range(&p->mro_by_anc, cls, &cb, &ce);
        for (uint32_t x = cb; x < ce; x++) {
            uint32_t r = p->mro_by_anc.row[x], sub = p->ma_cls.a[r];
            if (p->ma_depth.a[r] == 0)
                continue;
            if (cone_open(p, cls))
                cand_all(p, nk, map_get(&p->mem, pair(sub, attr)), 'b');
            cand_all(p, nk, fld_key(p, sub, attr, false), 0);
        }
    }
}

/* o.attr = value with a new receiver (i, I) at o: the class's field gets the value. */
static void rules_store_recv(pt *p, uint32_t ok, uint32_t v)
{
    uint32_t b, e, cls = p->val_num[v];
    if (cls == PT_NONE)
        return;
    csr_range(&p->st_by_ok, ok, &b, &e);
    for (uint32_t j = b; j < e; j++) {
        uint32_t r = p->st_by_ok.row[j];
        if (p->st_attr.a[r] == PT_NONE)
            continue;
        uint32_t src = p->st_src.a[r];
        if (src >= p->nkeys || p->facts[src].n == 0)
            continue;
        cand_all(p, fld_key(p, cls, p->st_attr.a[r], true), src, 'x');
    }
}

/* m.attr = value with a new module value at m: the module's variable gets the value. */
static void rules_store_module(pt *p, uint32_t ok, uint32_t v)
{
    uint32_t b, e;
    csr_range(&p->st_by_ok, ok, &b, &e);
    for (uint32_t j = b; j < e; j++) {
        uint32_t r = p->st_by_ok.row[j];
        if (p->st_attr.a[r] == PT_NONE)
            continue;
        uint32_t mp = map_get(&p->mpair, pair(p->val_sid[v], p->st_attr.a[r])), mb, me;
        csr_range(&p->mv_by_mp, mp == PT_NONE ? UINT32_MAX : mp, &mb, &me);
        for (uint32_t x = mb; x < me; x++)
            cand_all(p, p->mv_key.a[p->mv_by_mp.row[x]], p->st_src.a[r], 'x');
    }
}

/* Do argument row a and parameter row r match for a target with offset off? */
/* Positions: a parameter's pos <= PT_VARARG is *args (it takes the positions from
 * PT_VARARG - pos on), an argument's pos <= PT_SPREAD is spread (f(*xs) and what follows it:
 * every position from PT_SPREAD - pos on). Keywords: "**" on a parameter is **kwargs (every
 * keyword), on an argument f(**m) (every named parameter). ARG_MATCHES of link_calls.c. */
static bool arg_matches(const pt *p, uint32_t a, uint32_t r, uint32_t off)
{
    uint32_t kw = p->arg_kw.a[a], pk = p->par_kw.a[r];
    if (kw == PT_NONE) {
        int32_t ap = (int32_t)p->arg_pos.a[a], pp = (int32_t)p->par_pos.a[r];
        if (ap == PT_NULL_POS || pp == PT_NULL_POS)
            return false;
        if (ap <= PT_SPREAD)
            return pp <= PT_VARARG || (int64_t)pp >= (int64_t)PT_SPREAD - ap + off;
        if (pp <= PT_VARARG)
            return (int64_t)ap + off >= (int64_t)PT_VARARG - pp;
        return (int64_t)pp == (int64_t)ap + off;
    }
    if (pk == PT_NONE)
        return false;
    return pk == kw || pk == p->dstar || kw == p->dstar;
}

/* The value q of argument a flows into the matching parameters of target (def, off). */
static void arg_to_params(pt *p, uint32_t a, uint32_t def, uint32_t off, uint32_t q)
{
    uint32_t b, e;
    csr_range(&p->par_by_def, def, &b, &e);
    for (uint32_t j = b; j < e; j++) {
        uint32_t r = p->par_by_def.row[j];
        if (arg_matches(p, a, r, off))
            cand(p, p->par_vkey.a[r], q);
    }
}

/* The rules driven by a delta fact q at key k that is read (q ∈ D in the last place). */
static void rules_read(pt *p, uint32_t k, uint32_t q)
{
    char vk = p->val_vk[q];
    uint32_t b, e;
    if (p->full[k]) /* a full key is a sink: its values go nowhere */
        return;
    /* a module's variable read as module.attr */
    csr_range(&p->mv_by_key, k, &b, &e);
    for (uint32_t j = b; j < e; j++) {
        uint32_t mp = p->mv_mp.a[p->mv_by_key.row[j]];
        uint32_t mv = val_find(p, 'M', p->mp_mod.a[mp]);
        cand_sites(p, rva_get(p, mv, p->mp_attr.a[mp]), q);
    }
    /* the member winner of a lookup */
    const pt_vec *gs = mm_get(&p->win_rev, k);
    for (uint32_t j = 0; gs && j < gs->n; j++) {
        uint32_t g = gs->a[j];
        if (p->g_win.a[g] == k)
            cand(p, p->as_nk.a[p->g_asite.a[g]], bind(p, q, p->g_vid.a[g]));
    }
    /* a member of subclass X read on the cone of an ancestor C of X */
    csr_range(&p->mem_by_vkey, k, &b, &e);
    for (uint32_t j = b; j < e; j++) {
        uint32_t r = p->mem_by_vkey.row[j], x = p->mem_cls.a[r], attr = p->mem_name.a[r];
        for (uint32_t i = 0; is_hnum(p, x) && i < p->mro[x].n; i++)
            if (p->mro[x].a[i].depth > 0 && cone_open(p, p->mro[x].a[i].anc))
                cand_sites(p, rva_get(p, val_of_num(p, 'I', p->mro[x].a[i].anc), attr), cone(p, q));
    }
    uint32_t fc, fattr;
    if (key_fld(p, k, &fc, &fattr) && is_hnum(p, fc)) {
        /* a field of A read on an instance (or cone) of a class C with A in its MRO */
        csr_range(&p->mro_by_anc, fc, &b, &e);
        for (uint32_t j = b; j < e; j++) {
            uint32_t c = p->ma_cls.a[p->mro_by_anc.row[j]];
            cand_sites(p, rva_get(p, val_of_num(p, 'i', c), fattr), q);
            cand_sites(p, rva_get(p, val_of_num(p, 'I', c), fattr), q);
        }
        /* an attribute of function X read on X */
        cand_sites(p, rva_get(p, val_of_num(p, 'f', fc), fattr), q);
        /* a field of X read on the cone of an ancestor of X */
        for (uint32_t i = 0; i < p->mro[fc].n; i++)
            if (p->mro[fc].a[i].depth > 0)
                cand_sites(p, rva_get(p, val_of_num(p, 'I', p->mro[fc].a[i].anc), fattr), q);
    }
    if (vk == 'x')
        return;
    /* o.attr = value: the value is new */
    csr_range(&p->st_by_src, k, &b, &e);
    for (uint32_t j = b; j < e; j++) {
        uint32_t r = p->st_by_src.row[j], okk = p->st_ok.a[r], attr = p->st_attr.a[r];
        for (uint32_t i = 0; attr != PT_NONE && i < p->facts[okk].n; i++) {
            uint32_t o = p->facts[okk].a[i];
            char ovk = p->val_vk[o];
            if ((ovk == 'i' || ovk == 'I' || ovk == 'f') && p->val_num[o] != PT_NONE)
                cand(p, fld_key(p, p->val_num[o], attr, true), q);
            if (p->val_vk[o] == 'M') { /* a module's variable */
                uint32_t mp = map_get(&p->mpair, pair(p->val_sid[o], attr)), mb, me;
                csr_range(&p->mv_by_mp, mp == PT_NONE ? UINT32_MAX : mp, &mb, &me);
                for (uint32_t x = mb; x < me; x++)
                    cand(p, p->mv_key.a[p->mv_by_mp.row[x]], q);
            }
        }
    }
    /* a return value of a function target */
    uint32_t def = map_get(&p->rdef, k);
    const pt_vec *cks = def == PT_NONE ? NULL : mm_get(&p->tfb_by_def, def);
    for (uint32_t j = 0; cks && j < cks->n; j++)
        cand(p, cks->a[j], q);
    /* an argument of a call with targets */
    csr_range(&p->arg_by_ak, k, &b, &e);
    for (uint32_t j = b; j < e; j++) {
        uint32_t a = p->arg_by_ak.row[j], ck = p->arg_ck.a[a];
        const pt_vec *t = mm_get(&p->tfb_by_ck, ck);
        for (uint32_t i = 0; t && i < t->n; i++)
            arg_to_params(p, a, t->a[i] >> 1, t->a[i] & 1, q);
        const pt_vec *cc = mm_get(&p->ccls_by_ck, ck);
        for (uint32_t i = 0; cc && i < cc->n; i++)
            if (is_hnum(p, cc->a[i]) && p->ctor[cc->a[i]] != PT_NONE)
                arg_to_params(p, a, p->ctor[cc->a[i]], 1, q);
    }
}

/* Rules driven by a changed MRO row (cls X, ancestor C, depth) with the facts in full. */
static void rules_dmro(pt *p, uint32_t x, uint32_t c, uint32_t depth)
{
    static const char fld_kinds[] = {'i', 'I'};
    for (size_t t = 0; t < sizeof fld_kinds; t++) {
        /* fields of C read on an instance or cone of X */
        uint32_t v = val_of_num(p, fld_kinds[t], x);
        for (uint32_t r = 0; v != PT_NONE && r < p->val_rv[v].n; r++) {
            uint32_t rid = p->val_rv[v].a[r];
            uint32_t fk = fld_key(p, c, p->rva_attr.a[rid], false);
            if (fk == PT_NONE || p->facts[fk].n == 0)
                continue;
            const pt_vec *as = &p->rva_list[rid];
            for (uint32_t j = 0; j < as->n; j++)
                cand_all(p, p->as_nk.a[as->a[j]], fk, 0);
        }
    }
    if (depth == 0)
        return;
    /* members and fields of subclass X read on the cone of C */
    uint32_t v = val_of_num(p, 'I', c);
    for (uint32_t r = 0; v != PT_NONE && r < p->val_rv[v].n; r++) {
        uint32_t rid = p->val_rv[v].a[r], attr = p->rva_attr.a[rid];
        uint32_t mk = map_get(&p->mem, pair(x, attr)), fk = fld_key(p, x, attr, false);
        const pt_vec *as = &p->rva_list[rid];
        for (uint32_t j = 0; j < as->n; j++) {
            if (cone_open(p, c))
                cand_all(p, p->as_nk.a[as->a[j]], mk, 'b');
            cand_all(p, p->as_nk.a[as->a[j]], fk, 0);
        }
    }
}

/* 6 and 7: every dynamic rule once per recursive input; the candidates minus full keys minus
 * the known facts become the next seed. */
static void step_rules(pt *p)
{
    p->cand.n = 0;
    set_clear(&p->cset);
    for (size_t i = 0; i < p->delta.n && !p->over; i++) {
        uint32_t k = fact_key(p->delta.a[i]), v = fact_val(p->delta.a[i]);
        char vk = p->val_vk[v];
        if (vk == 'M' || vk == 'x' || vk == 'i' || vk == 'I' || vk == 'f')
            rules_recv(p, k, v);
        if (vk == 'i' || vk == 'I' || vk == 'f')
            rules_store_recv(p, k, v);
        if (vk == 'M')
            rules_store_module(p, k, v);
        if (vk == 'c') { /* a class call gives an instance */
            uint32_t b, e;
            csr_range(&p->call_by_fk, k, &b, &e);
            for (uint32_t j = b; j < e; j++)
                cand(p, p->call_ck.a[p->call_by_fk.row[j]], val_inst(p, v));
        }
        rules_read(p, k, v);
    }
    /* a new member winner: its values */
    for (uint32_t i = 0; i < p->dwin.n; i++) {
        uint32_t g = p->dwin.a[i], nk = p->as_nk.a[p->g_asite.a[g]];
        if (p->full[p->g_win.a[g]])
            continue; /* a sink */
        const pt_vec *fs = &p->facts[p->g_win.a[g]];
        for (uint32_t j = 0; j < fs->n; j++)
            cand(p, nk, bind(p, fs->a[j], p->g_vid.a[g]));
    }
    for (uint32_t i = 0; i < p->dmro.n; i += 3)
        rules_dmro(p, p->dmro.a[i], p->dmro.a[i + 1], p->dmro.a[i + 2]);
    /* new targets: the callee's return (functions), arguments into parameters (all) */
    for (uint32_t i = 0; i < p->dtgt.n; i += 4) {
        uint32_t ck = p->dtgt.a[i], def = p->dtgt.a[i + 1], off = p->dtgt.a[i + 2], b, e;
        if (!p->dtgt.a[i + 3])
            cand_all(p, ck, map_get(&p->rkey, def), 'x');
        csr_range(&p->arg_by_ck, ck, &b, &e);
        for (uint32_t j = b; j < e; j++) {
            uint32_t a = p->arg_by_ck.row[j], ak = p->arg_ak.a[a];
            if (p->full[ak])
                continue; /* a sink */
            const pt_vec *fs = &p->facts[ak];
            for (uint32_t x = 0; x < fs->n; x++)
                if (p->val_vk[fs->a[x]] != 'x')
                    arg_to_params(p, a, def, off, fs->a[x]);
        }
    }
    pt_vec64 t = p->seed;
    p->seed = p->cand;
    p->cand = t;
}

/* ---- 8. writing back ----------------------------------------------------------------- */

/* lk_cg_pt(k, vk, v) from the facts: the values and the facts cross as tables
 * (store_table_from_columns), joined by SQL; the instance-field keys, which exist only here,
 * get their hash('fld', class, attr) there. pt_columns copies them out of the state, which is
 * freed before pt_write hands them to DuckDB (the two would otherwise peak together). */
static void pt_columns(const pt *p, store_columns *vals, store_columns *facts)
{
    static const store_col_type vt[] = {STORE_COL_I64, STORE_COL_STR, STORE_COL_STR},
                                ft[] = {STORE_COL_U64, STORE_COL_I64, STORE_COL_STR, STORE_COL_I64};
    store_columns_init(vals, 3, vt);
    store_columns_init(facts, 4, ft);
    for (uint32_t v = 0; v < p->nvals; v++) {
        char vk = p->val_vk[v];
        store_columns_add_i64(vals, 0, v, false);
        store_columns_add_str(vals, 1, &vk, 1, false);
        store_columns_add_str(vals, 2, p->str.s[p->val_sid[v]], p->str.len[p->val_sid[v]], false);
    }
    for (uint32_t k = 0; k < p->nkeys; k++) {
        const pt_vec *fs = &p->facts[k];
        uint32_t fc = PT_NONE, fa = PT_NONE;
        bool fld = key_fld(p, k, &fc, &fa);
        for (uint32_t i = 0; i < fs->n; i++) {
            store_columns_add_i64(facts, 0, (int64_t)p->key_hash[k], fld);
            store_columns_add_i64(facts, 1, fld ? p->num[fc] : 0, !fld);
            store_columns_add_str(facts, 2, fld ? p->str.s[fa] : "", fld ? p->str.len[fa] : 0,
                                  !fld);
            store_columns_add_i64(facts, 3, fs->a[i], false);
        }
    }
}

/* Takes vals and facts (frees them). */
static pc_status pt_write(store *s, store_columns *vals, store_columns *facts, pc_err *err)
{
    static const char *const vn[] = {"vid", "vk", "v"}, *const fn[] = {"k", "cls", "attr", "vid"};
    pc_status rc = store_table_from_columns(s, "lk_cg_pt_vals", vn, vals, err);
    store_columns_free(vals);
    if (rc == PC_OK)
        rc = store_table_from_columns(s, "lk_cg_pt_facts", fn, facts, err);
    store_columns_free(facts);
    if (rc == PC_OK)
        rc = store_exec(s,
                        "CREATE OR REPLACE TEMP TABLE lk_cg_pt AS SELECT coalesce(f.k, hash('fld', "
                        "f.cls, f.attr)) AS k, v.vk, v.v FROM "
                        "lk_cg_pt_facts f JOIN lk_cg_pt_vals v ON v.vid = f.vid",
                        err);
    if (rc == PC_OK)
        rc = store_exec(s, "DROP TABLE lk_cg_pt_facts", err);
    if (rc == PC_OK)
        rc = store_exec(s, "DROP TABLE lk_cg_pt_vals", err);
    return rc;
}

/* ---- 9. the driver ----------------------------------------------------------------------- */

/* pt_free_work frees what the rounds used and writing the facts does not (the relations, their
 * indexes, the sets, the hierarchy), before the facts are copied out; pt_free the rest. */
static void pt_free(pt *p)
{
    vec_free(&p->fld_cls);
    vec_free(&p->fld_attr);
    strs_free(&p->str);
    map_free(&p->nmap);
    core_free(p->num);
    core_free(p->num_sid);
    map_free(&p->kmap);
    map_free(&p->fldmap);
    core_free(p->key_hash);
    for (uint32_t k = 0; k < p->nkeys; k++)
        vec_free(&p->facts[k]);
    core_free(p->facts);
    core_free(p->full);
    map_free(&p->vmap);
    for (uint32_t v = 0; v < p->nvals; v++)
        vec_free(&p->val_rv[v]);
    core_free(p->val_vk);
    core_free(p->val_sid);
    core_free(p->val_num);
    core_free(p->val_bound);
    core_free(p->val_inst);
    core_free(p->val_rv);
}

static void pt_free_work(pt *p)
{
    core_free(p->base.a);
    pt_vec *vecs[] = {&p->copy_dst, &p->call_ck,  &p->arg_ck,   &p->arg_ak,     &p->arg_kw,
                      &p->arg_pos,  &p->par_vkey, &p->par_kw,   &p->par_pos,    &p->as_nk,
                      &p->as_attr,  &p->at_asite, &p->st_ok,    &p->st_attr,    &p->st_src,
                      &p->bs_cls,   &p->bs_pos,   &p->mem_cls,  &p->mem_name,   &p->classes,
                      &p->in_def,   &p->mp_mod,   &p->mp_attr,  &p->mv_mp,      &p->mv_key,
                      &p->rva_attr, &p->ma_cls,   &p->ma_depth, &p->dmro,       &p->dctor,
                      &p->dccls,    &p->dtgt,     &p->g_asite,  &p->g_vid,      &p->g_win,
                      &p->g_stamp,  &p->wg,       &p->dwin,     &p->class_flags};
    for (size_t i = 0; i < sizeof vecs / sizeof vecs[0]; i++)
        vec_free(vecs[i]);
    pt_csr *csrs[] = {&p->copy_by_src, &p->call_by_fk,  &p->arg_by_ck, &p->arg_by_ak,
                      &p->par_by_def,  &p->at_by_ok,    &p->st_by_ok,  &p->st_by_src,
                      &p->bs_by_bk,    &p->mem_by_vkey, &p->in_by_cls, &p->mv_by_mp,
                      &p->mv_by_key,   &p->mro_by_anc};
    for (size_t i = 0; i < sizeof csrs / sizeof csrs[0]; i++)
        csr_free(csrs[i]);
    pt_map *maps[] = {&p->asite_map, &p->mem,     &p->rkey, &p->rdef,  &p->mods,
                      &p->mpair,     &p->rva_map, &p->gmap, &p->sup_of};
    for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++)
        map_free(maps[i]);
    core_free(p->in_bstart);
    core_free(p->pset.k);
    core_free(p->cset.k);
    core_free(p->ccls_set.k);
    core_free(p->tfb_set.k);
    core_free(p->delta.a);
    core_free(p->seed.a);
    core_free(p->cand.a);
    for (uint32_t i = 0; i < p->nrva; i++)
        vec_free(&p->rva_list[i]);
    core_free(p->rva_list);
    for (uint32_t i = 0; i < p->hn; i++) {
        vec_free(&p->inh[i]);
        core_free(p->mro[i].a);
    }
    core_free(p->inh);
    core_free(p->mro);
    core_free(p->ctor);
    core_free(p->seen);
    core_free(p->lvl);
    core_free(p->fpof);
    core_free(p->lpof);
    core_free(p->ostamp);
    core_free(p->odepth);
    core_free(p->ofp);
    core_free(p->olp);
    core_free(p->cflag);
    pt_mm *mms[] = {&p->ccls_by_ck, &p->ccls_by_cls, &p->tfb_by_ck, &p->tfb_by_def, &p->win_rev};
    for (size_t i = 0; i < sizeof mms / sizeof mms[0]; i++)
        mm_free(mms[i]);
}

/* The base: facts, the first seed and the first round's "last delta". */
static void pt_start(pt *p)
{
    for (size_t i = 0; i < p->base.n; i++) {
        uint64_t f = p->base.a[i];
        if (fact_has(p, fact_key(f), fact_val(f)))
            continue;
        fact_insert(p, fact_key(f), fact_val(f));
        vec64_push(&p->seed, f);
        vec64_push(&p->delta, f);
    }
}

/* Approximate bytes of the state's large parts (capacities, not allocator overhead). */
static size_t pt_bytes(const pt *p)
{
    size_t b = p->pset.cap * 8 + p->cset.cap * 8 + (p->kmap.cap + p->fldmap.cap) * 12 +
               (size_t)p->kcap * (8 + sizeof(pt_vec) + 1) +
               (p->delta.cap + p->seed.cap + p->cand.cap) * 8 + (size_t)p->nrva * sizeof(pt_vec);
    for (uint32_t k = 0; k < p->nkeys; k++)
        b += (size_t)p->facts[k].cap * 4;
    for (uint32_t i = 0; i < p->nrva; i++)
        b += (size_t)p->rva_list[i].cap * 4;
    return b;
}

static pc_status pt_rounds(pt *p, link_pts_stats *st, pc_err *err)
{
    const link_pts_caps *caps = p->caps;
    int64_t seed = 1;
    int round = 0;
    for (; seed > 0 && !st->over_budget && round < caps->max_rounds; round++) {
        step_close(p, round == 0);
        step_widen(p);
        step_hier(p, round == 0);
        step_targets(p);
        step_winners(p);
        step_rules(p);
        if (p->over)
            return pc_fail(err, PC_ERR_LIMIT,
                           "points-to: over %lld %s in round %d (%lld facts); the analysis "
                           "cannot finish on this input",
                           (long long)p->over_cap, p->over_what, round + 1, (long long)p->nfacts);
        seed = (int64_t)p->seed.n;
        log_debug("link: points-to round %d: %lld facts, seed %lld", round + 1,
                  (long long)p->nfacts, (long long)seed);
        if (seed > 0 && p->nfacts > caps->max_facts)
            st->over_budget = true;
    }
    st->rounds = round;
    st->facts = p->nfacts;
    st->state_mb = (double)pt_bytes(p) / (1 << 20);
    st->seed = seed;
    return PC_OK;
}

pc_status link_pts_run(store *s, const link_pts_caps *caps, link_pts_stats *st, pc_err *err)
{
    memset(st, 0, sizeof *st);
    pt *p = core_calloc(1, sizeof *p);
    p->caps = caps;
    p->hard_facts = caps->max_facts > PT_FACTS_HARD / 4 ? caps->max_facts * 4 : PT_FACTS_HARD;
    p->fld_base = PT_NONE;
    double t0 = clock_now();
    /* the state is C memory DuckDB does not count: DuckDB gives up its share meanwhile */
    pc_status rc = store_shrink_memory(s, true, err);
    if (rc == PC_OK)
        rc = pt_load_all(p, s, err);
    map_free(&p->kmap); /* keys from SQL are all read: the rounds look none up by hash */
    if (rc == PC_OK) {
        hier_init(p);
        pt_start(p);
    }
    double t1 = clock_now();
    st->load_s = t1 - t0;
    if (rc == PC_OK)
        rc = pt_rounds(p, st, err);
    double t2 = clock_now();
    st->rounds_s = t2 - t1;
    store_columns vals, facts;
    bool write = rc == PC_OK;
    pt_free_work(p);
    if (write)
        pt_columns(p, &vals, &facts);
    pt_free(p);
    core_free(p);
    pc_err later; /* a failure before this one keeps its message */
    pc_err_clear(&later);
    pc_status back = store_shrink_memory(s, false, rc == PC_OK ? err : &later);
    if (rc == PC_OK)
        rc = back;
    if (write && rc == PC_OK)
        rc = pt_write(s, &vals, &facts, err);
    else if (write) {
        store_columns_free(&vals);
        store_columns_free(&facts);
    }
    st->write_s = clock_now() - t2;
    return rc;
}
