/*
 * A tiny check library for xhvm's host-side unit tests: one line per
 * check, a summary, and an exit status CTest understands. A test may be
 * several files: the definitions are weak, so the linker keeps one copy
 * and every file counts into the same totals.
 */
#ifndef XHVM_TEST_CHECK_H
#define XHVM_TEST_CHECK_H

#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#define CHECK_SHARED __attribute__((weak))

CHECK_SHARED unsigned checks_passed, checks_failed;

/* Prints PASS or FAIL and the message; returns ok. */
__attribute__((format(printf, 2, 3))) bool check(bool ok, const char *fmt, ...);
/* Prints the totals: the exit status (1 if any failed, or none ran). */
int check_summary(void);

__attribute__((format(printf, 2, 3))) CHECK_SHARED bool
check(bool ok, const char *fmt, ...)
{
	va_list ap;

	fputs(ok ? "PASS: " : "FAIL: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	if (ok)
		checks_passed++;
	else
		checks_failed++;
	return ok;
}

CHECK_SHARED int check_summary(void)
{
	printf("SUMMARY: %u passed, %u failed\n", checks_passed, checks_failed);
	return checks_failed || !checks_passed ? 1 : 0;
}

/* Evaluates expr with stderr sent to /dev/null: for calls that complain. */
#define QUIETLY(expr)                                                     \
	({                                                                \
		int saved_ = dup(2), null_ = open("/dev/null", O_WRONLY); \
		__typeof__(expr) r_;                                      \
		dup2(null_, 2);                                           \
		r_ = (expr);                                              \
		dup2(saved_, 2);                                          \
		close(null_);                                             \
		close(saved_);                                            \
		r_;                                                       \
	})

#endif
