/*
 * shards.c — `pycpg link`: the outputs of `build --shard K/N` put together into one output.
 *
 * Every shard lists the whole repository and cuts it into the same chunks (chunks.c: where
 * chunks are cut depends on the listing alone), and extracts the chunks it holds, each with
 * the link stage's per-file rows (link.h). The shard holding chunk c wrote c's parts exactly
 * as a clean build would have, so pycpg link needs no merge: it checks that the inputs hold
 * every chunk of one plan exactly once, takes each chunk's parts and violation files (hard
 * links, as an incremental build does) and its result, takes the listing's problems (group
 * "a") from the shard that holds them, and runs the link stage's repository-wide part over
 * the whole. The output is a clean build's: the same rows in the same order, every chunk's
 * parts byte for byte.
 *
 * Refused: an input that is not a pycpg output made by this very pycpg binary (the per-file
 * rows must come from the code that writes the rest), with every dataset (no --only) and
 * without SCIP or runtime inspection (rows of no chunk); inputs of different repositories or
 * --repo-id; inputs cut into different chunks; a chunk in two inputs or in none (a missing
 * shard); no input, or two, holding the listing's problems.
 */
#include "pipeline_int.h"

#include <dirent.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What one input says about itself (its manifest.json and extract_chunks.json). */
typedef struct {
    const char *dir;
    json_t *manifest, *chunks_doc;
    json_t *chunks; /* borrowed from chunks_doc: the plan's array */
    const char *repo_root, *repo_id;
    bool listing_problems;
} link_input;

static json_t *load_json(const char *dir, const char *name, pc_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    json_error_t jerr;
    json_t *doc = json_load_file(path, 0, &jerr);
    if (!doc)
        pc_fail(err, PC_ERR_ARG, "%s is not an output of `pycpg build` (cannot read %s: %s)", dir,
                path, jerr.text);
    return doc;
}

/* Why an input's build cannot be linked here, or NULL. */
static const char *unusable(json_t *m)
{
    if (strcmp(pipeline_manifest_text(m, "versions", "pycpg_binary_sha256"),
               pipeline_binary_sha256()) != 0)
        return "it was made by another pycpg binary (every shard and pycpg link must run the "
               "same build of pycpg)";
    const char *link = pipeline_manifest_text(m, "options", "link");
    if (strcmp(link, "per-file") != 0 && strcmp(link, "on") != 0)
        return "it was built without the link stage (--no-link)";
    if (strcmp(pipeline_manifest_text(m, "options", "only"), "") != 0)
        return "it was built with --only";
    if (strcmp(pipeline_manifest_text(m, "options", "format"), "ipc") == 0)
        return "it was built with --format ipc (pycpg link reads the Parquet parts)";
    if (strcmp(pipeline_manifest_text(m, "options", "scip"), "off") != 0 ||
        strcmp(pipeline_manifest_text(m, "options", "runtime_inspect"), "") != 0)
        return "it was built with SCIP or runtime inspection, whose rows belong to no chunk";
    return NULL;
}

static pc_status read_input(const char *dir, link_input *in, pc_err *err)
{
    in->dir = dir;
    in->manifest = load_json(dir, "manifest.json", err);
    if (!in->manifest)
        return err->rc;
    if (strcmp(pipeline_manifest_text(in->manifest, "options", "command"), "link") == 0)
        return pc_fail(err, PC_ERR_ARG, "%s is an output of pycpg link, not of a build", dir);
    const char *why = unusable(in->manifest);
    if (why)
        return pc_fail(err, PC_ERR_ARG, "%s cannot be linked: %s", dir, why);
    in->repo_root = pipeline_manifest_text(in->manifest, NULL, "repo_root");
    in->repo_id = pipeline_manifest_text(in->manifest, "options", "repo_id");
    in->chunks_doc = load_json(dir, "extract_chunks.json", err);
    if (!in->chunks_doc)
        return err->rc;
    in->chunks = json_object_get(in->chunks_doc, "chunks");
    if (json_integer_value(json_object_get(in->chunks_doc, "version")) != PIPELINE_CHUNKS_VERSION ||
        !json_is_array(in->chunks))
        return pc_fail(err, PC_ERR_ARG, "%s has no chunk records of this pycpg", dir);
    in->listing_problems = json_is_true(json_object_get(in->chunks_doc, "listing_problems"));
    return PC_OK;
}

static const char *entry_text(json_t *e, const char *key)
{
    const char *v = json_string_value(json_object_get(e, key));
    return v ? v : "";
}

