/*
 * XENVER_get_features bits, from Xen's public/features.h. All live in
 * submap 0. Bit 12 (grant_map_identity) is deprecated: Xen's header keeps
 * it only in a comment, so it is left out here.
 */
#ifndef XHVM_XEN_FEATURES_H
#define XHVM_XEN_FEATURES_H

#define XENFEAT_writable_page_tables	   0
#define XENFEAT_writable_descriptor_tables 1
#define XENFEAT_auto_translated_physmap	   2
#define XENFEAT_supervisor_mode_kernel	   3
#define XENFEAT_pae_pgdir_above_4gb	   4
#define XENFEAT_mmu_pt_update_preserve_ad  5
#define XENFEAT_highmem_assist		   6
#define XENFEAT_gnttab_map_avail_bits	   7
#define XENFEAT_hvm_callback_vector	   8 /* upcalls on a vector */
#define XENFEAT_hvm_safe_pvclock	   9
#define XENFEAT_hvm_pirqs		   10
#define XENFEAT_dom0			   11
#define XENFEAT_memory_op_vnode_supported  13
#define XENFEAT_ARM_SMCCC_supported	   14
#define XENFEAT_linux_rsdp_unrestricted	   15
#define XENFEAT_not_direct_mapped	   16
#define XENFEAT_direct_mapped		   17
#define XENFEAT_runstate_phys_area	   18 /* the vcpu_ops of that name */
#define XENFEAT_vcpu_time_phys_area	   19
#define XENFEAT_dm_msix_all_writes	   20

#define XENFEAT_NR_SUBMAPS 1

#endif /* XHVM_XEN_FEATURES_H */
