/*
 * test_scan.c — unit tests of src/scan: the walk (globs, default excludes, .gitignore
 * through libgit2, symbolic links, FIFOs, long paths), scan_read (hash, encodings, the
 * one-problem-per-file rule, fault injection) and the id test vectors.
 *
 * Every case builds its tree in a fresh mkdtemp directory under $TMPDIR (or /tmp) and
 * removes it afterwards; the harness checks that nothing allocated through core leaks.
 * PYCPG_FAULTS is set before main (core reads it once) to make "unreadable.py" fail.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "scan/scan.h"
#include "testlib.h"

__attribute__((constructor)) static void set_faults(void)
{
    setenv("PYCPG_FAULTS", "read:unreadable.py", 1);
}

/* ---- helpers ------------------------------------------------------------------------ */

static void make_tmp(char *dir, size_t cap)
{
    const char *base = getenv("TMPDIR");
    snprintf(dir, cap, "%s/pycpg-scan-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(2);
    }
}

/* Creates root/rel with its parent directories and the given bytes. */
static void put(const char *root, const char *rel, const char *bytes, size_t n)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    for (char *s = path + strlen(root) + 1; (s = strchr(s, '/')) != NULL; s++) {
        *s = '\0';
        mkdir(path, 0755);
        *s = '/';
    }
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        CHECK(fwrite(bytes, 1, n, f) == n);
        fclose(f);
    }
}
#define PUTS(root, rel, s) put((root), (rel), (s), sizeof(s) - 1)

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP || flag == FTW_D)
        chmod(p, 0755);
    remove(p);
    return 0;
}

