/*
 * registry.c — expands the dataset definitions of registry_data.c into the registry.
 *
 * Expansion (once, on first use; the result is immutable and lives until exit):
 *   columns = bundle columns ++ def.fields ++ [evidence_rank SMALLINT, confidence FLOAT]
 * where the last two are added only when the family ranks evidence (evidence_rank > 0).
 * Metadata pairs and schema fingerprints are computed at the same time.
 *
 * The type table below is the only place that maps a logical type to DuckDB and rowbuf.
 */
#include "registry.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <string.h>

static const struct {
    const char *sql;
    col_shape shape;
} type_table[RT__COUNT] = {
    [RT_BIGINT] = {"BIGINT", {CK_I64, 0}},
    [RT_INTEGER] = {"INTEGER", {CK_I32, 0}},
    [RT_SMALLINT] = {"SMALLINT", {CK_I16, 0}},
    [RT_FLOAT] = {"FLOAT", {CK_F32, 0}},
    [RT_DOUBLE] = {"DOUBLE", {CK_F64, 0}},
    [RT_BOOLEAN] = {"BOOLEAN", {CK_BOOL, 0}},
    [RT_VARCHAR] = {"VARCHAR", {CK_STR, 0}},
    [RT_BLOB] = {"BLOB", {CK_BLOB, 0}},
    [RT_VARCHAR_LIST] = {"VARCHAR[]", {CK_LIST_STR, 1}},
    [RT_QNAME_LIST] = {"STRUCT(name VARCHAR, source VARCHAR)[]", {CK_LIST_TUPLE, 2}},
    [RT_KV_LIST] = {"STRUCT(key VARCHAR, value VARCHAR)[]", {CK_LIST_TUPLE, 2}},
    /* no rowbuf holds mixed struct fields: the shape is a placeholder (SQL writes it) */
    [RT_STEP_LIST] = {"STRUCT(path VARCHAR, line INTEGER, col INTEGER, end_line INTEGER, "
                      "end_col INTEGER, what VARCHAR)[]",
                      {CK_LIST_TUPLE, 6}},
};

static const reg_column bundle_file_identity[] = {
    {"file_id", RT_BIGINT, REG_REQUIRED, "stable file id: id(\"file\", [repo_id], path)", NULL,
     NULL},
    {"path", RT_VARCHAR, REG_REQUIRED, "repo-relative POSIX path", NULL, NULL},
    {"file_sha256", RT_VARCHAR, 0, "lowercase hex SHA-256 of the raw file bytes", NULL, NULL},
};

static const reg_column rank_columns[] = {
    {"evidence_rank", RT_SMALLINT, 0, "evidence rank of the family (lower is stronger)", NULL,
     NULL},
    {"confidence", RT_FLOAT, 0, "confidence of the row (float32)", NULL, NULL},
};

#define META_MAX 16

typedef struct {
    reg_dataset ds;
    reg_kv meta[META_MAX + 1];
    char fingerprint[65];
} reg_entry;

static reg_entry *entries;
static size_t nentries;

const char *reg_type_sql(reg_type t)
{
    return type_table[t].sql;
}

col_shape reg_type_shape(reg_type t)
{
    return type_table[t].shape;
}

size_t registry_family_count(void)
{
    return registry_nfamilies;
}

const reg_family *registry_family_at(size_t i)
{
    return i < registry_nfamilies ? &registry_families[i] : NULL;
}

const reg_family *registry_family_find(const char *name)
{
    for (size_t i = 0; i < registry_nfamilies; i++)
        if (strcmp(registry_families[i].name, name) == 0)
            return &registry_families[i];
    return NULL;
}

static void die_registry(const char *what, const char *name)
{
    fprintf(stderr, "pycpg: registry error: %s: %s\n", what, name);
    abort();
}

/* Bundle columns of a definition: pointer and count. */
static const reg_column *bundle_columns(reg_bundle b, size_t *n)
{
    switch (b) {
    case REG_BUNDLE_FILE_IDENTITY:
        *n = 3;
        return bundle_file_identity;
    case REG_BUNDLE_FILE_IDENTITY_NO_SHA:
        *n = 2;
        return bundle_file_identity;
    case REG_BUNDLE_NONE:
        break;
    }
    *n = 0;
    return NULL;
}

/* A recipe as DuckDB SQL: pycpg_id('prefix', part, …) with each part "col", 'lead' ||
 * "col"::VARCHAR, coalesce("col"::VARCHAR, 'if_null') or both (static storage). */
