/*
 * report.c — the three outputs of `pycpg flows`: text (a compiler diagnostic per finding,
 * then its steps), JSON (the findings as data) and SARIF 2.1.0 (one result per finding,
 * locations[0] the sink call, codeFlows[0].threadFlows[0].locations the path from the source
 * to the sink's argument, URIs relative to %SRCROOT%, the rules with their help text).
 * Keys are sorted and findings come sorted (paths.c), so equal inputs give equal bytes.
 * JSON and SARIF are streamed: the document is built with a marker string where the array of
 * findings goes, dumped, and the findings are written there one by one, each dumped alone
 * and indented to its depth, so that memory holds one finding's JSON at a time (the whole
 * document of the standard library's findings took 15 GB) and the bytes are those jansson
 * writes for the whole document.
 */
#include "flows.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *rule_name(const fl_result *r, const char *id)
{
    for (size_t i = 0; i < r->nrules; i++)
        if (strcmp(r->rule_ids[i], id) == 0)
            return r->rule_names[i];
    return id;
}

void fl_report_text(const fl_result *r, FILE *fp)
{
    for (size_t i = 0; i < r->n; i++) {
        const fl_finding *f = &r->items[i];
        fprintf(fp, "%s:%d:%d: %s: %s reaches %s (%s)\n", f->sink_call.path, f->sink_call.line,
                f->sink_call.col, f->rule_id, f->source_label, f->sink, rule_name(r, f->rule_id));
        for (size_t k = 0; k < f->nsteps; k++)
            fprintf(fp, "    %s:%d:%d: %s\n", f->steps[k].path, f->steps[k].line, f->steps[k].col,
                    f->steps[k].what);
    }
    fprintf(fp, "%zu finding%s\n", r->n, r->n == 1 ? "" : "s");
    if (r->truncated)
        fprintf(fp, "note: %zu search%s stopped at the state limit: results may be missing\n",
                r->truncated, r->truncated == 1 ? "" : "es");
}

static json_t *jloc(const fl_step *s)
{
    return json_pack("{s:s, s:i, s:i, s:i, s:i}", "path", s->path ? s->path : "", "line", s->line,
                     "col", s->col, "end_line", s->end_line, "end_col", s->end_col);
}

/* ---- streaming ---------------------------------------------------------------------- */

#define DUMP_FLAGS (JSON_SORT_KEYS | JSON_INDENT(2))
/* The string that stands for the array of findings in the document (no finding's text can
 * hold it unescaped: it is a whole JSON string token). */
#define MARK "\"@@pycpg-flows-findings@@\""

typedef json_t *(*item_fn)(const fl_result *r, size_t i);

/* Writes s (a dump of depth 0) with every line after the first indented by ind spaces. */
static bool put_indented(const char *s, size_t ind, FILE *fp)
{
    for (const char *p = s; *p; p++) {
        if (fputc(*p, fp) == EOF)
            return false;
        for (size_t k = 0; *p == '\n' && k < ind; k++)
            if (fputc(' ', fp) == EOF)
                return false;
    }
    return true;
}

/* Writes root (consumed) with the array item(r, 0..n) where its MARK string is, then a
 * newline: the bytes json_dumpf would write for the whole document. False when a part could
 * not be built (out of memory) or written; what was written is then incomplete. */
static bool dump_streamed(json_t *root, const fl_result *r, item_fn item, FILE *fp)
{
    char *doc = root ? json_dumps(root, DUMP_FLAGS) : NULL;
    json_decref(root);
    const char *mark = doc ? strstr(doc, MARK) : NULL;
    if (!mark) {
        free(doc);
        return false;
    }
    const char *line = mark;
    while (line > doc && line[-1] != '\n')
        line--;
    size_t ind = 0;
    while (line[ind] == ' ')
        ind++;
    size_t head = (size_t)(mark - doc);
    bool ok = fwrite(doc, 1, head, fp) == head;
    if (r->n == 0)
        ok = ok && fputs("[]", fp) != EOF;
    else
        ok = ok && fputs("[\n", fp) != EOF;
    for (size_t i = 0; ok && i < r->n; i++) {
        json_t *x = item(r, i);
        char *s = x ? json_dumps(x, DUMP_FLAGS) : NULL;
        json_decref(x);
        ok = s != NULL && fprintf(fp, "%*s", (int)(ind + 2), "") >= 0 &&
             put_indented(s, ind + 2, fp) && fputs(i + 1 < r->n ? ",\n" : "\n", fp) != EOF;
        free(s);
    }
    if (r->n > 0)
        ok = ok && fprintf(fp, "%*s]", (int)ind, "") >= 0;
    ok = ok && fputs(mark + strlen(MARK), fp) != EOF && fputc('\n', fp) != EOF;
    free(doc);
    return ok;
}

static json_t *json_finding(const fl_result *r, size_t i)
{
    const fl_finding *f = &r->items[i];
    json_t *steps = json_array();
    for (size_t k = 0; k < f->nsteps; k++) {
        json_t *s = jloc(&f->steps[k]);
        json_object_set_new(s, "what", json_string(f->steps[k].what));
        json_array_append_new(steps, s);
    }
    json_t *src = jloc(&f->source);
    json_object_set_new(src, "label", json_string(f->source_label));
    json_t *sink = jloc(&f->sink_call);
    json_object_set_new(sink, "name", json_string(f->sink));
    return json_pack("{s:s, s:o, s:o, s:o}", "rule", f->rule_id, "source", src, "sink", sink,
                     "steps", steps);
}

