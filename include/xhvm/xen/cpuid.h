/*
 * The hypervisor CPUID leaves, from Xen's public/arch-x86/cpuid.h.
 */
#ifndef XHVM_XEN_CPUID_H
#define XHVM_XEN_CPUID_H

/*
 * xhvm's names: where guests look for the leaves. Xen sits at the first
 * free 0x100-aligned base from 0x40000000; guests scan in steps of 0x100.
 */
#define XEN_CPUID_FIRST_BASE 0x40000000u
#define XEN_CPUID_LAST_BASE  0x4000ff00u
#define XEN_CPUID_BASE_STEP  0x100u

/* Leaf +0: EAX = highest leaf; EBX ECX EDX = "XenVMMXenVMM". */
#define XEN_CPUID_SIGNATURE_EBX 0x566e6558u /* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX 0x65584d4du /* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX 0x4d4d566eu /* "nVMM" */

/* xhvm's names for the leaves, as offsets from the base. */
#define XEN_CPUID_LEAF_VERSION	 1 /* EAX = major << 16 | minor */
#define XEN_CPUID_LEAF_HYPERCALL 2 /* EAX = pages, EBX = MSR index */
#define XEN_CPUID_LEAF_TIME	 3
#define XEN_CPUID_LEAF_HVM	 4 /* EAX = flags below */

#define XEN_HVM_CPUID_VCPU_ID_PRESENT (1u << 3) /* EBX = vCPU id */
#define XEN_HVM_CPUID_DOMID_PRESENT   (1u << 4) /* ECX = domain id */

#endif /* XHVM_XEN_CPUID_H */
