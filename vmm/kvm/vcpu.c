/*
 * A vCPU: made from the VM, its kvm_run mapped, its registers read and
 * written through sync regs (or ioctls where KVM lacks them), and kicked
 * out of KVM_RUN by other threads and by timers.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kvm/kvm.h"

#define SYNC_NEEDED (KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS)

/*
 * This thread's kvm_run, for the kick handler: a kick (or a timer's
 * signal) that lands outside KVM_RUN still stops the next one at once.
 */
static __thread struct kvm_run *this_run;

void vcpu_set_this_run(struct kvm_run *run)
{
	this_run = run;
}

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

void vcpu_kick(struct vcpu *v)
{
	/*
	 * immediate_exit covers a vCPU about to enter KVM_RUN, the signal one
	 * already inside it.
	 */
	__atomic_store_n(&v->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&v->has_thread, __ATOMIC_ACQUIRE))
		pthread_kill(v->thread, XHVM_KICK_SIGNAL);
}

int vcpu_create(struct vm *vm, struct vcpu *v, unsigned index)
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

	return 0;

fail:
	vcpu_destroy(v);
	return r;
}

void vcpu_destroy(struct vcpu *v)
{
	if (v->run)
		munmap(v->run, v->vm->kvm.run_size);
	v->run = NULL;
	if (v->fd >= 0)
		close(v->fd);
	v->fd = -1;
}

struct kvm_regs *vcpu_regs(struct vcpu *v)
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

const struct kvm_sregs *vcpu_sregs(struct vcpu *v)
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

void vcpu_regs_changed(struct vcpu *v)
{
	if (v->use_sync)
		v->run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
	else
		v->regs_dirty = true;
}

struct xhvm_action guest_fault(struct vcpu *v, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	/* One dump at a time, however many vCPUs die together. */
	pthread_mutex_lock(&v->vm->out_lock);
	xhvm_err("vCPU %u: guest fault: %s", v->index, what);
	vcpu_dump(v, stderr);
	pthread_mutex_unlock(&v->vm->out_lock);
	return action_stop(XHVM_EXIT_GUEST_FAULT);
}

void vcpu_dump(struct vcpu *v, FILE *out)
{
	struct vm *vm = v->vm;
	unsigned i, n = 0;

	for (i = 0; i < vm->nhooks; i++) {
		if (vm->hooks[i].dump) {
			vm->hooks[i].dump(v, out);
			n++;
		}
	}
	if (!n)
		fprintf(out, "vCPU %u: nothing to show\n", v->index);
}

void vcpu_trace(const struct vcpu *v, const char *fmt, ...)
{
	char who[16], what[480];
	va_list ap;

	if (v)
		snprintf(who, sizeof(who), "vCPU %u", v->index);
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	trace_line(v ? who : NULL, "%s", what);
}

int vcpu_refetch_regs(struct vcpu *v)
{
	v->regs_fetched = v->sregs_fetched = false;
	if (!v->use_sync)
		return 0;
	if (kvm_ioctl(v->fd, KVM_GET_REGS, &v->run->s.regs.regs) < 0 ||
	    kvm_ioctl(v->fd, KVM_GET_SREGS, &v->run->s.regs.sregs) < 0)
		return -1;
	return 0;
}