bool fl_report_json(const fl_result *r, FILE *fp)
{
    json_t *root =
        json_pack("{s:s, s:{s:I, s:I, s:I, s:I, s:I}}", "findings", "@@pycpg-flows-findings@@",
                  "graph", "nodes", (json_int_t)r->nodes, "edges", (json_int_t)r->edges, "sources",
                  (json_int_t)r->sources, "sinks", (json_int_t)r->sinks, "truncated_searches",
                  (json_int_t)r->truncated);
    return dump_streamed(root, r, json_finding, fp);
}

/* A repo-relative path as a relative URI reference (RFC 3986: unreserved and '/' kept). */
static json_t *uri_of(const char *path)
{
    sbuf b = SBUF_INIT;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            sbuf_putc(&b, (char)*p);
        else
            sbuf_printf(&b, "%%%02X", *p);
    }
    json_t *s = json_string(b.data ? b.data : "");
    sbuf_free(&b);
    return s;
}

static json_t *sarif_location(const fl_step *s, const char *message)
{
    json_t *phys = json_pack("{s:{s:o, s:s}}", "artifactLocation", "uri", uri_of(s->path),
                             "uriBaseId", "%SRCROOT%");
    if (s->line > 0) {
        json_t *region =
            json_pack("{s:i, s:i}", "startLine", s->line, "startColumn", s->col > 0 ? s->col : 1);
        if (s->end_line >= s->line && s->end_col > 0) {
            json_object_set_new(region, "endLine", json_integer(s->end_line));
            json_object_set_new(region, "endColumn", json_integer(s->end_col));
        }
        json_object_set_new(phys, "region", region);
    }
    json_t *loc = json_pack("{s:o}", "physicalLocation", phys);
    if (message)
        json_object_set_new(loc, "message", json_pack("{s:s}", "text", message));
    return loc;
}

/* CodeQL-style name of a rule: command-injection → CommandInjection. */
static json_t *pascal(const char *id)
{
    sbuf b = SBUF_INIT;
    bool up = true;
    for (const char *p = id; *p; p++) {
        if (*p == '-' || *p == '_' || *p == '/') {
            up = true;
            continue;
        }
        sbuf_putc(&b, up && *p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p);
        up = false;
    }
    json_t *s = json_string(b.data ? b.data : "");
    sbuf_free(&b);
    return s;
}

static json_t *sarif_result(const fl_result *r, size_t i)
{
    const fl_finding *f = &r->items[i];
    size_t ri = 0;
    for (size_t k = 0; k < r->nrules; k++)
        if (strcmp(r->rule_ids[k], f->rule_id) == 0)
            ri = k;
    json_t *tfl = json_array();
    for (size_t k = 0; k < f->nsteps; k++)
        json_array_append_new(
            tfl, json_pack("{s:o}", "location", sarif_location(&f->steps[k], f->steps[k].what)));
    char msg[1024];
    snprintf(msg, sizeof msg, "%s: %s (line %d) reaches %s.", rule_name(r, f->rule_id),
             f->source_label, f->source.line, f->sink);
    return json_pack("{s:s, s:I, s:s, s:{s:s}, s:[o], s:[{s:[{s:o}]}]}", "ruleId", f->rule_id,
                     "ruleIndex", (json_int_t)ri, "level", "error", "message", "text", msg,
                     "locations", sarif_location(&f->sink_call, NULL), "codeFlows", "threadFlows",
                     "locations", tfl);
}

bool fl_report_sarif(const fl_result *r, FILE *fp)
{
    json_t *rules = json_array();
    for (size_t i = 0; i < r->nrules; i++) {
        json_t *tags = json_pack("[s]", "security");
        if (r->rule_cwe[i]) {
            char tag[64];
            const char *num =
                strncmp(r->rule_cwe[i], "CWE-", 4) == 0 ? r->rule_cwe[i] + 4 : r->rule_cwe[i];
            snprintf(tag, sizeof tag, "external/cwe/cwe-%03d", atoi(num));
            json_array_append_new(tags, json_string(tag));
        }
        json_t *rule =
            json_pack("{s:s, s:o, s:{s:s}, s:{s:s}, s:{s:s, s:s}, s:{s:s}, s:{s:o, s:s}}", "id",
                      r->rule_ids[i], "name", pascal(r->rule_ids[i]), "shortDescription", "text",
                      r->rule_names[i], "fullDescription", "text", r->rule_help[i], "help", "text",
                      r->rule_help[i], "markdown", r->rule_help[i], "defaultConfiguration", "level",
                      "error", "properties", "tags", tags, "security-severity", "8.0");
        json_array_append_new(rules, rule);
    }
    json_t *root = json_pack(
        "{s:s, s:s, s:[{s:{s:{s:s, s:s, s:o}}, s:s, s:{s:{s:{s:s}}}, s:s}]}", "$schema",
        "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0", "runs", "tool",
        "driver", "name", "pycpg", "semanticVersion", PYCPG_VERSION, "rules", rules, "results",
        "@@pycpg-flows-findings@@", "originalUriBaseIds", "%SRCROOT%", "description", "text",
        "the root of the analysed repository", "columnKind", "unicodeCodePoints");
    return dump_streamed(root, r, sarif_result, fp);
}
