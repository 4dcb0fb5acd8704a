/*
 * Test reporting in the style of kvm-unit-tests: one PASS:, FAIL: or SKIP:
 * line per check, then a SUMMARY: line.
 */
#ifndef GUEST_REPORT_H
#define GUEST_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include "console.h"

/* Prints "PASS: <msg>" or "FAIL: <msg>" and counts it. */
void report(bool pass, const char *fmt, ...) PRINTF_FMT(2, 3);

/*
 * Reports got == want as "<msg>: got <got>, expected <want>", each value in
 * decimal and hex, so a failure says what came back.
 */
void report_eq(long long got, long long want, const char *fmt, ...)
	PRINTF_FMT(3, 4);

/*
 * Reports that len bytes at got equal those at want; a failure names the
 * first byte that differs.
 */
void report_mem_eq(const void *got, const void *want, size_t len,
		   const char *fmt, ...) PRINTF_FMT(4, 5);

/* Prints "SKIP: <msg>" and counts it. */
void report_skip(const char *fmt, ...) PRINTF_FMT(1, 2);

/*
 * Prints "SUMMARY: <n> passed, <m> failed, <k> skipped". Returns 0 if no
 * check failed and at least one passed, else 1: `return report_summary();`
 * from guest_main powers off on success and crashes on failure.
 */
int report_summary(void);

#endif /* GUEST_REPORT_H */
