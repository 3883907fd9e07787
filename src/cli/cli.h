/*
 * cli.h — the interface of src/cli: the `pycpg` command and its subcommands.
 *
 * Exit status of every command: 0 success, 1 the run could not complete (I/O, DuckDB,
 * interruption), 2 bad usage (unknown command or option, missing argument, unknown dataset).
 * Problems in the analysed repository never change the exit status: they are rows.
 */
#ifndef PYCPG_CLI_H
#define PYCPG_CLI_H

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

extern const char cli_help_build[];
extern const char cli_help_datasets[];
extern const char cli_help_query[];
extern const char cli_help_rules[];
extern const char cli_help_callgraph[];
extern const char cli_help_link[];
extern const char cli_help_export[];

#endif
