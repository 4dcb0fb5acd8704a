# Part of tools/kernel-harness (sourced): where the kernel to boot comes
# from, a Debian package, the cache, or --kernel/--modules, and the KVM
# modules the initramfs loads.
# shellcheck shell=bash disable=SC2154,SC2034 # the variables are the main script's

# --- Kernels -----------------------------------------------------------------
# Every source ends in the same shape: $kimage (the bzImage), $moddir (a
# lib/modules/<ver> tree) and $kver.

# decompress FILE: a module's bytes on stdout, whatever its compression.
decompress() {
	case $1 in
	*.ko) cat "$1" ;;
	*.ko.xz) xz -dc "$1" ;;
	*.ko.gz) gzip -dc "$1" ;;
	*.ko.zst)
		command -v zstd >/dev/null 2>&1 || skip "'$1' needs zstd: install zstd"
		zstd -dcq "$1" ;;
	*) die "'$1': not a kernel module" ;;
	esac
}

# The module files of $moddir by module name ('-' and '_' are the same).
declare -A mod_file=()
index_modules() {
	local f name
	mod_file=()
	while IFS= read -r f; do
		name=${f##*/}
		name=${name%%.ko*}
		mod_file[${name//-/_}]=${f#"$moddir"/}
	done < <(find "$moddir" -name '*.ko' -o -name '*.ko.[gxz]z' -o -name '*.ko.zst')
}

# module_deps REL: the modules REL needs, as paths relative to $moddir. From
# modules.dep when the tree has one (make modules_install runs depmod);
# Debian's packages have none (their postinst makes it), so otherwise from
# the module's own "depends=" field, which depmod would agree with.
module_deps() {
	local rel=$1 depends name
	if [[ -f $moddir/modules.dep ]]; then
		awk -v m="$rel:" '$1 == m { for (i = 2; i <= NF; i++) print $i }' \
			"$moddir/modules.dep"
		return
	fi
	depends=$(decompress "$moddir/$rel" | tr '\0' '\n' |
		LC_ALL=C sed -n 's/^depends=//p') || die "cannot read module $moddir/$rel"
	for name in ${depends//,/ }; do
		[[ -n ${mod_file[${name//-/_}]:-} ]] ||
			die "module $rel needs $name, which is not in $moddir"
		echo "${mod_file[${name//-/_}]}"
	done
}

# load_order NAME: NAME's module and everything it needs, dependencies
# first, as paths relative to $moddir (nothing if NAME is built in or
# absent). Appends to the array load_list; seen[] stops repeats.
declare -A seen=()
load_list=()
load_order() {
	local rel=$1 deps dep
	[[ -z ${seen[$rel]:-} ]] || return 0
	seen[$rel]=1
	# A failure in the substitution must stop us (die there is a subshell's).
	deps=$(module_deps "$rel") || exit $?
	for dep in $deps; do
		load_order "$dep"
	done
	load_list+=("$rel")
}
kvm_modules() { # kvm_modules kvm_amd|kvm_intel
	load_list=() seen=()
	local rel=${mod_file[$1]:-}
	[[ -z $rel ]] || load_order "$rel"
}

# use_tree ROOT: take the kernel of an unpacked package (or pruned copy):
# ROOT/boot/vmlinuz-<ver> (or, since Debian's 7.x packages,
# lib/modules/<ver>/vmlinuz) and ROOT/lib/modules/<ver> (or usr/lib/
# modules/<ver>, where /usr is merged).
use_tree() {
	local root=$1 dirs=()
	shopt -s nullglob
	dirs=("$root"/lib/modules/*/ "$root"/usr/lib/modules/*/)
	shopt -u nullglob
	[[ ${#dirs[@]} -eq 1 ]] || die "'$root' does not hold exactly one lib/modules/<version>"
	moddir=${dirs[0]%/}
	kver=$(basename "$moddir")
	kimage=$root/boot/vmlinuz-$kver
	[[ -f $kimage ]] || kimage=$moddir/vmlinuz
	[[ -f $kimage ]] || die "'$root' has modules for $kver but no boot/vmlinuz-$kver"
}

# prune_tree SRC DEST: copy SRC's kernel image and just the KVM modules (with
# what they need) to DEST: 12 MiB instead of 100-400 MiB per cached kernel.
prune_tree() {
	local src=$1 dest=$2 rel m
	use_tree "$src"
	index_modules
	mkdir -p "$dest/boot" "$dest/lib/modules/$kver"
	cp "$kimage" "$dest/boot/vmlinuz-$kver"
	[[ ! -f $src/boot/config-$kver ]] || cp "$src/boot/config-$kver" "$dest/boot/"
	for m in kvm_amd kvm_intel; do
		kvm_modules "$m"
		for rel in "${load_list[@]}"; do
			mkdir -p "$dest/lib/modules/$kver/$(dirname "$rel")"
			cp "$moddir/$rel" "$dest/lib/modules/$kver/$rel"
		done
	done
	[[ ! -f $moddir/modules.dep ]] || cp "$moddir/modules.dep" "$dest/lib/modules/$kver/"
}

# --- Debian's kernels, through apt ---------------------------------------------

# The kernel packages of a series. sid's may be old-style (image-unsigned)
# or split (linux-binary-<ver> with linux-modules-<ver>, since 7.x).
debian_regex() {
	case $1 in
	6.12) echo '^linux-image-6\.12\.[0-9]+\+deb[0-9]+-amd64-unsigned$' ;;
	6.1) echo '^linux-image-6\.1\.0-[0-9]+-amd64-unsigned$' ;;
	trixie) echo '^linux-image-[0-9.]+\+deb13-amd64-unsigned$' ;;
	sid) echo '^linux-(image-[0-9.]+\+deb[0-9]+-amd64-unsigned|binary-[0-9.]+\+deb[0-9]+-amd64)$' ;;
	esac
}

# apt for the series: the host's configuration for bookworm's, a private
# one (sources list, package lists and downloads in the cache) for trixie
# and sid, on the host's Debian mirror. Sets the array apt_opts.
apt_opts=()
apt_setup() {
	local suite dir mirror
	case $debian in
	trixie | sid) suite=$debian ;;
	*) return 0 ;;
	esac
	dir=$cache/apt-$suite
	mirror=$(grep -hoE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list \
		/etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
		grep -v security | head -n 1 | tr -d ' ' || true)
	mkdir -p "$dir/lists/partial" "$dir/archives/partial" ||
		die "cannot create the apt directory '$dir'"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${mirror:-http://deb.debian.org/debian} $suite main" \
		>"$dir/sources.list"
	apt_opts=(-o "Dir::Etc::sourcelist=$dir/sources.list"
		-o Dir::Etc::sourceparts=/dev/null -o "Dir::State::Lists=$dir/lists"
		-o "Dir::Cache=$dir")
	# Its lists are ours to refresh: when missing or a day old.
	if [[ -z $(find "$dir/lists" -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null) ]]; then
		apt_update "the $suite package lists are missing or a day old" || true
	fi
}

# The newest package apt knows for the series (empty when none): by the
# version in its name, whatever its prefix.
newest_package() {
	local re
	re=$(debian_regex "$debian")
	apt-cache "${apt_opts[@]}" search --names-only "$re" 2>/dev/null |
		awk '{ print $1 }' | grep -E "$re" |
		sed -E 's/^linux-(image|binary)-([0-9.]+)/\2 &/' | sort -V |
		tail -n 1 | awk '{ print $NF }' || true
}

# The newest kernel of the series already in the cache (for offline use):
# entries are named <package>_<version>.
newest_cached() {
	local re
	re=$(debian_regex "$debian")
	find "$cache" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null |
		grep -E "${re%\$}_" |
		sed -E 's/^linux-(image|binary)-([0-9.]+)/\2 &/' | sort -V |
		tail -n 1 | awk '{ print $NF }' || true
}

# apt_update WHY: refresh the package lists, once, when we are root.
apt_updated=0
apt_update() {
	[[ $apt_updated -eq 0 && $(id -u) -eq 0 ]] || return 1
	apt_updated=1
	say "apt-get update ($1)"
	apt-get "${apt_opts[@]}" -o APT::Sandbox::User=root update -qq >&2 ||
		{ say "apt-get update failed"; return 1; }
}

# fetch PKG VERSION ENTRY: download, unpack and prune into $cache/ENTRY.
fetch() {
	local apt=(apt-get -qq "${apt_opts[@]}") pkgs=("$1=$2") d
	# A root apt-get drops privileges to _apt, which cannot write here.
	[[ $(id -u) -ne 0 ]] || apt+=(-o APT::Sandbox::User=root)
	# A split kernel: the image, and its modules of the same version.
	[[ $1 != linux-binary-* ]] || pkgs+=("linux-modules-${1#linux-binary-}=$2")
	fetch_tmp=$(mktemp -d "$cache/.fetch.XXXXXX")
	say "downloading ${pkgs[*]}"
	if ! (cd "$fetch_tmp" && "${apt[@]}" download "${pkgs[@]}" >&2); then
		rm -rf "$fetch_tmp"
		fetch_tmp=''
		return 1
	fi
	for d in "$fetch_tmp"/*.deb; do
		unpack_deb "$d" "$fetch_tmp/unpacked"
	done
	prune_tree "$fetch_tmp/unpacked" "$fetch_tmp/$3"
	# Atomic: a concurrent run may have got there first, which is fine.
	mv -T "$fetch_tmp/$3" "$cache/$3" 2>/dev/null || true
	rm -rf "$fetch_tmp"
	fetch_tmp=''
}

# fetch_debian: sets $kimage/$moddir/$kver from the cache, downloading the
# newest package of the series first when it is not there.
fetch_debian() {
	local pkg version entry why
	if [[ -z $cache ]]; then
		[[ -n ${XDG_CACHE_HOME:-} || -n ${HOME:-} ]] ||
			die "neither XDG_CACHE_HOME nor HOME is set: give --cache"
		cache=${XDG_CACHE_HOME:-$HOME/.cache}/xhvm/kernels
	fi
	mkdir -p "$cache" || die "cannot create the cache '$cache'"
	cache=$(cd "$cache" && pwd)
	apt_setup

	for _ in 1 2; do
		pkg=$(newest_package)
		if [[ -n $pkg ]]; then
			version=$(apt-cache "${apt_opts[@]}" show --no-all-versions "$pkg" |
				awk '/^Version: / && v == "" { v = $2 } END { print v }')
			entry=${pkg}_$version
			if [[ -d $cache/$entry ]]; then
				say "using the cached $entry"
				use_tree "$cache/$entry"
				return
			fi
			if fetch "$pkg" "$version" "$entry"; then
				use_tree "$cache/$entry"
				return
			fi
			why="cannot download $pkg $version"
		else
			why="apt knows no Debian $debian kernel ($(debian_regex "$debian"))"
		fi
		# Missing or stale package lists: refresh them once, then retry.
		apt_update "$why" || break
	done

	entry=$(newest_cached)
	if [[ -n $entry ]]; then
		say "$why; using the cached $entry"
		use_tree "$cache/$entry"
		return
	fi
	[[ $apt_updated -eq 1 ]] && skip "$why, even with apt-get update"
	skip "$why: run 'sudo apt-get update', or use --deb or --kernel"
}

unpack_deb() { # unpack_deb FILE DIR
	dpkg-deb -x "$1" "$2" || die "cannot unpack '$1' (dpkg-deb -x failed)"
}

# --modules: the <ver> directory itself, or a prefix holding lib/modules/<ver>.
use_kernel_and_modules() {
	local d=$modules dirs=()
	kimage=$kernel
	if [[ ! -f $d/modules.dep && ! -d $d/kernel ]]; then
		shopt -s nullglob
		dirs=("$d"/lib/modules/*/)
		shopt -u nullglob
		[[ ${#dirs[@]} -eq 1 ]] ||
			die "--modules: '$d' is neither a lib/modules/<version> directory nor holds exactly one"
		d=${dirs[0]%/}
	fi
	moddir=$(cd "$d" && pwd)
	kver=$(basename "$moddir")
}
