/*
 * rows.c — the rows a picture or a page is drawn from: a statement's result as JSON row
 * objects (through a store_reader), and reading and printing their values.
 *
 * `pycpg show`, `pycpg report` and `pycpg callgraph` all read OUT this way; the accessors
 * forgive a missing key or a value of another type (they give NULL, 0 or false), since a
 * column the query did not produce is a bug of the query, seen as an empty value in the
 * picture, not a crash.
 */
#include "view.h"

#include <jansson.h>
#include <stdlib.h>

pc_status view_rows(store_reader *rd, const char *sql, json_t **rows, pc_err *err)
{
    pc_status rc = store_reader_json(rd, sql, rows, err);
    if (rc == PC_ERR_ARG) /* a dataset missing from OUT: not the user's usage */
        rc = err->rc = PC_ERR_DB;
    return rc;
}

const char *view_row_str(const json_t *row, const char *key)
{
    return json_string_value(json_object_get(row, key));
}

int64_t view_row_int(const json_t *row, const char *key)
{
    json_t *v = json_object_get(row, key);
    if (json_is_string(v))
        return strtoll(json_string_value(v), NULL, 10);
    if (json_is_real(v))
        return (int64_t)json_real_value(v);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

double view_row_num(const json_t *row, const char *key)
{
    json_t *v = json_object_get(row, key);
    return json_is_number(v) ? json_number_value(v) : 0;
}

bool view_row_null(const json_t *row, const char *key)
{
    json_t *v = json_object_get(row, key);
    return !v || json_is_null(v);
}

void view_html_value(sbuf *out, const json_t *v)
{
    if (json_is_string(v))
        view_html_escape(out, json_string_value(v));
    else if (json_is_integer(v))
        sbuf_printf(out, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        sbuf_printf(out, "%.4g", json_real_value(v));
    else if (json_is_true(v))
        sbuf_puts(out, "true");
    else if (json_is_false(v))
        sbuf_puts(out, "false");
    else
        sbuf_puts(out, "<span class=\"null\">—</span>");
}
