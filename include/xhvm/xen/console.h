/*
 * The PV console ring (HVM_PARAM_CONSOLE_PFN, _EVTCHN), from Xen's
 * public/io/console.h. Byte rings with free-running indices: the guest
 * writes out[] and reads in[].
 */
#ifndef XHVM_XEN_CONSOLE_H
#define XHVM_XEN_CONSOLE_H

/* xencons_interface.connection, written by the backend. */
#define XENCONSOLE_CONNECTED	0
#define XENCONSOLE_DISCONNECTED 1 /* the state a fresh page starts in */

#ifndef __ASSEMBLER__

#include <stdint.h>

typedef uint32_t XENCONS_RING_IDX;

/* An index into ring (in or out), whose size is a power of two. */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
	char in[1024];
	char out[2048];
	XENCONS_RING_IDX in_cons, in_prod;
	XENCONS_RING_IDX out_cons, out_prod;
	uint8_t connection; /* XENCONSOLE_* */
};
_Static_assert(sizeof(struct xencons_interface) == 3092, "xencons_interface");

#endif /* !__ASSEMBLER__ */

#endif /* XHVM_XEN_CONSOLE_H */
