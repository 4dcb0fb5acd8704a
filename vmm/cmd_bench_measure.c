/*
 * xhvm bench's measurements (cmd_bench.c prints them): loops of the
 * built-in bench guest in this process, the clock's drift on a machine
 * built but not run, and start-ups of this same binary as processes,
 * interleaved so load on the machine hits each alike.
 */
#define _GNU_SOURCE /* memfd_create */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmd_bench.h"

#define BENCH_RAM (16ull << 20)

extern char **environ;

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
		      m->vm.ram_size, BOOT_XHVM, &m->guest, &err)) {
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
int loop_ns(unsigned mode, unsigned nvcpus, unsigned iters, uint64_t *per_iter,
	    uint64_t *first_exit)
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

/*
 * How far the guest's Xen clock strays from the host's over a second: a
 * machine is built (not run: its TSC runs all the same), and every 50 ms
 * system time, as the guest would read it at its TSC, is compared with
 * CLOCK_MONOTONIC, the clock kept as the run loop keeps it. For
 * comparison, what KVM's reported TSC rate alone would have said.
 */
int clock_drift(struct drift *d)
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

int startups(unsigned runs, struct startup *s)
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
