#!/usr/bin/env python3
"""test_cpython_parity.py PYCPG [--step N] — the CPython lens against python3 itself.

Builds a sample of python3's standard library (every N-th *.py file in sorted order; N=1 is
the whole library) plus fixtures/cpython/*.py with `pycpg build`, then compares, file by
file, what pycpg wrote with what this interpreter's own modules report:

  ast       the pre-order walk of compile(text, path, 'exec', PyCF_ONLY_AST): kind, name,
            value_repr, positions, field and position in the parent of every node (which
            also gives the same number of nodes of each kind as ast.walk, checked too);
            parse errors: class, message and positions.
  symtable  symtable.symtable(text, path, 'exec'): every scope in pre-order with its
            predicates, its symbols with their eleven flags, function partitions.
  bytecode  compile(text, path, 'exec'): every code object, every dis.get_instructions()
            item (offset, opname, opcode, arg, argval, argrepr, jump target, line start,
            positions), every exception-table entry.

Per file and per family both sides are reduced to an md5 of the same canonical text (in SQL
on pycpg's side), so the whole library compares in seconds; for the first mismatching file
the first differing line is printed. Then the CFG invariants are checked in SQL on the same
output: every instruction lies in exactly one block, every jump target starts a block, every
branch or jump ends its block, every exception handler is entered by an exception edge. Every mismatch fails.

Decoding follows PEP 263 as pycpg does; files pycpg flagged with an encoding problem are
left out of the comparison (and counted), since their decoded text is pycpg's choice.
"""
import argparse
import ast
import bisect
import collections
import dis
import hashlib
import io
import json
import os
import subprocess
import sys
import symtable
import sysconfig
import tempfile
import tokenize
import types
import warnings

if os.environ.get("PYTHONHASHSEED") != "0":  # frozenset constants print in hash order
    os.execve(sys.executable, [sys.executable] + sys.argv, {**os.environ, "PYTHONHASHSEED": "0"})
warnings.simplefilter("ignore")
sys.setrecursionlimit(100000)

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures", "cpython")
NL, RS = "\n", "\x1e"


def S(x):
    return "N" if x is None else f"{len(x)}:{x}"


def I(x):
    return "N" if x is None else str(int(x))


def B(x):
    return "1" if x else "0"


def lossy(s):
    return s.encode("utf-8", "backslashreplace").decode("utf-8")


# ---- the oracle ---------------------------------------------------------------------------


ALT_NAME = {"Name": "id", "arg": "arg", "Attribute": "attr", "keyword": "arg"}
NODE_TYPES = {}  # class -> (kind, has positions, fields, name attribute other than "name")


def ast_lines(tree):
    """One line per node in pre-order. The whole library is ~2.5M nodes: per-class facts are
    looked up once, and the fields are formatted inline (S and I below, as the SQL's F and
    J), issue 28."""
    out, kinds = [], {}
    append, types_ = out.append, NODE_TYPES
    AST = ast.AST
    stack = [(tree, None, None)]
    pop, extend = stack.pop, stack.extend
    while stack:
        node, field, pos = pop()
        t = types_.get(node.__class__)
        if t is None:
            k = node.__class__.__name__
            t = types_[node.__class__] = (k, "lineno" in node._attributes, node._fields,
                                          ALT_NAME.get(k))
        kind, has_pos, fields, alt = t
        kinds[kind] = kinds.get(kind, 0) + 1
        name = getattr(node, "name", None)
        if not isinstance(name, str):
            name = getattr(node, alt) if alt else None
        if has_pos:
            a, b, c, d = node.lineno, node.col_offset, node.end_lineno, node.end_col_offset
            p = (f"{'N' if a is None else int(a)}|{'N' if b is None else int(b)}|"
                 f"{'N' if c is None else int(c)}|{'N' if d is None else int(d)}")
        else:
            p = "N|N|N|N"
        v = "N" if kind != "Constant" else S(repr(node.value))
        append(f"{kind}|{'N' if name is None else f'{len(name)}:{name}'}|{v}|{p}|"
               f"{'N' if field is None else f'{len(field)}:{field}'}|"
               f"{'N' if pos is None else int(pos)}")
        kids = []
        for f in fields:
            v = getattr(node, f, None)
            if isinstance(v, AST):
                kids.append((v, f, 0))
            elif isinstance(v, list):
                kids.extend([(x, f, i) for i, x in enumerate(v) if isinstance(x, AST)])
        kids.reverse()
        extend(kids)
    walk = collections.Counter(type(n).__name__ for n in ast.walk(tree))
    assert walk == kinds, "pre-order walk and ast.walk disagree"
    return out


