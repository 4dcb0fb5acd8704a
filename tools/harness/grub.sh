# Part of tools/kernel-harness (sourced): Debian's GRUB for Xen PVH
# (grub-i386-xen_pvh.bin) inside the booted kernel (--grub), on every MSR
# backend: a real guest that asks for its hypercall page with the MSR, so
# the kernel backend's KVM_XEN_HVM_CONFIG blob path meets real software.
# /init runs tests/grub-check.sh's pipe check under busybox: `echo hi`
# and `halt` from a pipe; GRUB's banner, "hi" and exit 0.
# shellcheck shell=bash disable=SC2154,SC2034 # the variables are the main script's

# prepare_grub: $grub is a file, or 'auto': where grub-check.sh finds it
# ($XHVM_GRUB, grub-xen-host installed, or fetched into the cache).
prepare_grub() {
	local found
	[[ -n $grub ]] || return 0
	if [[ $grub == auto ]]; then
		found=$(sh "$repo/tests/grub-check.sh" - find) ||
			skip "--grub auto: no grub-i386-xen_pvh.bin (install grub-xen-host, or give --grub FILE)"
		grub=$found
	fi
	say "GRUB: $grub"
}

# add_grub ROOT: GRUB and the check under ROOT/grub.
add_grub() {
	mkdir -p "$1/grub"
	cp "$grub" "$1/grub/grub.bin"
	cp "$repo/tests/grub-check.sh" "$1/grub/check.sh"
}
