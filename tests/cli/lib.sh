# lib.sh — shared helpers of the tests/cli/*.sh scripts (sourced, never run).
#
# A script is run as `bash test_x.sh PYCPG TS_WALK` (see tests.cmake) and starts with
#     . "$(dirname "$0")/lib.sh"
# which sets PYCPG and TS_WALK (absolute paths), makes a private temp dir $T (removed on exit,
# even when files in it were chmod 000) and defines:
#     q OUT SQL                 pycpg query --csv without the header line; returns non-zero
#                               (and prints pycpg's message) if the query fails
#     expect_eq NAME WANT GOT   one check: WANT and GOT are equal strings
#     expect_true NAME CMD…     one check: CMD exits 0
#     expect_fail NAME RC REGEX CMD…
#                               one check: CMD exits with status RC and its stderr matches
#                               the extended REGEX (case-insensitive)
#     known_bug NAME WANT GOT   a check pinned by a "# KNOWN BUG:" comment: while WANT and GOT
#                               differ it is reported as a known bug (not a failure); once
#                               they agree it fails, asking for the marker to be removed
#     bg_track PID              a background process to SIGKILL on exit if still running
#     finish                    prints "N passed, N failed" and exits 1 on any failure
# Output is quiet on success: only failing checks and the summary line are printed.
set -u

PYCPG=$(readlink -f "${1:?usage: $0 PYCPG TS_WALK}")
TS_WALK=$(readlink -f "${2:?usage: $0 PYCPG TS_WALK}")
LIB_PASSED=0
LIB_FAILED=0
LIB_KNOWN=0
LIB_BG=""
LIB_NAME=$(basename "$0" .sh)

T=$(mktemp -d "${TMPDIR:-/tmp}/pycpg-$LIB_NAME-XXXXXX") || exit 2
lib_cleanup() {
    local p
    for p in $LIB_BG; do kill -9 "$p" 2>/dev/null; done
    wait 2>/dev/null
    chmod -R u+rwX "$T" 2>/dev/null
    rm -rf "$T"
}
trap lib_cleanup EXIT

lib_pass() { LIB_PASSED=$((LIB_PASSED + 1)); }
lib_fail() {
    LIB_FAILED=$((LIB_FAILED + 1))
    printf 'FAIL %s: %s\n' "$1" "$2" >&2
}

q() {
    local out
    out=$("$PYCPG" query --csv "$1" "$2") || {
        printf 'query failed on %s: %.200s\n' "$1" "$2" >&2
        return 1
    }
    printf '%s\n' "$out" | tail -n +2
}

expect_eq() {
    if [ "$2" == "$3" ]; then
        lib_pass
    else
        case "$2$3" in
        *$'\n'*) lib_fail "$1" "$(printf 'differs (< expected, > got):\n%s' \
            "$(diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | grep '^[<>]' | head -6)")" ;;
        *) lib_fail "$1" "$(printf 'expected [%s]\n  got      [%s]' "$2" "$3")" ;;
        esac
    fi
}

expect_true() {
    local name=$1
    shift
    if "$@" >/dev/null 2>&1; then lib_pass; else lib_fail "$name" "command failed: $*"; fi
}

expect_fail() {
    local name=$1 want=$2 re=$3 rc=0 err
    shift 3
    err=$("$@" 2>&1 >/dev/null) || rc=$?
    if [ "$rc" != "$want" ]; then
        lib_fail "$name" "exit status $rc, expected $want (stderr: ${err:0:300})"
    elif ! grep -qiE -- "$re" <<<"$err"; then
        lib_fail "$name" "stderr does not match /$re/: ${err:0:300}"
    else
        lib_pass
    fi
}

known_bug() {
    if [ "$2" == "$3" ]; then
        lib_fail "$1" "known bug is fixed: turn known_bug into expect_eq, drop the KNOWN BUG note"
    else
        LIB_KNOWN=$((LIB_KNOWN + 1))
        printf 'KNOWN BUG (still present) %s: expected [%s] got [%s]\n' "$1" "$2" "$3" >&2
    fi
}

bg_track() { LIB_BG="$LIB_BG $1"; }

finish() {
    local known=""
    [ "$LIB_KNOWN" -eq 0 ] || known=" ($LIB_KNOWN known bugs, see KNOWN BUG above)"
    printf '%s: %d passed, %d failed%s\n' "$LIB_NAME" "$LIB_PASSED" "$LIB_FAILED" "$known"
    [ "$LIB_FAILED" -eq 0 ] || exit 1
    exit 0
}
