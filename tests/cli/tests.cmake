# tests/cli/tests.cmake — the end-to-end tests of the `pycpg` binary (included by
# tests/CMakeLists.txt). Each script is run as
#     bash tests/cli/<script> PYCPG TS_WALK
# with the pycpg binary and the bench/ts_walk oracle, and prints "N passed, N failed" last.
# Labels: `cli` for all of them; the standard-library parity run is also `slow`
# (`ctest -LE slow` skips it).
function(pycpg_cli_test name script timeout)
  add_test(NAME cli_${name}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/${script} $<TARGET_FILE:pycpg>
            $<TARGET_FILE:ts_walk>)
  set(labels cli ${ARGN})
  set_tests_properties(cli_${name} PROPERTIES LABELS "${labels}" TIMEOUT ${timeout})
endfunction()

pycpg_cli_test(bad_input test_bad_input.sh 60)
pycpg_cli_test(cli_errors test_cli_errors.sh 60)
pycpg_cli_test(registry_outputs test_registry_outputs.sh 90)
pycpg_cli_test(atomic_publish test_atomic_publish.sh 120)
pycpg_cli_test(ts_parity test_ts_parity.sh 600 slow)
pycpg_cli_test(workers test_workers.sh 400)
