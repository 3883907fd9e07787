# tests/cli/tests.cmake — the end-to-end tests of the `pycpg` binary (included by
# tests/CMakeLists.txt). Each script is run as
#     bash tests/cli/<script> PYCPG TS_WALK
# with the pycpg binary and the bench/ts_walk oracle, and prints "N passed, N failed" last.
# Labels: `cli` for all of them; the standard-library parity run is also `slow`
# (`ctest -LE slow` skips it).
# Every test runs with PYCPG_SCIP=off (the default of `build --scip`): scip-python costs
# seconds on a fixture and many minutes on the standard library, so only test_scip.sh, which
# passes --scip itself, runs it (docs/decisions.md, "SCIP lens").
# A test's TIMEOUT guards against hangs; it is not a speed target. The sanitizer build runs
# every test several times slower, and a loaded machine slower still: its limits are tripled
# (scripts/test.sh, issue 28: two tests hit their limit under ASan while another build ran).
# Tests run python3 hundreds of times (oracles, JSON checks in the shell tests). python3 on
# PATH may be a pyenv shim, a bash script costing 0.5-1 s a call, which made whole minutes of
# the suite: the tests get build/testbin/python3, a link to the real interpreter (the one pycpg
# embeds, so the oracles are the same CPython), first on their PATH.
execute_process(COMMAND ${PYCPG_PYTHON3} -c "import os, sys; print(os.path.realpath(sys.executable))"
  OUTPUT_VARIABLE PYCPG_PY_REAL OUTPUT_STRIP_TRAILING_WHITESPACE)
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/testbin)
file(CREATE_LINK ${PYCPG_PY_REAL} ${CMAKE_BINARY_DIR}/testbin/python3 SYMBOLIC)
set(PYCPG_TEST_ENV "PATH=${CMAKE_BINARY_DIR}/testbin:$ENV{PATH}")
if(PYCPG_SANITIZE)
  # PYCPG_TEST_SANITIZED=1 tells a test it runs on the sanitizer build: test_report.py then
  # leaves chromium (no C of ours) to the plain pass.
  string(APPEND PYCPG_TEST_ENV ";PYCPG_TEST_SANITIZED=1")
  set(PYCPG_TIMEOUT_FACTOR 3)
else()
  set(PYCPG_TIMEOUT_FACTOR 1)
endif()
# The allocator the binary must run on (CMakeLists.txt, PYCPG_USES_MIMALLOC): cli_cli_errors
# checks `pycpg --version`'s word for it, which a block of malloc's decides.
if(PYCPG_USES_MIMALLOC)
  string(APPEND PYCPG_TEST_ENV ";PYCPG_TEST_MALLOC=mimalloc")
else()
  string(APPEND PYCPG_TEST_ENV ";PYCPG_TEST_MALLOC=system")
endif()
function(pycpg_cli_test name script timeout)
  math(EXPR timeout "${timeout} * ${PYCPG_TIMEOUT_FACTOR}")
  add_test(NAME cli_${name}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/${script} $<TARGET_FILE:pycpg>
            $<TARGET_FILE:ts_walk>)
  set(labels cli ${ARGN})
  set_tests_properties(cli_${name} PROPERTIES LABELS "${labels}" TIMEOUT ${timeout}
    ENVIRONMENT "PYCPG_SCIP=off;${PYCPG_TEST_ENV}")
endfunction()

pycpg_cli_test(bad_input test_bad_input.sh 60)
pycpg_cli_test(cli_errors test_cli_errors.sh 300)
pycpg_cli_test(registry_outputs test_registry_outputs.sh 90)
pycpg_cli_test(atomic_publish test_atomic_publish.sh 600)
pycpg_cli_test(ts_parity test_ts_parity.sh 600 slow)
pycpg_cli_test(cpython_bad_input test_cpython_bad_input.sh 300)
pycpg_cli_test(cst_fixtures test_cst_fixtures.sh 60)
pycpg_cli_test(cst_parity test_cst_parity.sh 120)
add_test(NAME cli_cst_parity_stdlib
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/test_cst_parity.sh $<TARGET_FILE:pycpg>
          $<TARGET_FILE:ts_walk>)
