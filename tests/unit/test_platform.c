/*
 * Unit tests for the platform layer on a fake VM: KVM_INTERRUPT delivery
 * (raise, lower, the interrupt window, what went in with an entry) and
 * the debug console ports.
 */
#include "check.h"
#include "fake_vcpu.h"

#define RAM (4ull << 20)

/* ---- Interrupt delivery -------------------------------------------------- */

/* The delivery's own pre_run hook, attached last. */
static int inject(struct fake *f)
{
	return f->vm.hooks[f->vm.nhooks - 1].pre_run(f->vcpu);
}

static void test_irq_delivery(void)
{
	const struct irq_delivery *irq = irq_kvm_interrupt();
	struct fake f;
	struct kvm_run *run;
	unsigned i;
	int r = 0;

	fake_init(&f, RAM);
	run = f.run;
	check(irq->raise(f.vcpu, 0xe0) == 0 && irq->count(f.vcpu) == 0,
	      "raise makes a vector pending; nothing is injected yet");
	run->ready_for_interrupt_injection = 0;
	run->if_flag = 1;
	r = inject(&f);
	check(r == 0 && run->request_interrupt_window == 1 &&
		      irq->count(f.vcpu) == 0,
	      "the guest cannot take it: KVM is asked to exit when it can");
	irq->lower(f.vcpu);
	r = inject(&f);
	check(r == 0 && run->request_interrupt_window == 0,
	      "lowered before it went in: dropped, the window request "
	      "withdrawn");
	irq->raise(f.vcpu, 0xe0);
	r = 0;
	for (i = 0; i < f.vm.nhooks; i++)
		if (f.vm.hooks[i].pre_run)
			r |= QUIETLY(f.vm.hooks[i].pre_run(f.vcpu));
	check(r == 0 && irq->count(f.vcpu) == 0 &&
		      run->request_interrupt_window == 0,
	      "Xen's hooks lower an upcall vector whose upcall_pending "
	      "is clear (none here: no vcpu_info)");
	irq->raise(f.vcpu, 0xe0);
	run->ready_for_interrupt_injection = 0;
	inject(&f);
	run->ready_for_interrupt_injection = 1;
	r = QUIETLY(f.vm.hooks[f.vm.nhooks - 1].pre_run(f.vcpu));
	check(irq->count(f.vcpu) == 1 && run->request_interrupt_window == 0,
	      "it can: KVM_INTERRUPT (no KVM here: %d), the window request "
	      "withdrawn",
	      r);
	check(!irq->took_one(f.vcpu), "nothing went in before the next exit");
	f.vm.hooks[f.vm.nhooks - 1].exited(f.vcpu);
	check(irq->took_one(f.vcpu),
	      "after the exit: one went in with that entry");
	f.vm.hooks[f.vm.nhooks - 1].exited(f.vcpu);
	check(!irq->took_one(f.vcpu), "and not with the one after");
	fake_free(&f);
}

/* The debug console ports: what is written comes out on stdout. */
static void test_debugcon(void)
{
	int fds[2], saved = dup(1);
	char out[16] = "";
	struct fake f;
	ssize_t n;

	fake_init(&f, RAM);
	check(debugcon_attach(&f.vm) == 0, "ports 0xe9 and 0x12 attached");
	if (pipe(fds) < 0)
		return;
	dup2(fds[1], 1);
	f.run->exit_reason = KVM_EXIT_IO;
	f.run->io = (typeof(f.run->io)){.direction = KVM_EXIT_IO_OUT,
					.size = 1,
					.port = 0xe9,
					.count = 3,
					.data_offset = 1024};
	memcpy((uint8_t *)f.run + 1024, "hi\n", 3);
	vcpu_handle_exit(f.vcpu);
	f.run->io.port = 0x12;
	f.run->io.count = 2;
	memcpy((uint8_t *)f.run + 1024, "ok", 2);
	vcpu_handle_exit(f.vcpu);
	dup2(saved, 1);
	close(fds[1]);
	n = read(fds[0], out, sizeof(out) - 1);
	close(fds[0]);
	close(saved);
	check(n == 5 && !memcmp(out, "hi\nok", 5),
	      "rep outsb to 0xe9, then 0x12, reach stdout: \"%.*s\"",
	      n > 0 ? (int)n : 0, out);
	f.run->io.direction = KVM_EXIT_IO_IN;
	f.run->io.port = 0xe9;
	f.run->io.count = 1;
	vcpu_handle_exit(f.vcpu);
	check(((uint8_t *)f.run)[1024] == 0xe9,
	      "reading port 0xe9 gives 0xe9, as QEMU's debugcon");
	fake_free(&f);
}

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n--)
		s += *p++;
	return s;
}

