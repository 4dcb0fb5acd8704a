/*
 * The KVM layer: a machine with RAM and vCPUs, and nothing of Xen. What a
 * guest's hypervisor interface needs (xhvm's Xen domain, xen/) plugs in
 * here: exit handlers by exit reason, port and MMIO ranges, hooks around
 * each entry, and a pointer to its own state in the VM and in each vCPU.
 *
 *   system.c       /dev/kvm: API version, capabilities, the ioctl helpers
 *   ioctl_trace.c  --trace=ioctl: each KVM ioctl with its arguments
 *   memory.c       guest RAM (gpa_ptr), RAM registered on first use, and
 *                  the guest physical memory map
 *   vm.c           the VM: built and torn down in order, stopped, watched
 *   vm_run.c       running it: one thread per vCPU, the watchdog
 *   vcpu.c         a vCPU: its fd and kvm_run, registers, kicks
 *   vcpu_run.c     the run loop: KVM_RUN, then each exit to its handler
 *   io.c           port I/O and MMIO: ranges owned by a handler, the rest
 *                  an empty bus
 *   host_time.c    host time since the VM began, timers that kick a vCPU
 *
 * Exit handlers never exit the process: they return a struct xhvm_action
 * and the run loop acts on it.
 */
#ifndef XHVM_KVM_H
#define XHVM_KVM_H

#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>

#include "sys/sys.h"

/* ---- /dev/kvm (system.c) ------------------------------------------------ */

struct kvm_host {
	int fd; /* /dev/kvm */
	int api_version;
	int run_size;  /* mmap size of struct kvm_run */
	int sync_regs; /* KVM_CAP_SYNC_REGS mask, 0 when absent */
	int max_vcpus;
	int xen_hvm;	 /* KVM_CAP_XEN_HVM mask, 0 when absent */
	bool user_msr;	 /* KVM_CAP_X86_USER_SPACE_MSR */
	bool msr_filter; /* KVM_CAP_X86_MSR_FILTER */
	bool immediate_exit;
};

/*
 * Opens /dev/kvm, checks the API version and every capability xhvm needs.
 * Returns 0, XHVM_EXIT_NO_CAP naming what is missing, or XHVM_EXIT_HOST.
 */
int kvm_host_open(struct kvm_host *kvm);
void kvm_host_close(struct kvm_host *kvm);
int kvm_check_cap(int fd, long cap);
/* "KVM_EXIT_IO" for KVM_EXIT_IO (2), "unknown" when xhvm has no name. */
const char *kvm_exit_name(uint32_t reason);
/* "KVM_CAP_SYNC_REGS" for KVM_CAP_SYNC_REGS, for traces. */
const char *kvm_cap_name(long cap);

/*
 * Two tiers, as in the kernel's selftests: __kvm_ioctl returns the raw
 * result for callers that look at errno; kvm_ioctl also prints
 * "<name>: <strerror> (errno N)" on failure.
 */
int __kvm_ioctl(int fd, unsigned long req, void *arg);
int kvm_ioctl_named(int fd, unsigned long req, void *arg, const char *name);
#define kvm_ioctl(fd, req, arg) kvm_ioctl_named(fd, req, arg, #req)
/* --trace=ioctl: one KVM ioctl, with the arguments worth reading. */
void trace_ioctl(int fd, unsigned long req, const void *arg, const char *name,
		 int result);

/* ---- What an exit handler decided ------------------------------------ */

enum xhvm_next {
	XHVM_NEXT_RUN,	/* resume the vCPU */
	XHVM_NEXT_STOP, /* stop the VM with .status */
};
struct xhvm_action {
	enum xhvm_next next;
	int status;
};
static inline struct xhvm_action action_run(void)
{
	return (struct xhvm_action){.next = XHVM_NEXT_RUN};
}
static inline struct xhvm_action action_stop(int status)
{
	return (struct xhvm_action){.next = XHVM_NEXT_STOP, .status = status};
}

/* ---- Guest memory (memory.c) ------------------------------------------ */

/*
 * Pages outside RAM that are backed all the same (Xen's special pages, a
 * grant table frame a guest put in a hole): each its own KVM slot.
 */
#define MEM_EXTRA_MAX 32
struct mem_extra {
	uint64_t gpa, size;
	uint8_t *host;
};
struct guest_mem {
	uint8_t *host;	 /* GPA 0 in this process */
	uint64_t size;	 /* bytes of RAM, from GPA 0 */
	unsigned nextra; /* published with a release store */
	struct mem_extra extra[MEM_EXTRA_MAX];
};

