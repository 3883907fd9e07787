/*
 * registry_data.c — the data of the registry: every family and every dataset pycpg writes,
 * declared once (registry.h explains the model; registry.c expands and serves it).
 *
 * This file holds only tables. Adding a dataset is one `<dataset>_fields` array and one row
 * of registry_defs; adding a column is one line. Nothing here runs.
 *
 * Row format.
 *   registry_families[]  name, stage, evidence_rank, confidence, coordinate_system, doc.
 *                        evidence_rank 0 = the family does not rank evidence, so its datasets
 *                        get no evidence_rank/confidence columns at expansion.
 *   <dataset>_fields[]   the dataset's own columns in output order: name, logical type,
 *                        flags (REG_REQUIRED: a correct producer always fills it; REG_DICT:
 *                        low-cardinality string), one-line doc (meaning, unit, base).
 *   registry_defs[]      name, version, family, bundle, fields, join_keys, row_doc.
 *
 * Output columns of a dataset = bundle columns (file_id, path[, file_sha256]) ++ fields ++
 * [evidence_rank, confidence] (ranked families only). So the bundle columns and the
 * rank/confidence pair never appear in a fields array, except where a dataset places
 * file_id/path itself (repo_files_v1, and later-stage tables where they may be NULL).
 *
 * Invariants (checked by tests/unit/test_registry_data.c):
 *   - dataset names are unique; every family named exists in registry_families;
 *   - no column name repeats within an expanded dataset;
 *   - every join key names a column of the expanded dataset;
 *   - every column whose name ends in "_id" is RT_BIGINT (pycpg stores ids as BIGINT,
 *     not the reference's "prefix:decimal" strings; docs/ids.md);
 *   - REG_DICT only on RT_VARCHAR columns.
 *
 * Sources: extract_datasets.md §1-§11 and §15 (extraction), §14 (fixes applied: diagnostic_id
 * declared, symtable ids are per-file ordinals, py_bc_cfg_edges_v1 outputs edge_key);
 * cpg_pipeline.md §3.13, §3.9-3.10 (normalize), §4.4 (relspec), §5.5 (cpg).
 *
 * Divisions:
 *   1. families
 *   2. extraction datasets, in the order of extract_datasets.md §1 (rows 1-36)
 *   3. repo_scan additions (file_line_index_v1) and pycpg's diagnostics (file_errors_v1);
 *      the CST additions (py_cst_docstrings_v1, py_cst_decorators_v1) are declared with the
 *      CST family in division 2 and listed after the 36 in the dataset table
 *   4. normalize outputs
 *   5. relspec outputs
 *   6. cpg outputs
 *   7. the dataset table
 */
#include "registry.h"

/* A column row, written as designated initialisers. */
#define COL(name_, type_, flags_, doc_)                                                            \
    {                                                                                              \
        .name = (name_), .type = (type_), .flags = (flags_), .doc = (doc_)                         \
    }
/* A column stored sparse whose value is a recipe in SQL only (reg_column.derive). */
#define DCOL(name_, type_, flags_, doc_, derive_)                                                  \
    {                                                                                              \
        .name = (name_), .type = (type_), .flags = (flags_), .doc = (doc_), .derive = (derive_)    \
    }
/* A column stored sparse whose value is an id recipe over its row (reg_column.recipe): the
 * prefix, then the parts. */
#define RCOL(name_, type_, flags_, doc_, prefix_, ...)                                             \
    {                                                                                              \
        .name = (name_), .type = (type_), .flags = (flags_), .doc = (doc_),                        \
        .recipe = &(const reg_id_recipe)                                                           \
        {                                                                                          \
            .prefix = (prefix_), .parts = { __VA_ARGS__ }                                          \
        }                                                                                          \
    }
#define PART(col_)                                                                                 \
    {                                                                                              \
        .column = (col_)                                                                           \
    }
#define REF(col_, ref_)                                                                            \
    {                                                                                              \
        .column = (col_), .lead = ref_ ":"                                                         \
    } /* a reference: "ref:<id>" */
#define FILE_REF REF("file_id", "file")
#define UNIT_REF REF("code_unit_id", "bc_code")
#define REQ      REG_REQUIRED
#define DICT     REG_DICT

/* ---- 1. families ------------------------------------------------------------------- */

const reg_family registry_families[] = {
    {.name = "scip",
     .stage = "extract",
     .evidence_rank = 1,
     .confidence = 1.0f,
     .coordinate_system = "line_col",
     .doc = "SCIP index from scip-python: symbols and occurrences; 0-based lines, encoded chars"},
    {.name = "symtable",
     .stage = "extract",
     .evidence_rank = 2,
     .confidence = 1.0f,
     .coordinate_system = "line",
     .doc = "CPython symtable: scopes, symbols and their binding flags"},
    {.name = "cst",
     .stage = "extract",
     .evidence_rank = 3,
     .confidence = 1.0f,
     .coordinate_system = "bytes",
     .doc = "concrete syntax facts (names, imports, calls, defs, annotations) with byte spans"},
    {.name = "ast",
     .stage = "extract",
     .evidence_rank = 4,
     .confidence = 1.0f,
     .coordinate_system = "line_col",
     .doc = "CPython ast: node tree with 1-based lines and UTF-8 byte columns"},
    {.name = "bytecode",
     .stage = "extract",
     .evidence_rank = 5,
     .confidence = 1.0f,
     .coordinate_system = "offsets",
     .doc = "CPython compile + dis: code objects, instructions, exception table, CFG"},
    {.name = "tree_sitter",
     .stage = "extract",
     .evidence_rank = 6,
     .confidence = 1.0f,
     .coordinate_system = "bytes",
     .doc = "tree-sitter-python parse: every node, error and missing node, raw byte spans"},
    {.name = "runtime_inspect",
     .stage = "extract",
     .evidence_rank = 7,
     .confidence = 1.0f,
     .coordinate_system = "none",
     .doc = "opt-in, sandboxed import + inspect of allow-listed modules"},
    {.name = "repo_scan",
     .stage = "extract",
     .evidence_rank = 8,
     .confidence = 1.0f,
     .coordinate_system = "path",
     .doc = "repository scan: selected files, their bytes, hash, encoding and line index"},
    {.name = "normalize",
     .stage = "normalize",
     .evidence_rank = 0,
     .confidence = 1.0f,
     .coordinate_system = "bytes",
     .doc = "evidence made join-ready: byte spans, dimension tables, bytecode CFG/DFG"},
    {.name = "relspec",
     .stage = "relspec",
     .evidence_rank = 0,
     .confidence = 1.0f,
     .coordinate_system = "bytes",
     .doc = "contracted relationship outputs of the level-1 relationship rules (rel_*)"},
    {.name = "cpg",
     .stage = "cpg",
     .evidence_rank = 0,
     .confidence = 1.0f,
     .coordinate_system = "bytes",
     .doc = "the final code property graph: nodes, edges, properties"},
    {.name = "flows",
     .stage = "flows",
     .evidence_rank = 0,
     .confidence = 1.0f,
     .coordinate_system = "bytes",
     .doc = "taint flows (src/flows): findings and the value-flow graph; empty unless "
            "`pycpg flows OUT --save` wrote them"},
    {.name = "pipeline",
     .stage = "pipeline",
     .evidence_rank = 0,
     .confidence = 1.0f,
     .coordinate_system = "none",
     .doc = "pycpg's own diagnostics about the run and the files it met"},
};
const size_t registry_nfamilies = sizeof registry_families / sizeof registry_families[0];

/* ---- 2. extraction datasets --------------------------------------------------------- */

/* 1. repo_files_v1 (repo_scan; lists its identity columns itself, §4.3) */
static const reg_column repo_files_v1_fields[] = {
    COL("file_id", RT_BIGINT, REQ, "file id: id of (\"file\", [repo_id], path), docs/ids.md"),
    COL("path", RT_VARCHAR, REQ, "repo-relative POSIX path ('/' separators, no leading ./)"),
    COL("file_sha256", RT_VARCHAR, 0, "lowercase hex SHA-256 of the raw bytes; NULL if unread"),
    COL("abs_path", RT_VARCHAR, 0, "absolute path of the file as opened"),
    COL("size_bytes", RT_BIGINT, 0, "file size in bytes"),
    COL("id_prefix", RT_BIGINT, 0,
        "the file's prefix of file-local ids (ts_node_id, instr_id, AST node ids): unique in "
        "the build, by default file_id >> 31 (docs/ids.md)"),
    COL("encoding", RT_VARCHAR, DICT,
        "source codec as CPython's tokenizer names it (utf-8, utf-8-sig, cookie codec)"),
    COL("text", RT_VARCHAR, 0, "decoded text as UTF-8 (BOM stripped, invalid bytes -> U+FFFD)"),
    COL("bytes", RT_BLOB, 0, "raw file bytes"),
};

/* 2. py_ast_nodes_v1 (§5.3) */
static const reg_column py_ast_nodes_v1_fields[] = {
    COL("ast_idx", RT_INTEGER, REQ, "0-based node index within the file, assigned by the walk"),
    COL("parent_ast_idx", RT_INTEGER, 0, "ast_idx of the parent being walked; NULL for Module"),
    COL("field_name", RT_VARCHAR, DICT, "parent field holding this node; NULL for the root"),
    COL("field_pos", RT_INTEGER, 0, "0-based index in a list field (0 for scalar); NULL for root"),
    COL("kind", RT_VARCHAR, DICT, "ast node class name (FunctionDef, Name, Load, ...)"),
    COL("name", RT_VARCHAR, 0, "name/id/arg/attr of the node where it has one, else NULL"),
    COL("value_repr", RT_VARCHAR, 0, "Python repr() of Constant.value; NULL for other kinds"),
    COL("lineno", RT_INTEGER, 0, "start line, 1-based; NULL if the node has no position"),
    COL("col_offset", RT_INTEGER, 0, "start column in UTF-8 bytes of the decoded line, 0-based"),
    COL("end_lineno", RT_INTEGER, 0, "end line, 1-based; NULL if the node has no position"),
    COL("end_col_offset", RT_INTEGER, 0, "end column in UTF-8 bytes of the line, exclusive"),
    COL("bstart", RT_BIGINT, 0, "raw file byte offset of the node's start; NULL without position"),
    COL("bend", RT_BIGINT, 0, "raw file byte offset of the node's end, exclusive"),
};

/* ast_defs_v1 (§5.6): the def/class rows of py_ast_nodes_v1, as their own dataset */
#define ast_defs_v1_fields py_ast_nodes_v1_fields

/* 3. py_ast_edges_v1 (§5.4) */
static const reg_column py_ast_edges_v1_fields[] = {
    COL("parent_ast_idx", RT_INTEGER, REQ, "ast_idx of the parent node"),
    COL("child_ast_idx", RT_INTEGER, REQ, "ast_idx of the child node"),
    COL("field_name", RT_VARCHAR, REQ | DICT, "parent field that holds the child"),
    COL("field_pos", RT_INTEGER, REQ, "0-based index in a list field (0 for a scalar field)"),
};

/* 4. py_ast_errors_v1 (§5.5) */
static const reg_column py_ast_errors_v1_fields[] = {
    COL("error_type", RT_VARCHAR, REQ | DICT, "exception class (SyntaxError, ValueError, ...)"),
    COL("message", RT_VARCHAR, REQ, "str() of the exception"),
    COL("lineno", RT_INTEGER, 0, "error line, 1-based; NULL when not reported"),
    COL("offset", RT_INTEGER, 0, "error column in code points, 1-based (SyntaxError.offset)"),
    COL("end_lineno", RT_INTEGER, 0, "error end line, 1-based; NULL when not reported"),
    COL("end_offset", RT_INTEGER, 0, "error end column in code points, 1-based; may be 0"),
};

