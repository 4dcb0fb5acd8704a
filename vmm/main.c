/*
 * xhvm's command line: `xhvm <command> ...`, dispatched to the command's
 * own file (cmd.h), with --help and --version.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "sys/sys.h"

static const char usage_top[] =
	"Usage: xhvm run [OPTIONS] [GUEST]\n"
	"       xhvm caps [--json]\n"
	"       xhvm bench [--json] [--iterations N] [--runs N]\n"
	"       xhvm --help | --version\n"
	"\n"
	"xhvm is a minimal KVM monitor for Xen HVM hypercall guests.\n"
	"'xhvm caps' shows what this host's KVM offers and which MSR\n"
	"backend 'auto' picks. Run 'xhvm run --help' for the options of run.\n";

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
		fputs(cmd_run_usage, stdout);
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
	xhvm_err("unknown command '%s'", argv[1]);
	fputs(usage_top, stderr);
	return XHVM_EXIT_BAD_INPUT;
}
