/*
 * XenStore's other requests: watches, transactions and the domain's
 * path; the table that routes a request to its function (xenstored's
 * wire_funcs: what only the toolstack may ask gets EACCES, what is not
 * known ENOSYS), errors by name, and each request's --trace line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xen/xenstore_impl.h"

/* ---- Watches and transactions ----------------------------------------- */

/* <path>|<token>|: without WATCHDEPTH offered, no third argument. */
static int op_watch(struct xs_req *r, const char *p, uint32_t len)
{
	char path[XS_PATH_BUF];
	const char *s[2];
	int err;

	if (xs_strings(p, len, s, 2) != 2)
		return EINVAL;
	err = xs_canon(r->xs, r->dom, s[0], true, path);
	if (!err)
		err = xs_watch_add(r->xs, path, xs_is_relative(s[0]), s[1],
				   &r->new_watch);
	return err ? err : xs_ok(r);
}

static int op_unwatch(struct xs_req *r, const char *p, uint32_t len)
{
	char path[XS_PATH_BUF];
	const char *s[2];
	int err;

	if (xs_strings(p, len, s, 2) != 2)
		return EINVAL;
	err = xs_canon(r->xs, r->dom, s[0], true, path);
	if (!err)
		err = xs_watch_del(r->xs, path, s[1]);
	return err ? err : xs_ok(r);
}

static int op_transaction_start(struct xs_req *r, const char *p, uint32_t len)
{
	char id[12];
	uint32_t tx;
	int err;

	(void)p;
	(void)len;
	if (r->tx)
		return EBUSY; /* no nesting */
	err = xs_tx_start(r->xs, &tx);
	if (err)
		return err;
	snprintf(id, sizeof(id), "%u", tx);
	return xs_reply(r, id, strlen(id) + 1);
}

/* T| commits, F| aborts; either way the transaction is over. */
static int op_transaction_end(struct xs_req *r, const char *p, uint32_t len)
{
	const char *s = xs_one_arg(p, len);
	int err;

	if (!s || (strcmp(s, "T") && strcmp(s, "F")))
		return EINVAL;
	if (!r->tx)
		return ENOENT;
	err = *s == 'T' ? xs_tx_commit(r->xs, r->tx) : 0;
	xs_tx_free(r->xs, r->tx);
	r->tx = NULL;
	return err ? err : xs_ok(r);
}

static int op_reset_watches(struct xs_req *r, const char *p, uint32_t len)
{
	(void)p;
	(void)len;
	xs_reset(r->xs);
	r->tx = NULL;
	return xs_ok(r);
}

static int op_get_domain_path(struct xs_req *r, const char *p, uint32_t len)
{
	const char *s = xs_one_arg(p, len);
	unsigned long dom;
	char path[32];

	if (!s || xs_parse_num(s, UINT16_MAX, &dom))
		return EINVAL;
	snprintf(path, sizeof(path), "/local/domain/%lu", dom);
	return xs_reply(r, path, strlen(path) + 1);
}

/* Without a domid: the features offered to the asker, none. */
static int op_get_feature(struct xs_req *r, const char *p, uint32_t len)
{
	return xs_strings(p, len, NULL, 0) ? EACCES : xs_reply(r, "0", 2);
}

/* ---- Dispatch ------------------------------------------------------------ */

#define OP_PRIV 1 /* the toolstack's alone: EACCES for a guest */
#define OP_NOTX 2 /* the transaction id is ignored */

static const struct xs_op {
	const char *name;
	xs_op_fn fn;
	unsigned flags;
} ops[XS_TYPE_COUNT] = {
	[XS_CONTROL] = {"CONTROL", NULL, OP_PRIV},
	[XS_DIRECTORY] = {"DIRECTORY", xs_op_directory, 0},
	[XS_READ] = {"READ", xs_op_read, 0},
	[XS_GET_PERMS] = {"GET_PERMS", xs_op_get_perms, 0},
	[XS_WATCH] = {"WATCH", op_watch, OP_NOTX},
	[XS_UNWATCH] = {"UNWATCH", op_unwatch, OP_NOTX},
	[XS_TRANSACTION_START] = {"TRANSACTION_START", op_transaction_start, 0},
	[XS_TRANSACTION_END] = {"TRANSACTION_END", op_transaction_end, 0},
	[XS_INTRODUCE] = {"INTRODUCE", NULL, OP_PRIV},
	[XS_RELEASE] = {"RELEASE", NULL, OP_PRIV},
	[XS_GET_DOMAIN_PATH] = {"GET_DOMAIN_PATH", op_get_domain_path, 0},
	[XS_WRITE] = {"WRITE", xs_op_write, 0},
	[XS_MKDIR] = {"MKDIR", xs_op_mkdir, 0},
	[XS_RM] = {"RM", xs_op_rm, 0},
	[XS_SET_PERMS] = {"SET_PERMS", xs_op_set_perms, 0},
	[XS_WATCH_EVENT] = {"WATCH_EVENT", NULL, 0}, /* ours to send */
	[XS_ERROR] = {"ERROR", NULL, 0},
	[XS_IS_DOMAIN_INTRODUCED] = {"IS_DOMAIN_INTRODUCED", NULL, OP_PRIV},
	[XS_RESUME] = {"RESUME", NULL, OP_PRIV},
	[XS_SET_TARGET] = {"SET_TARGET", NULL, OP_PRIV},
	[XS_RESET_WATCHES] = {"RESET_WATCHES", op_reset_watches, 0},
	[XS_DIRECTORY_PART] = {"DIRECTORY_PART", xs_op_directory_part, 0},
	[XS_GET_FEATURE] = {"GET_FEATURE", op_get_feature, 0},
	[XS_SET_FEATURE] = {"SET_FEATURE", NULL, OP_PRIV},
	[XS_GET_QUOTA] = {"GET_QUOTA", NULL, OP_PRIV},
	[XS_SET_QUOTA] = {"SET_QUOTA", NULL, OP_PRIV},
};

