/*
 * console_io(CONSOLEIO_read): everything on xhvm's standard input, echoed
 * back with its length, until a read returns 0 (end of input, or nothing
 * waiting). A bad buffer is -EFAULT.
 */
#include "console.h"
#include "hypercall.h"
#include "report.h"

static char buf[64];

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	unsigned long total = 0;
	long n;

	(void)vcpu;
	(void)nvcpus;
	if (xen_init() != 0)
		return 1;
	report_eq(xen_console_io(CONSOLEIO_read, 4, (void *)0x7fff00000000ul),
		  -XEN_EFAULT, "read into an unmapped buffer");
	while ((n = xen_console_io(CONSOLEIO_read, sizeof(buf) - 1, buf)) > 0) {
		buf[n] = 0;
		printf("read %ld: %s\n", n, buf);
		total += (unsigned long)n;
	}
	report(n == 0, "reads end with 0 (got %ld)", n);
	printf("read %lu bytes in all\n", total);
	return report_summary();
}
