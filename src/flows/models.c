/*
 * models.c — the taint models of `pycpg flows`: rules, sources, sinks, sanitizers and
 * propagators read from JSON (the default file src/flows/models.json is embedded in the
 * binary as flows_models_json, CMakeLists.txt; --models FILE adds more). The format is
 * documented in docs/usage.md ("Taint models"); an unknown key or a wrong type is an error
 * naming the file and the entry, so a typo in a model never silently drops it.
 */
#include "flows_int.h"

#include <jansson.h>
#include <string.h>

bool fl_name_matches(const char *pattern, const char *name)
{
    size_t n = strlen(pattern);
    if (n && pattern[n - 1] == '*')
        return strncmp(pattern, name, n - 1) == 0;
    return strcmp(pattern, name) == 0;
}

static fl_model *push(fl_models *m)
{
    m->v = core_grow(m->v, &m->cap, m->n + 1, sizeof *m->v, 64);
    fl_model *r = &m->v[m->n++];
    memset(r, 0, sizeof *r);
    r->rule = -1;
    r->safe_arg = -1;
    r->rules = 0xffffffffu;
    r->prop_args = r->prop_recv = true;
    return r;
}

static const char *dup(fl_models *m, const char *s)
{
    return s ? arena_strndup(m->a, s, strlen(s)) : NULL;
}

/* A string or an array of strings into *out; false on another type. */
static bool str_list(fl_models *m, json_t *v, const char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!v)
        return true;
    if (json_is_string(v)) {
        *out = arena_alloc(m->a, sizeof **out);
        (*out)[0] = dup(m, json_string_value(v));
        *n = 1;
        return true;
    }
    if (!json_is_array(v))
        return false;
    *out = arena_alloc(m->a, (json_array_size(v) + 1) * sizeof **out);
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x)
    {
        if (!json_is_string(x))
            return false;
        (*out)[(*n)++] = dup(m, json_string_value(x));
    }
    return true;
}

static int rule_index(const fl_models *m, const char *id)
{
    for (size_t i = 0; i < m->nrules; i++)
        if (strcmp(m->rules[i].id, id) == 0)
            return (int)i;
    return -1;
}

static const char *const known_keys[] = {
    "call",    "method",  "name",     "param_attr",  "attrs", "route_params",
    "imports", "label",   "rule",     "rules",       "args",  "kwargs",
    "command", "safe_kw", "safe_arg", "safe_values", "from",  "comment"};

