/*
 * fuzz.h — what the two libFuzzer harnesses (fuzz_extract.c, fuzz_scip.c) share: a sink that
 * keeps every dataset's rows of one input in memory, and the invariants every row must keep
 * whatever the input. A harness aborts (the fuzzer's "crash") when one does not hold, so a
 * broken invariant is found like a memory error.
 *
 * Invariants checked on every row of every dataset the input produced:
 *   - a REQUIRED column is not NULL (the lenses honour their contract on any input);
 *   - a byte span lies in the input: 0 <= Xbstart <= Xbend <= len for every pair of
 *     columns named Xbstart/Xbend, when the span's file is the input (span_len >= 0).
 * (Strings may hold invalid UTF-8 from the input: the store repairs them as it writes,
 * src/store/chunks.c, so that is not a lens invariant.)
 *
 * Both harnesses also build without libFuzzer: fuzz_replay.c gives them a main that runs
 * files and directories of inputs (the regression corpus in tests/fuzz/regressions), so
 * the plain and sanitizer test builds replay every input a fuzzer ever crashed on.
 */
#ifndef PYCPG_FUZZ_H
#define PYCPG_FUZZ_H

#include "lens/lens.h"

#include <stddef.h>
#include <stdint.h>

/* One input's rows: a batch per dataset, made on first use and cleared between inputs. */
typedef struct {
    rowbuf **bufs; /* registry_count() entries */
    lens_sink sink;
} fuzz_rows;

void fuzz_rows_init(fuzz_rows *r);
void fuzz_rows_clear(fuzz_rows *r);
void fuzz_rows_free(fuzz_rows *r);

/* Checks the invariants above on every row held; aborts with a message naming the dataset,
 * column and row when one fails. span_len < 0 skips the span check. */
void fuzz_rows_check(const fuzz_rows *r, int64_t span_len);

/* Aborts with a message (a failed internal status is a finding too). */
_Noreturn void fuzz_die(const char *what, const char *msg);

/* The libFuzzer entry points each harness defines. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
