/*
 * ts_walk.c — the baseline and oracle for the tree-sitter lens: a bare tree-sitter-python
 * parse and walk of a list of files, sharing no code with pycpg.
 *
 * usage: ts_walk [--per-file] < LIST      (LIST: one file path per line)
 * Prints "files=N bytes=N nodes=N seconds=S" on stderr; with --per-file, also one line
 * "<path>\t<nodes>" per file on stdout. Every node counts, named and anonymous, as a
 * TSTreeCursor pre-order visits them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_python(void);

static uint64_t count_nodes(TSTree *tree)
{
    TSTreeCursor cur = ts_tree_cursor_new(ts_tree_root_node(tree));
    uint64_t n = 0;
    for (;;) {
        n++;
        if (ts_tree_cursor_goto_first_child(&cur))
            continue;
        while (!ts_tree_cursor_goto_next_sibling(&cur))
            if (!ts_tree_cursor_goto_parent(&cur))
                goto done;
    }
done:
    ts_tree_cursor_delete(&cur);
    return n;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    int per_file = argc > 1 && strcmp(argv[1], "--per-file") == 0;
    TSParser *parser = ts_parser_new();
    ts_parser_set_language(parser, tree_sitter_python());
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char line[8192];
    uint64_t files = 0, bytes = 0, nodes = 0;
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        size_t len = 0;
        char *src = read_all(line, &len);
        if (!src)
            continue;
        TSTree *tree = ts_parser_parse_string(parser, NULL, src, (uint32_t)len);
        uint64_t n = tree ? count_nodes(tree) : 0;
        if (per_file)
            printf("%s\t%llu\n", line, (unsigned long long)n);
        files++;
        bytes += len;
        nodes += n;
        ts_tree_delete(tree);
        free(src);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(stderr, "files=%llu bytes=%llu nodes=%llu seconds=%.3f\n", (unsigned long long)files,
            (unsigned long long)bytes, (unsigned long long)nodes, secs);
    ts_parser_delete(parser);
    return 0;
}
