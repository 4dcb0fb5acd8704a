/*
 * --trace: what xhvm does, exit by exit, in words, for people learning
 * how KVM works (and for debugging). One line per event on stderr, each
 * layer saying what it did:
 *
 *   trace: vCPU 0: WRMSR 0x40000000 <- 0x105000: copied 64-bit blob page 0
 *          to GPA 0x105000
 *   trace: vCPU 0: hypercall console_io(write, 27, 0x104010) = 0
 *
 * --trace=ioctl adds every KVM ioctl of the setup, in order (kvm/
 * ioctl_trace.c).
 */
#include <string.h>

#include "sys/sys.h"

unsigned xhvm_trace;

int trace_parse(const char *s)
{
	unsigned flags = 0;

	if (!s)
		return TRACE_EXITS;
	while (*s) {
		size_t n = strcspn(s, ",");

		if (n == 5 && !strncmp(s, "exits", 5))
			flags |= TRACE_EXITS;
		else if (n == 5 && !strncmp(s, "ioctl", 5))
			flags |= TRACE_EXITS | TRACE_IOCTL;
		else if (n == 3 && !strncmp(s, "all", 3))
			flags |= TRACE_EXITS | TRACE_IOCTL;
		else
			return -1;
		s += n;
		if (*s == ',')
			s++;
	}
	return (int)flags;
}

void trace_line(const char *who, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n = who ? snprintf(line, sizeof(line), "trace: %s: ", who)
		    : snprintf(line, sizeof(line), "trace: ");

	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	/* One write per line, so vCPUs' lines never interleave. */
	fprintf(stderr, "%s\n", line);
}
