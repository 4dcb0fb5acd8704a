/*
 * xhvm's command line: `xhvm run [options] [GUEST]`.
 *
 * Everything the user or a file can get wrong is checked here, before
 * /dev/kvm is opened, so bad input gives exit status 2 on any host.
 */
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xhvm.h"

/* Guest files above this are refused before reading. */
#define GUEST_FILE_MAX (1ull << 30)
#define XEN_MSR_FIRST  0x40000000u
#define XEN_MSR_LAST   0x4fffffffu
/* Tiny guests finish in milliseconds; a minute means stuck. */
#define XHVM_DEFAULT_TIMEOUT 60
#define XHVM_MAX_TIMEOUT     (7 * 24 * 3600)
/*
 * The seccomp filter is on by default, but not under AddressSanitizer
 * (LeakSanitizer's check at exit needs ptrace and clone, which it
 * refuses) or ThreadSanitizer (its runtime makes calls of its own).
 */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define XHVM_DEFAULT_SECCOMP false
#else
#define XHVM_DEFAULT_SECCOMP true
#endif

static const char usage_top[] =
	"Usage: xhvm run [OPTIONS] [GUEST]\n"
	"       xhvm caps [--json]\n"
	"       xhvm bench [--json] [--iterations N] [--runs N]\n"
	"       xhvm --help | --version\n"
	"\n"
	"xhvm is a minimal KVM monitor for Xen HVM hypercall guests.\n"
	"'xhvm caps' shows what this host's KVM offers and which MSR\n"
	"backend 'auto' picks. Run 'xhvm run --help' for the options of run.\n";

static const char usage_run[] =
	"Usage: xhvm run [OPTIONS] [GUEST]\n"
	"\n"
	"Runs GUEST, an ELF64 x86-64 executable (entered in long mode) or an\n"
	"ELF32 i386 one (protected mode), by default the built-in hello\n"
	"guest, in a KVM VM that offers Xen's hypercall interface: the Xen\n"
	"CPUID leaves, the hypercall MSR, and a hypercall page from a blob.\n"
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
	"  77  the host lacks a KVM capability xhvm needs (named in the\n"
	"      message; see 'xhvm caps')\n";

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt,
							     ...)
{
	va_list ap;

	fputs("xhvm: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'xhvm run --help'.\n", stderr);
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

struct run_args {
	bool timeout_given;
	const char *guest_path; /* NULL: the built-in hello */
	const char *blob64_path, *blob32_path;
};

static int parse_run_args(int argc, char **argv, struct xhvm_config *cfg,
			  struct run_args *a)
{
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
	};
	static const struct option opts[] = {
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
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c, r;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":m:h", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			r = parse_mem(optarg, &cfg->ram_size);
			if (r)
				return r;
			break;
		case OPT_MSR:
			r = parse_msr(optarg, &cfg->xen_msr);
			if (r)
				return r;
			break;
		case OPT_VCPUS:
			r = parse_vcpus(optarg, &cfg->nvcpus);
			if (r)
				return r;
			break;
		case OPT_ARG: {
			uint64_t v;

			if (parse_u64(optarg, &v) < 0 || v > UINT32_MAX)
				return usage_error(
					"--arg: '%s' is not a number "
					"of 0 to 0xffffffff",
					optarg);
			cfg->guest_arg = (uint32_t)v;
			break;
		}
		case OPT_GDB: {
			uint64_t port;

			if (parse_u64(optarg, &port) < 0 || port < 1 ||
			    port > 65535)
				return usage_error(
					"--gdb: '%s' is not a TCP port",
					optarg);
			cfg->gdb_port = (unsigned)port;
			break;
		}
		case OPT_TRACE: {
			int t = trace_parse(optarg);

			if (t < 0)
				return usage_error(
					"--trace: '%s' is not a list "
					"of exits, ioctl, all",
					optarg);
			xhvm_trace = (unsigned)t;
			break;
		}
		case OPT_SECCOMP:
			cfg->seccomp = true;
			break;
		case OPT_NO_SECCOMP:
			cfg->seccomp = false;
			break;
		case OPT_TIMEOUT:
			r = parse_timeout(optarg, &cfg->timeout_s);
			if (r)
				return r;
			a->timeout_given = true;
			break;
		case OPT_BACKEND:
			cfg->backend = backend_parse(optarg);
			if (cfg->backend < 0)
				return usage_error("--msr-backend: '%s' is not "
						   "one of auto, kernel, "
						   "intercept, user",
						   optarg);
			break;
		case OPT_BLOB64:
			a->blob64_path = optarg;
			break;
		case OPT_BLOB32:
			a->blob32_path = optarg;
			break;
		case 'h':
			fputs(usage_run, stdout);
			return -1;
		case ':':
			return usage_error("option '%s' needs an argument",
					   argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'",
					   argv[optind - 1]);
		}
	}
	if (optind < argc)
		a->guest_path = argv[optind++];
	if (optind < argc)
		return usage_error("unexpected argument '%s' after the guest",
				   argv[optind]);
	if (cfg->gdb_port && cfg->nvcpus > 1)
		return usage_error("%s",
				   "--gdb debugs one vCPU: use --vcpus 1");
	/* Someone at a breakpoint is not a stuck guest. */
	if (cfg->gdb_port && !a->timeout_given)
		cfg->timeout_s = 0;
	if (cfg->backend == XHVM_BACKEND_INTERCEPT &&
	    (a->blob64_path || a->blob32_path))
		return usage_error(
			"%s has no use with --msr-backend intercept, "
			"where KVM writes the hypercall page itself",
			a->blob64_path ? "--blob64" : "--blob32");
	return 0;
}

