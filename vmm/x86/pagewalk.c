/*
 * Guest linear to guest physical addresses. Hypercall pointer arguments
 * are linear addresses, so xhvm walks the guest's own page tables, in
 * whichever paging mode the vCPU is in. Every table entry is read through
 * gpa_ptr: a table outside RAM is a failed walk, never a stray read.
 */
#include <string.h>

#include "x86/x86.h"

#define PDE32_ADDR_MASK 0xfffff000u
#define PDE32_4M_MASK	0xffc00000u
#define PAE_PDPTR_MASK	0xffffffe0u

static int read_entry(const struct guest_mem *mem, uint64_t gpa, unsigned size,
		      uint64_t *entry)
{
	const void *p = gpa_ptr(mem, gpa, size);
	uint32_t e32;

	if (!p)
		return -1;
	if (size == 4) {
		memcpy(&e32, p, 4);
		*entry = e32;
	} else {
		memcpy(entry, p, 8);
	}
	return 0;
}

/*
 * 4- or 5-level (long mode) and 3-level (PAE) tables share one shape:
 * 512 eight-byte entries per level, large pages at the levels that allow
 * them. `top` is the level CR3 points at.
 */
static int walk_64(const struct guest_mem *mem, uint64_t table, int top,
		   uint64_t gva, bool write, uint64_t *gpa)
{
	bool writable = true;
	int level;

	for (level = top; level >= 1; level--) {
		unsigned shift = 12 + 9 * (level - 1);
		unsigned idx = (gva >> shift) & 511;
		uint64_t e;

		/* PAE's top level has 4 entries, indexed by bits 31:30. */
		if (level == 3 && top == 3)
			idx = (gva >> 30) & 3;
		if (read_entry(mem, table + idx * 8ull, 8, &e) < 0)
			return -1;
		if (!(e & PTE_P))
			return -1;
		/* PAE PDPTEs carry no R/W bit. */
		if (!(level == 3 && top == 3))
			writable = writable && (e & PTE_RW);
		if (level == 1 || ((level == 2 || level == 3) && (e & PTE_PS) &&
				   !(level == 3 && top == 3))) {
			uint64_t off = gva & ((1ull << shift) - 1);

			if (write && !writable)
				return -1;
			*gpa = ((e & PTE_ADDR_MASK) & ~((1ull << shift) - 1)) |
			       off;
			return 0;
		}
		table = e & PTE_ADDR_MASK;
	}
	return -1;
}

static int walk_32(const struct guest_mem *mem, uint32_t cr3, bool pse,
		   uint32_t gva, bool write, uint64_t *gpa)
{
	uint64_t pde, pte;

	if (read_entry(mem, (cr3 & PDE32_ADDR_MASK) + (gva >> 22) * 4ull, 4,
		       &pde) < 0 ||
	    !(pde & PTE_P))
		return -1;
	if (pse && (pde & PTE_PS)) {
		if (write && !(pde & PTE_RW))
			return -1;
		/* PSE-36: PDE bits 20:13 are physical address bits 39:32. */
		*gpa = (pde & PDE32_4M_MASK) | (((pde >> 13) & 0xff) << 32) |
		       (gva & (PAGE_4M - 1));
		return 0;
	}
	if (read_entry(mem,
		       (pde & PDE32_ADDR_MASK) + ((gva >> 12) & 1023) * 4ull, 4,
		       &pte) < 0 ||
	    !(pte & PTE_P))
		return -1;
	if (write && !((pde & PTE_RW) && (pte & PTE_RW)))
		return -1;
	*gpa = (pte & PDE32_ADDR_MASK) | (gva & (PAGE_SIZE - 1));
	return 0;
}

int gva_to_gpa(const struct guest_mem *mem, const struct kvm_sregs *sregs,
	       uint64_t gva, bool write, uint64_t *gpa)
{
	if (!(sregs->cr0 & CR0_PG)) {
		/* No paging: linear is physical, 32 bits wide. */
		*gpa = gva & 0xffffffffull;
		return 0;
	}
	if (sregs->efer & EFER_LMA) {
		int levels = (sregs->cr4 & CR4_LA57) ? 5 : 4;
		int top_bit = 12 + 9 * levels - 1; /* 47 or 56 */
		int64_t sext =
			(int64_t)(gva << (63 - top_bit)) >> (63 - top_bit);

		if ((uint64_t)sext != gva)
			return -1; /* not canonical */
		return walk_64(mem, sregs->cr3 & PTE_ADDR_MASK, levels, gva,
			       write, gpa);
	}
	if (sregs->cr4 & CR4_PAE)
		return walk_64(mem, sregs->cr3 & PAE_PDPTR_MASK, 3,
			       gva & 0xffffffffull, write, gpa);
	return walk_32(mem, (uint32_t)sregs->cr3, sregs->cr4 & CR4_PSE,
		       (uint32_t)gva, write, gpa);
}

/* Copies to or from guest linear memory; with buf NULL, only checks. */
static int guest_copy(struct vcpu *v, uint64_t gva, void *buf, size_t len,
		      bool write)
{
	const struct kvm_sregs *sregs = vcpu_sregs(v);
	uint8_t *p = buf;

	if (!sregs)
		return -1;
	while (len > 0) {
		size_t chunk = PAGE_SIZE - (gva & (PAGE_SIZE - 1));
		uint64_t gpa;
		uint8_t *host;

		if (chunk > len)
			chunk = len;
		if (gva_to_gpa(&v->vm->mem, sregs, gva, write, &gpa) < 0)
			return -1;
		host = gpa_ptr(&v->vm->mem, gpa, chunk);
		if (!host)
			return -1;
		if (p) {
			memcpy(write ? host : p, write ? p : host, chunk);
			p += chunk;
		}
		gva += chunk;
		len -= chunk;
	}
	return 0;
}

bool guest_range_ok(struct vcpu *v, uint64_t gva, size_t len, bool write)
{
	return guest_copy(v, gva, NULL, len, write) == 0;
}

int guest_read(struct vcpu *v, uint64_t gva, void *dst, size_t len)
{
	return guest_copy(v, gva, dst, len, false);
}

int guest_write(struct vcpu *v, uint64_t gva, const void *src, size_t len)
{
	return guest_copy(v, gva, (void *)src, len, true);
}
