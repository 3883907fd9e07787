/*
 * workers.c — `pycpg build -j N`: extraction in N worker processes (a lens may embed an
 * interpreter whose GIL would cap threads at one core; processes do not share it).
 *
 * Roles. The parent (this process) scans, forks the workers before the store starts (DuckDB
 * starts threads; a process forks while it has only one), then hands out file indices and
 * receives rows. Each worker is a forked copy that opens its own lenses and, per file index
 * it is sent, runs pipeline_extract_file into its own batches, sends them back as one
 * message and clears them. The parent appends every file's rows to its own batches in file
 * order, so datasets, row order and Parquet parts are exactly those of -j 1.
 *
 * Channel: one AF_UNIX stream socket per worker. Parent → worker: a job is a u64 file index
 * (8 bytes). Worker → parent: messages of a wire_hdr then `len` payload bytes:
 *   MSG_READY   lenses are open; jobs may follow
 *   MSG_RESULT  the rows of file `file`: i64 problems, i64 files_read, i64 bytes (the file's
 *               build_summary counts), then per non-empty dataset a u32 registry index and
 *               the batch in rowbuf wire form (core.h)
 *   MSG_ERROR   an internal failure (status `status`): the message text; the run fails
 * Workers write with blocking writes; the parent's end is non-blocking and read with poll,
 * a growing buffer per worker, so a many-megabyte result never blocks the parent while it
 * sends jobs (at most JOBS_PER_WORKER outstanding 8-byte jobs: a send never fills the
 * socket). A worker answers its jobs in the order it got them.
 *
 * Bounded memory: a file is handed out only while it lies within WINDOW_PER_WORKER * N
 * files of the next file to append; results that arrive early wait in a ring indexed by
 * file % window.
 *
 * Failures: a worker that dies (EOF on its socket) is reaped; the file it was on (its oldest
 * job, since it had said READY) becomes a worker_crashed row in file order, its other job
 * is handed out again, and a new worker is forked in its place (then the parent has DuckDB
 * threads; the child only touches its own memory through the allocator, which glibc keeps
 * consistent across fork, and never DuckDB). A worker that dies before READY fails the run
 * (it would die again). SIGINT/SIGTERM reach the parent's interrupted flag; workers ignore
 * SIGINT, die with the parent (PR_SET_PDEATHSIG) and are killed and reaped by workers_free.
 *
 * Time limit: a worker that has spent longer than --file-timeout on one file (measured by
 * the parent from when the worker could start on it: dispatch to an idle worker, or the
 * previous file's result) is killed with SIGKILL; its file becomes a file_timeout row and
 * the worker is replaced as after a crash. Files are never timed in the parent (-j 0).
 *
 * A worker ends with _exit(): it is a forked copy of the parent, so it must not run the
 * parent's atexit handlers or flush its stdio buffers. This is the one place outside main
 * where the program ends a process.
 *
 * Divisions: the channel (framing, I/O), the worker process, the parent (spawn, dispatch,
 * receive, apply in order, crashes), the pool's lifetime.
 */
#include "pipeline_int.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define JOBS_PER_WORKER   2
#define WINDOW_PER_WORKER 4
#define MSG_MAX           ((uint64_t)1 << 36) /* a larger length is a corrupt header */
#define POLL_MS           250

enum { MSG_READY = 1, MSG_RESULT, MSG_ERROR };

typedef struct {
    uint32_t type;
    uint32_t status; /* MSG_ERROR: a pc_status */
    uint64_t file;   /* MSG_RESULT, MSG_ERROR: the file index (UINT64_MAX: none) */
    uint64_t len;    /* payload bytes that follow */
} wire_hdr;

typedef struct {
    pid_t pid; /* 0: no process */
    int fd;    /* the parent's end of the socket; -1: closed */
    bool ready;
    bool timed_out;            /* killed by the parent for overrunning the per-file limit */
    double since;              /* when the worker started on q[0] (valid while nq > 0) */
    size_t q[JOBS_PER_WORKER]; /* outstanding jobs, oldest first */
    size_t nq;
    unsigned char *in; /* received, not yet parsed: in[0..in_len) */
    size_t in_len, in_cap;
} worker;

