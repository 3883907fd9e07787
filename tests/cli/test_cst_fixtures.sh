# test_cst_fixtures.sh — the CST lens on the golden fixtures of tests/fixtures/cst/<case>/:
# `pycpg build <case>/repo`, then for every <case>/expected/<dataset>.csv the query listed
# below must print exactly that file (rows reviewed by hand: every expression-context case —
# assignment, tuple/list/starred unpacking, augmented assignment, for, with-as, except-as,
# walrus, del, comprehension targets, match captures, global/nonlocal, import bindings —,
# relative imports, qualnames with <locals> and `global`, candidates of every provider,
# annotations, docstrings, decorators, and a file with syntax errors).
. "$(dirname "$0")/lib.sh"

FIX=$(cd "$(dirname "$0")/../fixtures/cst" && pwd)
declare -A SQL=(
    [names]="select path, name, coalesce(expr_ctx, 'NULL'), bstart, bend from py_cst_name_refs_v1"
    [imports]="select path, kind, module, relative_level, name, asname, is_star, resolved_name,
               stmt_bstart, stmt_bend, alias_bstart, alias_bend from py_cst_imports_v1"
    [calls]="select path, call_bstart, call_bend, callee_shape, callee_text, callee_dotted,
             arg_count, positional_count, keyword_count, star_count, double_star_count,
             callee_qnames from py_cst_callsites_v1"
    [defs]="select d.path, d.kind, d.name, d.qualname, d.qnames, d.decorators, c.name as container,
            d.def_bstart, d.def_bend, d.name_bstart, d.name_bend
            from py_cst_defs_v1 d left join py_cst_defs_v1 c on c.def_id = d.container_def_id"
    [types]="select t.path, t.expr_role, t.param_name, t.expr_text, t.target_text, d.qualname
             from py_cst_type_exprs_v1 t left join py_cst_defs_v1 d on d.def_id = t.owner_def_id"
    [docstrings]="select s.path, s.owner_kind, s.owner_qualname, s.literal, s.value,
                  d.qualname is not distinct from s.owner_qualname
                  from py_cst_docstrings_v1 s left join py_cst_defs_v1 d on d.def_id = s.owner_def_id"
    [decorators]="select s.path, s.def_kind, s.def_name, s.decorator_index, s.decorator_text,
                  s.dotted_name, s.qnames, d.name from py_cst_decorators_v1 s
                  left join py_cst_defs_v1 d on d.def_id = s.def_id"
    [manifest]="select path, encoding, default_indent, default_newline, has_trailing_newline,
                future_imports, module_name, package_name, line_count, has_syntax_errors,
                module_docstring from py_cst_parse_manifest_v1"
    [errors]="select path, error_type, message, raw_line, raw_column, meta, bstart, bend
              from py_cst_parse_errors_v1"
)
for case in "$FIX"/*/; do
    c=$(basename "$case")
    expect_fail "$c: build exits 0" 0 "" "$PYCPG" build -q "$case/repo" -o "$T/$c"
    for want in "$case"/expected/*.csv; do
        t=$(basename "$want" .csv)
        got=$(q "$T/$c" "select * from (${SQL[$t]}) order by all")
        if [ "${PYCPG_FIXTURES_UPDATE:-0}" = 1 ]; then printf '%s\n' "$got" >"$want"; fi
        expect_eq "$c/$t" "$(cat "$want")" "$got"
    done
done
# ids: unique per dataset and consistent with the spec's recipes
O=$T/basic
expect_eq "ids unique" "0,0,0,0" \
    "$(q "$O" "select (select count(*) - count(distinct name_ref_id) from py_cst_name_refs_v1),
                      (select count(*) - count(distinct call_id) from py_cst_callsites_v1),
                      (select count(*) - count(distinct def_id) from py_cst_defs_v1),
                      (select count(*) - count(distinct import_id) from py_cst_imports_v1)")"
expect_eq "span_id of a def = span_id of its tree-sitter node" "0" \
    "$(q "$O" "select count(*) from py_cst_defs_v1 d where not exists (select 1 from ts_nodes_v1 n
               where n.span_id = d.span_id and n.start_byte = d.def_bstart)")"
expect_eq "every callsite's span is a tree-sitter call node" "0" \
    "$(q "$O" "select count(*) from py_cst_callsites_v1 c where not exists (select 1 from
               ts_nodes_v1 n where n.span_id = c.span_id and n.ts_type = 'call')
               and c.callee_text <> 'type'")"
finish
