/*
 * Unit tests for Xen system time and the timers, on fake vCPUs whose TSC
 * runs at a rate KVM would misreport (as under QEMU's TCG): the clock is
 * measured, stays continuous, and no timer fires before the guest's own
 * clock reads its deadline. Guest times from the far future neither wrap
 * nor make a waiting vCPU spin.
 */
#include <math.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "fake_vcpu.h"

#define RAM    (4ull << 20)
#define BUF    0x200000ull
#define SHINFO 0x250000ull
#define PORTS  0x260000ull
#define US     1000ull
#define MS     1000000ull

/* The fake TSC runs `tsc_factor` times faster than KVM's figure says. */
static double tsc_factor = 1.0;

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* A TSC at tsc_factor GHz, from the host's monotonic clock. */
static bool fake_tsc(struct vcpu *v, uint64_t *tsc)
{
	(void)v;
	*tsc = (uint64_t)((double)mono_ns() * tsc_factor);
	return true;
}

static uint8_t *mem(struct fake *f, uint64_t gpa)
{
	return f->vm.mem.host + gpa;
}

static bool pending(struct fake *f, uint32_t port)
{
	return mem(f, SHINFO + XEN_SHINFO64_EVTCHN_PENDING)[port / 8] &
	       (1u << (port % 8));
}

/* A fake VM with shared_info mapped and VIRQ_TIMER bound: its port. */
static uint32_t setup(struct fake *f, double factor)
{
	struct xen_add_to_physmap_64 a = {
		DOMID_SELF, 0, XENMAPSPACE_shared_info, 0, SHINFO / 4096};
	struct evtchn_bind_virq bv = {VIRQ_TIMER, 0, 0};
	uint32_t port;

	tsc_factor = factor;
	fake_init(f, RAM);
	f->dom.clock.read_tsc = fake_tsc;
	xen_clock_init(f->x); /* again, now on the fake TSC */
	fake_mode_64(f);
	memcpy(mem(f, BUF), &a, sizeof(a));
	fake_hcall(f, __HYPERVISOR_memory_op, XENMEM_add_to_physmap, BUF);
	memcpy(mem(f, BUF), &bv, sizeof(bv));
	fake_hcall(f, __HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq, BUF);
	memcpy(&port, mem(f, BUF + 8), 4);
	return port;
}

/* The guest's clock from its vcpu_time_info, computed as a guest does. */
static uint64_t guest_clock(struct fake *f)
{
	struct vcpu_time_info t;
	uint64_t tsc, delta;

	memcpy(&t, mem(f, SHINFO + XEN_VCPU_INFO_TIME), sizeof(t));
	fake_tsc(f->vcpu, &tsc);
	delta = tsc > t.tsc_timestamp ? tsc - t.tsc_timestamp : 0;
	delta = t.tsc_shift >= 0 ? delta << t.tsc_shift : delta >> -t.tsc_shift;
	return t.system_time +
	       (uint64_t)(((unsigned __int128)delta * t.tsc_to_system_mul) >>
			  32);
}

/* A TSC KVM holds still while the vCPU is out of KVM_RUN. */
static bool held_tsc(struct vcpu *v, uint64_t *tsc)
{
	(void)v;
	*tsc = 123456789;
	return true;
}

/*
 * KVM holding the TSC (a host that marked its TSC unstable): the clock
 * notices within HELD_AFTER_NS, then follows host time; the guest's
 * record carries no TSC rate (it cannot be known) and is written afresh
 * before each entry, never behind xhvm's clock and never going back.
 */
