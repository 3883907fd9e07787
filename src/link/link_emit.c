/*
 * link_emit.c — CPG emission: the node and edge emitters (one row per source of one kind)
 * and the SQL that turns them into cpg_nodes_v1, cpg_edges_v1 and cpg_props_v1.
 *
 * Row format: link_emitter (link_int.h) — kind, evidence source, relation, filter, id (nodes)
 * or src/dst (edges), anchor (file_id, path, bstart, bend), the edge columns, props.
 *
 * Ids. Node ids are the ids the lenses wrote (file_id, def_id, ts_node_id, scope_id, …);
 * nodes the lenses did not name get an id of their natural key here: AST nodes the file-local
 * id of their ast_idx (pycpg_ast_id, docs/ids.md), modules ("module", name), packages ("package",
 * name), bindings
 * ("py_binding", symbol_row_id), def/use sites ("def_site"/"use_site", the CST row's id),
 * SCIP symbols ("scip_sym", symbol), the repository ("repo", repo id). Edge ids are
 * ("edge", kind, src, dst[, path, bstart, bend]) with the span part iff all three are
 * present (cpg_pipeline.md §2.1).
 *
 * Contracts (link_kinds.c) are checked per row: a NULL required prop or (for anchored
 * kinds) a NULL anchor sets __violation, and store_write_query moves the row to the
 * dataset's error artifacts instead of dropping it silently; the props of such a row are
 * not emitted. Props whose value is NULL are not written (a missing row means NULL).
 *
 * Final form (§5.5, defect §8.11: always canonical): nodes deduped by (node_kind, node_id)
 * keeping the first by (path, bstart, bend), sorted by (node_kind, path, bstart, bend,
 * node_id); edges deduped by (edge_kind, src, dst, path, bstart, bend) keeping score desc,
 * confidence desc, rule_priority, edge_id, sorted by (path, bstart, bend, edge_kind, src,
 * dst, edge_id); props exact-deduped, sorted by (entity_kind, entity_id, prop_key, value).
 */
#include "link_int.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define AST_ID        "pycpg_ast_id(file_id, ast_idx)"
#define FILE_ANCHOR   .file_id = "file_id", .path = "path"
#define SPAN(s, e)    .bstart = s, .bend = e
#define NAME_SYMTABLE "(SELECT * FROM rel_name_symbol_v1 WHERE scope_id IS NOT NULL)"
/* The text of a byte range of file f (repo_files_v1): undecodable ranges with \\xNN escapes
 * (store's pycpg_span_text). */
#define SPAN_TEXT(s, e) "pycpg_span_text(f.bytes, " s ", " e ")"
/* An AST refinement kind: AST_NODE's id and anchor, rows of one node type, one extra prop. */
#define AST_KIND(kind_, where_, ...)                                                               \
    {                                                                                              \
        .kind = kind_, .unique = true, .source = "py_ast", .from = "py_ast_nodes_v1",              \
        .where = where_, .id = AST_ID, FILE_ANCHOR, SPAN("bstart", "bend"), .props = {             \
            {"ast_type", 's', "kind"},                                                             \
            {"lineno", 'i', "lineno"},                                                             \
            {"end_lineno", 'i', "end_lineno"},                                                     \
            __VA_ARGS__                                                                            \
        }                                                                                          \
    }

/* ---- node emitters ------------------------------------------------------------------ */

