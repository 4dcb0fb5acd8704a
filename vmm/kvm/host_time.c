/*
 * Host time, counted from the VM's creation on CLOCK_MONOTONIC, and the
 * two ways a vCPU thread waits for it: a condition wait on vm->wake, or a
 * POSIX timer that signals the thread out of KVM_RUN. Host times are
 * capped at HOST_TIME_FOREVER, so no guest-chosen deadline can wrap.
 */
#define _GNU_SOURCE /* gettid */
#include <signal.h>
#include <unistd.h>

#include "kvm/kvm.h"

#ifndef sigev_notify_thread_id /* glibc before 2.37 has only the field */
#define sigev_notify_thread_id _sigev_un._tid
#endif

uint64_t host_uptime_ns(const struct vm *vm)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec -
	       vm->start_ns;
}

static struct timespec host_to_monotonic(const struct vm *vm, uint64_t host_ns)
{
	uint64_t abs;

	if (host_ns > HOST_TIME_FOREVER)
		host_ns = HOST_TIME_FOREVER;
	abs = vm->start_ns + host_ns;
	return (struct timespec){.tv_sec = (time_t)(abs / NSEC_PER_SEC),
				 .tv_nsec = (long)(abs % NSEC_PER_SEC)};
}

int host_wait_until(struct vm *vm, uint64_t host_ns)
{
	struct timespec ts = host_to_monotonic(vm, host_ns);

	return pthread_cond_timedwait(&vm->wake, &vm->lock, &ts);
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

int kick_timer_set(const struct vm *vm, timer_t timer, uint64_t host_ns,
		   uint64_t interval_ns)
{
	struct itimerspec its = {0};

	if (host_ns)
		its.it_value = host_to_monotonic(vm, host_ns);
	its.it_interval.tv_sec = (time_t)(interval_ns / NSEC_PER_SEC);
	its.it_interval.tv_nsec = (long)(interval_ns % NSEC_PER_SEC);
	return timer_settime(timer, TIMER_ABSTIME, &its, NULL);
}
