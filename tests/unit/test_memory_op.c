/*
 * Unit tests for memory_op on a fake vCPU: placing shared_info, in both
 * guest word sizes, and every error a guest can provoke. No KVM.
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
	check(physmap(f, DOMID_SELF, XENMAPSPACE_grant_table, 0, 0x250) ==
		      -XEN_ENOSYS,
	      "add_to_physmap(grant_table) = -ENOSYS: xhvm has none");
	check(physmap(f, 3, XENMAPSPACE_shared_info, 0, 0x250) == -XEN_ESRCH,
	      "add_to_physmap for domain 3 = -ESRCH");
	check(physmap(f, DOMID_SELF, XENMAPSPACE_shared_info, 0, RAM / 4096) ==
		      -XEN_EINVAL,
	      "add_to_physmap past RAM = -EINVAL");
	check(physmap(f, DOMID_SELF, XENMAPSPACE_shared_info, 0, 0x20) ==
		      -XEN_EINVAL,
	      "add_to_physmap in xhvm's first MiB = -EINVAL");
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

int main(void)
{
	struct fake f;

	fake_init(&f, RAM);
	fake_mode_64(&f);
	test_memory_op(&f);
	fake_free(&f);
	return check_summary();
}
