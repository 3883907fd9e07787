/*
 * manifest.c — OUT/manifest.json: what a run wrote and how.
 *
 * Shape (2-space indent, sorted keys; docs/output.md):
 *   manifest_version, tool {name, version}, created_at_unix_s, repo_root, output_dir,
 *   versions {…}, options {…}, counts {…}, timings [{stage, seconds}], wall_seconds,
 *   datasets [{name, family, stage, path, format, parts, files {parquet: […], ipc: […]},
 *              rows, input_rows, error_rows, columns, schema_fingerprint,
 *              schema [{name, type, nullable}], metadata {…}}],
 *   extract_errors {base_dir, datasets {name: {paths {errors, stats, alignment},
 *                   error_rows}}}
 * Datasets appear in registry order; only finished datasets are listed. format is the
 * build's --format (parquet, ipc, both); files lists the part files the dataset's directory
 * holds, by format, as paths relative to the output (sorted, so in row order).
 */
#include "store_int.h"

#include <jansson.h>
#include <string.h>

static json_t *kv_object(const store_kv *kv, size_t n)
{
    json_t *o = json_object();
    for (size_t i = 0; i < n; i++)
        json_object_set_new(o, kv[i].key, json_string(kv[i].value ? kv[i].value : ""));
    return o;
}

static json_t *dataset_schema(const reg_dataset *ds)
{
    json_t *a = json_array();
    for (size_t i = 0; i < ds->ncols; i++) {
        const reg_column *c = &ds->cols[i];
        json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "name", c->name, "type",
                                           reg_type_sql(c->type), "nullable",
                                           !(c->flags & REG_REQUIRED)));
    }
    return a;
}

/* {"parquet": [<dataset>/part-….parquet …], "ipc": [… .arrow …]}: the formats present. */
static json_t *files_object(const char *dir, const char *dataset, pc_err *err, pc_status *rc)
{
    static const char *const ext[2] = {".parquet", ".arrow"}, *const key[2] = {"parquet", "ipc"};
    json_t *o = json_object();
    for (int f = 0; f < 2 && *rc == PC_OK; f++) {
        char **names = NULL;
        size_t n = 0;
        *rc = store_list_parts(dir, dataset, ext[f], &names, &n, err);
        if (n) {
            json_t *a = json_array();
            for (size_t i = 0; i < n; i++) {
                sbuf p = SBUF_INIT;
                sbuf_printf(&p, "%s/%s", dataset, names[i]);
                json_array_append_new(a, json_string(p.data));
                sbuf_free(&p);
            }
            json_object_set_new(o, key[f], a);
        }
        store_free_names(names, n);
    }
    return o;
}

static json_t *dataset_entry(const store_report *r, const char *dir, const char *format,
                             pc_err *err, pc_status *rc)
{
    const reg_dataset *ds = r->ds;
    json_t *meta = json_object();
    for (const reg_kv *kv = registry_metadata(ds); kv->key; kv++)
        json_object_set_new(meta, kv->key, json_string(kv->value));
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(ds->name));
    json_object_set_new(o, "family", json_string(ds->family->name));
    json_object_set_new(o, "stage", json_string(ds->family->stage));
    json_object_set_new(o, "path", json_string(ds->name));
    json_object_set_new(o, "format", json_string(format));
    json_object_set_new(o, "parts", json_integer(r->nparts));
    json_object_set_new(o, "files", files_object(dir, ds->name, err, rc));
    json_object_set_new(o, "rows", json_integer(r->rows));
    json_object_set_new(o, "input_rows", json_integer(r->input_rows));
    json_object_set_new(o, "error_rows", json_integer(r->error_rows));
    json_object_set_new(o, "columns", json_integer((json_int_t)ds->ncols));
    json_object_set_new(o, "schema_fingerprint", json_string(registry_schema_fingerprint(ds)));
    json_object_set_new(o, "schema", dataset_schema(ds));
    if (r->count_by) {
        json_t *counts = json_object();
        for (size_t i = 0; i < r->ncounts; i++)
            json_object_set_new(counts, r->counts[i].key, json_integer(r->counts[i].value));
        json_object_set_new(o, "counts_by",
                            json_pack("{s:s, s:o}", "column", r->count_by, "counts", counts));
    }
    json_object_set_new(o, "metadata", meta);
    return o;
}

static json_t *error_entry(const store_report *r)
{
    char p[3][512];
    snprintf(p[0], sizeof p[0], "extract_errors/%s/errors.parquet", r->ds->name);
    snprintf(p[1], sizeof p[1], "extract_errors/%s/error_stats.parquet", r->ds->name);
    snprintf(p[2], sizeof p[2], "extract_errors/%s/alignment.parquet", r->ds->name);
    return json_pack("{s:{s:s, s:s, s:s}, s:I}", "paths", "errors", p[0], "stats", p[1],
                     "alignment", p[2], "error_rows", (json_int_t)r->error_rows);
}

