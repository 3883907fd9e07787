"""test_report_stdlib.py — issue 27: the report of real packages in a real browser.

    python3 tests/cli/test_report_stdlib.py PYCPG

One default build (the link stage; no SCIP; -j 2) of a copy of a dozen of python3's standard
library packages (unittest with its own tests, asyncio, email, importlib, multiprocessing,
xml, ctypes, json, http, logging, urllib, concurrent, collections: those the interpreter
has; about 280 files and 4.5 MB here), then `pycpg report OUT -o report.html`:
  - exit 0 and nothing on stderr; the page is self-contained (no <script>, every picture a
    data: URI) and has every section;
  - at a glance: the number of files and their bytes equal a walk of the same directory with
    pycpg's default excludes (the file system is the oracle);
  - the page in Debian's headless chromium (test_report.browser_checks): every image loaded
    with a width, every chart laid out, no error event or console error, a screenshot.
The fixture's report is checked figure by figure in test_report.py; this test is about the
page at the size of a real repository (unittest/test/test_case.py holds the 289-block method
whose picture once took graphviz 560 s). The whole standard library's report is the
benchmark's (`BENCH_STDLIB=1 bench/bench_report.sh`): building the whole graph of 1,790
files here took a third of the suite's plain pass. It prints the build's and the report's wall
times. Labelled slow.
"""
import html
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clilib import Checks  # noqa: E402
from test_report import browser_checks, first_table_after  # noqa: E402

# `pycpg help build`: the directories a build skips by default, and the packages that are
# not the standard library (bench/stdlib_tree.sh)
SKIP = {".git", "__pycache__", ".venv", "venv", "node_modules", ".mypy_cache",
        ".pytest_cache", ".ruff_cache", ".tox", "site-packages", "dist-packages"}


def walk_oracle(root):
    files = size = 0
    for d, dirs, names in os.walk(root):
        dirs[:] = [x for x in dirs if x not in SKIP]
        for n in names:
            p = os.path.join(d, n)
            if n.endswith(".py") and os.path.isfile(p) and not os.path.islink(p):
                files += 1
                size += os.path.getsize(p)
    return {"files": files, "bytes": size}


# the packages copied (those this interpreter's standard library has)
PACKAGES = ["unittest", "asyncio", "email", "importlib", "multiprocessing", "xml", "ctypes",
            "json", "http", "logging", "urllib", "concurrent", "collections"]


def copy_packages(lib, dst):
    """Copies PACKAGES' .py files from lib to dst (other files and __pycache__ left out)."""
    for name in PACKAGES:
        src = os.path.join(lib, name)
        if not os.path.isdir(src):
            continue
        shutil.copytree(src, os.path.join(dst, name),
                        ignore=lambda d, names: [n for n in names if not n.endswith(".py")
                                                 and not os.path.isdir(os.path.join(d, n))])


def main():
    pycpg = os.path.abspath(sys.argv[1])
    c = Checks()
    with tempfile.TemporaryDirectory() as tmp:
        lib = os.path.join(tmp, "lib")
        copy_packages(sysconfig.get_path("stdlib"), lib)
        out = os.path.join(tmp, "out")
        t0 = time.monotonic()
        r = subprocess.run([pycpg, "build", lib, "-o", out, "-q", "--scip", "off", "-j", "2"],
                           capture_output=True, text=True, timeout=1500)
        t_build = time.monotonic() - t0
        c.check(f"build exit 0 ({r.stderr.strip()[-500:]})", 0, r.returncode)
        page_path = os.path.join(tmp, "report.html")
        t0 = time.monotonic()
        r = subprocess.run([pycpg, "report", out, "-o", page_path], capture_output=True,
                           text=True, timeout=600)
        t_report = time.monotonic() - t0
        print(f"{len(PACKAGES)} packages: build {t_build:.1f} s, report {t_report:.1f} s "
              f"({100 * t_report / max(t_build, 1e-9):.1f} % of the build)")
        c.check(f"report exit 0 ({r.stderr.strip()})", 0, r.returncode)
        c.check("report: nothing on stderr", "", r.stderr)
        page = open(page_path, encoding="utf-8").read()
        print(f"page: {len(page)} bytes")
        c.check("no <script>", False, "<script" in page.lower())
        imgs = re.findall(r"<img [^>]*src=\"([^\"]*)\"", page)
        c.check("pictures are data: SVGs", True,
                bool(imgs) and all(s.startswith("data:image/svg+xml;base64,") for s in imgs))
        for sec in ["The repository at a glance", "Problems", "Node kinds", "Edge kinds",
                    "Call resolution", "Most-called functions", "Largest call cycles",
                    "Module import graph", "The most complex functions",
                    "Functions nothing calls", "Flows"]:
            c.check(f"section {sec!r}", True, ">" + html.escape(sec, quote=False) in page)
        rows = first_table_after(page, "The repository at a glance")
        got = dict(zip(rows[0], rows[1]))
        for k, v in walk_oracle(lib).items():
            c.check(f"at a glance: {k} (a walk of {lib})", str(v), got.get(k))
        browser_checks(c, page, len(imgs), tmp, os.environ.get("PYCPG_REPORT_SHOT_DIR", tmp),
                       "report_stdlib.png")
    c.finish()


if __name__ == "__main__":
    main()
