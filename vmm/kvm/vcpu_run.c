/*
 * The run loop. It is thin: the hooks go first (timers, interrupts), then
 * KVM_RUN, then each exit to the one handler for its reason, which decides
 * what happens next and says so in a struct xhvm_action; the loop only
 * acts on it. Handlers come from what plugged into the VM; the few exits
 * that mean the same to every guest are decided here.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kvm/kvm.h"

/* Exits that say the guest is beyond help, whatever it runs on. */
static struct xhvm_action fatal_exit(struct vcpu *v)
{
	struct kvm_run *run = v->run;

	switch (run->exit_reason) {
	case KVM_EXIT_SHUTDOWN:
		return guest_fault(v, "triple fault (KVM_EXIT_SHUTDOWN)");
	case KVM_EXIT_INTERNAL_ERROR:
		return guest_fault(v, "KVM internal error, suberror %u",
				   run->internal.suberror);
	case KVM_EXIT_FAIL_ENTRY:
		return guest_fault(v,
				   "KVM could not enter the guest "
				   "(hardware reason 0x%llx)",
				   (unsigned long long)run->fail_entry
					   .hardware_entry_failure_reason);
	default:
		return guest_fault(v, "unexpected exit reason %u (%s)",
				   run->exit_reason,
				   kvm_exit_name(run->exit_reason));
	}
}

struct xhvm_action vcpu_handle_exit(struct vcpu *v)
{
	uint32_t reason = v->run->exit_reason;
	exit_fn fn = reason < ARRAY_SIZE(v->vm->exit_handlers)
			     ? v->vm->exit_handlers[reason]
			     : NULL;

	if (fn)
		return fn(v);
	switch (reason) {
	case KVM_EXIT_IO:
		return vcpu_pio_exit(v);
	case KVM_EXIT_MMIO:
		return vcpu_mmio_exit(v);
	case KVM_EXIT_INTR:
	case KVM_EXIT_IRQ_WINDOW_OPEN: /* the pre_run hooks' turn */
		return action_run();
	case KVM_EXIT_HLT:
		return guest_fault(v, "HLT, and nothing here to wake a vCPU");
	case KVM_EXIT_DEBUG:
		return guest_fault(v, "debug exception %u with no debugger",
				   v->run->debug.arch.exception);
	default:
		return fatal_exit(v);
	}
}

/* Every hook's pre_run, before an entry: 0, or -1 to stop the VM. */
static int pre_run(struct vcpu *v)
{
	struct vm *vm = v->vm;
	unsigned i;

	if (v->regs_dirty) {
		if (kvm_ioctl(v->fd, KVM_SET_REGS, &v->regs) < 0)
			return -1;
		v->regs_dirty = false;
	}
	for (i = 0; i < vm->nhooks; i++)
		if (vm->hooks[i].pre_run && vm->hooks[i].pre_run(v) < 0)
			return -1;
	return 0;
}

/*
 * After a kick: the hooks first (a vCPU taken down waits there), then the
 * kick is taken back. A stop sets `stopping` before it kicks, so the loop
 * still sees it. Returns -1 if the vCPU can never run again.
 */
static int kicked(struct vcpu *v)
{
	struct vm *vm = v->vm;
	unsigned i;

	for (i = 0; i < vm->nhooks; i++)
		if (vm->hooks[i].kicked && vm->hooks[i].kicked(v) < 0)
			return -1;
	__atomic_store_n(&v->run->immediate_exit, 0, __ATOMIC_SEQ_CST);
	/* The watchdog's timer signals vCPU 0 like any kick. */
	watchdog_check(vm);
	return 0;
}

static void exited(struct vcpu *v)
{
	struct vm *vm = v->vm;
	unsigned i;

	for (i = 0; i < vm->nhooks; i++)
		if (vm->hooks[i].exited)
			vm->hooks[i].exited(v);
}

static void vcpu_loop(struct vcpu *v)
{
	struct vm *vm = v->vm;

	while (!__atomic_load_n(&vm->stopping, __ATOMIC_ACQUIRE)) {
		struct xhvm_action act;

		if (pre_run(v) < 0) {
			vm_stop(vm, XHVM_EXIT_HOST);
			return;
		}
		if (ioctl(v->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN) {
				/* Kicked: to stop, or to go down. */
				if (kicked(v) < 0)
					return;
				continue;
			}
			xhvm_err("vCPU %u: KVM_RUN: %s (errno %d)", v->index,
				 strerror(errno), errno);
			vm_stop(vm, XHVM_EXIT_HOST);
			return;
		}
		/* Registers cached at the last exit are stale now. */
		v->regs_fetched = v->sregs_fetched = false;
		exited(v);
		act = vcpu_handle_exit(v);
		if (act.next == XHVM_NEXT_STOP) {
			vm_stop(vm, act.status);
			return;
		}
	}
}

void vcpu_run(struct vcpu *v)
{
	struct vm *vm = v->vm;
	unsigned i;

	vcpu_set_this_run(v->run);
	vcpu_loop(v);
	for (i = 0; i < vm->nhooks; i++)
		if (vm->hooks[i].stopped)
			vm->hooks[i].stopped(v);
	if (__atomic_load_n(&vm->timed_out, __ATOMIC_ACQUIRE)) {
		/* Where this vCPU was stopped, not where it last exited. */
		vcpu_refetch_regs(v);
		pthread_mutex_lock(&vm->out_lock);
		vcpu_dump(v, stderr);
		pthread_mutex_unlock(&vm->out_lock);
	}
	vcpu_set_this_run(NULL);
}
