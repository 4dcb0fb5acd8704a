/*
 * The VM: KVM's VM fd, guest RAM, and the order things are built in.
 * Teardown runs in the reverse order and is safe on a partly built VM.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "xhvm.h"

void *gpa_ptr(const struct guest_mem *mem, uint64_t gpa, uint64_t len)
{
	/* Written so that no sum can wrap: gpa + len may not fit in 64 bits. */
	if (gpa > mem->size || len > mem->size - gpa)
		return NULL;
	return mem->host + gpa;
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

	region = (struct kvm_userspace_memory_region){
		.slot = 0,
		.guest_phys_addr = 0,
		.memory_size = size,
		.userspace_addr = (uintptr_t)p,
	};
	if (kvm_ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return XHVM_EXIT_HOST;
	return 0;
}

int vm_create(struct xhvm_vm *vm, const struct xhvm_config *cfg)
{
	unsigned i;
	int r;

	memset(vm, 0, sizeof(*vm));
	vm->kvm.fd = -1;
	vm->fd = -1;
	vm->cfg = cfg;

	r = kvm_host_open(&vm->kvm);
	if (r)
		return r;
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

	vm->vcpus = calloc(cfg->nvcpus, sizeof(*vm->vcpus));
	if (!vm->vcpus) {
		xhvm_err("out of memory for %u vCPUs", cfg->nvcpus);
		r = XHVM_EXIT_HOST;
		goto fail;
	}
	for (i = 0; i < cfg->nvcpus; i++) {
		r = vcpu_create(vm, &vm->vcpus[i], i);
		if (r)
			goto fail;
		vm->nvcpus = i + 1;
	}
	return 0;

fail:
	vm_destroy(vm);
	return r;
}

void vm_destroy(struct xhvm_vm *vm)
{
	while (vm->nvcpus > 0)
		vcpu_destroy(&vm->vcpus[--vm->nvcpus]);
	free(vm->vcpus);
	vm->vcpus = NULL;
	free(vm->cpuid);
	vm->cpuid = NULL;
	if (vm->mem.host)
		munmap(vm->mem.host, vm->mem.size);
	vm->mem.host = NULL;
	if (vm->fd >= 0)
		close(vm->fd);
	vm->fd = -1;
	kvm_host_close(&vm->kvm);
}

int vm_run(struct xhvm_vm *vm)
{
	/* One vCPU for now: it runs on this thread. */
	return vcpu_run(&vm->vcpus[0]);
}
