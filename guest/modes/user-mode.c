/*
 * A hypercall from ring 3 must get -EPERM, as on Xen; the same call from
 * ring 0 works. user-mode.S does the round trip; this file gives it a GDT
 * with ring-3 segments and a TSS, a DPL-3 gate to come back through, and
 * user access to the boot page tables' identity map.
 */
#include <stdint.h>

#include "console.h"
#include "guest.h"
#include "hypercall.h"
#include "processor.h"
#include "report.h"
#include "string.h"
#include "test.h"
#include "traps.h"

#define USER_RETURN_VECTOR 0x80
#define SEL_TSS		   0x30
#define PTE_US		   (1ull << 2)

long user_mode_hypercall(const void *page, unsigned long nr);
void user_return_entry(void);

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp0, rsp1, rsp2;
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

static struct tss64 tss;

/* TSS.RSP0 points at the landing: see struct trap_landing. */
static struct {
	uint8_t stack[4096];
	struct trap_landing landing;
} ring0 __attribute__((aligned(16)));
static uint64_t gdt[8] __attribute__((aligned(16)));
static uint64_t idt_copy[256 * 2] __attribute__((aligned(16)));

/* A flat code or data descriptor: access byte, and the L bit for code. */
static uint64_t seg(unsigned int access, bool code64)
{
	return 0xffffull | 0xfull << 48 | (uint64_t)access << 40 |
	       (code64 ? 0xaull : 0xcull) << 52;
}

static void set_tss(void)
{
	uint64_t base = (uintptr_t)&tss, limit = sizeof(tss) - 1;

	tss.rsp0 = (uintptr_t)&ring0.landing;
	tss.iomap_base = sizeof(tss); /* no I/O bitmap: IOPL decides */
	gdt[SEL_TSS / 8] = (limit & 0xffff) | (base & 0xffffff) << 16 |
			   0x89ull << 40 | ((base >> 24) & 0xff) << 56;
	gdt[SEL_TSS / 8 + 1] = base >> 32;
}

/* Ring 3 must be able to reach the identity map (and so the page). */
static void allow_user_access(void)
{
	uint64_t *pml4 = (uint64_t *)XHVM_PML4_GPA;
	uint64_t *pdpt = (uint64_t *)XHVM_PDPT_GPA;
	uint64_t *pd = (uint64_t *)XHVM_PD_GPA;
	unsigned int i;

	pml4[0] |= PTE_US;
	pdpt[0] |= PTE_US;
	for (i = 0; i < 512; i++)
		pd[i] |= PTE_US;
	asm volatile("mov %%cr3, %%rax; mov %%rax, %%cr3" ::: "rax", "memory");
}

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) gdtr = {sizeof(gdt) - 1, (uintptr_t)gdt},
				  idtr;
	uint64_t entry = (uintptr_t)user_return_entry;
	long r;
	int fault;

	(void)vcpu;
	(void)nvcpus;
	if (test_init() != 0)
		return 1;

	gdt[1] = seg(0x9a, true);  /* 0x08: ring-0 code, 64-bit */
	gdt[2] = seg(0x92, false); /* 0x10: ring-0 data */
	gdt[3] = seg(0x9a, false); /* 0x18: ring-0 code, 32-bit */
	gdt[4] = seg(0xf2, false); /* 0x20: ring-3 data */
	gdt[5] = seg(0xfa, true);  /* 0x28: ring-3 code, 64-bit */
	set_tss();
	asm volatile("lgdt %0" ::"m"(gdtr));
	asm volatile("ltr %w0" ::"r"(SEL_TSS));

	/* The library's IDT plus one DPL-3 interrupt gate home. */
	asm volatile("sidt %0" : "=m"(idtr));
	memcpy(idt_copy, (void *)idtr.base, idtr.limit + 1);
	idt_copy[USER_RETURN_VECTOR * 2] =
		(entry & 0xffff) | (uint64_t)XHVM_SEL_CODE64 << 16 |
		0xeeull << 40 | ((entry >> 16) & 0xffff) << 48;
	idt_copy[USER_RETURN_VECTOR * 2 + 1] = entry >> 32;
	idtr = (typeof(idtr)){sizeof(idt_copy) - 1, (uintptr_t)idt_copy};
	asm volatile("lidt %0" ::"m"(idtr));
	allow_user_access();

	report_eq(xen_hypercall_raw(hypercall_page, __HYPERVISOR_xen_version,
				    XENVER_version, 0, 0, 0, 0),
		  XHVM_XEN_VERSION, "xen_version from ring 0");
	/* Some KVMs refuse ring 3's OUT even with IOPL 3: say so. */
	ring0.landing = (struct trap_landing){
		.resume = (uintptr_t)user_return_entry,
		.vector = TRAP_NO_FAULT,
	};
	r = user_mode_hypercall(hypercall_page, __HYPERVISOR_xen_version);
	ring0.landing.resume = 0;
	fault = ring0.landing.vector;
	if (fault != TRAP_NO_FAULT)
		report_skip("this KVM refuses port I/O at CPL 3 with IOPL 3 "
			    "(vector %d): ring 3 cannot reach the doorbell",
			    fault);
	else
		report_eq(r, -XEN_EPERM, "xen_version from ring 3");
	report_eq(xen_hypercall_raw(hypercall_page, __HYPERVISOR_xen_version,
				    XENVER_version, 0, 0, 0, 0),
		  XHVM_XEN_VERSION, "xen_version from ring 0 again");
	return report_summary();
}
