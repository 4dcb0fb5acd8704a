/*
 * Event channels (Xen's 2-level ABI), upcalls and singleshot timers.
 *
 * The pending and mask bitmaps live in the guest's shared_info page, the
 * selector and upcall_pending in each vCPU's vcpu_info, as on Xen: the
 * guest reads and clears them itself, so xhvm changes them with atomic
 * operations on guest memory. Xen delivers an HVM guest's upcall as an
 * interrupt for as long as upcall_pending is set (see vcpu.c); waking a
 * waiting vCPU goes through vm->wake.
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
/* vcpu_info.evtchn_pending_sel: after the two flag bytes, word-aligned. */
#define VCPU_INFO_SEL_64 8
#define VCPU_INFO_SEL_32 4

unsigned evtchn_nr_ports(const struct xhvm_vm *vm)
{
	return vm->shinfo_gpa && !vm->shinfo_long ? 1024 : EVTCHN_MAX_PORTS;
}

/* Bit `bit` of a little-endian bitmap in guest memory, atomically. */
static bool test_and_set(uint8_t *map, unsigned bit)
{
	uint8_t m = (uint8_t)(1u << (bit % 8));

	return __atomic_fetch_or(map + bit / 8, m, __ATOMIC_SEQ_CST) & m;
}

static bool test_and_clear(uint8_t *map, unsigned bit)
{
	uint8_t m = (uint8_t)(1u << (bit % 8));

	return __atomic_fetch_and(map + bit / 8, (uint8_t)~m,
				  __ATOMIC_SEQ_CST) &
	       m;
}

static bool test_bit(const uint8_t *map, unsigned bit)
{
	return __atomic_load_n(map + bit / 8, __ATOMIC_SEQ_CST) &
	       (1u << (bit % 8));
}

static uint8_t *shinfo(struct xhvm_vm *vm, uint64_t off)
{
	if (!vm->shinfo_gpa)
		return NULL;
	return gpa_ptr(&vm->mem, vm->shinfo_gpa + off, PAGE_SIZE - off);
}

/* The 2-level pending and mask bitmaps, where this guest's layout has them. */
static uint8_t *pending_bits(struct xhvm_vm *vm)
{
	return shinfo(vm, vm->shinfo_long ? XEN_SHINFO64_EVTCHN_PENDING
					  : XEN_SHINFO32_EVTCHN_PENDING);
}

static uint8_t *mask_bits(struct xhvm_vm *vm)
{
	return shinfo(vm, vm->shinfo_long ? XEN_SHINFO64_EVTCHN_MASK
					  : XEN_SHINFO32_EVTCHN_MASK);
}

uint8_t *vcpu_info_ptr(struct xhvm_vcpu *v)
{
	struct xhvm_vm *vm = v->vm;
	uint64_t gpa = __atomic_load_n(&v->vcpu_info_gpa, __ATOMIC_ACQUIRE);

	if (!gpa && vm->shinfo_gpa && v->index < XEN_LEGACY_MAX_VCPUS)
		gpa = vm->shinfo_gpa + v->index * XEN_VCPU_INFO_SIZE;
	return gpa ? gpa_ptr(&vm->mem, gpa, XEN_VCPU_INFO_SIZE) : NULL;
}

bool evtchn_upcall_pending(struct xhvm_vcpu *v)
{
	const uint8_t *vi = vcpu_info_ptr(v);

	return vi && __atomic_load_n(vi + XEN_VCPU_INFO_UPCALL_PENDING,
				     __ATOMIC_ACQUIRE);
}

uint8_t evtchn_upcall_vector(struct xhvm_vcpu *v)
{
	uint64_t cb;
	uint8_t vec = __atomic_load_n(&v->upcall_vector, __ATOMIC_ACQUIRE);

	if (vec)
		return vec;
	cb = __atomic_load_n(&v->vm->hvm_params[HVM_PARAM_CALLBACK_IRQ],
			     __ATOMIC_ACQUIRE);
	if (cb >> HVM_PARAM_CALLBACK_TYPE_SHIFT ==
	    HVM_PARAM_CALLBACK_TYPE_VECTOR)
		return (uint8_t)cb;
	return 0;
}

/* Raises the upcall on v: upcall_pending, then an interrupt or a wake. */
static void notify_vcpu(struct xhvm_vcpu *v)
{
	uint8_t *vi = vcpu_info_ptr(v);

	if (!vi)
		return;
	__atomic_store_n(vi + XEN_VCPU_INFO_UPCALL_PENDING, 1,
			 __ATOMIC_SEQ_CST);
	pthread_cond_broadcast(&v->vm->wake);
	/* A vCPU in KVM_RUN must come out to take the interrupt. */
	if (!pthread_equal(v->thread, pthread_self()))
		vcpu_kick(v);
}

static void deliver(struct xhvm_vm *vm, unsigned port)
{
	struct xhvm_vcpu *v = &vm->vcpus[vm->evtchn[port].vcpu];
	unsigned word = vm->shinfo_long ? 64 : 32;
	uint8_t *vi = vcpu_info_ptr(v);

	if (!vi)
		return;
	vi += vm->shinfo_long ? VCPU_INFO_SEL_64 : VCPU_INFO_SEL_32;
	/* A selector bit already set may not have been seen yet: unless
	 * upcall_pending says so, raise the upcall anyway. */
	if (!test_and_set(vi, port / word) || !evtchn_upcall_pending(v))
		notify_vcpu(v);
}

