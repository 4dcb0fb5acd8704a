/*
 * The Xen MSR through user-space MSR exits: an MSR filter denies the Xen
 * MSR, so every guest RDMSR/WRMSR of it exits to xhvm, which then does
 * what KVM_XEN_HVM_CONFIG would do in the kernel.
 */
#include <string.h>

#include "x86.h"
#include "xhvm.h"

int msr_user_setup(struct xhvm_vm *vm)
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
				.base = vm->cfg->xen_msr,
				.bitmap = (uint8_t *)&deny_one,
			},
	};

	/* The exit must be enabled before the filter can send anything. */
	if (kvm_ioctl(vm->fd, KVM_ENABLE_CAP, &cap) < 0)
		return XHVM_EXIT_HOST;
	if (kvm_ioctl(vm->fd, KVM_X86_SET_MSR_FILTER, &filter) < 0)
		return XHVM_EXIT_HOST;
	return 0;
}

int xen_msr_write(struct xhvm_vcpu *v, uint64_t value)
{
	const struct xhvm_config *cfg = v->vm->cfg;
	const struct kvm_sregs *sregs = vcpu_sregs(v);
	const struct xhvm_blob *blob;
	uint64_t index = value & ~PAGE_MASK;
	uint64_t gpa = value & PAGE_MASK;
	void *dst;

	if (!sregs)
		return -1;
	/* As KVM: EFER.LMA picks the blob, so compatibility mode gets 64. */
	blob = (sregs->efer & EFER_LMA) ? &cfg->blob64 : &cfg->blob32;
	if (index >= blob->pages)
		return -1;
	dst = gpa_ptr(&v->vm->mem, gpa, PAGE_SIZE);
	if (!dst)
		return -1;
	memcpy(dst, blob->data + index * PAGE_SIZE, PAGE_SIZE);
	return 0;
}

/* In words, for --trace: what a write of `value` does, or did. */
static void trace_wrmsr(struct xhvm_vcpu *v, uint64_t value, bool ok)
{
	const struct kvm_sregs *s = vcpu_sregs(v);
	bool lm = s && (s->efer & EFER_LMA);
	const struct xhvm_blob *b =
		lm ? &v->vm->cfg->blob64 : &v->vm->cfg->blob32;
	uint64_t index = value & ~PAGE_MASK, gpa = value & PAGE_MASK;

	if (ok)
		trace_line(v,
			   "WRMSR %#x <- %#llx: copied %s-bit blob page %llu "
			   "to GPA %#llx",
			   v->run->msr.index, (unsigned long long)value,
			   lm ? "64" : "32", (unsigned long long)index,
			   (unsigned long long)gpa);
	else if (index >= b->pages)
		trace_line(v,
			   "WRMSR %#x <- %#llx: page index %llu is past the "
			   "%zu-page %s-bit blob: #GP",
			   v->run->msr.index, (unsigned long long)value,
			   (unsigned long long)index, b->pages,
			   lm ? "64" : "32");
	else
		trace_line(v,
			   "WRMSR %#x <- %#llx: GPA %#llx is not a page of "
			   "RAM: #GP",
			   v->run->msr.index, (unsigned long long)value,
			   (unsigned long long)gpa);
}

struct xhvm_action msr_user_exit(struct xhvm_vcpu *v)
{
	struct kvm_run *run = v->run;

	/* Reads of the Xen MSR fault, as they do under KVM_XEN_HVM_CONFIG. */
	if (run->exit_reason == KVM_EXIT_X86_WRMSR &&
	    run->msr.index == v->vm->cfg->xen_msr) {
		run->msr.error = xen_msr_write(v, run->msr.data) ? 1 : 0;
		if (xhvm_trace & TRACE_EXITS)
			trace_wrmsr(v, run->msr.data, !run->msr.error);
	} else {
		run->msr.error = 1;
		TRACE(v, "%s %#x: #GP, as under KVM's Xen support",
		      run->exit_reason == KVM_EXIT_X86_WRMSR ? "WRMSR"
							     : "RDMSR",
		      run->msr.index);
	}
	return action_run();
}
