/*
 * link_norm.c — normalize: the views the rules read and the normalize datasets, as rows of
 * SQL run in order (later rows read earlier ones).
 *
 * Row format of norm_steps[]: name, what (VIEW: a temporary view, evaluated where read;
 * TABLE: materialised once because several readers use it; DATASET: a registry dataset
 * written through the store), and the SELECT. Inputs are the extraction datasets, visible
 * as views of their own names over the output's Parquet parts (link.c).
 *
 * Scopes. A name's scope is the innermost scope-owning AST node (Module, def, class,
 * lambda, comprehension) whose span contains it, minus the parts of the owner that
 * CPython evaluates in the enclosing scope (decorators, bases, keywords, defaults,
 * argument and return annotations, a comprehension's first iterable). AST owners are
 * matched to symtable scopes by (file, scope name, line, ordinal). Containment is an
 * equi-join on the file with a range test (a hash join per file; a range join over global
 * positions of the whole repository cost 75x more).
 *
 * Reaching definitions (defect §8.19 fixed) are not computed here: the CPython lens writes
 * py_bc_def_use_events_v1 and py_bc_reaches_v1 (a gen/kill fixed point per code unit in C,
 * src/lens/cpython_df.c); as a recursive CTE here they took minutes on the stdlib.
 */
#include "link_int.h"

#define SCOPE_KINDS                                                                                \
    "('Module','FunctionDef','AsyncFunctionDef','ClassDef','Lambda','ListComp','SetComp',"         \
    "'DictComp','GeneratorExp')"

