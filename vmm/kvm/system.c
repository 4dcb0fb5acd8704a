/*
 * The /dev/kvm system file descriptor: API version, the capabilities xhvm
 * needs (checked from one table), and the ioctl helpers every layer uses.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kvm/kvm.h"

/* The stable KVM API; every kernel since 2.6.22 reports it. */
#define KVM_API_VERSION_EXPECTED 12

struct kvm_need {
	long cap;
	const char *name;
	const char *why;
};

/*
 * What every run needs. Each MSR backend's own capabilities are checked by
 * backend_choose, so a host that lacks one backend can still run another.
 */
static const struct kvm_need needs[] = {
	{KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY", "guest RAM"},
	{KVM_CAP_EXT_CPUID, "KVM_CAP_EXT_CPUID", "the Xen CPUID leaves"},
};

int __kvm_ioctl(int fd, unsigned long req, void *arg)
{
	int r;

	do {
		r = ioctl(fd, req, arg);
	} while (r < 0 && errno == EINTR);
	return r;
}

int kvm_ioctl_named(int fd, unsigned long req, void *arg, const char *name)
{
	int r = __kvm_ioctl(fd, req, arg);

	if (xhvm_trace & TRACE_IOCTL)
		trace_ioctl(fd, req, arg, name, r);
	if (r < 0) {
		int e = errno;

		xhvm_err("%s: %s (errno %d)", name, strerror(e), e);
		errno = e;
	}
	return r;
}

/* The capabilities xhvm asks about, by name, for --trace=ioctl. */
const char *kvm_cap_name(long cap)
{
#define CAP(x)            \
	case KVM_CAP_##x: \
		return "KVM_CAP_" #x
	switch (cap) {
		CAP(USER_MEMORY);
		CAP(EXT_CPUID);
		CAP(NR_VCPUS);
		CAP(MAX_VCPUS);
		CAP(SYNC_REGS);
		CAP(XEN_HVM);
		CAP(X86_USER_SPACE_MSR);
		CAP(X86_MSR_FILTER);
		CAP(IMMEDIATE_EXIT);
		CAP(SPLIT_IRQCHIP);
		CAP(SIGNAL_MSI);
	default:
		return "another capability";
	}
#undef CAP
}

int kvm_check_cap(int fd, long cap)
{
	int r = ioctl(fd, KVM_CHECK_EXTENSION, cap);

	if (xhvm_trace & TRACE_IOCTL)
		fprintf(stderr,
			"trace: ioctl(fd %d, KVM_CHECK_EXTENSION: %s) = %d\n",
			fd, kvm_cap_name(cap), r);
	return r < 0 ? 0 : r;
}

int kvm_host_open(struct kvm_host *kvm)
{
	int version;
	size_t i;

	kvm->fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm->fd < 0) {
		int e = errno;

		xhvm_err("/dev/kvm: %s (errno %d)", strerror(e), e);
		if (e == ENOENT || e == ENXIO || e == ENODEV) {
			xhvm_err("this host has no KVM");
			return XHVM_EXIT_NO_CAP;
		}
		if (e == EACCES || e == EPERM) {
			xhvm_err("no permission to use KVM (is this user in "
				 "the kvm group?)");
			return XHVM_EXIT_NO_CAP;
		}
		return XHVM_EXIT_HOST;
	}
	version = kvm_ioctl(kvm->fd, KVM_GET_API_VERSION, NULL);
	if (version < 0)
		goto fail;
	kvm->api_version = version;
	if (version != KVM_API_VERSION_EXPECTED) {
		xhvm_err("KVM API version %d, xhvm needs %d", version,
			 KVM_API_VERSION_EXPECTED);
		goto fail;
	}
	for (i = 0; i < sizeof(needs) / sizeof(needs[0]); i++) {
		if (!kvm_check_cap(kvm->fd, needs[i].cap)) {
			xhvm_err("KVM lacks %s, needed for %s", needs[i].name,
				 needs[i].why);
			kvm_host_close(kvm);
			return XHVM_EXIT_NO_CAP;
		}
	}
	kvm->run_size = kvm_ioctl(kvm->fd, KVM_GET_VCPU_MMAP_SIZE, NULL);
	if (kvm->run_size < (int)sizeof(struct kvm_run))
		goto fail;
	kvm->sync_regs = kvm_check_cap(kvm->fd, KVM_CAP_SYNC_REGS);
	kvm->xen_hvm = kvm_check_cap(kvm->fd, KVM_CAP_XEN_HVM);
	kvm->user_msr = kvm_check_cap(kvm->fd, KVM_CAP_X86_USER_SPACE_MSR);
	kvm->msr_filter = kvm_check_cap(kvm->fd, KVM_CAP_X86_MSR_FILTER);
	kvm->immediate_exit = kvm_check_cap(kvm->fd, KVM_CAP_IMMEDIATE_EXIT);
	kvm->max_vcpus = kvm_check_cap(kvm->fd, KVM_CAP_MAX_VCPUS);
	if (kvm->max_vcpus <= 0)
		kvm->max_vcpus = kvm_check_cap(kvm->fd, KVM_CAP_NR_VCPUS);
	return 0;

fail:
	kvm_host_close(kvm);
	return XHVM_EXIT_HOST;
}

void kvm_host_close(struct kvm_host *kvm)
{
	if (kvm->fd >= 0)
		close(kvm->fd);
	kvm->fd = -1;
}

const char *kvm_exit_name(uint32_t reason)
{
#define EXIT_NAME(x) [KVM_EXIT_##x] = "KVM_EXIT_" #x
	static const char *const names[] = {
		EXIT_NAME(UNKNOWN),
		EXIT_NAME(EXCEPTION),
		EXIT_NAME(IO),
		EXIT_NAME(HYPERCALL),
		EXIT_NAME(DEBUG),
		EXIT_NAME(HLT),
		EXIT_NAME(MMIO),
		EXIT_NAME(IRQ_WINDOW_OPEN),
		EXIT_NAME(SHUTDOWN),
		EXIT_NAME(FAIL_ENTRY),
		EXIT_NAME(INTR),
		EXIT_NAME(SET_TPR),
		EXIT_NAME(TPR_ACCESS),
		EXIT_NAME(NMI),
		EXIT_NAME(INTERNAL_ERROR),
		EXIT_NAME(OSI),
		EXIT_NAME(PAPR_HCALL),
		EXIT_NAME(WATCHDOG),
		EXIT_NAME(EPR),
		EXIT_NAME(SYSTEM_EVENT),
		EXIT_NAME(IOAPIC_EOI),
		EXIT_NAME(HYPERV),
		EXIT_NAME(X86_RDMSR),
		EXIT_NAME(X86_WRMSR),
		EXIT_NAME(DIRTY_RING_FULL),
		EXIT_NAME(AP_RESET_HOLD),
		EXIT_NAME(X86_BUS_LOCK),
		EXIT_NAME(XEN),
	};
#undef EXIT_NAME
	if (reason < sizeof(names) / sizeof(names[0]) && names[reason])
		return names[reason];
	return "unknown";
}
