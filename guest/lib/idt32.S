/*
 * The 32-bit exception entry points, the counterpart of idt64.S. Each stub
 * makes the frame the same shape whether or not the CPU pushed an error
 * code, adds its vector and joins trap_common, which saves the registers
 * and calls trap_handler().
 */

/* #DF #TS #NP #SS #GP #PF #AC #CP #VC #SX push an error code. */
#define TRAP_HAS_ERROR_CODE(v)                                           \
	((v) == 8 || (v) == 10 || (v) == 11 || (v) == 12 || (v) == 13 || \
	 (v) == 14 || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

	.text
	.code32

	.macro trap_stub vec
	.balign 16
trap_stub_\vec:
	.if !TRAP_HAS_ERROR_CODE(\vec)
	pushl	$0
	.endif
	pushl	$\vec
	jmp	trap_common

	/* trap_stubs[vec], for traps.c to build the IDT from. */
	.pushsection .rodata.trap_stubs, "a"
	.long	trap_stub_\vec
	.popsection
	.endm

	.pushsection .rodata.trap_stubs, "a"
	.balign 4
	.globl	trap_stubs
trap_stubs:
	.popsection

	.irp vec, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	trap_stub \vec
	.endr

/*
 * The one external interrupt a guest can take (traps_set_irq_handler):
 * it reaches trap_handler() as vector 256, which no exception has.
 */
	.balign 16
	.globl	trap_irq_stub
trap_irq_stub:
	pushl	$0
	pushl	$256
	jmp	trap_common

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
