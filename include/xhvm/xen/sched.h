/*
 * sched_op(cmd, arg), from Xen's public/sched.h.
 */
#ifndef XHVM_XEN_SCHED_H
#define XHVM_XEN_SCHED_H

#define SCHEDOP_yield		0
#define SCHEDOP_block		1
#define SCHEDOP_shutdown	2
#define SCHEDOP_poll		3
#define SCHEDOP_remote_shutdown 4
#define SCHEDOP_shutdown_code	5
#define SCHEDOP_watchdog	6
#define SCHEDOP_pin_override	7

/* sched_shutdown.reason */
#define SHUTDOWN_poweroff   0
#define SHUTDOWN_reboot	    1
#define SHUTDOWN_suspend    2
#define SHUTDOWN_crash	    3
#define SHUTDOWN_watchdog   4
#define SHUTDOWN_soft_reset 5
#define SHUTDOWN_MAX	    5

/* Xen's limit on sched_poll.nr_ports (xen/common/sched/core.c). */
#define SCHEDOP_POLL_MAX_PORTS 128

#ifndef __ASSEMBLER__

#include <stdint.h>

struct sched_shutdown {
	uint32_t reason;
};
_Static_assert(sizeof(struct sched_shutdown) == 4, "sched_shutdown");

/* SCHEDOP_poll: the ports pointer is the caller's word size. */
struct sched_poll_64 {
	uint64_t ports;
	uint32_t nr_ports;
	uint32_t pad;
	uint64_t timeout;
};
_Static_assert(sizeof(struct sched_poll_64) == 24, "sched_poll_64");

struct sched_poll_32 {
	uint32_t ports;
	uint32_t nr_ports;
	uint64_t timeout;
} __attribute__((packed, aligned(4)));
_Static_assert(sizeof(struct sched_poll_32) == 16, "sched_poll_32");

struct sched_remote_shutdown {
	uint16_t domain_id;
	uint16_t pad;
	uint32_t reason;
};
_Static_assert(sizeof(struct sched_remote_shutdown) == 8,
	       "sched_remote_shutdown");

/* SCHEDOP_watchdog: id 0 makes a new one; timeout 0 destroys id. */
struct sched_watchdog {
	uint32_t id;
	uint32_t timeout; /* seconds */
};
_Static_assert(sizeof(struct sched_watchdog) == 8, "sched_watchdog");

struct sched_pin_override {
	int32_t pcpu;
};
_Static_assert(sizeof(struct sched_pin_override) == 4, "sched_pin_override");

#endif /* !__ASSEMBLER__ */

#endif /* XHVM_XEN_SCHED_H */
