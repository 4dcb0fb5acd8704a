/*
 * The VM: KVM's VM fd, guest RAM, and the order things are built in.
 * Teardown runs in the reverse order and is safe on a partly built VM.
 */
#define _GNU_SOURCE /* pthread_timedjoin_np */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "xhvm.h"

#define NSEC_PER_SEC 1000000000ull

void *gpa_ptr(const struct guest_mem *mem, uint64_t gpa, uint64_t len)
{
	/* Written so that no sum can wrap: gpa + len may not fit in 64 bits. */
	if (gpa > mem->size || len > mem->size - gpa)
		return NULL;
	return mem->host + gpa;
}

/*
 * What must be in a KVM slot from the start: xhvm's first MiB (its page
 * tables are walked by the CPU) and the guest image, at least
 * XHVM_EAGER_RAM. Anything else the guest writes before it can use it as
 * a page table or run it, and its first access registers the rest.
 */
static uint64_t eager_ram(const struct xhvm_config *cfg)
{
	uint64_t end = XHVM_EAGER_RAM;
	unsigned i;

	for (i = 0; i < cfg->guest.nseg; i++)
		if (cfg->guest.seg[i].gpa + cfg->guest.seg[i].memsz > end)
			end = cfg->guest.seg[i].gpa + cfg->guest.seg[i].memsz;
	end = (end + PAGE_2M_SIZE - 1) & ~(PAGE_2M_SIZE - 1);
	return end < cfg->ram_size ? end : cfg->ram_size;
}

static int ram_create(struct xhvm_vm *vm, uint64_t size)
{
	struct kvm_userspace_memory_region region;
	void *p;

	/* Reserve, don't touch: pages cost nothing until the guest uses them.
	 */
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		xhvm_err("mmap of %llu bytes of guest RAM: %s",
			 (unsigned long long)size, strerror(errno));
		return XHVM_EXIT_HOST;
	}
	vm->mem.host = p;
	vm->mem.size = size;

	/*
	 * A KVM slot costs its size in kernel bookkeeping up front (4 ms per
	 * 16 GiB on shadow-paging hosts). With the user backend only xhvm
	 * writes hypercall pages, so RAM past eager_ram() can wait for the
	 * guest's first access (ram_fault_in); KVM's own backends write
	 * pages anywhere, so there all of it is registered now.
	 */
	region = (struct kvm_userspace_memory_region){
		.slot = 0,
		.guest_phys_addr = 0,
		.memory_size = size,
		.userspace_addr = (uintptr_t)p,
	};
	if (vm->backend == XHVM_BACKEND_USER)
		region.memory_size = eager_ram(vm->cfg);
	vm->ram_registered = region.memory_size;
	if (kvm_ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return XHVM_EXIT_HOST;
	return 0;
}

int ram_fault_in(struct xhvm_vm *vm, uint64_t gpa)
{
	struct kvm_userspace_memory_region region;
	int r = 0;

	if (gpa < vm->ram_registered || gpa >= vm->mem.size)
		return 0;
	pthread_mutex_lock(&vm->lock);
	if (vm->ram_registered < vm->mem.size) {
		region = (struct kvm_userspace_memory_region){
			.slot = 1,
			.guest_phys_addr = vm->ram_registered,
			.memory_size = vm->mem.size - vm->ram_registered,
			.userspace_addr =
				(uintptr_t)vm->mem.host + vm->ram_registered,
		};
		if (kvm_ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
			r = -1;
		else
			vm->ram_registered = vm->mem.size;
	}
	pthread_mutex_unlock(&vm->lock);
	return r < 0 ? r : 1;
}

int vm_state_init(struct xhvm_vm *vm, const struct xhvm_config *cfg)
{
	pthread_condattr_t ca;

	memset(vm, 0, sizeof(*vm));
	vm->kvm.fd = -1;
	vm->fd = -1;
	vm->cfg = cfg;
	pthread_mutex_init(&vm->lock, NULL);
	pthread_mutex_init(&vm->console_lock, NULL);
	pthread_mutex_init(&vm->clock.lock, NULL);
	/* Timed waits measure CLOCK_MONOTONIC, not the wall clock. */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&vm->wake, &ca);
	pthread_condattr_destroy(&ca);
	vm->start_ns = host_uptime_ns(vm); /* start_ns is 0 here */
	vm->evtchn = calloc(EVTCHN_MAX_PORTS, sizeof(*vm->evtchn));
	vm->vcpus = calloc(cfg->nvcpus, sizeof(*vm->vcpus));
	if (!vm->vcpus || !vm->evtchn) {
		xhvm_err("out of memory for %u vCPUs", cfg->nvcpus);
		return XHVM_EXIT_HOST;
	}
	return 0;
}

