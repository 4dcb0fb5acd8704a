/*
 * The smallest Xen HVM guest, and xhvm's default one; also built as a
 * 32-bit guest (hello32).
 *
 * It does what every PV-on-HVM guest does first: find Xen through CPUID and
 * have it fill a hypercall page through the MSR that CPUID names (both in
 * xen_init()). Then it writes a line with the console_io hypercall.
 * Returning 0 makes the library power the domain off.
 */
#include "hypercall.h"

/* Built as hello (64-bit) and hello32, which says what it is. */
#ifdef __x86_64__
#define GUEST_KIND ""
#else
#define GUEST_KIND "32-bit "
#endif

static const char greeting[] = "Hello from a " GUEST_KIND "Xen HVM guest\n";

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	(void)vcpu;
	(void)nvcpus;

	if (xen_init() != 0)
		return 1; /* no Xen: nobody to tell */

	xen_console_write(greeting, sizeof(greeting) - 1);
	return 0;
}
