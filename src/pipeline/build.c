/*
 * build.c — `pycpg build`: scan, extract, write, publish.
 *
 * Rows flow one way: scan → lens → rowbuf (per dataset, owned here) → store. A batch is
 * handed to the store when it holds FLUSH_ROWS rows, so memory stays flat however large the
 * repository. Files are processed in path order and lenses in table order, so the datasets
 * are the same whatever the machine (determinism; -j does not change row order).
 *
 * Every requested dataset is begun before extraction and finished after it, so a dataset no
 * stage produces is still written, empty, with its schema and metadata.
 *
 * The SCIP stage (scip_stage.c) is per repository: scip-python starts right after the scan and
 * runs while the files are extracted; its index is decoded and mapped after extraction. The
 * runtime stage (runtime_stage.c, only with --runtime-inspect) works the same way: its sandbox
 * driver starts after the scan, and the modules' reports are read after extraction.
 *
 * Two extraction paths share the per-file work (pipeline_extract_file): with -j 1 this
 * process opens the lenses and runs every file itself; with -j N (N >= 2) workers.c forks N
 * worker processes before the store starts (DuckDB starts threads; a process forks while it
 * has one) and hands back each file's rows in file order, so the batches, flush points and
 * datasets are the same whatever N.
 */
#include "pipeline_int.h"

#include "../flows/flows.h"
#include "../link/link.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FLUSH_ROWS  65536
#define FLUSH_BYTES (64u << 20)

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

void pipeline_install_signal_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* ---- run state --------------------------------------------------------------------------- */

bool pipeline_interrupted(void)
{
    return interrupted != 0;
}

rowbuf *pipeline_rows(build_run *r, const reg_dataset *ds)
{
    if (!r->wanted[ds->index])
        return NULL;
    if (!r->bufs[ds->index])
        r->bufs[ds->index] = registry_rowbuf_new(ds);
    return r->bufs[ds->index];
}

static rowbuf *sink_rows(void *ctx, const reg_dataset *ds)
{
    return pipeline_rows(ctx, ds);
}

rowbuf *pipeline_sink_rows(void *ctx, const reg_dataset *ds)
{
    return pipeline_rows(ctx, ds);
}

static pc_status flush_buffers(build_run *r, bool all, pc_err *err)
{
    for (size_t i = 0; i < registry_count(); i++) {
        rowbuf *b = r->bufs[i];
        if (!b || rowbuf_rows(b) == 0)
            continue;
        if (!all && rowbuf_rows(b) < FLUSH_ROWS && rowbuf_bytes(b) < FLUSH_BYTES)
            continue;
        pc_status rc = store_append(r->st, registry_at(i), b, err);
        if (rc != PC_OK)
            return rc;
    }
    return PC_OK;
}

pc_status pipeline_flush(build_run *r, pc_err *err)
{
    return flush_buffers(r, false, err);
}

pc_status pipeline_flush_all(build_run *r, pc_err *err)
{
    return flush_buffers(r, true, err);
}

pc_status pipeline_check_datasets(const char *const *only, size_t nonly, pc_err *err)
{
    for (size_t i = 0; i < nonly; i++)
        if (!registry_find(only[i]))
            return pc_fail(err, PC_ERR_ARG, "unknown dataset '%s' (`pycpg datasets` lists them)",
                           only[i]);
    return PC_OK;
}

bool pipeline_is_link_dataset(const char *name)
{
    const reg_dataset *ds = registry_find(name);
    return ds && link_owns_dataset(ds);
}

/* A dataset of the taint analysis (src/flows): written by stage_flows when asked, else
 * empty. */
static bool is_flows_dataset(const reg_dataset *ds)
{
    return strcmp(ds->family->name, "flows") == 0;
}

