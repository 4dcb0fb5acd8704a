/*
 * Unit tests for ports and vCPUs under both event channel ABIs on a fake
 * VM: EVTCHNOP_bind_vcpu's rules and the notifications it moves, FIFO
 * queues on several vCPUs, linking while another thread (the guest on
 * another vCPU) changes the tail's word, and EVTCHNOP_reset.
 */
#include <pthread.h>
#include <sched.h>

#include "fifo_guest.h"

#define NPORTS 1000 /* for the race: all in the first array page */
#define SEL1   (SHINFO + XEN_VCPU_INFO_SIZE + 8) /* vCPU 1's selector */

static void host_fn(struct xen_vcpu *x, uint32_t port, void *arg)
{
	(void)x;
	(void)port;
	(*(unsigned *)arg)++;
}

static uint32_t status_vcpu(struct fake *f, uint32_t port, uint32_t *state)
{
	struct evtchn_status s = {.dom = DOMID_SELF, .port = port};

	evt(f, EVTCHNOP_status, &s, sizeof(s));
	memcpy(&s, fake_mem(f, BUF), sizeof(s));
	*state = s.status;
	return s.vcpu;
}

static uint32_t bind_virq(struct fake *f, uint32_t virq, uint32_t vcpu,
			  int64_t *r)
{
	struct evtchn_bind_virq b = {virq, vcpu, 0};

	*r = evt(f, EVTCHNOP_bind_virq, &b, sizeof(b));
	memcpy(&b, fake_mem(f, BUF), sizeof(b));
	return b.port;
}

/* Which ports may move (Xen's evtchn_bind_vcpu), under 2-level. */
static void test_bind_vcpu_rules(struct fake *f)
{
	struct evtchn_alloc_unbound au = {DOMID_SELF, 0, 0};
	uint32_t u, ipi, timer, con, st;
	int64_t r;

	evt(f, EVTCHNOP_alloc_unbound, &au, sizeof(au));
	memcpy(&u, fake_mem(f, BUF + 4), 4);
	ipi = bind_ipi(f, 0);
	timer = bind_virq(f, VIRQ_TIMER, 0, &r);
	con = bind_virq(f, VIRQ_CONSOLE, 0, &r);
	check(bind_vcpu(f, u, 1) == 0 && status_vcpu(f, u, &st) == 1,
	      "bind_vcpu(unbound port %u, vCPU 1) = 0: status says vCPU 1", u);
	check(bind_vcpu(f, u, 2) == -XEN_ENOENT,
	      "bind_vcpu(vCPU 2 of 2) = -ENOENT");
	check(bind_vcpu(f, 0, 2) == -XEN_ENOENT,
	      "bind_vcpu(port 0, vCPU 2): the vCPU is checked first");
	check(bind_vcpu(f, 0, 1) == -XEN_EINVAL &&
		      bind_vcpu(f, EVTCHN_MAX_PORTS, 1) == -XEN_EINVAL,
	      "bind_vcpu(port 0), (port %d) = -EINVAL", EVTCHN_MAX_PORTS);
	check(bind_vcpu(f, 200, 1) == -XEN_EINVAL,
	      "bind_vcpu(a free port) = -EINVAL");
	check(bind_vcpu(f, ipi, 1) == -XEN_EINVAL,
	      "bind_vcpu(IPI port) = -EINVAL");
	check(bind_vcpu(f, timer, 1) == -XEN_EINVAL,
	      "bind_vcpu(VIRQ_TIMER: per vCPU) = -EINVAL");
	check(bind_vcpu(f, con, 1) == 0 && status_vcpu(f, con, &st) == 1 &&
		      st == EVTCHNSTAT_virq,
	      "bind_vcpu(VIRQ_CONSOLE: global) = 0");
	bind_virq(f, VIRQ_CONSOLE, 1, &r);
	check(r == -XEN_EINVAL, "bind_virq(VIRQ_CONSOLE, vCPU 1) = -EINVAL: "
				"global VIRQs bind on vCPU 0");
	check(evt_port(f, EVTCHNOP_close, con) == 0 &&
		      f->dom.vcpus[0].virq_port[VIRQ_CONSOLE] == 0,
	      "close of the moved VIRQ_CONSOLE unbinds it from vCPU 0");
	memcpy(fake_mem(f, BUF), &(struct evtchn_bind_vcpu){u, 1}, 8);
	check(fake_hcall(f, __HYPERVISOR_event_channel_op, EVTCHNOP_bind_vcpu,
			 RAM) == -XEN_EFAULT,
	      "bind_vcpu with its argument past RAM = -EFAULT");
}

