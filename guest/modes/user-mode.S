/*
 * user_mode_hypercall(page, nr): runs `call page + nr * 32` at CPL 3 and
 * returns what came back in RAX. Xen refuses hypercalls from CPL > 0 with
 * -EPERM; this is how a test gets there.
 *
 * The guest's own GDT adds ring-3 segments and a TSS (whose RSP0 is where
 * the CPU switches back to on the way into ring 0). IOPL 3 lets ring 3 use
 * the blob's OUT. Ring 3 comes back with INT $USER_RETURN_VECTOR through
 * a DPL-3 gate, whose handler restores the kernel stack and returns.
 */
#include <xhvm/guest_abi.h>
#include "callee_saved.inc"

#define SEL_UDATA  (0x20 | 3)
#define SEL_UCODE  (0x28 | 3)
#define SEL_TSS    0x30
#define USER_RETURN_VECTOR 0x80
#define RFLAGS_IOPL3 (3 << 12)

	.text
	.code64
	.globl	user_mode_hypercall
user_mode_hypercall:
	save_callee_saved kernel_rsp
	/* The stub's address, for ring 3 to call. */
	shlq	$5, %rsi
	addq	%rsi, %rdi
	movq	%rdi, user_target(%rip)

	/* iretq into ring 3: SS, RSP, RFLAGS (IOPL 3, interrupts off), CS, RIP. */
	pushq	$SEL_UDATA
	leaq	user_stack_top(%rip), %rax
	pushq	%rax
	pushq	$(RFLAGS_IOPL3 | 2)
	pushq	$SEL_UCODE
	leaq	ring3(%rip), %rax
	pushq	%rax
	iretq

ring3:
	movq	user_target(%rip), %rax
	xorl	%edi, %edi		/* XENVER_version */
	callq	*%rax
	movq	%rax, user_result(%rip)
	int	$USER_RETURN_VECTOR


	/*
	 * Ring 0 again, on RSP0: from the gate, or from a fault in ring 3
	 * through the trap_landing there. Restore the kernel stack and return.
	 */
	.globl	user_return_entry
user_return_entry:
	restore_callee_saved kernel_rsp
	movw	$XHVM_SEL_DATA, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movq	user_result(%rip), %rax
	ret

	.data
	.balign	8
kernel_rsp:	.quad	0
user_target:	.quad	0
user_result:	.quad	0

	.bss
	.balign	16
	.space	4096
user_stack_top:
