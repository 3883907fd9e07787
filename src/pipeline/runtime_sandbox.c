/*
 * runtime_sandbox.c — the processes of runtime inspection: a driver forked from pycpg that
 * runs the inspector (rt_inspect.py, embedded at build time as rt_inspect_script) in one
 * contained child python3 per module, and writes what each child reported into a private
 * directory for runtime_stage.c to read. Nothing here parses the reports.
 *
 * Processes. pycpg ─fork→ driver (own process group, PR_SET_PDEATHSIG) ─fork+exec→ one
 * python3 per module, one after the other (own process group, PR_SET_PDEATHSIG, so a killed
 * driver takes its child with it). The driver is forked while pycpg has one thread, so it may
 * allocate and use stdio freely; each child prepares its containment with plain system calls
 * and execs.
 *
 * Containment of one child, in this order:
 *   - stdin /dev/null; stdout a pipe to the driver; stderr a file (capped by RLIMIT_FSIZE);
 *     every other descriptor closed;
 *   - namespaces: unshare(CLONE_NEWNET | CLONE_NEWNS), or, when that is refused, the same with
 *     CLONE_NEWUSER (uid and gid mapped to themselves). The new network namespace has only a
 *     loopback interface, down: no network. In the new mount namespace every mount is
 *     remounted read-only except a bind mount of the child's own temporary directory;
 *   - capabilities: the bounding set is emptied and no_new_privs set, so the exec'd python3
 *     (even as uid 0) has no capability: it cannot remount, unshare its way back, or write
 *     where its uid may not;
 *   - rlimits: RLIMIT_AS (--runtime-memory), RLIMIT_CPU (--runtime-timeout + 1 s),
 *     RLIMIT_FSIZE (RT_FSIZE), RLIMIT_NOFILE (RT_NOFILE), RLIMIT_CORE 0;
 *   - cwd: a fresh directory of its own under dir (removed after the module); environment:
 *     only RT_ENV plus HOME and TMPDIR = that directory;
 *   - python3 -s -S -B -c <rt_inspect.py> CONFIG (no user site, no site hooks, no bytecode
 *     written).
 * What the kernel refused is reported as the first line of the child's output,
 *   {"t":"sandbox","net":"isolated|shared","fs":"read_only|partial|shared","caps":"dropped|kept",
 *    "userns":true|false,"note":"…"}
 * and the build goes on without it (docs/robustness.md, "Runtime inspection").
 *
 * Limits the driver enforces: wall clock per module (--runtime-timeout) and overall
 * (--runtime-total-timeout): the child's process group is killed (SIGKILL); output: reading
 * stops and the group is killed beyond --runtime-max-output bytes.
 *
 * Files in dir (the driver writes them; runtime_stage.c reads them):
 *   python.txt     the interpreter: its sys.executable and version, one per line (the probe:
 *                  `PYTHON -c …` with pycpg's environment, no repository code); absent when
 *                  it could not run, python.err then says why
 *   m<k>.out       child k's stdout (JSON lines), at most max_output bytes
 *   m<k>.err       child k's stderr
 *   m<k>.status    "<outcome> <exit_status> <signal>\n", outcome one of exited, signaled,
 *                  timeout, output_limit, start_failed, not_run (-1 = none)
 */
#include "pipeline_int.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#define RT_FSIZE      (16LL << 20) /* bytes one child may write to one file */
#define RT_NOFILE     256
#define RT_PATH       "PATH=/usr/local/bin:/usr/bin:/bin"
#define PROBE_SECONDS 30.0

extern const char rt_inspect_script[]; /* generated from rt_inspect.py (CMakeLists.txt) */

/* Everything a child needs, prepared by the driver before fork. */
typedef struct {
    pid_t driver;
    int null_in, out_w, err_fd;
    const char *exe;
    char *const *argv, *const *envp;
    const char *cwd;
    const rt_sandbox_config *c;
} child_ctx;

/* ---- in the child: containment (plain system calls only), then exec -------------------- */

static void write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        if (write(fd, text, strlen(text)) < 0) {
            /* reported through the effects: mounts then fail */
        }
        close(fd);
    }
}

