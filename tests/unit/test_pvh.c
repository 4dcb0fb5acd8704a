/*
 * Unit tests for the PVH boot protocol: finding the PHYS32_ENTRY note (4-
 * and 8-byte descriptors, broken notes, --boot), and what boot_pvh_place
 * writes into a fake VM: start_info, the module list, the command line
 * and the memory map, checked against Xen's layout; each vCPU's entry.
 */
#include <elf.h>

#include "check.h"
#include "elf_image.h"
#include "fake_vcpu.h"

#define RAM	(64ull << 20)
#define CODE_PA 0x100000ull

/* An ELF32 x86-64 image like XTF's: one RWX load, one Xen note. */
struct pvh_image {
	Elf32_Ehdr eh;
	Elf32_Phdr ph[2];
	struct {
		Elf32_Nhdr nh;
		char name[4];
		uint8_t desc[8];
	} note;
	uint8_t code[0x100];
};

static void make_pvh(struct pvh_image *im, unsigned descsz, uint64_t entry)
{
	memset(im, 0, sizeof(*im));
	elf32_exec_header(&im->eh, EM_X86_64, CODE_PA,
			  offsetof(struct pvh_image, ph), 2);
	im->ph[0] = (Elf32_Phdr){.p_type = PT_LOAD,
				 .p_flags = PF_R | PF_W | PF_X,
				 .p_offset = offsetof(struct pvh_image, code),
				 .p_paddr = CODE_PA,
				 .p_filesz = sizeof(im->code),
				 .p_memsz = 0x2000};
	im->ph[1] = (Elf32_Phdr){.p_type = PT_NOTE,
				 .p_offset = offsetof(struct pvh_image, note),
				 .p_filesz = 12 + 4 + descsz,
				 .p_align = 4};
	im->note.nh = (Elf32_Nhdr){4, descsz, XEN_ELFNOTE_PHYS32_ENTRY};
	memcpy(im->note.name, "Xen", 4);
	memcpy(im->note.desc, &entry, descsz < 8 ? descsz : 8);
}

static int parse(struct pvh_image *im, enum boot_proto boot,
		 struct elf_plan *plan, struct xhvm_error *err)
{
	return elf_parse((const uint8_t *)im, sizeof(*im), RAM, boot, plan,
			 err);
}

static void test_notes(void)
{
	struct pvh_image im;
	struct elf_plan plan;
	struct xhvm_error err = {{0}};
	int r;

	make_pvh(&im, 4, CODE_PA + 0x50);
	r = parse(&im, BOOT_AUTO, &plan, &err);
	check(r == 0 && plan.boot == BOOT_PVH && plan.mode == 32 &&
		      plan.entry == CODE_PA + 0x50,
	      "a 4-byte PHYS32_ENTRY note: PVH, entered at the note's "
	      "address in 32-bit mode (%s)",
	      r ? err.msg : "ok");
	make_pvh(&im, 8, CODE_PA + 0x60);
	r = parse(&im, BOOT_AUTO, &plan, &err);
	check(r == 0 && plan.boot == BOOT_PVH && plan.entry == CODE_PA + 0x60,
	      "an 8-byte one (Linux's) too (%s)", r ? err.msg : "ok");
	r = parse(&im, BOOT_XHVM, &plan, &err);
	check(r == 0 && plan.boot == BOOT_XHVM && plan.entry == CODE_PA,
	      "--boot elf: xhvm's contract at e_entry, note or not");
	make_pvh(&im, 2, 0);
	r = parse(&im, BOOT_AUTO, &plan, &err);
	check(r && strstr(err.msg, "of 2 bytes"),
	      "a 2-byte entry note is refused: \"%s\"", err.msg);
	make_pvh(&im, 4, CODE_PA + 0x50);
	im.note.nh.n_descsz = 0x7ffffff0;
	r = parse(&im, BOOT_AUTO, &plan, &err);
	check(r && strstr(err.msg, "runs past"),
	      "a note running past its segment is refused: \"%s\"", err.msg);
	make_pvh(&im, 4, CODE_PA + 0x50);
	im.ph[1].p_offset = 0xfffffff0;
	r = parse(&im, BOOT_AUTO, &plan, &err);
	check(r && strstr(err.msg, "beyond the end"),
	      "a note segment past the file is refused: \"%s\"", err.msg);
	make_pvh(&im, 4, 0x5000000);
	r = parse(&im, BOOT_AUTO, &plan, &err);
	check(r && strstr(err.msg, "PVH entry point"),
	      "a PVH entry outside the image is refused: \"%s\"", err.msg);
	make_pvh(&im, 4, CODE_PA + 0x50);
	im.ph[0].p_flags = PF_R | PF_W;
	r = parse(&im, BOOT_AUTO, &plan, &err);
	check(r == 0 && plan.entry == CODE_PA + 0x50,
	      "a PVH entry in a segment not marked executable is taken, as "
	      "Xen's loader takes Linux 7.x's (%s)",
	      r ? err.msg : "ok");
	make_pvh(&im, 4, CODE_PA);
	memcpy(im.note.name, "Xe\0", 4);
	r = parse(&im, BOOT_AUTO, &plan, &err);
	check(r == 0 && plan.boot == BOOT_XHVM,
	      "a note not Xen's is not PVH's: xhvm's contract");
	r = parse(&im, BOOT_PVH, &plan, &err);
	check(r && strstr(err.msg, "no XEN_ELFNOTE_PHYS32_ENTRY"),
	      "--boot pvh without the note is refused: \"%s\"", err.msg);
}

