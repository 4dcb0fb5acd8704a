/*
 * The core of the guest interface, from Xen's public/xen.h: hypercall
 * numbers, virtual IRQs, VM assists, domain ids, the shared_info page and
 * the time records in it. The x86 word-size parts of those come from
 * public/arch-x86/xen.h, xen-x86_32.h and xen-x86_64.h, and the hypercall
 * page from docs/guest-guide/x86/hypercall-abi.rst; each group says so.
 */
#ifndef XHVM_XEN_XEN_H
#define XHVM_XEN_XEN_H

/* ---- The hypercall page (docs/guest-guide/x86/hypercall-abi.rst) ----- */

#define XEN_HYPERCALL_STUB_SIZE 32 /* stub i lives at page + i * 32 */
#define XEN_HYPERCALL_STUBS	128

/* ---- Hypercall numbers ---------------------------------------------- */

#define __HYPERVISOR_set_trap_table		   0
#define __HYPERVISOR_mmu_update			   1
#define __HYPERVISOR_set_gdt			   2
#define __HYPERVISOR_stack_switch		   3
#define __HYPERVISOR_set_callbacks		   4
#define __HYPERVISOR_fpu_taskswitch		   5
#define __HYPERVISOR_sched_op_compat		   6 /* old sched_op */
#define __HYPERVISOR_platform_op		   7
#define __HYPERVISOR_set_debugreg		   8
#define __HYPERVISOR_get_debugreg		   9
#define __HYPERVISOR_update_descriptor		   10
#define __HYPERVISOR_memory_op			   12
#define __HYPERVISOR_multicall			   13
#define __HYPERVISOR_update_va_mapping		   14
#define __HYPERVISOR_set_timer_op		   15
#define __HYPERVISOR_event_channel_op_compat	   16 /* old form */
#define __HYPERVISOR_xen_version		   17
#define __HYPERVISOR_console_io			   18
#define __HYPERVISOR_physdev_op_compat		   19 /* old form */
#define __HYPERVISOR_grant_table_op		   20
#define __HYPERVISOR_vm_assist			   21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret			   23 /* x86 only */
#define __HYPERVISOR_vcpu_op			   24
#define __HYPERVISOR_set_segment_base		   25 /* 64-bit PV only */
#define __HYPERVISOR_mmuext_op			   26
#define __HYPERVISOR_xsm_op			   27
#define __HYPERVISOR_nmi_op			   28
#define __HYPERVISOR_sched_op			   29
#define __HYPERVISOR_callback_op		   30
#define __HYPERVISOR_xenoprof_op		   31 /* gone in Xen 4.22 */
#define __HYPERVISOR_event_channel_op		   32
#define __HYPERVISOR_physdev_op			   33
#define __HYPERVISOR_hvm_op			   34
#define __HYPERVISOR_sysctl			   35
#define __HYPERVISOR_domctl			   36
#define __HYPERVISOR_kexec_op			   37
#define __HYPERVISOR_tmem_op			   38
#define __HYPERVISOR_argo_op			   39
#define __HYPERVISOR_xenpmu_op			   40
#define __HYPERVISOR_dm_op			   41
#define __HYPERVISOR_hypfs_op			   42

/* Reserved for each architecture's own hypercalls. */
#define __HYPERVISOR_arch_0 48
#define __HYPERVISOR_arch_1 49
#define __HYPERVISOR_arch_2 50
#define __HYPERVISOR_arch_3 51
#define __HYPERVISOR_arch_4 52
#define __HYPERVISOR_arch_5 53
#define __HYPERVISOR_arch_6 54
#define __HYPERVISOR_arch_7 55

/* console_io(cmd, count, buffer) */
#define CONSOLEIO_write 0
#define CONSOLEIO_read	1

/* ---- Virtual IRQs (EVTCHNOP_bind_virq) ------------------------------- */

#define VIRQ_TIMER	0  /* per vCPU: the timer fired */
#define VIRQ_DEBUG	1  /* per vCPU */
#define VIRQ_CONSOLE	2  /* global */
#define VIRQ_DOM_EXC	3  /* global */
#define VIRQ_TBUF	4  /* global */
#define VIRQ_DEBUGGER	6  /* global */
#define VIRQ_XENOPROF	7  /* per vCPU */
#define VIRQ_CON_RING	8  /* global */
#define VIRQ_PCPU_STATE 9  /* global */
#define VIRQ_MEM_EVENT	10 /* global */
#define VIRQ_ARGO	11 /* per domain */
#define VIRQ_ENOMEM	12 /* global */
#define VIRQ_XENPMU	13 /* per vCPU */
#define VIRQ_ARCH_0	16
#define VIRQ_ARCH_1	17
#define VIRQ_ARCH_2	18
#define VIRQ_ARCH_3	19
#define VIRQ_ARCH_4	20
#define VIRQ_ARCH_5	21
#define VIRQ_ARCH_6	22
#define VIRQ_ARCH_7	23
#define NR_VIRQS	24

