/*
 * A guest that never finishes: it spins in `jmp .` on every vCPU. Only
 * the monitor's --timeout ends it, and the dump must show the loop.
 */
#include "console.h"
#include "hypercall.h"

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	(void)nvcpus;
	if (vcpu == 0 && xen_init() == 0)
		printf("spinning forever in jmp .\n");
	for (;;)
		asm volatile("jmp ." ::: "memory");
}
