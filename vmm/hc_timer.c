/*
 * set_timer_op and the vcpu_op singleshot timer: each vCPU has one timer,
 * in Xen system time, that fires its VIRQ_TIMER (evtchn.c).
 */
#include "xhvm.h"

struct xhvm_action hc_set_timer_op(struct xhvm_vcpu *v, struct xhvm_hcall *c)
{
	/* A 64-bit time: one register, or EBX low and ECX high. */
	uint64_t ns = c->longmode ? c->arg[0] : c->arg[0] | c->arg[1] << 32;

	if (xen_timer_set(v, ns) < 0)
		return action_stop(XHVM_EXIT_HOST);
	/* Republish the time, so the guest's clock and ours stay close. */
	xen_time_refresh(v);
	c->result = 0;
	return action_run();
}

int64_t vcpu_singleshot_timer(struct xhvm_vcpu *v, uint64_t cmd, uint64_t gva)
{
	struct vcpu_set_singleshot_timer t;

	if (cmd == VCPUOP_stop_singleshot_timer)
		return xen_timer_set(v, 0) < 0 ? -XEN_EIO : 0;
	if (guest_read(v, gva, &t, sizeof(t)) < 0)
		return -XEN_EFAULT;
	if ((t.flags & VCPU_SSHOTTMR_future) &&
	    t.timeout_abs_ns < xen_time_now_ns(v->vm))
		return -XEN_ETIME;
	return xen_timer_set(v, t.timeout_abs_ns) < 0 ? -XEN_EIO : 0;
}
