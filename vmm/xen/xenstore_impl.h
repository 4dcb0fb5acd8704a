/*
 * The XenStore server's parts (see xenstore.h for the files): its state,
 * the tree, transactions, watches and the request being answered. Error
 * codes are the host's errno values, which the wire carries by name.
 */
#ifndef XHVM_XEN_XENSTORE_IMPL_H
#define XHVM_XEN_XENSTORE_IMPL_H

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xen/xen.h"
#include "xen/xenstore.h"
#include "xhvm/xen/xs_wire.h"

/*
 * What a guest can make the server hold. xenstored's default quotas per
 * domain (tools/xenstored/domain.c) where it has them, but counted over
 * the whole tree, the seed included, as there is one guest. Going past
 * one gives the error xenstored gives. At most about 6 MiB in all: the
 * tree and ten copies of it, the transactions' paths, the watches, the
 * reply queue.
 */
#define XS_MAX_NODES	1024	    /* nodes in a tree: ENOSPC */
#define XS_MAX_BYTES	(256 << 10) /* names and values in a tree: ENOMEM */
#define XS_MAX_VALUE	2048	    /* bytes of one value: ENOSPC */
#define XS_MAX_PERMS	5	    /* permission entries of a node: ENOSPC */
#define XS_MAX_WATCHES	128	    /* ENOSPC */
#define XS_MAX_TX	10	    /* open transactions: ENOSPC */
#define XS_MAX_TX_PATHS 1024	    /* paths a transaction reads or changes */
#define XS_MAX_TX_BYTES (64 << 10)  /* ... and their bytes: ENOSPC */
/*
 * Reply bytes waiting for room in the ring. Past it the server reads no
 * more requests until the guest makes room, and drops watch events.
 */
#define XS_MAX_QUEUED (64 << 10)

/* Room for an absolute path and its NUL. */
#define XS_PATH_BUF (XENSTORE_ABS_PATH_MAX + 1)

/* What a domain may do to a node (xenstored's XS_PERM_*). */
#define XS_ACC_NONE  0
#define XS_ACC_READ  1
#define XS_ACC_WRITE 2
#define XS_ACC_OWNER 4 /* may change the permissions */

/* Who asks: the guest's domid, or this for the toolstack (xhvm). */
#define XS_PRIVILEGED (-1)

struct xs_perm {
	uint16_t dom;
	uint8_t access; /* XS_ACC_READ | _WRITE, for perms[0] the default */
};

/*
 * A node. The first permission entry names the owner (who may do
 * anything) and what every domain without an entry of its own may do.
 */
struct xs_node {
	struct xs_node *parent;
	struct xs_node *child, *next; /* the first child; the next sibling */
	char *name;		      /* this part of the path, "" for / */
	char *value;
	uint32_t len;
	uint8_t nperms;
	struct xs_perm perms[XS_MAX_PERMS];
	uint64_t gen; /* when it, or its list of children, last changed */
};

struct xs_tree {
	struct xs_node *root;
	unsigned nodes;	 /* the root included */
	size_t bytes;	 /* names (with their NULs) and values */
	uint64_t *clock; /* generations: the server's counter, shared */
};

/* How an event matches a watch. */
#define XS_FIRE_NONE	0
#define XS_FIRE_EXACT	1 /* watches on the path itself */
#define XS_FIRE_SUBTREE 2 /* ... and on any of its parents */

/* A path a transaction read or changed, and what it was at the start. */
struct xs_touch {
	char *path;
	uint64_t gen; /* the node's generation then, 0: it did not exist */
	bool modified;
	uint8_t fire; /* XS_FIRE_*: the event due when it commits */
};

/* A transaction: a private copy of the tree, and what it touched. */
struct xs_tx {
	struct xs_tx *next;
	uint32_t id;
	struct xs_tree tree;
	unsigned base_nodes; /* the copy's size when it began */
	size_t base_bytes;
	struct xs_touch *touched;
	unsigned ntouched, room;
	size_t touched_bytes;
};

struct xs_watch {
	struct xs_watch *next;
	char *path; /* canonical: absolute, or a special @name */
	char *token;
	bool relative; /* events say paths relative to the domain's */
};

/* A message for the guest, and how much of it is in the ring already. */
struct xs_msg {
	struct xs_msg *next;
	uint32_t len, sent;
	bool event;
	uint8_t data[]; /* struct xsd_sockmsg, then the payload */
};