static const link_emitter node_emitters[] = {
    {.kind = "PY_REPO",
     .scope = LINK_REPO,
     .unique = true,
     .source = "pipeline",
     .from = "lk_repo",
     .id = "repo_node_id",
     .props = {{"repo_root", 's', "repo_root"}, {"repo_id", 's', "repo_id"}}},
    {.kind = "PY_FILE",
     .unique = true,
     .source = "pipeline",
     .from = "repo_files_v1",
     .id = "file_id",
     FILE_ANCHOR,
     SPAN("0", "size_bytes"),
     .props = {{"path", 's', "path"},
               {"size_bytes", 'i', "size_bytes"},
               {"file_sha256", 's', "file_sha256"},
               {"encoding", 's', "encoding"}}},
    {.kind = "PY_MODULE",
     .scope = LINK_REPO,
     .source = "derived",
     .from = "py_cst_parse_manifest_v1",
     .where = "module_name IS NOT NULL",
     .id = "pycpg_id('module', module_name)",
     FILE_ANCHOR,
     .props = {{"path", 's', "path"}, {"module_fqn", 's', "module_name"}}},
    {.kind = "PY_PACKAGE",
     .scope = LINK_REPO,
     .source = "derived",
     .from = "py_cst_parse_manifest_v1",
     .where = "module_name IS NOT NULL AND path LIKE '%__init__.py'",
     .id = "pycpg_id('package', module_name)",
     FILE_ANCHOR,
     .props = {{"package_fqn", 's', "module_name"}, {"path", 's', "path"}}},
    {.kind = "CST_DEF",
     .unique = true,
     .source = "libcst",
     .from = "py_cst_defs_v1",
     .id = "def_id",
     FILE_ANCHOR,
     SPAN("coalesce(name_bstart, def_bstart)", "coalesce(name_bend, def_bend)"),
     .props = {{"name", 's', "name"},
               {"def_kind", 's', "CASE WHEN kind = 'async_function' THEN 'function' ELSE kind END"},
               {"is_async", 'b', "kind = 'async_function'"},
               {"qualname", 's', "qualname"},
               {"container_def_id", 'i', "container_def_id"},
               {"decorator_count", 'i', "len(decorators)"}}},
    {.kind = "CST_CLASS_DEF",
     .unique = true,
     .source = "libcst",
     .from = "py_cst_defs_v1",
     .where = "kind = 'class'",
     .id = "def_id",
     FILE_ANCHOR,
     SPAN("def_bstart", "def_bend"),
     .props = {{"name", 's', "name"}}},
    {.kind = "CST_FUNCTION_DEF",
     .unique = true,
     .source = "libcst",
     .from = "py_cst_defs_v1",
     .where = "kind IN ('function', 'async_function')",
     .id = "def_id",
     FILE_ANCHOR,
     SPAN("def_bstart", "def_bend"),
     .props = {{"name", 's', "name"}, {"is_async", 'b', "kind = 'async_function'"}}},
    {.kind = "CST_LAMBDA",
     .unique = true,
     .source = "libcst",
     .from = "py_cst_defs_v1",
     .where = "kind = 'lambda'",
     .id = "def_id",
     FILE_ANCHOR,
     SPAN("def_bstart", "def_bend")},
    {.kind = "CST_PARAM",
     .source = "libcst",
     .from = "lk_name_scope",
     .where = "roles = 5",
     .id = "name_ref_id",
     FILE_ANCHOR,
     SPAN("bstart", "bend"),
     .props = {{"name", 's', "bind_name"}}},
    {.kind = "CST_DECORATOR",
     .unique = true,
     .source = "libcst",
     .from = "py_cst_decorators_v1",
     .id = "decorator_id",
     FILE_ANCHOR,
     SPAN("bstart", "bend"),
     .props = {{"decorator_text", 's', "decorator_text"}, {"dotted_name", 's', "dotted_name"}}},
    {.kind = "CST_IMPORT",
     .unique = true,
     .source = "libcst",
     .from = "(SELECT DISTINCT file_id, path, stmt_bstart, stmt_bend FROM py_cst_imports_v1 "
             "WHERE kind = 'import')",
     .id = "pycpg_id('cst_import_stmt', file_id, stmt_bstart, stmt_bend)",
     FILE_ANCHOR,
     SPAN("stmt_bstart", "stmt_bend")},
    {.kind = "CST_IMPORT_FROM",
     .unique = true,
     .source = "libcst",
     .from = "(SELECT file_id, path, stmt_bstart, stmt_bend, min(module) AS module, "
             "min(relative_level) AS relative_level FROM py_cst_imports_v1 "
             "WHERE kind = 'importfrom' GROUP BY ALL)",
     .id = "pycpg_id('cst_import_stmt', file_id, stmt_bstart, stmt_bend)",
     FILE_ANCHOR,
     SPAN("stmt_bstart", "stmt_bend"),
     .props = {{"module", 's', "module"}, {"relative_level", 'i', "relative_level"}}},
    {.kind = "CST_IMPORT_ALIAS",
     .unique = true,
     .source = "libcst",
     .from = "py_cst_imports_v1",
     .id = "import_id",
     FILE_ANCHOR,
     SPAN("alias_bstart", "alias_bend"),
     .props = {{"imported_name", 's', "name"},
               {"asname", 's', "asname"},
               {"is_star", 'b', "is_star"},
               {"import_kind", 's', "kind"},
               {"module", 's', "module"},
               {"relative_level", 'i', "relative_level"},
               {"resolved_name", 's', "resolved_name"}}},
    {.kind = "CST_NAME_REF",
     .unique = true,
     .source = "libcst",
     .from = "py_cst_name_refs_v1",
     .id = "name_ref_id",
     FILE_ANCHOR,
     SPAN("bstart", "bend"),
     .props = {{"name", 's', "name"},
               {"expr_context", 's',
                "coalesce(upper(nullif(split_part(expr_ctx, '.', -1), '')), 'UNKNOWN')"}}},
    {.kind = "CST_ATTRIBUTE_ACCESS",
     .source = "libcst",
     .from = "(SELECT t.ts_node_id, t.file_id, t.path, t.start_byte, t.end_byte, a.name "
             "FROM ts_nodes_v1 t JOIN py_ast_nodes_v1 a ON a.file_id = t.file_id "
             "AND a.bstart = t.start_byte AND a.bend = t.end_byte AND a.kind = 'Attribute' "
             "WHERE t.ts_type = 'attribute')",
     .id = "ts_node_id",
     FILE_ANCHOR,
     SPAN("start_byte", "end_byte"),
     .props = {{"attr", 's', "name"}}},
    {.kind = "CST_CALLSITE",
     .unique = true,
     .source = "libcst",
     .from = "py_cst_callsites_v1",
     .id = "call_id",
     FILE_ANCHOR,
     SPAN("call_bstart", "call_bend"),
     .props = {{"callee_shape", 's', "callee_shape"},
               {"arg_count", 'i', "arg_count"},
               {"callee_dotted", 's', "callee_dotted"},
               {"callee_text", 's', "callee_text"}}},
    {.kind = "CST_LITERAL",
     .unique = true,
     .source = "libcst",
     .from = "ts_nodes_v1",
     .where = "ts_type IN ('string', 'concatenated_string', 'integer', 'float', 'true', "
              "'false', 'none', 'ellipsis') AND is_named",
     .id = "ts_node_id",
     FILE_ANCHOR,
     SPAN("start_byte", "end_byte"),
     .props = {{"literal_kind", 's',
                "CASE ts_type WHEN 'integer' THEN 'int' WHEN 'true' THEN 'bool' "
                "WHEN 'false' THEN 'bool' WHEN 'concatenated_string' THEN 'string' "
                "ELSE ts_type END"}}},
    {.kind = "CST_DOCSTRING",
     .unique = true,
     .source = "libcst",
     .from = "py_cst_docstrings_v1",
     .id = "docstring_id",
     FILE_ANCHOR,
     SPAN("bstart", "bend"),
     .props = {{"docstring", 's', "value"}, {"is_module_docstring", 'b', "owner_def_id IS NULL"}}},
    {.kind = "AST_NODE",
     .unique = true,
     .source = "py_ast",
     .from = "py_ast_nodes_v1",
     .id = AST_ID,
     FILE_ANCHOR,
     SPAN("bstart", "bend"),
     .props = {{"ast_type", 's', "kind"}}},
    {.kind = "TS_NODE",
     .unique = true,
     .source = "treesitter",
     .from = "ts_nodes_v1",
     .id = "ts_node_id",
     FILE_ANCHOR,
     SPAN("start_byte", "end_byte"),
     .props = {{"ts_type", 's', "ts_type"}}},
    {.kind = "TS_ERROR",
     .unique = true,
     .source = "treesitter",
     .from = "ts_errors_v1",
     .id = "ts_error_id",
     FILE_ANCHOR,
     SPAN("start_byte", "end_byte"),
     .props = {{"ts_type", 's', "ts_type"}, {"is_error", 'b', "true"}}},
    {.kind = "TS_MISSING",
     .unique = true,
     .source = "treesitter",
     .from = "ts_missing_v1",
     .id = "ts_missing_id",
     FILE_ANCHOR,
     SPAN("start_byte", "end_byte"),
     .props = {{"ts_type", 's', "ts_type"}, {"is_missing", 'b', "true"}}},
    {.kind = "SYM_SCOPE",
     .unique = true,
     .source = "symtable",
     .from = "py_sym_scopes_v1",
     .id = "scope_id",
     FILE_ANCHOR,
     .props = {{"scope_type", 's', "scope_type"},
               {"scope_name", 's', "scope_name"},
               {"lineno", 'i', "lineno"}}},
    {.kind = "SYM_SYMBOL",
     .unique = true,
     .source = "symtable",
     .from = "py_sym_symbols_v1",
     .id = "symbol_row_id",
     FILE_ANCHOR,
     .props = {{"scope_id", 'i', "scope_id"},
               {"name", 's', "name"},
               {"is_local", 'b', "is_local"},
               {"is_global", 'b', "is_global"},
               {"is_free", 'b', "is_free"},
               {"is_parameter", 'b', "is_parameter"}}},
    {.kind = "PY_BINDING",
     .unique = true,
     .source = "symtable",
     .from = "py_sym_symbols_v1",
     .id = "pycpg_id('py_binding', symbol_row_id)",
     FILE_ANCHOR,
     .props = {{"scope_id", 'i', "scope_id"},
               {"name", 's', "name"},
               {"binding_kind", 's',
                "CASE WHEN is_parameter THEN 'param' WHEN is_imported THEN 'import' "
                "WHEN is_namespace THEN 'namespace' WHEN is_nonlocal THEN 'nonlocal_ref' "
                "WHEN is_free THEN 'free_ref' WHEN is_declared_global OR (is_global AND NOT "
                "is_assigned) THEN 'global_ref' WHEN is_annotated AND NOT is_assigned "
                "THEN 'annot_only' WHEN is_local OR is_assigned THEN 'local' ELSE 'unknown' END"},
               {"symbol_row_id", 'i', "symbol_row_id"}}},
    {.kind = "PY_DEF_SITE",
     .source = "derived",
     .from = "(SELECT name_ref_id AS site_of, path, bstart, bend, symbol, symbol_node_id, "
             "CASE WHEN symbol_roles = 5 THEN 'param' ELSE 'assign' END AS site_kind "
             "FROM " NAME_SYMTABLE " WHERE (symbol_roles & 4) <> 0 "
             "UNION ALL SELECT def_id, path, bstart, bend, symbol, symbol_node_id, 'function' "
             "FROM rel_def_symbol_v1 WHERE scope_id IS NOT NULL "
             "UNION ALL SELECT import_alias_id, path, bstart, bend, symbol, symbol_node_id, "
             "'import' FROM rel_import_symbol_v1 WHERE scope_id IS NOT NULL)",
     .id = "pycpg_id('def_site', site_of)",
     .path = "path",
     SPAN("bstart", "bend"),
     .props = {{"binding_id", 'i', "pycpg_id('py_binding', symbol_node_id)"},
               {"name", 's', "symbol"},
               {"def_site_kind", 's', "site_kind"}}},
    {.kind = "PY_USE_SITE",
     .source = "derived",
     .from = NAME_SYMTABLE,
     .where = "(symbol_roles & 8) <> 0",
     .id = "pycpg_id('use_site', name_ref_id)",
     .path = "path",
     SPAN("bstart", "bend"),
     .props = {{"binding_id", 'i', "pycpg_id('py_binding', symbol_node_id)"},
               {"name", 's', "symbol"},
               {"use_kind", 's', "'read'"}}},
    {.kind = "SCIP_SYMBOL",
     .scope = LINK_REPO,
     .unique = true,
     .source = "scip",
     .from = "(SELECT DISTINCT symbol FROM (SELECT symbol FROM scip_symbol_info_v1 UNION ALL "
             "SELECT symbol FROM scip_occurrences_v1) WHERE symbol <> '')",
     .id = "pycpg_id('scip_sym', symbol)",
     .props = {{"symbol", 's', "symbol"}}},
    {.kind = "SCIP_DOCUMENT",
     .scope = LINK_REPO,
     .unique = true,
     .source = "scip",
     .from = "scip_documents_v1",
     .id = "document_id",
     .path = "path",
     .props = {{"path", 's', "path"}, {"language", 's', "language"}}},
    {.kind = "PY_QUALIFIED_NAME",
     .scope = LINK_REPO,
     .unique = true,
     .source = "derived",
     .from = "dim_qualified_names_v1",
     .id = "qname_id",
     .props = {{"qname", 's', "qname"}}},
    /* external callees of the call graph (builtins, stdlib, third-party), by name */
    {.kind = "PY_QUALIFIED_NAME",
     .scope = LINK_REPO,
     .source = "derived",
     .from = "(SELECT DISTINCT dst_id, ext FROM lk_cg_calls_out WHERE ext IS NOT NULL)",
     .id = "dst_id",
     .props = {{"qname", 's', "ext"}}},
    {.kind = "BC_CODE_UNIT",
     .unique = true,
     .source = "dis",
     .from = "py_bc_code_units_v1",
     .id = "code_unit_id",
     FILE_ANCHOR,
     .props = {{"path", 's', "path"},
               {"qualname", 's', "qualpath"},
               {"co_name", 's', "co_name"},
               {"co_firstlineno", 'i', "firstlineno"}}},
    {.kind = "BC_INSTR",
     .unique = true,
     .source = "dis",
     .from = "py_bc_instructions_v1",
     .id = "instr_id",
     FILE_ANCHOR,
     SPAN("bstart", "bend"),
     .props = {{"code_unit_id", 'i', "code_unit_id"},
               {"offset", 'i', "\"offset\""},
               {"baseopname", 's', "opname"},
               {"argrepr", 's', "nullif(argrepr, '')"}}},
    {.kind = "CFG_BLOCK",
     .unique = true,
     .source = "dis",
     .from = "py_bc_blocks_v1",
     .id = "block_id",
     FILE_ANCHOR,
     .props = {{"code_unit_id", 'i', "code_unit_id"},
               {"start_off", 'i', "start_offset"},
               {"end_off", 'i', "end_offset"},
               {"is_entry", 'b', "kind = 'entry'"}}},
    {.kind = "DF_DEF",
     .unique = true,
     .source = "derived",
     .from = "py_bc_def_use_events_v1",
     .where = "kind = 'def'",
     .id = "event_id",
     FILE_ANCHOR,
     .props = {{"binding_id", 's', "symbol"},
               {"instr_id", 'i', "instr_id"},
               {"code_unit_id", 'i', "code_unit_id"}}},
    {.kind = "DF_USE",
     .unique = true,
     .source = "derived",
     .from = "py_bc_def_use_events_v1",
     .where = "kind = 'use'",
     .id = "event_id",
     FILE_ANCHOR,
     .props = {{"binding_id", 's', "symbol"},
               {"instr_id", 'i', "instr_id"},
               {"code_unit_id", 'i', "code_unit_id"},
               {"use_kind", 's', "'read'"}}},
    {.kind = "TYPE_EXPR",
     .source = "libcst",
     .from = "type_exprs_norm_v1",
     .id = "type_expr_id",
     FILE_ANCHOR,
     SPAN("bstart", "bend"),
     .props = {{"expr_text", 's', "expr_text"},
               {"expr_kind", 's', "expr_kind"},
               {"expr_role", 's', "expr_role"},
               {"param_name", 's', "param_name"}}},
    {.kind = "TYPE",
     .scope = LINK_REPO,
     .source = "derived",
     .from = "type_nodes_v1",
     .id = "type_id",
     .props = {{"type_repr", 's', "type_repr"},
               {"type_form", 's', "type_form"},
               {"origin", 's', "origin"}}},
    /* a diagnostic of a whole file (no position: a decoding problem, a ValueError) is
     * anchored at the file's start */
    {.kind = "DIAG",
     .source = "derived",
     .from = "diagnostics_norm_v1",
     .id = "diag_id",
     FILE_ANCHOR,
     SPAN("coalesce(bstart, 0)", "coalesce(bend, bstart, 0)"),
     .props = {{"severity", 's', "severity"},
               {"message", 's', "message"},
               {"diag_source", 's', "diag_source"},
               {"code", 's', "code"}}},

    /* ---- issue 6: the kinds the evidence supports that had no emitter ---- */
    /* AST refinements: the same node ids as AST_NODE, one kind per node type */
    AST_KIND("AST_DEF", "kind IN ('FunctionDef', 'AsyncFunctionDef', 'ClassDef', 'Lambda')",
             {"name", 's', "name"}),
    AST_KIND("AST_CALL", "kind = 'Call'", {NULL, 0, NULL}),
    AST_KIND("AST_NAME", "kind = 'Name'", {"id", 's', "name"}),
    AST_KIND("AST_ATTRIBUTE", "kind = 'Attribute'", {"attr", 's', "name"}),
    /* PEP 695 (Python >= 3.12 ASTs): type parameters and `type X = …` statements */
    {.kind = "TYPE_PARAM",
     .source = "derived",
     .from = "py_ast_nodes_v1",
     .where = "kind IN ('TypeVar', 'ParamSpec', 'TypeVarTuple')",
     .id = AST_ID,
     FILE_ANCHOR,
     SPAN("bstart", "bend"),
     .props = {{"name", 's', "name"}, {"param_kind", 's', "kind"}}},
    {.kind = "TYPE_ALIAS",
     .source = "derived",
     .from = "(SELECT a.file_id, a.path, a.ast_idx, a.bstart, a.bend, n.name, " SPAN_TEXT(
         "v.bstart", "v.bend") " AS target FROM py_ast_nodes_v1 a JOIN py_ast_nodes_v1 n ON "
                               "n.file_id = a.file_id AND n.parent_ast_idx = a.ast_idx AND "
                               "n.field_name = 'name' JOIN py_ast_nodes_v1 v ON v.file_id = "
                               "a.file_id AND v.parent_ast_idx = a.ast_idx AND v.field_name = "
                               "'value' JOIN repo_files_v1 f ON f.file_id = a.file_id WHERE "
                               "a.kind = 'TypeAlias')",
     .id = AST_ID,
     FILE_ANCHOR,
     SPAN("bstart", "bend"),
     .props = {{"name", 's', "name"}, {"target_type_repr", 's', "target"}}},
    /* tree-sitter based CST kinds (ids: the ts node's, as CST_LITERAL) */
    {.kind = "CST_SUBSCRIPT",
     .unique = true,
     .source = "libcst",
     .from = "ts_nodes_v1",
     .where = "ts_type = 'subscript'",
     .id = "ts_node_id",
     FILE_ANCHOR,
     SPAN("start_byte", "end_byte")},
    {.kind = "CST_ARG",
     .source = "libcst",
     .from = "(SELECT c.* FROM ts_nodes_v1 c JOIN ts_nodes_v1 p ON p.ts_node_id = c.parent_ts_id "
             "JOIN ts_nodes_v1 g ON g.ts_node_id = p.parent_ts_id WHERE p.ts_type = "
             "'argument_list' AND g.ts_type = 'call' AND c.is_named AND c.ts_type <> 'comment')",
     .id = "ts_node_id",
     FILE_ANCHOR,
     SPAN("start_byte", "end_byte"),
     .props = {{"is_star", 'b', "ts_type = 'list_splat'"},
               {"is_kw_star", 'b', "ts_type = 'dictionary_splat'"},
               {"is_keyword", 'b', "ts_type = 'keyword_argument'"}}},
    {.kind = "CST_COMMENT",
     .source = "libcst",
     .from = "(SELECT t.ts_node_id, t.file_id, t.path, t.start_byte, t.end_byte, " SPAN_TEXT(
         "t.start_byte", "t.end_byte") " AS text FROM repo_files_v1 f, LATERAL (SELECT * FROM "
                                       "ts_nodes_v1 c WHERE c.file_id = f.file_id AND "
                                       "c.ts_type = 'comment') AS t)",
     .id = "ts_node_id",
     FILE_ANCHOR,
     SPAN("start_byte", "end_byte"),
     .props = {{"text", 's', "text"}}},
    {.kind = "PY_MODULE_FQN",
     .scope = LINK_REPO,
     .source = "derived",
     .from = "(SELECT DISTINCT module_name FROM py_cst_parse_manifest_v1 "
             "WHERE module_name IS NOT NULL)",
     .id = "pycpg_id('module_fqn', module_name)",
     .props = {{"module_fqn", 's', "module_name"}}},
    {.kind = "PY_SCOPE",
     .source = "symtable",
     .from = "(SELECT s.file_id, s.path, s.scope_id, s.scope_type, m.module_name "
             "FROM py_sym_scopes_v1 s LEFT JOIN py_cst_parse_manifest_v1 m "
             "ON m.file_id = s.file_id)",
     .id = "scope_id",
     FILE_ANCHOR,
     .props = {{"scope_type", 's', "scope_type"},
               {"path", 's', "path"},
               {"module_fqn", 's', "module_name"}}},
    {.kind = "CFG_EXIT",
     .unique = true,
     .source = "derived",
     .from = "py_bc_code_units_v1",
     .id = "pycpg_id('cfg_exit', code_unit_id)",
     FILE_ANCHOR,
     .props = {{"code_unit_id", 'i', "code_unit_id"}}},
    {.kind = "SCIP_INDEX",
     .scope = LINK_REPO,
     .source = "scip",
     .from = "scip_metadata_v1",
     .id = "pycpg_id('scip_index', coalesce(project_root, ''), coalesce(tool_name, ''), "
           "coalesce(tool_version, ''))",
     .props = {{"index_format", 's', "'scip'"},
               {"tool", 's', "coalesce(tool_name, '')"},
               {"version", 's', "tool_version"},
               {"project_root", 's', "project_root"}}},
    {.kind = "SCIP_OCCURRENCE",
     .scope = LINK_REPO,
     .unique = true,
     .source = "scip",
     .from = "scip_occurrences_v1",
     .where = "bstart IS NOT NULL AND bend IS NOT NULL",
     .id = "occurrence_id",
     FILE_ANCHOR,
     SPAN("bstart", "bend"),
     .props = {{"symbol", 's', "symbol"}, {"symbol_roles", 'i', "symbol_roles"}}},
    {.kind = "SCIP_DIAGNOSTIC",
     .scope = LINK_REPO,
     .unique = true,
     .source = "scip",
     .from = "scip_diagnostics_v1",
     .id = "diagnostic_id",
     FILE_ANCHOR,
     SPAN("bstart", "bend"),
     .props = {{"severity", 's', "upper(severity)"},
               {"message", 's', "message"},
               {"code", 's', "code"},
               {"source", 's', "source"}}},
    /* ---- issue 9: runtime inspection (rt_*; written only with --runtime-inspect) ---- */
    {.kind = "RT_OBJECT",
     .scope = LINK_REPO,
     .unique = true,
     .source = "inspect",
     .from = "rt_objects_v1",
     .id = "rt_id",
     .file_id = "file_id",
     .path = "CASE WHEN file_id IS NOT NULL THEN source_path END",
     .props = {{"qualname", 's', "qualname"},
               {"module", 's', "module"},
               {"name", 's', "name"},
               {"obj_type", 's', "obj_type"},
               {"source_path", 's', "source_path"},
               {"source_line", 'i', "source_line"},
               {"file", 's', "source_path"},
               {"line", 'i', "source_line"},
               {"unwrap_depth", 'i', "unwrap_depth"}}},
    {.kind = "RT_SIGNATURE",
     .scope = LINK_REPO,
     .unique = true,
     .source = "inspect",
     .from = "rt_signatures_v1",
     .id = "sig_id",
     .props = {{"signature", 's', "signature"}, {"return_annotation", 's', "return_annotation"}}},
    {.kind = "RT_SIGNATURE_PARAM",
     .scope = LINK_REPO,
     .unique = true,
     .source = "inspect",
     .from = "rt_signature_params_v1",
     .id = "param_id",
     .props = {{"name", 's', "name"},
               {"kind", 's', "kind"},
               {"default_repr", 's', "default_repr"},
               {"annotation_repr", 's', "annotation_repr"},
               {"position", 'i', "position"}}},
    {.kind = "RT_MEMBER",
     .scope = LINK_REPO,
     .unique = true,
     .source = "inspect",
     .from = "rt_members_v1",
     .id = "member_id",
     .props = {{"name", 's', "name"},
               {"member_kind", 's', "member_kind"},
               {"value_repr", 's', "value_repr"},
               {"value_module", 's', "value_module"},
               {"value_qualname", 's', "value_qualname"}}},
};

