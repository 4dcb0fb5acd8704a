/*
 * `xhvm caps [--json]`: the facts about this host's KVM that decide what
 * xhvm can do here, and which MSR backend `auto` picks.
 */
#include <cpuid.h>
#include <string.h>

#include "cmd.h"
#include "xen/xen.h"

static const struct {
	int bit;
	const char *name;
} xen_flags[] = {
	{KVM_XEN_HVM_CONFIG_HYPERCALL_MSR, "HYPERCALL_MSR"},
	{KVM_XEN_HVM_CONFIG_INTERCEPT_HCALL, "INTERCEPT_HCALL"},
	{KVM_XEN_HVM_CONFIG_SHARED_INFO, "SHARED_INFO"},
	{KVM_XEN_HVM_CONFIG_RUNSTATE, "RUNSTATE"},
	{KVM_XEN_HVM_CONFIG_EVTCHN_2LEVEL, "EVTCHN_2LEVEL"},
	{KVM_XEN_HVM_CONFIG_EVTCHN_SEND, "EVTCHN_SEND"},
	{1 << 6, "RUNSTATE_UPDATE_FLAG"},
	{1 << 7, "PVCLOCK_TSC_UNSTABLE"},
	{1 << 8, "SHARED_INFO_HVA"},
};

static const struct {
	int bit;
	const char *name;
} sync_flags[] = {
	{KVM_SYNC_X86_REGS, "regs"},
	{KVM_SYNC_X86_SREGS, "sregs"},
	{KVM_SYNC_X86_EVENTS, "events"},
};

static const int backends[] = {XHVM_BACKEND_KERNEL, XHVM_BACKEND_INTERCEPT,
			       XHVM_BACKEND_USER};

/* The host CPU's vendor string, and the instruction Xen guests use on it. */
static void cpu_vendor(char vendor[13], const char **insn)
{
	unsigned eax, ebx, ecx, edx;

	memset(vendor, 0, 13);
	if (__get_cpuid(0, &eax, &ebx, &ecx, &edx)) {
		memcpy(vendor, &ebx, 4);
		memcpy(vendor + 4, &edx, 4);
		memcpy(vendor + 8, &ecx, 4);
	}
	/* AMD and Hygon have VMMCALL; everyone else VMCALL. */
	*insn = (!strcmp(vendor, "AuthenticAMD") ||
		 !strcmp(vendor, "HygonGenuine"))
			? "vmmcall"
			: "vmcall";
}

static const char *yes(bool b)
{
	return b ? "yes" : "no";
}

/*
 * The hypercalls xhvm answers, from the same descriptors the dispatcher
 * and --trace use: number, name, and the sub-operations it answers.
 */
static void print_hypercalls(bool json)
{
	const struct hcall_family *f[XEN_HYPERCALL_STUBS];
	unsigned i, j, n = hcall_families(f, XEN_HYPERCALL_STUBS);

	printf(json ? "  \"hypercalls\": [" : "hypercalls\n");
	for (i = 0; i < n; i++) {
		const char *sep = "";

		if (json)
			printf("%s\n    {\"nr\": %u, \"name\": \"%s\", "
			       "\"ops\": [",
			       i ? "," : "", f[i]->nr, f[i]->name);
		else
			printf("  %-3u %-18s", f[i]->nr, f[i]->name);
		for (j = 0; j < f[i]->nops; j++) {
			if (!f[i]->ops[j].fn)
				continue; /* a name for --trace only */
			printf(json ? "%s\"%s\"" : "%s%s", sep,
			       f[i]->ops[j].name);
			sep = json ? ", " : " ";
		}
		printf(json ? "]}" : "\n");
	}
	if (json)
		printf("\n  ]\n");
}

