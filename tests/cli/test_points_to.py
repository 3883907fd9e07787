#!/usr/bin/env python3
"""test_points_to.py — the call graph's points-to rounds in C (src/link/link_pts.c, the default)
against the SQL rounds they replace (PYCPG_POINTS_TO=sql, the oracle).

Each tree is built twice, once per evaluation, and must give exactly the same
  - rounds: the per-round "N facts, seed M" lines of `-v`;
  - facts: the whole fact table lk_cg_pt, sorted (PYCPG_POINTS_TO_DUMP);
  - PY_CALLS and PY_INHERITS_FROM rows of cpg_edges_v1, their props in cpg_props_v1, and the
    PY_QUALIFIED_NAME nodes (external callees).
Trees: tests/fixtures/calls (also with the fact budget lowered by the test knob
PYCPG_CG_MAX_FACTS, so that both stop early, at the same round; and with the facts a key may
reach in one round lowered by PYCPG_CG_MAX_SET, so that both block keys), and the json and email
packages of python3's standard library (copied, so their paths are the same in both builds).
A bad PYCPG_POINTS_TO value is an error. Usage: test_points_to.py PYCPG
"""
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile

from clilib import Checks

PYCPG = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "fixtures", "calls")
STDLIB_PACKAGES = ("json", "email")

EDGES = """SELECT * EXCLUDE (edge_id), edge_id FROM cpg_edges_v1
  WHERE edge_kind IN ('PY_CALLS', 'PY_INHERITS_FROM') ORDER BY ALL"""
PROPS = """SELECT p.* FROM cpg_props_v1 p JOIN cpg_edges_v1 e ON e.edge_id = p.entity_id
  AND e.edge_kind IN ('PY_CALLS', 'PY_INHERITS_FROM') ORDER BY ALL"""
QNAMES = """SELECT n.*, p.prop_key, p.value_str FROM cpg_nodes_v1 n LEFT JOIN cpg_props_v1 p
  ON p.entity_id = n.node_id WHERE n.node_kind = 'PY_QUALIFIED_NAME' ORDER BY ALL"""


def build(repo, out, mode, dump, extra=None):
    env = dict(os.environ, PYCPG_POINTS_TO=mode, PYCPG_POINTS_TO_DUMP=dump, **(extra or {}))
    r = subprocess.run([PYCPG, "build", repo, "-o", out, "--scip", "off", "-v"], env=env,
                       capture_output=True, text=True, timeout=600)
    rounds = re.findall(r"points-to round \d+: \d+ facts, seed \d+", r.stderr)
    return r.returncode, rounds, r.stderr


def query(out, sql):
    r = subprocess.run([PYCPG, "query", out, sql, "--csv"], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"query failed: {sql}\n{r.stderr}")
    return r.stdout


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def manifest_outcome(out):
    """The points-to outcome the manifest records (counts.points_to_*)."""
    with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
        counts = json.load(f)["counts"]
    return [counts.get("points_to_" + k) for k in ("status", "rounds", "facts")]


def compare(c, name, repo, tmp, extra=None, warning=None, status="fixed_point"):
    got = {}
    for mode in ("sql", "c"):
        base = re.sub(r"[^a-z0-9]+", "_", name)
        out = os.path.join(tmp, f"{base}-{mode}")
        dump = os.path.join(tmp, f"{base}-{mode}.csv")
        rc, rounds, err = build(repo, out, mode, dump, extra)
        c.check(f"{name}: {mode}: no sanitizer report", False,
                "runtime error:" in err or "Sanitizer" in err)
        if warning:
            c.check(f"{name}: {mode} warns: {warning}", True, re.search(warning, err) is not None)
        c.check(f"{name}: build with PYCPG_POINTS_TO={mode}", 0, rc)
        if rc != 0:
            print(err[-2000:], file=sys.stderr)
            return None
        got[mode] = (rounds, read(dump), query(out, EDGES), query(out, PROPS),
                     query(out, QNAMES))
        # the manifest says how the analysis ended: the status, and the rounds and facts the
        # -v log printed round by round
        last = re.findall(r"\d+", rounds[-1])[:2] if rounds else ["0", "0"]
        c.check(f"{name}: {mode}: manifest: {status}, rounds, facts",
                [status, str(len(rounds)), last[1]], manifest_outcome(out))
    sql, cc = got["sql"], got["c"]
    c.check(f"{name}: some rounds ran", True, len(sql[0]) > 0)
    c.check(f"{name}: per-round facts and seeds", sql[0], cc[0])
    c.check(f"{name}: facts (lk_cg_pt)", True, sql[1] == cc[1])
    c.check(f"{name}: facts are not empty", True, sql[1].count("\n") > 10)
    c.check(f"{name}: PY_CALLS / PY_INHERITS_FROM edges", True, sql[2] == cc[2])
    c.check(f"{name}: there are PY_CALLS edges", True, "PY_CALLS" in sql[2])
    c.check(f"{name}: their props", True, sql[3] == cc[3])
    c.check(f"{name}: PY_QUALIFIED_NAME nodes", True, sql[4] == cc[4])
    print(f"{name}: {sql[0][-1] if sql[0] else 'no rounds'}, "
          f"{sql[2].count(chr(10)) - 1} edges", file=sys.stderr)
    return sql[1]


def main():
    c = Checks()
    with tempfile.TemporaryDirectory(prefix="pycpg-pts-") as tmp:
        fix = os.path.join(tmp, "calls")
        shutil.copytree(FIX, fix)
        plain = compare(c, "fixture", fix, tmp)
        # the fact budget, checked between rounds (test knob: a smaller budget, both evaluations)
        compare(c, "fixture, budget 70 facts", fix, tmp, {"PYCPG_CG_MAX_FACTS": "70"},
                r"stopped after \d+ rounds: \d+ facts, over its budget of 70", "fact_budget")
        # widening inside a round (test knob: a key may reach 1 fact in one round)
        small = compare(c, "fixture, 1 fact a key in a round", fix, tmp,
                        {"PYCPG_CG_MAX_SET": "1"})
        c.check("the in-round cap blocked keys (fewer facts)", True,
                bool(plain and small) and small.count("\n") < plain.count("\n"))
        lib = sysconfig.get_path("stdlib")
        sample = os.path.join(tmp, "stdlib")
        os.mkdir(sample)
        for pkg in STDLIB_PACKAGES:
            shutil.copytree(os.path.join(lib, pkg), os.path.join(sample, pkg),
                            ignore=shutil.ignore_patterns("__pycache__", "test", "tests"))
        compare(c, "stdlib sample", sample, tmp)
        rc, _, err = build(fix, os.path.join(tmp, "bad"), "fast", "")
        c.check("bad PYCPG_POINTS_TO: exit status (bad option)", 2, rc)
        c.check("bad PYCPG_POINTS_TO: message", True, "PYCPG_POINTS_TO=fast" in err)
    c.finish()


main()
