#!/usr/bin/env python3
"""test_local_ids.py — file-local ids (issue 25 (g); docs/ids.md, "File-local ids"):
tree-sitter node, instruction, AST node, CST name ref and def/use event ids are
(prefix << 31) | (family << 28) | ordinal,
the prefix unique per build and recorded in repo_files_v1.id_prefix, and an incremental build gives a clean build's ids when a new file
takes another file's prefix.

    python3 tests/cli/test_local_ids.py PYCPG

The oracles are Python's: the file ids are BLAKE2b of the path (hashlib, docs/ids.md), the
prefixes docs/ids.md's ten lines of Python over repo_files_v1's file ids, the code objects
and their instructions those of compile() and dis (CPython, the interpreter pycpg embeds).
1. A repository with two files whose file ids share their top 32 bits (found by hashing
   paths here): they get different prefixes, the one of smaller file_id its default.
2. Per file: every ts_node_id and instr_id has the file's prefix and its family; the
   ordinals are 0 … n-1; a tree-sitter node's parent has a smaller ordinal; the instructions
   of a code unit are numbered by instr_index from a base, in the order compile() nests its
   code objects (module first, then depth first in co_consts order), and as many as dis
   gives; the graph's AST_NODE ids are those of every py_ast_nodes_v1 row's ast_idx, and
   `pycpg_ast_id` in a query gives them.
   The name refs are numbered 0 … n-1 in source order (family 0); a def/use event has its
   instruction's prefix and ordinal in family 4.
3. The graph's TS_NODE, BC_INSTR, CST_NAME_REF and DF_USE nodes are those ids.
4. Incremental: a build without the smaller-id file, then the file added: the other file's
   prefix moves, and the incremental build's rows equal a clean build's.
Prints "N passed, N failed" last.
"""
import dis
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clilib import Checks, bound  # noqa: E402


def pycpg_id(*parts):
    text = "\x1f".join(str(p) for p in parts).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big") & (2**63 - 1)


def id_prefixes(file_ids):  # docs/ids.md
    taken, out = set(), {}
    for f in sorted(file_ids):
        p = f >> 31
        while p in taken:
            p = (p + 1) % 2**32
        taken.add(p)
        out[f] = p
    return out


def sharing_pair():
    """Two file names whose file ids have the same top 32 bits (a birthday search)."""
    seen = {}
    for i in range(2_000_000):
        name = f"m{i}.py"
        top = pycpg_id("file", name) >> 31
        if top in seen:
            return seen[top], name
        seen[top] = name
    raise SystemExit("no pair found")


SOURCE = """\
import os


def outer(a, b=1):
    def inner(x):
        return [y * 2 for y in x if y]
    return inner(a) + [b]


class K:
    def m(self):
        yield
        lambda: (yield)


def g():
    yield
"""


def code_units(code):
    """compile()'s code objects in the lens's order: the module, then depth first, each
    object's children in co_consts order."""
    out, stack = [], [code]
    while stack:
        co = stack.pop()
        out.append(co)
        stack.extend(reversed([c for c in co.co_consts if isinstance(c, types.CodeType)]))
    return out


