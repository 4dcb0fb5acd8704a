/*
 * Unit tests for the guest page-table walker, on synthetic guest memory:
 * every paging mode a guest can be in, large pages, and each way a walk
 * must fail. No KVM needed.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "machine.h"

#define MEM_SIZE (8ull << 20)

static struct guest_mem mem;

static void put64(uint64_t gpa, uint64_t v)
{
	memcpy(mem.host + gpa, &v, 8);
}

static void put32(uint64_t gpa, uint32_t v)
{
	memcpy(mem.host + gpa, &v, 4);
}

static void expect(const struct kvm_sregs *s, uint64_t gva, bool write,
		   int want_r, uint64_t want_gpa, const char *what)
{
	uint64_t gpa = 0;
	int r = gva_to_gpa(&mem, s, gva, write, &gpa);

	if (want_r == 0)
		check(r == 0 && gpa == want_gpa,
		      "%s: 0x%llx -> 0x%llx (got %d, 0x%llx)", what,
		      (unsigned long long)gva, (unsigned long long)want_gpa, r,
		      (unsigned long long)gpa);
	else
		check(r < 0, "%s: 0x%llx does not translate", what,
		      (unsigned long long)gva);
}

static void test_long_mode(void)
{
	struct kvm_sregs s = {0};
	const uint64_t rw = PTE_P | PTE_RW;

	memset(mem.host, 0, MEM_SIZE);
	s.cr0 = CR0_PE | CR0_PG;
	s.cr4 = CR4_PAE;
	s.efer = EFER_LME | EFER_LMA;
	s.cr3 = 0x1000;
	put64(0x1000, 0x2000 | rw);			  /* PML4[0] -> PDPT */
	put64(0x2000 + 0 * 8, 0x3000 | rw);		  /* PDPT[0] -> PD */
	put64(0x2000 + 1 * 8, 0x0 | rw | PTE_PS);	  /* 1 GiB page at 0 */
	put64(0x3000 + 2 * 8, 0x4000 | rw);		  /* PD[2] -> PT */
	put64(0x4000 + 5 * 8, 0x7000 | rw);		  /* PT[5] -> 0x7000 */
	put64(0x3000 + 1 * 8, 0x600000 | PTE_P | PTE_PS); /* 2M, read-only */
	put64(0x3000 + 4 * 8, 0x10000000 | rw);		  /* PT outside RAM */

	expect(&s, 0x405123, false, 0, 0x7123, "4-level, 4 KiB page");
	expect(&s, 0x200abc, false, 0, 0x600abc, "4-level, 2 MiB page");
	expect(&s, 0x40001234, false, 0, 0x1234, "4-level, 1 GiB page");
	expect(&s, 0x200abc, true, -1, 0, "4-level, write to a read-only page");
	expect(&s, 0x405123, true, 0, 0x7123, "4-level, write to a RW page");
	expect(&s, 0x600000, false, -1, 0, "4-level, not present");
	expect(&s, 0x800000, false, -1, 0, "4-level, table outside RAM");
	expect(&s, 0x0000800000000000ull, false, -1, 0, "non-canonical");
	expect(&s, 0xffff800000000000ull, false, -1, 0,
	       "canonical but unmapped");
	s.cr3 = 0x7fffffff000ull;
	expect(&s, 0x1000, false, -1, 0, "4-level, CR3 outside RAM");
}

static void test_legacy_modes(void)
{
	struct kvm_sregs s = {0};
	const uint32_t rw = PTE_P | PTE_RW;

	memset(mem.host, 0, MEM_SIZE);
	s.cr0 = CR0_PE;
	expect(&s, 0x123456789ull, false, 0, 0x23456789,
	       "no paging, 32-bit linear");

	/* 32-bit paging: PD at 0x5000. */
	s.cr0 = CR0_PE | CR0_PG;
	s.cr3 = 0x5000;
	put32(0x5000 + 1 * 4, 0x6000 | rw);
	put32(0x6000 + 2 * 4, 0x7000 | rw);
	put32(0x5000 + 2 * 4, 0x400000 | rw | PTE_PS);
	expect(&s, (1u << 22) | (2u << 12) | 0x10, false, 0, 0x7010,
	       "32-bit paging, 4 KiB page");
	s.cr4 = CR4_PSE;
	expect(&s, 0x801234, false, 0, 0x401234, "32-bit paging, 4 MiB page");
	expect(&s, 0xc00000, false, -1, 0, "32-bit paging, not present");

	/* PAE: a 4-entry PDPT at 0x8000. */
	s.cr4 = CR4_PAE;
	s.cr3 = 0x8000;
	put64(0x8000 + 1 * 8, 0x9000 | PTE_P);
	put64(0x9000, 0x200000 | rw | PTE_PS);
	put64(0x9000 + 8, 0xa000 | rw);
	put64(0xa000 + 3 * 8, 0x7000 | rw);
	expect(&s, 0x40000abc, false, 0, 0x200abc, "PAE, 2 MiB page");
	expect(&s, 0x40203004, false, 0, 0x7004, "PAE, 4 KiB page");
	expect(&s, 0x80000000, false, -1, 0, "PAE, PDPTE not present");
}

/* The instructions a fatal exit names. */
static void test_insn_names(void)
{
	static const struct {
		uint8_t b[4];
		unsigned n;
		bool is64;
		const char *want;
	} t[] = {
		{{0xcf}, 1, false, "iret"},
		{{0x48, 0xcf}, 2, true, "iret"}, /* iretq: REX.W */
		{{0x66, 0xcd, 0x20}, 3, false, "int n"},
		{{0xcc}, 1, true, "int3"},
		{{0x0f, 0x22, 0xc0}, 3, false, "mov to cr0"},
		{{0x0f, 0x22, 0xd8}, 3, false, "mov to a cr"},
		{{0x66, 0x0f, 0xc7, 0x30},
		 4,
		 true,
		 "a VMX instruction (vmptrld/vmclear/vmxon)"},
		{{0x0f, 0xc7, 0x08}, 3, true, NULL}, /* cmpxchg8b */
		{{0x90}, 1, true, NULL},
		{{0x66}, 1, true, NULL}, /* a prefix and nothing after */
	};
	unsigned i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		const char *got = x86_insn_name(t[i].b, t[i].n, t[i].is64);

		check(t[i].want ? got && !strcmp(got, t[i].want) : !got,
		      "%02x %02x ...: %s", t[i].b[0], t[i].b[1],
		      t[i].want ? t[i].want : "no name");
	}
}

int main(void)
{
	test_insn_names();
	mem.size = MEM_SIZE;
	mem.host = malloc(MEM_SIZE);
	if (!mem.host)
		return 1;
	test_long_mode();
	test_legacy_modes();
	free(mem.host);
	return check_summary();
}
