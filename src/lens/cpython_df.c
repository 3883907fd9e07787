/*
 * cpython_df.c — data flow of one code unit, for the bytecode part of the CPython lens:
 * py_bc_def_use_events_v1 and py_bc_reaches_v1 (extract_datasets.md §7.10).
 *
 * The bytecode part (cpython_bc.c) feeds each code unit's events (an instruction that
 * stores or deletes a name is a def, one that loads it a use; the symbol is its argval) and
 * its CFG edges (every kind, exceptions included; repeats are harmless). Reaching
 * definitions are then computed over the CFG to a fixed point, the classic gen/kill
 * formulation on bitsets of the unit's defs (reference defect §8.19: every def reached every
 * use of its symbol):
 *   gen[B]  = the last def of each symbol in B
 *   kill[B] = every def of a symbol B defines
 *   IN[B]   = ∪ OUT[P] over the predecessors P of B
 *   OUT[B]  = gen[B] ∪ (IN[B] − kill[B])
 * A use is reached by the last def of its symbol earlier in its own block, else by every
 * def of its symbol in IN of its block. Bitsets cost defs × blocks bits per unit: a unit
 * over the budget (DF_BUDGET_BYTES; only generated or hostile code comes near it) gets its
 * events but no reaches, and a py_bc_errors_v1 row says so.
 *
 * This runs in the lens, in the extraction workers, rather than as SQL in the link stage: a
 * fixed point over a CFG is iterative by nature, and as a recursive SQL query over every
 * unit at once it took minutes on the standard library (one round per CFG path step).
 *
 * Ids: event_id is file-local (docs/ids.md): the id of its instruction's file ordinal in the
 * family ID_LOCAL_DF_EVENT (an instruction makes at most one event), which cpython_bc.c hands
 * over; past the limit the hashed id("df_event", code_unit_id, instr_id, kind, symbol) the
 * link stage's SQL used once. edge_id = id("df_reach", def_event_id, use_event_id).
 */
#include "cpython_int.h"

#include <stdlib.h>
#include <string.h>

#define DF_BUDGET_BYTES ((size_t)64 << 20)

typedef struct {
    int64_t instr_id, event_id;
    const char *opname;
    size_t sym_off, sym_len; /* in names */
    int32_t offset, block;   /* block -1: outside every block */
    int sym;                 /* interned symbol */
    bool is_def;
    int32_t def_index; /* index among the defs, or -1 */
} df_event;

struct cpy_df {
    cpy_ds events, reaches;
    size_t ev_id, ev_instr, ev_unit, ev_kind, ev_symbol, ev_opname, ev_offset;
    size_t re_id, re_unit, re_def, re_use, re_symbol;
    int64_t unit;
    df_event *ev;
    size_t nev, ev_cap;
    int32_t (*edges)[2];
    size_t nedges, edge_cap;
    sbuf names;
    int *slots; /* symbol hash table: event index of the symbol's first event, or -1 */
    size_t slot_cap;
    int nsyms;
    int32_t *defs;                 /* event index of each def */
    int32_t *sym_defs, *sym_first; /* defs of each symbol, chained: first def, next def */
    size_t ndefs, defs_cap, sym_defs_cap, syms_cap;
    uint64_t *bits; /* IN and OUT of every block, then gen and kill */
    size_t bits_cap;
    int32_t *last_def; /* per symbol, while scanning a block: event index, or -1 */
};

cpy_df *cpy_df_new(void)
{
    cpy_df *d = core_calloc(1, sizeof *d);
    cpy_ds_init(&d->events, "py_bc_def_use_events_v1");
    const reg_dataset *ds = d->events.ds;
    d->ev_id = registry_col_must(ds, "event_id");
    d->ev_instr = registry_col_must(ds, "instr_id");
    d->ev_unit = registry_col_must(ds, "code_unit_id");
    d->ev_kind = registry_col_must(ds, "kind");
    d->ev_symbol = registry_col_must(ds, "symbol");
    d->ev_opname = registry_col_must(ds, "opname");
    d->ev_offset = registry_col_must(ds, "offset");
    cpy_ds_init(&d->reaches, "py_bc_reaches_v1");
    ds = d->reaches.ds;
    d->re_id = registry_col_must(ds, "edge_id");
    d->re_unit = registry_col_must(ds, "code_unit_id");
    d->re_def = registry_col_must(ds, "def_event_id");
    d->re_use = registry_col_must(ds, "use_event_id");
    d->re_symbol = registry_col_must(ds, "symbol");
    return d;
}

void cpy_df_free(cpy_df *d)
{
    if (!d)
        return;
    core_free(d->ev);
    core_free(d->edges);
    sbuf_free(&d->names);
    core_free(d->slots);
    core_free(d->defs);
    core_free(d->sym_defs);
    core_free(d->sym_first);
    core_free(d->bits);
    core_free(d->last_def);
    core_free(d);
}

bool cpy_df_wanted(const cpy_df *d, const cpy_file *cf)
{
    return cf->sink->rows(cf->sink->ctx, d->events.ds) != NULL ||
           cf->sink->rows(cf->sink->ctx, d->reaches.ds) != NULL;
}

void cpy_df_unit_begin(cpy_df *d, int64_t unit)
{
    d->unit = unit;
    d->nev = 0;
    d->nedges = 0;
    sbuf_reset(&d->names);
}

void cpy_df_edge(cpy_df *d, int32_t src, int32_t dst)
{
    cpy_grow((void **)&d->edges, &d->edge_cap, d->nedges + 1, sizeof *d->edges);
    d->edges[d->nedges][0] = src;
    d->edges[d->nedges][1] = dst;
    d->nedges++;
}

void cpy_df_event(cpy_df *d, int64_t instr_id, int64_t local_id, bool is_def, const char *sym,
                  size_t len, const char *opname, int32_t offset, int32_t block)
{
    cpy_grow((void **)&d->ev, &d->ev_cap, d->nev + 1, sizeof *d->ev);
    df_event *e = &d->ev[d->nev++];
    e->instr_id = instr_id;
    e->opname = opname;
    e->sym_off = d->names.len;
    e->sym_len = len;
    sbuf_append(&d->names, sym, len);
    e->offset = offset;
    e->block = block;
    e->is_def = is_def;
    e->event_id = local_id;
    if (local_id >= 0)
        return;
    id_builder ib;
    id_begin(&ib, "df_event");
    id_add_i64(&ib, d->unit);
    id_add_i64(&ib, instr_id);
    id_add_cstr(&ib, is_def ? "def" : "use");
    id_add_str(&ib, sym, len);
    e->event_id = id_finish(&ib);
}

static const char *sym_text(const cpy_df *d, const df_event *e)
{
    return d->names.data + e->sym_off;
}

static uint64_t sym_hash(const char *s, size_t n)
{
    uint64_t h = UINT64_C(1469598103934665603);
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * UINT64_C(1099511628211);
    return h;
}