/* 5. py_cst_parse_manifest_v1 (§6.4) */
static const reg_column py_cst_parse_manifest_v1_fields[] = {
    COL("encoding", RT_VARCHAR, DICT, "source codec of the module (utf-8, cookie codec)"),
    COL("default_indent", RT_VARCHAR, DICT, "inferred indentation unit (e.g. four spaces)"),
    COL("default_newline", RT_VARCHAR, DICT, "dominant newline: \\n, \\r\\n or \\r"),
    COL("has_trailing_newline", RT_BOOLEAN, 0, "whether the file ends with a newline"),
    COL("future_imports", RT_VARCHAR_LIST, 0, "names imported from __future__"),
    COL("module_name", RT_VARCHAR, 0, "dotted module name from the repo-relative path"),
    COL("package_name", RT_VARCHAR, 0, "dotted package containing the module"),
    COL("line_count", RT_INTEGER, 0,
        "number of lines (\\n, \\r\\n, \\r; a last line without one counts)"),
    COL("has_syntax_errors", RT_BOOLEAN, 0, "tree-sitter found ERROR or MISSING nodes"),
    COL("module_docstring", RT_VARCHAR, 0, "source literal of the module docstring, or NULL"),
};

/* 6. py_cst_parse_errors_v1 (§6.5) */
static const reg_column py_cst_parse_errors_v1_fields[] = {
    COL("error_type", RT_VARCHAR, REQ | DICT,
        "ERROR (tree-sitter skipped input) or MISSING (tree-sitter inserted a token)"),
    COL("message", RT_VARCHAR, REQ, "what went wrong, with the offending text"),
    COL("raw_line", RT_INTEGER, REQ, "error line, 1-based"),
    COL("raw_column", RT_INTEGER, REQ, "error column in characters, 0-based"),
    COL("meta", RT_KV_LIST, 0, "extra key/values: raw_line, raw_column as text"),
    COL("bstart", RT_BIGINT, 0, "file byte offset of the error, start inclusive"),
    COL("bend", RT_BIGINT, 0, "file byte offset of the error, end exclusive"),
};

/* 7. py_cst_name_refs_v1 (§6.6) */
static const reg_column py_cst_name_refs_v1_fields[] = {
    COL("name_ref_id", RT_BIGINT, REQ,
        "file-local id: (file's id prefix << 31) | (0 << 28) | the name's index in the file, "
        "in the walk's order (docs/ids.md)"),
    RCOL("span_id", RT_BIGINT, 0, "id of (\"span\", file_id, bstart, bend): cross-lens span key",
         "span", FILE_REF, PART("bstart"), PART("bend")),
    COL("name", RT_VARCHAR, 0, "identifier text"),
    COL("expr_ctx", RT_VARCHAR, DICT,
        "expression context: ExpressionContext.LOAD / .STORE / .DEL, or NULL"),
    COL("bstart", RT_BIGINT, REQ, "file byte offset of the name, start inclusive"),
    COL("bend", RT_BIGINT, REQ, "file byte offset of the name, end exclusive"),
};

/* 8. py_cst_imports_v1 (§6.7) */
static const reg_column py_cst_imports_v1_fields[] = {
    COL("import_id", RT_BIGINT, REQ,
        "id of (\"cst_import\", file_id, kind, alias_bstart, alias_bend)"),
    COL("span_id", RT_BIGINT, 0, "id of (\"span\", file_id, alias_bstart, alias_bend)"),
    COL("kind", RT_VARCHAR, REQ | DICT, "statement kind: import or importfrom"),
    COL("module", RT_VARCHAR, 0, "dotted module of a from-import; NULL for import / from ."),
    COL("relative_level", RT_INTEGER, 0, "number of leading dots (0 for absolute / import)"),
    COL("name", RT_VARCHAR, 0, "dotted imported name (a.b), or *"),
    COL("asname", RT_VARCHAR, 0, "alias target of 'as', or NULL"),
    COL("is_star", RT_BOOLEAN, 0, "true for 'from m import *'"),
    COL("resolved_name", RT_VARCHAR, 0,
        "absolute dotted target (relative levels resolved against the file's package)"),
    COL("stmt_bstart", RT_BIGINT, 0, "file byte offset of the import statement, start"),
    COL("stmt_bend", RT_BIGINT, 0, "file byte offset of the import statement, end exclusive"),
    COL("alias_bstart", RT_BIGINT, REQ, "file byte offset of 'name [as asname]', start"),
    COL("alias_bend", RT_BIGINT, REQ, "file byte offset of 'name [as asname]', end exclusive"),
};

/* 9. py_cst_callsites_v1 (§6.8; the call_span columns come first) */
static const reg_column py_cst_callsites_v1_fields[] = {
    COL("call_bstart", RT_BIGINT, REQ, "file byte offset of the whole call, start inclusive"),
    COL("call_bend", RT_BIGINT, REQ, "file byte offset of the whole call, end exclusive"),
    RCOL("call_id", RT_BIGINT, REQ, "id of (\"cst_call\", file_id, call_bstart, call_bend)",
         "cst_call", FILE_REF, PART("call_bstart"), PART("call_bend")),
    RCOL("span_id", RT_BIGINT, 0, "id of (\"span\", file_id, call_bstart, call_bend)", "span",
         FILE_REF, PART("call_bstart"), PART("call_bend")),
    COL("callee_bstart", RT_BIGINT, 0, "file byte offset of the callee expression, start"),
    COL("callee_bend", RT_BIGINT, 0, "file byte offset of the callee expression, end exclusive"),
    COL("callee_shape", RT_VARCHAR, DICT, "callee form: NAME, ATTRIBUTE, SUBSCRIPT, CALL or OTHER"),
    COL("callee_text", RT_VARCHAR, 0, "source text of the callee expression"),
    COL("arg_count", RT_INTEGER, 0, "number of arguments (positional, keyword, * and **)"),
    COL("positional_count", RT_INTEGER, 0, "plain positional arguments"),
    COL("keyword_count", RT_INTEGER, 0, "name=value arguments"),
    COL("star_count", RT_INTEGER, 0, "*iterable arguments"),
    COL("double_star_count", RT_INTEGER, 0, "**mapping arguments"),
    COL("callee_dotted", RT_VARCHAR, 0, "dotted name of the callee (a.b.c), or NULL"),
    COL("callee_qnames", RT_QNAME_LIST, 0,
        "qualified-name candidates {name, source} of the callee, sorted"),
};

/* 10. py_cst_defs_v1 (§6.9) */
static const reg_column py_cst_defs_v1_fields[] = {
    COL("def_id", RT_BIGINT, REQ, "id of (\"cst_def\", file_id, kind, def_bstart, def_bend)"),
    COL("container_def_id", RT_BIGINT, 0, "def_id of the enclosing def/class; NULL at top"),
    COL("span_id", RT_BIGINT, 0, "id of (\"span\", file_id, def_bstart, def_bend)"),
    COL("kind", RT_VARCHAR, REQ | DICT, "function, async_function, class or lambda"),
    COL("name", RT_VARCHAR, 0, "defined identifier (<lambda> for a lambda)"),
    COL("def_bstart", RT_BIGINT, REQ, "file byte offset of def/async/class keyword (no decos)"),
    COL("def_bend", RT_BIGINT, REQ, "file byte offset of the end of the body, exclusive"),
    COL("name_bstart", RT_BIGINT, 0, "file byte offset of the name token, start"),
    COL("name_bend", RT_BIGINT, 0, "file byte offset of the name token, end exclusive"),
    COL("qnames", RT_QNAME_LIST, 0, "qualified names {name, source} of the definition"),
    COL("qualname", RT_VARCHAR, 0, "CPython __qualname__ (C.m, f.<locals>.g, <lambda>)"),
    COL("decorators", RT_VARCHAR_LIST, 0, "decorator expressions' dotted names (or text)"),
};

/* 11. py_cst_type_exprs_v1 (§6.10) */
static const reg_column py_cst_type_exprs_v1_fields[] = {
    COL("type_expr_id", RT_BIGINT, REQ, "id of (\"cst_type_expr\", path, bstart, bend)"),
    COL("owner_def_id", RT_BIGINT, 0, "def_id of the function owning the annotation"),
    COL("span_id", RT_BIGINT, 0, "id of (\"span\", file_id, bstart, bend)"),
    COL("param_name", RT_VARCHAR, 0, "annotated parameter name; NULL for the return"),
    COL("expr_kind", RT_VARCHAR, DICT, "kind of type expression (annotation)"),
    COL("expr_role", RT_VARCHAR, DICT, "return, param or variable (annotated assignment)"),
    COL("bstart", RT_BIGINT, REQ, "file byte offset of the annotation expression, start"),
    COL("bend", RT_BIGINT, REQ, "file byte offset of the annotation expression, end exclusive"),
    COL("expr_text", RT_VARCHAR, 0, "source text of the annotation expression"),
    COL("target_text", RT_VARCHAR, 0, "annotated target of a variable annotation (x, self.x)"),
};

/* 11a. py_cst_docstrings_v1 (pycpg: the reference lacked it) */
static const reg_column py_cst_docstrings_v1_fields[] = {
    COL("docstring_id", RT_BIGINT, REQ, "id of (\"cst_docstring\", file_id, bstart, bend)"),
    COL("owner_def_id", RT_BIGINT, 0, "def_id of the documented def/class; NULL for the module"),
    COL("span_id", RT_BIGINT, 0, "id of (\"span\", file_id, bstart, bend)"),
    COL("owner_kind", RT_VARCHAR, DICT, "module, class, function or async_function"),
    COL("owner_qualname", RT_VARCHAR, 0, "__qualname__ of the owner; NULL for the module"),
    COL("bstart", RT_BIGINT, REQ, "file byte offset of the string literal(s), start"),
    COL("bend", RT_BIGINT, REQ, "file byte offset of the string literal(s), end exclusive"),
    COL("literal", RT_VARCHAR, 0, "source text of the literal, prefixes and quotes included"),
    COL("value", RT_VARCHAR, 0, "the string's value (escapes decoded, pieces joined)"),
};

/* 11b. py_cst_decorators_v1 (pycpg: the reference lacked it) */
static const reg_column py_cst_decorators_v1_fields[] = {
    COL("decorator_id", RT_BIGINT, REQ, "id of (\"cst_decorator\", file_id, bstart, bend)"),
    COL("def_id", RT_BIGINT, 0, "def_id of the decorated def/class"),
    COL("span_id", RT_BIGINT, 0, "id of (\"span\", file_id, bstart, bend)"),
    COL("def_kind", RT_VARCHAR, DICT, "function, async_function or class"),
    COL("def_name", RT_VARCHAR, 0, "name of the decorated def/class"),
    COL("decorator_index", RT_INTEGER, 0, "position among the def's decorators, 0 = topmost"),
    COL("bstart", RT_BIGINT, REQ, "file byte offset of the expression after @, start"),
    COL("bend", RT_BIGINT, REQ, "file byte offset of the expression after @, end exclusive"),
    COL("decorator_text", RT_VARCHAR, 0, "source text of the expression"),
    COL("dotted_name", RT_VARCHAR, 0, "dotted name (a.b for @a.b and @a.b(...)), or NULL"),
    COL("qnames", RT_QNAME_LIST, 0, "qualified-name candidates {name, source}, sorted"),
};

/* 12. py_bc_code_units_v1 (§7.3) */
static const reg_column py_bc_code_units_v1_fields[] = {
    COL("code_unit_id", RT_BIGINT, REQ,
        "id of (\"bc_code\", file_id, qualpath, firstlineno, co_name)"),
    COL("parent_code_unit_id", RT_BIGINT, 0, "code_unit_id of the parent; NULL for the module"),
    COL("qualpath", RT_VARCHAR, REQ, "<module>.<name>@<firstlineno>... path of code objects"),
    COL("co_name", RT_VARCHAR, REQ, "co_name (<module>, f, <lambda>, <genexpr>, ...)"),
    COL("firstlineno", RT_INTEGER, REQ, "co_firstlineno, 1-based"),
    COL("argcount", RT_INTEGER, 0, "co_argcount"),
    COL("posonlyargcount", RT_INTEGER, 0, "co_posonlyargcount"),
    COL("kwonlyargcount", RT_INTEGER, 0, "co_kwonlyargcount"),
    COL("nlocals", RT_INTEGER, 0, "co_nlocals"),
    COL("flags", RT_INTEGER, 0, "raw co_flags bit set"),
    COL("stacksize", RT_INTEGER, 0, "co_stacksize"),
    COL("code_len", RT_INTEGER, 0, "len(co_code) in bytes, inline caches included"),
};

/* 13. py_bc_instructions_v1 (§7.4) */
static const reg_column py_bc_instructions_v1_fields[] = {
    COL("instr_id", RT_BIGINT, REQ,
        "file-local id: (file's id prefix << 31) | (2 << 28) | the instruction's ordinal in "
        "the file, over its code units in code_unit order of emission (docs/ids.md)"),
    COL("code_unit_id", RT_BIGINT, REQ, "code unit holding the instruction"),
    COL("instr_index", RT_INTEGER, REQ, "0-based ordinal of the instruction in its code unit"),
    COL("offset", RT_INTEGER, REQ, "byte offset in co_code"),
    COL("opname", RT_VARCHAR, DICT, "opcode name (LOAD_FAST, ...), non-adaptive"),
    COL("opcode", RT_INTEGER, 0, "numeric opcode"),
    COL("arg", RT_INTEGER, 0, "oparg, or NULL"),
    COL("argval_str", RT_VARCHAR, 0, "str(argval), NULL when argval is None"),
    COL("argrepr", RT_VARCHAR, 0, "dis human-readable argument ('' when none)"),
    COL("is_jump_target", RT_BOOLEAN, 0, "dis: some jump lands on this instruction"),
    COL("jump_target_offset", RT_INTEGER, 0, "co_code byte offset jumped to, or NULL"),
    COL("starts_line", RT_INTEGER, 0,
        "int(Instruction.starts_line): 0/1 flag on CPython 3.13+, line or NULL before"),
    COL("pos_start_line", RT_INTEGER, 0, "positions.lineno, 1-based; NULL when absent"),
    COL("pos_end_line", RT_INTEGER, 0, "positions.end_lineno, 1-based; NULL when absent"),
    COL("pos_start_col", RT_INTEGER, 0, "positions.col_offset, UTF-8 bytes, 0-based"),
    COL("pos_end_col", RT_INTEGER, 0, "positions.end_col_offset, UTF-8 bytes, exclusive"),
    COL("bstart", RT_BIGINT, 0, "raw file byte offset of the source span start; NULL without"),
    COL("bend", RT_BIGINT, 0, "raw file byte offset of the source span end, exclusive"),
    COL("anchor_ast_idx", RT_INTEGER, 0,
        "ast_idx of the AST node whose span is exactly the instruction's (of several, the last "
        "in pre-order: the deepest); NULL when none"),
    COL("anchor_ast_kind", RT_VARCHAR, DICT, "that AST node's kind (its class name)"),
};

/* 14. py_bc_exception_table_v1 (§7.5) */
static const reg_column py_bc_exception_table_v1_fields[] = {
    COL("exc_entry_id", RT_BIGINT, REQ,
        "id of (\"bc_exc\", code_unit_id, exc_index, start, end, target offsets)"),
    COL("code_unit_id", RT_BIGINT, REQ, "code unit holding the entry"),
    COL("exc_index", RT_INTEGER, REQ, "0-based ordinal of the entry in the exception table"),
    COL("start_offset", RT_INTEGER, REQ, "co_code byte offset where the range starts"),
    COL("end_offset", RT_INTEGER, REQ, "co_code byte offset where the range ends, exclusive"),
    COL("target_offset", RT_INTEGER, REQ, "co_code byte offset of the handler"),
    COL("depth", RT_INTEGER, 0, "stack depth to restore"),
    COL("lasti", RT_BOOLEAN, 0, "whether the offset of the raising instruction is pushed"),
};

/* 15. py_bc_blocks_v1 (§7.6) */
static const reg_column py_bc_blocks_v1_fields[] = {
    RCOL("block_id", RT_BIGINT, REQ, "id of (\"bc_block\", code_unit_id, start_offset, end_offset)",
         "bc_block", UNIT_REF, PART("start_offset"), PART("end_offset")),
    COL("code_unit_id", RT_BIGINT, REQ, "code unit holding the block"),
    COL("start_offset", RT_INTEGER, REQ, "co_code byte offset of the first instruction"),
    COL("end_offset", RT_INTEGER, REQ, "co_code byte offset after the block, exclusive"),
    COL("kind", RT_VARCHAR, DICT, "entry, handler or normal"),
};

/* 16. py_bc_cfg_edges_v1 (§7.6; edge_key output per §14.7) */
static const reg_column py_bc_cfg_edges_v1_fields[] = {
    RCOL("edge_id", RT_BIGINT, REQ,
         "id of (\"bc_edge\", code_unit_id, src, dst, kind, edge_key, exc_index); never masked",
         "bc_edge", UNIT_REF, REF("src_block_id", "bc_block"), REF("dst_block_id", "bc_block"),
         PART("kind"), PART("edge_key"), {.column = "exc_index", .if_null = ID_NULL_SENTINEL}),
    COL("code_unit_id", RT_BIGINT, REQ, "code unit holding both blocks"),
    COL("src_block_id", RT_BIGINT, REQ, "block_id the edge leaves"),
    COL("dst_block_id", RT_BIGINT, REQ, "block_id the edge enters"),
    COL("kind", RT_VARCHAR, REQ | DICT, "jump, branch, next or exc"),
    COL("cond_instr_id", RT_BIGINT, 0, "instr_id of the branching instruction, or NULL"),
    COL("exc_index", RT_INTEGER, 0, "exception-table ordinal for exc edges, else NULL"),
    COL("edge_key", RT_VARCHAR, REQ,
        "discriminator: jump/branch last offset, next block end, exc entry index (decimal)"),
    COL("polarity", RT_VARCHAR, DICT,
        "outcome of the branch test along this edge: true/false (truth tests), none/not_none, "
        "exhausted/item (FOR_ITER), return/yield (SEND); NULL for other edges"),
};

/* 17. py_bc_errors_v1 (§7.7) */
static const reg_column py_bc_errors_v1_fields[] = {
    COL("error_type", RT_VARCHAR, REQ | DICT, "exception class (SyntaxError, ValueError, ...)"),
    COL("message", RT_VARCHAR, REQ, "str() of the exception"),
};

/* 18. py_sym_scopes_v1 (§8.4; table_id is a per-file ordinal, §14.1) */
static const reg_column py_sym_scopes_v1_fields[] = {
    COL("scope_id", RT_BIGINT, REQ,
        "id of (\"sym_scope\", file_id, table_id, scope_type, scope_name, lineno)"),
    COL("table_id", RT_BIGINT, REQ, "0-based pre-order ordinal of the table in the file"),
    COL("scope_type", RT_VARCHAR, DICT, "module, function, class, annotation, type alias, ..."),
    COL("scope_name", RT_VARCHAR, 0, "table name (top for the module)"),
    COL("lineno", RT_INTEGER, 0, "first line of the block, 1-based (0 for the module)"),
    COL("is_nested", RT_BOOLEAN, 0, "table is nested in a function"),
    COL("is_optimized", RT_BOOLEAN, 0, "locals are optimised (fast locals)"),
    COL("has_children", RT_BOOLEAN, 0, "table has child tables"),
    COL("scope_role", RT_VARCHAR, DICT, "runtime (module/function/class) or type_meta"),
};

/* 19. py_sym_symbols_v1 (§8.5) */
static const reg_column py_sym_symbols_v1_fields[] = {
    COL("symbol_row_id", RT_BIGINT, REQ, "id of (\"sym_symbol\", scope_id, name)"),
    COL("scope_id", RT_BIGINT, REQ, "scope the symbol belongs to"),
    COL("name", RT_VARCHAR, REQ, "symbol name (mangled as CPython stores it)"),
    COL("is_referenced", RT_BOOLEAN, 0, "Symbol.is_referenced()"),
    COL("is_assigned", RT_BOOLEAN, 0, "Symbol.is_assigned()"),
    COL("is_imported", RT_BOOLEAN, 0, "Symbol.is_imported()"),
    COL("is_annotated", RT_BOOLEAN, 0, "Symbol.is_annotated()"),
    COL("is_parameter", RT_BOOLEAN, 0, "Symbol.is_parameter()"),
    COL("is_global", RT_BOOLEAN, 0, "Symbol.is_global()"),
    COL("is_declared_global", RT_BOOLEAN, 0, "Symbol.is_declared_global()"),
    COL("is_nonlocal", RT_BOOLEAN, 0, "Symbol.is_nonlocal()"),
    COL("is_local", RT_BOOLEAN, 0, "Symbol.is_local()"),
    COL("is_free", RT_BOOLEAN, 0, "Symbol.is_free()"),
    COL("is_namespace", RT_BOOLEAN, 0, "Symbol.is_namespace(): the name binds a child scope"),
};

/* 20. py_sym_scope_edges_v1 (§8.6) */
static const reg_column py_sym_scope_edges_v1_fields[] = {
    COL("edge_id", RT_BIGINT, REQ, "id of (\"sym_scope_edge\", parent_scope_id, child_scope_id)"),
    COL("parent_scope_id", RT_BIGINT, REQ, "enclosing scope"),
    COL("child_scope_id", RT_BIGINT, REQ, "nested scope"),
};

/* 21. py_sym_namespace_edges_v1 (§8.7) */
static const reg_column py_sym_namespace_edges_v1_fields[] = {
    COL("edge_id", RT_BIGINT, REQ, "id of (\"sym_ns_edge\", symbol_row_id, child_scope_id)"),
    COL("scope_id", RT_BIGINT, REQ, "scope holding the namespace symbol"),
    COL("symbol_row_id", RT_BIGINT, REQ, "the namespace symbol (as in py_sym_symbols_v1)"),
    COL("child_scope_id", RT_BIGINT, REQ, "scope the symbol binds"),
};

/* 22. py_sym_function_partitions_v1 (§8.8) */
static const reg_column py_sym_function_partitions_v1_fields[] = {
    COL("scope_id", RT_BIGINT, REQ, "function scope"),
    COL("parameters", RT_VARCHAR_LIST, 0, "get_parameters(), CPython order"),
    COL("locals", RT_VARCHAR_LIST, 0, "get_locals(), CPython order"),
    COL("globals", RT_VARCHAR_LIST, 0, "get_globals(), CPython order"),
    COL("nonlocals", RT_VARCHAR_LIST, 0, "get_nonlocals(), CPython order"),
    COL("frees", RT_VARCHAR_LIST, 0, "get_frees(), CPython order"),
};

/* 23. scip_metadata_v1 (§9.4) */
static const reg_column scip_metadata_v1_fields[] = {
    COL("tool_name", RT_VARCHAR, DICT, "metadata.tool_info.name"),
    COL("tool_version", RT_VARCHAR, DICT, "metadata.tool_info.version"),
    COL("project_root", RT_VARCHAR, DICT, "metadata.project_root (URI)"),
    COL("text_document_encoding", RT_VARCHAR, DICT,
        "TextEncoding enum name: UTF8, UTF16, UnspecifiedTextEncoding"),
    COL("protocol_version", RT_VARCHAR, DICT,
        "metadata.version (ProtocolVersion enum name; §14.4 fixed)"),
    COL("meta", RT_KV_LIST, 0,
        "ingest facts: source (scip-python, file), index_path (source file only: the --scip "
        "PATH as given), metadata_messages, index_bytes, complete, tool_arguments"),
};

/* 24. scip_documents_v1 (§9.5) */
static const reg_column scip_documents_v1_fields[] = {
    COL("document_id", RT_BIGINT, REQ, "id of (\"scip_doc\", path)"),
    COL("path", RT_VARCHAR, REQ | DICT, "Document.relative_path (repo-relative POSIX)"),
    COL("language", RT_VARCHAR, DICT, "Document.language (often empty)"),
    COL("position_encoding", RT_VARCHAR, DICT,
        "PositionEncoding enum name (UnspecifiedPositionEncoding, UTF16CodeUnitOffset...)"),
    COL("file_id", RT_BIGINT, 0, "the scanned file of the path; NULL when not scanned"),
    COL("col_unit", RT_VARCHAR, DICT, "units of its characters: utf8, utf16 (unspecified), utf32"),
};

/* 25. scip_occurrences_v1 (§9.6) */
static const reg_column scip_occurrences_v1_fields[] = {
    COL("start_line", RT_INTEGER, 0, "range start line, 0-based; NULL if range unusable"),
    COL("start_char", RT_INTEGER, 0, "range start character, document encoding units"),
    COL("end_line", RT_INTEGER, 0, "range end line, 0-based"),
    COL("end_char", RT_INTEGER, 0, "range end character, exclusive, document encoding units"),
    COL("range_len", RT_INTEGER, 0, "number of ints in Occurrence.range (3, 4; 0 unusable)"),
    COL("enc_start_line", RT_INTEGER, 0, "enclosing_range start line, 0-based; NULL if none"),
    COL("enc_start_char", RT_INTEGER, 0, "enclosing_range start character"),
    COL("enc_end_line", RT_INTEGER, 0, "enclosing_range end line, 0-based"),
    COL("enc_end_char", RT_INTEGER, 0, "enclosing_range end character, exclusive"),
    COL("enc_range_len", RT_INTEGER, 0, "number of ints in enclosing_range (3, 4), or NULL"),
    COL("occurrence_id", RT_BIGINT, REQ,
        "id of (\"scip_occ\", document_id, global row ordinal, range)"),
    COL("document_id", RT_BIGINT, REQ, "document of the occurrence"),
    COL("path", RT_VARCHAR, REQ | DICT, "document relative path"),
    COL("symbol", RT_VARCHAR, DICT, "SCIP symbol string (may be empty)"),
    COL("symbol_roles", RT_INTEGER, 0,
        "role bits: 1 def, 2 import, 4 write, 8 read, 16 generated, 32 test, 64 fwd def"),
    COL("syntax_kind", RT_VARCHAR, DICT, "SyntaxKind enum name"),
    COL("override_documentation", RT_VARCHAR_LIST, 0, "override documentation strings"),
    COL("file_id", RT_BIGINT, 0, "the scanned file of the document; NULL when not scanned"),
    COL("bstart", RT_BIGINT, 0, "raw file byte offset of the range start; NULL: span error"),
    COL("bend", RT_BIGINT, 0, "raw file byte offset of the range end, exclusive"),
    COL("enc_bstart", RT_BIGINT, 0, "raw file byte offset of enclosing_range start, or NULL"),
    COL("enc_bend", RT_BIGINT, 0, "raw file byte offset of enclosing_range end, exclusive"),
    COL("line_base", RT_INTEGER, 0, "base of the line columns: 0"),
    COL("col_unit", RT_VARCHAR, DICT, "units of the char columns: utf8, utf16, utf32"),
    COL("is_definition", RT_BOOLEAN, 0, "symbol_roles & 1"),
    COL("is_import", RT_BOOLEAN, 0, "symbol_roles & 2"),
    COL("is_write", RT_BOOLEAN, 0, "symbol_roles & 4"),
    COL("is_read", RT_BOOLEAN, 0, "symbol_roles & 8"),
    COL("is_generated", RT_BOOLEAN, 0, "symbol_roles & 16"),
    COL("is_test", RT_BOOLEAN, 0, "symbol_roles & 32"),
    COL("is_forward_definition", RT_BOOLEAN, 0, "symbol_roles & 64"),
};

/* 26. scip_symbol_info_v1 (§9.8) */
static const reg_column scip_symbol_info_v1_fields[] = {
    COL("symbol_info_id", RT_BIGINT, REQ, "id of (\"scip_sym\", symbol)"),
    COL("symbol", RT_VARCHAR, REQ | DICT, "SCIP symbol string"),
    COL("display_name", RT_VARCHAR, DICT, "SymbolInformation.display_name"),
    COL("kind", RT_VARCHAR, DICT, "SymbolInformation.Kind enum name"),
    COL("enclosing_symbol", RT_VARCHAR, DICT, "SymbolInformation.enclosing_symbol"),
    COL("documentation", RT_VARCHAR_LIST, 0, "markdown documentation strings"),
    COL("signature_documentation", RT_VARCHAR, 0,
        "JSON {text, language, occurrences:[{symbol, symbol_roles, range}]}"),
};

/* 27. scip_symbol_relationships_v1 (§9.9) */
static const reg_column scip_symbol_relationships_v1_fields[] = {
    COL("relationship_id", RT_BIGINT, REQ,
        "id of (\"scip_rel\", symbol, related_symbol, is_reference, is_impl, is_type, is_def)"),
    COL("symbol", RT_VARCHAR, REQ | DICT, "symbol carrying the relationship"),
    COL("related_symbol", RT_VARCHAR, REQ | DICT, "symbol related to"),
    COL("is_reference", RT_BOOLEAN, REQ, "Relationship.is_reference"),
    COL("is_implementation", RT_BOOLEAN, REQ, "Relationship.is_implementation"),
    COL("is_type_definition", RT_BOOLEAN, REQ, "Relationship.is_type_definition"),
    COL("is_definition", RT_BOOLEAN, REQ, "Relationship.is_definition"),
};

/* 28. scip_external_symbol_info_v1 (§9.8) */
static const reg_column scip_external_symbol_info_v1_fields[] = {
    COL("symbol_info_id", RT_BIGINT, REQ, "id of (\"scip_ext_sym\", symbol)"),
    COL("symbol", RT_VARCHAR, REQ | DICT, "SCIP symbol string"),
    COL("display_name", RT_VARCHAR, DICT, "SymbolInformation.display_name"),
    COL("kind", RT_VARCHAR, DICT, "SymbolInformation.Kind enum name"),
    COL("enclosing_symbol", RT_VARCHAR, DICT, "SymbolInformation.enclosing_symbol"),
    COL("documentation", RT_VARCHAR_LIST, 0, "markdown documentation strings"),
    COL("signature_documentation", RT_VARCHAR, 0,
        "JSON {text, language, occurrences:[{symbol, symbol_roles, range}]}"),
};

/* 29. scip_diagnostics_v1 (§9.7; diagnostic_id declared per §14.5) */
static const reg_column scip_diagnostics_v1_fields[] = {
    COL("start_line", RT_INTEGER, 0, "range start line, 0-based (the occurrence's range)"),
    COL("start_char", RT_INTEGER, 0, "range start character, document encoding units"),
    COL("end_line", RT_INTEGER, 0, "range end line, 0-based"),
    COL("end_char", RT_INTEGER, 0, "range end character, exclusive"),
    COL("diagnostic_id", RT_BIGINT, REQ,
        "id of (\"scip_diag\", document_id, global row ordinal, range)"),
    COL("document_id", RT_BIGINT, REQ, "document of the diagnostic"),
    COL("path", RT_VARCHAR, REQ | DICT, "document relative path"),
    COL("severity", RT_VARCHAR, DICT, "Severity enum name (Error, Warning, Information, Hint)"),
    COL("code", RT_VARCHAR, DICT, "diagnostic code"),
    COL("message", RT_VARCHAR, 0, "diagnostic message"),
    COL("source", RT_VARCHAR, DICT, "tool that reported it"),
    COL("tags", RT_VARCHAR_LIST, 0, "DiagnosticTag enum names"),
    COL("file_id", RT_BIGINT, 0, "the scanned file of the document; NULL when not scanned"),
    COL("bstart", RT_BIGINT, 0, "raw file byte offset of the occurrence's range start, or NULL"),
    COL("bend", RT_BIGINT, 0, "raw file byte offset of the range end, exclusive"),
};

/* 30. ts_nodes_v1 (§10.3) */
static const reg_column ts_nodes_v1_fields[] = {
    COL("ts_node_id", RT_BIGINT, REQ,
        "file-local id: (file's id prefix << 31) | (1 << 28) | the node's pre-order index in "
        "the file (docs/ids.md)"),
    COL("parent_ts_id", RT_BIGINT, 0, "ts_node_id of the parent; NULL for the root"),
    RCOL("span_id", RT_BIGINT, 0, "id of (\"span\", file_id, start_byte, end_byte)", "span",
         FILE_REF, PART("start_byte"), PART("end_byte")),
    COL("ts_type", RT_VARCHAR, REQ | DICT, "grammar type; anonymous tokens use their text"),
    COL("start_byte", RT_BIGINT, REQ, "raw file byte offset, start inclusive"),
    COL("end_byte", RT_BIGINT, REQ, "raw file byte offset, end exclusive"),
    COL("is_named", RT_BOOLEAN, 0, "named node (not an anonymous token)"),
    COL("has_error", RT_BOOLEAN, 0, "node or a descendant contains an error"),
    COL("is_error", RT_BOOLEAN, 0, "node is an ERROR node"),
    COL("is_missing", RT_BOOLEAN, 0, "node was inserted by error recovery"),
};

/* 31. ts_errors_v1 (§10.4) */
static const reg_column ts_errors_v1_fields[] = {
    COL("ts_error_id", RT_BIGINT, REQ, "id of (\"ts_error\", path, start_byte, end_byte)"),
    COL("ts_node_id", RT_BIGINT, 0, "the ERROR node in ts_nodes_v1"),
    COL("span_id", RT_BIGINT, 0, "id of (\"span\", file_id, start_byte, end_byte)"),
    COL("ts_type", RT_VARCHAR, DICT, "grammar type (ERROR)"),
    COL("start_byte", RT_BIGINT, REQ, "raw file byte offset, start inclusive"),
    COL("end_byte", RT_BIGINT, REQ, "raw file byte offset, end exclusive"),
    COL("is_error", RT_BOOLEAN, 0, "always true"),
};

