/*
 * The process around the monitor: exit statuses, messages, files and
 * numbers, --trace's switch and output, and the seccomp filter. Knows
 * nothing of KVM or Xen; every other layer may use it.
 *
 *   message.c   diagnostics: "xhvm: ..." and errors kept for a caller
 *   file.c      whole-file reads, writes that finish
 *   parse.c     sizes and numbers from the command line
 *   trace.c     --trace: which events, and one line per event
 *   seccomp.c   the system-call filter around the run loop
 *
 * Conventions, for every layer: functions that can fail return 0 or an
 * exit status (enum xhvm_status) and have already printed why.
 */
#ifndef XHVM_SYS_H
#define XHVM_SYS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifndef XHVM_VERSION
#error "XHVM_VERSION comes from CMake (the project version)"
#endif
#define PAGE_SIZE    4096ull
#define PAGE_MASK    (~(PAGE_SIZE - 1))
#define NSEC_PER_SEC 1000000000ull

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The process exit status, documented in README.md and `xhvm --help`. */
enum xhvm_status {
	XHVM_EXIT_POWEROFF = 0,	   /* guest shut down: poweroff */
	XHVM_EXIT_CRASH = 1,	   /* guest shut down: crash */
	XHVM_EXIT_BAD_INPUT = 2,   /* bad usage, bad guest or blob file */
	XHVM_EXIT_HOST = 3,	   /* host or KVM failure */
	XHVM_EXIT_GUEST_FAULT = 4, /* triple fault, unexpected exit, ... */
	XHVM_EXIT_REBOOT = 5,	   /* guest shut down: reboot */
	XHVM_EXIT_SUSPEND = 6,	   /* guest shut down: suspend */
	XHVM_EXIT_WATCHDOG = 7,	   /* guest shut down: watchdog */
	XHVM_EXIT_SOFT_RESET = 8,  /* guest shut down: soft_reset */
	XHVM_EXIT_TIMEOUT = 9,	   /* --timeout passed: the guest was stuck */
	XHVM_EXIT_DETACHED = 10,   /* the user pressed Ctrl-] at the console */
	XHVM_EXIT_NO_CAP = 77,	   /* the host lacks a needed capability */
};

/* ---- The terminal (tty.c) --------------------------------------------- */

/*
 * Puts terminal fd in raw mode until tty_restore, which every way out
 * calls (fatal signals included). 0, or -1 if fd is not a terminal.
 */
int tty_raw(int fd);
void tty_restore(void);

/* ---- Messages (message.c) --------------------------------------------- */

/* "xhvm: <message>\n" on stderr. */
void xhvm_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void xhvm_verr(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));

/*
 * A failure message kept for the caller, for code that must stay quiet
 * (loaders run under a fuzzer). err_set returns XHVM_EXIT_BAD_INPUT.
 */
struct xhvm_error {
	char msg[256];
};
int err_set(struct xhvm_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- Files (file.c) ------------------------------------------------------ */

/*
 * Reads a whole regular file of at most max_size bytes into a malloc'd
 * buffer. Returns 0, or XHVM_EXIT_BAD_INPUT with err naming what was wrong
 * (missing, a directory, unreadable, too large).
 */
int read_file(const char *path, size_t max_size, uint8_t **data, size_t *size,
	      struct xhvm_error *err);
/* Writes all len bytes, through short writes and EINTR: 0, or -1. */
int write_all(int fd, const void *buf, size_t len);

/* ---- Numbers (parse.c) -------------------------------------------------- */

/* "64M", "2G", "4096", "0x100000": bytes, with K/M/G (binary) suffixes. */
int parse_size(const char *s, uint64_t *out);
/* A whole number in decimal or 0x-hex, no sign, no trailing junk. */
int parse_u64(const char *s, uint64_t *out);

/* ---- Tracing (trace.c) -------------------------------------------------- */

#define TRACE_EXITS (1u << 0) /* --trace: every exit, in words */
#define TRACE_IOCTL (1u << 1) /* --trace=ioctl: the setup's KVM ioctls */
extern unsigned xhvm_trace;

/* "exits", "ioctl", "all", comma-separated; NULL is "exits". -1: bad. */
int trace_parse(const char *s);
/*
 * "trace: <who>: <message>" on stderr, in one write, so lines from
 * several threads never interleave. who may be NULL.
 */
void trace_line(const char *who, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define TRACE_ON() __builtin_expect(xhvm_trace &TRACE_EXITS, 0)

/* ---- Containment (seccomp.c) --------------------------------------------- */

/*
 * Allows from now on only the system calls the run loop needs; any other
 * raises SIGSYS, which names it and exits XHVM_EXIT_HOST.
 */
int seccomp_install(void);
/* For tests: reports the filter's mode, then makes a forbidden call. */
void seccomp_selftest(void);

#endif /* XHVM_SYS_H */
