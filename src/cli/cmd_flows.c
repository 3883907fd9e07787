/*
 * cmd_flows.c — `pycpg flows OUT [--models FILE…] [--no-default-models] [--rule ID…]
 * [--format text|json|sarif] [--max-paths N] [-o FILE] [--fail-on-findings] [--graph CSV]
 * [--save]`: taint flows from sources to sinks across functions (src/flows), printed as
 * diagnostics, JSON or SARIF; with --save also written into OUT as cpg_flows_v1 and
 * cpg_flow_edges_v1 (OUT mirrored by hard links into a staging directory, the two datasets
 * and the manifest written there, then published in OUT's place: one rename, as a build).
 *
 * Exit status: 0 when the analysis ran (findings or not), 3 with --fail-on-findings when
 * something was found, 1 when it could not run, 2 on bad usage.
 */
#include "cli.h"
#include "../flows/flows.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char cli_help_flows[] =
    "usage: pycpg flows OUT [--models FILE]... [--no-default-models] [--rule ID]...\n"
    "                   [--format text|json|sarif] [--max-paths N] [-o FILE]\n"
    "                   [--fail-on-findings] [--graph FILE.csv] [--save] [--list-rules]\n"
    "\n"
    "Finds flows of untrusted data (taint) from sources to sinks in the build output OUT,\n"
    "across functions and modules: arguments reach parameters through the call graph's\n"
    "resolved calls (PY_CALLS), return values reach the calls' results, values pass through\n"
    "assignments, containers, string operations, attributes of objects (by class and\n"
    "attribute name) and module globals, and sanitizers stop them. Prints one result per\n"
    "(source, sink) pair with one shortest path between them. OUT must have been built with\n"
    "the link stage (the default).\n"
    "\n"
    "Rules (sink families): command-injection, sql-injection, code-injection,\n"
    "path-injection, unsafe-deserialization, ssrf, template-injection.\n"
    "\n"
    "options:\n"
    "  --models FILE        add the models of a JSON file (sources, sinks, sanitizers,\n"
    "                       propagators, rules; format: docs/usage.md \"Taint models\")\n"
    "  --no-default-models  use only the --models files, not the built-in models\n"
    "  --rule ID            report only this rule (repeatable)\n"
    "  --format F           text (default: path:line:col: rule: ... then the steps),\n"
    "                       json, or sarif (SARIF 2.1.0, for code scanning)\n"
    "  --max-paths N        report at most N results (after sorting)\n"
    "  -o, --output FILE    write there instead of standard output\n"
    "  --fail-on-findings   exit with status 3 when anything was found\n"
    "  --graph FILE         also write the value-flow graph as CSV, one row per edge\n"
    "                       (for SQL of one's own: docs/usage.md, \"Taint flows in SQL\")\n"
    "  --save               also write the findings and the value-flow graph into OUT as\n"
    "                       the datasets cpg_flows_v1 and cpg_flow_edges_v1 (replacing\n"
    "                       them atomically; `pycpg query OUT` then reads them)\n"
    "  --list-rules         print the rules of the models and exit\n";

int cli_flow_models(const char *cmd, bool with_defaults, const char *const *files, size_t n,
                    fl_models **out)
{
    pc_err err;
    pc_err_clear(&err);
    fl_models *m = fl_models_new(with_defaults, &err);
    if (!m)
        return cli_fail(&err);
    for (size_t i = 0; i < n; i++)
        if (fl_models_add_file(m, files[i], &err) != PC_OK) {
            fl_models_free(m);
            return cli_usage_error(cmd, "%s", err.msg);
        }
    *out = m;
    return CLI_EXIT_OK;
}

static const char *const saved_sets[] = {"cpg_flows_v1", "cpg_flow_edges_v1",
                                         "extract_errors/cpg_flows_v1",
                                         "extract_errors/cpg_flow_edges_v1"};

/* The analysis of rd (out's reader) with --save: out mirrored into a staging directory
 * beside it, the two datasets written there by fl_analyze, the manifest updated, then the
 * staging directory published in out's place. The reader is freed before the publish. */
