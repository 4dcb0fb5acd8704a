/*
 * Each vCPU's Xen timers: the singleshot timer (VCPUOP_set_singleshot_timer
 * and set_timer_op share it, as on Xen) and the periodic timer. Both fire
 * the vCPU's VIRQ_TIMER. Deadlines are Xen system time (xen_time.c); a
 * timer fires only once the guest's own clock has reached its deadline.
 *
 * The vCPU's own thread fires its timers: in its run loop, woken by a host
 * timer that signals it out of KVM_RUN, or in vcpu_wait. Other vCPUs may
 * change its periodic timer; they set timer_changed and kick it.
 */
#define _GNU_SOURCE /* gettid */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "xhvm.h"

#ifndef sigev_notify_thread_id /* glibc before 2.37 has only the field */
#define sigev_notify_thread_id _sigev_un._tid
#endif

#define NSEC_PER_SEC 1000000000ull
/* A host estimate found early is retried no sooner than this. */
#define RETRY_NS 20000ull

uint64_t xen_deadline(uint64_t t)
{
	/* Xen takes times as signed: from 2^63 on they lie in the past. */
	return t >= 1ull << 63 ? 1 : t;
}

static struct timespec host_to_monotonic(const struct xhvm_vm *vm,
					 uint64_t host_ns)
{
	uint64_t abs;

	if (host_ns > XEN_CLOCK_FOREVER)
		host_ns = XEN_CLOCK_FOREVER;
	abs = vm->start_ns + host_ns;
	return (struct timespec){.tv_sec = (time_t)(abs / NSEC_PER_SEC),
				 .tv_nsec = (long)(abs % NSEC_PER_SEC)};
}

int kick_timer_create(timer_t *timer)
{
	struct sigevent sev = {
		.sigev_notify = SIGEV_THREAD_ID,
		.sigev_signo = XHVM_KICK_SIGNAL,
	};

	sev.sigev_notify_thread_id = gettid();
	return timer_create(CLOCK_MONOTONIC, &sev, timer);
}

int kick_timer_set(const struct xhvm_vm *vm, timer_t timer, uint64_t host_ns,
		   uint64_t interval_ns)
{
	struct itimerspec its = {0};

	if (host_ns)
		its.it_value = host_to_monotonic(vm, host_ns);
	its.it_interval.tv_sec = (time_t)(interval_ns / NSEC_PER_SEC);
	its.it_interval.tv_nsec = (long)(interval_ns % NSEC_PER_SEC);
	return timer_settime(timer, TIMER_ABSTIME, &its, NULL);
}

int host_wait_until(struct xhvm_vm *vm, uint64_t host_ns)
{
	struct timespec ts = host_to_monotonic(vm, host_ns);

	return pthread_cond_timedwait(&vm->wake, &vm->lock, &ts);
}

/* The earliest deadline of v's timers, 0 for none. Under vm->lock. */
uint64_t xen_timer_next(const struct xhvm_vcpu *v)
{
	uint64_t next = v->sshot_ns;

	if (v->period_ns && (!next || v->period_next < next))
		next = v->period_next;
	return next;
}

bool xen_timer_fire_due(struct xhvm_vcpu *v, uint64_t now)
{
	bool fire = false;
	uint32_t port;

	if (v->sshot_ns && now >= v->sshot_ns) {
		v->sshot_ns = 0;
		fire = true;
	}
	/* As Xen: the next tick is a period after this one is seen. */
	if (v->period_ns && now >= v->period_next) {
		v->period_last = now;
		v->period_next = now + v->period_ns;
		fire = true;
	}
	if (!fire)
		return false;
	port = v->virq_port[VIRQ_TIMER];
	TRACE(v, "timer fired at system time %llu ns: VIRQ_TIMER %s",
	      (unsigned long long)now, port ? "port pending" : "not bound");
	if (port)
		evtchn_set_pending(v->vm, port);
	return true;
}

