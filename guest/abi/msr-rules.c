/*
 * The rules of Xen discovery and of the hypercall page MSR, on whichever
 * backend xhvm uses (KVM_XEN_HVM_CONFIG's semantics). Built twice: as
 * msr-rules in long mode and as msr-rules32 in 32-bit protected mode, each
 * expecting the blob for its mode.
 *  - CPUID leaves base+0..+4 describe Xen and name the MSR;
 *  - blob backends (kernel, user): writing GPA | index copies page `index`
 *    of the blob for the vCPU's mode to GPA; an index beyond the blob or a
 *    GPA outside RAM is #GP and writes nothing;
 *  - intercept backend: KVM writes its own page of VMCALL/VMMCALL stubs and
 *    accepts only page index 0, the one rule where the backends differ;
 *  - reading the MSR is #GP (KVM's behaviour; real Xen returns 0).
 */
#include "console.h"
#include "guest.h"
#include "hypercall.h"
#include "processor.h"
#include "report.h"
#include "string.h"
#include "test.h"
#include "traps.h"
#include <xhvm/guest_abi.h>

#define FILL 0x5a /* what an untouched test page holds */

#define PAGE_INDEX_MAX 0xfff /* the largest index the low bits can hold */

XHVM_BLOB(hypercall64);
XHVM_BLOB(hypercall32);

/*
 * What the vCPU's mode decides: KVM picks the blob by EFER.LMA. The
 * two-page blob is the one the suite passes for this mode (--blob64 or
 * --blob32).
 */
#ifdef __x86_64__
XHVM_BLOB(test_2page64);
#define MODE_NAME	   "64-bit"
#define MODE_LMA	   EFER_LMA
#define MODE_BLOB	   blob_hypercall64_start
#define MODE_BLOB_NAME	   "hypercall64"
#define OTHER_BLOB	   blob_hypercall32_start
#define OTHER_BLOB_NAME	   "hypercall32"
#define MODE_TAG	   XHVM_BLOB_TAG_64
#define MODE_2PAGE	   blob_test_2page64_start
#define MODE_2PAGE_NAME	   "test-2page64"
#define mode_blob_pages(b) ((b)->blob64_pages)
#else
XHVM_BLOB(test_2page32);
#define MODE_NAME	   "32-bit"
#define MODE_LMA	   0
#define MODE_BLOB	   blob_hypercall32_start
#define MODE_BLOB_NAME	   "hypercall32"
#define OTHER_BLOB	   blob_hypercall64_start
#define OTHER_BLOB_NAME	   "hypercall64"
#define MODE_TAG	   XHVM_BLOB_TAG_32
#define MODE_2PAGE	   blob_test_2page32_start
#define MODE_2PAGE_NAME	   "test-2page32"
#define mode_blob_pages(b) ((b)->blob32_pages)
#endif

static const struct xhvm_boot_info *boot;
static bool intercept; /* KVM's own page, not a blob */

/* The page KVM writes in intercept mode: mov $i,%eax; vmcall; ret. */
static uint8_t kvm_page[PAGE_SIZE];

static uint8_t test_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t scratch_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

/* Page-aligned GPAs with no RAM behind them, whatever --mem says. */
static const uint64_t far_gpas[] = {0x7ffffffff000ull, 0xfffffffffffff000ull};

static uint64_t gpa(const void *p)
{
	return (uintptr_t)p; /* identity-mapped */
}

static void report_page_is(const uint8_t *page, const uint8_t *want,
			   const char *what)
{
	report_mem_eq(page, want, PAGE_SIZE, "page %p holds %s", page, what);
}

static void report_page_untouched(const uint8_t *page, const char *why)
{
	static uint8_t fill_page[PAGE_SIZE];

	memset(fill_page, FILL, PAGE_SIZE);
	report_mem_eq(page, fill_page, PAGE_SIZE, "%s left page %p alone", why,
		      page);
}

