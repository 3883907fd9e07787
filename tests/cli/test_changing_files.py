#!/usr/bin/env python3
"""test_changing_files.py PYCPG — the repository changes while `pycpg build` reads it.

1. At the worst moment, deterministically: between the listing and the read, a file is
   removed, rewritten, or replaced by a directory (the test seams vanish_before_read,
   change_before_read and dir_before_read of src/scan/scan_read.c), with -j 1 and -j 2.
   The removed file and the directory get an error row saying so; the rewritten file's rows
   are those of its new content; every other file's rows are complete; the CPG links.
2. Under a concurrent writer: while a -j 2 build runs, another process keeps rewriting files
   in place (so a read may see half a write), truncating, removing, re-creating them and
   replacing them by directories or symbolic links. Whatever interleaving happens, the build
   completes, and every file's rows are those of one content — the one pycpg recorded:
   its SHA-256 is that of the stored bytes, its AST rows are what python3's `ast` makes of
   the stored text — or the file has an error row. Files the writer never touched are
   complete and match the disk.
Prints "N passed, N failed" last; exit 1 on any failure.
"""
import ast
import base64
import hashlib
import os
import random
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clilib  # noqa: E402
from clilib import Checks  # noqa: E402

PYCPG = os.path.abspath(sys.argv[1])
T = tempfile.mkdtemp(prefix="pycpg-test-changing-")
C = Checks()
check = C.check

build, query = clilib.bound(PYCPG)


def ast_count(source):
    """Nodes python3's ast makes of source (str, or raw bytes python3 decodes itself), or
    None when it does not compile."""
    try:
        return sum(1 for _ in ast.walk(compile(source, "f", "exec", ast.PyCF_ONLY_AST)))
    except (SyntaxError, ValueError):
        return None


def source(i, extra=0):
    body = [f"def f{i}_{k}(a, b={k}):\n    return [a + b * {k} for _ in range({k})]\n"
            for k in range(3 + extra % 5)]
    return f"import os\nX{i} = {i}\n" + "".join(body)


def per_file(out):
    """path -> (sha, raw bytes, ast rows, error codes) from the datasets."""
    files = {p: [sha, None if raw is None else base64.b64decode(raw), 0, []] for p, sha, raw in
             query(out, "select path, file_sha256, to_base64(bytes) from repo_files_v1")}
    for p, n in query(out, "select path, count(*) from py_ast_nodes_v1 group by 1"):
        files[p][2] = n
    for p, code in query(out, "select path, error_code from file_errors_v1 order by 1, 2"):
        if p in files:
            files[p][3].append(code)
    return files


# ---- 1. deterministic: changes between the listing and the read -----------------------------

def deterministic(jobs):
    repo = os.path.join(T, f"det{jobs}")
    os.makedirs(os.path.join(repo, "pkg"))
    names = ["pkg/__init__.py", "pkg/keep_a.py", "pkg/keep_b.py", "pkg/will_vanish.py",
             "pkg/will_change.py", "pkg/will_be_dir.py"]
    for i, n in enumerate(names):
        with open(os.path.join(repo, n), "w") as f:
            f.write(source(i))
    out = os.path.join(T, f"det{jobs}_out")
    faults = "vanish_before_read:will_vanish,change_before_read:will_change," \
             "dir_before_read:will_be_dir"
    rc, err = build(repo, out, "-j", str(jobs), env={"PYCPG_FAULTS": faults})
    check(f"-j{jobs}: build exits 0", (0, ""), (rc, err))
    got = per_file(out)
    check(f"-j{jobs}: every listed file has a repo_files_v1 row", sorted(names), sorted(got))
    sha, _, nodes, codes = got["pkg/will_vanish.py"]
    check(f"-j{jobs}: removed file: unreadable, no rows", (None, 0, ["unreadable"]),
          (sha, nodes, codes))
    sha, _, nodes, codes = got["pkg/will_be_dir.py"]
    check(f"-j{jobs}: file replaced by a directory: not_regular_file, no rows",
          (None, 0, ["not_regular_file"]), (sha, nodes, codes))
    for n in ["pkg/__init__.py", "pkg/keep_a.py", "pkg/keep_b.py", "pkg/will_change.py"]:
        raw = open(os.path.join(repo, n), "rb").read()
        sha, stored, nodes, codes = got[n]
        check(f"-j{jobs}: {n}: rows of the content on disk (sha, bytes, AST rows)",
              (hashlib.sha256(raw).hexdigest(), raw, ast_count(raw), []),
              (sha, stored, nodes, codes))
    check(f"-j{jobs}: the rewritten file's rows include the appended line", True,
          b"changed_before_read" in got["pkg/will_change.py"][1])
    bad = query(out, "select count(*) from cpg_edges_v1 e where not exists (select 1 from "
                     "cpg_nodes_v1 n where n.node_id = e.src_node_id) or not exists (select 1 "
                     "from cpg_nodes_v1 n where n.node_id = e.dst_node_id)")
    check(f"-j{jobs}: every CPG edge joins existing nodes", [[0]], bad)


