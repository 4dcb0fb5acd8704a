/*
 * hvm_op(op, arg), from Xen's public/hvm/hvm_op.h: the operations an x86
 * HVM guest may issue. (2 to 4 went to dm_op in Xen 4.9; 12 and 13 are
 * the toolstack's.)
 */
#ifndef XHVM_XEN_HVM_OP_H
#define XHVM_XEN_HVM_OP_H

#define HVMOP_set_param		       0
#define HVMOP_get_param		       1
#define HVMOP_flush_tlbs	       5 /* arg must be NULL */
#define HVMOP_pagetable_dying	       9
#define HVMOP_get_time		       10
#define HVMOP_xentrace		       11
#define HVMOP_get_mem_type	       15
#define HVMOP_set_evtchn_upcall_vector 23 /* x86 only */
#define HVMOP_guest_request_vm_event   24
#define HVMOP_altp2m		       25

/* xen_hvm_get_mem_type.mem_type (Xen's enum hvmmem_type_t). */
#define HVMMEM_ram_rw	    0
#define HVMMEM_ram_ro	    1
#define HVMMEM_mmio_dm	    2
#define HVMMEM_unused	    3
#define HVMMEM_ioreq_server 4

#ifndef __ASSEMBLER__

#include <stdint.h>

/* Same layout for 32- and 64-bit guests: value is always 64 bits. */
struct xen_hvm_param {
	uint16_t domid;
	uint16_t pad;
	uint32_t index; /* HVM_PARAM_* */
	uint64_t value;
};
_Static_assert(sizeof(struct xen_hvm_param) == 16, "xen_hvm_param");

/* A guest's hint that a page table is about to be freed. */
struct xen_hvm_pagetable_dying {
	uint16_t domid;
	uint16_t pad[3];
	uint64_t gpa;
};
_Static_assert(sizeof(struct xen_hvm_pagetable_dying) == 16,
	       "xen_hvm_pagetable_dying");

/* Xen's system time, in ns since boot. */
struct xen_hvm_get_time {
	uint64_t now;
};
_Static_assert(sizeof(struct xen_hvm_get_time) == 8, "xen_hvm_get_time");

struct xen_hvm_get_mem_type {
	uint16_t domid;
	uint16_t mem_type; /* out: HVMMEM_* */
	uint16_t pad[2];
	uint64_t pfn;
};
_Static_assert(sizeof(struct xen_hvm_get_mem_type) == 16,
	       "xen_hvm_get_mem_type");

/* The vector the vCPU's event channel upcalls arrive on. */
struct xen_hvm_evtchn_upcall_vector {
	uint32_t vcpu;
	uint8_t vector;
	uint8_t pad[3];
};
_Static_assert(sizeof(struct xen_hvm_evtchn_upcall_vector) == 8,
	       "xen_hvm_evtchn_upcall_vector");

#endif /* !__ASSEMBLER__ */

#endif /* XHVM_XEN_HVM_OP_H */
