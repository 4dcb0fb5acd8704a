/*
 * Event channels (Xen's 2-level ABI) and upcalls.
 *
 * The pending and mask bitmaps live in the guest's shared_info page, the
 * selector and upcall_pending in each vCPU's vcpu_info, as on Xen: the
 * guest reads and clears them itself, so xhvm changes them with atomic
 * operations on guest memory. Xen delivers an HVM guest's upcall as an
 * interrupt for as long as upcall_pending is set (see vcpu.c); waking a
 * waiting vCPU goes through vm->wake.
 */
#include <string.h>

#include "xhvm.h"

/* vcpu_info.evtchn_pending_sel: after the two flag bytes, word-aligned. */
#define VCPU_INFO_SEL_64 8
#define VCPU_INFO_SEL_32 4

unsigned evtchn_nr_ports(const struct xhvm_vm *vm)
{
	uint64_t si = __atomic_load_n(&vm->shinfo, __ATOMIC_ACQUIRE);

	return si && !(si & SHINFO_LONG) ? EVTCHN_MAX_PORTS_32
					 : EVTCHN_MAX_PORTS;
}

/* Bit `bit` of a little-endian bitmap in guest memory, atomically. */
static bool test_and_set(uint8_t *map, unsigned bit)
{
	uint8_t m = (uint8_t)(1u << (bit % 8));

	return __atomic_fetch_or(map + bit / 8, m, __ATOMIC_SEQ_CST) & m;
}

static bool test_and_clear(uint8_t *map, unsigned bit)
{
	uint8_t m = (uint8_t)(1u << (bit % 8));

	return __atomic_fetch_and(map + bit / 8, (uint8_t)~m,
				  __ATOMIC_SEQ_CST) &
	       m;
}

static bool test_bit(const uint8_t *map, unsigned bit)
{
	return __atomic_load_n(map + bit / 8, __ATOMIC_SEQ_CST) &
	       (1u << (bit % 8));
}

/*
 * Where shared_info's pieces are for one operation: one read of
 * vm->shinfo, so the layout and the address cannot disagree.
 */
struct shinfo_view {
	uint8_t *pending, *mask; /* the 2-level bitmaps */
	unsigned word;		 /* bits per selector word: 64 or 32 */
	unsigned nports;
};

static bool shinfo_view(struct xhvm_vm *vm, struct shinfo_view *s)
{
	uint64_t si = __atomic_load_n(&vm->shinfo, __ATOMIC_ACQUIRE);
	bool is64 = si & SHINFO_LONG;
	uint8_t *page =
		si ? gpa_ptr(&vm->mem, si & PAGE_MASK, PAGE_SIZE) : NULL;

	if (!page)
		return false;
	s->pending = page + (is64 ? XEN_SHINFO64_EVTCHN_PENDING
				  : XEN_SHINFO32_EVTCHN_PENDING);
	s->mask = page +
		  (is64 ? XEN_SHINFO64_EVTCHN_MASK : XEN_SHINFO32_EVTCHN_MASK);
	s->word = is64 ? 64 : 32;
	s->nports = is64 ? EVTCHN_MAX_PORTS : EVTCHN_MAX_PORTS_32;
	return true;
}

uint8_t *vcpu_info_ptr(struct xhvm_vcpu *v)
{
	struct xhvm_vm *vm = v->vm;
	uint64_t gpa = __atomic_load_n(&v->vcpu_info_gpa, __ATOMIC_ACQUIRE);
	uint64_t si = __atomic_load_n(&vm->shinfo, __ATOMIC_ACQUIRE);

	if (!gpa && si && v->index < XEN_LEGACY_MAX_VCPUS)
		gpa = (si & PAGE_MASK) + v->index * XEN_VCPU_INFO_SIZE;
	return gpa ? gpa_ptr(&vm->mem, gpa, XEN_VCPU_INFO_SIZE) : NULL;
}

bool evtchn_upcall_pending(struct xhvm_vcpu *v)
{
	const uint8_t *vi = vcpu_info_ptr(v);

	return vi && __atomic_load_n(vi + XEN_VCPU_INFO_UPCALL_PENDING,
				     __ATOMIC_ACQUIRE);
}

uint8_t evtchn_upcall_vector(struct xhvm_vcpu *v)
{
	uint64_t cb;
	uint8_t vec = __atomic_load_n(&v->upcall_vector, __ATOMIC_ACQUIRE);

	if (vec)
		return vec;
	cb = __atomic_load_n(&v->vm->hvm_params[HVM_PARAM_CALLBACK_IRQ],
			     __ATOMIC_ACQUIRE);
	/* Vectors 0-15 are exceptions: a local APIC refuses them too. */
	if (cb >> HVM_PARAM_CALLBACK_TYPE_SHIFT ==
		    HVM_PARAM_CALLBACK_TYPE_VECTOR &&
	    (uint8_t)cb >= XEN_UPCALL_VECTOR_MIN)
		return (uint8_t)cb;
	return 0;
}

/* Raises the upcall on v: upcall_pending, then an interrupt or a wake. */
static void notify_vcpu(struct xhvm_vcpu *v)
{
	uint8_t *vi = vcpu_info_ptr(v);

	if (!vi)
		return;
	__atomic_store_n(vi + XEN_VCPU_INFO_UPCALL_PENDING, 1,
			 __ATOMIC_SEQ_CST);
	pthread_cond_broadcast(&v->vm->wake);
	/* A vCPU in KVM_RUN must come out to take the interrupt. */
	if (!pthread_equal(v->thread, pthread_self()))
		vcpu_kick(v);
}

static void deliver(struct xhvm_vm *vm, const struct shinfo_view *s,
		    unsigned port)
{
	struct xhvm_vcpu *v = &vm->vcpus[vm->evtchn[port].vcpu];
	uint8_t *vi = vcpu_info_ptr(v);

	if (!vi)
		return;
	vi += s->word == 64 ? VCPU_INFO_SEL_64 : VCPU_INFO_SEL_32;
	/* A selector bit already set may not have been seen yet: unless
	 * upcall_pending says so, raise the upcall anyway. */
	if (!test_and_set(vi, port / s->word) || !evtchn_upcall_pending(v))
		notify_vcpu(v);
}

void evtchn_set_pending(struct xhvm_vm *vm, unsigned port)
{
	struct shinfo_view s;

	/* No shared_info yet: nowhere to say it, as with Xen's lost events. */
	if (!shinfo_view(vm, &s) || port >= s.nports)
		return;
	if (test_and_set(s.pending, port))
		return;
	if (test_bit(s.mask, port))
		return;
	deliver(vm, &s, port);
	pthread_cond_broadcast(&vm->wake); /* pollers */
}

void evtchn_unmask(struct xhvm_vm *vm, unsigned port)
{
	struct shinfo_view s;

	if (!shinfo_view(vm, &s) || port >= s.nports)
		return;
	if (test_and_clear(s.mask, port) && test_bit(s.pending, port))
		deliver(vm, &s, port);
}

bool evtchn_is_pending(struct xhvm_vm *vm, unsigned port)
{
	struct shinfo_view s;

	return shinfo_view(vm, &s) && port < s.nports &&
	       test_bit(s.pending, port);
}
