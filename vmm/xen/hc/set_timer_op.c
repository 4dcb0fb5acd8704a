/*
 * set_timer_op: the calling vCPU's singleshot timer (timer.c keeps and
 * fires it; vcpu_op's singleshot timer is the same one), with Xen's rule
 * for the times a guest may pass.
 */
#include "xen/xen.h"

#define MS 1000000ull

static int64_t set_timer_op(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	/* A 64-bit time: one register, or EBX low and ECX high. */
	uint64_t t = c->longmode ? c->arg[0] : c->arg[0] | c->arg[1] << 32;
	int64_t ahead;

	if (t == 0) {
		xen_timer_set_oneshot(x, 0);
	} else {
		/*
		 * Xen's guard for guests whose time arithmetic wrapped: a
		 * negative time, or one more than 2^50 ns (13 days) ahead,
		 * becomes "in 100 ms".
		 */
		uint64_t now = xen_clock_now(x);

		ahead = (int64_t)(t - now);
		if ((int64_t)t < 0 || (ahead > 0 && (ahead >> 50) != 0))
			t = now + 100 * MS;
		xen_timer_set_oneshot(x, t);
	}
	return 0;
}

XEN_HYPERCALL(set_timer_op) = {
	.nr = __HYPERVISOR_set_timer_op,
	.name = "set_timer_op",
	.nargs = 1,
	.fn = set_timer_op,
};
