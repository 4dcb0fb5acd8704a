/*
 * The ELF notes a guest kernel carries for Xen's domain builder, from
 * Xen's public/elfnote.h. They sit in a PT_NOTE segment, named "Xen";
 * numbers are 4 or 8 bytes as the descriptor size says.
 */
#ifndef XHVM_XEN_ELFNOTE_H
#define XHVM_XEN_ELFNOTE_H

/* xhvm's name for the note name. */
#define XEN_ELFNOTE_NAME "Xen"

#define XEN_ELFNOTE_INFO	       0
#define XEN_ELFNOTE_ENTRY	       1 /* virtual entry point (PV) */
#define XEN_ELFNOTE_HYPERCALL_PAGE     2
#define XEN_ELFNOTE_VIRT_BASE	       3
#define XEN_ELFNOTE_PADDR_OFFSET       4
#define XEN_ELFNOTE_XEN_VERSION	       5
#define XEN_ELFNOTE_GUEST_OS	       6
#define XEN_ELFNOTE_GUEST_VERSION      7
#define XEN_ELFNOTE_LOADER	       8
#define XEN_ELFNOTE_PAE_MODE	       9
#define XEN_ELFNOTE_FEATURES	       10
#define XEN_ELFNOTE_BSD_SYMTAB	       11
#define XEN_ELFNOTE_HV_START_LOW       12
#define XEN_ELFNOTE_L1_MFN_VALID       13
#define XEN_ELFNOTE_SUSPEND_CANCEL     14
#define XEN_ELFNOTE_INIT_P2M	       15
#define XEN_ELFNOTE_MOD_START_PFN      16
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17
#define XEN_ELFNOTE_PHYS32_ENTRY       18 /* 32-bit physical entry (PVH) */
#define XEN_ELFNOTE_PHYS32_RELOC       19 /* the kernel can be moved */
#define XEN_ELFNOTE_MAX		       XEN_ELFNOTE_PHYS32_RELOC

/* Notes in crash dumps, not in guest kernels. */
#define XEN_ELFNOTE_CRASH_INFO		    0x1000001
#define XEN_ELFNOTE_CRASH_REGS		    0x1000002
#define XEN_ELFNOTE_DUMPCORE_NONE	    0x2000000
#define XEN_ELFNOTE_DUMPCORE_HEADER	    0x2000001
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION    0x2000002
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION 0x2000003

/*
 * XEN_ELFNOTE_PHYS32_RELOC's descriptor: up to three 32-bit numbers, in
 * the order of struct xen_elfnote_phys32_reloc; each one left out takes
 * its default. Without an alignment Xen uses the largest p_align of the
 * PT_LOAD headers if that is at least 4 KiB. Values as public/elfnote.h
 * documents them (applied in libelf and hvm/dom0_build.c); xhvm's names.
 */
#define XEN_ELFNOTE_PHYS32_RELOC_DEFAULT_ALIGN 0x200000
#define XEN_ELFNOTE_PHYS32_RELOC_DEFAULT_MIN   0
#define XEN_ELFNOTE_PHYS32_RELOC_DEFAULT_MAX   0xffffffff
#define XEN_ELFNOTE_PHYS32_RELOC_MIN_P_ALIGN   0x1000

#ifndef __ASSEMBLER__

#include <stdint.h>

struct xen_elfnote_phys32_reloc {
	uint32_t align; /* of the image's start */
	uint32_t min;	/* lowest address of the image's start */
	uint32_t max;	/* highest address of its last byte */
};
_Static_assert(sizeof(struct xen_elfnote_phys32_reloc) == 12,
	       "xen_elfnote_phys32_reloc");

#endif /* !__ASSEMBLER__ */

#endif /* XHVM_XEN_ELFNOTE_H */
