/*
 * vcpu_op(cmd, vcpuid, arg), from Xen's public/vcpu.h.
 */
#ifndef XHVM_XEN_VCPU_H
#define XHVM_XEN_VCPU_H

#define VCPUOP_initialise		      0 /* HVM: vcpu_hvm_context */
#define VCPUOP_up			      1
#define VCPUOP_down			      2
#define VCPUOP_is_up			      3
#define VCPUOP_get_runstate_info	      4
#define VCPUOP_register_runstate_memory_area  5
#define VCPUOP_set_periodic_timer	      6
#define VCPUOP_stop_periodic_timer	      7
#define VCPUOP_set_singleshot_timer	      8
#define VCPUOP_stop_singleshot_timer	      9
#define VCPUOP_register_vcpu_info	      10
#define VCPUOP_send_nmi			      11
#define VCPUOP_get_physid		      12
#define VCPUOP_register_vcpu_time_memory_area 13
#define VCPUOP_register_runstate_phys_area    14
#define VCPUOP_register_vcpu_time_phys_area   15

/* vcpu_runstate_info.state */
#define RUNSTATE_running  0
#define RUNSTATE_runnable 1
#define RUNSTATE_blocked  2
#define RUNSTATE_offline  3

/*
 * Set in state_entry_time while Xen rewrites a registered runstate area,
 * if the guest asked for it (VMASST_TYPE_runstate_update_flag).
 */
#define XEN_RUNSTATE_UPDATE (1ull << 63)

/* vcpu_set_singleshot_timer.flags: -ETIME if the time is already past. */
#define VCPU_SSHOTTMR_future (1u << 0)

#ifndef __ASSEMBLER__

#include <stdint.h>

/*
 * VCPUOP_get_runstate_info, and the registered runstate area. Times in
 * ns of system time; time[] is indexed by RUNSTATE_*. A 32-bit guest's
 * uint64_t is 4-byte aligned, so its form has no hole after state.
 */
struct vcpu_runstate_info_64 {
	int32_t state;
	uint32_t pad;
	uint64_t state_entry_time;
	uint64_t time[4];
};
_Static_assert(sizeof(struct vcpu_runstate_info_64) == 48,
	       "vcpu_runstate_info_64");

struct vcpu_runstate_info_32 {
	int32_t state;
	uint64_t state_entry_time;
	uint64_t time[4];
} __attribute__((packed, aligned(4)));
_Static_assert(sizeof(struct vcpu_runstate_info_32) == 44,
	       "vcpu_runstate_info_32");

/*
 * VCPUOP_register_runstate_memory_area and _vcpu_time_memory_area: a
 * guest virtual address, in a union padded to 8 bytes. Xen reads only the
 * low 4 from a 32-bit guest. The *_phys_area commands take the same
 * 8 bytes as a guest physical address in both modes: the _64 form.
 */
struct vcpu_register_runstate_memory_area_64 {
	uint64_t addr;
};
_Static_assert(sizeof(struct vcpu_register_runstate_memory_area_64) == 8,
	       "vcpu_register_runstate_memory_area_64");

struct vcpu_register_runstate_memory_area_32 {
	uint32_t addr;
	uint32_t pad; /* not read */
};
_Static_assert(sizeof(struct vcpu_register_runstate_memory_area_32) == 8,
	       "vcpu_register_runstate_memory_area_32");

struct vcpu_register_time_memory_area_64 {
	uint64_t addr;
};
_Static_assert(sizeof(struct vcpu_register_time_memory_area_64) == 8,
	       "vcpu_register_time_memory_area_64");

struct vcpu_register_time_memory_area_32 {
	uint32_t addr;
	uint32_t pad; /* not read */
};
_Static_assert(sizeof(struct vcpu_register_time_memory_area_32) == 8,
	       "vcpu_register_time_memory_area_32");

/* VCPUOP_set_periodic_timer: the same in both modes. */
struct vcpu_set_periodic_timer {
	uint64_t period_ns;
};
_Static_assert(sizeof(struct vcpu_set_periodic_timer) == 8,
	       "vcpu_set_periodic_timer");

/*
 * VCPUOP_set_singleshot_timer: an absolute system time. This is the
 * 64-bit guest's layout; a 32-bit guest's has no tail padding.
 */
struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns;
	uint32_t flags; /* VCPU_SSHOTTMR_* */
	uint32_t pad;
};
_Static_assert(sizeof(struct vcpu_set_singleshot_timer) == 16,
	       "vcpu_set_singleshot_timer");

struct vcpu_set_singleshot_timer_32 {
	uint64_t timeout_abs_ns;
	uint32_t flags;
} __attribute__((packed, aligned(4)));
_Static_assert(sizeof(struct vcpu_set_singleshot_timer_32) == 12,
	       "vcpu_set_singleshot_timer_32");

/* VCPUOP_register_vcpu_info: the same in both modes. */
struct vcpu_register_vcpu_info {
	uint64_t mfn;	 /* the page (a GFN for HVM guests) */
	uint32_t offset; /* of vcpu_info within it */
	uint32_t rsvd;
};
_Static_assert(sizeof(struct vcpu_register_vcpu_info) == 16,
	       "vcpu_register_vcpu_info");

/* VCPUOP_get_physid: APIC id in bits 31:0, ACPI id in 63:32. */
struct vcpu_get_physid {
	uint64_t phys_id;
};
_Static_assert(sizeof(struct vcpu_get_physid) == 8, "vcpu_get_physid");

#endif /* !__ASSEMBLER__ */

#endif /* XHVM_XEN_VCPU_H */