struct xenstore {
	pthread_mutex_t lock; /* everything below */
	struct xen_domain *d;
	struct xenstore_domain_interface *ring;
	uint32_t port;
	unsigned domid;
	char dompath[24]; /* /local/domain/<domid> */
	struct xs_tree tree;
	uint64_t clock;
	struct xs_watch *watches;
	unsigned nwatches;
	struct xs_tx *txs;
	unsigned ntx;
	uint32_t next_tx;
	/* The connection: the request arriving, the replies leaving. */
	uint8_t in[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX + 1];
	uint32_t in_have;
	struct xs_msg *out, *out_tail;
	size_t queued; /* bytes in out not yet in the ring */
	bool broken;   /* the guest broke the protocol: ignored from then */
	struct xen_vcpu *who; /* the vCPU being served, NULL: the monitor */
	char reply[XENSTORE_PAYLOAD_MAX];
};

/* One request being answered (or a call of the monitor's). */
struct xs_req {
	struct xenstore *xs;
	int dom;	      /* the asker's domid, or XS_PRIVILEGED */
	struct xs_tx *tx;     /* the transaction it is in, or NULL */
	struct xs_tree *tree; /* the transaction's copy, or the live tree */
	struct xs_watch *new_watch; /* WATCH: fired once the reply is out */
	char *out;		    /* the reply's payload (xs->reply) */
	uint32_t out_len;
};

/* ---- The tree (xenstore_tree.c) ------------------------------------------ */

int xs_tree_init(struct xs_tree *t, uint64_t *clock);
void xs_tree_free(struct xs_tree *t);
/* A copy of src, generations and all, for a transaction. 0 or ENOMEM. */
int xs_tree_copy(struct xs_tree *dst, const struct xs_tree *src);
/*
 * Checks a path from the wire and makes it absolute in out (XS_PATH_BUF
 * bytes): xenstored's characters, no empty, doubled or trailing /,
 * relative paths under xs->dompath, the guest's paths under 2048 bytes
 * below a domain's. Special @ paths only if `special`. 0 or EINVAL.
 */
int xs_canon(const struct xenstore *xs, int dom, const char *in, bool special,
	     char *out);
bool xs_is_relative(const char *in);
/* The node at an absolute path, or NULL. */
struct xs_node *xs_lookup(const struct xs_tree *t, const char *path);
/* The node at path if it exists, else its nearest existing parent. */
struct xs_node *xs_nearest(const struct xs_tree *t, const char *path);
/* The node after n in a walk of the subtree at top (n first), or NULL. */
struct xs_node *xs_walk_next(const struct xs_node *n,
			     const struct xs_node *top);
/* n's absolute path in buf (XS_PATH_BUF bytes). */
void xs_node_path(const struct xs_node *n, char *buf);
/*
 * Makes the missing nodes of path, each inheriting its parent's
 * permissions (with `owner` as owner unless XS_PRIVILEGED). With
 * `limited`, checks first that they and `extra` bytes of value fit in
 * the tree's limits: ENOSPC, ENOMEM. *out: the node at path.
 */
int xs_mkpath(struct xs_tree *t, const char *path, int owner, bool limited,
	      size_t extra, struct xs_node **out);
/* Sets n's value (`limited`: within XS_MAX_VALUE and the tree's bytes). */
int xs_set_value(struct xs_tree *t, struct xs_node *n, const void *value,
		 uint32_t len, bool limited);
/* Removes n and everything under it (not the root). */
void xs_remove(struct xs_tree *t, struct xs_node *n);
/* Marks n changed: a new generation. */
void xs_changed(struct xs_tree *t, struct xs_node *n);
/* What domain dom (or XS_PRIVILEGED) may do to n: XS_ACC_* bits. */
unsigned xs_access(const struct xs_node *n, int dom);

/* ---- Transactions (xenstore_tx.c) and watches (xenstore_watch.c) ------ */

int xs_tx_start(struct xenstore *xs, uint32_t *id);
struct xs_tx *xs_tx_find(struct xenstore *xs, uint32_t id);
/*
 * Applies tx to the live tree if nothing it touched changed since it
 * began: 0, EAGAIN, or ENOSPC / ENOMEM past a limit. Fires the events
 * it held back. The transaction stays; xs_tx_free ends it.
 */
int xs_tx_commit(struct xenstore *xs, struct xs_tx *tx);
void xs_tx_free(struct xenstore *xs, struct xs_tx *tx);
/*
 * Inside a transaction, before reading or changing path: notes it, and
 * its generation if first seen. 0, or ENOSPC past XS_MAX_TX_PATHS /
 * _BYTES. Does nothing outside one.
 */
