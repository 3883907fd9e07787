/*
 * link_c3.c — exact C3 linearisation (Python's MRO) of the call graph's classes, shared by
 * both evaluations of the points-to rounds: link_pts.c calls it from its MRO step,
 * link_calls.c from its SQL MRO step (lk_cg_c3), so the two give the same order.
 *
 * Owns: one memoised linearisation per class of a graph given by a callback (the bases of a
 * class as (base, position) pairs: lk_cg_inh). Python computes the MRO when the class
 * statement runs: L[C] = C + merge(L[B1], …, L[Bn], [B1, …, Bn]); where the merge finds no
 * head that is in no other list's tail, or a base repeats, the class statement raises
 * TypeError and the class never exists (LINK_C3_FAIL). What the analysis cannot decide
 * exactly is left to its caller's approximation (LINK_C3_OPEN): a position with several
 * bases (a base expression with several class values), a cycle (two same-named classes
 * inheriting from each other's name), or an ancestry deeper than LINK_C3_DEPTH.
 * Every _new has its link_c3_free. A position
 * with no base (a library's class, an unresolved name) is skipped: the order of the known
 * classes is what lookups need.
 */
#include "link_int.h"

#include <stdlib.h>
#include <string.h>

/* recursion depth (a chain of bases this long is no real program); the memo is the same
 * whatever order classes are asked in below it: a class is OPEN exactly when it reaches a
 * cycle or an ambiguous position */
#define LINK_C3_DEPTH 4096

enum { C3_UNKNOWN, C3_BUSY, C3_OK, C3_FAIL, C3_OPEN };

struct link_c3 {
    uint32_t n;
    link_c3_bases_fn bases;
    void *ud;
    uint8_t *state;
    uint32_t **lin; /* per class: its linearisation (C3_OK), or NULL */
    uint32_t *len;
};

link_c3 *link_c3_new(uint32_t nclasses, link_c3_bases_fn bases, void *ud)
{
    link_c3 *c = core_calloc(1, sizeof *c);
    c->n = nclasses;
    c->bases = bases;
    c->ud = ud;
    c->state = core_calloc((size_t)nclasses + 1, 1);
    c->lin = core_calloc((size_t)nclasses + 1, sizeof *c->lin);
    c->len = core_calloc((size_t)nclasses + 1, sizeof *c->len);
    return c;
}

void link_c3_free(link_c3 *c)
{
    if (!c)
        return;
    for (uint32_t i = 0; i < c->n; i++)
        core_free(c->lin[i]);
    core_free(c->lin);
    core_free(c->len);
    core_free(c->state);
    core_free(c);
}

typedef struct {
    uint32_t base, pos;
} c3_base;

static int base_cmp(const void *a, const void *b)
{
    const c3_base *x = a, *y = b;
    if (x->pos != y->pos)
        return (int32_t)x->pos < (int32_t)y->pos ? -1 : 1;
    return x->base < y->base ? -1 : x->base > y->base;
}

/* Is x in the tail (after the head) of any of the k lists? */
static bool in_tail(uint32_t x, const uint32_t *const *l, const uint32_t *ln, const uint32_t *at,
                    uint32_t k)
{
    for (uint32_t i = 0; i < k; i++)
        for (uint32_t j = at[i] + 1; j < ln[i]; j++)
            if (l[i][j] == x)
                return true;
    return false;
}

static int c3_one(link_c3 *c, uint32_t cls, uint32_t depth);

/* The merge of L[B1..Bn] and [B1..Bn] after cls: c's state for cls. */
static int c3_merge(link_c3 *c, uint32_t cls, const c3_base *bs, uint32_t nb)
{
    uint32_t k = nb + 1, total = 1;
    const uint32_t **l = core_malloc((size_t)k * sizeof *l);
    uint32_t *ln = core_malloc((size_t)k * sizeof *ln), *at = core_calloc(k, sizeof *at);
    uint32_t *order = core_malloc((size_t)nb * sizeof *order);
    for (uint32_t i = 0; i < nb; i++) {
        l[i] = c->lin[bs[i].base];
        ln[i] = c->len[bs[i].base];
        order[i] = bs[i].base;
        total += ln[i];
    }
    l[nb] = order;
    ln[nb] = nb;
    uint32_t *out = core_malloc((size_t)total * sizeof *out), no = 0;
    out[no++] = cls;
    int st = C3_OK;
    for (;;) {
        bool left = false, found = false;
        for (uint32_t i = 0; i < k && !found; i++) {
            if (at[i] >= ln[i])
                continue;
            left = true;
            uint32_t h = l[i][at[i]];
            if (in_tail(h, l, ln, at, k))
                continue;
            found = true;
            out[no++] = h;
            for (uint32_t j = 0; j < k; j++)
                if (at[j] < ln[j] && l[j][at[j]] == h)
                    at[j]++;
        }
        if (!left)
            break;
        if (!found) {
            st = C3_FAIL;
            break;
        }
    }
    core_free(l);
    core_free(ln);
    core_free(at);
    core_free(order);
    if (st == C3_OK) {
        c->lin[cls] = out;
        c->len[cls] = no;
    } else {
        core_free(out);
    }
    return st;
}

static int c3_one(link_c3 *c, uint32_t cls, uint32_t depth)
{
    if (cls >= c->n)
        return C3_OPEN;
    if (c->state[cls] == C3_BUSY)
        return C3_OPEN; /* a cycle: the caller's approximation terminates on it */
    if (c->state[cls] != C3_UNKNOWN)
        return c->state[cls];
    if (depth >= LINK_C3_DEPTH)
        return C3_OPEN;
    c->state[cls] = C3_BUSY;
    const uint32_t *pairs = NULL;
    uint32_t np = 0;
    c->bases(c->ud, cls, &pairs, &np);
    uint32_t nb = np / 2;
    c3_base *bs = core_malloc(((size_t)nb + 1) * sizeof *bs);
    for (uint32_t i = 0; i < nb; i++)
        bs[i] = (c3_base){pairs[2 * i], pairs[2 * i + 1]};
    qsort(bs, nb, sizeof *bs, base_cmp);
    int st = C3_OK;
    for (uint32_t i = 1; i < nb && st == C3_OK; i++) {
        if (bs[i].pos == bs[i - 1].pos)
            st = C3_OPEN; /* several classes at one base position */
        else
            for (uint32_t j = 0; j < i; j++)
                if (bs[j].base == bs[i].base)
                    st = C3_FAIL; /* class C(A, A): duplicate base class */
    }
    for (uint32_t i = 0; i < nb && st == C3_OK; i++) {
        int b = c3_one(c, bs[i].base, depth + 1);
        if (b != C3_OK)
            st = b == C3_FAIL ? C3_FAIL : C3_OPEN; /* a base that never exists: no class */
    }
    if (st == C3_OK)
        st = c3_merge(c, cls, bs, nb);
    core_free(bs);
    c->state[cls] = (uint8_t)st;
    return st;
}

link_c3_status link_c3_get(link_c3 *c, uint32_t cls, const uint32_t **lin, uint32_t *n)
{
    int st = c3_one(c, cls, 0);
    *lin = st == C3_OK ? c->lin[cls] : NULL;
    *n = st == C3_OK ? c->len[cls] : 0;
    return st == C3_OK ? LINK_C3_OK : st == C3_FAIL ? LINK_C3_FAIL : LINK_C3_OPEN;
}
