/*
 * run_bundle.c — the provenance of a build (cpg_pipeline.md §6.2-6.3): the manifest's `rules`,
 * `lineage` and `repro` fields, and OUT/run_bundles/run_<created_at>_<hash10>/.
 *
 * Runs after store_write_manifest, in the staging directory (so the bundle is published
 * atomically with the datasets). It reads manifest.json back, adds the fields the store does
 * not know (the link rules, the analysed repository's git state), writes it again and then
 * the bundle:
 *   manifest.json                 the manifest, as written to OUT
 *   config.json                   {repo_root, options {...}}: the build options
 *   repro.json                    {pycpg_version, versions, platform, git, bundle_name}
 *   datasets/locations.json       {name: {path, format, partitioning, parts}}
 *   relspec/rules.json            {rules [...], outputs [...], inputs [...]} (link_rules.c)
 *   relspec/contracts.json        {contracts [...]}: every registry dataset's contract
 *   relspec/compiled_outputs.json {outputs {ds: {contributors [...]}}, produced_output_keys}
 *   schemas/<family>__<name>.schema.json  {name, rows, schema_fingerprint, schema}
 * hash10 = the first 10 hex digits of SHA-256 over the compact, key-sorted JSON of
 * {"config": config, "manifest": manifest}. Every file is 2-space indented with sorted keys;
 * all contents are functions of the build except created_at_unix_s, timings and
 * wall_seconds (and so the bundle name).
 *
 * The git state is read with libgit2 (never by running git): {present:false} outside a work
 * tree; {present, head (the branch ref, or "detached"), commit, workdir}; or
 * {present, error:"failed_to_read_HEAD"} (e.g. a repository without commits).
 */
#include "pipeline_int.h"

#include "../link/link.h"

#include <errno.h>
#include <git2.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#define JSON_FLAGS (JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENSURE_ASCII)

/* Dedupe of the datasets whose writer dedupes (link.c, link_rules.c, link_emit.c); every
 * other dataset keeps all rows. Row format: dataset (or "relspec": the whole family), keys,
 * strategy, tie-breakers "column:order,…". */
static const struct {
    const char *dataset, *keys, *strategy, *tie_breakers;
} dedupes[] = {
    {"relspec", NULL, "KEEP_BEST_BY_SCORE",
     "score:descending,confidence:descending,rule_priority:ascending"},
    {"cpg_nodes_v1", "node_kind,node_id", "KEEP_FIRST_AFTER_SORT",
     "path:ascending,bstart:ascending,bend:ascending"},
    {"cpg_edges_v1", "edge_kind,src_node_id,dst_node_id,path,bstart,bend", "KEEP_BEST_BY_SCORE",
     "score:descending,confidence:descending,rule_priority:ascending,edge_id:ascending"},
    {"cpg_props_v1",
     "entity_kind,entity_id,prop_key,value_str,value_int,value_float,value_bool,"
     "value_json",
     "DISTINCT", ""},
};

/* A JSON array of the comma-separated items of list (NULL or "" → []). */
static json_t *csv_array(const char *list)
{
    json_t *a = json_array();
    for (const char *p = list; p && *p;) {
        size_t len = strcspn(p, ",");
        json_array_append_new(a, json_stringn(p, len));
        p += len + (p[len] == ',');
    }
    return a;
}

/* "col:order,…" as [{column, order}]. */
static json_t *order_array(const char *list)
{
    json_t *a = json_array();
    for (const char *p = list; p && *p;) {
        size_t len = strcspn(p, ",");
        const char *colon = memchr(p, ':', len);
        size_t clen = colon ? (size_t)(colon - p) : len;
        json_array_append_new(a, json_pack("{s:s%, s:s%}", "column", p, clen, "order",
                                           colon ? colon + 1 : "ascending",
                                           colon ? len - clen - 1 : strlen("ascending")));
        p += len + (p[len] == ',');
    }
    return a;
}

static const char *meta_of(const reg_dataset *ds, const char *key)
{
    for (const reg_kv *kv = registry_metadata(ds); kv->key; kv++)
        if (strcmp(kv->key, key) == 0)
            return kv->value;
    return NULL;
}

static json_t *schema_of(const reg_dataset *ds)
{
    json_t *a = json_array();
    for (size_t i = 0; i < ds->ncols; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "name", ds->cols[i].name, "type",
                                           reg_type_sql(ds->cols[i].type), "nullable",
                                           !(ds->cols[i].flags & REG_REQUIRED)));
    return a;
}