/* 32. ts_missing_v1 (§10.4) */
static const reg_column ts_missing_v1_fields[] = {
    COL("ts_missing_id", RT_BIGINT, REQ, "id of (\"ts_missing\", path, start_byte, end_byte)"),
    COL("ts_node_id", RT_BIGINT, 0, "the missing node in ts_nodes_v1"),
    COL("span_id", RT_BIGINT, 0, "id of (\"span\", file_id, start_byte, end_byte)"),
    COL("ts_type", RT_VARCHAR, DICT, "grammar type of the node error recovery expected"),
    COL("start_byte", RT_BIGINT, REQ, "raw file byte offset, start inclusive (zero width)"),
    COL("end_byte", RT_BIGINT, REQ, "raw file byte offset, end exclusive"),
    COL("is_missing", RT_BOOLEAN, 0, "always true"),
};

/* 33. rt_objects_v1 (§11.3) */
static const reg_column rt_objects_v1_fields[] = {
    COL("rt_id", RT_BIGINT, REQ, "id of (\"rt_obj\", module, qualname)"),
    COL("module", RT_VARCHAR, REQ | DICT, "module the object belongs to"),
    COL("qualname", RT_VARCHAR, REQ, "__qualname__ (module name for modules)"),
    COL("name", RT_VARCHAR, 0, "last dotted part / member name"),
    COL("obj_type", RT_VARCHAR, DICT, "module, class, function or method"),
    COL("source_path", RT_VARCHAR, 0, "source file reported by inspect, or NULL"),
    COL("source_line", RT_INTEGER, 0, "first source line, 1-based, or NULL"),
    COL("meta", RT_KV_LIST, 0, "extra key/values: object_key = module:qualname"),
    /* pycpg's additions (issue 9): the link to the scanned source and the __wrapped__ chain */
    COL("file_id", RT_BIGINT, 0, "scanned file of source_path (repo-relative), or NULL"),
    COL("source_name", RT_VARCHAR, 0,
        "name of the defining statement (co_name / __name__): with source_line, its def"),
    COL("wrapped_rt_id", RT_BIGINT, 0, "rt_id of the object's __wrapped__ (functools.wraps)"),
    COL("unwrap_depth", RT_INTEGER, 0, "0 when reached by name; n for the n-th __wrapped__"),
};

/* 34. rt_signatures_v1 (§11.3) */
static const reg_column rt_signatures_v1_fields[] = {
    COL("sig_id", RT_BIGINT, REQ, "id of (\"rt_sig\", rt_id, signature)"),
    COL("rt_id", RT_BIGINT, REQ, "object the signature belongs to"),
    COL("signature", RT_VARCHAR, REQ, "str(inspect.signature(obj)), e.g. (a, b=1) -> int"),
    COL("return_annotation", RT_VARCHAR, 0, "repr of the return annotation, or NULL"),
};

/* 35. rt_signature_params_v1 (§11.3) */
static const reg_column rt_signature_params_v1_fields[] = {
    COL("param_id", RT_BIGINT, REQ, "id of (\"rt_param\", sig_id, name)"),
    COL("sig_id", RT_BIGINT, REQ, "signature the parameter belongs to"),
    COL("name", RT_VARCHAR, REQ, "parameter name"),
    COL("kind", RT_VARCHAR, DICT, "POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD, VAR_POSITIONAL, ..."),
    COL("default_repr", RT_VARCHAR, 0, "repr of the default, or NULL"),
    COL("annotation_repr", RT_VARCHAR, 0, "repr of the annotation, or NULL"),
    COL("position", RT_INTEGER, REQ, "0-based position in the signature"),
};

/* 36. rt_members_v1 (§11.3) */
static const reg_column rt_members_v1_fields[] = {
    COL("member_id", RT_BIGINT, REQ, "id of (\"rt_member\", rt_id, name)"),
    COL("rt_id", RT_BIGINT, REQ, "owning module's or class's rt_id"),
    COL("name", RT_VARCHAR, REQ, "member name"),
    COL("member_kind", RT_VARCHAR, DICT,
        "class, function, builtin, module, attribute; in classes method, classmethod, "
        "staticmethod, property"),
    COL("value_repr", RT_VARCHAR, 0, "repr of the value, or NULL"),
    COL("value_module", RT_VARCHAR, 0, "__module__ of the value"),
    COL("value_qualname", RT_VARCHAR, 0, "__qualname__ of the value, or the member name"),
};

/* rt_errors_v1 (pycpg's addition, issue 9): one module runtime inspection could not report */
static const reg_column rt_errors_v1_fields[] = {
    COL("module", RT_VARCHAR, REQ, "module name as requested"),
    COL("error_code", RT_VARCHAR, REQ | DICT,
        "import_error, memory_limit, timeout, exited, crashed, cpu_limit, file_size_limit, "
        "output_limit, protocol_error, inspect_error, python_unavailable, overall_timeout"),
    COL("error_type", RT_VARCHAR, DICT, "exception class when the import raised, else NULL"),
    COL("message", RT_VARCHAR, REQ, "what happened (exception text or the interpreter's end)"),
    COL("exit_status", RT_INTEGER, 0, "exit status of the child python3, when it exited"),
    COL("signal", RT_INTEGER, 0, "signal that ended the child python3, when one did"),
};

/* ---- 3. repo_scan additions and pycpg diagnostics ------------------------------------ */

/* file_line_index_v1 (§15, 97357c16) */
static const reg_column file_line_index_v1_fields[] = {
    COL("line_no", RT_INTEGER, REQ, "line number, 0-based"),
    COL("line_start_byte", RT_BIGINT, REQ, "file byte offset of the line's first byte"),
    COL("line_end_byte", RT_BIGINT, REQ,
        "file byte offset after the line, terminator included (end exclusive)"),
    COL("line_text", RT_VARCHAR, 0, "text of the line with its terminator"),
    COL("newline_kind", RT_VARCHAR, REQ | DICT, "terminator: LF, CRLF, CR, or NONE (last line)"),
};

/* file_errors_v1: one problem pycpg met with one file. Bundle file_id and path stay filled
 * even when the file could not be read (file_id is derived from the path). */
static const reg_column file_errors_v1_fields[] = {
    COL("lens", RT_VARCHAR, REQ | DICT, "stage that met the problem: scan, tree_sitter, ast, ..."),
    COL("error_code", RT_VARCHAR, REQ | DICT,
        "unreadable, not_regular_file, symlink_skipped, too_large, nul_byte, ..."),
    COL("severity", RT_VARCHAR, REQ | DICT, "info, warning or error"),
    COL("message", RT_VARCHAR, REQ, "human-readable: what and where"),
    COL("bstart", RT_BIGINT, 0, "file byte offset of the problem, or NULL"),
    COL("line", RT_INTEGER, 0, "line of the problem, 1-based, or NULL"),
};

/* ---- 4. normalize outputs ------------------------------------------------------------ */

/* py_bc_blocks_norm_v1 (extract_datasets.md §7.9) */
static const reg_column py_bc_blocks_norm_v1_fields[] = {
    COL("block_id", RT_BIGINT, REQ, "block_id of py_bc_blocks_v1"),
    COL("code_unit_id", RT_BIGINT, REQ, "code unit holding the block"),
    COL("start_offset", RT_INTEGER, REQ, "co_code byte offset of the block start (not source)"),
    COL("end_offset", RT_INTEGER, REQ, "co_code byte offset after the block, exclusive"),
    COL("kind", RT_VARCHAR, DICT, "entry, handler or normal"),
};

/* py_bc_cfg_edges_norm_v1 (§7.9) */
static const reg_column py_bc_cfg_edges_norm_v1_fields[] = {
    COL("edge_id", RT_BIGINT, REQ, "edge_id of py_bc_cfg_edges_v1"),
    COL("code_unit_id", RT_BIGINT, REQ, "code unit holding both blocks"),
    COL("src_block_id", RT_BIGINT, REQ, "block_id the edge leaves"),
    COL("dst_block_id", RT_BIGINT, REQ, "block_id the edge enters"),
    COL("kind", RT_VARCHAR, DICT, "jump, branch, next or exc"),
    COL("cond_instr_id", RT_BIGINT, 0, "instr_id of the branching instruction, or NULL"),
    COL("exc_index", RT_INTEGER, 0, "exception-table ordinal for exc edges, else NULL"),
};

/* py_bc_def_use_events_v1 (§7.10) */
static const reg_column py_bc_def_use_events_v1_fields[] = {
    COL("event_id", RT_BIGINT, REQ,
        "file-local id: (file's id prefix << 31) | (4 << 28) | the file ordinal of its "
        "instruction (docs/ids.md)"),
    COL("instr_id", RT_BIGINT, REQ, "instruction the event comes from"),
    COL("code_unit_id", RT_BIGINT, REQ, "code unit of the instruction"),
    COL("kind", RT_VARCHAR, REQ | DICT, "def (STORE_*, DELETE_*, IMPORT_*) or use (LOAD_*)"),
    COL("symbol", RT_VARCHAR, REQ, "coalesce(argval_str, argrepr) of the instruction"),
    COL("opname", RT_VARCHAR, DICT, "opcode name of the instruction"),
    COL("offset", RT_INTEGER, 0, "co_code byte offset of the instruction"),
};

/* py_bc_reaches_v1 (§7.10) */
static const reg_column py_bc_reaches_v1_fields[] = {
    RCOL("edge_id", RT_BIGINT, REQ, "id of (\"df_reach\", def_event_id, use_event_id)", "df_reach",
         PART("def_event_id"), PART("use_event_id")),
    COL("code_unit_id", RT_BIGINT, REQ, "code unit of both events"),
    COL("def_event_id", RT_BIGINT, REQ, "the def event"),
    COL("use_event_id", RT_BIGINT, REQ, "the use event (file_id, path come from it)"),
    COL("symbol", RT_VARCHAR, REQ, "symbol shared by both events"),
};

/* normalize_evidence_v1 (cpg_pipeline.md §3.12-3.13); file_id/path may be NULL for
 * evidence without a file, so they are declared here rather than through the bundle. */
static const reg_column normalize_evidence_v1_fields[] = {
    COL("file_id", RT_BIGINT, 0, "file of the evidence, or NULL"),
    COL("path", RT_VARCHAR, 0, "repo-relative path of the evidence, or NULL"),
    COL("bstart", RT_BIGINT, 0, "mapped start (file byte offset; bytecode offset for py_bc_*)"),
    COL("bend", RT_BIGINT, 0, "mapped end, exclusive, same unit as bstart"),
    COL("span_id", RT_BIGINT, 0, "id of (\"span\", path, bstart, bend), NULL if any is NULL"),
    COL("evidence_family", RT_VARCHAR, DICT, "evidence family of the source dataset"),
    COL("source", RT_VARCHAR, DICT, "source dataset label (py_bc_blocks, cst_type_exprs, ...)"),
    COL("role", RT_VARCHAR, DICT, "mapped role (block kind, expr_role, severity, ...)"),
    COL("confidence", RT_FLOAT, 0, "confidence of the evidence, 0..1 (float32)"),
    COL("ambiguity_group_id", RT_BIGINT, 0, "id grouping competing candidates, or NULL"),
    COL("rule_name", RT_VARCHAR, REQ | DICT, "normalize rule that produced the row"),
};

