/*
 * The x86 half of hypercall.h: Xen is found through the CPUID hypervisor
 * leaves, and called through the hypercall page.
 *
 * arch_xen_probe() scans the leaves for Xen's signature and writes the
 * address of hypercall_page to the MSR Xen names there; stub nr of the page
 * (at hypercall_page + nr * 32) then makes hypercall nr.
 */
#ifndef GUEST_X86_ARCH_HYPERCALL_H
#define GUEST_X86_ARCH_HYPERCALL_H

#include <stdbool.h>
#include <stdint.h>
#include <xhvm/xen.h>
#include "guest.h"

/* What arch_xen_probe() found. */
struct xen_info {
	uint32_t cpuid_base; /* leaf holding "XenVMMXenVMM" */
	uint32_t msr;	     /* hypercall page MSR, from leaf +2 EBX */
	uint32_t pages;	     /* hypercall pages, from leaf +2 EAX */
};

extern struct xen_info xen_info;
extern uint8_t hypercall_page[PAGE_SIZE];

/* Returns the CPUID base with Xen's signature, or 0 if there is none. */
uint32_t xen_cpuid_base(void);

/*
 * For xen_init(): finds Xen and installs hypercall_page (page index 0).
 * Returns 0, or -XEN_ENODEV if there is no Xen signature, -XEN_ENOSYS if
 * Xen offers no hypercall page (a faulting MSR write is a #GP like any
 * other).
 */
int arch_xen_probe(void);

/*
 * Fills page with what KVM writes on the MSR write in intercept mode
 * (KVM_XEN_HVM_CONFIG_INTERCEPT_HCALL), the same in every CPU mode: stub i
 * is `mov $i,%eax; vmcall; ret` (vmmcall on AMD and Hygon), 0xcc padding.
 * Tests compare the page they got with it.
 */
void xen_build_kvm_page(uint8_t *page);
/* Whether this CPU's hypercall instruction is VMMCALL (AMD, Hygon). */
bool cpu_has_vmmcall(void);

/*
 * Calls stub nr (0..XEN_HYPERCALL_STUBS - 1) of any hypercall page, without
 * checks: for tests that call unknown numbers or a page of their own.
 *
 * Xen may clobber the argument registers, so they are all in/out operands.
 */
#ifdef __x86_64__
static inline long xen_hypercall_raw(const void *page, unsigned int nr,
				     unsigned long a1, unsigned long a2,
				     unsigned long a3, unsigned long a4,
				     unsigned long a5)
{
	register unsigned long r10 asm("r10") = a4;
	register unsigned long r8 asm("r8") = a5;
	const uint8_t *stub =
		(const uint8_t *)page + nr * XEN_HYPERCALL_STUB_SIZE;
	long ret;

	asm volatile("call *%[stub]"
		     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
		       "+r"(r8)
		     : [stub] "r"(stub)
		     : "memory");
	return ret;
}
#else
/*
 * 32-bit ABI: EBX ECX EDX ESI EDI. That leaves no register for the stub's
 * address, so it is a memory operand, read before the call pushes. EBX is
 * free to use because guests are built -fno-pic (no GOT pointer).
 */
static inline long xen_hypercall_raw(const void *page, unsigned int nr,
				     unsigned long a1, unsigned long a2,
				     unsigned long a3, unsigned long a4,
				     unsigned long a5)
{
	const uint8_t *stub =
		(const uint8_t *)page + nr * XEN_HYPERCALL_STUB_SIZE;
	long ret;

	asm volatile("call *%[stub]"
		     : "=a"(ret), "+b"(a1), "+c"(a2), "+d"(a3), "+S"(a4),
		       "+D"(a5)
		     : [stub] "m"(stub)
		     : "memory");
	return ret;
}
#endif

/* Hypercall nr through the page xen_init() installed. */
static inline long xen_hypercall5(unsigned int nr, unsigned long a1,
				  unsigned long a2, unsigned long a3,
				  unsigned long a4, unsigned long a5)
{
	return xen_hypercall_raw(hypercall_page, nr, a1, a2, a3, a4, a5);
}

/*
 * Xen system time in ns, read the way an x86 Xen guest reads it: from a
 * vcpu_time_info (pvclock) and the TSC, retrying while Xen rewrites it.
 */
uint64_t xen_clock_read(const volatile struct vcpu_time_info *t);

#endif /* GUEST_X86_ARCH_HYPERCALL_H */
