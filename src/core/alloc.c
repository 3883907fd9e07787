/*
 * alloc.c — the allocator seam, arenas and growable strings of pycpg.
 *
 * This is the only file that calls malloc/realloc/free. Every allocation is counted so
 * tests can assert that nothing leaks (core_alloc_live). Out of memory aborts with a
 * message (the policy stated in core.h).
 *
 * Arena invariant: blocks form a singly linked list, newest first; `used` of the head
 * block never exceeds its `cap`. Allocations larger than a quarter block get a block of
 * their own, so a huge request does not waste the remainder of a normal block.
 */
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__ /* defined by the headers above */
#include <malloc.h>
#endif

static long alloc_live;

/* mimalloc's API, present only when the process links it (the pycpg binary, unless built with
 * a sanitizer: CMakeLists.txt). Weak, so that core neither depends on it nor needs it. */
extern void mi_collect(bool force) __attribute__((weak));
extern bool mi_is_in_heap_region(const void *p) __attribute__((weak));
extern int mi_version(void) __attribute__((weak));

static void *oom(size_t n)
{
    fprintf(stderr, "pycpg: out of memory (allocating %zu bytes)\n", n);
    abort();
}

void *core_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        return oom(n);
    alloc_live++;
    return p;
}

void *core_calloc(size_t count, size_t n)
{
    void *p = calloc(count ? count : 1, n ? n : 1);
    if (!p)
        return oom(count * n);
    alloc_live++;
    return p;
}

void *core_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        return oom(n);
    if (!p)
        alloc_live++;
    return q;
}

void core_free(void *p)
{
    if (!p)
        return;
    alloc_live--;
    free(p);
}

char *core_strndup(const char *s, size_t n)
{
    char *d = core_malloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *core_strdup(const char *s)
{
    return core_strndup(s, strlen(s));
}

void *core_malloc_permanent(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    return p ? p : oom(n);
}

char *core_strdup_permanent(const char *s)
{
    size_t n = strlen(s);
    char *d = core_malloc_permanent(n + 1);
    memcpy(d, s, n + 1);
    return d;
}

void core_release_memory(void)
{
    if (mi_collect)
        mi_collect(true); /* frees its abandoned and empty pages, gives them back */
#ifdef __GLIBC__
    malloc_trim(0); /* also returns free pages inside the heap (madvise), not only its top */
#endif
}

const char *core_malloc_name(void)
{
    static char name[40];
    if (!mi_is_in_heap_region || !mi_version)
        return "system";
    void *p = calloc(1, 64); /* initialised: the check takes a const pointer */
    bool ours = p && mi_is_in_heap_region(p);
    free(p);
    if (!ours)
        return "system";
    int v = mi_version(); /* major * 100 + minor * 10 + patch */
    snprintf(name, sizeof name, "mimalloc %d.%d.%d", v / 100, v / 10 % 10, v % 10);
    return name;
}

long core_alloc_live(void)
{
    return alloc_live;
}

bool core_size_mul(size_t a, size_t b, size_t *out)
{
    if (b && a > SIZE_MAX / b)
        return false;
    *out = a * b;
    return true;
}

bool core_size_add(size_t a, size_t b, size_t *out)
{
    if (a > SIZE_MAX - b)
        return false;
    *out = a + b;
    return true;
}

void *core_grow(void *items, size_t *cap, size_t need, size_t item_size, size_t first)
{
    if (need <= *cap)
        return items;
    size_t ncap = *cap ? *cap : first, bytes;
    if (!ncap)
        ncap = 1;
    while (ncap < need)
        if (!core_size_mul(ncap, 2, &ncap))
            oom(SIZE_MAX);
    if (!core_size_mul(ncap, item_size, &bytes))
        oom(SIZE_MAX);
    *cap = ncap;
    return core_realloc(items, bytes);
}

/* ---- arenas ------------------------------------------------------------------------ */

typedef struct arena_block {
    struct arena_block *next;
    size_t cap;
    size_t used;
    max_align_t data[]; /* cap bytes follow */
} arena_block;

struct arena {
    arena_block *head;
    size_t block_size;
    size_t total_used;
};

static arena_block *arena_block_new(size_t cap)
{
    arena_block *b = core_malloc(sizeof *b + cap);
    b->next = NULL;
    b->cap = cap;
    b->used = 0;
    return b;
}

arena *arena_new(size_t block_size)
{
    arena *a = core_malloc(sizeof *a);
    a->block_size = block_size < 1024 ? 1024 : block_size;
    a->head = arena_block_new(a->block_size);
    a->total_used = 0;
    return a;
}

void arena_free(arena *a)
{
    if (!a)
        return;
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        core_free(b);
        b = next;
    }
    core_free(a);
}

