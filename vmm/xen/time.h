/*
 * Xen time (part of xen/xen.h, which includes it): the system time
 * guests read through pvclock records (time.c, time_publish.c), and each
 * vCPU's singleshot and periodic timers on it (timer.c).
 */
#ifndef XHVM_XEN_TIME_H
#define XHVM_XEN_TIME_H

/* ---- Xen time (time.c) ------------------------------------------------- */

/* pvclock scale: ns = (ticks <<>> shift) * mul >> 32, for a TSC of khz. */
void xen_tsc_scale(uint32_t khz, uint32_t *mul, int8_t *shift);
/* The same for a rate in ns per tick. */
void xen_tsc_scale_ratio(double ns_per_tick, uint32_t *mul, int8_t *shift);
/* Starts the clock from vCPU 0 (its TSC, KVM's TSC rate). */
void xen_clock_init(struct xen_vcpu *x);
/*
 * A (guest TSC, host uptime) pair taken as close together as the host
 * allows, through x (for xhvm bench and the clock itself).
 */
void xen_clock_sample(struct xen_vcpu *x, uint64_t *tsc, uint64_t *host);
/* Xen system time at guest TSC tsc, by the record published now. */
uint64_t xen_clock_at(struct xen_domain *d, uint64_t tsc);
/* Xen system time as the guest reads it now (one KVM_GET_MSRS on x). */
uint64_t xen_clock_now(struct xen_vcpu *x);
/* The host uptime at which system time `sys` is expected: an estimate. */
uint64_t xen_clock_host_at(struct xen_domain *d, uint64_t sys);
/* About how many host ns system time takes to advance sys_ns. */
uint64_t xen_clock_host_span(struct xen_domain *d, uint64_t sys_ns);
/* When the clock is next due for a refresh, in host uptime. */
uint64_t xen_clock_next_refresh(struct xen_domain *d);
/*
 * Starts a new record where the old one ends (re-measuring the TSC rate)
 * and writes it, with the wallclock, into every vCPU's time info.
 */
void xen_clock_refresh(struct xen_vcpu *x);
/*
 * Writes the record into every vCPU's time info and the wallclock into
 * shared_info (time_publish.c). Under the clock's lock.
 */
void xen_clock_publish(struct xen_domain *d, const struct xen_clock *c);
/*
 * Before each entry of x: with the TSC held, the time info is written
 * afresh so the guest reads the time as of now (see publish in time.c).
 */
void xen_clock_before_entry(struct xen_vcpu *x);
/* A refresh if one is due (at least once a second). */
void xen_clock_tick(struct xen_vcpu *x);
/* vCPU 0's ticker: a kick every second, so the clock stays fresh. */
int xen_clock_ticker(struct xen_vcpu *x);
void xen_clock_ticker_stop(struct xen_vcpu *x);

/* ---- Timers (timer.c) ---------------------------------------------------- */

/* Xen's longest period, STIME_DELTA_MAX. */
#define XEN_PERIOD_MAX_NS ((1ull << 62) - 1)

/* A guest's absolute time as Xen reads it: 2^63 and up is the past (1). */
uint64_t xen_deadline(uint64_t t);
/* Arms (0: disarms) x's singleshot timer at system time `deadline`. */
void xen_timer_set_oneshot(struct xen_vcpu *x, uint64_t deadline);
/* Starts (period 0: stops) target's periodic timer, as Xen does. */
void xen_timer_set_periodic(struct xen_vcpu *caller, struct xen_vcpu *target,
			    uint64_t period_ns);
/* The earliest deadline of x's timers, 0 for none. Under vm->lock. */
uint64_t xen_timer_next(const struct xen_vcpu *x);
/*
 * Fires x's timers that are due at system time `now`: VIRQ_TIMER goes
 * pending. Returns whether any fired. Under vm->lock.
 */
bool xen_timer_fire_due(struct xen_vcpu *x, uint64_t now);
/*
 * Under vm->lock: fires x's timers that are due, by the guest's clock.
 * Returns 1 if one fired, -1 if system time has reached `deadline` (0:
 * none), else 0 with *wake the host uptime at which to look again (0:
 * never).
 */
int xen_timer_poll(struct xen_vcpu *x, uint64_t deadline, uint64_t host_now,
		   uint64_t *wake);
/*
 * From the vCPU's run loop, before KVM_RUN: fires what is due and arms
 * the host timer that will kick it out of KVM_RUN for the next. Cheap
 * when nothing is armed. Returns 0, or -1 on a host failure.
 */
int xen_timer_check(struct xen_vcpu *x);
void xen_timer_destroy(struct xen_vcpu *x);

#endif
