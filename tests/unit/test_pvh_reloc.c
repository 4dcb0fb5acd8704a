/*
 * Unit tests for XEN_ELFNOTE_PHYS32_RELOC: an image loaded where it was
 * linked when it fits there, else moved to the lowest place its note
 * allows (minimum, alignment, maximum), entry and segments together; the
 * note's defaults; broken notes and impossible requests refused.
 */
#include <elf.h>
#include <string.h>

#include "check.h"
#include "elf_image.h"
#include "load/load.h"
#include "xhvm/xen.h"

#define RAM  (64ull << 20)
#define SPAN 0x3000ull /* the image's memsz */

/* An ELF32 image like Linux's vmlinux: a load, an entry and a reloc note. */
struct reloc_image {
	Elf32_Ehdr eh;
	Elf32_Phdr ph[2];
	struct {
		Elf32_Nhdr nh;
		char name[4];
		uint32_t entry;
		Elf32_Nhdr rh;
		char rname[4];
		uint32_t reloc[3];
	} notes;
	uint8_t code[0x40];
};

/* linked: p_paddr; nwords: the reloc note's numbers (-1: no note). */
static void make(struct reloc_image *im, uint32_t linked, int nwords,
		 uint32_t align, uint32_t min, uint32_t max)
{
	memset(im, 0, sizeof(*im));
	elf32_exec_header(&im->eh, EM_386, linked,
			  offsetof(struct reloc_image, ph), 2);
	im->ph[0] = (Elf32_Phdr){.p_type = PT_LOAD,
				 .p_flags = PF_R | PF_X,
				 .p_offset = offsetof(struct reloc_image, code),
				 .p_paddr = linked,
				 .p_filesz = sizeof(im->code),
				 .p_memsz = SPAN,
				 .p_align = 0x400000};
	im->ph[1] = (Elf32_Phdr){
		.p_type = PT_NOTE,
		.p_offset = offsetof(struct reloc_image, notes),
		.p_filesz = nwords < 0 ? 20 : 40 + 4 * (uint32_t)nwords,
		.p_align = 4};
	im->notes.nh = (Elf32_Nhdr){4, 4, XEN_ELFNOTE_PHYS32_ENTRY};
	memcpy(im->notes.name, "Xen", 4);
	im->notes.entry = linked + 0x10;
	im->notes.rh = (Elf32_Nhdr){4, nwords < 0 ? 0 : 4 * (uint32_t)nwords,
				    XEN_ELFNOTE_PHYS32_RELOC};
	memcpy(im->notes.rname, "Xen", 4);
	im->notes.reloc[0] = align;
	im->notes.reloc[1] = min;
	im->notes.reloc[2] = max;
}

static int parse(struct reloc_image *im, struct elf_plan *plan,
		 struct xhvm_error *err)
{
	return elf_parse((const uint8_t *)im, sizeof(*im), RAM, BOOT_AUTO, plan,
			 err);
}

/* Loaded at want: the segment, the entry and the plan's record agree. */
static bool at(const struct elf_plan *p, uint64_t linked, uint64_t want)
{
	return p->nseg == 1 && p->seg[0].gpa == want &&
	       p->entry == want + 0x10 && p->linked_at == linked &&
	       p->loaded_at == want;
}

