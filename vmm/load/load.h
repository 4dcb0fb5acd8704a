/*
 * The load layer: guest images, hypercall blobs, and the boot protocols
 * that turn an image into the state its vCPUs start in.
 *
 *   elf.c         ELF64 and ELF32 executables, checked against RAM before
 *                 any guest memory exists, then copied in
 *   blob.c        hypercall blobs: whole pages a guest's MSR write copies
 *   boot_xhvm.c   xhvm's own entry contract (README "Guest entry
 *                 contract"): tables and boot info below 1 MiB, each vCPU
 *                 at the entry with its own stack
 *
 * A boot protocol places what it needs in guest memory, marks it in the
 * VM's memory map, and says for each vCPU what struct entry_state it
 * starts in; the vCPU layer applies that (x86_enter) and knows nothing of
 * protocols.
 */
#ifndef XHVM_LOAD_H
#define XHVM_LOAD_H

#include "x86/x86.h"
#include "xhvm/guest_abi.h"

/* ---- ELF images (elf.c) ---------------------------------------------------
 */

#define ELF_MAX_SEGMENTS 16
struct elf_segment {
	uint64_t gpa, memsz;
	uint64_t offset, filesz;
};
struct elf_plan {
	const uint8_t *image;
	size_t image_size;
	enum x86_mode mode; /* ELF64: long mode; ELF32: protected mode */
	uint64_t entry;
	unsigned nseg;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
};

/*
 * Checks an ELF64 x86-64 or ELF32 i386 executable for loading into ram_size
 * bytes of RAM per the entry contract of its class. Touches no guest memory.
 * Returns 0, or XHVM_EXIT_BAD_INPUT with err saying what was wrong.
 */
int elf_parse(const uint8_t *image, size_t size, uint64_t ram_size,
	      struct elf_plan *plan, struct xhvm_error *err);
/* The end of the image's highest segment. */
uint64_t elf_end(const struct elf_plan *plan);
/* Copies a parsed image into RAM and zeroes each segment's tail. */
void elf_load(const struct elf_plan *plan, struct guest_mem *mem);

/* ---- Hypercall blobs (blob.c) ----------------------------------------- */

#define BLOB_MAX_PAGES 255 /* KVM's blob_size fields are one byte */
struct xhvm_blob {
	const char *name; /* for messages */
	const uint8_t *data;
	size_t pages;
	uint8_t *owned; /* non-NULL when read from a file */
};

/* Checks a blob's size: non-empty, whole 4 KiB pages, at most 255. */
int blob_check(const char *name, size_t size, struct xhvm_error *err);
int blob_load_file(struct xhvm_blob *blob, const char *path,
		   struct xhvm_error *err);
void blob_use_builtin(struct xhvm_blob *blob, const char *name,
		      const uint8_t *data, size_t size);
void blob_release(struct xhvm_blob *blob);

/* Built into the binary from guest/ and blobs/ (embedded.S). */
extern const uint8_t xhvm_builtin_hello[], xhvm_builtin_hello_end[];
extern const uint8_t xhvm_builtin_bench[], xhvm_builtin_bench_end[];
extern const uint8_t xhvm_builtin_blob64[], xhvm_builtin_blob64_end[];
extern const uint8_t xhvm_builtin_blob32[], xhvm_builtin_blob32_end[];

/* ---- xhvm's boot protocol (boot_xhvm.c) -------------------------------- */

/* Where xhvm's protocol put things, for each vCPU's entry state. */
struct xhvm_boot {
	struct x86_gdt gdt;
	enum x86_mode mode;
	uint64_t entry;
	unsigned nvcpus;
};

/*
 * Loads the image, writes the GDT, page tables and `info` (its magic and
 * size filled in here) below 1 MiB, and marks that first MiB as xhvm's in
 * the memory map.
 */
void boot_xhvm_place(struct vm *vm, const struct elf_plan *elf,
		     const struct xhvm_boot_info *info, struct xhvm_boot *b);
/* vCPU index's state: the entry, its own stack, RDI/RSI/RDX per README. */
void boot_xhvm_vcpu(const struct xhvm_boot *b, unsigned index,
		    struct entry_state *e);

#endif /* XHVM_LOAD_H */
