#!/usr/bin/env bash
# scripts/check_format.sh — fails when a tracked C file differs from clang-format's output.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bad=0
while IFS= read -r f; do
    if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "format: $f differs from clang-format (run: clang-format -i $f)" >&2
        bad=1
    fi
done < <(git ls-files '*.c' '*.h')
exit $bad
