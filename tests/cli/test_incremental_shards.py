#!/usr/bin/env python3
"""test_incremental_shards.py PYCPG — issue 7: sharded runs and incremental rebuilds give the
datasets of a clean build.

The repository: the call-graph and link fixtures, the standard library's json package, a
symlink (a listing problem) and a file that cannot be decoded (a read problem).
- Sharded: `build --shard K/3` for K = 1..3, then `pycpg link` of the three, against a clean
  `build` of the same tree: every dataset must hold the same rows in the same order
  (compare_outputs.py --order all), and every chunk's part (evidence and per-file link rows)
  must be the clean build's, byte for byte. The shards must partition the files; a shard
  holds per-file link rows only (no repository-wide node).
- Incremental: a build into OUT, then one file changed, one deleted, one added, and a build
  into the same OUT: it must reuse exactly the chunks whose files are unchanged and were a
  chunk of the earlier build (manifest counts.reused_files = their files, computed here from
  both builds' extract_chunks.json; small chunks, PYCPG_CHUNK_BYTES, so that there are many),
  and equal a clean build of the changed tree: the same rows in the same order, and every
  evidence part byte for byte. A second rebuild with nothing changed reuses every file;
  --no-incremental reuses none.
- Refusals: the same shard twice, a missing shard, an input that is not an output, bad
  --shard values, --shard with --scip auto or --no-link, an input built with --only.
"""
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile

from clilib import Checks, build, identical_files, query

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")


def make_repo(root):
    shutil.copytree(os.path.join(FIXTURES, "calls", "app"), os.path.join(root, "app"))
    shutil.copytree(os.path.join(FIXTURES, "link", "pkg"), os.path.join(root, "pkg"))
    stdlib = sysconfig.get_path("stdlib")
    for pkg in ("json",):
        shutil.copytree(os.path.join(stdlib, pkg), os.path.join(root, pkg),
                        ignore=shutil.ignore_patterns("__pycache__"))
    os.symlink("app", os.path.join(root, "link_to_app"))
    with open(os.path.join(root, "latin.py"), "wb") as f:
        f.write(b"# -*- coding: utf-8 -*-\nx = '\xe9'\n")