static pc_status analyze_and_save(const char *out, store_reader **rd, const fl_models *m,
                                  fl_options *opt, fl_result *res, pc_err *err)
{
    sbuf mpath = SBUF_INIT;
    sbuf_printf(&mpath, "%s/manifest.json", out);
    json_error_t jerr;
    json_t *man = json_load_file(mpath.data, 0, &jerr);
    const char *format =
        man ? json_string_value(json_object_get(json_object_get(man, "options"), "format")) : NULL;
    pc_status rc = PC_OK;
    if (!man)
        rc = pc_fail(err, PC_ERR_ARG, "--save: cannot read %s: %s", mpath.data, jerr.text);
    else if (format && strcmp(format, "parquet") != 0)
        rc = pc_fail(err, PC_ERR_ARG,
                     "--save writes Parquet: %s is a '%s' output (pycpg export it to parquet)", out,
                     format);
    json_decref(man);
    char *staging = NULL;
    store *st = NULL;
    if (rc == PC_OK)
        rc = store_publish_prepare(out, &staging, err);
    if (rc == PC_OK)
        rc = store_link_tree(out, staging, saved_sets, sizeof saved_sets / sizeof *saved_sets, err);
    store_options so = {.dir = staging, .threads = 1};
    if (rc == PC_OK)
        rc = store_new(&so, &st, err);
    opt->save = st;
    if (rc == PC_OK)
        rc = fl_analyze(*rd, m, opt, res, err);
    if (rc == PC_OK)
        rc = store_manifest_update(st, mpath.data, err);
    store_free(st);
    opt->save = NULL;
    store_reader_free(*rd);
    *rd = NULL;
    rc = store_publish_end(staging, out, rc, err);
    sbuf_free(&mpath);
    return rc;
}

/* True when out holds the CPG's edges (a build without --no-link or --only): the flows
 * follow its PY_CALLS edges. */
static bool has_graph(const char *out)
{
    sbuf dir = SBUF_INIT;
    sbuf_printf(&dir, "%s/cpg_edges_v1", out);
    struct stat st;
    bool ok = stat(dir.data, &st) == 0 && S_ISDIR(st.st_mode);
    sbuf_free(&dir);
    return ok;
}