static void test_held_tsc(void)
{
	struct fake f;
	uint64_t t0, t1, seen, host0;
	struct vcpu_time_info t;

	setup(&f, 1.0);
	f.dom.clock.read_tsc = held_tsc;
	t0 = xen_clock_now(f.x);
	host0 = mono_ns();
	usleep(30000);
	QUIETLY(xen_clock_now(f.x)); /* says so on stderr, once */
	usleep(20000);
	t1 = xen_clock_now(f.x);
	check(f.dom.clock.tsc_held && t1 >= t0 + 15 * MS &&
		      t1 - t0 <= mono_ns() - host0 + 5 * MS,
	      "a TSC that stands still is noticed: Xen time went on by %llu "
	      "us in %llu us of host time",
	      (unsigned long long)(t1 - t0) / US,
	      (unsigned long long)(mono_ns() - host0) / US);
	xen_clock_before_entry(f.x);
	memcpy(&t, mem(&f, SHINFO + XEN_VCPU_INFO_TIME), sizeof(t));
	seen = t.system_time;
	check(t.tsc_to_system_mul == 0 && seen >= t1 &&
		      seen <= xen_clock_now(f.x),
	      "before an entry the record says the time now, with no TSC "
	      "rate (mul %u)",
	      t.tsc_to_system_mul);
	usleep(2000);
	xen_clock_before_entry(f.x);
	memcpy(&t, mem(&f, SHINFO + XEN_VCPU_INFO_TIME), sizeof(t));
	check(t.system_time >= seen + 1 * MS,
	      "and moves on at the next entry (+%llu us)",
	      (unsigned long long)(t.system_time - seen) / US);
	fake_free(&f);
}

static bool upcall_pending(struct xen_vcpu *v, void *arg)
{
	(void)arg;
	return xen_upcall_pending(v);
}

static void test_deadlines(void)
{
	check(xen_deadline(0) == 0 && xen_deadline(5) == 5 &&
		      xen_deadline((1ull << 63) - 1) == (1ull << 63) - 1,
	      "xen_deadline keeps 0 (none) and times below 2^63");
	check(xen_deadline(1ull << 63) == 1 && xen_deadline(~0ull) == 1,
	      "xen_deadline: 2^63 and up are negative to Xen: the past");
}

/* The record changes at a refresh; the time it gives does not jump. */
static void test_continuity(double factor)
{
	struct fake f;
	uint64_t before, after, host0, guest0, host1, guest1;
	double err0, err1;
	unsigned i, worst = 0;

	setup(&f, factor);
	for (i = 0; i < 20; i++) {
		before = guest_clock(&f);
		xen_clock_refresh(f.x);
		after = guest_clock(&f);
		if (after < before)
			worst = worst > before - after
					? worst
					: (unsigned)(before - after);
	}
	check(worst == 0,
	      "TSC at %.2fx KVM's rate: 20 refreshes, the guest's clock never "
	      "went back (worst %u ns)",
	      factor, worst);

	/*
	 * After 50 ms the rate is measured; from then on system time runs
	 * at the TSC's real rate, slewed towards host time.
	 */
	usleep(120 * 1000);
	xen_clock_refresh(f.x);
	host0 = host_uptime_ns(&f.vm);
	guest0 = guest_clock(&f);
	err0 = (double)guest0 - (double)host0;
	for (i = 0; i < 30; i++) {
		usleep(40 * 1000);
		xen_clock_refresh(f.x);
	}
	host1 = host_uptime_ns(&f.vm);
	guest1 = guest_clock(&f);
	err1 = (double)guest1 - (double)host1;
	check(fabs(err1) <= fabs(err0) / 2 + 0.2 * MS,
	      "TSC at %.2fx: system time - host time was %.0f us once the "
	      "rate was measured, %.0f us 1.2 s later",
	      factor, err0 / 1e3, err1 / 1e3);
	check(fabs(((double)(guest1 - guest0) / (double)(host1 - host0)) -
		   1.0) < 0.06,
	      "TSC at %.2fx: meanwhile system time ran at %.4f x host time "
	      "(slewed at most 5%%)",
	      factor, (double)(guest1 - guest0) / (double)(host1 - host0));
	fake_free(&f);
}

/*
 * Arms a singleshot timer (or a poll timeout) `d` ns ahead of the guest's
 * clock, waits as SCHEDOP_block (or _poll) would, and returns how far past
 * the deadline the guest's clock read at wake-up (negative: early).
 */
