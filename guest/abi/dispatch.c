/*
 * The hypercall dispatcher's error rules: unknown hypercalls and sub-ops,
 * bad guest pointers and bad arguments each get their Xen error. Built as
 * dispatch (64-bit register ABI) and dispatch32 (32-bit ABI, paging off).
 */
#include "console.h"
#include "guest.h"
#include "hypercall.h"
#include "report.h"
#include "test.h"
#include <xhvm/guest_abi.h>

/*
 * Neither mapped nor RAM, but a valid address for the mode: canonical in
 * long mode; in a 32-bit guest without paging, a physical address past
 * any RAM size this guest runs with.
 */
#ifdef __x86_64__
#define BAD_POINTER 0x7fff00000000ul
#else
#define BAD_POINTER 0xd0000000ul
#endif

#define UNKNOWN_CONSOLEIO_CMD 7
#define UNKNOWN_XENVER_CMD    99
#define UNKNOWN_SCHEDOP_CMD   77
#define BAD_SHUTDOWN_REASON   99

/* Hypercall numbers with no handler. */
static const unsigned int unknown_hypercalls[] = {40, 127};

#ifndef __x86_64__
/* Values no check expects back, for registers the monitor must not read. */
#define JUNK_ARG(i) (0xa5a50000ul + (i))

/*
 * Only the 32-bit ABI registers may count. With junk in EDI and ESI (the
 * 64-bit ABI's first arguments) XENVER_version must still come back; and
 * a call using all five argument registers reaches the dispatcher.
 */
static void check_abi32(void)
{
	report_eq(xen_hypercall_raw(hypercall_page, __HYPERVISOR_xen_version,
				    XENVER_version, 0, 0, JUNK_ARG(4),
				    JUNK_ARG(5)),
		  XHVM_XEN_VERSION,
		  "xen_version(XENVER_version) with junk in ESI and EDI");
	report_eq(xen_hypercall_raw(hypercall_page, unknown_hypercalls[0],
				    JUNK_ARG(1), JUNK_ARG(2), JUNK_ARG(3),
				    JUNK_ARG(4), JUNK_ARG(5)),
		  -XEN_ENOSYS, "hypercall %u with 5 arguments (no handler)",
		  unknown_hypercalls[0]);
}
#endif

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	struct sched_shutdown bad_reason = {.reason = BAD_SHUTDOWN_REASON};
	static const char text[] = "never printed";
	const struct xhvm_boot_info *boot;
	unsigned int i;

	(void)vcpu;
	(void)nvcpus;

	if (xen_init() != 0)
		return 1;

	boot = xhvm_boot_info();
	if (boot && !test_no_ram_at(boot, BAD_POINTER, "the bad pointer"))
		return report_summary();

	report_eq(xen_version(XENVER_version, NULL), XHVM_XEN_VERSION,
		  "xen_version(XENVER_version)");

	for (i = 0; i < ARRAY_SIZE(unknown_hypercalls); i++) {
		unsigned int nr = unknown_hypercalls[i];

		report_eq(xen_hypercall_raw(hypercall_page, nr, 0, 0, 0, 0, 0),
			  -XEN_ENOSYS, "hypercall %u (no handler)", nr);
	}

	report_eq(xen_console_io(UNKNOWN_CONSOLEIO_CMD, 0, NULL), -XEN_ENOSYS,
		  "console_io(cmd %d)", UNKNOWN_CONSOLEIO_CMD);
	report_eq(xen_version(UNKNOWN_XENVER_CMD, NULL), -XEN_ENOSYS,
		  "xen_version(cmd %d)", UNKNOWN_XENVER_CMD);
	report_eq(xen_sched_op(UNKNOWN_SCHEDOP_CMD, NULL), -XEN_ENOSYS,
		  "sched_op(cmd %d)", UNKNOWN_SCHEDOP_CMD);

	report_eq(xen_console_io(CONSOLEIO_write, 0, text), 0,
		  "console_io(CONSOLEIO_write) of 0 bytes");
	report_eq(xen_console_io(CONSOLEIO_write, sizeof(text) - 1,
				 (const void *)BAD_POINTER),
		  -XEN_EFAULT, "console_io(CONSOLEIO_write) from %#lx",
		  BAD_POINTER);
	report_eq(xen_sched_op(SCHEDOP_shutdown, (void *)BAD_POINTER),
		  -XEN_EFAULT, "sched_op(SCHEDOP_shutdown, %#lx)", BAD_POINTER);
	report_eq(xen_sched_op(SCHEDOP_shutdown, &bad_reason), -XEN_EINVAL,
		  "sched_op(SCHEDOP_shutdown) with reason %u",
		  BAD_SHUTDOWN_REASON);

#ifndef __x86_64__
	check_abi32();
#endif

	return report_summary();
}
