/*
 * test_xenstore: the requests on nodes, permissions, and paths.
 */
#include "guest.h"

static void test_read_write(struct xsg *g)
{
	check(xsg_write(g, 0, "data/a/b/c", "x") &&
		      xsg_read_is(g, 0, "data/a/b/c", "x") &&
		      xsg_read_is(g, 0, "data/a/b", "") &&
		      xsg_call1(g, XS_DIRECTORY, 0, "data/a") &&
		      xsg_is(g, XS_DIRECTORY, "b", 2),
	      "WRITE makes the missing parents, empty");
	check(xsg_call(g, XS_WRITE, 0, V("data/bin", "\x01\0\x02")) &&
		      xsg_ok(g) && xsg_call(g, XS_READ, 0, S("data/bin")) &&
		      xsg_is(g, XS_READ, "\x01\0\x02", 3),
	      "a value may hold any bytes, NULs too; READ adds no NUL");
	check(xsg_write(g, 0, "data/a", "") &&
		      xsg_read_is(g, 0, "data/a", "") &&
		      xsg_write(g, 0, "/local/domain/1/data/a", "abs") &&
		      xsg_read_is(g, 0, "data/a", "abs"),
	      "an empty value; absolute and relative paths are one node");
	check(xsg_write(g, 0, "data/a/b2", "") &&
		      xsg_write(g, 0, "data/a/b0", "") &&
		      xsg_call1(g, XS_DIRECTORY, 0, "data/a") &&
		      xsg_is(g, XS_DIRECTORY, S("b\0b2\0b0")),
	      "DIRECTORY lists children in the order they were made");
	check(xsg_call(g, XS_READ, 0, S("data/none")) && xsg_err(g, "ENOENT") &&
		      g->m.h.req_id == g->next_req - 1,
	      "a missing node is ENOENT, with the request's req_id");
}

static void test_mkdir_rm(struct xsg *g)
{
	check(xsg_call1(g, XS_MKDIR, 0, "data/d/e") && xsg_ok(g) &&
		      xsg_read_is(g, 0, "data/d/e", ""),
	      "MKDIR makes the node and its parents");
	check(xsg_write(g, 0, "data/d", "keep") &&
		      xsg_call1(g, XS_MKDIR, 0, "data/d") && xsg_ok(g) &&
		      xsg_read_is(g, 0, "data/d", "keep"),
	      "MKDIR of an existing node leaves its value");
	check(xsg_call1(g, XS_RM, 0, "data/d") && xsg_ok(g) &&
		      xsg_read_err(g, 0, "data/d/e", "ENOENT") &&
		      xsg_read_err(g, 0, "data/d", "ENOENT"),
	      "RM removes the node and everything under it");
	check(xsg_call1(g, XS_RM, 0, "data/d") && xsg_ok(g),
	      "RM of a missing node whose parent exists is OK");
	check(xsg_call1(g, XS_RM, 0, "data/d/e") && xsg_err(g, "ENOENT"),
	      "RM whose parent is missing too is ENOENT");
	check(xsg_call1(g, XS_RM, 0, "/") && xsg_err(g, "EACCES"),
	      "the guest cannot RM the root");
}

static void test_other_ops(struct xsg *g)
{
	char want[24];
	unsigned gen = 0;

	check(xsg_call1(g, XS_GET_DOMAIN_PATH, 0, "1") &&
		      xsg_is(g, XS_GET_DOMAIN_PATH, S("/local/domain/1")) &&
		      xsg_call1(g, XS_GET_DOMAIN_PATH, 0, "7") &&
		      xsg_is(g, XS_GET_DOMAIN_PATH, S("/local/domain/7")),
	      "GET_DOMAIN_PATH gives /local/domain/<domid>");
	check(xsg_call1(g, XS_GET_DOMAIN_PATH, 0, "x1") &&
		      xsg_err(g, "EINVAL") &&
		      xsg_call1(g, XS_GET_DOMAIN_PATH, 0, "65536") &&
		      xsg_err(g, "EINVAL"),
	      "GET_DOMAIN_PATH of no domain id is EINVAL");
	xsg_write(g, 0, "data/p/a", "");
	xsg_write(g, 0, "data/p/b", "");
	check(xsg_call(g, XS_DIRECTORY_PART, 0,
		       S("data/p\0"
			 "0")) &&
		      g->m.h.type == XS_DIRECTORY_PART &&
		      sscanf(g->m.p, "%u", &gen) == 1,
	      "DIRECTORY_PART: the generation first (%s)", g->m.p);
	snprintf(want, sizeof(want), "%u", gen);
	check(g->m.h.len == strlen(want) + 6 &&
		      !memcmp(g->m.p + strlen(want), "\0a\0b\0", 6),
	      "... then the children and an empty end mark");
	check(xsg_call(g, XS_DIRECTORY_PART, 0,
		       S("data/p\0"
			 "2")) &&
		      !memcmp(g->m.p + strlen(g->m.p), "\0b\0", 4) &&
		      xsg_call(g, XS_DIRECTORY_PART, 0,
			       S("data/p\0"
				 "9")) &&
		      g->m.h.len == strlen(g->m.p) + 2,
	      "... from a byte offset; past the end, the end mark alone");
	check(xsg_call(g, XS_GET_FEATURE, 0, "", 0) &&
		      xsg_is(g, XS_GET_FEATURE, S("0")) &&
		      xsg_call1(g, XS_GET_FEATURE, 0, "1") &&
		      xsg_err(g, "EACCES"),
	      "GET_FEATURE: none offered; another domain's: EACCES");
}

