#!/usr/bin/env bash
# scripts/test.sh — set everything up, build, and run the whole test suite (what CI runs).
#   1. scripts/setup.sh     Debian packages + pinned npm artifacts (idempotent)
#   2. scripts/build.sh     CMake build into build/
#   3. style checks         clang-format on every tracked C file
#   4. ctest                every test, the slow ones included
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
"$root/scripts/check_format.sh"
cd "${PYCPG_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j2
