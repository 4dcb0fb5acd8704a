/*
 * Where xhvm starts a 32-bit guest: protected mode, CPL 0, paging off,
 * interrupts off, no IDT, CS = XHVM_SEL_CODE32 and flat data segments,
 * ESP 16-byte aligned on a boot stack below 1 MiB, EDI = vCPU index,
 * ESI = vCPU count, EDX = the address of struct xhvm_boot_info.
 */
	.section .text.entry, "ax"
	.code32
	.globl	_start
	.type	_start, @function
_start:
	/*
	 * Callee-saved, so guest_main's arguments survive the clearing.
	 * rep stosb leaves EDX alone.
	 */
	movl	%edi, %ebx
	movl	%esi, %ebp

	/*
	 * Clear .bss on vCPU 0 only: another vCPU clearing it could wipe what
	 * vCPU 0 has already written. xhvm hands over zeroed RAM anyway.
	 */
	testl	%edi, %edi
	jnz	0f
	movl	$__bss_start, %edi
	movl	$__bss_end, %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	cld
	rep stosb
	/* Release the other vCPUs: .bss is theirs to use now. */
	movl	$1, boot_released
	jmp	1f
	/* Other vCPUs wait until vCPU 0 has cleared .bss. */
0:	pause
	cmpl	$0, boot_released
	je	0b
1:
	movl	%edx, xhvm_boot
	/*
	 * cdecl, arguments on the stack. Two words of padding and two of
	 * arguments keep ESP 16-byte aligned at the call, as gcc assumes.
	 */
	subl	$8, %esp
	pushl	%ebp
	pushl	%ebx
	call	guest_main
	addl	$16, %esp
	subl	$12, %esp
	pushl	%eax
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
