/*
 * XenStore's connection to the guest (docs/misc/xenstore-ring.txt): two
 * byte rings in one page, with free-running u32 indices, and an event
 * channel each side sends on after moving them.
 *
 * Everything in the page is the guest's to scribble on, so every pass
 * reads the indices afresh and checks them (prod - cons within the ring,
 * as xenstored's check_indexes), copies a request's bytes out before
 * looking at them, and answers only once the whole message is in: GRUB
 * sends a header and its payload as two sends. Replies wait in a queue
 * and go into the ring as it drains: after each request, and whenever
 * the guest sends. After each pass either the queue is empty or the
 * ring is full, so a guest that sends only when it empties a full ring
 * (Linux does) is never left waiting.
 *
 * A guest that breaks the protocol (impossible indices, a message over
 * XENSTORE_PAYLOAD_MAX) is told so once on stderr and then ignored, as
 * xenstored ignores such a connection.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xen/xenstore_impl.h"

#define HDR sizeof(struct xsd_sockmsg)

void xs_trace(struct xenstore *xs, const char *fmt, ...)
{
	char line[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (xs->who)
		vcpu_trace(xs->who->v, "xenstore: %s", line);
	else
		trace_line("xhvm", "xenstore: %s", line);
}

/* ---- The reply queue ----------------------------------------------------- */

/* Is an identical event still waiting, not begun? Then one is enough. */
static bool event_waiting(const struct xenstore *xs, const void *payload,
			  uint32_t len)
{
	const struct xs_msg *m;

	for (m = xs->out; m; m = m->next)
		if (m->event && !m->sent && m->len == HDR + len &&
		    !memcmp(m->data + HDR, payload, len))
			return true;
	return false;
}

void xs_queue(struct xenstore *xs, uint32_t type, uint32_t req_id,
	      uint32_t tx_id, const void *payload, uint32_t len)
{
	struct xsd_sockmsg h = {type, req_id, tx_id, len};
	bool event = type == XS_WATCH_EVENT;
	struct xs_msg *m;

	/* Replies always go (requests stop first); events may not. */
	if (event &&
	    (xs->queued >= XS_MAX_QUEUED || event_waiting(xs, payload, len))) {
		if (TRACE_ON())
			xs_trace(xs, "WATCH_EVENT %s: dropped",
				 (const char *)payload);
		return;
	}
	m = malloc(sizeof(*m) + HDR + len);
	if (!m) {
		xhvm_err("xenstore: out of memory for a reply");
		return;
	}
	*m = (struct xs_msg){.len = HDR + len, .event = event};
	memcpy(m->data, &h, HDR);
	memcpy(m->data + HDR, payload, len);
	if (xs->out_tail)
		xs->out_tail->next = m;
	else
		xs->out = m;
	xs->out_tail = m;
	xs->queued += m->len;
	if (event && TRACE_ON())
		xs_trace(xs, "WATCH_EVENT %s %s", (const char *)payload,
			 (const char *)payload + strlen(payload) + 1);
}

static void queue_free(struct xenstore *xs)
{
	struct xs_msg *m;

	while ((m = xs->out)) {
		xs->out = m->next;
		free(m);
	}
	xs->out_tail = NULL;
	xs->queued = 0;
}

/* ---- The ring ------------------------------------------------------------ */

/*
 * Up to want bytes the guest has written, into buf: how many, or -1 when
 * its indices cannot be. Acquire after reading req_prod, so the bytes
 * are read after it; release when publishing req_cons, so the guest may
 * reuse them only once copied.
 */
static int ring_read(struct xenstore *xs, uint8_t *buf, uint32_t want)
{
	struct xenstore_domain_interface *ring = xs->ring;
	uint32_t prod = __atomic_load_n(&ring->req_prod, __ATOMIC_ACQUIRE);
	uint32_t cons = __atomic_load_n(&ring->req_cons, __ATOMIC_RELAXED);
	uint32_t n = prod - cons, at = MASK_XENSTORE_IDX(cons), first;

	if (n > XENSTORE_RING_SIZE)
		return -1;
	if (n > want)
		n = want;
	first = n < XENSTORE_RING_SIZE - at ? n : XENSTORE_RING_SIZE - at;
	memcpy(buf, ring->req + at, first);
	memcpy(buf + first, ring->req, n - first);
	if (n)
		__atomic_store_n(&ring->req_cons, cons + n, __ATOMIC_RELEASE);
	return (int)n;
}

