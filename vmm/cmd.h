/*
 * xhvm's commands, one file each: `xhvm run` (cmd_run.c), `xhvm caps`
 * (cmd_caps.c), `xhvm bench` and `xhvm bench-baseline` (cmd_bench.c).
 * Each takes its own argv (argv[0] is the command's name) and returns
 * the process exit status.
 */
#ifndef XHVM_CMD_H
#define XHVM_CMD_H

int cmd_run(int argc, char **argv);
/* xhvm run --help's text, which `xhvm --help` shows too. */
extern const char cmd_run_usage[];
int cmd_caps(int argc, char **argv);
int cmd_bench(int argc, char **argv);
/* The minimal KVM program bench compares start-up against. */
int cmd_bench_baseline(void);

#endif /* XHVM_CMD_H */
