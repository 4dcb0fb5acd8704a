/*
 * Exception handling for guests that test faults.
 *
 * traps_init() installs an IDT for vectors 0..31. A fault inside
 * wrmsr_safe(), rdmsr_safe() or write_cr0_safe() is recovered: the handler
 * resumes after the instruction and the call returns the vector. Any other
 * fault prints the vector, error code and instruction pointer (and CR2 for #PF)
 * and crashes the domain.
 *
 * Recovery state is global, so only one vCPU may use the _safe calls.
 */
#ifndef GUEST_TRAPS_H
#define GUEST_TRAPS_H

#include <stdint.h>

#define TRAP_VECTORS 32	 /* the architectural exceptions */
#define IDT_VECTORS  256 /* exceptions and interrupts */
#define TRAP_IRQ     256 /* trap_frame.vector of traps_set_irq_handler's */

#define TRAP_NO_FAULT (-1)
#define TRAP_UD	      6	 /* invalid opcode */
#define TRAP_DF	      8	 /* double fault */
#define TRAP_GP	      13 /* general protection */
#define TRAP_PF	      14 /* page fault */

#ifdef __x86_64__
/* What idt64.S leaves on the stack for trap_handler(); lowest address first. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rdi, rsi, rbp, rbx, rdx, rcx, rax;
	uint64_t vector;
	uint64_t error_code; /* 0 where the CPU pushes none */
	uint64_t rip, cs, rflags, rsp, ss;
};
_Static_assert(sizeof(struct trap_frame) % 16 == 0,
	       "idt64.S keeps the stack 16-byte aligned");
#else
/*
 * What idt32.S leaves on the stack; lowest address first. pusha's copy of
 * ESP is useless (it points into the frame), and at CPL 0 the CPU pushes
 * no ESP or SS: the interrupted code's ESP is just past eflags.
 */
struct trap_frame {
	unsigned long edi, esi, ebp, esp_pusha, ebx, edx, ecx, eax;
	unsigned long vector;
	unsigned long error_code; /* 0 where the CPU pushes none */
	unsigned long eip, cs, eflags;
};
_Static_assert(sizeof(struct trap_frame) == 13 * 4, "idt32.S frame");
#endif

void traps_init(void);

/*
 * For code the _safe calls cannot wrap: the next fault, at any privilege
 * level, resumes at `resume` (in the faulting code's own ring) instead of
 * crashing; traps_fault_vector() then says which vector it was, or
 * TRAP_NO_FAULT, and disarms.
 */
void traps_expect_fault(uintptr_t resume);
#ifdef __x86_64__
/* The same, but resuming in ring 0 on stack `sp`, from any ring. */
void traps_expect_fault_ring0(uintptr_t resume, uintptr_t sp);
#endif
int traps_fault_vector(void);

/*
 * Sends interrupts at `vector` (32..255) to fn, with interrupts off, on
 * whichever vCPU takes them. One vector at a time: a second call moves it.
 */
void traps_set_irq_handler(unsigned int vector, void (*fn)(void));

/* Returns TRAP_NO_FAULT, or the vector of the fault the instruction raised. */
int wrmsr_safe(uint32_t msr, uint64_t val);
int rdmsr_safe(uint32_t msr, uint64_t *val); /* *val is 0 after a fault */
int write_cr0_safe(unsigned long val);

/* Called by idt64.S or idt32.S. */
void trap_handler(struct trap_frame *f);
extern const char trap_irq_stub[];

#endif /* GUEST_TRAPS_H */
