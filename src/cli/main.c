/*
 * main.c — entry point of `pycpg`: dispatches to the command table; help and version.
 */
#include "cli.h"
#include "../link/link.h"

#include <stdarg.h>
#include <string.h>

static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);

static const char help_help[] = "usage: pycpg help [COMMAND]\n\n"
                                "Lists the commands, or prints the full help of COMMAND.\n";
static const char help_version[] = "usage: pycpg --version\n\n"
                                   "Prints the version of pycpg and of what it embeds.\n";

static const cli_command commands[] = {
    {"build", "build the CPG evidence datasets of a Python repository", cli_help_build,
     cli_cmd_build},
    {"link", "put shard outputs (build --shard K/N) together and link them into one CPG",
     cli_help_link, cli_cmd_link},
    {"query", "run SQL over a build's output (every dataset is a view)", cli_help_query,
     cli_cmd_query},
    {"export", "write a build's datasets as Arrow IPC files (.arrow) into another output",
     cli_help_export, cli_cmd_export},
    {"datasets", "list every dataset pycpg writes, with its columns", cli_help_datasets,
     cli_cmd_datasets},
    {"rules", "print the link stage's relationship rules (--sql: and their SQL)", cli_help_rules,
     cli_cmd_rules},
    {"callgraph", "print the resolved call graph as JSON (PyCG's format)", cli_help_callgraph,
     cli_cmd_callgraph},
    {"flows", "find taint flows from sources to sinks across functions (text, JSON, SARIF)",
     cli_help_flows, cli_cmd_flows},
    {"show", "draw a function's CFG, AST or CST, its calls, or the import graph (graphviz)",
     cli_help_show, cli_cmd_show},
    {"report", "write one self-contained HTML page about a build", cli_help_report, cli_cmd_report},
    {"help", "show help for a command", help_help, cmd_help},
    {"version", "print version information", help_version, cmd_version},
};

size_t cli_command_count(void)
{
    return sizeof commands / sizeof commands[0];
}

const cli_command *cli_command_at(size_t i)
{
    return i < cli_command_count() ? &commands[i] : NULL;
}

const cli_command *cli_find(const char *name)
{
    for (size_t i = 0; i < cli_command_count(); i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("pycpg: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (cmd)
        fprintf(stderr, "\nTry 'pycpg help %s'.\n", cmd);
    else
        fputs("\nTry 'pycpg help'.\n", stderr);
    return CLI_EXIT_USAGE;
}

int cli_fail(const pc_err *err)
{
    fprintf(stderr, "pycpg: %s\n", err->msg[0] ? err->msg : pc_status_name(err->rc));
    if (log_get_level() >= LOG_VERBOSE && err->where)
        fprintf(stderr, "pycpg: (raised at %s)\n", err->where);
    return err->rc == PC_ERR_ARG ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
}

static void print_overview(FILE *fp)
{
    fputs("usage: pycpg COMMAND [ARGS]\n\n"
          "pycpg builds a Code Property Graph of a Python repository and writes it as Parquet\n"
          "datasets: the evidence of tree-sitter, the CST lens, CPython (AST, symtable,\n"
          "bytecode) and scip-python (SCIP), then the link stage's normalized tables,\n"
          "relationship outputs (rel_*) and the graph itself (cpg_nodes_v1, cpg_edges_v1,\n"
          "cpg_props_v1). `pycpg datasets` lists them; docs/datasets.md documents them.\n"
          "\ncommands:\n",
          fp);
    for (size_t i = 0; i < cli_command_count(); i++)
        fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\noptions: --help, --version\n"
          "exit status: 0 ok, 1 the run could not complete, 2 bad usage\n"
          "Run 'pycpg help COMMAND' for a command's options.\n",
          fp);
}

static int cmd_help(int argc, char **argv)
{
    if (argc < 2) {
        print_overview(stdout);
        return CLI_EXIT_OK;
    }
    const cli_command *c = cli_find(argv[1]);
    if (!c)
        return cli_usage_error(NULL, "unknown command '%s'", argv[1]);
    fputs(c->help, stdout);
    return CLI_EXIT_OK;
}

static int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("pycpg %s (duckdb %s, tree-sitter-python 0.23.6, malloc %s)\n", PYCPG_VERSION,
           store_duckdb_version(), core_malloc_name());
    return CLI_EXIT_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_overview(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
        name = "help";
    else if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0)
        name = "version";
    const cli_command *c = cli_find(name);
    if (!c)
        return cli_usage_error(NULL, "unknown command '%s'", argv[1]);
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(c->help, stdout);
            return CLI_EXIT_OK;
        }
    }
    link_referenced_register(); /* before any reader: the CPG tables' referenced rows */
    return c->run(argc - 1, argv + 1);
}