static void rm_rf(const char *root)
{
    nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static scan_list *list_with(const char *root, const scan_options *opt)
{
    pc_err err;
    pc_err_clear(&err);
    scan_list *l = NULL;
    pc_status rc = scan_list_new(root, opt, &l, &err);
    CHECK_EQ_I64(rc, PC_OK);
    if (rc != PC_OK)
        fprintf(stderr, "scan_list_new: %s\n", err.msg);
    return l;
}

static scan_list *list_plain(const char *root)
{
    scan_options o = {0};
    o.no_gitignore = true;
    return list_with(root, &o);
}

static long find_file(const scan_list *l, const char *path)
{
    for (size_t i = 0; i < scan_list_count(l); i++)
        if (strcmp(scan_list_file(l, i)->path, path) == 0)
            return (long)i;
    return -1;
}

static const scan_problem *find_problem(const scan_list *l, const char *path, const char *code)
{
    for (size_t i = 0; i < scan_list_problem_count(l); i++) {
        const scan_problem *p = scan_list_problem(l, i);
        if (strcmp(p->path, path) == 0 && strcmp(p->code, code) == 0)
            return p;
    }
    return NULL;
}

/* Lists paths joined by ',' into buf, for compact comparisons. */
static const char *paths_of(const scan_list *l, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (size_t i = 0; i < scan_list_count(l); i++) {
        size_t n = strlen(buf);
        snprintf(buf + n, cap - n, "%s%s", i ? "," : "", scan_list_file(l, i)->path);
    }
    return buf;
}

/* Writes one file in a fresh tree, lists it and reads it into *c; returns read_ok. */
static bool read_one(const char *name, const char *bytes, size_t n, int64_t max, scan_content *c)
{
    char dir[PATH_MAX], buf[PATH_MAX];
    make_tmp(dir, sizeof dir);
    put(dir, name, bytes, n);
    scan_options o = {0};
    o.no_gitignore = true;
    o.max_file_size = max;
    const char *inc[] = {"*"};
    o.include_globs = inc;
    o.ninclude = 1;
    scan_list *l = list_with(dir, &o);
    bool ok = false;
    memset(c, 0, sizeof *c);
    CHECK_STREQ(paths_of(l, buf, sizeof buf), name);
    if (l && scan_list_count(l) == 1) {
        pc_err err;
        pc_err_clear(&err);
        CHECK_EQ_I64(scan_read(l, 0, c, &ok, &err), PC_OK);
    }
    scan_list_free(l);
    rm_rf(dir);
    return ok;
}
#define READ(name, s, c) read_one((name), (s), sizeof(s) - 1, 0, (c))

/* ---- ids, globs, detection ----------------------------------------------------------- */

static void test_file_id_vectors(void)
{
    char dir[PATH_MAX];
    make_tmp(dir, sizeof dir);
    PUTS(dir, "src/pkg/mod.py", "x = 1\n");
    scan_options o = {0};
    o.no_gitignore = true;
    scan_list *l = list_with(dir, &o);
    CHECK_EQ_I64(scan_list_count(l), 1);
    if (scan_list_count(l) == 1)
        CHECK_EQ_I64(scan_list_file(l, 0)->file_id, 4273184341374755636LL);
    scan_list_free(l);
    o.repo_id = "myrepo";
    l = list_with(dir, &o);
    if (scan_list_count(l) == 1)
        CHECK_EQ_I64(scan_list_file(l, 0)->file_id, 5184855966770451125LL);
    scan_list_free(l);
    rm_rf(dir);
}

static void test_glob_table(void)
{
    static const struct {
        const char *pattern, *path;
        bool match;
    } t[] = {
        {"**/*.py", "a.py", true},
        {"**/*.py", "x/y/a.py", true},
        {"**/*.py", "a.pyc", false},
        {"*.py", "x/a.py", true}, /* '*' matches '/' */
        {"src/*.py", "src/a/b.py", true},
        {"src/*.py", "lib/a.py", false},
        {"**/build/**", "build/x.py", true},
        {"**/build/**", "a/build/x.py", true},
        {"**/build/**", "builder/x.py", false},
        {"?.py", "a.py", true},
        {"?.py", "ab.py", false},
        {"[ab].py", "b.py", true},
        {"[ab].py", "c.py", false},
        {"[!a].py", "c.py", true},
        {"**/**/x.py", "x.py", true},
        {"src/**/*.py", "src/a.py", false}, /* no zero-directory rule inside a pattern */
        {"src/**/*.py", "src/p/a.py", true},
        {"tests", "tests", true},
        {"tests", "tests/a.py", false},
        {"*.PY", "a.py", false}, /* case-sensitive */
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        bool got = scan_glob_match(t[i].pattern, t[i].path);
        if (got != t[i].match)
            fprintf(stderr, "glob %s vs %s: got %d\n", t[i].pattern, t[i].path, got);
        CHECK(got == t[i].match);
    }
    CHECK(!scan_glob_match(NULL, "a.py"));
    CHECK(!scan_glob_match("*", NULL));
}

static const char *detect(const char *s, bool *bom, char *cookie, size_t cap)
{
    return scan_detect_encoding((const unsigned char *)s, strlen(s), bom, cookie, cap);
}

static void test_detect_encoding(void)
{
    static const struct {
        const char *src, *want;
    } t[] = {
        {"x = 1\n", "utf-8"},
        {"# -*- coding: latin-1 -*-\n", "iso-8859-1"},
        {"# coding: Latin_1\n", "iso-8859-1"},
        {"# vim: set fileencoding=iso-latin-1-unix :\n", "iso-8859-1"},
        {"#coding=utf_8\n", "utf-8"},
        {"# coding: UTF-8-unix\n", "utf-8"},
        {"\n# coding: latin-1\n", "iso-8859-1"}, /* line 1 blank */
        {"#!/usr/bin/python\n# coding: latin-1\n", "iso-8859-1"},
        {"#!python\r# coding: latin-1\r", "iso-8859-1"},     /* CR-only lines */
        {"#!python\r\n# coding: latin-1\r\n", "iso-8859-1"}, /* CRLF lines */
        {"x = 1\n# coding: latin-1\n", "utf-8"},             /* line 1 is code */
        {"x = 1 # coding: latin-1\n", "utf-8"},              /* not a comment-only line */
        {"#\n#\n# coding: latin-1\n", "utf-8"},              /* line 3 is too late */
        {"# coding:\n# coding: latin-1\n", "iso-8859-1"},
        {"# coding: latin-1\n# coding: utf-8\n", "iso-8859-1"},
    };
    char cookie[64];
    bool bom = true;
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        const char *got = detect(t[i].src, &bom, cookie, sizeof cookie);
        if (!got || strcmp(got, t[i].want) != 0)
            fprintf(stderr, "detect case %zu: got %s\n", i, got ? got : "(null)");
        CHECK(got && strcmp(got, t[i].want) == 0);
        CHECK(!bom);
    }
    CHECK_STREQ(detect("\xEF\xBB\xBF# coding: utf-8\n", &bom, cookie, sizeof cookie), "utf-8-sig");
    CHECK(bom);
    const char *got = detect("# -*- coding: ISO-8859-15 -*-\n", &bom, cookie, sizeof cookie);
    CHECK(got == cookie);
    CHECK_STREQ(cookie, "iso-8859-15");
    CHECK(detect("# coding: klingon\n", &bom, cookie, sizeof cookie) == NULL);
    CHECK_STREQ(cookie, "klingon");
    CHECK(detect("# coding: utf-16\n", NULL, cookie, sizeof cookie) == NULL);
}

