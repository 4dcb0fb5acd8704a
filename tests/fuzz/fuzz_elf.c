/*
 * libFuzzer: the guest image loader. Any input must be either refused
 * with a message or loaded wholly inside RAM (ASan checks the latter).
 */
#include <stdlib.h>

#include "machine.h"

#define RAM (2u << 20) /* 1 MiB of it is the guest's */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *ram;
	struct elf_plan plan;
	struct xhvm_error err;
	struct guest_mem mem;

	if (!ram)
		ram = malloc(RAM);
	if (elf_parse(data, size, RAM, BOOT_AUTO, &plan, &err) == 0) {
		mem = (struct guest_mem){.host = ram, .size = RAM};
		elf_load(&plan, &mem);
	}
	return 0;
}
