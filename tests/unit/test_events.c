/*
 * Unit tests for event channels, timers, SCHEDOP_block and SCHEDOP_poll on
 * a fake vCPU: the bits in shared_info and vcpu_info, every error return,
 * and waits that end by an event, a deadline, or never (a guest fault).
 */
#include <time.h>

#include "check.h"
#include "fake_vcpu.h"

#define RAM    (4ull << 20)
#define BUF    0x200000ull
#define SHINFO 0x250000ull
#define PORTS  0x260000ull
#define FAR    0x7fff00000000ull

static uint8_t *mem(struct fake *f, uint64_t gpa)
{
	return f->vm.mem.host + gpa;
}

static bool bit(struct fake *f, uint64_t gpa, unsigned n)
{
	return mem(f, gpa)[n / 8] & (1u << (n % 8));
}

static void set_bit8(struct fake *f, uint64_t gpa, unsigned n, bool on)
{
	if (on)
		mem(f, gpa)[n / 8] |= (uint8_t)(1u << (n % 8));
	else
		mem(f, gpa)[n / 8] &= (uint8_t) ~(1u << (n % 8));
}

#define PENDING (SHINFO + XEN_SHINFO64_EVTCHN_PENDING)
#define MASK	(SHINFO + XEN_SHINFO64_EVTCHN_MASK)
#define UPCALL	(SHINFO + XEN_VCPU_INFO_UPCALL_PENDING)
#define SEL	(SHINFO + 8)

/* An event_channel_op whose struct is `size` bytes at BUF. */
static int64_t evt(struct fake *f, uint32_t cmd, const void *arg, size_t size)
{
	memcpy(mem(f, BUF), arg, size);
	return fake_hcall(f, __HYPERVISOR_event_channel_op, cmd, BUF);
}

static uint32_t out_port(struct fake *f, size_t off)
{
	uint32_t p;

	memcpy(&p, mem(f, BUF + off), 4);
	return p;
}

static struct evtchn_status status_of(struct fake *f, uint32_t port, int64_t *r)
{
	struct evtchn_status s = {.dom = DOMID_SELF, .port = port};

	*r = evt(f, EVTCHNOP_status, &s, sizeof(s));
	memcpy(&s, mem(f, BUF), sizeof(s));
	return s;
}

static void map_shinfo(struct fake *f)
{
	struct xen_add_to_physmap_64 a = {
		DOMID_SELF, 0, XENMAPSPACE_shared_info, 0, SHINFO / 4096};

	memcpy(mem(f, BUF), &a, sizeof(a));
	fake_hcall(f, __HYPERVISOR_memory_op, XENMEM_add_to_physmap, BUF);
}

struct ports {
	uint32_t unbound, ipi, virq;
};

/* Binding ports, and each bind's status. */
static struct ports test_bind(struct fake *f)
{
	struct evtchn_alloc_unbound au = {DOMID_SELF, 7, 0};
	struct evtchn_bind_ipi bi = {0, 0};
	struct evtchn_bind_virq bv = {VIRQ_TIMER, 0, 0};
	struct evtchn_status st;
	struct ports p;
	uint32_t unbound, ipi, virq;
	int64_t r;

