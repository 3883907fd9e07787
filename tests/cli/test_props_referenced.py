#!/usr/bin/env python3
"""test_props_referenced.py — props referenced instead of copied (issue 25 (f), (g);
docs/datasets.md, "Referenced props") lose nothing: every reader gives the rows a build that
stores every prop (--copy-props, the layout before) stores.

    python3 tests/cli/test_props_referenced.py PYCPG

One repository (the standard library's json package, tests/fixtures/calls, a file that does
not parse, a bare `yield`, a file whose name is not UTF-8, a NUL byte) built twice, whole
graph: as pycpg writes it, and with --copy-props. The oracle is the second build's raw files.
1. cpg_props_v1 as `pycpg query` reads the first build equals the second's Parquet files read
   raw (EXCEPT ALL both ways, same count); the first stores fewer rows and has the mark
   cpg_props_v1/_derived, the second has none.
2. Every other Parquet file of the two builds is byte-identical (nodes, edges, the quality
   tables, every error artifact: the props left out change nothing else), but for
   cpg_props_v1's alignment artifact, which counts the rows written.
3. `pycpg export --format both` of the first build: its Arrow files (read by apache-arrow,
   an independent reader) hold every prop row; its Parquet parts keep the mark and read back
   the same rows. `--format ipc` builds store every prop.
4. A mark another pycpg wrote makes reading cpg_props_v1 fail with a message (never fewer
   rows); other datasets, and its own files read raw, still read.
5. An incremental rebuild with --copy-props rebuilds every file (the manifest says why) and
   drops the mark.
Prints "N passed, N failed" last.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clilib import Checks, bound  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DUMP = os.path.join(HERE, "ipc_dump.js")


def raw(out, ds, ext="parquet"):
    esc = "".join("[%s]" % ch if ch in "[*?" else ch for ch in os.path.abspath(out))
    return "read_parquet('%s/%s/part-*.%s')" % (esc.replace("'", "''"), ds, ext)


def parquet_files(out):
    return sorted(os.path.relpath(p, out)
                  for p in glob.glob(os.path.join(glob.escape(out), "**", "*.parquet"),
                                     recursive=True))


def same_bytes(a, b):
    with open(a, "rb") as x, open(b, "rb") as y:
        return x.read() == y.read()


def arrow_rows(files):
    if not files:
        return 0
    r = subprocess.run(["node", DUMP] + files, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"ipc_dump.js failed:\n{r.stderr}")
    return sum(v["rows"] for v in json.loads(r.stdout).values())


def compare(c, query, got_out, want_out, what):
    """cpg_props_v1 as pycpg reads got_out against want_out's raw files."""
    row = query(got_out, f"select (select count(*) from (select * from cpg_props_v1 except all "
                         f"select * from {raw(want_out, 'cpg_props_v1')})), (select count(*) "
                         f"from (select * from {raw(want_out, 'cpg_props_v1')} except all "
                         f"select * from cpg_props_v1)), (select count(*) from cpg_props_v1), "
                         f"(select count(*) from {raw(want_out, 'cpg_props_v1')})")[0]
    c.check(f"{what}: cpg_props_v1 read back equals every prop stored (missing, extra)",
            [0, 0], row[:2])
    c.check(f"{what}: as many rows", row[3], row[2])
    return row[2]


