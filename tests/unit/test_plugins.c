/*
 * Unit tests for what plugs into the monitor, each on a fake VM built by
 * the monitor's own code: the hypercall registry, host-side event channel
 * endpoints, interrupt delivery, exit handlers and port/MMIO ranges, the
 * guest physical memory map, and xhvm's boot protocol.
 */
#include "check.h"
#include "fake_vcpu.h"

#define RAM    (4ull << 20)
#define BUF    0x200000ull
#define SHINFO 0x250000ull

static uint8_t *mem(struct fake *f, uint64_t gpa)
{
	return f->vm.mem.host + gpa;
}

/* ---- The hypercall registry ------------------------------------------- */

static unsigned op_calls;

static int64_t nop(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	(void)x;
	(void)c;
	op_calls++;
	return 0;
}

static int64_t answer(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	(void)x;
	op_calls++;
	return (int64_t)c->arg[1] + 1;
}

static int64_t odd_is_bad(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	(void)x;
	return c->arg[1] % 2 ? -XEN_EINVAL : 0;
}

static void test_registry(void)
{
	/* Xen's numbers, from public/xen.h, written out. */
	static const struct {
		uint32_t nr;
		const char *name;
	} want[] = {{12, "memory_op"},	      {15, "set_timer_op"},
		    {17, "xen_version"},      {18, "console_io"},
		    {20, "grant_table_op"},   {21, "vm_assist"},
		    {24, "vcpu_op"},	      {29, "sched_op"},
		    {32, "event_channel_op"}, {34, "hvm_op"}};
	const struct hcall_family a = {.nr = 40, .name = "a", .fn = nop};
	const struct hcall_family b = {.nr = 40, .name = "b", .fn = nop};
	const struct hcall_family big = {.nr = 128, .name = "big", .fn = nop};
	const struct hcall_family *pair[] = {&a, &b}, *one[] = {&big};
	const struct hcall_family *table[XEN_HYPERCALL_STUBS];
	const struct hcall_family *all[XEN_HYPERCALL_STUBS];
	unsigned i, n, bad = 0;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		const struct hcall_family *f = hcall_family(want[i].nr);

		if (!f || f->nr != want[i].nr ||
		    strcmp(f->name, want[i].name) || !(f->fn || f->ops))
			bad++;
	}
	n = hcall_families(all, XEN_HYPERCALL_STUBS);
	check(bad == 0 && n == ARRAY_SIZE(want),
	      "the registry holds the %u families, each at Xen's number with "
	      "its name (%u registered)",
	      (unsigned)ARRAY_SIZE(want), n);
	check(hcall_family(0) == NULL && hcall_family(40) == NULL &&
		      hcall_family(4096) == NULL,
	      "numbers nobody registered (0, 40, 4096) have no family");
	check(hcall_family(32)->ops[EVTCHNOP_send].fn &&
		      !strcmp(hcall_family(32)->ops[EVTCHNOP_send].name,
			      "send") &&
		      hcall_family(32)->nargs == 2,
	      "a descriptor names its sub-operations and arguments: "
	      "event_channel_op's op 4 is send, 2 arguments");
	check(QUIETLY(hcall_table_build(pair, 2, table)) == -1,
	      "two families at one number are refused");
	check(QUIETLY(hcall_table_build(one, 1, table)) == -1,
	      "a family past the page's 128 stubs is refused");
	check(hcall_table_build(pair, 1, table) == 0 && table[40] == &a &&
		      table[41] == NULL,
	      "a good table holds each family at its number");
}

