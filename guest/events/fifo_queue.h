/*
 * A guest's FIFO event channel client, the way Linux's events_fifo.c
 * works, for the fifo test (fifo.c): the event array (two pages, every
 * word MASKED until its port is unmasked), one control block per vCPU
 * (vCPUs 0 and 1), and an upcall handler that walks each ready queue
 * from its HEAD, taking each word off (LINKED and LINK in one exchange)
 * and acknowledging it (PENDING), and logs which ports it took.
 */
#ifndef GUEST_EVENTS_FIFO_QUEUE_H
#define GUEST_EVENTS_FIFO_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "guest.h"
#include "hypercall.h"

#define FIFO_PAGES 2
#define FIFO_WORDS (FIFO_PAGES * EVTCHN_FIFO_EVENT_WORDS_PER_PAGE)
#define FIFO_VCPUS 2 /* vCPUs with control blocks */
#define FIFO_LOG   16
#define W(bit)	   (1u << EVTCHN_FIFO_##bit)
#define MS	   1000000ull
#define UPCALL_VEC 0xf3

extern uint8_t shinfo[PAGE_SIZE];
extern event_word_t fifo_array[FIFO_WORDS];
extern uint8_t fifo_control[FIFO_VCPUS][PAGE_SIZE];

/* What a vCPU's upcall handler has seen: ports taken, in order. */
struct vcpu_events {
	uint32_t head[EVTCHN_FIFO_MAX_QUEUES]; /* where each walk stopped */
	volatile unsigned upcalls, n;
	uint32_t port[FIFO_LOG], prio[FIFO_LOG];
};
extern struct vcpu_events ev[FIFO_VCPUS];

/* Port p's event word, read atomically. */
event_word_t fifo_word(uint32_t port);
/* vCPU v's control block. */
struct evtchn_fifo_control_block *fifo_cb(unsigned v);
/* vCPU 0's Xen system time. */
uint64_t system_time(void);

long evtchn_op(unsigned cmd, void *arg);
/* send, unmask, close: a command on one port. */
long port_op(unsigned cmd, uint32_t port);
/* EVTCHNOP_init_control of vCPU v's block (its page, offset 0). */
long fifo_init_control(uint32_t v, uint64_t gfn, uint8_t *link_bits);
/* Every word of page i MASKED, then EVTCHNOP_expand_array. */
long fifo_add_page(unsigned i);
/* Linux's unmask: locally while not pending, else through Xen. */
void fifo_unmask(uint32_t port);
/* A new IPI port to vCPU v, unmasked; 0 if bind_ipi failed. */
uint32_t fifo_bind_ipi(uint32_t v);
long fifo_set_priority(uint32_t port, uint32_t prio);

/* The upcall handler (both vCPUs, by APIC ID). */
void fifo_upcall(void);
/* vCPU 0: interrupts on until an upcall arrives or 100 ms pass. */
void accept_upcalls(void);
/* Whether vCPU 0 took exactly these n ports (at these priorities). */
bool took(unsigned n, const uint32_t *ports, const uint32_t *prios);

#endif
