#!/usr/bin/env bash
# test_kinds.sh — completeness of the CPG against its evidence: for every node and edge kind
# of the kinds registry (src/link/link_kinds.c), an oracle query over the evidence datasets
# says how many rows of the kind the graph must hold, and the graph holds exactly that many.
# The oracles are written independently of the emitters where the evidence allows it (python's
# tokenize for comments, the AST for call arguments, the symtable flags without the scope walk
# for binding resolution). A kind the registry lists but this table does not fails the test, so
# a new kind cannot be left unemitted silently; kinds without evidence in pycpg are listed in
# NO_EVIDENCE (docs/decisions.md, "Kinds and their evidence") and must stay absent.
# A second build of the SCIP fixture (--scip auto) checks the SCIP kinds when scip-python runs.
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
R=$T/repo
mkdir -p "$R/pkg"
cp -r "$SRC/tests/fixtures/link/pkg/." "$R/pkg/"
cat >"$R/pkg/kinds.py" <<'EOF'
# module comment
import os
COUNT = 0


def outer(a: int, *rest: str, **kw) -> tuple:
    total = 0  # a trailing comment

    def inner(b):
        nonlocal total
        total += b
        return a + os.sep.join(rest) + str(kw[b])

    def counter():
        global COUNT
        COUNT += 1
        return total

    inner(1, *rest, key=2, **kw)
    return counter, [x for x in rest]


class K:
    def m(self):
        return super().m() + outer(1)[0]
EOF
printf 'def broken(:\n    pass\nx = (1,\n' >"$R/pkg/broken.py"

"$PYCPG" build "$R" -o "$T/a" -q || { lib_fail build "pycpg build failed"; finish; }

