/* Asks Xen to crash the domain: the monitor must report a crash. */
#include "console.h"
#include "hypercall.h"

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	long ret;

	(void)vcpu;
	(void)nvcpus;

	xen_init();
	printf("crashing on purpose\n");
	ret = xen_sched_shutdown(SHUTDOWN_crash);
	printf("SCHEDOP_shutdown(SHUTDOWN_crash) returned %ld\n", ret);
	return 1;
}