typedef struct {
    bool done;
    unsigned char *msg; /* RESULT payload (owned), or NULL */
    size_t len;
    char *lost;       /* the worker died on this file: the message for its row (owned) */
    const char *code; /* and the row's code: worker_crashed or file_timeout */
} pending;

struct worker_pool {
    build_run *r;
    const scan_list *list;
    pid_t parent;
    size_t nworkers, nfiles, window;
    worker *w;
    pending *pend; /* ring of `window` slots, file i in slot i % window */
    size_t next_send, next_apply;
    size_t *retry; /* jobs to hand out again, ascending */
    size_t nretry;
};

/* ---- the channel -------------------------------------------------------------------- */

/* Writes all of p (blocking fd), retrying partial writes and EINTR. False on failure. */
static bool write_full(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t k = write(fd, c, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        c += k;
        n -= (size_t)k;
    }
    return true;
}

/* Reads exactly n bytes (blocking fd): 1 done, 0 clean EOF before any byte, -1 failure. */
static int read_full(int fd, void *p, size_t n)
{
    char *c = p;
    size_t got = 0;
    while (got < n) {
        ssize_t k = read(fd, c + got, n - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 || (k == 0 && got > 0))
            return -1;
        if (k == 0)
            return 0;
        got += (size_t)k;
    }
    return 1;
}

static void put_hdr(sbuf *msg, uint32_t type, uint32_t status, uint64_t file)
{
    wire_hdr h = {type, status, file, 0};
    sbuf_append(msg, (const char *)&h, sizeof h);
}

/* Sets the length of the message that starts at msg->data. */
static void seal_msg(sbuf *msg)
{
    uint64_t len = msg->len - sizeof(wire_hdr);
    memcpy(msg->data + offsetof(wire_hdr, len), &len, sizeof len);
}

/* ---- the worker process ------------------------------------------------------------- */

static _Noreturn void worker_exit(int code)
{
    _exit(code); /* a forked copy: no atexit handlers, no stdio flush (see the top) */
}

static _Noreturn void worker_fail(int fd, sbuf *msg, size_t file, const pc_err *err)
{
    sbuf_reset(msg);
    put_hdr(msg, MSG_ERROR, (uint32_t)err->rc, file);
    sbuf_puts(msg, err->msg[0] ? err->msg : pc_status_name(err->rc));
    seal_msg(msg);
    write_full(fd, msg->data, msg->len);
    worker_exit(1);
}

/* The child's side of the fork: signals, and no descriptors of the other workers (an
 * inherited write end would keep a sibling from ever seeing EOF). */
static void worker_detach(const worker_pool *wp)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != wp->parent) /* the parent died before prctl */
        worker_exit(1);
    signal(SIGINT, SIG_IGN); /* Ctrl-C reaches the whole group; the parent handles it */
    signal(SIGTERM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    for (size_t k = 0; k < wp->nworkers; k++) /* its own slot holds -1 until spawn returns */
        if (wp->w[k].fd >= 0)
            close(wp->w[k].fd);
}

/* Test seams: PYCPG_FAULTS="worker_crash:<path>" makes the worker die on that file as a
 * crash inside a lens would (SIGABRT, no core file); "worker_error:<path>" makes it fail as
 * an internal error would; "worker_hang:<path>" makes it hang as a pathological file could
 * (until the parent's per-file time limit kills it). */
static pc_status worker_fault(const char *path, pc_err *err)
{
    if (fault_hit("worker_error", path))
        return pc_fail(err, PC_ERR_INTERNAL, "injected worker failure on %s", path);
    if (fault_hit("worker_hang", path))
        for (;;)
            pause();
    if (!fault_hit("worker_crash", path))
        return PC_OK;
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    abort();
}

/* Appends the result message of file i: the counts, then every non-empty batch (cleared). */
static void worker_result(build_run *w, size_t i, sbuf *msg)
{
    sbuf_reset(msg);
    put_hdr(msg, MSG_RESULT, 0, i);
    int64_t counts[3] = {w->sum->problems, w->sum->files_read, w->sum->bytes};
    sbuf_append(msg, (const char *)counts, sizeof counts);
    for (size_t d = 0; d < registry_count(); d++) {
        if (!w->bufs[d] || rowbuf_rows(w->bufs[d]) == 0)
            continue;
        uint32_t idx = (uint32_t)d;
        sbuf_append(msg, (const char *)&idx, sizeof idx);
        rowbuf_serialize(w->bufs[d], msg);
        rowbuf_clear(w->bufs[d]);
    }
    seal_msg(msg);
}

