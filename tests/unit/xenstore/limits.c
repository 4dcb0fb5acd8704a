/*
 * test_xenstore: every limit of the tree, the transactions, the watches
 * and the replies (vmm/xen/xenstore_impl.h).
 */
#include "guest.h"

/* Writes data/<prefix><i> = value until an error: how many went in. */
static unsigned fill(struct xsg *g, const char *prefix, const char *value)
{
	char path[64];
	unsigned i;

	for (i = 0; i < 2 * XS_MAX_NODES; i++) {
		snprintf(path, sizeof(path), "%s%u", prefix, i);
		if (!xsg_write(g, 0, path, value))
			break;
	}
	return i;
}

static void test_tree_limits(struct xsg *g)
{
	static char value[XS_MAX_VALUE + 2];
	uint32_t tx;
	unsigned n;

	memset(value, 'x', XS_MAX_VALUE + 1);
	check(!xsg_write(g, 0, "data/v", value) && xsg_err(g, "ENOSPC"),
	      "a value over %d bytes: ENOSPC", XS_MAX_VALUE);
	n = fill(g, "data/b/", value + 1);
	check(xsg_err(g, "ENOMEM") && n > 100 &&
		      g->xs->tree.bytes <= XS_MAX_BYTES,
	      "values past %d KiB in all: ENOMEM after %u", XS_MAX_BYTES >> 10,
	      n);
	xsg_call1(g, XS_RM, 0, "data/b");
	tx = xsg_tx_start(g);
	xsg_write(g, tx, "drivers/late", "");
	n = fill(g, "feature/n/", "");
	check(xsg_err(g, "ENOSPC") && g->xs->tree.nodes == XS_MAX_NODES,
	      "nodes past %d: ENOSPC after %u more", XS_MAX_NODES, n);
	check(xsg_tx_end(g, tx, true) && xsg_err(g, "ENOSPC"),
	      "a commit that would pass the limit: ENOSPC");
	check(xsg_call1(g, XS_RM, 0, "feature/n") && xsg_ok(g) &&
		      xsg_write(g, 0, "drivers/x", "y"),
	      "RM gives the room back");
}

static void test_counted_limits(struct xsg *g)
{
	char token[16];
	unsigned i, n;
	uint32_t tx[XS_MAX_TX + 1];

	for (n = i = 0; i < XS_MAX_WATCHES; i++) {
		snprintf(token, sizeof(token), "t%u", i);
		n += xsg_watch(g, XS_WATCH, "drivers", token) && xsg_ok(g);
	}
	check(n == XS_MAX_WATCHES &&
		      xsg_watch(g, XS_WATCH, "drivers", "one-more") &&
		      xsg_err(g, "ENOSPC"),
	      "%d watches; one more: ENOSPC", XS_MAX_WATCHES);
	for (n = i = 0; i < XS_MAX_TX; i++)
		n += (tx[i] = xsg_tx_start(g)) != 0;
	check(n == XS_MAX_TX && !xsg_tx_start(g) && xsg_err(g, "ENOSPC"),
	      "%d transactions; one more: ENOSPC", XS_MAX_TX);
	xsg_tx_end(g, tx[0], false);
	check((tx[0] = xsg_tx_start(g)) != 0, "ending one makes room");
	check(xsg_call(g, XS_SET_PERMS, 0, S("drivers\0n1\0r2\0r3\0r4\0r5")) &&
		      xsg_ok(g) &&
		      xsg_call(g, XS_SET_PERMS, 0,
			       S("drivers\0n1\0r2\0r3\0r4\0r5\0r6")) &&
		      xsg_err(g, "ENOSPC"),
	      "%d permission entries; one more: ENOSPC", XS_MAX_PERMS);
	xsg_call(g, XS_RESET_WATCHES, 0, S(""));
}

static void test_tx_paths(struct xsg *g)
{
	static char path[2100];
	uint32_t tx = xsg_tx_start(g);
	unsigned i, n = 0;

	for (i = 0; i < XS_MAX_TX_PATHS; i++) {
		snprintf(path, sizeof(path), "data/p%u", i);
		n += xsg_read_err(g, tx, path, "ENOENT");
	}
	check(n == XS_MAX_TX_PATHS && xsg_read_err(g, tx, "data/q", "ENOSPC"),
	      "a transaction reads %d paths; one more: ENOSPC",
	      XS_MAX_TX_PATHS);
	check(xsg_read_err(g, tx, "data/p1", "ENOENT") &&
		      xsg_tx_end(g, tx, false) && xsg_ok(g),
	      "paths seen before still answer; it ends normally");
	tx = xsg_tx_start(g);
	memset(path, 'a', 2000);
	for (n = i = 0; i < 64; i++) {
		snprintf(path + 2000, 20, "%u", i);
		if (!xsg_read_err(g, tx, path, "ENOENT"))
			break;
	}
	check(xsg_err(g, "ENOSPC") && i == XS_MAX_TX_BYTES / 2019,
	      "paths of 2 KiB: ENOSPC after %u (%d KiB)", i,
	      XS_MAX_TX_BYTES >> 10);
	xsg_tx_end(g, tx, false);
}

/* DIRECTORY past the payload limit: E2BIG; DIRECTORY_PART has it all. */
static void test_big_directory(struct xsg *g)
{
	char path[160], arg[32], *name;
	unsigned i, seen = 0;
	uint32_t off = 0;
	bool done = false;

	for (i = 0; i < 50; i++) {
		snprintf(path, sizeof(path), "data/dir/%0100u", i);
		xsg_write(g, 0, path, "");
	}
	check(xsg_call1(g, XS_DIRECTORY, 0, "data/dir") && xsg_err(g, "E2BIG"),
	      "DIRECTORY of 50 names of 100 bytes: E2BIG");
	while (!done && seen < 100) {
		snprintf(arg, sizeof(arg), "data/dir%c%u", 0, off);
		if (!xsg_call(g, XS_DIRECTORY_PART, 0, arg,
			      (uint32_t)(9 + strlen(arg + 9) + 1)))
			break;
		name = g->m.p + strlen(g->m.p) + 1;
		for (; name < g->m.p + g->m.h.len; name += strlen(name) + 1) {
			if (!*name) {
				done = true;
				break;
			}
			seen++;
			off += (uint32_t)strlen(name) + 1;
		}
	}
	check(done && seen == 50, "DIRECTORY_PART gives all 50 in pieces");
}

void test_xs_limits(void)
{
	struct xsg g;

	xsg_init(&g, 1);
	test_tree_limits(&g);
	test_counted_limits(&g);
	test_tx_paths(&g);
	test_big_directory(&g);
	xsg_free(&g);
}
