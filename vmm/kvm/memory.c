/*
 * Guest memory: one block of RAM from guest physical address 0, reached
 * only through gpa_ptr, registered with KVM in one or two slots; a few
 * backed page ranges outside it; and the guest physical memory map, which
 * says what each address is.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "kvm/kvm.h"

/* The first RAM slot, the rest of RAM, then one per backed range. */
#define SLOT_EXTRA 2

void *gpa_ptr(const struct guest_mem *mem, uint64_t gpa, uint64_t len)
{
	unsigned i, n;

	/* Written so that no sum can wrap: gpa + len may not fit in 64 bits. */
	if (gpa <= mem->size && len <= mem->size - gpa)
		return mem->host + gpa;
	n = __atomic_load_n(&mem->nextra, __ATOMIC_ACQUIRE);
	for (i = 0; i < n; i++) {
		const struct mem_extra *e = &mem->extra[i];

		if (gpa >= e->gpa && gpa - e->gpa <= e->size &&
		    len <= e->size - (gpa - e->gpa))
			return e->host + (gpa - e->gpa);
	}
	return NULL;
}

/* ---- The memory map ---------------------------------------------------- */

const char *mem_kind_name(enum mem_kind kind)
{
	switch (kind) {
	case MEM_RAM:
		return "RAM";
	case MEM_RESERVED:
		return "reserved";
	case MEM_MMIO:
		return "MMIO";
	case MEM_ACPI:
		return "ACPI";
	}
	return "?";
}

const struct mem_range *memmap_find(const struct memmap *m, uint64_t gpa)
{
	unsigned i;

	for (i = 0; i < m->n; i++)
		if (gpa >= m->r[i].gpa && gpa - m->r[i].gpa < m->r[i].size)
			return &m->r[i];
	return NULL;
}

bool memmap_is(const struct memmap *m, uint64_t gpa, uint64_t size,
	       enum mem_kind kind)
{
	while (size > 0) {
		const struct mem_range *r = memmap_find(m, gpa);
		uint64_t left;

		if (!r || r->kind != kind)
			return false;
		left = r->size - (gpa - r->gpa);
		if (left >= size)
			return true;
		gpa += left;
		size -= left;
	}
	return true;
}

/* Cuts [gpa, end) out of range i: it keeps what lies outside, if any. */
static int carve(struct memmap *m, unsigned i, uint64_t gpa, uint64_t end)
{
	struct mem_range *r = &m->r[i];
	uint64_t r_end = r->gpa + r->size;

	if (gpa > r->gpa && end < r_end) { /* in the middle: two pieces */
		if (m->n == MEMMAP_MAX)
			return -1;
		memmove(&m->r[i + 2], &m->r[i + 1],
			(m->n - i - 1) * sizeof(m->r[0]));
		m->r[i + 1] = *r;
		m->r[i + 1].gpa = end;
		m->r[i + 1].size = r_end - end;
		r->size = gpa - r->gpa;
		m->n++;
		return 0;
	}
	if (gpa > r->gpa)
		r->size = gpa - r->gpa; /* keeps its head */
	else if (end < r_end) {
		r->size = r_end - end; /* keeps its tail */
		r->gpa = end;
	} else {
		memmove(r, r + 1, (m->n - i - 1) * sizeof(m->r[0]));
		m->n--;
	}
	return 0;
}

int memmap_set(struct memmap *m, uint64_t gpa, uint64_t size,
	       enum mem_kind kind, const char *what)
{
	uint64_t end = gpa + size;
	unsigned i;

	if (size == 0 || end < gpa)
		return -1;
	for (i = 0; i < m->n;) {
		struct mem_range *r = &m->r[i];
		unsigned before = m->n;

		if (r->gpa < end && gpa < r->gpa + r->size) {
			if (carve(m, i, gpa, end) < 0)
				return -1;
			if (m->n < before)
				continue; /* range i went: look at the next */
		}
		i++;
	}
	if (m->n == MEMMAP_MAX)
		return -1;
	for (i = 0; i < m->n && m->r[i].gpa < gpa; i++)
		;
	memmove(&m->r[i + 1], &m->r[i], (m->n - i) * sizeof(m->r[0]));
	m->r[i] = (struct mem_range){gpa, size, kind, what};
	m->n++;
	return 0;
}

/* ---- RAM and its KVM slots ---------------------------------------------- */

