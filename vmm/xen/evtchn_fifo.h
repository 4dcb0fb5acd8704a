/*
 * Xen's FIFO event channel ABI (part of xen/xen.h, which includes it),
 * in evtchn_fifo.c. A domain starts on the 2-level ABI; its first
 * successful EVTCHNOP_init_control switches it to FIFO for good (until
 * EVTCHNOP_reset), and from then on evtchn.c sends each port operation
 * here.
 *
 * The guest owns the memory: per-port event words in the event array
 * pages it adds (EVTCHNOP_expand_array) and a control block per vCPU
 * (init_control). xhvm keeps the rest, which the guest never sees: each
 * queue's tail, each port's priority and the queue it was last linked
 * on. Xen's event_lock and per-queue locks are all vm->lock here: every
 * function below runs under it. The guest changes its words at any time,
 * so they are changed only by atomic operations and compare-exchange.
 *
 * Ports stay within xhvm's table, EVTCHN_MAX_PORTS (4096), under FIFO
 * too: Xen's limit is EVTCHN_FIFO_NR_CHANNELS (2^17), but a domain gets
 * what its toolstack allows (1023 ports by default under xl), and the
 * table is walked whole. The event array may still grow to Xen's 128
 * pages; words past the table are never touched.
 */
#ifndef XHVM_XEN_EVTCHN_FIFO_H
#define XHVM_XEN_EVTCHN_FIFO_H

/*
 * Whether d has switched to the FIFO ABI. Any thread, any lock: the
 * state, once made, lasts as long as the domain (a reset only turns it
 * off), so a reader without the lock never finds it freed.
 */
bool evtchn_is_fifo(const struct xen_domain *d);

/*
 * EVTCHNOP_init_control: vCPU `vcpu`'s control block at `offset` in
 * guest frame `gfn`. The first success switches d to FIFO, carrying
 * bound ports over (their 2-level pending state is kept for when their
 * event array page arrives). 0 or -XEN_E*, by Xen's rules.
 */
int64_t evtchn_fifo_init_control(struct xen_domain *d, uint32_t vcpu,
				 uint64_t gfn, uint32_t offset);
/* EVTCHNOP_expand_array: one more page of event words. 0 or -XEN_E*. */
int64_t evtchn_fifo_expand_array(struct xen_domain *d, uint64_t gfn);
/* EVTCHNOP_set_priority on a bound port of a FIFO domain. */
int64_t evtchn_fifo_set_priority(struct xen_domain *d, uint32_t port,
				 uint32_t priority);

/*
 * The port operations, for evtchn.c, on ports below EVTCHN_MAX_PORTS.
 * set_pending links the port onto its vCPU's queue (returns whether
 * PENDING was newly set: pollers look again); unmask clears MASKED and
 * links the port if it is pending; clear_pending forgets a closed port's
 * event; busy: still LINKED, so not to be reused yet; port_init: a newly
 * bound port's default priority.
 */
bool evtchn_fifo_set_pending(struct xen_domain *d, unsigned port);
void evtchn_fifo_unmask(struct xen_domain *d, unsigned port);
bool evtchn_fifo_is_pending(struct xen_domain *d, unsigned port);
bool evtchn_fifo_is_busy(struct xen_domain *d, unsigned port);
void evtchn_fifo_clear_pending(struct xen_domain *d, unsigned port);
void evtchn_fifo_port_init(struct xen_domain *d, unsigned port);

/* Back to the 2-level ABI (EVTCHNOP_reset), once the ports are closed. */
void evtchn_fifo_reset(struct xen_domain *d);
/* Frees the state, with the domain. */
void evtchn_fifo_destroy(struct xen_domain *d);

#endif /* XHVM_XEN_EVTCHN_FIFO_H */
