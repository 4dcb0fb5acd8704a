/*
 * Xen system time: the clock every vCPU's guest reads from its
 * vcpu_time_info (pvclock) and the TSC, and the one xhvm's timers use.
 *
 * There is one clock for the whole VM, a record (tsc_base, sys_base, mul,
 * shift): system time at guest TSC t is sys_base + scale(t - tsc_base).
 * xhvm publishes that record in every vcpu_time_info and decides timers by
 * the same formula, on the same guest TSC: a timer for system time T fires
 * only once the guest's own clock reads T, however far the TSC rate KVM
 * reports is from the rate the guest's TSC really runs at (under QEMU's
 * TCG they differ by tens of percent).
 *
 * A refresh starts a new record where the old one ends, so the guest's
 * clock never jumps; only its rate changes. The rate is measured from
 * (guest TSC, host time) pairs taken since the VM started, and slewed so
 * system time follows the host's CLOCK_MONOTONIC (and the wallclock the
 * host's wall time). Refreshes happen when a guest maps its time info, at
 * least once a second, and whenever a vCPU comes back from waiting.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <string.h>
#include <time.h>

#include "xen/xen.h"

#define MSR_IA32_TSC 0x10
/* A measured rate needs this long a baseline to beat KVM's figure. */
#define CALIBRATE_AFTER_NS (50 * 1000000ull)
/* At most this much faster or slower than the measured rate, to close
 * the gap to host time over about a second. */
#define MAX_SLEW 0.05
#define SLEW_NS	 1e9
/* KVM's figure when it gives none: any rate works, it is measured. */
#define FALLBACK_KHZ 1000000u
/*
 * A TSC that moved less than 1/HELD_FRACTION of what KVM's rate says
 * over at least HELD_AFTER_NS of host time is being held still.
 */
#define HELD_AFTER_NS (20 * 1000000ull)
#define HELD_FRACTION 8
/* With the TSC held, how often the time info is written afresh. */
#define HELD_REFRESH_NS (10 * 1000000ull)

/*
 * mul and shift with ns = (ticks << shift) * mul >> 32 (or >> -shift)
 * for `ns_per_tick`: mul/2^32 scaled into [0.5, 1).
 */
void xen_tsc_scale_ratio(double ns_per_tick, uint32_t *mul, int8_t *shift)
{
	int e = 0;
	double m;

	if (!(ns_per_tick > 0) || !isfinite(ns_per_tick)) {
		*mul = 0;
		*shift = 0;
		return;
	}
	m = frexp(ns_per_tick, &e); /* ns_per_tick = m * 2^e, m in [0.5, 1) */
	if (e > 31 || e < -31) {    /* beyond what pvclock can say */
		*mul = e > 0 ? UINT32_MAX : 0;
		*shift = 0;
		return;
	}
	*mul = (uint32_t)ldexp(m, 32);
	*shift = (int8_t)e;
}

void xen_tsc_scale(uint32_t khz, uint32_t *mul, int8_t *shift)
{
	xen_tsc_scale_ratio(khz ? 1e6 / khz : 0, mul, shift);
}

