/*
 * x86 instructions and architectural bits the guest library needs, for
 * 64-bit and 32-bit guests alike. Everything here runs at CPL 0.
 *
 * The arch-independent library uses two things of it, which every
 * architecture's processor.h gives: cpu_relax() and halt_forever().
 */
#ifndef GUEST_PROCESSOR_H
#define GUEST_PROCESSOR_H

#include <stdint.h>

#define CR0_PG (1ul << 31) /* paging */

#define CR4_PSE (1ul << 4) /* 4 MiB pages in 2-level paging */
#define CR4_PAE (1ul << 5) /* 3-level paging, 8-byte entries */

/* Page-table entry bits, the same in every paging mode. */
#define PTE_P	      (1u << 0)
#define PTE_RW	      (1u << 1)
#define PTE_PS	      (1u << 7) /* in a directory entry: a large page */
#define PTE_ADDR_MASK 0x000ffffffffff000ull /* 8-byte entries: bits 51:12 */

#define MSR_EFER 0xc0000080u
#define EFER_LME (1ull << 8)  /* long mode enabled */
#define EFER_LMA (1ull << 10) /* long mode active: set by the CPU */

#define CPUID_1_EDX_PSE (1u << 3)
#define CPUID_1_EDX_PAE (1u << 6)

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(uint32_t leaf)
{
	struct cpuid_regs r;

	asm volatile("cpuid"
		     : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
		     : "a"(leaf), "c"(0));
	return r;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
	asm volatile("wrmsr"
		     :
		     : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
		     : "memory");
}

static inline uintptr_t read_cr2(void)
{
	uintptr_t cr2;

	asm volatile("mov %%cr2, %0" : "=r"(cr2));
	return cr2;
}

/* Control registers are the native word in either mode. */
static inline unsigned long read_cr0(void)
{
	unsigned long v;

	asm volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

/* "memory": code after a paging change must not use stale translations. */
static inline void write_cr0(unsigned long v)
{
	asm volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static inline unsigned long read_cr3(void)
{
	unsigned long v;

	asm volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline void write_cr3(unsigned long v)
{
	asm volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline unsigned long read_cr4(void)
{
	unsigned long v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void write_cr4(unsigned long v)
{
	asm volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline void invlpg(const volatile void *p)
{
	asm volatile("invlpg (%0)" : : "r"(p) : "memory");
}

static inline uint16_t read_cs(void)
{
	uint16_t cs;

	asm volatile("mov %%cs, %0" : "=r"(cs));
	return cs;
}

/* In a spin-wait loop: lets a sibling thread or the host run. */
static inline void cpu_relax(void)
{
	__builtin_ia32_pause();
}

/* Interrupts stay off, so nothing ever wakes the vCPU. */
static inline __attribute__((noreturn)) void halt_forever(void)
{
	for (;;)
		asm volatile("cli; hlt");
}

#endif /* GUEST_PROCESSOR_H */