/* Decodes mountinfo's octal escapes (\040 …) in place. */
static void unescape(char *s)
{
    char *o = s;
    for (char *p = s; *p; p++) {
        if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' &&
            p[3] >= '0' && p[3] <= '7') {
            *o++ = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
            p += 3;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
}

/* Every mount read-only but a bind mount of keep. Returns the number of mounts that could not
 * be made read-only, or -1 when the tree could not even be made private. */
static int readonly_mounts(const char *keep)
{
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
        return -1;
    int failed = mount(keep, keep, NULL, MS_BIND, NULL) != 0;
    FILE *f = fopen("/proc/self/mountinfo", "re");
    if (!f)
        return -1;
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        char *save = NULL, *mp = NULL;
        char *tok = strtok_r(line, " ", &save);
        for (int i = 1; tok && i < 5; i++)
            tok = strtok_r(NULL, " ", &save);
        mp = tok;
        if (!mp)
            continue;
        unescape(mp);
        if (strcmp(mp, keep) == 0)
            continue;
        struct statvfs sv;
        if (statvfs(mp, &sv) != 0)
            continue; /* hidden or gone: not reachable from here either */
        unsigned long fl = MS_REMOUNT | MS_BIND | MS_RDONLY;
        fl |= (sv.f_flag & ST_NOSUID ? MS_NOSUID : 0) | (sv.f_flag & ST_NODEV ? MS_NODEV : 0) |
              (sv.f_flag & ST_NOEXEC ? MS_NOEXEC : 0) | (sv.f_flag & ST_NOATIME ? MS_NOATIME : 0) |
              (sv.f_flag & ST_NODIRATIME ? MS_NODIRATIME : 0) |
              (sv.f_flag & ST_RELATIME ? MS_RELATIME : 0);
        if (mount(NULL, mp, NULL, fl, NULL) != 0)
            failed++;
    }
    fclose(f);
    return failed;
}

/* Namespaces and capabilities; the sandbox record (JSON members) into rep. */
static void isolate(const char *keep, char *rep, size_t cap)
{
    uid_t uid = geteuid();
    gid_t gid = getegid();
    bool userns = false, ns = unshare(CLONE_NEWNET | CLONE_NEWNS) == 0;
    int e1 = ns ? 0 : errno, e2 = 0;
    if (!ns) {
        ns = unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWNS) == 0;
        e2 = ns ? 0 : errno;
        if (ns) {
            char map[64];
            userns = true;
            write_file("/proc/self/setgroups", "deny");
            snprintf(map, sizeof map, "%u %u 1", (unsigned)uid, (unsigned)uid);
            write_file("/proc/self/uid_map", map);
            snprintf(map, sizeof map, "%u %u 1", (unsigned)gid, (unsigned)gid);
            write_file("/proc/self/gid_map", map);
        }
    }
    int ro = ns ? readonly_mounts(keep) : -1;
    int dropped = 0;
    for (int c = 0; c < 64; c++)
        dropped += prctl(PR_CAPBSET_DROP, c, 0, 0, 0) == 0;
    bool nnp = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0;
    char note[256] = "";
    if (!ns)
        snprintf(note, sizeof note, "unshare: %s; with a user namespace: %s", strerror(e1),
                 strerror(e2));
    else if (ro != 0)
        snprintf(note, sizeof note, "%d mounts could not be made read-only", ro);
    snprintf(rep, cap, "\"net\":\"%s\",\"fs\":\"%s\",\"caps\":\"%s\",\"userns\":%s,\"note\":\"%s\"",
             ns ? "isolated" : "shared",
             !ns || ro < 0 ? "shared"
             : ro == 0     ? "read_only"
                           : "partial",
             dropped > 0 && nnp ? "dropped" : "kept", userns ? "true" : "false", note);
}

static void set_limit(int what, rlim_t v)
{
    struct rlimit rl = {v, v};
    if (setrlimit(what, &rl) != 0) {
        getrlimit(what, &rl); /* cannot raise a hard limit: lower the soft one */
        rl.rlim_cur = v < rl.rlim_max ? v : rl.rlim_max;
        setrlimit(what, &rl);
    }
}

static void limits(const rt_sandbox_config *c)
{
    if (c->memory > 0)
        set_limit(RLIMIT_AS, (rlim_t)c->memory);
    double cpu = c->timeout > 0 ? c->timeout : c->total_timeout;
    if (cpu > 0)
        set_limit(RLIMIT_CPU, (rlim_t)cpu + 1);
    set_limit(RLIMIT_FSIZE, (rlim_t)RT_FSIZE);
    set_limit(RLIMIT_NOFILE, RT_NOFILE);
    set_limit(RLIMIT_CORE, 0);
}

/* In the child: never returns. */
static void child_exec(const child_ctx *x)
{
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != x->driver)
        _exit(125);
    if (dup2(x->null_in, 0) < 0 || dup2(x->out_w, 1) < 0 || dup2(x->err_fd, 2) < 0)
        _exit(126);
    close_range(3, ~0U, 0);
    signal(SIGPIPE, SIG_DFL);
    char rep[512];
    isolate(x->cwd, rep, sizeof rep);
    if (chdir(x->cwd) != 0)
        _exit(126);
    dprintf(1, "{\"t\":\"sandbox\",%s}\n", rep);
    limits(x->c); /* last: nothing of pycpg's own (an ASan build's allocator) runs after it */
    execve(x->exe, x->argv, x->envp);
    dprintf(2, "pycpg: cannot run %s: %s\n", x->exe, strerror(errno));
    _exit(127);
}

