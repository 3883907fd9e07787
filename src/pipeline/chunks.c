/*
 * chunks.c — the unit of extraction work: a chunk of consecutive files, extracted and
 * written to Parquet by one process.
 *
 * The listing (path order) is cut into chunks; a chunk's rows go to parts named after it
 * (part-c<index>-NNNNN.parquet, store.h §1b), written by whichever process extracts it: the
 * pycpg process itself with -j 0, else one of the workers (workers.c). Afterwards the
 * parent's store takes in the chunks' counts and contract violations in chunk order
 * (pipeline_absorb_chunks). The datasets are the parts in name order: the rows of every
 * file, in path order, whatever -j and whichever worker took which chunk.
 *
 * Where chunks are cut depends only on the listing (file ids and sizes), never on -j: a
 * chunk ends after a file once it holds CHUNK_FILES files or twice the target bytes, or
 * once it holds the target (512 KB of source) and the file's id is 0 modulo 4. The target
 * does not depend on the repository's size, so neither does a worker's memory (a chunk's
 * rows and its per-file link), nor do cuts move when the repository grows; the id rule keeps
 * cuts where they were when a file elsewhere changes size. A 12 MB tree gives two workers
 * about 20 chunks to share.
 *
 * A chunk's result (chunk_result) crosses the worker channel in a wire form, the same in
 * every mode, and is kept in OUT/extract_chunks.json with the chunk's first and last path and
 * file count, so that a later build can take a chunk whose files are unchanged as it is
 * (incremental.c): three counts (problems, files_read, bytes), then per dataset with rows a u32
 * registry index, i64 input_rows, rows, error_rows, i32 nparts, one byte per column (ever
 * set), and u32 n counts of the count_by column (u32 length, the value's bytes, i64 rows).
 *
 * A chunk's process also runs the link stage's per-file part over the chunk (link.h), so the
 * chunk's parts hold its link rows too, and an incremental build reuses them with it.
 */
#include "pipeline_int.h"

#include "../link/link.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#define CHUNK_TARGET       ((int64_t)512 << 10)
#define CHUNK_FILES        512
#define CHUNK_STORE_BUDGET ((size_t)96 << 20) /* a worker's pending rows (store.h) */
/* A worker's DuckDB: past it, the per-file link of a chunk spills to the store's temporary
 * directory instead of growing the worker; a statement that needs more pinned memory than that
 * runs again without the limit (store_options.lift_limit), and a chunk whose link still fails
 * so (a statement that cannot run twice) is linked again without it (link_chunk). 256 MB: with
 * the passes staged a kind at a time (link_emit.c, table_passes) nothing of the link needs
 * more pinned memory than that; on the standard library at -j 2 the largest worker peaked at
 * 480 MiB (669 with 512 MB before the staging), for about 7 % more time (docs/decisions.md). */
#define CHUNK_MEMORY_LIMIT "256MB"

/* ---- cutting the listing ------------------------------------------------------------------ */

/* The target: CHUNK_TARGET, or PYCPG_CHUNK_BYTES=N (a knob for tests, which need many chunks
 * in a small tree). */
static int64_t chunk_target(void)
{
    const char *knob = getenv("PYCPG_CHUNK_BYTES");
    return knob && atoll(knob) > 0 ? atoll(knob) : CHUNK_TARGET;
}

/* --shard K/N holds the chunks whose first file's id is K-1 modulo N (whole chunks: the
 * shards' parts then fit together as a clean build's, `pycpg link`). */
static bool chunk_held(const build_options *opt, const scan_list *list, const file_chunk *c)
{
    if (!opt || opt->shard_n <= 0)
        return true;
    uint64_t id = (uint64_t)scan_list_file(list, c->first)->file_id;
    return id % (uint64_t)opt->shard_n == (uint64_t)(opt->shard_k - 1);
}

void pipeline_chunks_plan(const scan_list *list, const build_options *opt, file_chunk **out,
                          size_t *nout)
{
    size_t n = scan_list_count(list), nc = 0, cap = 16;
    file_chunk *c = core_calloc(cap, sizeof *c);
    int64_t target = chunk_target(), acc = 0;
    size_t first = 0;
    for (size_t i = 0; i < n; i++) {
        const scan_file *sf = scan_list_file(list, i);
        acc += sf->size > 0 ? sf->size : 0;
        size_t count = i + 1 - first;
        bool cut = i + 1 == n || count >= CHUNK_FILES || acc >= 2 * target ||
                   (acc >= target && (uint64_t)sf->file_id % 4 == 0);
        if (!cut)
            continue;
        c = core_grow(c, &cap, nc + 1, sizeof *c, 16);
        c[nc] = (file_chunk){.first = first, .count = count, .bytes = acc};
        snprintf(c[nc].tag, sizeof c[nc].tag, "c%06zu", nc);
        c[nc].held = chunk_held(opt, list, &c[nc]);
        nc++;
        first = i + 1;
        acc = 0;
    }
    *out = c;
    *nout = nc;
}

