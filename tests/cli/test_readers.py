#!/usr/bin/env python3
"""test_readers.py PYCPG — every Parquet file of a build opens in a reader other than DuckDB.

tests/fixtures/link is built whole (the link stage included, --scip off, so the SCIP datasets
are empty files with their schema), and EVERY Parquet file under OUT — each dataset's parts,
its error artifacts (extract_errors/) and the link stage's chunk tables (link_chunks/) — is
read by hyparquet (+ hyparquet-compressors for zstd and snappy; pure JavaScript, run on node
by read_parquet.mjs; pinned by scripts/setup.sh into deps/node_modules) and by DuckDB through
`pycpg query`, and for each file the two must agree on:
  - the row count (hyparquet's footer num_rows, the rows hyparquet decodes, DuckDB's rows);
  - the column names and types: the footer's physical and converted/logical types, mapped
    here to DuckDB's type names, against DESCRIBE of read_parquet(file);
  - every value of every row, in file order (64-bit integers exact, as BigInt on one side
    and Python int on the other; BLOBs as hex; NULLs; lists and structs element by element;
    FLOAT as the float32 both decode);
  - the footer's key-value metadata (schema name, registry and contract keys), against
    DuckDB's parquet_kv_metadata(file).
Prints "N passed, N failed" last; exit 1 on any failure.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clilib import Checks, build, query  # noqa: E402

PYCPG = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
MODULES = os.path.join(SRC, "deps", "node_modules")
FIX = os.path.join(SRC, "tests", "fixtures", "link")
SQL_BATCH = 48 * 1024  # bytes of SQL per `pycpg query` (one argument: the kernel caps it)

c = Checks()


def sql_str(s):
    return "'" + s.replace("'", "''") + "'"


def ident(s):
    return '"' + s.replace('"', '""') + '"'


def batched_union(branches):
    """Runs the UNION ALL of the SELECT branches in as few queries as fit; all rows."""
    rows, cur, size = [], [], 0
    for b in branches + [None]:
        if b is None or (cur and size + len(b) > SQL_BATCH):
            if cur:
                rows += query(PYCPG, OUT, "\nUNION ALL\n".join(cur))
            cur, size = [], 0
        if b is not None:
            cur.append(b)
            size += len(b) + 11
    return rows


# ---- Parquet schema -> DuckDB type names ------------------------------------------------------

LEAF = {
    ("BOOLEAN", None): "BOOLEAN",
    ("INT32", None): "INTEGER", ("INT32", "INT_32"): "INTEGER", ("INT32", "INT_16"): "SMALLINT",
    ("INT32", "INT_8"): "TINYINT", ("INT32", "UINT_8"): "UTINYINT",
    ("INT32", "UINT_16"): "USMALLINT", ("INT32", "UINT_32"): "UINTEGER",
    ("INT32", "DATE"): "DATE",
    ("INT64", None): "BIGINT", ("INT64", "INT_64"): "BIGINT", ("INT64", "UINT_64"): "UBIGINT",
    ("FLOAT", None): "FLOAT", ("DOUBLE", None): "DOUBLE",
    ("BYTE_ARRAY", "UTF8"): "VARCHAR", ("BYTE_ARRAY", None): "BLOB",
}


def plain_names(t):
    """DuckDB quotes a struct field name only when it must (a keyword, "key", "column"…):
    both sides' type names are compared with simple names unquoted."""
    return re.sub(r'"([A-Za-z_][A-Za-z0-9_]*)"', r"\1", t)