/* Numbers the unit's symbols (e->sym) and lists the defs (d->defs, e->def_index). */
static void intern(cpy_df *d)
{
    size_t cap = 16;
    while (cap < 2 * d->nev + 2)
        cap *= 2;
    cpy_grow((void **)&d->slots, &d->slot_cap, cap, sizeof *d->slots);
    for (size_t i = 0; i < cap; i++)
        d->slots[i] = -1;
    d->nsyms = 0;
    d->ndefs = 0;
    cpy_grow((void **)&d->defs, &d->defs_cap, d->nev + 1, sizeof *d->defs);
    for (size_t k = 0; k < d->nev; k++) {
        df_event *e = &d->ev[k];
        size_t i = (size_t)sym_hash(sym_text(d, e), e->sym_len) & (cap - 1);
        while (d->slots[i] >= 0) {
            const df_event *o = &d->ev[d->slots[i]];
            if (o->sym_len == e->sym_len && memcmp(sym_text(d, o), sym_text(d, e), e->sym_len) == 0)
                break;
            i = (i + 1) & (cap - 1);
        }
        if (d->slots[i] < 0) {
            d->slots[i] = (int)k;
            e->sym = d->nsyms++;
        } else {
            e->sym = d->ev[d->slots[i]].sym;
        }
        e->def_index = e->is_def ? (int32_t)d->ndefs : -1;
        if (e->is_def)
            d->defs[d->ndefs++] = (int32_t)k;
    }
    cpy_grow((void **)&d->sym_first, &d->syms_cap, (size_t)d->nsyms + 1, sizeof *d->sym_first);
    d->last_def = core_realloc(d->last_def, d->syms_cap * sizeof *d->last_def);
    cpy_grow((void **)&d->sym_defs, &d->sym_defs_cap, d->ndefs + 1, sizeof *d->sym_defs);
    for (int s = 0; s < d->nsyms; s++)
        d->sym_first[s] = -1;
    for (size_t j = d->ndefs; j-- > 0;) { /* chains in def order */
        int s = d->ev[d->defs[j]].sym;
        d->sym_defs[j] = d->sym_first[s];
        d->sym_first[s] = (int32_t)j;
    }
}

#define BIT_SET(v, i)  ((v)[(i) >> 6] |= UINT64_C(1) << ((i)&63))
#define BIT_TEST(v, i) (((v)[(i) >> 6] >> ((i)&63)) & 1)

/* gen and kill of every block from its defs. Events come in instruction order, so the
 * events of one block are contiguous; last_def holds, per symbol, the block's last def so
 * far (reset at each block's end), and kill bits are set once per (block, symbol). */
static void gen_kill(cpy_df *d, size_t words, uint64_t *gen, uint64_t *kill)
{
    for (int s = 0; s < d->nsyms; s++)
        d->last_def[s] = -1;
    size_t first = 0; /* first event of the current block */
    for (size_t k = 0; k <= d->nev; k++) {
        if (k == d->nev || (k > first && d->ev[k].block != d->ev[first].block)) {
            for (size_t j = first; j < k; j++)
                d->last_def[d->ev[j].sym] = -1;
            first = k;
        }
        if (k == d->nev)
            break;
        const df_event *e = &d->ev[k];
        if (!e->is_def || e->block < 0)
            continue;
        uint64_t *g = gen + (size_t)e->block * words, *kl = kill + (size_t)e->block * words;
        int32_t prev = d->last_def[e->sym];
        if (prev < 0) {
            for (int32_t o = d->sym_first[e->sym]; o >= 0; o = d->sym_defs[o])
                BIT_SET(kl, (size_t)o);
        } else { /* a later def of the symbol in the block wins */
            size_t p = (size_t)d->ev[prev].def_index;
            g[p >> 6] &= ~(UINT64_C(1) << (p & 63));
        }
        BIT_SET(g, (size_t)e->def_index);
        d->last_def[e->sym] = (int32_t)k;
    }
}

/* IN of every block to the fixed point; false when the unit is over the budget. */
static bool reaching(cpy_df *d, size_t nblocks, size_t words, uint64_t **in_out)
{
    size_t n = 4 * nblocks * words;
    if (n * sizeof(uint64_t) > DF_BUDGET_BYTES)
        return false;
    cpy_grow((void **)&d->bits, &d->bits_cap, n + 1, sizeof *d->bits);
    memset(d->bits, 0, n * sizeof *d->bits);
    uint64_t *in = d->bits, *out = in + nblocks * words, *gen = out + nblocks * words,
             *kill = gen + nblocks * words;
    gen_kill(d, words, gen, kill);
    memcpy(out, gen, nblocks * words * sizeof *out);
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t e = 0; e < d->nedges; e++) {
            uint64_t *dst = in + (size_t)d->edges[e][1] * words;
            const uint64_t *src = out + (size_t)d->edges[e][0] * words;
            for (size_t w = 0; w < words; w++)
                dst[w] |= src[w];
        }
        for (size_t b = 0; b < nblocks; b++) {
            uint64_t *o = out + b * words;
            const uint64_t *i = in + b * words, *g = gen + b * words, *k = kill + b * words;
            for (size_t w = 0; w < words; w++) {
                uint64_t v = g[w] | (i[w] & ~k[w]);
                changed = changed || v != o[w];
                o[w] = v;
            }
        }
    }
    *in_out = in;
    return true;
}

