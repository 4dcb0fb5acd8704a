/*
 * The Xen layer: the domain a guest sees, on a VM of the KVM layer. It
 * reaches KVM only through kvm/kvm.h (and x86/, platform/, load/): it
 * plugs its exit handlers and vCPU hooks into the VM and keeps its state
 * behind vm->ext and vcpu->ext.
 *
 *   domain.c         the domain: made on a VM, plugged in, torn down
 *   cpuid_leaves.c   Xen's CPUID leaves
 *   msr_backend.c    which MSR backend a host can run, and `auto`
 *   msr_user.c       the Xen MSR through user-space MSR exits; the blob
 *                    rules (xen_msr_write)
 *   msr_kernel.c     the Xen MSR in KVM (KVM_XEN_HVM_CONFIG)
 *   hypercall.[ch]   the hypercall registry, Xen's register ABI,
 *                    dispatch and its trace
 *   evtchn.c         event channel ports: the table, pending and mask
 *                    bits, host-side endpoints
 *   evtchn_fifo.[ch] the FIFO event channel ABI: event words, queues
 *   upcall.c         vcpu_info, upcall_pending and the upcall vector,
 *                    raised through the platform's interrupt delivery
 *   time.c           Xen system time: the clock guests read (pvclock)
 *   time_publish.c   ... written into their vcpu_time_info
 *   timer.c          each vCPU's singleshot and periodic timers
 *   runstate.c       each vCPU's runstate and its registered area
 *   wait.c           a vCPU waiting without running: HLT, block, poll,
 *                    down
 *   dump.c           a line of a vCPU's Xen state for dumps
 *   console.c        the PV console ring, a service on a host-side port
 *   physmap.c        RAM the guest gave back, where Xen's frames appear
 *   grant_table.c    the grant table's frames and version
 *   hc/            one file per hypercall family, each registering
 *                    itself (XEN_HYPERCALL)
 *
 * This header declares them all; hypercall.h, evtchn_fifo.h, xenstore.h,
 * pages.h (special pages, console, physmap, grant table) and time.h
 * (clock and timers) hold parts of it and are included here.
 */
#ifndef XHVM_XEN_LAYER_H
#define XHVM_XEN_LAYER_H

#include "load/load.h"
#include "platform/platform.h"
#include "x86/x86.h"
#include "xhvm/guest_abi.h"
#include "xhvm/xen.h"

/* ---- The domain's configuration --------------------------------------- */

/*
 * How the guest's write to the Xen MSR becomes a hypercall page: one of
 * XHVM_BACKEND_KERNEL, _INTERCEPT, _USER (guest_abi.h, since guests are
 * told), or AUTO until xen_backend_choose resolves it.
 */
#define XHVM_BACKEND_AUTO 0

struct xen_config {
	uint32_t msr; /* the hypercall MSR */
	int backend;  /* requested: XHVM_BACKEND_* or AUTO */
	struct xhvm_blob blob64, blob32;
	const char *name; /* the domain's, in XenStore; NULL: "xhvm" */
};

/* ---- Event channel ports (evtchn.c) ----------------------------------- */

/* Ports of the 2-level ABI: 64 x 64 for 64-bit guests, 32 x 32 for 32. */
#define EVTCHN_MAX_PORTS    4096
#define EVTCHN_MAX_PORTS_32 1024

enum evtchn_state {
	EVTCHN_FREE = 0,
	EVTCHN_UNBOUND, /* alloc_unbound: nobody on the other end */
	EVTCHN_VIRQ,	/* bind_virq */
	EVTCHN_IPI,	/* bind_ipi */
	EVTCHN_HOST,	/* a service in xhvm on the other end */
};

struct xen_vcpu;
/* A host-side endpoint's callback: the guest sent on its port. */
typedef void (*evtchn_host_fn)(struct xen_vcpu *x, uint32_t port, void *arg);

struct evtchn {
	uint8_t state; /* enum evtchn_state */
	uint8_t virq;
	uint16_t remote_dom;
	uint32_t vcpu; /* the vCPU notified */
	evtchn_host_fn host_fn;
	void *host_arg;
};

/* ---- The domain and its vCPUs ----------------------------------------- */

/*
 * Xen system time (time.c): one record for every vCPU, system time =
 * sys_base + pvclock(guest TSC - tsc_base, mul, shift). Under its lock,
 * which may be taken inside vm->lock, never the other way round.
 */