static const char *recipe_sql(const reg_id_recipe *r)
{
    sbuf b = SBUF_INIT;
    sbuf_printf(&b, "pycpg_id('%s'", r->prefix);
    for (size_t i = 0; i < REG_ID_PARTS && r->parts[i].column; i++) {
        const reg_id_part *p = &r->parts[i];
        sbuf_puts(&b, ", ");
        if (p->if_null)
            sbuf_puts(&b, "coalesce(");
        if (p->lead)
            sbuf_printf(&b, "'%s' || ", p->lead);
        sbuf_printf(&b, "\"%s\"", p->column);
        if (p->lead || p->if_null)
            sbuf_puts(&b, "::VARCHAR");
        if (p->if_null)
            sbuf_printf(&b, ", '%s')", p->if_null);
    }
    sbuf_putc(&b, ')');
    char *out = core_strdup_permanent(b.data);
    sbuf_free(&b);
    return out;
}

/* A recipe reads the row's own values: each part a column of cols that is not stored sparse
 * (its files would hold NULL where the recipe needs the value). */
static void check_recipe_reads(const reg_column *cols, size_t n, const reg_id_recipe *r)
{
    for (size_t p = 0; p < REG_ID_PARTS && r->parts[p].column; p++) {
        const char *name = r->parts[p].column;
        size_t j = 0;
        while (j < n && strcmp(cols[j].name, name) != 0)
            j++;
        if (j == n || cols[j].derive)
            die_registry("a recipe reads a column that is missing or stored sparse", name);
    }
}

static reg_column *expand_columns(const reg_dataset_def *d, const reg_family *fam, size_t *n)
{
    size_t nb = 0, nr = fam->evidence_rank > 0 ? 2 : 0;
    const reg_column *bundle = bundle_columns(d->bundle, &nb);
    reg_column *cols = core_malloc_permanent((nb + d->nfields + nr) * sizeof *cols);
    size_t k = 0;
    for (size_t i = 0; i < nb; i++)
        cols[k++] = bundle[i];
    for (size_t i = 0; i < d->nfields; i++)
        cols[k++] = d->fields[i];
    for (size_t i = 0; i < nr; i++)
        cols[k++] = rank_columns[i];
    for (size_t i = 0; i < k; i++)
        if (cols[i].recipe)
            cols[i].derive = recipe_sql(cols[i].recipe);
    for (size_t i = 0; i < k; i++)
        if (cols[i].recipe)
            check_recipe_reads(cols, k, cols[i].recipe);
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(cols[i].name, cols[j].name) == 0)
                die_registry("duplicate column", cols[i].name);
    *n = k;
    return cols;
}

/* Comma list of the columns that have a flag. Registry-lifetime storage. */
static char *columns_with(const reg_dataset *ds, unsigned flag)
{
    sbuf b = SBUF_INIT;
    sbuf_puts(&b, "");
    for (size_t i = 0; i < ds->ncols; i++) {
        if (!(ds->cols[i].flags & flag))
            continue;
        if (b.len)
            sbuf_putc(&b, ',');
        sbuf_puts(&b, ds->cols[i].name);
    }
    char *out = core_strdup_permanent(b.data);
    sbuf_free(&b);
    return out;
}

static char *ordering_of(const char *join_keys)
{
    sbuf b = SBUF_INIT;
    sbuf_puts(&b, "");
    const char *p = join_keys;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (b.len)
            sbuf_putc(&b, ',');
        sbuf_append(&b, p, n);
        sbuf_puts(&b, ":ascending");
        p += n + (e ? 1 : 0);
    }
    char *out = core_strdup_permanent(b.data);
    sbuf_free(&b);
    return out;
}

/* "col = expr; col = expr" over the columns with a derive expression ("" when none): the
 * Parquet footer says which columns are stored sparse and how a reader fills them. */
static const char *sparse_columns_of(const reg_dataset *ds)
{
    sbuf b = SBUF_INIT;
    for (size_t c = 0; c < ds->ncols; c++)
        if (ds->cols[c].derive)
            sbuf_printf(&b, "%s%s = %s", b.len ? "; " : "", ds->cols[c].name, ds->cols[c].derive);
    const char *out = b.len ? core_strdup_permanent(b.data) : ""; /* kept only when not empty */
    sbuf_free(&b);
    return out;
}

static void add_meta(reg_entry *e, size_t *k, const char *key, const char *value)
{
    if (*k >= META_MAX)
        die_registry("too many metadata keys", e->ds.name);
    e->meta[*k].key = key;
    e->meta[*k].value = value;
    (*k)++;
}

static char *fmt_owned(const char *fmt, double v)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, fmt, v);
    return core_strdup_permanent(tmp);
}

