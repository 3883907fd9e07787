#!/usr/bin/env python3
"""test_scip.py PYCPG — the SCIP lens end to end (`pycpg build --scip ...`).

1. The real scip-python (deps/scip-python, installed by scripts/setup.sh) indexes
   tests/fixtures/scip/basic/repo; chosen names are checked by span, UTF-16 column and role
   against an oracle computed here from the raw file bytes (a line with an é and two emoji
   before the name, a CRLF file, a UTF-8 BOM file), and every occurrence's byte span must
   hold an identifier named in its symbol. The analysed repository must be left untouched.
   Skipped, with a message, only when scip-python is not installed.
2. A hand-built index.scip of two concatenated Index messages (protobuf wire format written
   here) is ingested with --scip PATH: merged metadata, UTF-32/UTF-16/3- and 4-element
   ranges, a repeated document path, unsafe and unscanned paths, span errors, diagnostics,
   symbols, relationships, external symbols.
3. Malformed input (truncated, garbage, a document that does not decode, a missing file)
   gives error rows and a completed build; a failing, hanging or missing indexer too.
Prints "N passed, N failed" last; exit 1 on any failure.
"""
import csv
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

PYCPG = os.path.abspath(sys.argv[1])
SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPO = os.path.join(SRC, "tests", "fixtures", "scip", "basic", "repo")
T = tempfile.mkdtemp(prefix="pycpg-test-scip-")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scipwire import field, hand_index  # noqa: E402
passed = failed = 0


def check(name, want, got):
    global passed, failed
    if want == got:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name}: expected {want!r}\n  got      {got!r}", file=sys.stderr)


def build(out, *args, env=None):
    e = dict(os.environ)
    e.pop("PYCPG_SCIP", None)
    e.update(env or {})
    p = subprocess.run([PYCPG, "build", "-q", REPO, "-o", out, *args], env=e,
                       capture_output=True, text=True, timeout=300)
    return p.returncode, p.stderr


def query(out, sql):
    p = subprocess.run([PYCPG, "query", "--csv", out, sql], capture_output=True, text=True,
                       timeout=60)
    if p.returncode != 0:
        raise RuntimeError(f"query failed: {sql}: {p.stderr}")
    return list(csv.reader(io.StringIO(p.stdout)))[1:]


def manifest(out):
    with open(os.path.join(out, "manifest.json")) as f:
        return json.load(f)


def scip_errors(out):
    return query(out, "select error_code from file_errors_v1 where lens = 'scip' order by 1")


# ---- the oracle: positions from the raw bytes ---------------------------------------------

def raw_lines(path):
    """(start byte, line bytes without terminator) per line; \\n, \\r\\n, \\r."""
    data = open(os.path.join(REPO, path), "rb").read()
    out, pos = [], 0
    for m in re.finditer(rb"\r\n|\r|\n", data):
        out.append((pos, data[pos:m.start()]))
        pos = m.end()
    out.append((pos, data[pos:]))
    return out


def units(prefix, unit):
    text = prefix.decode("utf-8")
    if unit == "utf16":
        return len(text.encode("utf-16-le")) // 2
    if unit == "utf32":
        return len(text)
    return len(prefix)


def locate(path, line, name, nth=0):
    """(bstart, bend, utf16 start char) of the nth whole-word `name` on a 0-based line."""
    start, text = raw_lines(path)[line]
    m = list(re.finditer(rb"(?<![\w])" + re.escape(name.encode()) + rb"(?![\w])", text))[nth]
    return start + m.start(), start + m.end(), units(text[:m.start()], "utf16")


def byte_of(path, line, char, unit):
    start, text = raw_lines(path)[line]
    for k in range(len(text) + 1):
        try:
            n = units(text[:k], unit)
        except UnicodeDecodeError:
            continue  # inside a character
        if n == char:
            return start + k
    raise ValueError("no such position")


# ---- 1. the real scip-python ----------------------------------------------------------------

def tree_digest(root):
    items = []
    for d, dirs, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            items.append((os.path.relpath(p, root), open(p, "rb").read()))
    return sorted(items)