/*
 * Host pointer to [gpa, gpa + len) if that range lies wholly in RAM, or
 * wholly in one backed page range outside it, else NULL. The only way
 * monitor code reaches guest memory.
 */
void *gpa_ptr(const struct guest_mem *mem, uint64_t gpa, uint64_t len);

/*
 * The guest physical memory map: what each range of addresses is, in one
 * place. Boot protocols add what they place (their tables, special pages),
 * and read it to tell a guest where its RAM is (e820, XENMEM_memory_map).
 */
enum mem_kind {
	MEM_RAM,      /* the guest's to use */
	MEM_RESERVED, /* RAM that holds xhvm's structures or special pages */
	MEM_MMIO,     /* a device's registers */
	MEM_ACPI,     /* ACPI tables, the guest's once it has read them */
};
struct mem_range {
	uint64_t gpa, size;
	enum mem_kind kind;
	const char *what; /* for messages and traces */
};
#define MEMMAP_MAX 32
struct memmap {
	unsigned n;
	struct mem_range r[MEMMAP_MAX]; /* sorted by gpa, never overlapping */
};

/*
 * Marks [gpa, gpa + size) as `kind`, carving it out of the ranges it lies
 * in (reserving a page of RAM splits the RAM range). Returns 0, or -1 if
 * the map is full or the range wraps.
 */
int memmap_set(struct memmap *m, uint64_t gpa, uint64_t size,
	       enum mem_kind kind, const char *what);
/* The range holding gpa, or NULL for a hole. */
const struct mem_range *memmap_find(const struct memmap *m, uint64_t gpa);
/* Whether [gpa, gpa + size) lies wholly in ranges of one kind. */
bool memmap_is(const struct memmap *m, uint64_t gpa, uint64_t size,
	       enum mem_kind kind);
/* The name of a kind, for messages. */
const char *mem_kind_name(enum mem_kind kind);

/* ---- The VM (vm.c, vm_run.c) ------------------------------------------ */

struct vm;
struct vcpu;

typedef struct xhvm_action (*exit_fn)(struct vcpu *v);

/*
 * What a guest interface hooks into every vCPU's life. Each member may be
 * NULL. All run on the vCPU's own thread.
 */
struct vcpu_hooks {
	const char *name;
	/* Before each KVM_RUN (timers, interrupts): 0, or -1 to stop. */
	int (*pre_run)(struct vcpu *v);
	/* After a kick took the vCPU out of KVM_RUN: 0, or -1 to stop. */
	int (*kicked)(struct vcpu *v);
	/* The vCPU's thread is done with the run. */
	void (*stopped)(struct vcpu *v);
	/* After each exit, before its handler. */
	void (*exited)(struct vcpu *v);
	/* A line of state for dumps, after the registers. */
	void (*dump)(struct vcpu *v, FILE *out);
};
#define VM_MAX_HOOKS 4

/* Port I/O and MMIO owned by a handler (io.c). data holds size * count
 * bytes (count is 1 for MMIO), to fill for an IN or a read. */
typedef struct xhvm_action (*pio_fn)(struct vcpu *v, uint16_t port, bool out,
				     unsigned size, unsigned count,
				     uint8_t *data, void *arg);
typedef struct xhvm_action (*mmio_fn)(struct vcpu *v, uint64_t gpa, bool write,
				      unsigned len, uint8_t *data, void *arg);
#define VM_MAX_PIO  16
#define VM_MAX_MMIO 8
struct pio_range {
	uint16_t first, n;
	const char *name;
	pio_fn fn;
	void *arg;
};
struct mmio_range {
	uint64_t gpa, size;
	const char *name;
	mmio_fn fn;
	void *arg;
};

/* What the machine is: the KVM layer's part of xhvm run's options. */
struct vm_config {
	uint64_t ram_size;
	unsigned nvcpus;
	unsigned timeout_s; /* --timeout: 0 means none */
	uint64_t ram_eager; /* RAM in a KVM slot at creation, at least */
};

/* RAM registered with KVM at creation, at least; the rest on first use. */
#define XHVM_EAGER_RAM (16ull << 20)
#define PAGE_2M_SIZE   (2ull << 20)