/* ---- edge emitters ------------------------------------------------------------------ */

/* A symbol edge from one rel_* output: the symtable's rows (scope_id set) per file, SCIP's
 * (scope_id NULL) repository-wide: each scope's rel_* relation holds its own rows. */
#define SYM_EDGE(kind_, scope_, from_, where_, src_, method_)                                      \
    {                                                                                              \
        .kind = kind_, .scope = scope_, .source = "derived", .from = from_, .where = where_,       \
        .src = src_, .dst = "symbol_node_id", .path = "path", SPAN("bstart", "bend"),              \
        .origin = "CASE WHEN scope_id IS NULL THEN 'scip' ELSE 'symtable' END",                    \
        .resolution_method = method_, .confidence = "confidence", .score = "score",                \
        .symbol_roles = "symbol_roles", .ambiguity_group_id = "ambiguity_group_id",                \
        .rule_name = "rule_name", .rule_priority = "rule_priority"                                 \
    }

/* PY_*_SYMBOL from both providers: the symtable's rows per file, SCIP's repository-wide. */
#define SYM_EDGES(kind_, from_, where_, src_)                                                      \
    SYM_EDGE(kind_, LINK_FILE, from_, where_, src_, "resolution_method"),                          \
        SYM_EDGE(kind_, LINK_REPO, from_, where_, src_, "resolution_method")

#define CFG_EDGE(kind_, where_)                                                                    \
    {                                                                                              \
        .kind = kind_, .source = "derived", .from = "py_bc_cfg_edges_v1", .where = where_,         \
        .src = "src_block_id", .dst = "dst_block_id", .path = "path", .origin = "'dis'",           \
        .resolution_method = "'CFG'", .confidence = "0.95", .props = {                             \
            {"code_unit_id", 'i', "code_unit_id"},                                                 \
            {"cond_instr_id", 'i', "cond_instr_id"},                                               \
            {"exc_entry_index", 'i', "exc_index"}                                                  \
        }                                                                                          \
    }

/* FILE_CONTAINS: a file to the root of one of its trees (role: which tree). */
#define FILE_CONTAINS(from_, where_, dst_, role_)                                                  \
    {                                                                                              \
        .kind = "FILE_CONTAINS", .source = "derived", .from = from_, .where = where_,              \
        .src = "file_id", .dst = dst_, .path = "path", .origin = "'derived'", .props = {           \
            {"role", 's', "'" role_ "'"}                                                           \
        }                                                                                          \
    }

/* A SCIP symbol relationship of one flavour, symbol to related symbol. */
#define SCIP_REL_EDGE(kind_, flag_)                                                                \
    {                                                                                              \
        .kind = kind_, .scope = LINK_REPO, .source = "scip",                                       \
        .from = "scip_symbol_relationships_v1", .where = flag_,                                    \
        .src = "pycpg_id('scip_sym', symbol)", .dst = "pycpg_id('scip_sym', related_symbol)",      \
        .origin = "'scip'", .resolution_method = "'SCIP_RELATIONSHIP'"                             \
    }

static const link_emitter edge_emitters[] = {
    {.kind = "REPO_CONTAINS",
     .unique = true,
     .source = "pipeline",
     .from = "(SELECT r.repo_node_id, f.file_id FROM lk_repo r, repo_files_v1 f)",
     .src = "repo_node_id",
     .dst = "file_id",
     .origin = "'pipeline'",
     .props = {{"role", 's', "'syntax'"}}},
    {.kind = "FILE_DECLARES_MODULE",
     .unique = true,
     .source = "derived",
     .from = "py_cst_parse_manifest_v1",
     .where = "module_name IS NOT NULL",
     .src = "file_id",
     .dst = "pycpg_id('module', module_name)",
     .path = "path",
     .origin = "'derived'",
     .props = {{"module_fqn", 's', "module_name"}}},
    {.kind = "AST_PARENT_OF",
     .unique = true,
     .source = "py_ast",
     .from = "py_ast_nodes_v1",
     .where = "parent_ast_idx IS NOT NULL",
     .src = "pycpg_ast_id(file_id, parent_ast_idx)",
     .dst = AST_ID,
     .path = "path",
     .origin = "'py_ast'"},
    {.kind = "TS_PARENT_OF",
     .unique = true,
     .source = "treesitter",
     .from = "ts_nodes_v1",
     .where = "parent_ts_id IS NOT NULL",
     .src = "parent_ts_id",
     .dst = "ts_node_id",
     .path = "path",
     .origin = "'treesitter'"},
    {.kind = "SCOPE_PARENT",
     .unique = true,
     .source = "symtable",
     .from = "py_sym_scope_edges_v1",
     .src = "child_scope_id",
     .dst = "parent_scope_id",
     .path = "path",
     .origin = "'symtable'"},
    {.kind = "SCOPE_BINDS",
     .unique = true,
     .source = "symtable",
     .from = "py_sym_symbols_v1",
     .src = "scope_id",
     .dst = "pycpg_id('py_binding', symbol_row_id)",
     .path = "path",
     .origin = "'symtable'"},
    {.kind = "DEF_SITE_OF",
     .source = "derived",
     .from = "(SELECT name_ref_id AS site_of, path, bstart, bend, symbol_node_id, "
             "CASE WHEN symbol_roles = 5 THEN 'param' ELSE 'assign' END AS site_kind "
             "FROM " NAME_SYMTABLE " WHERE (symbol_roles & 4) <> 0 "
             "UNION ALL SELECT def_id, path, bstart, bend, symbol_node_id, 'function' "
             "FROM rel_def_symbol_v1 WHERE scope_id IS NOT NULL "
             "UNION ALL SELECT import_alias_id, path, bstart, bend, symbol_node_id, 'import' "
             "FROM rel_import_symbol_v1 WHERE scope_id IS NOT NULL)",
     .src = "pycpg_id('def_site', site_of)",
     .dst = "pycpg_id('py_binding', symbol_node_id)",
     .path = "path",
     SPAN("bstart", "bend"),
     .origin = "'symtable'",
     .resolution_method = "'SYMTABLE_SCOPE'",
     .props = {{"def_site_kind", 's', "site_kind"}}},
    {.kind = "USE_SITE_OF",
     .source = "derived",
     .from = NAME_SYMTABLE,
     .where = "(symbol_roles & 8) <> 0",
     .src = "pycpg_id('use_site', name_ref_id)",
     .dst = "pycpg_id('py_binding', symbol_node_id)",
     .path = "path",
     SPAN("bstart", "bend"),
     .origin = "'symtable'",
     .resolution_method = "'SYMTABLE_SCOPE'",
     .props = {{"use_kind", 's', "'read'"}}},
    SYM_EDGES("PY_READS_SYMBOL", "rel_name_symbol_v1", "(symbol_roles & 8) <> 0", "name_ref_id"),
    SYM_EDGES("PY_WRITES_SYMBOL", "rel_name_symbol_v1", "(symbol_roles & 4) <> 0", "name_ref_id"),
    SYM_EDGES("PY_REFERENCES_SYMBOL", "rel_name_symbol_v1", "(symbol_roles & 1) = 0",
              "name_ref_id"),
    SYM_EDGES("PY_DEFINES_SYMBOL", "rel_def_symbol_v1", NULL, "def_id"),
    SYM_EDGES("PY_IMPORTS_SYMBOL", "rel_import_symbol_v1", NULL, "import_alias_id"),
    {.kind = "PY_CALLS_SYMBOL",
     .scope = LINK_REPO,
     .source = "scip",
     .from = "rel_callsite_symbol_v1",
     .src = "call_id",
     .dst = "symbol_node_id",
     .path = "path",
     SPAN("call_bstart", "call_bend"),
     .origin = "'scip'",
     .resolution_method = "resolution_method",
     .confidence = "confidence",
     .score = "score",
     .symbol_roles = "symbol_roles",
     .rule_name = "rule_name",
     .rule_priority = "rule_priority"},
    /* Only for calls SCIP did not resolve (the reference's left anti join). */
    {.kind = "PY_CALLS_QNAME",
     .scope = LINK_REPO,
     .source = "derived",
     .from = "(SELECT * FROM rel_callsite_qname_v1 q WHERE NOT EXISTS (SELECT 1 FROM "
             "rel_callsite_symbol_v1 s WHERE s.call_id = q.call_id))",
     .src = "call_id",
     .dst = "qname_id",
     .path = "path",
     SPAN("call_bstart", "call_bend"),
     .origin = "'qname'",
     .resolution_method = "'QNAME_CANDIDATE'",
     .confidence = "confidence",
     .score = "score",
     .qname_source = "qname_source",
     .ambiguity_group_id = "ambiguity_group_id",
     .rule_name = "rule_name",
     .rule_priority = "rule_priority"},
    /* the call graph (link_calls.c): call or decoration site → def or external name */
    {.kind = "PY_CALLS",
     .scope = LINK_REPO,
     .source = "derived",
     .from = "lk_cg_calls_out",
     .src = "site_id",
     .dst = "dst_id",
     .path = "path",
     SPAN("bstart", "bend"),
     .origin = "'derived'",
     .resolution_method = "method",
     .confidence = "confidence",
     .score = "score",
     .ambiguity_group_id = "site_id",
     .props = {{"caller_fqn", 's', "caller_fqn"},
               {"callee_fqn", 's', "callee_fqn"},
               {"site_kind", 's', "site_kind"}}},
    {.kind = "PY_INHERITS_FROM",
     .scope = LINK_REPO,
     .source = "derived",
     .from = "lk_cg_inh_out",
     .src = "cls",
     .dst = "base",
     .path = "path",
     SPAN("bstart", "bend"),
     .origin = "'derived'",
     .resolution_method = "'points_to'",
     .confidence = "0.9"},
    {.kind = "CALLSITE_CANDIDATE_QNAME",
     .source = "derived",
     .from = "callsite_qname_candidates_v1",
     .src = "call_id",
     .dst = "qname_id",
     .path = "path",
     SPAN("call_bstart", "call_bend"),
     .origin = "'qname'",
     .resolution_method = "'QNAME_CANDIDATE'",
     .confidence = "0.6",
     .score = "score",
     .qname_source = "qname_source",
     .ambiguity_group_id = "call_id"},
    {.kind = "HAS_ANNOTATION",
     .source = "libcst",
     .from = "type_exprs_norm_v1",
     .where = "owner_def_id IS NOT NULL",
     .src = "owner_def_id",
     .dst = "type_expr_id",
     .path = "path",
     SPAN("bstart", "bend"),
     .origin = "'annotation'",
     .resolution_method = "'TYPE_ANNOTATION'",
     .confidence = "1.0"},
    {.kind = "HAS_DIAGNOSTIC",
     .source = "derived",
     .from = "diagnostics_norm_v1",
     .src = "file_id",
     .dst = "diag_id",
     .path = "path",
     SPAN("coalesce(bstart, 0)", "coalesce(bend, bstart, 0)"),
     .origin = "diag_source",
     .resolution_method = "'DIAGNOSTIC'",
     .confidence = "CASE severity WHEN 'ERROR' THEN 1.0 WHEN 'WARNING' THEN 0.7 ELSE 0.5 END",
     .props = {{"diag_source", 's', "diag_source"}, {"severity", 's', "severity"}}},
    CFG_EDGE("CFG_NEXT", "kind = 'next' AND cond_instr_id IS NULL"),
    CFG_EDGE("CFG_JUMP", "kind = 'jump'"),
    CFG_EDGE("CFG_BRANCH_TRUE", "kind IN ('branch', 'next') AND polarity = 'true'"),
    CFG_EDGE("CFG_BRANCH_FALSE", "kind IN ('branch', 'next') AND polarity = 'false'"),
    CFG_EDGE("CFG_BRANCH", "(kind = 'branch' OR (kind = 'next' AND cond_instr_id IS NOT NULL)) "
                           "AND coalesce(polarity, '') NOT IN ('true', 'false')"),
    CFG_EDGE("CFG_EXC", "kind = 'exc'"),
    {.kind = "STEP_DEF",
     .unique = true,
     .source = "derived",
     .from = "py_bc_def_use_events_v1",
     .where = "kind = 'def'",
     .src = "instr_id",
     .dst = "event_id",
     .path = "path",
     .origin = "'dis'",
     .props = {{"code_unit_id", 'i', "code_unit_id"},
               {"instr_id", 'i', "instr_id"},
               {"binding_id", 's', "symbol"}}},
    {.kind = "STEP_USE",
     .unique = true,
     .source = "derived",
     .from = "py_bc_def_use_events_v1",
     .where = "kind = 'use'",
     .src = "instr_id",
     .dst = "event_id",
     .path = "path",
     .origin = "'dis'",
     .props = {{"code_unit_id", 'i', "code_unit_id"},
               {"instr_id", 'i', "instr_id"},
               {"binding_id", 's', "symbol"},
               {"use_kind", 's', "'read'"}}},
    {.kind = "REACHES",
     .source = "derived",
     .from = "py_bc_reaches_v1",
     .src = "def_event_id",
     .dst = "use_event_id",
     .path = "path",
     .origin = "'dis'",
     .resolution_method = "'REACHING_DEFS_CFG'",
     .confidence = "0.9",
     .props = {{"code_unit_id", 'i', "code_unit_id"}}},

    /* ---- issue 6: the kinds the evidence supports that had no emitter ---- */
    FILE_CONTAINS("py_ast_nodes_v1", "parent_ast_idx IS NULL", AST_ID, "syntax"),
    FILE_CONTAINS("ts_nodes_v1", "parent_ts_id IS NULL", "ts_node_id", "syntax"),
    FILE_CONTAINS("py_sym_scopes_v1", "scope_type = 'module'", "scope_id", "scope"),
    FILE_CONTAINS("py_bc_code_units_v1", "parent_code_unit_id IS NULL", "code_unit_id", "flow"),
    /* a block with no successor but by exception falls into its code unit's exit */
    {.kind = "CFG_NEXT",
     .source = "derived",
     .from = "(SELECT b.* FROM py_bc_blocks_v1 b WHERE NOT EXISTS (SELECT 1 FROM "
             "py_bc_cfg_edges_v1 e WHERE e.src_block_id = b.block_id AND e.kind <> 'exc'))",
     .src = "block_id",
     .dst = "pycpg_id('cfg_exit', code_unit_id)",
     .path = "path",
     .origin = "'dis'",
     .resolution_method = "'CFG_EXIT'",
     .confidence = "0.95",
     .props = {{"code_unit_id", 'i', "code_unit_id"}}},
    {.kind = "BINDING_RESOLVES_TO",
     .source = "symtable",
     .from = "lk_binding_resolves",
     .src = "pycpg_id('py_binding', symbol_row_id)",
     .dst = "pycpg_id('py_binding', target_row_id)",
     .path = "path",
     .origin = "'symtable'",
     .resolution_method = "'SYMTABLE_SCOPE'",
     .props = {{"kind", 's', "kind"}, {"depth", 'i', "depth"}}},
    /* an instruction to the AST node of exactly its span, the deepest of several (the lens
     * finds it: py_bc_instructions_v1.anchor_ast_idx) */
    {.kind = "BYTECODE_ANCHOR",
     .unique = true,
     .source = "dis",
     .from = "py_bc_instructions_v1",
     .where = "anchor_ast_idx IS NOT NULL",
     .src = "instr_id",
     .dst = "pycpg_ast_id(file_id, anchor_ast_idx)",
     .path = "path",
     SPAN("bstart", "bend"),
     .origin = "'dis'",
     .resolution_method = "'SPAN_EXACT'",
     .score = "1.0",
     .props = {{"mapping_method", 's', "'offset_span'"}, {"anchor_kind", 's', "anchor_ast_kind"}}},
    {.kind = "NAME_REF_CANDIDATE_QNAME",
     .source = "derived",
     .from = "(SELECT n.name_ref_id, k.* FROM lk_callee_candidates k JOIN py_cst_name_refs_v1 n "
             "ON n.file_id = k.file_id AND n.bstart = k.callee_bstart AND n.bend = k.callee_bend "
             "WHERE k.callee_shape = 'NAME')",
     .src = "name_ref_id",
     .dst = "qname_id",
     .path = "path",
     SPAN("callee_bstart", "callee_bend"),
     .origin = "'qname'",
     .resolution_method = "'QNAME_CANDIDATE'",
     .confidence = "0.6",
     .score = "score",
     .qname_source = "qname_source",
     .ambiguity_group_id = "name_ref_id"},
    {.kind = "ATTR_CANDIDATE_QNAME",
     .source = "derived",
     .from = "(SELECT t.ts_node_id, k.* FROM lk_callee_candidates k JOIN ts_nodes_v1 t "
             "ON t.file_id = k.file_id AND t.start_byte = k.callee_bstart "
             "AND t.end_byte = k.callee_bend WHERE k.callee_shape = 'ATTRIBUTE' "
             "AND t.ts_type = 'attribute')",
     .src = "ts_node_id",
     .dst = "qname_id",
     .path = "path",
     SPAN("callee_bstart", "callee_bend"),
     .origin = "'qname'",
     .resolution_method = "'QNAME_CANDIDATE'",
     .confidence = "0.6",
     .score = "score",
     .qname_source = "qname_source",
     .ambiguity_group_id = "ts_node_id"},
    {.kind = "TYPE_PARAM_OF",
     .source = "derived",
     .from = "py_ast_nodes_v1",
     .where = "kind IN ('TypeVar', 'ParamSpec', 'TypeVarTuple') AND field_name = 'type_params'",
     .src = AST_ID,
     .dst = "pycpg_ast_id(file_id, parent_ast_idx)",
     .path = "path",
     .origin = "'py_ast'"},
    SCIP_REL_EDGE("SCIP_SYMBOL_REFERENCE", "is_reference"),
    SCIP_REL_EDGE("SCIP_SYMBOL_IMPLEMENTATION", "is_implementation"),
    SCIP_REL_EDGE("SCIP_SYMBOL_TYPE_DEFINITION", "is_type_definition"),
    SCIP_REL_EDGE("SCIP_SYMBOL_DEFINITION", "is_definition"),

    /* ---- issue 9: runtime inspection ---- */
    {.kind = "RT_HAS_SIGNATURE",
     .scope = LINK_REPO,
     .unique = true,
     .source = "inspect",
     .from = "rt_signatures_v1",
     .src = "rt_id",
     .dst = "sig_id",
     .origin = "'inspect'",
     .resolution_method = "'RUNTIME_INSPECT'",
     .confidence = "1.0"},
    {.kind = "RT_HAS_PARAM",
     .scope = LINK_REPO,
     .unique = true,
     .source = "inspect",
     .from = "rt_signature_params_v1",
     .src = "sig_id",
     .dst = "param_id",
     .origin = "'inspect'",
     .resolution_method = "'RUNTIME_INSPECT'",
     .confidence = "1.0",
     .props = {{"position", 'i', "position"}}},
    {.kind = "RT_HAS_MEMBER",
     .scope = LINK_REPO,
     .unique = true,
     .source = "inspect",
     .from = "rt_members_v1",
     .src = "rt_id",
     .dst = "member_id",
     .origin = "'inspect'",
     .resolution_method = "'RUNTIME_INSPECT'",
     .confidence = "1.0",
     .props = {{"is_descriptor", 'b',
                "member_kind IN ('property', 'classmethod', 'staticmethod')"}}},
    /* a function to its __wrapped__ (functools.wraps); unwrap_depth of the wrapped one */
    {.kind = "RT_WRAPS",
     .scope = LINK_REPO,
     .unique = true,
     .source = "inspect",
     .from = "rt_objects_v1",
     .where = "wrapped_rt_id IS NOT NULL",
     .src = "rt_id",
     .dst = "wrapped_rt_id",
     .origin = "'inspect'",
     .resolution_method = "'RUNTIME_INSPECT'",
     .confidence = "1.0",
     .props = {{"unwrap_depth", 'i', "coalesce(unwrap_depth, 0) + 1"}}},
    /* a runtime object to the source that defines it: a module to its file; a class or
     * function to the nearest def (CST_DEF; its line from the AST node at the same offset) of
     * the same name and kind at or after the first line inspect reported (decorators come
     * before the def line) (docs/decisions.md, "Runtime inspection") */
    {.kind = "RT_DEFINED_BY",
     .scope = LINK_REPO,
     .unique = true,
     .source = "inspect",
     .from = "(SELECT o.rt_id, o.source_path AS path, d.def_id AS def_node_id, "
             "'FILE_LINE' AS method FROM rt_objects_v1 o JOIN (SELECT d.def_id, d.file_id, "
             "d.kind, d.name, a.lineno AS def_line FROM py_cst_defs_v1 d JOIN py_ast_nodes_v1 "
             "a ON a.file_id = d.file_id AND a.bstart = d.def_bstart AND a.kind IN "
             "('FunctionDef', 'AsyncFunctionDef', 'ClassDef', 'Lambda') WHERE d.file_id IN "
             "(SELECT file_id FROM rt_objects_v1)) d ON d.file_id = o.file_id AND d.name = "
             "o.source_name AND d.def_line >= o.source_line AND (d.kind = 'class') = "
             "(o.obj_type = 'class') WHERE o.obj_type <> 'module' QUALIFY row_number() OVER "
             "(PARTITION BY o.rt_id ORDER BY d.def_line, d.def_id) = 1 "
             "UNION ALL SELECT rt_id, source_path, file_id, 'FILE' FROM rt_objects_v1 "
             "WHERE obj_type = 'module' AND file_id IS NOT NULL)",
     .src = "rt_id",
     .dst = "def_node_id",
     .path = "path",
     .origin = "'inspect'",
     .resolution_method = "method",
     .confidence = "0.9"},
};

