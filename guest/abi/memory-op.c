/*
 * The memory_op family from a guest: add_to_physmap of shared_info and of
 * a grant table frame, in the guest's own RAM, the memory map, a page
 * given back and taken again, with each error return.
 */
#include "console.h"
#include "guest.h"
#include "hypercall.h"
#include "report.h"

#define FAR 0x7fff00000000ul

static uint8_t shinfo[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t grants[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t spare[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static long physmap(uint16_t domid, uint32_t space, uint64_t idx, uint64_t gpfn)
{
	struct xen_add_to_physmap_64 a = {domid, 0, space, idx, gpfn};

	return xen_hypercall2(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
			      (unsigned long)&a);
}

/* The E820 map: xhvm's first MiB reserved, RAM to the end of --mem. */
static void check_map(uint64_t ram_size)
{
	static struct e820entry map[8];
	struct xen_memory_map_64 m = {8, 0, (uintptr_t)map};

	report_eq(xen_hypercall2(__HYPERVISOR_memory_op, XENMEM_memory_map,
				 (unsigned long)&m),
		  0, "memory_map");
	report(m.nr_entries >= 2 && map[0].addr == 0 && map[0].type == 2 &&
		       map[1].addr == 0x100000 &&
		       map[1].addr + map[1].size == ram_size &&
		       map[1].type == 1,
	       "%u entries: reserved [0, 1 MiB), RAM to %llu MiB", m.nr_entries,
	       (unsigned long long)(ram_size >> 20));
}

static long reservation(unsigned int op, uint64_t gfn)
{
	struct xen_memory_reservation_64 r = {.extent_start = (uintptr_t)&gfn,
					      .nr_extents = 1,
					      .domid = DOMID_SELF};

	return xen_hypercall2(__HYPERVISOR_memory_op, op, (unsigned long)&r);
}

/* A page given back reads as zeros once taken again. */
static void check_reservation(void)
{
	uint64_t gfn = (uintptr_t)spare / PAGE_SIZE;
	uint16_t self = DOMID_SELF;
	long before = xen_hypercall2(__HYPERVISOR_memory_op,
				     XENMEM_current_reservation,
				     (unsigned long)&self);

	spare[9] = 0x99;
	report_eq(reservation(XENMEM_decrease_reservation, gfn), 1,
		  "decrease_reservation of a page of .bss");
	report_eq(reservation(XENMEM_decrease_reservation, gfn), 0,
		  "again: nothing left to give");
	report_eq(xen_hypercall2(__HYPERVISOR_memory_op,
				 XENMEM_current_reservation,
				 (unsigned long)&self),
		  before - 1, "current_reservation one page down");
	report_eq(reservation(XENMEM_populate_physmap, gfn), 1,
		  "populate_physmap takes it back");
	report(spare[9] == 0, "and it reads as zeros (%#x)", spare[9]);
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
	report_eq(physmap(DOMID_SELF, XENMAPSPACE_grant_table, 0,
			  (uintptr_t)grants / PAGE_SIZE),
		  0, "grant table frame 0 in the guest's RAM");
	report_eq(physmap(3, XENMAPSPACE_shared_info, 0, gpfn), -XEN_ESRCH,
		  "add_to_physmap for domain 3");
	report_eq(physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, 0xfee00),
		  -XEN_EINVAL, "shared_info on the local APIC's page");
	report_eq(physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, 0x10),
		  -XEN_EINVAL, "shared_info in xhvm's first MiB");
	report_eq(xen_hypercall2(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
				 FAR),
		  -XEN_EFAULT, "add_to_physmap with an unmapped argument");
	report_eq(xen_hypercall2(__HYPERVISOR_memory_op, 99, 0), -XEN_ENOSYS,
		  "memory_op 99");
	check_map(boot->ram_size);
	check_reservation();
	return report_summary();
}
