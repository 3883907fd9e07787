#!/usr/bin/env python3
"""test_determinism.py PYCPG — two builds of one tree are equal in every column of every dataset.

The tree: tests/fixtures/scip/basic/repo (a BOM file, a CRLF file, non-ASCII columns) beside
tests/fixtures/calls/app (classes, calls, imports), so that every lens, the link stage and the
SCIP datasets have rows. It is built twice with `--scip auto` (the real scip-python, as in
test_scip.py), `-j 1` and `-j 2`, both with PYCPG_CHUNK_BYTES=1500 so that the files fall into
several chunks and -j 2 really spreads them over two workers. Then:
  1. the same Parquet files exist in both outputs;
  2. for every dataset (and every error artifact under extract_errors/ and link chunk table
     under link_chunks/), DuckDB's `SELECT * FROM a EXCEPT ALL SELECT * FROM b` is empty and
     the row counts are equal (so the two multisets of rows are equal): every column, `meta`
     lists and structs included; a dataset that differs is reported with the columns that
     differ;
  3. every Parquet file is byte-identical (values, order, footer metadata);
  4. manifest.json is equal except for what cannot be: the wall-clock fields (created_at_unix_s,
     wall_seconds, timings[*].seconds, counts.*_seconds), the run bundle's name (it holds the
     creation time), the output directory (the builds write to two) and options.jobs (the
     difference under test).
Nothing else is excluded. scip-python missing → the test fails (scripts/setup.sh installs it).
Prints "N passed, N failed" last; exit 1 on any failure.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clilib import Checks, build  # noqa: E402

PYCPG = os.path.abspath(sys.argv[1])
SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
c = Checks()


def sql_str(s):
    return "'" + s.replace("'", "''") + "'"


def ident(s):
    return '"' + s.replace('"', '""') + '"'


def parquet_files(out):
    return sorted(os.path.relpath(os.path.join(d, f), out)
                  for d, _, fs in os.walk(out) for f in fs if f.endswith(".parquet"))


def tables(files):
    """The tables to compare: a dataset is all parts in its folder; an error artifact or a
    link chunk table is one file."""
    t = {}
    for f in files:
        parts = f.split(os.sep)
        key = parts[0] if len(parts) == 2 and parts[0].endswith("_v1") else f
        t.setdefault(key, []).append(f)
    return t


VOLATILE = {"created_at_unix_s", "wall_seconds", "output_dir"}


def stable_manifest(m):
    m = json.loads(json.dumps(m))
    for k in VOLATILE:
        m.pop(k, None)
    for t in m.get("timings", []):
        t.pop("seconds", None)
    m["counts"] = {k: v for k, v in m.get("counts", {}).items() if not k.endswith("_seconds")}
    m.get("repro", {}).pop("bundle_name", None)
    for k in ("out", "jobs"):
        m.get("options", {}).pop(k, None)
    return m


T = tempfile.mkdtemp(prefix="pycpg-test-determinism-")
try:
    tree = os.path.join(T, "tree")
    shutil.copytree(os.path.join(SRC, "tests", "fixtures", "scip", "basic", "repo", "pkg"),
                    os.path.join(tree, "pkg"))
    shutil.copytree(os.path.join(SRC, "tests", "fixtures", "calls", "app"),
                    os.path.join(tree, "app"))
    A, B = os.path.join(T, "a"), os.path.join(T, "b")  # `a` and `b` in the queries
    env = {"PYCPG_CHUNK_BYTES": "1500"}
    for out, jobs in ((A, "1"), (B, "2")):
        rc, err = build(PYCPG, tree, out, "--scip", "auto", "-j", jobs, env=env)
        c.check(f"-j {jobs} build exits 0", (0, ""), (rc, err))
    ma = json.load(open(os.path.join(A, "manifest.json")))
    c.check("scip-python ran and its index was ingested", "ingested",
            ma.get("counts", {}).get("scip_status"))
    with open(os.path.join(A, "extract_chunks.json")) as f:
        c.check("several chunks", True, len(json.load(f)["chunks"]) > 1)

    fa, fb = parquet_files(A), parquet_files(B)
    c.check("the same Parquet files", fa, fb)
    ta = tables(fa)
    c.check("every dataset present (scip_, cpg_, py_ and rel_ datasets among them)", True,
            all(any(k.startswith(p) for k in ta) for p in ("scip_", "cpg_", "py_", "rel_")))

    # Two queries, paths relative to T (a `pycpg query` argument stays well under the kernel's
    # 128 KB): per table, the rows of -j 1 not in -j 2 (EXCEPT ALL: duplicates count), then
    # both row counts; equal counts and an empty difference make the two multisets equal.
    names = sorted(ta)
    extra = [k for k in names if len(ta[k]) != 1]
    src = {k: (f"{k}/*.parquet" if k.endswith("_v1") else k) for k in names}
    c.check("a dataset's folder holds only its parts", [], [k for k in extra
                                                         if not k.endswith("_v1")])

    def scan(side, k):
        return f"read_parquet({sql_str(side + '/' + src[k])})"

    def tq(sql):
        p = subprocess.run([PYCPG, "query", "a", sql, "--json"], cwd=T, capture_output=True,
                           text=True, timeout=300)
        if p.returncode != 0:
            raise SystemExit(f"query failed: {p.stderr}")
        return [list(r.values()) for r in json.loads(p.stdout or "[]")]

    diff = dict(tq("\nUNION ALL\n".join(
        f"SELECT {i} AS t, count(*) AS n FROM (SELECT * FROM {scan('a', k)} EXCEPT ALL "
        f"SELECT * FROM {scan('b', k)})" for i, k in enumerate(names))))
    counts = {t: (na, nb) for t, na, nb in tq("\nUNION ALL\n".join(
        f"SELECT {i} AS t, (SELECT count(*) FROM {scan('a', k)}) AS na, "
        f"(SELECT count(*) FROM {scan('b', k)}) AS nb" for i, k in enumerate(names)))}
    nonempty, rows = [], 0
    for i, k in enumerate(names):
        x, (na, nb) = diff.get(i), counts.get(i, (None, None))
        if (x, na) != (0, nb):
            # which columns differ: the same EXCEPT ALL, one column at a time
            cols = [r[0] for r in tq(f"SELECT column_name FROM (DESCRIBE SELECT * FROM "
                                     f"{scan('a', k)})")]
            bad = [col for col in cols if tq(
                f"SELECT count(*) FROM (SELECT {ident(col)} FROM {scan('a', k)} EXCEPT ALL "
                f"SELECT {ident(col)} FROM {scan('b', k)})")[0][0]]
            print(f"{k}: columns that differ: {bad}")
        c.check(f"{k}: rows of -j 1 = rows of -j 2 (every column: EXCEPT ALL, row counts)",
                (0, na), (x, nb))
        rows += na or 0
        if na and k.endswith("_v1"):
            nonempty.append(k)
    c.check("SCIP datasets have rows (meta included)", True,
            all(d in nonempty for d in ("scip_metadata_v1", "scip_occurrences_v1",
                                        "scip_documents_v1")))
    for f in fa:
        if f in fb:
            with open(os.path.join(A, f), "rb") as x, open(os.path.join(B, f), "rb") as y:
                c.check(f"{f}: byte-identical", True, x.read() == y.read())
    mb = json.load(open(os.path.join(B, "manifest.json")))
    c.check("manifest.json equal but for times, OUT, the bundle name and -j",
            stable_manifest(ma), stable_manifest(mb))
    print(f"compared {len(names)} tables ({len(nonempty)} non-empty datasets), {rows} rows")
finally:
    shutil.rmtree(T, ignore_errors=True)
c.finish()
