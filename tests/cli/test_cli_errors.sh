# test_cli_errors.sh — the CLI's exit statuses and messages (cli.h: 0 ok, 1 the run could not
# complete, 2 bad usage), refusal to replace a directory that is not a pycpg output, and the
# agreement of `pycpg datasets` with `pycpg datasets --json`.
# One build runs the link stage (its output is queried below); the others pass --no-link:
# the link stage is most of a one-file build's time, several times more under the sanitizers.
. "$(dirname "$0")/lib.sh"

R=$T/repo
OUT=$T/out
mkdir -p "$R"
printf 'def f(x):\n    return x\n' >"$R/a.py"
"$PYCPG" build -q "$R" -o "$OUT" || { echo "setup build failed" >&2; exit 1; }

# ---- usage errors: exit 2, the message names the problem --------------------------------
expect_fail "no arguments" 2 "usage|command" "$PYCPG"
expect_fail "unknown command" 2 "unknown command 'frobnicate'" "$PYCPG" frobnicate
expect_fail "help on unknown command" 2 "unknown command 'nosuch'" "$PYCPG" help nosuch
expect_fail "build without REPO" 2 "missing REPO" "$PYCPG" build
expect_fail "build without -o" 2 "missing -o" "$PYCPG" build "$R"
expect_fail "build unknown option" 2 "'--bogus'" "$PYCPG" build "$R" -o "$T/o1" --bogus
expect_fail "build --only unknown dataset" 2 "unknown dataset 'no_such_dataset'" \
    "$PYCPG" build "$R" -o "$T/o2" --only no_such_dataset
expect_fail "build --no-link with --only of a link dataset" 2 "no-link.*cpg_edges_v1" \
    "$PYCPG" build "$R" -o "$T/o2" --no-link --only cpg_edges_v1
expect_fail "build -j -1" 2 "-j.*'-1'" "$PYCPG" build "$R" -o "$T/o3" -j -1
expect_fail "build -j 1025" 2 "-j.*'1025'" "$PYCPG" build "$R" -o "$T/o3" -j 1025
expect_fail "build -j abc" 2 "-j.*'abc'" "$PYCPG" build "$R" -o "$T/o3" -j abc
expect_fail "build -o without value" 2 "-o|--out" "$PYCPG" build "$R" -o
# a repository that does not exist is the user's mistake: usage (2), naming the path
expect_fail "build missing repo" 2 "$T/no/such/repo" "$PYCPG" build "$T/no/such/repo" -o "$T/o4"
expect_fail "query without OUT" 2 "missing OUT" "$PYCPG" query
expect_fail "query without SQL" 2 "missing SQL" "$PYCPG" query "$OUT"
mkdir -p "$T/plain"
expect_fail "query on a non-output dir" 2 "not a pycpg output" \
    "$PYCPG" query "$T/plain" "select 1"
expect_fail "query on a missing dir" 2 "not a pycpg output" \
    "$PYCPG" query "$T/absent" "select 1"
expect_fail "query with bad SQL" 2 "syntax error" "$PYCPG" query "$OUT" "selec 1 frum x"
expect_fail "query of an unknown table" 2 "no_such_table" \
    "$PYCPG" query "$OUT" "select * from no_such_table"
"$PYCPG" build -q --no-link "$R" -o "$T/out[1]" # a legal directory name with glob characters
expect_eq "query an output whose path has [ ]" "1" \
    "$("$PYCPG" query --csv "$T/out[1]" "select count(*) from repo_files_v1" 2>/dev/null | tail -n +2)"
expect_fail "datasets with an unknown option" 2 "--frob" "$PYCPG" datasets --frob
for o in "$T/o1" "$T/o2" "$T/o3" "$T/o4"; do
    expect_true "usage error left no output $o" test ! -e "$o"
done
expect_eq "usage errors left no staging dirs" "" "$(ls -A "$T" | grep pycpg-tmp)"

# ---- the run cannot complete: exit 1 ------------------------------------------------------
expect_fail "output under /proc" 1 "/proc/x" "$PYCPG" build -q "$R" -o /proc/x
expect_fail "output parent missing" 1 "$T/nope/deeper.*does not exist" \
    "$PYCPG" build -q "$R" -o "$T/nope/deeper/out"
expect_true "no parent created" test ! -e "$T/nope"
printf 'x\n' >"$T/afile"
expect_fail "output is a regular file" 1 "not a directory" "$PYCPG" build -q "$R" -o "$T/afile"
expect_eq "regular file untouched" "x" "$(cat "$T/afile")"
mkdir -p "$T/busy/sub"
printf 'keep me\n' >"$T/busy/keep.txt"
before=$(cd "$T/busy" && find . | LC_ALL=C sort && cat keep.txt)
expect_fail "non-empty non-output dir refused" 1 "refusing to replace" \
    "$PYCPG" build -q "$R" -o "$T/busy"
