/*
 * cst_int.h — internals of the CST lens, shared by its files (never included elsewhere).
 *
 * The lens reads the shared tree-sitter tree of a file (lens_file_tree) in two passes:
 *   cst_walk.c   one iterative pre-order walk (TSTreeCursor + explicit frame stack, habit 12)
 *                that records *facts*: name occurrences with their expression context,
 *                scopes, bindings, defs, calls, imports, annotations, decorators,
 *                docstrings and parse errors, all in arrays of cst_file;
 *   cst_scope.c  after the walk: a hash of bindings per (scope, name), CPython qualnames of
 *                scopes, and qualified-name candidates of callees and decorators;
 *   cst.c        the lens entry (open/run/close), the datasets' columns and row emission.
 *
 * Facts hold byte spans into the file and indexes into the other arrays, never TSNodes, so
 * nothing of the tree is needed once the walk is over. Strings made during the analysis
 * (dotted names, qualnames, resolved imports) live in the file's arena, reset per file;
 * the arrays keep their capacity from file to file.
 *
 * Expression contexts follow CPython's ast (ast.Name.ctx): CTX_LOAD / CTX_STORE / CTX_DEL.
 * CTX_NONE marks identifiers that are not variable references at all (attribute names,
 * keyword-argument names, module paths in imports, global/nonlocal declarations);
 * docs/decisions.md "CST lens" lists every rule.
 */
#ifndef PYCPG_CST_INT_H
#define PYCPG_CST_INT_H

#include "lens.h"

/* ---- node kinds: tree-sitter-python symbol names the lens reacts to ------------------- */

#define CST_KINDS(X)                                                                               \
    X(IDENT, "identifier")                                                                         \
    X(MODULE, "module")                                                                            \
    X(BLOCK, "block")                                                                              \
    X(FUNCTION_DEF, "function_definition")                                                         \
    X(CLASS_DEF, "class_definition")                                                               \
    X(DECORATED_DEF, "decorated_definition")                                                       \
    X(DECORATOR, "decorator")                                                                      \
    X(LAMBDA, "lambda")                                                                            \
    X(PARAMETERS, "parameters")                                                                    \
    X(LAMBDA_PARAMETERS, "lambda_parameters")                                                      \
    X(TYPED_PARAMETER, "typed_parameter")                                                          \
    X(DEFAULT_PARAMETER, "default_parameter")                                                      \
    X(TYPED_DEFAULT_PARAMETER, "typed_default_parameter")                                          \
    X(LIST_SPLAT_PATTERN, "list_splat_pattern")                                                    \
    X(DICT_SPLAT_PATTERN, "dictionary_splat_pattern")                                              \
    X(ASSIGNMENT, "assignment")                                                                    \
    X(AUG_ASSIGNMENT, "augmented_assignment")                                                      \
    X(FOR_STATEMENT, "for_statement")                                                              \
    X(FOR_IN_CLAUSE, "for_in_clause")                                                              \
    X(NAMED_EXPRESSION, "named_expression")                                                        \
    X(DELETE_STATEMENT, "delete_statement")                                                        \
    X(AS_PATTERN, "as_pattern")                                                                    \
    X(AS_PATTERN_TARGET, "as_pattern_target")                                                      \
    X(PATTERN_LIST, "pattern_list")                                                                \
    X(TUPLE_PATTERN, "tuple_pattern")                                                              \
    X(LIST_PATTERN, "list_pattern")                                                                \
    X(TUPLE, "tuple")                                                                              \
    X(LIST, "list")                                                                                \
    X(PARENTHESIZED_EXPRESSION, "parenthesized_expression")                                        \
    X(PARENTHESIZED_LIST_SPLAT, "parenthesized_list_splat")                                        \
    X(LIST_SPLAT, "list_splat")                                                                    \
    X(DICT_SPLAT, "dictionary_splat")                                                              \
    X(EXPRESSION_LIST, "expression_list")                                                          \
    X(ATTRIBUTE, "attribute")                                                                      \
    X(SUBSCRIPT, "subscript")                                                                      \
    X(CALL, "call")                                                                                \
    X(ARGUMENT_LIST, "argument_list")                                                              \
    X(GENERATOR_EXPRESSION, "generator_expression")                                                \
    X(LIST_COMPREHENSION, "list_comprehension")                                                    \
    X(SET_COMPREHENSION, "set_comprehension")                                                      \
    X(DICT_COMPREHENSION, "dictionary_comprehension")                                              \
    X(KEYWORD_ARGUMENT, "keyword_argument")                                                        \
    X(IMPORT_STATEMENT, "import_statement")                                                        \
    X(IMPORT_FROM_STATEMENT, "import_from_statement")                                              \
    X(FUTURE_IMPORT_STATEMENT, "future_import_statement")                                          \
    X(ALIASED_IMPORT, "aliased_import")                                                            \
    X(DOTTED_NAME, "dotted_name")                                                                  \
    X(RELATIVE_IMPORT, "relative_import")                                                          \
    X(IMPORT_PREFIX, "import_prefix")                                                              \
    X(WILDCARD_IMPORT, "wildcard_import")                                                          \
    X(GLOBAL_STATEMENT, "global_statement")                                                        \
    X(NONLOCAL_STATEMENT, "nonlocal_statement")                                                    \
    X(EXPRESSION_STATEMENT, "expression_statement")                                                \
    X(STRING, "string")                                                                            \
    X(STRING_START, "string_start")                                                                \
    X(STRING_CONTENT, "string_content")                                                            \
    X(ESCAPE_SEQUENCE, "escape_sequence")                                                          \
    X(INTERPOLATION, "interpolation")                                                              \
    X(CONCATENATED_STRING, "concatenated_string")                                                  \
    X(COMMENT, "comment")                                                                          \
    X(TYPE, "type")                                                                                \
    X(GENERIC_TYPE, "generic_type")                                                                \
    X(MEMBER_TYPE, "member_type")                                                                  \
    X(TYPE_ALIAS_STATEMENT, "type_alias_statement")                                                \
    X(CASE_PATTERN, "case_pattern")                                                                \
    X(CLASS_PATTERN, "class_pattern")                                                              \
    X(DICT_PATTERN, "dict_pattern")                                                                \
    X(KEYWORD_PATTERN, "keyword_pattern")                                                          \
    X(SPLAT_PATTERN, "splat_pattern")                                                              \
    X(ASYNC_KW, "async")                                                                           \
    X(PRINT_STATEMENT, "print_statement")                                                          \
    X(LINE_CONTINUATION, "line_continuation")

