/*
 * reader.c — store_reader: SQL over an output directory (`pycpg query`, show, report,
 * callgraph).
 *
 * A reader owns one in-memory DuckDB for as long as its command runs, with a view per dataset
 * directory found in OUT (named like the dataset) and three per dataset's error artifacts
 * (<dataset>_errors, _error_stats, _alignment), each made the first time a statement names
 * it (below: making all of them cost more than most queries). The user's SQL runs there —
 * it is the user's own text, run on the user's own files, with DuckDB's full power, so it is
 * passed through unchanged. The result prints as an aligned table, CSV (RFC 4180) or a JSON
 * array of objects with typed values, or comes back as that JSON array (store_reader_json) or
 * row by row as text (store_reader_rows, for pycpg's own SQL: flows, incremental builds).
 */
#include "store_int.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool path_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

/* True when dir holds a file named part-*.parquet (a written dataset). */
static bool has_parts(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    bool found = false;
    struct dirent *e;
    while (!found && (e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        found = strncmp(e->d_name, "part-", 5) == 0 && n > 13 &&
                strcmp(e->d_name + n - 8, ".parquet") == 0;
    }
    closedir(d);
    return found;
}

/* CREATE VIEW view over the files pattern names; ds's sparse columns put back (NULL: the
 * files are an error artifact, read as they are), and the rows its parts leave out (derived:
 * store_derived_check's SQL, or NULL) added. A view whose left-out rows cannot be given back
 * (refused: store_derived_check's message, or NULL) fails with that message when a statement
 * reads it, and only then: a statement that merely names it (a path in read_parquet) runs. */
static void add_view(sbuf *sql, const char *view, const char *pattern, const reg_dataset *ds,
                     const char *derived, const char *refused)
{
    sbuf from = SBUF_INIT;
    sbuf_puts(&from, "read_parquet(");
    sbuf_sql_literal(&from, pattern);
    sbuf_puts(&from, ")");
    sbuf_puts(sql, "CREATE VIEW ");
    sbuf_sql_ident(sql, view);
    sbuf_puts(sql, " AS ");
    if (refused) {
        sbuf_puts(sql, "SELECT __p.* FROM (SELECT error(");
        sbuf_sql_literal(sql, refused);
        sbuf_puts(sql, ") AS __e) AS __x, (");
    } else if (derived) {
        sbuf_puts(sql, "(");
    }
    store_dataset_select(sql, ds, from.data);
    if (refused)
        sbuf_puts(sql, ") AS __p WHERE __x.__e IS NULL");
    else if (derived)
        sbuf_printf(sql, ") UNION ALL (%s)", derived);
    sbuf_puts(sql, "; ");
    sbuf_free(&from);
}

/* out_dir with glob characters made literal ("[" → "[[]", "*" → "[*]", "?" → "[?]"), so a
 * pattern over it matches only the files inside it. */
static void glob_escaped(sbuf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '[' || *s == '*' || *s == '?') {
            sbuf_putc(b, '[');
            sbuf_putc(b, *s);
            sbuf_putc(b, ']');
        } else {
            sbuf_putc(b, *s);
        }
    }
}

/* ---- views ---------------------------------------------------------------------------
 *
 * A view is made the first time a statement names it: binding read_parquet lists the
 * dataset's directory and reads a part's footer, which for every dataset of an output costs
 * more than most of the report's queries. A statement names a view when one of its words
 * (a run of letters, digits and '_', case folded, inside quotes too) is the view's name. A
 * statement that looks at the catalogue (SHOW, DESCRIBE, SUMMARIZE, PRAGMA,
 * information_schema, pg_catalog, sqlite_master, duckdb_*()) gets every view first, so
 * that listing the views lists them all. */

#define VIEW_KINDS 4 /* the dataset, then its three error artifacts */
static const char *const view_suffix[VIEW_KINDS] = {"", "_errors", "_error_stats", "_alignment"};

