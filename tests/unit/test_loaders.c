/*
 * Unit tests for what xhvm reads from files and the command line: the ELF
 * loader, the blob checks and the number parsers. No KVM needed.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "elf_image.h"
#include "machine.h"

#define RAM	(32ull << 20)
#define CODE_PA 0x100000ull

/* An image with one executable segment of 0x100 bytes at CODE_PA. */
struct image {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[3];
	uint8_t code[0x100];
};

static void make_image(struct image *im)
{
	memset(im, 0, sizeof(*im));
	memcpy(im->eh.e_ident, ELFMAG, SELFMAG);
	im->eh.e_ident[EI_CLASS] = ELFCLASS64;
	im->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	im->eh.e_ident[EI_VERSION] = EV_CURRENT;
	im->eh.e_type = ET_EXEC;
	im->eh.e_machine = EM_X86_64;
	im->eh.e_version = EV_CURRENT;
	im->eh.e_entry = CODE_PA;
	im->eh.e_phoff = offsetof(struct image, ph);
	im->eh.e_ehsize = sizeof(Elf64_Ehdr);
	im->eh.e_phentsize = sizeof(Elf64_Phdr);
	im->eh.e_phnum = 1;
	im->ph[0] = (Elf64_Phdr){
		.p_type = PT_LOAD,
		.p_flags = PF_R | PF_X,
		.p_offset = offsetof(struct image, code),
		.p_vaddr = CODE_PA,
		.p_paddr = CODE_PA,
		.p_filesz = sizeof(im->code),
		.p_memsz = 0x1000,
	};
	memset(im->code, 0x90, sizeof(im->code));
}

/* Parses im (of size bytes) and checks the error mentions `want`. */
static void expect_error(struct image *im, size_t size, const char *what,
			 const char *want)
{
	struct elf_plan plan;
	struct xhvm_error err = {{0}};
	int r = elf_parse((const uint8_t *)im, size, RAM, BOOT_AUTO, &plan,
			  &err);

	check(r == XHVM_EXIT_BAD_INPUT && strstr(err.msg, want),
	      "ELF %s is refused: \"%s\"", what, err.msg);
}

static void test_elf(void)
{
	struct image im;
	struct elf_plan plan;
	struct xhvm_error err = {{0}};
	struct guest_mem mem = {0};
	int r;

	make_image(&im);
	r = elf_parse((const uint8_t *)&im, sizeof(im), RAM, BOOT_AUTO, &plan,
		      &err);
	check(r == 0 && plan.nseg == 1 && plan.entry == CODE_PA,
	      "a valid ELF parses (%s)", r ? err.msg : "1 segment");

	/* Load into RAM that is dirty, so zeroing of the tail shows. */
	mem.size = 2ull << 20;
	mem.host = malloc(mem.size);
	memset(mem.host, 0xee, mem.size);
	elf_parse((const uint8_t *)&im, sizeof(im), mem.size, BOOT_AUTO, &plan,
		  &err);
	elf_load(&plan, &mem);
	check(mem.host[CODE_PA] == 0x90 && mem.host[CODE_PA + 0xff] == 0x90,
	      "file bytes are loaded at p_paddr");
	check(mem.host[CODE_PA + 0x100] == 0 && mem.host[CODE_PA + 0xfff] == 0,
	      "memsz beyond filesz is zeroed");
	check(mem.host[CODE_PA + 0x1000] == 0xee &&
		      mem.host[CODE_PA - 1] == 0xee,
	      "nothing outside the segment is touched");
	free(mem.host);
}

