/*
 * scip_stage.c — the SCIP stage of a build: run scip-python on the repository in a child
 * process while the per-file lenses extract, then hand its index (or the user's) to the SCIP
 * lens (src/lens/scip.c), mapping each document onto the scanned files.
 *
 * Owns the scip_stage: the mode (auto / off / a path), the child (its pid, which is also its
 * process group), the private temp directory inside the build's staging area where the index
 * and the indexer's log go (never the analysed repository: scip-python gets --output there),
 * and the outcome recorded in the manifest.
 *
 * The child: fork before the store starts (one thread), new process group, PR_SET_PDEATHSIG,
 * stdin /dev/null, stdout+stderr into the log, cwd = the repository root, exec of
 *   node deps/scip-python/index.js index --project-name N --project-version V --output F --quiet
 * (or $PYCPG_SCIP_PYTHON / a scip-python on PATH). Waiting polls with a deadline; on timeout
 * or interruption the whole process group is killed (SIGKILL) and reaped. A missing, failing
 * or timed-out indexer never fails the build: the SCIP datasets stay empty, the manifest
 * says why, and one file_errors_v1 row (lens "scip", path ".") records it.
 *
 * Project identity: --scip-project-name / --scip-project-version, else the name and version
 * of pyproject.toml's [project] table, else the repository directory's name and
 * `git describe --tags --always` of HEAD (libgit2), else "0".
 */
#include "pipeline_int.h"

#include "../lens/lens.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PYCPG_SCIP_PYTHON_JS
#define PYCPG_SCIP_PYTHON_JS ""
#endif

#define LOG_TAIL 600

struct scip_stage {
    scip_mode mode;
    const char *path; /* SCIP_MODE_PATH: the user's index */
    pid_t pid;        /* running child (its own process group), or 0 */
    double t_start, seconds;
    char *dir, *index, *log; /* owned; dir is created inside the staging directory */
    char *project_name, *project_version;
    const char *status; /* static: see scip_stage_status */
    char message[1024];
    lens_scip_stats stats;
    bool ingested;
};

const char *scip_stage_status(const scip_stage *s)
{
    return s ? s->status : "not_requested";
}

/* ---- finding scip-python --------------------------------------------------------------- */

/* Full path of an executable named name on PATH into out (cap bytes); false if none. */
static bool on_path(const char *name, char *out, size_t cap)
{
    const char *p = getenv("PATH");
    if (!p)
        return false;
    while (*p) {
        const char *e = strchr(p, ':');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n > 0 && (size_t)snprintf(out, cap, "%.*s/%s", (int)n, p, name) < cap &&
            access(out, X_OK) == 0)
            return true;
        p += n + (e ? 1 : 0);
    }
    return false;
}

/* argv[0..2] of the indexer: {exe} or {node, index.js}; false when none is installed. */
static bool find_indexer(char exe[4096], char js[4096])
{
    const char *env = getenv("PYCPG_SCIP_PYTHON");
    js[0] = '\0';
    if (env && *env) {
        snprintf(exe, 4096, "%s", env);
        return access(exe, X_OK) == 0;
    }
    if (PYCPG_SCIP_PYTHON_JS[0] && access(PYCPG_SCIP_PYTHON_JS, R_OK) == 0 &&
        on_path("node", exe, 4096)) {
        snprintf(js, 4096, "%s", PYCPG_SCIP_PYTHON_JS);
        return true;
    }
    return on_path("scip-python", exe, 4096);
}

/* ---- project identity ----------------------------------------------------------------- */

/* The quoted value of `key = "..."` in pyproject.toml's [project] table, or NULL (owned). */
static char *pyproject_value(const char *root, const char *key)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/pyproject.toml", root);
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char line[1024];
    bool in_project = false;
    char *out = NULL;
    size_t klen = strlen(key);
    while (!out && fgets(line, sizeof line, f)) {
        char *s = line + strspn(line, " \t");
        if (*s == '[') {
            in_project = strncmp(s, "[project]", 9) == 0;
            continue;
        }
        if (!in_project || strncmp(s, key, klen) != 0)
            continue;
        s += klen + strspn(s + klen, " \t");
        if (*s != '=')
            continue;
        s += 1 + strspn(s + 1, " \t");
        char q = *s;
        char *e = (q == '"' || q == '\'') ? strchr(s + 1, q) : NULL;
        if (e && e > s + 1 && e - s < 200)
            out = core_strndup(s + 1, (size_t)(e - s - 1));
    }
    fclose(f);
    return out;
}