static void event_rows(cpy_df *d, const cpy_file *cf)
{
    for (size_t k = 0; k < d->nev; k++) {
        const df_event *e = &d->ev[k];
        rowbuf *r = cpy_row(&d->events, cf);
        if (!r)
            return;
        rowbuf_set_i64(r, d->ev_id, e->event_id);
        rowbuf_set_i64(r, d->ev_instr, e->instr_id);
        rowbuf_set_i64(r, d->ev_unit, d->unit);
        rowbuf_set_cstr(r, d->ev_kind, e->is_def ? "def" : "use");
        rowbuf_set_str(r, d->ev_symbol, sym_text(d, e), e->sym_len);
        rowbuf_set_cstr(r, d->ev_opname, e->opname);
        rowbuf_set_i32(r, d->ev_offset, e->offset);
    }
}

static void reach_row(cpy_df *d, const cpy_file *cf, const df_event *def, const df_event *use)
{
    rowbuf *r = cpy_row(&d->reaches, cf);
    if (!r)
        return;
    id_builder ib;
    id_begin(&ib, "df_reach");
    id_add_i64(&ib, def->event_id);
    id_add_i64(&ib, use->event_id);
    rowbuf_set_i64(r, d->re_id, id_finish(&ib));
    rowbuf_set_i64(r, d->re_unit, d->unit);
    rowbuf_set_i64(r, d->re_def, def->event_id);
    rowbuf_set_i64(r, d->re_use, use->event_id);
    rowbuf_set_str(r, d->re_symbol, sym_text(d, use), use->sym_len);
}

/* Every (def, use) pair, uses in instruction order, defs in def order. */
static void reach_rows(cpy_df *d, const cpy_file *cf, size_t words, const uint64_t *in)
{
    for (int s = 0; s < d->nsyms; s++)
        d->last_def[s] = -1;
    size_t first = 0; /* first event of the current block */
    for (size_t k = 0; k < d->nev; k++) {
        const df_event *e = &d->ev[k];
        if (k > first && e->block != d->ev[first].block) {
            for (size_t j = first; j < k; j++)
                d->last_def[d->ev[j].sym] = -1;
            first = k;
        }
        if (e->block < 0)
            continue;
        if (e->is_def) {
            d->last_def[e->sym] = (int32_t)k;
            continue;
        }
        if (d->last_def[e->sym] >= 0) {
            reach_row(d, cf, &d->ev[d->last_def[e->sym]], e);
            continue;
        }
        const uint64_t *bi = in + (size_t)e->block * words;
        for (int32_t o = d->sym_first[e->sym]; o >= 0; o = d->sym_defs[o])
            if (BIT_TEST(bi, (size_t)o))
                reach_row(d, cf, &d->ev[d->defs[o]], e);
    }
}

void cpy_df_unit_end(cpy_df *d, const cpy_file *cf, size_t nblocks, const cpy_ds *errors)
{
    event_rows(d, cf);
    if (d->nev == 0 || cf->sink->rows(cf->sink->ctx, d->reaches.ds) == NULL)
        return;
    intern(d);
    if (d->ndefs == 0 || nblocks == 0)
        return;
    size_t words = (d->ndefs + 63) / 64;
    uint64_t *in = NULL;
    if (!reaching(d, nblocks, words, &in)) {
        PyErr_Format(PyExc_MemoryError,
                     "reaching definitions not computed for a code unit of %zu defs and %zu "
                     "blocks (over pycpg's %zu MB budget); its events are kept",
                     d->ndefs, nblocks, DF_BUDGET_BYTES >> 20);
        cpy_error_row(errors, cf, false);
        return;
    }
    reach_rows(d, cf, words, in);
}
