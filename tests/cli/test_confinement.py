#!/usr/bin/env python3
"""test_confinement.py PYCPG — what the analysed repository cannot make pycpg do (issue 8).

1. Write outside OUT. REPO and OUT have names full of SQL and glob syntax (quotes, brackets,
   '*', '?', spaces), next to decoy directories those globs would match; files are named
   like SQL injections; a symbolic link points out of the repository; an index.scip names
   documents by absolute paths, '..' paths, backslashes and empty components. The build
   completes, the parent directory afterwards holds exactly what it held plus OUT, the decoy
   outputs are untouched, and every unsafe document is an error row, never a file read.
2. Read what it should not. The build's datasets equal those of the same repository built
   under a plain name (so neither quotes nor globs changed what was read), and the file
   behind the escaping link is not among them.
3. Run code. The repository holds every file Python would run on its own when imported or
   started (sitecustomize.py, usercustomize.py, a .pth file, __init__.py, __main__.py,
   conftest.py, setup.py), each of which would create a marker file; a full build with the
   link stage and scip-python (when installed) creates none.
Prints "N passed, N failed" last; exit 1 on any failure.
"""
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import clilib  # noqa: E402
from clilib import Checks  # noqa: E402
from scipwire import document, field, occurrence  # noqa: E402

PYCPG = os.path.abspath(sys.argv[1])
T = tempfile.mkdtemp(prefix="pycpg-test-confine-")
C = Checks()
check = C.check

build, query = clilib.bound(PYCPG)


def tree(root):
    """Every path under root (relative), with file contents, for before/after comparison."""
    items = []
    for d, dirs, files in os.walk(root):
        for name in dirs + files:
            p = os.path.join(d, name)
            rel = os.path.relpath(p, root)
            if os.path.islink(p) or not os.path.isfile(p):
                items.append((rel, None))
            else:
                items.append((rel, open(p, "rb").read()))
    return sorted(items)


MARKER = os.path.join(T, "markers")
RUNS = "import os\nopen(os.path.join({d!r}, {n!r}), 'w').close()\n"
EXECUTABLE = ["sitecustomize.py", "usercustomize.py", "__main__.py", "conftest.py", "setup.py",
              "pkg/__init__.py", "pkg/__main__.py"]


def make_repo(root):
    os.makedirs(os.path.join(root, "pkg"))
    for rel in EXECUTABLE:
        with open(os.path.join(root, rel), "w") as f:
            f.write(RUNS.format(d=MARKER, n=rel.replace("/", "_")))
    with open(os.path.join(root, "evil.pth"), "w") as f:
        f.write("import os; " + RUNS.format(d=MARKER, n="pth").replace("\n", "; ") + "\n")
    for name in ["x'); drop table repo_files_v1; --.py", 'q"uote.py', "st*ar [1]?.py",
                 "pkg/mod.py"]:
        with open(os.path.join(root, name), "w") as f:
            f.write("def f(a):\n    return a + 1\n\nclass C:\n    def m(self):\n"
                    "        return f(self)\n")
    secret = os.path.join(T, "outside", "secret.py")
    os.makedirs(os.path.dirname(secret), exist_ok=True)
    with open(secret, "w") as f:
        f.write("SECRET = 1\n")
    os.symlink(secret, os.path.join(root, "pkg", "link_out.py"))
    os.symlink(os.path.dirname(secret), os.path.join(root, "pkg", "dir_out"))


def unsafe_index(path):
    docs = ["/etc/passwd", "../../outside/secret.py", "pkg/../../x.py", "pkg\\mod.py",
            "pkg//mod.py", "./pkg/mod.py", ""]
    body = b"".join(field(2, document(d, [occurrence([0, 0, 3], "s f.")])) for d in docs)
    body += field(2, document("pkg/mod.py", [occurrence([0, 4, 5], "s f.", 1)]))
    with open(path, "wb") as f:
        f.write(body)
    return docs


def main():
    os.makedirs(MARKER)
    parent = os.path.join(T, "parent dir 'x' [1]")
    os.makedirs(parent)
    repo = os.path.join(parent, "re'po \"[a]* ?")
    out = os.path.join(parent, "o'ut \"[a]* ?")
    make_repo(repo)
    # decoys a glob over OUT or REPO would match
    for decoy in ("o'ut \"a* ?", "o'ut \"a-decoy ?", "re'po \"a ?"):
        os.makedirs(os.path.join(parent, decoy, "repo_files_v1"))
        with open(os.path.join(parent, decoy, "repo_files_v1", "part-00000.parquet"), "wb") as f:
            f.write(b"not parquet")
    index = os.path.join(T, "unsafe.scip")
    docs = unsafe_index(index)
    before = tree(parent)
    outside_before = tree(os.path.join(T, "outside"))
    scip = ["--scip", index]
    rc, err = build(repo, out, *scip)
    check("hostile names: build exits 0", (0, ""), (rc, err))
    after = [e for e in tree(parent) if not e[0].startswith(os.path.basename(out))]
    check("nothing written in OUT's parent but OUT (decoys and repo untouched)", before, after)
    check("nothing written where the links point", outside_before,
          tree(os.path.join(T, "outside")))
    leftovers = [n for n in os.listdir(parent) if n.startswith(".") or "staging" in n]
    check("no staging directory left beside OUT", [], leftovers)

    plain_repo = os.path.join(T, "plain", "repo")
    shutil.copytree(repo, plain_repo, symlinks=True)
    plain_out = os.path.join(T, "plain", "out")
    rc, err = build(plain_repo, plain_out, *scip)
    check("plain names: build exits 0", (0, ""), (rc, err))
    for ds in ("repo_files_v1", "py_ast_nodes_v1", "ts_nodes_v1", "cpg_nodes_v1",
               "cpg_edges_v1", "scip_occurrences_v1"):
        sql = f"select count(*) from {ds}"
        check(f"{ds}: same rows as under plain names", query(plain_out, sql), query(out, sql))
    paths = [p for (p,) in query(out, "select path from repo_files_v1 order by 1")]
    check("SQL-like and glob-like file names are listed as they are", True,
          all(n in paths for n in ["x'); drop table repo_files_v1; --.py", 'q"uote.py',
                                   "st*ar [1]?.py"]))
    check("the link out of the repository is not read", [],
          query(out, "select path from repo_files_v1 where path like 'pkg/link_out%' "
                     "and bytes is not null"))
    check("nothing of the outside file reached any dataset", [],
          query(out, "select path from repo_files_v1 where text like '%SECRET%'"))
    check("every unsafe document path is an error row, none read", sorted(docs),
          sorted(p for (p,) in query(out, "select path from file_errors_v1 where "
                                          "error_code = 'scip_document_unsafe_path'")))
    occ = query(out, "select count(*) from scip_occurrences_v1 where bstart is not null")
    check("only the safe document's occurrence is mapped", [[1]], occ)
    check("no code of the repository ran", [], sorted(os.listdir(MARKER)))


try:
    main()
finally:
    shutil.rmtree(T, ignore_errors=True)
C.finish()
