/*
 * A tiny check library for xhvm's host-side unit tests: one line per
 * check, a summary, and an exit status CTest understands.
 */
#ifndef XHVM_TEST_CHECK_H
#define XHVM_TEST_CHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static unsigned checks_passed, checks_failed;

__attribute__((format(printf, 2, 3))) static bool check(bool ok,
							const char *fmt, ...)
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

static int check_summary(void)
{
	printf("SUMMARY: %u passed, %u failed\n", checks_passed, checks_failed);
	return checks_failed || !checks_passed ? 1 : 0;
}

#endif
