/*
 * link_calls.c — the call graph: a repository-wide, flow- and context-insensitive
 * (Andersen-style) points-to analysis over SQL relations, and from it PY_CALLS and
 * PY_INHERITS_FROM.
 *
 * Keys and values. Every place that can hold a value has a key (UBIGINT, DuckDB hash()):
 *   hash('e', file_id, ast_idx)   an AST expression node
 *   hash('v', scope_id, name)     a variable in the symtable scope that binds it (a free
 *                                 name → the nearest enclosing function scope binding it; a
 *                                 global or unbound name → the module scope)
 *   hash('r', def_id)             what a function or lambda returns
 *   hash('fld', class_def_id, a)  attribute a stored on instances of a class (self.a = …)
 *   hash('im', import_id)         the module a from-import reads from
 *   hash('dd', def_id)            the function a decorator receives
 * A value is (vk, v): vk 'f' function/lambda def, 'c' class def, 'i' instance of a class
 * def, 'b' method bound to an instance (def), 's' super() inside a class (def) — v the
 * def_id as text — or 'M' repository module, 'x' external dotted name (builtins, stdlib,
 * third-party) — v the dotted name.
 *
 * Facts lk_cg_pt(k, vk, v) start from lk_cg_base (defs bind their names, lambdas, imports,
 * builtins, decorated defs, super(), self/cls parameters) and grow by:
 *   static copy edges lk_cg_copy(src, dst): Name reads, assignments to names (Assign,
 *     AnnAssign, NamedExpr), returns, lambda bodies, IfExp/BoolOp operands, star imports;
 *   dynamic rules over the facts: attribute lookup (module member or submodule, external
 *     name + '.attr', class/instance member along the MRO, instance fields), field stores,
 *     calls (the callee's return, a class's instance, arguments to the callee's parameters
 *     by position and keyword), the self/cls parameter of methods for every subclass.
 * Evaluation is semi-naive: lk_cg_pt (P) holds every fact, lk_cg_delta (D) the facts new in
 * the round. One round: (1) the closure of the seed over the copy edges (a recursive CTE,
 * pruned where the fact is known — read from lk_cg_pts, the facts holding one of the seed's
 * values — or the key is full, and not leaving a full key), taken again without the keys it
 * would grow past CG_MAX_SET facts (blocked: full, none of the round's new facts), minus
 * what was known, is D and is added to P (the first round's D also holds the base); (2) the
 * keys of D that reached CG_MAX_VALUES facts join lk_cg_full (widening); a full key is a
 * sink: no copy edge and no rule moves its values elsewhere; (3) inheritance, MRO and
 * constructors are recomputed (small) with their changed rows (lk_cg_dmro, lk_cg_dctor);
 * (4) call targets and the MRO member winners (lk_cg_win) are maintained from D and the
 * changed rows; (5) every dynamic rule is evaluated once per recursive input with D (or the
 * changed rows) in that place and the full relations elsewhere, minus full keys, minus P
 * (read for the candidates' keys only): the next seed. A fact derivable from the previous
 * round's inputs alone was derived then and is in P or at a full key, so the result is the
 * same fact set, round by round, as naive evaluation over all facts. Rounds repeat until
 * the seed is empty, at most CG_MAX_ROUNDS times, and no round starts once the facts exceed
 * the budget (CG_MAX_FACTS, more for a large repository: run_caps). Every step is a set operation,
 * so the result is the same whatever the thread count; the caps (rounds, MRO depth, external name
 * length) make every input terminate.
 *
 * Who runs the rounds. The round statements below are the reference; by default
 * link_pts.c runs them instead: it reads the setup tables they read, runs the same steps
 * in C over hash tables (the same fact set round by round: same widening points, same
 * round cap, same budget check between rounds) and writes lk_cg_pt back; the round_hier
 * statements then derive lk_cg_inh/mro/ctor from it for the outputs. On the 710-file
 * stdlib sample, 8-20 s of SQL rounds became 1.3-2 s with loading and writing back
 * (docs/decisions.md, "Call graph", "Rounds in C"). PYCPG_POINTS_TO=sql runs the
 * statements instead: the oracle the parity test (tests/cli/test_points_to.py) compares
 * against. Test knobs: PYCPG_POINTS_TO_DUMP=FILE writes the sorted facts as CSV after the
 * rounds; PYCPG_CG_MAX_ROUNDS / PYCPG_CG_MAX_FACTS lower the round cap and the fact budget
 * (both evaluations). -v prints every round's fact and seed counts (the same lines for
 * both).
 *
 * Inheritance: lk_cg_inh (class → base class def, from the base expressions' facts);
 * lk_cg_mro is Python's C3 order (link_c3.c, the table lk_cg_c3; a class whose C3 merge
 * fails has no ancestors: Python raises TypeError and the class never exists) where it is
 * decided, and elsewhere (a base expression with several class values, a cycle) the rank
 * approximation (depth, position of the first base on the path, position of the last base
 * on it), capped at depth CG_MRO_DEPTH (cycles terminate).
 *
 * The cone of self: self in C's methods ('I' C) and super() in C ('s' C) look along C's own
 * MRO only when C is live (something may instantiate it: lk_cg_live) or open (no live class
 * in its static cone: lk_cg_open), and along the MRO of every live subclass ('J', 'S');
 * every subclass's override only when C is open. Both relations are static (setup), so the
 * rounds stay monotone.
 *
 * Outputs (temporary tables read by the emitters of link_emit.c and by `pycpg callgraph`
 * through cpg_edges_v1/cpg_props_v1):
 *   lk_cg_calls_out  call or decoration site → target: a def (CST_DEF) or an external name
 *                    (PY_QUALIFIED_NAME), with caller/callee fqn, method and confidence.
 *                    A site takes the targets of the first method that resolves it: scip
 *                    (rel_callsite_symbol_v1 → rel_def_symbol_v1), points_to, qname
 *                    (callsite_qname_candidates_v1). Several targets share the site's
 *                    ambiguity group.
 *   lk_cg_inh_out    class def → base class def, with the base expression's span.
 * Divisions: setup steps, the round statements (close, hier, rules), output steps, the
 * driver.
 */
#include "link_int.h"

#include <stdlib.h>
#include <string.h>

#define CG_MAX_ROUNDS 128
/* Facts after which no further round starts: a guard, not a result. The whole standard
 * library with its tests reaches its fixed point at 3.3 M facts (31 rounds) since full keys
 * are sinks, the closure widens inside a round and a key is full at 16 values
 * (docs/decisions.md, "Scale"); before, it stopped at 4 M after 6 rounds and had reached
 * 27 M facts without the budget. Deterministic: checked between rounds, each a function of
 * the set. */
#define CG_MAX_FACTS INT64_C(8000000)
/* ... or one fact per this many bytes of the repository's files, where that is more (the
 * whole library directory with its site-packages, 128 MB: 32 M), at most CG_MAX_FACTS_SCALED
 * (link_pts.c's hard cap, four times the budget, stays below its 2^30 ids). */
#define CG_BYTES_PER_FACT   4
#define CG_MAX_FACTS_SCALED INT64_C(256000000)
#define CG_MRO_DEPTH        "32"
/* A key of the delta holding this many values is full (widening; a sink). 16, not 32: the
 * whole standard library's fixed point 5.4 M → 3.3 M facts, the call-graph suites' scores
 * unchanged (docs/decisions.md, "Scale"). */
#define CG_MAX_VALUES "16"
/* Facts a key may reach within one round: a key the closure would grow past it takes none of
 * the round's new facts and is full (widening decided inside the round: at round starts
 * alone, one round of the whole standard library copied the 1 569 test functions and classes
 * that unittest's skip decorators return into 3 754 keys). */
#define CG_MAX_SET 256
/* The join key `key` where `cond` (a condition on the join's left side) holds, else NULL: a
 * LEFT JOIN … ON r.id = CG_ONLY(cond, l.id) matches nothing where cond fails, exactly as
 * ON r.id = l.id AND cond, but stays a hash join. DuckDB plans a LEFT JOIN whose ON holds a
 * condition on the left side alone as a blockwise nested loop, quadratic in the chunk's AST
 * (lk_cg_cref_f took 66 ms of one 452 KB chunk so, lk_cg_strs 42 ms; docs/performance.md). */
#define CG_ONLY(cond, key) "CASE WHEN " cond " THEN " key " END"
/* ---- setup: the relations the rounds read ----------------------------------------------
 *
 * Most of them are per file — keys and values of one file's AST and symbol tables — and
 * computed with each group of files (link.c): LINK_KEPT steps are kept beside the group's
 * parts (OUT/link_chunks/<chunk>-<name>.parquet) and read back by the repository-wide part, so
 * an incremental build does not compute them again from the evidence of unchanged files;
 * LINK_TABLE steps of LINK_FILE are per-group helpers. What needs the whole repository —
 * whether a name is a repository module, the set of builtin names, star imports, which read
 * another file's symbols — is computed repository-wide from the kept parts (the steps at the
 * end, LINK_REPO). Row format: link_norm_step (link_int.h). */

