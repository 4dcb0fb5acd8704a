/*
 * xen_version: which Xen xhvm presents, and what it offers.
 */
#include <string.h>

#include "xen/xen.h"

/* What the strings say: xhvm, not a build of Xen. */
#define EXTRAVERSION ".0-xhvm"
#define CAPABILITIES "hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 "
#define CHANGESET    "xhvm " XHVM_VERSION

/* XENVER_get_features submap 0: none of the optional features yet. */
#define FEATURES_SUBMAP0 0u

/* Copies a fixed-size, NUL-padded string out to the guest. */
static int64_t put_string(struct xen_vcpu *x, uint64_t gva, const char *s,
			  size_t size)
{
	char buf[XEN_CAPABILITIES_LEN] = {0};

	strncpy(buf, s, size - 1);
	return guest_write(x->v, gva, buf, size) < 0 ? -XEN_EFAULT : 0;
}

static int64_t compile_info(struct xen_vcpu *x, uint64_t gva)
{
	struct xen_compile_info info = {0};

	strncpy(info.compiler, "gcc", sizeof(info.compiler) - 1);
	strncpy(info.compile_by, "xhvm", sizeof(info.compile_by) - 1);
	strncpy(info.compile_domain, "xhvm", sizeof(info.compile_domain) - 1);
	strncpy(info.compile_date, __DATE__, sizeof(info.compile_date) - 1);
	return guest_write(x->v, gva, &info, sizeof(info)) < 0 ? -XEN_EFAULT
							       : 0;
}

static int64_t get_features(struct xen_vcpu *x, uint64_t gva)
{
	struct xen_feature_info fi;

	if (guest_read(x->v, gva, &fi, sizeof(fi)) < 0)
		return -XEN_EFAULT;
	if (fi.submap_idx != 0)
		return -XEN_EINVAL;
	fi.submap = FEATURES_SUBMAP0;
	return guest_write(x->v, gva, &fi, sizeof(fi)) < 0 ? -XEN_EFAULT : 0;
}

static struct xhvm_action hc_xen_version(struct xen_vcpu *x,
					 struct xhvm_hcall *c)
{
	uint64_t arg = c->arg[1];

	switch (c->arg[0]) {
	case XENVER_version:
		c->result = XHVM_XEN_VERSION;
		break;
	case XENVER_extraversion:
		c->result =
			put_string(x, arg, EXTRAVERSION, XEN_EXTRAVERSION_LEN);
		break;
	case XENVER_compile_info:
		c->result = compile_info(x, arg);
		break;
	case XENVER_capabilities:
		c->result =
			put_string(x, arg, CAPABILITIES, XEN_CAPABILITIES_LEN);
		break;
	case XENVER_changeset:
		c->result = put_string(x, arg, CHANGESET, XEN_CHANGESET_LEN);
		break;
	case XENVER_get_features:
		c->result = get_features(x, arg);
		break;
	case XENVER_pagesize:
		c->result = XEN_PAGESIZE;
		break;
	default:
		c->result = -XEN_ENOSYS;
		break;
	}
	return action_run();
}

static const char *const ops[] = {
	[XENVER_version] = "version",
	[XENVER_extraversion] = "extraversion",
	[XENVER_compile_info] = "compile_info",
	[XENVER_capabilities] = "capabilities",
	[XENVER_changeset] = "changeset",
	[XENVER_platform_parameters] = "platform_parameters",
	[XENVER_get_features] = "get_features",
	[XENVER_pagesize] = "pagesize",
};

XEN_HYPERCALL(xen_version) = {
	.nr = __HYPERVISOR_xen_version,
	.name = "xen_version",
	.fn = hc_xen_version,
	.nargs = 2,
	.ops = ops,
	.nops = ARRAY_SIZE(ops),
};
