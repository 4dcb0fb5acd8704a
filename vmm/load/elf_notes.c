/*
 * Xen's ELF notes in a guest image: XEN_ELFNOTE_PHYS32_ENTRY, the PVH
 * entry, and XEN_ELFNOTE_PHYS32_RELOC, an image that may be loaded
 * elsewhere than its link address. As Xen's own PVH builder
 * (hvm/dom0_build.c) does, xhvm moves such an image only when the place
 * it was linked for is not available (below 1 MiB, past the end of RAM,
 * or past 4 GiB), and then to the lowest place the note allows: at or
 * above its minimum, aligned, its last byte at or below its maximum.
 * Values from the untrusted image: no sum may wrap.
 */
#include <string.h>

#include "load/elf_read.h"
#include "xhvm/xen.h"

static int reloc_note(const uint8_t *desc, uint32_t size, struct elf_reloc *r,
		      struct xhvm_error *err)
{
	uint32_t v[3] = {0, XEN_ELFNOTE_PHYS32_RELOC_DEFAULT_MIN,
			 XEN_ELFNOTE_PHYS32_RELOC_DEFAULT_MAX};

	/* Up to three 32-bit numbers; each left out takes its default. */
	if (size > sizeof(v) || size % 4)
		return err_set(err,
			       "XEN_ELFNOTE_PHYS32_RELOC note of %u bytes: "
			       "expected 0, 4, 8 or 12",
			       size);
	memcpy(v, desc, size);
	r->present = true;
	r->align = size >= 4 ? v[0] : 0; /* 0: chosen from p_align later */
	r->min = v[1];
	r->max = v[2];
	if (r->align && (r->align & (r->align - 1)))
		return err_set(err,
			       "XEN_ELFNOTE_PHYS32_RELOC alignment 0x%x is "
			       "not a power of two",
			       r->align);
	if (r->min > r->max)
		return err_set(err,
			       "XEN_ELFNOTE_PHYS32_RELOC minimum 0x%x is "
			       "above its maximum 0x%x",
			       r->min, r->max);
	return 0;
}

/* [lo, hi) where xhvm can load an image: from 1 MiB to RAM's end or 4 GiB. */
static bool place_ok(uint64_t lo, uint64_t hi, uint64_t ram_size)
{
	uint64_t top = ram_size < (1ull << 32) ? ram_size : 1ull << 32;

	return lo >= XHVM_GUEST_BASE_GPA && lo < hi && hi <= top;
}

static int reloc_base(const struct elf_reloc *r, uint64_t lo, uint64_t hi,
		      uint64_t max_p_align, uint64_t ram_size, uint64_t *base,
		      struct xhvm_error *err)
{
	uint64_t align = r->align, span = hi - lo, start;

	*base = lo;
	if (!r->present || place_ok(lo, hi, ram_size))
		return 0;
	if (!align)
		align = max_p_align >= XEN_ELFNOTE_PHYS32_RELOC_MIN_P_ALIGN &&
					!(max_p_align & (max_p_align - 1))
				? max_p_align
				: XEN_ELFNOTE_PHYS32_RELOC_DEFAULT_ALIGN;
	start = r->min > XHVM_GUEST_BASE_GPA ? r->min : XHVM_GUEST_BASE_GPA;
	start = (start + align - 1) & ~(align - 1); /* below 2^33: no wrap */
	/* span < 2^64 and start < 2^33: the last byte is start + span - 1,
	 * checked against max without a sum that can wrap. */
	if (span - 1 > (uint64_t)r->max || start > r->max - (span - 1) ||
	    !place_ok(start, start + span, ram_size))
		return err_set(err,
			       "the image (0x%llx bytes at 0x%llx) does not "
			       "fit there, and its PHYS32_RELOC note allows "
			       "no place in RAM (0x%x-0x%x, aligned to "
			       "0x%llx; RAM ends at 0x%llx, see --mem)",
			       (unsigned long long)span, (unsigned long long)lo,
			       r->min, r->max, (unsigned long long)align,
			       (unsigned long long)ram_size);
	*base = start;
	return 0;
}

/* An ELF note's header: the same 12 bytes in both classes. */
struct note_hdr {
	uint32_t namesz, descsz, type;
};

/* Names and descriptors are padded to 4 bytes, or 8 in 8-aligned segments. */
static uint64_t note_align(uint64_t n, uint64_t align)
{
	return (n + align - 1) & ~(align - 1);
}

