/*
 * `xhvm bench`: what a hypercall and a start-up cost, measured side by
 * side in one run, so ratios hold on a noisy shared machine:
 *
 *   - a bare port-I/O exit round trip (a loop of OUTs to a port xhvm
 *     ignores), the same OUT made from a stub in a page of its own and
 *     called as a hypercall is, and a hypercall round trip through the
 *     page: the last two touch the same guest pages, so their ratio is
 *     what xhvm's handling of a hypercall adds to an exit;
 *   - VM creation to the guest's first exit;
 *   - hypercalls per second on 2 vCPUs against 1;
 *   - `xhvm run` of a guest that powers off at once, against a minimal
 *     KVM program doing the same (`xhvm bench-baseline`), and with
 *     --mem 16G against --mem 16M, as separate processes;
 *   - the drift of the guest's Xen clock from the host's over a second,
 *     against what KVM's TSC rate alone would give;
 *   - peak RSS.
 *
 * The loops run in this process on the built-in bench guest (guest/
 * bench.c); the start-ups spawn this same binary.
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cmd_bench.h"

#define MAX_RUNS  1000
#define MAX_ITERS (1u << 24) /* the guest's count has 24 bits */

struct bench_opts {
	unsigned iters;
	unsigned runs;
	bool json;
};

/* Everything measured, side by side. */
struct results {
	uint64_t port, stub, hcall, hcall2, first; /* ns */
	double rate1, rate2;			   /* hypercalls/s */
	struct startup s;
	struct drift d;
	long rss_kib; /* this bench's */
};

static int parse_opts(int argc, char **argv, struct bench_opts *o)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"iterations", required_argument, NULL, 'i'},
		{"runs", required_argument, NULL, 'r'},
		{0},
	};
	uint64_t v;
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o->json = true;
			break;
		case 'i':
			if (parse_u64(optarg, &v) < 0 || v < 1 || v > MAX_ITERS)
				goto bad;
			o->iters = (unsigned)v;
			break;
		case 'r':
			if (parse_u64(optarg, &v) < 0 || v < 1 || v > MAX_RUNS)
				goto bad;
			o->runs = (unsigned)v;
			break;
		default:
			goto bad;
		}
	}
	if (optind == argc)
		return 0;
bad:
	xhvm_err("usage: xhvm bench [--json] [--iterations 1-%u] "
		 "[--runs 1-%d]",
		 MAX_ITERS, MAX_RUNS);
	return XHVM_EXIT_BAD_INPUT;
}

static int measure(const struct bench_opts *o, struct results *m)
{
	uint64_t dummy;
	struct rusage ru;
	int r;

	r = loop_ns(XHVM_BENCH_PORT_LOOP, 1, o->iters, &m->port, &m->first);
	if (!r)
		r = loop_ns(XHVM_BENCH_PORT_STUB, 1, o->iters, &m->stub,
			    &dummy);
	if (!r)
		r = loop_ns(XHVM_BENCH_HCALL, 1, o->iters, &m->hcall, &dummy);
	if (!r)
		r = loop_ns(XHVM_BENCH_HCALL, 2, o->iters, &m->hcall2, &dummy);
	if (!r)
		r = startups(o->runs, &m->s);
	if (!r)
		r = clock_drift(&m->d);
	if (r)
		return r;
	getrusage(RUSAGE_SELF, &ru);
	m->rss_kib = ru.ru_maxrss;
	m->rate1 = 1e9 / (double)m->hcall;
	m->rate2 = 2 * 1e9 / (double)m->hcall2; /* both vCPUs did iters */
	return 0;
}

static void print_json(const struct bench_opts *o, const struct results *m)
{
	printf("{\n  \"iterations\": %u,\n  \"runs\": %u,\n", o->iters,
	       o->runs);
	printf("  \"port_io_ns\": %llu,\n  \"hypercall_ns\": %llu,\n",
	       (unsigned long long)m->port, (unsigned long long)m->hcall);
	printf("  \"port_io_via_stub_ns\": %llu,\n",
	       (unsigned long long)m->stub);
	printf("  \"hypercall_over_port_io\": %.3f,\n",
	       (double)m->hcall / (double)m->port);
	printf("  \"hypercall_over_port_io_via_stub\": %.3f,\n",
	       (double)m->hcall / (double)m->stub);
	printf("  \"create_to_first_exit_us\": %.1f,\n", m->first / 1e3);
	printf("  \"hypercalls_per_s_1vcpu\": %.0f,\n", m->rate1);
	printf("  \"hypercalls_per_s_2vcpus\": %.0f,\n", m->rate2);
	printf("  \"smp_scaling\": %.3f,\n", m->rate2 / m->rate1);
	printf("  \"run_16m_ms\": %.3f,\n  \"baseline_ms\": %.3f,\n",
	       m->s.run16m / 1e6, m->s.baseline / 1e6);
	printf("  \"run_over_baseline\": %.3f,\n",
	       (double)m->s.run16m / (double)m->s.baseline);
	printf("  \"run_16g_ms\": %.3f,\n  \"run_16g_over_16m\": %.3f,\n",
	       m->s.run16g / 1e6, (double)m->s.run16g / (double)m->s.run16m);
	printf("  \"clock_drift_ns\": %.0f,\n  \"clock_drift_max_ns\": "
	       "%.0f,\n  \"kvm_rate_drift_ns\": %.0f,\n  "
	       "\"tsc_over_kvm_rate\": %.6f,\n",
	       m->d.clock_ns, m->d.clock_max_ns, m->d.kvm_ns, m->d.tsc_ratio);
	printf("  \"run_peak_rss_kib\": %ld,\n  \"bench_peak_rss_kib\": "
	       "%ld\n}\n",
	       m->s.child_rss_kib, m->rss_kib);
}

