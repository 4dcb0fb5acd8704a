/*
 * A VM without KVM, for unit tests and fuzzers: built by the monitor's own
 * vm_state_init and xen_domain_init and with the Xen domain's plug-ins
 * (xen_domain_plug) and KVM_INTERRUPT delivery attached, as xhvm run
 * builds them. Registers live in a heap kvm_run as with
 * KVM_CAP_SYNC_REGS and RAM is malloc'd, so the MSR rules, the hypercall
 * dispatcher and the exit handlers run exactly as under KVM. Every vCPU
 * "runs" on the calling thread.
 */
#ifndef XHVM_TEST_FAKE_VCPU_H
#define XHVM_TEST_FAKE_VCPU_H

#include <stdlib.h>
#include <sys/mman.h>
#include <string.h>

#include "machine.h"

struct fake {
	struct vm_config vcfg;
	struct xen_config xcfg;
	struct vm vm;
	struct xen_domain dom;
	struct vcpu *vcpu;   /* vCPU 0 */
	struct xen_vcpu *x;  /* its Xen state */
	struct kvm_run *run; /* vCPU 0's */
};

static inline void fake_init_n(struct fake *f, uint64_t ram_size,
			       unsigned nvcpus)
{
	unsigned i;

	memset(f, 0, sizeof(*f));
	f->vcfg.ram_size = ram_size;
	f->vcfg.nvcpus = nvcpus;
	f->xcfg.msr = XHVM_DEFAULT_XEN_MSR;
	if (vm_state_init(&f->vm, &f->vcfg))
		abort();
	f->vm.mem.size = ram_size;
	f->vm.mem.host = calloc(1, ram_size);
	for (i = 0; i < nvcpus; i++) {
		struct vcpu *v = &f->vm.vcpus[i];

		v->vm = &f->vm;
		v->index = i;
		v->fd = -1;
		v->run = calloc(1, sizeof(*v->run));
		v->use_sync = true;
		v->thread = pthread_self();
	}
	f->vm.nvcpus = nvcpus;
	if (vm_add_hooks(&f->vm, &x86_dump_hooks) < 0 ||
	    xen_domain_init(&f->dom, &f->vm, &f->xcfg, irq_kvm_interrupt()) ||
	    xen_domain_plug(&f->dom) || irq_kvm_interrupt_attach(&f->vm) < 0)
		abort();
	f->dom.backend = XHVM_BACKEND_USER;
	f->vcpu = &f->vm.vcpus[0];
	f->x = &f->dom.vcpus[0];
	f->run = f->vcpu->run;
	xen_clock_init(f->x);
}

static inline void fake_init(struct fake *f, uint64_t ram_size)
{
	fake_init_n(f, ram_size, 1);
}

static inline void fake_free(struct fake *f)
{
	unsigned i;

	for (i = 0; i < f->vm.nvcpus; i++) {
		xen_timer_destroy(&f->dom.vcpus[i]);
		free(f->vm.vcpus[i].run);
	}
	irq_kvm_interrupt_detach(&f->vm);
	xen_domain_fini(&f->dom);
	for (i = 0; i < f->vm.mem.nextra; i++)
		munmap(f->vm.mem.extra[i].host, f->vm.mem.extra[i].size);
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
	struct x86_gdt gdt;

	x86_build_boot_tables(&f->vm.mem, XHVM_GDT_GPA, XHVM_PML4_GPA, &gdt);
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
	hypercall_from_port(f->vcpu, XHVM_HCALL_PORT, true, 4, 1, NULL,
			    &f->dom);
	return (int64_t)r->rax;
}

static inline int64_t fake_hcall(struct fake *f, uint32_t nr, uint64_t a0,
				 uint64_t a1)
{
	return fake_hcall3(f, nr, a0, a1, 0);
}

/* The fake guest's RAM at gpa. */
static inline uint8_t *fake_mem(struct fake *f, uint64_t gpa)
{
	return f->vm.mem.host + gpa;
}

/*
 * Maps shared_info at gpa as the guest would (add_to_physmap, argument
 * at scratch): the result of the call.
 */
static inline int64_t fake_map_shinfo(struct fake *f, uint64_t gpa,
				      uint64_t scratch)
{
	struct xen_add_to_physmap_64 a = {
		DOMID_SELF, 0, XENMAPSPACE_shared_info, 0, gpa / 4096};

	memcpy(fake_mem(f, scratch), &a, sizeof(a));
	return fake_hcall(f, __HYPERVISOR_memory_op, XENMEM_add_to_physmap,
			  scratch);
}

#endif