/* ---- vm_assist(cmd, type) ------------------------------------------- */

#define VMASST_CMD_enable		 0
#define VMASST_CMD_disable		 1
#define VMASST_TYPE_4gb_segments	 0  /* 32-bit PV */
#define VMASST_TYPE_4gb_segments_notify	 1  /* 32-bit PV */
#define VMASST_TYPE_writable_pagetables	 2  /* PV */
#define VMASST_TYPE_pae_extended_cr3	 3  /* 32-bit PV */
#define VMASST_TYPE_architectural_iopl	 4  /* PV */
#define VMASST_TYPE_runstate_update_flag 5  /* every guest */
#define VMASST_TYPE_m2p_strict		 32 /* 64-bit PV */

/* ---- Domain ids ----------------------------------------------------- */

#define DOMID_FIRST_RESERVED 0x7ff0u /* ids from here on name no domain */
#define DOMID_SELF	     0x7ff0u /* the caller's own domain */
#define DOMID_IO	     0x7ff1u
#define DOMID_XEN	     0x7ff2u
#define DOMID_COW	     0x7ff3u
#define DOMID_INVALID	     0x7ff4u
#define DOMID_ANY	     0x7ff5u
#define DOMID_IDLE	     0x7fffu
#define DOMID_MASK	     0x7fffu

/* ---- Time ----------------------------------------------------------- */

/* vcpu_time_info.flags */
#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0) /* TSC is the same on all vCPUs */
#define XEN_PVCLOCK_GUEST_STOPPED  (1 << 1)

/* ---- x86 (public/arch-x86/xen.h) ------------------------------------ */

#define XEN_LEGACY_MAX_VCPUS	 32   /* vcpu_info slots in shared_info */
#define XEN_HVM_DEBUGCONS_IOPORT 0xe9 /* write-only debug console port */

/* ---- The shared_info page ------------------------------------------- */

/*
 * vcpu_info[32] (64 bytes each) comes first in both modes; what follows
 * depends on the guest's word size (xen_ulong_t: 4 or 8 bytes). The
 * structures below are the authority; these are their offsets.
 */
#define XEN_VCPU_INFO_SIZE		   64
#define XEN_VCPU_INFO_UPCALL_PENDING	   0
#define XEN_VCPU_INFO_UPCALL_MASK	   1
#define XEN_VCPU_INFO64_EVTCHN_PENDING_SEL 8
#define XEN_VCPU_INFO32_EVTCHN_PENDING_SEL 4
#define XEN_VCPU_INFO_TIME		   32
#define XEN_SHINFO64_EVTCHN_PENDING	   0x800
#define XEN_SHINFO64_EVTCHN_MASK	   0xa00
#define XEN_SHINFO64_WALLCLOCK		   0xc00
#define XEN_SHINFO64_WC_SEC_HI		   0xc0c
#define XEN_SHINFO32_EVTCHN_PENDING	   0x800
#define XEN_SHINFO32_EVTCHN_MASK	   0x880
#define XEN_SHINFO32_WALLCLOCK		   0x900
#define XEN_SHINFO32_WC_SEC_HI		   0x924 /* in arch, for want of room */

#ifndef __ASSEMBLER__

#include <stdint.h>

/*
 * Time as Xen publishes it: ns = system_time + ((tsc - tsc_timestamp)
 * shifted by tsc_shift) * tsc_to_system_mul >> 32. version is odd while
 * the record is being written. The same in both modes.
 */
struct vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags; /* XEN_PVCLOCK_* */
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

/* vcpu_info.arch: public/arch-x86/xen-x86_64.h and xen-x86_32.h. */
struct arch_vcpu_info_64 {
	uint64_t cr2;
	uint64_t pad;
};
_Static_assert(sizeof(struct arch_vcpu_info_64) == 16, "arch_vcpu_info_64");

struct arch_vcpu_info_32 {
	uint32_t cr2;
	uint32_t pad[5];
};
_Static_assert(sizeof(struct arch_vcpu_info_32) == 24, "arch_vcpu_info_32");

/* One vCPU's slot: 64 bytes in both modes, so slots line up. */
struct vcpu_info_64 {
	uint8_t evtchn_upcall_pending;
	uint8_t evtchn_upcall_mask;
	uint8_t pad0[6];
	uint64_t evtchn_pending_sel; /* a bit per word of evtchn_pending */
	struct arch_vcpu_info_64 arch;
	struct vcpu_time_info time;
};
_Static_assert(sizeof(struct vcpu_info_64) == XEN_VCPU_INFO_SIZE,
	       "vcpu_info_64");
