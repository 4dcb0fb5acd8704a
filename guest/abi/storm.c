/*
 * A hypercall storm: many thousands of calls, good and bad, as fast as
 * the guest can make them. The monitor must answer every one correctly
 * and end the run cleanly (leak-free under the sanitizers).
 */
#include "console.h"
#include "hypercall.h"
#include "report.h"

#define CALLS 20000
#define FAR   ((void *)0x7fff00000000ul)

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	unsigned int i, wrong = 0;

	(void)vcpu;
	(void)nvcpus;
	if (xen_init() != 0)
		return 1;
	for (i = 0; i < CALLS; i++) {
		switch (i % 4) {
		case 0:
			wrong += xen_version(XENVER_version, NULL) !=
				 XHVM_XEN_VERSION;
			break;
		case 1:
			wrong += xen_console_io(CONSOLEIO_write, 1 << 30,
						FAR) != -XEN_EINVAL;
			break;
		case 2:
			wrong += xen_version(XENVER_capabilities, FAR) !=
				 -XEN_EFAULT;
			break;
		default:
			wrong += xen_hypercall0(40 + i % 80) != -XEN_ENOSYS;
			break;
		}
	}
	report_eq(wrong, 0, "%d hypercalls, good and bad: wrong answers",
		  CALLS);
	return report_summary();
}
