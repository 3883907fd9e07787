"""test_datasets_doc.py — docs/datasets.md is what `pycpg datasets --markdown` generates, and
what it says is true.

    python3 tests/cli/test_datasets_doc.py PYCPG

1. The committed docs/datasets.md equals the binary's output, byte for byte (on a difference
   the test prints the first differing lines and the command that regenerates the file).
2. Its dataset sections against what a reader of a real build sees (tests/fixtures/calls):
   every dataset's columns, in order, with the DuckDB types of its Parquet files, and the
   non-NULL columns, version and family its Parquet footer declares.
3. Its kinds tables against the kinds registry read from src/link/link_kinds.c's source
   (anchored, required props, sources), and every node and edge kind the fixture's graph
   holds is listed as emitted.
"""
import difflib
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clilib import Checks, bound  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC = os.path.join(ROOT, "docs", "datasets.md")


def parse_datasets(md):
    """{dataset: {"version", "family", "cols": [(name, type, nullable)]}} from the sections."""
    out, cur = {}, None
    for line in md.splitlines():
        m = re.match(r"^### `([a-z0-9_]+)`$", line)
        if m:
            cur = out.setdefault(m.group(1), {"cols": []})
            continue
        if line.startswith("## "):
            cur = None
        if cur is None:
            continue
        m = re.search(r"Version (\d+), family `([a-z_]+)`", line)
        if m:
            cur["version"], cur["family"] = m.group(1), m.group(2)
        m = re.match(r"^\| `([^`]+)` \| ([^|]+) \| (yes|no) \| ", line)
        if m:
            cur["cols"].append((m.group(1), m.group(2).strip(), m.group(3) == "yes"))
    return out


def parse_kinds(md):
    """{kind: (is_edge, anchored, required, sources, emitted)} from the two kinds tables."""
    out, edge = {}, None
    for line in md.splitlines():
        if line.startswith("## CPG node kinds"):
            edge = False
        elif line.startswith("## CPG edge kinds"):
            edge = True
        elif line.startswith("## "):
            edge = None
        m = re.match(r"^\| `([A-Z_]+)` \| (yes|no) \| ([^|]*) \| ([^|]*) \| (.*) \|$", line)
        if m and edge is not None:
            names = lambda cell: ",".join(re.findall(r"`([^`]+)`", cell))  # noqa: E731
            out[m.group(1)] = (edge, m.group(2) == "yes", names(m.group(3)),
                               names(m.group(4)), not m.group(5).startswith("not emitted"))
    return out


def registry_kinds():
    """The kinds table as written in link_kinds.c: N(name, anchor, req, src, idp) and
    E(name, anchor, req, src) rows."""
    src = open(os.path.join(ROOT, "src", "link", "link_kinds.c")).read()
    out = {}
    for m in re.finditer(r'\b([NE])\(\s*"([A-Z_]+)",\s*(true|false),\s*"([^"]*)",\s*"([^"]*)"',
                         src):
        out[m.group(2)] = (m.group(1) == "E", m.group(3) == "true", m.group(4), m.group(5))
    return out


def main():
    pycpg = sys.argv[1]
    c = Checks()
    gen = subprocess.run([pycpg, "datasets", "--markdown"], capture_output=True, text=True)
    c.check("pycpg datasets --markdown exits 0", 0, gen.returncode)
    committed = open(DOC, encoding="utf-8").read() if os.path.exists(DOC) else ""
    same = gen.stdout == committed
    c.check("docs/datasets.md equals `pycpg datasets --markdown`", True, same)
    if not same:
        diff = list(difflib.unified_diff(committed.splitlines(), gen.stdout.splitlines(),
                                         "docs/datasets.md (committed)", "pycpg datasets --markdown",
                                         lineterm="", n=1))
        print("\n".join(diff[:40]))
        print("regenerate it with:  build/pycpg datasets --markdown > docs/datasets.md")
    md = gen.stdout
    both = subprocess.run([pycpg, "datasets", "--json", "--markdown"], capture_output=True,
                          text=True)
    c.check("--json with --markdown is a usage error (exit 2)", 2, both.returncode)

    # 2. the datasets against a real build's Parquet files
    docs = parse_datasets(md)
    build, query = bound(pycpg)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        rc, err = build(os.path.join(ROOT, "tests", "fixtures", "calls"), out)
        c.check("fixture build exits 0", 0, rc)
        if rc != 0:
            print(err)
            c.finish()
        written = sorted(d for d in os.listdir(out) if re.search(r"_v[0-9]+$", d)
                         and any(f.endswith(".parquet") for f in os.listdir(os.path.join(out, d))))
        c.check("every dataset of the build is documented", [],
                [d for d in written if d not in docs])
        c.check("every documented dataset is written by a build", [],
                [d for d in docs if d not in written])
        cols = {}
        for t, name, typ in query(out, "select table_name, column_name, data_type from "
                                       "duckdb_columns() order by table_name, column_index"):
            cols.setdefault(t, []).append((name, typ.replace('"', "")))
        footer = {}
        glob = os.path.join(out, "*", "*.parquet").replace("'", "''")
        for ds, k, v in query(out, "select distinct regexp_extract(file_name, "
                                   "'/([^/]+)/[^/]+[.]parquet$', 1), decode(key), decode(value) "
                                   f"from parquet_kv_metadata('{glob}') where decode(key) in "
                                   "('required_non_null', 'schema_version', 'dataset_family')"):
            footer.setdefault(ds, {})[k] = v
        for d in written:
            doc = docs.get(d)
            if not doc:
                continue
            c.check(f"{d}: columns and types as Parquet has them", cols.get(d),
                    [(n, t) for n, t, _ in doc["cols"]])
            f = footer.get(d, {})
            req = set(filter(None, f.get("required_non_null", "").split(",")))
            c.check(f"{d}: non-NULL columns as the footer's required_non_null", sorted(req),
                    sorted(n for n, _, nullable in doc["cols"] if not nullable))
            c.check(f"{d}: version and family as the footer's",
                    (f.get("schema_version"), f.get("dataset_family")),
                    (doc.get("version"), doc.get("family")))

        # 3. the kinds against link_kinds.c, and the graph's kinds are documented as emitted
        kinds, reg = parse_kinds(md), registry_kinds()
        c.check("link_kinds.c parsed (kinds found)", True, len(reg) > 50)
        c.check("the kinds documented are the registry's", sorted(reg), sorted(kinds))
        for k, (edge, anchor, req, src) in reg.items():
            if k in kinds:
                c.check(f"{k}: edge?, anchored, required, sources", (edge, anchor, req, src),
                        kinds[k][:4])
        present = [r[0] for r in query(out, "select distinct node_kind from cpg_nodes_v1 union "
                                            "select distinct edge_kind from cpg_edges_v1")]
        c.check("the fixture's graph has kinds", True, len(present) > 20)
        c.check("every kind in the fixture's graph is documented as emitted", [],
                sorted(k for k in present if not kinds.get(k, (0, 0, 0, 0, False))[4]))
    c.finish()


if __name__ == "__main__":
    main()
