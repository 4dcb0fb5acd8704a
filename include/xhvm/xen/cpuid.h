/*
 * The hypervisor CPUID leaves, from Xen's public/arch-x86/cpuid.h.
 */
#ifndef XHVM_XEN_CPUID_H
#define XHVM_XEN_CPUID_H

/*
 * Xen's leaves start at the first free 0x100-aligned base from 0x40000000
 * (0x40000100 when it also offers Viridian's). XEN_CPUID_LEAF(i) is leaf
 * i at the first base.
 */
#define XEN_CPUID_FIRST_LEAF 0x40000000
#define XEN_CPUID_LEAF(i)    (XEN_CPUID_FIRST_LEAF + (i))

/* xhvm's names for the bases guests scan, in steps of 0x100. */
#define XEN_CPUID_FIRST_BASE 0x40000000u
#define XEN_CPUID_LAST_BASE  0x4000ff00u
#define XEN_CPUID_BASE_STEP  0x100u

/* Leaf +0: EAX = highest leaf; EBX ECX EDX = "XenVMMXenVMM". */
#define XEN_CPUID_SIGNATURE_EBX 0x566e6558u /* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX 0x65584d4du /* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX 0x4d4d566eu /* "nVMM" */

/* Highest leaf offset Xen answers (leaf +5, PV parameters). */
#define XEN_CPUID_MAX_NUM_LEAVES 5

/* xhvm's names for the leaves, as offsets from the base. */
#define XEN_CPUID_LEAF_VERSION	 1 /* EAX = major << 16 | minor */
#define XEN_CPUID_LEAF_HYPERCALL 2 /* EAX = pages, EBX = MSR index */
#define XEN_CPUID_LEAF_TIME	 3
#define XEN_CPUID_LEAF_HVM	 4 /* EAX = flags below */

/* Leaf +2 ECX: PV only. */
#define XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD (1u << 0)

/* Leaf +3 sub-leaf 0: EAX flags, then EBX = one of the TSC modes. */
#define XEN_CPUID_TSC_EMULATED		  (1u << 0)
#define XEN_CPUID_HOST_TSC_RELIABLE	  (1u << 1)
#define XEN_CPUID_RDTSCP_INSTR_AVAIL	  (1u << 2)
#define XEN_CPUID_TSC_MODE_DEFAULT	  (0)
#define XEN_CPUID_TSC_MODE_ALWAYS_EMULATE (1u)
#define XEN_CPUID_TSC_MODE_NEVER_EMULATE  (2u)
#define XEN_CPUID_TSC_MODE_PVRDTSCP	  (3u)

/* Leaf +4 sub-leaf 0, EAX: HVM features. */
#define XEN_HVM_CPUID_APIC_ACCESS_VIRT (1u << 0)
#define XEN_HVM_CPUID_X2APIC_VIRT      (1u << 1)
#define XEN_HVM_CPUID_IOMMU_MAPPINGS   (1u << 2)
#define XEN_HVM_CPUID_VCPU_ID_PRESENT  (1u << 3) /* EBX = vCPU id */
#define XEN_HVM_CPUID_DOMID_PRESENT    (1u << 4) /* ECX = domain id */
#define XEN_HVM_CPUID_EXT_DEST_ID      (1u << 5) /* 15-bit APIC ids in MSIs */
#define XEN_HVM_CPUID_UPCALL_VECTOR    (1u << 6) /* per-vCPU upcalls work */

/* Leaf +5 sub-leaf 0, EBX: PV guests' machine address width. */
#define XEN_CPUID_MACHINE_ADDRESS_WIDTH_MASK (0xffu << 0)

#endif /* XHVM_XEN_CPUID_H */
