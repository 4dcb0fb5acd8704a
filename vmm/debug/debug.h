/*
 * Debugging a guest: --gdb PORT, the GDB remote protocol on 127.0.0.1
 * through KVM's guest debugging (gdb.c). One debugger per process, on
 * vCPU 0 of a 64-bit guest. --trace lives in sys/ (every layer traces).
 */
#ifndef XHVM_DEBUG_H
#define XHVM_DEBUG_H

#include "x86/x86.h"

/*
 * Listens on 127.0.0.1:port and waits for gdb to connect; takes over
 * vm's KVM_EXIT_DEBUG. Before the seccomp filter: sockets are setup.
 */
int gdb_accept(struct vm *vm, unsigned port);
/* For vm_run: vCPU 0 waits for gdb before its first instruction. */
struct xhvm_action gdb_first_stop(struct vcpu *v);
/* KVM_EXIT_DEBUG: a step or a breakpoint; gdb decides what next. */
struct xhvm_action gdb_debug_exit(struct vcpu *v);
/* Tells gdb the run ended with `status`. */
void gdb_exited(int status);
void gdb_close(void);

#endif /* XHVM_DEBUG_H */
