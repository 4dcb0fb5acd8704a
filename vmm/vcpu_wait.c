/*
 * A vCPU waiting without running its guest: HLT, SCHEDOP_block and
 * SCHEDOP_poll, a vCPU taken down. It sleeps on vm->wake until what it
 * waits for is ready, the VM stops, or a deadline passes; meanwhile its
 * own timers fire (xen_timer.c), and vCPU 0 keeps the clock refreshed.
 * When every vCPU waits and no timer could ever wake one, the guest is
 * stuck, which the caller reports as a guest fault.
 */
#include "xhvm.h"

/* Under vm->lock: could some waiting vCPU still be woken by time? */
static bool any_clock_armed(const struct xhvm_vm *vm)
{
	unsigned i;

	for (i = 0; i < vm->nvcpus; i++)
		if (xen_timer_next(&vm->vcpus[i]) || vm->vcpus[i].wait_ns)
			return true;
	return false;
}

/* The earlier of two host times, where 0 means none. */
static uint64_t earliest(uint64_t a, uint64_t b)
{
	return !a || (b && b < a) ? b : a;
}

/*
 * Under vm->lock, when every vCPU waits and no timer can wake one: each
 * vCPU's Xen state, so a guest stuck for good can be told from a bug.
 */
static void report_stuck(struct xhvm_vm *vm)
{
	unsigned i;

	pthread_mutex_lock(&vm->console_lock);
	fprintf(stderr, "xhvm: every vCPU waits, and no timer is armed:\n");
	for (i = 0; i < vm->nvcpus; i++) {
		fprintf(stderr, "  vCPU %u:", i);
		vcpu_dump_xen(&vm->vcpus[i], stderr);
	}
	pthread_mutex_unlock(&vm->console_lock);
}

int vcpu_wait(struct xhvm_vcpu *v, const char *why,
	      bool (*ready)(struct xhvm_vcpu *, void *), void *arg,
	      uint64_t deadline)
{
	struct xhvm_vm *vm = v->vm;
	int r;

	pthread_mutex_lock(&vm->lock);
	vm->parked++;
	v->wait_ns = deadline;
	v->waiting = why;
	runstate_set(v, v->down ? RUNSTATE_offline : RUNSTATE_blocked);
	for (;;) {
		uint64_t host_now, wake = 0;
		int c;

		if (vm->stopping) {
			r = 0;
			break;
		}
		if (ready && ready(v, arg)) {
			r = 1;
			break;
		}
		host_now = host_uptime_ns(vm);
		c = xen_timer_poll(v, deadline, host_now, &wake);
		if (c > 0)
			continue; /* that may have made it ready */
		if (c < 0) {
			r = 0;
			break;
		}
		if (vm->parked == vm->nvcpus && !any_clock_armed(vm)) {
			report_stuck(vm);
			r = -1;
			break;
		}
		if (vm->watchdog_ns && host_now >= vm->watchdog_ns) {
			r = 0; /* the watchdog's: checked below, unlocked */
			break;
		}
		wake = earliest(wake, vm->watchdog_ns);
		/* vCPU 0 keeps the clock fresh, even while it sleeps. */
		if (v->index == 0)
			wake = earliest(wake, xen_clock_next_refresh(vm));
		if (wake)
			host_wait_until(vm, wake);
		else
			pthread_cond_wait(&vm->wake, &vm->lock);
		if (v->index == 0)
			xen_clock_tick(v);
	}
	v->wait_ns = 0;
	v->waiting = NULL;
	vm->parked--;
	runstate_set(v, RUNSTATE_running);
	pthread_mutex_unlock(&vm->lock);
	/* Back to the guest: its host timer may be stale, its clock too. */
	__atomic_store_n(&v->timer_changed, true, __ATOMIC_RELEASE);
	xen_clock_refresh(v);
	watchdog_check(vm);
	return r;
}
