/*
 * scan.c — the repository listing: which files of a tree pycpg reads (struct scan_list).
 *
 * Divisions: 1. globs  2. the listing and its problems  3. .gitignore through libgit2
 *            4. the walk  5. scan_list_new and accessors
 *
 * The walk uses an explicit stack of directories (repo-relative paths) and never
 * recursion. Directories are opened relative to the root's descriptor with no symbolic
 * link allowed in any component (openat2 RESOLVE_NO_SYMLINKS; O_NOFOLLOW on kernels
 * without it) and entries are examined with fstatat(AT_SYMLINK_NOFOLLOW): no link is ever
 * followed, so link cycles and links out of the repository are never entered.
 *
 * Glob examples below write "|" for "/" (a C comment cannot hold most of them).
 *
 * What is selected, for each entry of each directory (repo-relative path P, name N):
 *   - directory: pruned (not entered, not reported) when N is a default-excluded name
 *     (scan.h) unless no_default_excludes, when an exclude glob matches P or P + "|" (so
 *     "build", "build|", "build|*" and "**|build|**" all prune build|), or when the git
 *     ignore rules ignore P + "|"; otherwise entered. A path longer than PATH_MAX (root
 *     included) → problem unreadable_dir; a directory that cannot be opened or read →
 *     unreadable_dir (error).
 *   - symbolic link (to anything): unless excluded as a directory would be (default name,
 *     glob, ignore rules), → problem symlink_skipped (info) naming the link's target.
 *   - anything else: only if an include glob matches P and neither an exclude glob nor
 *     the ignore rules exclude it: a regular file is listed; a FIFO, socket or device →
 *     not_regular_file (warning; never opened); a path longer than PATH_MAX → unreadable.
 * Globs (scan_glob_match) are fnmatch(3) with flags 0, so '*' and '?' match '|'; a
 * pattern starting with "**|" is also tried with that prefix removed (repeatedly), so
 * "**|*.py" matches "a.py". Any other "**" is just two '*'s: no zero-directory rule inside
 * a pattern ("src|**|*.py" does not match "src|a.py"; "src|*.py" does, at any depth).
 * Ignore rules: when a git repository with a work tree encloses the root, libgit2 decides
 * (paths relative to the work tree, which may be a parent of the root). If the root
 * itself is ignored by its enclosing work tree, the user named it explicitly: no ignore
 * rules apply (used_gitignore false).
 *
 * Invariants: every string of the listing lives in its arena; files are sorted by path
 * (strcmp) and problems by (path, code, message) once scan_list_new returns, so the
 * listing is the same whatever the order readdir gives; so are the files' id prefixes.
 */
#include "scan_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <git2.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

static const char *const default_excludes[] = {".git",          "__pycache__",  ".venv",
                                               "venv",          "node_modules", ".mypy_cache",
                                               ".pytest_cache", ".ruff_cache",  ".tox"};
static const char *const default_include[] = {SCAN_DEFAULT_INCLUDE};

struct scan_list {
    arena *mem; /* every string below */
    const char *root;
    scan_file *files;
    size_t nfiles, capfiles;
    scan_problem *problems;
    size_t nproblems, capproblems;
    int64_t total_bytes;
    int64_t max_file_size; /* effective cap, > 0 */
    bool used_gitignore;
};

/* The state of one walk. */
typedef struct {
    scan_list *l;
    const scan_options *opt;
    const char *const *inc;
    size_t ninc;
    int root_fd;
    size_t root_len;
    bool git_inited;
    git_repository *repo; /* NULL: no ignore rules */
    char *git_prefix;     /* the root relative to the work tree: "" or "a/b/" */
    const char **stack;   /* directories to visit (strings in scratch) */
    size_t nstack, capstack;
    arena *scratch;
    sbuf rel, tmp;
} walker;

/* ---- 1. globs ---------------------------------------------------------------------- */

