/*
 * The hypercall page: finding Xen through CPUID and installing the page
 * through the MSR Xen names, as a Linux or FreeBSD HVM guest does it; and
 * the page KVM writes itself in intercept mode.
 */
#include "hypercall.h"
#include "processor.h"
#include "string.h"

#define OPCODE_MOV_EAX_IMM 0xb8
#define OPCODE_RET	   0xc3
#define OPCODE_INT3	   0xcc

/* CPUID leaf 0 EBX and EDX of the vendors with VMMCALL. */
#define VENDOR_AMD_EBX	 0x68747541u /* "Auth" of AuthenticAMD */
#define VENDOR_AMD_EDX	 0x69746e65u /* "enti" */
#define VENDOR_HYGON_EBX 0x6f677948u /* "Hygo" of HygonGenuine */
#define VENDOR_HYGON_EDX 0x6e65476eu /* "nGen" */

struct xen_info xen_info;

/* Xen fills this page on the MSR write; in .bss like any other data. */
uint8_t hypercall_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static bool xen_signature(const struct cpuid_regs *r)
{
	return r->ebx == XEN_CPUID_SIGNATURE_EBX &&
	       r->ecx == XEN_CPUID_SIGNATURE_ECX &&
	       r->edx == XEN_CPUID_SIGNATURE_EDX;
}

uint32_t xen_cpuid_base(void)
{
	uint32_t base;

	/* Xen may sit above another hypervisor's leaves (Viridian). */
	for (base = XEN_CPUID_FIRST_BASE; base <= XEN_CPUID_LAST_BASE;
	     base += XEN_CPUID_BASE_STEP) {
		struct cpuid_regs r = cpuid(base);

		if (xen_signature(&r))
			return base;
	}
	return 0;
}

int arch_xen_probe(void)
{
	struct cpuid_regs r;
	uint32_t base;

	base = xen_cpuid_base();
	if (!base)
		return -XEN_ENODEV;

	/* Linux's rule: the hypercall leaf (+2) must exist. */
	r = cpuid(base);
	if (r.eax < base + XEN_CPUID_LEAF_HYPERCALL)
		return -XEN_ENOSYS;

	r = cpuid(base + XEN_CPUID_LEAF_HYPERCALL);
	if (r.eax == 0)
		return -XEN_ENOSYS;

	/* RAM is identity-mapped: the address is the GPA. Page index 0. */
	wrmsr(r.ebx, (uintptr_t)hypercall_page | 0);

	xen_info.cpuid_base = base;
	xen_info.msr = r.ebx;
	xen_info.pages = r.eax;
	return 0;
}

/* AMD and Hygon have VMMCALL (0f 01 d9), Intel VMCALL (0f 01 c1). */
bool cpu_has_vmmcall(void)
{
	struct cpuid_regs r = cpuid(0);

	return (r.ebx == VENDOR_AMD_EBX && r.edx == VENDOR_AMD_EDX) ||
	       (r.ebx == VENDOR_HYGON_EBX && r.edx == VENDOR_HYGON_EDX);
}

void xen_build_kvm_page(uint8_t *page)
{
	static const uint8_t vmcall[] = {0x0f, 0x01, 0xc1};
	static const uint8_t vmmcall[] = {0x0f, 0x01, 0xd9};
	const uint8_t *insn = cpu_has_vmmcall() ? vmmcall : vmcall;
	unsigned int i;

	memset(page, OPCODE_INT3, PAGE_SIZE);
	for (i = 0; i < XEN_HYPERCALL_STUBS; i++) {
		uint8_t *p = page + i * XEN_HYPERCALL_STUB_SIZE;

		p[0] = OPCODE_MOV_EAX_IMM;
		memcpy(p + 1, &i, 4); /* the immediate, little-endian */
		memcpy(p + 5, insn, sizeof(vmcall));
		p[8] = OPCODE_RET;
	}
}