/* A Xen note of the PVH entry: 4 bytes (GRUB, XTF) or 8 (Linux). */
static int pvh_note(const uint8_t *desc, uint32_t size, struct elf_plan *plan,
		    struct xhvm_error *err)
{
	uint64_t entry = 0;

	if (size != 4 && size != 8)
		return err_set(err,
			       "XEN_ELFNOTE_PHYS32_ENTRY note of %u bytes: "
			       "expected 4 or 8",
			       size);
	memcpy(&entry, desc, size); /* little-endian, as checked */
	plan->has_pvh_note = true;
	plan->pvh_entry = entry;
	return 0;
}

/* Walks the notes of one PT_NOTE segment (in the file) for Xen's. */
static int read_notes(const uint8_t *image, const struct phdr *ph,
		      struct elf_plan *plan, struct xhvm_error *err)
{
	const uint8_t *p = image + ph->offset;
	uint64_t off = 0, left = ph->filesz, a = ph->align == 8 ? 8 : 4;

	while (left >= sizeof(struct note_hdr)) {
		struct note_hdr n;
		uint64_t name_at, desc_at, next;

		memcpy(&n, p + off, sizeof(n));
		name_at = off + sizeof(n);
		desc_at = name_at + note_align(n.namesz, a);
		next = desc_at + note_align(n.descsz, a);
		/* The last note's padding may be left out. 32-bit sizes and
		 * 64-bit sums: nothing wraps. */
		if (desc_at + n.descsz > ph->filesz)
			return err_set(err, "an ELF note runs past the end of "
					    "its PT_NOTE segment");
		if (next > ph->filesz)
			next = ph->filesz;
		if (n.namesz == sizeof(XEN_ELFNOTE_NAME) &&
		    !memcmp(p + name_at, XEN_ELFNOTE_NAME, n.namesz) &&
		    ((n.type == XEN_ELFNOTE_PHYS32_ENTRY &&
		      pvh_note(p + desc_at, n.descsz, plan, err)) ||
		     (n.type == XEN_ELFNOTE_PHYS32_RELOC &&
		      reloc_note(p + desc_at, n.descsz, &plan->reloc, err))))
			return XHVM_EXIT_BAD_INPUT;
		off = next;
		left = ph->filesz - next;
	}
	return 0;
}

/* Every PT_NOTE segment's notes. */
int elf_scan_notes(const uint8_t *image, size_t size, const struct ehdr *h,
		   struct elf_plan *plan, struct xhvm_error *err)
{
	unsigned i;

	for (i = 0; i < h->phnum; i++) {
		struct phdr ph;

		read_phdr(image + h->phoff + i * h->phentsize, h->cls, &ph);
		if (ph.type != PT_NOTE)
			continue;
		if (!within(ph.offset, ph.filesz, size))
			return err_set(err,
				       "note segment %u lies beyond the end "
				       "of the file (truncated?)",
				       i);
		if (read_notes(image, &ph, plan, err))
			return XHVM_EXIT_BAD_INPUT;
	}
	return 0;
}

/*
 * PVH: where the image's loads start, and where they go (a PHYS32_RELOC
 * note may move them). A range that wraps is left for add_segment to
 * refuse.
 */
int elf_pvh_place(const uint8_t *image, const struct ehdr *h, uint64_t ram_size,
		  struct elf_plan *plan, struct xhvm_error *err)
{
	uint64_t lo = UINT64_MAX, hi = 0, max_align = 0;
	unsigned i;

	for (i = 0; i < h->phnum; i++) {
		struct phdr ph;

		read_phdr(image + h->phoff + i * h->phentsize, h->cls, &ph);
		if (ph.type != PT_LOAD || ph.memsz == 0)
			continue;
		if (ph.paddr > UINT64_MAX - ph.memsz)
			return 0;
		lo = ph.paddr < lo ? ph.paddr : lo;
		hi = ph.paddr + ph.memsz > hi ? ph.paddr + ph.memsz : hi;
		max_align = ph.align > max_align ? ph.align : max_align;
	}
	if (lo >= hi)
		return 0;
	plan->linked_at = lo;
	return reloc_base(&plan->reloc, lo, hi, max_align, ram_size,
			  &plan->loaded_at, err);
}
