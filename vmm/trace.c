/*
 * --trace: what xhvm does, exit by exit, in words, for people learning
 * how KVM works (and for debugging). One line per event on stderr:
 *
 *   trace: vCPU 0: WRMSR 0x40000000 <- 0x105000: copied 64-bit blob page 0
 *          to GPA 0x105000
 *   trace: vCPU 0: hypercall console_io(write, 27, 0x104010) = 0
 *
 * --trace=ioctl adds every KVM ioctl of the setup, in order.
 */
#include <string.h>

#include "xhvm.h"

unsigned xhvm_trace;

int trace_parse(const char *s)
{
	unsigned flags = 0;

	if (!s)
		return TRACE_EXITS;
	while (*s) {
		size_t n = strcspn(s, ",");

		if (n == 5 && !strncmp(s, "exits", 5))
			flags |= TRACE_EXITS;
		else if (n == 5 && !strncmp(s, "ioctl", 5))
			flags |= TRACE_EXITS | TRACE_IOCTL;
		else if (n == 3 && !strncmp(s, "all", 3))
			flags |= TRACE_EXITS | TRACE_IOCTL;
		else
			return -1;
		s += n;
		if (*s == ',')
			s++;
	}
	return (int)flags;
}

void trace_line(const struct xhvm_vcpu *v, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n = v ? snprintf(line, sizeof(line), "trace: vCPU %u: ", v->index)
		  : snprintf(line, sizeof(line), "trace: ");

	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	/* One write per line, so vCPUs' lines never interleave. */
	fprintf(stderr, "%s\n", line);
}

/* Names of sub-operations, per hypercall family, for decoding. */
static const char *const console_ops[] = {"write", "read"};
static const char *const sched_ops[] = {"yield", "block", "shutdown",
					"poll",	 NULL,	  "shutdown_code"};
static const char *const version_ops[] = {
	"version",   "extraversion",	    "compile_info", "capabilities",
	"changeset", "platform_parameters", "get_features", "pagesize"};
static const char *const hvm_ops[24] = {[0] = "set_param",
					[1] = "get_param",
					[23] = "set_evtchn_upcall_vector"};
static const char *const memory_ops[8] = {[7] = "add_to_physmap"};
static const char *const vcpu_ops[11] = {
	[VCPUOP_up] = "up",
	[VCPUOP_down] = "down",
	[VCPUOP_is_up] = "is_up",
	[VCPUOP_get_runstate_info] = "get_runstate_info",
	[VCPUOP_register_runstate_memory_area] =
		"register_runstate_memory_area",
	[VCPUOP_set_periodic_timer] = "set_periodic_timer",
	[VCPUOP_stop_periodic_timer] = "stop_periodic_timer",
	[VCPUOP_set_singleshot_timer] = "set_singleshot_timer",
	[VCPUOP_stop_singleshot_timer] = "stop_singleshot_timer",
	[VCPUOP_register_vcpu_info] = "register_vcpu_info"};
static const char *const vm_assist_ops[] = {"enable", "disable"};
static const char *const evtchn_ops[12] = {
	[1] = "bind_virq", [3] = "close",	  [4] = "send",
	[5] = "status",	   [6] = "alloc_unbound", [7] = "bind_ipi",
	[9] = "unmask",	   [11] = "init_control"};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *const *ops;
	unsigned nops;
	unsigned nargs;
} families[] = {
	[__HYPERVISOR_console_io] = {console_ops, N(console_ops), 3},
	[__HYPERVISOR_sched_op] = {sched_ops, N(sched_ops), 2},
	[__HYPERVISOR_xen_version] = {version_ops, N(version_ops), 2},
	[__HYPERVISOR_hvm_op] = {hvm_ops, N(hvm_ops), 2},
	[__HYPERVISOR_memory_op] = {memory_ops, N(memory_ops), 2},
	[__HYPERVISOR_vcpu_op] = {vcpu_ops, N(vcpu_ops), 3},
	[__HYPERVISOR_event_channel_op] = {evtchn_ops, N(evtchn_ops), 2},
	[__HYPERVISOR_set_timer_op] = {NULL, 0, 1},
	[__HYPERVISOR_vm_assist] = {vm_assist_ops, N(vm_assist_ops), 2},
};

