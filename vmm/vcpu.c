/*
 * The vCPU: creation, its registers, and the run loop. The loop is thin:
 * each exit goes to one handler, which decides what happens next and says
 * so in a struct xhvm_action; the loop only acts on it.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "x86.h"
#include "xhvm.h"

#define SYNC_NEEDED (KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS)

static void vcpu_loop(struct xhvm_vcpu *v);

/*
 * This thread's kvm_run, for the kick handler: a kick (or a timer's
 * signal) that lands outside KVM_RUN still stops the next one at once.
 */
static __thread struct kvm_run *this_run;

static void kick_handler(int sig)
{
	int saved = errno;

	(void)sig;
	/* Atomic, as every other writer of it is (vcpu_kick). */
	if (this_run)
		__atomic_store_n(&this_run->immediate_exit, 1,
				 __ATOMIC_SEQ_CST);
	errno = saved;
}

int vcpu_kick_init(void)
{
	/* No SA_RESTART: KVM_RUN must return EINTR. */
	struct sigaction sa = {.sa_handler = kick_handler};

	sigemptyset(&sa.sa_mask);
	if (sigaction(XHVM_KICK_SIGNAL, &sa, NULL) < 0) {
		xhvm_err("sigaction: %s", strerror(errno));
		return XHVM_EXIT_HOST;
	}
	return 0;
}

void vcpu_kick(struct xhvm_vcpu *v)
{
	/*
	 * immediate_exit covers a vCPU about to enter KVM_RUN, the signal one
	 * already inside it.
	 */
	__atomic_store_n(&v->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&v->has_thread, __ATOMIC_ACQUIRE))
		pthread_kill(v->thread, XHVM_KICK_SIGNAL);
}

int vcpu_create(struct xhvm_vm *vm, struct xhvm_vcpu *v, unsigned index)
{
	void *run;
	int r;

	v->vm = vm;
	v->index = index;
	v->fd = kvm_ioctl(vm->fd, KVM_CREATE_VCPU, (void *)(uintptr_t)index);
	if (v->fd < 0)
		return XHVM_EXIT_HOST;
	run = mmap(NULL, vm->kvm.run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   v->fd, 0);
	if (run == MAP_FAILED) {
		xhvm_err("mmap of vCPU %u's kvm_run: %s", index,
			 strerror(errno));
		r = XHVM_EXIT_HOST;
		goto fail;
	}
	v->run = run;
	/*
	 * With sync regs KVM hands over the registers in kvm_run at every
	 * exit and takes changes back on entry: no extra ioctls per exit.
	 */
	v->use_sync = (vm->kvm.sync_regs & SYNC_NEEDED) == SYNC_NEEDED;
	if (v->use_sync)
		v->run->kvm_valid_regs = SYNC_NEEDED;

	/* CPUID first: real KVM refuses EFER.LME without long mode in it. */
	r = cpuid_set_vcpu(v);
	if (r)
		goto fail;
	r = x86_enter(v, vm->cfg->guest.mode, vm->cfg->guest.entry);
	if (r)
		goto fail;
	return 0;

fail:
	vcpu_destroy(v);
	return r;
}

void vcpu_destroy(struct xhvm_vcpu *v)
{
	if (v->run)
		munmap(v->run, v->vm->kvm.run_size);
	v->run = NULL;
	if (v->fd >= 0)
		close(v->fd);
	v->fd = -1;
}

struct kvm_regs *vcpu_regs(struct xhvm_vcpu *v)
{
	if (v->use_sync)
		return &v->run->s.regs.regs;
	if (!v->regs_fetched) {
		if (kvm_ioctl(v->fd, KVM_GET_REGS, &v->regs) < 0)
			return NULL;
		v->regs_fetched = true;
	}
	return &v->regs;
}

const struct kvm_sregs *vcpu_sregs(struct xhvm_vcpu *v)
{
	if (v->use_sync)
		return &v->run->s.regs.sregs;
	if (!v->sregs_fetched) {
		if (kvm_ioctl(v->fd, KVM_GET_SREGS, &v->sregs) < 0)
			return NULL;
		v->sregs_fetched = true;
	}
	return &v->sregs;
}

void vcpu_regs_changed(struct xhvm_vcpu *v)
{
	if (v->use_sync)
		v->run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
	else
		v->regs_dirty = true;
}

struct xhvm_action guest_fault(struct xhvm_vcpu *v, const char *fmt, ...)
{
	va_list ap;

	/* One dump at a time, however many vCPUs die together. */
	pthread_mutex_lock(&v->vm->console_lock);
	fprintf(stderr, "xhvm: vCPU %u: guest fault: ", v->index);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	vcpu_dump(v, stderr);
	pthread_mutex_unlock(&v->vm->console_lock);
	return action_stop(XHVM_EXIT_GUEST_FAULT);
}

/* An upcall could be taken now: a vector, and upcall_pending set. */
static bool upcall_ready(struct xhvm_vcpu *v, void *arg)
{
	(void)arg;
	return evtchn_upcall_vector(v) && evtchn_upcall_pending(v);
}

