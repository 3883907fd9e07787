#!/usr/bin/env python3
"""test_hostile.py PYCPG TS_WALK — the hostile-input corpus (tests/hostile_corpus.py) in one
`pycpg build` with the default settings (worker processes, time limit, every dataset, the
link stage): the build completes, each bad file has error rows that say what and where, and
every other file's rows are complete. What "bad" and "complete" mean comes from oracles, per
file, not from a list:

  bytes      python3's PEP 263 decoding (tokenize.detect_encoding, strict decode): a file it
             cannot decode, or with a NUL byte, has a file_errors_v1 row saying where
             (a byte offset or a line) — or, over --max-file-size, a too_large row.
  CPython    compile() of the decoded text: when it fails, py_ast_errors_v1 has the same
             exception class (and line, where Python gives one); when it succeeds, there are
             exactly as many py_ast_nodes_v1 rows as ast.walk yields, and no error row.
  tree-sitter  every file read gets exactly the nodes the bare tree-sitter walk (TS_WALK)
             counts, whatever CPython thought of it.
  scan       the file-system objects get the scan outcome hostile_corpus.FS_CASES names, and
             the non-UTF-8 name a path_not_utf8 warning with its raw bytes.
Then the graph: every cpg edge joins two nodes that exist.
"""
import ast
import io
import json
import os
import subprocess
import sys
import tempfile
import tokenize
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import hostile_corpus  # noqa: E402

warnings.simplefilter("ignore")
sys.setrecursionlimit(100000)
MAX_FILE_SIZE = 20 << 20  # pycpg's default --max-file-size

passed = failed = 0


def check(what, want, got):
    global passed, failed
    if want == got:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}\n  want: {want!r}\n  got:  {got!r}")


def query(pycpg, out, sql):
    """Rows of sql as lists of values (JSON: paths may hold newlines)."""
    r = subprocess.run([pycpg, "query", out, sql, "--json"], capture_output=True)
    if r.returncode != 0:
        raise SystemExit(f"query failed: {sql}\n{r.stderr.decode(errors='replace')}")
    return [list(row.values()) for row in json.loads(r.stdout.decode("utf-8") or "[]")]


def python_decode(raw):
    """The text python3 would compile, or None when it cannot decode the bytes."""
    try:
        enc, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
        text = raw.decode(enc)
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return None
    return text[1:] if text.startswith("\ufeff") else text


