/*
 * cmd_export.c — `pycpg export OUT -o DIR [--format ipc|both|parquet]`: an existing output's
 * datasets in another format (Arrow IPC snapshots of its Parquet parts, by default).
 */
#include "cli.h"

#include <getopt.h>
#include <string.h>

const char cli_help_export[] =
    "usage: pycpg export OUT -o DIR [--format ipc|both|parquet] [-q | -v]\n"
    "\n"
    "Writes the datasets of OUT, the output of an earlier `pycpg build`, into DIR in another\n"
    "format: with --format ipc (the default) every part OUT/<dataset>/part-X.parquet becomes\n"
    "DIR/<dataset>/part-X.arrow, an Arrow IPC file (file format: pyarrow.ipc.open_file,\n"
    "pl.scan_ipc, apache-arrow's tableFromIPC) with the same rows, column names, types and\n"
    "schema metadata, and the rows a build left to its readers (docs/datasets.md,\n"
    "\"Referenced rows\") in DIR/<dataset>/part-derived.arrow; 'both' also puts the Parquet\n"
    "parts and the error artifacts there (hard links where possible); 'parquet' only those.\n"
    "DIR gets OUT's manifest.json, its datasets' \"format\" and \"files\" saying what DIR\n"
    "holds (run bundles stay in OUT). OUT is only read;\n"
    "DIR is staged and published atomically like a build's output: it must be absent, empty\n"
    "or an earlier pycpg output, and not OUT itself.\n"
    "\n"
    "options:\n"
    "  -o, --out DIR            output directory (required)\n"
    "      --format FORMAT      ipc (default), both or parquet\n"
    "  -q, --quiet              print only errors\n"
    "  -v, --verbose            print more detail\n"
    "\n"
    "Exit status: 0 exported, 1 the export could not complete, 2 bad usage.\n";

int cli_cmd_export(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    const char *dir = NULL;
    store_out_format f = STORE_OUT_IPC;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:qv", longopts, NULL)) != -1) {
        if (c == 'o')
            dir = optarg;
        else if (c == 'f') {
            if (!store_out_format_parse(optarg, &f))
                return cli_usage_error("export", "--format: '%s' is not ipc, both or parquet",
                                       optarg);
        } else if (c == 'q')
            log_set_level(LOG_QUIET);
        else if (c == 'v')
            log_set_level(LOG_VERBOSE);
        else
            return cli_usage_error("export", "unknown or incomplete option '%s'", argv[optind - 1]);
    }
    if (optind >= argc)
        return cli_usage_error("export", "missing OUT (the output to export)");
    if (argc - optind > 1)
        return cli_usage_error("export", "one OUT only ('%s' is extra)", argv[optind + 1]);
    if (!dir)
        return cli_usage_error("export", "missing -o DIR (the output directory)");
    const char *out = argv[optind];
    pc_err err;
    pc_err_clear(&err);
    double t0 = clock_now();
    if (store_export(out, dir, f, &err) != PC_OK)
        return cli_fail(&err);
    log_info("exported %s to %s (%s) in %.1fs", out, dir, store_out_format_name(f),
             clock_now() - t0);
    return CLI_EXIT_OK;
}
