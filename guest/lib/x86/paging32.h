/*
 * Paging for 32-bit guests, which xhvm starts with paging off.
 *
 * paging32_enable_pse() and paging32_enable_pae() identity-map the low
 * linear addresses in large pages (4 MiB PSE pages in a 2-level page
 * directory, or 2 MiB pages under a 4-entry PAE PDPT) and turn paging on.
 * paging32_map() then adds single 4 KiB pages anywhere outside the identity
 * map, so a test can hand the monitor a linear address that is not the
 * physical one and see whether it walks the guest's page tables.
 *
 * The tables are static: one set, for vCPU 0.
 */
#ifndef GUEST_PAGING32_H
#define GUEST_PAGING32_H

#include <stdbool.h>
#include <stdint.h>

enum paging32_mode {
	PAGING32_OFF,
	PAGING32_PSE, /* 2-level, 4 MiB pages (CR4.PSE) */
	PAGING32_PAE, /* 3-level, 2 MiB pages (CR4.PAE) */
};

/* Whether CPUID offers what the mode needs (PSE, PAE). */
bool paging32_cpu_has(enum paging32_mode mode);

/*
 * Identity-map linear [0, identity_end), rounded up to whole large pages
 * and at most 4 GiB, and turn paging on. Paging must be off, the CPU must
 * have the mode, and traps_init() must be done: a KVM may refuse to page a
 * 32-bit guest (PVM raises #GP on the CR0 write). Returns TRAP_NO_FAULT,
 * or the vector of the fault the CR0 write raised, with paging still off.
 */
int paging32_enable_pse(uint64_t identity_end);
int paging32_enable_pae(uint64_t identity_end);

/* Turns paging off (CR0.PG, CR4.PSE and CR4.PAE clear). */
void paging32_disable(void);

/* Names the mode for messages: "paging off", "PSE paging", "PAE paging". */
const char *paging32_mode_name(enum paging32_mode mode);

/*
 * Maps the 4 KiB page at linear address va (page-aligned) to physical
 * address pa, writable. Returns 0, or -1 if paging is off, va lies in the
 * identity map, pa is not below 4 GiB, or the page-table pool is used up.
 */
int paging32_map(uint32_t va, uint64_t pa);

#endif /* GUEST_PAGING32_H */
