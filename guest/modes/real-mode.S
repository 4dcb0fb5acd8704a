/*
 * A round trip through 16-bit real mode, for the real-mode guest.
 *
 * real_mode_calls(struct rm_block *b) runs in 32-bit protected mode, drops
 * to real mode, makes the hypercalls described in *b from there, and comes
 * back. Real mode reaches only the first MiB plus the 64 KiB above it
 * through segment 0xffff (KVM has no A20 gate to close), and the guest is
 * linked at 1 MiB: so code, data and stack live in that window and every
 * segment is 0xffff there, with offsets = linear address - 0xffff0.
 *
 * The blob's stubs are 32-bit code, which decodes differently in 16-bit
 * mode, so real mode traps to xhvm the way the stubs do but with operand
 * size prefixes: mov $nr, %eax; out %eax, $XHVM_HCALL_PORT. The monitor
 * then reads the 32-bit register ABI (EBX ECX EDX ...), as for any mode
 * that is not 64-bit.
 */
#include <xhvm/guest_abi.h>
#include <xhvm/xen.h>

#define HMA_BASE   0xffff0 /* segment 0xffff */
#define HMA_SEG    0xffff
#define SEL_CODE32 0x08 /* in rm_gdt below */
#define SEL_DATA32 0x10
#define SEL_CODE16 0x18
#define SEL_DATA16 0x20
#define CR0_PE     1

/* struct rm_block, see real-mode.c */
#define RM_GPA_MSR   0  /* in: value to write to the Xen MSR */
#define RM_MSR       8  /* in: the MSR index */
#define RM_MSG       12 /* in: linear address of the message */
#define RM_MSG_LEN   16 /* in: its length */
#define RM_VERSION   20 /* out: xen_version(XENVER_version) */
#define RM_CONSOLE   24 /* out: console_io(CONSOLEIO_write) */
#define RM_BAD       28 /* out: console_io from an address outside RAM */
#define RM_CR0       32 /* out: CR0 while in real mode */

	.text
	.code32
	.globl	real_mode_calls
real_mode_calls:
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	20(%esp), %esi		/* the block */
	movl	%esp, saved_esp
	sgdt	saved_gdt
	sidt	saved_idt
	cli
	lgdt	rm_gdt_ptr
	/*
	 * Offsets in segment 0xffff are link-time values that i386
	 * relocations cannot express in 16 bits: compute them here and
	 * carry them across the mode switches in registers.
	 */
	subl	$HMA_BASE, %esi		/* SI: the block */
	movl	$rm_stack_top - 4, %edi
	subl	$HMA_BASE, %edi		/* DI: the real-mode stack */
	movl	$real, %edx
	subl	$HMA_BASE, %edx		/* DX: where real mode starts */
	/* 16-bit protected mode first, based where real mode will be. */
	pushl	$SEL_CODE16
	movl	$pm16, %eax
	subl	$HMA_BASE, %eax
	pushl	%eax
	lret

	.code16
pm16:
	movw	$SEL_DATA16, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movl	%cr0, %eax
	andl	$~CR0_PE, %eax
	movl	%eax, %cr0
	/* Real mode: a far return loads CS = 0xffff. */
	pushw	$HMA_SEG
	pushw	%dx
	lretw

real:
	movw	$HMA_SEG, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	%di, %sp
	movw	%si, %bp		/* (%bp) addresses SS: also 0xffff */

	movl	%cr0, %eax
	movl	%eax, RM_CR0(%bp)

	/* The MSR, from real mode: EFER.LMA clear, so the 32-bit blob. */
	movl	RM_MSR(%bp), %ecx
	movl	RM_GPA_MSR(%bp), %eax
	movl	RM_GPA_MSR+4(%bp), %edx
	wrmsr

	/* xen_version(XENVER_version) */
	movl	$XENVER_version, %ebx
	xorl	%ecx, %ecx
	movl	$__HYPERVISOR_xen_version, %eax
	outl	%eax, $XHVM_HCALL_PORT
	movl	%eax, RM_VERSION(%bp)

	/* console_io(CONSOLEIO_write, len, linear address) */
	movl	$CONSOLEIO_write, %ebx
	movl	RM_MSG_LEN(%bp), %ecx
	movl	RM_MSG(%bp), %edx
	movl	$__HYPERVISOR_console_io, %eax
	outl	%eax, $XHVM_HCALL_PORT
	movl	%eax, RM_CONSOLE(%bp)

	/* ...and from a linear address past any RAM: -EFAULT */
	movl	$CONSOLEIO_write, %ebx
	movl	$4, %ecx
	movl	$0xfffff000, %edx
	movl	$__HYPERVISOR_console_io, %eax
	outl	%eax, $XHVM_HCALL_PORT
	movl	%eax, RM_BAD(%bp)

	/* Back to 32-bit protected mode, on rm_gdt until xhvm's is back. */
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$SEL_CODE32, $pm32

	.code32
pm32:
	movw	$SEL_DATA32, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	%ax, %fs
	movw	%ax, %gs
	movl	saved_esp, %esp
	lgdt	saved_gdt
	lidt	saved_idt
	/* xhvm's GDT: its 32-bit code segment is 0x18. */
	ljmp	$XHVM_SEL_CODE32, $1f
1:	movw	$XHVM_SEL_DATA, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret

	.data
	.balign	8
rm_gdt:
	.quad	0
	.quad	0x00cf9a000000ffff	/* 0x08: flat 32-bit code */
	.quad	0x00cf92000000ffff	/* 0x10: flat 32-bit data */
	.quad	0x00009a0ffff0ffff	/* 0x18: 16-bit code, base 0xffff0 */
	.quad	0x0000920ffff0ffff	/* 0x20: 16-bit data, base 0xffff0 */
rm_gdt_end:
rm_gdt_ptr:
	.word	rm_gdt_end - rm_gdt - 1
	.long	rm_gdt
saved_gdt:
	.word	0
	.long	0
saved_idt:
	.word	0
	.long	0
	.balign	4
saved_esp:
	.long	0

	.bss
	.balign	16
	.space	1024
	.globl	rm_stack_top
rm_stack_top:
