#!/usr/bin/env bash
# bench/bench_small.sh [RUNS] — issue 25 benchmark (h): the fixed cost of a small build. A
# one-file repository (`def f(): return 1` and a call to it), built with
# `pycpg build REPO -o OUT -q --scip off` into a fresh OUT each run (the removal of the last
# one is not timed), against the baseline `python3 -S -I -c "compile(open(F).read(), F,
# 'exec')"` on the same file, process start included in both, RUNS runs each (default 20),
# interleaved so that both see the same machine; medians and the ratio (target <= 1.5).
#
# The baseline is measured twice: with the interpreter itself (sys.executable of python3: the
# one pycpg embeds, the strict baseline) and with `python3` as PATH finds it (under pyenv a
# shell shim that execs the interpreter, several processes more). Beside them, for where the
# time goes: `pycpg help` (process start: the dynamic libraries) and the same build with
# --no-link (the evidence datasets only). Each line also gives the median CPU time (user + sys,
# the process and its children), which a shared machine's load disturbs less than wall time.
# BENCH_BASE=OTHER_PYCPG: the same build with another pycpg binary too (an earlier commit's),
# interleaved with this one's: a before/after that both see the same machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh" # bdir, bench_work, now
runs=${1:-20}
bench_work
mkdir "$work/repo"
printf 'def f():\n    return 1\n\n\nf()\n' >"$work/repo/m.py"
py=$(python3 -S -I -c 'import sys; print(sys.executable)')
pathpy=$(command -v python3) # resolved here: under pyenv the shim's child has the interpreter first on PATH
python3 - "$bdir/pycpg" "$work" "$py" "$pathpy" "$runs" "${BENCH_BASE:-}" <<'EOF'
import os, resource, shutil, statistics, subprocess, sys, time
pycpg, work, py, pathpy, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
base = sys.argv[6]
f = os.path.join(work, "repo", "m.py")
out = os.path.join(work, "out")
code = "compile(open(%r).read(), %r, 'exec')" % (f, f)
cases = [
    ("pycpg build --scip off", [pycpg, "build", work + "/repo", "-o", out, "-q", "--scip", "off"]),
    ("python3 compile() (interpreter)", [py, "-S", "-I", "-c", code]),
    ("python3 compile() (PATH's python3)", [pathpy, "-S", "-I", "-c", code]),
    ("pycpg help (process start)", [pycpg, "help"]),
    ("pycpg build --scip off --no-link", [pycpg, "build", work + "/repo", "-o", out, "-q",
                                          "--scip", "off", "--no-link"]),
]
if base:
    cases.insert(1, ("pycpg build --scip off (BENCH_BASE)",
                     [base, "build", work + "/repo", "-o", out, "-q", "--scip", "off"]))
times = {name: [] for name, _ in cases}
cpu = {name: [] for name, _ in cases}
for _ in range(runs):
    for name, cmd in cases:
        shutil.rmtree(out, ignore_errors=True)
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times[name].append(time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[name].append(r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime)
med = {name: statistics.median(v) for name, v in times.items()}
print("repo: one file, %d bytes; median of %d runs each, interleaved; load average %.2f"
      % (os.path.getsize(f), runs, os.getloadavg()[0]))
for name, _ in cases:
    v = sorted(times[name])
    print("%-36s %8.3f s  (min %.3f, max %.3f; CPU user+sys median %.3f s)"
          % (name, med[name], v[0], v[-1], statistics.median(cpu[name])))
b = med["pycpg build --scip off"]
print("ratio build / compile() (interpreter):     %.2f (target <= 1.5)"
      % (b / med["python3 compile() (interpreter)"]))
print("ratio build / compile() (PATH's python3):  %.2f"
      % (b / med["python3 compile() (PATH's python3)"]))
if base:
    o = med["pycpg build --scip off (BENCH_BASE)"]
    print("ratio BENCH_BASE build / compile() (interpreter): %.2f; this build / BENCH_BASE's: %.2f"
          " (CPU %.2f)" % (o / med["python3 compile() (interpreter)"], b / o,
                           statistics.median(cpu["pycpg build --scip off"])
                           / statistics.median(cpu["pycpg build --scip off (BENCH_BASE)"])))
EOF
