/*
 * cmd_build.c — `pycpg build REPO -o OUT [options]`.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cli_help_build[] =
    "usage: pycpg build REPO -o OUT [options]\n"
    "\n"
    "Reads every Python file of the repository REPO and writes the evidence datasets as\n"
    "Parquet into OUT (OUT/<dataset>/part-*.parquet, OUT/extract_errors/<dataset>/…,\n"
    "OUT/manifest.json). The output is staged beside OUT and published atomically: an\n"
    "interrupted build leaves the previous OUT as it was. OUT must be absent, empty, or an\n"
    "earlier pycpg output; anything else is refused.\n"
    "\n"
    "Files that cannot be read or decoded become rows of file_errors_v1; the build goes on.\n"
    "\n"
    "options:\n"
    "  -o, --out DIR            output directory (required)\n"
    "      --only LIST          comma-separated datasets to write (default: all of them;\n"
    "                           see `pycpg datasets`); repeatable\n"
    "      --include GLOB       files to read, matched against the repo-relative path;\n"
    "                           '*' also matches '/'; repeatable (default: **/*.py)\n"
    "      --exclude GLOB       files or directories to skip; repeatable\n"
    "      --no-gitignore       read files that .gitignore excludes (a git work tree's\n"
    "                           ignore rules are honoured by default)\n"
    "      --no-default-excludes  also descend into .git, __pycache__, .venv, venv,\n"
    "                           node_modules, .mypy_cache, .pytest_cache, .ruff_cache, .tox\n"
    "      --max-file-size N    skip files larger than N bytes (K/M/G suffixes; 0 = no\n"
    "                           limit; default 20M); skipped files get a 'too_large' row\n"
    "      --repo-id ID         mix ID into every file id (outputs of several repositories)\n"
    "      --memory-limit SIZE  memory limit of the DuckDB of the link stage's\n"
    "                           repository-wide part (e.g. 4GB; default: " PIPELINE_MEMORY_LIMIT
    "); past it\n"
    "                           DuckDB spills to a temporary directory in OUT's staging\n"
    "                           directory, and a statement that cannot spill runs again\n"
    "                           without the limit. Each worker's DuckDB has 256MB, and\n"
    "                           the same fallback\n"
    "  -j, --jobs N             extract in N worker processes (default: one per online\n"
    "                           CPU). The datasets are identical whatever N; a worker\n"
    "                           that crashes on a file costs only that file (a\n"
    "                           'worker_crashed' row) and is replaced. -j 0 extracts in\n"
    "                           this process: no crash isolation, no time limit (for\n"
    "                           debugging)\n"
    "      --no-link            skip the link stage: write the evidence datasets only, not\n"
    "                           the normalized, rel_* and cpg_* datasets (the link stage\n"
    "                           costs several times the extraction; docs/performance.md)\n"
    "      --copy-graph         store every row of cpg_nodes_v1, cpg_edges_v1 and\n"
    "                           cpg_props_v1 in their own files, for readers of the raw\n"
    "                           Parquet files; by default a node, edge or prop that is a\n"
    "                           function of one evidence row is not stored and pycpg's\n"
    "                           readers (query, export, show, …) compute it again\n"
    "                           (docs/datasets.md, \"Referenced rows\"); --format ipc stores\n"
    "                           them all. --copy-props is the same option's older name\n"
    "      --flows              also run the taint analysis of `pycpg flows OUT` (default\n"
    "                           models) after the link stage and write its findings and\n"
    "                           value-flow graph as cpg_flows_v1 and cpg_flow_edges_v1\n"
    "                           (written empty otherwise; --only naming one of them does the\n"
    "                           same)\n"
    "      --shard K/N          build one shard of N, for fanning a build out over\n"
    "                           machines: the chunks of files (about 512 KB of source each)\n"
    "                           whose first file's id is K-1 modulo N, with their per-file\n"
    "                           link rows; implies --scip off. `pycpg link OUT1 … OUTN -o\n"
    "                           OUT` puts the shards together and links the whole\n"
    "                           (docs/usage.md, \"Sharded runs\")\n"
    "      --no-incremental     rebuild every file. By default, when OUT holds an earlier\n"
    "                           build of the same repository with the same pycpg binary and\n"
    "                           options, only the chunks of files (about 512 KB of source\n"
    "                           each) holding a changed, new or deleted file are extracted\n"
    "                           and linked again (the others' Parquet parts, their CPG rows\n"
    "                           included, are reused) and the link stage's repository-wide\n"
    "                           part runs again; the result is the same as a clean build's.\n"
    "                           Builds with SCIP or --runtime-inspect are always full (both\n"
    "                           are per repository)\n"
    "      --file-timeout SEC   stop a worker that spends more than SEC seconds on one\n"
    "                           file; the file gets a 'file_timeout' row (default 120;\n"
    "                           0 = no limit)\n"
    "      --scip MODE          SCIP symbols (scip_* datasets): 'auto' runs scip-python\n"
    "                           (installed by scripts/setup.sh) on REPO in a child process\n"
    "                           while the files are extracted; 'off' skips SCIP; any other\n"
    "                           value is the path of an existing index.scip to ingest.\n"
    "                           Default: $PYCPG_SCIP if set, else 'auto'. A missing, failing\n"
    "                           or timed-out scip-python does not fail the build: the SCIP\n"
    "                           datasets stay empty, the manifest says why (counts.scip_status)\n"
    "                           and file_errors_v1 has a row (lens 'scip'). scip-python needs\n"
    "                           minutes and gigabytes on large trees (about 2 min and 3 GB\n"
    "                           for 1,000 standard-library files).\n"
    "      --scip-timeout SECS  time limit of scip-python (default 900; 0 = none); its\n"
    "                           process group is killed when it is reached\n"
    "      --scip-project-name NAME, --scip-project-version V\n"
    "                           identity given to scip-python (part of every symbol);\n"
    "                           default: pyproject.toml [project] name/version, else the\n"
    "                           directory name and `git describe --tags --always`, else 0\n"
    "      --runtime-inspect MODULE[,MODULE…] | all-packages\n"
    "                           import the named modules of REPO and record their objects,\n"
    "                           signatures, parameters and members (rt_* datasets). THIS RUNS\n"
    "                           THE REPOSITORY'S CODE: off by default. Each module is imported\n"
    "                           in its own child python3, started with only the repository (and\n"
    "                           its src/ when that holds packages) before the standard library\n"
    "                           and site-packages on sys.path, a scrubbed environment, stdin\n"
    "                           closed, cwd a fresh temporary directory, rlimits on memory, CPU,\n"
    "                           file size and open files, and, where the kernel permits, no\n"
    "                           network (a new network namespace), every file system read-only\n"
    "                           but that directory, and no capabilities\n"
    "                           (docs/robustness.md, \"Runtime inspection\", says exactly\n"
    "                           what is and is not contained). A module that raises, hangs,\n"
    "                           exceeds a limit or kills its interpreter becomes an\n"
    "                           rt_errors_v1 row; the build goes on.\n"
    "                           'all-packages': every module of the repository's packages\n"
    "                           (never __main__.py or a top-level setup.py)\n"
    "      --runtime-python PATH    the interpreter of the children (default: python3 on PATH;\n"
    "                           its version is recorded in the manifest)\n"
    "      --runtime-timeout SECS   wall-clock limit of one module's child (default 15; 0 =\n"
    "                           none); its CPU limit is one second more\n"
    "      --runtime-total-timeout SECS\n"
    "                           wall-clock limit of all modules together (default 600; 0 =\n"
    "                           none); modules not reached get 'overall_timeout' rows\n"
    "      --runtime-memory SIZE    address-space limit of each child (default 1G; 0 = none)\n"
    "      --runtime-max-output SIZE\n"
    "                           largest report read from one child (default 64M)\n"
    "      --format FORMAT      the datasets' files: 'parquet' (default), 'ipc' (Arrow IPC\n"
    "                           file format, OUT/<dataset>/part-*.arrow, the Parquet parts\n"
    "                           removed once converted) or 'both' (each part-*.parquet with\n"
    "                           its part-*.arrow twin: same rows, columns, types and schema\n"
    "                           metadata). The manifest lists every dataset's files. `pycpg\n"
    "                           query`, incremental builds and `pycpg link` read Parquet:\n"
    "                           an 'ipc' output is for other readers (pyarrow, Polars)\n"
    "  -q, --quiet              print only errors\n"
    "  -v, --verbose            print more detail\n"
    "\n"
    "A progress line (files, MB/s, ETA) is drawn on stderr when stderr is a terminal.\n"
    "Exit status: 0 built, 1 the build could not complete, 2 bad usage.\n";