/* ---- the walk ------------------------------------------------------------------------ */

static void test_nested_listing(void)
{
    char dir[PATH_MAX], buf[1024], real[PATH_MAX], want[PATH_MAX + 32];
    make_tmp(dir, sizeof dir);
    PUTS(dir, "a.py", "x = 1\n");
    PUTS(dir, "a_b.py", "");
    PUTS(dir, "a/b.py", "yy\n");
    PUTS(dir, "Z.py", "z");
    PUTS(dir, "pkg/__init__.py", "");
    PUTS(dir, "pkg/sub/deep/deeper/m.py", "pass\n");
    PUTS(dir, "pkg/data.txt", "not python");
    PUTS(dir, "README.md", "# readme");
    scan_list *l = list_plain(dir);
    CHECK_STREQ(paths_of(l, buf, sizeof buf),
                "Z.py,a.py,a/b.py,a_b.py,pkg/__init__.py,pkg/sub/deep/deeper/m.py");
    CHECK_EQ_I64(scan_list_problem_count(l), 0);
    CHECK_EQ_I64(scan_list_total_bytes(l), 6 + 0 + 3 + 1 + 0 + 5);
    CHECK(realpath(dir, real) != NULL);
    CHECK_STREQ(scan_list_root(l), real);
    long i = find_file(l, "a/b.py");
    CHECK(i >= 0);
    if (i >= 0) {
        snprintf(want, sizeof want, "%s/a/b.py", real);
        CHECK_STREQ(scan_list_file(l, (size_t)i)->abs_path, want);
        CHECK_EQ_I64(scan_list_file(l, (size_t)i)->size, 3);
    }
    CHECK(!scan_list_used_gitignore(l));
    CHECK(scan_list_file(l, 99) == NULL);
    scan_list_free(l);
    rm_rf(dir);
}

static void test_deep_nesting(void)
{
    char dir[PATH_MAX], rel[PATH_MAX] = "";
    make_tmp(dir, sizeof dir);
    for (int i = 0; i < 1000; i++)
        strcat(rel, "d/");
    strcat(rel, "m.py");
    put(dir, rel, "", 0);
    scan_list *l = list_plain(dir);
    CHECK_EQ_I64(scan_list_count(l), 1);
    CHECK_EQ_I64(scan_list_problem_count(l), 0);
    scan_list_free(l);
    rm_rf(dir);
}

static void test_include_exclude(void)
{
    char dir[PATH_MAX], buf[1024];
    make_tmp(dir, sizeof dir);
    PUTS(dir, "src/a.py", "");
    PUTS(dir, "src/b.pyi", "");
    PUTS(dir, "src/c.txt", "");
    PUTS(dir, "tests/t.py", "");
    PUTS(dir, "build/x.py", "");
    PUTS(dir, "lib/build/y.py", "");
    PUTS(dir, "docs/c.py", "");
    PUTS(dir, "docs/conf.py", "");
    scan_options o = {0};
    const char *inc[] = {"**/*.py", "**/*.pyi"};
    const char *exc[] = {"tests", "**/build/**", "*/conf.py"};
    o.no_gitignore = true;
    o.include_globs = inc;
    o.ninclude = 2;
    o.exclude_globs = exc;
    o.nexclude = 3;
    scan_list *l = list_with(dir, &o);
    CHECK_STREQ(paths_of(l, buf, sizeof buf), "docs/c.py,src/a.py,src/b.pyi");
    scan_list_free(l);
    const char *inc2[] = {"src/*"};
    o.include_globs = inc2;
    o.ninclude = 1;
    o.nexclude = 0;
    l = list_with(dir, &o);
    CHECK_STREQ(paths_of(l, buf, sizeof buf), "src/a.py,src/b.pyi,src/c.txt");
    scan_list_free(l);
    rm_rf(dir);
}

