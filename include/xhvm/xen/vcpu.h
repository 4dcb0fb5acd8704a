/*
 * vcpu_op(cmd, vcpuid, arg), from Xen's public/vcpu.h.
 */
#ifndef XHVM_XEN_VCPU_H
#define XHVM_XEN_VCPU_H

#define VCPUOP_up			     1
#define VCPUOP_down			     2
#define VCPUOP_is_up			     3
#define VCPUOP_register_runstate_memory_area 5
#define VCPUOP_set_periodic_timer	     6
#define VCPUOP_stop_periodic_timer	     7
#define VCPUOP_set_singleshot_timer	     8
#define VCPUOP_stop_singleshot_timer	     9
#define VCPUOP_register_vcpu_info	     10

#define VCPU_SSHOTTMR_future (1u << 0)

#ifndef __ASSEMBLER__

#include <stdint.h>

/* VCPUOP_set_singleshot_timer: an absolute system time. */
struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns;
	uint32_t flags; /* VCPU_SSHOTTMR_* */
	uint32_t pad;
};
_Static_assert(sizeof(struct vcpu_set_singleshot_timer) == 16,
	       "vcpu_set_singleshot_timer");

struct vcpu_register_vcpu_info {
	uint64_t mfn;
	uint32_t offset;
	uint32_t rsvd;
};
_Static_assert(sizeof(struct vcpu_register_vcpu_info) == 16,
	       "vcpu_register_vcpu_info");

#endif /* !__ASSEMBLER__ */

#endif /* XHVM_XEN_VCPU_H */
