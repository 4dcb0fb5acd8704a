/*
 * 2-level (PSE) and PAE page tables for 32-bit guests. The guest runs with
 * the identity map, so a table's linear address is its physical address.
 */
#include <stdbool.h>
#include <stddef.h>
#include "guest.h"
#include "paging32.h"
#include "processor.h"
#include "string.h"
#include "traps.h"

#define PAGE_SHIFT 12
#define PAGE_MASK  0xfffu

#define PSE_ENTRIES    1024 /* 4-byte entries per table */
#define PSE_LARGE_SIZE (4ull << 20)
#define PSE_PDE_SHIFT  22

#define PAE_ENTRIES	 512 /* 8-byte entries per table */
#define PAE_PDPT_ENTRIES 4   /* one per GiB of linear space */
#define PAE_LARGE_SIZE	 (2ull << 20)
#define PAE_PDPTE_SHIFT	 30
#define PAE_PDE_SHIFT	 21
#define PAE_PDPT_ALIGN	 32 /* CR3 holds bits 31:5 */
#define LINEAR_LIMIT	 (4ull << 30)
#define PT_POOL_PAGES	 4

static uint32_t pse_pd[PSE_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t pae_pdpt[PAE_PDPT_ENTRIES]
	__attribute__((aligned(PAE_PDPT_ALIGN)));
static uint64_t pae_pd[PAE_PDPT_ENTRIES][PAE_ENTRIES]
	__attribute__((aligned(PAGE_SIZE)));

/* Page tables for paging32_map(), handed out in order. */
static uint8_t pt_pool[PT_POOL_PAGES][PAGE_SIZE]
	__attribute__((aligned(PAGE_SIZE)));
static unsigned int pt_used;

static enum paging32_mode mode;

bool paging32_cpu_has(enum paging32_mode m)
{
	uint32_t edx = cpuid(1).edx;

	switch (m) {
	case PAGING32_PSE:
		return edx & CPUID_1_EDX_PSE;
	case PAGING32_PAE:
		return edx & CPUID_1_EDX_PAE;
	default:
		return true;
	}
}

static void *pt_alloc(void)
{
	if (pt_used == PT_POOL_PAGES)
		return NULL;
	memset(pt_pool[pt_used], 0, PAGE_SIZE);
	return pt_pool[pt_used++];
}

static uint64_t round_up_limit(uint64_t end, uint64_t large)
{
	if (end > LINEAR_LIMIT)
		end = LINEAR_LIMIT;
	return (end + large - 1) & ~(large - 1);
}

/* Returns TRAP_NO_FAULT, or the vector the CR0 write raised. */
static int paging_on(unsigned long cr4_set, uintptr_t cr3)
{
	unsigned long cr4 = read_cr4();
	int vector;

	/* PAE must be set before CR3 is loaded and paging turned on. */
	write_cr4((cr4 & ~(CR4_PSE | CR4_PAE)) | cr4_set);
	write_cr3(cr3);
	vector = write_cr0_safe(read_cr0() | CR0_PG);
	if (vector != TRAP_NO_FAULT)
		write_cr4(cr4);
	return vector;
}

int paging32_enable_pse(uint64_t identity_end)
{
	uint64_t end = round_up_limit(identity_end, PSE_LARGE_SIZE);
	uint32_t i;
	int vector;

	memset(pse_pd, 0, sizeof(pse_pd));
	pt_used = 0;
	for (i = 0; i < PSE_ENTRIES && (uint64_t)i << PSE_PDE_SHIFT < end; i++)
		pse_pd[i] = i << PSE_PDE_SHIFT | PTE_PS | PTE_RW | PTE_P;

	vector = paging_on(CR4_PSE, (uintptr_t)pse_pd);
	if (vector == TRAP_NO_FAULT)
		mode = PAGING32_PSE;
	return vector;
}

int paging32_enable_pae(uint64_t identity_end)
{
	uint64_t end = round_up_limit(identity_end, PAE_LARGE_SIZE);
	uint64_t addr;
	unsigned int i;
	int vector;

	memset(pae_pd, 0, sizeof(pae_pd));
	pt_used = 0;
	/* PDPTEs have no R/W bit: those bits are reserved and must be 0. */
	for (i = 0; i < PAE_PDPT_ENTRIES; i++)
		pae_pdpt[i] = (uintptr_t)pae_pd[i] | PTE_P;
	for (addr = 0; addr < end; addr += PAE_LARGE_SIZE) {
		uint64_t *pd = pae_pd[addr >> PAE_PDPTE_SHIFT];

		pd[(addr >> PAE_PDE_SHIFT) % PAE_ENTRIES] =
			addr | PTE_PS | PTE_RW | PTE_P;
	}

	vector = paging_on(CR4_PAE, (uintptr_t)pae_pdpt);
	if (vector == TRAP_NO_FAULT)
		mode = PAGING32_PAE;
	return vector;
}

void paging32_disable(void)
{
	write_cr0(read_cr0() & ~CR0_PG);
	write_cr4(read_cr4() & ~(CR4_PSE | CR4_PAE));
	mode = PAGING32_OFF;
}

const char *paging32_mode_name(enum paging32_mode m)
{
	switch (m) {
	case PAGING32_PSE:
		return "PSE paging";
	case PAGING32_PAE:
		return "PAE paging";
	default:
		return "paging off";
	}
}

/* An entry of `size` bytes: 4 in PSE tables, 8 in PAE ones. */
static uint64_t entry_get(const void *e, size_t size)
{
	return size == 8 ? *(const uint64_t *)e : *(const uint32_t *)e;
}

static void entry_set(void *e, size_t size, uint64_t v)
{
	if (size == 8)
		*(uint64_t *)e = v;
	else
		*(uint32_t *)e = v;
}

/*
 * Maps va to pa in the page table under directory entry pde, whose tables
 * have entries of `size` bytes; pde gets a table from the pool if it has
 * none. Returns -1 if pde maps a large page or the pool is used up.
 */
static int map_4k(void *pde, size_t size, uint32_t va, uint64_t pa)
{
	uint64_t e = entry_get(pde, size);
	uint8_t *pt;

	if (e & PTE_PS)
		return -1;
	if (!(e & PTE_P)) {
		pt = pt_alloc();
		if (!pt)
			return -1;
		e = (uintptr_t)pt | PTE_RW | PTE_P;
		entry_set(pde, size, e);
	}
	pt = (uint8_t *)(uintptr_t)(e & ~(uint64_t)PAGE_MASK);
	entry_set(pt + (va >> PAGE_SHIFT) % (PAGE_SIZE / size) * size, size,
		  pa | PTE_RW | PTE_P);
	return 0;
}

int paging32_map(uint32_t va, uint64_t pa)
{
	int r;

	if ((va | pa) & PAGE_MASK || pa >= LINEAR_LIMIT)
		return -1;
	if (mode == PAGING32_PSE)
		r = map_4k(&pse_pd[va >> PSE_PDE_SHIFT], sizeof(pse_pd[0]), va,
			   pa);
	else if (mode == PAGING32_PAE)
		r = map_4k(&pae_pd[va >> PAE_PDPTE_SHIFT]
				  [(va >> PAE_PDE_SHIFT) % PAE_ENTRIES],
			   sizeof(pae_pd[0][0]), va, pa);
	else
		return -1;
	if (r == 0)
		invlpg((const void *)(uintptr_t)va);
	return r;
}
