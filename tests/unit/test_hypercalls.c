/*
 * Unit tests for the hypercall families, on a fake vCPU: every sub-op and
 * every error return the guests would need many runs to reach. No KVM.
 */
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "fake_vcpu.h"

#define RAM (4ull << 20)
#define BUF 0x200000ull	      /* guest scratch */
#define FAR 0x7fff00000000ull /* outside RAM */

static uint8_t *mem(struct fake *f, uint64_t gpa)
{
	return f->vm.mem.host + gpa;
}

static void test_xen_version(struct fake *f)
{
	struct xen_feature_info fi = {.submap_idx = 0, .submap = 0xdead};
	const struct xen_compile_info *ci = (void *)mem(f, BUF);

	check(fake_hcall(f, __HYPERVISOR_xen_version, XENVER_pagesize, 0) ==
		      4096,
	      "xen_version(pagesize) = 4096");
	memset(mem(f, BUF), 0x55, 2048);
	check(fake_hcall(f, __HYPERVISOR_xen_version, XENVER_extraversion,
			 BUF) == 0 &&
		      !strcmp((char *)mem(f, BUF), ".0-xhvm") &&
		      mem(f, BUF)[15] == 0 && mem(f, BUF)[16] == 0x55,
	      "xen_version(extraversion) writes 16 bytes: \"%s\"",
	      (char *)mem(f, BUF));
	check(fake_hcall(f, __HYPERVISOR_xen_version, XENVER_capabilities,
			 BUF) == 0 &&
		      strstr((char *)mem(f, BUF), "hvm-3.0-x86_64") &&
		      mem(f, BUF)[1023] == 0 && mem(f, BUF)[1024] == 0x55,
	      "xen_version(capabilities) writes 1024 bytes: \"%s\"",
	      (char *)mem(f, BUF));
	check(fake_hcall(f, __HYPERVISOR_xen_version, XENVER_changeset, BUF) ==
			      0 &&
		      !strncmp((char *)mem(f, BUF), "xhvm ", 5),
	      "xen_version(changeset): \"%s\"", (char *)mem(f, BUF));
	check(fake_hcall(f, __HYPERVISOR_xen_version, XENVER_compile_info,
			 BUF) == 0 &&
		      !strcmp(ci->compiler, "gcc") && ci->compile_date[0] != 0,
	      "xen_version(compile_info) fills the 144-byte struct");
	memcpy(mem(f, BUF), &fi, sizeof(fi));
	check(fake_hcall(f, __HYPERVISOR_xen_version, XENVER_get_features,
			 BUF) == 0 &&
		      ((struct xen_feature_info *)mem(f, BUF))->submap == 0x305,
	      "xen_version(get_features, submap 0) = 0: 0x305, writable "
	      "page tables, auto-translated, callback vector, safe pvclock");
	fi.submap_idx = 1;
	memcpy(mem(f, BUF), &fi, sizeof(fi));
	check(fake_hcall(f, __HYPERVISOR_xen_version, XENVER_get_features,
			 BUF) == -XEN_EINVAL,
	      "xen_version(get_features, submap 1) = -EINVAL");
	check(fake_hcall(f, __HYPERVISOR_xen_version, XENVER_capabilities,
			 FAR) == -XEN_EFAULT,
	      "xen_version(capabilities) to a pointer outside RAM = -EFAULT");
	check(fake_hcall(f, __HYPERVISOR_xen_version, XENVER_capabilities,
			 RAM - 512) == -XEN_EFAULT,
	      "xen_version(capabilities) running past the end of RAM "
	      "= -EFAULT");
	check(fake_hcall(f, __HYPERVISOR_xen_version, 5, BUF) == -XEN_ENOSYS,
	      "xen_version(5, platform_parameters) = -ENOSYS");
}

static int64_t param(struct fake *f, uint64_t op, uint16_t domid,
		     uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = {.domid = domid, .index = index};
	int64_t r;

	p.value = *value;
	memcpy(mem(f, BUF), &p, sizeof(p));
	r = fake_hcall(f, __HYPERVISOR_hvm_op, op, BUF);
	memcpy(&p, mem(f, BUF), sizeof(p));
	*value = p.value;
	return r;
}

