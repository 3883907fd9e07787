#!/usr/bin/env bash
# bench/bench_build.sh [REPO] — times `pycpg build` on REPO (and, from its manifest, the
# extraction and link stages) (default: the python3 standard library, without the packages
# installed into its directory: bench/stdlib_tree.sh) with -j 1 and -j 2 (BENCH_JOBS="1 2": the worker counts to time, in that order)
# against a bare tree-sitter parse + walk of the same files (bench/ts_walk) and a bare
# python3 compile() of them, measured in the same run, and prints each build (wall time and peak RSS: bench/run_measured.py), the bare
# parse, and the ratios, and the points-to analysis's time and memory (rounds, facts, fixed point
# or budget, the size of its C state).
# Assumes scripts/setup.sh and scripts/build.sh have run (or run them: see README.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh" # bdir, bench_work, now
. "$root/bench/stdlib_tree.sh"
bench_tree "${1:-}" # repo, excludes
jobs=${BENCH_JOBS:-1 2}
# BENCH_LINK=off: evidence datasets only (--no-link). With the link stage, its per-file part runs
# in the workers with the extraction (manifest stage "extract"), its repository-wide part after
# (stage "link"): both are printed.
link_flag=""
[ "${BENCH_LINK:-on}" == off ] && link_flag=--no-link
bench_work

times=""
rsss=""
stages=""
ptss="" # the call graph's points-to analysis, from -v: seconds, rounds, facts, budget hit
for j in $jobs; do
    rm -rf "$work/out"
    # wall time and peak RSS (all pycpg processes together, and the largest one)
    python3 "$root/bench/run_measured.py" "$bdir/pycpg" build "$repo" "${excludes[@]}" -o "$work/out" -j "$j" \
        --scip off $link_flag -v 2>"$work/measured.txt" # SCIP: bench_scip.sh
    m=$(tail -n 1 "$work/measured.txt")
    pts=$(sed -nE 's/.*link: points-to \(C\) in ([0-9.]+) s \(([0-9]+) rounds, ([0-9]+) facts.*, about ([0-9]+) MB.*/\1:\2:\3:\4/p' "$work/measured.txt" | tail -n 1)
    ptss="$ptss $j:${pts:-0:0:0:0}:$(grep -c "over its budget" "$work/measured.txt" || true)"
    wall=$(echo "$m" | sed -E 's/.*wall=([0-9.]+).*/\1/')
    rss=$(echo "$m" | sed -E 's/.*peak_rss_total_mib=([0-9]+) peak_rss_process_mib=([0-9]+) peak_rss_parent_mib=([0-9]+) peak_rss_child_mib=([0-9]+).*/\1:\2:\3:\4/')
    times="$times $j:$wall"
    rsss="$rsss $j:$rss"
    # stage times from the manifest: extraction with the per-file link (extract + write) and
    # the repository-wide link
    stages="$stages $(python3 -c 'import json,sys; t={x["stage"]: x["seconds"] for x in json.load(open(sys.argv[1]))["timings"]}; print("%s:%.2f:%.2f" % (sys.argv[2], t["extract"] + t["write"], t.get("link", 0)))' "$work/out/manifest.json" "$j")"
done
# the floor under the link stage: DuckDB's Parquet writer alone re-writing the three CPG
# datasets, on the link stage's two threads (bench/parquet_floor)
link_floor=0
[ -z "$link_flag" ] && link_floor=$(PARQUET_FLOOR_THREADS=2 "$bdir/bench/parquet_floor" "$work/out" \
    cpg_nodes_v1 cpg_edges_v1 cpg_props_v1 2>/dev/null)
"$bdir/pycpg" query "$work/out" "select abs_path from repo_files_v1 where file_sha256 is not null order by path" --csv |
    tail -n +2 >"$work/files.txt"
t2=$(now)
"$bdir/bench/ts_walk" <"$work/files.txt" 2>"$work/walk.txt" >/dev/null
t3=$(now)
# the second half of issue 7's baseline (a): a bare python3 compile() of the same files
# (reading and decoding not counted), single-threaded like the parse
python3 - "$work/files.txt" >"$work/compile.txt" <<'EOF'
import io, sys, time, tokenize, warnings
warnings.simplefilter("ignore")
total = 0.0
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
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        pass
    total += time.perf_counter() - t
