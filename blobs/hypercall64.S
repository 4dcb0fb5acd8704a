/* The hypercall blob xhvm copies for a guest in long mode. */
#include <xhvm/guest_abi.h>

#define BLOB_TAG XHVM_BLOB_TAG_64

	.code64
#include "hypercall-page.inc"
