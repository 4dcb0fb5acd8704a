/*
 * libFuzzer: blob validation, and the Xen MSR write against a blob made
 * from the input: an 8-byte MSR value, a mode byte, then the blob bytes.
 */
#include "fake_vcpu.h"

#define RAM (2u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xhvm_error err;
	struct fake f;
	uint64_t value;
	size_t pages;

	blob_check("fuzz", size, &err);
	if (size < 9)
		return 0;
	memcpy(&value, data, 8);
	pages = (size - 9) / PAGE_SIZE;
	if (pages == 0 || pages > BLOB_MAX_PAGES)
		return 0;
	fake_init(&f, RAM);
	blob_use_builtin(&f.xcfg.blob64, "b64", data + 9, pages * PAGE_SIZE);
	blob_use_builtin(&f.xcfg.blob32, "b32", data + 9, PAGE_SIZE);
	if (data[8] & 1)
		fake_mode_64(&f);
	else
		fake_mode_32(&f);
	xen_msr_write(f.x, value);
	fake_free(&f);
	return 0;
}
