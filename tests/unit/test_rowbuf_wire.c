/*
 * test_rowbuf_wire.c — the wire form of row batches (rowbuf_serialize /
 * rowbuf_append_serialized), which carries rows from -j workers to the parent: every column
 * kind round-trips with NULLs, empty strings, repeats, lists and tuples; appending to a
 * non-empty batch keeps its rows; every truncation and a shape mismatch are rejected with
 * the batch left as it was.
 */
#include "testlib.h"

#include <stdlib.h>

enum { C_I64, C_I32, C_I16, C_F32, C_F64, C_BOOL, C_STR, C_BLOB, C_LIST, C_TUPLE, NCOLS };

static const col_shape shapes[NCOLS] = {
    {CK_I64, 0},  {CK_I32, 0}, {CK_I16, 0},  {CK_F32, 0},      {CK_F64, 0},
    {CK_BOOL, 0}, {CK_STR, 0}, {CK_BLOB, 0}, {CK_LIST_STR, 0}, {CK_LIST_TUPLE, 3},
};

/* Row i of the sample: every column NULL on some rows, empty strings/lists on others,
 * repeated strings (the path-like column), a blob with NUL bytes, tuples with NULL fields. */
static void add_sample_row(rowbuf *b, int i)
{
    rowbuf_add_row(b);
    if (i % 7 != 3)
        rowbuf_set_i64(b, C_I64, (int64_t)i * 1000003 - 5);
    if (i % 5 != 1)
        rowbuf_set_i32(b, C_I32, -i);
    if (i % 3 == 0)
        rowbuf_set_i16(b, C_I16, (int16_t)(i * 7));
    rowbuf_set_f32(b, C_F32, (float)i / 4.0f);
    if (i % 2)
        rowbuf_set_f64(b, C_F64, (double)i * 1e-3);
    if (i % 4)
        rowbuf_set_bool(b, C_BOOL, i % 8 < 4);
    char s[32];
    snprintf(s, sizeof s, "s%d", i / 10); /* runs of equal values: repeats on the wire */
    if (i % 11 == 5)
        rowbuf_set_str(b, C_STR, "", 0);
    else if (i % 11 != 6)
        rowbuf_set_cstr(b, C_STR, s);
    const char blob[] = {'a', 0, 'b', 0};
    if (i % 6 != 2)
        rowbuf_set_blob(b, C_BLOB, blob, (size_t)(i % 5));
    if (i % 9 != 4) {
        rowbuf_list_begin(b, C_LIST);
        for (int k = 0; k < i % 4; k++)
            rowbuf_list_push_str(b, C_LIST, k ? "x" : "", k ? 1 : 0);
    }
    if (i % 10 != 7) {
        rowbuf_list_begin(b, C_TUPLE);
        for (int k = 0; k < i % 3; k++) {
            const char *t[3] = {"name", k % 2 ? NULL : "", s};
            rowbuf_list_push_tuple(b, C_TUPLE, t);
        }
    }
}

static bool strs_equal(const char *a, size_t an, const char *b, size_t bn)
{
    if (!a || !b)
        return a == b;
    return an == bn && memcmp(a, b, an) == 0;
}

/* True when row ra of a equals row rb of b, column by column. */
static bool rows_equal(const rowbuf *a, size_t ra, const rowbuf *b, size_t rb)
{
    for (size_t c = 0; c < NCOLS; c++) {
        if (rowbuf_is_null(a, c, ra) != rowbuf_is_null(b, c, rb))
            return false;
        if (rowbuf_is_null(a, c, ra))
            continue;
        size_t an, bn;
        switch (shapes[c].kind) {
        case CK_I64:
            if (rowbuf_get_i64(a, c, ra) != rowbuf_get_i64(b, c, rb))
                return false;
            break;
        case CK_I32:
            if (rowbuf_get_i32(a, c, ra) != rowbuf_get_i32(b, c, rb))
                return false;
            break;
        case CK_I16:
            if (rowbuf_get_i16(a, c, ra) != rowbuf_get_i16(b, c, rb))
                return false;
            break;
        case CK_F32:
            if (rowbuf_get_f32(a, c, ra) != rowbuf_get_f32(b, c, rb))
                return false;
            break;
        case CK_F64:
            if (rowbuf_get_f64(a, c, ra) != rowbuf_get_f64(b, c, rb))
                return false;
            break;
        case CK_BOOL:
            if (rowbuf_get_bool(a, c, ra) != rowbuf_get_bool(b, c, rb))
                return false;
            break;
        case CK_STR:
        case CK_BLOB: {
            const char *x = rowbuf_get_str(a, c, ra, &an), *y = rowbuf_get_str(b, c, rb, &bn);
            if (!strs_equal(x, an, y, bn))
                return false;
            break;
        }
        case CK_LIST_STR:
        case CK_LIST_TUPLE: {
            size_t n = rowbuf_list_len(a, c, ra), w = shapes[c].kind == CK_LIST_STR ? 1 : 3;
            if (n != rowbuf_list_len(b, c, rb))
                return false;
            for (size_t i = 0; i < n; i++)
                for (size_t f = 0; f < w; f++) {
                    const char *x = rowbuf_list_item(a, c, ra, i, f, &an);
                    const char *y = rowbuf_list_item(b, c, rb, i, f, &bn);
                    if (!strs_equal(x, an, y, bn))
                        return false;
                }
            break;
        }
        }
    }
    return true;
}

