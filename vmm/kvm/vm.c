/*
 * The VM: KVM's VM fd, its RAM and vCPUs, the order they are built in and
 * what plugs into them. Teardown runs in the reverse order and is safe on
 * a partly built VM.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kvm/kvm.h"

int vm_state_init(struct vm *vm, const struct vm_config *cfg)
{
	pthread_condattr_t ca;

	memset(vm, 0, sizeof(*vm));
	vm->kvm.fd = -1;
	vm->fd = -1;
	vm->cfg = *cfg;
	pthread_mutex_init(&vm->lock, NULL);
	pthread_mutex_init(&vm->out_lock, NULL);
	/* Timed waits measure CLOCK_MONOTONIC, not the wall clock. */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&vm->wake, &ca);
	pthread_condattr_destroy(&ca);
	vm->start_ns = host_uptime_ns(vm); /* start_ns is 0 here */
	vm->vcpus = calloc(cfg->nvcpus, sizeof(*vm->vcpus));
	if (!vm->vcpus ||
	    memmap_set(&vm->map, 0, cfg->ram_size, MEM_RAM, "guest RAM") < 0) {
		xhvm_err("out of memory for %u vCPUs", cfg->nvcpus);
		return XHVM_EXIT_HOST;
	}
	return 0;
}

void vm_state_destroy(struct vm *vm)
{
	free(vm->vcpus);
	vm->vcpus = NULL;
	pthread_cond_destroy(&vm->wake);
	pthread_mutex_destroy(&vm->out_lock);
	pthread_mutex_destroy(&vm->lock);
}

int vm_create(struct vm *vm, const struct vm_config *cfg)
{
	int r;

	r = vm_state_init(vm, cfg);
	if (r)
		goto fail;
	r = kvm_host_open(&vm->kvm);
	if (r)
		goto fail;
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
	r = vm_ram_create(vm);
	if (r)
		goto fail;
	return 0;

fail:
	vm_destroy(vm);
	return r;
}

int vm_add_vcpus(struct vm *vm)
{
	unsigned i;
	int r;

	for (i = vm->nvcpus; i < vm->cfg.nvcpus; i++) {
		r = vcpu_create(vm, &vm->vcpus[i], i);
		if (r)
			return r;
		vm->nvcpus = i + 1;
	}
	return 0;
}

void vm_destroy(struct vm *vm)
{
	while (vm->nvcpus > 0)
		vcpu_destroy(&vm->vcpus[--vm->nvcpus]);
	free(vm->cpuid);
	vm->cpuid = NULL;
	vm_ram_destroy(vm);
	if (vm->fd >= 0)
		close(vm->fd);
	vm->fd = -1;
	kvm_host_close(&vm->kvm);
	vm_state_destroy(vm);
}

/* ---- What plugs in ------------------------------------------------------- */

int vm_on_exit(struct vm *vm, uint32_t reason, exit_fn fn)
{
	if (reason >= ARRAY_SIZE(vm->exit_handlers)) {
		xhvm_err("exit reason %u: past xhvm's table", reason);
		return -1;
	}
	if (vm->exit_handlers[reason]) {
		xhvm_err("%s has a handler already", kvm_exit_name(reason));
		return -1;
	}
	vm->exit_handlers[reason] = fn;
	return 0;
}

int vm_add_hooks(struct vm *vm, const struct vcpu_hooks *hooks)
{
	if (vm->nhooks == VM_MAX_HOOKS) {
		xhvm_err("no room for the %s vCPU hooks", hooks->name);
		return -1;
	}
	vm->hooks[vm->nhooks++] = *hooks;
	return 0;
}

/* ---- Stopping -------------------------------------------------------------
 */

void vm_stop(struct vm *vm, int status)
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
 * signals vCPU 0's thread at the deadline (its KVM_RUN returns), waits end
 * by then too, and whoever sees the deadline passed calls this. Stops the
 * VM with XHVM_EXIT_TIMEOUT, once; each vCPU then says where it was.
 */
void watchdog_check(struct vm *vm)
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
			 vm->cfg.timeout_s);
		vm_stop(vm, XHVM_EXIT_TIMEOUT);
	}
}
