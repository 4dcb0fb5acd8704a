/*
 * What xhvm bench measures (cmd_bench_measure.c), for the command that
 * prints it (cmd_bench.c).
 */
#ifndef XHVM_CMD_BENCH_H
#define XHVM_CMD_BENCH_H

#include "cmd.h"
#include "machine.h"

#define REPEATS 3 /* in-process measurements: the median of these */

/* The median ns of one loop iteration (mode, nvcpus), and of VM start. */
int loop_ns(unsigned mode, unsigned nvcpus, unsigned iters, uint64_t *per_iter,
	    uint64_t *first_exit);

struct drift {
	double clock_ns, clock_max_ns; /* xhvm's clock - host, after 1 s */
	double kvm_ns;		       /* KVM's TSC rate alone, likewise */
	double tsc_ratio;	       /* the TSC's rate / KVM's figure */
};
/* The Xen clock against the host's over a second. */
int clock_drift(struct drift *d);

struct startup {
	uint64_t run16m, run16g, baseline; /* medians, ns */
	long child_rss_kib;
};
/* xhvm run (16M, 16G) and the bare program, runs times each. */
int startups(unsigned runs, struct startup *s);

#endif /* XHVM_CMD_BENCH_H */