def duck_type(n):
    kids = n["children"]
    if kids:
        if n["converted_type"] == "LIST" or n["logical_type"] == "LIST":
            rep = kids[0]  # the REPEATED group; its one child is the element (3-level lists)
            elem = rep["children"][0] if len(rep["children"]) == 1 else rep
            return duck_type(elem) + "[]"
        if n["converted_type"] in ("MAP", "MAP_KEY_VALUE") or n["logical_type"] == "MAP":
            kv = kids[0]["children"]
            return f"MAP({duck_type(kv[0])}, {duck_type(kv[1])})"
        return "STRUCT(" + ", ".join(f"{ident(k['name'])} {duck_type(k)}" for k in kids) + ")"
    ct = n["converted_type"] or {"STRING": "UTF8"}.get(n["logical_type"])
    return LEAF.get((n["type"], ct), f"<unmapped {n['type']}/{ct}/{n['logical_type']}>")


# ---- values, canonical on both sides ------------------------------------------------------------

def canon_hy(v):
    """A hyparquet value as read_parquet.mjs encodes it."""
    if v is None:
        return None
    if isinstance(v, bool):
        return ("bool", v)
    if isinstance(v, (int, float)):
        return ("num", v)
    if isinstance(v, str):
        return ("str", v)
    if isinstance(v, list):
        return ("list", tuple(canon_hy(x) for x in v))
    if isinstance(v, dict):
        if set(v) == {"$i"}:
            return ("num", int(v["$i"]))
        if set(v) == {"$b"}:
            return ("bytes", v["$b"])
        if set(v) == {"$f"}:
            return ("nonfinite", v["$f"])
        return ("struct", tuple((k, canon_hy(x)) for k, x in v.items()))
    return ("?", repr(v))


def canon_duck(v, blob=False):
    """A value of DuckDB's to_json (BLOB columns were hex()ed in SQL)."""
    if v is None:
        return None
    if blob:
        return ("bytes", v)
    if isinstance(v, bool):
        return ("bool", v)
    if isinstance(v, (int, float)):
        return ("num", v)
    if isinstance(v, str):
        return ("str", v)
    if isinstance(v, list):
        return ("list", tuple(canon_duck(x) for x in v))
    if isinstance(v, dict):
        return ("struct", tuple((k, canon_duck(x)) for k, x in v.items()))
    return ("?", repr(v))


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i, x, y
    return min(len(a), len(b)), "<end>" if len(a) <= len(b) else a[len(b)], \
        "<end>" if len(b) <= len(a) else b[len(a)]


# ---- the build ------------------------------------------------------------------------------------

