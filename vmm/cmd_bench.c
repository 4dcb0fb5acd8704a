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
#define _GNU_SOURCE /* memfd_create */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "machine.h"

#define REPEATS	  3 /* in-process measurements: the median of these */
#define BENCH_RAM (16ull << 20)
#define MAX_RUNS  1000
#define MAX_ITERS (1u << 24) /* the guest's count has 24 bits */

extern char **environ;

struct bench_opts {
	unsigned iters;
	unsigned runs;
	bool json;
};

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, unsigned n)
{
	qsort(v, n, sizeof(*v), cmp_u64);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The built-in bench guest and blobs, as a machine's configuration. */
static int bench_config(struct machine_config *m, unsigned nvcpus, uint32_t arg)
{
	struct xhvm_error err;

	*m = (struct machine_config){
		.vm = {.ram_size = BENCH_RAM, .nvcpus = nvcpus},
		.xen = {.msr = XHVM_DEFAULT_XEN_MSR,
			.backend = XHVM_BACKEND_AUTO},
		.guest_name = "built-in bench",
		.guest_arg = arg,
	};
	if (elf_parse(xhvm_builtin_bench,
		      (size_t)(xhvm_builtin_bench_end - xhvm_builtin_bench),
		      m->vm.ram_size, &m->guest, &err)) {
		xhvm_err("built-in bench guest: %s", err.msg);
		return XHVM_EXIT_HOST;
	}
	blob_use_builtin(
		&m->xen.blob64, "built-in 64-bit blob", xhvm_builtin_blob64,
		(size_t)(xhvm_builtin_blob64_end - xhvm_builtin_blob64));
	blob_use_builtin(
		&m->xen.blob32, "built-in 32-bit blob", xhvm_builtin_blob32,
		(size_t)(xhvm_builtin_blob32_end - xhvm_builtin_blob32));
	return 0;
}

/* When the first exit of a run happened: a vCPU hook of bench's own. */
static uint64_t first_exit_at;

static void note_exit(struct vcpu *v)
{
	(void)v;
	if (!__atomic_load_n(&first_exit_at, __ATOMIC_RELAXED))
		__atomic_store_n(&first_exit_at, now_ns(), __ATOMIC_RELAXED);
}

static const struct vcpu_hooks first_exit_hooks = {
	.name = "bench: first exit",
	.exited = note_exit,
};

/*
 * One run of the built-in bench guest in this process: the time vm_run
 * took, and from the start of the machine's creation to the first exit.
 */
static int run_inproc(unsigned nvcpus, uint32_t arg, uint64_t *run_ns,
		      uint64_t *first_exit_ns)
{
	struct machine_config m;
	struct vm vm;
	uint64_t t0, t1;
	int r;

	r = bench_config(&m, nvcpus, arg);
	if (r)
		return r;
	first_exit_at = 0;
	t0 = now_ns();
	r = machine_create(&vm, &m);
	if (r)
		return r;
	if (vm_add_hooks(&vm, &first_exit_hooks) < 0) {
		machine_destroy(&vm);
		return XHVM_EXIT_HOST;
	}
	t1 = now_ns();
	r = vm_run(&vm, NULL);
	*run_ns = now_ns() - t1;
	*first_exit_ns = first_exit_at - t0;
	/* A vCPU thread still in the kernel may touch it all: leave it be. */
	if (vm.abandoned) {
		xhvm_err("bench guest: a vCPU never left KVM_RUN; stopping");
		fflush(NULL);
		_exit(XHVM_EXIT_HOST);
	}
	machine_destroy(&vm);
	if (r)
		xhvm_err("bench guest ended with status %d", r);
	return r;
}

/* The median ns of one loop iteration (mode, nvcpus), and of VM start. */
static int loop_ns(unsigned mode, unsigned nvcpus, unsigned iters,
		   uint64_t *per_iter, uint64_t *first_exit)
{
	uint64_t t[REPEATS], f[REPEATS];
	unsigned i;
	int r;

	for (i = 0; i < REPEATS; i++) {
		r = run_inproc(nvcpus, mode | iters << 8, &t[i], &f[i]);
		if (r)
			return r;
	}
	*per_iter = median(t, REPEATS) / iters;
	*first_exit = median(f, REPEATS);
	return 0;
}

struct drift {
	double clock_ns, clock_max_ns; /* xhvm's clock - host, after 1 s */
	double kvm_ns;		       /* KVM's TSC rate alone, likewise */
	double tsc_ratio;	       /* the TSC's rate / KVM's figure */
};

/*
 * How far the guest's Xen clock strays from the host's over a second: a
 * machine is built (not run: its TSC runs all the same), and every 50 ms
 * system time, as the guest would read it at its TSC, is compared with
 * CLOCK_MONOTONIC, the clock kept as the run loop keeps it. For
 * comparison, what KVM's reported TSC rate alone would have said.
 */
static int clock_drift(struct drift *d)
{
	struct machine_config m;
	struct xen_domain *xd;
	struct xen_vcpu *x;
	struct vm vm;
	uint64_t tsc0, host0, tsc = 0, host = 0, sys0;
	unsigned i;
	int r;

	r = bench_config(&m, 1, 0);
	if (!r)
		r = machine_create(&vm, &m);
	if (r)
		return r;
	xd = xen_domain_of(&vm);
	x = &xd->vcpus[0];
	xen_clock_sample(x, &tsc0, &host0);
	sys0 = xen_clock_at(xd, tsc0);
	d->clock_max_ns = 0;
	for (i = 0; i < 20; i++) {
		struct timespec nap = {0, 50 * 1000000L};

		nanosleep(&nap, NULL);
		xen_clock_tick(x); /* what vCPU 0's ticker does */
		xen_clock_sample(x, &tsc, &host);
		d->clock_ns = (double)xen_clock_at(xd, tsc) - (double)host;
		if (fabs(d->clock_ns) > d->clock_max_ns)
			d->clock_max_ns = fabs(d->clock_ns);
	}
	/* KVM's figure: ticks at khz from the first sample on. */
	d->kvm_ns = (double)(tsc - tsc0) * 1e6 / xd->clock.khz -
		    (double)(host - host0);
	d->tsc_ratio = (double)(tsc - tsc0) /
		       ((double)(host - host0) * xd->clock.khz / 1e6);
	d->clock_ns -= (double)sys0 - (double)host0;
	machine_destroy(&vm);
	return 0;
}

/* Spawns this binary with args, output discarded; returns the wall ns. */
static int spawn_ns(char *const argv[], uint64_t *ns)
{
	posix_spawn_file_actions_t fa;
	uint64_t t0 = now_ns();
	int status, r;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null",
					 O_WRONLY, 0);
	r = posix_spawn(&pid, "/proc/self/exe", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (r) {
		xhvm_err("spawning xhvm: %s", strerror(r));
		return XHVM_EXIT_HOST;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	*ns = now_ns() - t0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		xhvm_err("%s %s exited with status %d", argv[0], argv[1],
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return XHVM_EXIT_HOST;
	}
	return 0;
}

struct startup {
	uint64_t run16m, run16g, baseline; /* medians, ns */
	long child_rss_kib;
};

static int startups(unsigned runs, struct startup *s)
{
	uint64_t *a = calloc(runs, sizeof(*a)), *b = calloc(runs, sizeof(*b)),
		 *c = calloc(runs, sizeof(*c));
	char path[64];
	struct rusage ru;
	unsigned i;
	int fd, r = XHVM_EXIT_HOST;

	/* The bench guest, as a file the children can open. */
	fd = memfd_create("xhvm-bench-guest", 0);
	if (!a || !b || !c || fd < 0 ||
	    write(fd, xhvm_builtin_bench,
		  (size_t)(xhvm_builtin_bench_end - xhvm_builtin_bench)) < 0) {
		xhvm_err("preparing the start-up runs: %s", strerror(errno));
		goto out;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	{
		char *run16m[] = {"xhvm", "run", "--mem", "16M", path, NULL};
		char *run16g[] = {"xhvm", "run", "--mem", "16G", path, NULL};
		char *base[] = {"xhvm", "bench-baseline", NULL};

		/* Interleaved, so load on the machine hits all three alike. */
		for (i = 0; i < runs; i++) {
			if (spawn_ns(run16m, &a[i]) || spawn_ns(base, &b[i]) ||
			    spawn_ns(run16g, &c[i]))
				goto out;
		}
	}
	s->run16m = median(a, runs);
	s->baseline = median(b, runs);
	s->run16g = median(c, runs);
	getrusage(RUSAGE_CHILDREN, &ru);
	s->child_rss_kib = ru.ru_maxrss;
	r = 0;
out:
	if (fd >= 0)
		close(fd);
	free(a);
	free(b);
	free(c);
	return r;
}

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

int cmd_bench(int argc, char **argv)
{
	struct bench_opts o = {.iters = 100000, .runs = 20};
	uint64_t port, stub, hcall, hcall2, first, dummy;
	struct startup s = {0};
	struct drift d = {0};
	struct rusage ru;
	double rate1, rate2;
	int r;

	r = parse_opts(argc, argv, &o);
	if (r)
		return r;
	r = loop_ns(XHVM_BENCH_PORT_LOOP, 1, o.iters, &port, &first);
	if (!r)
		r = loop_ns(XHVM_BENCH_PORT_STUB, 1, o.iters, &stub, &dummy);
	if (!r)
		r = loop_ns(XHVM_BENCH_HCALL, 1, o.iters, &hcall, &dummy);
	if (!r)
		r = loop_ns(XHVM_BENCH_HCALL, 2, o.iters, &hcall2, &dummy);
	if (!r)
		r = startups(o.runs, &s);
	if (!r)
		r = clock_drift(&d);
	if (r)
		return r;
	getrusage(RUSAGE_SELF, &ru);
	rate1 = 1e9 / (double)hcall;
	rate2 = 2 * 1e9 / (double)hcall2; /* both vCPUs did iters each */

	if (o.json) {
		printf("{\n  \"iterations\": %u,\n  \"runs\": %u,\n", o.iters,
		       o.runs);
		printf("  \"port_io_ns\": %llu,\n  \"hypercall_ns\": %llu,\n",
		       (unsigned long long)port, (unsigned long long)hcall);
		printf("  \"port_io_via_stub_ns\": %llu,\n",
		       (unsigned long long)stub);
		printf("  \"hypercall_over_port_io\": %.3f,\n",
		       (double)hcall / (double)port);
		printf("  \"hypercall_over_port_io_via_stub\": %.3f,\n",
		       (double)hcall / (double)stub);
		printf("  \"create_to_first_exit_us\": %.1f,\n", first / 1e3);
		printf("  \"hypercalls_per_s_1vcpu\": %.0f,\n", rate1);
		printf("  \"hypercalls_per_s_2vcpus\": %.0f,\n", rate2);
		printf("  \"smp_scaling\": %.3f,\n", rate2 / rate1);
		printf("  \"run_16m_ms\": %.3f,\n  \"baseline_ms\": %.3f,\n",
		       s.run16m / 1e6, s.baseline / 1e6);
		printf("  \"run_over_baseline\": %.3f,\n",
		       (double)s.run16m / (double)s.baseline);
		printf("  \"run_16g_ms\": %.3f,\n  \"run_16g_over_16m\": "
		       "%.3f,\n",
		       s.run16g / 1e6, (double)s.run16g / (double)s.run16m);
		printf("  \"clock_drift_ns\": %.0f,\n  \"clock_drift_max_ns\": "
		       "%.0f,\n  \"kvm_rate_drift_ns\": %.0f,\n  "
		       "\"tsc_over_kvm_rate\": %.6f,\n",
		       d.clock_ns, d.clock_max_ns, d.kvm_ns, d.tsc_ratio);
		printf("  \"run_peak_rss_kib\": %ld,\n  "
		       "\"bench_peak_rss_kib\": "
		       "%ld\n}\n",
		       s.child_rss_kib, ru.ru_maxrss);
		return 0;
	}
	printf("xhvm bench: %u iterations (median of %d), %u start-up runs\n",
	       o.iters, REPEATS, o.runs);
	printf("  port-I/O exit round trip      %8llu ns\n",
	       (unsigned long long)port);
	printf("  port I/O, called like a hcall %8llu ns   %.2f x bare\n",
	       (unsigned long long)stub, (double)stub / (double)port);
	printf("  hypercall round trip (page)   %8llu ns   %.2f x bare, %.2f x "
	       "called like it (target <= 1.10)\n",
	       (unsigned long long)hcall, (double)hcall / (double)port,
	       (double)hcall / (double)stub);
	printf("  VM creation to first exit     %8.1f us\n", first / 1e3);
	printf("  hypercalls/s, 1 vCPU          %8.0f\n", rate1);
	printf("  hypercalls/s, 2 vCPUs         %8.0f      %.2f x one "
	       "(target >= 1.8)\n",
	       rate2, rate2 / rate1);
	printf("  xhvm run, median wall         %8.2f ms   %.2f x a bare KVM "
	       "program, %.2f ms (target <= 1.5)\n",
	       s.run16m / 1e6, (double)s.run16m / (double)s.baseline,
	       s.baseline / 1e6);
	printf("  xhvm run --mem 16G            %8.2f ms   %.2f x --mem 16M "
	       "(target: as fast)\n",
	       s.run16g / 1e6, (double)s.run16g / (double)s.run16m);
	printf("  Xen clock - host, over 1 s    %+8.1f us   at most %.1f us "
	       "off; KVM's TSC rate alone: %+.1f us (the TSC runs %.6f x "
	       "KVM's figure)\n",
	       d.clock_ns / 1e3, d.clock_max_ns / 1e3, d.kvm_ns / 1e3,
	       d.tsc_ratio);
	printf("  peak RSS, xhvm run            %8.2f MiB\n",
	       s.child_rss_kib / 1024.0);
	printf("  peak RSS, this bench          %8.2f MiB\n",
	       ru.ru_maxrss / 1024.0);
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
