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
# With --code 77, the check passes (0) only when xhvm exits 77.
exec unshare -m bash -c '
	mount -t tmpfs none /dev && mknod -m 666 /dev/null c 1 3 || exit 2
	exec "$0" --code 77 --err "/dev/kvm: No such file" --err "no KVM" -- "$1" run
	' "$check" "$xhvm"
