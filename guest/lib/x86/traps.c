/*
 * The IDT and the C side of exception handling. Recovery works like an
 * exception table with a single entry: a _safe() call records where to
 * resume before its instruction, and trap_handler() sends a fault there.
 */
#include <stdbool.h>
#include "console.h"
#include "guest.h"
#include "hypercall.h"
#include "processor.h"
#include "traps.h"
#include <xhvm/guest_abi.h>

/* Type 0xe is a 64-bit gate in long mode, a 32-bit one in protected mode. */
#define IDT_TYPE_INTERRUPT 0xe /* interrupt gate: clears IF */
#define IDT_PRESENT	   0x80

#ifdef __x86_64__
#define IDT_CODE_SELECTOR XHVM_SEL_CODE64

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;	   /* 0: stay on the current stack */
	uint8_t type_attr; /* P, DPL, type */
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
};
_Static_assert(sizeof(struct idt_gate) == 16, "64-bit IDT gate");
#else
#define IDT_CODE_SELECTOR XHVM_SEL_CODE32

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t zero;
	uint8_t type_attr; /* P, DPL, type */
	uint16_t offset_high;
};
_Static_assert(sizeof(struct idt_gate) == 8, "32-bit IDT gate");
#endif

/* lidt's operand: a 4-byte base in protected mode, 8 in long mode. */
struct idt_ptr {
	uint16_t limit;
	uintptr_t base;
} __attribute__((packed));

static struct idt_gate idt[IDT_VECTORS] __attribute__((aligned(16)));
static void (*irq_fn)(void);

/* In idt64.S or idt32.S. */
extern const uintptr_t trap_stubs[TRAP_VECTORS];

/* Where a faulting _safe() instruction resumes; 0 when none is armed. */
static uintptr_t trap_fixup_rip;
static int trap_fault_vector;

/* Indexed by vector; NULL where the vector is reserved. */
static const char *const trap_names[TRAP_VECTORS] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
	"#DF", "CSO", "#TS", "#NP", "#SS", "#GP", "#PF", NULL,
	"#MF", "#AC", "#MC", "#XM", "#VE", "#CP", NULL,	 NULL,
	NULL,  NULL,  NULL,  NULL,  "#HV", "#VC", "#SX", NULL,
};

static void set_gate(unsigned int i, uintptr_t addr)
{
	idt[i] = (struct idt_gate){
		.offset_low = addr & 0xffff,
		.selector = IDT_CODE_SELECTOR,
		.type_attr = IDT_PRESENT | IDT_TYPE_INTERRUPT,
#ifdef __x86_64__
		.offset_mid = (addr >> 16) & 0xffff,
		.offset_high = addr >> 32,
#else
		.offset_high = addr >> 16,
#endif
	};
}

void traps_init(void)
{
	struct idt_ptr ptr = {.limit = sizeof(idt) - 1, .base = (uintptr_t)idt};
	unsigned int i;

	for (i = 0; i < TRAP_VECTORS; i++)
		set_gate(i, trap_stubs[i]);
	asm volatile("lidt %0" : : "m"(ptr));
}

/* With traps_expect_fault_ring0: the ring-0 stack to resume on. */
static uintptr_t trap_fixup_ring0_sp;

void traps_expect_fault(uintptr_t resume)
{
	trap_fault_vector = TRAP_NO_FAULT;
	trap_fixup_ring0_sp = 0;
	trap_fixup_rip = resume;
}

#ifdef __x86_64__
void traps_expect_fault_ring0(uintptr_t resume, uintptr_t sp)
{
	traps_expect_fault(resume);
	trap_fixup_ring0_sp = sp;
}
#endif

int traps_fault_vector(void)
{
	trap_fixup_rip = 0;
	return trap_fault_vector;
}

void traps_set_irq_handler(unsigned int vector, void (*fn)(void))
{
	unsigned int i;

	for (i = TRAP_VECTORS; i < IDT_VECTORS; i++)
		idt[i] = (struct idt_gate){0};
	irq_fn = fn;
	if (vector >= TRAP_VECTORS && vector < IDT_VECTORS)
		set_gate(vector, (uintptr_t)trap_irq_stub);
}

