/*
 * The guest image loader: ELF64 x86-64 executables, loaded at their
 * physical addresses per the entry contract. elf_parse checks everything
 * against the RAM size before any guest memory exists; elf_load only copies.
 * The image is untrusted: every offset and size is checked without overflow.
 */
#include <elf.h>
#include <string.h>

#include "xhvm.h"

/* [off, off + len) lies within size, with no sum that can wrap. */
static bool within(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

static int check_header(const Elf64_Ehdr *eh, size_t size,
			struct xhvm_error *err)
{
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return err_set(err, "ELF class %u, but xhvm runs ELF64 guests",
			       eh->e_ident[EI_CLASS]);
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return err_set(err, "not a little-endian ELF file");
	if (eh->e_ident[EI_VERSION] != EV_CURRENT)
		return err_set(err, "ELF version %u, expected %u",
			       eh->e_ident[EI_VERSION], EV_CURRENT);
	if (eh->e_machine != EM_X86_64)
		return err_set(err,
			       "ELF machine %u, but xhvm needs x86-64 (%u)",
			       eh->e_machine, EM_X86_64);
	if (eh->e_type != ET_EXEC)
		return err_set(err,
			       "ELF type %u, but xhvm needs ET_EXEC (%u): a "
			       "static executable linked at fixed addresses",
			       eh->e_type, ET_EXEC);
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return err_set(err, "program header size %u, expected %zu",
			       eh->e_phentsize, sizeof(Elf64_Phdr));
	if (eh->e_phnum == 0 || eh->e_phnum == PN_XNUM)
		return err_set(err, "%s program headers",
			       eh->e_phnum ? "extended (PN_XNUM)" : "no");
	if (!within(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr),
		    size))
		return err_set(err, "program headers lie beyond the end of the "
				    "file (truncated?)");
	return 0;
}

static int add_segment(struct elf_plan *plan, unsigned i, const Elf64_Phdr *ph,
		       size_t size, uint64_t ram_size, struct xhvm_error *err)
{
	struct elf_segment *s;
	unsigned j;

	if (ph->p_filesz > ph->p_memsz)
		return err_set(err,
			       "segment %u: file size 0x%llx exceeds its "
			       "memory size 0x%llx",
			       i, (unsigned long long)ph->p_filesz,
			       (unsigned long long)ph->p_memsz);
	if (!within(ph->p_offset, ph->p_filesz, size))
		return err_set(err,
			       "segment %u: data at file offset 0x%llx + "
			       "0x%llx lies beyond the end of the file "
			       "(truncated?)",
			       i, (unsigned long long)ph->p_offset,
			       (unsigned long long)ph->p_filesz);
	if (ph->p_paddr < XHVM_GUEST_BASE_GPA)
		return err_set(err,
			       "segment %u at 0x%llx: below 1 MiB, which "
			       "xhvm reserves for its own tables",
			       i, (unsigned long long)ph->p_paddr);
	if (!within(ph->p_paddr, ph->p_memsz, ram_size))
		return err_set(err,
			       "segment %u at 0x%llx, 0x%llx bytes: past "
			       "the end of RAM at 0x%llx (see --mem)",
			       i, (unsigned long long)ph->p_paddr,
			       (unsigned long long)ph->p_memsz,
			       (unsigned long long)ram_size);
	if (plan->nseg == ELF_MAX_SEGMENTS)
		return err_set(err, "more than %d loadable segments",
			       ELF_MAX_SEGMENTS);
	/* Both ranges lie in RAM, so these sums cannot wrap. */
	for (j = 0; j < plan->nseg; j++) {
		const struct elf_segment *o = &plan->seg[j];

		if (ph->p_paddr < o->gpa + o->memsz &&
		    o->gpa < ph->p_paddr + ph->p_memsz)
			return err_set(err,
				       "segment %u at 0x%llx overlaps an "
				       "earlier segment at 0x%llx",
				       i, (unsigned long long)ph->p_paddr,
				       (unsigned long long)o->gpa);
	}
	s = &plan->seg[plan->nseg++];
	s->gpa = ph->p_paddr;
	s->memsz = ph->p_memsz;
	s->offset = ph->p_offset;
	s->filesz = ph->p_filesz;
	return 0;
}

int elf_parse(const uint8_t *image, size_t size, uint64_t ram_size,
	      struct elf_plan *plan, struct xhvm_error *err)
{
	Elf64_Ehdr eh;
	bool entry_ok = false;
	unsigned i;
	int r;

	memset(plan, 0, sizeof(*plan));
	if (size < SELFMAG || memcmp(image, ELFMAG, SELFMAG))
		return err_set(err, "not an ELF file (no \\177ELF magic)");
	if (size < sizeof(eh))
		return err_set(err, "truncated ELF header (%zu bytes)", size);
	memcpy(&eh, image, sizeof(eh)); /* the image need not be aligned */
	r = check_header(&eh, size, err);
	if (r)
		return r;

	for (i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, image + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		r = add_segment(plan, i, &ph, size, ram_size, err);
		if (r)
			return r;
		if ((ph.p_flags & PF_X) && eh.e_entry >= ph.p_paddr &&
		    eh.e_entry - ph.p_paddr < ph.p_memsz)
			entry_ok = true;
	}
	if (plan->nseg == 0)
		return err_set(err, "no loadable (PT_LOAD) segment");
	if (!entry_ok)
		return err_set(err,
			       "entry point 0x%llx is not inside an "
			       "executable loaded segment",
			       (unsigned long long)eh.e_entry);
	plan->image = image;
	plan->image_size = size;
	plan->entry = eh.e_entry;
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
