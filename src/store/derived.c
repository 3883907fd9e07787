/*
 * derived.c — rows a dataset's parts leave out because SQL over the other datasets of the same
 * output gives them back (the graph's referenced props, src/link: docs/decisions.md, "Props
 * referenced").
 *
 * The producer registers, once per process, the function that writes each such dataset's SQL
 * (store_derived_register); it runs on first use, so a command that reads no such dataset
 * pays nothing for it.
 * An output whose parts leave the rows out says so with a mark beside them,
 * <dir>/<dataset>/_derived, a text file holding the fingerprint of the SQL that gives them
 * back (store_derived_mark). A reader's view of a marked dataset is its parts UNION ALL that
 * SQL; a mark this process cannot honour (no SQL registered, or another one: another pycpg
 * wrote the output) fails the view, never reads as fewer rows.
 *
 * The fingerprint is id_hash of the SQL text, in hexadecimal: the SQL is the contract
 * between the writer and the reader, so any change to it (an emitter, a recipe) makes an
 * older output unreadable by name rather than silently different.
 */
#include "store_int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define DERIVED_MAX 4
#define MARK_NAME   "_derived"

static struct {
    char *dataset;
    store_derived_fn sql_of; /* writes the SQL: called once, on first use */
    char *sql;
    char fingerprint[17];
} derived[DERIVED_MAX];
static size_t nderived;

void store_derived_register(const char *dataset, store_derived_fn sql_of)
{
    size_t i = 0;
    while (i < nderived && strcmp(derived[i].dataset, dataset) != 0)
        i++;
    if (PC_NEVER(i == DERIVED_MAX))
        return;
    if (i == nderived) {
        derived[i].dataset = core_strdup(dataset);
        nderived++;
    }
    derived[i].sql_of = sql_of;
    core_free(derived[i].sql);
    derived[i].sql = NULL;
}

/* The entry of dataset, its SQL made (once), or NULL. */
static size_t entry_of(const char *dataset)
{
    for (size_t i = 0; i < nderived; i++) {
        if (strcmp(derived[i].dataset, dataset) != 0)
            continue;
        if (!derived[i].sql) {
            sbuf q = SBUF_INIT;
            derived[i].sql_of(&q);
            derived[i].sql = core_strdup(q.data ? q.data : "");
            sbuf_free(&q);
            snprintf(derived[i].fingerprint, sizeof derived[i].fingerprint, "%016llx",
                     (unsigned long long)id_hash(derived[i].sql, strlen(derived[i].sql)));
        }
        return i;
    }
    return DERIVED_MAX;
}

const char *store_derived_sql(const char *dataset)
{
    size_t i = entry_of(dataset);
    return i < DERIVED_MAX ? derived[i].sql : NULL;
}

const char *store_derived_fingerprint(const char *dataset)
{
    size_t i = entry_of(dataset);
    return i < DERIVED_MAX ? derived[i].fingerprint : NULL;
}

static void mark_path(sbuf *out, const char *dir, const char *dataset)
{
    sbuf_printf(out, "%s/%s/" MARK_NAME, dir, dataset);
}

pc_status store_derived_mark(const char *dir, const char *dataset, bool on, pc_err *err)
{
    sbuf path = SBUF_INIT;
    mark_path(&path, dir, dataset);
    pc_status rc = PC_OK;
    const char *fp = store_derived_fingerprint(dataset);
    if (unlink(path.data) != 0 && errno != ENOENT) /* never write through a hard link */
        rc = pc_fail(err, PC_ERR_IO, "cannot remove %s: %s", path.data, strerror(errno));
    else if (on && PC_NEVER(!fp))
        rc = pc_fail(err, PC_ERR_INTERNAL, "%s: no derived rows registered", dataset);
    else if (on) {
        FILE *f = fopen(path.data, "wx");
        if (!f) {
            rc = pc_fail(err, PC_ERR_IO, "cannot create %s: %s", path.data, strerror(errno));
        } else {
            bool ok = fprintf(f, "%s\n", fp) >= 0;
            ok = fclose(f) == 0 && ok;
            if (!ok)
                rc = pc_fail(err, PC_ERR_IO, "cannot write %s", path.data);
        }
    }
    sbuf_free(&path);
    return rc;
}

pc_status store_derived_mark_of(const char *dir, const char *dataset, char **mark, pc_err *err)
{
    *mark = NULL;
    sbuf path = SBUF_INIT;
    mark_path(&path, dir, dataset);
    FILE *f = fopen(path.data, "r");
    pc_status rc = PC_OK;
    if (!f) {
        if (errno != ENOENT)
            rc = pc_fail(err, PC_ERR_IO, "cannot read %s: %s", path.data, strerror(errno));
        sbuf_free(&path);
        return rc;
    }
    char line[64] = "";
    if (!fgets(line, sizeof line, f))
        line[0] = '\0';
    fclose(f);
    line[strcspn(line, "\r\n")] = '\0';
    *mark = core_strdup(line);
    sbuf_free(&path);
    return rc;
}

pc_status store_derived_check(const char *dir, const char *dataset, const char **sql, pc_err *err)
{
    *sql = NULL;
    char *mark = NULL;
    pc_status rc = store_derived_mark_of(dir, dataset, &mark, err);
    if (rc != PC_OK || !mark)
        return rc;
    const char *fp = store_derived_fingerprint(dataset);
    if (!fp)
        rc = pc_fail(err, PC_ERR_INPUT,
                     "%s/%s leaves out rows that this program cannot give back (%s): read it "
                     "with `pycpg query`, or rebuild it with --copy-graph",
                     dir, dataset, MARK_NAME);
    else if (strcmp(mark, fp) != 0)
        rc = pc_fail(err, PC_ERR_INPUT,
                     "%s/%s was written by another pycpg: its rows left out (%s %s) are not the "
                     "ones this pycpg gives back (%s); rebuild the output with this pycpg",
                     dir, dataset, MARK_NAME, mark, fp);
    else
        *sql = store_derived_sql(dataset);
    core_free(mark);
    return rc;
}
