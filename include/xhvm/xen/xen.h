/*
 * The core of the guest interface, from Xen's public/xen.h: hypercall
 * numbers, virtual IRQs, domain ids, the shared_info page and the time
 * records in it. Parts come from public/arch-x86/xen*.h and from
 * docs/guest-guide/x86/hypercall-abi.rst; each says so.
 */
#ifndef XHVM_XEN_XEN_H
#define XHVM_XEN_XEN_H

/* ---- The hypercall page (docs/guest-guide/x86/hypercall-abi.rst) ----- */

#define XEN_HYPERCALL_STUB_SIZE 32 /* stub i lives at page + i * 32 */
#define XEN_HYPERCALL_STUBS	128

/* ---- Hypercall numbers ---------------------------------------------- */

#define __HYPERVISOR_set_trap_table   0
#define __HYPERVISOR_mmu_update	      1
#define __HYPERVISOR_memory_op	      12
#define __HYPERVISOR_set_timer_op     15
#define __HYPERVISOR_xen_version      17
#define __HYPERVISOR_console_io	      18
#define __HYPERVISOR_grant_table_op   20
#define __HYPERVISOR_vm_assist	      21
#define __HYPERVISOR_iret	      23
#define __HYPERVISOR_vcpu_op	      24
#define __HYPERVISOR_sched_op	      29
#define __HYPERVISOR_event_channel_op 32
#define __HYPERVISOR_physdev_op	      33
#define __HYPERVISOR_hvm_op	      34

/* console_io(cmd, count, buffer) */
#define CONSOLEIO_write 0
#define CONSOLEIO_read	1

/* ---- Virtual IRQs and domain ids ------------------------------------ */

#define VIRQ_TIMER 0
#define NR_VIRQS   24

#define DOMID_SELF 0x7ff0u

/* ---- The shared_info page ------------------------------------------- */

/*
 * vcpu_info[32] (64 bytes each) comes first in both modes; what follows
 * depends on the guest's word size. XEN_LEGACY_MAX_VCPUS is from
 * public/arch-x86/xen.h.
 */
#define XEN_LEGACY_MAX_VCPUS	     32
#define XEN_VCPU_INFO_SIZE	     64
#define XEN_VCPU_INFO_UPCALL_PENDING 0
#define XEN_VCPU_INFO_UPCALL_MASK    1
#define XEN_VCPU_INFO_TIME	     32
#define XEN_SHINFO64_EVTCHN_PENDING  0x800
#define XEN_SHINFO64_EVTCHN_MASK     0xa00
#define XEN_SHINFO64_WALLCLOCK	     0xc00
#define XEN_SHINFO32_EVTCHN_PENDING  0x800
#define XEN_SHINFO32_EVTCHN_MASK     0x880
#define XEN_SHINFO32_WALLCLOCK	     0x900

#ifndef __ASSEMBLER__

#include <stdint.h>

/*
 * Time as Xen publishes it: ns = system_time + ((tsc - tsc_timestamp)
 * shifted by tsc_shift) * tsc_to_system_mul >> 32. version is odd while
 * the record is being written.
 */
struct vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad1[2];
};
_Static_assert(sizeof(struct vcpu_time_info) == 32, "vcpu_time_info");

/* At XEN_SHINFO*_WALLCLOCK: the wall time when system_time was 0. */
struct xen_wallclock {
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
};
_Static_assert(sizeof(struct xen_wallclock) == 12, "xen_wallclock");

#endif /* !__ASSEMBLER__ */

#endif /* XHVM_XEN_XEN_H */
