/*
 * Interrupts through KVM's local APICs: the VM gets a split irqchip
 * (KVM_CAP_SPLIT_IRQCHIP: each vCPU's LAPIC in KVM, no PIC or IOAPIC,
 * which a PVH guest has no use for) before any vCPU exists, and a vector
 * is made pending with KVM_SIGNAL_MSI: a fixed, edge-triggered message to
 * the vCPU's APIC ID, which is its index. KVM takes it from any thread,
 * kicks the vCPU and wakes it from HLT (HLT stays in KVM). The guest
 * acknowledges with an EOI, as Xen's guests do with a per-vCPU upcall
 * vector (Linux's sysvec_xen_hvm_callback).
 *
 * Secondary vCPUs start in KVM's wait-for-SIPI state, as on a PC, so a
 * guest brings them up with INIT and SIPI through its LAPIC.
 */
#include <errno.h>
#include <string.h>

#include "platform/platform.h"
#include "xhvm/guest_abi.h"

/* The MSI address: 0xfee00000 with the destination APIC ID in 19:12. */
#define MSI_ADDR_BASE	  0xfee00000u
#define MSI_ADDR_DEST(id) ((uint32_t)(id) << 12)
/* Pins the split irqchip's (userspace) IOAPIC would route: none here. */
#define SPLIT_IRQCHIP_ROUTES 24

static uint64_t counts[XHVM_MAX_VCPUS];

static int raise_vector(struct vcpu *v, uint8_t vector)
{
	struct kvm_msi msi = {
		.address_lo = MSI_ADDR_BASE | MSI_ADDR_DEST(v->index),
		.data = vector, /* fixed delivery, edge */
	};
	int r = __kvm_ioctl(v->vm->fd, KVM_SIGNAL_MSI, &msi);

	TRACE(v, "interrupt: KVM_SIGNAL_MSI at vector %#x to APIC ID %u",
	      vector, v->index);
	if (r < 0) {
		xhvm_err("vCPU %u: KVM_SIGNAL_MSI: %s", v->index,
			 strerror(errno));
		return -1;
	}
	__atomic_fetch_add(&counts[v->index % XHVM_MAX_VCPUS], 1,
			   __ATOMIC_RELAXED);
	return 0;
}

static void lower(struct vcpu *v)
{
	(void)v; /* an edge once sent stays sent, as on a LAPIC */
}

static bool took_one(struct vcpu *v)
{
	(void)v; /* HLT never leaves KVM */
	return false;
}

static uint64_t count(struct vcpu *v)
{
	return __atomic_load_n(&counts[v->index % XHVM_MAX_VCPUS],
			       __ATOMIC_RELAXED);
}

static const struct irq_delivery delivery = {
	.name = "LAPIC (KVM_SIGNAL_MSI)",
	.raise = raise_vector,
	.lower = lower,
	.took_one = took_one,
	.count = count,
	.edge = true,
};

const struct irq_delivery *irq_lapic(void)
{
	return &delivery;
}

int irq_lapic_create(struct vm *vm)
{
	struct kvm_enable_cap cap = {.cap = KVM_CAP_SPLIT_IRQCHIP,
				     .args = {SPLIT_IRQCHIP_ROUTES}};

	if (kvm_check_cap(vm->fd, KVM_CAP_SPLIT_IRQCHIP) <= 0 ||
	    kvm_check_cap(vm->fd, KVM_CAP_SIGNAL_MSI) <= 0)
		return XHVM_EXIT_NO_CAP; /* the caller says what to do */
	if (kvm_ioctl(vm->fd, KVM_ENABLE_CAP, &cap) < 0)
		return XHVM_EXIT_HOST;
	memset(counts, 0, sizeof(counts));
	vm->lapic = true;
	return 0;
}