void *arena_alloc(arena *a, size_t n)
{
    size_t need = (n + 7) & ~(size_t)7;
    if (need < n)
        oom(n);
    arena_block *b = a->head;
    if (need > b->cap - b->used) {
        if (need > a->block_size / 4) {
            /* big request: own block, linked behind the head so the head keeps filling */
            arena_block *big = arena_block_new(need);
            big->used = need;
            big->next = b->next;
            b->next = big;
            a->total_used += need;
            return big->data;
        }
        b = arena_block_new(a->block_size);
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += need;
    a->total_used += need;
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *d = arena_alloc(a, n + 1);
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void arena_reset(arena *a)
{
    /* keep the oldest block (the first one made), free the rest */
    arena_block *b = a->head, *keep = NULL;
    while (b) {
        arena_block *next = b->next;
        if (!next && b->cap == a->block_size) {
            keep = b;
        } else {
            core_free(b);
        }
        b = next;
    }
    if (!keep)
        keep = arena_block_new(a->block_size);
    keep->used = 0;
    keep->next = NULL;
    a->head = keep;
    a->total_used = 0;
}

size_t arena_used(const arena *a)
{
    return a->total_used;
}

/* ---- sbuf ---------------------------------------------------------------------------- */

static void sbuf_reserve(sbuf *b, size_t extra)
{
    size_t need;
    if (!core_size_add(b->len, extra + 1, &need))
        oom(SIZE_MAX);
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap * 2 < cap ? need : cap * 2;
    b->data = core_realloc(b->data, cap);
    b->cap = cap;
}

void sbuf_free(sbuf *b)
{
    core_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void sbuf_reset(sbuf *b)
{
    b->len = 0;
    if (b->cap)
        b->data[0] = '\0';
}

void sbuf_append(sbuf *b, const char *s, size_t n)
{
    sbuf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

bool sbuf_read_file(sbuf *b, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sbuf_append(b, chunk, n);
    bool ok = !ferror(f);
    fclose(f);
    sbuf_append(b, "", 0); /* data is set and NUL-terminated even for an empty file */
    return ok;
}

void sbuf_puts(sbuf *b, const char *s)
{
    sbuf_append(b, s, strlen(s));
}

void sbuf_putc(sbuf *b, char c)
{
    sbuf_append(b, &c, 1);
}

char *core_decimal(char buf[24], int64_t v)
{
    char *p = buf + 24;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    return p;
}

void sbuf_put_i64(sbuf *b, int64_t v)
{
    char tmp[24];
    char *p = core_decimal(tmp, v);
    sbuf_append(b, p, (size_t)(tmp + 24 - p));
}

void sbuf_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    sbuf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static void sbuf_quoted(sbuf *b, const char *s, char q)
{
    sbuf_putc(b, q);
    for (; *s; s++) {
        if (*s == q)
            sbuf_putc(b, q);
        sbuf_putc(b, *s);
    }
    sbuf_putc(b, q);
}

void sbuf_sql_literal(sbuf *b, const char *s)
{
    sbuf_quoted(b, s, '\'');
}

void sbuf_sql_ident(sbuf *b, const char *s)
{
    sbuf_quoted(b, s, '"');
}
