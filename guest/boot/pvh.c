/*
 * A guest booted by Xen's PVH ABI (pvh-entry.S): what hvm_start_info
 * says (magic, version, command line, module, memory map) and that
 * XENMEM_memory_map agrees; its console through the PV console ring; and
 * the secondary vCPUs, parked at boot, started one by one with
 * VCPUOP_initialise and VCPUOP_up, with Xen's error rules on the way;
 * and XenStore, asked for this domain's id as XTF and GRUB ask.
 *
 * Run with --cmdline pvh-test and a module (any ELF file), on 1 or more
 * vCPUs.
 */
#include "console.h"
#include "guest.h"
#include "hypercall.h"
#include "processor.h"
#include "report.h"
#include "string.h"

#define MAX_VCPUS 8
#define AP_STACK  4096

/* Called by the xhvm-contract entry, which a PVH guest never takes. */
int guest_main(unsigned int vcpu, unsigned int nvcpus)
{
	(void)vcpu;
	(void)nvcpus;
	printf("FAIL: booted by xhvm's contract, not PVH\n");
	return 1;
}

static long get_param(uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = {DOMID_SELF, 0, index, 0};
	long r = xen_hypercall2(__HYPERVISOR_hvm_op, HVMOP_get_param,
				(unsigned long)&p);

	*value = p.value;
	return r;
}

/* From here on, every line goes through the ring. */
static void console_to_ring(void)
{
	uint64_t pfn = 0, port = 0;

	if (get_param(HVM_PARAM_CONSOLE_PFN, &pfn) ||
	    get_param(HVM_PARAM_CONSOLE_EVTCHN, &port) || !pfn || !port)
		return; /* stays on console_io; checks below say so */
	console_use_ring((void *)(uintptr_t)(pfn * PAGE_SIZE), (uint32_t)port);
	report(pfn == 0xfeff8 && port != 0,
	       "console ring at pfn %#llx, port %llu (this line came through "
	       "it)",
	       (unsigned long long)pfn, (unsigned long long)port);
}

static void check_start_info(const struct hvm_start_info *si)
{
	const struct hvm_modlist_entry *m =
		(const void *)(uintptr_t)si->modlist_paddr;
	const char *cmdline = (const char *)(uintptr_t)si->cmdline_paddr;

	report(si->magic == XEN_HVM_START_MAGIC_VALUE && si->version == 1 &&
		       si->flags == 0,
	       "start_info at %p: magic %#x, version %u, flags %#x", si,
	       si->magic, si->version, si->flags);
	report(cmdline && !strcmp(cmdline, "pvh-test"), "command line \"%s\"",
	       cmdline ? cmdline : "(none)");
	report(si->rsdp_paddr == 0 || !memcmp((void *)(uintptr_t)si->rsdp_paddr,
					      "RSD PTR ", 8),
	       "rsdp_paddr %#llx: ACPI's RSDP, or none (no LAPIC)",
	       (unsigned long long)si->rsdp_paddr);
	report(si->nr_modules == 1 && m && m->size > 4 &&
		       !memcmp((void *)(uintptr_t)m->paddr, "\177ELF", 4) &&
		       m->paddr % PAGE_SIZE == 0,
	       "1 module, page-aligned at %#llx, %llu bytes of ELF",
	       m ? (unsigned long long)m->paddr : 0,
	       m ? (unsigned long long)m->size : 0);
}

/* start_info's map and XENMEM_memory_map's: the same, and as promised. */
static void check_memmap(const struct hvm_start_info *si)
{
	const struct hvm_memmap_table_entry *t =
		(const void *)(uintptr_t)si->memmap_paddr;
	static struct e820entry e[16];
	struct xen_memory_map_32 m = {16, (uintptr_t)e};
	uint32_t i, n = si->memmap_entries, same = 0;

	report(n >= 4 && t[0].addr == 0 && t[0].type == 1 &&
		       t[1].addr == 0x7000 && t[1].size == 0x3000 &&
		       t[1].type == 2 && t[2].addr == 0xa000 &&
		       t[2].type == 1 && t[n - 1].addr == 0xfeff8000 &&
		       t[n - 1].type == 2,
	       "memory map, %u entries: RAM from 0, boot data at 0x7000 "
	       "reserved, RAM on, special pages at 0xfeff8000 reserved",
	       n);
	report_eq(xen_hypercall2(__HYPERVISOR_memory_op, XENMEM_memory_map,
				 (unsigned long)&m),
		  0, "XENMEM_memory_map");
	for (i = 0; i < n && i < m.nr_entries; i++)
		same += e[i].addr == t[i].addr && e[i].size == t[i].size &&
			e[i].type == t[i].type;
	report(m.nr_entries == n && same == n, "it gives the same %u entries",
	       m.nr_entries);
}

/* Copies n bytes into the ring at its producer index. */
static void xs_put(struct xenstore_domain_interface *r, const void *p,
		   uint32_t n)
{
	const char *b = p;
	uint32_t prod = r->req_prod, i;

	for (i = 0; i < n; i++)
		r->req[MASK_XENSTORE_IDX(prod + i)] = b[i];
	__atomic_store_n(&r->req_prod, prod + n, __ATOMIC_RELEASE);
}

