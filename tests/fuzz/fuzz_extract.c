/*
 * fuzz_extract.c — libFuzzer harness on the per-file extraction path: the input is one
 * file's raw bytes. It is decoded as the scan decodes a file read from disk
 * (scan_content_from_bytes: SHA-256, encoding detection, UTF-8 text, problems), then every
 * lens of the lens table runs on it, in the pipeline's order, with the shared tree-sitter
 * parse — what a worker does for each file of a build, without the file system and storage.
 * Every row is then checked against the invariants of fuzz.h.
 *
 * A lens returning a non-OK status is a finding too: lenses turn every input problem into
 * rows, and only internal failures may fail (none is expected on any input).
 */
#include "fuzz.h"

#include "scan/scan.h"

#include <stdlib.h>

static struct {
    lens_parse *parse;
    void **state; /* one per lens */
    fuzz_rows rows;
} fx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    pc_err err;
    pc_err_clear(&err);
    if (lens_parse_new(&fx.parse, &err) != PC_OK)
        fuzz_die("lens_parse_new", err.msg);
    fx.state = core_calloc(lens_count(), sizeof *fx.state);
    for (size_t l = 0; l < lens_count(); l++)
        if (lens_at(l)->open(&fx.state[l], &err) != PC_OK)
            fuzz_die(lens_at(l)->name, err.msg);
    fuzz_rows_init(&fx.rows);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pc_err err;
    pc_err_clear(&err);
    scan_content c;
    if (scan_content_from_bytes("fuzz/input.py", data, size, &c, &err) != PC_OK)
        fuzz_die("scan_content_from_bytes", err.msg);
    lens_file f = {.path = "fuzz/input.py",
                   .file_id = 1,
                   .id_prefix = 1,
                   .file_sha256 = c.sha256,
                   .bytes = c.bytes,
                   .len = c.len,
                   .text = c.text,
                   .text_len = c.text_len,
                   .encoding = c.encoding,
                   .parse = fx.parse};
    for (size_t l = 0; l < lens_count(); l++)
        if (lens_at(l)->run(fx.state[l], &f, &fx.rows.sink, &err) != PC_OK)
            fuzz_die(lens_at(l)->name, err.msg);
    lens_parse_reset(fx.parse);
    fuzz_rows_check(&fx.rows, (int64_t)c.len);
    fuzz_rows_clear(&fx.rows);
    scan_content_free(&c);
    return 0;
}