static void test_hvm_op(struct fake *f)
{
	struct xen_hvm_evtchn_upcall_vector u = {.vcpu = 0, .vector = 0xf3};
	uint64_t v = 0x1234;

	check(param(f, HVMOP_set_param, DOMID_SELF, HVM_PARAM_CALLBACK_IRQ,
		    &v) == 0,
	      "hvm_op(set_param CALLBACK_IRQ) = 0");
	v = 0;
	check(param(f, HVMOP_get_param, XHVM_DOMID, HVM_PARAM_CALLBACK_IRQ,
		    &v) == 0 &&
		      v == 0x1234,
	      "hvm_op(get_param CALLBACK_IRQ) by its domid, 1, reads it back");
	check(param(f, HVMOP_get_param, 0, HVM_PARAM_CALLBACK_IRQ, &v) ==
		      -XEN_ESRCH,
	      "... and by domid 0 (not this domain) = -ESRCH");
	/* Type 2 (vector) in bits 63:56; vectors below 0x10 never fire. */
	v = 2ull << 56 | 0x05;
	check(param(f, HVMOP_set_param, DOMID_SELF, HVM_PARAM_CALLBACK_IRQ,
		    &v) == 0 &&
		      xen_upcall_vector(f->x) == 0,
	      "set_param CALLBACK_IRQ to vector 0x05 = 0 (as Xen), but no "
	      "upcall is ever injected at an exception vector");
	v = 2ull << 56 | 0xe0;
	check(param(f, HVMOP_set_param, DOMID_SELF, HVM_PARAM_CALLBACK_IRQ,
		    &v) == 0 &&
		      xen_upcall_vector(f->x) == 0xe0,
	      "set_param CALLBACK_IRQ to vector 0xe0: upcalls come at 0xe0");
	v = 0;
	param(f, HVMOP_set_param, DOMID_SELF, HVM_PARAM_CALLBACK_IRQ, &v);
	v = 7;
	check(param(f, HVMOP_set_param, DOMID_SELF, HVM_PARAM_STORE_PFN, &v) ==
		      -XEN_EPERM,
	      "set_param STORE_PFN (the toolstack's) = -EPERM");
	check(param(f, HVMOP_get_param, DOMID_SELF, HVM_PARAM_STORE_PFN, &v) ==
		      0,
	      "get_param STORE_PFN is allowed");
	check(param(f, HVMOP_get_param, DOMID_SELF, 10, &v) == -XEN_EPERM,
	      "get_param 10 (TIMER_MODE, the toolstack's) = -EPERM");
	check(param(f, HVMOP_get_param, DOMID_SELF, HVM_NR_PARAMS, &v) ==
		      -XEN_EINVAL,
	      "get_param %d (past the last) = -EINVAL", HVM_NR_PARAMS);
	check(param(f, HVMOP_get_param, 5, HVM_PARAM_CALLBACK_IRQ, &v) ==
		      -XEN_ESRCH,
	      "get_param of domain 5 = -ESRCH");
	check(fake_hcall(f, __HYPERVISOR_hvm_op, HVMOP_get_param, FAR) ==
		      -XEN_EFAULT,
	      "get_param with a pointer outside RAM = -EFAULT");

	memcpy(mem(f, BUF), &u, sizeof(u));
	check(fake_hcall(f, __HYPERVISOR_hvm_op, HVMOP_set_evtchn_upcall_vector,
			 BUF) == 0 &&
		      f->x->upcall_vector == 0xf3,
	      "set_evtchn_upcall_vector(vCPU 0, 0xf3) is stored");
	u.vector = 0x0f;
	memcpy(mem(f, BUF), &u, sizeof(u));
	check(fake_hcall(f, __HYPERVISOR_hvm_op, HVMOP_set_evtchn_upcall_vector,
			 BUF) == -XEN_EINVAL,
	      "set_evtchn_upcall_vector(0x0f) = -EINVAL");
	u.vector = 0x40;
	u.vcpu = 1;
	memcpy(mem(f, BUF), &u, sizeof(u));
	check(fake_hcall(f, __HYPERVISOR_hvm_op, HVMOP_set_evtchn_upcall_vector,
			 BUF) == -XEN_ENOENT,
	      "set_evtchn_upcall_vector(vCPU 1 of 1) = -ENOENT");
	check(fake_hcall(f, __HYPERVISOR_hvm_op, 99, BUF) == -XEN_ENOSYS,
	      "hvm_op(99) = -ENOSYS");
}

static int64_t reg_info(struct fake *f, uint64_t mfn, uint32_t offset)
{
	struct vcpu_register_vcpu_info info = {.mfn = mfn, .offset = offset};

	memcpy(mem(f, BUF), &info, sizeof(info));
	return fake_hcall3(f, __HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info,
			   0, BUF);
}

