/*
 * incremental.c — which files of a build can reuse the rows an earlier build wrote to OUT.
 *
 * A lens's rows for a file depend on the file's bytes, its path, the repo id and the tools
 * (the pycpg binary and the libraries it loaded) — nothing else; so do the link stage's
 * per-file rows of a chunk (link.h), given its files. So when OUT holds an earlier build of
 * the same repository by the same binary, with the same repo id, dataset selection and link
 * setting, without SCIP or runtime inspection (both per repository), a file whose SHA-256 is
 * the one recorded in OUT's repo_files_v1 keeps its rows.
 * Files that were lost there (a worker crash or time limit: a 'pipeline' row of
 * file_errors_v1) are extracted again; so are new and changed files. Deleted files are simply
 * not in the listing. Rows are reused a chunk at a time (chunks.c): a chunk of this build
 * whose files are exactly those of a chunk of OUT (same first and last path, same count),
 * all unchanged, takes that chunk's parts and violation files (hard links) and result
 * (OUT/extract_chunks.json); every other chunk is extracted, and the link stage's
 * repository-wide part runs again over the whole. Since chunks are cut by the listing alone, the
 * output is a clean build's, file for file. Anything that does not match means a full build, with
 * the reason logged.
 *
 * Everything here runs before the workers are forked, so OUT's Parquet is read through a
 * store_reader of one thread, freed before returning.
 */
#include "pipeline_int.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BINARY_READ ((size_t)64 << 10)

/* A chunk of the earlier build (OUT/extract_chunks.json). */
typedef struct {
    const char *tag, *first, *last; /* borrowed from the plan's JSON document */
    size_t files;
    unsigned char *wire; /* its result (owned) */
    size_t wire_len;
} old_chunk;

struct incr_plan {
    char **paths; /* OUT's files (path, sha256 or NULL when not reusable), sorted by path */
    char **shas;
    int64_t *file_ids;
    uint32_t *prefixes; /* the prefix of file-local ids each file had in OUT's build */
    size_t n, cap;
    bool *reuse; /* per entry: the file is unchanged now */
    size_t nreused;
    json_t *doc; /* extract_chunks.json */
    old_chunk *old;
    size_t nold;
};

/* NULL when OUT's build is one this build may reuse, else why not. */
static const char *mismatch(json_t *m, const build_run *r, const char *repo_root)
{
    const build_options *o = r->opt;
    if (o->scip_mode != SCIP_MODE_OFF || o->nruntime_modules > 0)
        return "SCIP and runtime inspection are per repository (--scip off reuses files)";
    if (strcmp(pipeline_manifest_text(m, "options", "scip"), "off") != 0 ||
        strcmp(pipeline_manifest_text(m, "options", "runtime_inspect"), "") != 0)
        return "the earlier build ran SCIP or runtime inspection";
    if (strcmp(pipeline_manifest_text(m, NULL, "repo_root"), repo_root) != 0)
        return "the earlier build read another repository";
    if (strcmp(pipeline_manifest_text(m, "options", "repo_id"),
               o->scan.repo_id ? o->scan.repo_id : "") != 0)
        return "the earlier build had another --repo-id";
    if (strcmp(pipeline_manifest_text(m, "options", "shard"), "") != 0 || o->shard_n > 0)
        return "shards are built whole";
    if (strcmp(pipeline_manifest_text(m, "versions", "pycpg_binary_sha256"),
               pipeline_binary_sha256()) != 0)
        return "the earlier build was made by another pycpg binary";
    char only[1024]; /* as options_of renders it */
    if (strcmp(pipeline_manifest_text(m, "options", "only"),
               pipeline_joined(only, sizeof only, o->only, o->nonly)) != 0)
        return "the earlier build wrote other datasets (--only)";
    if (strcmp(pipeline_manifest_text(m, "options", "format"), "ipc") == 0)
        return "the earlier build kept no Parquet parts (--format ipc)";
    if (strcmp(pipeline_manifest_text(m, "options", "graph"),
               pipeline_graph_copied(o) ? "copied" : "referenced") != 0)
        return "the earlier build stored its graph rows otherwise (--copy-graph)";
    if (strcmp(pipeline_manifest_text(m, "options", "link"), o->no_link ? "off" : "on") != 0)
        return "the earlier build ran the link stage and this one does not, or the reverse";
    return NULL;
}