/* True when chunk entries a and b are the same chunk of the plan. */
static bool same_chunk(json_t *a, json_t *b)
{
    return strcmp(entry_text(a, "tag"), entry_text(b, "tag")) == 0 &&
           strcmp(entry_text(a, "first"), entry_text(b, "first")) == 0 &&
           strcmp(entry_text(a, "last"), entry_text(b, "last")) == 0 &&
           json_integer_value(json_object_get(a, "files")) ==
               json_integer_value(json_object_get(b, "files"));
}

/* The inputs are shards of one build: one repository, one plan of chunks, every chunk and
 * the listing's problems held by exactly one of them. holder[c] is the input holding chunk
 * c; *problems the one holding the listing's problems. */
static pc_status check_inputs(const link_input *in, size_t n, size_t *holder, size_t *problems,
                              pc_err *err)
{
    size_t nchunks = json_array_size(in[0].chunks);
    for (size_t k = 1; k < n; k++) {
        if (strcmp(in[k].repo_root, in[0].repo_root) != 0 ||
            strcmp(in[k].repo_id, in[0].repo_id) != 0)
            return pc_fail(err, PC_ERR_ARG,
                           "%s and %s are builds of different repositories (or --repo-id)",
                           in[0].dir, in[k].dir);
        if (strcmp(pipeline_manifest_text(in[k].manifest, "options", "graph"),
                   pipeline_manifest_text(in[0].manifest, "options", "graph")) != 0)
            return pc_fail(err, PC_ERR_ARG,
                           "%s and %s store their graph rows otherwise (one was built with "
                           "--copy-graph)",
                           in[0].dir, in[k].dir);
        bool same = json_array_size(in[k].chunks) == nchunks;
        for (size_t c = 0; same && c < nchunks; c++)
            same = same_chunk(json_array_get(in[0].chunks, c), json_array_get(in[k].chunks, c));
        if (!same)
            return pc_fail(err, PC_ERR_ARG,
                           "%s and %s were cut into different chunks: the repository's files "
                           "changed between the shards' builds, or their options differ",
                           in[0].dir, in[k].dir);
    }
    for (size_t c = 0; c < nchunks; c++) { /* every chunk in one input at most… */
        holder[c] = n;
        for (size_t k = 0; k < n; k++) {
            if (!json_object_get(json_array_get(in[k].chunks, c), "result"))
                continue;
            if (holder[c] < n)
                return pc_fail(err, PC_ERR_ARG, "%s and %s both hold the chunk of %s … %s",
                               in[holder[c]].dir, in[k].dir,
                               entry_text(json_array_get(in[k].chunks, c), "first"),
                               entry_text(json_array_get(in[k].chunks, c), "last"));
            holder[c] = k;
        }
    }
    for (size_t c = 0; c < nchunks; c++) /* …and in one at least */
        if (holder[c] == n)
            return pc_fail(err, PC_ERR_ARG,
                           "no input holds the chunk of %s … %s: a shard is missing",
                           entry_text(json_array_get(in[0].chunks, c), "first"),
                           entry_text(json_array_get(in[0].chunks, c), "last"));
    *problems = n;
    for (size_t k = 0; k < n; k++) {
        if (in[k].listing_problems && *problems < n)
            return pc_fail(err, PC_ERR_ARG, "%s and %s both hold the listing's problems",
                           in[*problems].dir, in[k].dir);
        if (in[k].listing_problems)
            *problems = k;
    }
    if (*problems == n)
        return pc_fail(err, PC_ERR_ARG,
                       "no input holds the listing's problems: the shard 1/N is missing");
    return PC_OK;
}

/* ---- putting the shards together ---------------------------------------------------------- */

typedef struct {
    const pycpg_link_options *opt;
    const link_input *in;
    size_t n;
    const size_t *holder;
    size_t problems;
    const char *staging;
    build_run *r;
    bool problem_rows; /* the listing's problems hold a row (group "a" is linked) */
} link_job;

/* The listing's problems (file_errors_v1 rows of group "a") of the input holding them, as this
 * output's group "a". */
