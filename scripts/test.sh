#!/usr/bin/env bash
# scripts/test.sh — set everything up, build, and run the whole test suite (what CI runs).
#   1. scripts/setup.sh     Debian packages + pinned npm artifacts (idempotent)
#   2. scripts/build.sh     CMake build into build/
#   3. style checks         clang-format on every tracked C file
#   4. ctest                every test but those labelled `san` (all of them with
#                           PYCPG_SKIP_SANITIZE=1), the slow ones included
#   5. the suite on an AddressSanitizer + UndefinedBehaviorSanitizer build
#      (build-asan/), without the tests labelled `slow` (the whole-standard-library parity
#      runs, whose stdlib samples run in the normal tests, and the points-to parity run,
#      whose C rounds every link test runs) or `nosan` (tests whose C code the others run:
#      tests/cli/tests.cmake says which and why); all of them ran plain in step 4. Any
#      sanitizer report fails it. PYCPG_SKIP_SANITIZE=1 skips this step.
#   6. the libFuzzer build (scripts/fuzz.sh 0: clang, unoptimised, build-fuzz-check/), each
#      harness run once over its seeds and regression inputs, no exploration.
#      PYCPG_SKIP_FUZZ=1 skips it.
# Each stage's elapsed time is printed when it ends ("test: <stage>: N s"), and all of them
# with the total at the end, also when a stage fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
times=()
t_all=$SECONDS
report() {
    local rc=$? t
    for t in "${times[@]}"; do printf 'test: %s\n' "$t" >&2; done
    printf 'test: total %d s%s\n' $((SECONDS - t_all)) "$([ $rc -eq 0 ] || echo " (failed, exit $rc)")" >&2
}
trap report EXIT
# stage NAME CMD…: runs CMD, records how long it took
stage() {
    local name=$1 t0=$SECONDS rc=0
    shift
    "$@" || rc=$?
    times+=("$(printf '%-12s %5d s%s' "$name" $((SECONDS - t0)) "$([ $rc -eq 0 ] || echo " FAILED")")")
    printf 'test: %s: %d s\n' "$name" $((SECONDS - t0)) >&2
    return $rc
}
stage setup "$root/scripts/setup.sh"
stage build "$root/scripts/build.sh"
stage format "$root/scripts/check_format.sh"
# Two tests at once, one a CPU of the 2-CPU machine the suite is timed on (three were tried: no
# faster, docs/decisions.md "Seventh look")
jobs=2
# With the sanitizer pass to come, the plain pass leaves out the tests labelled `san`: that pass
# runs them, with every check they make plus the sanitizers' (tests/cli/tests.cmake says which
# and why). Every test runs at least once; the slow and `nosan` ones plain only.
plain_filter=(-LE '^san$')
[ "${PYCPG_SKIP_SANITIZE:-0}" != 1 ] || plain_filter=()
stage ctest bash -c 'cd "$1" && shift && ctest --output-on-failure "$@"' _ \
    "${PYCPG_BUILD_DIR:-$root/build}" -j"$jobs" "${plain_filter[@]}"
if [ "${PYCPG_SKIP_SANITIZE:-0}" != 1 ]; then
    echo "test: the suite again under AddressSanitizer + UndefinedBehaviorSanitizer" >&2
    stage asan-build env PYCPG_BUILD_DIR="$root/build-asan" PYCPG_BUILD_TYPE=Debug \
        "$root/scripts/build.sh" -DPYCPG_SANITIZE=ON
    # quarantine_size_mb=16 (default 256) and malloc_context_size=2 (default 30): the suite's
    # builds allocate through DuckDB and CPython, whose every malloc ASan records and whose
    # frees it holds back; the defaults cost a quarter of this stage (sys time on 256 MB of
    # quarantine, a 30-frame unwind per allocation), docs/decisions.md "Where the suite's time
    # went" and "Seventh look". Errors still carry their full stack; a use-after-free's
    # allocation and free stacks have 2 frames (the allocating function and its caller): to
    # debug one, run the test again with ASAN_OPTIONS=malloc_context_size=30. An ASAN_OPTIONS
    # set by the caller is appended, so it wins.
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:quarantine_size_mb=16:malloc_context_size=2${ASAN_OPTIONS:+:$ASAN_OPTIONS}
    export LSAN_OPTIONS=suppressions=$root/scripts/lsan.supp:print_suppressions=0
    export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
    stage asan-ctest bash -c 'cd "$1" && ctest --output-on-failure -j"$2" -LE "slow|nosan"' _ \
        "$root/build-asan" "$jobs"
fi
if [ "${PYCPG_SKIP_FUZZ:-0}" != 1 ]; then
    echo "test: the libFuzzer harnesses over their seeds and regressions (scripts/fuzz.sh 0)" >&2
    stage fuzz "$root/scripts/fuzz.sh" 0
fi
