/*
 * Xen's CPUID leaves at 0x40000000 (Xen's public/arch-x86/cpuid.h), which
 * take the place of KVM's own: "XenVMMXenVMM", the version xhvm presents,
 * the hypercall MSR, and each vCPU's id.
 */
#include "xen/xen.h"

#define XEN_LEAF(n)  (XEN_CPUID_FIRST_BASE + (n))
#define XEN_MAX_LEAF XEN_LEAF(XEN_CPUID_LEAF_HVM)

static struct kvm_cpuid_entry2 leaf(uint32_t fn, uint32_t eax, uint32_t ebx,
				    uint32_t ecx, uint32_t edx)
{
	return (struct kvm_cpuid_entry2){
		.function = fn, .eax = eax, .ebx = ebx, .ecx = ecx, .edx = edx};
}

unsigned xen_cpuid_leaves(const struct xen_domain *d,
			  struct kvm_cpuid_entry2 *e, unsigned max)
{
	unsigned n = 0;

	if (max < 5)
		return 0;
	e[n++] = leaf(XEN_LEAF(0), XEN_MAX_LEAF, XEN_CPUID_SIGNATURE_EBX,
		      XEN_CPUID_SIGNATURE_ECX, XEN_CPUID_SIGNATURE_EDX);
	e[n++] = leaf(XEN_LEAF(XEN_CPUID_LEAF_VERSION), XHVM_XEN_VERSION, 0, 0,
		      0);
	e[n++] = leaf(XEN_LEAF(XEN_CPUID_LEAF_HYPERCALL), 1, d->cfg->msr, 0, 0);
	e[n++] = leaf(XEN_LEAF(XEN_CPUID_LEAF_TIME), 0, 0, 0, 0);
	/*
	 * EBX is filled per vCPU in xen_cpuid_per_vcpu. A per-vCPU upcall
	 * vector is only offered with a LAPIC that takes the guest's EOI.
	 */
	e[n++] = leaf(XEN_LEAF(XEN_CPUID_LEAF_HVM),
		      XEN_HVM_CPUID_VCPU_ID_PRESENT |
			      XEN_HVM_CPUID_DOMID_PRESENT |
			      (d->irq->edge ? XEN_HVM_CPUID_UPCALL_VECTOR : 0),
		      0, XHVM_DOMID, 0);
	return n;
}

void xen_cpuid_per_vcpu(struct kvm_cpuid_entry2 *e, unsigned vcpu)
{
	if (e->function == XEN_LEAF(XEN_CPUID_LEAF_HVM))
		e->ebx = vcpu;
}
