/*
 * A hypercall without the page: VMCALL (Intel) or VMMCALL (AMD), as
 * Linux 6.13 and later make them. Under the intercept backend KVM turns it
 * into KVM_EXIT_XEN; elsewhere the outcome is the host's: some KVMs never
 * return from it, and then --timeout must end the run.
 */
#include "console.h"
#include "hypercall.h"
#include "processor.h"

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	long ret;

	(void)vcpu;
	(void)nvcpus;
	if (xen_init() != 0)
		return 1;
	printf("raw %s: xen_version(XENVER_version)\n",
	       cpu_has_vmmcall() ? "vmmcall" : "vmcall");
	if (cpu_has_vmmcall())
		asm volatile("vmmcall"
			     : "=a"(ret)
			     : "a"(__HYPERVISOR_xen_version),
			       "D"(XENVER_version)
			     : "memory");
	else
		asm volatile("vmcall"
			     : "=a"(ret)
			     : "a"(__HYPERVISOR_xen_version),
			       "D"(XENVER_version)
			     : "memory");
	printf("raw hypercall returned %#lx\n", ret);
	return ret == XHVM_XEN_VERSION ? 0 : 1;
}
