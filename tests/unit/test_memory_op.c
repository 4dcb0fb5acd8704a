/*
 * Unit tests for memory_op and grant_table_op on a fake vCPU: placing
 * shared_info and grant frames, in both guest word sizes, the memory map,
 * giving RAM back and taking it again, and every error a guest can
 * provoke. No KVM.
 */
#include <time.h>

#include "check.h"
#include "fake_vcpu.h"

#define RAM (4ull << 20)
#define BUF 0x200000ull	      /* guest scratch */
#define FAR 0x7fff00000000ull /* outside RAM */

static int64_t physmap(struct fake *f, uint16_t domid, uint32_t space,
		       uint64_t idx, uint64_t gpfn)
{
	if (f->run->s.regs.sregs.cs.l) {
		struct xen_add_to_physmap_64 a = {domid, 0, space, idx, gpfn};

		memcpy(fake_mem(f, BUF), &a, sizeof(a));
	} else {
		struct xen_add_to_physmap_32 a = {
			domid, 0, space, (uint32_t)idx, (uint32_t)gpfn};

		memcpy(fake_mem(f, BUF), &a, sizeof(a));
	}
	return fake_hcall(f, __HYPERVISOR_memory_op, XENMEM_add_to_physmap,
			  BUF);
}

static void test_memory_op(struct fake *f)
{
	const uint64_t shinfo = 0x250000;
	const struct xen_wallclock *wc =
		(void *)fake_mem(f, shinfo + XEN_SHINFO64_WALLCLOCK);
	const struct vcpu_time_info *t =
		(void *)fake_mem(f, shinfo + XEN_VCPU_INFO_TIME);
	time_t now = time(NULL);

	memset(fake_mem(f, shinfo), 0x77, 4096);
	check(physmap(f, DOMID_SELF, XENMAPSPACE_shared_info, 0, 0x250) == 0 &&
		      f->dom.shinfo == (shinfo | SHINFO_LONG),
	      "add_to_physmap(shared_info, gpfn 0x250) = 0");
	check(fake_mem(f, shinfo)[0x100] == 0 &&
		      fake_mem(f, shinfo)[0xfff] == 0,
	      "the shared_info page starts cleared");
	check(wc->wc_version && !(wc->wc_version & 1) &&
		      wc->wc_sec + 5 >= (uint64_t)now - 100000 &&
		      wc->wc_sec <= (uint64_t)now,
	      "64-bit wallclock at 0xc00: version %u, boot at %u s (now %ld)",
	      wc->wc_version, wc->wc_sec, (long)now);
	check(t->version && !(t->version & 1) && t->system_time > 0,
	      "vcpu_info[0].time: version %u, system_time %llu ns", t->version,
	      (unsigned long long)t->system_time);
	check(physmap(f, DOMID_SELF, XENMAPSPACE_shared_info, 1, 0x250) ==
		      -XEN_EINVAL,
	      "add_to_physmap(shared_info, idx 1) = -EINVAL");
	check(physmap(f, DOMID_SELF, 9, 0, 0x250) == -XEN_EINVAL,
	      "add_to_physmap(space 9) = -EINVAL, as Xen");
	check(physmap(f, 3, XENMAPSPACE_shared_info, 0, 0x250) == -XEN_ESRCH,
	      "add_to_physmap for domain 3 = -ESRCH");
	check(physmap(f, DOMID_SELF, XENMAPSPACE_shared_info, 0, 0xfee00) ==
		      -XEN_EINVAL,
	      "add_to_physmap in the PC's device area (the LAPIC) = -EINVAL");
	check(physmap(f, DOMID_SELF, XENMAPSPACE_shared_info, 0, 0x20) ==
		      -XEN_EINVAL,
	      "add_to_physmap in xhvm's first MiB = -EINVAL");
	check(physmap(f, DOMID_SELF, XENMAPSPACE_shared_info, 0, 1ull << 30) ==
		      -XEN_EINVAL,
	      "add_to_physmap at 4 TiB = -EINVAL: out of reach");
	check(fake_hcall(f, __HYPERVISOR_memory_op, XENMEM_add_to_physmap,
			 FAR) == -XEN_EFAULT,
	      "add_to_physmap with its argument outside RAM = -EFAULT");
	check(fake_hcall(f, __HYPERVISOR_memory_op, 99, BUF) == -XEN_ENOSYS,
	      "memory_op(99) = -ENOSYS");

	/*
	 * A 32-bit guest: 16-byte argument, 32-bit shared_info layout, with
	 * room for 1024 ports: the ones bound above that are closed.
	 */
	f->dom.evtchn[2000] = (struct evtchn){.state = EVTCHN_UNBOUND};
	f->dom.evtchn[1500] = (struct evtchn){.state = EVTCHN_VIRQ, .virq = 1};
	f->x->virq_port[1] = 1500;
	f->dom.evtchn[1000] = (struct evtchn){.state = EVTCHN_UNBOUND};
	fake_mode_32(f);
	check(physmap(f, DOMID_SELF, XENMAPSPACE_shared_info, 0, 0x260) == 0 &&
		      f->dom.shinfo == 0x260000,
	      "32-bit add_to_physmap(shared_info, gpfn 0x260) = 0");
	check(f->dom.evtchn[2000].state == EVTCHN_FREE &&
		      f->dom.evtchn[1500].state == EVTCHN_FREE &&
		      f->x->virq_port[1] == 0 &&
		      f->dom.evtchn[1000].state == EVTCHN_UNBOUND,
	      "the 32-bit layout closed ports 1500 (a VIRQ) and 2000, kept "
	      "port 1000");
	pthread_mutex_lock(&f->vm.lock);
	evtchn_set_pending(&f->dom, 2000);
	pthread_mutex_unlock(&f->vm.lock);
	check(fake_mem(f,
		       0x260000 +
			       XEN_SHINFO32_EVTCHN_MASK)[(2000 - 1024) / 8] ==
		      0,
	      "a port past the 32-bit bitmap marks nothing (the mask bits "
	      "after it stay clear)");
	f->dom.evtchn[1000] = (struct evtchn){0};
	wc = (void *)fake_mem(f, 0x260000 + XEN_SHINFO32_WALLCLOCK);
	check(wc->wc_version && !(wc->wc_version & 1),
	      "32-bit wallclock lives at 0x900 (version %u)", wc->wc_version);
	fake_mode_64(f);
}

