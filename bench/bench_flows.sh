#!/usr/bin/env bash
# bench/bench_flows.sh [REPO] — `pycpg flows` (issue 26) on the standard library (or REPO)
# beside the build it reads: one `pycpg build -j 2 --scip off` (link stage included: flows
# needs PY_CALLS), then `pycpg flows --format json` with the default models, each with its
# wall time and peak RSS (bench/run_measured.py), and what the analysis saw (graph nodes and
# edges, sources, sinks, findings by rule, searches stopped at their limit).
#
#   BENCH_OUT=DIR   reuse (or keep) the build output there instead of a temporary one
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/stdlib_tree.sh
. "$root/bench/stdlib_tree.sh"
bench_tree "${1:-}"
pycpg="$root/build/pycpg"
[ -x "$pycpg" ] || { echo "bench_flows: build pycpg first (scripts/build.sh)" >&2; exit 1; }
work=$(mktemp -d /tmp/pycpg-bench-flows.XXXXXX)
trap 'rm -rf "$work"' EXIT
out=${BENCH_OUT:-$work/out}

measured() { # label cmd... -> prints "label  wall s  peak MiB"
    local label=$1
    shift
    local line
    line=$(python3 "$root/bench/run_measured.py" "$@" 2>&1 >/dev/null | grep '^measured:' | tail -1)
    local wall rss
    wall=$(sed -E 's/.*wall=([0-9.]+).*/\1/' <<<"$line")
    rss=$(sed -E 's/.*peak_rss_process_mib=([0-9.]+).*/\1/' <<<"$line")
    printf '%-28s %8.2f s  %6s MiB peak\n' "$label" "$wall" "$rss"
}

echo "repo:    $repo"
echo "machine: $(nproc) CPUs"
if [ ! -f "$out/.pycpg-output" ]; then
    measured "pycpg build -j 2" "$pycpg" build "$repo" "${excludes[@]}" -o "$out" -q -j 2 --scip off
fi
measured "pycpg flows --format json" "$pycpg" flows "$out" --format json -o "$work/flows.json"
python3 - "$work/flows.json" <<'PY'
import collections, json, sys
d = json.load(open(sys.argv[1]))
g = d["graph"]
print(f"graph:   {g['nodes']} nodes, {g['edges']} edges, {g['sources']} sources, "
      f"{g['sinks']} sink arguments, {g['truncated_searches']} searches stopped at the limit")
rules = collections.Counter(f["rule"] for f in d["findings"])
print(f"found:   {len(d['findings'])} results: " + ", ".join(f"{k} {v}" for k, v in sorted(rules.items())))
PY
