/*
 * event_channel_op: ports between a guest and itself (xhvm runs one
 * domain): unbound ports, inter-vCPU IPIs, virtual IRQs (the timer), and
 * their pending and mask bits (evtchn.c).
 */
#include <string.h>

#include "xhvm.h"

/* Port 0 is never valid; the rest up to the ABI's limit. */
static bool port_ok(struct xhvm_vm *vm, uint32_t port)
{
	return port > 0 && port < evtchn_nr_ports(vm);
}

/*
 * Puts e on the lowest free port: its number, or -XEN_ENOSPC when every
 * port is taken. Under vm->lock.
 */
static int64_t bind_port(struct xhvm_vm *vm, struct evtchn e)
{
	uint32_t p, n = evtchn_nr_ports(vm);

	for (p = 1; p < n; p++) {
		if (vm->evtchn[p].state == EVTCHN_FREE) {
			vm->evtchn[p] = e;
			return p;
		}
	}
	return -XEN_ENOSPC;
}

/*
 * After bind_port's result r: the guest's struct (arg, of size bytes)
 * goes back with the new port in *port. A fault on the way leaves the
 * port bound, as on Xen.
 */
static int64_t reply_port(struct xhvm_vcpu *v, uint64_t gva, void *arg,
			  size_t size, uint32_t *port, int64_t r)
{
	if (r < 0)
		return r;
	*port = (uint32_t)r;
	return guest_write(v, gva, arg, size) < 0 ? -XEN_EFAULT : 0;
}

static int64_t alloc_unbound(struct xhvm_vcpu *v, uint64_t gva)
{
	struct xhvm_vm *vm = v->vm;
	struct evtchn_alloc_unbound a;
	int64_t r;

	if (guest_read(v, gva, &a, sizeof(a)) < 0)
		return -XEN_EFAULT;
	if (a.dom != DOMID_SELF && a.dom != 0)
		return -XEN_ESRCH;
	pthread_mutex_lock(&vm->lock);
	r = bind_port(vm, (struct evtchn){.state = EVTCHN_UNBOUND,
					  .remote_dom = a.remote_dom});
	pthread_mutex_unlock(&vm->lock);
	return reply_port(v, gva, &a, sizeof(a), &a.port, r);
}

static int64_t bind_ipi(struct xhvm_vcpu *v, uint64_t gva)
{
	struct xhvm_vm *vm = v->vm;
	struct evtchn_bind_ipi b;
	int64_t r;

	if (guest_read(v, gva, &b, sizeof(b)) < 0)
		return -XEN_EFAULT;
	if (b.vcpu >= vm->nvcpus)
		return -XEN_ENOENT;
	pthread_mutex_lock(&vm->lock);
	r = bind_port(vm, (struct evtchn){.state = EVTCHN_IPI, .vcpu = b.vcpu});
	pthread_mutex_unlock(&vm->lock);
	return reply_port(v, gva, &b, sizeof(b), &b.port, r);
}

static int64_t bind_virq(struct xhvm_vcpu *v, uint64_t gva)
{
	struct xhvm_vm *vm = v->vm;
	struct evtchn_bind_virq b;
	uint32_t *bound;
	int64_t r = -XEN_EEXIST;

	if (guest_read(v, gva, &b, sizeof(b)) < 0)
		return -XEN_EFAULT;
	if (b.virq >= NR_VIRQS)
		return -XEN_EINVAL;
	if (b.vcpu >= vm->nvcpus)
		return -XEN_ENOENT;
	bound = &vm->vcpus[b.vcpu].virq_port[b.virq];
	pthread_mutex_lock(&vm->lock);
	if (!*bound) {
		r = bind_port(vm, (struct evtchn){.state = EVTCHN_VIRQ,
						  .virq = (uint8_t)b.virq,
						  .vcpu = b.vcpu});
		if (r > 0)
			*bound = (uint32_t)r;
	}
	pthread_mutex_unlock(&vm->lock);
	return reply_port(v, gva, &b, sizeof(b), &b.port, r);
}