int vm_ram_create(struct vm *vm)
{
	struct kvm_userspace_memory_region region;
	uint64_t size = vm->cfg.ram_size;
	void *p;

	/* Reserve, don't touch: pages cost nothing until the guest uses them.
	 */
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		xhvm_err("mmap of %llu bytes of guest RAM: %s",
			 (unsigned long long)size, strerror(errno));
		return XHVM_EXIT_HOST;
	}
	vm->mem.host = p;
	vm->mem.size = size;

	/*
	 * A KVM slot costs its size in kernel bookkeeping up front (4 ms per
	 * 16 GiB on shadow-paging hosts), so RAM past ram_eager (rounded up
	 * to 2 MiB) waits for the guest's first access (ram_fault_in), or
	 * for vm_ram_register_all.
	 */
	region = (struct kvm_userspace_memory_region){
		.slot = 0,
		.guest_phys_addr = 0,
		.memory_size = size,
		.userspace_addr = (uintptr_t)p,
	};
	if (vm->cfg.ram_eager < size)
		region.memory_size = (vm->cfg.ram_eager + PAGE_2M_SIZE - 1) &
				     ~(PAGE_2M_SIZE - 1);
	if (region.memory_size > size)
		region.memory_size = size;
	vm->ram_registered = region.memory_size;
	if (kvm_ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return XHVM_EXIT_HOST;
	return 0;
}

/* Slot 1: the rest of RAM. Under vm->lock once vCPUs run. */
static int register_rest(struct vm *vm)
{
	struct kvm_userspace_memory_region region;

	if (vm->ram_registered >= vm->mem.size)
		return 0;
	region = (struct kvm_userspace_memory_region){
		.slot = 1,
		.guest_phys_addr = vm->ram_registered,
		.memory_size = vm->mem.size - vm->ram_registered,
		.userspace_addr = (uintptr_t)vm->mem.host + vm->ram_registered,
	};
	if (kvm_ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return -1;
	vm->ram_registered = vm->mem.size;
	return 0;
}

int vm_ram_register_all(struct vm *vm)
{
	return register_rest(vm) < 0 ? XHVM_EXIT_HOST : 0;
}

int ram_fault_in(struct vm *vm, uint64_t gpa)
{
	int r;

	if (gpa < vm->ram_registered || gpa >= vm->mem.size)
		return 0;
	pthread_mutex_lock(&vm->lock);
	r = register_rest(vm);
	pthread_mutex_unlock(&vm->lock);
	return r < 0 ? r : 1;
}

/* Whether [gpa, gpa + size) touches RAM or a backed range. */
static bool backed(const struct guest_mem *mem, uint64_t gpa, uint64_t size)
{
	unsigned i;

	if (gpa < mem->size)
		return true;
	for (i = 0; i < mem->nextra; i++)
		if (gpa < mem->extra[i].gpa + mem->extra[i].size &&
		    mem->extra[i].gpa < gpa + size)
			return true;
	return false;
}

void *vm_back_pages(struct vm *vm, uint64_t gpa, uint64_t size,
		    enum mem_kind kind, const char *what)
{
	struct guest_mem *mem = &vm->mem;
	struct kvm_userspace_memory_region region;
	unsigned n = mem->nextra;
	void *p;

	if (size == 0 || (gpa | size) % PAGE_SIZE || gpa + size < gpa ||
	    backed(mem, gpa, size) || n == MEM_EXTRA_MAX) {
		xhvm_err("cannot back %s at 0x%llx (0x%llx bytes): %s", what,
			 (unsigned long long)gpa, (unsigned long long)size,
			 n == MEM_EXTRA_MAX ? "no KVM slot left"
					    : "not whole free pages");
		return NULL;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		xhvm_err("mmap for %s: %s", what, strerror(errno));
		return NULL;
	}
	region = (struct kvm_userspace_memory_region){
		.slot = SLOT_EXTRA + n,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)p,
	};
	if (vm->fd >= 0 &&
	    kvm_ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region) < 0) {
		munmap(p, size);
		return NULL;
	}
	mem->extra[n] = (struct mem_extra){gpa, size, p};
	__atomic_store_n(&mem->nextra, n + 1, __ATOMIC_RELEASE);
	memmap_set(&vm->map, gpa, size, kind, what);
	return p;
}

void vm_ram_destroy(struct vm *vm)
{
	unsigned i;

	for (i = 0; i < vm->mem.nextra; i++)
		munmap(vm->mem.extra[i].host, vm->mem.extra[i].size);
	vm->mem.nextra = 0;
	if (vm->mem.host)
		munmap(vm->mem.host, vm->mem.size);
	vm->mem.host = NULL;
}
