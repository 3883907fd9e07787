#!/usr/bin/env bash
# bench/graph_layout.sh [OUT | REPO] — issue 25 benchmark (g), the layout to come: how many
# bytes cpg_nodes_v1, cpg_edges_v1 and cpg_props_v1 would take if node and edge ids compressed,
# and if props that copy evidence were referenced instead, against the same rows as pycpg
# writes them, measured in the same run.
#
# Ids today are 64-bit hashes (docs/ids.md): no order makes them compress, and the three graph
# tables repeat them (node_id, src_node_id, dst_node_id, entity_id). The layout measured here
# gives each node the id (file prefix << 32) | ordinal: the prefix the upper 32 bits of its
# file_id (a hash of the path, so stable across builds; a node with a path and no file_id takes
# a 31-bit hash of its path), the ordinal its rank within its file by (bstart, bend, node_kind,
# node_id); a node of several kinds is one node with one id, as today; a node with neither
# file nor path keeps its id. Edges likewise (the ordinal with bit 31 set, so that it never
# meets a node's), for the props of edges. The nodes' and edges' rows keep their order and
# every other column (edge_id stays as stored: sparse, its recipe would give the new value);
# cpg_props_v1 is sorted as the link sorts it, by (entity_kind, entity_id, prop_key, value),
# with the new ids. An upper bound on what such ids save, not an implementation: a real recipe
# needs the prefix collision-checked and the ordinal computed where the lenses hold the rows
# (docs/decisions.md, "Ids that compress").
#
# Figures per table: the bytes pycpg wrote (its parts), the same rows rewritten by this script
# with the store's Parquet options into one file (the control: what the part layout itself
# costs), and the same rows with the ids remapped. Then cpg_props_v1 with the ids remapped and
# without the props a reference could give back instead (bench/prop_copies.py reads them off
# the link's SQL: constants, and bare columns of the evidence row; an entity of several kinds
# loses such a prop if one of its kinds copies it, so this is an upper bound too). Last, the
# whole output against the source bytes under each layout. OUT: an existing whole-graph
# output; REPO (default: the standard library, bench/stdlib_tree.sh): built first with
# `pycpg build -j 2 --scip off --copy-graph`. Every row stored, as in the figures of
# docs/performance.md: a default build's parts already leave the referenced rows out
# (docs/datasets.md, "Referenced rows"), and this script reads the parts as written.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh" # bdir, bench_work, now
. "$root/bench/stdlib_tree.sh"
bench_work
pycpg=$bdir/pycpg
if [ -n "${1:-}" ] && [ -f "$1/manifest.json" ]; then
    out=$1
else
    bench_tree "${1:-}"
    out=$work/out
    t0=$(now)
    "$pycpg" build "${excludes[@]}" "$repo" -o "$out" -q --scip off -j 2 --copy-graph
    printf 'built:               %s in %.1f s\n' "$repo" "$(echo "$(now) - $t0" | bc)"
fi
if ! ls "$out"/cpg_nodes_v1/part-*.parquet >/dev/null 2>&1; then
    echo "graph_layout: $out has no cpg_nodes_v1 parts (built with --no-link?)" >&2
    exit 2
fi
opts="FORMAT parquet, COMPRESSION zstd" # STORE_PARQUET_OPTIONS (src/store/store.h)

# The props a reference would give back (docs/decisions.md, "What the per-file link's time is
# made of"): read off the link's own SQL (`pycpg rules --script`), an emitter's prop whose
# value is a constant, or a bare column of an evidence dataset the emitter reads: the triples
# (entity_kind, node or edge kind, prop_key). A view could compute those rows from the
# dataset (or, for a constant, from the graph's own row), as the sparse columns are computed.
copied=$("$pycpg" rules --script | python3 "$root/bench/prop_copies.py" 2>/dev/null)
q() { "$pycpg" query "$out" "$1" --csv | tail -n +2; }
raw() { echo "read_parquet('$out/$1/part-*.parquet', filename = true, file_row_number = true)"; }

# the id maps: every node and edge id of the output (the views fill sparse ids), old -> new
maps="CREATE TEMP TABLE nmap AS SELECT old, CASE WHEN file_id IS NOT NULL THEN
  file_id & CAST(-4294967296 AS BIGINT) WHEN path IS NOT NULL THEN CAST(hash(path) >> 33 AS
  BIGINT) << 32 END | row_number() OVER (PARTITION BY file_id, path ORDER BY bstart, bend,
  kind, old) AS ordinal, coalesce(ordinal, old) AS new FROM (SELECT node_id AS old,
  min(file_id) AS file_id, min(path) AS path, min(bstart) AS bstart, min(bend) AS bend,
  min(node_kind) AS kind FROM cpg_nodes_v1 GROUP BY node_id);
CREATE TEMP TABLE emap AS SELECT edge_id AS old, CAST(hash(path) >> 33 AS BIGINT) << 32 |
  (2147483648 + row_number() OVER (PARTITION BY path ORDER BY bstart, bend, edge_kind, edge_id))
  AS ordinal, coalesce(ordinal, old) AS new FROM cpg_edges_v1;"
q "$maps
COPY (SELECT * EXCLUDE (filename, file_row_number) FROM $(raw cpg_nodes_v1)
  ORDER BY filename, file_row_number) TO '$work/nodes_asis.parquet' ($opts);
