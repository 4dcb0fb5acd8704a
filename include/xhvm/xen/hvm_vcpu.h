/*
 * The initial state of an HVM vCPU, for VCPUOP_initialise, from Xen's
 * public/hvm/hvm_vcpu.h. The layout is the same for 32- and 64-bit
 * callers: every 64-bit field sits at a multiple of 8.
 */
#ifndef XHVM_XEN_HVM_VCPU_H
#define XHVM_XEN_HVM_VCPU_H

/* vcpu_hvm_context.mode: which register block Xen reads. */
#define VCPU_HVM_MODE_32B 0
#define VCPU_HVM_MODE_64B 1

#ifndef __ASSEMBLER__

#include <stdint.h>

/*
 * Start in 32-bit protected mode (paged if cr0 says so), or in
 * compatibility mode with efer's LME/LMA set. Segment state is given in
 * full, with VMX-style access rights.
 */
struct vcpu_hvm_x86_32 {
	uint32_t eax;
	uint32_t ecx;
	uint32_t edx;
	uint32_t ebx;
	uint32_t esp;
	uint32_t ebp;
	uint32_t esi;
	uint32_t edi;
	uint32_t eip;
	uint32_t eflags;
	uint32_t cr0;
	uint32_t cr3;
	uint32_t cr4;
	uint32_t pad1;
	uint64_t efer;
	uint32_t cs_base;
	uint32_t ds_base;
	uint32_t ss_base;
	uint32_t es_base;
	uint32_t tr_base;
	uint32_t cs_limit;
	uint32_t ds_limit;
	uint32_t ss_limit;
	uint32_t es_limit;
	uint32_t tr_limit;
	uint16_t cs_ar;
	uint16_t ds_ar;
	uint16_t ss_ar;
	uint16_t es_ar;
	uint16_t tr_ar;
	uint16_t pad2[3];
};
_Static_assert(sizeof(struct vcpu_hvm_x86_32) == 120, "vcpu_hvm_x86_32");
_Static_assert(__builtin_offsetof(struct vcpu_hvm_x86_32, efer) == 56,
	       "vcpu_hvm_x86_32.efer");

/* Start in 64-bit mode: Xen sets up flat segments itself. */
struct vcpu_hvm_x86_64 {
	uint64_t rax;
	uint64_t rcx;
	uint64_t rdx;
	uint64_t rbx;
	uint64_t rsp;
	uint64_t rbp;
	uint64_t rsi;
	uint64_t rdi;
	uint64_t rip;
	uint64_t rflags;
	uint64_t cr0;
	uint64_t cr3;
	uint64_t cr4;
	uint64_t efer;
};
_Static_assert(sizeof(struct vcpu_hvm_x86_64) == 112, "vcpu_hvm_x86_64");

struct vcpu_hvm_context {
	uint32_t mode; /* VCPU_HVM_MODE_* */
	uint32_t pad;
	union {
		struct vcpu_hvm_x86_32 x86_32;
		struct vcpu_hvm_x86_64 x86_64;
	} cpu_regs;
};
_Static_assert(sizeof(struct vcpu_hvm_context) == 128, "vcpu_hvm_context");
_Static_assert(__builtin_offsetof(struct vcpu_hvm_context, cpu_regs) == 8,
	       "vcpu_hvm_context.cpu_regs");

#endif /* !__ASSEMBLER__ */

#endif /* XHVM_XEN_HVM_VCPU_H */