def real_indexer():
    node = shutil.which("node")
    js = os.path.join(SRC, "deps", "scip-python", "index.js")
    if not node or not os.path.exists(js):
        print("SKIP real scip-python checks: scip-python is not installed "
              "(scripts/setup.sh could not install node or @sourcegraph/scip-python)",
              file=sys.stderr)
        return
    before = tree_digest(REPO)
    out = os.path.join(T, "real")
    rc, err = build(out, "--scip", "auto", "--scip-project-version", "1.0")
    check("real: build exits 0", (0, ""), (rc, err))
    check("real: repository untouched (no index.scip written into it)", before, tree_digest(REPO))
    m = manifest(out)
    check("real: manifest scip_status", "ingested", m["counts"].get("scip_status"))
    check("real: no scip error rows", [], scip_errors(out))
    check("real: no span errors", [["0"]], query(out, "select count(*) from scip_span_errors_v1"))
    check("real: documents = scanned files",
          query(out, "select path from repo_files_v1 order by 1"),
          query(out, "select path from scip_documents_v1 where file_id is not null order by 1"))
    check("real: metadata", [["scip-python", "0.6.6", "UTF8"]],
          query(out, "select tool_name, tool_version, text_document_encoding "
                     "from scip_metadata_v1"))
    # (path, 0-based line, name, nth on the line, role bit, symbol suffix)
    cases = [
        ("pkg/core.py", 3, "greet", 0, 1, "`pkg.core`/greet()."),
        ("pkg/core.py", 16, "label", 0, 1, "`pkg.core`/label."),
        ("pkg/core.py", 16, "result", 0, 1, "`pkg.core`/result."),
        ("pkg/core.py", 16, "greet", 0, 8, "`pkg.core`/greet()."),   # after é and two emoji
        ("pkg/core.py", 16, "label", 1, 8, "`pkg.core`/label."),
        ("pkg/core.py", 7, "Widget", 0, 1, "`pkg.core`/Widget#"),
        ("pkg/crlf.py", 3, "helper", 0, 1, "`pkg.crlf`/helper()."),  # CRLF lines
        ("pkg/crlf.py", 4, "greet", 0, 8, "`pkg.core`/greet()."),
        ("pkg/crlf.py", 7, "helper", 0, 8, "`pkg.crlf`/helper()."),
        ("pkg/crlf.py", 8, "Widget", 0, 8, "`pkg.core`/Widget#"),
        ("pkg/bom.py", 0, "counter", 0, 1, "`pkg.bom`/counter."),    # the BOM is a character
        ("pkg/bom.py", 1, "counter", 0, 8, "`pkg.bom`/counter."),
    ]
    for path, line, name, nth, bit, suffix in cases:
        bs, be, ch = locate(path, line, name, nth)
        rows = query(out, "select start_line, start_char, end_char, bend, symbol_roles, symbol, "
                          "is_definition, is_read, col_unit from scip_occurrences_v1 "
                          f"where path = '{path}' and bstart = {bs}")
        got = [(r[0], r[1], r[2], r[3], int(r[4]) & bit, r[5].endswith(suffix), r[6], r[7], r[8])
               for r in rows]
        want = [(str(line), str(ch), str(ch + len(name)), str(be), bit, True,
                 "true" if bit == 1 else "false", "true" if bit == 8 else "false", "utf16")]
        check(f"real: {path}:{line} {name}#{nth}", want, got)
    # every mapped span holds a (dotted) identifier that its (non-local) symbol names
    bad = []
    for path, bs, be, sym in query(out, "select path, bstart, bend, symbol from "
                                        "scip_occurrences_v1 where bend > bstart"):
        data = open(os.path.join(REPO, path), "rb").read()[int(bs):int(be)].decode()
        dotted = all(part.isidentifier() for part in data.split("."))  # module names
        if not dotted or (not sym.startswith("local ") and data not in sym):
            bad.append((path, bs, be, data, sym))
    check("real: every span holds its symbol's name", [], bad)
    check("real: relationships (Gadget implements Widget)", [["2"]],
          query(out, "select count(*) from scip_symbol_relationships_v1 "
                     "where is_implementation and symbol like '%Gadget#%'"))
    check("real: symbol info from documents", True,
          int(query(out, "select count(*) from scip_symbol_info_v1")[0][0]) > 10)


