/*
 * Event channel ports: the table of ports and what each is bound to, and
 * their pending and mask bits. Under Xen's 2-level ABI those live in the
 * guest's shared_info page; once the guest has switched to the FIFO ABI
 * each operation goes to evtchn_fifo.c instead. The guest reads and
 * clears the bits itself, so xhvm changes them with atomic operations on
 * guest memory.
 *
 * Ports may have a service in xhvm on the other end (a host endpoint, as
 * if in domain 0): the guest's send calls it back, and the service's
 * notify marks the port pending for the guest.
 */
#include <string.h>

#include "xen/xen.h"

/* vcpu_info.evtchn_pending_sel: after the two flag bytes, word-aligned. */
#define VCPU_INFO_SEL_64 8
#define VCPU_INFO_SEL_32 4

unsigned evtchn_nr_ports(const struct xen_domain *d)
{
	uint64_t si = __atomic_load_n(&d->shinfo, __ATOMIC_ACQUIRE);

	if (evtchn_is_fifo(d))
		return EVTCHN_MAX_PORTS;
	return si && !(si & SHINFO_LONG) ? EVTCHN_MAX_PORTS_32
					 : EVTCHN_MAX_PORTS;
}

bool evtchn_virq_is_per_vcpu(unsigned virq)
{
	return virq == VIRQ_TIMER || virq == VIRQ_DEBUG ||
	       virq == VIRQ_XENOPROF || virq == VIRQ_XENPMU;
}

/* Bit `bit` of a little-endian bitmap in guest memory, atomically. */
static bool test_and_set(uint8_t *map, unsigned bit)
{
	uint8_t m = (uint8_t)(1u << (bit % 8));

	return __atomic_fetch_or(map + bit / 8, m, __ATOMIC_SEQ_CST) & m;
}

static bool test_and_clear(uint8_t *map, unsigned bit)
{
	uint8_t m = (uint8_t)(1u << (bit % 8));

	return __atomic_fetch_and(map + bit / 8, (uint8_t)~m,
				  __ATOMIC_SEQ_CST) &
	       m;
}

static bool test_bit(const uint8_t *map, unsigned bit)
{
	return __atomic_load_n(map + bit / 8, __ATOMIC_SEQ_CST) &
	       (1u << (bit % 8));
}

/*
 * Where shared_info's pieces are for one operation: one read of
 * d->shinfo, so the layout and the address cannot disagree.
 */
struct shinfo_view {
	uint8_t *pending, *mask; /* the 2-level bitmaps */
	unsigned word;		 /* bits per selector word: 64 or 32 */
	unsigned nports;
};

static bool shinfo_view(struct xen_domain *d, struct shinfo_view *s)
{
	uint64_t si = __atomic_load_n(&d->shinfo, __ATOMIC_ACQUIRE);
	bool is64 = si & SHINFO_LONG;
	uint8_t *page =
		si ? gpa_ptr(&d->vm->mem, si & PAGE_MASK, PAGE_SIZE) : NULL;

	if (!page)
		return false;
	s->pending = page + (is64 ? XEN_SHINFO64_EVTCHN_PENDING
				  : XEN_SHINFO32_EVTCHN_PENDING);
	s->mask = page +
		  (is64 ? XEN_SHINFO64_EVTCHN_MASK : XEN_SHINFO32_EVTCHN_MASK);
	s->word = is64 ? 64 : 32;
	s->nports = is64 ? EVTCHN_MAX_PORTS : EVTCHN_MAX_PORTS_32;
	return true;
}

/* The port's selector bit, and the upcall unless one is already up. */
static void deliver(struct xen_domain *d, const struct shinfo_view *s,
		    unsigned port)
{
	struct xen_vcpu *x = &d->vcpus[d->evtchn[port].vcpu];
	uint8_t *vi = vcpu_info_ptr(x);

	if (!vi)
		return;
	vi += s->word == 64 ? VCPU_INFO_SEL_64 : VCPU_INFO_SEL_32;
	/* A selector bit already set may not have been seen yet: unless
	 * upcall_pending says so, raise the upcall anyway. */
	if (!test_and_set(vi, port / s->word) || !xen_upcall_pending(x))
		xen_upcall_raise(x);
}

