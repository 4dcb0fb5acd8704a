/*
 * A vCPU waiting without running its guest: HLT, SCHEDOP_block and
 * SCHEDOP_poll, a vCPU taken down. It sleeps on vm->wake until what it
 * waits for is ready, the VM stops, or a deadline passes; meanwhile its
 * own timers fire (timer.c), and vCPU 0 keeps the clock refreshed. When
 * every vCPU waits and no timer could ever wake one, the guest is stuck,
 * which the caller reports as a guest fault.
 */
#include "xen/xen.h"

/* Under vm->lock: could some waiting vCPU still be woken by time? */
static bool any_clock_armed(const struct xen_domain *d)
{
	unsigned i;

	for (i = 0; i < d->vm->nvcpus; i++)
		if (xen_timer_next(&d->vcpus[i]) || d->vcpus[i].wait_ns)
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
static void report_stuck(struct xen_domain *d)
{
	struct vm *vm = d->vm;
	unsigned i;

	pthread_mutex_lock(&vm->out_lock);
	xhvm_err("every vCPU waits, and no timer is armed:");
	for (i = 0; i < vm->nvcpus; i++) {
		fprintf(stderr, "  vCPU %u:", i);
		xen_vcpu_dump(&vm->vcpus[i], stderr);
	}
	pthread_mutex_unlock(&vm->out_lock);
}

/*
 * One look, under vm->lock: 1 ready, 0 over (deadline, stop, watchdog),
 * -1 stuck, 2 to sleep until *wake (0: until woken).
 */
static int look(struct xen_vcpu *x, bool (*ready)(struct xen_vcpu *, void *),
		void *arg, uint64_t deadline, uint64_t *wake)
{
	struct vm *vm = x->d->vm;
	uint64_t host_now;
	int c;

	for (;;) {
		if (vm->stopping)
			return 0;
		if (ready && ready(x, arg))
			return 1;
		host_now = host_uptime_ns(vm);
		c = xen_timer_poll(x, deadline, host_now, wake);
		if (c < 0)
			return 0;
		if (c == 0)
			break;
		/* A timer fired: that may have made it ready. */
	}
	if (vm->parked == vm->nvcpus && !any_clock_armed(x->d)) {
		report_stuck(x->d);
		return -1;
	}
	if (vm->watchdog_ns && host_now >= vm->watchdog_ns)
		return 0; /* the watchdog's: checked by the caller, unlocked */
	*wake = earliest(*wake, vm->watchdog_ns);
	/* vCPU 0 keeps the clock fresh, even while it sleeps. */
	if (x->index == 0)
		*wake = earliest(*wake, xen_clock_next_refresh(x->d));
	return 2;
}

int xen_wait(struct xen_vcpu *x, const char *why,
	     bool (*ready)(struct xen_vcpu *, void *), void *arg,
	     uint64_t deadline)
{
	struct vm *vm = x->d->vm;
	uint64_t wake = 0;
	int r;

	pthread_mutex_lock(&vm->lock);
	vm->parked++;
	x->wait_ns = deadline;
	x->v->waiting = why;
	runstate_set(x, x->down ? RUNSTATE_offline : RUNSTATE_blocked);
	while ((r = look(x, ready, arg, deadline, &wake)) == 2) {
		if (wake)
			host_wait_until(vm, wake);
		else
			pthread_cond_wait(&vm->wake, &vm->lock);
		if (x->index == 0)
			xen_clock_tick(x);
		wake = 0;
	}
	x->wait_ns = 0;
	x->v->waiting = NULL;
	vm->parked--;
	runstate_set(x, RUNSTATE_running);
	pthread_mutex_unlock(&vm->lock);
	/* Back to the guest: its host timer may be stale, its clock too. */
	__atomic_store_n(&x->timer_changed, true, __ATOMIC_RELEASE);
	xen_clock_refresh(x);
	watchdog_check(vm);
	return r;
}

bool xen_vcpu_is_up(struct xen_vcpu *x, void *arg)
{
	(void)arg;
	return !__atomic_load_n(&x->down, __ATOMIC_ACQUIRE);
}

/* An upcall could be taken now: a vector, and upcall_pending set. */
static bool upcall_ready(struct xen_vcpu *x, void *arg)
{
	(void)arg;
	return xen_upcall_vector(x) && xen_upcall_pending(x);
}

/*
 * HLT. With interrupts on, the vCPU sleeps until an upcall is pending (an
 * event, its timer); with them off only the VM's end wakes it. When every
 * vCPU waits and no clock is running, the guest is stuck.
 */
struct xhvm_action xen_hlt_exit(struct vcpu *v)
{
	struct xen_vcpu *x = xen_vcpu_of(v);
	const struct kvm_regs *r = vcpu_regs(v);
	bool irqs_on = r && (r->rflags & RFLAGS_IF);

	/*
	 * An interrupt went in with the entry that ended in this HLT. On
	 * real hardware STI's shadow keeps it until after the HLT, which it
	 * then ends; emulators that lose the shadow (QEMU's TCG running a
	 * nested KVM) deliver it before, and the HLT would wait for the next
	 * interrupt, maybe forever. Either way the HLT is over now: a
	 * spurious wake-up is something every guest copes with.
	 */
	if (irqs_on && x->d->irq->took_one(v)) {
		TRACE(v,
		      "HLT straight after an interrupt went in: woken by it");
		return action_run();
	}
	TRACE(v, "HLT with interrupts %s: the vCPU waits %s",
	      irqs_on ? "on" : "off",
	      irqs_on ? "for an upcall" : "until the VM stops");
	if (xen_wait(x, "HLT", irqs_on ? upcall_ready : NULL, NULL, 0) < 0)
		return guest_fault(v, "HLT on every vCPU, with nothing that "
				      "could wake one");
	return action_run();
}
