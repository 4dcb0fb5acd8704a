/*
 * vcpu_op: which vCPUs are up, taking them down and up, and where each
 * vCPU's vcpu_info lives.
 */
#include "xhvm.h"

static struct xhvm_action
vcpu_down(struct xhvm_vcpu *v, struct xhvm_vcpu *target, struct xhvm_hcall *c)
{
	__atomic_store_n(&target->down, true, __ATOMIC_RELEASE);
	c->result = 0;
	if (target != v) {
		vcpu_kick(target); /* it parks on its way out of KVM_RUN */
		return action_run();
	}
	/* Itself: wait now, and resume after the hypercall once upped. */
	if (vcpu_wait(v, "VCPUOP_down", vcpu_is_up, NULL, 0) < 0)
		return guest_fault(v, "every vCPU is down or halted");
	return action_run();
}

static int64_t vcpu_up(struct xhvm_vcpu *target)
{
	struct xhvm_vm *vm = target->vm;

	pthread_mutex_lock(&vm->lock);
	__atomic_store_n(&target->down, false, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&vm->wake);
	pthread_mutex_unlock(&vm->lock);
	return 0;
}

static int64_t register_vcpu_info(struct xhvm_vcpu *v, struct xhvm_vcpu *target,
				  const struct xhvm_hcall *c)
{
	struct vcpu_register_vcpu_info info;
	uint64_t gpa;

	if (guest_read(v, c->arg[2], &info, sizeof(info)) < 0)
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
	if (info.mfn > v->vm->mem.size / PAGE_SIZE ||
	    gpa < XHVM_GUEST_BASE_GPA ||
	    !gpa_ptr(&v->vm->mem, gpa, XEN_VCPU_INFO_SIZE))
		return -XEN_EINVAL;
	/* Xen allows one registration per vCPU, for good. */
	if (!__atomic_compare_exchange_n(&target->vcpu_info_gpa, &(uint64_t){0},
					 gpa, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		return -XEN_EBUSY;
	xen_clock_refresh(v);
	return 0;
}

struct xhvm_action hc_vcpu_op(struct xhvm_vcpu *v, struct xhvm_hcall *c)
{
	uint64_t id = c->arg[1];
	struct xhvm_vcpu *target;

	if (id >= v->vm->nvcpus) {
		c->result = -XEN_ENOENT;
		return action_run();
	}
	target = &v->vm->vcpus[id];
	switch (c->arg[0]) {
	case VCPUOP_is_up:
		c->result = vcpu_is_up(target, NULL);
		break;
	case VCPUOP_up:
		c->result = vcpu_up(target);
		break;
	case VCPUOP_down:
		return vcpu_down(v, target, c);
	case VCPUOP_register_vcpu_info:
		c->result = register_vcpu_info(v, target, c);
		break;
	case VCPUOP_set_singleshot_timer:
	case VCPUOP_stop_singleshot_timer:
		/* As on Xen: a vCPU sets only its own timer. */
		c->result =
			target == v ? vcpu_singleshot_timer(v, c) : -XEN_EINVAL;
		break;
	case VCPUOP_register_runstate_memory_area:
		c->result = runstate_register(v, target, c);
		break;
	case VCPUOP_get_runstate_info:
		c->result = runstate_get(v, target, c);
		break;
	case VCPUOP_set_periodic_timer:
	case VCPUOP_stop_periodic_timer:
		c->result =
			vcpu_periodic_timer(v, target, c->arg[0], c->arg[2]);
		break;
	default:
		c->result = -XEN_ENOSYS;
		break;
	}
	return action_run();
}
