/*
 * xhvm run's options: each checked on its own (sizes, numbers, names, with
 * a message naming what was wrong and exit status 2), then what they say
 * together. Nothing here needs KVM.
 */
#include <getopt.h>
#include <string.h>

#include "cmd_run.h"
#include "debug/debug.h"

#define XEN_MSR_FIRST	 0x40000000u
#define XEN_MSR_LAST	 0x4fffffffu
#define XHVM_MAX_TIMEOUT (7 * 24 * 3600)

const char cmd_run_usage[] =
	"Usage: xhvm run [OPTIONS] [GUEST]\n"
	"\n"
	"Runs GUEST, an x86 ELF executable, by default the built-in hello\n"
	"guest, in a KVM VM that offers Xen's hypercall interface: the Xen\n"
	"CPUID leaves, the hypercall MSR, and a hypercall page from a blob.\n"
	"An image with a XEN_ELFNOTE_PHYS32_ENTRY note boots by Xen's PVH\n"
	"ABI (32-bit, EBX = start_info); any other by xhvm's own contract\n"
	"(ELF64: long mode; ELF32: protected mode).\n"
	"\n"
	"Options:\n"
	"  -m, --mem SIZE      guest RAM: bytes, or with a K, M or G suffix\n"
	"                      (default 32M; 2M to 64G, whole 4 KiB pages)\n"
	"      --vcpus N       vCPUs, 1 to 64 (default 1); each runs on a\n"
	"                      thread of its own, all from the guest's entry\n"
	"      --timeout SECS  stop a guest still running after SECS seconds\n"
	"                      and show where each vCPU was (default 60;\n"
	"                      0: never)\n"
	"      --trace[=WHAT]  say what happens, one line per event on\n"
	"                      stderr: exits (the default: every exit and\n"
	"                      what xhvm did about it, hypercalls decoded),\n"
	"                      ioctl (also each KVM ioctl, with arguments),\n"
	"                      all\n"
	"      --gdb PORT      wait for gdb on 127.0.0.1:PORT before the\n"
	"                      guest starts (64-bit guests, one vCPU; no\n"
	"                      watchdog unless --timeout is given)\n"
	"      --arg N         a number for the guest, in its boot info\n"
	"                      (default 0)\n"
	"      --no-seccomp    run without the seccomp filter that otherwise\n"
	"                      confines xhvm to the run loop's system calls\n"
	"                      once the VM is built (for debugging);\n"
	"                      --seccomp forces it on\n"
	"      --msr INDEX     the Xen hypercall MSR (default 0x40000000;\n"
	"                      0x40000000 to 0x4fffffff)\n"
	"      --msr-backend B how the MSR write becomes a hypercall page:\n"
	"                      kernel     KVM copies a blob page\n"
	"                                 (KVM_XEN_HVM_CONFIG)\n"
	"                      intercept  KVM writes VMCALL stubs; hypercalls\n"
	"                                 arrive as KVM_EXIT_XEN\n"
	"                      user       MSR exits; xhvm copies a blob page\n"
	"                      auto       kernel if KVM has it, else user\n"
	"                                 (the default)\n"
	"      --blob64 FILE   hypercall pages for 64-bit guests (default:\n"
	"                      the built-in blob)\n"
	"      --blob32 FILE   hypercall pages for 32-bit guests (default:\n"
	"                      the built-in blob); blobs have no use with\n"
	"                      --msr-backend intercept\n"
	"      --boot PROTO    pvh: Xen's PVH ABI (needs the note); elf:\n"
	"                      xhvm's contract, at e_entry; auto: PVH if\n"
	"                      the image has the note (the default)\n"
	"      --cmdline TEXT  the PVH guest's command line (at most 4095\n"
	"                      bytes)\n"
	"      --module FILE   a PVH module, in start_info's module list\n"
	"                      (repeatable, at most 16; Linux takes the\n"
	"                      first as its initrd)\n"
	"      --lapic MODE    on: each vCPU gets a local APIC in KVM and\n"
	"                      upcalls arrive through it (the guest EOIs);\n"
	"                      off: upcalls are injected with KVM_INTERRUPT;\n"
	"                      auto: on for PVH guests when KVM can (the\n"
	"                      default)\n"
	"  -h, --help          show this help\n"
	"\n"
	"Exit status:\n"
	"   0  the guest powered off         5  the guest shut down: reboot\n"
	"   1  the guest crashed             6  the guest shut down: suspend\n"
	"   2  bad usage or input file       7  the guest shut down: watchdog\n"
	"   3  host or KVM failure           8  the guest shut down: "
	"soft_reset\n"
	"   4  guest fault (triple fault, unexpected exit, KVM internal "
	"error;\n"
	"      registers are dumped to stderr)\n"
	"   9  --timeout passed with the guest still running (each vCPU's\n"
	"      registers are dumped to stderr)\n"
	"  10  the user detached from the guest's console with Ctrl-]\n"
	"  77  the host lacks a KVM capability xhvm needs (named in the\n"
	"      message; see 'xhvm caps')\n";

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt,
							     ...)
{
	va_list ap;

	va_start(ap, fmt);
	xhvm_verr(fmt, ap);
	va_end(ap);
	fputs("Try 'xhvm run --help'.\n", stderr);
	return XHVM_EXIT_BAD_INPUT;
}

