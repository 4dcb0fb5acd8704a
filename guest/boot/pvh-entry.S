/*
 * A PVH guest's way in (Xen's docs/misc/pvh.pandoc): the note below says
 * where xhvm enters it, in 32-bit flat protected mode with paging off,
 * EBX the address of struct hvm_start_info, no stack. vCPU 0 comes here;
 * a vCPU the guest starts with VCPUOP_initialise goes where it is told.
 */
#include <xhvm/xen/elfnote.h>

	.section .note.Xen, "a", @note
	.align	4
	.long	2f - 1f			/* name size */
	.long	4			/* descriptor size */
	.long	XEN_ELFNOTE_PHYS32_ENTRY
1:	.asciz	"Xen"
2:	.align	4
	.long	pvh_start
	.align	4

	.text
	.code32
	.globl	pvh_start
	.type	pvh_start, @function
pvh_start:
	movl	$pvh_stack_top, %esp
	/* cdecl: pvh_main(start_info), with ESP 16-byte aligned at the call. */
	subl	$12, %esp
	pushl	%ebx
	call	pvh_main
	addl	$16, %esp
	subl	$12, %esp
	pushl	%eax
	call	guest_exit
3:	cli
	hlt
	jmp	3b
	.size	pvh_start, . - pvh_start

	.bss
	.align	16
	.space	8192
	.globl	pvh_stack_top
pvh_stack_top:
