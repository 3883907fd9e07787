#!/usr/bin/env bash
# scripts/build.sh — configure and build pycpg into build/ (or $PYCPG_BUILD_DIR).
# Assumes scripts/setup.sh has run. Extra arguments go to the CMake configure step.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bdir=${PYCPG_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$bdir" -DCMAKE_BUILD_TYPE="${PYCPG_BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
cmake --build "$bdir" -j"$(nproc)" 2>&1 | grep -E 'error|warning|Error' || true
test -x "$bdir/pycpg" || { echo "build: pycpg was not built" >&2; exit 1; }