enum { VIEW_UNKNOWN = 0, VIEW_MADE, VIEW_ABSENT };

/* The reader's table macros, made (with the view of the dataset they read) when a statement
 * names them. cpg_flow_path(src, dst[, rule := 'id']): a shortest path between two node ids
 * over cpg_flow_edges_v1 (`pycpg flows OUT --save`), one row per step from src (step 0) to
 * dst, none when dst is not reached; rule skips edges into a node that sanitizes that rule
 * (docs/usage.md, "Taint flows in SQL"). A breadth-first search by a recursive CTE with
 * USING KEY (one row per node reached; of the edges reaching it first, the least edge_id),
 * then the walk back. */
static const char flow_path_sql[] =
    "CREATE OR REPLACE MACRO cpg_flow_path(src, dst, rule := NULL) AS TABLE\n"
    "WITH RECURSIVE bfs(node, depth, pred, edge_id) USING KEY (node) AS (\n"
    "    SELECT CAST(src AS BIGINT), 0, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT)\n"
    "    UNION\n"
    "    SELECT e.dst_node_id, min(b.depth) + 1, arg_min(b.node, e.edge_id), min(e.edge_id)\n"
    "    FROM bfs b JOIN cpg_flow_edges_v1 e ON e.src_node_id = b.node\n"
    "    WHERE e.dst_node_id NOT IN (SELECT node FROM recurring.bfs)\n"
    "      AND NOT EXISTS (SELECT 1 FROM recurring.bfs WHERE node = dst)\n"
    "      AND (rule IS NULL OR NOT list_contains(coalesce(e.blocked_rules, []), rule))\n"
    "    GROUP BY e.dst_node_id\n"
    "),\n"
    "back(step, node, pred, edge_id) AS (\n"
    "    SELECT depth, node, pred, edge_id FROM bfs WHERE node = dst\n"
    "    UNION ALL\n"
    "    SELECT k.step - 1, b.node, b.pred, b.edge_id FROM back k JOIN bfs b ON b.node = k.pred\n"
    ")\n"
    "SELECT k.step, k.node AS node_id, e.edge_kind, e.flow_kind,\n"
    "       coalesce(e.dst_what, (SELECT min(src_what) FROM cpg_flow_edges_v1\n"
    "                  WHERE src_node_id = k.node)) AS what,\n"
    "       coalesce(e.dst_path, (SELECT min(src_path) FROM cpg_flow_edges_v1\n"
    "                  WHERE src_node_id = k.node)) AS path,\n"
    "       coalesce(e.dst_line, (SELECT min(src_line) FROM cpg_flow_edges_v1\n"
    "                  WHERE src_node_id = k.node)) AS line,\n"
    "       k.edge_id\n"
    "FROM back k LEFT JOIN cpg_flow_edges_v1 e ON e.edge_id = k.edge_id\n"
    "ORDER BY k.step\n";

#define NMACROS 1
static const struct {
    const char *name, *dataset, *sql;
} reader_macros[NMACROS] = {{"cpg_flow_path", "cpg_flow_edges_v1", flow_path_sql}};

struct store_reader {
    char *out_dir;
    duckdb_database db;
    duckdb_connection con;
    id_prefix_map *prefixes; /* repo_files_v1's, for pycpg_ast_id */
    unsigned char *state;    /* registry_count() * VIEW_KINDS: VIEW_UNKNOWN, _MADE, _ABSENT */
    bool macro_made[NMACROS];
    sbuf scratch;
};

static pc_status views_for(store_reader *r, const char *sql, pc_err *err);

