/*
 * grant_table_op(cmd, arg, count), from Xen's public/grant_table.h.
 */
#ifndef XHVM_XEN_GRANT_TABLE_H
#define XHVM_XEN_GRANT_TABLE_H

#define GNTTABOP_map_grant_ref	   0
#define GNTTABOP_unmap_grant_ref   1
#define GNTTABOP_setup_table	   2
#define GNTTABOP_dump_table	   3
#define GNTTABOP_transfer	   4
#define GNTTABOP_copy		   5
#define GNTTABOP_query_size	   6
#define GNTTABOP_unmap_and_replace 7
#define GNTTABOP_set_version	   8
#define GNTTABOP_get_status_frames 9
#define GNTTABOP_get_version	   10
#define GNTTABOP_swap_grant_ref	   11
#define GNTTABOP_cache_flush	   12

/* Entries the toolstack fills in before the guest starts. */
#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE	   0
#define GNTTAB_RESERVED_XENSTORE   1

/* grant_entry flags: a type in bits 1:0 ... */
#define GTF_invalid	    0
#define GTF_permit_access   1
#define GTF_accept_transfer 2
#define GTF_transitive	    3 /* v2 only */
#define GTF_type_mask	    3

/* ... then, for GTF_permit_access, ... */
#define GTF_readonly (1u << 2)
#define GTF_reading  (1u << 3) /* set by Xen while mapped */
#define GTF_writing  (1u << 4) /* set by Xen while mapped writable */
#define GTF_PWT	     (1u << 5)
#define GTF_PCD	     (1u << 6)
#define GTF_PAT	     (1u << 7)
#define GTF_sub_page (1u << 8) /* v2 only */

/* ... or, for GTF_accept_transfer. */
#define GTF_transfer_committed (1u << 2)
#define GTF_transfer_completed (1u << 3)

/* The status field of every operation's argument. */
#define GNTST_okay		(0)
#define GNTST_general_error	(-1)
#define GNTST_bad_domain	(-2)
#define GNTST_bad_gntref	(-3)
#define GNTST_bad_handle	(-4)
#define GNTST_bad_virt_addr	(-5)
#define GNTST_bad_dev_addr	(-6)
#define GNTST_no_device_space	(-7)
#define GNTST_permission_denied (-8)
#define GNTST_bad_page		(-9)
#define GNTST_bad_copy_arg	(-10)
#define GNTST_address_too_big	(-11)
#define GNTST_eagain		(-12)
#define GNTST_no_space		(-13)

#ifndef __ASSEMBLER__

#include <stdint.h>

/* A version 1 grant table is an array of these. */
struct grant_entry_v1 {
	uint16_t flags; /* GTF_* */
	uint16_t domid; /* who may use it */
	uint32_t frame;
};
_Static_assert(sizeof(struct grant_entry_v1) == 8, "grant_entry_v1");

/* The first 4 bytes of a version 2 entry (16 bytes in all). */
struct grant_entry_header {
	uint16_t flags;
	uint16_t domid;
};
_Static_assert(sizeof(struct grant_entry_header) == 4, "grant_entry_header");

/* GNTTABOP_setup_table: frame_list is a guest array of xen_pfn_t. */
struct gnttab_setup_table_64 {
	uint16_t dom;
	uint16_t pad0;
	uint32_t nr_frames;
	int16_t status; /* out: GNTST_* */
	uint16_t pad1[3];
	uint64_t frame_list;
};
_Static_assert(sizeof(struct gnttab_setup_table_64) == 24,
	       "gnttab_setup_table_64");

struct gnttab_setup_table_32 {
	uint16_t dom;
	uint16_t pad0;
	uint32_t nr_frames;
	int16_t status;
	uint16_t pad1;
	uint32_t frame_list;
};
_Static_assert(sizeof(struct gnttab_setup_table_32) == 16,
	       "gnttab_setup_table_32");

/* GNTTABOP_query_size: the same in both modes. */
struct gnttab_query_size {
	uint16_t dom;
	uint16_t pad0;
	uint32_t nr_frames;	/* out */
	uint32_t max_nr_frames; /* out */
	int16_t status;		/* out */
	uint16_t pad1;
};
_Static_assert(sizeof(struct gnttab_query_size) == 16, "gnttab_query_size");

/* GNTTABOP_set_version: 1 or 2; out, the version in force. */
struct gnttab_set_version {
	uint32_t version;
};
_Static_assert(sizeof(struct gnttab_set_version) == 4, "gnttab_set_version");

struct gnttab_get_version {
	uint16_t dom;
	uint16_t pad;
	uint32_t version; /* out */
};
_Static_assert(sizeof(struct gnttab_get_version) == 8, "gnttab_get_version");

/* GNTTABOP_get_status_frames: frame_list is a guest array of uint64_t. */
struct gnttab_get_status_frames_64 {
	uint32_t nr_frames;
	uint16_t dom;
	int16_t status; /* out */
	uint64_t frame_list;
};
_Static_assert(sizeof(struct gnttab_get_status_frames_64) == 16,
	       "gnttab_get_status_frames_64");

struct gnttab_get_status_frames_32 {
	uint32_t nr_frames;
	uint16_t dom;
	int16_t status;
	uint32_t frame_list;
};
_Static_assert(sizeof(struct gnttab_get_status_frames_32) == 12,
	       "gnttab_get_status_frames_32");

#endif /* !__ASSEMBLER__ */

#endif /* XHVM_XEN_GRANT_TABLE_H */
