/*
 * The upcall: how Xen tells an HVM vCPU that events wait. Each vCPU has a
 * vcpu_info (in shared_info, or wherever it registered one) whose
 * upcall_pending the guest clears itself; while it is set and the vCPU
 * has an upcall vector, the vector is raised through the platform's
 * interrupt delivery, and a vCPU waiting for events is woken.
 */
#include "xen/xen.h"

uint8_t *vcpu_info_ptr(struct xen_vcpu *x)
{
	struct xen_domain *d = x->d;
	uint64_t gpa = __atomic_load_n(&x->vcpu_info_gpa, __ATOMIC_ACQUIRE);
	uint64_t si = __atomic_load_n(&d->shinfo, __ATOMIC_ACQUIRE);

	if (!gpa && si && x->index < XEN_LEGACY_MAX_VCPUS)
		gpa = (si & PAGE_MASK) + x->index * XEN_VCPU_INFO_SIZE;
	return gpa ? gpa_ptr(&d->vm->mem, gpa, XEN_VCPU_INFO_SIZE) : NULL;
}

bool xen_upcall_pending(struct xen_vcpu *x)
{
	const uint8_t *vi = vcpu_info_ptr(x);

	return vi && __atomic_load_n(vi + XEN_VCPU_INFO_UPCALL_PENDING,
				     __ATOMIC_ACQUIRE);
}

uint8_t xen_upcall_vector(struct xen_vcpu *x)
{
	uint64_t cb;
	uint8_t vec = __atomic_load_n(&x->upcall_vector, __ATOMIC_ACQUIRE);

	if (vec)
		return vec;
	cb = __atomic_load_n(&x->d->hvm_params[HVM_PARAM_CALLBACK_IRQ],
			     __ATOMIC_ACQUIRE);
	/* Vectors 0-15 are exceptions: a local APIC refuses them too. */
	if (cb >> HVM_PARAM_CALLBACK_TYPE_SHIFT ==
		    HVM_PARAM_CALLBACK_TYPE_VECTOR &&
	    (uint8_t)cb >= XEN_UPCALL_VECTOR_MIN)
		return (uint8_t)cb;
	return 0;
}

void xen_upcall_raise(struct xen_vcpu *x)
{
	uint8_t *vi = vcpu_info_ptr(x);
	uint8_t vector, was;

	if (!vi)
		return;
	was = __atomic_exchange_n(vi + XEN_VCPU_INFO_UPCALL_PENDING, 1,
				  __ATOMIC_SEQ_CST);
	/* A vCPU blocked or polling looks again. */
	pthread_cond_broadcast(&x->d->vm->wake);
	/*
	 * Through a LAPIC the upcall is an edge, sent as upcall_pending
	 * goes from 0 to 1 (Xen's vcpu_mark_events_pending); without one
	 * it is raised for as long as the flag is set.
	 */
	if (was && x->d->irq->edge)
		return;
	vector = xen_upcall_vector(x);
	if (vector)
		x->d->irq->raise(x->v, vector);
}