bool scan_glob_match(const char *pattern, const char *path)
{
    if (!pattern || !path)
        return false;
    for (;;) {
        if (fnmatch(pattern, path, 0) == 0)
            return true;
        if (strncmp(pattern, "**/", 3) != 0)
            return false;
        pattern += 3;
    }
}

static bool glob_any(const char *const *globs, size_t n, const char *path)
{
    for (size_t i = 0; i < n; i++)
        if (scan_glob_match(globs[i], path))
            return true;
    return false;
}

static pc_status check_globs(const char *what, const char *const *globs, size_t n, pc_err *err)
{
    if (n > 0 && !globs)
        return pc_fail(err, PC_ERR_ARG, "%s globs: %zu announced, none given", what, n);
    for (size_t i = 0; i < n; i++) {
        const char *g = globs[i];
        if (!g || !*g)
            return pc_fail(err, PC_ERR_ARG, "%s glob %zu is empty", what, i + 1);
        if (strlen(g) >= PATH_MAX)
            return pc_fail(err, PC_ERR_ARG, "%s glob %zu is longer than PATH_MAX", what, i + 1);
        int r = fnmatch(g, "", 0);
        if (r != 0 && r != FNM_NOMATCH)
            return pc_fail(err, PC_ERR_ARG, "%s glob '%s' is not a valid pattern", what, g);
    }
    return PC_OK;
}

static pc_status check_options(const scan_options *opt, pc_err *err)
{
    pc_status rc = check_globs("include", opt->include_globs, opt->ninclude, err);
    if (rc == PC_OK)
        rc = check_globs("exclude", opt->exclude_globs, opt->nexclude, err);
    if (rc == PC_OK && opt->max_file_size < 0)
        rc = pc_fail(err, PC_ERR_ARG, "max file size %lld is negative",
                     (long long)opt->max_file_size);
    return rc;
}

/* ---- 2. the listing and its problems ----------------------------------------------- */

