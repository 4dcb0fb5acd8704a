/*
 * What a vCPU looked like when its guest died, for a human to read: the
 * mode, every register, the segments, control registers and the code
 * bytes at RIP. Plugged in as a vCPU hook's dump, first of all.
 */
#include "x86/x86.h"

#define CODE_BYTES 16

const char *x86_mode_name(const struct kvm_sregs *s)
{
	if (!(s->cr0 & CR0_PE))
		return "real mode";
	if (s->efer & EFER_LMA)
		return s->cs.l ? "64-bit long mode" : "compatibility mode";
	if (s->cr0 & CR0_PG)
		return (s->cr4 & CR4_PAE) ? "32-bit protected mode, PAE paging"
					  : "32-bit protected mode, paging";
	return s->cs.db ? "32-bit protected mode, no paging"
			: "16-bit protected mode";
}

static void dump_segment(FILE *out, const char *name,
			 const struct kvm_segment *s)
{
	fprintf(out,
		"  %-3s sel=%04x base=%016llx limit=%08x type=%x dpl=%u "
		"p=%u db=%u l=%u g=%u\n",
		name, s->selector, (unsigned long long)s->base, s->limit,
		s->type, s->dpl, s->present, s->db, s->l, s->g);
}

static void dump_code(struct vcpu *v, FILE *out, const struct kvm_regs *r,
		      const struct kvm_sregs *s)
{
	uint64_t rip = r->rip;
	uint8_t byte;
	int i;

	/* Outside 64-bit mode CS.base counts and addresses are 32-bit. */
	if (!((s->efer & EFER_LMA) && s->cs.l))
		rip = (s->cs.base + rip) & 0xffffffffull;
	fprintf(out, "  code at linear 0x%llx:", (unsigned long long)rip);
	for (i = 0; i < CODE_BYTES; i++) {
		if (guest_read(v, rip + i, &byte, 1) < 0) {
			fprintf(out, i ? " (unmapped beyond)" : " unmapped");
			break;
		}
		fprintf(out, " %02x", byte);
	}
	fputc('\n', out);
}

static void dump_regs(struct vcpu *v, FILE *out)
{
	const struct kvm_regs *r = vcpu_regs(v);
	const struct kvm_sregs *s = vcpu_sregs(v);

	if (!r || !s) {
		fprintf(out, "  (vCPU %u's registers are unavailable)\n",
			v->index);
		return;
	}
	fprintf(out, "vCPU %u registers (%s):\n", v->index, x86_mode_name(s));
	fprintf(out, "  RAX=%016llx RBX=%016llx RCX=%016llx RDX=%016llx\n",
		r->rax, r->rbx, r->rcx, r->rdx);
	fprintf(out, "  RSI=%016llx RDI=%016llx RBP=%016llx RSP=%016llx\n",
		r->rsi, r->rdi, r->rbp, r->rsp);
	fprintf(out, "  R8 =%016llx R9 =%016llx R10=%016llx R11=%016llx\n",
		r->r8, r->r9, r->r10, r->r11);
	fprintf(out, "  R12=%016llx R13=%016llx R14=%016llx R15=%016llx\n",
		r->r12, r->r13, r->r14, r->r15);
	fprintf(out, "  RIP=%016llx RFLAGS=%016llx\n", r->rip, r->rflags);
	dump_segment(out, "CS", &s->cs);
	dump_segment(out, "SS", &s->ss);
	dump_segment(out, "DS", &s->ds);
	dump_segment(out, "ES", &s->es);
	dump_segment(out, "FS", &s->fs);
	dump_segment(out, "GS", &s->gs);
	dump_segment(out, "TR", &s->tr);
	fprintf(out,
		"  GDT base=%016llx limit=%04x  IDT base=%016llx "
		"limit=%04x\n",
		(unsigned long long)s->gdt.base, s->gdt.limit,
		(unsigned long long)s->idt.base, s->idt.limit);
	fprintf(out, "  CR0=%016llx CR2=%016llx CR3=%016llx CR4=%016llx\n",
		s->cr0, s->cr2, s->cr3, s->cr4);
	fprintf(out, "  EFER=%016llx APIC_BASE=%016llx\n", s->efer,
		s->apic_base);
	dump_code(v, out, r, s);
}

const struct vcpu_hooks x86_dump_hooks = {
	.name = "x86 registers",
	.dump = dump_regs,
};
