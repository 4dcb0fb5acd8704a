/*
 * Publishing Xen system time to the guest (time.c decides the record):
 * every vCPU's vcpu_time_info, with Xen's version protocol, and the
 * wallclock in shared_info.
 */
#include <stddef.h>
#include <string.h>
#include <time.h>

#include "xen/xen.h"

/*
 * Xen's update protocol on one vcpu_time_info in guest RAM. dst is only
 * 4-byte aligned when a 32-bit guest registered its vcpu_info so: the
 * version is a 32-bit atomic, the rest is copied as bytes.
 */
static void write_time(uint8_t *dst, const struct vcpu_time_info *t)
{
	const size_t body = offsetof(struct vcpu_time_info, tsc_timestamp);
	uint32_t *version = (uint32_t *)dst;
	uint32_t next = (__atomic_load_n(version, __ATOMIC_RELAXED) | 1) + 1;

	/* Odd while writing, so a guest reading it knows to retry. */
	__atomic_store_n(version, next - 1, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	memcpy(dst + body, (const uint8_t *)t + body, sizeof(*t) - body);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(version, next, __ATOMIC_RELEASE);
}

/* The wall time at system time 0, in shared_info. */
static void write_wallclock(struct xen_domain *d, uint64_t system_ns)
{
	uint64_t shinfo = __atomic_load_n(&d->shinfo, __ATOMIC_ACQUIRE);
	bool is64 = shinfo & SHINFO_LONG;
	uint64_t off = is64 ? XEN_SHINFO64_WALLCLOCK : XEN_SHINFO32_WALLCLOCK;
	struct xen_wallclock *wc;
	struct timespec now;
	uint64_t boot_ns;

	if (!shinfo)
		return;
	wc = gpa_ptr(&d->vm->mem, (shinfo & PAGE_MASK) + off, sizeof(*wc));
	if (!wc)
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	boot_ns = (uint64_t)now.tv_sec * NSEC_PER_SEC + (uint64_t)now.tv_nsec -
		  system_ns;
	__atomic_store_n(&wc->wc_version, wc->wc_version | 1, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	wc->wc_sec = (uint32_t)(boot_ns / NSEC_PER_SEC);
	wc->wc_nsec = (uint32_t)(boot_ns % NSEC_PER_SEC);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&wc->wc_version, wc->wc_version + 1, __ATOMIC_RELEASE);
}

/*
 * Writes the record into every vCPU's time info. Under c->lock. With the
 * TSC held the guest's TSC cannot be known from here, so the record
 * leaves it out (a multiplier of 0): the guest reads system time as of
 * the last write, which comes before every entry and every
 * HELD_REFRESH_NS, so it never reads a time xhvm has not reached.
 */
void xen_clock_publish(struct xen_domain *d, const struct xen_clock *c)
{
	struct vcpu_time_info t = {
		.tsc_timestamp = c->tsc_base,
		.system_time = c->sys_base,
		.tsc_to_system_mul = c->mul,
		.tsc_shift = c->shift,
	};
	unsigned i;

	if (c->tsc_held)
		t.tsc_to_system_mul = 0, t.tsc_shift = 0, t.tsc_timestamp = 0;

	write_wallclock(d, c->sys_base);
	for (i = 0; i < d->vm->cfg.nvcpus; i++) {
		uint8_t *info = vcpu_info_ptr(&d->vcpus[i]);

		if (info)
			write_time(info + XEN_VCPU_INFO_TIME, &t);
	}
}
