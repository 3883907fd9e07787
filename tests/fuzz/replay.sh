#!/usr/bin/env bash
# replay.sh TARGET REPLAY_BINARY — CTest's fuzz_<target>_replay: generates the seeds
# (make_seeds.py, without running scip-python) into a temporary directory and runs the
# regression corpus, then the seeds, through the harness once.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
t=$(mktemp -d "${TMPDIR:-/tmp}/pycpg-fuzz-replay-XXXXXX")
trap 'rm -rf "$t"' EXIT
PYCPG_SEEDS_NO_INDEXER=1 python3 "$here/make_seeds.py" "$t" >/dev/null
"$2" "$here/regressions/$1" "$t/$1"
