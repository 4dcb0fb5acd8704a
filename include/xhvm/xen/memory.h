/*
 * memory_op(cmd, arg), from Xen's public/memory.h.
 */
#ifndef XHVM_XEN_MEMORY_H
#define XHVM_XEN_MEMORY_H

#define XENMEM_add_to_physmap 7

/* xen_add_to_physmap.space */
#define XENMAPSPACE_shared_info 0
#define XENMAPSPACE_grant_table 1
#define XENMAPSPACE_gmfn	2

#ifndef __ASSEMBLER__

#include <stdint.h>

/* xen_ulong_t and xen_pfn_t are the guest's word size. */
struct xen_add_to_physmap_64 {
	uint16_t domid;
	uint16_t size;
	uint32_t space;
	uint64_t idx;
	uint64_t gpfn;
};
_Static_assert(sizeof(struct xen_add_to_physmap_64) == 24, "add_to_physmap64");

struct xen_add_to_physmap_32 {
	uint16_t domid;
	uint16_t size;
	uint32_t space;
	uint32_t idx;
	uint32_t gpfn;
};
_Static_assert(sizeof(struct xen_add_to_physmap_32) == 16, "add_to_physmap32");

#endif /* !__ASSEMBLER__ */

#endif /* XHVM_XEN_MEMORY_H */
