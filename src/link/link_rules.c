/*
 * link_rules.c — the relationship rules (one row each) and the one compiler that turns a
 * rule, or all rules of one output, into DuckDB SQL.
 *
 * Row format (link.h, link_rule): name, output dataset, priority, left and right inputs
 * (datasets or normalize views, link_norm.c), join kind with its key columns, an optional
 * filter, the output columns as "expr AS column" over l and r, the ambiguity group and
 * policy with tie-breakers, confidence, score expression and resolution method.
 *
 * Two providers feed the symbol relations: the symtable (the scope a name, import alias or
 * def binds in, from the normalize views lk_*_scope, joined to py_sym_symbols_v1 by
 * (scope_id, name)) and SCIP (the smallest occurrence inside the CST span; empty until the
 * SCIP lens writes rows — the rules then produce empty outputs with their schema). SCIP
 * symbols become nodes by id of ("scip_sym", symbol), symtable symbols by symbol_row_id.
 *
 * Compiled shape of one rule:
 *   SELECT <dataset columns, NULL where the rule has none> FROM (
 *     SELECT <select>, rule meta…, <group> AS ambiguity_group_id
 *     FROM <left> l JOIN <right> r ON <keys> [WHERE <filter>]
 *     [QUALIFY row_number() OVER (PARTITION BY <group> ORDER BY <tie-breakers>) = 1])
 * and of one output: the union of its rules by (priority, name), deduped by the dataset's
 * join keys (score desc, confidence desc, rule_priority, rule_name — defect §8.6: explicit
 * and row-wise), ordered canonically (path, bstart, join keys).
 */
#include "link.h"

#include <string.h>

/* The SCIP occurrence's tie-breakers: smallest span first, then position and symbol. */
#define SCIP_TIES "(r.bend - r.bstart), r.bstart, r.bend, r.symbol, r.symbol_roles"

