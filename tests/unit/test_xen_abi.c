/*
 * xhvm's Xen ABI, pinned: every number, structure size and member offset
 * that include/xhvm/xen/ defines, checked against the value a guest built
 * with Xen's own headers sees. The right-hand values are written out by
 * hand from Xen's headers (xen/include/public/... unless a group says
 * otherwise), never derived from xhvm's definitions. _64 forms hold a
 * 64-bit x86 guest's layout, _32 forms a 32-bit guest's (Xen's compat
 * layout: 4-byte pointers, xen_ulong_t and uint64_t alignment).
 *
 * The pins are in xen_abi/, one file per group of headers;
 * tests/abi-coverage.sh fails if a definition has no pin there.
 */
#include <stdio.h>

#include "xen_abi/pins.h"

static void show(char *buf, size_t n, uint64_t v)
{
	if ((int64_t)v < 0 && (int64_t)v > -4096)
		snprintf(buf, n, "%lld", (long long)(int64_t)v);
	else if (v < 0x100)
		snprintf(buf, n, "%llu", (unsigned long long)v);
	else
		snprintf(buf, n, "%#llx", (unsigned long long)v);
}

void pin_all(const char *header, const struct pin *p, size_t n)
{
	char ours[32], xen[32];

	for (size_t i = 0; i < n; i++) {
		show(ours, sizeof(ours), p[i].ours);
		show(xen, sizeof(xen), p[i].xen);
		check(p[i].ours == p[i].xen, "%s: %s = %s, Xen %s", header,
		      p[i].what, ours, xen);
	}
}

int main(void)
{
	pin_core();
	pin_vcpu_events();
	pin_memory();
	pin_boot_io();
	return check_summary();
}
