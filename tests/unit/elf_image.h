/*
 * For unit tests that build ELF images in memory: the ELF32 header of an
 * x86 executable (ET_EXEC, little-endian, current version), its program
 * headers at phoff.
 */
#ifndef XHVM_TEST_ELF_IMAGE_H
#define XHVM_TEST_ELF_IMAGE_H

#include <elf.h>
#include <stdint.h>
#include <string.h>

static inline void elf32_exec_header(Elf32_Ehdr *eh, unsigned machine,
				     uint32_t entry, uint32_t phoff,
				     unsigned phnum)
{
	memset(eh, 0, sizeof(*eh));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = machine;
	eh->e_version = EV_CURRENT;
	eh->e_entry = entry;
	eh->e_phoff = phoff;
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(Elf32_Phdr);
	eh->e_phnum = phnum;
}

#endif /* XHVM_TEST_ELF_IMAGE_H */