static int parse_mem(const char *arg, uint64_t *out)
{
	uint64_t v;

	if (parse_size(arg, &v) < 0)
		return usage_error("--mem: '%s' is not a size (e.g. 64M, 1G)",
				   arg);
	if (v % PAGE_SIZE)
		return usage_error("--mem: %s is not a whole number of 4 KiB "
				   "pages",
				   arg);
	if (v < XHVM_MIN_RAM)
		return usage_error("--mem: %s is below the 2 MiB minimum "
				   "(xhvm keeps the first MiB)",
				   arg);
	if (v > XHVM_MAX_RAM)
		return usage_error("--mem: %s is above the 64 GiB maximum",
				   arg);
	*out = v;
	return 0;
}

static int parse_msr(const char *arg, uint32_t *out)
{
	uint64_t v;

	if (parse_u64(arg, &v) < 0)
		return usage_error("--msr: '%s' is not a number", arg);
	/* KVM's own rule for the Xen MSR, so every backend can honour it. */
	if (v < XEN_MSR_FIRST || v > XEN_MSR_LAST)
		return usage_error("--msr: %s is outside 0x40000000 to "
				   "0x4fffffff",
				   arg);
	*out = (uint32_t)v;
	return 0;
}

static int parse_vcpus(const char *arg, unsigned *out)
{
	uint64_t v;

	if (parse_u64(arg, &v) < 0)
		return usage_error("--vcpus: '%s' is not a number", arg);
	if (v < 1 || v > XHVM_MAX_VCPUS)
		return usage_error("--vcpus: %s is outside 1 to %d", arg,
				   XHVM_MAX_VCPUS);
	*out = (unsigned)v;
	return 0;
}

static int parse_timeout(const char *arg, unsigned *out)
{
	uint64_t v;

	if (parse_u64(arg, &v) < 0)
		return usage_error("--timeout: '%s' is not a whole number of "
				   "seconds",
				   arg);
	if (v > XHVM_MAX_TIMEOUT)
		return usage_error("--timeout: %s is above the %d s maximum",
				   arg, XHVM_MAX_TIMEOUT);
	*out = (unsigned)v;
	return 0;
}

static int parse_arg(const char *arg, uint32_t *out)
{
	uint64_t v;

	if (parse_u64(arg, &v) < 0 || v > UINT32_MAX)
		return usage_error("--arg: '%s' is not a number of 0 to "
				   "0xffffffff",
				   arg);
	*out = (uint32_t)v;
	return 0;
}

static int parse_gdb(const char *arg, unsigned *out)
{
	uint64_t port;

	if (parse_u64(arg, &port) < 0 || port < 1 || port > 65535)
		return usage_error("--gdb: '%s' is not a TCP port", arg);
	*out = (unsigned)port;
	return 0;
}

static int parse_trace(const char *arg)
{
	int t = trace_parse(arg);

	if (t < 0)
		return usage_error("--trace: '%s' is not a list of exits, "
				   "ioctl, all",
				   arg);
	xhvm_trace = (unsigned)t;
	return 0;
}

static int parse_backend(const char *arg, int *out)
{
	*out = xen_backend_parse(arg);
	if (*out < 0)
		return usage_error("--msr-backend: '%s' is not one of auto, "
				   "kernel, intercept, user",
				   arg);
	return 0;
}

enum {
	OPT_MSR = 256,
	OPT_BACKEND,
	OPT_BLOB64,
	OPT_BLOB32,
	OPT_VCPUS,
	OPT_TIMEOUT,
	OPT_SECCOMP,
	OPT_NO_SECCOMP,
	OPT_ARG,
	OPT_TRACE,
	OPT_GDB,
	OPT_BOOT,
	OPT_CMDLINE,
	OPT_MODULE,
	OPT_LAPIC,
};

static const struct option run_options[] = {
	{"mem", required_argument, NULL, 'm'},
	{"msr", required_argument, NULL, OPT_MSR},
	{"msr-backend", required_argument, NULL, OPT_BACKEND},
	{"vcpus", required_argument, NULL, OPT_VCPUS},
	{"timeout", required_argument, NULL, OPT_TIMEOUT},
	{"seccomp", no_argument, NULL, OPT_SECCOMP},
	{"no-seccomp", no_argument, NULL, OPT_NO_SECCOMP},
	{"arg", required_argument, NULL, OPT_ARG},
	{"trace", optional_argument, NULL, OPT_TRACE},
	{"gdb", required_argument, NULL, OPT_GDB},
	{"blob64", required_argument, NULL, OPT_BLOB64},
	{"blob32", required_argument, NULL, OPT_BLOB32},
	{"boot", required_argument, NULL, OPT_BOOT},
	{"cmdline", required_argument, NULL, OPT_CMDLINE},
	{"module", required_argument, NULL, OPT_MODULE},
	{"lapic", required_argument, NULL, OPT_LAPIC},
	{"help", no_argument, NULL, 'h'},
	{0},
};

