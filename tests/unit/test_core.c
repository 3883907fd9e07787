/*
 * test_core.c — core: id test vectors from the reference, arenas, sbuf, rowbuf, line index,
 * fault injection.
 */
#include "testlib.h"

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* extract_datasets.md §2.3 and cpg_pipeline.md appendix A: the reference's string ids;
 * pycpg stores the number after the colon. */
static void test_id_vectors(void)
{
    const char *p1[] = {"src/pkg/mod.py"};
    CHECK_EQ_I64(id_of_strings("file", 1, p1), 4273184341374755636LL);
    const char *p2[] = {"myrepo", "src/pkg/mod.py"};
    CHECK_EQ_I64(id_of_strings("file", 2, p2), 5184855966770451125LL);
    id_builder b;
    id_begin(&b, "span");
    id_add_ref(&b, "file", 4273184341374755636LL);
    id_add_i64(&b, 10);
    id_add_i64(&b, 25);
    CHECK_EQ_I64(id_finish(&b), 4210125013821895573LL);
    id_begin(&b, "cst_name_ref");
    id_add_ref(&b, "file", 4273184341374755636LL);
    id_add_i64(&b, 10);
    id_add_i64(&b, 25);
    CHECK_EQ_I64(id_finish(&b), 5928363984367637409LL);
    id_begin(&b, "scip_rel");
    id_add_cstr(&b, "sym a");
    id_add_cstr(&b, "sym b");
    id_add_bool(&b, true);
    id_add_bool(&b, false);
    id_add_bool(&b, false);
    id_add_bool(&b, false);
    CHECK_EQ_I64(id_finish(&b), 8755750201833147797LL);
    const char *p3[] = {"a.py"};
    CHECK_EQ_I64(id_of_strings("file", 1, p3), 8988895776058131969LL);
    const char *p4[] = {"a.py", "0", "1"};
    CHECK_EQ_I64(id_of_strings("span", 3, p4), 6316178223349216034LL);
    const char *p5[] = {"pkg.mod.fn"};
    CHECK_EQ_I64(id_of_strings("qname", 1, p5), 6560432937508485651LL);
    const char *p6[] = {"a.py", "3", "3", ID_NULL_SENTINEL_NORM, "msg"};
    CHECK_EQ_I64(id_of_strings("diag", 5, p6), 794401964119771590LL);
    const char *p7[] = {"PY_CALLS_SYMBOL", "c1", "s1", "a.py", "10", "20"};
    CHECK_EQ_I64(id_of_strings("edge", 3, p7), 8820460550304788878LL);
    CHECK_EQ_I64(id_of_strings("edge", 6, p7), 3531509146084523476LL);
}

/* id_hash_many equals id_hash (libb2) for every length from 0 to 300 (one block and past
 * it), odd batch sizes and lanes of mixed lengths; id_hash equals the builder. */
static void test_id_hash_many(void)
{
    enum { N = 301 };
    static uint8_t msg[N][N];
    const uint8_t *ptr[N];
    size_t len[N];
    int64_t got[N];
    uint32_t x = 12345;
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < i; j++) {
            x = x * 1103515245u + 12345u;
            msg[i][j] = (uint8_t)(x >> 16);
        }
        ptr[i] = msg[i];
        len[i] = (i * 7) % N; /* neighbours in a batch differ in length */
    }
    for (size_t n = 0; n <= N; n += n < 9 ? 1 : 73) {
        id_hash_many(n, ptr, len, got);
        for (size_t i = 0; i < n; i++)
            CHECK_EQ_I64(got[i], id_hash(msg[i], len[i]));
    }
    for (size_t i = 2; i < N; i++) { /* id_hash equals the builder: "p" ␟ part */
        msg[i][0] = 'p';
        msg[i][1] = 0x1F;
        id_builder b;
        id_begin(&b, "p");
        id_add_str(&b, (const char *)msg[i] + 2, i - 2);
        CHECK_EQ_I64(id_hash(msg[i], i), id_finish(&b));
    }
    const char m[] = "span\x1F"
                     "file:4273184341374755636\x1F"
                     "10\x1F"
                     "25";
    const uint8_t *mp[1] = {(const uint8_t *)m};
    size_t ml[1] = {sizeof m - 1};
    id_hash_many(1, mp, ml, got);
    CHECK_EQ_I64(got[0], 4210125013821895573LL);
}