	r = evt(f, EVTCHNOP_alloc_unbound, &au, sizeof(au));
	unbound = out_port(f, 4);
	check(r == 0 && unbound == 1, "alloc_unbound(remote 7) = 0, port 1");
	st = status_of(f, unbound, &r);
	check(r == 0 && st.status == EVTCHNSTAT_unbound &&
		      st.u.unbound.dom == 7,
	      "status(1): unbound, remote domain %u", st.u.unbound.dom);
	r = evt(f, EVTCHNOP_bind_ipi, &bi, sizeof(bi));
	ipi = out_port(f, 4);
	check(r == 0 && ipi == 2, "bind_ipi(vCPU 0) = 0, port 2");
	st = status_of(f, ipi, &r);
	check(r == 0 && st.status == EVTCHNSTAT_ipi && st.vcpu == 0,
	      "status(2): ipi on vCPU 0");
	r = evt(f, EVTCHNOP_bind_virq, &bv, sizeof(bv));
	virq = out_port(f, 8);
	check(r == 0 && virq == 3, "bind_virq(VIRQ_TIMER, vCPU 0) = 0, port 3");
	st = status_of(f, virq, &r);
	check(r == 0 && st.status == EVTCHNSTAT_virq && st.u.virq == VIRQ_TIMER,
	      "status(3): virq %u", st.u.virq);
	check(evt(f, EVTCHNOP_bind_virq, &bv, sizeof(bv)) == -XEN_EEXIST,
	      "bind_virq(VIRQ_TIMER) again = -EEXIST");
	bv.virq = NR_VIRQS;
	check(evt(f, EVTCHNOP_bind_virq, &bv, sizeof(bv)) == -XEN_EINVAL,
	      "bind_virq(%d) = -EINVAL", NR_VIRQS);
	bv = (struct evtchn_bind_virq){1, 1, 0};
	check(evt(f, EVTCHNOP_bind_virq, &bv, sizeof(bv)) == -XEN_ENOENT,
	      "bind_virq on vCPU 1 of 1 = -ENOENT");
	bv.virq = VIRQ_CONSOLE;
	check(evt(f, EVTCHNOP_bind_virq, &bv, sizeof(bv)) == -XEN_EINVAL,
	      "bind_virq(VIRQ_CONSOLE, vCPU 1) = -EINVAL: a global VIRQ is "
	      "vCPU 0's, checked first");
	bi.vcpu = 1;
	check(evt(f, EVTCHNOP_bind_ipi, &bi, sizeof(bi)) == -XEN_ENOENT,
	      "bind_ipi(vCPU 1 of 1) = -ENOENT");
	check(fake_hcall(f, __HYPERVISOR_event_channel_op, EVTCHNOP_bind_ipi,
			 FAR) == -XEN_EFAULT,
	      "bind_ipi with its argument outside RAM = -EFAULT");
	au.dom = 3;
	check(evt(f, EVTCHNOP_alloc_unbound, &au, sizeof(au)) == -XEN_ESRCH,
	      "alloc_unbound for domain 3 = -ESRCH");
	p.unbound = unbound, p.ipi = ipi, p.virq = virq;
	return p;
}

/* Sending to, masking, unmasking and closing the ports test_bind made. */
static void test_send_close(struct fake *f, struct ports p)
{
	struct evtchn_bind_ipi bi = {0, 0};
	uint32_t unbound = p.unbound, ipi = p.ipi, virq = p.virq, ipi2;
	struct evtchn_set_priority sp = {0, EVTCHN_FIFO_PRIORITY_MAX};
	struct evtchn_port_arg pa;
	struct evtchn_status st;
	int64_t r;

	/* send: IPI pending, selector, upcall_pending. */
	pa.port = ipi;
	check(evt(f, EVTCHNOP_send, &pa, sizeof(pa)) == 0 &&
		      bit(f, PENDING, ipi) && bit(f, SEL, 0) &&
		      *mem(f, UPCALL) == 1,
	      "send(ipi) sets pending bit 2, selector bit 0, upcall_pending");
	pa.port = unbound;
	check(evt(f, EVTCHNOP_send, &pa, sizeof(pa)) == 0 &&
		      !bit(f, PENDING, unbound),
	      "send(unbound) = 0 and is dropped, as on Xen");
	pa.port = virq;
	check(evt(f, EVTCHNOP_send, &pa, sizeof(pa)) == -XEN_EINVAL,
	      "send(virq port) = -EINVAL");

	/* Masked: pending, but no upcall until unmasked. */
	evt(f, EVTCHNOP_bind_ipi, &bi, sizeof(bi));
	ipi2 = out_port(f, 4);
	*mem(f, UPCALL) = 0;
	set_bit8(f, SEL, 0, false);
	set_bit8(f, MASK, ipi2, true);
	pa.port = ipi2;
	check(evt(f, EVTCHNOP_send, &pa, sizeof(pa)) == 0 &&
		      bit(f, PENDING, ipi2) && *mem(f, UPCALL) == 0,
	      "send to masked port %u: pending, no upcall", ipi2);
	check(evt(f, EVTCHNOP_unmask, &pa, sizeof(pa)) == 0 &&
		      !bit(f, MASK, ipi2) && *mem(f, UPCALL) == 1 &&
		      bit(f, SEL, 0),
	      "unmask(%u) delivers the pending event", ipi2);

	/* close */
	pa.port = ipi;
	check(bit(f, PENDING, ipi) &&
		      evt(f, EVTCHNOP_close, &pa, sizeof(pa)) == 0 &&
		      !bit(f, PENDING, ipi),
	      "close(ipi) = 0, and its pending bit goes with it, as Xen's");
	st = status_of(f, ipi, &r);
	check(r == 0 && st.status == EVTCHNSTAT_closed,
	      "status of a closed port: closed");
	check(evt(f, EVTCHNOP_send, &pa, sizeof(pa)) == -XEN_EINVAL,
	      "send(closed port) = -EINVAL");
	pa.port = 0;
	check(evt(f, EVTCHNOP_close, &pa, sizeof(pa)) == -XEN_EINVAL,
	      "close(0) = -EINVAL");
	pa.port = EVTCHN_MAX_PORTS;
	check(evt(f, EVTCHNOP_send, &pa, sizeof(pa)) == -XEN_EINVAL,
	      "send(%d) = -EINVAL", EVTCHN_MAX_PORTS);
	st = status_of(f, 5000, &r);
	check(r == -XEN_EINVAL, "status(5000) = -EINVAL");
	sp.port = virq;
	check(evt(f, EVTCHNOP_set_priority, &sp, sizeof(sp)) == -XEN_ENOSYS,
	      "set_priority(virq port) under 2-level = -ENOSYS, as Xen");
	check(fake_hcall(f, __HYPERVISOR_event_channel_op,
			 EVTCHNOP_bind_interdomain, BUF) == -XEN_ENOSYS,
	      "bind_interdomain = -ENOSYS: not provided");
	check(fake_hcall(f, __HYPERVISOR_event_channel_op, 99, BUF) ==
		      -XEN_ENOSYS,
	      "event_channel_op 99 = -ENOSYS");
	pa.port = virq;
	check(evt(f, EVTCHNOP_close, &pa, sizeof(pa)) == 0 &&
		      f->x->virq_port[VIRQ_TIMER] == 0,
	      "close(virq) unbinds VIRQ_TIMER");
}