/* ---- rules ---------------------------------------------------------------------------- */

static json_t *rule_object(const link_rule *r)
{
    static const char *const joins[] = {"hash", "span_contained", "span_exact"};
    static const char *const ambig[] = {"preserve", "winner"};
    json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:[s,s], s:s, s:o, s:o, s:s?, s:s, s:s?, s:s, "
                          "s:s?, s:f, s:s?, s:s?}",
                          "name", r->name, "kind", "relationship", "output_dataset", r->output,
                          "priority", r->priority, "inputs", r->left, r->right, "join",
                          joins[r->join], "left_keys", csv_array(r->left_keys), "right_keys",
                          csv_array(r->right_keys), "filter", r->filter, "select", r->select,
                          "ambiguity_group", r->group, "ambiguity", ambig[r->ambiguity],
                          "tie_breakers", r->tie_breakers, "confidence", (double)r->confidence,
                          "score", r->score, "resolution_method", r->resolution_method);
    json_object_set_new(o, "contract_name", json_string(r->output));
    return o;
}

static json_t *rules_array(void)
{
    json_t *a = json_array();
    for (size_t i = 0; i < link_rule_count(); i++)
        json_array_append_new(a, rule_object(link_rule_at(i)));
    return a;
}

/* manifest `lineage`: [{output_dataset, rules}] for every relspec output, registry order. */
static json_t *lineage_array(void)
{
    json_t *a = json_array();
    for (size_t d = 0; d < registry_count(); d++) {
        const reg_dataset *ds = registry_at(d);
        if (strcmp(ds->family->stage, "relspec") != 0)
            continue;
        json_t *rules = json_array();
        for (size_t i = 0; i < link_rule_count(); i++)
            if (strcmp(link_rule_at(i)->output, ds->name) == 0)
                json_array_append_new(rules, json_string(link_rule_at(i)->name));
        json_array_append_new(a,
                              json_pack("{s:s, s:o}", "output_dataset", ds->name, "rules", rules));
    }
    return a;
}

static json_t *rules_file(void)
{
    json_t *outputs = json_array(), *inputs = json_object();
    for (size_t i = 0; i < link_rule_count(); i++) {
        const link_rule *r = link_rule_at(i);
        json_object_set_new(inputs, r->left, json_true());
        json_object_set_new(inputs, r->right, json_true());
    }
    for (size_t d = 0; d < registry_count(); d++)
        if (strcmp(registry_at(d)->family->stage, "relspec") == 0)
            json_array_append_new(outputs, json_string(registry_at(d)->name));
    json_t *in = json_array();
    const char *key;
    json_t *v;
    json_object_foreach(inputs, key, v) json_array_append_new(in, json_string(key));
    json_decref(inputs);
    return json_pack("{s:o, s:o, s:o}", "rules", rules_array(), "outputs", outputs, "inputs", in);
}

static json_t *compiled_outputs_file(void)
{
    json_t *outputs = json_object(), *keys = json_array();
    for (size_t d = 0; d < registry_count(); d++) {
        const reg_dataset *ds = registry_at(d);
        if (strcmp(ds->family->stage, "relspec") != 0)
            continue;
        json_t *contrib = json_array();
        for (size_t i = 0; i < link_rule_count(); i++) {
            const link_rule *r = link_rule_at(i);
            if (strcmp(r->output, ds->name) == 0)
                json_array_append_new(contrib,
                                      json_pack("{s:s, s:i, s:s, s:[s,s]}", "rule_name", r->name,
                                                "priority", r->priority, "kind", "relationship",
                                                "inputs", r->left, r->right));
        }
        json_object_set_new(outputs, ds->name,
                            json_pack("{s:s, s:s, s:o}", "output_dataset", ds->name,
                                      "contract_name", ds->name, "contributors", contrib));
        json_array_append_new(keys, json_string(ds->name));
    }
    return json_pack("{s:o, s:o}", "outputs", outputs, "produced_output_keys", keys);
}

/* ---- contracts ------------------------------------------------------------------------ */

