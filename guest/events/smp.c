/*
 * Several vCPUs at once. Every vCPU starts at the entry with its own index
 * (RDI): each checks its identity, then all make hypercalls concurrently
 * (xen_version, and set/get of a parameter of their own, which must never
 * see another vCPU's value); vCPU 1 takes itself down and vCPU 0 brings
 * it back; vCPU 0 sends vCPU 1, halted, an IPI that wakes it as an
 * interrupt. vCPU 0 reports once everyone is done. Waiting vCPUs yield
 * (SCHEDOP_yield), so more vCPUs than host cores still make progress.
 */
#include <stdint.h>

#include "console.h"
#include "guest.h"
#include "hypercall.h"
#include "processor.h"
#include "report.h"
#include "test.h"
#include "traps.h"

#define ROUNDS	      200
#define UPCALL_VECTOR 0xf3
/* Parameters a guest may set and read, one per vCPU (mod 4). */
static const uint32_t params[] = {
	HVM_PARAM_X87_FIP_WIDTH, HVM_PARAM_STORE_EVTCHN,
	HVM_PARAM_CONSOLE_EVTCHN, HVM_PARAM_VM_GENERATION_ID_ADDR};

static uint8_t shinfo[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static volatile unsigned int arrived, bad_results;
static volatile unsigned int vcpu1_resumed, ipi_ready, ipi_taken;

/*
 * Waiting for another vCPU: yield the host CPU each time round, or with
 * more vCPUs than cores the one that could finish may never run.
 */
static void relax(void)
{
	xen_sched_op(SCHEDOP_yield, 0);
}

/* Every vCPU waits here until all `n` have arrived at barrier `k`. */
static void barrier(unsigned int k, unsigned int n)
{
	__atomic_fetch_add(&arrived, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&arrived, __ATOMIC_SEQ_CST) < k * n)
		relax();
}

static void upcall(void)
{
	shinfo[1 * XEN_VCPU_INFO_SIZE + XEN_VCPU_INFO_UPCALL_PENDING] = 0;
	ipi_taken = 1;
}

static long param(unsigned int op, uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = {.domid = DOMID_SELF, .index = index};
	long r;

	p.value = *value;
	r = xen_hypercall2(__HYPERVISOR_hvm_op, op, (unsigned long)&p);
	*value = p.value;
	return r;
}

/* All vCPUs at once: results must be right, whoever else is calling. */
static void hammer(unsigned int vcpu, unsigned int nvcpus)
{
	uint32_t index = params[vcpu % 4];
	unsigned int i, bad = 0;

	for (i = 0; i < ROUNDS; i++) {
		uint64_t v = (uint64_t)vcpu << 32 | i, got = 0;

		if (xen_version(XENVER_version, 0) != XHVM_XEN_VERSION)
			bad++;
		/* Only vCPUs sharing index mod 4 share a parameter. */
		if (nvcpus <= 4) {
			if (param(HVMOP_set_param, index, &v) ||
			    param(HVMOP_get_param, index, &got) || got != v)
				bad++;
		}
	}
	__atomic_fetch_add(&bad_results, bad, __ATOMIC_SEQ_CST);
}

static void vcpu0_down_up(void)
{
	long r;

	/* Wait until vCPU 1 has gone down, then bring it up. */
	while (xen_hypercall2(__HYPERVISOR_vcpu_op, VCPUOP_is_up, 1) != 0)
		relax();
	report(!vcpu1_resumed, "vCPU 1 is down (VCPUOP_is_up = 0)");
	r = xen_hypercall2(__HYPERVISOR_vcpu_op, VCPUOP_up, 1);
	report_eq(r, 0, "VCPUOP_up(1)");
	while (!vcpu1_resumed)
		relax();
	report(xen_hypercall2(__HYPERVISOR_vcpu_op, VCPUOP_is_up, 1) == 1,
	       "vCPU 1 resumed after its VCPUOP_down and is up");
}

static void vcpu1_down_up(void)
{
	long r = xen_hypercall2(__HYPERVISOR_vcpu_op, VCPUOP_down, 1);

	vcpu1_resumed = (r == 0);
}

/* vCPU 1: take the IPI vCPU 0 sends, as an interrupt. */
static void vcpu1_ipi(void)
{
	struct xen_hvm_evtchn_upcall_vector uv = {1, UPCALL_VECTOR, {0}};

	xen_hypercall2(__HYPERVISOR_hvm_op, HVMOP_set_evtchn_upcall_vector,
		       (unsigned long)&uv);
	traps_set_irq_handler(UPCALL_VECTOR, upcall);
	ipi_ready = 1;
	/* Halted until the IPI's upcall wakes it (the watchdog if never). */
	while (!ipi_taken)
		asm volatile("sti; hlt; cli" ::: "memory");
}

static void vcpu0_ipi(void)
{
	struct evtchn_bind_ipi b = {1, 0};
	struct evtchn_port_arg pa;

	report_eq(xen_hypercall2(__HYPERVISOR_event_channel_op,
				 EVTCHNOP_bind_ipi, (unsigned long)&b),
		  0, "bind_ipi(vCPU 1)");
	pa.port = b.port;
	report_eq(xen_hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_send,
				 (unsigned long)&pa),
		  0, "send(port %u) from vCPU 0", b.port);
}

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	struct cpuid_regs leaf1 = cpuid(1);
	uint32_t base;

	if (test_init() != 0) /* one IDT, loaded by each vCPU */
		return 1;
	base = xen_info.cpuid_base;
	if (vcpu == 0) {
		struct xen_add_to_physmap_64 a = {
			DOMID_SELF, 0, XENMAPSPACE_shared_info, 0,
			(uintptr_t)shinfo / PAGE_SIZE};

		printf("%u vCPUs\n", nvcpus);
		report_eq(xen_hypercall2(__HYPERVISOR_memory_op,
					 XENMEM_add_to_physmap,
					 (unsigned long)&a),
			  0, "add_to_physmap(shared_info)");
	}
	barrier(1, nvcpus);
	report(cpuid(base + XEN_CPUID_LEAF_HVM).ebx == vcpu &&
		       leaf1.ebx >> 24 == vcpu,
	       "vCPU %u of %u: Xen vCPU id %u, APIC ID %u", vcpu, nvcpus,
	       cpuid(base + XEN_CPUID_LEAF_HVM).ebx, leaf1.ebx >> 24);

	hammer(vcpu, nvcpus);
	barrier(2, nvcpus);
	if (vcpu == 0)
		report_eq(bad_results, 0,
			  "%u vCPU%s x %d rounds of concurrent hypercalls: "
			  "wrong results",
			  nvcpus, nvcpus > 1 ? "s" : "", ROUNDS);

	if (nvcpus >= 2) {
		if (vcpu == 0) {
			vcpu0_down_up();
		} else if (vcpu == 1) {
			vcpu1_down_up();
		}
		barrier(3, nvcpus);
		if (vcpu == 1)
			vcpu1_ipi();
		else if (vcpu == 0) {
			/* Send once vCPU 1 has its handler in place. */
			while (!ipi_ready)
				relax();
			vcpu0_ipi();
		}
		barrier(4, nvcpus);
		if (vcpu == 0)
			report(ipi_taken, "vCPU 1 took the IPI at vector %#x",
			       UPCALL_VECTOR);
	}

	test_join(vcpu, nvcpus);
	return report_summary();
}