static void test_place(void)
{
	static const uint8_t initrd[5000] = {1, 2, 3};
	struct pvh_config cfg = {.cmdline = "console=hvc0 quiet",
				 .nmodules = 1,
				 .mod = {{"initrd", initrd, sizeof(initrd)}}};
	struct xhvm_error err = {{0}};
	struct hvm_start_info si;
	struct hvm_modlist_entry mod;
	struct hvm_memmap_table_entry map[8];
	struct pvh_image im;
	struct elf_plan plan;
	struct pvh_boot b;
	struct entry_state e;
	struct fake f;

	make_pvh(&im, 4, CODE_PA + 0x50);
	parse(&im, BOOT_AUTO, &plan, &err);
	check(boot_pvh_check(&plan, &cfg, RAM, &err) == 0,
	      "an initrd of 5000 bytes fits");
	check(boot_pvh_check(&plan, &cfg, CODE_PA + 0x3000, &err) &&
		      strstr(err.msg, "--module initrd"),
	      "... but not in RAM that ends after the image: \"%s\"", err.msg);
	fake_init(&f, RAM);
	memmap_set(&f.vm.map, XEN_SPECIAL_GPA, 0x4000, MEM_RESERVED, "sp");
	boot_pvh_place(&f.vm, &plan, &cfg, &b);
	memcpy(&si, fake_mem(&f, PVH_INFO_GPA), sizeof(si));
	check(si.magic == 0x336ec578 && si.version == 1 && si.flags == 0 &&
		      si.nr_modules == 1 && si.memmap_paddr == 0x8000 &&
		      si.cmdline_paddr == 0x9000 && si.rsdp_paddr == 0,
	      "start_info: magic 0x336ec578, version 1, 1 module, memory "
	      "map and command line in place");
	memcpy(&mod, fake_mem(&f, si.modlist_paddr), sizeof(mod));
	check(mod.paddr == CODE_PA + 0x2000 && mod.size == sizeof(initrd) &&
		      fake_mem(&f, mod.paddr)[2] == 3,
	      "the module, page-aligned after the image at 0x%llx",
	      (unsigned long long)mod.paddr);
	check(!strcmp((char *)fake_mem(&f, 0x9000), "console=hvc0 quiet"),
	      "the command line, NUL-terminated");
	memcpy(map, fake_mem(&f, si.memmap_paddr), sizeof(map));
	check(si.memmap_entries == 4 && map[0].addr == 0 &&
		      map[0].size == 0x7000 && map[0].type == 1 &&
		      map[1].addr == 0x7000 && map[1].size == 0x3000 &&
		      map[1].type == 2 && map[2].addr == 0xa000 &&
		      map[2].size == RAM - 0xa000 && map[2].type == 1 &&
		      map[3].addr == XEN_SPECIAL_GPA && map[3].type == 2,
	      "the memory map: RAM from 0, the boot pages reserved, RAM to "
	      "the end, the special pages reserved (%u entries)",
	      si.memmap_entries);
	boot_pvh_vcpu(&b, 0, &e);
	check(e.start && e.mode == X86_MODE_32 && !e.sse &&
		      e.rip == CODE_PA + 0x50 && e.rbx == PVH_INFO_GPA,
	      "vCPU 0 starts at the entry, EBX = start_info, CR0 = PE");
	boot_pvh_vcpu(&b, 1, &e);
	check(!e.start, "vCPU 1 waits to be started");
	fake_free(&f);
}

int main(void)
{
	test_notes();
	test_place();
	return check_summary();
}