/* A pio exit at port, one byte out; the action the handler chose. */
static struct xhvm_action out_byte(struct fake *f, uint16_t port, uint8_t v)
{
	f->run->exit_reason = KVM_EXIT_IO;
	f->run->io = (typeof(f->run->io)){.direction = KVM_EXIT_IO_OUT,
					  .size = 1,
					  .port = port,
					  .count = 1,
					  .data_offset = 1024};
	((uint8_t *)f->run)[1024] = v;
	return vcpu_handle_exit(f->vcpu);
}

/* The tables a PVH guest finds, and the registers they name. */
static void test_acpi(void)
{
	struct fake f;
	struct xhvm_action a;
	uint64_t rsdp, xsdt, fadt, madt, dsdt;
	uint8_t *p;
	uint32_t flags, len;

	fake_init_n(&f, RAM, 3);
	rsdp = acpi_build(&f.vm);
	p = fake_mem(&f, rsdp);
	check(rsdp == 0xe0000 && !memcmp(p, "RSD PTR ", 8) && p[15] == 2 &&
		      sum(p, 20) == 0 && sum(p, 36) == 0,
	      "RSDP at 0xe0000, revision 2, both checksums good");
	memcpy(&xsdt, p + 24, 8);
	p = fake_mem(&f, xsdt);
	memcpy(&len, p + 4, 4);
	memcpy(&fadt, p + 36, 8);
	memcpy(&madt, p + 44, 8);
	check(!memcmp(p, "XSDT", 4) && len == 52 && sum(p, len) == 0,
	      "XSDT: two entries (FADT, MADT), checksum good");
	p = fake_mem(&f, fadt);
	memcpy(&flags, p + 112, 4);
	memcpy(&dsdt, p + 140, 8);
	check(!memcmp(p, "FACP", 4) && sum(p, 276) == 0 && (flags & 1u << 20) &&
		      (flags & 1u << 10) && p[244] == 1 && p[244 + 4] == 0x00 &&
		      p[244 + 5] == 0xb0,
	      "FADT: hardware-reduced, reset register, sleep control at "
	      "I/O port 0xb000");
	p = fake_mem(&f, dsdt);
	check(!memcmp(p, "DSDT", 4) && sum(p, 50) == 0 &&
		      !memcmp(p + 37, "\\_S5_", 5),
	      "DSDT: \\_S5 and nothing else");
	p = fake_mem(&f, madt);
	memcpy(&len, p + 4, 4);
	check(!memcmp(p, "APIC", 4) && len == 44 + 3 * 8 && sum(p, len) == 0 &&
		      p[44] == 0 && p[44 + 16 + 3] == 2,
	      "MADT: one local APIC per vCPU (3), APIC IDs 0..2");
	check(memmap_is(&f.vm.map, 0xe0000, 0x1000, MEM_ACPI),
	      "the tables are marked ACPI in the memory map");
	check(acpi_attach(&f.vm) == 0, "the sleep and reset ports attached");
	check(out_byte(&f, 0xb000, 3 << 2 | 1 << 5).next == XHVM_NEXT_RUN,
	      "SLP_TYP 3 with SLP_EN: not supported, the guest runs on");
	a = out_byte(&f, 0xb000, 5 << 2 | 1 << 5);
	check(a.next == XHVM_NEXT_STOP && a.status == XHVM_EXIT_POWEROFF,
	      "SLP_TYP 5 with SLP_EN: S5, powered off (exit 0)");
	a = QUIETLY(out_byte(&f, 0xb002, 1));
	check(a.next == XHVM_NEXT_STOP && a.status == XHVM_EXIT_REBOOT,
	      "the reset value to the reset register: reboot (exit 5)");
	fake_free(&f);
}

int main(void)
{
	vcpu_kick_init();
	test_irq_delivery();
	test_debugcon();
	test_acpi();
	return check_summary();
}
