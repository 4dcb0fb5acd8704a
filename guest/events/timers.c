/*
 * No timer fires early: on every vCPU at once, timers are set for system
 * time T, by each mechanism Xen has, from "already past" to 4 ms ahead,
 * and on waking the vCPU's own clock (its vcpu_time_info and TSC) must
 * read at least T. Mechanisms: set_timer_op + SCHEDOP_block (interrupts
 * off), VCPUOP_set_singleshot_timer + HLT (the upcall wakes it),
 * SCHEDOP_poll's timeout, and the periodic timer, whose k-th tick after
 * arming at A may not come before A + (k - 1) * period (Xen ticks at once
 * when a period has passed since the last tick).
 *
 * Under the intercept backend KVM answers SCHEDOP_poll itself (as a
 * yield), so poll timeouts are tested on the other backends only.
 */
#include <stdint.h>

#include "console.h"
#include "guest.h"
#include "hypercall.h"
#include "processor.h"
#include "report.h"
#include "test.h"
#include "traps.h"

#define US	      1000ull
#define MS	      1000000ull
#define ROUNDS	      4
#define TICKS	      5
#define PERIOD	      (1 * MS)
#define UPCALL_VECTOR 0xe8
#define MAX_VCPUS     XEN_LEGACY_MAX_VCPUS /* vcpu_info in shared_info */

static const uint64_t ahead[] = {0,	   1 * US, 10 * US, 50 * US,
				 200 * US, 1 * MS, 4 * MS};

static uint8_t shinfo[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static volatile unsigned int mapped;
static bool intercept;

struct result {
	unsigned int timers, early;
	int64_t closest, latest; /* wake-up minus deadline, in ns */
	bool failed_call;
};
static struct result results[MAX_VCPUS];
static uint32_t timer_port[MAX_VCPUS];		 /* each vCPU's VIRQ_TIMER */
static volatile unsigned int upcalls[MAX_VCPUS]; /* taken, per vCPU */

static uint8_t *vcpu_info(unsigned int vcpu)
{
	return shinfo + vcpu * XEN_VCPU_INFO_SIZE;
}

static uint64_t now(unsigned int vcpu)
{
	return xen_clock_read(
		(const void *)(vcpu_info(vcpu) + XEN_VCPU_INFO_TIME));
}

/* This vCPU's id, from Xen's CPUID leaf (EBX of base + 4). */
static unsigned int this_vcpu(void)
{
	return cpuid(xen_info.cpuid_base + XEN_CPUID_LEAF_HVM).ebx;
}

/* The upcall: acknowledge it on whichever vCPU took it, and count it. */
static void upcall(void)
{
	unsigned int vcpu = this_vcpu();

	vcpu_info(vcpu)[XEN_VCPU_INFO_UPCALL_PENDING] = 0;
	upcalls[vcpu]++;
}

static void record(struct result *r, uint64_t deadline, uint64_t woke)
{
	int64_t m = (int64_t)(woke - deadline);

	r->timers++;
	if (m < 0)
		r->early++;
	if (r->timers == 1 || m < r->closest)
		r->closest = m;
	if (r->timers == 1 || m > r->latest)
		r->latest = m;
}

static long vcpu_op(unsigned int cmd, unsigned int vcpu, void *arg)
{
	return xen_hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpu,
			      (unsigned long)arg);
}

static unsigned int port_pending(uint32_t port)
{
	return (shinfo[XEN_SHINFO64_EVTCHN_PENDING + port / 8] >> (port % 8)) &
	       1;
}

/*
 * Ready for the next tick: the upcall acknowledged, then the timer port's
 * pending bit clear (else Xen would not raise it again). In that order,
 * as Xen's protocol wants: a periodic tick landing between the two (an
 * exit can come between any two instructions) is then merely lost, a
 * later wake-up; the other way round its upcall_pending would be wiped
 * with its port left pending, and no tick would ever raise it again.
 */
static void clear_upcall(unsigned int vcpu)
{
	uint32_t port = timer_port[vcpu];
	uint8_t *pending = shinfo + XEN_SHINFO64_EVTCHN_PENDING + port / 8;

	__atomic_store_n(&vcpu_info(vcpu)[XEN_VCPU_INFO_UPCALL_PENDING], 0,
			 __ATOMIC_SEQ_CST);
	__atomic_fetch_and(pending, (uint8_t) ~(1u << (port % 8)),
			   __ATOMIC_SEQ_CST);
}

/* set_timer_op, then SCHEDOP_block with interrupts off until it fires. */
static void by_block(unsigned int vcpu, struct result *r, uint64_t d)
{
	uint64_t t = now(vcpu) + d;

	clear_upcall(vcpu);
	if (xen_hypercall1(__HYPERVISOR_set_timer_op, t) != 0)
		r->failed_call = true;
	while (!vcpu_info(vcpu)[XEN_VCPU_INFO_UPCALL_PENDING])
		xen_sched_op(SCHEDOP_block, 0);
	/* block unmasked events; keep them masked for the next round. */
	vcpu_info(vcpu)[XEN_VCPU_INFO_UPCALL_MASK] = 1;
	record(r, t, now(vcpu));
}

