/*
 * Xen's view of time for the guest: the wallclock and each vCPU's
 * vcpu_time_info (pvclock), in the shared_info page or wherever a vCPU
 * registered its vcpu_info. system_time counts nanoseconds since the VM
 * was created; tsc_timestamp is the guest TSC read at the same moment.
 */
#include <stddef.h>
#include <string.h>
#include <time.h>

#include "xhvm.h"

#define MSR_IA32_TSC 0x10
#define NSEC_PER_SEC 1000000000ull

uint64_t xen_time_now_ns(const struct xhvm_vm *vm)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec -
	       vm->start_ns;
}

/*
 * mul and shift with ns = (ticks << shift) * mul >> 32 (or >> -shift)
 * for a TSC of `khz`: mul/2^32 scaled into [0.5, 1).
 */
void xen_tsc_scale(uint32_t khz, uint32_t *mul, int8_t *shift)
{
	uint64_t num = 1000000, den = khz; /* ns per tick = 10^6 / kHz */
	int s = 0;

	if (!khz) {
		*mul = 0;
		*shift = 0;
		return;
	}
	while (num >= den) {
		den <<= 1;
		s++;
	}
	while (num * 2 < den) {
		num <<= 1;
		s--;
	}
	*mul = (uint32_t)((num << 32) / den);
	*shift = (int8_t)s;
}

/* The guest TSC now, through this vCPU; 0 when KVM cannot say. */
static uint64_t guest_tsc(struct xhvm_vcpu *v)
{
	/* struct kvm_msrs with room for its one entry. */
	union {
		struct kvm_msrs msrs;
		uint8_t room[sizeof(struct kvm_msrs) +
			     sizeof(struct kvm_msr_entry)];
	} m = {.msrs.nmsrs = 1};

	m.msrs.entries[0].index = MSR_IA32_TSC;
	if (__kvm_ioctl(v->fd, KVM_GET_MSRS, &m) != 1)
		return 0;
	return m.msrs.entries[0].data;
}

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

static void write_wallclock(struct xhvm_vm *vm, uint64_t system_ns)
{
	uint64_t off = vm->shinfo_long ? XEN_SHINFO64_WALLCLOCK
				       : XEN_SHINFO32_WALLCLOCK;
	struct xen_wallclock *wc =
		gpa_ptr(&vm->mem, vm->shinfo_gpa + off, sizeof(*wc));
	struct timespec now;
	uint64_t boot_ns;

	if (!wc)
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	boot_ns = (uint64_t)now.tv_sec * NSEC_PER_SEC + (uint64_t)now.tv_nsec -
		  system_ns;
	wc->wc_version |= 1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	wc->wc_sec = (uint32_t)(boot_ns / NSEC_PER_SEC);
	wc->wc_nsec = (uint32_t)(boot_ns % NSEC_PER_SEC);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	wc->wc_version++;
}

void xen_time_refresh(struct xhvm_vcpu *v)
{
	struct xhvm_vm *vm = v->vm;
	struct vcpu_time_info t = {0};
	unsigned i;

	if (!vm->tsc_khz) {
		int khz = __kvm_ioctl(v->fd, KVM_GET_TSC_KHZ, NULL);

		vm->tsc_khz = khz > 0 ? (uint32_t)khz : 0;
	}
	xen_tsc_scale(vm->tsc_khz, &t.tsc_to_system_mul, &t.tsc_shift);
	/* One (TSC, ns) pair for every vCPU: KVM keeps their TSCs in step. */
	t.tsc_timestamp = guest_tsc(v);
	t.system_time = xen_time_now_ns(vm);

	pthread_mutex_lock(&vm->lock);
	if (vm->shinfo_gpa)
		write_wallclock(vm, t.system_time);
	for (i = 0; i < vm->nvcpus; i++) {
		uint8_t *info = vcpu_info_ptr(&vm->vcpus[i]);

		if (info)
			write_time(info + XEN_VCPU_INFO_TIME, &t);
	}
	pthread_mutex_unlock(&vm->lock);
}
