/*
 * cmd_report.c — `pycpg report OUT -o report.html` (stub).
 */
#include "cli.h"

const char cli_help_report[] = "usage: pycpg report OUT -o FILE\n";

int cli_cmd_report(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return CLI_EXIT_FAIL;
}