/* Frees one port, and the binding that points at it. Under vm->lock. */
static void close_port(struct xhvm_vm *vm, uint32_t port)
{
	struct evtchn *e = &vm->evtchn[port];

	if (e->state == EVTCHN_VIRQ)
		vm->vcpus[e->vcpu].virq_port[e->virq] = 0;
	*e = (struct evtchn){0};
}

void evtchn_close_from(struct xhvm_vm *vm, unsigned first)
{
	unsigned p;

	for (p = first; p < EVTCHN_MAX_PORTS; p++)
		if (vm->evtchn[p].state != EVTCHN_FREE)
			close_port(vm, p);
}

/* close, send, unmask: a struct holding one port. */
static int64_t port_op(struct xhvm_vcpu *v, uint64_t cmd, uint64_t gva)
{
	struct xhvm_vm *vm = v->vm;
	struct evtchn_port_arg a;
	struct evtchn *e;
	int64_t r = 0;

	if (guest_read(v, gva, &a, sizeof(a)) < 0)
		return -XEN_EFAULT;
	pthread_mutex_lock(&vm->lock);
	e = port_ok(vm, a.port) ? &vm->evtchn[a.port] : NULL;
	if (!e || (e->state == EVTCHN_FREE && cmd != EVTCHNOP_unmask)) {
		r = -XEN_EINVAL;
	} else if (cmd == EVTCHNOP_close) {
		close_port(vm, a.port);
	} else if (cmd == EVTCHNOP_send) {
		/* IPIs go through; an unbound port drops it, as on Xen. */
		if (e->state == EVTCHN_IPI)
			evtchn_set_pending(vm, a.port);
		else if (e->state != EVTCHN_UNBOUND)
			r = -XEN_EINVAL;
	} else {
		evtchn_unmask(vm, a.port);
	}
	pthread_mutex_unlock(&vm->lock);
	return r;
}

static int64_t status(struct xhvm_vcpu *v, uint64_t gva)
{
	static const uint32_t stat[] = {
		[EVTCHN_FREE] = EVTCHNSTAT_closed,
		[EVTCHN_UNBOUND] = EVTCHNSTAT_unbound,
		[EVTCHN_VIRQ] = EVTCHNSTAT_virq,
		[EVTCHN_IPI] = EVTCHNSTAT_ipi,
	};
	struct xhvm_vm *vm = v->vm;
	struct evtchn_status s;
	struct evtchn e;

	if (guest_read(v, gva, &s, sizeof(s)) < 0)
		return -XEN_EFAULT;
	if (s.dom != DOMID_SELF && s.dom != 0)
		return -XEN_ESRCH;
	if (!port_ok(vm, s.port))
		return -XEN_EINVAL;
	pthread_mutex_lock(&vm->lock);
	e = vm->evtchn[s.port];
	pthread_mutex_unlock(&vm->lock);
	s.status = stat[e.state];
	s.vcpu = e.vcpu;
	memset(&s.u, 0, sizeof(s.u));
	if (e.state == EVTCHN_UNBOUND)
		s.u.unbound.dom = e.remote_dom;
	else if (e.state == EVTCHN_VIRQ)
		s.u.virq = e.virq;
	return guest_write(v, gva, &s, sizeof(s)) < 0 ? -XEN_EFAULT : 0;
}

struct xhvm_action hc_event_channel_op(struct xhvm_vcpu *v,
				       struct xhvm_hcall *c)
{
	uint64_t gva = c->arg[1];

	switch (c->arg[0]) {
	case EVTCHNOP_alloc_unbound:
		c->result = alloc_unbound(v, gva);
		break;
	case EVTCHNOP_bind_ipi:
		c->result = bind_ipi(v, gva);
		break;
	case EVTCHNOP_bind_virq:
		c->result = bind_virq(v, gva);
		break;
	case EVTCHNOP_close:
	case EVTCHNOP_send:
	case EVTCHNOP_unmask:
		c->result = port_op(v, c->arg[0], gva);
		break;
	case EVTCHNOP_status:
		c->result = status(v, gva);
		break;
	default: /* init_control (FIFO) and the interdomain ops */
		c->result = -XEN_ENOSYS;
		break;
	}
	return action_run();
}
