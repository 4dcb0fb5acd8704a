/*
 * The xenstore protocol, from Xen's public/io/xs_wire.h: the messages and
 * the ring page a guest shares with the store (HVM_PARAM_STORE_PFN,
 * _EVTCHN). Xen's enum xsd_sockmsg_type is spelled as macros here, so the
 * assembler can read them too.
 */
#ifndef XHVM_XEN_XS_WIRE_H
#define XHVM_XEN_XS_WIRE_H

/* xsd_sockmsg.type */
#define XS_CONTROL		0
#define XS_DEBUG		XS_CONTROL
#define XS_DIRECTORY		1
#define XS_READ			2
#define XS_GET_PERMS		3
#define XS_WATCH		4
#define XS_UNWATCH		5
#define XS_TRANSACTION_START	6
#define XS_TRANSACTION_END	7
#define XS_INTRODUCE		8
#define XS_RELEASE		9
#define XS_GET_DOMAIN_PATH	10
#define XS_WRITE		11
#define XS_MKDIR		12
#define XS_RM			13
#define XS_SET_PERMS		14
#define XS_WATCH_EVENT		15
#define XS_ERROR		16
#define XS_IS_DOMAIN_INTRODUCED 17
#define XS_RESUME		18
#define XS_SET_TARGET		19
/* 20 was XS_RESTRICT, since removed. */
#define XS_RESET_WATCHES  21
#define XS_DIRECTORY_PART 22
#define XS_GET_FEATURE	  23
#define XS_SET_FEATURE	  24
#define XS_GET_QUOTA	  25
#define XS_SET_QUOTA	  26
#define XS_TYPE_COUNT	  27
#define XS_INVALID	  0xffff /* never a valid type */

/* The strings of an XS_WATCH_EVENT payload, in order. */
#define XS_WATCH_PATH  0
#define XS_WATCH_TOKEN 1

#define XENSTORE_RING_SIZE    1024
#define XENSTORE_PAYLOAD_MAX  4096 /* bytes after a xsd_sockmsg header */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

/* xenstore_domain_interface.server_features */
#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR	     2
#define XENSTORE_SERVER_FEATURE_WATCHDEPTH   4
#define XENSTORE_SERVER_FEATURE_DOMID_ANY    8

/* xenstore_domain_interface.connection */
#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1

/* xenstore_domain_interface.error */
#define XENSTORE_ERROR_NONE    0
#define XENSTORE_ERROR_COMM    1
#define XENSTORE_ERROR_RINGIDX 2
#define XENSTORE_ERROR_PROTO   3

#ifndef __ASSEMBLER__

#include <stdint.h>

/*
 * An XS_ERROR reply carries the errno's name, not its number. These are
 * the names the protocol knows, in Xen's table order: X(name) for each.
 */
#define XSD_ERROR_LIST(X) \
	X(EINVAL)         \
	X(EACCES)         \
	X(EEXIST)         \
	X(EISDIR)         \
	X(ENOENT)         \
	X(ENOMEM)         \
	X(ENOSPC)         \
	X(EIO)            \
	X(ENOTEMPTY)      \
	X(ENOSYS)         \
	X(EROFS)          \
	X(EBUSY)          \
	X(EAGAIN)         \
	X(EISCONN)        \
	X(E2BIG)          \
	X(EPERM)

typedef uint32_t XENSTORE_RING_IDX;

#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

/* Every message: this header, then len bytes (usually NUL-ended strings). */
struct xsd_sockmsg {
	uint32_t type;	 /* XS_* */
	uint32_t req_id; /* echoed in the reply */
	uint32_t tx_id;	 /* 0 outside a transaction */
	uint32_t len;
};
_Static_assert(sizeof(struct xsd_sockmsg) == 16, "xsd_sockmsg");

/* The ring page: requests out, replies and watch events in. */
struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE];
	char rsp[XENSTORE_RING_SIZE];
	XENSTORE_RING_IDX req_cons, req_prod;
	XENSTORE_RING_IDX rsp_cons, rsp_prod;
	uint32_t server_features; /* XENSTORE_SERVER_FEATURE_* */
	uint32_t connection;	  /* XENSTORE_CONNECTED, _RECONNECT */
	uint32_t error;		  /* XENSTORE_ERROR_* */
	uint32_t evtchn_port;	  /* set by Xen for dom0less domains */
};
_Static_assert(sizeof(struct xenstore_domain_interface) == 2080,
	       "xenstore_domain_interface");

#endif /* !__ASSEMBLER__ */

#endif /* XHVM_XEN_XS_WIRE_H */
