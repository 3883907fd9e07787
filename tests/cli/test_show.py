"""test_show.py — `pycpg show` (issue 27) on tests/fixtures/show, against independent oracles.

    python3 tests/cli/test_show.py PYCPG

One build of the fixture (no SCIP), then:
  cfg      for functions with branches, loops, try/except/finally, with, a method, a nested
           def and a lambda (named FQN@LINE): the DOT has every CFG_BLOCK of the code object
           and every CFG_* edge leaving them (cpg_nodes_v1/cpg_edges_v1 via `pycpg query`)
           exactly once, edge labels match their kinds, and each block's label lists the source
           lines python3's own `dis` gives for the block's offset range, with their text;
  ast      the node kinds of the def's subtree are those python3's `ast` walk gives;
  cst      the root is the def's tree-sitter node and the def's parameters are drawn;
  calls    callees and callers at depth 1 are those of `pycpg callgraph`;
  imports  the module edges are those python3's `ast` finds in the files (relative imports
           resolved), the cycle edges those on a cycle of that graph;
  formats  the SVG parses (xml.etree) with one <g class="node"> per DOT node and one edge
           group per DOT edge; the PNG has PNG's signature and the SVG's size at 96 dpi; the
           same picture twice is the same bytes;
  errors   unknown and ambiguous targets exit 2 and list the nearest names; bad options exit 2.
"""
import ast
import dis
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clilib import Checks, bound  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "fixtures", "show")

pycpg = sys.argv[1]
build, query = bound(pycpg)
c = Checks()


def show(out, *args, binary=False):
    r = subprocess.run([pycpg, "show", out, *args], capture_output=True, timeout=300)
    return r.returncode, r.stdout if binary else r.stdout.decode(), r.stderr.decode()


DOT_STR = r'"((?:[^"\\]|\\.)*)"'
NODE_RE = re.compile(r"^\s*" + DOT_STR + r" \[(.*)\];$")
EDGE_RE = re.compile(r"^\s*" + DOT_STR + " -> " + DOT_STR + r"(?: \[(.*)\])?;$")
ATTR_RE = re.compile(r"(\w+)=" + DOT_STR)


def unq(s):
    return re.sub(r"\\(.)", r"\1", s)


def parse_dot(text):
    """(nodes {id: attrs}, node order, edges [(src, dst, attrs)]) of our DOT text."""
    nodes, order, edges = {}, [], []
    for line in text.splitlines():
        m = EDGE_RE.match(line)
        if m:
            attrs = {k: v for k, v in ATTR_RE.findall(m.group(3) or "")}
            edges.append((unq(m.group(1)), unq(m.group(2)), attrs))
            continue
        m = NODE_RE.match(line)
        if m and unq(m.group(1)) not in ("graph", "node", "edge"):
            nid = unq(m.group(1))
            if nid in nodes:
                nodes[nid + "#dup"] = None
            nodes[nid] = {k: v for k, v in ATTR_RE.findall(m.group(2))}
            order.append(nid)
    return nodes, order, edges


def label_lines(label):
    """A DOT label's lines (\\l-terminated, escapes undone)."""
    return [unq(x) for x in label.split("\\l") if x]


def code_object(path, qualname, line=None):
    """The code object of qualname (co_qualname) in the file, by python3's compiler."""
    with open(path, "rb") as fp:
        top = compile(fp.read(), path, "exec")
    found = []

    def walk(co):
        if co.co_qualname == qualname and (line is None or co.co_firstlineno == line):
            found.append(co)
        for k in co.co_consts:
            if hasattr(k, "co_code"):
                walk(k)

    if qualname == "<module>":
        return top
    walk(top)
    assert len(found) == 1, (qualname, found)
    return found[0]


