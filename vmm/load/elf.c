/*
 * The guest image loader: x86 executables (ELF64 x86-64, ELF32 i386, and
 * ELF32 x86-64, how Xen's tools package 64-bit guests that start in 32-bit
 * mode), loaded at their physical addresses. The boot protocol follows
 * from the image: a Xen PHYS32_ENTRY note means PVH (entered in 32-bit
 * flat mode at the note's address; elf_notes.c, which may also move the
 * image as its PHYS32_RELOC note allows), anything else xhvm's own contract
 * (64-bit long mode for ELF64, 32-bit protected mode for ELF32, at
 * e_entry). elf_parse checks everything against the RAM size before any
 * guest memory exists; elf_load only copies. The image is untrusted:
 * every offset and size is checked without overflow.
 */
#include <elf.h>
#include <string.h>

#include "load/elf_read.h"

static void read_ehdr(const uint8_t *image, struct ehdr *h)
{
	h->cls = image[EI_CLASS];
	h->data = image[EI_DATA];
	h->version = image[EI_VERSION];
	if (h->cls == ELFCLASS64) {
		Elf64_Ehdr e;

		memcpy(&e, image, sizeof(e)); /* the image may be unaligned */
		h->type = e.e_type;
		h->machine = e.e_machine;
		h->entry = e.e_entry;
		h->phoff = e.e_phoff;
		h->phentsize = e.e_phentsize;
		h->phnum = e.e_phnum;
	} else {
		Elf32_Ehdr e;

		memcpy(&e, image, sizeof(e));
		h->type = e.e_type;
		h->machine = e.e_machine;
		h->entry = e.e_entry;
		h->phoff = e.e_phoff;
		h->phentsize = e.e_phentsize;
		h->phnum = e.e_phnum;
	}
}

static int check_header(const struct ehdr *h, size_t size,
			struct xhvm_error *err)
{
	bool is64 = h->cls == ELFCLASS64;
	size_t phent = is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);

	if (h->data != ELFDATA2LSB)
		return err_set(err, "not a little-endian ELF file");
	if (h->version != EV_CURRENT)
		return err_set(err, "ELF version %u, expected %u", h->version,
			       EV_CURRENT);
	if (is64 ? h->machine != EM_X86_64
		 : h->machine != EM_386 && h->machine != EM_X86_64)
		return err_set(
			err, "ELF machine %u, but an ELF%s guest must be %s",
			h->machine, is64 ? "64" : "32",
			is64 ? "x86-64 (62)" : "i386 (3) or x86-64 (62)");
	if (h->type != ET_EXEC)
		return err_set(err,
			       "ELF type %u, but xhvm needs ET_EXEC (%u): a "
			       "static executable linked at fixed addresses",
			       h->type, ET_EXEC);
	if (h->phentsize != phent)
		return err_set(err, "program header size %u, expected %zu",
			       h->phentsize, phent);
	if (h->phnum == 0 || h->phnum == PN_XNUM)
		return err_set(err, "%s program headers",
			       h->phnum ? "extended (PN_XNUM)" : "no");
	if (!within(h->phoff, (uint64_t)h->phnum * phent, size))
		return err_set(err, "program headers lie beyond the end of the "
				    "file (truncated?)");
	return 0;
}

static int add_segment(struct elf_plan *plan, unsigned i, const struct phdr *ph,
		       size_t size, uint64_t ram_size, struct xhvm_error *err)
{
	struct elf_segment *s;
	unsigned j;

	if (ph->filesz > ph->memsz)
		return err_set(err,
			       "segment %u: file size 0x%llx exceeds its "
			       "memory size 0x%llx",
			       i, (unsigned long long)ph->filesz,
			       (unsigned long long)ph->memsz);
	if (!within(ph->offset, ph->filesz, size))
		return err_set(err,
			       "segment %u: data at file offset 0x%llx + "
			       "0x%llx lies beyond the end of the file "
			       "(truncated?)",
			       i, (unsigned long long)ph->offset,
			       (unsigned long long)ph->filesz);
	if (ph->paddr < XHVM_GUEST_BASE_GPA)
		return err_set(err,
			       "segment %u at 0x%llx: below 1 MiB, which "
			       "xhvm reserves for its own tables",
			       i, (unsigned long long)ph->paddr);
	if (!within(ph->paddr, ph->memsz, ram_size))
		return err_set(err,
			       "segment %u at 0x%llx, 0x%llx bytes: past "
			       "the end of RAM at 0x%llx (see --mem)",
			       i, (unsigned long long)ph->paddr,
			       (unsigned long long)ph->memsz,
			       (unsigned long long)ram_size);
	/* 32-bit guests start with paging off: 4 GiB is all they reach. */
	if (plan->mode == X86_MODE_32 &&
	    !within(ph->paddr, ph->memsz, 1ull << 32))
		return err_set(err,
			       "segment %u at 0x%llx, 0x%llx bytes: past "
			       "4 GiB, out of a 32-bit guest's reach",
			       i, (unsigned long long)ph->paddr,
			       (unsigned long long)ph->memsz);
	if (plan->nseg == ELF_MAX_SEGMENTS)
		return err_set(err, "more than %d loadable segments",
			       ELF_MAX_SEGMENTS);
	/* Both ranges lie in RAM, so these sums cannot wrap. */
	for (j = 0; j < plan->nseg; j++) {
		const struct elf_segment *o = &plan->seg[j];

		if (ph->paddr < o->gpa + o->memsz &&
		    o->gpa < ph->paddr + ph->memsz)
			return err_set(err,
				       "segment %u at 0x%llx overlaps an "
				       "earlier segment at 0x%llx",
				       i, (unsigned long long)ph->paddr,
				       (unsigned long long)o->gpa);
	}
	s = &plan->seg[plan->nseg++];
	s->gpa = ph->paddr;
	s->memsz = ph->memsz;
	s->offset = ph->offset;
	s->filesz = ph->filesz;
	return 0;
}

