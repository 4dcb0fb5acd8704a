/*
 * sched_op: yield, and shutdown, whose reason becomes xhvm's exit status.
 */
#include "xhvm.h"

static const struct {
	const char *name;
	int status;
} shutdown_reasons[SHUTDOWN_MAX + 1] = {
	[SHUTDOWN_poweroff] = {"poweroff", XHVM_EXIT_POWEROFF},
	[SHUTDOWN_reboot] = {"reboot", XHVM_EXIT_REBOOT},
	[SHUTDOWN_suspend] = {"suspend", XHVM_EXIT_SUSPEND},
	[SHUTDOWN_crash] = {"crash", XHVM_EXIT_CRASH},
	[SHUTDOWN_watchdog] = {"watchdog", XHVM_EXIT_WATCHDOG},
	[SHUTDOWN_soft_reset] = {"soft_reset", XHVM_EXIT_SOFT_RESET},
};

static struct xhvm_action sched_shutdown(struct xhvm_vcpu *v,
					 struct xhvm_hcall *c)
{
	struct sched_shutdown arg;

	if (guest_read(v, c->arg[1], &arg, sizeof(arg)) < 0) {
		c->result = -XEN_EFAULT;
		return action_run();
	}
	if (arg.reason > SHUTDOWN_MAX) {
		c->result = -XEN_EINVAL;
		return action_run();
	}
	if (arg.reason != SHUTDOWN_poweroff)
		xhvm_err("vCPU %u: guest shut down: %s", v->index,
			 shutdown_reasons[arg.reason].name);
	return action_stop(shutdown_reasons[arg.reason].status);
}

struct xhvm_action hc_sched_op(struct xhvm_vcpu *v, struct xhvm_hcall *c)
{
	switch (c->arg[0]) {
	case SCHEDOP_yield:
		/* One vCPU per thread: there is nobody to yield to here. */
		c->result = 0;
		return action_run();
	case SCHEDOP_shutdown:
		return sched_shutdown(v, c);
	default:
		c->result = -XEN_ENOSYS;
		return action_run();
	}
}
