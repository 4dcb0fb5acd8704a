/*
 * xhvm's boot information, whose address _start saves from RDX.
 */
#include <stddef.h>

#include "guest.h"

/* Written by _start (entry64.S, entry32.S) before guest_main. */
uintptr_t xhvm_boot;

const struct xhvm_boot_info *xhvm_boot_info(void)
{
	const struct xhvm_boot_info *b = (const void *)xhvm_boot;

	if (!b || b->magic != XHVM_BOOT_MAGIC || b->size < sizeof(*b))
		return NULL;
	return b;
}

bool xhvm_msr_intercept(void)
{
	const struct xhvm_boot_info *b = xhvm_boot_info();

	return b && b->msr_backend == XHVM_BACKEND_INTERCEPT;
}
