/*
 * runtime_stage.c — the runtime-inspection stage of a build (opt-in: --runtime-inspect):
 * which modules to import, the sandbox driver's life (runtime_sandbox.c runs them, concurrently
 * with extraction), and the reading of its reports into the rt_* datasets after extraction.
 *
 * Owns the runtime_stage: the module list and allow-list, the sys.path roots, the driver's pid
 * (its process group), the private directory under the build's staging directory, the set of
 * ids already written (a module re-exporting another's class reports it again) and the
 * outcome recorded in the manifest.
 *
 * Modules. An explicit list is used as given (order kept, duplicates dropped); the allow-list
 * is the list itself. "all-packages" takes every scanned file importable from a root (the
 * repository, and src/ when it is a directory without __init__.py): each directory on the way
 * has an __init__.py in the scan and every part is an identifier; __main__.py and a top-level
 * setup.py are never imported. Sorted by name; the allow-list is their top-level names.
 *
 * A module's report counts only when it is whole (its last line is the inspector's "done"
 * record): otherwise the module gets one rt_errors_v1 row saying how its child ended
 * (timeout, exit status, signal, limit), and none of its rows are kept. Rows are written in
 * module order, each module's in report order, so the datasets do not depend on timing.
 *
 * Ids (docs/decisions.md, "Runtime inspection"): rt_id ("rt_obj", module, qualname), sig_id
 * ("rt_sig", rt_obj:rt_id, signature), param_id ("rt_param", rt_sig:sig_id, name), member_id
 * ("rt_member", rt_obj:rt_id, name); a row whose id was written already is not written again.
 */
#include "pipeline_int.h"

#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_MODULES 100000
#define ERR_TAIL    600
#define GRACE       10.0 /* seconds the driver may exceed the overall limit before a kill */

struct runtime_stage {
    pid_t pid; /* the driver (its own process group), or 0 */
    double t_start, seconds;
    char *dir, *repo, *src_root;
    char **modules, **allow;
    size_t nmodules, nallow, cap_modules;
    const char *roots[2];
    rt_sandbox_config cfg;
    const char *status; /* static */
    char message[1024];
    char python[4096], version[64];
    int64_t inspected, errors, objects, signatures, params, members;
    int64_t net_isolated, fs_read_only, caps_dropped, sandboxes;
    char note[256];
    int64_t *seen; /* open addressing over written ids; -1 = empty */
    size_t seen_cap, seen_n;
};

/* ---- the set of written ids ---------------------------------------------------------------- */

static bool seen_add(runtime_stage *s, int64_t id)
{
    if (2 * (s->seen_n + 1) > s->seen_cap) {
        size_t ncap = s->seen_cap ? 2 * s->seen_cap : 1024;
        int64_t *n = core_malloc(ncap * sizeof *n);
        for (size_t i = 0; i < ncap; i++)
            n[i] = -1;
        for (size_t i = 0; i < s->seen_cap; i++) {
            if (s->seen[i] < 0)
                continue;
            size_t h = (size_t)s->seen[i] & (ncap - 1);
            while (n[h] >= 0)
                h = (h + 1) & (ncap - 1);
            n[h] = s->seen[i];
        }
        core_free(s->seen);
        s->seen = n;
        s->seen_cap = ncap;
    }
    size_t h = (size_t)id & (s->seen_cap - 1);
    for (; s->seen[h] >= 0; h = (h + 1) & (s->seen_cap - 1))
        if (s->seen[h] == id)
            return false;
    s->seen[h] = id;
    s->seen_n++;
    return true;
}

/* ---- the module list --------------------------------------------------------------------------
 */

static void push_name(char ***v, size_t *n, size_t *cap, const char *name, size_t len)
{
    *v = core_grow(*v, cap, *n + 1, sizeof **v, 16);
    (*v)[(*n)++] = core_strndup(name, len);
}

