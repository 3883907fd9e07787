#!/usr/bin/env bash
# bench/bench_scale.sh [REPO] [COPIES] — does cost grow linearly with the repository? Builds
# REPO (default: the python3 standard library, bench/stdlib_tree.sh), then a synthetic repository of COPIES (default
# 10) copies of it (copy_00/ … copy_09/, hard links: each file is listed, read and extracted
# like any other), then REPO again, all with -j BENCH_J (default 2), and prints the wall time
# and peak RSS of each (bench/run_measured.py) with the ratios beside issue 7's targets (time
# within COPIES+1 x of the single copies' mean, peak RSS within 1.5 x).
# BENCH_LINK=on also runs the link stage (default off: evidence datasets only; the link
# stage on ten copies of the standard library does not fit this benchmark's budget —
# docs/performance.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh" # bdir, bench_work, now
. "$root/bench/stdlib_tree.sh"
bench_tree "${1:-}" # repo, excludes
copies=${2:-10}
j=${BENCH_J:-2}
link_flag=--no-link
[ "${BENCH_LINK:-off}" == on ] && link_flag=""
bench_work

# The copies, hard-linked (cp -al), or copied when REPO is on another file system.
mkdir -p "$work/many"
for k in $(seq -f '%02g' 0 $((copies - 1))); do
    cp -al "$repo" "$work/many/copy_$k" 2>/dev/null || cp -a "$repo" "$work/many/copy_$k"
done

measure() { # measure NAME TREE: prints "wall total_mib process_mib"
    rm -rf "$work/out"
    python3 "$root/bench/run_measured.py" "$bdir/pycpg" build "$2" "${excludes[@]}" -o "$work/out" -q -j "$j" \
        --scip off $link_flag 2>"$work/$1.txt"
    tail -n 1 "$work/$1.txt" | sed -E 's/.*wall=([0-9.]+) peak_rss_total_mib=([0-9]+) peak_rss_process_mib=([0-9]+).*/\1 \2 \3/'
}
# One copy before and after the copies: the baseline is their mean, so that a machine whose
# speed drifts during the long run (shared hosts do) does not decide the ratio; both are printed.
read -r w1 r1 p1 < <(measure one "$repo")
files1=$("$bdir/pycpg" query "$work/out" "select count(*) from repo_files_v1" --csv | tail -n 1)
read -r wn rn pn < <(measure many "$work/many")
filesn=$("$bdir/pycpg" query "$work/out" "select count(*) from repo_files_v1" --csv | tail -n 1)
read -r w2 r2 p2 < <(measure one "$repo")
awk -v w1="$w1" -v r1="$r1" -v p1="$p1" -v w2="$w2" -v r2="$r2" -v p2="$p2" -v wn="$wn" \
    -v rn="$rn" -v pn="$pn" -v n="$copies" -v f1="$files1" -v fn="$filesn" -v repo="$repo" \
    -v j="$j" -v link="$link_flag" 'BEGIN {
    printf "repo:          %s, -j %s, %s\n", repo, j, link == "" ? "all datasets (link stage on)" : "evidence datasets (--no-link)"
    printf "one copy:      %8.2f s  peak RSS %6d MiB all processes, %6d MiB largest  (%d files; before the copies)\n", w1, r1, p1, f1
    printf "%2d copies:     %8.2f s  peak RSS %6d MiB all processes, %6d MiB largest  (%d files)\n", n, wn, rn, pn, fn
    printf "one copy:      %8.2f s  peak RSS %6d MiB all processes, %6d MiB largest  (after the copies)\n", w2, r2, p2
    w = (w1 + w2) / 2
    printf "time ratio:    %8.2f x  (to the mean of the two single copies; %.2f x to the first; target <= %d x)\n", wn / w, wn / w1, n + 1
    printf "peak RSS ratio:%8.2f x all processes, %.2f x largest  (to the first single copy; target <= 1.5 x)\n", rn / r1, pn / p1
}'
