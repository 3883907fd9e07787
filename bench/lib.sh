# bench/lib.sh — sourced by the benchmarks, after `set -euo pipefail` and
# root=$(cd "$(dirname "$0")/.." && pwd): the header they share.
#
#   bdir        the build directory whose pycpg is timed ($PYCPG_BUILD_DIR, else $root/build)
#   bench_work  sets work to a fresh temporary directory, removed when the script exits
#   now         the wall clock in seconds (date +%s.%N), for differences
bdir=${PYCPG_BUILD_DIR:-$root/build}

bench_work() {
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
}

now() { date +%s.%N; }