struct vm {
	struct kvm_host kvm;
	int fd;
	struct vm_config cfg;
	struct guest_mem mem;
	struct memmap map;
	uint64_t ram_registered;  /* RAM below this is in a KVM slot */
	struct kvm_cpuid2 *cpuid; /* the vCPUs' CPUID, made by x86/ */
	bool lapic;		  /* KVM emulates each vCPU's local APIC */
	unsigned nvcpus;	  /* created so far */
	struct vcpu *vcpus;

	/*
	 * Run state, under `lock`. The first vCPU to stop the VM sets
	 * `status`; `stopping` is also read without the lock as a hint.
	 */
	pthread_mutex_t lock;
	pthread_cond_t wake; /* waiting vCPUs sleep here (CLOCK_MONOTONIC) */
	bool stopping;
	int status;
	unsigned parked;      /* vCPUs waiting without running their guest */
	uint64_t start_ns;    /* CLOCK_MONOTONIC at creation: host time 0 */
	uint64_t watchdog_ns; /* --timeout's deadline in host time; 0: none */
	bool timed_out;	      /* the watchdog stopped the VM */
	bool abandoned;	      /* a vCPU thread never came back */
	pthread_mutex_t out_lock; /* one diagnostic dump at a time */

	/* What plugs in (io.c, vcpu_run.c). */
	exit_fn exit_handlers[64]; /* by KVM_EXIT_* */
	struct vcpu_hooks hooks[VM_MAX_HOOKS];
	unsigned nhooks;
	struct pio_range pio[VM_MAX_PIO];
	unsigned npio;
	struct mmio_range mmio[VM_MAX_MMIO];
	unsigned nmmio;
	void *ext; /* the guest interface's state (xhvm's Xen domain) */
};

/*
 * The part of building a VM that needs no KVM: locks, the wait condition
 * (on CLOCK_MONOTONIC), the vCPU table, the memory map's RAM. Unit tests'
 * fake vCPUs are built with it too. vm_state_destroy undoes it.
 */
int vm_state_init(struct vm *vm, const struct vm_config *cfg);
void vm_state_destroy(struct vm *vm);
/*
 * Opens KVM and makes the VM and its RAM (reserved, not touched). No vCPU
 * yet: vm_add_vcpus makes them once the guest interface has set up CPUID.
 * On failure everything built so far is torn down. vm_destroy is safe on
 * a zeroed or partly built VM.
 */
int vm_create(struct vm *vm, const struct vm_config *cfg);
int vm_add_vcpus(struct vm *vm);
void vm_destroy(struct vm *vm);
/*
 * Plug-in points, before the VM runs. Each returns 0, or -1 after
 * saying why (a reason already taken, a range overlapping another, a
 * table full): two owners for one thing are a bug, not a choice.
 */
int vm_on_exit(struct vm *vm, uint32_t reason, exit_fn fn);
int vm_add_hooks(struct vm *vm, const struct vcpu_hooks *hooks);
int vm_add_pio(struct vm *vm, uint16_t first, uint16_t n, const char *name,
	       pio_fn fn, void *arg);
int vm_add_mmio(struct vm *vm, uint64_t gpa, uint64_t size, const char *name,
		mmio_fn fn, void *arg);
/*
 * Runs the VM until the guest stops; returns the exit status. vCPU 0 runs
 * on the calling thread, every other vCPU on a thread of its own. `before`
 * (may be NULL) runs on vCPU 0's thread just before its first entry.
 */
int vm_run(struct vm *vm, struct xhvm_action (*before)(struct vcpu *v));
/*
 * Stops every vCPU: the first caller's status is the VM's. Kicks the other
 * vCPUs out of KVM_RUN. Safe from any vCPU thread.
 */
void vm_stop(struct vm *vm, int status);
/* Stops the VM if its --timeout has passed. Not under vm->lock. */
void watchdog_check(struct vm *vm);
/* The VM's RAM (memory.c, for vm.c): mapped and put in KVM slots. */
int vm_ram_create(struct vm *vm);
/* Registers all of RAM now (KVM writes into it where the guest asks). */
int vm_ram_register_all(struct vm *vm);
void vm_ram_destroy(struct vm *vm);
/*
 * Backs [gpa, gpa + size) (whole pages, outside RAM and every other
 * backed range) with zeroed memory in a KVM slot of its own, marks it
 * `kind` in the memory map, and returns its host address; NULL when the
 * slots run out or KVM refuses (said). Under vm->lock once vCPUs run.
 */