/*
 * Moves queued bytes into rsp[] while it has room: how many, or -1 when
 * the indices cannot be. rsp_cons is read with acquire (the guest is
 * done with the bytes it freed), rsp_prod published with release.
 */
static int ring_flush(struct xenstore *xs)
{
	struct xenstore_domain_interface *ring = xs->ring;
	uint32_t cons = __atomic_load_n(&ring->rsp_cons, __ATOMIC_ACQUIRE);
	uint32_t prod = __atomic_load_n(&ring->rsp_prod, __ATOMIC_RELAXED);
	uint32_t room = XENSTORE_RING_SIZE - (prod - cons), moved = 0;
	struct xs_msg *m;

	if (prod - cons > XENSTORE_RING_SIZE)
		return -1;
	while ((m = xs->out) && room) {
		uint32_t at = MASK_XENSTORE_IDX(prod);
		uint32_t n = m->len - m->sent;

		if (n > room)
			n = room;
		if (n > XENSTORE_RING_SIZE - at)
			n = XENSTORE_RING_SIZE - at;
		memcpy(ring->rsp + at, m->data + m->sent, n);
		m->sent += n;
		prod += n;
		room -= n;
		moved += n;
		xs->queued -= n;
		if (m->sent == m->len) {
			xs->out = m->next;
			if (!xs->out)
				xs->out_tail = NULL;
			free(m);
		}
	}
	if (moved)
		__atomic_store_n(&ring->rsp_prod, prod, __ATOMIC_RELEASE);
	return (int)moved;
}

/* Once, on stderr: then the guest's ring is no longer looked at. */
static void broken(struct xenstore *xs, const char *why)
{
	struct xenstore_domain_interface *ring = xs->ring;
	char who[16] = "";

	xs->broken = true;
	if (xs->who)
		snprintf(who, sizeof(who), "vCPU %u: ", xs->who->index);
	xhvm_err("xenstore: %s%s (req %#x/%#x, rsp %#x/%#x): the store "
		 "ignores this guest from now on, as xenstored does",
		 who, why, ring->req_cons, ring->req_prod, ring->rsp_cons,
		 ring->rsp_prod);
}

/*
 * Reads what has come of the request in progress and answers it once
 * it is whole. Returns the bytes read, or -1 after a protocol error.
 */
static int take_request(struct xenstore *xs)
{
	struct xsd_sockmsg h;
	uint32_t need = HDR;
	int n;

	if (xs->in_have >= HDR) {
		memcpy(&h, xs->in, HDR);
		need = HDR + h.len;
	}
	n = ring_read(xs, xs->in + xs->in_have, need - xs->in_have);
	if (n < 0) {
		broken(xs, "request ring indices out of range");
		return -1;
	}
	xs->in_have += (uint32_t)n;
	if (xs->in_have < HDR)
		return n;
	memcpy(&h, xs->in, HDR);
	if (h.len > XENSTORE_PAYLOAD_MAX) {
		broken(xs, "a request longer than XENSTORE_PAYLOAD_MAX");
		return -1;
	}
	if (xs->in_have == HDR + h.len) {
		xs->in[xs->in_have] = 0; /* a NUL past the end, for safety */
		xs->in_have = 0;
		xs_handle(xs, &h, (const char *)xs->in + HDR);
	}
	return n;
}

/*
 * One pass over the ring for vCPU x (NULL: the monitor): replies out,
 * then (with `requests`) requests in, each answered, until either runs
 * dry; the guest hears of it if anything moved. Under xs->lock.
 */
static void serve(struct xenstore *xs, struct xen_vcpu *x, bool requests)
{
	bool moved = false;
	int n;

	if (xs->broken)
		return;
	xs->who = x;
	for (;;) {
		n = ring_flush(xs);
		if (n < 0) {
			broken(xs, "reply ring indices out of range");
			break;
		}
		moved |= n > 0;
		if (!requests || xs->queued >= XS_MAX_QUEUED)
			break;
		n = take_request(xs);
		if (n <= 0)
			break;
		moved = true;
	}
	xs->who = NULL;
	if (moved)
		evtchn_host_notify(xs->d, xs->port);
}

