/*
 * link_kinds.c — the kinds registry: every node and edge kind of cpg_pipeline.md §5.2-5.3
 * (58 + 43), with its contract. One table, read by the emission check (link_emit.c):
 * an emitter's kind must be here, its source allowed, and every required prop provided
 * (as a cpg_edges_v1 column or a prop); rows whose required props or anchor are NULL
 * become error-artifact rows of cpg_nodes_v1/cpg_edges_v1 (code KIND_CONTRACT).
 *
 * Row format: name, is_edge, anchor_required, required_props, allowed_sources, id_prop.
 * id_prop names a required prop that is the node's own id (BC_INSTR's instr_id, …): it is
 * the node_id itself and is not repeated in cpg_props_v1. pycpg's CST lens (tree-sitter
 * based) stands where the reference had libcst, so its emitters say "libcst".
 */
#include "link_int.h"

#include <string.h>

#define N(name, anchor, req, src, idp)                                                             \
    {                                                                                              \
        name, false, anchor, req, src, idp                                                         \
    }
#define E(name, anchor, req, src)                                                                  \
    {                                                                                              \
        name, true, anchor, req, src, NULL                                                         \
    }

static const link_kind kinds[] = {
    N("PY_REPO", false, "repo_root,repo_id", "pipeline", NULL),
    N("PY_FILE", false, "path", "pipeline", NULL),
    N("PY_MODULE", false, "path,module_fqn", "libcst,derived", NULL),
    N("PY_PACKAGE", false, "package_fqn", "pipeline,derived", NULL),
    N("CST_NODE", true, "cst_type", "libcst", NULL),
    N("CST_DEF", true, "name,def_kind", "libcst", NULL),
    N("CST_CLASS_DEF", true, "name", "libcst", NULL),
    N("CST_FUNCTION_DEF", true, "name", "libcst", NULL),
    N("CST_LAMBDA", true, "", "libcst", NULL),
    N("CST_PARAM", true, "name", "libcst", NULL),
    N("CST_DECORATOR", true, "", "libcst", NULL),
    N("CST_IMPORT", true, "", "libcst", NULL),
    N("CST_IMPORT_FROM", true, "", "libcst", NULL),
    N("CST_IMPORT_ALIAS", true, "imported_name", "libcst", NULL),
    N("CST_NAME_REF", true, "name,expr_context", "libcst", NULL),
    N("CST_ATTRIBUTE_ACCESS", true, "attr", "libcst", NULL),
    N("CST_SUBSCRIPT", true, "", "libcst", NULL),
    N("CST_CALLSITE", true, "callee_shape,arg_count", "libcst", NULL),
    N("CST_ARG", true, "", "libcst", NULL),
    N("CST_LITERAL", true, "literal_kind", "libcst", NULL),
    N("CST_DOCSTRING", true, "docstring", "libcst", NULL),
    N("CST_COMMENT", true, "text", "libcst", NULL),
    N("AST_NODE", false, "ast_type", "py_ast", NULL),
    N("AST_DEF", false, "ast_type", "py_ast", NULL),
    N("AST_CALL", false, "ast_type", "py_ast", NULL),
    N("AST_NAME", false, "ast_type,id", "py_ast", NULL),
    N("AST_ATTRIBUTE", false, "ast_type,attr", "py_ast", NULL),
    N("TS_NODE", true, "ts_type", "treesitter", NULL),
    N("TS_ERROR", true, "ts_type,is_error", "treesitter", NULL),
    N("TS_MISSING", true, "ts_type,is_missing", "treesitter", NULL),
    N("SYM_SCOPE", false, "scope_id,scope_type,scope_name", "symtable", "scope_id"),
    N("SYM_SYMBOL", false, "scope_id,name", "symtable", NULL),
    N("PY_SCOPE", false, "scope_id,scope_type", "derived,symtable,libcst", "scope_id"),
    N("PY_BINDING", false, "binding_id,scope_id,name,binding_kind", "derived,symtable",
      "binding_id"),
    N("PY_DEF_SITE", true, "binding_id,name", "derived", NULL),
    N("PY_USE_SITE", true, "binding_id,name", "derived", NULL),
    N("SCIP_INDEX", false, "index_format,tool", "scip", NULL),
    N("SCIP_DOCUMENT", false, "path", "scip", NULL),
    N("SCIP_SYMBOL", false, "symbol", "scip", NULL),
    N("SCIP_OCCURRENCE", true, "symbol,symbol_roles", "scip,derived", NULL),
    N("SCIP_DIAGNOSTIC", true, "severity,message", "scip", NULL),
    N("PY_QUALIFIED_NAME", false, "qname", "libcst,derived", NULL),
    N("PY_MODULE_FQN", false, "module_fqn", "libcst,derived", NULL),
    N("BC_CODE_UNIT", false, "code_unit_id,path,qualname", "dis", "code_unit_id"),
    N("BC_INSTR", false, "instr_id,code_unit_id,offset,baseopname", "dis", "instr_id"),
    N("CFG_BLOCK", false, "block_id,code_unit_id,start_off,end_off", "derived,dis", "block_id"),
    N("CFG_EXIT", false, "code_unit_id", "derived", NULL),
    N("DF_DEF", false, "df_id,binding_id,instr_id,code_unit_id", "derived", "df_id"),
    N("DF_USE", false, "df_id,binding_id,instr_id,code_unit_id", "derived", "df_id"),
    N("TYPE_EXPR", true, "expr_text", "libcst,py_ast", NULL),
    N("TYPE", false, "type_repr,type_form", "derived,libcst,inspect", NULL),
    N("TYPE_PARAM", false, "name", "derived,symtable", NULL),
    N("TYPE_ALIAS", false, "name,target_type_repr", "derived,symtable", NULL),
    N("RT_OBJECT", false, "rt_id,qualname,module", "inspect", "rt_id"),
    N("RT_SIGNATURE", false, "sig_id,signature", "inspect", "sig_id"),
    N("RT_SIGNATURE_PARAM", false, "param_id,name,kind", "inspect", "param_id"),
    N("RT_MEMBER", false, "member_id,name,member_kind", "inspect", "member_id"),
    N("DIAG", true, "severity,message,diag_source", "treesitter,scip,pipeline,derived", NULL),

    E("REPO_CONTAINS", false, "", "pipeline"),
    E("FILE_DECLARES_MODULE", false, "module_fqn", "derived,libcst"),
    E("FILE_CONTAINS", false, "role", "pipeline,derived"),
    E("CST_PARENT_OF", false, "", "libcst"),
    E("AST_PARENT_OF", false, "", "py_ast"),
    E("TS_PARENT_OF", false, "", "treesitter"),
    E("SCOPE_PARENT", false, "", "symtable,derived"),
    E("SCOPE_BINDS", false, "", "symtable,derived"),
    E("BINDING_RESOLVES_TO", false, "kind", "derived,symtable"),
    E("DEF_SITE_OF", true, "def_site_kind", "derived"),
    E("USE_SITE_OF", true, "use_kind", "derived"),
    E("NAME_REF_CANDIDATE_QNAME", true, "qname_source,score", "libcst,derived"),
    E("CALLSITE_CANDIDATE_QNAME", true, "qname_source,score", "libcst,derived"),
    E("ATTR_CANDIDATE_QNAME", true, "qname_source,score", "libcst,derived"),
    E("PY_DEFINES_SYMBOL", true, "symbol_roles,origin,resolution_method", "scip,derived"),
    E("PY_REFERENCES_SYMBOL", true, "symbol_roles,origin,resolution_method", "scip,derived"),
    E("PY_IMPORTS_SYMBOL", true, "symbol_roles,origin,resolution_method", "scip,derived"),
    E("PY_READS_SYMBOL", true, "symbol_roles,origin,resolution_method", "scip,derived"),
    E("PY_WRITES_SYMBOL", true, "symbol_roles,origin,resolution_method", "scip,derived"),
    E("SCIP_SYMBOL_REFERENCE", false, "origin,resolution_method", "scip"),
    E("SCIP_SYMBOL_IMPLEMENTATION", false, "origin,resolution_method", "scip"),
    E("SCIP_SYMBOL_TYPE_DEFINITION", false, "origin,resolution_method", "scip"),
    E("SCIP_SYMBOL_DEFINITION", false, "origin,resolution_method", "scip"),
    E("PY_CALLS_SYMBOL", true, "origin,resolution_method,score", "scip,derived"),
    E("PY_CALLS_QNAME", true, "origin,qname_source,score", "libcst,derived"),
    E("HAS_ANNOTATION", true, "origin", "libcst,py_ast,derived"),
    E("INFERRED_TYPE", false, "origin,score", "libcst,inspect,derived"),
    E("TYPE_PARAM_OF", false, "", "derived,symtable"),
    E("BYTECODE_ANCHOR", false, "mapping_method,score", "derived,dis"),
    E("CFG_NEXT", false, "code_unit_id", "derived"),
    E("CFG_JUMP", false, "code_unit_id", "derived"),
    E("CFG_BRANCH_TRUE", false, "code_unit_id", "derived"),
    E("CFG_BRANCH_FALSE", false, "code_unit_id", "derived"),
    E("CFG_BRANCH", false, "code_unit_id", "derived"),
    E("CFG_EXC", false, "code_unit_id,exc_entry_index", "derived"),
    E("STEP_DEF", false, "code_unit_id,instr_id,binding_id", "derived"),
    E("STEP_USE", false, "code_unit_id,instr_id,binding_id", "derived"),
    E("REACHES", false, "code_unit_id", "derived"),
    E("RT_HAS_SIGNATURE", false, "", "inspect"),
    E("RT_HAS_PARAM", false, "", "inspect"),
    E("RT_HAS_MEMBER", false, "", "inspect"),
    E("RT_WRAPS", false, "", "inspect"),
    E("HAS_DIAGNOSTIC", false, "diag_source", "treesitter,scip,derived"),
    /* the call graph (link_calls.c): not in the reference's 43 */
    E("PY_CALLS", true, "origin,resolution_method,confidence,callee_fqn", "derived,scip"),
    E("PY_INHERITS_FROM", true, "origin,resolution_method", "derived"),
    /* runtime inspection (issue 9): a runtime object to its def (or a module to its file) */
    E("RT_DEFINED_BY", false, "origin,resolution_method", "inspect"),
    /* value flow (issue 26, src/flows/save.c): edges of cpg_flow_edges_v1, written by `pycpg
     * flows OUT --save`, never by the link stage (their node ids are AST_NODE ids, or a
     * synthetic node's: a field, a global, a cell, an element) */
    E("PY_VF_LOCAL", false, "origin,resolution_method,confidence", "flows"),
    E("PY_VF_ARG", true, "origin,resolution_method,confidence", "flows"),
    E("PY_VF_RETURN", true, "origin,resolution_method,confidence", "flows"),
    E("PY_VF_FIELD", false, "origin,resolution_method,confidence", "flows"),
    E("PY_VF_ELEMENT", false, "origin,resolution_method,confidence", "flows"),
    E("PY_VF_GLOBAL", false, "origin,resolution_method,confidence", "flows"),
    E("PY_VF_YIELD", false, "origin,resolution_method,confidence", "flows"),
};

