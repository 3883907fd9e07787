/*
 * merge.c — evidence datasets assembled from earlier outputs, and `pycpg link`.
 *
 * Every lens is per file: the rows of one file depend on that file's bytes (and the tool
 * versions, and the repo id in its ids) alone. So the evidence datasets of a repository can be
 * put together from outputs that each hold some of its files — the shards of `build --shard`
 * (pycpg link) — and the link stage then runs on the whole as after a clean build.
 * (Incremental builds need no merge: they reuse an earlier build's chunks whole, chunks.c.)
 *
 * Order: a clean build appends the files in path order, each file's rows in the order its
 * lenses made them. A merged dataset that has a path column is ordered by (path, source,
 * part file, row in part), which gives each file's rows in their own order and the files in
 * path order; a path-less dataset (SCIP's symbol tables, runtime inspection) is its sources
 * one after the other. Listing problems (rows of file_errors_v1 whose path is no listed file:
 * a skipped symlink, an unreadable directory) come first, as a clean build writes them before
 * the first file, in path order as the listing sorts them.
 */
#include "pipeline_int.h"

#include "../link/link.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* True when ds is written file by file (it has a path column): mergeable by path. */
static bool per_file_dataset(const reg_dataset *ds)
{
    return registry_col(ds, "path") >= 0;
}

/* The rows of ds in one source, with their position columns (__file, file_row_number) and the
 * source's ordinal. */
static void source_rows(sbuf *q, const merge_source *src, size_t k, const reg_dataset *ds)
{
    sbuf_printf(q, "SELECT *, %zu AS __source FROM ", k);
    store_parts_sql(q, src->dir, ds->name, true);
}

/* pycpg_merge_files: the paths of the merged files (repo_files_v1 of every source). */
static pc_status files_table(store *st, const merge_source *src, size_t n, pc_err *err)
{
    const reg_dataset *files = registry_find("repo_files_v1");
    sbuf q = SBUF_INIT;
    sbuf_puts(&q, "CREATE OR REPLACE TEMP TABLE pycpg_merge_files AS SELECT DISTINCT path FROM (");
    for (size_t k = 0; k < n; k++) {
        sbuf_puts(&q, k ? " UNION ALL " : "");
        source_rows(&q, &src[k], k, files);
    }
    sbuf_puts(&q, ")");
    pc_status rc = store_exec(st, q.data, err);
    sbuf_free(&q);
    return rc;
}

pc_status pipeline_merge_evidence(store *st, const merge_source *src, size_t n, const bool *wanted,
                                  pc_err *err)
{
    pc_status rc = files_table(st, src, n, err);
    for (size_t i = 0; i < registry_count() && rc == PC_OK; i++) {
        const reg_dataset *ds = registry_at(i);
        if (!wanted[i] || link_owns_dataset(ds))
            continue;
        sbuf q = SBUF_INIT;
        sbuf_puts(&q, "SELECT * FROM (");
        for (size_t k = 0; k < n; k++) {
            if (k)
                sbuf_puts(&q, " UNION ALL BY NAME ");
            source_rows(&q, &src[k], k, ds);
        }
        if (per_file_dataset(ds)) /* listing problems (paths that are no file) come first */
            sbuf_puts(&q, ") ORDER BY path IN (SELECT path FROM pycpg_merge_files), path, ");
        else
            sbuf_puts(&q, ") ORDER BY ");
        sbuf_puts(&q, "__source, __file, file_row_number");
        rc = store_write_query(st, ds, q.data, false, NULL, err);
        sbuf_free(&q);
    }
    return rc;
}

/* ---- pycpg link ------------------------------------------------------------------------- */

/* What an input output's manifest.json says about it. */
typedef struct {
    json_t *manifest;
    const char *repo_root, *repo_id, *pycpg; /* "" when the manifest lacks them */
} link_input;