#define MAX_LIST 256

typedef struct {
    const char *items[MAX_LIST];
    size_t n;
    char *owned[MAX_LIST]; /* strdup'ed comma lists */
    size_t nowned;
} str_list;

static int list_add_split(str_list *l, const char *arg)
{
    if (l->nowned >= MAX_LIST)
        return -1;
    char *copy = core_strdup(arg);
    l->owned[l->nowned++] = copy;
    char *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (l->n >= MAX_LIST)
            return -1;
        if (*tok)
            l->items[l->n++] = tok;
    }
    return 0;
}

static int list_add(str_list *l, const char *arg)
{
    if (l->n >= MAX_LIST)
        return -1;
    l->items[l->n++] = arg;
    return 0;
}

static void list_free(str_list *l)
{
    for (size_t i = 0; i < l->nowned; i++)
        core_free(l->owned[i]);
}

/* Parses "123", "20M", "4k" … into bytes; -1 on error. */
static int64_t parse_size(const char *s)
{
    errno = 0;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || v < 0)
        return -1;
    int64_t mult = 1;
    switch (*end) {
    case '\0':
        break;
    case 'k':
    case 'K':
        mult = 1LL << 10;
        break;
    case 'm':
    case 'M':
        mult = 1LL << 20;
        break;
    case 'g':
    case 'G':
        mult = 1LL << 30;
        break;
    default:
        return -1;
    }
    if (*end && end[1] != '\0' && !((end[1] == 'B' || end[1] == 'b') && end[2] == '\0'))
        return -1;
    if (v > INT64_MAX / mult)
        return -1;
    return (int64_t)v * mult;
}

