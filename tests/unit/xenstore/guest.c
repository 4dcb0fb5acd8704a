/*
 * test_xenstore's fake guest (guest.h): the guest's half of the ring
 * protocol, written from docs/misc/xenstore-ring.txt as a guest would.
 */
#include "guest.h"

void xsg_init(struct xsg *g, unsigned nvcpus)
{
	memset(g, 0, sizeof(*g));
	fake_init_n(&g->f, XSG_RAM, nvcpus);
	fake_mode_64(&g->f);
	if (fake_map_shinfo(&g->f, XSG_SHINFO, XSG_BUF))
		abort();
	g->f.x->upcall_vector = 0xe0;
	g->ring = (void *)fake_mem(&g->f, XSG_RING);
	/* Junk where the indices go: the server must start them afresh. */
	memset(g->ring, 0xa5, PAGE_SIZE);
	g->xs = xenstore_create(&g->f.dom, g->ring, XSG_DOMID, "guest");
	if (!g->xs)
		abort();
	g->port = xenstore_port(g->xs);
	g->next_req = 100;
}

void xsg_free(struct xsg *g)
{
	xenstore_destroy(g->xs);
	fake_free(&g->f);
}

uint32_t xsg_put(struct xsg *g, const void *data, uint32_t len)
{
	struct xenstore_domain_interface *r = g->ring;
	uint32_t cons = __atomic_load_n(&r->req_cons, __ATOMIC_ACQUIRE);
	uint32_t prod = r->req_prod, room, i;

	room = XENSTORE_RING_SIZE - (prod - cons);
	if (len > room)
		len = room;
	for (i = 0; i < len; i++)
		r->req[MASK_XENSTORE_IDX(prod + i)] = ((const char *)data)[i];
	__atomic_store_n(&r->req_prod, prod + len, __ATOMIC_RELEASE);
	return len;
}

void xsg_kick(struct xsg *g)
{
	struct evtchn_port_arg a = {g->port};

	memcpy(fake_mem(&g->f, XSG_BUF), &a, sizeof(a));
	if (fake_hcall(&g->f, __HYPERVISOR_event_channel_op, EVTCHNOP_send,
		       XSG_BUF))
		abort();
}

/* Takes what has come of the message in progress from rsp[]. */
static void take(struct xsg *g)
{
	struct xenstore_domain_interface *r = g->ring;
	uint32_t prod = __atomic_load_n(&r->rsp_prod, __ATOMIC_ACQUIRE);
	uint32_t cons = r->rsp_cons, need = sizeof(struct xsd_sockmsg);
	struct xsd_sockmsg h;

	for (;;) {
		if (g->rx_have >= sizeof(h)) {
			memcpy(&h, g->rx, sizeof(h));
			need = sizeof(h) + h.len;
		}
		if (g->rx_have == need || cons == prod)
			break;
		g->rx[g->rx_have++] = r->rsp[MASK_XENSTORE_IDX(cons++)];
	}
	__atomic_store_n(&r->rsp_cons, cons, __ATOMIC_RELEASE);
}

static void keep_event(struct xsg *g, const struct xsg_msg *m)
{
	const char *path = m->p, *token = m->p + strlen(m->p) + 1;

	if (g->nevents < XSG_MAX_EVENTS) {
		int n = snprintf(g->events[g->nevents], sizeof(g->events[0]),
				 "%s %s", path,
				 token < m->p + m->h.len ? token : "(none)");

		check(n > 0 && (size_t)n < sizeof(g->events[0]),
		      "a watch event of %d bytes fits the %zu kept", n,
		      sizeof(g->events[0]));
		g->nevents++;
	}
}

bool xsg_recv(struct xsg *g, struct xsg_msg *m)
{
	struct xsd_sockmsg h;

	take(g);
	if (g->rx_have < sizeof(h))
		return false;
	memcpy(&h, g->rx, sizeof(h));
	if (h.len > XENSTORE_PAYLOAD_MAX) {
		check(false, "the store sent a %u-byte payload", h.len);
		abort();
	}
	if (g->rx_have < sizeof(h) + h.len)
		take(g);
	if (g->rx_have < sizeof(h) + h.len)
		return false;
	memset(m, 0, sizeof(*m));
	memcpy(m, g->rx, sizeof(h) + h.len);
	g->rx_have = 0;
	if (h.type == XS_WATCH_EVENT)
		keep_event(g, m);
	return true;
}

uint32_t xsg_send(struct xsg *g, uint32_t type, uint32_t tx, const void *p,
		  uint32_t len)
{
	static uint8_t buf[sizeof(struct xsd_sockmsg) + 2 * PAGE_SIZE];
	struct xsd_sockmsg h = {type, g->next_req++, tx, len};
	uint32_t total = (uint32_t)sizeof(h) + len, sent = 0, tries;

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), p, len);
	for (tries = 0; sent < total && tries < 64; tries++) {
		sent += xsg_put(g, buf + sent, total - sent);
		xsg_kick(g);
	}
	return h.req_id;
}