int xs_touch(struct xs_req *r, const char *path, bool modify);
/* Before making path: path, its missing parents and the first parent. */
int xs_touch_chain(struct xs_req *r, const char *path);
/* Before removing top: everything under it, and its parent. */
int xs_touch_subtree(struct xs_req *r, const struct xs_node *top);
/*
 * path changed: the guest's matching watches fire (XS_FIRE_EXACT or
 * _SUBTREE), or will when the transaction commits. old: the node's
 * permissions before a change of them (or NULL), so a watcher who lost
 * sight of it still hears.
 */
void xs_fire(struct xs_req *r, const char *path, int match,
	     const struct xs_node *old);
/* Fires the guest's matching watches now (xs_fire, outside any tx). */
void xs_fire_now(struct xenstore *xs, const char *path, int match,
		 const struct xs_node *old);
/* Adds a watch (EEXIST, ENOSPC, ENOMEM); the caller fires it once. */
int xs_watch_add(struct xenstore *xs, const char *path, bool relative,
		 const char *token, struct xs_watch **out);
int xs_watch_del(struct xenstore *xs, const char *path, const char *token);
/* A watch's first event: its own path. */
void xs_watch_fire_once(struct xenstore *xs, const struct xs_watch *w);
/* RESET_WATCHES: every watch and transaction goes. */
void xs_reset(struct xenstore *xs);

/* ---- Requests on nodes (xenstore_ops.c) --------------------------------- */

/*
 * A request's handler: the payload (len bytes, NUL-ended past them)
 * in, 0 with the reply in r->out, or an errno, out.
 */
typedef int (*xs_op_fn)(struct xs_req *r, const char *p, uint32_t len);
int xs_op_read(struct xs_req *r, const char *p, uint32_t len);
int xs_op_directory(struct xs_req *r, const char *p, uint32_t len);
int xs_op_directory_part(struct xs_req *r, const char *p, uint32_t len);
int xs_op_get_perms(struct xs_req *r, const char *p, uint32_t len);
int xs_op_write(struct xs_req *r, const char *p, uint32_t len);
int xs_op_mkdir(struct xs_req *r, const char *p, uint32_t len);
int xs_op_rm(struct xs_req *r, const char *p, uint32_t len);
int xs_op_set_perms(struct xs_req *r, const char *p, uint32_t len);

/* How many NUL-ended strings p holds; the first `max` into s. */
unsigned xs_strings(const char *p, uint32_t len, const char **s, unsigned max);
/* The single string a payload must be (nothing after it), or NULL. */
const char *xs_one_arg(const char *p, uint32_t len);
/* The reply (E2BIG past XENSTORE_PAYLOAD_MAX); "OK". */
int xs_reply(struct xs_req *r, const void *data, size_t len);
int xs_ok(struct xs_req *r);
/* A decimal number, digits only, up to max: 0 or EINVAL. */
int xs_parse_num(const char *s, unsigned long max, unsigned long *v);
/*
 * The node at an absolute path if r may do `want` to it. Else NULL with
 * *err: EACCES, or ENOENT if it is missing and its nearest parent would
 * allow `want` (so the guest learns nothing of what it may not see).
 */
struct xs_node *xs_get(struct xs_req *r, const char *path, unsigned want,
		       int *err);
/* WRITE, for the guest's requests and the monitor's xenstore_write. */
int xs_do_write(struct xs_req *r, const char *path, const void *value,
		uint32_t len);

/* ---- Other requests, routing, --trace (xenstore_request.c) ------------- */

/* Answers one whole request from the guest. */
void xs_handle(struct xenstore *xs, const struct xsd_sockmsg *h,
	       const char *payload);

/* ---- The connection (xenstore.c) ---------------------------------------- */

/* Queues a message for the guest; a watch event may be dropped. */
void xs_queue(struct xenstore *xs, uint32_t type, uint32_t req_id,
	      uint32_t tx_id, const void *payload, uint32_t len);
/* A --trace line "xenstore: ...", said by the vCPU being served. */
void xs_trace(struct xenstore *xs, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- The seed (xenstore_seed.c) --------------------------------------- */

/* The toolstack's keys for an HVM guest named `name`. 0 or ENOMEM. */
int xs_seed(struct xenstore *xs, const char *name);

#endif /* XHVM_XEN_XENSTORE_IMPL_H */
