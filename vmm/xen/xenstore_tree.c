/*
 * XenStore's tree: nodes with a value, permissions and a generation,
 * found by path; paths checked and made absolute as xenstored does
 * (tools/xenstored/core.c, canonicalize); who may do what to a node.
 *
 * Every walk is a loop, never recursion: a guest can make a chain of a
 * thousand nodes, deeper than a vCPU thread's stack would like.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xen/xenstore_impl.h"

/* The characters xenstored allows in a path. */
static const char path_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				 "abcdefghijklmnopqrstuvwxyz"
				 "0123456789-/_@";

/* ---- Paths ------------------------------------------------------------- */

bool xs_is_relative(const char *in)
{
	return in[0] != '/' && in[0] != '@';
}

/*
 * Where the part of path below /local/domain/<id>/ begins, else 0: the
 * guest's length limit counts from there, so a domain's own depth in
 * the tree costs it nothing.
 */
static size_t below_domain(const char *path)
{
	static const char local[] = "/local/domain/";
	size_t start = sizeof(local) - 1, i = start;

	if (strncmp(path, local, start))
		return 0;
	while (i < start + 5 && path[i] >= '0' && path[i] <= '9')
		i++;
	return i > start && path[i] == '/' ? i + 1 : 0;
}

int xs_canon(const struct xenstore *xs, int dom, const char *in, bool special,
	     char *out)
{
	size_t n = strlen(in);
	int len;

	if (!n || strspn(in, path_chars) != n || (in[0] == '@' && !special))
		return EINVAL;
	if (xs_is_relative(in))
		len = snprintf(out, XS_PATH_BUF, "%s/%s", xs->dompath, in);
	else
		len = snprintf(out, XS_PATH_BUF, "%s", in);
	if (len < 0 || len >= XS_PATH_BUF)
		return EINVAL;
	if ((len > 1 && out[len - 1] == '/') || strstr(out, "//"))
		return EINVAL;
	if (dom != XS_PRIVILEGED &&
	    (size_t)len - below_domain(out) >= XENSTORE_REL_PATH_MAX)
		return EINVAL;
	return 0;
}

/* ---- Nodes ----------------------------------------------------------- */

void xs_changed(struct xs_tree *t, struct xs_node *n)
{
	n->gen = ++*t->clock;
}

unsigned xs_access(const struct xs_node *n, int dom)
{
	const unsigned all = XS_ACC_READ | XS_ACC_WRITE | XS_ACC_OWNER;
	unsigned i;

	if (dom == XS_PRIVILEGED || n->perms[0].dom == dom)
		return all;
	for (i = 1; i < n->nperms; i++)
		if (n->perms[i].dom == dom)
			return n->perms[i].access;
	return n->perms[0].access;
}

/* A new last child of parent (or a root), counted in t; NULL: no memory. */
static struct xs_node *node_new(struct xs_tree *t, struct xs_node *parent,
				const char *name, size_t len)
{
	struct xs_node *n = calloc(1, sizeof(*n)), **end;

	if (!n || !(n->name = strndup(name, len))) {
		free(n);
		return NULL;
	}
	n->parent = parent;
	if (parent) {
		for (end = &parent->child; *end; end = &(*end)->next)
			;
		*end = n;
	}
	t->nodes++;
	t->bytes += len + 1;
	return n;
}

static void node_free(struct xs_tree *t, struct xs_node *n)
{
	t->nodes--;
	t->bytes -= strlen(n->name) + 1 + n->len;
	free(n->name);
	free(n->value);
	free(n);
}

/* Frees top and everything under it; top is already unlinked. */
static void free_subtree(struct xs_tree *t, struct xs_node *top)
{
	struct xs_node *n = top, *up;

	while (n) {
		if (n->child) {
			n = n->child;
			continue;
		}
		/* A leaf: always its parent's first child by now. */
		up = n == top ? NULL : n->parent;
		if (up)
			up->child = n->next;
		node_free(t, n);
		n = up;
	}
}

struct xs_node *xs_walk_next(const struct xs_node *n, const struct xs_node *top)
{
	if (n->child)
		return n->child;
	for (; n != top; n = n->parent)
		if (n->next)
			return n->next;
	return NULL;
}

void xs_node_path(const struct xs_node *n, char *buf)
{
	const struct xs_node *p;
	size_t len = 0, l;

	for (p = n; p->parent; p = p->parent)
		len += strlen(p->name) + 1;
	/* Nodes are made from checked paths: they always fit. */
	if (!len || len >= XS_PATH_BUF) {
		strcpy(buf, "/");
		return;
	}
	buf[len] = '\0';
	for (p = n; p->parent; p = p->parent) {
		l = strlen(p->name);
		len -= l;
		memcpy(buf + len, p->name, l);
		buf[--len] = '/';
	}
}

/* ---- Lookups ---------------------------------------------------------- */

static struct xs_node *child_named(const struct xs_node *n, const char *name,
				   size_t len)
{
	struct xs_node *c;

	for (c = n->child; c; c = c->next)
		if (!strncmp(c->name, name, len) && !c->name[len])
			return c;
	return NULL;
}

/*
 * Follows an absolute path as far as it exists: the last node reached;
 * *rest is where the missing part begins, or NULL if none is missing.
 */
static struct xs_node *descend(const struct xs_tree *t, const char *path,
			       const char **rest)
{
	struct xs_node *n = t->root, *c;
	const char *p = path + 1;
	size_t len;

	while (*p) {
		len = strcspn(p, "/");
		c = child_named(n, p, len);
		if (!c) {
			*rest = p;
			return n;
		}
		n = c;
		p += len;
		if (*p == '/')
			p++;
	}
	*rest = NULL;
	return n;
}

struct xs_node *xs_lookup(const struct xs_tree *t, const char *path)
{
	const char *rest;
	struct xs_node *n;

	if (path[0] != '/')
		return NULL; /* a special @ path: never a node */
	n = descend(t, path, &rest);
	return rest ? NULL : n;
}

struct xs_node *xs_nearest(const struct xs_tree *t, const char *path)
{
	const char *rest;

	return path[0] == '/' ? descend(t, path, &rest) : t->root;
}

/* ---- Changes ------------------------------------------------------------ */

/* The next part of a path at p (its length in *len), or NULL at the end. */
static const char *next_part(const char *p, size_t *len)
{
	if (!p || !*p)
		return NULL;
	*len = strcspn(p, "/");
	return p;
}

static const char *after_part(const char *p, size_t len)
{
	return p[len] == '/' ? p + len + 1 : p + len;
}

int xs_mkpath(struct xs_tree *t, const char *path, int owner, bool limited,
	      size_t extra, struct xs_node **out)
{
	const char *rest, *p;
	struct xs_node *n = descend(t, path, &rest);
	unsigned count = 0;
	size_t len, bytes = extra;

	for (p = rest; next_part(p, &len); p = after_part(p, len)) {
		count++;
		bytes += len + 1;
	}
	if (limited && t->nodes + count > XS_MAX_NODES)
		return ENOSPC;
	if (limited && t->bytes + bytes > XS_MAX_BYTES)
		return ENOMEM;
	for (p = rest; next_part(p, &len); p = after_part(p, len)) {
		struct xs_node *parent = n;

		n = node_new(t, parent, p, len);
		if (!n)
			return ENOMEM;
		/* Inherited; a guest owns what it makes (xenstored). */
		n->nperms = parent->nperms;
		memcpy(n->perms, parent->perms, sizeof(n->perms));
		if (owner != XS_PRIVILEGED)
			n->perms[0].dom = (uint16_t)owner;
		xs_changed(t, parent);
		xs_changed(t, n);
	}
	*out = n;
	return 0;
}

int xs_set_value(struct xs_tree *t, struct xs_node *n, const void *value,
		 uint32_t len, bool limited)
{
	char *copy = NULL;

	if (limited && len > XS_MAX_VALUE)
		return ENOSPC;
	if (limited && t->bytes - n->len + len > XS_MAX_BYTES)
		return ENOMEM;
	if (len && !(copy = malloc(len)))
		return ENOMEM;
	if (len)
		memcpy(copy, value, len);
	free(n->value);
	t->bytes = t->bytes - n->len + len;
	n->value = copy;
	n->len = len;
	xs_changed(t, n);
	return 0;
}

void xs_remove(struct xs_tree *t, struct xs_node *n)
{
	struct xs_node **link;

	if (!n->parent)
		return;
	for (link = &n->parent->child; *link != n; link = &(*link)->next)
		;
	*link = n->next;
	xs_changed(t, n->parent);
	n->next = NULL;
	free_subtree(t, n);
}

/* ---- Whole trees -------------------------------------------------------- */

int xs_tree_init(struct xs_tree *t, uint64_t *clock)
{
	*t = (struct xs_tree){.clock = clock};
	t->root = node_new(t, NULL, "", 0);
	if (!t->root)
		return ENOMEM;
	/* Owned by the toolstack, closed to everyone else (xenstored). */
	t->root->nperms = 1;
	t->root->perms[0] = (struct xs_perm){0, XS_ACC_NONE};
	xs_changed(t, t->root);
	return 0;
}

void xs_tree_free(struct xs_tree *t)
{
	if (t->root)
		free_subtree(t, t->root);
	t->root = NULL;
}

/* A copy of s as the last child of parent (NULL: the root) in t. */
static struct xs_node *copy_node(struct xs_tree *t, struct xs_node *parent,
				 const struct xs_node *s)
{
	struct xs_node *n = node_new(t, parent, s->name, strlen(s->name));

	if (!n || xs_set_value(t, n, s->value, s->len, false)) {
		if (n && parent)
			xs_remove(t, n);
		else if (n)
			node_free(t, n);
		return NULL;
	}
	n->nperms = s->nperms;
	memcpy(n->perms, s->perms, sizeof(n->perms));
	n->gen = s->gen;
	return n;
}

int xs_tree_copy(struct xs_tree *dst, const struct xs_tree *src)
{
	const struct xs_node *s = src->root;
	struct xs_node *d;

	*dst = (struct xs_tree){.clock = src->clock};
	d = dst->root = copy_node(dst, NULL, s);
	/* A walk of src, with d the copy of s at each step. */
	while (d) {
		if (s->child) {
			s = s->child;
			d = copy_node(dst, d, s);
			continue;
		}
		while (s != src->root && !s->next) {
			s = s->parent;
			d = d->parent;
		}
		if (s == src->root)
			return 0;
		s = s->next;
		d = copy_node(dst, d->parent, s);
	}
	xs_tree_free(dst);
	return ENOMEM;
}
