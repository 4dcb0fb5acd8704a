/*
 * Port I/O and MMIO exits: each range has one owner, registered before the
 * VM runs, and the owner's handler decides. Ports nobody owns behave like
 * an empty ISA bus (writes vanish, reads return all ones). An MMIO exit on
 * RAM not yet registered with KVM registers it and completes the access
 * from RAM; elsewhere nobody's MMIO reads all ones and ignores writes.
 */
#include <string.h>

#include "kvm/kvm.h"

int vm_add_pio(struct vm *vm, uint16_t first, uint16_t n, const char *name,
	       pio_fn fn, void *arg)
{
	unsigned i;

	for (i = 0; i < vm->npio; i++) {
		const struct pio_range *p = &vm->pio[i];

		if (first < p->first + p->n && p->first < first + n) {
			xhvm_err("ports %#x-%#x for %s: %s has them", first,
				 first + n - 1, name, p->name);
			return -1;
		}
	}
	if (n == 0 || vm->npio == VM_MAX_PIO) {
		xhvm_err("no room for the ports of %s", name);
		return -1;
	}
	vm->pio[vm->npio++] = (struct pio_range){first, n, name, fn, arg};
	return 0;
}

int vm_add_mmio(struct vm *vm, uint64_t gpa, uint64_t size, const char *name,
		mmio_fn fn, void *arg)
{
	unsigned i;

	for (i = 0; i < vm->nmmio; i++) {
		const struct mmio_range *m = &vm->mmio[i];

		if (gpa < m->gpa + m->size && m->gpa < gpa + size) {
			xhvm_err("MMIO at %#llx for %s: %s has it",
				 (unsigned long long)gpa, name, m->name);
			return -1;
		}
	}
	if (size == 0 || vm->nmmio == VM_MAX_MMIO) {
		xhvm_err("no room for the MMIO of %s", name);
		return -1;
	}
	vm->mmio[vm->nmmio++] = (struct mmio_range){gpa, size, name, fn, arg};
	return 0;
}

struct xhvm_action vcpu_pio_exit(struct vcpu *v)
{
	struct kvm_run *run = v->run;
	uint8_t *data = (uint8_t *)run + run->io.data_offset;
	bool out = run->io.direction == KVM_EXIT_IO_OUT;
	unsigned i;

	for (i = 0; i < v->vm->npio; i++) {
		const struct pio_range *p = &v->vm->pio[i];

		if (run->io.port >= p->first && run->io.port - p->first < p->n)
			return p->fn(v, run->io.port, out, run->io.size,
				     run->io.count, data, p->arg);
	}
	if (!out)
		memset(data, 0xff, (size_t)run->io.size * run->io.count);
	TRACE(v, "%s port %#x, %u byte(s): no device there, %s",
	      out ? "OUT" : "IN", run->io.port, run->io.size,
	      out ? "ignored" : "reads all ones");
	return action_run();
}

/* RAM that KVM learns of at the guest's first use of it. */
static bool lazy_ram(struct vcpu *v, struct xhvm_action *act)
{
	struct kvm_run *run = v->run;
	uint8_t *host;

	switch (ram_fault_in(v->vm, run->mmio.phys_addr)) {
	case 1:
		/* KVM took this access for MMIO: complete it from RAM; later
		 * ones go straight to it. */
		TRACE(v,
		      "first access past the guest image, GPA %#llx: the "
		      "rest of RAM is now registered with KVM",
		      (unsigned long long)run->mmio.phys_addr);
		host = gpa_ptr(&v->vm->mem, run->mmio.phys_addr, run->mmio.len);
		if (!host || run->mmio.len > sizeof(run->mmio.data))
			return false;
		if (run->mmio.is_write)
			memcpy(host, run->mmio.data, run->mmio.len);
		else
			memcpy(run->mmio.data, host, run->mmio.len);
		*act = action_run();
		return true;
	case -1:
		*act = action_stop(XHVM_EXIT_HOST);
		return true;
	default:
		return false;
	}
}

struct xhvm_action vcpu_mmio_exit(struct vcpu *v)
{
	struct kvm_run *run = v->run;
	uint64_t gpa = run->mmio.phys_addr;
	struct xhvm_action act;
	unsigned i;

	if (lazy_ram(v, &act))
		return act;
	for (i = 0; i < v->vm->nmmio; i++) {
		const struct mmio_range *m = &v->vm->mmio[i];

		if (gpa >= m->gpa && gpa - m->gpa < m->size)
			return m->fn(v, gpa, run->mmio.is_write, run->mmio.len,
				     run->mmio.data, m->arg);
	}
	/* What a PC does with an address nothing decodes. */
	if (!run->mmio.is_write)
		memset(run->mmio.data, 0xff, sizeof(run->mmio.data));
	TRACE(v,
	      "MMIO %s of %u byte(s) at GPA %#llx: no RAM or device there, %s",
	      run->mmio.is_write ? "write" : "read", run->mmio.len,
	      (unsigned long long)gpa,
	      run->mmio.is_write ? "ignored" : "reads all ones");
	return action_run();
}
