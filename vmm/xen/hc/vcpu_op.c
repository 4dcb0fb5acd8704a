/*
 * vcpu_op: which vCPUs are up, taking them down and up, where each
 * vCPU's vcpu_info and runstate area live, and its timers.
 */
#include "xen/xen.h"

#define MS 1000000ull

/* The vCPU arg 1 names, which check_vcpu has found in range. */
static struct xen_vcpu *target_of(struct xen_vcpu *x,
				  const struct xhvm_hcall *c)
{
	return &x->d->vcpus[c->arg[1]];
}

/* Xen looks the vCPU up before the sub-operation. */
static int64_t check_vcpu(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	return c->arg[1] < x->d->vm->nvcpus ? 0 : -XEN_ENOENT;
}

static int64_t is_up(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	return xen_vcpu_is_up(target_of(x, c), NULL);
}

static int64_t vcpu_down(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct xen_vcpu *target = target_of(x, c);

	__atomic_store_n(&target->down, true, __ATOMIC_RELEASE);
	if (target != x) {
		vcpu_kick(target->v); /* it parks on its way out of KVM_RUN */
		return 0;
	}
	/* Itself: wait now, and resume after the hypercall once upped. */
	if (xen_wait(x, "VCPUOP_down", xen_vcpu_is_up, NULL, 0) < 0)
		c->next = guest_fault(x->v, "every vCPU is down or halted");
	return 0;
}

/* Xen's rule: a vCPU with no state yet cannot come up. */
static int64_t vcpu_up(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct xen_vcpu *target = target_of(x, c);
	struct vm *vm = target->d->vm;
	bool ok;

	pthread_mutex_lock(&vm->lock);
	ok = __atomic_load_n(&target->initialised, __ATOMIC_ACQUIRE);
	if (ok)
		__atomic_store_n(&target->down, false, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&vm->wake);
	pthread_mutex_unlock(&vm->lock);
	if (!ok)
		return -XEN_EINVAL;
	/* With a LAPIC a parked vCPU waits in KVM: bring it out to start. */
	if (target != x && vm->lapic)
		vcpu_kick(target->v);
	return 0;
}

/*
 * VCPUOP_initialise: the state a vCPU without one starts in, at its next
 * VCPUOP_up. -EEXIST for a vCPU that has a state, as on Xen.
 */