/* Types a guest may not send, or no one knows. */
static void test_refused(struct xsg *g)
{
	static const uint32_t priv[] = {XS_CONTROL,	XS_INTRODUCE,
					XS_RELEASE,	XS_IS_DOMAIN_INTRODUCED,
					XS_RESUME,	XS_SET_TARGET,
					XS_SET_FEATURE, XS_GET_QUOTA,
					XS_SET_QUOTA};
	static const uint32_t unknown[] = {
		XS_WATCH_EVENT, XS_ERROR,   20,
		XS_TYPE_COUNT,	XS_INVALID, 0xffffffff};
	unsigned i, good = 0;

	for (i = 0; i < ARRAY_SIZE(priv); i++)
		good += xsg_call1(g, priv[i], 0, "1") && xsg_err(g, "EACCES");
	check(good == ARRAY_SIZE(priv),
	      "the toolstack's requests (INTRODUCE, ...) are EACCES: %u/%zu",
	      good, ARRAY_SIZE(priv));
	for (good = i = 0; i < ARRAY_SIZE(unknown); i++)
		good += xsg_call1(g, unknown[i], 0, "x") &&
			xsg_err(g, "ENOSYS");
	check(good == ARRAY_SIZE(unknown),
	      "WATCH_EVENT, ERROR, 20 and unknown types are ENOSYS: %u/%zu",
	      good, ARRAY_SIZE(unknown));
	check(xsg_call1(g, XS_READ, 77, "domid") && xsg_err(g, "ENOENT") &&
		      g->m.h.tx_id == 77,
	      "an unknown transaction is ENOENT, its tx_id echoed");
}

void test_xs_nodes(void)
{
	struct xsg g;

	xsg_init(&g, 1);
	test_read_write(&g);
	test_mkdir_rm(&g);
	test_other_ops(&g);
	test_refused(&g);
	xsg_free(&g);
}

