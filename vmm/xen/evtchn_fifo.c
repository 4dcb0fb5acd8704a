/*
 * Xen's FIFO event channel ABI (xen/common/event_fifo.c): each port has
 * an event word in the guest's event array, each vCPU a control block
 * with a READY bit and a HEAD port per priority. Raising a port links
 * its word onto the tail of its priority's queue on its vCPU; the guest
 * consumes queues from their heads, clearing LINKED as it goes.
 *
 * The tails are xhvm's own and the only links xhvm follows: it writes
 * LINK fields and HEADs but never reads them back, so nothing a guest
 * writes there can lead xhvm astray. Everything here runs under
 * vm->lock (see evtchn_fifo.h).
 */
#include <stdlib.h>
#include <string.h>

#include "xen/xen.h"

#define WORDS_PER_PAGE EVTCHN_FIFO_EVENT_WORDS_PER_PAGE
#define MAX_PAGES      EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES
/* Xen's control block must fit in its page at an 8-byte boundary. */
#define CONTROL_ALIGN 8

#define BIT(n) (1u << (n))

/* One queue of one vCPU: only its tail, the port last linked on it. */
struct fifo_queue {
	uint32_t tail; /* 0: none */
};

struct fifo_vcpu {
	struct evtchn_fifo_control_block *control; /* NULL: not set up */
	struct fifo_queue q[EVTCHN_FIFO_MAX_QUEUES];
};

/* What Xen keeps in struct evtchn for FIFO. */
struct fifo_port {
	uint8_t priority;
	/* The queue the port was last linked on (Xen's fifo_lastq). */
	uint8_t last_priority;
	uint16_t last_vcpu;
	/* Raised while its event word had no page yet. */
	bool pending;
};

struct evtchn_fifo {
	bool on; /* atomic: the domain uses FIFO (else 2-level) */
	event_word_t *array[MAX_PAGES];
	unsigned nr_words; /* words the array pages hold */
	struct fifo_port port[EVTCHN_MAX_PORTS];
	struct fifo_vcpu vcpu[]; /* one per vCPU */
};

bool evtchn_is_fifo(const struct xen_domain *d)
{
	const struct evtchn_fifo *f =
		__atomic_load_n(&d->fifo, __ATOMIC_ACQUIRE);

	return f && __atomic_load_n(&f->on, __ATOMIC_ACQUIRE);
}

/* ---- Guest memory --------------------------------------------------- */

static event_word_t *word_of(struct evtchn_fifo *f, unsigned port)
{
	if (port >= f->nr_words)
		return NULL;
	return f->array[port / WORDS_PER_PAGE] + port % WORDS_PER_PAGE;
}

static bool word_test(event_word_t *w, unsigned bit)
{
	return __atomic_load_n(w, __ATOMIC_SEQ_CST) & BIT(bit);
}

static bool word_test_and_set(event_word_t *w, unsigned bit)
{
	return __atomic_fetch_or(w, BIT(bit), __ATOMIC_SEQ_CST) & BIT(bit);
}

static void word_clear(event_word_t *w, unsigned bit)
{
	__atomic_fetch_and(w, ~BIT(bit), __ATOMIC_SEQ_CST);
}

/* ---- Linking -------------------------------------------------------- */

/*
 * One attempt to point the tail's LINK at port: 1 done, 0 the tail is no
 * longer LINKED (the guest consumed it: the queue is empty), -1 the word
 * changed under us (*w holds its new value).
 */
