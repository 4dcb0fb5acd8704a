/*
 * Unit tests for vm_assist and runstates (VCPUOP_register_runstate_memory_area,
 * VCPUOP_get_runstate_info) on a fake vCPU, in both guest word sizes.
 */
#include "check.h"
#include "fake_vcpu.h"

#define RAM    (4ull << 20)
#define BUF    0x200000ull
#define SHINFO 0x250000ull
#define PORTS  0x260000ull
#define MS     1000000ull

static void setup(struct fake *f)
{
	fake_init(f, RAM);
	fake_mode_64(f);
	fake_map_shinfo(f, SHINFO, BUF);
}

/* SCHEDOP_poll of no ports until `timeout`, as a 64-bit guest makes it. */
static int64_t poll_for(struct fake *f, uint64_t timeout)
{
	struct sched_poll_64 p = {.ports = PORTS, .timeout = timeout};

	memcpy(fake_mem(f, BUF), &p, sizeof(p));
	return fake_hcall(f, __HYPERVISOR_sched_op, SCHEDOP_poll, BUF);
}

static int64_t assist(struct fake *f, uint64_t cmd, uint64_t type)
{
	return fake_hcall(f, __HYPERVISOR_vm_assist, cmd, type);
}

#define AREA 0x270000ull

static struct vcpu_runstate_info_64 area64(struct fake *f)
{
	struct vcpu_runstate_info_64 r;

	memcpy(&r, fake_mem(f, AREA), sizeof(r));
	return r;
}

/* vm_assist: HVM guests have one assist, Xen's type checked first. */
static void test_vm_assist(void)
{
	struct fake f;

	setup(&f);
	check(assist(&f, VMASST_CMD_enable, VMASST_TYPE_runstate_update_flag) ==
			      0 &&
		      f.dom.runstate_update_flag,
	      "vm_assist(enable, runstate_update_flag) = 0");
	check(assist(&f, VMASST_CMD_enable, VMASST_TYPE_writable_pagetables) ==
		      -XEN_EINVAL,
	      "vm_assist(enable, writable_pagetables) = -EINVAL: PV only");
	check(assist(&f, VMASST_CMD_enable, 64) == -XEN_EINVAL,
	      "vm_assist(enable, 64) = -EINVAL");
	check(assist(&f, 7, VMASST_TYPE_runstate_update_flag) == -XEN_ENOSYS,
	      "vm_assist(7, runstate_update_flag) = -ENOSYS");
	check(assist(&f, VMASST_CMD_disable,
		     VMASST_TYPE_runstate_update_flag) == 0 &&
		      !f.dom.runstate_update_flag,
	      "vm_assist(disable, runstate_update_flag) = 0");
	fake_free(&f);
}

/* Runstates: where a vCPU's time went, kept current in the guest's area. */
static void test_runstate(void)
{
	struct fake f;
	struct vcpu_register_runstate_memory_area_64 a = {AREA};
	struct vcpu_register_runstate_memory_area_32 a32 = {AREA + 0x100, 0};
	struct vcpu_runstate_info_64 r;
	struct vcpu_runstate_info_32 r32;
	uint64_t now;

	setup(&f);
	assist(&f, VMASST_CMD_enable, VMASST_TYPE_runstate_update_flag);
	memset(fake_mem(&f, AREA), 0xaa, 64);
	memcpy(fake_mem(&f, BUF), &a, sizeof(a));
	check(fake_hcall3(&f, __HYPERVISOR_vcpu_op,
			  VCPUOP_register_runstate_memory_area, 0, BUF) == 0,
	      "register_runstate_memory_area(%#llx) = 0",
	      (unsigned long long)AREA);
	r = area64(&f);
	now = xen_clock_now(f.x);
	check(r.state == RUNSTATE_running && r.state_entry_time <= now &&
		      !(r.state_entry_time & XEN_RUNSTATE_UPDATE) &&
		      r.time[RUNSTATE_blocked] == 0 && r.pad == 0 &&
		      fake_mem(&f, AREA + 48)[0] == 0xaa,
	      "the area is written at once: running since %llu ns, the "
	      "update flag clear, 48 bytes (the byte after untouched: %#x)",
	      (unsigned long long)r.state_entry_time,
	      fake_mem(&f, AREA + 48)[0]);
	poll_for(&f, xen_clock_now(f.x) + 5 * MS);
	r = area64(&f);
	check(r.state == RUNSTATE_running &&
		      r.time[RUNSTATE_blocked] >= 5 * MS &&
		      r.time[RUNSTATE_blocked] < 100 * MS &&
		      r.time[RUNSTATE_running] > 0,
	      "after a 5 ms poll: running again, %llu us blocked, %llu us "
	      "running",
	      (unsigned long long)r.time[RUNSTATE_blocked] / 1000,
	      (unsigned long long)r.time[RUNSTATE_running] / 1000);

	check(fake_hcall3(&f, __HYPERVISOR_vcpu_op, VCPUOP_get_runstate_info, 0,
			  BUF) == 0,
	      "get_runstate_info = 0");
	memcpy(&r, fake_mem(&f, BUF), sizeof(r));
	check(r.time[RUNSTATE_blocked] >= 5 * MS &&
		      r.time[RUNSTATE_running] >= area64(&f).time[0],
	      "get_runstate_info counts running time up to the call");
	check(fake_hcall3(&f, __HYPERVISOR_vcpu_op,
			  VCPUOP_register_runstate_memory_area, 0,
			  0x7fff00000000ull) == -XEN_EFAULT,
	      "register_runstate_memory_area, argument outside RAM: -EFAULT");
	a.addr = 0x7fff00000000ull;
	memcpy(fake_mem(&f, BUF), &a, sizeof(a));
	check(fake_hcall3(&f, __HYPERVISOR_vcpu_op,
			  VCPUOP_register_runstate_memory_area, 0,
			  BUF) == -XEN_EFAULT,
	      "register_runstate_memory_area of an unmapped area: -EFAULT");
	check(fake_hcall3(&f, __HYPERVISOR_vcpu_op, VCPUOP_get_runstate_info, 1,
			  BUF) == -XEN_ENOENT,
	      "get_runstate_info of vCPU 1 of 1 = -ENOENT");

	/* A 32-bit guest: 44 bytes, state_entry_time at offset 4. */
	fake_mode_32(&f);
	memset(fake_mem(&f, AREA + 0x100), 0xaa, 64);
	memcpy(fake_mem(&f, BUF), &a32, sizeof(a32));
	check(fake_hcall3(&f, __HYPERVISOR_vcpu_op,
			  VCPUOP_register_runstate_memory_area, 0, BUF) == 0,
	      "32-bit register_runstate_memory_area = 0");
	memcpy(&r32, fake_mem(&f, AREA + 0x100), sizeof(r32));
	check(r32.state == RUNSTATE_running &&
		      r32.time[RUNSTATE_blocked] >= 5 * MS &&
		      fake_mem(&f, AREA + 0x100 + 44)[0] == 0xaa,
	      "the 32-bit layout: %llu us blocked, 44 bytes written",
	      (unsigned long long)r32.time[RUNSTATE_blocked] / 1000);
	fake_free(&f);
}

int main(void)
{
	vcpu_kick_init(); /* the timers' signal must not kill us */
	test_vm_assist();
	test_runstate();
	return check_summary();
}
