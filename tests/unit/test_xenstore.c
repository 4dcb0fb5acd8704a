/*
 * Unit tests for the XenStore server (vmm/xen/xenstore*.c), on a fake
 * domain built by the monitor's own code, driven through its ring page
 * and a real EVTCHNOP_send as a guest drives it (xenstore/guest.c). This
 * file: the seed, the monitor's API, --trace, and the request sequences
 * GRUB and Linux make at boot. The other groups are in xenstore/.
 */
#include "xenstore/guest.h"

static void test_seed(void)
{
	struct xsg g;

	xsg_init(&g, 2);
	check(g.ring->connection == XENSTORE_CONNECTED &&
		      g.ring->server_features == 0 && g.ring->req_prod == 0 &&
		      g.ring->rsp_cons == 0 && g.ring->error == 0,
	      "the ring starts connected, empty, with no features offered");
	check(g.port > 0 && g.f.dom.evtchn[g.port].state == EVTCHN_HOST,
	      "the store has a host port: %u", g.port);
	check(xsg_read_is(&g, 0, "name", "guest") &&
		      xsg_read_is(&g, 0, "domid", "1"),
	      "name and domid are the domain's (libxl__domain_make)");
	check(xsg_read_is(&g, 0, "memory/static-max", "4096") &&
		      xsg_read_is(&g, 0, "memory/target", "4096"),
	      "memory/static-max and /target are the RAM in KiB, equal");
	check(xsg_read_is(&g, 0, "cpu/0/availability", "online") &&
		      xsg_read_is(&g, 0, "cpu/1/availability", "online") &&
		      xsg_read_err(&g, 0, "cpu/2/availability", "ENOENT"),
	      "cpu/<n>/availability is online for each of the 2 vCPUs");
	check(xsg_read_is(&g, 0, "control/platform-feature-xs_reset_watches",
			  "1"),
	      "control/platform-feature-xs_reset_watches is 1");
	check(xsg_call1(&g, XS_DIRECTORY, 0, "device") &&
		      xsg_is(&g, XS_DIRECTORY, "", 0),
	      "device/ is there and empty");
	check(xsg_call1(&g, XS_DIRECTORY, 0, "device/vbd") &&
		      xsg_err(&g, "ENOENT"),
	      "no device/vbd, so GRUB finds no disk");
	check(xsg_call1(&g, XS_GET_PERMS, 0, "/local/domain/1") &&
		      xsg_is(&g, XS_GET_PERMS, "n0\0r1", 6) &&
		      xsg_call1(&g, XS_GET_PERMS, 0, "memory/target") &&
		      xsg_is(&g, XS_GET_PERMS, "n0\0r1", 6),
	      "the domain's directory is dom0's, readable by the guest");
	check(xsg_call1(&g, XS_GET_PERMS, 0, "control/feature-poweroff") &&
		      xsg_is(&g, XS_GET_PERMS, "n1", 3) &&
		      xsg_call1(&g, XS_GET_PERMS, 0, "data") &&
		      xsg_is(&g, XS_GET_PERMS, "n1", 3),
	      "control/feature-* and data/ are the guest's own");
	xsg_free(&g);
}

static void test_api(void)
{
	char buf[8];
	struct xsg g;
	struct xsg_capture c;

	xsg_init(&g, 1);
	check(xenstore_write(g.xs, "console/port", "2") == 0 &&
		      xsg_read_is(&g, 0, "console/port", "2") &&
		      xenstore_read(g.xs, "/local/domain/1/console/port", buf,
				    sizeof(buf)) == 1 &&
		      !strcmp(buf, "2"),
	      "xenstore_write and _read take relative and absolute paths");
	check(xenstore_read(g.xs, "name", buf, 3) == 5 && !strcmp(buf, "gu"),
	      "xenstore_read cuts a long value and says its whole length");
	check(xenstore_read(g.xs, "nothing", buf, sizeof(buf)) == -ENOENT &&
		      xenstore_read(g.xs, "a//b", buf, sizeof(buf)) ==
			      -EINVAL &&
		      xenstore_write(g.xs, "bad path", "x") == -EINVAL,
	      "missing: -ENOENT; a bad path: -EINVAL");
	check(xenstore_write(g.xs, "/tool/secret", "x") == 0 &&
		      xsg_read_err(&g, 0, "/tool/secret", "EACCES"),
	      "the monitor writes anywhere; the guest cannot read dom0's");
	xsg_capture_begin(&c);
	check(!xenstore_create(&g.f.dom, g.ring, 0, "x") &&
		      !xenstore_create(&g.f.dom, g.ring, DOMID_FIRST_RESERVED,
				       "x"),
	      "xenstore_create refuses domain ids 0 and 0x7ff0");
	check(strstr(xsg_capture_end(&c), "0 is the toolstack's") != NULL,
	      "... and says why");
	xenstore_destroy(g.xs);
	check(g.f.dom.evtchn[g.port].state == EVTCHN_FREE,
	      "xenstore_destroy frees the port");
	g.xs = NULL;
	fake_free(&g.f);
}

