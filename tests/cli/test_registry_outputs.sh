# test_registry_outputs.sh — every dataset of the registry (`pycpg datasets --json`) is
# written as the registry declares it: at least one OUT/<ds>/part-*.parquet, every one of
# whose Parquet schemas (parquet_schema) has the registry's columns in order, whose footers
# (parquet_kv_metadata) carry schema_name = <ds> and the registry's metadata, the three error artifacts with
# one alignment row naming the contract, and a manifest entry whose rows = the rows its files
# hold (= count(*) of its view, but for the CPG tables, whose referenced rows the view adds).
. "$(dirname "$0")/lib.sh"

R=$T/repo
OUT=$T/out
mkdir -p "$R/pkg"
printf 'import os\n\ndef f(x):\n    return os.path.join(x, "y")\n' >"$R/pkg/a.py"
printf 'from pkg.a import f\n\nprint(f("z"))\n' >"$R/b.py"
expect_fail "build exits 0" 0 "" "$PYCPG" build -q "$R" -o "$OUT"
"$PYCPG" datasets --json >"$T/reg.json" || { echo "datasets --json failed" >&2; exit 1; }

# registry side: one line per dataset, sorted by name
reg() { python3 -c "import json,sys,hashlib
d = sorted(json.load(open('$T/reg.json')), key=lambda x: x['name'])
$1" "${@:2}"; }
names=$(reg 'print("\n".join(x["name"] for x in d))')
n=$(grep -c . <<<"$names")
expect_true "registry lists datasets" test "$n" -gt 10
expect_eq "output directories = registry datasets" "$names" \
    "$(cd "$OUT" && find . -mindepth 1 -maxdepth 1 -type d ! -name extract_errors ! -name run_bundles \
        ! -name link_chunks |
        sed 's|^\./||' | LC_ALL=C sort)"
expect_eq "extract_errors directories = registry datasets" "$names" \
    "$(cd "$OUT/extract_errors" && find . -mindepth 1 -maxdepth 1 -type d | sed 's|^\./||' |
        LC_ALL=C sort)"
missing=""
for ds in $names; do
    compgen -G "$OUT/$ds/part-*.parquet" >/dev/null || missing="$missing $ds/part-*.parquet"
    for f in extract_errors/"$ds"/{errors,error_stats,alignment}.parquet; do
        [ -s "$OUT/$f" ] || missing="$missing $f"
    done
done
expect_eq "every dataset has a part; every error artifact exists" "" "$missing"

# column names and order: parquet_schema (top-level fields: a pre-order walk of the tree)
expect_eq "parquet_schema columns = registry columns" \
    "$(reg 'for x in d: print(x["name"] + "," + " ".join(c["name"] for c in x["columns"]))')" \
    "$(q "$OUT" "select file_name, name, coalesce(num_children, 0)
                 from parquet_schema('$OUT/*/part-*.parquet')" | python3 -c '
import csv, os, sys
files = {}
for f, name, nch in csv.reader(sys.stdin):
    files.setdefault(f, []).append((name, int(nch)))
def skip(rows, i):
    n = rows[i][1]
    i += 1
    for _ in range(n):
        i = skip(rows, i)
    return i
out = []
for f, rows in files.items():
    cols, i = [], 1
    for _ in range(rows[0][1]):
        cols.append(rows[i][0])
        i = skip(rows, i)
    out.append(os.path.basename(os.path.dirname(f)) + "," + " ".join(cols))
print("\n".join(sorted(set(out))))')"
# column types as DuckDB reads them back
expect_eq "column types = registry types" \
    "$(reg 'for x in d: print(x["name"] + "," + " ".join(c["name"] + ":" + c["type"] for c in x["columns"]))')" \
    "$(q "$OUT" "select table_name, string_agg(column_name || ':' || replace(data_type, '\"', ''),
                 ' ' order by ordinal_position) from information_schema.columns
                 where table_name in (select unnest(string_split('$(tr '\n' ' ' <<<"$names")', ' ')))
                 group by 1 order by 1" | tr -d '"')"