/* Routing by sub-operation, behind a check, through hcall_call. */
static void test_routing(void)
{
	static const struct hcall_op ops[] = {[0] = {"zero", nop},
					      [2] = {"two", answer},
					      [3] = {"three", NULL}};
	const struct hcall_family fam = {.nr = 40,
					 .name = "fam",
					 .nargs = 2,
					 .check = odd_is_bad,
					 .ops = ops,
					 .nops = ARRAY_SIZE(ops)};
	const struct hcall_family whole = {.nr = 41,
					   .name = "whole",
					   .fn = answer,
					   .ops = ops,
					   .nops = ARRAY_SIZE(ops)};
	struct xhvm_hcall c = {.arg = {2, 40}};
	struct xen_vcpu *x = NULL; /* the handlers here never look */

	op_calls = 0;
	check(hcall_call(&fam, x, &c) == 41 && op_calls == 1,
	      "arg 0 picks the sub-operation's handler (op 2 returned 41)");
	c.arg[1] = 41;
	check(hcall_call(&fam, x, &c) == -XEN_EINVAL && op_calls == 1,
	      "the family's check runs first and its error stops the call");
	c.arg[1] = 0;
	c.arg[0] = 1;
	check(hcall_call(&fam, x, &c) == -XEN_ENOSYS,
	      "a hole in the table is -ENOSYS");
	c.arg[0] = 3;
	check(hcall_call(&fam, x, &c) == -XEN_ENOSYS && hcall_op(&fam, &c) &&
		      !strcmp(hcall_op(&fam, &c)->name, "three"),
	      "a named op without a handler is -ENOSYS, and keeps its name");
	c.arg[0] = 1ull << 40;
	check(hcall_call(&fam, x, &c) == -XEN_ENOSYS && !hcall_op(&fam, &c),
	      "an op past the table is -ENOSYS, with no name");
	c.arg[0] = 0;
	c.cpl = 3;
	check(hcall_call(&fam, x, &c) == -XEN_EPERM && op_calls == 1,
	      "CPL 3 is -EPERM before anything runs");
	c.cpl = 0;
	c.arg[0] = 3;
	c.arg[1] = 9;
	check(hcall_call(&whole, x, &c) == 10 && op_calls == 2,
	      "a family with its own handler takes every call");
	check(hcall_call(NULL, x, &c) == -XEN_ENOSYS,
	      "a number nobody registered is -ENOSYS");
}

/* ---- Host-side event channel endpoints ---------------------------------- */

static unsigned sends;
static uint32_t last_port;

static void service(struct xen_vcpu *x, uint32_t port, void *arg)
{
	(void)x;
	sends += *(unsigned *)arg;
	last_port = port;
}

static int64_t evt(struct fake *f, uint32_t cmd, const void *arg, size_t n)
{
	memcpy(mem(f, BUF), arg, n);
	return fake_hcall(f, __HYPERVISOR_event_channel_op, cmd, BUF);
}

static void test_host_endpoints(void)
{
	struct xen_add_to_physmap_64 map = {
		DOMID_SELF, 0, XENMAPSPACE_shared_info, 0, SHINFO / 4096};
	struct evtchn_status st;
	struct evtchn_port_arg pa;
	unsigned one = 1;
	struct fake f;
	int64_t port;

	fake_init(&f, RAM);
	fake_mode_64(&f);
	memcpy(mem(&f, BUF), &map, sizeof(map));
	fake_hcall(&f, __HYPERVISOR_memory_op, XENMEM_add_to_physmap, BUF);
	f.x->upcall_vector = 0xe0;

	port = evtchn_host_bind(&f.dom, 0, service, &one);
	check(port > 0, "a service binds a port: %lld", (long long)port);
	st = (struct evtchn_status){.dom = DOMID_SELF, .port = (uint32_t)port};
	check(evt(&f, EVTCHNOP_status, &st, sizeof(st)) == 0 &&
		      ((struct evtchn_status *)mem(&f, BUF))->status ==
			      EVTCHNSTAT_interdomain &&
		      ((struct evtchn_status *)mem(&f, BUF))
				      ->u.interdomain.dom == 0,
	      "the guest sees it as an interdomain port to domain 0");
	pa.port = (uint32_t)port;
	check(evt(&f, EVTCHNOP_send, &pa, sizeof(pa)) == 0 && sends == 1 &&
		      last_port == port,
	      "the guest's send reaches the service, with its port");
	evtchn_host_notify(&f.dom, (uint32_t)port);
	check(evtchn_is_pending(&f.dom, (uint32_t)port) &&
		      mem(&f, SHINFO)[XEN_VCPU_INFO_UPCALL_PENDING] == 1,
	      "the service's notify marks the port pending and raises the "
	      "upcall");
	check(evt(&f, EVTCHNOP_close, &pa, sizeof(pa)) == -XEN_EINVAL &&
		      f.dom.evtchn[port].state == EVTCHN_HOST,
	      "the guest cannot close a service's port");
	fake_free(&f);
}