# ---- 2. a hand-built index: two Index messages concatenated ---------------------------------

def hand_built():
    i1, i2 = hand_index()
    path = os.path.join(T, "hand.scip")
    with open(path, "wb") as f:
        f.write(i1 + i2)
    out = os.path.join(T, "hand")
    rc, err = build(out, "--scip", path)
    check("hand: build exits 0", (0, ""), (rc, err))
    check("hand: manifest scip_status", "ingested", manifest(out)["counts"].get("scip_status"))
    meta = query(out, "select tool_name, tool_version, project_root, text_document_encoding, "
                      "protocol_version, meta from scip_metadata_v1")
    check("hand: merged metadata", ["handmade", "2", "file:///x", "UTF8",
                                    "UnspecifiedProtocolVersion"], meta[0][:5] if meta else None)
    check("hand: meta records 2 Index messages and merged arguments", (True, True),
          ("metadata_messages', 'value': 2}" in meta[0][5] or
           "'key': metadata_messages, 'value': 2}" in meta[0][5],
           "'value': a b}" in meta[0][5]))
    check("hand: documents (one row per path)",
          [["pkg/core.py", "python", "UTF32CodeUnitOffsetFromLineStart", "utf32", "true"],
           ["pkg/crlf.py", "", "UnspecifiedPositionEncoding", "utf16", "true"],
           ["../escape.py", "", "UnspecifiedPositionEncoding", "utf16", "false"],
           ["nope.py", "", "UnspecifiedPositionEncoding", "utf16", "true"]],
          query(out, "select d.path, language, position_encoding, col_unit, "
                     "d.file_id is not null from scip_documents_v1 d"))
    g32 = byte_of("pkg/core.py", 16, 25, "utf32")
    g16 = byte_of("pkg/core.py", 16, 27, "utf16")
    gc = byte_of("pkg/crlf.py", 4, 11, "utf16")
    check("hand: UTF-32 and UTF-16 columns reach the same bytes", g32, g16)
    want = [
        ["handmade greet", "16", "25", "16", "30", "3", str(g32), str(g32 + 5), "24",
         "false", "true", "true", "false", "IdentifierFunction", "utf32"],
        ["handmade doc", "0", "0", "0", "3", "4", "0", "3", "65", "true", "false", "false",
         "true", "UnspecifiedSyntaxKind", "utf32"],
        ["handmade far", "99", "0", "99", "1", "3", "", "", "0", "false", "false", "false",
         "false", "UnspecifiedSyntaxKind", "utf32"],
        ["handmade short", "", "", "", "", "0", "", "", "0", "false", "false", "false", "false",
         "UnspecifiedSyntaxKind", "utf32"],
        ["handmade greet", "4", "11", "4", "16", "3", str(gc), str(gc + 5), "8", "false", "true",
         "false", "false", "UnspecifiedSyntaxKind", "utf16"],
        ["handmade split", "16", "12", "16", "13", "3", "", "", "0", "false", "false", "false",
         "false", "UnspecifiedSyntaxKind", "utf16"],
        ["handmade greet", "16", "27", "16", "32", "3", str(g16), str(g16 + 5), "8", "false",
         "true", "false", "false", "UnspecifiedSyntaxKind", "utf16"],
        ["handmade escape", "0", "0", "0", "1", "3", "", "", "0", "false", "false", "false",
         "false", "UnspecifiedSyntaxKind", "utf16"],
        ["handmade nope", "0", "0", "0", "1", "3", "", "", "0", "false", "false", "false",
         "false", "UnspecifiedSyntaxKind", "utf16"],
    ]
    check("hand: occurrences (ranges, spans, roles, kinds, units)", want,
          query(out, "select symbol, start_line, start_char, end_line, end_char, range_len, "
                     "bstart, bend, symbol_roles, is_definition, is_read, is_generated, "
                     "is_forward_definition, syntax_kind, col_unit from scip_occurrences_v1"))
    check("hand: enclosing range mapped", [["0", "0", "1", "0", "0", str(raw_lines("pkg/core.py")[1][0])]],
          query(out, "select enc_start_line, enc_start_char, enc_end_line, enc_end_char, "
                     "enc_bstart, enc_bend from scip_occurrences_v1 where enc_range_len = 4"))
    check("hand: span errors", [
        ["pkg/core.py", "line_out_of_range", "true"],
        ["pkg/core.py", "invalid_range_len", "true"],
        ["pkg/core.py", "splits_character", "true"],
        ["../escape.py", "unsafe_document_path", "true"],
        ["nope.py", "missing_repo_text_for_path", "true"]],
        query(out, "select e.path, reason, o.symbol is not null from scip_span_errors_v1 e "
                   "left join scip_occurrences_v1 o using (occurrence_id)"))
    check("hand: problem rows for unsafe and unscanned documents",
          [["nope.py", "scip_document_not_scanned"], ["../escape.py", "scip_document_unsafe_path"]],
          query(out, "select path, error_code from file_errors_v1 where lens = 'scip' "
                     "order by 2"))
    check("hand: diagnostic", [["16", "25", "16", "30", str(g32), str(g32 + 5), "Warning", "W1",
                                "m1", "hand", "[Unnecessary, Deprecated]"]],
          query(out, "select start_line, start_char, end_line, end_char, bstart, bend, "
                     "severity, code, message, source, tags from scip_diagnostics_v1"))
    sig = query(out, "select symbol, display_name, kind, documentation, signature_documentation "
                     "from scip_symbol_info_v1")
    check("hand: symbol info", [["handmade greet", "greet", "Function", "[doc]"]],
          [r[:4] for r in sig])
    check("hand: signature documentation JSON",
          {"text": "def greet()", "language": "python", "occurrences": []},
          json.loads(sig[0][4]) if sig else None)
    check("hand: relationship", [["handmade greet", "handmade base", "true", "false", "false",
                                  "true"]],
          query(out, "select symbol, related_symbol, is_reference, is_implementation, "
                     "is_type_definition, is_definition from scip_symbol_relationships_v1"))
    check("hand: external symbols", [["ext one", "one", "Module"], ["ext two", "", "UnspecifiedKind"]],
          query(out, "select symbol, display_name, kind from scip_external_symbol_info_v1"))
    ids = query(out, "select count(distinct occurrence_id), count(*) from scip_occurrences_v1")
    check("hand: occurrence ids distinct", [["9", "9"]], ids)
    # --no-link: the check reads the SCIP lens's rows, which the link does not write (the
    # same bytes either way); the link was most of this second build (issue 28)
    out2 = os.path.join(T, "hand2")
    build(out2, "--scip", path, "--no-link")
    check("hand: same input, same rows",
          query(out, "select * from scip_occurrences_v1"), query(out2, "select * from scip_occurrences_v1"))
    return i1 + i2