static const link_rule rules[] = {
    {.name = "cst_name_refs__symtable_scope",
     .output = "rel_name_symbol_v1",
     .priority = 10,
     .left = "lk_name_scope",
     .right = "py_sym_symbols_v1",
     .join = LINK_JOIN_HASH,
     .left_keys = "scope_id,bind_name",
     .right_keys = "scope_id,name",
     .select = "l.bstart AS bstart, l.bend AS bend, l.name_ref_id AS name_ref_id, "
               "r.name AS symbol, r.symbol_row_id AS symbol_node_id, r.scope_id AS scope_id, "
               "l.roles AS symbol_roles, l.path AS path",
     .group = "l.name_ref_id",
     .ambiguity = LINK_AMBIG_WINNER,
     .tie_breakers = "r.symbol_row_id",
     .confidence = 1.0f,
     .score = "1.0",
     .resolution_method = "SYMTABLE_SCOPE"},
    {.name = "cst_name_refs__to__scip_occurrences",
     .scope = LINK_REPO,
     .output = "rel_name_symbol_v1",
     .priority = 0,
     .left = "py_cst_name_refs_v1",
     .right = "lk_scip_occurrences",
     .join = LINK_JOIN_SPAN_CONTAINED,
     .left_keys = "path,bstart,bend",
     .right_keys = "path,bstart,bend",
     .filter = "r.symbol <> ''",
     .select = "l.bstart AS bstart, l.bend AS bend, l.name_ref_id AS name_ref_id, "
               "r.symbol AS symbol, pycpg_id('scip_sym', r.symbol) AS symbol_node_id, "
               "r.symbol_roles AS symbol_roles, l.path AS path",
     .group = "l.name_ref_id",
     .ambiguity = LINK_AMBIG_WINNER,
     .tie_breakers = SCIP_TIES,
     .confidence = 1.0f,
     .score = "-(r.bend - r.bstart)",
     .resolution_method = "SPAN_CONTAINED"},
    {.name = "cst_imports__symtable_scope",
     .output = "rel_import_symbol_v1",
     .priority = 10,
     .left = "lk_import_scope",
     .right = "py_sym_symbols_v1",
     .join = LINK_JOIN_HASH,
     .left_keys = "scope_id,bind_name",
     .right_keys = "scope_id,name",
     .select = "l.alias_bstart AS bstart, l.alias_bend AS bend, l.import_id AS import_alias_id, "
               "r.name AS symbol, r.symbol_row_id AS symbol_node_id, r.scope_id AS scope_id, "
               "2 AS symbol_roles, l.path AS path",
     .group = "l.import_id",
     .ambiguity = LINK_AMBIG_WINNER,
     .tie_breakers = "r.symbol_row_id",
     .confidence = 1.0f,
     .score = "1.0",
     .resolution_method = "SYMTABLE_SCOPE"},
    {.name = "cst_imports__to__scip_occurrences",
     .scope = LINK_REPO,
     .output = "rel_import_symbol_v1",
     .priority = 0,
     .left = "py_cst_imports_v1",
     .right = "lk_scip_occurrences",
     .join = LINK_JOIN_SPAN_CONTAINED,
     .left_keys = "path,alias_bstart,alias_bend",
     .right_keys = "path,bstart,bend",
     .filter = "r.symbol <> ''",
     .select = "l.alias_bstart AS bstart, l.alias_bend AS bend, l.import_id AS import_alias_id, "
               "r.symbol AS symbol, pycpg_id('scip_sym', r.symbol) AS symbol_node_id, "
               "r.symbol_roles AS symbol_roles, l.path AS path",
     .group = "l.import_id",
     .ambiguity = LINK_AMBIG_WINNER,
     .tie_breakers = SCIP_TIES,
     .confidence = 1.0f,
     .score = "-(r.bend - r.bstart)",
     .resolution_method = "SPAN_CONTAINED"},
    {.name = "cst_defs__symtable_scope",
     .output = "rel_def_symbol_v1",
     .priority = 10,
     .left = "lk_def_scope",
     .right = "py_sym_symbols_v1",
     .join = LINK_JOIN_HASH,
     .left_keys = "scope_id,bind_name",
     .right_keys = "scope_id,name",
     .select = "l.name_bstart AS bstart, l.name_bend AS bend, l.def_id AS def_id, "
               "r.name AS symbol, r.symbol_row_id AS symbol_node_id, r.scope_id AS scope_id, "
               "1 AS symbol_roles, l.path AS path",
     .group = "l.def_id",
     .ambiguity = LINK_AMBIG_WINNER,
     .tie_breakers = "r.symbol_row_id",
     .confidence = 1.0f,
     .score = "1.0",
     .resolution_method = "SYMTABLE_SCOPE"},
    {.name = "cst_defs__to__scip_occurrences",
     .scope = LINK_REPO,
     .output = "rel_def_symbol_v1",
     .priority = 0,
     .left = "py_cst_defs_v1",
     .right = "lk_scip_occurrences",
     .join = LINK_JOIN_SPAN_CONTAINED,
     .left_keys = "path,name_bstart,name_bend",
     .right_keys = "path,bstart,bend",
     .filter = "r.symbol <> '' AND (r.symbol_roles & 1) <> 0",
     .select = "l.name_bstart AS bstart, l.name_bend AS bend, l.def_id AS def_id, "
               "r.symbol AS symbol, pycpg_id('scip_sym', r.symbol) AS symbol_node_id, "
               "r.symbol_roles AS symbol_roles, l.path AS path",
     .group = "l.def_id",
     .ambiguity = LINK_AMBIG_WINNER,
     .tie_breakers = SCIP_TIES,
     .confidence = 1.0f,
     .score = "-(r.bend - r.bstart)",
     .resolution_method = "SPAN_CONTAINED"},
    /* Defect §8.7: the callee head (the occurrence ending where the callee ends) wins,
     * then the smallest occurrence. */
    {.name = "cst_callsites__callee_to__scip_occurrences",
     .scope = LINK_REPO,
     .output = "rel_callsite_symbol_v1",
     .priority = 0,
     .left = "py_cst_callsites_v1",
     .right = "lk_scip_occurrences",
     .join = LINK_JOIN_SPAN_CONTAINED,
     .left_keys = "path,callee_bstart,callee_bend",
     .right_keys = "path,bstart,bend",
     .filter = "r.symbol <> ''",
     .select = "l.call_id AS call_id, r.symbol AS symbol, "
               "pycpg_id('scip_sym', r.symbol) AS symbol_node_id, "
               "r.symbol_roles AS symbol_roles, l.path AS path, "
               "l.call_bstart AS call_bstart, l.call_bend AS call_bend",
     .group = "l.call_id",
     .ambiguity = LINK_AMBIG_WINNER,
     .tie_breakers = "(r.bend = l.callee_bend) DESC, " SCIP_TIES,
     .confidence = 1.0f,
     .score = "-(r.bend - r.bstart)",
     .resolution_method = "CALLEE_SPAN_EXACT"},
    /* Defect §8.8: every candidate is kept (ambiguity group = the call), ranked by the
     * provider's score (§8.21). */
    {.name = "callsite_qname_candidates__join__dim_qualified_names",
     .scope = LINK_REPO,
     .output = "rel_callsite_qname_v1",
     .priority = 20,
     .left = "callsite_qname_candidates_v1",
     .right = "dim_qualified_names_v1",
     .join = LINK_JOIN_HASH,
     .left_keys = "qname",
     .right_keys = "qname",
     .select = "l.call_id AS call_id, r.qname_id AS qname_id, l.qname_source AS qname_source, "
               "l.path AS path, l.call_bstart AS call_bstart, l.call_bend AS call_bend",
     .group = "l.call_id",
     .ambiguity = LINK_AMBIG_PRESERVE,
     .confidence = 0.4f,
     .score = "l.score",
     .resolution_method = "QNAME_CANDIDATE"},
};

