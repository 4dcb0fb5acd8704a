/*
 * What the guest library expects of a guest, and gives it.
 *
 * _start (entry64.S) runs guest_main() on each vCPU, then guest_exit() with
 * its result.
 */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include <stdbool.h>
#include <stdint.h>
#include <xhvm/guest_abi.h>

#define PAGE_SIZE 4096

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * What xhvm passed in RDX at entry, or NULL if it does not look like
 * xhvm's boot information (wrong magic or too small).
 */
const struct xhvm_boot_info *xhvm_boot_info(void);

/*
 * Whether xhvm runs the intercept MSR backend: KVM writes its own
 * hypercall page and answers some hypercalls itself.
 */
bool xhvm_msr_intercept(void);

/* Written by each guest. Returns 0 for success. */
int guest_main(unsigned int vcpu, unsigned int nvcpus);

/*
 * Flushes the console and shuts the domain down: status 0 powers off,
 * anything else crashes. Halts forever if there is no Xen to ask.
 */
__attribute__((noreturn)) void guest_exit(int status);

/*
 * Declares the blob that xhvm_add_guest(... BLOBS <name>) linked in, as
 * blob_<name>_start .. blob_<name>_end.
 */
#define XHVM_BLOB(name)                             \
	extern const uint8_t blob_##name##_start[]; \
	extern const uint8_t blob_##name##_end[]

#define XHVM_BLOB_SIZE(name) \
	((uintptr_t)(blob_##name##_end - blob_##name##_start))

#endif /* GUEST_GUEST_H */
