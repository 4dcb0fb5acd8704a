/*
 * The memory_op family from a guest: add_to_physmap of shared_info, in
 * the guest's own RAM, with each error return.
 */
#include "console.h"
#include "guest.h"
#include "hypercall.h"
#include "report.h"

#define FAR 0x7fff00000000ul

static uint8_t shinfo[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static long physmap(uint16_t domid, uint32_t space, uint64_t idx, uint64_t gpfn)
{
	struct xen_add_to_physmap_64 a = {domid, 0, space, idx, gpfn};

	return xen_hypercall2(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
			      (unsigned long)&a);
}

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	const uint64_t gpfn = (uintptr_t)shinfo / PAGE_SIZE;
	const struct xhvm_boot_info *boot = xhvm_boot_info();
	const struct xen_wallclock *wc =
		(const void *)(shinfo + XEN_SHINFO64_WALLCLOCK);

	(void)vcpu;
	(void)nvcpus;
	if (xen_init() != 0 || !boot)
		return 1;
	shinfo[0x100] = 0x77;
	report_eq(physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, gpfn), 0,
		  "add_to_physmap(shared_info at gpfn %#llx)",
		  (unsigned long long)gpfn);
	report(shinfo[0x100] == 0 && wc->wc_version && !(wc->wc_version & 1),
	       "the page was cleared and has the wallclock (version %u)",
	       wc->wc_version);
	report_eq(physmap(DOMID_SELF, XENMAPSPACE_shared_info, 1, gpfn),
		  -XEN_EINVAL, "shared_info idx 1");
	report_eq(physmap(DOMID_SELF, XENMAPSPACE_grant_table, 0, gpfn),
		  -XEN_ENOSYS, "XENMAPSPACE_grant_table: xhvm has none");
	report_eq(physmap(3, XENMAPSPACE_shared_info, 0, gpfn), -XEN_ESRCH,
		  "add_to_physmap for domain 3");
	report_eq(physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0,
			  boot->ram_size / PAGE_SIZE),
		  -XEN_EINVAL, "shared_info past the end of RAM");
	report_eq(physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, 0x10),
		  -XEN_EINVAL, "shared_info in xhvm's first MiB");
	report_eq(xen_hypercall2(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
				 FAR),
		  -XEN_EFAULT, "add_to_physmap with an unmapped argument");
	report_eq(xen_hypercall2(__HYPERVISOR_memory_op, 99, 0), -XEN_ENOSYS,
		  "memory_op 99");
	return report_summary();
}