# footer metadata: schema_name names the dataset; the whole map equals the registry's
kv=$(q "$OUT" "select regexp_extract(file_name, '/([^/]+)/part-[^/]*.parquet$', 1) ds,
               decode(key) k, decode(value) v, file_name
               from parquet_kv_metadata('$OUT/*/part-*.parquet')")
expect_eq "kv schema_name = dataset name" "$(paste -d, <(echo "$names") <(echo "$names"))" \
    "$(awk -F, '$2 == "schema_name" {print $1 "," $3}' <<<"$kv" | LC_ALL=C sort -u)"
expect_eq "kv metadata = registry metadata" \
    "$(reg 'for x in d: print(x["name"] + "|" + ";".join(k + "=" + v for k, v in sorted(x["metadata"].items())))')" \
    "$(python3 -c 'import csv, sys
m = {}
for ds, k, v, f in csv.reader(sys.stdin):
    m.setdefault((ds, f), []).append(k + "=" + v)
print("\n".join(sorted({ds + "|" + ";".join(sorted(kv)) for (ds, f), kv in m.items()})))' <<<"$kv")"

# error artifacts: exactly one alignment row per dataset, naming it; counts agree
expect_eq "one alignment row per dataset, contract = dataset" \
    "$(paste -d, <(echo "$names") <(echo "$names") | sed 's/$/,1/')" \
    "$(q "$OUT" "select regexp_extract(filename, '/extract_errors/([^/]+)/alignment', 1) ds,
                 min(contract), count(*) from read_parquet('$OUT/extract_errors/*/alignment.parquet',
                 filename = true) group by ds order by ds")"
counts_sql=$(for ds in $names; do
    printf "select '%s', (select count(*) from read_parquet('%s')), good_rows,
            input_rows - error_rows, (select count(*) from %s_errors) from %s_alignment
            union all " "$ds" "$OUT/$ds/part-*.parquet" "$ds" "$ds"
done)
counts=$(q "$OUT" "select * from (${counts_sql% union all }) order by 1")
expect_eq "alignment good_rows = rows in the files = input - errors; errors rows = error_rows" \
    "$(awk -F, '{print $1 "," $2 "," $2 "," $2 "," 0}' <<<"$counts")" "$counts"
expect_eq "repo_files_v1 has both files" "2" \
    "$(q "$OUT" "select count(*) from repo_files_v1")"
expect_true "ts_nodes_v1 is not empty" test "$(q "$OUT" "select count(*) from ts_nodes_v1")" -gt 20

# the views: count(*) = the rows in the files, but the CPG tables' (their referenced rows)
views_sql=$(for ds in $names; do
    printf "select '%s', (select count(*) from %s) - (select count(*) from read_parquet('%s'))
            union all " "$ds" "$ds" "$OUT/$ds/part-*.parquet"
done)
expect_eq "count(*) of a view = rows in the files, but the CPG tables (more)" \
    "cpg_edges_v1 cpg_nodes_v1 cpg_props_v1" \
    "$(q "$OUT" "select string_agg(d, ' ' order by d) from (${views_sql% union all }) t(d, n)
                 where n <> 0")"
expect_true "cpg_props_v1: the view adds rows" \
    test "$(q "$OUT" "select (select count(*) from cpg_props_v1) - (select count(*) from
             read_parquet('$OUT/cpg_props_v1/part-*.parquet'))")" -gt 0
# manifest: every dataset, rows = the rows in its files, fingerprint = SHA-256 of its schema
expect_eq "manifest datasets and rows = rows in the files" \
    "$(awk -F, '{print $1 "," $2}' <<<"$counts")" \
    "$(python3 -c 'import json, sys
for x in sorted(json.load(open(sys.argv[1]))["datasets"], key=lambda x: x["name"]):
    print(x["name"] + "," + str(x["rows"]))' "$OUT/manifest.json")"
fp='json.dumps({"fields": [{k: c[k] for k in ("name", "nullable", "type")} for c in x["columns"]]},
               sort_keys=True, separators=(",", ":"))'
expect_eq "registry fingerprint = SHA-256 of the schema JSON" \
    "$(reg "for x in d: print(x['name'], hashlib.sha256($fp.encode()).hexdigest())")" \
    "$(reg 'for x in d: print(x["name"], x["schema_fingerprint"])')"
expect_eq "manifest fingerprints = registry fingerprints" \
    "$(reg 'for x in d: print(x["name"], x["schema_fingerprint"])')" \
    "$(python3 -c 'import json, sys
for x in sorted(json.load(open(sys.argv[1]))["datasets"], key=lambda x: x["name"]):
    print(x["name"], x["schema_fingerprint"])' "$OUT/manifest.json")"
finish
