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
};

typedef struct xhvm_action (*hcall_fn)(struct xen_vcpu *x,
				       struct xhvm_hcall *c);

/*
 * A hypercall family: its number, name and handler, how many arguments
 * it takes, and the names of its sub-operations (arg 0) by number. The
 * dispatcher, --trace and `xhvm caps` read the same descriptors.
 */
struct hcall_family {
	uint32_t nr;
	const char *name;
	hcall_fn fn;
	unsigned nargs;
	const char *const *ops; /* may be NULL: no sub-operations */
	unsigned nops;
};

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
 * Runs one hypercall: CPL > 0 gets -EPERM, numbers without a handler
 * -ENOSYS, otherwise the handler sets call->result.
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
