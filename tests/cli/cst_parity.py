"""cst_parity.py — the oracle of tests/cli/test_cst_parity.sh: the CST lens against python3's
own ast and compiler, file by file.

usage: python3 cst_parity.py ROOT NAMES.csv CALLS.csv DEFS.csv IMPORTS.csv FILES BROKEN
  ROOT         the directory pycpg built (paths in the CSVs are relative to it)
  NAMES.csv    path,bstart,expr_ctx of py_cst_name_refs_v1 (ctx not NULL), ordered by path
  CALLS.csv    path,n            (calls per file)
  DEFS.csv     path,qualname     (one line per def row)
  IMPORTS.csv  path,n            (import alias rows per file)
  FILES        every file of the sample, one path a line
  BROKEN       paths with py_cst_parse_errors_v1 rows (tree-sitter found syntax errors)

For every file CPython can compile (the others are skipped and counted):
  - calls    = number of ast.Call nodes
  - defs     = FunctionDef + AsyncFunctionDef + ClassDef + Lambda nodes
  - imports  = number of ast.alias nodes
  - every ast.Name has a name ref at the same byte offset with the same context
    (ast's line + UTF-8 column converted to a raw byte offset with the file's line starts)
  - the multiset of def qualnames = the co_qualname of every function, lambda and class
    code object of the compiled module (comprehensions and the module left out). The
    compiler drops code objects of unreachable defs (after return/raise/…, under `if 0:`),
    so the oracle compiles a copy of the tree in which every statement is reachable
    (Reachable below); qualnames depend on nesting and `global` only, which it keeps.
Files CPython cannot compile are skipped. Files CPython compiles but tree-sitter-python
0.23.6 cannot parse (a grammar limitation, e.g. a dedented continuation line inside
parentheses) are skipped too, and listed by name: parity is defined on what both parse.
Every mismatch is printed (first 20) and fails the run; the last line is a summary.
"""
import ast
import csv
import io
import re
import sys
import tokenize
import warnings
from collections import Counter, defaultdict

CTX = {ast.Load: "ExpressionContext.LOAD", ast.Store: "ExpressionContext.STORE",
       ast.Del: "ExpressionContext.DEL"}
NOT_DEFS = {"<module>", "<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>"}
csv.field_size_limit(1 << 30)


def read_counts(p):
    with open(p, newline="") as f:
        return {r[0]: int(r[1]) for r in csv.reader(f)}


def read_defs(p):
    d = defaultdict(list)
    with open(p, newline="") as f:
        for r in csv.reader(f):
            d[r[0]].append(r[1])
    return d


def name_groups(p):
    with open(p, newline="") as f:
        cur, rows = None, {}
        for path, bstart, ctx in csv.reader(f):
            if path != cur:
                if cur is not None:
                    yield cur, rows
                cur, rows = path, {}
            rows[int(bstart)] = ctx
        if cur is not None:
            yield cur, rows


def code_qualnames(code):
    out, stack = [], [code]
    while stack:
        c = stack.pop()
        if c.co_name not in NOT_DEFS:
            out.append(c.co_qualname)
        stack.extend(k for k in c.co_consts if hasattr(k, "co_qualname"))
    return out


class Reachable(ast.NodeTransformer):
    """Makes every statement reachable: return/raise/break/continue become expressions,
    constant conditions become a name."""

    def visit_Return(self, node):  # also Raise, Break, Continue: keep what they evaluate
        self.generic_visit(node)
        parts = [getattr(node, f) for f in ("value", "exc", "cause") if getattr(node, f, None)]
        return ast.copy_location(ast.Expr(ast.Tuple(parts, ast.Load())), node)

    visit_Raise = visit_Break = visit_Continue = visit_Return

    def _unknown_test(self, node):
        self.generic_visit(node)
        if isinstance(node.test, ast.Constant):
            node.test = ast.copy_location(ast.Name("oracle_unknown", ast.Load()), node.test)
        return node

    visit_If = visit_While = _unknown_test