/* clang-format off */
static const link_norm_step setup[] = {
    /* the chunk's AST as the setup reads it, made once: the columns read and each node's key
     * (lk_cg_dun alone reads the AST forty times, and a dozen steps more than six each: from
     * the evidence's Parquet parts each is a scan that decodes them; a MATERIALIZED CTE
     * instead lost the statistics that order a statement's joins) */
    {"lk_cg_ast", LINK_TABLE,
     "SELECT file_id, ast_idx, parent_ast_idx, field_name, field_pos, kind, name, bstart, bend, "
     "value_repr, hash('e', file_id, ast_idx) AS ek FROM py_ast_nodes_v1", LINK_FILE},
    {"lk_cg_mods", LINK_KEPT,
     "SELECT m.file_id, m.module_name AS module, s.scope_id FROM py_cst_parse_manifest_v1 m "
     "JOIN py_sym_scopes_v1 s ON s.file_id = m.file_id AND s.scope_type = 'module' "
     "WHERE m.module_name IS NOT NULL", LINK_FILE},
    /* Every def with its module-qualified name, AST node, body scope and container. */
    {"lk_cg_defs", LINK_KEPT,
     "SELECT d.def_id, d.file_id, d.path, d.kind, d.name, d.container_def_id, d.def_bstart, "
     "  d.def_bend, d.decorators, coalesce(m.module_name || '.', '') || d.qualname AS fqn, "
     "  a.ast_idx, s.scope_id AS body_scope, c.kind AS container_kind, (SELECT "
     "  min(least(b.bstart, x.bstart)) FROM lk_cg_ast b LEFT JOIN lk_cg_ast x "
     "  ON x.file_id = b.file_id AND x.parent_ast_idx = b.ast_idx "
     "  AND x.field_name = 'decorator_list' WHERE b.file_id = a.file_id "
     "  AND b.parent_ast_idx = a.ast_idx AND b.field_name = 'body') AS body_bstart "
     "FROM py_cst_defs_v1 d LEFT JOIN py_cst_parse_manifest_v1 m ON m.file_id = d.file_id "
     "LEFT JOIN lk_cg_ast a ON a.file_id = d.file_id AND a.bstart = d.def_bstart "
     "  AND a.kind = CASE d.kind WHEN 'class' THEN 'ClassDef' WHEN 'lambda' THEN 'Lambda' "
     "  WHEN 'async_function' THEN 'AsyncFunctionDef' ELSE 'FunctionDef' END "
     "LEFT JOIN lk_scopes s ON s.file_id = a.file_id AND s.ast_idx = a.ast_idx "
     "LEFT JOIN py_cst_defs_v1 c ON c.def_id = d.container_def_id", LINK_FILE},
    /* Scope ancestry (the symtable's scope tree), depth-capped. */
    {"lk_cg_anc", LINK_TABLE,
     "WITH RECURSIVE a(scope_id, anc, depth) AS (SELECT scope_id, scope_id, 0 "
     "  FROM py_sym_scopes_v1 UNION ALL SELECT a.scope_id, e.parent_scope_id, a.depth + 1 "
     "  FROM a JOIN py_sym_scope_edges_v1 e ON e.child_scope_id = a.anc WHERE a.depth < 200) "
     "SELECT * FROM a", LINK_FILE},
    /* Free names with their enclosing function scopes, materialised: as a CTE of the query
     * below, DuckDB joined every ancestor's symbols first (68 s on the stdlib). */
    {"lk_cg_free_anc", LINK_TABLE,
     "SELECT s.scope_id, s.name, a.anc, a.depth FROM py_sym_symbols_v1 s "
     "JOIN lk_cg_anc a ON a.scope_id = s.scope_id AND a.depth > 0 "
     "JOIN py_sym_scopes_v1 sa ON sa.scope_id = a.anc AND sa.scope_type = 'function' "
     "WHERE s.is_free", LINK_FILE},
    /* The variable key of every (scope, name) the symtable knows. */
    {"lk_cg_var", LINK_KEPT,
     "WITH ms AS (SELECT file_id, scope_id FROM py_sym_scopes_v1 WHERE scope_type = 'module'), "
     "fr AS (SELECT f.scope_id, f.name, arg_min(hash('v', f.anc, f.name), f.depth) AS vkey "
     "  FROM lk_cg_free_anc f JOIN py_sym_symbols_v1 t ON t.scope_id = f.anc "
     "  AND t.name = f.name AND NOT t.is_free AND NOT t.is_global GROUP BY f.scope_id, f.name) "
     "SELECT s.scope_id, s.name, CASE WHEN sc.scope_type = 'module' THEN hash('v', s.scope_id, "
     "  s.name) WHEN s.is_free THEN coalesce(fr.vkey, hash('v', ms.scope_id, s.name)) "
     "  WHEN s.is_global THEN hash('v', ms.scope_id, s.name) "
     "  ELSE hash('v', s.scope_id, s.name) END AS vkey, "
     "  sc.scope_type = 'module' OR s.is_global OR (s.is_free AND fr.vkey IS NULL) AS modlevel, "
     "  ms.scope_id AS mod_scope "
     "FROM py_sym_symbols_v1 s JOIN py_sym_scopes_v1 sc ON sc.scope_id = s.scope_id "
     "JOIN ms ON ms.file_id = s.file_id "
     "LEFT JOIN fr ON fr.scope_id = s.scope_id AND fr.name = s.name", LINK_FILE},
    /* AST Name/arg nodes → variable key. */
    {"lk_cg_nref", LINK_TABLE,
     "SELECT a.file_id, a.ast_idx, a.kind, v.vkey, n.roles FROM lk_name_scope n "
     "JOIN lk_cg_ast a ON a.file_id = n.file_id AND a.bstart = n.bstart "
     "  AND a.name = n.bind_name AND a.kind IN ('Name', 'arg') "
     "JOIN lk_cg_var v ON v.scope_id = n.scope_id AND v.name = n.bind_name", LINK_FILE},
    /* Innermost def (any kind) around each Call, Return and decorator expression: the
     * containing def of the file that starts last (an equi-join on the file, a range test). */
    {"lk_cg_encl", LINK_KEPT,
     "WITH n AS (SELECT file_id, ast_idx, bstart FROM lk_cg_ast "
     "  WHERE (kind IN ('Call', 'Return', 'Yield', 'YieldFrom', 'Raise', 'withitem', 'For', "
     "  'AsyncFor', 'comprehension', 'BinOp', 'UnaryOp', 'Compare', 'AugAssign', "
     "  'Subscript', 'ExceptHandler', 'ClassDef', 'Attribute') "
     "  OR field_name IN ('decorator_list', 'iter', 'context_expr', 'test', 'ifs', 'values', "
     "  'operand') OR kind = 'FormattedValue') "
     "  AND bstart IS NOT NULL) "
     "SELECT n.file_id, n.ast_idx, arg_max(d.def_id, d.def_bstart) AS def_id FROM n "
     "JOIN lk_cg_defs d ON d.file_id = n.file_id "
     "  AND n.bstart >= coalesce(d.body_bstart, d.def_bstart) "
     "  AND n.bstart < d.def_bend GROUP BY n.file_id, n.ast_idx", LINK_FILE},
    /* Parameters: positional index (posonlyargs then args) and name. */
    {"lk_cg_params", LINK_KEPT,
     "WITH ar AS (SELECT d.def_id, x.file_id, x.ast_idx AS args_idx FROM lk_cg_defs d "
     "  JOIN lk_cg_ast x ON x.file_id = d.file_id AND x.parent_ast_idx = d.ast_idx "
     "  AND x.field_name = 'args' AND x.kind = 'arguments'), "
     "p AS (SELECT ar.def_id, c.ast_idx, c.name, c.field_name, c.field_pos, c.file_id, "
     "  count(*) FILTER (WHERE c.field_name = 'posonlyargs') OVER (PARTITION BY ar.def_id) "
     "  AS npo FROM ar JOIN lk_cg_ast c ON c.file_id = ar.file_id "
     "  AND c.parent_ast_idx = ar.args_idx AND c.kind = 'arg' "
     "  AND c.field_name IN ('posonlyargs', 'args', 'kwonlyargs')) "
     "SELECT p.def_id, CASE p.field_name WHEN 'posonlyargs' THEN p.field_pos "
     "  WHEN 'args' THEN p.field_pos + p.npo END AS pos, "
     "  CASE WHEN p.field_name <> 'posonlyargs' THEN p.name END AS kwname, r.vkey "
     "FROM p JOIN lk_cg_nref r ON r.file_id = p.file_id AND r.ast_idx = p.ast_idx "
     /* *args takes the positions from the positional parameters' count on (pos -1000 - n);
      * **kwargs every keyword ('**'); both into their box's elements (lk_cg_star) */
     "UNION ALL SELECT ar.def_id, CASE c.field_name WHEN 'vararg' THEN -1000 - (SELECT "
     "  count(*) FROM lk_cg_ast q WHERE q.file_id = ar.file_id AND q.parent_ast_idx = "
     "  ar.args_idx AND q.field_name IN ('posonlyargs', 'args')) END, CASE c.field_name WHEN "
     "  'kwarg' THEN '**' END, hash(c.field_name, ar.def_id) FROM ar JOIN lk_cg_ast c "
     "  ON c.file_id = ar.file_id AND c.parent_ast_idx = ar.args_idx "
     "  AND c.field_name IN ('vararg', 'kwarg')", LINK_FILE},
    /* the *args / **kwargs variable of each def: its box receives the extra arguments */
    {"lk_cg_star", LINK_TABLE,
     "SELECT d.def_id, c.field_name AS kind, r.vkey FROM lk_cg_defs d "
     "JOIN lk_cg_ast x ON x.file_id = d.file_id AND x.parent_ast_idx = d.ast_idx "
     "  AND x.field_name = 'args' AND x.kind = 'arguments' "
     "JOIN lk_cg_ast c ON c.file_id = x.file_id AND c.parent_ast_idx = x.ast_idx "
     "  AND c.field_name IN ('vararg', 'kwarg') "
     "JOIN lk_cg_nref r ON r.file_id = c.file_id AND r.ast_idx = c.ast_idx", LINK_FILE},
    /* ---- containers, unpacking, iteration, implicit calls (issue 24) ----
     *
     * A container is an instance of a box: a synthetic class (an id of its allocation site,
     * lk_cg_box_f) with no members and no bases, whose elements are instance fields named by
     * slots that no Python attribute can spell: "[0]", "['k']" (a constant index or key),
     * "[?]" (an element stored at an index not known statically), "[*]" (every element or
     * value: what a read at an unknown index gets) and "[it]" (what iterating yields: the
     * elements, a dict's keys). A store writes its slot and "[*]"; a read at a constant
     * index reads that slot and "[?]". So the rounds need no rule of their own: element
     * stores are lk_cg_stores rows, element reads lk_cg_attrs rows, on the box's values. */
    {"lk_cg_ctx", LINK_TABLE,
     "SELECT file_id, parent_ast_idx AS ast_idx, kind AS ctx FROM lk_cg_ast "
     "WHERE field_name = 'ctx'", LINK_FILE},
    /* o.__x inside class C reads o._C__x (the name the symtable gives C's member) */
    {"lk_cg_mangle", LINK_TABLE,
     "SELECT a.file_id, a.ast_idx, '_' || ltrim(arg_max(d.name, d.def_bstart), '_') || a.name "
     "  AS attr FROM lk_cg_ast a JOIN lk_cg_defs d ON d.file_id = a.file_id "
     "  AND d.kind = 'class' AND a.bstart >= d.body_bstart AND a.bstart < d.def_bend "
     "WHERE a.kind = 'Attribute' AND starts_with(a.name, '__') AND NOT ends_with(a.name, '__') "
     "GROUP BY a.file_id, a.ast_idx, a.name HAVING ltrim(arg_max(d.name, d.def_bstart), '_') "
     "  <> ''", LINK_FILE},
    /* elements of tuples, lists and sets (displays and targets) with the first starred
     * element's position: an element before it has a known index */
    {"lk_cg_elts", LINK_TABLE,
     "SELECT c.file_id, c.ast_idx, c.parent_ast_idx AS p, c.field_pos AS pos, c.kind, "
     "  min(c.field_pos) FILTER (WHERE c.kind = 'Starred') OVER (PARTITION BY c.file_id, "
     "  c.parent_ast_idx) AS fstar FROM lk_cg_ast c WHERE c.field_name = 'elts'",
     LINK_FILE},
    /* the slot an index or key expression names: a constant's "[repr]", else NULL; keys
     * that compare equal share a slot (True, 1 and 1.0 are "[1]") */
    {"lk_cg_cslot", LINK_TABLE,
     "SELECT file_id, ast_idx, '[' || CASE WHEN value_repr = 'True' THEN '1' WHEN value_repr = "
     "  'False' THEN '0' WHEN regexp_matches(value_repr, '^-?[0-9]+\\.0$') THEN "
     "  split_part(value_repr, '.', 1) ELSE value_repr END || ']' AS slot FROM lk_cg_ast "
     "WHERE kind = 'Constant' AND value_repr IS NOT NULL", LINK_FILE},
    /* calls with their arguments (positional index or keyword) and the names the CST lens
     * gives their callee when it is a builtin or an import (builtins without 'builtins.') */
    {"lk_cg_carg", LINK_TABLE,
     "SELECT a.file_id, a.parent_ast_idx AS call, a.field_pos AS pos, NULL AS kw, a.ast_idx, "
     "  a.kind FROM lk_cg_ast a JOIN lk_cg_ast c ON c.file_id = a.file_id "
     "  AND c.ast_idx = a.parent_ast_idx AND c.kind = 'Call' WHERE a.field_name = 'args' "
     "UNION ALL SELECT v.file_id, k.parent_ast_idx, NULL, k.name, v.ast_idx, v.kind "
     "FROM lk_cg_ast k JOIN lk_cg_ast v ON v.file_id = k.file_id "
     "  AND v.parent_ast_idx = k.ast_idx AND v.field_name = 'value' "
     "WHERE k.field_name = 'keywords' AND k.name IS NOT NULL", LINK_FILE},
    {"lk_cg_cq", LINK_TABLE,
     "SELECT DISTINCT c.file_id, c.ast_idx AS call, CASE WHEN starts_with(x.q.name, "
     "  'builtins.') THEN substr(x.q.name, 10) ELSE x.q.name END AS qn "
     "FROM (SELECT file_id, call_bstart, call_bend, unnest(callee_qnames) AS q "
     "  FROM py_cst_callsites_v1) x JOIN lk_cg_ast c ON c.file_id = x.file_id "
     "  AND c.bstart = x.call_bstart AND c.bend = x.call_bend AND c.kind = 'Call' "
     "WHERE x.q.source IN ('QualifiedNameSource.BUILTIN', 'QualifiedNameSource.IMPORT')",
     LINK_FILE},
    /* method calls o.m(...): the receiver and the method's name */
    {"lk_cg_mcall", LINK_TABLE,
     "SELECT c.file_id, c.ast_idx AS call, o.ast_idx AS recv, f.name AS m "
     "FROM lk_cg_ast c JOIN lk_cg_ast f ON f.file_id = c.file_id "
     "  AND f.parent_ast_idx = c.ast_idx AND f.field_name = 'func' AND f.kind = 'Attribute' "
     "JOIN lk_cg_ast o ON o.file_id = f.file_id AND o.parent_ast_idx = f.ast_idx "
     "  AND o.field_name = 'value' WHERE c.kind = 'Call'", LINK_FILE},
    /* assignment targets and what they receive: (target node, source key, how) with how
     * 'v' (the source's values) or 'it' (what iterating the source yields) */
    {"lk_cg_tgt", LINK_TABLE,
     "SELECT t.file_id, t.ast_idx, t.kind, hash('e', v.file_id, v.ast_idx) AS src, 'v' AS how "
     "FROM lk_cg_ast s JOIN lk_cg_ast t ON t.file_id = s.file_id "
     "  AND t.parent_ast_idx = s.ast_idx AND t.field_name IN ('targets', 'target') "
     "JOIN lk_cg_ast v ON v.file_id = s.file_id AND v.parent_ast_idx = s.ast_idx "
     "  AND v.field_name = 'value' WHERE s.kind IN ('Assign', 'AnnAssign') "
     "UNION ALL SELECT t.file_id, t.ast_idx, t.kind, hash('e', v.file_id, v.ast_idx), 'it' "
     "FROM lk_cg_ast s JOIN lk_cg_ast t ON t.file_id = s.file_id "
     "  AND t.parent_ast_idx = s.ast_idx AND t.field_name = 'target' "
     "JOIN lk_cg_ast v ON v.file_id = s.file_id AND v.parent_ast_idx = s.ast_idx "
     "  AND v.field_name = 'iter' WHERE s.kind IN ('For', 'AsyncFor', 'comprehension') "
     "UNION ALL SELECT t.file_id, t.ast_idx, t.kind, hash('e', v.file_id, v.ast_idx), 'it' "
     "FROM lk_cg_ast s JOIN lk_cg_ast t ON t.file_id = s.file_id "
     "  AND t.parent_ast_idx = s.ast_idx AND t.field_name = 'optional_vars' "
     "JOIN lk_cg_ast v ON v.file_id = s.file_id AND v.parent_ast_idx = s.ast_idx "
     "  AND v.field_name = 'context_expr' WHERE s.kind = 'withitem' "
     /* nested: an element of a tuple or list target reads its slot of the target */
     "UNION ALL SELECT e.file_id, e.ast_idx, e.kind, hash('e', e.file_id, e.p), "
     "  CASE WHEN e.kind = 'Starred' THEN 'v' WHEN e.fstar IS NULL OR e.pos < e.fstar "
     "  THEN '[' || e.pos || ']' ELSE '[*]' END FROM lk_cg_elts e "
     "JOIN lk_cg_ctx x ON x.file_id = e.file_id AND x.ast_idx = e.p AND x.ctx = 'Store' "
     "UNION ALL SELECT v.file_id, v.ast_idx, v.kind, hash('e', s.file_id, s.ast_idx), 'v' "
     "FROM lk_cg_ast s JOIN lk_cg_ast v ON v.file_id = s.file_id "
     "  AND v.parent_ast_idx = s.ast_idx AND v.field_name = 'value' "
     "JOIN lk_cg_ctx x ON x.file_id = s.file_id AND x.ast_idx = s.ast_idx AND x.ctx = 'Store' "
     "WHERE s.kind = 'Starred'", LINK_FILE},
    /* the innermost generator function of each yield */
    {"lk_cg_gen", LINK_TABLE,
     "SELECT DISTINCT e.def_id, y.file_id, y.ast_idx, y.kind, hash('e', v.file_id, v.ast_idx) "
     "  AS vk FROM lk_cg_ast y JOIN lk_cg_encl e ON e.file_id = y.file_id "
     "  AND e.ast_idx = y.ast_idx LEFT JOIN lk_cg_ast v ON v.file_id = y.file_id "
     "  AND v.parent_ast_idx = y.ast_idx AND v.field_name = 'value' "
     "WHERE y.kind IN ('Yield', 'YieldFrom')", LINK_FILE},
    /* decorated defs: the key of the top decorator's call (what the def's name binds) */
    {"lk_cg_dtop", LINK_TABLE,
     "SELECT d.def_id, hash('dc', x.file_id, x.ast_idx) AS ck FROM lk_cg_defs d "
     "JOIN lk_cg_ast x ON x.file_id = d.file_id AND x.parent_ast_idx = d.ast_idx "
     "  AND x.field_name = 'decorator_list' AND x.field_pos = 0", LINK_FILE},
    /* calls Python makes without a call expression (issue 24): (node, n) names the site —
     * site the AST node its id is made of, ok the receiver whose member `dunder` is called
     * (with dunder NULL: ok itself is called), res the key its result flows to, kind
     * 'implicit' (repository targets only) or 'implicit_bound' (bound methods only: x() on
     * an instance calls __call__, on a class it does not) */
    {"lk_cg_dun", LINK_TABLE,
     "WITH op(k, d) AS (VALUES ('Add', '__add__'), ('Sub', '__sub__'), ('Mult', '__mul__'), "
     "  ('MatMult', '__matmul__'), ('Div', '__truediv__'), ('FloorDiv', '__floordiv__'), "
     "  ('Mod', '__mod__'), ('Pow', '__pow__'), ('LShift', '__lshift__'), "
     "  ('RShift', '__rshift__'), ('BitOr', '__or__'), ('BitXor', '__xor__'), "
     "  ('BitAnd', '__and__'), ('USub', '__neg__'), ('UAdd', '__pos__'), "
     "  ('Invert', '__invert__'), ('Eq', '__eq__'), ('NotEq', '__ne__'), ('Lt', '__lt__'), "
     "  ('LtE', '__le__'), ('Gt', '__gt__'), ('GtE', '__ge__')), "
     "bi(qn, d, res) AS (VALUES ('len', '__len__', false), ('str', '__str__', false), "
     "  ('repr', '__repr__', false), ('iter', '__iter__', true), ('next', '__next__', true), "
     "  ('hash', '__hash__', false), ('bool', '__bool__', false), ('abs', '__abs__', true), "
     "  ('reversed', '__reversed__', true), ('int', '__int__', false), "
     "  ('float', '__float__', false), ('format', '__format__', false), "
     "  ('sum', '__iter__', false), ('any', '__iter__', false), ('all', '__iter__', false), "
     "  ('list', '__iter__', false), ('tuple', '__iter__', false), ('set', '__iter__', false), "
     "  ('frozenset', '__iter__', false), ('sorted', '__iter__', false), "
     "  ('enumerate', '__iter__', false), ('bytes', '__bytes__', false)), "
     /* the chunk's AST, its columns read (lk_cg_ast) */
     "ch AS (SELECT * FROM lk_cg_ast) "
     /* with: __enter__ (its result is the target), __exit__; a withitem and a comprehension
      * have no position: their sites are positioned nodes near them, (ast_idx, n) the key */
     "SELECT x.file_id, x.ast_idx, 10 AS n, x.ast_idx AS site, x.ek AS ok, CASE WHEN "
     "  s.kind = 'AsyncWith' THEN '__aenter__' ELSE '__enter__' END AS dunder, t.ek AS res, "
     "  'implicit' AS kind FROM lk_cg_ast w JOIN lk_cg_ast s "
     "  ON s.file_id = w.file_id AND s.ast_idx = w.parent_ast_idx JOIN ch x "
     "  ON x.file_id = w.file_id AND x.parent_ast_idx = w.ast_idx "
     "  AND x.field_name = 'context_expr' LEFT JOIN ch t ON t.file_id = w.file_id "
     "  AND t.parent_ast_idx = w.ast_idx AND t.field_name = 'optional_vars' "
     "  WHERE w.kind = 'withitem' "
     "UNION ALL SELECT x.file_id, x.ast_idx, 11, s.ast_idx, x.ek, CASE WHEN s.kind = "
     "  'AsyncWith' THEN '__aexit__' ELSE '__exit__' END, NULL, 'implicit' "
     "  FROM lk_cg_ast w JOIN lk_cg_ast s ON s.file_id = w.file_id "
     "  AND s.ast_idx = w.parent_ast_idx JOIN ch x ON x.file_id = w.file_id "
     "  AND x.parent_ast_idx = w.ast_idx AND x.field_name = 'context_expr' "
     "  WHERE w.kind = 'withitem' "
     /* for: __iter__ of the iterable, __next__ of what it returned (into the target) */
     "UNION ALL SELECT i.file_id, i.ast_idx, 20, CASE WHEN s.kind = 'comprehension' THEN "
     "  i.ast_idx ELSE s.ast_idx END, i.ek, CASE WHEN s.kind = 'AsyncFor' THEN '__aiter__' "
     "  ELSE '__iter__' END, NULL, 'implicit' FROM lk_cg_ast s JOIN ch i "
     "  ON i.file_id = s.file_id AND i.parent_ast_idx = s.ast_idx AND i.field_name = 'iter' "
     "  WHERE s.kind IN ('For', 'AsyncFor', 'comprehension') "
     "UNION ALL SELECT i.file_id, i.ast_idx, 21, t.ast_idx, hash('dc2', i.file_id, i.ast_idx, "
     "  20), CASE WHEN s.kind = 'AsyncFor' THEN '__anext__' ELSE '__next__' END, t.ek, "
     "  'implicit' FROM lk_cg_ast s JOIN ch i ON i.file_id = s.file_id "
     "  AND i.parent_ast_idx = s.ast_idx AND i.field_name = 'iter' JOIN ch t "
     "  ON t.file_id = s.file_id AND t.parent_ast_idx = s.ast_idx AND t.field_name = 'target' "
     "  WHERE s.kind IN ('For', 'AsyncFor', 'comprehension') "
     /* for over an object with __getitem__ and no __iter__: __getitem__ (the old protocol;
      * 'implicit_noiter': lk_cg_calls_out keeps methods of classes without __iter__) */
     "UNION ALL SELECT i.file_id, i.ast_idx, 23, t.ast_idx, i.ek, '__getitem__', t.ek, "
     "  'implicit_noiter' FROM lk_cg_ast s JOIN ch i ON i.file_id = s.file_id "
     "  AND i.parent_ast_idx = s.ast_idx AND i.field_name = 'iter' JOIN ch t "
     "  ON t.file_id = s.file_id AND t.parent_ast_idx = s.ast_idx AND t.field_name = 'target' "
     "  WHERE s.kind IN ('For', 'comprehension') "
     /* yield from x: x.__iter__() */
     "UNION ALL SELECT y.file_id, y.ast_idx, 22, y.ast_idx, v.ek, '__iter__', NULL, "
     "  'implicit' FROM lk_cg_ast y JOIN ch v ON v.file_id = y.file_id "
     "  AND v.parent_ast_idx = y.ast_idx AND v.field_name = 'value' WHERE y.kind = 'YieldFrom' "
     /* operators: a + b calls a.__add__(b), -a a.__neg__(), a < b a.__lt__(b) */
     "UNION ALL SELECT b.file_id, b.ast_idx, 0, b.ast_idx, l.ek, op.d, hash('e', b.file_id, "
     "  b.ast_idx), 'implicit' FROM lk_cg_ast b JOIN ch l ON l.file_id = b.file_id "
     "  AND l.parent_ast_idx = b.ast_idx AND l.field_name IN ('left', 'operand') "
     "  JOIN lk_cg_ast o ON o.file_id = b.file_id AND o.parent_ast_idx = b.ast_idx "
     "  AND o.field_name IN ('op', 'ops') JOIN op ON op.k = o.kind "
     "  WHERE b.kind IN ('BinOp', 'UnaryOp') OR (b.kind = 'Compare' AND NOT EXISTS (SELECT 1 "
     "  FROM lk_cg_ast o2 WHERE o2.file_id = b.file_id AND o2.parent_ast_idx = b.ast_idx "
     "  AND o2.field_name = 'ops' AND o2.field_pos > 0)) "
     /* a != b falls back to a.__eq__(b); x in c calls c.__contains__(x) */
     "UNION ALL SELECT b.file_id, b.ast_idx, 1, b.ast_idx, l.ek, '__eq__', NULL, 'implicit' "
     "  FROM lk_cg_ast b JOIN ch l ON l.file_id = b.file_id "
     "  AND l.parent_ast_idx = b.ast_idx AND l.field_name = 'left' JOIN lk_cg_ast o "
     "  ON o.file_id = b.file_id AND o.parent_ast_idx = b.ast_idx AND o.field_name = 'ops' "
     "  AND o.field_pos = 0 AND o.kind = 'NotEq' WHERE b.kind = 'Compare' "
     "UNION ALL SELECT b.file_id, b.ast_idx, 2, b.ast_idx, r.ek, '__contains__', NULL, "
     "  'implicit' FROM lk_cg_ast b JOIN ch r ON r.file_id = b.file_id "
     "  AND r.parent_ast_idx = b.ast_idx AND r.field_name = 'comparators' AND r.field_pos = 0 "
     "  JOIN lk_cg_ast o ON o.file_id = b.file_id AND o.parent_ast_idx = b.ast_idx "
     "  AND o.field_name = 'ops' AND o.field_pos = 0 AND o.kind IN ('In', 'NotIn') "
     "  WHERE b.kind = 'Compare' "
     /* truth tests call __bool__ (or __len__); f"{x}" and print(x) call __format__/__str__ */
     "UNION ALL SELECT t.file_id, t.ast_idx, i.n, t.ast_idx, t.ek, i.d, NULL, 'implicit' "
     "  FROM ch t JOIN lk_cg_ast p ON p.file_id = t.file_id AND p.ast_idx = "
     "  t.parent_ast_idx CROSS JOIN (VALUES (70, '__bool__'), (71, '__len__')) i(n, d) "
     "  WHERE t.field_name IN ('test', 'ifs') OR p.kind = 'BoolOp' AND t.field_name = 'values' "
     "  OR p.kind = 'UnaryOp' AND t.field_name = 'operand' AND EXISTS (SELECT 1 FROM "
     "  lk_cg_ast o WHERE o.file_id = p.file_id AND o.parent_ast_idx = p.ast_idx "
     "  AND o.field_name = 'op' AND o.kind = 'Not') "
     "UNION ALL SELECT f.file_id, f.ast_idx, i.n, f.ast_idx, v.ek, i.d, NULL, 'implicit' "
     "  FROM lk_cg_ast f JOIN ch v ON v.file_id = f.file_id "
     "  AND v.parent_ast_idx = f.ast_idx AND v.field_name = 'value' CROSS JOIN (VALUES "
     "  (72, '__format__'), (73, '__str__')) i(n, d) WHERE f.kind = 'FormattedValue' "
     /* what print(x), str(x), '{}'.format(x) and '%s' % x turn into text: __str__, or
      * __repr__ where the class has no __str__ (both kept) */
     "UNION ALL SELECT s.file_id, s.call, s.n + i.n, s.call, s.ak, i.d, NULL, 'implicit' "
     "  FROM (SELECT a.file_id, a.call, 80 + a.pos AS n, hash('e', a.file_id, a.ast_idx) AS ak "
     "  FROM lk_cg_carg a JOIN lk_cg_cq q ON q.file_id = a.file_id AND q.call = a.call "
     "  AND q.qn IN ('print', 'str') WHERE a.pos IS NOT NULL AND a.kind <> 'Starred' "
     "  UNION ALL SELECT a.file_id, a.call, 80 + a.pos, hash('e', a.file_id, a.ast_idx) "
     "  FROM lk_cg_mcall m JOIN lk_cg_carg a ON a.file_id = m.file_id AND a.call = m.call "
     "  WHERE m.m = 'format' AND a.pos IS NOT NULL AND a.kind <> 'Starred' "
     "  UNION ALL SELECT b.file_id, b.ast_idx, 80 + coalesce(e.field_pos, 0), "
     "  coalesce(e.ek, r.ek) FROM lk_cg_ast b JOIN lk_cg_ast o "
     "  ON o.file_id = b.file_id AND o.parent_ast_idx = b.ast_idx AND o.field_name = 'op' "
     "  AND o.kind = 'Mod' JOIN lk_cg_ast l ON l.file_id = b.file_id "
     "  AND l.parent_ast_idx = b.ast_idx AND l.field_name = 'left' AND l.kind IN ('Constant', "
     "  'JoinedStr') JOIN ch r ON r.file_id = b.file_id AND r.parent_ast_idx = b.ast_idx "
     "  AND r.field_name = 'right' LEFT JOIN ch e ON e.file_id = r.file_id "
     "  AND e.parent_ast_idx = " CG_ONLY("r.kind = 'Tuple'", "r.ast_idx") " "
     "  AND e.field_name = 'elts' "
     "  WHERE b.kind = 'BinOp') s CROSS JOIN (VALUES (0, '__str__'), (100, '__repr__')) i(n, d) "
     /* print(..., file=f) calls f.write */
     "UNION ALL SELECT a.file_id, a.call, 79, a.call, hash('e', a.file_id, a.ast_idx), "
     "  'write', NULL, 'implicit' FROM lk_cg_carg a JOIN lk_cg_cq q ON q.file_id = a.file_id "
     "  AND q.call = a.call AND q.qn = 'print' WHERE a.kw = 'file' "
     /* reflected operators: a + b may call b.__radd__(a), a == b b.__eq__(a); x in (a, b)
      * compares x with each: x.__eq__ */
     "UNION ALL SELECT b.file_id, b.ast_idx, 5, b.ast_idx, r.ek, CASE WHEN b.kind = 'BinOp' "
     "  THEN '__r' || substr(op.d, 3) ELSE '__eq__' END, NULL, 'implicit' "
     "  FROM lk_cg_ast b JOIN ch r ON r.file_id = b.file_id "
     "  AND r.parent_ast_idx = b.ast_idx AND (r.field_name = 'right' OR r.field_name = "
     "  'comparators' AND r.field_pos = 0) JOIN lk_cg_ast o ON o.file_id = b.file_id "
     "  AND o.parent_ast_idx = b.ast_idx AND (o.field_name = 'op' OR o.field_name = 'ops' "
     "  AND o.field_pos = 0 AND o.kind IN ('Eq', 'NotEq')) JOIN op ON op.k = o.kind "
     "  WHERE b.kind IN ('BinOp', 'Compare') "
     "UNION ALL SELECT b.file_id, b.ast_idx, 3, b.ast_idx, l.ek, '__eq__', NULL, 'implicit' "
     "  FROM lk_cg_ast b JOIN ch l ON l.file_id = b.file_id "
     "  AND l.parent_ast_idx = b.ast_idx AND l.field_name = 'left' JOIN lk_cg_ast o "
     "  ON o.file_id = b.file_id AND o.parent_ast_idx = b.ast_idx AND o.field_name = 'ops' "
     "  AND o.field_pos = 0 AND o.kind IN ('In', 'NotIn') JOIN lk_cg_ast r "
     "  ON r.file_id = b.file_id AND r.parent_ast_idx = b.ast_idx "
     "  AND r.field_name = 'comparators' AND r.field_pos = 0 AND r.kind IN ('Tuple', 'List', "
     "  'Set') WHERE b.kind = 'Compare' "
     /* x in c: each element's __eq__ (c's elements are read at hash('ine', node)) */
     "UNION ALL SELECT b.file_id, b.ast_idx, 6, b.ast_idx, hash('ine', b.file_id, b.ast_idx), "
     "  '__eq__', NULL, 'implicit' FROM lk_cg_ast b JOIN lk_cg_ast o "
     "  ON o.file_id = b.file_id AND o.parent_ast_idx = b.ast_idx AND o.field_name = 'ops' "
     "  AND o.field_pos = 0 AND o.kind IN ('In', 'NotIn') WHERE b.kind = 'Compare' "
     /* x += y: x.__iadd__(y), or x.__add__(y) when there is none (both kept) */
     "UNION ALL SELECT a.file_id, a.ast_idx, i.n, a.ast_idx, t.ek, CASE i.n WHEN 0 THEN "
     "  '__i' || substr(op.d, 3) ELSE op.d END, NULL, 'implicit' FROM lk_cg_ast a "
     "  JOIN ch t ON t.file_id = a.file_id AND t.parent_ast_idx = a.ast_idx "
     "  AND t.field_name = 'target' JOIN lk_cg_ast o ON o.file_id = a.file_id "
     "  AND o.parent_ast_idx = a.ast_idx AND o.field_name = 'op' JOIN op ON op.k = o.kind "
     "  CROSS JOIN (VALUES (0), (1)) i(n) WHERE a.kind = 'AugAssign' "
     /* x[k]: __getitem__ / __setitem__ / __delitem__ */
     "UNION ALL SELECT s.file_id, s.ast_idx, 0, s.ast_idx, v.ek, CASE x.ctx WHEN 'Store' THEN "
     "  '__setitem__' WHEN 'Del' THEN '__delitem__' ELSE '__getitem__' END, CASE WHEN x.ctx = "
     "  'Load' THEN hash('e', s.file_id, s.ast_idx) END, 'implicit' FROM lk_cg_ast s "
     "  JOIN ch v ON v.file_id = s.file_id AND v.parent_ast_idx = s.ast_idx "
     "  AND v.field_name = 'value' JOIN lk_cg_ctx x ON x.file_id = s.file_id "
     "  AND x.ast_idx = s.ast_idx WHERE s.kind = 'Subscript' "
     /* d[k] on a dict subclass: __missing__ when k is absent */
     "UNION ALL SELECT s.file_id, s.ast_idx, 1, s.ast_idx, v.ek, '__missing__', hash('e', "
     "  s.file_id, s.ast_idx), 'implicit' FROM lk_cg_ast s JOIN ch v "
     "  ON v.file_id = s.file_id AND v.parent_ast_idx = s.ast_idx AND v.field_name = 'value' "
     "  JOIN lk_cg_ctx x ON x.file_id = s.file_id AND x.ast_idx = s.ast_idx AND x.ctx = 'Load' "
     "  WHERE s.kind = 'Subscript' "
     /* len(x) calls x.__len__(), iter(x) x.__iter__(), … */
     "UNION ALL SELECT a.file_id, a.call, 30, a.call, hash('e', a.file_id, a.ast_idx), bi.d, "
     "  CASE WHEN bi.res THEN hash('e', a.file_id, a.call) END, 'implicit' FROM lk_cg_carg a "
     "  JOIN lk_cg_cq q ON q.file_id = a.file_id AND q.call = a.call JOIN bi ON bi.qn = q.qn "
     "  WHERE a.pos = 0 "
     /* sorted(xs), min(xs), max(xs), xs.sort() without key=: the elements' __lt__ (max:
      * __gt__, or the other's __lt__); the elements are read at hash('el', call) */
     "UNION ALL SELECT a.file_id, a.call, 35 + i.n, a.call, hash('el', a.file_id, a.call), "
     "  i.d, NULL, 'implicit' FROM lk_cg_carg a JOIN lk_cg_cq q ON q.file_id = a.file_id "
     "  AND q.call = a.call AND q.qn IN ('sorted', 'min', 'max') CROSS JOIN (VALUES (0, "
     "  '__lt__'), (1, '__gt__')) i(n, d) WHERE a.pos = 0 AND (i.n = 0 OR q.qn = 'max') "
     "  AND NOT EXISTS (SELECT 1 FROM lk_cg_carg b WHERE b.file_id = a.file_id "
     "  AND b.call = a.call AND (b.pos = 1 OR b.kw = 'key')) "
     "UNION ALL SELECT m.file_id, m.call, 35, m.call, hash('el', m.file_id, m.call), '__lt__', "
     "  NULL, 'implicit' FROM lk_cg_mcall m WHERE m.m = 'sort' AND NOT EXISTS (SELECT 1 "
     "  FROM lk_cg_carg b WHERE b.file_id = m.file_id AND b.call = m.call AND b.kw = 'key') "
     /* x(...) on an instance calls its __call__ */
     "UNION ALL SELECT c.file_id, c.ast_idx, 2, c.ast_idx, f.ek, '__call__', hash('e', "
     "  c.file_id, c.ast_idx), 'implicit_bound' FROM lk_cg_ast c JOIN ch f "
     "  ON f.file_id = c.file_id AND f.parent_ast_idx = c.ast_idx AND f.field_name = 'func' "
     "  WHERE c.kind = 'Call' "
     /* raise C / raise C(...): C is instantiated (raise C() is a call already) */
     "UNION ALL SELECT r.file_id, r.ast_idx, 3, r.ast_idx, e.ek, NULL, NULL, 'implicit' "
     "  FROM lk_cg_ast r JOIN ch e ON e.file_id = r.file_id "
     "  AND e.parent_ast_idx = r.ast_idx AND e.field_name = 'exc' AND e.kind <> 'Call' "
     "  WHERE r.kind = 'Raise' "
     /* @deco where deco is an instance: its __call__ decorates */
     "UNION ALL SELECT x.file_id, x.ast_idx, 4, x.ast_idx, x.ek, '__call__', hash('dc', "
     "  x.file_id, x.ast_idx), 'implicit_bound' FROM lk_cg_ast d JOIN ch x "
     "  ON x.file_id = d.file_id AND x.parent_ast_idx = d.ast_idx "
     "  AND x.field_name = 'decorator_list' "
     "  WHERE d.kind IN ('FunctionDef', 'AsyncFunctionDef', 'ClassDef') "
     /* except C as e: e is an instance of C (a binding, not a call: never an edge) */
     "UNION ALL SELECT h.file_id, h.ast_idx, 50 + coalesce(e.field_pos, 0), h.ast_idx, "
     "  coalesce(e.ek, t.ek), NULL, v.vkey, 'binding' FROM lk_cg_ast h "
     "  JOIN ch t ON t.file_id = h.file_id AND t.parent_ast_idx = h.ast_idx "
     "  AND t.field_name = 'type' LEFT JOIN ch e ON e.file_id = t.file_id "
     "  AND e.parent_ast_idx = " CG_ONLY("t.kind = 'Tuple'", "t.ast_idx") " "
     "  AND e.field_name = 'elts' LEFT JOIN lk_cg_encl n ON n.file_id = h.file_id "
     "  AND n.ast_idx = h.ast_idx "
     "  LEFT JOIN lk_cg_defs d ON d.def_id = n.def_id "
     "  JOIN lk_cg_mods m ON m.file_id = h.file_id "
     "  JOIN lk_cg_var v ON v.scope_id = coalesce(d.body_scope, m.scope_id) "
     "  AND v.name = h.name WHERE h.kind = 'ExceptHandler' AND h.name IS NOT NULL "
     "  AND (t.kind <> 'Tuple' OR e.ast_idx IS NOT NULL) "
     /* class C(B): B's __init_subclass__ */
     "UNION ALL SELECT c.file_id, c.ast_idx, 60 + b.field_pos, c.ast_idx, b.ek, "
     "  '__init_subclass__', NULL, 'implicit' FROM lk_cg_ast c JOIN ch b "
     "  ON b.file_id = c.file_id AND b.parent_ast_idx = c.ast_idx AND b.field_name = 'bases' "
     "  WHERE c.kind = 'ClassDef' "
     /* o.p = v where p names a decorated def of the file: a property's setter */
     "UNION ALL SELECT a.file_id, a.ast_idx, 41, a.ast_idx, o.ek, a.name, NULL, "
     "  'property_set' FROM lk_cg_ast a JOIN lk_cg_ctx x ON x.file_id = a.file_id "
     "  AND x.ast_idx = a.ast_idx AND x.ctx = 'Store' JOIN ch o "
     "  ON o.file_id = a.file_id AND o.parent_ast_idx = a.ast_idx AND o.field_name = 'value' "
     "  WHERE a.kind = 'Attribute' AND a.name IN (SELECT d.name FROM lk_cg_defs d "
     "  WHERE d.file_id = a.file_id AND len(d.decorators) > 0)", LINK_FILE},
    /* the arguments of those calls (positions after self) */
    {"lk_cg_dunarg", LINK_TABLE,
     "SELECT b.file_id, b.ast_idx, 0 AS n, 0 AS pos, hash('e', r.file_id, r.ast_idx) AS ak "
     "FROM lk_cg_ast b JOIN lk_cg_ast r ON r.file_id = b.file_id "
     "  AND r.parent_ast_idx = b.ast_idx AND (b.kind = 'BinOp' AND r.field_name = 'right' "
     "  OR b.kind = 'Compare' AND r.field_name = 'comparators' AND r.field_pos = 0 "
     "  OR b.kind = 'AugAssign' AND r.field_name = 'value' "
     "  OR b.kind = 'Subscript' AND r.field_name = 'slice') "
     "UNION ALL SELECT b.file_id, b.ast_idx, 1, 0, hash('e', r.file_id, r.ast_idx) "
     "FROM lk_cg_ast b JOIN lk_cg_ast r ON r.file_id = b.file_id "
     "  AND r.parent_ast_idx = b.ast_idx AND (b.kind = 'Compare' AND r.field_name = "
     "  'comparators' AND r.field_pos = 0 OR b.kind = 'AugAssign' AND r.field_name = 'value' "
     "  OR b.kind = 'Subscript' AND r.field_name = 'slice') "
     "UNION ALL SELECT b.file_id, b.ast_idx, 2, 0, hash('e', l.file_id, l.ast_idx) "
     "FROM lk_cg_ast b JOIN lk_cg_ast l ON l.file_id = b.file_id "
     "  AND l.parent_ast_idx = b.ast_idx AND l.field_name = 'left' WHERE b.kind = 'Compare' "
     "UNION ALL SELECT s.file_id, s.ast_idx, 0, 1, hash('e', s.file_id, s.ast_idx) "
     "FROM lk_cg_ast s JOIN lk_cg_ctx x ON x.file_id = s.file_id "
     "  AND x.ast_idx = s.ast_idx AND x.ctx = 'Store' WHERE s.kind = 'Subscript' "
     "UNION ALL SELECT a.file_id, a.ast_idx, 41, 0, hash('e', a.file_id, a.ast_idx) "
     "FROM lk_cg_ast a JOIN lk_cg_ctx x ON x.file_id = a.file_id "
     "  AND x.ast_idx = a.ast_idx AND x.ctx = 'Store' WHERE a.kind = 'Attribute' "
     "UNION ALL SELECT x.file_id, x.ast_idx, 4, 0, CASE WHEN y.ast_idx IS NULL THEN "
     "  hash('dd', df.def_id) ELSE hash('dc', y.file_id, y.ast_idx) END FROM lk_cg_defs df "
     "JOIN lk_cg_ast x ON x.file_id = df.file_id AND x.parent_ast_idx = df.ast_idx "
     "  AND x.field_name = 'decorator_list' LEFT JOIN lk_cg_ast y "
     "  ON y.file_id = x.file_id AND y.parent_ast_idx = x.parent_ast_idx "
     "  AND y.field_name = 'decorator_list' AND y.field_pos = x.field_pos + 1 "
     "UNION ALL SELECT file_id, call, 2, pos, hash('e', file_id, ast_idx) FROM lk_cg_carg "
     "  WHERE kw IS NULL AND kind <> 'Starred' AND pos < coalesce((SELECT min(s.pos) FROM "
     "  lk_cg_carg s WHERE s.file_id = lk_cg_carg.file_id AND s.call = lk_cg_carg.call "
     "  AND s.kw IS NULL AND s.kind = 'Starred'), 1 << 30)", LINK_FILE},
    /* functions that builtins and library functions call (map, sorted(key=), threading.Thread
     * (target=), atexit.register, …): fn the function passed, src the key its first
     * arguments come from ('ha': the elements of the iterable), how many of them */
    {"lk_cg_hof", LINK_TABLE,
     "WITH f(qn, fpos, fkw, ipos, nargs) AS (VALUES ('map', 0, NULL, 1, 1), "
     "  ('filter', 0, NULL, 1, 1), ('sorted', NULL, 'key', 0, 1), ('min', NULL, 'key', 0, 1), "
     "  ('max', NULL, 'key', 0, 1), ('functools.reduce', 0, NULL, 1, 2), "
     "  ('reduce', 0, NULL, 1, 2), ('threading.Thread', NULL, 'target', NULL, 0), "
     "  ('threading.Timer', 1, 'function', NULL, 0), ('atexit.register', 0, NULL, NULL, 0), "
     "  ('functools.lru_cache', 0, NULL, NULL, 0)) "
     "SELECT DISTINCT a.file_id, a.call, a.ast_idx AS fn, i.ast_idx AS it, f.nargs "
     "FROM lk_cg_cq q JOIN f ON f.qn = q.qn JOIN lk_cg_carg a ON a.file_id = q.file_id "
     "  AND a.call = q.call AND (a.pos = f.fpos OR a.kw = f.fkw) "
     "LEFT JOIN lk_cg_carg i ON i.file_id = q.file_id AND i.call = q.call AND i.pos = f.ipos "
     "UNION SELECT a.file_id, a.call, a.ast_idx, m.recv, 1 FROM lk_cg_mcall m "
     "JOIN lk_cg_carg a ON a.file_id = m.file_id AND a.call = m.call AND a.kw = 'key' "
     "WHERE m.m = 'sort'", LINK_FILE},
    /* container allocation sites: key → box id */
    {"lk_cg_box_f", LINK_KEPT,
     "SELECT DISTINCT k, box FROM ("
     "  SELECT hash('e', d.file_id, d.ast_idx) AS k, CAST(hash('box', d.file_id, d.ast_idx) "
     "  >> 2 AS BIGINT) AS box FROM lk_cg_ast d LEFT JOIN lk_cg_ctx x "
     "  ON x.file_id = d.file_id AND x.ast_idx = d.ast_idx "
     "  WHERE coalesce(x.ctx, 'Load') = 'Load' AND (d.kind IN ('ListComp', 'SetComp', "
     "  'DictComp', 'GeneratorExp', 'List', 'Set', 'Dict') OR d.kind = 'Tuple' AND EXISTS "
     "  (SELECT 1 FROM lk_cg_ast e WHERE e.file_id = d.file_id AND e.parent_ast_idx = "
     "  d.ast_idx AND e.field_name IN ('elts', 'keys', 'values') AND e.kind <> 'Constant')) "
     "  UNION ALL SELECT hash('r', def_id), CAST(hash('gbox', def_id) >> 2 AS BIGINT) "
     "  FROM lk_cg_gen "
     "  UNION ALL SELECT vkey, CAST(hash('sbox', kind, def_id) >> 2 AS BIGINT) FROM lk_cg_star "
     "  UNION ALL SELECT hash('e', file_id, call), CAST(hash('box', file_id, call) >> 2 AS "
     "  BIGINT) FROM lk_cg_cq WHERE qn IN ('enumerate', 'zip', 'map', 'dict', 'list', 'set', "
     "  'frozenset', 'collections.deque', 'collections.defaultdict', "
     "  'collections.OrderedDict') "
     "  UNION ALL SELECT hash('e', file_id, call), CAST(hash('box', file_id, call) >> 2 AS "
     "  BIGINT) FROM lk_cg_mcall WHERE m IN ('items', 'values') "
     "  UNION ALL SELECT hash('e2', file_id, call), CAST(hash('box2', file_id, call) >> 2 AS "
     "  BIGINT) FROM lk_cg_cq WHERE qn IN ('enumerate', 'zip') "
     "  UNION ALL SELECT hash('e2', file_id, call), CAST(hash('box2', file_id, call) >> 2 AS "
     "  BIGINT) FROM lk_cg_mcall WHERE m = 'items')", LINK_FILE},
    /* element and member reads the statements above imply: (nk, ok, attr) */
    /* dynamic namespaces (issue 24): globals()['n'], locals()['n'], vars()['n'] (a constant
     * key) name the variable n of the module or of the scope the call is in; eval('n(...)'),
     * exec('n(...)') call n (a call site of their own) and eval('n') is n's value; vkey is n
     * in the scope of the call (or of the module when that scope does not know n) */
    {"lk_cg_nsnames", LINK_TABLE,
     "WITH n AS (SELECT c.file_id, c.ast_idx AS call, s.ast_idx AS site, 'ns' AS how, "
     "  substr(k.value_repr, 2, length(k.value_repr) - 2) AS nm, q.qn FROM lk_cg_ast s "
     "  JOIN lk_cg_ast c ON c.file_id = s.file_id AND c.parent_ast_idx = s.ast_idx "
     "  AND c.field_name = 'value' AND c.kind = 'Call' JOIN lk_cg_cq q ON q.file_id = c.file_id "
     "  AND q.call = c.ast_idx AND q.qn IN ('globals', 'locals', 'vars') "
     "  JOIN lk_cg_ast k ON k.file_id = s.file_id AND k.parent_ast_idx = s.ast_idx "
     "  AND k.field_name = 'slice' AND k.kind = 'Constant' "
     "  AND regexp_matches(k.value_repr, '^''[A-Za-z_][A-Za-z0-9_]*''$') "
     "  WHERE s.kind = 'Subscript' AND NOT EXISTS (SELECT 1 FROM lk_cg_carg x "
     "  WHERE x.file_id = c.file_id AND x.call = c.ast_idx) "
     "  UNION ALL SELECT a.file_id, a.call, a.ast_idx, CASE WHEN regexp_matches(k.value_repr, "
     "  '^''[A-Za-z_][A-Za-z0-9_]*''$') THEN 'val' ELSE 'call' END, "
     "  regexp_extract(k.value_repr, '^''([A-Za-z_][A-Za-z0-9_]*)', 1), q.qn "
     "  FROM lk_cg_carg a JOIN lk_cg_cq q ON q.file_id = a.file_id AND q.call = a.call "
     "  AND q.qn IN ('eval', 'exec') JOIN lk_cg_ast k ON k.file_id = a.file_id "
     "  AND k.ast_idx = a.ast_idx AND k.kind = 'Constant' "
     "  AND regexp_matches(k.value_repr, '^''[A-Za-z_][A-Za-z0-9_]*(\\(.*\\))?''$') "
     "  WHERE a.pos = 0) "
     "SELECT n.file_id, n.call, n.site, n.how, n.qn, CASE WHEN n.qn = 'globals' THEN "
     "  hash('v', m.scope_id, n.nm) ELSE coalesce(v.vkey, hash('v', m.scope_id, n.nm)) END "
     "  AS vkey FROM n JOIN lk_cg_mods m ON m.file_id = n.file_id "
     "LEFT JOIN lk_cg_encl e ON e.file_id = n.file_id AND e.ast_idx = n.call "
     "LEFT JOIN lk_cg_defs d ON d.def_id = e.def_id "
     "LEFT JOIN lk_cg_var v ON v.scope_id = d.body_scope AND v.name = n.nm "
     "WHERE n.how <> 'val' OR n.qn = 'eval'", LINK_FILE},
    /* dict(pairs) and d.update(pairs): the values are the pairs' second elements; rk the
     * dict's key, ak the pairs' */
    {"lk_cg_dpairs", LINK_TABLE,
     "SELECT a.file_id, a.call, hash('e', a.file_id, a.call) AS rk, hash('e', a.file_id, "
     "  a.ast_idx) AS ak FROM lk_cg_carg a JOIN lk_cg_cq q ON q.file_id = a.file_id "
     "  AND q.call = a.call AND q.qn = 'dict' WHERE a.pos = 0 "
     "UNION ALL SELECT m.file_id, m.call, hash('e', m.file_id, m.recv), hash('e', a.file_id, "
     "  a.ast_idx) FROM lk_cg_mcall m JOIN lk_cg_carg a ON a.file_id = m.file_id "
     "  AND a.call = m.call AND a.pos = 0 WHERE m.m = 'update'", LINK_FILE},
    /* attribute names a getattr/setattr argument may spell: a constant string, or a Name
     * whose variable is bound only to constant strings (NAME = "run", for n in ("a", "b"))
     * and is no parameter (issue 24: getattr(o, NAME)) */
    {"lk_cg_strs", LINK_TABLE,
     "WITH c AS (SELECT file_id, ast_idx, substr(value_repr, 2, length(value_repr) - 2) AS s "
     "  FROM lk_cg_ast WHERE kind = 'Constant' "
     "  AND regexp_matches(value_repr, '^''[A-Za-z_][A-Za-z0-9_]*''$')), "
     "st AS (SELECT r.vkey, r.file_id, r.ast_idx, r.kind FROM lk_cg_nref r LEFT JOIN lk_cg_ctx x "
     "  ON x.file_id = r.file_id AND x.ast_idx = r.ast_idx WHERE r.kind = 'arg' "
     "  OR x.ctx IN ('Store', 'Del')), "
     "sv AS (SELECT st.vkey, CASE WHEN st.kind = 'Name' AND p.kind = 'Assign' "
     "  AND n.field_name = 'targets' THEN cv.s WHEN st.kind = 'Name' AND p.kind = 'For' "
     "  AND n.field_name = 'target' AND i.kind IN ('Tuple', 'List', 'Set') THEN ce.s "
     "  WHEN st.kind = 'Name' AND p.kind = 'comprehension' AND n.field_name = 'target' "
     "  AND i.kind IN ('Tuple', 'List', 'Set') THEN ce.s END AS s "
     "  FROM st JOIN lk_cg_ast n ON n.file_id = st.file_id AND n.ast_idx = st.ast_idx "
     "  LEFT JOIN lk_cg_ast p ON p.file_id = n.file_id AND p.ast_idx = n.parent_ast_idx "
     "  LEFT JOIN lk_cg_ast v ON v.file_id = p.file_id "
     "  AND v.parent_ast_idx = " CG_ONLY("p.kind = 'Assign'", "p.ast_idx") " "
     "  AND v.field_name = 'value' LEFT JOIN c cv "
     "  ON cv.file_id = v.file_id AND cv.ast_idx = v.ast_idx "
     "  LEFT JOIN lk_cg_ast i ON i.file_id = p.file_id "
     "  AND i.parent_ast_idx = " CG_ONLY("p.kind IN ('For', 'comprehension')", "p.ast_idx") " "
     "  AND i.field_name = 'iter' "
     "  LEFT JOIN lk_cg_ast e "
     "  ON e.file_id = i.file_id AND e.parent_ast_idx = i.ast_idx AND e.field_name = 'elts' "
     "  LEFT JOIN c ce ON ce.file_id = e.file_id AND ce.ast_idx = e.ast_idx), "
     "ok AS (SELECT vkey FROM sv GROUP BY vkey HAVING count(*) FILTER (WHERE s IS NULL) = 0) "
     "SELECT file_id, ast_idx, s FROM c "
     "UNION SELECT r.file_id, r.ast_idx, sv.s FROM lk_cg_nref r JOIN lk_cg_ctx x "
     "  ON x.file_id = r.file_id AND x.ast_idx = r.ast_idx AND x.ctx = 'Load' "
     "JOIN ok ON ok.vkey = r.vkey JOIN sv ON sv.vkey = r.vkey", LINK_FILE},
    {"lk_cg_xattrs", LINK_TABLE,
     "SELECT DISTINCT nk, ok, attr FROM ("
     /* a target reads its source's slot; [n] also reads [?] */
     "  SELECT hash('e', file_id, ast_idx) AS nk, src AS ok, unnest(CASE how WHEN 'it' THEN "
     "  ['[it]'] WHEN '[*]' THEN ['[*]'] ELSE [how, '[?]'] END) AS attr FROM lk_cg_tgt "
     "  WHERE how <> 'v' "
     /* x[k]: the constant's slot and [?], else [*]; a slice is the container */
     "  UNION ALL SELECT hash('e', s.file_id, s.ast_idx), hash('e', v.file_id, v.ast_idx), "
     "  unnest(CASE WHEN c.slot IS NOT NULL THEN [c.slot, '[?]'] ELSE ['[*]'] END) "
     "  FROM lk_cg_ast s JOIN lk_cg_ctx x ON x.file_id = s.file_id "
     "  AND x.ast_idx = s.ast_idx AND x.ctx = 'Load' JOIN lk_cg_ast v "
     "  ON v.file_id = s.file_id AND v.parent_ast_idx = s.ast_idx AND v.field_name = 'value' "
     "  JOIN lk_cg_ast i ON i.file_id = s.file_id AND i.parent_ast_idx = s.ast_idx "
     "  AND i.field_name = 'slice' AND i.kind <> 'Slice' LEFT JOIN lk_cg_cslot c "
     "  ON c.file_id = i.file_id AND c.ast_idx = i.ast_idx WHERE s.kind = 'Subscript' "
     /* the elements a starred display element or **mapping adds */
     "  UNION ALL SELECT hash('st', e.file_id, e.ast_idx), hash('e', v.file_id, v.ast_idx), "
     "  '[it]' FROM lk_cg_elts e JOIN lk_cg_ast v ON v.file_id = e.file_id "
     "  AND v.parent_ast_idx = e.ast_idx AND v.field_name = 'value' WHERE e.kind = 'Starred' "
     "  UNION ALL SELECT hash(a, v.file_id, v.ast_idx), hash('e', v.file_id, v.ast_idx), "
     "  CASE a WHEN 'dm' THEN '[*]' ELSE '[it]' END FROM lk_cg_ast v "
     "  CROSS JOIN (VALUES ('dm'), ('dk')) t(a) JOIN lk_cg_ast d ON d.file_id = v.file_id "
     "  AND d.ast_idx = v.parent_ast_idx AND d.kind = 'Dict' WHERE v.field_name = 'values' "
     "  AND NOT EXISTS (SELECT 1 FROM lk_cg_ast k WHERE k.file_id = v.file_id "
     "  AND k.parent_ast_idx = v.parent_ast_idx AND k.field_name = 'keys' "
     "  AND k.field_pos = v.field_pos) "
     /* o.get(k) / o.pop(k) / o.setdefault(k, v): the slot; extend/update/items/values read
     * their argument's or receiver's elements into temporaries */
     "  UNION ALL SELECT hash('e', m.file_id, m.call), hash('e', m.file_id, m.recv), "
     "  unnest(CASE WHEN c.slot IS NOT NULL THEN [c.slot, '[?]'] ELSE ['[*]'] END) "
     "  FROM lk_cg_mcall m LEFT JOIN lk_cg_carg a ON a.file_id = m.file_id AND a.call = m.call "
     "  AND a.pos = 0 LEFT JOIN lk_cg_cslot c ON c.file_id = a.file_id AND c.ast_idx = a.ast_idx "
     "  WHERE m.m IN ('get', 'pop', 'setdefault', 'popitem', '__getitem__') "
     "  UNION ALL SELECT hash(t.a, m.file_id, m.call), CASE WHEN t.a IN ('t0', 't1') THEN "
     "  hash('e', m.file_id, m.recv) ELSE hash('e', a.file_id, a.ast_idx) END, "
     "  CASE WHEN t.a IN ('xi', 't0') THEN '[it]' ELSE '[*]' END FROM lk_cg_mcall m "
     "  CROSS JOIN (VALUES ('xs'), ('xi'), ('t0'), ('t1')) t(a) LEFT JOIN lk_cg_carg a "
     "  ON a.file_id = m.file_id AND a.call = m.call AND a.pos = 0 "
     "  WHERE (t.a IN ('xs', 'xi') AND m.m IN ('extend', 'update') AND a.ast_idx IS NOT NULL) "
     "  OR (t.a = 't1' AND m.m IN ('items', 'values')) OR (t.a = 't0' AND m.m = 'items') "
     /* next(it), min/max of one iterable, getattr(o, 'name') */
     "  UNION ALL SELECT hash('e', a.file_id, a.call), hash('e', a.file_id, a.ast_idx), '[it]' "
     "  FROM lk_cg_carg a JOIN lk_cg_cq q ON q.file_id = a.file_id AND q.call = a.call "
     "  WHERE a.pos = 0 AND (q.qn = 'next' OR q.qn IN ('min', 'max') AND NOT EXISTS (SELECT 1 "
     "  FROM lk_cg_carg b WHERE b.file_id = a.file_id AND b.call = a.call AND b.pos = 1)) "
     "  UNION ALL SELECT hash('e', a.file_id, a.call), hash('e', a.file_id, a.ast_idx), "
     "  n.s FROM lk_cg_carg a "
     "  JOIN lk_cg_cq q ON q.file_id = a.file_id AND q.call = a.call AND q.qn = 'getattr' "
     "  JOIN lk_cg_carg b ON b.file_id = a.file_id AND b.call = a.call AND b.pos = 1 "
     "  JOIN lk_cg_strs n ON n.file_id = b.file_id AND n.ast_idx = b.ast_idx "
     "  WHERE a.pos = 0 "
     /* enumerate(x): (i, element); zip(a, b): (element of a, element of b) */
     "  UNION ALL SELECT CASE WHEN q.qn = 'zip' THEN hash('zt', a.file_id, a.call, a.pos) ELSE "
     "  hash('t1', a.file_id, a.call) END, hash('e', a.file_id, a.ast_idx), '[it]' "
     "  FROM lk_cg_carg a JOIN lk_cg_cq q ON q.file_id = a.file_id AND q.call = a.call "
     "  WHERE (q.qn = 'enumerate' AND a.pos = 0) OR (q.qn = 'zip' AND a.pos IS NOT NULL) "
     /* f(*xs): the elements of xs; f(**m): m's values */
     "  UNION ALL SELECT hash('sa', a.file_id, a.ast_idx), hash('e', v.file_id, v.ast_idx), "
     "  '[it]' FROM lk_cg_carg a JOIN lk_cg_ast v ON v.file_id = a.file_id "
     "  AND v.parent_ast_idx = a.ast_idx AND v.field_name = 'value' WHERE a.kind = 'Starred' "
     "  UNION ALL SELECT hash('ka', v.file_id, v.ast_idx), hash('e', v.file_id, v.ast_idx), "
     "  '[*]' FROM lk_cg_ast k JOIN lk_cg_ast v ON v.file_id = k.file_id "
     "  AND v.parent_ast_idx = k.ast_idx AND v.field_name = 'value' "
     "  WHERE k.field_name = 'keywords' AND k.name IS NULL "
     /* the elements a function passed to map/sorted/reduce receives */
     "  UNION ALL SELECT hash('ha', file_id, call), hash('e', file_id, it), '[it]' FROM lk_cg_hof "
     "  WHERE it IS NOT NULL "
     /* yield from g: g's elements */
     "  UNION ALL SELECT hash('e', file_id, ast_idx), vk, '[it]' FROM lk_cg_gen "
     "  WHERE kind = 'YieldFrom' AND vk IS NOT NULL "
     /* dict(pairs), d.update(pairs): each pair, then its second element */
     "  UNION ALL SELECT hash('dp', file_id, call), ak, '[it]' FROM lk_cg_dpairs "
     "  UNION ALL SELECT hash('dp1', file_id, call), hash('dp', file_id, call), "
     "  unnest(['[1]', '[?]']) FROM lk_cg_dpairs "
     /* the elements sorted/min/max/sort compare (lk_cg_dun) */
     "  UNION ALL SELECT hash('el', a.file_id, a.call), hash('e', a.file_id, a.ast_idx), "
     "  '[it]' FROM lk_cg_carg a JOIN lk_cg_cq q ON q.file_id = a.file_id AND q.call = a.call "
     "  AND q.qn IN ('sorted', 'min', 'max') WHERE a.pos = 0 "
     "  UNION ALL SELECT hash('el', file_id, call), hash('e', file_id, recv), '[it]' "
     "  FROM lk_cg_mcall WHERE m = 'sort' "
     /* the elements x in c compares with (lk_cg_dun) */
     "  UNION ALL SELECT hash('ine', b.file_id, b.ast_idx), hash('e', r.file_id, r.ast_idx), "
     "  '[it]' FROM lk_cg_ast b JOIN lk_cg_ast r ON r.file_id = b.file_id "
     "  AND r.parent_ast_idx = b.ast_idx AND r.field_name = 'comparators' AND r.field_pos = 0 "
     "  JOIN lk_cg_ast o ON o.file_id = b.file_id AND o.parent_ast_idx = b.ast_idx "
     "  AND o.field_name = 'ops' AND o.field_pos = 0 AND o.kind IN ('In', 'NotIn') "
     "  WHERE b.kind = 'Compare' "
     /* the members implicit calls look up */
     "  UNION ALL SELECT hash('dk', file_id, ast_idx, n), ok, dunder FROM lk_cg_dun "
     "  WHERE ok IS NOT NULL AND dunder IS NOT NULL)", LINK_FILE},
    /* element stores: (ok, attr, src) on the boxes (and instances) at ok */
    {"lk_cg_xstores", LINK_TABLE,
     "SELECT DISTINCT ok, attr, src FROM ("
     /* displays: [a, b] → [0], [1]; after a starred element positions are unknown */
     "  SELECT hash('e', e.file_id, e.p) AS ok, unnest(CASE WHEN e.kind = 'Starred' THEN "
     "  ['[?]', '[*]', '[it]'] WHEN e.fstar IS NULL OR e.pos < e.fstar THEN ['[' || e.pos || "
     "  ']', '[*]', '[it]'] ELSE ['[?]', '[*]', '[it]'] END) AS attr, CASE WHEN e.kind = "
     "  'Starred' THEN hash('st', e.file_id, e.ast_idx) ELSE hash('e', e.file_id, e.ast_idx) "
     "  END AS src FROM lk_cg_elts e LEFT JOIN lk_cg_ctx x ON x.file_id = e.file_id "
     "  AND x.ast_idx = e.p WHERE coalesce(x.ctx, 'Load') = 'Load' "
     /* {k: v}: v at k's slot (or [?]) and [*]; k is what iteration yields */
     "  UNION ALL SELECT hash('e', v.file_id, v.parent_ast_idx), unnest([coalesce(c.slot, "
     "  '[?]'), '[*]']), hash('e', v.file_id, v.ast_idx) FROM lk_cg_ast v "
     "  JOIN lk_cg_ast k ON k.file_id = v.file_id AND k.parent_ast_idx = "
     "  v.parent_ast_idx AND k.field_name = 'keys' AND k.field_pos = v.field_pos "
     "  LEFT JOIN lk_cg_cslot c ON c.file_id = k.file_id AND c.ast_idx = k.ast_idx "
     "  WHERE v.field_name = 'values' "
     "  UNION ALL SELECT hash('e', k.file_id, k.parent_ast_idx), '[it]', hash('e', k.file_id, "
     "  k.ast_idx) FROM lk_cg_ast k JOIN lk_cg_ast d ON d.file_id = k.file_id "
     "  AND d.ast_idx = k.parent_ast_idx AND d.kind = 'Dict' WHERE k.field_name = 'keys' "
     "  UNION ALL SELECT hash('e', v.file_id, v.parent_ast_idx), unnest(['[?]', '[*]']), "
     "  hash('dm', v.file_id, v.ast_idx) FROM lk_cg_ast v JOIN lk_cg_ast d "
     "  ON d.file_id = v.file_id AND d.ast_idx = v.parent_ast_idx AND d.kind = 'Dict' "
     "  WHERE v.field_name = 'values' "
     "  UNION ALL SELECT hash('e', v.file_id, v.parent_ast_idx), '[it]', hash('dk', v.file_id, "
     "  v.ast_idx) FROM lk_cg_ast v JOIN lk_cg_ast d ON d.file_id = v.file_id "
     "  AND d.ast_idx = v.parent_ast_idx AND d.kind = 'Dict' WHERE v.field_name = 'values' "
     /* comprehensions */
     "  UNION ALL SELECT hash('e', c.file_id, c.ast_idx), unnest(CASE WHEN e.field_name = "
     "  'key' THEN ['[it]'] WHEN e.field_name = 'value' THEN ['[?]', '[*]'] ELSE "
     "  ['[?]', '[*]', '[it]'] END), hash('e', e.file_id, e.ast_idx) FROM lk_cg_ast c "
     "  JOIN lk_cg_ast e ON e.file_id = c.file_id AND e.parent_ast_idx = c.ast_idx "
     "  AND e.field_name IN ('elt', 'key', 'value') "
     "  WHERE c.kind IN ('ListComp', 'SetComp', 'DictComp', 'GeneratorExp') "
     /* targets: o.a = … and o[k] = … in any target position */
     "  UNION ALL SELECT hash('e', v.file_id, v.ast_idx), coalesce((SELECT mg.attr FROM "
     "  lk_cg_mangle mg WHERE mg.file_id = t.file_id AND mg.ast_idx = t.ast_idx), n.name), "
     "  hash('e', t.file_id, "
     "  t.ast_idx) FROM lk_cg_tgt t JOIN lk_cg_ast n ON n.file_id = t.file_id "
     "  AND n.ast_idx = t.ast_idx JOIN lk_cg_ast v ON v.file_id = t.file_id "
     "  AND v.parent_ast_idx = t.ast_idx AND v.field_name = 'value' WHERE t.kind = 'Attribute' "
     "  AND n.name IS NOT NULL "
     "  UNION ALL SELECT hash('e', v.file_id, v.ast_idx), unnest([coalesce(c.slot, '[?]'), "
     "  '[*]']), hash('e', t.file_id, t.ast_idx) FROM lk_cg_tgt t "
     "  JOIN lk_cg_ast v ON v.file_id = t.file_id AND v.parent_ast_idx = t.ast_idx "
     "  AND v.field_name = 'value' JOIN lk_cg_ast i ON i.file_id = t.file_id "
     "  AND i.parent_ast_idx = t.ast_idx AND i.field_name = 'slice' LEFT JOIN lk_cg_cslot c "
     "  ON c.file_id = i.file_id AND c.ast_idx = i.ast_idx WHERE t.kind = 'Subscript' "
     /* o.append(x), o.add(x), o.insert(i, x), o.setdefault(k, x), o.extend(xs), o.update(m) */
     "  UNION ALL SELECT hash('e', m.file_id, m.recv), unnest(CASE WHEN m.m = 'setdefault' "
     "  THEN [coalesce(c.slot, '[?]'), '[*]'] ELSE ['[?]', '[*]', '[it]'] END), "
     "  hash('e', a.file_id, a.ast_idx) FROM lk_cg_mcall m JOIN lk_cg_carg a "
     "  ON a.file_id = m.file_id AND a.call = m.call AND a.pos = CASE WHEN m.m IN ('append', "
     "  'add', 'appendleft') THEN 0 ELSE 1 END LEFT JOIN lk_cg_carg k ON k.file_id = m.file_id "
     "  AND k.call = m.call AND k.pos = 0 LEFT JOIN lk_cg_cslot c ON c.file_id = k.file_id "
     "  AND c.ast_idx = k.ast_idx "
     "  WHERE m.m IN ('append', 'add', 'appendleft', 'insert', 'setdefault') "
     "  UNION ALL SELECT hash('e', m.file_id, m.recv), unnest(['[?]', '[*]']), hash('xs', "
     "  m.file_id, m.call) FROM lk_cg_mcall m WHERE m.m IN ('extend', 'update') "
     "  UNION ALL SELECT hash('e', m.file_id, m.recv), '[it]', hash('xi', m.file_id, m.call) "
     "  FROM lk_cg_mcall m WHERE m.m IN ('extend', 'update') "
     /* d.values(), d.items(): a box of the values, of (key, value) pairs */
     "  UNION ALL SELECT hash('e', m.file_id, m.call), unnest(['[?]', '[*]', '[it]']), "
     "  CASE m.m WHEN 'items' THEN hash('e2', m.file_id, m.call) ELSE hash('t1', m.file_id, "
     "  m.call) END FROM lk_cg_mcall m WHERE m.m IN ('items', 'values') "
     "  UNION ALL SELECT hash('e2', m.file_id, m.call), unnest([t.s, '[*]']), hash(t.a, "
     "  m.file_id, m.call) FROM lk_cg_mcall m CROSS JOIN (VALUES ('[0]', 't0'), ('[1]', 't1')) "
     "  t(s, a) WHERE m.m = 'items' "
     /* enumerate(x), zip(a, b, …): boxes of tuples */
     "  UNION ALL SELECT hash('e', file_id, call), unnest(['[?]', '[*]', '[it]']), hash('e2', "
     "  file_id, call) FROM lk_cg_cq WHERE qn IN ('enumerate', 'zip') "
     "  UNION ALL SELECT hash('e2', file_id, call), unnest(['[1]', '[*]']), hash('t1', file_id, "
     "  call) FROM lk_cg_cq WHERE qn = 'enumerate' "
     "  UNION ALL SELECT hash('e2', a.file_id, a.call), unnest(['[' || a.pos || ']', '[*]']), "
     "  hash('zt', a.file_id, a.call, a.pos) FROM lk_cg_carg a JOIN lk_cg_cq q "
     "  ON q.file_id = a.file_id AND q.call = a.call AND q.qn = 'zip' WHERE a.pos IS NOT NULL "
     /* dict(k=v); map(f, xs) holds what f returns; setattr(o, 'name', v) */
     "  UNION ALL SELECT hash('e', a.file_id, a.call), unnest(['[''' || a.kw || ''']', '[*]']), "
     "  hash('e', a.file_id, a.ast_idx) FROM lk_cg_carg a JOIN lk_cg_cq q "
     "  ON q.file_id = a.file_id AND q.call = a.call AND q.qn = 'dict' WHERE a.kw IS NOT NULL "
     "  UNION ALL SELECT hash('e', h.file_id, h.call), unnest(['[?]', '[*]', '[it]']), "
     "  hash('hc', h.file_id, h.call) FROM lk_cg_hof h JOIN lk_cg_cq q "
     "  ON q.file_id = h.file_id AND q.call = h.call AND q.qn = 'map' "
     "  UNION ALL SELECT hash('e', a.file_id, a.ast_idx), n.s, hash('e', v.file_id, "
     "  v.ast_idx) FROM lk_cg_carg a "
     "  JOIN lk_cg_cq q ON q.file_id = a.file_id AND q.call = a.call AND q.qn = 'setattr' "
     "  JOIN lk_cg_carg b ON b.file_id = a.file_id AND b.call = a.call AND b.pos = 1 "
     "  JOIN lk_cg_carg v ON v.file_id = a.file_id AND v.call = a.call AND v.pos = 2 "
     "  JOIN lk_cg_strs n ON n.file_id = b.file_id AND n.ast_idx = b.ast_idx "
     "  WHERE a.pos = 0 "
     /* dict(pairs), d.update(pairs): the pairs' values; d.update(k=v) */
     "  UNION ALL SELECT rk, unnest(['[?]', '[*]']), hash('dp1', file_id, call) "
     "  FROM lk_cg_dpairs "
     "  UNION ALL SELECT hash('e', m.file_id, m.recv), unnest(['[''' || a.kw || ''']', "
     "  '[*]']), hash('e', a.file_id, a.ast_idx) FROM lk_cg_mcall m JOIN lk_cg_carg a "
     "  ON a.file_id = m.file_id AND a.call = m.call WHERE m.m = 'update' "
     "  AND a.kw IS NOT NULL "
     /* the extra arguments a *args / **kwargs parameter receives */
     "  UNION ALL SELECT vkey, unnest(CASE kind WHEN 'vararg' THEN ['[?]', '[*]', '[it]'] "
     "  ELSE ['[?]', '[*]'] END), hash(kind, def_id) FROM lk_cg_star "
     /* yield x / yield from g: the generator's box (at its def's return key) */
     "  UNION ALL SELECT hash('r', def_id), unnest(['[?]', '[*]', '[it]']), CASE kind WHEN "
     "  'YieldFrom' THEN hash('e', file_id, ast_idx) ELSE vk END FROM lk_cg_gen "
     "  WHERE vk IS NOT NULL)", LINK_FILE},
    /* the name each def binds in its scope: def __m inside class C binds _C__m (the name the
     * symtable gives the member; self.__m() reads it, lk_cg_mangle) */
    {"lk_cg_dbind", LINK_TABLE,
     "SELECT s.def_id, s.scope_id, CASE WHEN d.container_kind = 'class' "
     "  AND starts_with(s.bind_name, '__') AND NOT ends_with(s.bind_name, '__') "
     "  AND ltrim(c.name, '_') <> '' THEN '_' || ltrim(c.name, '_') || s.bind_name "
     "  ELSE s.bind_name END AS name FROM lk_def_scope s JOIN lk_cg_defs d "
     "  ON d.def_id = s.def_id LEFT JOIN lk_cg_defs c ON c.def_id = d.container_def_id",
     LINK_FILE},
    /* copies the statements above imply: (src, dst) */
    {"lk_cg_xcopy", LINK_TABLE,
     "SELECT DISTINCT src, dst FROM ("
     /* a target gets its source; a name target passes it to its variable */
     "  SELECT src, hash('e', file_id, ast_idx) AS dst FROM lk_cg_tgt WHERE how = 'v' "
     "  UNION ALL SELECT hash('e', r.file_id, r.ast_idx), r.vkey FROM lk_cg_nref r "
     "  JOIN lk_cg_ctx x ON x.file_id = r.file_id AND x.ast_idx = r.ast_idx "
     "  AND x.ctx = 'Store' WHERE r.kind = 'Name' "
     /* x[a:b] is (a copy of) the container */
     "  UNION ALL SELECT hash('e', v.file_id, v.ast_idx), hash('e', s.file_id, s.ast_idx) "
     "  FROM lk_cg_ast s JOIN lk_cg_ast v ON v.file_id = s.file_id "
     "  AND v.parent_ast_idx = s.ast_idx AND v.field_name = 'value' JOIN lk_cg_ast i "
     "  ON i.file_id = s.file_id AND i.parent_ast_idx = s.ast_idx AND i.field_name = 'slice' "
     "  AND i.kind = 'Slice' WHERE s.kind = 'Subscript' "
     /* default values flow into their parameters (evaluated where the def is) */
     "  UNION ALL SELECT hash('e', dv.file_id, dv.ast_idx), r.vkey FROM lk_cg_ast dv "
     "  JOIN (SELECT an.file_id, an.ast_idx, count(*) FILTER (WHERE c.field_name = "
     "  'posonlyargs') AS npo, count(*) FILTER (WHERE c.field_name IN ('posonlyargs', 'args')) "
     "  AS npos, count(*) FILTER (WHERE c.field_name = 'defaults') AS ndef "
     "  FROM lk_cg_ast an JOIN lk_cg_ast c ON c.file_id = an.file_id "
     "  AND c.parent_ast_idx = an.ast_idx WHERE an.kind = 'arguments' "
     "  GROUP BY an.file_id, an.ast_idx) an ON an.file_id = dv.file_id "
     "  AND an.ast_idx = dv.parent_ast_idx JOIN lk_cg_ast pa ON pa.file_id = an.file_id "
     "  AND pa.parent_ast_idx = an.ast_idx AND pa.kind = 'arg' AND ((dv.field_name = "
     "  'kw_defaults' AND pa.field_name = 'kwonlyargs' AND pa.field_pos = dv.field_pos) "
     "  OR (dv.field_name = 'defaults' AND pa.field_name IN ('posonlyargs', 'args') "
     "  AND CASE pa.field_name WHEN 'args' THEN pa.field_pos + an.npo ELSE pa.field_pos END "
     "  = an.npos - an.ndef + dv.field_pos)) JOIN lk_cg_nref r ON r.file_id = pa.file_id "
     "  AND r.ast_idx = pa.ast_idx WHERE dv.field_name IN ('defaults', 'kw_defaults') "
     /* list(x), sorted(x), iter(x), …: (a copy of) x; filter(f, xs): xs; partial(f): f;
     * o.keys(), o.copy(): o; get/next/getattr's default */
     "  UNION ALL SELECT hash('e', a.file_id, a.ast_idx), hash('e', a.file_id, a.call) "
     "  FROM lk_cg_carg a JOIN lk_cg_cq q ON q.file_id = a.file_id AND q.call = a.call "
     "  WHERE (a.pos = 0 AND q.qn IN ('list', 'tuple', 'set', 'frozenset', 'sorted', "
     "  'reversed', 'iter', 'dict', 'copy.copy', 'copy.deepcopy', 'functools.partial', "
     "  'partial', 'contextlib.closing', 'staticmethod', 'classmethod', 'property')) OR (a.pos = 1 AND q.qn IN ('filter', 'next')) "
     "  OR (a.pos = 2 AND q.qn = 'getattr') OR (q.qn IN ('min', 'max') AND a.pos IS NOT NULL "
     "  AND EXISTS (SELECT 1 FROM lk_cg_carg b WHERE b.file_id = a.file_id "
     "  AND b.call = a.call AND b.pos = 1)) "
     "  UNION ALL SELECT hash('e', m.file_id, m.recv), hash('e', m.file_id, m.call) "
     "  FROM lk_cg_mcall m WHERE m.m IN ('keys', 'copy') "
     "  UNION ALL SELECT hash('e', a.file_id, a.ast_idx), hash('e', a.file_id, a.call) "
     "  FROM lk_cg_mcall m JOIN lk_cg_carg a ON a.file_id = m.file_id AND a.call = m.call "
     "  AND a.pos = 1 WHERE m.m IN ('get', 'pop') "
     /* globals()['n'] / locals()['n'] read (or store) n; eval('n') is n; eval('n(...)')
      * calls n (the callee's key 'evf') and returns what n returns */
     "  UNION ALL SELECT CASE WHEN x.ctx = 'Store' THEN hash('e', n.file_id, n.site) ELSE "
     "  n.vkey END, CASE WHEN x.ctx = 'Store' THEN n.vkey ELSE hash('e', n.file_id, n.site) "
     "  END FROM lk_cg_nsnames n JOIN lk_cg_ctx x ON x.file_id = n.file_id "
     "  AND x.ast_idx = n.site WHERE n.how = 'ns' "
     "  UNION ALL SELECT vkey, hash('e', file_id, call) FROM lk_cg_nsnames WHERE how = 'val' "
     "  UNION ALL SELECT vkey, hash('evf', file_id, call) FROM lk_cg_nsnames "
     "  WHERE how = 'call' "
     "  UNION ALL SELECT hash('ev', file_id, call), hash('e', file_id, call) "
     "  FROM lk_cg_nsnames WHERE how = 'call' AND qn = 'eval' "
     /* the results of implicit calls; a decorated def's name binds its top decorator's
     * result */
     "  UNION ALL SELECT hash('dc2', file_id, ast_idx, n), res FROM lk_cg_dun "
     "  WHERE res IS NOT NULL "
     "  UNION ALL SELECT t.ck, v.vkey FROM lk_cg_dtop t JOIN lk_cg_dbind s "
     "  ON s.def_id = t.def_id JOIN lk_cg_var v ON v.scope_id = s.scope_id "
     "  AND v.name = s.name)", LINK_FILE},
    /* the implicit call sites and the higher-order ones (rows of lk_cg_calls) */
    {"lk_cg_xcalls", LINK_TABLE,
     "SELECT hash('dc2', d.file_id, d.ast_idx, d.n) AS ck, CASE WHEN d.dunder IS NULL THEN d.ok "
     "  ELSE hash('dk', d.file_id, d.ast_idx, d.n) END AS fk, pycpg_ast_id("
     "  d.file_id, d.site) AS site_id, d.kind AS site_kind, d.file_id, d.ast_idx, a.path, "
     "  a.bstart, a.bend FROM lk_cg_dun d JOIN py_ast_nodes_v1 a ON a.file_id = d.file_id "
     "  AND a.ast_idx = d.site "
     "UNION ALL SELECT hash('hc', h.file_id, h.call), hash('e', h.file_id, h.fn), "
     "  pycpg_ast_id(h.file_id, h.call), 'call', h.file_id, h.call, a.path, "
     "  a.bstart, a.bend FROM lk_cg_hof h JOIN py_ast_nodes_v1 a ON a.file_id = h.file_id "
     "  AND a.ast_idx = h.call "
     /* eval('n(...)'): a site at the string */
     "UNION ALL SELECT hash('ev', n.file_id, n.call), hash('evf', n.file_id, n.call), "
     "  pycpg_ast_id(n.file_id, n.site), 'call', n.file_id, n.call, a.path, "
     "  a.bstart, a.bend FROM lk_cg_nsnames n JOIN py_ast_nodes_v1 a "
     "  ON a.file_id = n.file_id AND a.ast_idx = n.site WHERE n.how = 'call'", LINK_FILE},
    {"lk_cg_xargs", LINK_TABLE,
     "SELECT hash('dc2', file_id, ast_idx, n) AS ck, pos, NULL AS kw, ak FROM lk_cg_dunarg "
     "UNION ALL SELECT hash('hc', h.file_id, h.call), p.pos, NULL, hash('ha', h.file_id, "
     "  h.call) FROM lk_cg_hof h CROSS JOIN (VALUES (0), (1)) p(pos) WHERE p.pos < h.nargs "
     "UNION ALL SELECT hash('hc', h.file_id, h.call), a.pos - 1, NULL, hash('e', a.file_id, "
     "  a.ast_idx) FROM lk_cg_hof h JOIN lk_cg_cq q ON q.file_id = h.file_id "
     "  AND q.call = h.call AND q.qn = 'atexit.register' JOIN lk_cg_carg a "
     "  ON a.file_id = h.file_id AND a.call = h.call AND a.pos > 0", LINK_FILE},
    /* Call sites: AST Call nodes (with their CST callsite) and decorators. */
    {"lk_cg_calls_f", LINK_KEPT,
     "SELECT hash('e', c.file_id, c.ast_idx) AS ck, hash('e', fn.file_id, fn.ast_idx) AS fk, "
     "  cs.call_id AS site_id, 'call' AS site_kind, c.file_id, c.ast_idx, cs.path, "
     "  cs.call_bstart AS bstart, cs.call_bend AS bend "
     "FROM lk_cg_ast c JOIN lk_cg_ast fn ON fn.file_id = c.file_id "
     "  AND fn.parent_ast_idx = c.ast_idx AND fn.field_name = 'func' "
     "LEFT JOIN py_cst_callsites_v1 cs ON cs.file_id = c.file_id AND cs.call_bstart = c.bstart "
     "  AND cs.call_bend = c.bend WHERE c.kind = 'Call' "
     "UNION ALL SELECT hash('dc', x.file_id, x.ast_idx), hash('e', x.file_id, x.ast_idx), "
     "  dc.decorator_id, 'decorator', x.file_id, x.ast_idx, dc.path, dc.bstart, dc.bend "
     "FROM lk_cg_defs d JOIN lk_cg_ast x ON x.file_id = d.file_id "
     "  AND x.parent_ast_idx = d.ast_idx AND x.field_name = 'decorator_list' "
     "LEFT JOIN py_cst_decorators_v1 dc ON dc.file_id = x.file_id AND dc.bstart = x.bstart "
     "UNION ALL SELECT * FROM lk_cg_xcalls", LINK_FILE},
    {"lk_cg_args", LINK_KEPT,
     "SELECT hash('e', c.file_id, c.ast_idx) AS ck, a.field_pos AS pos, NULL AS kw, "
     "  hash('e', a.file_id, a.ast_idx) AS ak FROM lk_cg_ast c "
     "JOIN lk_cg_ast a ON a.file_id = c.file_id AND a.parent_ast_idx = c.ast_idx "
     "  AND a.field_name = 'args' "
     "WHERE c.kind = 'Call' AND a.kind <> 'Starred' AND NOT EXISTS (SELECT 1 FROM "
     "  lk_cg_ast s WHERE s.file_id = c.file_id AND s.parent_ast_idx = c.ast_idx "
     "  AND s.field_name = 'args' AND s.kind = 'Starred' AND s.field_pos < a.field_pos) "
     "UNION ALL SELECT hash('e', c.file_id, c.ast_idx), NULL, k.name, "
     "  hash('e', v.file_id, v.ast_idx) FROM lk_cg_ast c "
     "JOIN lk_cg_ast k ON k.file_id = c.file_id AND k.parent_ast_idx = c.ast_idx "
     "  AND k.field_name = 'keywords' "
     "JOIN lk_cg_ast v ON v.file_id = k.file_id AND v.parent_ast_idx = k.ast_idx "
     "  AND v.field_name = 'value' WHERE c.kind = 'Call' AND k.name IS NOT NULL "
     "UNION ALL SELECT hash('dc', x.file_id, x.ast_idx), 0, NULL, hash('dd', d.def_id) "
     "FROM lk_cg_defs d JOIN lk_cg_ast x ON x.file_id = d.file_id "
     "  AND x.parent_ast_idx = d.ast_idx AND x.field_name = 'decorator_list' "
     "  AND x.field_pos = (SELECT max(y.field_pos) FROM lk_cg_ast y WHERE "
     "  y.file_id = x.file_id AND y.parent_ast_idx = x.parent_ast_idx "
     "  AND y.field_name = 'decorator_list') "
     /* a decorator receives what the decorator below it returned */
     "UNION ALL SELECT hash('dc', x.file_id, x.ast_idx), 0, NULL, hash('dc', y.file_id, "
     "  y.ast_idx) FROM lk_cg_defs d JOIN lk_cg_ast x ON x.file_id = d.file_id "
     "  AND x.parent_ast_idx = d.ast_idx AND x.field_name = 'decorator_list' "
     "JOIN lk_cg_ast y ON y.file_id = x.file_id AND y.parent_ast_idx = x.parent_ast_idx "
     "  AND y.field_name = 'decorator_list' AND y.field_pos = x.field_pos + 1 "
     "UNION ALL SELECT ck, pos, kw, ak FROM lk_cg_xargs "
     /* f(*xs, y): the elements of xs and what follows reach every position from the starred
      * one on (pos -2000 - i); f(**m): m's values reach every named parameter ('**') */
     "UNION ALL SELECT hash('e', a.file_id, a.call), -2000 - a.fstar, NULL, CASE WHEN a.kind = "
     "  'Starred' THEN hash('sa', a.file_id, a.ast_idx) ELSE hash('e', "
     "  a.file_id, a.ast_idx) END FROM (SELECT a.*, min(a.pos) FILTER (WHERE a.kind = "
     "  'Starred') OVER (PARTITION BY a.file_id, a.call) AS fstar FROM lk_cg_carg a "
     "  WHERE a.kw IS NULL) a WHERE a.pos >= a.fstar "
     "UNION ALL SELECT hash('e', k.file_id, k.parent_ast_idx), NULL, '**', hash('ka', v.file_id, "
     "  v.ast_idx) FROM lk_cg_ast k JOIN lk_cg_ast v ON v.file_id = k.file_id "
     "  AND v.parent_ast_idx = k.ast_idx AND v.field_name = 'value' "
     "WHERE k.field_name = 'keywords' AND k.name IS NULL", LINK_FILE},
    /* Attribute reads, and from-imports as a lookup of the name on the module. */
    {"lk_cg_attrs", LINK_KEPT,
     "SELECT hash('e', a.file_id, a.ast_idx) AS nk, hash('e', o.file_id, o.ast_idx) AS ok, "
     "  coalesce(mg.attr, a.name) AS attr FROM lk_cg_ast a "
     "JOIN lk_cg_ast o ON o.file_id = a.file_id AND o.parent_ast_idx = a.ast_idx "
     "  AND o.field_name = 'value' LEFT JOIN lk_cg_mangle mg ON mg.file_id = a.file_id "
     "  AND mg.ast_idx = a.ast_idx WHERE a.kind = 'Attribute' "
     "UNION ALL SELECT v.vkey, hash('im', i.import_id), i.name FROM py_cst_imports_v1 i "
     "JOIN lk_import_scope s ON s.import_id = i.import_id "
     "JOIN lk_cg_var v ON v.scope_id = s.scope_id AND v.name = s.bind_name "
     "WHERE i.kind = 'importfrom' AND NOT coalesce(i.is_star, false) "
     "  AND i.resolved_name IS NOT NULL "
     "UNION ALL SELECT nk, ok, attr FROM lk_cg_xattrs", LINK_FILE},
    /* o.attr = value */
    {"lk_cg_stores", LINK_KEPT,
     "SELECT hash('e', o.file_id, o.ast_idx) AS ok, coalesce((SELECT mg.attr FROM lk_cg_mangle "
     "  mg WHERE mg.file_id = t.file_id AND mg.ast_idx = t.ast_idx), t.name) AS attr, "
     "  hash('e', v.file_id, v.ast_idx) AS src FROM lk_cg_ast s "
     "JOIN lk_cg_ast t ON t.file_id = s.file_id AND t.parent_ast_idx = s.ast_idx "
     "  AND t.field_name IN ('targets', 'target') AND t.kind = 'Attribute' "
     "JOIN lk_cg_ast o ON o.file_id = t.file_id AND o.parent_ast_idx = t.ast_idx "
     "  AND o.field_name = 'value' "
     "JOIN lk_cg_ast v ON v.file_id = s.file_id AND v.parent_ast_idx = s.ast_idx "
     "  AND v.field_name = 'value' WHERE s.kind IN ('Assign', 'AnnAssign') "
     "UNION ALL SELECT ok, attr, src FROM lk_cg_xstores", LINK_FILE},
    {"lk_cg_bases", LINK_KEPT,
     "SELECT d.def_id AS cls, b.field_pos AS pos, hash('e', b.file_id, b.ast_idx) AS bk, "
     "  d.path, b.bstart, b.bend FROM lk_cg_defs d "
     "JOIN lk_cg_ast b ON b.file_id = d.file_id AND b.parent_ast_idx = d.ast_idx "
     "  AND b.field_name = 'bases' WHERE d.kind = 'class'", LINK_FILE},
    /* Class members: every name bound in the class body (defs, assignments, imports). */
    {"lk_cg_members", LINK_KEPT,
     "SELECT d.def_id AS cls, y.name, hash('v', y.scope_id, y.name) AS vkey FROM lk_cg_defs d "
     "JOIN py_sym_symbols_v1 y ON y.scope_id = d.body_scope WHERE d.kind = 'class' "
     "AND (y.is_assigned OR y.is_imported OR y.is_namespace)", LINK_FILE},
    /* The self/cls parameter of methods: the first positional parameter. */
    {"lk_cg_selfp", LINK_TABLE,
     "SELECT d.container_def_id AS cls, p.vkey, CASE WHEN list_contains(d.decorators, "
     "  'classmethod') THEN 'c' ELSE 'I' END AS vk FROM lk_cg_defs d "
     "JOIN lk_cg_params p ON p.def_id = d.def_id AND p.pos = 0 "
     "WHERE d.container_kind = 'class' AND d.kind IN ('function', 'async_function') "
     "AND NOT list_contains(d.decorators, 'staticmethod')", LINK_FILE},
    /* Builtin names a file's calls and decorators name: the CST lens's BUILTIN qualified
     * names (the repository's set is their union, lk_cg_builtins). */
    {"lk_cg_builtins_f", LINK_KEPT,
     "SELECT DISTINCT substr(q.name, 10) AS name FROM (SELECT unnest(callee_qnames) AS q "
     "  FROM py_cst_callsites_v1 UNION ALL SELECT unnest(qnames) FROM py_cst_decorators_v1) "
     "WHERE q.source = 'QualifiedNameSource.BUILTIN' AND q.name LIKE 'builtins.%' "
     "  AND strpos(substr(q.name, 10), '.') = 0", LINK_FILE},
    /* The static copy edges of one file (star imports read another file's symbols: below). */
    {"lk_cg_copy_f", LINK_KEPT,
     "SELECT DISTINCT src, dst FROM ("
     /* a Name read gets its variable's values */
     "  SELECT vkey AS src, hash('e', file_id, ast_idx) AS dst FROM lk_cg_nref "
     "  WHERE kind = 'Name' "
     /* x = value, x: T = value, (x := value) */
     "  UNION ALL SELECT hash('e', v.file_id, v.ast_idx), r.vkey FROM lk_cg_ast s "
     "  JOIN lk_cg_ast t ON t.file_id = s.file_id AND t.parent_ast_idx = s.ast_idx "
     "    AND t.field_name IN ('targets', 'target') AND t.kind = 'Name' "
     "  JOIN lk_cg_ast v ON v.file_id = s.file_id AND v.parent_ast_idx = s.ast_idx "
     "    AND v.field_name = 'value' "
     "  JOIN lk_cg_nref r ON r.file_id = t.file_id AND r.ast_idx = t.ast_idx "
     "  WHERE s.kind IN ('Assign', 'AnnAssign', 'NamedExpr') "
     /* return value */
     "  UNION ALL SELECT hash('e', v.file_id, v.ast_idx), hash('r', e.def_id) "
     "  FROM lk_cg_ast s JOIN lk_cg_ast v ON v.file_id = s.file_id "
     "    AND v.parent_ast_idx = s.ast_idx AND v.field_name = 'value' "
     "  JOIN lk_cg_encl e ON e.file_id = s.file_id AND e.ast_idx = s.ast_idx "
     "  WHERE s.kind = 'Return' "
     /* a lambda returns its body */
     "  UNION ALL SELECT hash('e', b.file_id, b.ast_idx), hash('r', d.def_id) FROM lk_cg_defs d "
     "  JOIN lk_cg_ast b ON b.file_id = d.file_id AND b.parent_ast_idx = d.ast_idx "
     "    AND b.field_name = 'body' WHERE d.kind = 'lambda' "
     /* a if c else b, a or b, await a */
     "  UNION ALL SELECT hash('e', c.file_id, c.ast_idx), hash('e', p.file_id, p.ast_idx) "
     "  FROM lk_cg_ast p JOIN lk_cg_ast c ON c.file_id = p.file_id "
     "    AND c.parent_ast_idx = p.ast_idx WHERE p.kind = 'IfExp' AND c.field_name IN "
     "    ('body', 'orelse') OR p.kind = 'BoolOp' AND c.field_name = 'values' "
     "    OR p.kind = 'Await' AND c.field_name = 'value' "
     "  UNION ALL SELECT src, dst FROM lk_cg_xcopy)", LINK_FILE},
    /* The facts of one file that need no other file: defs and classes bind their names,
     * lambdas, the def a decorator receives, super() in a method, self/cls of a method. */
    /* Module-level defs rebound before anything could read them: `def f` (no decorator, no
     * default values) followed at module level by `f = NAME` (or an attribute, a lambda, a
     * constant) with only such defs between: no code runs in between, so every read of f
     * sees the new value, and f's own binding is dropped (a strong update, issue 24) */
    {"lk_cg_dead", LINK_TABLE,
     "WITH b AS (SELECT s.file_id, s.ast_idx, s.kind, s.field_pos FROM lk_cg_ast s "
     "  JOIN lk_cg_ast m ON m.file_id = s.file_id AND m.ast_idx = s.parent_ast_idx "
     "  AND m.kind = 'Module' WHERE s.field_name = 'body'), "
     "plain AS (SELECT b.* FROM b WHERE b.kind IN ('FunctionDef', 'AsyncFunctionDef') "
     "  AND NOT EXISTS (SELECT 1 FROM lk_cg_ast x WHERE x.file_id = b.file_id "
     "  AND x.parent_ast_idx = b.ast_idx AND x.field_name = 'decorator_list') "
     "  AND NOT EXISTS (SELECT 1 FROM lk_cg_ast a JOIN lk_cg_ast dv "
     "  ON dv.file_id = a.file_id AND dv.parent_ast_idx = a.ast_idx "
     "  AND dv.field_name IN ('defaults', 'kw_defaults') WHERE a.file_id = b.file_id "
     "  AND a.parent_ast_idx = b.ast_idx AND a.kind = 'arguments')), "
     "re AS (SELECT b.file_id, b.field_pos, t.name FROM b JOIN lk_cg_ast t "
     "  ON t.file_id = b.file_id AND t.parent_ast_idx = b.ast_idx AND t.field_name = 'targets' "
     "  AND t.kind = 'Name' JOIN lk_cg_ast v ON v.file_id = b.file_id "
     "  AND v.parent_ast_idx = b.ast_idx AND v.field_name = 'value' AND v.kind IN ('Name', "
     "  'Attribute', 'Lambda', 'Constant') AND v.name IS DISTINCT FROM t.name "
     "  WHERE b.kind = 'Assign' AND NOT EXISTS (SELECT 1 FROM lk_cg_ast t2 "
     "  WHERE t2.file_id = b.file_id AND t2.parent_ast_idx = b.ast_idx "
     "  AND t2.field_name = 'targets' AND t2.field_pos > 0)) "
     "SELECT DISTINCT d.def_id FROM plain p JOIN lk_cg_defs d ON d.file_id = p.file_id "
     "  AND d.ast_idx = p.ast_idx JOIN re ON re.file_id = p.file_id AND re.name = d.name "
     "  AND re.field_pos > p.field_pos WHERE NOT EXISTS (SELECT 1 FROM b x "
     "  WHERE x.file_id = p.file_id AND x.field_pos > p.field_pos "
     "  AND x.field_pos < re.field_pos AND x.ast_idx NOT IN (SELECT q.ast_idx FROM plain q "
     "  WHERE q.file_id = x.file_id))", LINK_FILE},
    {"lk_cg_base_f", LINK_KEPT,
     "SELECT DISTINCT k, vk, v FROM ("
     "  SELECT v.vkey AS k, CASE WHEN d.kind = 'class' THEN 'c' ELSE 'f' END AS vk, "
     "  CAST(d.def_id AS VARCHAR) AS v FROM lk_cg_dbind s JOIN lk_cg_defs d "
     "  ON d.def_id = s.def_id JOIN lk_cg_var v ON v.scope_id = s.scope_id "
     "  AND v.name = s.name WHERE d.def_id NOT IN (SELECT def_id FROM lk_cg_dtop) "
     "  AND d.def_id NOT IN (SELECT def_id FROM lk_cg_dead) "
     "  UNION ALL SELECT k, 'i', CAST(box AS VARCHAR) FROM lk_cg_box_f "
     "  UNION ALL SELECT hash('e', file_id, ast_idx), 'f', CAST(def_id AS VARCHAR) "
     "  FROM lk_cg_defs WHERE kind = 'lambda' AND ast_idx IS NOT NULL "
     "  UNION ALL SELECT hash('dd', def_id), CASE WHEN kind = 'class' THEN 'c' ELSE 'f' END, "
     "  CAST(def_id AS VARCHAR) FROM lk_cg_defs WHERE len(decorators) > 0 "
     "  UNION ALL SELECT hash('e', c.file_id, c.ast_idx), 's', CAST(d.container_def_id AS "
     "  VARCHAR) FROM lk_cg_ast c JOIN lk_cg_ast fn ON fn.file_id = c.file_id "
     "    AND fn.parent_ast_idx = c.ast_idx AND fn.field_name = 'func' "
     "  JOIN lk_cg_encl e ON e.file_id = c.file_id AND e.ast_idx = c.ast_idx "
     "  JOIN lk_cg_defs d ON d.def_id = e.def_id AND d.container_kind = 'class' "
     "  WHERE c.kind = 'Call' AND fn.kind = 'Name' AND fn.name = 'super' AND NOT EXISTS "
     "  (SELECT 1 FROM lk_cg_carg a WHERE a.file_id = c.file_id AND a.call = c.ast_idx) "
     /* super(B, self): the MRO after B, B a class of the file named so */
     "  UNION ALL SELECT hash('e', c.file_id, c.ast_idx), 's', CAST(d.def_id AS VARCHAR) "
     "  FROM lk_cg_ast c JOIN lk_cg_ast fn ON fn.file_id = c.file_id "
     "    AND fn.parent_ast_idx = c.ast_idx AND fn.field_name = 'func' "
     "  JOIN lk_cg_carg a ON a.file_id = c.file_id AND a.call = c.ast_idx AND a.pos = 0 "
     "  JOIN lk_cg_ast b ON b.file_id = a.file_id AND b.ast_idx = a.ast_idx "
     "    AND b.kind = 'Name' JOIN lk_cg_defs d ON d.file_id = c.file_id "
     "    AND d.kind = 'class' AND d.name = b.name "
     "  WHERE c.kind = 'Call' AND fn.kind = 'Name' AND fn.name = 'super' "
     /* methods of builtin types on literals: "x".join, [].append (external names) */
     "  UNION ALL SELECT hash('e', v.file_id, v.ast_idx), 'x', CASE WHEN v.kind = 'Constant' "
     "  THEN CASE WHEN v.value_repr[1] IN ('''', '\"') THEN 'str' ELSE 'bytes' END "
     "  WHEN v.kind = 'JoinedStr' THEN 'str' WHEN v.kind IN ('List', 'ListComp') THEN 'list' "
     "  WHEN v.kind IN ('Dict', 'DictComp') THEN 'dict' WHEN v.kind IN ('Set', 'SetComp') "
     "  THEN 'set' ELSE 'tuple' END FROM lk_cg_ast a JOIN lk_cg_ast v "
     "    ON v.file_id = a.file_id AND v.parent_ast_idx = a.ast_idx AND v.field_name = 'value' "
     "  WHERE a.kind = 'Attribute' AND (v.kind IN ('JoinedStr', 'List', 'ListComp', 'Dict', "
     "  'DictComp', 'Set', 'SetComp', 'Tuple') OR v.kind = 'Constant' AND (v.value_repr[1] "
     "  IN ('''', '\"') OR v.value_repr[1:2] IN ('b''', 'b\"'))) "
     "  UNION ALL SELECT vkey, vk, CAST(cls AS VARCHAR) FROM lk_cg_selfp)", LINK_FILE},
    /* What a file's imports bind, before knowing whether the target is a repository module:
     * import a.b binds a (import a.b as c: c to a.b); from m import n reads n on module m. */
    {"lk_cg_imports_f", LINK_KEPT,
     "SELECT v.vkey AS k, t.target FROM (SELECT i.*, CASE WHEN i.asname IS NULL THEN "
     "  split_part(i.name, '.', 1) ELSE i.name END AS target FROM py_cst_imports_v1 i "
     "  WHERE i.kind = 'import') t JOIN lk_import_scope s ON s.import_id = t.import_id "
     "JOIN lk_cg_var v ON v.scope_id = s.scope_id AND v.name = s.bind_name "
     "UNION ALL SELECT hash('im', import_id), left(resolved_name, length(resolved_name) - "
     "  length(name) - 1) FROM py_cst_imports_v1 WHERE kind = 'importfrom' "
     "  AND NOT coalesce(is_star, false) AND ends_with(resolved_name, '.' || name) "
     /* importlib.import_module('a.b') is a.b; __import__('a.b') is a */
     "UNION ALL SELECT hash('e', a.file_id, a.call), CASE WHEN q.qn = '__import__' THEN "
     "  split_part(m, '.', 1) ELSE m END FROM (SELECT a.*, substr(n.value_repr, 2, "
     "  length(n.value_repr) - 2) AS m FROM lk_cg_carg a JOIN lk_cg_ast n "
     "  ON n.file_id = a.file_id AND n.ast_idx = a.ast_idx AND n.kind = 'Constant' "
     "  AND regexp_matches(n.value_repr, '^''[A-Za-z_][A-Za-z0-9_.]*''$') WHERE a.pos = 0) a "
     "JOIN lk_cg_cq q ON q.file_id = a.file_id AND q.call = a.call "
     "  AND q.qn IN ('importlib.import_module', '__import__')", LINK_FILE},
    /* Attribute reads: property getter sites where the name is a property's (lk_cg_calls) */
    {"lk_cg_pload_f", LINK_KEPT,
     "SELECT a.file_id, a.ast_idx, a.name, a.path, a.bstart, a.bend FROM py_ast_nodes_v1 a "
     "JOIN lk_cg_ctx x ON x.file_id = a.file_id AND x.ast_idx = a.ast_idx AND x.ctx = 'Load' "
     "WHERE a.kind = 'Attribute' AND NOT starts_with(a.name, '__')", LINK_FILE},
    /* Calls of a library's class (collections.OrderedDict()): their result is named by the
     * class, so its methods are external names (collections.OrderedDict.items); kept, since
     * whether the name is the repository's is decided repository-wide (lk_cg_base) */
    {"lk_cg_xinst_f", LINK_KEPT,
     "SELECT DISTINCT hash('e', file_id, call) AS k, qn FROM lk_cg_cq "
     "WHERE regexp_matches(qn, '\\.[A-Z][A-Za-z0-9_]*$')", LINK_FILE},
    /* Which classes are instantiated (the precise cone of self, lk_cg_live). Reads that may
     * make an instance: a Name read (its variable key vkey) or an Attribute read (its name),
     * except as a class's base, super()'s first argument or the object of a dunder
     * (Base.__init__(self)); a constant string naming it (getattr); the name a from-import
     * binds when the file reads it. With cls: a class's bases, by variable key (a Name) or by
     * name (an Attribute, an imported name): the static subclass relation of lk_cg_open. */
    {"lk_cg_cref_f", LINK_KEPT,
     "WITH rd AS (SELECT n.file_id, n.ast_idx, n.kind, n.name FROM lk_cg_ast n "
     "  JOIN lk_cg_ctx x ON x.file_id = n.file_id AND x.ast_idx = n.ast_idx "
     "  AND x.ctx = 'Load' LEFT JOIN lk_cg_ast p ON p.file_id = n.file_id "
     "  AND p.ast_idx = n.parent_ast_idx LEFT JOIN lk_cg_ast f "
     "  ON f.file_id = p.file_id "
     "  AND f.parent_ast_idx = " CG_ONLY("p.kind = 'Call'", "p.ast_idx") " "
     "  AND f.field_name = 'func' WHERE n.kind IN ('Name', 'Attribute') AND n.name IS NOT NULL "
     "  AND NOT (p.kind = 'ClassDef' AND n.field_name = 'bases') AND NOT (p.kind = "
     "  'Attribute' AND n.field_name = 'value' AND starts_with(p.name, '__') "
     "  AND ends_with(p.name, '__')) AND NOT (n.field_name = 'args' AND n.field_pos = 0 "
     "  AND f.kind = 'Name' AND f.name = 'super')), "
     "rk AS (SELECT DISTINCT r.vkey FROM rd JOIN lk_cg_nref r ON r.file_id = rd.file_id "
     "  AND r.ast_idx = rd.ast_idx WHERE rd.kind = 'Name'), "
     "fi AS (SELECT v.vkey, i.name FROM py_cst_imports_v1 i JOIN lk_import_scope s "
     "  ON s.import_id = i.import_id JOIN lk_cg_var v ON v.scope_id = s.scope_id "
     "  AND v.name = s.bind_name WHERE i.kind = 'importfrom' AND i.name IS NOT NULL) "
     "SELECT DISTINCT NULL::BIGINT AS cls, vkey, NULL::VARCHAR AS name FROM rk "
     "UNION SELECT NULL, NULL, name FROM rd WHERE kind = 'Attribute' "
     "UNION SELECT NULL, NULL, substr(c.value_repr, 2, length(c.value_repr) - 2) "
     "  FROM lk_cg_ast c LEFT JOIN lk_cg_ast p ON p.file_id = c.file_id "
     "  AND p.ast_idx = c.parent_ast_idx WHERE c.kind = 'Constant' "
     "  AND regexp_matches(c.value_repr, '^''[A-Za-z_][A-Za-z0-9_]*''$') "
     /* not a returned value, a docstring or a piece of an f-string (return "A" in a
      * method made every class named A live) */
     "  AND p.kind IS DISTINCT FROM 'Return' AND p.kind IS DISTINCT FROM 'Expr' "
     "  AND p.kind IS DISTINCT FROM 'JoinedStr' "
     "UNION SELECT NULL, NULL, fi.name FROM fi JOIN rk ON rk.vkey = fi.vkey "
     "UNION SELECT d.def_id, CASE WHEN b.kind = 'Name' AND fi.name IS NULL THEN r.vkey END, "
     "  CASE WHEN b.kind = 'Attribute' THEN b.name ELSE fi.name END FROM lk_cg_defs d "
     "  JOIN lk_cg_ast b ON b.file_id = d.file_id AND b.parent_ast_idx = d.ast_idx "
     "  AND b.field_name = 'bases' AND b.kind IN ('Name', 'Attribute') "
     "  LEFT JOIN lk_cg_nref r ON r.file_id = b.file_id AND r.ast_idx = b.ast_idx "
     "  LEFT JOIN fi ON fi.vkey = r.vkey WHERE d.kind = 'class' AND b.name IS NOT NULL",
     LINK_FILE},
    /* The builtin type of each container box (its methods are external names: out = [];
     * out.append(x) calls list.append) */
    {"lk_cg_boxt_f", LINK_KEPT,
     "SELECT DISTINCT CAST(hash('box', file_id, ast_idx) >> 2 AS BIGINT) AS box, CASE WHEN "
     "  kind IN ('List', 'ListComp') THEN 'list' WHEN kind IN ('Dict', 'DictComp') THEN 'dict' "
     "  WHEN kind IN ('Set', 'SetComp') THEN 'set' ELSE 'tuple' END AS t FROM lk_cg_ast "
     "WHERE kind IN ('List', 'ListComp', 'Dict', 'DictComp', 'Set', 'SetComp', 'Tuple') "
     "UNION SELECT CAST(hash('box', file_id, call) >> 2 AS BIGINT), qn FROM lk_cg_cq "
     "WHERE qn IN ('dict', 'list', 'set', 'frozenset', 'collections.deque', "
     "  'collections.defaultdict', 'collections.OrderedDict')", LINK_FILE},
    /* Functions handed to a library's function (json.dumps(default=f), re.sub(p, f, s)): the
     * library calls them, from the caller's scope (a site per argument, site_kind
     * 'callback'; lk_cg_calls keeps those whose library is not the repository's). Not the
     * libraries that only wrap, store or inspect what they get, nor lk_cg_hof's. */
    {"lk_cg_cback_f", LINK_KEPT,
     "SELECT DISTINCT hash('cb', a.file_id, a.ast_idx) AS ck, hash('e', a.file_id, a.ast_idx) "
     "  AS fk, pycpg_ast_id(a.file_id, a.ast_idx) AS site_id, 'callback' AS site_kind, "
     "  a.file_id, a.call AS ast_idx, c.path, c.bstart, c.bend, q.qn FROM lk_cg_carg a "
     "JOIN lk_cg_cq q ON q.file_id = a.file_id AND q.call = a.call "
     "JOIN py_ast_nodes_v1 c ON c.file_id = a.file_id AND c.ast_idx = a.call "
     "WHERE strpos(q.qn, '.') > 0 AND a.kind IN ('Name', 'Attribute', 'Lambda') "
     "  AND split_part(q.qn, '.', 1) NOT IN ('functools', 'typing', 'typing_extensions', "
     "  'dataclasses', 'abc', 'inspect', 'types', 'weakref', 'copy', 'pickle', 'copyreg', "
     "  'contextlib', 'operator', 'enum', 'unittest', 'warnings', 'dis', 'ast', 'builtins', "
     "  'super') AND NOT regexp_matches(q.qn, '\\.__(init|new|init_subclass)__$') "
     "  AND q.qn NOT IN ('threading.Thread', 'threading.Timer', 'atexit.register', "
     "  'atexit.unregister', 'signal.signal', 'sys.settrace', 'sys.setprofile', "
     "  'threading.settrace', 'threading.setprofile', 'asyncio.iscoroutinefunction')",
     LINK_FILE},
    /* class C(metaclass=M): the key of M's expression (a call of C calls M.__call__) */
    {"lk_cg_meta_f", LINK_KEPT,
     "SELECT d.def_id AS cls, hash('e', v.file_id, v.ast_idx) AS mk FROM lk_cg_defs d "
     "JOIN lk_cg_ast k ON k.file_id = d.file_id AND k.parent_ast_idx = d.ast_idx "
     "  AND k.field_name = 'keywords' AND k.name = 'metaclass' "
     "JOIN lk_cg_ast v ON v.file_id = k.file_id AND v.parent_ast_idx = k.ast_idx "
     "  AND v.field_name = 'value' WHERE d.kind = 'class'", LINK_FILE},
    /* except C as e / except (C, D) as e: the handler's variable and the key of each Name
     * the handler names (lk_cg_excsub binds e to instances of C's live subclasses too) */
    {"lk_cg_exc_f", LINK_KEPT,
     "SELECT DISTINCT v.vkey AS res, r.vkey AS tk FROM lk_cg_ast h "
     "JOIN lk_cg_ast t ON t.file_id = h.file_id AND t.parent_ast_idx = h.ast_idx "
     "  AND t.field_name = 'type' LEFT JOIN lk_cg_ast e ON e.file_id = t.file_id "
     "  AND e.parent_ast_idx = " CG_ONLY("t.kind = 'Tuple'", "t.ast_idx") " "
     "  AND e.field_name = 'elts' "
     "JOIN lk_cg_nref r ON r.file_id = h.file_id AND r.ast_idx = coalesce(e.ast_idx, "
     "  t.ast_idx) AND r.kind = 'Name' "
     "LEFT JOIN lk_cg_encl n ON n.file_id = h.file_id AND n.ast_idx = h.ast_idx "
     "LEFT JOIN lk_cg_defs d ON d.def_id = n.def_id JOIN lk_cg_mods m ON m.file_id = h.file_id "
     "JOIN lk_cg_var v ON v.scope_id = coalesce(d.body_scope, m.scope_id) AND v.name = h.name "
     "WHERE h.kind = 'ExceptHandler' AND h.name IS NOT NULL", LINK_FILE},
    /* __getattr__(self, name) that forwards: getattr(E, name) in its body (ek: E's key) */
    {"lk_cg_gafwd_f", LINK_KEPT,
     "SELECT DISTINCT d.def_id AS ga, hash('e', a.file_id, a.ast_idx) AS ek FROM lk_cg_defs d "
     "JOIN lk_cg_params pr ON pr.def_id = d.def_id AND pr.pos = 1 "
     "JOIN lk_cg_encl e ON e.def_id = d.def_id JOIN lk_cg_cq q ON q.file_id = e.file_id "
     "  AND q.call = e.ast_idx AND q.qn = 'getattr' JOIN lk_cg_carg a "
     "  ON a.file_id = q.file_id AND a.call = q.call AND a.pos = 0 JOIN lk_cg_carg b "
     "  ON b.file_id = q.file_id AND b.call = q.call AND b.pos = 1 JOIN lk_cg_nref r "
     "  ON r.file_id = b.file_id AND r.ast_idx = b.ast_idx AND r.vkey = pr.vkey "
     "WHERE d.name = '__getattr__' AND d.container_kind = 'class'", LINK_FILE},
    /* the cls parameter of classmethods (lk_cg_selfp's 'c' rows) */
    {"lk_cg_clsp_f", LINK_KEPT, "SELECT DISTINCT vkey, cls FROM lk_cg_selfp WHERE vk = 'c'",
     LINK_FILE},
    /* Module-level names a file reads but never binds: builtins when the repository's calls
     * name them so (lk_cg_builtins). */
    {"lk_cg_unbound_f", LINK_KEPT,
     "SELECT DISTINCT v.vkey, v.name FROM lk_cg_var v WHERE v.modlevel AND NOT EXISTS "
     "  (SELECT 1 FROM py_sym_symbols_v1 y WHERE y.scope_id = v.mod_scope AND y.name = v.name "
     "  AND (y.is_assigned OR y.is_imported OR y.is_namespace))", LINK_FILE},

    /* ---- repository-wide, from the kept parts ---- */
    {"lk_cg_builtins", LINK_TABLE, "SELECT DISTINCT name FROM lk_cg_builtins_f", LINK_REPO},
    /* the call sites: the files', and o.p where p is a property getter of the repository */
    {"lk_cg_calls", LINK_TABLE,
     "SELECT * FROM lk_cg_calls_f UNION ALL SELECT hash('dc2', a.file_id, a.ast_idx, 40), "
     "  hash('e', a.file_id, a.ast_idx), pycpg_ast_id(a.file_id, a.ast_idx), "
     "  'property', a.file_id, a.ast_idx, a.path, a.bstart, a.bend FROM lk_cg_pload_f a "
     "WHERE a.name IN (SELECT name FROM lk_cg_defs WHERE list_has_any(decorators, "
     "  ['property', 'cached_property', 'functools.cached_property'])) "
     "UNION ALL SELECT ck, fk, site_id, site_kind, file_id, ast_idx, path, bstart, bend "
     "FROM lk_cg_cback_f WHERE split_part(qn, '.', 1) NOT IN (SELECT split_part(module, '.', "
     "  1) FROM lk_cg_mods)", LINK_REPO},
    /* Live classes: decorated (a decorator may keep and instantiate it), or read somewhere
     * (lk_cg_cref_f: the variable its def binds, or its name as an attribute, a string, an
     * imported name). Open classes: no live class among themselves and their subclasses by
     * the bases' keys or names (a static cone: classes nothing here instantiates, or that
     * library code does). The rounds look a member up on the cone of C (self in C's
     * methods, 'I') and on super() in C along C's own MRO only when C is live or open, take
     * every subclass's override only when C is open, and look along the MRO of every live
     * subclass S ('J' C/S): self is an instance of a class that was made. */
    /* the keys holding a class from its def (not a classmethod's cls: cls() makes an instance
     * of the class the method was called on, read where it was called) */
    {"lk_cg_cvar", LINK_TABLE,
     "SELECT DISTINCT k AS vkey, TRY_CAST(v AS BIGINT) AS cls FROM lk_cg_base_f WHERE vk = 'c' "
     "  AND k NOT IN (SELECT vkey FROM lk_cg_clsp_f)", LINK_REPO},
    {"lk_cg_live", LINK_TABLE,
     "SELECT def_id AS cls FROM lk_cg_defs WHERE kind = 'class' AND (len(decorators) > 0 "
     "  OR name IN (SELECT name FROM lk_cg_cref_f WHERE cls IS NULL AND name IS NOT NULL)) "
     "UNION SELECT v.cls FROM lk_cg_cvar v JOIN lk_cg_cref_f r ON r.cls IS NULL "
     "  AND r.vkey = v.vkey", LINK_REPO},
    /* the classes with a live class among themselves or their subclasses (by the bases'
     * variable keys or names); the others are open */
    {"lk_cg_sup", LINK_TABLE,
     "SELECT r.cls, v.cls AS base FROM lk_cg_cref_f r JOIN lk_cg_cvar v ON v.vkey = r.vkey "
     "  WHERE r.cls IS NOT NULL UNION SELECT r.cls, d.def_id FROM lk_cg_cref_f r "
     "  JOIN lk_cg_defs d ON d.kind = 'class' AND d.name = r.name WHERE r.cls IS NOT NULL",
     LINK_REPO},
    {"lk_cg_open", LINK_TABLE,
     "WITH RECURSIVE a(cls) AS (SELECT cls FROM lk_cg_live UNION SELECT sp.base FROM a "
     "  JOIN lk_cg_sup sp ON sp.cls = a.cls) "
     "SELECT def_id AS cls FROM lk_cg_defs WHERE kind = 'class' "
     "  AND def_id NOT IN (SELECT cls FROM a)", LINK_REPO},
    {"lk_cg_selfok", LINK_TABLE,
     "SELECT cls FROM lk_cg_live UNION SELECT cls FROM lk_cg_open", LINK_REPO},
    /* cls in C's classmethods: C when C is live or open, and every live subclass of C (its
     * static cone); lk_cg_base takes these instead of lk_cg_selfp's cls = C */
    {"lk_cg_clsv", LINK_TABLE,
     "WITH RECURSIVE dn(anc, cls) AS (SELECT DISTINCT cls, cls FROM lk_cg_clsp_f UNION "
     "  SELECT dn.anc, sp.cls FROM dn JOIN lk_cg_sup sp ON sp.base = dn.cls) "
     "SELECT c.vkey, c.cls AS owner, dn.cls FROM lk_cg_clsp_f c JOIN dn ON dn.anc = c.cls "
     "WHERE dn.cls IN (SELECT cls FROM lk_cg_live) OR dn.cls = c.cls AND c.cls IN (SELECT cls "
     "  FROM lk_cg_selfok)", LINK_REPO},
    /* except C as e binds an instance of C (lk_cg_dun's 'binding' site) and of every live
     * subclass of C (the static cone, lk_cg_sup): the exception raised may be any of them.
     * C a repository class by its def's key, or any base named by the same key (a builtin
     * such as Exception: the classes of the file that derive from it, and theirs) */
    {"lk_cg_excsub", LINK_TABLE,
     "WITH RECURSIVE e AS (SELECT DISTINCT tk FROM lk_cg_exc_f), "
     "dn(tk, cls) AS (SELECT e.tk, v.cls FROM e JOIN lk_cg_cvar v ON v.vkey = e.tk "
     "  UNION SELECT e.tk, c.cls FROM e JOIN lk_cg_cref_f c ON c.cls IS NOT NULL "
     "  AND c.vkey = e.tk UNION SELECT dn.tk, sp.cls FROM dn JOIN lk_cg_sup sp "
     "  ON sp.base = dn.cls) "
     "SELECT DISTINCT x.res, dn.cls FROM lk_cg_exc_f x JOIN dn ON dn.tk = x.tk "
     "WHERE dn.cls IN (SELECT cls FROM lk_cg_live)", LINK_REPO},
    /* the copy edges, and from m import *: every public module-level name of m (the CST
     * lens resolves the import to 'm.*') */
    {"lk_cg_copy", LINK_TABLE,
     "SELECT DISTINCT src, dst FROM (SELECT src, dst FROM lk_cg_copy_f "
     "  UNION ALL SELECT hash('v', m.scope_id, y.name), hash('v', s.scope_id, y.name) "
     "  FROM py_cst_imports_v1 i JOIN lk_cg_mods m ON m.module = regexp_replace(coalesce("
     "    i.resolved_name, i.module), '\\.\\*$', '') JOIN py_sym_symbols_v1 y "
     "    ON y.scope_id = m.scope_id AND NOT starts_with(y.name, '_') AND (y.is_assigned OR y.is_imported "
     "    OR y.is_namespace) JOIN py_sym_scopes_v1 s ON s.file_id = i.file_id "
     "    AND s.scope_type = 'module' WHERE i.is_star "
     /* a decorator that no qualified name ties to a repository def (a builtin, a library's,
      * an unknown value) returns the def it receives: property, functools.wraps(f), … */
     "  UNION ALL SELECT g.ak, c.ck FROM lk_cg_calls c JOIN lk_cg_args g ON g.ck = c.ck "
     "    AND g.pos = 0 WHERE c.site_kind = 'decorator' AND NOT EXISTS (SELECT 1 FROM "
     "    (SELECT decorator_id, unnest(qnames) AS q FROM py_cst_decorators_v1) x "
     "    JOIN lk_cg_defs d ON d.fqn = x.q.name WHERE x.decorator_id = c.site_id))", LINK_REPO},
    /* hash('v', module scope, attr) of every name the module's file binds or star-imports,
     * for the attribute names read or stored anywhere: the keys m.attr reads and
     * m.attr = v stores (C and SQL rounds alike) */
    {"lk_cg_mvar", LINK_TABLE,
     "WITH an AS (SELECT DISTINCT attr FROM lk_cg_attrs UNION SELECT attr FROM lk_cg_stores) "
     "SELECT DISTINCT m.module, v.name, hash('v', m.scope_id, v.name) AS vkey "
     "FROM lk_cg_mods m JOIN lk_cg_var v ON v.mod_scope = m.scope_id "
     "JOIN an ON an.attr = v.name "
     "UNION SELECT m.module, y.name, hash('v', m.scope_id, y.name) FROM py_cst_imports_v1 i "
     "JOIN lk_cg_mods src ON src.module = regexp_replace(coalesce(i.resolved_name, "
     "  i.module), '\\.\\*$', '') JOIN py_sym_symbols_v1 y ON y.scope_id = src.scope_id "
     "  AND NOT starts_with(y.name, '_') AND (y.is_assigned OR y.is_imported "
     "  OR y.is_namespace) JOIN lk_cg_mods m ON m.file_id = i.file_id "
     "JOIN an ON an.attr = y.name WHERE i.is_star "
     /* a name the module never binds, stored on it where it was imported (setattr(m, 'n', v),
      * m.n = v): the key m.n reads */
     "UNION SELECT m.module, s.attr, hash('v', m.scope_id, s.attr) FROM lk_cg_stores s "
     "JOIN lk_cg_copy c ON c.dst = s.ok JOIN lk_cg_imports_f i ON i.k = c.src "
     "JOIN lk_cg_mods m ON m.module = i.target", LINK_REPO},
    /* the first facts: the files' own, imports (a repository module 'M' or an external name
     * 'x'), builtins (a module-level name its module never binds) */
    {"lk_cg_base", LINK_TABLE,
     "SELECT DISTINCT k, vk, v FROM (SELECT k, vk, v FROM lk_cg_base_f b WHERE vk <> 'c' "
     "  OR k NOT IN (SELECT vkey FROM lk_cg_clsp_f) "
     "  UNION ALL SELECT vkey, 'c', CAST(cls AS VARCHAR) FROM lk_cg_clsv "
     "  UNION ALL SELECT res, 'i', CAST(cls AS VARCHAR) FROM lk_cg_excsub "
     "  UNION ALL SELECT k, CASE WHEN EXISTS (SELECT 1 FROM lk_cg_mods m WHERE m.module "
     "  = t.target) THEN 'M' ELSE 'x' END, target FROM lk_cg_imports_f t "
     "  UNION ALL SELECT u.vkey, 'x', u.name FROM lk_cg_unbound_f u "
     "  JOIN lk_cg_builtins b ON b.name = u.name "
     "  UNION ALL SELECT k, 'x', qn FROM lk_cg_xinst_f WHERE split_part(qn, '.', 1) NOT IN "
     "  (SELECT split_part(module, '.', 1) FROM lk_cg_mods))", LINK_REPO},
};
/* clang-format on */