SYM_FLAGS = ("is_referenced", "is_assigned", "is_imported", "is_annotated", "is_parameter",
             "is_global", "is_declared_global", "is_nonlocal", "is_local", "is_free",
             "is_namespace")
PARTS = ("get_parameters", "get_locals", "get_globals", "get_nonlocals", "get_frees")


def sym_lines(top):
    out, stack = [], [top]
    while stack:
        t = stack.pop()
        typ = t.get_type() or "annotation"  # 3.11: annotation blocks have no type name
        syms = sorted(t.get_symbols(), key=lambda s: s.get_name())
        sy = NL.join(S(s.get_name()) + "|" + "".join(B(getattr(s, f)()) for f in SYM_FLAGS)
                     for s in syms)
        part = "N"
        if typ == "function":
            part = ";".join(",".join(getattr(t, m)()) for m in PARTS)
        out.append(f"{typ}|{S(t.get_name())}|{t.get_lineno()}|{B(t.is_nested())}|"
                   f"{B(t.is_optimized())}|{B(t.has_children())}#{sy}#{part}")
        stack.extend(reversed(t.get_children()))
    return out


def code_str(c):
    return f'<code object {c.co_name}, file "{c.co_filename}", line {c.co_firstlineno}>'


JUMPS = set(dis.hasjrel) | set(dis.hasjabs)


def instr_line(ins):
    argval = ins.argval
    if isinstance(argval, types.CodeType):
        argval = argrepr = code_str(argval)
    elif isinstance(argval, frozenset):  # pycpg sorts the items: hash order varies
        items = sorted(repr(x) for x in argval)
        argval = argrepr = "frozenset({" + ", ".join(items) + "})" if items else "frozenset()"
    else:
        argval = None if argval is None else lossy(str(argval))
        argrepr = ins.argrepr
    arg = ins.arg
    jump = ins.argval if arg is not None and ins.opcode in JUMPS else None
    p, sl = ins.positions, ins.starts_line
    a, b, c, d = p.lineno, p.end_lineno, p.col_offset, p.end_col_offset
    # S, I and B inline (a few hundred thousand instructions on the whole library, issue 28)
    return (f"{ins.offset}|{ins.opname}|{ins.opcode}|{'N' if arg is None else int(arg)}|"
            f"{'N' if argval is None else f'{len(argval)}:{argval}'}|"
            f"{'N' if argrepr is None else f'{len(argrepr)}:{argrepr}'}|"
            f"{'1' if ins.is_jump_target else '0'}|{'N' if jump is None else int(jump)}|"
            f"{'N' if sl is None else int(sl)}|{'N' if a is None else int(a)}|"
            f"{'N' if b is None else int(b)}|{'N' if c is None else int(c)}|"
            f"{'N' if d is None else int(d)}")


def bc_lines(code):
    units, stack = [], [(code, "<module>")]
    while stack:
        co, qp = stack.pop()
        units.append((qp, co))
        kids, seen = [], collections.Counter()
        for c in co.co_consts:
            if isinstance(c, types.CodeType):
                k = seen[(c.co_name, c.co_firstlineno)]
                seen[(c.co_name, c.co_firstlineno)] += 1
                kids.append((c, f"{qp}.{c.co_name}@{c.co_firstlineno}" + (f"#{k}" if k else "")))
        stack.extend(reversed(kids))
    out = []
    for qp, co in sorted(units, key=lambda u: u[0]):
        head = "|".join([qp, S(co.co_name)] + [str(x) for x in (
            co.co_firstlineno, co.co_argcount, co.co_posonlyargcount, co.co_kwonlyargcount,
            co.co_nlocals, co.co_flags, co.co_stacksize, len(co.co_code))])
        ins = NL.join(instr_line(i) for i in dis.get_instructions(co))
        exc = NL.join(f"{e.start}|{e.end}|{e.target}|{e.depth}|{B(e.lasti)}"
                      for e in dis.Bytecode(co).exception_entries)
        out.append(f"{head}#{ins}#{exc}")
    return out


def decode(raw):
    enc, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    return raw.decode(enc, "replace")


