/*
 * The smallest Xen HVM guest, and xhvm's default one.
 *
 * It does what every PV-on-HVM guest does first: find Xen through CPUID and
 * have it fill a hypercall page through the MSR that CPUID names (both in
 * xen_init()). Then it writes a line with the console_io hypercall.
 * Returning 0 makes the library power the domain off.
 */
#include "hypercall.h"

static const char greeting[] = "Hello from a Xen HVM guest\n";

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	(void)vcpu;
	(void)nvcpus;

	if (xen_init() != 0)
		return 1; /* no Xen: nobody to tell */

	xen_console_write(greeting, sizeof(greeting) - 1);
	return 0;
}
