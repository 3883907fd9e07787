#!/usr/bin/env bash
# test_run_bundle.sh — provenance (cpg_pipeline.md §6.2-6.3): a build of a fixture that is a
# git work tree writes OUT/run_bundles/run_<created_at>_<hash10>/ with every file of the
# layout, each parsing as JSON; the git commit is `git rev-parse HEAD`; rules.json and the
# manifest list the same rules as `pycpg rules`; every schema file matches the Parquet
# schema DuckDB reads (names and types, in order); two builds differ only in timestamps; outside a work tree git is
# {present: false}; the quality tables are written with their schema.
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
R=$T/repo
mkdir -p "$R"
cp -r "$SRC/tests/fixtures/link/pkg" "$R/"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
git -C "$R" init -q && git -C "$R" add -A &&
    git -C "$R" -c user.email=t@example.org -c user.name=t commit -qm fixture ||
    { lib_fail git_setup "cannot create the git fixture"; finish; }
head=$(git -C "$R" rev-parse HEAD)

"$PYCPG" build "$R" -o "$T/a" -q || { lib_fail build "pycpg build failed"; finish; }
bundles=$(ls -d "$T/a/run_bundles"/run_* 2>/dev/null)
expect_eq one_bundle 1 "$(printf '%s\n' $bundles | grep -c .)"
B=$(printf '%s\n' $bundles | head -1)
expect_true bundle_name_shape grep -qE '/run_[0-9]+_[0-9a-f]{10}$' <<<"$B"

for f in manifest.json config.json repro.json datasets/locations.json relspec/rules.json \
    relspec/contracts.json relspec/compiled_outputs.json; do
    expect_true "json_$f" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$B/$f"
done

# the checks below print "name=value" lines compared as a whole
got=$(python3 - "$T/a" "$B" "$head" <<'EOF'
import glob, hashlib, json, os, sys
out, b, head = sys.argv[1], sys.argv[2], sys.argv[3]
load = lambda p: json.load(open(p))
m, bm = load(os.path.join(out, "manifest.json")), load(os.path.join(b, "manifest.json"))
cfg, repro = load(os.path.join(b, "config.json")), load(os.path.join(b, "repro.json"))
print("manifest_copy=%s" % (m == bm))
print("git_commit=%s" % (repro["git"]["commit"] == head and m["repro"]["git"]["commit"] == head))
print("git_present=%s" % repro["git"]["present"])
print("bundle_name=%s" % (repro["bundle_name"] == os.path.basename(b)))
print("created_at=%s" % (os.path.basename(b).split("_")[1] == str(m["created_at_unix_s"])))
print("config_options=%s" % (cfg["options"] == m["options"]))
for k in ("duckdb", "tree_sitter_runtime", "python", "libgit2", "pycpg"):
    print("repro_version_%s=%s" % (k, bool(repro["versions"].get(k))))
print("platform=%s" % bool(repro["platform"].get("machine")))
names = {d["name"] for d in m["datasets"]}
loc = load(os.path.join(b, "datasets/locations.json"))
print("locations=%s" % (set(loc) == names))
contracts = load(os.path.join(b, "relspec/contracts.json"))["contracts"]
print("contracts_cover=%s" % names.issubset({c["name"] for c in contracts}))
c = {c["name"]: c for c in contracts}
print("contract_edges_keys=%s" % ",".join(c["cpg_edges_v1"]["dedupe"]["keys"]))
print("contract_required=%s" % ",".join(c["cpg_nodes_v1"]["required_non_null"]))
schemas = glob.glob(os.path.join(b, "schemas", "*.schema.json"))
print("schema_files=%s" % (len(schemas) == len(names)))
rules = load(os.path.join(b, "relspec/rules.json"))["rules"]
print("rules_same_as_manifest=%s" % ([r["name"] for r in rules] == [r["name"] for r in m["rules"]]))
lin = {l["output_dataset"]: set(l["rules"]) for l in m["lineage"]}
print("lineage=%s" % all(r["name"] in lin[r["output_dataset"]] for r in rules))
co = load(os.path.join(b, "relspec/compiled_outputs.json"))
print("compiled=%s" % (sorted(co["produced_output_keys"]) == sorted(lin)))
EOF
)
expect_eq bundle_contents "manifest_copy=True
git_commit=True
git_present=True
bundle_name=True
created_at=True
config_options=True
repro_version_duckdb=True
repro_version_tree_sitter_runtime=True
repro_version_python=True
repro_version_libgit2=True
repro_version_pycpg=True
platform=True
locations=True
contracts_cover=True
contract_edges_keys=edge_kind,src_node_id,dst_node_id,path,bstart,bend
contract_required=node_id,node_kind
schema_files=True
rules_same_as_manifest=True
lineage=True
compiled=True" "$got"

