/*
 * A 64-bit guest that drops to compatibility mode (long mode still active,
 * CS a 32-bit code segment) to write the Xen MSR and make hypercalls:
 *  - KVM picks the blob by EFER.LMA alone, so the page written from
 *    compatibility mode is the 64-bit blob (on intercept: KVM's stubs,
 *    which are the same in every mode);
 *  - the hypercall ABI follows CS, so calls from compatibility mode use
 *    the 32-bit registers (EBX ECX EDX ESI EDI), and pointer arguments are
 *    32-bit linear addresses, translated through the 4-level page tables:
 *    the guest maps aliases in tables of its own to show it.
 */
#include "console.h"
#include "guest.h"
#include "hypercall.h"
#include "processor.h"
#include "report.h"
#include "string.h"
#include "test.h"
#include <xhvm/guest_abi.h>

/*
 * Above any RAM this guest runs with, so unmapped by xhvm's page tables.
 * ALIAS_VA is in the fourth GiB, which gets page tables of its own.
 */
#define ALIAS_VA      0xc0000000u
#define UNMAPPED_ADDR 0xd0000000u

/* Bytes of the alias text that go in the first alias page. */
#define ALIAS_SPLIT 16
#define PROBE_LEN   16

/* Entries in a 4-level table, and the GiBs each PDPT entry maps. */
#define PT_ENTRIES     512
#define PDPT_GIB_SHIFT 30
#define IDENTITY_GIBS  3 /* xhvm's identity map below ALIAS_VA */

/*
 * Junk for the 64-bit ABI's argument registers that the 32-bit ABI leaves
 * unused (RDI RSI: EDI ESI here): a monitor reading the wrong ABI sees it.
 */
#define JUNK_EDI 0xa5a50001u
#define JUNK_ESI 0xa5a50002u

/*
 * Bits 63:32 of every register compat_call() loads, where a check wants
 * them dirty: a monitor must read only the low halves in compatibility
 * mode.
 */
#define CLEAN_UPPER 0u
#define JUNK_UPPER  0xdeadbeefu

XHVM_BLOB(hypercall64);
XHVM_BLOB(hypercall32);

/* Registers in and out of compat_call(); layout known to compat-mode.S. */
struct compat_regs {
	uint32_t eax, ebx, ecx, edx, esi, edi;
};
_Static_assert(sizeof(struct compat_regs) == 24, "compat-mode.S offsets");

/* In compat-mode.S. */
void compat_call(uint32_t target, struct compat_regs *regs, uint32_t upper);
extern const uint8_t compat_wrmsr[], compat_rdmsr[], compat_read_cs[];

static uint8_t compat_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t kvm_page[PAGE_SIZE];

static const char compat_text[] = "printed from compatibility mode\n";
static const char junk_text[] =
	"printed from compatibility mode with junk in bits 63:32\n";

/*
 * Page tables of our own: xhvm's identity map of the first GiBs (its PDPT
 * entries, shared) and, at ALIAS_VA, two pages mapped in reverse order.
 */