static void build_metadata(reg_entry *e)
{
    const reg_dataset *ds = &e->ds;
    size_t k = 0;
    add_meta(e, &k, "schema_name", ds->name);
    add_meta(e, &k, "schema_version", fmt_owned("%.0f", ds->version));
    add_meta(e, &k, "dataset_family", ds->family->name);
    add_meta(e, &k, "stage", ds->family->stage);
    add_meta(e, &k, "evidence_rank", fmt_owned("%.0f", ds->family->evidence_rank));
    add_meta(e, &k, "confidence", fmt_owned("%g", ds->family->confidence));
    add_meta(e, &k, "coordinate_system", ds->family->coordinate_system);
    add_meta(e, &k, "join_keys", ds->join_keys);
    add_meta(e, &k, "ordering_keys", ordering_of(ds->join_keys));
    add_meta(e, &k, "ordering_level", "implicit");
    add_meta(e, &k, "required_non_null", columns_with(ds, REG_REQUIRED));
    add_meta(e, &k, "key_fields", ds->join_keys);
    add_meta(e, &k, "ambiguity_policy", "preserve");
    add_meta(e, &k, "row_doc", ds->row_doc ? ds->row_doc : "");
    const char *sparse = sparse_columns_of(ds);
    if (sparse[0])
        add_meta(e, &k, "sparse_columns", sparse);
    add_meta(e, &k, "pycpg_version", PYCPG_VERSION);
    e->meta[k].key = NULL;
    e->meta[k].value = NULL;
}

static void build_fingerprint(reg_entry *e)
{
    json_t *fields = json_array();
    for (size_t i = 0; i < e->ds.ncols; i++) {
        const reg_column *c = &e->ds.cols[i];
        json_array_append_new(fields, json_pack("{s:s, s:s, s:b}", "name", c->name, "type",
                                                reg_type_sql(c->type), "nullable",
                                                !(c->flags & REG_REQUIRED)));
    }
    json_t *root = json_pack("{s:o}", "fields", fields);
    char *text = json_dumps(root, JSON_SORT_KEYS | JSON_COMPACT);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_Digest(text, strlen(text), md, &mdlen, EVP_sha256(), NULL);
    for (unsigned int i = 0; i < mdlen && i < 32; i++)
        snprintf(e->fingerprint + 2 * i, 3, "%02x", md[i]);
    free(text);
    json_decref(root);
}

static void registry_build(void)
{
    entries = core_malloc_permanent(registry_ndefs * sizeof *entries);
    for (size_t i = 0; i < registry_ndefs; i++) {
        const reg_dataset_def *d = &registry_defs[i];
        const reg_family *fam = registry_family_find(d->family);
        if (!fam)
            die_registry("unknown family", d->family);
        for (size_t j = 0; j < i; j++)
            if (strcmp(entries[j].ds.name, d->name) == 0)
                die_registry("duplicate dataset", d->name);
        reg_entry *e = &entries[i];
        e->ds.name = d->name;
        e->ds.version = d->version;
        e->ds.family = fam;
        e->ds.join_keys = d->join_keys ? d->join_keys : "";
        e->ds.row_doc = d->row_doc;
        e->ds.cols = expand_columns(d, fam, &e->ds.ncols);
        e->ds.index = i;
        build_metadata(e);
        build_fingerprint(e);
    }
    nentries = registry_ndefs;
}

static void ensure_built(void)
{
    if (!entries)
        registry_build();
}

size_t registry_count(void)
{
    ensure_built();
    return nentries;
}

const reg_dataset *registry_at(size_t i)
{
    ensure_built();
    return i < nentries ? &entries[i].ds : NULL;
}

const reg_dataset *registry_find(const char *name)
{
    ensure_built();
    for (size_t i = 0; i < nentries; i++)
        if (strcmp(entries[i].ds.name, name) == 0)
            return &entries[i].ds;
    return NULL;
}

int registry_col(const reg_dataset *ds, const char *col)
{
    for (size_t i = 0; i < ds->ncols; i++)
        if (strcmp(ds->cols[i].name, col) == 0)
            return (int)i;
    return -1;
}

size_t registry_col_must(const reg_dataset *ds, const char *col)
{
    int i = registry_col(ds, col);
    if (i < 0)
        die_registry(ds->name, col);
    return (size_t)i;
}

rowbuf *registry_rowbuf_new(const reg_dataset *ds)
{
    col_shape shapes[256];
    if (ds->ncols > sizeof shapes / sizeof shapes[0])
        die_registry("too many columns", ds->name);
    for (size_t i = 0; i < ds->ncols; i++)
        shapes[i] = reg_type_shape(ds->cols[i].type);
    return rowbuf_new(ds->ncols, shapes);
}

const reg_kv *registry_metadata(const reg_dataset *ds)
{
    ensure_built();
    return entries[ds->index].meta;
}

const char *registry_schema_fingerprint(const reg_dataset *ds)
{
    ensure_built();
    return entries[ds->index].fingerprint;
}
