/*
 * Interrupts without an interrupt controller in KVM: each vCPU has one
 * pending vector at most; before each entry, on the vCPU's own thread,
 * xhvm injects it with KVM_INTERRUPT if the guest can take an interrupt
 * now, and otherwise asks KVM to exit as soon as it can
 * (request_interrupt_window). A vector raised from another thread kicks
 * the vCPU out of KVM_RUN so this happens soon.
 */
#include <stdlib.h>

#include "platform/platform.h"

struct irq_vcpu {
	int pending;	/* the vector to inject, -1: none (atomic) */
	bool queued;	/* one is queued for the next entry */
	bool entered;	/* ... and went in with the last one */
	uint64_t count; /* injected so far */
};

static struct irq_vcpu *state(struct vcpu *v)
{
	return v->irq;
}

static int raise_vector(struct vcpu *v, uint8_t vector)
{
	__atomic_store_n(&state(v)->pending, vector, __ATOMIC_RELEASE);
	/* A vCPU in KVM_RUN must come out to take the interrupt. */
	if (__atomic_load_n(&v->has_thread, __ATOMIC_ACQUIRE) &&
	    !pthread_equal(v->thread, pthread_self()))
		vcpu_kick(v);
	return 0;
}

static void lower(struct vcpu *v)
{
	__atomic_store_n(&state(v)->pending, -1, __ATOMIC_RELEASE);
}

static bool took_one(struct vcpu *v)
{
	return state(v)->entered;
}

static uint64_t count(struct vcpu *v)
{
	return state(v)->count;
}

/* Before an entry: inject, or ask KVM to exit when the window opens. */
static int inject(struct vcpu *v)
{
	struct irq_vcpu *s = state(v);
	struct kvm_run *run = v->run;
	int vector = __atomic_load_n(&s->pending, __ATOMIC_ACQUIRE);

	if (vector < 0) {
		run->request_interrupt_window = 0;
		return 0;
	}
	if (run->ready_for_interrupt_injection && run->if_flag) {
		struct kvm_interrupt irq = {.irq = (uint32_t)vector};

		run->request_interrupt_window = 0;
		__atomic_store_n(&s->pending, -1, __ATOMIC_RELEASE);
		TRACE(v, "interrupt: KVM_INTERRUPT at vector %#x", vector);
		s->count++;
		s->queued = true;
		return kvm_ioctl(v->fd, KVM_INTERRUPT, &irq) < 0 ? -1 : 0;
	}
	if (!run->request_interrupt_window)
		TRACE(v,
		      "interrupt %#x pending, interrupts closed: asking "
		      "KVM to exit when they open",
		      vector);
	run->request_interrupt_window = 1;
	return 0;
}

/* After an exit: a queued interrupt went in with the entry just ended. */
static void exited(struct vcpu *v)
{
	struct irq_vcpu *s = state(v);

	s->entered = s->queued;
	s->queued = false;
}

static const struct irq_delivery delivery = {
	.name = "KVM_INTERRUPT",
	.raise = raise_vector,
	.lower = lower,
	.took_one = took_one,
	.count = count,
	.edge = false,
};

static const struct vcpu_hooks hooks = {
	.name = "KVM_INTERRUPT delivery",
	.pre_run = inject,
	.exited = exited,
};

const struct irq_delivery *irq_kvm_interrupt(void)
{
	return &delivery;
}

int irq_kvm_interrupt_attach(struct vm *vm)
{
	struct irq_vcpu *s = calloc(vm->cfg.nvcpus, sizeof(*s));
	unsigned i;

	if (!s) {
		xhvm_err("out of memory for interrupt state");
		return -1;
	}
	for (i = 0; i < vm->cfg.nvcpus; i++) {
		s[i].pending = -1;
		vm->vcpus[i].irq = &s[i];
	}
	if (vm_add_hooks(vm, &hooks) < 0) {
		free(s);
		for (i = 0; i < vm->cfg.nvcpus; i++)
			vm->vcpus[i].irq = NULL;
		return -1;
	}
	return 0;
}

void irq_kvm_interrupt_detach(struct vm *vm)
{
	unsigned i;

	if (!vm->vcpus || !vm->cfg.nvcpus)
		return;
	free(vm->vcpus[0].irq);
	for (i = 0; i < vm->cfg.nvcpus; i++)
		vm->vcpus[i].irq = NULL;
}
