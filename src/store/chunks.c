/*
 * chunks.c — moves rowbuf columns into DuckDB data chunks: chunks handed to the pycpg_rows
 * table function (rowsource.c) and chunks appended to the small error tables (writer.c).
 *
 * One chunk holds at most duckdb_vector_size() rows. Fixed-width values are written straight
 * into the vector's data array; strings through duckdb_vector_assign_string_element_len
 * after a UTF-8 check (invalid text is repaired, see writer.c); lists through the list
 * vector's child (a VARCHAR vector, or a STRUCT of VARCHAR vectors for tuple lists).
 */
#include "store_int.h"

#include <string.h>

typedef struct {
    store *s;
    const rowbuf *b;
    const size_t *rows; /* source row of each chunk row */
    size_t n;
    int rank_col, conf_col;
    const reg_family *fam;
} chunk_fill;

/* Assigns a VARCHAR after repairing invalid UTF-8 (DuckDB requires valid UTF-8). */
static void assign_repaired(store *s, duckdb_vector v, idx_t i, const char *p, size_t n)
{
    sbuf_reset(&s->utf8);
    utf8_append_repaired(&s->utf8, p, n);
    duckdb_vector_assign_string_element_len(v, i, s->utf8.data, s->utf8.len);
}

static void assign_str(store *s, duckdb_vector v, idx_t i, const char *p, size_t n, bool text)
{
    if (text && utf8_valid_prefix(p, n) != n)
        assign_repaired(s, v, i, p, n);
    else
        duckdb_vector_assign_string_element_len(v, i, p, n);
}

/* Fills a fixed-width column; NULL rank/confidence take the family defaults. */
static void fill_fixed(const chunk_fill *f, size_t col, duckdb_vector v, uint64_t *validity)
{
    void *data = duckdb_vector_get_data(v);
    col_kind k = rowbuf_shape(f->b, col).kind;
    for (size_t i = 0; i < f->n; i++) {
        size_t r = f->rows[i];
        bool null = rowbuf_is_null(f->b, col, r);
        if (null && f->fam && (int)col == f->rank_col) {
            ((int16_t *)data)[i] = (int16_t)f->fam->evidence_rank;
            continue;
        }
        if (null && f->fam && (int)col == f->conf_col) {
            ((float *)data)[i] = f->fam->confidence;
            continue;
        }
        if (null) {
            duckdb_validity_set_row_invalid(validity, i);
            continue;
        }
        switch (k) {
        case CK_I64:
            ((int64_t *)data)[i] = rowbuf_get_i64(f->b, col, r);
            break;
        case CK_I32:
            ((int32_t *)data)[i] = rowbuf_get_i32(f->b, col, r);
            break;
        case CK_I16:
            ((int16_t *)data)[i] = rowbuf_get_i16(f->b, col, r);
            break;
        case CK_F32:
            ((float *)data)[i] = rowbuf_get_f32(f->b, col, r);
            break;
        case CK_F64:
            ((double *)data)[i] = rowbuf_get_f64(f->b, col, r);
            break;
        case CK_BOOL:
            ((bool *)data)[i] = rowbuf_get_bool(f->b, col, r);
            break;
        default:
            break;
        }
    }
}

static void fill_strings(const chunk_fill *f, size_t col, duckdb_vector v, uint64_t *validity)
{
    bool text = rowbuf_shape(f->b, col).kind == CK_STR;
    const char *checked = NULL; /* rows sharing one copy (rowbuf_set_str) are checked once */
    for (size_t i = 0; i < f->n; i++) {
        size_t r = f->rows[i], len = 0;
        if (rowbuf_is_null(f->b, col, r)) {
            duckdb_validity_set_row_invalid(validity, i);
            continue;
        }
        const char *p = rowbuf_get_str(f->b, col, r, &len);
        if (text && p != checked && utf8_valid_prefix(p, len) != len) {
            assign_repaired(f->s, v, i, p, len);
            continue;
        }
        checked = p;
        duckdb_vector_assign_string_element_len(v, i, p, len);
    }
}

static void fill_list_item(const chunk_fill *f, size_t col, size_t r, size_t item,
                           duckdb_vector child, idx_t at, int width)
{
    for (int fld = 0; fld < width; fld++) {
        duckdb_vector target = width == 1 && rowbuf_shape(f->b, col).kind == CK_LIST_STR
                                   ? child
                                   : duckdb_struct_vector_get_child(child, (idx_t)fld);
        size_t len = 0;
        const char *p = rowbuf_list_item(f->b, col, r, item, (size_t)fld, &len);
        if (!p) {
            duckdb_vector_ensure_validity_writable(target);
            duckdb_validity_set_row_invalid(duckdb_vector_get_validity(target), at);
            continue;
        }
        assign_str(f->s, target, at, p, len, true);
    }
}