void evtchn_set_pending(struct xhvm_vm *vm, unsigned port)
{
	uint8_t *pending = pending_bits(vm), *mask = mask_bits(vm);

	/* No shared_info yet: nowhere to say it, as with Xen's lost events. */
	if (!pending || !mask)
		return;
	if (test_and_set(pending, port))
		return;
	if (test_bit(mask, port))
		return;
	deliver(vm, port);
	pthread_cond_broadcast(&vm->wake); /* pollers */
}

void evtchn_unmask(struct xhvm_vm *vm, unsigned port)
{
	uint8_t *pending = pending_bits(vm), *mask = mask_bits(vm);

	if (!pending || !mask)
		return;
	if (test_and_clear(mask, port) && test_bit(pending, port))
		deliver(vm, port);
}

bool evtchn_is_pending(struct xhvm_vm *vm, unsigned port)
{
	uint8_t *pending = pending_bits(vm);

	return pending && test_bit(pending, port);
}

/* ---- Timers ----------------------------------------------------------- */

static struct timespec system_to_monotonic(const struct xhvm_vm *vm,
					   uint64_t ns)
{
	uint64_t abs = vm->start_ns + ns;

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

int kick_timer_set(const struct xhvm_vm *vm, timer_t timer, uint64_t ns)
{
	struct itimerspec its = {0};

	if (ns)
		its.it_value = system_to_monotonic(vm, ns);
	return timer_settime(timer, TIMER_ABSTIME, &its, NULL);
}

int xen_timer_set(struct xhvm_vcpu *v, uint64_t ns)
{
	/* Its signal interrupts this vCPU's own KVM_RUN. */
	if (!v->has_timer) {
		if (kick_timer_create(&v->timer_id) < 0) {
			xhvm_err("vCPU %u: timer_create: %s", v->index,
				 strerror(errno));
			return -1;
		}
		v->has_timer = true;
	}
	pthread_mutex_lock(&v->vm->lock);
	v->timer_ns = ns;
	pthread_cond_broadcast(&v->vm->wake); /* waiters recompute */
	pthread_mutex_unlock(&v->vm->lock);
	if (kick_timer_set(v->vm, v->timer_id, ns) < 0) {
		xhvm_err("vCPU %u: timer_settime: %s", v->index,
			 strerror(errno));
		return -1;
	}
	return 0;
}

/* Under vm->lock: fire if due. Returns whether it fired. */
static bool timer_fire_locked(struct xhvm_vcpu *v, uint64_t now)
{
	uint32_t port;

	if (!v->timer_ns || now < v->timer_ns)
		return false;
	v->timer_ns = 0;
	port = v->virq_port[VIRQ_TIMER];
	TRACE(v, "timer fired: VIRQ_TIMER %s",
	      port ? "port pending" : "not bound");
	if (port)
		evtchn_set_pending(v->vm, port);
	return true;
}

void xen_timer_check(struct xhvm_vcpu *v)
{
	struct xhvm_vm *vm = v->vm;
	bool fired;

	pthread_mutex_lock(&vm->lock);
	fired = timer_fire_locked(v, xen_time_now_ns(vm));
	pthread_mutex_unlock(&vm->lock);
	if (fired)
		xen_time_refresh(v);
}

void xen_timer_destroy(struct xhvm_vcpu *v)
{
	if (v->has_timer)
		timer_delete(v->timer_id);
	v->has_timer = false;
}

/* ---- Waiting ----------------------------------------------------------- */

/* Under vm->lock: could some waiting vCPU still be woken by time? */
static bool any_clock_armed(const struct xhvm_vm *vm)
{
	unsigned i;

	for (i = 0; i < vm->nvcpus; i++)
		if (vm->vcpus[i].timer_ns || vm->vcpus[i].wait_ns)
			return true;
	return false;
}

int vcpu_wait(struct xhvm_vcpu *v, bool (*ready)(struct xhvm_vcpu *, void *),
	      void *arg, uint64_t deadline_ns)
{
	struct xhvm_vm *vm = v->vm;
	bool fired = false;
	int r;

	pthread_mutex_lock(&vm->lock);
	vm->parked++;
	v->wait_ns = deadline_ns;
	for (;;) {
		uint64_t now = xen_time_now_ns(vm), wake;

		if (vm->stopping) {
			r = 0;
			break;
		}
		if (ready && ready(v, arg)) {
			r = 1;
			break;
		}
		if (timer_fire_locked(v, now)) {
			fired = true;
			continue; /* that may have made it ready */
		}
		if (deadline_ns && now >= deadline_ns) {
			r = 0;
			break;
		}
		if (vm->parked == vm->nvcpus && !any_clock_armed(vm)) {
			r = -1;
			break;
		}
		if (vm->deadline_ns && now >= vm->deadline_ns) {
			r = 0; /* the watchdog's: checked below, unlocked */
			break;
		}
		wake = v->timer_ns;
		if (deadline_ns && (!wake || deadline_ns < wake))
			wake = deadline_ns;
		if (vm->deadline_ns && (!wake || vm->deadline_ns < wake))
			wake = vm->deadline_ns;
		if (wake) {
			struct timespec ts = system_to_monotonic(vm, wake);

			pthread_cond_timedwait(&vm->wake, &vm->lock, &ts);
		} else {
			pthread_cond_wait(&vm->wake, &vm->lock);
		}
	}
	v->wait_ns = 0;
	vm->parked--;
	pthread_mutex_unlock(&vm->lock);
	if (fired)
		xen_time_refresh(v);
	watchdog_check(vm);
	return r;
}
