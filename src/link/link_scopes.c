/*
 * link_scopes.c — what each scope of the link stage may read (part of link_check_tables).
 *
 * A per-file row runs over one group of files, where repository-wide relations do not exist
 * (SCIP and runtime evidence, repository-wide steps, the call graph's rounds); a
 * repository-wide row runs where per-file-only steps do not. Every table row's SQL (steps,
 * rules, emitters) is scanned for the identifiers it names (string literals skipped); a name
 * of a relation that the row's scope lacks is a programming error (PC_ERR_INTERNAL), found by
 * every build and by `pycpg rules` before anything runs.
 */
#include "link_int.h"

#include <string.h>

/* Where a relation exists: the scopes in which a step may read it. */
enum { IN_FILE = 1, IN_REPO = 2 };

/* The scopes in which the relation called name[0..n) exists, or 0 when name is no relation
 * of the stage (a column, a function, a keyword). */
static int relation_scopes(const char *name, size_t n)
{
    char buf[128];
    if (n >= sizeof buf)
        return 0;
    memcpy(buf, name, n);
    buf[n] = '\0';
    if (strcmp(buf, "lk_repo") == 0 || strcmp(buf, LINK_NODE_IDS) == 0 ||
        strcmp(buf, LINK_BAD_ENDPOINTS) == 0)
        return IN_FILE | IN_REPO;
    int where = 0;
    for (size_t i = 0; i < link_step_count() + link_calls_step_count(); i++) {
        const link_norm_step *st =
            i < link_step_count() ? link_step_at(i) : link_calls_step_at(i - link_step_count());
        if (strcmp(st->name, buf) != 0)
            continue;
        if (st->kind == LINK_KEPT || st->scope == LINK_BOTH)
            where |= IN_FILE | IN_REPO;
        else
            where |= st->scope == LINK_FILE ? IN_FILE : IN_REPO;
    }
    if (where != 0)
        return where;
    const reg_dataset *ds = registry_find(buf);
    if (ds) /* evidence; a relspec output holds each scope's rows */
        return link_repo_wide_input(ds) ? IN_REPO : IN_FILE | IN_REPO;
    if (strncmp(buf, "lk_cg_", 6) == 0)
        return IN_REPO; /* the rounds' state and the outputs (link_calls.c) */
    return 0;
}

/* Fails when the SQL text sql, run in the scopes `in`, names a relation that does not exist
 * in one of them (what = the table row, for the message). String literals are skipped. */
static pc_status check_sql_scope(const char *sql, int in, const char *what, pc_err *err)
{
    for (const char *p = sql; p && *p;) {
        if (*p == '\'') {
            p = strchr(p + 1, '\'');
            p = p ? p + 1 : NULL;
            continue;
        }
        if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))) {
            p++;
            continue;
        }
        size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
        int where = relation_scopes(p, n);
        if (where != 0 && (in & ~where) != 0)
            return pc_fail(err, PC_ERR_INTERNAL, "%s reads %.*s, which its scope (%s) lacks", what,
                           (int)n, p, (in & ~where) == IN_FILE ? "per file" : "repository-wide");
        p += n;
    }
    return PC_OK;
}

static int scope_bits(link_scope s)
{
    return s == LINK_FILE ? IN_FILE : s == LINK_REPO ? IN_REPO : IN_FILE | IN_REPO;
}

static pc_status check_emitter_scope(const link_emitter *e, pc_err *err)
{
    if (e->scope == LINK_BOTH)
        return pc_fail(err, PC_ERR_INTERNAL, "%s emitter from %s: an emitter has one scope",
                       e->kind, e->from);
    const char *exprs[] = {e->from,
                           e->where,
                           e->id,
                           e->src,
                           e->dst,
                           e->file_id,
                           e->path,
                           e->bstart,
                           e->bend,
                           e->origin,
                           e->resolution_method,
                           e->confidence,
                           e->score,
                           e->symbol_roles,
                           e->qname_source,
                           e->ambiguity_group_id,
                           e->rule_name,
                           e->rule_priority};
    char what[256];
    snprintf(what, sizeof what, "the %s emitter from %.160s", e->kind, e->from);
    pc_status rc = PC_OK;
    for (size_t i = 0; i < sizeof exprs / sizeof exprs[0] && rc == PC_OK; i++)
        rc = check_sql_scope(exprs[i], scope_bits(e->scope), what, err);
    for (size_t p = 0; p < LINK_MAX_PROPS && e->props[p].key && rc == PC_OK; p++)
        rc = check_sql_scope(e->props[p].expr, scope_bits(e->scope), what, err);
    return rc;
}

pc_status link_check_scopes(pc_err *err)
{
    pc_status rc = PC_OK;
    char what[256];
    for (size_t i = 0; i < link_step_count() + link_calls_step_count() && rc == PC_OK; i++) {
        const link_norm_step *st =
            i < link_step_count() ? link_step_at(i) : link_calls_step_at(i - link_step_count());
        snprintf(what, sizeof what, "the step %s", st->name);
        if (st->kind == LINK_KEPT && st->scope != LINK_FILE)
            rc = pc_fail(err, PC_ERR_INTERNAL, "%s: a kept step is per file", what);
        if (rc == PC_OK)
            rc = check_sql_scope(st->sql, scope_bits(st->scope), what, err);
    }
    for (size_t i = 0; i < link_rule_count() && rc == PC_OK; i++) {
        const link_rule *r = link_rule_at(i);
        const char *exprs[] = {r->left,  r->right,        r->filter, r->select,
                               r->group, r->tie_breakers, r->score};
        snprintf(what, sizeof what, "the rule %s", r->name);
        if (r->scope == LINK_BOTH)
            rc = pc_fail(err, PC_ERR_INTERNAL, "%s: a rule has one scope", what);
        for (size_t k = 0; k < sizeof exprs / sizeof exprs[0] && rc == PC_OK; k++)
            rc = check_sql_scope(exprs[k], scope_bits(r->scope), what, err);
    }
    for (size_t i = 0; i < link_node_emitter_count() && rc == PC_OK; i++)
        rc = check_emitter_scope(link_node_emitter_at(i), err);
    for (size_t i = 0; i < link_edge_emitter_count() && rc == PC_OK; i++)
        rc = check_emitter_scope(link_edge_emitter_at(i), err);
    return rc;
}
