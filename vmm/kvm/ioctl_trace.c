/*
 * --trace=ioctl: each KVM ioctl of the setup, with the arguments a learner
 * should see (the memory slot, CPUID, the MSR filter or KVM_XEN_HVM_CONFIG,
 * the registers and segments a vCPU starts with).
 */
#include <stdio.h>

#include "kvm/kvm.h"

/* The arguments worth reading, for the ioctls a learner should see. */
void trace_ioctl(int fd, unsigned long req, const void *arg, const char *name,
		 int result)
{
	char what[256] = "";

	switch (req) {
	case KVM_SET_USER_MEMORY_REGION: {
		const struct kvm_userspace_memory_region *m = arg;

		snprintf(what, sizeof(what),
			 "slot %u: GPA %#llx, %llu MiB, at host %#llx", m->slot,
			 (unsigned long long)m->guest_phys_addr,
			 (unsigned long long)m->memory_size >> 20,
			 (unsigned long long)m->userspace_addr);
		break;
	}
	case KVM_CREATE_VCPU:
		snprintf(what, sizeof(what), "vCPU %lu", (unsigned long)arg);
		break;
	case KVM_SET_CPUID2:
		snprintf(what, sizeof(what), "%u leaves",
			 ((const struct kvm_cpuid2 *)arg)->nent);
		break;
	case KVM_ENABLE_CAP: {
		const struct kvm_enable_cap *c = arg;

		snprintf(what, sizeof(what), "cap %u, args[0] %#llx", c->cap,
			 (unsigned long long)c->args[0]);
		break;
	}
	case KVM_X86_SET_MSR_FILTER: {
		const struct kvm_msr_filter *f = arg;

		snprintf(what, sizeof(what),
			 "default %s, deny MSR %#x (read+write) to user space",
			 f->flags ? "deny" : "allow", f->ranges[0].base);
		break;
	}
	case KVM_XEN_HVM_CONFIG: {
		const struct kvm_xen_hvm_config *x = arg;

		snprintf(what, sizeof(what),
			 "flags %#x, MSR %#x, blob64 %u pages at %#llx, blob32 "
			 "%u pages at %#llx",
			 x->flags, x->msr, x->blob_size_64,
			 (unsigned long long)x->blob_addr_64, x->blob_size_32,
			 (unsigned long long)x->blob_addr_32);
		break;
	}
	case KVM_SET_SREGS: {
		const struct kvm_sregs *s = arg;

		snprintf(what, sizeof(what),
			 "CR0 %#llx CR3 %#llx CR4 %#llx EFER %#llx, CS %#x "
			 "(L=%u D=%u), GDT %#llx",
			 s->cr0, s->cr3, s->cr4, s->efer, s->cs.selector,
			 s->cs.l, s->cs.db, (unsigned long long)s->gdt.base);
		break;
	}
	case KVM_SET_REGS: {
		const struct kvm_regs *r = arg;

		snprintf(what, sizeof(what),
			 "RIP %#llx RSP %#llx RDI %#llx RSI %#llx RDX %#llx "
			 "RFLAGS %#llx",
			 r->rip, r->rsp, r->rdi, r->rsi, r->rdx, r->rflags);
		break;
	}
	case KVM_INTERRUPT:
		snprintf(what, sizeof(what), "vector %#x",
			 ((const struct kvm_interrupt *)arg)->irq);
		break;
	default:
		break;
	}
	fprintf(stderr, "trace: ioctl(fd %d, %s%s%s) = %d\n", fd, name,
		what[0] ? ": " : "", what, result);
}
