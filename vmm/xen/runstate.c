/*
 * Each vCPU's runstate (Xen's public/vcpu.h): running while its guest
 * runs, blocked while it waits (HLT, SCHEDOP_block, _poll), offline while
 * taken down, with the system time spent in each state. A guest reads it
 * with VCPUOP_get_runstate_info, or registers an area
 * (VCPUOP_register_runstate_memory_area, a guest linear address) that xhvm
 * rewrites at every change, as Xen does at every context switch. Linux
 * refuses to boot without that area (steal time is computed from it).
 *
 * Runstates live under vm->lock. A vCPU's own thread changes its state;
 * the area is written through that vCPU's page tables.
 */
#include <string.h>

#include "xen/xen.h"

/* Folds the time since the last change into the state's total. */
static void account(struct xhvm_runstate *rs, uint64_t now)
{
	if (now > rs->entry)
		rs->time[rs->state] += now - rs->entry;
	rs->entry = now;
}

/* The caller's layout of a runstate, from ours. */
static size_t encode(const struct xhvm_runstate *rs, bool longmode,
		     uint64_t flags, void *buf)
{
	if (longmode) {
		struct vcpu_runstate_info_64 r = {
			.state = (int32_t)rs->state,
			.state_entry_time = rs->entry | flags,
		};

		memcpy(r.time, rs->time, sizeof(r.time));
		memcpy(buf, &r, sizeof(r));
		return sizeof(r);
	} else {
		struct vcpu_runstate_info_32 r = {
			.state = (int32_t)rs->state,
			.state_entry_time = rs->entry | flags,
		};

		memcpy(r.time, rs->time, sizeof(r.time));
		memcpy(buf, &r, sizeof(r));
		return sizeof(r);
	}
}

/*
 * Rewrites v's registered area, through `via`'s page tables. With
 * VMASST_TYPE_runstate_update_flag, XEN_RUNSTATE_UPDATE is set in
 * state_entry_time while the rest changes, so another vCPU reading it
 * knows to retry. Under vm->lock.
 */
static void write_area(struct xen_vcpu *via, struct xen_vcpu *x)
{
	union {
		struct vcpu_runstate_info_64 r64;
		struct vcpu_runstate_info_32 r32;
	} buf;
	/* state_entry_time's offset: after state, and padding in 64-bit. */
	const size_t entry_off = x->runstate_long ? 8 : 4;
	uint64_t flagged;
	size_t n;

	if (!x->runstate_gva)
		return;
	if (!x->d->runstate_update_flag) {
		n = encode(&x->runstate, x->runstate_long, 0, &buf);
		guest_write(via->v, x->runstate_gva, &buf, n);
		return;
	}
	flagged = x->runstate.entry | XEN_RUNSTATE_UPDATE;
	guest_write(via->v, x->runstate_gva + entry_off, &flagged, 8);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	n = encode(&x->runstate, x->runstate_long, XEN_RUNSTATE_UPDATE, &buf);
	guest_write(via->v, x->runstate_gva, &buf, n);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	guest_write(via->v, x->runstate_gva + entry_off, &x->runstate.entry, 8);
}

void runstate_set(struct xen_vcpu *x, unsigned state)
{
	if (x->runstate.state == state)
		return;
	account(&x->runstate, xen_clock_now(x));
	x->runstate.state = state;
	write_area(x, x);
}

int64_t runstate_register(struct xen_vcpu *x, struct xen_vcpu *target,
			  const struct xhvm_hcall *c)
{
	uint64_t gva;
	size_t size;

	if (c->longmode) {
		struct vcpu_register_runstate_memory_area_64 a;

		if (guest_read(x->v, c->arg[2], &a, sizeof(a)) < 0)
			return -XEN_EFAULT;
		gva = a.addr;
		size = sizeof(struct vcpu_runstate_info_64);
	} else {
		struct vcpu_register_runstate_memory_area_32 a;

		if (guest_read(x->v, c->arg[2], &a, sizeof(a)) < 0)
			return -XEN_EFAULT;
		gva = a.addr;
		size = sizeof(struct vcpu_runstate_info_32);
	}
	/* Xen checks the area can be written now, then writes it. */
	if (gva && !guest_range_ok(x->v, gva, size, true))
		return -XEN_EFAULT;
	pthread_mutex_lock(&x->d->vm->lock);
	target->runstate_gva = gva;
	target->runstate_long = c->longmode;
	account(&target->runstate, xen_clock_now(x));
	write_area(x, target);
	pthread_mutex_unlock(&x->d->vm->lock);
	return 0;
}

int64_t runstate_get(struct xen_vcpu *x, struct xen_vcpu *target,
		     const struct xhvm_hcall *c)
{
	union {
		struct vcpu_runstate_info_64 r64;
		struct vcpu_runstate_info_32 r32;
	} buf;
	struct xhvm_runstate now;
	size_t n;

	pthread_mutex_lock(&x->d->vm->lock);
	now = target->runstate;
	pthread_mutex_unlock(&x->d->vm->lock);
	account(&now, xen_clock_now(x)); /* up to this moment */
	n = encode(&now, c->longmode, 0, &buf);
	return guest_write(x->v, c->arg[2], &buf, n) < 0 ? -XEN_EFAULT : 0;
}
