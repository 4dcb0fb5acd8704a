/*
 * The debug console ports a guest may print to before it has anything
 * better: 0xe9 (Bochs' and QEMU's debugcon, Xen's own; GRUB's panic path
 * and Linux's early printk without console_io use it) and 0x12 (the log
 * port of Xen's QEMU platform device, where XTF writes when not booted by
 * PVH). Every byte written goes to xhvm's standard output, `rep outsb`
 * too; reading 0xe9 gives 0xe9, as QEMU's debugcon answers.
 */
#include <string.h>
#include <unistd.h>

#include "platform/platform.h"

#define DEBUGCON_PORT 0xe9
#define XEN_LOG_PORT  0x12

static struct xhvm_action debugcon(struct vcpu *v, uint16_t port, bool out,
				   unsigned size, unsigned count, uint8_t *data,
				   void *arg)
{
	(void)arg;
	if (!out) {
		memset(data, port == DEBUGCON_PORT ? DEBUGCON_PORT : 0xff,
		       (size_t)size * count);
		return action_run();
	}
	/* Bytes written; wider OUTs give their low byte, as on the ISA bus. */
	if (size == 1) {
		write_all(STDOUT_FILENO, data, count);
	} else {
		unsigned i;

		for (i = 0; i < count; i++)
			write_all(STDOUT_FILENO, data + (size_t)i * size, 1);
	}
	TRACE(v, "OUT port %#x: %u byte(s) to standard output", port, count);
	return action_run();
}

int debugcon_attach(struct vm *vm)
{
	if (vm_add_pio(vm, DEBUGCON_PORT, 1, "the 0xe9 debug console", debugcon,
		       NULL) < 0 ||
	    vm_add_pio(vm, XEN_LOG_PORT, 1, "Xen's platform log port", debugcon,
		       NULL) < 0)
		return -1;
	return 0;
}