# ---- 2. a concurrent writer -----------------------------------------------------------------

VOLATILE = 150  # files the writer changes
STABLE = 150    # files it never touches


def writer(repo, stop_file, seed):
    """Changes volatile files until stop_file exists (runs in a child process)."""
    rnd = random.Random(seed)
    n = 0
    while not os.path.exists(stop_file):
        i = rnd.randrange(VOLATILE)
        p = os.path.join(repo, "volatile", f"v{i:04d}.py")
        action = rnd.randrange(6)
        try:
            if os.path.islink(p):  # never write through a link (into a stable file)
                os.unlink(p)
            elif os.path.isdir(p):
                os.rmdir(p)
            elif os.path.lexists(p) and action in (2, 4, 5):
                os.unlink(p)
            if action in (0, 1, 2):  # rewrite in place, slowly: a read may see part of it
                with open(p, "w") as f:
                    text = source(i, rnd.randrange(100)) * rnd.randrange(1, 30)
                    for k in range(0, len(text), 4096):
                        f.write(text[k:k + 4096])
                        f.flush()
            elif action == 3:
                with open(p, "r+") as f:
                    f.truncate(rnd.randrange(200))
            elif action == 4:
                os.mkdir(p)
            elif action == 5:
                os.symlink("../stable/s0000.py", p)
        except OSError:
            pass
        n += 1
    return n


def concurrent():
    repo = os.path.join(T, "conc")
    for d in ("volatile", "stable"):
        os.makedirs(os.path.join(repo, d))
    for i in range(VOLATILE):
        with open(os.path.join(repo, "volatile", f"v{i:04d}.py"), "w") as f:
            f.write(source(i, i) * 20)
    for i in range(STABLE):
        with open(os.path.join(repo, "stable", f"s{i:04d}.py"), "w") as f:
            f.write(source(i, i) * 20)
    stop = os.path.join(T, "stop")
    out = os.path.join(T, "conc_out")
    pid = os.fork()
    if pid == 0:
        try:
            changes = writer(repo, stop, 7)
            with open(os.path.join(T, "changes"), "w") as f:
                f.write(str(changes))
        finally:
            os._exit(0)
    t0 = time.time()
    try:
        rc, err = build(repo, out, "-j", "2", "--no-link")
    finally:
        open(stop, "w").close()
        os.waitpid(pid, 0)
    took = time.time() - t0
    changes = int(open(os.path.join(T, "changes")).read())
    print(f"concurrent: build took {took:.1f} s while the writer made {changes} changes")
    check("concurrent: build exits 0", (0, ""), (rc, err))
    check("concurrent: the writer changed files during the build", True, changes > 0)
    got = per_file(out)
    ast_errors = {p for (p,) in query(out, "select distinct path from py_ast_errors_v1")}
    inconsistent, unexplained, incomplete, torn = [], [], [], 0
    for p, (sha, stored, nodes, codes) in sorted(got.items()):
        if sha is None:
            if not codes:
                unexplained.append(p)
            continue
        if hashlib.sha256(stored).hexdigest() != sha:
            inconsistent.append((p, "sha256 of the stored bytes"))
        want = ast_count(stored)
        if (want is None) != (p in ast_errors) or (want is not None and want != nodes):
            inconsistent.append((p, f"AST rows {nodes}, python3's ast {want}, errors {codes}"))
        if p.startswith("volatile/"):
            torn += want is None
        else:
            raw = open(os.path.join(repo, p), "rb").read()
            if sha != hashlib.sha256(raw).hexdigest() or codes:
                incomplete.append(p)
    print(f"concurrent: {len(got)} files listed, {sum(1 for v in got.values() if v[0] is None)} "
          f"unreadable at read time, {torn} volatile files read in a state that does not compile")
    check("concurrent: rows of every read file match the content pycpg recorded", [],
          inconsistent)
    check("concurrent: every unread file has an error row", [], unexplained)
    check("concurrent: untouched files are complete", [], incomplete)
    check("concurrent: every stable file was listed", STABLE,
          sum(1 for p in got if p.startswith("stable/")))


try:
    deterministic(1)
    deterministic(2)
    concurrent()
finally:
    if os.environ.get("PYCPG_TEST_KEEP"):
        print(f"kept {T}")
    else:
        shutil.rmtree(T, ignore_errors=True)
C.finish()
