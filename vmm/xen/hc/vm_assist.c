/*
 * vm_assist: optional behaviours a guest turns on. HVM guests have one,
 * VMASST_TYPE_runstate_update_flag (xen_runstate.c), as on Xen.
 */
#include "xen/xen.h"

/* Xen's HVM_VM_ASSIST_MASK. */
#define HVM_ASSISTS (1ull << VMASST_TYPE_runstate_update_flag)

static struct xhvm_action hc_vm_assist(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	uint64_t cmd = c->arg[0], type = c->arg[1];

	/* Xen checks the type first: unknown ones are -EINVAL. */
	if (type >= 64 || !(HVM_ASSISTS & (1ull << type))) {
		c->result = -XEN_EINVAL;
		return action_run();
	}
	switch (cmd) {
	case VMASST_CMD_enable:
	case VMASST_CMD_disable:
		pthread_mutex_lock(&x->d->vm->lock);
		x->d->runstate_update_flag = cmd == VMASST_CMD_enable;
		pthread_mutex_unlock(&x->d->vm->lock);
		c->result = 0;
		break;
	default:
		c->result = -XEN_ENOSYS;
		break;
	}
	return action_run();
}

static const char *const ops[] = {
	[VMASST_CMD_enable] = "enable", [VMASST_CMD_disable] = "disable"};

XEN_HYPERCALL(vm_assist) = {
	.nr = __HYPERVISOR_vm_assist,
	.name = "vm_assist",
	.fn = hc_vm_assist,
	.nargs = 2,
	.ops = ops,
	.nops = ARRAY_SIZE(ops),
};
