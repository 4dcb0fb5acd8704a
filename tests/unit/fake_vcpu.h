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
	struct xhvm_vcpu vcpu;
	struct kvm_run *run;
};

static void fake_init(struct fake *f, uint64_t ram_size)
{
	memset(f, 0, sizeof(*f));
	f->cfg.ram_size = ram_size;
	f->cfg.xen_msr = XHVM_DEFAULT_XEN_MSR;
	f->cfg.nvcpus = 1;
	f->vm.cfg = &f->cfg;
	f->vm.fd = -1;
	f->vm.mem.size = ram_size;
	f->vm.mem.host = calloc(1, ram_size);
	f->run = calloc(1, sizeof(*f->run));
	f->vcpu.vm = &f->vm;
	f->vcpu.fd = -1;
	f->vcpu.run = f->run;
	f->vcpu.use_sync = true;
}

static void fake_free(struct fake *f)
{
	free(f->vm.mem.host);
	free(f->run);
}

static struct kvm_regs *fake_regs(struct fake *f)
{
	return &f->run->s.regs.regs;
}

static struct kvm_sregs *fake_sregs(struct fake *f)
{
	return &f->run->s.regs.sregs;
}

/* 64-bit long mode with no paging tables needed: set by the caller. */
static void fake_mode_64(struct fake *f)
{
	struct kvm_sregs *s = fake_sregs(f);

	memset(s, 0, sizeof(*s));
	s->cr0 = CR0_PE;
	s->efer = EFER_LME | EFER_LMA;
	s->cs.l = 1;
}

/* Compatibility mode: EFER.LMA with a 32-bit code segment. */
static void fake_mode_compat(struct fake *f)
{
	fake_mode_64(f);
	fake_sregs(f)->cs.l = 0;
	fake_sregs(f)->cs.db = 1;
}

/* 32-bit protected mode, paging off: linear is physical. */
static void fake_mode_32(struct fake *f)
{
	struct kvm_sregs *s = fake_sregs(f);

	memset(s, 0, sizeof(*s));
	s->cr0 = CR0_PE;
	s->cs.db = 1;
}

#endif
