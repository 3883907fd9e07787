"""clilib.py — what the python CLI tests share: checks that count, and pycpg build/query.

    from clilib import Checks, build, query
    c = Checks(); c.check("what", want, got); …; c.finish()   # prints "N passed, N failed"

build(pycpg, repo, out, *args, env=None) runs `pycpg build REPO -o OUT -q ARGS` and returns
(exit status, stderr); query(pycpg, out, sql) returns the rows of `pycpg query --json` as
lists of values (JSON keeps newlines in paths); bound(pycpg) returns both with pycpg bound.
"""
import json
import os
import subprocess
import sys


class Checks:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, what, want, got):
        if want == got:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL: {what}\n  want: {want!r}\n  got:  {got!r}")

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)


def identical_files(a, b, rels_of):
    """True when rels_of(a) and rels_of(b) (sorted paths relative to each directory) are the
    same non-empty list and every such file of a is byte-identical to b's."""
    ra, rb = rels_of(a), rels_of(b)
    if ra != rb or not ra:
        return False
    for rel in ra:
        with open(os.path.join(a, rel), "rb") as x, open(os.path.join(b, rel), "rb") as y:
            if x.read() != y.read():
                return False
    return True


def build(pycpg, repo, out, *args, env=None):
    e = dict(os.environ)
    e.update(env or {})
    r = subprocess.run([pycpg, "build", repo, "-o", out, "-q", *args], env=e,
                       capture_output=True, text=True, timeout=600)
    return r.returncode, r.stderr


def query(pycpg, out, sql):
    r = subprocess.run([pycpg, "query", out, sql, "--json"], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"query failed: {sql}\n{r.stderr}")
    return [list(row.values()) for row in json.loads(r.stdout or "[]")]


def bound(pycpg):
    """build(repo, out, *args, env=None) and query(out, sql) for one pycpg binary."""
    return (lambda repo, out, *args, env=None: build(pycpg, repo, out, *args, env=env),
            lambda out, sql: query(pycpg, out, sql))