static uint64_t pml4[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t pdpt[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t alias_pd[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t alias_pt[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint8_t alias_pages[2][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static uint32_t addr32(const void *p)
{
	return (uintptr_t)p; /* the whole image lies below 4 GiB */
}

/* A hypercall through compat_page, from compatibility mode. */
static long compat_hypercall_upper(unsigned int nr, uint32_t ebx, uint32_t ecx,
				   uint32_t edx, uint32_t upper)
{
	struct compat_regs r = {
		.ebx = ebx,
		.ecx = ecx,
		.edx = edx,
		.esi = JUNK_ESI,
		.edi = JUNK_EDI,
	};

	compat_call(addr32(compat_page + nr * XEN_HYPERCALL_STUB_SIZE), &r,
		    upper);
	return (int32_t)r.eax; /* the 32-bit ABI's result, sign and all */
}

static long compat_hypercall(unsigned int nr, uint32_t ebx, uint32_t ecx,
			     uint32_t edx)
{
	return compat_hypercall_upper(nr, ebx, ecx, edx, CLEAN_UPPER);
}

static void check_compat_mode(void)
{
	struct compat_regs cs = {0};
	struct compat_regs efer = {.ecx = MSR_EFER};
	uint64_t value;

	compat_call(addr32(compat_read_cs), &cs, CLEAN_UPPER);
	compat_call(addr32(compat_rdmsr), &efer, CLEAN_UPPER);
	value = (uint64_t)efer.edx << 32 | efer.eax;
	report(cs.eax == XHVM_SEL_CODE32 && (value & EFER_LMA),
	       "compatibility mode: CS %#x (expected %#x), EFER %#llx, LMA %s",
	       cs.eax, XHVM_SEL_CODE32, (unsigned long long)value,
	       value & EFER_LMA ? "set" : "clear");
}

static void check_page(void)
{
	bool intercept = xhvm_msr_intercept();
	const uint8_t *want = blob_hypercall64_start;
	const char *what = "blob hypercall64";

	if (intercept) {
		xen_build_kvm_page(kvm_page);
		want = kvm_page;
		what = "KVM's VMCALL/VMMCALL stubs";
	}
	report_mem_eq(compat_page, want, PAGE_SIZE,
		      "page %p written from compatibility mode holds %s",
		      compat_page, what);
	if (!intercept)
		report(memcmp(compat_page, blob_hypercall32_start, PAGE_SIZE) !=
			       0,
		       "page %p differs from blob hypercall32", compat_page);
}

/* Returns the CR3 to go back to. */
static unsigned long switch_to_alias_tables(void)
{
	unsigned long cr3 = read_cr3();
	const uint64_t *xhvm_pml4 = (const uint64_t *)(cr3 & PTE_ADDR_MASK);
	const uint64_t *xhvm_pdpt =
		(const uint64_t *)(uintptr_t)(xhvm_pml4[0] & PTE_ADDR_MASK);

	memcpy(pdpt, xhvm_pdpt, IDENTITY_GIBS * sizeof(pdpt[0]));
	pdpt[ALIAS_VA >> PDPT_GIB_SHIFT] = (uintptr_t)alias_pd | PTE_RW | PTE_P;
	alias_pd[0] = (uintptr_t)alias_pt | PTE_RW | PTE_P;
	alias_pt[0] = (uintptr_t)alias_pages[1] | PTE_RW | PTE_P;
	alias_pt[1] = (uintptr_t)alias_pages[0] | PTE_RW | PTE_P;
	pml4[0] = (uintptr_t)pdpt | PTE_RW | PTE_P;
	write_cr3((uintptr_t)pml4);
	return cr3;
}

/*
 * Pointers whose linear address is not the physical one, from 64-bit and
 * from compatibility mode: a monitor that does not walk the 4-level tables
 * with the 32-bit address reads past RAM, or the wrong bytes.
 */
static void check_alias(void)
{
	char *start = (char *)(uintptr_t)ALIAS_VA + PAGE_SIZE - ALIAS_SPLIT;
	uint32_t probe = ALIAS_VA + 2 * PAGE_SIZE - PROBE_LEN / 2;
	static const char *const modes[] = {"64-bit mode",
					    "compatibility mode"};
	unsigned long cr3 = switch_to_alias_tables();
	char text[80];
	unsigned int i;
	long ret;
	int len;

	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		len = snprintf(text, sizeof(text),
			       "printed through an alias at %p (%s)\n", start,
			       modes[i]);
		/* Written through the alias: our own mapping must work. */
		memcpy(start, text, len);
		report(memcmp(alias_pages[1] + PAGE_SIZE - ALIAS_SPLIT, text,
			      ALIAS_SPLIT) == 0,
		       "%s: text at alias %p starts at the end of %p", modes[i],
		       start, alias_pages[1]);
		if (i == 0)
			ret = xen_hypercall_raw(
				compat_page, __HYPERVISOR_console_io,
				CONSOLEIO_write, len, (uintptr_t)start, 0, 0);
		else
			ret = compat_hypercall(__HYPERVISOR_console_io,
					       CONSOLEIO_write, len,
					       addr32(start));
		report_eq(ret, 0,
			  "%s: console_io(CONSOLEIO_write) from alias %p",
			  modes[i], start);
	}

	/* From the second alias page into the unmapped one after it. */
	report_eq(compat_hypercall(__HYPERVISOR_console_io, CONSOLEIO_write,
				   PROBE_LEN, probe),
		  -XEN_EFAULT,
		  "compatibility mode: console_io(CONSOLEIO_write) from %#x "
		  "across into an unmapped page",
		  probe);

	write_cr3(cr3);
}

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	const struct xhvm_boot_info *boot;
	struct compat_regs wr;

	(void)vcpu;
	(void)nvcpus;

	boot = test_init_boot();
	if (!boot || !test_no_ram_at(boot, ALIAS_VA, "the alias at"))
		return report_summary();

	check_compat_mode();

	/*
	 * The MSR write itself, from compatibility mode. WRMSR ignores bits
	 * 63:32 of RCX RAX RDX in every mode: junk there must not matter.
	 */
	wr = (struct compat_regs){
		.ecx = xen_info.msr,
		.eax = addr32(compat_page) | 0, /* page index 0 */
	};
	compat_call(addr32(compat_wrmsr), &wr, JUNK_UPPER);
	check_page();

	report_eq(compat_hypercall(__HYPERVISOR_xen_version, XENVER_version, 0,
				   0),
		  XHVM_XEN_VERSION,
		  "compatibility mode: xen_version(XENVER_version) in EBX");
	report_eq(compat_hypercall(__HYPERVISOR_console_io, CONSOLEIO_write,
				   sizeof(compat_text) - 1,
				   addr32(compat_text)),
		  0, "compatibility mode: console_io(CONSOLEIO_write) from %p",
		  compat_text);
	report_eq(compat_hypercall_upper(__HYPERVISOR_xen_version,
					 XENVER_version, 0, 0, JUNK_UPPER),
		  XHVM_XEN_VERSION,
		  "compatibility mode: xen_version(XENVER_version) with %#x in "
		  "bits 63:32",
		  JUNK_UPPER);
	report_eq(
		compat_hypercall_upper(__HYPERVISOR_console_io, CONSOLEIO_write,
				       sizeof(junk_text) - 1, addr32(junk_text),
				       JUNK_UPPER),
		0,
		"compatibility mode: console_io(CONSOLEIO_write) from %p with "
		"%#x in bits 63:32",
		junk_text, JUNK_UPPER);
	report_eq(compat_hypercall(__HYPERVISOR_console_io, CONSOLEIO_write,
				   sizeof(compat_text) - 1, UNMAPPED_ADDR),
		  -XEN_EFAULT,
		  "compatibility mode: console_io(CONSOLEIO_write) from "
		  "unmapped %#x",
		  UNMAPPED_ADDR);
	check_alias();

	/* Back in 64-bit mode, the 64-bit ABI again, through the same page. */
	report_eq(read_cs(), XHVM_SEL_CODE64, "back in 64-bit mode: CS");
	report_eq(xen_hypercall_raw(compat_page, __HYPERVISOR_xen_version,
				    XENVER_version, 0, 0, 0, 0),
		  XHVM_XEN_VERSION, "64-bit mode: xen_version(XENVER_version)");

	return report_summary();
}
