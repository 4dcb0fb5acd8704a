/*
 * The GDB remote protocol's framing and encodings: what goes over the
 * socket, apart from what it means (gdb.c).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "debug/gdb_protocol.h"

/* $data#checksum, and wait for gdb's '+'. */
int send_packet(struct gdb *g, const char *data)
{
	char frame[sizeof(g->out) + 8];
	unsigned sum = 0;
	size_t i, n = strlen(data);
	char ack;

	for (i = 0; i < n; i++)
		sum += (unsigned char)data[i];
	snprintf(frame, sizeof(frame), "$%s#%02x", data, sum & 0xff);
	do {
		if (write_all(g->fd, frame, strlen(frame)) < 0 ||
		    read(g->fd, &ack, 1) != 1)
			return -1;
	} while (ack == '-');
	return 0;
}

/* The next packet's data into g->in; -1 when gdb has gone. */
int recv_packet(struct gdb *g)
{
	size_t n = 0;
	char c, sum[2];

	do {
		if (read(g->fd, &c, 1) != 1)
			return -1;
	} while (c != '$');
	for (;;) {
		if (read(g->fd, &c, 1) != 1)
			return -1;
		if (c == '#')
			break;
		if (n < GDB_MAX_PACKET)
			g->in[n++] = c;
	}
	g->in[n] = '\0';
	if (read(g->fd, sum, 2) != 2 || write_all(g->fd, "+", 1) < 0)
		return -1;
	return 0;
}

void hex(char *out, const void *p, size_t n)
{
	static const char d[] = "0123456789abcdef";
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = d[b[i] >> 4];
		out[2 * i + 1] = d[b[i] & 15];
	}
	out[2 * n] = '\0';
}

int unhex(const char *s, void *p, size_t n)
{
	uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned v;

		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		b[i] = (uint8_t)v;
	}
	return 0;
}

void regs_out(const struct kvm_regs *r, const struct kvm_sregs *s,
	      struct gdb_regs *g)
{
	*g = (struct gdb_regs){
		{r->rax, r->rbx, r->rcx, r->rdx, r->rsi, r->rdi, r->rbp, r->rsp,
		 r->r8, r->r9, r->r10, r->r11, r->r12, r->r13, r->r14, r->r15},
		r->rip,
		(uint32_t)r->rflags,
		{s->cs.selector, s->ss.selector, s->ds.selector, s->es.selector,
		 s->fs.selector, s->gs.selector},
	};
}

void regs_in(struct kvm_regs *r, const struct gdb_regs *g)
{
	r->rax = g->gpr[0], r->rbx = g->gpr[1], r->rcx = g->gpr[2];
	r->rdx = g->gpr[3], r->rsi = g->gpr[4], r->rdi = g->gpr[5];
	r->rbp = g->gpr[6], r->rsp = g->gpr[7], r->r8 = g->gpr[8];
	r->r9 = g->gpr[9], r->r10 = g->gpr[10], r->r11 = g->gpr[11];
	r->r12 = g->gpr[12], r->r13 = g->gpr[13], r->r14 = g->gpr[14];
	r->r15 = g->gpr[15], r->rip = g->rip;
	r->rflags = g->eflags;
}
