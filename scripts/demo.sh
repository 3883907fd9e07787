#!/usr/bin/env bash
# scripts/demo.sh [REPO] [OUT] — set everything up, build pycpg, and run `pycpg build` on a
# real Python tree, then print where the output is and a short summary from `pycpg query`.
#
# With REPO: the whole build of REPO (every dataset, the CPG included; SCIP off unless
# PYCPG_SCIP says otherwise). Without: python3's standard library in two builds — every
# evidence dataset of the whole library (--no-link: the link stage still costs several
# times the extraction on a tree that size, docs/performance.md), and the full CPG of
# its asyncio package.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
pycpg="${PYCPG_BUILD_DIR:-$root/build}/pycpg"
# scip-python needs many minutes and gigabytes on the whole standard library
# (bench/bench_scip.sh measures it on a part of it); PYCPG_SCIP=auto includes SCIP.
export PYCPG_SCIP=${PYCPG_SCIP:-off}

summary() {
    "$pycpg" query "$1" "
      select 'files' as what, count(*)::VARCHAR as value from repo_files_v1
      union all select 'MB of source', round(sum(size_bytes) / 1e6, 1)::VARCHAR from repo_files_v1
      union all select 'tree-sitter nodes', count(*)::VARCHAR from ts_nodes_v1
      union all select 'CPython AST nodes', count(*)::VARCHAR from py_ast_nodes_v1
      union all select 'bytecode instructions', count(*)::VARCHAR from py_bc_instructions_v1
      union all select 'file problems (file_errors_v1)', count(*)::VARCHAR from file_errors_v1"
}
cpg_summary() {
    "$pycpg" query "$1" "
      select 'cpg nodes' as what, count(*)::VARCHAR as value from cpg_nodes_v1
      union all select 'cpg edges', count(*)::VARCHAR from cpg_edges_v1
      union all select 'node kinds', count(distinct node_kind)::VARCHAR from cpg_nodes_v1
      union all select 'edge kinds', count(distinct edge_kind)::VARCHAR from cpg_edges_v1"
}

if [ $# -ge 1 ]; then
    out=${2:-$root/out/$(basename "$1")}
    mkdir -p "$(dirname "$out")"
    "$pycpg" build "$1" -o "$out"
    echo
    echo "output: $out"
    summary "$out"
    cpg_summary "$out"
    exit 0
fi

stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')
mkdir -p "$root/out"
"$pycpg" build "$stdlib" -o "$root/out/stdlib" --no-link
echo
echo "output: $root/out/stdlib (every evidence dataset of the standard library)"
summary "$root/out/stdlib"
"$pycpg" build "$stdlib/asyncio" -o "$root/out/asyncio"
echo
echo "output: $root/out/asyncio (the full CPG of the asyncio package)"
cpg_summary "$root/out/asyncio"
echo "try: $pycpg query $root/out/asyncio \"select edge_kind, count(*) n from cpg_edges_v1 group by 1 order by n desc limit 10\""
