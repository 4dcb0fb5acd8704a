/*
 * Xen's FIFO event channel ABI end to end, through a client that works as
 * Linux's does (fifo_queue.c). vCPU 0 registers its control block, adds
 * two event array pages, binds IPIs and VIRQ_TIMER, and takes its events
 * in its upcall handler. Checked: each event's word, HEAD and READY; the
 * order within a queue, one link however often a port is sent;
 * priorities; masking and unmask through Xen; a port in the second page;
 * close while queued; bind_vcpu's rules, and the PV console's port moved
 * as Linux moves it. With two or more vCPUs, vCPU 1 registers its own
 * block and takes an IPI from vCPU 0 in its own queues.
 */
#include <stdint.h>

#include "console.h"
#include "fifo_queue.h"
#include "processor.h"
#include "report.h"
#include "test.h"
#include "traps.h"

#define DEFAULT EVTCHN_FIFO_PRIORITY_DEFAULT

struct ports {
	uint32_t a, b, timer;
};

static volatile unsigned fifo_on, vcpu1_ready;
static volatile long vcpu1_init;

static void relax(void)
{
	xen_sched_op(SCHEDOP_yield, 0);
}

static void check_setup(void)
{
	struct xen_add_to_physmap_64 a = {DOMID_SELF, 0,
					  XENMAPSPACE_shared_info, 0,
					  (uintptr_t)shinfo / PAGE_SIZE};
	struct xen_hvm_evtchn_upcall_vector uv = {0, UPCALL_VEC, {0}};
	struct evtchn_expand_array ea = {(uintptr_t)fifo_array / PAGE_SIZE};
	uint64_t gfn = (uintptr_t)fifo_control[0] / PAGE_SIZE;
	uint8_t bits = 0;
	long r;

	report_eq(xen_hypercall2(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
				 (unsigned long)&a),
		  0, "add_to_physmap(shared_info)");
	xen_hypercall2(__HYPERVISOR_hvm_op, HVMOP_set_evtchn_upcall_vector,
		       (unsigned long)&uv);
	traps_set_irq_handler(UPCALL_VEC, fifo_upcall);
	/* XTF's xsa-188: a bad frame, then expand_array without FIFO. */
	report_eq(fifo_init_control(0, (uint64_t)-2, &bits), -XEN_EINVAL,
		  "init_control(gfn -2)");
	report_eq(evtchn_op(EVTCHNOP_expand_array, &ea), -XEN_EOPNOTSUPP,
		  "expand_array before init_control");
	r = fifo_init_control(0, gfn, &bits);
	report(r == 0 && bits == EVTCHN_FIFO_LINK_BITS,
	       "init_control(vCPU 0) = %ld, link_bits %u", r, bits);
	report_eq(fifo_init_control(0, gfn + 1, &bits), -XEN_EINVAL,
		  "init_control(vCPU 0) again");
	report(fifo_add_page(0) == 0 && fifo_add_page(1) == 0,
	       "expand_array: two pages, ports up to %d", FIFO_WORDS - 1);
}

static bool bind_ports(struct ports *p)
{
	struct evtchn_bind_virq b = {VIRQ_TIMER, 0, 0};

	p->a = fifo_bind_ipi(0);
	p->b = fifo_bind_ipi(0);
	if (evtchn_op(EVTCHNOP_bind_virq, &b) == 0 && b.port < FIFO_WORDS) {
		p->timer = b.port;
		fifo_unmask(b.port);
	}
	report(p->a && p->b && p->timer && fifo_word(p->a) == 0 &&
		       fifo_word(p->timer) == 0,
	       "IPIs %u and %u, VIRQ_TIMER %u, unmasked", p->a, p->b, p->timer);
	return p->a && p->b && p->timer;
}

static void check_send(const struct ports *p)
{
	struct evtchn_fifo_control_block *cb = fifo_cb(0);
	const uint32_t want[] = {p->a}, prio[] = {DEFAULT};

	report_eq(port_op(EVTCHNOP_send, p->a), 0, "send(%u), interrupts off",
		  p->a);
	report(fifo_word(p->a) == (W(PENDING) | W(LINKED)) &&
		       cb->head[DEFAULT] == p->a &&
		       cb->ready == 1u << DEFAULT &&
		       shinfo[XEN_VCPU_INFO_UPCALL_PENDING],
	       "word %#x (PENDING, LINKED), HEAD[%d] %u, READY %#x, "
	       "upcall_pending",
	       fifo_word(p->a), DEFAULT, cb->head[DEFAULT], cb->ready);
	accept_upcalls();
	report(took(1, want, prio) && fifo_word(p->a) == 0,
	       "sti: the upcall took port %u off priority %d's queue", p->a,
	       DEFAULT);
}

