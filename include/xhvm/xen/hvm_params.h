/*
 * HVM_PARAM_* indices for HVMOP_{set,get}_param, from Xen's
 * public/hvm/params.h. Indices Xen keeps only for the toolstack (4, 13,
 * 20 to 26, 30: deprecated) are left out.
 */
#ifndef XHVM_XEN_HVM_PARAMS_H
#define XHVM_XEN_HVM_PARAMS_H

#define HVM_PARAM_CALLBACK_IRQ		0
#define HVM_PARAM_STORE_PFN		1
#define HVM_PARAM_STORE_EVTCHN		2
#define HVM_PARAM_IOREQ_PFN		5
#define HVM_PARAM_BUFIOREQ_PFN		6
#define HVM_PARAM_VIRIDIAN		9
#define HVM_PARAM_TIMER_MODE		10
#define HVM_PARAM_HPET_ENABLED		11
#define HVM_PARAM_IDENT_PT		12
#define HVM_PARAM_ACPI_S_STATE		14
#define HVM_PARAM_VM86_TSS		15
#define HVM_PARAM_VPT_ALIGN		16
#define HVM_PARAM_CONSOLE_PFN		17
#define HVM_PARAM_CONSOLE_EVTCHN	18
#define HVM_PARAM_ACPI_IOPORTS_LOCATION 19
#define HVM_PARAM_PAGING_RING_PFN	27
#define HVM_PARAM_MONITOR_RING_PFN	28
#define HVM_PARAM_SHARING_RING_PFN	29
#define HVM_PARAM_TRIPLE_FAULT_REASON	31
#define HVM_PARAM_IOREQ_SERVER_PFN	32
#define HVM_PARAM_NR_IOREQ_SERVER_PAGES 33
#define HVM_PARAM_VM_GENERATION_ID_ADDR 34
#define HVM_PARAM_ALTP2M		35
#define HVM_PARAM_X87_FIP_WIDTH		36
#define HVM_PARAM_VM86_TSS_SIZED	37 /* size in 63:32, address 31:0 */
#define HVM_PARAM_MCA_CAP		38
#define HVM_NR_PARAMS			39

/*
 * HVM_PARAM_CALLBACK_IRQ: 0 turns vCPU 0's upcall off; else the type is
 * in bits 63:56 and the rest depends on it: a GSI (not 0), a PCI INTx
 * line (domain 47:32, bus 31:16, devfn 15:8, INTx 1:0) or a vector (7:0).
 * The shift is xhvm's name for the mask's position.
 */
#define HVM_PARAM_CALLBACK_IRQ_TYPE_MASK 0xff00000000000000ull
#define HVM_PARAM_CALLBACK_TYPE_SHIFT	 56
#define HVM_PARAM_CALLBACK_TYPE_GSI	 0
#define HVM_PARAM_CALLBACK_TYPE_PCI_INTX 1
#define HVM_PARAM_CALLBACK_TYPE_VECTOR	 2 /* x86 only */

/* HVM_PARAM_TIMER_MODE values. */
#define HVMPTM_delay_for_missed_ticks	 0
#define HVMPTM_no_delay_for_missed_ticks 1
#define HVMPTM_no_missed_ticks_pending	 2
#define HVMPTM_one_missed_tick_pending	 3

/* HVM_PARAM_ALTP2M values. */
#define XEN_ALTP2M_disabled 0
#define XEN_ALTP2M_mixed    1
#define XEN_ALTP2M_external 2
#define XEN_ALTP2M_limited  3

/* HVM_PARAM_MCA_CAP bits. */
#define XEN_HVM_MCA_CAP_LMCE (1ull << 0)
#define XEN_HVM_MCA_CAP_MASK XEN_HVM_MCA_CAP_LMCE

#endif /* XHVM_XEN_HVM_PARAMS_H */
