/*
 * A small printf. Output is collected a line at a time so each line reaches
 * the monitor in one hypercall and lines from a trap handler stay whole.
 * On several vCPUs one lock covers the buffer: every printf formats and
 * flushes under it, so output interleaves only between printf calls.
 * Lines go through console_io, or once console_use_ring() is called
 * through the PV console ring, as Xen guests' consoles do.
 */
#include <stdbool.h>
#include <stdint.h>
#include "console.h"
#include "hypercall.h"
#include "spinlock.h"
#include "string.h"

#define CONSOLE_LINE_MAX 256

static char line[CONSOLE_LINE_MAX];
static size_t line_len;
static struct spinlock console_lock;
static struct xencons_interface *ring;
static uint32_t ring_port;

void console_use_ring(void *page, uint32_t port)
{
	ring_port = port;
	__atomic_store_n(&ring, (struct xencons_interface *)page,
			 __ATOMIC_RELEASE);
}

/*
 * Into out[] as room allows, a send each time, and wait (yielding) for
 * the monitor to take it: out_cons catching up with out_prod.
 */
static void ring_write(const char *s, size_t n)
{
	struct evtchn_port_arg send = {ring_port};

	while (n) {
		uint32_t cons =
			__atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE);
		uint32_t prod = ring->out_prod;

		while (n && prod - cons < sizeof(ring->out)) {
			ring->out[MASK_XENCONS_IDX(prod, ring->out)] = *s++;
			prod++;
			n--;
		}
		__atomic_store_n(&ring->out_prod, prod, __ATOMIC_RELEASE);
		xen_hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_send,
			       (unsigned long)&send);
		while (__atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE) !=
		       prod)
			xen_sched_op(SCHEDOP_yield, 0);
	}
}

void console_break_lock(void)
{
	spin_unlock(&console_lock);
}

void console_flush(void)
{
	if (line_len && xen_ready()) {
		if (__atomic_load_n(&ring, __ATOMIC_ACQUIRE))
			ring_write(line, line_len);
		else
			xen_console_write(line, line_len);
	}
	line_len = 0;
}

static void console_putc(char c)
{
	line[line_len++] = c;
	if (c == '\n' || line_len == sizeof(line))
		console_flush();
}

/* Where formatted characters go: the console, or a caller's buffer. */
struct sink {
	char *buf; /* NULL: the console */
	size_t size;
	size_t len; /* characters produced, as printf returns */
};

static void emit(struct sink *s, char c)
{
	if (!s->buf)
		console_putc(c);
	else if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

static void emit_pad(struct sink *s, char c, int n)
{
	while (n-- > 0)
		emit(s, c);
}

/*
 * Divides *v by base and returns the remainder. 32-bit guests have no
 * libgcc for 64-bit division, so they do it bit by bit.
 */
static unsigned int divmod(unsigned long long *v, unsigned int base)
{
#if __SIZEOF_LONG__ == 8
	unsigned int rem = *v % base;

	*v /= base;
	return rem;
#else
	unsigned long long quot = 0;
	unsigned int rem = 0;
	int bit;

	for (bit = 63; bit >= 0; bit--) {
		rem = rem << 1 | ((*v >> bit) & 1);
		if (rem >= base) {
			rem -= base;
			quot |= 1ull << bit;
		}
	}
	*v = quot;
	return rem;
#endif
}

struct spec {
	int width;
	bool zero;  /* pad with '0' */
	bool left;  /* pad on the right */
	bool alt;   /* '#': 0x before hex */
	bool upper; /* %X */
};

static void emit_field(struct sink *s, const struct spec *sp,
		       const char *prefix, const char *body, int body_len)
{
	int pad = sp->width - body_len - (int)strlen(prefix);

	if (!sp->left && !sp->zero)
		emit_pad(s, ' ', pad);
	while (*prefix)
		emit(s, *prefix++);
	if (!sp->left && sp->zero)
		emit_pad(s, '0', pad);
	while (body_len--)
		emit(s, *body++);
	if (sp->left)
		emit_pad(s, ' ', pad);
}

static void emit_number(struct sink *s, const struct spec *sp,
			unsigned long long v, unsigned int base, bool negative,
			const char *prefix)
{
	const char *digits =
		sp->upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24]; /* 2^64 in decimal is 20 digits */
	int n = sizeof(buf);

	do
		buf[--n] = digits[divmod(&v, base)];
	while (v);
	emit_field(s, sp, negative ? "-" : prefix, buf + n, sizeof(buf) - n);
}

