/*
 * The PV console (HVM_PARAM_CONSOLE_PFN and _EVTCHN): a xencons_interface
 * ring page outside RAM and an event channel whose other end is here, as
 * xenconsoled is on Xen. What the guest writes to out[] goes to xhvm's
 * standard output when it sends on the port; what arrives on standard
 * input goes into in[], with a send back. A terminal is put in raw mode
 * for as long as the guest runs (its keys are the guest's, Ctrl-C too);
 * Ctrl-] detaches, as from `xl console`, and stops the guest.
 *
 * The page is the guest's to scribble on: its indices are read once per
 * drain, checked (never more pending than the ring holds), and only
 * xhvm's copy of them decides what is copied where.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xen/xen.h"

struct xen_console {
	struct xen_domain *d;
	struct xencons_interface *ring;
	uint32_t port;
	bool used;    /* the guest sent on the port once */
	bool warned;  /* broken indices said once */
	bool reading; /* the stdin thread runs */
	bool tty;     /* ... on a terminal, made raw */
	bool stop;    /* ... and should end (atomic) */
	pthread_t reader;
};

/* Under d->console_lock: out[] to stdout, then out_cons caught up. */
static void drain(struct xen_console *c, struct xen_vcpu *x)
{
	struct xencons_interface *r = c->ring;
	XENCONS_RING_IDX cons = __atomic_load_n(&r->out_cons, __ATOMIC_RELAXED);
	XENCONS_RING_IDX prod = __atomic_load_n(&r->out_prod, __ATOMIC_ACQUIRE);
	XENCONS_RING_IDX n = prod - cons;
	char buf[sizeof(r->out)];
	uint32_t i;

	if (n > sizeof(r->out)) {
		if (!c->warned)
			xhvm_err("vCPU %u: console ring: out_prod - out_cons "
				 "= %u, more than the ring's %zu bytes: "
				 "skipping to out_prod",
				 x->index, n, sizeof(r->out));
		c->warned = true;
		n = 0;
	}
	for (i = 0; i < n; i++)
		buf[i] = r->out[MASK_XENCONS_IDX(cons + i, r->out)];
	if (n)
		write_all(STDOUT_FILENO, buf, n);
	__atomic_store_n(&r->out_cons, prod, __ATOMIC_RELEASE);
	TRACE(x->v, "console ring: %u bytes out", n);
}

/* Puts up to n bytes into in[]; returns how many fitted. */
static size_t feed(struct xen_console *c, const char *buf, size_t n)
{
	struct xencons_interface *r = c->ring;
	XENCONS_RING_IDX cons = __atomic_load_n(&r->in_cons, __ATOMIC_ACQUIRE);
	XENCONS_RING_IDX prod = __atomic_load_n(&r->in_prod, __ATOMIC_RELAXED);
	size_t room, i;

	/* A guest that moved in_cons past in_prod gets an empty ring. */
	room = prod - cons > sizeof(r->in) ? sizeof(r->in)
					   : sizeof(r->in) - (prod - cons);
	if (n > room)
		n = room;
	for (i = 0; i < n; i++)
		r->in[MASK_XENCONS_IDX(prod + i, r->in)] = buf[i];
	__atomic_store_n(&r->in_prod, prod + (XENCONS_RING_IDX)n,
			 __ATOMIC_RELEASE);
	return n;
}

/* Ctrl-]: the key `xl console` and telnet detach with. */
#define DETACH_KEY 0x1d

/* A terminal's Ctrl-] in buf[0..n): stops the guest; the bytes before. */
static size_t detach_key(struct xen_console *c, const char *buf, size_t n)
{
	const char *k = c->tty ? memchr(buf, DETACH_KEY, n) : NULL;

	if (!k)
		return n;
	tty_restore();
	xhvm_err("detached from the console (Ctrl-]): the guest is stopped");
	vm_stop(c->d->vm, XHVM_EXIT_DETACHED);
	__atomic_store_n(&c->stop, true, __ATOMIC_RELEASE);
	return (size_t)(k - buf);
}

/* Standard input into in[], until EOF or the console goes. */
static void *read_stdin(void *arg)
{
	struct xen_console *c = arg;
	struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
	char buf[256];
	size_t have = 0, off = 0;

	while (!__atomic_load_n(&c->stop, __ATOMIC_ACQUIRE)) {
		ssize_t n;

		if (off == have) {
			if (poll(&pfd, 1, 100) <= 0)
				continue;
			n = read(STDIN_FILENO, buf, sizeof(buf));
			if (n == 0 ||
			    (n < 0 && errno != EINTR && errno != EAGAIN))
				break;
			have = n > 0 ? detach_key(c, buf, (size_t)n) : 0;
			off = 0;
			continue;
		}
		n = (ssize_t)feed(c, buf + off, have - off);
		off += (size_t)n;
		if (n)
			evtchn_host_notify(c->d, c->port);
		else
			usleep(10000); /* the guest has not read yet */
	}
	return NULL;
}

/* A guest send: drain its output; the first one starts input. */
static void console_send(struct xen_vcpu *x, uint32_t port, void *arg)
{
	struct xen_console *c = arg;

	(void)port;
	pthread_mutex_lock(&c->d->console_lock);
	drain(c, x);
	if (!c->used) {
		c->tty = tty_raw(STDIN_FILENO) == 0;
		c->reading =
			pthread_create(&c->reader, NULL, read_stdin, c) == 0;
	}
	c->used = true;
	pthread_mutex_unlock(&c->d->console_lock);
	/* Like xenconsoled: tell the guest there is room again. */
	evtchn_host_notify(c->d, c->port);
}

struct xen_console *xen_console_create(struct xen_domain *d, void *page)
{
	struct xen_console *c = calloc(1, sizeof(*c));
	int64_t port;

	if (!c) {
		xhvm_err("out of memory for the console");
		return NULL;
	}
	c->d = d;
	c->ring = page;
	c->ring->connection = XENCONSOLE_CONNECTED;
	port = evtchn_host_bind(d, 0, console_send, c);
	if (port < 0) {
		xhvm_err("no event channel port for the console");
		free(c);
		return NULL;
	}
	c->port = (uint32_t)port;
	return c;
}

uint32_t xen_console_port(const struct xen_console *c)
{
	return c->port;
}

void xen_console_destroy(struct xen_console *c)
{
	if (!c)
		return;
	if (c->reading) {
		__atomic_store_n(&c->stop, true, __ATOMIC_RELEASE);
		pthread_join(c->reader, NULL);
	}
	if (c->tty)
		tty_restore();
	free(c);
}