static int load_blob(struct xhvm_blob *blob, const char *path,
		     const char *builtin_name, const uint8_t *start,
		     const uint8_t *end)
{
	struct xhvm_error err;

	if (!path) {
		blob_use_builtin(blob, builtin_name, start,
				 (size_t)(end - start));
		return 0;
	}
	if (blob_load_file(blob, path, &err)) {
		xhvm_err("blob %s", err.msg);
		return XHVM_EXIT_BAD_INPUT;
	}
	return 0;
}

static int cmd_run(int argc, char **argv)
{
	struct xhvm_config cfg = {
		.ram_size = XHVM_DEFAULT_RAM,
		.xen_msr = XHVM_DEFAULT_XEN_MSR,
		.backend = XHVM_BACKEND_AUTO,
		.timeout_s = XHVM_DEFAULT_TIMEOUT,
		.seccomp = XHVM_DEFAULT_SECCOMP,
		.nvcpus = 1,
		.guest_name = "built-in hello",
	};
	struct run_args a = {0};
	struct xhvm_error err;
	struct xhvm_vm vm;
	const uint8_t *image = xhvm_builtin_hello;
	size_t image_size =
		(size_t)(xhvm_builtin_hello_end - xhvm_builtin_hello);
	uint8_t *file = NULL;
	int r;

	r = parse_run_args(argc, argv, &cfg, &a);
	if (r)
		return r < 0 ? 0 : r;

	if (a.guest_path) {
		cfg.guest_name = a.guest_path;
		r = read_file(a.guest_path, GUEST_FILE_MAX, &file, &image_size,
			      &err);
		if (r) {
			xhvm_err("guest %s", err.msg);
			return r;
		}
		image = file;
	}
	r = elf_parse(image, image_size, cfg.ram_size, &cfg.guest, &err);
	if (r) {
		xhvm_err("guest %s: %s", cfg.guest_name, err.msg);
		goto out;
	}
	if (cfg.gdb_port && cfg.guest.mode != 64) {
		xhvm_err("--gdb debugs 64-bit guests; %s is 32-bit",
			 cfg.guest_name);
		r = XHVM_EXIT_BAD_INPUT;
		goto out;
	}
	r = load_blob(&cfg.blob64, a.blob64_path, "built-in 64-bit blob",
		      xhvm_builtin_blob64, xhvm_builtin_blob64_end);
	if (r)
		goto out;
	r = load_blob(&cfg.blob32, a.blob32_path, "built-in 32-bit blob",
		      xhvm_builtin_blob32, xhvm_builtin_blob32_end);
	if (r)
		goto out;

	r = vm_create(&vm, &cfg);
	if (r)
		goto out;
	r = vm_run(&vm);
	/* A vCPU thread still in the kernel may touch it all: leave it be. */
	if (vm.abandoned) {
		fflush(NULL);
		_exit(r);
	}
	vm_destroy(&vm);
out:
	blob_release(&cfg.blob32);
	blob_release(&cfg.blob64);
	free(file);
	return r;
}

int main(int argc, char **argv)
{
	/* A closed stdout must give the guest -EIO, not kill xhvm. */
	signal(SIGPIPE, SIG_IGN);

	if (argc < 2) {
		fputs(usage_top, stderr);
		return XHVM_EXIT_BAD_INPUT;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		fputs(usage_top, stdout);
		fputs("\n", stdout);
		fputs(usage_run, stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("xhvm %s\n", XHVM_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1);
	if (!strcmp(argv[1], "caps"))
		return cmd_caps(argc - 1, argv + 1);
	if (!strcmp(argv[1], "bench"))
		return cmd_bench(argc - 1, argv + 1);
	if (!strcmp(argv[1], "bench-baseline"))
		return cmd_bench_baseline();
	fprintf(stderr, "xhvm: unknown command '%s'\n", argv[1]);
	fputs(usage_top, stderr);
	return XHVM_EXIT_BAD_INPUT;
}
