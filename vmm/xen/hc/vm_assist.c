/*
 * vm_assist: optional behaviours a guest turns on. HVM guests have one,
 * VMASST_TYPE_runstate_update_flag (xen_runstate.c), as on Xen.
 */
#include "xen/xen.h"

/* Xen's HVM_VM_ASSIST_MASK. */
#define HVM_ASSISTS (1ull << VMASST_TYPE_runstate_update_flag)

/* Xen checks the type before the command: unknown ones are -EINVAL. */
static int64_t check_type(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	uint64_t type = c->arg[1];

	(void)x;
	return type < 64 && (HVM_ASSISTS & (1ull << type)) ? 0 : -XEN_EINVAL;
}

/* VMASST_CMD_enable and _disable of the one type check_type lets by. */
static int64_t set_assist(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	pthread_mutex_lock(&x->d->vm->lock);
	x->d->runstate_update_flag = c->arg[0] == VMASST_CMD_enable;
	pthread_mutex_unlock(&x->d->vm->lock);
	return 0;
}

static const struct hcall_op ops[] = {
	[VMASST_CMD_enable] = {"enable", set_assist},
	[VMASST_CMD_disable] = {"disable", set_assist},
};

XEN_HYPERCALL(vm_assist) = {
	.nr = __HYPERVISOR_vm_assist,
	.name = "vm_assist",
	.nargs = 2,
	.check = check_type,
	.ops = ops,
	.nops = ARRAY_SIZE(ops),
};