size_t link_node_emitter_count(void)
{
    return sizeof node_emitters / sizeof node_emitters[0];
}

const link_emitter *link_node_emitter_at(size_t i)
{
    return i < link_node_emitter_count() ? &node_emitters[i] : NULL;
}

size_t link_edge_emitter_count(void)
{
    return sizeof edge_emitters / sizeof edge_emitters[0];
}

const link_emitter *link_edge_emitter_at(size_t i)
{
    return i < link_edge_emitter_count() ? &edge_emitters[i] : NULL;
}

/* ---- contract checks ------------------------------------------------------------------ */

/* The expression providing prop `name` of emitter e: one of its props, or for edges a
 * cpg_edges_v1 column; NULL if none. */
static const char *prop_expr(const link_emitter *e, bool edge, const char *name)
{
    for (size_t p = 0; p < LINK_MAX_PROPS && e->props[p].key; p++)
        if (strcmp(e->props[p].key, name) == 0)
            return e->props[p].expr;
    if (!edge)
        return NULL;
    struct {
        const char *col, *expr;
    } cols[] = {{"origin", e->origin},
                {"resolution_method", e->resolution_method},
                {"score", e->score},
                {"confidence", e->confidence},
                {"symbol_roles", e->symbol_roles},
                {"qname_source", e->qname_source},
                {"ambiguity_group_id", e->ambiguity_group_id},
                {"rule_name", e->rule_name},
                {"rule_priority", e->rule_priority}};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        if (strcmp(cols[i].col, name) == 0)
            return cols[i].expr;
    return NULL;
}

static bool in_list(const char *list, const char *item)
{
    size_t n = strlen(item);
    for (const char *p = list; p && *p;) {
        size_t len = strcspn(p, ",");
        if (len == n && strncmp(p, item, n) == 0)
            return true;
        p += len + (p[len] == ',');
    }
    return false;
}

static pc_status check_emitter(const link_emitter *e, bool edge, pc_err *err)
{
    const link_kind *k = link_kind_find(e->kind);
    if (!k || k->is_edge != edge)
        return pc_fail(err, PC_ERR_INTERNAL, "emitter of unknown %s kind %s",
                       edge ? "edge" : "node", e->kind);
    if (!in_list(k->allowed_sources, e->source))
        return pc_fail(err, PC_ERR_INTERNAL, "%s: source %s is not allowed (%s)", e->kind,
                       e->source, k->allowed_sources);
    char prop[64];
    for (const char *p = k->required_props; *p;) {
        size_t len = strcspn(p, ",");
        snprintf(prop, sizeof prop, "%.*s", (int)len, p);
        p += len + (p[len] == ',');
        if (k->id_prop && strcmp(prop, k->id_prop) == 0)
            continue;
        if (!prop_expr(e, edge, prop))
            return pc_fail(err, PC_ERR_INTERNAL, "%s emitter from %s lacks required prop %s",
                           e->kind, e->from, prop);
    }
    if (k->anchor_required && (!e->path || !e->bstart || !e->bend))
        return pc_fail(err, PC_ERR_INTERNAL, "%s emitter from %s has no anchor", e->kind, e->from);
    return PC_OK;
}

pc_status link_check_tables(pc_err *err)
{
    pc_status rc = PC_OK;
    for (size_t i = 0; i < link_node_emitter_count() && rc == PC_OK; i++)
        rc = check_emitter(&node_emitters[i], false, err);
    for (size_t i = 0; i < link_edge_emitter_count() && rc == PC_OK; i++)
        rc = check_emitter(&edge_emitters[i], true, err);
    return rc == PC_OK ? link_check_scopes(err) : rc;
}

/* ---- SQL ------------------------------------------------------------------------------- */

static void expr_or_null(sbuf *out, const char *expr, const char *type)
{
    if (expr)
        sbuf_printf(out, "CAST(%s AS %s)", expr, type);
    else
        sbuf_printf(out, "CAST(NULL AS %s)", type);
}

/* Reads the next name of a comma-separated list at *p into prop (cap bytes); false at its end. */
static bool list_next(const char **p, char *prop, size_t cap)
{
    if (!**p)
        return false;
    size_t len = strcspn(*p, ",");
    snprintf(prop, cap, "%.*s", (int)len, *p);
    *p += len + ((*p)[len] == ',');
    return true;
}

/* True when e's __violation (violation_sql) is NULL on every row: its kind requires no anchor
 * and none of the props it requires has an expression in e. */
static bool violation_constant(const link_emitter *e, bool edge)
{
    const link_kind *k = link_kind_find(e->kind);
    char prop[64];
    for (const char *p = k->required_props; list_next(&p, prop, sizeof prop);)
        if (prop_expr(e, edge, prop))
            return false;
    return !k->anchor_required;
}

/* The __violation expression of e's rows: NULL, or the kind and what is missing. */
static void violation_sql(const link_emitter *e, bool edge, sbuf *out)
{
    const link_kind *k = link_kind_find(e->kind);
    sbuf_puts(out, "CASE WHEN false");
    char prop[64];
    for (const char *p = k->required_props; list_next(&p, prop, sizeof prop);) {
        const char *x = prop_expr(e, edge, prop);
        if (x)
            sbuf_printf(out, " OR (%s) IS NULL", x);
    }
    if (k->anchor_required)
        sbuf_printf(out, " OR (%s) IS NULL OR (%s) IS NULL OR (%s) IS NULL", e->path, e->bstart,
                    e->bend);
    sbuf_printf(out, " THEN '%s: missing required prop or anchor:' || concat_ws(',', ''", e->kind);
    for (const char *p = k->required_props; list_next(&p, prop, sizeof prop);) {
        const char *x = prop_expr(e, edge, prop);
        if (x)
            sbuf_printf(out, ", CASE WHEN (%s) IS NULL THEN '%s' END", x, prop);
    }
    if (k->anchor_required)
        sbuf_printf(out,
                    ", CASE WHEN (%s) IS NULL OR (%s) IS NULL OR (%s) IS NULL THEN 'anchor' END",
                    e->path, e->bstart, e->bend);
    sbuf_puts(out, ") END");
}

static void from_where(const link_emitter *e, sbuf *out)
{
    sbuf_printf(out, " FROM %s AS __src", e->from);
    if (e->where)
        sbuf_printf(out, " WHERE %s", e->where);
}

/* The columns of node_rows and edge_rows, in order, as one table that both the rows' SELECTs
 * and the group tables' constant columns (link_group_tables) read: the name, the SQL type and
 * which expression of the emitter gives it (ROW_FIELD: the emitter's field at `field`, NULL
 * meaning NULL; ROW_KIND: its kind; ROW_VIOLATION: violation_sql; ROW_EDGE_ID: the edge id,
 * computed from the others). */
