/*
 * xen_version(cmd, arg), from Xen's public/version.h.
 */
#ifndef XHVM_XEN_VERSION_H
#define XHVM_XEN_VERSION_H

#define XENVER_version	    0
#define XENVER_extraversion 1
#define XENVER_compile_info 2
#define XENVER_capabilities 3
#define XENVER_changeset    4
#define XENVER_get_features 6
#define XENVER_pagesize	    7

/* Sizes of the string buffers the commands fill. */
#define XEN_EXTRAVERSION_LEN 16
#define XEN_CAPABILITIES_LEN 1024
#define XEN_CHANGESET_LEN    64

/* xhvm's: what XENVER_pagesize returns. */
#define XEN_PAGESIZE 4096

#ifndef __ASSEMBLER__

#include <stdint.h>

/* XENVER_compile_info: 144 bytes in every mode. */
struct xen_compile_info {
	char compiler[64];
	char compile_by[16];
	char compile_domain[32];
	char compile_date[32];
};
_Static_assert(sizeof(struct xen_compile_info) == 144, "xen_compile_info");

struct xen_feature_info {
	uint32_t submap_idx; /* only 0 exists */
	uint32_t submap;
};
_Static_assert(sizeof(struct xen_feature_info) == 8, "xen_feature_info");

#endif /* !__ASSEMBLER__ */

#endif /* XHVM_XEN_VERSION_H */