def main():
    pycpg = sys.argv[1]
    build, query = bound(pycpg)
    c = Checks()
    a, b = sharing_pair()
    small, big = sorted([a, b], key=lambda n: pycpg_id("file", n))
    print(f"files sharing a prefix: {small}, {big}")
    tmp = tempfile.mkdtemp(prefix="pycpg_local_ids_")
    try:
        repo = os.path.join(tmp, "repo")
        os.makedirs(repo)
        for name in (big, "other.py"):
            with open(os.path.join(repo, name), "w") as f:
                f.write(SOURCE)
        with open(os.path.join(repo, "broken.py"), "w") as f:
            f.write("def f(:\n    return\n" + "# a chunk of its own\n" * 20)
        inc = os.path.join(tmp, "inc")
        os.environ["PYCPG_CHUNK_BYTES"] = "64"  # a chunk per file: each may be reused alone
        rc, err = build(repo, inc, "-j", "2")
        c.check("build without the smaller id exits 0", (0, ""), (rc, err))
        with open(os.path.join(repo, small), "w") as f:
            f.write(SOURCE)
        clean = os.path.join(tmp, "clean")
        rc, err = build(repo, clean, "-j", "2")
        c.check("clean build exits 0", (0, ""), (rc, err))

        # 1. prefixes
        files = {p: fid for p, fid in query(clean, "select path, file_id from repo_files_v1")}
        c.check("file ids are BLAKE2b of the path", {p: pycpg_id("file", p) for p in files},
                files)
        want = id_prefixes(files.values())
        c.check("the two files share their default prefix",
                files[small] >> 31, files[big] >> 31)
        c.check("the smaller file id keeps its default prefix", files[small] >> 31,
                want[files[small]])
        c.check("the other takes the next free value", (files[big] >> 31) + 1,
                want[files[big]])

        c.check("repo_files_v1.id_prefix records them",
                {fid: want[fid] for fid in files.values()},
                dict(query(clean, "select file_id, id_prefix from repo_files_v1")))

        # 2. per file: prefix, family, ordinals
        ts = query(clean, "select path, ts_node_id >> 31, (ts_node_id >> 28) & 7, "
                          "ts_node_id & 268435455, parent_ts_id & 268435455, start_byte "
                          "from ts_nodes_v1 order by path, ts_node_id")
        for path, fid in sorted(files.items()):
            rows = [r for r in ts if r[0] == path]
            c.check(f"{path}: ts nodes have the file's prefix", {want[fid]},
                    {r[1] for r in rows})
            c.check(f"{path}: ts nodes are family 1", {1}, {r[2] for r in rows})
            c.check(f"{path}: ts ordinals are 0 … n-1", list(range(len(rows))),
                    [r[3] for r in rows])
            c.check(f"{path}: a parent precedes its child", [],
                    [r for r in rows if r[4] is not None and r[4] >= r[3]])
            if [r[3] for r in rows] == list(range(len(rows))):
                c.check(f"{path}: a node starts at or after its parent", [],
                        [r for r in rows if r[4] is not None and r[5] < rows[r[4]][5]])
        ins = query(clean, "select i.path, i.instr_id >> 31, (i.instr_id >> 28) & 7, "
                           "i.instr_id & 268435455, i.instr_index, code_unit_id, u.co_name, "
                           "u.firstlineno from py_bc_instructions_v1 i join "
                           "py_bc_code_units_v1 u using (code_unit_id) order by i.instr_id")
        for path in sorted(files):
            rows = [r for r in ins if r[0] == path]
            if path == "broken.py":
                c.check("broken.py: no instructions", [], rows)
                continue
            fid = files[path]
            c.check(f"{path}: instructions have the file's prefix", {want[fid]},
                    {r[1] for r in rows})
            c.check(f"{path}: instructions are family 2", {2}, {r[2] for r in rows})
            c.check(f"{path}: instruction ordinals are 0 … n-1", list(range(len(rows))),
                    [r[3] for r in rows])
            units = code_units(compile(SOURCE, path, "exec"))
            counts = [sum(1 for _ in dis.get_instructions(co)) for co in units]
            got, k = [], 0
            while k < len(rows):  # the units in ordinal order, each a run of one unit
                end = k
                while end < len(rows) and rows[end][5] == rows[k][5]:
                    end += 1
                run = rows[k:end]
                got.append((rows[k][6], rows[k][7], len(run),
                            [r[4] for r in run] == list(range(len(run)))))
                k += len(run)
            c.check(f"{path}: code units in compile()'s nesting order, each numbered by "
                    "instr_index, as many as dis gives",
                    [(co.co_name, co.co_firstlineno, n, True) for co, n in zip(units, counts)],
                    got)

        # CST name refs: family 0, ordinals 0 … n-1 in source order
        refs = query(clean, "select path, name_ref_id >> 31, (name_ref_id >> 28) & 7, "
                            "name_ref_id & 268435455, bstart from py_cst_name_refs_v1 "
                            "order by path, name_ref_id")
        for path, fid in sorted(files.items()):
            rows = [r for r in refs if r[0] == path]
            c.check(f"{path}: name refs have the file's prefix and family 0",
                    {(want[fid], 0)} if rows else set(), {(r[1], r[2]) for r in rows})
            c.check(f"{path}: name ref ordinals are 0 … n-1 in source order",
                    (list(range(len(rows))), sorted(r[4] for r in rows)),
                    ([r[3] for r in rows], [r[4] for r in rows]))

        # def/use events: family 4, the ordinal of their instruction (one event at most each)
        ev = query(clean, "select event_id, instr_id from py_bc_def_use_events_v1")
        c.check("there are def/use events", True, len(ev) > 10)
        c.check("an event's id is its instruction's prefix and ordinal in family 4", [],
                [r for r in ev if r[0] != (r[1] >> 31 << 31 | 4 << 28 | r[1] & 268435455)
                 or (r[1] >> 28) & 7 != 2])
        c.check("one event per instruction at most", len(ev), len({r[1] for r in ev}))

        # AST nodes: the graph's AST_NODE ids are (prefix, 3, ast_idx) of every AST row
        ast = query(clean, "select file_id, ast_idx from py_ast_nodes_v1")
        graph_ast = {r[0] for r in query(clean, "select node_id from cpg_nodes_v1 "
                                                "where node_kind = 'AST_NODE'")}
        c.check("AST_NODE ids are (file prefix << 31) | (3 << 28) | ast_idx, one per AST row",
                sorted(want[f] << 31 | 3 << 28 | i for f, i in ast), sorted(graph_ast))
        c.check("pycpg_ast_id in a query gives the same ids", [0],
                query(clean, "select count(*) from py_ast_nodes_v1 a anti join cpg_nodes_v1 n "
                             "on n.node_kind = 'AST_NODE' and "
                             "n.node_id = pycpg_ast_id(a.file_id, a.ast_idx)")[0])

        # 3. the graph's nodes are those ids
        for kind, ds, col in (("TS_NODE", "ts_nodes_v1", "ts_node_id"),
                              ("BC_INSTR", "py_bc_instructions_v1", "instr_id"),
                              ("CST_NAME_REF", "py_cst_name_refs_v1", "name_ref_id"),
                              ("DF_USE", "py_bc_def_use_events_v1 where kind = 'use'",
                               "event_id")):
            n = query(clean, f"select (select count(*) from (select node_id from cpg_nodes_v1 "
                             f"where node_kind = '{kind}' except all select {col} from {ds})), "
                             f"(select count(*) from cpg_nodes_v1 where node_kind = '{kind}'), "
                             f"(select count(*) from {ds})")[0]
            c.check(f"{kind} nodes are the {col}s", [0, n[2]], [n[0], n[1]])

        # 4. incremental: the new file takes the prefix, the other file's ids move
        rc, err = build(repo, inc, "-j", "2")
        c.check("incremental build exits 0", (0, ""), (rc, err))
        with open(os.path.join(inc, "manifest.json")) as f:
            reused = json.load(f)["counts"]["reused_files"]
        c.check(f"incremental: other.py and broken.py reused, {big} (prefix moved) and {small} "
                "(new) not", "2", str(reused))
        for ds in ("ts_nodes_v1", "ts_errors_v1", "py_bc_instructions_v1", "py_cst_name_refs_v1",
                   "py_bc_def_use_events_v1", "cpg_nodes_v1", "cpg_edges_v1", "cpg_props_v1"):
            want_rows = sorted(map(repr, query(clean, f"select * from {ds}")))
            got_rows = sorted(map(repr, query(inc, f"select * from {ds}")))
            c.check(f"incremental {ds} = clean build's ({len(want_rows)} rows)", want_rows,
                    got_rows)
        moved = query(inc, f"select distinct ts_node_id >> 31 from ts_nodes_v1 "
                           f"where path = '{big}'")
        c.check(f"{big}'s ids moved to the next prefix", [[want[files[big]]]], moved)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    c.finish()


if __name__ == "__main__":
    main()