/* ---- in the driver ---------------------------------------------------------------------- */

static char *dir_file(const rt_sandbox_config *c, const char *fmt, size_t k)
{
    char name[64];
    snprintf(name, sizeof name, fmt, k);
    sbuf b = SBUF_INIT;
    sbuf_printf(&b, "%s/%s", c->dir, name);
    return b.data;
}

static void write_status(const rt_sandbox_config *c, size_t k, const char *outcome, int st, int sig)
{
    char *p = dir_file(c, "m%zu.status", k);
    FILE *f = fopen(p, "w");
    if (f) {
        fprintf(f, "%s %d %d\n", outcome, st, sig);
        fclose(f);
    }
    core_free(p);
}

static void kill_group(pid_t pid)
{
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
}

/* Reads the child's stdout into out_fd until it ends, the deadline passes or cap bytes came.
 * Sets *outcome and waits for the child. */
static void supervise(pid_t pid, int rd, int out_fd, int64_t cap, double deadline,
                      const char **outcome, int *status)
{
    int64_t got = 0;
    bool eof = false, exited = false;
    char buf[65536];
    *outcome = NULL;
    while (!*outcome && !(eof && exited)) {
        if (!exited && waitpid(pid, status, WNOHANG) == pid)
            exited = true;
        double left = deadline > 0 ? deadline - clock_now() : 1.0;
        if (left <= 0) {
            *outcome = "timeout";
            break;
        }
        if (eof) {
            usleep(10000);
            continue;
        }
        struct pollfd p = {rd, POLLIN, 0};
        int n = poll(&p, 1, exited ? 0 : (int)(left < 0.05 ? left * 1000 + 1 : 50));
        if (n <= 0) {
            eof = exited && n == 0; /* exited and nothing left to read: descendants keep it */
            continue;
        }
        ssize_t k = read(rd, buf, sizeof buf);
        if (k <= 0) {
            eof = k == 0 || errno != EINTR;
            continue;
        }
        if (got + k > cap) {
            *outcome = "output_limit";
            k = (ssize_t)(cap - got);
        }
        if (k > 0 && write(out_fd, buf, (size_t)k) != k)
            *outcome = "output_limit"; /* the driver's own disk is full: stop this one */
        got += k;
    }
    kill_group(pid); /* whatever outcome: nothing of the module survives it */
    if (!exited)
        while (waitpid(pid, status, 0) < 0 && errno == EINTR)
            ;
    if (!*outcome)
        *outcome = WIFSIGNALED(*status) ? "signaled" : "exited";
}

/* The config argument of the inspector for module k (JSON; owned). */
static char *module_config(const rt_sandbox_config *c, size_t k)
{
    json_t *o = json_object(), *allow = json_array(), *roots = json_array();
    for (size_t i = 0; i < c->nallow; i++)
        json_array_append_new(allow, json_string(c->allow[i]));
    for (size_t i = 0; i < c->nroots; i++)
        json_array_append_new(roots, json_string(c->roots[i]));
    json_object_set_new(o, "module", json_string(c->modules[k]));
    json_object_set_new(o, "allow", allow);
    json_object_set_new(o, "roots", roots);
    json_object_set_new(o, "repo", json_string(c->repo));
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    char *out = core_strdup(s ? s : "{}");
    free(s); /* jansson's allocation */
    return out;
}

