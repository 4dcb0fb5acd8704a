/*
 * XenStore's requests on nodes (READ, DIRECTORY, DIRECTORY_PART,
 * GET_PERMS, WRITE, MKDIR, RM, SET_PERMS), one function each, answered
 * as Xen's xenstored answers an unprivileged domain: docs/misc/
 * xenstore.txt for the payloads, tools/xenstored/core.c for the errors.
 *
 * A handler gets the payload (len bytes, with a NUL one byte past them
 * for safety) and returns 0 with its reply in r->out, or the errno to
 * send back by name. A payload is read only within len: the strings it
 * should hold are found with memchr first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xen/xenstore_impl.h"

/* ---- Payloads and replies ---------------------------------------------- */

/* How many NUL-ended strings p holds (bytes after the last are not one). */
unsigned xs_strings(const char *p, uint32_t len, const char **s, unsigned max)
{
	const char *nul;
	uint32_t off = 0;
	unsigned n = 0;

	while (off < len && (nul = memchr(p + off, 0, len - off))) {
		if (n < max)
			s[n] = p + off;
		n++;
		off = (uint32_t)(nul - p) + 1;
	}
	return n;
}

/* The one string a payload must be, and nothing after it: or NULL. */
const char *xs_one_arg(const char *p, uint32_t len)
{
	const char *s;

	return xs_strings(p, len, &s, 1) == 1 && !p[len - 1] ? s : NULL;
}

/* A path argument, absolute in path; read (touched) in a transaction. */
static int one_path(struct xs_req *r, const char *p, uint32_t len, char *path)
{
	const char *s = xs_one_arg(p, len);
	int err = s ? xs_canon(r->xs, r->dom, s, false, path) : EINVAL;

	return err ? err : xs_touch(r, path, false);
}

int xs_reply(struct xs_req *r, const void *data, size_t len)
{
	if (len > XENSTORE_PAYLOAD_MAX)
		return E2BIG; /* xenstored: no reply is longer */
	if (len)
		memcpy(r->out, data, len);
	r->out_len = (uint32_t)len;
	return 0;
}

int xs_ok(struct xs_req *r)
{
	return xs_reply(r, "OK", 3);
}

/* Adds len bytes to the reply, if the wire allows. */
static int append(struct xs_req *r, const char *s, size_t len)
{
	if (r->out_len + len > XENSTORE_PAYLOAD_MAX)
		return E2BIG;
	memcpy(r->out + r->out_len, s, len);
	r->out_len += (uint32_t)len;
	return 0;
}

/* A decimal number up to max, digits only. */
int xs_parse_num(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return EINVAL;
	*v = strtoul(s, &end, 10);
	return *end || *v > max ? EINVAL : 0;
}

/* The parent of an absolute path, into buf (XS_PATH_BUF bytes). */
static void parent_of(const char *path, char *buf)
{
	char *slash;

	strcpy(buf, path);
	slash = strrchr(buf, '/');
	slash[slash == buf] = '\0';
}

struct xs_node *xs_get(struct xs_req *r, const char *path, unsigned want,
		       int *err)
{
	struct xs_node *n = xs_lookup(r->tree, path);

	if (n && (xs_access(n, r->dom) & want) == want)
		return n;
	/*
	 * Missing: ENOENT only if the nearest parent would allow it, so a
	 * guest learns nothing of what it may not see (errno_from_parents).
	 */
	if (n || !(xs_access(xs_nearest(r->tree, path), r->dom) & want))
		*err = EACCES;
	else
		*err = ENOENT;
	return NULL;
}

/* ---- Reading ----------------------------------------------------------- */

int xs_op_read(struct xs_req *r, const char *p, uint32_t len)
{
	char path[XS_PATH_BUF];
	struct xs_node *n;
	int err = one_path(r, p, len, path);

	if (err || !(n = xs_get(r, path, XS_ACC_READ, &err)))
		return err;
	return xs_reply(r, n->value, n->len);
}