void trace_hypercall(const struct xhvm_vcpu *v, const struct xhvm_hcall *c,
		     const char *name, const struct xhvm_action *act)
{
	char args[160] = "", number[16];
	unsigned i, nargs = 5, n = 0;
	const char *op = NULL;

	/* A hypercall xhvm has no handler for goes by its number. */
	if (!name) {
		snprintf(number, sizeof(number), "#%u", c->nr);
		name = number;
	}
	if (c->nr < N(families) && families[c->nr].nargs) {
		nargs = families[c->nr].nargs;
		if (families[c->nr].ops && c->arg[0] < families[c->nr].nops)
			op = families[c->nr].ops[c->arg[0]];
	}
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
		trace_line(v, "hypercall %s(%s): stops the VM, exit status %d",
			   name, args, act->status);
	else
		trace_line(v, "hypercall %s(%s) = %lld%s", name, args,
			   (long long)c->result,
			   c->longmode ? "" : " (32-bit ABI)");
}

/* The arguments worth reading, for the ioctls a learner should see. */
void trace_ioctl(int fd, unsigned long req, const void *arg, const char *name,
		 int result)
{
	char what[256] = "";

	switch (req) {
	case KVM_SET_USER_MEMORY_REGION: {
		const struct kvm_userspace_memory_region *m = arg;

		snprintf(what, sizeof(what),
			 "slot %u: GPA %#llx, %llu MiB, at host %#llx", m->slot,
			 (unsigned long long)m->guest_phys_addr,
			 (unsigned long long)m->memory_size >> 20,
			 (unsigned long long)m->userspace_addr);
		break;
	}
	case KVM_CREATE_VCPU:
		snprintf(what, sizeof(what), "vCPU %lu", (unsigned long)arg);
		break;
	case KVM_SET_CPUID2:
		snprintf(what, sizeof(what), "%u leaves",
			 ((const struct kvm_cpuid2 *)arg)->nent);
		break;
	case KVM_ENABLE_CAP: {
		const struct kvm_enable_cap *c = arg;

		snprintf(what, sizeof(what), "cap %u, args[0] %#llx", c->cap,
			 (unsigned long long)c->args[0]);
		break;
	}
	case KVM_X86_SET_MSR_FILTER: {
		const struct kvm_msr_filter *f = arg;

		snprintf(what, sizeof(what),
			 "default %s, deny MSR %#x (read+write) to user space",
			 f->flags ? "deny" : "allow", f->ranges[0].base);
		break;
	}
	case KVM_XEN_HVM_CONFIG: {
		const struct kvm_xen_hvm_config *x = arg;

		snprintf(what, sizeof(what),
			 "flags %#x, MSR %#x, blob64 %u pages at %#llx, blob32 "
			 "%u pages at %#llx",
			 x->flags, x->msr, x->blob_size_64,
			 (unsigned long long)x->blob_addr_64, x->blob_size_32,
			 (unsigned long long)x->blob_addr_32);
		break;
	}
	case KVM_SET_SREGS: {
		const struct kvm_sregs *s = arg;

		snprintf(what, sizeof(what),
			 "CR0 %#llx CR3 %#llx CR4 %#llx EFER %#llx, CS %#x "
			 "(L=%u D=%u), GDT %#llx",
			 s->cr0, s->cr3, s->cr4, s->efer, s->cs.selector,
			 s->cs.l, s->cs.db, (unsigned long long)s->gdt.base);
		break;
	}
	case KVM_SET_REGS: {
		const struct kvm_regs *r = arg;

		snprintf(what, sizeof(what),
			 "RIP %#llx RSP %#llx RDI %#llx RSI %#llx RDX %#llx "
			 "RFLAGS %#llx",
			 r->rip, r->rsp, r->rdi, r->rsi, r->rdx, r->rflags);
		break;
	}
	case KVM_INTERRUPT:
		snprintf(what, sizeof(what), "vector %#x",
			 ((const struct kvm_interrupt *)arg)->irq);
		break;
	default:
		break;
	}
	fprintf(stderr, "trace: ioctl(fd %d, %s%s%s) = %d\n", fd, name,
		what[0] ? ": " : "", what, result);
}
