/*
 * workers.c — `pycpg build -j N`: extraction in N worker processes (a lens may embed an
 * interpreter whose GIL would cap threads at one core; processes do not share it).
 *
 * Roles. The parent (this process) scans, cuts the listing into chunks (chunks.c), forks the
 * workers and hands out chunks, largest first so that a big one does not finish last. Each
 * worker is a forked copy that opens its own lenses and its own store over the output, and
 * extracts the chunks it is sent, writing their Parquet parts itself (part-<chunk tag>-…):
 * the rows never cross the channel, so N workers write N parts at a time and the parent
 * stays idle. A worker sends back, per chunk, only its counts (chunks.c's wire form). After
 * the last chunk the parent opens its own store and takes the chunks in (chunk order), so
 * the datasets are exactly those of -j 0, whatever N and whichever worker took which chunk.
 *
 * The parent has no DuckDB (no threads) while the workers run: it forks replacements.
 *
 * Channel: one AF_UNIX stream socket per worker. Parent → worker: a job, a job_hdr then its
 * lost files (below). Worker → parent: messages of a wire_hdr then `len` payload bytes:
 *   MSG_READY   lenses and store are open; jobs may follow
 *   MSG_FILE    it starts on file `file` (the parent's clock for the time limit, the
 *               progress line, and the file to blame if it dies)
 *   MSG_RESULT  chunk `file` is written: the chunk's result (chunks.c)
 *   MSG_ERROR   an internal failure (status `status`): the message text; the run fails
 * A worker has at most one job; jobs are small (at most CHUNK_FILES lost files of at most
 * LOST_MESSAGE_MAX bytes each); the parent's end is non-blocking and read with poll.
 *
 * Failures: a worker that dies (EOF on its socket) is reaped; the parts its chunk had
 * written are removed (store_chunk_discard), the file it was on becomes a lost file of that
 * chunk (a worker_crashed row in its place), the chunk is handed out again, and a new worker
 * is forked in its place. A worker that dies before READY fails the run (it would die
 * again), as does one that dies STARTS_MAX times on a chunk before starting on any file.
 * SIGINT/SIGTERM reach the parent's interrupted flag; workers ignore SIGINT, die with the
 * parent (PR_SET_PDEATHSIG) and are killed and reaped by workers_free.
 *
 * Time limit: a worker that has spent longer than --file-timeout on one file (from its
 * MSG_FILE to the next message; the parts written after a chunk's last file count towards
 * that file) is killed with SIGKILL; the file becomes a file_timeout lost file and the worker
 * is replaced as after a crash. Files are never timed in the parent (-j 0).
 *
 * A worker ends with _exit(): it is a forked copy of the parent, so it must not run the
 * parent's atexit handlers or flush its stdio buffers. This is the one place outside main
 * where the program ends a process.
 *
 * Divisions: the channel (framing, I/O), the worker process, the parent (spawn, dispatch,
 * receive, crashes), the pool's lifetime.
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

#define MSG_MAX          ((uint64_t)1 << 30) /* a larger length is a corrupt header */
#define POLL_MS          250
#define LOST_MESSAGE_MAX 200
#define STARTS_MAX       3

enum { MSG_READY = 1, MSG_FILE, MSG_RESULT, MSG_ERROR };

typedef struct {
    uint32_t type;
    uint32_t status; /* MSG_ERROR: a pc_status */
    uint64_t file;   /* MSG_FILE: a file index; MSG_RESULT: a chunk index; else UINT64_MAX */
    uint64_t len;    /* payload bytes that follow */
} wire_hdr;

/* A job: chunk `chunk`, then nlost lost files in `len` bytes, each a u64 file index, a u8
 * code (0 worker_crashed, 1 file_timeout), a u16 length and that many bytes of message. */
typedef struct {
    uint64_t chunk;
    uint32_t nlost;
    uint32_t len;
} job_hdr;

static const char *const lost_codes[] = {"worker_crashed", "file_timeout"};

typedef struct {
    pid_t pid; /* 0: no process */
    int fd;    /* the parent's end of the socket; -1: closed */
    bool ready;
    bool timed_out;    /* killed by the parent for overrunning the per-file limit */
    size_t chunk;      /* the chunk it extracts; SIZE_MAX: idle */
    size_t file;       /* the file of that chunk it said it started on; SIZE_MAX: none yet */
    double since;      /* when it started on `file` (or got the chunk) */
    unsigned char *in; /* received, not yet parsed: in[0..in_len) */
    size_t in_len, in_cap;
} worker;

/* The parent's record of a chunk's failed attempts. */
typedef struct {
    lost_file *lost;
    size_t nlost;
    int false_starts; /* deaths before its first file */
} chunk_state;

