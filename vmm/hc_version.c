/*
 * xen_version: which Xen xhvm presents.
 */
#include "xhvm.h"

struct xhvm_action hc_xen_version(struct xhvm_vcpu *v, struct xhvm_hcall *c)
{
	(void)v;
	switch (c->arg[0]) {
	case XENVER_version:
		c->result = XHVM_XEN_MAJOR << 16 | XHVM_XEN_MINOR;
		break;
	default:
		c->result = -XEN_ENOSYS;
		break;
	}
	return action_run();
}