/* File-local ids: the layout of docs/ids.md, the limits, and prefixes that stay unique when
 * file ids share their top 32 bits, given by ascending file_id whatever the input order; the
 * map finds what was assigned or recorded. */
static void test_id_local(void)
{
    CHECK_EQ_I64(id_local(5, ID_LOCAL_TS, 7), (INT64_C(5) << 31) | (INT64_C(1) << 28) | 7);
    CHECK_EQ_I64(id_local(UINT32_MAX, 7, ID_LOCAL_ORDINAL_LIMIT - 1), INT64_MAX);
    CHECK_EQ_I64(id_local(UINT32_MAX, ID_LOCAL_DF_EVENT, 0),
                 (int64_t)((UINT64_C(0xFFFFFFFF) << 31) | (UINT64_C(4) << 28)));
    CHECK(id_local(1, ID_LOCAL_TS, ID_LOCAL_ORDINAL_LIMIT) == -1);
    CHECK(id_local(1, ID_LOCAL_TS, -1) == -1);
    CHECK(id_local(1, 8, 0) == -1);
    CHECK(id_default_prefix(INT64_MAX) == UINT32_MAX);
    CHECK(id_default_prefix((INT64_C(77) << 31) | 12345) == 77);
    /* four files share prefix 9 (and 10 is another file's default), one stands apart */
    int64_t ids[] = {(INT64_C(9) << 31) | 500, (INT64_C(10) << 31) | 1, (INT64_C(9) << 31) | 3,
                     (INT64_C(40) << 31),      (INT64_C(9) << 31) | 70, (INT64_C(9) << 31) | 4};
    uint32_t got[6], again[6];
    id_assign_prefixes(6, ids, got);
    /* by ascending id the nines take 9, 10, 11 and 12; then 10|1 finds its default taken */
    CHECK(got[2] == 9 && got[5] == 10 && got[4] == 11 && got[0] == 12);
    CHECK(got[1] == 13 && got[3] == 40);
    int64_t rev[6];
    for (int i = 0; i < 6; i++)
        rev[i] = ids[5 - i];
    id_assign_prefixes(6, rev, again);
    for (int i = 0; i < 6; i++)
        CHECK(again[5 - i] == got[i]);
    uint32_t wrap[2];
    int64_t top[2] = {INT64_MAX, INT64_MAX - 1}; /* the same default, the last value: wraps */
    id_assign_prefixes(2, top, wrap);
    CHECK(wrap[1] == UINT32_MAX && wrap[0] == 0);
    /* the maps: assigned (repeats ignored) and recorded */
    int64_t with_repeat[7];
    memcpy(with_repeat, ids, sizeof ids);
    with_repeat[6] = ids[0];
    id_prefix_map *m = id_prefix_map_new(7, with_repeat);
    uint32_t p = 0;
    for (int i = 0; i < 6; i++)
        CHECK(id_prefix_map_find(m, ids[i], &p) && p == got[i]);
    CHECK(!id_prefix_map_find(m, 41, &p));
    CHECK_EQ_I64(id_ast_node(m, ids[3], 2), id_local(40, ID_LOCAL_AST, 2));
    CHECK_EQ_I64(id_ast_node(m, 41, 2), -1);
    id_builder b; /* past the limit: the hashed recipe */
    id_begin(&b, "ast_node");
    id_add_i64(&b, ids[3]);
    id_add_i64(&b, ID_LOCAL_ORDINAL_LIMIT);
    CHECK_EQ_I64(id_ast_node(m, ids[3], ID_LOCAL_ORDINAL_LIMIT), id_finish(&b));
    id_prefix_map_free(m);
    uint32_t recorded[2] = {7, 3};
    m = id_prefix_map_of(2, top, recorded);
    CHECK(id_prefix_map_find(m, INT64_MAX - 1, &p) && p == 3);
    CHECK(id_prefix_map_find(m, INT64_MAX, &p) && p == 7);
    id_prefix_map_free(m);
    CHECK(!id_prefix_map_find(id_prefix_map_empty(), 1, &p));
    CHECK(!id_prefix_map_find(NULL, 1, &p));
}

