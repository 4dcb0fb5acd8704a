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

/* Reads and checks a struct sched_shutdown; 0 or a -XEN_E* error. */
static int64_t read_reason(struct xhvm_vcpu *v, uint64_t gva, uint32_t *reason)
{
	struct sched_shutdown arg;

	if (guest_read(v, gva, &arg, sizeof(arg)) < 0)
		return -XEN_EFAULT;
	if (arg.reason > SHUTDOWN_MAX)
		return -XEN_EINVAL;
	*reason = arg.reason;
	return 0;
}

/* Xen keeps the first code it is given for when the domain goes down. */
static int64_t shutdown_code(struct xhvm_vcpu *v, uint64_t gva)
{
	uint32_t reason;
	int64_t r = read_reason(v, gva, &reason);

	if (r)
		return r;
	pthread_mutex_lock(&v->vm->lock);
	if (!v->vm->shutdown_code_set) {
		v->vm->shutdown_code = reason;
		v->vm->shutdown_code_set = true;
	}
	pthread_mutex_unlock(&v->vm->lock);
	return 0;
}

static struct xhvm_action sched_shutdown(struct xhvm_vcpu *v,
					 struct xhvm_hcall *c)
{
	struct sched_shutdown arg;

	c->result = read_reason(v, c->arg[1], &arg.reason);
	if (c->result)
		return action_run();
	pthread_mutex_lock(&v->vm->lock);
	if (v->vm->shutdown_code_set)
		arg.reason = v->vm->shutdown_code;
	pthread_mutex_unlock(&v->vm->lock);
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
	case SCHEDOP_shutdown_code:
		c->result = shutdown_code(v, c->arg[1]);
		return action_run();
	default:
		c->result = -XEN_ENOSYS;
		return action_run();
	}
}
