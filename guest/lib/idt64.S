/*
 * The 64-bit exception entry points. Each stub makes the frame the same
 * shape whether or not the CPU pushed an error code, adds its vector and
 * joins trap_common, which saves the registers and calls trap_handler().
 */

/* #DF #TS #NP #SS #GP #PF #AC #CP #VC #SX push an error code. */
#define TRAP_HAS_ERROR_CODE(v)                                           \
	((v) == 8 || (v) == 10 || (v) == 11 || (v) == 12 || (v) == 13 || \
	 (v) == 14 || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

	.text

	.macro trap_stub vec
	.balign 16
trap_stub_\vec:
	.if !TRAP_HAS_ERROR_CODE(\vec)
	pushq	$0
	.endif
	pushq	$\vec
	jmp	trap_common

	/* trap_stubs[vec], for traps.c to build the IDT from. */
	.pushsection .rodata.trap_stubs, "a"
	.quad	trap_stub_\vec
	.popsection
	.endm

	.pushsection .rodata.trap_stubs, "a"
	.balign 8
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
	pushq	$0
	pushq	$256
	jmp	trap_common

/*
 * The CPU pushed SS RSP RFLAGS CS RIP from a 16-byte aligned RSP, the stub
 * two more words, and we push 15: 22 words, so the call is aligned too.
 */
trap_common:
	pushq	%rax
	pushq	%rcx
	pushq	%rdx
	pushq	%rbx
	pushq	%rbp
	pushq	%rsi
	pushq	%rdi
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	cld
	movq	%rsp, %rdi
	call	trap_handler
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rdi
	popq	%rsi
	popq	%rbp
	popq	%rbx
	popq	%rdx
	popq	%rcx
	popq	%rax
	addq	$16, %rsp	/* vector and error code */
	iretq
