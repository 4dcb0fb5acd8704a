/*
 * test_xenstore: the ring (requests in pieces, replies larger than the
 * room left, indices that wrap) and a guest that breaks the protocol.
 */
#include "guest.h"

static void test_pieces(struct xsg *g)
{
	uint8_t msg[sizeof(struct xsd_sockmsg) + sizeof("domid")];
	struct xsd_sockmsg h = {XS_READ, 42, 0, sizeof("domid")};
	unsigned i, early = 0;
	struct xsg_msg m;

	memcpy(msg, &h, sizeof(h));
	memcpy(msg + sizeof(h), "domid", sizeof("domid"));
	for (i = 0; i + 1 < sizeof(msg); i++) {
		xsg_put(g, msg + i, 1);
		xsg_kick(g);
		early += xsg_recv(g, &m);
	}
	check(!early && g->ring->req_cons == g->ring->req_prod,
	      "a request sent a byte at a time is taken, not answered early");
	xsg_put(g, msg + i, 1);
	xsg_kick(g);
	check(xsg_recv(g, &m) && m.h.type == XS_READ && m.h.req_id == 42 &&
		      m.h.len == 1 && m.p[0] == '1',
	      "its last byte completes it: answered");
	memcpy(msg + sizeof(h), "name\0", 6);
	h.len = sizeof("name");
	memcpy(msg, &h, sizeof(h));
	xsg_put(g, msg, sizeof(h) + h.len);
	h.req_id = 43;
	memcpy(msg, &h, sizeof(h));
	xsg_put(g, msg, sizeof(h) + h.len);
	xsg_kick(g);
	check(xsg_recv(g, &m) && m.h.req_id == 42 && xsg_recv(g, &m) &&
		      m.h.req_id == 43 && !strcmp(m.p, "guest"),
	      "two requests in one send: both answered, in order");
}

static void test_big_reply(struct xsg *g)
{
	static char value[XS_MAX_VALUE + 1];
	uint32_t used;

	memset(value, 'v', XS_MAX_VALUE);
	value[XS_MAX_VALUE - 1] = 'e';
	check(xsg_write(g, 0, "data/big", value), "a value of %d bytes",
	      XS_MAX_VALUE);
	xsg_send(g, XS_READ, 0, S("data/big"));
	used = g->ring->rsp_prod - g->ring->rsp_cons;
	check(used == XENSTORE_RING_SIZE &&
		      g->xs->queued ==
			      sizeof(struct xsd_sockmsg) + XS_MAX_VALUE - used,
	      "a reply larger than the ring fills it; the rest waits");
	check(xsg_call1(g, XS_READ, 0, "domid") && xsg_is(g, XS_READ, "1", 1) &&
		      g->m.h.req_id == g->next_req - 1,
	      "as the guest reads and sends, the rest comes, then the next");
	check(!strncmp(value, "vvvv", 4) && g->nevents == 0,
	      "(no event came in between)");
	xsg_send(g, XS_READ, 0, S("data/big"));
	check(xsg_call1(g, XS_READ, 0, "data/big") &&
		      g->m.h.len == XS_MAX_VALUE &&
		      g->m.p[XS_MAX_VALUE - 1] == 'e',
	      "its bytes arrive whole, in order");
}

/* Indices near 2^32: the guest must not assume they start at 0. */
static void test_wrap(struct xsg *g)
{
	struct xenstore_domain_interface *r = g->ring;
	unsigned i, good = 0;

	r->req_cons = r->req_prod = 0xfffffe00;
	r->rsp_cons = r->rsp_prod = 0xfffffd00;
	for (i = 0; i < 40; i++)
		good += xsg_read_is(g, 0, "name", "guest");
	check(good == 40 && r->req_prod < 0x1000 && r->rsp_prod < 0x1000,
	      "indices wrap past 2^32: 40 requests answered");
	check(xsg_notified(g), "the port is raised for replies");
}

void test_xs_ring(void)
{
	struct xsg g;

	xsg_init(&g, 1);
	test_pieces(&g);
	test_big_reply(&g);
	test_wrap(&g);
	xsg_free(&g);
}

/* A fresh store, the guest's ring set by `bad`, one send: stderr. */
static const char *broken_by(struct xsg *g, struct xsg_capture *c,
			     void (*bad)(struct xsg *g))
{
	xsg_init(g, 1);
	xsg_capture_begin(c);
	bad(g);
	xsg_kick(g);
	xsg_kick(g);
	return xsg_capture_end(c);
}

static void req_ahead(struct xsg *g)
{
	g->ring->req_prod = g->ring->req_cons + XENSTORE_RING_SIZE + 1;
}

static void rsp_behind(struct xsg *g)
{
	g->ring->rsp_cons = g->ring->rsp_prod + 1;
}

static void too_long(struct xsg *g)
{
	struct xsd_sockmsg h = {XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1};

	xsg_put(g, &h, sizeof(h));
}

/* After the error the ring is ignored: even a good request. */
static bool ignored(struct xsg *g)
{
	struct xsd_sockmsg h = {XS_READ, 2, 0, sizeof("domid")};
	struct xenstore_domain_interface *r = g->ring;
	struct xsg_msg m;

	r->req_cons = r->req_prod = r->rsp_cons = r->rsp_prod = 0;
	xsg_put(g, &h, sizeof(h));
	xsg_put(g, "domid", sizeof("domid"));
	xsg_kick(g);
	return g->xs->broken && !xsg_recv(g, &m) && r->req_cons == 0;
}

void test_xs_malformed(void)
{
	struct xsg_capture c;
	const char *err;
	struct xsg g;

	err = broken_by(&g, &c, req_ahead);
	check(strstr(err, "xenstore: vCPU 0: request ring indices out of "
			  "range (req 0/0x401") &&
		      strstr(err, "ignores this guest from now on") &&
		      !strstr(strstr(err, "ignores") + 1, "ignores"),
	      "req_prod more than a ring ahead: said once, with the vCPU");
	check(ignored(&g), "... and the ring is ignored from then on");
	xsg_free(&g);
	err = broken_by(&g, &c, rsp_behind);
	check(strstr(err, "reply ring indices out of range") && ignored(&g),
	      "rsp_cons past rsp_prod: said, ignored");
	xsg_free(&g);
	err = broken_by(&g, &c, too_long);
	check(strstr(err, "a request longer than XENSTORE_PAYLOAD_MAX") &&
		      ignored(&g),
	      "a payload over 4096 bytes: said, ignored (xenstored too)");
	xsg_free(&g);
}
