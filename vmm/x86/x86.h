/*
 * The x86 layer: what the architecture says, on top of the KVM layer.
 * Never includes Xen.
 *
 *   boot.c      the state a vCPU enters a guest in (segments, control
 *               registers, paging, general registers), and identity page
 *               tables and a flat GDT for guests entered with paging on
 *   cpuid.c     the vCPUs' CPUID: what KVM supports, each vCPU's APIC ID,
 *               and the hypervisor leaves a guest interface supplies
 *   pagewalk.c  guest linear to guest physical addresses, through the
 *               guest's own page tables, and copies to and from them
 *   dump.c      registers, segments and code bytes, for a human
 */
#ifndef XHVM_X86_H
#define XHVM_X86_H

#include "kvm/kvm.h"

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
#define CPUID_1_ECX_HYPERVISOR	 (1u << 31)
#define CPUID_1_ECX_X2APIC	 (1u << 21)
#define CPUID_1_ECX_TSC_DEADLINE (1u << 24)

/* ---- Entering a guest (boot.c) ------------------------------------------ */

enum x86_mode {
	X86_MODE_64 = 64, /* long mode, paging on (cr3), 64-bit code */
	X86_MODE_32 = 32, /* flat protected mode, paging off, EFER 0 */
};

/* Flat segments in the GDT that x86_build_boot_tables writes. */
struct x86_gdt {
	uint64_t base;
	uint16_t limit;
	uint16_t code64, code32, data; /* selectors */
};

/*
 * The state a vCPU starts in, as a boot protocol decides it: the mode, the
 * general registers it sets (the rest are 0), and where the GDT and page
 * tables are. start false: the vCPU waits for the guest to start it.
 */
struct entry_state {
	bool start;
	enum x86_mode mode;
	bool sse; /* CR0.MP|NE, CR4.OSFXSR|OSXMMEXCPT (else CR0 = PE|ET) */
	uint64_t rip, rsp, rdi, rsi, rdx, rbx;
	uint64_t cr3; /* X86_MODE_64: the PML4 */
	struct x86_gdt gdt;
};

/*
 * Writes a flat GDT (null, 64-bit code, data, 32-bit code) at gdt_gpa and
 * 4-level page tables at pml4_gpa identity-mapping all RAM in 2 MiB
 * pages, with one PD page per GiB after the PDPT. Fills *gdt.
 */
void x86_build_boot_tables(struct guest_mem *mem, uint64_t gdt_gpa,
			   uint64_t pml4_gpa, struct x86_gdt *gdt);
/* Puts v in state e: segments, CR0/3/4, EFER, then the registers. */
int x86_enter(struct vcpu *v, const struct entry_state *e);

/*
 * A whole vCPU state as a guest gives it for another vCPU (Xen's
 * VCPUOP_initialise): registers, control registers, EFER, segments.
 */
struct x86_context {
	struct kvm_regs regs;
	uint64_t cr0, cr3, cr4, efer;
	struct kvm_segment cs, ds, ss, es, tr;
};
/*
 * Loads c into v, on v's own thread, and makes v runnable if KVM holds
 * it waiting for a SIPI. Returns 0, or XHVM_EXIT_HOST (said).
 */
int x86_set_context(struct vcpu *v, const struct x86_context *c);

/* ---- CPUID (cpuid.c) ------------------------------------------------------
 */

/*
 * The VM's CPUID (vm->cpuid): what KVM supports, with KVM's own hypervisor
 * leaves (0x40000000 and up) replaced by `hv` (n of them), and the
 * hypervisor bit set in leaf 1.
 */
int cpuid_build(struct vm *vm, const struct kvm_cpuid_entry2 *hv, unsigned n);
/*
 * Gives v its CPUID: its APIC ID in leaf 1 and the x2APIC leaves, and
 * whatever per_vcpu changes (may be NULL) in the VM's table first.
 */
int cpuid_set_vcpu(struct vcpu *v,
		   void (*per_vcpu)(struct kvm_cpuid_entry2 *e, unsigned vcpu));

/* ---- Guest linear addresses (pagewalk.c) -----------------------------------
 */

/*
 * Translates a guest linear address by walking the vCPU's page tables in
 * whatever mode it is in (none, 32-bit, PAE, 4- or 5-level). Returns 0,
 * or -1 when the address is not mapped or a table lies outside RAM.
 */
int gva_to_gpa(const struct guest_mem *mem, const struct kvm_sregs *sregs,
	       uint64_t gva, bool write, uint64_t *gpa);
/*
 * Copy len bytes from or to guest linear address gva, page by page.
 * Return 0, or -1 if any byte is unmapped (or, for a write, read-only)
 * or outside RAM. A failed write may have written a prefix, as on Xen.
 */
int guest_read(struct vcpu *v, uint64_t gva, void *dst, size_t len);
int guest_write(struct vcpu *v, uint64_t gva, const void *src, size_t len);
/* Whether all of [gva, gva + len) could be read (or written) now. */
bool guest_range_ok(struct vcpu *v, uint64_t gva, size_t len, bool write);

/* ---- Dumps (dump.c)
 * ----------------------------------------------------------- */

/* The vCPU hooks that print registers, segments and code bytes. */
extern const struct vcpu_hooks x86_dump_hooks;
/* "64-bit long mode", "32-bit protected mode", ... for messages. */
const char *x86_mode_name(const struct kvm_sregs *s);

/* ---- Fatal exits, explained (fault.c) ---------------------------------- */

/*
 * A name for the instruction in b (n bytes) among those hosts stumble on
 * (iret, int n, mov to cr0, VMX, x87...), or NULL.
 */
const char *x86_insn_name(const uint8_t *b, unsigned n, bool is64);
/*
 * Plugs in handlers for triple faults and KVM internal errors that name
 * the instruction the vCPU was at. Returns 0, or -1 (said).
 */
int x86_plug_faults(struct vm *vm);

#endif /* XHVM_X86_H */