static void test_vcpu_op(struct fake *f)
{
	struct xhvm_action act;

	check(fake_hcall(f, __HYPERVISOR_vcpu_op, VCPUOP_is_up, 0) == 1,
	      "vcpu_op(is_up, 0) = 1");
	check(fake_hcall(f, __HYPERVISOR_vcpu_op, VCPUOP_is_up, 1) ==
		      -XEN_ENOENT,
	      "vcpu_op(is_up, 1) of 1 vCPU = -ENOENT");
	check(fake_hcall(f, __HYPERVISOR_vcpu_op, VCPUOP_up, 0) == 0,
	      "vcpu_op(up, 0) of a running vCPU = 0");
	check(fake_hcall(f, __HYPERVISOR_vcpu_op, 99, 0) == -XEN_ENOSYS,
	      "vcpu_op(99) = -ENOSYS");
	check(reg_info(f, 0x300, 4032 + 8) == -XEN_ENXIO,
	      "register_vcpu_info with 64 bytes past the page = -ENXIO");
	check(reg_info(f, 0x300, 4) == -XEN_ENXIO,
	      "register_vcpu_info at an offset not 8-aligned = -ENXIO");
	check(reg_info(f, RAM / 4096, 0) == -XEN_EINVAL,
	      "register_vcpu_info past RAM = -EINVAL");
	check(reg_info(f, 0x10, 0) == -XEN_EINVAL,
	      "register_vcpu_info in xhvm's first MiB = -EINVAL");
	check(fake_hcall3(f, __HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, 0,
			  FAR) == -XEN_EFAULT,
	      "register_vcpu_info with its argument outside RAM = -EFAULT");
	check(reg_info(f, 0x300, 4032) == 0 &&
		      f->x->vcpu_info_gpa == 0x300000 + 4032,
	      "register_vcpu_info(mfn 0x300, offset 4032) = 0");
	check(reg_info(f, 0x301, 0) == -XEN_EBUSY,
	      "a second register_vcpu_info = -EBUSY");

	/* The only vCPU going down leaves nothing to bring it up. */
	*fake_regs(f) = (struct kvm_regs){.rax = __HYPERVISOR_vcpu_op,
					  .rdi = VCPUOP_down};
	act = hypercall_from_port(f->vcpu, XHVM_HCALL_PORT, true, 4, 1, NULL,
				  NULL);
	check(act.next == XHVM_NEXT_STOP && act.status == XHVM_EXIT_GUEST_FAULT,
	      "vcpu_op(down) of the only vCPU is a guest fault (exit 4)");
}

static void test_tsc_scale(void)
{
	static const uint32_t khz[] = {1000,	1000000, 2100000,
				       2994373, 4000000, 10000000};
	unsigned i;

	for (i = 0; i < sizeof(khz) / sizeof(khz[0]); i++) {
		uint64_t ticks = (uint64_t)khz[i] * 1000; /* one second */
		uint32_t mul;
		int8_t shift;
		unsigned __int128 ns;

		xen_tsc_scale(khz[i], &mul, &shift);
		ns = shift >= 0 ? ticks << shift : ticks >> -shift;
		ns = (ns * mul) >> 32;
		check(ns > 999999000 && ns <= 1000000000,
		      "a %u kHz TSC: 1 s of ticks is %llu ns (mul %#x, shift "
		      "%d)",
		      khz[i], (unsigned long long)ns, mul, shift);
	}
}

static void test_console_write(struct fake *f)
{
	check(fake_hcall3(f, __HYPERVISOR_console_io, CONSOLEIO_write,
			  (1u << 20) + 1, BUF) == -XEN_EINVAL,
	      "console_io(write) of 1 MiB + 1 bytes = -EINVAL");
	check(fake_hcall3(f, __HYPERVISOR_console_io, CONSOLEIO_write, ~0ull,
			  BUF) == -XEN_EINVAL,
	      "console_io(write) of 2^64 - 1 bytes = -EINVAL");
	check(fake_hcall3(f, __HYPERVISOR_console_io, CONSOLEIO_write, 8192,
			  RAM - 4096) == -XEN_EFAULT,
	      "console_io(write) running past the end of RAM = -EFAULT");
}