print(total)
EOF
tc=$(cat "$work/compile.txt")

read -r files mb nodes < <("$bdir/pycpg" query "$work/out" \
    "select count(*), round(sum(size_bytes)/1e6, 1), (select count(*) from ts_nodes_v1)
     from repo_files_v1 where file_sha256 is not null" --csv | tail -n 1 | tr ',' ' ')
outmb=$(du -sm "$work/out" | cut -f1)
# (g) of issue 25: the output's bytes (every file under OUT, as ls counts them) against the
# source files' bytes
outb=$(du -sb "$work/out" | cut -f1)
srcb=$("$bdir/pycpg" query "$work/out" "select sum(size_bytes) from repo_files_v1 where file_sha256 is not null" --csv | tail -n 1)
awk -v files="$files" -v mb="$mb" -v nodes="$nodes" -v outmb="$outmb" -v times="$times" \
    -v tw="$(echo "$t3 - $t2" | bc)" -v tc="$tc" -v repo="$repo" -v cpus="$(nproc)" -v stages="$stages" -v rsss="$rsss" -v ptss="$ptss" -v link="$link_flag" -v floor="$link_floor" -v outb="$outb" -v srcb="$srcb" 'BEGIN {
    printf "repo:                %s (%d files, %.1f MB, %d tree-sitter nodes)\n", repo, files, mb, nodes
    printf "machine:             %d CPUs\n", cpus
    n = split(times, runs, " ")
    for (i = 1; i <= n; i++) {
        split(runs[i], jt, ":")
        tb[i] = jt[2]
        printf "pycpg build -j %-3s   %7.2f s  %6.2f MB/s  (%s, %d MB output)\n", jt[1], tb[i], mb / tb[i], link == "" ? "all datasets written" : "evidence datasets, --no-link", outmb
    }
    printf "output bytes:        %7.2f x  the source files (%.0f against %.0f bytes; target <= %d)\n", outb / srcb, outb, srcb, link == "" ? 20 : 8
    printf "bare tree-sitter:    %7.2f s  %6.2f MB/s  (parse + cursor walk, no output)\n", tw, mb / tw
    printf "bare compile():      %7.2f s  %6.2f MB/s  (python3, the same files, no output)\n", tc, mb / tc
    for (i = 1; i <= n; i++) {
        split(runs[i], jt, ":")
        printf "ratio -j %-3s / bare: %7.2f x  tree-sitter alone, %.2f x  tree-sitter + compile()%s\n", jt[1], tb[i] / tw, tb[i] / (tw + tc), jt[1] == 1 ? " (target <= 1.6)" : ""
    }
    m = split(stages, st, " ")
    for (i = 1; i <= m && link == ""; i++) {
        split(st[i], sv, ":")
        printf "stages -j %-3s       %7.2f s  extraction with the per-file link, %7.2f s repository-wide link\n", sv[1], sv[2], sv[3]
        printf "  floor -j %-3s        %7.2f s  (Parquet writer alone re-writing cpg_nodes/edges/props, 2 threads)\n", sv[1], floor
    }
    p = split(ptss, pt, " ")
    for (i = 1; i <= p && link == ""; i++) {
        split(pt[i], pv, ":")
        printf "  points-to -j %-3s    %7.2f s  of that link (%d rounds, %d facts, %s), its C state about %d MB\n", pv[1], pv[2], pv[3], pv[4], (pv[6] > 0 ? "stopped at the fact budget" : "fixed point"), pv[5]
    }
    r = split(rsss, rs, " ")
    for (i = 1; i <= r; i++) {
        split(rs[i], rv, ":")
        printf "peak RSS -j %-3s     %7d MiB all pycpg processes together (sampled), %d MiB the largest one%s\n", rv[1], rv[2], rv[3], rv[1] == 2 ? " (target <= 1024 MiB)" : ""
        printf "  of which -j %-3s   %7d MiB the parent (sampled), %d MiB the largest worker (sampled)\n", rv[1], rv[4], rv[5]
    }
    if (n > 1)
        printf "speed-up -j %s vs -j %s: %.2f x\n", substr(runs[n], 1, index(runs[n], ":") - 1), substr(runs[1], 1, index(runs[1], ":") - 1), tb[1] / tb[n]
}'
cat "$work/walk.txt" | sed 's/^/ts_walk: /'