/* type_exprs_norm_v1 (§3.7) */
static const reg_column type_exprs_norm_v1_fields[] = {
    COL("bstart", RT_BIGINT, REQ, "file byte offset of the annotation expression, start"),
    COL("bend", RT_BIGINT, REQ, "file byte offset of the annotation expression, end exclusive"),
    COL("type_expr_id", RT_BIGINT, REQ, "id of (\"cst_type_expr\", path, bstart, bend)"),
    COL("owner_def_id", RT_BIGINT, 0, "def_id of the function owning the annotation"),
    COL("param_name", RT_VARCHAR, 0, "annotated parameter name; NULL for the return"),
    COL("expr_kind", RT_VARCHAR, DICT, "kind of type expression (annotation)"),
    COL("expr_role", RT_VARCHAR, DICT, "return, param or variable (annotated assignment)"),
    COL("expr_text", RT_VARCHAR, 0, "source text of the annotation expression"),
    COL("type_repr", RT_VARCHAR, 0, "expr_text with surrounding whitespace trimmed"),
    COL("type_id", RT_BIGINT, REQ, "id of (\"type\", type_repr), sentinel None"),
};

/* type_nodes_v1 (§3.7) */
static const reg_column type_nodes_v1_fields[] = {
    COL("type_id", RT_BIGINT, REQ, "id of (\"type\", type_repr)"),
    COL("type_repr", RT_VARCHAR, REQ, "trimmed, non-empty type text"),
    COL("type_form", RT_VARCHAR, DICT, "where the type text came from: annotation or scip"),
    COL("origin", RT_VARCHAR, DICT, "annotation or inferred"),
};

/* span_errors_v1 (§3.4) */
static const reg_column span_errors_v1_fields[] = {
    COL("document_id", RT_BIGINT, 0, "SCIP document of the occurrence that failed, or NULL"),
    COL("path", RT_VARCHAR, REQ, "repo-relative path of the evidence"),
    COL("source_dataset", RT_VARCHAR, DICT, "dataset of the row whose position failed"),
    COL("row_key", RT_BIGINT, 0, "that row's id (instr_id, ast node id, occurrence_id)"),
    COL("detail", RT_VARCHAR, 0, "the position that could not be mapped, as text"),
    COL("reason", RT_VARCHAR, REQ | DICT,
        "missing_repo_text_for_path, invalid_range_len, line_out_of_range, column_out_of_range, "
        "splits_character, reversed_range, unsafe_document_path"),
};

/* scip_span_errors_v1 (pycpg): the SCIP lens's own span errors, folded into span_errors_v1 by
 * the link stage */
static const reg_column scip_span_errors_v1_fields[] = {
    COL("document_id", RT_BIGINT, 0, "SCIP document of the occurrence that failed"),
    COL("path", RT_VARCHAR, REQ, "the document's relative_path"),
    COL("occurrence_id", RT_BIGINT, 0, "the occurrence (scip_occurrences_v1) that failed"),
    COL("reason", RT_VARCHAR, REQ | DICT,
        "missing_repo_text_for_path, invalid_range_len, line_out_of_range, column_out_of_range, "
        "splits_character, reversed_range, unsafe_document_path"),
    COL("detail", RT_VARCHAR, 0, "the range as given and its unit"),
};

/* diagnostics_norm_v1 (§3.6) */
static const reg_column diagnostics_norm_v1_fields[] = {
    COL("bstart", RT_BIGINT, 0, "file byte offset of the diagnostic, start"),
    COL("bend", RT_BIGINT, 0, "file byte offset of the diagnostic, end exclusive"),
    COL("diag_id", RT_BIGINT, REQ,
        "id of (\"diag\", path, bstart, bend, diag_source, message), sentinel None"),
    COL("severity", RT_VARCHAR, REQ | DICT, "ERROR, WARNING, INFO or HINT"),
    COL("message", RT_VARCHAR, REQ, "diagnostic message (a fixed text when the source had none)"),
    COL("diag_source", RT_VARCHAR, REQ | DICT, "libcst, treesitter or scip"),
    COL("code", RT_VARCHAR, DICT, "diagnostic code (SCIP), or NULL"),
    COL("details", RT_VARCHAR, 0,
        "JSON list of {detail_kind, error_type, source, tags:[...]} (a nested list in the ref)"),
};

/* dim_qualified_names_v1 (§3.9) */
static const reg_column dim_qualified_names_v1_fields[] = {
    COL("qname_id", RT_BIGINT, REQ, "id of (\"qname\", qname), sentinel None"),
    COL("qname", RT_VARCHAR, REQ, "distinct qualified name from callee_qnames and def qnames"),
};

/* callsite_qname_candidates_v1 (§3.10) */
static const reg_column callsite_qname_candidates_v1_fields[] = {
    COL("call_id", RT_BIGINT, REQ, "callsite of py_cst_callsites_v1"),
    COL("qname", RT_VARCHAR, REQ, "one qualified-name candidate of the callee"),
    COL("path", RT_VARCHAR, 0, "repo-relative path of the callsite"),
    COL("call_bstart", RT_BIGINT, 0, "file byte offset of the whole call, start"),
    COL("call_bend", RT_BIGINT, 0, "file byte offset of the whole call, end exclusive"),
    COL("qname_source", RT_VARCHAR, DICT, "provider of the candidate (QualifiedNameSource.*)"),
    COL("qname_id", RT_BIGINT, REQ, "id of (\"qname\", qname): the PY_QUALIFIED_NAME node"),
    COL("score", RT_FLOAT, 0,
        "provider rank of the candidate, higher wins: 1.0 a local def, 0.9 an import, 0.5 other"),
};

/* ---- 5. relspec outputs (cpg_pipeline.md §4.4; column order = contract schema) -------- */

static const reg_column rel_name_symbol_v1_fields[] = {
    COL("bstart", RT_BIGINT, 0, "file byte offset of the name ref, start"),
    COL("bend", RT_BIGINT, 0, "file byte offset of the name ref, end exclusive"),
    COL("name_ref_id", RT_BIGINT, REQ, "name ref of py_cst_name_refs_v1"),
    COL("symbol", RT_VARCHAR, 0,
        "SCIP symbol of the occurrence inside the name span, or the symtable name"),
    COL("symbol_node_id", RT_BIGINT, REQ,
        "cpg node of the target: symbol_row_id (SYM_SYMBOL) or id of (\"scip_sym\", symbol)"),
    COL("scope_id", RT_BIGINT, 0, "symtable scope the name was resolved in (symtable rules)"),
    COL("symbol_roles", RT_INTEGER, 0, "SCIP role bits (symtable rules: 1 def, 4 write, 8 read)"),
    COL("path", RT_VARCHAR, 0, "repo-relative path"),
    COL("resolution_method", RT_VARCHAR, DICT, "how the match was made, or NULL"),
    COL("confidence", RT_FLOAT, 0, "evidence strength 0..1 (float32), or NULL"),
    COL("score", RT_FLOAT, 0, "rank among candidates, higher wins (float32), or NULL"),
    COL("ambiguity_group_id", RT_BIGINT, 0, "id grouping competing candidates (the name ref)"),
    COL("rule_name", RT_VARCHAR, DICT, "relationship rule that produced the row"),
    COL("rule_priority", RT_INTEGER, 0, "priority of that rule (lower wins)"),
};

static const reg_column rel_import_symbol_v1_fields[] = {
    COL("bstart", RT_BIGINT, 0, "file byte offset of the import alias, start"),
    COL("bend", RT_BIGINT, 0, "file byte offset of the import alias, end exclusive"),
    COL("import_alias_id", RT_BIGINT, REQ, "import_id of py_cst_imports_v1"),
    COL("symbol", RT_VARCHAR, 0,
        "SCIP symbol of the occurrence inside the alias span, or the bound symtable name"),
    COL("symbol_node_id", RT_BIGINT, REQ,
        "cpg node of the target: symbol_row_id (SYM_SYMBOL) or id of (\"scip_sym\", symbol)"),
    COL("scope_id", RT_BIGINT, 0, "symtable scope the alias binds in (symtable rules)"),
    COL("symbol_roles", RT_INTEGER, 0, "SCIP role bits (symtable rules: 2 import)"),
    COL("path", RT_VARCHAR, 0, "repo-relative path"),
    COL("resolution_method", RT_VARCHAR, DICT, "how the match was made, or NULL"),
    COL("confidence", RT_FLOAT, 0, "evidence strength 0..1 (float32), or NULL"),
    COL("score", RT_FLOAT, 0, "rank among candidates, higher wins (float32), or NULL"),
    COL("ambiguity_group_id", RT_BIGINT, 0, "id grouping competing candidates (the alias)"),
    COL("rule_name", RT_VARCHAR, DICT, "relationship rule that produced the row"),
    COL("rule_priority", RT_INTEGER, 0, "priority of that rule (lower wins)"),
};

/* rel_def_symbol_v1 (pycpg: a def/class to the symbol its name binds) */
static const reg_column rel_def_symbol_v1_fields[] = {
    COL("bstart", RT_BIGINT, 0, "file byte offset of the defined name, start"),
    COL("bend", RT_BIGINT, 0, "file byte offset of the defined name, end exclusive"),
    COL("def_id", RT_BIGINT, REQ, "def of py_cst_defs_v1"),
    COL("symbol", RT_VARCHAR, 0, "SCIP symbol of the definition, or the bound symtable name"),
    COL("symbol_node_id", RT_BIGINT, REQ,
        "cpg node of the target: symbol_row_id (SYM_SYMBOL) or id of (\"scip_sym\", symbol)"),
    COL("scope_id", RT_BIGINT, 0, "symtable scope the name binds in (symtable rules)"),
    COL("symbol_roles", RT_INTEGER, 0, "SCIP role bits (symtable rules: 1 definition)"),
    COL("path", RT_VARCHAR, 0, "repo-relative path"),
    COL("resolution_method", RT_VARCHAR, DICT, "how the match was made, or NULL"),
    COL("confidence", RT_FLOAT, 0, "evidence strength 0..1 (float32), or NULL"),
    COL("score", RT_FLOAT, 0, "rank among candidates, higher wins (float32), or NULL"),
    COL("ambiguity_group_id", RT_BIGINT, 0, "id grouping competing candidates (the def)"),
    COL("rule_name", RT_VARCHAR, DICT, "relationship rule that produced the row"),
    COL("rule_priority", RT_INTEGER, 0, "priority of that rule (lower wins)"),
};

static const reg_column rel_callsite_symbol_v1_fields[] = {
    COL("call_id", RT_BIGINT, REQ, "callsite of py_cst_callsites_v1"),
    COL("symbol", RT_VARCHAR, REQ, "SCIP symbol of the occurrence inside the callee span"),
    COL("symbol_node_id", RT_BIGINT, REQ, "id of (\"scip_sym\", symbol): the SCIP_SYMBOL node"),
    COL("symbol_roles", RT_INTEGER, 0, "SCIP role bits of that occurrence"),
    COL("path", RT_VARCHAR, 0, "repo-relative path"),
    COL("call_bstart", RT_BIGINT, 0, "file byte offset of the whole call, start"),
    COL("call_bend", RT_BIGINT, 0, "file byte offset of the whole call, end exclusive"),
    COL("resolution_method", RT_VARCHAR, DICT, "how the match was made, or NULL"),
    COL("confidence", RT_FLOAT, 0, "evidence strength 0..1 (float32), or NULL"),
    COL("score", RT_FLOAT, 0, "rank among candidates, higher wins (float32), or NULL"),
    COL("rule_name", RT_VARCHAR, DICT, "relationship rule that produced the row"),
    COL("rule_priority", RT_INTEGER, 0, "priority of that rule (lower wins)"),
};