/* ---- Exit handlers and port and MMIO ranges ------------------------------ */

static unsigned pio_calls;

static struct xhvm_action pio(struct vcpu *v, uint16_t port, bool out,
			      unsigned size, unsigned count, uint8_t *data,
			      void *arg)
{
	(void)v;
	(void)out;
	(void)count;
	(void)arg;
	pio_calls++;
	memset(data, (int)port & 0xff, size);
	return action_run();
}

static struct xhvm_action mmio(struct vcpu *v, uint64_t gpa, bool write,
			       unsigned len, uint8_t *data, void *arg)
{
	(void)v;
	(void)write;
	(void)arg;
	memset(data, (int)(gpa & 0xff), len);
	return action_run();
}

static struct xhvm_action exit_fn_a(struct vcpu *v)
{
	(void)v;
	return action_stop(42);
}

static void test_exit_plugins(void)
{
	struct fake f;
	struct xhvm_action act;

	fake_init(&f, RAM);
	check(vm_on_exit(&f.vm, KVM_EXIT_NMI, exit_fn_a) == 0,
	      "an exit handler for KVM_EXIT_NMI");
	check(QUIETLY(vm_on_exit(&f.vm, KVM_EXIT_NMI, exit_fn_a)) == -1,
	      "a second one for the same exit is refused");
	check(QUIETLY(vm_on_exit(&f.vm, KVM_EXIT_HLT, exit_fn_a)) == -1,
	      "HLT is the Xen domain's already: refused");
	check(QUIETLY(vm_on_exit(&f.vm, 64, exit_fn_a)) == -1,
	      "an exit reason past the table is refused");
	f.run->exit_reason = KVM_EXIT_NMI;
	act = vcpu_handle_exit(f.vcpu);
	check(act.next == XHVM_NEXT_STOP && act.status == 42,
	      "the run loop hands the exit to its handler");

	check(vm_add_pio(&f.vm, 0x70, 2, "test", pio, NULL) == 0,
	      "ports 0x70-0x71 for a handler");
	check(QUIETLY(vm_add_pio(&f.vm, 0x71, 4, "other", pio, NULL)) == -1 &&
		      QUIETLY(vm_add_pio(&f.vm, XHVM_HCALL_PORT, 1, "other",
					 pio, NULL)) == -1,
	      "overlapping ports, and the hypercall doorbell, are refused");
	f.run->exit_reason = KVM_EXIT_IO;
	f.run->io = (typeof(f.run->io)){.direction = KVM_EXIT_IO_IN,
					.size = 1,
					.port = 0x71,
					.count = 1,
					.data_offset = 1024};
	act = vcpu_handle_exit(f.vcpu);
	check(act.next == XHVM_NEXT_RUN && pio_calls == 1 &&
		      ((uint8_t *)f.run)[1024] == 0x71,
	      "IN from port 0x71 goes to its handler");
	check(vm_add_mmio(&f.vm, 0xfee00000, 4096, "test", mmio, NULL) == 0 &&
		      QUIETLY(vm_add_mmio(&f.vm, 0xfee00800, 16, "other", mmio,
					  NULL)) == -1,
	      "an MMIO range, and one overlapping it refused");
	f.run->exit_reason = KVM_EXIT_MMIO;
	f.run->mmio.phys_addr = 0xfee00030;
	f.run->mmio.len = 4;
	f.run->mmio.is_write = 0;
	act = vcpu_handle_exit(f.vcpu);
	check(act.next == XHVM_NEXT_RUN && f.run->mmio.data[0] == 0x30,
	      "a read at 0xfee00030 goes to its handler");
	fake_free(&f);
}