expect_eq "refused dir untouched" "$before" "$(cd "$T/busy" && find . | LC_ALL=C sort && cat keep.txt)"
expect_eq "refusal left no staging dir" "" "$(ls -A "$T" | grep pycpg-tmp)"
mkdir -p "$T/empty"
expect_fail "empty dir is accepted" 0 "" "$PYCPG" build -q --no-link "$R" -o "$T/empty"
expect_true "empty dir became an output" test -f "$T/empty/.pycpg-output"

# ---- informational commands ------------------------------------------------------------
expect_fail "--version exits 0" 0 "" "$PYCPG" --version
expect_true "--version names pycpg and its version" \
    grep -qE '^pycpg [0-9]+\.[0-9]+\.[0-9]+' <<<"$("$PYCPG" --version)"
# The malloc the binary runs on, as its build configured it (tests.cmake): mimalloc must be
# malloc itself (a block of malloc's is mimalloc's), not merely linked.
case "${PYCPG_TEST_MALLOC:-}" in
mimalloc) want='malloc mimalloc [0-9]+\.[0-9]+\.[0-9]+\)$' ;;
system) want='malloc system\)$' ;;
*) want='malloc [a-z]' ;;
esac
expect_true "--version names the malloc in use (${PYCPG_TEST_MALLOC:-unknown})" \
    grep -qE "$want" <<<"$("$PYCPG" --version)"
expect_fail "help build exits 0" 0 "" "$PYCPG" help build
help=$("$PYCPG" help build)
for word in "usage: pycpg build" "--out" "--only" "--jobs" "Exit status"; do
    expect_true "help build mentions $word" grep -qF -- "$word" <<<"$help"
done
expect_eq "build --help = help build" "$help" "$("$PYCPG" build --help 2>&1)"

# query output formats
expect_eq "query --csv quotes per RFC 4180, NULL is empty" '1,"x,y","a""b",' \
    "$(q "$OUT" "select 1 as i, 'x,y' as s, 'a\"b' as t, NULL as n")"
expect_eq "query --json types its values" '[{"i":1,"f":1.5,"b":true,"n":null,"s":"x"}]' \
    "$("$PYCPG" query "$OUT" "select 1 as i, 1.5::double as f, true as b, NULL as n, 'x' as s" --json)"
expect_eq "query --json: sum() and decimals are numbers" '[{"s":3,"d":1.5}]' \
    "$("$PYCPG" query "$OUT" "select sum(x) as s, 1.5 as d from (values (1::bigint), (2)) t(x)" --json)"
expect_eq "query --csv prints nested values" '"[1, 2]",'"{'a': 1}" \
    "$(q "$OUT" "select [1, 2] as l, {'a': 1} as s")"

json=$("$PYCPG" datasets --json)
expect_true "datasets --json is valid JSON" python3 -m json.tool <<<"$json"
table_names=$("$PYCPG" datasets | awk 'NR > 1 && /^[a-z][a-z0-9_]*_v[0-9]+ /{print $1}' | sort)
json_names=$(python3 -c 'import json,sys; [print(d["name"]) for d in json.load(sys.stdin)]' \
    <<<"$json" | sort)
expect_true "datasets table lists datasets" test "$(grep -c . <<<"$table_names")" -gt 10
expect_eq "datasets table names = datasets --json names" "$table_names" "$json_names"
expect_eq "datasets footer count = JSON length" \
    "($(grep -c . <<<"$json_names") datasets;" \
    "$("$PYCPG" datasets | tail -n 1 | awk '{print $1, $2}')"
expect_eq "dataset names unique" "$(sort -u <<<"$json_names")" "$json_names"
# --no-link: the evidence datasets, none of the link stage's, and the manifest says so
expect_fail "build --no-link" 0 "" "$PYCPG" build -q "$R" -o "$T/nl" --no-link
expect_eq "--no-link: no cpg_, rel_ or normalize dataset written" "" \
    "$(cd "$T/nl" && ls -d cpg_* rel_* dim_* span_errors_v1 2>/dev/null || true)"
expect_eq "--no-link: evidence written" "1" "$(q "$T/nl" "select count(*) from repo_files_v1")"
expect_eq "--no-link: in the manifest" "off" \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["options"]["link"])' \
        "$T/nl/manifest.json")"
expect_true "default build has cpg_nodes_v1" test -d "$OUT/cpg_nodes_v1"
finish