size_t link_rule_count(void)
{
    return sizeof rules / sizeof rules[0];
}

const link_rule *link_rule_at(size_t i)
{
    return i < link_rule_count() ? &rules[i] : NULL;
}

/* ---- the compiler --------------------------------------------------------------------- */

/* The k-th comma-separated item of list into buf (trimmed); false past the end. */
static bool list_item(const char *list, size_t k, char *buf, size_t cap)
{
    const char *p = list;
    for (size_t i = 0; p && i < k; i++) {
        p = strchr(p, ',');
        if (p)
            p++;
    }
    if (!p || !*p)
        return false;
    while (*p == ' ')
        p++;
    size_t n = strcspn(p, ",");
    while (n > 0 && p[n - 1] == ' ')
        n--;
    snprintf(buf, cap, "%.*s", (int)n, p);
    return true;
}

/* True when the select list of r names column col ("… AS col" at paren depth 0). */
static bool rule_provides(const link_rule *r, const char *col)
{
    const char *s = r->select;
    size_t n = strlen(col);
    int depth = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '(')
            depth++;
        else if (*p == ')')
            depth--;
        else if (depth == 0 && strncmp(p, " AS ", 4) == 0 && strncmp(p + 4, col, n) == 0 &&
                 (p[4 + n] == ',' || p[4 + n] == '\0'))
            return true;
    }
    return false;
}

static void join_condition(const link_rule *r, sbuf *out)
{
    char lk[64], rk[64];
    if (r->join == LINK_JOIN_HASH) {
        for (size_t k = 0; list_item(r->left_keys, k, lk, sizeof lk); k++) {
            list_item(r->right_keys, k, rk, sizeof rk);
            sbuf_printf(out, "%sl.%s = r.%s", k ? " AND " : "", lk, rk);
        }
        return;
    }
    char lf[64], ls[64], le[64], rf[64], rs[64], re[64];
    list_item(r->left_keys, 0, lf, sizeof lf);
    list_item(r->left_keys, 1, ls, sizeof ls);
    list_item(r->left_keys, 2, le, sizeof le);
    list_item(r->right_keys, 0, rf, sizeof rf);
    list_item(r->right_keys, 1, rs, sizeof rs);
    list_item(r->right_keys, 2, re, sizeof re);
    if (r->join == LINK_JOIN_SPAN_EXACT)
        sbuf_printf(out, "l.%s = r.%s AND r.%s = l.%s AND r.%s = l.%s", lf, rf, rs, ls, re, le);
    else
        sbuf_printf(out, "l.%s = r.%s AND r.%s >= l.%s AND r.%s <= l.%s", lf, rf, rs, ls, re, le);
}

void rule_compile_sql(const link_rule *r, sbuf *out)
{
    const reg_dataset *ds = registry_find(r->output);
    static const char *const meta[] = {"rule_name", "rule_priority",     "confidence",
                                       "score",     "resolution_method", NULL};
    sbuf_puts(out, "SELECT ");
    for (size_t c = 0; ds && c < ds->ncols; c++) {
        const char *col = ds->cols[c].name;
        bool have = rule_provides(r, col) || strcmp(col, "ambiguity_group_id") == 0;
        for (size_t m = 0; meta[m] && !have; m++)
            have = strcmp(meta[m], col) == 0;
        if (c)
            sbuf_puts(out, ", ");
        if (!have)
            sbuf_printf(out, "CAST(NULL AS %s) AS ", reg_type_sql(ds->cols[c].type));
        sbuf_sql_ident(out, col);
    }
    sbuf_printf(out, "\nFROM (SELECT %s,\n  ", r->select);
    sbuf_sql_literal(out, r->name);
    sbuf_printf(out,
                " AS rule_name, CAST(%d AS INTEGER) AS rule_priority, "
                "CAST(%.9g AS FLOAT) AS confidence, CAST(%s AS FLOAT) AS score, ",
                r->priority, (double)r->confidence, r->score);
    sbuf_sql_literal(out, r->resolution_method);
    sbuf_printf(out, " AS resolution_method, %s AS ambiguity_group_id\n  FROM ", r->group);
    sbuf_sql_ident(out, r->left);
    sbuf_puts(out, " AS l JOIN ");
    sbuf_sql_ident(out, r->right);
    sbuf_puts(out, " AS r ON ");
    join_condition(r, out);
    if (r->filter)
        sbuf_printf(out, "\n  WHERE %s", r->filter);
    if (r->ambiguity == LINK_AMBIG_WINNER)
        sbuf_printf(out, "\n  QUALIFY row_number() OVER (PARTITION BY %s ORDER BY %s) = 1",
                    r->group, r->tie_breakers);
    sbuf_puts(out, ") AS __rule");
}

