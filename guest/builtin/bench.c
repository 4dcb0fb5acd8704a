/*
 * The guest `xhvm bench` runs (it is built into xhvm). Its boot info arg
 * says what to do: power off at once, or a loop of bare port-I/O exits,
 * or of xen_version hypercalls through the page, on every vCPU.
 */
#include "guest.h"
#include "hypercall.h"
#include "test.h"

/*
 * For XHVM_BENCH_PORT_STUB: a page like the hypercall page, whose stub 0
 * does an OUT xhvm ignores, called the way hypercalls are. On hosts where
 * an exit costs the guest its TLB, this touches the same pages as a
 * hypercall, so the two differ only in what xhvm does with the exit.
 */
static uint8_t stub_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static const uint8_t port_stub[] = {0xe6, XHVM_BENCH_PORT, /* outb */
				    0xc3};		   /* ret */

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
	case XHVM_BENCH_PORT_STUB:
		for (i = 0; i < sizeof(port_stub); i++)
			stub_page[i] = port_stub[i];
		for (i = 0; i < n; i++)
			xen_hypercall_raw(stub_page, 0, 0, 0, 0, 0, 0);
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
	test_join(vcpu, nvcpus);
	return 0;
}