static json_t *dedupe_of(const reg_dataset *ds)
{
    for (size_t i = 0; i < sizeof dedupes / sizeof dedupes[0]; i++)
        if (strcmp(dedupes[i].dataset, ds->name) == 0 ||
            strcmp(dedupes[i].dataset, ds->family->stage) == 0)
            return json_pack("{s:o, s:s, s:o}", "keys",
                             csv_array(dedupes[i].keys ? dedupes[i].keys : ds->join_keys),
                             "strategy", dedupes[i].strategy, "tie_breakers",
                             order_array(dedupes[i].tie_breakers));
    return json_pack("{s:[], s:s, s:[]}", "keys", "strategy", "KEEP_ALL", "tie_breakers");
}

static json_t *contracts_file(void)
{
    json_t *a = json_array();
    for (size_t d = 0; d < registry_count(); d++) {
        const reg_dataset *ds = registry_at(d);
        json_array_append_new(
            a, json_pack(
                   "{s:s, s:i, s:s, s:s, s:o, s:o, s:s, s:o, s:o, s:o}", "name", ds->name,
                   "version", ds->version, "family", ds->family->name, "stage", ds->family->stage,
                   "required_non_null", csv_array(meta_of(ds, "required_non_null")), "key_fields",
                   csv_array(meta_of(ds, "key_fields")), "schema_fingerprint",
                   registry_schema_fingerprint(ds), "schema", schema_of(ds), "dedupe",
                   dedupe_of(ds), "canonical_sort", order_array(meta_of(ds, "ordering_keys"))));
    }
    return json_pack("{s:o}", "contracts", a);
}

/* ---- repro ---------------------------------------------------------------------------- */

static json_t *git_state(const char *root)
{
    git_repository *repo = NULL;
    git_reference *head = NULL;
    json_t *o = NULL;
    if (git_libgit2_init() < 0)
        return json_pack("{s:b, s:s}", "present", 0, "error", "libgit2_init_failed");
    if (git_repository_open_ext(&repo, root, 0, NULL) != 0) {
        o = json_pack("{s:b}", "present", 0);
        goto out;
    }
    const char *wd = git_repository_workdir(repo);
    if (git_repository_head(&head, repo) != 0) {
        o = json_pack("{s:b, s:s, s:s?}", "present", 1, "error", "failed_to_read_HEAD", "workdir",
                      wd);
        goto out;
    }
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, git_reference_target(head));
    o = json_pack("{s:b, s:s, s:s, s:s?}", "present", 1, "head",
                  git_repository_head_detached(repo) == 1 ? "detached" : git_reference_name(head),
                  "commit", hex, "workdir", wd);
    if (git_repository_head_detached(repo) != 1)
        json_object_set_new(o, "ref", json_string(git_reference_shorthand(head)));
out:
    git_reference_free(head);
    git_repository_free(repo);
    git_libgit2_shutdown();
    return o;
}

static json_t *platform_of(void)
{
    struct utsname u;
    if (uname(&u) != 0)
        return json_pack("{s:s}", "error", strerror(errno));
    return json_pack("{s:s, s:s, s:s}", "system", u.sysname, "release", u.release, "machine",
                     u.machine);
}

/* ---- files ---------------------------------------------------------------------------- */

static pc_status mkdir_p(const char *path, pc_err *err)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return pc_fail(err, PC_ERR_IO, "cannot create %s: %s", buf, strerror(errno));
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        return pc_fail(err, PC_ERR_IO, "cannot create %s: %s", buf, strerror(errno));
    return PC_OK;
}

/* out = a "/" b (sep "" for none); an error when it does not fit in cap. */
static pc_status join(char *out, size_t cap, const char *a, const char *sep, const char *b,
                      pc_err *err)
{
    int n = snprintf(out, cap, "%s%s%s", a, sep, b);
    if (n < 0 || (size_t)n >= cap)
        return pc_fail(err, PC_ERR_IO, "path too long: %s%s%s", a, sep, b);
    return PC_OK;
}

/* Writes j (borrowed) to dir/name. */
static pc_status dump(const json_t *j, const char *dir, const char *name, pc_err *err)
{
    char path[4096];
    pc_status rc = join(path, sizeof path, dir, "/", name, err);
    if (rc != PC_OK)
        return rc;
    if (json_dump_file(j, path, JSON_FLAGS) != 0)
        return pc_fail(err, PC_ERR_IO, "cannot write %s", path);
    return PC_OK;
}

