/*
 * xhvm's internal API: every layer of the monitor, as contracts.
 *
 * Layers, each in the file named for it:
 *   kvm.c          the /dev/kvm system fd, capabilities, ioctl helpers
 *   backend.c      which Xen MSR backend a host can run, and `auto`
 *   vm.c           the VM: guest RAM, setup and teardown, the watchdog
 *   x86.c          x86 mode setup (GDT, page tables, registers at entry)
 *   cpuid.c        the vCPU's CPUID, with the Xen leaves
 *   elf.c          the guest image loader
 *   blob.c         the hypercall blob loader
 *   paging.c       guest linear -> guest physical, by walking page tables
 *   msr_user.c     the Xen MSR, emulated through user-space MSR exits
 *   msr_kernel.c   the Xen MSR in KVM (KVM_XEN_HVM_CONFIG)
 *   vcpu.c         the vCPU and its run loop
 *   hypercall.c    the hypercall table and its register ABI
 *   hc_*.c         one file per hypercall family
 *   evtchn.c       event channels and upcalls
 *   xen_time.c     Xen system time: the clock guests read, wallclock
 *   xen_timer.c    each vCPU's singleshot and periodic timers
 *   vcpu_wait.c    a vCPU waiting without running (HLT, block, poll)
 *   seccomp.c      the seccomp filter around the run loop
 *   trace.c        --trace
 *   gdb.c          --gdb
 *   dump.c         register dumps when a guest dies
 *   caps.c         xhvm caps
 *   bench.c        xhvm bench
 *   util.c         messages, files, numbers
 *   main.c         the command line
 *
 * Conventions: functions that can fail return 0 or an xhvm exit status
 * (enum xhvm_status) and have already printed why. Exit handlers never exit
 * the process: they return a struct xhvm_action and the run loop acts on it.
 */
#ifndef XHVM_H
#define XHVM_H

#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <linux/kvm.h>

#include "xhvm/guest_abi.h"
#include "xhvm/xen.h"

#define XHVM_VERSION "0.1.0"
#define PAGE_SIZE    4096ull
#define PAGE_MASK    (~(PAGE_SIZE - 1))

/*
 * The process exit status, documented in README.md and `xhvm --help`.
 */
enum xhvm_status {
	XHVM_EXIT_POWEROFF = 0,	   /* guest shut down: poweroff */
	XHVM_EXIT_CRASH = 1,	   /* guest shut down: crash */
	XHVM_EXIT_BAD_INPUT = 2,   /* bad usage, bad guest or blob file */
	XHVM_EXIT_HOST = 3,	   /* host or KVM failure */
	XHVM_EXIT_GUEST_FAULT = 4, /* triple fault, unexpected exit, ... */
	XHVM_EXIT_REBOOT = 5,	   /* guest shut down: reboot */
	XHVM_EXIT_SUSPEND = 6,	   /* guest shut down: suspend */
	XHVM_EXIT_WATCHDOG = 7,	   /* guest shut down: watchdog */
	XHVM_EXIT_SOFT_RESET = 8,  /* guest shut down: soft_reset */
	XHVM_EXIT_TIMEOUT = 9,	   /* --timeout passed: the guest was stuck */
	XHVM_EXIT_NO_CAP = 77,	   /* the host lacks a needed capability */
};

/* ---- Diagnostics ------------------------------------------------------ */

/* "xhvm: <message>\n" on stderr. */
void xhvm_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A failure message kept for the caller, for code that must stay quiet
 * (loaders run under a fuzzer). err_set returns XHVM_EXIT_BAD_INPUT.
 */