static _Noreturn void worker_main(worker_pool *wp, int fd)
{
    worker_detach(wp);
    const build_run *r = wp->r;
    build_summary sum;
    build_run w = {.opt = r->opt, .wanted = r->wanted, .lens_on = r->lens_on, .sum = &sum};
    w.bufs = core_calloc(registry_count(), sizeof *w.bufs);
    w.lens_state = core_calloc(lens_count(), sizeof *w.lens_state);
    sbuf msg = SBUF_INIT;
    pc_err err;
    pc_err_clear(&err);
    if (pipeline_open_lenses(&w, &err) != PC_OK)
        worker_fail(fd, &msg, SIZE_MAX, &err);
    put_hdr(&msg, MSG_READY, 0, 0);
    seal_msg(&msg);
    if (!write_full(fd, msg.data, msg.len))
        worker_exit(1);
    uint64_t job;
    int got;
    while ((got = read_full(fd, &job, sizeof job)) == 1) {
        if (job >= wp->nfiles) {
            pc_fail(&err, PC_ERR_INTERNAL, "worker: job %" PRIu64 " out of range", job);
            worker_fail(fd, &msg, SIZE_MAX, &err);
        }
        memset(&sum, 0, sizeof sum);
        if (worker_fault(scan_list_file(wp->list, job)->path, &err) != PC_OK ||
            pipeline_extract_file(&w, wp->list, (size_t)job, &err) != PC_OK)
            worker_fail(fd, &msg, (size_t)job, &err);
        worker_result(&w, (size_t)job, &msg);
        if (!write_full(fd, msg.data, msg.len))
            worker_exit(1);
    }
    pipeline_close_lenses(&w); /* EOF: the parent is done with us */
    worker_exit(got == 0 ? 0 : 1);
}

/* ---- the parent: spawn and dispatch ------------------------------------------------- */

static pc_status spawn(worker_pool *wp, size_t k, pc_err *err)
{
    worker *w = &wp->w[k];
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return pc_fail(err, PC_ERR_IO, "cannot create a worker channel: %s", strerror(errno));
    fflush(NULL); /* nothing buffered is inherited twice */
    pid_t pid = fork();
    if (pid < 0) {
        close(sv[0]);
        close(sv[1]);
        return pc_fail(err, PC_ERR_IO, "cannot start a worker process: %s", strerror(errno));
    }
    if (pid == 0) {
        close(sv[0]);
        worker_main(wp, sv[1]);
    }
    close(sv[1]);
    fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
    w->pid = pid;
    w->fd = sv[0];
    w->ready = false;
    w->timed_out = false;
    w->nq = 0;
    w->in_len = 0;
    return PC_OK;
}

static void retry_add(worker_pool *wp, size_t file)
{
    size_t i = wp->nretry++;
    for (; i > 0 && wp->retry[i - 1] > file; i--)
        wp->retry[i] = wp->retry[i - 1];
    wp->retry[i] = file;
}

/* The next file to hand out, if any may be handed out now. */
static bool next_job(worker_pool *wp, size_t *file)
{
    if (wp->nretry) {
        *file = wp->retry[0];
        memmove(wp->retry, wp->retry + 1, --wp->nretry * sizeof *wp->retry);
        return true;
    }
    if (wp->next_send >= wp->nfiles || wp->next_send >= wp->next_apply + wp->window)
        return false;
    *file = wp->next_send++;
    return true;
}

/* An 8-byte send on a socket holding at most JOBS_PER_WORKER jobs is never partial and never
 * blocks; it fails only when the worker is gone (MSG_NOSIGNAL: EPIPE instead of SIGPIPE). */
static bool send_job(worker *w, size_t file)
{
    uint64_t v = file;
    ssize_t k;
    do
        k = send(w->fd, &v, sizeof v, MSG_NOSIGNAL);
    while (k < 0 && errno == EINTR);
    return k == (ssize_t)sizeof v;
}