static void list_problem(scan_list *l, const char *path, const char *code, scan_severity sev,
                         const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void list_problem(scan_list *l, const char *path, const char *code, scan_severity sev,
                         const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = arena_alloc(l->mem, n > 0 ? (size_t)n + 1 : 1);
    msg[0] = '\0';
    if (n > 0)
        vsnprintf(msg, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    l->problems =
        core_grow(l->problems, &l->capproblems, l->nproblems + 1, sizeof *l->problems, 16);
    scan_problem *p = &l->problems[l->nproblems++];
    p->path = arena_strndup(l->mem, path[0] ? path : ".", path[0] ? strlen(path) : 1);
    p->code = code;
    p->message = msg;
    p->severity = sev;
    p->bstart = -1;
    p->line = 0;
}

/* A path that is not UTF-8 is stored with U+FFFD for its invalid bytes (as every VARCHAR is);
 * the file is still read, and a warning row gives the raw bytes, escaped, so two such names
 * cannot be confused. The file id is computed from the raw bytes and stays unique. */
static void check_path_utf8(walker *w, const char *rel)
{
    size_t n = strlen(rel);
    if (utf8_valid_prefix(rel, n) == n)
        return;
    sbuf_reset(&w->tmp);
    for (size_t i = 0; i < n;) {
        size_t ok = utf8_valid_prefix(rel + i, n - i);
        sbuf_append(&w->tmp, rel + i, ok);
        i += ok;
        if (i < n)
            sbuf_printf(&w->tmp, "\\x%02x", (unsigned char)rel[i++]);
    }
    list_problem(w->l, rel, "path_not_utf8", SCAN_WARNING,
                 "path is not valid UTF-8 (raw bytes: %s); stored with U+FFFD for the invalid "
                 "bytes",
                 w->tmp.data);
}

static void list_add_file(walker *w, const char *rel, const struct stat *st)
{
    check_path_utf8(w, rel);
    scan_list *l = w->l;
    l->files = core_grow(l->files, &l->capfiles, l->nfiles + 1, sizeof *l->files, 16);
    scan_file *f = &l->files[l->nfiles++];
    size_t rlen = strlen(rel);
    f->path = arena_strndup(l->mem, rel, rlen);
    sbuf_reset(&w->tmp);
    sbuf_puts(&w->tmp, l->root);
    if (w->root_len > 1)
        sbuf_putc(&w->tmp, '/');
    sbuf_append(&w->tmp, rel, rlen);
    f->abs_path = arena_strndup(l->mem, w->tmp.data, w->tmp.len);
    f->file_id = scan_file_id(w->opt->repo_id, rel);
    f->size = st->st_size;
    size_t total = 0;
    if (core_size_add((size_t)l->total_bytes, (size_t)st->st_size, &total) &&
        total <= (size_t)INT64_MAX)
        l->total_bytes = (int64_t)total;
}

/* Every file's prefix of file-local ids, given over the whole listing (core.h). */
static void assign_prefixes(scan_list *l)
{
    int64_t *ids = core_malloc((l->nfiles ? l->nfiles : 1) * sizeof *ids);
    uint32_t *prefixes = core_malloc((l->nfiles ? l->nfiles : 1) * sizeof *prefixes);
    for (size_t i = 0; i < l->nfiles; i++)
        ids[i] = l->files[i].file_id;
    id_assign_prefixes(l->nfiles, ids, prefixes);
    for (size_t i = 0; i < l->nfiles; i++)
        l->files[i].id_prefix = prefixes[i];
    core_free(ids);
    core_free(prefixes);
}

static int cmp_file(const void *a, const void *b)
{
    return strcmp(((const scan_file *)a)->path, ((const scan_file *)b)->path);
}

static int cmp_problem(const void *a, const void *b)
{
    const scan_problem *p = a, *q = b;
    int c = strcmp(p->path, q->path);
    if (c == 0)
        c = strcmp(p->code, q->code);
    return c != 0 ? c : strcmp(p->message, q->message);
}

/* ---- 3. .gitignore through libgit2 -------------------------------------------------- */

/* True when the ignore rules ignore rel (a directory when is_dir). */
static bool git_ignored(walker *w, const char *rel, bool is_dir)
{
    if (!w->repo)
        return false;
    sbuf_reset(&w->tmp);
    sbuf_puts(&w->tmp, w->git_prefix);
    sbuf_puts(&w->tmp, rel);
    if (is_dir)
        sbuf_putc(&w->tmp, '/');
    int ignored = 0;
    if (git_ignore_path_is_ignored(&ignored, w->repo, w->tmp.data) < 0)
        return false;
    return ignored != 0;
}

/* The root relative to the work tree wd ("" or "a/b/"), or NULL when not inside it. */
static char *git_root_prefix(walker *w, const char *wd)
{
    char real[PATH_MAX];
    if (!realpath(wd, real))
        return NULL;
    size_t n = strlen(real);
    const char *root = w->l->root;
    if (strcmp(real, "/") == 0)
        n = 0;
    else if (strncmp(root, real, n) != 0 || (root[n] != '/' && root[n] != '\0'))
        return NULL;
    const char *rest = root + n + (root[n] == '/');
    sbuf_reset(&w->tmp);
    sbuf_puts(&w->tmp, rest);
    if (*rest)
        sbuf_putc(&w->tmp, '/');
    return arena_strndup(w->scratch, w->tmp.data, w->tmp.len);
}

/* Opens the repository enclosing the root, if any, and adopts its ignore rules. */
static void git_attach(walker *w)
{
    git_repository *repo = NULL;
    if (git_libgit2_init() < 0)
        return;
    w->git_inited = true;
    int e = git_repository_open_ext(&repo, w->l->root, 0, NULL);
    if (e < 0) {
        const git_error *ge = git_error_last();
        if (e != GIT_ENOTFOUND)
            log_warn("%s: git repository not usable, .gitignore not applied: %s", w->l->root,
                     ge && ge->message ? ge->message : "unknown error");
        return;
    }
    const char *wd = git_repository_workdir(repo);
    w->git_prefix = wd ? git_root_prefix(w, wd) : NULL;
    w->repo = w->git_prefix ? repo : NULL;
    if (w->repo && w->git_prefix[0] && git_ignored(w, "", false)) {
        log_debug("%s is ignored by its enclosing work tree: .gitignore not applied", w->l->root);
        w->repo = NULL;
    }
    if (!w->repo)
        git_repository_free(repo);
    w->l->used_gitignore = w->repo != NULL;
}

/* ---- 4. the walk -------------------------------------------------------------------- */

int scan__open_nofollow(int dirfd, const char *path, int flags)
{
#ifdef SYS_openat2
    struct open_how how = {.flags = (uint64_t)(flags | O_NOFOLLOW), .resolve = RESOLVE_NO_SYMLINKS};
    long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
    if (fd >= 0)
        return (int)fd;
    if (errno != ENOSYS && errno != EPERM && errno != EINVAL)
        return -1;
#endif
    return openat(dirfd, path, flags | O_NOFOLLOW);
}

static bool is_default_excluded(const walker *w, const char *name)
{
    if (w->opt->no_default_excludes)
        return false;
    for (size_t i = 0; i < sizeof default_excludes / sizeof default_excludes[0]; i++)
        if (strcmp(name, default_excludes[i]) == 0)
            return true;
    return false;
}

/* A directory (or a link, which might name one) excluded by name, glob or ignore rule. */
static bool dir_excluded(walker *w, const char *name, const char *rel, bool is_dir)
{
    const scan_options *o = w->opt;
    if (is_default_excluded(w, name) || glob_any(o->exclude_globs, o->nexclude, rel))
        return true;
    sbuf_reset(&w->tmp);
    sbuf_puts(&w->tmp, rel);
    sbuf_putc(&w->tmp, '/');
    if (glob_any(o->exclude_globs, o->nexclude, w->tmp.data))
        return true;
    return git_ignored(w, rel, is_dir);
}

static bool too_long(const walker *w, const char *rel)
{
    return w->root_len + 1 + strlen(rel) >= PATH_MAX;
}

static void push_dir(walker *w, const char *rel)
{
    w->stack = core_grow(w->stack, &w->capstack, w->nstack + 1, sizeof *w->stack, 16);
    w->stack[w->nstack++] = arena_strndup(w->scratch, rel, strlen(rel));
}

static void visit_dir(walker *w, const char *name, const char *rel)
{
    if (dir_excluded(w, name, rel, true))
        return;
    if (too_long(w, rel)) {
        list_problem(w->l, rel, "unreadable_dir", SCAN_ERROR,
                     "path longer than PATH_MAX (%d bytes); not entered", PATH_MAX);
        return;
    }
    push_dir(w, rel);
}

static void visit_link(walker *w, int dfd, const char *name, const char *rel)
{
    char target[PATH_MAX];
    if (dir_excluded(w, name, rel, false))
        return;
    ssize_t n = readlinkat(dfd, name, target, sizeof target - 1);
    if (n < 0)
        list_problem(w->l, rel, "symlink_skipped", SCAN_INFO,
                     "symbolic link not followed (target unreadable: %s)", strerror(errno));
    else
        list_problem(w->l, rel, "symlink_skipped", SCAN_INFO,
                     "symbolic link to '%.*s' not followed", (int)n, target);
}

static const char *file_type_name(mode_t m)
{
    return S_ISFIFO(m)   ? "FIFO"
           : S_ISSOCK(m) ? "socket"
           : S_ISCHR(m)  ? "character device"
           : S_ISBLK(m)  ? "block device"
                         : "special file";
}

static void visit_file(walker *w, const char *rel, const struct stat *st)
{
    const scan_options *o = w->opt;
    if (!glob_any(w->inc, w->ninc, rel) || glob_any(o->exclude_globs, o->nexclude, rel) ||
        git_ignored(w, rel, false))
        return;
    if (too_long(w, rel))
        list_problem(w->l, rel, "unreadable", SCAN_ERROR,
                     "path longer than PATH_MAX (%d bytes); not read", PATH_MAX);
    else if (!S_ISREG(st->st_mode))
        list_problem(w->l, rel, "not_regular_file", SCAN_WARNING,
                     "not a regular file (%s); not opened", file_type_name(st->st_mode));
    else
        list_add_file(w, rel, st);
}

/* An entry fstatat could not examine: reported when it would have mattered. */
static void visit_unknown(walker *w, const char *rel, unsigned char d_type, int e)
{
    if (d_type == DT_DIR)
        list_problem(w->l, rel, "unreadable_dir", SCAN_ERROR, "cannot stat: %s", strerror(e));
    else if (glob_any(w->inc, w->ninc, rel) &&
             !glob_any(w->opt->exclude_globs, w->opt->nexclude, rel))
        list_problem(w->l, rel, "unreadable", SCAN_ERROR, "cannot stat: %s", strerror(e));
}

static void walk_entry(walker *w, int dfd, const char *parent, const struct dirent *de)
{
    const char *name = de->d_name;
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return;
    sbuf_reset(&w->rel);
    if (parent[0]) {
        sbuf_puts(&w->rel, parent);
        sbuf_putc(&w->rel, '/');
    }
    sbuf_puts(&w->rel, name);
    const char *rel = w->rel.data;
    struct stat st;
    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno != ENOENT) /* ENOENT: removed since readdir */
            visit_unknown(w, rel, de->d_type, errno);
    } else if (S_ISDIR(st.st_mode)) {
        visit_dir(w, name, rel);
    } else if (S_ISLNK(st.st_mode)) {
        visit_link(w, dfd, name, rel);
    } else {
        visit_file(w, rel, &st);
    }
}

