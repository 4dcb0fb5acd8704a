/*
 * event_channel_op: ports between a guest and itself (xhvm runs one
 * domain) or a service in xhvm: unbound ports, inter-vCPU IPIs, virtual
 * IRQs (the timer), and their pending and mask bits (evtchn.c), by the
 * 2-level ABI or, once the guest asks, the FIFO ABI (evtchn_fifo.c).
 */
#include <string.h>

#include "xen/xen.h"

/* Port 0 is never valid; the rest up to the ABI's limit. */
static bool port_ok(struct xen_domain *d, uint32_t port)
{
	return port > 0 && port < evtchn_nr_ports(d);
}

/*
 * After evtchn_bind's result r: the guest's struct (arg, of size bytes)
 * goes back with the new port in *port. A fault on the way leaves the
 * port bound, as on Xen.
 */
static int64_t reply_port(struct xen_vcpu *x, uint64_t gva, void *arg,
			  size_t size, uint32_t *port, int64_t r)
{
	if (r < 0)
		return r;
	*port = (uint32_t)r;
	return guest_write(x->v, gva, arg, size) < 0 ? -XEN_EFAULT : 0;
}

/* Binds e to a new port, then replies as reply_port does. */
static int64_t bind_reply(struct xen_vcpu *x, uint64_t gva, void *arg,
			  size_t size, uint32_t *port, struct evtchn e)
{
	int64_t r;

	pthread_mutex_lock(&x->d->vm->lock);
	r = evtchn_bind(x->d, e);
	pthread_mutex_unlock(&x->d->vm->lock);
	return reply_port(x, gva, arg, size, port, r);
}

static int64_t alloc_unbound(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct evtchn_alloc_unbound a;

	if (guest_read(x->v, c->arg[1], &a, sizeof(a)) < 0)
		return -XEN_EFAULT;
	if (!xen_domid_is_self(a.dom))
		return -XEN_ESRCH;
	return bind_reply(x, c->arg[1], &a, sizeof(a), &a.port,
			  (struct evtchn){.state = EVTCHN_UNBOUND,
					  .remote_dom = a.remote_dom});
}

static int64_t bind_ipi(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct evtchn_bind_ipi b;

	if (guest_read(x->v, c->arg[1], &b, sizeof(b)) < 0)
		return -XEN_EFAULT;
	if (b.vcpu >= x->d->vm->nvcpus)
		return -XEN_ENOENT;
	return bind_reply(x, c->arg[1], &b, sizeof(b), &b.port,
			  (struct evtchn){.state = EVTCHN_IPI, .vcpu = b.vcpu});
}

static int64_t bind_virq(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	uint64_t gva = c->arg[1];
	struct xen_domain *d = x->d;
	struct evtchn_bind_virq b;
	uint32_t *bound;
	int64_t r = -XEN_EEXIST;

	if (guest_read(x->v, gva, &b, sizeof(b)) < 0)
		return -XEN_EFAULT;
	if (b.virq >= NR_VIRQS)
		return -XEN_EINVAL;
	/* Global VIRQs are vCPU 0's; bind_vcpu may move them later. */
	if (!evtchn_virq_is_per_vcpu(b.virq) && b.vcpu != 0)
		return -XEN_EINVAL;
	if (b.vcpu >= d->vm->nvcpus)
		return -XEN_ENOENT;
	bound = &d->vcpus[b.vcpu].virq_port[b.virq];
	pthread_mutex_lock(&d->vm->lock);
	if (!*bound) {
		r = evtchn_bind(d, (struct evtchn){.state = EVTCHN_VIRQ,
						   .virq = (uint8_t)b.virq,
						   .vcpu = b.vcpu});
		if (r > 0)
			*bound = (uint32_t)r;
	}
	pthread_mutex_unlock(&d->vm->lock);
	return reply_port(x, gva, &b, sizeof(b), &b.port, r);
}