/* Rules of ds in one scope in (priority, name) order: indices into rules[]. */
static size_t rules_of(const reg_dataset *ds, link_scope scope, size_t *idx)
{
    size_t n = 0;
    for (size_t i = 0; i < link_rule_count(); i++)
        if (rules[i].scope == scope && strcmp(rules[i].output, ds->name) == 0)
            idx[n++] = i;
    for (size_t a = 1; a < n; a++)
        for (size_t b = a; b > 0; b--) {
            const link_rule *x = &rules[idx[b - 1]], *y = &rules[idx[b]];
            if (x->priority < y->priority ||
                (x->priority == y->priority && strcmp(x->name, y->name) <= 0))
                break;
            size_t t = idx[b];
            idx[b] = idx[b - 1];
            idx[b - 1] = t;
        }
    return n;
}

static void typed_nulls(const reg_dataset *ds, sbuf *out)
{
    sbuf_puts(out, "SELECT ");
    for (size_t c = 0; c < ds->ncols; c++) {
        sbuf_printf(out, "%sCAST(NULL AS %s) AS ", c ? ", " : "", reg_type_sql(ds->cols[c].type));
        sbuf_sql_ident(out, ds->cols[c].name);
    }
    sbuf_puts(out, " WHERE false");
}

size_t link_output_sql(const reg_dataset *ds, link_scope scope, sbuf *out)
{
    size_t idx[sizeof rules / sizeof rules[0]];
    size_t n = rules_of(ds, scope, idx);
    sbuf_puts(out, "SELECT * FROM (");
    if (n == 0)
        typed_nulls(ds, out);
    for (size_t i = 0; i < n; i++) {
        if (i)
            sbuf_puts(out, "\nUNION ALL\n");
        rule_compile_sql(&rules[idx[i]], out);
    }
    sbuf_printf(out,
                ") AS __out\nQUALIFY row_number() OVER (PARTITION BY %s ORDER BY "
                "score DESC NULLS LAST, confidence DESC NULLS LAST, rule_priority, "
                "rule_name) = 1\nORDER BY ",
                ds->join_keys);
    if (registry_col(ds, "path") >= 0)
        sbuf_puts(out, "path, ");
    if (registry_col(ds, "bstart") >= 0)
        sbuf_puts(out, "bstart, ");
    sbuf_printf(out, "%s", ds->join_keys);
    return n;
}

static const char *join_name(link_join j)
{
    switch (j) {
    case LINK_JOIN_HASH:
        return "hash";
    case LINK_JOIN_SPAN_CONTAINED:
        return "span_contained";
    case LINK_JOIN_SPAN_EXACT:
        return "span_exact";
    }
    return "?";
}

void link_print_rules(FILE *fp, bool sql)
{
    sbuf b = SBUF_INIT;
    for (size_t i = 0; i < link_rule_count(); i++) {
        const link_rule *r = &rules[i];
        fprintf(fp, "%s\n  output %s  priority %d  scope %s  join %s  %s(%s) ~ %s(%s)\n", r->name,
                r->output, r->priority, r->scope == LINK_REPO ? "repository" : "per-file",
                join_name(r->join), r->left, r->left_keys, r->right, r->right_keys);
        fprintf(fp, "  ambiguity %s by %s%s%s  confidence %.2f  score %s  method %s\n",
                r->ambiguity == LINK_AMBIG_WINNER ? "winner" : "preserve", r->group,
                r->ambiguity == LINK_AMBIG_WINNER ? " ties " : "",
                r->ambiguity == LINK_AMBIG_WINNER ? r->tie_breakers : "", (double)r->confidence,
                r->score, r->resolution_method);
        if (sql) {
            sbuf_reset(&b);
            rule_compile_sql(r, &b);
            fprintf(fp, "%s;\n", b.data);
        }
        fputc('\n', fp);
    }
    if (sql) {
        for (size_t i = 0; i < registry_count(); i++) {
            const reg_dataset *ds = registry_at(i);
            if (strcmp(ds->family->stage, "relspec") != 0)
                continue;
            for (int scope = LINK_FILE; scope <= LINK_REPO; scope++) {
                sbuf_reset(&b);
                if (link_output_sql(ds, (link_scope)scope, &b) > 0)
                    fprintf(fp, "-- output %s (%s rows)\n%s;\n\n", ds->name,
                            scope == LINK_REPO ? "repository-wide" : "per-file", b.data);
            }
        }
    }
    sbuf_free(&b);
}