static pc_status parse_entry(fl_models *m, int type, json_t *e, const char *file, const char *sect,
                             size_t idx, pc_err *err)
{
    if (!json_is_object(e))
        return pc_fail(err, PC_ERR_ARG, "%s: %s[%zu]: not an object", file, sect, idx);
    const char *k;
    json_t *v;
    json_object_foreach(e, k, v)
    {
        bool ok = false;
        for (size_t i = 0; i < sizeof known_keys / sizeof *known_keys; i++)
            ok = ok || strcmp(known_keys[i], k) == 0;
        if (!ok)
            return pc_fail(err, PC_ERR_ARG, "%s: %s[%zu]: unknown key '%s'", file, sect, idx, k);
    }
    fl_model *r = push(m);
    r->type = type;
    r->call = dup(m, json_string_value(json_object_get(e, "call")));
    r->method = dup(m, json_string_value(json_object_get(e, "method")));
    r->name = dup(m, json_string_value(json_object_get(e, "name")));
    r->param_attr = dup(m, json_string_value(json_object_get(e, "param_attr")));
    r->label = dup(m, json_string_value(json_object_get(e, "label")));
    if (!str_list(m, json_object_get(e, "attrs"), &r->attrs, &r->nattrs) ||
        !str_list(m, json_object_get(e, "route_params"), &r->route, &r->nroute) ||
        !str_list(m, json_object_get(e, "imports"), &r->imports, &r->nimports) ||
        !str_list(m, json_object_get(e, "kwargs"), &r->kwargs, &r->nkwargs) ||
        !str_list(m, json_object_get(e, "safe_values"), &r->safe_values, &r->nsafe))
        return pc_fail(err, PC_ERR_ARG, "%s: %s[%zu]: a list of strings expected", file, sect, idx);
    int what = !!r->call + !!r->method + !!r->name + !!r->param_attr + (r->nroute > 0);
    if (what != 1)
        return pc_fail(err, PC_ERR_ARG,
                       "%s: %s[%zu]: exactly one of call, method, name, param_attr, "
                       "route_params expected",
                       file, sect, idx);
    if (type != FLM_SOURCE && !r->call && !r->method)
        return pc_fail(err, PC_ERR_ARG, "%s: %s[%zu]: call or method expected", file, sect, idx);
    if (!r->label)
        r->label = r->call ? r->call : r->method ? r->method : r->name ? r->name : "source";
    if (type == FLM_SINK) {
        const char *rule = json_string_value(json_object_get(e, "rule"));
        r->rule = rule ? rule_index(m, rule) : -1;
        if (r->rule < 0)
            return pc_fail(err, PC_ERR_ARG, "%s: %s[%zu]: unknown or missing rule", file, sect,
                           idx);
        json_t *args = json_object_get(e, "args");
        if (json_is_string(args) && strcmp(json_string_value(args), "*") == 0) {
            r->all_args = true;
        } else if (json_is_array(args)) {
            r->args = arena_alloc(m->a, (json_array_size(args) + 1) * sizeof *r->args);
            size_t i;
            json_t *x;
            json_array_foreach(args, i, x)
            {
                if (!json_is_integer(x) || json_integer_value(x) < 0)
                    return pc_fail(err, PC_ERR_ARG, "%s: %s[%zu]: args: integers >= 0 or \"*\"",
                                   file, sect, idx);
                r->args[r->nargs++] = (int)json_integer_value(x);
            }
        } else if (args) {
            return pc_fail(err, PC_ERR_ARG, "%s: %s[%zu]: args: integers >= 0 or \"*\"", file, sect,
                           idx);
        }
        r->command = json_is_true(json_object_get(e, "command"));
        r->safe_kw = dup(m, json_string_value(json_object_get(e, "safe_kw")));
        json_t *sa = json_object_get(e, "safe_arg");
        if (json_is_integer(sa))
            r->safe_arg = (int)json_integer_value(sa);
    }
    if (type == FLM_SANITIZER) {
        const char **ids;
        size_t n;
        if (!str_list(m, json_object_get(e, "rules"), &ids, &n))
            return pc_fail(err, PC_ERR_ARG, "%s: %s[%zu]: rules: a list of rule ids", file, sect,
                           idx);
        if (n) {
            r->rules = 0;
            for (size_t i = 0; i < n; i++) {
                int ri = rule_index(m, ids[i]);
                if (ri < 0)
                    return pc_fail(err, PC_ERR_ARG, "%s: %s[%zu]: unknown rule '%s'", file, sect,
                                   idx, ids[i]);
                r->rules |= 1u << ri;
            }
        }
    }
    if (type == FLM_PROPAGATOR) {
        const char **from;
        size_t n;
        if (!str_list(m, json_object_get(e, "from"), &from, &n))
            return pc_fail(err, PC_ERR_ARG, "%s: %s[%zu]: from: a list of args/receiver", file,
                           sect, idx);
        r->prop_args = r->prop_recv = false;
        for (size_t i = 0; i < n; i++) {
            if (strcmp(from[i], "args") == 0)
                r->prop_args = true;
            else if (strcmp(from[i], "receiver") == 0)
                r->prop_recv = true;
            else
                return pc_fail(err, PC_ERR_ARG, "%s: %s[%zu]: from: args or receiver", file, sect,
                               idx);
        }
    }
    return PC_OK;
}

