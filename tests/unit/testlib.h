/*
 * testlib.h — the tiny assertion harness of pycpg's C unit tests.
 *
 * CHECK(cond) records a failure with file:line and goes on; TEST_MAIN runs the listed
 * test functions, checks that every allocation made through core's seam was freed, and
 * prints "N passed, N failed" as its last line (exit 1 on any failure).
 */
#ifndef PYCPG_TESTLIB_H
#define PYCPG_TESTLIB_H

#include <stdio.h>
#include <string.h>

#include "core/core.h"

static int test_failures_;
static int test_checks_;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        test_checks_++;                                                                            \
        if (!(cond)) {                                                                             \
            test_failures_++;                                                                      \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

#define CHECK_EQ_I64(a, b)                                                                         \
    do {                                                                                           \
        long long a_ = (long long)(a), b_ = (long long)(b);                                        \
        test_checks_++;                                                                            \
        if (a_ != b_) {                                                                            \
            test_failures_++;                                                                      \
            fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, #a,    \
                    a_, #b, b_);                                                                   \
        }                                                                                          \
    } while (0)

#define CHECK_STREQ(a, b)                                                                          \
    do {                                                                                           \
        const char *a_ = (a), *b_ = (b);                                                           \
        test_checks_++;                                                                            \
        if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                                   \
            test_failures_++;                                                                      \
            fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a,      \
                    a_ ? a_ : "(null)", b_ ? b_ : "(null)");                                       \
        }                                                                                          \
    } while (0)

typedef void (*test_fn)(void);
typedef struct {
    const char *name;
    test_fn fn;
} test_case;

static inline int test_run_all(const test_case *cases, size_t n)
{
    int passed = 0, failed = 0;
    for (size_t i = 0; i < n; i++) {
        int before = test_failures_;
        long live = core_alloc_live();
        cases[i].fn();
        if (core_alloc_live() != live) {
            fprintf(stderr, "%s: leaked %ld allocations\n", cases[i].name,
                    core_alloc_live() - live);
            test_failures_++;
        }
        if (test_failures_ == before) {
            passed++;
            printf("ok   %s\n", cases[i].name);
        } else {
            failed++;
            printf("FAIL %s\n", cases[i].name);
        }
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

#define TEST_MAIN(...)                                                                             \
    int main(void)                                                                                 \
    {                                                                                              \
        static const test_case cases_[] = {__VA_ARGS__};                                           \
        return test_run_all(cases_, sizeof cases_ / sizeof cases_[0]);                             \
    }
#define TEST(fn)                                                                                   \
    {                                                                                              \
#fn, fn                                                                                    \
    }

#endif