static void check_order(const struct ports *p)
{
	const uint32_t want[] = {p->a, p->b}, prio[] = {DEFAULT, DEFAULT};

	port_op(EVTCHNOP_send, p->a);
	port_op(EVTCHNOP_send, p->b);
	port_op(EVTCHNOP_send, p->a);
	report(fifo_word(p->a) == (W(PENDING) | W(LINKED) | p->b) &&
		       fifo_word(p->b) == (W(PENDING) | W(LINKED)),
	       "send %u, %u, %u: %u's LINK is %u, and it is linked once", p->a,
	       p->b, p->a, p->a, p->b);
	accept_upcalls();
	report(took(2, want, prio), "taken in the order sent: %u, %u", p->a,
	       p->b);
}

/* VIRQ_TIMER at priority 0, b at 3, a at the default 7. */
static void check_priorities(const struct ports *p)
{
	const uint32_t want[] = {p->timer, p->b, p->a}, prio[] = {0, 3, 7};
	uint64_t end;

	report(fifo_set_priority(p->timer, EVTCHN_FIFO_PRIORITY_MAX) == 0 &&
		       fifo_set_priority(p->b, 3) == 0,
	       "set_priority(%u, 0), (%u, 3)", p->timer, p->b);
	report_eq(fifo_set_priority(p->a, EVTCHN_FIFO_PRIORITY_MIN + 1),
		  -XEN_EINVAL, "set_priority(%u, %d)", p->a,
		  EVTCHN_FIFO_PRIORITY_MIN + 1);
	port_op(EVTCHNOP_send, p->a);
	port_op(EVTCHNOP_send, p->b);
	end = system_time() + 100 * MS;
	xen_hypercall1(__HYPERVISOR_set_timer_op, system_time() + MS);
	while (!(fifo_word(p->timer) & W(PENDING)) && system_time() < end)
		cpu_relax();
	report(fifo_cb(0)->ready == ((1u << 0) | (1u << 3) | (1u << 7)),
	       "a, b, then the timer: READY %#x", fifo_cb(0)->ready);
	accept_upcalls();
	report(took(3, want, prio),
	       "taken by priority: the timer (0), %u (3), %u (7)", p->b, p->a);
	fifo_set_priority(p->b, DEFAULT);
}

static void check_mask(const struct ports *p)
{
	const uint32_t want[] = {p->a}, prio[] = {DEFAULT};

	__atomic_fetch_or(&fifo_array[p->a], W(MASKED), __ATOMIC_SEQ_CST);
	port_op(EVTCHNOP_send, p->a);
	accept_upcalls();
	report(fifo_word(p->a) == (W(PENDING) | W(MASKED)) &&
		       fifo_cb(0)->ready == 0 && took(0, NULL, NULL),
	       "masked %u: PENDING, not LINKED, no upcall in 100 ms", p->a);
	fifo_unmask(p->a); /* pending: through Xen */
	accept_upcalls();
	report(took(1, want, prio), "EVTCHNOP_unmask(%u) links it: taken",
	       p->a);
}

/* IPIs until one lands in the second page; then that one is sent. */
static void check_page2(void)
{
	const uint32_t prio[] = {DEFAULT};
	uint32_t p;

	while ((p = fifo_bind_ipi(0)) && p < EVTCHN_FIFO_EVENT_WORDS_PER_PAGE)
		;
	report(p >= EVTCHN_FIFO_EVENT_WORDS_PER_PAGE,
	       "IPIs bound up to port %u, in the second page", p);
	port_op(EVTCHNOP_send, p);
	accept_upcalls();
	report(took(1, &p, prio), "port %u sent and taken", p);
}

static void check_close(const struct ports *p)
{
	unsigned before = ev[0].upcalls;

	port_op(EVTCHNOP_send, p->b);
	report(port_op(EVTCHNOP_close, p->b) == 0 &&
		       fifo_word(p->b) == W(LINKED),
	       "close(%u) while queued: PENDING cleared, still LINKED", p->b);
	accept_upcalls();
	report(ev[0].upcalls == before + 1 && took(0, NULL, NULL) &&
		       fifo_word(p->b) == 0,
	       "the handler takes it off and passes over it");
}

