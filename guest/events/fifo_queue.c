/* The guest's FIFO event channel client: see fifo_queue.h. */
#include "fifo_queue.h"
#include "processor.h"

uint8_t shinfo[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
event_word_t fifo_array[FIFO_WORDS] __attribute__((aligned(PAGE_SIZE)));
uint8_t fifo_control[FIFO_VCPUS][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
struct vcpu_events ev[FIFO_VCPUS];

event_word_t fifo_word(uint32_t port)
{
	return __atomic_load_n(&fifo_array[port], __ATOMIC_SEQ_CST);
}

struct evtchn_fifo_control_block *fifo_cb(unsigned v)
{
	return (struct evtchn_fifo_control_block *)fifo_control[v];
}

uint64_t system_time(void)
{
	return xen_clock_read((const void *)(shinfo + XEN_VCPU_INFO_TIME));
}

long evtchn_op(unsigned cmd, void *arg)
{
	return xen_hypercall2(__HYPERVISOR_event_channel_op, cmd,
			      (unsigned long)arg);
}

long port_op(unsigned cmd, uint32_t port)
{
	struct evtchn_port_arg a = {port};

	return evtchn_op(cmd, &a);
}

long fifo_init_control(uint32_t v, uint64_t gfn, uint8_t *link_bits)
{
	struct evtchn_init_control a = {gfn, 0, v, 0, {0}};
	long r = evtchn_op(EVTCHNOP_init_control, &a);

	*link_bits = a.link_bits;
	return r;
}

long fifo_add_page(unsigned i)
{
	event_word_t *page = fifo_array + i * EVTCHN_FIFO_EVENT_WORDS_PER_PAGE;
	struct evtchn_expand_array a = {(uintptr_t)page / PAGE_SIZE};
	unsigned w;

	for (w = 0; w < EVTCHN_FIFO_EVENT_WORDS_PER_PAGE; w++)
		page[w] = W(MASKED);
	return evtchn_op(EVTCHNOP_expand_array, &a);
}

void fifo_unmask(uint32_t port)
{
	event_word_t old = fifo_word(port) & ~W(BUSY);

	/* Xen holds BUSY on a tail it links behind: then ask Xen. */
	if (old & W(PENDING) ||
	    !__atomic_compare_exchange_n(&fifo_array[port], &old,
					 old & ~W(MASKED), false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		port_op(EVTCHNOP_unmask, port);
}

uint32_t fifo_bind_ipi(uint32_t v)
{
	struct evtchn_bind_ipi b = {v, 0};

	if (evtchn_op(EVTCHNOP_bind_ipi, &b) || b.port >= FIFO_WORDS)
		return 0;
	fifo_unmask(b.port);
	return b.port;
}

long fifo_set_priority(uint32_t port, uint32_t prio)
{
	struct evtchn_set_priority a = {port, prio};

	return evtchn_op(EVTCHNOP_set_priority, &a);
}

/* ---- Taking events ------------------------------------------------------ */

/* Off the queue: LINKED and LINK in one exchange; LINK was the next. */
static uint32_t clear_linked(event_word_t *w)
{
	event_word_t old = __atomic_load_n(w, __ATOMIC_SEQ_CST), want;

	do
		want = old & ~(W(LINKED) | EVTCHN_FIFO_LINK_MASK);
	while (!__atomic_compare_exchange_n(
		w, &old, want, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
	return old & EVTCHN_FIFO_LINK_MASK;
}

static void consume_one(unsigned v, unsigned prio, uint32_t *ready)
{
	struct vcpu_events *e = &ev[v];
	uint32_t port = e->head[prio], next;

	/* At the end of this queue last time: Xen wrote a new HEAD. */
	if (!port)
		port = __atomic_load_n(&fifo_cb(v)->head[prio],
				       __ATOMIC_ACQUIRE);
	if (!port || port >= FIFO_WORDS) {
		*ready &= ~(1u << prio);
		return;
	}
	next = clear_linked(&fifo_array[port]);
	if (!next)
		*ready &= ~(1u << prio);
	/* A port closed or masked while queued is passed over. */
	if ((fifo_word(port) & (W(PENDING) | W(MASKED))) == W(PENDING) &&
	    e->n < FIFO_LOG) {
		e->port[e->n] = port;
		e->prio[e->n] = prio;
		e->n++;
		__atomic_fetch_and(&fifo_array[port], ~W(PENDING),
				   __ATOMIC_SEQ_CST);
	}
	e->head[prio] = next;
}

void fifo_upcall(void)
{
	unsigned v = cpuid(1).ebx >> 24 ? 1 : 0; /* by APIC ID */
	struct evtchn_fifo_control_block *cb = fifo_cb(v);
	uint32_t ready;

	/* As Linux: acknowledge first, so a new event raises it again. */
	shinfo[v * XEN_VCPU_INFO_SIZE + XEN_VCPU_INFO_UPCALL_PENDING] = 0;
	ev[v].upcalls++;
	ready = __atomic_exchange_n(&cb->ready, 0, __ATOMIC_SEQ_CST);
	while (ready) {
		consume_one(v, (unsigned)__builtin_ctz(ready), &ready);
		ready |= __atomic_exchange_n(&cb->ready, 0, __ATOMIC_SEQ_CST);
	}
}

void accept_upcalls(void)
{
	unsigned before = ev[0].upcalls;
	uint64_t end = system_time() + 100 * MS;

	/* KVM may open the interrupt window some instructions after STI. */
	asm volatile("sti" ::: "memory");
	while (ev[0].upcalls == before && system_time() < end)
		cpu_relax();
	asm volatile("cli" ::: "memory");
}

bool took(unsigned n, const uint32_t *ports, const uint32_t *prios)
{
	unsigned i, got = ev[0].n;

	ev[0].n = 0;
	if (got != n)
		return false;
	for (i = 0; i < n; i++)
		if (ev[0].port[i] != ports[i] || ev[0].prio[i] != prios[i])
			return false;
	return true;
}
