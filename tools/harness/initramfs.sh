# Part of tools/kernel-harness (sourced): the initramfs the booted kernel
# runs, laid out as tools/harness/init expects it: busybox and its applets,
# xhvm with its libraries, the guests, blobs and suite, the KVM modules
# and the order to load them, and what --xtf and --linux add.
# shellcheck shell=bash disable=SC2154,SC2034 # the variables are the main script's

# install_binary FILE ROOT DEST: FILE at ROOT/DEST with the shared libraries
# and dynamic loader it needs at their host paths.
install_binary() {
	local file=$1 root=$2 dest=$3 libs lib
	install -D -m 755 "$file" "$root/$dest"
	is_static "$file" && return
	libs=$(ldd "$file" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }') ||
		die "ldd cannot list the libraries of '$file'"
	[[ $libs == *ld-linux* ]] || die "ldd found no dynamic loader for '$file': $(ldd "$file" 2>&1 || true)"
	for lib in $libs; do
		[[ -e $root/$lib ]] || install -D -m 755 "$lib" "$root/$lib"
	done
}

build_initramfs() {
	local root=$work/root out=$work/initramfs.cpio.gz a m rel name g
	mkdir -p "$root"/{bin,dev,proc,sys,tmp,guests,blobs,suite,modules,extra}

	install -m 755 "$busybox" "$root/bin/busybox"
	for a in $("$busybox" --list); do
		[[ -e $root/bin/$a ]] || ln -s busybox "$root/bin/$a"
	done
	install -m 755 "$harness/init" "$root/init"
	install_binary "$build/xhvm" "$root" bin/xhvm

	cp "$build"/guest/*.elf "$root/guests/"
	cp "$build"/blobs/*.bin "$root/blobs/"
	install -m 755 "$repo/tests/suite.sh" "$repo/tests/run-check.sh" "$root/suite/"
	cp "$repo/tests/suite.txt" "$root/suite/"
	if [[ -n $only ]]; then
		grep -qE "^[[:space:]]*${only}[[:space:]]*\|" "$repo/tests/suite.txt" ||
			die "--only: no test named '$only' in tests/suite.txt"
		echo "$only" >"$root/suite/only"
	fi
	for g in "${extra[@]}"; do
		name=$(basename "$g")
		[[ ! -e $root/extra/$name ]] || die "two extra guests are named '$name'"
		cp "$g" "$root/extra/$name"
		echo "/extra/$name" >>"$root/extra/list"
	done

	# KVM modules, uncompressed (busybox insmod reads plain .ko), and the
	# order to load them in for each vendor.
	index_modules
	for m in amd intel; do
		kvm_modules "kvm_$m"
		: >"$root/modules/$m"
		for rel in "${load_list[@]}"; do
			name=$(basename "$rel")
			name=${name%%.ko*}
			[[ -f $root/modules/$name.ko ]] ||
				decompress "$moddir/$rel" >"$root/modules/$name.ko"
			echo "$name" >>"$root/modules/$m"
		done
	done
	for kp in "${kvm_params[@]}"; do
		grep -qx "${kp%% *}" "$root/modules/amd" "$root/modules/intel" ||
			die "--kvm-param: no module ${kp%% *} among the KVM modules of $moddir"
		echo "$kp" >>"$root/modules/params"
	done
	[[ -s $root/modules/amd || -s $root/modules/intel ]] ||
		say "no kvm-amd or kvm-intel module in $moddir: assuming KVM is built in"

	[[ -z $xtf_tree ]] || add_xtf "$root"
	[[ -z $linux ]] || add_linux "$root"
	[[ -z $grub ]] || add_grub "$root"
	[[ $suite -eq 1 ]] || touch "$root/suite/none"

	(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet | gzip -1) >"$out"
	initramfs=$out
}