typedef enum { ROW_FIELD, ROW_KIND, ROW_VIOLATION, ROW_EDGE_ID } row_source;
typedef struct {
    const char *name, *type;
    row_source source;
    size_t field;
} row_col;
#define ROW_F(name, type, f)                                                                       \
    {                                                                                              \
        name, type, ROW_FIELD, offsetof(link_emitter, f)                                           \
    }
static const row_col node_cols[] = {ROW_F("file_id", "BIGINT", file_id),
                                    ROW_F("path", "VARCHAR", path),
                                    ROW_F("bstart", "BIGINT", bstart),
                                    ROW_F("bend", "BIGINT", bend),
                                    ROW_F("node_id", "BIGINT", id),
                                    {"node_kind", "VARCHAR", ROW_KIND, 0},
                                    {"__violation", "VARCHAR", ROW_VIOLATION, 0}};
static const row_col edge_cols[] = {ROW_F("bstart", "BIGINT", bstart),
                                    ROW_F("bend", "BIGINT", bend),
                                    {"edge_id", "BIGINT", ROW_EDGE_ID, 0},
                                    {"edge_kind", "VARCHAR", ROW_KIND, 0},
                                    ROW_F("src_node_id", "BIGINT", src),
                                    ROW_F("dst_node_id", "BIGINT", dst),
                                    ROW_F("path", "VARCHAR", path),
                                    ROW_F("origin", "VARCHAR", origin),
                                    ROW_F("resolution_method", "VARCHAR", resolution_method),
                                    ROW_F("confidence", "FLOAT", confidence),
                                    ROW_F("score", "FLOAT", score),
                                    ROW_F("symbol_roles", "INTEGER", symbol_roles),
                                    ROW_F("qname_source", "VARCHAR", qname_source),
                                    ROW_F("ambiguity_group_id", "BIGINT", ambiguity_group_id),
                                    ROW_F("rule_name", "VARCHAR", rule_name),
                                    ROW_F("rule_priority", "INTEGER", rule_priority),
                                    {"__violation", "VARCHAR", ROW_VIOLATION, 0}};
#undef ROW_F

/* The expression of a ROW_FIELD column of e (NULL: NULL); an edge's confidence defaults to
 * 1.0, its score to its confidence. */
static const char *row_field(const link_emitter *e, const row_col *c)
{
    const char *x = *(const char *const *)((const char *)e + c->field);
    if (c->field == offsetof(link_emitter, score) && !x)
        x = e->confidence;
    if ((c->field == offsetof(link_emitter, score) ||
         c->field == offsetof(link_emitter, confidence)) &&
        !x)
        x = "1.0";
    return x;
}

/* Appends column c of e's rows as `<expression> AS <name>` (ROW_EDGE_ID: nothing). */
static void row_col_sql(const link_emitter *e, bool edge, const row_col *c, sbuf *out)
{
    if (c->source == ROW_FIELD)
        expr_or_null(out, row_field(e, c), c->type);
    else if (c->source == ROW_KIND)
        sbuf_printf(out, "'%s'", e->kind);
    else if (c->source == ROW_VIOLATION)
        violation_sql(e, edge, out);
    sbuf_printf(out, " AS %s", c->name);
}

/* One node emitter as rows (file_id, path, bstart, bend, node_id, node_kind, __violation,
 * <props as p0…>). */
static void node_rows(const link_emitter *e, sbuf *out, bool with_props)
{
    sbuf_puts(out, "SELECT ");
    for (size_t c = 0; c < sizeof node_cols / sizeof node_cols[0]; c++) {
        sbuf_puts(out, c ? ", " : "");
        row_col_sql(e, false, &node_cols[c], out);
    }
    for (size_t p = 0; with_props && p < LINK_MAX_PROPS && e->props[p].key; p++)
        sbuf_printf(out, ", %s AS p%zu", e->props[p].expr, p);
    from_where(e, out);
}

/* The columns of node_rows and edge_rows without props. */
#define NODE_COLS "file_id, path, bstart, bend, node_id, node_kind, __violation"
#define EDGE_COLS                                                                                  \
    "bstart, bend, edge_id, edge_kind, src_node_id, dst_node_id, path, origin, "                   \
    "resolution_method, confidence, score, symbol_roles, qname_source, ambiguity_group_id, "       \
    "rule_name, rule_priority, __violation"

static void edge_rows(const link_emitter *e, sbuf *out, bool with_props);
static void passes_add(link_passes *p, sbuf *q);

static bool group_narrow(bool edge, size_t i, bool copied);
static bool sql_constant(const char *x);

/* True when the narrow table of emitter i has __no_id: an edge emitter with props (only its
 * props' given-back rows read whether the edge's own id is NULL or 0). */
static bool narrow_no_id(bool edge, size_t i)
{
    return edge && edge_emitters[i].props[0].key;
}

/* True when column c of e's rows is the same on every row (its kind, a NULL, a literal, a
 * __violation that nothing can set); never the row's id. */
static bool row_col_constant(const link_emitter *e, bool edge, const row_col *c)
{
    if (c->source == ROW_FIELD) {
        const char *x = row_field(e, c);
        return c->field != offsetof(link_emitter, id) && (!x || sql_constant(x));
    }
    return c->source == ROW_KIND || (c->source == ROW_VIOLATION && violation_constant(e, edge));
}

/* A group table whose emitter has constant columns: the table (name NAME_c) holds the others,
 * and a view of the name adds those back, in order, so its readers see the emitter's rows
 * (materialising a constant column costs as much as a read one). False, and nothing appended
 * to p, when no column is constant. */
static bool group_table_split(const link_emitter *e, bool edge, const char *name, link_passes *p)
{
    const row_col *cols = edge ? edge_cols : node_cols;
    size_t ncols =
        edge ? sizeof edge_cols / sizeof edge_cols[0] : sizeof node_cols / sizeof node_cols[0];
    size_t constants = 0;
    for (size_t c = 0; c < ncols; c++)
        constants += row_col_constant(e, edge, &cols[c]);
    for (size_t q = 0; q < LINK_MAX_PROPS && e->props[q].key; q++)
        constants += sql_constant(e->props[q].expr);
    if (constants == 0)
        return false;
    sbuf t = SBUF_INIT, v = SBUF_INIT;
    sbuf_printf(&t, "%s_c\nSELECT ", name);
    sbuf_printf(&v, "VIEW %s\nSELECT ", name);
    for (size_t c = 0, k = 0; c < ncols; c++) {
        sbuf_puts(&v, c ? ", " : "");
        if (row_col_constant(e, edge, &cols[c])) {
            row_col_sql(e, edge, &cols[c], &v);
            continue;
        }
        sbuf_printf(&t, "%s%s", k++ ? ", " : "", cols[c].name);
        sbuf_puts(&v, cols[c].name);
    }
    for (size_t q = 0; q < LINK_MAX_PROPS && e->props[q].key; q++) {
        if (sql_constant(e->props[q].expr)) {
            sbuf_printf(&v, ", %s AS p%zu", e->props[q].expr, q);
            continue;
        }
        sbuf_printf(&t, ", p%zu", q);
        sbuf_printf(&v, ", p%zu", q);
    }
    sbuf_puts(&t, " FROM (");
    if (edge)
        edge_rows(e, &t, true);
    else
        node_rows(e, &t, true);
    sbuf_puts(&t, ")");
    sbuf_printf(&v, " FROM %s_c", name);
    passes_add(p, &t);
    passes_add(p, &v);
    return true;
}

void link_group_tables(bool edges, bool copied, link_passes *p)
{
    const link_emitter *tab = edges ? edge_emitters : node_emitters;
    size_t n = edges ? link_edge_emitter_count() : link_node_emitter_count();
    char name[32];
    for (size_t i = 0; i < n; i++) {
        if (tab[i].scope != LINK_FILE)
            continue;
        snprintf(name, sizeof name, "%s%zu", edges ? LINK_GROUP_EDGES : LINK_GROUP_NODES, i);
        bool narrow = group_narrow(edges, i, copied);
        if (!narrow && group_table_split(&tab[i], edges, name, p))
            continue;
        sbuf q = SBUF_INIT;
        sbuf_printf(&q, "%s\n", name);
        if (narrow) /* what is read of every row: its ids and whether it is given back (an
                     * edge's props: whether its id is NULL or 0) */
            sbuf_printf(&q, "SELECT %s, __violation%s FROM (",
                        edges ? "src_node_id, dst_node_id" : "node_id",
                        narrow_no_id(edges, i) ? ", coalesce(edge_id, 0) = 0 AS __no_id" : "");
        if (edges)
            edge_rows(&tab[i], &q, !narrow);
        else
            node_rows(&tab[i], &q, !narrow);
        if (narrow)
            sbuf_puts(&q, ")");
        passes_add(p, &q);
    }
}

/* ---- kinds: which need a dedupe ------------------------------------------------------- */

/* A kind needs a dedupe in a scope unless one unique emitter alone emits it there. */
static bool kind_needs_dedupe(const link_emitter *tab, size_t n, const char *kind, link_scope scope)
{
    size_t emitters = 0;
    bool all_unique = true;
    for (size_t j = 0; j < n; j++) {
        if (tab[j].scope != scope || strcmp(tab[j].kind, kind) != 0)
            continue;
        emitters++;
        all_unique = all_unique && tab[j].unique;
    }
    return emitters != 1 || !all_unique;
}

typedef void (*rows_fn)(const link_emitter *e, sbuf *out, bool with_props);

static bool rows_referenced(const link_emitter *tab, size_t n, size_t i);

/* True when emitter i of tab is the only emitter of its kind, in every scope. */
static bool kind_alone(const link_emitter *tab, size_t n, size_t i)
{
    for (size_t j = 0; j < n; j++)
        if (j != i && strcmp(tab[j].kind, tab[i].kind) == 0)
            return false;
    return true;
}
static void given_back_sql(bool edge, sbuf *out);
static void edge_rows_written(const link_emitter *e, bool with_props, sbuf *out);

/* The rows of one kind in one scope: the union of its emitters there, deduped (by partition,
 * keeping the first by order) when it needs it. Of a kind whose rows are referenced (unless
 * copied), only those the reader does not give back: the rows that break their contract or
 * have a node id 0, and (edges) those with an endpoint in LINK_BAD_ENDPOINTS — all of which
 * the store moves to the error artifacts or the quality tables find in the parts. */
static bool kind_union(const link_passes *p, const link_emitter *tab, size_t n, const char *kind,
                       link_scope scope, rows_fn rows, const char *partition, const char *order,
                       bool copied, sbuf *out)
{
    bool dedupe = kind_needs_dedupe(tab, n, kind, scope), edge = tab == edge_emitters;
    bool referenced = false;
    sbuf u = SBUF_INIT; /* the union of the kind's emitters */
    sbuf_puts(&u, "SELECT * FROM (");
    for (size_t j = 0, k = 0; j < n; j++) {
        if (tab[j].scope != scope || strcmp(tab[j].kind, kind) != 0)
            continue;
        referenced = !copied && rows_referenced(tab, n, j);
        bool narrow = scope == LINK_FILE && group_narrow(edge, j, copied);
        if (narrow && p->given_back[edge] && !p->given_back[edge][j]) {
            sbuf_free(&u); /* its only emitter gives back every row */
            return false;
        }
        sbuf_puts(&u, k++ ? " UNION ALL (" : "(");
        if (narrow) /* its table holds ids only: the rows again, from the evidence */
            rows(&tab[j], &u, false);
        else if (scope == LINK_FILE) /* the emitter's rows, made once (link_group_tables) */
            sbuf_printf(&u, "SELECT %s FROM %s%zu", edge ? EDGE_COLS : NODE_COLS,
                        edge ? LINK_GROUP_EDGES : LINK_GROUP_NODES, j);
        else
            rows(&tab[j], &u, false);
        sbuf_puts(&u, ")");
    }
    sbuf_puts(&u, ")");
    if (referenced) { /* its only emitter, unique: no dedupe */
        sbuf_puts(out, u.data);
        sbuf_puts(out, " WHERE NOT ");
        given_back_sql(edge, out);
        if (edge)
            sbuf_puts(out, " OR src_node_id IN (SELECT id FROM " LINK_BAD_ENDPOINTS
                           ") OR dst_node_id IN (SELECT id FROM " LINK_BAD_ENDPOINTS ")");
    } else if (dedupe && scope == LINK_FILE) {
        /* The window sorts every row it is given, and most partitions hold one row: only the
         * rows whose partition's hash repeats go through it (the same rows kept; a hash that
         * collides only sends more rows to the window). The repeated hashes are one MATERIALIZED
         * CTE, so they are computed once, not once per reader; the union is read three times,
         * which per file are scans of materialised group tables. */
        sbuf_printf(out,
                    "WITH __dup AS MATERIALIZED (SELECT __k FROM (SELECT hash(%s) AS __k FROM "
                    "(%s)) GROUP BY __k HAVING count(*) > 1) ",
                    partition, u.data);
        sbuf_printf(out,
                    "SELECT * FROM (%s) WHERE hash(%s) NOT IN (SELECT __k FROM __dup) UNION ALL ",
                    u.data, partition);
        sbuf_printf(out, "SELECT * FROM (%s) WHERE hash(%s) IN (SELECT __k FROM __dup)", u.data,
                    partition);
        sbuf_printf(out, " QUALIFY row_number() OVER (PARTITION BY %s ORDER BY %s) = 1", partition,
                    order);
    } else {
        sbuf_puts(out, u.data);
        if (dedupe)
            sbuf_printf(out, " QUALIFY row_number() OVER (PARTITION BY %s ORDER BY %s) = 1",
                        partition, order);
    }
    sbuf_free(&u);
    return true;
}

/* ---- passes ------------------------------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct groups of tab's emitters of one scope (each emitter's kind, or with by_space a
 * node emitter's props group), sorted; returns their number. *out is allocated, the strings
 * are the table's. */
static size_t groups_of(const link_emitter *tab, size_t n, bool by_space, link_scope scope,
                        const char ***out);