void vm_state_destroy(struct xhvm_vm *vm)
{
	free(vm->vcpus);
	vm->vcpus = NULL;
	free(vm->evtchn);
	vm->evtchn = NULL;
	pthread_cond_destroy(&vm->wake);
	pthread_mutex_destroy(&vm->clock.lock);
	pthread_mutex_destroy(&vm->console_lock);
	pthread_mutex_destroy(&vm->lock);
}

int vm_create(struct xhvm_vm *vm, const struct xhvm_config *cfg)
{
	unsigned i;
	int r;

	r = vm_state_init(vm, cfg);
	if (r)
		goto fail;
	r = kvm_host_open(&vm->kvm);
	if (r)
		goto fail;
	vm->backend = backend_choose(&vm->kvm, cfg->backend);
	if (vm->backend < 0) {
		r = XHVM_EXIT_NO_CAP;
		goto fail;
	}
	if ((int)cfg->nvcpus > vm->kvm.max_vcpus) {
		xhvm_err("%u vCPUs asked for, this KVM allows %d", cfg->nvcpus,
			 vm->kvm.max_vcpus);
		r = XHVM_EXIT_BAD_INPUT;
		goto fail;
	}
	vm->fd = kvm_ioctl(vm->kvm.fd, KVM_CREATE_VM, (void *)0);
	if (vm->fd < 0) {
		r = XHVM_EXIT_HOST;
		goto fail;
	}
	r = ram_create(vm, cfg->ram_size);
	if (r)
		goto fail;

	x86_build_boot_tables(&vm->mem);
	x86_write_boot_info(vm);
	elf_load(&cfg->guest, &vm->mem);

	r = cpuid_build(vm);
	if (r)
		goto fail;
	if (vm->backend == XHVM_BACKEND_USER)
		r = msr_user_setup(vm);
	else
		r = msr_kernel_setup(vm);
	if (r)
		goto fail;

	for (i = 0; i < cfg->nvcpus; i++) {
		r = vcpu_create(vm, &vm->vcpus[i], i);
		if (r)
			goto fail;
		vm->nvcpus = i + 1;
	}
	/* System time starts from vCPU 0's TSC. */
	xen_clock_init(&vm->vcpus[0]);
	return 0;

fail:
	vm_destroy(vm);
	return r;
}

void vm_destroy(struct xhvm_vm *vm)
{
	while (vm->nvcpus > 0)
		vcpu_destroy(&vm->vcpus[--vm->nvcpus]);
	free(vm->cpuid);
	vm->cpuid = NULL;
	if (vm->mem.host)
		munmap(vm->mem.host, vm->mem.size);
	vm->mem.host = NULL;
	if (vm->fd >= 0)
		close(vm->fd);
	vm->fd = -1;
	kvm_host_close(&vm->kvm);
	gdb_close(vm);
	vm_state_destroy(vm);
}

void vm_stop(struct xhvm_vm *vm, int status)
{
	unsigned i;

	pthread_mutex_lock(&vm->lock);
	if (!vm->stopping) {
		vm->status = status;
		__atomic_store_n(&vm->stopping, true, __ATOMIC_RELEASE);
	}
	pthread_cond_broadcast(&vm->wake);
	pthread_mutex_unlock(&vm->lock);
	for (i = 0; i < vm->nvcpus; i++)
		vcpu_kick(&vm->vcpus[i]);
}

/*
 * The watchdog, without a thread of its own: vm_run arms a timer that
 * signals vCPU 0's thread at the deadline (its KVM_RUN returns), waits in
 * vcpu_wait end by then too, and whoever sees the deadline passed calls
 * this. Stops the VM with XHVM_EXIT_TIMEOUT, once; each vCPU then says
 * where it was. Must not be called with vm->lock held.
 */
void watchdog_check(struct xhvm_vm *vm)
{
	bool fire = false;

	if (!vm->watchdog_ns || host_uptime_ns(vm) < vm->watchdog_ns)
		return;
	pthread_mutex_lock(&vm->lock);
	if (!vm->stopping && !vm->timed_out)
		fire = vm->timed_out = true;
	pthread_mutex_unlock(&vm->lock);
	if (fire) {
		xhvm_err("timeout: the guest was still running after %u s "
			 "(--timeout); where each vCPU was:",
			 vm->cfg->timeout_s);
		vm_stop(vm, XHVM_EXIT_TIMEOUT);
	}
}

