#!/usr/bin/env bash
# bench/bench_report.sh [RUNS] — issue 27 benchmark: what `pycpg report` costs beside the build
# it reports on. The repository is the json and email packages of the python3 that pycpg
# embeds (copied without __pycache__), built twice in the same run: with the default options
# (SCIP on) and with --scip off (the cheaper build, so the harder ratio), each once and timed
# (wall and CPU, the process and its children). Then `pycpg report OUT -o PAGE` on each
# output, RUNS times each (default 5), interleaved; medians and the ratios report / build
# (target < 0.10). Each line also gives the median CPU time (user + sys), which a shared
# machine's load disturbs less than wall time.
# BENCH_STDLIB=1: the whole standard library instead (the stdlib directory itself, without
# site-packages/dist-packages, as bench/stdlib_tree.sh), built once with --scip off only
# (scip-python on the standard library takes many minutes; the cheaper build is the harder
# ratio anyway).
# BENCH_BASE=OTHER_PYCPG: the same reports with another pycpg binary too (an earlier commit's),
# interleaved with this one's, and whether both pages are the same bytes: a before/after that
# both see the same machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh" # bdir, bench_work, now
runs=${1:-5}
bench_work
python3 - "$bdir/pycpg" "$work" "$runs" "${BENCH_BASE:-}" <<'EOF'
import filecmp, os, resource, shutil, statistics, subprocess, sys, time
pycpg, work, runs, base = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
py = subprocess.run(["python3", "-S", "-I", "-c", "import sys; print(sys.executable)"],
                    capture_output=True, text=True, check=True).stdout.strip()
stdlib = subprocess.run([py, "-S", "-I", "-c", "import os, json; "
                         "print(os.path.dirname(os.path.dirname(json.__file__)))"],
                        capture_output=True, text=True, check=True).stdout.strip()
whole = os.environ.get("BENCH_STDLIB") == "1"
repo, extra = os.path.join(work, "repo"), []
if whole:
    repo, extra = stdlib, ["--exclude", "site-packages", "--exclude", "dist-packages"]
else:
    for pkg in ("json", "email"):
        shutil.copytree(os.path.join(stdlib, pkg), os.path.join(repo, pkg),
                        ignore=shutil.ignore_patterns("__pycache__"))
nfiles = 0
for d, dirs, fs in os.walk(repo):
    dirs[:] = [x for x in dirs if x not in ("site-packages", "dist-packages", "__pycache__")]
    nfiles += len([f for f in fs if f.endswith(".py")])


def timed(cmd):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime


builds = [("default (SCIP on)", []), ("--scip off", ["--scip", "off"])][whole:]
outs, build_t = {}, {}
for name, args in builds:
    out = os.path.join(work, "out-" + ("scip" if not args else "noscip"))
    build_t[name] = timed([pycpg, "build", repo, "-o", out, "-q", *args, *extra])
    outs[name] = out
bins = [("this pycpg", pycpg)] + ([("BENCH_BASE", base)] if base else [])
times = {(b, n): [] for b, _ in bins for n, _ in builds}
cpu = {(b, n): [] for b, _ in bins for n, _ in builds}
same = {}
for _ in range(runs):
    for name, _ in builds:
        for b, exe in bins:
            page = os.path.join(work, "page-%s.html" % (b == "BENCH_BASE"))
            w, c = timed([exe, "report", outs[name], "-o", page])
            times[(b, name)].append(w)
            cpu[(b, name)].append(c)
        if base:
            same[name] = filecmp.cmp(os.path.join(work, "page-False.html"),
                                     os.path.join(work, "page-True.html"), shallow=False)
print("repo: %s of %s (%d files); reports: median of %d runs each, interleaved; "
      "load average %.2f" % ("the standard library" if whole else "json + email", py, nfiles,
                              runs, os.getloadavg()[0]))
for name, _ in builds:
    bw, bc = build_t[name]
    print("build %-18s %8.3f s  (CPU user+sys %.3f s)" % (name, bw, bc))
    for b, _ in bins:
        v = sorted(times[(b, name)])
        m, mc = statistics.median(v), statistics.median(cpu[(b, name)])
        print("  report, %-12s %8.3f s  (min %.3f, max %.3f; CPU %.3f s): %.1f %% of the build "
              "(CPU %.1f %%; target < 10 %%)" % (b, m, v[0], v[-1], mc, 100 * m / bw,
                                                 100 * mc / bc))
    if base:
        print("  this report / BENCH_BASE's: %.2f; the same page: %s"
              % (statistics.median(times[("this pycpg", name)])
                 / statistics.median(times[("BENCH_BASE", name)]), same[name]))
EOF