# KIND|node or edge|oracle SQL (a count over the evidence datasets)
ORACLES=$(
    cat <<'EOF'
PY_REPO|node|select 1
PY_FILE|node|select count(*) from repo_files_v1
PY_MODULE|node|select count(distinct module_name) from py_cst_parse_manifest_v1
PY_PACKAGE|node|select count(distinct module_name) from py_cst_parse_manifest_v1 where path like '%__init__.py'
PY_MODULE_FQN|node|select count(distinct module_name) from py_cst_parse_manifest_v1
AST_NODE|node|select count(*) from py_ast_nodes_v1
AST_DEF|node|select count(*) from py_ast_nodes_v1 where kind in ('FunctionDef','AsyncFunctionDef','ClassDef','Lambda')
AST_CALL|node|select count(*) from py_ast_nodes_v1 where kind = 'Call'
AST_NAME|node|select count(*) from py_ast_nodes_v1 where kind = 'Name'
AST_ATTRIBUTE|node|select count(*) from py_ast_nodes_v1 where kind = 'Attribute'
TS_NODE|node|select count(*) from ts_nodes_v1
CST_COMMENT|node|select count(*) from ts_nodes_v1 where ts_type = 'comment'
TS_ERROR|node|select count(*) from ts_errors_v1
TS_MISSING|node|select count(*) from ts_missing_v1
CST_SUBSCRIPT|node|select count(*) from py_ast_nodes_v1 where kind = 'Subscript'
CST_ARG|node|select count(*) from py_ast_nodes_v1 c join py_ast_nodes_v1 p on p.file_id = c.file_id and p.ast_idx = c.parent_ast_idx where p.kind = 'Call' and c.field_name in ('args', 'keywords')
CST_CALLSITE|node|select count(*) from py_ast_nodes_v1 where kind = 'Call'
SYM_SCOPE|node|select count(*) from py_sym_scopes_v1
PY_SCOPE|node|select count(*) from py_sym_scopes_v1
SYM_SYMBOL|node|select count(*) from py_sym_symbols_v1
PY_BINDING|node|select count(*) from py_sym_symbols_v1
BC_CODE_UNIT|node|select count(*) from py_bc_code_units_v1
CFG_EXIT|node|select count(*) from py_bc_code_units_v1
BC_INSTR|node|select count(*) from py_bc_instructions_v1
CFG_BLOCK|node|select count(*) from py_bc_blocks_v1
DIAG|node|select count(*) from diagnostics_norm_v1
TYPE_PARAM|node|select count(*) from py_ast_nodes_v1 where kind in ('TypeVar','ParamSpec','TypeVarTuple')
TYPE_ALIAS|node|select count(*) from py_ast_nodes_v1 where kind = 'TypeAlias'
TYPE_PARAM_OF|edge|select count(*) from py_ast_nodes_v1 where kind in ('TypeVar','ParamSpec','TypeVarTuple')
REPO_CONTAINS|edge|select count(*) from repo_files_v1
FILE_DECLARES_MODULE|edge|select count(*) from py_cst_parse_manifest_v1 where module_name is not null
FILE_CONTAINS|edge|select (select count(distinct file_id) from py_ast_nodes_v1) + (select count(distinct file_id) from ts_nodes_v1) + (select count(*) from py_sym_scopes_v1 where scope_type = 'module') + (select count(distinct file_id) from py_bc_code_units_v1)
AST_PARENT_OF|edge|select count(*) from py_ast_edges_v1
TS_PARENT_OF|edge|select count(*) from ts_nodes_v1 where parent_ts_id is not null
SCOPE_PARENT|edge|select count(*) from py_sym_scope_edges_v1
SCOPE_BINDS|edge|select count(*) from py_sym_symbols_v1
BINDING_RESOLVES_TO|edge|select count(*) from py_sym_symbols_v1 s join py_sym_scopes_v1 c using (scope_id) where c.scope_type <> 'module' and ((s.is_free or s.is_nonlocal) and s.name <> '__class__' or s.is_global and not s.is_free and exists (select 1 from py_sym_symbols_v1 m join py_sym_scopes_v1 mc using (scope_id) where mc.scope_type = 'module' and m.file_id = s.file_id and m.name = s.name and (m.is_assigned or m.is_imported)))
BYTECODE_ANCHOR|edge|select count(distinct i.instr_id) from py_bc_instructions_v1 i join py_ast_nodes_v1 a on a.file_id = i.file_id and a.bstart = i.bstart and a.bend = i.bend
CALLSITE_CANDIDATE_QNAME|edge|select count(*) from callsite_qname_candidates_v1
NAME_REF_CANDIDATE_QNAME|edge|select count(*) from callsite_qname_candidates_v1 q join py_cst_callsites_v1 c using (call_id) where c.callee_shape = 'NAME'
ATTR_CANDIDATE_QNAME|edge|select count(*) from callsite_qname_candidates_v1 q join py_cst_callsites_v1 c using (call_id) where c.callee_shape = 'ATTRIBUTE'
HAS_DIAGNOSTIC|edge|select count(*) from diagnostics_norm_v1
CFG_EXC|edge|select count(*) from py_bc_cfg_edges_v1 where kind = 'exc'
CFG_JUMP|edge|select count(*) from py_bc_cfg_edges_v1 where kind = 'jump'
STEP_DEF|edge|select count(*) from py_bc_def_use_events_v1 where kind = 'def'
STEP_USE|edge|select count(*) from py_bc_def_use_events_v1 where kind = 'use'
DF_DEF|node|select count(*) from py_bc_def_use_events_v1 where kind = 'def'
DF_USE|node|select count(*) from py_bc_def_use_events_v1 where kind = 'use'
REACHES|edge|select count(*) from py_bc_reaches_v1
PY_CALLS_QNAME|edge|select count(*) from rel_callsite_qname_v1 where call_id not in (select call_id from rel_callsite_symbol_v1)
EOF
)
# Kinds present whenever their evidence is (oracle > 0 on this fixture), checked by presence
# only: their counts depend on relations (rel_*) or on dedupe rules other tests pin.
PRESENT="CST_DEF CST_CLASS_DEF CST_FUNCTION_DEF CST_LAMBDA CST_PARAM CST_IMPORT CST_IMPORT_FROM
CST_IMPORT_ALIAS CST_NAME_REF CST_ATTRIBUTE_ACCESS CST_LITERAL CST_DOCSTRING CST_DECORATOR
PY_DEF_SITE PY_USE_SITE PY_QUALIFIED_NAME TYPE_EXPR TYPE DEF_SITE_OF USE_SITE_OF PY_READS_SYMBOL
PY_WRITES_SYMBOL PY_REFERENCES_SYMBOL PY_DEFINES_SYMBOL PY_IMPORTS_SYMBOL HAS_ANNOTATION CFG_NEXT CFG_BRANCH CFG_BRANCH_TRUE CFG_BRANCH_FALSE PY_CALLS PY_INHERITS_FROM"
# Kinds checked on the SCIP build below.
SCIP="SCIP_INDEX SCIP_DOCUMENT SCIP_SYMBOL SCIP_OCCURRENCE SCIP_DIAGNOSTIC SCIP_SYMBOL_REFERENCE
SCIP_SYMBOL_IMPLEMENTATION SCIP_SYMBOL_TYPE_DEFINITION SCIP_SYMBOL_DEFINITION PY_CALLS_SYMBOL"
# Kinds of runtime inspection: absent without --runtime-inspect (no code of the repository
# runs), checked on the runtime build below.
RUNTIME="RT_OBJECT RT_SIGNATURE RT_SIGNATURE_PARAM RT_MEMBER RT_HAS_SIGNATURE RT_HAS_PARAM
RT_HAS_MEMBER RT_WRAPS RT_DEFINED_BY"
# No evidence in pycpg (docs/decisions.md): must stay absent.
NO_EVIDENCE="CST_NODE CST_PARENT_OF INFERRED_TYPE"
# Value-flow edges: cpg_flow_edges_v1's, written by `pycpg flows OUT --save` (cli_flows checks
# them), never in cpg_edges_v1.
FLOWS="PY_VF_LOCAL PY_VF_ARG PY_VF_RETURN PY_VF_FIELD PY_VF_ELEMENT PY_VF_GLOBAL PY_VF_YIELD"

