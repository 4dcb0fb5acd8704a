/*
 * Unit tests for the Xen MSR's blob rules and the hypercall register ABI,
 * on a fake vCPU: the parts of the guest-facing behaviour that 64-bit test
 * guests cannot reach (the 32-bit blob, the 32-bit and compatibility-mode
 * register ABI, CPL checks). No KVM needed.
 */
#include "check.h"
#include "fake_vcpu.h"

#define RAM	   (4ull << 20)
#define TARGET_GPA 0x200000ull

static uint8_t blob64[2 * 4096], blob32[4096];

static void setup(struct fake *f)
{
	fake_init(f, RAM);
	memset(blob64, 0x64, 4096);
	memset(blob64 + 4096, 0x65, 4096);
	memset(blob32, 0x32, sizeof(blob32));
	blob_use_builtin(&f->xcfg.blob64, "blob64", blob64, sizeof(blob64));
	blob_use_builtin(&f->xcfg.blob32, "blob32", blob32, sizeof(blob32));
}

static bool page_is(struct fake *f, uint64_t gpa, uint8_t byte)
{
	const uint8_t *p = f->vm.mem.host + gpa;
	unsigned i;

	for (i = 0; i < 4096; i++)
		if (p[i] != byte)
			return false;
	return true;
}

static void test_msr(void)
{
	struct fake f;

	setup(&f);
	fake_mode_64(&f);
	check(xen_msr_write(f.x, TARGET_GPA) == 0 &&
		      page_is(&f, TARGET_GPA, 0x64),
	      "long mode gets page 0 of the 64-bit blob");
	check(xen_msr_write(f.x, TARGET_GPA | 1) == 0 &&
		      page_is(&f, TARGET_GPA, 0x65),
	      "page index 1 of a two-page blob is the second page");
	memset(f.vm.mem.host + TARGET_GPA, 0, 4096);
	check(xen_msr_write(f.x, TARGET_GPA | 2) < 0 &&
		      page_is(&f, TARGET_GPA, 0),
	      "page index 2 of a two-page blob is #GP, nothing written");
	check(xen_msr_write(f.x, TARGET_GPA | 0xfff) < 0,
	      "page index 0xfff is #GP");

	fake_mode_compat(&f);
	check(xen_msr_write(f.x, TARGET_GPA) == 0 &&
		      page_is(&f, TARGET_GPA, 0x64),
	      "compatibility mode (EFER.LMA, CS.L=0) gets the 64-bit blob");

	fake_mode_32(&f);
	check(xen_msr_write(f.x, TARGET_GPA) == 0 &&
		      page_is(&f, TARGET_GPA, 0x32),
	      "32-bit protected mode gets the 32-bit blob");
	check(xen_msr_write(f.x, TARGET_GPA | 1) < 0,
	      "page index 1 of a one-page 32-bit blob is #GP");

	fake_mode_64(&f);
	check(xen_msr_write(f.x, RAM - 4096) == 0 &&
		      page_is(&f, RAM - 4096, 0x64),
	      "the last page of RAM can take the page");
	check(xen_msr_write(f.x, RAM) < 0, "the page just past RAM is #GP");
	check(xen_msr_write(f.x, 0xfffffffffffff000ull) < 0,
	      "a GPA at the top of the address space is #GP");
	fake_free(&f);
}

/* Runs one hypercall from the current registers; returns the new RAX. */
static uint64_t hcall(struct fake *f, struct xhvm_action *act)
{
	*act = hypercall_from_port(f->vcpu, XHVM_HCALL_PORT, true, 4, 1, NULL,
				   NULL);
	return fake_regs(f)->rax;
}