static void dispatch(worker_pool *wp)
{
    for (size_t k = 0; k < wp->nworkers; k++) {
        worker *w = &wp->w[k];
        size_t file;
        while (w->fd >= 0 && w->ready && w->nq < JOBS_PER_WORKER && next_job(wp, &file)) {
            if (!send_job(w, file)) {
                retry_add(wp, file);
                kill(w->pid, SIGKILL); /* its EOF is handled as a death */
                break;
            }
            if (w->nq == 0)
                w->since = clock_now();
            w->q[w->nq++] = file;
        }
    }
}

/* ---- the parent: apply results in file order ---------------------------------------- */

static pc_status apply_result(worker_pool *wp, const unsigned char *p, size_t n, pc_err *err)
{
    build_run *r = wp->r;
    int64_t counts[3];
    if (n < sizeof counts)
        return pc_fail(err, PC_ERR_INTERNAL, "worker result: truncated");
    memcpy(counts, p, sizeof counts);
    size_t off = sizeof counts;
    while (off < n) {
        uint32_t idx;
        size_t used = 0;
        if (n - off < sizeof idx)
            return pc_fail(err, PC_ERR_INTERNAL, "worker result: truncated");
        memcpy(&idx, p + off, sizeof idx);
        off += sizeof idx;
        rowbuf *b = idx < registry_count() ? pipeline_rows(r, registry_at(idx)) : NULL;
        if (!b)
            return pc_fail(err, PC_ERR_INTERNAL, "worker result: unexpected dataset %" PRIu32, idx);
        pc_status rc = rowbuf_append_serialized(b, p + off, n - off, &used, err);
        if (rc != PC_OK)
            return rc;
        off += used;
    }
    r->sum->problems += counts[0];
    r->sum->files_read += counts[1];
    r->sum->bytes += counts[2];
    return PC_OK;
}

static void pending_clear(pending *s)
{
    core_free(s->msg);
    core_free(s->lost);
    memset(s, 0, sizeof *s);
}

/* Appends every finished file from next_apply on, in order. */
static pc_status drain(worker_pool *wp, pc_err *err)
{
    pc_status rc = PC_OK;
    while (rc == PC_OK && wp->next_apply < wp->nfiles) {
        pending *s = &wp->pend[wp->next_apply % wp->window];
        if (!s->done)
            break;
        if (s->lost)
            pipeline_emit_lost_file(wp->r, wp->next_apply, wp->list, s->code, s->lost);
        else
            rc = apply_result(wp, s->msg, s->len, err);
        pending_clear(s);
        wp->next_apply++;
        if (rc == PC_OK)
            rc = pipeline_file_done(wp->r, wp->next_apply, wp->nfiles, err);
    }
    return rc;
}

static pc_status on_result(worker_pool *wp, worker *w, const wire_hdr *h, const unsigned char *p,
                           pc_err *err)
{
    if (w->nq == 0 || h->file != w->q[0])
        return pc_fail(err, PC_ERR_INTERNAL, "worker answered file %" PRIu64 " out of turn",
                       h->file);
    memmove(w->q, w->q + 1, --w->nq * sizeof *w->q);
    w->since = clock_now(); /* it goes on with its next job, if any */
    pending *s = &wp->pend[h->file % wp->window];
    if (h->file == wp->next_apply) { /* the usual case: append straight from the buffer */
        pc_status rc = apply_result(wp, p, (size_t)h->len, err);
        wp->next_apply++;
        if (rc == PC_OK)
            rc = pipeline_file_done(wp->r, wp->next_apply, wp->nfiles, err);
        return rc == PC_OK ? drain(wp, err) : rc;
    }
    s->msg = core_malloc((size_t)h->len);
    memcpy(s->msg, p, (size_t)h->len);
    s->len = (size_t)h->len;
    s->done = true;
    return PC_OK;
}

static pc_status on_message(worker_pool *wp, worker *w, const wire_hdr *h, const unsigned char *p,
                            pc_err *err)
{
    switch (h->type) {
    case MSG_READY:
        w->ready = true;
        return PC_OK;
    case MSG_RESULT:
        return on_result(wp, w, h, p, err);
    case MSG_ERROR: {
        pc_status rc = h->status > PC_OK && h->status <= PC_ERR_INTERRUPTED ? (pc_status)h->status
                                                                            : PC_ERR_INTERNAL;
        return pc_fail(err, rc, "%.*s", (int)(h->len < 900 ? h->len : 900), (const char *)p);
    }
    default:
        return pc_fail(err, PC_ERR_INTERNAL, "worker sent message type %" PRIu32, h->type);
    }
}

