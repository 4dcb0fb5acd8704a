/*
 * Putting the layers together, in the order each needs the last:
 *
 *   1. the VM and its RAM (KVM_CREATE_VM, the memory slots)
 *   2. the Xen domain: the MSR backend, Xen's CPUID leaves, its exits
 *      and hooks; then the interrupt delivery, whose hooks run after
 *      Xen's (so an upcall raised before an entry goes in with it)
 *   3. the image and xhvm's tables (the boot protocol)
 *   4. the vCPUs: CPUID before long mode (a real KVM insists), the
 *      clock from vCPU 0's TSC, then each vCPU's entry state
 *
 * and torn down in the reverse order.
 */
#include "machine.h"

/* What xhvm's boot info tells guests (guest_abi.h). */
static struct xhvm_boot_info boot_info(const struct vm *vm,
				       const struct machine_config *cfg)
{
	const struct xen_domain *d = xen_domain_of(vm);
	bool blobs = d->backend != XHVM_BACKEND_INTERCEPT;

	return (struct xhvm_boot_info){
		.ram_size = vm->mem.size,
		.nvcpus = vm->cfg.nvcpus,
		.msr_backend = (uint32_t)d->backend,
		.xen_msr = cfg->xen.msr,
		.blob64_pages = blobs ? (uint32_t)cfg->xen.blob64.pages : 0,
		.blob32_pages = blobs ? (uint32_t)cfg->xen.blob32.pages : 0,
		.arg = cfg->guest_arg,
	};
}

/* What either protocol placed, for each vCPU's entry state. */
struct boot {
	enum boot_proto proto;
	struct xhvm_boot xhvm;
	struct pvh_boot pvh;
};

static void place(struct vm *vm, const struct machine_config *cfg,
		  struct boot *b)
{
	struct xhvm_boot_info info;

	b->proto = cfg->guest.boot;
	if (b->proto == BOOT_PVH) {
		struct pvh_config pvh = cfg->pvh;

		/* ACPI describes the LAPICs: only a PC with them has it. */
		if (vm->lapic)
			pvh.rsdp = acpi_build(vm);
		boot_pvh_place(vm, &cfg->guest, &pvh, &b->pvh);
		return;
	}
	info = boot_info(vm, cfg);
	boot_xhvm_place(vm, &cfg->guest, &info, &b->xhvm);
	if (TRACE_ON())
		trace_line(NULL,
			   "boot: xhvm's entry contract at 0x%llx "
			   "(the image has no PVH note, or --boot elf)",
			   (unsigned long long)cfg->guest.entry);
}

static int start_vcpus(struct vm *vm, const struct boot *boot)
{
	unsigned i;
	int r;

	r = vm_add_vcpus(vm);
	if (!r)
		r = xen_domain_vcpus_ready(vm);
	for (i = 0; !r && i < vm->nvcpus; i++) {
		struct entry_state e;

		if (boot->proto == BOOT_PVH)
			boot_pvh_vcpu(&boot->pvh, i, &e);
		else
			boot_xhvm_vcpu(&boot->xhvm, i, &e);
		r = x86_enter(&vm->vcpus[i], &e);
		if (!r && !e.start)
			r = xen_vcpu_park(&vm->vcpus[i]);
	}
	return r;
}

/*
 * The interrupt platform: KVM's LAPICs when asked, and by default for
 * PVH guests (which expect a PC's LAPIC); KVM_INTERRUPT otherwise, or
 * when the host cannot and nobody insisted.
 */
static int platform(struct vm *vm, const struct machine_config *cfg,
		    const struct irq_delivery **irq)
{
	bool want = cfg->lapic == LAPIC_ON ||
		    (cfg->lapic == LAPIC_AUTO && cfg->guest.boot == BOOT_PVH);
	int r = want ? irq_lapic_create(vm) : 0;

	if (r == XHVM_EXIT_NO_CAP && cfg->lapic == LAPIC_ON)
		xhvm_err("--lapic on: this KVM lacks KVM_CAP_SPLIT_IRQCHIP "
			 "or KVM_CAP_SIGNAL_MSI");
	else if (r == XHVM_EXIT_NO_CAP)
		r = 0;
	*irq = vm->lapic ? irq_lapic() : irq_kvm_interrupt();
	if (!r && TRACE_ON())
		trace_line(NULL, "interrupts: %s%s", (*irq)->name,
			   want && !vm->lapic
				   ? " (no split irqchip in this KVM)"
				   : "");
	return r;
}

int machine_create(struct vm *vm, const struct machine_config *cfg)
{
	struct boot boot;
	const struct irq_delivery *irq;
	struct vm_config vc = cfg->vm;
	int r;

	/*
	 * With the user backend only xhvm writes hypercall pages, so RAM past
	 * the image can wait for the guest's first use; KVM's own backends
	 * write pages anywhere, so all of it is registered at once.
	 */
	vc.ram_eager = elf_end(&cfg->guest) > XHVM_EAGER_RAM
			       ? elf_end(&cfg->guest)
			       : XHVM_EAGER_RAM;
	r = vm_create(vm, &vc);
	if (r)
		return r;
	r = vm_add_hooks(vm, &x86_dump_hooks) < 0 || x86_plug_faults(vm) < 0
		    ? XHVM_EXIT_HOST
		    : 0;
	if (!r)
		r = platform(vm, cfg, &irq);
	if (!r && (debugcon_attach(vm) < 0 || acpi_attach(vm) < 0))
		r = XHVM_EXIT_HOST;
	if (!r)
		r = xen_domain_create(vm, &cfg->xen, irq);
	if (!r && xen_domain_of(vm)->backend != XHVM_BACKEND_USER)
		r = vm_ram_register_all(vm);
	if (!r && !vm->lapic)
		r = irq_kvm_interrupt_attach(vm) < 0 ? XHVM_EXIT_HOST : 0;
	if (r)
		goto fail;
	place(vm, cfg, &boot);
	r = start_vcpus(vm, &boot);
	if (r)
		goto fail;
	return 0;

fail:
	machine_destroy(vm);
	return r;
}

void machine_destroy(struct vm *vm)
{
	irq_kvm_interrupt_detach(vm);
	xen_domain_destroy(vm);
	vm_destroy(vm);
}