static void print_text(const struct kvm_host *k, const char *vendor,
		       const char *insn, int pick)
{
	const char *why;
	size_t i;

	printf("KVM API version          %d\n", k->api_version);
	printf("KVM_CAP_XEN_HVM          %#x%s\n", k->xen_hvm,
	       k->xen_hvm ? "" : " (no Xen support in this KVM)");
	for (i = 0; i < ARRAY_SIZE(xen_flags); i++)
		printf("  %-22s %s\n", xen_flags[i].name,
		       yes(k->xen_hvm & xen_flags[i].bit));
	printf("user-space MSR exits     %s\n", yes(k->user_msr));
	printf("MSR filter               %s\n", yes(k->msr_filter));
	printf("sync regs                %#x", k->sync_regs);
	for (i = 0; i < ARRAY_SIZE(sync_flags); i++)
		if (k->sync_regs & sync_flags[i].bit)
			printf(" %s", sync_flags[i].name);
	printf("\nimmediate exit           %s\n", yes(k->immediate_exit));
	printf("max vCPUs                %d\n", k->max_vcpus);
	printf("CPU vendor               %s\n", vendor);
	printf("hypercall instruction    %s\n", insn);
	printf("MSR backends\n");
	for (i = 0; i < ARRAY_SIZE(backends); i++) {
		bool ok = xen_backend_usable(k, backends[i], &why);

		printf("  %-22s %s%s%s\n", xen_backend_name(backends[i]),
		       yes(ok), ok ? "" : ": needs ", ok ? "" : why);
	}
	printf("auto picks               %s\n",
	       pick < 0 ? "nothing usable" : xen_backend_name(pick));
	print_hypercalls(false);
}

static void print_json(const struct kvm_host *k, const char *vendor,
		       const char *insn, int pick)
{
	const char *why;
	size_t i;

	printf("{\n  \"kvm_api_version\": %d,\n", k->api_version);
	printf("  \"xen_hvm\": {\"mask\": %d", k->xen_hvm);
	for (i = 0; i < ARRAY_SIZE(xen_flags); i++)
		printf(", \"%s\": %s", xen_flags[i].name,
		       k->xen_hvm & xen_flags[i].bit ? "true" : "false");
	printf("},\n  \"user_space_msr\": %s,\n",
	       k->user_msr ? "true" : "false");
	printf("  \"msr_filter\": %s,\n", k->msr_filter ? "true" : "false");
	printf("  \"sync_regs\": {\"mask\": %d", k->sync_regs);
	for (i = 0; i < ARRAY_SIZE(sync_flags); i++)
		printf(", \"%s\": %s", sync_flags[i].name,
		       k->sync_regs & sync_flags[i].bit ? "true" : "false");
	printf("},\n  \"immediate_exit\": %s,\n",
	       k->immediate_exit ? "true" : "false");
	printf("  \"max_vcpus\": %d,\n", k->max_vcpus);
	printf("  \"cpu_vendor\": \"%s\",\n", vendor);
	printf("  \"hypercall_instruction\": \"%s\",\n", insn);
	printf("  \"backends\": {");
	for (i = 0; i < ARRAY_SIZE(backends); i++) {
		bool ok = xen_backend_usable(k, backends[i], &why);

		printf("%s\n    \"%s\": {\"usable\": %s", i ? "," : "",
		       xen_backend_name(backends[i]), ok ? "true" : "false");
		if (!ok)
			printf(", \"missing\": \"%s\"", why);
		printf("}");
	}
	printf("\n  },\n  \"auto\": ");
	if (pick < 0)
		printf("null,\n");
	else
		printf("\"%s\",\n", xen_backend_name(pick));
	print_hypercalls(true);
	printf("}\n");
}

int cmd_caps(int argc, char **argv)
{
	struct kvm_host kvm;
	char vendor[13];
	const char *insn;
	bool json = false;
	int r, pick;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "--json"))) {
		xhvm_err("usage: xhvm caps [--json]");
		return XHVM_EXIT_BAD_INPUT;
	}
	json = argc == 2;
	r = kvm_host_open(&kvm);
	if (r)
		return r;
	cpu_vendor(vendor, &insn);
	pick = xen_backend_auto(&kvm);
	if (json)
		print_json(&kvm, vendor, insn, pick);
	else
		print_text(&kvm, vendor, insn, pick);
	kvm_host_close(&kvm);
	return 0;
}