static pc_status take_problems(link_job *j, pc_err *err)
{
    const reg_dataset *ds = registry_find("file_errors_v1");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/%s", j->in[j->problems].dir, ds->name);
    DIR *d = opendir(dir);
    bool any = false;
    for (struct dirent *e; d && !any && (e = readdir(d)) != NULL;)
        any = strncmp(e->d_name, "part-a-", 7) == 0;
    if (d)
        closedir(d);
    pc_status rc = store_set_part_tag(j->r->st, "a", err);
    if (rc != PC_OK || !any)
        return rc;
    sbuf q = SBUF_INIT;
    sbuf_puts(&q, "SELECT * FROM ");
    store_tag_parts_sql(&q, j->in[j->problems].dir, ds->name, "a", -1);
    const char *sel = q.data;
    rc = store_append_queries(j->r->st, ds, &sel, 1, false, NULL, err);
    j->r->sum->problems += store_report_of(j->r->st, ds)->rows;
    j->problem_rows = store_report_of(j->r->st, ds)->rows > 0;
    sbuf_free(&q);
    return rc;
}

/* Every chunk from its holder: parts, violation files, link side files, result. */
static pc_status take_chunks(link_job *j, file_chunk *chunks, chunk_result *res, pc_err *err)
{
    pc_status rc = PC_OK;
    size_t nchunks = json_array_size(j->in[0].chunks);
    for (size_t c = 0; c < nchunks && rc == PC_OK; c++) {
        json_t *e = json_array_get(j->in[j->holder[c]].chunks, c);
        const char *tag = entry_text(e, "tag"), *hex = entry_text(e, "result");
        if (strlen(tag) >= STORE_TAG_MAX ||
            strspn(tag, "abcdefghijklmnopqrstuvwxyz0123456789") != strlen(tag))
            return pc_fail(err, PC_ERR_ARG, "%s: malformed chunk tag", j->in[j->holder[c]].dir);
        snprintf(chunks[c].tag, sizeof chunks[c].tag, "%s", tag);
        chunks[c].held = true;
        j->r->sum->files += json_integer_value(json_object_get(e, "files"));
        size_t len = strlen(hex) / 2;
        unsigned char *wire = core_malloc(len + 1);
        for (size_t b = 0; b < len; b++) {
            unsigned v = 0;
            sscanf(hex + 2 * b, "%2x", &v);
            wire[b] = (unsigned char)v;
        }
        const char *from = j->in[j->holder[c]].dir;
        rc = store_chunk_adopt(from, tag, j->staging, tag, j->r->wanted, err);
        if (rc == PC_OK)
            rc = link_adopt_group(from, tag, j->staging, tag, err);
        if (rc == PC_OK)
            rc = chunk_result_parse(&res[c], wire, len, err);
        core_free(wire);
    }
    return rc;
}

/* extract_chunks.json of the output: the plan, every chunk with its result. */
static pc_status save_chunks(link_job *j, pc_err *err)
{
    json_t *arr = json_array();
    for (size_t c = 0; c < json_array_size(j->in[0].chunks); c++)
        json_array_append_new(arr, json_deep_copy(json_array_get(j->in[j->holder[c]].chunks, c)));
    json_t *doc = json_pack("{s:i, s:b, s:o}", "version", PIPELINE_CHUNKS_VERSION,
                            "listing_problems", 1, "chunks", arr);
    char path[4096];
    snprintf(path, sizeof path, "%s/extract_chunks.json", j->staging);
    pc_status rc = PC_OK;
    if (!doc || json_dump_file(doc, path, JSON_COMPACT) != 0)
        rc = pc_fail(err, PC_ERR_IO, "cannot write %s", path);
    json_decref(doc);
    return rc;
}

static pc_status begin_datasets(link_job *j, const link_options *lo, pc_err *err)
{
    pc_status rc = PC_OK;
    for (size_t i = 0; i < registry_count() && rc == PC_OK; i++)
        if (!link_owns_dataset(registry_at(i)))
            rc = store_begin(j->r->st, registry_at(i), err);
    return rc == PC_OK ? link_begin(j->r->st, lo, false, err) : rc;
}

static pc_status finish_evidence(link_job *j, pc_err *err)
{
    pc_status rc = PC_OK;
    for (size_t i = 0; i < registry_count() && rc == PC_OK; i++) {
        if (link_owns_dataset(registry_at(i)))
            continue;
        rc = store_finish(j->r->st, registry_at(i), err);
        j->r->sum->datasets++;
    }
    j->r->sum->ts_nodes = store_report_of(j->r->st, registry_find("ts_nodes_v1"))->rows;
    return rc;
}

