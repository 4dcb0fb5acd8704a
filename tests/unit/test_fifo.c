/*
 * Unit tests for Xen's FIFO event channel ABI on a fake VM: every error
 * rule of init_control, expand_array and set_priority (xen/common/
 * event_fifo.c, event_channel.c), the switch from 2-level with ports
 * bound, and the queues: order within a priority, priorities and READY
 * bits, masked ports, unmask, a LINKED port not linked twice, close.
 * test_fifo_vcpus.c moves ports between vCPUs.
 */
#include "fifo_guest.h"

/* init_control's refusals leave the domain on 2-level (XTF's xsa-188). */
static void test_init_errors(void)
{
	struct evtchn_init_control a = {CTRL0 / PAGE_SIZE, 0, 0, 0, {0}};
	struct fake f;
	uint32_t port;

	fake_init_n(&f, RAM, 2);
	fake_mode_64(&f);
	port = bind_ipi(&f, 0);
	check(init_control(&f, 2, CTRL0 / PAGE_SIZE, 0) == -XEN_ENOENT,
	      "init_control(vCPU 2 of 2) = -ENOENT");
	check(init_control(&f, 0, CTRL0 / PAGE_SIZE, CTRL1_OFFSET + 8) ==
		      -XEN_EINVAL,
	      "init_control(offset %u: the block crosses the page) = -EINVAL",
	      CTRL1_OFFSET + 8);
	check(init_control(&f, 0, CTRL0 / PAGE_SIZE, 4) == -XEN_EINVAL,
	      "init_control(offset 4: not 8-byte aligned) = -EINVAL");
	check(init_control(&f, 0, (uint64_t)-2, 0) == -XEN_EINVAL,
	      "init_control(gfn -2, as XTF's xsa-188) = -EINVAL");
	check(init_control(&f, 0, RAM / PAGE_SIZE, 0) == -XEN_EINVAL,
	      "init_control(the first gfn past RAM) = -EINVAL");
	memmap_set(&f.vm.map, 0, XHVM_GUEST_BASE_GPA, MEM_RESERVED, "tables");
	check(init_control(&f, 0, 1, 0) == -XEN_EINVAL,
	      "init_control(gfn 1: xhvm's reserved tables) = -EINVAL");
	xen_physmap_remove(&f.dom, CTRL1 / PAGE_SIZE);
	check(init_control(&f, 0, CTRL1 / PAGE_SIZE, 0) == -XEN_EINVAL,
	      "init_control(a page the guest gave back) = -EINVAL");
	xen_physmap_populate(&f.dom, CTRL1 / PAGE_SIZE);
	memcpy(fake_mem(&f, BUF), &a, sizeof(a));
	check(fake_hcall(&f, __HYPERVISOR_event_channel_op,
			 EVTCHNOP_init_control, RAM) == -XEN_EFAULT,
	      "init_control with its argument past RAM = -EFAULT");
	check(fake_mem(&f, BUF)[16] == 0,
	      "link_bits is written back on success only");
	check(!evtchn_is_fifo(&f.dom) &&
		      expand_array(&f, ARRAY / PAGE_SIZE) == -XEN_EOPNOTSUPP,
	      "after the refusals: still 2-level, expand_array = -EOPNOTSUPP");
	check(set_priority(&f, port, 0) == -XEN_ENOSYS,
	      "set_priority under 2-level = -ENOSYS");
	check(init_control(&f, 0, CTRL0 / PAGE_SIZE, 0) == 0 &&
		      fake_mem(&f, BUF)[16] == EVTCHN_FIFO_LINK_BITS &&
		      evtchn_is_fifo(&f.dom),
	      "init_control(vCPU 0) = 0, link_bits %d: FIFO",
	      EVTCHN_FIFO_LINK_BITS);
	check(init_control(&f, 0, CTRL1 / PAGE_SIZE, 0) == -XEN_EINVAL,
	      "init_control(vCPU 0) again = -EINVAL");
	check(init_control(&f, 1, (uint64_t)-2, 0) == -XEN_EINVAL &&
		      init_control(&f, 1, CTRL1 / PAGE_SIZE, CTRL1_OFFSET) == 0,
	      "vCPU 1: a bad gfn = -EINVAL, then offset %u (the last) = 0",
	      CTRL1_OFFSET);
	fake_free(&f);
}

