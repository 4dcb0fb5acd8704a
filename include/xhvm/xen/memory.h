/*
 * memory_op(cmd, arg), from Xen's public/memory.h.
 */
#ifndef XHVM_XEN_MEMORY_H
#define XHVM_XEN_MEMORY_H

/*
 * Sub-commands. 8 was removed. Xen's header shows 18 to 22, 24 and 27 to
 * the toolstack only; they are listed so a monitor can name them.
 */
#define XENMEM_increase_reservation	  0
#define XENMEM_decrease_reservation	  1
#define XENMEM_maximum_ram_page		  2
#define XENMEM_current_reservation	  3
#define XENMEM_maximum_reservation	  4
#define XENMEM_machphys_mfn_list	  5
#define XENMEM_populate_physmap		  6
#define XENMEM_add_to_physmap		  7
#define XENMEM_memory_map		  9
#define XENMEM_machine_memory_map	  10
#define XENMEM_exchange			  11
#define XENMEM_machphys_mapping		  12
#define XENMEM_set_memory_map		  13
#define XENMEM_maximum_gpfn		  14
#define XENMEM_remove_from_physmap	  15
#define XENMEM_set_pod_target		  16
#define XENMEM_get_pod_target		  17
#define XENMEM_get_sharing_freed_pages	  18
#define XENMEM_get_sharing_shared_pages	  19
#define XENMEM_paging_op		  20
#define XENMEM_access_op		  21
#define XENMEM_sharing_op		  22
#define XENMEM_add_to_physmap_batch	  23
#define XENMEM_claim_pages		  24
#define XENMEM_machphys_compat_mfn_list	  25
#define XENMEM_get_vnumainfo		  26
#define XENMEM_reserved_device_memory_map 27
#define XENMEM_acquire_resource		  28

/*
 * memory_op's cmd: the sub-operation in bits 5:0, and in the bits above
 * the extent to continue from (Xen-internal xen/include/xen/hypercall.h,
 * part of the ABI all the same: guests may pass any upper bits).
 */
#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK	   ((1 << MEMOP_EXTENT_SHIFT) - 1)

/*
 * xen_memory_reservation.mem_flags: the address width in bits 7:0, a NUMA
 * node plus one in bits 15:8, then flags.
 */
#define XENMEMF_address_bits(x)	    (x)
#define XENMEMF_get_address_bits(x) ((x)&0xffu)
#define XENMEMF_node(x)		    (((x) + 1) << 8)
#define XENMEMF_get_node(x)	    ((((x) >> 8) - 1) & 0xffu)
#define XENMEMF_populate_on_demand  (1 << 16)
#define XENMEMF_exact_node_request  (1 << 17)
#define XENMEMF_exact_node(n)	    (XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode		    (1 << 18)

/* xen_add_to_physmap.space */
#define XENMAPSPACE_shared_info	 0
#define XENMAPSPACE_grant_table	 1 /* idx: frame, | XENMAPIDX_*_status */
#define XENMAPSPACE_gmfn	 2
#define XENMAPSPACE_gmfn_range	 3 /* add_to_physmap only */
#define XENMAPSPACE_gmfn_foreign 4 /* add_to_physmap_batch only */
#define XENMAPSPACE_dev_mmio	 5 /* Arm only */

/* With XENMAPSPACE_grant_table: map a status frame (grant table v2). */
#define XENMAPIDX_grant_table_status 0x80000000u

#ifndef __ASSEMBLER__

#include <stdint.h>

/*
 * increase_reservation, decrease_reservation and populate_physmap.
 * extent_start is a guest pointer and nr_extents a xen_ulong_t: both the
 * guest's word size.
 */
struct xen_memory_reservation_64 {
	uint64_t extent_start;
	uint64_t nr_extents;
	uint32_t extent_order;
	uint32_t mem_flags; /* XENMEMF_* */
	uint16_t domid;
	uint16_t pad[3];
};
_Static_assert(sizeof(struct xen_memory_reservation_64) == 32,
	       "xen_memory_reservation_64");

struct xen_memory_reservation_32 {
	uint32_t extent_start;
	uint32_t nr_extents;
	uint32_t extent_order;
	uint32_t mem_flags;
	uint16_t domid;
	uint16_t pad;
};
_Static_assert(sizeof(struct xen_memory_reservation_32) == 20,
	       "xen_memory_reservation_32");

/*
 * XENMEM_memory_map and machine_memory_map: in, the room in buffer (in
 * struct e820entry); out, the entries written.
 */
struct xen_memory_map_64 {
	uint32_t nr_entries;
	uint32_t pad;
	uint64_t buffer;
};
_Static_assert(sizeof(struct xen_memory_map_64) == 16, "xen_memory_map_64");

struct xen_memory_map_32 {
	uint32_t nr_entries;
	uint32_t buffer;
};
_Static_assert(sizeof(struct xen_memory_map_32) == 8, "xen_memory_map_32");

/* current_reservation, maximum_reservation, maximum_gpfn: whose. */
struct xen_memory_domain {
	uint16_t domid;
};
_Static_assert(sizeof(struct xen_memory_domain) == 2, "xen_memory_domain");

/* XENMEM_add_to_physmap: xen_ulong_t and xen_pfn_t are the word size. */
struct xen_add_to_physmap_64 {
	uint16_t domid;
	uint16_t size; /* pages, for XENMAPSPACE_gmfn_range */
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

/* XENMEM_add_to_physmap_batch: three guest arrays of size entries. */
struct xen_add_to_physmap_batch_64 {
	uint16_t domid;
	uint16_t space;
	uint16_t size;
	union {
		uint16_t foreign_domid; /* XENMAPSPACE_gmfn_foreign */
		uint16_t res0;		/* 0 for every other space */
	} u;
	uint64_t idxs;	/* xen_ulong_t[size] */
	uint64_t gpfns; /* xen_pfn_t[size] */
	uint64_t errs;	/* int[size], out */
};
_Static_assert(sizeof(struct xen_add_to_physmap_batch_64) == 32,
	       "xen_add_to_physmap_batch_64");

struct xen_add_to_physmap_batch_32 {
	uint16_t domid;
	uint16_t space;
	uint16_t size;
	union {
		uint16_t foreign_domid;
		uint16_t res0;
	} u;
	uint32_t idxs;
	uint32_t gpfns;
	uint32_t errs;
};
_Static_assert(sizeof(struct xen_add_to_physmap_batch_32) == 20,
	       "xen_add_to_physmap_batch_32");

/* XENMEM_remove_from_physmap */
struct xen_remove_from_physmap_64 {
	uint16_t domid;
	uint16_t pad[3];
	uint64_t gpfn;
};
_Static_assert(sizeof(struct xen_remove_from_physmap_64) == 16,
	       "xen_remove_from_physmap_64");

struct xen_remove_from_physmap_32 {
	uint16_t domid;
	uint16_t pad;
	uint32_t gpfn;
};
_Static_assert(sizeof(struct xen_remove_from_physmap_32) == 8,
	       "xen_remove_from_physmap_32");

#endif /* !__ASSEMBLER__ */

#endif /* XHVM_XEN_MEMORY_H */