def python_compile(text, name):
    """(exception class name, line) when compile() fails, else (None, number of ast nodes)."""
    try:
        tree = compile(text, name, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        compile(tree, name, "exec", dont_inherit=True)
    except (SyntaxError, ValueError, MemoryError, RecursionError) as e:
        return type(e).__name__, getattr(e, "lineno", None)
    return None, sum(1 for _ in ast.walk(tree))


def ts_counts(ts_walk, root, names):
    """Node counts of the bare tree-sitter walk, per name (files copied to plain names so
    that newlines in names do not break the walker's line-based list)."""
    with tempfile.TemporaryDirectory() as d:
        plain = {}
        for i, n in enumerate(names):
            p = os.path.join(d, f"f{i}.py")
            with open(os.path.join(root, n), "rb") as src, open(p, "wb") as dst:
                dst.write(src.read())
            plain[p] = n
        r = subprocess.run([ts_walk, "--per-file"], input="\n".join(plain) + "\n",
                           capture_output=True, text=True, check=True)
        out = {}
        for line in r.stdout.splitlines():
            p, count = line.rsplit("\t", 1)
            out[plain[p]] = int(count)
        return out


def main():
    pycpg, ts_walk = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        root, out = os.path.join(tmp, "repo"), os.path.join(tmp, "out")
        hostile_corpus.make(root)
        r = subprocess.run([pycpg, "build", "-q", root, "-o", out], capture_output=True)
        check("the build completes (exit 0)", 0, r.returncode)
        if r.returncode != 0:
            print(r.stderr.decode(errors="replace")[-2000:])
            return 1
        errors = {}
        for path, code, flags in query(pycpg, out, "select path, error_code, "
                                       "(message <> '')::int || (bstart is not null or "
                                       "line is not null)::int from file_errors_v1"):
            errors.setdefault(path, {})[code] = flags
        ast_err = {path: (etype, lineno) for path, etype, lineno in query(
            pycpg, out, "select path, error_type, lineno from py_ast_errors_v1")}
        ast_nodes = {path: str(n) for path, n in query(
            pycpg, out, "select path, count(*) from py_ast_nodes_v1 group by path")}
        ts_nodes = {path: str(n) for path, n in query(
            pycpg, out, "select path, count(*) from ts_nodes_v1 group by path")}

        cases = hostile_corpus.content_cases()
        read = []
        for name, raw in sorted(cases.items()):
            if len(raw) > MAX_FILE_SIZE:
                check(f"{name}: too_large row with a message", True,
                      errors.get(name, {}).get("too_large", "0").startswith("1"))
                continue
            read.append(name)
            text = python_decode(raw)
            if text is None or "\0" in text:
                bad = {c: f for c, f in errors.get(name, {}).items()
                       if c in ("invalid_encoding", "unknown_encoding", "nul_byte")}
                check(f"{name}: undecodable: an encoding row saying what and where", True,
                      bool(bad) and all(f == "11" for f in bad.values()))
                check(f"{name}: AST rows or an AST error row", True,
                      name in ast_err or name in ast_nodes)
                continue
            etype, detail = python_compile(text, name)
            if etype:
                got = ast_err.get(name)
                check(f"{name}: AST error class", etype, got and got[0])
                if detail is not None:
                    check(f"{name}: AST error line", detail, got and got[1])
            else:
                check(f"{name}: no AST error row", None, ast_err.get(name))
                check(f"{name}: AST nodes = ast.walk", str(detail), ast_nodes.get(name))
        want_ts = ts_counts(ts_walk, root, read + [n for n, c in hostile_corpus.FS_CASES.items()
                                                   if c is None])
        for name, count in sorted(want_ts.items()):
            check(f"{name}: tree-sitter nodes = bare walk", str(count), ts_nodes.get(name))

        for name, code in sorted(hostile_corpus.FS_CASES.items()):
            if code:
                check(f"{name}: scan row {code}", True, code in errors.get(name, {}))
            else:
                check(f"{name}: read, no scan row", ({}, True),
                      (errors.get(name, {}), name in ast_nodes))
        bad_name = hostile_corpus.BAD_NAME.decode("utf-8", "replace")
        check("non-UTF-8 name: read, with a path_not_utf8 warning", ("10", True),
              (errors.get(bad_name, {}).get("path_not_utf8"), bad_name in ast_nodes))
        msg = query(pycpg, out, "select message from file_errors_v1 "
                    "where error_code = 'path_not_utf8'")
        check("non-UTF-8 name: the message has the raw bytes", True,
              len(msg) == 1 and "\\xff\\xfe" in msg[0][0])

        dangling = query(pycpg, out, "select count(*) from cpg_edges_v1 e where not exists "
                         "(select 1 from cpg_nodes_v1 n where n.node_id = e.src_node_id) or "
                         "not exists (select 1 from cpg_nodes_v1 n where n.node_id = e.dst_node_id)")
        check("every cpg edge joins two existing nodes", [[0]], dangling)
        check("the graph has nodes", True,
              query(pycpg, out, "select count(*) from cpg_nodes_v1")[0][0] > 0)
        # emitters marked unique skip the dedupe (link_emit.c): the outputs must still be
        # deduped by their keys (§5.5)
        check("cpg_nodes_v1: one row per (node_kind, node_id)", [[0]],
              query(pycpg, out, "select count(*) from (select node_kind, node_id from "
                    "cpg_nodes_v1 group by all having count(*) > 1)"))
        check("cpg_edges_v1: one row per edge key", [[0]],
              query(pycpg, out, "select count(*) from (select edge_kind, src_node_id, "
                    "dst_node_id, path, bstart, bend from cpg_edges_v1 group by all "
                    "having count(*) > 1)"))
        check("cpg_props_v1: no exact duplicates", [[0]],
              query(pycpg, out, "select count(*) - (select count(*) from (select distinct * "
                    "from cpg_props_v1)) from cpg_props_v1"))
        check("cpg_props_v1: props only of written nodes and edges", [[0]],
              query(pycpg, out, "select count(*) from cpg_props_v1 p where not exists "
                    "(select 1 from cpg_nodes_v1 n where n.node_id = p.entity_id) and not "
                    "exists (select 1 from cpg_edges_v1 e where e.edge_id = p.entity_id)"))
    print(f"test_hostile: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
