/*
 * cmd_link.c — `pycpg link OUT1 [OUT2 …] -o OUT`: shard outputs merged and linked into one CPG.
 */
#include "cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <string.h>

const char cli_help_link[] =
    "usage: pycpg link OUT1 [OUT2 …] -o OUT [--memory-limit SIZE] [-q | -v]\n"
    "\n"
    "Puts together the outputs of `pycpg build REPO --shard K/N -o OUT_K` for K = 1…N (run\n"
    "on as many machines) and runs the link stage's repository-wide part over the whole: OUT\n"
    "then holds what one `pycpg build REPO -o OUT --scip off` would have written — the same\n"
    "rows, ids and order in every dataset, the CPG included (docs/usage.md, \"Sharded\n"
    "runs\"). Every shard cut the repository into the same chunks of files and holds some\n"
    "of them, each with its per-file link rows; their Parquet parts are taken as they are\n"
    "(hard links).\n"
    "The inputs are only read; OUT is staged and published atomically, like a build's.\n"
    "\n"
    "Refused: an input that is not such a build made by this pycpg binary (built with\n"
    "--only, --no-link, SCIP or --runtime-inspect, or by another build of pycpg); inputs of\n"
    "different repositories or --repo-id, or cut into different chunks (the files changed\n"
    "between the shards' builds); a chunk in two inputs, or in none (a missing shard).\n"
    "\n"
    "options:\n"
    "  -o, --out DIR            output directory (required)\n"
    "      --memory-limit SIZE  memory limit of the embedded DuckDB (e.g. 4GB; default:\n"
    "                           " PIPELINE_MEMORY_LIMIT
    "); past it DuckDB spills to disk, and a statement\n"
    "                           that cannot spill runs again without the limit\n"
    "  -q, --quiet              print only errors\n"
    "  -v, --verbose            print more detail\n"
    "\n"
    "Exit status: 0 linked, 1 the run could not complete, 2 bad usage.\n";

#define MAX_INPUTS 4096

int cli_cmd_link(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        {"memory-limit", required_argument, NULL, 'm'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    pycpg_link_options opt = {0};
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:qv", longopts, NULL)) != -1) {
        if (c == 'o')
            opt.out = optarg;
        else if (c == 'm')
            opt.memory_limit = optarg;
        else if (c == 'q')
            log_set_level(LOG_QUIET);
        else if (c == 'v')
            log_set_level(LOG_VERBOSE);
        else
            return cli_usage_error("link", "unknown or incomplete option '%s'", argv[optind - 1]);
    }
    if (optind >= argc)
        return cli_usage_error("link", "missing OUT1 (the outputs to link)");
    if (!opt.out)
        return cli_usage_error("link", "missing -o OUT (the output directory)");
    if (argc - optind > MAX_INPUTS)
        return cli_usage_error("link", "more than %d inputs", MAX_INPUTS);
    opt.inputs = (const char *const *)&argv[optind];
    opt.ninputs = (size_t)(argc - optind);
    pc_err err;
    pc_err_clear(&err);
    build_summary sum;
    pipeline_install_signal_handlers();
    if (pipeline_link_outputs(&opt, &sum, &err) != PC_OK)
        return cli_fail(&err);
    log_info("linked %zu outputs into %s in %.1fs: %" PRId64 " files (%" PRId64
             " read, %.1f MB), %" PRId64 " problem rows, %" PRId64 " datasets",
             opt.ninputs, opt.out, sum.seconds, sum.files, sum.files_read, (double)sum.bytes / 1e6,
             sum.problems, sum.datasets);
    log_info("stages: chunks taken %.1fs, link %.1fs", sum.extract_seconds, sum.link_seconds);
    return CLI_EXIT_OK;
}