static const reg_column rel_callsite_qname_v1_fields[] = {
    COL("call_id", RT_BIGINT, REQ, "callsite of py_cst_callsites_v1"),
    COL("qname_id", RT_BIGINT, REQ, "qualified name of dim_qualified_names_v1"),
    COL("qname_source", RT_VARCHAR, DICT, "provider of the candidate"),
    COL("path", RT_VARCHAR, 0, "repo-relative path"),
    COL("call_bstart", RT_BIGINT, 0, "file byte offset of the whole call, start"),
    COL("call_bend", RT_BIGINT, 0, "file byte offset of the whole call, end exclusive"),
    COL("confidence", RT_FLOAT, 0, "evidence strength 0..1 (float32), or NULL"),
    COL("score", RT_FLOAT, 0, "rank among candidates, higher wins (float32), or NULL"),
    COL("ambiguity_group_id", RT_BIGINT, 0, "id grouping competing candidates (call_id)"),
    COL("rule_name", RT_VARCHAR, DICT, "relationship rule that produced the row"),
    COL("rule_priority", RT_INTEGER, 0, "priority of that rule (lower wins)"),
};

/* ---- 6. cpg outputs (cpg_pipeline.md §5.5) -------------------------------------------- */

static const reg_column cpg_nodes_v1_fields[] = {
    COL("file_id", RT_BIGINT, 0, "file of the node, NULL for file-less nodes"),
    COL("path", RT_VARCHAR, 0, "repo-relative path, NULL for file-less nodes"),
    COL("bstart", RT_BIGINT, 0, "file byte offset of the node anchor, start"),
    COL("bend", RT_BIGINT, 0, "file byte offset of the node anchor, end exclusive"),
    COL("node_id", RT_BIGINT, REQ,
        "the source row's id (SCIP_SYMBOL: id of (\"scip_sym\", symbol), not the string)"),
    COL("node_kind", RT_VARCHAR, REQ | DICT, "node kind (PY_FILE, CST_DEF, SCIP_SYMBOL, ...)"),
};

static const reg_column cpg_edges_v1_fields[] = {
    COL("bstart", RT_BIGINT, 0, "file byte offset of the evidence anchor, start"),
    COL("bend", RT_BIGINT, 0, "file byte offset of the evidence anchor, end exclusive"),
    DCOL("edge_id", RT_BIGINT, REQ, "id of (\"edge\", edge_kind, src, dst[, path, bstart, bend])",
         REG_EDGE_ID_RECIPE),
    COL("edge_kind", RT_VARCHAR, REQ | DICT, "edge kind (PY_CALLS_SYMBOL, HAS_DIAGNOSTIC, ...)"),
    COL("src_node_id", RT_BIGINT, REQ, "node_id of the source node"),
    COL("dst_node_id", RT_BIGINT, REQ, "node_id of the destination node"),
    COL("path", RT_VARCHAR, 0, "repo-relative path of the evidence anchor"),
    COL("origin", RT_VARCHAR, DICT, "evidence origin (scip, qname, annotation, inspect, ...)"),
    COL("resolution_method", RT_VARCHAR, DICT, "how the edge was resolved (SPAN_EXACT, ...)"),
    COL("confidence", RT_FLOAT, 0, "evidence strength 0..1 (float32)"),
    COL("score", RT_FLOAT, 0, "rank among candidates, higher wins (float32)"),
    COL("symbol_roles", RT_INTEGER, 0, "SCIP role bits, for symbol edges"),
    COL("qname_source", RT_VARCHAR, DICT, "provider of a qualified-name candidate"),
    COL("ambiguity_group_id", RT_BIGINT, 0, "id grouping competing candidates, or NULL"),
    COL("rule_name", RT_VARCHAR, DICT, "relationship rule that produced the edge"),
    COL("rule_priority", RT_INTEGER, 0, "priority of that rule (lower wins)"),
};

static const reg_column cpg_props_v1_fields[] = {
    COL("entity_kind", RT_VARCHAR, REQ | DICT, "node or edge"),
    COL("entity_id", RT_BIGINT, REQ, "node_id or edge_id the property belongs to"),
    COL("prop_key", RT_VARCHAR, REQ | DICT, "property name (node_kind, name, arg_count, ...)"),
    COL("value_str", RT_VARCHAR, 0, "value of a string property"),
    COL("value_int", RT_BIGINT, 0, "value of an integer property"),
    COL("value_float", RT_DOUBLE, 0, "value of a float property"),
    COL("value_bool", RT_BOOLEAN, 0, "value of a boolean property"),
    COL("value_json", RT_VARCHAR, 0, "value of a JSON property (compact, sorted keys)"),
};

/* cpg quality (cpg_pipeline.md §5.9; link_quality.c): one issue of one raw node, edge or prop */
static const reg_column cpg_quality_fields[] = {
    COL("entity_kind", RT_VARCHAR, REQ | DICT, "node, edge or prop"),
    COL("entity_id", RT_BIGINT, 0, "node_id, or entity_id for props; NULL when it is the issue"),
    COL("kind", RT_VARCHAR, DICT, "node_kind, edge_kind or prop_key of the row"),
    COL("issue", RT_VARCHAR, REQ | DICT,
        "invalid_node_id/invalid_edge_id/invalid_entity_id (NULL or 0), kind_contract, "
        "dangling_endpoint, required_non_null"),
    COL("source_table", RT_VARCHAR, REQ | DICT, "cpg_nodes_raw, cpg_edges_raw or cpg_props_raw"),
    COL("detail", RT_VARCHAR, 0, "the contract's message, or what was 0"),
};
#define cpg_nodes_quality_v1_fields cpg_quality_fields
#define cpg_edges_quality_v1_fields cpg_quality_fields
#define cpg_props_quality_v1_fields cpg_quality_fields

/* ---- 6b. flows (src/flows, `pycpg flows OUT --save`; docs/decisions.md "Flows") -------- */

static const reg_column cpg_flows_v1_fields[] = {
    COL("flow_id", RT_BIGINT, REQ, "the finding's number as `pycpg flows` prints them, from 1"),
    COL("rule", RT_VARCHAR, REQ | DICT, "rule id (command-injection, sql-injection, ...)"),
    COL("sink_name", RT_VARCHAR, REQ | DICT, "the sink's model name (os.system, ...)"),
    COL("source_label", RT_VARCHAR, REQ | DICT, "the source's label (flask.request.args, ...)"),
    COL("source_path", RT_VARCHAR, 0, "repo-relative path of the source expression"),
    COL("source_line", RT_INTEGER, 0, "1-based line of the source expression"),
    COL("source_col", RT_INTEGER, 0, "1-based column (UTF-8 bytes) of the source expression"),
    COL("source_bstart", RT_BIGINT, 0, "file byte offset of the source expression, start"),
    COL("source_bend", RT_BIGINT, 0, "file byte offset of the source expression, end exclusive"),
    COL("source_node_id", RT_BIGINT, 0, "CPG node id (AST_NODE) of the source expression"),
    COL("sink_path", RT_VARCHAR, 0, "repo-relative path of the sink call"),
    COL("sink_line", RT_INTEGER, 0, "1-based line of the sink call"),
    COL("sink_col", RT_INTEGER, 0, "1-based column (UTF-8 bytes) of the sink call"),
    COL("sink_bstart", RT_BIGINT, 0, "file byte offset of the sink call, start"),
    COL("sink_bend", RT_BIGINT, 0, "file byte offset of the sink call, end exclusive"),
    COL("sink_node_id", RT_BIGINT, 0, "CPG node id (AST_NODE) of the sink call"),
    COL("sink_arg_node_id", RT_BIGINT, 0, "CPG node id (AST_NODE) of the argument reached"),
    COL("steps", RT_STEP_LIST, 0,
        "the path {path, line, col, end_line, end_col, what}, source first, sink argument last"),
};

static const reg_column cpg_flow_edges_v1_fields[] = {
    COL("path", RT_VARCHAR, 0, "repo-relative path of the anchoring expression"),
    COL("bstart", RT_BIGINT, 0, "file byte offset of the anchoring expression, start"),
    COL("bend", RT_BIGINT, 0, "file byte offset of the anchoring expression, end exclusive"),
    COL("edge_id", RT_BIGINT, REQ, "id of (\"edge\", edge_kind, src, dst, path, bstart, bend)"),
    COL("edge_kind", RT_VARCHAR, REQ | DICT,
        "PY_VF_LOCAL, PY_VF_ARG, PY_VF_RETURN, PY_VF_FIELD, ..."),
    COL("src_node_id", RT_BIGINT, REQ,
        "value-flow node the value leaves: an AST_NODE's node_id, or a synthetic node's id"),
    COL("dst_node_id", RT_BIGINT, REQ, "value-flow node the value reaches (as src_node_id)"),
    COL("site_node_id", RT_BIGINT, 0, "the call (AST_NODE) an ARG/RETURN/field edge belongs to"),
    COL("flow_kind", RT_VARCHAR, REQ | DICT,
        "the engine's kind: flow, call, return, heap (any context) or field (at a site)"),
    COL("src_what", RT_VARCHAR, 0, "what src is (\"assignment to 'cmd'\", \"field m.C.x\", ...)"),
    COL("src_path", RT_VARCHAR, 0, "repo-relative path of src"),
    COL("src_line", RT_INTEGER, 0, "1-based line of src (its anchor for a synthetic node)"),
    COL("src_col", RT_INTEGER, 0, "1-based column of src"),
    COL("dst_what", RT_VARCHAR, 0, "what dst is"),
    COL("dst_path", RT_VARCHAR, 0, "repo-relative path of dst"),
    COL("dst_line", RT_INTEGER, 0, "1-based line of dst"),
    COL("dst_col", RT_INTEGER, 0, "1-based column of dst"),
    COL("source_label", RT_VARCHAR, DICT, "src is a taint source of this label, or NULL"),
    COL("sink_rules", RT_VARCHAR_LIST, 0, "rules for which dst is a sink's argument"),
    COL("blocked_rules", RT_VARCHAR_LIST, 0, "rules a sanitizer at dst stops"),
    COL("origin", RT_VARCHAR, DICT, "evidence origin: flows"),
    COL("resolution_method", RT_VARCHAR, DICT,
        "what the edge follows: AST (local), PY_CALLS (arg/return), HEAP (fields, globals)"),
    COL("confidence", RT_FLOAT, 0,
        "1.0 in a known context (local, a call, a field of a known object), 0.5 otherwise"),
};

/* ---- 7. the dataset table ------------------------------------------------------------- */

/* DEFV: a dataset whose values moved without a change of name; version 2: the datasets whose
 * rows hold tree-sitter node, instruction or AST node ids, file-local since issue 25, and
 * repo_files_v1, which records each file's prefix of them (docs/ids.md). */
#define DEFV(name_, version_, family_, bundle_, keys_, doc_)                                       \
    {                                                                                              \
        .name = #name_, .version = (version_), .family = (family_), .bundle = (bundle_),           \
        .fields = name_##_fields, .nfields = sizeof name_##_fields / sizeof name_##_fields[0],     \
        .join_keys = (keys_), .row_doc = (doc_)                                                    \
    }
#define DEF(name_, family_, bundle_, keys_, doc_) DEFV(name_, 1, family_, bundle_, keys_, doc_)
#define LOCAL_IDS                                 2
#define FILE_ID                                   REG_BUNDLE_FILE_IDENTITY
#define FILE_ID_NO_SHA                            REG_BUNDLE_FILE_IDENTITY_NO_SHA
#define NONE                                      REG_BUNDLE_NONE