void *vm_back_pages(struct vm *vm, uint64_t gpa, uint64_t size,
		    enum mem_kind kind, const char *what);
/* The guest touched RAM not yet in a KVM slot: registers the rest.
 * Returns 1 if it did, 0 if gpa is not such RAM, -1 on a KVM failure. */
int ram_fault_in(struct vm *vm, uint64_t gpa);

/* ---- A vCPU (vcpu.c, vcpu_run.c) --------------------------------------- */

struct vcpu {
	struct vm *vm;
	unsigned index;
	int fd;
	struct kvm_run *run;
	pthread_t thread;
	bool has_thread; /* kick with a signal only once it runs */
	bool use_sync;	 /* registers come through run->s.regs */
	/* Register cache for hosts without sync regs. */
	struct kvm_regs regs;
	struct kvm_sregs sregs;
	bool regs_fetched, sregs_fetched, regs_dirty;
	const char *waiting; /* parked, and for what (vm->lock) */
	void *ext;	     /* the guest interface's per-vCPU state */
	void *irq;	     /* the interrupt delivery's (platform/) */
};

/* Makes vCPU index: KVM_CREATE_VCPU and its kvm_run. */
int vcpu_create(struct vm *vm, struct vcpu *v, unsigned index);
void vcpu_destroy(struct vcpu *v);
/* Runs one vCPU until the VM stops; stops it itself on a stop action. */
void vcpu_run(struct vcpu *v);
/* Decides what one KVM exit means; tests call it directly. */
struct xhvm_action vcpu_handle_exit(struct vcpu *v);
/* Port I/O and MMIO exits nobody took over (io.c). */
struct xhvm_action vcpu_pio_exit(struct vcpu *v);
struct xhvm_action vcpu_mmio_exit(struct vcpu *v);
/* The kick handler's view of this thread's kvm_run (vcpu.c). */
void vcpu_set_this_run(struct kvm_run *run);

/* The signal that kicks a vCPU thread out of KVM_RUN (and its timers'). */
#define XHVM_KICK_SIGNAL SIGUSR1
/* Makes a vCPU leave KVM_RUN soon: immediate_exit plus a signal. */
void vcpu_kick(struct vcpu *v);
/* Installs the (empty) handler of the kick signal; once per process. */
int vcpu_kick_init(void);

/*
 * The vCPU's registers at the current exit. After changing them, call
 * vcpu_regs_changed() so they reach the vCPU before it runs again.
 * NULL only when KVM fails (already reported).
 */
struct kvm_regs *vcpu_regs(struct vcpu *v);
const struct kvm_sregs *vcpu_sregs(struct vcpu *v);
void vcpu_regs_changed(struct vcpu *v);
/* Registers as KVM has them now, not as the last exit left them. */
int vcpu_refetch_regs(struct vcpu *v);

/* Reports a guest fault with a register dump; returns the stop action. */
struct xhvm_action guest_fault(struct vcpu *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Registers and the hooks' lines, for a human (x86/dump.c prints them). */
void vcpu_dump(struct vcpu *v, FILE *out);

/* "trace: vCPU n: <message>" (v NULL: the VM's), when --trace is on. */
void vcpu_trace(const struct vcpu *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define TRACE(v, ...)                               \
	do {                                        \
		if (TRACE_ON())                     \
			vcpu_trace(v, __VA_ARGS__); \
	} while (0)

/* ---- Host time (host_time.c) -------------------------------------------- */

/* Host times are capped here (146 years): no sum with them can wrap. */
#define HOST_TIME_FOREVER (1ull << 62)

/* Nanoseconds of CLOCK_MONOTONIC since the VM was created. */
uint64_t host_uptime_ns(const struct vm *vm);
/* pthread_cond_timedwait on vm->wake (vm->lock held) until host_ns. */
int host_wait_until(struct vm *vm, uint64_t host_ns);
/*
 * A CLOCK_MONOTONIC timer that kicks the calling thread (XHVM_KICK_SIGNAL)
 * when it expires, and arming it at host time host_ns (0 disarms), then
 * every interval_ns (0: once). Both return -1 with errno set.
 */
int kick_timer_create(timer_t *timer);
int kick_timer_set(const struct vm *vm, timer_t timer, uint64_t host_ns,
		   uint64_t interval_ns);

#endif /* XHVM_KVM_H */
