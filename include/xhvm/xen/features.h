/*
 * XENVER_get_features bits, from Xen's public/features.h.
 */
#ifndef XHVM_XEN_FEATURES_H
#define XHVM_XEN_FEATURES_H

/* Submap 0. */
#define XENFEAT_hvm_callback_vector 8
#define XENFEAT_hvm_safe_pvclock    9

#endif /* XHVM_XEN_FEATURES_H */