math(EXPR stdlib_timeout "900 * ${PYCPG_TIMEOUT_FACTOR}")
set_tests_properties(cli_cst_parity_stdlib PROPERTIES LABELS "cli;slow" TIMEOUT ${stdlib_timeout}
  ENVIRONMENT "PYCPG_PARITY_STEP=1;PYCPG_SCIP=off;${PYCPG_TEST_ENV}")

# The CPython lens against python3's own ast/symtable/dis (a stdlib sample; the whole stdlib
# in the slow variant).
function(pycpg_py_test name script timeout)
  math(EXPR timeout "${timeout} * ${PYCPG_TIMEOUT_FACTOR}")
  add_test(NAME cli_${name}
    COMMAND ${PYCPG_PY_REAL} ${CMAKE_CURRENT_SOURCE_DIR}/cli/${script} $<TARGET_FILE:pycpg> ${ARGN})
  set_tests_properties(cli_${name} PROPERTIES LABELS "cli" TIMEOUT ${timeout}
    ENVIRONMENT "PYCPG_SCIP=off;${PYCPG_TEST_ENV}")
endfunction()
pycpg_py_test(cpython_parity test_cpython_parity.py 300 --step 25)
pycpg_py_test(cpython_parity_stdlib test_cpython_parity.py 1500 --step 1)
set_tests_properties(cli_cpython_parity_stdlib PROPERTIES LABELS "cli;slow")
pycpg_cli_test(workers test_workers.sh 400)
pycpg_cli_test(link test_link.sh 300)
# The SCIP lens: the real scip-python on tests/fixtures/scip, a hand-built index of two
# concatenated Index messages, malformed indexes, failing/hanging/missing indexers.
pycpg_py_test(scip test_scip.py 300)
# The hostile-input corpus (tests/hostile_corpus.py) in one default build, judged file by
# file against python3's decoding and compile() and the bare tree-sitter walk (issue 8).
pycpg_py_test(hostile test_hostile.py 600 $<TARGET_FILE:ts_walk>)
pycpg_cli_test(kinds test_kinds.sh 300)
pycpg_cli_test(run_bundle test_run_bundle.sh 300)
# The call graph (PY_CALLS, PY_INHERITS_FROM, `pycpg callgraph`) and the symbol/dataflow edges
# against the hand-written expectations of tests/fixtures/calls.
pycpg_py_test(calls test_calls.py 300)
# The points-to rounds in C (link_pts.c, the default) against the SQL rounds (PYCPG_POINTS_TO=sql):
# the same per-round counts, facts, PY_CALLS / PY_INHERITS_FROM rows and props, on the fixture
# (also with the fact budget reached) and a stdlib sample (json, email). About 30 s.
pycpg_py_test(points_to test_points_to.py 900)
# slow: it runs plain only (scripts/test.sh); every link test under ASan runs the C rounds
set_tests_properties(cli_points_to PROPERTIES LABELS "cli;slow")
# Files removed, rewritten or replaced while the build reads them (issue 8): deterministic
# seams between listing and reading, then a concurrent writer during a -j 2 build.
pycpg_py_test(changing_files test_changing_files.py 300)
# What the analysed repository cannot make pycpg do: write outside OUT (hostile OUT/REPO names,
# glob decoys, escaping links, unsafe index paths), read outside it, or run its code (issue 8).
pycpg_py_test(confinement test_confinement.py 300)
# Runtime inspection (--runtime-inspect) on tests/fixtures/runtime: the oracle of its
# well-behaved package, hostile modules contained and reported, nothing run without the option.
pycpg_cli_test(runtime test_runtime.sh 300)
pycpg_py_test(incremental_shards test_incremental_shards.py 600)
# docs/datasets.md is what `pycpg datasets --markdown` generates (regenerate it when the
# registry or the kinds change), and its columns, types, nullability and kinds are those of a
# fixture build's Parquet files and of link_kinds.c.
pycpg_py_test(datasets_doc test_datasets_doc.py 120)
# The call-graph suite (issue 24): tests/cgsuite's small programs, each run under a call tracer
# (tests/cgsuite/trace.py) for its expected graph, against `pycpg callgraph --format pycg`;
# precision/recall per feature family, floors in tests/cgsuite/thresholds.txt. About 1-2 min.
pycpg_py_test(cgsuite test_cgsuite.py 600)
set_tests_properties(cli_cgsuite PROPERTIES LABELS "cli;slow")
# Every Parquet file of a whole build of tests/fixtures/link (datasets, error artifacts, link
# chunks; the SCIP datasets empty) read by hyparquet, an independent JavaScript reader pinned
# by scripts/setup.sh: row counts, column names and types, every value and the footer's
# key-value metadata equal what DuckDB reads (issue 28). About 5 s.
pycpg_py_test(readers test_readers.py 120)
# Two builds of one tree (the SCIP fixture beside the call-graph fixture) with --scip auto,
# -j 1 and -j 2: every column of every dataset equal (EXCEPT ALL, row counts), every Parquet
# file byte-identical, the manifest equal but for times, OUT and -j (issue 28). It runs the
# real scip-python twice: about 20 s.
pycpg_py_test(determinism test_determinism.py 300)
# Arrow IPC snapshots (build --format both|ipc, pycpg export) read back by apache-arrow on node
# (pinned by scripts/setup.sh) and compared with DuckDB's reading of the Parquet parts: fields,
# types, nullability, footer metadata and every value; a hand-made hostile part. About 25 s
# (45 s under ASan) on an idle machine.
pycpg_py_test(ipc test_ipc.py 600)
# The call graph on real code (issue 24): the calls the stdlib's own json and email test suites
# make between those packages' functions (a sys.setprofile tracer, names as in
# tests/cgsuite/trace.py) against `pycpg callgraph --format pycg` on copies of the two packages;
# prints recall and the missed edges by pattern, floor in tests/cgsuite/stdlib_floor.txt.
# About 1 min (the traced suites dominate).
pycpg_py_test(cg_stdlib test_cg_stdlib.py 600)
set_tests_properties(cli_cg_stdlib PROPERTIES LABELS "cli;slow")
# Pictures (issue 27): `pycpg show` cfg/ast/cst/calls/imports on tests/fixtures/show against
# python3's dis and ast, `pycpg query` and `pycpg callgraph`; SVG parsed, PNG header and size.
pycpg_py_test(show test_show.py 600)
# The report (issue 27): `pycpg report` of the same fixture against file-system, ast and
# query oracles, then opened in Debian's headless chromium (images load, no console errors,
# a screenshot); the browser part is skipped with a message when chromium cannot start.
pycpg_py_test(report test_report.py 600)
# The report of a dozen standard-library packages' whole graph (issue 27; about 280 files, the
# whole library's is bench/bench_report.sh's) opened in headless chromium: images, charts,
# console, screenshot; files and bytes against a walk of the directory. About 1.5 min: slow,
# and plain only (the sanitizer pass leaves slow tests out).
pycpg_py_test(report_stdlib test_report_stdlib.py 900)
set_tests_properties(cli_report_stdlib PROPERTIES LABELS "cli;slow")
# Taint flows (issue 26): `pycpg flows` on tests/flows/suite (182 small programs and modules, with their
# expected (source, sink) pairs as # SOURCE / # SINK markers, written from Python's
# semantics): every expected flow found, nothing else reported; SARIF valid against the
# SARIF 2.1.0 schema (deps/sarif-schema) and byte-identical across -j1/-j2 builds; options;
# `--save` (cpg_flows_v1, cpg_flow_edges_v1) and paths in SQL over them.
# Three builds of the suite (and an incremental one) and about twenty flows and query runs:
# about 40 s (190 s under ASan, loaded machine).
pycpg_py_test(flows test_flows.py 300)
# Sparse id columns (issue 25 (g)): a json-package repository built whole graph twice, as
# written and with PYCPG_SPARSE=off; every dataset read back equal, every sparse column stored
# exactly where its recipe (computed with hashlib) misses. About 14 s, plain only (nosan,
# below): every build of the sanitizer pass writes and reads sparse columns.
pycpg_py_test(sparse test_sparse.py 300)
# Graph rows and props referenced instead of copied (issue 25): a build read back equals a
# --copy-graph build, every other Parquet file byte-identical, export's Arrow files whole, a
# foreign mark refused, an incremental --copy-props (older name) rebuild whole.
pycpg_py_test(graph_referenced test_graph_referenced.py 300)
# File-local ids (issue 25 (g), docs/ids.md): two files whose file ids share their top 32 bits
# get different prefixes; every ts_node_id and instr_id has its file's prefix and family and
# ordinals 0 … n-1 in pre-order / compile()'s code-object order (dis counts); an incremental
# build where a new file takes another's prefix equals a clean build. Three small builds.
pycpg_py_test(local_ids test_local_ids.py 300)

