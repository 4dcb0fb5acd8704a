/*
 * Xen's PVH boot ABI (docs/misc/pvh.pandoc, public/arch-x86/hvm/
 * start_info.h), as a boot protocol for xhvm: the image at its physical
 * addresses, entered at the address its XEN_ELFNOTE_PHYS32_ENTRY note
 * gives, in 32-bit flat protected mode with paging off, EBX pointing at
 * struct hvm_start_info (version 1: command line, modules, memory map).
 * Only vCPU 0 starts; the others wait to be started by the guest.
 *
 * Where things go: the boot data in three reserved pages below 1 MiB
 * (PVH_INFO_GPA..PVH_BOOT_END), the modules page-aligned after the image
 * in RAM (Linux takes module 0 as its initrd and reserves it itself).
 */
#include <string.h>

#include "load/load.h"
#include "xhvm/xen.h"

static uint64_t page_up(uint64_t x)
{
	return (x + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
}

int boot_pvh_check(const struct elf_plan *elf, const struct pvh_config *cfg,
		   uint64_t ram_size, struct xhvm_error *err)
{
	uint64_t at = page_up(elf_end(elf));
	unsigned i;

	if (cfg->cmdline && strlen(cfg->cmdline) > PVH_CMDLINE_MAX)
		return err_set(err, "--cmdline: %zu bytes, at most %d",
			       strlen(cfg->cmdline), PVH_CMDLINE_MAX);
	for (i = 0; i < cfg->nmodules; i++) {
		/* at and each size are below 2^40 here: no sum wraps. */
		at += page_up(cfg->mod[i].size);
		if (at > ram_size || at > (1ull << 32))
			return err_set(err,
				       "--module %s: the image and modules "
				       "need 0x%llx bytes of RAM, below "
				       "4 GiB (see --mem)",
				       cfg->mod[i].name,
				       (unsigned long long)at);
	}
	return 0;
}

/* Appends [addr, addr + size) of type, merged with its neighbour. */
static unsigned add_range(struct e820_range *out, unsigned n, unsigned max,
			  uint64_t addr, uint64_t size, uint32_t type)
{
	struct e820_range *last = n && n <= max ? &out[n - 1] : NULL;

	if (last && last->type == type && last->addr + last->size == addr) {
		last->size += size;
		return n;
	}
	if (n < max)
		out[n] = (struct e820_range){addr, size, type};
	return n + 1;
}

unsigned memmap_e820(const struct memmap *m, struct e820_range *out,
		     unsigned max)
{
	unsigned i, n = 0;

	for (i = 0; i < m->n; i++) {
		const struct mem_range *r = &m->r[i];

		if (r->kind == MEM_MMIO)
			continue;
		n = add_range(out, n, max, r->gpa, r->size,
			      r->kind == MEM_RAM    ? E820_RAM
			      : r->kind == MEM_ACPI ? E820_ACPI
						    : E820_RESERVED);
	}
	return n;
}

/* The modules after the image; fills the module list. */
static uint64_t place_modules(struct vm *vm, const struct elf_plan *elf,
			      const struct pvh_config *cfg,
			      struct hvm_modlist_entry *list)
{
	uint64_t at = page_up(elf_end(elf));
	unsigned i;

	for (i = 0; i < cfg->nmodules; i++) {
		const struct pvh_module *m = &cfg->mod[i];

		/* boot_pvh_check made sure these fit in RAM. */
		memcpy(gpa_ptr(&vm->mem, at, m->size), m->data, m->size);
		list[i] = (struct hvm_modlist_entry){.paddr = at,
						     .size = m->size};
		at += page_up(m->size);
	}
	return at;
}

/* The memory map into its page; how many entries it holds. */
static uint32_t write_memmap(struct vm *vm)
{
	struct hvm_memmap_table_entry *t = gpa_ptr(
		&vm->mem, PVH_MEMMAP_GPA, PVH_CMDLINE_GPA - PVH_MEMMAP_GPA);
	const unsigned max = (PVH_CMDLINE_GPA - PVH_MEMMAP_GPA) / sizeof(*t);
	struct e820_range r[max];
	unsigned i, n = memmap_e820(&vm->map, r, max);

	/* The memory map has at most MEMMAP_MAX ranges: they all fit. */
	for (i = 0; i < n && i < max; i++)
		t[i] = (struct hvm_memmap_table_entry){.addr = r[i].addr,
						       .size = r[i].size,
						       .type = r[i].type};
	return i;
}

void boot_pvh_place(struct vm *vm, const struct elf_plan *elf,
		    const struct pvh_config *cfg, struct pvh_boot *b)
{
	struct hvm_start_info *si = gpa_ptr(&vm->mem, PVH_INFO_GPA, PAGE_SIZE);
	struct hvm_modlist_entry *mods = (void *)(si + 1);
	char *cmdline = gpa_ptr(&vm->mem, PVH_CMDLINE_GPA, PAGE_SIZE);

	memmap_set(&vm->map, PVH_INFO_GPA, PVH_BOOT_END - PVH_INFO_GPA,
		   MEM_RESERVED, "PVH start info, memory map, command line");
	elf_load(elf, &vm->mem);
	place_modules(vm, elf, cfg, mods);
	*si = (struct hvm_start_info){
		.magic = XEN_HVM_START_MAGIC_VALUE,
		.version = 1,
		.nr_modules = cfg->nmodules,
		.modlist_paddr = cfg->nmodules ? PVH_INFO_GPA + sizeof(*si) : 0,
		.rsdp_paddr = cfg->rsdp,
		.memmap_paddr = PVH_MEMMAP_GPA,
	};
	if (cfg->cmdline) {
		/* boot_pvh_check bounded its length. */
		strcpy(cmdline, cfg->cmdline);
		si->cmdline_paddr = PVH_CMDLINE_GPA;
	}
	si->memmap_entries = write_memmap(vm);
	b->entry = elf->entry;
	if (TRACE_ON())
		trace_line(NULL,
			   "boot: PVH at 0x%llx, start_info at 0x%llx: %u "
			   "modules, "
			   "%u memory map entries, command line \"%s\"",
			   (unsigned long long)b->entry,
			   (unsigned long long)PVH_INFO_GPA, cfg->nmodules,
			   si->memmap_entries,
			   cfg->cmdline ? cfg->cmdline : "");
	if (TRACE_ON() && elf->loaded_at != elf->linked_at)
		trace_line(NULL,
			   "boot: the image, linked at 0x%llx, loaded at "
			   "0x%llx as its PHYS32_RELOC note allows",
			   (unsigned long long)elf->linked_at,
			   (unsigned long long)elf->loaded_at);
}

void boot_pvh_vcpu(const struct pvh_boot *b, unsigned index,
		   struct entry_state *e)
{
	/* CR0 = PE, CR4 = 0, flat segments, interrupts off: pvh.pandoc. */
	*e = (struct entry_state){
		.start = index == 0,
		.mode = X86_MODE_32,
		.sse = false,
		.rip = b->entry,
		.rbx = PVH_INFO_GPA,
	};
}
