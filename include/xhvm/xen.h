/*
 * The Xen HVM guest interface, as xhvm implements it.
 *
 * Written for xhvm from Xen's documented ABI (xen/include/public/ headers and
 * docs/guest-guide/x86/hypercall-abi.rst). Shared by the monitor (vmm/), the
 * guests (guest/) and the hypercall blobs (blobs/), so it must stay valid C
 * for a freestanding 32- or 64-bit compiler and, above the struct section,
 * for the assembler.
 *
 * Structures whose layout differs between 32- and 64-bit guests come in two
 * explicit forms (`_32` / `_64`) so the 64-bit monitor can read either; their
 * sizes are checked below.
 */
#ifndef XHVM_XEN_H
#define XHVM_XEN_H

/* ---- CPUID: the hypervisor leaves ---------------------------------- */

#define XEN_CPUID_FIRST_BASE 0x40000000u
#define XEN_CPUID_LAST_BASE  0x4000ff00u /* guests scan in steps of 0x100 */
#define XEN_CPUID_BASE_STEP  0x100u

/* Leaf +0: EAX = highest leaf; EBX ECX EDX = "XenVMMXenVMM". */
#define XEN_CPUID_SIGNATURE_EBX 0x566e6558u /* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX 0x65584d4du /* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX 0x4d4d566eu /* "nVMM" */

#define XEN_CPUID_LEAF_VERSION	 1 /* EAX = major << 16 | minor */
#define XEN_CPUID_LEAF_HYPERCALL 2 /* EAX = pages, EBX = MSR index */
#define XEN_CPUID_LEAF_TIME	 3
#define XEN_CPUID_LEAF_HVM	 4 /* EAX = flags below */

#define XEN_HVM_CPUID_VCPU_ID_PRESENT (1u << 3) /* EBX = vCPU id */
#define XEN_HVM_CPUID_DOMID_PRESENT   (1u << 4) /* ECX = domain id */

/* ---- The hypercall page --------------------------------------------- */

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

/* sched_op(cmd, arg) */
#define SCHEDOP_yield	      0
#define SCHEDOP_block	      1
#define SCHEDOP_shutdown      2
#define SCHEDOP_poll	      3
#define SCHEDOP_shutdown_code 5

/* sched_shutdown.reason */
#define SHUTDOWN_poweroff   0
#define SHUTDOWN_reboot	    1
#define SHUTDOWN_suspend    2
#define SHUTDOWN_crash	    3
#define SHUTDOWN_watchdog   4
#define SHUTDOWN_soft_reset 5
#define SHUTDOWN_MAX	    5

/* xen_version(cmd, arg) */
#define XENVER_version	    0
#define XENVER_extraversion 1
#define XENVER_compile_info 2
#define XENVER_capabilities 3
#define XENVER_changeset    4
#define XENVER_get_features 6
#define XENVER_pagesize	    7

#define XEN_EXTRAVERSION_LEN 16
#define XEN_CAPABILITIES_LEN 1024
#define XEN_CHANGESET_LEN    64
#define XEN_PAGESIZE	     4096

/* XENVER_get_features submap 0 bits. */
#define XENFEAT_hvm_callback_vector 8
#define XENFEAT_hvm_safe_pvclock    9

/* hvm_op(op, arg) */
#define HVMOP_set_param		       0
#define HVMOP_get_param		       1
#define HVMOP_set_evtchn_upcall_vector 23

#define HVM_PARAM_CALLBACK_IRQ		0
#define HVM_PARAM_STORE_PFN		1
#define HVM_PARAM_STORE_EVTCHN		2
#define HVM_PARAM_VM86_TSS		15
#define HVM_PARAM_CONSOLE_PFN		17
#define HVM_PARAM_CONSOLE_EVTCHN	18
#define HVM_PARAM_ACPI_IOPORTS_LOCATION 19
#define HVM_PARAM_VM_GENERATION_ID_ADDR 34
#define HVM_PARAM_ALTP2M		35
#define HVM_PARAM_X87_FIP_WIDTH		36
#define HVM_PARAM_VM86_TSS_SIZED	37
#define HVM_NR_PARAMS			39

/* memory_op(cmd, arg) */
#define XENMEM_add_to_physmap	7
#define XENMAPSPACE_shared_info 0

/* vcpu_op(cmd, vcpuid, arg) */
#define VCPUOP_up			     1
#define VCPUOP_down			     2
#define VCPUOP_is_up			     3
#define VCPUOP_register_runstate_memory_area 5
#define VCPUOP_register_vcpu_info	     10

/* event_channel_op(cmd, arg) */
#define EVTCHNOP_bind_virq     1
#define EVTCHNOP_close	       3
#define EVTCHNOP_send	       4
#define EVTCHNOP_status	       5
#define EVTCHNOP_alloc_unbound 6
#define EVTCHNOP_bind_ipi      7
#define EVTCHNOP_unmask	       9
#define EVTCHNOP_init_control  11

#define VCPUOP_set_periodic_timer    6
#define VCPUOP_stop_periodic_timer   7
#define VCPUOP_set_singleshot_timer  8
#define VCPUOP_stop_singleshot_timer 9
#define VCPU_SSHOTTMR_future	     (1u << 0)

