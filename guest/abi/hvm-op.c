/*
 * The hvm_op family from a guest: the parameter store with Xen's rules on
 * what a guest may set and read, and the upcall vector, with each error.
 */
#include "console.h"
#include "hypercall.h"
#include "report.h"

#define FAR 0x7fff00000000ul

static long param(unsigned int op, uint16_t domid, uint32_t index,
		  uint64_t *value)
{
	struct xen_hvm_param p = {.domid = domid, .index = index};
	long r;

	p.value = *value;
	r = xen_hypercall2(__HYPERVISOR_hvm_op, op, (unsigned long)&p);
	*value = p.value;
	return r;
}

static long upcall_vector(uint32_t vcpu, uint8_t vector)
{
	struct xen_hvm_evtchn_upcall_vector u = {vcpu, vector, {0}};

	return xen_hypercall2(__HYPERVISOR_hvm_op,
			      HVMOP_set_evtchn_upcall_vector,
			      (unsigned long)&u);
}

int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	uint64_t v = 0x1122334455667788ull;

	(void)vcpu;
	if (xen_init() != 0)
		return 1;
	report_eq(
		param(HVMOP_set_param, DOMID_SELF, HVM_PARAM_STORE_EVTCHN, &v),
		0, "set_param(STORE_EVTCHN)");
	v = 0;
	report_eq(
		param(HVMOP_get_param, XHVM_DOMID, HVM_PARAM_STORE_EVTCHN, &v),
		0, "get_param(STORE_EVTCHN) by its domid, %d", XHVM_DOMID);
	report(v == 0x1122334455667788ull, "it reads back %#llx",
	       (unsigned long long)v);
	report_eq(param(HVMOP_get_param, DOMID_SELF, HVM_PARAM_STORE_PFN, &v),
		  0, "get_param(STORE_PFN): readable");
	report_eq(param(HVMOP_set_param, DOMID_SELF, HVM_PARAM_STORE_PFN, &v),
		  -XEN_EPERM, "set_param(STORE_PFN): the toolstack's");
	report_eq(param(HVMOP_get_param, DOMID_SELF, 10, &v), -XEN_EPERM,
		  "get_param(10, TIMER_MODE): the toolstack's");
	report_eq(param(HVMOP_get_param, DOMID_SELF, HVM_NR_PARAMS, &v),
		  -XEN_EINVAL, "get_param(%d): past the last", HVM_NR_PARAMS);
	report_eq(param(HVMOP_get_param, 7, HVM_PARAM_STORE_EVTCHN, &v),
		  -XEN_ESRCH, "get_param of domain 7");
	report_eq(xen_hypercall2(__HYPERVISOR_hvm_op, HVMOP_get_param, FAR),
		  -XEN_EFAULT, "get_param with an unmapped argument");
	report_eq(upcall_vector(0, 0xf3), 0, "set_evtchn_upcall_vector(0xf3)");
	report_eq(upcall_vector(0, 0x0f), -XEN_EINVAL,
		  "set_evtchn_upcall_vector(0x0f): an exception vector");
	report_eq(upcall_vector(nvcpus, 0xf3), -XEN_ENOENT,
		  "set_evtchn_upcall_vector(vCPU %u of %u)", nvcpus, nvcpus);
	report_eq(xen_hypercall2(__HYPERVISOR_hvm_op, 99, 0), -XEN_ENOSYS,
		  "hvm_op 99");
	return report_summary();
}