T = tempfile.mkdtemp(prefix="pycpg-test-readers-")
OUT = os.path.join(T, "out")
try:
    rc, err = build(PYCPG, FIX, OUT, "--scip", "off")
    c.check("fixture builds (link stage included)", (0, ""), (rc, err))
    files = sorted(os.path.relpath(os.path.join(d, f), OUT)
                   for d, _, fs in os.walk(OUT) for f in fs if f.endswith(".parquet"))
    datasets = sorted({f.split(os.sep)[0] for f in files if f.split(os.sep)[0].endswith("_v1")})
    c.check("Parquet files found in datasets, error artifacts and link chunks", True,
            len(datasets) > 20 and any(f.startswith("extract_errors" + os.sep) for f in files)
            and any(f.startswith("link_chunks" + os.sep) for f in files))

    # hyparquet
    node = shutil.which("node")
    have = node and os.path.exists(os.path.join(MODULES, "hyparquet", "src", "index.js")) and \
        os.path.exists(os.path.join(MODULES, "hyparquet-compressors", "src", "index.js"))
    c.check("node and hyparquet installed (scripts/setup.sh pins them into deps/node_modules)",
            True, bool(have))
    if not have:
        c.finish()
    p = subprocess.run([node, os.path.join(HERE, "read_parquet.mjs"), MODULES] + files, cwd=OUT,
                       capture_output=True, text=True, timeout=120)
    c.check("read_parquet.mjs exits 0", (0, ""), (p.returncode, p.stderr))
    hy = {}
    for line in p.stdout.splitlines():
        r = json.loads(line)
        hy[os.path.normpath(r["path"])] = r
    c.check("hyparquet answered for every file", files, sorted(hy))
    for f in files:
        c.check(f"{f}: hyparquet reads it", None, hy.get(f, {}).get("error"))

    # DuckDB: types, key-value metadata, rows
    absf = {f: os.path.join(OUT, f) for f in files}
    idx = {f: i for i, f in enumerate(files)}
    duck_types = {f: [] for f in files}
    for i, name, typ in batched_union([
            f"SELECT {idx[f]} AS f, column_name, column_type FROM "
            f"(DESCRIBE SELECT * FROM read_parquet({sql_str(absf[f])}))" for f in files]):
        duck_types[files[i]].append((name, typ))
    duck_kv = {f: {} for f in files}
    for name, k, v in query(PYCPG, OUT, "SELECT file_name, decode(key), decode(value) FROM "
                            "parquet_kv_metadata([" + ", ".join(sql_str(absf[f]) for f in files)
                            + "])"):
        duck_kv[os.path.relpath(name, OUT)][k] = v
    branches = []
    for f in files:
        cols = ", ".join(f"{ident(n)} := " + (f"hex({ident(n)})" if t == "BLOB" else ident(n))
                         for n, t in duck_types[f])
        branches.append(f"SELECT {idx[f]} AS f, file_row_number AS r, "
                        f"to_json(struct_pack({cols}))::VARCHAR AS j FROM "
                        f"read_parquet({sql_str(absf[f])}, file_row_number = true)")
    duck_rows = {f: [] for f in files}
    for i, r, j in sorted(batched_union(branches), key=lambda x: (x[0], x[1])):
        duck_rows[files[i]].append(json.loads(j))

    rows_of = {}  # dataset -> rows in all its parts
    values = 0
    for f in files:
        h = hy.get(f)
        if not h or "error" in h:
            continue
        names = [n for n, _ in duck_types[f]]
        want_types = [(s["name"], duck_type(s)) for s in h["schema"]]
        c.check(f"{f}: column names and types (footer mapped = DuckDB)",
                [(n, plain_names(t)) for n, t in duck_types[f]],
                [(n, plain_names(t)) for n, t in want_types])
        n = len(duck_rows[f])
        c.check(f"{f}: row count (footer, hyparquet rows = DuckDB rows)",
                (n, n), (int(h["num_rows"]), len(h["rows"])))
        if f.split(os.sep)[0].endswith("_v1"):
            top = f.split(os.sep)[0]
            rows_of[top] = rows_of.get(top, 0) + n
        blobs = [t == "BLOB" for _, t in duck_types[f]]
        nested_blob = any("BLOB" in t and t != "BLOB" for _, t in duck_types[f])
        c.check(f"{f}: no BLOB nested in a list or struct (not compared here)", False, nested_blob)
        got = [[canon_hy(v) for v in row] for row in h["rows"]]
        want = [[canon_duck(row.get(nm), b) for nm, b in zip(names, blobs)] for row in duck_rows[f]]
        values += sum(len(r) for r in want)
        if got == want:
            c.check(f"{f}: every value", True, True)
        else:
            i, x, y = first_difference(want, got)
            c.check(f"{f}: every value (first difference at row {i})", x, y)
        keys = [k for k, _ in h["kv"]]
        c.check(f"{f}: footer keys unique", len(keys), len(set(keys)))
        c.check(f"{f}: key-value metadata (DuckDB = hyparquet)", duck_kv[f], dict(h["kv"]))
        top = f.split(os.sep)[0]
        if top.endswith("_v1"):
            c.check(f"{f}: footer names its dataset", top, dict(h["kv"]).get("schema_name"))
    empty = sorted(d for d, n in rows_of.items() if n == 0)
    c.check("at least one empty dataset read (SCIP off: scip_*)", True,
            any(d.startswith("scip_") for d in empty))
    print(f"compared {len(files)} files ({len(rows_of)} datasets, {len(empty)} of them empty), "
          f"{sum(rows_of.values())} dataset rows, {values} values")
finally:
    shutil.rmtree(T, ignore_errors=True)
c.finish()
