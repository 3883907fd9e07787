"""test_report.py — `pycpg report` (issue 27) on tests/fixtures/show, and the page in chromium.

    python3 tests/cli/test_report.py PYCPG

One build of the fixture (no SCIP), then `pycpg report OUT -o report.html`:
  - the page is self-contained: no <script>, no http(s) or protocol-relative src/href, a
    Content-Security-Policy that forbids any load but data: images, every picture a data: URI;
  - its figures agree with oracles outside pycpg: files, lines and bytes from the file system,
    classes and functions from python3's ast, the functions nothing calls include one that
    nothing calls (by reading the fixture) and none that `pycpg callgraph` lists as a callee;
    the most complex function's complexity equals edges - nodes + 2 of its CFG in `pycpg
    query`; every section is there;
  - `pycpg query` sees a view for every dataset and error artifact on disk (SHOW TABLES
    against the directory), also when a statement names one in capitals or in a string;
  - the same build gives the same page twice; a --no-link build gives a page that says what
    it lacks (exit 0);
  - Debian's headless chromium opens a copy of the page with a probe script added (the page
    itself has none): no error event, no console error, every <img> loaded with natural width
    > 0 and every inline chart laid out with a width > 0; a screenshot is taken (PNG, the
    window's size). When chromium is missing or cannot start, that part is skipped with a
    message (setup.sh installs it).
"""
import ast
import html
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clilib import Checks, bound  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "fixtures", "show")

if __name__ == "__main__":
    pycpg = sys.argv[1]
    build, query = bound(pycpg)
    c = Checks()

PROBE = """<script>
window.__errors = [];
window.addEventListener('error', function (e) {
  window.__errors.push('error event: ' + (e.message || (e.target && e.target.tagName)));
}, true);
(function () {
  var orig = console.error;
  console.error = function () { window.__errors.push('console.error: ' +
    Array.prototype.join.call(arguments, ' ')); orig.apply(console, arguments); };
})();
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.images);
  var bad = imgs.filter(function (i) { return !i.complete || i.naturalWidth <= 0; });
  var charts = Array.prototype.slice.call(document.querySelectorAll('svg.chart'));
  var flat = charts.filter(function (s) { return s.getBoundingClientRect().width <= 0; });
  var out = document.createElement('pre');
  out.id = 'probe-result';
  out.textContent = 'images=' + imgs.length + ' bad_images=' + bad.length +
    ' charts=' + charts.length + ' flat_charts=' + flat.length +
    ' errors=' + JSON.stringify(window.__errors);
  document.body.appendChild(out);
});
</script>"""


def glance_oracle():
    files = lines = size = classes = functions = 0
    for dirpath, _, names in os.walk(FIXTURE):
        for f in names:
            if not f.endswith(".py"):
                continue
            p = os.path.join(dirpath, f)
            data = open(p, "rb").read()
            files += 1
            size += len(data)
            lines += len(data.decode().splitlines())
            for n in ast.walk(ast.parse(data)):
                classes += isinstance(n, ast.ClassDef)
                functions += isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
    return {"files": files, "lines": lines, "bytes": size, "classes": classes,
            "functions": functions}


def first_table_after(page, heading):
    """The rows (lists of cell texts) of the first table after the <h3>/<h2> heading."""
    i = page.index(heading)
    j = page.index("<table", i)
    k = page.index("</table>", j)
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", page[j:k], re.S):
        rows.append([html.unescape(re.sub(r"<[^>]+>", "", x))
                     for x in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)])
    return rows


def run_chromium(page_path, shot):
    if os.environ.get("PYCPG_TEST_SANITIZED"):
        # the browser is no C of ours: it runs in the plain pass of scripts/test.sh
        return None, "the sanitizer pass (the plain pass opens the page in chromium)"
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        return None, "chromium is not installed (scripts/setup.sh installs it)"
    common = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
              "--disable-dev-shm-usage", "--hide-scrollbars", "--virtual-time-budget=10000",
              "--enable-logging=stderr", "--v=0", "--window-size=1200,1600",
              f"--user-data-dir={os.path.dirname(shot)}/profile"]
    try:
        dom = subprocess.run(common + ["--dump-dom", "file://" + page_path],
                             capture_output=True, text=True, timeout=180)
        scr = subprocess.run(common + [f"--screenshot={shot}", "file://" + page_path],
                             capture_output=True, text=True, timeout=180)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, f"chromium could not run: {e}"
    if dom.returncode != 0 or "probe-result" not in dom.stdout:
        return None, f"chromium could not start (exit {dom.returncode}): {dom.stderr[-500:]}"
    return (dom, scr), None


