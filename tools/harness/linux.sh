# Part of tools/kernel-harness (sourced): a Debian Linux as a Xen PVH guest
# of xhvm inside the booted kernel (--linux). The guest kernel is the PVH
# vmlinux inside a Debian package's bzImage: the booted kernel's own, or
# another series' (--linux SERIES); its initrd is busybox with
# tools/harness/linux-init as /init. /init runs it under the intercept
# backend (the only one a kernel making its own vmcalls can use), once per
# vCPU count in --linux-vcpus.
# shellcheck shell=bash disable=SC2154,SC2034 # the variables are the main script's

# prepare_linux: the guest's vmlinux and initrd under $work/linux.
prepare_linux() {
	local bz=$kimage saved_k=$kimage saved_m=$moddir saved_v=$kver
	local saved_d=$debian dir=$work/linux
	[[ -n $linux ]] || return 0
	if ! command -v zstd >/dev/null || ! command -v xz >/dev/null; then
		skip "--linux needs zstd and xz to unpack the kernel (apt-get install zstd xz-utils)"
	fi
	if [[ $linux != same ]]; then
		# Another series' kernel: fetched (or cached) like the booted one.
		debian=$linux
		fetch_debian
		bz=$kimage
		linux_kver=$kver
		kimage=$saved_k moddir=$saved_m kver=$saved_v debian=$saved_d
	else
		linux_kver=$kver
	fi
	mkdir -p "$dir/initrd/bin"
	"$harness/extract-vmlinux" "$bz" "$dir/vmlinux" ||
		die "--linux: no vmlinux in $bz"
	install -m 755 "$busybox" "$dir/initrd/bin/busybox"
	install -m 755 "$harness/linux-init" "$dir/initrd/init"
	(cd "$dir/initrd" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet | gzip -1) >"$dir/initrd.cpio.gz"
	say "Linux guest: $linux_kver ($(stat -c %s "$dir/vmlinux") bytes of vmlinux)"
}

# add_linux ROOT: the guest under ROOT/linux, and how to run it.
add_linux() {
	local root=$1/linux
	mkdir -p "$root"
	cp "$work/linux/vmlinux" "$work/linux/initrd.cpio.gz" "$root/"
	echo "$linux_kver" >"$root/version"
	echo "$linux_vcpus" >"$root/vcpus"
}
