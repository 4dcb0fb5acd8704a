/*
 * The state a vCPU enters a guest in: flat segments, CR0/CR3/CR4 and EFER
 * for the mode, then the general registers a boot protocol sets; and, for
 * guests entered with paging on, a GDT and page tables identity-mapping
 * RAM.
 */
#include <string.h>

#include "x86/x86.h"

/*
 * A flat segment descriptor: base 0, limit 4 GiB (G set), present.
 * access = type | S (code/data) | DPL 0 | P; flags = G | D/B | L.
 */
#define GDT_ACCESS(type) (0x90u | (type))
#define GDT_FLAG_G	 0x8u
#define GDT_FLAG_DB	 0x4u
#define GDT_FLAG_L	 0x2u
#define GDT_SEL_CODE64	 0x08
#define GDT_SEL_DATA	 0x10
#define GDT_SEL_CODE32	 0x18
#define GDT_LIMIT	 (4 * 8 - 1) /* null, code64, data, code32 */
static uint64_t gdt_flat(unsigned type, unsigned flags)
{
	return 0xffffull | (0xfull << 48) | ((uint64_t)GDT_ACCESS(type) << 40) |
	       ((uint64_t)flags << 52);
}

void x86_build_boot_tables(struct guest_mem *mem, uint64_t gdt_gpa,
			   uint64_t pml4_gpa, struct x86_gdt *g)
{
	uint64_t *gdt = gpa_ptr(mem, gdt_gpa, PAGE_SIZE);
	uint64_t *pml4 = gpa_ptr(mem, pml4_gpa, PAGE_SIZE);
	uint64_t pdpt_gpa = pml4_gpa + PAGE_SIZE,
		 pd_base = pdpt_gpa + PAGE_SIZE;
	uint64_t *pdpt = gpa_ptr(mem, pdpt_gpa, PAGE_SIZE);
	uint64_t pages_2m = (mem->size + PAGE_2M - 1) / PAGE_2M;
	uint64_t i;

	gdt[GDT_SEL_CODE64 / 8] =
		gdt_flat(SEG_TYPE_CODE_XR, GDT_FLAG_G | GDT_FLAG_L);
	gdt[GDT_SEL_DATA / 8] =
		gdt_flat(SEG_TYPE_DATA_RW, GDT_FLAG_G | GDT_FLAG_DB);
	gdt[GDT_SEL_CODE32 / 8] =
		gdt_flat(SEG_TYPE_CODE_XR, GDT_FLAG_G | GDT_FLAG_DB);
	*g = (struct x86_gdt){gdt_gpa, GDT_LIMIT, GDT_SEL_CODE64,
			      GDT_SEL_CODE32, GDT_SEL_DATA};

	/* PML4[0] -> PDPT -> one PD per GiB, each of 2 MiB pages. */
	pml4[0] = pdpt_gpa | PTE_P | PTE_RW;
	for (i = 0; i < pages_2m; i++) {
		uint64_t pd_gpa = pd_base + (i / 512) * PAGE_SIZE;
		uint64_t *pd = gpa_ptr(mem, pd_gpa, PAGE_SIZE);

		if (i % 512 == 0)
			pdpt[i / 512] = pd_gpa | PTE_P | PTE_RW;
		pd[i % 512] = (i * PAGE_2M) | PTE_P | PTE_RW | PTE_PS;
	}
}

static void flat_segment(struct kvm_segment *s, uint16_t sel, unsigned type,
			 bool code64)
{
	*s = (struct kvm_segment){
		.base = 0,
		.limit = 0xffffffff,
		.selector = sel,
		.type = type,
		.present = 1,
		.dpl = 0,
		.db = code64 ? 0 : 1, /* L and D/B may not both be set */
		.s = 1,
		.l = code64,
		.g = 1,
	};
}