# ---- 3. malformed input and failing indexers ------------------------------------------------

def malformed(good):
    # --no-link: these builds are about the SCIP lens's input and its error rows; the link's
    # reading of the SCIP datasets is checked by the real and the hand-built builds (the
    # sanitizer pass runs this test, where the link is most of a build's time)
    cases = {
        "truncated": (good[:len(good) - 40], "scip_index_malformed"),
        "garbage": (bytes(random.Random(5).randrange(256) for _ in range(4096)),
                    "scip_index_malformed"),
        "overlong varint": (b"\x0a" + b"\xff" * 11, "scip_index_malformed"),
        "bad document": (field(2, b"\x0a\xff\xff\xff\xff\x0f"), "scip_index_malformed"),
    }
    for name, (data, code) in cases.items():
        path = os.path.join(T, name.replace(" ", "_") + ".scip")
        with open(path, "wb") as f:
            f.write(data)
        out = os.path.join(T, "m_" + name.replace(" ", "_"))
        rc, err = build(out, "--scip", path, "--no-link")
        check(f"{name}: build exits 0", 0, rc)
        check(f"{name}: error row", True, [code] in scip_errors(out))
        check(f"{name}: manifest says ingested_partly", "ingested_partly",
              manifest(out)["counts"].get("scip_status"))
    out = os.path.join(T, "m_truncated")
    check("truncated: documents before the cut are kept", True,
          int(query(out, "select count(*) from scip_occurrences_v1")[0][0]) >= 4)
    out = os.path.join(T, "m_missing")
    rc, _ = build(out, "--scip", os.path.join(T, "no_such.scip"), "--no-link")
    check("missing index: build exits 0", 0, rc)
    check("missing index: error row", [["scip_index_unreadable"]], scip_errors(out))
    out = os.path.join(T, "m_empty")
    open(os.path.join(T, "empty.scip"), "wb").close()
    rc, _ = build(out, "--scip", os.path.join(T, "empty.scip"), "--no-link")
    check("empty index: build exits 0, one metadata row, no errors", (0, [["1"]], []),
          (rc, query(out, "select count(*) from scip_metadata_v1"), scip_errors(out)))
    out = os.path.join(T, "off")
    rc, _ = build(out, "--scip", "off", "--no-link")
    check("off: no SCIP rows", (0, [["0"]], "off"),
          (rc, query(out, "select count(*) from scip_metadata_v1"),
           manifest(out)["counts"].get("scip_status")))

    fail = os.path.join(T, "fail.sh")
    with open(fail, "w") as f:
        f.write("#!/bin/sh\necho 'indexer exploded' >&2\nexit 3\n")
    hang = os.path.join(T, "hang.sh")
    with open(hang, "w") as f:
        f.write(f"#!/bin/sh\nsleep 600 &\necho $! > {T}/grandchild.pid\nsleep 600\n")
    for p in (fail, hang):
        os.chmod(p, 0o755)
    out = os.path.join(T, "i_fail")
    rc, _ = build(out, "--scip", "auto", "--no-link", env={"PYCPG_SCIP_PYTHON": fail})
    rows = query(out, "select path, error_code, message like '%status 3%indexer exploded%' "
                      "from file_errors_v1 where lens = 'scip'")
    check("failing indexer: build exits 0, row with its status and output",
          (0, [[".", "scip_python_failed", "true"]], "failed"),
          (rc, rows, manifest(out)["counts"].get("scip_status")))
    out = os.path.join(T, "i_hang")
    t0 = time.time()
    rc, _ = build(out, "--scip", "auto", "--scip-timeout", "1", "--no-link",
                  env={"PYCPG_SCIP_PYTHON": hang})
    took = time.time() - t0
    check("hanging indexer: build exits 0 with a timeout row", (0, [["scip_python_timeout"]]),
          (rc, scip_errors(out)))
    # not a speed check: the build (extraction and link go on while the indexer runs) must end
    # long before the indexer would (600 s), however loaded the machine (issue 28: 30 s was
    # exceeded under ASan at load 5)
    check("hanging indexer: stopped at the time limit (%.0f s)" % took, True, took < 300)
    try:
        gpid = int(open(os.path.join(T, "grandchild.pid")).read())
        time.sleep(0.2)
        alive = os.path.exists(f"/proc/{gpid}") and \
            open(f"/proc/{gpid}/stat").read().split()[2] != "Z"
    except (OSError, ValueError):
        alive = None
    check("hanging indexer: its process group is killed", False, alive)
    out = os.path.join(T, "i_missing")
    rc, _ = build(out, "--scip", "auto", "--no-link",
                  env={"PYCPG_SCIP_PYTHON": os.path.join(T, "nope")})
    check("missing indexer: build exits 0 with a row", (0, [["scip_python_missing"]], "missing"),
          (rc, scip_errors(out), manifest(out)["counts"].get("scip_status")))
    out = os.path.join(T, "i_env")
    rc, _ = build(out, "--no-link", env={"PYCPG_SCIP": "off"})
    check("PYCPG_SCIP=off is the default of --scip", "off",
          manifest(out)["counts"].get("scip_status"))


try:
    real_indexer()
    good = hand_built()
    malformed(good)
finally:
    shutil.rmtree(T, ignore_errors=True)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
