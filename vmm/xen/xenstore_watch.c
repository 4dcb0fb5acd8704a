/*
 * XenStore's watches, all the one guest's. A change fires each watch on
 * its path or a parent of it (XS_FIRE_SUBTREE; a node removed with its
 * parent fires only the watches on itself, XS_FIRE_EXACT), but only if
 * the guest may read the node or its parent (xenstored's
 * watch_permitted), so watches do not tell what the guest cannot read.
 * A new watch fires once at once, as xenstored's do.
 */
#include <stdlib.h>
#include <string.h>

#include "xen/xenstore_impl.h"

/* Does an event on path, matched as `match`, reach a watch on wpath? */
static bool matches(const char *wpath, const char *path, int match)
{
	size_t n = strlen(wpath);

	if (match == XS_FIRE_EXACT)
		return !strcmp(wpath, path);
	if (!strcmp(wpath, "/"))
		return path[0] == '/';
	return !strncmp(path, wpath, n) && (path[n] == '\0' || path[n] == '/');
}

/*
 * May the guest hear of a change at path? If it may read the node (as
 * it was: old, or as it is) or its parent; for a node gone, its nearest
 * parent left.
 */
static bool visible(struct xenstore *xs, const char *path,
		    const struct xs_node *old)
{
	const struct xs_node *n = xs_lookup(&xs->tree, path);
	int dom = (int)xs->domid;

	if (old && (xs_access(old, dom) & XS_ACC_READ))
		return true;
	if (n && (xs_access(n, dom) & XS_ACC_READ))
		return true;
	n = n ? n->parent : xs_nearest(&xs->tree, path);
	return n && (xs_access(n, dom) & XS_ACC_READ);
}

/* Queues one event for w; path is absolute, or w's own. */
static void send_event(struct xenstore *xs, const struct xs_watch *w,
		       const char *path)
{
	size_t skip = strlen(xs->dompath) + 1;
	size_t plen, tlen = strlen(w->token) + 1;
	char *buf;

	if (w->relative && !strncmp(path, xs->dompath, skip - 1) &&
	    path[skip - 1] == '/')
		path += skip;
	plen = strlen(path) + 1;
	/* An event too long for the wire is not sent (xenstored). */
	if (plen + tlen > XENSTORE_PAYLOAD_MAX)
		return;
	buf = malloc(plen + tlen);
	if (!buf)
		return;
	memcpy(buf, path, plen);
	memcpy(buf + plen, w->token, tlen);
	xs_queue(xs, XS_WATCH_EVENT, 0, 0, buf, (uint32_t)(plen + tlen));
	free(buf);
}

void xs_fire_now(struct xenstore *xs, const char *path, int match,
		 const struct xs_node *old)
{
	struct xs_watch *w;
	int seen = -1; /* not yet asked */

	for (w = xs->watches; w; w = w->next) {
		if (!matches(w->path, path, match))
			continue;
		if (seen < 0)
			seen = visible(xs, path, old);
		if (seen)
			send_event(xs, w, path);
	}
}

void xs_watch_fire_once(struct xenstore *xs, const struct xs_watch *w)
{
	send_event(xs, w, w->path);
}

int xs_watch_add(struct xenstore *xs, const char *path, bool relative,
		 const char *token, struct xs_watch **out)
{
	struct xs_watch *w, **end;

	for (w = xs->watches; w; w = w->next)
		if (!strcmp(w->path, path) && !strcmp(w->token, token))
			return EEXIST;
	if (xs->nwatches >= XS_MAX_WATCHES)
		return ENOSPC;
	w = calloc(1, sizeof(*w));
	if (!w || !(w->path = strdup(path)) || !(w->token = strdup(token))) {
		if (w)
			free(w->path);
		free(w);
		return ENOMEM;
	}
	w->relative = relative;
	/* At the end: events go out in the order the watches were set. */
	for (end = &xs->watches; *end; end = &(*end)->next)
		;
	*end = w;
	xs->nwatches++;
	*out = w;
	return 0;
}

static void watch_free(struct xs_watch *w)
{
	free(w->path);
	free(w->token);
	free(w);
}

int xs_watch_del(struct xenstore *xs, const char *path, const char *token)
{
	struct xs_watch **link, *w;

	for (link = &xs->watches; (w = *link); link = &w->next) {
		if (!strcmp(w->path, path) && !strcmp(w->token, token)) {
			*link = w->next;
			watch_free(w);
			xs->nwatches--;
			return 0;
		}
	}
	return ENOENT;
}

void xs_reset(struct xenstore *xs)
{
	struct xs_watch *w;

	while ((w = xs->watches)) {
		xs->watches = w->next;
		watch_free(w);
	}
	xs->nwatches = 0;
	while (xs->txs)
		xs_tx_free(xs, xs->txs);
}
