/*
 * The Xen domain on a VM: its state, and everything it plugs into the
 * VM. The MSR backend the host can run, Xen's CPUID leaves, the doorbell
 * port the built-in blobs' stubs knock on, the exits that are Xen's (the
 * MSR, KVM_EXIT_XEN, HLT), and the vCPU hooks that run Xen's timers and
 * raise its upcalls before each entry.
 */
#include <stdlib.h>
#include <string.h>

#include "xen/xen.h"

int xen_domain_init(struct xen_domain *d, struct vm *vm,
		    const struct xen_config *cfg,
		    const struct irq_delivery *irq)
{
	unsigned i;

	memset(d, 0, sizeof(*d));
	d->vm = vm;
	d->cfg = cfg;
	d->irq = irq;
	pthread_mutex_init(&d->console_lock, NULL);
	pthread_mutex_init(&d->clock.lock, NULL);
	d->evtchn = calloc(EVTCHN_MAX_PORTS, sizeof(*d->evtchn));
	d->vcpus = calloc(vm->cfg.nvcpus, sizeof(*d->vcpus));
	if (!d->evtchn || !d->vcpus) {
		xhvm_err("out of memory for the Xen domain");
		return XHVM_EXIT_HOST;
	}
	for (i = 0; i < vm->cfg.nvcpus; i++) {
		d->vcpus[i] = (struct xen_vcpu){.v = &vm->vcpus[i],
						.d = d,
						.index = i,
						.initialised = true};
		vm->vcpus[i].ext = &d->vcpus[i];
	}
	vm->ext = d;
	return 0;
}

void xen_domain_fini(struct xen_domain *d)
{
	evtchn_fifo_destroy(d);
	xen_gnttab_free(d);
	free(d->removed);
	d->removed = NULL;
	free(d->vcpus);
	d->vcpus = NULL;
	free(d->evtchn);
	d->evtchn = NULL;
	pthread_mutex_destroy(&d->clock.lock);
	pthread_mutex_destroy(&d->console_lock);
}

/* ---- The vCPU hooks ---------------------------------------------------- */

static int xen_kicked(struct vcpu *v);

/*
 * Before each entry: vCPU 0 keeps the clock's ticker, every vCPU fires
 * its due timers, and an upcall still pending is raised again: Xen's HVM
 * upcall is level-triggered for as long as upcall_pending is set. Once
 * the guest has cleared it (its handler ran, maybe during an entry that
 * ended with interrupts off) a vector raised earlier is withdrawn.
 */
static int xen_pre_run(struct vcpu *v)
{
	struct xen_vcpu *x = xen_vcpu_of(v);
	uint8_t vector;

	/* Parked from the start (a PVH AP) until the guest brings it up;
	 * with a LAPIC, KVM holds it instead (until a SIPI, or a kick). */
	if (!v->vm->lapic && !xen_vcpu_is_up(x, NULL) && xen_kicked(v) < 0)
		return -1;
	/* VCPUOP_initialise gave it a state: load it before it runs. */
	if (__atomic_load_n(&x->ctx_pending, __ATOMIC_ACQUIRE)) {
		if (x86_set_context(v, &x->ctx))
			return -1;
		__atomic_store_n(&x->ctx_pending, false, __ATOMIC_RELEASE);
		TRACE(v, "VCPUOP_initialise's state loaded: RIP %#llx",
		      (unsigned long long)x->ctx.regs.rip);
	}
	if (x->index == 0 && !x->d->clock.ticking && xen_clock_ticker(x) < 0)
		return -1;
	if (xen_timer_check(x) < 0)
		return -1;
	/* After the timers: the guest must read at least their deadlines. */
	xen_clock_before_entry(x);
	/* A LAPIC keeps an edge pending itself: nothing to raise again. */
	if (x->d->irq->edge)
		return 0;
	vector = xen_upcall_vector(x);
	if (vector && xen_upcall_pending(x))
		return x->d->irq->raise(v, vector);
	if (x->d->irq->lower)
		x->d->irq->lower(v);
	return 0;
}

/* After a kick: a vCPU taken down (VCPUOP_down) waits to be brought up. */
static int xen_kicked(struct vcpu *v)
{
	struct xen_vcpu *x = xen_vcpu_of(v);
	/*
	 * A vCPU KVM holds for a SIPI (parked with a LAPIC, no state yet)
	 * goes back to KVM_RUN: KVM returns from it at each wake-up, the
	 * SIPI's included. VCPUOP_down'd vCPUs wait here.
	 */
	bool in_kvm = v->vm->lapic &&
		      !__atomic_load_n(&x->initialised, __ATOMIC_ACQUIRE);

	if (!in_kvm && !xen_vcpu_is_up(x, NULL) &&
	    xen_wait(x, "down", xen_vcpu_is_up, NULL, 0) < 0) {
		struct xhvm_action act =
			guest_fault(v, "every vCPU is down or halted");

		vm_stop(v->vm, act.status);
		return -1;
	}
	/* The clock's ticker signals vCPU 0 like a kick. */
	xen_clock_tick(x);
	return 0;
}

int xen_vcpu_park(struct vcpu *v)
{
	struct xen_vcpu *x = xen_vcpu_of(v);

	__atomic_store_n(&x->initialised, false, __ATOMIC_RELEASE);
	__atomic_store_n(&x->down, true, __ATOMIC_RELEASE);
	return 0;
}

/*
 * After an exit: a parked vCPU that ran was started by the guest's INIT
 * and SIPI through its LAPIC: it is up now, as on Xen.
 */