/* push_name unless the name is in v already (short lists only: linear). */
static void add_name(char ***v, size_t *n, size_t *cap, const char *name, size_t len)
{
    for (size_t i = 0; i < *n; i++)
        if (strlen((*v)[i]) == len && strncmp((*v)[i], name, len) == 0)
            return;
    push_name(v, n, cap, name, len);
}

static bool is_ident(const char *s, size_t n)
{
    if (n == 0 || (s[0] >= '0' && s[0] <= '9'))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(c == '_' || c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9')))
            return false;
    }
    return true;
}

/* Index of path in the (path-sorted) scan list, or -1. */
static ssize_t find_file(const scan_list *list, const char *path)
{
    size_t lo = 0, hi = scan_list_count(list);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(scan_list_file(list, mid)->path, path);
        if (c == 0)
            return (ssize_t)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* The module name of path under root prefix pre ("" or "src/") into out, or false. */
static bool module_of(const scan_list *list, const char *path, const char *pre, sbuf *out)
{
    size_t np = strlen(pre), n = strlen(path);
    if (strncmp(path, pre, np) != 0 || n < np + 4 || strcmp(path + n - 3, ".py") != 0)
        return false;
    sbuf_reset(out);
    sbuf init = SBUF_INIT;
    bool ok = true;
    const char *p = path + np, *end = path + n - 3;
    while (ok) {
        const char *slash = memchr(p, '/', (size_t)(end - p));
        const char *e = slash ? slash : end;
        ok = is_ident(p, (size_t)(e - p));
        if (!ok || !slash) {
            size_t len = (size_t)(e - p);
            bool top = out->len == 0;
            if (ok && len == 8 && strncmp(p, "__main__", 8) == 0)
                ok = false;
            else if (ok && top && len == 5 && strncmp(p, "setup", 5) == 0)
                ok = false;
            else if (ok && !(len == 8 && strncmp(p, "__init__", 8) == 0))
                sbuf_printf(out, "%s%.*s", top ? "" : ".", (int)len, p);
            break;
        }
        sbuf_reset(&init); /* the directory must be a regular package in the scan */
        sbuf_printf(&init, "%.*s/__init__.py", (int)(slash - path), path);
        ok = find_file(list, init.data) >= 0;
        if (ok)
            sbuf_printf(out, "%s%.*s", out->len ? "." : "", (int)(slash - p), p);
        p = slash + 1;
    }
    sbuf_free(&init);
    return ok && out->len > 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void derive_modules(runtime_stage *s, const build_options *opt, const scan_list *list)
{
    size_t ca = 0;
    bool all = opt->nruntime_modules == 1 && strcmp(opt->runtime_modules[0], "all-packages") == 0;
    if (!all) {
        for (size_t i = 0; i < opt->nruntime_modules && s->nmodules < MAX_MODULES; i++) {
            const char *m = opt->runtime_modules[i];
            add_name(&s->modules, &s->nmodules, &s->cap_modules, m, strlen(m));
            add_name(&s->allow, &s->nallow, &ca, m, strlen(m));
        }
        return;
    }
    sbuf m = SBUF_INIT;
    for (size_t i = 0; i < scan_list_count(list) && s->nmodules < MAX_MODULES; i++) {
        const char *path = scan_list_file(list, i)->path;
        if (module_of(list, path, "", &m) || (s->src_root && module_of(list, path, "src/", &m)))
            push_name(&s->modules, &s->nmodules, &s->cap_modules, m.data, m.len);
    }
    sbuf_free(&m);
    if (s->nmodules)
        qsort(s->modules, s->nmodules, sizeof *s->modules, cmp_str);
    size_t u = 0; /* a module under the root and under src/: once */
    for (size_t i = 0; i < s->nmodules; i++) {
        if (u > 0 && strcmp(s->modules[u - 1], s->modules[i]) == 0)
            core_free(s->modules[i]);
        else
            s->modules[u++] = s->modules[i];
    }
    s->nmodules = u;
    for (size_t i = 0; i < s->nmodules; i++) {
        size_t top = strcspn(s->modules[i], ".");
        if (s->nallow == 0 || strlen(s->allow[s->nallow - 1]) != top ||
            strncmp(s->allow[s->nallow - 1], s->modules[i], top) != 0)
            add_name(&s->allow, &s->nallow, &ca, s->modules[i], top);
    }
}

/* ---- start --------------------------------------------------------------------------------- */

static bool runtime_wanted(const build_run *r)
{
    static const char *const ds[] = {"rt_objects_v1", "rt_signatures_v1", "rt_signature_params_v1",
                                     "rt_members_v1", "rt_errors_v1"};
    if (r->opt->nruntime_modules == 0)
        return false;
    for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++)
        if (r->wanted[registry_find(ds[i])->index])
            return true;
    return false;
}

pc_status runtime_stage_start(build_run *r, const scan_list *list, const char *staging,
                              runtime_stage **out, pc_err *err)
{
    *out = NULL;
    if (!runtime_wanted(r))
        return PC_OK;
    runtime_stage *s = core_calloc(1, sizeof *s);
    *out = s;
    s->status = "running";
    s->repo = core_strdup(scan_list_root(list));
    sbuf b = SBUF_INIT;
    struct stat st;
    sbuf_printf(&b, "%s/src", s->repo);
    if (stat(b.data, &st) == 0 && S_ISDIR(st.st_mode)) {
        sbuf_puts(&b, "/__init__.py");
        if (stat(b.data, &st) != 0)
            s->src_root = core_strndup(b.data, b.len - strlen("/__init__.py"));
    }
    sbuf_reset(&b);
    char *real = realpath(staging, NULL); /* the child compares it with /proc/self/mountinfo */
    sbuf_printf(&b, "%s/.runtime", real ? real : staging);
    free(real);
    s->dir = core_strdup(b.data);
    sbuf_free(&b);
    if (mkdir(s->dir, 0700) != 0 && errno != EEXIST)
        return pc_fail(err, PC_ERR_IO, "cannot create %s: %s", s->dir, strerror(errno));
    derive_modules(s, r->opt, list);
    s->roots[0] = s->repo;
    s->roots[1] = s->src_root;
    s->cfg = (rt_sandbox_config){
        .python = r->opt->runtime_python ? r->opt->runtime_python : "python3",
        .repo = s->repo,
        .dir = s->dir,
        .modules = (const char *const *)s->modules,
        .nmodules = s->nmodules,
        .allow = (const char *const *)s->allow,
        .nallow = s->nallow,
        .roots = s->roots,
        .nroots = s->src_root ? 2 : 1,
        .timeout = r->opt->runtime_timeout,
        .total_timeout = r->opt->runtime_total_timeout,
        .memory = r->opt->runtime_memory,
        .max_output = r->opt->runtime_max_output,
    };
    if (s->nmodules == 0) {
        s->status = "no_modules";
        snprintf(s->message, sizeof s->message, "no module to inspect");
        return PC_OK;
    }
    s->t_start = clock_now();
    pc_status rc = rt_sandbox_spawn(&s->cfg, &s->pid, err);
    if (rc == PC_OK)
        log_debug("runtime: inspecting %zu modules (driver pid %d)", s->nmodules, (int)s->pid);
    return rc;
}

/* ---- waiting -------------------------------------------------------------------------------- */

static void kill_driver(runtime_stage *s)
{
    if (s->pid <= 0)
        return;
    kill(-s->pid, SIGKILL);
    kill(s->pid, SIGKILL);
    while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
        ;
    s->pid = 0;
}

static pc_status wait_driver(runtime_stage *s, pc_err *err)
{
    double limit = s->cfg.total_timeout > 0 ? s->cfg.total_timeout + GRACE : 0;
    bool told = false;
    for (;;) {
        int status;
        pid_t w = waitpid(s->pid, &status, WNOHANG);
        if (w == s->pid || (w < 0 && errno != EINTR))
            break;
        if (pipeline_interrupted()) {
            kill_driver(s);
            return pc_fail(err, PC_ERR_INTERRUPTED, "interrupted");
        }
        if (limit > 0 && clock_now() - s->t_start > limit)
            break; /* modules without a status become overall_timeout rows */
        if (!told) {
            told = true;
            log_info("waiting for runtime inspection (%zu modules)", s->nmodules);
        }
        usleep(20000);
    }
    kill_driver(s);
    s->pid = 0;
    s->seconds = clock_now() - s->t_start;
    return PC_OK;
}

/* ---- reading one module's report --------------------------------------------------------------
 */

typedef struct {
    runtime_stage *s;
    build_run *r;
    const scan_list *list;
    const char *module; /* as requested */
} ingest_ctx;

static const char *jstr(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static int64_t obj_id(const char *module, const char *qualname)
{
    id_builder b;
    id_begin(&b, "rt_obj");
    id_add_cstr(&b, module);
    id_add_cstr(&b, qualname);
    return id_finish(&b);
}

static int64_t child_id(const char *prefix, const char *parent_prefix, int64_t parent,
                        const char *part)
{
    id_builder b;
    id_begin(&b, prefix);
    id_add_ref(&b, parent_prefix, parent);
    id_add_cstr(&b, part);
    return id_finish(&b);
}

static rowbuf *rows_of(ingest_ctx *x, const char *name, const reg_dataset **ds)
{
    *ds = registry_find(name);
    return pipeline_rows(x->r, *ds);
}

#define COLS(ds, c) registry_col_must(ds, c)

static void set_opt_i32(rowbuf *b, size_t col, json_t *v)
{
    if (json_is_integer(v))
        rowbuf_set_i32(b, col, (int32_t)json_integer_value(v));
}

static void emit_error(ingest_ctx *x, const char *code, const char *type, const char *message,
                       int exit_status, int sig)
{
    const reg_dataset *ds;
    rowbuf *b = rows_of(x, "rt_errors_v1", &ds);
    x->s->errors++;
    if (!b)
        return;
    rowbuf_add_row(b);
    rowbuf_set_cstr(b, COLS(ds, "module"), x->module);
    rowbuf_set_cstr(b, COLS(ds, "error_code"), code);
    rowbuf_set_cstr(b, COLS(ds, "error_type"), type);
    rowbuf_set_cstr(b, COLS(ds, "message"), message ? message : "");
    if (exit_status >= 0)
        rowbuf_set_i32(b, COLS(ds, "exit_status"), exit_status);
    if (sig >= 0)
        rowbuf_set_i32(b, COLS(ds, "signal"), sig);
}

static void emit_object(ingest_ctx *x, json_t *o)
{
    const char *module = jstr(o, "module"), *qualname = jstr(o, "qualname");
    if (!module || !qualname)
        return;
    int64_t rt_id = obj_id(module, qualname);
    const reg_dataset *ds;
    rowbuf *b = rows_of(x, "rt_objects_v1", &ds);
    if (!b || !seen_add(x->s, rt_id))
        return;
    x->s->objects++;
    rowbuf_add_row(b);
    rowbuf_set_i64(b, COLS(ds, "rt_id"), rt_id);
    rowbuf_set_cstr(b, COLS(ds, "module"), module);
    rowbuf_set_cstr(b, COLS(ds, "qualname"), qualname);
    rowbuf_set_cstr(b, COLS(ds, "name"), jstr(o, "name"));
    rowbuf_set_cstr(b, COLS(ds, "obj_type"), jstr(o, "obj_type"));
    const char *path = jstr(o, "source_path");
    rowbuf_set_cstr(b, COLS(ds, "source_path"), path);
    set_opt_i32(b, COLS(ds, "source_line"), json_object_get(o, "source_line"));
    sbuf key = SBUF_INIT;
    sbuf_printf(&key, "%s:%s", module, qualname);
    const char *kv[2] = {"object_key", key.data};
    rowbuf_list_begin(b, COLS(ds, "meta"));
    rowbuf_list_push_tuple(b, COLS(ds, "meta"), kv);
    sbuf_free(&key);
    if (path && path[0] != '/' && find_file(x->list, path) >= 0)
        rowbuf_set_i64(b, COLS(ds, "file_id"), scan_file_id(x->r->opt->scan.repo_id, path));
    rowbuf_set_cstr(b, COLS(ds, "source_name"), jstr(o, "source_name"));
    const char *wq = jstr(o, "wrapped_qualname");
    if (wq)
        rowbuf_set_i64(b, COLS(ds, "wrapped_rt_id"), obj_id(module, wq));
    set_opt_i32(b, COLS(ds, "unwrap_depth"), json_object_get(o, "unwrap_depth"));
}

static void emit_params(ingest_ctx *x, int64_t sig_id, json_t *params)
{
    const reg_dataset *ds;
    rowbuf *b = rows_of(x, "rt_signature_params_v1", &ds);
    size_t i;
    json_t *p;
    json_array_foreach(params, i, p)
    {
        const char *name = jstr(p, "name");
        if (!b || !name)
            continue;
        int64_t id = child_id("rt_param", "rt_sig", sig_id, name);
        if (!seen_add(x->s, id))
            continue;
        x->s->params++;
        rowbuf_add_row(b);
        rowbuf_set_i64(b, COLS(ds, "param_id"), id);
        rowbuf_set_i64(b, COLS(ds, "sig_id"), sig_id);
        rowbuf_set_cstr(b, COLS(ds, "name"), name);
        rowbuf_set_cstr(b, COLS(ds, "kind"), jstr(p, "kind"));
        rowbuf_set_cstr(b, COLS(ds, "default_repr"), jstr(p, "default"));
        rowbuf_set_cstr(b, COLS(ds, "annotation_repr"), jstr(p, "annotation"));
        rowbuf_set_i32(b, COLS(ds, "position"), (int32_t)i);
    }
}

static void emit_signature(ingest_ctx *x, json_t *o)
{
    const char *module = jstr(o, "module"), *qualname = jstr(o, "qualname");
    const char *sig = jstr(o, "signature");
    if (!module || !qualname || !sig)
        return;
    int64_t rt_id = obj_id(module, qualname);
    int64_t sig_id = child_id("rt_sig", "rt_obj", rt_id, sig);
    const reg_dataset *ds;
    rowbuf *b = rows_of(x, "rt_signatures_v1", &ds);
    if (!seen_add(x->s, sig_id))
        return;
    if (b) {
        x->s->signatures++;
        rowbuf_add_row(b);
        rowbuf_set_i64(b, COLS(ds, "sig_id"), sig_id);
        rowbuf_set_i64(b, COLS(ds, "rt_id"), rt_id);
        rowbuf_set_cstr(b, COLS(ds, "signature"), sig);
        rowbuf_set_cstr(b, COLS(ds, "return_annotation"), jstr(o, "return_annotation"));
    }
    emit_params(x, sig_id, json_object_get(o, "params"));
}

static void emit_member(ingest_ctx *x, json_t *o)
{
    const char *om = jstr(o, "owner_module"), *oq = jstr(o, "owner_qualname");
    const char *name = jstr(o, "name");
    if (!om || !oq || !name)
        return;
    int64_t rt_id = obj_id(om, oq);
    int64_t id = child_id("rt_member", "rt_obj", rt_id, name);
    const reg_dataset *ds;
    rowbuf *b = rows_of(x, "rt_members_v1", &ds);
    if (!b || !seen_add(x->s, id))
        return;
    x->s->members++;
    rowbuf_add_row(b);
    rowbuf_set_i64(b, COLS(ds, "member_id"), id);
    rowbuf_set_i64(b, COLS(ds, "rt_id"), rt_id);
    rowbuf_set_cstr(b, COLS(ds, "name"), name);
    rowbuf_set_cstr(b, COLS(ds, "member_kind"), jstr(o, "member_kind"));
    rowbuf_set_cstr(b, COLS(ds, "value_repr"), jstr(o, "value_repr"));
    rowbuf_set_cstr(b, COLS(ds, "value_module"), jstr(o, "value_module"));
    rowbuf_set_cstr(b, COLS(ds, "value_qualname"), jstr(o, "value_qualname"));
}

/* The sandbox record: tallies what the kernel allowed. */
static void note_sandbox(runtime_stage *s, json_t *o)
{
    const char *net = jstr(o, "net"), *fs = jstr(o, "fs"), *caps = jstr(o, "caps");
    const char *note = jstr(o, "note");
    s->sandboxes++;
    s->net_isolated += net && strcmp(net, "isolated") == 0;
    s->fs_read_only += fs && strcmp(fs, "read_only") == 0;
    s->caps_dropped += caps && strcmp(caps, "dropped") == 0;
    if (note && *note && !s->note[0])
        snprintf(s->note, sizeof s->note, "%s", note);
}

/* One record of a whole report. */
static void emit_record(ingest_ctx *x, json_t *o)
{
    const char *t = jstr(o, "t");
    if (!t)
        return;
    if (strcmp(t, "obj") == 0)
        emit_object(x, o);
    else if (strcmp(t, "sig") == 0)
        emit_signature(x, o);
    else if (strcmp(t, "member") == 0)
        emit_member(x, o);
    else if (strcmp(t, "error") == 0)
        emit_error(x, jstr(o, "error_code") ? jstr(o, "error_code") : "inspect_error",
                   jstr(o, "error_type"), jstr(o, "message"), -1, -1);
    else if (strcmp(t, "python") == 0 && !x->s->version[0] && jstr(o, "version"))
        snprintf(x->s->version, sizeof x->s->version, "%s", jstr(o, "version"));
}

/* The whole of a small file (owned, NUL-terminated), or NULL. */
static char *slurp(const char *path, size_t *len)
{
    sbuf b = SBUF_INIT;
    if (!sbuf_read_file(&b, path)) {
        sbuf_free(&b);
        return NULL;
    }
    *len = b.len;
    return b.data;
}

/* Walks the JSON lines of text: the sandbox record always, the others only when emit.
 * Returns whether the last line is the "done" record. */
static bool walk_report(ingest_ctx *x, char *text, size_t len, bool emit)
{
    bool done = false;
    for (char *p = text; p < text + len;) {
        char *nl = memchr(p, '\n', (size_t)(text + len - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(text + len - p);
        json_t *o = json_loadb(p, n, 0, NULL);
        const char *t = o ? jstr(o, "t") : NULL;
        done = t && strcmp(t, "done") == 0 && nl;
        if (t && strcmp(t, "sandbox") == 0 && !emit)
            note_sandbox(x->s, o);
        else if (t && emit)
            emit_record(x, o);
        json_decref(o);
        p += n + 1;
    }
    return done;
}

/* The last ERR_TAIL bytes of the child's stderr, on one line, into out. */
static void err_tail(const runtime_stage *s, size_t k, char *out, size_t cap)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/m%zu.err", s->dir, k);
    size_t len = 0;
    char *t = slurp(path, &len);
    out[0] = '\0';
    if (!t)
        return;
    size_t from = len > ERR_TAIL ? len - ERR_TAIL : 0, j = 0;
    for (size_t i = from; i < len && j + 1 < cap; i++)
        out[j++] = (t[i] == '\n' || t[i] == '\r' || t[i] == '\t') ? ' ' : t[i];
    while (j > 0 && out[j - 1] == ' ')
        j--;
    out[j] = '\0';
    core_free(t);
}

/* The rt_errors_v1 row of a module whose report is not whole. */
static void emit_failure(ingest_ctx *x, size_t k, const char *outcome, int st, int sig)
{
    const runtime_stage *s = x->s;
    char tail[ERR_TAIL + 1], msg[1024];
    err_tail(s, k, tail, sizeof tail);
    const char *code = "protocol_error";
    if (strcmp(outcome, "not_run") == 0) {
        code = "overall_timeout";
        snprintf(msg, sizeof msg,
                 "not inspected: runtime inspection reached its overall limit "
                 "(--runtime-total-timeout %.0f s)",
                 s->cfg.total_timeout);
    } else if (strcmp(outcome, "timeout") == 0) {
        code = "timeout";
        snprintf(msg, sizeof msg,
                 "no whole report within %g s (--runtime-timeout); its process "
                 "group was killed",
                 s->cfg.timeout);
    } else if (strcmp(outcome, "output_limit") == 0) {
        code = "output_limit";
        snprintf(msg, sizeof msg,
                 "report larger than %lld bytes (--runtime-max-output); "
                 "its process group was killed",
                 (long long)s->cfg.max_output);
    } else if (strcmp(outcome, "start_failed") == 0) {
        code = "python_unavailable";
        snprintf(msg, sizeof msg, "could not run %.300s: %.600s", s->cfg.python, s->message);
    } else if (strcmp(outcome, "signaled") == 0) {
        code = sig == SIGXCPU ? "cpu_limit" : sig == SIGXFSZ ? "file_size_limit" : "crashed";
        if (strstr(tail, "MemoryError") || strstr(tail, "memory"))
            code = "memory_limit";
        snprintf(msg, sizeof msg, "python3 was killed by signal %d (%s)%s%s", sig, strsignal(sig),
                 *tail ? ": " : "", tail);
    } else {
        code = strstr(tail, "MemoryError") ? "memory_limit" : "exited";
        snprintf(msg, sizeof msg, "python3 exited with status %d before its report was whole%s%s",
                 st, *tail ? ": " : "", tail);
    }
    emit_error(x, code, NULL, msg, st, sig);
}

static void ingest_module(ingest_ctx *x, size_t k)
{
    runtime_stage *s = x->s;
    char path[4200], outcome[32] = "not_run";
    int st = -1, sig = -1;
    snprintf(path, sizeof path, "%s/m%zu.status", s->dir, k);
    FILE *f = fopen(path, "r");
    if (f) {
        if (fscanf(f, "%31s %d %d", outcome, &st, &sig) != 3)
            snprintf(outcome, sizeof outcome, "not_run");
        fclose(f);
    }
    snprintf(path, sizeof path, "%s/m%zu.out", s->dir, k);
    size_t len = 0;
    char *text = slurp(path, &len);
    bool whole = text && walk_report(x, text, len, false);
    bool ended = strcmp(outcome, "exited") == 0 || strcmp(outcome, "signaled") == 0;
    if (whole && ended) {
        s->inspected++;
        walk_report(x, text, len, true);
    } else {
        emit_failure(x, k, outcome, st, sig);
    }
    core_free(text);
}

static void read_python(runtime_stage *s)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/python.txt", s->dir);
    size_t len = 0;
    char *t = slurp(path, &len);
    if (t) {
        char *nl = strchr(t, '\n');
        snprintf(s->python, sizeof s->python, "%.*s", (int)(nl ? nl - t : (ptrdiff_t)len), t);
        if (nl && !s->version[0])
            snprintf(s->version, sizeof s->version, "%.*s", (int)strcspn(nl + 1, "\n"), nl + 1);
        core_free(t);
        return;
    }
    snprintf(path, sizeof path, "%s/python.err", s->dir);
    t = slurp(path, &len);
    snprintf(s->message, sizeof s->message, "%.*s", (int)strcspn(t ? t : "", "\n"),
             t ? t : "no answer");
    core_free(t);
}

pc_status runtime_stage_finish(runtime_stage *s, build_run *r, const scan_list *list, pc_err *err)
{
    if (!s || s->nmodules == 0)
        return PC_OK;
    if (s->pid > 0) {
        pc_status rc = wait_driver(s, err);
        if (rc != PC_OK)
            return rc;
    }
    read_python(s);
    ingest_ctx x = {.s = s, .r = r, .list = list};
    pc_status rc = PC_OK;
    for (size_t k = 0; k < s->nmodules && rc == PC_OK; k++) {
        x.module = s->modules[k];
        ingest_module(&x, k);
        rc = pipeline_flush(r, err);
    }
    s->status = s->python[0] ? (s->errors ? "ok_with_errors" : "ok") : "python_unavailable";
    if (s->sandboxes && s->net_isolated < s->sandboxes)
        log_warn("runtime: the network could not be cut off for the inspected modules (%s)",
                 s->note);
    else if (s->sandboxes && s->fs_read_only < s->sandboxes)
        log_warn("runtime: the file system could not be made read-only for the inspected "
                 "modules (%s)",
                 s->note);
    if (s->errors)
        log_info("runtime: %lld of %zu modules could not be inspected (rt_errors_v1)",
                 (long long)(s->nmodules - (size_t)s->inspected), s->nmodules);
    return rc;
}

/* ---- manifest, free -----------------------------------------------------------------------------
 */

/* "all", "none" or "k of n" over the sandboxes seen. */
static const char *share(const runtime_stage *s, int64_t k, char *buf, size_t cap)
{
    if (k == s->sandboxes)
        return "all";
    if (k == 0)
        return "none";
    snprintf(buf, cap, "%lld of %lld", (long long)k, (long long)s->sandboxes);
    return buf;
}

void runtime_stage_manifest(const runtime_stage *s, store_kv *kv, char (*text)[1024], size_t *n,
                            size_t cap)
{
#define ADD(k, ...) pipeline_manifest_add(kv, text, n, cap, (k), __VA_ARGS__)
    ADD("runtime_status", "%s", s ? s->status : "not_requested");
    if (!s)
        return;
    char b1[64], b2[64], b3[64];
    ADD("runtime_python", "%.900s %.60s", s->python[0] ? s->python : s->cfg.python, s->version);
    ADD("runtime_modules", "%zu requested, %lld inspected, %lld error rows", s->nmodules,
        (long long)s->inspected, (long long)s->errors);
    ADD("runtime_rows", "%lld objects, %lld signatures, %lld parameters, %lld members",
        (long long)s->objects, (long long)s->signatures, (long long)s->params,
        (long long)s->members);
    ADD("runtime_sandbox",
        "children %lld; network namespace: %s; read-only file system: %s; capabilities "
        "dropped: %s%s%s",
        (long long)s->sandboxes, share(s, s->net_isolated, b1, sizeof b1),
        share(s, s->fs_read_only, b2, sizeof b2), share(s, s->caps_dropped, b3, sizeof b3),
        s->note[0] ? "; " : "", s->note);
    ADD("runtime_seconds", "%.3f", s->seconds);
#undef ADD
}

double runtime_stage_seconds(const runtime_stage *s)
{
    return s ? s->seconds : 0;
}

void runtime_stage_free(runtime_stage *s)
{
    if (!s)
        return;
    kill_driver(s);
    if (s->dir) {
        pc_err e;
        pc_err_clear(&e);
        store_remove_tree(s->dir, &e);
    }
    for (size_t i = 0; i < s->nmodules; i++)
        core_free(s->modules[i]);
    for (size_t i = 0; i < s->nallow; i++)
        core_free(s->allow[i]);
    core_free(s->modules);
    core_free(s->allow);
    core_free(s->dir);
    core_free(s->repo);
    core_free(s->src_root);
    core_free(s->seen);
    core_free(s);
}