static bool is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Reads and checks one input: a pycpg output of this version holding every evidence dataset. */
static pc_status read_input(const char *dir, link_input *in, pc_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    json_error_t jerr;
    in->manifest = json_load_file(path, 0, &jerr);
    if (!in->manifest)
        return pc_fail(err, PC_ERR_ARG, "%s is not a pycpg output (cannot read %s: %s)", dir, path,
                       jerr.text);
    in->repo_root = pipeline_manifest_text(in->manifest, NULL, "repo_root");
    in->repo_id = pipeline_manifest_text(in->manifest, "options", "repo_id");
    in->pycpg = pipeline_manifest_text(in->manifest, "versions", "pycpg");
    if (strcmp(in->pycpg, PYCPG_VERSION) != 0)
        return pc_fail(err, PC_ERR_ARG, "%s was written by pycpg %s, this is pycpg %s", dir,
                       *in->pycpg ? in->pycpg : "(unknown)", PYCPG_VERSION);
    for (size_t i = 0; i < registry_count(); i++) {
        const reg_dataset *ds = registry_at(i);
        snprintf(path, sizeof path, "%s/%s", dir, ds->name);
        if (!link_owns_dataset(ds) && !is_dir(path))
            return pc_fail(err, PC_ERR_ARG,
                           "%s has no dataset %s (was it built with --only?); pycpg link needs "
                           "every evidence dataset",
                           dir, ds->name);
    }
    return PC_OK;
}

static pc_status check_inputs(const link_input *in, const pycpg_link_options *opt, pc_err *err)
{
    for (size_t k = 1; k < opt->ninputs; k++) {
        const char *a = in[0].repo_id, *b = in[k].repo_id;
        if (strcmp(a, b) != 0)
            return pc_fail(err, PC_ERR_ARG,
                           "%s and %s were built with different --repo-id ('%s', '%s')",
                           opt->inputs[0], opt->inputs[k], a, b);
    }
    return PC_OK;
}

/* store_row_fn: the first value of the first row into ctx (char[1024]). */
static pc_status first_text(void *ctx, const char *const *vals, size_t n, pc_err *err)
{
    (void)err;
    char *out = ctx;
    if (n > 0 && vals[0] && !out[0])
        snprintf(out, 1024, "%s", vals[0]);
    return PC_OK;
}

/* Fails when one path is a file of two inputs (the same shard twice, or overlapping builds). */
static pc_status check_disjoint(store *st, const pycpg_link_options *opt, pc_err *err)
{
    sbuf q = SBUF_INIT;
    sbuf_puts(&q, "SELECT path, count(*) FROM (");
    for (size_t k = 0; k < opt->ninputs; k++) {
        sbuf_puts(&q, k ? " UNION ALL SELECT path FROM " : "SELECT path FROM ");
        store_parts_sql(&q, opt->inputs[k], "repo_files_v1", false);
    }
    sbuf_puts(&q, ") GROUP BY path HAVING count(*) > 1 ORDER BY path LIMIT 1");
    char dup[1024] = "";
    pc_status rc = store_query_rows(st, q.data, first_text, dup, err);
    sbuf_free(&q);
    if (rc == PC_OK && dup[0])
        rc = pc_fail(err, PC_ERR_ARG,
                     "the file %s is in more than one input: each input must hold different files "
                     "(the shards 1/N … N/N of one repository)",
                     dup);
    return rc;
}

/* Counts of the merged evidence (in dir) for the manifest and the summary. */
static pc_status take_counts(void *ctx, const char *const *vals, size_t n, pc_err *err)
{
    (void)err;
    build_summary *sum = ctx;
    int64_t *into[] = {&sum->files, &sum->files_read, &sum->bytes, &sum->problems};
    for (size_t i = 0; i < n && i < 4; i++)
        *into[i] = vals[i] ? strtoll(vals[i], NULL, 10) : 0;
    return PC_OK;
}

pc_status pipeline_merged_counts(store *st, const char *dir, build_summary *sum, pc_err *err)
{
    sbuf q = SBUF_INIT;
    sbuf_puts(&q, "SELECT count(*), count(file_sha256), coalesce(sum(size_bytes) FILTER (WHERE "
                  "file_sha256 IS NOT NULL), 0), (SELECT count(*) FROM ");
    store_parts_sql(&q, dir, "file_errors_v1", false);
    sbuf_puts(&q, ") FROM ");
    store_parts_sql(&q, dir, "repo_files_v1", false);
    pc_status rc = store_query_rows(st, q.data, take_counts, sum, err);
    sbuf_free(&q);
    sum->ts_nodes = store_report_of(st, registry_find("ts_nodes_v1"))->rows;
    return rc;
}

/* Rows the inputs' own contracts rejected (their extract_errors) are not carried into the
 * merged output: says so when there are any. */