/*
 * HLT. With interrupts on, the vCPU sleeps until an upcall is pending (an
 * event, its timer); with them off only the VM's end wakes it. When every
 * vCPU waits and no clock is running, the guest is stuck.
 */
static struct xhvm_action handle_hlt(struct xhvm_vcpu *v)
{
	const struct kvm_regs *r = vcpu_regs(v);
	bool irqs_on = r && (r->rflags & RFLAGS_IF);

	/*
	 * An upcall went in with the entry that ended in this HLT. On real
	 * hardware STI's shadow keeps it until after the HLT, which it then
	 * ends; emulators that lose the shadow (QEMU's TCG running a nested
	 * KVM) deliver it before, and the HLT would wait for the next
	 * interrupt, maybe forever. Either way the HLT is over now: a
	 * spurious wake-up is something every guest copes with.
	 */
	if (irqs_on && v->upcall_entered) {
		TRACE(v, "HLT straight after an upcall went in: woken by it");
		return action_run();
	}
	TRACE(v, "HLT with interrupts %s: the vCPU waits %s",
	      irqs_on ? "on" : "off",
	      irqs_on ? "for an upcall" : "until the VM stops");
	if (vcpu_wait(v, "HLT", irqs_on ? upcall_ready : NULL, NULL, 0) < 0)
		return guest_fault(v, "HLT on every vCPU, with nothing that "
				      "could wake one");
	return action_run();
}

/*
 * Xen raises an HVM guest's upcall for as long as upcall_pending is set.
 * KVM takes an interrupt from user space only when the guest can accept
 * it; otherwise ask it to exit as soon as the guest can.
 */
static int deliver_upcall(struct xhvm_vcpu *v)
{
	struct kvm_run *run = v->run;
	uint8_t vector = evtchn_upcall_vector(v);

	if (!vector || !evtchn_upcall_pending(v)) {
		run->request_interrupt_window = 0;
		return 0;
	}
	if (run->ready_for_interrupt_injection && run->if_flag) {
		struct kvm_interrupt irq = {.irq = vector};

		run->request_interrupt_window = 0;
		TRACE(v, "upcall pending: KVM_INTERRUPT at vector %#x", vector);
		v->upcalls_injected++;
		v->upcall_queued = true;
		return kvm_ioctl(v->fd, KVM_INTERRUPT, &irq) < 0 ? -1 : 0;
	}
	if (!run->request_interrupt_window)
		TRACE(v, "upcall pending, interrupts closed: asking KVM to "
			 "exit when they open");
	run->request_interrupt_window = 1;
	return 0;
}

/*
 * Port I/O: the doorbell is a hypercall; every other port behaves like an
 * empty ISA bus (writes vanish, reads return all ones).
 */
static struct xhvm_action handle_io(struct xhvm_vcpu *v)
{
	struct kvm_run *run = v->run;
	uint8_t *data = (uint8_t *)run + run->io.data_offset;

	if (run->io.port == XHVM_HCALL_PORT &&
	    run->io.direction == KVM_EXIT_IO_OUT && run->io.size == 4 &&
	    run->io.count == 1)
		return hypercall_from_port(v);
	if (run->io.direction == KVM_EXIT_IO_IN)
		memset(data, 0xff, (size_t)run->io.size * run->io.count);
	TRACE(v, "%s port %#x, %u byte(s): no device there, %s",
	      run->io.direction == KVM_EXIT_IO_IN ? "IN" : "OUT", run->io.port,
	      run->io.size,
	      run->io.direction == KVM_EXIT_IO_IN ? "reads all ones"
						  : "ignored");
	return action_run();
}

static struct xhvm_action handle_mmio(struct xhvm_vcpu *v)
{
	struct kvm_run *run = v->run;
	uint8_t *host;

	/*
	 * RAM registered lazily: KVM took this access for MMIO, so complete
	 * it from the RAM itself; later ones go straight to it.
	 */
	switch (ram_fault_in(v->vm, run->mmio.phys_addr)) {
	case 1:
		TRACE(v,
		      "first access past the guest image, GPA %#llx: the "
		      "rest of RAM is now registered with KVM",
		      (unsigned long long)run->mmio.phys_addr);
		host = gpa_ptr(&v->vm->mem, run->mmio.phys_addr, run->mmio.len);
		if (host && run->mmio.len <= sizeof(run->mmio.data)) {
			if (run->mmio.is_write)
				memcpy(host, run->mmio.data, run->mmio.len);
			else
				memcpy(run->mmio.data, host, run->mmio.len);
			return action_run();
		}
		break;
	case -1:
		return action_stop(XHVM_EXIT_HOST);
	default:
		break;
	}

	return guest_fault(v, "%s of %u bytes at GPA 0x%llx, outside RAM",
			   run->mmio.is_write ? "write" : "read", run->mmio.len,
			   (unsigned long long)run->mmio.phys_addr);
}