static int64_t vcpu_initialise(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct xen_vcpu *target = target_of(x, c);
	struct vcpu_hvm_context h;
	struct x86_context ctx;
	int64_t r;

	if (guest_read(x->v, c->arg[2], &h, sizeof(h)) < 0)
		return -XEN_EFAULT;
	pthread_mutex_lock(&x->d->vm->lock);
	r = __atomic_load_n(&target->initialised, __ATOMIC_ACQUIRE)
		    ? -XEN_EEXIST
		    : xen_vcpu_context(&h, &ctx);
	if (!r) {
		target->ctx = ctx;
		__atomic_store_n(&target->initialised, true, __ATOMIC_RELEASE);
		__atomic_store_n(&target->ctx_pending, true, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&x->d->vm->lock);
	return r;
}

static int64_t register_vcpu_info(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct xen_vcpu *target = target_of(x, c);
	struct vcpu_register_vcpu_info info;
	uint64_t gpa;

	if (guest_read(x->v, c->arg[2], &info, sizeof(info)) < 0)
		return -XEN_EFAULT;
	/*
	 * Within its page, and aligned as the caller's struct vcpu_info is
	 * (8 bytes, 4 for 32-bit code): Xen's rules since XSA-327.
	 */
	if (info.offset > PAGE_SIZE - XEN_VCPU_INFO_SIZE ||
	    info.offset % (c->longmode ? 8 : 4))
		return -XEN_ENXIO;
	/* The guest's RAM only: below 1 MiB is xhvm's (and 0 means none). */
	gpa = info.mfn * PAGE_SIZE + info.offset;
	if (info.mfn > x->d->vm->mem.size / PAGE_SIZE ||
	    gpa < XHVM_GUEST_BASE_GPA ||
	    !gpa_ptr(&x->d->vm->mem, gpa, XEN_VCPU_INFO_SIZE))
		return -XEN_EINVAL;
	/* Xen allows one registration per vCPU, for good. */
	if (!__atomic_compare_exchange_n(&target->vcpu_info_gpa, &(uint64_t){0},
					 gpa, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		return -XEN_EBUSY;
	xen_clock_refresh(x);
	return 0;
}

/* VCPUOP_{set,stop}_singleshot_timer: as on Xen, for the caller only. */
static int64_t singleshot_timer(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	uint64_t t;

	if (target_of(x, c) != x)
		return -XEN_EINVAL;
	if (c->arg[0] == VCPUOP_stop_singleshot_timer) {
		xen_timer_set_oneshot(x, 0);
		return 0;
	}
	/* 16 bytes from 64-bit code, 12 from 32-bit code. */
	if (c->longmode) {
		struct vcpu_set_singleshot_timer a;

		if (guest_read(x->v, c->arg[2], &a, sizeof(a)) < 0)
			return -XEN_EFAULT;
		t = a.timeout_abs_ns;
	} else {
		struct vcpu_set_singleshot_timer_32 a;

		if (guest_read(x->v, c->arg[2], &a, sizeof(a)) < 0)
			return -XEN_EFAULT;
		t = a.timeout_abs_ns;
	}
	/*
	 * Since Xen 4.18 VCPU_SSHOTTMR_future is ignored: a time already
	 * past fires at once, as does one Xen would read as negative.
	 */
	xen_timer_set_oneshot(x, t ? xen_deadline(t) : 1);
	return 0;
}

/* VCPUOP_{set,stop}_periodic_timer, for any vCPU of the domain. */
static int64_t periodic_timer(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct xen_vcpu *target = target_of(x, c);
	struct vcpu_set_periodic_timer p;

	if (c->arg[0] == VCPUOP_stop_periodic_timer) {
		xen_timer_set_periodic(x, target, 0);
		return 0;
	}
	if (guest_read(x->v, c->arg[2], &p, sizeof(p)) < 0)
		return -XEN_EFAULT;
	/* Xen's bounds: at least 1 ms, at most 2^62 ns. */
	if (p.period_ns < 1 * MS || p.period_ns > XEN_PERIOD_MAX_NS)
		return -XEN_EINVAL;
	xen_timer_set_periodic(x, target, p.period_ns);
	return 0;
}

static int64_t runstate_area(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	return runstate_register(x, target_of(x, c), c);
}

static int64_t runstate_info(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	return runstate_get(x, target_of(x, c), c);
}

static const struct hcall_op ops[] = {
	[VCPUOP_initialise] = {"initialise", vcpu_initialise},
	[VCPUOP_up] = {"up", vcpu_up},
	[VCPUOP_down] = {"down", vcpu_down},
	[VCPUOP_is_up] = {"is_up", is_up},
	[VCPUOP_get_runstate_info] = {"get_runstate_info", runstate_info},
	[VCPUOP_register_runstate_memory_area] =
		{"register_runstate_memory_area", runstate_area},
	[VCPUOP_set_periodic_timer] = {"set_periodic_timer", periodic_timer},
	[VCPUOP_stop_periodic_timer] = {"stop_periodic_timer", periodic_timer},
	[VCPUOP_set_singleshot_timer] = {"set_singleshot_timer",
					 singleshot_timer},
	[VCPUOP_stop_singleshot_timer] = {"stop_singleshot_timer",
					  singleshot_timer},
	[VCPUOP_register_vcpu_info] = {"register_vcpu_info",
				       register_vcpu_info},
};

XEN_HYPERCALL(vcpu_op) = {
	.nr = __HYPERVISOR_vcpu_op,
	.name = "vcpu_op",
	.nargs = 3,
	.check = check_vcpu,
	.ops = ops,
	.nops = ARRAY_SIZE(ops),
};