bool xsg_call(struct xsg *g, uint32_t type, uint32_t tx, const void *p,
	      uint32_t len)
{
	uint32_t id = xsg_send(g, type, tx, p, len), tries;
	static struct xsg_msg m;

	for (tries = 0; tries < 64; tries++) {
		while (xsg_recv(g, &m)) {
			if (m.h.type != XS_WATCH_EVENT && m.h.req_id == id) {
				g->m = m;
				/* Events it fired right after (WATCH's). */
				while (xsg_recv(g, &m))
					;
				return true;
			}
		}
		xsg_kick(g);
	}
	memset(&g->m, 0, sizeof(g->m));
	return false;
}

bool xsg_is(const struct xsg *g, uint32_t type, const void *p, uint32_t len)
{
	return g->m.h.type == type && g->m.h.len == len &&
	       !memcmp(g->m.p, p, len);
}

bool xsg_err(const struct xsg *g, const char *name)
{
	return g->m.h.type == XS_ERROR && g->m.h.len == strlen(name) + 1 &&
	       !strcmp(g->m.p, name);
}

bool xsg_ok(const struct xsg *g)
{
	return g->m.h.type != XS_ERROR && g->m.h.len == 3 &&
	       !strcmp(g->m.p, "OK");
}

bool xsg_call1(struct xsg *g, uint32_t type, uint32_t tx, const char *arg)
{
	return xsg_call(g, type, tx, arg, (uint32_t)strlen(arg) + 1);
}

bool xsg_read_is(struct xsg *g, uint32_t tx, const char *path,
		 const char *value)
{
	return xsg_call1(g, XS_READ, tx, path) &&
	       xsg_is(g, XS_READ, value, (uint32_t)strlen(value));
}

bool xsg_read_err(struct xsg *g, uint32_t tx, const char *path,
		  const char *name)
{
	return xsg_call1(g, XS_READ, tx, path) && xsg_err(g, name);
}

bool xsg_write(struct xsg *g, uint32_t tx, const char *path, const char *value)
{
	static char buf[2 * PAGE_SIZE];
	size_t p = strlen(path) + 1, v = strlen(value);

	memcpy(buf, path, p);
	memcpy(buf + p, value, v);
	return xsg_call(g, XS_WRITE, tx, buf, (uint32_t)(p + v)) && xsg_ok(g);
}

uint32_t xsg_tx_start(struct xsg *g)
{
	if (!xsg_call(g, XS_TRANSACTION_START, 0, S("")) ||
	    g->m.h.type != XS_TRANSACTION_START)
		return 0;
	return (uint32_t)strtoul(g->m.p, NULL, 10);
}

bool xsg_tx_end(struct xsg *g, uint32_t tx, bool commit)
{
	return xsg_call1(g, XS_TRANSACTION_END, tx, commit ? "T" : "F");
}

bool xsg_watch(struct xsg *g, uint32_t type, const char *path,
	       const char *token)
{
	char buf[256];
	size_t p = strlen(path) + 1, t = strlen(token) + 1;

	memcpy(buf, path, p);
	memcpy(buf + p, token, t);
	return xsg_call(g, type, 0, buf, (uint32_t)(p + t));
}

bool xsg_event(const struct xsg *g, const char *path, const char *token)
{
	char want[200];
	unsigned i;

	snprintf(want, sizeof(want), "%s %s", path, token);
	for (i = 0; i < g->nevents; i++)
		if (!strcmp(g->events[i], want))
			return true;
	return false;
}

void xsg_events_clear(struct xsg *g)
{
	g->nevents = 0;
}

bool xsg_notified(struct xsg *g)
{
	uint8_t *bits = fake_mem(&g->f, XSG_SHINFO) +
			XEN_SHINFO64_EVTCHN_PENDING + g->port / 8;
	uint8_t bit = (uint8_t)(1u << (g->port % 8));
	bool was = *bits & bit;

	*bits &= (uint8_t)~bit;
	return was;
}

void xsg_capture_begin(struct xsg_capture *c)
{
	fflush(stderr);
	c->file = tmpfile();
	c->saved = dup(2);
	if (!c->file || c->saved < 0)
		abort();
	dup2(fileno(c->file), 2);
}

const char *xsg_capture_end(struct xsg_capture *c)
{
	size_t n;

	fflush(stderr);
	dup2(c->saved, 2);
	close(c->saved);
	rewind(c->file);
	n = fread(c->text, 1, sizeof(c->text) - 1, c->file);
	c->text[n] = '\0';
	fclose(c->file);
	return c->text;
}
