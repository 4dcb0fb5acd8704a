/*
 * Inside the ELF loader (elf.c, elf_notes.c): the header fields xhvm
 * reads, the same whatever the file's class, and the note scan.
 */
#ifndef XHVM_LOAD_ELF_READ_H
#define XHVM_LOAD_ELF_READ_H

#include <elf.h>
#include <string.h>

#include "load/load.h"

/* [off, off + len) lies within size, with no sum that can wrap. */
static inline bool within(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* The fields xhvm uses, whatever the file's class. */
struct ehdr {
	unsigned cls, data, version, type, machine;
	uint64_t entry, phoff;
	unsigned phentsize, phnum;
};
struct phdr {
	uint32_t type, flags;
	uint64_t offset, paddr, filesz, memsz, align;
};

static inline void read_phdr(const uint8_t *p, unsigned cls, struct phdr *ph)
{
	if (cls == ELFCLASS64) {
		Elf64_Phdr e;

		memcpy(&e, p, sizeof(e));
		*ph = (struct phdr){e.p_type,  e.p_flags,  e.p_offset,
				    e.p_paddr, e.p_filesz, e.p_memsz,
				    e.p_align};
	} else {
		Elf32_Phdr e;

		memcpy(&e, p, sizeof(e));
		*ph = (struct phdr){e.p_type,  e.p_flags,  e.p_offset,
				    e.p_paddr, e.p_filesz, e.p_memsz,
				    e.p_align};
	}
}

/*
 * Reads Xen's notes (PHYS32_ENTRY, PHYS32_RELOC) into plan, from every
 * PT_NOTE segment; then, for PVH, where the loads go: plan->linked_at and
 * plan->loaded_at (elf_notes.c).
 */
int elf_scan_notes(const uint8_t *image, size_t size, const struct ehdr *h,
		   struct elf_plan *plan, struct xhvm_error *err);
int elf_pvh_place(const uint8_t *image, const struct ehdr *h, uint64_t ram_size,
		  struct elf_plan *plan, struct xhvm_error *err);

#endif /* XHVM_LOAD_ELF_READ_H */