int xs_op_directory(struct xs_req *r, const char *p, uint32_t len)
{
	char path[XS_PATH_BUF];
	struct xs_node *n, *c;
	int err = one_path(r, p, len, path);

	if (err || !(n = xs_get(r, path, XS_ACC_READ, &err)))
		return err;
	r->out_len = 0;
	for (c = n->child; c && !err; c = c->next)
		err = append(r, c->name, strlen(c->name) + 1);
	return err;
}

/*
 * <path>|<offset>|: the node's generation, then its children's names
 * from byte `offset` of the whole list, as many whole ones as fit, and
 * an empty name once the list is done.
 */
int xs_op_directory_part(struct xs_req *r, const char *p, uint32_t len)
{
	char path[XS_PATH_BUF], gen[24];
	unsigned long offset, at = 0;
	const char *s[2];
	struct xs_node *n, *c;
	size_t l;
	int err;

	if (xs_strings(p, len, s, 2) != 2 ||
	    xs_parse_num(s[1], XS_MAX_BYTES, &offset))
		return EINVAL;
	err = xs_canon(r->xs, r->dom, s[0], false, path);
	if (err || (err = xs_touch(r, path, false)) ||
	    !(n = xs_get(r, path, XS_ACC_READ, &err)))
		return err;
	snprintf(gen, sizeof(gen), "%llu", (unsigned long long)n->gen);
	r->out_len = 0;
	append(r, gen, strlen(gen) + 1);
	for (c = n->child; c; c = c->next, at += l) {
		l = strlen(c->name) + 1;
		if (at < offset)
			continue;
		if (r->out_len + l + 1 > XENSTORE_PAYLOAD_MAX)
			return 0; /* full: the rest in the next part */
		append(r, c->name, l);
	}
	return append(r, "", 1);
}

/* A permission entry on the wire: n, r, w or b, then the domain id. */
static const char perm_letters[] = "nrwb";

int xs_op_get_perms(struct xs_req *r, const char *p, uint32_t len)
{
	char path[XS_PATH_BUF], s[8];
	struct xs_node *n;
	unsigned i;
	int err;

	if (len && p[0] == '@') /* a special node: only dom0's */
		return r->dom == XS_PRIVILEGED ? ENOENT : EACCES;
	err = one_path(r, p, len, path);
	if (err || !(n = xs_get(r, path, XS_ACC_READ, &err)))
		return err;
	r->out_len = 0;
	for (i = 0; i < n->nperms && !err; i++) {
		snprintf(s, sizeof(s), "%c%u",
			 perm_letters[n->perms[i].access & 3], n->perms[i].dom);
		err = append(r, s, strlen(s) + 1);
	}
	return err;
}

/* ---- Writing ------------------------------------------------------------ */

int xs_do_write(struct xs_req *r, const char *in, const void *value,
		uint32_t len)
{
	bool limited = r->dom != XS_PRIVILEGED;
	char path[XS_PATH_BUF];
	struct xs_node *n;
	int err = xs_canon(r->xs, r->dom, in, false, path);

	if (err)
		return err;
	if (limited && len > XS_MAX_VALUE)
		return ENOSPC;
	n = xs_get(r, path, XS_ACC_WRITE, &err);
	if (!n && err != ENOENT)
		return err;
	err = xs_touch_chain(r, path);
	if (!err && !n)
		err = xs_mkpath(r->tree, path, r->dom, limited, len, &n);
	if (!err)
		err = xs_set_value(r->tree, n, value, len, limited);
	if (err)
		return err;
	xs_fire(r, path, XS_FIRE_SUBTREE, NULL);
	return xs_ok(r);
}

/* <path>|<value>: the value is every byte after the first NUL. */
int xs_op_write(struct xs_req *r, const char *p, uint32_t len)
{
	size_t plen = strnlen(p, len);

	if (plen == len)
		return EINVAL;
	return xs_do_write(r, p, p + plen + 1, len - (uint32_t)plen - 1);
}

