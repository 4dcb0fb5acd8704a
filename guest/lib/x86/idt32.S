/* The 32-bit exception entry points: the stubs, then trap_common. */
#define PUSH pushl
#define ADDR .long

	.text
	.code32
#include "trap_stubs.inc"

/* struct trap_frame offsets of the words the CPU pushed. */
#define FRAME_EIP    (10 * 4)
#define FRAME_CS     (11 * 4)
#define FRAME_EFLAGS (12 * 4)

/*
 * At CPL 0 the CPU pushed only EFLAGS CS EIP (no stack switch, so no SS
 * or ESP), the stub two more words, and pusha eight: struct trap_frame.
 * The frame's alignment is whatever the interrupted code had, so align the
 * stack for the call by hand; EBX is callee-saved and keeps the frame.
 *
 * The way back is popfl and ret, not iret: KVM's instruction emulator,
 * which PVM uses for everything outside 64-bit mode, has no protected-mode
 * IRET and stops the vCPU with an emulation error. The trap came from CPL 0
 * and the same CS, so iret would only pop EIP, CS and EFLAGS: move EFLAGS
 * into CS's slot and EIP into EFLAGS's, and pop them in that order.
 */
trap_common:
	pushal
	cld
	movl	%esp, %ebx
	andl	$-16, %esp
	subl	$12, %esp
	pushl	%ebx
	call	trap_handler
	movl	%ebx, %esp
	movl	FRAME_EFLAGS(%esp), %eax
	movl	%eax, FRAME_CS(%esp)
	movl	FRAME_EIP(%esp), %eax
	movl	%eax, FRAME_EFLAGS(%esp)
	popal
	addl	$12, %esp	/* vector, error code, the old EIP slot */
	popfl
	ret