def browser_checks(c, page, nimgs, tmp, shot_dir, shot_name):
    """Opens a copy of page (with the probe script) in headless chromium: every one of the
    nimgs images loaded with a width, charts laid out, no error event or console error, a
    screenshot of the window's width at shot_dir/shot_name. Skipped with a message when
    chromium cannot run."""
    probe = os.path.join(tmp, "probe.html")
    with open(probe, "w", encoding="utf-8") as fp:
        fp.write(page.replace("default-src 'none';", "default-src 'none'; script-src "
                              "'unsafe-inline';").replace("</body>", PROBE + "</body>"))
    shot = os.path.join(shot_dir, shot_name)
    res, why = run_chromium(probe, shot)
    if res is None:
        print(f"SKIP: the browser part: {why}")
        return
    dom, scr = res
    m = re.search(r'<pre id="probe-result">(.*?)</pre>', dom.stdout, re.S)
    result = html.unescape(m.group(1)) if m else ""
    print(f"chromium: {result}")
    nums = dict(re.findall(r"(\w+)=(\d+)", result))
    c.check("chromium: every image there", str(nimgs), nums.get("images"))
    c.check("chromium: every image rendered (natural width > 0)", "0", nums.get("bad_images"))
    c.check("chromium: charts drawn", True, int(nums.get("charts", "0")) > 0)
    c.check("chromium: every chart has a width", "0", nums.get("flat_charts"))
    c.check("chromium: no error events or console errors", "errors=[]",
            result[result.find("errors="):])
    console = [ln for ln in (dom.stderr + scr.stderr).splitlines()
               if "CONSOLE" in ln and ("Refused" in ln or "rror" in ln)]
    c.check("chromium: no console errors in its log", [], console)
    c.check(f"chromium: screenshot taken (exit {scr.returncode})", True, os.path.exists(shot))
    if os.path.exists(shot):
        data = open(shot, "rb").read()
        c.check("screenshot: a PNG", b"\x89PNG\r\n\x1a\n", data[:8])
        c.check("screenshot: the window's width", 1200, struct.unpack(">I", data[16:20])[0])


