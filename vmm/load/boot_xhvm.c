/*
 * xhvm's own boot protocol, the README's "Guest entry contract": the image
 * at its physical addresses; below 1 MiB a flat GDT, page tables that
 * identity-map all RAM (for 64-bit guests), the boot information and one
 * stack per vCPU; every vCPU starts at the entry together, with its index
 * in RDI, the number of vCPUs in RSI and the boot information in RDX.
 */
#include "load/load.h"

void boot_xhvm_place(struct vm *vm, const struct elf_plan *elf,
		     const struct xhvm_boot_info *info, struct xhvm_boot *b)
{
	struct xhvm_boot_info *bi =
		gpa_ptr(&vm->mem, XHVM_BOOT_INFO_GPA, sizeof(*bi));

	memmap_set(&vm->map, 0, XHVM_GUEST_BASE_GPA, MEM_RESERVED,
		   "xhvm's GDT, page tables, boot info and stacks");
	x86_build_boot_tables(&vm->mem, XHVM_GDT_GPA, XHVM_PML4_GPA, &b->gdt);
	*bi = *info;
	bi->magic = XHVM_BOOT_MAGIC;
	bi->size = sizeof(*bi);
	elf_load(elf, &vm->mem);
	b->mode = elf->mode;
	b->entry = elf->entry;
	b->nvcpus = vm->cfg.nvcpus;
}

void boot_xhvm_vcpu(const struct xhvm_boot *b, unsigned index,
		    struct entry_state *e)
{
	*e = (struct entry_state){
		.start = true,
		.mode = b->mode,
		.sse = true,
		.rip = b->entry,
		.rsp = XHVM_STACK_TOP(index),
		.rdi = index,
		.rsi = b->nvcpus,
		.rdx = XHVM_BOOT_INFO_GPA,
		.cr3 = XHVM_PML4_GPA,
		.gdt = b->gdt,
	};
}