def check_cfg(out, fqn, path, qualname, line=None):
    target = fqn if line is None else f"{fqn}@{line}"
    rc, dot_text, err = show(out, "cfg", target, "--format", "dot")
    c.check(f"cfg {target}: exit 0 ({err.strip()})", 0, rc)
    nodes, order, edges = parse_dot(dot_text)
    co = code_object(os.path.join(FIXTURE, path), qualname, line)
    # the graph's blocks of the unit (with their offsets) and the CFG edges leaving them, in
    # one query: ('u', unit) once, ('b', block, start, end), ('e', src, dst, kind)
    rows = query(out, f"""
        WITH u AS (SELECT code_unit_id FROM py_bc_code_units_v1 WHERE path = '{path}' AND
                   co_name = '{co.co_name}' AND firstlineno = {co.co_firstlineno}),
             b AS (SELECT entity_id FROM cpg_props_v1 WHERE prop_key = 'code_unit_id' AND
                   value_int IN (SELECT code_unit_id FROM u)
                   AND entity_id IN (SELECT node_id FROM cpg_nodes_v1
                                     WHERE node_kind = 'CFG_BLOCK'))
        SELECT 'u' AS t, CAST(code_unit_id AS VARCHAR) AS x, NULL AS y, NULL AS z FROM u
        UNION ALL
        SELECT 'b', CAST(entity_id AS VARCHAR),
               CAST(max(value_int) FILTER (WHERE prop_key = 'start_off') AS VARCHAR),
               CAST(max(value_int) FILTER (WHERE prop_key = 'end_off') AS VARCHAR)
        FROM cpg_props_v1 WHERE entity_kind = 'node' AND entity_id IN (SELECT entity_id FROM b)
        GROUP BY entity_id
        UNION ALL
        SELECT 'e', CAST(src_node_id AS VARCHAR), CAST(dst_node_id AS VARCHAR), edge_kind
        FROM cpg_edges_v1 WHERE edge_kind LIKE 'CFG%'
        AND src_node_id IN (SELECT entity_id FROM b)""")
    c.check(f"cfg {target}: one code unit", 1, sum(1 for r in rows if r[0] == "u"))
    blocks = [(r[1], int(r[2]), int(r[3])) for r in rows if r[0] == "b"]
    want_edges = [tuple(r[1:]) for r in rows if r[0] == "e"]
    block_ids = {b[0] for b in blocks}
    drawn_blocks = [n for n in order if nodes[n].get("class") == "block"]
    c.check(f"cfg {target}: every block drawn once", sorted(block_ids), sorted(drawn_blocks))
    c.check(f"cfg {target}: no node drawn twice", len(set(order)), len(order))
    c.check(f"cfg {target}: every CFG edge drawn once", sorted(want_edges),
            sorted((s, d, a.get("class")) for s, d, a in edges))
    labels = {"CFG_BRANCH_TRUE": "true", "CFG_BRANCH_FALSE": "false", "CFG_EXC": "exception",
              "CFG_JUMP": "jump", "CFG_NEXT": None}
    bad = [(a.get("class"), a.get("label")) for _, _, a in edges
           if a.get("class") in labels and labels[a.get("class")] != a.get("label")]
    c.check(f"cfg {target}: edge labels say their kind", [], bad)
    exits = [n for n in order if nodes[n].get("class") == "exit"]
    c.check(f"cfg {target}: one exit node", 1, len(exits))
    entries = [n for n in drawn_blocks if nodes[n].get("xlabel") == "entry"]
    c.check(f"cfg {target}: one entry block", 1, len(entries))
    # source lines per block, by python3's dis
    src_lines = open(os.path.join(FIXTURE, path), encoding="utf-8").read().splitlines()
    instrs = list(dis.get_instructions(co))
    mismatches = []
    for bid, start, end in blocks:
        want = []
        for ins in instrs:
            ln = ins.positions.lineno if ins.positions else None
            if start <= ins.offset < end and ln and ln not in want:
                want.append(ln)
        got, texts = [], []
        for ln in label_lines(nodes[bid]["label"])[1:]:
            m = re.match(r"^(\d+): (.*)$", ln)
            if m:
                got.append(int(m.group(1)))
                texts.append((int(m.group(1)), m.group(2)))
        if got != want:
            mismatches.append((start, end, want, got))
        for ln, text in texts:
            full = src_lines[ln - 1].strip()
            if not (text == full or (text.endswith("…") and full.startswith(text[:-1]))):
                mismatches.append((ln, full, text))
    c.check(f"cfg {target}: block labels carry dis's source lines", [], mismatches)
    return nodes, edges


