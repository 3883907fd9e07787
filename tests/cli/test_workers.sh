# test_workers.sh — `pycpg build -j N` (worker processes, each writing the chunks it takes)
# gives exactly the output of -j 0
# (extraction in the pycpg process): on a fixture tree with bad files (invalid UTF-8, NUL
# byte, syntax errors, a symlink, an empty file, an unreadable one) with -j 0 and -j 3, and on
# a 100-file sample of python3's standard library with -j 1 and -j 2, every Parquet file is
# byte-identical (so every dataset has the same rows in the same order; the rows are dumped
# and compared only to say where, when the files differ). A worker that
# crashes on a file (fault seam worker_crash) costs only that file, recorded as a
# worker_crashed row; a worker that hangs on a file (worker_hang) is stopped by
# --file-timeout (a file_timeout row); a worker's internal error fails the run with its
# message; SIGINT stops a -j 2 build whose workers hang (worker_hang on every file) with
# exit 1, nothing published and no process left behind.
# Nothing here depends on the machine being idle: the only wall-clock limit (the hang's
# --file-timeout) is applied to a tree of three small files, far below it even under the
# sanitizers on a loaded machine, and the interrupted build cannot finish before the signal.
# Every build here passes --no-link: this test is about extraction; cli_link checks that the
# link stage's output is the same for -j 1 and -j 2.
. "$(dirname "$0")/lib.sh"

R=$T/repo
mkdir -p "$R/pkg/sub"
python3 - "$R" <<'EOF'
import sys
r = sys.argv[1]
def put(name, data):
    with open(f"{r}/{name}", "wb") as f:
        f.write(data)
for i in range(30):
    body = "".join(f"def f{i}_{k}(x, y={k}):\n    return [x * y for _ in range({k})]\n\n"
                   for k in range(i * 3))
    put(f"pkg/mod_{i:02d}.py", f'"""module {i}"""\nimport os\n{body}class C{i}:\n    pass\n'.encode())
put("pkg/__init__.py", b"")
put("pkg/sub/big.py", b"".join(b"x%d = [%s]\n" % (k, b", ".join(b"%d" % j for j in range(50)))
                                for k in range(800)))
put("bad_utf8.py", b's = "caf\xc3"\nt = "\xff\xfe"\n')
put("nul.py", b"a = 1\nb = '\x00'\n")
put("syntax1.py", b"def f(:\n    return )\n")
put("syntax2.py", b"class (\n  if if if\n\tx = = 1\n")
put("latin1.py", b'# -*- coding: latin-1 -*-\ns = "caf\xe9"\n')
put("unreadable.py", b"secret = 1\n")
put("empty.py", b"")
EOF
ln -s pkg/mod_01.py "$R/link.py"
FAULTS=read:unreadable.py
# small chunks (chunks.c), so that the fixture is many chunks spread over the workers; the
# standard library sample below uses the default
export PYCPG_CHUNK_BYTES=4096

# Every part file and error artifact of A equals B's, byte for byte, and the same files exist.
same_files() {
    local a=$1 b=$2 f
    [ "$(cd "$a" && find . -name '*.parquet' | sort)" == "$(cd "$b" && find . -name '*.parquet' | sort)" ] ||
        return 1
    for f in $(cd "$a" && find . -name '*.parquet'); do cmp -s "$a/$f" "$b/$f" || return 1; done
}
# Every dataset's rows, in stored order, as CSV: one block per dataset of the manifest with
# rows (the empty ones are compared by same_files; a query each would be slow under ASan).
dump_rows() {
    local ds
    for ds in $(python3 -c 'import json, sys
print("\n".join(d["name"] + " " + str(d["rows"]) for d in json.load(open(sys.argv[1]))["datasets"]))' \
        "$1/manifest.json" | awk '$2 > 0 { print $1 }'); do
        printf '== %s\n' "$ds"
        q "$1" "select * from $ds" || return 1
    done
}
# One check: the files A and B are equal (large outputs stay out of shell variables).
expect_same_file() {
    if cmp -s "$2" "$3"; then
        lib_pass
    else
        lib_fail "$1" "$(diff "$2" "$3" | head -6 | cut -c1-200)"
    fi
}
# One check: every Parquet file of OUT1 equals OUT2's, byte for byte (hence every dataset's
# rows, in the same order); when they differ, the rows of every dataset are dumped and the
# first differences shown (a query per dataset: too slow to run when nothing differs).
expect_same_outputs() {
    if same_files "$2" "$3"; then
        lib_pass
        return
    fi
    dump_rows "$2" >"$T/rows_a" && dump_rows "$3" >"$T/rows_b" || { lib_fail "$1" "files differ; dump failed"; return; }
    lib_fail "$1" "Parquet files differ; rows: $(diff "$T/rows_a" "$T/rows_b" | head -6 | cut -c1-200)"
}

expect_fail "fixture -j 0 (in this process) builds" 0 "" env PYCPG_FAULTS=$FAULTS "$PYCPG" build -q --no-link "$R" -o "$T/o1" -j 0
expect_fail "fixture -j 3 builds" 0 "" env PYCPG_FAULTS=$FAULTS "$PYCPG" build -q --no-link "$R" -o "$T/o3" -j 3 --file-timeout 0
expect_same_outputs "fixture: every Parquet file of -j 3 = -j 0, byte for byte" "$T/o1" "$T/o3"
expect_true "fixture: many chunks" \
    test "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["chunks"]))' "$T/o3/extract_chunks.json")" -gt 6
expect_eq "fixture: the bad files are there" \
    "$(printf '%s\n' bad_utf8.py,invalid_encoding link.py,symlink_skipped nul.py,nul_byte \
        unreadable.py,unreadable)" \
    "$(q "$T/o3" "select path, error_code from file_errors_v1 order by path")"
expect_eq "fixture: ts rows for the syntax errors and the big file" "true" \
    "$(q "$T/o3" "select count(*) filter (where path like 'syntax%') > 0
                    and count(*) filter (where path = 'pkg/sub/big.py') > 80000
                  from ts_errors_v1 full join ts_nodes_v1 using (path)")"
expect_eq "manifest records jobs" "3" \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["options"]["jobs"])' \
        "$T/o3/manifest.json")"

# more workers than files; no files at all
mkdir -p "$T/two" "$T/none"
cp "$R/pkg/mod_03.py" "$R/pkg/mod_04.py" "$T/two/"
expect_fail "-j 8 on two files" 0 "" "$PYCPG" build -q --no-link "$T/two" -o "$T/o_two" -j 8
expect_eq "-j 8 on two files: both there" "2" "$(q "$T/o_two" "select count(*) from repo_files_v1")"
expect_fail "-j 4 on no files" 0 "" "$PYCPG" build -q --no-link "$T/none" -o "$T/o_none" -j 4

# a sample of the standard library, every 111th file of the whole tree (real code of every
# kind; it was 300 files, which took minutes under the sanitizers on a loaded machine and
# checked nothing more): -j 2 = -j 1. Chunks of 128 KB (a quarter of the default) spread its 0.6 MB
# over several chunks. Builds whose subject is not the time limit pass --file-timeout 0: a
# large file, or a chunk's Parquet parts (they count towards its last file), could take
# longer than the default 120 s under the sanitizers on a loaded machine.
STD=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
S=$T/stdlib
(cd "$STD" && find . -name '*.py' -type f | LC_ALL=C sort | awk 'NR % 111 == 1' | head -100 |
    while read -r f; do mkdir -p "$S/$(dirname "$f")" && cp "$f" "$S/$f"; done)
expect_eq "stdlib sample has 100 files" "100" "$(find "$S" -name '*.py' | wc -l | tr -d ' ')"
expect_fail "stdlib sample -j 1" 0 "" env PYCPG_CHUNK_BYTES=131072 "$PYCPG" build -q --no-link "$S" -o "$T/s1" -j 1 --file-timeout 0
expect_fail "stdlib sample -j 2" 0 "" env PYCPG_CHUNK_BYTES=131072 "$PYCPG" build -q --no-link "$S" -o "$T/s2" -j 2 --file-timeout 0
expect_true "stdlib sample: several chunks" \
    test "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["chunks"]))' "$T/s2/extract_chunks.json")" -gt 2
expect_same_outputs "stdlib sample: every Parquet file of -j 2 = -j 1" "$T/s1" "$T/s2"

# a worker crashes on one file: that file becomes a worker_crashed row, nothing else changes
CRASH=pkg/mod_07.py
expect_fail "crash: the build completes" 0 "" \
    env PYCPG_FAULTS=$FAULTS,worker_crash:$CRASH "$PYCPG" build -q --no-link "$R" -o "$T/oc" -j 2 --file-timeout 0
expect_eq "crash: one worker_crashed row for the file" "$CRASH,pipeline,error,true" \
    "$(q "$T/oc" "select path, lens, severity, message like '%SIGABRT%'
                  from file_errors_v1 where error_code = 'worker_crashed'")"
expect_eq "crash: its repo_files_v1 row is there, without contents" "1" \
    "$(q "$T/oc" "select count(*) from repo_files_v1 where path = '$CRASH'
                  and file_sha256 is null and text is null")"
