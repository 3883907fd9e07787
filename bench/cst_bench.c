/*
 * cst_bench.c — the benchmark driver of bench/bench_cst.sh: for each file of a list, the
 * tree-sitter parse the lenses share (lens_file_tree) and then the CST lens on that tree,
 * timed separately, with every py_cst_* row built in memory (batches cleared at the
 * pipeline's flush size, no storage). The parse is the baseline; the lens time excludes it.
 *
 * usage: cst_bench < LIST      (LIST: one file path per line)
 * Prints "files=N bytes=N parse_seconds=S cst_seconds=S rows=N" on stdout.
 */
#include "lens/lens.h"

#include <stdlib.h>

#define FLUSH_ROWS 65536 /* batches are handed on (here: cleared) at this size, as in build.c */
#include <string.h>

typedef struct {
    rowbuf **bufs;
    size_t rows;
} bench_sink;

static rowbuf *sink_rows(void *ctx, const reg_dataset *ds)
{
    bench_sink *s = ctx;
    if (!s->bufs[ds->index])
        s->bufs[ds->index] = registry_rowbuf_new(ds);
    return s->bufs[ds->index];
}

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, got;
    unsigned char *buf = core_malloc(cap);
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            buf = core_realloc(buf, cap *= 2);
    }
    fclose(f);
    *len = n;
    return buf;
}

int main(void)
{
    pc_err err;
    pc_err_clear(&err);
    lens_parse *parse = NULL;
    void *state = NULL;
    if (lens_parse_new(&parse, &err) != PC_OK || lens_cst.open(&state, &err) != PC_OK) {
        fprintf(stderr, "cst_bench: %s\n", err.msg);
        return 1;
    }
    bench_sink s = {core_calloc(registry_count(), sizeof(rowbuf *)), 0};
    lens_sink sink = {&s, sink_rows};
    char line[4096];
    double t_parse = 0, t_cst = 0;
    size_t files = 0, bytes = 0;
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        size_t len = 0;
        unsigned char *buf = read_all(line, &len);
        if (!buf)
            continue;
        lens_file f = {.path = line,
                       .file_id = (int64_t)files,
                       .id_prefix = (uint32_t)files,
                       .file_sha256 = "0",
                       .bytes = buf,
                       .len = len,
                       .text = (const char *)buf,
                       .text_len = len,
                       .encoding = "utf-8",
                       .parse = parse};
        const char *code, *msg;
        double t0 = clock_now();
        lens_file_tree(&f, &code, &msg);
        double t1 = clock_now();
        lens_cst.run(state, &f, &sink, &err);
        double t2 = clock_now();
        t_parse += t1 - t0;
        t_cst += t2 - t1;
        for (size_t i = 0; i < registry_count(); i++)
            if (s.bufs[i] && rowbuf_rows(s.bufs[i]) >= FLUSH_ROWS) { /* as the pipeline */
                s.rows += rowbuf_rows(s.bufs[i]);
                rowbuf_clear(s.bufs[i]);
            }
        lens_parse_reset(parse);
        core_free(buf);
        files++;
        bytes += len;
    }
    for (size_t i = 0; i < registry_count(); i++)
        if (s.bufs[i]) {
            s.rows += rowbuf_rows(s.bufs[i]);
            rowbuf_free(s.bufs[i]);
        }
    printf("files=%zu bytes=%zu parse_seconds=%.3f cst_seconds=%.3f rows=%zu\n", files, bytes,
           t_parse, t_cst, s.rows);
    core_free(s.bufs);
    lens_cst.close(state);
    lens_parse_free(parse);
    return 0;
}