int xs_op_mkdir(struct xs_req *r, const char *p, uint32_t len)
{
	char path[XS_PATH_BUF];
	struct xs_node *n;
	int err = one_path(r, p, len, path);

	if (err)
		return err;
	if (xs_get(r, path, XS_ACC_WRITE, &err))
		return xs_ok(r); /* there already: nothing changes */
	if (err != ENOENT)
		return err;
	err = xs_touch_chain(r, path);
	if (!err)
		err = xs_mkpath(r->tree, path, r->dom, r->dom != XS_PRIVILEGED,
				0, &n);
	if (err)
		return err;
	xs_fire(r, path, XS_FIRE_SUBTREE, NULL);
	return xs_ok(r);
}

/* Gone already is fine, if the parent is there (xenstore.txt). */
int xs_op_rm(struct xs_req *r, const char *p, uint32_t len)
{
	char path[XS_PATH_BUF], sub[XS_PATH_BUF];
	struct xs_node *n, *c;
	int err = one_path(r, p, len, path);

	if (err)
		return err;
	n = xs_get(r, path, XS_ACC_WRITE, &err);
	if (!n && err == ENOENT) {
		parent_of(path, sub);
		return xs_lookup(r->tree, sub) ? xs_ok(r) : ENOENT;
	}
	if (!n)
		return err;
	if (!n->parent)
		return EINVAL; /* not the root */
	err = xs_touch_subtree(r, n);
	if (err)
		return err;
	/* While the nodes are there to say who may hear of them. */
	for (c = n; c; c = xs_walk_next(c, n)) {
		xs_node_path(c, sub);
		xs_fire(r, sub, c == n ? XS_FIRE_SUBTREE : XS_FIRE_EXACT, NULL);
	}
	xs_remove(r->tree, n);
	return xs_ok(r);
}

static int parse_perm(const char *s, struct xs_perm *perm)
{
	const char *c = *s ? strchr(perm_letters, *s) : NULL;
	unsigned long dom;

	if (!c || xs_parse_num(s + 1, UINT16_MAX, &dom))
		return EINVAL;
	perm->access = (uint8_t)(c - perm_letters);
	perm->dom = (uint16_t)dom;
	return 0;
}

/* <path>|<perm>|+: only the owner may, and only dom0 may change owner. */
int xs_op_set_perms(struct xs_req *r, const char *p, uint32_t len)
{
	struct xs_perm perms[XS_MAX_PERMS];
	char path[XS_PATH_BUF];
	unsigned i, n = xs_strings(p, len, NULL, 0);
	const char *s = p;
	struct xs_node *node, old;
	int err = 0;

	if (n < 2)
		return EINVAL;
	if (n - 1 > XS_MAX_PERMS)
		return ENOSPC;
	for (i = 0; i < n - 1 && !err; i++) {
		s += strlen(s) + 1;
		err = parse_perm(s, &perms[i]);
	}
	if (err)
		return err;
	if (p[0] == '@')
		return r->dom == XS_PRIVILEGED ? ENOENT : EACCES;
	err = xs_canon(r->xs, r->dom, p, false, path);
	if (err || (err = xs_touch(r, path, false)) ||
	    !(node = xs_get(r, path, XS_ACC_WRITE | XS_ACC_OWNER, &err)))
		return err;
	if (r->dom != XS_PRIVILEGED && perms[0].dom != node->perms[0].dom)
		return EPERM;
	err = xs_touch(r, path, true);
	if (err)
		return err;
	old = *node;
	node->nperms = (uint8_t)(n - 1);
	memcpy(node->perms, perms, sizeof(perms[0]) * (n - 1));
	xs_changed(r->tree, node);
	xs_fire(r, path, XS_FIRE_SUBTREE, &old);
	return xs_ok(r);
}
