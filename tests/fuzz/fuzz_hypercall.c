/*
 * libFuzzer: the hypercall dispatcher, on a fake vCPU whose registers,
 * CPU mode, guest memory and page tables come from the input. Every
 * pointer, count and index the guest controls is fuzzed; ASan and UBSan
 * watch the monitor's side.
 *
 * Input: 1 byte mode, 1 byte page-table damage, 64 bytes of registers
 * (rax rdi rsi rdx r10 r8 rbx rcx), then bytes copied over guest RAM at
 * the addresses the arguments most often point to.
 */
#include <fcntl.h>
#include <unistd.h>

#include "fake_vcpu.h"

#define RAM	(4u << 20)
#define SCRATCH 0x200000u /* where input bytes land */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet_stdio(void)
{
	static bool done;
	int null;

	if (done)
		return;
	done = true;
	/* The guest's console output and input are the fuzzer's noise. */
	null = open("/dev/null", O_RDWR);
	dup2(null, STDIN_FILENO);
	dup2(null, STDOUT_FILENO);
	close(null);
	vcpu_kick_init(); /* timers signal this thread */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kvm_regs *r;
	struct fake f;
	uint64_t w[8];
	size_t rest;

	quiet_stdio();
	if (size < 2 + sizeof(w))
		return 0;
	fake_init(&f, RAM);
	/* Every wait (block, poll, down) returns at once: no hangs. */
	f.vm.stopping = true;
	switch (data[0] % 3) {
	case 0:
		fake_mode_64(&f);
		break;
	case 1:
		fake_mode_32(&f);
		break;
	default:
		fake_mode_compat(&f);
		break;
	}
	fake_sregs(&f)->ss.dpl = data[0] & 0x80 ? 3 : 0;
	/* Sometimes scribble over the boot page tables. */
	if (data[1] & 1)
		memcpy(f.vm.mem.host + XHVM_PML4_GPA + (data[1] & 0xf8),
		       data + 2, sizeof(w));
	memcpy(w, data + 2, sizeof(w));
	r = fake_regs(&f);
	*r = (struct kvm_regs){.rax = w[0] % 64,
			       .rdi = w[1],
			       .rsi = w[2],
			       .rdx = w[3],
			       .r10 = w[4],
			       .r8 = w[5],
			       .rbx = w[6],
			       .rcx = w[7]};
	rest = size - 2 - sizeof(w);
	if (rest > RAM - SCRATCH)
		rest = RAM - SCRATCH;
	memcpy(f.vm.mem.host + SCRATCH, data + 2 + sizeof(w), rest);
	hypercall_from_port(f.vcpu, XHVM_HCALL_PORT, true, 4, 1, NULL, NULL);
	fake_free(&f);
	return 0;
}
