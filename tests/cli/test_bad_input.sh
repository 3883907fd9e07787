# test_bad_input.sh — a build over a tree of bad and awkward files: each bad file becomes
# exactly one file_errors_v1 row (and the build still exits 0), one for every error code
# the scan knows; awkward but valid files (latin-1 cookie, CRLF, CR-only, BOM, empty) are
# decoded; every readable file's tree-sitter nodes match the bare tree-sitter walk
# (bench/ts_walk). The tree is generated here, not committed.
. "$(dirname "$0")/lib.sh"

R=$T/repo
OUT=$T/out
mkdir -p "$R/pkg"
python3 - "$R" <<'EOF'
import random, sys
r = sys.argv[1]
def put(name, data):
    with open(f"{r}/{name}", "wb") as f:
        f.write(data)
blob = bytearray(random.Random(7).randbytes(400))
blob[10] = blob[200] = 0
put("blob.py", bytes(blob))
put("bad_utf8.py", b's = "caf\xc3"\nt = "\xff\xfe"\n')
put("nul.py", b"a = 1\nb = '\x00'\n")
put("latin1.py", b'# -*- coding: latin-1 -*-\ns = "caf\xe9"\n')
put("crlf.py", b"def f():\r\n    return 1\r\n\r\nx = f()\r\n")
put("cr_only.py", b"def f():\r    return 1\rx = f()\r")
put("bom.py", b"\xef\xbb\xbfimport os\nprint(os.sep)\n")
put("unreadable.py", b"secret = 1\n")
put("klingon.py", b"# coding: klingon\nx = 1\n")
put("big.py", b"x = 1\n" * 1000)
put("pkg/__init__.py", b"")
put("pkg/mod.py", b"class C:\n    def m(self, x: int) -> int:\n        return x + 1\n")
EOF
chmod 000 "$R/unreadable.py"
ln -s . "$R/loop"
ln -s pkg/mod.py "$R/link.py"
mkfifo "$R/fifo.py"
UNREAD="'unreadable.py', 'big.py'" # selected but not read: no bytes, no nodes

expect_fail "build exits 0 despite bad files" 0 "" env PYCPG_FAULTS=read:unreadable.py \
    "$PYCPG" build -q --max-file-size 4K "$R" -o "$OUT"

# one row per bad file, with the expected code; none for the good ones
expect_eq "file_errors_v1 rows" \
    "$(printf '%s\n' bad_utf8.py,invalid_encoding big.py,too_large blob.py,nul_byte \
        fifo.py,not_regular_file klingon.py,unknown_encoding link.py,symlink_skipped \
        loop,symlink_skipped nul.py,nul_byte unreadable.py,unreadable)" \
    "$(q "$OUT" "select path, error_code from file_errors_v1 order by path, error_code")"
expect_eq "file_errors_v1 lens/severity/file_id/message filled" "0" \
    "$(q "$OUT" "select count(*) from file_errors_v1 where lens is null or severity is null
                 or file_id is null or message is null or message = ''")"
expect_eq "file_errors_v1 file_id = repo_files_v1 file_id" "6" \
    "$(q "$OUT" "select count(*) from file_errors_v1 e join repo_files_v1 f using (path)
                 where e.file_id = f.file_id")"

# every regular file of the tree has a repo_files_v1 row (links and the FIFO are no files)
expect_eq "repo_files_v1 paths = files in the tree" \
    "$(cd "$R" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)" \
    "$(q "$OUT" "select path from repo_files_v1 order by path")"

# oracle per readable file: size, sha256, codec (tokenize.detect_encoding) and the sha256 of
# the decoded text (BOM stripped, invalid bytes replaced; an unknown cookie falls back to
# UTF-8)
readable() { (cd "$R" && find . -type f ! -name unreadable.py ! -name big.py |
    sed 's|^\./||' | LC_ALL=C sort); }
oracle=$(readable | (cd "$R" && python3 -c '
import hashlib, io, sys, tokenize
for p in sys.stdin.read().split():
    data = open(p, "rb").read()
    try:
        enc = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
    except SyntaxError:
        enc = "utf-8"
    text = data.decode(enc, "replace")
    print(",".join([p, str(len(data)), hashlib.sha256(data).hexdigest(), enc,
                    hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()]))'))
expect_eq "repo_files_v1 size/sha256/encoding/text per readable file" "$oracle" \
    "$(q "$OUT" "select path, size_bytes, file_sha256, encoding, sha256(text)
                 from repo_files_v1 where path not in ($UNREAD) order by path")"
expect_eq "files not read: NULL contents, size known" "$(printf 'big.py,6000\nunreadable.py,11')" \
    "$(q "$OUT" "select path, size_bytes from repo_files_v1 where path in ($UNREAD)
                 and file_sha256 is null and text is null and bytes is null order by path")"
expect_eq "latin1.py decoded from iso-8859-1" "iso-8859-1,true" \
    "$(q "$OUT" "select encoding, contains(text, 'café') from repo_files_v1
                 where path = 'latin1.py'")"
expect_eq "bom.py encoding utf-8-sig, BOM stripped from text" "utf-8-sig,true" \
    "$(q "$OUT" "select encoding, starts_with(text, 'import os') from repo_files_v1
                 where path = 'bom.py'")"

# tree-sitter nodes per readable .py file = the bare walk's count (empty files too)
walk=$(readable | (cd "$R" && "$TS_WALK" --per-file 2>/dev/null) | tr '\t' ',')
expect_true "ts_walk oracle produced counts" test -n "$walk"
expect_eq "ts_nodes_v1 count per file = ts_walk --per-file" "$walk" \
    "$(q "$OUT" "select f.path, count(n.path) from repo_files_v1 f
                 left join ts_nodes_v1 n using (path) where f.path not in ($UNREAD)
                 group by f.path order by f.path")"
expect_eq "no ts_nodes_v1 rows for files not read" "0" \
    "$(q "$OUT" "select count(*) from ts_nodes_v1 where path in ($UNREAD)")"
expect_eq "one root node per parsed file" \
    "$(printf '%s\n' "$walk" | grep -c .)" \
    "$(q "$OUT" "select count(*) from ts_nodes_v1 where parent_ts_id is null")"
expect_eq "manifest counts the problems" "9" \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["counts"]["problems"])' \
        "$OUT/manifest.json")"
finish