/* The control registers and EFER of a mode. */
static void set_mode(struct kvm_sregs *sregs, const struct entry_state *e)
{
	sregs->cr0 = CR0_PE | CR0_ET;
	sregs->cr4 = 0;
	/* SSE on, so code built by an ordinary compiler just works. */
	if (e->sse) {
		sregs->cr0 |= CR0_MP | CR0_NE;
		sregs->cr4 |= CR4_OSFXSR | CR4_OSXMMEXCPT;
	}
	if (e->mode == X86_MODE_64) {
		sregs->cr0 |= CR0_WP | CR0_PG;
		sregs->cr3 = e->cr3;
		sregs->cr4 |= CR4_PAE;
		sregs->efer = EFER_LME | EFER_LMA;
	} else {
		/* Paging off and EFER clear: a 32-bit hypercall page. */
		sregs->cr3 = 0;
		sregs->efer = 0;
	}
}

int x86_enter(struct vcpu *v, const struct entry_state *e)
{
	bool long_mode = e->mode == X86_MODE_64;
	struct kvm_sregs sregs;
	struct kvm_regs regs = {
		.rip = e->rip,
		.rsp = e->rsp,
		.rdi = e->rdi,
		.rsi = e->rsi,
		.rdx = e->rdx,
		.rbx = e->rbx,
		.rflags = RFLAGS_RESERVED, /* interrupts off */
	};

	if (kvm_ioctl(v->fd, KVM_GET_SREGS, &sregs) < 0)
		return XHVM_EXIT_HOST;
	flat_segment(&sregs.cs, long_mode ? e->gdt.code64 : e->gdt.code32,
		     SEG_TYPE_CODE_XR, long_mode);
	flat_segment(&sregs.ds, e->gdt.data, SEG_TYPE_DATA_RW, false);
	sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
	sregs.gdt.base = e->gdt.base;
	sregs.gdt.limit = e->gdt.limit;
	set_mode(&sregs, e);
	if (kvm_ioctl(v->fd, KVM_SET_SREGS, &sregs) < 0 ||
	    kvm_ioctl(v->fd, KVM_SET_REGS, &regs) < 0)
		return XHVM_EXIT_HOST;
	/* With LAPICs in KVM, secondary vCPUs wait for SIPI unless told. */
	if (v->vm->lapic && e->start) {
		struct kvm_mp_state mp = {.mp_state = KVM_MP_STATE_RUNNABLE};

		if (kvm_ioctl(v->fd, KVM_SET_MP_STATE, &mp) < 0)
			return XHVM_EXIT_HOST;
	}
	return 0;
}

int x86_set_context(struct vcpu *v, const struct x86_context *c)
{
	struct kvm_mp_state mp = {.mp_state = KVM_MP_STATE_RUNNABLE};
	struct kvm_sregs sregs;
	struct kvm_regs regs = c->regs;

	if (kvm_ioctl(v->fd, KVM_GET_SREGS, &sregs) < 0)
		return XHVM_EXIT_HOST;
	sregs.cs = c->cs;
	sregs.ds = c->ds;
	sregs.ss = c->ss;
	sregs.es = c->es;
	sregs.tr = c->tr;
	sregs.cr0 = c->cr0;
	sregs.cr3 = c->cr3;
	sregs.cr4 = c->cr4;
	sregs.efer = c->efer;
	if (kvm_ioctl(v->fd, KVM_SET_SREGS, &sregs) < 0 ||
	    kvm_ioctl(v->fd, KVM_SET_REGS, &regs) < 0)
		return XHVM_EXIT_HOST;
	if (v->vm->lapic && kvm_ioctl(v->fd, KVM_SET_MP_STATE, &mp) < 0)
		return XHVM_EXIT_HOST;
	/* What was cached or queued for the old state is void. */
	v->run->kvm_dirty_regs = 0;
	v->regs_dirty = false;
	v->regs_fetched = v->sregs_fetched = false;
	if (v->use_sync) {
		v->run->s.regs.regs = regs;
		v->run->s.regs.sregs = sregs;
	}
	return 0;
}