def check_formats(out, args, name):
    rc, svg1, err = show(out, *args, "--format", "svg", binary=True)
    c.check(f"{name}: svg exit 0 ({err.strip()})", 0, rc)
    rc, svg2, _ = show(out, *args, "--format", "svg", binary=True)
    c.check(f"{name}: the same svg twice", svg1, svg2)
    c.check(f"{name}: no graphviz version comment", False, b"Generated by graphviz" in svg1)
    _, dot_text, _ = show(out, *args, "--format", "dot")
    nodes, order, edges = parse_dot(dot_text)
    root = ET.fromstring(svg1)
    ns = "{http://www.w3.org/2000/svg}"
    groups = [g.get("class") or "" for g in root.iter(ns + "g")]
    c.check(f"{name}: svg has a node group per DOT node", len(order),
            sum(1 for g in groups if g.split()[:1] == ["node"]))
    c.check(f"{name}: svg has an edge group per DOT edge", len(edges),
            sum(1 for g in groups if g.split()[:1] == ["edge"]))
    width_pt = float(root.get("width").rstrip("pt"))
    height_pt = float(root.get("height").rstrip("pt"))
    with tempfile.TemporaryDirectory() as tmp:
        png = os.path.join(tmp, "p.png")
        rc = subprocess.run([pycpg, "show", out, *args, "--format", "png", "-o", png],
                            capture_output=True).returncode
        c.check(f"{name}: png exit 0", 0, rc)
        data = open(png, "rb").read()
        rc = subprocess.run([pycpg, "show", out, *args, "--format", "png", "-o", png],
                            capture_output=True).returncode
        c.check(f"{name}: the same png twice", data, open(png, "rb").read())
    c.check(f"{name}: png signature", b"\x89PNG\r\n\x1a\n", data[:8])
    c.check(f"{name}: png IHDR first", b"IHDR", data[12:16])
    w, h = struct.unpack(">II", data[16:24])
    c.check(f"{name}: png is the svg's size at 96 dpi (+-2 px)", True,
            abs(w - width_pt * 96 / 72) <= 2 and abs(h - height_pt * 96 / 72) <= 2)


def ast_kinds(node):
    """Kinds of node's subtree as our picture draws it (expression contexts left out)."""
    out = []
    for n in ast.walk(node):
        if not isinstance(n, ast.expr_context):
            out.append(type(n).__name__)
    return sorted(out)


def find_def(path, name_chain):
    tree = ast.parse(open(os.path.join(FIXTURE, path), encoding="utf-8").read())
    node = tree
    for name in name_chain:
        node = next(n for n in ast.walk(node)
                    if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                    and n.name == name)
    return node


def module_imports():
    """{module: set of repository modules it imports}, by python3's ast."""
    mods = {}
    for dirpath, _, files in os.walk(FIXTURE):
        for f in files:
            if f.endswith(".py"):
                rel = os.path.relpath(os.path.join(dirpath, f), FIXTURE)
                parts = rel[:-3].split(os.sep)
                is_pkg = parts[-1] == "__init__"
                if is_pkg:
                    parts = parts[:-1]
                mods[".".join(parts)] = (os.path.join(dirpath, f), is_pkg)
    edges = set()
    for mod, (path, is_pkg) in mods.items():
        pkg = mod if is_pkg else mod.rpartition(".")[0]
        for n in ast.walk(ast.parse(open(path, encoding="utf-8").read())):
            targets = []
            if isinstance(n, ast.Import):
                targets = [a.name for a in n.names]
            elif isinstance(n, ast.ImportFrom):
                base = pkg
                for _ in range(max(n.level - 1, 0)):
                    base = base.rpartition(".")[0]
                base = ((base + "." if n.module else base) + (n.module or "")) if n.level \
                    else n.module
                targets = [base + "." + a.name for a in n.names]
            for t in targets:
                while t and t not in mods:
                    t = t.rpartition(".")[0]
                if t and t != mod:
                    edges.add((mod, t))
    return edges