/* ---- extracting a chunk -------------------------------------------------------------------- */

pc_status pipeline_chunk_store_new(build_run *w, store **out, pc_err *err)
{
    store_options so = {.dir = w->evidence_dir,
                        .pending_budget = CHUNK_STORE_BUDGET,
                        .memory_limit = CHUNK_MEMORY_LIMIT,
                        .lift_limit = true,
                        .prefixes = w->prefixes};
    pc_status rc = store_new(&so, out, err);
    for (size_t i = 0; rc == PC_OK && i < registry_count(); i++)
        if (w->wanted[i] && !link_owns_dataset(registry_at(i)))
            rc = store_begin(*out, registry_at(i), err);
    link_options lo = pipeline_link_options(w, w->evidence_dir);
    if (rc == PC_OK)
        rc = link_begin(*out, &lo, true, err);
    return rc;
}

/* -j is the budget of the link stage's DuckDB threads, but a build whose files are no more
 * than one chunk's target links on one: its statements are many and small, a second thread has
 * nothing to share, and handing each statement's tasks to it (and SET threads back and forth)
 * only adds waits, the more the busier the machine (docs/performance.md, "Small builds"). The
 * datasets are the same whatever the thread count (store_write_query). */
link_options pipeline_link_options(const build_run *r, const char *dir)
{
    bool small = r->total_bytes <= chunk_target();
    return (link_options){.dir = dir,
                          .repo_root = r->opt->repo,
                          .repo_id = r->opt->scan.repo_id,
                          .wanted = r->wanted,
                          .threads = r->opt->jobs > 1 && !small ? r->opt->jobs : 1,
                          .pts = r->pts,
                          .graph_copied = pipeline_graph_copied(r->opt)};
}

bool pipeline_graph_copied(const build_options *opt)
{
    return opt->copy_graph || opt->format == STORE_OUT_IPC;
}

/* The link stage's per-file part over chunk c (its evidence written). Past the worker's
 * DuckDB memory limit, what it wrote is undone and it runs again without the limit (the same
 * rows: the limit only decides what DuckDB keeps in memory), so a dense file costs memory,
 * never the build. */
static pc_status link_chunk(build_run *w, const file_chunk *c, pc_err *err)
{
    link_options lo = pipeline_link_options(w, w->evidence_dir);
    store_mark *m = NULL;
    pc_status rc = store_mark_new(w->st, &m, err);
    if (rc == PC_OK)
        rc = link_run_group(w->st, &lo, c->tag, err);
    if (rc == PC_ERR_LIMIT) {
        log_info("chunk %s: its link went past DuckDB's memory limit of %s; linked again "
                 "without it",
                 c->tag, CHUNK_MEMORY_LIMIT);
        pc_err_clear(err);
        rc = store_rollback(w->st, m, err);
        if (rc == PC_OK)
            rc = store_set_memory_limit(w->st, NULL, err);
        if (rc == PC_OK)
            rc = link_run_group(w->st, &lo, c->tag, err);
        if (rc == PC_OK)
            rc = store_set_memory_limit(w->st, CHUNK_MEMORY_LIMIT, err);
    }
    store_mark_free(w->st, m);
    return rc;
}

/* Appends one chunk stat (dataset d) in wire form. */
static void stat_wire(sbuf *out, size_t d, const store_chunk_stat *st)
{
    uint32_t idx = (uint32_t)d, ncounts = (uint32_t)st->ncounts;
    int64_t v[3] = {st->input_rows, st->rows, st->error_rows};
    sbuf_append(out, (const char *)&idx, sizeof idx);
    sbuf_append(out, (const char *)v, sizeof v);
    sbuf_append(out, (const char *)&st->nparts, sizeof st->nparts);
    for (size_t col = 0; col < registry_at(d)->ncols; col++)
        sbuf_putc(out, st->ever_set[col] ? 1 : 0);
    sbuf_append(out, (const char *)&ncounts, sizeof ncounts);
    for (size_t k = 0; k < st->ncounts; k++) {
        uint32_t len = (uint32_t)strlen(st->counts[k].key);
        sbuf_append(out, (const char *)&len, sizeof len);
        sbuf_append(out, st->counts[k].key, len);
        sbuf_append(out, (const char *)&st->counts[k].value, sizeof st->counts[k].value);
    }
}

