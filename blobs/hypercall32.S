/* The hypercall blob xhvm copies for a guest not in long mode. */
#include <xhvm/guest_abi.h>

#define BLOB_TAG XHVM_BLOB_TAG_32

	.code32
#include "hypercall-page.inc"