/* The rounds' state: the fact table, the first round's seed and delta (the base), and empty
 * round state (run before the rounds, repository-wide). */
static const link_step state[] = {
    {"lk_cg_pt", LINK_TABLE, "SELECT * FROM lk_cg_base"},
    {"lk_cg_seed", LINK_TABLE, "SELECT * FROM lk_cg_base"},
    {"lk_cg_delta", LINK_TABLE, "SELECT * FROM lk_cg_base"},
    {"lk_cg_first", LINK_TABLE, "SELECT * FROM lk_cg_base"},
    {"lk_cg_full", LINK_TABLE, "SELECT k FROM lk_cg_base WHERE false"},
    {"lk_cg_block", LINK_TABLE, "SELECT k FROM lk_cg_base WHERE false"},
    {"lk_cg_inh", LINK_TABLE,
     "SELECT NULL::BIGINT AS cls, NULL::BIGINT AS base, 0 AS pos WHERE false"},
    {"lk_cg_mro", LINK_TABLE,
     "SELECT NULL::BIGINT AS cls, NULL::BIGINT AS anc, 0 AS depth, "
     "  [0, 0, 0, NULL::BIGINT] AS rk WHERE false"},
    {"lk_cg_ctor", LINK_TABLE, "SELECT NULL::BIGINT AS cls, NULL::BIGINT AS init WHERE false"},
    {"lk_cg_ccls", LINK_TABLE, "SELECT NULL::UBIGINT AS ck, NULL::BIGINT AS cls WHERE false"},
    {"lk_cg_tfb", LINK_TABLE,
     "SELECT NULL::UBIGINT AS ck, NULL::BIGINT AS def_id, 0 AS off WHERE false"},
    {"lk_cg_win", LINK_TABLE,
     "SELECT NULL::UBIGINT AS nk, NULL::VARCHAR AS bk, NULL::VARCHAR AS recv, "
     "  NULL::VARCHAR AS attr, NULL::UBIGINT AS vkey WHERE false"},
};

