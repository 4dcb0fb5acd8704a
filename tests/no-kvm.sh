#!/bin/bash
# Runs `xhvm run` on a host without /dev/kvm and checks it exits 77 (CTest's
# SKIP, "a needed capability is missing") with a message saying so. The
# missing device is made by mounting an empty /dev in a private mount
# namespace, which needs root; elsewhere this test SKIPs.
#
#   no-kvm.sh RUN_CHECK XHVM
set -u
check=$1 xhvm=$2

if ! unshare -m true 2>/dev/null; then
	echo "SKIP: cannot make a mount namespace (needs root)"
	exit 77
fi
# In the namespace, 77 from the check means xhvm did not exit 77: a failure.
exec unshare -m bash -c '
	mount -t tmpfs none /dev && mknod -m 666 /dev/null c 1 3 || exit 2
	"$0" --code 77 --err "/dev/kvm: No such file" --err "no KVM" -- "$1" run
	status=$?
	[ "$status" -eq 77 ] && exit 1
	exit "$status"' "$check" "$xhvm"