/* Event channels, 2-level ABI. */
#define EVTCHNSTAT_closed      0
#define EVTCHNSTAT_unbound     1
#define EVTCHNSTAT_interdomain 2
#define EVTCHNSTAT_pirq	       3
#define EVTCHNSTAT_virq	       4
#define EVTCHNSTAT_ipi	       5
#define VIRQ_TIMER	       0
#define NR_VIRQS	       24
#define SCHEDOP_POLL_MAX_PORTS 128

/* HVM_PARAM_CALLBACK_IRQ: type in bits 63:56, 2 is "vector in 7:0". */
#define HVM_PARAM_CALLBACK_TYPE_SHIFT  56
#define HVM_PARAM_CALLBACK_TYPE_VECTOR 2

#define DOMID_SELF 0x7ff0u

/* Errors, returned to the guest negated. */
#define XEN_EPERM      1
#define XEN_ENOENT     2
#define XEN_ESRCH      3
#define XEN_EINTR      4
#define XEN_EIO	       5
#define XEN_ENXIO      6
#define XEN_E2BIG      7
#define XEN_EAGAIN     11
#define XEN_ENOMEM     12
#define XEN_EACCES     13
#define XEN_EFAULT     14
#define XEN_EBUSY      16
#define XEN_EEXIST     17
#define XEN_ENODEV     19
#define XEN_EINVAL     22
#define XEN_ENOSPC     28
#define XEN_ERANGE     34
#define XEN_ENOSYS     38
#define XEN_ETIME      62
#define XEN_EOPNOTSUPP 95

/* memory_op(XENMEM_add_to_physmap) spaces past shared_info. */
#define XENMAPSPACE_grant_table 1
#define XENMAPSPACE_gmfn	2

/*
 * The shared_info page. vcpu_info[32] (64 bytes each) comes first in both
 * modes; what follows depends on the guest's word size.
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

/* ---- Argument structures -------------------------------------------- */

struct sched_shutdown {
	uint32_t reason;
};
_Static_assert(sizeof(struct sched_shutdown) == 4, "sched_shutdown");

/* XENVER_compile_info: 144 bytes in every mode. */
struct xen_compile_info {
	char compiler[64];
	char compile_by[16];
	char compile_domain[32];
	char compile_date[32];
};
_Static_assert(sizeof(struct xen_compile_info) == 144, "xen_compile_info");

struct xen_feature_info {
	uint32_t submap_idx; /* only 0 exists */
	uint32_t submap;
};
_Static_assert(sizeof(struct xen_feature_info) == 8, "xen_feature_info");

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

struct evtchn_alloc_unbound {
	uint16_t dom, remote_dom;
	uint32_t port; /* out */
};
_Static_assert(sizeof(struct evtchn_alloc_unbound) == 8, "alloc_unbound");

struct evtchn_bind_virq {
	uint32_t virq, vcpu;
	uint32_t port; /* out */
};
_Static_assert(sizeof(struct evtchn_bind_virq) == 12, "bind_virq");

struct evtchn_bind_ipi {
	uint32_t vcpu;
	uint32_t port; /* out */
};
_Static_assert(sizeof(struct evtchn_bind_ipi) == 8, "bind_ipi");

/* close, send and unmask take just the port. */
struct evtchn_port_arg {
	uint32_t port;
};

struct evtchn_status {
	uint16_t dom;
	uint16_t pad;
	uint32_t port;
	uint32_t status; /* out: EVTCHNSTAT_* */
	uint32_t vcpu;	 /* out */
	union {
		struct {
			uint16_t dom;
		} unbound;
		uint32_t virq;
		uint8_t raw[8];
	} u;
};
_Static_assert(sizeof(struct evtchn_status) == 24, "evtchn_status");

/* VCPUOP_set_singleshot_timer: an absolute system time. */
struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns;
	uint32_t flags; /* VCPU_SSHOTTMR_* */
	uint32_t pad;
};
_Static_assert(sizeof(struct vcpu_set_singleshot_timer) == 16,
	       "vcpu_set_singleshot_timer");

/* SCHEDOP_poll: the ports pointer is the caller's word size. */
struct sched_poll_64 {
	uint64_t ports;
	uint32_t nr_ports;
	uint32_t pad;
	uint64_t timeout;
};
_Static_assert(sizeof(struct sched_poll_64) == 24, "sched_poll_64");

struct sched_poll_32 {
	uint32_t ports;
	uint32_t nr_ports;
	uint64_t timeout;
} __attribute__((packed, aligned(4)));
_Static_assert(sizeof(struct sched_poll_32) == 16, "sched_poll_32");

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

struct vcpu_register_vcpu_info {
	uint64_t mfn;
	uint32_t offset;
	uint32_t rsvd;
};
_Static_assert(sizeof(struct vcpu_register_vcpu_info) == 16,
	       "vcpu_register_vcpu_info");

#endif /* !__ASSEMBLER__ */

#endif /* XHVM_XEN_H */