struct xen_clock {
	pthread_mutex_t lock;
	/* Where the guest TSC is read: KVM_GET_MSRS, or a test's fake. */
	bool (*read_tsc)(struct vcpu *v, uint64_t *tsc);
	uint32_t khz;		    /* KVM_GET_TSC_KHZ, until measured */
	uint64_t cal_tsc, cal_host; /* the first (guest TSC, host) pair */
	uint64_t cal_unc;	    /* ... its host time within this */
	uint64_t tsc_base, sys_base;
	uint32_t mul;
	int8_t shift;
	uint64_t host_base;    /* host uptime when the record began */
	double rate;	       /* system ns per host ns, about 1 */
	uint64_t next_refresh; /* host uptime */
	bool ticking;	       /* vCPU 0's ticker is armed */
	timer_t ticker;
	/*
	 * The host's KVM holds a vCPU's TSC still while the vCPU is out of
	 * KVM_RUN (it does once the host marks its own TSC unstable), so
	 * what KVM_GET_MSRS says lags the TSC the guest will read: the
	 * clock goes by host time at KVM's rate instead, as KVM's own
	 * catch-up does. Set once, never cleared.
	 */
	bool tsc_held;
	bool ticker_held; /* the ticker runs at the held pace */
};

/* vm->shinfo: shared_info's GPA, with this bit for the 64-bit layout. */
#define SHINFO_LONG 1ull

struct xen_domain {
	struct vm *vm;
	const struct xen_config *cfg;
	int backend; /* chosen: never XHVM_BACKEND_AUTO */
	const struct irq_delivery *irq;
	struct xen_vcpu *vcpus; /* cfg nvcpus of them */

	/* Under vm->lock unless said otherwise. */
	uint64_t hvm_params[HVM_NR_PARAMS]; /* HVMOP_{set,get}_param */
	/* XENMEM_add_to_physmap'd shared_info | SHINFO_LONG, 0: none.
	 * Written under the lock, read atomically. */
	uint64_t shinfo;
	struct xen_clock clock;
	uint32_t shutdown_code; /* SCHEDOP_shutdown_code, if set */
	bool shutdown_code_set;
	bool runstate_update_flag;    /* vm_assist'd: XEN_RUNSTATE_UPDATE */
	struct evtchn *evtchn;	      /* EVTCHN_MAX_PORTS */
	struct evtchn_fifo *fifo;     /* the FIFO ABI's (evtchn_fifo.c) */
	pthread_mutex_t console_lock; /* one console_io write at a time */
	uint64_t special_gpa;	      /* Xen's special pages, outside RAM */
	struct xen_console *console;  /* the PV console ring's service */
	struct xenstore *store;	      /* XenStore (xenstore.c) */
	bool console_claimed;	      /* atomic: the guest read CONSOLE_PFN */
	/* physmap.c: RAM pages given back (a bitmap, NULL: none yet). */
	uint8_t *removed;
	uint64_t nremoved;
	struct xen_grant_table *gnttab; /* grant_table.c */
};

/* Where a vCPU's time goes (runstate.c), in system time. */
struct xhvm_runstate {
	unsigned state; /* RUNSTATE_* */
	uint64_t entry; /* when it began */
	uint64_t time[4];
};

/* Xen's view of one vCPU. The KVM vCPU is v; the domain d. */
struct xen_vcpu {
	struct vcpu *v;
	struct xen_domain *d;
	unsigned index;
	uint8_t upcall_vector;	/* HVMOP_set_evtchn_upcall_vector, 0: none */
	bool down;		/* VCPUOP_down: parked until VCPUOP_up */
	uint64_t vcpu_info_gpa; /* VCPUOP_register_vcpu_info, 0: none */
	uint32_t virq_port[NR_VIRQS]; /* bound ports, 0: none; under lock */
	/* Timers (timer.c), in system time, under vm->lock. */
	uint64_t sshot_ns;		   /* singleshot deadline, 0: none */
	uint64_t period_ns;		   /* periodic timer's period, 0: off */
	uint64_t period_next, period_last; /* its next and last ticks */
	uint64_t wait_ns;		   /* xen_wait's deadline */
	bool timer_changed; /* atomic: the host timer must be re-armed */
	/* The host timer that kicks this thread; its own thread's only. */
	bool has_timer;
	timer_t timer_id;
	uint64_t timer_host; /* host uptime it is armed for, 0: not */
	/* Runstate, under vm->lock, and its registered area (a GVA). */
	struct xhvm_runstate runstate;
	uint64_t runstate_gva;
	bool runstate_long; /* the area's layout: 64-bit */
	/* The last (guest TSC, host uptime) read through this vCPU. */
	uint64_t seen_tsc, seen_host;
	/*
	 * VCPUOP_initialise: whether the vCPU has a state (started ones do;
	 * one parked at boot has none until initialised), and one given
	 * for it to load on its own thread before its next entry.
	 */
	bool initialised; /* atomic; changed under vm->lock */
	bool ctx_pending; /* atomic; ctx is then the vCPU's */
	struct x86_context ctx;
};