static void test_abi(void)
{
	struct xhvm_action act;
	struct kvm_regs *r;
	struct fake f;
	uint32_t reason = SHUTDOWN_crash;

	setup(&f);
	r = fake_regs(&f);
	memcpy(f.vm.mem.host + 0x300000, &reason, sizeof(reason));

	fake_mode_64(&f);
	*r = (struct kvm_regs){.rax = __HYPERVISOR_xen_version,
			       .rdi = XENVER_version};
	check(hcall(&f, &act) == XHVM_XEN_VERSION && act.next == XHVM_NEXT_RUN,
	      "64-bit: xen_version(RDI=version) = 0x%x in RAX",
	      XHVM_XEN_VERSION);
	check(f.run->kvm_dirty_regs & KVM_SYNC_X86_REGS,
	      "64-bit: the result is marked for KVM to load (sync regs)");
	*r = (struct kvm_regs){.rax = __HYPERVISOR_xen_version,
			       .rbx = XENVER_version,
			       .rdi = 99};
	check(hcall(&f, &act) == (uint64_t)-XEN_ENOSYS,
	      "64-bit: the argument comes from RDI, not EBX");
	*r = (struct kvm_regs){.rax = 200};
	check(hcall(&f, &act) == (uint64_t)-XEN_ENOSYS,
	      "64-bit: hypercall 200 is -ENOSYS");
	*r = (struct kvm_regs){.rax = 1ull << 32 | __HYPERVISOR_xen_version};
	check(hcall(&f, &act) == (uint64_t)-XEN_ENOSYS,
	      "64-bit: all of RAX is the number (2^32 + 17 is -ENOSYS)");
	*r = (struct kvm_regs){.rax = __HYPERVISOR_sched_op,
			       .rdi = SCHEDOP_shutdown,
			       .rsi = 0x300000};
	act = hypercall_from_port(f.vcpu, XHVM_HCALL_PORT, true, 4, 1, NULL,
				  NULL);
	check(act.next == XHVM_NEXT_STOP && act.status == XHVM_EXIT_CRASH,
	      "64-bit: sched_op(shutdown, &{crash}) stops with status 1");

	fake_mode_32(&f);
	*r = (struct kvm_regs){.rax = 0xffffffff00000000ull |
				      __HYPERVISOR_xen_version,
			       .rbx = XENVER_version,
			       .rdi = 99};
	check(hcall(&f, &act) == XHVM_XEN_VERSION,
	      "32-bit: number from EAX, argument from EBX");
	*r = (struct kvm_regs){.rax = __HYPERVISOR_xen_version, .rbx = 99};
	check(hcall(&f, &act) == (uint32_t)-XEN_ENOSYS,
	      "32-bit: -ENOSYS arrives as 0x%x in EAX", (uint32_t)-XEN_ENOSYS);
	*r = (struct kvm_regs){.rax = __HYPERVISOR_sched_op,
			       .rbx = SCHEDOP_shutdown,
			       .rcx = 0xdead00000000ull | 0x300000};
	act = hypercall_from_port(f.vcpu, XHVM_HCALL_PORT, true, 4, 1, NULL,
				  NULL);
	check(act.next == XHVM_NEXT_STOP && act.status == XHVM_EXIT_CRASH,
	      "32-bit: arguments from EBX, ECX (upper halves ignored)");

	fake_mode_compat(&f);
	*r = (struct kvm_regs){.rax = __HYPERVISOR_xen_version,
			       .rbx = XENVER_version,
			       .rdi = 99};
	check(hcall(&f, &act) == XHVM_XEN_VERSION,
	      "compatibility mode uses the 32-bit register ABI");

	fake_mode_64(&f);
	fake_sregs(&f)->ss.dpl = 3;
	*r = (struct kvm_regs){.rax = __HYPERVISOR_xen_version};
	check(hcall(&f, &act) == (uint64_t)-XEN_EPERM, "CPL 3 gets -EPERM");
	fake_free(&f);
}

/* An interrupt delivery that says one went in with the last entry. */
static bool yes(struct vcpu *v)
{
	(void)v;
	return true;
}

static const struct irq_delivery took_one = {
	.name = "test: one went in",
	.took_one = yes,
};

static void test_exits(void)
{
	struct xhvm_action act;
	struct fake f;

	setup(&f);
	fake_mode_64(&f);
	f.run->exit_reason = 0x7fff;
	act = vcpu_handle_exit(f.vcpu);
	check(act.next == XHVM_NEXT_STOP && act.status == XHVM_EXIT_GUEST_FAULT,
	      "an exit reason KVM has never had (0x7fff) is a guest fault");
	f.run->exit_reason = KVM_EXIT_MMIO;
	f.run->mmio.phys_addr = 0xfed00000;
	f.run->mmio.len = 4;
	f.run->mmio.is_write = 0;
	memset(f.run->mmio.data, 0, sizeof(f.run->mmio.data));
	act = vcpu_handle_exit(f.vcpu);
	check(act.next == XHVM_NEXT_RUN && f.run->mmio.data[0] == 0xff &&
		      f.run->mmio.data[3] == 0xff,
	      "a read where nothing is (KVM_EXIT_MMIO at 0xfed00000) "
	      "reads all ones, as on a PC");
	f.run->mmio.is_write = 1;
	act = vcpu_handle_exit(f.vcpu);
	check(act.next == XHVM_NEXT_RUN, "a write there is ignored");
	f.run->exit_reason = KVM_EXIT_IO;
	f.run->io = (typeof(f.run->io)){.direction = KVM_EXIT_IO_IN,
					.size = 2,
					.port = 0x80,
					.count = 1,
					.data_offset = 1024};
	act = vcpu_handle_exit(f.vcpu);
	check(act.next == XHVM_NEXT_RUN &&
		      *(uint16_t *)((uint8_t *)f.run + 1024) == 0xffff,
	      "IN from a port nobody owns reads all ones");

	/* HLT with interrupts on: nothing can wake the only vCPU... */
	f.run->exit_reason = KVM_EXIT_HLT;
	fake_regs(&f)->rflags = RFLAGS_RESERVED | RFLAGS_IF;
	act = vcpu_handle_exit(f.vcpu);
	check(act.next == XHVM_NEXT_STOP && act.status == XHVM_EXIT_GUEST_FAULT,
	      "HLT with interrupts on and nothing to wake the vCPU: a guest "
	      "fault");
	/* ...unless an upcall went in with the entry that led to it. */
	f.dom.irq = &took_one;
	act = vcpu_handle_exit(f.vcpu);
	check(act.next == XHVM_NEXT_RUN,
	      "HLT straight after an upcall went in is over at once (an "
	      "emulator may have delivered it inside STI's shadow)");
	fake_free(&f);
}

int main(void)
{
	test_msr();
	test_abi();
	test_exits();
	return check_summary();
}