static int link_once(event_word_t *tail, event_word_t *w, uint32_t port)
{
	event_word_t want;

	if (!(*w & BIT(EVTCHN_FIFO_LINKED)))
		return 0;
	want = (*w & ~(BIT(EVTCHN_FIFO_BUSY) | EVTCHN_FIFO_LINK_MASK)) | port;
	return __atomic_compare_exchange_n(tail, w, want, false,
					   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
		       ? 1
		       : -1;
}

/*
 * Links port behind the tail word, if the tail is still LINKED. While a
 * word is LINKED a guest may only set or clear MASKED, clear PENDING and
 * clear LINKED; BUSY stops it clearing MASKED, so after setting BUSY the
 * exchange can fail only a bounded number of times (Xen's four). If it
 * still fails the guest is misbehaving: the port counts as linked, and
 * the guest loses that event, as on Xen. Returns whether it was linked.
 */
static bool link_tail(event_word_t *tail, uint32_t port)
{
	event_word_t w = __atomic_load_n(tail, __ATOMIC_SEQ_CST);
	unsigned try;
	int r = link_once(tail, &w, port);

	if (r >= 0)
		return r;
	word_test_and_set(tail, EVTCHN_FIFO_BUSY);
	w = __atomic_load_n(tail, __ATOMIC_SEQ_CST);
	for (try = 0; try < 4; try++) {
		r = link_once(tail, &w, port);
		if (r == 1)
			return true; /* the exchange cleared BUSY */
		if (r == 0)
			break;
	}
	word_clear(tail, EVTCHN_FIFO_BUSY);
	return r != 0;
}

/*
 * Puts port at the tail of queue `prio` of vCPU `vcpu`. If the port was
 * the tail of the queue it was last on, that queue's tail is forgotten:
 * the port has left it, and linking behind it would join the queues.
 * Returns whether the port went behind another (else it is the head).
 */
static bool enqueue(struct evtchn_fifo *f, unsigned port, unsigned vcpu,
		    unsigned prio)
{
	struct fifo_port *fp = &f->port[port];
	struct fifo_queue *old = &f->vcpu[fp->last_vcpu].q[fp->last_priority];
	struct fifo_vcpu *fv = &f->vcpu[vcpu];
	struct fifo_queue *q = &fv->q[prio];
	event_word_t *tail;
	bool linked = false;

	if (old->tail == port)
		old->tail = 0;
	fp->last_vcpu = (uint16_t)vcpu;
	fp->last_priority = (uint8_t)prio;
	tail = q->tail ? word_of(f, q->tail) : NULL;
	if (tail)
		linked = link_tail(tail, port);
	if (!linked)
		__atomic_store_n(&fv->control->head[prio], port,
				 __ATOMIC_SEQ_CST);
	q->tail = port;
	return linked;
}

bool evtchn_fifo_set_pending(struct xen_domain *d, unsigned port)
{
	struct evtchn_fifo *f = d->fifo;
	unsigned vcpu = d->evtchn[port].vcpu;
	unsigned prio = f->port[port].priority;
	struct fifo_vcpu *fv = &f->vcpu[vcpu];
	struct xen_vcpu *x = &d->vcpus[vcpu];
	event_word_t *w = word_of(f, port);
	bool newly;

	/* No page for its word yet: kept until expand_array adds it. */
	if (!w) {
		f->port[port].pending = true;
		return false;
	}
	/* A guest may not unmask before its control block exists: Xen
	 * drops the event. */
	if (!fv->control)
		return false;
	newly = !word_test_and_set(w, EVTCHN_FIFO_PENDING);
	if (word_test(w, EVTCHN_FIFO_MASKED) ||
	    word_test_and_set(w, EVTCHN_FIFO_LINKED))
		return newly;
	if (enqueue(f, port, vcpu, prio))
		return newly; /* behind a tail the guest has yet to reach */
	/* A READY bit already set may not have been seen yet: unless
	 * upcall_pending says so, raise the upcall anyway (as 2-level). */
	if (!(__atomic_fetch_or(&fv->control->ready, BIT(prio),
				__ATOMIC_SEQ_CST) &
	      BIT(prio)) ||
	    !xen_upcall_pending(x))
		xen_upcall_raise(x);
	return newly;
}

/* ---- The other port operations --------------------------------------- */

void evtchn_fifo_unmask(struct xen_domain *d, unsigned port)
{
	event_word_t *w = word_of(d->fifo, port);

	/* Xen unmasks only ports in use: a free port keeps its word. */
	if (!w || d->evtchn[port].state == EVTCHN_FREE)
		return;
	word_clear(w, EVTCHN_FIFO_MASKED);
	if (word_test(w, EVTCHN_FIFO_PENDING))
		evtchn_fifo_set_pending(d, port);
}

bool evtchn_fifo_is_pending(struct xen_domain *d, unsigned port)
{
	event_word_t *w = word_of(d->fifo, port);

	return w && word_test(w, EVTCHN_FIFO_PENDING);
}

bool evtchn_fifo_is_busy(struct xen_domain *d, unsigned port)
{
	event_word_t *w = word_of(d->fifo, port);

	return w && word_test(w, EVTCHN_FIFO_LINKED);
}

/*
 * Only PENDING: a closed port still LINKED stays in its queue, and the
 * guest skips it there because it is not pending (Xen does the same).
 */
void evtchn_fifo_clear_pending(struct xen_domain *d, unsigned port)
{
	event_word_t *w = word_of(d->fifo, port);

	d->fifo->port[port].pending = false;
	if (w)
		word_clear(w, EVTCHN_FIFO_PENDING);
}

void evtchn_fifo_port_init(struct xen_domain *d, unsigned port)
{
	d->fifo->port[port].priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
}

int64_t evtchn_fifo_set_priority(struct xen_domain *d, uint32_t port,
				 uint32_t priority)
{
	if (priority > EVTCHN_FIFO_PRIORITY_MIN)
		return -XEN_EINVAL;
	/* Events already queued stay where they are; the next one moves. */
	d->fifo->port[port].priority = (uint8_t)priority;
	return 0;
}

/* ---- Setting up ------------------------------------------------------ */

static int64_t map_control(struct evtchn_fifo *f, struct xen_domain *d,
			   uint32_t vcpu, uint64_t gfn, uint32_t offset)
{
	uint8_t *page;

	/* Once per vCPU: Xen has no way to move a control block. */
	if (f->vcpu[vcpu].control)
		return -XEN_EINVAL;
	/* Xen's map_guest_page: a writable page of the guest's, else
	 * -EINVAL; gfn -2 (XTF's xsa-188) among the rest. */
	page = xen_physmap_ram(d, gfn);
	if (!page)
		return -XEN_EINVAL;
	f->vcpu[vcpu].control = (void *)(page + offset);
	return 0;
}

/*
 * The switch from 2-level (Xen's setup_ports): every bound port gets the
 * default priority, and keeps a pending event for when its word's page
 * arrives. Before FIFO is on, so evtchn_is_pending reads 2-level.
 */
static void carry_ports_over(struct xen_domain *d, struct evtchn_fifo *f)
{
	unsigned p, n = evtchn_nr_ports(d);

	for (p = 1; p < EVTCHN_MAX_PORTS; p++) {
		f->port[p].priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
		if (p < n && d->evtchn[p].state != EVTCHN_FREE)
			f->port[p].pending = evtchn_is_pending(d, p);
	}
}

/* The state, made or (after a reset) cleared for a fresh start. */
static struct evtchn_fifo *fifo_fresh(struct xen_domain *d)
{
	size_t size =
		sizeof(*d->fifo) + d->vm->nvcpus * sizeof(struct fifo_vcpu);

	if (d->fifo)
		memset(d->fifo, 0, size);
	else
		__atomic_store_n(&d->fifo, calloc(1, size), __ATOMIC_RELEASE);
	return d->fifo;
}

int64_t evtchn_fifo_init_control(struct xen_domain *d, uint32_t vcpu,
				 uint64_t gfn, uint32_t offset)
{
	struct evtchn_fifo *f;
	int64_t r;

	if (vcpu >= d->vm->nvcpus)
		return -XEN_ENOENT;
	if (offset > PAGE_SIZE - sizeof(struct evtchn_fifo_control_block) ||
	    offset % CONTROL_ALIGN)
		return -XEN_EINVAL;
	if (evtchn_is_fifo(d))
		return map_control(d->fifo, d, vcpu, gfn, offset);
	f = fifo_fresh(d);
	if (!f)
		return -XEN_ENOMEM;
	/* A failed first call leaves the domain on 2-level, as on Xen. */
	r = map_control(f, d, vcpu, gfn, offset);
	if (r)
		return r;
	carry_ports_over(d, f);
	__atomic_store_n(&f->on, true, __ATOMIC_RELEASE);
	return 0;
}

int64_t evtchn_fifo_expand_array(struct xen_domain *d, uint64_t gfn)
{
	struct evtchn_fifo *f = d->fifo;
	unsigned p, first;
	event_word_t *page;

	if (!evtchn_is_fifo(d))
		return -XEN_EOPNOTSUPP;
	if (f->nr_words / WORDS_PER_PAGE >= MAX_PAGES)
		return -XEN_ENOSPC;
	page = xen_physmap_ram(d, gfn);
	if (!page)
		return -XEN_EINVAL;
	first = f->nr_words;
	f->array[first / WORDS_PER_PAGE] = page;
	f->nr_words += WORDS_PER_PAGE;
	/* Events raised while these words had no page go out now. */
	for (p = first; p < f->nr_words && p < EVTCHN_MAX_PORTS; p++) {
		if (!f->port[p].pending || d->evtchn[p].state == EVTCHN_FREE)
			continue;
		f->port[p].pending = false;
		if (evtchn_fifo_set_pending(d, p))
			pthread_cond_broadcast(&d->vm->wake); /* pollers */
	}
	return 0;
}

void evtchn_fifo_reset(struct xen_domain *d)
{
	if (d->fifo)
		__atomic_store_n(&d->fifo->on, false, __ATOMIC_RELEASE);
}

void evtchn_fifo_destroy(struct xen_domain *d)
{
	free(d->fifo);
	d->fifo = NULL;
}