/* Makes view k of dataset i when its files exist (once; later calls cost nothing). */
static pc_status make_view(store_reader *r, size_t i, size_t k, pc_err *err)
{
    unsigned char *st = &r->state[i * VIEW_KINDS + k];
    if (*st != VIEW_UNKNOWN)
        return PC_OK;
    const reg_dataset *ds = registry_at(i);
    char path[4096], view[256];
    snprintf(view, sizeof view, "%s%s", ds->name, view_suffix[k]);
    sbuf pattern = SBUF_INIT;
    if (k == 0) {
        snprintf(path, sizeof path, "%s/%s", r->out_dir, ds->name);
        *st = has_parts(path) ? VIEW_MADE : VIEW_ABSENT;
        glob_escaped(&pattern, r->out_dir);
        sbuf_printf(&pattern, "/%s/part-*.parquet", ds->name);
    } else {
        snprintf(path, sizeof path, "%s/extract_errors/%s/%s.parquet", r->out_dir, ds->name,
                 view_suffix[k] + 1);
        *st = path_exists(path) ? VIEW_MADE : VIEW_ABSENT;
        glob_escaped(&pattern, path);
    }
    pc_status rc = PC_OK;
    const char *derived = NULL;
    char *refused = NULL;
    if (*st == VIEW_MADE && k == 0) /* the views its derived rows read first */
        rc = store_derived_check(r->out_dir, ds->name, &derived, err);
    if (rc == PC_ERR_INPUT) { /* refused: a view that says why when it is read */
        refused = core_strdup(err->msg);
        pc_err_clear(err);
        rc = PC_OK;
    }
    if (rc == PC_OK && derived)
        rc = views_for(r, derived, err);
    if (rc != PC_OK)
        *st = VIEW_UNKNOWN;
    if (rc == PC_OK && *st == VIEW_MADE) {
        sbuf_reset(&r->scratch);
        add_view(&r->scratch, view, pattern.data, k == 0 ? ds : NULL, derived, refused);
        rc = store_exec_con(r->con, r->scratch.data, err);
        if (rc != PC_OK) /* the next statement that names it fails the same way */
            *st = VIEW_UNKNOWN;
    }
    core_free(refused);
    sbuf_free(&pattern);
    return rc;
}

static bool is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The view a word names: *i, *k and true, or false. */
static bool word_view(const char *w, size_t *i, size_t *k)
{
    for (size_t d = 0; d < registry_count(); d++) {
        const char *name = registry_at(d)->name;
        size_t n = strlen(name);
        if (strncmp(w, name, n) != 0)
            continue;
        for (size_t s = 0; s < VIEW_KINDS; s++)
            if (strcmp(w + n, view_suffix[s]) == 0) {
                *i = d;
                *k = s;
                return true;
            }
    }
    return false;
}

static bool word_is_catalogue(const char *w)
{
    static const char *const words[] = {"show",         "describe",           "summarize",
                                        "pragma",       "information_schema", "pg_catalog",
                                        "sqlite_master"};
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if (strcmp(w, words[k]) == 0)
            return true;
    return strncmp(w, "duckdb_", 7) == 0;
}

/* Makes macro m (and the view it reads) once. */
static pc_status make_macro(store_reader *r, size_t m, pc_err *err)
{
    if (r->macro_made[m])
        return PC_OK;
    const reg_dataset *ds = registry_find(reader_macros[m].dataset);
    pc_status rc = ds ? make_view(r, ds->index, 0, err) : PC_OK;
    /* an output without the dataset (written before it existed): no macro, and a statement
     * that calls it fails as for any unknown function */
    if (rc == PC_OK && ds && r->state[ds->index * VIEW_KINDS] == VIEW_ABSENT)
        return PC_OK;
    if (rc == PC_OK)
        rc = store_exec_con(r->con, reader_macros[m].sql, err);
    r->macro_made[m] = rc == PC_OK;
    return rc;
}