static void select_outputs(build_run *r)
{
    size_t n = registry_count();
    for (size_t i = 0; i < n; i++)
        r->wanted[i] = r->opt->nonly == 0 &&
                       !(r->opt->no_link &&
                         (link_owns_dataset(registry_at(i)) || is_flows_dataset(registry_at(i))));
    r->flows = r->opt->flows;
    for (size_t i = 0; i < r->opt->nonly; i++) {
        const reg_dataset *ds = registry_find(r->opt->only[i]);
        r->wanted[ds->index] = true;
        r->flows = r->flows || is_flows_dataset(ds);
    }
    /* The flows read the graph (PY_CALLS edges and their props) and the evidence under it. */
    r->flows = r->flows && !r->opt->no_link && r->opt->shard_n == 0;
    if (r->flows)
        r->wanted[registry_find("cpg_props_v1")->index] = true;
    /* The link stage reads the evidence datasets: asking for one of its outputs writes them. */
    bool link_wanted = false;
    for (size_t i = 0; i < n; i++)
        link_wanted = link_wanted || (r->wanted[i] && link_owns_dataset(registry_at(i)));
    for (size_t i = 0; link_wanted && i < n; i++)
        r->wanted[i] = r->wanted[i] || !link_owns_dataset(registry_at(i));
    /* A shard writes the per-file rows of the link datasets (pycpg link adds the rest). */
    for (size_t i = 0; r->opt->shard_n > 0 && i < n; i++)
        if (link_owns_dataset(registry_at(i)))
            r->wanted[i] = r->wanted[i] && link_writes_per_file(registry_at(i));
    /* Edges name nodes and props name both: asking for them writes what they refer to. */
    const reg_dataset *nodes = registry_find("cpg_nodes_v1"),
                      *edges = registry_find("cpg_edges_v1");
    if (r->wanted[registry_find("cpg_props_v1")->index])
        r->wanted[edges->index] = true;
    if (r->wanted[edges->index])
        r->wanted[nodes->index] = true;
    for (size_t l = 0; l < lens_count(); l++)
        for (const char *const *d = lens_at(l)->datasets; *d; d++)
            if (r->wanted[registry_find(*d)->index])
                r->lens_on[l] = true;
}

/* ---- progress ---------------------------------------------------------------------------- */

void pipeline_progress(build_run *r, size_t done, size_t total, int64_t bytes, bool final)
{
    if (!r->opt->progress)
        return;
    double now = clock_now();
    if (!final && now - r->t_last_progress < 0.2)
        return;
    r->t_last_progress = now;
    double secs = now - r->t_start, mb = (double)bytes / 1e6;
    double rate = secs > 0 ? mb / secs : 0;
    double left = rate > 0 ? ((double)r->total_bytes / 1e6 - mb) / rate : 0;
    fprintf(stderr, "\r\033[Kpycpg: %zu/%zu files  %.1f MB  %.1f MB/s  ETA %.0fs", done, total, mb,
            rate, left < 0 ? 0 : left);
    if (final)
        fputc('\n', stderr);
    fflush(stderr);
}

/* ---- per-file work ----------------------------------------------------------------------- */

static void emit_repo_file(build_run *r, const scan_file *sf, const scan_content *c, bool read_ok)
{
    const reg_dataset *ds = registry_find("repo_files_v1");
    rowbuf *b = sink_rows(r, ds);
    if (!b)
        return;
    rowbuf_add_row(b);
    rowbuf_set_i64(b, registry_col_must(ds, "file_id"), sf->file_id);
    rowbuf_set_cstr(b, registry_col_must(ds, "path"), sf->path);
    rowbuf_set_cstr(b, registry_col_must(ds, "abs_path"), sf->abs_path);
    rowbuf_set_i64(b, registry_col_must(ds, "id_prefix"), sf->id_prefix);
    if (!read_ok) {
        rowbuf_set_i64(b, registry_col_must(ds, "size_bytes"), sf->size);
        return;
    }
    rowbuf_set_i64(b, registry_col_must(ds, "size_bytes"), (int64_t)c->len);
    rowbuf_set_cstr(b, registry_col_must(ds, "file_sha256"), c->sha256);
    rowbuf_set_cstr(b, registry_col_must(ds, "encoding"), c->encoding);
    rowbuf_set_str(b, registry_col_must(ds, "text"), c->text, c->text_len);
    rowbuf_set_blob(b, registry_col_must(ds, "bytes"), c->bytes, c->len);
}