size_t link_calls_step_count(void)
{
    return sizeof setup / sizeof setup[0];
}

const link_norm_step *link_calls_step_at(size_t i)
{
    return i < link_calls_step_count() ? &setup[i] : NULL;
}

/* ---- one round ------------------------------------------------------------------------ */

/* Does argument g reach parameter pr of target t? Positions: a parameter's pos <= -1000 is
 * *args (it takes positions from -1000 - pos on), an argument's pos <= -2000 is spread
 * (f(*xs), and what follows it: it reaches every position from -2000 - pos on); keywords:
 * '**' on a parameter is **kwargs (every keyword), on an argument f(**m) (every named
 * parameter). link_pts.c's arg_matches is the same test. */
#define ARG_MATCHES                                                                                \
    "(g.kw IS NULL AND (g.pos > -2000 AND pr.pos > -1000 AND pr.pos = g.pos + t.off "              \
    "OR g.pos > -2000 AND pr.pos <= -1000 AND g.pos + t.off >= -1000 - pr.pos "                    \
    "OR g.pos <= -2000 AND (pr.pos <= -1000 OR pr.pos >= -2000 - g.pos + t.off)) "                 \
    "OR g.kw IS NOT NULL AND (g.kw = pr.kwname OR pr.kwname = '**' "                               \
    "OR g.kw = '**' AND pr.kwname IS NOT NULL))"

