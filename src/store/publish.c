/*
 * publish.c — atomic replacement of an output directory.
 *
 * A build writes into a staging directory beside OUT, named ".<name>.pycpg-tmp-<pid>", in
 * the same parent so that rename is atomic. Commit swaps staging and OUT with
 * renameat2(RENAME_EXCHANGE) — readers see either the old or the new output, never a mix
 * or nothing — and then removes the old tree, which now sits at the staging name. A run
 * killed at any point leaves OUT as it was; its leftovers are named after the staging
 * directory, carry a dead pid, and are removed by the next run's prepare.
 *
 * Safety: OUT is replaced only if it is absent, an empty directory, or carries the marker
 * file ".pycpg-output" that every pycpg output has. Anything else is refused.
 */
#include "store_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MARKER ".pycpg-output"

static int remove_errno;

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    if (remove(path) != 0 && errno != ENOENT && !remove_errno)
        remove_errno = errno;
    return 0;
}

pc_status store_remove_tree(const char *path, pc_err *err)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return PC_OK;
    remove_errno = 0;
    if (!S_ISDIR(st.st_mode)) {
        if (unlink(path) != 0)
            return pc_fail(err, PC_ERR_IO, "cannot remove %s: %s", path, strerror(errno));
        return PC_OK;
    }
    nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    if (remove_errno)
        return pc_fail(err, PC_ERR_IO, "cannot remove %s: %s", path, strerror(remove_errno));
    return PC_OK;
}

/* Splits out into parent directory and base name (both owned by the caller). */
static pc_status split_out(const char *out, char **parent, char **base, pc_err *err)
{
    size_t n = strlen(out);
    while (n > 1 && out[n - 1] == '/')
        n--;
    if (n == 0)
        return pc_fail(err, PC_ERR_ARG, "empty output path");
    char *copy = core_strndup(out, n);
    char *slash = strrchr(copy, '/');
    if (!slash) {
        *parent = core_strdup(".");
        *base = copy;
    } else {
        *base = core_strdup(slash + 1);
        *slash = '\0';
        *parent = core_strdup(copy[0] ? copy : "/");
        core_free(copy);
    }
    if (strcmp(*base, ".") == 0 || strcmp(*base, "..") == 0) {
        core_free(*parent);
        core_free(*base);
        return pc_fail(err, PC_ERR_ARG, "output path %s must name a directory to create", out);
    }
    return PC_OK;
}

/* True when dir is empty or a pycpg output. */
static pc_status check_replaceable(const char *out, pc_err *err)
{
    struct stat st;
    if (lstat(out, &st) != 0)
        return errno == ENOENT ? PC_OK
                               : pc_fail(err, PC_ERR_IO, "output %s: %s", out, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return pc_fail(err, PC_ERR_IO, "output %s exists and is not a directory", out);
    char marker[4096];
    snprintf(marker, sizeof marker, "%s/" MARKER, out);
    if (access(marker, F_OK) == 0)
        return PC_OK;
    DIR *d = opendir(out);
    if (!d)
        return pc_fail(err, PC_ERR_IO, "output %s: %s", out, strerror(errno));
    struct dirent *e;
    bool empty = true;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            empty = false;
    closedir(d);
    if (!empty)
        return pc_fail(err, PC_ERR_IO,
                       "refusing to replace %s: it is not empty and not a pycpg output", out);
    return PC_OK;
}

/* Removes leftovers ".<base>.pycpg-tmp-<pid>[…]" of processes that no longer run. */
static void clean_stale(const char *parent, const char *base)
{
    DIR *d = opendir(parent);
    if (!d)
        return;
    char tmp_prefix[512];
    snprintf(tmp_prefix, sizeof tmp_prefix, ".%s.pycpg-tmp-", base);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, tmp_prefix, strlen(tmp_prefix)) != 0)
            continue;
        const char *pid_text = e->d_name + strlen(tmp_prefix);
        long pid = strtol(pid_text, NULL, 10);
        if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno != ESRCH) && pid != (long)getpid())
            continue; /* still running (or not ours to judge) */
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", parent, e->d_name);
        pc_err ignored;
        pc_err_clear(&ignored);
        store_remove_tree(path, &ignored);
    }
    closedir(d);
}