static void test_expand_errors(void)
{
	struct fake f;
	unsigned i;
	int64_t r = 0;

	fake_init(&f, RAM);
	fake_mode_64(&f);
	init_control(&f, 0, CTRL0 / PAGE_SIZE, 0);
	check(expand_array(&f, (uint64_t)-2) == -XEN_EINVAL,
	      "expand_array(gfn -2) = -EINVAL");
	for (i = 0; i < EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES && !r; i++)
		r = expand_array(&f, ARRAY / PAGE_SIZE + i);
	check(r == 0 && i == EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES,
	      "expand_array: %u pages", i);
	check(expand_array(&f, ARRAY / PAGE_SIZE) == -XEN_ENOSPC,
	      "expand_array past %d pages = -ENOSPC",
	      EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES);
	fake_free(&f);
}

/*
 * Ports bound under 2-level carry over: a pending one waits for its
 * event array page, then is linked and raised.
 */
static void test_switch(void)
{
	struct fake f;
	uint32_t ipi, virq, q[4];
	struct evtchn_bind_virq bv = {VIRQ_TIMER, 0, 0};

	fake_init(&f, RAM);
	fake_mode_64(&f);
	fake_map_shinfo(&f, SHINFO, BUF);
	ipi = bind_ipi(&f, 0);
	evt(&f, EVTCHNOP_bind_virq, &bv, sizeof(bv));
	memcpy(&virq, fake_mem(&f, BUF + 8), 4);
	evt_port(&f, EVTCHNOP_send, ipi);
	*upcall_pending(&f, 0) = 0;
	check(init_control(&f, 0, CTRL0 / PAGE_SIZE, 0) == 0 &&
		      !evtchn_is_pending(&f.dom, ipi),
	      "switch with ports %u (IPI, pending) and %u bound: no words yet",
	      ipi, virq);
	evt_port(&f, EVTCHNOP_send, ipi);
	check(*upcall_pending(&f, 0) == 0 && !evtchn_is_pending(&f.dom, ipi),
	      "send(%u) with no page for its word: kept, nothing raised", ipi);
	check(expand_array(&f, ARRAY / PAGE_SIZE) == 0 &&
		      wload(&f, ipi) == (W(PENDING) | W(LINKED)) &&
		      control(&f, 0)->head[EVTCHN_FIFO_PRIORITY_DEFAULT] ==
			      ipi &&
		      control(&f, 0)->ready ==
			      1u << EVTCHN_FIFO_PRIORITY_DEFAULT &&
		      *upcall_pending(&f, 0) == 1,
	      "expand_array: the 2-level event on port %u is linked at "
	      "priority %d's head, READY, upcall",
	      ipi, EVTCHN_FIFO_PRIORITY_DEFAULT);
	check(wload(&f, virq) == 0,
	      "port %u, never pending: its word untouched", virq);
	check(drain(&f, 0, EVTCHN_FIFO_PRIORITY_DEFAULT, q, 4) == 1 &&
		      q[0] == ipi && wload(&f, ipi) == 0,
	      "the guest takes port %u off its queue", ipi);
	xen_timer_set_oneshot(f.x, 1);
	xen_timer_check(f.x);
	check(wload(&f, virq) == (W(PENDING) | W(LINKED)) &&
		      control(&f, 0)->head[EVTCHN_FIFO_PRIORITY_DEFAULT] ==
			      virq,
	      "VIRQ_TIMER fires: port %u linked at the head", virq);
	fake_free(&f);
}

/* Order within a priority, across priorities, and READY. */
static void test_order(struct fake *f, uint32_t *p)
{
	struct evtchn_fifo_control_block *cb = control(f, 0);
	uint32_t q[8];
	unsigned n;

	evt_port(f, EVTCHNOP_send, p[0]);
	evt_port(f, EVTCHNOP_send, p[1]);
	evt_port(f, EVTCHNOP_send, p[2]);
	check(cb->head[7] == p[0] &&
		      wload(f, p[0]) == (W(PENDING) | W(LINKED) | p[1]) &&
		      wload(f, p[1]) == (W(PENDING) | W(LINKED) | p[2]) &&
		      wload(f, p[2]) == (W(PENDING) | W(LINKED)),
	      "send %u, %u, %u: head %u, each LINK the next", p[0], p[1], p[2],
	      cb->head[7]);
	n = drain(f, 0, 7, q, 8);
	check(n == 3 && q[0] == p[0] && q[1] == p[1] && q[2] == p[2],
	      "the guest takes them in the order sent");
	check(set_priority(f, p[0], 2) == 0 && set_priority(f, p[1], 12) == 0,
	      "set_priority(%u, 2), (%u, 12) = 0", p[0], p[1]);
	*upcall_pending(f, 0) = 0;
	evt_port(f, EVTCHNOP_send, p[1]);
	evt_port(f, EVTCHNOP_send, p[2]);
	evt_port(f, EVTCHNOP_send, p[0]);
	check(cb->ready == ((1u << 2) | (1u << 7) | (1u << 12)) &&
		      cb->head[2] == p[0] && cb->head[12] == p[1] &&
		      cb->head[7] == p[2] && *upcall_pending(f, 0),
	      "three priorities: READY %#x, heads %u %u %u", cb->ready,
	      cb->head[2], cb->head[7], cb->head[12]);
	drain(f, 0, 2, q, 8);
	drain(f, 0, 7, q, 8);
	drain(f, 0, 12, q, 8);
	check(set_priority(f, p[0], EVTCHN_FIFO_PRIORITY_MIN + 1) ==
		      -XEN_EINVAL,
	      "set_priority(%d) = -EINVAL", EVTCHN_FIFO_PRIORITY_MIN + 1);
	check(set_priority(f, 0, 3) == -XEN_EINVAL &&
		      set_priority(f, EVTCHN_MAX_PORTS, 3) == -XEN_EINVAL,
	      "set_priority(port 0), (port %d) = -EINVAL", EVTCHN_MAX_PORTS);
	check(set_priority(f, 100, 3) == -XEN_EACCES,
	      "set_priority(a free port) = -EACCES");
	set_priority(f, p[0], 7);
	set_priority(f, p[1], 7);
}