/* Writes root as <dir>/manifest.json when rc is PC_OK (keys sorted, two-space indent), then
 * releases root; returns rc, or the write's failure. */
static pc_status write_manifest(json_t *root, const char *dir, pc_status rc, pc_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    if (rc == PC_OK &&
        json_dump_file(root, path, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENSURE_ASCII) != 0)
        rc = pc_fail(err, PC_ERR_IO, "cannot write %s", path);
    json_decref(root);
    return rc;
}

static json_t *timings_array(const store_run_info *info)
{
    json_t *a = json_array();
    for (size_t i = 0; i < info->ntimings; i++)
        json_array_append_new(a, json_pack("{s:s, s:f}", "stage", info->timings[i].name, "seconds",
                                           info->timings[i].seconds));
    return a;
}

pc_status store_write_manifest(store *s, const store_run_info *info, pc_err *err)
{
    json_t *datasets = json_array(), *errors = json_object();
    const char *format = info->format ? info->format : "parquet";
    pc_status rc = PC_OK;
    for (size_t i = 0; i < s->nstates; i++) {
        const store_report *r = &s->states[i].rep;
        if (!r->finished)
            continue;
        json_array_append_new(datasets, dataset_entry(r, s->dir, format, err, &rc));
        json_object_set_new(errors, r->ds->name, error_entry(r));
    }
    json_t *root = json_object();
    json_object_set_new(root, "manifest_version", json_integer(1));
    json_object_set_new(root, "tool",
                        json_pack("{s:s, s:s}", "name", "pycpg", "version", PYCPG_VERSION));
    json_object_set_new(root, "created_at_unix_s", json_integer(info->created_at_unix_s));
    json_object_set_new(root, "repo_root", json_string(info->repo_root ? info->repo_root : ""));
    json_object_set_new(root, "output_dir", json_string(info->output_dir ? info->output_dir : ""));
    json_object_set_new(root, "versions", kv_object(info->versions, info->nversions));
    json_object_set_new(root, "options", kv_object(info->options, info->noptions));
    json_object_set_new(root, "counts", kv_object(info->counts, info->ncounts));
    json_object_set_new(root, "timings", timings_array(info));
    json_object_set_new(root, "wall_seconds", json_real(info->wall_seconds));
    json_object_set_new(root, "datasets", datasets);
    json_object_set_new(root, "extract_errors",
                        json_pack("{s:s, s:o}", "base_dir", "extract_errors", "datasets", errors));
    return write_manifest(root, s->dir, rc, err);
}

pc_status store_manifest_update(store *s, const char *from, pc_err *err)
{
    json_error_t jerr;
    json_t *root = json_load_file(from, 0, &jerr);
    if (!root)
        return pc_fail(err, PC_ERR_IO, "cannot read %s: %s", from, jerr.text);
    json_t *datasets = json_object_get(root, "datasets");
    json_t *errors = json_object_get(json_object_get(root, "extract_errors"), "datasets");
    pc_status rc = json_is_array(datasets) && json_is_object(errors)
                       ? PC_OK
                       : pc_fail(err, PC_ERR_INPUT, "%s: no datasets or extract_errors", from);
    for (size_t i = 0; rc == PC_OK && i < s->nstates; i++) {
        const store_report *r = &s->states[i].rep;
        if (!r->finished)
            continue;
        const char *format = "parquet";
        size_t k, at = json_array_size(datasets);
        json_t *d;
        json_array_foreach(datasets, k, d)
        {
            const char *name = json_string_value(json_object_get(d, "name"));
            if (name && strcmp(name, r->ds->name) == 0) {
                at = k;
                const char *fmt = json_string_value(json_object_get(d, "format"));
                format = fmt ? fmt : format;
            }
        }
        json_t *entry = dataset_entry(r, s->dir, format, err, &rc);
        if (at < json_array_size(datasets))
            json_array_set_new(datasets, at, entry);
        else
            json_array_append_new(datasets, entry);
        json_object_set_new(errors, r->ds->name, error_entry(r));
    }
    return write_manifest(root, s->dir, rc, err);
}

pc_status store_manifest_set_files(const char *dir, const char *format, pc_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root)
        return pc_fail(err, PC_ERR_IO, "cannot read %s: %s", path, jerr.text);
    pc_status rc = PC_OK;
    size_t i;
    json_t *ds;
    json_array_foreach(json_object_get(root, "datasets"), i, ds)
    {
        const char *name = json_string_value(json_object_get(ds, "name"));
        if (!name || rc != PC_OK)
            continue;
        json_object_set_new(ds, "format", json_string(format));
        json_object_set_new(ds, "files", files_object(dir, name, err, &rc));
    }
    json_object_set_new(json_object_get(root, "options"), "format", json_string(format));
    return write_manifest(root, dir, rc, err);
}
