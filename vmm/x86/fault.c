/*
 * The exits that end a guest for good, explained: a triple fault or a
 * KVM internal error says which instruction the vCPU was at, decoded for
 * the few that hosts are known to stumble on (some KVMs cannot emulate
 * iret or int in 32-bit mode, or refuse CR0.PG outside long mode), so the
 * message names the instruction, not just a reason code.
 */
#include <string.h>

#include "x86/x86.h"

#define MAX_INSN 15

/* The vCPU's code bytes at CS:RIP, as the dump reads them: how many. */
static unsigned code_at(struct vcpu *v, uint8_t *buf)
{
	const struct kvm_regs *r = vcpu_regs(v);
	const struct kvm_sregs *s = vcpu_sregs(v);
	uint64_t rip;
	unsigned n;

	if (!r || !s)
		return 0;
	rip = r->rip;
	if (!((s->efer & EFER_LMA) && s->cs.l))
		rip = (s->cs.base + rip) & 0xffffffffull;
	for (n = 0; n < MAX_INSN; n++)
		if (guest_read(v, rip + n, &buf[n], 1) < 0)
			break;
	return n;
}

/* Skips legacy and REX prefixes; the opcode's offset. */
static unsigned skip_prefixes(const uint8_t *b, unsigned n, bool is64)
{
	static const uint8_t legacy[] = {0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x2e,
					 0x36, 0x3e, 0x26, 0x64, 0x65};
	unsigned i = 0;

	while (i < n && (memchr(legacy, b[i], sizeof(legacy)) ||
			 (is64 && (b[i] & 0xf0) == 0x40)))
		i++;
	return i;
}

const char *x86_insn_name(const uint8_t *b, unsigned n, bool is64)
{
	unsigned i = skip_prefixes(b, n, is64);

	if (i >= n)
		return NULL;
	switch (b[i]) {
	case 0xcf:
		return "iret";
	case 0xcd:
		return "int n";
	case 0xcc:
		return "int3";
	case 0xce:
		return "into";
	case 0xf1:
		return "icebp";
	case 0xf4:
		return "hlt";
	case 0xd9:
	case 0xdb:
	case 0xdd:
	case 0xdf:
		return "an x87 instruction";
	}
	if (b[i] != 0x0f || i + 1 >= n)
		return NULL;
	switch (b[i + 1]) {
	case 0x22:
		return i + 2 < n && ((b[i + 2] >> 3) & 7) == 0 ? "mov to cr0"
							       : "mov to a cr";
	case 0x0b:
		return "ud2";
	case 0x78:
	case 0x79:
		return "a VMX instruction (vmread/vmwrite)";
	case 0xc7:
		return i + 2 < n && ((b[i + 2] >> 3) & 7) >= 6
			       ? "a VMX instruction (vmptrld/vmclear/vmxon)"
			       : NULL;
	case 0x01:
		return i + 2 < n && b[i + 2] >= 0xc1 && b[i + 2] <= 0xc4
			       ? "a VMX instruction (vmcall/vmlaunch/vmresume/"
				 "vmxoff)"
			       : NULL;
	}
	return NULL;
}

/* "mov to cr0 (0f 22 c0 ...) in 32-bit protected mode" into buf, or "". */
static void describe(struct vcpu *v, char *buf, size_t size)
{
	const struct kvm_sregs *s = vcpu_sregs(v);
	uint8_t code[MAX_INSN];
	unsigned n = code_at(v, code), i, len = 0;
	bool is64 = s && (s->efer & EFER_LMA) && s->cs.l;
	const char *name = x86_insn_name(code, n, is64);

	buf[0] = 0;
	if (!name || !s)
		return;
	len = (unsigned)snprintf(buf, size, "%s (", name);
	for (i = 0; i < n && i < 3 && len < size; i++)
		len += (unsigned)snprintf(buf + len, size - len, "%s%02x",
					  i ? " " : "", code[i]);
	if (len < size)
		snprintf(buf + len, size - len, "%s) in %s",
			 n > 3 ? " ..." : "", x86_mode_name(s));
}

static struct xhvm_action triple_fault(struct vcpu *v)
{
	char where[160];

	describe(v, where, sizeof(where));
	if (!where[0])
		return guest_fault(v, "triple fault (KVM_EXIT_SHUTDOWN)");
	return guest_fault(v,
			   "triple fault (KVM_EXIT_SHUTDOWN) at %s: the guest "
			   "faulted there with no handler that worked",
			   where);
}

static struct xhvm_action internal_error(struct vcpu *v)
{
	char where[160];

	describe(v, where, sizeof(where));
	if (v->run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION)
		return guest_fault(v,
				   "KVM could not emulate %s (KVM internal "
				   "error, suberror 1): this host's KVM "
				   "cannot run it there",
				   where[0] ? where : "the instruction at RIP");
	return guest_fault(v, "KVM internal error, suberror %u%s%s",
			   v->run->internal.suberror, where[0] ? " at " : "",
			   where);
}

int x86_plug_faults(struct vm *vm)
{
	if (vm_on_exit(vm, KVM_EXIT_SHUTDOWN, triple_fault) < 0 ||
	    vm_on_exit(vm, KVM_EXIT_INTERNAL_ERROR, internal_error) < 0)
		return -1;
	return 0;
}
