/*
 * The guest's side of Xen's FIFO event channel ABI, for unit tests on a
 * fake VM (fake_vcpu.h): event_channel_op calls from vCPU 0, the guest's
 * view of event words and control blocks, and a queue walk that takes
 * events off the way Linux's events_fifo.c does.
 */
#ifndef XHVM_TEST_FIFO_GUEST_H
#define XHVM_TEST_FIFO_GUEST_H

#include "check.h"
#include "fake_vcpu.h"

#define RAM    (4ull << 20)
#define BUF    0x200000ull /* hypercall arguments */
#define SHINFO 0x250000ull
#define CTRL0  0x260000ull /* vCPU 0's control block, at offset 0 */
#define CTRL1  0x261000ull /* vCPU 1's page: its block ends the page */
#define CTRL1_OFFSET \
	(uint32_t)(PAGE_SIZE - sizeof(struct evtchn_fifo_control_block))
#define ARRAY 0x300000ull /* event array pages, one after another */

#define W(bit) (1u << EVTCHN_FIFO_##bit)

/* An event_channel_op whose struct is `size` bytes at BUF. */
static inline int64_t evt(struct fake *f, uint32_t cmd, const void *arg,
			  size_t size)
{
	memcpy(fake_mem(f, BUF), arg, size);
	return fake_hcall(f, __HYPERVISOR_event_channel_op, cmd, BUF);
}

/* A command on one port: send, unmask, close. */
static inline int64_t evt_port(struct fake *f, uint32_t cmd, uint32_t port)
{
	struct evtchn_port_arg a = {port};

	return evt(f, cmd, &a, sizeof(a));
}

static inline uint32_t bind_ipi(struct fake *f, uint32_t vcpu)
{
	struct evtchn_bind_ipi b = {vcpu, 0};

	if (evt(f, EVTCHNOP_bind_ipi, &b, sizeof(b)))
		return 0;
	memcpy(&b, fake_mem(f, BUF), sizeof(b));
	return b.port;
}

static inline int64_t set_priority(struct fake *f, uint32_t port, uint32_t prio)
{
	struct evtchn_set_priority a = {port, prio};

	return evt(f, EVTCHNOP_set_priority, &a, sizeof(a));
}

static inline int64_t bind_vcpu(struct fake *f, uint32_t port, uint32_t vcpu)
{
	struct evtchn_bind_vcpu a = {port, vcpu};

	return evt(f, EVTCHNOP_bind_vcpu, &a, sizeof(a));
}

static inline int64_t init_control(struct fake *f, uint32_t vcpu, uint64_t gfn,
				   uint32_t offset)
{
	struct evtchn_init_control a = {gfn, offset, vcpu, 0, {0}};

	return evt(f, EVTCHNOP_init_control, &a, sizeof(a));
}

static inline int64_t expand_array(struct fake *f, uint64_t gfn)
{
	struct evtchn_expand_array a = {gfn};

	return evt(f, EVTCHNOP_expand_array, &a, sizeof(a));
}

/* Port p's event word, with the array's pages at ARRAY in order. */
static inline event_word_t *word(struct fake *f, uint32_t p)
{
	return (event_word_t *)fake_mem(f, ARRAY + p * sizeof(event_word_t));
}

static inline event_word_t wload(struct fake *f, uint32_t p)
{
	return __atomic_load_n(word(f, p), __ATOMIC_SEQ_CST);
}

static inline struct evtchn_fifo_control_block *control(struct fake *f,
							unsigned vcpu)
{
	return (void *)fake_mem(f, vcpu ? CTRL1 + CTRL1_OFFSET : CTRL0);
}

/* vCPU v's vcpu_info.evtchn_upcall_pending, in shared_info. */
static inline uint8_t *upcall_pending(struct fake *f, unsigned v)
{
	return fake_mem(f, SHINFO + v * XEN_VCPU_INFO_SIZE +
				   XEN_VCPU_INFO_UPCALL_PENDING);
}

/*
 * Takes queue `prio` of vCPU v off from its HEAD, as Linux does: each
 * word loses LINKED and LINK in one exchange (the LINK read in the same
 * exchange is the next port), then PENDING, as the handler acknowledges
 * it. Returns how many ports, in out[] in order; clears the READY bit.
 */
static inline unsigned drain(struct fake *f, unsigned v, unsigned prio,
			     uint32_t *out, unsigned max)
{
	struct evtchn_fifo_control_block *cb = control(f, v);
	uint32_t port = cb->head[prio];
	unsigned n = 0;

	__atomic_fetch_and(&cb->ready, ~(1u << prio), __ATOMIC_SEQ_CST);
	while (port && n < max) {
		event_word_t *w = word(f, port);
		event_word_t old = __atomic_load_n(w, __ATOMIC_SEQ_CST), want;

		do
			want = old & ~(W(LINKED) | EVTCHN_FIFO_LINK_MASK);
		while (!__atomic_compare_exchange_n(w, &old, want, false,
						    __ATOMIC_SEQ_CST,
						    __ATOMIC_SEQ_CST));
		__atomic_fetch_and(w, ~W(PENDING), __ATOMIC_SEQ_CST);
		out[n++] = port;
		port = old & EVTCHN_FIFO_LINK_MASK;
	}
	return n;
}

/*
 * A fake VM of nvcpus in long mode with shared_info mapped, switched to
 * FIFO (a control block for vCPU 0, and for vCPU 1 if there is one) with
 * one event array page. Returns whether every step succeeded.
 */
static inline bool fifo_setup(struct fake *f, unsigned nvcpus)
{
	bool ok;

	fake_init_n(f, RAM, nvcpus);
	fake_mode_64(f);
	ok = fake_map_shinfo(f, SHINFO, BUF) == 0 &&
	     init_control(f, 0, CTRL0 / PAGE_SIZE, 0) == 0 &&
	     expand_array(f, ARRAY / PAGE_SIZE) == 0;
	if (nvcpus > 1)
		ok = ok &&
		     init_control(f, 1, CTRL1 / PAGE_SIZE, CTRL1_OFFSET) == 0;
	return ok;
}

#endif