const reg_dataset_def registry_defs[] = {
    /* extraction, extract_datasets.md §1 rows 1-36 */
    DEFV(repo_files_v1, LOCAL_IDS, "repo_scan", NONE, "path",
         "one source file selected by the repo scan"),
    DEF(py_ast_nodes_v1, "ast", FILE_ID, "file_id,ast_idx",
        "one visit of a Python ast node (pre-order walk)"),
    DEF(py_ast_edges_v1, "ast", FILE_ID,
        "file_id,parent_ast_idx,child_ast_idx,field_name,field_pos",
        "one parent->child field link in the ast tree"),
    DEF(py_ast_errors_v1, "ast", FILE_ID, "file_id,lineno,offset,end_lineno,end_offset",
        "one file that failed ast.parse"),
    DEF(py_cst_parse_manifest_v1, "cst", FILE_ID, "file_id",
        "one file successfully parsed by the CST lens (module-level facts)"),
    DEF(py_cst_parse_errors_v1, "cst", FILE_ID, "file_id,raw_line,raw_column",
        "one file the CST lens could not parse"),
    DEFV(py_cst_name_refs_v1, LOCAL_IDS, "cst", FILE_ID, "file_id,bstart,bend",
         "one Name token occurrence (minus def/class names)"),
    DEF(py_cst_imports_v1, "cst", FILE_ID, "file_id,alias_bstart,alias_bend",
        "one imported alias (or one *) of an import statement"),
    DEF(py_cst_callsites_v1, "cst", FILE_ID, "file_id,call_bstart,call_bend",
        "one call expression"),
    DEF(py_cst_defs_v1, "cst", FILE_ID, "file_id,def_bstart,def_bend",
        "one def/async def/class statement"),
    DEF(py_cst_type_exprs_v1, "cst", FILE_ID, "file_id,bstart,bend",
        "one return or parameter annotation of a function, or one variable annotation"),
    DEF(py_bc_code_units_v1, "bytecode", FILE_ID, "file_id,qualpath,firstlineno,co_name",
        "one code object (module, function, class body, lambda, genexpr, ...)"),
    DEFV(py_bc_instructions_v1, LOCAL_IDS, "bytecode", FILE_ID, "code_unit_id,instr_index,offset",
         "one dis instruction of one code object"),
    DEF(py_bc_exception_table_v1, "bytecode", FILE_ID,
        "code_unit_id,exc_index,start_offset,end_offset,target_offset",
        "one exception-table entry of one code object"),
    DEF(py_bc_blocks_v1, "bytecode", FILE_ID, "code_unit_id,start_offset,end_offset",
        "one basic block (byte-offset range) of one code object"),
    DEFV(py_bc_cfg_edges_v1, LOCAL_IDS, "bytecode", FILE_ID,
         "code_unit_id,src_block_id,dst_block_id,kind,edge_key,exc_index",
         "one control-flow edge between two blocks"),
    DEF(py_bc_errors_v1, "bytecode", FILE_ID, "file_id,message", "one file that failed compile()"),
    DEF(py_sym_scopes_v1, "symtable", FILE_ID, "file_id,table_id", "one symbol table (scope)"),
    DEF(py_sym_symbols_v1, "symtable", FILE_ID, "file_id,scope_id,name",
        "one symbol within one scope"),
    DEF(py_sym_scope_edges_v1, "symtable", FILE_ID, "file_id,parent_scope_id,child_scope_id",
        "one parent scope -> child scope link"),
    DEF(py_sym_namespace_edges_v1, "symtable", FILE_ID,
        "file_id,scope_id,symbol_row_id,child_scope_id",
        "one (scope, namespace symbol) -> child scope link"),
    DEF(py_sym_function_partitions_v1, "symtable", FILE_ID, "file_id,scope_id",
        "one function scope with its name partitions"),
    DEF(scip_metadata_v1, "scip", NONE, "project_root,tool_name,tool_version",
        "the single Index.metadata record"),
    DEF(scip_documents_v1, "scip", NONE, "path", "one SCIP Document"),
    DEF(scip_occurrences_v1, "scip", NONE, "document_id,start_line,start_char,end_line,end_char",
        "one Occurrence of one document"),
    DEF(scip_symbol_info_v1, "scip", NONE, "symbol",
        "one SymbolInformation (index-level and per document)"),
    DEF(scip_symbol_relationships_v1, "scip", NONE,
        "symbol,related_symbol,is_reference,is_implementation,is_type_definition,is_definition",
        "one Relationship of one symbol"),
    DEF(scip_external_symbol_info_v1, "scip", NONE, "symbol", "one Index.external_symbols entry"),
    DEF(scip_diagnostics_v1, "scip", NONE, "document_id,start_line,start_char,end_line,end_char",
        "one Diagnostic attached to an occurrence"),
    DEFV(ts_nodes_v1, LOCAL_IDS, "tree_sitter", FILE_ID, "file_id,start_byte,end_byte,ts_type",
         "one tree-sitter node (named or anonymous), pre-order"),
    DEFV(ts_errors_v1, LOCAL_IDS, "tree_sitter", FILE_ID, "file_id,start_byte,end_byte",
         "one node with is_error (type ERROR)"),
    DEFV(ts_missing_v1, LOCAL_IDS, "tree_sitter", FILE_ID, "file_id,start_byte,end_byte",
         "one node with is_missing"),
    DEF(rt_objects_v1, "runtime_inspect", NONE, "module,qualname",
        "one imported module, class, function or method"),
    DEF(rt_signatures_v1, "runtime_inspect", NONE, "rt_id,signature",
        "the inspect.signature of one object"),
    DEF(rt_signature_params_v1, "runtime_inspect", NONE, "sig_id,name,position",
        "one parameter of one signature"),
    DEF(rt_members_v1, "runtime_inspect", NONE, "rt_id,name",
        "one static member of an allow-listed module or of one of its classes"),
    /* pycpg's addition to the runtime family (issue 9) */
    DEF(rt_errors_v1, "runtime_inspect", NONE, "module,error_code",
        "one module runtime inspection could not import or report"),

    /* repo_scan addition (§15) and pycpg's own diagnostics */
    DEF(ast_defs_v1, "ast", FILE_ID, "file_id,ast_idx",
        "one FunctionDef/AsyncFunctionDef/ClassDef row of py_ast_nodes_v1 (the ast_defs output)"),
    /* pycpg's additions to the CST family (issue 4: the reference lacked them) */
    DEF(py_cst_docstrings_v1, "cst", FILE_ID, "file_id,bstart,bend",
        "one docstring of a module, class or function"),
    DEF(py_cst_decorators_v1, "cst", FILE_ID, "file_id,bstart,bend",
        "one decorator of a def or class"),
    /* pycpg's addition to the SCIP family (issue 5): the lens's span errors, kept apart from
     * the link stage's span_errors_v1 (which folds them in) */
    DEF(scip_span_errors_v1, "scip", NONE, "document_id,occurrence_id,reason",
        "one SCIP occurrence whose range does not fit its file (folded into span_errors_v1)"),
    DEF(file_line_index_v1, "repo_scan", FILE_ID, "file_id,line_no",
        "one line of one file (terminator included)"),
    DEF(file_errors_v1, "pipeline", FILE_ID_NO_SHA, "file_id,lens,error_code,bstart",
        "one problem pycpg met with one file"),

    /* normalize */
    DEF(py_bc_blocks_norm_v1, "normalize", FILE_ID_NO_SHA, "code_unit_id,block_id",
        "a block row re-keyed for joins"),
    DEFV(py_bc_cfg_edges_norm_v1, LOCAL_IDS, "normalize", FILE_ID_NO_SHA, "code_unit_id,edge_id",
         "a CFG edge row re-keyed for joins"),
    /* computed by the CPython lens (cpython_df.c: a fixed point per code unit), written with
     * the bytecode family; the reference's catalogue lists them under normalize */
    DEFV(py_bc_def_use_events_v1, LOCAL_IDS, "bytecode", FILE_ID_NO_SHA, "code_unit_id,event_id",
         "one def or use event derived from one instruction"),
    DEFV(py_bc_reaches_v1, LOCAL_IDS, "bytecode", FILE_ID_NO_SHA,
         "code_unit_id,symbol,def_event_id,use_event_id",
         "one (def event, use event) pair with same symbol in same code unit"),
    DEF(normalize_evidence_v1, "normalize", NONE, "span_id,rule_name",
        "one normalized output row projected onto the common evidence columns"),
    DEF(type_exprs_norm_v1, "normalize", FILE_ID_NO_SHA, "type_expr_id",
        "one annotation expression with non-empty text and its type id"),
    DEF(type_nodes_v1, "normalize", NONE, "type_id", "one distinct type (by type_repr)"),
    DEFV(span_errors_v1, LOCAL_IDS, "normalize", NONE, "source_dataset,path,row_key,reason",
         "one evidence row whose position could not be mapped to a byte span"),
    DEF(diagnostics_norm_v1, "normalize", FILE_ID_NO_SHA, "diag_id",
        "one diagnostic (CST parse error, tree-sitter error/missing, SCIP) with a byte span"),
    DEF(dim_qualified_names_v1, "normalize", NONE, "qname",
        "one distinct qualified name seen in callee or definition qnames"),
    DEF(callsite_qname_candidates_v1, "normalize", NONE, "call_id,qname,qname_source",
        "one qualified-name candidate of one callsite"),

    /* relspec */
    DEFV(rel_name_symbol_v1, LOCAL_IDS, "relspec", NONE,
         "name_ref_id,symbol_node_id,path,bstart,bend",
         "one name ref matched to the smallest SCIP occurrence inside it"),
    DEF(rel_import_symbol_v1, "relspec", NONE, "import_alias_id,symbol_node_id,path,bstart,bend",
        "one import alias matched to a SCIP occurrence inside it"),
    DEF(rel_def_symbol_v1, "relspec", NONE, "def_id,symbol_node_id,path,bstart,bend",
        "one def/class matched to the symbol its name binds"),
    DEF(rel_callsite_symbol_v1, "relspec", NONE,
        "call_id,symbol_node_id,path,call_bstart,call_bend",
        "one callsite matched to a SCIP occurrence inside its callee"),
    DEF(rel_callsite_qname_v1, "relspec", NONE, "call_id,qname_id",
        "one callsite matched to one qualified-name candidate"),

    /* cpg */
    DEFV(cpg_nodes_v1, LOCAL_IDS, "cpg", NONE, "node_id,node_kind",
         "one node of the code property graph"),
    DEFV(cpg_edges_v1, LOCAL_IDS, "cpg", NONE, "edge_kind,src_node_id,dst_node_id,path,bstart,bend",
         "one edge of the code property graph"),
    DEFV(cpg_props_v1, LOCAL_IDS, "cpg", NONE, "entity_kind,entity_id,prop_key",
         "one property of one node or edge"),
    DEF(cpg_nodes_quality_v1, "cpg", NONE, "entity_id,kind,issue,detail",
        "one issue of one raw (pre-contract) node row"),
    DEF(cpg_edges_quality_v1, "cpg", NONE, "kind,issue,detail",
        "one issue of one raw (pre-contract) edge row"),
    DEF(cpg_props_quality_v1, "cpg", NONE, "entity_id,kind,issue,detail",
        "one issue of one raw (pre-contract) prop row"),

    /* flows: written empty by a build, filled by `pycpg flows OUT --save` */
    DEFV(cpg_flows_v1, LOCAL_IDS, "flows", NONE, "flow_id",
         "one taint flow finding of `pycpg flows`"),
    DEFV(cpg_flow_edges_v1, LOCAL_IDS, "flows", NONE,
         "edge_kind,src_node_id,dst_node_id,path,bstart,bend",
         "one value-flow edge of the taint analysis"),
};
const size_t registry_ndefs = sizeof registry_defs / sizeof registry_defs[0];