typedef struct {
    build_options opt;
    str_list only, include, exclude, runtime;
    bool scip_given; /* --scip was on the command line */
} build_args;

enum {
    OPT_ONLY = 256,
    OPT_INCLUDE,
    OPT_EXCLUDE,
    OPT_NO_GITIGNORE,
    OPT_NO_DEFAULT_EXCLUDES,
    OPT_MAX_FILE_SIZE,
    OPT_REPO_ID,
    OPT_MEMORY_LIMIT,
    OPT_FILE_TIMEOUT,
    OPT_NO_LINK,
    OPT_COPY_GRAPH,
    OPT_FLOWS,
    OPT_SCIP,
    OPT_SCIP_TIMEOUT,
    OPT_SCIP_NAME,
    OPT_SCIP_VERSION,
    OPT_RT_INSPECT,
    OPT_RT_PYTHON,
    OPT_RT_TIMEOUT,
    OPT_RT_TOTAL,
    OPT_RT_MEMORY,
    OPT_RT_OUTPUT,
    OPT_SHARD,
    OPT_NO_INCREMENTAL,
    OPT_FORMAT
};

static const struct option build_longopts[] = {
    {"out", required_argument, NULL, 'o'},
    {"only", required_argument, NULL, OPT_ONLY},
    {"include", required_argument, NULL, OPT_INCLUDE},
    {"exclude", required_argument, NULL, OPT_EXCLUDE},
    {"no-gitignore", no_argument, NULL, OPT_NO_GITIGNORE},
    {"no-default-excludes", no_argument, NULL, OPT_NO_DEFAULT_EXCLUDES},
    {"max-file-size", required_argument, NULL, OPT_MAX_FILE_SIZE},
    {"repo-id", required_argument, NULL, OPT_REPO_ID},
    {"memory-limit", required_argument, NULL, OPT_MEMORY_LIMIT},
    {"scip", required_argument, NULL, OPT_SCIP},
    {"scip-timeout", required_argument, NULL, OPT_SCIP_TIMEOUT},
    {"scip-project-name", required_argument, NULL, OPT_SCIP_NAME},
    {"scip-project-version", required_argument, NULL, OPT_SCIP_VERSION},
    {"runtime-inspect", required_argument, NULL, OPT_RT_INSPECT},
    {"runtime-python", required_argument, NULL, OPT_RT_PYTHON},
    {"runtime-timeout", required_argument, NULL, OPT_RT_TIMEOUT},
    {"runtime-total-timeout", required_argument, NULL, OPT_RT_TOTAL},
    {"runtime-memory", required_argument, NULL, OPT_RT_MEMORY},
    {"runtime-max-output", required_argument, NULL, OPT_RT_OUTPUT},
    {"jobs", required_argument, NULL, 'j'},
    {"file-timeout", required_argument, NULL, OPT_FILE_TIMEOUT},
    {"no-link", no_argument, NULL, OPT_NO_LINK},
    {"copy-graph", no_argument, NULL, OPT_COPY_GRAPH},
    {"copy-props", no_argument, NULL, OPT_COPY_GRAPH},
    {"flows", no_argument, NULL, OPT_FLOWS},
    {"shard", required_argument, NULL, OPT_SHARD},
    {"no-incremental", no_argument, NULL, OPT_NO_INCREMENTAL},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {NULL, 0, NULL, 0},
};

