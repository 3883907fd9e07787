#!/usr/bin/env bash
# test_runtime.sh — runtime inspection (--runtime-inspect, issue 9) on tests/fixtures/runtime:
#   - without the option no code of the repository runs (marker.py would leave a file);
#   - with it, the well-behaved package's objects, signatures, parameters and members equal
#     what python3's inspect says in this process (fixture oracle.py), and link into the CPG;
#   - every hostile module (raises, sleeps forever, allocates without bound, os._exit(3),
#     segfaults, floods its output, writes outside its folder, opens the network, imports
#     setup.py / __main__) is contained and reported as an rt_errors_v1 row of the right kind,
#     and the build completes;
#   - no value holds a memory address; all-packages at -j 2 and the same modules listed by
#     hand at -j 1 give byte-identical datasets.
# What the kernel does not permit here (namespaces) is reported and not asserted.
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
R=$T/repo
cp -r "$SRC/tests/fixtures/runtime" "$R"
ESC=/tmp/pycpg_rt_fixture_ESCAPED
rm -f "$ESC"
# The per-module limit is wall-clock: at 4 s, a loaded machine (load 10 on 2 CPUs) made the
# allocating module's child time out before it reached its memory limit (a timeout row, not
# memory_limit). 15 s (the default) leaves a slow child room; only sleeps_forever waits it.
LIMITS=(--runtime-timeout 15 --runtime-memory 300M --runtime-max-output 1M --runtime-total-timeout 300)

# ---- the marker fixture works, and nothing runs without --runtime-inspect ------------------
cp -r "$R" "$T/probe"
(cd "$T" && python3 -B -c "import sys; sys.path.insert(0, 'probe'); import marker")
expect_true marker_fixture_creates_marker test -f "$T/probe/MARKER_IMPORTED"
"$PYCPG" build "$R" -o "$T/off" -q --no-link || { lib_fail build_off "pycpg build failed"; finish; }
expect_eq no_marker_without_option "" "$(find "$R" "$T/off" -name MARKER_IMPORTED)"
expect_eq no_pycache_without_option "" "$(find "$R" -name __pycache__)"
expect_eq rt_rows_without_option "0" "$(q "$T/off" "select (select count(*) from rt_objects_v1)
    + (select count(*) from rt_errors_v1)")"
expect_true manifest_not_requested grep -q '"runtime_status": "not_requested"' "$T/off/manifest.json"

# ---- usage ------------------------------------------------------------------------------------
expect_fail bad_module_name 2 "not a module name" "$PYCPG" build "$R" -o "$T/x" \
    --runtime-inspect 'rtpkg;rm'
expect_fail all_packages_alone 2 "stands alone" "$PYCPG" build "$R" -o "$T/x" \
    --runtime-inspect all-packages,rtpkg
expect_true help_documents_runtime sh -c "'$PYCPG' help build | grep -q -- '--runtime-inspect'"

# ---- all-packages, -j 2 ------------------------------------------------------------------------
t0=$(date +%s)
"$PYCPG" build "$R" -o "$T/a" -q -j 2 --runtime-inspect all-packages "${LIMITS[@]}" ||
    { lib_fail build_all "pycpg build --runtime-inspect all-packages failed"; finish; }
echo "test_runtime: all-packages build took $(($(date +%s) - t0)) s" >&2
M=$T/a/manifest.json
sandbox=$(grep -o '"runtime_sandbox": "[^"]*"' "$M")
echo "test_runtime: $sandbox" >&2
net_ok=false fs_ok=false
grep -q 'network namespace: all' <<<"$sandbox" && net_ok=true
grep -q 'read-only file system: all' <<<"$sandbox" && fs_ok=true
expect_true manifest_python_version grep -qE '"runtime_python": "/[^"]* 3\.[0-9]+\.[0-9]+"' "$M"

# the modules all-packages derives: packages' modules and top-level modules, never __main__
# or setup.py
expect_eq all_packages_modules "allocates crashes escapes exits floods marker net_probe raises_on_import rtpkg rtpkg.shapes rtpkg.util sleeps_forever" \
    "$(q "$T/a" "select string_agg(m, ' ' order by m) from (select distinct module m from
        rt_errors_v1 union select qualname from rt_objects_v1 where obj_type = 'module')")"

# hostile modules: one error row each, of the right kind
expect_eq hostile_errors "allocates|memory_limit|MemoryError||
crashes|crashed|||11
escapes|import_error|OSError||
exits|exited||3|
floods|output_limit|||9
raises_on_import|import_error|ValueError||
sleeps_forever|timeout|||9" \
    "$(q "$T/a" "select module || '|' || error_code || '|' || coalesce(error_type, '') || '|' ||
        coalesce(exit_status::varchar, '') || '|' || coalesce(signal::varchar, '')
        from rt_errors_v1 where module <> 'marker' order by module")"
expect_eq raises_message "broken on purpose" \
    "$(q "$T/a" "select message from rt_errors_v1 where module = 'raises_on_import'")"

# writes outside the module's folder: none landed
expect_eq no_escape_in_repo_or_out "" "$(find "$R" "$T/a" -name 'ESCAPED*' -o -name MARKER_IMPORTED)"
expect_eq no_pycache_in_repo "" "$(find "$R" -name __pycache__)"
if $fs_ok; then
    expect_true no_escape_in_tmp test ! -e "$ESC"
    expect_eq escape_refused "out: Read-only file system; repo: Read-only file system; tmp: Read-only file system" \
        "$(q "$T/a" "select message from rt_errors_v1 where module = 'escapes'")"
    expect_eq marker_refused "import_error|OSError" \
        "$(q "$T/a" "select error_code || '|' || error_type from rt_errors_v1 where module = 'marker'")"
else
    echo "test_runtime: read-only mounts not permitted here: writes outside the repo and OUT not checked" >&2
fi
rm -f "$ESC"
if $net_ok; then
    expect_eq network_cut "'OSError: Network is unreachable'|['lo']" \
        "$(q "$T/a" "select string_agg(m.value_repr, '|' order by m.name) from rt_members_v1 m
            join rt_objects_v1 o using (rt_id) where o.qualname = 'net_probe'
            and m.name in ('IFACES', 'CONNECT')")"
else
    echo "test_runtime: network namespace not permitted here: network isolation not checked" >&2
fi

# no memory address anywhere in the runtime datasets
expect_eq no_memory_addresses 0 "$(q "$T/a" "select (select count(*) from rt_members_v1 where
    regexp_matches(coalesce(value_repr, ''), '0x[0-9a-fA-F]{6,}'))
    + (select count(*) from rt_signatures_v1 where regexp_matches(signature || coalesce(return_annotation, ''), '0x[0-9a-fA-F]{6,}'))
    + (select count(*) from rt_signature_params_v1 where regexp_matches(coalesce(default_repr, '') || coalesce(annotation_repr, ''), '0x[0-9a-fA-F]{6,}'))
    + (select count(*) from rt_errors_v1 where regexp_matches(message, '0x[0-9a-fA-F]{6,}'))")"
expect_eq sentinel_without_address "<object object>" \
    "$(q "$T/a" "select value_repr from rt_members_v1 where name = 'SENTINEL'")"

# ---- the well-behaved package against the oracle ---------------------------------------------
want=$(cd "$T" && python3 -B "$SRC/tests/cli/runtime_oracle.py" "$R" rtpkg rtpkg.shapes rtpkg.util)
rm -rf "$R/__pycache__" "$R/rtpkg/__pycache__"
# (commas become ';' on both sides: q prints CSV, which would quote them)
section() { awk -v s="== $1" '$0 == s {on = 1; next} /^== / {on = 0} on' <<<"$want" | tr , ';'; }
qs() { q "$1" "select replace(x, ',', ';') from ($2) order by 1"; }
good="module like 'rtpkg%'"
expect_eq oracle_objects "$(section objects)" "$(qs "$T/a" "select module || '|' || qualname ||
    '|' || obj_type x from rt_objects_v1 where $good")"
expect_eq oracle_signatures "$(section signatures)" "$(qs "$T/a" "select o.qualname || '|' ||
    s.signature x from rt_signatures_v1 s join rt_objects_v1 o using (rt_id) where o.$good")"
expect_eq oracle_params "$(section params)" "$(qs "$T/a" "select o.qualname || '|' ||
    p.position || '|' || p.name || '|' || p.kind || '|' || coalesce(p.default_repr, '') x
    from rt_signature_params_v1 p join rt_signatures_v1 s using (sig_id)
    join rt_objects_v1 o on o.rt_id = s.rt_id where o.$good")"
expect_eq oracle_members "$(section members)" "$(qs "$T/a" "select o.qualname || '|' || m.name
    || '|' || m.member_kind x from rt_members_v1 m join rt_objects_v1 o using (rt_id)
    where o.$good")"
expect_eq wraps_chain "ping.__wrapped__|ping.__wrapped__.__wrapped__|2
ping|ping.__wrapped__|1" \
    "$(q "$T/a" "select o.qualname || '|' || w.qualname || '|' || w.unwrap_depth
        from rt_objects_v1 o join rt_objects_v1 w on w.rt_id = o.wrapped_rt_id
        where o.qualname like 'ping%' order by 1")"

# ---- the CPG: nodes and edges of every runtime row, objects joined to their source ------------
expect_eq cpg_rt_counts "$(q "$T/a" "select (select count(*) from rt_objects_v1) || ',' ||
    (select count(*) from rt_signatures_v1) || ',' || (select count(*) from rt_signature_params_v1)
    || ',' || (select count(*) from rt_members_v1) || ',' || (select count(*) from rt_objects_v1
    where wrapped_rt_id is not null) || ',' || (select count(*) from rt_objects_v1
    where file_id is not null)")" \
    "$(q "$T/a" "select string_agg(n::varchar, ',' order by k) from (
        select 1 k, count(*) n from cpg_nodes_v1 where node_kind = 'RT_OBJECT'
        union all select 2, count(*) from cpg_nodes_v1 where node_kind = 'RT_SIGNATURE'
        union all select 3, count(*) from cpg_nodes_v1 where node_kind = 'RT_SIGNATURE_PARAM'
        union all select 4, count(*) from cpg_nodes_v1 where node_kind = 'RT_MEMBER'
        union all select 5, count(*) from cpg_edges_v1 where edge_kind = 'RT_WRAPS'
        union all select 6, count(*) from cpg_edges_v1 where edge_kind = 'RT_DEFINED_BY')")"
expect_eq rt_edges_match_rows "$(q "$T/a" "select (select count(*) from rt_signatures_v1) || ','
    || (select count(*) from rt_signature_params_v1) || ',' || (select count(*) from rt_members_v1)")" \
    "$(q "$T/a" "select (select count(*) from cpg_edges_v1 where edge_kind = 'RT_HAS_SIGNATURE')
        || ',' || (select count(*) from cpg_edges_v1 where edge_kind = 'RT_HAS_PARAM') || ','
        || (select count(*) from cpg_edges_v1 where edge_kind = 'RT_HAS_MEMBER')")"
# every class/function joined to the def whose qualname is its own (a wrapper to the def of
# its wrapper function), every module to its file
expect_eq defined_by_qualname "" "$(q "$T/a" "select o.qualname from cpg_edges_v1 e
    join rt_objects_v1 o on o.rt_id = e.src_node_id
    left join py_cst_defs_v1 d on d.def_id = e.dst_node_id
    left join repo_files_v1 f on f.file_id = e.dst_node_id
    where e.edge_kind = 'RT_DEFINED_BY' and not (
        d.qualname = regexp_replace(o.qualname, '(\\.__wrapped__)+\$', '') and o.source_name = d.name
        or o.source_name <> split_part(o.qualname, '.', -1) and d.name = o.source_name
        or f.path = o.source_path and o.obj_type = 'module')")"
expect_eq no_contract_errors "0,0" "$(q "$T/a" "select (select count(*) from cpg_nodes_v1_errors),
    (select count(*) from cpg_edges_v1_errors)")"

# ---- determinism: the same modules by name, -j 1 (evidence only: the link stage's own
# determinism is test_workers.sh's) ------------------------------------------------------------
list=$(q "$T/a" "select string_agg(m, '+' order by m) from (select distinct module m from
    rt_errors_v1 union select qualname from rt_objects_v1 where obj_type = 'module')")
"$PYCPG" build "$R" -o "$T/b" -q -j 1 --no-link --runtime-inspect "${list//+/,}" "${LIMITS[@]}" ||
    lib_fail build_list "pycpg build --runtime-inspect LIST failed"
rm -f "$ESC"
for d in rt_objects_v1 rt_signatures_v1 rt_signature_params_v1 rt_members_v1 rt_errors_v1; do
    expect_eq "identical_$d" "$(cd "$T/a/$d" && md5sum ./*.parquet)" \
        "$(cd "$T/b/$d" 2>/dev/null && md5sum ./*.parquet)"
done
finish
