/*
 * Exception handling for guests that test faults.
 *
 * traps_init() loads the IDT for vectors 0..31 on the calling vCPU: one
 * IDT for all vCPUs, built by the first caller. Faults are recovered in
 * two ways, neither with any global state, so every vCPU may recover its
 * own faults at the same time:
 *
 *  - the exception table: a fault at an instruction that EXTABLE() lists
 *    resumes at the entry's fixup, with the vector in EAX. wrmsr_safe(),
 *    rdmsr_safe() and write_cr0_safe() are built so and return the vector;
 *  - (64-bit guests) a fault in ring 3 comes back to ring 0 through the
 *    struct trap_landing at the top of the vCPU's ring-0 stack, if armed.
 *
 * Any other fault prints the vector, error code and instruction pointer
 * (and CR2 for #PF) and crashes the domain.
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

/* An exception table entry; the linker gathers them in .ex_table. */
struct extable_entry {
	uintptr_t fault; /* address of the instruction that may fault */
	uintptr_t fixup; /* where to resume if it does */
};

#define TRAP_STR(x)  #x
#define TRAP_XSTR(x) TRAP_STR(x)

#ifdef __x86_64__
#define EXTABLE_WORD ".quad"
#else
#define EXTABLE_WORD ".long"
#endif

/*
 * For inline asm: lists the instruction at label `fault` in the exception
 * table, to resume at label `fixup` with the vector in EAX. Code that
 * reaches `fixup` without a fault must set EAX itself: EXTABLE_NO_FAULT.
 *
 *	asm("1: wrmsr\n\t" EXTABLE_NO_FAULT "2:\n\t" EXTABLE("1b", "2b")
 *	    : "=a"(vector) : ...);
 */
#define EXTABLE(fault, fixup)                                                  \
	".pushsection .ex_table, \"a\"\n\t"                                    \
	".balign " TRAP_XSTR(__SIZEOF_POINTER__) "\n\t" EXTABLE_WORD " " fault \
						 ", " fixup "\n\t"             \
						 ".popsection\n\t"
#define EXTABLE_NO_FAULT "mov $" TRAP_XSTR(TRAP_NO_FAULT) ", %%eax\n"

#ifdef __x86_64__
/*
 * Where a fault in ring 3 comes back to ring 0. A guest that runs code in
 * ring 3 points TSS.RSP0 at one of these, 16-byte aligned at the top of
 * its ring-0 stack: the CPU enters ring 0 on that stack, so the trap
 * handler finds the landing just above its frame, and each vCPU (with its
 * own TSS and stack) has its own. While `resume` is set, a fault in ring
 * 3 resumes at `resume` in ring 0, with RSP at the landing, `vector` set
 * and `resume` cleared; with `resume` 0, the fault is unexpected.
 */
struct trap_landing {
	uint64_t resume;
	uint64_t vector; /* of the last fault that landed */
};
_Static_assert(sizeof(struct trap_landing) == 16,
	       "RSP0 at a landing stays 16-byte aligned");
#endif

void traps_init(void);

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
