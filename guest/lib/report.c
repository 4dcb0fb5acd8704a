#include <stdint.h>

#include "report.h"

/* Counted atomically: checks may run on several vCPUs at once. */
static unsigned int passed, failed, skipped;

#define REPORT_LINE_MAX 200

static void count(bool pass)
{
	__atomic_fetch_add(pass ? &passed : &failed, 1, __ATOMIC_RELAXED);
}

/* Each report is one printf, so lines from other vCPUs never cut it. */
void report(bool pass, const char *fmt, ...)
{
	char msg[REPORT_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("%s: %s\n", pass ? "PASS" : "FAIL", msg);
	count(pass);
}

void report_eq(long long got, long long want, const char *fmt, ...)
{
	bool pass = got == want;
	char msg[REPORT_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("%s: %s: got %lld (0x%llx), expected %lld (0x%llx)\n",
	       pass ? "PASS" : "FAIL", msg, got, got, want, want);
	count(pass);
}

void report_mem_eq(const void *got, const void *want, size_t len,
		   const char *fmt, ...)
{
	const uint8_t *g = got, *w = want;
	char msg[REPORT_LINE_MAX];
	va_list ap;
	size_t i;

	for (i = 0; i < len && g[i] == w[i]; i++)
		;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (i == len)
		printf("PASS: %s\n", msg);
	else
		printf("FAIL: %s: byte %#zx is %#x, not %#x\n", msg, i, g[i],
		       w[i]);
	count(i == len);
}

void report_skip(const char *fmt, ...)
{
	char msg[REPORT_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("SKIP: %s\n", msg);
	__atomic_fetch_add(&skipped, 1, __ATOMIC_RELAXED);
}

int report_summary(void)
{
	printf("SUMMARY: %u passed, %u failed, %u skipped\n", passed, failed,
	       skipped);
	return failed == 0 && passed > 0 ? 0 : 1;
}