/* The guest sent on the store's port: its vCPU's thread, no vm->lock. */
static void kick(struct xen_vcpu *x, uint32_t port, void *arg)
{
	struct xenstore *xs = arg;

	(void)port;
	pthread_mutex_lock(&xs->lock);
	serve(xs, x, true);
	pthread_mutex_unlock(&xs->lock);
}

/* ---- The API ------------------------------------------------------------ */

/* An empty ring, connected, no features (no reconnection: Linux's). */
static void ring_init(struct xenstore_domain_interface *ring)
{
	__atomic_store_n(&ring->req_cons, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&ring->req_prod, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&ring->rsp_cons, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&ring->rsp_prod, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&ring->server_features, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&ring->error, XENSTORE_ERROR_NONE, __ATOMIC_RELAXED);
	__atomic_store_n(&ring->connection, XENSTORE_CONNECTED,
			 __ATOMIC_RELEASE);
}

static void xs_free(struct xenstore *xs)
{
	xs_reset(xs);
	xs_tree_free(&xs->tree);
	queue_free(xs);
	pthread_mutex_destroy(&xs->lock);
	free(xs);
}

struct xenstore *xenstore_create(struct xen_domain *d, void *ring,
				 unsigned domid, const char *name)
{
	struct xenstore *xs;
	int64_t port;

	if (!domid || domid >= DOMID_FIRST_RESERVED) {
		xhvm_err("xenstore: domain id %u: the guest's must be 1 to %u "
			 "(0 is the toolstack's)",
			 domid, DOMID_FIRST_RESERVED - 1);
		return NULL;
	}
	xs = calloc(1, sizeof(*xs));
	if (!xs) {
		xhvm_err("xenstore: out of memory");
		return NULL;
	}
	pthread_mutex_init(&xs->lock, NULL);
	xs->d = d;
	xs->ring = ring;
	xs->domid = domid;
	xs->next_tx = 1;
	snprintf(xs->dompath, sizeof(xs->dompath), "/local/domain/%u", domid);
	if (xs_tree_init(&xs->tree, &xs->clock) || xs_seed(xs, name)) {
		xhvm_err("xenstore: out of memory for the tree");
		xs_free(xs);
		return NULL;
	}
	port = evtchn_host_bind(d, 0, kick, xs);
	if (port < 0) {
		xhvm_err("xenstore: no event channel port left");
		xs_free(xs);
		return NULL;
	}
	xs->port = (uint32_t)port;
	ring_init(xs->ring);
	return xs;
}

uint32_t xenstore_port(const struct xenstore *xs)
{
	return xs->port;
}

int xenstore_write(struct xenstore *xs, const char *path, const char *value)
{
	struct xs_req r = {.xs = xs, .dom = XS_PRIVILEGED, .out = xs->reply};
	int err;

	pthread_mutex_lock(&xs->lock);
	r.tree = &xs->tree;
	err = xs_do_write(&r, path, value, (uint32_t)strlen(value));
	serve(xs, NULL, false); /* the events it fired */
	pthread_mutex_unlock(&xs->lock);
	return -err;
}

int xenstore_read(struct xenstore *xs, const char *path, char *buf, size_t size)
{
	char abs[XS_PATH_BUF];
	struct xs_node *n = NULL;
	int err;

	pthread_mutex_lock(&xs->lock);
	err = xs_canon(xs, XS_PRIVILEGED, path, false, abs);
	if (!err && !(n = xs_lookup(&xs->tree, abs)))
		err = ENOENT;
	if (!err && size) {
		size_t len = n->len < size - 1 ? n->len : size - 1;

		if (len)
			memcpy(buf, n->value, len);
		buf[len] = '\0';
	}
	pthread_mutex_unlock(&xs->lock);
	return err ? -err : (int)n->len;
}

void xenstore_destroy(struct xenstore *xs)
{
	struct xen_domain *d;

	if (!xs)
		return;
	d = xs->d;
	pthread_mutex_lock(&d->vm->lock);
	if (d->evtchn && d->evtchn[xs->port].state == EVTCHN_HOST &&
	    d->evtchn[xs->port].host_arg == xs)
		evtchn_close(d, xs->port);
	pthread_mutex_unlock(&d->vm->lock);
	xs_free(xs);
}
