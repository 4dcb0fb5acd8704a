/*
 * Diagnostics: xhvm's messages on stderr, and errors kept for a caller
 * that must stay quiet.
 */
#include "sys/sys.h"

void xhvm_verr(const char *fmt, va_list ap)
{
	char line[512];

	vsnprintf(line, sizeof(line), fmt, ap);
	/* One write, so messages from several threads never interleave. */
	fprintf(stderr, "xhvm: %s\n", line);
}

void xhvm_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	xhvm_verr(fmt, ap);
	va_end(ap);
}

int err_set(struct xhvm_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return XHVM_EXIT_BAD_INPUT;
}
