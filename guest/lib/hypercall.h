/*
 * Finding Xen and calling it.
 *
 * xen_init() finds Xen and sets up the way to call it (on x86: the CPUID
 * leaves and the hypercall page, see arch_hypercall.h); after that the
 * wrappers below make hypercalls with the Xen register ABI. Results are
 * Xen's: >= 0 on success, -XEN_E* on error.
 *
 * Each architecture's arch_hypercall.h gives xen_hypercall5(), the one
 * primitive the wrappers use, and arch_xen_probe(); its processor.h gives
 * halt_forever().
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <stdbool.h>
#include <stdint.h>
#include <xhvm/xen.h>
#include "arch_hypercall.h"
#include "guest.h"
#include "processor.h"

/*
 * Finds Xen (arch_xen_probe). Returns 0, or -XEN_ENODEV if there is no Xen,
 * -XEN_ENOSYS if Xen offers no way to call it. Probes only once, on
 * whichever vCPU comes first: later calls return the first result.
 */
int xen_init(void);
/* xen_init, but -XEN_EIO at once while another probe is under way. */
int xen_init_nowait(void);
/* Whether xen_init() has succeeded: the console works from then on. */
bool xen_ready(void);

static inline long xen_hypercall0(unsigned int nr)
{
	return xen_hypercall5(nr, 0, 0, 0, 0, 0);
}

static inline long xen_hypercall1(unsigned int nr, unsigned long a1)
{
	return xen_hypercall5(nr, a1, 0, 0, 0, 0);
}

static inline long xen_hypercall2(unsigned int nr, unsigned long a1,
				  unsigned long a2)
{
	return xen_hypercall5(nr, a1, a2, 0, 0, 0);
}

static inline long xen_hypercall3(unsigned int nr, unsigned long a1,
				  unsigned long a2, unsigned long a3)
{
	return xen_hypercall5(nr, a1, a2, a3, 0, 0);
}

static inline long xen_hypercall4(unsigned int nr, unsigned long a1,
				  unsigned long a2, unsigned long a3,
				  unsigned long a4)
{
	return xen_hypercall5(nr, a1, a2, a3, a4, 0);
}

/* ---- Typed helpers -------------------------------------------------- */

static inline long xen_console_io(int cmd, unsigned long count, const void *buf)
{
	return xen_hypercall3(__HYPERVISOR_console_io, cmd, count,
			      (unsigned long)buf);
}

static inline long xen_console_write(const char *buf, unsigned long len)
{
	return xen_console_io(CONSOLEIO_write, len, buf);
}

static inline long xen_version(int cmd, void *arg)
{
	return xen_hypercall2(__HYPERVISOR_xen_version, cmd,
			      (unsigned long)arg);
}

static inline long xen_sched_op(int cmd, void *arg)
{
	return xen_hypercall2(__HYPERVISOR_sched_op, cmd, (unsigned long)arg);
}

/*
 * Takes this vCPU down for good (VCPUOP_down), for vCPUs whose part is
 * done; if that fails, halts with interrupts off all the same.
 */
static inline __attribute__((noreturn)) void
xen_vcpu_down_forever(unsigned int vcpu)
{
	xen_hypercall2(__HYPERVISOR_vcpu_op, VCPUOP_down, vcpu);
	halt_forever();
}

/* Returns only if Xen refused, with its error. */
static inline long xen_sched_shutdown(unsigned int reason)
{
	struct sched_shutdown s = {.reason = reason};

	return xen_sched_op(SCHEDOP_shutdown, &s);
}

#endif /* GUEST_HYPERCALL_H */
