/*
 * VCPUOP_initialise's context (public/hvm/hvm_vcpu.h) checked as Xen
 * checks it (arch_set_info_hvm_guest, xen/arch/x86/hvm/domain.c), and
 * turned into the state x86_set_context loads into a vCPU.
 */
#include "xen/xen.h"

/* VMX-style access rights: type 3:0, S 4, DPL 6:5, P 7, AVL 8, L 9,
 * D/B 10, G 11; bits 15:12 must be 0. */
static struct kvm_segment segment(uint16_t ar, uint32_t limit, uint32_t base)
{
	return (struct kvm_segment){
		.base = base,
		.limit = limit,
		.type = ar & 0xf,
		.s = (ar >> 4) & 1,
		.dpl = (ar >> 5) & 3,
		.present = (ar >> 7) & 1,
		.avl = (ar >> 8) & 1,
		.l = (ar >> 9) & 1,
		.db = (ar >> 10) & 1,
		.g = (ar >> 11) & 1,
		.unusable = ar == 0,
	};
}

enum seg { SEG_CS, SEG_DS, SEG_SS, SEG_ES, SEG_TR };

/* Xen's check_segment: 0 or -XEN_EINVAL. */
static int64_t check_segment(uint16_t ar, struct kvm_segment *s, enum seg which)
{
	if (ar & 0xf000)
		return -XEN_EINVAL;
	if (ar == 0) /* null: DS and ES only */
		return which == SEG_DS || which == SEG_ES ? 0 : -XEN_EINVAL;
	if (which == SEG_TR) {
		if (s->s || s->type != 0xb) /* a busy 32-bit TSS */
			return -XEN_EINVAL;
	} else if (!s->s) {
		return -XEN_EINVAL;
	}
	if (!s->present)
		return -XEN_EINVAL;
	if (which == SEG_CS && !(s->type & 8))
		return -XEN_EINVAL;
	if (which == SEG_SS && ((s->type & 8) || !(s->type & 2)))
		return -XEN_EINVAL;
	if ((which == SEG_DS || which == SEG_ES) && (s->type & 8) &&
	    !(s->type & 2))
		return -XEN_EINVAL;
	if (which != SEG_TR)
		s->type |= 1; /* accessed, as Xen sets it */
	return 0;
}

static int64_t from_32(const struct vcpu_hvm_x86_32 *r, struct x86_context *c)
{
	uint64_t limit;
	int64_t e;

	if (r->pad1 || r->pad2[0] || r->pad2[1] || r->pad2[2])
		return -XEN_EINVAL;
	c->cs = segment(r->cs_ar, r->cs_limit, r->cs_base);
	c->ds = segment(r->ds_ar, r->ds_limit, r->ds_base);
	c->ss = segment(r->ss_ar, r->ss_limit, r->ss_base);
	c->es = segment(r->es_ar, r->es_limit, r->es_base);
	c->tr = segment(r->tr_ar | 2, r->tr_limit, r->tr_base); /* busy */
	e = check_segment(r->cs_ar, &c->cs, SEG_CS) |
	    check_segment(r->ds_ar, &c->ds, SEG_DS) |
	    check_segment(r->ss_ar, &c->ss, SEG_SS) |
	    check_segment(r->es_ar, &c->es, SEG_ES) |
	    check_segment(r->tr_ar | 2, &c->tr, SEG_TR);
	if (e)
		return -XEN_EINVAL;
	limit = c->cs.g ? (uint64_t)c->cs.limit << 12 | 0xfff : c->cs.limit;
	if (r->eip > limit || c->ss.dpl != c->cs.dpl ||
	    (c->ds.present && c->ds.dpl > c->cs.dpl) ||
	    (c->es.present && c->es.dpl > c->cs.dpl) ||
	    ((r->efer & EFER_LMA) && !(r->efer & EFER_LME)))
		return -XEN_EINVAL;
	c->regs = (struct kvm_regs){.rax = r->eax,
				    .rcx = r->ecx,
				    .rdx = r->edx,
				    .rbx = r->ebx,
				    .rsp = r->esp,
				    .rbp = r->ebp,
				    .rsi = r->esi,
				    .rdi = r->edi,
				    .rip = r->eip,
				    .rflags = r->eflags};
	c->cr0 = r->cr0, c->cr3 = r->cr3, c->cr4 = r->cr4, c->efer = r->efer;
	return 0;
}

static bool canonical(uint64_t a)
{
	return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

static int64_t from_64(const struct vcpu_hvm_x86_64 *r, struct x86_context *c)
{
	if (!canonical(r->rip) || !(r->cr0 & CR0_PG) || !(r->cr4 & CR4_PAE) ||
	    !(r->efer & EFER_LME))
		return -XEN_EINVAL;
	c->regs = (struct kvm_regs){.rax = r->rax,
				    .rcx = r->rcx,
				    .rdx = r->rdx,
				    .rbx = r->rbx,
				    .rsp = r->rsp,
				    .rbp = r->rbp,
				    .rsi = r->rsi,
				    .rdi = r->rdi,
				    .rip = r->rip,
				    .rflags = r->rflags};
	c->cr0 = r->cr0, c->cr3 = r->cr3, c->cr4 = r->cr4, c->efer = r->efer;
	/* Xen's flat 64-bit code, data and a busy 64-bit TSS. */
	c->cs = segment(0xa9b, ~0u, 0);
	c->ds = c->ss = c->es = segment(0xc93, ~0u, 0);
	c->tr = segment(0x8b, 0x67, 0);
	return 0;
}

int64_t xen_vcpu_context(const struct vcpu_hvm_context *h,
			 struct x86_context *c)
{
	int64_t r;

	if (h->pad)
		return -XEN_EINVAL;
	if (h->mode == VCPU_HVM_MODE_32B)
		r = from_32(&h->cpu_regs.x86_32, c);
	else if (h->mode == VCPU_HVM_MODE_64B)
		r = from_64(&h->cpu_regs.x86_64, c);
	else
		r = -XEN_EINVAL;
	if (r)
		return r;
	/* Xen keeps only the architectural flags, and bit 1 set. */
	c->regs.rflags = (c->regs.rflags & 0x3f7fd5) | RFLAGS_RESERVED;
	if (c->efer & EFER_LME)
		c->efer |= EFER_LMA;
	if ((c->cr0 & CR0_PG) && !(c->cr0 & CR0_PE))
		return -XEN_EINVAL; /* hvm_efer_valid's and CR0's rules */
	return 0;
}
