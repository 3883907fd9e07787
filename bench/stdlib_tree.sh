# bench/stdlib_tree.sh — sourced by the benchmarks: the tree they build when given none.
# python3's standard library is the directory sysconfig names "stdlib" without the third-party
# packages an interpreter installs into it: site-packages/ under pyenv and source builds (here
# 9,869 of its 11,657 files), dist-packages/ on some systems; Debian's system python keeps
# them outside it. They are not the standard library, and can be several times its size.
#
# bench_tree [REPO] sets repo (REPO when given, else that directory) and excludes (an array:
# the `pycpg build` options that leave those packages out; empty when REPO is given).
bench_tree() {
    excludes=()
    if [ -n "${1:-}" ]; then
        repo=$1
    else
        repo=$(python3 -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')
        excludes=(--exclude site-packages --exclude dist-packages)
    fi
}