int cli_cmd_flows(int argc, char **argv)
{
    const char *out = NULL, *format = "text", *output = NULL, *graph = NULL;
    const char **models = core_malloc((size_t)(argc + 1) * sizeof *models);
    const char **rules = core_malloc((size_t)(argc + 1) * sizeof *rules);
    size_t nmodels = 0, nrules = 0;
    bool defaults = true, fail_on = false, list_rules = false, save = false;
    fl_options opt = {0, 4, NULL, NULL};
    int rc = CLI_EXIT_OK;
    for (int i = 1; i < argc && rc == CLI_EXIT_OK; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--models") == 0 || strcmp(a, "--rule") == 0 || strcmp(a, "--format") == 0 ||
            strcmp(a, "--max-paths") == 0 || strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 ||
            strcmp(a, "--graph") == 0) {
            if (i + 1 >= argc) {
                rc = cli_usage_error("flows", "%s needs a value", a);
                break;
            }
            const char *v = argv[++i];
            if (strcmp(a, "--models") == 0) {
                models[nmodels++] = v;
            } else if (strcmp(a, "--rule") == 0) {
                rules[nrules++] = v;
            } else if (strcmp(a, "--format") == 0) {
                if (strcmp(v, "text") && strcmp(v, "json") && strcmp(v, "sarif"))
                    rc = cli_usage_error("flows", "--format must be text, json or sarif");
                format = v;
            } else if (strcmp(a, "--max-paths") == 0) {
                char *end = NULL;
                long n = strtol(v, &end, 10);
                if (!*v || *end || n < 1 || n > 100000000)
                    rc = cli_usage_error("flows", "--max-paths needs a number >= 1, not '%s'", v);
                opt.max_paths = (int)n;
            } else if (strcmp(a, "--graph") == 0) {
                graph = v;
            } else {
                output = v;
            }
        } else if (strcmp(a, "--no-default-models") == 0) {
            defaults = false;
        } else if (strcmp(a, "--fail-on-findings") == 0) {
            fail_on = true;
        } else if (strcmp(a, "--list-rules") == 0) {
            list_rules = true;
        } else if (strcmp(a, "--save") == 0) {
            save = true;
        } else if (strncmp(a, "-", 1) == 0 && a[1]) {
            rc = cli_usage_error("flows", "unknown option '%s'", a);
        } else if (!out) {
            out = a;
        } else {
            rc = cli_usage_error("flows", "unexpected argument '%s'", a);
        }
    }
    if (rc == CLI_EXIT_OK && !out && !list_rules)
        rc = cli_usage_error("flows", "missing OUT (a build's output directory)");
    if (rc == CLI_EXIT_OK && out)
        rc = cli_check_out("flows", out);
    if (rc == CLI_EXIT_OK && out && !has_graph(out))
        rc = cli_usage_error("flows",
                             "%s has no graph (cpg_edges_v1): flows follow the call graph; "
                             "build without --no-link or --only",
                             out);
    pc_err err;
    pc_err_clear(&err);
    fl_models *m = NULL;
    if (rc == CLI_EXIT_OK)
        rc = cli_flow_models("flows", defaults, models, nmodels, &m);
    const char *bad = NULL;
    if (rc == CLI_EXIT_OK && !fl_models_keep_rules(m, rules, nrules, &bad))
        rc = cli_usage_error("flows", "unknown rule '%s' (pycpg flows --list-rules)", bad);
    if (rc == CLI_EXIT_OK && list_rules) {
        fl_result r = {0};
        fl_result_rules(m, &r);
        for (size_t i = 0; i < r.nrules; i++)
            printf("%-24s %s\n", r.rule_ids[i], r.rule_names[i]);
        fl_result_free(&r);
        fl_models_free(m);
        core_free(models);
        core_free(rules);
        return CLI_EXIT_OK;
    }
    fl_result res = {0};
    if (rc == CLI_EXIT_OK && graph) {
        opt.graph = fopen(graph, "wb");
        if (!opt.graph) {
            fprintf(stderr, "pycpg: cannot write %s\n", graph);
            rc = CLI_EXIT_FAIL;
        }
    }
    store_reader *rd = NULL;
    if (rc == CLI_EXIT_OK && (store_reader_open(out, 1, &rd, &err) != PC_OK ||
                              (save ? analyze_and_save(out, &rd, m, &opt, &res, &err)
                                    : fl_analyze(rd, m, &opt, &res, &err)) != PC_OK))
        rc = cli_fail(&err);
    store_reader_free(rd);
    if (opt.graph && fclose(opt.graph) != 0 && rc == CLI_EXIT_OK) {
        fprintf(stderr, "pycpg: cannot write %s\n", graph);
        rc = CLI_EXIT_FAIL;
    }
    if (rc == CLI_EXIT_OK) {
        FILE *fp = output ? fopen(output, "wb") : stdout;
        if (!fp) {
            fprintf(stderr, "pycpg: cannot write %s\n", output);
            rc = CLI_EXIT_FAIL;
        } else {
            bool made = true;
            if (strcmp(format, "json") == 0)
                made = fl_report_json(&res, fp);
            else if (strcmp(format, "sarif") == 0)
                made = fl_report_sarif(&res, fp);
            else
                fl_report_text(&res, fp);
            if (!made) {
                fprintf(stderr,
                        "pycpg: could not write the %s document of %zu findings to %s "
                        "(out of memory, or a failed write)\n",
                        format, res.n, output ? output : "standard output");
                rc = CLI_EXIT_FAIL;
            }
            if (fflush(fp) != 0 || (output && fclose(fp) != 0)) {
                fprintf(stderr, "pycpg: cannot write %s\n", output ? output : "standard output");
                rc = CLI_EXIT_FAIL;
            }
            struct stat st; /* no incomplete document left behind (a file, not a device) */
            if (rc != CLI_EXIT_OK && output && stat(output, &st) == 0 && S_ISREG(st.st_mode))
                remove(output);
        }
        if (rc == CLI_EXIT_OK && fail_on && res.n > 0)
            rc = 3;
    }
    fl_result_free(&res);
    fl_models_free(m);
    core_free(models);
    core_free(rules);
    return rc;
}
