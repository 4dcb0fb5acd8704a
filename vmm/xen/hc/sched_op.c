/*
 * sched_op: yield, and shutdown, whose reason becomes xhvm's exit status.
 */
#include <sched.h>

#include "xen/xen.h"

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
static int64_t read_reason(struct xen_vcpu *x, uint64_t gva, uint32_t *reason)
{
	struct sched_shutdown arg;

	if (guest_read(x->v, gva, &arg, sizeof(arg)) < 0)
		return -XEN_EFAULT;
	if (arg.reason > SHUTDOWN_MAX)
		return -XEN_EINVAL;
	*reason = arg.reason;
	return 0;
}

/* Xen keeps the first code it is given for when the domain goes down. */
static int64_t shutdown_code(struct xen_vcpu *x, uint64_t gva)
{
	uint32_t reason;
	int64_t r = read_reason(x, gva, &reason);

	if (r)
		return r;
	pthread_mutex_lock(&x->d->vm->lock);
	if (!x->d->shutdown_code_set) {
		x->d->shutdown_code = reason;
		x->d->shutdown_code_set = true;
	}
	pthread_mutex_unlock(&x->d->vm->lock);
	return 0;
}

static struct xhvm_action sched_shutdown(struct xen_vcpu *x,
					 struct xhvm_hcall *c)
{
	struct sched_shutdown arg;

	c->result = read_reason(x, c->arg[1], &arg.reason);
	if (c->result)
		return action_run();
	pthread_mutex_lock(&x->d->vm->lock);
	if (x->d->shutdown_code_set)
		arg.reason = x->d->shutdown_code;
	pthread_mutex_unlock(&x->d->vm->lock);
	if (arg.reason != SHUTDOWN_poweroff)
		xhvm_err("vCPU %u: guest shut down: %s", x->index,
			 shutdown_reasons[arg.reason].name);
	return action_stop(shutdown_reasons[arg.reason].status);
}

static bool upcall_pending(struct xen_vcpu *x, void *arg)
{
	(void)arg;
	return xen_upcall_pending(x);
}

/*
 * SCHEDOP_block: enable event delivery and sleep until an event is
 * pending for this vCPU (its timer included).
 */
static struct xhvm_action sched_block(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	uint8_t *vi = vcpu_info_ptr(x);

	if (vi)
		__atomic_store_n(vi + XEN_VCPU_INFO_UPCALL_MASK, 0,
				 __ATOMIC_SEQ_CST);
	c->result = 0;
	if (xen_wait(x, "SCHEDOP_block", upcall_pending, NULL, 0) < 0)
		return guest_fault(x->v, "SCHEDOP_block on every vCPU, with "
					 "nothing that could wake one");
	return action_run();
}

struct poll_ports {
	uint32_t ports[SCHEDOP_POLL_MAX_PORTS];
	uint32_t n;
};

/* Under vm->lock (xen_wait's): is any polled port pending? */
static bool any_pending(struct xen_vcpu *x, void *arg)
{
	const struct poll_ports *p = arg;
	uint32_t i;

	for (i = 0; i < p->n; i++)
		if (evtchn_is_pending(x->d, p->ports[i]))
			return true;
	return false;
}

/*
 * SCHEDOP_poll: sleep until one of the ports is pending or the timeout
 * (absolute system time, 0: none) passes; either way 0.
 */
static struct xhvm_action sched_poll(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct poll_ports p;
	uint64_t ports, timeout;
	uint32_t i;

	if (c->longmode) {
		struct sched_poll_64 a;

		if (guest_read(x->v, c->arg[1], &a, sizeof(a)) < 0)
			goto fault;
		ports = a.ports, p.n = a.nr_ports, timeout = a.timeout;
	} else {
		struct sched_poll_32 a;

		if (guest_read(x->v, c->arg[1], &a, sizeof(a)) < 0)
			goto fault;
		ports = a.ports, p.n = a.nr_ports, timeout = a.timeout;
	}
	if (p.n > SCHEDOP_POLL_MAX_PORTS) {
		c->result = -XEN_EINVAL;
		return action_run();
	}
	if (guest_read(x->v, ports, p.ports, p.n * sizeof(p.ports[0])) < 0)
		goto fault;
	for (i = 0; i < p.n; i++) {
		if (p.ports[i] == 0 || p.ports[i] >= evtchn_nr_ports(x->d)) {
			c->result = -XEN_EINVAL;
			return action_run();
		}
	}
	c->result = 0;
	if (xen_wait(x, "SCHEDOP_poll", any_pending, &p,
		     xen_deadline(timeout)) < 0)
		return guest_fault(x->v, "SCHEDOP_poll on every vCPU, with "
					 "nothing that could wake one");
	return action_run();
fault:
	c->result = -XEN_EFAULT;
	return action_run();
}

static struct xhvm_action hc_sched_op(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	switch (c->arg[0]) {
	case SCHEDOP_yield:
		/* Give the vCPU's host CPU to another thread: with more vCPUs
		 * than cores, a guest spinning on a lock needs this. */
		sched_yield();
		c->result = 0;
		return action_run();
	case SCHEDOP_shutdown:
		return sched_shutdown(x, c);
	case SCHEDOP_shutdown_code:
		c->result = shutdown_code(x, c->arg[1]);
		return action_run();
	case SCHEDOP_block:
		return sched_block(x, c);
	case SCHEDOP_poll:
		return sched_poll(x, c);
	default:
		c->result = -XEN_ENOSYS;
		return action_run();
	}
}

static const char *const ops[] = {
	[SCHEDOP_yield] = "yield",
	[SCHEDOP_block] = "block",
	[SCHEDOP_shutdown] = "shutdown",
	[SCHEDOP_poll] = "poll",
	[SCHEDOP_shutdown_code] = "shutdown_code",
};

XEN_HYPERCALL(sched_op) = {
	.nr = __HYPERVISOR_sched_op,
	.name = "sched_op",
	.fn = hc_sched_op,
	.nargs = 2,
	.ops = ops,
	.nops = ARRAY_SIZE(ops),
};
