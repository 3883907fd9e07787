/*
 * cmd_rules.c — `pycpg rules [--sql]`: the relationship rules of the link stage, and the SQL
 * they compile to (src/link owns both; this file only prints).
 */
#include "cli.h"

#include "../link/link.h"

#include <string.h>

const char cli_help_rules[] =
    "usage: pycpg rules [--sql | --script]\n"
    "\n"
    "Prints the relationship rules of the link stage: for each, its output dataset, priority,\n"
    "join (hash equality, or span containment within a file) with its inputs and keys, its\n"
    "ambiguity policy and tie-breakers, confidence, score and resolution method.\n"
    "\n"
    "options:\n"
    "      --sql    also print the DuckDB SQL of every rule and of every rel_* output (the\n"
    "               union of its rules, deduped by the output's keys, canonically sorted)\n"
    "      --script print the whole link stage as one DuckDB script instead: normalize\n"
    "               steps, rel_* outputs and the emission of cpg_nodes_v1, cpg_edges_v1 and\n"
    "               cpg_props_v1, over relations named like the evidence datasets\n";

int cli_cmd_rules(int argc, char **argv)
{
    bool sql = false, script = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--sql") == 0)
            sql = true;
        else if (strcmp(argv[i], "--script") == 0)
            script = true;
        else
            return cli_usage_error("rules", "unknown option '%s'", argv[i]);
    }
    pc_err err;
    pc_err_clear(&err);
    if (link_check_tables(&err) != PC_OK)
        return cli_fail(&err);
    if (script)
        link_print_script(stdout);
    else
        link_print_rules(stdout, sql);
    return CLI_EXIT_OK;
}