/* The first 10 hex digits of SHA-256 over compact sorted {"config", "manifest"}. */
static void bundle_hash(json_t *manifest, json_t *config, char out[11])
{
    json_t *both = json_pack("{s:O, s:O}", "config", config, "manifest", manifest);
    char *text = json_dumps(both, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_Digest(text ? text : "", text ? strlen(text) : 0, md, &mdlen, EVP_sha256(), NULL);
    for (size_t i = 0; i < 5; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
    free(text);
    json_decref(both);
}

/* schemas/ and datasets/locations.json from the manifest's dataset entries. */
static pc_status dataset_files(json_t *manifest, const char *bdir, pc_err *err)
{
    json_t *locations = json_object(), *ds;
    size_t i;
    pc_status rc = PC_OK;
    json_array_foreach(json_object_get(manifest, "datasets"), i, ds)
    {
        const char *name = json_string_value(json_object_get(ds, "name"));
        const char *family = json_string_value(json_object_get(ds, "family"));
        if (!name || !family)
            continue;
        json_object_set_new(locations, name,
                            json_pack("{s:O, s:O, s:s, s:O}", "path", json_object_get(ds, "path"),
                                      "format", json_object_get(ds, "format"), "partitioning",
                                      "none", "parts", json_object_get(ds, "parts")));
        json_t *s =
            json_pack("{s:s, s:O, s:O, s:O}", "name", name, "rows", json_object_get(ds, "rows"),
                      "schema_fingerprint", json_object_get(ds, "schema_fingerprint"), "schema",
                      json_object_get(ds, "schema"));
        char file[512];
        snprintf(file, sizeof file, "schemas/%s__%s.schema.json", family, name);
        if (rc == PC_OK)
            rc = dump(s, bdir, file, err);
        json_decref(s);
    }
    if (rc == PC_OK)
        rc = dump(locations, bdir, "datasets/locations.json", err);
    json_decref(locations);
    return rc;
}

pc_status pipeline_write_run_bundle(const char *repo_root, const char *dir, pc_err *err)
{
    char path[4096], bdir[4096], name[96], hash[11];
    json_error_t jerr;
    pc_status rc = join(path, sizeof path, dir, "/", "manifest.json", err);
    if (rc != PC_OK)
        return rc;
    json_t *manifest = json_load_file(path, 0, &jerr);
    if (!manifest)
        return pc_fail(err, PC_ERR_IO, "cannot read %s: %s", path, jerr.text);
    json_t *repro = json_pack("{s:s, s:O, s:o, s:o}", "pycpg_version", PYCPG_VERSION, "versions",
                              json_object_get(manifest, "versions"), "platform", platform_of(),
                              "git", git_state(repo_root));
    json_object_set_new(manifest, "rules", rules_array());
    json_object_set_new(manifest, "lineage", lineage_array());
    json_object_set(manifest, "repro", repro);
    json_t *config = json_pack("{s:s, s:O}", "repo_root", repo_root, "options",
                               json_object_get(manifest, "options"));
    bundle_hash(manifest, config, hash);
    snprintf(name, sizeof name, "run_%lld_%s",
             (long long)json_integer_value(json_object_get(manifest, "created_at_unix_s")), hash);
    json_object_set_new(repro, "bundle_name", json_string(name));
    rc = join(bdir, sizeof bdir, dir, "/run_bundles/", name, err);
    if (rc == PC_OK)
        rc = dump(manifest, dir, "manifest.json", err);
    static const char *const subdirs[] = {"", "/datasets", "/relspec", "/schemas"};
    for (size_t i = 0; i < 4 && rc == PC_OK; i++) {
        rc = join(path, sizeof path, bdir, "", subdirs[i], err);
        if (rc == PC_OK)
            rc = mkdir_p(path, err);
    }
    json_t *files[] = {manifest,     config,           repro,
                       rules_file(), contracts_file(), compiled_outputs_file()};
    static const char *const names[] = {"manifest.json",
                                        "config.json",
                                        "repro.json",
                                        "relspec/rules.json",
                                        "relspec/contracts.json",
                                        "relspec/compiled_outputs.json"};
    for (size_t i = 0; i < 6 && rc == PC_OK; i++)
        rc = dump(files[i], bdir, names[i], err);
    if (rc == PC_OK)
        rc = dataset_files(manifest, bdir, err);
    for (size_t i = 0; i < 6; i++)
        json_decref(files[i]);
    return rc;
}