class Offsets:
    """ast (line, UTF-8 column of the decoded line) -> raw byte offset."""

    def __init__(self, raw):
        self.raw = raw
        self.starts = [0] + [m.end() for m in re.finditer(rb"\r\n|\r|\n", raw)]
        self.enc, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
        self.bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0

    def __call__(self, line, col):
        start = self.starts[line - 1] + (self.bom if line == 1 else 0)
        if self.enc in ("utf-8", "utf-8-sig"):
            return start + col
        end = self.starts[line] if line < len(self.starts) else len(self.raw)
        text = self.raw[start:end].decode(self.enc, "replace")
        k = len(text.encode("utf-8")[:col].decode("utf-8", "replace"))
        return start + len(text[:k].encode(self.enc, "replace"))


def check_file(root, path, names, calls, defs, imports, fail):
    with open(f"{root}/{path}", "rb") as f:
        raw = f.read()
    try:
        tree = compile(raw, path, "exec", ast.PyCF_ONLY_AST)
        code = compile(ast.fix_missing_locations(Reachable().visit(
            compile(raw, path, "exec", ast.PyCF_ONLY_AST))), path, "exec")
    except (SyntaxError, ValueError, UnicodeError, MemoryError, RecursionError):
        return False
    kinds = Counter(type(n).__name__ for n in ast.walk(tree))
    want = kinds["Call"]
    if calls.get(path, 0) != want:
        fail(f"{path}: {calls.get(path, 0)} callsites, ast has {want} Call")
    want = sum(kinds[k] for k in ("FunctionDef", "AsyncFunctionDef", "ClassDef", "Lambda"))
    if len(defs.get(path, [])) != want:
        fail(f"{path}: {len(defs.get(path, []))} defs, ast has {want}")
    if imports.get(path, 0) != kinds["alias"]:
        fail(f"{path}: {imports.get(path, 0)} imports, ast has {kinds['alias']} alias")
    off = Offsets(raw)
    for n in ast.walk(tree):
        if isinstance(n, ast.Name):
            b = off(n.lineno, n.col_offset)
            got, want = names.get(b), CTX[type(n.ctx)]
            if got != want:
                fail(f"{path}:{n.lineno}:{n.col_offset} Name {n.id!r} (byte {b}): "
                     f"ctx {want}, pycpg {got}")
    got, want = sorted(defs.get(path, [])), sorted(code_qualnames(code))
    if got != want:
        extra, missing = Counter(got) - Counter(want), Counter(want) - Counter(got)
        fail(f"{path}: qualnames differ: pycpg only {sorted(extra.elements())[:5]}, "
             f"CPython only {sorted(missing.elements())[:5]}")
    return True


def main():
    warnings.simplefilter("ignore")  # SyntaxWarnings of the test files are not ours
    root, names_csv, calls_csv, defs_csv, imports_csv, files_txt, broken_txt = sys.argv[1:8]
    with open(broken_txt) as f:
        broken = {line.rstrip("\n") for line in f if line.strip()}
    ts_skipped = []
    calls, imports, defs = read_counts(calls_csv), read_counts(imports_csv), read_defs(defs_csv)
    with open(files_txt) as f:
        files = [line.rstrip("\n") for line in f if line.strip()]
    nfail, checked, skipped, shown = 0, 0, 0, []

    def fail(msg):
        nonlocal nfail
        nfail += 1
        if len(shown) < 20:
            shown.append(msg)

    it = name_groups(names_csv)
    pending = next(it, None)
    for path in sorted(files):
        names = {}
        # the names stream is ordered by path (DuckDB byte order = Python str order for UTF-8)
        while pending is not None and pending[0] < path:
            pending = next(it, None)
        if pending is not None and pending[0] == path:
            names = pending[1]
            pending = next(it, None)
        if path in broken:
            try:
                with open(f"{root}/{path}", "rb") as f:
                    compile(f.read(), path, "exec")
                ts_skipped.append(path)
            except (SyntaxError, ValueError, UnicodeError, MemoryError, RecursionError):
                skipped += 1
            continue
        if check_file(root, path, names, calls, defs, imports, fail):
            checked += 1
        else:
            skipped += 1
    for m in shown:
        print("MISMATCH", m)
    for p in ts_skipped:
        print("SKIPPED (CPython compiles it, tree-sitter-python finds syntax errors):", p)
    print(f"cst parity: {checked} files checked, {skipped} skipped (CPython cannot compile them), "
          f"{len(ts_skipped)} skipped (tree-sitter cannot parse them), {nfail} mismatches")
    sys.exit(1 if nfail else 0)


if __name__ == "__main__":
    main()