static void walk_dir(walker *w, const char *rel)
{
    int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
    int fd = scan__open_nofollow(w->root_fd, rel[0] ? rel : ".", flags);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        list_problem(w->l, rel, "unreadable_dir", SCAN_ERROR, "cannot open directory: %s",
                     strerror(errno));
        if (fd >= 0)
            close(fd);
        return;
    }
    for (;;) {
        errno = 0;
        const struct dirent *de = readdir(d);
        if (!de) {
            if (errno != 0)
                list_problem(w->l, rel, "unreadable_dir", SCAN_ERROR, "cannot read directory: %s",
                             strerror(errno));
            break;
        }
        walk_entry(w, dirfd(d), rel, de);
    }
    closedir(d);
}

static void walk(walker *w)
{
    push_dir(w, "");
    while (w->nstack > 0) {
        const char *rel = w->stack[--w->nstack];
        walk_dir(w, rel);
    }
}

/* ---- 5. scan_list_new and accessors --------------------------------------------------- */

static pc_status open_root(walker *w, const char *root, pc_err *err)
{
    char real[PATH_MAX];
    struct stat st;
    if (!root || !*root)
        return pc_fail(err, PC_ERR_ARG, "repository: no path given");
    if (!realpath(root, real))
        return pc_fail(err, PC_ERR_ARG, "repository %s: %s", root, strerror(errno));
    if (stat(real, &st) != 0)
        return pc_fail(err, PC_ERR_ARG, "repository %s: %s", root, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return pc_fail(err, PC_ERR_ARG, "repository %s: not a directory", root);
    w->root_len = strlen(real);
    w->l->root = arena_strndup(w->l->mem, real, w->root_len);
    w->root_fd = open(real, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (w->root_fd < 0)
        return pc_fail(err, PC_ERR_ARG, "repository %s: cannot open: %s", root, strerror(errno));
    return PC_OK;
}

static void walker_init(walker *w, scan_list *l, const scan_options *opt)
{
    memset(w, 0, sizeof *w);
    w->l = l;
    w->opt = opt;
    w->root_fd = -1;
    w->inc = opt->ninclude ? opt->include_globs : default_include;
    w->ninc = opt->ninclude ? opt->ninclude : 1;
    w->scratch = arena_new(64 * 1024);
    w->rel = (sbuf)SBUF_INIT;
    w->tmp = (sbuf)SBUF_INIT;
}

static void walker_done(walker *w)
{
    if (w->repo)
        git_repository_free(w->repo);
    if (w->git_inited)
        git_libgit2_shutdown();
    if (w->root_fd >= 0)
        close(w->root_fd);
    core_free(w->stack);
    arena_free(w->scratch);
    sbuf_free(&w->rel);
    sbuf_free(&w->tmp);
}

pc_status scan_list_new(const char *root, const scan_options *opt, scan_list **out, pc_err *err)
{
    static const scan_options defaults = {0};
    pc_status rc = PC_OK;
    walker w;
    if (!out)
        return pc_fail(err, PC_ERR_INTERNAL, "scan_list_new: NULL out");
    scan_list *l = core_calloc(1, sizeof *l);
    l->mem = arena_new(64 * 1024);
    *out = NULL;
    opt = opt ? opt : &defaults;
    walker_init(&w, l, opt);
    if ((rc = check_options(opt, err)) != PC_OK || (rc = open_root(&w, root, err)) != PC_OK)
        goto out;
    l->max_file_size = opt->max_file_size > 0 && opt->max_file_size < SCAN_HARD_MAX_FILE_SIZE
                           ? opt->max_file_size
                           : SCAN_HARD_MAX_FILE_SIZE;
    if (!opt->no_gitignore)
        git_attach(&w);
    walk(&w);
    if (l->nfiles > 1)
        qsort(l->files, l->nfiles, sizeof *l->files, cmp_file);
    assign_prefixes(l);
    if (l->nproblems > 1)
        qsort(l->problems, l->nproblems, sizeof *l->problems, cmp_problem);
    *out = l;
    l = NULL;
out:
    walker_done(&w);
    scan_list_free(l);
    return rc;
}

void scan_list_free(scan_list *l)
{
    if (!l)
        return;
    core_free(l->files);
    core_free(l->problems);
    arena_free(l->mem);
    core_free(l);
}

size_t scan_list_count(const scan_list *l)
{
    return l ? l->nfiles : 0;
}

const scan_file *scan_list_file(const scan_list *l, size_t i)
{
    return l && i < l->nfiles ? &l->files[i] : NULL;
}

size_t scan_list_problem_count(const scan_list *l)
{
    return l ? l->nproblems : 0;
}

const scan_problem *scan_list_problem(const scan_list *l, size_t i)
{
    return l && i < l->nproblems ? &l->problems[i] : NULL;
}

int64_t scan_list_total_bytes(const scan_list *l)
{
    return l ? l->total_bytes : 0;
}

const char *scan_list_root(const scan_list *l)
{
    return l ? l->root : NULL;
}

bool scan_list_used_gitignore(const scan_list *l)
{
    return l && l->used_gitignore;
}

int64_t scan__list_max_file_size(const scan_list *l)
{
    return l ? l->max_file_size : SCAN_HARD_MAX_FILE_SIZE;
}

const char *scan_severity_name(scan_severity s)
{
    switch (s) {
    case SCAN_INFO:
        return "info";
    case SCAN_WARNING:
        return "warning";
    case SCAN_ERROR:
        return "error";
    }
    return "error";
}

int64_t scan_file_id(const char *repo_id, const char *path)
{
    id_builder b;
    id_begin(&b, "file");
    if (repo_id)
        id_add_cstr(&b, repo_id);
    id_add_cstr(&b, path);
    return id_finish(&b);
}