static void fill_lists(const chunk_fill *f, size_t col, duckdb_vector v, uint64_t *validity)
{
    size_t total = 0;
    for (size_t i = 0; i < f->n; i++)
        if (!rowbuf_is_null(f->b, col, f->rows[i]))
            total += rowbuf_list_len(f->b, col, f->rows[i]);
    duckdb_list_vector_reserve(v, total);
    duckdb_vector child = duckdb_list_vector_get_child(v);
    duckdb_list_entry *entries = duckdb_vector_get_data(v);
    int width = rowbuf_shape(f->b, col).tuple_width;
    idx_t at = 0;
    for (size_t i = 0; i < f->n; i++) {
        size_t r = f->rows[i];
        entries[i].offset = at;
        entries[i].length = 0;
        if (rowbuf_is_null(f->b, col, r)) {
            duckdb_validity_set_row_invalid(validity, i);
            continue;
        }
        size_t len = rowbuf_list_len(f->b, col, r);
        for (size_t item = 0; item < len; item++)
            fill_list_item(f, col, r, item, child, at++, width);
        entries[i].length = len;
    }
    duckdb_list_vector_set_size(v, at);
}

static void fill_column(const chunk_fill *f, size_t col, duckdb_vector v)
{
    duckdb_vector_ensure_validity_writable(v);
    uint64_t *validity = duckdb_vector_get_validity(v);
    switch (rowbuf_shape(f->b, col).kind) {
    case CK_STR:
    case CK_BLOB:
        fill_strings(f, col, v, validity);
        break;
    case CK_LIST_STR:
    case CK_LIST_TUPLE:
        fill_lists(f, col, v, validity);
        break;
    default:
        fill_fixed(f, col, v, validity);
        break;
    }
}

void store_chunks_fill(store *s, duckdb_data_chunk chunk, const rowbuf *b, const size_t *rows,
                       size_t n, int rank_col, int conf_col, const reg_family *fam)
{
    chunk_fill f = {s, b, rows, n, rank_col, conf_col, fam};
    for (size_t c = 0; c < rowbuf_cols(b); c++)
        fill_column(&f, c, duckdb_data_chunk_get_vector(chunk, c));
    duckdb_data_chunk_set_size(chunk, n);
}

static pc_status append_chunk(duckdb_appender app, const chunk_fill *f, pc_err *err)
{
    size_t ncols = rowbuf_cols(f->b);
    duckdb_logical_type types[256];
    if (PC_NEVER(ncols > 256))
        return pc_fail(err, PC_ERR_INTERNAL, "too many columns");
    for (size_t c = 0; c < ncols; c++)
        types[c] = duckdb_appender_column_type(app, c);
    duckdb_data_chunk chunk = duckdb_create_data_chunk(types, ncols);
    for (size_t c = 0; c < ncols; c++)
        duckdb_destroy_logical_type(&types[c]);
    store_chunks_fill(f->s, chunk, f->b, f->rows, f->n, f->rank_col, f->conf_col, f->fam);
    pc_status rc = PC_OK;
    if (duckdb_append_data_chunk(app, chunk) != DuckDBSuccess) {
        duckdb_error_data e = duckdb_appender_error_data(app);
        rc = pc_fail(err, PC_ERR_DB, "duckdb append: %s", duckdb_error_data_message(e));
        duckdb_destroy_error_data(&e);
    }
    duckdb_destroy_data_chunk(&chunk);
    return rc;
}

pc_status store_chunks_append(store *s, duckdb_appender app, const rowbuf *b, const bool *keep,
                              int rank_col, int conf_col, const reg_family *fam, pc_err *err)
{
    size_t cap = duckdb_vector_size(), total = rowbuf_rows(b);
    size_t *rows = core_malloc(cap * sizeof *rows);
    chunk_fill f = {s, b, rows, 0, rank_col, conf_col, fam};
    pc_status rc = PC_OK;
    for (size_t r = 0; r < total && rc == PC_OK; r++) {
        if (keep && !keep[r])
            continue;
        rows[f.n++] = r;
        if (f.n == cap) {
            rc = append_chunk(app, &f, err);
            f.n = 0;
        }
    }
    if (rc == PC_OK && f.n > 0)
        rc = append_chunk(app, &f, err);
    core_free(rows);
    return rc;
}