/* ---- The memory map, and xhvm's boot protocol ------------------------------
 */

static void test_memmap(void)
{
	struct memmap m = {0};
	unsigned i, full = 0;

	memmap_set(&m, 0, 32ull << 20, MEM_RAM, "RAM");
	check(memmap_set(&m, 0, 1ull << 20, MEM_RESERVED, "low") == 0 &&
		      m.n == 2 && m.r[0].kind == MEM_RESERVED &&
		      m.r[1].gpa == 1ull << 20 && m.r[1].kind == MEM_RAM,
	      "reserving the first MiB of RAM leaves RAM from 1 MiB");
	check(memmap_set(&m, 0x400000, 4096, MEM_RESERVED, "ring") == 0 &&
		      m.n == 4 && memmap_is(&m, 0x100000, 0x300000, MEM_RAM) &&
		      !memmap_is(&m, 0x100000, 0x301000, MEM_RAM) &&
		      memmap_find(&m, 0x400800)->kind == MEM_RESERVED,
	      "a reserved page in RAM splits it in three, %u ranges", m.n);
	check(memmap_set(&m, 0xfee00000, 4096, MEM_MMIO, "LAPIC") == 0 &&
		      memmap_find(&m, 0xfee00000)->kind == MEM_MMIO &&
		      memmap_find(&m, 0xfedfffff) == NULL,
	      "MMIO past RAM is a range of its own, with holes around it");
	check(memmap_set(&m, ~0ull - 10, 4096, MEM_MMIO, "wrap") == -1 &&
		      memmap_set(&m, 0, 0, MEM_RAM, "empty") == -1,
	      "a range that wraps, or an empty one, is refused");
	for (i = 0; i < 40; i++)
		if (memmap_set(&m, 0x1000000 + i * 0x2000ull, 4096,
			       MEM_RESERVED, "page") < 0)
			full++;
	check(full > 0 && m.n == MEMMAP_MAX,
	      "a full map refuses more (%u of 40 refused)", full);
}

static void test_boot_xhvm(void)
{
	struct xhvm_boot_info info = {.arg = 77, .msr_backend = 3};
	const struct xhvm_boot_info *bi;
	struct elf_plan plan = {.mode = X86_MODE_64, .entry = 0x100000};
	struct entry_state e;
	struct xhvm_boot b;
	struct fake f;

	fake_init_n(&f, RAM, 3);
	boot_xhvm_place(&f.vm, &plan, &info, &b);
	bi = (const void *)mem(&f, XHVM_BOOT_INFO_GPA);
	check(bi->magic == XHVM_BOOT_MAGIC && bi->size == sizeof(*bi) &&
		      bi->arg == 77 && bi->msr_backend == 3,
	      "the boot info is written with its magic and size");
	check(memmap_is(&f.vm.map, 0, XHVM_GUEST_BASE_GPA, MEM_RESERVED) &&
		      memmap_is(&f.vm.map, XHVM_GUEST_BASE_GPA,
				RAM - XHVM_GUEST_BASE_GPA, MEM_RAM),
	      "the map: xhvm's first MiB reserved, the guest's RAM after");
	boot_xhvm_vcpu(&b, 2, &e);
	check(e.start && e.mode == X86_MODE_64 && e.rip == 0x100000 &&
		      e.rsp == XHVM_STACK_TOP(2) && e.rdi == 2 && e.rsi == 3 &&
		      e.rdx == XHVM_BOOT_INFO_GPA && e.cr3 == XHVM_PML4_GPA &&
		      e.gdt.code64 == XHVM_SEL_CODE64,
	      "vCPU 2 of 3 starts at the entry, on its stack, RDI 2, RSI 3, "
	      "RDX the boot info");
	fake_free(&f);
}

int main(void)
{
	vcpu_kick_init();
	test_registry();
	test_routing();
	test_host_endpoints();
	test_exit_plugins();
	test_memmap();
	test_boot_xhvm();
	return check_summary();
}