struct worker_pool {
    build_run *r;
    const scan_list *list;
    const file_chunk *chunks;
    size_t nchunks;
    pid_t parent;
    size_t nworkers;
    worker *w;
    chunk_state *cs;
    chunk_result *res; /* workers_extract's output */
    size_t *order;     /* chunk indices, largest first */
    size_t next;       /* order[next] is the next chunk to hand out */
    size_t *retry;     /* chunks to hand out again, before order[next] */
    size_t nretry, ndone;
    size_t files_started; /* the progress line */
    int64_t bytes_started;
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

/* A worker's context for pipeline_extract_chunk's callback. */
typedef struct {
    worker_pool *wp;
    int fd;
    sbuf msg;
} worker_ctx;

/* Tells the parent which file comes next, then plays the fault seams on it. */
static pc_status worker_on_file(void *ctx, size_t file, pc_err *err)
{
    worker_ctx *c = ctx;
    sbuf_reset(&c->msg);
    put_hdr(&c->msg, MSG_FILE, 0, file);
    seal_msg(&c->msg);
    if (!write_full(c->fd, c->msg.data, c->msg.len))
        worker_exit(1);
    return worker_fault(scan_list_file(c->wp->list, file)->path, err);
}

/* Reads one job: its chunk and lost files (messages owned by *lost). 1 done, 0 EOF, -1
 * failure. */
static int read_job(int fd, const worker_pool *wp, size_t *chunk, lost_file **lost, size_t *nlost)
{
    job_hdr h;
    int got = read_full(fd, &h, sizeof h);
    if (got != 1)
        return got;
    if (h.chunk >= wp->nchunks || h.len > (1u << 24))
        return -1;
    unsigned char *p = core_malloc(h.len + 1);
    if (read_full(fd, p, h.len) != 1) {
        core_free(p);
        return -1;
    }
    *chunk = (size_t)h.chunk;
    *lost = core_calloc(h.nlost + 1, sizeof **lost);
    *nlost = 0;
    size_t off = 0;
    for (uint32_t k = 0; k < h.nlost; k++) {
        uint64_t file;
        uint8_t code;
        uint16_t n;
        if (h.len - off < sizeof file + sizeof code + sizeof n)
            break;
        memcpy(&file, p + off, sizeof file);
        memcpy(&code, p + off + sizeof file, sizeof code);
        memcpy(&n, p + off + sizeof file + sizeof code, sizeof n);
        off += sizeof file + sizeof code + sizeof n;
        if (h.len - off < n || code > 1)
            break;
        lost_file *l = &(*lost)[(*nlost)++];
        l->file = (size_t)file;
        l->code = lost_codes[code];
        l->message = core_malloc((size_t)n + 1);
        memcpy(l->message, p + off, n);
        l->message[n] = '\0';
        off += n;
    }
    core_free(p);
    return *nlost == h.nlost ? 1 : -1;
}

static void lost_free(lost_file *lost, size_t n)
{
    for (size_t k = 0; k < n; k++)
        core_free(lost[k].message);
    core_free(lost);
}

static _Noreturn void worker_main(worker_pool *wp, int fd)
{
    worker_detach(wp);
    const build_run *r = wp->r;
    build_summary sum;
    memset(&sum, 0, sizeof sum);
    build_run w = {.opt = r->opt,
                   .wanted = r->wanted,
                   .lens_on = r->lens_on,
                   .sum = &sum,
                   .evidence_dir = r->evidence_dir,
                   .prefixes = r->prefixes};
    w.bufs = core_calloc(registry_count(), sizeof *w.bufs);
    w.lens_state = core_calloc(lens_count(), sizeof *w.lens_state);
    worker_ctx ctx = {wp, fd, SBUF_INIT};
    sbuf msg = SBUF_INIT;
    pc_err err;
    pc_err_clear(&err);
    if (pipeline_open_lenses(&w, &err) != PC_OK ||
        pipeline_chunk_store_new(&w, &w.st, &err) != PC_OK)
        worker_fail(fd, &msg, SIZE_MAX, &err);
    put_hdr(&msg, MSG_READY, 0, 0);
    seal_msg(&msg);
    if (!write_full(fd, msg.data, msg.len))
        worker_exit(1);
    size_t chunk = 0, nlost = 0;
    lost_file *lost = NULL;
    int got;
    while ((got = read_job(fd, wp, &chunk, &lost, &nlost)) == 1) {
        sbuf_reset(&msg);
        put_hdr(&msg, MSG_RESULT, 0, chunk);
        if (pipeline_extract_chunk(&w, wp->list, &wp->chunks[chunk], lost, nlost, worker_on_file,
                                   &ctx, &msg, &err) != PC_OK)
            worker_fail(fd, &msg, SIZE_MAX, &err);
        seal_msg(&msg);
        if (!write_full(fd, msg.data, msg.len))
            worker_exit(1);
        lost_free(lost, nlost);
        lost = NULL;
    }
    pipeline_close_lenses(&w); /* EOF: the parent is done with us */
    store_free(w.st);
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
    w->chunk = SIZE_MAX;
    w->file = SIZE_MAX;
    w->in_len = 0;
    return PC_OK;
}

/* The next chunk to hand out, if any. */
static bool next_chunk(worker_pool *wp, size_t *chunk)
{
    if (wp->nretry) {
        *chunk = wp->retry[--wp->nretry];
        return true;
    }
    if (wp->next >= wp->nchunks)
        return false;
    *chunk = wp->order[wp->next++];
    return true;
}

/* Sends all of p on the non-blocking socket fd (a job is small: this waits only if the
 * socket is full, which an idle worker empties). False when the worker is gone. */
static bool send_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL); /* EPIPE instead of SIGPIPE */
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pfd = {.fd = fd, .events = POLLOUT};
            if (poll(&pfd, 1, POLL_MS * 4) <= 0)
                return false;
            continue;
        }
        if (k <= 0)
            return false;
        p += k;
        n -= (size_t)k;
    }
    return true;
}