pc_status store_publish_prepare(const char *out, char **staging, pc_err *err)
{
    *staging = NULL;
    char *parent = NULL, *base = NULL;
    pc_status rc = split_out(out, &parent, &base, err);
    if (rc != PC_OK)
        return rc;
    struct stat st;
    if (stat(parent, &st) != 0 || !S_ISDIR(st.st_mode)) {
        rc = pc_fail(err, PC_ERR_IO, "cannot write output %s: directory %s does not exist", out,
                     parent);
        goto out;
    }
    rc = check_replaceable(out, err);
    if (rc != PC_OK)
        goto out;
    clean_stale(parent, base);
    sbuf path = SBUF_INIT;
    sbuf_printf(&path, "%s/.%s.pycpg-tmp-%ld", parent, base, (long)getpid());
    if (mkdir(path.data, 0777) != 0) {
        rc = pc_fail(err, PC_ERR_IO, "cannot write output %s: %s", out, strerror(errno));
        sbuf_free(&path);
        goto out;
    }
    sbuf marker = SBUF_INIT;
    sbuf_printf(&marker, "%s/" MARKER, path.data);
    int fd = open(marker.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0 || write(fd, "pycpg output\n", 13) != 13)
        rc = pc_fail(err, PC_ERR_IO, "cannot write %s: %s", marker.data, strerror(errno));
    if (fd >= 0)
        close(fd);
    sbuf_free(&marker);
    if (rc != PC_OK) {
        store_publish_abort(path.data);
        sbuf_free(&path);
        goto out;
    }
    *staging = path.data;
out:
    core_free(parent);
    core_free(base);
    return rc;
}

pc_status store_publish_commit(const char *staging, const char *out, pc_err *err)
{
    if (rename(staging, out) == 0)
        return PC_OK; /* out did not exist (or was an empty directory) */
    if (errno != EEXIST && errno != ENOTEMPTY)
        return pc_fail(err, PC_ERR_IO, "cannot publish %s: %s", out, strerror(errno));
    if (renameat2(AT_FDCWD, staging, AT_FDCWD, out, RENAME_EXCHANGE) != 0) {
        /* file systems without RENAME_EXCHANGE: two renames, a short window without out */
        char old[4096];
        snprintf(old, sizeof old, "%s-old", staging); /* cleaned like staging if we die */
        if (rename(out, old) != 0 || rename(staging, out) != 0)
            return pc_fail(err, PC_ERR_IO, "cannot publish %s: %s", out, strerror(errno));
        return store_remove_tree(old, err);
    }
    /* staging now holds the previous output */
    return store_remove_tree(staging, err);
}

static bool skipped(const char *rel, const char *name, const char *const *skip, size_t nskip)
{
    if (strcmp(name, MARKER) == 0 || strncmp(name, ".tmp-", 5) == 0 ||
        strcmp(rel, "manifest.json") == 0)
        return true;
    for (size_t i = 0; i < nskip; i++)
        if (strcmp(rel, skip[i]) == 0)
            return true;
    return false;
}

/* Mirrors from/rel into to/rel (rel "" for the top). */
static pc_status link_tree_at(const char *from, const char *to, const char *rel,
                              const char *const *skip, size_t nskip, pc_err *err)
{
    sbuf dir = SBUF_INIT;
    sbuf_printf(&dir, "%s%s%s", from, *rel ? "/" : "", rel);
    DIR *d = opendir(dir.data);
    if (!d) {
        pc_status rc = pc_fail(err, PC_ERR_IO, "cannot read %s: %s", dir.data, strerror(errno));
        sbuf_free(&dir);
        return rc;
    }
    pc_status rc = PC_OK;
    sbuf sub = SBUF_INIT, src = SBUF_INIT, dst = SBUF_INIT;
    struct dirent *e;
    while (rc == PC_OK && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        sbuf_reset(&sub);
        sbuf_printf(&sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        if (skipped(sub.data, e->d_name, skip, nskip))
            continue;
        sbuf_reset(&src);
        sbuf_reset(&dst);
        sbuf_printf(&src, "%s/%s", from, sub.data);
        sbuf_printf(&dst, "%s/%s", to, sub.data);
        struct stat st;
        if (lstat(src.data, &st) != 0)
            rc = pc_fail(err, PC_ERR_IO, "cannot read %s: %s", src.data, strerror(errno));
        else if (S_ISDIR(st.st_mode)) {
            if (mkdir(dst.data, 0777) != 0)
                rc = pc_fail(err, PC_ERR_IO, "cannot create %s: %s", dst.data, strerror(errno));
            else
                rc = link_tree_at(from, to, sub.data, skip, nskip, err);
        } else if (S_ISREG(st.st_mode)) {
            rc = store_link_file(src.data, dst.data, err);
        }
    }
    closedir(d);
    sbuf_free(&sub);
    sbuf_free(&src);
    sbuf_free(&dst);
    sbuf_free(&dir);
    return rc;
}

pc_status store_link_tree(const char *from, const char *to, const char *const *skip, size_t nskip,
                          pc_err *err)
{
    return link_tree_at(from, to, "", skip, nskip, err);
}

void store_publish_abort(const char *staging)
{
    if (!staging)
        return;
    pc_err ignored;
    pc_err_clear(&ignored);
    store_remove_tree(staging, &ignored);
}

pc_status store_publish_end(char *staging, const char *out, pc_status rc, pc_err *err)
{
    if (rc == PC_OK)
        rc = store_publish_commit(staging, out, err);
    else
        store_publish_abort(staging);
    core_free(staging);
    return rc;
}
