#!/usr/bin/env python3
"""run_measured.py CMD [ARG...] — runs CMD and prints, on the last line of stderr,
"measured: wall=S peak_rss_total_mib=M peak_rss_process_mib=P peak_rss_parent_mib=A
peak_rss_child_mib=C", where
  wall                  the wall-clock seconds of CMD
  peak_rss_total_mib    the largest sum of the resident sets of CMD and all its descendants
                        (pycpg and its worker processes) seen by sampling /proc every 50 ms
  peak_rss_process_mib  the largest resident set of any one of those processes (exact:
                        getrusage(RUSAGE_CHILDREN).ru_maxrss, which covers descendants reaped)
  peak_rss_parent_mib   the largest resident set of CMD itself (sampled)
  peak_rss_child_mib    the largest resident set of any one descendant (a worker; sampled)
Exits with CMD's status. Used by bench/bench_build.sh and bench/bench_scale.sh.
"""
import os
import resource
import subprocess
import sys
import time


def tree_rss_kib(root):
    """(sum of VmRSS, VmRSS of root, largest VmRSS of a descendant) in KiB."""
    parent = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    parent[int(d)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                pass
    members, frontier = {root}, [root]
    while frontier:
        p = frontier.pop()
        for c, pp in parent.items():
            if pp == p and c not in members:
                members.add(c)
                frontier.append(c)
    total, mine, child = 0, 0, 0
    for p in members:
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        kib = int(line.split()[1])
                        total += kib
                        if p == root:
                            mine = kib
                        else:
                            child = max(child, kib)
        except OSError:
            pass
    return total, mine, child


def main():
    t0 = time.monotonic()
    proc = subprocess.Popen(sys.argv[1:])
    peak = parent = child = 0
    while proc.poll() is None:
        t, m, c = tree_rss_kib(proc.pid)
        peak, parent, child = max(peak, t), max(parent, m), max(child, c)
        time.sleep(0.05)
    wall = time.monotonic() - t0
    one = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    print(f"measured: wall={wall:.2f} peak_rss_total_mib={peak / 1024:.0f} "
          f"peak_rss_process_mib={one / 1024:.0f} peak_rss_parent_mib={parent / 1024:.0f} "
          f"peak_rss_child_mib={child / 1024:.0f}", file=sys.stderr)
    sys.exit(proc.returncode)


main()
