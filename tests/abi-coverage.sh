#!/bin/sh
# Every definition in include/xhvm/xen/ must be pinned to Xen's value in
# the pin files (tests/unit/xen_abi/*.c): each macro in an N(...) or S(...) entry (a
# function-like one may be used anywhere), each structure and typedef in
# a SIZE(...) entry and each member of a structure in an OFFSET(...) one.
# With a guest compiler, also builds each header on its own as 64- and
# 32-bit freestanding C and feeds every numeric macro to the assembler in
# both modes, as the guests and blobs use them.
#
# usage: abi-coverage.sh <include dir> <guest cc, or - for none> <pin files...>
set -eu

inc=$1
cc=$2
shift 2
[ "$cc" = - ] && cc=
dir=$inc/xhvm/xen
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
missing=0

miss() {
	echo "FAIL: $1"
	missing=$((missing + 1))
}

# The test's code without comments or white space, for literal matching.
cat "$@" | sed -e 's://.*$::' | tr '\n' ' ' |
	sed -e 's:/\*\([^*]\|\*[^/]\)*\*/::g' | tr -d ' \t' >"$tmp/test"
pinned() {
	grep -qF -- "$1" "$tmp/test"
}

# Macros: "name" for object-like ones, "name(" for function-like ones.
# The headers' include guards are xhvm's own and need no pin.
sed -n 's/^#define[ \t]\{1,\}\([A-Za-z_][A-Za-z0-9_]*\)\((\{0,1\}\).*/\1\2/p' \
	"$dir"/*.h | grep -v '^XHVM_XEN_[A-Z0-9_]*_H$' >"$tmp/macros"
while read -r m; do
	case $m in
	*\()
		name=${m%(}
		pinned "$name(" || miss "macro $name() is not used in the test"
		;;
	*)
		pinned "N($m," || pinned "S($m," ||
			miss "macro $m has no N() or S() pin"
		;;
	esac
done <"$tmp/macros"

# Typedefs.
sed -n 's/^typedef[^;]*[ \t*]\([A-Za-z_][A-Za-z0-9_]*\);.*/\1/p' "$dir"/*.h \
	>"$tmp/typedefs"
while read -r t; do
	pinned "SIZE($t," || miss "typedef $t has no SIZE() pin"
done <"$tmp/typedefs"

# Structures and their direct members (a nested union or struct counts as
# the member it declares). The headers are clang-formatted, so each
# member sits on a line of its own.
awk '
	/^(struct|union) [A-Za-z_][A-Za-z0-9_]* \{/ {
		tag = $1 " " $2; depth = 1; print "T " tag; next
	}
	depth > 0 {
		line = $0
		gsub(/\/\*.*\*\//, "", line)
		if (line ~ /^[ \t]*(\/\*|\*)/)
			next
		opens = gsub(/\{/, "{", line); closes = gsub(/\}/, "}", line)
		before = depth
		depth += opens - closes
		if (depth == 0)
			next
		if (before == 2 && depth == 1 && line ~ /\}[ \t]*[A-Za-z_]/) {
			sub(/.*\}[ \t]*/, "", line); sub(/[ \t]*;.*/, "", line)
			print "M " tag " " line
			next
		}
		if (before != 1 || opens || line !~ /;/)
			next
		sub(/;.*/, "", line)
		n = split(line, decl, ",")
		for (i = 1; i <= n; i++) {
			d = decl[i]
			sub(/\[.*/, "", d); sub(/[ \t]+$/, "", d)
			sub(/.*[ \t*]/, "", d)
			print "M " tag " " d
		}
	}
' "$dir"/*.h >"$tmp/structs"
while read -r kind k1 k2 member; do
	tag="$k1$k2"
	case $kind in
	T) pinned "SIZE($tag," || miss "$k1 $k2 has no SIZE() pin" ;;
	M) pinned "OFFSET($tag,$member," ||
		miss "$k1 $k2 member $member has no OFFSET() pin" ;;
	esac
done <"$tmp/structs"

echo "checked $(wc -l <"$tmp/macros") macros, $(wc -l <"$tmp/typedefs")" \
	"typedefs, $(grep -c '^T' "$tmp/structs") structures and" \
	"$(grep -c '^M' "$tmp/structs") members against $# pin files"

if [ -n "$cc" ]; then
	for h in "$dir"/*.h; do
		for m in 64 32; do
			"$cc" -m$m -ffreestanding -std=gnu11 -Wall -Wextra \
				-Werror -fsyntax-only -I"$inc" -x c "$h" ||
				miss "$(basename "$h") is not valid ${m}-bit C"
		done
	done
	# Every numeric object-like macro, through the assembler.
	{
		echo '#include "xhvm/xen.h"'
		for f in "$dir"/*.h; do
			sed -n 's/^#define[ \t]\{1,\}\([A-Za-z_][A-Za-z0-9_]*\)[ \t]\{1,\}[^" \t].*/\1/p' "$f"
		done | grep -v '^XHVM_XEN_[A-Z0-9_]*_H$' |
			sed 's/.*/\t.quad &/'
	} >"$tmp/all.S"
	for m in 64 32; do
		"$cc" -m$m -I"$inc" -c "$tmp/all.S" -o "$tmp/all$m.o" ||
			miss "the assembler (${m}-bit) refuses a macro"
	done
	echo "compiled each header as 64- and 32-bit C, and" \
		"$(grep -c quad "$tmp/all.S") macros through the assembler"
fi

if [ "$missing" -ne 0 ]; then
	echo "FAIL: $missing definitions not pinned or not valid"
	exit 1
fi
echo "PASS: every definition in xhvm/xen/ is pinned"
