/*
 * The load layer: guest images, hypercall blobs, and the boot protocols
 * that turn an image into the state its vCPUs start in.
 *
 *   elf.c         ELF64 and ELF32 executables, checked against RAM before
 *                 any guest memory exists, then copied in; their Xen
 *                 notes (the PVH entry)
 *   blob.c        hypercall blobs: whole pages a guest's MSR write copies
 *   boot_xhvm.c   xhvm's own entry contract (README "Guest entry
 *                 contract"): tables and boot info below 1 MiB, each vCPU
 *                 at the entry with its own stack
 *   boot_pvh.c    Xen's PVH boot ABI (docs/misc/pvh.pandoc): the image at
 *                 its PHYS32_ENTRY in 32-bit flat mode, EBX pointing at
 *                 struct hvm_start_info (command line, modules, memory
 *                 map); only vCPU 0 starts
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

/* Which boot protocol an image is entered by. */
enum boot_proto {
	BOOT_AUTO, /* PVH if the image has a PHYS32_ENTRY note, else xhvm's */
	BOOT_XHVM, /* xhvm's entry contract, at e_entry (--boot elf) */
	BOOT_PVH,  /* Xen's PVH ABI, at XEN_ELFNOTE_PHYS32_ENTRY */
};

#define ELF_MAX_SEGMENTS 16
struct elf_segment {
	uint64_t gpa, memsz;
	uint64_t offset, filesz;
};
/* A XEN_ELFNOTE_PHYS32_RELOC note: where the image may be moved to. */
struct elf_reloc {
	bool present;
	uint32_t align; /* 0: the largest p_align, or Xen's default */
	uint32_t min, max;
};
struct elf_plan {
	const uint8_t *image;
	size_t image_size;
	/* xhvm's contract: ELF64 long mode, ELF32 protected mode; PVH: 32 */
	enum x86_mode mode;
	enum boot_proto boot; /* BOOT_XHVM or BOOT_PVH, never AUTO */
	uint64_t entry;	      /* where vCPU 0 starts, by that protocol */
	bool has_pvh_note;    /* a PHYS32_ENTRY note ... */
	uint64_t pvh_entry;   /* ... and what it says */
	struct elf_reloc reloc;
	uint64_t linked_at; /* PVH: where the image was linked to go ... */
	uint64_t loaded_at; /* ... and where it goes (its lowest segment) */
	unsigned nseg;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
};

/*
 * Checks an x86 executable (ELF64 x86-64, ELF32 i386 or ELF32 x86-64, as
 * `objcopy -O elf32-x86-64` makes for 32-bit-entry 64-bit guests) for
 * loading into ram_size bytes of RAM, and picks its boot protocol (boot:
 * BOOT_AUTO decides by the PVH note). Touches no guest memory. Returns 0,
 * or XHVM_EXIT_BAD_INPUT with err saying what was wrong.
 */
int elf_parse(const uint8_t *image, size_t size, uint64_t ram_size,
	      enum boot_proto boot, struct elf_plan *plan,
	      struct xhvm_error *err);
/* "PVH" or "xhvm", for messages. */
const char *boot_proto_name(enum boot_proto boot);
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

/* ---- Xen's PVH boot ABI (boot_pvh.c) ------------------------------------ */

/*
 * Where PVH boot data goes: three pages below 1 MiB, reserved in the
 * memory map (guests copy what they keep early; Linux reserves the first
 * 64 KiB anyway): start_info and the module list, the memory map, the
 * command line.
 */
#define PVH_INFO_GPA	0x7000ull
#define PVH_MEMMAP_GPA	0x8000ull
#define PVH_CMDLINE_GPA 0x9000ull
#define PVH_BOOT_END	0xa000ull
#define PVH_CMDLINE_MAX 4095 /* bytes, without its NUL */
#define PVH_MAX_MODULES 16
/* RAM a PVH guest may have: below the PC's MMIO hole at 3 GiB. */
#define PVH_MAX_RAM (3ull << 30)

struct pvh_module {
	const char *name; /* for messages */
	const uint8_t *data;
	size_t size;
};
struct pvh_config {
	const char *cmdline; /* NULL: none */
	unsigned nmodules;
	struct pvh_module mod[PVH_MAX_MODULES];
	uint64_t rsdp; /* ACPI RSDP, 0: none */
};
struct pvh_boot {
	uint64_t entry;
};

/*
 * Checks that the modules fit in RAM after the image, below 4 GiB (a
 * 32-bit guest's reach). Returns 0, or XHVM_EXIT_BAD_INPUT with err set.
 */
int boot_pvh_check(const struct elf_plan *elf, const struct pvh_config *cfg,
		   uint64_t ram_size, struct xhvm_error *err);
/*
 * Loads the image and the modules (page-aligned after it, in RAM),
 * reserves the boot data pages, then writes start_info, the module list,
 * the command line and the memory map (as it stands: call it last).
 */
void boot_pvh_place(struct vm *vm, const struct elf_plan *elf,
		    const struct pvh_config *cfg, struct pvh_boot *b);
/*
 * vCPU 0 at the entry in 32-bit flat protected mode, paging off, EBX the
 * start_info; the others wait to be started (VCPUOP_up, INIT/SIPI).
 */
void boot_pvh_vcpu(const struct pvh_boot *b, unsigned index,
		   struct entry_state *e);

/* ---- The memory map for guests (boot_pvh.c) ---------------------------- */

/* One range of the map as a guest sees it: E820 types. */
struct e820_range {
	uint64_t addr, size;
	uint32_t type; /* E820_RAM, E820_RESERVED, E820_ACPI */
};
/*
 * The VM's memory map as E820 ranges, sorted, neighbours of one type
 * merged, MMIO left out (a hole, as on a PC). Returns how many there are
 * (at most max written).
 */
unsigned memmap_e820(const struct memmap *m, struct e820_range *out,
		     unsigned max);

#endif /* XHVM_LOAD_H */
