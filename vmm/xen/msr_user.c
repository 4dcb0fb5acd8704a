/*
 * The Xen MSR through user-space MSR exits: an MSR filter denies the Xen
 * MSR, so every guest RDMSR/WRMSR of it exits to xhvm, which then does
 * what KVM_XEN_HVM_CONFIG would do in the kernel.
 */
#include <string.h>

#include "xen/xen.h"

int msr_user_setup(struct xen_domain *d)
{
	/* KVM reads whole longs of bitmap; all zero bits deny. */
	static const uint64_t deny_one = 0;
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_X86_USER_SPACE_MSR,
		.args[0] = KVM_MSR_EXIT_REASON_FILTER,
	};
	struct kvm_msr_filter filter = {
		.flags = KVM_MSR_FILTER_DEFAULT_ALLOW,
		.ranges[0] =
			{
				.flags = KVM_MSR_FILTER_READ |
					 KVM_MSR_FILTER_WRITE,
				.nmsrs = 1,
				.base = d->cfg->msr,
				.bitmap = (uint8_t *)&deny_one,
			},
	};

	/* The exit must be enabled before the filter can send anything. */
	if (kvm_ioctl(d->vm->fd, KVM_ENABLE_CAP, &cap) < 0)
		return XHVM_EXIT_HOST;
	if (kvm_ioctl(d->vm->fd, KVM_X86_SET_MSR_FILTER, &filter) < 0)
		return XHVM_EXIT_HOST;
	return 0;
}

int xen_msr_write(struct xen_vcpu *x, uint64_t value)
{
	struct vcpu *v = x->v;
	const struct xen_config *cfg = x->d->cfg;
	const struct kvm_sregs *sregs = vcpu_sregs(v);
	uint64_t index = value & ~PAGE_MASK;
	uint64_t gpa = value & PAGE_MASK;
	const struct xhvm_blob *blob;
	const char *bits;
	void *dst;

	if (!sregs)
		return -1;
	/* As KVM: EFER.LMA picks the blob, so compatibility mode gets 64. */
	blob = (sregs->efer & EFER_LMA) ? &cfg->blob64 : &cfg->blob32;
	bits = blob == &cfg->blob64 ? "64" : "32";
	if (index >= blob->pages) {
		TRACE(v,
		      "WRMSR %#x <- %#llx: page index %llu is past the "
		      "%zu-page %s-bit blob: #GP",
		      cfg->msr, (unsigned long long)value,
		      (unsigned long long)index, blob->pages, bits);
		return -1;
	}
	dst = gpa_ptr(&v->vm->mem, gpa, PAGE_SIZE);
	if (!dst) {
		TRACE(v,
		      "WRMSR %#x <- %#llx: GPA %#llx is not a page of RAM: #GP",
		      cfg->msr, (unsigned long long)value,
		      (unsigned long long)gpa);
		return -1;
	}
	memcpy(dst, blob->data + index * PAGE_SIZE, PAGE_SIZE);
	TRACE(v,
	      "WRMSR %#x <- %#llx: copied %s-bit blob page %llu to GPA %#llx",
	      cfg->msr, (unsigned long long)value, bits,
	      (unsigned long long)index, (unsigned long long)gpa);
	return 0;
}

struct xhvm_action msr_user_exit(struct vcpu *v)
{
	struct xen_vcpu *x = xen_vcpu_of(v);
	struct kvm_run *run = v->run;

	/* Reads of the Xen MSR fault, as they do under KVM_XEN_HVM_CONFIG. */
	if (run->exit_reason == KVM_EXIT_X86_WRMSR &&
	    run->msr.index == x->d->cfg->msr) {
		run->msr.error = xen_msr_write(x, run->msr.data) ? 1 : 0;
	} else {
		run->msr.error = 1;
		TRACE(v, "%s %#x: #GP, as under KVM's Xen support",
		      run->exit_reason == KVM_EXIT_X86_WRMSR ? "WRMSR"
							     : "RDMSR",
		      run->msr.index);
	}
	return action_run();
}
