/*
 * Finding Xen: the CPUID scan and the hypercall page MSR, as a Linux or
 * FreeBSD HVM guest does it.
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

static int xen_probe(void)
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
	xen_info.ready = true;
	return 0;
}

/* xen_init's progress: not yet, being probed, or the probe's result. */
#define INIT_NOT_YET 1
#define INIT_PROBING 2
static int init_state = INIT_NOT_YET;

/*
 * Probe once, on whichever vCPU comes first; the others wait for its
 * answer, or with !wait get -XEN_EIO at once. The crash path uses !wait:
 * if the probe itself faulted, waiting for it would never end.
 */
static int init(bool wait)
{
	int s = INIT_NOT_YET;

	if (__atomic_compare_exchange_n(&init_state, &s, INIT_PROBING, false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		s = xen_probe();
		__atomic_store_n(&init_state, s, __ATOMIC_RELEASE);
		return s;
	}
	while ((s = __atomic_load_n(&init_state, __ATOMIC_ACQUIRE)) ==
	       INIT_PROBING) {
		if (!wait)
			return -XEN_EIO;
		__builtin_ia32_pause();
	}
	return s;
}

int xen_init(void)
{
	return init(true);
}

int xen_init_nowait(void)
{
	return init(false);
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

/* (delta << shift or >> -shift) * mul >> 32, with 32-bit arithmetic only. */
static uint64_t pvclock_scale(uint64_t delta, uint32_t mul, int8_t shift)
{
	uint64_t lo, hi;

	if (shift >= 0)
		delta <<= shift;
	else
		delta >>= -shift;
	lo = (uint64_t)(uint32_t)delta * mul;
	hi = (uint64_t)(uint32_t)(delta >> 32) * mul;
	return hi + (lo >> 32);
}

uint64_t xen_clock_read(const volatile struct vcpu_time_info *t)
{
	uint32_t version;
	uint64_t tsc, ns;

	do {
		version = t->version;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		tsc = rdtsc();
		ns = t->system_time +
		     pvclock_scale(tsc > t->tsc_timestamp
					   ? tsc - t->tsc_timestamp
					   : 0,
				   t->tsc_to_system_mul, t->tsc_shift);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	} while ((version & 1) || version != t->version);
	return ns;
}
