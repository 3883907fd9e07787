/*
 * manifest_info.c — the run facts of a build (versions, options, counts, timings) handed to
 * store_write_manifest. All values are rendered as text here; the store owns the JSON.
 */
#include "pipeline_int.h"

#include "../lens/lens.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

#ifndef PYCPG_TS_RUNTIME_VERSION
#define PYCPG_TS_RUNTIME_VERSION "unknown"
#endif
#ifndef PYCPG_LIBGIT2_VERSION
#define PYCPG_LIBGIT2_VERSION "unknown"
#endif
#ifndef PYCPG_PYTHON_VERSION
#define PYCPG_PYTHON_VERSION "unknown"
#endif

#define MAX_KV 32

typedef struct {
    store_kv kv[MAX_KV];
    char text[MAX_KV][1024];
    size_t n;
} kv_list;

static void kv_add(kv_list *l, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void kv_add(kv_list *l, const char *key, const char *fmt, ...)
{
    if (l->n >= MAX_KV)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(l->text[l->n], sizeof l->text[l->n], fmt, ap);
    va_end(ap);
    l->kv[l->n].key = key;
    l->kv[l->n].value = l->text[l->n];
    l->n++;
}

const char *pipeline_joined(char *buf, size_t cap, const char *const *items, size_t n)
{
    buf[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < n && used + 1 < cap; i++) {
        int w = snprintf(buf + used, cap - used, "%s%s", i ? "," : "", items[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    return buf;
}

static void versions_of(kv_list *v)
{
    kv_add(v, "pycpg", "%s", PYCPG_VERSION);
    kv_add(v, "pycpg_binary_sha256", "%s", pipeline_binary_sha256());
    kv_add(v, "duckdb", "%s", store_duckdb_version());
    kv_add(v, "tree_sitter_runtime", "%s", PYCPG_TS_RUNTIME_VERSION);
    kv_add(v, "libgit2", "%s", PYCPG_LIBGIT2_VERSION);
    kv_add(v, "python", "%s", PYCPG_PYTHON_VERSION);
    for (size_t l = 0; l < lens_count(); l++)
        kv_add(v, lens_at(l)->name, "%s", lens_at(l)->version);
    kv_add(v, "scip", "%s", lens_scip_version);
}

/* The call graph's points-to analysis: how it ended (no time here: the run bundle's
 * deterministic manifest keeps the counts; the time is the timing link_points_to). */
static void points_to_counts(kv_list *counts, const link_pts_report *pts)
{
    if (!pts || !pts->ran)
        return;
    kv_add(counts, "points_to_status", "%s", pts->status);
    kv_add(counts, "points_to_rounds", "%d", pts->rounds);
    kv_add(counts, "points_to_facts", "%" PRId64, pts->facts);
}

static void options_of(kv_list *o, const build_options *opt)
{
    char buf[1024];
    kv_add(o, "repo", "%s", opt->repo);
    kv_add(o, "out", "%s", opt->out);
    kv_add(o, "only", "%s",
           opt->nonly ? pipeline_joined(buf, sizeof buf, opt->only, opt->nonly) : "");
    kv_add(o, "include", "%s",
           opt->scan.ninclude
               ? pipeline_joined(buf, sizeof buf, opt->scan.include_globs, opt->scan.ninclude)
               : "**/*.py");
    kv_add(o, "exclude", "%s",
           pipeline_joined(buf, sizeof buf, opt->scan.exclude_globs, opt->scan.nexclude));
    kv_add(o, "gitignore", "%s", opt->scan.no_gitignore ? "false" : "true");
    kv_add(o, "default_excludes", "%s", opt->scan.no_default_excludes ? "false" : "true");
    kv_add(o, "max_file_size", "%" PRId64, opt->scan.max_file_size);
    kv_add(o, "repo_id", "%s", opt->scan.repo_id ? opt->scan.repo_id : "");
    kv_add(o, "jobs", "%d", opt->jobs);
    kv_add(o, "file_timeout", "%g", opt->file_timeout);
    kv_add(o, "link", "%s", opt->no_link ? "off" : opt->shard_n > 0 ? "per-file" : "on");
    if (opt->shard_n > 0)
        kv_add(o, "shard", "%d/%d", opt->shard_k, opt->shard_n);
    kv_add(o, "memory_limit", "%s", opt->memory_limit ? opt->memory_limit : "");
    kv_add(o, "format", "%s", store_out_format_name(opt->format));
    kv_add(o, "graph", "%s", pipeline_graph_copied(opt) ? "copied" : "referenced");
    kv_add(o, "scip", "%s",
           opt->scip_mode == SCIP_MODE_OFF    ? "off"
           : opt->scip_mode == SCIP_MODE_PATH ? opt->scip_path
                                              : "auto");
    kv_add(o, "scip_timeout", "%.0f", opt->scip_timeout);
    kv_add(o, "runtime_inspect", "%s",
           pipeline_joined(buf, sizeof buf, opt->runtime_modules, opt->nruntime_modules));
    if (opt->nruntime_modules) {
        kv_add(o, "runtime_python", "%s", opt->runtime_python ? opt->runtime_python : "python3");
        kv_add(o, "runtime_timeout", "%g", opt->runtime_timeout);
        kv_add(o, "runtime_total_timeout", "%g", opt->runtime_total_timeout);
        kv_add(o, "runtime_memory", "%" PRId64, opt->runtime_memory);
        kv_add(o, "runtime_max_output", "%" PRId64, opt->runtime_max_output);
    }
}

pc_status pipeline_write_manifest(build_run *r, const scan_list *list, const store_timing *t,
                                  size_t nt, pc_err *err)
{
    static kv_list versions, options, counts; /* large; one build per process at a time */
    memset(&versions, 0, sizeof versions);
    memset(&options, 0, sizeof options);
    memset(&counts, 0, sizeof counts);
    versions_of(&versions);
    options_of(&options, r->opt);
    kv_add(&counts, "files", "%" PRId64, r->sum->files);
    kv_add(&counts, "files_read", "%" PRId64, r->sum->files_read);
    kv_add(&counts, "bytes", "%" PRId64, r->sum->bytes);
    kv_add(&counts, "problems", "%" PRId64, r->sum->problems);
    kv_add(&counts, "reused_files", "%" PRId64, r->sum->reused_files);
    kv_add(&counts, "gitignore_used", "%s", scan_list_used_gitignore(list) ? "true" : "false");
    scip_stage_manifest(r->scip, counts.kv, counts.text, &counts.n, MAX_KV);
    runtime_stage_manifest(r->runtime, counts.kv, counts.text, &counts.n, MAX_KV);
    points_to_counts(&counts, r->pts);
    store_run_info info = {
        .repo_root = scan_list_root(list),
        .output_dir = r->opt->out,
        .versions = versions.kv,
        .nversions = versions.n,
        .options = options.kv,
        .noptions = options.n,
        .timings = t,
        .ntimings = nt,
        .counts = counts.kv,
        .ncounts = counts.n,
        .wall_seconds = clock_now() - r->t_start,
        .created_at_unix_s = (int64_t)time(NULL),
        .format = store_out_format_name(r->opt->format),
    };
    return store_write_manifest(r->st, &info, err);
}

void pipeline_manifest_add(store_kv *kv, char (*text)[1024], size_t *n, size_t cap, const char *key,
                           const char *fmt, ...)
{
    if (*n >= cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text[*n], 1024, fmt, ap);
    va_end(ap);
    kv[*n].key = key;
    kv[*n].value = text[*n];
    (*n)++;
}

pc_status pipeline_write_link_manifest(store *st, const pycpg_link_options *opt,
                                       const char *repo_root, const build_summary *sum,
                                       const link_pts_report *pts, bool graph_copied, pc_err *err)
{
    static kv_list versions, options, counts;
    memset(&versions, 0, sizeof versions);
    memset(&options, 0, sizeof options);
    memset(&counts, 0, sizeof counts);
    versions_of(&versions);
    char buf[1024];
    kv_add(&options, "command", "%s", "link");
    kv_add(&options, "inputs", "%s", pipeline_joined(buf, sizeof buf, opt->inputs, opt->ninputs));
    kv_add(&options, "out", "%s", opt->out);
    kv_add(&options, "memory_limit", "%s", opt->memory_limit ? opt->memory_limit : "");
    kv_add(&options, "graph", "%s", graph_copied ? "copied" : "referenced");
    kv_add(&counts, "files", "%" PRId64, sum->files);
    kv_add(&counts, "files_read", "%" PRId64, sum->files_read);
    kv_add(&counts, "bytes", "%" PRId64, sum->bytes);
    kv_add(&counts, "problems", "%" PRId64, sum->problems);
    kv_add(&counts, "inputs", "%zu", opt->ninputs);
    points_to_counts(&counts, pts);
    store_timing t[3] = {{"take_chunks", sum->extract_seconds},
                         {"link", sum->link_seconds},
                         {"link_points_to", pts && pts->ran ? pts->seconds : 0}};
    store_run_info info = {
        .repo_root = repo_root ? repo_root : "",
        .output_dir = opt->out,
        .versions = versions.kv,
        .nversions = versions.n,
        .options = options.kv,
        .noptions = options.n,
        .timings = t,
        .ntimings = 3,
        .counts = counts.kv,
        .ncounts = counts.n,
        .wall_seconds = sum->extract_seconds + sum->link_seconds,
        .created_at_unix_s = (int64_t)time(NULL),
    };
    return store_write_manifest(st, &info, err);
}

const char *pipeline_manifest_text(json_t *manifest, const char *section, const char *key)
{
    json_t *v = section ? json_object_get(json_object_get(manifest, section), key)
                        : json_object_get(manifest, key);
    return json_is_string(v) ? json_string_value(v) : "";
}