/* The vCPU's host timer, made on first use on its own thread. */
static int arm_host_timer(struct xhvm_vcpu *v, uint64_t host_ns)
{
	if (host_ns == v->timer_host)
		return 0;
	if (!v->has_timer) {
		if (kick_timer_create(&v->timer_id) < 0) {
			xhvm_err("vCPU %u: timer_create: %s", v->index,
				 strerror(errno));
			return -1;
		}
		v->has_timer = true;
	}
	if (kick_timer_set(v->vm, v->timer_id, host_ns, 0) < 0) {
		xhvm_err("vCPU %u: timer_settime: %s", v->index,
			 strerror(errno));
		return -1;
	}
	v->timer_host = host_ns;
	return 0;
}

/* Host ns until system time moves on by sys_ns: at least RETRY_NS. */
static uint64_t host_after(struct xhvm_vm *vm, uint64_t host_now,
			   uint64_t sys_ns)
{
	uint64_t d = xen_clock_host_span(vm, sys_ns);

	return host_now + (d > RETRY_NS ? d : RETRY_NS);
}

int xen_timer_poll(struct xhvm_vcpu *v, uint64_t deadline, uint64_t host_now,
		   uint64_t *wake)
{
	struct xhvm_vm *vm = v->vm;
	uint64_t next = xen_timer_next(v), now;
	uint64_t at_next = next ? xen_clock_host_at(vm, next) : 0;
	uint64_t at_dl = deadline ? xen_clock_host_at(vm, deadline) : 0;

	if ((at_next && at_next <= host_now) || (at_dl && at_dl <= host_now)) {
		/* Due by the estimate: the guest's clock decides. */
		now = xen_clock_now(v);
		if (xen_timer_fire_due(v, now))
			return 1;
		if (deadline && now >= deadline)
			return -1;
		/* The estimate ran early: estimate again from here. */
		next = xen_timer_next(v);
		at_next = next ? host_after(vm, host_now, next - now) : 0;
		at_dl = deadline ? host_after(vm, host_now, deadline - now) : 0;
	}
	*wake = !at_next || (at_dl && at_dl < at_next) ? at_dl : at_next;
	return 0;
}

int xen_timer_check(struct xhvm_vcpu *v)
{
	struct xhvm_vm *vm = v->vm;
	bool changed =
		__atomic_exchange_n(&v->timer_changed, false, __ATOMIC_ACQ_REL);
	uint64_t host_now, wake = 0;

	/* The common case, on every exit: nothing armed, or not yet due. */
	if (!changed && !v->timer_host)
		return 0;
	host_now = host_uptime_ns(vm);
	if (!changed && host_now < v->timer_host)
		return 0;

	pthread_mutex_lock(&vm->lock);
	/* A timer that fired may be followed by another: look again. */
	while (xen_timer_poll(v, 0, host_now, &wake) > 0)
		;
	pthread_mutex_unlock(&vm->lock);
	return arm_host_timer(v, wake);
}

void xen_timer_set_oneshot(struct xhvm_vcpu *v, uint64_t deadline)
{
	pthread_mutex_lock(&v->vm->lock);
	v->sshot_ns = deadline;
	__atomic_store_n(&v->timer_changed, true, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&v->vm->wake); /* waiters recompute */
	pthread_mutex_unlock(&v->vm->lock);
}

void xen_timer_set_periodic(struct xhvm_vcpu *caller, struct xhvm_vcpu *target,
			    uint64_t period_ns)
{
	struct xhvm_vm *vm = target->vm;

	pthread_mutex_lock(&vm->lock);
	/* Xen ticks at once when a period has passed since the last tick. */
	if (period_ns)
		target->period_next = target->period_last + period_ns;
	target->period_ns = period_ns;
	__atomic_store_n(&target->timer_changed, true, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&vm->wake);
	pthread_mutex_unlock(&vm->lock);
	if (target != caller)
		vcpu_kick(target);
}

void xen_timer_destroy(struct xhvm_vcpu *v)
{
	if (v->has_timer)
		timer_delete(v->timer_id);
	v->has_timer = false;
	v->timer_host = 0;
}