/* Moves q to the end of list[0..*n) (capacity *cap); q is left empty. */
static void sbufs_push(sbuf **list, size_t *n, size_t *cap, sbuf *q)
{
    *list = core_grow(*list, cap, *n + 1, sizeof **list, 16);
    (*list)[(*n)++] = *q;
    *q = (sbuf)SBUF_INIT;
}

static void passes_add(link_passes *p, sbuf *q)
{
    sbufs_push(&p->q, &p->n, &p->cap, q);
}

/* Starts p's next staging statement in q: the first makes LINK_PASS_STAGE, the others append
 * to it (the rows to stage follow, then stage_add). */
static void stage_begin(const link_passes *p, sbuf *q)
{
    sbuf_puts(q, p->npre ? "INSERT INTO " LINK_PASS_STAGE " "
                         : "CREATE OR REPLACE TEMP TABLE " LINK_PASS_STAGE " AS ");
}

static void stage_add(link_passes *p, sbuf *q)
{
    sbufs_push(&p->pre, &p->npre, &p->pre_cap, q);
}

void link_passes_free(link_passes *p)
{
    for (size_t i = 0; i < p->n; i++)
        sbuf_free(&p->q[i]);
    for (size_t i = 0; i < p->npre; i++)
        sbuf_free(&p->pre[i]);
    core_free(p->q);
    core_free(p->pre);
    *p = (link_passes){0};
}

/* The pass of one table in one scope: every kind of the scope (each made by kind_union),
 * staged into LINK_PASS_STAGE a kind at a time (p->pre), then one query over the stage wrapped
 * as head … tail (the tail orders it). The windows of one UNION ALL of every kind all hold
 * their rows at once and cannot spill: on a dense chunk the edge pass needed more than 366 MB
 * of DuckDB's memory that way, and under 192 MB staged. One pass, not one per kind: a group
 * of files is small, and the repository-wide kinds are the few whose rows need the whole
 * repository (a pass per kind cost 50 statements and a second in an incremental build). */
static void table_passes(link_passes *p, const link_emitter *tab, size_t n, link_scope scope,
                         rows_fn rows, const char *partition, const char *order, const char *head,
                         const char *tail, bool copied)
{
    const char **kinds;
    size_t nk = groups_of(tab, n, false, scope, &kinds);
    sbuf q = SBUF_INIT;
    for (size_t k = 0; k < nk; k++) {
        stage_begin(p, &q);
        if (kind_union(p, tab, n, kinds[k], scope, rows, partition, order, copied, &q))
            stage_add(p, &q);
        sbuf_reset(&q);
    }
    if (nk > 0 && p->npre == 0) { /* every kind skipped: the pass still reads a stage */
        const link_passes unknown = {0};
        stage_begin(p, &q);
        kind_union(&unknown, tab, n, kinds[0], scope, rows, partition, order, copied, &q);
        stage_add(p, &q);
    }
    if (p->npre > 0) {
        sbuf_printf(&q, "%sSELECT * FROM " LINK_PASS_STAGE "%s", head, tail);
        passes_add(p, &q);
    }
    sbuf_free(&q);
    core_free(kinds);
}

void link_nodes_passes(link_passes *p, link_scope scope, bool copied)
{
    table_passes(p, node_emitters, link_node_emitter_count(), scope, node_rows, "node_id",
                 "__violation NULLS FIRST, path, bstart, bend",
                 "SELECT file_id, path, bstart, bend, node_id, node_kind, __violation FROM (",
                 ") ORDER BY path, bstart, bend, node_kind, node_id", copied);
}

/* One edge emitter as rows of cpg_edges_v1's columns plus __violation (and p0… props). */
static void edge_rows(const link_emitter *e, sbuf *out, bool with_props)
{
    sbuf_puts(out, "SELECT bstart, bend, " REG_EDGE_ID_RECIPE
                   " AS edge_id, * EXCLUDE (bstart, bend) FROM (SELECT ");
    for (size_t c = 0, k = 0; c < sizeof edge_cols / sizeof edge_cols[0]; c++) {
        if (edge_cols[c].source == ROW_EDGE_ID)
            continue; /* computed above from the others */
        sbuf_puts(out, k++ ? ", " : "");
        row_col_sql(e, true, &edge_cols[c], out);
    }
    for (size_t p = 0; with_props && p < LINK_MAX_PROPS && e->props[p].key; p++)
        sbuf_printf(out, ", %s AS p%zu", e->props[p].expr, p);
    from_where(e, out);
    sbuf_puts(out, ")");
}

void link_endpoints_sql(link_scope scope, sbuf *out)
{
    sbuf_puts(out, "SELECT DISTINCT __x.id FROM (SELECT NULL::BIGINT AS id WHERE false");
    for (size_t i = 0; i < link_edge_emitter_count(); i++) {
        const link_emitter *e = &edge_emitters[i];
        for (int end = 0; e->scope == scope && end < 2; end++) {
            if (scope == LINK_FILE) {
                sbuf_printf(out, "\nUNION ALL SELECT %s FROM " LINK_GROUP_EDGES "%zu",
                            end ? "dst_node_id" : "src_node_id", i);
                continue;
            }
            sbuf_printf(out, "\nUNION ALL SELECT CAST(%s AS BIGINT) AS id", end ? e->dst : e->src);
            from_where(e, out);
        }
    }
    sbuf_puts(out, ") AS __x WHERE __x.id IS NOT NULL");
}

/* One anti-join of every edge's endpoints against the good node ids (LINK_NODE_IDS), so that
 * each pass joins the result (empty on sound input) instead of the node ids. */
void link_outside_endpoints_sql(link_scope scope, sbuf *out)
{
    sbuf_puts(out, "SELECT __o.id FROM (");
    link_endpoints_sql(scope, out);
    sbuf_puts(out, ") AS __o WHERE NOT EXISTS (SELECT 1 FROM " LINK_NODE_IDS
                   " AS __n WHERE __n.node_id = __o.id)");
}

/* An edge whose endpoint is no node of cpg_nodes_v1 (its node broke its contract, or the
 * evidence names a file that has no file row, e.g. a skipped symlink) is a contract violation
 * too: it goes to the error artifacts, never into the graph dangling. Each pass finds them by
 * two LEFT JOINs on LINK_BAD_ENDPOINTS (distinct ids, so no row repeats). */
void link_edges_passes(link_passes *p, link_scope scope, bool copied)
{
    table_passes(p, edge_emitters, link_edge_emitter_count(), scope, edge_rows,
                 "src_node_id, dst_node_id, path, bstart, bend",
                 "__violation NULLS FIRST, score DESC NULLS LAST, confidence DESC NULLS LAST, "
                 "rule_priority NULLS LAST, edge_id",
                 "SELECT __e.* REPLACE (coalesce(__e.__violation, CASE WHEN __s.id IS NOT NULL "
                 "OR __d.id IS NOT NULL THEN __e.edge_kind || '" LINK_DANGLING "' END) AS "
                 "__violation) FROM (",
                 ") AS __e LEFT JOIN " LINK_BAD_ENDPOINTS " AS __s ON __s.id = __e.src_node_id "
                 "LEFT JOIN " LINK_BAD_ENDPOINTS " AS __d ON __d.id = __e.dst_node_id ORDER BY "
                 "__e.path, __e.bstart, __e.bend, __e.edge_kind, __e.src_node_id, "
                 "__e.dst_node_id, __e.edge_id",
                 copied);
}

static void prop_value(sbuf *out, char type, size_t p)
{
    static const char *const cols[] = {"value_str", "value_int", "value_float", "value_bool",
                                       "value_json"};
    static const char types[] = "sifbj";
    for (size_t c = 0; c < 5; c++) {
        sbuf_puts(out, ", ");
        if (types[c] != type)
            sbuf_printf(out, "CAST(NULL AS %s)",
                        c == 1   ? "BIGINT"
                        : c == 2 ? "DOUBLE"
                        : c == 3 ? "BOOLEAN"
                                 : "VARCHAR");
        else if (type == 'j')
            sbuf_printf(out, "CAST(to_json(p%zu) AS VARCHAR)", p);
        else
            sbuf_printf(out, "CAST(p%zu AS %s)", p,
                        c == 1   ? "BIGINT"
                        : c == 2 ? "DOUBLE"
                        : c == 3 ? "BOOLEAN"
                                 : "VARCHAR");
        sbuf_printf(out, " AS %s", cols[c]);
    }
}

/* The id space of a node emitter (link_int.h). */
static const char *id_space(const link_emitter *e)
{
    return e->id_space ? e->id_space : e->id;
}

/* True when prop p of emitter tab[i] may repeat a row of cpg_props_v1 in its scope: its kind is
 * deduped (rows of one id), or another node emitter of the scope and id space emits the same
 * key. Edge ids hash their kind, so edges of different kinds never share an id. */
static bool prop_shared(const link_emitter *tab, size_t n, size_t i, size_t p, bool edge)
{
    if (kind_needs_dedupe(tab, n, tab[i].kind, tab[i].scope))
        return true;
    for (size_t j = 0; !edge && j < n; j++) {
        if (j == i || tab[j].scope != tab[i].scope ||
            strcmp(id_space(&tab[j]), id_space(&tab[i])) != 0)
            continue;
        for (size_t q = 0; q < LINK_MAX_PROPS && tab[j].props[q].key; q++)
            if (strcmp(tab[j].props[q].key, tab[i].props[p].key) == 0)
                return true;
    }
    return false;
}

/* True when the SQL text x reads another relation (a subquery): "select" in any case. */
static bool reads_relation(const char *x)
{
    for (; x && *x; x++)
        if (strncasecmp(x, "select", 6) == 0)
            return true;
    return false;
}

/* True when emitter e's rows are a function of one row of an evidence dataset, which a
 * reader of the output sees as the per-file link saw it (both read its parts): a per-file
 * emitter whose `from` names a dataset the lenses write per file, and whose filter, id (edge:
 * endpoints), anchor and edge columns read nothing else. */
static bool emitter_over_evidence(const link_emitter *e)
{
    const reg_dataset *ds = registry_find(e->from);
    if (e->scope != LINK_FILE || !ds || link_owns_dataset(ds) || link_repo_wide_input(ds))
        return false;
    const char *exprs[] = {
        e->where,      e->id,           e->src,          e->dst,          e->file_id,
        e->path,       e->bstart,       e->bend,         e->origin,       e->resolution_method,
        e->confidence, e->score,        e->symbol_roles, e->qname_source, e->ambiguity_group_id,
        e->rule_name,  e->rule_priority};
    for (size_t k = 0; k < sizeof exprs / sizeof *exprs; k++)
        if (reads_relation(exprs[k]))
            return false;
    return true;
}

static const char *props_group(const link_emitter *e);

/* True when x is an SQL constant that is not NULL: a string literal with no quote inside,
 * true, false, or a decimal number. */
static bool sql_constant(const char *x)
{
    size_t n = strlen(x);
    if (n >= 2 && x[0] == '\'' && x[n - 1] == '\'' && !memchr(x + 1, '\'', n - 2))
        return true;
    if (strcmp(x, "true") == 0 || strcmp(x, "false") == 0)
        return true;
    bool digit = false;
    for (const char *c = x + (*x == '-'); *c; c++) {
        if (*c >= '0' && *c <= '9')
            digit = true;
        else if (*c != '.')
            return false;
    }
    return digit;
}

/* How the reader's view gives back prop p of edge emitter i, which must be its kind's only
 * emitter (in every scope) and unique, so that its rows that pass are exactly the kind's
 * written edges, each with the props of its row (no dedupe merges two rows):
 *   EDGE_REF_ROWS     the emitter reads evidence (emitter_over_evidence): its rows over the
 *                     evidence whose edge was written (an edge of the kind with the same
 *                     endpoints is in cpg_edges_v1: only its endpoints can leave out an
 *                     edge whose row keeps its contract);
 *   EDGE_REF_WRITTEN  a constant of any emitter: one row per written edge of the kind. */
typedef enum { EDGE_REF_NONE, EDGE_REF_ROWS, EDGE_REF_WRITTEN } edge_ref;

static edge_ref edge_prop_ref(size_t i, size_t p)
{
    const link_emitter *e = &edge_emitters[i];
    if (!e->unique || reads_relation(e->props[p].expr) ||
        !kind_alone(edge_emitters, link_edge_emitter_count(), i))
        return EDGE_REF_NONE;
    if (emitter_over_evidence(e))
        return EDGE_REF_ROWS;
    return sql_constant(e->props[p].expr) ? EDGE_REF_WRITTEN : EDGE_REF_NONE;
}

/* True when prop p of node emitter tab[i] is referenced, not copied: the reader's view of
 * cpg_props_v1 computes its rows from the evidence (link_props_referenced_sql), so the
 * per-file link writes only the rows whose entity id is NULL or 0 (the error artifact and
 * cpg_props_quality_v1 list those, as before). Its value must be a function of the emitter's
 * evidence row (emitter_over_evidence, no subquery). A prop that may repeat (prop_shared) is
 * deduped with every row of its key in its props group, so every emitter of the scope that
 * gives that key in that group must qualify too; the view dedupes them as the link does. */
static bool prop_referenced(size_t i, size_t p)
{
    const link_emitter *e = &node_emitters[i];
    if (!emitter_over_evidence(e) || reads_relation(e->props[p].expr))
        return false;
    size_t n = link_node_emitter_count();
    if (!prop_shared(node_emitters, n, i, p, false))
        return true;
    for (size_t j = 0; j < n; j++) {
        const link_emitter *o = &node_emitters[j];
        if (o->scope != e->scope || strcmp(props_group(o), props_group(e)) != 0)
            continue;
        for (size_t q = 0; q < LINK_MAX_PROPS && o->props[q].key; q++)
            if (strcmp(o->props[q].key, e->props[p].key) == 0 &&
                (!emitter_over_evidence(o) || reads_relation(o->props[q].expr)))
                return false;
    }
    return true;
}

/* The props of tab[i] whose sharedness is `shared`, as one parenthesised SELECT appended to
 * out (preceded by UNION ALL after the first, counted in *n); nothing if it has none. Of a
 * referenced prop (unless copied), only the rows with entity id NULL or 0. */
