/*
 * A vCPU without KVM, for unit tests and fuzzers: registers live in a
 * heap kvm_run as with KVM_CAP_SYNC_REGS, RAM is malloc'd, so the MSR
 * backend and the hypercall dispatcher run exactly as under KVM.
 */
#ifndef XHVM_TEST_FAKE_VCPU_H
#define XHVM_TEST_FAKE_VCPU_H

#include <stdlib.h>
#include <string.h>

#include "x86.h"
#include "xhvm.h"

struct fake {
	struct xhvm_config cfg;
	struct xhvm_vm vm;
	struct xhvm_vcpu *vcpu; /* vCPU 0 */
	struct kvm_run *run;	/* vCPU 0's */
};

/*
 * A VM of nvcpus fake vCPUs, its shared state built by the monitor's own
 * vm_state_init (locks, the CLOCK_MONOTONIC wait condition, tables).
 * Every vCPU "runs" on the calling thread.
 */
static inline void fake_init_n(struct fake *f, uint64_t ram_size,
			       unsigned nvcpus)
{
	unsigned i;

	memset(f, 0, sizeof(*f));
	f->cfg.ram_size = ram_size;
	f->cfg.xen_msr = XHVM_DEFAULT_XEN_MSR;
	f->cfg.nvcpus = nvcpus;
	if (vm_state_init(&f->vm, &f->cfg))
		abort();
	f->vm.mem.size = ram_size;
	f->vm.mem.host = calloc(1, ram_size);
	for (i = 0; i < nvcpus; i++) {
		struct xhvm_vcpu *v = &f->vm.vcpus[i];

		v->vm = &f->vm;
		v->index = i;
		v->fd = -1;
		v->run = calloc(1, sizeof(*v->run));
		v->use_sync = true;
		v->thread = pthread_self();
	}
	f->vm.nvcpus = nvcpus;
	f->vcpu = &f->vm.vcpus[0];
	f->run = f->vcpu->run;
	xen_clock_init(f->vcpu);
}

static inline void fake_init(struct fake *f, uint64_t ram_size)
{
	fake_init_n(f, ram_size, 1);
}

static inline void fake_free(struct fake *f)
{
	unsigned i;

	for (i = 0; i < f->vm.nvcpus; i++) {
		xen_timer_destroy(&f->vm.vcpus[i]);
		free(f->vm.vcpus[i].run);
	}
	free(f->vm.mem.host);
	vm_state_destroy(&f->vm);
}

static inline struct kvm_regs *fake_regs(struct fake *f)
{
	return &f->run->s.regs.regs;
}

static inline struct kvm_sregs *fake_sregs(struct fake *f)
{
	return &f->run->s.regs.sregs;
}

/* 64-bit long mode on xhvm's own boot page tables, as at entry. */
static inline void fake_mode_64(struct fake *f)
{
	struct kvm_sregs *s = fake_sregs(f);

	x86_build_boot_tables(&f->vm.mem);
	memset(s, 0, sizeof(*s));
	s->cr0 = CR0_PE | CR0_PG;
	s->cr4 = CR4_PAE;
	s->cr3 = XHVM_PML4_GPA;
	s->efer = EFER_LME | EFER_LMA;
	s->cs.l = 1;
}

/* Compatibility mode: EFER.LMA with a 32-bit code segment. */
static inline void fake_mode_compat(struct fake *f)
{
	fake_mode_64(f);
	fake_sregs(f)->cs.l = 0;
	fake_sregs(f)->cs.db = 1;
}

/* 32-bit protected mode, paging off: linear is physical. */
static inline void fake_mode_32(struct fake *f)
{
	struct kvm_sregs *s = fake_sregs(f);

	memset(s, 0, sizeof(*s));
	s->cr0 = CR0_PE;
	s->cs.db = 1;
}

/*
 * Runs hypercall nr with arguments a0 a1 a2 on the fake vCPU, in whichever
 * mode it is in, and returns RAX (32-bit code gets only EAX's worth).
 */
static inline int64_t fake_hcall3(struct fake *f, uint32_t nr, uint64_t a0,
				  uint64_t a1, uint64_t a2)
{
	struct kvm_regs *r = &f->run->s.regs.regs;

	/* Both ABIs at once: RDI RSI RDX for 64-bit, EBX ECX EDX for 32. */
	*r = (struct kvm_regs){.rax = nr,
			       .rdi = a0,
			       .rsi = a1,
			       .rbx = a0,
			       .rcx = a1,
			       .rdx = a2};
	hypercall_from_port(f->vcpu);
	return (int64_t)r->rax;
}

static inline int64_t fake_hcall(struct fake *f, uint32_t nr, uint64_t a0,
				 uint64_t a1)
{
	return fake_hcall3(f, nr, a0, a1, 0);
}

#endif
