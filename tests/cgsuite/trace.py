#!/usr/bin/env python3
"""trace.py — the runtime oracle of the call-graph suite: the calls a program really makes.

    python3 trace.py PROGDIR            prints the program's expected graph (JSON, PyCG names)

A program is a directory holding main.py (and any modules or packages it imports). It runs
in a child `python3 -I`, its cwd a temporary copy of the directory and sys.path[0] that copy,
under sys.setprofile (and threading.setprofile), with a timeout. Recorded, caller -> callee:

- a 'call' event of a code object in a file of the program: the callee is named as
  `pycpg callgraph --format pycg` names it (module path from the program root, then
  co_qualname without <locals> and comprehension scopes; a lambda is <lambdaN>, numbered per
  enclosing namespace in source order, found by parsing the file with ast). Class bodies,
  module bodies and comprehensions are not callees (PyCG lists none of them);
- a 'c_call' event of a function of the builtins module: <builtin>.NAME (not methods of
  builtin types, not builtin classes, not __build_class__);
- the caller of a 'call' is the nearest frame down the f_back chain whose code lives in the
  program (a callback run by library code belongs to the program code that called the
  library); the caller of a 'c_call' is the event's own frame, which must be the program's.
  A caller frame is named by its function, its module (<module> code), its class body (the
  class's name) or, for a comprehension, its enclosing namespace. Calls with no such frame
  are dropped.

expected_extra.txt beside main.py adds the edges no run can show, one `caller -> callee` a
line with a `# why` comment. The scorers (tests/cli/test_cgsuite.py, and for the naming only
tests/cli/test_cg_stdlib.py) import this file.
"""
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile

if sys.version_info < (3, 11):
    sys.exit("trace.py needs Python 3.11+ (co_qualname, co_positions)")

COMPREHENSIONS = {"<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>"}


def module_name(root, path):
    """Dotted module path of the file path under root (pkg/__init__.py -> pkg)."""
    rel = os.path.relpath(path, root)[:-3].split(os.sep)
    if rel[-1] == "__init__":
        rel = rel[:-1]
    return ".".join(rel)


def norm_qualname(q):
    """A __qualname__ without <locals> and comprehension scopes, as a list of parts."""
    return [p for p in q.split(".") if p != "<locals>" and p not in COMPREHENSIONS]


def program_files(root):
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x != "__pycache__")
        for f in sorted(files):
            if f.endswith(".py"):
                yield os.path.join(d, f)


class Names:
    """Every def of a program in PyCG's names, from ast: funcs (functions, methods, lambdas),
    classes, and the lambdas by (path, normalised qualname, line) with their spans. files:
    the .py files to read (default: every file under root), named from root."""

    def __init__(self, root, files=None):
        self.root = root
        self.funcs, self.classes, self.modules = set(), set(), set()
        self.lambdas = {}
        for path in program_files(root) if files is None else files:
            mod = module_name(root, path)
            self.modules.add(mod)
            with open(path, "rb") as f:
                tree = ast.parse(f.read(), path)
            self._walk(path, mod, tree)

    def _walk(self, path, mod, tree):
        counters = {}
        found = []  # (namespace name, qualname parts, node)

        def visit(node, ns, qual):
            """ns: PyCG name of the namespace; qual: normalised qualname parts of it."""
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                for d in node.decorator_list:
                    visit(d, ns, qual)
                if isinstance(node, ast.ClassDef):
                    for b in node.bases + node.keywords:
                        visit(b, ns, qual)
                    self.classes.add(ns + "." + node.name)
                else:
                    visit(node.args, ns, qual)
                    if node.returns:
                        visit(node.returns, ns, qual)
                    self.funcs.add(ns + "." + node.name)
                for s in node.body:
                    visit(s, ns + "." + node.name, qual + [node.name])
                return
            if isinstance(node, ast.Lambda):
                visit(node.args, ns, qual)
                found.append((ns, qual, node))
                inner = "\0%d" % id(node)
                visit(node.body, inner, qual + ["<lambda>"])
                return
            for c in ast.iter_child_nodes(node):
                visit(c, ns, qual)

        visit(tree, mod, [])
        # number lambdas per namespace in source order; a lambda's own namespace name is
        # only known after numbering, so resolve outer lambdas first (sorted by depth)
        names = {}
        found.sort(key=lambda t: (len(t[1]), t[2].lineno, t[2].col_offset))
        for ns, qual, node in found:
            real_ns = ns
            while real_ns.startswith("\0"):
                real_ns = names[real_ns]
            counters[real_ns] = counters.get(real_ns, 0) + 1
            name = "%s.<lambda%d>" % (real_ns, counters[real_ns])
            names["\0%d" % id(node)] = name
            self.funcs.add(name)
            key = (path, ".".join(qual + ["<lambda>"]), node.lineno)
            self.lambdas.setdefault(key, []).append(
                ((node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset), name))

    def code_name(self, code):
        """(kind, PyCG name) of a code object of the program; kind is module, class,
        comprehension or function."""
        path = code.co_filename
        mod = module_name(self.root, path)
        if code.co_name == "<module>":
            return "module", mod
        parts = norm_qualname(code.co_qualname)
        if not parts:
            return "comprehension", mod
        if code.co_name in COMPREHENSIONS:
            kind = "comprehension"
        elif not code.co_flags & 0x2:  # no CO_NEWLOCALS: a class body
            kind = "class"
        else:
            kind = "function"
        if "<lambda>" in parts:
            # the innermost lambda of the qualname names it (what follows are plain defs,
            # impossible inside a lambda, or comprehensions, already dropped)
            last = len(parts) - 1 - parts[::-1].index("<lambda>")
            if last == len(parts) - 1 and kind == "function":
                return kind, self._lambda(code, parts)
            return kind, self._lambda_of_enclosing(code, parts[:last + 1])
        return kind, mod + "." + ".".join(parts)

    def _lambda(self, code, parts):
        cands = self.lambdas.get((code.co_filename, ".".join(parts), code.co_firstlineno), [])
        pos = [p for p in code.co_positions()
               if p[0] is not None and p[2] is not None and not (p[2] == 0 and p[3] == 0)]
        for start, end, name in cands:
            if len(cands) == 1 or (pos and all(
                    start <= (p[0], p[2]) and (p[1], p[3]) <= end for p in pos)):
                return name
        raise RuntimeError("no lambda for %s:%d %s" % (code.co_filename, code.co_firstlineno,
                                                       code.co_qualname))

    def _lambda_of_enclosing(self, code, parts):
        # a comprehension inside a lambda: name it by the lambda (same line in practice)
        cands = self.lambdas.get((code.co_filename, ".".join(parts), code.co_firstlineno), [])
        if len(cands) == 1:
            return cands[0][2]
        raise RuntimeError("ambiguous lambda around %s" % code.co_qualname)


