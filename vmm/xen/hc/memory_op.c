/*
 * memory_op: the guest's physical memory as Xen lets an HVM guest see and
 * change it. The sub-operation is cmd's bits 5:0 (MEMOP_CMD_MASK); the
 * bits above are where a preempted call continues (start_extent), which
 * xhvm never needs but honours, as Xen does, for the calls that have one.
 *
 *   add_to_physmap        shared_info or a grant table frame at a frame
 *                         the guest picks (physmap.c, grant_table.c)
 *   memory_map            the E820 map, the same as PVH's start_info has
 *   decrease_reservation  RAM given back (released to the host)
 *   populate_physmap      ... and taken again
 *   increase_reservation  nothing: the domain is at its maximum
 *   current_reservation, maximum_reservation, maximum_ram_page,
 *   maximum_gpfn          how much there is
 */
#include <string.h>

#include "xen/xen.h"

static uint64_t start_extent(const struct xhvm_hcall *c)
{
	return c->arg[0] >> MEMOP_EXTENT_SHIFT;
}

/* The map space's page, moved or placed; under vm->lock. */
static int64_t map_shared_info(struct xen_vcpu *x, uint64_t idx, uint64_t gpfn,
			       bool longmode)
{
	struct xen_domain *d = x->d;
	uint8_t *page;

	if (idx != 0)
		return -XEN_EINVAL;
	page = xen_physmap_frame(d, gpfn, "shared_info");
	if (!page)
		return -XEN_EINVAL;
	memset(page, 0, PAGE_SIZE);
	/* Its layout follows the guest's word size. */
	__atomic_store_n(&d->shinfo,
			 gpfn * PAGE_SIZE | (longmode ? SHINFO_LONG : 0),
			 __ATOMIC_RELEASE);
	/* A 32-bit layout has room for fewer ports: close the rest. */
	evtchn_close_from(d, evtchn_nr_ports(d));
	return 0;
}

static int64_t add_to_physmap(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct xen_domain *d = x->d;
	uint64_t idx, gpfn;
	uint16_t domid;
	uint32_t space;
	int64_t r;

	if (start_extent(c))
		return -XEN_EDOM;
	/* xen_ulong_t and xen_pfn_t are the caller's word size. */
	if (c->longmode) {
		struct xen_add_to_physmap_64 a;

		if (guest_read(x->v, c->arg[1], &a, sizeof(a)) < 0)
			return -XEN_EFAULT;
		domid = a.domid, space = a.space, idx = a.idx, gpfn = a.gpfn;
	} else {
		struct xen_add_to_physmap_32 a;

		if (guest_read(x->v, c->arg[1], &a, sizeof(a)) < 0)
			return -XEN_EFAULT;
		domid = a.domid, space = a.space, idx = a.idx, gpfn = a.gpfn;
	}
	if (!xen_domid_is_self(domid))
		return -XEN_ESRCH;
	pthread_mutex_lock(&d->vm->lock);
	if (space == XENMAPSPACE_shared_info)
		r = map_shared_info(x, idx, gpfn, c->longmode);
	else if (space == XENMAPSPACE_grant_table)
		r = xen_gnttab_map_frame(d, idx, gpfn);
	else
		r = -XEN_EINVAL; /* Xen's answer for spaces it has no page for
				  */
	pthread_mutex_unlock(&d->vm->lock);
	if (r == 0 && space == XENMAPSPACE_shared_info)
		xen_clock_refresh(x);
	return r;
}

/* XENMEM_memory_map: as many E820 entries as fit, and how many that is. */
static int64_t memory_map(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct e820_range r[MEMMAP_MAX];
	uint32_t room, n, i;
	uint64_t buffer;

	if (c->longmode) {
		struct xen_memory_map_64 m;

		if (guest_read(x->v, c->arg[1], &m, sizeof(m)) < 0)
			return -XEN_EFAULT;
		room = m.nr_entries, buffer = m.buffer;
	} else {
		struct xen_memory_map_32 m;

		if (guest_read(x->v, c->arg[1], &m, sizeof(m)) < 0)
			return -XEN_EFAULT;
		room = m.nr_entries, buffer = m.buffer;
	}
	pthread_mutex_lock(&x->d->vm->lock);
	n = memmap_e820(&x->d->vm->map, r, MEMMAP_MAX);
	pthread_mutex_unlock(&x->d->vm->lock);
	if (n > room)
		n = room;
	for (i = 0; i < n; i++) {
		struct e820entry e = {r[i].addr, r[i].size, r[i].type};

		if (guest_write(x->v, buffer + i * sizeof(e), &e, sizeof(e)) <
		    0)
			return -XEN_EFAULT;
	}
	/* nr_entries comes first in both layouts. */
	return guest_write(x->v, c->arg[1], &n, sizeof(n)) < 0 ? -XEN_EFAULT
							       : 0;
}