static void test_default_excludes(void)
{
    char dir[PATH_MAX], buf[1024];
    make_tmp(dir, sizeof dir);
    PUTS(dir, "ok.py", "");
    PUTS(dir, ".venv/lib/x.py", "");
    PUTS(dir, "pkg/__pycache__/y.py", "");
    PUTS(dir, "node_modules/z.py", "");
    PUTS(dir, ".git/hooks/h.py", "");
    PUTS(dir, ".tox/t.py", "");
    scan_list *l = list_plain(dir);
    CHECK_STREQ(paths_of(l, buf, sizeof buf), "ok.py");
    scan_list_free(l);
    scan_options o = {0};
    o.no_gitignore = true;
    o.no_default_excludes = true;
    l = list_with(dir, &o);
    CHECK_STREQ(paths_of(l, buf, sizeof buf),
                ".git/hooks/h.py,.tox/t.py,.venv/lib/x.py,node_modules/z.py,ok.py,"
                "pkg/__pycache__/y.py");
    scan_list_free(l);
    rm_rf(dir);
}

static void test_gitignore(void)
{
    char dir[PATH_MAX], sub[PATH_MAX + 16], buf[1024];
    make_tmp(dir, sizeof dir);
    git_libgit2_init();
    git_repository *repo = NULL;
    CHECK(git_repository_init(&repo, dir, 0) == 0);
    git_repository_free(repo);
    git_libgit2_shutdown();
    PUTS(dir, ".gitignore", "ignored.py\nbuilddir/\n");
    PUTS(dir, "kept.py", "");
    PUTS(dir, "ignored.py", "");
    PUTS(dir, "builddir/x.py", "");
    PUTS(dir, "sub/ignored.py", "");
    PUTS(dir, "sub/kept2.py", "");
    PUTS(dir, "sub/.gitignore", "local.py\n");
    PUTS(dir, "sub/local.py", "");
    scan_list *l = list_with(dir, NULL);
    CHECK(scan_list_used_gitignore(l));
    CHECK_STREQ(paths_of(l, buf, sizeof buf), "kept.py,sub/kept2.py");
    scan_list_free(l);
    l = list_plain(dir);
    CHECK(!scan_list_used_gitignore(l));
    CHECK_STREQ(paths_of(l, buf, sizeof buf),
                "builddir/x.py,ignored.py,kept.py,sub/ignored.py,sub/kept2.py,sub/local.py");
    scan_list_free(l);
    snprintf(sub, sizeof sub, "%s/sub", dir); /* root below the work tree's top */
    l = list_with(sub, NULL);
    CHECK(scan_list_used_gitignore(l));
    CHECK_STREQ(paths_of(l, buf, sizeof buf), "kept2.py");
    scan_list_free(l);
    snprintf(sub, sizeof sub, "%s/builddir", dir); /* an ignored root was asked for */
    l = list_with(sub, NULL);
    CHECK(!scan_list_used_gitignore(l));
    CHECK_STREQ(paths_of(l, buf, sizeof buf), "x.py");
    scan_list_free(l);
    rm_rf(dir);
}