static void check_cpuid(uint32_t base, unsigned int vcpu)
{
	struct cpuid_regs r;
	uint32_t max;

	printf("CPUID signature \"XenVMMXenVMM\" at leaf %#x\n", base);

	max = cpuid(base).eax;
	report(max >= base + XEN_CPUID_LEAF_HYPERCALL,
	       "leaf +0: max leaf %#x >= base + %d", max,
	       XEN_CPUID_LEAF_HYPERCALL);

	report_eq(cpuid(base + XEN_CPUID_LEAF_VERSION).eax, XHVM_XEN_VERSION,
		  "leaf +1: version");

	r = cpuid(base + XEN_CPUID_LEAF_HYPERCALL);
	report(r.eax == 1 && r.ebx == xen_info.msr,
	       "leaf +2: %u hypercall page(s), expected 1; MSR %#x, in use %#x",
	       r.eax, r.ebx, xen_info.msr);

	if (max < base + XEN_CPUID_LEAF_HVM) {
		report(false, "leaf +4: missing, max leaf is %#x", max);
		return;
	}
	r = cpuid(base + XEN_CPUID_LEAF_HVM);
	report((r.eax & XEN_HVM_CPUID_VCPU_ID_PRESENT) && r.ebx == vcpu,
	       "leaf +4: flags %#x (want %#x set), vCPU id %u, expected %u",
	       r.eax, XEN_HVM_CPUID_VCPU_ID_PRESENT, r.ebx, vcpu);
}

/* What page 0 should hold on this backend. */
static void report_page0(const uint8_t *page)
{
	if (intercept)
		report_page_is(page, kvm_page, "KVM's VMCALL/VMMCALL stubs");
	else
		report_page_is(page, MODE_BLOB, "blob " MODE_BLOB_NAME);
}

static void check_good_write(uint32_t msr)
{
	const char *tag = (const char *)test_page + XHVM_BLOB_TAG_OFFSET;
	char got_tag[sizeof(MODE_TAG)];

	memset(test_page, FILL, PAGE_SIZE);
	report_eq(wrmsr_safe(msr, gpa(test_page) | 0), TRAP_NO_FAULT,
		  "wrmsr(%#x, %#llx): fault vector", msr,
		  (unsigned long long)gpa(test_page));

	report_page0(test_page);
	report_eq(xen_hypercall_raw(test_page, __HYPERVISOR_xen_version,
				    XENVER_version, 0, 0, 0, 0),
		  XHVM_XEN_VERSION,
		  "xen_version(XENVER_version) through page %p", test_page);
	if (intercept)
		return;

	report(memcmp(test_page, OTHER_BLOB, PAGE_SIZE) != 0,
	       "page %p differs from blob " OTHER_BLOB_NAME, test_page);

	memcpy(got_tag, tag, sizeof(got_tag));
	got_tag[sizeof(got_tag) - 1] = '\0';
	report(memcmp(tag, MODE_TAG, sizeof(MODE_TAG)) == 0,
	       "tag at offset %#x is \"%s\" (expected \"%s\")",
	       XHVM_BLOB_TAG_OFFSET, got_tag, MODE_TAG);
}

/* Page index 1 of a two-page blob: the second page, whole. */
static void check_second_page(uint32_t msr)
{
	uint64_t val = gpa(scratch_page) | 1;

	memset(scratch_page, FILL, PAGE_SIZE);
	report_eq(wrmsr_safe(msr, val), TRAP_NO_FAULT,
		  "wrmsr(%#x, %#llx) (page index 1 of %u): fault vector", msr,
		  (unsigned long long)val, mode_blob_pages(boot));
	report_page_is(scratch_page, MODE_2PAGE + PAGE_SIZE,
		       "page 1 of blob " MODE_2PAGE_NAME);
	report(memcmp(scratch_page, "xhvm-test-page1", 16) == 0,
	       "page index 1 of the %u-page blob holds page 1",
	       mode_blob_pages(boot));
}

