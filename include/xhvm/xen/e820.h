/*
 * The memory map, in the PC BIOS E820 format XENMEM_memory_map returns.
 * Xen's public/hvm/e820.h holds only the legacy HVM layout constants; the
 * types and the entry are the BIOS standard's, as Xen spells them in
 * xen/arch/x86/include/asm/e820.h (Xen-internal).
 */
#ifndef XHVM_XEN_E820_H
#define XHVM_XEN_E820_H

/* From public/hvm/e820.h: where hvmloader-era guests found their map. */
#define HVM_E820_PAGE		 0x00090000
#define HVM_E820_NR_OFFSET	 0x000001e8
#define HVM_E820_OFFSET		 0x000002d0
#define HVM_BELOW_4G_RAM_END	 0xf0000000
#define HVM_BELOW_4G_MMIO_START	 HVM_BELOW_4G_RAM_END
#define HVM_BELOW_4G_MMIO_LENGTH ((1ull << 32) - HVM_BELOW_4G_MMIO_START)

/* e820entry.type (xen/arch/x86/include/asm/e820.h). */
#define E820_RAM      1
#define E820_RESERVED 2
#define E820_ACPI     3 /* ACPI tables, reclaimable */
#define E820_NVS      4
#define E820_UNUSABLE 5

#ifndef __ASSEMBLER__

#include <stdint.h>

/* 20 bytes, no padding: entries are packed back to back. */
struct e820entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type; /* E820_* */
} __attribute__((packed));
_Static_assert(sizeof(struct e820entry) == 20, "e820entry");

#endif /* !__ASSEMBLER__ */

#endif /* XHVM_XEN_E820_H */
