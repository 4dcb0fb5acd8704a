/*
 * The in-kernel Xen MSR backends, both through KVM_XEN_HVM_CONFIG:
 *
 *   kernel     KVM gets the host addresses of the two blobs and copies a
 *              page of one of them on the guest's WRMSR, with no exit.
 *   intercept  KVM writes its own page of `mov $i,%eax; vmcall; ret` stubs
 *              and turns every VMCALL/VMMCALL into KVM_EXIT_XEN, which goes
 *              to the same dispatcher as the doorbell port.
 */
#include "xen/xen.h"

int msr_kernel_setup(struct xen_domain *d)
{
	const struct xen_config *cfg = d->cfg;
	struct kvm_xen_hvm_config c = {.msr = cfg->msr};

	if (d->backend == XHVM_BACKEND_INTERCEPT) {
		/* KVM refuses blob fields alongside INTERCEPT_HCALL. */
		c.flags = KVM_XEN_HVM_CONFIG_INTERCEPT_HCALL;
	} else {
		/* KVM reads the blobs from these addresses on every write. */
		c.blob_addr_64 = (uintptr_t)cfg->blob64.data;
		c.blob_size_64 = (uint8_t)cfg->blob64.pages;
		c.blob_addr_32 = (uintptr_t)cfg->blob32.data;
		c.blob_size_32 = (uint8_t)cfg->blob32.pages;
	}
	if (kvm_ioctl(d->vm->fd, KVM_XEN_HVM_CONFIG, &c) < 0)
		return XHVM_EXIT_HOST;
	return 0;
}
