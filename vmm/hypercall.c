/*
 * The hypercall table, indexed by Xen hypercall number, and the Xen
 * register ABI that fills a struct xhvm_hcall from the vCPU's registers.
 */
#include "x86.h"
#include "xhvm.h"

static const struct {
	const char *name;
	hcall_fn fn;
} hcall_table[XEN_HYPERCALL_STUBS] = {
	[__HYPERVISOR_memory_op] = {"memory_op", hc_memory_op},
	[__HYPERVISOR_set_timer_op] = {"set_timer_op", hc_set_timer_op},
	[__HYPERVISOR_xen_version] = {"xen_version", hc_xen_version},
	[__HYPERVISOR_vm_assist] = {"vm_assist", hc_vm_assist},
	[__HYPERVISOR_console_io] = {"console_io", hc_console_io},
	[__HYPERVISOR_vcpu_op] = {"vcpu_op", hc_vcpu_op},
	[__HYPERVISOR_event_channel_op] = {"event_channel_op",
					   hc_event_channel_op},
	[__HYPERVISOR_sched_op] = {"sched_op", hc_sched_op},
	[__HYPERVISOR_hvm_op] = {"hvm_op", hc_hvm_op},
};

static struct xhvm_action dispatch(struct xhvm_vcpu *v, struct xhvm_hcall *call)
{
	if (call->cpl != 0) {
		call->result = -XEN_EPERM;
		return action_run();
	}
	if (call->nr >= XEN_HYPERCALL_STUBS || !hcall_table[call->nr].fn) {
		call->result = -XEN_ENOSYS;
		return action_run();
	}
	return hcall_table[call->nr].fn(v, call);
}

struct xhvm_action hypercall_dispatch(struct xhvm_vcpu *v,
				      struct xhvm_hcall *call)
{
	struct xhvm_action act = dispatch(v, call);

	if (__builtin_expect(xhvm_trace & TRACE_EXITS, 0))
		trace_hypercall(v, call,
				call->nr < XEN_HYPERCALL_STUBS
					? hcall_table[call->nr].name
					: NULL,
				&act);
	return act;
}

/*
 * 64-bit code passes RDI RSI RDX R10 R8 R9; everything else (32-bit,
 * compatibility mode, real mode) EBX ECX EDX ESI EDI EBP. The number is
 * in RAX (EAX) and so is the result.
 */
static void hcall_from_regs(struct xhvm_hcall *c, const struct kvm_regs *r,
			    const struct kvm_sregs *s)
{
	c->longmode = (s->efer & EFER_LMA) && s->cs.l;
	c->cpl = (s->cr0 & CR0_PE) ? s->ss.dpl : 0;
	if (c->longmode) {
		c->nr = r->rax > UINT32_MAX ? UINT32_MAX : (uint32_t)r->rax;
		c->arg[0] = r->rdi;
		c->arg[1] = r->rsi;
		c->arg[2] = r->rdx;
		c->arg[3] = r->r10;
		c->arg[4] = r->r8;
		c->arg[5] = r->r9;
	} else {
		c->nr = (uint32_t)r->rax;
		c->arg[0] = (uint32_t)r->rbx;
		c->arg[1] = (uint32_t)r->rcx;
		c->arg[2] = (uint32_t)r->rdx;
		c->arg[3] = (uint32_t)r->rsi;
		c->arg[4] = (uint32_t)r->rdi;
		c->arg[5] = (uint32_t)r->rbp;
	}
}

struct xhvm_action hypercall_from_port(struct xhvm_vcpu *v)
{
	struct kvm_regs *regs = vcpu_regs(v);
	const struct kvm_sregs *sregs = vcpu_sregs(v);
	struct xhvm_hcall call = {0};
	struct xhvm_action act;

	if (!regs || !sregs)
		return action_stop(XHVM_EXIT_HOST);
	hcall_from_regs(&call, regs, sregs);
	act = hypercall_dispatch(v, &call);
	if (act.next == XHVM_NEXT_RUN) {
		regs->rax = call.longmode ? (uint64_t)call.result
					  : (uint32_t)call.result;
		vcpu_regs_changed(v);
	}
	return act;
}

struct xhvm_action hypercall_from_xen_exit(struct xhvm_vcpu *v)
{
	struct kvm_xen_exit *x = &v->run->xen;
	struct xhvm_hcall call = {0};
	struct xhvm_action act;
	unsigned i;

	if (x->type != KVM_EXIT_XEN_HCALL)
		return guest_fault(v, "KVM_EXIT_XEN of unknown type %u",
				   x->type);
	/* KVM has already applied the register ABI for the guest's mode. */
	call.longmode = x->u.hcall.longmode;
	call.cpl = x->u.hcall.cpl;
	call.nr = x->u.hcall.input > UINT32_MAX ? UINT32_MAX
						: (uint32_t)x->u.hcall.input;
	for (i = 0; i < 6; i++)
		call.arg[i] = x->u.hcall.params[i];
	act = hypercall_dispatch(v, &call);
	/* KVM puts this in RAX and steps past the VMCALL on the next run. */
	x->u.hcall.result =
		call.longmode ? (uint64_t)call.result : (uint32_t)call.result;
	return act;
}
