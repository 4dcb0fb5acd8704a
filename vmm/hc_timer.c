/*
 * The timer hypercalls: set_timer_op and vcpu_op's singleshot and periodic
 * timers (xen_timer.c keeps and fires them), with Xen's rules for the
 * times a guest may pass.
 */
#include "xhvm.h"

#define MS 1000000ull

struct xhvm_action hc_set_timer_op(struct xhvm_vcpu *v, struct xhvm_hcall *c)
{
	/* A 64-bit time: one register, or EBX low and ECX high. */
	uint64_t t = c->longmode ? c->arg[0] : c->arg[0] | c->arg[1] << 32;
	int64_t ahead;

	if (t == 0) {
		xen_timer_set_oneshot(v, 0);
	} else {
		/*
		 * Xen's guard for guests whose time arithmetic wrapped: a
		 * negative time, or one more than 2^50 ns (13 days) ahead,
		 * becomes "in 100 ms".
		 */
		uint64_t now = xen_clock_now(v);

		ahead = (int64_t)(t - now);
		if ((int64_t)t < 0 || (ahead > 0 && (ahead >> 50) != 0))
			t = now + 100 * MS;
		xen_timer_set_oneshot(v, t);
	}
	c->result = 0;
	return action_run();
}

/* VCPUOP_{set,stop}_singleshot_timer, for the calling vCPU only. */
int64_t vcpu_singleshot_timer(struct xhvm_vcpu *v, const struct xhvm_hcall *c)
{
	uint64_t t;

	if (c->arg[0] == VCPUOP_stop_singleshot_timer) {
		xen_timer_set_oneshot(v, 0);
		return 0;
	}
	/* 16 bytes from 64-bit code, 12 from 32-bit code. */
	if (c->longmode) {
		struct vcpu_set_singleshot_timer a;

		if (guest_read(v, c->arg[2], &a, sizeof(a)) < 0)
			return -XEN_EFAULT;
		t = a.timeout_abs_ns;
	} else {
		struct vcpu_set_singleshot_timer_32 a;

		if (guest_read(v, c->arg[2], &a, sizeof(a)) < 0)
			return -XEN_EFAULT;
		t = a.timeout_abs_ns;
	}
	/*
	 * Since Xen 4.18 VCPU_SSHOTTMR_future is ignored: a time already
	 * past fires at once, as does one Xen would read as negative.
	 */
	xen_timer_set_oneshot(v, t ? xen_deadline(t) : 1);
	return 0;
}

/* VCPUOP_{set,stop}_periodic_timer, for any vCPU of the domain. */
int64_t vcpu_periodic_timer(struct xhvm_vcpu *v, struct xhvm_vcpu *target,
			    uint64_t cmd, uint64_t gva)
{
	struct vcpu_set_periodic_timer p;

	if (cmd == VCPUOP_stop_periodic_timer) {
		xen_timer_set_periodic(v, target, 0);
		return 0;
	}
	if (guest_read(v, gva, &p, sizeof(p)) < 0)
		return -XEN_EFAULT;
	/* Xen's bounds: at least 1 ms, at most 2^62 ns. */
	if (p.period_ns < 1 * MS || p.period_ns > XEN_PERIOD_MAX_NS)
		return -XEN_EINVAL;
	xen_timer_set_periodic(v, target, p.period_ns);
	return 0;
}
