#include "report.h"

static unsigned int passed, failed, skipped;

static void count(bool pass)
{
	if (pass)
		passed++;
	else
		failed++;
}

void report(bool pass, const char *fmt, ...)
{
	va_list ap;

	printf("%s: ", pass ? "PASS" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	count(pass);
}

void report_eq(long long got, long long want, const char *fmt, ...)
{
	bool pass = got == want;
	va_list ap;

	printf("%s: ", pass ? "PASS" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(": got %lld (0x%llx), expected %lld (0x%llx)\n", got, got, want,
	       want);
	count(pass);
}

void report_skip(const char *fmt, ...)
{
	va_list ap;

	printf("SKIP: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	skipped++;
}

int report_summary(void)
{
	printf("SUMMARY: %u passed, %u failed, %u skipped\n", passed, failed,
	       skipped);
	return failed == 0 && passed > 0 ? 0 : 1;
}