size_t link_kind_count(void)
{
    return sizeof kinds / sizeof kinds[0];
}

const link_kind *link_kind_at(size_t i)
{
    return i < link_kind_count() ? &kinds[i] : NULL;
}

const link_kind *link_kind_find(const char *name)
{
    for (size_t i = 0; i < link_kind_count(); i++)
        if (strcmp(kinds[i].name, name) == 0)
            return &kinds[i];
    return NULL;
}

/* ---- the read-only view of link.h (docs) --------------------------------------------------- */

size_t link_kind_info_count(void)
{
    return link_kind_count();
}

bool link_kind_info_at(size_t i, link_kind_info *out)
{
    const link_kind *k = link_kind_at(i);
    if (!k)
        return false;
    *out = (link_kind_info){.name = k->name,
                            .is_edge = k->is_edge,
                            .anchor_required = k->anchor_required,
                            .required_props = k->required_props,
                            .allowed_sources = k->allowed_sources};
    return true;
}

bool link_kind_emitter(const char *kind, size_t j, const char **source, const char **from,
                       link_scope *scope)
{
    const link_kind *k = link_kind_find(kind);
    if (!k)
        return false;
    size_t n = k->is_edge ? link_edge_emitter_count() : link_node_emitter_count();
    for (size_t i = 0; i < n; i++) {
        const link_emitter *e = k->is_edge ? link_edge_emitter_at(i) : link_node_emitter_at(i);
        if (strcmp(e->kind, kind) != 0)
            continue;
        if (j > 0) {
            j--;
            continue;
        }
        *source = e->source;
        *from = e->from;
        *scope = e->scope;
        return true;
    }
    return false;
}