def main():
    pycpg = sys.argv[1]
    c = Checks()
    build, query = bound(pycpg)
    with tempfile.TemporaryDirectory() as tmp:
        repo = os.path.join(tmp, "repo")
        shutil.copytree(os.path.join(sysconfig.get_paths()["stdlib"], "json"),
                        os.path.join(repo, "json"),
                        ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(os.path.join(HERE, "..", "fixtures", "calls"),
                        os.path.join(repo, "calls"))
        with open(os.path.join(repo, "gen.py"), "w") as f:
            f.write("def gen():\n    yield\n    x = yield\n    return x\n")
        with open(os.path.join(repo, "broken.py"), "w") as f:
            f.write("def f(:\n    return 1\nclass C:\n    def m(self): return self.x\n")
        with open(os.path.join(repo, "nul.py"), "wb") as f:
            f.write(b"x = 1\x00\n")
        with open(os.path.join(os.fsencode(repo), b"bad\xffname.py"), "w") as f:
            f.write("def f(a):\n    return g(a) + 1\n")
        ref, cop = os.path.join(tmp, "ref"), os.path.join(tmp, "copied")
        rc, err = build(repo, ref, "--scip", "off")
        c.check("default build exits 0", (0, ""), (rc, err if rc else ""))
        rc, err = build(repo, cop, "--scip", "off", "--copy-props")
        c.check("--copy-props build exits 0", (0, ""), (rc, err if rc else ""))

        # 1. the rows, the mark
        n = compare(c, query, ref, cop, "default build")
        stored = query(ref, f"select count(*) from {raw(ref, 'cpg_props_v1')}")[0][0]
        print(f"cpg_props_v1: {n} rows, {stored} stored ({100.0 * (n - stored) / n:.0f} % "
              "referenced)")
        c.check("the default build stores fewer props", True, 0 < stored < n)
        c.check("the default build has the mark", True,
                os.path.exists(os.path.join(ref, "cpg_props_v1", "_derived")))
        c.check("the --copy-props build has no mark", False,
                os.path.exists(os.path.join(cop, "cpg_props_v1", "_derived")))
        opts = [json.load(open(os.path.join(o, "manifest.json")))["options"]["props"]
                for o in (ref, cop)]
        c.check("the manifests say how props are stored", ["referenced", "copied"], opts)

        # 2. nothing else changed
        files = parquet_files(ref)
        c.check("the same Parquet files", files, parquet_files(cop))
        # (cpg_props_v1's alignment artifact counts the rows written: checked below)
        alignment = "extract_errors/cpg_props_v1/alignment.parquet"
        differ = [f for f in files if not f.startswith("cpg_props_v1/") and f != alignment
                  and os.path.exists(os.path.join(cop, f))
                  and not same_bytes(os.path.join(ref, f), os.path.join(cop, f))]
        c.check("every other Parquet file byte-identical", [], differ)
        got = [query(o, "select input_rows, good_rows from cpg_props_v1_alignment")[0]
               for o in (ref, cop)]
        c.check("the alignment artifacts count the rows written", [[stored, stored], [n, n]],
                got)
        q = query(ref, "select count(*) from cpg_props_quality_v1")[0][0]
        c.check("cpg_props_quality_v1 the same", q,
                query(cop, "select count(*) from cpg_props_quality_v1")[0][0])

        # 3. export: Arrow snapshots hold every row; Parquet parts keep the mark
        both = os.path.join(tmp, "both")
        r = subprocess.run([pycpg, "export", ref, "-o", both, "--format", "both", "-q"],
                           capture_output=True, text=True)
        c.check("export --format both exits 0", (0, ""), (r.returncode, r.stderr))
        arrows = sorted(glob.glob(os.path.join(glob.escape(both), "cpg_props_v1", "*.arrow")))
        c.check("export: the Arrow files hold every prop", n, arrow_rows(arrows))
        c.check("export: the Parquet parts keep the mark", True,
                os.path.exists(os.path.join(both, "cpg_props_v1", "_derived")))
        compare(c, query, both, cop, "export --format both")
        ipc = os.path.join(tmp, "ipc")
        rc, err = build(repo, ipc, "--scip", "off", "--format", "ipc")
        c.check("--format ipc build exits 0", (0, ""), (rc, err if rc else ""))
        arrows = sorted(glob.glob(os.path.join(glob.escape(ipc), "cpg_props_v1", "*.arrow")))
        c.check("--format ipc: the Arrow files hold every prop", n, arrow_rows(arrows))

        # 4. a mark this pycpg did not write
        mark = os.path.join(ref, "cpg_props_v1", "_derived")
        with open(mark) as f:
            good = f.read()
        with open(mark, "w") as f:
            f.write("0123456789abcdef\n")
        r = subprocess.run([pycpg, "query", ref, "select count(*) from cpg_props_v1"],
                           capture_output=True, text=True)
        c.check("another pycpg's mark: query fails", True, r.returncode != 0)
        c.check("another pycpg's mark: the message says so", True,
                "written by another pycpg" in r.stderr)
        c.check("another pycpg's mark: other datasets still read", True,
                query(ref, "select count(*) from cpg_nodes_v1")[0][0] > 0)
        c.check("another pycpg's mark: its files still read raw", stored,
                query(ref, f"select count(*) from {raw(ref, 'cpg_props_v1')}")[0][0])
        with open(mark, "w") as f:
            f.write(good)

        # 5. incremental: --copy-props over a default build rebuilds and drops the mark
        rc, err = build(repo, ref, "--scip", "off", "--copy-props")
        c.check("incremental --copy-props exits 0", (0, ""), (rc, err if rc else ""))
        c.check("incremental --copy-props: no mark", False, os.path.exists(mark))
        compare(c, query, ref, cop, "incremental --copy-props")
        stored = query(ref, f"select count(*) from {raw(ref, 'cpg_props_v1')}")[0][0]
        c.check("incremental --copy-props: every prop stored", n, stored)
    c.finish()


if __name__ == "__main__":
    main()