static void emitter_props(const link_passes *lp, const link_emitter *tab, size_t n, size_t i,
                          bool edge, bool shared, bool copied, sbuf *out, size_t *count)
{
    const link_emitter *e = &tab[i];
    bool any = false;
    for (size_t p = 0; p < LINK_MAX_PROPS && e->props[p].key; p++)
        any = any || prop_shared(tab, n, i, p, edge) == shared;
    bool narrow = e->scope == LINK_FILE && group_narrow(edge, i, copied);
    if (!any || (narrow && lp->given_back[edge] && !lp->given_back[edge][i]))
        return; /* no prop, or (every prop referenced) no row with an entity id NULL or 0 */
    sbuf_printf(out, "%s(WITH __e AS (", *count ? "\nUNION ALL " : "");
    if (e->scope == LINK_FILE && !narrow)
        sbuf_printf(out, "SELECT * FROM %s%zu", edge ? LINK_GROUP_EDGES : LINK_GROUP_NODES, i);
    else if (edge)
        edge_rows(e, out, true);
    else
        node_rows(e, out, true);
    sbuf_puts(out, " ) ");
    bool first = true;
    for (size_t p = 0; p < LINK_MAX_PROPS && e->props[p].key; p++) {
        if (prop_shared(tab, n, i, p, edge) != shared)
            continue;
        sbuf_printf(out, "%sSELECT '%s' AS entity_kind, %s AS entity_id, '%s' AS prop_key",
                    first ? "" : " UNION ALL ", edge ? "edge" : "node",
                    edge ? "edge_id" : "node_id", e->props[p].key);
        first = false;
        prop_value(out, e->props[p].type, p);
        sbuf_printf(out, " FROM __e WHERE __violation IS NULL AND p%zu IS NOT NULL", p);
        if (!copied && (edge ? edge_prop_ref(i, p) != EDGE_REF_NONE : prop_referenced(i, p)))
            sbuf_printf(out, " AND (%s IS NULL OR %s = 0)", edge ? "edge_id" : "node_id",
                        edge ? "edge_id" : "node_id");
        if (edge) /* only the props of edges written: none has a bad endpoint (two anti-joins:
                   * one with an OR is a nested loop) */
            sbuf_puts(out, " AND __e.src_node_id NOT IN (SELECT id FROM " LINK_BAD_ENDPOINTS
                           ") AND __e.dst_node_id NOT IN (SELECT id FROM " LINK_BAD_ENDPOINTS ")");
    }
    sbuf_puts(out, ")");
    (*count)++;
}

/* The props group of a node emitter: emitters of one kind or of one id space must share a
 * pass (their props are deduped together), so groups are the connected components of "same
 * kind or same space", named by the space of their first emitter. Computed once (the
 * tables are constant). */
static const char *props_group(const link_emitter *e)
{
    enum { MAX_NODE_EMITTERS = 256 };
    static size_t root[MAX_NODE_EMITTERS];
    static bool done;
    size_t n = link_node_emitter_count();
    if (PC_NEVER(n > MAX_NODE_EMITTERS))
        return id_space(e);
    if (!done) {
        for (size_t i = 0; i < n; i++)
            root[i] = i;
        for (bool changed = true; changed;) { /* label propagation to the least index */
            changed = false;
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < n; j++) {
                    bool linked =
                        strcmp(node_emitters[i].kind, node_emitters[j].kind) == 0 ||
                        strcmp(id_space(&node_emitters[i]), id_space(&node_emitters[j])) == 0;
                    if (linked && root[j] < root[i]) {
                        root[i] = root[j];
                        changed = true;
                    }
                }
        }
        done = true;
    }
    return id_space(&node_emitters[root[e - node_emitters]]);
}

static const char *group_of(const link_emitter *e, bool by_space)
{
    return by_space ? props_group(e) : e->kind;
}

static size_t groups_of(const link_emitter *tab, size_t n, bool by_space, link_scope scope,
                        const char ***out)
{
    const char **g = core_malloc((n ? n : 1) * sizeof *g);
    size_t ng = 0;
    for (size_t i = 0; i < n; i++) {
        if (tab[i].scope != scope)
            continue;
        bool seen = false;
        for (size_t j = 0; j < ng && !seen; j++)
            seen = strcmp(g[j], group_of(&tab[i], by_space)) == 0;
        if (!seen)
            g[ng++] = group_of(&tab[i], by_space);
    }
    qsort(g, ng, sizeof *g, cmp_str);
    *out = g;
    return ng;
}

/* The props of the scope's emitters of one group (node props group, or edge kind) as one
 * relation: those that cannot repeat as they are, the others exactly deduped; false if it has
 * none. */
static bool props_of_group(const link_passes *lp, bool edge, const char *group, link_scope scope,
                           bool copied, sbuf *out)
{
    const link_emitter *tab = edge ? edge_emitters : node_emitters;
    size_t n = edge ? link_edge_emitter_count() : link_node_emitter_count(), total = 0;
    for (int shared = 0; shared < 2; shared++) {
        sbuf_puts(out, shared ? "\nUNION ALL SELECT DISTINCT * FROM (" : "SELECT * FROM (");
        size_t count = 0;
        for (size_t i = 0; i < n; i++)
            if (tab[i].scope == scope && strcmp(group_of(&tab[i], !edge), group) == 0)
                emitter_props(lp, tab, n, i, edge, shared, copied, out, &count);
        if (count == 0) /* an empty relation of the props' columns */
            sbuf_puts(out, "SELECT NULL::VARCHAR AS entity_kind, NULL::BIGINT AS entity_id, "
                           "NULL::VARCHAR AS prop_key, NULL::VARCHAR AS value_str, NULL::BIGINT "
                           "AS value_int, NULL::DOUBLE AS value_float, NULL::BOOLEAN AS "
                           "value_bool, NULL::VARCHAR AS value_json WHERE false");
        sbuf_puts(out, ")");
        total += count;
    }
    return total > 0;
}

/* cpg_props_v1: one pass of the scope's props: per group of node emitters (the props that
 * may repeat across kinds meet in it), then per edge kind with props (only of edges written:
 * contract met, no endpoint in LINK_BAD_ENDPOINTS), each group staged on its own (its exact
 * dedupe's hash table alone in memory; table_passes says why), sorted by (entity_kind,
 * entity_id, prop_key, value). */
void link_props_passes(link_passes *p, link_scope scope, bool copied)
{
    static const char order[] = ") ORDER BY entity_kind, entity_id, prop_key, value_str, "
                                "value_int, value_float, value_bool, value_json";
    sbuf q = SBUF_INIT;
    for (int edge = 0; edge < 2; edge++) {
        const char **groups;
        size_t ng = groups_of(edge ? edge_emitters : node_emitters,
                              edge ? link_edge_emitter_count() : link_node_emitter_count(), !edge,
                              scope, &groups);
        for (size_t g = 0; g < ng; g++) {
            stage_begin(p, &q);
            if (props_of_group(p, edge, groups[g], scope, copied, &q))
                stage_add(p, &q);
            sbuf_reset(&q);
        }
        core_free(groups);
    }
    if (p->npre > 0) {
        sbuf_printf(&q, "SELECT * FROM (SELECT * FROM " LINK_PASS_STAGE "%s", order);
        passes_add(p, &q);
    }
    sbuf_free(&q);
}

/* ---- referenced props: what the reader gives back ------------------------------------- */

/* A simple filter: `col = 'v'` or `col IN ('v1', 'v2', …)`, its values borrowed from the text. */
enum { FILTER_MAX_VALUES = 16 };
typedef struct {
    const char *col;
    size_t col_len, n;
    const char *val[FILTER_MAX_VALUES];
    size_t len[FILTER_MAX_VALUES];
} simple_filter;

/* Reads one quoted value (no quote inside) at *s into f; false when there is none. */
static bool filter_value(const char **s, simple_filter *f)
{
    const char *c = *s;
    if (*c != '\'' || f->n == FILTER_MAX_VALUES)
        return false;
    const char *end = strchr(c + 1, '\'');
    if (!end)
        return false;
    f->val[f->n] = c + 1;
    f->len[f->n++] = (size_t)(end - c - 1);
    *s = end + 1;
    return true;
}

/* True when w is a simple filter, read into f. */
static bool simple_filter_parse(const char *w, simple_filter *f)
{
    memset(f, 0, sizeof *f);
    if (!w)
        return false;
    f->col = w;
    while (*w == '_' || (*w >= 'a' && *w <= 'z'))
        w++;
    f->col_len = (size_t)(w - f->col);
    if (f->col_len == 0)
        return false;
    if (strncmp(w, " = ", 3) == 0) {
        w += 3;
        return filter_value(&w, f) && *w == '\0';
    }
    if (strncmp(w, " IN (", 5) != 0)
        return false;
    w += 5;
    for (;;) {
        if (!filter_value(&w, f))
            return false;
        if (strcmp(w, ")") == 0)
            return true;
        if (strncmp(w, ", ", 2) != 0)
            return false;
        w += 2;
    }
}

/* True when no row passes both filters a and b: simple filters of one column whose values
 * differ. */
static bool filters_disjoint(const char *a, const char *b)
{
    simple_filter fa, fb;
    if (!simple_filter_parse(a, &fa) || !simple_filter_parse(b, &fb) || fa.col_len != fb.col_len ||
        strncmp(fa.col, fb.col, fa.col_len) != 0)
        return false;
    for (size_t x = 0; x < fa.n; x++)
        for (size_t y = 0; y < fb.n; y++)
            if (fa.len[x] == fb.len[y] && memcmp(fa.val[x], fb.val[y], fa.len[x]) == 0)
                return false;
    return true;
}

static bool same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* True when node emitters a and b make the same node of the same row: one relation, one id,
 * each row its own id (unique). */
static bool same_rows(const link_emitter *a, const link_emitter *b)
{
    return a->unique && b->unique && strcmp(a->from, b->from) == 0 && strcmp(a->id, b->id) == 0;
}

/* True when every row prop q of emitter b gives is also a row prop p of emitter a gives: the
 * same rows and value, a unfiltered, and every cause of a contract violation of a's kind one
 * of b's (a required prop b's kind requires too, of the same expression; an anchor b's kind
 * requires too, the same). */
static bool prop_covers(const link_emitter *a, size_t p, const link_emitter *b, size_t q)
{
    if (!same_rows(a, b) || a->where || strcmp(a->props[p].expr, b->props[q].expr) != 0 ||
        a->props[p].type != b->props[q].type)
        return false;
    const link_kind *ka = link_kind_find(a->kind), *kb = link_kind_find(b->kind);
    char prop[64];
    for (const char *r = ka->required_props; *r;) {
        size_t len = strcspn(r, ",");
        snprintf(prop, sizeof prop, "%.*s", (int)len, r);
        r += len + (r[len] == ',');
        const char *xa = prop_expr(a, false, prop), *xb = prop_expr(b, false, prop);
        if (xa && (!in_list(kb->required_props, prop) || !same_text(xa, xb)))
            return false;
    }
    return !ka->anchor_required || (kb->anchor_required && same_text(a->path, b->path) &&
                                    same_text(a->bstart, b->bstart) && same_text(a->bend, b->bend));
}

/* How the reader's view gives back prop p of node emitter i (link_props_referenced_sql). */
typedef enum {
    PICK_NONE,     /* not referenced, or another emitter's rows give the same rows */
    PICK_PLAIN,    /* its rows, as they are: none can repeat a row another emitter gives */
    PICK_DISTINCT, /* through its props group's dedupe, as the link gives it */
} prop_pick;

static prop_pick referenced_pick(size_t i, size_t p)
{
    size_t n = link_node_emitter_count();
    if (!prop_referenced(i, p))
        return PICK_NONE;
    if (!prop_shared(node_emitters, n, i, p, false))
        return PICK_PLAIN;
    /* the emitters of the scope giving the key in the group: each prop's rows distinct
     * (unique), and of one of them that covers all others only its rows, or every one's when
     * no two can meet (disjoint simple filters of the same rows) */
    const link_emitter *e = &node_emitters[i];
    size_t who[64], which[64], m = 0;
    for (size_t j = 0; j < n; j++) {
        const link_emitter *o = &node_emitters[j];
        if (o->scope != e->scope || strcmp(props_group(o), props_group(e)) != 0)
            continue;
        for (size_t q = 0; q < LINK_MAX_PROPS && o->props[q].key; q++)
            if (strcmp(o->props[q].key, e->props[p].key) == 0) {
                if (m == sizeof who / sizeof *who || !o->unique)
                    return PICK_DISTINCT;
                who[m] = j;
                which[m++] = q;
            }
    }
    for (size_t c = 0; c < m; c++) {
        bool all = true;
        for (size_t o = 0; o < m && all; o++)
            all = o == c ||
                  prop_covers(&node_emitters[who[c]], which[c], &node_emitters[who[o]], which[o]);
        if (all) /* the first that covers the others gives the rows */
            return who[c] == i && which[c] == p ? PICK_PLAIN : PICK_NONE;
    }
    for (size_t a = 0; a < m; a++)
        for (size_t b = a + 1; b < m; b++)
            if (!same_rows(&node_emitters[who[a]], &node_emitters[who[b]]) ||
                !filters_disjoint(node_emitters[who[a]].where, node_emitters[who[b]].where))
                return PICK_DISTINCT;
    return PICK_PLAIN;
}

/* The rows of referenced prop p (prop) from the relation __e of its emitter's rows (entity id
 * node_id, or edge_id): the link's filter, less the rows the link still writes (id NULL or
 * 0); " UNION ALL " before all but the first. */
static void referenced_select(sbuf *out, bool edge, const link_prop *prop, size_t p, bool first)
{
    const char *id = edge ? "edge_id" : "node_id";
    sbuf_printf(out, "%sSELECT '%s' AS entity_kind, %s AS entity_id, '%s' AS prop_key",
                first ? "" : " UNION ALL ", edge ? "edge" : "node", id, prop->key);
    prop_value(out, prop->type, p);
    sbuf_printf(out, " FROM __e WHERE __violation IS NULL AND p%zu IS NOT NULL AND %s <> 0", p, id);
}

/* The rows of the props p of emitter e with take[p], from the relation `rows` of its rows
 * (each prop's filter followed by `and`, or nothing), as one parenthesised SELECT appended to
 * out (UNION ALL after the first, counted in *count). */
