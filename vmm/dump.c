/*
 * What a vCPU looked like when its guest died, for a human to read.
 */
#include "x86.h"
#include "xhvm.h"

#define CODE_BYTES 16

static const char *mode_name(const struct kvm_sregs *s)
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

static void dump_code(struct xhvm_vcpu *v, FILE *out, const struct kvm_regs *r,
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

/*
 * The vCPU's Xen state, for "why is it waiting?": its runstate, timers
 * (system time, and how far off), and upcall. Read without the VM's lock:
 * a snapshot for a human, taken when the guest is stopped or stuck.
 */
void vcpu_dump_xen(struct xhvm_vcpu *v, FILE *out)
{
	static const char *const states[] = {"running", "runnable", "blocked",
					     "offline"};
	uint64_t now = xen_clock_now(v);
	uint64_t sshot = __atomic_load_n(&v->sshot_ns, __ATOMIC_RELAXED);
	uint64_t period = __atomic_load_n(&v->period_ns, __ATOMIC_RELAXED);
	const uint8_t *vi = vcpu_info_ptr(v);
	unsigned rs = v->runstate.state;

	const char *why = v->waiting;
	uint32_t port = v->virq_port[VIRQ_TIMER];

	fprintf(out, " Xen: system time %llu ns, %s%s%s, ",
		(unsigned long long)now, rs < 4 ? states[rs] : "?",
		why ? " in " : "", why ? why : "");
	if (sshot)
		fprintf(out, "timer at %llu ns (%+lld us), ",
			(unsigned long long)sshot,
			((long long)sshot - (long long)now) / 1000);
	else
		fprintf(out, "no timer, ");
	if (period)
		fprintf(out, "periodic %llu us (next %+lld us), ",
			(unsigned long long)period / 1000,
			((long long)v->period_next - (long long)now) / 1000);
	fprintf(out, "upcall vector %#x (%llu injected), ",
		evtchn_upcall_vector(v),
		(unsigned long long)v->upcalls_injected);
	if (vi)
		fprintf(out,
			"upcall_pending %u mask %u, VIRQ_TIMER port %u%s\n",
			vi[XEN_VCPU_INFO_UPCALL_PENDING],
			vi[XEN_VCPU_INFO_UPCALL_MASK], port,
			port && evtchn_is_pending(v->vm, port) ? " (pending)"
							       : "");
	else
		fprintf(out, "no vcpu_info\n");
}

void vcpu_dump(struct xhvm_vcpu *v, FILE *out)
{
	const struct kvm_regs *r = vcpu_regs(v);
	const struct kvm_sregs *s = vcpu_sregs(v);

	if (!r || !s) {
		fprintf(out, "  (vCPU %u's registers are unavailable)\n",
			v->index);
		return;
	}
	fprintf(out, "vCPU %u registers (%s):\n", v->index, mode_name(s));
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
	vcpu_dump_xen(v, out);
}