static void test_console_read(struct fake *f)
{
	int fds[2], saved = dup(STDIN_FILENO);

	if (pipe(fds) < 0 || dup2(fds[0], STDIN_FILENO) < 0) {
		check(false, "set up a pipe as stdin");
		return;
	}
	check(fake_hcall3(f, __HYPERVISOR_console_io, CONSOLEIO_read, 10,
			  BUF) == 0,
	      "console_io(read) with nothing to read = 0, at once");
	if (write(fds[1], "abcdef", 6) != 6)
		check(false, "write to the pipe");
	memset(mem(f, BUF), 0, 16);
	check(fake_hcall3(f, __HYPERVISOR_console_io, CONSOLEIO_read, 4, BUF) ==
			      4 &&
		      !memcmp(mem(f, BUF), "abcd", 5),
	      "console_io(read, 4) = 4: \"%s\"", (char *)mem(f, BUF));
	check(fake_hcall3(f, __HYPERVISOR_console_io, CONSOLEIO_read, 4, FAR) ==
		      -XEN_EFAULT,
	      "console_io(read) into a buffer outside RAM = -EFAULT");
	close(fds[1]);
	memset(mem(f, BUF), 0, 16);
	check(fake_hcall3(f, __HYPERVISOR_console_io, CONSOLEIO_read, 10,
			  BUF) == 2 &&
		      !memcmp(mem(f, BUF), "ef", 3),
	      "the -EFAULT read consumed nothing: \"%s\" is still there",
	      (char *)mem(f, BUF));
	check(fake_hcall3(f, __HYPERVISOR_console_io, CONSOLEIO_read, 10,
			  BUF) == 0,
	      "console_io(read) at end of input = 0");
	dup2(saved, STDIN_FILENO);
	close(saved);
	close(fds[0]);
}

static void test_shutdown_code(struct fake *f)
{
	uint32_t reason = SHUTDOWN_reboot;
	struct xhvm_action act;

	memcpy(mem(f, BUF), &reason, 4);
	check(fake_hcall(f, __HYPERVISOR_sched_op, SCHEDOP_shutdown_code,
			 BUF) == 0,
	      "sched_op(shutdown_code, reboot) = 0");
	reason = SHUTDOWN_suspend;
	memcpy(mem(f, BUF), &reason, 4);
	check(fake_hcall(f, __HYPERVISOR_sched_op, SCHEDOP_shutdown_code,
			 BUF) == 0,
	      "a second shutdown_code = 0, and is ignored");
	reason = 9;
	memcpy(mem(f, BUF), &reason, 4);
	check(fake_hcall(f, __HYPERVISOR_sched_op, SCHEDOP_shutdown_code,
			 BUF) == -XEN_EINVAL,
	      "shutdown_code(9) = -EINVAL");
	reason = SHUTDOWN_poweroff;
	memcpy(mem(f, BUF), &reason, 4);
	*fake_regs(f) = (struct kvm_regs){.rax = __HYPERVISOR_sched_op,
					  .rdi = SCHEDOP_shutdown,
					  .rsi = BUF};
	act = hypercall_from_port(f->vcpu, XHVM_HCALL_PORT, true, 4, 1, NULL,
				  NULL);
	check(act.next == XHVM_NEXT_STOP && act.status == XHVM_EXIT_REBOOT,
	      "shutdown(poweroff) after shutdown_code(reboot) exits %d, "
	      "reboot's code",
	      act.status);
}

/* A 32-bit caller's vcpu_info needs 4-byte alignment only; its time goes
 * there all the same. */
static void test_vcpu_info_32(void)
{
	struct fake f;
	uint32_t version;

	fake_init(&f, RAM);
	fake_mode_32(&f);
	/* 32-bit code gets EAX: the result as 32 bits. */
	check((int32_t)reg_info(&f, 0x300, 2) == -XEN_ENXIO,
	      "32-bit register_vcpu_info at offset 2 = -ENXIO");
	check(reg_info(&f, 0x300, 4) == 0,
	      "32-bit register_vcpu_info at offset 4 = 0");
	memcpy(&version, mem(&f, 0x300000 + 4 + XEN_VCPU_INFO_TIME), 4);
	check(version && !(version & 1), "its time info is filled: version %u",
	      version);
	fake_free(&f);
}

int main(void)
{
	struct fake f;

	fake_init(&f, RAM);
	fake_mode_64(&f);
	test_xen_version(&f);
	test_hvm_op(&f);
	test_tsc_scale();
	test_console_write(&f);
	test_console_read(&f);
	test_shutdown_code(&f);
	test_vcpu_op(&f);
	fake_free(&f);
	test_vcpu_info_32();
	return check_summary();
}
