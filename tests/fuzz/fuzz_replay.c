/*
 * fuzz_replay.c — a main for a harness built without libFuzzer: runs every input named on the
 * command line (a file, or a directory whose regular files are run in name order, not
 * recursively) through LLVMFuzzerTestOneInput once. The CTest tests fuzz_*_replay use it
 * to replay the regression corpus (tests/fuzz/regressions) and the seeds in the plain and
 * sanitizer builds; a finding aborts, which fails the test.
 *
 * usage: fuzz_<target>_replay PATH...     prints "replayed N inputs"
 */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int run_file(const char *path)
{
    sbuf b = SBUF_INIT;
    if (!sbuf_read_file(&b, path)) {
        fprintf(stderr, "fuzz_replay: cannot read %s\n", path);
        sbuf_free(&b);
        return 1;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)b.data, b.len);
    sbuf_free(&b);
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs the regular files of dir in name order; *count grows by the number run. */
static int run_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "fuzz_replay: cannot open %s\n", dir);
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap)
            names = core_realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names);
        names[n++] = core_strdup(e->d_name);
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_names);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            rc |= run_file(path);
            (*count)++;
        }
        core_free(names[i]);
    }
    core_free(names);
    return rc;
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    int rc = 0;
    size_t count = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "fuzz_replay: no such input: %s\n", argv[i]);
            rc = 1;
        } else if (S_ISDIR(st.st_mode)) {
            rc |= run_dir(argv[i], &count);
        } else {
            rc |= run_file(argv[i]);
            count++;
        }
    }
    printf("replayed %zu inputs\n", count);
    return rc;
}
