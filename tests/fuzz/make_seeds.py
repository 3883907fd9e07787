#!/usr/bin/env python3
"""make_seeds.py OUTDIR — seed corpora for the fuzz harnesses (scripts/fuzz.sh):

  OUTDIR/extract/  every .py of tests/fixtures, plus small hostile files (each kind of
                   encoding trouble, deep nesting, unterminated constructs, new syntax)
  OUTDIR/scip/     hand-built index.scip files (tests/cli/scipwire.py), and the index the
                   real scip-python makes of tests/fixtures/scip/basic/repo when it is
                   installed (deps/scip-python) and PYCPG_SEEDS_NO_INDEXER is not set

Seeds are generated, never committed (only crash inputs are: tests/fuzz/regressions).
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SRC, "tests", "cli"))
from scipwire import document, field, hand_index, occurrence  # noqa: E402

HOSTILE = {
    "empty.py": b"",
    "bom_only.py": b"\xef\xbb\xbf",
    "utf16.py": "x = 'é'\n".encode("utf-16"),
    "latin1_cookie.py": b"# -*- coding: latin-1 -*-\ns = '\xe9'\n",
    "unknown_cookie.py": b"# coding: klingon\nx = 1\n",
    "bad_utf8.py": b"s = '\xff\xfe'\n# \xc3\n\xe2\x82 = 1\n",
    "nul.py": b"x = 1\x00\ny = 2\n",
    "cr_only.py": b"def f():\r    return 1\r",
    "formfeed_tabs.py": b"if x:\n\x0c\tpass\n        pass\n",
    "unterminated.py": b"s = '''abc\nf(1, [2, {3:",
    "python2.py": b"print 'x'\nexec 'y'\n",
    "new_syntax.py": b"type Point[T] = tuple[T, T]\ndef f[T](x: T) -> T: return x\n",
    "nesting.py": b"x = " + b"(" * 120 + b"1" + b")" * 120 + b"\n",
    "lambdas.py": b"f = " + b"lambda: " * 60 + b"0\n",
    "ifs.py": b"".join(b" " * i + b"if x:\n" for i in range(60)) + b" " * 60 + b"pass\n",
    "unicode_names.py": "ñ = 1\nΩ_2 = ñ\n𝔘 = Ω_2\nclass Ä: pass\n".encode(),
    "flow.py": (b"def f(a):\n    try:\n        for i in a:\n            if i: break\n"
                b"            else: continue\n    except (E, F) as e:\n        raise\n"
                b"    finally:\n        return a\n    with g() as h, k: yield from h\n"
                b"async def g():\n    async with a: await b\n    async for i in c: pass\n"
                b"match x:\n    case [1, *r] | {'k': r}: pass\n    case C(a=1): pass\n"),
}


def write(d, name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def extract_seeds(d):
    fixtures = os.path.join(SRC, "tests", "fixtures")
    for root, _, files in os.walk(fixtures):
        for f in sorted(files):
            if f.endswith(".py"):
                rel = os.path.relpath(os.path.join(root, f), fixtures)
                shutil.copyfile(os.path.join(root, f),
                                os.path.join(d, "fixture_" + rel.replace("/", "_")))
    for name, data in HOSTILE.items():
        write(d, "hostile_" + name, data)


def scip_seeds(d):
    i1, i2 = hand_index()
    write(d, "hand_1.scip", i1)
    write(d, "hand_2.scip", i2)
    write(d, "hand_both.scip", i1 + i2)
    for enc in (0, 1, 2, 3):
        doc = document("m.py", [occurrence([1, 4, 5], "s f.", 1),
                                occurrence([2, 8, 2, 20], "s s.", 8, diags=[field(3, "d")])],
                       encoding=enc)
        write(d, f"encoding_{enc}.scip", field(2, doc))
    real_index(d)


def real_index(d):
    if os.environ.get("PYCPG_SEEDS_NO_INDEXER"):
        return
    js = os.path.join(SRC, "deps", "scip-python", "index.js")
    node = shutil.which("node")
    if not node or not os.path.exists(js):
        print("make_seeds: scip-python not installed; hand-built SCIP seeds only", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory(prefix="pycpg-seed-") as t:
        repo = os.path.join(t, "repo")
        shutil.copytree(os.path.join(SRC, "tests", "fixtures", "scip", "basic", "repo"), repo)
        out = os.path.join(d, "real.scip")
        r = subprocess.run([node, js, "index", "--project-name", "seed", "--project-version",
                            "1", "--output", out, "--quiet"], cwd=repo, capture_output=True,
                           timeout=300)
        if r.returncode != 0:
            print("make_seeds: scip-python failed; hand-built SCIP seeds only", file=sys.stderr)


def main():
    out = sys.argv[1]
    for t, fn in (("extract", extract_seeds), ("scip", scip_seeds)):
        d = os.path.join(out, t)
        os.makedirs(d, exist_ok=True)
        fn(d)
        print(f"make_seeds: {len(os.listdir(d))} {t} seeds in {d}")


main()
