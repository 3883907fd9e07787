# test_cst_parity.sh — the CST lens against python3's ast and compiler (tests/cli/cst_parity.py)
# on the python3 standard library: every STEP-th *.py file in sorted order (site-packages left
# out) plus the tokenizer's encoding edge cases, as test_ts_parity.sh samples it.
# PYCPG_PARITY_STEP=1 (the slow `cst_parity_stdlib` test) checks the whole standard library.
# Per file: callsites = ast.Call, defs = FunctionDef+AsyncFunctionDef+ClassDef+Lambda,
# imports = ast.alias, every ast.Name's context, def qualnames = code objects' co_qualname.
# No tolerance: one mismatch fails. Files CPython cannot compile are skipped and counted; files
# CPython compiles but tree-sitter cannot parse are skipped and named (cst_parity.py says why).
. "$(dirname "$0")/lib.sh"

STEP=${PYCPG_PARITY_STEP:-40}
LIB=$(python3 -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')
S=$T/sample
mkdir -p "$S"
(cd "$LIB" && find . -name '*.py' ! -path './site-packages/*' | sed 's|^\./||' |
    LC_ALL=C sort | awk -v step="$STEP" '(NR - 1) % step == 0' >"$T/list"
    ls test/tokenizedata/*.py 2>/dev/null >>"$T/list"
    LC_ALL=C sort -u -o "$T/list" "$T/list"
    tar -cf - -T "$T/list" 2>/dev/null) | tar -xf - -C "$S"
nfiles=$(grep -c . "$T/list")
expect_true "sample has at least 50 files" test "$nfiles" -ge 50

only=py_cst_name_refs_v1,py_cst_callsites_v1,py_cst_defs_v1,py_cst_imports_v1,py_cst_parse_errors_v1
expect_fail "build exits 0" 0 "" "$PYCPG" build -q --no-default-excludes --only "$only" "$S" -o "$T/out"
O=$T/out
q "$O" "select path, bstart, expr_ctx from py_cst_name_refs_v1 where expr_ctx is not null
        order by path, bstart" >"$T/names.csv"
q "$O" "select path, count(*) from py_cst_callsites_v1 group by path" >"$T/calls.csv"
q "$O" "select path, qualname from py_cst_defs_v1" >"$T/defs.csv"
q "$O" "select path, count(*) from py_cst_imports_v1 group by path" >"$T/imports.csv"
q "$O" "select distinct path from py_cst_parse_errors_v1" >"$T/broken"
(cd "$S" && find . -type f -name '*.py' | sed 's|^\./||') >"$T/files"

python3 "$(dirname "$0")/cst_parity.py" "$S" "$T/names.csv" "$T/calls.csv" "$T/defs.csv" \
    "$T/imports.csv" "$T/files" "$T/broken" >"$T/parity.out" 2>&1
rc=$?
cat "$T/parity.out" >&2
expect_eq "python3 ast/compile parity (mismatches above)" 0 "$rc"
expect_true "some files were checked" grep -qE ' [1-9][0-9]* files checked' "$T/parity.out"
finish
