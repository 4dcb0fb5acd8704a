/*
 * XenStore in xhvm: a small store server that a guest reaches through the
 * standard ring page (struct xenstore_domain_interface, HVM_PARAM_STORE_PFN)
 * and an event channel whose other end is xhvm (HVM_PARAM_STORE_EVTCHN).
 * It answers with xenstored's semantics (Xen's docs/misc/xenstore.txt):
 * paths and values, permissions, watches and transactions, for one
 * unprivileged guest. The monitor itself is the privileged domain 0, the
 * toolstack: it seeds the tree as xl would and may read and write it all.
 *
 *   xenstore.c          the connection: the ring, requests that arrive
 *                       in pieces, replies queued for ring space; this API
 *   xenstore_request.c  routing a request, errors, --trace; watch and
 *                       transaction requests
 *   xenstore_ops.c      the requests on nodes, one function each
 *   xenstore_tx.c       transactions
 *   xenstore_watch.c    watches and their events
 *   xenstore_tree.c     nodes, paths and permissions
 *   xenstore_seed.c     the keys a toolstack writes for an HVM guest
 *   xenstore_impl.h     what those files share, and the limits
 *
 * Locking: one mutex per server. A guest's sends (on any vCPU thread) and
 * the monitor's calls take it; it is held while the server raises its
 * port, which takes vm->lock: never call in here with vm->lock held.
 */
#ifndef XHVM_XEN_XENSTORE_H
#define XHVM_XEN_XENSTORE_H

#include <stddef.h>
#include <stdint.h>

struct xenstore;
struct xen_domain;

/*
 * Starts the server for domain d, whose id in the store is domid (1 to
 * DOMID_FIRST_RESERVED - 1; 0 is the toolstack's own), on the ring page
 * at `ring` (a host pointer to the guest's page, before the guest runs):
 * binds a host port on vCPU 0, seeds the tree (the name, d's RAM and
 * vCPUs), and marks the ring connected. NULL on failure, after saying why.
 */
struct xenstore *xenstore_create(struct xen_domain *d, void *ring,
				 unsigned domid, const char *name);

/* The event channel port to hand out as HVM_PARAM_STORE_EVTCHN. */
uint32_t xenstore_port(const struct xenstore *xs);

/*
 * The monitor's own writes and reads, as the toolstack: no permission
 * checks or limits. Paths are absolute or relative to the domain's
 * (/local/domain/<domid>). A write makes missing parents (which inherit
 * their parent's permissions) and fires the guest's watches. Returns 0,
 * or -EINVAL for a bad path, -ENOMEM.
 */
int xenstore_write(struct xenstore *xs, const char *path, const char *value);
/*
 * Copies the value at path into buf (NUL-ended, cut to size - 1 bytes).
 * Returns the value's whole length, or -ENOENT, -EINVAL.
 */
int xenstore_read(struct xenstore *xs, const char *path, char *buf,
		  size_t size);

/* Closes the port and frees it all: once the vCPUs have stopped. */
void xenstore_destroy(struct xenstore *xs);

#endif /* XHVM_XEN_XENSTORE_H */
