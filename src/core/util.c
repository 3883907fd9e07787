/*
 * util.c — error contexts, the line index, logging, clocks and test-only fault injection.
 *
 * Logging goes to stderr; the level is process-wide and set once by the CLI.
 * Fault injection reads PYCPG_FAULTS once (first call) and never otherwise changes
 * behaviour: with the variable unset, fault_hit is always false.
 */
#include "core.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- errors ---------------------------------------------------------------------------- */

void pc_err_clear(pc_err *err)
{
    err->rc = PC_OK;
    err->msg[0] = '\0';
    err->where = NULL;
}

pc_status pc_err_set(pc_err *err, pc_status rc, const char *where, const char *fmt, ...)
{
    if (err->rc != PC_OK)
        return err->rc; /* the first failure is the cause; keep its message */
    err->rc = rc;
    err->where = where;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return rc;
}

const char *pc_status_name(pc_status rc)
{
    static const char *const names[] = {
        "ok",        "bad argument",   "i/o error",      "database error",
        "bad input", "limit exceeded", "internal error", "interrupted"};
    if ((size_t)rc < sizeof names / sizeof names[0])
        return names[rc];
    return "unknown error";
}

/* ---- line index ---------------------------------------------------------------------- */

void line_index_build(line_index *li, const char *buf, size_t len)
{
    size_t cap = 64, n = 0;
    li->starts = core_malloc(cap * sizeof *li->starts);
    li->starts[n++] = 0;
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (c != '\n' && c != '\r')
            continue;
        if (c == '\r' && i + 1 < len && buf[i + 1] == '\n')
            i++;
        if (n + 1 >= cap) {
            cap *= 2;
            li->starts = core_realloc(li->starts, cap * sizeof *li->starts);
        }
        li->starts[n++] = (int64_t)(i + 1);
    }
    /* A buffer ending in a newline has a last, empty line starting at len. */
    li->nlines = n;
    li->starts[n] = (int64_t)len;
}

void line_index_free(line_index *li)
{
    core_free(li->starts);
    li->starts = NULL;
    li->nlines = 0;
}

int64_t line_index_offset(const line_index *li, size_t line, int64_t col)
{
    if (line >= li->nlines)
        return -1;
    int64_t start = li->starts[line], end = li->starts[line + 1];
    if (col < 0)
        col = 0;
    return start + col > end ? end : start + col;
}

size_t line_index_line_of(const line_index *li, int64_t offset)
{
    size_t lo = 0, hi = li->nlines; /* invariant: starts[lo] <= offset, answer in [lo, hi) */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (li->starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* ---- logging ------------------------------------------------------------------------- */

static log_level current_level = LOG_NORMAL;

void log_set_level(log_level lvl)
{
    current_level = lvl;
}

log_level log_get_level(void)
{
    return current_level;
}

static void log_v(log_level need, const char *tag, const char *fmt, va_list ap)
{
    if (current_level < need)
        return;
    fprintf(stderr, "pycpg: %s", tag);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void log_info(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_v(LOG_NORMAL, "", fmt, ap);
    va_end(ap);
}

void log_debug(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_v(LOG_VERBOSE, "", fmt, ap);
    va_end(ap);
}

void log_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_v(LOG_NORMAL, "warning: ", fmt, ap);
    va_end(ap);
}

/* ---- clocks -------------------------------------------------------------------------- */

double clock_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double clock_wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- fault injection ----------------------------------------------------------------- */

#define FAULT_MAX 16
static struct {
    char site[32];
    char key[224];
    long count;
} faults[FAULT_MAX];
static int nfaults = -1;

static void faults_load(void)
{
    nfaults = 0;
    const char *env = getenv("PYCPG_FAULTS");
    if (!env)
        return;
    char copy[2048];
    snprintf(copy, sizeof copy, "%s", env);
    char *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok && nfaults < FAULT_MAX;
         tok = strtok_r(NULL, ",", &save)) {
        char *colon = strchr(tok, ':');
        if (!colon)
            continue;
        *colon = '\0';
        snprintf(faults[nfaults].site, sizeof faults[nfaults].site, "%s", tok);
        snprintf(faults[nfaults].key, sizeof faults[nfaults].key, "%s", colon + 1);
        faults[nfaults].count = 0;
        nfaults++;
    }
}

bool fault_hit(const char *site, const char *key)
{
    if (nfaults < 0)
        faults_load();
    for (int i = 0; i < nfaults; i++) {
        if (strcmp(faults[i].site, site) != 0)
            continue;
        char *end = NULL;
        long nth = strtol(faults[i].key, &end, 10);
        if (end && *end == '\0' && faults[i].key[0] != '\0') {
            if (++faults[i].count == nth)
                return true;
        } else if (key && strstr(key, faults[i].key)) {
            return true;
        }
    }
    return false;
}