static pc_status add_file(void *ctx, const char *const *vals, size_t n, pc_err *err)
{
    (void)err;
    incr_plan *p = ctx;
    if (n < 4 || !vals[0] || !vals[2] || !vals[3])
        return PC_OK;
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 1024;
        p->paths = core_realloc(p->paths, p->cap * sizeof *p->paths);
        p->shas = core_realloc(p->shas, p->cap * sizeof *p->shas);
        p->file_ids = core_realloc(p->file_ids, p->cap * sizeof *p->file_ids);
        p->prefixes = core_realloc(p->prefixes, p->cap * sizeof *p->prefixes);
    }
    p->paths[p->n] = core_strdup(vals[0]);
    p->shas[p->n] = vals[1] ? core_strdup(vals[1]) : NULL;
    p->file_ids[p->n] = strtoll(vals[2], NULL, 10);
    p->prefixes[p->n] = (uint32_t)strtoll(vals[3], NULL, 10);
    p->n++;
    return PC_OK;
}

/* OUT's files sorted by path (byte order, as the listing): the sha256 of those that were read
 * and not lost, and the prefix of file-local ids every file had (repo_files_v1.id_prefix). */
static pc_status read_old_files(const char *out, incr_plan *p, pc_err *err)
{
    store_reader *rd = NULL;
    pc_status rc = store_reader_open(out, 1, &rd, err); /* one thread: none left to the fork */
    if (rc == PC_OK)
        rc = store_reader_rows(rd,
                               "SELECT path, CASE WHEN path NOT IN (SELECT path FROM "
                               "file_errors_v1 WHERE lens = 'pipeline' AND path IS NOT NULL) "
                               "THEN file_sha256 END, file_id, id_prefix FROM repo_files_v1 "
                               "ORDER BY path",
                               add_file, p, err);
    store_reader_free(rd);
    return rc;
}

static size_t find(const incr_plan *p, const char *path)
{
    size_t lo = 0, hi = p->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(p->paths[mid], path) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->n && strcmp(p->paths[lo], path) == 0 ? lo : p->n;
}

/* Marks the listed files whose bytes are those OUT recorded and whose ids would be too: same
 * prefix of file-local ids (a new file of smaller file_id may have taken the old one). */
static pc_status compare_contents(incr_plan *p, const scan_list *list, pc_err *err)
{
    p->reuse = core_calloc(p->n ? p->n : 1, sizeof *p->reuse);
    for (size_t i = 0; i < scan_list_count(list); i++) {
        const scan_file *sf = scan_list_file(list, i);
        size_t k = find(p, sf->path);
        if (k == p->n || !p->shas[k] || p->file_ids[k] != sf->file_id ||
            p->prefixes[k] != sf->id_prefix)
            continue;
        scan_content c;
        memset(&c, 0, sizeof c);
        bool ok = false;
        pc_status rc = scan_read(list, i, &c, &ok, err);
        if (rc != PC_OK)
            return rc;
        if (ok && strcmp(c.sha256, p->shas[k]) == 0) {
            p->reuse[k] = true;
            p->nreused++;
        }
        scan_content_free(&c);
    }
    return PC_OK;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* One entry of extract_chunks.json into *c; false when malformed. */
static bool old_chunk_of(json_t *e, old_chunk *c)
{
    const char *tag = json_string_value(json_object_get(e, "tag"));
    const char *hex = json_string_value(json_object_get(e, "result"));
    json_t *files = json_object_get(e, "files");
    c->first = json_string_value(json_object_get(e, "first"));
    c->last = json_string_value(json_object_get(e, "last"));
    if (!tag || !hex || !c->first || !c->last || !json_is_integer(files) ||
        strlen(tag) >= STORE_TAG_MAX || strlen(hex) % 2 != 0 || json_integer_value(files) < 1)
        return false; /* a chunk without a result (another shard's) is no record to reuse */
    for (const char *t = tag; *t; t++)
        if (!((*t >= 'a' && *t <= 'z') || (*t >= '0' && *t <= '9')))
            return false; /* it becomes part of a file name */
    c->tag = tag;
    c->files = (size_t)json_integer_value(files);
    c->wire_len = strlen(hex) / 2;
    c->wire = core_malloc(c->wire_len + 1);
    for (size_t b = 0; b < c->wire_len; b++) {
        int hi = hex_digit(hex[2 * b]), lo = hex_digit(hex[2 * b + 1]);
        if (hi < 0 || lo < 0)
            return false;
        c->wire[b] = (unsigned char)(hi * 16 + lo);
    }
    return true;
}

/* OUT's chunks (none when it has no extract_chunks.json, or a malformed one). */
static void read_old_chunks(const char *out, incr_plan *p)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/extract_chunks.json", out);
    json_error_t jerr;
    p->doc = json_load_file(path, 0, &jerr);
    json_t *arr = json_object_get(p->doc, "chunks");
    if (json_integer_value(json_object_get(p->doc, "version")) != PIPELINE_CHUNKS_VERSION ||
        !json_is_array(arr)) {
        log_info("incremental build: %s has no chunk records; every chunk is extracted", out);
        return;
    }
    p->old = core_calloc(json_array_size(arr) + 1, sizeof *p->old);
    for (size_t k = 0; k < json_array_size(arr); k++) {
        old_chunk *c = &p->old[p->nold++];
        if (!old_chunk_of(json_array_get(arr, k), c)) {
            log_info("incremental build: %s has a malformed chunk record; every chunk is "
                     "extracted",
                     out);
            for (size_t j = 0; j < p->nold; j++) /* freed with the plan, never matched */
                p->old[j].files = 0;
            return;
        }
    }
}

