#!/bin/sh
# tools/kernel-harness refuses bad options before it boots anything: each
# case must exit 2 and say what was wrong.
#
#   harness-usage.sh HARNESS
set -u
harness=$1 failed=0

refuse() {
	want=$1
	shift
	out=$("$harness" "$@" 2>&1)
	code=$?
	if [ $code -eq 2 ] && printf '%s\n' "$out" | grep -q -- "$want"; then
		echo "ok: $* -> exit 2, \"$want\""
	else
		echo "FAIL: $* -> exit $code, wanted 2 and \"$want\": $out"
		failed=1
	fi
}

refuse "expected MODULE.PARAM=VALUE" --kvm-param bogus
refuse "expected MODULE.PARAM=VALUE" --kvm-param kvm_amd.npt
refuse "'--kvm-param' needs an argument" --kvm-param
refuse "'--cpu' needs an argument" --cpu
refuse "--grub-only needs --grub" --grub-only
refuse "--grub: '/nonexistent/grub.bin' not found" --grub /nonexistent/grub.bin
refuse "--linux-only needs --linux" --linux-only
refuse "--xtf-only and --xtf-arg need --xtf" --xtf-arg hvm64
refuse "which --xtf-only, --linux-only and --grub-only leave out" \
	--grub auto --grub-only --only hello
refuse "which --xtf-only, --linux-only and --grub-only leave out" \
	--linux same --linux-only --only hello
refuse "not a list of 1 to 8" --linux same --linux-vcpus 9
exit $failed
