/*
 * Pins for public/arch-x86/hvm/start_info.h, elfnote.h, io/console.h,
 * io/xs_wire.h (xen/include/public/ unless a group says otherwise).
 */
#include "pins.h"

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

void pin_boot_io(void)
{
	PIN("public/arch-x86/hvm/start_info.h", start_info_h);
	PIN("public/elfnote.h", elfnote_h);
	S(XEN_ELFNOTE_NAME, "Xen", "public/elfnote.h");
	PIN("public/io/console.h", console_h);
	PIN("public/io/xs_wire.h", xs_wire_h);
	check_xsd_errors();
}
