/*
 * vm_assist: optional behaviours a guest turns on. HVM guests have one,
 * VMASST_TYPE_runstate_update_flag (xen_runstate.c), as on Xen.
 */
#include "xhvm.h"

/* Xen's HVM_VM_ASSIST_MASK. */
#define HVM_ASSISTS (1ull << VMASST_TYPE_runstate_update_flag)

struct xhvm_action hc_vm_assist(struct xhvm_vcpu *v, struct xhvm_hcall *c)
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
		pthread_mutex_lock(&v->vm->lock);
		v->vm->runstate_update_flag = cmd == VMASST_CMD_enable;
		pthread_mutex_unlock(&v->vm->lock);
		c->result = 0;
		break;
	default:
		c->result = -XEN_ENOSYS;
		break;
	}
	return action_run();
}
