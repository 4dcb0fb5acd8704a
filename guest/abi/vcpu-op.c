/*
 * The vcpu_op family from a guest: is_up, up, register_vcpu_info (where
 * the time then appears) and the singleshot timer, with each error.
 */
#include "console.h"
#include "guest.h"
#include "hypercall.h"
#include "report.h"

#define FAR 0x7fff00000000ul

static uint8_t info_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static long vcpu_op(unsigned int cmd, unsigned int id, void *arg)
{
	return xen_hypercall3(__HYPERVISOR_vcpu_op, cmd, id,
			      (unsigned long)arg);
}

static long reg_info(uint64_t mfn, uint32_t offset)
{
	struct vcpu_register_vcpu_info r = {mfn, offset, 0};

	return vcpu_op(VCPUOP_register_vcpu_info, 0, &r);
}

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	const uint64_t mfn = (uintptr_t)info_page / PAGE_SIZE;
	const struct vcpu_time_info *t =
		(const void *)(info_page + 128 + XEN_VCPU_INFO_TIME);
	struct vcpu_set_singleshot_timer st = {1, VCPU_SSHOTTMR_future, 0};

	if (xen_init() != 0)
		return 1;
	if (vcpu != 0) {
		/* Only vCPU 0 tests; the rest go down and stay down. */
		xen_vcpu_down_forever(vcpu);
	}
	report_eq(vcpu_op(VCPUOP_is_up, 0, NULL), 1, "is_up(0)");
	report_eq(vcpu_op(VCPUOP_is_up, nvcpus, NULL), -XEN_ENOENT,
		  "is_up(%u) of %u vCPUs", nvcpus, nvcpus);
	report_eq(vcpu_op(VCPUOP_up, 0, NULL), 0, "up(0), already up");
	report_eq(reg_info(mfn, PAGE_SIZE - 56), -XEN_ENXIO,
		  "register_vcpu_info crossing its page");
	report_eq(reg_info(mfn, 132), -XEN_ENXIO,
		  "register_vcpu_info at an offset not 8-aligned");
	report_eq(reg_info(0x10, 0), -XEN_EINVAL,
		  "register_vcpu_info in xhvm's first MiB");
	report_eq(vcpu_op(VCPUOP_register_vcpu_info, 0, (void *)FAR),
		  -XEN_EFAULT, "register_vcpu_info with an unmapped argument");
	report_eq(reg_info(mfn, 128), 0, "register_vcpu_info(%p + 128)",
		  info_page);
	report(t->version && !(t->version & 1) && t->system_time > 0,
	       "its time info is filled: version %u, system time %llu ns",
	       t->version, (unsigned long long)t->system_time);
	report_eq(reg_info(mfn, 256), -XEN_EBUSY,
		  "a second register_vcpu_info");
	/* Xen 4.18 and later ignore the flag: a past time fires at once. */
	report_eq(vcpu_op(VCPUOP_set_singleshot_timer, 0, &st), 0,
		  "set_singleshot_timer in the past, future flag: fires now");
	report_eq(vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL), 0,
		  "stop_singleshot_timer");
	if (nvcpus > 1)
		report_eq(vcpu_op(VCPUOP_stop_singleshot_timer, 1, NULL),
			  -XEN_EINVAL, "stop_singleshot_timer of another vCPU");
	report_eq(vcpu_op(99, 0, NULL), -XEN_ENOSYS, "vcpu_op 99");
	return report_summary();
}