static void test_exhaustion(struct fake *f)
{
	struct evtchn_alloc_unbound au = {DOMID_SELF, 0, 0};
	unsigned n = 0;
	int64_t r;

	while ((r = evt(f, EVTCHNOP_alloc_unbound, &au, sizeof(au))) == 0)
		n++;
	check(r == -XEN_ENOSPC && n < EVTCHN_MAX_PORTS,
	      "alloc_unbound runs out after %u more ports: -ENOSPC", n);
	memset(f->dom.evtchn, 0, EVTCHN_MAX_PORTS * sizeof(*f->dom.evtchn));
}

/* Xen system time, as the guest's clock reads it. */
static uint64_t now_ns(struct fake *f)
{
	return xen_clock_now(f->x);
}

/* SCHEDOP_poll on the timer's port, with and without a timeout. */
static void test_poll(struct fake *f, uint32_t port)
{
	struct sched_poll_64 poll;
	uint64_t start, took;
	int64_t r;

	/* poll on the timer port: the timer ends it, port pending. */
	check(fake_hcall(f, __HYPERVISOR_set_timer_op, now_ns(f) + 2000000,
			 0) == 0,
	      "set_timer_op(now + 2 ms) = 0");
	memcpy(mem(f, PORTS), &port, 4);
	poll = (struct sched_poll_64){.ports = PORTS, .nr_ports = 1};
	memcpy(mem(f, BUF), &poll, sizeof(poll));
	start = now_ns(f);
	r = fake_hcall(f, __HYPERVISOR_sched_op, SCHEDOP_poll, BUF);
	took = now_ns(f) - start;
	check(r == 0 && bit(f, PENDING, port) && took >= 1000000,
	      "poll(timer port) returns when the timer fires, %llu us later",
	      (unsigned long long)took / 1000);

	/* poll with a timeout and nothing pending: returns at the timeout. */
	memset(mem(f, PENDING), 0, 512);
	poll.timeout = now_ns(f) + 3000000;
	memcpy(mem(f, BUF), &poll, sizeof(poll));
	start = now_ns(f);
	r = fake_hcall(f, __HYPERVISOR_sched_op, SCHEDOP_poll, BUF);
	took = now_ns(f) - start;
	check(r == 0 && start + took >= poll.timeout,
	      "poll with a 3 ms timeout returns after %llu us",
	      (unsigned long long)took / 1000);
	poll.nr_ports = SCHEDOP_POLL_MAX_PORTS + 1;
	memcpy(mem(f, BUF), &poll, sizeof(poll));
	check(fake_hcall(f, __HYPERVISOR_sched_op, SCHEDOP_poll, BUF) ==
		      -XEN_EINVAL,
	      "poll of %d ports = -EINVAL", SCHEDOP_POLL_MAX_PORTS + 1);
	poll.nr_ports = 1;
	memset(mem(f, PORTS), 0, 4); /* port 0 */
	memcpy(mem(f, BUF), &poll, sizeof(poll));
	check(fake_hcall(f, __HYPERVISOR_sched_op, SCHEDOP_poll, BUF) ==
		      -XEN_EINVAL,
	      "poll of port 0 = -EINVAL");
}