/* The length modifier decides the width of the va_arg. */
enum length { LEN_INT, LEN_LONG, LEN_LLONG, LEN_SIZE };

static unsigned long long arg_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_LONG:
		return va_arg(*ap, unsigned long);
	case LEN_LLONG:
		return va_arg(*ap, unsigned long long);
	case LEN_SIZE:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static long long arg_signed(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_LONG:
		return va_arg(*ap, long);
	case LEN_LLONG:
		return va_arg(*ap, long long);
	case LEN_SIZE:
		return (long long)va_arg(*ap, size_t);
	default:
		return va_arg(*ap, int);
	}
}

static const char *parse_spec(const char *f, struct spec *sp, enum length *len)
{
	*sp = (struct spec){0};
	for (;; f++) {
		if (*f == '0')
			sp->zero = true;
		else if (*f == '-')
			sp->left = true;
		else if (*f == '#')
			sp->alt = true;
		else
			break;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');

	*len = LEN_INT;
	if (*f == 'z') {
		*len = LEN_SIZE;
		f++;
	} else if (*f == 'l') {
		*len = LEN_LONG;
		if (*++f == 'l') {
			*len = LEN_LLONG;
			f++;
		}
	}
	return f;
}

static void format(struct sink *s, const char *f, va_list ap)
{
	va_list args;

	/* A copy, so helpers can take it by pointer on every ABI. */
	va_copy(args, ap);
	for (; *f; f++) {
		struct spec sp;
		enum length len;
		unsigned long long uv;
		long long sv;
		const char *str;
		char c;

		if (*f != '%') {
			emit(s, *f);
			continue;
		}
		f = parse_spec(f + 1, &sp, &len);
		switch (*f) {
		case 'd':
		case 'i':
			sv = arg_signed(&args, len);
			/* Negate as unsigned: -LLONG_MIN overflows. */
			uv = sv < 0 ? -(unsigned long long)sv
				    : (unsigned long long)sv;
			emit_number(s, &sp, uv, 10, sv < 0, "");
			break;
		case 'u':
			emit_number(s, &sp, arg_unsigned(&args, len), 10, false,
				    "");
			break;
		case 'X':
			sp.upper = true;
			/* fall through */
		case 'x':
			emit_number(s, &sp, arg_unsigned(&args, len), 16, false,
				    sp.alt ? "0x" : "");
			break;
		case 'p':
			emit_number(s, &sp, (uintptr_t)va_arg(args, void *), 16,
				    false, "0x");
			break;
		case 'c':
			c = (char)va_arg(args, int);
			emit_field(s, &sp, "", &c, 1);
			break;
		case 's':
			str = va_arg(args, const char *);
			if (!str)
				str = "(null)";
			emit_field(s, &sp, "", str, strlen(str));
			break;
		case '%':
			emit(s, '%');
			break;
		case '\0':
			/* A lone '%' at the end: stop at the terminator. */
			f--;
			break;
		default:
			/* Unknown: print it as written, so the bug shows. */
			emit(s, '%');
			emit(s, *f);
			break;
		}
	}
	va_end(args);
}

int vprintf(const char *fmt, va_list ap)
{
	struct sink s = {0};

	spin_lock(&console_lock);
	format(&s, fmt, ap);
	console_flush();
	spin_unlock(&console_lock);
	return s.len;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	/* A NULL buffer would mean the console: size 0 still counts. */
	char dummy;
	struct sink s = {.buf = size ? buf : &dummy, .size = size};

	format(&s, fmt, ap);
	if (size)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return s.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	int n = 0;

	spin_lock(&console_lock);
	while (s[n])
		console_putc(s[n++]);
	console_putc('\n');
	spin_unlock(&console_lock);
	return n + 1;
}