/* pvclock's formula, exactly as a guest computes it. */
static uint64_t pvclock_scale(uint64_t delta, uint32_t mul, int8_t shift)
{
	if (shift >= 0)
		delta <<= shift;
	else
		delta >>= -shift;
	return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

/* The guest TSC now, through this vCPU; false when KVM cannot say. */
static bool kvm_read_tsc(struct vcpu *v, uint64_t *tsc)
{
	/* struct kvm_msrs with room for its one entry. */
	union {
		struct kvm_msrs msrs;
		uint8_t room[sizeof(struct kvm_msrs) +
			     sizeof(struct kvm_msr_entry)];
	} m = {.msrs.nmsrs = 1};

	if (v->fd < 0)
		return false;
	m.msrs.entries[0].index = MSR_IA32_TSC;
	if (__kvm_ioctl(v->fd, KVM_GET_MSRS, &m) != 1)
		return false;
	*tsc = m.msrs.entries[0].data;
	return true;
}

/*
 * Host ns per guest TSC tick, from the first pair and this one, whose
 * host times are each known within cal_unc and unc ns: KVM's figure
 * unless the measurement can tell it from the noise (under QEMU's TCG it
 * is far off; on real hardware it is usually right).
 */
static double true_ns_per_tick(const struct xen_clock *c, uint64_t tsc,
			       uint64_t host, uint64_t unc)
{
	double kvm = 1e6 / c->khz, span, measured, noise;

	if (host < c->cal_host + CALIBRATE_AFTER_NS || tsc <= c->cal_tsc)
		return kvm;
	span = (double)(host - c->cal_host);
	measured = span / (double)(tsc - c->cal_tsc);
	noise = (double)(c->cal_unc + unc) / span;
	/* Twice or half KVM's rate is no TSC at all: one held still, say. */
	if (measured > 2 * kvm || measured < kvm / 2)
		return kvm;
	return fabs(measured / kvm - 1.0) <= 2 * noise + 1e-6 ? kvm : measured;
}

/*
 * Under c->lock: does this read, against the vCPU's last one, show KVM
 * holding its TSC still? A vCPU that ran meanwhile moved its TSC at
 * least as far as it ran; one that waited moved it as far as the host
 * clock, unless KVM holds it. A TSC the guest set back is not held, and
 * faster-than-expected TSCs are fine here: the measured rate takes care
 * of those.
 */
static bool tsc_is_held(struct xen_clock *c, struct xen_vcpu *x, uint64_t tsc,
			uint64_t host)
{
	uint64_t span = host - x->seen_host, want;

	if (!x->seen_host || host < x->seen_host + HELD_AFTER_NS)
		return false;
	want = (uint64_t)((double)span * c->khz / 1e6);
	return tsc >= x->seen_tsc && tsc - x->seen_tsc < want / HELD_FRACTION;
}

/* The TSC KVM's rate predicts for host time `host`. Under c->lock. */
static uint64_t predicted_tsc(const struct xen_clock *c, uint64_t host)
{
	return c->cal_tsc +
	       (uint64_t)((double)(host - c->cal_host) * c->khz / 1e6);
}

/*
 * Under c->lock, as KVM is first seen holding the TSC: a new record on
 * the predicted TSC at KVM's rate, starting at the system time host time
 * says it is (ahead of the held clock, which fell behind: the guest's
 * time jumps forward to where it should be, never back).
 */
static void hold(struct xen_clock *c, uint64_t host)
{
	uint64_t held = c->sys_base, by_host = c->sys_base;

	if (host > c->host_base)
		by_host += (uint64_t)((double)(host - c->host_base) * c->rate);
	c->sys_base = by_host > held ? by_host : held;
	c->tsc_base = predicted_tsc(c, host);
	c->host_base = host;
	xen_tsc_scale(c->khz, &c->mul, &c->shift);
}

/*
 * A (guest TSC, host uptime) pair taken as close together as the host
 * allows: the host time is the middle of the read, within *unc ns.
 * Without a TSC from KVM (a unit test's fake vCPU), or once KVM is seen
 * holding the TSC still, the TSC is what KVM's rate says it should be
 * since the clock began.
 */
static void sample(struct xen_vcpu *x, uint64_t *tsc, uint64_t *host,
		   uint64_t *unc)
{
	struct xen_clock *c = &x->d->clock;
	uint64_t before = host_uptime_ns(x->d->vm), after;
	bool held = __atomic_load_n(&c->tsc_held, __ATOMIC_ACQUIRE);

	if (!held && c->read_tsc(x->v, tsc)) {
		after = host_uptime_ns(x->d->vm);
		*host = before + (after - before) / 2;
		*unc = (after - before) / 2;
		pthread_mutex_lock(&c->lock);
		held = tsc_is_held(c, x, *tsc, *host);
		/* A reference pair at least HELD_AFTER_NS old to compare. */
		if (!x->seen_host || *host >= x->seen_host + HELD_AFTER_NS ||
		    *tsc < x->seen_tsc) {
			x->seen_tsc = *tsc;
			x->seen_host = *host;
		}
		if (held && !c->tsc_held) {
			hold(c, *host);
			__atomic_store_n(&c->tsc_held, true, __ATOMIC_RELEASE);
			xhvm_err("vCPU %u: KVM holds the guest's TSC still "
				 "while the vCPU waits (the host's TSC is "
				 "marked unstable?): Xen time now follows "
				 "host time at KVM's TSC rate",
				 x->index);
		}
		pthread_mutex_unlock(&c->lock);
		if (!held)
			return;
	}
	*host = before;
	*unc = 0;
	pthread_mutex_lock(&c->lock);
	*tsc = predicted_tsc(c, before);
	pthread_mutex_unlock(&c->lock);
}

void xen_clock_sample(struct xen_vcpu *x, uint64_t *tsc, uint64_t *host)
{
	uint64_t unc;

	sample(x, tsc, host, &unc);
}

void xen_clock_init(struct xen_vcpu *x)
{
	struct xen_clock *c = &x->d->clock;
	int khz = x->v->fd >= 0 ? __kvm_ioctl(x->v->fd, KVM_GET_TSC_KHZ, NULL)
				: 0;
	uint64_t tsc, host, unc;

	if (!c->read_tsc)
		c->read_tsc = kvm_read_tsc;
	c->khz = khz > 0 ? (uint32_t)khz : FALLBACK_KHZ;
	c->cal_tsc = c->cal_host = 0;
	sample(x, &tsc, &host, &unc);
	c->cal_tsc = c->tsc_base = tsc;
	c->cal_host = c->host_base = host;
	c->cal_unc = unc;
	c->sys_base = host; /* system time is host uptime, to begin with */
	c->rate = 1.0;
	xen_tsc_scale(c->khz, &c->mul, &c->shift);
	/* The first refresh as soon as the TSC rate can be measured. */
	c->next_refresh = host + CALIBRATE_AFTER_NS;
}

/* System time at guest TSC tsc, by the record. Under c->lock. */
static uint64_t clock_at(const struct xen_clock *c, uint64_t tsc)
{
	if (tsc <= c->tsc_base)
		return c->sys_base;
	return c->sys_base + pvclock_scale(tsc - c->tsc_base, c->mul, c->shift);
}

uint64_t xen_clock_at(struct xen_domain *d, uint64_t tsc)
{
	uint64_t now;

	pthread_mutex_lock(&d->clock.lock);
	now = clock_at(&d->clock, tsc);
	pthread_mutex_unlock(&d->clock.lock);
	return now;
}

uint64_t xen_clock_now(struct xen_vcpu *x)
{
	uint64_t tsc, host;

	xen_clock_sample(x, &tsc, &host);
	return xen_clock_at(x->d, tsc);
}

uint64_t xen_clock_host_at(struct xen_domain *d, uint64_t sys)
{
	struct xen_clock *c = &d->clock;
	double host;

	pthread_mutex_lock(&c->lock);
	host = (double)c->host_base;
	if (sys > c->sys_base)
		host += (double)(sys - c->sys_base) / c->rate;
	pthread_mutex_unlock(&c->lock);
	/* Far deadlines stay far: no sum may wrap into the past. */
	return host < (double)HOST_TIME_FOREVER ? (uint64_t)host
						: HOST_TIME_FOREVER;
}

uint64_t xen_clock_host_span(struct xen_domain *d, uint64_t sys_ns)
{
	double host;

	pthread_mutex_lock(&d->clock.lock);
	host = (double)sys_ns / d->clock.rate;
	pthread_mutex_unlock(&d->clock.lock);
	return host < (double)HOST_TIME_FOREVER ? (uint64_t)host
						: HOST_TIME_FOREVER;
}

void xen_clock_refresh(struct xen_vcpu *x)
{
	struct xen_clock *c = &x->d->clock;
	uint64_t tsc, host, unc, now;
	double ns_per_tick, slew;

	sample(x, &tsc, &host, &unc);
	pthread_mutex_lock(&c->lock);
	if (host < c->host_base) {
		/* Another vCPU's newer record won the race: keep it. */
		pthread_mutex_unlock(&c->lock);
		return;
	}
	if (tsc < c->tsc_base) {
		/*
		 * The guest set its TSC back (WRMSR): its clock holds still
		 * for a moment and goes on from here, measured afresh.
		 */
		c->cal_tsc = c->tsc_base = tsc;
		c->cal_host = c->host_base = host;
		c->cal_unc = unc;
	} else {
		/* The new record starts where the old one is now. */
		now = clock_at(c, tsc);
		ns_per_tick = true_ns_per_tick(c, tsc, host, unc);
		/* Ahead of the host: run slower for a while; behind: faster. */
		slew = ((double)now - (double)host) / SLEW_NS;
		if (slew > MAX_SLEW)
			slew = MAX_SLEW;
		if (slew < -MAX_SLEW)
			slew = -MAX_SLEW;
		c->rate = 1.0 - slew;
		xen_tsc_scale_ratio(ns_per_tick * c->rate, &c->mul, &c->shift);
		c->tsc_base = tsc;
		c->sys_base = now;
		c->host_base = host;
	}
	c->next_refresh = host + (c->tsc_held ? HELD_REFRESH_NS : NSEC_PER_SEC);
	xen_clock_publish(x->d, c);
	pthread_mutex_unlock(&c->lock);
}

void xen_clock_before_entry(struct xen_vcpu *x)
{
	struct xen_clock *c = &x->d->clock;

	if (!__atomic_load_n(&c->tsc_held, __ATOMIC_ACQUIRE))
		return;
	xen_clock_refresh(x);
	/* vCPU 0's ticker, once, at the faster pace. */
	if (x->index == 0 && c->ticking && !c->ticker_held) {
		kick_timer_set(x->d->vm, c->ticker,
			       xen_clock_next_refresh(x->d), HELD_REFRESH_NS);
		c->ticker_held = true;
	}
}

uint64_t xen_clock_next_refresh(struct xen_domain *d)
{
	uint64_t due;

	pthread_mutex_lock(&d->clock.lock);
	due = d->clock.next_refresh;
	pthread_mutex_unlock(&d->clock.lock);
	return due;
}

void xen_clock_tick(struct xen_vcpu *x)
{
	if (host_uptime_ns(x->d->vm) >= xen_clock_next_refresh(x->d))
		xen_clock_refresh(x);
}

int xen_clock_ticker(struct xen_vcpu *x)
{
	struct xen_clock *c = &x->d->clock;

	/* On vCPU 0's own thread: its signal interrupts that KVM_RUN. */
	if (kick_timer_create(&c->ticker) < 0 ||
	    kick_timer_set(x->d->vm, c->ticker, xen_clock_next_refresh(x->d),
			   NSEC_PER_SEC) < 0) {
		xhvm_err("arming the clock's timer: %s", strerror(errno));
		return -1;
	}
	c->ticking = true;
	return 0;
}

void xen_clock_ticker_stop(struct xen_vcpu *x)
{
	struct xen_clock *c = &x->d->clock;

	if (c->ticking)
		timer_delete(c->ticker);
	c->ticking = false;
}