pc_status incremental_plan_new(const build_run *r, const scan_list *list, incr_plan **out,
                               pc_err *err)
{
    *out = NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.json", r->opt->out);
    if (r->opt->no_incremental || access(path, F_OK) != 0)
        return PC_OK;
    json_error_t jerr;
    json_t *m = json_load_file(path, 0, &jerr);
    const char *why = m ? mismatch(m, r, scan_list_root(list)) : "its manifest.json is unreadable";
    json_decref(m);
    if (why) {
        log_info("full build: %s holds a build that cannot be reused (%s)", r->opt->out, why);
        return PC_OK;
    }
    incr_plan *p = core_calloc(1, sizeof *p);
    pc_status rc = read_old_files(r->opt->out, p, err);
    if (rc == PC_OK)
        rc = compare_contents(p, list, err);
    if (rc == PC_OK)
        read_old_chunks(r->opt->out, p);
    if (rc != PC_OK) {
        incremental_plan_free(p);
        return rc;
    }
    *out = p;
    return PC_OK;
}

bool incremental_reuses(const incr_plan *p, const char *path)
{
    size_t k = find(p, path);
    return k < p->n && p->reuse[k];
}

bool incremental_chunk(const incr_plan *p, const scan_list *list, const file_chunk *c,
                       const char **old_tag, const unsigned char **wire, size_t *wire_len)
{
    const char *first = scan_list_file(list, c->first)->path;
    const char *last = scan_list_file(list, c->first + c->count - 1)->path;
    const old_chunk *o = NULL;
    for (size_t k = 0; k < p->nold && !o; k++)
        if (p->old[k].files == c->count && strcmp(p->old[k].first, first) == 0 &&
            strcmp(p->old[k].last, last) == 0)
            o = &p->old[k];
    for (size_t i = c->first; o && i < c->first + c->count; i++)
        if (!incremental_reuses(p, scan_list_file(list, i)->path))
            o = NULL;
    if (!o)
        return false;
    *old_tag = o->tag;
    *wire = o->wire;
    *wire_len = o->wire_len;
    return true;
}

void incremental_plan_free(incr_plan *p)
{
    if (!p)
        return;
    for (size_t k = 0; k < p->n; k++) {
        core_free(p->paths[k]);
        core_free(p->shas[k]);
    }
    core_free(p->paths);
    core_free(p->shas);
    core_free(p->file_ids);
    core_free(p->prefixes);
    core_free(p->reuse);
    for (size_t k = 0; k < p->nold; k++)
        core_free(p->old[k].wire);
    core_free(p->old);
    json_decref(p->doc);
    core_free(p);
}

/* The binary is hashed as it is read, 64 KiB at a time: reading its tens of MB into one
 * growing buffer first cost a small build more than the hash itself (reallocations and page
 * faults; docs/performance.md, "Small builds"). */
const char *pipeline_binary_sha256(void)
{
    static char hex[65];
    if (hex[0])
        return hex;
    unsigned char md[EVP_MAX_MD_SIZE], *chunk = core_malloc(BINARY_READ);
    unsigned int len = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    FILE *f = fopen("/proc/self/exe", "rb");
    bool ok = f && ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
    size_t n;
    while (ok && (n = fread(chunk, 1, BINARY_READ, f)) > 0)
        ok = EVP_DigestUpdate(ctx, chunk, n);
    ok = ok && !ferror(f) && EVP_DigestFinal_ex(ctx, md, &len) && len == 32;
    for (unsigned i = 0; ok && i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    if (!ok)
        snprintf(hex, sizeof hex, "unknown");
    if (f)
        fclose(f);
    EVP_MD_CTX_free(ctx);
    core_free(chunk);
    return hex;
}