struct xhvm_action vcpu_handle_exit(struct xhvm_vcpu *v)
{
	struct kvm_run *run = v->run;

	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		return handle_io(v);
	case KVM_EXIT_X86_RDMSR:
	case KVM_EXIT_X86_WRMSR:
		return msr_user_exit(v);
	case KVM_EXIT_XEN:
		return hypercall_from_xen_exit(v);
	case KVM_EXIT_MMIO:
		return handle_mmio(v);
	case KVM_EXIT_INTR:
	case KVM_EXIT_IRQ_WINDOW_OPEN: /* deliver_upcall's turn */
		return action_run();
	case KVM_EXIT_HLT:
		return handle_hlt(v);
	case KVM_EXIT_DEBUG:
		if (v->vm->gdb && !v->vm->gdb_gone)
			return gdb_serve(v, true);
		return guest_fault(v, "debug exception %u with no debugger",
				   run->debug.arch.exception);
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

bool vcpu_is_up(struct xhvm_vcpu *v, void *arg)
{
	(void)arg;
	return !__atomic_load_n(&v->down, __ATOMIC_ACQUIRE);
}

/*
 * After a kick: a vCPU another vCPU took down (VCPUOP_down) waits until it
 * is brought up again, then the kick is taken back. A stop sets `stopping`
 * before it kicks, so the loop still sees it. Returns -1 if the vCPU can
 * never run again.
 */
static int vcpu_kicked(struct xhvm_vcpu *v)
{
	if (!vcpu_is_up(v, NULL) &&
	    vcpu_wait(v, "down", vcpu_is_up, NULL, 0) < 0) {
		struct xhvm_action act =
			guest_fault(v, "every vCPU is down or halted");

		vm_stop(v->vm, act.status);
		return -1;
	}
	__atomic_store_n(&v->run->immediate_exit, 0, __ATOMIC_SEQ_CST);
	/* The watchdog's and the clock's timers signal vCPU 0 like a kick. */
	watchdog_check(v->vm);
	xen_clock_tick(v);
	return 0;
}

/*
 * Registers as KVM has them now, not as the last exit left them (sync
 * regs are filled in only at exits). Returns 0, or -1 on a host failure.
 */
static int refetch_regs(struct xhvm_vcpu *v)
{
	v->regs_fetched = v->sregs_fetched = false;
	if (!v->use_sync)
		return 0;
	if (kvm_ioctl(v->fd, KVM_GET_REGS, &v->run->s.regs.regs) < 0 ||
	    kvm_ioctl(v->fd, KVM_GET_SREGS, &v->run->s.regs.sregs) < 0)
		return -1;
	return 0;
}

void vcpu_run(struct xhvm_vcpu *v)
{
	struct xhvm_vm *vm = v->vm;

	this_run = v->run;
	/* With --gdb, vCPU 0 waits for gdb before its first instruction. */
	if (vm->gdb && v->index == 0) {
		struct xhvm_action act;

		/* No exit has filled in the registers yet. */
		if (refetch_regs(v) < 0)
			vm_stop(vm, XHVM_EXIT_HOST);
		act = gdb_serve(v, false);

		if (act.next == XHVM_NEXT_STOP)
			vm_stop(vm, act.status);
	}
	vcpu_loop(v);
	xen_timer_destroy(v);
	if (__atomic_load_n(&vm->timed_out, __ATOMIC_ACQUIRE)) {
		/* Where this vCPU was stopped, not where it last exited. */
		refetch_regs(v);
		pthread_mutex_lock(&vm->console_lock);
		vcpu_dump(v, stderr);
		pthread_mutex_unlock(&vm->console_lock);
	}
	this_run = NULL;
}

static void vcpu_loop(struct xhvm_vcpu *v)
{
	struct xhvm_vm *vm = v->vm;

	while (!__atomic_load_n(&vm->stopping, __ATOMIC_ACQUIRE)) {
		struct xhvm_action act;

		if (v->regs_dirty) {
			if (kvm_ioctl(v->fd, KVM_SET_REGS, &v->regs) < 0) {
				vm_stop(vm, XHVM_EXIT_HOST);
				return;
			}
			v->regs_dirty = false;
		}
		if (xen_timer_check(v) < 0 || deliver_upcall(v) < 0) {
			vm_stop(vm, XHVM_EXIT_HOST);
			return;
		}
		if (ioctl(v->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN) {
				/* Kicked: to stop, or to go down. */
				if (vcpu_kicked(v) < 0)
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
		/* A queued upcall goes in with the first entry that happens. */
		v->upcall_entered = v->upcall_queued;
		v->upcall_queued = false;
		if (__builtin_expect(!__atomic_load_n(&vm->first_exit_ns,
						      __ATOMIC_RELAXED),
				     0))
			__atomic_store_n(&vm->first_exit_ns,
					 host_uptime_ns(vm) + vm->start_ns,
					 __ATOMIC_RELAXED);

		act = vcpu_handle_exit(v);
		if (act.next == XHVM_NEXT_STOP) {
			vm_stop(vm, act.status);
			return;
		}
	}
}
