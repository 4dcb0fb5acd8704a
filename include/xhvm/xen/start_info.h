/*
 * What a PVH guest finds at boot, from Xen's
 * public/arch-x86/hvm/start_info.h: %ebx points at struct hvm_start_info
 * (docs/misc/pvh.pandoc). Every field has a fixed size and offset, so
 * 32- and 64-bit code share one layout. An address of 0 means "none".
 */
#ifndef XHVM_XEN_START_INFO_H
#define XHVM_XEN_START_INFO_H

/* hvm_start_info.magic: "xEn3" with bit 7 of the 'E' set. */
#define XEN_HVM_START_MAGIC_VALUE 0x336ec578

/* hvm_memmap_table_entry.type: the ACPI address range types. */
#define XEN_HVM_MEMMAP_TYPE_RAM	     1
#define XEN_HVM_MEMMAP_TYPE_RESERVED 2
#define XEN_HVM_MEMMAP_TYPE_ACPI     3
#define XEN_HVM_MEMMAP_TYPE_NVS	     4
#define XEN_HVM_MEMMAP_TYPE_UNUSABLE 5
#define XEN_HVM_MEMMAP_TYPE_DISABLED 6
#define XEN_HVM_MEMMAP_TYPE_PMEM     7

/* hvm_start_info.flags: the SIF_* flags of PV's start_info, public/xen.h. */
#define SIF_PRIVILEGED	    (1 << 0)
#define SIF_INITDOMAIN	    (1 << 1)
#define SIF_MULTIBOOT_MOD   (1 << 2)
#define SIF_MOD_START_PFN   (1 << 3)
#define SIF_VIRT_P2M_4TOOLS (1 << 4)
#define SIF_PM_MASK	    (0xff << 8)

#ifndef __ASSEMBLER__

#include <stdint.h>

/* Version 0 ends at memmap_paddr (40 bytes); version 1 is 56. */
struct hvm_start_info {
	uint32_t magic; /* XEN_HVM_START_MAGIC_VALUE */
	uint32_t version;
	uint32_t flags; /* SIF_* */
	uint32_t nr_modules;
	uint64_t modlist_paddr; /* struct hvm_modlist_entry[nr_modules] */
	uint64_t cmdline_paddr; /* NUL-terminated */
	uint64_t rsdp_paddr;	/* ACPI RSDP */
	uint64_t memmap_paddr;	/* version 1: hvm_memmap_table_entry[] */
	uint32_t memmap_entries;
	uint32_t reserved; /* 0 */
};
_Static_assert(sizeof(struct hvm_start_info) == 56, "hvm_start_info");
_Static_assert(__builtin_offsetof(struct hvm_start_info, modlist_paddr) == 16,
	       "hvm_start_info.modlist_paddr");
_Static_assert(__builtin_offsetof(struct hvm_start_info, memmap_paddr) == 40,
	       "hvm_start_info.memmap_paddr");

struct hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size; /* bytes */
	uint64_t cmdline_paddr;
	uint64_t reserved;
};
_Static_assert(sizeof(struct hvm_modlist_entry) == 32, "hvm_modlist_entry");

struct hvm_memmap_table_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type; /* XEN_HVM_MEMMAP_TYPE_* */
	uint32_t reserved;
};
_Static_assert(sizeof(struct hvm_memmap_table_entry) == 24,
	       "hvm_memmap_table_entry");

#endif /* !__ASSEMBLER__ */

#endif /* XHVM_XEN_START_INFO_H */