/* Makes the views and macros sql names (every one when it looks at the catalogue). */
static pc_status views_for(store_reader *r, const char *sql, pc_err *err)
{
    char w[256];
    pc_status rc = PC_OK;
    for (const char *p = sql; rc == PC_OK && *p;) {
        if (!is_word_char(*p)) {
            p++;
            continue;
        }
        size_t n = 0;
        for (; is_word_char(*p); p++)
            if (n + 1 < sizeof w)
                w[n++] = (char)((*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p);
        w[n] = '\0';
        size_t i, k;
        if (word_is_catalogue(w)) {
            for (i = 0; rc == PC_OK && i < registry_count(); i++)
                for (k = 0; rc == PC_OK && k < VIEW_KINDS; k++)
                    rc = make_view(r, i, k, err);
            for (size_t m = 0; rc == PC_OK && m < NMACROS; m++)
                rc = make_macro(r, m, err);
        } else if (word_view(w, &i, &k)) {
            rc = make_view(r, i, k, err);
        } else {
            for (size_t m = 0; rc == PC_OK && m < NMACROS; m++)
                if (strcmp(w, reader_macros[m].name) == 0)
                    rc = make_macro(r, m, err);
        }
    }
    return rc;
}

pc_status store_reader_open(const char *out_dir, int threads, store_reader **out, pc_err *err)
{
    *out = NULL;
    char marker[4096];
    snprintf(marker, sizeof marker, "%s/.pycpg-output", out_dir);
    if (access(marker, F_OK) != 0)
        return pc_fail(err, PC_ERR_ARG, "%s is not a pycpg output directory", out_dir);
    store_reader *r = core_calloc(1, sizeof *r);
    r->out_dir = core_strdup(out_dir);
    r->state = core_calloc(registry_count() * VIEW_KINDS + 1, 1);
    pc_status rc = store_open_db(NULL, NULL, threads, &r->db, &r->con, err);
    /* the same parts are read by many statements of one reader: keep their footers */
    if (rc == PC_OK)
        rc = store_exec_con(r->con, "SET parquet_metadata_cache = true", err);
    /* pycpg_id: the views put sparse id columns back with it (sparse.c) */
    if (rc == PC_OK)
        rc = store_register_functions(r->con, err);
    /* pycpg_ast_id: AST nodes' ids (the views of referenced props compute them) */
    if (rc == PC_OK) {
        r->prefixes = store_prefixes_load(r->con, out_dir);
        rc = store_register_ast_id(r->con, (const id_prefix_map *const *)&r->prefixes, err);
    }
    if (rc != PC_OK) {
        store_reader_free(r);
        return rc;
    }
    *out = r;
    return PC_OK;
}

const id_prefix_map *store_reader_prefixes(const store_reader *r)
{
    return r->prefixes;
}

void store_reader_free(store_reader *r)
{
    if (!r)
        return;
    if (r->con)
        duckdb_disconnect(&r->con);
    if (r->db)
        duckdb_close(&r->db);
    sbuf_free(&r->scratch);
    id_prefix_map_free(r->prefixes);
    core_free(r->state);
    core_free(r->out_dir);
    core_free(r);
}

/* ---- printing ------------------------------------------------------------------------- */

static size_t display_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

#define CELL_MAX 60

static void print_cell(FILE *fp, const char *s, size_t width)
{
    size_t w = 0;
    const char *p = s;
    for (; *p && w < CELL_MAX; p++) {
        unsigned char c = (unsigned char)*p;
        if ((c & 0xC0) != 0x80)
            w++;
        fputc(c == '\n' || c == '\r' || c == '\t' ? ' ' : c, fp);
        while ((((unsigned char)p[1]) & 0xC0) == 0x80)
            fputc(*++p, fp);
    }
    if (*p) {
        fputs("…", fp);
        w++;
    }
    for (; w < width; w++)
        fputc(' ', fp);
}

static void print_table(duckdb_result *res, FILE *fp)
{
    idx_t ncols = duckdb_column_count(res), nrows = duckdb_row_count(res);
    size_t *width = core_calloc(ncols ? ncols : 1, sizeof *width);
    for (idx_t c = 0; c < ncols; c++)
        width[c] = display_width(duckdb_column_name(res, c));
    for (idx_t r = 0; r < nrows; r++) {
        for (idx_t c = 0; c < ncols; c++) {
            char *v = duckdb_value_varchar(res, c, r);
            size_t w = v ? display_width(v) : 4;
            width[c] = w > width[c] ? (w > CELL_MAX + 1 ? CELL_MAX + 1 : w) : width[c];
            duckdb_free(v);
        }
    }
    for (idx_t c = 0; c < ncols; c++) {
        fputs(c ? " | " : "", fp);
        print_cell(fp, duckdb_column_name(res, c), width[c]);
    }
    fputc('\n', fp);
    for (idx_t c = 0; c < ncols; c++) {
        fputs(c ? "-+-" : "", fp);
        for (size_t k = 0; k < width[c]; k++)
            fputc('-', fp);
    }
    fputc('\n', fp);
    for (idx_t r = 0; r < nrows; r++) {
        for (idx_t c = 0; c < ncols; c++) {
            char *v = duckdb_value_varchar(res, c, r);
            fputs(c ? " | " : "", fp);
            print_cell(fp, v ? v : "NULL", width[c]);
            duckdb_free(v);
        }
        fputc('\n', fp);
    }
    fprintf(fp, "(%llu row%s)\n", (unsigned long long)nrows, nrows == 1 ? "" : "s");
    core_free(width);
}

static void print_csv_value(FILE *fp, const char *v)
{
    if (!v)
        return;
    if (!strpbrk(v, ",\"\r\n")) {
        fputs(v, fp);
        return;
    }
    fputc('"', fp);
    for (; *v; v++) {
        if (*v == '"')
            fputc('"', fp);
        fputc(*v, fp);
    }
    fputc('"', fp);
}

static void print_csv(duckdb_result *res, FILE *fp)
{
    idx_t ncols = duckdb_column_count(res), nrows = duckdb_row_count(res);
    for (idx_t c = 0; c < ncols; c++) {
        fputs(c ? "," : "", fp);
        print_csv_value(fp, duckdb_column_name(res, c));
    }
    fputc('\n', fp);
    for (idx_t r = 0; r < nrows; r++) {
        for (idx_t c = 0; c < ncols; c++) {
            fputs(c ? "," : "", fp);
            if (duckdb_value_is_null(res, c, r))
                continue;
            char *v = duckdb_value_varchar(res, c, r);
            print_csv_value(fp, v);
            duckdb_free(v);
        }
        fputc('\n', fp);
    }
}

/* An integer wider than int64 (sum() of BIGINT is HUGEINT): exact when it fits in int64,
 * otherwise the nearest double. */
static json_t *json_wide_integer(duckdb_result *res, idx_t c, idx_t r)
{
    char *v = duckdb_value_varchar(res, c, r);
    char *end = NULL;
    errno = 0;
    long long n = v ? strtoll(v, &end, 10) : 0;
    json_t *j = v && !errno && end && *end == '\0' ? json_integer(n)
                                                   : json_real(duckdb_value_double(res, c, r));
    duckdb_free(v);
    return j;
}

static json_t *json_cell(duckdb_result *res, idx_t c, idx_t r)
{
    if (duckdb_value_is_null(res, c, r))
        return json_null();
    switch (duckdb_column_type(res, c)) {
    case DUCKDB_TYPE_BOOLEAN:
        return json_boolean(duckdb_value_boolean(res, c, r));
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
        return json_integer(duckdb_value_int64(res, c, r));
    case DUCKDB_TYPE_UBIGINT:
    case DUCKDB_TYPE_HUGEINT:
    case DUCKDB_TYPE_UHUGEINT:
        return json_wide_integer(res, c, r);
    case DUCKDB_TYPE_FLOAT:
    case DUCKDB_TYPE_DOUBLE:
    case DUCKDB_TYPE_DECIMAL:
        return json_real(duckdb_value_double(res, c, r));
    default: {
        char *v = duckdb_value_varchar(res, c, r);
        json_t *j = json_string(v ? v : "");
        duckdb_free(v);
        return j;
    }
    }
}

/* True for the types json_chunk_cell reads from a chunk's vector as json_cell would by value. */
static bool chunk_type(duckdb_type t)
{
    switch (t) {
    case DUCKDB_TYPE_BOOLEAN:
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
    case DUCKDB_TYPE_FLOAT:
    case DUCKDB_TYPE_DOUBLE:
    case DUCKDB_TYPE_VARCHAR:
        return true;
    default:
        return false;
    }
}

static json_t *json_chunk_cell(duckdb_type t, const void *data, idx_t r)
{
    switch (t) {
    case DUCKDB_TYPE_BOOLEAN:
        return json_boolean(((const bool *)data)[r]);
    case DUCKDB_TYPE_TINYINT:
        return json_integer(((const int8_t *)data)[r]);
    case DUCKDB_TYPE_SMALLINT:
        return json_integer(((const int16_t *)data)[r]);
    case DUCKDB_TYPE_INTEGER:
        return json_integer(((const int32_t *)data)[r]);
    case DUCKDB_TYPE_BIGINT:
        return json_integer(((const int64_t *)data)[r]);
    case DUCKDB_TYPE_UTINYINT:
        return json_integer(((const uint8_t *)data)[r]);
    case DUCKDB_TYPE_USMALLINT:
        return json_integer(((const uint16_t *)data)[r]);
    case DUCKDB_TYPE_UINTEGER:
        return json_integer(((const uint32_t *)data)[r]);
    case DUCKDB_TYPE_FLOAT:
        return json_real(((const float *)data)[r]);
    case DUCKDB_TYPE_DOUBLE:
        return json_real(((const double *)data)[r]);
    default: { /* VARCHAR; cut at a NUL as the C string of json_cell is */
        duckdb_string_t *sv = &((duckdb_string_t *)data)[r];
        const char *p = duckdb_string_t_data(sv);
        return json_stringn(p, strnlen(p, duckdb_string_t_length(*sv)));
    }
    }
}

/* The result as a JSON array of row objects (owned by the caller). Columns of the plain types
 * (chunk_type) are read from the result's chunks; a result with another type is read value
 * by value (json_cell), which costs a call and often an allocation per value. */
static json_t *json_rows(duckdb_result *res)
{
    idx_t ncols = duckdb_column_count(res), nrows = duckdb_row_count(res);
    json_t *rows = json_array();
    duckdb_type *types = core_calloc(ncols + 1, sizeof *types);
    bool chunks = true;
    for (idx_t c = 0; c < ncols; c++) {
        types[c] = duckdb_column_type(res, c);
        chunks = chunks && chunk_type(types[c]);
    }
    for (duckdb_data_chunk ch; chunks && (ch = duckdb_fetch_chunk(*res)) != NULL;) {
        idx_t n = duckdb_data_chunk_get_size(ch), base = json_array_size(rows);
        for (idx_t r = 0; r < n; r++)
            json_array_append_new(rows, json_object());
        for (idx_t c = 0; c < ncols; c++) {
            duckdb_vector v = duckdb_data_chunk_get_vector(ch, c);
            const void *data = duckdb_vector_get_data(v);
            uint64_t *valid = duckdb_vector_get_validity(v);
            const char *name = duckdb_column_name(res, c);
            for (idx_t r = 0; r < n; r++)
                json_object_set_new(json_array_get(rows, base + r), name,
                                    valid && !duckdb_validity_row_is_valid(valid, r)
                                        ? json_null()
                                        : json_chunk_cell(types[c], data, r));
        }
        duckdb_destroy_data_chunk(&ch);
    }
    core_free(types);
    for (idx_t r = 0; !chunks && r < nrows; r++) {
        json_t *o = json_object();
        for (idx_t c = 0; c < ncols; c++)
            json_object_set_new(o, duckdb_column_name(res, c), json_cell(res, c, r));
        json_array_append_new(rows, o);
    }
    return rows;
}

static void print_json(duckdb_result *res, FILE *fp)
{
    json_t *rows = json_rows(res);
    json_dumpf(rows, fp, JSON_PRESERVE_ORDER | JSON_COMPACT);
    fputc('\n', fp);
    json_decref(rows);
}

static void print_result(duckdb_result *res, store_format fmt, FILE *fp)
{
    if (fmt == STORE_FMT_CSV)
        print_csv(res, fp);
    else if (fmt == STORE_FMT_JSON)
        print_json(res, fp);
    else
        print_table(res, fp);
}

/* Types duckdb_value_varchar cannot render (it returns NULL for them). */
static bool needs_text_cast(duckdb_type t)
{
    switch (t) {
    case DUCKDB_TYPE_LIST:
    case DUCKDB_TYPE_STRUCT:
    case DUCKDB_TYPE_MAP:
    case DUCKDB_TYPE_ARRAY:
    case DUCKDB_TYPE_UNION:
    case DUCKDB_TYPE_BLOB:
        return true;
    default:
        return false;
    }
}

/* For a single SELECT with nested columns, the same query with those columns cast to
 * VARCHAR (by position, keeping their names); otherwise NULL. Caller frees the result. */
static char *printable_sql(duckdb_connection con, const char *sql)
{
    duckdb_prepared_statement st = NULL;
    char *out = NULL;
    if (duckdb_prepare(con, sql, &st) != DuckDBSuccess ||
        duckdb_prepared_statement_type(st) != DUCKDB_STATEMENT_TYPE_SELECT)
        goto done;
    idx_t n = duckdb_prepared_statement_column_count(st);
    bool any = false;
    for (idx_t c = 0; c < n; c++)
        any = any || needs_text_cast(duckdb_prepared_statement_column_type(st, c));
    if (!any)
        goto done;
    sbuf b = SBUF_INIT;
    sbuf_puts(&b, "SELECT ");
    for (idx_t c = 0; c < n; c++) {
        bool cast = needs_text_cast(duckdb_prepared_statement_column_type(st, c));
        sbuf_printf(&b, "%s#%llu%s AS ", c ? ", " : "", (unsigned long long)c + 1,
                    cast ? "::VARCHAR" : "");
        char *name = (char *)duckdb_prepared_statement_column_name(st, c); /* ours to free */
        sbuf_sql_ident(&b, name ? name : "");
        duckdb_free(name);
    }
    sbuf_puts(&b, " FROM (");
    sbuf_puts(&b, sql);
    sbuf_puts(&b, "\n)");
    out = b.data;
done:
    duckdb_destroy_prepare(&st);
    return out;
}

/* Runs sql (its views made) with nested columns cast to text: *res is then the caller's to
 * destroy. A failing statement is PC_ERR_ARG with DuckDB's message. */
static pc_status reader_run(store_reader *r, const char *sql, duckdb_result *res, pc_err *err)
{
    pc_status rc = views_for(r, sql, err);
    if (rc != PC_OK)
        return rc;
    char *wrapped = printable_sql(r->con, sql);
    bool tried = wrapped != NULL;
    bool ok = tried && duckdb_query(r->con, wrapped, res) == DuckDBSuccess;
    core_free(wrapped);
    if (ok)
        return PC_OK;
    if (tried)
        duckdb_destroy_result(res);
    if (duckdb_query(r->con, sql, res) != DuckDBSuccess) {
        rc = pc_fail(err, PC_ERR_ARG, "query failed: %s", duckdb_result_error(res));
        duckdb_destroy_result(res);
    }
    return rc;
}

pc_status store_reader_query(store_reader *r, const char *sql, store_format fmt, FILE *fp,
                             pc_err *err)
{
    duckdb_result res;
    pc_status rc = reader_run(r, sql, &res, err);
    if (rc == PC_OK) {
        print_result(&res, fmt, fp);
        duckdb_destroy_result(&res);
    }
    return rc;
}

pc_status store_reader_json(store_reader *r, const char *sql, json_t **rows, pc_err *err)
{
    *rows = NULL;
    duckdb_result res;
    pc_status rc = reader_run(r, sql, &res, err);
    if (rc == PC_OK) {
        *rows = json_rows(&res);
        duckdb_destroy_result(&res);
    }
    return rc;
}

pc_status store_reader_rows(store_reader *r, const char *sql, store_row_fn fn, void *ctx,
                            pc_err *err)
{
    pc_status rc = views_for(r, sql, err);
    return rc == PC_OK ? store_query_rows_con(r->con, sql, fn, ctx, err) : rc;
}

pc_status store_query(const char *out_dir, const char *sql, store_format fmt, FILE *fp, pc_err *err)
{
    store_reader *r = NULL;
    pc_status rc = store_reader_open(out_dir, 0, &r, err);
    if (rc == PC_OK)
        rc = store_reader_query(r, sql, fmt, fp, err);
    store_reader_free(r);
    return rc;
}

void store_file_literal(sbuf *out, const char *path)
{
    sbuf pat = SBUF_INIT;
    glob_escaped(&pat, path);
    sbuf_sql_literal(out, pat.data);
    sbuf_free(&pat);
}

void store_glob_literal(sbuf *out, const char *dir, const char *tail)
{
    sbuf pat = SBUF_INIT;
    glob_escaped(&pat, dir);
    sbuf_puts(&pat, tail);
    sbuf_sql_literal(out, pat.data);
    sbuf_free(&pat);
}

/* rel (a read_parquet of dataset's parts) as it is, or, when the dataset has sparse columns,
 * as a subquery that puts them back. */
static void put_logical(sbuf *out, const char *dataset, const char *rel)
{
    const reg_dataset *ds = registry_find(dataset);
    if (!ds || !store_has_sparse(ds)) {
        sbuf_puts(out, rel);
        return;
    }
    sbuf_putc(out, '(');
    store_dataset_select(out, ds, rel);
    sbuf_putc(out, ')');
}

void store_tag_parts_sql(sbuf *out, const char *dir, const char *dataset, const char *tag,
                         int nparts)
{
    sbuf path = SBUF_INIT, rel = SBUF_INIT;
    sbuf_puts(&rel, "read_parquet(");
    if (nparts < 0) {
        sbuf_printf(&path, "/%s/part-", dataset);
        glob_escaped(&path, tag);
        sbuf_puts(&path, tag[0] ? "-*.parquet" : "*.parquet");
        store_glob_literal(&rel, dir, path.data);
    } else {
        /* the files by name: DuckDB lists no directory (which holds every chunk's parts) */
        sbuf_putc(&rel, '[');
        for (int k = 0; k < nparts; k++) {
            sbuf_reset(&path);
            store_part_name(&path, dir, dataset, tag, k);
            if (k)
                sbuf_puts(&rel, ", ");
            store_file_literal(&rel, path.data);
        }
        sbuf_putc(&rel, ']');
    }
    sbuf_puts(&rel, ")");
    sbuf_free(&path);
    put_logical(out, dataset, rel.data);
    sbuf_free(&rel);
}

void store_parts_sql(sbuf *out, const char *dir, const char *dataset, bool with_position)
{
    sbuf pat = SBUF_INIT;
    glob_escaped(&pat, dir);
    sbuf_printf(&pat, "/%s/part-*.parquet", dataset);
    sbuf rel = SBUF_INIT;
    sbuf_puts(&rel, "read_parquet(");
    sbuf_sql_literal(&rel, pat.data);
    if (with_position)
        sbuf_puts(&rel, ", filename = '__file', file_row_number = true");
    sbuf_puts(&rel, ")");
    sbuf_free(&pat);
    put_logical(out, dataset, rel.data);
    sbuf_free(&rel);
}

pc_status store_reader_views(store_reader *r, const char *sql, duckdb_connection *con, pc_err *err)
{
    *con = r->con;
    return views_for(r, sql, err);
}
