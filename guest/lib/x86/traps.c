/*
 * The IDT and the C side of exception handling: the exception table, the
 * ring-3 landing, and the _safe() instructions built on the table.
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

/* The exception table, gathered by cmake/guest64.ld and guest32.ld. */
extern const struct extable_entry ex_table_start[], ex_table_end[];

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

/* The IDT's progress: not built, being built by one vCPU, built. */
#define IDT_NOT_BUILT 0
#define IDT_BUILDING  1
#define IDT_BUILT     2
static int idt_state = IDT_NOT_BUILT;

/*
 * One IDT for all vCPUs, built once: set_gate() is no atomic store, and a
 * vCPU taking a fault through a gate another vCPU was rewriting would see
 * it torn. The others wait for it, then load it.
 */
void traps_init(void)
{
	struct idt_ptr ptr = {.limit = sizeof(idt) - 1, .base = (uintptr_t)idt};
	int s = IDT_NOT_BUILT;
	unsigned int i;

	if (__atomic_compare_exchange_n(&idt_state, &s, IDT_BUILDING, false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		for (i = 0; i < TRAP_VECTORS; i++)
			set_gate(i, trap_stubs[i]);
		__atomic_store_n(&idt_state, IDT_BUILT, __ATOMIC_RELEASE);
	}
	while (__atomic_load_n(&idt_state, __ATOMIC_ACQUIRE) != IDT_BUILT)
		cpu_relax();
	asm volatile("lidt %0" : : "m"(ptr));
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

static unsigned long *trap_ax(struct trap_frame *f)
{
	return &f->rax;
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

static unsigned long *trap_ax(struct trap_frame *f)
{
	return &f->eax;
}
#endif

/*
 * Each guarded instruction sets EAX to TRAP_NO_FAULT on its way to the
 * fixup; a fault arrives there with the vector in EAX instead.
 */
int wrmsr_safe(uint32_t msr, uint64_t val)
{
	int vector;

	asm volatile("1: wrmsr\n\t" EXTABLE_NO_FAULT
		     "2:\n\t" EXTABLE("1b", "2b")
		     : "=a"(vector)
		     : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
		     : "memory");
	return vector;
}

/* RDMSR's result comes in EAX too: it moves out before EAX says no fault. */
int rdmsr_safe(uint32_t msr, uint64_t *val)
{
	uint32_t lo, hi;
	int vector;

	asm volatile("1: rdmsr\n\t"
		     "mov %%eax, %[lo]\n\t" EXTABLE_NO_FAULT
		     "2:\n\t" EXTABLE("1b", "2b")
		     : "=a"(vector), [lo] "=r"(lo), "=d"(hi)
		     : "c"(msr)
		     : "memory");
	*val = vector == TRAP_NO_FAULT ? (uint64_t)hi << 32 | lo : 0;
	return vector;
}

/* Some KVMs refuse what a CPU accepts: PVM faults paging in 32-bit mode. */
int write_cr0_safe(unsigned long val)
{
	int vector;

	asm volatile("1: mov %[val], %%cr0\n\t" EXTABLE_NO_FAULT
		     "2:\n\t" EXTABLE("1b", "2b")
		     : "=a"(vector)
		     : [val] "r"(val)
		     : "memory");
	return vector;
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

static const struct extable_entry *extable_find(uintptr_t ip)
{
	const struct extable_entry *e;

	for (e = ex_table_start; e < ex_table_end; e++) {
		if (e->fault == ip)
			return e;
	}
	return NULL;
}

#ifdef __x86_64__
/*
 * A fault in ring 3: the CPU switched to TSS.RSP0 and pushed its frame
 * just below, so the landing is just above SS. iretq then lands in ring 0.
 */
static bool trap_land_in_ring0(struct trap_frame *f)
{
	struct trap_landing *l = (struct trap_landing *)(&f->ss + 1);

	if ((f->cs & 3) == 0 || !l->resume)
		return false;
	l->vector = f->vector;
	f->rip = l->resume;
	f->cs = XHVM_SEL_CODE64;
	f->ss = XHVM_SEL_DATA;
	f->rsp = (uintptr_t)l;
	l->resume = 0;
	return true;
}
#endif

void trap_handler(struct trap_frame *f)
{
	const struct extable_entry *e;

	if (f->vector == TRAP_IRQ) {
		if (irq_fn)
			irq_fn();
		return;
	}
	e = extable_find(*trap_ip(f));
	if (e) {
		*trap_ip(f) = e->fixup;
		*trap_ax(f) = f->vector;
		return;
	}
#ifdef __x86_64__
	if (trap_land_in_ring0(f))
		return;
#endif
	trap_die(f);
}
