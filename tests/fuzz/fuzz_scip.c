/*
 * fuzz_scip.c — libFuzzer harness on the index.scip decoder: the input is the bytes of an
 * index file (any number of concatenated Index messages, or garbage). lens_scip_ingest reads
 * it from a file, so each input is written to one temporary file first.
 *
 * The repository the index describes: every document path ending in ".py" is a scanned file
 * with the same content (SOURCE below: CRLF and LF lines, a BOM-less line of multi-byte
 * characters, an astral character, so that UTF-8/16/32 columns, surrogate pairs and line
 * ends are all exercised); every other path was not scanned. Rows are checked against the
 * invariants of fuzz.h, spans against SOURCE's length.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char SOURCE[] = "import os\r\n"
                             "def f(a, b=1):\n"
                             "    s = \"h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80\"  # \xC3\xA9\r"
                             "    return a\n"
                             "\n"
                             "class C(object):\n"
                             "    x: int = f(1)\n";

static struct {
    char path[64];
    fuzz_rows rows;
} fs;

static lens_scip_file_status lookup(void *ctx, const char *path, lens_scip_file *out)
{
    (void)ctx;
    size_t n = strlen(path);
    out->file_id = (int64_t)n + 1;
    if (n < 3 || strcmp(path + n - 3, ".py") != 0)
        return LENS_SCIP_FILE_NOT_SCANNED;
    out->bytes = (const unsigned char *)SOURCE;
    out->len = sizeof SOURCE - 1;
    return LENS_SCIP_FILE_FOUND;
}

static pc_status flush(void *ctx, pc_err *err)
{
    (void)ctx;
    (void)err;
    return PC_OK;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(fs.path, sizeof fs.path, "/tmp/pycpg-fuzz-scip-%ld.scip", (long)getpid());
    fuzz_rows_init(&fs.rows);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(fs.path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        fuzz_die("cannot write the input file", fs.path);
    pc_err err;
    pc_err_clear(&err);
    lens_scip_files files = {NULL, lookup, flush, ".", 0, NULL};
    lens_scip_stats st;
    memset(&st, 0, sizeof st);
    if (lens_scip_ingest(fs.path, "file", &files, &fs.rows.sink, &st, &err) != PC_OK)
        fuzz_die("lens_scip_ingest", err.msg);
    unlink(fs.path);
    fuzz_rows_check(&fs.rows, (int64_t)sizeof SOURCE - 1);
    fuzz_rows_clear(&fs.rows);
    return 0;
}
