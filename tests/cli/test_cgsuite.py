#!/usr/bin/env python3
"""test_cgsuite.py — pycpg's call graph scored against the runtime oracle of tests/cgsuite.

    test_cgsuite.py PYCPG [--family F]... [--verbose] [--dump DIR] [--jobs N]

Every program of tests/cgsuite/<family>/<program>/ is run under the tracer
(tests/cgsuite/trace.py: the calls that really happen, plus expected_extra.txt) and built
with pycpg (`build --scip off`, then `callgraph --format pycg`). Programs share a few
repositories (see actual_graphs) so that the whole suite costs a few builds, not one each. Edges are scored in the
program's universe (tests/cgsuite/README.md): precision, recall and programs exactly right,
per family and overall. Fails when a program does not run, when pycpg's pycg names miss a
def the program has (the names are checked against ast), or when overall precision or
recall is below tests/cgsuite/thresholds.txt. --verbose prints each program's missing and
extra edges; --dump DIR writes DIR/<family>/<program>/{expected,actual}.json (PyCG's format).
"""
import argparse
import builtins
import concurrent.futures
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import types

HERE = os.path.dirname(os.path.abspath(__file__))
SUITE = os.path.normpath(os.path.join(HERE, "..", "cgsuite"))
_spec = importlib.util.spec_from_file_location("cgsuite_trace", os.path.join(SUITE, "trace.py"))
oracle = importlib.util.module_from_spec(_spec)  # tests/cgsuite/trace.py
_spec.loader.exec_module(oracle)

BUILTIN_FUNCS = {"<builtin>." + n for n, v in vars(builtins).items()
                 if isinstance(v, types.BuiltinFunctionType) and not n.startswith("_")
                 or n == "__import__"}


def programs(families):
    out = []
    for fam in sorted(os.listdir(SUITE)):
        fdir = os.path.join(SUITE, fam)
        if not os.path.isdir(fdir) or (families and fam not in families):
            continue
        for prog in sorted(os.listdir(fdir)):
            if os.path.exists(os.path.join(fdir, prog, "main.py")):
                out.append((fam, prog, os.path.join(fdir, prog)))
    return out