static void test_symlinks(void)
{
    char dir[PATH_MAX], path[PATH_MAX + 16], buf[1024];
    make_tmp(dir, sizeof dir);
    PUTS(dir, "a.py", "x = 1\n");
    PUTS(dir, "d/b.py", "");
    snprintf(path, sizeof path, "%s/loop", dir);
    CHECK(symlink(".", path) == 0);
    snprintf(path, sizeof path, "%s/d/etc", dir);
    CHECK(symlink("/etc", path) == 0);
    snprintf(path, sizeof path, "%s/link.py", dir);
    CHECK(symlink("a.py", path) == 0);
    snprintf(path, sizeof path, "%s/.venv", dir); /* a default-excluded name: silent */
    CHECK(symlink("/usr", path) == 0);
    scan_list *l = list_plain(dir);
    CHECK_STREQ(paths_of(l, buf, sizeof buf), "a.py,d/b.py");
    CHECK_EQ_I64(scan_list_problem_count(l), 3);
    const scan_problem *p = find_problem(l, "loop", "symlink_skipped");
    CHECK(p && p->severity == SCAN_INFO && strstr(p->message, "'.'"));
    p = find_problem(l, "d/etc", "symlink_skipped");
    CHECK(p && strstr(p->message, "/etc"));
    p = find_problem(l, "link.py", "symlink_skipped");
    CHECK(p && strstr(p->message, "a.py"));
    if (scan_list_problem_count(l) == 3) { /* sorted by path */
        CHECK_STREQ(scan_list_problem(l, 0)->path, "d/etc");
        CHECK_STREQ(scan_list_problem(l, 2)->path, "loop");
    }
    CHECK_STREQ(scan_severity_name(SCAN_INFO), "info");
    scan_list_free(l);
    rm_rf(dir);
}

