/* test_help.h - the few macros our C unit tests share.
 *
 * Each test program includes this, defines test functions that use
 * TEST_ASSERT / TEST_ASSERT_MSG, lists them in main() with RUN_TEST, and ends
 * with TEST_REPORT(), which prints "<file>: N passed, N failed" and returns the
 * process exit code. */
#ifndef TEST_HELP_H
#define TEST_HELP_H

#include <stdio.h>

static int test_passed_ = 0, test_failed_ = 0, test_cur_failed_ = 0;

#define TEST_ASSERT_MSG(cond, msg) do { \
    if (!(cond)) { \
        fprintf(stderr, "  FAIL %s:%d: %s (%s)\n", __FILE__, __LINE__, #cond, msg); \
        test_cur_failed_ = 1; \
    } \
} while (0)

#define TEST_ASSERT(cond) TEST_ASSERT_MSG(cond, "")

#define RUN_TEST(fn) do { \
    test_cur_failed_ = 0; \
    fn(); \
    if (test_cur_failed_) { test_failed_++; fprintf(stderr, "[fail] %s\n", #fn); } \
    else { test_passed_++; printf("[ok] %s\n", #fn); } \
} while (0)

#define TEST_REPORT() ( \
    printf("%s: %d passed, %d failed\n", __FILE__, test_passed_, test_failed_), \
    (test_failed_ ? 1 : 0))

#endif
