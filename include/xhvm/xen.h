/*
 * The Xen HVM guest interface, as xhvm implements it: one header per Xen
 * public header it draws from, under xhvm/xen/. Each names its source
 * (xen/include/public/...). The facts are Xen's; the text is xhvm's.
 *
 * Shared by the monitor (vmm/), the guests (guest/) and the hypercall blobs
 * (blobs/), so every file must stay valid C for a freestanding 32- or
 * 64-bit compiler and, above its `#ifndef __ASSEMBLER__` part, for the
 * assembler.
 *
 * Structures whose layout differs between 32- and 64-bit guests come in two
 * explicit forms (`_32` / `_64`, the layout a guest of that word size has)
 * so the 64-bit monitor can read either; their sizes are checked where they
 * are defined, and tests/unit/test_xen_abi.c pins every value to Xen's.
 */
#ifndef XHVM_XEN_H
#define XHVM_XEN_H

#include "xhvm/xen/errno.h"
#include "xhvm/xen/xen.h"
#include "xhvm/xen/cpuid.h"
#include "xhvm/xen/features.h"
#include "xhvm/xen/version.h"
#include "xhvm/xen/sched.h"
#include "xhvm/xen/vcpu.h"
#include "xhvm/xen/hvm_vcpu.h"
#include "xhvm/xen/event_channel.h"
#include "xhvm/xen/memory.h"
#include "xhvm/xen/e820.h"
#include "xhvm/xen/grant_table.h"
#include "xhvm/xen/hvm_op.h"
#include "xhvm/xen/hvm_params.h"
#include "xhvm/xen/start_info.h"
#include "xhvm/xen/elfnote.h"
#include "xhvm/xen/console.h"
#include "xhvm/xen/xs_wire.h"

#endif /* XHVM_XEN_H */
