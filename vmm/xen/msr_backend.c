/*
 * The Xen MSR backends: which one a host can run, and what `auto` picks.
 *
 *   kernel     KVM_XEN_HVM_CONFIG with blobs: KVM copies the page itself.
 *   intercept  KVM_XEN_HVM_CONFIG with INTERCEPT_HCALL: KVM writes its own
 *              VMCALL/VMMCALL page; hypercalls arrive as KVM_EXIT_XEN.
 *   user       an MSR filter sends the write to xhvm (msr_user.c).
 *
 * The choice is the Xen domain's: the KVM layer knows nothing of it.
 */
#include <string.h>

#include "xen/xen.h"

static const char *const names[] = {
	[XHVM_BACKEND_AUTO] = "auto",
	[XHVM_BACKEND_KERNEL] = "kernel",
	[XHVM_BACKEND_INTERCEPT] = "intercept",
	[XHVM_BACKEND_USER] = "user",
};

int xen_backend_parse(const char *name)
{
	unsigned i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i] && !strcmp(name, names[i]))
			return (int)i;
	return -1;
}

const char *xen_backend_name(int backend)
{
	if (backend < 0 ||
	    (unsigned)backend >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[backend];
}

bool xen_backend_usable(const struct kvm_host *kvm, int backend,
			const char **why)
{
	const char *missing = NULL;

	switch (backend) {
	case XHVM_BACKEND_KERNEL:
		if (!(kvm->xen_hvm & KVM_XEN_HVM_CONFIG_HYPERCALL_MSR))
			missing = "KVM_CAP_XEN_HVM with HYPERCALL_MSR "
				  "(a kernel built with CONFIG_KVM_XEN)";
		break;
	case XHVM_BACKEND_INTERCEPT:
		if (!(kvm->xen_hvm & KVM_XEN_HVM_CONFIG_INTERCEPT_HCALL))
			missing = "KVM_CAP_XEN_HVM with INTERCEPT_HCALL "
				  "(CONFIG_KVM_XEN, Linux 5.12 or later)";
		break;
	case XHVM_BACKEND_USER:
		if (!kvm->user_msr)
			missing = "KVM_CAP_X86_USER_SPACE_MSR (Linux 5.10 or "
				  "later)";
		else if (!kvm->msr_filter)
			missing =
				"KVM_CAP_X86_MSR_FILTER (Linux 5.10 or later)";
		break;
	default:
		missing = "a backend of that name";
		break;
	}
	if (why)
		*why = missing;
	return missing == NULL;
}

int xen_backend_auto(const struct kvm_host *kvm)
{
	if (xen_backend_usable(kvm, XHVM_BACKEND_KERNEL, NULL))
		return XHVM_BACKEND_KERNEL;
	if (xen_backend_usable(kvm, XHVM_BACKEND_USER, NULL))
		return XHVM_BACKEND_USER;
	return -1;
}

int xen_backend_choose(const struct kvm_host *kvm, int requested)
{
	const char *why;
	int b = requested;

	if (b == XHVM_BACKEND_AUTO) {
		b = xen_backend_auto(kvm);
		/* Nothing usable: name what user, the last resort, lacks. */
		if (b < 0)
			b = XHVM_BACKEND_USER;
	}
	if (!xen_backend_usable(kvm, b, &why)) {
		xhvm_err("the %s MSR backend needs %s, which this KVM lacks "
			 "(KVM_CAP_XEN_HVM = %#x)",
			 xen_backend_name(b), why, kvm->xen_hvm);
		return -1;
	}
	return b;
}
