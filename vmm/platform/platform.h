/*
 * The platform layer: how an interrupt reaches a vCPU. A guest interface
 * (xhvm's Xen domain, which raises event channel upcalls) says "make
 * vector V pending on vCPU N" through struct irq_delivery and never
 * touches KVM's interrupt ioctls itself.
 *
 *   irq_kvm_interrupt.c   no interrupt controller in KVM: xhvm injects
 *                         the vector with KVM_INTERRUPT as soon as the
 *                         vCPU can take it, asking KVM to exit when its
 *                         interrupt window opens
 *   irq_lapic.c           each vCPU's local APIC in KVM (a split
 *                         irqchip): vectors go as MSIs, the guest EOIs,
 *                         HLT stays in KVM, secondary vCPUs wait for SIPI
 *   debugcon.c            the debug console ports 0xe9 and 0x12, to
 *                         standard output
 *   acpi.c                ACPI tables for PVH guests (MADT, a
 *                         hardware-reduced FADT, \_S5) and the sleep and
 *                         reset registers they name
 */
#ifndef XHVM_PLATFORM_H
#define XHVM_PLATFORM_H

#include "kvm/kvm.h"

struct irq_delivery {
	const char *name;
	/*
	 * Makes `vector` pending on v, to be taken as soon as v can take an
	 * interrupt; from any thread. Returns 0, or -1 on a host failure.
	 */
	int (*raise)(struct vcpu *v, uint8_t vector);
	/*
	 * The source stopped asking: a vector raised but not yet injected
	 * is dropped. A level-triggered source (Xen's upcall, while
	 * upcall_pending is set) lowers before each entry when its level
	 * fell, so a handler that already ran is not entered twice.
	 */
	void (*lower)(struct vcpu *v);
	/*
	 * Whether an interrupt went into v with the entry that just ended:
	 * a HLT ending that entry was woken by it (emulators that lose STI's
	 * shadow deliver the interrupt before the HLT instead of after it).
	 */
	bool (*took_one)(struct vcpu *v);
	/* Interrupts injected into v so far, for dumps. */
	uint64_t (*count)(struct vcpu *v);
	/*
	 * Whether a raised vector stays pending only until it is taken, so
	 * a level-triggered source raises it again while it is asserted.
	 */
	bool edge;
};

/* KVM_INTERRUPT delivery, for whoever raises interrupts. */
const struct irq_delivery *irq_kvm_interrupt(void);
/*
 * Gives each vCPU of vm its delivery state and plugs in the vCPU hooks
 * (inject before entry, note what went in after exit). Attach it after
 * the hooks that raise interrupts, so they go in with the same entry.
 * Returns 0, or -1 on failure (said).
 */
int irq_kvm_interrupt_attach(struct vm *vm);
void irq_kvm_interrupt_detach(struct vm *vm);

/*
 * The LAPIC delivery. irq_lapic_create gives the VM its irqchip and must
 * come before any vCPU: 0, XHVM_EXIT_NO_CAP (unsaid) without KVM's split
 * irqchip and MSI signalling, or XHVM_EXIT_HOST.
 */
const struct irq_delivery *irq_lapic(void);
int irq_lapic_create(struct vm *vm);

/* Ports 0xe9 and 0x12 print to standard output. 0, or -1 (said). */
int debugcon_attach(struct vm *vm);

/*
 * ACPI: tables in RAM at ACPI_GPA (marked MEM_ACPI) for vm's vCPUs; the
 * RSDP's address, or 0 if they do not fit. acpi_attach plugs in the
 * ports the FADT names: sleep control (S5 powers off), sleep status,
 * reset (reboots). 0, or -1 (said).
 */
#define ACPI_GPA		0xe0000ull
#define ACPI_SIZE		0x1000ull
#define ACPI_SLEEP_CONTROL_PORT 0xb000
#define ACPI_SLEEP_STATUS_PORT	0xb001
#define ACPI_RESET_PORT		0xb002
uint64_t acpi_build(struct vm *vm);
int acpi_attach(struct vm *vm);

#endif /* XHVM_PLATFORM_H */
