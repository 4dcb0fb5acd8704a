/*
 * Hypercall pointer arguments are guest linear addresses. A 32-bit guest
 * makes the same calls with paging off, then with 2-level PSE paging, then
 * with PAE paging; with paging on it passes pointers whose linear address
 * is not the physical one (aliases) and pointers to unmapped pages. Only a
 * monitor that walks the guest's page tables in each mode gets them right.
 */
#include "console.h"
#include "guest.h"
#include "hypercall.h"
#include "paging32.h"
#include "processor.h"
#include "report.h"
#include "string.h"
#include "test.h"
#include "traps.h"
#include <xhvm/guest_abi.h>

/*
 * Linear addresses above any RAM this guest runs with, so outside the
 * identity map: two alias pages at ALIAS_VA, nothing at UNMAPPED_VA. With
 * paging off they are physical addresses with no RAM behind them.
 */
#define ALIAS_VA    0xc0000000u
#define UNMAPPED_VA 0xd0000000u

/* Bytes of the alias text that go in the first alias page. */
#define ALIAS_SPLIT 16

#define BAD_SHUTDOWN_REASON 99
#define PROBE_LEN	    16

/* Mapped at ALIAS_VA in reverse order, so the text is split physically. */
static uint8_t alias_pages[2][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static bool mode_is(enum paging32_mode m)
{
	unsigned long cr0 = read_cr0(), cr4 = read_cr4();
	bool pg = cr0 & CR0_PG, pse = cr4 & CR4_PSE, pae = cr4 & CR4_PAE;

	switch (m) {
	case PAGING32_PSE:
		return pg && pse && !pae;
	case PAGING32_PAE:
		return pg && pae;
	default:
		return !pg;
	}
}

/* Paging off: linear is physical, and the address past RAM is no RAM. */
static void check_direct(const char *name)
{
	static const char text[] = "printed with paging off\n";

	report_eq(xen_console_write(text, sizeof(text) - 1), 0,
		  "%s: console_io(CONSOLEIO_write) from %p", name, text);
}

static void check_alias(const char *name)
{
	char *alias = (char *)ALIAS_VA;
	char *start = alias + PAGE_SIZE - ALIAS_SPLIT;
	struct sched_shutdown *shutdown;
	char text[80];
	bool ok;
	int len;

	memset(alias_pages, 0, sizeof(alias_pages));
	ok = paging32_map(ALIAS_VA, (uintptr_t)alias_pages[1]) == 0 &&
	     paging32_map(ALIAS_VA + PAGE_SIZE, (uintptr_t)alias_pages[0]) == 0;
	report(ok, "%s: linear %#x -> physical %p, %#x -> %p", name, ALIAS_VA,
	       alias_pages[1], ALIAS_VA + PAGE_SIZE, alias_pages[0]);
	if (!ok)
		return;

	/* Written through the alias: the guest's own mapping must work. */
	len = snprintf(text, sizeof(text),
		       "printed through an alias at %p (%s)\n", start, name);
	memcpy(start, text, len);
	report(memcmp(alias_pages[1] + PAGE_SIZE - ALIAS_SPLIT, text,
		      ALIAS_SPLIT) == 0 &&
		       memcmp(alias_pages[0], text + ALIAS_SPLIT,
			      len - ALIAS_SPLIT) == 0,
	       "%s: text at %p lies at the end of %p and the start of %p", name,
	       start, alias_pages[1], alias_pages[0]);

	report_eq(xen_console_write(start, len), 0,
		  "%s: console_io(CONSOLEIO_write) of %d bytes from alias %p",
		  name, len, start);

	/* Read as physical, this would be past RAM: -EFAULT, not -EINVAL. */
	shutdown = (struct sched_shutdown *)(alias + PAGE_SIZE + 256);
	shutdown->reason = BAD_SHUTDOWN_REASON;
	report_eq(xen_sched_op(SCHEDOP_shutdown, shutdown), -XEN_EINVAL,
		  "%s: sched_op(SCHEDOP_shutdown, alias %p) with reason %u",
		  name, shutdown, BAD_SHUTDOWN_REASON);

	/* Starts mapped, runs into the unmapped page after the aliases. */
	report_eq(xen_console_write(alias + 2 * PAGE_SIZE - PROBE_LEN / 2,
				    PROBE_LEN),
		  -XEN_EFAULT,
		  "%s: console_io(CONSOLEIO_write) from %p across into an "
		  "unmapped page",
		  name, alias + 2 * PAGE_SIZE - PROBE_LEN / 2);
}

static void check_mode(enum paging32_mode m)
{
	const char *name = paging32_mode_name(m);
	void *unmapped = (void *)UNMAPPED_VA;

	report(mode_is(m), "%s: CR0 %#lx, CR4 %#lx", name, read_cr0(),
	       read_cr4());
	report_eq(xen_version(XENVER_version, NULL), XHVM_XEN_VERSION,
		  "%s: xen_version(XENVER_version)", name);
	if (m == PAGING32_OFF)
		check_direct(name);
	else
		check_alias(name);
	report_eq(xen_console_write(unmapped, PROBE_LEN), -XEN_EFAULT,
		  "%s: console_io(CONSOLEIO_write) from unmapped %p", name,
		  unmapped);
	report_eq(xen_sched_op(SCHEDOP_shutdown, unmapped), -XEN_EFAULT,
		  "%s: sched_op(SCHEDOP_shutdown, unmapped %p)", name,
		  unmapped);
}

/* Turns paging on with RAM identity-mapped, checks, turns it off. */
static void check_paged(enum paging32_mode m, uint64_t ram_size)
{
	const char *name = paging32_mode_name(m);
	int vector;

	if (!paging32_cpu_has(m)) {
		report_skip("%s: CPUID says the CPU lacks it", name);
		return;
	}
	if (m == PAGING32_PSE)
		vector = paging32_enable_pse(ram_size);
	else
		vector = paging32_enable_pae(ram_size);
	if (vector != TRAP_NO_FAULT) {
		/* PVM does: a 32-bit guest setting CR0.PG gets #GP. */
		report_skip("%s: this KVM refuses it: setting CR0.PG raised "
			    "vector %d",
			    name, vector);
		return;
	}
	check_mode(m);
	paging32_disable();
}

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	const struct xhvm_boot_info *boot;

	(void)vcpu;
	(void)nvcpus;

	/* With the IDT: a fault from a wrong mapping says where it was. */
	boot = test_init_boot();
	if (!boot || !test_no_ram_at(boot, ALIAS_VA, "the alias at"))
		return report_summary();

	check_mode(PAGING32_OFF);
	check_paged(PAGING32_PSE, boot->ram_size);
	check_paged(PAGING32_PAE, boot->ram_size);

	report(mode_is(PAGING32_OFF), "paging off again: CR0 %#lx, CR4 %#lx",
	       read_cr0(), read_cr4());
	return report_summary();
}