/*
 * A queue's tail is xhvm's: a port that moves to another priority stops
 * being the old queue's tail, so the next event there starts afresh.
 */
static void test_requeue(struct fake *f, uint32_t *p)
{
	struct evtchn_fifo_control_block *cb = control(f, 0);
	uint32_t q[8];

	evt_port(f, EVTCHNOP_send, p[0]);
	drain(f, 0, 7, q, 8);
	set_priority(f, p[0], 3);
	evt_port(f, EVTCHNOP_send, p[0]);
	evt_port(f, EVTCHNOP_send, p[1]);
	check(cb->head[3] == p[0] && cb->head[7] == p[1] &&
		      wload(f, p[0]) == (W(PENDING) | W(LINKED)),
	      "port %u moved to priority 3: %u starts priority 7 afresh", p[0],
	      p[1]);
	drain(f, 0, 3, q, 8);
	drain(f, 0, 7, q, 8);
	set_priority(f, p[0], 7);
}

static void test_masked(struct fake *f, uint32_t *p)
{
	struct evtchn_fifo_control_block *cb = control(f, 0);
	uint32_t q[8];

	*upcall_pending(f, 0) = 0;
	cb->head[7] = 0;
	__atomic_fetch_or(word(f, p[2]), W(MASKED), __ATOMIC_SEQ_CST);
	evt_port(f, EVTCHNOP_send, p[2]);
	check(wload(f, p[2]) == (W(MASKED) | W(PENDING)) && !cb->ready &&
		      !cb->head[7] && !*upcall_pending(f, 0),
	      "send to masked port %u: PENDING, not linked, no upcall", p[2]);
	check(evt_port(f, EVTCHNOP_unmask, p[2]) == 0 &&
		      wload(f, p[2]) == (W(PENDING) | W(LINKED)) &&
		      cb->head[7] == p[2] && cb->ready == 1u << 7 &&
		      *upcall_pending(f, 0),
	      "unmask(%u): linked at the head, READY, upcall", p[2]);
	evt_port(f, EVTCHNOP_send, p[2]);
	check(wload(f, p[2]) == (W(PENDING) | W(LINKED)),
	      "send to a LINKED port: not linked twice");
	__atomic_fetch_and(word(f, p[2]), ~W(PENDING), __ATOMIC_SEQ_CST);
	evt_port(f, EVTCHNOP_send, p[2]);
	evt_port(f, EVTCHNOP_send, p[0]);
	check(wload(f, p[2]) == (W(PENDING) | W(LINKED) | p[0]) &&
		      wload(f, p[0]) == (W(PENDING) | W(LINKED)),
	      "acknowledged but still queued: PENDING again, and %u goes "
	      "behind it",
	      p[0]);
	/* The guest masks the tail meanwhile: the link keeps its MASKED. */
	__atomic_fetch_or(word(f, p[0]), W(MASKED), __ATOMIC_SEQ_CST);
	evt_port(f, EVTCHNOP_send, p[1]);
	check(wload(f, p[0]) == (W(PENDING) | W(LINKED) | W(MASKED) | p[1]),
	      "a masked tail: linked behind, MASKED kept, no BUSY left");
	check(drain(f, 0, 7, q, 8) == 3 && q[0] == p[2] && q[1] == p[0] &&
		      q[2] == p[1],
	      "the queue: %u, %u, %u", p[2], p[0], p[1]);
	__atomic_fetch_and(word(f, p[0]), ~W(MASKED), __ATOMIC_SEQ_CST);
}