static void test_arena(void)
{
    arena_free(NULL);
    arena *a = arena_new(1024);
    char *s = arena_strndup(a, "hello", 5);
    CHECK_STREQ(s, "hello");
    for (int i = 0; i < 1000; i++)
        CHECK(((uintptr_t)arena_alloc(a, (size_t)i % 37 + 1) & 7) == 0);
    void *big = arena_alloc(a, 100000);
    CHECK(big != NULL);
    arena_reset(a);
    CHECK_EQ_I64(arena_used(a), 0);
    arena_free(a);
}

static void test_sbuf(void)
{
    sbuf b = SBUF_INIT;
    sbuf_printf(&b, "%d-%s", 42, "x");
    sbuf_putc(&b, ' ');
    sbuf_sql_literal(&b, "it's");
    sbuf_putc(&b, ' ');
    sbuf_sql_ident(&b, "a\"b");
    CHECK_STREQ(b.data, "42-x 'it''s' \"a\"\"b\"");
    sbuf_free(&b);
}

/* core_grow: capacities double from `first` (1 when 0) until the need fits, contents are
 * kept, a need that fits changes nothing, and a size past SIZE_MAX aborts (in a child). */
static void test_grow(void)
{
    size_t cap = 0;
    int *v = core_grow(NULL, &cap, 1, sizeof *v, 16);
    CHECK_EQ_I64(cap, 16);
    for (int i = 0; i < 16; i++)
        v[i] = i * 3;
    int *same = core_grow(v, &cap, 16, sizeof *v, 16);
    CHECK(same == v);
    CHECK_EQ_I64(cap, 16);
    v = core_grow(v, &cap, 17, sizeof *v, 16);
    CHECK_EQ_I64(cap, 32);
    v = core_grow(v, &cap, 100, sizeof *v, 16);
    CHECK_EQ_I64(cap, 128);
    int kept = 1;
    for (int i = 0; i < 16; i++)
        kept = kept && v[i] == i * 3;
    CHECK(kept);
    core_free(v);
    size_t cap1 = 0;
    char *c = core_grow(NULL, &cap1, 3, 1, 0);
    CHECK_EQ_I64(cap1, 4);
    core_free(c);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        size_t big = 4;
        core_grow(NULL, &big, 5, SIZE_MAX / 4, 0); /* 8 items of SIZE_MAX / 4 bytes */
        _exit(0);
    }
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
}

static void test_rowbuf(void)
{
    rowbuf_free(NULL);
    col_shape shapes[] = {{CK_I64, 0}, {CK_STR, 0}, {CK_BOOL, 0}, {CK_LIST_TUPLE, 2}};
    rowbuf *b = rowbuf_new(4, shapes);
    for (int i = 0; i < 1000; i++) {
        rowbuf_add_row(b);
        rowbuf_set_i64(b, 0, i);
        if (i % 2)
            rowbuf_set_cstr(b, 1, "odd");
        rowbuf_list_begin(b, 3);
        const char *t[] = {"n", NULL};
        for (int k = 0; k < i % 3; k++)
            rowbuf_list_push_tuple(b, 3, t);
    }
    CHECK_EQ_I64(rowbuf_rows(b), 1000);
    CHECK_EQ_I64(rowbuf_get_i64(b, 0, 999), 999);
    CHECK(rowbuf_is_null(b, 1, 0));
    CHECK(!rowbuf_is_null(b, 1, 1));
    CHECK(!rowbuf_col_ever_set(b, 2));
    CHECK_STREQ(rowbuf_get_str(b, 1, 1, NULL), "odd");
    CHECK_EQ_I64(rowbuf_list_len(b, 3, 5), 2);
    CHECK_STREQ(rowbuf_list_item(b, 3, 5, 1, 0, NULL), "n");
    CHECK(rowbuf_list_item(b, 3, 5, 1, 1, NULL) == NULL);
    /* take: the rows move, b is left empty and usable, each keeps its own values */
    rowbuf *t = rowbuf_take(b);
    CHECK_EQ_I64(rowbuf_rows(t), 1000);
    CHECK_EQ_I64(rowbuf_rows(b), 0);
    CHECK(rowbuf_col_ever_set(b, 1) && !rowbuf_col_ever_set(b, 2));
    rowbuf_add_row(b);
    rowbuf_set_cstr(b, 1, "new");
    rowbuf_list_begin(b, 3);
    CHECK_STREQ(rowbuf_get_str(b, 1, 0, NULL), "new");
    CHECK_STREQ(rowbuf_get_str(t, 1, 999, NULL), "odd");
    CHECK_EQ_I64(rowbuf_list_len(t, 3, 5), 2);
    CHECK_EQ_I64(rowbuf_list_len(b, 3, 0), 0);
    rowbuf_free(t);
    rowbuf_clear(b);
    CHECK_EQ_I64(rowbuf_rows(b), 0);
    rowbuf_free(b);
}