/* A service's port moved to vCPU 1: its events follow (2-level). */
static void test_bind_vcpu_2l(void)
{
	struct fake f;
	unsigned calls = 0;
	uint32_t h;

	fake_init_n(&f, RAM, 2);
	fake_mode_64(&f);
	fake_map_shinfo(&f, SHINFO, BUF);
	test_bind_vcpu_rules(&f);
	h = (uint32_t)evtchn_host_bind(&f.dom, 0, host_fn, &calls);
	check(bind_vcpu(&f, h, 1) == 0, "bind_vcpu(service port %u, 1) = 0", h);
	evtchn_host_notify(&f.dom, h);
	check(evtchn_is_pending(&f.dom, h) && *upcall_pending(&f, 1) &&
		      *fake_mem(&f, SEL1) == 1 && !*upcall_pending(&f, 0),
	      "2-level: its event raises vCPU 1, selector bit 0 there");
	fake_free(&f);
}

/* FIFO: the event goes to vCPU 1's queue, and leaves vCPU 0's. */
static void test_bind_vcpu_fifo(void)
{
	struct fake f;
	unsigned calls = 0;
	uint32_t h, ipi, ipi2, q[4];

	check(fifo_setup(&f, 3), "FIFO on 3 vCPUs; control blocks for 0, 1");
	h = (uint32_t)evtchn_host_bind(&f.dom, 0, host_fn, &calls);
	ipi = bind_ipi(&f, 0);
	evtchn_host_notify(&f.dom, h);
	check(control(&f, 0)->head[7] == h && *upcall_pending(&f, 0),
	      "service port %u on vCPU 0: its queue's head", h);
	drain(&f, 0, 7, q, 4);
	*upcall_pending(&f, 0) = 0;
	check(bind_vcpu(&f, h, 1) == 0, "bind_vcpu(%u, vCPU 1) = 0", h);
	evtchn_host_notify(&f.dom, h);
	check(control(&f, 1)->head[7] == h &&
		      control(&f, 1)->ready == 1u << 7 &&
		      *upcall_pending(&f, 1) && !*upcall_pending(&f, 0),
	      "its next event: vCPU 1's head and READY, vCPU 1's upcall");
	evt_port(&f, EVTCHNOP_send, ipi);
	check(control(&f, 0)->head[7] == ipi &&
		      wload(&f, h) == (W(PENDING) | W(LINKED)),
	      "vCPU 0's queue starts afresh with %u, not behind %u", ipi, h);
	ipi2 = bind_ipi(&f, 2);
	evt_port(&f, EVTCHNOP_send, ipi2);
	check(wload(&f, ipi2) == 0 && !*upcall_pending(&f, 2),
	      "vCPU 2 has no control block: its event is dropped, as Xen");
	fake_free(&f);
}

/*
 * The guest on another vCPU: masks and unmasks the tail's word all the
 * time, as Linux may, never clearing MASKED while xhvm holds it BUSY.
 */
struct hammer {
	struct fake *f;
	uint32_t tail; /* the port just linked */
	bool stop;
	unsigned flips; /* masked and unmasked again */
	unsigned busy;	/* times it found xhvm holding the word BUSY */
};

static void *hammer(void *arg)
{
	struct hammer *h = arg;

	while (!__atomic_load_n(&h->stop, __ATOMIC_ACQUIRE)) {
		uint32_t p = __atomic_load_n(&h->tail, __ATOMIC_ACQUIRE);
		event_word_t *w = word(h->f, p), old, want;

		if (!p)
			continue;
		__atomic_fetch_or(w, W(MASKED), __ATOMIC_SEQ_CST);
		old = __atomic_load_n(w, __ATOMIC_SEQ_CST);
		do {
			h->busy += !!(old & W(BUSY));
			old &= ~W(BUSY);
			want = old & ~W(MASKED);
		} while (!__atomic_compare_exchange_n(w, &old, want, false,
						      __ATOMIC_SEQ_CST,
						      __ATOMIC_SEQ_CST));
		__atomic_fetch_add(&h->flips, 1, __ATOMIC_SEQ_CST);
	}
	return NULL;
}

/* Until the guest has flipped the new tail at least once. */
static void wait_flip(struct hammer *h, unsigned before)
{
	while (__atomic_load_n(&h->flips, __ATOMIC_SEQ_CST) <= before)
		sched_yield();
}