static const lost_file *lost_of(const lost_file *lost, size_t nlost, size_t file)
{
    for (size_t k = 0; k < nlost; k++)
        if (lost[k].file == file)
            return &lost[k];
    return NULL;
}

pc_status pipeline_extract_chunk(build_run *w, const scan_list *list, const file_chunk *c,
                                 const lost_file *lost, size_t nlost, chunk_file_fn on_file,
                                 void *ctx, sbuf *result, pc_err *err)
{
    build_summary sum;
    memset(&sum, 0, sizeof sum);
    build_summary *saved = w->sum;
    w->sum = &sum;
    double t0 = clock_now(), t1 = t0;
    pc_status rc = store_chunk_open(w->st, c->tag, err);
    for (size_t i = c->first; rc == PC_OK && i < c->first + c->count; i++) {
        const lost_file *l = lost_of(lost, nlost, i);
        if (l) {
            pipeline_emit_lost_file(w, i, list, l->code, l->message);
        } else {
            rc = on_file ? on_file(ctx, i, err) : PC_OK;
            if (rc == PC_OK)
                rc = pipeline_extract_file(w, list, i, err);
        }
        if (rc == PC_OK)
            rc = pipeline_flush(w, err);
    }
    if (rc == PC_OK)
        rc = pipeline_flush_all(w, err);
    if (rc == PC_OK) /* the chunk's evidence parts, for the per-file link to read */
        rc = store_chunk_flush(w->st, err);
    if (rc == PC_OK) {
        t1 = clock_now();
        core_release_memory(); /* what extraction freed, so the link's peak does not stack on it */
        rc = link_chunk(w, c, err);
    }
    if (rc == PC_OK) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        log_debug("chunk %s: %zu files, %" PRId64 " bytes: extracted in %.2f s, linked in %.2f "
                  "s; peak RSS so far %ld MiB",
                  c->tag, c->count, sum.bytes, t1 - t0, clock_now() - t1, ru.ru_maxrss >> 10);
    }
    store_chunk_stat *stats = core_calloc(registry_count(), sizeof *stats);
    if (rc == PC_OK)
        rc = store_chunk_close(w->st, stats, err);
    if (rc == PC_OK) {
        int64_t counts[3] = {sum.problems, sum.files_read, sum.bytes};
        sbuf_append(result, (const char *)counts, sizeof counts);
        for (size_t d = 0; d < registry_count(); d++)
            if (stats[d].input_rows > 0)
                stat_wire(result, d, &stats[d]);
    }
    core_free(stats);
    w->sum = saved;
    core_release_memory();
    return rc;
}

/* ---- results ------------------------------------------------------------------------------- */

/* Reads n bytes at *off of p into dst; false past the end. */
static bool take(const unsigned char *p, size_t len, size_t *off, void *dst, size_t n)
{
    if (len - *off < n)
        return false;
    memcpy(dst, p + *off, n);
    *off += n;
    return true;
}

/* One dataset's stat at *off (wire form of stat_wire) into cr->stats. */
static pc_status parse_stat(chunk_result *cr, const unsigned char *p, size_t n, size_t *off,
                            pc_err *err)
{
    uint32_t idx, ncounts;
    int64_t v[3];
    int32_t nparts;
    if (!take(p, n, off, &idx, sizeof idx) || !take(p, n, off, v, sizeof v) ||
        !take(p, n, off, &nparts, sizeof nparts))
        return pc_fail(err, PC_ERR_INTERNAL, "chunk result: truncated");
    if (idx >= registry_count())
        return pc_fail(err, PC_ERR_INTERNAL, "chunk result: dataset %" PRIu32, idx);
    store_chunk_stat *s = &cr->stats[idx];
    size_t ncols = registry_at(idx)->ncols;
    if (s->ever_set || n - *off < ncols)
        return pc_fail(err, PC_ERR_INTERNAL, "chunk result: malformed");
    bool *ever = core_malloc(ncols * sizeof *ever);
    for (size_t c = 0; c < ncols; c++)
        ever[c] = p[*off + c] != 0;
    *off += ncols;
    *s = (store_chunk_stat){
        .input_rows = v[0], .rows = v[1], .error_rows = v[2], .nparts = nparts, .ever_set = ever};
    if (!take(p, n, off, &ncounts, sizeof ncounts) || ncounts > n - *off)
        return pc_fail(err, PC_ERR_INTERNAL, "chunk result: truncated");
    store_count *counts = core_calloc(ncounts + 1, sizeof *counts);
    s->counts = counts;
    for (uint32_t k = 0; k < ncounts; k++) {
        uint32_t len;
        if (!take(p, n, off, &len, sizeof len) || len > n - *off)
            return pc_fail(err, PC_ERR_INTERNAL, "chunk result: truncated");
        counts[k].key = core_malloc(len + 1);
        memcpy(counts[k].key, p + *off, len);
        counts[k].key[len] = '\0';
        *off += len;
        s->ncounts = k + 1;
        if (!take(p, n, off, &counts[k].value, sizeof counts[k].value))
            return pc_fail(err, PC_ERR_INTERNAL, "chunk result: truncated");
    }
    return PC_OK;
}