static int watchdog_arm(struct xhvm_vm *vm, timer_t *timer)
{
	vm->watchdog_ns = host_uptime_ns(vm) +
			  (uint64_t)vm->cfg->timeout_s * NSEC_PER_SEC;
	/* vCPU 0 runs on this thread. */
	if (kick_timer_create(timer) < 0 ||
	    kick_timer_set(vm, *timer, vm->watchdog_ns, 0) < 0) {
		xhvm_err("arming the --timeout watchdog: %s", strerror(errno));
		return XHVM_EXIT_HOST;
	}
	return 0;
}

/*
 * vCPU 0 is kicked every second (the first time sooner, once the TSC rate
 * can be measured), so the clock is refreshed even when no vCPU exits.
 */
static int clock_ticker_arm(struct xhvm_vm *vm, timer_t *timer)
{
	if (kick_timer_create(timer) < 0 ||
	    kick_timer_set(vm, *timer, xen_clock_next_refresh(vm),
			   NSEC_PER_SEC) < 0) {
		xhvm_err("arming the clock's timer: %s", strerror(errno));
		return XHVM_EXIT_HOST;
	}
	return 0;
}

/* Small stacks: exit handlers need little, and 64 vCPUs add up. */
#define VCPU_THREAD_STACK (256 * 1024)

static void *vcpu_thread(void *arg)
{
	vcpu_run(arg);
	return NULL;
}

/*
 * Waits for a vCPU thread, but not forever: one stuck in the kernel would
 * hang xhvm, which is what --timeout must prevent.
 */
static void join_vcpu(struct xhvm_vm *vm, struct xhvm_vcpu *v,
		      const struct timespec *end)
{
	if (pthread_timedjoin_np(v->thread, NULL, end) == 0)
		return;
	xhvm_err("vCPU %u did not leave KVM_RUN; giving up on it", v->index);
	vm->abandoned = true;
}

int vm_run(struct xhvm_vm *vm)
{
	pthread_attr_t attr;
	timer_t watchdog, ticker;
	bool have_watchdog = false;
	struct timespec end;
	unsigned i;
	int r;

	r = vcpu_kick_init();
	if (r)
		return r;
	/* gdb connects before the filter: sockets are setup, not run. */
	if (vm->cfg->gdb_port) {
		r = gdb_accept(vm, vm->cfg->gdb_port);
		if (r)
			return r;
	}
	/* Setup is over: from here on, only the run loop's system calls. */
	if (vm->cfg->seccomp) {
		r = seccomp_install();
		if (r)
			return r;
		if (getenv("XHVM_SECCOMP_SELFTEST"))
			seccomp_selftest();
	}
	if (vm->cfg->timeout_s) {
		r = watchdog_arm(vm, &watchdog);
		if (r)
			return r;
		have_watchdog = true;
	}
	r = clock_ticker_arm(vm, &ticker);
	if (r) {
		if (have_watchdog)
			timer_delete(watchdog);
		return r;
	}
	vm->vcpus[0].thread = pthread_self();
	__atomic_store_n(&vm->vcpus[0].has_thread, true, __ATOMIC_RELEASE);

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, VCPU_THREAD_STACK);
	for (i = 1; i < vm->nvcpus; i++) {
		struct xhvm_vcpu *v = &vm->vcpus[i];

		r = pthread_create(&v->thread, &attr, vcpu_thread, v);
		if (r) {
			xhvm_err("starting vCPU %u's thread: %s", i,
				 strerror(r));
			vm_stop(vm, XHVM_EXIT_HOST);
			break;
		}
		__atomic_store_n(&v->has_thread, true, __ATOMIC_RELEASE);
	}
	pthread_attr_destroy(&attr);

	vcpu_run(&vm->vcpus[0]);

	/* Every vCPU was kicked when the VM stopped: a second is plenty. */
	end.tv_sec = time(NULL) + 1;
	end.tv_nsec = 0;
	for (i = 1; i < vm->nvcpus; i++)
		if (vm->vcpus[i].has_thread)
			join_vcpu(vm, &vm->vcpus[i], &end);
	timer_delete(ticker);
	if (have_watchdog)
		timer_delete(watchdog);
	gdb_exited(vm, vm->status);
	return vm->status;
}
