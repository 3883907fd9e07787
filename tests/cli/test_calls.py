#!/usr/bin/env python3
"""test_calls.py — the call graph and the symbol/dataflow edges on tests/fixtures/calls.

Builds the fixture (SCIP off), extracts PY_CALLS, PY_INHERITS_FROM, PY_IMPORTS_SYMBOL,
PY_READS_SYMBOL, PY_WRITES_SYMBOL and REACHES from cpg_edges_v1 with `pycpg query --json`,
maps them to the notation of the hand-written expected_calls.txt / expected_edges.txt,
compares exactly (as multisets), prints precision and recall per kind, and checks
`pycpg callgraph` (output, --min-confidence, errors, help) and its --format pycg (def and
lambda names against tests/cgsuite/trace.py's ast namer, edges against the default format's).
Usage: test_calls.py PYCPG
"""
import collections
import json
import os
import subprocess
import sys
import tempfile

PYCPG = sys.argv[1]
FIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "calls")
failures = []
passed = 0


def check(name, ok, detail=""):
    global passed
    if ok:
        passed += 1
    else:
        failures.append(name)
        print("FAIL %s %s" % (name, detail), file=sys.stderr)


def query(out, sql):
    r = subprocess.run([PYCPG, "query", out, sql, "--json"], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit("query failed: %s\n%s" % (sql, r.stderr))
    return json.loads(r.stdout)


def line_of(path, offset, cache={}):
    if path not in cache:
        with open(os.path.join(FIX, path), "rb") as f:
            cache[path] = f.read()
    return cache[path][:offset].count(b"\n") + 1


def compare(kind, want, got):
    w, g = collections.Counter(want), collections.Counter(got)
    tp = sum((w & g).values())
    print("calls %-8s precision %d/%d recall %d/%d" % (kind, tp, sum(g.values()), tp,
                                                      sum(w.values())), file=sys.stderr)
    for x in sorted((w - g).elements()):
        print("  missing    %s" % x, file=sys.stderr)
    for x in sorted((g - w).elements()):
        print("  unexpected %s" % x, file=sys.stderr)
    check("edges_" + kind, w == g)


def expected():
    out = collections.defaultdict(list)
    with open(os.path.join(FIX, "expected_calls.txt")) as f:
        for ln in f:
            if ln.strip() and not ln.startswith("#"):
                out["CALLS"].append(ln.strip())
    with open(os.path.join(FIX, "expected_edges.txt")) as f:
        for ln in f:
            if ln.strip() and not ln.startswith("#"):
                kind, rest = ln.split(None, 1)
                out[kind].append(rest.strip())
    return out


PROPS = """(SELECT entity_id, max(value_str) FILTER (WHERE prop_key = 'caller_fqn') AS caller,
    max(value_str) FILTER (WHERE prop_key = 'callee_fqn') AS callee FROM cpg_props_v1
    WHERE entity_kind = 'edge' GROUP BY entity_id)"""


def actual(out):
    got = collections.defaultdict(list)
    for r in query(out, """SELECT p.caller, p.callee FROM cpg_edges_v1 e JOIN %s p
            ON p.entity_id = e.edge_id WHERE e.edge_kind = 'PY_CALLS'""" % PROPS):
        got["CALLS"].append("%s -> %s" % (r["caller"], r["callee"]))
    fqn = """(SELECT d.def_id, m.module_name || '.' || d.qualname AS fqn FROM py_cst_defs_v1 d
            JOIN py_cst_parse_manifest_v1 m USING (file_id))"""
    for r in query(out, """SELECT a.fqn AS a, b.fqn AS b FROM cpg_edges_v1 e
            JOIN %s a ON a.def_id = e.src_node_id JOIN %s b ON b.def_id = e.dst_node_id
            WHERE e.edge_kind = 'PY_INHERITS_FROM'""" % (fqn, fqn)):
        got["INHERITS"].append("%s -> %s" % (r["a"], r["b"]))
    for r in query(out, """SELECT e.path, e.bstart, y.name, s.scope_type || ':' || s.scope_name
            AS scope FROM cpg_edges_v1 e JOIN py_sym_symbols_v1 y ON y.symbol_row_id =
            e.dst_node_id JOIN py_sym_scopes_v1 s ON s.scope_id = y.scope_id
            WHERE e.edge_kind = 'PY_IMPORTS_SYMBOL'"""):
        got["IMPORTS"].append("%s %d %s %s" % (r["path"], line_of(r["path"], r["bstart"]),
                                                r["name"], r["scope"]))
    for kind in ("READS", "WRITES"):
        for r in query(out, """SELECT e.path, e.bstart, n.name FROM cpg_edges_v1 e
                JOIN py_cst_name_refs_v1 n ON n.name_ref_id = e.src_node_id
                WHERE e.edge_kind = 'PY_%s_SYMBOL'""" % kind):
            got[kind].append("%s %d %s" % (r["path"], line_of(r["path"], r["bstart"]),
                                           r["name"]))
    for r in query(out, """SELECT e.path, d.symbol, di.pos_start_line AS dl,
            ui.pos_start_line AS ul FROM cpg_edges_v1 e
            JOIN py_bc_def_use_events_v1 d ON d.event_id = e.src_node_id
            JOIN py_bc_def_use_events_v1 u ON u.event_id = e.dst_node_id
            JOIN py_bc_instructions_v1 di ON di.instr_id = d.instr_id
            JOIN py_bc_instructions_v1 ui ON ui.instr_id = u.instr_id
            WHERE e.edge_kind = 'REACHES'"""):
        got["REACHES"].append("%s %s %d %d" % (r["path"], r["symbol"], r["dl"], r["ul"]))
    return got


def run(*args):
    return subprocess.run([PYCPG] + list(args), capture_output=True, text=True)

def pycg_names(repo):
    """tests/cgsuite/trace.py's Names (PyCG's names of every def, from ast) for repo."""
    import importlib.util
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cgsuite", "trace.py")
    spec = importlib.util.spec_from_file_location("cgsuite_trace", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.Names(repo)


LAMBDAS = """a = lambda: (lambda: len([]))()
b = lambda: 2


def f(cb=lambda: 3):
    g = lambda: h()
    k = [lambda: 4 for _ in range(1)]

    def h():
        return (lambda: print())()

    return g, k


class C:
    m = lambda self: 5

    def meth(self):
        return sorted([1], key=lambda v: v)


f()[0]()
a()
C().meth()
"""


def check_pycg_format(out, graph, tmp):
    """`callgraph --format pycg`: the def names against ast (tests/cgsuite/trace.py), the
    edges against the default format's, the option's errors."""
    r = run("callgraph", out, "--format", "pycg")
    check("pycg_exit", r.returncode == 0, r.stderr)
    pycg = json.loads(r.stdout) if r.returncode == 0 else {}
    names = pycg_names(FIX)
    check("pycg_keys", set(pycg) == names.funcs | names.classes | names.modules,
          str(sorted(set(pycg) ^ (names.funcs | names.classes | names.modules))))
    check("pycg_lists_sorted", all(v == sorted(set(v)) for v in pycg.values()))
    # the default format's edges, renamed: no <locals>, builtins prefixed, class callees
    # dropped, lambdas unnumbered (the fixture has one lambda per scope)
    builtin = set(dir(__builtins__))
    want = set()
    for k, vs in graph.items():
        for v in vs:
            if v.replace(".<locals>", "") in names.classes:
                continue
            v = "<builtin>." + v if v in builtin else v.replace(".<locals>", "")
            want.add((k.replace(".<locals>", ""), v))
    got = {(k.replace("<lambda1>", "<lambda>"), v.replace("<lambda1>", "<lambda>"))
           for k, vs in pycg.items() for v in vs}
    check("pycg_edges", got == want, str(sorted(got ^ want)))
    # several lambdas in one scope, nested lambdas, a lambda in a default value
    repo = os.path.join(tmp, "lambdas")
    os.makedirs(repo)
    with open(os.path.join(repo, "main.py"), "w") as f:
        f.write(LAMBDAS)
    lout = os.path.join(tmp, "lambdas_out")
    b = run("build", repo, "-o", lout, "-q", "--scip", "off")
    check("pycg_lambdas_build", b.returncode == 0, b.stderr)
    r = run("callgraph", lout, "--format", "pycg")
    lg = json.loads(r.stdout) if r.returncode == 0 else {}
    ln = pycg_names(repo)
    check("pycg_lambda_keys", set(lg) == ln.funcs | ln.classes | ln.modules,
          str(sorted(set(lg) ^ (ln.funcs | ln.classes | ln.modules))))
    for caller, callee in (("main.<lambda1>", "main.<lambda1>.<lambda1>"),
                           ("main.<lambda1>.<lambda1>", "<builtin>.len"),
                           ("main.f.h", "main.f.h.<lambda1>"),
                           ("main.C.meth", "<builtin>.sorted")):
        check("pycg_lambda_edge_%s_%s" % (caller, callee), callee in lg.get(caller, []),
              str(lg.get(caller)))
    for args, text in ((["--format", "x"], "not default or pycg"), (["--format"], "needs a value")):
        e = run("callgraph", out, *args)
        check("pycg_err_" + str(len(args)), e.returncode == 2 and text in e.stderr, e.stderr)
    d = run("callgraph", out, "--format", "default")
    check("pycg_default_same", d.stdout == run("callgraph", out).stdout)
    check("pycg_help", "--format pycg" in run("help", "callgraph").stdout)


def main():
    tmp = tempfile.mkdtemp(prefix="pycpg_calls_")
    out = os.path.join(tmp, "out")
    r = run("build", FIX, "-o", out, "-q", "--scip", "off")
    if r.returncode != 0:
        raise SystemExit("build failed: " + r.stderr)
    want, got = expected(), actual(out)
    for kind in ("CALLS", "INHERITS", "IMPORTS", "READS", "WRITES", "REACHES"):
        compare(kind, want[kind], got[kind])

    # edge columns: every PY_CALLS edge has a method, a confidence and its ambiguity group
    bad = query(out, """SELECT count(*) AS n FROM cpg_edges_v1 WHERE edge_kind = 'PY_CALLS'
        AND (resolution_method IS NULL OR confidence IS NULL OR ambiguity_group_id IS NULL
        OR ambiguity_group_id <> src_node_id OR origin IS NULL)""")[0]["n"]
    check("calls_columns", bad == 0, "%d edges lack columns" % bad)
    methods = {r["m"] for r in query(out, """SELECT DISTINCT resolution_method AS m
        FROM cpg_edges_v1 WHERE edge_kind = 'PY_CALLS'""")}
    check("calls_points_to_without_scip", methods == {"points_to"}, str(methods))
    # ambiguity: fn(value) in apply keeps both targets, in one group (the call site);
    # self.sound() in Animal.speak has one (Animal is never instantiated, Dog overrides it)
    groups = query(out, """SELECT list(p.callee ORDER BY p.callee) AS c FROM cpg_edges_v1 e
        JOIN %s p ON p.entity_id = e.edge_id WHERE e.edge_kind = 'PY_CALLS'
        GROUP BY e.ambiguity_group_id HAVING count(*) > 1 ORDER BY 1""" % PROPS)
    check("calls_ambiguity_groups", [g["c"] for g in groups] == [
        "[app.models.run.<locals>.<lambda>, app.util.helper]"], str(groups))
    # endpoints: call/decoration sites and defs or qualified names
    dangling = query(out, """SELECT count(*) AS n FROM cpg_edges_v1 e WHERE edge_kind IN
        ('PY_CALLS', 'PY_INHERITS_FROM') AND NOT EXISTS (SELECT 1 FROM cpg_nodes_v1 n
        WHERE n.node_id = e.dst_node_id AND n.node_kind IN ('CST_DEF', 'PY_QUALIFIED_NAME'))""")
    check("calls_dst_nodes", dangling[0]["n"] == 0, str(dangling))
    check("no_edge_errors", query(out, "SELECT count(*) AS n FROM cpg_edges_v1_errors")[0]["n"] == 0)

    # pycpg callgraph: the same edges, every def and module as a key
    r = run("callgraph", out)
    check("callgraph_exit", r.returncode == 0, r.stderr)
    graph = json.loads(r.stdout) if r.returncode == 0 else {}
    pairs = sorted("%s -> %s" % (k, c) for k, v in graph.items() for c in v)
    check("callgraph_edges", pairs == sorted(set(want["CALLS"])), "\n".join(pairs))
    check("callgraph_lists_sorted", all(v == sorted(set(v)) for v in graph.values()))
    keys = set(graph)
    for k in ("app", "app.sub", "app.util.make_adder.<locals>.add", "app.models.run.<locals>.<lambda>",
              "app.base.describe_name", "app.models.Dog"):
        check("callgraph_key_" + k, k in keys)
    check("callgraph_deterministic", run("callgraph", out).stdout == r.stdout)
    check("callgraph_keys_sorted", r.stdout.find('"app.base"') < r.stdout.find('"app.util"'))
    strict = run("callgraph", out, "--min-confidence", "0.95")
    check("callgraph_min_confidence",
          strict.returncode == 0 and all(v == [] for v in json.loads(strict.stdout).values()),
          strict.stdout[:200])
    low = run("callgraph", out, "--min-confidence", "0.9")
    check("callgraph_min_confidence_inclusive", low.stdout == r.stdout)
    for args, code, text in ((["--min-confidence", "2"], 2, "0..1"),
                             (["--min-confidence"], 2, "needs a value"),
                             (["--bogus"], 2, "unknown option")):
        e = run("callgraph", out, *args)
        check("callgraph_err_" + args[0] + str(len(args)), e.returncode == code and text in e.stderr,
              e.stderr)
    e = run("callgraph", os.path.join(tmp, "missing"))
    check("callgraph_missing_out", e.returncode == 2 and "not a pycpg output" in e.stderr, e.stderr)
    e = run("callgraph")
    check("callgraph_no_out", e.returncode == 2 and "missing OUT" in e.stderr, e.stderr)
    h = run("help", "callgraph")
    check("callgraph_help", h.returncode == 0 and "--min-confidence" in h.stdout)
    check("callgraph_listed", "callgraph" in run("help").stdout)

    check_pycg_format(out, graph, tmp)

    # determinism: a -j 2 build gives identical call edges
    out2 = os.path.join(tmp, "out2")
    run("build", FIX, "-o", out2, "-q", "--scip", "off", "-j", "2")
    sql = """SELECT edge_id, src_node_id, dst_node_id, confidence, resolution_method
        FROM cpg_edges_v1 WHERE edge_kind IN ('PY_CALLS', 'PY_INHERITS_FROM') ORDER BY ALL"""
    check("deterministic_j2", query(out, sql) == query(out2, sql))

    print("%d passed, %d failed" % (passed, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
