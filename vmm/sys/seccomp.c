/*
 * Containment: once the VM is built, xhvm needs only a handful of system
 * calls, and a seccomp filter (plain BPF through prctl/seccomp, no
 * library) allows just those. Anything else raises SIGSYS, whose handler
 * names the call and exits with XHVM_EXIT_HOST: a guest that found a bug
 * in xhvm gets no further than that.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/kvm.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include "sys/sys.h"

/* What the run loop, its threads and the teardown after it call. */
static const int allowed[] = {
	SYS_read,	   SYS_write,
	SYS_close,	   SYS_poll,
	SYS_ppoll,	   SYS_fstat,
	SYS_newfstatat,	   SYS_mmap,
	SYS_munmap,	   SYS_mprotect,
	SYS_madvise,	   SYS_brk,
	SYS_rt_sigreturn,  SYS_rt_sigprocmask,
	SYS_sched_yield,   SYS_futex,
	SYS_clock_gettime, SYS_clock_nanosleep,
	SYS_nanosleep,	   SYS_gettid,
	SYS_getpid,	   SYS_tgkill,
	SYS_exit,	   SYS_exit_group,
	SYS_timer_create,  SYS_timer_settime,
	SYS_timer_delete,  SYS_clone,
	SYS_clone3,	   SYS_set_robust_list,
	SYS_rseq,	   SYS_prctl,
	SYS_rt_sigaction, /* glibc, on the first pthread_create */
};

/* The ioctls the run loop issues (isatty is TCGETS). */
static const unsigned long allowed_ioctls[] = {
	KVM_RUN, KVM_GET_REGS, KVM_SET_REGS, KVM_GET_SREGS, KVM_SET_SREGS,
	KVM_INTERRUPT, KVM_GET_MSRS, KVM_GET_TSC_KHZ, TCGETS,
	/* The console's terminal, raw while the guest reads it. */
	TCSETS, TCSETSW, TCSETSF,
	/* Interrupts through KVM's LAPICs; a vCPU started by the guest. */
	KVM_SIGNAL_MSI, KVM_SET_MP_STATE,
	/* RAM registered on the guest's first use (vm.c, ram_fault_in), and
	 * pages backed for a Xen frame a guest put in a hole. */
	KVM_SET_USER_MEMORY_REGION,
	KVM_SET_GUEST_DEBUG, /* --gdb: step, continue, breakpoints */
};

#define ARG1_LOW (offsetof(struct seccomp_data, args) + sizeof(uint64_t) * 1)
/* Room for the header, the lists and the three endings. */
#define MAX_INSNS (8 + ARRAY_SIZE(allowed) + ARRAY_SIZE(allowed_ioctls) + 8)

static void put_str(const char *s)
{
	ssize_t r = write(STDERR_FILENO, s, strlen(s));

	(void)r;
}

/* Async-signal-safe: write() and _exit() only. */
static void sigsys_handler(int sig, siginfo_t *info, void *uc)
{
	char num[12];
	int nr = info->si_syscall, i = sizeof(num) - 1;

	(void)sig;
	(void)uc;
	num[i] = '\0';
	do {
		num[--i] = (char)('0' + nr % 10);
		nr /= 10;
	} while (nr && i > 0);
	put_str("xhvm: seccomp: refused system call ");
	put_str(num + i);
	put_str(" (see xhvm run --no-seccomp)\n");
	/* The raw call: a sanitizer's _exit may make refused calls first. */
	syscall(SYS_exit_group, XHVM_EXIT_HOST);
}

int seccomp_install(void)
{
	struct sock_filter f[MAX_INSNS];
	struct sock_fprog prog = {.filter = f};
	struct sigaction sa = {.sa_sigaction = sigsys_handler,
			       .sa_flags = SA_SIGINFO};
	unsigned i, n = 0;

	/* Other architectures' system call numbers mean other calls. */
	f[n++] = (struct sock_filter)BPF_STMT(
		BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
					      AUDIT_ARCH_X86_64, 1, 0);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
					      SECCOMP_RET_KILL_PROCESS);
	f[n++] = (struct sock_filter)BPF_STMT(
		BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	/* ioctl: past the allowlist, its TRAP and its ALLOW, to the
	 * command check. */
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
					      SYS_ioctl,
					      ARRAY_SIZE(allowed) + 2, 0);
	for (i = 0; i < ARRAY_SIZE(allowed); i++)
		f[n++] = (struct sock_filter)BPF_JUMP(
			BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)allowed[i],
			(uint8_t)(ARRAY_SIZE(allowed) - i), 0);
	f[n++] =
		(struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP);
	/* Reached from any allowed call: */
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
					      SECCOMP_RET_ALLOW);
	/* ioctl: the command is argument 1 (its low 32 bits). */
	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      ARG1_LOW);
	for (i = 0; i < ARRAY_SIZE(allowed_ioctls); i++)
		f[n++] = (struct sock_filter)BPF_JUMP(
			BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)allowed_ioctls[i],
			(uint8_t)(ARRAY_SIZE(allowed_ioctls) - i), 0);
	f[n++] =
		(struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP);
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
					      SECCOMP_RET_ALLOW);
	prog.len = (unsigned short)n;

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) < 0 ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0) {
		xhvm_err("installing the seccomp filter: %s (errno %d); "
			 "--no-seccomp runs without it",
			 strerror(errno), errno);
		return XHVM_EXIT_HOST;
	}
	return 0;
}

void seccomp_selftest(void)
{
	long r;

	fprintf(stderr, "xhvm: seccomp: filter active, mode %d\n",
		prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
	/* socket(2): nothing in xhvm's run needs the network. */
	r = syscall(SYS_socket, 2 /* AF_INET */, 1 /* SOCK_STREAM */, 0);
	fprintf(stderr, "xhvm: seccomp: socket() returned %ld\n", r);
}
