/*
 * The xen_version family from a guest: every sub-op xhvm answers, what it
 * writes and how much, and each error return.
 */
#include "console.h"
#include "hypercall.h"
#include "report.h"
#include "string.h"

#define FAR ((void *)0x7fff00000000ul) /* unmapped, outside RAM */

static char buf[2048];

/* A sub-op that writes a string of fixed size: it writes exactly that. */
static void check_string(int cmd, const char *name, int len)
{
	memset(buf, 0x55, sizeof(buf));
	report_eq(xen_version(cmd, buf), 0, "XENVER_%s \"%s\"", name, buf);
	report(buf[len - 1] == 0 && buf[len] == 0x55,
	       "%s writes exactly %d bytes", name, len);
}

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	struct xen_feature_info fi = {0, 0xdeadbeef};
	struct xen_compile_info *ci = (void *)buf;

	(void)vcpu;
	(void)nvcpus;
	if (xen_init() != 0)
		return 1;
	report_eq(xen_version(XENVER_version, NULL), XHVM_XEN_VERSION,
		  "XENVER_version");
	report_eq(xen_version(XENVER_pagesize, NULL), 4096, "XENVER_pagesize");

	check_string(XENVER_extraversion, "extraversion", XEN_EXTRAVERSION_LEN);
	check_string(XENVER_capabilities, "capabilities", XEN_CAPABILITIES_LEN);
	memset(buf, 0x55, sizeof(buf));
	report_eq(xen_version(XENVER_changeset, buf), 0,
		  "XENVER_changeset \"%s\"", buf);
	memset(buf, 0x55, sizeof(buf));
	report_eq(
		xen_version(XENVER_compile_info, buf), 0,
		"XENVER_compile_info: compiler \"%s\", by \"%s\", date \"%s\"",
		ci->compiler, ci->compile_by, ci->compile_date);
	report(buf[sizeof(*ci)] == 0x55, "compile_info writes %zu bytes",
	       sizeof(*ci));
	report_eq(xen_version(XENVER_get_features, &fi), 0,
		  "XENVER_get_features(submap 0)");
	report(fi.submap == (1u << XENFEAT_writable_page_tables |
			     1u << XENFEAT_auto_translated_physmap |
			     1u << XENFEAT_hvm_callback_vector |
			     1u << XENFEAT_hvm_safe_pvclock),
	       "submap 0 is %#x: what Linux needs for its Xen clock and "
	       "events",
	       fi.submap);
	fi.submap_idx = 1;
	report_eq(xen_version(XENVER_get_features, &fi), -XEN_EINVAL,
		  "XENVER_get_features(submap 1)");
	report_eq(xen_version(XENVER_capabilities, FAR), -XEN_EFAULT,
		  "XENVER_capabilities to an unmapped buffer");
	report_eq(xen_version(5, buf), -XEN_ENOSYS,
		  "XENVER 5 (platform_parameters)");
	report_eq(xen_version(99, buf), -XEN_ENOSYS, "XENVER 99");
	return report_summary();
}
