#!/usr/bin/env bash
# scripts/demo.sh [REPO] [OUT] — set everything up, build pycpg, and run `pycpg build` on a
# real Python tree (default: the standard library of the python3 on PATH), then print where
# the output is and a short summary from `pycpg query`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
repo=${1:-$(python3 -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')}
out=${2:-$root/out/stdlib}
mkdir -p "$(dirname "$out")"
pycpg="${PYCPG_BUILD_DIR:-$root/build}/pycpg"
# --scip off: scip-python needs many minutes and gigabytes on the whole standard library
# (bench/bench_scip.sh measures it on a part of it); drop the flag to include SCIP.
"$pycpg" build "$repo" -o "$out" --scip off
echo
echo "output: $out"
"$pycpg" query "$out" "
  select 'files' as what, count(*)::VARCHAR as value from repo_files_v1
  union all select 'MB of source', round(sum(size_bytes) / 1e6, 1)::VARCHAR from repo_files_v1
  union all select 'tree-sitter nodes', count(*)::VARCHAR from ts_nodes_v1
  union all select 'syntax errors (ts_errors_v1)', count(*)::VARCHAR from ts_errors_v1
  union all select 'file problems (file_errors_v1)', count(*)::VARCHAR from file_errors_v1"
echo "try: $pycpg query $out \"select ts_type, count(*) n from ts_nodes_v1 group by 1 order by n desc limit 10\""