static pc_status add_json(fl_models *m, const char *text, size_t len, const char *file, pc_err *err)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, len, 0, &jerr);
    if (!json_is_object(root)) {
        json_decref(root);
        return pc_fail(err, PC_ERR_ARG, "%s:%d: not a JSON object: %s", file, jerr.line, jerr.text);
    }
    pc_status rc = PC_OK;
    json_t *rules = json_object_get(root, "rules");
    size_t i;
    json_t *e;
    json_array_foreach(rules, i, e)
    {
        const char *id = json_string_value(json_object_get(e, "id"));
        if (!id) {
            rc = pc_fail(err, PC_ERR_ARG, "%s: rules[%zu]: id missing", file, i);
            break;
        }
        if (rule_index(m, id) >= 0)
            continue; /* a rule of the same id: the first definition stays */
        if (m->nrules == FL_MAX_RULES) {
            rc = pc_fail(err, PC_ERR_LIMIT, "%s: more than %d rules", file, FL_MAX_RULES);
            break;
        }
        fl_rule *r = &m->rules[m->nrules++];
        r->id = dup(m, id);
        const char *name = json_string_value(json_object_get(e, "name"));
        const char *help = json_string_value(json_object_get(e, "help"));
        const char *cwe = json_string_value(json_object_get(e, "cwe"));
        r->name = dup(m, name ? name : id);
        r->help = dup(m, help ? help : name ? name : id);
        r->cwe = dup(m, cwe);
    }
    static const char *const sects[] = {"sources", "sinks", "sanitizers", "propagators"};
    for (int t = 0; t < 4 && rc == PC_OK; t++) {
        json_t *arr = json_object_get(root, sects[t]);
        if (arr && !json_is_array(arr)) {
            rc = pc_fail(err, PC_ERR_ARG, "%s: %s: an array expected", file, sects[t]);
            break;
        }
        json_array_foreach(arr, i, e)
        {
            rc = parse_entry(m, t, e, file, sects[t], i, err);
            if (rc != PC_OK)
                break;
        }
    }
    json_decref(root);
    return rc;
}

fl_models *fl_models_new(bool with_defaults, pc_err *err)
{
    fl_models *m = core_malloc(sizeof *m);
    memset(m, 0, sizeof *m);
    m->a = arena_new(1 << 16);
    m->keep = 0xffffffffu;
    if (with_defaults && add_json(m, flows_models_json, strlen(flows_models_json),
                                  "<default models>", err) != PC_OK) {
        fl_models_free(m);
        return NULL;
    }
    return m;
}

void fl_models_free(fl_models *m)
{
    if (!m)
        return;
    core_free(m->v);
    arena_free(m->a);
    core_free(m);
}

pc_status fl_models_add_file(fl_models *m, const char *path, pc_err *err)
{
    sbuf b = SBUF_INIT;
    if (!sbuf_read_file(&b, path)) {
        sbuf_free(&b);
        return pc_fail(err, PC_ERR_ARG, "cannot read models file %s", path);
    }
    pc_status rc = add_json(m, b.data ? b.data : "", b.len, path, err);
    sbuf_free(&b);
    return rc;
}

void fl_rules_text(const fl_models *m, uint32_t mask, sbuf *out)
{
    sbuf_reset(out);
    for (size_t r = 0; r < m->nrules; r++)
        if (mask & (1u << r)) {
            if (out->len)
                sbuf_putc(out, ' ');
            sbuf_puts(out, m->rules[r].id);
        }
}

bool fl_models_keep_rules(fl_models *m, const char *const *ids, size_t n, const char **bad)
{
    if (n == 0)
        return true;
    m->keep = 0;
    for (size_t i = 0; i < n; i++) {
        int r = rule_index(m, ids[i]);
        if (r < 0) {
            *bad = ids[i];
            return false;
        }
        m->keep |= 1u << r;
    }
    return true;
}
