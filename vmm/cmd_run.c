/*
 * `xhvm run [OPTIONS] [GUEST]`: the options, checked before /dev/kvm is
 * opened (so bad input gives exit status 2 on any host), then the
 * machine built, run and torn down.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_run.h"
#include "debug/debug.h"

/* Guest files above this are refused before reading. */
#define GUEST_FILE_MAX (1ull << 30)
/* Tiny guests finish in milliseconds; a minute means stuck. */
#define XHVM_DEFAULT_TIMEOUT 60
/*
 * The seccomp filter is on by default, but not under AddressSanitizer
 * (LeakSanitizer's check at exit needs ptrace and clone, which it
 * refuses) or ThreadSanitizer (its runtime makes calls of its own).
 */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define XHVM_DEFAULT_SECCOMP false
#else
#define XHVM_DEFAULT_SECCOMP true
#endif

static int load_blob(struct xhvm_blob *blob, const char *path,
		     const char *builtin_name, const uint8_t *start,
		     const uint8_t *end)
{
	struct xhvm_error err;

	if (!path) {
		blob_use_builtin(blob, builtin_name, start,
				 (size_t)(end - start));
		return 0;
	}
	if (blob_load_file(blob, path, &err)) {
		xhvm_err("blob %s", err.msg);
		return XHVM_EXIT_BAD_INPUT;
	}
	return 0;
}

/* --module files, read whole, and checked against the RAM after the image. */
static int load_modules(struct run_opts *o)
{
	struct pvh_config *p = &o->m.pvh;
	struct xhvm_error err;
	unsigned i;
	int r;

	if (o->m.guest.boot != BOOT_PVH) {
		if (p->cmdline || p->nmodules) {
			xhvm_err("%s: --cmdline and --module are for PVH "
				 "guests (an image with a "
				 "XEN_ELFNOTE_PHYS32_ENTRY note)",
				 o->m.guest_name);
			return XHVM_EXIT_BAD_INPUT;
		}
		return 0;
	}
	if (o->m.vm.ram_size > PVH_MAX_RAM) {
		xhvm_err("%s: a PVH guest may have at most 3 GiB of RAM "
			 "here (--mem), below the PC's device hole",
			 o->m.guest_name);
		return XHVM_EXIT_BAD_INPUT;
	}
	for (i = 0; i < p->nmodules; i++) {
		r = read_file(o->module_paths[i], GUEST_FILE_MAX,
			      &o->module_files[i], &p->mod[i].size, &err);
		if (r) {
			xhvm_err("module %s", err.msg);
			return r;
		}
		p->mod[i].name = o->module_paths[i];
		p->mod[i].data = o->module_files[i];
	}
	if (boot_pvh_check(&o->m.guest, p, o->m.vm.ram_size, &err)) {
		xhvm_err("%s: %s", o->m.guest_name, err.msg);
		return XHVM_EXIT_BAD_INPUT;
	}
	return 0;
}

/* The guest image and the blobs, read and checked: no KVM needed. */
static int load_inputs(struct run_opts *o, uint8_t **file)
{
	const uint8_t *image = xhvm_builtin_hello;
	size_t size = (size_t)(xhvm_builtin_hello_end - xhvm_builtin_hello);
	struct xhvm_error err;
	int r;

	if (o->guest_path) {
		o->m.guest_name = o->guest_path;
		r = read_file(o->guest_path, GUEST_FILE_MAX, file, &size, &err);
		if (r) {
			xhvm_err("guest %s", err.msg);
			return r;
		}
		image = *file;
	}
	r = elf_parse(image, size, o->m.vm.ram_size, o->boot, &o->m.guest,
		      &err);
	if (r) {
		xhvm_err("guest %s: %s", o->m.guest_name, err.msg);
		return r;
	}
	r = load_modules(o);
	if (r)
		return r;
	if (o->gdb_port && o->m.guest.mode != X86_MODE_64) {
		xhvm_err("--gdb debugs 64-bit guests; %s is 32-bit",
			 o->m.guest_name);
		return XHVM_EXIT_BAD_INPUT;
	}
	r = load_blob(&o->m.xen.blob64, o->blob64_path, "built-in 64-bit blob",
		      xhvm_builtin_blob64, xhvm_builtin_blob64_end);
	if (!r)
		r = load_blob(&o->m.xen.blob32, o->blob32_path,
			      "built-in 32-bit blob", xhvm_builtin_blob32,
			      xhvm_builtin_blob32_end);
	return r;
}

/* Built: gdb connects (sockets are setup), the filter goes on, it runs. */
static int run(struct vm *vm, const struct run_opts *o)
{
	int r;

	if (o->gdb_port) {
		r = gdb_accept(vm, o->gdb_port);
		if (r)
			return r;
	}
	/* Setup is over: from here on, only the run loop's system calls. */
	if (o->seccomp) {
		r = seccomp_install();
		if (r)
			return r;
		if (getenv("XHVM_SECCOMP_SELFTEST"))
			seccomp_selftest();
	}
	r = vm_run(vm, o->gdb_port ? gdb_first_stop : NULL);
	if (o->gdb_port)
		gdb_exited(r);
	return r;
}

int cmd_run(int argc, char **argv)
{
	struct run_opts o = {
		.m.vm = {.ram_size = XHVM_DEFAULT_RAM,
			 .nvcpus = 1,
			 .timeout_s = XHVM_DEFAULT_TIMEOUT},
		.m.xen = {.msr = XHVM_DEFAULT_XEN_MSR,
			  .backend = XHVM_BACKEND_AUTO},
		.m.guest_name = "built-in hello",
		.seccomp = XHVM_DEFAULT_SECCOMP,
	};
	uint8_t *file = NULL;
	struct vm vm;
	int r;

	r = parse_run_args(argc, argv, &o);
	if (r)
		return r < 0 ? 0 : r;
	r = load_inputs(&o, &file);
	if (!r)
		r = machine_create(&vm, &o.m);
	if (!r) {
		r = run(&vm, &o);
		/* A vCPU thread still in the kernel may touch it all. */
		if (vm.abandoned) {
			tty_restore();
			fflush(NULL);
			_exit(r);
		}
		gdb_close();
		machine_destroy(&vm);
	}
	blob_release(&o.m.xen.blob32);
	blob_release(&o.m.xen.blob64);
	for (unsigned i = 0; i < o.m.pvh.nmodules; i++)
		free(o.module_files[i]);
	free(file);
	return r;
}