/* Handles every complete message in w's buffer and keeps the incomplete rest. */
static pc_status parse_input(worker_pool *wp, worker *w, pc_err *err)
{
    size_t off = 0;
    pc_status rc = PC_OK;
    while (rc == PC_OK && w->in_len - off >= sizeof(wire_hdr)) {
        wire_hdr h;
        memcpy(&h, w->in + off, sizeof h);
        if (h.len > MSG_MAX)
            return pc_fail(err, PC_ERR_INTERNAL, "worker sent a corrupt message header");
        if (w->in_len - off - sizeof h < h.len)
            break;
        rc = on_message(wp, w, &h, w->in + off + sizeof h, err);
        off += sizeof h + (size_t)h.len;
    }
    memmove(w->in, w->in + off, w->in_len - off);
    w->in_len -= off;
    return rc;
}

/* ---- the parent: receive and crashes ------------------------------------------------ */

/* "was killed by SIGABRT (signal 6)" / "exited with status 1": a wait status in words. */
static void describe_exit(int status, char *buf, size_t cap)
{
    if (WIFSIGNALED(status)) {
        const char *abbrev = sigabbrev_np(WTERMSIG(status));
        snprintf(buf, cap, "was killed by SIG%s (signal %d)", abbrev ? abbrev : "?",
                 WTERMSIG(status));
    } else if (WIFEXITED(status)) {
        snprintf(buf, cap, "exited with status %d", WEXITSTATUS(status));
    } else {
        snprintf(buf, cap, "ended (wait status %d)", status);
    }
}

static int reap(pid_t pid)
{
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return status;
}

/* w's socket reached EOF: the worker is gone. Its current file becomes a worker_crashed row,
 * its other job goes back to the queue, and a new worker takes its place. */
static pc_status on_death(worker_pool *wp, size_t k, pc_err *err)
{
    worker *w = &wp->w[k];
    close(w->fd);
    w->fd = -1;
    kill(w->pid, SIGKILL); /* EOF means it is exiting; never wait on a live one */
    char why[96];
    describe_exit(reap(w->pid), why, sizeof why);
    w->pid = 0;
    if (!w->ready)
        return pc_fail(err, PC_ERR_INTERNAL, "an extraction worker %s while starting", why);
    log_debug("worker %zu %s with %zu jobs", k, why, w->nq);
    if (w->nq > 0) {
        pending *s = &wp->pend[w->q[0] % wp->window];
        sbuf m = SBUF_INIT;
        if (w->timed_out)
            sbuf_printf(&m,
                        "extracting this file took longer than the per-file limit of %g s "
                        "(--file-timeout); its worker process was stopped",
                        wp->r->opt->file_timeout);
        else
            sbuf_printf(&m, "the worker process %s while extracting this file", why);
        s->code = w->timed_out ? "file_timeout" : "worker_crashed";
        s->lost = core_strdup(m.data);
        s->done = true;
        sbuf_free(&m);
        for (size_t j = 1; j < w->nq; j++)
            retry_add(wp, w->q[j]);
    }
    pc_status rc = spawn(wp, k, err);
    return rc == PC_OK ? drain(wp, err) : rc;
}

