/*
 * Event channels, upcalls and timers, end to end on one vCPU: shared_info
 * and Xen time, an IPI delivered as a real interrupt at the upcall
 * vector, masking, the timer's VIRQ waking HLT, SCHEDOP_poll and
 * SCHEDOP_block. Elapsed times are read the way a Xen guest reads its
 * clock: from vcpu_time_info and the TSC.
 */
#include <stdint.h>

#include "console.h"
#include "guest.h"
#include "hypercall.h"
#include "processor.h"
#include "report.h"
#include "string.h"
#include "test.h"
#include "traps.h"

#define UPCALL_VECTOR 0xf3
#define MS	      1000000ull
#define YEAR_2020     1577836800u /* seconds since 1970 */

static uint8_t shinfo[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static volatile unsigned int upcalls;
static bool intercept; /* KVM_EXIT_XEN: KVM answers some calls itself */

#define PENDING (shinfo + XEN_SHINFO64_EVTCHN_PENDING)
#define MASK	(shinfo + XEN_SHINFO64_EVTCHN_MASK)

static volatile uint8_t *upcall_pending = shinfo + XEN_VCPU_INFO_UPCALL_PENDING;

/* As Linux does: acknowledge first, so a new event re-raises it. */
static void upcall(void)
{
	*upcall_pending = 0;
	upcalls++;
}

static bool bit(const uint8_t *map, unsigned int n)
{
	return __atomic_load_n(map + n / 8, __ATOMIC_SEQ_CST) & (1u << (n % 8));
}

static void change_bit(uint8_t *map, unsigned int n, bool on)
{
	if (on)
		__atomic_fetch_or(map + n / 8, 1u << (n % 8), __ATOMIC_SEQ_CST);
	else
		__atomic_fetch_and(map + n / 8, ~(1u << (n % 8)),
				   __ATOMIC_SEQ_CST);
}

/* Xen system time now, from vCPU 0's vcpu_time_info (pvclock). */
static uint64_t system_time(void)
{
	return xen_clock_read((const void *)(shinfo + XEN_VCPU_INFO_TIME));
}

/*
 * Interrupts on until the upcall count passes `before`, or 100 ms pass;
 * then off again. A KVM may open the interrupt window some instructions
 * after STI, so a one-instruction window would prove nothing.
 */
static void accept_upcalls(unsigned int before)
{
	uint64_t end = system_time() + 100 * MS;

	asm volatile("sti" ::: "memory");
	while (upcalls == before && system_time() < end)
		asm volatile("pause" ::: "memory");
	asm volatile("cli" ::: "memory");
}

static long evtchn_op(unsigned int cmd, void *arg)
{
	return xen_hypercall2(__HYPERVISOR_event_channel_op, cmd,
			      (unsigned long)arg);
}

static long send(uint32_t port)
{
	struct evtchn_port_arg a = {port};

	return evtchn_op(EVTCHNOP_send, &a);
}

static void check_shared_info(void)
{
	struct xen_add_to_physmap_64 a = {DOMID_SELF, 0,
					  XENMAPSPACE_shared_info, 0,
					  (uintptr_t)shinfo / PAGE_SIZE};
	const struct xen_wallclock *wc =
		(const void *)(shinfo + XEN_SHINFO64_WALLCLOCK);
	const struct vcpu_time_info *t =
		(const void *)(shinfo + XEN_VCPU_INFO_TIME);
	uint64_t t0, t1;

	report_eq(xen_hypercall2(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
				 (unsigned long)&a),
		  0, "add_to_physmap(shared_info at %p)", shinfo);
	report(wc->wc_version && !(wc->wc_version & 1) &&
		       wc->wc_sec > YEAR_2020,
	       "wallclock: version %u, boot time %u s since 1970",
	       wc->wc_version, wc->wc_sec);
	report(t->version && !(t->version & 1) && t->tsc_to_system_mul,
	       "vcpu_time_info: version %u, mul %#x, shift %d", t->version,
	       t->tsc_to_system_mul, t->tsc_shift);
	t0 = system_time();
	t1 = system_time();
	report(t0 > 0 && t1 >= t0, "system time runs: %llu ns, then %llu ns",
	       (unsigned long long)t0, (unsigned long long)t1);
}

static void check_ipi(void)
{
	struct xen_hvm_evtchn_upcall_vector uv = {0, UPCALL_VECTOR, {0}};
	struct evtchn_bind_ipi b = {0, 0};
	struct evtchn_port_arg pa;

	report_eq(xen_hypercall2(__HYPERVISOR_hvm_op,
				 HVMOP_set_evtchn_upcall_vector,
				 (unsigned long)&uv),
		  0, "set_evtchn_upcall_vector(vCPU 0, %#x)", UPCALL_VECTOR);
	traps_set_irq_handler(UPCALL_VECTOR, upcall);
	report_eq(evtchn_op(EVTCHNOP_bind_ipi, &b), 0, "bind_ipi(vCPU 0)");

	/* With interrupts off: marked, not delivered. */
	report_eq(send(b.port), 0, "send(ipi port %u) with interrupts off",
		  b.port);
	report(bit(PENDING, b.port) && *upcall_pending && upcalls == 0,
	       "port %u pending, upcall_pending set, no upcall yet", b.port);
	accept_upcalls(0);
	report(upcalls == 1, "sti: the upcall arrived at vector %#x (%u)",
	       UPCALL_VECTOR, upcalls);
	change_bit(PENDING, b.port, false);

	/* Masked: pending but silent; unmask delivers it. */
	change_bit(MASK, b.port, true);
	send(b.port);
	accept_upcalls(1);
	report(bit(PENDING, b.port) && upcalls == 1,
	       "masked port: pending, no upcall in 100 ms (%u)", upcalls);
	pa.port = b.port;
	report_eq(evtchn_op(EVTCHNOP_unmask, &pa), 0, "unmask(%u)", b.port);
	accept_upcalls(1);
	report(upcalls == 2, "unmask delivered the pending event (%u)",
	       upcalls);
	change_bit(PENDING, b.port, false);
	report_eq(evtchn_op(EVTCHNOP_close, &pa), 0, "close(%u)", b.port);
	report_eq(send(b.port), -XEN_EINVAL, "send(closed port %u)", b.port);
}

/* SCHEDOP_poll on the timer's port, which nothing else makes pending. */
static void check_poll(uint32_t *port)
{
	struct sched_poll_64 poll;
	uint64_t start, took;
	long r;

	/*
	 * Under the intercept backend KVM answers SCHEDOP_poll itself, at
	 * CPL 0, as a yield: it returns at once and never reaches xhvm.
	 */
	if (intercept) {
		poll = (struct sched_poll_64){(uintptr_t)port, 1, 0,
					      system_time() + 3 * MS};
		start = system_time();
		r = xen_hypercall2(__HYPERVISOR_sched_op, SCHEDOP_poll,
				   (unsigned long)&poll);
		took = system_time() - start;
		report_eq(r, 0,
			  "intercept: poll is KVM's, a yield, after %llu us",
			  (unsigned long long)took / 1000);
		return;
	}

	/* Its timeout, nothing pending. */
	start = system_time();
	poll = (struct sched_poll_64){(uintptr_t)port, 1, 0, start + 3 * MS};
	report_eq(xen_hypercall2(__HYPERVISOR_sched_op, SCHEDOP_poll,
				 (unsigned long)&poll),
		  0, "poll(timer port, timeout now + 3 ms)");
	took = system_time() - start;
	report(took >= 3 * MS && !bit(PENDING, *port),
	       "poll returned at its timeout, after %llu us",
	       (unsigned long long)took / 1000);

	/* Ended by the port. */
	start = system_time();
	xen_hypercall1(__HYPERVISOR_set_timer_op, start + 2 * MS);
	poll.timeout = 0;
	xen_hypercall2(__HYPERVISOR_sched_op, SCHEDOP_poll,
		       (unsigned long)&poll);
	took = system_time() - start;
	report(bit(PENDING, *port) && took >= 2 * MS,
	       "poll returned when the timer port went pending, after %llu us",
	       (unsigned long long)took / 1000);
}

/* SCHEDOP_block, interrupts off: the timer ends it. */
static void check_block(void)
{
	uint64_t start = system_time(), took;

	xen_hypercall1(__HYPERVISOR_set_timer_op, start + 2 * MS);
	report_eq(xen_hypercall2(__HYPERVISOR_sched_op, SCHEDOP_block, 0), 0,
		  "block until the timer");
	took = system_time() - start;
	report(*upcall_pending && took >= 2 * MS,
	       "block returned with an upcall pending, after %llu us",
	       (unsigned long long)took / 1000);
}

static void check_timer(void)
{
	struct evtchn_bind_virq b = {VIRQ_TIMER, 0, 0};
	uint64_t start, took;
	unsigned int before;

	report_eq(evtchn_op(EVTCHNOP_bind_virq, &b), 0,
		  "bind_virq(VIRQ_TIMER)");

	/*
	 * HLT with interrupts on: the timer's upcall wakes it. Elapsed
	 * times are by this guest's own clock, from before the timer was
	 * set: no timer may fire before that clock reads its deadline.
	 */
	before = upcalls;
	start = system_time();
	report_eq(xen_hypercall1(__HYPERVISOR_set_timer_op, start + 5 * MS), 0,
		  "set_timer_op(now + 5 ms)");
	asm volatile("sti; hlt; cli" ::: "memory");
	took = system_time() - start;
	report(upcalls == before + 1 && bit(PENDING, b.port) && took >= 5 * MS,
	       "HLT woke with the timer's VIRQ after %llu us",
	       (unsigned long long)took / 1000);
	change_bit(PENDING, b.port, false);

	check_poll(&b.port);
	change_bit(PENDING, b.port, false);
	*upcall_pending = 0;
	check_block();
}

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	(void)vcpu;
	(void)nvcpus;
	if (test_init() != 0)
		return 1;
	intercept = xhvm_msr_intercept();
	check_shared_info();
	check_ipi();
	check_timer();
	return report_summary();
}
