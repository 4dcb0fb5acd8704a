/*
 * xen_version(cmd, arg), from Xen's public/version.h.
 */
#ifndef XHVM_XEN_VERSION_H
#define XHVM_XEN_VERSION_H

#define XENVER_version		   0 /* returns major << 16 | minor */
#define XENVER_extraversion	   1
#define XENVER_compile_info	   2
#define XENVER_capabilities	   3
#define XENVER_changeset	   4
#define XENVER_platform_parameters 5
#define XENVER_get_features	   6
#define XENVER_pagesize		   7 /* returns the page size */
#define XENVER_guest_handle	   8
#define XENVER_commandline	   9
#define XENVER_build_id		   10
#define XENVER_extraversion2	   11 /* these four fill a xen_varbuf */
#define XENVER_capabilities2	   12
#define XENVER_changeset2	   13
#define XENVER_commandline2	   14

/* Sizes of the string buffers the commands fill. */
#define XEN_EXTRAVERSION_LEN	  16
#define XEN_CAPABILITIES_INFO_LEN 1024
#define XEN_CHANGESET_INFO_LEN	  64
#define XEN_CAPABILITIES_LEN	  1024 /* xhvm's name for ..._INFO_LEN */
#define XEN_CHANGESET_LEN	  64   /* xhvm's name for ..._INFO_LEN */
#define XEN_COMMANDLINE_LEN	  1024 /* xhvm's: Xen has only the type */

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

/* XENVER_platform_parameters: xen_ulong_t, the guest's word size. */
struct xen_platform_parameters_64 {
	uint64_t virt_start;
};
_Static_assert(sizeof(struct xen_platform_parameters_64) == 8,
	       "xen_platform_parameters_64");

struct xen_platform_parameters_32 {
	uint32_t virt_start;
};
_Static_assert(sizeof(struct xen_platform_parameters_32) == 4,
	       "xen_platform_parameters_32");

struct xen_feature_info {
	uint32_t submap_idx; /* < XENFEAT_NR_SUBMAPS */
	uint32_t submap;
};
_Static_assert(sizeof(struct xen_feature_info) == 8, "xen_feature_info");

/*
 * XENVER_build_id and the *2 commands: the caller says how big buf is;
 * Xen fills it and returns the length.
 */
struct xen_build_id {
	uint32_t len;
	unsigned char buf[];
};
_Static_assert(sizeof(struct xen_build_id) == 4, "xen_build_id");

struct xen_varbuf {
	uint32_t len;
	unsigned char buf[];
};
_Static_assert(sizeof(struct xen_varbuf) == 4, "xen_varbuf");

#endif /* !__ASSEMBLER__ */

#endif /* XHVM_XEN_VERSION_H */