struct reservation {
	uint64_t list, nr; /* extent_start: a guest array of xen_pfn_t */
	uint32_t order;
	uint16_t domid;
};

static int read_reservation(struct xen_vcpu *x, const struct xhvm_hcall *c,
			    struct reservation *r)
{
	if (c->longmode) {
		struct xen_memory_reservation_64 a;

		if (guest_read(x->v, c->arg[1], &a, sizeof(a)) < 0)
			return -1;
		*r = (struct reservation){a.extent_start, a.nr_extents,
					  a.extent_order, a.domid};
	} else {
		struct xen_memory_reservation_32 a;

		if (guest_read(x->v, c->arg[1], &a, sizeof(a)) < 0)
			return -1;
		*r = (struct reservation){a.extent_start, a.nr_extents,
					  a.extent_order, a.domid};
	}
	return 0;
}

/* Extents of up to 2 MiB: Xen's largest for a guest without superpages. */
#define MAX_ORDER 9

/*
 * decrease_reservation and populate_physmap: extent by extent from
 * start_extent, stopping at the first that cannot be done; the number
 * done is the result (Xen's rule, errors included).
 */
static int64_t reservation(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	bool give_back =
		(c->arg[0] & MEMOP_CMD_MASK) == XENMEM_decrease_reservation;
	struct xen_domain *d = x->d;
	uint64_t done = start_extent(c), i;
	struct reservation r;

	if (read_reservation(x, c, &r) < 0 || !xen_domid_is_self(r.domid) ||
	    r.nr > (UINT32_MAX >> MEMOP_EXTENT_SHIFT) || r.order > MAX_ORDER)
		return (int64_t)done;
	for (; done < r.nr; done++) {
		uint64_t gfn = 0;
		size_t size = c->longmode ? 8 : 4;
		int bad = 0;

		if (guest_read(x->v, r.list + done * size, &gfn, size) < 0)
			break;
		pthread_mutex_lock(&d->vm->lock);
		for (i = 0; i < (1ull << r.order) && !bad; i++)
			bad = give_back ? xen_physmap_remove(d, gfn + i)
					: xen_physmap_populate(d, gfn + i);
		pthread_mutex_unlock(&d->vm->lock);
		if (bad)
			break;
	}
	return (int64_t)done;
}

static int64_t increase_reservation(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	(void)x;
	/* RAM is what --mem gave: no extent can be added. */
	return (int64_t)start_extent(c);
}

/* The three that take a struct xen_memory_domain and say a size. */
static int64_t domain_size(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct xen_memory_domain m;
	struct xen_domain *d = x->d;
	int64_t r;

	if (start_extent(c))
		return -XEN_EINVAL;
	if (guest_read(x->v, c->arg[1], &m, sizeof(m)) < 0)
		return -XEN_EFAULT;
	if (!xen_domid_is_self(m.domid))
		return -XEN_ESRCH;
	pthread_mutex_lock(&d->vm->lock);
	switch (c->arg[0] & MEMOP_CMD_MASK) {
	case XENMEM_current_reservation:
		r = (int64_t)xen_physmap_pages(d);
		break;
	case XENMEM_maximum_reservation:
		r = (int64_t)(d->vm->mem.size / PAGE_SIZE);
		break;
	default: /* XENMEM_maximum_gpfn */
		r = (int64_t)xen_physmap_max_gfn(d);
		break;
	}
	pthread_mutex_unlock(&d->vm->lock);
	return r;
}

/* Xen gives the host's; a guest can only use its own. */
static int64_t maximum_ram_page(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	if (start_extent(c))
		return -XEN_EINVAL;
	return (int64_t)(x->d->vm->mem.size / PAGE_SIZE);
}

static const struct hcall_op ops[] = {
	[XENMEM_increase_reservation] = {"increase_reservation",
					 increase_reservation},
	[XENMEM_decrease_reservation] = {"decrease_reservation", reservation},
	[XENMEM_maximum_ram_page] = {"maximum_ram_page", maximum_ram_page},
	[XENMEM_current_reservation] = {"current_reservation", domain_size},
	[XENMEM_maximum_reservation] = {"maximum_reservation", domain_size},
	[XENMEM_populate_physmap] = {"populate_physmap", reservation},
	[XENMEM_add_to_physmap] = {"add_to_physmap", add_to_physmap},
	[XENMEM_memory_map] = {"memory_map", memory_map},
	[XENMEM_set_memory_map] = {"set_memory_map", NULL},
	[XENMEM_maximum_gpfn] = {"maximum_gpfn", domain_size},
};

XEN_HYPERCALL(memory_op) = {
	.nr = __HYPERVISOR_memory_op,
	.name = "memory_op",
	.nargs = 2,
	.op_mask = MEMOP_CMD_MASK,
	.ops = ops,
	.nops = ARRAY_SIZE(ops),
};
