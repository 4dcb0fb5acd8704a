/*
 * Running the VM: vCPU 0 on the calling thread, every other vCPU on a
 * thread of its own, a watchdog that stops a guest still running after
 * --timeout, and the wait for every thread at the end.
 */
#define _GNU_SOURCE /* pthread_timedjoin_np */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "kvm/kvm.h"

/* Small stacks: exit handlers need little, and 64 vCPUs add up. */
#define VCPU_THREAD_STACK (256 * 1024)

/* How long a stopped VM waits for its vCPU threads to leave KVM_RUN. */
#define VCPU_JOIN_GRACE_S 2

static void *vcpu_thread(void *arg)
{
	vcpu_run(arg);
	return NULL;
}

/* The watchdog: a timer that signals vCPU 0, which runs on this thread. */
static int watchdog_arm(struct vm *vm, timer_t *timer)
{
	vm->watchdog_ns =
		host_uptime_ns(vm) + (uint64_t)vm->cfg.timeout_s * NSEC_PER_SEC;
	if (kick_timer_create(timer) < 0 ||
	    kick_timer_set(vm, *timer, vm->watchdog_ns, 0) < 0) {
		xhvm_err("arming the --timeout watchdog: %s", strerror(errno));
		return XHVM_EXIT_HOST;
	}
	return 0;
}

/*
 * Waits for a vCPU thread, but not forever: one stuck in the kernel would
 * hang xhvm, which is what --timeout must prevent.
 */
static void join_vcpu(struct vm *vm, struct vcpu *v, const struct timespec *end)
{
	if (pthread_timedjoin_np(v->thread, NULL, end) == 0)
		return;
	xhvm_err("vCPU %u did not leave KVM_RUN; giving up on it", v->index);
	vm->abandoned = true;
}

static void start_threads(struct vm *vm)
{
	pthread_attr_t attr;
	unsigned i;
	int r;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, VCPU_THREAD_STACK);
	for (i = 1; i < vm->nvcpus; i++) {
		struct vcpu *v = &vm->vcpus[i];

		r = pthread_create(&v->thread, &attr, vcpu_thread, v);
		if (r) {
			xhvm_err("starting vCPU %u's thread: %s", i,
				 strerror(r));
			vm_stop(vm, XHVM_EXIT_HOST);
			break;
		}
		__atomic_store_n(&v->has_thread, true, __ATOMIC_RELEASE);
	}
	pthread_attr_destroy(&attr);
}

int vm_run(struct vm *vm, struct xhvm_action (*before)(struct vcpu *v))
{
	timer_t watchdog;
	struct timespec end;
	unsigned i;
	int r;

	r = vcpu_kick_init();
	if (r)
		return r;
	if (vm->cfg.timeout_s) {
		r = watchdog_arm(vm, &watchdog);
		if (r)
			return r;
	}
	vm->vcpus[0].thread = pthread_self();
	__atomic_store_n(&vm->vcpus[0].has_thread, true, __ATOMIC_RELEASE);
	start_threads(vm);

	if (before) {
		struct xhvm_action act = before(&vm->vcpus[0]);

		if (act.next == XHVM_NEXT_STOP)
			vm_stop(vm, act.status);
	}
	vcpu_run(&vm->vcpus[0]);

	/*
	 * Every vCPU was kicked when the VM stopped and leaves KVM_RUN in
	 * microseconds once scheduled; two seconds cover a loaded host.
	 * (A whole-second deadline from time() once left as little as a
	 * millisecond, and a busy vCPU thread was given up on.)
	 */
	clock_gettime(CLOCK_REALTIME, &end); /* pthread_timedjoin_np's clock */
	end.tv_sec += VCPU_JOIN_GRACE_S;
	for (i = 1; i < vm->nvcpus; i++)
		if (vm->vcpus[i].has_thread)
			join_vcpu(vm, &vm->vcpus[i], &end);
	if (vm->cfg.timeout_s)
		timer_delete(watchdog);
	return vm->status;
}