/* close, send, unmask: a struct holding one port. */
static int64_t port_op(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	uint64_t cmd = c->arg[0], gva = c->arg[1];
	struct xen_domain *d = x->d;
	struct evtchn_port_arg a;
	struct evtchn *e, host = {0};
	int64_t r = 0;

	if (guest_read(x->v, gva, &a, sizeof(a)) < 0)
		return -XEN_EFAULT;
	pthread_mutex_lock(&d->vm->lock);
	e = port_ok(d, a.port) ? &d->evtchn[a.port] : NULL;
	if (!e || (e->state == EVTCHN_FREE && cmd != EVTCHNOP_unmask)) {
		r = -XEN_EINVAL;
	} else if (cmd == EVTCHNOP_close) {
		/* A service's port is its own: the guest may not take it. */
		if (e->state == EVTCHN_HOST)
			r = -XEN_EINVAL;
		else
			evtchn_close(d, a.port);
	} else if (cmd == EVTCHNOP_send) {
		/* IPIs go through; an unbound port drops it, as on Xen. */
		if (e->state == EVTCHN_IPI)
			evtchn_set_pending(d, a.port);
		else if (e->state == EVTCHN_HOST)
			host = *e;
		else if (e->state != EVTCHN_UNBOUND)
			r = -XEN_EINVAL;
	} else {
		evtchn_unmask(d, a.port);
	}
	pthread_mutex_unlock(&d->vm->lock);
	/* The service runs unlocked: it may notify the guest in turn. */
	if (host.host_fn)
		host.host_fn(x, a.port, host.host_arg);
	return r;
}

static int64_t status(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	uint64_t gva = c->arg[1];
	static const uint32_t stat[] = {
		[EVTCHN_FREE] = EVTCHNSTAT_closed,
		[EVTCHN_UNBOUND] = EVTCHNSTAT_unbound,
		[EVTCHN_VIRQ] = EVTCHNSTAT_virq,
		[EVTCHN_IPI] = EVTCHNSTAT_ipi,
		[EVTCHN_HOST] = EVTCHNSTAT_interdomain,
	};
	struct xen_domain *d = x->d;
	struct evtchn_status s;
	struct evtchn e;

	if (guest_read(x->v, gva, &s, sizeof(s)) < 0)
		return -XEN_EFAULT;
	if (!xen_domid_is_self(s.dom))
		return -XEN_ESRCH;
	if (!port_ok(d, s.port))
		return -XEN_EINVAL;
	pthread_mutex_lock(&d->vm->lock);
	e = d->evtchn[s.port];
	pthread_mutex_unlock(&d->vm->lock);
	s.status = stat[e.state];
	s.vcpu = e.vcpu;
	memset(&s.u, 0, sizeof(s.u));
	if (e.state == EVTCHN_UNBOUND)
		s.u.unbound.dom = e.remote_dom;
	else if (e.state == EVTCHN_VIRQ)
		s.u.virq = e.virq;
	else if (e.state == EVTCHN_HOST)
		s.u.interdomain.dom = e.remote_dom; /* domain 0's port: 0 */
	return guest_write(x->v, gva, &s, sizeof(s)) < 0 ? -XEN_EFAULT : 0;
}

/* ---- Moving ports, resetting ------------------------------------------ */

/*
 * EVTCHNOP_bind_vcpu: where a port's events go from now on. Xen moves
 * unbound and interdomain ports (a service's is one: Linux moves the
 * console's and XenStore's) and global VIRQs; not IPIs, nor per-vCPU
 * VIRQs. A pending event stays where it was raised.
 */
static int64_t bind_vcpu(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct xen_domain *d = x->d;
	struct evtchn_bind_vcpu b;
	struct evtchn *e;
	int64_t r = 0;

	if (guest_read(x->v, c->arg[1], &b, sizeof(b)) < 0)
		return -XEN_EFAULT;
	if (b.vcpu >= d->vm->nvcpus)
		return -XEN_ENOENT;
	if (!port_ok(d, b.port))
		return -XEN_EINVAL;
	pthread_mutex_lock(&d->vm->lock);
	e = &d->evtchn[b.port];
	if (e->state == EVTCHN_UNBOUND || e->state == EVTCHN_HOST ||
	    (e->state == EVTCHN_VIRQ && !evtchn_virq_is_per_vcpu(e->virq)))
		e->vcpu = b.vcpu;
	else
		r = -XEN_EINVAL;
	pthread_mutex_unlock(&d->vm->lock);
	return r;
}

/*
 * EVTCHNOP_reset: closes every port the guest may close (a service's
 * stays, as Xen keeps its own) and goes back to the 2-level ABI. Xen
 * preempts a long reset and continues it as EVTCHNOP_reset_cont; xhvm's
 * is never preempted, so a guest's own reset_cont finds no reset under
 * way: -EBUSY, as on Xen.
 */
