/*
 * Hypercalls: the registry of families (each hc/ file registers its own
 * descriptor in the xhvm_hcalls section), Xen's register ABI that fills a
 * struct xhvm_hcall from the vCPU's registers, the dispatch, and the
 * trace line that names the family and sub-operation from the same
 * descriptor.
 */
#include <string.h>

#include "xen/xen.h"

/* The descriptors XEN_HYPERCALL put in the section, found by the linker. */
extern const struct hcall_family *const __start_xhvm_hcalls[];
extern const struct hcall_family *const __stop_xhvm_hcalls[];

int hcall_table_build(const struct hcall_family *const *f, size_t n,
		      const struct hcall_family **table)
{
	size_t i;

	for (i = 0; i < XEN_HYPERCALL_STUBS; i++)
		table[i] = NULL;
	for (i = 0; i < n; i++) {
		if (f[i]->nr >= XEN_HYPERCALL_STUBS) {
			xhvm_err("hypercall %s: number %u is past the %d a "
				 "page has",
				 f[i]->name, f[i]->nr, XEN_HYPERCALL_STUBS);
			return -1;
		}
		if (table[f[i]->nr]) {
			xhvm_err("hypercall %u: both %s and %s register it",
				 f[i]->nr, table[f[i]->nr]->name, f[i]->name);
			return -1;
		}
		table[f[i]->nr] = f[i];
	}
	return 0;
}

/* The table, built once; a bad registration is a bug in xhvm itself. */
static const struct hcall_family *table[XEN_HYPERCALL_STUBS];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;
static bool table_bad;

static void table_init(void)
{
	table_bad = hcall_table_build(
			    __start_xhvm_hcalls,
			    (size_t)(__stop_xhvm_hcalls - __start_xhvm_hcalls),
			    table) < 0;
}

static const struct hcall_family **registry(void)
{
	pthread_once(&table_once, table_init);
	return table_bad ? NULL : table;
}

const struct hcall_family *hcall_family(uint32_t nr)
{
	const struct hcall_family **t = registry();

	return t && nr < XEN_HYPERCALL_STUBS ? t[nr] : NULL;
}

unsigned hcall_families(const struct hcall_family **out, unsigned max)
{
	unsigned nr, n = 0;

	for (nr = 0; nr < XEN_HYPERCALL_STUBS && n < max; nr++)
		if (hcall_family(nr))
			out[n++] = hcall_family(nr);
	return n;
}

/* ---- Dispatch and its trace --------------------------------------------- */

/*
 * "hypercall console_io(write, 0x1b, 0x101000) = 0": the family and its
 * sub-operation by name, the arguments it takes, and what came of it. A
 * number nobody registered goes by its number, with five arguments.
 */
static void trace_hypercall(const struct xen_vcpu *x,
			    const struct xhvm_hcall *c,
			    const struct hcall_family *f,
			    const struct xhvm_action *act)
{
	char args[160] = "", number[16];
	const char *name = f ? f->name : number, *op = NULL;
	unsigned i, nargs = f ? f->nargs : 5, n = 0;

	snprintf(number, sizeof(number), "#%u", c->nr);
	if (hcall_op(f, c))
		op = hcall_op(f, c)->name;
	for (i = 0; i < nargs && n < sizeof(args); i++) {
		if (i == 0 && op)
			n += (unsigned)snprintf(args + n, sizeof(args) - n,
						"%s", op);
		else
			n += (unsigned)snprintf(args + n, sizeof(args) - n,
						"%s%#llx", i ? ", " : "",
						(unsigned long long)c->arg[i]);
	}
	if (act->next == XHVM_NEXT_STOP)
		vcpu_trace(x->v,
			   "hypercall %s(%s): stops the VM, exit status %d",
			   name, args, act->status);
	else
		vcpu_trace(x->v, "hypercall %s(%s) = %lld%s", name, args,
			   (long long)c->result,
			   c->longmode ? "" : " (32-bit ABI)");
}

const struct hcall_op *hcall_op(const struct hcall_family *f,
				const struct xhvm_hcall *c)
{
	uint64_t op = f && f->op_mask ? c->arg[0] & f->op_mask : c->arg[0];

	if (!f || !f->ops || op >= f->nops || !f->ops[op].name)
		return NULL;
	return &f->ops[op];
}

int64_t hcall_call(const struct hcall_family *f, struct xen_vcpu *x,
		   struct xhvm_hcall *c)
{
	const struct hcall_op *op;
	int64_t r;

	if (c->cpl != 0)
		return -XEN_EPERM;
	if (!f)
		return -XEN_ENOSYS;
	if (f->fn)
		return f->fn(x, c);
	if (f->check && (r = f->check(x, c)) != 0)
		return r;
	op = hcall_op(f, c);
	return op && op->fn ? op->fn(x, c) : -XEN_ENOSYS;
}

struct xhvm_action hypercall_dispatch(struct xen_vcpu *x,
				      struct xhvm_hcall *call)
{
	const struct hcall_family *f = hcall_family(call->nr);

	call->next = action_run();
	call->result = hcall_call(f, x, call);
	if (TRACE_ON())
		trace_hypercall(x, call, f, &call->next);
	return call->next;
}

/* ---- Xen's register ABI ------------------------------------------------ */

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

struct xhvm_action hypercall_from_port(struct vcpu *v, uint16_t port, bool out,
				       unsigned size, unsigned count,
				       uint8_t *data, void *arg)
{
	struct kvm_regs *regs = vcpu_regs(v);
	const struct kvm_sregs *sregs = vcpu_sregs(v);
	struct xhvm_hcall call = {0};
	struct xhvm_action act;

	(void)port;
	(void)data;
	(void)arg;
	/* The stub's `out %eax, $port` and nothing else knocks here. */
	if (!out || size != 4 || count != 1) {
		if (!out)
			memset(data, 0xff, (size_t)size * count);
		return action_run();
	}
	if (!regs || !sregs)
		return action_stop(XHVM_EXIT_HOST);
	hcall_from_regs(&call, regs, sregs);
	act = hypercall_dispatch(xen_vcpu_of(v), &call);
	if (act.next == XHVM_NEXT_RUN) {
		regs->rax = call.longmode ? (uint64_t)call.result
					  : (uint32_t)call.result;
		vcpu_regs_changed(v);
	}
	return act;
}

struct xhvm_action hypercall_from_xen_exit(struct vcpu *v)
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
	act = hypercall_dispatch(xen_vcpu_of(v), &call);
	/* KVM puts this in RAX and steps past the VMCALL on the next run. */
	x->u.hcall.result =
		call.longmode ? (uint64_t)call.result : (uint32_t)call.result;
	return act;
}