static void emit_problem(build_run *r, const scan_problem *p, int64_t file_id)
{
    lens_sink sink = {r, sink_rows};
    lens_file f = {.path = p->path, .file_id = file_id};
    lens_emit_problem(&sink, &f, "scan", p->code, scan_severity_name(p->severity), p->message,
                      p->bstart, p->line);
}

static pc_status run_lenses(build_run *r, const scan_file *sf, const scan_content *c, pc_err *err)
{
    lens_sink sink = {r, sink_rows};
    lens_file f = {.path = sf->path,
                   .file_id = sf->file_id,
                   .id_prefix = sf->id_prefix,
                   .file_sha256 = c->sha256,
                   .bytes = c->bytes,
                   .len = c->len,
                   .text = c->text,
                   .text_len = c->text_len,
                   .encoding = c->encoding,
                   .parse = r->parse};
    pc_status rc = PC_OK;
    for (size_t l = 0; l < lens_count() && rc == PC_OK; l++)
        if (r->lens_on[l])
            rc = lens_at(l)->run(r->lens_state[l], &f, &sink, err);
    lens_parse_reset(r->parse);
    return rc;
}

pc_status pipeline_extract_file(build_run *r, const scan_list *list, size_t i, pc_err *err)
{
    const scan_file *sf = scan_list_file(list, i);
    scan_content c;
    memset(&c, 0, sizeof c);
    bool read_ok = false;
    pc_status rc = scan_read(list, i, &c, &read_ok, err);
    if (rc != PC_OK)
        return rc;
    emit_repo_file(r, sf, &c, read_ok);
    for (size_t k = 0; k < c.nproblems; k++)
        emit_problem(r, &c.problems[k], sf->file_id);
    r->sum->problems += (int64_t)c.nproblems;
    if (read_ok) {
        r->sum->files_read++;
        r->sum->bytes += (int64_t)c.len;
        rc = run_lenses(r, sf, &c, err);
    }
    scan_content_free(&c);
    return rc;
}

void pipeline_emit_lost_file(build_run *r, size_t i, const scan_list *list, const char *code,
                             const char *message)
{
    const scan_file *sf = scan_list_file(list, i);
    emit_repo_file(r, sf, NULL, false);
    lens_sink sink = {r, sink_rows};
    lens_file f = {.path = sf->path, .file_id = sf->file_id};
    lens_emit_problem(&sink, &f, "pipeline", code, "error", message, -1, 0);
    r->sum->problems++;
}

/* ---- stages ------------------------------------------------------------------------------- */

pc_status pipeline_open_lenses(build_run *r, pc_err *err)
{
    pc_status prc = lens_parse_new(&r->parse, err);
    if (prc != PC_OK)
        return prc;
    for (size_t l = 0; l < lens_count(); l++) {
        if (!r->lens_on[l])
            continue;
        pc_status rc = lens_at(l)->open(&r->lens_state[l], err);
        if (rc != PC_OK)
            return rc;
    }
    return PC_OK;
}

void pipeline_close_lenses(build_run *r)
{
    for (size_t l = 0; l < lens_count(); l++) {
        if (r->lens_state[l])
            lens_at(l)->close(r->lens_state[l]);
        r->lens_state[l] = NULL;
    }
    lens_parse_free(r->parse);
    r->parse = NULL;
}

typedef struct {
    build_run *r;
    const scan_list *list;
    size_t done;
    int64_t bytes;
} here_progress;

static pc_status here_on_file(void *ctx, size_t file, pc_err *err)
{
    here_progress *p = ctx;
    if (interrupted)
        return pc_fail(err, PC_ERR_INTERRUPTED, "interrupted");
    p->bytes += scan_list_file(p->list, file)->size;
    pipeline_progress(p->r, ++p->done, scan_list_count(p->list), p->bytes, false);
    return PC_OK;
}

