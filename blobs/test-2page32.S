/*
 * The 32-bit twin of test-2page64.S, for page-index tests of 32-bit
 * guests (--blob32): page 0 is the ordinary hypercall page, page 1 the
 * same marker page.
 */
#include <xhvm/guest_abi.h>

#define BLOB_TAG XHVM_BLOB_TAG_32

	.code32
#include "hypercall-page.inc"

page1:
	.asciz "xhvm-test-page1"
	.org page1 + 4096, 0xa5
