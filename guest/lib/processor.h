/*
 * x86 instructions the guest library needs, for 64-bit guests and (later)
 * 32-bit ones. Everything here runs at CPL 0.
 */
#ifndef GUEST_PROCESSOR_H
#define GUEST_PROCESSOR_H

#include <stdint.h>

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

/* Interrupts stay off, so nothing ever wakes the vCPU. */
static inline __attribute__((noreturn)) void halt_forever(void)
{
	for (;;)
		asm volatile("cli; hlt");
}

#endif /* GUEST_PROCESSOR_H */