static void test_round_trip(void)
{
    rowbuf *src = rowbuf_new(NCOLS, shapes), *dst = rowbuf_new(NCOLS, shapes);
    for (int i = 0; i < 300; i++)
        add_sample_row(src, i);
    add_sample_row(dst, 42); /* appended rows go after what dst holds */
    sbuf w = SBUF_INIT;
    rowbuf_serialize(src, &w);
    rowbuf_serialize(src, &w); /* two encodings back to back: self-delimiting */
    pc_err err;
    pc_err_clear(&err);
    size_t used = 0, used2 = 0;
    CHECK(rowbuf_append_serialized(dst, w.data, w.len, &used, &err) == PC_OK);
    CHECK_EQ_I64(used * 2, w.len);
    CHECK(rowbuf_append_serialized(dst, w.data + used, w.len - used, &used2, &err) == PC_OK);
    CHECK_EQ_I64(used2, used);
    CHECK_EQ_I64(rowbuf_rows(dst), 601);
    bool same = true;
    for (size_t i = 0; i < 300; i++)
        same = same && rows_equal(src, i, dst, i + 1) && rows_equal(src, i, dst, i + 301);
    CHECK(same);
    for (size_t c = 0; c < NCOLS; c++)
        CHECK(rowbuf_col_ever_set(dst, c));
    /* equal neighbouring strings share one copy, as rowbuf_set_str makes them */
    CHECK(rowbuf_get_str(dst, C_STR, 22, NULL) == rowbuf_get_str(dst, C_STR, 23, NULL));
    sbuf_free(&w);
    rowbuf_free(src);
    rowbuf_free(dst);
}

static void test_empty_and_all_null(void)
{
    rowbuf *src = rowbuf_new(NCOLS, shapes), *dst = rowbuf_new(NCOLS, shapes);
    sbuf w = SBUF_INIT;
    pc_err err;
    pc_err_clear(&err);
    size_t used = 0;
    rowbuf_serialize(src, &w); /* no rows */
    CHECK(rowbuf_append_serialized(dst, w.data, w.len, &used, &err) == PC_OK);
    CHECK_EQ_I64(rowbuf_rows(dst), 0);
    for (int i = 0; i < 9; i++)
        rowbuf_add_row(src); /* every column NULL; 9 rows: a partial bitmap byte */
    sbuf_reset(&w);
    rowbuf_serialize(src, &w);
    CHECK(rowbuf_append_serialized(dst, w.data, w.len, &used, &err) == PC_OK);
    CHECK_EQ_I64(rowbuf_rows(dst), 9);
    CHECK(rowbuf_is_null(dst, C_TUPLE, 8) && rowbuf_is_null(dst, C_I64, 0));
    CHECK(!rowbuf_col_ever_set(dst, C_STR)); /* only NULLs: missing_cols stays right */
    sbuf_free(&w);
    rowbuf_free(src);
    rowbuf_free(dst);
}

static void test_corrupt_rejected(void)
{
    rowbuf *src = rowbuf_new(NCOLS, shapes), *dst = rowbuf_new(NCOLS, shapes);
    for (int i = 0; i < 40; i++)
        add_sample_row(src, i);
    add_sample_row(dst, 1);
    sbuf w = SBUF_INIT;
    rowbuf_serialize(src, &w);
    size_t used = 0, failures = 0;
    for (size_t cut = 0; cut < w.len; cut++) { /* every truncation is an error */
        pc_err err;
        pc_err_clear(&err);
        char *copy = core_malloc(cut);
        memcpy(copy, w.data, cut); /* exact-size copy: ASan catches any overread */
        if (rowbuf_append_serialized(dst, copy, cut, &used, &err) == PC_ERR_INTERNAL && err.msg[0])
            failures++;
        core_free(copy);
    }
    CHECK_EQ_I64(failures, w.len);
    CHECK_EQ_I64(rowbuf_rows(dst), 1); /* left as it was */
    CHECK(!rowbuf_col_ever_set(dst, C_I16));
    /* a batch of another shape is refused */
    col_shape other[NCOLS];
    memcpy(other, shapes, sizeof other);
    other[C_TUPLE].tuple_width = 2;
    rowbuf *odd = rowbuf_new(NCOLS, other);
    pc_err err;
    pc_err_clear(&err);
    CHECK(rowbuf_append_serialized(odd, w.data, w.len, &used, &err) == PC_ERR_INTERNAL);
    rowbuf *narrow = rowbuf_new(2, shapes);
    pc_err_clear(&err);
    CHECK(rowbuf_append_serialized(narrow, w.data, w.len, &used, &err) == PC_ERR_INTERNAL);
    /* random corruption never crashes (a flipped byte may still decode: no check on rc) */
    srand(7);
    for (int k = 0; k < 2000; k++) {
        char *copy = core_malloc(w.len);
        memcpy(copy, w.data, w.len);
        copy[(size_t)rand() % w.len] = (char)rand();
        pc_err_clear(&err);
        rowbuf_append_serialized(dst, copy, w.len, &used, &err);
        core_free(copy);
    }
    sbuf_free(&w);
    rowbuf_free(src);
    rowbuf_free(dst);
    rowbuf_free(odd);
    rowbuf_free(narrow);
}

TEST_MAIN(TEST(test_round_trip), TEST(test_empty_and_all_null), TEST(test_corrupt_rejected))
