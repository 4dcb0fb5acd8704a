/*
 * ACPI tables for PVH guests, the least a PC-like guest needs (Xen's own
 * PVH domU tables are as small): an RSDP and XSDT, a MADT listing one
 * local APIC per vCPU (how Linux finds its CPUs; no IOAPIC, no 8259), a
 * hardware-reduced FADT (no PM blocks, no SCI, no legacy devices) whose
 * sleep control register is a port here, and a DSDT holding only \_S5,
 * so that writing SLP_TYP 5 with SLP_EN there powers the guest off: PVH
 * domUs have no Xen power-off of their own. A reset register reboots.
 *
 * Layouts and values are the ACPI specification's (6.4: RSDP 5.2.5, the
 * header 5.2.6, XSDT 5.2.8, FADT 5.2.9 and its flags, MADT 5.2.12, the
 * generic address structure 5.2.3.2, sleep registers 4.8.3.7); the AML is
 * Name (\_S5, Package (4) {5, 0, 0, 0}), checked with iasl -d.
 */
#include <string.h>

#include "platform/platform.h"

#define OEM_ID	     "XHVM  "
#define OEM_TABLE_ID "XHVM    "

struct __attribute__((packed)) acpi_header {
	char signature[4];
	uint32_t length;
	uint8_t revision, checksum;
	char oem_id[6], oem_table_id[8];
	uint32_t oem_revision;
	char creator_id[4];
	uint32_t creator_revision;
};

struct __attribute__((packed)) acpi_rsdp {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length;
	uint64_t xsdt;
	uint8_t extended_checksum, reserved[3];
};

/* A generic address: one byte in system I/O space. */
struct __attribute__((packed)) acpi_gas {
	uint8_t space, bit_width, bit_offset, access_size;
	uint64_t address;
};

struct __attribute__((packed)) acpi_fadt {
	struct acpi_header h;
	uint32_t firmware_ctrl, dsdt;
	uint8_t reserved0, preferred_pm_profile;
	uint16_t sci_int;
	uint32_t smi_cmd;
	uint8_t acpi_enable, acpi_disable, s4bios_req, pstate_cnt;
	uint32_t pm1a_evt, pm1b_evt, pm1a_cnt, pm1b_cnt, pm2_cnt, pm_tmr;
	uint32_t gpe0, gpe1;
	uint8_t pm1_evt_len, pm1_cnt_len, pm2_cnt_len, pm_tmr_len;
	uint8_t gpe0_len, gpe1_len, gpe1_base, cst_cnt;
	uint16_t p_lvl2_lat, p_lvl3_lat, flush_size, flush_stride;
	uint8_t duty_offset, duty_width, day_alarm, mon_alarm, century;
	uint16_t iapc_boot_arch;
	uint8_t reserved1;
	uint32_t flags;
	struct acpi_gas reset_reg;
	uint8_t reset_value;
	uint16_t arm_boot_arch;
	uint8_t minor_version;
	uint64_t x_firmware_ctrl, x_dsdt;
	struct acpi_gas x_pm1a_evt, x_pm1b_evt, x_pm1a_cnt, x_pm1b_cnt;
	struct acpi_gas x_pm2_cnt, x_pm_tmr, x_gpe0, x_gpe1;
	struct acpi_gas sleep_control, sleep_status;
	uint64_t hypervisor_vendor;
};

struct __attribute__((packed)) acpi_madt_lapic {
	uint8_t type, length, processor_uid, apic_id;
	uint32_t flags;
};

_Static_assert(sizeof(struct acpi_header) == 36, "ACPI table header");
_Static_assert(sizeof(struct acpi_rsdp) == 36, "RSDP, revision 2");
_Static_assert(sizeof(struct acpi_gas) == 12, "generic address");
_Static_assert(sizeof(struct acpi_fadt) == 276, "FADT, revision 6");
_Static_assert(offsetof(struct acpi_fadt, flags) == 112, "FADT.Flags");
_Static_assert(offsetof(struct acpi_fadt, x_dsdt) == 140, "FADT.X_DSDT");
_Static_assert(offsetof(struct acpi_fadt, sleep_control) == 244,
	       "FADT.SLEEP_CONTROL_REG");
_Static_assert(sizeof(struct acpi_madt_lapic) == 8, "MADT local APIC");

#define FADT_RESET_REG_SUP	  (1u << 10)
#define FADT_HW_REDUCED_ACPI	  (1u << 20)
#define IAPC_VGA_NOT_PRESENT	  (1u << 2)
#define IAPC_CMOS_RTC_NOT_PRESENT (1u << 5)
#define GAS_SYSTEM_IO		  1
#define GAS_ACCESS_BYTE		  1
#define MADT_LAPIC		  0
#define MADT_LAPIC_ENABLED	  1u
/* SLEEP_CONTROL_REG: SLP_TYP in bits 4:2, SLP_EN bit 5 (ACPI 4.8.3.7). */
#define SLP_TYP(v)  (((v) >> 2) & 7)
#define SLP_EN	    (1u << 5)
#define S5_SLP_TYP  5 /* what \_S5 says, first element */
#define RESET_VALUE 1

static const uint8_t dsdt_aml[] = {0x08, 0x5c, 0x5f, 0x53, 0x35, 0x5f, 0x12,
				   0x07, 0x04, 0x0a, 0x05, 0x00, 0x00, 0x00};

/* Every byte of a table adds to 0 mod 256. */
static uint8_t checksum(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (n--)
		sum += *b++;
	return (uint8_t)-sum;
}