/* -j 0: every chunk in this process, in order, through a chunk store of its own. */
static pc_status extract_here(build_run *r, const scan_list *list, const file_chunk *chunks,
                              size_t nchunks, chunk_result *res, pc_err *err)
{
    if (nchunks == 0)
        return PC_OK;
    pc_status rc = pipeline_open_lenses(r, err);
    if (rc == PC_OK)
        rc = pipeline_chunk_store_new(r, &r->st, err);
    here_progress p = {r, list, 0, 0};
    sbuf msg = SBUF_INIT;
    for (size_t c = 0; c < nchunks && rc == PC_OK; c++) {
        sbuf_reset(&msg);
        rc = pipeline_extract_chunk(r, list, &chunks[c], NULL, 0, here_on_file, &p, &msg, err);
        if (rc == PC_OK)
            rc = chunk_result_parse(&res[c], (const unsigned char *)msg.data, msg.len, err);
    }
    sbuf_free(&msg);
    store_free(r->st);
    r->st = NULL;
    pipeline_close_lenses(r);
    return rc;
}

/* True when this build writes the listing's problems (group "a"): every build but the shards
 * after the first. */
static bool holds_listing_problems(const build_run *r)
{
    return r->opt->shard_n <= 0 || r->opt->shard_k == 1;
}

/* The rows r's batches hold, written as parts under the current tag (one of the parent's
 * groups, "a" or "z": the link stage runs over them last, link_run_repo); *any tells whether
 * the group holds a row. */
static pc_status write_group(build_run *r, bool *any, pc_err *err)
{
    pc_status rc = flush_buffers(r, true, err);
    if (rc == PC_OK)
        rc = store_chunk_flush(r->st, err);
    *any = false;
    for (size_t i = 0; i < registry_count(); i++)
        *any = *any || store_tag_parts(r->st, registry_at(i)) > 0;
    return rc;
}

/* After extraction: this process's store takes in the chunks, between the listing's problems
 * (parts tagged "a", first) and the rows of the stages that follow (tagged "z"). */
static pc_status absorb_extraction(build_run *r, const scan_list *list, const file_chunk *chunks,
                                   const chunk_result *res, size_t nchunks, pc_err *err)
{
    pc_status rc = store_set_part_tag(r->st, "a", err);
    for (size_t k = 0;
         rc == PC_OK && holds_listing_problems(r) && k < scan_list_problem_count(list); k++) {
        const scan_problem *p = scan_list_problem(list, k);
        emit_problem(r, p, scan_file_id(r->opt->scan.repo_id, p->path));
        r->sum->problems++;
    }
    if (rc == PC_OK)
        rc = write_group(r, &r->group_rows[0], err);
    if (rc == PC_OK)
        rc = pipeline_absorb_chunks(r, chunks, res, nchunks, err);
    if (rc == PC_OK)
        rc = store_set_part_tag(r->st, "z", err);
    pipeline_progress(r, (size_t)r->sum->files, (size_t)r->sum->files, r->sum->bytes, true);
    return rc;
}

static pc_status begin_all(build_run *r, pc_err *err)
{
    for (size_t i = 0; i < registry_count(); i++) {
        if (!r->wanted[i] || link_owns_dataset(registry_at(i)) ||
            (r->flows && is_flows_dataset(registry_at(i))))
            continue;
        pc_status rc = store_begin(r->st, registry_at(i), err);
        if (rc != PC_OK)
            return rc;
    }
    link_options lo = pipeline_link_options(r, r->evidence_dir);
    return link_begin(r->st, &lo, false, err);
}

static pc_status finish_all(build_run *r, pc_err *err)
{
    for (size_t i = 0; i < registry_count(); i++) {
        if (!r->wanted[i] || link_owns_dataset(registry_at(i)) ||
            (r->flows && is_flows_dataset(registry_at(i))))
            continue;
        pc_status rc = store_finish(r->st, registry_at(i), err);
        if (rc != PC_OK)
            return rc;
        r->sum->datasets++;
    }
    const reg_dataset *ts = registry_find("ts_nodes_v1");
    r->sum->ts_nodes = store_report_of(r->st, ts)->rows;
    return PC_OK;
}

/* The link stage's repository-wide part (src/link), into the same store; its per-file part
 * ran with every chunk. A shard writes the per-file rows of its chunks only (pycpg link runs
 * the rest over all shards). */