static pc_status link_in(link_job *j, pc_err *err)
{
    size_t nchunks = json_array_size(j->in[0].chunks);
    file_chunk *chunks = core_calloc(nchunks + 1, sizeof *chunks);
    chunk_result *res = core_calloc(nchunks + 1, sizeof *res);
    store_options so = {.dir = j->staging,
                        .memory_limit =
                            j->opt->memory_limit ? j->opt->memory_limit : PIPELINE_MEMORY_LIMIT,
                        .lift_limit = true};
    link_pts_report pts = {0};
    link_options lo = {
        .dir = j->staging,
        .repo_root = j->in[0].repo_root,
        .repo_id = j->in[0].repo_id,
        .wanted = j->r->wanted,
        .threads = (int)sysconf(_SC_NPROCESSORS_ONLN), /* the machine is ours */
        .pts = &pts,
        .graph_copied =
            strcmp(pipeline_manifest_text(j->in[0].manifest, "options", "graph"), "copied") == 0};
    double t0 = clock_now();
    pc_status rc = store_new(&so, &j->r->st, err);
    if (rc == PC_OK)
        rc = begin_datasets(j, &lo, err);
    if (rc == PC_OK)
        rc = take_problems(j, err);
    if (rc == PC_OK)
        rc = take_chunks(j, chunks, res, err);
    if (rc == PC_OK)
        rc = pipeline_absorb_chunks(j->r, chunks, res, nchunks, err);
    if (rc == PC_OK) /* the chunks' repo_files_v1 parts: every file, for pycpg_ast_id */
        rc = store_load_prefixes(j->r->st, err);
    if (rc == PC_OK)
        rc = store_set_part_tag(j->r->st, "z", err);
    if (rc == PC_OK)
        rc = finish_evidence(j, err);
    if (rc == PC_OK)
        rc = save_chunks(j, err);
    double t1 = clock_now();
    static const char *const groups[] = {"a"}; /* shards have no group z (no SCIP, runtime) */
    if (rc == PC_OK && !pipeline_interrupted())
        rc = link_run_repo(j->r->st, &lo, groups, j->problem_rows ? 1 : 0, err);
    if (rc == PC_OK && !pipeline_interrupted())
        rc = link_referenced_mark(&lo, err);
    for (size_t i = 0; i < registry_count(); i++)
        if (link_owns_dataset(registry_at(i)) &&
            store_report_of(j->r->st, registry_at(i))->finished)
            j->r->sum->datasets++;
    j->r->sum->extract_seconds = t1 - t0;
    j->r->sum->link_seconds = clock_now() - t1;
    if (rc == PC_OK)
        rc = pipeline_write_link_manifest(j->r->st, j->opt, j->in[0].repo_root, j->r->sum, &pts,
                                          lo.graph_copied, err);
    store_free(j->r->st);
    j->r->st = NULL;
    if (rc == PC_OK)
        rc = pipeline_write_run_bundle(j->in[0].repo_root, j->staging, err);
    for (size_t c = 0; c < nchunks; c++)
        chunk_result_clear(&res[c]);
    core_free(res);
    core_free(chunks);
    return rc;
}

pc_status pipeline_link_outputs(const pycpg_link_options *opt, build_summary *sum, pc_err *err)
{
    memset(sum, 0, sizeof *sum);
    double t0 = clock_now();
    link_input *in = core_calloc(opt->ninputs, sizeof *in);
    pc_status rc = PC_OK;
    for (size_t k = 0; k < opt->ninputs && rc == PC_OK; k++)
        rc = read_input(opt->inputs[k], &in[k], err);
    size_t nchunks = rc == PC_OK ? json_array_size(in[0].chunks) : 0, problems = 0;
    size_t *holder = core_calloc(nchunks + 1, sizeof *holder);
    if (rc == PC_OK)
        rc = check_inputs(in, opt->ninputs, holder, &problems, err);
    bool *wanted = core_calloc(registry_count(), sizeof *wanted);
    for (size_t i = 0; i < registry_count(); i++)
        wanted[i] = true;
    build_run r = {.wanted = wanted, .sum = sum};
    link_job j = {opt, in, opt->ninputs, holder, problems, NULL, &r, false};
    char *staging = NULL;
    if (rc == PC_OK)
        rc = store_publish_prepare(opt->out, &staging, err);
    j.staging = staging;
    if (rc == PC_OK)
        rc = link_in(&j, err);
    if (rc == PC_OK && pipeline_interrupted())
        rc = pc_fail(err, PC_ERR_INTERRUPTED, "interrupted");
    rc = store_publish_end(staging, opt->out, rc, err);
    for (size_t k = 0; k < opt->ninputs; k++) {
        json_decref(in[k].manifest);
        json_decref(in[k].chunks_doc);
    }
    core_free(in);
    core_free(holder);
    core_free(wanted);
    sum->seconds = clock_now() - t0;
    return rc;
}