/* One XS_READ of a relative path: the reply's payload into out. */
static long xs_read(const char *path, char *out, uint32_t size)
{
	uint64_t pfn = 0, port = 0;
	struct xenstore_domain_interface *r;
	struct xsd_sockmsg h = {XS_READ, 7, 0, (uint32_t)strlen(path) + 1};
	struct evtchn_port_arg send;
	uint32_t i, spins;

	if (get_param(HVM_PARAM_STORE_PFN, &pfn) ||
	    get_param(HVM_PARAM_STORE_EVTCHN, &port) || !pfn)
		return -1;
	r = (void *)(uintptr_t)(pfn * PAGE_SIZE);
	send.port = (uint32_t)port;
	xs_put(r, &h, sizeof(h));
	xs_put(r, path, h.len);
	xen_hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_send,
		       (unsigned long)&send);
	for (spins = 0; r->rsp_prod - r->rsp_cons < sizeof(h); spins++) {
		if (spins > 100000)
			return -1;
		xen_sched_op(SCHEDOP_yield, 0);
	}
	for (i = 0; i < sizeof(h); i++)
		((char *)&h)[i] = r->rsp[MASK_XENSTORE_IDX(r->rsp_cons + i)];
	if (h.type != XS_READ || h.req_id != 7 || h.len >= size ||
	    r->rsp_prod - r->rsp_cons < sizeof(h) + h.len)
		return -1;
	for (i = 0; i < h.len; i++)
		out[i] = r->rsp[MASK_XENSTORE_IDX(r->rsp_cons + sizeof(h) + i)];
	out[h.len] = 0;
	__atomic_store_n(&r->rsp_cons, r->rsp_cons + sizeof(h) + h.len,
			 __ATOMIC_RELEASE);
	return h.len;
}

static void check_xenstore(void)
{
	char domid[16] = "";
	long n = xs_read("domid", domid, sizeof(domid));

	report(n > 0 && !strcmp(domid, "1") &&
		       (cpuid(xen_info.cpuid_base + XEN_CPUID_LEAF_HVM).eax &
			XEN_HVM_CPUID_DOMID_PRESENT) &&
		       cpuid(xen_info.cpuid_base + XEN_CPUID_LEAF_HVM).ecx == 1,
	       "XenStore's domid is \"%s\", as CPUID leaf +4 ECX says", domid);
}

static volatile unsigned int ap_ran[MAX_VCPUS];
static uint8_t ap_stacks[MAX_VCPUS][AP_STACK] __attribute__((aligned(16)));

/* Where VCPUOP_initialise sends each AP: EBX its index. Marks, goes down. */
__attribute__((used)) static void ap_main(unsigned int vcpu)
{
	__atomic_store_n(&ap_ran[vcpu], 1, __ATOMIC_SEQ_CST);
	xen_vcpu_down_forever(vcpu);
}
void ap_start(void);
asm(".text\n"
    ".code32\n"
    "ap_start:\n"
    "	pushl %ebx\n"
    "	call ap_main\n"
    "1:	hlt\n"
    "	jmp 1b\n");

static long vcpu_op(unsigned int cmd, unsigned int vcpu, void *arg)
{
	return xen_hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpu,
			      (unsigned long)arg);
}

/* A flat 32-bit context, as Xen's own tools and XTF give one. */
static void flat_context(struct vcpu_hvm_context *c, unsigned int vcpu)
{
	struct vcpu_hvm_x86_32 *r = &c->cpu_regs.x86_32;

	memset(c, 0, sizeof(*c));
	c->mode = VCPU_HVM_MODE_32B;
	r->ebx = vcpu;
	r->esp = (uintptr_t)&ap_stacks[vcpu][AP_STACK - 16];
	r->eip = (uintptr_t)ap_start;
	r->eflags = 2;
	r->cr0 = 0x11; /* PE, ET */
	r->cs_limit = r->ds_limit = r->ss_limit = r->es_limit = ~0u;
	r->cs_ar = 0xc9b; /* 32-bit code, present, 4 KiB granules */
	r->ds_ar = r->ss_ar = r->es_ar = 0xc93;
	r->tr_ar = 0x8b; /* a busy 32-bit TSS */
	r->tr_limit = 0x67;
}

static void start_ap(unsigned int vcpu)
{
	struct vcpu_hvm_context c;
	unsigned int spins;

	report_eq(vcpu_op(VCPUOP_is_up, vcpu, 0), 0, "vCPU %u is down at boot",
		  vcpu);
	report_eq(vcpu_op(VCPUOP_up, vcpu, 0), -XEN_EINVAL,
		  "VCPUOP_up(%u) before it has a state", vcpu);
	flat_context(&c, vcpu);
	c.cpu_regs.x86_32.cs_ar = 0xc93; /* data, not code */
	report_eq(vcpu_op(VCPUOP_initialise, vcpu, &c), -XEN_EINVAL,
		  "VCPUOP_initialise(%u) with a data segment for CS", vcpu);
	flat_context(&c, vcpu);
	report_eq(vcpu_op(VCPUOP_initialise, vcpu, &c), 0,
		  "VCPUOP_initialise(%u)", vcpu);
	report_eq(vcpu_op(VCPUOP_initialise, vcpu, &c), -XEN_EEXIST,
		  "again: it has a state");
	report_eq(vcpu_op(VCPUOP_up, vcpu, 0), 0, "VCPUOP_up(%u)", vcpu);
	for (spins = 0; !ap_ran[vcpu] && spins < 1000000; spins++)
		xen_sched_op(SCHEDOP_yield, 0);
	report(ap_ran[vcpu], "vCPU %u ran from the state it was given", vcpu);
}

int pvh_main(const struct hvm_start_info *si);
int pvh_main(const struct hvm_start_info *si)
{
	unsigned int vcpu;

	if (xen_init() != 0)
		return 1;
	console_to_ring();
	check_start_info(si);
	check_memmap(si);
	check_xenstore();
	for (vcpu = 1;
	     vcpu < MAX_VCPUS && vcpu_op(VCPUOP_is_up, vcpu, 0) != -XEN_ENOENT;
	     vcpu++)
		start_ap(vcpu);
	printf("%u vCPUs\n", vcpu);
	return report_summary();
}
