/*
 * x86 architectural constants xhvm uses, by name.
 */
#ifndef XHVM_X86_H
#define XHVM_X86_H

/* CR0 */
#define CR0_PE (1ull << 0)  /* protected mode */
#define CR0_MP (1ull << 1)  /* monitor coprocessor */
#define CR0_EM (1ull << 2)  /* x87 emulation */
#define CR0_ET (1ull << 4)  /* extension type, hardwired to 1 */
#define CR0_NE (1ull << 5)  /* native x87 errors */
#define CR0_WP (1ull << 16) /* write protect at CPL 0 */
#define CR0_PG (1ull << 31) /* paging */

/* CR4 */
#define CR4_PSE	       (1ull << 4) /* 4 MiB pages in 32-bit paging */
#define CR4_PAE	       (1ull << 5)
#define CR4_OSFXSR     (1ull << 9)  /* FXSAVE and SSE enabled */
#define CR4_OSXMMEXCPT (1ull << 10) /* SIMD exceptions as #XM */
#define CR4_LA57       (1ull << 12) /* 5-level paging */

/* EFER */
#define EFER_SCE (1ull << 0)
#define EFER_LME (1ull << 8)  /* long mode enable */
#define EFER_LMA (1ull << 10) /* long mode active */
#define EFER_NXE (1ull << 11)

/* RFLAGS: bit 1 is reserved and always set. */
#define RFLAGS_RESERVED (1ull << 1)
#define RFLAGS_IF	(1ull << 9)

/* Page table entries */
#define PTE_P	      (1ull << 0) /* present */
#define PTE_RW	      (1ull << 1)
#define PTE_US	      (1ull << 2)
#define PTE_PS	      (1ull << 7)	    /* large page (PDE/PDPTE) */
#define PTE_ADDR_MASK 0x000ffffffffff000ull /* 4-level and PAE */
#define PAGE_2M	      (1ull << 21)
#define PAGE_1G	      (1ull << 30)
#define PAGE_4M	      (1ull << 22)

/* Segment descriptor fields, as in struct kvm_segment. */
#define SEG_TYPE_CODE_XR 0xb /* execute/read, accessed */
#define SEG_TYPE_DATA_RW 0x3 /* read/write, accessed */

/* Architectural exception vectors. */
#define X86_VEC_GP 13

/* CPUID */
#define CPUID_1_ECX_HYPERVISOR (1u << 31)

#endif /* XHVM_X86_H */