/* Each way an ELF header can be wrong, refused with a message saying so. */
static void test_elf_bad_header(void)
{
	struct image im;

	make_image(&im);
	expect_error(&im, 3, "of 3 bytes", "not an ELF");
	expect_error(&im, 40, "cut inside its header", "truncated ELF header");
	make_image(&im);
	im.eh.e_ident[EI_CLASS] = 7;
	expect_error(&im, sizeof(im), "of class 7", "neither ELF32 nor ELF64");
	make_image(&im);
	im.eh.e_machine = EM_AARCH64;
	expect_error(&im, sizeof(im), "for aarch64", "ELF machine 183");
	make_image(&im);
	im.eh.e_machine = EM_386;
	expect_error(&im, sizeof(im), "ELF64 for i386", "must be x86-64");
	make_image(&im);
	im.eh.e_type = ET_DYN;
	expect_error(&im, sizeof(im), "of type ET_DYN (PIE)", "ET_EXEC");
	make_image(&im);
	im.eh.e_ident[EI_DATA] = ELFDATA2MSB;
	expect_error(&im, sizeof(im), "big-endian", "little-endian");
	make_image(&im);
	im.eh.e_phnum = 0;
	expect_error(&im, sizeof(im), "without program headers", "no program");
	make_image(&im);
	im.eh.e_phentsize = 32;
	expect_error(&im, sizeof(im), "with a bad phentsize", "header size");
	make_image(&im);
	im.eh.e_phoff = ~0ull - 8;
	expect_error(&im, sizeof(im), "with e_phoff near 2^64",
		     "beyond the end");
	make_image(&im);
	im.eh.e_phnum = 3000;
	expect_error(&im, sizeof(im), "with more headers than bytes",
		     "beyond the end");
}

/* Each way a segment or the entry can be wrong. */
static void test_elf_bad_segments(void)
{
	struct image im;

	make_image(&im);
	expect_error(&im, offsetof(struct image, code) + 10,
		     "cut inside a segment", "beyond the end of the file");
	make_image(&im);
	im.ph[0].p_offset = ~0ull;
	expect_error(&im, sizeof(im), "with p_offset near 2^64",
		     "beyond the end of the file");
	make_image(&im);
	im.ph[0].p_filesz = 0x2000;
	expect_error(&im, sizeof(im), "with filesz > memsz", "exceeds");
	make_image(&im);
	im.ph[0].p_paddr = 0x8000;
	im.eh.e_entry = 0x8000;
	expect_error(&im, sizeof(im), "below 1 MiB", "below 1 MiB");
	make_image(&im);
	im.ph[0].p_paddr = RAM - 0x800;
	im.eh.e_entry = RAM - 0x800;
	expect_error(&im, sizeof(im), "running past the end of RAM",
		     "past the end of RAM");
	make_image(&im);
	im.ph[0].p_memsz = ~0ull - 0x10;
	expect_error(&im, sizeof(im), "with a huge p_memsz",
		     "past the end of RAM");
	make_image(&im);
	im.ph[0].p_paddr = ~0ull - 0xfff;
	expect_error(&im, sizeof(im), "with p_paddr near 2^64", "past the end");
	make_image(&im);
	im.eh.e_phnum = 2;
	im.ph[1] = im.ph[0];
	im.ph[1].p_paddr = CODE_PA + 0x800;
	expect_error(&im, sizeof(im), "with overlapping segments", "overlaps");
	make_image(&im);
	im.ph[0].p_type = PT_NULL;
	expect_error(&im, sizeof(im), "with no PT_LOAD", "no loadable");
	make_image(&im);
	im.eh.e_entry = CODE_PA + 0x1000;
	expect_error(&im, sizeof(im), "with its entry past the image",
		     "entry point");
	make_image(&im);
	im.ph[0].p_flags = PF_R | PF_W;
	expect_error(&im, sizeof(im), "with its entry in data", "entry point");
}

/* The 32-bit image: one executable segment of 0x100 bytes at CODE_PA. */
struct image32 {
	Elf32_Ehdr eh;
	Elf32_Phdr ph[1];
	uint8_t code[0x100];
};

static void make_image32(struct image32 *im)
{
	memset(im, 0, sizeof(*im));
	elf32_exec_header(&im->eh, EM_386, CODE_PA,
			  offsetof(struct image32, ph), 1);
	im->ph[0] = (Elf32_Phdr){
		.p_type = PT_LOAD,
		.p_flags = PF_R | PF_X,
		.p_offset = offsetof(struct image32, code),
		.p_vaddr = CODE_PA,
		.p_paddr = CODE_PA,
		.p_filesz = sizeof(im->code),
		.p_memsz = 0x1000,
	};
}