static const link_norm_step steps[] = {
    {"lk_files", LINK_TABLE,
     "SELECT file_id, path, size_bytes, row_number() OVER (ORDER BY path) AS file_ord "
     "FROM repo_files_v1",
     LINK_FILE},
    /* Scope owners with their symtable scope and span within the file (the module's span
     * is the whole file, widened by one byte at each end so every position is inside). */
    {"lk_scopes", LINK_TABLE,
     "WITH own AS (SELECT a.file_id, a.ast_idx, a.kind, a.bstart, a.bend, "
     "  CASE a.kind WHEN 'Module' THEN 'top' WHEN 'Lambda' THEN 'lambda' "
     "  WHEN 'ListComp' THEN 'listcomp' WHEN 'SetComp' THEN 'setcomp' "
     "  WHEN 'DictComp' THEN 'dictcomp' WHEN 'GeneratorExp' THEN 'genexpr' ELSE a.name END "
     "  AS scope_name, CASE a.kind WHEN 'Module' THEN 0 ELSE a.lineno END AS line "
     "  FROM py_ast_nodes_v1 a WHERE a.kind IN " SCOPE_KINDS "), "
     "o AS (SELECT *, row_number() OVER (PARTITION BY file_id, scope_name, line "
     "  ORDER BY ast_idx) AS k FROM own), "
     "s AS (SELECT file_id, scope_id, scope_type, scope_name, lineno, row_number() OVER "
     "  (PARTITION BY file_id, scope_name, lineno ORDER BY table_id) AS k "
     "  FROM py_sym_scopes_v1) "
     "SELECT o.file_id, o.ast_idx, o.kind, s.scope_id, s.scope_type, "
     "  CASE WHEN o.kind = 'Module' THEN -1 ELSE o.bstart END AS sstart, "
     "  CASE WHEN o.kind = 'Module' THEN f.size_bytes + 1 ELSE o.bend END AS send "
     "FROM o JOIN s ON s.file_id = o.file_id AND s.scope_name = o.scope_name "
     "  AND s.lineno = o.line AND s.k = o.k JOIN lk_files f ON f.file_id = o.file_id",
     LINK_FILE},
    /* Parts of an owner evaluated in the enclosing scope. */
    {"lk_exterior", LINK_TABLE,
     "WITH c AS (SELECT file_id, ast_idx, parent_ast_idx, field_name, field_pos, kind, bstart, "
     "  bend FROM py_ast_nodes_v1 WHERE field_name IN ('decorator_list','returns','bases',"
     "  'keywords','defaults','kw_defaults','annotation','iter','args','generators',"
     "  'posonlyargs','kwonlyargs','vararg','kwarg')), "
     "p AS (SELECT c.file_id, c.ast_idx, c.field_name, c.field_pos, c.kind, c.bstart, c.bend, "
     "  c.parent_ast_idx AS p_idx, q.kind AS p_kind, q.parent_ast_idx AS g_idx, "
     "  q.field_name AS p_field, q.field_pos AS p_pos "
     "  FROM c JOIN py_ast_nodes_v1 q ON q.file_id = c.file_id AND q.ast_idx = c.parent_ast_idx) "
     "SELECT p.file_id, p.p_idx AS owner_idx, p.bstart, p.bend FROM p "
     "  WHERE p.field_name IN ('decorator_list','returns','bases','keywords') "
     "  AND p.p_kind IN ('FunctionDef','AsyncFunctionDef','ClassDef') "
     "UNION ALL SELECT p.file_id, p.g_idx, p.bstart, p.bend FROM p "
     "  WHERE p.field_name IN ('defaults','kw_defaults') AND p.p_kind = 'arguments' "
     "UNION ALL SELECT p.file_id, p.g_idx, p.bstart, p.bend FROM p "
     "  WHERE p.field_name = 'iter' AND p.p_kind = 'comprehension' AND p.p_pos = 0 "
     "UNION ALL SELECT a.file_id, g.parent_ast_idx, a.bstart, a.bend FROM p a "
     "  JOIN py_ast_nodes_v1 g ON g.file_id = a.file_id AND g.ast_idx = a.g_idx "
     "  WHERE a.field_name = 'annotation' AND a.p_kind = 'arg' AND g.kind = 'arguments'",
     LINK_FILE},
    {"lk_exterior_g", LINK_TABLE,
     "SELECT s.file_id, s.scope_id, e.bstart AS sstart, e.bend AS send FROM lk_exterior e "
     "JOIN lk_scopes s ON s.file_id = e.file_id AND s.ast_idx = e.owner_idx "
     "WHERE e.bstart IS NOT NULL",
     LINK_FILE},
    /* What binds or reads a name, at one position: variable names (a CST name ref at the
     * start of an AST Name/arg of the same name), import aliases (at their statement),
     * defs and classes (at the keyword; strict: the def's own scope starts there). */
    {"lk_anchors", LINK_TABLE,
     "SELECT 'name' AS akind, n.name_ref_id AS aid, n.file_id, n.bstart AS pos, 0 AS strict, "
     "  n.name AS bind_name, CASE WHEN a.kind = 'arg' THEN 5 WHEN n.expr_ctx LIKE '%STORE' "
     "  OR n.expr_ctx LIKE '%DEL' THEN 4 ELSE 8 END AS roles "
     "  FROM py_cst_name_refs_v1 n JOIN py_ast_nodes_v1 a ON a.file_id = n.file_id "
     "  AND a.bstart = n.bstart AND a.name = n.name AND a.kind IN ('Name', 'arg') "
     "UNION ALL SELECT 'import', import_id, file_id, stmt_bstart, 0, "
     "  CASE WHEN kind = 'import' THEN coalesce(asname, split_part(name, '.', 1)) "
     "  ELSE coalesce(asname, name) END, 2 FROM py_cst_imports_v1 "
     "  WHERE NOT coalesce(is_star, false) AND stmt_bstart IS NOT NULL "
     "UNION ALL SELECT 'def', def_id, file_id, def_bstart, 1, name, 1 FROM py_cst_defs_v1 "
     "  WHERE kind <> 'lambda'",
     LINK_FILE},
    /* The innermost scope around each anchor: scopes nest, so it is the containing one
     * that starts last. Equi-join on the file, then the range test (a hash join per file,
     * not a range join over the whole repository). */
    {"lk_anchor_scope", LINK_TABLE,
     "WITH cand AS (SELECT a.akind, a.aid, s.scope_id, s.sstart FROM lk_anchors a "
     "  JOIN lk_scopes s ON s.file_id = a.file_id AND a.pos - a.strict >= s.sstart "
     "  AND a.pos < s.send), "
     "outside AS (SELECT a.akind, a.aid, e.scope_id FROM lk_anchors a JOIN lk_exterior_g e "
     "  ON e.file_id = a.file_id AND a.pos >= e.sstart AND a.pos < e.send) "
     "SELECT akind, aid, arg_max(scope_id, sstart) AS scope_id FROM cand "
     "WHERE NOT EXISTS (SELECT 1 FROM outside o WHERE o.akind = cand.akind "
     "  AND o.aid = cand.aid AND o.scope_id = cand.scope_id) GROUP BY akind, aid",
     LINK_FILE},
    {"lk_name_scope", LINK_VIEW,
     "SELECT n.name_ref_id, n.file_id, n.path, n.bstart, n.bend, a.bind_name, a.roles, "
     "s.scope_id FROM lk_anchor_scope s JOIN lk_anchors a ON a.akind = s.akind "
     "AND a.aid = s.aid JOIN py_cst_name_refs_v1 n ON n.name_ref_id = s.aid "
     "WHERE s.akind = 'name'",
     LINK_FILE},
    {"lk_import_scope", LINK_VIEW,
     "SELECT i.import_id, i.file_id, i.path, i.alias_bstart, i.alias_bend, a.bind_name, "
     "s.scope_id FROM lk_anchor_scope s JOIN lk_anchors a ON a.akind = s.akind "
     "AND a.aid = s.aid JOIN py_cst_imports_v1 i ON i.import_id = s.aid "
     "WHERE s.akind = 'import'",
     LINK_FILE},
    {"lk_def_scope", LINK_VIEW,
     "SELECT d.def_id, d.file_id, d.path, d.name_bstart, d.name_bend, a.bind_name, "
     "s.scope_id FROM lk_anchor_scope s JOIN lk_anchors a ON a.akind = s.akind "
     "AND a.aid = s.aid JOIN py_cst_defs_v1 d ON d.def_id = s.aid WHERE s.akind = 'def'",
     LINK_FILE},
    /* SCIP occurrences on byte spans: the SCIP lens mapped them (UTF-16/UTF-8/UTF-32 as
     * each document says); the ones it could not map are in scip_span_errors_v1. */
    {"lk_scip_occurrences", LINK_TABLE,
     "SELECT o.occurrence_id, o.document_id, o.path, o.symbol, o.symbol_roles, o.bstart, "
     "  o.bend FROM scip_occurrences_v1 o WHERE o.bstart IS NOT NULL AND o.bend IS NOT NULL",
     LINK_REPO},

    /* ---- normalize datasets ---- */
    {"dim_qualified_names_v1", LINK_DATASET,
     "SELECT pycpg_id('qname', qname) AS qname_id, qname FROM ("
     "  SELECT q.name AS qname FROM (SELECT unnest(callee_qnames) AS q FROM py_cst_callsites_v1)"
     "  UNION SELECT q.name FROM (SELECT unnest(qnames) AS q FROM py_cst_defs_v1)"
     "  UNION SELECT q.name FROM (SELECT unnest(qnames) AS q FROM py_cst_decorators_v1)) "
     "WHERE qname IS NOT NULL AND qname <> '' ORDER BY qname",
     LINK_REPO},
    {"callsite_qname_candidates_v1", LINK_DATASET,
     "SELECT call_id, q.name AS qname, path, call_bstart, call_bend, q.source AS qname_source, "
     "  pycpg_id('qname', q.name) AS qname_id, "
     "  CASE q.source WHEN 'QualifiedNameSource.LOCAL' THEN 1.0 "
     "  WHEN 'QualifiedNameSource.IMPORT' THEN 0.9 WHEN 'QualifiedNameSource.BUILTIN' THEN 0.8 "
     "  ELSE 0.5 END AS score "
     "FROM (SELECT call_id, path, call_bstart, call_bend, unnest(callee_qnames) AS q "
     "  FROM py_cst_callsites_v1) WHERE q.name IS NOT NULL AND q.name <> '' "
     "ORDER BY path, call_bstart, call_id, qname, qname_source",
     LINK_BOTH},
    {"type_exprs_norm_v1", LINK_DATASET,
     "SELECT file_id, path, bstart, bend, type_expr_id, owner_def_id, param_name, expr_kind, "
     "  expr_role, expr_text, trim(expr_text) AS type_repr, "
     "  pycpg_id('type', trim(expr_text)) AS type_id "
     "FROM py_cst_type_exprs_v1 WHERE trim(coalesce(expr_text, '')) <> '' "
     "ORDER BY type_expr_id",
     LINK_BOTH},
    {"type_nodes_v1", LINK_DATASET,
     "SELECT type_id, min(type_repr) AS type_repr, 'annotation' AS type_form, "
     "  'annotation' AS origin FROM type_exprs_norm_v1 GROUP BY type_id ORDER BY type_id",
     LINK_REPO},
    {"py_bc_blocks_norm_v1", LINK_DATASET,
     "SELECT file_id, path, block_id, code_unit_id, start_offset, end_offset, kind "
     "FROM py_bc_blocks_v1 ORDER BY code_unit_id, block_id",
     LINK_FILE},
    {"py_bc_cfg_edges_norm_v1", LINK_DATASET,
     "SELECT file_id, path, edge_id, code_unit_id, src_block_id, dst_block_id, kind, "
     "  cond_instr_id, exc_index FROM py_bc_cfg_edges_v1 ORDER BY code_unit_id, edge_id",
     LINK_FILE},
    {"diagnostics_norm_v1", LINK_DATASET,
     "SELECT file_id, path, bstart, bend, pycpg_id('diag', path, coalesce(CAST(bstart AS "
     "  VARCHAR), 'None'), coalesce(CAST(bend AS VARCHAR), 'None'), diag_source, message) "
     "  AS diag_id, severity, message, diag_source, code, details FROM ("
     "  SELECT file_id, path, start_byte AS bstart, end_byte AS bend, 'ERROR' AS severity, "
     "  'tree-sitter error node' AS message, 'treesitter' AS diag_source, NULL AS code, "
     "  NULL AS details FROM ts_errors_v1 "
     "  UNION ALL SELECT file_id, path, start_byte, end_byte, 'WARNING', "
     "  'tree-sitter missing node: ' || ts_type, 'treesitter', NULL, NULL FROM ts_missing_v1 "
     "  UNION ALL SELECT file_id, path, bstart, bend, 'ERROR', message, 'cst', NULL, "
     "  '[{\"detail_kind\":\"cst_parse_error\",\"error_type\":' || to_json(error_type) || '}]' "
     "  FROM py_cst_parse_errors_v1 "
     "  UNION ALL SELECT e.file_id, e.path, l.line_start_byte, l.line_start_byte, 'ERROR', "
     "  e.message, 'py_ast', e.error_type, NULL FROM py_ast_errors_v1 e "
     "  LEFT JOIN file_line_index_v1 l ON l.file_id = e.file_id AND l.line_no = e.lineno - 1 "
     "  UNION ALL SELECT file_id, path, NULL, NULL, 'ERROR', message, 'dis', error_type, NULL "
     "  FROM py_bc_errors_v1 "
     "  UNION ALL SELECT file_id, path, bstart, bstart, upper(severity), message, 'pipeline', "
     "  lens || ':' || error_code, NULL FROM file_errors_v1) "
     "QUALIFY row_number() OVER (PARTITION BY diag_id ORDER BY severity, code) = 1 "
     "ORDER BY diag_id",
     LINK_FILE},
    /* span errors of the lenses per file, SCIP's repository-wide (two steps, one dataset) */
    {"span_errors_v1", LINK_DATASET,
     "SELECT * FROM (SELECT CAST(NULL AS BIGINT) AS document_id, path, "
     "  'py_ast_nodes_v1' AS source_dataset, pycpg_ast_id(file_id, ast_idx) AS row_key, "
     "  'line_col_to_byte_failed' AS reason, "
     "  lineno || ':' || col_offset || '-' || end_lineno || ':' || end_col_offset AS detail "
     "  FROM py_ast_nodes_v1 WHERE lineno IS NOT NULL AND bstart IS NULL "
     "  UNION ALL SELECT NULL, path, 'py_bc_instructions_v1', instr_id, "
     "  'line_col_to_byte_failed', pos_start_line || ':' || pos_start_col || '-' || "
     "  pos_end_line || ':' || pos_end_col FROM py_bc_instructions_v1 "
     "  WHERE pos_start_line IS NOT NULL AND pos_start_col IS NOT NULL AND bstart IS NULL) "
     "ORDER BY source_dataset, path, row_key, reason",
     LINK_FILE},
    {"span_errors_v1", LINK_DATASET,
     "SELECT document_id, path, 'scip_occurrences_v1' AS source_dataset, occurrence_id AS row_key, "
     "  reason, detail FROM scip_span_errors_v1 ORDER BY path, row_key, reason",
     LINK_REPO},

    /* ---- evidence for the kinds added in issue 6 (read by link_emit.c's later rows) ---- */
    /* Every (scope, ancestor, depth) of the symtable scope tree (depth 1 = parent). */
    {"lk_scope_up", LINK_TABLE,
     "WITH RECURSIVE up(scope_id, anc_id, depth) AS (SELECT child_scope_id, parent_scope_id, 1 "
     "  FROM py_sym_scope_edges_v1 UNION ALL SELECT u.scope_id, e.parent_scope_id, u.depth + 1 "
     "  FROM up u JOIN py_sym_scope_edges_v1 e ON e.child_scope_id = u.anc_id) "
     "SELECT * FROM up",
     LINK_FILE},
    /* BINDING_RESOLVES_TO: a symbol of an inner scope that does not bind locally, to the
     * symbol that binds it. FREE/NONLOCAL: the nearest enclosing non-class scope where the
     * name is local (CPython's closure rule); GLOBAL (declared or implicit): the module
     * scope's symbol of that name when the module binds it (assigns, defines or imports).
     * Names bound nowhere (builtins, the implicit __class__ cell) resolve to nothing. */
    /* The symbols that resolve elsewhere, materialised: inlined into the query below as a
     * CTE, DuckDB joined every ancestor's symbols first (126 s on the stdlib, 0.3 s now). */
    {"lk_free_syms", LINK_TABLE,
     "SELECT s.file_id, s.path, s.symbol_row_id, s.scope_id, s.name, CASE WHEN "
     "  s.is_nonlocal THEN 'NONLOCAL' WHEN s.is_free THEN 'FREE' ELSE 'GLOBAL' END AS kind "
     "FROM py_sym_symbols_v1 s JOIN py_sym_scopes_v1 c ON c.scope_id = s.scope_id "
     "WHERE c.scope_type <> 'module' AND (s.is_free OR s.is_nonlocal OR s.is_global)",
     LINK_FILE},
    {"lk_binding_resolves", LINK_TABLE,
     "WITH m AS (SELECT t.file_id, t.name, t.symbol_row_id FROM py_sym_symbols_v1 t "
     "  JOIN py_sym_scopes_v1 a ON a.scope_id = t.scope_id WHERE a.scope_type = 'module' "
     "  AND (t.is_assigned OR t.is_imported)), "
     "anc AS (SELECT r.file_id, r.path, r.symbol_row_id, r.kind, r.name, u.anc_id, u.depth "
     "  FROM lk_free_syms r JOIN lk_scope_up u ON u.scope_id = r.scope_id "
     "  JOIN py_sym_scopes_v1 a ON a.scope_id = u.anc_id "
     "  WHERE r.kind <> 'GLOBAL' AND a.scope_type NOT IN ('class', 'module')) "
     "SELECT r.file_id, r.path, r.symbol_row_id, r.kind, m.symbol_row_id AS target_row_id, "
     "  CAST(NULL AS BIGINT) AS depth FROM lk_free_syms r JOIN m ON m.file_id = r.file_id "
     "  AND m.name = r.name WHERE r.kind = 'GLOBAL' "
     "UNION ALL SELECT anc.file_id, anc.path, anc.symbol_row_id, anc.kind, "
     "  arg_min(t.symbol_row_id, anc.depth), min(anc.depth) "
     "FROM anc JOIN py_sym_symbols_v1 t ON t.scope_id = anc.anc_id AND t.name = anc.name "
     "WHERE t.is_local GROUP BY anc.file_id, anc.path, anc.symbol_row_id, anc.kind",
     LINK_FILE},
    /* Qualified-name candidates of a call, with its callee's span: the candidates of a NAME
     * callee are the name ref's, of an ATTRIBUTE callee the attribute access's. */
    {"lk_callee_candidates", LINK_TABLE,
     "SELECT c.file_id, q.path, q.call_id, c.callee_shape, c.callee_bstart, c.callee_bend, "
     "  q.qname_id, q.qname_source, q.score FROM callsite_qname_candidates_v1 q "
     "JOIN py_cst_callsites_v1 c ON c.call_id = q.call_id "
     "WHERE c.callee_shape IN ('NAME', 'ATTRIBUTE') AND c.callee_bstart IS NOT NULL",
     LINK_FILE},
};

size_t link_step_count(void)
{
    return sizeof steps / sizeof steps[0];
}

const link_norm_step *link_step_at(size_t i)
{
    return i < link_step_count() ? &steps[i] : NULL;
}
