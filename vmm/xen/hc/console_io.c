/*
 * console_io: the guest's console is xhvm's standard output, and its
 * standard input when that is not a terminal. Once the guest has asked
 * where its PV console ring is (HVM_PARAM_CONSOLE_PFN), the ring is its
 * console and console_io writes go to standard error: on Xen they reach
 * the hypervisor's log, not the domain's console, and guests such as XTF
 * write every line both ways.
 */
#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include "xen/xen.h"

/* Larger writes are refused, so one call cannot pin the monitor. */
#define CONSOLE_MAX_WRITE (1u << 20)
#define CONSOLE_CHUNK	  512

static int64_t write_locked(struct xen_vcpu *x, uint64_t count, uint64_t buf)
{
	uint8_t chunk[CONSOLE_CHUNK];
	int fd = __atomic_load_n(&x->d->console_claimed, __ATOMIC_ACQUIRE)
			 ? STDERR_FILENO
			 : STDOUT_FILENO;

	while (count > 0) {
		size_t n = count < sizeof(chunk) ? count : sizeof(chunk);

		/* A bad pointer mid-way leaves what came before written. */
		if (guest_read(x->v, buf, chunk, n) < 0)
			return -XEN_EFAULT;
		if (write_all(fd, chunk, n) < 0)
			return -XEN_EIO;
		buf += n;
		count -= n;
	}
	return 0;
}

static int64_t console_write(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	int64_t r;

	if (c->arg[1] > CONSOLE_MAX_WRITE)
		return -XEN_EINVAL;
	/* A line from one vCPU is not cut by another's. */
	pthread_mutex_lock(&x->d->console_lock);
	r = write_locked(x, c->arg[1], c->arg[2]);
	pthread_mutex_unlock(&x->d->console_lock);
	return r;
}

/*
 * Up to count bytes of xhvm's stdin, without waiting: what is there now.
 * A terminal is the user's, not the guest's, so it reads as empty.
 */
static int64_t read_locked(struct xen_vcpu *x, uint64_t count, uint64_t buf)
{
	uint8_t chunk[CONSOLE_CHUNK];
	struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
	ssize_t n;

	if (count == 0 || isatty(STDIN_FILENO))
		return 0;
	if (count > sizeof(chunk))
		count = sizeof(chunk);
	/* Check the buffer first: input once read cannot be put back. */
	if (!guest_range_ok(x->v, buf, count, true))
		return -XEN_EFAULT;
	if (poll(&pfd, 1, 0) <= 0 || !(pfd.revents & (POLLIN | POLLHUP)))
		return 0;
	do {
		n = read(STDIN_FILENO, chunk, count);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EAGAIN ? 0 : -XEN_EIO;
	if (n > 0 && guest_write(x->v, buf, chunk, (size_t)n) < 0)
		return -XEN_EFAULT;
	return n;
}

static int64_t console_read(struct xen_vcpu *x, struct xhvm_hcall *c)
{
	int64_t r;

	pthread_mutex_lock(&x->d->console_lock);
	r = read_locked(x, c->arg[1], c->arg[2]);
	pthread_mutex_unlock(&x->d->console_lock);
	return r;
}

static const struct hcall_op ops[] = {
	[CONSOLEIO_write] = {"write", console_write},
	[CONSOLEIO_read] = {"read", console_read},
};

XEN_HYPERCALL(console_io) = {
	.nr = __HYPERVISOR_console_io,
	.name = "console_io",
	.nargs = 3,
	.ops = ops,
	.nops = ARRAY_SIZE(ops),
};
