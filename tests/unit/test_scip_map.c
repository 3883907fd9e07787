/*
 * test_scip_map.c — SCIP (line, character) positions onto raw byte offsets (src/lens/
 * scip_map.c): UTF-8 / UTF-16 / UTF-32 units, \n / \r\n / \r lines, a BOM, astral characters
 * (surrogate pairs), invalid UTF-8, and every way a position can fail to fit.
 */
#include "lens/lens.h"

#include <string.h>

static int failures, checks;

#define CHECK(c)                                                                                   \
    do {                                                                                           \
        checks++;                                                                                  \
        if (!(c)) {                                                                                \
            failures++;                                                                            \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c);                  \
        }                                                                                          \
    } while (0)

/* The offset of (line, ch) in unit u, or -1 - status on failure. */
static int64_t at(scip_lines *l, int64_t line, int64_t ch, scip_unit u)
{
    int64_t off = -100;
    scip_map_status s = scip_lines_offset(l, line, ch, u, &off);
    return s == SCIP_MAP_OK ? off : -1 - (int64_t)s;
}

#define FAILS(s) (-1 - (int64_t)(s))

static void test_units(void)
{
    /* line 0: "a = 'hé😀x'\r\n", line 1: "y\r", line 2: "z\n", line 3: "" */
    const char *src = "a = 'h\xc3\xa9\xf0\x9f\x98\x80x'\r\ny\rz\n";
    scip_lines *l = scip_lines_new((const unsigned char *)src, strlen(src));
    /* the x after the emoji: code points 8, UTF-16 units 9, UTF-8 bytes 12 — all byte 12 */
    CHECK(at(l, 0, 8, SCIP_UNIT_UTF32) == 12);
    CHECK(at(l, 0, 9, SCIP_UNIT_UTF16) == 12);
    CHECK(at(l, 0, 12, SCIP_UNIT_UTF8) == 12);
    /* the emoji's two surrogates: 7 is its start, 8 splits it */
    CHECK(at(l, 0, 7, SCIP_UNIT_UTF16) == 8);
    CHECK(at(l, 0, 8, SCIP_UNIT_UTF16) == FAILS(SCIP_MAP_SPLITS_CHARACTER));
    /* inside the é in UTF-8 */
    CHECK(at(l, 0, 7, SCIP_UNIT_UTF8) == FAILS(SCIP_MAP_SPLITS_CHARACTER));
    /* end of line 0's text (before \r\n) is valid; one past is not */
    CHECK(at(l, 0, 11, SCIP_UNIT_UTF16) == 14);
    CHECK(at(l, 0, 12, SCIP_UNIT_UTF16) == FAILS(SCIP_MAP_COLUMN_OUT_OF_RANGE));
    /* \r alone ends line 1, \n line 2; line 3 is the empty last line */
    CHECK(at(l, 1, 0, SCIP_UNIT_UTF16) == 16);
    CHECK(at(l, 1, 1, SCIP_UNIT_UTF16) == 17);
    CHECK(at(l, 1, 2, SCIP_UNIT_UTF16) == FAILS(SCIP_MAP_COLUMN_OUT_OF_RANGE));
    CHECK(at(l, 2, 1, SCIP_UNIT_UTF16) == 19);
    CHECK(at(l, 3, 0, SCIP_UNIT_UTF16) == 20);
    CHECK(at(l, 4, 0, SCIP_UNIT_UTF16) == FAILS(SCIP_MAP_LINE_OUT_OF_RANGE));
    CHECK(at(l, -1, 0, SCIP_UNIT_UTF16) == FAILS(SCIP_MAP_LINE_OUT_OF_RANGE));
    CHECK(at(l, 0, -1, SCIP_UNIT_UTF16) == FAILS(SCIP_MAP_COLUMN_OUT_OF_RANGE));
    /* the cursor: going backwards on a line, and switching units, still gives the truth */
    CHECK(at(l, 0, 9, SCIP_UNIT_UTF16) == 12);
    CHECK(at(l, 0, 2, SCIP_UNIT_UTF16) == 2);
    CHECK(at(l, 0, 8, SCIP_UNIT_UTF32) == 12);
    CHECK(at(l, 0, 7, SCIP_UNIT_UTF32) == 8);
    scip_lines_free(l);
}

static void test_bom_and_invalid(void)
{
    /* a BOM is character 0 of line 0 (U+FEFF: one unit, three bytes) */
    const char *bom = "\xef\xbb\xbfx = 1\n";
    scip_lines *l = scip_lines_new((const unsigned char *)bom, strlen(bom));
    CHECK(at(l, 0, 0, SCIP_UNIT_UTF16) == 0);
    CHECK(at(l, 0, 1, SCIP_UNIT_UTF16) == 3);
    CHECK(at(l, 0, 2, SCIP_UNIT_UTF16) == 4);
    scip_lines_free(l);
    /* invalid UTF-8: \xff is one U+FFFD; \xe2\x82 (a truncated 3-byte sequence) is one too */
    const char *bad = "\xff"
                      "a\xe2\x82"
                      "b";
    l = scip_lines_new((const unsigned char *)bad, strlen(bad));
    CHECK(at(l, 0, 1, SCIP_UNIT_UTF16) == 1);
    CHECK(at(l, 0, 2, SCIP_UNIT_UTF16) == 2);
    CHECK(at(l, 0, 3, SCIP_UNIT_UTF16) == 4);
    CHECK(at(l, 0, 4, SCIP_UNIT_UTF32) == 5);
    CHECK(at(l, 0, 5, SCIP_UNIT_UTF32) == FAILS(SCIP_MAP_COLUMN_OUT_OF_RANGE));
    scip_lines_free(l);
    /* an empty file has one empty line */
    l = scip_lines_new((const unsigned char *)"", 0);
    CHECK(at(l, 0, 0, SCIP_UNIT_UTF8) == 0);
    CHECK(at(l, 1, 0, SCIP_UNIT_UTF8) == FAILS(SCIP_MAP_LINE_OUT_OF_RANGE));
    scip_lines_free(l);
    scip_lines_free(NULL);
    CHECK(strcmp(scip_map_status_name(SCIP_MAP_SPLITS_CHARACTER), "splits_character") == 0);
}

int main(void)
{
    long live = core_alloc_live();
    test_units();
    test_bom_and_invalid();
    CHECK(core_alloc_live() == live);
    printf("%d passed, %d failed\n", checks - failures, failures);
    return failures ? 1 : 0;
}
