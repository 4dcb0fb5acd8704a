/*
 * hvm_op(op, arg), from Xen's public/hvm/hvm_op.h.
 */
#ifndef XHVM_XEN_HVM_OP_H
#define XHVM_XEN_HVM_OP_H

#define HVMOP_set_param		       0
#define HVMOP_get_param		       1
#define HVMOP_set_evtchn_upcall_vector 23

#ifndef __ASSEMBLER__

#include <stdint.h>

/* Same layout for 32- and 64-bit guests: value is always 64 bits. */
struct xen_hvm_param {
	uint16_t domid;
	uint16_t pad;
	uint32_t index;
	uint64_t value;
};
_Static_assert(sizeof(struct xen_hvm_param) == 16, "xen_hvm_param");

struct xen_hvm_evtchn_upcall_vector {
	uint32_t vcpu;
	uint8_t vector;
	uint8_t pad[3];
};
_Static_assert(sizeof(struct xen_hvm_evtchn_upcall_vector) == 8,
	       "xen_hvm_evtchn_upcall_vector");

#endif /* !__ASSEMBLER__ */

#endif /* XHVM_XEN_HVM_OP_H */