/* The value-kind → bound-method rewrite of a member read through an instance or super(). */
#define CG_BIND "CASE WHEN q.vk = 'f' AND w.bk IN ('i', 'I', 's', 'S', 'J') THEN 'b' ELSE q.vk END"

/* The override rule of a cone (p an 'I' fact of class C): only when C is open (lk_cg_open). */
#define CG_OPEN "WHERE TRY_CAST(p.v AS BIGINT) IN (SELECT cls FROM lk_cg_open) "

/* Semi-naive: lk_cg_delta (D) holds the facts new in this round, lk_cg_pt (P) all facts;
 * every rule with a recursive input is evaluated once per input with D in that place and
 * the full relations elsewhere; a derived relation that is not monotone (lk_cg_win,
 * lk_cg_ctor) enters as its changed rows (lk_cg_dwin, lk_cg_dctor, lk_cg_dmro). */
static const char *const round_close[] = {
    "DELETE FROM lk_cg_block",
    /* 2. the seed's closure over the copy edges, minus what was known; the closure carries
     * only the seed's values, so the known facts are read for those values only */
    "CREATE OR REPLACE TEMP TABLE lk_cg_pts AS SELECT p.k, p.vk, p.v FROM lk_cg_pt p "
    "  JOIN (SELECT DISTINCT vk, v FROM lk_cg_seed) s ON s.vk = p.vk AND s.v = p.v",
};