_Static_assert(__builtin_offsetof(struct vcpu_info_64, evtchn_pending_sel) ==
		       XEN_VCPU_INFO64_EVTCHN_PENDING_SEL,
	       "vcpu_info_64.evtchn_pending_sel");
_Static_assert(__builtin_offsetof(struct vcpu_info_64, time) ==
		       XEN_VCPU_INFO_TIME,
	       "vcpu_info_64.time");

struct vcpu_info_32 {
	uint8_t evtchn_upcall_pending;
	uint8_t evtchn_upcall_mask;
	uint8_t pad0[2];
	uint32_t evtchn_pending_sel;
	struct arch_vcpu_info_32 arch;
	struct vcpu_time_info time;
};
_Static_assert(sizeof(struct vcpu_info_32) == XEN_VCPU_INFO_SIZE,
	       "vcpu_info_32");
_Static_assert(__builtin_offsetof(struct vcpu_info_32, evtchn_pending_sel) ==
		       XEN_VCPU_INFO32_EVTCHN_PENDING_SEL,
	       "vcpu_info_32.evtchn_pending_sel");
_Static_assert(__builtin_offsetof(struct vcpu_info_32, time) ==
		       XEN_VCPU_INFO_TIME,
	       "vcpu_info_32.time");

/* shared_info.arch: only PV guests use it; HVM guests see zeros. */
struct arch_shared_info_64 {
	uint64_t max_pfn;
	uint64_t pfn_to_mfn_frame_list_list;
	uint64_t nmi_reason;
	uint64_t p2m_cr3;
	uint64_t p2m_vaddr;
	uint64_t p2m_generation;
};
_Static_assert(sizeof(struct arch_shared_info_64) == 48, "arch_shared_info_64");

struct arch_shared_info_32 {
	uint32_t max_pfn;
	uint32_t pfn_to_mfn_frame_list_list;
	uint32_t nmi_reason;
	uint32_t p2m_cr3;
	uint32_t p2m_vaddr;
	uint32_t p2m_generation;
	uint32_t wc_sec_hi; /* shared_info had no room left for it */
};
_Static_assert(sizeof(struct arch_shared_info_32) == 28, "arch_shared_info_32");

/* The page XENMAPSPACE_shared_info maps. */
struct shared_info_64 {
	struct vcpu_info_64 vcpu_info[XEN_LEGACY_MAX_VCPUS];
	uint64_t evtchn_pending[64];
	uint64_t evtchn_mask[64];
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
	uint32_t wc_sec_hi;
	struct arch_shared_info_64 arch;
};
_Static_assert(sizeof(struct shared_info_64) == 0xc40, "shared_info_64");
_Static_assert(__builtin_offsetof(struct shared_info_64, evtchn_pending) ==
		       XEN_SHINFO64_EVTCHN_PENDING,
	       "shared_info_64.evtchn_pending");
_Static_assert(__builtin_offsetof(struct shared_info_64, evtchn_mask) ==
		       XEN_SHINFO64_EVTCHN_MASK,
	       "shared_info_64.evtchn_mask");
_Static_assert(__builtin_offsetof(struct shared_info_64, wc_version) ==
		       XEN_SHINFO64_WALLCLOCK,
	       "shared_info_64.wc_version");
_Static_assert(__builtin_offsetof(struct shared_info_64, wc_sec_hi) ==
		       XEN_SHINFO64_WC_SEC_HI,
	       "shared_info_64.wc_sec_hi");

struct shared_info_32 {
	struct vcpu_info_32 vcpu_info[XEN_LEGACY_MAX_VCPUS];
	uint32_t evtchn_pending[32];
	uint32_t evtchn_mask[32];
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
	struct arch_shared_info_32 arch;
};
_Static_assert(sizeof(struct shared_info_32) == 0x928, "shared_info_32");
_Static_assert(__builtin_offsetof(struct shared_info_32, evtchn_pending) ==
		       XEN_SHINFO32_EVTCHN_PENDING,
	       "shared_info_32.evtchn_pending");
_Static_assert(__builtin_offsetof(struct shared_info_32, evtchn_mask) ==
		       XEN_SHINFO32_EVTCHN_MASK,
	       "shared_info_32.evtchn_mask");
_Static_assert(__builtin_offsetof(struct shared_info_32, wc_version) ==
		       XEN_SHINFO32_WALLCLOCK,
	       "shared_info_32.wc_version");
_Static_assert(__builtin_offsetof(struct shared_info_32, arch.wc_sec_hi) ==
		       XEN_SHINFO32_WC_SEC_HI,
	       "shared_info_32.arch.wc_sec_hi");

#endif /* !__ASSEMBLER__ */

#endif /* XHVM_XEN_XEN_H */