COPY (SELECT * EXCLUDE (filename, file_row_number) FROM $(raw cpg_edges_v1)
  ORDER BY filename, file_row_number) TO '$work/edges_asis.parquet' ($opts);
COPY (SELECT * EXCLUDE (filename, file_row_number) FROM $(raw cpg_props_v1)
  ORDER BY filename, file_row_number) TO '$work/props_asis.parquet' ($opts);
COPY (SELECT r.* EXCLUDE (filename, file_row_number) REPLACE (m.new AS node_id)
  FROM $(raw cpg_nodes_v1) r JOIN nmap m ON m.old = r.node_id
  ORDER BY filename, file_row_number) TO '$work/nodes_ids.parquet' ($opts);
COPY (SELECT r.* EXCLUDE (filename, file_row_number) REPLACE (s.new AS src_node_id,
  d.new AS dst_node_id) FROM $(raw cpg_edges_v1) r LEFT JOIN nmap s ON s.old = r.src_node_id
  LEFT JOIN nmap d ON d.old = r.dst_node_id
  ORDER BY filename, file_row_number) TO '$work/edges_ids.parquet' ($opts);
COPY (SELECT r.* EXCLUDE (filename, file_row_number) REPLACE (m.new AS entity_id)
  FROM $(raw cpg_props_v1) r LEFT JOIN (SELECT 'node' AS kind, * FROM nmap UNION ALL
  SELECT 'edge', * FROM emap) m ON m.kind = r.entity_kind AND m.old = r.entity_id
  ORDER BY entity_kind, m.new, prop_key, value_str, value_int, value_float, value_bool,
  value_json) TO '$work/props_ids.parquet' ($opts);
CREATE TEMP TABLE copied(ek, kind, prop_key) AS VALUES $copied;
CREATE TEMP TABLE dropped AS SELECT DISTINCT c.ek, k.id, c.prop_key FROM (SELECT 'node' AS ek,
  node_id AS id, node_kind AS kind FROM cpg_nodes_v1 UNION ALL SELECT 'edge', edge_id,
  edge_kind FROM cpg_edges_v1) k JOIN copied c ON c.ek = k.ek AND c.kind = k.kind;
COPY (SELECT r.* EXCLUDE (filename, file_row_number) REPLACE (m.new AS entity_id)
  FROM $(raw cpg_props_v1) r LEFT JOIN (SELECT 'node' AS kind, * FROM nmap UNION ALL
  SELECT 'edge', * FROM emap) m ON m.kind = r.entity_kind AND m.old = r.entity_id
  ANTI JOIN dropped d ON d.ek = r.entity_kind AND d.id = r.entity_id AND d.prop_key = r.prop_key
  ORDER BY entity_kind, m.new, prop_key, value_str, value_int, value_float, value_bool,
  value_json) TO '$work/props_ref.parquet' ($opts);
SELECT 1" >/dev/null

# a check that the remap lost nothing: no id missed its map, and as many distinct node ids as
# before (so no two old ids took the same new one)
bad=$(q "SELECT (SELECT count(*) FROM read_parquet('$work/edges_ids.parquet') WHERE
  src_node_id IS NULL OR dst_node_id IS NULL) + (SELECT count(*) FROM
  read_parquet('$work/props_ids.parquet') WHERE entity_id IS NULL) + (SELECT count(DISTINCT
  node_id) FROM cpg_nodes_v1) - (SELECT count(DISTINCT node_id) FROM
  read_parquet('$work/nodes_ids.parquet'))")
[ "$bad" = 0 ] || { echo "graph_layout: the remap lost $bad ids" >&2; exit 1; }

src=$(q "SELECT sum(size_bytes) FROM repo_files_v1")
total=$(du -sb "$out" | cut -f1)
written=0
asis=0
ids=0
printf '%-14s %14s %14s %14s\n' table written rewritten "ids remapped"
for t in nodes edges props; do
    w=$(cat "$out/cpg_${t}_v1"/part-*.parquet | wc -c)
    a=$(stat -c %s "$work/${t}_asis.parquet")
    i=$(stat -c %s "$work/${t}_ids.parquet")
    written=$((written + w))
    asis=$((asis + a))
    ids=$((ids + i))
    printf '%-14s %14d %14d %14d\n' "cpg_${t}_v1" "$w" "$a" "$i"
done
printf '%-14s %14d %14d %14d\n' "the three" "$written" "$asis" "$ids"
pr=$(stat -c %s "$work/props_ref.parquet")
rows=$(q "SELECT (SELECT count(*) FROM read_parquet('$work/props_ids.parquet')) || ' -> ' ||
  (SELECT count(*) FROM read_parquet('$work/props_ref.parquet'))")
ref=$((ids - $(stat -c %s "$work/props_ids.parquet") + pr))
printf 'cpg_props_v1 with ids remapped, the props a reference gives left out: %d bytes (rows %s)\n' \
    "$pr" "$rows"
for v in "written:$written" "rewritten:$asis" "ids remapped:$ids" "+ references:$ref"; do
    name=${v%%:*}
    b=$((total - written + ${v##*:}))
    printf 'whole output, %-13s %14d bytes  %6.2f x the source (%d bytes; target <= 20)\n' \
        "$name" "$b" "$(echo "$b / $src" | bc -l)" "$src"
done
