/*
 * How tests start: the steps most guest_main()s begin with, each one call.
 */
#ifndef GUEST_TEST_H
#define GUEST_TEST_H

#include <stdbool.h>
#include <stdint.h>
#include "guest.h"

/*
 * Loads the IDT (traps_init), so that a fault says where it happened, then
 * finds Xen (xen_init). Returns 0, or xen_init()'s error: then there is no
 * console to report on, and guest_main returns 1.
 */
int test_init(void);

/*
 * test_init(), then checks (one PASS or FAIL line) that xhvm passed its
 * boot information. Returns it, or NULL if the test cannot go on:
 * guest_main then returns report_summary(), which fails.
 */
const struct xhvm_boot_info *test_init_boot(void);

/*
 * Whether addr lies past RAM, for a test that needs an address with no RAM
 * behind it. If not, SKIPs "RAM (<size> bytes) reaches <what> <addr>".
 */
bool test_no_ram_at(const struct xhvm_boot_info *boot, uint64_t addr,
		    const char *what);

/*
 * The end of a test on several vCPUs: any vCPU but 0 counts itself done
 * and goes down for good (it never returns); vCPU 0 returns once the
 * other nvcpus - 1 have, yielding the host CPU while it waits.
 */
void test_join(unsigned int vcpu, unsigned int nvcpus);

#endif /* GUEST_TEST_H */
