/*
 * The GDB remote protocol's framing and encodings (gdb_protocol.c), for
 * the stub that serves it (gdb.c): packets $data#checksum acknowledged
 * with '+', hex-encoded bytes, and gdb's amd64 register layout.
 */
#ifndef XHVM_GDB_PROTOCOL_H
#define XHVM_GDB_PROTOCOL_H

#include "debug/debug.h"

#define GDB_MAX_PACKET 4096
/* One breakpoint per execution debug register, DR0-DR3. */
#define GDB_MAX_BPS 4

struct gdb {
	int fd;
	bool stepping;
	struct {
		uint64_t addr;
		bool used;
	} bp[GDB_MAX_BPS];
	char in[GDB_MAX_PACKET + 1];
	char out[GDB_MAX_PACKET * 2 + 8];
};

/* gdb's amd64 'g' layout without a target description. */
struct gdb_regs {
	uint64_t gpr[16]; /* rax rbx rcx rdx rsi rdi rbp rsp r8..r15 */
	uint64_t rip;
	uint32_t eflags;
	uint32_t seg[6]; /* cs ss ds es fs gs */
} __attribute__((packed));

/* $data#checksum, and wait for gdb's '+': 0, or -1 when gdb has gone. */
int send_packet(struct gdb *g, const char *data);
/* The next packet's data into g->in; -1 when gdb has gone. */
int recv_packet(struct gdb *g);
/* n bytes as 2n hex digits and a NUL; and back (0, or -1 on bad hex). */
void hex(char *out, const void *p, size_t n);
int unhex(const char *s, void *p, size_t n);
void regs_out(const struct kvm_regs *r, const struct kvm_sregs *s,
	      struct gdb_regs *g);
void regs_in(struct kvm_regs *r, const struct gdb_regs *g);

#endif /* XHVM_GDB_PROTOCOL_H */