/* A call with no more than a struct xen_memory_domain. */
static int64_t of_domain(struct fake *f, uint64_t op, uint16_t domid)
{
	memcpy(fake_mem(f, BUF), &domid, sizeof(domid));
	return fake_hcall(f, __HYPERVISOR_memory_op, op, BUF);
}

static int64_t reserve(struct fake *f, uint64_t op, uint64_t gfn,
		       uint32_t order)
{
	struct xen_memory_reservation_64 r = {BUF + 0x100, 1, order, 0,
					      DOMID_SELF};

	memcpy(fake_mem(f, BUF), &r, sizeof(r));
	memcpy(fake_mem(f, BUF + 0x100), &gfn, sizeof(gfn));
	return fake_hcall(f, __HYPERVISOR_memory_op, op, BUF);
}

/* The map, RAM given back and taken again, and the sizes that follow. */
static void test_reservation(struct fake *f)
{
	struct xen_memory_map_64 m = {8, 0, BUF + 0x100};
	struct e820entry e[3];
	uint64_t pages = RAM / 4096;

	memcpy(fake_mem(f, BUF), &m, sizeof(m));
	check(fake_hcall(f, __HYPERVISOR_memory_op, XENMEM_memory_map, BUF) ==
			      0 &&
		      *(uint32_t *)fake_mem(f, BUF) == 2,
	      "memory_map: 2 entries (xhvm's first MiB, then RAM)");
	memcpy(e, fake_mem(f, BUF + 0x100), sizeof(e));
	check(e[0].addr == 0 && e[0].size == 0x100000 && e[0].type == 2 &&
		      e[1].addr == 0x100000 && e[1].size == RAM - 0x100000 &&
		      e[1].type == 1,
	      "... reserved [0, 1 MiB), RAM [1 MiB, %llu MiB), 20 bytes each",
	      (unsigned long long)(RAM >> 20));
	m.nr_entries = 1;
	memcpy(fake_mem(f, BUF), &m, sizeof(m));
	check(fake_hcall(f, __HYPERVISOR_memory_op, XENMEM_memory_map, BUF) ==
			      0 &&
		      *(uint32_t *)fake_mem(f, BUF) == 1,
	      "memory_map with room for 1: 1 entry, as Xen");
	fake_mem(f, 0x300000)[5] = 0x42;
	check(reserve(f, XENMEM_decrease_reservation, 0x300, 0) == 1 &&
		      fake_mem(f, 0x300000)[5] == 0,
	      "decrease_reservation(gfn 0x300) = 1: given back, reads 0");
	check(reserve(f, XENMEM_decrease_reservation, 0x300, 0) == 0,
	      "again = 0: it is gone (XTF's xsa-277)");
	check(of_domain(f, XENMEM_current_reservation, DOMID_SELF) ==
			      (int64_t)pages - 1 &&
		      of_domain(f, XENMEM_maximum_reservation, XHVM_DOMID) ==
			      (int64_t)pages,
	      "current_reservation is one page short of the maximum");
	check(reserve(f, XENMEM_decrease_reservation, 0x20, 0) == 0,
	      "xhvm's pages cannot be given back");
	check(reserve(f, XENMEM_populate_physmap, 0x300, 0) == 1 &&
		      of_domain(f, XENMEM_current_reservation, DOMID_SELF) ==
			      (int64_t)pages,
	      "populate_physmap(0x300) = 1: back, the count whole again");
	check(reserve(f, XENMEM_decrease_reservation, 0x310, 4) == 1 &&
		      reserve(f, XENMEM_populate_physmap, 0x310, 4) == 1 &&
		      reserve(f, XENMEM_populate_physmap, 0x310, 10) == 0,
	      "16-page extents work; order 10 is past Xen's 9");
	check(reserve(f, XENMEM_decrease_reservation | 1 << 6, 0x300, 0) == 1,
	      "a continuation past the one extent does nothing: 1 (done)");
	check(reserve(f, XENMEM_increase_reservation, 0x300, 0) == 0,
	      "increase_reservation: 0 extents, the domain is at --mem");
	check(of_domain(f, XENMEM_maximum_gpfn, DOMID_SELF) ==
			      (int64_t)pages - 1 &&
		      of_domain(f, XENMEM_current_reservation, 3) == -XEN_ESRCH,
	      "maximum_gpfn is the last RAM page; domain 3 is -ESRCH");
	check(fake_hcall(f, __HYPERVISOR_memory_op, XENMEM_maximum_ram_page,
			 0) == (int64_t)pages &&
		      fake_hcall(f, __HYPERVISOR_memory_op,
				 XENMEM_maximum_ram_page | 1ull << 32,
				 0) == -XEN_EINVAL,
	      "maximum_ram_page; with upper bits in cmd -EINVAL (a "
	      "start_extent, as Xen reads them)");
}

