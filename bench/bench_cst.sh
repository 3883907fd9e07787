#!/usr/bin/env bash
# bench/bench_cst.sh [DIR] — the CST lens against the tree-sitter parse it reads from, on every
# *.py file of DIR (default: python3's standard library, site-packages included, as
# bench_build.sh), measured in the same run by bench/cst_bench: per file the shared parse
# (lens_file_tree) is timed, then the CST lens on that tree with all py_cst_* rows built in
# memory (ids, strings, lists; no storage). Target (issue 4): lens <= 0.5 x parse.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bdir=${PYCPG_BUILD_DIR:-$root/build}
dir=${1:-$(python3 -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')}
list=$(mktemp)
trap 'rm -f "$list"' EXIT
find "$dir" -name '*.py' -type f | LC_ALL=C sort >"$list"
out=$("$bdir/bench/cst_bench" <"$list")
echo "cst_bench: $out"
eval "$(tr ' ' '\n' <<<"$out" | sed 's/^/b_/')"
awk -v f="$b_files" -v by="$b_bytes" -v p="$b_parse_seconds" -v c="$b_cst_seconds" \
    -v r="$b_rows" -v dir="$dir" 'BEGIN {
    mb = by / 1e6
    printf "files:               %s (%d files, %.1f MB)\n", dir, f, mb
    printf "tree-sitter parse:   %7.2f s  %6.2f MB/s  (baseline, shared by the lenses)\n", p, mb / p
    printf "cst lens:            %7.2f s  %6.2f MB/s  (%d rows built in memory, parse excluded)\n", c, mb / c, r
    printf "ratio cst/parse:     %7.2f x  (target <= 0.50)\n", c / p
}'
