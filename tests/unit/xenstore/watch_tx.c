/*
 * test_xenstore: watches and transactions.
 */
#include "guest.h"

static void test_watch_basics(struct xsg *g)
{
	check(xsg_watch(g, XS_WATCH, "data", "t1") && xsg_ok(g) &&
		      g->nevents == 1 && xsg_event(g, "data", "t1"),
	      "WATCH is OK and fires once at once, with its own path");
	xsg_events_clear(g);
	check(xsg_write(g, 0, "data/x", "1") && g->nevents == 1 &&
		      xsg_event(g, "data/x", "t1"),
	      "a WRITE below it fires it, with the path written (relative)");
	check(xsg_watch(g, XS_WATCH, "/local/domain/1/data/x", "t2") &&
		      xsg_event(g, "/local/domain/1/data/x", "t2"),
	      "an absolute watch fires once, with its absolute path");
	xsg_events_clear(g);
	check(xsg_write(g, 0, "data/xy", "1") && g->nevents == 1 &&
		      xsg_event(g, "data/xy", "t1"),
	      "a sibling whose name merely begins the same does not fire it");
	xsg_events_clear(g);
	check(xenstore_write(g->xs, "data/x", "2") == 0 && xsg_recv(g, &g->m) &&
		      xsg_recv(g, &g->m) && xsg_event(g, "data/x", "t1") &&
		      xsg_event(g, "/local/domain/1/data/x", "t2") &&
		      xsg_notified(g),
	      "the monitor's write fires both, and raises the port");
	check(xsg_watch(g, XS_WATCH, "data", "t1") && xsg_err(g, "EEXIST") &&
		      xsg_watch(g, XS_WATCH, "data", "t3") && xsg_ok(g),
	      "the same path and token twice: EEXIST; another token is new");
	xsg_events_clear(g);
	check(xsg_watch(g, XS_UNWATCH, "data", "t3") && xsg_ok(g) &&
		      xsg_watch(g, XS_UNWATCH, "data", "t3") &&
		      xsg_err(g, "ENOENT"),
	      "UNWATCH removes it; again: ENOENT");
	check(xsg_call(g, XS_WATCH, 0,
		       S("data\0t\0"
			 "1")) &&
		      xsg_err(g, "EINVAL") &&
		      xsg_call(g, XS_WATCH, 0, S("data")) &&
		      xsg_err(g, "EINVAL") &&
		      xsg_watch(g, XS_WATCH, "da ta", "t") &&
		      xsg_err(g, "EINVAL"),
	      "a depth (WATCHDEPTH is not offered), no token, a bad path");
}

static void test_watch_changes(struct xsg *g)
{
	xsg_write(g, 0, "data/r/s/t", "");
	check(xsg_watch(g, XS_WATCH, "data/r/s/t", "deep") &&
		      xsg_watch(g, XS_WATCH, "data/r/s", "mid"),
	      "watches on a node and on its parent");
	xsg_events_clear(g);
	check(xsg_call1(g, XS_RM, 0, "data/r") && xsg_ok(g) &&
		      xsg_event(g, "data/r", "t1") &&
		      xsg_event(g, "data/r/s", "mid") &&
		      xsg_event(g, "data/r/s/t", "deep"),
	      "RM of a parent fires the watches below it with their paths");
	xsg_events_clear(g);
	check(xsg_call1(g, XS_MKDIR, 0, "data/m") &&
		      xsg_event(g, "data/m", "t1"),
	      "MKDIR of a new node fires");
	xsg_events_clear(g);
	check(xsg_call1(g, XS_MKDIR, 0, "data/m") && g->nevents == 0,
	      "MKDIR of one there already does not");
	check(xsg_call(g, XS_SET_PERMS, 0, S("data/m\0n1\0r0")) &&
		      xsg_event(g, "data/m", "t1"),
	      "SET_PERMS fires");
	check(xsg_watch(g, XS_WATCH, "/local/domain/0", "dom0") &&
		      xsg_event(g, "/local/domain/0", "dom0"),
	      "a watch on dom0's directory is allowed, and fires once");
	xsg_events_clear(g);
	xenstore_write(g->xs, "/local/domain/0/name", "Domain-0");
	check(!xsg_recv(g, &g->m) && g->nevents == 0,
	      "but no event says what changed where the guest cannot read");
	check(xsg_watch(g, XS_WATCH, "@releaseDomain", "rel") &&
		      xsg_event(g, "@releaseDomain", "rel"),
	      "a special watch fires once");
	xsg_events_clear(g);
	check(xsg_call(g, XS_RESET_WATCHES, 0, S("")) && xsg_ok(g) &&
		      xsg_write(g, 0, "data/x", "3") && g->nevents == 0,
	      "RESET_WATCHES: no watch is left");
}

void test_xs_watches(void)
{
	struct xsg g;

	xsg_init(&g, 1);
	test_watch_basics(&g);
	test_watch_changes(&g);
	xsg_free(&g);
}

