/*
 * xen_version: which Xen xhvm presents, and what it offers.
 */
#include <string.h>

#include "xen/xen.h"

/* What the strings say: xhvm, not a build of Xen. */
#define EXTRAVERSION ".0-xhvm"
#define CAPABILITIES "hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 "
#define CHANGESET    "xhvm " XHVM_VERSION

/*
 * XENVER_get_features submap 0: what Xen says of an HVM guest's domain
 * (xen/common/kernel.c) and xhvm gives: page tables the guest writes
 * itself, a physmap the guest owns (auto-translated), upcalls on a
 * vector, and a pvclock the guest may use across vCPUs. Not hvm_pirqs
 * (legacy IRQs through event channels: no PIC or IOAPIC here), nor
 * vnode or the *_phys_area vcpu_ops, which xhvm lacks. Linux needs bits
 * 2, 8 and 9 for its Xen clock and events.
 */
#define FEATURES_SUBMAP0                         \
	(1u << XENFEAT_writable_page_tables |    \
	 1u << XENFEAT_auto_translated_physmap | \
	 1u << XENFEAT_hvm_callback_vector | 1u << XENFEAT_hvm_safe_pvclock)

/* Copies a fixed-size, NUL-padded string out to the guest. */
static int64_t put_string(struct xen_vcpu *x, uint64_t gva, const char *s,
			  size_t size)
{
	char buf[XEN_CAPABILITIES_LEN] = {0};

	strncpy(buf, s, size - 1);
	return guest_write(x->v, gva, buf, size) < 0 ? -XEN_EFAULT : 0;
}

static int64_t version(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	(void)x;
	(void)c;
	return XHVM_XEN_VERSION;
}

static int64_t extraversion(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	return put_string(x, c->arg[1], EXTRAVERSION, XEN_EXTRAVERSION_LEN);
}

static int64_t capabilities(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	return put_string(x, c->arg[1], CAPABILITIES, XEN_CAPABILITIES_LEN);
}

static int64_t changeset(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	return put_string(x, c->arg[1], CHANGESET, XEN_CHANGESET_LEN);
}

static int64_t compile_info(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct xen_compile_info info = {0};

	strncpy(info.compiler, "gcc", sizeof(info.compiler) - 1);
	strncpy(info.compile_by, "xhvm", sizeof(info.compile_by) - 1);
	strncpy(info.compile_domain, "xhvm", sizeof(info.compile_domain) - 1);
	strncpy(info.compile_date, __DATE__, sizeof(info.compile_date) - 1);
	return guest_write(x->v, c->arg[1], &info, sizeof(info)) < 0
		       ? -XEN_EFAULT
		       : 0;
}

static int64_t get_features(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	struct xen_feature_info fi;

	if (guest_read(x->v, c->arg[1], &fi, sizeof(fi)) < 0)
		return -XEN_EFAULT;
	if (fi.submap_idx != 0)
		return -XEN_EINVAL;
	fi.submap = FEATURES_SUBMAP0;
	return guest_write(x->v, c->arg[1], &fi, sizeof(fi)) < 0 ? -XEN_EFAULT
								 : 0;
}

static int64_t pagesize(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	(void)x;
	(void)c;
	return XEN_PAGESIZE;
}

static const struct hcall_op ops[] = {
	[XENVER_version] = {"version", version},
	[XENVER_extraversion] = {"extraversion", extraversion},
	[XENVER_compile_info] = {"compile_info", compile_info},
	[XENVER_capabilities] = {"capabilities", capabilities},
	[XENVER_changeset] = {"changeset", changeset},
	[XENVER_platform_parameters] = {"platform_parameters", NULL},
	[XENVER_get_features] = {"get_features", get_features},
	[XENVER_pagesize] = {"pagesize", pagesize},
};

XEN_HYPERCALL(xen_version) = {
	.nr = __HYPERVISOR_xen_version,
	.name = "xen_version",
	.nargs = 2,
	.ops = ops,
	.nops = ARRAY_SIZE(ops),
};