/* The closure, taken again while it blocks keys (close_sql: a key it would grow past
 * CG_MAX_SET facts takes none of the round's new facts, seed or copy, and is full). */
static const char *const round_closure =
    "CREATE OR REPLACE TEMP TABLE lk_cg_delta AS WITH RECURSIVE cl(k, vk, v) AS ("
    "  SELECT s.k, s.vk, s.v FROM lk_cg_seed s WHERE s.k NOT IN (SELECT k FROM lk_cg_block) "
    "  OR EXISTS (SELECT 1 FROM lk_cg_pts p WHERE p.k = s.k AND p.vk = s.vk AND p.v = s.v) "
    "  UNION SELECT c.dst, cl.vk, cl.v FROM cl "
    "  JOIN lk_cg_copy c ON c.src = cl.k WHERE NOT EXISTS (SELECT 1 FROM lk_cg_pts p "
    "  WHERE p.k = c.dst AND p.vk = cl.vk AND p.v = cl.v) AND NOT EXISTS (SELECT 1 FROM "
    "  lk_cg_full f WHERE f.k = c.dst) AND NOT EXISTS (SELECT 1 FROM lk_cg_full f "
    "  WHERE f.k = cl.k)) "
    "SELECT k, vk, v FROM cl EXCEPT SELECT k, vk, v FROM lk_cg_pts";

/* The keys the closure grows past %lld facts (new facts never sit at a blocked key). */
static const char *const round_block =
    "INSERT INTO lk_cg_block SELECT k FROM (SELECT k FROM lk_cg_delta UNION ALL SELECT p.k "
    "  FROM lk_cg_pt p WHERE p.k IN (SELECT k FROM lk_cg_delta)) GROUP BY k "
    "  HAVING count(*) > %lld";

static const char *const round_commit[] = {
    "INSERT INTO lk_cg_pt SELECT * FROM lk_cg_delta",
    /* the first round evaluates the rules over every fact: the base joins its delta */
    "INSERT INTO lk_cg_delta SELECT * FROM lk_cg_first",
    "DELETE FROM lk_cg_first",
    /* 1. widening: the keys holding CG_MAX_VALUES facts, full for this round's rules already;
     * only keys of the delta can have grown, so only they are counted */
    "INSERT INTO lk_cg_full SELECT k FROM lk_cg_pt WHERE k IN (SELECT k FROM lk_cg_delta) "
    "  AND k NOT IN (SELECT k FROM lk_cg_full) GROUP BY k HAVING count(*) >= " CG_MAX_VALUES,
};

/* Inheritance, MRO and constructors from lk_cg_pt: step 3 of a round, and what the C rounds
 * run once after writing lk_cg_pt back (the outputs read lk_cg_inh and lk_cg_ctor). */