static void xen_exited(struct vcpu *v)
{
	struct xen_vcpu *x = xen_vcpu_of(v);

	if (v->vm->lapic &&
	    !__atomic_load_n(&x->initialised, __ATOMIC_ACQUIRE)) {
		pthread_mutex_lock(&v->vm->lock);
		__atomic_store_n(&x->initialised, true, __ATOMIC_RELEASE);
		__atomic_store_n(&x->down, false, __ATOMIC_RELEASE);
		pthread_mutex_unlock(&v->vm->lock);
	}
}

static void xen_stopped(struct vcpu *v)
{
	struct xen_vcpu *x = xen_vcpu_of(v);

	xen_timer_destroy(x);
	if (x->index == 0)
		xen_clock_ticker_stop(x);
}

static const struct vcpu_hooks xen_hooks = {
	.name = "Xen",
	.pre_run = xen_pre_run,
	.kicked = xen_kicked,
	.exited = xen_exited,
	.stopped = xen_stopped,
	.dump = xen_vcpu_dump,
};

/* ---- Making the domain --------------------------------------------------- */

int xen_domain_plug(struct xen_domain *d)
{
	struct vm *vm = d->vm;

	if (vm_add_pio(vm, XHVM_HCALL_PORT, 1, "the Xen hypercall doorbell",
		       hypercall_from_port, d) < 0 ||
	    vm_on_exit(vm, KVM_EXIT_HLT, xen_hlt_exit) < 0 ||
	    vm_add_hooks(vm, &xen_hooks) < 0)
		return XHVM_EXIT_HOST;
	return 0;
}

/* The MSR backend: who turns the guest's WRMSR into a hypercall page. */
static int backend_setup(struct xen_domain *d)
{
	struct vm *vm = d->vm;

	if (d->backend == XHVM_BACKEND_USER) {
		if (vm_on_exit(vm, KVM_EXIT_X86_RDMSR, msr_user_exit) < 0 ||
		    vm_on_exit(vm, KVM_EXIT_X86_WRMSR, msr_user_exit) < 0)
			return XHVM_EXIT_HOST;
		return msr_user_setup(d);
	}
	if (d->backend == XHVM_BACKEND_INTERCEPT &&
	    vm_on_exit(vm, KVM_EXIT_XEN, hypercall_from_xen_exit) < 0)
		return XHVM_EXIT_HOST;
	return msr_kernel_setup(d);
}

/*
 * The special pages, backed outside RAM, and the services on them: their
 * page numbers and ports in the HVM params a guest reads.
 */
static int special_pages(struct xen_domain *d)
{
	struct vm *vm = d->vm;
	uint64_t gpa = vm->mem.size <= XEN_SPECIAL_GPA
			       ? XEN_SPECIAL_GPA
			       : (vm->mem.size + PAGE_SIZE - 1) & PAGE_MASK;
	uint8_t *p = vm_back_pages(vm, gpa, XEN_SPECIAL_PAGES * PAGE_SIZE,
				   MEM_RESERVED,
				   "Xen's special pages (console, XenStore)");

	if (!p)
		return XHVM_EXIT_HOST;
	d->special_gpa = gpa;
	d->console = xen_console_create(d, p + XEN_SPECIAL_CONSOLE * PAGE_SIZE);
	if (!d->console)
		return XHVM_EXIT_HOST;
	d->hvm_params[HVM_PARAM_CONSOLE_PFN] =
		gpa / PAGE_SIZE + XEN_SPECIAL_CONSOLE;
	d->hvm_params[HVM_PARAM_CONSOLE_EVTCHN] = xen_console_port(d->console);
	d->store = xenstore_create(d, p + XEN_SPECIAL_STORE * PAGE_SIZE,
				   XHVM_DOMID,
				   d->cfg->name ? d->cfg->name : "xhvm");
	if (!d->store)
		return XHVM_EXIT_HOST;
	d->hvm_params[HVM_PARAM_STORE_PFN] =
		gpa / PAGE_SIZE + XEN_SPECIAL_STORE;
	d->hvm_params[HVM_PARAM_STORE_EVTCHN] = xenstore_port(d->store);
	return 0;
}

int xen_domain_create(struct vm *vm, const struct xen_config *cfg,
		      const struct irq_delivery *irq)
{
	struct kvm_cpuid_entry2 leaves[8];
	struct xen_domain *d = calloc(1, sizeof(*d));
	int r;

	if (!d) {
		xhvm_err("out of memory for the Xen domain");
		return XHVM_EXIT_HOST;
	}
	vm->ext = d; /* xen_domain_destroy frees it, whatever fails below */
	r = xen_domain_init(d, vm, cfg, irq);
	if (r)
		return r;
	d->backend = xen_backend_choose(&vm->kvm, cfg->backend);
	if (d->backend < 0)
		return XHVM_EXIT_NO_CAP;
	r = cpuid_build(vm, leaves, xen_cpuid_leaves(d, leaves, 8));
	if (r)
		return r;
	r = backend_setup(d);
	if (!r)
		r = special_pages(d);
	if (r)
		return r;
	return xen_domain_plug(d);
}

int xen_domain_vcpus_ready(struct vm *vm)
{
	struct xen_domain *d = xen_domain_of(vm);
	unsigned i;
	int r;

	for (i = 0; i < vm->nvcpus; i++) {
		/* CPUID first: real KVM refuses EFER.LME without long mode. */
		r = cpuid_set_vcpu(&vm->vcpus[i], xen_cpuid_per_vcpu);
		if (r)
			return r;
	}
	/* System time starts from vCPU 0's TSC. */
	xen_clock_init(&d->vcpus[0]);
	return 0;
}

void xen_domain_destroy(struct vm *vm)
{
	struct xen_domain *d = xen_domain_of(vm);

	if (!d)
		return;
	xenstore_destroy(d->store);
	xen_console_destroy(d->console);
	xen_domain_fini(d);
	free(d);
	vm->ext = NULL;
}