# rules.json lists exactly the rules of `pycpg rules` (their header lines), in order
expect_eq rules_match_cli "$("$PYCPG" rules | grep -E '^[a-z]')" \
    "$(python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["rules"]: print(r["name"])' "$B/relspec/rules.json")"

# every schema file agrees with the Parquet schema DuckDB reads (names and types, in order;
# one query for all datasets, DuckDB's quoting of struct field names aside)
want=$(python3 - "$B" <<'EOF'
import glob, json, os, sys
for f in sorted(glob.glob(os.path.join(sys.argv[1], "schemas", "*.schema.json"))):
    s = json.load(open(f))
    for c in s["schema"]:
        print("%s %s:%s" % (s["name"], c["name"], c["type"]))
EOF
)
got=$(q "$T/a" "select table_name || ' ' || column_name || ':' || data_type
                from information_schema.columns where table_schema = 'main'
                  and not regexp_matches(table_name, '_(errors|error_stats|alignment)$')
                order by table_name, ordinal_position" | tr -d '"')
# both sorted by dataset name, each dataset's columns in schema order
want=$(printf '%s\n' "$want" | LC_ALL=C sort -s -k1,1)
got=$(printf '%s\n' "$got" | LC_ALL=C sort -s -k1,1)
expect_eq schemas_match_parquet "$want" "$got"

# a second build: the same bundle contents except timestamps
"$PYCPG" build "$R" -o "$T/b" -q || lib_fail build2 "second build failed"
B2=$(ls -d "$T/b/run_bundles"/run_* | head -1)
norm() { # drop the run's timestamps (created_at, timings, wall_seconds, bundle name, output dir)
    python3 - "$1" "$2" <<'EOF'
import json, sys
def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k not in
                ("created_at_unix_s", "timings", "wall_seconds", "bundle_name", "output_dir",
                 "out", "scip_indexer_seconds", "scip_ingest_seconds")}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x
print(json.dumps(strip(json.load(open(sys.argv[1] + "/" + sys.argv[2]))), sort_keys=True))
EOF
}
for f in manifest.json config.json repro.json datasets/locations.json relspec/rules.json \
    relspec/contracts.json relspec/compiled_outputs.json schemas/cpg__cpg_edges_v1.schema.json; do
    expect_eq "deterministic_$f" "$(norm "$B" "$f")" "$(norm "$B2" "$f")"
done

# quality tables: written with their schema; one row per error of the source's artifact
for t in nodes:node_id edges:edge_id props:entity_id; do
    ds=${t%%:*} id=${t##*:}
    expect_eq "quality_${ds}_schema" "entity_kind:VARCHAR entity_id:BIGINT kind:VARCHAR issue:VARCHAR source_table:VARCHAR detail:VARCHAR " \
        "$(q "$T/a" "select column_name || ':' || column_type from (DESCRIBE cpg_${ds}_quality_v1)" | tr '\n' ' ')"
    expect_eq "quality_${ds}_rows" \
        "$(q "$T/a" "select (select count(*) from (select unnest(error_detail) from cpg_${ds}_v1_errors))
            + (select count(*) from cpg_${ds}_v1 where $id = 0)")" \
        "$(q "$T/a" "select count(*) from cpg_${ds}_quality_v1")"
done

# outside a git work tree: present false
mkdir -p "$T/nogit"
cp -r "$SRC/tests/fixtures/link/pkg" "$T/nogit/"
GIT_CEILING_DIRECTORIES=$T "$PYCPG" build "$T/nogit" -o "$T/c" -q --no-link ||
    lib_fail build3 "build outside git failed"
expect_eq git_absent False "$(python3 -c 'import json,sys
print(json.load(open(sys.argv[1]))["repro"]["git"]["present"])' "$T/c/manifest.json")"
finish