static pc_status stage_link(build_run *r, const char *staging, pc_err *err)
{
    const char *groups[2]; /* the parent's groups that hold rows */
    size_t ngroups = 0;
    if (r->group_rows[0])
        groups[ngroups++] = "a";
    if (r->group_rows[1])
        groups[ngroups++] = "z";
    link_options lo = pipeline_link_options(r, staging);
    pc_status rc = r->opt->shard_n > 0 ? link_finish(r->st, &lo, err)
                                       : link_run_repo(r->st, &lo, groups, ngroups, err);
    if (rc == PC_OK)
        rc = link_referenced_mark(&lo, err);
    for (size_t i = 0; rc == PC_OK && i < registry_count(); i++)
        if (r->wanted[i] && link_owns_dataset(registry_at(i)))
            r->sum->datasets++;
    return rc;
}

/* The taint analysis (`pycpg flows` with the default models) over what the link stage wrote
 * into staging, its findings and value-flow graph into the build's store (fl_save). */
static pc_status stage_flows(build_run *r, const char *staging, pc_err *err)
{
    double t0 = clock_now();
    store_reader *rd = NULL;
    fl_models *m = fl_models_new(true, err);
    pc_status rc = m ? store_reader_open(staging, 1, &rd, err) : err->rc;
    fl_options fo = {.max_depth = 4, .save = r->st};
    fl_result res = {0};
    if (rc == PC_OK)
        rc = fl_analyze(rd, m, &fo, &res, err);
    if (rc == PC_OK) {
        log_info("flows: %zu findings, %zu value-flow edges in %.1fs", res.n, res.edges,
                 clock_now() - t0);
        r->sum->datasets += 2;
    }
    fl_result_free(&res);
    store_reader_free(rd);
    fl_models_free(m);
    return rc;
}

static void run_free(build_run *r)
{
    pipeline_close_lenses(r);
    for (size_t i = 0; i < registry_count(); i++)
        rowbuf_free(r->bufs[i]);
    core_free(r->bufs);
    core_free(r->wanted);
    core_free(r->lens_state);
    core_free(r->lens_on);
}

/* Extracts the chunks: with -j N (N >= 1) in N worker processes (forked here: no thread
 * may run yet), with -j 0 in this process. */
static pc_status stage_extract(build_run *r, const scan_list *list, const file_chunk *chunks,
                               size_t n, chunk_result *res, pc_err *err)
{
    if (r->opt->jobs < 1 || n == 0)
        return extract_here(r, list, chunks, n, res, err);
    size_t nworkers = (size_t)r->opt->jobs < n ? (size_t)r->opt->jobs : n;
    worker_pool *wp = NULL;
    pc_status rc = workers_start(r, list, chunks, n, nworkers, &wp, err);
    if (rc == PC_OK)
        rc = workers_extract(wp, res, err);
    workers_free(wp); /* kills and reaps whatever still runs (error, interrupt) */
    return rc;
}

/* Incremental build: every chunk OUT has unchanged takes OUT's parts and result; the others
 * are listed in todo[0..*ntodo) (without a plan: every chunk). */
static pc_status reuse_chunks(build_run *r, const incr_plan *plan, const scan_list *list,
                              const file_chunk *chunks, size_t n, chunk_result *res, size_t *todo,
                              size_t *ntodo, pc_err *err)
{
    pc_status rc = PC_OK;
    *ntodo = 0;
    for (size_t c = 0; c < n && rc == PC_OK; c++) {
        const char *old_tag = NULL;
        const unsigned char *wire = NULL;
        size_t len = 0;
        if (!chunks[c].held)
            continue;
        if (!plan || !incremental_chunk(plan, list, &chunks[c], &old_tag, &wire, &len)) {
            todo[(*ntodo)++] = c;
            continue;
        }
        rc =
            store_chunk_adopt(r->opt->out, old_tag, r->evidence_dir, chunks[c].tag, r->wanted, err);
        if (rc == PC_OK)
            rc = link_adopt_group(r->opt->out, old_tag, r->evidence_dir, chunks[c].tag, err);
        if (rc == PC_OK)
            rc = chunk_result_parse(&res[c], wire, len, err);
        r->sum->reused_files += (int64_t)chunks[c].count;
    }
    if (plan)
        log_info("incremental build: %zu of %zu chunks (%" PRId64 " files) unchanged since the "
                 "build in %s, %zu to extract",
                 n - *ntodo, n, r->sum->reused_files, r->opt->out, *ntodo);
    return rc;
}

