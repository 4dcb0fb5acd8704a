/*
 * The hypercall dispatcher's error rules: unknown hypercalls and sub-ops,
 * bad guest pointers and bad arguments each get their Xen error.
 */
#include "console.h"
#include "guest.h"
#include "hypercall.h"
#include "report.h"
#include <xhvm/guest_abi.h>

/* Canonical, so the call itself is fine, but neither mapped nor RAM. */
#define BAD_POINTER 0x7fff00000000ul

#define UNKNOWN_CONSOLEIO_CMD 7
#define UNKNOWN_XENVER_CMD    99
#define UNKNOWN_SCHEDOP_CMD   77
#define BAD_SHUTDOWN_REASON   99

/* Hypercall numbers with no handler. */
static const unsigned int unknown_hypercalls[] = {40, 127};

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	struct sched_shutdown bad_reason = {.reason = BAD_SHUTDOWN_REASON};
	static const char text[] = "never printed";
	unsigned int i;

	(void)vcpu;
	(void)nvcpus;

	if (xen_init() != 0)
		return 1;

	report_eq(xen_version(XENVER_version, NULL),
		  XHVM_XEN_MAJOR << 16 | XHVM_XEN_MINOR,
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

	return report_summary();
}
