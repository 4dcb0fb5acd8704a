/*
 * The vCPUs' CPUID: what the host's KVM supports, with KVM's own
 * hypervisor leaves replaced by those of the guest interface xhvm offers
 * (Xen's, from xen/cpuid_leaves.c), so a guest scanning from 0x40000000
 * finds that one first; and each vCPU's APIC ID.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "x86/x86.h"

#define HV_LEAF_FIRST 0x40000000u
#define HV_LEAF_LAST  0x4fffffffu

static struct kvm_cpuid2 *cpuid_alloc(unsigned nent)
{
	struct kvm_cpuid2 *c;

	c = calloc(1, sizeof(*c) + nent * sizeof(c->entries[0]));
	if (c)
		c->nent = nent;
	return c;
}

static struct kvm_cpuid2 *supported_cpuid(int kvm_fd)
{
	unsigned nent;

	/* KVM says E2BIG until the array is large enough; 256 entries is
	 * more than any CPU has, so one call usually does. */
	for (nent = 256; nent <= 4096; nent *= 2) {
		struct kvm_cpuid2 *c = cpuid_alloc(nent);
		int e;

		if (!c) {
			xhvm_err("out of memory for CPUID");
			return NULL;
		}
		if (__kvm_ioctl(kvm_fd, KVM_GET_SUPPORTED_CPUID, c) == 0) {
			if (xhvm_trace & TRACE_IOCTL)
				fprintf(stderr,
					"trace: ioctl(fd %d, "
					"KVM_GET_SUPPORTED_CPUID) = 0: %u "
					"leaves\n",
					kvm_fd, c->nent);
			return c;
		}
		e = errno;
		free(c);
		errno = e;
		if (e != E2BIG)
			break;
	}
	xhvm_err("KVM_GET_SUPPORTED_CPUID: %s (errno %d)", strerror(errno),
		 errno);
	return NULL;
}

int cpuid_build(struct vm *vm, const struct kvm_cpuid_entry2 *hv, unsigned nhv)
{
	struct kvm_cpuid2 *host = supported_cpuid(vm->kvm.fd);
	struct kvm_cpuid2 *c;
	unsigned i, n = 0;

	if (!host)
		return XHVM_EXIT_HOST;
	c = cpuid_alloc(host->nent + nhv);
	if (!c) {
		free(host);
		xhvm_err("out of memory for CPUID");
		return XHVM_EXIT_HOST;
	}
	for (i = 0; i < host->nent; i++) {
		struct kvm_cpuid_entry2 *e = &host->entries[i];

		if (e->function >= HV_LEAF_FIRST && e->function <= HV_LEAF_LAST)
			continue; /* KVM's leaves; the interface's take their
				     place */
		if (e->function == 1)
			e->ecx |= CPUID_1_ECX_HYPERVISOR;
		/* KVM offers these, but they need a LAPIC in KVM: without
		 * one the x2APIC MSRs would #GP. */
		if (e->function == 1 && !vm->lapic)
			e->ecx &= ~(CPUID_1_ECX_X2APIC |
				    CPUID_1_ECX_TSC_DEADLINE);
		c->entries[n++] = *e;
	}
	free(host);
	for (i = 0; i < nhv; i++)
		c->entries[n++] = hv[i];
	c->nent = n;
	vm->cpuid = c;
	return 0;
}

int cpuid_set_vcpu(struct vcpu *v,
		   void (*per_vcpu)(struct kvm_cpuid_entry2 *e, unsigned vcpu))
{
	struct kvm_cpuid2 *c = v->vm->cpuid;
	unsigned i;

	for (i = 0; i < c->nent; i++) {
		struct kvm_cpuid_entry2 *e = &c->entries[i];

		if (per_vcpu)
			per_vcpu(e, v->index);
		/* The APIC IDs: leaf 1 EBX[31:24], x2APIC leaves' EDX. */
		if (e->function == 1)
			e->ebx = (e->ebx & 0x00ffffffu) | (v->index << 24);
		if (e->function == 0xb || e->function == 0x1f)
			e->edx = v->index;
	}
	/* KVM copies the table, so the shared copy can be edited per vCPU. */
	if (kvm_ioctl(v->fd, KVM_SET_CPUID2, c) < 0)
		return XHVM_EXIT_HOST;
	return 0;
}
