/*
 * The guest `xhvm bench` runs (it is built into xhvm). Its boot info arg
 * says what to do: power off at once, or a loop of bare port-I/O exits,
 * or of xen_version hypercalls through the page, on every vCPU.
 */
#include "guest.h"
#include "hypercall.h"

static volatile unsigned int finished;

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	const struct xhvm_boot_info *boot = xhvm_boot_info();
	unsigned int mode = boot ? boot->arg & 0xff : XHVM_BENCH_POWEROFF;
	unsigned int n = boot ? boot->arg >> 8 : 0, i;

	switch (mode) {
	case XHVM_BENCH_PORT_LOOP:
		for (i = 0; i < n; i++)
			asm volatile("outb %%al, %0" ::"i"(XHVM_BENCH_PORT),
				     "a"(0));
		break;
	case XHVM_BENCH_HCALL:
		if (xen_init() != 0)
			return 1;
		for (i = 0; i < n; i++)
			xen_version(XENVER_version, 0);
		break;
	default:
		return 0;
	}
	if (vcpu != 0) {
		__atomic_fetch_add(&finished, 1, __ATOMIC_SEQ_CST);
		xen_hypercall2(__HYPERVISOR_vcpu_op, VCPUOP_down, vcpu);
		for (;;)
			asm volatile("cli; hlt");
	}
	while (__atomic_load_n(&finished, __ATOMIC_SEQ_CST) < nvcpus - 1)
		xen_sched_op(SCHEDOP_yield, 0);
	return 0;
}