typedef enum {
    K_OTHER = 0,
#define CST_KIND_ENUM(k, s) K_##k,
    CST_KINDS(CST_KIND_ENUM)
#undef CST_KIND_ENUM
        K__COUNT
} cst_kind;

/* Field names the lens reads. */
#define CST_FIELDS(X)                                                                              \
    X(LEFT, "left")                                                                                \
    X(RIGHT, "right")                                                                              \
    X(TYPE, "type")                                                                                \
    X(NAME, "name")                                                                                \
    X(VALUE, "value")                                                                              \
    X(ALIAS, "alias")                                                                              \
    X(BODY, "body")                                                                                \
    X(PARAMETERS, "parameters")                                                                    \
    X(RETURN_TYPE, "return_type")                                                                  \
    X(FUNCTION, "function")                                                                        \
    X(ARGUMENTS, "arguments")                                                                      \
    X(OBJECT, "object")                                                                            \
    X(ATTRIBUTE, "attribute")                                                                      \
    X(MODULE_NAME, "module_name")                                                                  \
    X(DEFINITION, "definition")                                                                    \
    X(TYPE_PARAMETERS, "type_parameters")

typedef enum {
    F_NONE = 0,
#define CST_FIELD_ENUM(f, s) F_##f,
    CST_FIELDS(CST_FIELD_ENUM)
#undef CST_FIELD_ENUM
        F__COUNT
} cst_field;

/* Symbol and field tables of the grammar, built once (cst_grammar_new). */
typedef struct {
    uint8_t *kind_of; /* per TSSymbol: cst_kind */
    uint32_t nsyms;
    uint8_t *field_of; /* per TSFieldId: cst_field */
    uint32_t nfields;
    TSFieldId field_id[F__COUNT];
} cst_grammar;

void cst_grammar_init(cst_grammar *g);
void cst_grammar_fini(cst_grammar *g);

/* ---- facts --------------------------------------------------------------------------- */

typedef enum { CTX_NONE = 0, CTX_LOAD, CTX_STORE, CTX_DEL } cst_ctx;
typedef enum { SC_MODULE, SC_CLASS, SC_FUNCTION, SC_LAMBDA, SC_COMPREHENSION } cst_scope_kind;
typedef enum { DK_FUNCTION, DK_ASYNC_FUNCTION, DK_CLASS, DK_LAMBDA } cst_def_kind;
typedef enum { B_DEF, B_IMPORT, B_ASSIGN, B_PARAM, B_GLOBAL, B_NONLOCAL } cst_bind_kind;
typedef enum { SH_NAME, SH_ATTRIBUTE, SH_SUBSCRIPT, SH_CALL, SH_OTHER } cst_shape;
typedef enum { TR_RETURN, TR_PARAM, TR_VARIABLE } cst_type_role;

typedef struct {
    int64_t start, end;
} cst_span;

typedef struct {
    cst_span span;
    uint8_t ctx; /* cst_ctx */
} cst_name;

typedef struct {
    uint8_t kind;         /* cst_scope_kind */
    int32_t parent;       /* -1 for the module */
    int32_t def;          /* def owning the scope (function/class/lambda), else -1 */
    const char *name;     /* code-object name: def name, <lambda>, <listcomp>, …; module "" */
    const char *qualname; /* CPython __qualname__, set by cst_scope_resolve; module "" */
    cst_span first_param; /* function scopes: span of the first parameter name, else -1 */
} cst_scope;