struct xhvm_error {
	char msg[256];
};
int err_set(struct xhvm_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- Files and numbers (util.c) --------------------------------------- */

/*
 * Reads a whole regular file of at most max_size bytes into a malloc'd
 * buffer. Returns 0, or XHVM_EXIT_BAD_INPUT with err naming what was wrong
 * (missing, a directory, unreadable, too large).
 */
int read_file(const char *path, size_t max_size, uint8_t **data, size_t *size,
	      struct xhvm_error *err);
/* Writes all len bytes, through short writes and EINTR: 0, or -1. */
int write_all(int fd, const void *buf, size_t len);

/* "64M", "2G", "4096", "0x100000": bytes, with K/M/G (binary) suffixes. */
int parse_size(const char *s, uint64_t *out);
/* A whole number in decimal or 0x-hex, no sign, no trailing junk. */
int parse_u64(const char *s, uint64_t *out);

/* ---- KVM system fd (kvm.c) -------------------------------------------- */

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

/*
 * Two tiers, as in the kernel's selftests: __kvm_ioctl returns the raw
 * result for callers that look at errno; kvm_ioctl also prints
 * "<name>: <strerror> (errno N)" on failure.
 */
int __kvm_ioctl(int fd, unsigned long req, void *arg);
int kvm_ioctl_named(int fd, unsigned long req, void *arg, const char *name);
#define kvm_ioctl(fd, req, arg) kvm_ioctl_named(fd, req, arg, #req)

/* ---- MSR backends (backend.c) ----------------------------------------- */

/*
 * How the guest's write to the Xen MSR becomes a hypercall page: one of
 * XHVM_BACKEND_KERNEL, _INTERCEPT, _USER (guest_abi.h, since guests are
 * told), or AUTO until backend_choose resolves it.
 */
#define XHVM_BACKEND_AUTO 0

/* "auto", "kernel", "intercept", "user"; -1 for an unknown name. */
int backend_parse(const char *name);
const char *backend_name(int backend);
/*
 * Whether this KVM can run `backend`; if not, `why` (when not NULL) names
 * the missing capability.
 */
bool backend_usable(const struct kvm_host *kvm, int backend, const char **why);
/*
 * What `auto` picks on this KVM: kernel when KVM_CAP_XEN_HVM has the
 * hypercall MSR, else user when usable, else -1.
 */
int backend_auto(const struct kvm_host *kvm);
/*
 * Resolves `auto` and checks the result is usable. Returns the backend,
 * or -1 after printing what the host lacks.
 */
int backend_choose(const struct kvm_host *kvm, int requested);

/*
 * Allows from now on only the system calls the run loop needs; any other
 * raises SIGSYS, which names it and exits XHVM_EXIT_HOST (seccomp.c).
 */
int seccomp_install(void);
/* For tests: reports the filter's mode, then makes a forbidden call. */
void seccomp_selftest(void);

/* `xhvm bench` and the minimal KVM program it compares against (bench.c). */
int cmd_bench(int argc, char **argv);
int cmd_bench_baseline(void);

/* `xhvm caps [--json]` (caps.c); argv[0] is "caps". */
int cmd_caps(int argc, char **argv);

/* ---- Guest memory (vm.c) ---------------------------------------------- */

struct guest_mem {
	uint8_t *host; /* GPA 0 in this process */
	uint64_t size; /* bytes of RAM, from GPA 0 */
};

/*
 * Host pointer to [gpa, gpa + len) if that range lies wholly in RAM, else
 * NULL. The only way monitor code reaches guest memory.
 */
void *gpa_ptr(const struct guest_mem *mem, uint64_t gpa, uint64_t len);

/*
 * RAM registered with KVM at creation, at least: the rest (past the guest
 * image too) on first use, with the user backend.
 */
#define XHVM_EAGER_RAM (16ull << 20)
#define PAGE_2M_SIZE   (2ull << 20)
/*
 * The guest touched RAM not yet in a KVM slot (an MMIO exit at gpa):
 * registers the rest. Returns 1 if it did, 0 if gpa is not such RAM, -1
 * on a KVM failure.
 */
struct xhvm_vm;
int ram_fault_in(struct xhvm_vm *vm, uint64_t gpa);

/* ---- Images and blobs ------------------------------------------------- */

/* A guest image validated against the RAM it will load into. */
#define ELF_MAX_SEGMENTS 16
struct elf_segment {
	uint64_t gpa, memsz;
	uint64_t offset, filesz;
};
struct elf_plan {
	const uint8_t *image;
	size_t image_size;
	unsigned mode; /* 64: ELF64, long mode; 32: ELF32, protected mode */
	uint64_t entry;
	unsigned nseg;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
};

/*
 * Checks an ELF64 x86-64 or ELF32 i386 executable for loading into ram_size
 * bytes of RAM per the entry contract of its class. Touches no guest memory.
 * Returns 0, or XHVM_EXIT_BAD_INPUT with err saying what was wrong.
 */
int elf_parse(const uint8_t *image, size_t size, uint64_t ram_size,
	      struct elf_plan *plan, struct xhvm_error *err);
/* Copies a parsed image into RAM and zeroes each segment's tail. */
void elf_load(const struct elf_plan *plan, struct guest_mem *mem);

#define BLOB_MAX_PAGES 255 /* KVM's blob_size fields are one byte */
struct xhvm_blob {
	const char *name; /* for messages */
	const uint8_t *data;
	size_t pages;
	uint8_t *owned; /* non-NULL when read from a file */
};

/* Checks a blob's size: non-empty, whole 4 KiB pages, at most 255. */
int blob_check(const char *name, size_t size, struct xhvm_error *err);
int blob_load_file(struct xhvm_blob *blob, const char *path,
		   struct xhvm_error *err);
void blob_use_builtin(struct xhvm_blob *blob, const char *name,
		      const uint8_t *data, size_t size);
void blob_release(struct xhvm_blob *blob);

/* Built into the binary from guest/ and blobs/ (embedded.S). */
extern const uint8_t xhvm_builtin_hello[], xhvm_builtin_hello_end[];
extern const uint8_t xhvm_builtin_bench[], xhvm_builtin_bench_end[];
extern const uint8_t xhvm_builtin_blob64[], xhvm_builtin_blob64_end[];
extern const uint8_t xhvm_builtin_blob32[], xhvm_builtin_blob32_end[];

/* ---- The VM ----------------------------------------------------------- */

struct xhvm_config {
	uint64_t ram_size;
	uint32_t xen_msr;
	int backend; /* requested: XHVM_BACKEND_* or AUTO */
	unsigned nvcpus;
	const char *guest_name;
	unsigned timeout_s; /* --timeout: 0 means none */
	bool seccomp;	    /* run under the seccomp filter */
	uint32_t guest_arg; /* --arg, in the boot info */
	unsigned gdb_port;  /* --gdb: 0 for none */
	struct elf_plan guest;
	struct xhvm_blob blob64, blob32;
};

struct xhvm_vcpu;

/*
 * Xen system time (xen_time.c): one record for every vCPU, system time =
 * sys_base + pvclock(guest TSC - tsc_base, mul, shift). Under its lock,
 * which may be taken inside vm->lock, never the other way round.
 */
struct xen_clock {
	pthread_mutex_t lock;
	/* Where the guest TSC is read: KVM_GET_MSRS, or a test's fake. */
	bool (*read_tsc)(struct xhvm_vcpu *v, uint64_t *tsc);
	uint32_t khz;		    /* KVM_GET_TSC_KHZ, until measured */
	uint64_t cal_tsc, cal_host; /* the first (guest TSC, host) pair */
	uint64_t cal_unc;	    /* ... its host time within this */
	uint64_t tsc_base, sys_base;
	uint32_t mul;
	int8_t shift;
	uint64_t host_base;    /* host uptime when the record began */
	double rate;	       /* system ns per host ns, about 1 */
	uint64_t next_refresh; /* host uptime */
};

/* vm->shinfo: shared_info's GPA, with this bit for the 64-bit layout. */
#define SHINFO_LONG 1ull

struct xhvm_vm {
	struct kvm_host kvm;
	int fd;
	struct guest_mem mem;
	const struct xhvm_config *cfg;
	int backend;		  /* chosen: never XHVM_BACKEND_AUTO */
	struct kvm_cpuid2 *cpuid; /* host-supported CPUID + Xen leaves */
	unsigned nvcpus;	  /* created so far */
	struct xhvm_vcpu *vcpus;

	/*
	 * Shared run state, under `lock`. The first vCPU to stop the VM sets
	 * `status`; `stopping` is also read without the lock as a hint.
	 */
	pthread_mutex_t lock;
	pthread_cond_t wake; /* parked vCPUs wait here */
	bool stopping;
	int status;
	unsigned parked; /* vCPUs halted with interrupts off */
	uint64_t hvm_params[HVM_NR_PARAMS]; /* HVMOP_{set,get}_param */
	/* XENMEM_add_to_physmap'd shared_info | SHINFO_LONG, 0: none.
	 * Written under lock, read atomically. */
	uint64_t shinfo;
	uint64_t start_ns; /* CLOCK_MONOTONIC at creation: host uptime 0 */
	struct xen_clock clock;
	uint32_t shutdown_code; /* SCHEDOP_shutdown_code, if set */
	bool shutdown_code_set;
	bool runstate_update_flag; /* vm_assist'd: XEN_RUNSTATE_UPDATE */
	bool timed_out;		   /* the watchdog stopped the VM */
	uint64_t watchdog_ns;	   /* its deadline, host uptime; 0: none */
	uint64_t ram_registered;   /* RAM below this is in a KVM slot */
	struct gdb *gdb;	   /* --gdb: the stub's state, NULL without */
	bool gdb_gone;		   /* gdb disconnected: debugging is off */
	struct evtchn *evtchn;	   /* EVTCHN_MAX_PORTS, under lock */
	bool abandoned; /* a vCPU thread never came back: skip teardown */
	uint64_t first_exit_ns; /* CLOCK_MONOTONIC at the first exit, for bench
				 */
	pthread_mutex_t console_lock; /* one guest write at a time */
};

/*
 * Builds the whole VM from cfg: KVM, RAM, guest image, CPUID, the Xen MSR
 * backend, vCPUs in their entry state. On failure everything built so far
 * is torn down. vm_destroy is safe on a zeroed or partly built VM.
 */
int vm_create(struct xhvm_vm *vm, const struct xhvm_config *cfg);
void vm_destroy(struct xhvm_vm *vm);
/*
 * The part of vm_create that needs no KVM: locks, the wait condition (on
 * CLOCK_MONOTONIC), the vCPU and port tables. Unit tests' fake vCPUs are
 * built with it too. vm_state_destroy undoes it.
 */
int vm_state_init(struct xhvm_vm *vm, const struct xhvm_config *cfg);
void vm_state_destroy(struct xhvm_vm *vm);
/*
 * Runs the VM until the guest stops; returns the exit status. vCPU 0 runs
 * on the calling thread, every other vCPU on a thread of its own.
 */
int vm_run(struct xhvm_vm *vm);
/* Stops the VM if its --timeout has passed (vm.c). Not under vm->lock. */
void watchdog_check(struct xhvm_vm *vm);
/*
 * Stops every vCPU: the first caller's status is the VM's. Kicks the other
 * vCPUs out of KVM_RUN. Safe from any vCPU thread.
 */
void vm_stop(struct xhvm_vm *vm, int status);

/* ---- x86 mode setup (x86.c) ------------------------------------------- */

/* Writes the boot GDT and identity-mapping page tables below 1 MiB. */
void x86_build_boot_tables(struct guest_mem *mem);
/* Fills struct xhvm_boot_info at XHVM_BOOT_INFO_GPA. */
void x86_write_boot_info(struct xhvm_vm *vm);
/*
 * Puts a vCPU in the entry state of the contract for mode 64 (long mode,
 * paging on) or 32 (protected mode, paging off), at entry.
 */
int x86_enter(struct xhvm_vcpu *v, unsigned mode, uint64_t entry);

/* ---- CPUID (cpuid.c) -------------------------------------------------- */

/* Host-supported CPUID with KVM's leaves replaced by Xen's. */
int cpuid_build(struct xhvm_vm *vm);
/* Gives one vCPU its CPUID (leaf +4 carries its id). */
int cpuid_set_vcpu(struct xhvm_vcpu *v);

/* ---- The vCPU (vcpu.c) ------------------------------------------------ */

/* Where a vCPU's time goes (xen_runstate.c), in system time. */
struct xhvm_runstate {
	unsigned state; /* RUNSTATE_* */
	uint64_t entry; /* when it began */
	uint64_t time[4];
};

struct xhvm_vcpu {
	struct xhvm_vm *vm;
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
	uint8_t upcall_vector;	/* HVMOP_set_evtchn_upcall_vector, 0: none */
	bool down;		/* VCPUOP_down: parked until VCPUOP_up */
	uint64_t vcpu_info_gpa; /* VCPUOP_register_vcpu_info, 0: none */
	uint32_t virq_port[NR_VIRQS]; /* bound ports, 0: none; under lock */
	/* Timers (xen_timer.c), in system time, under vm->lock. */
	uint64_t sshot_ns;		   /* singleshot deadline, 0: none */
	uint64_t period_ns;		   /* periodic timer's period, 0: off */
	uint64_t period_next, period_last; /* its next and last ticks */
	uint64_t wait_ns;		   /* vcpu_wait's deadline */
	const char *waiting;		   /* in vcpu_wait, for what */
	bool timer_changed; /* atomic: the host timer must be re-armed */
	/* The host timer that kicks this thread; its own thread's only. */
	bool has_timer;
	timer_t timer_id;
	uint64_t timer_host;	   /* host uptime it is armed for, 0: not */
	uint64_t upcalls_injected; /* KVM_INTERRUPTs, for dumps */
	bool upcall_queued;	   /* one is queued for the next entry */
	bool upcall_entered;	   /* ... and went in with the last one */
	/* Runstate, under vm->lock, and its registered area (a GVA). */
	struct xhvm_runstate runstate;
	uint64_t runstate_gva;
	bool runstate_long; /* the area's layout: 64-bit */
};

int vcpu_create(struct xhvm_vm *vm, struct xhvm_vcpu *v, unsigned index);
void vcpu_destroy(struct xhvm_vcpu *v);
/*
 * Runs one vCPU until the VM stops; stops the VM itself when its guest
 * shuts down or faults.
 */
void vcpu_run(struct xhvm_vcpu *v);
/* The signal that kicks a vCPU thread out of KVM_RUN (and its timer's). */
#define XHVM_KICK_SIGNAL SIGUSR1
/* Decides what one KVM exit means (vcpu.c); tests call it directly. */
struct xhvm_action vcpu_handle_exit(struct xhvm_vcpu *v);
/* Makes a vCPU leave KVM_RUN soon: immediate_exit plus a signal. */
void vcpu_kick(struct xhvm_vcpu *v);
/* Installs the (empty) handler of the kick signal; once per process. */
int vcpu_kick_init(void);

/*
 * The vCPU's registers at the current exit. After changing them, call
 * vcpu_regs_changed() so they reach the vCPU before it runs again.
 * NULL only when KVM fails (already reported).
 */
struct kvm_regs *vcpu_regs(struct xhvm_vcpu *v);
const struct kvm_sregs *vcpu_sregs(struct xhvm_vcpu *v);
void vcpu_regs_changed(struct xhvm_vcpu *v);

/* What an exit handler decided; the run loop acts on it. */
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

/* Reports a guest fault with a register dump; returns the stop action. */
struct xhvm_action guest_fault(struct xhvm_vcpu *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- Guest linear addresses (paging.c) -------------------------------- */

/*
 * Translates a guest linear address by walking the vCPU's page tables in
 * whatever mode it is in (none, 32-bit, PAE, 4-level). Returns 0, or -1
 * when the address is not mapped or a table lies outside RAM.
 */
int gva_to_gpa(const struct guest_mem *mem, const struct kvm_sregs *sregs,
	       uint64_t gva, bool write, uint64_t *gpa);
/*
 * Copy len bytes from or to guest linear address gva, page by page.
 * Return 0, or -1 if any byte is unmapped (or, for a write, read-only)
 * or outside RAM. A failed write may have written a prefix, as on Xen.
 */
int guest_read(struct xhvm_vcpu *v, uint64_t gva, void *dst, size_t len);
/* Whether all of [gva, gva + len) could be read (or written) now. */
int guest_range_ok(struct xhvm_vcpu *v, uint64_t gva, size_t len, bool write);
int guest_write(struct xhvm_vcpu *v, uint64_t gva, const void *src, size_t len);

/* ---- The Xen MSR (msr_user.c, msr_kernel.c) --------------------------- */

/*
 * The kernel and intercept backends: KVM_XEN_HVM_CONFIG, with the blobs'
 * host addresses or with INTERCEPT_HCALL.
 */
int msr_kernel_setup(struct xhvm_vm *vm);

/* Routes guest RDMSR/WRMSR of cfg->xen_msr to user space. */
int msr_user_setup(struct xhvm_vm *vm);
/* Handles KVM_EXIT_X86_RDMSR and KVM_EXIT_X86_WRMSR. */
struct xhvm_action msr_user_exit(struct xhvm_vcpu *v);

/*
 * The kernel's blob semantics: page index = value & 0xfff, GPA = the rest;
 * the 64-bit blob when long mode is active. Returns 0 after copying the
 * page, or -1 when the guest must get #GP.
 */
int xen_msr_write(struct xhvm_vcpu *v, uint64_t value);

/* ---- Event channels and timers (evtchn.c) ----------------------------- */

/* Ports of the 2-level ABI: 64 x 64 for 64-bit guests, 32 x 32 for 32. */
#define EVTCHN_MAX_PORTS    4096
#define EVTCHN_MAX_PORTS_32 1024

enum evtchn_state {
	EVTCHN_FREE = 0,
	EVTCHN_UNBOUND, /* alloc_unbound: nobody on the other end */
	EVTCHN_VIRQ,	/* bind_virq */
	EVTCHN_IPI,	/* bind_ipi */
};

struct evtchn {
	uint8_t state; /* enum evtchn_state */
	uint8_t virq;
	uint16_t remote_dom;
	uint32_t vcpu; /* the vCPU notified */
};

/* Ports this guest can use: 4096 or 1024, by its shared_info layout. */
unsigned evtchn_nr_ports(const struct xhvm_vm *vm);
/*
 * Marks a port pending, Xen's way: the pending bit in shared_info, and
 * unless the port is masked its selector bit and upcall_pending in the
 * notified vCPU's vcpu_info, waking that vCPU. Called under vm->lock.
 */
void evtchn_set_pending(struct xhvm_vm *vm, unsigned port);
/* Clears a port's mask bit; delivers it if pending. Under vm->lock. */
void evtchn_unmask(struct xhvm_vm *vm, unsigned port);
/* Whether a port's pending bit is set. Under vm->lock. */
bool evtchn_is_pending(struct xhvm_vm *vm, unsigned port);
/* This vCPU's vcpu_info in guest RAM (registered, or in shared_info). */
uint8_t *vcpu_info_ptr(struct xhvm_vcpu *v);
/*
 * The vector an upcall is delivered at (per-vCPU vector, else a
 * HVM_PARAM_CALLBACK_IRQ of type vector), 0 when none.
 */
uint8_t evtchn_upcall_vector(struct xhvm_vcpu *v);
/* Whether vcpu_info.evtchn_upcall_pending is set. */
bool evtchn_upcall_pending(struct xhvm_vcpu *v);

/* Vectors below this are exceptions: no upcall may use them. */
#define XEN_UPCALL_VECTOR_MIN 0x10

/* Closes every port from `first` on (and its binding). Under vm->lock. */
void evtchn_close_from(struct xhvm_vm *vm, unsigned first);

/* ---- Timers (xen_timer.c) --------------------------------------------- */

/* Host times are capped here (146 years): no sum with them can wrap. */
#define XEN_CLOCK_FOREVER (1ull << 62)
/* Xen's longest period, STIME_DELTA_MAX. */
#define XEN_PERIOD_MAX_NS ((1ull << 62) - 1)

/* A guest's absolute time as Xen reads it: 2^63 and up is the past (1). */
uint64_t xen_deadline(uint64_t t);
/* Arms (0: disarms) v's singleshot timer at system time `deadline`. */
void xen_timer_set_oneshot(struct xhvm_vcpu *v, uint64_t deadline);
/* Starts (period 0: stops) target's periodic timer, as Xen does. */
void xen_timer_set_periodic(struct xhvm_vcpu *caller, struct xhvm_vcpu *target,
			    uint64_t period_ns);
/* The earliest deadline of v's timers, 0 for none. Under vm->lock. */
uint64_t xen_timer_next(const struct xhvm_vcpu *v);
/*
 * Fires v's timers that are due at system time `now`: VIRQ_TIMER goes
 * pending. Returns whether any fired. Under vm->lock.
 */
bool xen_timer_fire_due(struct xhvm_vcpu *v, uint64_t now);
/*
 * Under vm->lock: fires v's timers that are due, by the guest's clock.
 * Returns 1 if one fired, -1 if system time has reached `deadline` (0:
 * none), else 0 with *wake the host uptime at which to look again (0:
 * never).
 */
int xen_timer_poll(struct xhvm_vcpu *v, uint64_t deadline, uint64_t host_now,
		   uint64_t *wake);
/*
 * From the vCPU's run loop, before KVM_RUN: fires what is due and arms
 * the host timer that will kick it out of KVM_RUN for the next. Cheap
 * when nothing is armed. Returns 0, or -1 on a host failure.
 */
int xen_timer_check(struct xhvm_vcpu *v);
void xen_timer_destroy(struct xhvm_vcpu *v);
/*
 * A CLOCK_MONOTONIC timer that kicks the calling thread (XHVM_KICK_SIGNAL)
 * when it expires, and arming it at host uptime host_ns (0 disarms),
 * then every interval_ns (0: once). Both return -1 with errno set.
 */
int kick_timer_create(timer_t *timer);
int kick_timer_set(const struct xhvm_vm *vm, timer_t timer, uint64_t host_ns,
		   uint64_t interval_ns);
/* pthread_cond_timedwait on vm->wake until host uptime host_ns. */
int host_wait_until(struct xhvm_vm *vm, uint64_t host_ns);

/*
 * Waits (for `why`: "HLT", "SCHEDOP_block", ...), without running the
 * guest, until `ready` says so, the VM stops,
 * or the guest's clock reaches `deadline` (system time; 0: none). This
 * vCPU's timers fire meanwhile (marking VIRQ_TIMER). Returns 1 when
 * `ready`, 0 on the deadline or a stop, -1 when every vCPU waits and no
 * clock can wake any (a guest fault for the caller to report).
 */
int vcpu_wait(struct xhvm_vcpu *v, const char *why,
	      bool (*ready)(struct xhvm_vcpu *, void *), void *arg,
	      uint64_t deadline);
/* Not taken down by VCPUOP_down: a `ready` for vcpu_wait. */
bool vcpu_is_up(struct xhvm_vcpu *v, void *arg);

/* ---- Hypercalls (hypercall.c, hc_*.c) --------------------------------- */

struct xhvm_hcall {
	uint32_t nr;
	uint64_t arg[6];
	bool longmode; /* 64-bit register ABI (else 32-bit) */
	unsigned cpl;
	int64_t result; /* returned in RAX */
};

typedef struct xhvm_action (*hcall_fn)(struct xhvm_vcpu *v,
				       struct xhvm_hcall *call);

/*
 * Runs one hypercall: CPL > 0 gets -EPERM, numbers without a handler
 * -ENOSYS, otherwise the handler sets call->result.
 */
struct xhvm_action hypercall_dispatch(struct xhvm_vcpu *v,
				      struct xhvm_hcall *call);
/* A hypercall arriving on the doorbell port: registers in, RAX out. */
struct xhvm_action hypercall_from_port(struct xhvm_vcpu *v);
/* A hypercall KVM intercepted (KVM_EXIT_XEN): params in, result out. */
struct xhvm_action hypercall_from_xen_exit(struct xhvm_vcpu *v);

struct xhvm_action hc_console_io(struct xhvm_vcpu *v, struct xhvm_hcall *c);
struct xhvm_action hc_sched_op(struct xhvm_vcpu *v, struct xhvm_hcall *c);
struct xhvm_action hc_xen_version(struct xhvm_vcpu *v, struct xhvm_hcall *c);
struct xhvm_action hc_hvm_op(struct xhvm_vcpu *v, struct xhvm_hcall *c);
struct xhvm_action hc_vcpu_op(struct xhvm_vcpu *v, struct xhvm_hcall *c);
struct xhvm_action hc_memory_op(struct xhvm_vcpu *v, struct xhvm_hcall *c);
struct xhvm_action hc_event_channel_op(struct xhvm_vcpu *v,
				       struct xhvm_hcall *c);
struct xhvm_action hc_set_timer_op(struct xhvm_vcpu *v, struct xhvm_hcall *c);
struct xhvm_action hc_vm_assist(struct xhvm_vcpu *v, struct xhvm_hcall *c);
/* VCPUOP_{set,stop}_singleshot_timer for the calling vCPU. */
int64_t vcpu_singleshot_timer(struct xhvm_vcpu *v, const struct xhvm_hcall *c);
/* VCPUOP_{set,stop}_periodic_timer for target. */
int64_t vcpu_periodic_timer(struct xhvm_vcpu *v, struct xhvm_vcpu *target,
			    uint64_t cmd, uint64_t gva);

/* ---- Runstates (xen_runstate.c) --------------------------------------- */

/* v's own thread moves v to RUNSTATE_*, under vm->lock. */
void runstate_set(struct xhvm_vcpu *v, unsigned state);
/* VCPUOP_register_runstate_memory_area and _get_runstate_info. */
int64_t runstate_register(struct xhvm_vcpu *v, struct xhvm_vcpu *target,
			  const struct xhvm_hcall *c);
int64_t runstate_get(struct xhvm_vcpu *v, struct xhvm_vcpu *target,
		     const struct xhvm_hcall *c);

/* ---- Xen time (xen_time.c) -------------------------------------------- */

/* Nanoseconds of CLOCK_MONOTONIC since the VM was created. */
uint64_t host_uptime_ns(const struct xhvm_vm *vm);
/* pvclock scale: ns = (ticks <<>> shift) * mul >> 32, for a TSC of khz. */
void xen_tsc_scale(uint32_t khz, uint32_t *mul, int8_t *shift);
/* The same for a rate in ns per tick. */
void xen_tsc_scale_ratio(double ns_per_tick, uint32_t *mul, int8_t *shift);
/* Starts the clock from vCPU 0 (its TSC, KVM's TSC rate). */
void xen_clock_init(struct xhvm_vcpu *v);
/*
 * A (guest TSC, host uptime) pair taken as close together as the host
 * allows, through v (for xhvm bench and the clock itself).
 */
void xen_clock_sample(struct xhvm_vcpu *v, uint64_t *tsc, uint64_t *host);
/* Xen system time at guest TSC tsc, by the record published now. */
uint64_t xen_clock_at(struct xhvm_vm *vm, uint64_t tsc);
/* Xen system time as the guest reads it now (one KVM_GET_MSRS on v). */
uint64_t xen_clock_now(struct xhvm_vcpu *v);
/* The host uptime at which system time `sys` is expected: an estimate. */
uint64_t xen_clock_host_at(struct xhvm_vm *vm, uint64_t sys);
/* About how many host ns system time takes to advance sys_ns. */
uint64_t xen_clock_host_span(struct xhvm_vm *vm, uint64_t sys_ns);
/* When the clock is next due for a refresh, in host uptime. */
uint64_t xen_clock_next_refresh(struct xhvm_vm *vm);
/*
 * Starts a new record where the old one ends (re-measuring the TSC rate)
 * and writes it, with the wallclock, into every vCPU's time info.
 */
void xen_clock_refresh(struct xhvm_vcpu *v);
/* A refresh if one is due (at least once a second). */
void xen_clock_tick(struct xhvm_vcpu *v);

/* ---- The GDB stub (gdb.c) --------------------------------------------- */

/* Listens on 127.0.0.1:port and waits for gdb to connect. */
int gdb_accept(struct xhvm_vm *vm, unsigned port);
/*
 * The guest is stopped (report: after a step or breakpoint, which gdb is
 * told): answers gdb until it continues or steps the guest.
 */
struct xhvm_action gdb_serve(struct xhvm_vcpu *v, bool report);
/* Tells gdb the run ended with `status`. */
void gdb_exited(struct xhvm_vm *vm, int status);
void gdb_close(struct xhvm_vm *vm);

/* ---- Tracing (trace.c) ------------------------------------------------ */

#define TRACE_EXITS (1u << 0) /* --trace: every exit, in words */
#define TRACE_IOCTL (1u << 1) /* --trace=ioctl: the setup's KVM ioctls */
extern unsigned xhvm_trace;

/* "exits", "ioctl", "all", comma-separated; NULL is "exits". -1: bad. */
int trace_parse(const char *s);
/* "trace: vCPU n: <message>" on stderr, in one write. v may be NULL. */
void trace_line(const struct xhvm_vcpu *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define TRACE(v, ...)                                              \
	do {                                                       \
		if (__builtin_expect(xhvm_trace & TRACE_EXITS, 0)) \
			trace_line(v, __VA_ARGS__);                \
	} while (0)
/* --trace=ioctl: one KVM ioctl, with the arguments worth reading. */
void trace_ioctl(int fd, unsigned long req, const void *arg, const char *name,
		 int result);
/*
 * A hypercall with its family and sub-op by name, and what it did; name is
 * NULL for a number without a handler, shown as #nr.
 */
void trace_hypercall(const struct xhvm_vcpu *v, const struct xhvm_hcall *c,
		     const char *name, const struct xhvm_action *act);

/* ---- Dumps (dump.c) --------------------------------------------------- */

/* Registers, segments, control registers and code bytes at RIP. */
void vcpu_dump(struct xhvm_vcpu *v, FILE *out);
/* One line: the vCPU's runstate, timers and upcall state. */
void vcpu_dump_xen(struct xhvm_vcpu *v, FILE *out);

#endif /* XHVM_H */
