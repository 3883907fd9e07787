/*
 * ids_many.c — ids of many short messages at once (id_hash_many in core.h).
 *
 * An id is BLAKE2b-64 (no key) over its message (ids.c). A message of at most one block
 * (128 bytes) is hashed by a single compression of the zero-padded block with counter =
 * length and the final-block flag set, from the fixed initial state (IV with the parameter
 * word 0x01010008 mixed into h[0]). That compression is run four messages at a time, one
 * per 64-bit lane of a vector (GCC/Clang vector extension; AVX2 code when the CPU has it,
 * chosen once at run time). Longer messages go through libb2 (id_hash), so every result
 * equals the builder's (id_begin, id_add_…, id_finish) over the same bytes; unit_core
 * checks it.
 */
#include "core.h"

#include <string.h>

#define LANES 4
#define BLOCK 128
/* compress4 reads message words with memcpy: right on little-endian hosts only; others take
 * the libb2 path for every message. */
#define LITTLE_ENDIAN_HOST (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)

typedef uint64_t v4u64 __attribute__((vector_size(LANES * sizeof(uint64_t))));

static const uint64_t iv[8] = {
    UINT64_C(0x6a09e667f3bcc908), UINT64_C(0xbb67ae8584caa73b), UINT64_C(0x3c6ef372fe94f82b),
    UINT64_C(0xa54ff53a5f1d36f1), UINT64_C(0x510e527fade682d1), UINT64_C(0x9b05688c2b3e6c1f),
    UINT64_C(0x1f83d9abfb41bd6b), UINT64_C(0x5be0cd19137e2179),
};

static const uint8_t sigma[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
};

#define ROTR(x, n) (((x) >> (n)) | ((x) << (64 - (n))))
#define G(r, i, a, b, c, d)                                                                        \
    do {                                                                                           \
        a = a + b + m[sigma[r][2 * (i)]];                                                          \
        d = ROTR(d ^ a, 32);                                                                       \
        c = c + d;                                                                                 \
        b = ROTR(b ^ c, 24);                                                                       \
        a = a + b + m[sigma[r][2 * (i) + 1]];                                                      \
        d = ROTR(d ^ a, 16);                                                                       \
        c = c + d;                                                                                 \
        b = ROTR(b ^ c, 63);                                                                       \
    } while (0)

/* h0 after the one compression of each lane's block: blocks[l] (zero-padded, BLOCK bytes) of
 * lens[l] bytes. Only h[0] is needed: the 8-byte digest is its little-endian bytes. */
static inline __attribute__((always_inline)) void compress4(const uint8_t (*blocks)[BLOCK],
                                                            const size_t *lens, uint64_t *h0)
{
    v4u64 m[16], v[16];
    for (int w = 0; w < 16; w++)
        for (int l = 0; l < LANES; l++) {
            uint64_t x;
            memcpy(&x, blocks[l] + 8 * w, 8); /* little-endian word */
            m[w][l] = x;
        }
    for (int i = 0; i < 16; i++) {
        uint64_t x = i < 8 ? iv[i] : iv[i - 8];
        v[i] = (v4u64){x, x, x, x};
    }
    v[0] ^= UINT64_C(0x01010008); /* digest 8, no key, fanout 1, depth 1 */
    for (int l = 0; l < LANES; l++)
        v[12][l] ^= (uint64_t)lens[l]; /* t0; t1 = 0 */
    v[14] = ~v[14];                    /* f0: last block */
    for (int r = 0; r < 12; r++) {
        G(r, 0, v[0], v[4], v[8], v[12]);
        G(r, 1, v[1], v[5], v[9], v[13]);
        G(r, 2, v[2], v[6], v[10], v[14]);
        G(r, 3, v[3], v[7], v[11], v[15]);
        G(r, 4, v[0], v[5], v[10], v[15]);
        G(r, 5, v[1], v[6], v[11], v[12]);
        G(r, 6, v[2], v[7], v[8], v[13]);
        G(r, 7, v[3], v[4], v[9], v[14]);
    }
    v4u64 out = v[0] ^ v[8];
    for (int l = 0; l < LANES; l++)
        h0[l] = (iv[0] ^ UINT64_C(0x01010008)) ^ out[l];
}

static void compress4_generic(const uint8_t (*blocks)[BLOCK], const size_t *lens, uint64_t *h0)
{
    compress4(blocks, lens, h0);
}

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2"))) static void compress4_avx2(const uint8_t (*blocks)[BLOCK],
                                                           const size_t *lens, uint64_t *h0)
{
    compress4(blocks, lens, h0);
}
#endif

typedef void compress4_fn(const uint8_t (*)[BLOCK], const size_t *, uint64_t *);

static compress4_fn *pick_compress4(void)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (__builtin_cpu_supports("avx2"))
        return compress4_avx2;
#endif
    return compress4_generic;
}

/* The id of a digest h0: its little-endian bytes read big-endian, top bit cleared. */
static int64_t id_of_h0(uint64_t h0)
{
    return (int64_t)(__builtin_bswap64(h0) & UINT64_C(0x7FFFFFFFFFFFFFFF));
}

void id_hash_many(size_t n, const uint8_t *const *msgs, const size_t *lens, int64_t *out)
{
    static compress4_fn *fn;
    if (!fn)
        fn = pick_compress4(); /* idempotent: racing threads store the same pointer */
    uint8_t blocks[LANES][BLOCK];
    size_t blens[LANES], slot[LANES], k = 0;
    uint64_t h0[LANES];
    for (size_t i = 0; i <= n; i++) {
        if (i < n && (lens[i] > BLOCK || !LITTLE_ENDIAN_HOST)) {
            out[i] = id_hash(msgs[i], lens[i]);
            continue;
        }
        if (i < n) {
            memcpy(blocks[k], msgs[i], lens[i]);
            memset(blocks[k] + lens[i], 0, BLOCK - lens[i]);
            blens[k] = lens[i];
            slot[k++] = i;
        }
        if (k == LANES || (i == n && k > 0)) {
            for (size_t l = k; l < LANES; l++) { /* unused lanes: hash an empty block */
                memset(blocks[l], 0, BLOCK);
                blens[l] = 0;
            }
            fn((const uint8_t(*)[BLOCK])blocks, blens, h0);
            for (size_t l = 0; l < k; l++)
                out[slot[l]] = id_of_h0(h0[l]);
            k = 0;
        }
    }
}