static void test_race(void)
{
	static uint32_t q[NPORTS + 1];
	struct hammer h = {0};
	struct fake f;
	pthread_t t;
	unsigned i, n, bad = 0;

	fifo_setup(&f, 1);
	h.f = &f;
	for (i = 1; i <= NPORTS; i++)
		bind_ipi(&f, 0);
	pthread_create(&t, NULL, hammer, &h);
	for (i = 1; i <= NPORTS; i++) {
		evt_port(&f, EVTCHNOP_send, i);
		n = __atomic_load_n(&h.flips, __ATOMIC_SEQ_CST);
		__atomic_store_n(&h.tail, i, __ATOMIC_RELEASE);
		wait_flip(&h, n + 1);
	}
	__atomic_store_n(&h.stop, true, __ATOMIC_RELEASE);
	pthread_join(t, NULL);
	for (i = 1; i <= NPORTS; i++)
		if ((wload(&f, i) & ~EVTCHN_FIFO_LINK_MASK) !=
		    (W(PENDING) | W(LINKED)))
			bad++;
	check(bad == 0,
	      "%d ports sent while the guest flipped MASKED on the "
	      "tail %u times (it found BUSY %u times): every word "
	      "PENDING and LINKED, no BUSY or MASKED left (%u not)",
	      NPORTS, h.flips, h.busy, bad);
	n = drain(&f, 0, 7, q, NPORTS + 1);
	for (i = 0, bad = 0; i < n; i++)
		bad += q[i] != i + 1;
	check(n == NPORTS && !bad,
	      "the queue holds all %u, in order (%u "
	      "out of place)",
	      n, bad);
	fake_free(&f);
}

/* EVTCHNOP_reset: the guest's ports closed, a service's kept, 2-level. */
static void test_reset(void)
{
	struct evtchn_reset rs = {DOMID_SELF};
	struct fake f;
	unsigned calls = 0;
	uint32_t h, ipi, timer, st;
	int64_t r;

	fifo_setup(&f, 2);
	h = (uint32_t)evtchn_host_bind(&f.dom, 1, host_fn, &calls);
	ipi = bind_ipi(&f, 0);
	timer = bind_virq(&f, VIRQ_TIMER, 0, &r);
	check(evt(&f, EVTCHNOP_reset_cont, &rs, sizeof(rs)) == -XEN_EBUSY,
	      "reset_cont with no reset under way = -EBUSY");
	rs.dom = 7;
	check(evt(&f, EVTCHNOP_reset, &rs, sizeof(rs)) == -XEN_ESRCH,
	      "reset(domain 7) = -ESRCH");
	rs.dom = DOMID_SELF;
	check(evt(&f, EVTCHNOP_reset, &rs, sizeof(rs)) == 0 &&
		      !evtchn_is_fifo(&f.dom),
	      "reset = 0: back to 2-level");
	status_vcpu(&f, ipi, &st);
	check(st == EVTCHNSTAT_closed && f.x->virq_port[VIRQ_TIMER] == 0,
	      "ports %u (IPI) and %u (VIRQ_TIMER) closed", ipi, timer);
	check(status_vcpu(&f, h, &st) == 1 && st == EVTCHNSTAT_interdomain,
	      "the service's port %u stays, on vCPU 1", h);
	check(set_priority(&f, h, 1) == -XEN_ENOSYS &&
		      expand_array(&f, ARRAY / PAGE_SIZE) == -XEN_EOPNOTSUPP,
	      "set_priority = -ENOSYS, expand_array = -EOPNOTSUPP again");
	check(init_control(&f, 0, CTRL0 / PAGE_SIZE, 0) == 0 &&
		      init_control(&f, 1, CTRL1 / PAGE_SIZE, CTRL1_OFFSET) ==
			      0 &&
		      evtchn_is_fifo(&f.dom),
	      "init_control(vCPU 0), (vCPU 1) work again: FIFO afresh");
	evtchn_host_notify(&f.dom, h);
	check(!evtchn_is_pending(&f.dom, h) &&
		      expand_array(&f, ARRAY / PAGE_SIZE) == 0 &&
		      control(&f, 1)->head[7] == h,
	      "no array yet: port %u's event waits for expand_array", h);
	fake_free(&f);
}

int main(void)
{
	vcpu_kick_init();
	test_bind_vcpu_2l();
	test_bind_vcpu_fifo();
	test_race();
	test_reset();
	return check_summary();
}
