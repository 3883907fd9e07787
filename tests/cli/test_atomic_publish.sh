# test_atomic_publish.sh — a build publishes OUT atomically (store/publish.c): a build killed
# with SIGKILL or interrupted with SIGINT while writing a large tree (the python3 standard
# library) leaves the previous OUT byte for byte as it was; SIGINT cleans its staging
# directory itself, SIGKILL's leftover is removed by the next build; a completed rebuild
# replaces OUT; SIGKILL at points spread over a whole build never leaves a mixed OUT.
. "$(dirname "$0")/lib.sh"

R=$T/repo
OUT=$T/out
BIG=$(python3 -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')
mkdir -p "$R"
printf 'def f(x):\n    return x\n' >"$R/a.py"
printf 'import a\n' >"$R/b.py"

sums() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs -d '\n' sha256sum) | sha256sum; }
leftovers() { ls -A "$T" | grep -E '^\.out\.pycpg-(tmp|old)-' | tr '\n' ' '; }

# Starts a build of BIG into OUT in the background, waits until its staging directory
# exists and ~1.5 s have passed, and sends signal $1. Sets BG_PID, BG_RC, BG_ALIVE.
# The waits are polls with generous bounds (2 minutes each), not fixed delays: on a loaded
# machine under the sanitizers the staging directory can take longer than 5 s to appear,
# and the interrupted build longer than 30 s to stop; on an idle one they end at once.
interrupt_big_build() {
    "$PYCPG" build -q "$BIG" -o "$OUT" 2>"$T/bg.err" &
    BG_PID=$!
    bg_track "$BG_PID"
    local i
    for i in $(seq 1200); do
        [ -d "$T/.out.pycpg-tmp-$BG_PID" ] && break
        sleep 0.1
    done
    sleep 1.5
    BG_ALIVE=no
    kill -0 "$BG_PID" 2>/dev/null && BG_ALIVE=yes
    kill -"$1" "$BG_PID" 2>/dev/null
    for i in $(seq 1200); do # SIGINT: give it up to 120 s to stop cleanly
        kill -0 "$BG_PID" 2>/dev/null || break
        sleep 0.1
    done
    BG_RC=0
    wait "$BG_PID" 2>/dev/null || BG_RC=$?
}

expect_fail "first build" 0 "" "$PYCPG" build -q "$R" -o "$OUT"
before=$(sums "$OUT")
expect_true "first build has a marker" test -f "$OUT/.pycpg-output"

# ---- (a) SIGKILL in the middle of a build ------------------------------------------------
interrupt_big_build KILL 2>/dev/null # (no "Killed" job notice)
expect_eq "SIGKILL: the big build was still running when killed" "yes" "$BG_ALIVE"
expect_eq "SIGKILL: killed by the signal" "137" "$BG_RC"
expect_eq "SIGKILL: OUT unchanged" "$before" "$(sums "$OUT")"
expect_eq "SIGKILL: its staging directory is what is left over" ".out.pycpg-tmp-$BG_PID " \
    "$(leftovers)"
expect_eq "SIGKILL: OUT still queryable" "2" "$(q "$OUT" "select count(*) from repo_files_v1")"
expect_fail "build after SIGKILL" 0 "" "$PYCPG" build -q "$R" -o "$OUT"
expect_eq "build after SIGKILL removed the stale staging dir" "" "$(leftovers)"
before=$(sums "$OUT")

# ---- (b) SIGINT: stops cleanly, exit 1, OUT intact, no staging left -----------------------
interrupt_big_build INT 2>/dev/null
expect_eq "SIGINT: the big build was still running when interrupted" "yes" "$BG_ALIVE"
expect_eq "SIGINT: stopped within 120 s" "stopped" \
    "$(kill -0 "$BG_PID" 2>/dev/null && echo running || echo stopped)"
expect_eq "SIGINT: exit status 1 (the run could not complete)" "1" "$BG_RC"
expect_true "SIGINT: says it was interrupted" grep -qi interrupt "$T/bg.err"
expect_eq "SIGINT: OUT unchanged" "$before" "$(sums "$OUT")"
expect_eq "SIGINT: no staging directory left" "" "$(leftovers)"