void test_xs_perms(void)
{
	struct xsg g;

	xsg_init(&g, 1);
	check(xsg_read_err(&g, 0, "/local/domain/0/name", "EACCES") &&
		      xsg_read_err(&g, 0, "/vm", "EACCES") &&
		      xsg_call1(&g, XS_DIRECTORY, 0, "/") &&
		      xsg_err(&g, "EACCES") &&
		      xsg_call1(&g, XS_DIRECTORY, 0, "/local/domain") &&
		      xsg_err(&g, "EACCES"),
	      "dom0's nodes, /vm, /, /local/domain: EACCES, as for a domU");
	check(xsg_read_err(&g, 0, "nothing", "ENOENT"),
	      "missing under a node it may read: ENOENT");
	check(!xsg_write(&g, 0, "name", "x") && xsg_err(&g, "EACCES") &&
		      !xsg_write(&g, 0, "newkey", "x") &&
		      xsg_err(&g, "EACCES") &&
		      !xsg_write(&g, 0, "/tool/x", "x") &&
		      xsg_err(&g, "EACCES") &&
		      xsg_read_is(&g, 0, "name", "guest"),
	      "the toolstack's nodes and directories are read-only");
	check(xsg_call1(&g, XS_RM, 0, "memory") && xsg_err(&g, "EACCES") &&
		      xsg_call1(&g, XS_MKDIR, 0, "memory/x") &&
		      xsg_err(&g, "EACCES"),
	      "... for RM and MKDIR too");
	check(xsg_write(&g, 0, "data/mine/x", "1") &&
		      xsg_call1(&g, XS_GET_PERMS, 0, "data/mine/x") &&
		      xsg_is(&g, XS_GET_PERMS, S("n1")),
	      "what the guest makes is its own");
	check(xsg_call(&g, XS_SET_PERMS, 0, S("data/mine\0n1\0r0\0b5")) &&
		      xsg_ok(&g) &&
		      xsg_call1(&g, XS_GET_PERMS, 0, "data/mine") &&
		      xsg_is(&g, XS_GET_PERMS, S("n1\0r0\0b5")),
	      "SET_PERMS on its own node; GET_PERMS gives them back");
	check(xsg_call(&g, XS_SET_PERMS, 0, S("data/mine\0b0")) &&
		      xsg_err(&g, "EPERM"),
	      "the guest may not give its node away: EPERM");
	check(xsg_call(&g, XS_SET_PERMS, 0, S("name\0b1")) &&
		      xsg_err(&g, "EACCES") &&
		      xsg_call(&g, XS_SET_PERMS, 0, S("data/nope\0n1")) &&
		      xsg_err(&g, "ENOENT"),
	      "SET_PERMS on dom0's node: EACCES; on a missing one: ENOENT");
	check(xsg_call(&g, XS_SET_PERMS, 0, S("data/mine\0x1")) &&
		      xsg_err(&g, "EINVAL") &&
		      xsg_call(&g, XS_SET_PERMS, 0, S("data/mine\0b")) &&
		      xsg_err(&g, "EINVAL") &&
		      xsg_call(&g, XS_SET_PERMS, 0, S("data/mine\0b70000")) &&
		      xsg_err(&g, "EINVAL") &&
		      xsg_call(&g, XS_SET_PERMS, 0, S("data/mine")) &&
		      xsg_err(&g, "EINVAL"),
	      "bad permission strings, or none: EINVAL");
	check(xsg_call1(&g, XS_GET_PERMS, 0, "@releaseDomain") &&
		      xsg_err(&g, "EACCES"),
	      "a special node's permissions: EACCES");
	xenstore_write(g.xs, "/tool/t", "");
	check(xsg_read_err(&g, 0, "/tool/t/x", "EACCES"),
	      "missing under a node it may not read: EACCES, not ENOENT");
	xsg_free(&g);
}

void test_xs_paths(void)
{
	char path[XENSTORE_ABS_PATH_MAX + 8];
	struct xsg g;

	xsg_init(&g, 1);
	check(xsg_read_err(&g, 0, "data/a b", "EINVAL") &&
		      xsg_read_err(&g, 0, "data/a.b", "EINVAL") &&
		      xsg_read_err(&g, 0, "data//a", "EINVAL") &&
		      xsg_read_err(&g, 0, "data/", "EINVAL") &&
		      xsg_read_err(&g, 0, "", "EINVAL") &&
		      xsg_read_err(&g, 0, "@releaseDomain", "EINVAL"),
	      "bad characters, //, a trailing /, empty, @: EINVAL");
	check(xsg_write(&g, 0, "data/A-z_0@9", "") &&
		      xsg_read_is(&g, 0, "data/A-z_0@9", ""),
	      "letters, digits, - _ @ are fine");
	memset(path, 'a', sizeof(path));
	memcpy(path, "data/", 5);
	path[2047] = '\0';
	check(xsg_write(&g, 0, path, "ok"),
	      "a path of 2047 bytes below the domain's is fine");
	path[2047] = 'a';
	path[2048] = '\0';
	check(!xsg_write(&g, 0, path, "x") && xsg_err(&g, "EINVAL"),
	      "one of 2048 is EINVAL (XENSTORE_REL_PATH_MAX)");
	path[0] = '/';
	check(xsg_read_err(&g, 0, path, "EINVAL"),
	      "so is an absolute one of 2048 elsewhere");
	path[2047] = '\0';
	check(xsg_read_err(&g, 0, path, "EACCES"),
	      "and one of 2047 there is merely not the guest's");
	check(xsg_call(&g, XS_READ, 0, "domid", 5) && xsg_err(&g, "EINVAL") &&
		      xsg_call(&g, XS_READ, 0, S("domid\0x")) &&
		      xsg_err(&g, "EINVAL") &&
		      xsg_call(&g, XS_READ, 0, "", 0) && xsg_err(&g, "EINVAL"),
	      "a path without its NUL, with more after it, none: EINVAL");
	check(xsg_call(&g, XS_WRITE, 0, "data/x", 6) && xsg_err(&g, "EINVAL"),
	      "a WRITE without the NUL after its path: EINVAL");
	xsg_free(&g);
}