static void test_line_index(void)
{
    const char *text = "a\nbb\r\ncc\rd";
    line_index li;
    line_index_build(&li, text, strlen(text));
    CHECK_EQ_I64(li.nlines, 4);
    CHECK_EQ_I64(li.starts[1], 2);
    CHECK_EQ_I64(li.starts[2], 6);
    CHECK_EQ_I64(li.starts[3], 9);
    CHECK_EQ_I64(line_index_offset(&li, 1, 1), 3);
    CHECK_EQ_I64(line_index_offset(&li, 9, 0), -1);
    CHECK_EQ_I64(line_index_line_of(&li, 7), 2);
    line_index_free(&li);
    line_index_build(&li, "x\f\v\n", 4); /* form feed / VT are not line ends */
    CHECK_EQ_I64(li.nlines, 2);
    line_index_free(&li);
}

static void test_faults(void)
{
    setenv("PYCPG_FAULTS", "read:bad.py,duckdb:2", 1);
    CHECK(fault_hit("read", "src/bad.py"));
    CHECK(!fault_hit("read", "src/good.py"));
    CHECK(!fault_hit("duckdb", "x"));
    CHECK(fault_hit("duckdb", "x"));
    CHECK(!fault_hit("duckdb", "x"));
}

static void test_errors(void)
{
    pc_err err;
    pc_err_clear(&err);
    CHECK(pc_fail(&err, PC_ERR_IO, "first %d", 1) == PC_ERR_IO);
    pc_fail(&err, PC_ERR_ARG, "second");
    CHECK_STREQ(err.msg, "first 1");
    CHECK(err.where != NULL);
}

static void test_utf8(void)
{
    CHECK_EQ_I64(utf8_valid_prefix("abc\xC3\xA9", 5), 5);
    CHECK_EQ_I64(utf8_valid_prefix("ab\xC0\x80", 4), 2);       /* overlong */
    CHECK_EQ_I64(utf8_valid_prefix("\xED\xA0\x80", 3), 0);     /* surrogate */
    CHECK_EQ_I64(utf8_valid_prefix("\xF4\x90\x80\x80", 4), 0); /* > U+10FFFF */
    sbuf b = SBUF_INIT;
    /* Python: b"a\xe2\x82b\xffc".decode("utf-8", "replace") == "a\ufffdb\ufffdc" */
    utf8_append_repaired(&b,
                         "a\xE2\x82"
                         "b\xFF"
                         "c",
                         6);
    CHECK_STREQ(b.data, "a\xEF\xBF\xBD"
                        "b\xEF\xBF\xBD"
                        "c");
    sbuf_free(&b);
}

TEST_MAIN(TEST(test_utf8), TEST(test_id_vectors), TEST(test_id_hash_many), TEST(test_id_local),
          TEST(test_arena), TEST(test_sbuf), TEST(test_grow), TEST(test_rowbuf),
          TEST(test_line_index), TEST(test_faults), TEST(test_errors))