static void test_singleshot(struct fake *f, uint32_t port)
{
	struct vcpu_set_singleshot_timer t;
	int64_t r;

	/*
	 * The singleshot timer: since Xen 4.18 VCPU_SSHOTTMR_future is
	 * ignored, and a time in the past fires at once.
	 */
	memset(mem(f, PENDING), 0, 512);
	t = (struct vcpu_set_singleshot_timer){.timeout_abs_ns = 1,
					       .flags = VCPU_SSHOTTMR_future};
	memcpy(mem(f, BUF), &t, sizeof(t));
	r = fake_hcall3(f, __HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0,
			BUF);
	xen_timer_check(f->x);
	check(r == 0 && bit(f, PENDING, port) && f->x->sshot_ns == 0,
	      "set_singleshot_timer(past, future flag) = 0, and fires at once");
	t.timeout_abs_ns = now_ns(f) + 1000000;
	memcpy(mem(f, BUF), &t, sizeof(t));
	check(fake_hcall3(f, __HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer,
			  0, BUF) == 0 &&
		      f->x->sshot_ns == t.timeout_abs_ns,
	      "set_singleshot_timer(now + 1 ms) = 0");
	check(fake_hcall3(f, __HYPERVISOR_vcpu_op, VCPUOP_stop_singleshot_timer,
			  0, 0) == 0 &&
		      f->x->sshot_ns == 0,
	      "stop_singleshot_timer disarms it");
}

static void test_block(struct fake *f)
{
	uint64_t start, took;
	int64_t r;

	/* block: returns at once with an upcall pending... */
	*mem(f, UPCALL) = 1;
	mem(f, SHINFO)[XEN_VCPU_INFO_UPCALL_MASK] = 1;
	check(fake_hcall(f, __HYPERVISOR_sched_op, SCHEDOP_block, 0) == 0 &&
		      mem(f, SHINFO)[XEN_VCPU_INFO_UPCALL_MASK] == 0,
	      "block with an upcall pending returns, events unmasked");
	/* ...and waits for the timer otherwise. */
	*mem(f, UPCALL) = 0;
	memset(mem(f, PENDING), 0, 512);
	fake_hcall(f, __HYPERVISOR_set_timer_op, now_ns(f) + 2000000, 0);
	start = now_ns(f);
	r = fake_hcall(f, __HYPERVISOR_sched_op, SCHEDOP_block, 0);
	took = now_ns(f) - start;
	check(r == 0 && *mem(f, UPCALL) == 1 && took >= 1000000,
	      "block returns when the timer's VIRQ arrives, %llu us later",
	      (unsigned long long)took / 1000);
}

/* Waiting for the timer: poll, the singleshot timer, block. */
static void test_timers(struct fake *f)
{
	struct evtchn_bind_virq bv = {VIRQ_TIMER, 0, 0};
	uint32_t port;

	evt(f, EVTCHNOP_bind_virq, &bv, sizeof(bv));
	port = out_port(f, 8);
	memset(mem(f, PENDING), 0, 512);
	test_poll(f, port);
	test_singleshot(f, port);
	test_block(f);
}

static void test_stuck(struct fake *f)
{
	struct xhvm_action act;

	*mem(f, UPCALL) = 0;
	*fake_regs(f) = (struct kvm_regs){.rax = __HYPERVISOR_sched_op,
					  .rdi = SCHEDOP_block};
	act = hypercall_from_port(f->vcpu, XHVM_HCALL_PORT, true, 4, 1, NULL,
				  NULL);
	check(act.next == XHVM_NEXT_STOP && act.status == XHVM_EXIT_GUEST_FAULT,
	      "block with no event and no timer on the only vCPU is a guest "
	      "fault (exit 4)");
}

int main(void)
{
	struct fake f;
	struct evtchn_bind_ipi bi = {0, 0};
	struct evtchn_port_arg pa;

	vcpu_kick_init(); /* the timer's signal must not kill us */
	fake_init(&f, RAM);
	fake_mode_64(&f);
	check(evt(&f, EVTCHNOP_bind_ipi, &bi, sizeof(bi)) == 0,
	      "bind_ipi before shared_info is mapped = 0");
	pa.port = out_port(&f, 4);
	check(evt(&f, EVTCHNOP_send, &pa, sizeof(pa)) == 0,
	      "send before shared_info = 0, with nowhere to mark it");
	evt(&f, EVTCHNOP_close, &pa, sizeof(pa));
	map_shinfo(&f);
	test_send_close(&f, test_bind(&f));
	test_exhaustion(&f);
	test_timers(&f);
	test_stuck(&f);
	fake_free(&f);
	return check_summary();
}
