/*
 * cli.h — the interface of src/cli: the `pycpg` command and its subcommands.
 *
 * Exit status of every command: 0 success, 1 the run could not complete (I/O, DuckDB,
 * interruption), 2 bad usage (unknown command or option, missing argument, unknown dataset).
 * Problems in the analysed repository never change the exit status: they are rows.
 */
#ifndef PYCPG_CLI_H
#define PYCPG_CLI_H

#include "../flows/flows.h"
#include "../pipeline/pipeline.h"

#define CLI_EXIT_OK    0
#define CLI_EXIT_FAIL  1
#define CLI_EXIT_USAGE 2

typedef struct {
    const char *name;
    const char *summary;               /* one line for `pycpg help` */
    const char *help;                  /* full text for `pycpg help NAME` */
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
} cli_command;

const cli_command *cli_find(const char *name);
size_t cli_command_count(void);
const cli_command *cli_command_at(size_t i);

/* Prints "pycpg: <message>" and a hint, returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Maps a failed status to an exit code after printing the error. */
int cli_fail(const pc_err *err);

int cli_cmd_build(int argc, char **argv);
int cli_cmd_datasets(int argc, char **argv);
int cli_cmd_query(int argc, char **argv);
int cli_cmd_rules(int argc, char **argv);
int cli_cmd_callgraph(int argc, char **argv);
int cli_cmd_link(int argc, char **argv);
int cli_cmd_export(int argc, char **argv);
int cli_cmd_show(int argc, char **argv);
int cli_cmd_report(int argc, char **argv);
int cli_cmd_flows(int argc, char **argv);

extern const char cli_help_build[];
extern const char cli_help_datasets[];
extern const char cli_help_query[];
extern const char cli_help_rules[];
extern const char cli_help_callgraph[];
extern const char cli_help_link[];
extern const char cli_help_export[];
extern const char cli_help_show[];
extern const char cli_help_report[];
extern const char cli_help_flows[];

/* ---- shared by show and report (cmd_show.c) ---- */
struct json_t;
struct view_graph;
/* CLI_EXIT_OK when out is a pycpg output, else prints a usage error for cmd. */
int cli_check_out(const char *cmd, const char *out);
/* Writes len bytes to path (NULL: standard output); an exit code. */
int cli_write_output(const char *path, const char *data, size_t len);
/* The CFG pictures of n code objects (py_bc_code_units_v1.code_unit_id) with their titles:
 * gs[i] for units[i], owned by the caller. */
pc_status show_cfg_units(store_reader *rd, const int64_t *units, size_t n,
                         const char *const *titles, bool instructions, struct view_graph **gs,
                         pc_err *err);
/* {code_unit_id (decimal text): its name as `pycpg callgraph` gives it} of every code
 * object of the output. */
pc_status show_unit_names(store_reader *rd, struct json_t **names, pc_err *err);
/* The import graph of the repository's modules (package: only those in it, NULL for all);
 * collapse > 0 draws module names cut to their first collapse parts. */
pc_status show_imports_graph(store_reader *rd, const char *package, int collapse,
                             struct view_graph **g, size_t *nmodules, pc_err *err);
/* The taint models of `pycpg flows`, `show flow` and `report --flows`: the defaults (when
 * with_defaults) and those of each of the n files. CLI_EXIT_OK and *out (the caller frees it
 * with fl_models_free), or the exit code after a message naming cmd (a bad file: usage). */
int cli_flow_models(const char *cmd, bool with_defaults, const char *const *files, size_t n,
                    fl_models **out);
/* The path of finding k of res (`pycpg flows`): a node per step with its line:column, what
 * it is and its source line (repo_files_v1 of rd), in a box per file, source to sink. */
pc_status show_flow_graph(store_reader *rd, const fl_result *res, size_t k, struct view_graph **g,
                          pc_err *err);
/* Strongly connected components: comp[v] for each of n nodes, edges from[k] -> to[k]. */
void show_scc(size_t n, const size_t *from, const size_t *to, size_t m, size_t *comp);

#endif