/* The singleshot timer, then HLT with interrupts on until its upcall. */
static void by_hlt(unsigned int vcpu, struct result *r, uint64_t d)
{
	struct vcpu_set_singleshot_timer s = {0, 0, 0};
	unsigned int before;

	clear_upcall(vcpu);
	before = upcalls[vcpu];
	s.timeout_abs_ns = now(vcpu) + d;
	if (vcpu_op(VCPUOP_set_singleshot_timer, vcpu, &s) != 0)
		r->failed_call = true;
	/*
	 * Only the timer's upcall ends the wait, not a spurious wake-up;
	 * one that never comes is a failure, said now, not a hang.
	 */
	while (upcalls[vcpu] == before) {
		asm volatile("sti; hlt; cli" ::: "memory");
		if (upcalls[vcpu] == before &&
		    now(vcpu) > s.timeout_abs_ns + 500 * MS) {
			printf("FAIL: vCPU %u: no upcall 500 ms after its "
			       "timer: upcalls %u, upcall_pending %u, port "
			       "%u pending %u\n",
			       vcpu, upcalls[vcpu],
			       vcpu_info(vcpu)[XEN_VCPU_INFO_UPCALL_PENDING],
			       timer_port[vcpu],
			       port_pending(timer_port[vcpu]));
			r->failed_call = true;
			break;
		}
	}
	record(r, s.timeout_abs_ns, now(vcpu));
}

/* SCHEDOP_poll on a port that never fires: its timeout ends it. */
static void by_poll(unsigned int vcpu, struct result *r, uint32_t port,
		    uint64_t d)
{
	struct sched_poll_64 p = {(uintptr_t)&port, 1, 0, now(vcpu) + d};

	if (xen_sched_op(SCHEDOP_poll, &p) != 0)
		r->failed_call = true;
	record(r, p.timeout, now(vcpu));
}

/* The periodic timer: tick k after arming at A comes at A + (k-1) * P. */
static void by_period(unsigned int vcpu, struct result *r)
{
	struct vcpu_set_periodic_timer p = {PERIOD};
	uint64_t armed = now(vcpu);
	unsigned int k;

	if (vcpu_op(VCPUOP_set_periodic_timer, vcpu, &p) != 0)
		r->failed_call = true;
	for (k = 1; k <= TICKS; k++) {
		clear_upcall(vcpu);
		while (!vcpu_info(vcpu)[XEN_VCPU_INFO_UPCALL_PENDING])
			xen_sched_op(SCHEDOP_block, 0);
		vcpu_info(vcpu)[XEN_VCPU_INFO_UPCALL_MASK] = 1;
		record(r, armed + (k - 1) * PERIOD, now(vcpu));
	}
	if (vcpu_op(VCPUOP_stop_periodic_timer, vcpu, NULL) != 0)
		r->failed_call = true;
}

static void run(unsigned int vcpu)
{
	struct xen_hvm_evtchn_upcall_vector uv = {vcpu, UPCALL_VECTOR, {0}};
	struct evtchn_bind_virq bv = {VIRQ_TIMER, vcpu, 0};
	struct evtchn_alloc_unbound au = {DOMID_SELF, DOMID_SELF, 0};
	struct result *r = &results[vcpu];
	unsigned int round, i;

	vcpu_info(vcpu)[XEN_VCPU_INFO_UPCALL_MASK] = 1;
	if (xen_hypercall2(__HYPERVISOR_hvm_op, HVMOP_set_evtchn_upcall_vector,
			   (unsigned long)&uv) ||
	    xen_hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq,
			   (unsigned long)&bv) ||
	    xen_hypercall2(__HYPERVISOR_event_channel_op,
			   EVTCHNOP_alloc_unbound, (unsigned long)&au))
		r->failed_call = true;
	timer_port[vcpu] = bv.port;
	for (round = 0; round < ROUNDS; round++) {
		for (i = 0; i < ARRAY_SIZE(ahead); i++) {
			by_block(vcpu, r, ahead[i]);
			by_hlt(vcpu, r, ahead[i]);
			if (!intercept)
				by_poll(vcpu, r, au.port, ahead[i]);
		}
	}
	by_period(vcpu, r);
}

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	struct xen_add_to_physmap_64 a = {DOMID_SELF, 0,
					  XENMAPSPACE_shared_info, 0,
					  (uintptr_t)shinfo / PAGE_SIZE};
	unsigned int i;

	if (vcpu == 0) {
		traps_init();
		traps_set_irq_handler(UPCALL_VECTOR, upcall);
		if (xen_init() != 0)
			return 1;
		intercept = xhvm_msr_intercept();
		if (nvcpus > MAX_VCPUS) {
			printf("FAIL: %u vCPUs, this test takes at most %u\n",
			       nvcpus, MAX_VCPUS);
			return 1;
		}
		report_eq(xen_hypercall2(__HYPERVISOR_memory_op,
					 XENMEM_add_to_physmap,
					 (unsigned long)&a),
			  0, "add_to_physmap(shared_info)");
		__atomic_store_n(&mapped, 1, __ATOMIC_SEQ_CST);
	} else {
		while (!__atomic_load_n(&mapped, __ATOMIC_SEQ_CST))
			asm volatile("pause");
		traps_init();
	}
	run(vcpu);
	test_join(vcpu, nvcpus);
	for (i = 0; i < nvcpus; i++) {
		const struct result *r = &results[i];

		report(!r->failed_call, "vCPU %u: every timer call returned 0",
		       i);
		report(r->early == 0 && r->timers > 0,
		       "vCPU %u: %u timers%s, none fired before its "
		       "deadline by the guest's clock (%u early; woke "
		       "%lld ns to %lld us after)",
		       i, r->timers, intercept ? " (no poll: intercept)" : "",
		       r->early, (long long)r->closest,
		       (long long)r->latest / 1000);
	}
	return report_summary();
}