# Left out of the sanitizer pass of scripts/test.sh (label `nosan`; they run plain): tests
# whose C code other tests already run under ASan+UBSan, and whose own subject is elsewhere —
# publishing under signals (the publish and SIGINT paths run in every build and in
# cli_workers), the kinds' counts and the run bundle (every link test builds them), the
# datasets page, an independent JavaScript reader, two real scip-python runs, and the sparse
# layout against the whole one. Together
# they were a third of that pass (issue 28: the whole suite under 15 minutes).
set_tests_properties(cli_atomic_publish cli_kinds cli_run_bundle cli_datasets_doc cli_readers
  cli_determinism cli_sparse PROPERTIES LABELS "cli;nosan")

# Run by scripts/test.sh on the sanitizer build only (label `san`): everything these tests
# check, the sanitizer pass checks as well, and more (memory errors, leaks, undefined
# behaviour), so their plain run would repeat it (issue 28: the whole suite under 15 minutes;
# the plain pass was 485 s of the suite's ~960). `ctest` in build/ still runs them, and
# `PYCPG_SKIP_SANITIZE=1 scripts/test.sh` runs them plain. Not labelled, so run on both builds:
# the tests with parts that run plain only (cli_link's repeated and -j 2 builds, cli_flows' and
# cli_incremental_shards' extra builds, cli_report's chromium: each says so where it checks
# PYCPG_TEST_SANITIZED), the unit tests and the fuzz replays. The stdlib-sample tests
# cli_cst_parity and cli_cpython_parity are the whole library's runs (slow, plain) on a sample.
set_property(TEST cli_bad_input cli_cli_errors cli_registry_outputs cli_cpython_bad_input
  cli_cst_fixtures cli_cst_parity cli_cpython_parity cli_workers cli_scip cli_hostile cli_calls
  cli_changing_files cli_confinement cli_runtime cli_ipc cli_show APPEND PROPERTY LABELS san)

# Start the longest tests first (COST: their seconds on an idle machine, ci7 of 2026-12-06,
# the sanitizer pass's where it runs them): on a fresh clone CTest has no timings of its own
# and starts tests in the order above, so a long one started last ran alone at the end.
foreach(t_cost IN ITEMS report_stdlib:90 cpython_parity_stdlib:170 incremental_shards:200
        scip:200 link:130 cpython_bad_input:120 workers:95 cst_parity_stdlib:80 runtime:70
        hostile:70 changing_files:65 atomic_publish:50 confinement:50 calls:50 show:50 ipc:46)
  string(REPLACE ":" ";" t_cost ${t_cost})
  list(GET t_cost 0 t_name)
  list(GET t_cost 1 t_seconds)
  set_tests_properties(cli_${t_name} PROPERTIES COST ${t_seconds})
endforeach()
