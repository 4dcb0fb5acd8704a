/*
 * A vCPU's Xen state in one line, for "why is it waiting?": its runstate
 * and what it waits in, its timers against system time, its upcall.
 * Read without the VM's lock: a snapshot for a human, taken when the
 * guest is stopped or stuck. Plugged in as the Xen hooks' dump.
 */
#include "xen/xen.h"

static void dump_timers(const struct xen_vcpu *x, uint64_t now, FILE *out)
{
	uint64_t sshot = __atomic_load_n(&x->sshot_ns, __ATOMIC_RELAXED);
	uint64_t period = __atomic_load_n(&x->period_ns, __ATOMIC_RELAXED);

	if (sshot)
		fprintf(out, "timer at %llu ns (%+lld us), ",
			(unsigned long long)sshot,
			((long long)sshot - (long long)now) / 1000);
	else
		fprintf(out, "no timer, ");
	if (period)
		fprintf(out, "periodic %llu us (next %+lld us), ",
			(unsigned long long)period / 1000,
			((long long)x->period_next - (long long)now) / 1000);
}

void xen_vcpu_dump(struct vcpu *v, FILE *out)
{
	static const char *const states[] = {"running", "runnable", "blocked",
					     "offline"};
	struct xen_vcpu *x = xen_vcpu_of(v);
	uint64_t now = xen_clock_now(x);
	const uint8_t *vi = vcpu_info_ptr(x);
	unsigned rs = x->runstate.state;
	const char *why = v->waiting;
	uint32_t port = x->virq_port[VIRQ_TIMER];

	fprintf(out, "  Xen: system time %llu ns, %s%s%s, ",
		(unsigned long long)now, rs < 4 ? states[rs] : "?",
		why ? " in " : "", why ? why : "");
	dump_timers(x, now, out);
	fprintf(out, "upcall vector %#x (%llu injected), ",
		xen_upcall_vector(x),
		v->irq ? (unsigned long long)x->d->irq->count(v) : 0ull);
	if (vi)
		fprintf(out,
			"upcall_pending %u mask %u, VIRQ_TIMER port %u%s\n",
			vi[XEN_VCPU_INFO_UPCALL_PENDING],
			vi[XEN_VCPU_INFO_UPCALL_MASK], port,
			port && evtchn_is_pending(x->d, port) ? " (pending)"
							      : "");
	else
		fprintf(out, "no vcpu_info\n");
}
