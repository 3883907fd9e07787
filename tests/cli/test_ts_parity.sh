# test_ts_parity.sh (slow) — ts_nodes_v1 against the bare tree-sitter walk (bench/ts_walk) on
# a deterministic sample of the python3 standard library: every STEP-th *.py file in sorted
# order (site-packages left out) plus the tokenizer's encoding edge cases
# (test/tokenizedata/*.py: bad cookies, BOM + cookie, invalid UTF-8). Total and per-file
# node counts must match exactly; two builds of the same sample must give identical ids.
. "$(dirname "$0")/lib.sh"

STEP=${PYCPG_PARITY_STEP:-25}
LIB=$(python3 -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')
S=$T/sample
mkdir -p "$S"
(cd "$LIB" && find . -name '*.py' ! -path './site-packages/*' | sed 's|^\./||' |
    LC_ALL=C sort | awk -v step="$STEP" '(NR - 1) % step == 0' >"$T/list"
    ls test/tokenizedata/*.py 2>/dev/null >>"$T/list"
    LC_ALL=C sort -u -o "$T/list" "$T/list"
    tar -cf - -T "$T/list" 2>/dev/null) | tar -xf - -C "$S"
# plus one file of our own: a bare `yield` (named node `yield` over an anonymous `yield`)
printf 'def g():\n    yield\n' >"$S/zz_bare_yield.py"
echo zz_bare_yield.py >>"$T/list"
nfiles=$(grep -c . "$T/list")
expect_eq "sample copied" "$nfiles" "$(cd "$S" && find . -type f -name '*.py' | grep -c .)"
expect_true "sample has at least 50 files" test "$nfiles" -ge 50

# --no-default-excludes: the stdlib has a package named venv, which the defaults skip
for o in out1 out2; do
    expect_fail "build $o exits 0" 0 "" \
        "$PYCPG" build -q --no-link --no-default-excludes "$S" -o "$T/$o"
done
O=$T/out1

(cd "$S" && "$TS_WALK" --per-file <"$T/list" 2>"$T/walk.err" | tr '\t' ',' |
    LC_ALL=C sort -t, -k1,1 >"$T/walk")
oracle_total=$(sed -n 's/.*nodes=\([0-9]*\).*/\1/p' "$T/walk.err")
expect_eq "ts_walk read every sampled file" "$nfiles" "$(grep -c . "$T/walk")"
expect_eq "total ts_nodes_v1 = ts_walk nodes" "$oracle_total" \
    "$(q "$O" "select count(*) from ts_nodes_v1")"
expect_eq "manifest ts_nodes_v1 rows = ts_walk nodes" "$oracle_total" \
    "$(python3 -c 'import json,sys
print(*[d["rows"] for d in json.load(open(sys.argv[1]))["datasets"] if d["name"] == "ts_nodes_v1"])' \
        "$O/manifest.json")"

# per file: join the two lists on the path; the first mismatch names its file
q "$O" "select path, count(*) from ts_nodes_v1 group by path" | LC_ALL=C sort -t, -k1,1 >"$T/got"
mismatch=$(LC_ALL=C join -t, -a1 -a2 -e none -o 0,1.2,2.2 "$T/walk" "$T/got" |
    awk -F, '$2 != $3 {print $1 ": ts_walk " $2 ", pycpg " $3; exit}')
expect_eq "per-file node counts = ts_walk (first mismatch shown)" "" "$mismatch"
expect_eq "files with a problem row still parsed (tokenizedata)" "" \
    "$(q "$O" "select path from file_errors_v1 where error_code <> 'too_large'
               except select path from ts_nodes_v1")"
expect_true "the sample includes encoding problems" \
    test "$(q "$O" "select count(*) from file_errors_v1")" -ge 1

# ids: unique, parents resolve, one root per file, node spans inside the file
expect_eq "ts_node_id unique, no node its own parent" "0,0" \
    "$(q "$O" "select count(*) - count(distinct ts_node_id),
                      count(*) filter (where parent_ts_id = ts_node_id) from ts_nodes_v1")"
expect_eq "every parent_ts_id is a node of the same file" "0" \
    "$(q "$O" "select count(*) from ts_nodes_v1 c where parent_ts_id is not null and not exists
               (select 1 from ts_nodes_v1 p where p.ts_node_id = c.parent_ts_id
                and p.file_id = c.file_id)")"
expect_eq "one root per file" "$nfiles" \
    "$(q "$O" "select count(*) from ts_nodes_v1 where parent_ts_id is null")"
expect_eq "node byte ranges inside the file" "0" \
    "$(q "$O" "select count(*) from ts_nodes_v1 n join repo_files_v1 f using (file_id)
               where n.start_byte < 0 or n.end_byte < n.start_byte or n.end_byte > f.size_bytes")"

# determinism: a second build of the same sample gives the same rows, ids included
cols="file_id, path, ts_node_id, parent_ts_id, span_id, ts_type, start_byte, end_byte"
# the second build's files read raw, their sparse ids put back as docs/datasets.md tells a raw
# reader to (the recipes of "Sparse id columns")
# (ts_node_id is file-local, stored whole: docs/ids.md)
other="(select * replace (
          coalesce(span_id, pycpg_id('span', 'file:' || file_id::varchar, start_byte, end_byte)) as span_id)
        from read_parquet('$T/out2/ts_nodes_v1/*.parquet'))"
expect_eq "build 1 except all build 2 is empty, and back" "0,0" \
    "$(q "$O" "select (select count(*) from (select $cols from ts_nodes_v1
                                              except all select $cols from $other)),
                      (select count(*) from (select $cols from $other
                                              except all select $cols from ts_nodes_v1))")"
expect_eq "hash sums of ids equal" "true" \
    "$(q "$O" "select (select sum(hash(ts_node_id, parent_ts_id, span_id)) from ts_nodes_v1)
                    = (select sum(hash(ts_node_id, parent_ts_id, span_id)) from $other)")"
expect_eq "repo_files_v1 identical across builds" "0" \
    "$(q "$O" "select count(*) from (select file_id, path, file_sha256, encoding from repo_files_v1
               except all select file_id, path, file_sha256, encoding
               from read_parquet('$T/out2/repo_files_v1/*.parquet'))")"
finish
