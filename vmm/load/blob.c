/*
 * Hypercall blobs: whole 4 KiB pages a guest's MSR write copies from, as
 * KVM_XEN_HVM_CONFIG defines them. Built in, or read from a file.
 */
#include <stdlib.h>

#include "load/load.h"

/* The largest blob file read: 255 pages, the kernel's byte-sized limit. */
#define BLOB_MAX_BYTES ((size_t)BLOB_MAX_PAGES * PAGE_SIZE)

int blob_check(const char *name, size_t size, struct xhvm_error *err)
{
	if (size == 0)
		return err_set(err,
			       "%s: empty; a blob holds whole 4096-byte "
			       "pages",
			       name);
	if (size % PAGE_SIZE)
		return err_set(err,
			       "%s: %zu bytes is not a whole number of "
			       "4096-byte pages",
			       name, size);
	if (size / PAGE_SIZE > BLOB_MAX_PAGES)
		return err_set(err,
			       "%s: %zu pages, more than the %d KVM can "
			       "take",
			       name, size / (size_t)PAGE_SIZE, BLOB_MAX_PAGES);
	return 0;
}

int blob_load_file(struct xhvm_blob *blob, const char *path,
		   struct xhvm_error *err)
{
	uint8_t *data;
	size_t size;
	int r;

	/* Read one byte past the limit so "too many pages" can be named. */
	r = read_file(path, BLOB_MAX_BYTES + PAGE_SIZE, &data, &size, err);
	if (r)
		return r;
	r = blob_check(path, size, err);
	if (r) {
		free(data);
		return r;
	}
	blob->name = path;
	blob->data = data;
	blob->pages = size / PAGE_SIZE;
	blob->owned = data;
	return 0;
}

void blob_use_builtin(struct xhvm_blob *blob, const char *name,
		      const uint8_t *data, size_t size)
{
	blob->name = name;
	blob->data = data;
	blob->pages = size / PAGE_SIZE;
	blob->owned = NULL;
}

void blob_release(struct xhvm_blob *blob)
{
	free(blob->owned);
	blob->owned = NULL;
	blob->data = NULL;
	blob->pages = 0;
}
