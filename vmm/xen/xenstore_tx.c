/*
 * XenStore's transactions.
 *
 * A transaction works on a private copy of the tree, taken when it
 * starts (xenstore.txt: "whole db is copied"), and notes every path it
 * reads or changes with the generation that path had then. It commits
 * only if none of those paths has changed since: else EAGAIN, and the
 * guest retries, as Linux and libxl do. Committing copies the changed
 * paths' nodes from the private tree into the live one, parents first,
 * and only then fires the watches its changes held back ("Changes made
 * in transactions cause an event only if and when committed"). Stricter
 * than xenstored, a path only written conflicts too: a commit never
 * overwrites a change it did not see.
 */
#include <stdlib.h>
#include <string.h>

#include "xen/xenstore_impl.h"

/* ---- Transactions -------------------------------------------------------- */

struct xs_tx *xs_tx_find(struct xenstore *xs, uint32_t id)
{
	struct xs_tx *tx;

	for (tx = xs->txs; tx; tx = tx->next)
		if (tx->id == id)
			return tx;
	return NULL;
}

int xs_tx_start(struct xenstore *xs, uint32_t *id)
{
	struct xs_tx *tx;

	if (xs->ntx >= XS_MAX_TX)
		return ENOSPC;
	tx = calloc(1, sizeof(*tx));
	if (!tx || xs_tree_copy(&tx->tree, &xs->tree)) {
		free(tx);
		return ENOMEM;
	}
	tx->base_nodes = tx->tree.nodes;
	tx->base_bytes = tx->tree.bytes;
	/* 0 means "no transaction" on the wire: never an id. */
	do
		tx->id = xs->next_tx++;
	while (!tx->id || xs_tx_find(xs, tx->id));
	tx->next = xs->txs;
	xs->txs = tx;
	xs->ntx++;
	*id = tx->id;
	return 0;
}

void xs_tx_free(struct xenstore *xs, struct xs_tx *tx)
{
	struct xs_tx **link;
	unsigned i;

	for (link = &xs->txs; *link; link = &(*link)->next) {
		if (*link == tx) {
			*link = tx->next;
			xs->ntx--;
			break;
		}
	}
	for (i = 0; i < tx->ntouched; i++)
		free(tx->touched[i].path);
	free(tx->touched);
	xs_tree_free(&tx->tree);
	free(tx);
}

static struct xs_touch *touch_find(struct xs_tx *tx, const char *path)
{
	unsigned i;

	for (i = 0; i < tx->ntouched; i++)
		if (!strcmp(tx->touched[i].path, path))
			return &tx->touched[i];
	return NULL;
}

/* A new entry for path, with its generation in the private tree. */
static struct xs_touch *touch_add(struct xs_tx *tx, const char *path)
{
	size_t len = strlen(path) + 1;
	struct xs_touch *t;
	struct xs_node *n;

	if (tx->ntouched >= XS_MAX_TX_PATHS ||
	    tx->touched_bytes + len > XS_MAX_TX_BYTES)
		return NULL;
	if (tx->ntouched == tx->room) {
		unsigned room = tx->room ? 2 * tx->room : 8;

		t = realloc(tx->touched, room * sizeof(*t));
		if (!t)
			return NULL;
		tx->touched = t;
		tx->room = room;
	}
	t = &tx->touched[tx->ntouched];
	*t = (struct xs_touch){.path = strdup(path)};
	if (!t->path)
		return NULL;
	/* Untouched until now, so the private node is as it was then. */
	n = xs_lookup(&tx->tree, path);
	t->gen = n ? n->gen : 0;
	tx->ntouched++;
	tx->touched_bytes += len;
	return t;
}

int xs_touch(struct xs_req *r, const char *path, bool modify)
{
	struct xs_touch *t;

	if (!r->tx)
		return 0;
	t = touch_find(r->tx, path);
	if (!t && !(t = touch_add(r->tx, path)))
		return ENOSPC;
	t->modified |= modify;
	return 0;
}

int xs_touch_chain(struct xs_req *r, const char *path)
{
	char buf[XS_PATH_BUF];
	char *slash;
	int err;

	if (!r->tx)
		return 0;
	strcpy(buf, path);
	for (;;) {
		err = xs_touch(r, buf, true);
		if (err || xs_lookup(r->tree, buf))
			return err;
		slash = strrchr(buf, '/');
		slash[slash == buf] = '\0'; /* the parent; / stays / */
	}
}