def same(c, pycpg, a, b, what):
    r = subprocess.run([sys.executable, os.path.join(HERE, "compare_outputs.py"), pycpg, a, b,
                        "--order", "all"], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
    c.check(what, 0, r.returncode)


def counts(out):
    with open(os.path.join(out, "manifest.json")) as f:
        return json.load(f)["counts"]


def chunk_records(out):
    with open(os.path.join(out, "extract_chunks.json")) as f:
        return json.load(f)["chunks"]


def expected_reuse(pycpg, out, old, changed):
    """Files of the chunks of out that the rule reuses: the same first path, last path and
    count as a chunk of the earlier build (old), and no changed file among them."""
    paths = [r[0] for r in query(pycpg, out, "select path from repo_files_v1 order by path")]
    olds = {(o["first"], o["last"], o["files"]) for o in old}
    total, start, reused_chunks = 0, 0, 0
    for ch in chunk_records(out):
        members = paths[start:start + ch["files"]]
        start += ch["files"]
        if (ch["first"], ch["last"], ch["files"]) in olds and not changed & set(members):
            total += ch["files"]
            reused_chunks += 1
    return total, reused_chunks


def same_evidence_parts(a, b):
    """Every part-c* file (the chunks' parts: evidence and per-file link rows) of a equals
    b's, byte for byte."""
    def parts(d):
        return sorted(os.path.relpath(os.path.join(r, f), d) for r, _, fs in os.walk(d)
                      for f in fs if f.startswith("part-c"))
    return identical_files(a, b, parts)


def run(pycpg, *args):
    r = subprocess.run([pycpg, *args], capture_output=True, text=True, timeout=600)
    return r.returncode, r.stderr


def main():
    pycpg = os.path.abspath(sys.argv[1])
    os.environ["PYCPG_CHUNK_BYTES"] = "512"  # many chunks in a small tree
    c = Checks()
    t = tempfile.mkdtemp(prefix="pycpg-incr-")
    try:
        repo = os.path.join(t, "repo")
        os.mkdir(repo)
        make_repo(repo)
        off = ("--scip", "off", "-j", "2")
        rc, err = build(pycpg, repo, os.path.join(t, "clean"), *off)
        c.check("clean build " + err, 0, rc)
        nfiles = query(pycpg, os.path.join(t, "clean"), "select count(*) from repo_files_v1")[0][0]

        # ---- shards ---------------------------------------------------------------------
        shards = []
        for k in (1, 2, 3):
            out = os.path.join(t, "s%d" % k)
            rc, err = build(pycpg, repo, out, "--shard", "%d/3" % k, "-j", "2")
            c.check("shard %d/3 builds %s" % (k, err), 0, rc)
            shards.append(out)
        sizes = [query(pycpg, s, "select count(*) from repo_files_v1")[0][0] for s in shards]
        c.check("the shards partition the files", nfiles, sum(sizes))
        c.check("no shard is empty", True, min(sizes) > 0)
        c.check("a shard holds per-file CPG rows, no repository-wide node", (0, True),
                (query(pycpg, shards[0], "select count(*) from cpg_nodes_v1 where node_kind in "
                       "('PY_REPO', 'PY_QUALIFIED_NAME', 'PY_MODULE')")[0][0],
                 int(query(pycpg, shards[0], "select count(*) from cpg_nodes_v1")[0][0]) > 0))
        linked = os.path.join(t, "linked")
        rc, err = run(pycpg, "link", *shards, "-o", linked, "-q")
        c.check("link of the shards " + err, 0, rc)
        same(c, pycpg, linked, os.path.join(t, "clean"), "shards linked == clean build")
        c.check("shards linked: every chunk part byte for byte", True,
                same_evidence_parts(linked, os.path.join(t, "clean")))

        rc, err = run(pycpg, "link", shards[0], shards[0], "-o", os.path.join(t, "dup"), "-q")
        c.check("the same shard twice is refused", (2, True), (rc, "both hold" in err))
        rc, err = run(pycpg, "link", shards[0], shards[2], "-o", os.path.join(t, "dup"), "-q")
        c.check("a missing shard is refused", (2, True), (rc, "a shard is missing" in err))
        rc, err = run(pycpg, "link", repo, "-o", os.path.join(t, "bad"), "-q")
        c.check("a non-output input is refused", (2, True), (rc, "not an output" in err))
        rc, err = build(pycpg, repo, os.path.join(t, "only"), "--only", "repo_files_v1",
                        "--scip", "off")
        rc, err = run(pycpg, "link", os.path.join(t, "only"), "-o", os.path.join(t, "bad"), "-q")
        c.check("an --only input is refused", (2, True), (rc, "--only" in err))
        rc, err = build(pycpg, repo, os.path.join(t, "bad"), "--shard", "1/3", "--no-link")
        c.check("--shard with --no-link is bad usage", 2, rc)
        for bad in ("0/3", "4/3", "1/0", "x", "1/3x"):
            rc, err = build(pycpg, repo, os.path.join(t, "bad"), "--shard", bad)
            c.check("--shard %s is bad usage" % bad, 2, rc)
        rc, err = build(pycpg, repo, os.path.join(t, "bad"), "--shard", "1/3", "--scip", "auto")
        c.check("--shard with --scip auto is bad usage", 2, rc)
        c.check("refused runs write nothing", False, os.path.exists(os.path.join(t, "bad")))

        # ---- incremental ----------------------------------------------------------------
        # the first build is the clean one above (the same tree and options; the shards' checks
        # are done with it): a build of its own would repeat it (issue 28)
        inc = os.path.join(t, "inc")
        os.rename(os.path.join(t, "clean"), inc)
        c.check("a first build reuses nothing", "0", counts(inc)["reused_files"])
        with open(os.path.join(repo, "json", "decoder.py"), "a") as f:
            f.write("\ndef added_later():\n    return JSONDecoder()\n")
        os.remove(os.path.join(repo, "json", "tool.py"))
        with open(os.path.join(repo, "app", "new_module.py"), "w") as f:
            f.write("from json import loads\n\ndef g(s):\n    return loads(s)\n")
        old = chunk_records(inc)
        rc, err = build(pycpg, repo, inc, *off)
        c.check("incremental build " + err, 0, rc)
        want, nreused = expected_reuse(pycpg, inc, old, {"json/decoder.py", "app/new_module.py"})
        c.check("reused files = the files of the unchanged chunks", str(want),
                counts(inc)["reused_files"])
        c.check("some chunks reused, some extracted", (True, True),
                (nreused >= 2, want < int(nfiles) - 1))
        if os.environ.get("PYCPG_TEST_SANITIZED"):
            # the clean build of the changed tree repeats the clean build's code, and the reuse
            # decisions below are logic: the plain pass checks them; under the sanitizers the
            # builds above ran every path of reuse, shards and their link (issue 28)
            print("sanitizer pass: the clean build of the changed tree, the nothing-changed, "
                  "--no-incremental and --repo-id rebuilds run in the plain pass")
        else:
            clean2 = os.path.join(t, "clean2")
            rc, err = build(pycpg, repo, clean2, *off)
            c.check("clean build of the changed tree " + err, 0, rc)
            same(c, pycpg, inc, clean2, "incremental == clean build")
            c.check("incremental == clean build: every evidence part byte for byte", True,
                    same_evidence_parts(inc, clean2))
            rc, err = build(pycpg, repo, inc, *off, "-j", "1")
            c.check("nothing changed: every file reused", str(nfiles), counts(inc)["reused_files"])
            same(c, pycpg, inc, clean2, "incremental (-j 1, nothing changed) == clean build")
            rc, err = build(pycpg, repo, inc, *off, "--no-incremental")
            c.check("--no-incremental reuses nothing", "0", counts(inc)["reused_files"])
            rc, err = build(pycpg, repo, inc, "--scip", "off", "--repo-id", "other")
            c.check("another --repo-id reuses nothing", "0", counts(inc)["reused_files"])
    finally:
        shutil.rmtree(t, ignore_errors=True)
    c.finish()


if __name__ == "__main__":
    main()
