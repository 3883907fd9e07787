/*
 * cmd_query.c — `pycpg query OUT "SQL" [--csv|--json]`: the user's SQL through store_query (a
 * store_reader of its own, DuckDB's default threads).
 */
#include "cli.h"

#include <string.h>

const char cli_help_query[] =
    "usage: pycpg query OUT \"SQL\" [--csv | --json]\n"
    "\n"
    "Runs SQL (DuckDB's dialect) over the build output OUT. Every dataset is a view of its\n"
    "own name (ts_nodes_v1, repo_files_v1, file_errors_v1, …), and each dataset's error\n"
    "artifacts are views <dataset>_errors, <dataset>_error_stats and <dataset>_alignment.\n"
    "A view is made when the SQL names it (a name put together at run time is not seen);\n"
    "SHOW TABLES, DESCRIBE, information_schema and duckdb_*() see every view.\n"
    "\n"
    "Macros: cpg_flow_path(src, dst [, rule := 'ID']) is a table of the shortest path\n"
    "between two value-flow node ids over cpg_flow_edges_v1 (written by `pycpg flows OUT\n"
    "--save`): step, node_id, edge_kind, flow_kind, what, path, line, edge_id; no row when\n"
    "dst is not reached (docs/usage.md, \"Taint flows in SQL\").\n"
    "pycpg_id(prefix, part, ...) is the stable id of its parts, as pycpg computes ids; the\n"
    "views fill the id columns the Parquet files store sparse with it (docs/datasets.md,\n"
    "\"Sparse id columns\").\n"
    "\n"
    "options:\n"
    "  --csv    print CSV (RFC 4180) with a header line\n"
    "  --json   print a JSON array of objects (numbers and booleans typed)\n"
    "  (default: an aligned table; long values are cut at 60 characters)\n"
    "\n"
    "example: pycpg query out \"select ts_type, count(*) n from ts_nodes_v1 group by 1\n"
    "                           order by n desc limit 10\"\n";

int cli_cmd_query(int argc, char **argv)
{
    store_format fmt = STORE_FMT_TABLE;
    const char *pos[2] = {NULL, NULL};
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--csv") == 0)
            fmt = STORE_FMT_CSV;
        else if (strcmp(argv[i], "--json") == 0)
            fmt = STORE_FMT_JSON;
        else if (argv[i][0] == '-' && argv[i][1] != '\0' && npos < 2 && i > 0 &&
                 strncmp(argv[i], "--", 2) == 0)
            return cli_usage_error("query", "unknown option '%s'", argv[i]);
        else if (npos < 2)
            pos[npos++] = argv[i];
        else
            return cli_usage_error("query", "unexpected argument '%s'", argv[i]);
    }
    if (npos < 1)
        return cli_usage_error("query", "missing OUT (a pycpg build output directory)");
    if (npos < 2)
        return cli_usage_error("query", "missing SQL");
    pc_err err;
    pc_err_clear(&err);
    if (store_query(pos[0], pos[1], fmt, stdout, &err) != PC_OK)
        return cli_fail(&err);
    return CLI_EXIT_OK;
}
