/*
 * Each vCPU's Xen timers: the singleshot timer (VCPUOP_set_singleshot_timer
 * and set_timer_op share it, as on Xen) and the periodic timer. Both fire
 * the vCPU's VIRQ_TIMER. Deadlines are Xen system time (time.c); a
 * timer fires only once the guest's own clock has reached its deadline.
 *
 * The vCPU's own thread fires its timers: in its run loop, woken by a host
 * timer that signals it out of KVM_RUN, or in xen_wait. Other vCPUs may
 * change its periodic timer; they set timer_changed and kick it.
 */
#include <errno.h>
#include <string.h>

#include "xen/xen.h"

/* A host estimate found early is retried no sooner than this. */
#define RETRY_NS 20000ull

uint64_t xen_deadline(uint64_t t)
{
	/* Xen takes times as signed: from 2^63 on they lie in the past. */
	return t >= 1ull << 63 ? 1 : t;
}

/* The earliest deadline of x's timers, 0 for none. Under vm->lock. */
uint64_t xen_timer_next(const struct xen_vcpu *x)
{
	uint64_t next = x->sshot_ns;

	if (x->period_ns && (!next || x->period_next < next))
		next = x->period_next;
	return next;
}

bool xen_timer_fire_due(struct xen_vcpu *x, uint64_t now)
{
	bool fire = false;
	uint32_t port;

	if (x->sshot_ns && now >= x->sshot_ns) {
		x->sshot_ns = 0;
		fire = true;
	}
	/* As Xen: the next tick is a period after this one is seen. */
	if (x->period_ns && now >= x->period_next) {
		x->period_last = now;
		x->period_next = now + x->period_ns;
		fire = true;
	}
	if (!fire)
		return false;
	port = x->virq_port[VIRQ_TIMER];
	TRACE(x->v, "timer fired at system time %llu ns: VIRQ_TIMER %s",
	      (unsigned long long)now, port ? "port pending" : "not bound");
	if (port)
		evtchn_set_pending(x->d, port);
	return true;
}

/* The vCPU's host timer, made on first use on its own thread. */
static int arm_host_timer(struct xen_vcpu *x, uint64_t host_ns)
{
	if (host_ns == x->timer_host)
		return 0;
	if (!x->has_timer) {
		if (kick_timer_create(&x->timer_id) < 0) {
			xhvm_err("vCPU %u: timer_create: %s", x->index,
				 strerror(errno));
			return -1;
		}
		x->has_timer = true;
	}
	if (kick_timer_set(x->d->vm, x->timer_id, host_ns, 0) < 0) {
		xhvm_err("vCPU %u: timer_settime: %s", x->index,
			 strerror(errno));
		return -1;
	}
	x->timer_host = host_ns;
	return 0;
}

/* Host ns until system time moves on by sys_ns: at least RETRY_NS. */
static uint64_t host_after(struct xen_domain *d, uint64_t host_now,
			   uint64_t sys_ns)
{
	uint64_t span = xen_clock_host_span(d, sys_ns);

	return host_now + (span > RETRY_NS ? span : RETRY_NS);
}

int xen_timer_poll(struct xen_vcpu *x, uint64_t deadline, uint64_t host_now,
		   uint64_t *wake)
{
	struct xen_domain *d = x->d;
	uint64_t next = xen_timer_next(x), now;
	uint64_t at_next = next ? xen_clock_host_at(d, next) : 0;
	uint64_t at_dl = deadline ? xen_clock_host_at(d, deadline) : 0;

	if ((at_next && at_next <= host_now) || (at_dl && at_dl <= host_now)) {
		/* Due by the estimate: the guest's clock decides. */
		now = xen_clock_now(x);
		if (xen_timer_fire_due(x, now))
			return 1;
		if (deadline && now >= deadline)
			return -1;
		/* The estimate ran early: estimate again from here. */
		next = xen_timer_next(x);
		at_next = next ? host_after(d, host_now, next - now) : 0;
		at_dl = deadline ? host_after(d, host_now, deadline - now) : 0;
	}
	*wake = !at_next || (at_dl && at_dl < at_next) ? at_dl : at_next;
	return 0;
}

int xen_timer_check(struct xen_vcpu *x)
{
	struct vm *vm = x->d->vm;
	bool changed =
		__atomic_exchange_n(&x->timer_changed, false, __ATOMIC_ACQ_REL);
	uint64_t host_now, wake = 0;

	/* The common case, on every exit: nothing armed, or not yet due. */
	if (!changed && !x->timer_host)
		return 0;
	host_now = host_uptime_ns(vm);
	if (!changed && host_now < x->timer_host)
		return 0;

	pthread_mutex_lock(&vm->lock);
	/* A timer that fired may be followed by another: look again. */
	while (xen_timer_poll(x, 0, host_now, &wake) > 0)
		;
	pthread_mutex_unlock(&vm->lock);
	return arm_host_timer(x, wake);
}

void xen_timer_set_oneshot(struct xen_vcpu *x, uint64_t deadline)
{
	struct vm *vm = x->d->vm;

	pthread_mutex_lock(&vm->lock);
	x->sshot_ns = deadline;
	__atomic_store_n(&x->timer_changed, true, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&vm->wake); /* waiters recompute */
	pthread_mutex_unlock(&vm->lock);
}

void xen_timer_set_periodic(struct xen_vcpu *caller, struct xen_vcpu *target,
			    uint64_t period_ns)
{
	struct vm *vm = target->d->vm;

	pthread_mutex_lock(&vm->lock);
	/* Xen ticks at once when a period has passed since the last tick. */
	if (period_ns)
		target->period_next = target->period_last + period_ns;
	target->period_ns = period_ns;
	__atomic_store_n(&target->timer_changed, true, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&vm->wake);
	pthread_mutex_unlock(&vm->lock);
	if (target != caller)
		vcpu_kick(target->v);
}

void xen_timer_destroy(struct xen_vcpu *x)
{
	if (x->has_timer)
		timer_delete(x->timer_id);
	x->has_timer = false;
	x->timer_host = 0;
}