static void warn_input_errors(const pycpg_link_options *opt)
{
    for (size_t k = 0; k < opt->ninputs; k++) {
        int64_t bad = 0;
        pc_err ignored;
        pc_err_clear(&ignored);
        if (pipeline_evidence_error_rows(opt->inputs[k], &bad, &ignored) == PC_OK && bad > 0)
            log_warn("%s: %" PRId64 " evidence rows broke their contract there (its "
                     "extract_errors); they are not carried into %s",
                     opt->inputs[k], bad, opt->out);
    }
}

static pc_status take_i64(void *ctx, const char *const *vals, size_t n, pc_err *err)
{
    (void)err;
    if (n > 0 && vals[0])
        *(int64_t *)ctx = strtoll(vals[0], NULL, 10);
    return PC_OK;
}

pc_status pipeline_evidence_error_rows(const char *dir, int64_t *out, pc_err *err)
{
    sbuf q = SBUF_INIT;
    sbuf_puts(&q, "SELECT coalesce(sum(error_rows), 0) FROM read_parquet([");
    size_t n = 0;
    char path[4096];
    for (size_t i = 0; i < registry_count(); i++) {
        const reg_dataset *ds = registry_at(i);
        snprintf(path, sizeof path, "%s/extract_errors/%s/alignment.parquet", dir, ds->name);
        struct stat sb;
        if (link_owns_dataset(ds) || stat(path, &sb) != 0)
            continue;
        sbuf_puts(&q, n++ ? ", " : "");
        store_file_literal(&q, path);
    }
    sbuf_puts(&q, "])");
    *out = 0;
    pc_status rc = n ? store_read_rows(q.data, take_i64, out, err) : PC_OK;
    sbuf_free(&q);
    return rc;
}

static pc_status link_in(const pycpg_link_options *opt, const link_input *in, const char *staging,
                         build_summary *sum, pc_err *err)
{
    store *st = NULL;
    store_options so = {.dir = staging, .memory_limit = opt->memory_limit};
    size_t n = registry_count();
    bool *wanted = core_calloc(n, sizeof *wanted);
    merge_source *src = core_calloc(opt->ninputs, sizeof *src);
    for (size_t i = 0; i < n; i++)
        wanted[i] = true;
    for (size_t k = 0; k < opt->ninputs; k++)
        src[k].dir = opt->inputs[k];
    double t0 = clock_now();
    pc_status rc = store_new(&so, &st, err);
    if (rc == PC_OK)
        rc = check_disjoint(st, opt, err);
    if (rc == PC_OK) {
        warn_input_errors(opt);
        rc = pipeline_merge_evidence(st, src, opt->ninputs, wanted, err);
    }
    if (rc == PC_OK)
        rc = pipeline_merged_counts(st, staging, sum, err);
    double t1 = clock_now();
    link_options lo = {.dir = staging,
                       .repo_root = in[0].repo_root,
                       .repo_id = in[0].repo_id,
                       .wanted = wanted,
                       .threads = 2};
    if (rc == PC_OK && !pipeline_interrupted())
        rc = link_run(st, &lo, err);
    double t2 = clock_now();
    sum->extract_seconds = t1 - t0;
    sum->link_seconds = t2 - t1;
    for (size_t i = 0; i < n; i++)
        sum->datasets += store_report_of(st, registry_at(i))->finished;
    if (rc == PC_OK)
        rc = pipeline_write_link_manifest(st, opt, in[0].repo_root, sum, err);
    store_free(st);
    if (rc == PC_OK)
        rc = pipeline_write_run_bundle(in[0].repo_root, staging, err);
    core_free(src);
    core_free(wanted);
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
    if (rc == PC_OK)
        rc = check_inputs(in, opt, err);
    char *staging = NULL;
    if (rc == PC_OK)
        rc = store_publish_prepare(opt->out, &staging, err);
    if (rc == PC_OK)
        rc = link_in(opt, in, staging, sum, err);
    if (rc == PC_OK && pipeline_interrupted())
        rc = pc_fail(err, PC_ERR_INTERRUPTED, "interrupted");
    if (rc == PC_OK)
        rc = store_publish_commit(staging, opt->out, err);
    else if (staging)
        store_publish_abort(staging);
    core_free(staging);
    for (size_t k = 0; k < opt->ninputs; k++)
        json_decref(in[k].manifest);
    core_free(in);
    sum->seconds = clock_now() - t0;
    return rc;
}
