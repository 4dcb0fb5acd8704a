/*
 * event_channel_op(cmd, arg), from Xen's public/event_channel.h: the
 * commands, the 2-level and the FIFO event channel ABIs.
 */
#ifndef XHVM_XEN_EVENT_CHANNEL_H
#define XHVM_XEN_EVENT_CHANNEL_H

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq	  1
#define EVTCHNOP_bind_pirq	  2
#define EVTCHNOP_close		  3
#define EVTCHNOP_send		  4
#define EVTCHNOP_status		  5
#define EVTCHNOP_alloc_unbound	  6
#define EVTCHNOP_bind_ipi	  7
#define EVTCHNOP_bind_vcpu	  8
#define EVTCHNOP_unmask		  9
#define EVTCHNOP_reset		  10
#define EVTCHNOP_init_control	  11 /* switch to the FIFO ABI */
#define EVTCHNOP_expand_array	  12
#define EVTCHNOP_set_priority	  13
/*
 * Xen's header shows this one only to Xen itself: a preempted
 * EVTCHNOP_reset continues under it, with the same argument.
 */
#define EVTCHNOP_reset_cont 14

/* evtchn_status.status */
#define EVTCHNSTAT_closed      0
#define EVTCHNSTAT_unbound     1
#define EVTCHNSTAT_interdomain 2
#define EVTCHNSTAT_pirq	       3
#define EVTCHNSTAT_virq	       4
#define EVTCHNSTAT_ipi	       5

/* evtchn_bind_pirq.flags */
#define BIND_PIRQ__WILL_SHARE 1

/*
 * The 2-level ABI: one pending and one mask bit per port in shared_info,
 * so as many ports as bits in xen_ulong_t squared. Xen's single
 * EVTCHN_2L_NR_CHANNELS depends on the word size; these are both values.
 */
#define EVTCHN_2L_NR_CHANNELS_64 4096
#define EVTCHN_2L_NR_CHANNELS_32 1024

/* The FIFO ABI: 16 queues per vCPU, 0 the most urgent. */
#define EVTCHN_FIFO_PRIORITY_MAX     0
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN     15
#define EVTCHN_FIFO_MAX_QUEUES	     (EVTCHN_FIFO_PRIORITY_MIN + 1)

/* A port's event word: flag bits, and the next port of its queue. */
#define EVTCHN_FIFO_PENDING   31
#define EVTCHN_FIFO_MASKED    30
#define EVTCHN_FIFO_LINKED    29
#define EVTCHN_FIFO_BUSY      28
#define EVTCHN_FIFO_LINK_BITS 17
#define EVTCHN_FIFO_LINK_MASK ((1 << EVTCHN_FIFO_LINK_BITS) - 1)

#define EVTCHN_FIFO_NR_CHANNELS (1 << EVTCHN_FIFO_LINK_BITS)

/*
 * The event array: the pages EVTCHNOP_expand_array adds, in order, each
 * a plain array of event words, so port p's word is word p % 1024 of page
 * p / 1024. Xen-internal names (xen/common/event_fifo.c), for 4 KiB pages.
 */
#define EVTCHN_FIFO_EVENT_WORDS_PER_PAGE  1024
#define EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES 128

#ifndef __ASSEMBLER__

#include <stdint.h>

typedef uint32_t event_word_t;

struct evtchn_alloc_unbound {
	uint16_t dom, remote_dom;
	uint32_t port; /* out */
};
_Static_assert(sizeof(struct evtchn_alloc_unbound) == 8, "alloc_unbound");

struct evtchn_bind_interdomain {
	uint16_t remote_dom;
	uint16_t pad;
	uint32_t remote_port;
	uint32_t local_port; /* out */
};
_Static_assert(sizeof(struct evtchn_bind_interdomain) == 12,
	       "bind_interdomain");

struct evtchn_bind_virq {
	uint32_t virq, vcpu;
	uint32_t port; /* out */
};
_Static_assert(sizeof(struct evtchn_bind_virq) == 12, "bind_virq");

struct evtchn_bind_pirq {
	uint32_t pirq;
	uint32_t flags; /* BIND_PIRQ__* */
	uint32_t port;	/* out */
};
_Static_assert(sizeof(struct evtchn_bind_pirq) == 12, "bind_pirq");

struct evtchn_bind_ipi {
	uint32_t vcpu;
	uint32_t port; /* out */
};
_Static_assert(sizeof(struct evtchn_bind_ipi) == 8, "bind_ipi");

/* close, send and unmask take just the port (Xen has a struct each). */
struct evtchn_port_arg {
	uint32_t port;
};
_Static_assert(sizeof(struct evtchn_port_arg) == 4, "port_arg");

struct evtchn_status {
	uint16_t dom;
	uint16_t pad;
	uint32_t port;
	uint32_t status; /* out: EVTCHNSTAT_* */
	uint32_t vcpu;	 /* out */
	union {
		struct {
			uint16_t dom;
		} unbound;
		struct {
			uint16_t dom;
			uint16_t pad;
			uint32_t port;
		} interdomain;
		uint32_t pirq;
		uint32_t virq;
		uint8_t raw[8];
	} u;
};
_Static_assert(sizeof(struct evtchn_status) == 24, "evtchn_status");

/* Moves delivery of port to vcpu (2-level and FIFO alike). */
struct evtchn_bind_vcpu {
	uint32_t port;
	uint32_t vcpu;
};
_Static_assert(sizeof(struct evtchn_bind_vcpu) == 8, "bind_vcpu");

/* Closes every port of dom; back to the 2-level ABI. */
struct evtchn_reset {
	uint16_t dom;
};
_Static_assert(sizeof(struct evtchn_reset) == 2, "evtchn_reset");

/*
 * EVTCHNOP_init_control, once per vCPU: its control block lives at
 * offset in frame control_gfn. Xen answers with the link width.
 */
struct evtchn_init_control {
	uint64_t control_gfn;
	uint32_t offset;
	uint32_t vcpu;
	uint8_t link_bits; /* out: EVTCHN_FIFO_LINK_BITS */
	uint8_t _pad[7];
};
_Static_assert(sizeof(struct evtchn_init_control) == 24, "init_control");

/* Adds one page to the event array. */
struct evtchn_expand_array {
	uint64_t array_gfn;
};
_Static_assert(sizeof(struct evtchn_expand_array) == 8, "expand_array");

struct evtchn_set_priority {
	uint32_t port;
	uint32_t priority; /* EVTCHN_FIFO_PRIORITY_* range */
};
_Static_assert(sizeof(struct evtchn_set_priority) == 8, "set_priority");

/*
 * A vCPU's control block: a bit per queue with events ready, and the
 * first port of each queue (0: empty).
 */
struct evtchn_fifo_control_block {
	uint32_t ready;
	uint32_t _rsvd;
	uint32_t head[EVTCHN_FIFO_MAX_QUEUES];
};
_Static_assert(sizeof(struct evtchn_fifo_control_block) == 72,
	       "evtchn_fifo_control_block");

#endif /* !__ASSEMBLER__ */

#endif /* XHVM_XEN_EVENT_CHANNEL_H */