static int64_t wake_margin(struct fake *f, uint32_t port, uint64_t d,
			   bool by_poll)
{
	uint64_t deadline = guest_clock(f) + d;

	memset(mem(f, SHINFO + XEN_SHINFO64_EVTCHN_PENDING), 0, 8);
	mem(f, SHINFO)[XEN_VCPU_INFO_UPCALL_PENDING] = 0;
	if (by_poll) {
		xen_wait(f->x, "test", NULL, NULL, deadline);
	} else {
		xen_timer_set_oneshot(f->x, deadline);
		xen_wait(f->x, "test", upcall_pending, NULL, 0);
		if (!pending(f, port))
			return INT64_MIN;
	}
	return (int64_t)(guest_clock(f) - deadline);
}

static void test_never_early(double factor)
{
	static const uint64_t ahead[] = {0,	   1 * US, 10 * US, 100 * US,
					 500 * US, 1 * MS, 3 * MS,  7 * MS};
	struct fake f;
	uint32_t port = setup(&f, factor);
	int64_t worst = INT64_MAX, m;
	unsigned i, round, n = 0, early = 0;

	/* Three rounds of timers, three of poll timeouts. */
	for (round = 0; round < 6; round++) {
		for (i = 0; i < sizeof(ahead) / sizeof(ahead[0]); i++, n++) {
			m = wake_margin(&f, port, ahead[i], round & 1);
			if (m < 0)
				early++;
			if (m < worst)
				worst = m;
		}
	}
	check(early == 0,
	      "TSC at %.2fx: %u timers and poll timeouts, 0 to 7 ms ahead: "
	      "none woke before the guest's clock read its deadline (closest "
	      "%lld ns after)",
	      factor, n, (long long)worst);
	fake_free(&f);
}

/* Xen's rules for set_timer_op's times, and periodic timers. */
static void test_hypercall_rules(void)
{
	struct fake f;
	uint32_t port = setup(&f, 1.0);
	struct vcpu_set_periodic_timer p;
	uint64_t now = xen_clock_now(f.x), ticks[4];
	unsigned i;
	bool spaced = true;

	check(fake_hcall(&f, __HYPERVISOR_set_timer_op, ~0ull, 0) == 0 &&
		      f.x->sshot_ns >= now + 100 * MS &&
		      f.x->sshot_ns < now + 150 * MS,
	      "set_timer_op(-1): a negative time fires in 100 ms, as on Xen");
	check(fake_hcall(&f, __HYPERVISOR_set_timer_op, now + (1ull << 51),
			 0) == 0 &&
		      f.x->sshot_ns < now + 150 * MS,
	      "set_timer_op(now + 2^51 ns): more than 13 days ahead, 100 ms");
	check(fake_hcall(&f, __HYPERVISOR_set_timer_op, now + (1ull << 49),
			 0) == 0 &&
		      f.x->sshot_ns == now + (1ull << 49),
	      "set_timer_op(now + 2^49 ns) is kept as given");
	check(fake_hcall(&f, __HYPERVISOR_set_timer_op, 0, 0) == 0 &&
		      f.x->sshot_ns == 0,
	      "set_timer_op(0) disarms");

	p.period_ns = 999999;
	memcpy(mem(&f, BUF), &p, sizeof(p));
	check(fake_hcall3(&f, __HYPERVISOR_vcpu_op, VCPUOP_set_periodic_timer,
			  0, BUF) == -XEN_EINVAL,
	      "set_periodic_timer(999999 ns) = -EINVAL: under 1 ms");
	p.period_ns = 1ull << 62;
	memcpy(mem(&f, BUF), &p, sizeof(p));
	check(fake_hcall3(&f, __HYPERVISOR_vcpu_op, VCPUOP_set_periodic_timer,
			  0, BUF) == -XEN_EINVAL,
	      "set_periodic_timer(2^62 ns) = -EINVAL: past STIME_DELTA_MAX");
	check(fake_hcall3(&f, __HYPERVISOR_vcpu_op, VCPUOP_set_periodic_timer,
			  0, 0x7fff00000000ull) == -XEN_EFAULT,
	      "set_periodic_timer with its argument outside RAM = -EFAULT");
	check(fake_hcall3(&f, __HYPERVISOR_vcpu_op, VCPUOP_set_periodic_timer,
			  1, BUF) == -XEN_ENOENT,
	      "set_periodic_timer on vCPU 1 of 1 = -ENOENT");
	p.period_ns = 2 * MS;
	memcpy(mem(&f, BUF), &p, sizeof(p));
	check(fake_hcall3(&f, __HYPERVISOR_vcpu_op, VCPUOP_set_periodic_timer,
			  0, BUF) == 0 &&
		      f.x->period_ns == 2 * MS,
	      "set_periodic_timer(2 ms) = 0");
	for (i = 0; i < 4; i++) {
		memset(mem(&f, SHINFO + XEN_SHINFO64_EVTCHN_PENDING), 0, 8);
		mem(&f, SHINFO)[XEN_VCPU_INFO_UPCALL_PENDING] = 0;
		xen_wait(f.x, "test", upcall_pending, NULL, 0);
		ticks[i] = guest_clock(&f);
		if (!pending(&f, port))
			spaced = false;
		if (i > 1 && ticks[i] - ticks[i - 1] < 2 * MS)
			spaced = false;
	}
	check(spaced,
	      "periodic ticks on VIRQ_TIMER, 2 ms apart by the guest's clock "
	      "(%llu, %llu us)",
	      (unsigned long long)(ticks[2] - ticks[1]) / 1000,
	      (unsigned long long)(ticks[3] - ticks[2]) / 1000);
	check(fake_hcall3(&f, __HYPERVISOR_vcpu_op, VCPUOP_stop_periodic_timer,
			  0, 0) == 0 &&
		      f.x->period_ns == 0,
	      "stop_periodic_timer = 0 and stops it");
	fake_free(&f);
}

