#include "hypercall.h"
#include "report.h"
#include "test.h"
#include "traps.h"

int test_init(void)
{
	traps_init();
	return xen_init();
}

const struct xhvm_boot_info *test_init_boot(void)
{
	const struct xhvm_boot_info *boot;

	if (test_init() != 0)
		return NULL;
	boot = xhvm_boot_info();
	report(boot != NULL, "xhvm boot information from _start");
	return boot;
}

bool test_no_ram_at(const struct xhvm_boot_info *boot, uint64_t addr,
		    const char *what)
{
	if (boot->ram_size <= addr)
		return true;
	report_skip("RAM (%#llx bytes) reaches %s %#llx",
		    (unsigned long long)boot->ram_size, what,
		    (unsigned long long)addr);
	return false;
}

void test_join(unsigned int vcpu, unsigned int nvcpus)
{
	static volatile unsigned int finished;

	if (vcpu != 0) {
		__atomic_fetch_add(&finished, 1, __ATOMIC_SEQ_CST);
		xen_vcpu_down_forever(vcpu);
	}
	while (__atomic_load_n(&finished, __ATOMIC_SEQ_CST) < nvcpus - 1)
		xen_sched_op(SCHEDOP_yield, 0);
}
