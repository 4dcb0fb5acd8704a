/*
 * memory_op: XENMEM_add_to_physmap of the shared_info page. xhvm has no
 * separate page to map: the guest's own RAM page at the frame it chose
 * becomes shared_info, cleared, then kept filled with the time.
 */
#include <string.h>

#include "xen/xen.h"

static int64_t add_to_physmap(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct xen_domain *d = x->d;
	uint64_t idx, gpfn, gpa;
	uint16_t domid;
	uint32_t space;
	void *page;

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
	if (space != XENMAPSPACE_shared_info)
		return -XEN_ENOSYS; /* no grant tables, no gmfn moves */
	if (idx != 0)
		return -XEN_EINVAL;
	/* It must be the guest's RAM: xhvm has nothing to map elsewhere. */
	gpa = gpfn * PAGE_SIZE;
	if (gpfn > d->vm->mem.size / PAGE_SIZE || gpa < XHVM_GUEST_BASE_GPA)
		return -XEN_EINVAL;
	page = gpa_ptr(&d->vm->mem, gpa, PAGE_SIZE);
	if (!page)
		return -XEN_EINVAL;

	pthread_mutex_lock(&d->vm->lock);
	memset(page, 0, PAGE_SIZE);
	/* Its layout follows the guest's word size. */
	__atomic_store_n(&d->shinfo, gpa | (c->longmode ? SHINFO_LONG : 0),
			 __ATOMIC_RELEASE);
	/* A 32-bit layout has room for fewer ports: close the rest. */
	evtchn_close_from(d, evtchn_nr_ports(d));
	pthread_mutex_unlock(&d->vm->lock);
	xen_clock_refresh(x);
	return 0;
}

static const struct hcall_op ops[] = {
	[XENMEM_add_to_physmap] = {"add_to_physmap", add_to_physmap},
};

XEN_HYPERCALL(memory_op) = {
	.nr = __HYPERVISOR_memory_op,
	.name = "memory_op",
	.nargs = 2,
	.ops = ops,
	.nops = ARRAY_SIZE(ops),
};
