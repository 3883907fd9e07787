#!/usr/bin/env bash
# bench/bench_scip.sh [SRC] — scip-python's time against pycpg's own SCIP work, in one run.
#
# SRC defaults to python3's standard library. Its *.py files, without test/ and site-packages/
# (scip-python needs about 3 GB and 2 minutes per 1,000 standard-library files; the whole
# tree would take most of an hour), are copied into a temporary tree, then
#     pycpg build TREE --scip auto --only <the SCIP datasets>
# runs scip-python on it and ingests the index. The manifest times both parts separately:
#     scip-python          the indexer child process, start to exit (wall)
#     pycpg decode + map   lens_scip_ingest: read index.scip, decode every message, map every
#                          occurrence onto byte spans (re-reading each file), build the rows
#                          and hand them to the store (wall)
# Target (issue 5): pycpg's part <= 5% of scip-python's.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bdir=${PYCPG_BUILD_DIR:-$root/build}
src=${1:-$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')}
work=$(mktemp -d "${TMPDIR:-/tmp}/pycpg-bench-scip-XXXXXX")
trap 'rm -rf "$work"' EXIT
[ -x "$bdir/pycpg" ] || "$root/scripts/build.sh"

mkdir -p "$work/tree"
(cd "$src" && find . -name '*.py' -not -path './test/*' -not -path './site-packages/*' \
    -not -path '*/__pycache__/*' -print0 | tar --null -cf - -T -) | (cd "$work/tree" && tar xf -)
files=$(find "$work/tree" -name '*.py' | wc -l)
mb=$(find "$work/tree" -name '*.py' -printf '%s\n' | awk '{s += $1} END {printf "%.1f", s / 1e6}')

only=scip_metadata_v1,scip_documents_v1,scip_occurrences_v1,scip_symbol_info_v1
only=$only,scip_symbol_relationships_v1,scip_external_symbol_info_v1,scip_diagnostics_v1
only=$only,scip_span_errors_v1,file_errors_v1
"$bdir/pycpg" build "$work/tree" -o "$work/out" -q --scip auto --scip-timeout 0 \
    --scip-project-version bench --only "$only"

python3 - "$work/out/manifest.json" "$src" "$files" "$mb" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
c = m["counts"]
if c.get("scip_status") != "ingested":
    sys.exit(f"bench_scip: SCIP was not ingested: {c.get('scip_status')}: {c.get('scip_message')}")
idx, ing = float(c["scip_indexer_seconds"]), float(c["scip_ingest_seconds"])
print(f"tree:                {sys.argv[2]} without test/, site-packages/ "
      f"({sys.argv[3]} files, {sys.argv[4]} MB)")
print(f"index:               {c['scip_documents']} documents, {c['scip_occurrences']} occurrences, "
      f"{c['scip_span_errors']} span errors")
print(f"scip-python:         {idx:8.2f} s  (child process, wall)")
print(f"pycpg decode + map:  {ing:8.2f} s  (decode, map to byte spans, rows to the store)")
print(f"ratio pycpg/scip:    {ing / idx * 100:8.2f} %  (target <= 5 %)")
EOF
