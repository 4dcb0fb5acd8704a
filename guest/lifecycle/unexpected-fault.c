/*
 * An exception nobody expects, with the library's IDT installed: the trap
 * handler must name it and where it happened, then crash the domain.
 * Built for 64-bit and 32-bit guests (unexpected-fault32).
 */
#include "console.h"
#include "hypercall.h"
#include "test.h"

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	(void)vcpu;
	(void)nvcpus;

	if (test_init() != 0)
		return 1;
	printf("executing ud2 with the IDT installed: expect a crash\n");
	asm volatile("ud2");
	printf("still running after ud2\n");
	return 1;
}