def child(root, out_path, main="main.py"):
    """Runs root/main under the profiler and writes the edges to out_path (JSON)."""
    import builtins
    import runpy
    import threading
    import types

    names = Names(root)
    prefix = root.rstrip(os.sep) + os.sep
    edges = set()
    cache = {}

    def name_of(code):
        r = cache.get(code)
        if r is None:
            r = cache[code] = names.code_name(code)
        return r

    def caller_of(frame):
        while frame is not None:
            if frame.f_code.co_filename.startswith(prefix):
                return name_of(frame.f_code)[1]
            frame = frame.f_back
        return None

    def prof(frame, event, arg):
        if event == "call":
            code = frame.f_code
            if not code.co_filename.startswith(prefix):
                return
            kind, callee = name_of(code)
            if kind != "function":
                return
            caller = caller_of(frame.f_back)
        elif event == "c_call":
            if not (isinstance(arg, types.BuiltinFunctionType)
                    and getattr(arg, "__self__", None) is builtins
                    and arg.__name__ != "__build_class__"):
                return
            if not frame.f_code.co_filename.startswith(prefix):
                return  # a builtin called by library code, not by the program
            callee = "<builtin>." + arg.__name__
            caller = name_of(frame.f_code)[1]
        else:
            return
        if caller is not None:
            edges.add((caller, callee))

    sys.path.insert(0, root)
    os.chdir(root)
    threading.setprofile(prof)
    sys.setprofile(prof)
    try:
        runpy.run_path(os.path.join(root, main), run_name="__main__")
    finally:
        sys.setprofile(None)
        threading.setprofile(None)
        with open(out_path, "w") as f:
            json.dump(sorted(edges), f)


def read_extra(progdir):
    """The edges of expected_extra.txt as (caller, callee) pairs."""
    path = os.path.join(progdir, "expected_extra.txt")
    out = []
    if os.path.exists(path):
        with open(path) as f:
            for ln in f:
                ln = ln.split("#", 1)[0].strip()
                if ln:
                    caller, callee = (x.strip() for x in ln.split("->"))
                    out.append((caller, callee))
    return out


def run(progdir, timeout=10):
    """The runtime edges of the program in progdir: a set of (caller, callee). Raises
    RuntimeError when the program fails or times out."""
    with tempfile.TemporaryDirectory(prefix="cgsuite-") as tmp:
        root = os.path.realpath(os.path.join(tmp, "prog"))
        shutil.copytree(progdir, root, ignore=shutil.ignore_patterns(
            "__pycache__", "expected_extra.txt"))
        out = os.path.join(tmp, "edges.json")
        try:
            r = subprocess.run([sys.executable, "-I", os.path.abspath(__file__), "--child", root,
                                out], cwd=root, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise RuntimeError("%s: timed out" % progdir)
        if r.returncode != 0 or not os.path.exists(out):
            raise RuntimeError("%s: exit %d\n%s" % (progdir, r.returncode, r.stderr[-2000:]))
        with open(out) as f:
            return {tuple(e) for e in json.load(f)}


def expected(progdir, timeout=10):
    """Runtime edges plus expected_extra.txt: a set of (caller, callee)."""
    return run(progdir, timeout) | set(read_extra(progdir))


def as_graph(edges, keys=()):
    g = {k: [] for k in keys}
    for a, b in sorted(set(edges)):
        g.setdefault(a, []).append(b)
    return dict(sorted(g.items()))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 2:
        print(json.dumps(as_graph(expected(sys.argv[1])), indent=2))
    else:
        sys.exit("usage: trace.py PROGDIR")