pc_status chunk_result_parse(chunk_result *cr, const unsigned char *p, size_t n, pc_err *err)
{
    chunk_result_clear(cr);
    if (n < sizeof cr->counts)
        return pc_fail(err, PC_ERR_INTERNAL, "chunk result: truncated");
    memcpy(cr->counts, p, sizeof cr->counts);
    cr->wire = core_malloc(n);
    memcpy(cr->wire, p, n);
    cr->wire_len = n;
    cr->stats = core_calloc(registry_count(), sizeof *cr->stats);
    size_t off = sizeof cr->counts;
    pc_status rc = PC_OK;
    while (off < n && rc == PC_OK)
        rc = parse_stat(cr, p, n, &off, err);
    cr->done = rc == PC_OK;
    return rc;
}

void chunk_result_clear(chunk_result *cr)
{
    for (size_t d = 0; cr->stats && d < registry_count(); d++) {
        core_free((void *)cr->stats[d].ever_set);
        store_count *counts = (store_count *)cr->stats[d].counts;
        for (size_t k = 0; k < cr->stats[d].ncounts; k++)
            core_free(counts[k].key);
        core_free(counts);
    }
    core_free(cr->stats);
    core_free(cr->wire);
    memset(cr, 0, sizeof *cr);
}

pc_status pipeline_chunks_save(const char *dir, const scan_list *list, const file_chunk *chunks,
                               const chunk_result *res, size_t n, bool listing_problems,
                               pc_err *err)
{
    json_t *arr = json_array();
    sbuf hex = SBUF_INIT;
    for (size_t k = 0; k < n; k++) {
        const file_chunk *c = &chunks[k];
        json_t *e = json_pack("{s:s, s:s, s:s, s:I}", "tag", c->tag, "first",
                              scan_list_file(list, c->first)->path, "last",
                              scan_list_file(list, c->first + c->count - 1)->path, "files",
                              (json_int_t)c->count);
        if (c->held) {
            sbuf_reset(&hex);
            for (size_t b = 0; b < res[k].wire_len; b++)
                sbuf_printf(&hex, "%02x", res[k].wire[b]);
            json_object_set_new(e, "result", json_string(hex.data ? hex.data : ""));
        }
        json_array_append_new(arr, e);
    }
    sbuf_free(&hex);
    json_t *doc = json_pack("{s:i, s:b, s:o}", "version", PIPELINE_CHUNKS_VERSION,
                            "listing_problems", listing_problems, "chunks", arr);
    sbuf path = SBUF_INIT;
    sbuf_printf(&path, "%s/extract_chunks.json", dir);
    pc_status rc = PC_OK;
    if (!doc || json_dump_file(doc, path.data, JSON_COMPACT) != 0)
        rc = pc_fail(err, PC_ERR_IO, "cannot write %s", path.data);
    json_decref(doc);
    sbuf_free(&path);
    return rc;
}

pc_status pipeline_absorb_chunks(build_run *r, const file_chunk *chunks, const chunk_result *res,
                                 size_t n, pc_err *err)
{
    pc_status rc = PC_OK;
    for (size_t k = 0; k < n && rc == PC_OK; k++) {
        if (!chunks[k].held)
            continue;
        if (PC_NEVER(!res[k].done))
            return pc_fail(err, PC_ERR_INTERNAL, "chunk %s was never extracted", chunks[k].tag);
        r->sum->problems += res[k].counts[0];
        r->sum->files_read += res[k].counts[1];
        r->sum->bytes += res[k].counts[2];
        for (size_t d = 0; d < registry_count() && rc == PC_OK; d++)
            if (res[k].stats[d].input_rows > 0)
                rc =
                    store_chunk_absorb(r->st, registry_at(d), chunks[k].tag, &res[k].stats[d], err);
    }
    return rc;
}
