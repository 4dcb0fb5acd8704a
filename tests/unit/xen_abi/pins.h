/*
 * The pin tables of test_xen_abi: a macro's value, a type's size or a
 * member's offset as xhvm defines it, next to the value written out by
 * hand from Xen's header. Each file under xen_abi/ pins a group of
 * headers; tests/abi-coverage.sh reads them all.
 */
#ifndef XHVM_TEST_XEN_ABI_H
#define XHVM_TEST_XEN_ABI_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "xhvm/xen.h"

struct pin {
	const char *what;
	uint64_t ours, xen;
};

/* A macro's value, a type's size, a member's offset: ours, then Xen's. */
#define N(name, v)                                                  \
	{                                                           \
		.what = #name, .ours = (uint64_t)(name), .xen = (v) \
	}
#define SIZE(type, v)                                                         \
	{                                                                     \
		.what = "sizeof(" #type ")", .ours = sizeof(type), .xen = (v) \
	}
#define OFFSET(type, member, v)                             \
	{                                                   \
		.what = "offsetof(" #type ", " #member ")", \
		.ours = offsetof(type, member), .xen = (v)  \
	}

/* A string macro: the same bytes, the same length. */
#define S(name, xen, header)                                                  \
	check(sizeof(name) == sizeof(xen) && !memcmp(name, xen, sizeof(xen)), \
	      "%s: %s = \"%s\", Xen \"%s\"", header, #name, name, xen)

void pin_all(const char *header, const struct pin *p, size_t n);

#define PIN(header, table) \
	pin_all(header, table, sizeof(table) / sizeof((table)[0]))

/* Each group's pins, run by test_xen_abi's main. */
void pin_core(void);
void pin_vcpu_events(void);
void pin_memory(void);
void pin_boot_io(void);

#endif
