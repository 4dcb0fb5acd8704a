/*
 * console_io: the guest's console is xhvm's standard output.
 */
#include <errno.h>
#include <unistd.h>

#include "xhvm.h"

/* Larger writes are refused, so one call cannot pin the monitor. */
#define CONSOLE_MAX_WRITE (1u << 20)
#define CONSOLE_CHUNK	  512

static int write_all(int fd, const uint8_t *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int64_t console_write(struct xhvm_vcpu *v, uint64_t count, uint64_t buf)
{
	uint8_t chunk[CONSOLE_CHUNK];

	if (count > CONSOLE_MAX_WRITE)
		return -XEN_EINVAL;
	while (count > 0) {
		size_t n = count < sizeof(chunk) ? count : sizeof(chunk);

		/* A bad pointer mid-way leaves what came before written. */
		if (guest_read(v, buf, chunk, n) < 0)
			return -XEN_EFAULT;
		if (write_all(STDOUT_FILENO, chunk, n) < 0)
			return -XEN_EIO;
		buf += n;
		count -= n;
	}
	return 0;
}

struct xhvm_action hc_console_io(struct xhvm_vcpu *v, struct xhvm_hcall *c)
{
	switch (c->arg[0]) {
	case CONSOLEIO_write:
		/* A line from one vCPU is not cut by another's. */
		pthread_mutex_lock(&v->vm->console_lock);
		c->result = console_write(v, c->arg[1], c->arg[2]);
		pthread_mutex_unlock(&v->vm->console_lock);
		break;
	default:
		c->result = -XEN_ENOSYS;
		break;
	}
	return action_run();
}
