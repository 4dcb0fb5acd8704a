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
static int64_t shutdown_code(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	uint32_t reason;
	int64_t r = read_reason(x, c->arg[1], &reason);

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

static int64_t sched_shutdown(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct sched_shutdown arg;
	int64_t r = read_reason(x, c->arg[1], &arg.reason);

	if (r)
		return r;
	pthread_mutex_lock(&x->d->vm->lock);
	if (x->d->shutdown_code_set)
		arg.reason = x->d->shutdown_code;
	pthread_mutex_unlock(&x->d->vm->lock);
	if (arg.reason != SHUTDOWN_poweroff)
		xhvm_err("vCPU %u: guest shut down: %s", x->index,
			 shutdown_reasons[arg.reason].name);
	c->next = action_stop(shutdown_reasons[arg.reason].status);
	return 0;
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
static int64_t sched_block(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	uint8_t *vi = vcpu_info_ptr(x);

	if (vi)
		__atomic_store_n(vi + XEN_VCPU_INFO_UPCALL_MASK, 0,
				 __ATOMIC_SEQ_CST);
	if (xen_wait(x, "SCHEDOP_block", upcall_pending, NULL, 0) < 0)
		c->next = guest_fault(x->v, "SCHEDOP_block on every vCPU, "
					    "with nothing that could wake one");
	return 0;
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
static int64_t sched_poll(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct poll_ports p;
	uint64_t ports, timeout;
	uint32_t i;

	if (c->longmode) {
		struct sched_poll_64 a;

		if (guest_read(x->v, c->arg[1], &a, sizeof(a)) < 0)
			return -XEN_EFAULT;
		ports = a.ports, p.n = a.nr_ports, timeout = a.timeout;
	} else {
		struct sched_poll_32 a;

		if (guest_read(x->v, c->arg[1], &a, sizeof(a)) < 0)
			return -XEN_EFAULT;
		ports = a.ports, p.n = a.nr_ports, timeout = a.timeout;
	}
	if (p.n > SCHEDOP_POLL_MAX_PORTS)
		return -XEN_EINVAL;
	if (guest_read(x->v, ports, p.ports, p.n * sizeof(p.ports[0])) < 0)
		return -XEN_EFAULT;
	for (i = 0; i < p.n; i++)
		if (p.ports[i] == 0 || p.ports[i] >= evtchn_nr_ports(x->d))
			return -XEN_EINVAL;
	if (xen_wait(x, "SCHEDOP_poll", any_pending, &p,
		     xen_deadline(timeout)) < 0)
		c->next = guest_fault(x->v, "SCHEDOP_poll on every vCPU, with "
					    "nothing that could wake one");
	return 0;
}

/*
 * Gives the vCPU's host CPU to another thread: with more vCPUs than
 * cores, a guest spinning on a lock needs this.
 */
static int64_t yield(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	(void)x;
	(void)c;
	sched_yield();
	return 0;
}

static const struct hcall_op ops[] = {
	[SCHEDOP_yield] = {"yield", yield},
	[SCHEDOP_block] = {"block", sched_block},
	[SCHEDOP_shutdown] = {"shutdown", sched_shutdown},
	[SCHEDOP_poll] = {"poll", sched_poll},
	[SCHEDOP_shutdown_code] = {"shutdown_code", shutdown_code},
};

XEN_HYPERCALL(sched_op) = {
	.nr = __HYPERVISOR_sched_op,
	.name = "sched_op",
	.nargs = 2,
	.ops = ops,
	.nops = ARRAY_SIZE(ops),
};