static void check_bind_vcpu(const struct ports *p, unsigned nvcpus)
{
	struct evtchn_alloc_unbound au = {DOMID_SELF, 0, 0};
	struct evtchn_bind_vcpu b = {p->a, 0};
	struct evtchn_status st = {DOMID_SELF, 0, 0, 0, 0, {{0}}};
	long r;

	report_eq(evtchn_op(EVTCHNOP_bind_vcpu, &b), -XEN_EINVAL,
		  "bind_vcpu(IPI %u)", p->a);
	b.port = p->timer;
	report_eq(evtchn_op(EVTCHNOP_bind_vcpu, &b), -XEN_EINVAL,
		  "bind_vcpu(VIRQ_TIMER %u)", p->timer);
	evtchn_op(EVTCHNOP_alloc_unbound, &au);
	b = (struct evtchn_bind_vcpu){au.port, nvcpus};
	report_eq(evtchn_op(EVTCHNOP_bind_vcpu, &b), -XEN_ENOENT,
		  "bind_vcpu(%u, vCPU %u of %u)", au.port, nvcpus, nvcpus);
	b.vcpu = nvcpus - 1;
	st.port = au.port;
	report_eq(evtchn_op(EVTCHNOP_bind_vcpu, &b), 0,
		  "bind_vcpu(unbound %u, vCPU %u)", au.port, b.vcpu);
	r = evtchn_op(EVTCHNOP_status, &st);
	report(r == 0 && st.vcpu == b.vcpu, "status(%u) = %ld: vCPU %u",
	       au.port, r, st.vcpu);
}

/* A service's port moves as Linux moves the console's: the PV console. */
static void check_console_port(unsigned nvcpus)
{
	struct xen_hvm_param hp = {DOMID_SELF, 0, HVM_PARAM_CONSOLE_EVTCHN, 0};
	struct evtchn_status st = {DOMID_SELF, 0, 0, 0, 0, {{0}}};
	struct evtchn_bind_vcpu b = {0, nvcpus - 1};
	long r;

	if (xen_hypercall2(__HYPERVISOR_hvm_op, HVMOP_get_param,
			   (unsigned long)&hp) ||
	    !hp.value) {
		report_skip("no PV console port to move");
		return;
	}
	b.port = st.port = (uint32_t)hp.value;
	report_eq(evtchn_op(EVTCHNOP_bind_vcpu, &b), 0,
		  "bind_vcpu(console port %u, vCPU %u)", b.port, b.vcpu);
	r = evtchn_op(EVTCHNOP_status, &st);
	report(r == 0 && st.status == EVTCHNSTAT_interdomain &&
		       st.vcpu == b.vcpu,
	       "status(%u) = %ld: interdomain, vCPU %u", st.port, r, st.vcpu);
	b.vcpu = 0;
	evtchn_op(EVTCHNOP_bind_vcpu, &b);
}

/*
 * vCPU 1: its own control block once vCPU 0 has switched to FIFO (not
 * before: vCPU 0 checks what Xen says first), then its events until it
 * has taken two.
 */
static void vcpu1_main(void)
{
	struct xen_hvm_evtchn_upcall_vector uv = {1, UPCALL_VEC, {0}};
	uint8_t bits;

	while (!fifo_on)
		relax();
	xen_hypercall2(__HYPERVISOR_hvm_op, HVMOP_set_evtchn_upcall_vector,
		       (unsigned long)&uv);
	vcpu1_init = fifo_init_control(
		1, (uintptr_t)fifo_control[1] / PAGE_SIZE, &bits);
	vcpu1_ready = 1;
	while (ev[1].n < 2)
		asm volatile("sti; hlt; cli" ::: "memory");
}

static void wait_vcpu1(unsigned n)
{
	uint64_t end = system_time() + 1000 * MS;

	while (ev[1].n < n && system_time() < end)
		relax();
}

static void check_vcpu1(void)
{
	uint32_t p;

	while (!vcpu1_ready)
		relax();
	report_eq(vcpu1_init, 0, "vCPU 1: init_control(vCPU 1)");
	p = fifo_bind_ipi(1);
	port_op(EVTCHNOP_send, p);
	wait_vcpu1(1);
	report(ev[1].n == 1 && ev[1].port[0] == p && ev[1].prio[0] == DEFAULT &&
		       fifo_cb(0)->ready == 0 && ev[0].n == 0,
	       "vCPU 1 took IPI %u from its own queue", p);
	fifo_set_priority(p, 1);
	port_op(EVTCHNOP_send, p);
	wait_vcpu1(2);
	report(ev[1].n == 2 && ev[1].port[1] == p && ev[1].prio[1] == 1,
	       "vCPU 1 took it again at priority 1");
}

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	struct ports p = {0, 0, 0};

	if (test_init() != 0)
		return 1;
	if (vcpu == 0) {
		check_setup();
		fifo_on = 1;
		if (bind_ports(&p)) {
			check_send(&p);
			check_order(&p);
			check_priorities(&p);
			check_mask(&p);
			check_page2();
			check_close(&p);
			check_bind_vcpu(&p, nvcpus);
			check_console_port(nvcpus);
		}
		if (nvcpus > 1)
			check_vcpu1();
	} else if (vcpu == 1) {
		vcpu1_main();
	}
	test_join(vcpu, nvcpus);
	return report_summary();
}
