#!/usr/bin/env python3
"""compare_outputs.py PYCPG A B [--order DATASET,...] — compares two pycpg outputs dataset by
dataset, through `pycpg query` (DuckDB): every dataset of A must exist in B with the same
rows (as a multiset: EXCEPT ALL both ways, and the same count), and the datasets named by
--order ('cpg' = the three CPG datasets, 'all' = every dataset) also in the same order (an
order-sensitive digest of the rows read part by part). Prints one line per difference and
a summary; exit status 0 when the outputs are the same, 1 otherwise.
When both outputs hold the same part files, byte for byte, they are the same without a query
(the query reads both whole: seconds of CPU, issue 28); any difference runs it."""
import glob
import os
import subprocess
import sys

from clilib import identical_files


def parts_glob(out, ds):
    """A DuckDB string literal: the parts of dataset ds of output out (out's glob characters
    escaped)."""
    esc = "".join("[%s]" % c if c in "[*?" else c for c in os.path.abspath(out))
    return "'" + (esc + "/" + ds + "/part-*.parquet").replace("'", "''") + "'"


def parts(out, ds):
    return "read_parquet(%s, filename = '__f', file_row_number = true)" % parts_glob(out, ds)


def same_parts(a, b):
    """Both outputs hold the same dataset part files, each byte-identical to the other's."""
    def files(d):
        return sorted(os.path.relpath(p, d)
                      for p in glob.glob(os.path.join(glob.escape(d), "*", "part-*.parquet")))
    return identical_files(a, b, files)


def main():
    pycpg, a, b = sys.argv[1:4]
    if same_parts(a, b):
        print("compared the part files: byte-identical")
        return 0
    order = set()
    if "--order" in sys.argv:
        order = set(sys.argv[sys.argv.index("--order") + 1].split(","))
    if "cpg" in order:
        order |= {"cpg_nodes_v1", "cpg_edges_v1", "cpg_props_v1"}
    datasets = sorted({os.path.basename(os.path.dirname(p))
                       for p in glob.glob(os.path.join(glob.escape(a), "*", "part-*.parquet"))})
    missing = [ds for ds in datasets
               if not glob.glob(os.path.join(glob.escape(b), ds, "part-*.parquet"))]
    cols = "* EXCLUDE (__f, file_row_number)"
    digest = ("(SELECT md5(string_agg(md5(CAST(row(*COLUMNS(%s)) AS VARCHAR)), '' "
              "ORDER BY __f, file_row_number)) FROM %s)")
    selects = []
    for ds in datasets:
        if ds in missing:
            continue
        pa, pb = parts(a, ds), parts(b, ds)
        ordered = ds in order or "all" in order
        selects.append(
            "SELECT '%s' AS ds, (SELECT count(*) FROM (SELECT %s FROM %s EXCEPT ALL SELECT %s FROM %s)) "
            "AS only_a, (SELECT count(*) FROM (SELECT %s FROM %s EXCEPT ALL SELECT %s FROM %s)) AS only_b, "
            "%s AS same_order" % (ds, cols, pa, cols, pb, cols, pb, cols, pa,
                                  "(%s IS NOT DISTINCT FROM %s)" % (digest % (cols, pa), digest % (cols, pb))
                                  if ordered else "true"))
    r = subprocess.run([pycpg, "query", a, " UNION ALL ".join(selects) + " ORDER BY ds", "--csv"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit("compare_outputs: query failed\n" + r.stderr)
    diffs = len(missing)
    for ds in missing:
        print("%s: not in B" % ds)
    for line in r.stdout.strip().splitlines()[1:]:
        ds, only_a, only_b, same_order = line.split(",")
        if only_a != "0" or only_b != "0":
            print("%s: %s rows only in A, %s rows only in B" % (ds, only_a, only_b))
            diffs += 1
        elif same_order != "true":
            print("%s: same rows, different order" % ds)
            diffs += 1
    print("compared %d datasets: %d differ" % (len(datasets), diffs))
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