/* Reads what w has sent; handles complete messages, then EOF. */
static pc_status receive(worker_pool *wp, size_t k, pc_err *err)
{
    worker *w = &wp->w[k];
    for (;;) {
        size_t want = 1 << 16;
        if (w->in_len >= sizeof(wire_hdr)) { /* room for the whole message at once */
            wire_hdr h;
            memcpy(&h, w->in, sizeof h);
            if (h.len <= MSG_MAX && sizeof h + h.len > w->in_len + want)
                want = sizeof h + (size_t)h.len - w->in_len;
        }
        if (w->in_cap - w->in_len < want) {
            w->in_cap = w->in_len + want;
            w->in = core_realloc(w->in, w->in_cap);
        }
        ssize_t n = read(w->fd, w->in + w->in_len, w->in_cap - w->in_len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return PC_OK;
        if (n <= 0) /* EOF or a reset: the worker is gone */
            return on_death(wp, k, err);
        w->in_len += (size_t)n;
        pc_status rc = parse_input(wp, w, err);
        if (rc != PC_OK)
            return rc;
    }
}

static pc_status poll_once(worker_pool *wp, struct pollfd *pfd, pc_err *err)
{
    size_t n = 0;
    for (size_t k = 0; k < wp->nworkers; k++)
        pfd[n++] = (struct pollfd){.fd = wp->w[k].fd, .events = POLLIN};
    int ready = poll(pfd, (nfds_t)n, POLL_MS);
    if (ready < 0 && errno != EINTR)
        return pc_fail(err, PC_ERR_IO, "poll: %s", strerror(errno));
    for (size_t k = 0; ready > 0 && k < wp->nworkers; k++) {
        if (pfd[k].fd < 0 || !(pfd[k].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        pc_status rc = receive(wp, k, err);
        if (rc != PC_OK)
            return rc;
    }
    return PC_OK;
}

/* Stops (SIGKILL) every worker that has spent longer than the per-file limit on its current
 * file; its EOF then arrives through poll and on_death records a file_timeout row. */
static void enforce_time_limit(worker_pool *wp)
{
    double limit = wp->r->opt->file_timeout, now = clock_now();
    if (limit <= 0)
        return;
    for (size_t k = 0; k < wp->nworkers; k++) {
        worker *w = &wp->w[k];
        if (w->fd >= 0 && w->ready && w->nq > 0 && !w->timed_out && now - w->since > limit) {
            log_debug("worker %zu: over %g s on file %zu, stopping it", k, limit, w->q[0]);
            w->timed_out = true;
            kill(w->pid, SIGKILL);
        }
    }
}

pc_status workers_extract(worker_pool *wp, pc_err *err)
{
    struct pollfd *pfd = core_calloc(wp->nworkers, sizeof *pfd);
    pc_status rc = PC_OK;
    while (rc == PC_OK && wp->next_apply < wp->nfiles) {
        if (pipeline_interrupted()) {
            rc = pc_fail(err, PC_ERR_INTERRUPTED, "interrupted");
            break;
        }
        dispatch(wp);
        rc = poll_once(wp, pfd, err);
        enforce_time_limit(wp);
    }
    core_free(pfd);
    return rc;
}

/* ---- the pool's lifetime ------------------------------------------------------------ */

pc_status workers_start(build_run *r, const scan_list *list, size_t nworkers, worker_pool **out,
                        pc_err *err)
{
    worker_pool *wp = core_calloc(1, sizeof *wp);
    wp->r = r;
    wp->list = list;
    wp->parent = getpid();
    wp->nworkers = nworkers;
    wp->nfiles = scan_list_count(list);
    wp->window = nworkers * WINDOW_PER_WORKER;
    wp->w = core_calloc(nworkers, sizeof *wp->w);
    wp->pend = core_calloc(wp->window, sizeof *wp->pend);
    wp->retry = core_calloc(wp->window, sizeof *wp->retry);
    for (size_t k = 0; k < nworkers; k++)
        wp->w[k].fd = -1;
    pc_status rc = PC_OK;
    for (size_t k = 0; k < nworkers && rc == PC_OK; k++)
        rc = spawn(wp, k, err);
    *out = wp;
    return rc;
}

/* Closing a worker's socket is its signal to finish; a worker still busy (an error or an
 * interrupt stopped the run) is killed. Either way it is reaped: no zombies. */
void workers_free(worker_pool *wp)
{
    if (!wp)
        return;
    bool done = wp->next_apply == wp->nfiles;
    for (size_t k = 0; k < wp->nworkers; k++) {
        worker *w = &wp->w[k];
        if (w->fd >= 0)
            close(w->fd);
        if (w->pid > 0 && !done)
            kill(w->pid, SIGKILL);
    }
    for (size_t k = 0; k < wp->nworkers; k++) {
        worker *w = &wp->w[k];
        if (w->pid > 0)
            reap(w->pid);
        core_free(w->in);
    }
    for (size_t i = 0; i < wp->window; i++)
        pending_clear(&wp->pend[i]);
    core_free(wp->pend);
    core_free(wp->retry);
    core_free(wp->w);
    core_free(wp);
}