static int parse_boot(const char *arg, enum boot_proto *out)
{
	if (!strcmp(arg, "auto"))
		*out = BOOT_AUTO;
	else if (!strcmp(arg, "pvh"))
		*out = BOOT_PVH;
	else if (!strcmp(arg, "elf"))
		*out = BOOT_XHVM;
	else
		return usage_error("--boot: '%s' is not one of auto, pvh, elf",
				   arg);
	return 0;
}

static int parse_lapic(const char *arg, enum lapic_mode *out)
{
	if (!strcmp(arg, "auto"))
		*out = LAPIC_AUTO;
	else if (!strcmp(arg, "on"))
		*out = LAPIC_ON;
	else if (!strcmp(arg, "off"))
		*out = LAPIC_OFF;
	else
		return usage_error("--lapic: '%s' is not one of auto, on, off",
				   arg);
	return 0;
}

static int add_module(const char *arg, struct run_opts *o)
{
	unsigned n = o->m.pvh.nmodules;

	if (n == PVH_MAX_MODULES)
		return usage_error("--module: more than %d modules",
				   PVH_MAX_MODULES);
	o->module_paths[n] = arg;
	o->m.pvh.nmodules = n + 1;
	return 0;
}

/* One option: 0, an exit status, or -1 for --help (shown). */
static int one_option(int c, const char *arg, struct run_opts *o)
{
	switch (c) {
	case 'm':
		return parse_mem(arg, &o->m.vm.ram_size);
	case OPT_MSR:
		return parse_msr(arg, &o->m.xen.msr);
	case OPT_VCPUS:
		return parse_vcpus(arg, &o->m.vm.nvcpus);
	case OPT_ARG:
		return parse_arg(arg, &o->m.guest_arg);
	case OPT_GDB:
		return parse_gdb(arg, &o->gdb_port);
	case OPT_TRACE:
		return parse_trace(arg);
	case OPT_SECCOMP:
	case OPT_NO_SECCOMP:
		o->seccomp = c == OPT_SECCOMP;
		return 0;
	case OPT_TIMEOUT:
		o->timeout_given = true;
		return parse_timeout(arg, &o->m.vm.timeout_s);
	case OPT_BACKEND:
		return parse_backend(arg, &o->m.xen.backend);
	case OPT_BLOB64:
		o->blob64_path = arg;
		return 0;
	case OPT_BLOB32:
		o->blob32_path = arg;
		return 0;
	case OPT_BOOT:
		return parse_boot(arg, &o->boot);
	case OPT_CMDLINE:
		if (strlen(arg) > PVH_CMDLINE_MAX)
			return usage_error("--cmdline: %zu bytes, at most %d",
					   strlen(arg), PVH_CMDLINE_MAX);
		o->m.pvh.cmdline = arg;
		return 0;
	case OPT_MODULE:
		return add_module(arg, o);
	case OPT_LAPIC:
		return parse_lapic(arg, &o->m.lapic);
	case 'h':
		fputs(cmd_run_usage, stdout);
		return -1;
	default:
		return XHVM_EXIT_BAD_INPUT;
	}
}

/* What the options say together, once all are read. */
static int check_options(struct run_opts *o)
{
	if (o->gdb_port && o->m.vm.nvcpus > 1)
		return usage_error("%s",
				   "--gdb debugs one vCPU: use --vcpus 1");
	/* Someone at a breakpoint is not a stuck guest. */
	if (o->gdb_port && !o->timeout_given)
		o->m.vm.timeout_s = 0;
	if (o->m.xen.backend == XHVM_BACKEND_INTERCEPT &&
	    (o->blob64_path || o->blob32_path))
		return usage_error(
			"%s has no use with --msr-backend intercept, "
			"where KVM writes the hypercall page itself",
			o->blob64_path ? "--blob64" : "--blob32");
	return 0;
}

int parse_run_args(int argc, char **argv, struct run_opts *o)
{
	int c, r;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":m:h", run_options, NULL)) != -1) {
		if (c == ':')
			return usage_error("option '%s' needs an argument",
					   argv[optind - 1]);
		if (c == '?')
			return usage_error("unknown option '%s'",
					   argv[optind - 1]);
		r = one_option(c, optarg, o);
		if (r)
			return r;
	}
	if (optind < argc)
		o->guest_path = argv[optind++];
	if (optind < argc)
		return usage_error("unexpected argument '%s' after the guest",
				   argv[optind]);
	return check_options(o);
}