static void header(struct acpi_header *h, const char *sig, uint32_t len,
		   uint8_t revision)
{
	memcpy(h->signature, sig, 4);
	h->length = len;
	h->revision = revision;
	memcpy(h->oem_id, OEM_ID, 6);
	memcpy(h->oem_table_id, OEM_TABLE_ID, 8);
	h->oem_revision = 1;
	memcpy(h->creator_id, "XHVM", 4);
	h->creator_revision = 1;
}

static void seal(struct acpi_header *h)
{
	h->checksum = 0;
	h->checksum = checksum(h, h->length);
}

static struct acpi_gas io_byte(uint16_t port)
{
	return (struct acpi_gas){GAS_SYSTEM_IO, 8, 0, GAS_ACCESS_BYTE, port};
}

static void fadt(struct acpi_fadt *f, uint64_t dsdt)
{
	memset(f, 0, sizeof(*f));
	header(&f->h, "FACP", sizeof(*f), 6);
	f->flags = FADT_HW_REDUCED_ACPI | FADT_RESET_REG_SUP;
	f->iapc_boot_arch = IAPC_VGA_NOT_PRESENT | IAPC_CMOS_RTC_NOT_PRESENT;
	f->reset_reg = io_byte(ACPI_RESET_PORT);
	f->reset_value = RESET_VALUE;
	f->x_dsdt = dsdt;
	f->sleep_control = io_byte(ACPI_SLEEP_CONTROL_PORT);
	f->sleep_status = io_byte(ACPI_SLEEP_STATUS_PORT);
	memcpy(&f->hypervisor_vendor, "XHVM\0\0\0\0", 8);
	seal(&f->h);
}

/* The MADT: the LAPICs at their architectural address, one per vCPU. */
static uint32_t madt(uint8_t *p, unsigned nvcpus)
{
	struct acpi_header *h = (void *)p;
	uint32_t len = sizeof(*h) + 8, lapic = 0xfee00000u, flags = 0;
	unsigned i;

	memcpy(p + sizeof(*h), &lapic, 4);
	memcpy(p + sizeof(*h) + 4, &flags, 4); /* no PC/AT 8259s */
	for (i = 0; i < nvcpus; i++, len += 8) {
		struct acpi_madt_lapic e = {MADT_LAPIC, 8, (uint8_t)i,
					    (uint8_t)i, MADT_LAPIC_ENABLED};

		memcpy(p + len, &e, sizeof(e));
	}
	header(h, "APIC", len, 4);
	seal(h);
	return len;
}

uint64_t acpi_build(struct vm *vm)
{
	uint8_t *base = gpa_ptr(&vm->mem, ACPI_GPA, ACPI_SIZE);
	struct acpi_rsdp *rsdp = (void *)base;
	uint64_t xsdt_at = ACPI_GPA + 64, fadt_at = ACPI_GPA + 128;
	uint64_t dsdt_at = ACPI_GPA + 512, madt_at = ACPI_GPA + 1024;
	struct acpi_header *xsdt = (void *)(base + 64), *dsdt;
	uint64_t entries[2] = {fadt_at, madt_at};

	if (!base || vm->cfg.nvcpus > 255)
		return 0;
	memset(base, 0, ACPI_SIZE);
	dsdt = (void *)(base + (dsdt_at - ACPI_GPA));
	header(dsdt, "DSDT", sizeof(*dsdt) + sizeof(dsdt_aml), 2);
	memcpy(dsdt + 1, dsdt_aml, sizeof(dsdt_aml));
	seal(dsdt);
	fadt((void *)(base + (fadt_at - ACPI_GPA)), dsdt_at);
	madt(base + (madt_at - ACPI_GPA), vm->cfg.nvcpus);
	header(xsdt, "XSDT", sizeof(*xsdt) + sizeof(entries), 1);
	memcpy(xsdt + 1, entries, sizeof(entries));
	seal(xsdt);
	memcpy(rsdp->signature, "RSD PTR ", 8);
	memcpy(rsdp->oem_id, OEM_ID, 6);
	rsdp->revision = 2;
	rsdp->length = sizeof(*rsdp);
	rsdp->xsdt = xsdt_at;
	rsdp->checksum = checksum(rsdp, 20);
	rsdp->extended_checksum = checksum(rsdp, sizeof(*rsdp));
	memmap_set(&vm->map, ACPI_GPA, ACPI_SIZE, MEM_ACPI,
		   "ACPI tables (RSDP, XSDT, FADT, MADT, DSDT)");
	return ACPI_GPA;
}

/* The sleep control register: S5 is a power-off, the run's end. */
static struct xhvm_action sleep_port(struct vcpu *v, uint16_t port, bool out,
				     unsigned size, unsigned count,
				     uint8_t *data, void *arg)
{
	(void)arg;
	(void)count;
	if (!out) {
		memset(data, 0, size); /* no wake status: we never sleep */
		return action_run();
	}
	if (port == ACPI_RESET_PORT && data[0] == RESET_VALUE) {
		xhvm_err("vCPU %u: guest reset through ACPI's reset register",
			 v->index);
		return action_stop(XHVM_EXIT_REBOOT);
	}
	if (port == ACPI_SLEEP_CONTROL_PORT && (data[0] & SLP_EN)) {
		if (SLP_TYP(data[0]) == S5_SLP_TYP) {
			TRACE(v, "ACPI: S5 (soft off): the guest powers off");
			return action_stop(XHVM_EXIT_POWEROFF);
		}
		TRACE(v, "ACPI: sleep type %u is not supported: ignored",
		      SLP_TYP(data[0]));
	}
	return action_run();
}

int acpi_attach(struct vm *vm)
{
	return vm_add_pio(vm, ACPI_SLEEP_CONTROL_PORT, 3,
			  "ACPI sleep and reset registers", sleep_port, NULL);
}
