/*
 * Xen system time from a vcpu_time_info (pvclock) and the TSC.
 */
#include "hypercall.h"
#include "processor.h"

/* (delta << shift or >> -shift) * mul >> 32, with 32-bit arithmetic only. */
static uint64_t pvclock_scale(uint64_t delta, uint32_t mul, int8_t shift)
{
	uint64_t lo, hi;

	if (shift >= 0)
		delta <<= shift;
	else
		delta >>= -shift;
	lo = (uint64_t)(uint32_t)delta * mul;
	hi = (uint64_t)(uint32_t)(delta >> 32) * mul;
	return hi + (lo >> 32);
}

uint64_t xen_clock_read(const volatile struct vcpu_time_info *t)
{
	uint32_t version;
	uint64_t tsc, ns;

	do {
		version = t->version;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		tsc = rdtsc();
		ns = t->system_time +
		     pvclock_scale(tsc > t->tsc_timestamp
					   ? tsc - t->tsc_timestamp
					   : 0,
				   t->tsc_to_system_mul, t->tsc_shift);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	} while ((version & 1) || version != t->version);
	return ns;
}