typedef struct {
    int32_t scope;
    cst_span name;    /* the name's text is the source at this span, or `text` when set */
    const char *text; /* NUL-terminated name when it is not a single span (imports) */
    uint8_t kind;     /* cst_bind_kind */
    int32_t ref;      /* B_DEF: def index; B_IMPORT: import index; B_PARAM: scope index */
    int32_t next;     /* next binding of the same (scope, name), -1 */
} cst_binding;

typedef struct {
    uint8_t kind; /* cst_def_kind */
    cst_span span, name;
    int32_t container; /* enclosing def (lambdas included), -1 at module level */
    int32_t scope;     /* the scope the def is bound in (its code object's parent) */
    int32_t body;      /* the def's own scope */
    int32_t deco_first, deco_count;
} cst_def;

typedef struct {
    cst_span span, callee;
    uint8_t shape; /* cst_shape */
    int32_t npos, nkw, nstar, ndstar;
    int32_t scope;
    const char *dotted;             /* arena, or NULL */
    int32_t cand_first, cand_count; /* into cst_file.cands, after cst_scope_resolve */
} cst_call;

typedef struct {
    bool from; /* importfrom (also `from __future__`) */
    cst_span stmt, alias;
    const char *module; /* from-imports: dotted module without the dots, or NULL */
    int32_t level;
    const char *name;     /* dotted imported name or "*" */
    const char *asname;   /* or NULL */
    const char *resolved; /* absolute target, or NULL when a relative level is too deep */
    const char *bound;    /* name bound in the scope (NULL for *) */
    const char *target;   /* what `bound` stands for (`a` for `import a.b.c`), or NULL */
} cst_import;

typedef struct {
    uint8_t role;    /* cst_type_role */
    int32_t owner;   /* def (function) owning it, -1 at module level */
    cst_span span;   /* the annotation expression */
    cst_span param;  /* parameter name, or start -1 */
    cst_span target; /* annotated assignment target, or start -1 */
} cst_type_expr;

typedef struct {
    int32_t def;
    int32_t index;
    cst_span span; /* the expression after @ */
    int32_t scope;
    const char *dotted;
    int32_t cand_first, cand_count;
} cst_decorator;

typedef struct {
    int32_t owner; /* def, or -1 for the module */
    cst_span span;
} cst_docstring;

typedef struct {
    bool missing;
    cst_span span;
    const char *type; /* MISSING: the node type tree-sitter inserted */
} cst_perror;

typedef struct {
    const char *name, *source;
} cst_cand;

#define CST_VEC(T)                                                                                 \
    struct {                                                                                       \
        T *v;                                                                                      \
        size_t n, cap;                                                                             \
    }
/* Grows *p (an array of elem-size items with capacity *cap) to hold at least one more. */
void cst_grow(void **p, size_t *cap, size_t elem);
#define CST_PUSH(vec)                                                                              \
    (((vec)->n == (vec)->cap ? cst_grow((void **)&(vec)->v, &(vec)->cap, sizeof *(vec)->v)         \
                             : (void)0),                                                           \
     &(vec)->v[(vec)->n++])

/* Everything the lens learnt about one file. */
typedef struct {
    const lens_file *f;
    const char *src; /* f->bytes */
    arena *a;        /* per-file strings */
    const cst_grammar *g;
    const char *module_name, *package_name; /* from the path; "" when none */
    CST_VEC(cst_name) names;
    CST_VEC(cst_scope) scopes;
    CST_VEC(cst_binding) binds;
    CST_VEC(cst_def) defs;
    CST_VEC(cst_call) calls;
    CST_VEC(cst_import) imports;
    CST_VEC(cst_type_expr) types;
    CST_VEC(cst_decorator) decos;
    CST_VEC(cst_docstring) docs;
    CST_VEC(cst_perror) errors;
    CST_VEC(cst_cand) cands;
    CST_VEC(const char *) futures;
    const char *default_indent; /* arena or static */
    /* binding hash (cst_scope.c): power-of-two table of binding indexes, -1 = empty */
    int32_t *bucket;
    size_t nbucket;
} cst_file;

/* Clears the per-file facts (keeps capacities) and sets the file. */
void cst_file_reset(cst_file *cf, const lens_file *f, const cst_grammar *g, arena *a);
void cst_file_free(cst_file *cf);

/* cst_walk.c: records the facts of the tree. */
void cst_walk(cst_file *cf, const TSTree *tree);
/* cst_walk.c: module and package name of a repo-relative path (LibCST's rule). */
void cst_module_of_path(arena *a, const char *path, const char **module, const char **package);

/* cst_scope.c: after the walk: qualnames of scopes, candidates of calls and decorators. */
void cst_scope_resolve(cst_file *cf);
/* Copy of the source at sp (NUL-terminated, in the file's arena). */
const char *cst_text(cst_file *cf, cst_span sp);

#endif
