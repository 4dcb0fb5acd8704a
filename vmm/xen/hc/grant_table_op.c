/*
 * grant_table_op: the domain's grant table, version 1 (grant_table.c
 * keeps its frames). With one domain nobody else maps or copies a grant,
 * so the operations that would are not provided (-ENOSYS); those a guest
 * uses to set its own table up answer as Xen does with gnttab=max-ver:1.
 * Each call is `count` operations on an array of structs at arg 1.
 */
#include "xen/xen.h"

/* More operations in one call than this are refused, not done slowly. */
#define MAX_COUNT 512

/* setup_table: make nr_frames frames and say where each is (HVM: gfns). */
static int16_t setup_one(struct xen_vcpu *x, uint16_t dom, uint32_t nr,
			 uint64_t list, bool longmode)
{
	struct xen_domain *d = x->d;
	size_t size = longmode ? 8 : 4;
	int16_t status = GNTST_okay;
	uint32_t i;

	if (!xen_domid_is_self(dom))
		return GNTST_bad_domain;
	pthread_mutex_lock(&d->vm->lock);
	if (xen_gnttab_grow(d, nr) < 0)
		status = GNTST_general_error;
	for (i = 0; status == GNTST_okay && i < nr; i++) {
		uint64_t gfn = xen_gnttab_gfn(d, i);

		if (guest_write(x->v, list + i * size, &gfn, size) < 0)
			status = GNTST_bad_virt_addr;
	}
	pthread_mutex_unlock(&d->vm->lock);
	return status;
}

static int64_t setup_table(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	uint64_t i, at = c->arg[1];

	for (i = 0; i < c->arg[2]; i++) {
		if (c->longmode) {
			struct gnttab_setup_table_64 s;

			if (guest_read(x->v, at, &s, sizeof(s)) < 0)
				return -XEN_EFAULT;
			s.status = setup_one(x, s.dom, s.nr_frames,
					     s.frame_list, true);
			if (guest_write(x->v, at, &s, sizeof(s)) < 0)
				return -XEN_EFAULT;
			at += sizeof(s);
		} else {
			struct gnttab_setup_table_32 s;

			if (guest_read(x->v, at, &s, sizeof(s)) < 0)
				return -XEN_EFAULT;
			s.status = setup_one(x, s.dom, s.nr_frames,
					     s.frame_list, false);
			if (guest_write(x->v, at, &s, sizeof(s)) < 0)
				return -XEN_EFAULT;
			at += sizeof(s);
		}
	}
	return 0;
}

static int64_t query_size(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct gnttab_query_size q;
	uint64_t i;

	for (i = 0; i < c->arg[2]; i++) {
		uint64_t at = c->arg[1] + i * sizeof(q);

		if (guest_read(x->v, at, &q, sizeof(q)) < 0)
			return -XEN_EFAULT;
		if (!xen_domid_is_self(q.dom)) {
			q.status = GNTST_bad_domain;
		} else {
			pthread_mutex_lock(&x->d->vm->lock);
			q.nr_frames = xen_gnttab_frames(x->d);
			pthread_mutex_unlock(&x->d->vm->lock);
			q.max_nr_frames = XEN_GNTTAB_MAX_FRAMES;
			q.status = GNTST_okay;
		}
		if (guest_write(x->v, at, &q, sizeof(q)) < 0)
			return -XEN_EFAULT;
	}
	return 0;
}

/* Version 1 only: 2 is -ENOSYS, as Xen limited to version 1 says. */
static int64_t set_version(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct gnttab_set_version v;
	int64_t r;

	if (c->arg[2] != 1)
		return -XEN_EINVAL;
	if (guest_read(x->v, c->arg[1], &v, sizeof(v)) < 0)
		return -XEN_EFAULT;
	r = v.version == 1 ? 0 : v.version == 2 ? -XEN_ENOSYS : -XEN_EINVAL;
	if (r == -XEN_ENOSYS)
		return r; /* as if set_version did not exist: nothing back */
	v.version = 1;
	return guest_write(x->v, c->arg[1], &v, sizeof(v)) < 0 ? -XEN_EFAULT
							       : r;
}

static int64_t get_version(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct gnttab_get_version v;

	if (c->arg[2] != 1)
		return -XEN_EINVAL;
	if (guest_read(x->v, c->arg[1], &v, sizeof(v)) < 0)
		return -XEN_EFAULT;
	if (!xen_domid_is_self(v.dom))
		return -XEN_ESRCH;
	v.version = 1;
	return guest_write(x->v, c->arg[1], &v, sizeof(v)) < 0 ? -XEN_EFAULT
							       : 0;
}

/* Xen checks count before the operation: at most MAX_COUNT here. */
static int64_t check_count(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	(void)x;
	return c->arg[2] > MAX_COUNT ? -XEN_EINVAL : 0;
}

static const struct hcall_op ops[] = {
	[GNTTABOP_map_grant_ref] = {"map_grant_ref", NULL},
	[GNTTABOP_unmap_grant_ref] = {"unmap_grant_ref", NULL},
	[GNTTABOP_setup_table] = {"setup_table", setup_table},
	[GNTTABOP_dump_table] = {"dump_table", NULL},
	[GNTTABOP_transfer] = {"transfer", NULL},
	[GNTTABOP_copy] = {"copy", NULL},
	[GNTTABOP_query_size] = {"query_size", query_size},
	[GNTTABOP_unmap_and_replace] = {"unmap_and_replace", NULL},
	[GNTTABOP_set_version] = {"set_version", set_version},
	[GNTTABOP_get_status_frames] = {"get_status_frames", NULL},
	[GNTTABOP_get_version] = {"get_version", get_version},
	[GNTTABOP_swap_grant_ref] = {"swap_grant_ref", NULL},
	[GNTTABOP_cache_flush] = {"cache_flush", NULL},
};

XEN_HYPERCALL(grant_table_op) = {
	.nr = __HYPERVISOR_grant_table_op,
	.name = "grant_table_op",
	.nargs = 3,
	.check = check_count,
	.ops = ops,
	.nops = ARRAY_SIZE(ops),
};
