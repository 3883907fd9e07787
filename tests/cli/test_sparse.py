#!/usr/bin/env python3
"""test_sparse.py — id columns stored sparse (issue 25 (g); docs/datasets.md, "Sparse id
columns") lose nothing: the old columns reconstructed from the new layout equal the old layout.

    python3 tests/cli/test_sparse.py PYCPG

One repository (the standard library's json package, bare `yield`s (a named node over a
token of the same type and span), a file whose name is not UTF-8) built twice, whole graph: as pycpg writes it, and with
PYCPG_SPARSE=off and --copy-graph (every column and every graph row stored whole, the layout
before).
1. Every dataset as `pycpg query` reads the sparse build equals the whole build's Parquet files
   read raw: the same rows as a multiset (EXCEPT ALL both ways) and the same count.
2. Every sparse column (its recipe from `pycpg datasets --json`): the whole build holds a value
   on every row; the sparse build's files hold one exactly where the recipe, evaluated by this
   script with hashlib (not by pycpg), does not give the row's whole value. The recipe checked
   on up to 300 rows per column (not of the files made to test the misses: the yields, the
   non-UTF-8 name).
3. The sparse build's Parquet files are smaller (printed).
Prints "N passed, N failed" last.
"""
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clilib import Checks, bound  # noqa: E402


def pycpg_id(parts):
    """The id recipe (docs/datasets.md): BLAKE2b-64 of the parts joined by 0x1F, big-endian,
    top bit cleared; None when a part is None."""
    if any(p is None for p in parts):
        return None
    text = b"\x1f".join(p if isinstance(p, bytes) else str(p).encode() for p in parts)
    digest = hashlib.blake2b(text, digest_size=8).digest()
    return int.from_bytes(digest, "big") & 0x7FFFFFFFFFFFFFFF


def split_args(s):
    """The top-level comma-separated arguments of s."""
    out, depth, cur, quote = [], 0, "", False
    for ch in s:
        if ch == "'":
            quote = not quote
        elif not quote and ch == "(":
            depth += 1
        elif not quote and ch == ")":
            depth -= 1
        if ch == "," and depth == 0 and not quote:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    out.append(cur.strip())
    return out


def part_fn(arg):
    """(a function of a row (dict), the column it reads) for one recipe argument: a literal,
    a column, 'lead' || col::VARCHAR, or coalesce(col::VARCHAR, 'text'); a column may be
    quoted."""
    col = r'"?([a-z_]+)"?'
    m = re.fullmatch(r"'([^']*)'", arg)
    if m:
        return (lambda row, v=m.group(1): v), None
    m = re.fullmatch(col, arg)
    if m:
        return (lambda row, c=m.group(1): row[c]), m.group(1)
    m = re.fullmatch(r"'([^']*)' \|\| " + col + "::VARCHAR", arg)
    if m:
        return (lambda row, p=m.group(1), c=m.group(2):
                None if row[c] is None else p + str(row[c])), m.group(2)
    m = re.fullmatch(r"coalesce\(" + col + r"::VARCHAR, '([^']*)'\)", arg)
    if m:
        return (lambda row, c=m.group(1), d=m.group(2):
                d if row[c] is None else str(row[c])), m.group(1)
    raise SystemExit(f"test_sparse: a recipe argument this script cannot read: {arg}")


def recipe_fn(recipe):
    """(row -> id, the columns it reads) for a recipe pycpg_id(...), or CASE WHEN a IS NOT
    NULL AND … THEN pycpg_id(...) ELSE pycpg_id(...) END."""
    m = re.fullmatch(r"CASE WHEN (.*?) THEN (pycpg_id\(.*?\)) ELSE (pycpg_id\(.*\)) END", recipe)
    if m:
        need = re.findall(r"([a-z_]+) IS NOT NULL", m.group(1))
        (yes, cy), (no, cn) = recipe_fn(m.group(2)), recipe_fn(m.group(3))
        return ((lambda row: yes(row) if all(row[c] is not None for c in need) else no(row)),
                sorted(set(cy) | set(cn) | set(need)))
    m = re.fullmatch(r"pycpg_id\((.*)\)", recipe)
    if not m:
        raise SystemExit(f"test_sparse: not a pycpg_id recipe: {recipe}")
    fns = [part_fn(a) for a in split_args(m.group(1))]
    cols = sorted({c for _, c in fns if c})
    return (lambda row: pycpg_id([f(row) for f, _ in fns])), cols


def raw(out, ds):
    esc = "".join("[%s]" % ch if ch in "[*?" else ch for ch in os.path.abspath(out))
    return "read_parquet('%s/%s/part-*.parquet')" % (esc.replace("'", "''"), ds)


def parquet_bytes(out, datasets):
    return sum(os.path.getsize(p) for d in datasets
               for p in glob.glob(os.path.join(glob.escape(out), d, "*.parquet")))


