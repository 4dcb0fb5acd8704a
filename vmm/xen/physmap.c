/*
 * The guest's physical address space as Xen's p2m would have it, in the
 * parts a guest can change: RAM pages it gave back
 * (XENMEM_decrease_reservation) and took again (populate_physmap), and
 * the frames where Xen's own pages (shared_info, grant table frames)
 * appear. RAM stays one block of host memory: a page given back is
 * released to the host (MADV_DONTNEED) and reads as zeros if touched
 * again. All under vm->lock.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "xen/xen.h"

/* The PC's device area below 4 GiB (IOAPIC, HPET, LAPIC, firmware). */
#define DEVICE_AREA 0xfec00000ull
/* How high a Xen frame may be put in a hole. */
#define FRAME_LIMIT (1ull << 36)

/* A page of guest RAM the guest may give back or use for a Xen frame. */
static bool guest_ram(struct xen_domain *d, uint64_t gfn)
{
	uint64_t gpa = gfn * PAGE_SIZE;

	return gfn < d->vm->mem.size / PAGE_SIZE &&
	       memmap_is(&d->vm->map, gpa, PAGE_SIZE, MEM_RAM);
}

static bool removed(const struct xen_domain *d, uint64_t gfn)
{
	return d->removed && (d->removed[gfn / 8] & (1u << (gfn % 8)));
}

int xen_physmap_remove(struct xen_domain *d, uint64_t gfn)
{
	uint64_t pages = d->vm->mem.size / PAGE_SIZE;

	if (!guest_ram(d, gfn) || removed(d, gfn))
		return -1;
	if (!d->removed) {
		d->removed = calloc((pages + 7) / 8, 1);
		if (!d->removed)
			return -1;
	}
	/* Released: a later touch finds a fresh page of zeros. */
	if (madvise(d->vm->mem.host + gfn * PAGE_SIZE, PAGE_SIZE,
		    MADV_DONTNEED) < 0)
		memset(d->vm->mem.host + gfn * PAGE_SIZE, 0, PAGE_SIZE);
	d->removed[gfn / 8] |= (uint8_t)(1u << (gfn % 8));
	d->nremoved++;
	return 0;
}

int xen_physmap_populate(struct xen_domain *d, uint64_t gfn)
{
	if (!guest_ram(d, gfn))
		return -1;
	if (removed(d, gfn)) {
		d->removed[gfn / 8] &= (uint8_t) ~(1u << (gfn % 8));
		d->nremoved--;
	}
	return 0;
}

void *xen_physmap_ram(struct xen_domain *d, uint64_t gfn)
{
	if (!guest_ram(d, gfn) || removed(d, gfn))
		return NULL;
	return gpa_ptr(&d->vm->mem, gfn * PAGE_SIZE, PAGE_SIZE);
}

uint64_t xen_physmap_pages(const struct xen_domain *d)
{
	return d->vm->mem.size / PAGE_SIZE - d->nremoved;
}

uint64_t xen_physmap_max_gfn(const struct xen_domain *d)
{
	const struct memmap *m = &d->vm->map;

	return m->n ? (m->r[m->n - 1].gpa + m->r[m->n - 1].size) / PAGE_SIZE - 1
		    : 0;
}

/*
 * Where a Xen frame may appear: a page of the guest's RAM (taken back
 * into use if it was given away), a page of a hole backed for an earlier
 * frame, or a new hole (GRUB puts its grant table and shared_info just
 * past the end of RAM, Linux its grant table above it), which gets a page
 * of its own. Not xhvm's pages, nor a device's.
 */
void *xen_physmap_frame(struct xen_domain *d, uint64_t gfn, const char *what)
{
	uint64_t gpa = gfn * PAGE_SIZE;
	const struct mem_range *r;

	if (gfn >= FRAME_LIMIT / PAGE_SIZE)
		return NULL;
	if (guest_ram(d, gfn)) {
		xen_physmap_populate(d, gfn);
		return gpa_ptr(&d->vm->mem, gpa, PAGE_SIZE);
	}
	r = memmap_find(&d->vm->map, gpa);
	if (r)
		/* Only a page backed for a frame before may take another. */
		return r->what == XEN_FRAME_PAGE
			       ? gpa_ptr(&d->vm->mem, gpa, PAGE_SIZE)
			       : NULL;
	if (gpa >= DEVICE_AREA && gpa < (1ull << 32))
		return NULL;
	TRACE(NULL, "%s at GPA %#llx, a hole: backed with a page of its own",
	      what, (unsigned long long)gpa);
	return vm_back_pages(d->vm, gpa, PAGE_SIZE, MEM_RESERVED,
			     XEN_FRAME_PAGE);
}