static int64_t reset(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct xen_domain *d = x->d;
	struct evtchn_reset a;
	unsigned p;

	if (guest_read(x->v, c->arg[1], &a, sizeof(a)) < 0)
		return -XEN_EFAULT;
	if (!xen_domid_is_self(a.dom))
		return -XEN_ESRCH;
	if (c->arg[0] == EVTCHNOP_reset_cont)
		return -XEN_EBUSY;
	pthread_mutex_lock(&d->vm->lock);
	for (p = 1; p < EVTCHN_MAX_PORTS; p++)
		if (d->evtchn[p].state != EVTCHN_FREE &&
		    d->evtchn[p].state != EVTCHN_HOST)
			evtchn_close(d, p);
	evtchn_fifo_reset(d);
	pthread_mutex_unlock(&d->vm->lock);
	return 0;
}

/* ---- The FIFO ABI ------------------------------------------------------- */

static int64_t init_control(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct xen_domain *d = x->d;
	struct evtchn_init_control a;
	int64_t r;

	if (guest_read(x->v, c->arg[1], &a, sizeof(a)) < 0)
		return -XEN_EFAULT;
	/* Xen's answer, written back on success only. */
	a.link_bits = EVTCHN_FIFO_LINK_BITS;
	pthread_mutex_lock(&d->vm->lock);
	r = evtchn_fifo_init_control(d, a.vcpu, a.control_gfn, a.offset);
	pthread_mutex_unlock(&d->vm->lock);
	if (r == 0 && guest_write(x->v, c->arg[1], &a, sizeof(a)) < 0)
		return -XEN_EFAULT;
	return r;
}

static int64_t expand_array(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct xen_domain *d = x->d;
	struct evtchn_expand_array a;
	int64_t r;

	if (guest_read(x->v, c->arg[1], &a, sizeof(a)) < 0)
		return -XEN_EFAULT;
	pthread_mutex_lock(&d->vm->lock);
	r = evtchn_fifo_expand_array(d, a.array_gfn);
	pthread_mutex_unlock(&d->vm->lock);
	return r;
}

/* Xen checks the port, then the ABI (2-level: -ENOSYS), then its use. */
static int64_t set_priority(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct xen_domain *d = x->d;
	struct evtchn_set_priority a;
	int64_t r;

	if (guest_read(x->v, c->arg[1], &a, sizeof(a)) < 0)
		return -XEN_EFAULT;
	if (!port_ok(d, a.port))
		return -XEN_EINVAL;
	pthread_mutex_lock(&d->vm->lock);
	if (!evtchn_is_fifo(d))
		r = -XEN_ENOSYS;
	else if (d->evtchn[a.port].state == EVTCHN_FREE)
		r = -XEN_EACCES;
	else
		r = evtchn_fifo_set_priority(d, a.port, a.priority);
	pthread_mutex_unlock(&d->vm->lock);
	return r;
}

/* The interdomain and PIRQ ops are not provided yet. */
static const struct hcall_op ops[] = {
	[EVTCHNOP_bind_interdomain] = {"bind_interdomain", NULL},
	[EVTCHNOP_bind_virq] = {"bind_virq", bind_virq},
	[EVTCHNOP_bind_pirq] = {"bind_pirq", NULL},
	[EVTCHNOP_close] = {"close", port_op},
	[EVTCHNOP_send] = {"send", port_op},
	[EVTCHNOP_status] = {"status", status},
	[EVTCHNOP_alloc_unbound] = {"alloc_unbound", alloc_unbound},
	[EVTCHNOP_bind_ipi] = {"bind_ipi", bind_ipi},
	[EVTCHNOP_bind_vcpu] = {"bind_vcpu", bind_vcpu},
	[EVTCHNOP_unmask] = {"unmask", port_op},
	[EVTCHNOP_reset] = {"reset", reset},
	[EVTCHNOP_init_control] = {"init_control", init_control},
	[EVTCHNOP_expand_array] = {"expand_array", expand_array},
	[EVTCHNOP_set_priority] = {"set_priority", set_priority},
	[EVTCHNOP_reset_cont] = {"reset_cont", reset},
};

XEN_HYPERCALL(event_channel_op) = {
	.nr = __HYPERVISOR_event_channel_op,
	.name = "event_channel_op",
	.nargs = 2,
	.ops = ops,
	.nops = ARRAY_SIZE(ops),
};