static void print_text(const struct bench_opts *o, const struct results *m)
{
	printf("xhvm bench: %u iterations (median of %d), %u start-up runs\n",
	       o->iters, REPEATS, o->runs);
	printf("  port-I/O exit round trip      %8llu ns\n",
	       (unsigned long long)m->port);
	printf("  port I/O, called like a hcall %8llu ns   %.2f x bare\n",
	       (unsigned long long)m->stub, (double)m->stub / (double)m->port);
	printf("  hypercall round trip (page)   %8llu ns   %.2f x bare, %.2f x "
	       "called like it (target <= 1.10)\n",
	       (unsigned long long)m->hcall, (double)m->hcall / (double)m->port,
	       (double)m->hcall / (double)m->stub);
	printf("  VM creation to first exit     %8.1f us\n", m->first / 1e3);
	printf("  hypercalls/s, 1 vCPU          %8.0f\n", m->rate1);
	printf("  hypercalls/s, 2 vCPUs         %8.0f      %.2f x one "
	       "(target >= 1.8)\n",
	       m->rate2, m->rate2 / m->rate1);
	printf("  xhvm run, median wall         %8.2f ms   %.2f x a bare KVM "
	       "program, %.2f ms (target <= 1.5)\n",
	       m->s.run16m / 1e6, (double)m->s.run16m / (double)m->s.baseline,
	       m->s.baseline / 1e6);
	printf("  xhvm run --mem 16G            %8.2f ms   %.2f x --mem 16M "
	       "(target: as fast)\n",
	       m->s.run16g / 1e6, (double)m->s.run16g / (double)m->s.run16m);
	printf("  Xen clock - host, over 1 s    %+8.1f us   at most %.1f us "
	       "off; KVM's TSC rate alone: %+.1f us (the TSC runs %.6f x "
	       "KVM's figure)\n",
	       m->d.clock_ns / 1e3, m->d.clock_max_ns / 1e3, m->d.kvm_ns / 1e3,
	       m->d.tsc_ratio);
	printf("  peak RSS, xhvm run            %8.2f MiB\n",
	       m->s.child_rss_kib / 1024.0);
	printf("  peak RSS, this bench          %8.2f MiB\n",
	       m->rss_kib / 1024.0);
}

int cmd_bench(int argc, char **argv)
{
	struct bench_opts o = {.iters = 100000, .runs = 20};
	struct results m = {0};
	int r;

	r = parse_opts(argc, argv, &o);
	if (!r)
		r = measure(&o, &m);
	if (r)
		return r;
	if (o.json)
		print_json(&o, &m);
	else
		print_text(&o, &m);
	return 0;
}

/*
 * The yardstick for start-up: the least a KVM user can do. Open
 * /dev/kvm, make a VM with 2 MiB of RAM and one vCPU in real mode at a
 * HLT, run it to its first exit, and leave.
 */
int cmd_bench_baseline(void)
{
	struct kvm_userspace_memory_region region = {0};
	struct kvm_sregs sregs;
	struct kvm_regs regs = {.rip = 0, .rflags = 2};
	struct kvm_run *run;
	int kvm, vm, vcpu, size;
	uint8_t *mem;

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		return XHVM_EXIT_NO_CAP;
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	mem = mmap(NULL, 2 << 20, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vm < 0 || mem == MAP_FAILED)
		return XHVM_EXIT_HOST;
	mem[0] = 0xf4; /* hlt */
	region.memory_size = 2 << 20;
	region.userspace_addr = (uintptr_t)mem;
	vcpu = ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0
		       ? -1
		       : ioctl(vm, KVM_CREATE_VCPU, 0);
	size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (vcpu < 0 || size <= 0)
		return XHVM_EXIT_HOST;
	run = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu,
		   0);
	if (run == MAP_FAILED || ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0)
		return XHVM_EXIT_HOST;
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0 ||
	    ioctl(vcpu, KVM_SET_REGS, &regs) < 0 || ioctl(vcpu, KVM_RUN, 0) < 0)
		return XHVM_EXIT_HOST;
	return run->exit_reason == KVM_EXIT_HLT ? 0 : XHVM_EXIT_GUEST_FAULT;
}
