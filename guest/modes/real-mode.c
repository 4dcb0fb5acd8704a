/*
 * 16-bit real mode: a 32-bit guest drops to real mode (real-mode.S) and
 * from there writes the Xen MSR and makes hypercalls, then comes back and
 * checks what happened: the 32-bit blob arrived (EFER.LMA is clear), the
 * results are right, a message printed from real mode appeared, and a
 * pointer past RAM gave -EFAULT.
 */
#include <stdint.h>

#include "console.h"
#include "guest.h"
#include "hypercall.h"
#include "report.h"
#include "string.h"

/* Real mode reaches 1 MiB + 64 KiB - 16 through segment 0xffff. */
#define HMA_END 0x10fff0u

struct rm_block {
	uint64_t msr_value; /* in */
	uint32_t msr;	    /* in */
	uint32_t msg;	    /* in: linear address */
	uint32_t msg_len;   /* in */
	int32_t version;    /* out */
	int32_t console;    /* out */
	int32_t bad;	    /* out */
	uint32_t cr0;	    /* out */
};
/* The offsets real-mode.S uses. */
_Static_assert(__builtin_offsetof(struct rm_block, msr) == 8, "RM_MSR");
_Static_assert(__builtin_offsetof(struct rm_block, version) == 20,
	       "RM_VERSION");
_Static_assert(__builtin_offsetof(struct rm_block, cr0) == 32, "RM_CR0");

void real_mode_calls(struct rm_block *b);
extern char rm_stack_top[];

XHVM_BLOB(hypercall32);

static const char msg[] = "printed from real mode\n";
static uint8_t page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct rm_block block;
static uint8_t kvm_page[PAGE_SIZE];

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	uintptr_t highest = (uintptr_t)rm_stack_top;

	(void)vcpu;
	(void)nvcpus;
	if (xen_init() != 0)
		return 1;
	/* Real mode reaches its stack and the block (through SI); the MSR
	 * page it only names, by physical address. */
	if ((uintptr_t)(&block + 1) > highest)
		highest = (uintptr_t)(&block + 1);
	if (highest > HMA_END) {
		report_skip("the image reaches %#lx, past what real mode can "
			    "address (%#x)",
			    (unsigned long)highest, HMA_END);
		return report_summary();
	}
	block = (struct rm_block){
		.msr_value = (uintptr_t)page,
		.msr = xen_info.msr,
		.msg = (uintptr_t)msg,
		.msg_len = sizeof(msg) - 1,
	};
	memset(page, 0x5a, PAGE_SIZE);
	real_mode_calls(&block);

	report(!(block.cr0 & 1), "ran in real mode: CR0 %#x (PE clear)",
	       block.cr0);
	if (xhvm_msr_intercept()) {
		/* KVM's own page; the same stubs whatever the mode. */
		xen_build_kvm_page(kvm_page);
		report(memcmp(page, kvm_page, PAGE_SIZE) == 0,
		       "the MSR written from real mode gave KVM's page "
		       "(intercept)");
	} else {
		report(memcmp(page, blob_hypercall32_start, PAGE_SIZE) == 0,
		       "the MSR written from real mode copied blob "
		       "hypercall32");
	}
	report_eq(block.version, XHVM_XEN_VERSION,
		  "xen_version(XENVER_version) from real mode");
	report_eq(block.console, 0,
		  "console_io(CONSOLEIO_write) from real mode");
	report_eq(block.bad, -XEN_EFAULT,
		  "console_io from linear 0xfffff000, past RAM");
	return report_summary();
}
