/*
 * hvm_op: the VM's parameter store, and each vCPU's event channel upcall
 * vector.
 */
#include "xen/xen.h"

/*
 * Which parameters a guest may set and read itself, as x86 Xen's hvm.c
 * allows; the rest belong to the toolstack and give the guest -EPERM.
 */
static bool guest_may_set(uint32_t index)
{
	switch (index) {
	case HVM_PARAM_CALLBACK_IRQ:
	case HVM_PARAM_STORE_EVTCHN:
	case HVM_PARAM_CONSOLE_EVTCHN:
	case HVM_PARAM_VM86_TSS:
	case HVM_PARAM_VM86_TSS_SIZED:
	case HVM_PARAM_ACPI_IOPORTS_LOCATION:
	case HVM_PARAM_VM_GENERATION_ID_ADDR:
	case HVM_PARAM_X87_FIP_WIDTH:
		return true;
	default:
		return false;
	}
}

static bool guest_may_get(uint32_t index)
{
	switch (index) {
	case HVM_PARAM_STORE_PFN:
	case HVM_PARAM_CONSOLE_PFN:
	case HVM_PARAM_ALTP2M:
		return true;
	default:
		return guest_may_set(index);
	}
}

/* HVMOP_set_param and HVMOP_get_param. */
static int64_t param_op(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct xen_domain *d = x->d;
	struct xen_hvm_param p;
	uint64_t gva = c->arg[1];

	if (guest_read(x->v, gva, &p, sizeof(p)) < 0)
		return -XEN_EFAULT;
	if (p.index >= HVM_NR_PARAMS)
		return -XEN_EINVAL;
	if (!xen_domid_is_self(p.domid))
		return -XEN_ESRCH;
	if (c->arg[0] == HVMOP_set_param) {
		if (!guest_may_set(p.index))
			return -XEN_EPERM;
		pthread_mutex_lock(&d->vm->lock);
		d->hvm_params[p.index] = p.value;
		pthread_mutex_unlock(&d->vm->lock);
		return 0;
	}
	if (!guest_may_get(p.index))
		return -XEN_EPERM;
	/* From now on the ring is its console (hc/console_io.c). */
	if (p.index == HVM_PARAM_CONSOLE_PFN)
		__atomic_store_n(&d->console_claimed, true, __ATOMIC_RELEASE);
	pthread_mutex_lock(&d->vm->lock);
	p.value = d->hvm_params[p.index];
	pthread_mutex_unlock(&d->vm->lock);
	return guest_write(x->v, gva, &p, sizeof(p)) < 0 ? -XEN_EFAULT : 0;
}

static int64_t set_upcall_vector(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct xen_hvm_evtchn_upcall_vector u;

	if (guest_read(x->v, c->arg[1], &u, sizeof(u)) < 0)
		return -XEN_EFAULT;
	if (u.vector < XEN_UPCALL_VECTOR_MIN)
		return -XEN_EINVAL;
	if (u.vcpu >= x->d->vm->nvcpus)
		return -XEN_ENOENT;
	__atomic_store_n(&x->d->vcpus[u.vcpu].upcall_vector, u.vector,
			 __ATOMIC_RELEASE);
	return 0;
}

static const struct hcall_op ops[] = {
	[HVMOP_set_param] = {"set_param", param_op},
	[HVMOP_get_param] = {"get_param", param_op},
	[HVMOP_get_time] = {"get_time", NULL},
	[HVMOP_set_evtchn_upcall_vector] = {"set_evtchn_upcall_vector",
					    set_upcall_vector},
};

XEN_HYPERCALL(hvm_op) = {
	.nr = __HYPERVISOR_hvm_op,
	.name = "hvm_op",
	.nargs = 2,
	.ops = ops,
	.nops = ARRAY_SIZE(ops),
};
