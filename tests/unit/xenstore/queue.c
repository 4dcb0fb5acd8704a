/*
 * test_xenstore: a guest that reads no replies (the queue's bound, and
 * events dropped or merged), requests of random junk, and the monitor
 * calling in from other threads while the guest talks.
 */
#include <pthread.h>

#include "guest.h"

/* READ data/q requests while the ring takes them: how many went. */
static unsigned send_unread(struct xsg *g)
{
	struct xenstore_domain_interface *r = g->ring;
	struct xsd_sockmsg h = {XS_READ, 0, 0, sizeof("data/q")};
	unsigned sent = 0, tries;

	for (tries = 0; tries < 500; tries++) {
		if (XENSTORE_RING_SIZE - (r->req_prod - r->req_cons) <
		    sizeof(h) + h.len) {
			xsg_kick(g);
			if (XENSTORE_RING_SIZE - (r->req_prod - r->req_cons) <
			    sizeof(h) + h.len)
				break; /* the server takes no more */
			continue;
		}
		h.req_id = 1000 + sent++;
		xsg_put(g, &h, sizeof(h));
		xsg_put(g, "data/q", sizeof("data/q"));
		xsg_kick(g);
	}
	return sent;
}

/* Reads until `replies` READ replies came: how many were right. */
static unsigned drain(struct xsg *g, unsigned replies)
{
	unsigned got = 0, good = 0, tries;
	struct xsg_msg m;

	for (tries = 0; got < replies && tries < 10000; tries++) {
		while (xsg_recv(g, &m)) {
			if (m.h.type != XS_READ)
				continue;
			good += m.h.req_id == 1000 + got &&
				m.h.len == XS_MAX_VALUE;
			got++;
		}
		xsg_kick(g);
	}
	return good;
}

void test_xs_queue(void)
{
	static char value[XS_MAX_VALUE + 1];
	unsigned sent, i;
	size_t before;
	struct xsg g;

	xsg_init(&g, 1);
	memset(value, 'q', XS_MAX_VALUE);
	xsg_write(&g, 0, "data/q", value);
	xsg_watch(&g, XS_WATCH, "data", "w");
	sent = send_unread(&g);
	check(g.xs->queued >= XS_MAX_QUEUED &&
		      g.ring->req_prod != g.ring->req_cons,
	      "a guest that reads no reply: requests wait in the ring once "
	      "%d KiB of replies do (%u sent)",
	      XS_MAX_QUEUED >> 10, sent);
	before = g.xs->queued;
	xenstore_write(g.xs, "data/e", "1");
	check(g.xs->queued == before, "... and watch events are dropped");
	xsg_events_clear(&g);
	check(drain(&g, sent) == sent && g.xs->queued == 0,
	      "once it reads, every reply comes, whole and in order");
	xsg_events_clear(&g);
	xsg_send(&g, XS_READ, 0, S("data/q"));
	for (i = 0; i < 3; i++)
		xenstore_write(g.xs, "data/e", "2");
	xenstore_write(g.xs, "data/f", "2");
	drain(&g, 1);
	check(g.nevents == 2 && xsg_event(&g, "data/e", "w") &&
		      xsg_event(&g, "data/f", "w"),
	      "an event identical to one still waiting is not queued twice");
	xsg_free(&g);
}

static uint32_t next_random(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

void test_xs_junk(void)
{
	static const char bytes[] = "ab/@-_TF019. \0\xff";
	unsigned i, j, answered = 0, n = 3000;
	uint32_t seed = 12345, type, len, tx;
	char p[96];
	struct xsg g;

	xsg_init(&g, 1);
	for (i = 0; i < n; i++) {
		type = next_random(&seed) % (XS_TYPE_COUNT + 2);
		len = next_random(&seed) % sizeof(p);
		for (j = 0; j < len; j++)
			p[j] = bytes[next_random(&seed) % (sizeof(bytes) - 1)];
		tx = next_random(&seed) % 4 ? 0 : next_random(&seed) % 4;
		answered += xsg_call(&g, type, tx, p, len) &&
			    (g.m.h.type == type || g.m.h.type == XS_ERROR);
	}
	check(answered == n, "%u requests of random junk: each answered once",
	      answered);
	check(!g.xs->broken && xsg_read_is(&g, 0, "domid", "1") &&
		      g.xs->tree.nodes <= XS_MAX_NODES,
	      "the store still answers, within its limits");
	xsg_free(&g);
}

struct writer {
	struct xsg *g;
	unsigned id, good;
};

/* The monitor writing and reading back its own key, on its own thread. */
static void *writer(void *arg)
{
	struct writer *w = arg;
	char path[32], value[16], buf[16];
	unsigned i;

	snprintf(path, sizeof(path), "data/w%u", w->id);
	for (i = 0; i < 300; i++) {
		snprintf(value, sizeof(value), "%u", i);
		w->good += !xenstore_write(w->g->xs, path, value) &&
			   xenstore_read(w->g->xs, path, buf, sizeof(buf)) ==
				   (int)strlen(value) &&
			   !strcmp(buf, value);
	}
	return NULL;
}

void test_xs_threads(void)
{
	struct writer w[2];
	pthread_t t[2];
	unsigned i, good = 0;
	char value[16];
	struct xsg g;

	xsg_init(&g, 1);
	xsg_watch(&g, XS_WATCH, "data", "w");
	for (i = 0; i < 2; i++) {
		w[i] = (struct writer){&g, i, 0};
		pthread_create(&t[i], NULL, writer, &w[i]);
	}
	for (i = 0; i < 300; i++) {
		snprintf(value, sizeof(value), "%u", i);
		good += xsg_write(&g, 0, "data/guest", value) &&
			xsg_read_is(&g, 0, "data/guest", value);
	}
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	check(good == 300 && w[0].good == 300 && w[1].good == 300,
	      "the guest and two monitor threads at once: all answered");
	check(xsg_read_is(&g, 0, "data/w0", "299") &&
		      xsg_read_is(&g, 0, "data/w1", "299"),
	      "... and the last writes are in");
	xsg_free(&g);
}