static void test_fifo(void)
{
    char dir[PATH_MAX], path[PATH_MAX + 16];
    make_tmp(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/x.py", dir);
    CHECK(mkfifo(path, 0644) == 0);
    snprintf(path, sizeof path, "%s/x.txt", dir);
    CHECK(mkfifo(path, 0644) == 0);
    scan_list *l = list_plain(dir);
    CHECK_EQ_I64(scan_list_count(l), 0);
    CHECK_EQ_I64(scan_list_problem_count(l), 1);
    const scan_problem *p = find_problem(l, "x.py", "not_regular_file");
    CHECK(p && p->severity == SCAN_WARNING && strstr(p->message, "FIFO"));
    scan_list_free(l);
    rm_rf(dir);
}

/* A regular file at listing time that is a FIFO when read: reported, never blocks. */
static void test_fifo_swapped_in(void)
{
    char dir[PATH_MAX], path[PATH_MAX + 16];
    make_tmp(dir, sizeof dir);
    PUTS(dir, "x.py", "");
    PUTS(dir, "gone.py", "");
    PUTS(dir, "link.py", "");
    scan_list *l = list_plain(dir);
    snprintf(path, sizeof path, "%s/x.py", dir);
    unlink(path);
    CHECK(mkfifo(path, 0644) == 0);
    snprintf(path, sizeof path, "%s/gone.py", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/link.py", dir);
    unlink(path);
    CHECK(symlink("/etc/passwd", path) == 0);
    static const char *const want[][2] = {
        {"gone.py", "unreadable"}, {"link.py", "unreadable"}, {"x.py", "not_regular_file"}};
    for (size_t i = 0; i < scan_list_count(l) && i < 3; i++) {
        scan_content c;
        bool ok = true;
        pc_err err;
        pc_err_clear(&err);
        CHECK_EQ_I64(scan_read(l, i, &c, &ok, &err), PC_OK);
        CHECK(!ok && c.bytes == NULL && c.nproblems == 1);
        if (c.nproblems == 1) {
            CHECK_STREQ(c.problems[0].path, want[i][0]);
            CHECK_STREQ(c.problems[0].code, want[i][1]);
        }
        scan_content_free(&c);
    }
    scan_list_free(l);
    rm_rf(dir);
}

static void test_unreadable_dir(void)
{
    char dir[PATH_MAX], path[PATH_MAX + 16];
    if (geteuid() == 0)
        return; /* root reads every directory; the long-path test covers unreadable_dir */
    make_tmp(dir, sizeof dir);
    PUTS(dir, "locked/a.py", "");
    PUTS(dir, "b.py", "");
    snprintf(path, sizeof path, "%s/locked", dir);
    chmod(path, 0);
    scan_list *l = list_plain(dir);
    CHECK_EQ_I64(scan_list_count(l), 1);
    const scan_problem *p = find_problem(l, "locked", "unreadable_dir");
    CHECK(p && p->severity == SCAN_ERROR);
    scan_list_free(l);
    chmod(path, 0755);
    rm_rf(dir);
}

/* Creates n nested directories named name below fd; returns the deepest fd. */
static int nest(int fd, const char *name, int n)
{
    for (int i = 0; i < n; i++) {
        mkdirat(fd, name, 0755);
        int next = openat(fd, name, O_RDONLY | O_DIRECTORY);
        close(fd);
        fd = next;
    }
    return fd;
}

/* Removes what nest and the test made, one level at a time through descriptors (the
 * paths are too long for path-based calls). */
static void unnest(int top, const char *name, int n)
{
    for (int depth = n; depth > 0; depth--) {
        int parent = dup(top);
        for (int i = 0; i < depth - 1; i++) {
            int next = openat(parent, name, O_RDONLY | O_DIRECTORY);
            close(parent);
            parent = next;
        }
        int deep = openat(parent, name, O_RDONLY | O_DIRECTORY);
        unlinkat(deep, "m.py", 0);
        close(deep);
        CHECK(unlinkat(parent, name, AT_REMOVEDIR) == 0);
        close(parent);
    }
}

static void test_path_too_long(void)
{
    char dir[PATH_MAX], name[201];
    make_tmp(dir, sizeof dir);
    memset(name, 'n', 200);
    name[200] = '\0';
    int top = open(dir, O_RDONLY | O_DIRECTORY);
    int deep = nest(dup(top), name, 22); /* 22 * 201 > PATH_MAX */
    int f = openat(deep, "m.py", O_WRONLY | O_CREAT, 0644);
    close(f);
    close(deep);
    PUTS(dir, "ok.py", "");
    scan_list *l = list_plain(dir);
    CHECK_EQ_I64(scan_list_count(l), 1);
    CHECK_EQ_I64(scan_list_problem_count(l), 1);
    if (scan_list_problem_count(l) == 1) {
        CHECK_STREQ(scan_list_problem(l, 0)->code, "unreadable_dir");
        CHECK(strstr(scan_list_problem(l, 0)->message, "PATH_MAX") != NULL);
    }
    scan_list_free(l);
    unnest(top, name, 22);
    close(top);
    rm_rf(dir);
}

static void test_root_errors(void)
{
    char dir[PATH_MAX], path[PATH_MAX + 16];
    make_tmp(dir, sizeof dir);
    PUTS(dir, "file.py", "");
    pc_err err;
    scan_list *l = (scan_list *)1;
    snprintf(path, sizeof path, "%s/missing", dir);
    pc_err_clear(&err);
    CHECK_EQ_I64(scan_list_new(path, NULL, &l, &err), PC_ERR_ARG);
    CHECK(l == NULL);
    CHECK(strstr(err.msg, "repository") && strstr(err.msg, "No such file"));
    snprintf(path, sizeof path, "%s/file.py", dir);
    pc_err_clear(&err);
    CHECK_EQ_I64(scan_list_new(path, NULL, &l, &err), PC_ERR_ARG);
    CHECK(strstr(err.msg, "not a directory") != NULL);
    scan_options o = {0};
    const char *bad[] = {""};
    o.exclude_globs = bad;
    o.nexclude = 1;
    pc_err_clear(&err);
    CHECK_EQ_I64(scan_list_new(dir, &o, &l, &err), PC_ERR_ARG);
    o.nexclude = 0;
    o.max_file_size = -1;
    pc_err_clear(&err);
    CHECK_EQ_I64(scan_list_new(dir, &o, &l, &err), PC_ERR_ARG);
    scan_list_free(NULL);
    scan_content zero = {0};
    scan_content_free(&zero);
    rm_rf(dir);
}

/* ---- scan_read ------------------------------------------------------------------------ */

static void test_read_plain(void)
{
    scan_content c;
    CHECK(READ("m.py", "x = 1\n", &c));
    CHECK_EQ_I64(c.len, 6);
    CHECK_STREQ((const char *)c.bytes, "x = 1\n");
    CHECK_STREQ(c.text, "x = 1\n");
    CHECK_EQ_I64(c.text_len, 6);
    CHECK_STREQ(c.sha256, "9e26bf369911c45c243c684147b23fc9e1dcfcf257d299a1c632016a6fcd33f4");
    CHECK_STREQ(c.encoding, "utf-8");
    CHECK(!c.has_bom && c.nproblems == 0);
    scan_content_free(&c);
    CHECK(c.bytes == NULL && c.text == NULL);
    CHECK(READ("empty.py", "", &c));
    CHECK_STREQ(c.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(c.text && c.text_len == 0 && c.nproblems == 0);
    scan_content_free(&c);
}

static void test_read_newlines(void)
{
    scan_content c;
    CHECK(READ("crlf.py", "x = 1\r\ny = 2\r\n", &c));
    CHECK_EQ_I64(c.nproblems, 0);
    CHECK_STREQ(c.text, "x = 1\r\ny = 2\r\n");
    scan_content_free(&c);
    CHECK(READ("cr.py", "x = 1\ry = 2\r", &c));
    CHECK_EQ_I64(c.nproblems, 0);
    CHECK_STREQ(c.encoding, "utf-8");
    scan_content_free(&c);
    CHECK(READ("cr2.py", "#!python\r# coding: latin-1\rs = '\xE9'\r", &c));
    CHECK_EQ_I64(c.nproblems, 0);
    CHECK_STREQ(c.encoding, "iso-8859-1");
    scan_content_free(&c);
}

static void test_read_bom(void)
{
    scan_content c;
    CHECK(READ("bom.py", "\xEF\xBB\xBFx = '\xC3\xA9'\n", &c));
    CHECK_STREQ(c.encoding, "utf-8-sig");
    CHECK(c.has_bom);
    CHECK_STREQ(c.text, "x = '\xC3\xA9'\n");
    CHECK_EQ_I64(c.len, 12);
    CHECK_EQ_I64(c.nproblems, 0);
    scan_content_free(&c);
    CHECK(READ("bomcookie.py", "\xEF\xBB\xBF# coding: latin-1\nx = 1\n", &c));
    CHECK_STREQ(c.encoding, "utf-8-sig");
    CHECK_EQ_I64(c.nproblems, 1);
    if (c.nproblems == 1) {
        CHECK_STREQ(c.problems[0].code, "invalid_encoding");
        CHECK(strstr(c.problems[0].message, "with BOM") != NULL);
        CHECK_EQ_I64(c.problems[0].line, 1);
    }
    scan_content_free(&c);
    CHECK(READ("u16.py",
               "\xFF\xFEx\0 \0=\0 \0"
               "1\0\n\0",
               &c));
    CHECK_EQ_I64(c.nproblems, 1);
    if (c.nproblems == 1) {
        CHECK_STREQ(c.problems[0].code, "invalid_encoding");
        CHECK(strstr(c.problems[0].message, "UTF-16 byte order mark") != NULL);
    }
    scan_content_free(&c);
}

static void test_read_cookies(void)
{
    scan_content c;
    CHECK(READ("l1.py", "# -*- coding: latin-1 -*-\ns = '\xE9'\n", &c));
    CHECK_STREQ(c.encoding, "iso-8859-1");
    CHECK(strstr(c.text, "s = '\xC3\xA9'") != NULL);
    CHECK_EQ_I64(c.nproblems, 0);
    scan_content_free(&c);
    CHECK(READ("cp.py", "#!/usr/bin/env python\n# coding=cp1252\ns = '\x80'\n", &c));
    CHECK_STREQ(c.encoding, "cp1252");
    CHECK(strstr(c.text, "s = '\xE2\x82\xAC'") != NULL);
    CHECK_EQ_I64(c.nproblems, 0);
    scan_content_free(&c);
    CHECK(READ("u8.py", "# coding: utf8\ns = '\xC3\xA9'\n", &c));
    CHECK_STREQ(c.encoding, "utf8");
    CHECK_EQ_I64(c.nproblems, 0);
    scan_content_free(&c);
    CHECK(READ("k.py", "# coding: klingon\ns = '\xC3\xA9'\n", &c));
    CHECK_STREQ(c.encoding, "utf-8");
    CHECK_EQ_I64(c.nproblems, 1);
    if (c.nproblems == 1) {
        CHECK_STREQ(c.problems[0].code, "unknown_encoding");
        CHECK(strstr(c.problems[0].message, "klingon") != NULL);
        CHECK_EQ_I64(c.problems[0].line, 1);
        CHECK_EQ_I64(c.problems[0].bstart, 10);
    }
    CHECK(strstr(c.text, "\xC3\xA9") != NULL);
    scan_content_free(&c);
    CHECK(READ("late.py", "x = 1\n# coding: latin-1\ns = '\xE9'\n", &c));
    CHECK_STREQ(c.encoding, "utf-8");
    CHECK(c.nproblems == 1 && strcmp(c.problems[0].code, "invalid_encoding") == 0);
    scan_content_free(&c);
}

static void test_read_invalid_utf8(void)
{
    scan_content c;
    CHECK(READ("bad.py", "x = 1\ny = '\xFF'\n", &c));
    CHECK_EQ_I64(c.nproblems, 1);
    if (c.nproblems == 1) {
        CHECK_STREQ(c.problems[0].code, "invalid_encoding");
        CHECK_EQ_I64(c.problems[0].severity, SCAN_ERROR);
        CHECK_EQ_I64(c.problems[0].bstart, 11);
        CHECK_EQ_I64(c.problems[0].line, 2);
        CHECK(strstr(c.problems[0].message, "offset 11") != NULL);
    }
    CHECK_STREQ(c.text, "x = 1\ny = '\xEF\xBF\xBD'\n");
    scan_content_free(&c);
    /* a surrogate (3 bad bytes → 3 U+FFFD), an overlong (2 → 2), a cut sequence (1) */
    CHECK(READ("sur.py",
               "\xED\xA0\x80|\xC0\xAF|\xE2\x82"
               "A",
               &c));
    CHECK_STREQ(c.text, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD|"
                        "\xEF\xBF\xBD"
                        "A");
    CHECK_EQ_I64(c.nproblems, 1);
    scan_content_free(&c);
}

static void test_read_nul_and_binary(void)
{
    scan_content c;
    CHECK(READ("nul.py", "x = 1\n\0\n", &c));
    CHECK_EQ_I64(c.nproblems, 1);
    if (c.nproblems == 1) {
        CHECK_STREQ(c.problems[0].code, "nul_byte");
        CHECK_EQ_I64(c.problems[0].bstart, 6);
        CHECK_EQ_I64(c.problems[0].line, 2);
    }
    CHECK_EQ_I64(c.text_len, 8);
    scan_content_free(&c);
    CHECK(READ("img.py", "\x89PNG\r\n\x1A\n\0\0\0\rIHDR\xFF\xFE\x01", &c));
    CHECK_EQ_I64(c.nproblems, 1);
    if (c.nproblems == 1) {
        CHECK_STREQ(c.problems[0].code, "nul_byte");
        CHECK_EQ_I64(c.problems[0].bstart, 8);
        CHECK(strstr(c.problems[0].message, "undecodable") != NULL);
    }
    scan_content_free(&c);
}

static void test_read_limits_and_faults(void)
{
    scan_content c;
    CHECK(!read_one("big.py", "0123456789A", 11, 10, &c));
    CHECK(c.bytes == NULL && c.text == NULL && c.nproblems == 1);
    if (c.nproblems == 1)
        CHECK_STREQ(c.problems[0].code, "too_large");
    scan_content_free(&c);
    CHECK(read_one("fits.py", "0123456789", 10, 10, &c));
    CHECK_EQ_I64(c.nproblems, 0);
    scan_content_free(&c);
    CHECK(!READ("unreadable.py", "x = 1\n", &c));
    CHECK(c.bytes == NULL && c.nproblems == 1);
    if (c.nproblems == 1) {
        CHECK_STREQ(c.problems[0].code, "unreadable");
        CHECK_STREQ(c.problems[0].path, "unreadable.py");
        CHECK(strstr(c.problems[0].message, strerror(EIO)) != NULL);
    }
    CHECK_STREQ(c.encoding, "utf-8");
    scan_content_free(&c);
}

TEST_MAIN(TEST(test_file_id_vectors), TEST(test_glob_table), TEST(test_detect_encoding),
          TEST(test_nested_listing), TEST(test_deep_nesting), TEST(test_include_exclude),
          TEST(test_default_excludes), TEST(test_gitignore), TEST(test_symlinks), TEST(test_fifo),
          TEST(test_fifo_swapped_in), TEST(test_unreadable_dir), TEST(test_path_too_long),
          TEST(test_root_errors), TEST(test_read_plain), TEST(test_read_newlines),
          TEST(test_read_bom), TEST(test_read_cookies), TEST(test_read_invalid_utf8),
          TEST(test_read_nul_and_binary), TEST(test_read_limits_and_faults))