/* The first page past RAM faults; the last page in RAM does not. */
static void check_ram_edge(uint32_t msr)
{
	uint64_t end = boot->ram_size;

	report_eq(wrmsr_safe(msr, end), TRAP_GP,
		  "wrmsr(%#x, %#llx) (first page past RAM): fault vector", msr,
		  (unsigned long long)end);
	report_eq(wrmsr_safe(msr, end - PAGE_SIZE), TRAP_NO_FAULT,
		  "wrmsr(%#x, %#llx) (last page of RAM): fault vector", msr,
		  (unsigned long long)(end - PAGE_SIZE));
	/* Without paging a 32-bit guest sees only the first 4 GiB. */
	if (end - PAGE_SIZE > UINTPTR_MAX)
		report_skip("last page of RAM is beyond this mode's reach");
	else
		report_page0((const uint8_t *)(uintptr_t)(end - PAGE_SIZE));
}

/* KVM picks the blob by EFER.LMA, so check the mode is the one assumed. */
static void check_mode(void)
{
	uint64_t efer = 0;
	int vector = rdmsr_safe(MSR_EFER, &efer);

	report(vector == TRAP_NO_FAULT && (efer & EFER_LMA) == MODE_LMA,
	       "%s guest: EFER %#llx, LMA %s (fault vector %d)", MODE_NAME,
	       (unsigned long long)efer, efer & EFER_LMA ? "set" : "clear",
	       vector);
}

static void check_bad_index(uint32_t msr, unsigned int index)
{
	uint64_t val = gpa(scratch_page) | index;
	char what[64];

	memset(scratch_page, FILL, PAGE_SIZE);
	report_eq(wrmsr_safe(msr, val), TRAP_GP,
		  "wrmsr(%#x, %#llx) (page index %#x): fault vector", msr,
		  (unsigned long long)val, index);
	snprintf(what, sizeof(what), "page index %#x", index);
	report_page_untouched(scratch_page, what);
}

static void check_far_gpa(uint32_t msr, uint64_t val)
{
	report_eq(wrmsr_safe(msr, val), TRAP_GP,
		  "wrmsr(%#x, %#llx) (GPA outside RAM): fault vector", msr,
		  (unsigned long long)val);
}

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	uint64_t val = 0;
	uint32_t msr;
	unsigned int i;

	(void)nvcpus;

	boot = test_init_boot();
	if (!boot)
		return report_summary();
	msr = xen_info.msr;
	intercept = boot->msr_backend == XHVM_BACKEND_INTERCEPT;
	printf("backend %s, " MODE_NAME " blob of %u page(s), RAM %#llx\n",
	       intercept				  ? "intercept"
	       : boot->msr_backend == XHVM_BACKEND_KERNEL ? "kernel"
							  : "user",
	       mode_blob_pages(boot), (unsigned long long)boot->ram_size);
	if (intercept)
		xen_build_kvm_page(kvm_page);

	check_mode();
	check_cpuid(xen_info.cpuid_base, vcpu);
	check_good_write(msr);

	/*
	 * The first index past the blob faults. Intercept mode accepts only
	 * index 0: there, index 1 faults even where a blob has a page 1.
	 */
	check_bad_index(msr, intercept ? 1 : mode_blob_pages(boot));
	check_bad_index(msr, PAGE_INDEX_MAX);
	if (!intercept && mode_blob_pages(boot) >= 2)
		check_second_page(msr);
	check_ram_edge(msr);

	memset(scratch_page, FILL, PAGE_SIZE);
	for (i = 0; i < ARRAY_SIZE(far_gpas); i++)
		check_far_gpa(msr, far_gpas[i]);
	report_page_untouched(scratch_page, "the writes outside RAM");

	report_eq(rdmsr_safe(msr, &val), TRAP_GP, "rdmsr(%#x): fault vector",
		  msr);

	/* The MSR can be written again, to another page. */
	report_eq(wrmsr_safe(msr, gpa(scratch_page) | 0), TRAP_NO_FAULT,
		  "wrmsr(%#x, %#llx) (second page): fault vector", msr,
		  (unsigned long long)gpa(scratch_page));
	report_page0(scratch_page);

	return report_summary();
}