static void test_trace(void)
{
	struct xsg_capture c;
	const char *out;
	struct xsg g;

	xsg_init(&g, 1);
	xhvm_trace = TRACE_EXITS;
	xsg_capture_begin(&c);
	xsg_read_is(&g, 0, "domid", "1");
	xsg_call1(&g, XS_DIRECTORY, 0, "device/vbd");
	xsg_write(&g, 0, "data/t", "v\n");
	xsg_watch(&g, XS_WATCH, "data", "tok");
	out = xsg_capture_end(&c);
	xhvm_trace = 0;
	check(strstr(out, "trace: vCPU 0: xenstore: READ domid -> \"1\"\n") !=
		      NULL,
	      "--trace: READ domid -> \"1\"");
	check(strstr(out, "xenstore: DIRECTORY device/vbd -> ENOENT\n") != NULL,
	      "--trace: DIRECTORY device/vbd -> ENOENT");
	check(strstr(out, "xenstore: WRITE data/t \"v\\x0a\" -> OK\n") != NULL,
	      "--trace: WRITE data/t \"v\\x0a\" -> OK");
	check(strstr(out, "xenstore: WATCH data tok -> OK\n") &&
		      strstr(out, "xenstore: WATCH_EVENT data tok\n"),
	      "--trace: the WATCH, then its event");
	xsg_free(&g);
}

/* GRUB's one request, header and payload sent apart (os-report 2.4). */
static void test_grub(void)
{
	struct xsd_sockmsg h = {XS_DIRECTORY, 0, 0, sizeof("device/vbd")};
	struct xsg_msg m;
	struct xsg g;

	xsg_init(&g, 1);
	xsg_put(&g, &h, sizeof(h));
	xsg_kick(&g);
	check(!xsg_recv(&g, &m) && g.ring->req_cons == sizeof(h),
	      "GRUB: the header alone is taken, and not answered");
	xsg_put(&g, "device/vbd", sizeof("device/vbd"));
	xsg_kick(&g);
	check(xsg_recv(&g, &m) && m.h.type == XS_ERROR && m.h.req_id == 0 &&
		      !strcmp(m.p, "ENOENT") && xsg_notified(&g),
	      "GRUB: the payload completes it: ENOENT, and the port raised");
	xsg_free(&g);
}

/* Linux 6.x's requests at boot, in order (os-report, Appendix A). */
static void test_linux(void)
{
	uint32_t tx;
	struct xsg g;

	xsg_init(&g, 1);
	check(xsg_read_is(&g, 0, "control/platform-feature-xs_reset_watches",
			  "1") &&
		      xsg_call(&g, XS_RESET_WATCHES, 0, S("")) && xsg_ok(&g),
	      "Linux: xs_reset_watches is offered, RESET_WATCHES is OK");
	check(xsg_watch(&g, XS_WATCH, "memory/target", "w1") && xsg_ok(&g) &&
		      xsg_read_is(&g, 0, "memory/target", "4096") &&
		      xsg_event(&g, "memory/target", "w1"),
	      "Linux: WATCH memory/target fires at once; READ it");
	check(xsg_watch(&g, XS_WATCH, "control/shutdown", "w2") &&
		      xsg_watch(&g, XS_WATCH, "control/sysrq", "w3") &&
		      xsg_event(&g, "control/sysrq", "w3"),
	      "Linux: WATCH control/shutdown and control/sysrq");
	tx = xsg_tx_start(&g);
	check(tx && xsg_write(&g, tx, "control/feature-poweroff", "1") &&
		      xsg_read_is(&g, tx, "control/shutdown", "") &&
		      xsg_write(&g, tx, "control/feature-reboot", "1") &&
		      xsg_tx_end(&g, tx, true) && xsg_ok(&g),
	      "Linux: a transaction writes feature-poweroff and -reboot");
	check(xsg_write(&g, 0, "control/feature-suspend", "1") &&
		      xsg_read_is(&g, 0, "control/feature-reboot", "1"),
	      "Linux: feature-suspend; the transaction's writes are in");
	tx = xsg_tx_start(&g);
	check(tx && xsg_call1(&g, XS_DIRECTORY, tx, "backend") &&
		      xsg_err(&g, "ENOENT") &&
		      xsg_call1(&g, XS_DIRECTORY, tx, "device") &&
		      xsg_is(&g, XS_DIRECTORY, "", 0) &&
		      xsg_tx_end(&g, tx, true) && xsg_ok(&g),
	      "Linux: DIRECTORY backend (ENOENT), device (empty)");
	xsg_events_clear(&g);
	check(xsg_watch(&g, XS_WATCH, "cpu", "w4") &&
		      xsg_event(&g, "cpu", "w4") &&
		      xsg_read_is(&g, 0, "cpu/0/availability", "online"),
	      "Linux: WATCH cpu, READ cpu/0/availability: online");
	xsg_free(&g);
}

int main(void)
{
	test_seed();
	test_api();
	test_trace();
	test_grub();
	test_linux();
	test_xs_nodes();
	test_xs_perms();
	test_xs_paths();
	test_xs_watches();
	test_xs_transactions();
	test_xs_ring();
	test_xs_malformed();
	test_xs_limits();
	test_xs_queue();
	test_xs_junk();
	test_xs_threads();
	return check_summary();
}