/* --scip MODE: 0 or a usage exit code. */
static int set_scip_mode(build_options *o, const char *arg)
{
    if (!*arg)
        return cli_usage_error("build", "--scip: expected auto, off or the path of an index.scip");
    o->scip_mode = strcmp(arg, "auto") == 0  ? SCIP_MODE_AUTO
                   : strcmp(arg, "off") == 0 ? SCIP_MODE_OFF
                                             : SCIP_MODE_PATH;
    o->scip_path = o->scip_mode == SCIP_MODE_PATH ? arg : NULL;
    return 0;
}

/* A dotted module name: identifiers (ASCII letters, digits, '_', or any non-ASCII byte)
 * joined by single dots. */
static bool is_module_name(const char *s)
{
    bool start = true;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '.') {
            if (start)
                return false;
            start = true;
            continue;
        }
        if (!(c == '_' || c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (!start && c >= '0' && c <= '9')))
            return false;
        start = false;
    }
    return !start;
}

/* Seconds option: 0 or a usage exit code. */
static int parse_seconds(const char *name, const char *arg, double *out)
{
    char *end = NULL;
    double t = strtod(arg, &end);
    if (!*arg || *end || !(t >= 0) || t > 1e7)
        return cli_usage_error("build", "%s: '%s' is not a number of seconds", name, arg);
    *out = t;
    return 0;
}

/* Options of runtime inspection; 0 or a usage exit code. */
static int apply_runtime_option(build_args *a, int c, const char *arg)
{
    switch (c) {
    case OPT_RT_INSPECT:
        return list_add_split(&a->runtime, arg)
                   ? cli_usage_error("build", "too many --runtime-inspect modules")
                   : 0;
    case OPT_RT_PYTHON:
        a->opt.runtime_python = arg;
        return *arg ? 0 : cli_usage_error("build", "--runtime-python: empty path");
    case OPT_RT_TIMEOUT:
        return parse_seconds("--runtime-timeout", arg, &a->opt.runtime_timeout);
    case OPT_RT_TOTAL:
        return parse_seconds("--runtime-total-timeout", arg, &a->opt.runtime_total_timeout);
    case OPT_RT_MEMORY:
        a->opt.runtime_memory = parse_size(arg);
        return a->opt.runtime_memory < 0
                   ? cli_usage_error("build", "--runtime-memory: '%s' is not a size", arg)
                   : 0;
    default: /* OPT_RT_OUTPUT */
        a->opt.runtime_max_output = parse_size(arg);
        return a->opt.runtime_max_output <= 0
                   ? cli_usage_error("build", "--runtime-max-output: '%s' is not a size", arg)
                   : 0;
    }
}