for ds in repo_files_v1 file_errors_v1 ts_nodes_v1 ts_errors_v1 ts_missing_v1; do
    q "$T/o1" "select * from $ds where path <> '$CRASH'" >"$T/rows_a"
    q "$T/oc" "select * from $ds where path <> '$CRASH'" >"$T/rows_b"
    expect_same_file "crash: $ds rows of the other files = -j 1" "$T/rows_a" "$T/rows_b"
done
expect_eq "crash: no tree-sitter rows for the crashed file" "0" \
    "$(q "$T/oc" "select count(*) from ts_nodes_v1 where path = '$CRASH'")"
expect_fail "crash on every file: still completes" 0 "" \
    env PYCPG_FAULTS=worker_crash:.py "$PYCPG" build -q --no-link "$T/two" -o "$T/oc2" -j 2
expect_eq "crash on every file: a row each" "2" \
    "$(q "$T/oc2" "select count(*) from file_errors_v1 where error_code = 'worker_crashed'")"

# a worker hangs on one file: the per-file time limit stops it; that file becomes a
# file_timeout row and every other file's rows are complete. The limit is wall-clock, so the
# tree is three small files (one chunk each): none comes near 15 s, even under the
# sanitizers on a loaded machine (the whole fixture's pkg/sub/big.py could), and the build
# waits the limit once.
HANG=pkg/mod_09.py
H=$T/hang
mkdir -p "$H/pkg" && cp "$R/pkg/mod_03.py" "$R/pkg/mod_04.py" "$R/$HANG" "$H/pkg/"
expect_fail "hang: the reference build (-j 0)" 0 "" "$PYCPG" build -q --no-link "$H" -o "$T/oh0" -j 0
expect_fail "hang: the build completes" 0 "" env PYCPG_FAULTS=worker_hang:$HANG \
    "$PYCPG" build -q --no-link "$H" -o "$T/oh" -j 2 --file-timeout 15
expect_eq "hang: one file_timeout row for the file" "$HANG,pipeline,error,true" \
    "$(q "$T/oh" "select path, lens, severity, message like '%--file-timeout%'
                  from file_errors_v1 where error_code = 'file_timeout'")"
for ds in repo_files_v1 file_errors_v1 ts_nodes_v1 py_ast_nodes_v1; do
    q "$T/oh0" "select * from $ds where path <> '$HANG'" >"$T/rows_a"
    q "$T/oh" "select * from $ds where path <> '$HANG'" >"$T/rows_b"
    expect_same_file "hang: $ds rows of the other files = -j 0" "$T/rows_a" "$T/rows_b"
done
expect_eq "hang: the other files have rows" "2" \
    "$(q "$T/oh" "select count(distinct path) from ts_nodes_v1")"
expect_eq "manifest records the time limit" "15" \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["options"]["file_timeout"])' \
        "$T/oh/manifest.json")"
expect_fail "--file-timeout rejects a negative number" 2 "file-timeout" \
    "$PYCPG" build -q --no-link "$R" -o "$T/ox" --file-timeout -1

# an internal error in a worker fails the run with its message; nothing is published
expect_fail "worker error: exit 1 with the worker's message" 1 "injected worker failure on pkg/mod_05" \
    env PYCPG_FAULTS=worker_error:pkg/mod_05.py "$PYCPG" build -q --no-link "$R" -o "$T/oe" -j 3
expect_true "worker error: OUT not created" test ! -e "$T/oe"

# SIGINT during a -j 2 build whose workers hang on every file (so it cannot end before the
# signal, however slow or fast the machine): exit 1, nothing published, no worker left behind
env PYCPG_FAULTS=worker_hang:.py "$PYCPG" build -q --no-link "$R" -o "$T/oi" -j 2 2>"$T/int.err" &
pid=$!
bg_track $pid
for _ in $(seq 1200); do # until both workers run (the handler is installed before they fork)
    [ "$(pgrep -P $pid | wc -l)" -ge 2 ] && break
    sleep 0.1
done
kids=$(pgrep -P $pid | tr '\n' ' ')
expect_eq "interrupt: two workers were running" "2" "$(wc -w <<<"$kids" | tr -d ' ')"
kill -INT $pid
rc=0
wait $pid || rc=$?
expect_eq "interrupt: exit status 1" "1" "$rc"
expect_true "interrupt: says so" grep -qi interrupted "$T/int.err"
expect_true "interrupt: OUT not created" test ! -e "$T/oi"
expect_eq "interrupt: no staging directory left" "" "$(ls -a "$T" | grep pycpg-tmp || true)"
left=""
for k in $kids; do kill -0 "$k" 2>/dev/null && left="$left $k"; done
expect_eq "interrupt: no worker left" "" "$left"

expect_true "--help describes -j" sh -c "'$PYCPG' help build | grep -q 'worker processes'"
expect_true "--help describes --file-timeout" sh -c "'$PYCPG' help build | grep -q 'file-timeout SEC'"
finish
