/*
 * xhvm's Xen ABI, pinned: every number, structure size and member offset
 * that include/xhvm/xen/ defines, checked against the value a guest built
 * with Xen's own headers sees. The right-hand values are written out by
 * hand from Xen's headers (xen/include/public/... unless a group says
 * otherwise), never derived from xhvm's definitions. _64 forms hold a
 * 64-bit x86 guest's layout, _32 forms a 32-bit guest's (Xen's compat
 * layout: 4-byte pointers, xen_ulong_t and uint64_t alignment).
 *
 * tests/abi-coverage.sh fails if a definition has no pin here.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "xhvm/xen.h"

struct pin {
	const char *what;
	uint64_t ours, xen;
};

/* A macro's value, a type's size, a member's offset: ours, then Xen's. */
#define N(name, v)                                                  \
	{                                                           \
		.what = #name, .ours = (uint64_t)(name), .xen = (v) \
	}
#define SIZE(type, v)                                                         \
	{                                                                     \
		.what = "sizeof(" #type ")", .ours = sizeof(type), .xen = (v) \
	}
#define OFFSET(type, member, v)                             \
	{                                                   \
		.what = "offsetof(" #type ", " #member ")", \
		.ours = offsetof(type, member), .xen = (v)  \
	}

/* A string macro: the same bytes, the same length. */
#define S(name, xen, header)                                                  \
	check(sizeof(name) == sizeof(xen) && !memcmp(name, xen, sizeof(xen)), \
	      "%s: %s = \"%s\", Xen \"%s\"", header, #name, name, xen)

static void show(char *buf, size_t n, uint64_t v)
{
	if ((int64_t)v < 0 && (int64_t)v > -4096)
		snprintf(buf, n, "%lld", (long long)(int64_t)v);
	else if (v < 0x100)
		snprintf(buf, n, "%llu", (unsigned long long)v);
	else
		snprintf(buf, n, "%#llx", (unsigned long long)v);
}

static void pin_all(const char *header, const struct pin *p, size_t n)
{
	char ours[32], xen[32];

	for (size_t i = 0; i < n; i++) {
		show(ours, sizeof(ours), p[i].ours);
		show(xen, sizeof(xen), p[i].xen);
		check(p[i].ours == p[i].xen, "%s: %s = %s, Xen %s", header,
		      p[i].what, ours, xen);
	}
}

#define PIN(header, table) \
	pin_all(header, table, sizeof(table) / sizeof((table)[0]))

/* ---- public/xen.h -------------------------------------------------- */

static const struct pin xen_h[] = {
	/* docs/guest-guide/x86/hypercall-abi.rst: 32-byte stubs, 1 page. */
	N(XEN_HYPERCALL_STUB_SIZE, 32),
	N(XEN_HYPERCALL_STUBS, 128),

	N(__HYPERVISOR_set_trap_table, 0),
	N(__HYPERVISOR_mmu_update, 1),
	N(__HYPERVISOR_set_gdt, 2),
	N(__HYPERVISOR_stack_switch, 3),
	N(__HYPERVISOR_set_callbacks, 4),
	N(__HYPERVISOR_fpu_taskswitch, 5),
	N(__HYPERVISOR_sched_op_compat, 6),
	N(__HYPERVISOR_platform_op, 7),
	N(__HYPERVISOR_set_debugreg, 8),
	N(__HYPERVISOR_get_debugreg, 9),
	N(__HYPERVISOR_update_descriptor, 10),
	N(__HYPERVISOR_memory_op, 12),
	N(__HYPERVISOR_multicall, 13),
	N(__HYPERVISOR_update_va_mapping, 14),
	N(__HYPERVISOR_set_timer_op, 15),
	N(__HYPERVISOR_event_channel_op_compat, 16),
	N(__HYPERVISOR_xen_version, 17),
	N(__HYPERVISOR_console_io, 18),
	N(__HYPERVISOR_physdev_op_compat, 19),
	N(__HYPERVISOR_grant_table_op, 20),
	N(__HYPERVISOR_vm_assist, 21),
	N(__HYPERVISOR_update_va_mapping_otherdomain, 22),
	N(__HYPERVISOR_iret, 23),
	N(__HYPERVISOR_vcpu_op, 24),
	N(__HYPERVISOR_set_segment_base, 25),
	N(__HYPERVISOR_mmuext_op, 26),
	N(__HYPERVISOR_xsm_op, 27),
	N(__HYPERVISOR_nmi_op, 28),
	N(__HYPERVISOR_sched_op, 29),
	N(__HYPERVISOR_callback_op, 30),
	N(__HYPERVISOR_xenoprof_op, 31),
	N(__HYPERVISOR_event_channel_op, 32),
	N(__HYPERVISOR_physdev_op, 33),
	N(__HYPERVISOR_hvm_op, 34),
	N(__HYPERVISOR_sysctl, 35),
	N(__HYPERVISOR_domctl, 36),
	N(__HYPERVISOR_kexec_op, 37),
	N(__HYPERVISOR_tmem_op, 38),
	N(__HYPERVISOR_argo_op, 39),
	N(__HYPERVISOR_xenpmu_op, 40),
	N(__HYPERVISOR_dm_op, 41),
	N(__HYPERVISOR_hypfs_op, 42),
	N(__HYPERVISOR_arch_0, 48),
	N(__HYPERVISOR_arch_1, 49),
	N(__HYPERVISOR_arch_2, 50),
	N(__HYPERVISOR_arch_3, 51),
	N(__HYPERVISOR_arch_4, 52),
	N(__HYPERVISOR_arch_5, 53),
	N(__HYPERVISOR_arch_6, 54),
	N(__HYPERVISOR_arch_7, 55),

	N(CONSOLEIO_write, 0),
	N(CONSOLEIO_read, 1),

	N(VIRQ_TIMER, 0),
	N(VIRQ_DEBUG, 1),
	N(VIRQ_CONSOLE, 2),
	N(VIRQ_DOM_EXC, 3),
	N(VIRQ_TBUF, 4),
	N(VIRQ_DEBUGGER, 6),
	N(VIRQ_XENOPROF, 7),
	N(VIRQ_CON_RING, 8),
	N(VIRQ_PCPU_STATE, 9),
	N(VIRQ_MEM_EVENT, 10),
	N(VIRQ_ARGO, 11),
	N(VIRQ_ENOMEM, 12),
	N(VIRQ_XENPMU, 13),
	N(VIRQ_ARCH_0, 16),
	N(VIRQ_ARCH_1, 17),
	N(VIRQ_ARCH_2, 18),
	N(VIRQ_ARCH_3, 19),
	N(VIRQ_ARCH_4, 20),
	N(VIRQ_ARCH_5, 21),
	N(VIRQ_ARCH_6, 22),
	N(VIRQ_ARCH_7, 23),
	N(NR_VIRQS, 24),

	N(VMASST_CMD_enable, 0),
	N(VMASST_CMD_disable, 1),
	N(VMASST_TYPE_4gb_segments, 0),
	N(VMASST_TYPE_4gb_segments_notify, 1),
	N(VMASST_TYPE_writable_pagetables, 2),
	N(VMASST_TYPE_pae_extended_cr3, 3),
	N(VMASST_TYPE_architectural_iopl, 4),
	N(VMASST_TYPE_runstate_update_flag, 5),
	N(VMASST_TYPE_m2p_strict, 32),

	N(DOMID_FIRST_RESERVED, 0x7ff0),
	N(DOMID_SELF, 0x7ff0),
	N(DOMID_IO, 0x7ff1),
	N(DOMID_XEN, 0x7ff2),
	N(DOMID_COW, 0x7ff3),
	N(DOMID_INVALID, 0x7ff4),
	N(DOMID_ANY, 0x7ff5),
	N(DOMID_IDLE, 0x7fff),
	N(DOMID_MASK, 0x7fff),

	N(XEN_PVCLOCK_TSC_STABLE_BIT, 1),
	N(XEN_PVCLOCK_GUEST_STOPPED, 2),

	/* public/arch-x86/xen.h */
	N(XEN_LEGACY_MAX_VCPUS, 32),
	N(XEN_HVM_DEBUGCONS_IOPORT, 0xe9),

	/*
	 * Offsets in vcpu_info and shared_info, worked out from Xen's
	 * struct vcpu_info and struct shared_info with xen_ulong_t 8 or 4
	 * bytes: 32 vcpu_infos of 64 bytes, then 8 * sizeof(xen_ulong_t)
	 * pending words and as many mask words, then the wall clock.
	 */
	N(XEN_VCPU_INFO_SIZE, 64),
	N(XEN_VCPU_INFO_UPCALL_PENDING, 0),
	N(XEN_VCPU_INFO_UPCALL_MASK, 1),
	N(XEN_VCPU_INFO64_EVTCHN_PENDING_SEL, 8),
	N(XEN_VCPU_INFO32_EVTCHN_PENDING_SEL, 4),
	N(XEN_VCPU_INFO_TIME, 32),
	N(XEN_SHINFO64_EVTCHN_PENDING, 0x800),
	N(XEN_SHINFO64_EVTCHN_MASK, 0xa00),
	N(XEN_SHINFO64_WALLCLOCK, 0xc00),
	N(XEN_SHINFO64_WC_SEC_HI, 0xc0c),
	N(XEN_SHINFO32_EVTCHN_PENDING, 0x800),
	N(XEN_SHINFO32_EVTCHN_MASK, 0x880),
	N(XEN_SHINFO32_WALLCLOCK, 0x900),
	N(XEN_SHINFO32_WC_SEC_HI, 0x924),
};

static const struct pin xen_h_structs[] = {
	SIZE(struct vcpu_time_info, 32),
	OFFSET(struct vcpu_time_info, version, 0),
	OFFSET(struct vcpu_time_info, pad0, 4),
	OFFSET(struct vcpu_time_info, tsc_timestamp, 8),
	OFFSET(struct vcpu_time_info, system_time, 16),
	OFFSET(struct vcpu_time_info, tsc_to_system_mul, 24),
	OFFSET(struct vcpu_time_info, tsc_shift, 28),
	OFFSET(struct vcpu_time_info, flags, 29),
	OFFSET(struct vcpu_time_info, pad1, 30),

	/* shared_info's wc_version, wc_sec, wc_nsec, as one record. */
	SIZE(struct xen_wallclock, 12),
	OFFSET(struct xen_wallclock, wc_version, 0),
	OFFSET(struct xen_wallclock, wc_sec, 4),
	OFFSET(struct xen_wallclock, wc_nsec, 8),

	/* public/arch-x86/xen-x86_64.h: cr2, pad (unsigned long). */
	SIZE(struct arch_vcpu_info_64, 16),
	OFFSET(struct arch_vcpu_info_64, cr2, 0),
	OFFSET(struct arch_vcpu_info_64, pad, 8),
	/* public/arch-x86/xen-x86_32.h: cr2, pad[5] (unsigned long). */
	SIZE(struct arch_vcpu_info_32, 24),
	OFFSET(struct arch_vcpu_info_32, cr2, 0),
	OFFSET(struct arch_vcpu_info_32, pad, 4),

	SIZE(struct vcpu_info_64, 64),
	OFFSET(struct vcpu_info_64, evtchn_upcall_pending, 0),
	OFFSET(struct vcpu_info_64, evtchn_upcall_mask, 1),
	OFFSET(struct vcpu_info_64, pad0, 2),
	OFFSET(struct vcpu_info_64, evtchn_pending_sel, 8),
	OFFSET(struct vcpu_info_64, arch, 16),
	OFFSET(struct vcpu_info_64, time, 32),
	SIZE(struct vcpu_info_32, 64),
	OFFSET(struct vcpu_info_32, evtchn_upcall_pending, 0),
	OFFSET(struct vcpu_info_32, evtchn_upcall_mask, 1),
	OFFSET(struct vcpu_info_32, pad0, 2),
	OFFSET(struct vcpu_info_32, evtchn_pending_sel, 4),
	OFFSET(struct vcpu_info_32, arch, 8),
	OFFSET(struct vcpu_info_32, time, 32),

	/* public/arch-x86/xen.h: six unsigned longs, plus wc_sec_hi on i386. */
	SIZE(struct arch_shared_info_64, 48),
	OFFSET(struct arch_shared_info_64, max_pfn, 0),
	OFFSET(struct arch_shared_info_64, pfn_to_mfn_frame_list_list, 8),
	OFFSET(struct arch_shared_info_64, nmi_reason, 16),
	OFFSET(struct arch_shared_info_64, p2m_cr3, 24),
	OFFSET(struct arch_shared_info_64, p2m_vaddr, 32),
	OFFSET(struct arch_shared_info_64, p2m_generation, 40),
	SIZE(struct arch_shared_info_32, 28),
	OFFSET(struct arch_shared_info_32, max_pfn, 0),
	OFFSET(struct arch_shared_info_32, pfn_to_mfn_frame_list_list, 4),
	OFFSET(struct arch_shared_info_32, nmi_reason, 8),
	OFFSET(struct arch_shared_info_32, p2m_cr3, 12),
	OFFSET(struct arch_shared_info_32, p2m_vaddr, 16),
	OFFSET(struct arch_shared_info_32, p2m_generation, 20),
	OFFSET(struct arch_shared_info_32, wc_sec_hi, 24),

	SIZE(struct shared_info_64, 0xc40),
	OFFSET(struct shared_info_64, vcpu_info, 0),
	OFFSET(struct shared_info_64, vcpu_info[1], 64),
	OFFSET(struct shared_info_64, evtchn_pending, 0x800),
	OFFSET(struct shared_info_64, evtchn_mask, 0xa00),
	OFFSET(struct shared_info_64, wc_version, 0xc00),
	OFFSET(struct shared_info_64, wc_sec, 0xc04),
	OFFSET(struct shared_info_64, wc_nsec, 0xc08),
	OFFSET(struct shared_info_64, wc_sec_hi, 0xc0c),
	OFFSET(struct shared_info_64, arch, 0xc10),
	SIZE(struct shared_info_32, 0x928),
	OFFSET(struct shared_info_32, vcpu_info, 0),
	OFFSET(struct shared_info_32, vcpu_info[1], 64),
	OFFSET(struct shared_info_32, evtchn_pending, 0x800),
	OFFSET(struct shared_info_32, evtchn_mask, 0x880),
	OFFSET(struct shared_info_32, wc_version, 0x900),
	OFFSET(struct shared_info_32, wc_sec, 0x904),
	OFFSET(struct shared_info_32, wc_nsec, 0x908),
	OFFSET(struct shared_info_32, arch, 0x90c),
	OFFSET(struct shared_info_32, arch.wc_sec_hi, 0x924),
};

/* ---- public/errno.h ------------------------------------------------ */

static const struct pin errno_h[] = {
	N(XEN_EPERM, 1),
	N(XEN_ENOENT, 2),
	N(XEN_ESRCH, 3),
	N(XEN_EINTR, 4),
	N(XEN_EIO, 5),
	N(XEN_ENXIO, 6),
	N(XEN_E2BIG, 7),
	N(XEN_ENOEXEC, 8),
	N(XEN_EBADF, 9),
	N(XEN_ECHILD, 10),
	N(XEN_EAGAIN, 11),
	N(XEN_EWOULDBLOCK, 11),
	N(XEN_ENOMEM, 12),
	N(XEN_EACCES, 13),
	N(XEN_EFAULT, 14),
	N(XEN_EBUSY, 16),
	N(XEN_EEXIST, 17),
	N(XEN_EXDEV, 18),
	N(XEN_ENODEV, 19),
	N(XEN_ENOTDIR, 20),
	N(XEN_EISDIR, 21),
	N(XEN_EINVAL, 22),
	N(XEN_ENFILE, 23),
	N(XEN_EMFILE, 24),
	N(XEN_ENOSPC, 28),
	N(XEN_EROFS, 30),
	N(XEN_EMLINK, 31),
	N(XEN_EDOM, 33),
	N(XEN_ERANGE, 34),
	N(XEN_EDEADLK, 35),
	N(XEN_EDEADLOCK, 35),
	N(XEN_ENAMETOOLONG, 36),
	N(XEN_ENOLCK, 37),
	N(XEN_ENOSYS, 38),
	N(XEN_ENOTEMPTY, 39),
	N(XEN_ENODATA, 61),
	N(XEN_ETIME, 62),
	N(XEN_EBADMSG, 74),
	N(XEN_EOVERFLOW, 75),
	N(XEN_EILSEQ, 84),
	N(XEN_ENOTSOCK, 88),
	N(XEN_EMSGSIZE, 90),
	N(XEN_EOPNOTSUPP, 95),
	N(XEN_EADDRINUSE, 98),
	N(XEN_EADDRNOTAVAIL, 99),
	N(XEN_ENOBUFS, 105),
	N(XEN_EISCONN, 106),
	N(XEN_ENOTCONN, 107),
	N(XEN_ETIMEDOUT, 110),
	N(XEN_ECONNREFUSED, 111),
};

/* ---- public/arch-x86/cpuid.h --------------------------------------- */

static const struct pin cpuid_h[] = {
	N(XEN_CPUID_FIRST_LEAF, 0x40000000),
	N(XEN_CPUID_LEAF(3), 0x40000003),
	/* xhvm's scan: every 0x100 from the first leaf, as Linux scans. */
	N(XEN_CPUID_FIRST_BASE, 0x40000000),
	N(XEN_CPUID_LAST_BASE, 0x4000ff00),
	N(XEN_CPUID_BASE_STEP, 0x100),
	N(XEN_CPUID_SIGNATURE_EBX, 0x566e6558),
	N(XEN_CPUID_SIGNATURE_ECX, 0x65584d4d),
	N(XEN_CPUID_SIGNATURE_EDX, 0x4d4d566e),
	N(XEN_CPUID_MAX_NUM_LEAVES, 5),
	/* Xen's "Leaf 2 (0x40000x01)" and on: offsets 1 to 4. */
	N(XEN_CPUID_LEAF_VERSION, 1),
	N(XEN_CPUID_LEAF_HYPERCALL, 2),
	N(XEN_CPUID_LEAF_TIME, 3),
	N(XEN_CPUID_LEAF_HVM, 4),
	N(XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD, 1),
	N(XEN_CPUID_TSC_EMULATED, 1),
	N(XEN_CPUID_HOST_TSC_RELIABLE, 2),
	N(XEN_CPUID_RDTSCP_INSTR_AVAIL, 4),
	N(XEN_CPUID_TSC_MODE_DEFAULT, 0),
	N(XEN_CPUID_TSC_MODE_ALWAYS_EMULATE, 1),
	N(XEN_CPUID_TSC_MODE_NEVER_EMULATE, 2),
	N(XEN_CPUID_TSC_MODE_PVRDTSCP, 3),
	N(XEN_HVM_CPUID_APIC_ACCESS_VIRT, 0x01),
	N(XEN_HVM_CPUID_X2APIC_VIRT, 0x02),
	N(XEN_HVM_CPUID_IOMMU_MAPPINGS, 0x04),
	N(XEN_HVM_CPUID_VCPU_ID_PRESENT, 0x08),
	N(XEN_HVM_CPUID_DOMID_PRESENT, 0x10),
	N(XEN_HVM_CPUID_EXT_DEST_ID, 0x20),
	N(XEN_HVM_CPUID_UPCALL_VECTOR, 0x40),
	N(XEN_CPUID_MACHINE_ADDRESS_WIDTH_MASK, 0xff),
};

/* ---- public/features.h --------------------------------------------- */

static const struct pin features_h[] = {
	N(XENFEAT_writable_page_tables, 0),
	N(XENFEAT_writable_descriptor_tables, 1),
	N(XENFEAT_auto_translated_physmap, 2),
	N(XENFEAT_supervisor_mode_kernel, 3),
	N(XENFEAT_pae_pgdir_above_4gb, 4),
	N(XENFEAT_mmu_pt_update_preserve_ad, 5),
	N(XENFEAT_highmem_assist, 6),
	N(XENFEAT_gnttab_map_avail_bits, 7),
	N(XENFEAT_hvm_callback_vector, 8),
	N(XENFEAT_hvm_safe_pvclock, 9),
	N(XENFEAT_hvm_pirqs, 10),
	N(XENFEAT_dom0, 11),
	N(XENFEAT_memory_op_vnode_supported, 13),
	N(XENFEAT_ARM_SMCCC_supported, 14),
	N(XENFEAT_linux_rsdp_unrestricted, 15),
	N(XENFEAT_not_direct_mapped, 16),
	N(XENFEAT_direct_mapped, 17),
	N(XENFEAT_runstate_phys_area, 18),
	N(XENFEAT_vcpu_time_phys_area, 19),
	N(XENFEAT_dm_msix_all_writes, 20),
	N(XENFEAT_NR_SUBMAPS, 1),
};

/* ---- public/version.h ---------------------------------------------- */

static const struct pin version_h[] = {
	N(XENVER_version, 0),
	N(XENVER_extraversion, 1),
	N(XENVER_compile_info, 2),
	N(XENVER_capabilities, 3),
	N(XENVER_changeset, 4),
	N(XENVER_platform_parameters, 5),
	N(XENVER_get_features, 6),
	N(XENVER_pagesize, 7),
	N(XENVER_guest_handle, 8),
	N(XENVER_commandline, 9),
	N(XENVER_build_id, 10),
	N(XENVER_extraversion2, 11),
	N(XENVER_capabilities2, 12),
	N(XENVER_changeset2, 13),
	N(XENVER_commandline2, 14),
	/* sizeof(xen_extraversion_t), (xen_capabilities_info_t) and on. */
	N(XEN_EXTRAVERSION_LEN, 16),
	N(XEN_CAPABILITIES_INFO_LEN, 1024),
	N(XEN_CHANGESET_INFO_LEN, 64),
	N(XEN_CAPABILITIES_LEN, 1024),
	N(XEN_CHANGESET_LEN, 64),
	N(XEN_COMMANDLINE_LEN, 1024),
	/* The x86 page size XENVER_pagesize reports. */
	N(XEN_PAGESIZE, 4096),

	SIZE(struct xen_compile_info, 144),
	OFFSET(struct xen_compile_info, compiler, 0),
	OFFSET(struct xen_compile_info, compile_by, 64),
	OFFSET(struct xen_compile_info, compile_domain, 80),
	OFFSET(struct xen_compile_info, compile_date, 112),
	SIZE(struct xen_platform_parameters_64, 8),
	OFFSET(struct xen_platform_parameters_64, virt_start, 0),
	SIZE(struct xen_platform_parameters_32, 4),
	OFFSET(struct xen_platform_parameters_32, virt_start, 0),
	SIZE(struct xen_feature_info, 8),
	OFFSET(struct xen_feature_info, submap_idx, 0),
	OFFSET(struct xen_feature_info, submap, 4),
	SIZE(struct xen_build_id, 4),
	OFFSET(struct xen_build_id, len, 0),
	OFFSET(struct xen_build_id, buf, 4),
	SIZE(struct xen_varbuf, 4),
	OFFSET(struct xen_varbuf, len, 0),
	OFFSET(struct xen_varbuf, buf, 4),
};

/* ---- public/sched.h ------------------------------------------------ */

static const struct pin sched_h[] = {
	N(SCHEDOP_yield, 0),
	N(SCHEDOP_block, 1),
	N(SCHEDOP_shutdown, 2),
	N(SCHEDOP_poll, 3),
	N(SCHEDOP_remote_shutdown, 4),
	N(SCHEDOP_shutdown_code, 5),
	N(SCHEDOP_watchdog, 6),
	N(SCHEDOP_pin_override, 7),
	N(SHUTDOWN_poweroff, 0),
	N(SHUTDOWN_reboot, 1),
	N(SHUTDOWN_suspend, 2),
	N(SHUTDOWN_crash, 3),
	N(SHUTDOWN_watchdog, 4),
	N(SHUTDOWN_soft_reset, 5),
	N(SHUTDOWN_MAX, 5),
	/* xen/common/sched/core.c refuses nr_ports > 128. */
	N(SCHEDOP_POLL_MAX_PORTS, 128),

	SIZE(struct sched_shutdown, 4),
	OFFSET(struct sched_shutdown, reason, 0),
	/* ports is a guest handle: 8 bytes, or 4 in the compat layout. */
	SIZE(struct sched_poll_64, 24),
	OFFSET(struct sched_poll_64, ports, 0),
	OFFSET(struct sched_poll_64, nr_ports, 8),
	OFFSET(struct sched_poll_64, pad, 12),
	OFFSET(struct sched_poll_64, timeout, 16),
	SIZE(struct sched_poll_32, 16),
	OFFSET(struct sched_poll_32, ports, 0),
	OFFSET(struct sched_poll_32, nr_ports, 4),
	OFFSET(struct sched_poll_32, timeout, 8),
	SIZE(struct sched_remote_shutdown, 8),
	OFFSET(struct sched_remote_shutdown, domain_id, 0),
	OFFSET(struct sched_remote_shutdown, pad, 2),
	OFFSET(struct sched_remote_shutdown, reason, 4),
	SIZE(struct sched_watchdog, 8),
	OFFSET(struct sched_watchdog, id, 0),
	OFFSET(struct sched_watchdog, timeout, 4),
	SIZE(struct sched_pin_override, 4),
	OFFSET(struct sched_pin_override, pcpu, 0),
};

/* ---- public/vcpu.h ------------------------------------------------- */

static const struct pin vcpu_h[] = {
	N(VCPUOP_initialise, 0),
	N(VCPUOP_up, 1),
	N(VCPUOP_down, 2),
	N(VCPUOP_is_up, 3),
	N(VCPUOP_get_runstate_info, 4),
	N(VCPUOP_register_runstate_memory_area, 5),
	N(VCPUOP_set_periodic_timer, 6),
	N(VCPUOP_stop_periodic_timer, 7),
	N(VCPUOP_set_singleshot_timer, 8),
	N(VCPUOP_stop_singleshot_timer, 9),
	N(VCPUOP_register_vcpu_info, 10),
	N(VCPUOP_send_nmi, 11),
	N(VCPUOP_get_physid, 12),
	N(VCPUOP_register_vcpu_time_memory_area, 13),
	N(VCPUOP_register_runstate_phys_area, 14),
	N(VCPUOP_register_vcpu_time_phys_area, 15),
	N(RUNSTATE_running, 0),
	N(RUNSTATE_runnable, 1),
	N(RUNSTATE_blocked, 2),
	N(RUNSTATE_offline, 3),
	N(XEN_RUNSTATE_UPDATE, 0x8000000000000000),
	N(VCPU_SSHOTTMR_future, 1),

	/* int state; uint64_t state_entry_time; uint64_t time[4]. */
	SIZE(struct vcpu_runstate_info_64, 48),
	OFFSET(struct vcpu_runstate_info_64, state, 0),
	OFFSET(struct vcpu_runstate_info_64, pad, 4),
	OFFSET(struct vcpu_runstate_info_64, state_entry_time, 8),
	OFFSET(struct vcpu_runstate_info_64, time, 16),
	SIZE(struct vcpu_runstate_info_32, 44),
	OFFSET(struct vcpu_runstate_info_32, state, 0),
	OFFSET(struct vcpu_runstate_info_32, state_entry_time, 4),
	OFFSET(struct vcpu_runstate_info_32, time, 12),
	/* union { handle; pointer; uint64_t p; } addr: 8 bytes always. */
	SIZE(struct vcpu_register_runstate_memory_area_64, 8),
	OFFSET(struct vcpu_register_runstate_memory_area_64, addr, 0),
	SIZE(struct vcpu_register_runstate_memory_area_32, 8),
	OFFSET(struct vcpu_register_runstate_memory_area_32, addr, 0),
	OFFSET(struct vcpu_register_runstate_memory_area_32, pad, 4),
	SIZE(struct vcpu_register_time_memory_area_64, 8),
	OFFSET(struct vcpu_register_time_memory_area_64, addr, 0),
	SIZE(struct vcpu_register_time_memory_area_32, 8),
	OFFSET(struct vcpu_register_time_memory_area_32, addr, 0),
	OFFSET(struct vcpu_register_time_memory_area_32, pad, 4),
	SIZE(struct vcpu_set_periodic_timer, 8),
	OFFSET(struct vcpu_set_periodic_timer, period_ns, 0),
	/* uint64_t timeout_abs_ns; uint32_t flags: 16, or 12 in compat. */
	SIZE(struct vcpu_set_singleshot_timer, 16),
	OFFSET(struct vcpu_set_singleshot_timer, timeout_abs_ns, 0),
	OFFSET(struct vcpu_set_singleshot_timer, flags, 8),
	OFFSET(struct vcpu_set_singleshot_timer, pad, 12),
	SIZE(struct vcpu_set_singleshot_timer_32, 12),
	OFFSET(struct vcpu_set_singleshot_timer_32, timeout_abs_ns, 0),
	OFFSET(struct vcpu_set_singleshot_timer_32, flags, 8),
	SIZE(struct vcpu_register_vcpu_info, 16),
	OFFSET(struct vcpu_register_vcpu_info, mfn, 0),
	OFFSET(struct vcpu_register_vcpu_info, offset, 8),
	OFFSET(struct vcpu_register_vcpu_info, rsvd, 12),
	SIZE(struct vcpu_get_physid, 8),
	OFFSET(struct vcpu_get_physid, phys_id, 0),
};

/* ---- public/hvm/hvm_vcpu.h ----------------------------------------- */

static const struct pin hvm_vcpu_h[] = {
	N(VCPU_HVM_MODE_32B, 0),
	N(VCPU_HVM_MODE_64B, 1),

	SIZE(struct vcpu_hvm_x86_32, 120),
	OFFSET(struct vcpu_hvm_x86_32, eax, 0),
	OFFSET(struct vcpu_hvm_x86_32, ecx, 4),
	OFFSET(struct vcpu_hvm_x86_32, edx, 8),
	OFFSET(struct vcpu_hvm_x86_32, ebx, 12),
	OFFSET(struct vcpu_hvm_x86_32, esp, 16),
	OFFSET(struct vcpu_hvm_x86_32, ebp, 20),
	OFFSET(struct vcpu_hvm_x86_32, esi, 24),
	OFFSET(struct vcpu_hvm_x86_32, edi, 28),
	OFFSET(struct vcpu_hvm_x86_32, eip, 32),
	OFFSET(struct vcpu_hvm_x86_32, eflags, 36),
	OFFSET(struct vcpu_hvm_x86_32, cr0, 40),
	OFFSET(struct vcpu_hvm_x86_32, cr3, 44),
	OFFSET(struct vcpu_hvm_x86_32, cr4, 48),
	OFFSET(struct vcpu_hvm_x86_32, pad1, 52),
	OFFSET(struct vcpu_hvm_x86_32, efer, 56),
	OFFSET(struct vcpu_hvm_x86_32, cs_base, 64),
	OFFSET(struct vcpu_hvm_x86_32, ds_base, 68),
	OFFSET(struct vcpu_hvm_x86_32, ss_base, 72),
	OFFSET(struct vcpu_hvm_x86_32, es_base, 76),
	OFFSET(struct vcpu_hvm_x86_32, tr_base, 80),
	OFFSET(struct vcpu_hvm_x86_32, cs_limit, 84),
	OFFSET(struct vcpu_hvm_x86_32, ds_limit, 88),
	OFFSET(struct vcpu_hvm_x86_32, ss_limit, 92),
	OFFSET(struct vcpu_hvm_x86_32, es_limit, 96),
	OFFSET(struct vcpu_hvm_x86_32, tr_limit, 100),
	OFFSET(struct vcpu_hvm_x86_32, cs_ar, 104),
	OFFSET(struct vcpu_hvm_x86_32, ds_ar, 106),
	OFFSET(struct vcpu_hvm_x86_32, ss_ar, 108),
	OFFSET(struct vcpu_hvm_x86_32, es_ar, 110),
	OFFSET(struct vcpu_hvm_x86_32, tr_ar, 112),
	OFFSET(struct vcpu_hvm_x86_32, pad2, 114),

	SIZE(struct vcpu_hvm_x86_64, 112),
	OFFSET(struct vcpu_hvm_x86_64, rax, 0),
	OFFSET(struct vcpu_hvm_x86_64, rcx, 8),
	OFFSET(struct vcpu_hvm_x86_64, rdx, 16),
	OFFSET(struct vcpu_hvm_x86_64, rbx, 24),
	OFFSET(struct vcpu_hvm_x86_64, rsp, 32),
	OFFSET(struct vcpu_hvm_x86_64, rbp, 40),
	OFFSET(struct vcpu_hvm_x86_64, rsi, 48),
	OFFSET(struct vcpu_hvm_x86_64, rdi, 56),
	OFFSET(struct vcpu_hvm_x86_64, rip, 64),
	OFFSET(struct vcpu_hvm_x86_64, rflags, 72),
	OFFSET(struct vcpu_hvm_x86_64, cr0, 80),
	OFFSET(struct vcpu_hvm_x86_64, cr3, 88),
	OFFSET(struct vcpu_hvm_x86_64, cr4, 96),
	OFFSET(struct vcpu_hvm_x86_64, efer, 104),

	SIZE(struct vcpu_hvm_context, 128),
	OFFSET(struct vcpu_hvm_context, mode, 0),
	OFFSET(struct vcpu_hvm_context, pad, 4),
	OFFSET(struct vcpu_hvm_context, cpu_regs, 8),
	OFFSET(struct vcpu_hvm_context, cpu_regs.x86_64.rip, 72),
	OFFSET(struct vcpu_hvm_context, cpu_regs.x86_32.efer, 64),
};

/* ---- public/event_channel.h ---------------------------------------- */

static const struct pin event_channel_h[] = {
	N(EVTCHNOP_bind_interdomain, 0),
	N(EVTCHNOP_bind_virq, 1),
	N(EVTCHNOP_bind_pirq, 2),
	N(EVTCHNOP_close, 3),
	N(EVTCHNOP_send, 4),
	N(EVTCHNOP_status, 5),
	N(EVTCHNOP_alloc_unbound, 6),
	N(EVTCHNOP_bind_ipi, 7),
	N(EVTCHNOP_bind_vcpu, 8),
	N(EVTCHNOP_unmask, 9),
	N(EVTCHNOP_reset, 10),
	N(EVTCHNOP_init_control, 11),
	N(EVTCHNOP_expand_array, 12),
	N(EVTCHNOP_set_priority, 13),
	N(EVTCHNOP_reset_cont, 14),
	N(EVTCHNSTAT_closed, 0),
	N(EVTCHNSTAT_unbound, 1),
	N(EVTCHNSTAT_interdomain, 2),
	N(EVTCHNSTAT_pirq, 3),
	N(EVTCHNSTAT_virq, 4),
	N(EVTCHNSTAT_ipi, 5),
	N(BIND_PIRQ__WILL_SHARE, 1),
	/* EVTCHN_2L_NR_CHANNELS: sizeof(xen_ulong_t)^2 * 64. */
	N(EVTCHN_2L_NR_CHANNELS_64, 8 * 8 * 64),
	N(EVTCHN_2L_NR_CHANNELS_32, 4 * 4 * 64),
	N(EVTCHN_FIFO_PRIORITY_MAX, 0),
	N(EVTCHN_FIFO_PRIORITY_DEFAULT, 7),
	N(EVTCHN_FIFO_PRIORITY_MIN, 15),
	N(EVTCHN_FIFO_MAX_QUEUES, 16),
	N(EVTCHN_FIFO_PENDING, 31),
	N(EVTCHN_FIFO_MASKED, 30),
	N(EVTCHN_FIFO_LINKED, 29),
	N(EVTCHN_FIFO_BUSY, 28),
	N(EVTCHN_FIFO_LINK_BITS, 17),
	N(EVTCHN_FIFO_LINK_MASK, 0x1ffff),
	N(EVTCHN_FIFO_NR_CHANNELS, 0x20000),
	/* xen/common/event_fifo.c, with 4096-byte pages. */
	N(EVTCHN_FIFO_EVENT_WORDS_PER_PAGE, 1024),
	N(EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES, 128),

	SIZE(event_word_t, 4),
	SIZE(struct evtchn_alloc_unbound, 8),
	OFFSET(struct evtchn_alloc_unbound, dom, 0),
	OFFSET(struct evtchn_alloc_unbound, remote_dom, 2),
	OFFSET(struct evtchn_alloc_unbound, port, 4),
	SIZE(struct evtchn_bind_interdomain, 12),
	OFFSET(struct evtchn_bind_interdomain, remote_dom, 0),
	OFFSET(struct evtchn_bind_interdomain, pad, 2),
	OFFSET(struct evtchn_bind_interdomain, remote_port, 4),
	OFFSET(struct evtchn_bind_interdomain, local_port, 8),
	SIZE(struct evtchn_bind_virq, 12),
	OFFSET(struct evtchn_bind_virq, virq, 0),
	OFFSET(struct evtchn_bind_virq, vcpu, 4),
	OFFSET(struct evtchn_bind_virq, port, 8),
	SIZE(struct evtchn_bind_pirq, 12),
	OFFSET(struct evtchn_bind_pirq, pirq, 0),
	OFFSET(struct evtchn_bind_pirq, flags, 4),
	OFFSET(struct evtchn_bind_pirq, port, 8),
	SIZE(struct evtchn_bind_ipi, 8),
	OFFSET(struct evtchn_bind_ipi, vcpu, 0),
	OFFSET(struct evtchn_bind_ipi, port, 4),
	/* Xen's evtchn_close, evtchn_send and evtchn_unmask. */
	SIZE(struct evtchn_port_arg, 4),
	OFFSET(struct evtchn_port_arg, port, 0),
	SIZE(struct evtchn_status, 24),
	OFFSET(struct evtchn_status, dom, 0),
	OFFSET(struct evtchn_status, pad, 2),
	OFFSET(struct evtchn_status, port, 4),
	OFFSET(struct evtchn_status, status, 8),
	OFFSET(struct evtchn_status, vcpu, 12),
	OFFSET(struct evtchn_status, u, 16),
	OFFSET(struct evtchn_status, u.unbound.dom, 16),
	OFFSET(struct evtchn_status, u.interdomain.dom, 16),
	OFFSET(struct evtchn_status, u.interdomain.port, 20),
	OFFSET(struct evtchn_status, u.pirq, 16),
	OFFSET(struct evtchn_status, u.virq, 16),
	SIZE(struct evtchn_bind_vcpu, 8),
	OFFSET(struct evtchn_bind_vcpu, port, 0),
	OFFSET(struct evtchn_bind_vcpu, vcpu, 4),
	SIZE(struct evtchn_reset, 2),
	OFFSET(struct evtchn_reset, dom, 0),
	SIZE(struct evtchn_init_control, 24),
	OFFSET(struct evtchn_init_control, control_gfn, 0),
	OFFSET(struct evtchn_init_control, offset, 8),
	OFFSET(struct evtchn_init_control, vcpu, 12),
	OFFSET(struct evtchn_init_control, link_bits, 16),
	OFFSET(struct evtchn_init_control, _pad, 17),
	SIZE(struct evtchn_expand_array, 8),
	OFFSET(struct evtchn_expand_array, array_gfn, 0),
	SIZE(struct evtchn_set_priority, 8),
	OFFSET(struct evtchn_set_priority, port, 0),
	OFFSET(struct evtchn_set_priority, priority, 4),
	SIZE(struct evtchn_fifo_control_block, 72),
	OFFSET(struct evtchn_fifo_control_block, ready, 0),
	OFFSET(struct evtchn_fifo_control_block, _rsvd, 4),
	OFFSET(struct evtchn_fifo_control_block, head, 8),
	OFFSET(struct evtchn_fifo_control_block, head[15], 68),
};

/* ---- public/memory.h ----------------------------------------------- */

static const struct pin memory_h[] = {
	N(XENMEM_increase_reservation, 0),
	N(XENMEM_decrease_reservation, 1),
	N(XENMEM_maximum_ram_page, 2),
	N(XENMEM_current_reservation, 3),
	N(XENMEM_maximum_reservation, 4),
	N(XENMEM_machphys_mfn_list, 5),
	N(XENMEM_populate_physmap, 6),
	N(XENMEM_add_to_physmap, 7),
	N(XENMEM_memory_map, 9),
	N(XENMEM_machine_memory_map, 10),
	N(XENMEM_exchange, 11),
	N(XENMEM_machphys_mapping, 12),
	N(XENMEM_set_memory_map, 13),
	N(XENMEM_maximum_gpfn, 14),
	N(XENMEM_remove_from_physmap, 15),
	N(XENMEM_set_pod_target, 16),
	N(XENMEM_get_pod_target, 17),
	N(XENMEM_get_sharing_freed_pages, 18),
	N(XENMEM_get_sharing_shared_pages, 19),
	N(XENMEM_paging_op, 20),
	N(XENMEM_access_op, 21),
	N(XENMEM_sharing_op, 22),
	N(XENMEM_add_to_physmap_batch, 23),
	N(XENMEM_claim_pages, 24),
	N(XENMEM_machphys_compat_mfn_list, 25),
	N(XENMEM_get_vnumainfo, 26),
	N(XENMEM_reserved_device_memory_map, 27),
	N(XENMEM_acquire_resource, 28),
	N(XENMEMF_address_bits(32), 32),
	N(XENMEMF_get_address_bits(0x1234), 0x34),
	N(XENMEMF_node(0), 0x100),
	N(XENMEMF_node(3), 0x400),
	N(XENMEMF_get_node(0x400), 3),
	N(XENMEMF_populate_on_demand, 0x10000),
	N(XENMEMF_exact_node_request, 0x20000),
	N(XENMEMF_exact_node(1), 0x20200),
	N(XENMEMF_vnode, 0x40000),
	N(XENMAPSPACE_shared_info, 0),
	N(XENMAPSPACE_grant_table, 1),
	N(XENMAPSPACE_gmfn, 2),
	N(XENMAPSPACE_gmfn_range, 3),
	N(XENMAPSPACE_gmfn_foreign, 4),
	N(XENMAPSPACE_dev_mmio, 5),
	N(XENMAPIDX_grant_table_status, 0x80000000),

	/*
	 * Guest handles are pointers and xen_ulong_t/xen_pfn_t longs: 8
	 * bytes, 8-aligned, or 4 in the compat layout.
	 */
	SIZE(struct xen_memory_reservation_64, 32),
	OFFSET(struct xen_memory_reservation_64, extent_start, 0),
	OFFSET(struct xen_memory_reservation_64, nr_extents, 8),
	OFFSET(struct xen_memory_reservation_64, extent_order, 16),
	OFFSET(struct xen_memory_reservation_64, mem_flags, 20),
	OFFSET(struct xen_memory_reservation_64, domid, 24),
	OFFSET(struct xen_memory_reservation_64, pad, 26),
	SIZE(struct xen_memory_reservation_32, 20),
	OFFSET(struct xen_memory_reservation_32, extent_start, 0),
	OFFSET(struct xen_memory_reservation_32, nr_extents, 4),
	OFFSET(struct xen_memory_reservation_32, extent_order, 8),
	OFFSET(struct xen_memory_reservation_32, mem_flags, 12),
	OFFSET(struct xen_memory_reservation_32, domid, 16),
	OFFSET(struct xen_memory_reservation_32, pad, 18),
	SIZE(struct xen_memory_map_64, 16),
	OFFSET(struct xen_memory_map_64, nr_entries, 0),
	OFFSET(struct xen_memory_map_64, pad, 4),
	OFFSET(struct xen_memory_map_64, buffer, 8),
	SIZE(struct xen_memory_map_32, 8),
	OFFSET(struct xen_memory_map_32, nr_entries, 0),
	OFFSET(struct xen_memory_map_32, buffer, 4),
	SIZE(struct xen_add_to_physmap_64, 24),
	OFFSET(struct xen_add_to_physmap_64, domid, 0),
	OFFSET(struct xen_add_to_physmap_64, size, 2),
	OFFSET(struct xen_add_to_physmap_64, space, 4),
	OFFSET(struct xen_add_to_physmap_64, idx, 8),
	OFFSET(struct xen_add_to_physmap_64, gpfn, 16),
	SIZE(struct xen_add_to_physmap_32, 16),
	OFFSET(struct xen_add_to_physmap_32, domid, 0),
	OFFSET(struct xen_add_to_physmap_32, size, 2),
	OFFSET(struct xen_add_to_physmap_32, space, 4),
	OFFSET(struct xen_add_to_physmap_32, idx, 8),
	OFFSET(struct xen_add_to_physmap_32, gpfn, 12),
	SIZE(struct xen_add_to_physmap_batch_64, 32),
	OFFSET(struct xen_add_to_physmap_batch_64, domid, 0),
	OFFSET(struct xen_add_to_physmap_batch_64, space, 2),
	OFFSET(struct xen_add_to_physmap_batch_64, size, 4),
	OFFSET(struct xen_add_to_physmap_batch_64, u, 6),
	OFFSET(struct xen_add_to_physmap_batch_64, idxs, 8),
	OFFSET(struct xen_add_to_physmap_batch_64, gpfns, 16),
	OFFSET(struct xen_add_to_physmap_batch_64, errs, 24),
	SIZE(struct xen_add_to_physmap_batch_32, 20),
	OFFSET(struct xen_add_to_physmap_batch_32, domid, 0),
	OFFSET(struct xen_add_to_physmap_batch_32, space, 2),
	OFFSET(struct xen_add_to_physmap_batch_32, size, 4),
	OFFSET(struct xen_add_to_physmap_batch_32, u, 6),
	OFFSET(struct xen_add_to_physmap_batch_32, idxs, 8),
	OFFSET(struct xen_add_to_physmap_batch_32, gpfns, 12),
	OFFSET(struct xen_add_to_physmap_batch_32, errs, 16),
	SIZE(struct xen_remove_from_physmap_64, 16),
	OFFSET(struct xen_remove_from_physmap_64, domid, 0),
	OFFSET(struct xen_remove_from_physmap_64, pad, 2),
	OFFSET(struct xen_remove_from_physmap_64, gpfn, 8),
	SIZE(struct xen_remove_from_physmap_32, 8),
	OFFSET(struct xen_remove_from_physmap_32, domid, 0),
	OFFSET(struct xen_remove_from_physmap_32, pad, 2),
	OFFSET(struct xen_remove_from_physmap_32, gpfn, 4),
};

/* ---- public/hvm/e820.h and xen/arch/x86/include/asm/e820.h ---------- */

static const struct pin e820_h[] = {
	N(HVM_E820_PAGE, 0x90000),
	N(HVM_E820_NR_OFFSET, 0x1e8),
	N(HVM_E820_OFFSET, 0x2d0),
	N(HVM_BELOW_4G_RAM_END, 0xf0000000),
	N(HVM_BELOW_4G_MMIO_START, 0xf0000000),
	N(HVM_BELOW_4G_MMIO_LENGTH, 0x10000000),
	N(E820_RAM, 1),
	N(E820_RESERVED, 2),
	N(E820_ACPI, 3),
	N(E820_NVS, 4),
	N(E820_UNUSABLE, 5),

	SIZE(struct e820entry, 20),
	OFFSET(struct e820entry, addr, 0),
	OFFSET(struct e820entry, size, 8),
	OFFSET(struct e820entry, type, 16),
};

/* ---- public/grant_table.h ------------------------------------------ */

static const struct pin grant_table_h[] = {
	N(GNTTABOP_map_grant_ref, 0),
	N(GNTTABOP_unmap_grant_ref, 1),
	N(GNTTABOP_setup_table, 2),
	N(GNTTABOP_dump_table, 3),
	N(GNTTABOP_transfer, 4),
	N(GNTTABOP_copy, 5),
	N(GNTTABOP_query_size, 6),
	N(GNTTABOP_unmap_and_replace, 7),
	N(GNTTABOP_set_version, 8),
	N(GNTTABOP_get_status_frames, 9),
	N(GNTTABOP_get_version, 10),
	N(GNTTABOP_swap_grant_ref, 11),
	N(GNTTABOP_cache_flush, 12),
	N(GNTTAB_NR_RESERVED_ENTRIES, 8),
	N(GNTTAB_RESERVED_CONSOLE, 0),
	N(GNTTAB_RESERVED_XENSTORE, 1),
	N(GTF_invalid, 0),
	N(GTF_permit_access, 1),
	N(GTF_accept_transfer, 2),
	N(GTF_transitive, 3),
	N(GTF_type_mask, 3),
	N(GTF_readonly, 0x04),
	N(GTF_reading, 0x08),
	N(GTF_writing, 0x10),
	N(GTF_PWT, 0x20),
	N(GTF_PCD, 0x40),
	N(GTF_PAT, 0x80),
	N(GTF_sub_page, 0x100),
	N(GTF_transfer_committed, 0x04),
	N(GTF_transfer_completed, 0x08),
	N(GNTST_okay, 0),
	N(GNTST_general_error, -1),
	N(GNTST_bad_domain, -2),
	N(GNTST_bad_gntref, -3),
	N(GNTST_bad_handle, -4),
	N(GNTST_bad_virt_addr, -5),
	N(GNTST_bad_dev_addr, -6),
	N(GNTST_no_device_space, -7),
	N(GNTST_permission_denied, -8),
	N(GNTST_bad_page, -9),
	N(GNTST_bad_copy_arg, -10),
	N(GNTST_address_too_big, -11),
	N(GNTST_eagain, -12),
	N(GNTST_no_space, -13),

	SIZE(struct grant_entry_v1, 8),
	OFFSET(struct grant_entry_v1, flags, 0),
	OFFSET(struct grant_entry_v1, domid, 2),
	OFFSET(struct grant_entry_v1, frame, 4),
	SIZE(struct grant_entry_header, 4),
	OFFSET(struct grant_entry_header, flags, 0),
	OFFSET(struct grant_entry_header, domid, 2),
	/* domid_t dom; uint32_t nr_frames; int16_t status; handle. */
	SIZE(struct gnttab_setup_table_64, 24),
	OFFSET(struct gnttab_setup_table_64, dom, 0),
	OFFSET(struct gnttab_setup_table_64, pad0, 2),
	OFFSET(struct gnttab_setup_table_64, nr_frames, 4),
	OFFSET(struct gnttab_setup_table_64, status, 8),
	OFFSET(struct gnttab_setup_table_64, pad1, 10),
	OFFSET(struct gnttab_setup_table_64, frame_list, 16),
	SIZE(struct gnttab_setup_table_32, 16),
	OFFSET(struct gnttab_setup_table_32, dom, 0),
	OFFSET(struct gnttab_setup_table_32, pad0, 2),
	OFFSET(struct gnttab_setup_table_32, nr_frames, 4),
	OFFSET(struct gnttab_setup_table_32, status, 8),
	OFFSET(struct gnttab_setup_table_32, pad1, 10),
	OFFSET(struct gnttab_setup_table_32, frame_list, 12),
	SIZE(struct gnttab_query_size, 16),
	OFFSET(struct gnttab_query_size, dom, 0),
	OFFSET(struct gnttab_query_size, pad0, 2),
	OFFSET(struct gnttab_query_size, nr_frames, 4),
	OFFSET(struct gnttab_query_size, max_nr_frames, 8),
	OFFSET(struct gnttab_query_size, status, 12),
	OFFSET(struct gnttab_query_size, pad1, 14),
	SIZE(struct gnttab_set_version, 4),
	OFFSET(struct gnttab_set_version, version, 0),
	SIZE(struct gnttab_get_version, 8),
	OFFSET(struct gnttab_get_version, dom, 0),
	OFFSET(struct gnttab_get_version, pad, 2),
	OFFSET(struct gnttab_get_version, version, 4),
	SIZE(struct gnttab_get_status_frames_64, 16),
	OFFSET(struct gnttab_get_status_frames_64, nr_frames, 0),
	OFFSET(struct gnttab_get_status_frames_64, dom, 4),
	OFFSET(struct gnttab_get_status_frames_64, status, 6),
	OFFSET(struct gnttab_get_status_frames_64, frame_list, 8),
	SIZE(struct gnttab_get_status_frames_32, 12),
	OFFSET(struct gnttab_get_status_frames_32, nr_frames, 0),
	OFFSET(struct gnttab_get_status_frames_32, dom, 4),
	OFFSET(struct gnttab_get_status_frames_32, status, 6),
	OFFSET(struct gnttab_get_status_frames_32, frame_list, 8),
};

/* ---- public/hvm/hvm_op.h ------------------------------------------- */

static const struct pin hvm_op_h[] = {
	N(HVMOP_set_param, 0),
	N(HVMOP_get_param, 1),
	N(HVMOP_flush_tlbs, 5),
	N(HVMOP_pagetable_dying, 9),
	N(HVMOP_get_time, 10),
	N(HVMOP_xentrace, 11),
	N(HVMOP_get_mem_type, 15),
	N(HVMOP_set_evtchn_upcall_vector, 23),
	N(HVMOP_guest_request_vm_event, 24),
	N(HVMOP_altp2m, 25),
	/* enum hvmmem_type_t, in order. */
	N(HVMMEM_ram_rw, 0),
	N(HVMMEM_ram_ro, 1),
	N(HVMMEM_mmio_dm, 2),
	N(HVMMEM_unused, 3),
	N(HVMMEM_ioreq_server, 4),

	SIZE(struct xen_hvm_param, 16),
	OFFSET(struct xen_hvm_param, domid, 0),
	OFFSET(struct xen_hvm_param, pad, 2),
	OFFSET(struct xen_hvm_param, index, 4),
	OFFSET(struct xen_hvm_param, value, 8),
	SIZE(struct xen_hvm_pagetable_dying, 16),
	OFFSET(struct xen_hvm_pagetable_dying, domid, 0),
	OFFSET(struct xen_hvm_pagetable_dying, pad, 2),
	OFFSET(struct xen_hvm_pagetable_dying, gpa, 8),
	SIZE(struct xen_hvm_get_time, 8),
	OFFSET(struct xen_hvm_get_time, now, 0),
	SIZE(struct xen_hvm_get_mem_type, 16),
	OFFSET(struct xen_hvm_get_mem_type, domid, 0),
	OFFSET(struct xen_hvm_get_mem_type, mem_type, 2),
	OFFSET(struct xen_hvm_get_mem_type, pad, 4),
	OFFSET(struct xen_hvm_get_mem_type, pfn, 8),
	/* uint32_t vcpu; uint8_t vector; then tail padding to 8. */
	SIZE(struct xen_hvm_evtchn_upcall_vector, 8),
	OFFSET(struct xen_hvm_evtchn_upcall_vector, vcpu, 0),
	OFFSET(struct xen_hvm_evtchn_upcall_vector, vector, 4),
	OFFSET(struct xen_hvm_evtchn_upcall_vector, pad, 5),
};

/* ---- public/hvm/params.h ------------------------------------------- */

static const struct pin hvm_params_h[] = {
	N(HVM_PARAM_CALLBACK_IRQ, 0),
	N(HVM_PARAM_STORE_PFN, 1),
	N(HVM_PARAM_STORE_EVTCHN, 2),
	N(HVM_PARAM_IOREQ_PFN, 5),
	N(HVM_PARAM_BUFIOREQ_PFN, 6),
	N(HVM_PARAM_VIRIDIAN, 9),
	N(HVM_PARAM_TIMER_MODE, 10),
	N(HVM_PARAM_HPET_ENABLED, 11),
	N(HVM_PARAM_IDENT_PT, 12),
	N(HVM_PARAM_ACPI_S_STATE, 14),
	N(HVM_PARAM_VM86_TSS, 15),
	N(HVM_PARAM_VPT_ALIGN, 16),
	N(HVM_PARAM_CONSOLE_PFN, 17),
	N(HVM_PARAM_CONSOLE_EVTCHN, 18),
	N(HVM_PARAM_ACPI_IOPORTS_LOCATION, 19),
	N(HVM_PARAM_PAGING_RING_PFN, 27),
	N(HVM_PARAM_MONITOR_RING_PFN, 28),
	N(HVM_PARAM_SHARING_RING_PFN, 29),
	N(HVM_PARAM_TRIPLE_FAULT_REASON, 31),
	N(HVM_PARAM_IOREQ_SERVER_PFN, 32),
	N(HVM_PARAM_NR_IOREQ_SERVER_PAGES, 33),
	N(HVM_PARAM_VM_GENERATION_ID_ADDR, 34),
	N(HVM_PARAM_ALTP2M, 35),
	N(HVM_PARAM_X87_FIP_WIDTH, 36),
	N(HVM_PARAM_VM86_TSS_SIZED, 37),
	N(HVM_PARAM_MCA_CAP, 38),
	N(HVM_NR_PARAMS, 39),
	N(HVM_PARAM_CALLBACK_IRQ_TYPE_MASK, 0xff00000000000000),
	/* The lowest set bit of the mask above. */
	N(HVM_PARAM_CALLBACK_TYPE_SHIFT, 56),
	N(HVM_PARAM_CALLBACK_TYPE_GSI, 0),
	N(HVM_PARAM_CALLBACK_TYPE_PCI_INTX, 1),
	N(HVM_PARAM_CALLBACK_TYPE_VECTOR, 2),
	N(HVMPTM_delay_for_missed_ticks, 0),
	N(HVMPTM_no_delay_for_missed_ticks, 1),
	N(HVMPTM_no_missed_ticks_pending, 2),
	N(HVMPTM_one_missed_tick_pending, 3),
	N(XEN_ALTP2M_disabled, 0),
	N(XEN_ALTP2M_mixed, 1),
	N(XEN_ALTP2M_external, 2),
	N(XEN_ALTP2M_limited, 3),
	N(XEN_HVM_MCA_CAP_LMCE, 1),
	N(XEN_HVM_MCA_CAP_MASK, 1),
};

/* ---- public/arch-x86/hvm/start_info.h ------------------------------ */

static const struct pin start_info_h[] = {
	N(XEN_HVM_START_MAGIC_VALUE, 0x336ec578),
	N(XEN_HVM_MEMMAP_TYPE_RAM, 1),
	N(XEN_HVM_MEMMAP_TYPE_RESERVED, 2),
	N(XEN_HVM_MEMMAP_TYPE_ACPI, 3),
	N(XEN_HVM_MEMMAP_TYPE_NVS, 4),
	N(XEN_HVM_MEMMAP_TYPE_UNUSABLE, 5),
	N(XEN_HVM_MEMMAP_TYPE_DISABLED, 6),
	N(XEN_HVM_MEMMAP_TYPE_PMEM, 7),
	/* public/xen.h */
	N(SIF_PRIVILEGED, 0x01),
	N(SIF_INITDOMAIN, 0x02),
	N(SIF_MULTIBOOT_MOD, 0x04),
	N(SIF_MOD_START_PFN, 0x08),
	N(SIF_VIRT_P2M_4TOOLS, 0x10),
	N(SIF_PM_MASK, 0xff00),

	/* The offsets of the header's pictures. */
	SIZE(struct hvm_start_info, 56),
	OFFSET(struct hvm_start_info, magic, 0),
	OFFSET(struct hvm_start_info, version, 4),
	OFFSET(struct hvm_start_info, flags, 8),
	OFFSET(struct hvm_start_info, nr_modules, 12),
	OFFSET(struct hvm_start_info, modlist_paddr, 16),
	OFFSET(struct hvm_start_info, cmdline_paddr, 24),
	OFFSET(struct hvm_start_info, rsdp_paddr, 32),
	OFFSET(struct hvm_start_info, memmap_paddr, 40),
	OFFSET(struct hvm_start_info, memmap_entries, 48),
	OFFSET(struct hvm_start_info, reserved, 52),
	SIZE(struct hvm_modlist_entry, 32),
	OFFSET(struct hvm_modlist_entry, paddr, 0),
	OFFSET(struct hvm_modlist_entry, size, 8),
	OFFSET(struct hvm_modlist_entry, cmdline_paddr, 16),
	OFFSET(struct hvm_modlist_entry, reserved, 24),
	SIZE(struct hvm_memmap_table_entry, 24),
	OFFSET(struct hvm_memmap_table_entry, addr, 0),
	OFFSET(struct hvm_memmap_table_entry, size, 8),
	OFFSET(struct hvm_memmap_table_entry, type, 16),
	OFFSET(struct hvm_memmap_table_entry, reserved, 20),
};

/* ---- public/elfnote.h ---------------------------------------------- */

static const struct pin elfnote_h[] = {
	N(XEN_ELFNOTE_INFO, 0),
	N(XEN_ELFNOTE_ENTRY, 1),
	N(XEN_ELFNOTE_HYPERCALL_PAGE, 2),
	N(XEN_ELFNOTE_VIRT_BASE, 3),
	N(XEN_ELFNOTE_PADDR_OFFSET, 4),
	N(XEN_ELFNOTE_XEN_VERSION, 5),
	N(XEN_ELFNOTE_GUEST_OS, 6),
	N(XEN_ELFNOTE_GUEST_VERSION, 7),
	N(XEN_ELFNOTE_LOADER, 8),
	N(XEN_ELFNOTE_PAE_MODE, 9),
	N(XEN_ELFNOTE_FEATURES, 10),
	N(XEN_ELFNOTE_BSD_SYMTAB, 11),
	N(XEN_ELFNOTE_HV_START_LOW, 12),
	N(XEN_ELFNOTE_L1_MFN_VALID, 13),
	N(XEN_ELFNOTE_SUSPEND_CANCEL, 14),
	N(XEN_ELFNOTE_INIT_P2M, 15),
	N(XEN_ELFNOTE_MOD_START_PFN, 16),
	N(XEN_ELFNOTE_SUPPORTED_FEATURES, 17),
	N(XEN_ELFNOTE_PHYS32_ENTRY, 18),
	N(XEN_ELFNOTE_PHYS32_RELOC, 19),
	N(XEN_ELFNOTE_MAX, 19),
	N(XEN_ELFNOTE_CRASH_INFO, 0x1000001),
	N(XEN_ELFNOTE_CRASH_REGS, 0x1000002),
	N(XEN_ELFNOTE_DUMPCORE_NONE, 0x2000000),
	N(XEN_ELFNOTE_DUMPCORE_HEADER, 0x2000001),
	N(XEN_ELFNOTE_DUMPCORE_XEN_VERSION, 0x2000002),
	N(XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION, 0x2000003),
	/* PHYS32_RELOC's defaults, as the header's comment gives them. */
	N(XEN_ELFNOTE_PHYS32_RELOC_DEFAULT_ALIGN, 0x200000),
	N(XEN_ELFNOTE_PHYS32_RELOC_DEFAULT_MIN, 0),
	N(XEN_ELFNOTE_PHYS32_RELOC_DEFAULT_MAX, 0xffffffff),
	N(XEN_ELFNOTE_PHYS32_RELOC_MIN_P_ALIGN, 0x1000),

	/* Three 32-bit values: align, min, max. */
	SIZE(struct xen_elfnote_phys32_reloc, 12),
	OFFSET(struct xen_elfnote_phys32_reloc, align, 0),
	OFFSET(struct xen_elfnote_phys32_reloc, min, 4),
	OFFSET(struct xen_elfnote_phys32_reloc, max, 8),
};

/* ---- public/io/console.h ------------------------------------------- */

static const struct pin console_h[] = {
	N(XENCONSOLE_CONNECTED, 0),
	N(XENCONSOLE_DISCONNECTED, 1),
	N(MASK_XENCONS_IDX(1027, ((struct xencons_interface *)0)->in), 3),
	N(MASK_XENCONS_IDX(2049, ((struct xencons_interface *)0)->out), 1),

	SIZE(XENCONS_RING_IDX, 4),
	SIZE(struct xencons_interface, 3092),
	OFFSET(struct xencons_interface, in, 0),
	OFFSET(struct xencons_interface, out, 1024),
	OFFSET(struct xencons_interface, in_cons, 3072),
	OFFSET(struct xencons_interface, in_prod, 3076),
	OFFSET(struct xencons_interface, out_cons, 3080),
	OFFSET(struct xencons_interface, out_prod, 3084),
	OFFSET(struct xencons_interface, connection, 3088),
};

/* ---- public/io/xs_wire.h ------------------------------------------- */

static const struct pin xs_wire_h[] = {
	/* enum xsd_sockmsg_type, counted from XS_CONTROL = 0. */
	N(XS_CONTROL, 0),
	N(XS_DEBUG, 0),
	N(XS_DIRECTORY, 1),
	N(XS_READ, 2),
	N(XS_GET_PERMS, 3),
	N(XS_WATCH, 4),
	N(XS_UNWATCH, 5),
	N(XS_TRANSACTION_START, 6),
	N(XS_TRANSACTION_END, 7),
	N(XS_INTRODUCE, 8),
	N(XS_RELEASE, 9),
	N(XS_GET_DOMAIN_PATH, 10),
	N(XS_WRITE, 11),
	N(XS_MKDIR, 12),
	N(XS_RM, 13),
	N(XS_SET_PERMS, 14),
	N(XS_WATCH_EVENT, 15),
	N(XS_ERROR, 16),
	N(XS_IS_DOMAIN_INTRODUCED, 17),
	N(XS_RESUME, 18),
	N(XS_SET_TARGET, 19),
	N(XS_RESET_WATCHES, 21), /* XS_SET_TARGET + 2 */
	N(XS_DIRECTORY_PART, 22),
	N(XS_GET_FEATURE, 23),
	N(XS_SET_FEATURE, 24),
	N(XS_GET_QUOTA, 25),
	N(XS_SET_QUOTA, 26),
	N(XS_TYPE_COUNT, 27),
	N(XS_INVALID, 0xffff),
	N(XS_WATCH_PATH, 0),
	N(XS_WATCH_TOKEN, 1),
	N(XENSTORE_RING_SIZE, 1024),
	N(XENSTORE_PAYLOAD_MAX, 4096),
	N(XENSTORE_ABS_PATH_MAX, 3072),
	N(XENSTORE_REL_PATH_MAX, 2048),
	N(XENSTORE_SERVER_FEATURE_RECONNECTION, 1),
	N(XENSTORE_SERVER_FEATURE_ERROR, 2),
	N(XENSTORE_SERVER_FEATURE_WATCHDEPTH, 4),
	N(XENSTORE_SERVER_FEATURE_DOMID_ANY, 8),
	N(XENSTORE_CONNECTED, 0),
	N(XENSTORE_RECONNECT, 1),
	N(XENSTORE_ERROR_NONE, 0),
	N(XENSTORE_ERROR_COMM, 1),
	N(XENSTORE_ERROR_RINGIDX, 2),
	N(XENSTORE_ERROR_PROTO, 3),
	N(MASK_XENSTORE_IDX(1025), 1),

	SIZE(XENSTORE_RING_IDX, 4),
	SIZE(struct xsd_sockmsg, 16),
	OFFSET(struct xsd_sockmsg, type, 0),
	OFFSET(struct xsd_sockmsg, req_id, 4),
	OFFSET(struct xsd_sockmsg, tx_id, 8),
	OFFSET(struct xsd_sockmsg, len, 12),
	SIZE(struct xenstore_domain_interface, 2080),
	OFFSET(struct xenstore_domain_interface, req, 0),
	OFFSET(struct xenstore_domain_interface, rsp, 1024),
	OFFSET(struct xenstore_domain_interface, req_cons, 2048),
	OFFSET(struct xenstore_domain_interface, req_prod, 2052),
	OFFSET(struct xenstore_domain_interface, rsp_cons, 2056),
	OFFSET(struct xenstore_domain_interface, rsp_prod, 2060),
	OFFSET(struct xenstore_domain_interface, server_features, 2064),
	OFFSET(struct xenstore_domain_interface, connection, 2068),
	OFFSET(struct xenstore_domain_interface, error, 2072),
	OFFSET(struct xenstore_domain_interface, evtchn_port, 2076),
};

/* xs_wire.h's xsd_errors[] table: its names, in its order. */
static void check_xsd_errors(void)
{
#define XSD_NAME(e) #e,
	static const char *const ours[] = {XSD_ERROR_LIST(XSD_NAME)};
#undef XSD_NAME
	static const char *const xen[] = {
		"EINVAL", "EACCES",  "EEXIST",	  "EISDIR", "ENOENT", "ENOMEM",
		"ENOSPC", "EIO",     "ENOTEMPTY", "ENOSYS", "EROFS",  "EBUSY",
		"EAGAIN", "EISCONN", "E2BIG",	  "EPERM"};
	size_t n = sizeof(ours) / sizeof(ours[0]);

	check(n == sizeof(xen) / sizeof(xen[0]),
	      "public/io/xs_wire.h: XSD_ERROR_LIST has %zu names, Xen 16", n);
	for (size_t i = 0; i < n && i < sizeof(xen) / sizeof(xen[0]); i++)
		check(!strcmp(ours[i], xen[i]),
		      "public/io/xs_wire.h: XSD_ERROR_LIST[%zu] = %s, Xen %s",
		      i, ours[i], xen[i]);
}

int main(void)
{
	PIN("public/xen.h", xen_h);
	PIN("public/xen.h", xen_h_structs);
	PIN("public/errno.h", errno_h);
	PIN("public/arch-x86/cpuid.h", cpuid_h);
	PIN("public/features.h", features_h);
	PIN("public/version.h", version_h);
	PIN("public/sched.h", sched_h);
	PIN("public/vcpu.h", vcpu_h);
	PIN("public/hvm/hvm_vcpu.h", hvm_vcpu_h);
	PIN("public/event_channel.h", event_channel_h);
	PIN("public/memory.h", memory_h);
	PIN("public/hvm/e820.h", e820_h);
	PIN("public/grant_table.h", grant_table_h);
	PIN("public/hvm/hvm_op.h", hvm_op_h);
	PIN("public/hvm/params.h", hvm_params_h);
	PIN("public/arch-x86/hvm/start_info.h", start_info_h);
	PIN("public/elfnote.h", elfnote_h);
	S(XEN_ELFNOTE_NAME, "Xen", "public/elfnote.h");
	PIN("public/io/console.h", console_h);
	PIN("public/io/xs_wire.h", xs_wire_h);
	check_xsd_errors();
	return check_summary();
}