int xs_touch_subtree(struct xs_req *r, const struct xs_node *top)
{
	char path[XS_PATH_BUF];
	const struct xs_node *n;
	int err = 0;

	if (!r->tx)
		return 0;
	for (n = top; n && !err; n = xs_walk_next(n, top)) {
		xs_node_path(n, path);
		err = xs_touch(r, path, true);
	}
	if (!err && top->parent) {
		xs_node_path(top->parent, path);
		err = xs_touch(r, path, true);
	}
	return err;
}

/* Has any path tx touched changed in the live tree since it began? */
static bool tx_conflicts(struct xenstore *xs, const struct xs_tx *tx)
{
	const struct xs_node *n;
	unsigned i;

	for (i = 0; i < tx->ntouched; i++) {
		n = xs_lookup(&xs->tree, tx->touched[i].path);
		if ((n ? n->gen : 0) != tx->touched[i].gen)
			return true;
	}
	return false;
}

/* The private node at t's path into the live tree, made if missing. */
static int tx_copy_in(struct xenstore *xs, const struct xs_node *src,
		      const char *path)
{
	struct xs_node *dst = xs_lookup(&xs->tree, path);
	int err = 0;

	if (!dst)
		err = xs_mkpath(&xs->tree, path, XS_PRIVILEGED, false, 0, &dst);
	if (!err)
		err = xs_set_value(&xs->tree, dst, src->value, src->len, false);
	if (err)
		return err;
	dst->nperms = src->nperms;
	memcpy(dst->perms, src->perms, sizeof(dst->perms));
	return 0;
}

/* Changed paths by depth, parents first; in touch order within one. */
struct tx_step {
	unsigned depth, i;
};

static int by_depth(const void *a, const void *b)
{
	const struct tx_step *x = a, *y = b;

	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Removals first (nothing private lives under them), then the rest. */
static int tx_apply(struct xenstore *xs, struct xs_tx *tx)
{
	struct tx_step *steps = calloc(tx->ntouched + 1, sizeof(*steps));
	const struct xs_node *src;
	struct xs_node *dst;
	unsigned i, n = 0;
	int err = 0;

	if (!steps)
		return ENOMEM;
	for (i = 0; i < tx->ntouched; i++) {
		const char *path = tx->touched[i].path, *c;

		if (!tx->touched[i].modified)
			continue;
		if (xs_lookup(&tx->tree, path)) {
			steps[n] = (struct tx_step){0, i};
			for (c = path; *c; c++)
				steps[n].depth += *c == '/';
			n++;
		} else if ((dst = xs_lookup(&xs->tree, path))) {
			xs_remove(&xs->tree, dst);
		}
	}
	qsort(steps, n, sizeof(*steps), by_depth);
	for (i = 0; i < n && !err; i++) {
		src = xs_lookup(&tx->tree, tx->touched[steps[i].i].path);
		err = tx_copy_in(xs, src, tx->touched[steps[i].i].path);
	}
	free(steps);
	return err;
}

/* Growth the commit would bring beyond a limit: ENOSPC, ENOMEM, or 0. */
static int tx_over_limits(struct xenstore *xs, const struct xs_tx *tx)
{
	long nodes = (long)tx->tree.nodes - (long)tx->base_nodes;
	long bytes = (long)tx->tree.bytes - (long)tx->base_bytes;

	if (nodes > 0 && xs->tree.nodes + (unsigned long)nodes > XS_MAX_NODES)
		return ENOSPC;
	if (bytes > 0 && xs->tree.bytes + (unsigned long)bytes > XS_MAX_BYTES)
		return ENOMEM;
	return 0;
}

int xs_tx_commit(struct xenstore *xs, struct xs_tx *tx)
{
	unsigned i;
	int err;

	if (tx_conflicts(xs, tx))
		return EAGAIN;
	err = tx_over_limits(xs, tx);
	/* Only a failed allocation stops it half way: the tree stays whole. */
	if (!err)
		err = tx_apply(xs, tx);
	for (i = 0; i < tx->ntouched && !err; i++)
		if (tx->touched[i].fire)
			xs_fire_now(xs, tx->touched[i].path,
				    tx->touched[i].fire, NULL);
	return err;
}

void xs_fire(struct xs_req *r, const char *path, int match,
	     const struct xs_node *old)
{
	struct xs_touch *t;

	if (!r->tx) {
		xs_fire_now(r->xs, path, match, old);
		return;
	}
	/* Touched before the change; the stronger match wins. */
	t = touch_find(r->tx, path);
	if (t && t->fire < match)
		t->fire = (uint8_t)match;
}
