/*
 * x86 mode setup: the boot GDT, identity-mapping page tables, and the
 * register state of the 64-bit entry contract (README.md).
 */
#include <string.h>

#include "x86.h"
#include "xhvm.h"

/*
 * A flat segment descriptor: base 0, limit 4 GiB (G set), present.
 * access = type | S (code/data) | DPL 0 | P; flags = G | D/B | L.
 */
#define GDT_ACCESS(type) (0x90u | (type))
#define GDT_FLAG_G	 0x8u
#define GDT_FLAG_DB	 0x4u
#define GDT_FLAG_L	 0x2u
#define XHVM_GDT_LIMIT	 (4 * 8 - 1) /* null, code64, data, code32 */
static uint64_t gdt_flat(unsigned type, unsigned flags)
{
	return 0xffffull | (0xfull << 48) | ((uint64_t)GDT_ACCESS(type) << 40) |
	       ((uint64_t)flags << 52);
}

void x86_build_boot_tables(struct guest_mem *mem)
{
	uint64_t *gdt = gpa_ptr(mem, XHVM_GDT_GPA, PAGE_SIZE);
	uint64_t *pml4 = gpa_ptr(mem, XHVM_PML4_GPA, PAGE_SIZE);
	uint64_t *pdpt = gpa_ptr(mem, XHVM_PDPT_GPA, PAGE_SIZE);
	uint64_t pages_2m = (mem->size + PAGE_2M - 1) / PAGE_2M;
	uint64_t i;

	gdt[XHVM_SEL_CODE64 / 8] =
		gdt_flat(SEG_TYPE_CODE_XR, GDT_FLAG_G | GDT_FLAG_L);
	gdt[XHVM_SEL_DATA / 8] =
		gdt_flat(SEG_TYPE_DATA_RW, GDT_FLAG_G | GDT_FLAG_DB);
	gdt[XHVM_SEL_CODE32 / 8] =
		gdt_flat(SEG_TYPE_CODE_XR, GDT_FLAG_G | GDT_FLAG_DB);

	/* PML4[0] -> PDPT -> one PD per GiB, each of 2 MiB pages. */
	pml4[0] = XHVM_PDPT_GPA | PTE_P | PTE_RW;
	for (i = 0; i < pages_2m; i++) {
		uint64_t pd_gpa = XHVM_PD_GPA + (i / 512) * PAGE_SIZE;
		uint64_t *pd = gpa_ptr(mem, pd_gpa, PAGE_SIZE);

		if (i % 512 == 0)
			pdpt[i / 512] = pd_gpa | PTE_P | PTE_RW;
		pd[i % 512] = (i * PAGE_2M) | PTE_P | PTE_RW | PTE_PS;
	}
}

void x86_write_boot_info(struct xhvm_vm *vm)
{
	struct xhvm_boot_info *b =
		gpa_ptr(&vm->mem, XHVM_BOOT_INFO_GPA, sizeof(*b));
	bool blobs = vm->backend != XHVM_BACKEND_INTERCEPT;

	*b = (struct xhvm_boot_info){
		.magic = XHVM_BOOT_MAGIC,
		.size = sizeof(*b),
		.ram_size = vm->mem.size,
		.nvcpus = vm->cfg->nvcpus,
		.msr_backend = (uint32_t)vm->backend,
		.xen_msr = vm->cfg->xen_msr,
		.blob64_pages = blobs ? (uint32_t)vm->cfg->blob64.pages : 0,
		.blob32_pages = blobs ? (uint32_t)vm->cfg->blob32.pages : 0,
		.arg = vm->cfg->guest_arg,
	};
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

/* The general registers at entry, the same in every mode's contract. */
static int set_entry_regs(struct xhvm_vcpu *v, uint64_t entry)
{
	struct kvm_regs regs = {
		.rip = entry,
		.rsp = XHVM_STACK_TOP(v->index),
		.rdi = v->index,
		.rsi = v->vm->cfg->nvcpus,
		.rdx = XHVM_BOOT_INFO_GPA,
		.rflags = RFLAGS_RESERVED, /* interrupts off */
	};

	if (kvm_ioctl(v->fd, KVM_SET_REGS, &regs) < 0)
		return XHVM_EXIT_HOST;
	return 0;
}

int x86_enter(struct xhvm_vcpu *v, unsigned mode, uint64_t entry)
{
	bool long_mode = mode == 64;
	struct kvm_sregs sregs;

	if (kvm_ioctl(v->fd, KVM_GET_SREGS, &sregs) < 0)
		return XHVM_EXIT_HOST;

	flat_segment(&sregs.cs, long_mode ? XHVM_SEL_CODE64 : XHVM_SEL_CODE32,
		     SEG_TYPE_CODE_XR, long_mode);
	flat_segment(&sregs.ds, XHVM_SEL_DATA, SEG_TYPE_DATA_RW, false);
	sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
	sregs.gdt.base = XHVM_GDT_GPA;
	sregs.gdt.limit = XHVM_GDT_LIMIT;

	/* SSE on, so guests built by an ordinary compiler just work. */
	sregs.cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE;
	sregs.cr4 = CR4_OSFXSR | CR4_OSXMMEXCPT;
	if (long_mode) {
		sregs.cr0 |= CR0_WP | CR0_PG;
		sregs.cr3 = XHVM_PML4_GPA;
		sregs.cr4 |= CR4_PAE;
		sregs.efer = EFER_LME | EFER_LMA;
	} else {
		/* Paging off and EFER clear: the guest gets the 32-bit blob. */
		sregs.cr3 = 0;
		sregs.efer = 0;
	}
	if (kvm_ioctl(v->fd, KVM_SET_SREGS, &sregs) < 0)
		return XHVM_EXIT_HOST;
	return set_entry_regs(v, entry);
}