/* Applies one option; returns 0 or a usage exit code. */
static int apply_option(build_args *a, int c, const char *arg, const char *bad)
{
    if (c >= OPT_RT_INSPECT && c <= OPT_RT_OUTPUT)
        return apply_runtime_option(a, c, arg);
    char *end = NULL;
    long n;
    switch (c) {
    case 'o':
        a->opt.out = arg;
        return 0;
    case OPT_ONLY:
        return list_add_split(&a->only, arg) ? cli_usage_error("build", "too many --only") : 0;
    case OPT_INCLUDE:
        return list_add(&a->include, arg) ? cli_usage_error("build", "too many --include") : 0;
    case OPT_EXCLUDE:
        return list_add(&a->exclude, arg) ? cli_usage_error("build", "too many --exclude") : 0;
    case OPT_NO_GITIGNORE:
        a->opt.scan.no_gitignore = true;
        return 0;
    case OPT_NO_DEFAULT_EXCLUDES:
        a->opt.scan.no_default_excludes = true;
        return 0;
    case OPT_MAX_FILE_SIZE:
        a->opt.scan.max_file_size = parse_size(arg);
        return a->opt.scan.max_file_size < 0
                   ? cli_usage_error("build", "--max-file-size: '%s' is not a size", arg)
                   : 0;
    case OPT_REPO_ID:
        a->opt.scan.repo_id = arg;
        return 0;
    case OPT_MEMORY_LIMIT:
        a->opt.memory_limit = arg;
        return 0;
    case OPT_SCIP:
        a->scip_given = true;
        return set_scip_mode(&a->opt, arg);
    case OPT_SHARD: {
        int k = 0, of = 0, used = 0;
        if (sscanf(arg, "%d/%d%n", &k, &of, &used) != 2 || arg[used] || of < 1 || of > 1000000 ||
            k < 1 || k > of)
            return cli_usage_error("build", "--shard: '%s' is not K/N with 1 <= K <= N", arg);
        a->opt.shard_k = k;
        a->opt.shard_n = of;
        return 0;
    }
    case OPT_NO_INCREMENTAL:
        a->opt.no_incremental = true;
        return 0;
    case OPT_FORMAT:
        return store_out_format_parse(arg, &a->opt.format)
                   ? 0
                   : cli_usage_error("build", "--format: '%s' is not parquet, ipc or both", arg);
    case OPT_SCIP_TIMEOUT:
        a->opt.scip_timeout = strtod(arg, &end);
        return (!*arg || *end || !(a->opt.scip_timeout >= 0) || a->opt.scip_timeout > 1e7)
                   ? cli_usage_error("build", "--scip-timeout: '%s' is not a number of seconds",
                                     arg)
                   : 0;
    case OPT_SCIP_NAME:
        a->opt.scip_project_name = arg;
        return 0;
    case OPT_SCIP_VERSION:
        a->opt.scip_project_version = arg;
        return 0;
    case 'j':
        n = strtol(arg, &end, 10);
        if (!*arg || *end || n < 0 || n > 1024)
            return cli_usage_error("build", "-j: '%s' is not a number from 0 to 1024", arg);
        a->opt.jobs = (int)n;
        return 0;
    case OPT_NO_LINK:
        a->opt.no_link = true;
        return 0;
    case OPT_COPY_GRAPH:
        a->opt.copy_graph = true;
        return 0;
    case OPT_FLOWS:
        a->opt.flows = true;
        return 0;
    case OPT_FILE_TIMEOUT: {
        double t = strtod(arg, &end);
        if (!*arg || *end || !(t >= 0) || t > 1e6)
            return cli_usage_error("build",
                                   "--file-timeout: '%s' is not a number of seconds "
                                   "from 0 to 1000000",
                                   arg);
        a->opt.file_timeout = t;
        return 0;
    }
    case 'q':
        log_set_level(LOG_QUIET);
        return 0;
    case 'v':
        log_set_level(LOG_VERBOSE);
        return 0;
    default:
        return cli_usage_error("build", "unknown or incomplete option '%s'", bad);
    }
}

