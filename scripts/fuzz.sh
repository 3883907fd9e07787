#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS] — build the libFuzzer harnesses (tests/fuzz) with clang into DIR
# and run each for SECONDS (default 60; FUZZ_TARGETS="extract scip" picks them). DIR is
# build-fuzz/, optimised (RelWithDebInfo: executions per second).
# SECONDS=0 runs the seeds and regressions once, no exploration: deterministic, so
# scripts/test.sh uses it to check that the fuzz build works. That check builds unoptimised
# (Debug), into DIR = build-fuzz-check/: half the compile time for a second more of running
# (docs/decisions.md, "Eighth look"). PYCPG_FUZZ_DIR sets DIR.
#   - seeds are generated into DIR/corpus/seeds-all/<t> (tests/fuzz/make_seeds.py) and the
#     regression corpus tests/fuzz/regressions/<t> is read too; what the fuzzer learns goes
#     to DIR/corpus/<t>/learned (kept between runs)
#   - a crash, leak, timeout or broken row invariant leaves its input in
#     DIR/crashes/<t>/ and makes this script exit 1: fix it, then copy the input into
#     tests/fuzz/regressions/<t>/ so fuzz_<t>_replay (CTest) replays it from then on.
# Needs clang and libclang-rt-14-dev (scripts/setup.sh installs both). `make fuzz` runs it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
if [ "$secs" = 0 ]; then
    btype=Debug bdir=${PYCPG_FUZZ_DIR:-$root/build-fuzz-check}
else
    btype=RelWithDebInfo bdir=${PYCPG_FUZZ_DIR:-$root/build-fuzz}
fi
"$root/scripts/setup.sh"
# only the two harnesses and what they link (not the CLI, the unit tests or the bench tools)
CC=clang cmake -S "$root" -B "$bdir" -DCMAKE_BUILD_TYPE="$btype" -DPYCPG_FUZZ=ON >/dev/null
cmake --build "$bdir" -j"$(nproc)" --target fuzz_extract fuzz_scip 2>&1 | grep -E 'error|warning|Error' || true
for t in extract scip; do
    test -x "$bdir/tests/fuzz/fuzz_$t" || { echo "fuzz: fuzz_$t was not built" >&2; exit 1; }
done
python3 "$root/tests/fuzz/make_seeds.py" "$bdir/corpus/seeds-all" >/dev/null
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export LSAN_OPTIONS=suppressions=$root/scripts/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
status=0
for t in ${FUZZ_TARGETS:-extract scip}; do
    learned=$bdir/corpus/$t/learned crashes=$bdir/crashes/$t
    mkdir -p "$learned" "$crashes"
    echo "fuzz: $t for ${secs} s" >&2
    if [ "$secs" = 0 ]; then budget=(-runs=0); else budget=(-max_total_time="$secs"); fi
    if ! "$bdir/tests/fuzz/fuzz_$t" "${budget[@]}" -timeout=20 -rss_limit_mb=4096 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$crashes/" \
        "$learned" "$bdir/corpus/seeds-all/$t" "$root/tests/fuzz/regressions/$t" \
        >"$bdir/fuzz_$t.log" 2>&1; then
        echo "fuzz: $t found a problem: $(ls "$crashes" | head -3) (log: $bdir/fuzz_$t.log)" >&2
        status=1
    fi
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added)|cov: ' \
        "$bdir/fuzz_$t.log" | tail -4 >&2 || true
done
exit $status
