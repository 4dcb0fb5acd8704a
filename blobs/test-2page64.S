/*
 * A two-page 64-bit blob for tests of page indexes: page 0 is the ordinary
 * hypercall page, page 1 a marker page (0xa5 bytes and a tag) that a guest
 * gets by writing page index 1 to the Xen MSR.
 */
#include <xhvm/guest_abi.h>

#define BLOB_TAG XHVM_BLOB_TAG_64

	.code64
#include "hypercall-page.inc"

page1:
	.asciz "xhvm-test-page1"
	.org page1 + 4096, 0xa5