static void test_commit_abort(struct xsg *g)
{
	uint32_t tx = xsg_tx_start(g), tx2;

	check(tx != 0 && g->m.h.tx_id == 0, "TRANSACTION_START gives an id: %u",
	      tx);
	xsg_watch(g, XS_WATCH, "data", "w");
	xsg_events_clear(g);
	check(xsg_write(g, tx, "data/t/a", "1") &&
		      xsg_read_is(g, tx, "data/t/a", "1") &&
		      g->m.h.tx_id == tx &&
		      xsg_read_err(g, 0, "data/t/a", "ENOENT") &&
		      g->nevents == 0,
	      "its writes are its own until it ends; no event yet");
	check(xsg_tx_end(g, tx, true) && xsg_ok(g) &&
		      xsg_read_is(g, 0, "data/t/a", "1") &&
		      xsg_event(g, "data/t/a", "w") &&
		      xsg_call1(g, XS_GET_PERMS, 0, "data/t/a") &&
		      xsg_is(g, XS_GET_PERMS, S("n1")),
	      "END T commits: the write is in, its event fires, perms kept");
	check(xsg_read_err(g, tx, "data/t/a", "ENOENT"),
	      "the transaction is gone after END");
	tx = xsg_tx_start(g);
	check(xsg_call1(g, XS_RM, tx, "data/t") && xsg_ok(g) &&
		      xsg_write(g, tx, "data/u", "2") &&
		      xsg_tx_end(g, tx, false) && xsg_ok(g) &&
		      xsg_read_is(g, 0, "data/t/a", "1") &&
		      xsg_read_err(g, 0, "data/u", "ENOENT"),
	      "END F aborts: nothing changes");
	tx = xsg_tx_start(g);
	check(xsg_call1(g, XS_RM, tx, "data/t") && xsg_tx_end(g, tx, true) &&
		      xsg_ok(g) && xsg_read_err(g, 0, "data/t/a", "ENOENT"),
	      "a committed RM removes the subtree");
	tx = xsg_tx_start(g);
	tx2 = xsg_tx_start(g);
	check(tx2 && tx2 != tx && xsg_write(g, tx, "data/p", "1") &&
		      xsg_write(g, tx2, "data/q", "2") &&
		      xsg_tx_end(g, tx, true) && xsg_ok(g) &&
		      xsg_tx_end(g, tx2, true) && xsg_err(g, "EAGAIN"),
	      "two transactions adding to one directory: the second EAGAIN");
}

static void test_conflicts(struct xsg *g)
{
	uint32_t tx;

	xsg_write(g, 0, "data/c", "0");
	tx = xsg_tx_start(g);
	check(xsg_read_is(g, tx, "data/c", "0") &&
		      xsg_write(g, 0, "data/c", "1") &&
		      xsg_write(g, tx, "data/d", "x") &&
		      xsg_tx_end(g, tx, true) && xsg_err(g, "EAGAIN") &&
		      xsg_read_err(g, 0, "data/d", "ENOENT"),
	      "a node it read changed meanwhile: EAGAIN, nothing applied");
	tx = xsg_tx_start(g);
	check(xsg_write(g, tx, "data/c", "tx") &&
		      xsg_write(g, 0, "data/c", "2") &&
		      xsg_tx_end(g, tx, true) && xsg_err(g, "EAGAIN") &&
		      xsg_read_is(g, 0, "data/c", "2"),
	      "a node it only wrote changed meanwhile: EAGAIN too");
	tx = xsg_tx_start(g);
	check(xsg_read_err(g, tx, "data/n", "ENOENT") &&
		      xsg_write(g, 0, "data/n", "") &&
		      xsg_tx_end(g, tx, true) && xsg_err(g, "EAGAIN"),
	      "a node it found missing appeared: EAGAIN");
	tx = xsg_tx_start(g);
	check(xsg_call1(g, XS_DIRECTORY, tx, "data") &&
		      xsg_call1(g, XS_RM, 0, "data/n") &&
		      xsg_tx_end(g, tx, true) && xsg_err(g, "EAGAIN"),
	      "a directory it listed lost a child: EAGAIN");
	tx = xsg_tx_start(g);
	check(xsg_read_is(g, tx, "data/c", "2") &&
		      xsg_write(g, tx, "data/c", "3") &&
		      xsg_write(g, 0, "feature/f", "x") &&
		      xsg_tx_end(g, tx, true) && xsg_ok(g) &&
		      xsg_read_is(g, 0, "data/c", "3") &&
		      xsg_read_is(g, 0, "feature/f", "x"),
	      "a change elsewhere does not conflict: both are in");
}

static void test_tx_errors(struct xsg *g)
{
	uint32_t tx = xsg_tx_start(g);

	check(xsg_call(g, XS_TRANSACTION_START, tx, S("")) &&
		      xsg_err(g, "EBUSY"),
	      "TRANSACTION_START inside one: EBUSY");
	check(xsg_call1(g, XS_TRANSACTION_END, tx, "X") &&
		      xsg_err(g, "EINVAL") &&
		      xsg_call(g, XS_TRANSACTION_END, tx, "T", 1) &&
		      xsg_err(g, "EINVAL"),
	      "END with neither T nor F: EINVAL, and it stays open");
	check(xsg_tx_end(g, 0, true) && xsg_err(g, "ENOENT") &&
		      xsg_tx_end(g, tx + 100, true) && xsg_err(g, "ENOENT"),
	      "END outside one, or of an unknown one: ENOENT");
	check(xsg_watch(g, XS_WATCH, "data", "inside") && xsg_ok(g),
	      "WATCH ignores the transaction id");
	check(xsg_call(g, XS_RESET_WATCHES, 0, S("")) &&
		      xsg_read_err(g, tx, "data", "ENOENT"),
	      "RESET_WATCHES ends the transactions too");
}

void test_xs_transactions(void)
{
	struct xsg g;

	xsg_init(&g, 1);
	test_commit_abort(&g);
	test_conflicts(&g);
	test_tx_errors(&g);
	xsg_free(&g);
}