/* `git describe --tags --always` of HEAD of the work tree around root, or NULL (owned). */
static char *git_version(const char *root)
{
    char *out = NULL;
    git_repository *repo = NULL;
    git_object *head = NULL;
    git_describe_result *res = NULL;
    git_buf buf = {0};
    if (git_libgit2_init() < 0)
        return NULL;
    if (git_repository_open_ext(&repo, root, 0, NULL) != 0 ||
        git_revparse_single(&head, repo, "HEAD") != 0)
        goto out;
    git_describe_options o;
    git_describe_options_init(&o, GIT_DESCRIBE_OPTIONS_VERSION);
    o.describe_strategy = GIT_DESCRIBE_TAGS;
    o.show_commit_oid_as_fallback = 1;
    git_describe_format_options fo;
    git_describe_format_options_init(&fo, GIT_DESCRIBE_FORMAT_OPTIONS_VERSION);
    if (git_describe_commit(&res, head, &o) == 0 && git_describe_format(&buf, res, &fo) == 0 &&
        buf.ptr && *buf.ptr)
        out = core_strdup(buf.ptr);
out:
    git_buf_dispose(&buf);
    git_describe_result_free(res);
    git_object_free(head);
    git_repository_free(repo);
    git_libgit2_shutdown();
    return out;
}

static void derive_identity(scip_stage *s, const build_options *opt, const char *root)
{
    s->project_name = opt->scip_project_name ? core_strdup(opt->scip_project_name)
                                             : pyproject_value(root, "name");
    if (!s->project_name) {
        const char *base = strrchr(root, '/');
        base = base && base[1] ? base + 1 : root;
        s->project_name = core_strdup(*base ? base : "repo");
    }
    s->project_version = opt->scip_project_version ? core_strdup(opt->scip_project_version)
                                                   : pyproject_value(root, "version");
    if (!s->project_version)
        s->project_version = git_version(root);
    if (!s->project_version)
        s->project_version = core_strdup("0");
}

/* ---- the child ------------------------------------------------------------------------ */

/* In the child: never returns. */
static void exec_indexer(scip_stage *s, const char *root, const char *exe, const char *js)
{
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int in = open("/dev/null", O_RDONLY);
    int lf = open(s->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || lf < 0 || dup2(in, 0) < 0 || dup2(lf, 1) < 0 || dup2(lf, 2) < 0 ||
        chdir(root) != 0)
        _exit(126);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    const char *argv[16];
    int k = 0;
    argv[k++] = exe;
    if (*js)
        argv[k++] = js;
    argv[k++] = "index";
    argv[k++] = "--project-name";
    argv[k++] = s->project_name;
    argv[k++] = "--project-version";
    argv[k++] = s->project_version;
    argv[k++] = "--output";
    argv[k++] = s->index;
    argv[k++] = "--quiet";
    argv[k] = NULL;
    execv(exe, (char *const *)argv);
    dprintf(2, "pycpg: cannot run %s: %s\n", exe, strerror(errno));
    _exit(127);
}

static void set_outcome(scip_stage *s, const char *status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_outcome(scip_stage *s, const char *status, const char *fmt, ...)
{
    s->status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->message, sizeof s->message, fmt, ap);
    va_end(ap);
}

static bool scip_wanted(const build_run *r)
{
    for (const char *const *d = lens_scip_datasets; *d; d++)
        if (strcmp(*d, "file_errors_v1") != 0 && r->wanted[registry_find(*d)->index])
            return true;
    return false;
}

pc_status scip_stage_start(build_run *r, const scan_list *list, const char *staging,
                           scip_stage **out, pc_err *err)
{
    *out = NULL;
    if (!scip_wanted(r))
        return PC_OK;
    scip_stage *s = core_calloc(1, sizeof *s);
    *out = s;
    s->mode = r->opt->scip_mode;
    s->path = r->opt->scip_path;
    if (s->mode == SCIP_MODE_OFF) {
        set_outcome(s, "off", "--scip off");
        return PC_OK;
    }
    if (s->mode == SCIP_MODE_PATH) {
        set_outcome(s, "pending", "%s", s->path);
        return PC_OK;
    }
    char exe[4096], js[4096];
    if (!find_indexer(exe, js)) {
        set_outcome(s, "missing",
                    "scip-python is not installed (scripts/setup.sh installs it into deps/; "
                    "or set PYCPG_SCIP_PYTHON); the build goes on without SCIP");
        return PC_OK;
    }
    const char *root = scan_list_root(list);
    derive_identity(s, r->opt, root);
    sbuf b = SBUF_INIT;
    sbuf_printf(&b, "%s/.scip", staging);
    s->dir = core_strdup(b.data);
    sbuf_free(&b);
    if (mkdir(s->dir, 0700) != 0 && errno != EEXIST)
        return pc_fail(err, PC_ERR_IO, "cannot create %s: %s", s->dir, strerror(errno));
    char *abs = realpath(s->dir, NULL); /* the indexer runs in the repository: no relative OUT */
    if (!abs)
        return pc_fail(err, PC_ERR_IO, "cannot resolve %s: %s", s->dir, strerror(errno));
    core_free(s->dir);
    s->dir = core_strdup(abs);
    free(abs);
    size_t n = strlen(s->dir) + 32;
    s->index = core_malloc(n);
    s->log = core_malloc(n);
    snprintf(s->index, n, "%s/index.scip", s->dir);
    snprintf(s->log, n, "%s/scip-python.log", s->dir);
    fflush(NULL);
    s->t_start = clock_now();
    pid_t pid = fork();
    if (pid < 0)
        return pc_fail(err, PC_ERR_INTERNAL, "cannot fork scip-python: %s", strerror(errno));
    if (pid == 0)
        exec_indexer(s, root, exe, js);
    setpgid(pid, pid); /* also in the parent: no race with kill(-pid) */
    s->pid = pid;
    set_outcome(s, "running", "%s", exe);
    log_debug("scip: started %s%s%s (pid %d) for %s %s", exe, *js ? " " : "", js, (int)pid,
              s->project_name, s->project_version);
    return PC_OK;
}

/* The last LOG_TAIL bytes of the indexer's log, one line, into out. */
static void log_tail(const scip_stage *s, char *out, size_t cap)
{
    out[0] = '\0';
    int fd = open(s->log, O_RDONLY);
    if (fd < 0)
        return;
    off_t end = lseek(fd, 0, SEEK_END);
    off_t from = end > LOG_TAIL ? end - LOG_TAIL : 0;
    char buf[LOG_TAIL + 1];
    ssize_t k = pread(fd, buf, LOG_TAIL, from);
    close(fd);
    if (k <= 0)
        return;
    buf[k] = '\0';
    size_t j = 0;
    for (ssize_t i = 0; i < k && j + 1 < cap; i++)
        out[j++] = (buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t') ? ' ' : buf[i];
    out[j] = '\0';
}

static void kill_child(scip_stage *s)
{
    if (s->pid <= 0)
        return;
    kill(-s->pid, SIGKILL);
    kill(s->pid, SIGKILL);
    while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
        ;
    s->pid = 0;
}

/* Waits for the child until the deadline; sets the outcome. Non-OK only on interruption. */
static pc_status wait_child(scip_stage *s, double timeout, pc_err *err)
{
    int status = 0;
    bool told = false;
    for (;;) {
        pid_t w = waitpid(s->pid, &status, WNOHANG);
        if (w == s->pid)
            break;
        if (!told && w == 0) {
            told = true;
            log_info("waiting for scip-python (running for %.0f s; --scip-timeout %.0f s)",
                     clock_now() - s->t_start, timeout);
        }
        if (w < 0 && errno != EINTR) {
            s->pid = 0;
            set_outcome(s, "failed", "scip-python: waitpid: %s", strerror(errno));
            return PC_OK;
        }
        if (pipeline_interrupted()) {
            kill_child(s);
            return pc_fail(err, PC_ERR_INTERRUPTED, "interrupted");
        }
        if (timeout > 0 && clock_now() - s->t_start > timeout) {
            kill_child(s);
            s->seconds = clock_now() - s->t_start;
            set_outcome(s, "timeout", "scip-python did not finish within %.0f s (--scip-timeout)",
                        timeout);
            return PC_OK;
        }
        usleep(20000);
    }
    pid_t group = s->pid;
    s->pid = 0;
    kill(-group, SIGKILL); /* stray grandchildren of the indexer, if any */
    s->seconds = clock_now() - s->t_start;
    char tail[LOG_TAIL + 1];
    struct stat sb;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && stat(s->index, &sb) == 0) {
        set_outcome(s, "ok", "scip-python finished in %.1f s", s->seconds);
        return PC_OK;
    }
    log_tail(s, tail, sizeof tail);
    if (WIFEXITED(status))
        set_outcome(s, "failed", "scip-python exited with status %d%s: %s", WEXITSTATUS(status),
                    WEXITSTATUS(status) == 0 ? " without an index" : "", tail);
    else
        set_outcome(s, "failed", "scip-python was killed by signal %d: %s", WTERMSIG(status), tail);
    return PC_OK;
}

/* ---- ingest ---------------------------------------------------------------------------- */

typedef struct {
    build_run *r;
    const scan_list *list;
    scan_content c; /* the last file looked up */
} lookup_ctx;

static lens_scip_file_status lookup(void *ctx, const char *path, lens_scip_file *out)
{
    lookup_ctx *x = ctx;
    out->file_id = scan_file_id(x->r->opt->scan.repo_id, path);
    size_t lo = 0, hi = scan_list_count(x->list);
    while (lo < hi) { /* files are sorted by path, byte order */
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(scan_list_file(x->list, mid)->path, path);
        if (c == 0) {
            lo = mid;
            break;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo >= scan_list_count(x->list) || strcmp(scan_list_file(x->list, lo)->path, path) != 0)
        return LENS_SCIP_FILE_NOT_SCANNED;
    scan_content_free(&x->c);
    bool ok = false;
    pc_err e;
    pc_err_clear(&e);
    if (scan_read(x->list, lo, &x->c, &ok, &e) != PC_OK || !ok)
        return LENS_SCIP_FILE_UNREADABLE;
    out->bytes = x->c.bytes;
    out->len = x->c.len;
    return LENS_SCIP_FILE_FOUND;
}

static pc_status flush(void *ctx, pc_err *err)
{
    lookup_ctx *x = ctx;
    return pipeline_flush(x->r, err);
}

static pc_status repo_problem(build_run *r, const scan_list *list, const char *code,
                              const char *message)
{
    (void)list;
    const reg_dataset *ds = registry_find("file_errors_v1");
    if (!r->wanted[ds->index])
        return PC_OK;
    lens_sink sink = {r, pipeline_sink_rows};
    lens_file f = {.path = ".", .file_id = scan_file_id(r->opt->scan.repo_id, ".")};
    lens_emit_problem(&sink, &f, "scip", code, "warning", message, -1, 0);
    r->sum->problems++;
    return PC_OK;
}

pc_status scip_stage_finish(scip_stage *s, build_run *r, const scan_list *list, pc_err *err)
{
    if (!s)
        return PC_OK;
    if (s->pid > 0) {
        pc_status rc = wait_child(s, r->opt->scip_timeout, err);
        if (rc != PC_OK)
            return rc;
    }
    const char *index = s->mode == SCIP_MODE_PATH ? s->path : s->index;
    if (strcmp(s->status, "ok") != 0 && strcmp(s->status, "pending") != 0) {
        if (strcmp(s->status, "off") == 0)
            return PC_OK;
        log_warn("scip: %s", s->message);
        char code[64];
        snprintf(code, sizeof code, "scip_python_%s", s->status);
        return repo_problem(r, list, code, s->message);
    }
    lookup_ctx x = {.r = r, .list = list};
    lens_scip_files files = {
        .ctx = &x,
        .lookup = lookup,
        .flush = flush,
        .index_row_path = ".",
        .index_row_file_id = scan_file_id(r->opt->scan.repo_id, "."),
        /* the staging path would differ from build to build and names nothing afterwards */
        .index_name = s->mode == SCIP_MODE_PATH ? NULL : "scip-python's index.scip",
    };
    lens_sink sink = {r, pipeline_sink_rows};
    pc_status rc = lens_scip_ingest(index, s->mode == SCIP_MODE_PATH ? "file" : "scip-python",
                                    &files, &sink, &s->stats, err);
    scan_content_free(&x.c);
    r->sum->problems += s->stats.problems;
    s->ingested = true;
    if (rc == PC_OK)
        set_outcome(s, s->stats.complete ? "ingested" : "ingested_partly",
                    "%lld documents, %lld occurrences (%lld without a byte span)",
                    (long long)s->stats.documents, (long long)s->stats.occurrences,
                    (long long)s->stats.span_errors);
    return rc;
}

void scip_stage_manifest(const scip_stage *s, store_kv *kv, char (*text)[1024], size_t *n,
                         size_t cap)
{
#define ADD(k, ...) pipeline_manifest_add(kv, text, n, cap, (k), __VA_ARGS__)
    ADD("scip_status", "%s", scip_stage_status(s));
    if (!s)
        return;
    ADD("scip_message", "%s", s->message);
    if (s->project_name)
        ADD("scip_project", "%s %s", s->project_name, s->project_version);
    ADD("scip_indexer_seconds", "%.3f", s->seconds);
    if (s->ingested) {
        ADD("scip_ingest_seconds", "%.3f", s->stats.seconds);
        ADD("scip_documents", "%lld", (long long)s->stats.documents);
        ADD("scip_occurrences", "%lld", (long long)s->stats.occurrences);
        ADD("scip_span_errors", "%lld", (long long)s->stats.span_errors);
    }
#undef ADD
}

double scip_stage_indexer_seconds(const scip_stage *s)
{
    return s ? s->seconds : 0;
}

double scip_stage_ingest_seconds(const scip_stage *s)
{
    return s && s->ingested ? s->stats.seconds : 0;
}

void scip_stage_free(scip_stage *s)
{
    if (!s)
        return;
    kill_child(s);
    if (s->dir) {
        pc_err e;
        pc_err_clear(&e);
        store_remove_tree(s->dir, &e);
    }
    core_free(s->dir);
    core_free(s->index);
    core_free(s->log);
    core_free(s->project_name);
    core_free(s->project_version);
    core_free(s);
}
