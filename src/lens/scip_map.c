/*
 * scip_map.c — SCIP positions (0-based line, character in UTF-8 / UTF-16 / UTF-32 units) onto
 * byte offsets of the raw file bytes: the one coordinate system of every pycpg dataset.
 *
 * Owns a scip_lines: the line starts of one file (core line_index: \n, \r\n, \r — the line
 * breaks of CPython's tokenizer and of pyright, whose positions scip-python reports) plus a
 * cursor remembering the last position mapped, so the occurrences of a line, which indexers
 * emit in order, are mapped by walking each line about once rather than once per occurrence.
 *
 * Characters are counted over the raw bytes decoded as UTF-8. A UTF-8 BOM is the character
 * U+FEFF of line 0, as in the text scip-python (node's UTF-8 decoding, which keeps it) reports
 * positions in: pinned by the BOM file of tests/fixtures/scip. Each maximal invalid subpart of
 * a UTF-8 sequence counts as one U+FFFD (the WHATWG decoder node uses does the same) — one
 * unit in UTF-16 and UTF-32, its byte count in UTF-8; a code point above
 * U+FFFF is two UTF-16 units (a surrogate pair), so a UTF-16 offset between them splits the
 * character and is an error, never a guess.
 */
#include "lens.h"

struct scip_lines {
    const unsigned char *bytes;
    size_t len;
    line_index li;
    /* cursor: in line cur_line, cur_units units of unit cur_unit end at byte cur_byte */
    int64_t cur_line;
    scip_unit cur_unit;
    int64_t cur_units, cur_byte;
};

scip_lines *scip_lines_new(const unsigned char *bytes, size_t len)
{
    scip_lines *l = core_calloc(1, sizeof *l);
    l->bytes = bytes;
    l->len = len;
    line_index_build(&l->li, (const char *)bytes, len);
    l->cur_line = -1;
    return l;
}

void scip_lines_free(scip_lines *l)
{
    if (!l)
        return;
    line_index_free(&l->li);
    core_free(l);
}

const char *scip_map_status_name(scip_map_status s)
{
    switch (s) {
    case SCIP_MAP_OK:
        return "ok";
    case SCIP_MAP_LINE_OUT_OF_RANGE:
        return "line_out_of_range";
    case SCIP_MAP_COLUMN_OUT_OF_RANGE:
        return "column_out_of_range";
    case SCIP_MAP_SPLITS_CHARACTER:
        return "splits_character";
    }
    return "unknown";
}

/* Length in bytes of the UTF-8 sequence at p[0..n) (n >= 1) and whether it is a valid
 * character; an invalid one is its maximal subpart (at least one byte). *astral is set for a
 * code point above U+FFFF. */
static size_t seq_len(const unsigned char *p, size_t n, bool *astral)
{
    unsigned char c = p[0];
    *astral = false;
    if (c < 0x80)
        return 1;
    size_t want;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        want = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        want = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        want = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 1;
    size_t k = 1;
    for (; k < want && k < n; k++) {
        unsigned char b = p[k];
        if (b < lo || b > hi)
            return k; /* maximal subpart: lead + valid continuations so far */
        lo = 0x80;
        hi = 0xBF;
    }
    if (k < want)
        return k;
    *astral = want == 4;
    return want;
}

/* End of line's text (its terminator excluded). */
static int64_t line_text_end(const scip_lines *l, size_t line)
{
    int64_t end = l->li.starts[line + 1];
    if (line + 1 == l->li.nlines)
        return end; /* last line: no terminator */
    if (end > l->li.starts[line] && l->bytes[end - 1] == '\n')
        end--;
    else if (end > l->li.starts[line] && l->bytes[end - 1] == '\r')
        return end - 1;
    if (end > l->li.starts[line] && l->bytes[end - 1] == '\r')
        end--;
    return end;
}

scip_map_status scip_lines_offset(scip_lines *l, int64_t line, int64_t character, scip_unit u,
                                  int64_t *offset)
{
    if (line < 0 || (uint64_t)line >= l->li.nlines)
        return SCIP_MAP_LINE_OUT_OF_RANGE;
    if (character < 0)
        return SCIP_MAP_COLUMN_OUT_OF_RANGE;
    int64_t start = l->li.starts[line];
    int64_t end = line_text_end(l, (size_t)line);
    int64_t pos = start, units = 0;
    if (l->cur_line == line && l->cur_unit == u && l->cur_units <= character) {
        pos = l->cur_byte;
        units = l->cur_units;
    }
    while (units < character && pos < end) {
        bool astral = false;
        size_t n = seq_len(l->bytes + pos, (size_t)(end - pos), &astral);
        int64_t w = u == SCIP_UNIT_UTF8 ? (int64_t)n : (u == SCIP_UNIT_UTF16 && astral) ? 2 : 1;
        if (units + w > character)
            return SCIP_MAP_SPLITS_CHARACTER;
        units += w;
        pos += (int64_t)n;
    }
    if (units < character)
        return SCIP_MAP_COLUMN_OUT_OF_RANGE;
    l->cur_line = line;
    l->cur_unit = u;
    l->cur_units = units;
    l->cur_byte = pos;
    *offset = pos;
    return SCIP_MAP_OK;
}
