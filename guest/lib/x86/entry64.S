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
	/*
	 * No .bss clearing: xhvm's loader zeroes every segment past its file
	 * bytes (the entry contract), and clearing here would touch every
	 * .bss page at boot, which some hosts make expensive (about 2 ms a
	 * page on PVM). Pages stay untouched until used. RDI and RSI are
	 * guest_main's arguments as they stand.
	 */
	movq	%rdx, xhvm_boot(%rip)
	/* The call keeps the ABI's alignment: RSP + 8 is 16-byte aligned. */
	call	guest_main
	movl	%eax, %edi
	call	guest_exit

	/* guest_exit() does not return; be sure anyway. */
2:	cli
	hlt
	jmp	2b
	.size	_start, . - _start

