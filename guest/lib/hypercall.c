/*
 * xen_init(): the architecture's probe, run once for all vCPUs.
 */
#include "hypercall.h"
#include "processor.h"

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
		s = arch_xen_probe();
		__atomic_store_n(&init_state, s, __ATOMIC_RELEASE);
		return s;
	}
	while ((s = __atomic_load_n(&init_state, __ATOMIC_ACQUIRE)) ==
	       INIT_PROBING) {
		if (!wait)
			return -XEN_EIO;
		cpu_relax();
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

bool xen_ready(void)
{
	return __atomic_load_n(&init_state, __ATOMIC_ACQUIRE) == 0;
}