static bool send_job(worker_pool *wp, worker *w, size_t chunk)
{
    const chunk_state *cs = &wp->cs[chunk];
    sbuf job = SBUF_INIT, lost = SBUF_INIT;
    for (size_t k = 0; k < cs->nlost; k++) {
        uint64_t file = cs->lost[k].file;
        uint8_t code = strcmp(cs->lost[k].code, lost_codes[1]) == 0;
        size_t len = strlen(cs->lost[k].message);
        uint16_t n = (uint16_t)(len < LOST_MESSAGE_MAX ? len : LOST_MESSAGE_MAX);
        sbuf_append(&lost, (const char *)&file, sizeof file);
        sbuf_append(&lost, (const char *)&code, sizeof code);
        sbuf_append(&lost, (const char *)&n, sizeof n);
        sbuf_append(&lost, cs->lost[k].message, n);
    }
    job_hdr h = {chunk, (uint32_t)cs->nlost, (uint32_t)lost.len};
    sbuf_append(&job, (const char *)&h, sizeof h);
    if (lost.len)
        sbuf_append(&job, lost.data, lost.len);
    bool ok = send_all(w->fd, job.data, job.len);
    sbuf_free(&job);
    sbuf_free(&lost);
    return ok;
}

static void dispatch(worker_pool *wp)
{
    for (size_t k = 0; k < wp->nworkers; k++) {
        worker *w = &wp->w[k];
        size_t chunk;
        if (w->fd < 0 || !w->ready || w->chunk != SIZE_MAX || !next_chunk(wp, &chunk))
            continue;
        w->chunk = chunk;
        w->file = SIZE_MAX;
        w->since = clock_now();
        if (!send_job(wp, w, chunk))
            kill(w->pid, SIGKILL); /* its EOF is handled as a death: the chunk goes back */
    }
}

/* ---- the parent: messages ------------------------------------------------------------- */

static pc_status on_file(worker_pool *wp, worker *w, uint64_t file, pc_err *err)
{
    const file_chunk *c = w->chunk < wp->nchunks ? &wp->chunks[w->chunk] : NULL;
    if (!c || file < c->first || file >= c->first + c->count)
        return pc_fail(err, PC_ERR_INTERNAL, "worker started on file %" PRIu64 " out of turn",
                       file);
    w->file = (size_t)file;
    w->since = clock_now();
    wp->files_started++;
    wp->bytes_started += scan_list_file(wp->list, (size_t)file)->size;
    pipeline_progress(wp->r, wp->files_started, scan_list_count(wp->list), wp->bytes_started,
                      false);
    return PC_OK;
}

static pc_status on_result(worker_pool *wp, worker *w, const wire_hdr *h, const unsigned char *p,
                           pc_err *err)
{
    if (w->chunk == SIZE_MAX || h->file != w->chunk)
        return pc_fail(err, PC_ERR_INTERNAL, "worker answered chunk %" PRIu64 " out of turn",
                       h->file);
    pc_status rc = chunk_result_parse(&wp->res[w->chunk], p, (size_t)h->len, err);
    w->chunk = SIZE_MAX;
    w->file = SIZE_MAX;
    wp->ndone++;
    return rc;
}