const char *boot_proto_name(enum boot_proto boot)
{
	return boot == BOOT_PVH ? "PVH" : "xhvm";
}

/* The protocol, mode and entry, from what was asked and the notes. */
static int pick_protocol(const struct ehdr *h, enum boot_proto boot,
			 struct elf_plan *plan, struct xhvm_error *err)
{
	if (boot == BOOT_AUTO)
		boot = plan->has_pvh_note ? BOOT_PVH : BOOT_XHVM;
	if (boot == BOOT_PVH && !plan->has_pvh_note)
		return err_set(err, "--boot pvh, but the image has no "
				    "XEN_ELFNOTE_PHYS32_ENTRY note");
	plan->boot = boot;
	if (boot == BOOT_PVH) {
		plan->mode = X86_MODE_32;
		plan->entry = plan->pvh_entry;
	} else {
		plan->mode = h->cls == ELFCLASS64 ? X86_MODE_64 : X86_MODE_32;
		plan->entry = h->entry;
	}
	return 0;
}

int elf_parse(const uint8_t *image, size_t size, uint64_t ram_size,
	      enum boot_proto boot, struct elf_plan *plan,
	      struct xhvm_error *err)
{
	struct ehdr h;
	bool entry_ok = false;
	size_t phent;
	unsigned i;
	int r;

	memset(plan, 0, sizeof(*plan));
	if (size < SELFMAG || memcmp(image, ELFMAG, SELFMAG))
		return err_set(err, "not an ELF file (no \\177ELF magic)");
	if (size < EI_NIDENT)
		return err_set(err, "truncated ELF header (%zu bytes)", size);
	if (image[EI_CLASS] != ELFCLASS64 && image[EI_CLASS] != ELFCLASS32)
		return err_set(err, "ELF class %u: neither ELF32 nor ELF64",
			       image[EI_CLASS]);
	if (size < (image[EI_CLASS] == ELFCLASS64 ? sizeof(Elf64_Ehdr)
						  : sizeof(Elf32_Ehdr)))
		return err_set(err, "truncated ELF header (%zu bytes)", size);
	read_ehdr(image, &h);
	r = check_header(&h, size, err);
	if (!r)
		r = elf_scan_notes(image, size, &h, plan, err);
	if (!r)
		r = pick_protocol(&h, boot, plan, err);
	if (!r && plan->boot == BOOT_PVH)
		r = elf_pvh_place(image, &h, ram_size, plan, err);
	if (r)
		return r;
	phent = h.phentsize;
	/* Moved: every address by the same amount (mod 2^64: exact). */
	plan->entry += plan->loaded_at - plan->linked_at;

	for (i = 0; i < h.phnum; i++) {
		struct phdr ph;

		read_phdr(image + h.phoff + i * phent, h.cls, &ph);
		if (ph.type != PT_LOAD || ph.memsz == 0)
			continue;
		ph.paddr += plan->loaded_at - plan->linked_at;
		r = add_segment(plan, i, &ph, size, ram_size, err);
		if (r)
			return r;
		/* Xen's loader asks only that a PVH entry be in the image:
		 * Linux 7.x puts it in .init.text, in a segment not marked
		 * executable. xhvm's own contract wants the X flag. */
		if ((plan->boot == BOOT_PVH || (ph.flags & PF_X)) &&
		    plan->entry >= ph.paddr &&
		    plan->entry - ph.paddr < ph.memsz)
			entry_ok = true;
	}
	if (plan->nseg == 0)
		return err_set(err, "no loadable (PT_LOAD) segment");
	if (!entry_ok)
		return err_set(err, "%s entry point 0x%llx is not inside %s",
			       plan->boot == BOOT_PVH ? "PVH" : "the",
			       (unsigned long long)plan->entry,
			       plan->boot == BOOT_PVH
				       ? "a loaded segment"
				       : "an executable loaded segment");
	plan->image = image;
	plan->image_size = size;
	return 0;
}

void elf_load(const struct elf_plan *plan, struct guest_mem *mem)
{
	unsigned i;

	for (i = 0; i < plan->nseg; i++) {
		const struct elf_segment *s = &plan->seg[i];
		uint8_t *dst = gpa_ptr(mem, s->gpa, s->memsz);

		/* elf_parse checked these ranges against this RAM size. */
		memcpy(dst, plan->image + s->offset, s->filesz);
		memset(dst + s->filesz, 0, s->memsz - s->filesz);
	}
}

uint64_t elf_end(const struct elf_plan *plan)
{
	uint64_t end = 0;
	unsigned i;

	/* elf_parse checked each segment lies in RAM: no sum wraps. */
	for (i = 0; i < plan->nseg; i++)
		if (plan->seg[i].gpa + plan->seg[i].memsz > end)
			end = plan->seg[i].gpa + plan->seg[i].memsz;
	return end;
}
