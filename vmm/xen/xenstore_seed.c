/*
 * The keys a toolstack writes for an HVM guest before it runs, as xl
 * does (Xen's tools/libs/light: libxl__domain_make in libxl_create.c,
 * libxl__build_post in libxl_dom.c), cut down to what the guests xhvm
 * runs read (GRUB's grub-core/kern/xen/init.c, Linux's drivers/xen):
 *
 *   name, domid                      the domain's name and id
 *   memory/static-max, /target       the RAM in KiB, both: Linux's
 *                                    balloon driver reads them, and with
 *                                    the two equal aims at what it has
 *   cpu/<n>/availability "online"    each vCPU; Linux reads them at boot
 *                                    (cpu_hotplug.c) and complains if not
 *   control/platform-feature-xs_reset_watches "1"
 *                                    so Linux clears stale watches
 *   control/shutdown, sysrq, feature-poweroff, feature-reboot,
 *   feature-suspend                  "", the guest's: Linux writes the
 *                                    features, reads and clears requests
 *   device                           empty: no devices (GRUB lists
 *                                    device/vbd and finds none)
 *   data, drivers, feature, attr, error   empty, the guest's
 *
 * With xl's permissions: the domain's directory and what is under it
 * belong to the toolstack and the guest may read them ("n0", "r<id>");
 * the nodes xl gives the guest are its own ("n<id>"), so it may write
 * there and make nodes under them, nowhere else. Nothing more: no
 * device/vbd (GRUB would look for a disk behind it), no console/ (the
 * console is found through HVM params), no /vm.
 */
#include <stdio.h>
#include <string.h>

#include "xen/xenstore_impl.h"

/* Writes a key below the domain's path, as the toolstack. */
static int put(struct xenstore *xs, const char *rel, const char *value,
	       struct xs_node **out)
{
	struct xs_req r = {.xs = xs,
			   .dom = XS_PRIVILEGED,
			   .tree = &xs->tree,
			   .out = xs->reply};
	char path[XS_PATH_BUF];
	int err;

	snprintf(path, sizeof(path), "%s%s%s", xs->dompath, *rel ? "/" : "",
		 rel);
	err = xs_do_write(&r, path, value, (uint32_t)strlen(value));
	*out = err ? NULL : xs_lookup(&xs->tree, path);
	return err;
}

/* The guest's own: it may read, write, and make nodes below. */
static int put_guest(struct xenstore *xs, const char *rel)
{
	struct xs_node *n;
	int err = put(xs, rel, "", &n);

	if (!err) {
		n->nperms = 1;
		n->perms[0] =
			(struct xs_perm){(uint16_t)xs->domid, XS_ACC_NONE};
	}
	return err;
}

static int put_num(struct xenstore *xs, const char *rel, uint64_t v)
{
	struct xs_node *n;
	char num[24];

	snprintf(num, sizeof(num), "%llu", (unsigned long long)v);
	return put(xs, rel, num, &n);
}

int xs_seed(struct xenstore *xs, const char *name)
{
	static const char *const guest_own[] = {
		"control/shutdown",
		"control/sysrq",
		"control/feature-poweroff",
		"control/feature-reboot",
		"control/feature-suspend",
		"data",
		"drivers",
		"feature",
		"attr",
		"error",
	};
	const struct vm_config *cfg = &xs->d->vm->cfg;
	struct xs_node *n;
	char key[40];
	unsigned i;
	int err;

	err = put(xs, "", "", &n);
	if (err)
		return err;
	n->nperms = 2;
	n->perms[0] = (struct xs_perm){0, XS_ACC_NONE};
	n->perms[1] = (struct xs_perm){(uint16_t)xs->domid, XS_ACC_READ};
	err |= put(xs, "name", name ? name : "xhvm", &n);
	err |= put_num(xs, "domid", xs->domid);
	err |= put_num(xs, "memory/static-max", cfg->ram_size >> 10);
	err |= put_num(xs, "memory/target", cfg->ram_size >> 10);
	for (i = 0; i < cfg->nvcpus; i++) {
		snprintf(key, sizeof(key), "cpu/%u/availability", i);
		err |= put(xs, key, "online", &n);
	}
	err |= put(xs, "control/platform-feature-xs_reset_watches", "1", &n);
	err |= put(xs, "device", "", &n);
	for (i = 0; i < ARRAY_SIZE(guest_own); i++)
		err |= put_guest(xs, guest_own[i]);
	return err ? ENOMEM : 0;
}