def oracle(root, rel):
    """{family: (lines or None, error row or None)} for one file."""
    text = decode(open(os.path.join(root, rel), "rb").read())
    res = {}
    try:
        tree = compile(text, rel, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        res["ast"] = ast_lines(tree)
    except (SyntaxError, ValueError, MemoryError, RecursionError) as e:
        pos = [getattr(e, a, None) for a in ("lineno", "offset", "end_lineno", "end_offset")]
        res["ast"] = None
        res["ast_error"] = [type(e).__name__, str(e)] + [p if isinstance(p, int) else None
                                                         for p in pos]
    try:
        res["sym"] = sym_lines(symtable.symtable(text, rel, "exec"))
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        res["sym"] = None
    try:
        res["bc"] = bc_lines(compile(text, rel, "exec", dont_inherit=True))
    except (SyntaxError, ValueError, MemoryError, RecursionError) as e:
        res["bc"] = None
        res["bc_error"] = [type(e).__name__, str(e)]
    return res


def md5(lines, sep):
    return hashlib.md5(sep.join(lines).encode("utf-8")).hexdigest()


# ---- pycpg's side -------------------------------------------------------------------------


def F(c):
    return f"coalesce(length({c})::varchar || ':' || {c}, 'N')"


def J(c):
    return f"coalesce({c}::varchar, 'N')"


def Bq(c):
    return f"(case when {c} then '1' else '0' end)"


def cat(*parts):
    return "concat(" + ", '|', ".join(parts) + ")"


AST_ROW = cat("kind", F("name"), F("value_repr"), J("lineno"), J("col_offset"), J("end_lineno"),
              J("end_col_offset"), F("field_name"), J("field_pos"))
AST_SQL = f"select path, string_agg({AST_ROW}, chr(10) order by ast_idx) s from py_ast_nodes_v1"

SYM_ROW = "concat(" + F("name") + ", '|', " + ", ".join(Bq(f) for f in SYM_FLAGS) + ")"
SYM_SQL = f"""with sy as (select scope_id, string_agg({SYM_ROW}, chr(10) order by name) s
                from py_sym_symbols_v1 group by scope_id),
  pa as (select scope_id, concat_ws(';', coalesce(array_to_string(parameters, ','), ''),
          coalesce(array_to_string(locals, ','), ''), coalesce(array_to_string(globals, ','), ''),
          coalesce(array_to_string(nonlocals, ','), ''), coalesce(array_to_string(frees, ','), '')) p
         from py_sym_function_partitions_v1),
  sc as (select path, table_id, concat({cat("scope_type", F("scope_name"), J("lineno"),
         Bq("is_nested"), Bq("is_optimized"), Bq("has_children"))}, '#', coalesce(sy.s, ''),
         '#', coalesce(pa.p, 'N')) s
         from py_sym_scopes_v1 left join sy using (scope_id) left join pa using (scope_id))
  select path, string_agg(s, chr(30) order by table_id) s from sc"""

INS_ROW = cat('"offset"', "opname", "opcode", J("arg"), F("argval_str"), F("argrepr"),
              Bq("is_jump_target"), J("jump_target_offset"), J("starts_line"),
              J("pos_start_line"), J("pos_end_line"), J("pos_start_col"), J("pos_end_col"))
UNIT_ROW = cat("qualpath", F("co_name"), "firstlineno", "argcount", "posonlyargcount",
               "kwonlyargcount", "nlocals", "flags", "stacksize", "code_len")
BC_SQL = f"""with i as (select code_unit_id, string_agg({INS_ROW}, chr(10) order by instr_index) s
               from py_bc_instructions_v1 group by code_unit_id),
  x as (select code_unit_id, string_agg(concat(start_offset, '|', end_offset, '|', target_offset,
          '|', depth, '|', {Bq("lasti")}), chr(10) order by exc_index) s
        from py_bc_exception_table_v1 group by code_unit_id),
  u as (select path, qualpath, concat({UNIT_ROW}, '#', coalesce(i.s, ''), '#', coalesce(x.s, '')) s
        from py_bc_code_units_v1 left join i using (code_unit_id) left join x using (code_unit_id))
  select path, string_agg(s, chr(30) order by qualpath) s from u"""


class Pycpg:
    def __init__(self, exe, out):
        self.exe, self.out = exe, out

    def query(self, sql):
        r = subprocess.run([self.exe, "query", self.out, sql, "--json"], capture_output=True,
                           text=True)
        if r.returncode != 0:
            raise SystemExit(f"pycpg query failed: {r.stderr}\n{sql}")
        return json.loads(r.stdout)

    def sigs(self, sql, sep):
        q = f"select path, md5(s) h from ({sql} group by path)"
        return {r["path"]: r["h"] for r in self.query(q)}

    def text(self, sql, path):
        lit = path.replace("'", "''")
        rows = self.query(f"select s from ({sql} where path = '{lit}' group by path)")
        return rows[0]["s"] if rows else ""


# ---- the comparison -----------------------------------------------------------------------


class Checks:
    def __init__(self):
        self.passed = self.failed = 0

    def eq(self, name, want, got):
        if want == got:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL: {name}\n  want: {str(want)[:2000]}\n  got:  {str(got)[:2000]}")


def first_diff(want, got, sep):
    a, b = want.split(sep), got.split(sep)
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            for k, (u, v) in enumerate(zip(x.split(NL), y.split(NL))):
                if u != v:
                    return f"item {i}, line {k}:\n    oracle: {u[:1500]}\n    pycpg:  {v[:1500]}"
            return f"item {i}:\n    oracle: {x[:1500]}\n    pycpg:  {y[:1500]}"
    return f"lengths differ: oracle {len(a)} items, pycpg {len(b)} items"


def sample(step):
    lib = sysconfig.get_paths()["stdlib"]
    files = []
    for d, dirs, names in os.walk(lib):
        dirs[:] = [x for x in dirs if x != "site-packages"]
        files += [os.path.relpath(os.path.join(d, n), lib) for n in names if n.endswith(".py")]
    files.sort()
    return lib, files[::step]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pycpg")
    ap.add_argument("--step", type=int, default=25)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    lib, rels = sample(a.step)
    tmp = tempfile.mkdtemp(prefix="pycpg-cpython-parity-")
    root = os.path.join(tmp, "sample")
    for rel in rels:
        os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
        with open(os.path.join(lib, rel), "rb") as s, open(os.path.join(root, rel), "wb") as d:
            d.write(s.read())
    for n in sorted(os.listdir(FIXTURES)):
        os.makedirs(os.path.join(root, "zz_fixtures"), exist_ok=True)
        with open(os.path.join(FIXTURES, n), "rb") as s:
            open(os.path.join(root, "zz_fixtures", n), "wb").write(s.read())
        rels.append("zz_fixtures/" + n)
    out = os.path.join(tmp, "out")
    only = ("py_ast_nodes_v1,py_ast_errors_v1,py_sym_scopes_v1,py_sym_symbols_v1,"
            "py_sym_function_partitions_v1,py_bc_code_units_v1,py_bc_instructions_v1,"
            "py_bc_exception_table_v1,py_bc_blocks_v1,py_bc_cfg_edges_v1,py_bc_errors_v1,"
            "py_bc_def_use_events_v1,py_bc_reaches_v1,file_errors_v1")
    r = subprocess.run([a.pycpg, "build", "-q", "--no-default-excludes", "-j", str(a.jobs),
                        "--only", only, root, "-o", out])
    if r.returncode != 0:
        raise SystemExit("pycpg build failed")
    db = Pycpg(a.pycpg, out)
    c = Checks()
    skip = {row["path"] for row in db.query(
        "select distinct path from file_errors_v1 where lens = 'scan'")}
    fams = {"ast": (AST_SQL, NL), "sym": (SYM_SQL, RS), "bc": (BC_SQL, RS)}
    got = {f: db.sigs(sql, sep) for f, (sql, sep) in fams.items()}
    ast_err = {row["path"]: [row["error_type"], row["message"], row["lineno"], row["offset"],
                             row["end_lineno"], row["end_offset"]]
               for row in db.query("select * from py_ast_errors_v1")}
    bc_err = {row["path"]: [row["error_type"], row["message"]]
              for row in db.query("select * from py_bc_errors_v1")}
    shown = set()
    counts = collections.Counter()
    for rel in rels:
        if rel in skip:
            counts["skipped (encoding problem)"] += 1
            continue
        want = oracle(root, rel)
        counts["files"] += 1
        for fam, (sql, sep) in fams.items():
            lines = want[fam]
            if lines is None:
                counts[f"{fam}: error"] += 1
                c.eq(f"{rel}: {fam} has no rows (the file fails)", None, got[fam].get(rel))
                continue
            h = md5(lines, sep)
            if got[fam].get(rel) == h:
                c.passed += 1
                continue
            detail = "no rows" if rel not in got[fam] else "differ"
            if fam not in shown:  # details for the first mismatch of each family
                shown.add(fam)
                detail = first_diff(sep.join(lines), db.text(sql, rel), sep)
            c.eq(f"{rel}: {fam} rows equal the oracle's", "equal", detail)
        c.eq(f"{rel}: ast error row", want.get("ast_error"), ast_err.get(rel))
        c.eq(f"{rel}: bytecode error row", want.get("bc_error"), bc_err.get(rel))
    cfg_checks(db, c)
    dataflow_checks(db, c)
    print(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    print(f"{c.passed} passed, {c.failed} failed")
    if c.failed == 0:
        subprocess.run(["rm", "-rf", tmp])
    return 1 if c.failed else 0


def cfg_checks(db, c):
    one = db.query("""select count(*) n from py_bc_instructions_v1 i
        where (select count(*) from py_bc_blocks_v1 b where b.code_unit_id = i.code_unit_id
               and b.start_offset <= i."offset" and i."offset" < b.end_offset) <> 1""")
    c.eq("every instruction lies in exactly one block", 0, one[0]["n"])
    jt = db.query("""select count(*) n from py_bc_instructions_v1 i
        join py_bc_code_units_v1 u using (code_unit_id)
        where i.jump_target_offset is not null and i.jump_target_offset < u.code_len
          and not exists (select 1 from py_bc_blocks_v1 b where b.code_unit_id = i.code_unit_id
                          and b.start_offset = i.jump_target_offset)""")
    c.eq("every jump target starts a block", 0, jt[0]["n"])
    # a branch or jump ends its block: the next instruction starts one (basic blocks have one
    # exit point; the reference split only after terminators, defect fixed in pycpg)
    ej = db.query("""select count(*) n from py_bc_instructions_v1 i
        join py_bc_instructions_v1 nx on nx.code_unit_id = i.code_unit_id
             and nx.instr_index = i.instr_index + 1
        where i.jump_target_offset is not null
          and not exists (select 1 from py_bc_blocks_v1 b where b.code_unit_id = i.code_unit_id
                          and b.start_offset = nx."offset")""")
    c.eq("every instruction after a branch or jump starts a block", 0, ej[0]["n"])
    hx = db.query("""select count(*) n from py_bc_exception_table_v1 x
        where not exists (select 1 from py_bc_cfg_edges_v1 e join py_bc_blocks_v1 b
                          on b.block_id = e.dst_block_id
                          where e.code_unit_id = x.code_unit_id and e.kind = 'exc'
                            and e.exc_index = x.exc_index and b.start_offset = x.target_offset)""")
    c.eq("every exception handler is entered by an exception edge", 0, hx[0]["n"])
    br = db.query("""select count(*) filter (where kind = 'branch' and polarity is null) nb,
        count(*) filter (where kind = 'branch') total,
        count(*) filter (where edge_id is null) null_ids,
        count(*) - count(distinct edge_id) dup_ids from py_bc_cfg_edges_v1""")
    c.eq("branch edges carry a polarity; edge ids unique and never NULL", [0, 0, 0],
         [br[0]["nb"], br[0]["null_ids"], br[0]["dup_ids"]])
    c.eq("the sample has branch edges", True, br[0]["total"] > 0)
    # an instruction's anchor: of the AST nodes (checked above against compile()'s) whose span
    # is exactly the instruction's (checked against dis's positions), the last in pre-order
    an = db.query("""with j as (select i.instr_id, max(a.ast_idx) idx,
                         arg_max(a.kind, a.ast_idx) kind from py_bc_instructions_v1 i
                         join py_ast_nodes_v1 a on a.file_id = i.file_id and a.bstart = i.bstart
                         and a.bend = i.bend group by i.instr_id)
        select count(*) filter (where j.idx is distinct from i.anchor_ast_idx
                                or j.kind is distinct from i.anchor_ast_kind) bad,
               count(i.anchor_ast_idx) anchored
        from py_bc_instructions_v1 i left join j using (instr_id)""")
    c.eq("every instruction's anchor is the deepest AST node of its span", 0, an[0]["bad"])
    c.eq("the sample has anchored instructions", True, an[0]["anchored"] > 0)


DEF_OPS = ("STORE_FAST", "STORE_NAME", "STORE_GLOBAL", "STORE_DEREF", "DELETE_FAST",
           "DELETE_NAME", "DELETE_GLOBAL", "DELETE_DEREF")
USE_OPS = ("LOAD_FAST", "LOAD_NAME", "LOAD_GLOBAL", "LOAD_DEREF", "LOAD_CLOSURE",
           "LOAD_CLASSDEREF", "LOAD_FAST_CHECK")


def reaching_oracle(blocks, edges, events):
    """(def event, use event) pairs by the textbook iteration over sets: IN[b] = union of
    OUT[p] of b's predecessors, OUT[b] = gen[b] | (IN[b] - kill[b]), to a fixed point; a use
    is reached by the last earlier def of its symbol in its block, else by IN's defs of it."""
    starts = collections.defaultdict(list)  # unit -> sorted [(start, end, block_id)]
    for b in blocks:
        starts[b["code_unit_id"]].append((b["start_offset"], b["end_offset"], b["block_id"]))
    for v in starts.values():
        v.sort()
    preds = collections.defaultdict(set)
    for e in edges:
        preds[e["dst_block_id"]].add(e["src_block_id"])
    in_block = collections.defaultdict(list)  # block -> its events in offset order
    units = collections.defaultdict(list)
    for e in sorted(events, key=lambda e: (e["code_unit_id"], e["offset"])):
        bl = starts.get(e["code_unit_id"], [])
        i = bisect.bisect_right(bl, (e["offset"], float("inf"), 0)) - 1
        if i >= 0 and bl[i][0] <= e["offset"] < bl[i][1]:
            in_block[bl[i][2]].append(e)
        units[e["code_unit_id"]].append(e)
    pairs = set()
    for unit, evs in units.items():
        bids = [b for _, _, b in starts.get(unit, [])]
        defs_of = collections.defaultdict(set)
        sym_of = {}
        for e in evs:
            sym_of[e["event_id"]] = e["symbol"]
            if e["kind"] == "def":
                defs_of[e["symbol"]].add(e["event_id"])
        gen, kill = {}, {}
        for k in bids:
            last = {e["symbol"]: e["event_id"] for e in in_block[k] if e["kind"] == "def"}
            gen[k] = set(last.values())
            kill[k] = set().union(*(defs_of[s] for s in last))
        ins = {k: set() for k in bids}
        outs = {k: set(gen[k]) for k in bids}
        changed = True
        while changed:
            changed = False
            for k in bids:
                i = set().union(*(outs[p] for p in preds[k] if p in outs))
                o = gen[k] | (i - kill[k])
                if i != ins[k] or o != outs[k]:
                    ins[k], outs[k] = i, o
                    changed = True
        for k in bids:
            last = {}
            for e in in_block[k]:
                if e["kind"] == "def":
                    last[e["symbol"]] = e["event_id"]
                elif e["symbol"] in last:
                    pairs.add((last[e["symbol"]], e["event_id"]))
                else:
                    pairs.update((d, e["event_id"]) for d in ins[k] if sym_of[d] == e["symbol"])
    return pairs


def dataflow_checks(db, c):
    """The lens's def/use events against their definition over the instruction rows, and its
    reaching definitions (a bitset fixed point in C) against reaching_oracle's sets."""
    want = db.query(f"""select count(*) n from py_bc_instructions_v1
        where argval_str is not null and opname in {DEF_OPS + USE_OPS}""")
    got = db.query("""select count(*) n, count(distinct event_id) d from py_bc_def_use_events_v1
        e join py_bc_instructions_v1 i using (instr_id) where e.symbol = i.argval_str
        and e.kind = case when i.opname like 'LOAD%' then 'use' else 'def' end""")
    c.eq("one def/use event per name-storing or -loading instruction, ids unique",
         [want[0]["n"], want[0]["n"]], [got[0]["n"], got[0]["d"]])
    blocks = db.query("select block_id, code_unit_id, start_offset, end_offset "
                      "from py_bc_blocks_v1")
    edges = db.query("select src_block_id, dst_block_id from py_bc_cfg_edges_v1")
    events = db.query('select event_id, code_unit_id, kind, symbol, "offset" '
                      "from py_bc_def_use_events_v1")
    want_pairs = reaching_oracle(blocks, edges, events)
    got_pairs = {(r["def_event_id"], r["use_event_id"]) for r in db.query(
        "select def_event_id, use_event_id from py_bc_reaches_v1")}
    c.eq("reaching definitions equal the set-based oracle's",
         (len(want_pairs), []), (len(got_pairs), sorted(want_pairs ^ got_pairs)[:5]))
    c.eq("the sample has reaching definitions", True, len(got_pairs) > 0)


if __name__ == "__main__":
    sys.exit(main())
