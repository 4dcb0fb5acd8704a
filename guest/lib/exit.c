#include "guest.h"
#include "hypercall.h"
#include "processor.h"

/*
 * Weak, so a guest that never prints (hello) does not pull in printf just
 * to flush: without console.o linked in, this is NULL.
 */
extern void console_flush(void) __attribute__((weak));

void guest_exit(int status)
{
	/* A guest that never printed may not have looked for Xen yet. */
	if (xen_init_nowait() == 0) {
		if (console_flush)
			console_flush();
		xen_sched_shutdown(status ? SHUTDOWN_crash : SHUTDOWN_poweroff);
	}
	halt_forever();
}