/*
 * The resume address is loaded through a register so that one `mov` works
 * in either mode; the code sits below 2 GiB, so it fits an immediate.
 */
int wrmsr_safe(uint32_t msr, uint64_t val)
{
	uintptr_t tmp;

	trap_fault_vector = TRAP_NO_FAULT;
	asm volatile("mov $1f, %[tmp]\n\t"
		     "mov %[tmp], %[fixup]\n\t"
		     "wrmsr\n"
		     "1:"
		     : [tmp] "=&r"(tmp), [fixup] "=m"(trap_fixup_rip)
		     : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
		     : "memory");
	trap_fixup_rip = 0;
	return trap_fault_vector;
}

int rdmsr_safe(uint32_t msr, uint64_t *val)
{
	uint32_t lo = 0, hi = 0;
	uintptr_t tmp;

	trap_fault_vector = TRAP_NO_FAULT;
	asm volatile("mov $1f, %[tmp]\n\t"
		     "mov %[tmp], %[fixup]\n\t"
		     "rdmsr\n"
		     "1:"
		     : [tmp] "=&r"(tmp), [fixup] "=m"(trap_fixup_rip), "+a"(lo),
		       "+d"(hi)
		     : "c"(msr)
		     : "memory");
	trap_fixup_rip = 0;
	*val = (uint64_t)hi << 32 | lo;
	return trap_fault_vector;
}

/* The faulting instruction and stack, named as the mode names them. */
#ifdef __x86_64__
#define TRAP_IP_NAME "RIP"
#define TRAP_SP_NAME "RSP"
static unsigned long *trap_ip(struct trap_frame *f)
{
	return &f->rip;
}

static unsigned long trap_sp(const struct trap_frame *f)
{
	return f->rsp;
}
#else
#define TRAP_IP_NAME "EIP"
#define TRAP_SP_NAME "ESP"
static unsigned long *trap_ip(struct trap_frame *f)
{
	return &f->eip;
}

static unsigned long trap_sp(const struct trap_frame *f)
{
	return (uintptr_t)(&f->eflags + 1);
}
#endif

/* Some KVMs refuse what a CPU accepts: PVM faults paging in 32-bit mode. */
int write_cr0_safe(unsigned long val)
{
	uintptr_t tmp;

	trap_fault_vector = TRAP_NO_FAULT;
	asm volatile("mov $1f, %[tmp]\n\t"
		     "mov %[tmp], %[fixup]\n\t"
		     "mov %[val], %%cr0\n"
		     "1:"
		     : [tmp] "=&r"(tmp), [fixup] "=m"(trap_fixup_rip)
		     : [val] "r"(val)
		     : "memory");
	trap_fixup_rip = 0;
	return trap_fault_vector;
}

static __attribute__((noreturn)) void trap_die(struct trap_frame *f)
{
	static bool dying;
	const char *name = trap_names[f->vector % TRAP_VECTORS];

	/* A fault while reporting one: skip straight to the shutdown. */
	if (!dying) {
		dying = true;
		/* This vCPU may have faulted inside printf. */
		console_break_lock();
		printf("unexpected %s (vector %lu), error code %#lx",
		       name ? name : "reserved vector", f->vector,
		       f->error_code);
		printf(", " TRAP_IP_NAME " %#lx, " TRAP_SP_NAME " %#lx",
		       *trap_ip(f), trap_sp(f));
		if (f->vector == TRAP_PF)
			printf(", CR2 %#lx", (unsigned long)read_cr2());
		printf("\n");
	}
	guest_exit(1);
}

void trap_handler(struct trap_frame *f)
{
	if (f->vector == TRAP_IRQ) {
		if (irq_fn)
			irq_fn();
		return;
	}
	if (trap_fixup_rip) {
		trap_fault_vector = f->vector;
		*trap_ip(f) = trap_fixup_rip;
		trap_fixup_rip = 0;
#ifdef __x86_64__
		/* iretq then lands in ring 0, whatever ring faulted. */
		if (trap_fixup_ring0_sp) {
			f->cs = XHVM_SEL_CODE64;
			f->ss = XHVM_SEL_DATA;
			f->rsp = trap_fixup_ring0_sp;
			trap_fixup_ring0_sp = 0;
		}
#endif
		return;
	}
	trap_die(f);
}