# check_counts PREFIX OUT [evidence]: reads KIND|node or edge|oracle SQL lines on stdin and,
# in one query over OUT, checks each kind's graph count against its oracle ("PREFIX_KIND");
# with `evidence`, also that each oracle counts something ("PREFIX_evidence_KIND"). One
# query for all (each pycpg query is a process and a DuckDB): the lines are numbered, and a
# query that fails or loses a line fails the check of the line count.
check_counts() {
    local prefix=$1 out=$2 evidence=${3:-} sql="" kind ent osql tbl col n=0 got
    while IFS='|' read -r kind ent osql; do
        [ -n "$kind" ] || continue
        if [ "$ent" = node ]; then tbl=cpg_nodes_v1 col=node_kind; else tbl=cpg_edges_v1 col=edge_kind; fi
        [ -z "$sql" ] || sql+=" union all "
        sql+="select $n as i, '$kind' as k, ($osql) as want,
            (select count(*) from $tbl where $col = '$kind') as got"
        n=$((n + 1))
    done
    got=$(q "$out" "select k, want, got from ($sql) order by i")
    expect_eq "${prefix}_lines" "$n" "$(grep -c . <<<"$got")"
    while IFS=, read -r kind want got; do
        expect_eq "${prefix}_$kind" "$want" "$got"
        [ -z "$evidence" ] || expect_eq "${prefix}_evidence_$kind" true "$([ "$want" -gt 0 ] && echo true)"
    done <<<"$got"
}
# kind_totals OUT KIND…: "KIND,N" per kind (nodes and edges of the kind), in one query
kind_totals() {
    local out=$1 list
    shift
    list=$(printf "'%s'," "$@")
    q "$out" "select k, (select count(*) from cpg_nodes_v1 where node_kind = k)
        + (select count(*) from cpg_edges_v1 where edge_kind = k)
        from unnest([${list%,}]) t(k) order by k"
}

# ---- every registry kind is accounted for ------------------------------------------------
registry=$(grep -oE '^\s+[NE]\("[A-Z_]+"' "$SRC/src/link/link_kinds.c" | grep -oE '[A-Z_]{3,}' | sort)
listed=$({
    cut -d'|' -f1 <<<"$ORACLES"
    printf '%s\n' $PRESENT $SCIP $RUNTIME $NO_EVIDENCE $FLOWS
} | sort)
expect_eq registry_kinds_listed "$registry" "$listed"
# the reference's 58 node and 43 edge kinds, pycpg's PY_CALLS, PY_INHERITS_FROM and
# RT_DEFINED_BY, and the 7 value-flow kinds
expect_eq registry_kind_count 111 "$(wc -l <<<"$registry")"

# ---- exact counts from the oracles --------------------------------------------------------
check_counts count "$T/a" <<<"$ORACLES"
# The fixture gives evidence for every kind it is meant to exercise (so the counts above
# compare something): PEP 695 kinds only on Python >= 3.12.
EVIDENCED="AST_DEF AST_CALL AST_NAME AST_ATTRIBUTE TS_ERROR TS_MISSING CST_SUBSCRIPT CST_ARG
PY_SCOPE CFG_EXIT PY_MODULE_FQN FILE_CONTAINS BINDING_RESOLVES_TO BYTECODE_ANCHOR CST_COMMENT
NAME_REF_CANDIDATE_QNAME ATTR_CANDIDATE_QNAME DIAG HAS_DIAGNOSTIC"
check_counts oracle "$T/a" evidence < <(grep -E "^($(tr -s ' \n' '|' <<<"$EVIDENCED" | sed 's/|$//'))\|" <<<"$ORACLES")
expect_eq evidenced_kinds_found "$(wc -w <<<"$EVIDENCED")" \
    "$(grep -cE "^($(tr -s ' \n' '|' <<<"$EVIDENCED" | sed 's/|$//'))\|" <<<"$ORACLES")"
kinds=$(printf '%s\n' $PRESENT | LC_ALL=C sort)
expect_eq present_kinds "$kinds" "$(kind_totals "$T/a" $PRESENT | awk -F, '$2 > 0 {print $1}' | LC_ALL=C sort)"
expect_eq absent_kinds "" "$(kind_totals "$T/a" $NO_EVIDENCE $RUNTIME $FLOWS | awk -F, '$2 != 0')"
expect_eq no_contract_errors "0,0" "$(q "$T/a" "select (select count(*) from cpg_nodes_v1_errors),
    (select count(*) from cpg_edges_v1_errors)")"

# ---- contents of the new kinds ------------------------------------------------------------
# comments: python's tokenize is the oracle for count and text
want=$(python3 - "$R" <<'EOF'
import io, os, sys, tokenize
out = []
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        if f.endswith(".py"):
            data = open(os.path.join(root, f), "rb").read()
            try:
                for t in tokenize.tokenize(io.BytesIO(data).readline):
                    if t.type == tokenize.COMMENT:
                        out.append(t.string)
            except (tokenize.TokenError, SyntaxError, IndentationError):
                pass
print("\n".join(sorted(out)))
EOF
)
expect_eq comment_texts "$want" "$(q "$T/a" "select p.value_str from cpg_nodes_v1 n join
    cpg_props_v1 p on p.entity_id = n.node_id and p.prop_key = 'text'
    where n.node_kind = 'CST_COMMENT' order by 1")"
# BYTECODE_ANCHOR: the AST node has the instruction's span exactly
expect_eq bytecode_anchor_spans 0 "$(q "$T/a" "select count(*) from cpg_edges_v1 e
    join cpg_nodes_v1 i on i.node_id = e.src_node_id and i.node_kind = 'BC_INSTR'
    join cpg_nodes_v1 a on a.node_id = e.dst_node_id and a.node_kind = 'AST_NODE'
    where e.edge_kind = 'BYTECODE_ANCHOR' and (a.bstart <> i.bstart or a.bend <> i.bend)")"
# BINDING_RESOLVES_TO on the fixture: inner's `total` (NONLOCAL) and `a`, `rest`, `kw` (FREE)
# to outer's, counter's COUNT (declared GLOBAL) and inner's `os` (implicit) to the module's;
# `str` and `super` are builtins (bound nowhere) and m's `__class__` cell is implicit: no edge
binding_names="select sp.value_str as src_name, dp.value_str as dst_name,
    sc.scope_name as src_scope, dc.scope_name as dst_scope, kp.value_str as kind
    from cpg_edges_v1 e
    join cpg_props_v1 sp on sp.entity_id = e.src_node_id and sp.prop_key = 'name'
    join cpg_props_v1 dp on dp.entity_id = e.dst_node_id and dp.prop_key = 'name'
    join cpg_props_v1 ssi on ssi.entity_id = e.src_node_id and ssi.prop_key = 'scope_id'
    join cpg_props_v1 dsi on dsi.entity_id = e.dst_node_id and dsi.prop_key = 'scope_id'
    join py_sym_scopes_v1 sc on sc.scope_id = ssi.value_int
    join py_sym_scopes_v1 dc on dc.scope_id = dsi.value_int
    join cpg_props_v1 kp on kp.entity_id = e.edge_id and kp.prop_key = 'kind'
    where e.edge_kind = 'BINDING_RESOLVES_TO' and e.path = 'pkg/kinds.py'"
expect_eq binding_resolves_fixture \
    "COUNT,counter,top,GLOBAL
a,inner,outer,FREE
kw,inner,outer,FREE
os,inner,top,GLOBAL
outer,m,top,GLOBAL
rest,inner,outer,FREE
total,counter,outer,FREE
total,inner,outer,NONLOCAL" \
    "$(q "$T/a" "select src_name, src_scope, dst_scope, kind from ($binding_names)
        where src_name = dst_name order by 1, 2")"

# ---- SCIP kinds (when scip-python runs here) -----------------------------------------------
if "$PYCPG" build "$SRC/tests/fixtures/scip/basic" -o "$T/s" -q --scip auto 2>/dev/null &&
    grep -q '"scip_status": "ingested"' "$T/s/manifest.json"; then
    check_counts scip_count "$T/s" <<'EOF'
SCIP_INDEX|node|select count(*) from scip_metadata_v1
SCIP_DOCUMENT|node|select count(*) from scip_documents_v1
SCIP_OCCURRENCE|node|select count(*) from scip_occurrences_v1 where bstart is not null
SCIP_DIAGNOSTIC|node|select count(*) from scip_diagnostics_v1
SCIP_SYMBOL_REFERENCE|edge|select count(*) from scip_symbol_relationships_v1 where is_reference
SCIP_SYMBOL_IMPLEMENTATION|edge|select count(*) from scip_symbol_relationships_v1 where is_implementation
SCIP_SYMBOL_TYPE_DEFINITION|edge|select count(*) from scip_symbol_relationships_v1 where is_type_definition
SCIP_SYMBOL_DEFINITION|edge|select count(*) from scip_symbol_relationships_v1 where is_definition
PY_CALLS_SYMBOL|edge|select count(*) from rel_callsite_symbol_v1
EOF
    expect_eq scip_evidence true "$(q "$T/s" "select (select count(*) from scip_occurrences_v1) > 0
        and (select count(*) from scip_symbol_relationships_v1) > 0")"
    expect_eq scip_symbols_present true "$(q "$T/s" "select count(*) > 0 from cpg_nodes_v1
        where node_kind = 'SCIP_SYMBOL'")"
else
    printf 'test_kinds: scip-python did not run: SCIP kinds not checked\n' >&2
fi
# ---- runtime kinds (a build with --runtime-inspect of the runtime fixture's package) ------------
mkdir -p "$T/rt"
cp -r "$SRC/tests/fixtures/runtime/rtpkg" "$T/rt/"
if "$PYCPG" build "$T/rt" -o "$T/r" -q --runtime-inspect rtpkg,rtpkg.shapes,rtpkg.util; then
    check_counts runtime_count "$T/r" evidence <<'EOF'
RT_OBJECT|node|select count(*) from rt_objects_v1
RT_SIGNATURE|node|select count(*) from rt_signatures_v1
RT_SIGNATURE_PARAM|node|select count(*) from rt_signature_params_v1
RT_MEMBER|node|select count(*) from rt_members_v1
RT_HAS_SIGNATURE|edge|select count(*) from rt_signatures_v1
RT_HAS_PARAM|edge|select count(*) from rt_signature_params_v1
RT_HAS_MEMBER|edge|select count(*) from rt_members_v1
RT_WRAPS|edge|select count(*) from rt_objects_v1 where wrapped_rt_id is not null
RT_DEFINED_BY|edge|select count(*) from rt_objects_v1 where file_id is not null and (obj_type = 'module' or source_line is not null)
EOF
    expect_eq runtime_no_contract_errors "0,0" "$(q "$T/r" "select (select count(*) from
        cpg_nodes_v1_errors), (select count(*) from cpg_edges_v1_errors)")"
else
    lib_fail runtime_build "pycpg build --runtime-inspect failed"
fi
finish
