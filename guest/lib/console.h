/*
 * printf to the Xen console (console_io CONSOLEIO_write), one hypercall per
 * line. Until xen_init() succeeds there is no console and output is dropped.
 *
 * Conversions: %d %i %u %x %X %c %s %p %%, with the flags '0', '-' and '#' (0x
 * before hex), a field width and the length modifiers l, ll and z.
 */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define PRINTF_FMT(f, a) __attribute__((format(printf, f, a)))

int printf(const char *fmt, ...) PRINTF_FMT(1, 2);
int vprintf(const char *fmt, va_list ap) PRINTF_FMT(1, 0);
int snprintf(char *buf, size_t size, const char *fmt, ...) PRINTF_FMT(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	PRINTF_FMT(3, 0);

/* Prints s and a newline. */
int puts(const char *s);

/* Writes out a partial line. */
void console_flush(void);

/*
 * From now on, lines go to the PV console ring at page (its
 * xencons_interface) and an EVTCHNOP_send on port, not console_io.
 */
void console_use_ring(void *page, uint32_t port);

/*
 * For a vCPU that faulted inside printf: frees the console so its last
 * words can be printed. Nothing else should call it.
 */
void console_break_lock(void);

#endif /* GUEST_CONSOLE_H */