def main():
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        rc, err = build(FIXTURE, out, "-j", "1")
        c.check(f"build exit 0 ({err.strip()})", 0, rc)
        report = os.path.join(tmp, "report.html")
        r = subprocess.run([pycpg, "report", out, "-o", report], capture_output=True,
                           text=True, timeout=600)
        c.check(f"report exit 0 ({r.stderr.strip()})", 0, r.returncode)
        c.check("report: nothing on stderr", "", r.stderr)
        page = open(report, encoding="utf-8").read()

        # ---- self-contained
        c.check("no <script>", False, "<script" in page.lower())
        c.check("no remote src/href", [],
                re.findall(r"(?:src|href)\s*=\s*[\"'](?:https?:|//)[^\"']*", page, re.I))
        c.check("a CSP forbids loads but data: images", True,
                "default-src 'none'; img-src data:" in page)
        imgs = re.findall(r"<img [^>]*src=\"([^\"]*)\"", page)
        c.check("pictures are data: SVGs", True,
                bool(imgs) and all(s.startswith("data:image/svg+xml;base64,") for s in imgs))
        for sec in ["The repository at a glance", "Problems", "The graph", "Node kinds",
                    "Edge kinds", "Call resolution", "Most-called functions",
                    "Largest call cycles", "Module import graph", "Code health",
                    "The most complex functions", "The longest functions", "Unreachable blocks",
                    "Functions nothing calls", "Flows", "Timings per stage", "Build options",
                    "Versions", "File errors by code", "Contract violations"]:
            c.check(f"section {sec!r}", True, ">" + html.escape(sec, quote=False) in page)

        # ---- figures against oracles
        rows = first_table_after(page, "The repository at a glance")
        got = dict(zip(rows[0], rows[1]))
        want = glance_oracle()
        for k, v in want.items():
            c.check(f"at a glance: {k}", str(v), got.get(k))
        uncalled = {row[0] for row in first_table_after(page, "Functions nothing calls")[1:]}
        c.check("nothing calls shop.util.unused_helper", True,
                "shop.util.unused_helper" in uncalled)
        import json
        cg = json.loads(subprocess.run([pycpg, "callgraph", out], capture_output=True,
                                       text=True).stdout)
        callees = {x for v in cg.values() for x in v}
        c.check("no listed uncalled function is a callee in pycpg callgraph", [],
                sorted(uncalled & callees))
        top = first_table_after(page, "The most complex functions")
        head, first = top[0], top[1]
        cc = int(first[head.index("complexity")])
        path, line = first[head.index("file")], int(first[head.index("line")])
        unit = query(out, f"SELECT code_unit_id FROM py_bc_code_units_v1 WHERE path = '{path}' "
                          f"AND firstlineno = {line} AND co_name <> '<module>'")[0][0]
        nb = query(out, f"SELECT count(*) FROM cpg_nodes_v1 WHERE node_kind = 'CFG_BLOCK' AND "
                        f"node_id IN (SELECT entity_id FROM cpg_props_v1 WHERE prop_key = "
                        f"'code_unit_id' AND value_int = {unit})")[0][0]
        ne = query(out, f"SELECT count(*) FROM cpg_edges_v1 WHERE edge_kind LIKE 'CFG%' AND "
                        f"src_node_id IN (SELECT entity_id FROM cpg_props_v1 WHERE prop_key = "
                        f"'code_unit_id' AND value_int = {unit}) AND src_node_id IN (SELECT "
                        f"node_id FROM cpg_nodes_v1 WHERE node_kind = 'CFG_BLOCK')")[0][0]
        c.check("top complexity = CFG edges - (blocks + exit) + 2", ne - (nb + 1) + 2, cc)
        all_cc = query(out, """
            WITH b AS (SELECT code_unit_id, count(*) nb FROM py_bc_blocks_v1 GROUP BY 1),
                 e AS (SELECT b2.code_unit_id, count(*) ne FROM py_bc_cfg_edges_v1 b2
                       GROUP BY 1),
                 x AS (SELECT code_unit_id, count(*) nx FROM py_bc_blocks_v1 bb WHERE
                       block_id IN (SELECT src_node_id FROM cpg_edges_v1 WHERE
                       edge_kind = 'CFG_NEXT' AND dst_node_id IN (SELECT node_id FROM
                       cpg_nodes_v1 WHERE node_kind = 'CFG_EXIT')) GROUP BY 1)
            SELECT max(coalesce(e.ne, 0) + coalesce(x.nx, 0) - (b.nb + 1) + 2)
            FROM b LEFT JOIN e USING (code_unit_id) LEFT JOIN x USING (code_unit_id)
            JOIN py_bc_code_units_v1 u USING (code_unit_id) WHERE u.co_name <> '<module>'""")
        c.check("top complexity is the maximum (evidence edges + exit edges)", all_cc[0][0], cc)
        c.check("the top functions' CFG pictures are there", True,
                page.count("<summary>CFG of") == len(top) - 1)

        # ---- the reader's views (made when a statement names them): what `pycpg query` sees
        listed = {r[0] for r in query(out, "SHOW TABLES")}
        on_disk = {d for d in os.listdir(out) if os.path.isdir(os.path.join(out, d)) and any(
            f.startswith("part-") and f.endswith(".parquet")
            for f in os.listdir(os.path.join(out, d)))}
        for d in os.listdir(os.path.join(out, "extract_errors")):
            for f in os.listdir(os.path.join(out, "extract_errors", d)):
                if f.endswith(".parquet"):
                    on_disk.add(d + "_" + f[:-len(".parquet")])
        c.check("SHOW TABLES: a view for every dataset and error artifact on disk",
                sorted(on_disk), sorted(listed))
        direct = query(out, f"SELECT count(*) FROM read_parquet('{out}/ts_nodes_v1/*.parquet')")
        c.check("a view named in capitals", direct, query(out, "SELECT count(*) FROM TS_NODES_V1"))
        c.check("a view named in a string only", direct,
                query(out, "SELECT count(*) FROM query_table('ts_nodes_v1')"))

        # ---- deterministic
        report2 = os.path.join(tmp, "report2.html")
        subprocess.run([pycpg, "report", out, "-o", report2], capture_output=True, timeout=600)
        c.check("the same page twice", page, open(report2, encoding="utf-8").read())

        # ---- usage errors
        for args in ([], [out, "--top", "0"], [out, "--bogus"], [tmp]):
            rc = subprocess.run([pycpg, "report", *args], capture_output=True).returncode
            c.check(f"usage error {args}: exit 2", 2, rc)

        # ---- a build without the link stage: the page says what is missing
        nl = os.path.join(tmp, "nolink")
        rc, err = build(FIXTURE, nl, "-j", "1", "--no-link")
        c.check(f"--no-link build exit 0 ({err.strip()})", 0, rc)
        r = subprocess.run([pycpg, "report", nl, "-o", os.path.join(tmp, "nl.html")],
                           capture_output=True, text=True, timeout=600)
        c.check("--no-link report: exit 0", 0, r.returncode)
        c.check("--no-link report: stderr says why parts are missing", True,
                "--no-link" in r.stderr)
        nl_page = open(os.path.join(tmp, "nl.html"), encoding="utf-8").read()
        rows = first_table_after(nl_page, "The repository at a glance")
        c.check("--no-link report: files still counted", str(want["files"]),
                dict(zip(rows[0], rows[1])).get("files"))
        c.check("--no-link report: the page says what is not in this build", True,
                "not in this build" in nl_page)

        # ---- in a browser
        browser_checks(c, page, len(imgs), tmp,
                       os.environ.get("PYCPG_REPORT_SHOT_DIR", tmp), "report.png")
    c.finish()


if __name__ == "__main__":
    main()