static void referenced_block(const link_emitter *e, bool edge, const bool *take, const char *rows,
                             const char *and, sbuf *out, size_t *count)
{
    sbuf_printf(out, "%s(WITH __e AS (%s) ", (*count)++ ? "\nUNION ALL " : "", rows);
    bool first = true;
    for (size_t p = 0; p < LINK_MAX_PROPS && e->props[p].key; p++) {
        if (!take[p])
            continue;
        referenced_select(out, edge, &e->props[p], p, first);
        if (and)
            sbuf_puts(out, and);
        first = false;
    }
    sbuf_puts(out, ")");
}

/* The referenced props of node emitter i the view gives back as `pick` says, over its
 * evidence (referenced_block); nothing if it has none. Rows as the link writes them, less
 * those it still writes (entity id NULL or 0). */
static void referenced_props(size_t i, prop_pick pick, sbuf *out, size_t *count)
{
    const link_emitter *e = &node_emitters[i];
    bool take[LINK_MAX_PROPS] = {false}, any = false;
    for (size_t p = 0; p < LINK_MAX_PROPS && e->props[p].key; p++)
        any |= take[p] = referenced_pick(i, p) == pick;
    if (!any)
        return;
    sbuf rows = SBUF_INIT;
    node_rows(e, &rows, true);
    referenced_block(e, false, take, rows.data, NULL, out, count);
    sbuf_free(&rows);
}

/* The referenced props of edge emitter i given back as `how` says (referenced_block): its
 * rows over the evidence, or the kind's written edges with the constants; nothing if none. */
static void referenced_edge_props(size_t i, edge_ref how, sbuf *out, size_t *count)
{
    const link_emitter *e = &edge_emitters[i];
    bool take[LINK_MAX_PROPS] = {false}, any = false;
    for (size_t p = 0; p < LINK_MAX_PROPS && e->props[p].key; p++)
        any |= take[p] = edge_prop_ref(i, p) == how;
    if (!any)
        return;
    sbuf rows = SBUF_INIT, written = SBUF_INIT;
    if (how == EDGE_REF_ROWS && rows_referenced(edge_emitters, link_edge_emitter_count(), i)) {
        /* its edge written or given back: it keeps its contract (its endpoints present, so
         * that no error row names it) and is not in the error artifact; an endpoint 0 keeps
         * the edge in the parts, and its props are still given back (as when every edge was
         * written) */
        edge_rows_written(e, true, &rows);
        sbuf_puts(&written, " AND src_node_id IS NOT NULL AND dst_node_id IS NOT NULL");
    } else if (how == EDGE_REF_ROWS) { /* its edge written: an edge of the kind with its
                                        * endpoints was (a bad endpoint leaves out every such
                                        * edge) */
        edge_rows(e, &rows, true);
        sbuf_printf(&written,
                    " AND (src_node_id, dst_node_id) IN (SELECT (src_node_id, dst_node_id) FROM "
                    "cpg_edges_v1 WHERE edge_kind = '%s')",
                    e->kind);
    } else {
        sbuf_puts(&rows, "SELECT edge_id, NULL AS __violation");
        for (size_t p = 0; p < LINK_MAX_PROPS && e->props[p].key; p++)
            if (take[p])
                sbuf_printf(&rows, ", %s AS p%zu", e->props[p].expr, p);
        sbuf_printf(&rows, " FROM cpg_edges_v1 WHERE edge_kind = '%s'", e->kind);
    }
    referenced_block(e, true, take, rows.data, written.data, out, count);
    sbuf_free(&rows);
    sbuf_free(&written);
}

void link_props_referenced_sql(sbuf *out)
{
    const char **groups;
    size_t n = link_node_emitter_count(), total = 0;
    size_t ng = groups_of(node_emitters, n, true, LINK_FILE, &groups);
    for (size_t g = 0; g < ng; g++) {
        for (prop_pick pick = PICK_PLAIN; pick <= PICK_DISTINCT; pick++) {
            sbuf part = SBUF_INIT;
            size_t count = 0;
            for (size_t i = 0; i < n; i++)
                if (node_emitters[i].scope == LINK_FILE &&
                    strcmp(props_group(&node_emitters[i]), groups[g]) == 0)
                    referenced_props(i, pick, &part, &count);
            if (count > 0) /* props that may repeat: deduped per group, as the link does */
                sbuf_printf(out, "%s%s%s%s", total++ ? "\nUNION ALL " : "",
                            pick == PICK_DISTINCT ? "(SELECT DISTINCT * FROM (" : "", part.data,
                            pick == PICK_DISTINCT ? "))" : "");
            sbuf_free(&part);
        }
    }
    core_free(groups);
    for (size_t i = 0; i < link_edge_emitter_count(); i++)
        for (edge_ref how = EDGE_REF_ROWS; how <= EDGE_REF_WRITTEN; how++)
            referenced_edge_props(i, how, out, &total);
}

bool link_referenced_prop_at(size_t i, link_referenced_prop *out)
{
    enum { MAX_REFERENCED = 512 };
    static link_referenced_prop all[MAX_REFERENCED];
    static size_t n;
    static bool done;
    if (!done) { /* the tables are constant: listed once */
        for (size_t e = 0; e < link_node_emitter_count(); e++)
            for (size_t p = 0; p < LINK_MAX_PROPS && node_emitters[e].props[p].key; p++)
                if (prop_referenced(e, p) && !PC_NEVER(n == MAX_REFERENCED))
                    all[n++] = (link_referenced_prop){false,
                                                      node_emitters[e].kind,
                                                      node_emitters[e].props[p].key,
                                                      node_emitters[e].from,
                                                      node_emitters[e].props[p].expr,
                                                      node_emitters[e].id,
                                                      node_emitters[e].where};
        for (size_t e = 0; e < link_edge_emitter_count(); e++)
            for (size_t p = 0; p < LINK_MAX_PROPS && edge_emitters[e].props[p].key; p++) {
                edge_ref how = edge_prop_ref(e, p);
                if (how != EDGE_REF_NONE && !PC_NEVER(n == MAX_REFERENCED))
                    all[n++] =
                        (link_referenced_prop){true,
                                               edge_emitters[e].kind,
                                               edge_emitters[e].props[p].key,
                                               how == EDGE_REF_ROWS ? edge_emitters[e].from : NULL,
                                               edge_emitters[e].props[p].expr,
                                               NULL,
                                               NULL};
            }
        done = true;
    }
    if (i >= n)
        return false;
    *out = all[i];
    return true;
}

/* ---- referenced rows: the nodes and edges the reader gives back ------------------------- */

/* True when the rows of emitter i of tab (node or edge emitters) are referenced, not copied
 * (docs/decisions.md, "Graph rows referenced"): it alone emits its kind, in every scope; it is
 * unique, so that no dedupe keeps or drops one of its rows; and each row is a function of one
 * row of an evidence dataset (emitter_over_evidence), which a reader sees as the link saw it.
 * The reader's view of cpg_nodes_v1 / cpg_edges_v1 computes those rows from the evidence
 * (link_nodes_referenced_sql, link_edges_referenced_sql); the link writes only the rest
 * (kind_union). */
static bool rows_referenced(const link_emitter *tab, size_t n, size_t i)
{
    return tab[i].unique && emitter_over_evidence(&tab[i]) && kind_alone(tab, n, i);
}

/* True when the per-file group table of emitter i (edge: of the edge emitters) is narrow
 * (link_group_tables): unless copied, its rows are referenced, and so is each of its props
 * (only the rows with entity id NULL or 0 are written), so the passes write only rows that
 * break a contract, lack an id or (edges) have an endpoint that is no node. */
static bool group_narrow(bool edge, size_t i, bool copied)
{
    const link_emitter *tab = edge ? edge_emitters : node_emitters;
    size_t n = edge ? link_edge_emitter_count() : link_node_emitter_count();
    if (copied || tab[i].scope != LINK_FILE || !rows_referenced(tab, n, i))
        return false;
    for (size_t p = 0; p < LINK_MAX_PROPS && tab[i].props[p].key; p++)
        if (edge ? edge_prop_ref(i, p) == EDGE_REF_NONE : !prop_referenced(i, p))
            return false;
    return true;
}

bool link_given_back_sql(bool edges, sbuf *out)
{
    size_t n = edges ? link_edge_emitter_count() : link_node_emitter_count(), count = 0;
    for (size_t i = 0; i < n; i++) {
        if (!group_narrow(edges, i, false))
            continue;
        sbuf_printf(out, "%sSELECT %zu AS i WHERE EXISTS (SELECT 1 FROM %s%zu WHERE NOT ",
                    count++ ? " UNION ALL " : "", i, edges ? LINK_GROUP_EDGES : LINK_GROUP_NODES,
                    i);
        given_back_sql(edges, out);
        if (edges)
            sbuf_printf(out,
                        "%s OR src_node_id IN (SELECT id FROM " LINK_BAD_ENDPOINTS
                        ") OR dst_node_id IN (SELECT id FROM " LINK_BAD_ENDPOINTS ")",
                        narrow_no_id(true, i) ? " OR __no_id" : "");
        sbuf_puts(out, ")");
    }
    return count > 0;
}

/* The condition under which a row of node_rows (edge: edge_rows) of a referenced emitter is
 * given back by the reader rather than written: it keeps its contract (no violation; the ids
 * the dataset requires present) and none of its node ids is 0 (the quality tables find those
 * in the parts). Never NULL. An edge must also have been written: its endpoints are nodes
 * (edge_rows_written). An edge's own id is not checked: it is pycpg_id's digest of the row
 * (0 with probability 2^-64), and checking it would make a reader hash every edge to count
 * them (docs/decisions.md, "Graph rows referenced"). */
static void given_back_sql(bool edge, sbuf *out)
{
    static const char *const node_ids[] = {"node_id", NULL};
    static const char *const edge_ids[] = {"src_node_id", "dst_node_id", NULL};
    sbuf_puts(out, "(__violation IS NULL");
    for (const char *const *c = edge ? edge_ids : node_ids; *c; c++)
        sbuf_printf(out, " AND %s IS NOT NULL AND %s <> 0", *c, *c);
    sbuf_puts(out, ")");
}

/* The rows of edge emitter e (edge_rows) less those of its kind in cpg_edges_v1's error
 * artifact, which holds every edge left out for an endpoint that is no node, with its key
 * (kind, endpoints, span; a unique emitter gives each key once): one anti join, the artifact
 * (empty on sound input) its build side. */
static void edge_rows_written(const link_emitter *e, bool with_props, sbuf *out)
{
    sbuf_puts(out, "SELECT __w.* FROM (");
    edge_rows(e, out, with_props);
    sbuf_printf(out,
                ") AS __w ANTI JOIN (SELECT src_node_id, dst_node_id, path, bstart, bend FROM "
                "cpg_edges_v1_errors WHERE edge_kind = '%s') AS __x ON __x.src_node_id = "
                "__w.src_node_id AND __x.dst_node_id = __w.dst_node_id AND __x.path IS NOT "
                "DISTINCT FROM __w.path AND __x.bstart IS NOT DISTINCT FROM __w.bstart AND "
                "__x.bend IS NOT DISTINCT FROM __w.bend",
                e->kind);
}

/* The given-back rows of the referenced emitters of one table (nodes or edges) as one SELECT
 * of its dataset's columns (the registry's, in order), over relations named like the evidence
 * datasets; an empty relation of them when there is none. */
static void rows_referenced_sql(bool edge, sbuf *out)
{
    const reg_dataset *ds = registry_find(edge ? "cpg_edges_v1" : "cpg_nodes_v1");
    const link_emitter *tab = edge ? edge_emitters : node_emitters;
    size_t n = edge ? link_edge_emitter_count() : link_node_emitter_count(), count = 0;
    for (size_t i = 0; i < n; i++) {
        if (!rows_referenced(tab, n, i))
            continue;
        sbuf_puts(out, count++ ? "\nUNION ALL (SELECT " : "(SELECT ");
        for (size_t c = 0; c < ds->ncols; c++)
            sbuf_printf(out, "%s%s", c ? ", " : "", ds->cols[c].name);
        sbuf_puts(out, " FROM (");
        if (edge)
            edge_rows_written(&tab[i], false, out);
        else
            node_rows(&tab[i], out, false);
        sbuf_puts(out, ") AS __r WHERE ");
        given_back_sql(edge, out);
        sbuf_puts(out, ")");
    }
    if (count > 0)
        return;
    sbuf_puts(out, "SELECT ");
    for (size_t c = 0; c < ds->ncols; c++)
        sbuf_printf(out, "%sCAST(NULL AS %s) AS %s", c ? ", " : "", reg_type_sql(ds->cols[c].type),
                    ds->cols[c].name);
    sbuf_puts(out, " WHERE false");
}

void link_nodes_referenced_sql(sbuf *out)
{
    rows_referenced_sql(false, out);
}

void link_edges_referenced_sql(sbuf *out)
{
    rows_referenced_sql(true, out);
}

void link_referenced_node_ids_sql(link_relation_fn rel, void *ctx, sbuf *out)
{
    size_t n = link_node_emitter_count(), count = 0;
    sbuf from = SBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (!rows_referenced(node_emitters, n, i))
            continue;
        sbuf_puts(out, count++ ? " UNION ALL " : "");
        if (!rel) {
            sbuf_printf(out, "SELECT node_id FROM " LINK_GROUP_NODES "%zu WHERE ", i);
        } else {
            link_emitter e = node_emitters[i];
            sbuf_reset(&from);
            sbuf_puts(&from, "(");
            rel(e.from, ctx, &from);
            sbuf_puts(&from, ")");
            e.from = from.data;
            sbuf_puts(out, "SELECT node_id FROM (");
            node_rows(&e, out, false);
            sbuf_puts(out, ") WHERE ");
        }
        given_back_sql(false, out);
    }
    if (count == 0)
        sbuf_puts(out, "SELECT NULL::BIGINT AS node_id WHERE false");
    sbuf_free(&from);
}

bool link_referenced_kind_at(size_t i, link_referenced_kind *out)
{
    for (int edge = 0; edge < 2; edge++) {
        const link_emitter *tab = edge ? edge_emitters : node_emitters;
        size_t n = edge ? link_edge_emitter_count() : link_node_emitter_count();
        for (size_t j = 0; j < n; j++) {
            if (!rows_referenced(tab, n, j))
                continue;
            if (i-- == 0) {
                *out = (link_referenced_kind){edge, tab[j].kind, tab[j].from, tab[j].where,
                                              edge ? NULL : tab[j].id};
                return true;
            }
        }
    }
    return false;
}