/* Extracts the chunks listed in todo (stage_extract over copies of them); their results land
 * in res at their own indices. */
static pc_status extract_todo(build_run *r, const scan_list *list, const file_chunk *chunks,
                              chunk_result *res, const size_t *todo, size_t ntodo, pc_err *err)
{
    file_chunk *sub = core_calloc(ntodo + 1, sizeof *sub);
    chunk_result *subres = core_calloc(ntodo + 1, sizeof *subres);
    for (size_t k = 0; k < ntodo; k++)
        sub[k] = chunks[todo[k]];
    pc_status rc = stage_extract(r, list, sub, ntodo, subres, err);
    for (size_t k = 0; k < ntodo; k++) {
        res[todo[k]] = subres[k]; /* ownership moves */
        memset(&subres[k], 0, sizeof subres[k]);
    }
    core_free(subres);
    core_free(sub);
    return rc;
}

/* The listing's files and their prefixes of file-local ids (given by the scan). */
static id_prefix_map *prefixes_of(const scan_list *list)
{
    size_t n = scan_list_count(list);
    int64_t *ids = core_malloc((n ? n : 1) * sizeof *ids);
    uint32_t *prefixes = core_malloc((n ? n : 1) * sizeof *prefixes);
    for (size_t i = 0; i < n; i++) {
        ids[i] = scan_list_file(list, i)->file_id;
        prefixes[i] = scan_list_file(list, i)->id_prefix;
    }
    id_prefix_map *m = id_prefix_map_of(n, ids, prefixes);
    core_free(ids);
    core_free(prefixes);
    return m;
}

