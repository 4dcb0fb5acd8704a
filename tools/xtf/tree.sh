# Part of tools/xtf-run (sourced): turns what the user gave, an XTF built
# tree, source tree or archive, into a built tree. Builds go to a cache
# keyed by a hash of the archive or of the source files, so a second run
# reuses the first one's build. POSIX sh (busybox too; building needs make,
# gcc and python3, which only the host has).
# shellcheck shell=sh disable=SC2154,SC2034 # $me, $cache, $tree: the main script's

# is_built DIR: DIR has tests/*/info.json and at least one HVM image.
is_built() {
	for ib_info in "$1"/tests/*/info.json; do
		[ -f "$ib_info" ] || return 1
		for ib_img in "${ib_info%/info.json}"/test-hvm*; do
			case $ib_img in *.cfg) continue ;; esac
			[ -f "$ib_img" ] && return 0
		done
	done
	return 1
}

# is_source DIR: an XTF source tree (its top Makefile, tests/, build/).
is_source() {
	[ -f "$1/Makefile" ] && [ -d "$1/tests" ] && [ -f "$1/build/mkinfo.py" ]
}

cache_dir() {
	if [ -n "$cache" ]; then
		echo "$cache"
	elif [ -n "${XDG_CACHE_HOME:-}" ]; then
		echo "$XDG_CACHE_HOME/xhvm"
	elif [ -n "${HOME:-}" ]; then
		echo "$HOME/.cache/xhvm"
	else
		echo "${TMPDIR:-/tmp}/xhvm-cache"
	fi
}

# source_hash DIR: one hash over every file's name and contents (not .git).
source_hash() {
	(cd "$1" && find . -type f ! -path './.git/*' | LC_ALL=C sort |
		while IFS= read -r sh_f; do
			printf '%s\n' "$sh_f"
			cat "$sh_f"
		done | sha256sum | cut -c1-16)
}

# build_tree SRC KIND KEY: unpacks (KIND archive) or copies (KIND source)
# SRC into the cache as xtf-KEY and builds it there, unless an earlier run
# did. A build happens in a directory of its own and is renamed into place
# when complete, so two runs at once cannot see half a tree.
build_tree() {
	bt_dest=$(cache_dir)/xtf-$3
	if [ -f "$bt_dest/.built" ]; then
		tree=$(cat "$bt_dest/.built")
		return 0
	fi
	bt_miss=
	for bt_c in make gcc python3 tar; do
		command -v "$bt_c" >/dev/null 2>&1 || bt_miss="$bt_miss $bt_c"
	done
	if [ -n "$bt_miss" ]; then
		echo "$me: SKIP: building XTF needs${bt_miss}: install them" \
			"(apt-get install make gcc python3 tar) or give a built tree" >&2
		exit 77
	fi
	mkdir -p "$(cache_dir)" || exit 2
	bt_tmp=$(mktemp -d "$bt_dest.tmp.XXXXXX") || exit 2
	if [ "$2" = archive ]; then
		tar -xzf "$1" -C "$bt_tmp" || { rm -rf "$bt_tmp"; echo "$me: cannot unpack '$1'" >&2; exit 2; }
	else
		(cd "$1" && tar -cf - --exclude=.git .) | (mkdir "$bt_tmp/xtf" && cd "$bt_tmp/xtf" && tar -xf -) ||
			{ rm -rf "$bt_tmp"; echo "$me: cannot copy '$1'" >&2; exit 2; }
	fi
	bt_top=
	for bt_d in "$bt_tmp" "$bt_tmp"/*; do
		is_source "$bt_d" && { bt_top=${bt_d#"$bt_tmp"}; break; }
	done
	if [ -z "$bt_top" ] && ! is_source "$bt_tmp"; then
		rm -rf "$bt_tmp"
		echo "$me: '$1' holds no XTF source tree (no Makefile, tests/ and build/mkinfo.py)" >&2
		exit 2
	fi
	echo "$me: building XTF from $1 in $bt_dest (make -j2, about a minute)" >&2
	bt_start=$(date +%s)
	if ! make -C "$bt_tmp$bt_top" -j2 >"$bt_tmp.log" 2>&1; then
		echo "$me: building XTF failed; the end of $bt_tmp.log:" >&2
		tail -n 20 "$bt_tmp.log" | sed 's/^/    /' >&2
		rm -rf "$bt_tmp"
		exit 2
	fi
	echo "$bt_dest$bt_top" >"$bt_tmp/.built"
	if mv "$bt_tmp" "$bt_dest" 2>/dev/null; then
		mv "$bt_tmp.log" "$bt_dest.log"
		echo "$me: built XTF in $(($(date +%s) - bt_start)) s" >&2
	else
		# Another run finished first: use its tree.
		rm -rf "$bt_tmp" "$bt_tmp.log"
	fi
	tree=$(cat "$bt_dest/.built")
}

# resolve_tree SRC: sets $tree to a built XTF tree for SRC.
resolve_tree() {
	if [ -d "$1" ]; then
		if is_built "$1"; then
			tree=$(cd "$1" && pwd)
		elif is_source "$1"; then
			build_tree "$(cd "$1" && pwd)" source "src-$(source_hash "$1")"
		else
			echo "$me: '$1' is neither an XTF built tree (tests/*/info.json and test-hvm* images) nor a source tree" >&2
			exit 2
		fi
	elif [ -f "$1" ]; then
		case $1 in
		*.tar.gz | *.tgz) ;;
		*) echo "$me: '$1' is not a directory or an XTF .tar.gz archive" >&2; exit 2 ;;
		esac
		build_tree "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")" archive \
			"$(sha256sum "$1" | cut -c1-16)"
	else
		echo "$me: XTF '$1' not found (give a built tree, a source tree or an xtf-*.tar.gz)" >&2
		exit 2
	fi
}