def build_graph(pycpg, repo, tmp, tag):
    out = os.path.join(tmp, "out-" + tag)
    r = subprocess.run([pycpg, "build", repo, "-o", out, "-q", "--scip", "off"],
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise SystemExit("pycpg build %s failed:\n%s" % (repo, r.stderr))
    r = subprocess.run([pycpg, "callgraph", out, "--format", "pycg"], capture_output=True,
                       text=True, timeout=600)
    if r.returncode != 0:
        raise SystemExit("pycpg callgraph %s failed:\n%s" % (out, r.stderr))
    return json.loads(r.stdout)


def top_names(pdir):
    """The top-level module and package names of a program other than main."""
    return {n[:-3] if n.endswith(".py") else n for n in os.listdir(pdir)
            if n != "main.py" and (n.endswith(".py") or os.path.isdir(os.path.join(pdir, n)))
            and n != "__pycache__"}


def rename(graph, keep, old, new):
    """The part of graph whose keys start with a module of keep (top-level names, old
    included), with the module old renamed to new in every name."""
    def r(n):
        return new + n[len(old):] if n == old or n.startswith(old + ".") else n
    return {r(k): [r(v) for v in vs] for k, vs in graph.items() if k.split(".")[0] in keep}


def actual_graphs(pycpg, progs, tmp, jobs):
    """{pdir: graph in the program's own names}. Programs share repositories: one of a
    single module sits in its own directory cgNNN/ (module cgNNN.main); the main.py of one
    with several modules becomes main_cgNNN.py beside its other modules, in the first
    repository none of whose top-level names it would clash with. The names are mapped back
    (cgNNN.main -> main, main_cgNNN -> main)."""
    groups = []  # [(repo dir, used top-level names, [(pdir, keep, old)])]
    for i, (fam, prog, pdir) in enumerate(progs):
        tag = "cg%03d" % i
        names = top_names(pdir)
        g = next((g for g in groups if not g[1] & names), None)
        if g is None:
            g = (os.path.join(tmp, "repo%d" % len(groups)), set(), [])
            os.makedirs(g[0])
            groups.append(g)
        if not names:
            os.makedirs(os.path.join(g[0], tag))
            shutil.copy(os.path.join(pdir, "main.py"), os.path.join(g[0], tag, "main.py"))
            g[2].append((pdir, {tag}, tag + ".main"))
        else:
            for n in os.listdir(pdir):
                src = os.path.join(pdir, n)
                if n == "main.py":
                    shutil.copy(src, os.path.join(g[0], "main_%s.py" % tag))
                elif os.path.isdir(src) and n != "__pycache__":
                    shutil.copytree(src, os.path.join(g[0], n))
                elif n.endswith(".py"):
                    shutil.copy(src, os.path.join(g[0], n))
            g[1].update(names)
            g[2].append((pdir, names | {"main_" + tag}, "main_" + tag))

    def one(k):
        graph = build_graph(pycpg, groups[k][0], tmp, "out%d" % k)
        return {pdir: rename(graph, keep, old, "main") for pdir, keep, old in groups[k][2]}

    result = {}
    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        for part in ex.map(one, range(len(groups))):
            result.update(part)
    return result


def edges_of(graph):
    return {(a, b) for a, bs in graph.items() for b in bs}


def score(pdir, expected, graph):
    """(tp, n_actual, n_expected, missing, extra, name_problems) in the program's universe."""
    names = oracle.Names(pdir)
    externals = {b for _, b in oracle.read_extra(pdir)
                 if b not in names.funcs and b not in BUILTIN_FUNCS}
    universe = names.funcs | BUILTIN_FUNCS | externals
    got = {e for e in edges_of(graph) if e[1] in universe}
    want = set(expected)
    missing = sorted(want - got)
    extra = sorted(got - want)
    # every def the program has must be a key of pycpg's pycg output, and no other def
    # key may appear (checks --format pycg's naming against ast)
    keys = set(graph)
    problems = sorted(names.funcs - keys) + sorted(
        k for k in keys - names.funcs - names.classes - names.modules)
    return len(want & got), len(got), len(want), missing, extra, problems


def ratio(a, b):
    return a / b if b else 1.0


def read_thresholds():
    t = {}
    with open(os.path.join(SUITE, "thresholds.txt")) as f:
        for ln in f:
            ln = ln.split("#", 1)[0].split()
            if len(ln) == 2:
                t[ln[0]] = float(ln[1])
    return t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pycpg")
    ap.add_argument("--family", action="append", default=[])
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--dump")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    progs = programs(set(args.family))
    if not progs:
        raise SystemExit("no programs (family %s?)" % args.family)
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="cgsuite-test-") as tmp:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
            traced = {p[2]: ex.submit(oracle.expected, p[2]) for p in progs}
            graphs = actual_graphs(args.pycpg, progs, tmp, args.jobs)
            expected = {}
            for fam, prog, pdir in progs:
                try:
                    expected[pdir] = traced[pdir].result()
                except RuntimeError as e:
                    print("FAIL: %s/%s does not run under the tracer: %s" % (fam, prog, e))
                    failed += 1
    fams = {}
    misses = {}
    for fam, prog, pdir in progs:
        if pdir not in expected:
            continue
        tp, ng, nw, missing, extra, problems = score(pdir, expected[pdir], graphs[pdir])
        f = fams.setdefault(fam, [0, 0, 0, 0, 0])
        f[0] += tp
        f[1] += ng
        f[2] += nw
        f[3] += not missing and not extra
        f[4] += 1
        if problems:
            failed += 1
            print("FAIL: %s/%s: pycg names not matching the program's defs: %s" % (
                fam, prog, problems))
        else:
            passed += 1
        if args.verbose and (missing or extra):
            print("%s/%s:" % (fam, prog))
            for e in missing:
                print("  missing %s -> %s" % e)
            for e in extra:
                print("  extra   %s -> %s" % e)
        misses[(fam, prog)] = (missing, extra)
        if args.dump:
            d = os.path.join(args.dump, fam, prog)
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "expected.json"), "w") as fp:
                json.dump(oracle.as_graph(expected[pdir]), fp, indent=2, sort_keys=True)
            with open(os.path.join(d, "actual.json"), "w") as fp:
                json.dump(graphs[pdir], fp, indent=2, sort_keys=True)
    tot = [sum(f[i] for f in fams.values()) for i in range(5)]
    print("%-12s %9s %9s %8s" % ("family", "precision", "recall", "exact"))
    for fam, f in sorted(fams.items()) + [("overall", tot)]:
        print("%-12s %9.3f %9.3f %4d/%-3d" % (fam, ratio(f[0], f[1]), ratio(f[0], f[2]),
                                              f[3], f[4]))
    p, r = ratio(tot[0], tot[1]), ratio(tot[0], tot[2])
    if not args.family:
        t = read_thresholds()
        for what, got in (("precision", p), ("recall", r)):
            if got + 1e-9 >= t[what]:
                passed += 1
            else:
                failed += 1
                print("FAIL: overall %s %.3f is below the floor %.2f (thresholds.txt)" % (
                    what, got, t[what]))
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