void evtchn_set_pending(struct xen_domain *d, unsigned port)
{
	struct shinfo_view s;

	if (evtchn_is_fifo(d)) {
		/* Pollers look again at a newly pending port, masked or not. */
		if (port < EVTCHN_MAX_PORTS && evtchn_fifo_set_pending(d, port))
			pthread_cond_broadcast(&d->vm->wake);
		return;
	}
	/* No shared_info yet: nowhere to say it, as with Xen's lost events. */
	if (!shinfo_view(d, &s) || port >= s.nports)
		return;
	if (test_and_set(s.pending, port))
		return;
	if (!test_bit(s.mask, port))
		deliver(d, &s, port);
	/* Pollers look again, masked port or not (Xen's check_pollers):
	 * Linux's PV spinlocks poll masked ports. */
	pthread_cond_broadcast(&d->vm->wake);
}

void evtchn_unmask(struct xen_domain *d, unsigned port)
{
	struct shinfo_view s;

	if (evtchn_is_fifo(d)) {
		if (port < EVTCHN_MAX_PORTS)
			evtchn_fifo_unmask(d, port);
		return;
	}
	if (!shinfo_view(d, &s) || port >= s.nports)
		return;
	if (test_and_clear(s.mask, port) && test_bit(s.pending, port))
		deliver(d, &s, port);
}

bool evtchn_is_pending(struct xen_domain *d, unsigned port)
{
	struct shinfo_view s;

	if (evtchn_is_fifo(d))
		return port < EVTCHN_MAX_PORTS &&
		       evtchn_fifo_is_pending(d, port);
	return shinfo_view(d, &s) && port < s.nports &&
	       test_bit(s.pending, port);
}

/* ---- The port table ------------------------------------------------------ */

int64_t evtchn_bind(struct xen_domain *d, struct evtchn e)
{
	uint32_t p, n = evtchn_nr_ports(d);
	bool fifo = evtchn_is_fifo(d);

	for (p = 1; p < n; p++) {
		if (d->evtchn[p].state != EVTCHN_FREE)
			continue;
		/* Xen's "busy": a FIFO port still on a queue waits until the
		 * guest has taken it off, or reusing it would corrupt the
		 * queue. */
		if (fifo && evtchn_fifo_is_busy(d, p))
			continue;
		d->evtchn[p] = e;
		if (fifo)
			evtchn_fifo_port_init(d, p);
		return p;
	}
	return -XEN_ENOSPC;
}

void evtchn_close(struct xen_domain *d, uint32_t port)
{
	struct evtchn *e = &d->evtchn[port];

	/* A global VIRQ is bound on vCPU 0, wherever it notifies now. */
	if (e->state == EVTCHN_VIRQ)
		d->vcpus[evtchn_virq_is_per_vcpu(e->virq) ? e->vcpu : 0]
			.virq_port[e->virq] = 0;
	if (evtchn_is_fifo(d)) {
		evtchn_fifo_clear_pending(d, port);
	} else {
		struct shinfo_view s;

		/* As Xen's close: the port's pending bit goes with it. */
		if (shinfo_view(d, &s) && port < s.nports)
			test_and_clear(s.pending, port);
	}
	*e = (struct evtchn){0};
}

void evtchn_close_from(struct xen_domain *d, unsigned first)
{
	unsigned p;

	for (p = first; p < EVTCHN_MAX_PORTS; p++)
		if (d->evtchn[p].state != EVTCHN_FREE)
			evtchn_close(d, p);
}

/* ---- Host endpoints -------------------------------------------------------
 */

int64_t evtchn_host_bind(struct xen_domain *d, unsigned vcpu, evtchn_host_fn fn,
			 void *arg)
{
	int64_t r;

	pthread_mutex_lock(&d->vm->lock);
	r = evtchn_bind(d, (struct evtchn){.state = EVTCHN_HOST,
					   .remote_dom = 0,
					   .vcpu = vcpu,
					   .host_fn = fn,
					   .host_arg = arg});
	pthread_mutex_unlock(&d->vm->lock);
	return r;
}

void evtchn_host_notify(struct xen_domain *d, uint32_t port)
{
	pthread_mutex_lock(&d->vm->lock);
	if (port < EVTCHN_MAX_PORTS && d->evtchn[port].state == EVTCHN_HOST)
		evtchn_set_pending(d, port);
	pthread_mutex_unlock(&d->vm->lock);
}