static const char *const round_hier[] = {
    /* 3. inheritance and the approximate MRO: rank (depth, first base position), and the
     * rows that changed this round */
    "CREATE OR REPLACE TEMP TABLE lk_cg_inh AS SELECT DISTINCT b.cls, TRY_CAST(p.v AS BIGINT) "
    "  AS base, b.pos FROM lk_cg_bases b JOIN lk_cg_pt p ON p.k = b.bk AND p.vk = 'c'",
    /* (lk_cg_c3, the exact C3 order where link_c3.c decides it, is made between the two) */
    "CREATE OR REPLACE TEMP TABLE lk_cg_mro1 AS WITH RECURSIVE m(cls, anc, depth, fp, lp) AS ("
    "  SELECT def_id, def_id, 0, 0, 0 FROM lk_cg_defs WHERE kind = 'class' "
    "  AND def_id NOT IN (SELECT cls FROM lk_cg_c3) UNION "
    "  SELECT box, box, 0, 0, 0 FROM lk_cg_box_f UNION "
    "  SELECT m.cls, i.base, m.depth + 1, CASE WHEN m.depth = 0 THEN i.pos ELSE m.fp END, "
    "  i.pos FROM m JOIN lk_cg_inh i ON i.cls = m.anc WHERE m.depth < " CG_MRO_DEPTH ") "
    "SELECT cls, anc, min(depth) AS depth, list_append(min([depth, fp, lp]), anc) AS rk "
    "FROM m GROUP BY cls, anc UNION ALL SELECT cls, anc, CAST(depth AS INTEGER), "
    "  [depth, 0, 0, anc] FROM lk_cg_c3",
    "CREATE OR REPLACE TEMP TABLE lk_cg_dmro AS SELECT * FROM lk_cg_mro1 "
    "  EXCEPT SELECT * FROM lk_cg_mro",
    "CREATE OR REPLACE TEMP TABLE lk_cg_mro AS SELECT * FROM lk_cg_mro1",
    /* the constructor of each class: the first __init__ along its MRO */
    "CREATE OR REPLACE TEMP TABLE lk_cg_ctor1 AS SELECT m.cls, arg_min(d.def_id, "
    "  list_append(m.rk, d.def_bstart)) AS init FROM lk_cg_mro m JOIN lk_cg_defs d "
    "  ON d.container_def_id = m.anc AND d.name = '__init__' "
    "  AND d.kind IN ('function', 'async_function') GROUP BY m.cls",
    "CREATE OR REPLACE TEMP TABLE lk_cg_dctor AS SELECT * FROM lk_cg_ctor1 "
    "  EXCEPT SELECT * FROM lk_cg_ctor",
    "CREATE OR REPLACE TEMP TABLE lk_cg_ctor AS SELECT * FROM lk_cg_ctor1",
};

static const char *const round_rules[] = {
    /* 4. call targets: tfb (function / bound method values of a callee, monotone) and ccls
     * (class values of a callee) ⋈ ctor; dtgt: the target rows new this round */
    "CREATE OR REPLACE TEMP TABLE lk_cg_dccls AS SELECT c.ck, TRY_CAST(p.v AS BIGINT) AS cls "
    "  FROM lk_cg_calls c JOIN lk_cg_delta p ON p.k = c.fk AND p.vk = 'c'",
    "INSERT INTO lk_cg_ccls SELECT * FROM lk_cg_dccls",
    "CREATE OR REPLACE TEMP TABLE lk_cg_dtgt AS SELECT c.ck, TRY_CAST(p.v AS BIGINT) AS def_id, "
    "  CASE p.vk WHEN 'b' THEN 1 ELSE 0 END AS off, false AS ctor FROM lk_cg_calls c "
    "  JOIN lk_cg_delta p ON p.k = c.fk AND p.vk IN ('f', 'b') "
    "UNION ALL SELECT d.ck, t.init, 1, true FROM lk_cg_dccls d JOIN lk_cg_ctor t "
    "  ON t.cls = d.cls "
    "UNION ALL SELECT c.ck, t.init, 1, true FROM lk_cg_ccls c JOIN lk_cg_dctor t "
    "  ON t.cls = c.cls",
    "INSERT INTO lk_cg_tfb SELECT ck, def_id, off FROM lk_cg_dtgt WHERE NOT ctor",
    /* 5. member lookup along the MRO: the winner per (site, receiver value, name), updated
     * for the groups with a new receiver fact or a changed MRO */
    "CREATE OR REPLACE TEMP TABLE lk_cg_wg AS SELECT a.nk, p.vk AS bk, p.v AS recv, a.attr "
    "  FROM lk_cg_attrs a JOIN lk_cg_delta p ON p.k = a.ok AND p.vk IN ('c', 'i', 'I', 's') "
    "UNION SELECT a.nk, p.vk, p.v, a.attr FROM lk_cg_attrs a JOIN lk_cg_pt p ON p.k = a.ok "
    "  AND p.vk IN ('c', 'i', 'I', 's') "
    "  WHERE TRY_CAST(p.v AS BIGINT) IN (SELECT cls FROM lk_cg_dmro) "
    /* super() in C on a subclass S ('S', 'C/S'), the cone of C on a subclass S with a
     * second base in its MRO ('J'): a new super() or cone fact, a changed MRO of S */
    "UNION SELECT a.nk, CASE p.vk WHEN 's' THEN 'S' ELSE 'J' END, p.v || '/' || m.cls, "
    "  a.attr FROM lk_cg_attrs a JOIN lk_cg_delta p ON p.k = a.ok AND p.vk IN ('s', 'I') "
    "  JOIN lk_cg_mro m ON m.anc = TRY_CAST(p.v AS BIGINT) AND m.depth > 0 "
    "  WHERE p.vk = 's' OR m.cls IN (SELECT cls FROM lk_cg_live) OR m.cls IN (SELECT x.cls "
    "  FROM lk_cg_mro x JOIN lk_cg_inh i ON i.cls = x.anc AND i.pos > 0) "
    "UNION SELECT a.nk, CASE p.vk WHEN 's' THEN 'S' ELSE 'J' END, p.v || '/' || m.cls, "
    "  a.attr FROM lk_cg_attrs a JOIN lk_cg_pt p ON p.k = a.ok AND p.vk IN ('s', 'I') "
    "  JOIN lk_cg_mro m ON m.anc = TRY_CAST(p.v AS BIGINT) AND m.depth > 0 "
    "  WHERE m.cls IN (SELECT cls FROM lk_cg_dmro) AND (p.vk = 's' OR m.cls IN (SELECT cls "
    "  FROM lk_cg_live) OR m.cls IN (SELECT x.cls FROM lk_cg_mro x JOIN lk_cg_inh i "
    "  ON i.cls = x.anc AND i.pos > 0))",
    "CREATE OR REPLACE TEMP TABLE lk_cg_dwin AS SELECT a.nk, p.vk AS bk, p.v AS recv, a.attr, "
    "  arg_min(mb.vkey, m.rk) AS vkey FROM lk_cg_wg g "
    "  JOIN lk_cg_attrs a ON a.nk = g.nk AND a.attr = g.attr "
    "  JOIN lk_cg_pt p ON p.k = a.ok AND p.vk = g.bk AND p.v = g.recv "
    "  AND (p.vk NOT IN ('I', 's') OR TRY_CAST(p.v AS BIGINT) IN (SELECT cls FROM lk_cg_selfok)) "
    "  JOIN lk_cg_mro m ON m.cls = TRY_CAST(p.v AS BIGINT) AND (p.vk <> 's' OR m.depth > 0) "
    "  JOIN lk_cg_members mb ON mb.cls = m.anc AND mb.name = a.attr "
    "GROUP BY a.nk, p.vk, p.v, a.attr "
    /* 'S' C/S: along S's MRO after C */
    "UNION ALL SELECT g.nk, g.bk, g.recv, g.attr, arg_min(mb.vkey, m.rk) FROM lk_cg_wg g "
    "  JOIN lk_cg_mro mc ON g.bk = 'S' AND mc.cls = TRY_CAST(split_part(g.recv, '/', 2) AS "
    "  BIGINT) AND mc.anc = TRY_CAST(split_part(g.recv, '/', 1) AS BIGINT) "
    "  JOIN lk_cg_mro m ON m.cls = mc.cls AND m.rk > mc.rk "
    "  JOIN lk_cg_members mb ON mb.cls = m.anc AND mb.name = g.attr "
    "GROUP BY g.nk, g.bk, g.recv, g.attr "
    /* 'J' C/S: along S's MRO */
    "UNION ALL SELECT g.nk, g.bk, g.recv, g.attr, arg_min(mb.vkey, m.rk) FROM lk_cg_wg g "
    "  JOIN lk_cg_mro m ON g.bk = 'J' AND m.cls = TRY_CAST(split_part(g.recv, '/', 2) AS "
    "  BIGINT) JOIN lk_cg_members mb ON mb.cls = m.anc AND mb.name = g.attr "
    "GROUP BY g.nk, g.bk, g.recv, g.attr",
    "DELETE FROM lk_cg_win w USING lk_cg_wg g WHERE w.nk = g.nk AND w.bk = g.bk "
    "  AND w.recv = g.recv AND w.attr = g.attr",
    "INSERT INTO lk_cg_win SELECT * FROM lk_cg_dwin",
    /* 6. the dynamic rules, each once per recursive input (D there, the rest in full) */
    "CREATE OR REPLACE TEMP TABLE lk_cg_cand AS "
    "WITH tgt AS (SELECT ck, def_id, off, false AS ctor FROM lk_cg_tfb "
    "  UNION ALL SELECT c.ck, t.init, 1, true FROM lk_cg_ccls c JOIN lk_cg_ctor t "
    "  ON t.cls = c.cls), "
    /* q: the facts whose values a rule copies elsewhere; a full key is a sink (widening:
     * its values go no further, whether by a field, a return, an argument or a lookup) */
    "pq AS (SELECT * FROM lk_cg_pt WHERE k NOT IN (SELECT k FROM lk_cg_full)), "
    "dq AS (SELECT * FROM lk_cg_delta WHERE k NOT IN (SELECT k FROM lk_cg_full)) "
    "SELECT DISTINCT * FROM ("
    /* module member or submodule */
    "  SELECT a.nk AS k, 'M' AS vk, p.v || '.' || a.attr AS v FROM lk_cg_attrs a "
    "  JOIN lk_cg_delta p ON p.k = a.ok AND p.vk = 'M' "
    "  JOIN lk_cg_mods m ON m.module = p.v || '.' || a.attr "
    "  UNION ALL SELECT a.nk, q.vk, q.v FROM lk_cg_attrs a "
    "  JOIN lk_cg_delta p ON p.k = a.ok AND p.vk = 'M' JOIN lk_cg_mods m ON m.module = p.v "
    "  JOIN pq q ON q.k = hash('v', m.scope_id, a.attr) "
    "  UNION ALL SELECT a.nk, q.vk, q.v FROM lk_cg_attrs a "
    "  JOIN lk_cg_pt p ON p.k = a.ok AND p.vk = 'M' JOIN lk_cg_mods m ON m.module = p.v "
    "  JOIN dq q ON q.k = hash('v', m.scope_id, a.attr) "
    /* an external name's attribute (at most 8 dots: a loop a = a.b stays finite) */
    "  UNION ALL SELECT a.nk, 'x', p.v || '.' || a.attr FROM lk_cg_attrs a "
    "  JOIN lk_cg_delta p ON p.k = a.ok AND p.vk = 'x' "
    "  WHERE length(p.v) - length(replace(p.v, '.', '')) < 8 "
    /* class / instance / super member along the MRO; a function read through an instance
     * is bound */
    "  UNION ALL SELECT w.nk, " CG_BIND ", q.v FROM lk_cg_dwin w "
    "  JOIN pq q ON q.k = w.vkey "
    "  UNION ALL SELECT w.nk, " CG_BIND ", q.v FROM lk_cg_win w "
    "  JOIN dq q ON q.k = w.vkey "
    /* on the cone of C (self): also the overrides in every subclass of C */
    "  UNION ALL SELECT a.nk, CASE WHEN q.vk = 'f' THEN 'b' ELSE q.vk END, q.v "
    "  FROM lk_cg_attrs a JOIN lk_cg_delta p ON p.k = a.ok AND p.vk = 'I' "
    "  JOIN lk_cg_mro m ON m.anc = TRY_CAST(p.v AS BIGINT) AND m.depth > 0 "
    "  JOIN lk_cg_members mb ON mb.cls = m.cls AND mb.name = a.attr "
    "  JOIN pq q ON q.k = mb.vkey " CG_OPEN
    "  UNION ALL SELECT a.nk, CASE WHEN q.vk = 'f' THEN 'b' ELSE q.vk END, q.v "
    "  FROM lk_cg_attrs a JOIN lk_cg_pt p ON p.k = a.ok AND p.vk = 'I' "
    "  JOIN lk_cg_dmro m ON m.anc = TRY_CAST(p.v AS BIGINT) AND m.depth > 0 "
    "  JOIN lk_cg_members mb ON mb.cls = m.cls AND mb.name = a.attr "
    "  JOIN pq q ON q.k = mb.vkey " CG_OPEN
    "  UNION ALL SELECT a.nk, CASE WHEN q.vk = 'f' THEN 'b' ELSE q.vk END, q.v "
    "  FROM lk_cg_attrs a JOIN lk_cg_pt p ON p.k = a.ok AND p.vk = 'I' "
    "  JOIN lk_cg_mro m ON m.anc = TRY_CAST(p.v AS BIGINT) AND m.depth > 0 "
    "  JOIN lk_cg_members mb ON mb.cls = m.cls AND mb.name = a.attr "
    "  JOIN dq q ON q.k = mb.vkey " CG_OPEN
    /* instance fields, stored by any class of the MRO (on a cone: or of a subclass) */
    "  UNION ALL SELECT a.nk, q.vk, q.v FROM lk_cg_attrs a "
    "  JOIN lk_cg_delta p ON p.k = a.ok AND p.vk IN ('i', 'I') "
    "  JOIN lk_cg_mro m ON m.cls = TRY_CAST(p.v AS BIGINT) "
    "  JOIN pq q ON q.k = hash('fld', m.anc, a.attr) "
    "  UNION ALL SELECT a.nk, q.vk, q.v FROM lk_cg_attrs a "
    "  JOIN lk_cg_pt p ON p.k = a.ok AND p.vk IN ('i', 'I') "
    "  JOIN lk_cg_dmro m ON m.cls = TRY_CAST(p.v AS BIGINT) "
    "  JOIN pq q ON q.k = hash('fld', m.anc, a.attr) "
    "  UNION ALL SELECT a.nk, q.vk, q.v FROM lk_cg_attrs a "
    "  JOIN lk_cg_pt p ON p.k = a.ok AND p.vk IN ('i', 'I') "
    "  JOIN lk_cg_mro m ON m.cls = TRY_CAST(p.v AS BIGINT) "
    "  JOIN dq q ON q.k = hash('fld', m.anc, a.attr) "
    "  UNION ALL SELECT a.nk, q.vk, q.v FROM lk_cg_attrs a "
    "  JOIN lk_cg_delta p ON p.k = a.ok AND p.vk = 'I' "
    "  JOIN lk_cg_mro m ON m.anc = TRY_CAST(p.v AS BIGINT) AND m.depth > 0 "
    "  JOIN pq q ON q.k = hash('fld', m.cls, a.attr) "
    "  UNION ALL SELECT a.nk, q.vk, q.v FROM lk_cg_attrs a "
    "  JOIN lk_cg_pt p ON p.k = a.ok AND p.vk = 'I' "
    "  JOIN lk_cg_dmro m ON m.anc = TRY_CAST(p.v AS BIGINT) AND m.depth > 0 "
    "  JOIN pq q ON q.k = hash('fld', m.cls, a.attr) "
    "  UNION ALL SELECT a.nk, q.vk, q.v FROM lk_cg_attrs a "
    "  JOIN lk_cg_pt p ON p.k = a.ok AND p.vk = 'I' "
    "  JOIN lk_cg_mro m ON m.anc = TRY_CAST(p.v AS BIGINT) AND m.depth > 0 "
    "  JOIN dq q ON q.k = hash('fld', m.cls, a.attr) "
    /* o.attr = value on an instance (or a function: f.attr = value) */
    "  UNION ALL SELECT hash('fld', TRY_CAST(p.v AS BIGINT), s.attr), q.vk, q.v "
    "  FROM lk_cg_stores s JOIN lk_cg_delta p ON p.k = s.ok AND p.vk IN ('i', 'I', 'f') "
    "  JOIN pq q ON q.k = s.src AND q.vk <> 'x' "
    "  UNION ALL SELECT hash('fld', TRY_CAST(p.v AS BIGINT), s.attr), q.vk, q.v "
    "  FROM lk_cg_stores s JOIN lk_cg_pt p ON p.k = s.ok AND p.vk IN ('i', 'I', 'f') "
    "  JOIN dq q ON q.k = s.src AND q.vk <> 'x' "
    /* f.attr read on a function: what was stored on it */
    "  UNION ALL SELECT a.nk, q.vk, q.v FROM lk_cg_attrs a "
    "  JOIN lk_cg_delta p ON p.k = a.ok AND p.vk = 'f' "
    "  JOIN pq q ON q.k = hash('fld', TRY_CAST(p.v AS BIGINT), a.attr) "
    "  UNION ALL SELECT a.nk, q.vk, q.v FROM lk_cg_attrs a "
    "  JOIN lk_cg_pt p ON p.k = a.ok AND p.vk = 'f' "
    "  JOIN dq q ON q.k = hash('fld', TRY_CAST(p.v AS BIGINT), a.attr) "
    /* m.attr = value on a repository module: its variable */
    "  UNION ALL SELECT mv.vkey, q.vk, q.v FROM lk_cg_stores s JOIN lk_cg_delta p "
    "  ON p.k = s.ok AND p.vk = 'M' JOIN lk_cg_mvar mv ON mv.module = p.v "
    "  AND mv.name = s.attr JOIN pq q ON q.k = s.src AND q.vk <> 'x' "
    "  UNION ALL SELECT mv.vkey, q.vk, q.v FROM lk_cg_stores s JOIN lk_cg_pt p "
    "  ON p.k = s.ok AND p.vk = 'M' JOIN lk_cg_mvar mv ON mv.module = p.v "
    "  AND mv.name = s.attr JOIN dq q ON q.k = s.src AND q.vk <> 'x' "
    /* a call returns the callee's return values; a class call an instance */
    "  UNION ALL SELECT t.ck, q.vk, q.v FROM lk_cg_dtgt t JOIN pq q "
    "  ON q.k = hash('r', t.def_id) WHERE NOT t.ctor AND q.vk <> 'x' "
    "  UNION ALL SELECT t.ck, q.vk, q.v FROM tgt t JOIN dq q "
    "  ON q.k = hash('r', t.def_id) WHERE NOT t.ctor AND q.vk <> 'x' "
    "  UNION ALL SELECT c.ck, 'i', p.v FROM lk_cg_calls c "
    "  JOIN lk_cg_delta p ON p.k = c.fk AND p.vk = 'c' "
    /* arguments flow into the callee's parameters */
    "  UNION ALL SELECT pr.vkey, q.vk, q.v FROM lk_cg_dtgt t JOIN lk_cg_args g ON g.ck = t.ck "
    "  JOIN lk_cg_params pr ON pr.def_id = t.def_id AND " ARG_MATCHES
    " JOIN pq q ON q.k = g.ak AND q.vk <> 'x' "
    "  UNION ALL SELECT pr.vkey, q.vk, q.v FROM tgt t JOIN lk_cg_args g ON g.ck = t.ck "
    "  JOIN lk_cg_params pr ON pr.def_id = t.def_id AND " ARG_MATCHES
    " JOIN dq q ON q.k = g.ak AND q.vk <> 'x' "
    ") WHERE k NOT IN (SELECT k FROM lk_cg_full)",
    /* 7. minus what is known (read for the candidates' keys only): next round's seed */
    "CREATE OR REPLACE TEMP TABLE lk_cg_seed AS SELECT k, vk, v FROM lk_cg_cand "
    "  EXCEPT SELECT k, vk, v FROM lk_cg_pt WHERE k IN (SELECT k FROM lk_cg_cand)",
};
/* ---- outputs ------------------------------------------------------------------------- */

