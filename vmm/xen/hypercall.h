/*
 * The Xen layer's hypercalls (part of xen/xen.h, which includes it): a
 * call as the dispatcher sees it, the descriptor every family in hc/
 * registers, and the ways a call arrives (the doorbell port, KVM_EXIT_XEN).
 */
#ifndef XHVM_XEN_HYPERCALL_H
#define XHVM_XEN_HYPERCALL_H

struct xhvm_hcall {
	uint32_t nr;
	uint64_t arg[6];
	bool longmode; /* 64-bit register ABI (else 32-bit) */
	unsigned cpl;
	int64_t result; /* returned in RAX */
	/*
	 * What the vCPU does next. The dispatcher sets "run"; a handler
	 * that stops the VM or fails the guest replaces it.
	 */
	struct xhvm_action next;
};

/* A handler: returns the result for RAX (a -XEN_E* error or >= 0). */
typedef int64_t (*hcall_fn)(struct xen_vcpu *x, struct xhvm_hcall *c);

/* A sub-operation (arg 0): its name, and its handler or NULL (-ENOSYS). */
struct hcall_op {
	const char *name;
	hcall_fn fn;
};

/*
 * A hypercall family: its number and name, how many arguments it takes,
 * and how a call reaches code. Either fn takes every call, or the call
 * goes by arg 0 to ops[arg 0].fn, once check (if any) has returned 0:
 * Xen checks some arguments before the sub-operation. A sub-operation
 * out of the table, or without a handler, is -ENOSYS. The dispatcher,
 * --trace and `xhvm caps` read the same descriptors.
 */
struct hcall_family {
	uint32_t nr;
	const char *name;
	unsigned nargs;
	hcall_fn fn;
	hcall_fn check;
	const struct hcall_op *ops; /* indexed by sub-operation number */
	unsigned nops;
	/* Bits of arg 0 that name the sub-operation (0: all of them). */
	uint64_t op_mask;
};

/* The sub-operation a call names, or NULL if the family has none such. */
const struct hcall_op *hcall_op(const struct hcall_family *f,
				const struct xhvm_hcall *c);
/*
 * Runs c through family f (NULL: nobody registered it) and returns the
 * result: -EPERM from CPL > 0, -ENOSYS for nothing to run, else the
 * check's error or the handler's result. The dispatcher's core.
 */
int64_t hcall_call(const struct hcall_family *f, struct xen_vcpu *x,
		   struct xhvm_hcall *c);

/*
 * Registers a family from the file that implements it: adding one
 * touches that file and one CMake line. The descriptors land in a linker
 * section, read once at start (hcall_registry).
 */
#define XEN_HYPERCALL(id)                                                    \
	static const struct hcall_family hcall_##id;                         \
	static const struct hcall_family *const hcall_ptr_##id               \
		__attribute__((used, section("xhvm_hcalls"))) = &hcall_##id; \
	static const struct hcall_family hcall_##id

/*
 * The families indexed by number, built from the section on first use.
 * NULL for a number nobody registered. A duplicate or out-of-range
 * number in the section is refused, named, and makes this fail.
 */
const struct hcall_family *hcall_family(uint32_t nr);
/*
 * Builds table[XEN_HYPERCALL_STUBS] from n descriptors: 0, or -1 naming
 * the first duplicate or out-of-range number (for tests).
 */
int hcall_table_build(const struct hcall_family *const *f, size_t n,
		      const struct hcall_family **table);
/* Every registered family, by number, for `xhvm caps` (count returned). */
unsigned hcall_families(const struct hcall_family **out, unsigned max);

/*
 * Runs one hypercall: CPL > 0 gets -EPERM, numbers and sub-operations
 * without a handler -ENOSYS, otherwise the handler's result.
 */
struct xhvm_action hypercall_dispatch(struct xen_vcpu *x,
				      struct xhvm_hcall *call);
/* A hypercall arriving on the doorbell port: registers in, RAX out. */
struct xhvm_action hypercall_from_port(struct vcpu *v, uint16_t port, bool out,
				       unsigned size, unsigned count,
				       uint8_t *data, void *arg);
/* A hypercall KVM intercepted (KVM_EXIT_XEN): params in, result out. */
struct xhvm_action hypercall_from_xen_exit(struct vcpu *v);

#endif /* XHVM_XEN_HYPERCALL_H */
