#!/usr/bin/env python3
"""test_ipc.py — Arrow IPC snapshots (build --format, pycpg export) read back by apache-arrow.

    python3 tests/cli/test_ipc.py PYCPG

The reader is apache-arrow (npm, pinned by scripts/setup.sh) on Debian's node, through
ipc_dump.js; the oracle is DuckDB's reading of the Parquet parts (`pycpg query`): the Arrow
type of every column derived from the Parquet footer's own schema (parquet_schema), its
nullability from the column's repetition, the footer's key-value metadata (parquet_kv_metadata)
and every row's values (read_parquet, in file order; a sparse id column filled in from its
recipe in the footer, as docs/datasets.md tells a raw reader to: the snapshot holds every value).

1. A fixture with hostile bytes (NUL, invalid UTF-8, an undecodable file, lists, empty
   datasets) built with --format both: every dataset's parts have .arrow twins listed by the
   manifest, equal to the Parquet parts in rows, fields, types, nullability, metadata and all
   values; empty datasets are files of zero record batches with their schema.
2. --format ipc (--no-link, for time): the evidence datasets' .arrow files byte for byte, and
   no Parquet part left.
3. pycpg export: of the 'both' output, the same .arrow files; of a hand-made Parquet part
   (70,000 rows: NUL in strings, invalid UTF-8 in BLOBs, NULLs in every column, lists with
   NULL elements, lists of structs) several batches equal to the part; refusals.
Prints "N passed, N failed" last.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clilib import Checks, build  # noqa: E402

PYCPG = sys.argv[1]
DUMP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ipc_dump.js")
c = Checks()


def run(*args):
    return subprocess.run([PYCPG, *args], capture_output=True, text=True, timeout=300)


def query(out, sql):
    r = run("query", out, sql, "--json")
    if r.returncode != 0:
        raise SystemExit(f"query failed: {sql[:300]}\n{r.stderr}")
    return json.loads(r.stdout or "[]")


def lit(p):
    return "'" + p.replace("'", "''") + "'"


def dump(files):
    r = subprocess.run(["node", DUMP, *files], capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise SystemExit(f"ipc_dump.js failed:\n{r.stderr}")
    return json.loads(r.stdout)


# ---- the oracle: the Parquet footer's schema as Arrow types --------------------------------

LEAF = {("INT64", "INT_64"): "Int64", ("INT64", None): "Int64", ("INT32", "INT_32"): "Int32",
        ("INT32", None): "Int32", ("INT32", "INT_16"): "Int16", ("INT32", "INT_8"): "Int8",
        ("BOOLEAN", None): "Bool", ("FLOAT", None): "Float32", ("DOUBLE", None): "Float64",
        ("BYTE_ARRAY", "UTF8"): "Utf8", ("BYTE_ARRAY", None): "Binary"}


def schema_trees(rows):
    """parquet_schema rows (depth-first, per file) -> {file: [top-level nodes]}."""
    by_file = {}
    for r in rows:
        by_file.setdefault(r["file_name"], []).append(r)
    trees = {}
    for f, rs in by_file.items():
        it = iter(rs)

        def node():
            r = next(it)
            return dict(r, children=[node() for _ in range(r["num_children"] or 0)])
        trees[f] = node()["children"]
    return trees


def arrow_type(n):
    if not n["children"]:
        return LEAF.get((n["type"], n["converted_type"]), f"?{n['type']}/{n['converted_type']}")
    if n["converted_type"] == "LIST":
        return f"List<{arrow_type(n['children'][0]['children'][0])}>"
    return "Struct<{" + ", ".join(f"{k['name']}:{arrow_type(k)}" for k in n["children"]) + "}>"


def value_expr(n):
    col = '"' + n["name"].replace('"', '""') + '"'
    t = arrow_type(n)
    if t == "Utf8":
        return f"hex(encode({col}))"
    if t == "Binary":
        return f"hex({col})"
    if t.startswith("Float"):
        return f"{col}::DOUBLE"
    return col


def norm(t, v):
    """One value as both sides are compared: integers as text, floats as floats."""
    if v is None:
        return None
    if t.startswith("Int"):
        return str(int(v))
    if t.startswith("Float"):
        return float(v)
    if isinstance(v, list):
        return [norm("", x) for x in v]
    if isinstance(v, dict):
        return {k: norm("", x) for k, x in v.items()}
    if isinstance(v, bool) or not isinstance(v, int):
        return v
    return str(v)


def filled(p, kv):
    """The part's rows as an Arrow snapshot holds them: read raw, its sparse id columns (the
    footer's sparse_columns: "col = recipe; …") put back as docs/datasets.md tells a raw reader
    to."""
    rel = f"read_parquet({lit(p)}, file_row_number=true)"
    sparse = dict(kv).get("sparse_columns", "")
    if not sparse:
        return rel
    items = [e.split(" = ", 1) for e in sparse.split("; ")]
    return ("(SELECT * REPLACE (" + ", ".join(f'coalesce("{col}", {recipe}) AS "{col}"'
                                              for col, recipe in items) + f") FROM {rel})")


def compare(qdir, pairs, what, values=True):
    """pairs: [(parquet, arrow)]; qdir: an output `pycpg query` opens."""
    pq = [p for p, _ in pairs]
    listing = "[" + ", ".join(lit(p) for p in pq) + "]"
    trees = schema_trees(query(qdir, f"SELECT * FROM parquet_schema({listing})"))
    kv = {}
    for r in query(qdir, "SELECT file_name, decode(key) k, decode(value) v "
                   f"FROM parquet_kv_metadata({listing})"):
        kv.setdefault(r["file_name"], []).append([r["k"], r["v"]])
    counts = {r["f"]: r["n"] for r in query(
        qdir, f"SELECT filename f, count(*) n FROM read_parquet({listing}, filename=true) "
        "GROUP BY ALL")}
    rows = {}
    if values:
        selects = []
        for i, p in enumerate(pq):
            cols = ", ".join(f"{json.dumps('c%d' % k)} := {value_expr(n)}"
                             for k, n in enumerate(trees[p]))
            selects.append(f"SELECT {i} f, file_row_number r, to_json(struct_pack({cols}))::VARCHAR j "
                           f"FROM {filled(p, kv.get(p, []))}")
        for r in query(qdir, " UNION ALL ".join(selects) + " ORDER BY f, r"):
            rows.setdefault(pq[r["f"]], []).append(json.loads(r["j"]))
    got = dump([a for _, a in pairs])
    for p, a in pairs:
        g = got[a]
        want_fields = [{"name": n["name"], "type": arrow_type(n),
                        "nullable": n["repetition_type"] != "REQUIRED"} for n in trees[p]]
        c.check(f"{what} {a}: fields", want_fields, g["fields"])
        c.check(f"{what} {a}: metadata", kv.get(p, []), g["metadata"])
        c.check(f"{what} {a}: rows", counts.get(p, 0), g["rows"])
        if g["rows"] == 0:
            c.check(f"{what} {a}: no record batch", 0, g["batches"])
        if values:
            types = [f["type"] for f in want_fields]
            want = [[norm(t, v) for t, v in zip(types, row.values())] for row in rows.get(p, [])]
            have = [[norm(t, v) for t, v in zip(types, row)] for row in g["values"]]
            bad = next((i for i, (x, y) in enumerate(zip(want, have)) if x != y), None)
            c.check(f"{what} {a}: all {len(want)} rows' values equal (first difference)",
                    None if bad is None else want[bad],
                    None if bad is None else have[bad])
    return got


def parts(out, ds, ext):
    d = os.path.join(out, ds)
    return sorted(f for f in os.listdir(d) if f.startswith("part-") and f.endswith(ext)) \
        if os.path.isdir(d) else []


def read(p):
    with open(p, "rb") as f:
        return f.read()


tmp = tempfile.mkdtemp(prefix="pycpg-ipc-")
try:
    # ---- 1. a fixture built with --format both ---------------------------------------------
    repo = os.path.join(tmp, "repo")
    os.makedirs(os.path.join(repo, "pkg"))
    files = {
        "pkg/__init__.py": b"",
        "pkg/m.py": b'import os\n\n\nclass A:\n    """doc \xc3\xa9"""\n\n    @staticmethod\n'
                    b'    def f(x: int = 3, *a, **k) -> str:\n        global G\n'
                    b'        return "a\\x00b" + str(x)\n\n\ndef g():\n    return A().f(1)\n',
        "pkg/nul.py": b"x = 1  # a NUL \x00 in a comment\n",
        "pkg/latin1.py": b"s = '\xff\xfe caf\xe9'\n",
        "pkg/bad_syntax.py": b"def (:\n",
    }
    for name, data in files.items():
        with open(os.path.join(repo, name), "wb") as f:
            f.write(data)
    both = os.path.join(tmp, "both")
    rc, err = build(PYCPG, repo, both, "--format", "both", "--scip", "off")
    c.check("build --format both exits 0", (0, ""), (rc, err if rc else ""))
    if rc:
        c.finish()
    manifest = json.load(open(os.path.join(both, "manifest.json")))
    c.check("manifest options.format", "both", manifest["options"].get("format"))
    pairs, empty, derived = [], [], []
    for ds in manifest["datasets"]:
        name = ds["name"]
        pq, ar = parts(both, name, ".parquet"), parts(both, name, ".arrow")
        c.check(f"{name}: format", "both", ds["format"])
        c.check(f"{name}: manifest lists its files",
                {"parquet": [f"{name}/{p}" for p in pq], "ipc": [f"{name}/{a}" for a in ar]},
                ds.get("files"))
        # parts that leave rows out (the referenced rows) have them in part-derived.arrow
        marked = os.path.exists(os.path.join(both, name, "_derived"))
        c.check(f"{name}: part-derived.arrow exactly when its parts leave rows out", marked,
                "part-derived.arrow" in ar)
        if marked:
            derived.append(name)
        ar = [a for a in ar if a != "part-derived.arrow"]
        c.check(f"{name}: a .arrow twin per Parquet part",
                [p[:-len(".parquet")] for p in pq], [a[:-len(".arrow")] for a in ar])
        pairs += [(os.path.join(both, name, p), os.path.join(both, name, a))
                  for p, a in zip(pq, ar)]
        if ds["rows"] == 0:
            empty.append(name)
    c.check("the fixture has empty datasets (rt_*)", True, "rt_objects_v1" in empty)
    c.check("the fixture has list columns with values", True,
            query(both, "SELECT count(*) n FROM py_cst_defs_v1 WHERE len(decorators) > 0")[0]["n"] > 0)
    got = compare(both, pairs, "both")
    c.check("the CPG tables leave rows out (referenced rows)",
            ["cpg_edges_v1", "cpg_nodes_v1", "cpg_props_v1"], sorted(derived))
    for name in derived:
        listing = "'%s/%s/part-*.parquet'" % (both, name)
        want = query(both, f"SELECT (SELECT count(*) FROM {name}) - (SELECT count(*) FROM "
                           f"read_parquet({listing})) n")[0]["n"]
        path = os.path.join(both, name, "part-derived.arrow")
        c.check(f"{name}: part-derived.arrow holds the rows the parts leave out", want,
                dump([path])[path]["rows"])
    c.check("the BLOB column holds invalid UTF-8 (repo_files_v1.bytes)", True,
            query(both, "SELECT count(*) n FROM repo_files_v1 WHERE regexp_matches(hex(bytes), '^(..)*FF')")[0]["n"] > 0)

    # ---- 2. --format ipc --------------------------------------------------------------------
    ipc = os.path.join(tmp, "ipc")
    rc, err = build(PYCPG, repo, ipc, "--format", "ipc", "--scip", "off", "--no-link")
    c.check("build --format ipc exits 0", (0, ""), (rc, err if rc else ""))
    if rc:
        c.finish()
    m2 = json.load(open(os.path.join(ipc, "manifest.json")))
    left = [ds["name"] for ds in m2["datasets"] if parts(ipc, ds["name"], ".parquet")]
    c.check("--format ipc leaves no Parquet part", [], left)
    c.check("--format ipc: manifest format and files",
            [("ipc", {"ipc": [f"{ds['name']}/{a}" for a in parts(ipc, ds["name"], ".arrow")]})
             for ds in m2["datasets"]],
            [(ds["format"], ds["files"]) for ds in m2["datasets"]])
    evidence = [a for p, a in pairs if os.path.isdir(os.path.dirname(a.replace(both, ipc, 1)))]
    same = [a for a in evidence if read(a) != read(a.replace(both, ipc, 1))]
    c.check("--format ipc (--no-link) writes the evidence datasets' .arrow files of --format both",
            (True, []), (len(evidence) > 20, same))

    # ---- 3. pycpg export ----------------------------------------------------------------------
    exp = os.path.join(tmp, "exp")
    r = run("export", both, "-o", exp, "-q")
    c.check("export exits 0", (0, ""), (r.returncode, r.stderr))
    same = [a for p, a in pairs if read(a) != read(a.replace(both, exp, 1))]
    c.check("export writes the same .arrow files", [], same)
    c.check("export leaves no Parquet part", [],
            [ds["name"] for ds in manifest["datasets"] if parts(exp, ds["name"], ".parquet")])
    m3 = json.load(open(os.path.join(exp, "manifest.json")))
    c.check("export's manifest lists the .arrow files",
            [{"ipc": [f"{ds['name']}/{a}" for a in parts(exp, ds["name"], ".arrow")]}
             for ds in m3["datasets"]], [ds["files"] for ds in m3["datasets"]])
    r = run("export", ipc, "-o", os.path.join(tmp, "nopq"), "--format", "parquet")
    c.check("export --format parquet of an ipc output fails", 1, r.returncode)
    c.check("... and leaves no output", False, os.path.exists(os.path.join(tmp, "nopq")))
    r = run("export", both, "-o", os.path.join(tmp, "x"), "--format", "orc")
    c.check("export --format orc is a usage error", 2, r.returncode)
    r = run("export", both, "-o", both + "/.")
    c.check("export onto OUT itself is refused", 2, r.returncode)
    c.check("... and OUT keeps its Parquet parts", True,
            bool(parts(both, "repo_files_v1", ".parquet")))
    r = run("export", repo, "-o", os.path.join(tmp, "x"))
    c.check("export of a directory that is no output is refused", 2, r.returncode)

    # An incremental build over the 'both' output reuses its chunks' Parquet parts only.
    rc, err = build(PYCPG, repo, both, "--scip", "off")
    m4 = json.load(open(os.path.join(both, "manifest.json")))
    c.check("incremental --format parquet over a 'both' output: reused, no .arrow left",
            (0, True, []), (rc, int(m4["counts"]["reused_files"]) > 0,
                            [ds["name"] for ds in m4["datasets"] if parts(both, ds["name"], ".arrow")]))

    # A hand-made part: hostile values in every type pycpg writes, 70,000 rows (several
    # record batches), exported from a directory laid out like an output.
    fake = os.path.join(tmp, "fake")
    os.makedirs(os.path.join(fake, "repo_files_v1"))
    with open(os.path.join(fake, "manifest.json"), "w") as f:
        json.dump({"datasets": [{"name": "repo_files_v1"}], "options": {}}, f)
    part = os.path.join(fake, "repo_files_v1", "part-00000.parquet")
    query(both, f"""COPY (SELECT
        CASE WHEN i % 13 = 0 THEN NULL ELSE i * 7919 - 500000 END::BIGINT AS big,
        CASE WHEN i % 3 = 0 THEN NULL ELSE 'x' || chr(0) || i::VARCHAR || 'é' END AS s,
        CASE WHEN i % 5 = 0 THEN NULL ELSE from_hex('FF00C3' || printf('%06X', i)) END AS b,
        CASE WHEN i % 7 = 0 THEN NULL WHEN i % 7 = 1 THEN [] ELSE [i::VARCHAR, NULL] END AS l,
        CASE WHEN i % 11 = 0 THEN NULL ELSE [{{'key': 'k' || chr(0), 'value': NULL}},
             {{'key': NULL, 'value': i::VARCHAR}}] END AS st,
        CASE WHEN i % 17 = 0 THEN NULL ELSE i % 2 = 0 END AS flag,
        CASE WHEN i % 19 = 0 THEN NULL ELSE (i % 30000)::SMALLINT END AS small,
        CASE WHEN i % 23 = 0 THEN NULL ELSE i::INTEGER END AS int,
        CASE WHEN i % 29 = 0 THEN NULL ELSE i::FLOAT / 3 END AS f,
        CASE WHEN i % 31 = 0 THEN NULL ELSE i::DOUBLE / 7 END AS d,
        NULL::VARCHAR AS all_null
        FROM range(70000) t(i)) TO {lit(part)}
        (FORMAT parquet, KV_METADATA {{k1: 'v1', 'k 2': 'caf\u00e9'}})""")
    fexp = os.path.join(tmp, "fexp")
    r = run("export", fake, "-o", fexp, "-q")
    c.check("export of the hand-made part exits 0", (0, ""), (r.returncode, r.stderr))
    arrow = os.path.join(fexp, "repo_files_v1", "part-00000.arrow")
    got = compare(both, [(part, arrow)], "hostile")
    c.check("70,000 rows make several record batches", True, got[arrow]["batches"] > 1)
finally:
    shutil.rmtree(tmp, ignore_errors=True)
c.finish()
