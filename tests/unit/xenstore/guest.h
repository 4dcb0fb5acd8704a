/*
 * test_xenstore's fake guest: a fake domain (fake_vcpu.h) with a store on
 * its ring page, driven as a guest drives it: requests written into
 * req[] and announced with a real EVTCHNOP_send hypercall, replies and
 * watch events read back from rsp[].
 */
#ifndef XHVM_TEST_XENSTORE_GUEST_H
#define XHVM_TEST_XENSTORE_GUEST_H

#include "check.h"
#include "fake_vcpu.h"
#include "xen/xenstore_impl.h"

#define XSG_RAM	   (4ull << 20)
#define XSG_BUF	   0x200000ull /* hypercall arguments */
#define XSG_SHINFO 0x250000ull
#define XSG_RING   0x300000ull
#define XSG_DOMID  1

/* A payload of one string, NUL included; a path and a value (no NUL). */
#define S(lit)	       lit, sizeof(lit)
#define V(path, val)   path "\0" val, sizeof(path "\0" val) - 1
#define XSG_MAX_EVENTS 64

struct xsg_msg {
	struct xsd_sockmsg h;
	char p[XENSTORE_PAYLOAD_MAX + 1]; /* NUL-ended for the tests */
};

struct xsg {
	struct fake f;
	struct xenstore *xs;
	struct xenstore_domain_interface *ring;
	uint32_t port;
	uint32_t next_req;
	struct xsg_msg m; /* the last reply */
	/* A message coming in pieces. */
	uint8_t rx[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
	uint32_t rx_have;
	/* Watch events since the last xsg_events_clear: "path token". */
	char events[XSG_MAX_EVENTS][200];
	unsigned nevents;
};

/* A fake domain of nvcpus vCPUs, shared_info mapped, and its store. */
void xsg_init(struct xsg *g, unsigned nvcpus);
void xsg_free(struct xsg *g);

/* Bytes into req[], as many as fit: how many. */
uint32_t xsg_put(struct xsg *g, const void *data, uint32_t len);
/* EVTCHNOP_send on the store's port, through the hypercall. */
void xsg_kick(struct xsg *g);
/* A whole message from rsp[] into *m, if one has come (events kept). */
bool xsg_recv(struct xsg *g, struct xsg_msg *m);
/* Sends a whole request (header and payload) with kicks. */
uint32_t xsg_send(struct xsg *g, uint32_t type, uint32_t tx, const void *p,
		  uint32_t len);
/* Sends a request and reads until its reply is in g->m: whether it came. */
bool xsg_call(struct xsg *g, uint32_t type, uint32_t tx, const void *p,
	      uint32_t len);
/* The last reply is of this type with exactly this payload. */
bool xsg_is(const struct xsg *g, uint32_t type, const void *p, uint32_t len);
bool xsg_err(const struct xsg *g, const char *name);
bool xsg_ok(const struct xsg *g);

/* READ path (in tx) and its reply is value / the error name. */
bool xsg_read_is(struct xsg *g, uint32_t tx, const char *path,
		 const char *value);
bool xsg_read_err(struct xsg *g, uint32_t tx, const char *path,
		  const char *name);
/* WRITE path value (in tx): the reply in g->m; whether it was OK. */
bool xsg_write(struct xsg *g, uint32_t tx, const char *path, const char *value);
/* One-string requests: the reply in g->m. */
bool xsg_call1(struct xsg *g, uint32_t type, uint32_t tx, const char *arg);
/* TRANSACTION_START: the id, or 0. */
uint32_t xsg_tx_start(struct xsg *g);
bool xsg_tx_end(struct xsg *g, uint32_t tx, bool commit);
/* WATCH / UNWATCH path token. */
bool xsg_watch(struct xsg *g, uint32_t type, const char *path,
	       const char *token);

/* Was the event "path token" received since the last clear? */
bool xsg_event(const struct xsg *g, const char *path, const char *token);
void xsg_events_clear(struct xsg *g);
/* Whether the store's port was raised for the guest; clears it. */
bool xsg_notified(struct xsg *g);

/* stderr into a buffer around a piece of a test. */
struct xsg_capture {
	int saved;
	FILE *file;
	char text[4096];
};
void xsg_capture_begin(struct xsg_capture *c);
const char *xsg_capture_end(struct xsg_capture *c);

/* The groups of checks, one file each. */
void test_xs_nodes(void);
void test_xs_perms(void);
void test_xs_paths(void);
void test_xs_watches(void);
void test_xs_transactions(void);
void test_xs_ring(void);
void test_xs_malformed(void);
void test_xs_limits(void);
void test_xs_queue(void);
void test_xs_junk(void);
void test_xs_threads(void);

#endif
