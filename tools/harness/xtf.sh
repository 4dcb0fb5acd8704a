# Part of tools/kernel-harness (sourced): the Xen Test Framework (--xtf),
# built on the host and carried into the initramfs, where /init runs
# tools/xtf-run against tests/xtf.txt's harness column.
# shellcheck shell=bash disable=SC2154,SC2034 # the variables are the main script's

# XTF (--xtf): on the host, the built tree (tools/xtf-run builds a source
# tree or an archive once, into the cache).
prepare_xtf() {
	local status=0
	[[ -n $xtf ]] || return 0
	xtf_tree=$("$repo/tools/xtf-run" --prepare "$xtf") || status=$?
	[[ $status -ne 77 ]] || skip "--xtf: building XTF needs a tool that is missing (see above)"
	[[ $status -eq 0 ]] || die "--xtf: no XTF built tree from '$xtf'"
	say "XTF: $xtf_tree"
}

# add_xtf ROOT: the HVM images, their .cfg and info.json under ROOT/xtf/
# tests, the runner under ROOT/xtf/run, the table, the runner's arguments.
add_xtf() {
	local root=$1/xtf d name a
	mkdir -p "$root/tests" "$root/run/xtf"
	for d in "$xtf_tree"/tests/*/; do
		name=$(basename "$d")
		compgen -G "$d/test-hvm*" >/dev/null || continue
		mkdir -p "$root/tests/$name"
		cp "$d"/info.json "$d"/test-hvm* "$root/tests/$name/"
	done
	install -m 755 "$repo/tools/xtf-run" "$root/run/"
	cp "$repo"/tools/xtf/*.sh "$repo"/tools/xtf/*.awk "$root/run/xtf/"
	cp "$repo/tests/xtf.txt" "$root/xtf.txt"
	for a in "${xtf_args[@]}"; do echo "$a"; done >"$root/args"
}
