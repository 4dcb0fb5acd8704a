/*
 * Faults recovered on several vCPUs at once: every vCPU makes MSR accesses
 * that fault (#GP) and some that do not, through the library's _safe()
 * calls, as soon as it has loaded the IDT. Each must get its own vector
 * back, whatever the others are doing: the exception table holds no state
 * of any vCPU's. vCPU 0 reports once everyone is done.
 */
#include "console.h"
#include "hypercall.h"
#include "report.h"
#include "test.h"
#include "traps.h"

#define ROUNDS	  500
#define NO_MSR	  0xdeadbeefu /* not an MSR: #GP on any access */
#define WRITE_VAL 1

static volatile unsigned int wrong;

/* One round of guarded accesses; returns how many came back wrong. */
static unsigned int round_wrong(void)
{
	unsigned int n = 0;
	uint64_t v;

	/* KVM's rule for the hypercall page MSR: reading it is #GP. */
	if (rdmsr_safe(xen_info.msr, &v) != TRAP_GP || v != 0)
		n++;
	if (rdmsr_safe(MSR_EFER, &v) != TRAP_NO_FAULT || !(v & EFER_LMA))
		n++;
	if (wrmsr_safe(NO_MSR, WRITE_VAL) != TRAP_GP)
		n++;
	return n;
}

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	unsigned int i, n = 0;

	if (test_init() != 0)
		return 1;
	for (i = 0; i < ROUNDS; i++)
		n += round_wrong();
	__atomic_fetch_add(&wrong, n, __ATOMIC_SEQ_CST);
	test_join(vcpu, nvcpus);
	report_eq(wrong, 0,
		  "%u vCPU%s x %d rounds of rdmsr_safe and wrmsr_safe, "
		  "faulting and not: wrong results",
		  nvcpus, nvcpus > 1 ? "s" : "", ROUNDS);
	return report_summary();
}
