/*
 * An xhvm machine: a VM (kvm/) with the Xen domain (xen/) on it, its
 * interrupt delivery (platform/) and a guest image booted by xhvm's
 * protocol or Xen's PVH ABI (load/). The one place that puts the layers
 * together, in order, for xhvm run and xhvm bench.
 */
#ifndef XHVM_MACHINE_H
#define XHVM_MACHINE_H

#include "xen/xen.h"

/* --lapic: KVM's local APICs, or KVM_INTERRUPT without any. */
enum lapic_mode {
	LAPIC_AUTO, /* for PVH guests, when KVM can */
	LAPIC_ON,
	LAPIC_OFF,
};

struct machine_config {
	struct vm_config vm;
	struct xen_config xen;
	struct elf_plan guest; /* its .boot says which protocol boots it */
	const char *guest_name;
	uint32_t guest_arg;    /* --arg, in xhvm's boot info */
	struct pvh_config pvh; /* --cmdline, --module */
	enum lapic_mode lapic;
};

/*
 * Builds it all: the VM and its RAM, the Xen domain, the image and xhvm's
 * tables, the vCPUs in their entry state. On failure everything built so
 * far is torn down. machine_destroy is safe on a partly built machine.
 */
int machine_create(struct vm *vm, const struct machine_config *cfg);
void machine_destroy(struct vm *vm);

#endif /* XHVM_MACHINE_H */
