#!/usr/bin/env python3
"""test_graph_referenced.py — graph rows referenced instead of copied (issue 25 (f), (g);
docs/datasets.md, "Referenced rows" and "Referenced props") lose nothing: every reader gives
the rows of cpg_nodes_v1, cpg_edges_v1 and cpg_props_v1 a build that stores every row
(--copy-graph, the layout before) gives.

    python3 tests/cli/test_graph_referenced.py PYCPG

One repository (the standard library's json package, tests/fixtures/calls, a file that does
not parse, a bare `yield`, a file whose name is not UTF-8, a NUL byte, a symlink to a file
outside the repository, which the scan skips) built twice, whole graph: as pycpg writes it,
and with --copy-graph. The oracle is the second build (its files hold every row; its views
add nothing).
1. Each of the three tables as `pycpg query` reads the first build equals the second's (EXCEPT
   ALL both ways, same count), and the second's equal its own Parquet files read raw (edges:
   but edge_id, a sparse column); the first stores fewer rows and has the mark
   <table>/_derived, the second none. Every edge's endpoints are nodes.
2. Every other Parquet file of the two builds is byte-identical (the quality tables, every
   error artifact: the rows left out change nothing else), but for the three tables'
   alignment artifacts, which count the rows written. A build whose narrow group tables all
   make their given-back rows again from the evidence (the test seam
   PYCPG_FAULTS=link_given_back) writes the first build's files byte for byte.
3. `pycpg export --format both` of the first build: its Arrow files (read by apache-arrow,
   an independent reader) hold every row; its Parquet parts keep the marks and read back the
   same rows. `--format ipc` builds store every row.
4. A mark another pycpg wrote makes reading its table fail with a message (never fewer rows);
   other datasets, and its own files read raw, still read. An edge forged into cpg_edges_v1's
   error artifact (as one left out for an endpoint that is no node) is not given back.
5. An incremental rebuild with --copy-props (the option's older name) rebuilds every file (the
   manifest says why) and drops the marks.
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


TABLES = ("cpg_nodes_v1", "cpg_edges_v1", "cpg_props_v1")


def snapshot(pycpg, out, table, dest):
    """table as `pycpg query` reads out, copied to the Parquet file dest."""
    r = subprocess.run([pycpg, "query", out, f"copy (select * from {table}) to "
                        f"'{dest}' (format parquet)"], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"snapshot of {table} in {out} failed:\n{r.stderr}")
    return dest


def compare(c, pycpg, query, tmp, got_out, want, what):
    """Each table as pycpg reads got_out against want[table] (a snapshot of the oracle's);
    returns the row counts."""
    counts = {}
    for t in TABLES:
        got = snapshot(pycpg, got_out, t, os.path.join(tmp, f"got-{t}.parquet"))
        row = query(got_out, f"select (select count(*) from (select * from '{got}' except all "
                             f"select * from '{want[t]}')), (select count(*) from (select * "
                             f"from '{want[t]}' except all select * from '{got}')), "
                             f"(select count(*) from '{got}'), (select count(*) from "
                             f"'{want[t]}')")[0]
        c.check(f"{what}: {t} read back equals every row stored (missing, extra)", [0, 0],
                row[:2])
        c.check(f"{what}: {t} as many rows", row[3], row[2])
        counts[t] = row[2]
    return counts


def stored_rows(query, out, t):
    return query(out, f"select count(*) from {raw(out, t)}")[0][0]


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
        with open(os.path.join(tmp, "outside.py"), "w") as f:
            f.write("def h():\n    return 2\n")
        os.symlink(os.path.join(tmp, "outside.py"), os.path.join(repo, "link.py"))
        ref, cop = os.path.join(tmp, "ref"), os.path.join(tmp, "copied")
        rc, err = build(repo, ref, "--scip", "off")
        c.check("default build exits 0", (0, ""), (rc, err if rc else ""))
        rc, err = build(repo, cop, "--scip", "off", "--copy-graph")
        c.check("--copy-graph build exits 0", (0, ""), (rc, err if rc else ""))

        # 1. the rows, the marks
        want = {t: snapshot(pycpg, cop, t, os.path.join(tmp, f"want-{t}.parquet"))
                for t in TABLES}
        for t in ("cpg_nodes_v1", "cpg_props_v1"):
            c.check(f"the --copy-graph build's {t} is its files", [[0, 0]],
                    query(cop, f"select (select count(*) from (select * from {t} except all "
                               f"select * from {raw(cop, t)})), (select count(*) from (select "
                               f"* from {raw(cop, t)} except all select * from {t}))"))
        c.check("the --copy-graph build's cpg_edges_v1 is its files (but edge_id)", [[0, 0]],
                query(cop, "select (select count(*) from (select * exclude (edge_id) from "
                           f"cpg_edges_v1 except all select * exclude (edge_id) from "
                           f"{raw(cop, 'cpg_edges_v1')})), (select count(*) from (select * "
                           f"exclude (edge_id) from {raw(cop, 'cpg_edges_v1')} except all "
                           "select * exclude (edge_id) from cpg_edges_v1))"))
        n = compare(c, pycpg, query, tmp, ref, want, "default build")
        stored = {t: stored_rows(query, ref, t) for t in TABLES}
        for t in TABLES:
            print(f"{t}: {n[t]} rows, {stored[t]} stored "
                  f"({100.0 * (n[t] - stored[t]) / n[t]:.0f} % referenced)")
            c.check(f"the default build stores fewer rows of {t}", True, 0 < stored[t] < n[t])
            c.check(f"the default build has {t}'s mark", True,
                    os.path.exists(os.path.join(ref, t, "_derived")))
            c.check(f"the --copy-graph build has no mark of {t}", False,
                    os.path.exists(os.path.join(cop, t, "_derived")))
        c.check("every edge's endpoints are nodes", [[0]],
                query(ref, "select count(*) from cpg_edges_v1 e where not exists (select 1 "
                           "from cpg_nodes_v1 n where n.node_id = e.src_node_id) or not "
                           "exists (select 1 from cpg_nodes_v1 n where n.node_id = "
                           "e.dst_node_id)"))
        opts = [json.load(open(os.path.join(o, "manifest.json")))["options"]["graph"]
                for o in (ref, cop)]
        c.check("the manifests say how the graph's rows are stored", ["referenced", "copied"],
                opts)

        # 2. nothing else changed
        files = parquet_files(ref)
        c.check("the same Parquet files", files, parquet_files(cop))
        # (the tables' alignment artifacts count the rows written: checked below)
        alignments = [f"extract_errors/{t}/alignment.parquet" for t in TABLES]
        differ = [f for f in files if not f.startswith(tuple(t + "/" for t in TABLES))
                  and f not in alignments and os.path.exists(os.path.join(cop, f))
                  and not same_bytes(os.path.join(ref, f), os.path.join(cop, f))]
        c.check("every other Parquet file byte-identical", [], differ)
        for t in TABLES:
            got = [query(o, f"select input_rows, good_rows from {t}_alignment")[0]
                   for o in (ref, cop)]
            c.check(f"{t}'s alignment artifacts count the rows written",
                    [[stored[t], stored[t]], [n[t], n[t]]], got)

        # 2b. the rows a narrow group table gives back are made again from the evidence when
        # it holds one (none here): forced for every table, the same files
        forced = os.path.join(tmp, "forced")
        rc, err = build(repo, forced, "--scip", "off",
                        env={"PYCPG_FAULTS": "link_given_back:lk_g"})
        c.check("a build that stages every narrow table's given-back rows exits 0", (0, ""),
                (rc, err if rc else ""))
        c.check("it writes the same Parquet files", files, parquet_files(forced))
        c.check("each byte-identical", [],
                [f for f in files if os.path.exists(os.path.join(forced, f))
                 and not same_bytes(os.path.join(ref, f), os.path.join(forced, f))])

        # 3. export: Arrow snapshots hold every row; Parquet parts keep the marks
        both = os.path.join(tmp, "both")
        r = subprocess.run([pycpg, "export", ref, "-o", both, "--format", "both", "-q"],
                           capture_output=True, text=True)
        c.check("export --format both exits 0", (0, ""), (r.returncode, r.stderr))
        for t in TABLES:
            arrows = sorted(glob.glob(os.path.join(glob.escape(both), t, "*.arrow")))
            c.check(f"export: the Arrow files hold every row of {t}", n[t], arrow_rows(arrows))
            c.check(f"export: the Parquet parts keep {t}'s mark", True,
                    os.path.exists(os.path.join(both, t, "_derived")))
        compare(c, pycpg, query, tmp, both, want, "export --format both")
        ipc = os.path.join(tmp, "ipc")
        rc, err = build(repo, ipc, "--scip", "off", "--format", "ipc")
        c.check("--format ipc build exits 0", (0, ""), (rc, err if rc else ""))
        for t in TABLES:
            arrows = sorted(glob.glob(os.path.join(glob.escape(ipc), t, "*.arrow")))
            c.check(f"--format ipc: the Arrow files hold every row of {t}", n[t],
                    arrow_rows(arrows))

        # 4. a mark this pycpg did not write
        for t in TABLES:
            mark = os.path.join(ref, t, "_derived")
            with open(mark) as f:
                good = f.read()
            with open(mark, "w") as f:
                f.write("0123456789abcdef\n")
            r = subprocess.run([pycpg, "query", ref, f"select count(*) from {t}"],
                               capture_output=True, text=True)
            c.check(f"another pycpg's mark of {t}: query fails", True, r.returncode != 0)
            c.check(f"another pycpg's mark of {t}: the message says so", True,
                    "written by another pycpg" in r.stderr)
            c.check(f"another pycpg's mark of {t}: other datasets still read", True,
                    query(ref, "select count(*) from py_ast_nodes_v1")[0][0] > 0)
            c.check(f"another pycpg's mark of {t}: its files still read raw", stored[t],
                    stored_rows(query, ref, t))
            with open(mark, "w") as f:
                f.write(good)

        # 4b. an edge in cpg_edges_v1's error artifact (as one whose endpoint is no node) is
        # not given back: forged into a copy of the output
        forged = os.path.join(tmp, "forged")
        shutil.copytree(ref, forged)
        errors = os.path.join(forged, "extract_errors", "cpg_edges_v1", "errors.parquet")
        key = query(ref, "select src_node_id, dst_node_id from cpg_edges_v1 where edge_kind = "
                         "'TS_PARENT_OF' order by src_node_id, dst_node_id limit 1")[0]
        r = subprocess.run(
            [pycpg, "query", forged,
             f"copy (select * from cpg_edges_v1_errors union all select -1, edge_kind, "
             f"src_node_id, dst_node_id, path, bstart, bend, [{{'code': 'KIND_CONTRACT', "
             f"'message': 'forged', 'column': NULL, 'severity': 'ERROR', 'rule_name': NULL, "
             f"'rule_priority': NULL, 'source': 'kind_contract'}}] from cpg_edges_v1 where "
             f"edge_kind = 'TS_PARENT_OF' and src_node_id = {key[0]} and dst_node_id = "
             f"{key[1]}) to '{errors}.new' (format parquet)"], capture_output=True, text=True)
        c.check("forged error artifact written", (0, ""), (r.returncode, r.stderr))
        os.replace(errors + ".new", errors)
        count = "select count(*) from cpg_edges_v1 where edge_kind = 'TS_PARENT_OF'"
        c.check("an edge in the error artifact is not given back",
                query(ref, count)[0][0] - 1, query(forged, count)[0][0])
        c.check("the other edges still are", [[0]],
                query(forged, f"select count(*) from (select * from cpg_edges_v1 where not "
                              f"(src_node_id = {key[0]} and dst_node_id = {key[1]}) except all "
                              f"select * from '{want['cpg_edges_v1']}')"))

        # 5. incremental: --copy-props (the older name) over a default build rebuilds, drops
        # the marks
        rc, err = build(repo, ref, "--scip", "off", "--copy-props")
        c.check("incremental --copy-props exits 0", (0, ""), (rc, err if rc else ""))
        c.check("incremental --copy-props: no mark", [False] * 3,
                [os.path.exists(os.path.join(ref, t, "_derived")) for t in TABLES])
        compare(c, pycpg, query, tmp, ref, want, "incremental --copy-props")
        c.check("incremental --copy-props: every row stored", n,
                {t: stored_rows(query, ref, t) for t in TABLES})
    c.finish()


if __name__ == "__main__":
    main()