static void run_module(const rt_sandbox_config *c, size_t k, const char *exe, double t0)
{
    char *cwd = dir_file(c, "c%zu", k), *outp = dir_file(c, "m%zu.out", k),
         *errp = dir_file(c, "m%zu.err", k), *cfg = module_config(c, k);
    char home[4200], tmp[4200];
    snprintf(home, sizeof home, "HOME=%s", cwd);
    snprintf(tmp, sizeof tmp, "TMPDIR=%s", cwd);
    char *envp[] = {RT_PATH,
                    "LANG=C.UTF-8",
                    "LC_ALL=C.UTF-8",
                    "PYTHONHASHSEED=0",
                    "PYTHONDONTWRITEBYTECODE=1",
                    "PYTHONNOUSERSITE=1",
                    "PYTHONSAFEPATH=1",
                    "PYTHONIOENCODING=utf-8",
                    home,
                    tmp,
                    NULL};
    char *argv[] = {(char *)exe, "-s", "-S", "-B", "-c", (char *)rt_inspect_script, cfg, NULL};
    int p[2] = {-1, -1};
    int out_fd = open(outp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int err_fd = open(errp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int null_in = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (mkdir(cwd, 0700) != 0 || out_fd < 0 || err_fd < 0 || null_in < 0 ||
        pipe2(p, O_CLOEXEC) != 0) {
        write_status(c, k, "start_failed", -1, -1);
        goto out;
    }
    child_ctx x = {getpid(), null_in, p[1], err_fd, exe, argv, envp, cwd, c};
    double now = clock_now();
    double deadline = c->timeout > 0 ? now + c->timeout : 0;
    if (c->total_timeout > 0 && (deadline == 0 || t0 + c->total_timeout < deadline))
        deadline = t0 + c->total_timeout;
    pid_t pid = fork();
    if (pid == 0)
        child_exec(&x);
    close(p[1]);
    p[1] = -1;
    if (pid < 0) {
        write_status(c, k, "start_failed", -1, -1);
        goto out;
    }
    setpgid(pid, pid);
    const char *outcome = NULL;
    int status = 0;
    supervise(pid, p[0], out_fd, c->max_output, deadline, &outcome, &status);
    write_status(c, k, outcome, WIFEXITED(status) ? WEXITSTATUS(status) : -1,
                 WIFSIGNALED(status) ? WTERMSIG(status) : -1);
out:
    for (int i = 0; i < 2; i++)
        if (p[i] >= 0)
            close(p[i]);
    if (out_fd >= 0)
        close(out_fd);
    if (err_fd >= 0)
        close(err_fd);
    if (null_in >= 0)
        close(null_in);
    pc_err e;
    pc_err_clear(&e);
    store_remove_tree(cwd, &e);
    core_free(cwd);
    core_free(outp);
    core_free(errp);
    core_free(cfg);
}

/* Runs `python -c …` (pycpg's own environment: no repository code runs) and writes
 * python.txt; false when it fails (python.err says why). exe receives sys.executable. */
static bool probe(const rt_sandbox_config *c, char *exe, size_t cap)
{
    char *txt = dir_file(c, "python.txt", 0), *errp = dir_file(c, "python.err", 0);
    int fd = open(txt, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int efd = open(errp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    bool ok = false;
    pid_t pid = fd >= 0 && efd >= 0 ? fork() : -1;
    if (pid == 0) {
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        int in = open("/dev/null", O_RDONLY);
        if (in < 0 || dup2(in, 0) < 0 || dup2(fd, 1) < 0 || dup2(efd, 2) < 0 || chdir(c->dir))
            _exit(126);
        execlp(c->python, c->python, "-I", "-c",
               "import sys, platform; print(sys.executable); print(platform.python_version())",
               (char *)NULL);
        dprintf(2, "cannot run %s: %s\n", c->python, strerror(errno));
        _exit(127);
    }
    if (pid > 0) {
        int status = 0;
        double end = clock_now() + PROBE_SECONDS;
        pid_t w;
        while ((w = waitpid(pid, &status, WNOHANG)) == 0 && clock_now() < end)
            usleep(10000);
        if (w != pid) {
            kill_group(pid);
            waitpid(pid, &status, 0);
            dprintf(efd, "%s did not answer within %.0f s\n", c->python, PROBE_SECONDS);
        }
        ok = w == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    if (fd >= 0)
        close(fd);
    if (efd >= 0)
        close(efd);
    FILE *f = ok ? fopen(txt, "r") : NULL;
    ok = f && fgets(exe, (int)cap, f) && exe[0] == '/';
    if (f)
        fclose(f);
    exe[strcspn(exe, "\n")] = '\0';
    if (!ok)
        unlink(txt);
    core_free(txt);
    core_free(errp);
    return ok;
}

/* The driver's life: never returns. */
static void driver_main(const rt_sandbox_config *c)
{
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGPIPE, SIG_IGN);
    double t0 = clock_now();
    char exe[4096] = "";
    bool have = probe(c, exe, sizeof exe);
    for (size_t k = 0; k < c->nmodules; k++) {
        if (!have)
            write_status(c, k, "start_failed", -1, -1);
        else if (c->total_timeout > 0 && clock_now() - t0 >= c->total_timeout)
            write_status(c, k, "not_run", -1, -1);
        else
            run_module(c, k, exe, t0);
    }
    _exit(0);
}

pc_status rt_sandbox_spawn(const rt_sandbox_config *c, pid_t *pid, pc_err *err)
{
    fflush(NULL);
    pid_t p = fork();
    if (p < 0)
        return pc_fail(err, PC_ERR_INTERNAL, "cannot fork the runtime inspector: %s",
                       strerror(errno));
    if (p == 0)
        driver_main(c);
    setpgid(p, p); /* also here: no race with kill(-p) */
    *pid = p;
    return PC_OK;
}
