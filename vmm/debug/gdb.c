/*
 * --gdb PORT: the GDB remote protocol on 127.0.0.1, through KVM's guest
 * debugging (KVM_SET_GUEST_DEBUG): breakpoints in the debug registers,
 * single step, continue, registers and memory, for
 * 64-bit guests on vCPU 0. The stub runs on vCPU 0's thread whenever the
 * guest is stopped: before its first instruction, after a step or a
 * breakpoint. A learner can break on the guest's wrmsr, step over it and
 * watch the hypercall page appear.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "debug/gdb_protocol.h"

/* One debugger per process, on vCPU 0: NULL without --gdb, or once gone. */
static struct gdb *gdb;

int gdb_accept(struct vm *vm, unsigned port)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons((uint16_t)port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int one = 1, ls, fd;

	gdb = calloc(1, sizeof(*gdb));
	if (!gdb) {
		xhvm_err("--gdb: out of memory");
		return XHVM_EXIT_HOST;
	}
	gdb->fd = -1;
	if (vm_on_exit(vm, KVM_EXIT_DEBUG, gdb_debug_exit) < 0)
		return XHVM_EXIT_HOST;
	ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (ls < 0 ||
	    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(ls, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(ls, 1) < 0) {
		xhvm_err("--gdb %u: %s", port, strerror(errno));
		if (ls >= 0)
			close(ls);
		return XHVM_EXIT_HOST;
	}
	xhvm_err("waiting for gdb on 127.0.0.1:%u (target remote :%u)", port,
		 port);
	do {
		fd = accept(ls, NULL, NULL);
	} while (fd < 0 && errno == EINTR);
	close(ls);
	if (fd < 0) {
		xhvm_err("--gdb: accept: %s", strerror(errno));
		return XHVM_EXIT_HOST;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	gdb->fd = fd;
	return 0;
}

void gdb_close(void)
{
	if (!gdb)
		return;
	if (gdb->fd >= 0)
		close(gdb->fd);
	free(gdb);
	gdb = NULL;
}

/*
 * Breakpoints are the CPU's debug registers (KVM_GUESTDBG_USE_HW_BP):
 * execution breakpoints DR0-DR3, enabled in DR7. Some KVMs (PVM) cannot
 * take an int3 written into the guest, and these leave guest memory as
 * it is. gdb's software breakpoint requests (Z0) are served with them.
 */
#define DR7_LOCAL_ENABLE(i) (1ull << (2 * (i)))

static int set_debug(struct vcpu *v, bool step)
{
	struct gdb *g = gdb;
	struct kvm_guest_debug dbg = {
		.control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW_BP |
			   (step ? KVM_GUESTDBG_SINGLESTEP : 0),
	};
	unsigned i;

	for (i = 0; i < GDB_MAX_BPS; i++) {
		if (!g->bp[i].used)
			continue;
		dbg.arch.debugreg[i] = g->bp[i].addr;
		dbg.arch.debugreg[7] |= DR7_LOCAL_ENABLE(i);
	}
	g->stepping = step;
	return kvm_ioctl(v->fd, KVM_SET_GUEST_DEBUG, &dbg);
}

static const char *breakpoint(bool insert, uint64_t addr)
{
	struct gdb *g = gdb;
	unsigned i, free_slot = GDB_MAX_BPS;

	for (i = 0; i < GDB_MAX_BPS; i++) {
		if (g->bp[i].used && g->bp[i].addr == addr) {
			g->bp[i].used = insert;
			return "OK";
		}
		if (!g->bp[i].used && free_slot == GDB_MAX_BPS)
			free_slot = i;
	}
	if (!insert)
		return "OK";
	if (free_slot == GDB_MAX_BPS)
		return "E28"; /* four debug registers: no room */
	g->bp[free_slot].addr = addr;
	g->bp[free_slot].used = true;
	return "OK";
}

/* What one packet asks for: a reply, or the guest to go on or stop. */
enum gdb_next {
	GDB_REPLY,
	GDB_RESUME,
	GDB_KILL, /* gdb killed the guest: the run ends, exit 0 */
	GDB_FAIL, /* KVM failed */
	GDB_GONE, /* gdb detached */
};

/* 'm addr,len': guest memory through its page tables. */
static const char *read_memory(struct vcpu *v, struct gdb *g, const char *p)
{
	uint8_t mem[GDB_MAX_PACKET / 2];
	uint64_t addr, len;

	if (sscanf(p, "%" SCNx64 ",%" SCNx64, &addr, &len) != 2 ||
	    len > sizeof(mem))
		return "E22";
	if (guest_read(v, addr, mem, len))
		return "E14";
	hex(g->out, mem, len);
	return g->out;
}

/* 'M addr,len:bytes'. */
static const char *write_memory(struct vcpu *v, const char *p)
{
	uint8_t mem[GDB_MAX_PACKET / 2];
	const char *data = strchr(p, ':');
	uint64_t addr, len;

	if (!data || sscanf(p, "%" SCNx64 ",%" SCNx64, &addr, &len) != 2 ||
	    len > sizeof(mem) || unhex(data + 1, mem, len))
		return "E22";
	return guest_write(v, addr, mem, len) ? "E14" : "OK";
}

/* 'g' and 'G': the registers in gdb's amd64 layout. */
static const char *registers(struct vcpu *v, struct gdb *g, const char *p)
{
	struct kvm_regs *r = vcpu_regs(v);
	const struct kvm_sregs *s = vcpu_sregs(v);
	struct gdb_regs gr;

	if (!r || !s)
		return "E05";
	regs_out(r, s, &gr);
	if (*p == 'g') {
		hex(g->out, &gr, sizeof(gr));
		return g->out;
	}
	if (unhex(p + 1, &gr, sizeof(gr)))
		return "E22";
	regs_in(r, &gr);
	vcpu_regs_changed(v);
	return "OK";
}

static const char *query(const char *p)
{
	if (!strncmp(p, "qSupported", 10))
		return "PacketSize=1000";
	if (!strcmp(p, "qAttached"))
		return "1";
	if (!strcmp(p, "qC"))
		return "QC1";
	if (!strcmp(p, "qfThreadInfo"))
		return "m1";
	if (!strcmp(p, "qsThreadInfo"))
		return "l";
	return ""; /* not supported */
}

/* 'c' and 's', with an optional address to resume at. */
static enum gdb_next resume(struct vcpu *v, const char *p)
{
	struct kvm_regs *r = vcpu_regs(v);
	uint64_t addr;

	if (p[1] && sscanf(p + 1, "%" SCNx64, &addr) == 1 && r) {
		r->rip = addr;
		vcpu_regs_changed(v);
	}
	return set_debug(v, *p == 's') < 0 ? GDB_FAIL : GDB_RESUME;
}

static enum gdb_next packet(struct vcpu *v, struct gdb *g, const char **reply)
{
	const char *p = g->in;
	uint64_t addr;

	*reply = "";
	switch (*p) {
	case '?':
		*reply = "S05";
		break;
	case 'g':
	case 'G':
		*reply = registers(v, g, p);
		break;
	case 'm':
		*reply = read_memory(v, g, p + 1);
		break;
	case 'M':
		*reply = write_memory(v, p + 1);
		break;
	case 'Z':
	case 'z':
		/* Execution breakpoints only. */
		if ((p[1] == '0' || p[1] == '1') &&
		    sscanf(p + 3, "%" SCNx64, &addr) == 1)
			*reply = breakpoint(*p == 'Z', addr);
		break;
	case 'c':
	case 's':
		return resume(v, p);
	case 'k':
		xhvm_err("gdb killed the guest");
		return GDB_KILL;
	case 'D':
		send_packet(g, "OK");
		return GDB_GONE;
	case 'H':
		*reply = "OK";
		break;
	case 'q':
		*reply = query(p);
		break;
	default:
		break; /* "": not supported */
	}
	return GDB_REPLY;
}

/* gdb went away: the guest runs on, undebugged. */
static struct xhvm_action gone(struct vcpu *v)
{
	struct kvm_guest_debug off = {0};

	xhvm_err("gdb disconnected; the guest runs on");
	kvm_ioctl(v->fd, KVM_SET_GUEST_DEBUG, &off);
	gdb_close();
	return action_run();
}

/*
 * The guest is stopped (report: after a step or a breakpoint, which gdb
 * is told): answer gdb until it says continue or step.
 */
static struct xhvm_action serve(struct vcpu *v, bool report)
{
	struct gdb *g = gdb;

	if (report && send_packet(g, "S05") < 0)
		return gone(v);
	for (;;) {
		const char *reply;

		if (recv_packet(g) < 0)
			return gone(v);
		switch (packet(v, g, &reply)) {
		case GDB_RESUME:
			return action_run();
		case GDB_KILL:
			return action_stop(XHVM_EXIT_POWEROFF);
		case GDB_FAIL:
			return action_stop(XHVM_EXIT_HOST);
		case GDB_GONE:
			return gone(v);
		case GDB_REPLY:
			break;
		}
		if (send_packet(g, reply) < 0)
			return gone(v);
	}
}

struct xhvm_action gdb_debug_exit(struct vcpu *v)
{
	if (!gdb)
		return guest_fault(v, "debug exception %u with no debugger",
				   v->run->debug.arch.exception);
	return serve(v, true);
}

struct xhvm_action gdb_first_stop(struct vcpu *v)
{
	/* No exit has filled in the registers yet. */
	if (!gdb)
		return action_run();
	if (vcpu_refetch_regs(v) < 0)
		return action_stop(XHVM_EXIT_HOST);
	return serve(v, false);
}

void gdb_exited(int status)
{
	char w[8];

	if (!gdb || gdb->fd < 0)
		return;
	snprintf(w, sizeof(w), "W%02x", status & 0xff);
	send_packet(gdb, w);
}