static inline struct xen_domain *xen_domain_of(const struct vm *vm)
{
	return vm->ext;
}
static inline struct xen_vcpu *xen_vcpu_of(const struct vcpu *v)
{
	return v->ext;
}
/* xhvm runs one domain: a guest names it DOMID_SELF or by its id. */
static inline bool xen_domid_is_self(uint16_t domid)
{
	return domid == DOMID_SELF || domid == XHVM_DOMID;
}

/*
 * Makes the Xen domain on vm (before its vCPUs exist): the MSR backend
 * for the host, Xen's CPUID leaves in the VM's CPUID, the doorbell port,
 * the exit handlers and vCPU hooks. irq: how upcalls reach a vCPU.
 * Returns 0, or an exit status after saying why.
 */
int xen_domain_create(struct vm *vm, const struct xen_config *cfg,
		      const struct irq_delivery *irq);
/* Once the vCPUs exist: their CPUID, and the clock from vCPU 0's TSC. */
int xen_domain_vcpus_ready(struct vm *vm);
void xen_domain_destroy(struct vm *vm);
/*
 * The domain state without KVM, for unit tests' fake VMs: the port table,
 * the locks, the vCPUs' Xen state. xen_domain_create calls it too.
 */
int xen_domain_init(struct xen_domain *d, struct vm *vm,
		    const struct xen_config *cfg,
		    const struct irq_delivery *irq);
void xen_domain_fini(struct xen_domain *d);
/*
 * What every Xen domain plugs into its VM whatever the backend: the
 * doorbell port, HLT, and the vCPU hooks (timers and upcalls before each
 * entry). xen_domain_create calls it; so do unit tests' fake VMs.
 */
int xen_domain_plug(struct xen_domain *d);

/* ---- MSR backends (msr_backend.c, msr_user.c, msr_kernel.c) ------------ */

/* "auto", "kernel", "intercept", "user"; -1 for an unknown name. */
int xen_backend_parse(const char *name);
const char *xen_backend_name(int backend);
/*
 * Whether this KVM can run `backend`; if not, `why` (when not NULL) names
 * the missing capability.
 */
bool xen_backend_usable(const struct kvm_host *kvm, int backend,
			const char **why);
/* What `auto` picks on this KVM: kernel, else user, else -1. */
int xen_backend_auto(const struct kvm_host *kvm);
/* Resolves `auto` and checks the result is usable; -1 after saying why. */
int xen_backend_choose(const struct kvm_host *kvm, int requested);
/* KVM_XEN_HVM_CONFIG, with the blobs or with INTERCEPT_HCALL. */
int msr_kernel_setup(struct xen_domain *d);
/* Routes guest RDMSR/WRMSR of the Xen MSR to user space. */
int msr_user_setup(struct xen_domain *d);
/* KVM_EXIT_X86_RDMSR and KVM_EXIT_X86_WRMSR. */
struct xhvm_action msr_user_exit(struct vcpu *v);
/*
 * The kernel's blob semantics: page index = value & 0xfff, GPA = the rest;
 * the 64-bit blob when long mode is active. Returns 0 after copying the
 * page, or -1 when the guest must get #GP.
 */
int xen_msr_write(struct xen_vcpu *x, uint64_t value);

/* ---- CPUID (cpuid_leaves.c) ------------------------------------------- */

/* Xen's hypervisor leaves, for cpuid_build. */
unsigned xen_cpuid_leaves(const struct xen_domain *d,
			  struct kvm_cpuid_entry2 *e, unsigned max);
/* Per vCPU: leaf +4 EBX carries its id. */
void xen_cpuid_per_vcpu(struct kvm_cpuid_entry2 *e, unsigned vcpu);

#include "xen/hypercall.h"
#include "xen/evtchn_fifo.h"
#include "xen/xenstore.h"

/* ---- Event channels (evtchn.c) and upcalls (upcall.c) ----------------- */

/* Vectors below this are exceptions: no upcall may use them. */
#define XEN_UPCALL_VECTOR_MIN 0x10

/* Ports this guest can use: 4096 (FIFO too) or 1024 (32-bit shared_info). */
unsigned evtchn_nr_ports(const struct xen_domain *d);
/* Xen's VIRQ_VCPU type; the rest bind on vCPU 0 and may be moved. */
bool evtchn_virq_is_per_vcpu(unsigned virq);
/*
 * Marks a port pending, Xen's way: the pending bit in shared_info, and
 * unless the port is masked its selector bit and upcall_pending in the
 * notified vCPU's vcpu_info, waking that vCPU (FIFO: evtchn_fifo.h).
 * Under vm->lock.
 */