static int64_t gnttab(struct fake *f, uint64_t op, const void *arg, size_t size,
		      uint64_t count)
{
	memcpy(fake_mem(f, BUF), arg, size);
	return fake_hcall3(f, __HYPERVISOR_grant_table_op, op, BUF, count);
}

/* Grant table frames: where a guest puts them, version 1 only. */
static void test_grant_table(struct fake *f)
{
	struct gnttab_set_version v = {1};
	struct gnttab_query_size q = {DOMID_SELF, 0, 0, 0, 7, 0};
	struct gnttab_setup_table_64 st = {DOMID_SELF, 0,   2,
					   0,	       {0}, BUF + 0x100};
	uint64_t list[2];

	check(gnttab(f, GNTTABOP_set_version, &v, sizeof(v), 1) == 0,
	      "set_version(1) = 0");
	v.version = 2;
	check(gnttab(f, GNTTABOP_set_version, &v, sizeof(v), 1) == -XEN_ENOSYS,
	      "set_version(2) = -ENOSYS: a Xen limited to version 1");
	v.version = 3;
	check(gnttab(f, GNTTABOP_set_version, &v, sizeof(v), 1) == -XEN_EINVAL,
	      "set_version(3) = -EINVAL");
	check(gnttab(f, GNTTABOP_query_size, &q, sizeof(q), 1) == 0 &&
		      ((struct gnttab_query_size *)fake_mem(f, BUF))
				      ->nr_frames == 1 &&
		      ((struct gnttab_query_size *)fake_mem(f, BUF))
				      ->max_nr_frames == XEN_GNTTAB_MAX_FRAMES,
	      "query_size: 1 frame of %d", XEN_GNTTAB_MAX_FRAMES);
	check(physmap(f, DOMID_SELF, XENMAPSPACE_grant_table, 0, 0x280) == 0,
	      "add_to_physmap(grant_table, frame 0, gfn 0x280) = 0");
	fake_mem(f, 0x280000)[8] = 0x5a;
	check(physmap(f, DOMID_SELF, XENMAPSPACE_grant_table, 0,
		      RAM / 4096 + 1) == 0 &&
		      gpa_ptr(&f->vm.mem, RAM + 4096 + 8, 1) &&
		      *(uint8_t *)gpa_ptr(&f->vm.mem, RAM + 4096 + 8, 1) ==
			      0x5a,
	      "moved into the hole past RAM (as GRUB does): backed, and the "
	      "grants went with it");
	check(physmap(f, DOMID_SELF, XENMAPSPACE_grant_table,
		      0 | XENMAPIDX_grant_table_status, 0x281) == -XEN_EINVAL &&
		      physmap(f, DOMID_SELF, XENMAPSPACE_grant_table,
			      XEN_GNTTAB_MAX_FRAMES, 0x281) == -XEN_EINVAL,
	      "a status frame (version 2's), or frame %d, = -EINVAL",
	      XEN_GNTTAB_MAX_FRAMES);
	check(gnttab(f, GNTTABOP_setup_table, &st, sizeof(st), 1) == 0 &&
		      ((struct gnttab_setup_table_64 *)fake_mem(f, BUF))
				      ->status == GNTST_okay,
	      "setup_table(2 frames) = 0, GNTST_okay");
	memcpy(list, fake_mem(f, BUF + 0x100), sizeof(list));
	check(list[0] == RAM / 4096 + 1 && list[1] == ~0ull,
	      "... frame 0 where it was put, frame 1 nowhere yet");
	st.dom = 9;
	check(gnttab(f, GNTTABOP_setup_table, &st, sizeof(st), 1) == 0 &&
		      ((struct gnttab_setup_table_64 *)fake_mem(f, BUF))
				      ->status == GNTST_bad_domain,
	      "setup_table for domain 9: GNTST_bad_domain");
	check(gnttab(f, GNTTABOP_query_size, &q, sizeof(q), 513) ==
			      -XEN_EINVAL &&
		      gnttab(f, GNTTABOP_copy, &q, sizeof(q), 1) == -XEN_ENOSYS,
	      "513 operations at once = -EINVAL; copy = -ENOSYS (one "
	      "domain: nobody to copy to)");
}

int main(void)
{
	struct fake f;

	fake_init(&f, RAM);
	fake_mode_64(&f);
	/* What xhvm's boot protocol does with the first MiB. */
	memmap_set(&f.vm.map, 0, 0x100000, MEM_RESERVED, "xhvm's");
	test_memory_op(&f);
	test_reservation(&f);
	test_grant_table(&f);
	fake_free(&f);
	return check_summary();
}
