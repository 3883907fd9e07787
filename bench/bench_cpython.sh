#!/usr/bin/env bash
# bench/bench_cpython.sh [REPO] — the CPython lens (AST + symtable + bytecode, every row
# written to Parquet) against a bare compile() of the same files by python3, measured in the
# same run on REPO (default: the python3 standard library, bench/stdlib_tree.sh), and the ratio.
#
#   pycpg:    `pycpg build -j 0 --only <the 15 CPython datasets>`: wall and CPU (user+sys)
#             time of the whole process — scan, reading, SHA-256, decoding, parsing, symbol
#             tables, compiling, walking, ids and Parquet writing included. -j 0 runs the
#             lenses in the pycpg process: their own cost per core (a worker process adds the
#             rows' serialization, about 20 % of CPU).
#   baseline: python3 reads the same files (decoding as PEP 263 says) and times only
#             compile(text, path, "exec") of each; reading and decoding are not counted.
#   floor:    bench/parquet_floor re-writes the rows pycpg wrote, from an in-memory DuckDB
#             table on one thread: what DuckDB's Parquet writer alone costs for these rows.
#             compile() + that is the least any run writing these rows with DuckDB can cost.
# The ratio is pycpg CPU time / compile() time: the cost per core. Assumes the build exists
# (scripts/build.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh" # bdir, bench_work, now
. "$root/bench/stdlib_tree.sh"
bench_tree "${1:-}" # repo, excludes
bench_work
only=py_ast_nodes_v1,py_ast_edges_v1,py_ast_errors_v1,ast_defs_v1,py_sym_scopes_v1
only=$only,py_sym_symbols_v1,py_sym_scope_edges_v1,py_sym_namespace_edges_v1
only=$only,py_sym_function_partitions_v1,py_bc_code_units_v1,py_bc_instructions_v1
only=$only,py_bc_exception_table_v1,py_bc_blocks_v1,py_bc_cfg_edges_v1,py_bc_errors_v1

/usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" \
    "$bdir/pycpg" build "$repo" "${excludes[@]}" -o "$work/out" -q -j 0 --scip off --only "$only"
read -r wall user sys rss <"$work/time.txt"
# the same file list, from a second (untimed) build of repo_files_v1 only
"$bdir/pycpg" build "$repo" "${excludes[@]}" -o "$work/files" -q --only repo_files_v1
"$bdir/pycpg" query "$work/files" "select abs_path from repo_files_v1 where file_sha256 is not null
    order by path" --csv | tail -n +2 >"$work/files.txt"

python3 - "$work/files.txt" >"$work/compile.txt" <<'EOF'
import io, sys, time, tokenize, warnings
warnings.simplefilter("ignore")
total, ok, failed = 0.0, 0, 0
for path in open(sys.argv[1]).read().splitlines():
    raw = open(path, "rb").read()
    try:
        enc, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    except SyntaxError:
        enc = "utf-8"
    text = raw.decode(enc, "replace")
    t = time.perf_counter()
    try:
        compile(text, path, "exec", dont_inherit=True)
        ok += 1
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        failed += 1
    total += time.perf_counter() - t
print(total, ok, failed)
EOF
read -r tc ok failed <"$work/compile.txt"
writer=$("$bdir/bench/parquet_floor" "$work/out" $(echo "$only" | tr ',' ' ') \
    2>"$work/floor.txt") || { cat "$work/floor.txt" >&2; exit 1; }

read -r files mb < <("$bdir/pycpg" query "$work/files" "select count(*),
    round(sum(size_bytes)/1e6, 1) from repo_files_v1 where file_sha256 is not null" --csv |
    tail -n 1 | tr ',' ' ')
read -r nodes instrs syms < <("$bdir/pycpg" query "$work/out" "select
    (select count(*) from py_ast_nodes_v1), (select count(*) from py_bc_instructions_v1),
    (select count(*) from py_sym_symbols_v1)" --csv | tail -n 1 | tr ',' ' ')
outmb=$(du -sm "$work/out" | cut -f1)
awk -v files="$files" -v mb="$mb" -v nodes="$nodes" -v instrs="$instrs" -v syms="$syms" \
    -v wall="$wall" -v cpu="$(echo "$user + $sys" | bc)" -v rss="$rss" -v outmb="$outmb" \
    -v tc="$tc" -v ok="$ok" -v failed="$failed" -v repo="$repo" -v cpus="$(nproc)" \
    -v writer="$writer" 'BEGIN {
    printf "repo:               %s (%d files, %.1f MB)\n", repo, files, mb
    printf "rows:               %d ast nodes, %d instructions, %d symbols (%d MB Parquet)\n", nodes, instrs, syms, outmb
    printf "machine:            %d CPUs\n", cpus
    printf "pycpg cpython lens: %7.2f s wall, %7.2f s CPU, %d MB max RSS (-j 0, rows written)\n", wall, cpu, rss / 1024
    printf "bare compile():     %7.2f s  (%d files compiled, %d failed)\n", tc, ok, failed
    printf "ratio CPU/compile:  %7.2f x   (target: 1.5x)\n", cpu / tc
    printf "ratio wall/compile: %7.2f x\n", wall / tc
    printf "Parquet writer alone (same rows, DuckDB, 1 thread): %7.2f s\n", writer
    printf "floor (compile() + writer) / compile(): %5.2f x\n", (tc + writer) / tc
}'