void evtchn_set_pending(struct xen_domain *d, unsigned port);
/* Clears a port's mask bit; delivers it if pending. Under vm->lock. */
void evtchn_unmask(struct xen_domain *d, unsigned port);
/* Whether a port's pending bit is set. */
bool evtchn_is_pending(struct xen_domain *d, unsigned port);
/* Puts e on the lowest free port: its number, or -XEN_ENOSPC. Locked. */
int64_t evtchn_bind(struct xen_domain *d, struct evtchn e);
/* Frees a port and the binding that points at it. Under vm->lock. */
void evtchn_close(struct xen_domain *d, uint32_t port);
/* Closes every port from `first` on. Under vm->lock. */
void evtchn_close_from(struct xen_domain *d, unsigned first);

/*
 * Host-side endpoints, for services in xhvm (the PV console, XenStore):
 * a port whose other end is xhvm, as if in domain 0. A guest's send on
 * it calls fn (on the sending vCPU's thread, vm->lock not held);
 * evtchn_host_notify is the service's send to the guest. Bound to vCPU
 * `vcpu`. Returns the port, or -XEN_ENOSPC.
 */
int64_t evtchn_host_bind(struct xen_domain *d, unsigned vcpu, evtchn_host_fn fn,
			 void *arg);
void evtchn_host_notify(struct xen_domain *d, uint32_t port);

/* This vCPU's vcpu_info in guest RAM (registered, or in shared_info). */
uint8_t *vcpu_info_ptr(struct xen_vcpu *x);
/*
 * The vector an upcall is delivered at (per-vCPU vector, else a
 * HVM_PARAM_CALLBACK_IRQ of type vector of 0x10 or more), 0 when none.
 */
uint8_t xen_upcall_vector(struct xen_vcpu *x);
/* Whether vcpu_info.evtchn_upcall_pending is set. */
bool xen_upcall_pending(struct xen_vcpu *x);
/* Sets upcall_pending and raises the upcall on x, waking it. */
void xen_upcall_raise(struct xen_vcpu *x);

#include "xen/pages.h"
#include "xen/time.h"

/* ---- Runstates (runstate.c) ------------------------------------------------
 */

/* x's own thread moves x to RUNSTATE_*, under vm->lock. */
void runstate_set(struct xen_vcpu *x, unsigned state);
/* VCPUOP_register_runstate_memory_area and _get_runstate_info. */
int64_t runstate_register(struct xen_vcpu *x, struct xen_vcpu *target,
			  const struct xhvm_hcall *c);
int64_t runstate_get(struct xen_vcpu *x, struct xen_vcpu *target,
		     const struct xhvm_hcall *c);

/* ---- Waiting (wait.c) ------------------------------------------------------
 */

/*
 * Waits (for `why`: "HLT", "SCHEDOP_block", ...), without running the
 * guest, until `ready` says so, the VM stops, or the guest's clock reaches
 * `deadline` (system time; 0: none). This vCPU's timers fire meanwhile
 * (marking VIRQ_TIMER). Returns 1 when `ready`, 0 on the deadline or a
 * stop, -1 when every vCPU waits and no clock can wake any (a guest fault
 * for the caller to report).
 */
int xen_wait(struct xen_vcpu *x, const char *why,
	     bool (*ready)(struct xen_vcpu *, void *), void *arg,
	     uint64_t deadline);
/*
 * A vCPU that does not start with the others: down and without a state
 * until the guest gives it one (VCPUOP_initialise) and brings it up
 * (VCPUOP_up). Without a LAPIC it waits in xhvm; with one, in KVM, where
 * a guest may also start it with INIT and SIPI. Before the VM runs.
 */
int xen_vcpu_park(struct vcpu *v);
/* VCPUOP_initialise's context, checked as Xen does: 0 or -XEN_EINVAL. */
int64_t xen_vcpu_context(const struct vcpu_hvm_context *h,
			 struct x86_context *c);
/* Not taken down by VCPUOP_down: a `ready` for xen_wait. */
bool xen_vcpu_is_up(struct xen_vcpu *x, void *arg);
/* KVM_EXIT_HLT: sleep until an upcall is due (interrupts on). */
struct xhvm_action xen_hlt_exit(struct vcpu *v);

/* ---- Dumps (dump.c)
 * ----------------------------------------------------------- */

/* One line: the vCPU's runstate, timers and upcall state. */
void xen_vcpu_dump(struct vcpu *v, FILE *out);

#endif /* XHVM_XEN_LAYER_H */