static int parse_build_args(build_args *a, int argc, char **argv)
{
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:j:qv", build_longopts, NULL)) != -1) {
        int rc = apply_option(a, c, optarg, argv[optind - 1]);
        if (rc)
            return rc;
    }
    if (optind >= argc)
        return cli_usage_error("build", "missing REPO (the repository to read)");
    if (optind + 1 < argc)
        return cli_usage_error("build", "unexpected argument '%s'", argv[optind + 1]);
    a->opt.repo = argv[optind];
    if (!a->opt.out)
        return cli_usage_error("build", "missing -o OUT (the output directory)");
    a->opt.only = a->only.items;
    a->opt.nonly = a->only.n;
    a->opt.scan.include_globs = a->include.items;
    a->opt.scan.ninclude = a->include.n;
    a->opt.scan.exclude_globs = a->exclude.items;
    a->opt.scan.nexclude = a->exclude.n;
    a->opt.runtime_modules = a->runtime.items;
    a->opt.nruntime_modules = a->runtime.n;
    for (size_t i = 0; i < a->runtime.n; i++) {
        const char *m = a->runtime.items[i];
        if (strcmp(m, "all-packages") == 0 && a->runtime.n > 1)
            return cli_usage_error("build", "--runtime-inspect: all-packages stands alone");
        if (strcmp(m, "all-packages") != 0 && !is_module_name(m))
            return cli_usage_error("build", "--runtime-inspect: '%s' is not a module name", m);
    }
    if (a->opt.shard_n > 0) { /* a shard holds whole chunks: `pycpg link` joins them */
        if (a->scip_given && a->opt.scip_mode != SCIP_MODE_OFF)
            return cli_usage_error("build", "--shard: SCIP indexes the whole repository; shards "
                                            "are built with --scip off");
        if (a->runtime.n > 0)
            return cli_usage_error("build", "--shard: --runtime-inspect is per repository; "
                                            "shards cannot run it");
        if (a->only.n > 0)
            return cli_usage_error("build", "--shard: pycpg link needs every evidence dataset; "
                                            "--only cannot be used");
        if (a->opt.no_link)
            return cli_usage_error("build", "--shard: pycpg link needs the shards' per-file "
                                            "link rows; --no-link cannot be used");
        a->opt.scip_mode = SCIP_MODE_OFF;
    }
    bool flows_only = false;
    for (size_t i = 0; i < a->only.n; i++)
        flows_only = flows_only || strncmp(a->only.items[i], "cpg_flow", 8) == 0;
    if ((a->opt.flows || flows_only) && (a->opt.no_link || a->opt.shard_n > 0))
        return cli_usage_error("build",
                               "%s: the flows follow the link stage's call graph of "
                               "the whole repository; not with %s",
                               a->opt.flows ? "--flows" : "--only cpg_flow*",
                               a->opt.no_link ? "--no-link" : "--shard");
    for (size_t i = 0; a->opt.no_link && i < a->only.n; i++)
        if (pipeline_is_link_dataset(a->only.items[i]))
            return cli_usage_error("build",
                                   "--no-link: --only asks for %s, which the link stage "
                                   "writes",
                                   a->only.items[i]);
    return 0;
}

static void print_summary(const build_options *opt, const build_summary *s)
{
    log_info("built %s in %.1fs: %" PRId64 " files (%" PRId64 " read, %.1f MB), %" PRId64
             " problem rows, %" PRId64 " datasets, %" PRId64 " tree-sitter nodes",
             opt->out, s->seconds, s->files, s->files_read, (double)s->bytes / 1e6, s->problems,
             s->datasets, s->ts_nodes);
    log_info("stages: extraction %.1fs, link %.1fs", s->extract_seconds, s->link_seconds);
    if (s->reused_files > 0)
        log_info("incremental: %" PRId64 " unchanged files' rows reused from the earlier build",
                 s->reused_files);
    log_info("query it: pycpg query %s \"select count(*) from ts_nodes_v1\"", opt->out);
}

/* One worker per online CPU (docs/decisions.md, "Worker processes"). */
static int default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 1024 ? 1024 : (int)n;
}

int cli_cmd_build(int argc, char **argv)
{
    static build_args a; /* large; one build per process */
    memset(&a, 0, sizeof a);
    a.opt.jobs = default_jobs();
    a.opt.file_timeout = 120;
    a.opt.scan.max_file_size = 20LL << 20;
    a.opt.scip_timeout = 900;
    a.opt.runtime_timeout = 15;
    a.opt.runtime_total_timeout = 600;
    a.opt.runtime_memory = 1LL << 30;
    a.opt.runtime_max_output = 64LL << 20;
    const char *scip_env = getenv("PYCPG_SCIP"); /* docs/decisions.md, "SCIP lens" */
    int rc = scip_env && *scip_env ? set_scip_mode(&a.opt, scip_env) : 0;
    if (rc == 0)
        rc = parse_build_args(&a, argc, argv);
    if (rc == 0) {
        pc_err err;
        pc_err_clear(&err);
        pipeline_check_datasets(a.opt.only, a.opt.nonly, &err);
        a.opt.progress = log_get_level() != LOG_QUIET && isatty(STDERR_FILENO);
        build_summary sum;
        pipeline_install_signal_handlers();
        if (err.rc == PC_OK && pipeline_build(&a.opt, &sum, &err) == PC_OK)
            print_summary(&a.opt, &sum);
        rc = err.rc == PC_OK ? CLI_EXIT_OK : cli_fail(&err);
    }
    list_free(&a.only);
    list_free(&a.runtime);
    return rc;
}
