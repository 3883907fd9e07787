#!/usr/bin/env bash
# bench/bench_incremental.sh [REPO] — issue 7 benchmark (c): an incremental rebuild after one
# file changed, against the full build it follows, measured in the same run on a private copy
# of REPO (default: the python3 standard library, bench/stdlib_tree.sh): `pycpg build COPY -o OUT` (full), one line
# appended to one file, `pycpg build COPY -o OUT` again (only that file's chunk is extracted and
# linked per file, the other chunks' parts are reused, the link stage's repository-wide part runs
# again over the whole). Both -j 2, --scip off.
# BENCH_LINK=off: --no-link for both builds (the extraction side alone).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh" # bdir, bench_work, now
. "$root/bench/stdlib_tree.sh"
bench_tree "${1:-}" # repo, excludes
link_flag=""
[ "${BENCH_LINK:-on}" == off ] && link_flag=--no-link
bench_work
cp -r "$repo" "$work/repo"
t0=$(now)
"$bdir/pycpg" build "$work/repo" "${excludes[@]}" -o "$work/out" -q -j 2 --scip off $link_flag
t1=$(now)
victim=$("$bdir/pycpg" query "$work/out" "select path from repo_files_v1 where file_sha256 is not null
    order by size_bytes desc, path limit 1 offset 100" --csv | tail -n 1)
echo "# touched by bench_incremental.sh" >>"$work/repo/$victim"
t2=$(now)
"$bdir/pycpg" build "$work/repo" "${excludes[@]}" -o "$work/out" -q -j 2 --scip off $link_flag
t3=$(now)
read -r files reused < <(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["counts"]; print(c["files"], c["reused_files"])' "$work/out/manifest.json")
stages=$(python3 -c 'import json,sys; t={x["stage"]: x["seconds"] for x in json.load(open(sys.argv[1]))["timings"]}; print("extraction and per-file link %.2f s (changed chunks %.2f + taking in the chunks %.2f), repository-wide link %.2f s" % (t["extract"] + t["write"], t["extract"], t["write"], t.get("link", 0)))' "$work/out/manifest.json")
awk -v full="$(echo "$t1 - $t0" | bc)" -v inc="$(echo "$t3 - $t2" | bc)" -v repo="$repo" \
    -v files="$files" -v reused="$reused" -v victim="$victim" -v stages="$stages" -v link="$link_flag" 'BEGIN {
    printf "repo:                %s (%d files)%s\n", repo, files, link == "" ? "" : ", --no-link"
    printf "full build -j 2      %8.2f s\n", full
    printf "incremental -j 2     %8.2f s  (%s changed; %d of %d files reused)\n", inc, victim, reused, files
    printf "  incremental stages: %s\n", stages
    printf "ratio incremental / full: %.2f (target <= 0.15)\n", inc / full
}'