# ---- (c) a completed rebuild replaces OUT ------------------------------------------------
printf 'def f(x, y):\n    return x + y\n' >"$R/a.py"
printf 'z = 1\n' >"$R/c.py"
old_sha=$(q "$OUT" "select file_sha256 from repo_files_v1 where path = 'a.py'")
old_nodes=$(q "$OUT" "select count(*) from ts_nodes_v1 where path = 'a.py'")
expect_fail "rebuild" 0 "" "$PYCPG" build -q "$R" -o "$OUT"
expect_true "rebuild: OUT changed" test "$before" != "$(sums "$OUT")"
expect_eq "rebuild: repo_files_v1 has the new file" "a.py b.py c.py" \
    "$(q "$OUT" "select path from repo_files_v1 order by path" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "rebuild: a.py's sha256 is the new content's" \
    "$(sha256sum "$R/a.py" | cut -d' ' -f1)" \
    "$(q "$OUT" "select file_sha256 from repo_files_v1 where path = 'a.py'")"
expect_true "rebuild: a.py's sha256 changed" test "$old_sha" != "$(sha256sum "$R/a.py" | cut -d' ' -f1)"
expect_true "rebuild: a.py has more nodes" \
    test "$(q "$OUT" "select count(*) from ts_nodes_v1 where path = 'a.py'")" -gt "$old_nodes"
expect_eq "rebuild: manifest counts 3 files" "3" \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["counts"]["files"])' \
        "$OUT/manifest.json")"
expect_eq "rebuild: no staging or old directory left" "" "$(leftovers)"
expect_eq "rebuild: nothing else beside OUT" "out repo" "$(ls "$T" | grep -v '\.err$' | tr '\n' ' ' | sed 's/ $//')"

# ---- (d) SIGKILL at points spread over a whole build -------------------------------------
# A sample of the standard library is built once to time it (D); then builds of it into OUT
# (which holds R's output) are killed at 5%, 20%, … 95% and 105% of D. After each kill OUT is
# either exactly R's output or the complete sample output — never a mix — and the next build
# removes the killed build's staging directory. (--no-link keeps the rounds short, R's builds
# too: the link stage writes into the same staging directory, published the same way, and the
# builds of (a)-(c) above run it.)
S=$T/sample
mkdir -p "$S"
(cd "$BIG" && find . -name '*.py' -type f ! -path './site-packages/*' | LC_ALL=C sort |
    awk 'NR % 40 == 1' | head -150 | tar -cf - -T - 2>/dev/null) | tar -xf - -C "$S"
nsample=$(find "$S" -name '*.py' -type f | grep -c .)
t0=$(date +%s.%N)
"$PYCPG" build -q --no-link "$S" -o "$T/ref" || echo "reference build failed" >&2
D=$(echo "$(date +%s.%N) - $t0" | bc)
rm -rf "$T/ref"
for pct in 5 20 40 60 80 95 105; do
    "$PYCPG" build -q --no-link "$R" -o "$OUT" 2>/dev/null
    small=$(sums "$OUT")
    "$PYCPG" build -q --no-link "$S" -o "$OUT" 2>/dev/null &
    pid=$!
    bg_track $pid
    sleep "$(echo "$D * $pct / 100" | bc -l)"
    kill -KILL $pid 2>/dev/null
    wait $pid 2>/dev/null
    files=$(q "$OUT" "select count(*) from repo_files_v1")
    if [ "$(sums "$OUT")" == "$small" ]; then
        state=previous
    elif [ "$files" == "$nsample" ] && [ -f "$OUT/.pycpg-output" ] && [ -f "$OUT/manifest.json" ]; then
        state=complete
    else
        state="mixed ($files files)"
    fi
    expect_true "SIGKILL at ${pct}% of the build: OUT is the previous or the complete output ($state)" \
        test "$state" == previous -o "$state" == complete
    "$PYCPG" build -q --no-link "$R" -o "$OUT" 2>/dev/null
    expect_eq "SIGKILL at ${pct}%: the next build leaves nothing behind" "" "$(leftovers)"
done
finish