static void test_elf32(void)
{
	struct image32 im;
	struct elf_plan plan;
	struct xhvm_error err = {{0}};
	int r;

	make_image32(&im);
	r = elf_parse((const uint8_t *)&im, sizeof(im), RAM, BOOT_AUTO, &plan,
		      &err);
	check(r == 0 && plan.mode == 32 && plan.nseg == 1 &&
		      plan.entry == CODE_PA && plan.seg[0].filesz == 0x100,
	      "a valid ELF32 parses as a 32-bit guest (%s)",
	      r ? err.msg : "ok");
	make_image32(&im);
	im.eh.e_machine = EM_X86_64;
	r = elf_parse((const uint8_t *)&im, sizeof(im), RAM, BOOT_AUTO, &plan,
		      &err);
	check(r == 0 && plan.mode == 32 && plan.boot == BOOT_XHVM,
	      "ELF32 for x86-64 (objcopy -O elf32-x86-64) parses as a "
	      "32-bit guest (%s)",
	      r ? err.msg : "ok");
	make_image32(&im);
	im.eh.e_machine = EM_AARCH64;
	r = elf_parse((const uint8_t *)&im, sizeof(im), RAM, BOOT_AUTO, &plan,
		      &err);
	check(r && strstr(err.msg, "i386 (3) or x86-64 (62)"),
	      "ELF32 for aarch64 is refused: \"%s\"", err.msg);
	make_image32(&im);
	r = elf_parse((const uint8_t *)&im, 60, RAM, BOOT_AUTO, &plan, &err);
	check(r && strstr(err.msg, "beyond the end"),
	      "ELF32 cut inside its program headers is refused: \"%s\"",
	      err.msg);
	make_image32(&im);
	im.ph[0].p_paddr = 0xfffff000;
	im.ph[0].p_memsz = 0x2000;
	im.eh.e_entry = 0xfffff000;
	r = elf_parse((const uint8_t *)&im, sizeof(im), 8ull << 30, BOOT_AUTO,
		      &plan, &err);
	check(r && strstr(err.msg, "past 4 GiB"),
	      "ELF32 reaching past 4 GiB is refused, even in 8 GiB of RAM: "
	      "\"%s\"",
	      err.msg);
}

static void test_blob(void)
{
	struct xhvm_error err = {{0}};

	check(blob_check("b", 2 * 4096, &err) == 0,
	      "a two-page blob is accepted");
	check(blob_check("b", 0, &err) && strstr(err.msg, "empty"),
	      "an empty blob is refused: \"%s\"", err.msg);
	check(blob_check("b", 100, &err) && strstr(err.msg, "whole number"),
	      "a 100-byte blob is refused: \"%s\"", err.msg);
	check(blob_check("b", 4096 + 1, &err) &&
		      strstr(err.msg, "whole number"),
	      "a page plus a byte is refused: \"%s\"", err.msg);
	check(blob_check("b", 255 * 4096, &err) == 0, "255 pages are accepted");
	check(blob_check("b", 256 * 4096, &err) && strstr(err.msg, "256 pages"),
	      "256 pages are refused: \"%s\"", err.msg);
}

static void test_numbers(void)
{
	static const struct {
		const char *s;
		int ok;
		uint64_t v;
	} sizes[] = {
		{"4096", 0, 4096},
		{"64M", 0, 64ull << 20},
		{"64MiB", 0, 64ull << 20},
		{"2g", 0, 2ull << 30},
		{"16K", 0, 16384},
		{"0x200000", 0, 0x200000},
		{"", -1, 0},
		{"M", -1, 0},
		{"-1", -1, 0},
		{" 5", -1, 0},
		{"12Q", -1, 0},
		{"5MM", -1, 0},
		{"99999999999999999999", -1, 0},
		{"17179869184G", -1, 0},
	};
	uint64_t v;
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		int r = parse_size(sizes[i].s, &v);

		check(r == sizes[i].ok && (r || v == sizes[i].v),
		      "parse_size(\"%s\") %s", sizes[i].s,
		      sizes[i].ok ? "is refused" : "is right");
	}
	check(parse_u64("0x40000000", &v) == 0 && v == 0x40000000,
	      "parse_u64 reads hex");
	check(parse_u64("1073741824", &v) == 0 && v == 1073741824,
	      "parse_u64 reads decimal");
	check(parse_u64("0x4000000g", &v) < 0, "parse_u64 refuses junk");
	check(parse_u64("-5", &v) < 0, "parse_u64 refuses a sign");
}

int main(void)
{
	test_elf();
	test_elf_bad_header();
	test_elf_bad_segments();
	test_elf32();
	test_blob();
	test_numbers();
	return check_summary();
}