/* SCHEDOP_poll of no ports until `timeout`, as a 64-bit guest makes it. */
static int64_t poll_for(struct fake *f, uint64_t timeout)
{
	struct sched_poll_64 p = {.ports = PORTS, .timeout = timeout};

	memcpy(mem(f, BUF), &p, sizeof(p));
	return fake_hcall(f, __HYPERVISOR_sched_op, SCHEDOP_poll, BUF);
}

struct stopper {
	struct vm *vm;
	unsigned ms;
};

static void *stop_later(void *arg)
{
	struct stopper *s = arg;

	usleep(s->ms * 1000);
	vm_stop(s->vm, 0);
	return NULL;
}

/* A deadline the host cannot reach in 146 years: waits, without spinning. */
static void test_far_deadlines(void)
{
	struct fake f;
	struct stopper s = {&f.vm, 150};
	pthread_t t;
	uint64_t cpu0, t0, took, cpu;
	int r;

	setup(&f, 1.0);
	t0 = mono_ns();
	check(poll_for(&f, ~0ull) == 0 && mono_ns() - t0 < 50 * MS,
	      "poll with timeout 2^64-1: negative to Xen, over at once");

	f.vm.nvcpus = 1;
	pthread_create(&t, NULL, stop_later, &s);
	xen_timer_set_oneshot(f.x, (1ull << 63) - 2);
	cpu0 = thread_cpu_ns();
	t0 = mono_ns();
	r = (int)poll_for(&f, (1ull << 63) - 1);
	took = mono_ns() - t0;
	cpu = thread_cpu_ns() - cpu0;
	pthread_join(t, NULL);
	check(r == 0 && took >= 140 * MS && cpu < 20 * MS,
	      "timer and poll timeout at 2^63-2 ns: slept %llu ms until "
	      "stopped, using %llu us of CPU",
	      (unsigned long long)took / MS, (unsigned long long)cpu / 1000);
	fake_free(&f);
}

int main(void)
{
	vcpu_kick_init(); /* the timers' signal must not kill us */
	test_deadlines();
	test_continuity(1.0);
	test_continuity(1.37);
	test_continuity(0.71);
	test_never_early(1.0);
	test_never_early(1.37);
	test_never_early(0.71);
	test_hypercall_rules();
	test_far_deadlines();
	test_held_tsc();
	return check_summary();
}
