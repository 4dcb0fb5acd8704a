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
	 * No .bss clearing: xhvm's loader zeroes every segment past its file
	 * bytes (the entry contract), and clearing here would touch every
	 * .bss page at boot, which some hosts make expensive. EDI and ESI
	 * become guest_main's arguments.
	 */
	movl	%edx, xhvm_boot
	movl	%edi, %ebx
	movl	%esi, %ebp
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