static pc_status on_message(worker_pool *wp, worker *w, const wire_hdr *h, const unsigned char *p,
                            pc_err *err)
{
    switch (h->type) {
    case MSG_READY:
        w->ready = true;
        return PC_OK;
    case MSG_FILE:
        return on_file(wp, w, h->file, err);
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

/* The worker died on chunk c: what it wrote goes, the file it was on (if any) becomes a lost
 * file, and the chunk goes back to be handed out again. */
static pc_status chunk_failed(worker_pool *wp, const worker *w, const char *why, pc_err *err)
{
    size_t c = w->chunk;
    chunk_state *cs = &wp->cs[c];
    pc_status rc = store_chunk_discard(wp->r->evidence_dir, wp->chunks[c].tag, err);
    if (rc != PC_OK)
        return rc;
    if (w->file == SIZE_MAX) {
        if (++cs->false_starts >= STARTS_MAX)
            return pc_fail(err, PC_ERR_INTERNAL,
                           "extraction workers died %d times on chunk %s before its first file "
                           "(the last %s)",
                           cs->false_starts, wp->chunks[c].tag, why);
    } else {
        sbuf m = SBUF_INIT;
        if (w->timed_out)
            sbuf_printf(&m,
                        "extracting this file took longer than the per-file limit of %g s "
                        "(--file-timeout); its worker process was stopped",
                        wp->r->opt->file_timeout);
        else
            sbuf_printf(&m, "the worker process %s while extracting this file", why);
        cs->lost = core_realloc(cs->lost, (cs->nlost + 1) * sizeof *cs->lost);
        cs->lost[cs->nlost++] =
            (lost_file){w->file, lost_codes[w->timed_out ? 1 : 0], core_strdup(m.data)};
        sbuf_free(&m);
    }
    wp->retry[wp->nretry++] = c;
    return PC_OK;
}

/* w's socket reached EOF: the worker is gone. Its chunk is done again without the file it
 * was on, and a new worker takes its place. */
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
    log_debug("worker %zu %s on chunk %zu, file %zu", k, why, w->chunk, w->file);
    pc_status rc = w->chunk != SIZE_MAX ? chunk_failed(wp, w, why, err) : PC_OK;
    w->chunk = SIZE_MAX;
    return rc == PC_OK ? spawn(wp, k, err) : rc;
}

/* Reads what w has sent; handles complete messages, then EOF. */
static pc_status receive(worker_pool *wp, size_t k, pc_err *err)
{
    worker *w = &wp->w[k];
    for (;;) {
        size_t want = 1 << 16;
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
        if (w->fd >= 0 && w->ready && w->file != SIZE_MAX && !w->timed_out &&
            now - w->since > limit) {
            log_debug("worker %zu: over %g s on file %zu, stopping it", k, limit, w->file);
            w->timed_out = true;
            kill(w->pid, SIGKILL);
        }
    }
}

pc_status workers_extract(worker_pool *wp, chunk_result *res, pc_err *err)
{
    struct pollfd *pfd = core_calloc(wp->nworkers, sizeof *pfd);
    wp->res = res;
    pc_status rc = PC_OK;
    while (rc == PC_OK && wp->ndone < wp->nchunks) {
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

typedef struct {
    int64_t bytes;
    size_t index;
} chunk_rank;

static int by_size_desc(const void *a, const void *b)
{
    const chunk_rank *x = a, *y = b;
    if (x->bytes != y->bytes)
        return x->bytes > y->bytes ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

pc_status workers_start(build_run *r, const scan_list *list, const file_chunk *chunks,
                        size_t nchunks, size_t nworkers, worker_pool **out, pc_err *err)
{
    worker_pool *wp = core_calloc(1, sizeof *wp);
    wp->r = r;
    wp->list = list;
    wp->chunks = chunks;
    wp->nchunks = nchunks;
    wp->parent = getpid();
    wp->nworkers = nworkers;
    wp->w = core_calloc(nworkers, sizeof *wp->w);
    wp->cs = core_calloc(nchunks, sizeof *wp->cs);
    wp->retry = core_calloc(nchunks + 1, sizeof *wp->retry);
    wp->order = core_calloc(nchunks + 1, sizeof *wp->order);
    chunk_rank *rank = core_calloc(nchunks + 1, sizeof *rank);
    for (size_t c = 0; c < nchunks; c++)
        rank[c] = (chunk_rank){chunks[c].bytes, c};
    qsort(rank, nchunks, sizeof *rank, by_size_desc);
    for (size_t c = 0; c < nchunks; c++)
        wp->order[c] = rank[c].index;
    core_free(rank);
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
    bool done = wp->ndone == wp->nchunks;
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
    for (size_t c = 0; c < wp->nchunks; c++)
        lost_free(wp->cs[c].lost, wp->cs[c].nlost);
    core_free(wp->cs);
    core_free(wp->order);
    core_free(wp->retry);
    core_free(wp->w);
    core_free(wp);
}