def main():
    pycpg = sys.argv[1]
    c = Checks()
    build, query = bound(pycpg)
    info = json.loads(subprocess.run([pycpg, "datasets", "--json"], capture_output=True,
                                     text=True, check=True).stdout)
    info = info["datasets"] if isinstance(info, dict) else info
    sparse = {d["name"]: [(col["name"], col["sparse_recipe"]) for col in d["columns"]
                          if col.get("sparse_recipe")] for d in info}
    sparse = {d: cols for d, cols in sparse.items() if cols}
    c.check("some datasets have sparse columns", True, len(sparse) > 0)

    with tempfile.TemporaryDirectory() as tmp:
        repo = os.path.join(tmp, "repo")
        shutil.copytree(os.path.join(sysconfig.get_paths()["stdlib"], "json"),
                        os.path.join(repo, "json"),
                        ignore=shutil.ignore_patterns("__pycache__"))
        with open(os.path.join(repo, "gen.py"), "w") as f:
            f.write("def gen():\n    yield\n    x = yield\n    return x\n")
        with open(os.path.join(os.fsencode(repo), b"bad\xffname.py"), "w") as f:
            f.write("def f(a):\n    return g(a) + 1\n")
        sp, whole = os.path.join(tmp, "sparse"), os.path.join(tmp, "whole")
        rc, err = build(repo, sp, "--scip", "off")
        c.check("sparse build exits 0", (0, ""), (rc, err if rc else ""))
        rc, err = build(repo, whole, "--scip", "off", "--copy-graph",
                        env={"PYCPG_SPARSE": "off"})
        c.check("whole build (PYCPG_SPARSE=off) exits 0", (0, ""), (rc, err if rc else ""))

        # 1. every dataset: the sparse build's views against the whole build's files
        written = sorted(d for d in os.listdir(whole) if re.search(r"_v[0-9]+$", d)
                         and glob.glob(os.path.join(glob.escape(whole), d, "part-*.parquet")))
        c.check("the two builds wrote the same datasets", written,
                sorted(d for d in os.listdir(sp) if re.search(r"_v[0-9]+$", d)
                       and glob.glob(os.path.join(glob.escape(sp), d, "part-*.parquet"))))
        # one query (a process each would cost more than the builds)
        got = dict((r[0], r[1:]) for r in query(sp, " union all ".join(
            f"select '{d}', (select count(*) from (select * from {d} except all "
            f"select * from {raw(whole, d)})), (select count(*) from (select * "
            f"from {raw(whole, d)} except all select * from {d})), "
            f"(select count(*) from {d}) - (select count(*) from {raw(whole, d)})"
            for d in written)))
        for d in written:
            c.check(f"{d}: the sparse build read back equals the whole build", [0, 0, 0],
                    got.get(d))

        # 2. each sparse column: whole on every row, stored exactly where the recipe misses
        for d, cols in sorted(sparse.items()):
            if d not in written:
                continue
            for col, recipe in cols:
                fn, reads = recipe_fn(recipe)
                sel = ", ".join(f'"{r}"' for r in reads)
                # not the two files whose ids the recipe misses on purpose (part 2's end)
                rows = query(whole, f'select "{col}", {sel} from {raw(whole, d)} '
                                    "where path not like 'bad%' and path <> 'gen.py' "
                                    f"order by \"{col}\" limit 300")
                bad = [r for r in rows if fn(dict(zip(reads, r[1:]))) != r[0]]
                c.check(f"{d}.{col}: the recipe (hashlib) gives the whole build's value", [], bad)
                # the rows whose value the recipe does not give, as the whole build has them,
                # and the rows the sparse build stores
                n, nn, mismatch, stored = query(
                    sp, f'select count(*), count("{col}"), count(*) filter (where "{col}" is '
                        f'distinct from ({recipe})), (select count("{col}") from {raw(sp, d)}) '
                        f"from {raw(whole, d)}")[0]
                c.check(f"{d}.{col}: the whole build holds every value", n, nn)
                c.check(f"{d}.{col}: stored exactly where the recipe misses", mismatch, stored)
        # the bare yields (a named node over a token of the same type and span, whose ids the
        # reference's recipe made collide) keep four distinct ids
        rep = query(sp, "select count(distinct ts_node_id) from ts_nodes_v1 "
                        "where path = 'gen.py' and ts_type = 'yield'")[0][0]
        c.check("gen.py: the bare yields' four nodes have four ids", 4, rep)

        # 3. the bytes
        a, b = parquet_bytes(sp, sparse), parquet_bytes(whole, sparse)
        print(f"the sparse datasets' Parquet files: {a} bytes sparse, {b} bytes whole "
              f"({100.0 * (b - a) / b:.0f} % less)")
        c.check("sparse files are smaller", True, a < b)
    c.finish()


if __name__ == "__main__":
    main()