static const link_step outputs[] = {
    /* each site's caller: the innermost def around it, else its module */
    {"lk_cg_sites", LINK_TABLE,
     "SELECT c.ck, c.fk, c.site_id, c.site_kind, c.path, c.bstart, c.bend, "
     "  coalesce(d.fqn, m.module_name, c.path) AS caller_fqn, c.attr FROM (SELECT *, "
     "  NULL::VARCHAR AS attr FROM lk_cg_calls "
     /* o.a when some class has __getattr__: it runs when o's class has no member nor
      * field a (an output site only, 'getattr', resolved in lk_cg_calls_out; no result) */
     "  UNION ALL SELECT NULL, a.ok, pycpg_ast_id(p.file_id, p.ast_idx), 'getattr', "
     "  p.file_id, p.ast_idx, p.path, p.bstart, p.bend, p.name FROM lk_cg_pload_f p "
     "  JOIN lk_cg_attrs a ON a.nk = hash('e', p.file_id, p.ast_idx) AND a.attr = p.name "
     "  WHERE EXISTS (SELECT 1 FROM lk_cg_defs g WHERE g.name = '__getattr__' "
     "  AND g.container_kind = 'class')) c "
     "LEFT JOIN lk_cg_encl e ON e.file_id = c.file_id AND e.ast_idx = c.ast_idx "
     "LEFT JOIN lk_cg_defs d ON d.def_id = e.def_id "
     "LEFT JOIN py_cst_parse_manifest_v1 m ON m.file_id = c.file_id WHERE c.site_id IS NOT NULL"},
    /* the __getattr__ of each class that has one: the first along its MRO */
    {"lk_cg_getattrm", LINK_TABLE,
     "SELECT m.cls, arg_min(d.def_id, list_append(m.rk, d.def_bstart)) AS ga FROM lk_cg_mro m "
     "JOIN lk_cg_defs d ON d.container_def_id = m.anc AND d.name = '__getattr__' "
     "  AND d.kind IN ('function', 'async_function') GROUP BY m.cls"},
    /* the __new__ of each class: the first one along its MRO */
    {"lk_cg_newm", LINK_TABLE,
     "SELECT m.cls, arg_min(d.def_id, list_append(m.rk, d.def_bstart)) AS new FROM lk_cg_mro m "
     "JOIN lk_cg_defs d ON d.container_def_id = m.anc AND d.name = '__new__' "
     "  AND d.kind IN ('function', 'async_function') GROUP BY m.cls"},
    /* class C(metaclass=M) where M's MRO defines __call__: a call of C calls that __call__
     * (not C's __init__ and __new__), and super().__call__(…) in M's methods calls the
     * __init__ and __new__ of every such C */
    {"lk_cg_metacall", LINK_TABLE,
     "SELECT x.cls, arg_min(d.def_id, list_append(m.rk, d.def_bstart)) AS callm, "
     "  any_value(x.meta) AS meta FROM (SELECT DISTINCT f.cls, TRY_CAST(p.v AS BIGINT) AS meta "
     "  FROM lk_cg_meta_f f JOIN lk_cg_pt p ON p.k = f.mk AND p.vk = 'c') x "
     "JOIN lk_cg_mro m ON m.cls = x.meta JOIN lk_cg_defs d ON d.container_def_id = m.anc "
     "  AND d.name = '__call__' AND d.kind IN ('function', 'async_function') "
     "GROUP BY x.cls HAVING count(DISTINCT x.meta) = 1"},
    /* the getattr sites (lk_cg_sites) on an instance of a class with __getattr__ that has no
     * member nor field of that name along its MRO */
    {"lk_cg_gsites", LINK_TABLE,
     "SELECT DISTINCT s.site_id, s.attr, g.cls FROM lk_cg_sites s JOIN lk_cg_pt p "
     "  ON p.k = s.fk AND p.vk IN ('i', 'I') JOIN lk_cg_getattrm g "
     "  ON g.cls = TRY_CAST(p.v AS BIGINT) WHERE s.site_kind = 'getattr' AND NOT EXISTS "
     "  (SELECT 1 FROM lk_cg_mro m JOIN lk_cg_members mb ON mb.cls = m.anc "
     "  AND mb.name = s.attr WHERE m.cls = g.cls) AND NOT EXISTS (SELECT 1 FROM lk_cg_mro m "
     "  JOIN lk_cg_pt f ON f.k = hash('fld', m.anc, s.attr) WHERE m.cls = g.cls)"},
    /* a call of a class calls its __init__ and its __new__ (the class itself when neither is
     * the repository's) */
    {"lk_cg_calls_out", LINK_TABLE,
     "WITH pts AS (SELECT s.site_id, CASE WHEN p.vk = 'c' THEN coalesce(mc.callm, t.init, "
     "  CASE WHEN nw.new IS NULL THEN TRY_CAST(p.v AS BIGINT) END) WHEN p.vk IN ('f', 'b') THEN "
     "  TRY_CAST(p.v AS BIGINT) END AS def_id, "
     "  CASE WHEN p.vk = 'x' THEN p.v END AS ext, 'points_to' AS method, 0.9 AS conf, "
     /* an instance callee resolves the site (its __call__ is an implicit site of its own):
      * no qualified-name guess for it */
     "  p.vk IN ('i', 'I') AS inst FROM lk_cg_sites s JOIN lk_cg_pt p ON p.k = s.fk "
     "  AND p.vk IN ('f', 'b', 'c', 'x', 'i', 'I') "
     /* one equality, so a hash join: "p.vk = 'c' AND t.cls = …" made DuckDB compare every
      * fact with every class (a nested loop: 23 of the standard library's 50 s) */
     "  LEFT JOIN lk_cg_ctor t ON t.cls = CASE WHEN p.vk = 'c' THEN TRY_CAST(p.v AS BIGINT) END "
     "  LEFT JOIN lk_cg_metacall mc ON mc.cls = CASE WHEN p.vk = 'c' THEN TRY_CAST(p.v AS "
     "  BIGINT) END "
     /* an implicit call reaches repository code only; x() calls __call__ on instances only */
     "  LEFT JOIN lk_cg_newm nw ON nw.cls = CASE WHEN p.vk = 'c' THEN TRY_CAST(p.v AS BIGINT) "
     "  END LEFT JOIN lk_cg_defs pd ON pd.def_id = CASE WHEN p.vk IN ('f', 'b') THEN "
     "  TRY_CAST(p.v AS BIGINT) END "
     "  WHERE NOT (s.site_kind = 'implicit' AND p.vk = 'x') "
     "  AND NOT (s.site_kind = 'implicit_bound' AND p.vk <> 'b') "
     "  AND NOT (s.site_kind = 'implicit_noiter' AND (p.vk <> 'b' OR EXISTS (SELECT 1 "
     "  FROM lk_cg_mro m JOIN lk_cg_defs i ON i.container_def_id = m.anc "
     "  AND i.name = '__iter__' WHERE m.cls = pd.container_def_id))) "
     "  AND s.site_kind NOT IN ('binding', 'getattr') "
     /* a library calls the functions, methods and classes it is given, nothing else */
     "  AND NOT (s.site_kind = 'callback' AND p.vk NOT IN ('f', 'b', 'c')) "
     /* a property site calls a getter (a setter) only, or a bound function that is no
      * class's method: what a decorator under @property returned (a wrapper) */
     "  AND (s.site_kind NOT IN ('property', 'property_set') OR s.site_kind = 'property' "
     "  AND (list_has_any(pd.decorators, ['property', 'cached_property', "
     "  'functools.cached_property']) OR p.vk = 'b' AND pd.container_kind IS DISTINCT FROM "
     "  'class') OR s.site_kind = 'property_set' "
     "  AND len(list_filter(pd.decorators, x -> ends_with(x, '.setter'))) > 0) "
     "  UNION ALL SELECT s.site_id, nw.new, NULL, 'points_to', 0.9, false FROM lk_cg_sites s "
     "  JOIN lk_cg_pt p ON p.k = s.fk AND p.vk = 'c' JOIN lk_cg_newm nw ON nw.cls = CASE WHEN "
     "  p.vk = 'c' THEN TRY_CAST(p.v AS BIGINT) END WHERE s.site_kind IN ('call', "
     "  'decorator', 'implicit', 'callback') AND TRY_CAST(p.v AS BIGINT) NOT IN (SELECT cls "
     "  FROM lk_cg_metacall) "
     /* super().__call__(…) in a metaclass M: the __init__ and __new__ of M's classes */
     "  UNION ALL SELECT s.site_id, unnest([t.init, nw.new]), NULL, 'points_to', 0.9, false "
     "  FROM lk_cg_sites s JOIN lk_cg_attrs a ON a.nk = s.fk AND a.attr = '__call__' "
     "  JOIN lk_cg_pt p ON p.k = a.ok AND p.vk = 's' JOIN lk_cg_metacall mc "
     "  ON mc.meta = TRY_CAST(p.v AS BIGINT) LEFT JOIN lk_cg_ctor t ON t.cls = mc.cls "
     "  LEFT JOIN lk_cg_newm nw ON nw.cls = mc.cls WHERE s.site_kind = 'call' "
     /* o.a on an instance whose class has __getattr__ and no member or field a */
     "  UNION ALL SELECT s.site_id, g.ga, NULL, 'points_to', 0.9, false FROM lk_cg_gsites s "
     "  JOIN lk_cg_getattrm g ON g.cls = s.cls "
     /* … and where it forwards (getattr(self._inner, name)), the member a of E's class */
     "  UNION ALL SELECT x.site_id, TRY_CAST(q.v AS BIGINT), NULL, 'points_to', 0.9, false "
     "  FROM (SELECT s.site_id, e.v, arg_min(mb.vkey, m.rk) AS vkey FROM lk_cg_gsites s "
     "  JOIN lk_cg_getattrm g ON g.cls = s.cls JOIN lk_cg_gafwd_f w ON w.ga = g.ga "
     "  JOIN lk_cg_pt e ON e.k = w.ek AND e.vk IN ('i', 'I') JOIN lk_cg_mro m "
     "  ON m.cls = TRY_CAST(e.v AS BIGINT) JOIN lk_cg_members mb ON mb.cls = m.anc "
     "  AND mb.name = s.attr GROUP BY s.site_id, e.v) x JOIN lk_cg_pt q ON q.k = x.vkey "
     "  AND q.vk = 'f' "
     /* a method of a builtin container called on a box: list.append */
     "  UNION ALL SELECT s.site_id, NULL, bt.t || '.' || a.attr, 'points_to', 0.9, false "
     "  FROM lk_cg_sites s JOIN lk_cg_attrs a ON a.nk = s.fk JOIN lk_cg_pt p ON p.k = a.ok "
     "  AND p.vk = 'i' JOIN lk_cg_boxt_f bt ON bt.box = TRY_CAST(p.v AS BIGINT) "
     "  WHERE s.site_kind = 'call' AND NOT starts_with(a.attr, '_')), "
     "scip AS (SELECT c.call_id AS site_id, d.def_id, NULL AS ext, 'scip' AS method, "
     "  1.0 AS conf, false AS inst FROM rel_callsite_symbol_v1 c JOIN rel_def_symbol_v1 r "
     "  ON r.symbol = c.symbol AND r.scope_id IS NULL JOIN py_cst_defs_v1 d "
     "  ON d.def_id = r.def_id), "
     "qn AS (SELECT q.call_id AS site_id, CASE WHEN d.kind = 'class' THEN coalesce(t.init, "
     "  d.def_id) ELSE d.def_id END AS def_id, CASE WHEN d.def_id IS NULL THEN "
     "  CASE WHEN starts_with(q.qname, 'builtins.') THEN substr(q.qname, 10) ELSE q.qname END "
     "  END AS ext, 'qname' AS method, 0.6 AS conf, false AS inst "
     "  FROM callsite_qname_candidates_v1 q "
     "  LEFT JOIN lk_cg_defs d ON d.fqn = q.qname AND d.kind <> 'lambda' "
     "  LEFT JOIN lk_cg_ctor t ON t.cls = d.def_id "
     "  WHERE q.qname_source IN ('QualifiedNameSource.LOCAL', 'QualifiedNameSource.IMPORT', "
     "  'QualifiedNameSource.BUILTIN') AND (d.def_id IS NOT NULL OR q.qname_source <> "
     "  'QualifiedNameSource.LOCAL')), "
     "allm AS (SELECT *, 0 AS rank FROM scip UNION ALL SELECT *, 1 FROM pts "
     "  UNION ALL SELECT *, 2 FROM qn), "
     "best AS (SELECT DISTINCT site_id, def_id, ext, method, conf FROM allm "
     "  WHERE (def_id IS NOT NULL OR ext IS NOT NULL OR inst) QUALIFY rank = min(rank) OVER "
     "  (PARTITION BY site_id)), "
     "bt AS MATERIALIZED (SELECT * FROM best WHERE ext IS NOT NULL OR def_id IN (SELECT def_id "
     "  FROM lk_cg_defs)) "
     "SELECT s.site_id, s.site_kind, s.path, s.bstart, s.bend, s.caller_fqn, b.def_id, b.ext, "
     "  coalesce(b.def_id, pycpg_id('qname', b.ext)) AS dst_id, coalesce(d.fqn, b.ext) AS "
     "  callee_fqn, b.method, b.conf AS confidence, 1.0 / count(*) OVER (PARTITION BY "
     "  s.site_id) AS score FROM bt b JOIN (SELECT DISTINCT site_id, site_kind, path, bstart, "
     /* the sites that resolved only, before the DISTINCT: a third of them on the standard
      * library, whose DISTINCT over all was most of this statement's time and memory */
     "  bend, caller_fqn FROM lk_cg_sites WHERE site_id IN (SELECT site_id FROM bt)) s "
     "  ON s.site_id = b.site_id "
     "LEFT JOIN lk_cg_defs d ON d.def_id = b.def_id"},
    {"lk_cg_inh_out", LINK_TABLE,
     "SELECT DISTINCT b.cls, i.base, b.path, b.bstart, b.bend FROM lk_cg_bases b "
     "JOIN lk_cg_pt p ON p.k = b.bk AND p.vk = 'c' JOIN lk_cg_inh i ON i.cls = b.cls "
     "AND i.base = TRY_CAST(p.v AS BIGINT) AND i.pos = b.pos"},
};

/* ---- the driver ---------------------------------------------------------------------- */

static pc_status run_table(store *s, const link_step *st, pc_err *err)
{
    sbuf sql = SBUF_INIT;
    sbuf_puts(&sql, "CREATE OR REPLACE TEMP TABLE ");
    sbuf_sql_ident(&sql, st->name);
    sbuf_printf(&sql, " AS %s", st->sql);
    pc_status rc = store_exec(s, sql.data, err);
    sbuf_free(&sql);
    return rc;
}

void link_calls_print(FILE *fp)
{
    fputs("-- the call graph's rounds (in C: link_pts.c; link_calls.c keeps them as SQL for "
          "PYCPG_POINTS_TO=sql) start from\n",
          fp);
    for (size_t i = 0; i < sizeof state / sizeof state[0]; i++)
        fprintf(fp, "CREATE OR REPLACE TEMP TABLE %s AS\n%s;\n\n", state[i].name, state[i].sql);
}

#define NSTMT(a) (sizeof(a) / sizeof((a)[0]))

static pc_status run_statements(store *s, const char *const *sql, size_t n, double *spent,
                                pc_err *err)
{
    pc_status rc = PC_OK;
    for (size_t i = 0; i < n && rc == PC_OK; i++) {
        double ts = clock_now();
        rc = store_exec(s, sql[i], err);
        if (spent)
            spent[i] += clock_now() - ts;
    }
    return rc;
}

/* ---- lk_cg_c3: the exact MRO where link_c3.c decides it --------------------------------- */

typedef struct {
    int64_t *ids; /* the classes of lk_cg_inh, sorted: a class's number is its index */
    size_t nids;
    uint32_t *pairs; /* per inh row: (base number, pos), grouped by class (by_cls) */
    size_t *start;   /* per class number: its rows [start[c], start[c + 1]) */
} c3_graph;

static int i64_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static uint32_t c3_num(const c3_graph *g, int64_t id)
{
    const int64_t *f = bsearch(&id, g->ids, g->nids, sizeof *g->ids, i64_cmp);
    return (uint32_t)(f - g->ids);
}

static void c3_graph_bases(void *ud, uint32_t cls, const uint32_t **pairs, uint32_t *n)
{
    const c3_graph *g = ud;
    *pairs = g->pairs + 2 * g->start[cls];
    *n = (uint32_t)(2 * (g->start[cls + 1] - g->start[cls]));
}

/* lk_cg_c3(cls, anc, depth) from lk_cg_inh: for every class with a base whose MRO link_c3
 * decides, its MRO (depth the position; a class Python refuses, itself only). The rest keep
 * lk_cg_mro1's approximation. link_pts.c's mro_one makes the same decision. */
static pc_status hier_c3(store *s, pc_err *err)
{
    store_columns in;
    pc_status rc = store_query_columns(s,
                                       "SELECT cls, base, pos FROM lk_cg_inh WHERE cls IS NOT "
                                       "NULL AND base IS NOT NULL AND pos IS NOT NULL ORDER BY "
                                       "cls, pos, base",
                                       &in, err);
    if (rc != PC_OK)
        return rc;
    size_t rows = in.ncols == 3 ? in.cols[0].n : 0;
    const int64_t *cl = rows ? in.cols[0].i64 : NULL, *ba = rows ? in.cols[1].i64 : NULL,
                  *po = rows ? in.cols[2].i64 : NULL;
    c3_graph g = {0};
    g.ids = core_malloc((2 * rows + 1) * sizeof *g.ids);
    for (size_t r = 0; r < rows; r++) {
        g.ids[g.nids++] = cl[r];
        g.ids[g.nids++] = ba[r];
    }
    qsort(g.ids, g.nids, sizeof *g.ids, i64_cmp);
    size_t u = 0;
    for (size_t i = 0; i < g.nids; i++)
        if (u == 0 || g.ids[i] != g.ids[u - 1])
            g.ids[u++] = g.ids[i];
    g.nids = u;
    /* rows come sorted by class, so each class's rows are one run */
    g.start = core_calloc(g.nids + 2, sizeof *g.start);
    g.pairs = core_malloc((2 * rows + 1) * sizeof *g.pairs);
    for (size_t r = 0; r < rows; r++) {
        g.start[c3_num(&g, cl[r]) + 1]++;
        g.pairs[2 * r] = c3_num(&g, ba[r]);
        g.pairs[2 * r + 1] = (uint32_t)(int32_t)po[r];
    }
    for (size_t i = 0; i < g.nids; i++)
        g.start[i + 1] += g.start[i];
    static const store_col_type ty[] = {STORE_COL_I64, STORE_COL_I64, STORE_COL_I64};
    static const char *const names[] = {"cls", "anc", "depth"};
    store_columns out;
    store_columns_init(&out, 3, ty);
    link_c3 *c3 = link_c3_new((uint32_t)g.nids, c3_graph_bases, &g);
    for (size_t r = 0; r < rows; r++) {
        if (r > 0 && cl[r] == cl[r - 1])
            continue;
        const uint32_t *lin;
        uint32_t ln, c = c3_num(&g, cl[r]);
        link_c3_status st = link_c3_get(c3, c, &lin, &ln);
        if (st == LINK_C3_OPEN)
            continue;
        for (uint32_t i = 0; i < (st == LINK_C3_OK ? ln : 1); i++) {
            store_columns_add_i64(&out, 0, cl[r], false);
            store_columns_add_i64(&out, 1, g.ids[st == LINK_C3_OK ? lin[i] : c], false);
            store_columns_add_i64(&out, 2, i, false);
        }
    }
    link_c3_free(c3);
    store_columns_free(&in);
    core_free(g.ids);
    core_free(g.start);
    core_free(g.pairs);
    rc = store_table_from_columns(s, "lk_cg_c3", names, &out, err);
    store_columns_free(&out);
    return rc;
}

/* The statements of round_hier, with lk_cg_c3 made after lk_cg_inh. */
static pc_status run_hier(store *s, double *spent, pc_err *err)
{
    pc_status rc = run_statements(s, round_hier, 1, spent, err);
    if (rc == PC_OK)
        rc = hier_c3(s, err);
    if (rc == PC_OK)
        rc =
            run_statements(s, round_hier + 1, NSTMT(round_hier) - 1, spent ? spent + 1 : NULL, err);
    return rc;
}

static void budget_warning(int rounds, int64_t facts, int64_t budget)
{
    log_warn("link: points-to analysis stopped after %d rounds: %lld facts, over its "
             "budget of %lld; the calls it has not resolved yet keep their other "
             "resolutions",
             rounds, (long long)facts, (long long)budget);
}

/* The caps of a run: CG_MAX_ROUNDS and the fact budget — CG_MAX_FACTS, or one fact per
 * CG_BYTES_PER_FACT bytes of the repository's files where that is more (at most
 * CG_MAX_FACTS_SCALED): a repository four times the standard library's size may need four
 * times its facts, and the budget is a guard against a runaway, not a size limit; it is a
 * function of the files, so every build of the same tree (any -j, shards, incremental) has
 * the same. The test knobs PYCPG_CG_MAX_ROUNDS / PYCPG_CG_MAX_FACTS lower them (so that the
 * parity test reaches them on a small tree; a value that is not a positive number below the
 * default is ignored). */
static pc_status run_caps(store *s, link_pts_caps *caps, pc_err *err)
{
    *caps = (link_pts_caps){CG_MAX_ROUNDS, CG_MAX_FACTS, (uint32_t)atoi(CG_MAX_VALUES), CG_MAX_SET};
    int64_t bytes = 0;
    pc_status rc =
        store_query_i64(s, "SELECT coalesce(sum(size_bytes), 0) FROM repo_files_v1", &bytes, err);
    if (rc != PC_OK)
        return rc;
    int64_t scaled = bytes / CG_BYTES_PER_FACT;
    if (scaled > caps->max_facts)
        caps->max_facts = scaled < CG_MAX_FACTS_SCALED ? scaled : CG_MAX_FACTS_SCALED;
    const char *r = getenv("PYCPG_CG_MAX_ROUNDS"), *f = getenv("PYCPG_CG_MAX_FACTS");
    const char *m = getenv("PYCPG_CG_MAX_SET");
    long long x;
    if (r && (x = atoll(r)) > 0 && x < CG_MAX_ROUNDS)
        caps->max_rounds = (int)x;
    if (f && (x = atoll(f)) > 0 && x < caps->max_facts)
        caps->max_facts = x;
    if (m && (x = atoll(m)) > 0 && x < CG_MAX_SET)
        caps->max_set = (uint32_t)x;
    return PC_OK;
}

/* Step 2 in SQL: the closure into lk_cg_delta, taken again while it blocks keys; then the
 * delta joins the facts. */
static pc_status close_sql(store *s, const link_pts_caps *caps, double *spent, pc_err *err)
{
    char block[512], full[] = "INSERT INTO lk_cg_full SELECT k FROM lk_cg_block "
                              "  WHERE k NOT IN (SELECT k FROM lk_cg_full)";
    snprintf(block, sizeof block, round_block, (long long)caps->max_set);
    int64_t before = 0, after = 0;
    pc_status rc = PC_OK;
    for (;;) {
        double ts = clock_now();
        rc = store_exec(s, round_closure, err);
        if (rc == PC_OK)
            rc = store_query_i64(s, "SELECT count(*) FROM lk_cg_block", &before, err);
        if (rc == PC_OK)
            rc = store_exec(s, block, err);
        if (rc == PC_OK)
            rc = store_query_i64(s, "SELECT count(*) FROM lk_cg_block", &after, err);
        if (rc == PC_OK && after > before)
            rc = store_exec(s, full, err);
        *spent += clock_now() - ts;
        if (rc != PC_OK || after == before)
            break;
    }
    if (rc == PC_OK)
        rc = run_statements(s, round_commit, NSTMT(round_commit), NULL, err);
    return rc;
}

/* The rounds as SQL statements (the oracle of link_pts.c: PYCPG_POINTS_TO=sql). */
static pc_status rounds_sql(store *s, const link_pts_caps *caps, link_pts_report *rep, pc_err *err)
{
    enum { NC = NSTMT(round_close) + 1, NH = NSTMT(round_hier), NR = NSTMT(round_rules) };
    pc_status rc = PC_OK;
    double t1 = clock_now(), spent[NC + NH + NR] = {0};
    int round = 0;
    int64_t seed = 1, facts = 0;
    bool over_budget = false;
    for (; rc == PC_OK && seed > 0 && !over_budget && round < caps->max_rounds; round++) {
        rc = run_statements(s, round_close, NC - 1, spent, err);
        if (rc == PC_OK)
            rc = close_sql(s, caps, spent + NC - 1, err);
        if (rc == PC_OK)
            rc = run_hier(s, spent + NC, err);
        if (rc == PC_OK)
            rc = run_statements(s, round_rules, NR, spent + NC + NH, err);
        if (rc == PC_OK)
            rc = store_query_i64(s, "SELECT count(*) FROM lk_cg_seed", &seed, err);
        if (rc == PC_OK)
            rc = store_query_i64(s, "SELECT count(*) FROM lk_cg_pt", &facts, err);
        if (rc == PC_OK)
            log_debug("link: points-to round %d: %lld facts, seed %lld", round + 1,
                      (long long)facts, (long long)seed);
        if (rc == PC_OK && seed > 0 && facts > caps->max_facts) {
            budget_warning(round + 1, facts, caps->max_facts);
            over_budget = true;
        }
    }
    if (rc == PC_OK && seed > 0 && !over_budget)
        log_warn("link: points-to analysis stopped after %d rounds (cap)", round);
    log_debug("link: points-to (sql) in %.2f s (%d rounds, %lld facts)", clock_now() - t1, round,
              (long long)facts);
    *rep = (link_pts_report){true,
                             over_budget ? "fact_budget"
                             : seed > 0  ? "round_cap"
                                         : "fixed_point",
                             round, facts, clock_now() - t1};
    for (size_t i = 0; i < NC + NH + NR; i++)
        log_debug("link: points-to statement %zu: %.2f s", i, spent[i]);
    return rc;
}

/* The rounds in C (link_pts.c), then inheritance, MRO and constructors from the facts. */
static pc_status rounds_c(store *s, const link_pts_caps *caps, link_pts_report *rep, pc_err *err)
{
    link_pts_stats st;
    double t1 = clock_now();
    pc_status rc = link_pts_run(s, caps, &st, err);
    if (rc == PC_OK)
        rc = run_hier(s, NULL, err);
    if (rc != PC_OK)
        return rc;
    *rep = (link_pts_report){true,
                             st.over_budget ? "fact_budget"
                             : st.seed > 0  ? "round_cap"
                                            : "fixed_point",
                             st.rounds, (int64_t)st.facts, clock_now() - t1};
    if (st.over_budget)
        budget_warning(st.rounds, st.facts, caps->max_facts);
    else if (st.seed > 0)
        log_warn("link: points-to analysis stopped after %d rounds (cap)", st.rounds);
    log_debug("link: points-to (C) in %.2f s (%d rounds, %lld facts): load %.2f s, rounds "
              "%.2f s, write-back %.2f s, about %.0f MB",
              clock_now() - t1, st.rounds, (long long)st.facts, st.load_s, st.rounds_s, st.write_s,
              st.state_mb);
    return rc;
}

/* Test knob PYCPG_POINTS_TO_DUMP=FILE: the facts, sorted, as CSV (the parity test compares
 * the two evaluations' files). */
static pc_status dump_facts(store *s, const char *path, pc_err *err)
{
    sbuf sql = SBUF_INIT;
    sbuf_puts(&sql, "COPY (SELECT k, vk, v FROM lk_cg_pt ORDER BY ALL) TO ");
    sbuf_sql_literal(&sql, path);
    sbuf_puts(&sql, " (FORMAT csv, HEADER false)");
    pc_status rc = store_exec(s, sql.data, err);
    sbuf_free(&sql);
    return rc;
}

void link_calls_made(sbuf *out)
{
    for (size_t i = 0; i < NSTMT(state); i++)
        sbuf_printf(out, "T %s\n", state[i].name);
    for (size_t i = 0; i < NSTMT(outputs); i++)
        sbuf_printf(out, "T %s\n", outputs[i].name);
}

pc_status link_calls_run(store *s, link_pts_report *rep, pc_err *err)
{
    link_pts_report ignored;
    rep = rep ? rep : &ignored;
    const char *mode = getenv("PYCPG_POINTS_TO");
    bool sql = mode && strcmp(mode, "sql") == 0;
    if (mode && *mode && !sql && strcmp(mode, "c") != 0)
        return pc_fail(err, PC_ERR_ARG, "PYCPG_POINTS_TO=%s: expected sql or c", mode);
    pc_status rc = PC_OK;
    for (size_t i = 0; i < NSTMT(state) && rc == PC_OK; i++)
        rc = run_table(s, &state[i], err);
    link_pts_caps caps;
    if (rc == PC_OK)
        rc = run_caps(s, &caps, err);
    if (rc == PC_OK)
        rc = sql ? rounds_sql(s, &caps, rep, err) : rounds_c(s, &caps, rep, err);
    const char *dump = getenv("PYCPG_POINTS_TO_DUMP");
    if (rc == PC_OK && dump && *dump)
        rc = dump_facts(s, dump, err);
    double t2 = clock_now();
    for (size_t i = 0; i < NSTMT(outputs) && rc == PC_OK; i++)
        rc = run_table(s, &outputs[i], err);
    log_debug("link: call graph outputs in %.2f s", clock_now() - t2);
    if (rc == PC_OK)
        rc = store_exec(s, "DROP TABLE IF EXISTS lk_cg_c3", err);
    return rc;
}
