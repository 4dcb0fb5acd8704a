/*
 * xhvm run's options (cmd_run_options.c) for the command that acts on
 * them (cmd_run.c).
 */
#ifndef XHVM_CMD_RUN_H
#define XHVM_CMD_RUN_H

#include "cmd.h"
#include "machine.h"

/* Everything `xhvm run` was told. */
struct run_opts {
	struct machine_config m;
	bool timeout_given, seccomp;
	unsigned gdb_port;	/* 0: no gdb */
	const char *guest_path; /* NULL: the built-in hello */
	const char *blob64_path, *blob32_path;
	enum boot_proto boot; /* --boot */
	const char *module_paths[PVH_MAX_MODULES];
	uint8_t *module_files[PVH_MAX_MODULES]; /* read by cmd_run */
};

/*
 * Reads argv into o, which holds the defaults; checks each option and
 * what they say together. Returns 0, an exit status after saying why, or
 * -1 when --help was shown.
 */
int parse_run_args(int argc, char **argv, struct run_opts *o);

#endif /* XHVM_CMD_RUN_H */
