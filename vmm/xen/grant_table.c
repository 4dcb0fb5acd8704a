/*
 * The domain's grant table, version 1 only (a Xen built with
 * gnttab=max-ver:1): a guest writes its entries into frames it has put
 * where it likes with XENMAPSPACE_grant_table. xhvm runs one domain, so
 * nobody maps or copies the grants; the table is the guest's to keep,
 * and xhvm keeps where each frame is, so a frame moved keeps its content
 * (on Xen it is one page wherever it appears).
 */
#include <stdlib.h>
#include <string.h>

#include "xen/xen.h"

const char XEN_FRAME_PAGE[] = "a Xen frame (shared_info, grant table)";

static struct xen_grant_table *table(struct xen_domain *d)
{
	if (!d->gnttab) {
		d->gnttab = calloc(1, sizeof(*d->gnttab));
		if (d->gnttab)
			d->gnttab->nr_frames = 1; /* Xen's initial size */
	}
	return d->gnttab;
}

int64_t xen_gnttab_map_frame(struct xen_domain *d, uint64_t idx, uint64_t gfn)
{
	struct xen_grant_table *t = table(d);
	uint8_t *page, *old = NULL;

	if (!t)
		return -XEN_ENOMEM;
	/* Status frames are version 2's. */
	if (idx & XENMAPIDX_grant_table_status || idx >= XEN_GNTTAB_MAX_FRAMES)
		return -XEN_EINVAL;
	if (t->gfn[idx])
		old = gpa_ptr(&d->vm->mem, (t->gfn[idx] - 1) * PAGE_SIZE,
			      PAGE_SIZE);
	page = xen_physmap_frame(d, gfn, "grant table frame");
	if (!page)
		return -XEN_EINVAL;
	if (old && old != page)
		memcpy(page, old, PAGE_SIZE);
	else if (!old)
		memset(page, 0, PAGE_SIZE); /* a new frame: no grants */
	t->gfn[idx] = gfn + 1;
	if (idx >= t->nr_frames)
		t->nr_frames = (unsigned)idx + 1; /* the table grew */
	return 0;
}

void xen_gnttab_free(struct xen_domain *d)
{
	free(d->gnttab);
	d->gnttab = NULL;
}

unsigned xen_gnttab_frames(struct xen_domain *d)
{
	struct xen_grant_table *t = table(d);

	return t ? t->nr_frames : 1;
}

uint64_t xen_gnttab_gfn(struct xen_domain *d, unsigned idx)
{
	struct xen_grant_table *t = table(d);

	return t && idx < XEN_GNTTAB_MAX_FRAMES && t->gfn[idx] ? t->gfn[idx] - 1
							       : ~0ull;
}

int xen_gnttab_grow(struct xen_domain *d, unsigned nr)
{
	struct xen_grant_table *t = table(d);

	if (!t || nr > XEN_GNTTAB_MAX_FRAMES)
		return -1;
	if (nr > t->nr_frames)
		t->nr_frames = nr;
	return 0;
}
