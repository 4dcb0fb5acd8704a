/*
 * Faults with no IDT installed: #UD cannot be delivered, so the CPU
 * escalates to a triple fault and the monitor must report a guest fault.
 */
#include "console.h"
#include "hypercall.h"

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	(void)vcpu;
	(void)nvcpus;

	xen_init();
	printf("executing ud2 with no IDT: expect a triple fault\n");
	asm volatile("ud2");
	printf("still running after ud2\n");
	return 1;
}