/* What the guest writes into LINKs and HEADs is never read back. */
static void test_untrusted(struct fake *f, uint32_t *p)
{
	struct evtchn_fifo_control_block *cb = control(f, 0);
	uint32_t q[8];

	evt_port(f, EVTCHNOP_send, p[0]);
	__atomic_fetch_or(word(f, p[0]), EVTCHN_FIFO_LINK_MASK,
			  __ATOMIC_SEQ_CST);
	cb->head[7] = 0xdeadbeef;
	evt_port(f, EVTCHNOP_send, p[1]);
	check(wload(f, p[0]) == (W(PENDING) | W(LINKED) | p[1]) &&
		      cb->head[7] == 0xdeadbeef,
	      "junk in the tail's LINK and in HEAD: overwritten, not used");
	cb->head[7] = p[0];
	drain(f, 0, 7, q, 8);
	/* A port the guest marks LINKED itself stays off every queue. */
	__atomic_fetch_or(word(f, p[1]), W(LINKED), __ATOMIC_SEQ_CST);
	evt_port(f, EVTCHNOP_send, p[1]);
	check(wload(f, p[1]) == (W(PENDING) | W(LINKED)) && cb->ready == 0,
	      "a port the guest set LINKED on is taken as queued");
	__atomic_store_n(word(f, p[1]), 0, __ATOMIC_SEQ_CST);
}

/*
 * SCHEDOP_poll reads FIFO words: a port pending but masked (as Linux
 * polls its spinlock IPIs) ends the poll at once, not as a stuck vCPU.
 */
static void test_poll(struct fake *f, uint32_t *p)
{
	struct sched_poll_64 poll = {.ports = BUF + 64, .nr_ports = 1};
	struct xhvm_action act;

	__atomic_fetch_or(word(f, p[0]), W(MASKED), __ATOMIC_SEQ_CST);
	evt_port(f, EVTCHNOP_send, p[0]);
	memcpy(fake_mem(f, BUF), &poll, sizeof(poll));
	memcpy(fake_mem(f, BUF + 64), &p[0], 4);
	*fake_regs(f) = (struct kvm_regs){
		.rax = __HYPERVISOR_sched_op, .rdi = SCHEDOP_poll, .rsi = BUF};
	act = hypercall_from_port(f->vcpu, XHVM_HCALL_PORT, true, 4, 1, NULL,
				  &f->dom);
	check(act.next == XHVM_NEXT_RUN && fake_regs(f)->rax == 0,
	      "SCHEDOP_poll(masked, pending port %u) returns at once", p[0]);
	__atomic_store_n(word(f, p[0]), 0, __ATOMIC_SEQ_CST);
}

/* Close clears PENDING; a port still queued is not handed out again. */
static void test_close(struct fake *f, uint32_t *p)
{
	uint32_t q[8], again;

	evt_port(f, EVTCHNOP_send, p[2]);
	check(evt_port(f, EVTCHNOP_close, p[2]) == 0 &&
		      wload(f, p[2]) == W(LINKED) &&
		      !evtchn_is_pending(&f->dom, p[2]),
	      "close(%u) while queued: PENDING cleared, still LINKED", p[2]);
	again = bind_ipi(f, 0);
	check(again != p[2], "bind_ipi skips port %u while it is LINKED: %u",
	      p[2], again);
	check(evt_port(f, EVTCHNOP_unmask, p[2]) == 0 &&
		      wload(f, p[2]) == W(LINKED),
	      "unmask(closed port) = 0 and changes nothing, as Xen");
	drain(f, 0, 7, q, 8);
	evt_port(f, EVTCHNOP_close, again);
	check(bind_ipi(f, 0) == p[2],
	      "once the guest takes it off, port %u is bound again", p[2]);
}

static void test_queues(void)
{
	struct fake f;
	uint32_t p[3];

	check(fifo_setup(&f, 1), "FIFO with one event array page");
	p[0] = bind_ipi(&f, 0);
	p[1] = bind_ipi(&f, 0);
	p[2] = bind_ipi(&f, 0);
	test_order(&f, p);
	test_requeue(&f, p);
	test_masked(&f, p);
	test_untrusted(&f, p);
	test_poll(&f, p);
	test_close(&f, p);
	fake_free(&f);
}

int main(void)
{
	vcpu_kick_init(); /* the timer's signal must not kill us */
	test_init_errors();
	test_expand_errors();
	test_switch();
	test_queues();
	return check_summary();
}
