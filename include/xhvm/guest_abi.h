/*
 * xhvm's own contract with its guests and hypercall blobs: where things live
 * in guest physical memory, the state a guest starts in, and how a blob stub
 * traps to the monitor. README.md ("Guest entry contract") is the prose form
 * of this file; keep them in step.
 *
 * Valid C for the monitor and freestanding guests, and for the assembler.
 */
#ifndef XHVM_GUEST_ABI_H
#define XHVM_GUEST_ABI_H

/* ---- Guest physical memory map --------------------------------------- */

/*
 * Everything below 1 MiB belongs to xhvm. Guests load from 1 MiB up to the
 * end of RAM.
 */
#define XHVM_GDT_GPA	    0x1000ull	/* one page: the boot GDT */
#define XHVM_PML4_GPA	    0x2000ull	/* long-mode page map level 4 */
#define XHVM_PDPT_GPA	    0x3000ull	/* one PDPT: 512 GiB of reach */
#define XHVM_PD_GPA	    0x4000ull	/* XHVM_MAX_PDS page directories */
#define XHVM_MAX_PDS	    64		/* one PD of 2 MiB pages per GiB */
#define XHVM_BOOT_INFO_GPA  0x70000ull	/* struct xhvm_boot_info */
#define XHVM_STACKS_GPA	    0x80000ull	/* boot stacks, one per vCPU */
#define XHVM_STACK_SIZE	    0x2000ull	/* 8 KiB each, below the next */
#define XHVM_GUEST_BASE_GPA 0x100000ull /* 1 MiB: first byte a guest owns */

#define XHVM_MIN_RAM	 (2ull << 20)				  /* 2 MiB */
#define XHVM_MAX_RAM	 ((unsigned long long)XHVM_MAX_PDS << 30) /* 64 GiB */
#define XHVM_DEFAULT_RAM (32ull << 20)				  /* 32 MiB */
#define XHVM_MAX_VCPUS	 64 /* boot stacks that fit below 1 MiB */

/* vCPU i starts with RSP at the top of its own stack. */
#define XHVM_STACK_TOP(i) (XHVM_GUEST_BASE_GPA - (i)*XHVM_STACK_SIZE)

/* ---- Boot GDT selectors --------------------------------------------- */

#define XHVM_SEL_CODE64 0x08 /* flat 64-bit code, DPL 0 */
#define XHVM_SEL_DATA	0x10 /* flat 32/64-bit data, DPL 0 */
#define XHVM_SEL_CODE32 0x18 /* flat 32-bit code, DPL 0 */

/* ---- The Xen hypercall MSR and its blobs ---------------------------- */

#define XHVM_DEFAULT_XEN_MSR 0x40000000u
/*
 * The guest's domain id, the first a Xen toolstack gives a domU: CPUID
 * 0x40000004 ECX says it (XEN_HVM_CPUID_DOMID_PRESENT). Domain 0 is the
 * other end of xhvm's services (the console, XenStore).
 */
#define XHVM_DOMID 1

/*
 * xhvm presents Xen 4.19 (leaf +1 and XENVER_version).
 */
#define XHVM_XEN_MAJOR	 4
#define XHVM_XEN_MINOR	 19
#define XHVM_XEN_VERSION (XHVM_XEN_MAJOR << 16 | XHVM_XEN_MINOR)

/*
 * Blob stub i is, at offset i * 32:
 *
 *     b8 <i as le32>    mov  $i, %eax
 *     e7 <port>         out  %eax, $XHVM_HCALL_PORT
 *     c3                ret
 *
 * then int3 (0xcc) padding. The OUT traps to xhvm, which reads the Xen
 * hypercall registers, dispatches on EAX and stores the result in RAX before
 * the guest resumes at the RET. A port-I/O trap instead of VMCALL/VMMCALL
 * works on every KVM, including ones that hang on VMCALL. As on Xen, stub 23
 * (iret) is `ud2` instead. The padding of the last stub holds a NUL-ended
 * tag naming the blob, so a guest or a trace can tell which one it got.
 */
#define XHVM_HCALL_PORT	     0xe5
#define XHVM_BLOB_STUB_LEN   8 /* mov + out + ret */
#define XHVM_BLOB_TAG_OFFSET (127 * 32 + 16)
#define XHVM_BLOB_TAG_64     "xhvm-blob64"
#define XHVM_BLOB_TAG_32     "xhvm-blob32"

/* ---- Boot information --------------------------------------------- */

/*
 * What xhvm tells a guest at entry (RDX holds its address): facts a guest
 * cannot find out from Xen's interface, so tests can state what they expect.
 */
#define XHVM_BOOT_MAGIC 0x4d564858u /* "XHVM" */

/* Which mechanism puts the hypercall page in place (--msr-backend). */
#define XHVM_BACKEND_KERNEL    1 /* KVM_XEN_HVM_CONFIG copies a blob page */
#define XHVM_BACKEND_INTERCEPT 2 /* KVM writes VMCALL stubs: KVM_EXIT_XEN */
#define XHVM_BACKEND_USER      3 /* MSR exits; xhvm copies a blob page */

/*
 * The bench guest's arg: a mode in bits 7:0, a count in bits 31:8. xhvm
 * ignores writes to XHVM_BENCH_PORT, so it measures a bare exit.
 */
#define XHVM_BENCH_POWEROFF  0 /* power off at once */
#define XHVM_BENCH_PORT_LOOP 1 /* count OUTs to XHVM_BENCH_PORT */
#define XHVM_BENCH_HCALL     2 /* count xen_version calls, on every vCPU */
#define XHVM_BENCH_PORT_STUB 3 /* count calls to a stub doing one OUT */
#define XHVM_BENCH_PORT	     0x80

#ifndef __ASSEMBLER__
#include <stdint.h>

struct xhvm_boot_info {
	uint32_t magic;	   /* XHVM_BOOT_MAGIC */
	uint32_t size;	   /* sizeof(struct xhvm_boot_info), for growth */
	uint64_t ram_size; /* bytes of RAM from GPA 0 */
	uint32_t nvcpus;
	uint32_t msr_backend;  /* XHVM_BACKEND_* */
	uint32_t xen_msr;      /* also in CPUID leaf +2 EBX */
	uint32_t blob64_pages; /* 0 with the intercept backend */
	uint32_t blob32_pages;
	uint32_t arg; /* xhvm run --arg: the guest's to interpret */
};
_Static_assert(sizeof(struct xhvm_boot_info) == 40, "xhvm_boot_info");
#endif

#endif /* XHVM_GUEST_ABI_H */
