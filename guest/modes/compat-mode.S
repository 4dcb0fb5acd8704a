/*
 * Running 32-bit code from a 64-bit guest in compatibility mode: long mode
 * stays active (EFER.LMA set) while CS is xhvm's 32-bit code segment.
 *
 *   void compat_call(uint32_t target, struct compat_regs *regs,
 *                    uint32_t upper)
 *
 * loads EAX EBX ECX EDX ESI EDI from regs, with `upper` in bits 63:32 of
 * each, switches to compatibility mode, makes a near call to target (a
 * 32-bit routine ending in `ret`, such as a hypercall stub), stores the six
 * registers back and returns to 64-bit mode. The switch leaves the upper
 * halves as they were (the SDM calls them undefined; CPUs keep them), so a
 * monitor that reads whole 64-bit registers in compatibility mode sees
 * them. target, regs and the stack must lie below 4 GiB; the flat data
 * segments xhvm loaded serve compatibility mode as they are.
 */
#include <xhvm/guest_abi.h>
#include "callee_saved.inc"

/* struct compat_regs in compat.c. */
#define REGS_EAX 0
#define REGS_EBX 4
#define REGS_ECX 8
#define REGS_EDX 12
#define REGS_ESI 16
#define REGS_EDI 20

	.text
	.code64
	.globl	compat_call
	.type	compat_call, @function
compat_call:
	/*
	 * The upper halves of all registers are undefined after a round trip
	 * through a 32-bit mode: keep the callee-saved ones and RSP in memory.
	 */
	save_callee_saved saved_rsp
	movl	%edi, target(%rip)
	movl	%esi, regs(%rip)

	/* The arguments, each with `upper` above it. */
	movq	%rsi, %rbp
	movl	%edx, %r8d
	shlq	$32, %r8
	movl	REGS_EAX(%rbp), %eax
	movl	REGS_EBX(%rbp), %ebx
	movl	REGS_ECX(%rbp), %ecx
	movl	REGS_EDX(%rbp), %edx
	movl	REGS_ESI(%rbp), %esi
	movl	REGS_EDI(%rbp), %edi
	orq	%r8, %rax
	orq	%r8, %rbx
	orq	%r8, %rcx
	orq	%r8, %rdx
	orq	%r8, %rsi
	orq	%r8, %rdi

	/* A far return is the way into a code segment from 64-bit mode. */
	pushq	$XHVM_SEL_CODE32
	leaq	1f(%rip), %r9
	pushq	%r9
	lretq

	.code32
1:	call	*target
	/* A hypercall may clobber EBP (Xen's sixth argument): reload it. */
	movl	regs, %ebp
	movl	%eax, REGS_EAX(%ebp)
	movl	%ebx, REGS_EBX(%ebp)
	movl	%ecx, REGS_ECX(%ebp)
	movl	%edx, REGS_EDX(%ebp)
	movl	%esi, REGS_ESI(%ebp)
	movl	%edi, REGS_EDI(%ebp)
	/* Compatibility mode has the direct far jump 64-bit mode lacks. */
	ljmpl	$XHVM_SEL_CODE64, $2f

	.code64
2:	restore_callee_saved saved_rsp
	ret
	.size	compat_call, . - compat_call

/* 32-bit routines for compat_call(). */
	.code32
	.globl	compat_wrmsr, compat_rdmsr, compat_read_cs

/* ECX = MSR, EDX:EAX = value. */
	.type	compat_wrmsr, @function
compat_wrmsr:
	wrmsr
	ret
	.size	compat_wrmsr, . - compat_wrmsr

/* ECX = MSR; returns EDX:EAX. */
	.type	compat_rdmsr, @function
compat_rdmsr:
	rdmsr
	ret
	.size	compat_rdmsr, . - compat_rdmsr

/* Returns CS in EAX. */
	.type	compat_read_cs, @function
compat_read_cs:
	xorl	%eax, %eax
	movw	%cs, %ax
	ret
	.size	compat_read_cs, . - compat_read_cs

	.bss
	.balign	8
saved_rsp:
	.skip	8
target:
	.skip	4
regs:
	.skip	4