static pc_status build_in(build_run *r, const char *staging, pc_err *err)
{
    /* link_points_to: of link, the call graph's points-to analysis (its rounds and what they
     * read and write back) */
    store_timing t[8] = {{"scan", 0},        {"extract", 0}, {"write", 0},   {"scip", 0},
                         {"scip_ingest", 0}, {"link", 0},    {"runtime", 0}, {"link_points_to", 0}};
    scan_list *list = NULL;
    incr_plan *plan = NULL;
    file_chunk *chunks = NULL;
    chunk_result *res = NULL;
    size_t nchunks = 0, *todo = NULL, ntodo = 0;
    store_options so = {.dir = staging,
                        .memory_limit =
                            r->opt->memory_limit ? r->opt->memory_limit : PIPELINE_MEMORY_LIMIT,
                        .lift_limit = true};
    double t0 = clock_now();
    pc_status rc = scan_list_new(r->opt->repo, &r->opt->scan, &list, err);
    if (rc == PC_OK) {
        r->prefixes = prefixes_of(list);
        so.prefixes = r->prefixes;
        rc = incremental_plan_new(r, list, &plan, err);
    }
    if (rc == PC_OK) {
        r->evidence_dir = staging;
        pipeline_chunks_plan(list, r->opt, &chunks, &nchunks);
        res = core_calloc(nchunks + 1, sizeof *res);
        todo = core_calloc(nchunks + 1, sizeof *todo);
        for (size_t c = 0; c < nchunks; c++) {
            r->sum->files += chunks[c].held ? (int64_t)chunks[c].count : 0;
            r->total_bytes += chunks[c].held ? chunks[c].bytes : 0;
        }
        t[0].seconds = clock_now() - t0;
        rc = scip_stage_start(r, list, staging, &r->scip, err);
    }
    if (rc == PC_OK)
        rc = runtime_stage_start(r, list, staging, &r->runtime, err);
    double t1 = clock_now();
    if (rc == PC_OK)
        rc = reuse_chunks(r, plan, list, chunks, nchunks, res, todo, &ntodo, err);
    if (rc == PC_OK)
        rc = extract_todo(r, list, chunks, res, todo, ntodo, err);
    t[1].seconds = clock_now() - t1;
    if (rc == PC_OK) /* only now: DuckDB starts threads, and workers were forked until here */
        rc = store_new(&so, &r->st, err);
    if (rc == PC_OK)
        rc = begin_all(r, err);
    if (rc == PC_OK)
        rc = absorb_extraction(r, list, chunks, res, nchunks, err);
    if (rc == PC_OK)
        rc = scip_stage_finish(r->scip, r, list, err);
    if (rc == PC_OK)
        rc = runtime_stage_finish(r->runtime, r, list, err);
    if (rc == PC_OK)
        rc = write_group(r, &r->group_rows[1], err);
    t[3].seconds = scip_stage_indexer_seconds(r->scip);
    t[4].seconds = scip_stage_ingest_seconds(r->scip);
    t[6].seconds = runtime_stage_seconds(r->runtime);
    double t2 = clock_now();
    if (rc == PC_OK)
        rc = finish_all(r, err);
    if (rc == PC_OK)
        rc = pipeline_chunks_save(staging, list, chunks, res, nchunks, holds_listing_problems(r),
                                  err);
    double t3 = clock_now();
    t[2].seconds = t3 - t2;
    if (rc == PC_OK && !interrupted)
        rc = stage_link(r, staging, err);
    t[5].seconds = clock_now() - t3;
    t[7].seconds = r->pts->ran ? r->pts->seconds : 0;
    r->sum->link_seconds = t[5].seconds;
    r->sum->extract_seconds = t[1].seconds + t[2].seconds;
    if (rc == PC_OK && !interrupted && r->flows)
        rc = stage_flows(r, staging, err);
    if (rc == PC_OK && !interrupted && (r->opt->format & STORE_OUT_IPC))
        rc = store_ipc_convert(staging, staging, r->opt->format, err); /* after the link stage,
                                                                         which reads Parquet */
    if (rc == PC_OK)
        rc = pipeline_write_manifest(r, list, t, 8, err);
    if (rc == PC_OK)
        rc = pipeline_write_run_bundle(scan_list_root(list), staging, err);
    scip_stage_free(r->scip); /* kills an indexer still running; removes its temp dir */
    r->scip = NULL;
    runtime_stage_free(r->runtime); /* kills the inspector if still running; removes its dir */
    r->runtime = NULL;
    scan_list_free(list);
    store_free(r->st);
    r->st = NULL;
    id_prefix_map_free(r->prefixes); /* after the store, which borrowed it */
    r->prefixes = NULL;
    incremental_plan_free(plan);
    for (size_t c = 0; res && c < nchunks; c++)
        chunk_result_clear(&res[c]);
    core_free(res);
    core_free(chunks);
    core_free(todo);
    return rc;
}

pc_status pipeline_build(const build_options *opt, build_summary *sum, pc_err *err)
{
    memset(sum, 0, sizeof *sum);
    pc_status rc = pipeline_check_datasets(opt->only, opt->nonly, err);
    if (rc != PC_OK)
        return rc;
    size_t n = registry_count();
    link_pts_report pts = {0};
    build_run r = {.opt = opt, .sum = sum, .t_start = clock_now(), .pts = &pts};
    r.wanted = core_calloc(n, sizeof *r.wanted);
    r.bufs = core_calloc(n, sizeof *r.bufs);
    r.lens_state = core_calloc(lens_count(), sizeof *r.lens_state);
    r.lens_on = core_calloc(lens_count(), sizeof *r.lens_on);
    select_outputs(&r);
    char *staging = NULL;
    rc = store_publish_prepare(opt->out, &staging, err);
    if (rc == PC_OK)
        rc = build_in(&r, staging, err);
    if (rc == PC_OK && interrupted)
        rc = pc_fail(err, PC_ERR_INTERRUPTED, "interrupted");
    rc = store_publish_end(staging, opt->out, rc, err);
    run_free(&r);
    sum->seconds = clock_now() - r.t_start;
    return rc;
}
