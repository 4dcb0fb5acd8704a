/*
 * A guest whose image is larger than it looks: 4 MiB of .bss. It runs in
 * the default RAM, and with too little RAM the monitor must refuse it
 * before it starts. (Kept small: on PVM hosts each first touch of a guest
 * page costs about 1.7 ms.) Checks the whole array is zero and writable.
 */
#include <stdint.h>

#include "hypercall.h"
#include "report.h"

#define BIG_SIZE (4u << 20)

static uint8_t big[BIG_SIZE];

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	uint32_t i, nonzero = 0;

	(void)vcpu;
	(void)nvcpus;
	if (xen_init() != 0)
		return 1;

	for (i = 0; i < BIG_SIZE; i += 4096)
		nonzero += big[i] != 0 || big[i + 4095] != 0;
	report(nonzero == 0, "4 MiB .bss at %p is zero (%u pages were not)",
	       (void *)big, nonzero);
	for (i = 0; i < BIG_SIZE; i += 4096)
		big[i] = (uint8_t)(i >> 12);
	nonzero = 0;
	for (i = 0; i < BIG_SIZE; i += 4096)
		nonzero += big[i] != (uint8_t)(i >> 12);
	report(nonzero == 0,
	       "every page of it keeps what was written (%u did not)", nonzero);
	return report_summary();
}