#define XS_ERRNO_NAME(e) {e, #e},
static const struct {
	int err;
	const char *name;
} errnames[] = {XSD_ERROR_LIST(XS_ERRNO_NAME)};

/* The wire's name for an errno; one it lacks is sent as EINVAL. */
static const char *errno_name(int err)
{
	unsigned i;

	for (i = 0; i < ARRAY_SIZE(errnames); i++)
		if (errnames[i].err == err)
			return errnames[i].name;
	return "EINVAL";
}

/* Runs a request: 0 with the reply in r, or the error to send. */
static int run(struct xs_req *r, const struct xsd_sockmsg *h, const char *p)
{
	const struct xs_op *op = h->type < XS_TYPE_COUNT ? &ops[h->type] : NULL;

	if (!op || !(op->fn || (op->flags & OP_PRIV)))
		return ENOSYS;
	if (op->flags & OP_PRIV)
		return EACCES;
	if (!(op->flags & OP_NOTX) && h->tx_id &&
	    !(r->tx = xs_tx_find(r->xs, h->tx_id)))
		return ENOENT;
	r->tree = r->tx ? &r->tx->tree : &r->xs->tree;
	return op->fn(r, p, h->len);
}

/* ---- --trace ---------------------------------------------------------- */

/*
 * A payload for a person: its strings apart by spaces (quoted: the
 * bytes as one string), bytes that are not printable as \xNN, cut short
 * with "..." to fit size bytes.
 */
static void render(char *buf, size_t size, const char *p, uint32_t len,
		   bool quoted)
{
	size_t n = 0;
	uint32_t i;

	if (quoted)
		buf[n++] = '"';
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];

		if (!c && !quoted && i + 1 == len)
			break; /* the last string's NUL */
		if (n + 12 >= size) {
			n += (size_t)snprintf(buf + n, size - n, "...");
			break;
		}
		if (!c && !quoted)
			buf[n++] = ' ';
		else if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			buf[n++] = (char)c;
		else
			n += (size_t)snprintf(buf + n, size - n, "\\x%02x", c);
	}
	if (quoted)
		buf[n++] = '"';
	buf[n] = '\0';
}

/* xenstore: READ domid -> "1", WRITE data/x "v" (tx 2) -> OK, ... */
static void trace_request(struct xenstore *xs, const struct xsd_sockmsg *h,
			  const char *p, int err, const struct xs_req *r)
{
	char args[200], out[200], tx[24] = "", name[12];
	const char *type = name;
	size_t plen = strnlen(p, h->len), n;

	if (h->type < XS_TYPE_COUNT && ops[h->type].name)
		type = ops[h->type].name;
	else
		snprintf(name, sizeof(name), "#%u", h->type);
	if (h->type == XS_WRITE && plen < h->len) {
		render(args, sizeof(args) / 2, p, (uint32_t)plen, false);
		n = strlen(args);
		args[n++] = ' ';
		render(args + n, sizeof(args) - n, p + plen + 1,
		       h->len - (uint32_t)plen - 1, true);
	} else {
		render(args, sizeof(args), p, h->len, false);
	}
	if (err)
		snprintf(out, sizeof(out), "%s", errno_name(err));
	else
		render(out, sizeof(out), r->out, r->out_len,
		       h->type == XS_READ);
	if (h->tx_id)
		snprintf(tx, sizeof(tx), " (tx %u)", h->tx_id);
	xs_trace(xs, "%s%s%s%s -> %s", type, *args ? " " : "", args, tx, out);
}

void xs_handle(struct xenstore *xs, const struct xsd_sockmsg *h, const char *p)
{
	struct xs_req r = {.xs = xs, .dom = (int)xs->domid, .out = xs->reply};
	int err = run(&r, h, p);
	const char *name = errno_name(err);

	if (err)
		xs_queue(xs, XS_ERROR, h->req_id, h->tx_id, name,
			 (uint32_t)strlen(name) + 1);
	else
		xs_queue(xs, h->type, h->req_id, h->tx_id, r.out, r.out_len);
	if (TRACE_ON())
		trace_request(xs, h, p, err, &r);
	if (!err && r.new_watch)
		xs_watch_fire_once(xs, r.new_watch);
}
