/* The 64-bit exception entry points: the stubs, then trap_common. */
#define PUSH pushq
#define ADDR .quad

	.text
#include "trap_stubs.inc"

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
