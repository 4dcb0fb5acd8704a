/*
 * Where xhvm starts a 64-bit guest: long mode, CPL 0, paging on with RAM
 * identity-mapped, interrupts off, no IDT, RSP 16-byte aligned on a boot
 * stack below 1 MiB, RDI = vCPU index, RSI = vCPU count, RDX = the
 * address of struct xhvm_boot_info.
 */
	.section .text.entry, "ax"
	.code64
	.globl	_start
	.type	_start, @function
_start:
	/* Callee-saved: guest_main's arguments survive the clearing. */
	movq	%rdi, %r12
	movq	%rsi, %r13
	movq	%rdx, %r14

	/*
	 * Clear .bss on vCPU 0 only: another vCPU clearing it could wipe what
	 * vCPU 0 has already written. xhvm hands over zeroed RAM anyway.
	 */
	testq	%rdi, %rdi
	jnz	0f
	leaq	__bss_start(%rip), %rdi
	leaq	__bss_end(%rip), %rcx
	subq	%rdi, %rcx
	xorl	%eax, %eax
	cld
	rep stosb
	/* Release the other vCPUs: .bss is theirs to use now. */
	movl	$1, boot_released(%rip)
	jmp	1f
	/* Other vCPUs wait until vCPU 0 has cleared .bss. */
0:	pause
	cmpl	$0, boot_released(%rip)
	je	0b
1:
	movq	%r14, xhvm_boot(%rip)
	/* The call keeps the ABI's alignment: RSP + 8 is 16-byte aligned. */
	movl	%r12d, %edi
	movl	%r13d, %esi
	call	guest_main
	movl	%eax, %edi
	call	guest_exit

	/* guest_exit() does not return; be sure anyway. */
2:	cli
	hlt
	jmp	2b
	.size	_start, . - _start

	/* In .data, not .bss: the clearing must not reset it. */
	.data
	.balign	4
boot_released:
	.long	0