static void test_moves(void)
{
	struct reloc_image im;
	struct elf_plan p;
	struct xhvm_error err = {{0}};
	int r;

	make(&im, 0x1000000, 3, 0x200000, 0x1000000, 0xffffffff);
	r = parse(&im, &p, &err);
	check(r == 0 && at(&p, 0x1000000, 0x1000000),
	      "linked at 16 MiB, inside RAM: loaded there, note or not (%s)",
	      r ? err.msg : "ok");
	make(&im, 0x20000000, 3, 0x200000, 0x1000000, 0xffffffff);
	r = parse(&im, &p, &err);
	check(r == 0 && at(&p, 0x20000000, 0x1000000),
	      "linked at 512 MiB, past 64 MiB of RAM: moved to the note's "
	      "minimum, 16 MiB, entry too (%s)",
	      r ? err.msg : "ok");
	make(&im, 0x20000000, 3, 0x200000, 0x1100000, 0xffffffff);
	r = parse(&im, &p, &err);
	check(r == 0 && at(&p, 0x20000000, 0x1200000),
	      "a minimum of 17 MiB, aligned up to 18 MiB (%s)",
	      r ? err.msg : "ok");
	make(&im, 0x80000, 3, 0x1000, 0, 0xffffffff);
	r = parse(&im, &p, &err);
	check(r == 0 && at(&p, 0x80000, 0x100000),
	      "linked below 1 MiB, minimum 0: moved up to 1 MiB, where a "
	      "guest's memory starts (%s)",
	      r ? err.msg : "ok");
	make(&im, 0x20000000, 0, 0, 0, 0);
	r = parse(&im, &p, &err);
	check(r == 0 && at(&p, 0x20000000, 0x400000),
	      "an empty note: minimum 0, the largest p_align (4 MiB) as "
	      "the alignment (%s)",
	      r ? err.msg : "ok");
	make(&im, 0x20000000, 1, 0x100000, 0, 0);
	r = parse(&im, &p, &err);
	check(r == 0 && at(&p, 0x20000000, 0x100000),
	      "the alignment alone: 1 MiB (%s)", r ? err.msg : "ok");
}

static void test_refusals(void)
{
	struct reloc_image im;
	struct elf_plan p;
	struct xhvm_error err = {{0}};
	int r;

	make(&im, 0x20000000, -1, 0, 0, 0);
	r = parse(&im, &p, &err);
	check(r && strstr(err.msg, "past the end of RAM"),
	      "without the note an image past RAM is refused: \"%s\"", err.msg);
	make(&im, 0x20000000, 3, 0x200000, RAM - 0x2000, 0xffffffff);
	r = parse(&im, &p, &err);
	check(r && strstr(err.msg, "PHYS32_RELOC note allows no place"),
	      "a minimum with no room above it in RAM: \"%s\"", err.msg);
	make(&im, 0x20000000, 3, 0x200000, 0x1000000, 0x1000000 + SPAN - 2);
	r = parse(&im, &p, &err);
	check(r && strstr(err.msg, "allows no place"),
	      "a maximum one byte short of the image: \"%s\"", err.msg);
	make(&im, 0x20000000, 3, 0x200000, 0x1000000, 0x1000000 + SPAN - 1);
	r = parse(&im, &p, &err);
	check(r == 0 && at(&p, 0x20000000, 0x1000000),
	      "... and one that just holds it (%s)", r ? err.msg : "ok");
	make(&im, 0x20000000, 3, 0x300000, 0, 0xffffffff);
	r = parse(&im, &p, &err);
	check(r && strstr(err.msg, "not a power of two"),
	      "an alignment of 3 MiB: \"%s\"", err.msg);
	make(&im, 0x20000000, 3, 0x200000, 0x2000000, 0x1000000);
	r = parse(&im, &p, &err);
	check(r && strstr(err.msg, "above its maximum"),
	      "a minimum above the maximum: \"%s\"", err.msg);
	make(&im, 0x20000000, 3, 0x200000, 0, 0xffffffff);
	im.notes.rh.n_descsz = 6;
	r = parse(&im, &p, &err);
	check(r && strstr(err.msg, "of 6 bytes"), "a 6-byte note: \"%s\"",
	      err.msg);
	make(&im, 0x20000000, 3, 0x200000, 0, 0xffffffff);
	r = elf_parse((const uint8_t *)&im, sizeof(im), RAM, BOOT_XHVM, &p,
		      &err);
	check(r && strstr(err.msg, "past the end of RAM"),
	      "--boot elf: xhvm's contract never moves an image: \"%s\"",
	      err.msg);
}

int main(void)
{
	test_moves();
	test_refusals();
	return check_summary();
}
