/*
 * event_channel_op(cmd, arg), from Xen's public/event_channel.h.
 */
#ifndef XHVM_XEN_EVENT_CHANNEL_H
#define XHVM_XEN_EVENT_CHANNEL_H

#define EVTCHNOP_bind_virq     1
#define EVTCHNOP_close	       3
#define EVTCHNOP_send	       4
#define EVTCHNOP_status	       5
#define EVTCHNOP_alloc_unbound 6
#define EVTCHNOP_bind_ipi      7
#define EVTCHNOP_unmask	       9
#define EVTCHNOP_init_control  11

/* evtchn_status.status */
#define EVTCHNSTAT_closed      0
#define EVTCHNSTAT_unbound     1
#define EVTCHNSTAT_interdomain 2
#define EVTCHNSTAT_pirq	       3
#define EVTCHNSTAT_virq	       4
#define EVTCHNSTAT_ipi	       5

#ifndef __ASSEMBLER__

#include <stdint.h>

struct evtchn_alloc_unbound {
	uint16_t dom, remote_dom;
	uint32_t port; /* out */
};
_Static_assert(sizeof(struct evtchn_alloc_unbound) == 8, "alloc_unbound");

struct evtchn_bind_virq {
	uint32_t virq, vcpu;
	uint32_t port; /* out */
};
_Static_assert(sizeof(struct evtchn_bind_virq) == 12, "bind_virq");

struct evtchn_bind_ipi {
	uint32_t vcpu;
	uint32_t port; /* out */
};
_Static_assert(sizeof(struct evtchn_bind_ipi) == 8, "bind_ipi");

/* close, send and unmask take just the port. */
struct evtchn_port_arg {
	uint32_t port;
};

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
		uint32_t virq;
		uint8_t raw[8];
	} u;
};
_Static_assert(sizeof(struct evtchn_status) == 24, "evtchn_status");

#endif /* !__ASSEMBLER__ */

#endif /* XHVM_XEN_EVENT_CHANNEL_H */
