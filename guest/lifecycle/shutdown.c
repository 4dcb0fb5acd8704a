/*
 * Shuts down with SHUTDOWN reason REASON, given at build time
 * (xhvm_add_guest ... DEFINES REASON=SHUTDOWN_reboot).
 */
#include "console.h"
#include "hypercall.h"

#ifndef REASON
#error "build with -DREASON=SHUTDOWN_<reason>"
#endif

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	long ret;

	(void)vcpu;
	(void)nvcpus;

	xen_init();
	printf("shutting down with reason %d\n", REASON);
	ret = xen_sched_shutdown(REASON);
	printf("SCHEDOP_shutdown(%d) returned %ld\n", REASON, ret);
	return 1;
}