def on_cycle(edges):
    succ = {}
    for a, b in edges:
        succ.setdefault(a, set()).add(b)

    def reaches(a, b):
        seen, todo = set(), [a]
        while todo:
            x = todo.pop()
            if x == b:
                return True
            if x not in seen:
                seen.add(x)
                todo.extend(succ.get(x, ()))
        return False

    return {(a, b) for a, b in edges if reaches(b, a)}


def main():
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        rc, err = build(FIXTURE, out, "-j", "1")
        c.check(f"build exit 0 ({err.strip()})", 0, rc)

        # ---- cfg
        check_cfg(out, "shop.orders.classify", "shop/orders.py", "classify")
        check_cfg(out, "shop.billing.charge", "shop/billing.py", "charge")
        check_cfg(out, "shop.billing.refund", "shop/billing.py", "refund")
        check_cfg(out, "shop.util.parse", "shop/util.py", "parse")
        check_cfg(out, "shop.orders.Order.total", "shop/orders.py", "Order.total")
        check_cfg(out, "shop.util.make_scaler.<locals>.scale", "shop/util.py",
                  "make_scaler.<locals>.scale")
        lam = code_object(os.path.join(FIXTURE, "shop/orders.py"), "sorters.<locals>.<lambda>",
                          41)
        check_cfg(out, "shop.orders.sorters.<locals>.<lambda>", "shop/orders.py",
                  "sorters.<locals>.<lambda>", lam.co_firstlineno)
        check_cfg(out, "shop.util", "shop/util.py", "<module>")
        rc, text, _ = show(out, "cfg", "shop.orders.classify", "--format", "dot",
                           "--instructions")
        nodes, order, _ = parse_dot(text)
        co = code_object(os.path.join(FIXTURE, "shop/orders.py"), "classify")
        drawn_ops = [re.match(r"^\s*\d+ (\w+)", ln).group(1)
                     for n in order if nodes[n].get("class") == "block"
                     for ln in label_lines(nodes[n]["label"]) if re.match(r"^\s+\d+ \w", ln)]
        c.check("cfg --instructions: every instruction of dis, in order",
                [i.opname for i in dis.get_instructions(co)], drawn_ops)

        # ---- ast
        for fqn, path, chain in [("shop.orders.classify", "shop/orders.py", ["classify"]),
                                 ("shop.orders.Order", "shop/orders.py", ["Order"]),
                                 ("shop.billing.charge", "shop/billing.py", ["charge"])]:
            rc, text, err = show(out, "ast", fqn, "--format", "dot")
            c.check(f"ast {fqn}: exit 0 ({err.strip()})", 0, rc)
            nodes, order, edges = parse_dot(text)
            c.check(f"ast {fqn}: node kinds are python3 ast's",
                    ast_kinds(find_def(path, chain)),
                    sorted(nodes[n]["class"] for n in order))
            c.check(f"ast {fqn}: a tree (edges = nodes - 1)", len(order) - 1, len(edges))
        rc, text, _ = show(out, "ast", "shop.orders.classify", "--format", "dot", "--depth", "1")
        nodes, order, _ = parse_dot(text)
        fn = find_def("shop/orders.py", ["classify"])
        kids = [f for f in ast.iter_child_nodes(fn) if not isinstance(f, ast.expr_context)]
        c.check("ast --depth 1: the def and its children", 1 + len(kids), len(order))

        # ---- cst
        rc, text, err = show(out, "cst", "shop.util.clamp", "--format", "dot")
        c.check(f"cst: exit 0 ({err.strip()})", 0, rc)
        nodes, order, edges = parse_dot(text)
        c.check("cst: the root is the def's function_definition", "function_definition",
                nodes[order[0]]["class"] if order else None)
        idents = [label_lines(nodes[n]["label"])[-1] for n in order
                  if nodes[n]["class"] == "identifier"]
        c.check("cst: name and parameters drawn", True,
                all(x in idents for x in ["clamp", "x", "lo", "hi"]))
        c.check("cst: a tree", len(order) - 1, len(edges))

        # ---- calls against `pycpg callgraph`
        cg = json.loads(subprocess.run([pycpg, "callgraph", out], capture_output=True,
                                       text=True).stdout)
        for fqn in ["shop.orders.place_order", "shop.util.clamp", "shop.billing.log"]:
            rc, text, err = show(out, "calls", fqn, "--format", "dot")
            c.check(f"calls {fqn}: exit 0 ({err.strip()})", 0, rc)
            nodes, order, edges = parse_dot(text)
            c.check(f"calls {fqn}: callees are callgraph's", sorted(set(cg.get(fqn, []))),
                    sorted({d for s, d, _ in edges if s == fqn}))
            callers = sorted(k for k, v in cg.items() if fqn in v)
            c.check(f"calls {fqn}: callers are callgraph's", callers,
                    sorted({s for s, d, _ in edges if d == fqn}))
        rc, text, _ = show(out, "calls", "shop.orders.place_order", "--format", "dot")
        nodes, order, _ = parse_dot(text)
        defs = {r[0] for r in query(out, "SELECT m.module_name || '.' || d.qualname FROM "
                                         "py_cst_defs_v1 d JOIN py_cst_parse_manifest_v1 m "
                                         "USING (file_id)")}
        c.check("calls: callees outside the repository drawn as external",
                sorted(n for n in order if n not in defs and n != "shop.orders.place_order"),
                sorted(n for n in order if nodes[n].get("class") == "external"))
        rc, text, _ = show(out, "calls", "shop.orders.place_order", "--format", "dot",
                           "--depth", "2")
        _, order2, _ = parse_dot(text)
        c.check("calls --depth 2 reaches charge's callees", True,
                "shop.billing._send" in order2 and "shop.billing._send" not in order)

        # ---- imports
        want = module_imports()
        rc, text, err = show(out, "imports", "--format", "dot")
        c.check(f"imports: exit 0 ({err.strip()})", 0, rc)
        nodes, order, edges = parse_dot(text)
        c.check("imports: edges are python3 ast's", sorted(want), sorted((s, d) for s, d, _ in
                                                                          edges))
        c.check("imports: cycle edges are those on a cycle", sorted(on_cycle(want)),
                sorted((s, d) for s, d, a in edges if a.get("class") == "cycle"))
        c.check("imports: the cycle is not empty", True, len(on_cycle(want)) > 0)
        rc, text, _ = show(out, "imports", "shop.util", "--format", "dot")
        nodes, order, edges = parse_dot(text)
        c.check("imports PKG: only the package's modules", ["shop.util"], order)

        # ---- formats
        check_formats(out, ["cfg", "shop.billing.charge"], "cfg svg/png")
        check_formats(out, ["imports"], "imports svg/png")

        # ---- errors
        rc, _, err = show(out, "cfg", "shop.orders.clasify")
        c.check("unknown target: exit 2", 2, rc)
        c.check("unknown target: the nearest name listed", True, "shop.orders.classify" in err)
        rc, _, err = show(out, "cfg", "shop.orders.sorters.<locals>.<lambda>")
        c.check("ambiguous target: exit 2", 2, rc)
        c.check("ambiguous target: both lines listed", 2, err.count("@4"))
        rc, _, err = show(out, "calls", "nosuch")
        c.check("calls unknown: exit 2", 2, rc)
        rc, _, err = show(out, "imports", "nosuch")
        c.check("imports unknown package: exit 2 listing shop", (2, True), (rc, "shop" in err))
        for args in (["cfg"], ["flows", "x"], ["cfg", "x", "--format", "gif"],
                     ["calls", "x", "--depth", "-1"], ["cfg", "x", "--bogus"]):
            rc, _, _ = show(out, *args)
            c.check(f"usage error {args}: exit 2", 2, rc)
        rc = subprocess.run([pycpg, "show", tmp, "imports"], capture_output=True).returncode
        c.check("not an output: exit 2", 2, rc)
    c.finish()


main()
